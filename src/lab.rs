//! The lab as the app holds it — the network, the diagram's layout and the fired
//! connections — and every user operation as one [`Command`] applied by one function,
//! [`Lab::apply`]. Forms, drags, buttons and keyboard shortcuts all go through it, so
//! re-judging connections (and, later, undo and saving) happen in one place.
//!
//! Plain Rust: tested natively, no Leptos here.

use crate::layout::{Layout, NodeKey, Point};
use sglab_engine::connections::ConnectionTable;
use sglab_engine::edit::Applied;
use sglab_engine::{Edit, EditError, Flow, FlowError, Network};

#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub network: Network,
    pub layout: Layout,
    pub connections: ConnectionTable,
}

/// One user operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A change to the network, as the AWS API would make it.
    Edit(Edit),
    /// A node dragged to a new place (one command per drag, not per pointer move).
    MoveNode { node: NodeKey, to: Point },
    /// Fire a connection and keep it in the list.
    Fire(Flow),
    ForgetConnection(usize),
    ClearConnections,
}

/// Why a command was refused. Nothing changed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Edit(#[from] EditError),
    #[error("{0}")]
    Flow(#[from] FlowError),
    /// The lab's signal is gone (the page is being torn down).
    #[error("the lab is not available")]
    Unavailable,
}

/// What a command did, for the UI to follow up (select what was created…).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub applied: Option<Applied>,
    /// The index of a fired connection.
    pub fired: Option<usize>,
}

impl Lab {
    pub fn new(network: Network) -> Lab {
        let layout = Layout::for_network(&network);
        Lab { network, layout, connections: ConnectionTable::new() }
    }

    /// The Security Groups chapter's network.
    pub fn chapter() -> Lab {
        Lab::new(sglab_engine::example::chapter())
    }

    /// Applies one command. A refused command changes nothing.
    pub fn apply(&mut self, command: Command) -> Result<Outcome, CommandError> {
        match command {
            Command::Edit(edit) => {
                let applied = self.network.apply(&edit)?;
                self.layout.sync(&self.network);
                self.connections.rejudge(&self.network);
                Ok(Outcome { applied: Some(applied), fired: None })
            }
            Command::MoveNode { node, to } => {
                self.layout.move_node(&self.network, &node, to);
                Ok(Outcome::default())
            }
            Command::Fire(flow) => {
                let index = self.connections.fire(&self.network, flow)?;
                Ok(Outcome { applied: None, fired: Some(index) })
            }
            Command::ForgetConnection(index) => {
                self.connections.remove(index);
                Ok(Outcome::default())
            }
            Command::ClearConnections => {
                self.connections.clear();
                Ok(Outcome::default())
            }
        }
    }
}
