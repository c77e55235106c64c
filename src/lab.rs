//! The lab as the app holds it — the network, the diagram's layout, the fired
//! connections and the record of every firing — and every user operation as one [`Command`] applied by one function,
//! [`Lab::apply`]. Forms, drags, buttons and keyboard shortcuts all go through it, so
//! re-judging connections (and, later, undo and saving) happen in one place.
//!
//! Plain Rust: tested natively, no Leptos here.

use crate::layout::{Layout, NodeKey, Point};
use serde::{Deserialize, Serialize};
use sglab_engine::connections::ConnectionTable;
use sglab_engine::edit::Applied;
use sglab_engine::exercise::FiredConnection;
use sglab_engine::{Edit, EditError, Flow, FlowError, Network};

#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub network: Network,
    pub layout: Layout,
    pub connections: ConnectionTable,
    /// Every firing, oldest first, with the verdict it got then: what a lesson's step
    /// that asks to fire a connection is checked against. Unlike `connections` (what
    /// the diagram shows now), forgetting or clearing a connection takes nothing from
    /// it; undo does, as it takes back any command.
    pub fired: Vec<FiredEvent>,
}

/// One firing of a connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiredEvent {
    /// Its place among the lab's firings, counted from 0: a lesson remembers the
    /// sequence at which a step began and looks only at the firings from there.
    pub sequence: u64,
    /// The number the connection was known by (`#4`).
    pub number: u32,
    pub flow: Flow,
    /// Whether it was allowed when it was fired.
    pub allowed: bool,
}

