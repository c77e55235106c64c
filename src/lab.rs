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
    /// Several changes made as one step (a suggested fix, say): all of them or none.
    Edits(Vec<Edit>),
    /// A whole other lab in place of this one (an import, a shared link, a lesson's
    /// starting network, a reset).
    Replace(Box<Lab>),
    /// A node dragged to a new place (one command per drag, not per pointer move).
    MoveNode { node: NodeKey, to: Point },
    /// Fire a connection and keep it in the list.
    Fire(Flow),
    ForgetConnection(usize),
    ClearConnections,
}

impl Command {
    /// Does this command leave the lab's shape as it was: every VPC, subnet, resource,
    /// interface, host, name, address and place on the diagram? Rule edits and fired
    /// connections do; the diagram's drawing of the network is then not rebuilt.
    pub fn keeps_shape(&self) -> bool {
        match self {
            Command::Edit(edit) => edit.changes_rules_only(),
            Command::Edits(edits) => edits.iter().all(Edit::changes_rules_only),
            Command::Fire(_) | Command::ForgetConnection(_) | Command::ClearConnections => true,
            Command::Replace(_) | Command::MoveNode { .. } => false,
        }
    }
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
        // A rule edit moves nothing: the layout of a large lab is not looked over.
        let keeps_shape = command.keeps_shape();
        match command {
            Command::Edit(edit) => {
                let applied = self.network.apply(&edit)?;
                if !keeps_shape {
                    self.layout.sync(&self.network);
                }
                self.connections.rejudge(&self.network);
                Ok(Outcome { applied: Some(applied), fired: None })
            }
            Command::Edits(edits) => {
                let (next, applied) = sglab_engine::edit::apply_all(&self.network, &edits).map_err(|e| e.error)?;
                let applied = applied.into_iter().last();
                self.network = next;
                if !keeps_shape {
                    self.layout.sync(&self.network);
                }
                self.connections.rejudge(&self.network);
                Ok(Outcome { applied, fired: None })
            }
            Command::Replace(lab) => {
                *self = *lab;
                self.layout.sync(&self.network);
                self.connections.rejudge(&self.network);
                Ok(Outcome::default())
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

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example::{APP_SG_ID, VPC_ID};
    use sglab_engine::ids::{SecurityGroupId, VpcId};

    fn create_group(name: &str) -> Edit {
        Edit::CreateSecurityGroup {
            vpc_id: VpcId::new(VPC_ID),
            name: name.to_string(),
            description: "test".to_string(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn a_rule_edit_moves_nothing_so_the_layout_is_not_looked_over() {
        use sglab_engine::example::DEFAULT_ACL_ID;
        use sglab_engine::ids::NetworkAclId;
        use sglab_engine::model::{NaclEntry, Peer, RuleAction};
        use sglab_engine::traffic::{PortRange, Traffic};
        use sglab_engine::edit::RuleSpec;
        let https = Traffic::Tcp(PortRange::new(443, 443).unwrap());
        let rule = RuleSpec::new(https, Peer::Cidr("203.0.113.0/24".parse().unwrap()));
        let entry = NaclEntry { rule_number: 50, action: RuleAction::Deny, traffic: https, cidr: "198.51.100.0/24".parse().unwrap() };
        let acl_id = NetworkAclId::new(DEFAULT_ACL_ID);
        let edits = [
            Edit::AuthorizeSecurityGroupIngress { group_id: SecurityGroupId::new(APP_SG_ID), rules: vec![rule.clone()] },
            Edit::AuthorizeSecurityGroupEgress { group_id: SecurityGroupId::new(APP_SG_ID), rules: vec![rule] },
            Edit::CreateNetworkAclEntry { acl_id: acl_id.clone(), egress: false, entry: entry.clone() },
            Edit::ReplaceNetworkAclEntry { acl_id: acl_id.clone(), egress: false, entry: NaclEntry { action: RuleAction::Allow, ..entry } },
            Edit::DeleteNetworkAclEntry { acl_id, egress: false, rule_number: 50 },
        ];
        let mut lab = Lab::chapter();
        let drawn = |lab: &Lab| (crate::diagram::info::node_infos(&lab.network), crate::layout::node_keys(&lab.network));
        let before = drawn(&lab);
        for edit in edits {
            let command = Command::Edit(edit);
            assert!(command.keeps_shape(), "{command:?}");
            lab.apply(command).unwrap();
            // What sync would have done after the edit: nothing.
            let mut synced = lab.layout.clone();
            synced.sync(&lab.network);
            assert_eq!(synced, lab.layout);
            // And what the diagram writes beside each node is as it was.
            assert_eq!(drawn(&lab), before);
        }
        assert!(!create_group("three").changes_rules_only());
        assert!(!Command::Edit(create_group("three")).keeps_shape());
    }

    #[test]
    fn edits_apply_together() {
        let mut lab = Lab::chapter();
        let groups = lab.network.security_groups.len();
        lab.apply(Command::Edits(vec![create_group("one"), create_group("two")])).unwrap();
        assert_eq!(lab.network.security_groups.len(), groups + 2);
    }

    #[test]
    fn a_refused_edit_in_a_batch_changes_nothing() {
        let mut lab = Lab::chapter();
        let before = lab.clone();
        let refused = Edit::DeleteSecurityGroup { group_id: SecurityGroupId::new("sg-does-not-exist") };
        let result = lab.apply(Command::Edits(vec![create_group("one"), refused]));
        assert!(matches!(result, Err(CommandError::Edit(_))));
        assert_eq!(lab, before);
    }

    #[test]
    fn replace_rejudges_the_connections_it_brings() {
        let mut lab = Lab::chapter();
        let flow = sglab_engine::example::chapter_connections()[0].flow.clone();
        lab.apply(Command::Fire(flow)).unwrap();
        let mut other = lab.clone();
        // The incoming lab's connection was judged before its web server lost its
        // inbound rules: replacing must judge it again.
        for group in &mut other.network.security_groups {
            if group.id.as_str() == APP_SG_ID {
                group.inbound.clear();
            }
        }
        lab.apply(Command::Replace(Box::new(other.clone()))).unwrap();
        assert_eq!(lab.network, other.network);
        assert_ne!(lab.connections, other.connections);
        let mut expected = other.connections.clone();
        expected.rejudge(&other.network);
        assert_eq!(lab.connections, expected);
    }
}