/// How many firings the lab remembers: far more than a lesson's step asks for, few
/// enough that the save and the share link stay small.
pub const FIRINGS_KEPT: usize = 200;

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
    MoveNode {
        node: NodeKey,
        to: Point,
    },
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
        Lab { network, layout, connections: ConnectionTable::new(), fired: Vec::new() }
    }

    /// The sequence the next firing gets.
    pub fn next_firing(&self) -> u64 {
        self.fired.last().map_or(0, |e| e.sequence + 1)
    }

    /// The firings from `sequence` on, oldest first, as the engine grades them.
    pub fn fired_since(&self, sequence: u64) -> Vec<FiredConnection> {
        self.fired
            .iter()
            .filter(|e| e.sequence >= sequence)
            .map(|e| FiredConnection { flow: e.flow.clone(), allowed: e.allowed })
            .collect()
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
                let number = self.number_for(&flow);
                let index = self.connections.fire(&self.network, flow.clone(), Some(number))?;
                let allowed = self.connections.connections().get(index).is_some_and(|c| match &c.verdict {
                    Ok(verdict) => verdict.allowed,
                    Err(_) => false,
                });
                let sequence = self.next_firing();
                self.fired.push(FiredEvent { sequence, number, flow, allowed });
                if self.fired.len() > FIRINGS_KEPT {
                    self.fired.remove(0);
                }
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

impl Lab {
    /// The number a newly fired connection is known by: on the chapter's network its four
    /// connections are always #1 to #4, whatever else is fired or cleared, and any other
    /// connection takes the first number free beside them.
    fn number_for(&self, flow: &sglab_engine::Flow) -> u32 {
        if !is_chapter_network(&self.network) {
            return self.connections.free_number(&[]);
        }
        let chapter = sglab_engine::example::chapter_connections();
        match chapter.iter().find(|c| c.flow == *flow) {
            Some(c) => c.number as u32,
            None => self.connections.free_number(&chapter.iter().map(|c| c.number as u32).collect::<Vec<_>>()),
        }
    }
}

/// Is this the chapter's network (its VPC and its two interfaces), where the chapter's
/// four connections have their cards and their numbers?
pub fn is_chapter_network(network: &sglab_engine::Network) -> bool {
    use sglab_engine::example::{APP_ENI_ID, DATABASE_ENI_ID, VPC_ID};
    network.vpcs.iter().any(|v| v.id.as_str() == VPC_ID)
        && [APP_ENI_ID, DATABASE_ENI_ID]
            .iter()
            .all(|id| network.network_interfaces.iter().any(|n| n.id.as_str() == *id))
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
        use sglab_engine::edit::RuleSpec;
        use sglab_engine::example::DEFAULT_ACL_ID;
        use sglab_engine::ids::NetworkAclId;
        use sglab_engine::model::{NaclEntry, Peer, RuleAction};
        use sglab_engine::traffic::{PortRange, Traffic};
        let https = Traffic::Tcp(PortRange::new(443, 443).unwrap());
        let rule = RuleSpec::new(https, Peer::Cidr("203.0.113.0/24".parse().unwrap()));
        let entry = NaclEntry {
            rule_number: 50,
            action: RuleAction::Deny,
            traffic: https,
            cidr: "198.51.100.0/24".parse().unwrap(),
        };
        let acl_id = NetworkAclId::new(DEFAULT_ACL_ID);
        let edits = [
            Edit::AuthorizeSecurityGroupIngress {
                group_id: SecurityGroupId::new(APP_SG_ID),
                rules: vec![rule.clone()],
            },
            Edit::AuthorizeSecurityGroupEgress { group_id: SecurityGroupId::new(APP_SG_ID), rules: vec![rule] },
            Edit::CreateNetworkAclEntry { acl_id: acl_id.clone(), egress: false, entry: entry.clone() },
            Edit::ReplaceNetworkAclEntry {
                acl_id: acl_id.clone(),
                egress: false,
                entry: NaclEntry { action: RuleAction::Allow, ..entry },
            },
            Edit::DeleteNetworkAclEntry { acl_id, egress: false, rule_number: 50 },
        ];
        let mut lab = Lab::chapter();
        let drawn =
            |lab: &Lab| (crate::diagram::info::node_infos(&lab.network), crate::layout::node_keys(&lab.network));
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

    fn numbers(lab: &Lab) -> Vec<u32> {
        lab.connections.connections().iter().map(|c| c.number).collect()
    }

    #[test]
    fn the_chapters_connections_keep_their_numbers_whatever_else_is_fired_or_cleared() {
        let chapter = sglab_engine::example::chapter_connections();
        let mut lab = Lab::chapter();
        let other = sglab_engine::Flow::new(
            sglab_engine::Endpoint::Address("8.8.8.8".parse().unwrap()),
            sglab_engine::Endpoint::Address(sglab_engine::example::APP_ELASTIC_IP.into()),
            sglab_engine::Service::Tcp { port: 22 },
        );
        lab.apply(Command::Fire(other.clone())).unwrap();
        lab.apply(Command::Fire(chapter[1].flow.clone())).unwrap();
        assert_eq!(numbers(&lab), vec![5, 2]);
        lab.apply(Command::ClearConnections).unwrap();
        lab.apply(Command::Fire(chapter[1].flow.clone())).unwrap();
        lab.apply(Command::Fire(chapter[3].flow.clone())).unwrap();
        lab.apply(Command::Fire(other)).unwrap();
        assert_eq!(numbers(&lab), vec![2, 4, 5]);
        // Forgetting one frees its number for the next new one; the others keep theirs.
        lab.apply(Command::ForgetConnection(1)).unwrap();
        assert_eq!(numbers(&lab), vec![2, 5]);
    }

    #[test]
    fn firing_a_drawn_connection_again_replaces_it_in_place() {
        let chapter = sglab_engine::example::chapter_connections();
        let mut lab = Lab::chapter();
        for c in &chapter {
            lab.apply(Command::Fire(c.flow.clone())).unwrap();
        }
        let again = lab.apply(Command::Fire(chapter[1].flow.clone())).unwrap();
        assert_eq!(again.fired, Some(1));
        assert_eq!(numbers(&lab), vec![1, 2, 3, 4]);
    }

    #[test]
    fn every_firing_is_recorded_with_its_verdict_and_outlives_clearing_the_list() {
        let chapter = sglab_engine::example::chapter_connections();
        let mut lab = Lab::chapter();
        assert_eq!(lab.next_firing(), 0);
        for c in &chapter {
            lab.apply(Command::Fire(c.flow.clone())).unwrap();
        }
        lab.apply(Command::Fire(chapter[3].flow.clone())).unwrap();
        let recorded: Vec<(u64, u32, bool)> = lab.fired.iter().map(|e| (e.sequence, e.number, e.allowed)).collect();
        assert_eq!(recorded, [(0, 1, true), (1, 2, true), (2, 3, false), (3, 4, false), (4, 4, false)]);
        // The list of connections is cleared; what was fired stays fired.
        lab.apply(Command::ClearConnections).unwrap();
        assert_eq!(lab.fired.len(), 5);
        let since = lab.fired_since(3);
        assert_eq!(since.len(), 2);
        assert!(since.iter().all(|f| f.flow == chapter[3].flow && !f.allowed));
        // An edit records nothing.
        lab.apply(Command::Edit(create_group("one"))).unwrap();
        assert_eq!(lab.next_firing(), 5);
    }

    #[test]
    fn a_refused_firing_records_nothing_and_the_record_keeps_its_latest() {
        let mut lab = Lab::chapter();
        let nowhere = sglab_engine::Flow::new(
            sglab_engine::Endpoint::Address("10.1.9.9".parse().unwrap()),
            sglab_engine::Endpoint::Address("10.1.1.33".parse().unwrap()),
            sglab_engine::Service::Tcp { port: 22 },
        );
        assert!(lab.apply(Command::Fire(nowhere)).is_err());
        assert!(lab.fired.is_empty());
        let flow = sglab_engine::example::chapter_connections()[0].flow.clone();
        for _ in 0..FIRINGS_KEPT + 3 {
            lab.apply(Command::Fire(flow.clone())).unwrap();
        }
        assert_eq!(lab.fired.len(), FIRINGS_KEPT);
        assert_eq!(lab.fired[0].sequence, 3);
        assert_eq!(lab.next_firing(), (FIRINGS_KEPT + 3) as u64);
    }

    #[test]
    fn away_from_the_chapter_connections_are_numbered_from_one() {
        let chapter = sglab_engine::example::chapter_connections();
        let mut lab = Lab::chapter();
        // Without the database it is no longer the chapter's network.
        lab.network.network_interfaces.retain(|n| n.id.as_str() != sglab_engine::example::DATABASE_ENI_ID);
        assert!(!is_chapter_network(&lab.network));
        lab.apply(Command::Fire(chapter[2].flow.clone())).unwrap();
        lab.apply(Command::Fire(chapter[0].flow.clone())).unwrap();
        assert_eq!(numbers(&lab), vec![1, 2]);
    }
}
