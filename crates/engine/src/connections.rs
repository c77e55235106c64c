//! Connections the learner has fired, judged again after every change, and what a
//! change does to those already open.
//!
//! AWS's rules (VPC User Guide, "Security group connection tracking"; "Network ACLs"):
//! removing a security group rule does not interrupt a *tracked* connection it had
//! allowed (it lives until it idles out), but cuts an *untracked* one at once; a network
//! ACL is stateless, so a DENY cuts every connection it now matches at once; and a
//! connection whose route or gateway is gone is gone too.

use crate::eval::Evaluator;
use crate::flow::{Flow, FlowError};
use crate::model::Network;
use crate::verdict::{HopKind, LegDirection, ReasonCode, Tracking, Verdict};
use serde::{Deserialize, Serialize};

/// What became of a fired connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Session {
    /// It never got through, so nothing is open.
    NotOpen,
    /// Open, and a new connection would be allowed too.
    Open,
    /// Still open although a new connection would now be refused by a security group:
    /// the group tracks this connection, which lives until it idles out.
    OpenByTracking { explanation: String },
    /// Was open, and a change cut it.
    Cut { code: Option<ReasonCode>, explanation: String },
}

impl Session {
    pub fn is_open(&self) -> bool {
        matches!(self, Session::Open | Session::OpenByTracking { .. })
    }
}

/// One fired connection.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Connection {
    /// The number it is known by (`#1`), kept whatever else is fired, forgotten or cleared.
    pub number: u32,
    pub flow: Flow,
    /// How a new connection with this flow would fare now, or why it can't be judged
    /// (an end was deleted).
    pub verdict: Result<Verdict, FlowError>,
    pub session: Session,
    /// Connection tracking as it was when the connection opened.
    tracking_when_opened: Vec<Tracking>,
}

/// A fired connection as a save or a shared link keeps it: what was fired and what
/// became of it. Its verdict is not kept; it is judged again from the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptConnection {
    /// Its number; saves made before connections had one read as 0 and are numbered in order.
    #[serde(default)]
    pub number: u32,
    pub flow: Flow,
    pub session: Session,
    /// Connection tracking as it was when the connection opened: whether a later rule
    /// change cuts it depends on it.
    #[serde(default)]
    pub tracking_when_opened: Vec<Tracking>,
}

/// The fired connections, in the order they were fired.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConnectionTable {
    connections: Vec<Connection>,
}

impl ConnectionTable {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn connections(&self) -> &[Connection] {
        &self.connections
    }

    /// Fires a connection: judges it and, when allowed, opens it. A connection already
    /// fired with the same flow is fired again in its place, keeping its number; a new
    /// one is numbered `number`, or the first number no connection has. Returns its index.
    pub fn fire(&mut self, network: &Network, flow: Flow, number: Option<u32>) -> Result<usize, FlowError> {
        let verdict = Evaluator::new(network).evaluate(&flow)?;
        let (session, tracking_when_opened) =
            if verdict.allowed { (Session::Open, verdict.tracking.clone()) } else { (Session::NotOpen, Vec::new()) };
        if let Some(index) = self.connections.iter().position(|c| c.flow == flow) {
            let number = self.connections[index].number;
            self.connections[index] = Connection { number, flow, verdict: Ok(verdict), session, tracking_when_opened };
            return Ok(index);
        }
        let number = number.unwrap_or_else(|| self.free_number(&[]));
        self.connections.push(Connection { number, flow, verdict: Ok(verdict), session, tracking_when_opened });
        Ok(self.connections.len() - 1)
    }

    /// The first number from 1 up that no fired connection has and that is not `reserved`.
    pub fn free_number(&self, reserved: &[u32]) -> u32 {
        (1..).find(|n| !reserved.contains(n) && !self.connections.iter().any(|c| c.number == *n)).unwrap_or(1)
    }

    pub fn remove(&mut self, index: usize) -> Option<Connection> {
        (index < self.connections.len()).then(|| self.connections.remove(index))
    }

    pub fn clear(&mut self) {
        self.connections.clear();
    }

    /// The connections as a save keeps them.
    pub fn kept(&self) -> Vec<KeptConnection> {
        self.connections
            .iter()
            .map(|c| KeptConnection {
                number: c.number,
                flow: c.flow.clone(),
                session: c.session.clone(),
                tracking_when_opened: c.tracking_when_opened.clone(),
            })
            .collect()
    }

    /// Connections read back from a save: each keeps the session it had, and its
    /// verdict is judged on `network` (an end that no longer exists gives an error,
    /// not a panic).
    pub fn restore(network: &Network, kept: Vec<KeptConnection>) -> ConnectionTable {
        let evaluator = Evaluator::new(network);
        let connections = kept
            .into_iter()
            .enumerate()
            .map(|(i, k)| Connection {
                number: if k.number == 0 { i as u32 + 1 } else { k.number },
                verdict: evaluator.evaluate(&k.flow),
                flow: k.flow,
                session: k.session,
                tracking_when_opened: k.tracking_when_opened,
            })
            .collect();
        ConnectionTable { connections }
    }

    /// Judges every connection again after a change to the network.
    pub fn rejudge(&mut self, network: &Network) {
        if self.connections.is_empty() {
            // Nothing to judge: the evaluator's index of a large lab is not built.
            return;
        }
        let evaluator = Evaluator::new(network);
        for connection in &mut self.connections {
            let verdict = evaluator.evaluate(&connection.flow);
            connection.session = next_session(connection, &verdict);
            if connection.session == Session::Open && connection.tracking_when_opened.is_empty() {
                if let Ok(v) = &verdict {
                    connection.tracking_when_opened = v.tracking.clone();
                }
            }
            connection.verdict = verdict;
        }
    }
}

fn next_session(connection: &Connection, verdict: &Result<Verdict, FlowError>) -> Session {
    let verdict = match verdict {
        Ok(v) => v,
        Err(e) => {
            return if connection.session.is_open() {
                Session::Cut { code: None, explanation: format!("The connection can no longer exist: {e}.") }
            } else {
                Session::NotOpen
            }
        }
    };
    match &connection.session {
        // A learner re-tries a refused connection as soon as it would get through.
        Session::NotOpen if verdict.allowed => Session::Open,
        Session::NotOpen => Session::NotOpen,
        // A cut connection stays cut: it must be fired again.
        cut @ Session::Cut { .. } => cut.clone(),
        Session::Open | Session::OpenByTracking { .. } if verdict.allowed => Session::Open,
        Session::Open | Session::OpenByTracking { .. } => survive_or_cut(connection, verdict),
    }
}

/// An open connection that a new connection could no longer make: does it live on?
fn survive_or_cut(connection: &Connection, verdict: &Verdict) -> Session {
    let Some(blocked) = &verdict.blocked else {
        return Session::Cut { code: None, explanation: "The connection no longer gets through.".into() };
    };
    let hop = match blocked.leg {
        LegDirection::Request => verdict.request.hops.get(blocked.hop),
        LegDirection::Reply => verdict.reply.as_ref().and_then(|r| r.hops.get(blocked.hop)),
    };
    let by_security_group =
        hop.is_some_and(|h| matches!(h.kind, HopKind::SecurityGroupsInbound | HopKind::SecurityGroupsOutbound));
    if !by_security_group {
        let why = match hop.map(|h| h.kind) {
            Some(HopKind::NetworkAclInbound | HopKind::NetworkAclOutbound) => {
                "Network ACLs are stateless and keep no record of open connections, so the change cuts this one at once"
            }
            _ => "Its path no longer exists, so the connection is cut at once",
        };
        return Session::Cut { code: Some(blocked.code), explanation: format!("{why}: {}", blocked.explanation) };
    }
    let untracked = connection
        .tracking_when_opened
        .iter()
        .find(|t| t.interface.as_str() == blocked.component)
        .is_some_and(|t| !t.tracked);
    if untracked {
        Session::Cut {
            code: Some(blocked.code),
            explanation: format!(
                "This connection was untracked (allowed from anywhere, with all traffic allowed back), so removing the rule that allowed it cut it at once. {}",
                blocked.explanation
            ),
        }
    } else {
        Session::OpenByTracking {
            explanation: format!(
                "A new connection would be refused ({}), but this one stays open: the security group tracks it, and a tracked connection lives until it idles out.",
                blocked.code
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{self, chapter, chapter_connections};
    use crate::model::*;
    use crate::traffic::Traffic;

    fn fired(net: &Network, connection: usize) -> ConnectionTable {
        let mut table = ConnectionTable::new();
        table.fire(net, chapter_connections()[connection].flow.clone(), None).expect("valid flow");
        table
    }

    fn app_group(net: &mut Network) -> &mut SecurityGroup {
        net.security_group_mut(&example::APP_SG_ID.into()).expect("exists")
    }

    #[test]
    fn a_tracked_connection_survives_the_removal_of_its_rule() {
        let mut net = chapter();
        let mut table = fired(&net, 0);
        assert_eq!(table.connections()[0].session, Session::Open);
        app_group(&mut net).inbound.clear();
        table.rejudge(&net);
        let c = &table.connections()[0];
        assert!(matches!(c.session, Session::OpenByTracking { .. }), "{:?}", c.session);
        assert!(!c.verdict.as_ref().expect("judged").allowed);
    }

    #[test]
    fn an_untracked_connection_is_cut_when_its_rule_goes() {
        let mut net = chapter();
        // Outbound all traffic to anywhere makes inbound 443 from 0.0.0.0/0 untracked.
        app_group(&mut net).outbound.push(SgRule {
            id: "sgr-00000000000000aaa".into(),
            traffic: Traffic::All,
            peer: Peer::Cidr("0.0.0.0/0".parse().expect("cidr")),
            description: None,
        });
        let mut table = fired(&net, 0);
        assert!(!table.connections()[0].verdict.as_ref().expect("judged").is_tracked());
        app_group(&mut net).inbound.clear();
        table.rejudge(&net);
        assert!(matches!(table.connections()[0].session, Session::Cut { code: Some(ReasonCode::SgHasNoRules), .. }));
    }

    #[test]
    fn a_network_acl_deny_cuts_even_a_tracked_connection() {
        let mut net = chapter();
        let mut table = fired(&net, 1);
        let acl = net.network_acls.first_mut().expect("default acl");
        acl.inbound.insert(
            0,
            NaclEntry {
                rule_number: 50,
                action: RuleAction::Deny,
                traffic: Traffic::Tcp(crate::traffic::PortRange::single(3306)),
                cidr: "10.1.1.0/24".parse().expect("cidr"),
            },
        );
        table.rejudge(&net);
        assert!(matches!(
            table.connections()[0].session,
            Session::Cut { code: Some(ReasonCode::SubnetAclRestriction), .. }
        ));
    }

    #[test]
    fn a_refused_connection_opens_once_a_rule_allows_it_and_a_cut_one_stays_cut() {
        let mut net = chapter();
        let mut table = fired(&net, 3);
        assert_eq!(table.connections()[0].session, Session::NotOpen);
        let database = net.security_group_mut(&example::DATABASE_SG_ID.into()).expect("exists");
        database.outbound.push(SgRule {
            id: "sgr-00000000000000bbb".into(),
            traffic: Traffic::Tcp(crate::traffic::PortRange::single(443)),
            peer: Peer::Cidr("10.1.1.0/24".parse().expect("cidr")),
            description: None,
        });
        table.rejudge(&net);
        assert_eq!(table.connections()[0].session, Session::Open);

        let mut cut_net = net.clone();
        cut_net.network_acls[0].outbound.clear();
        table.rejudge(&cut_net);
        assert!(matches!(table.connections()[0].session, Session::Cut { .. }));
        table.rejudge(&net);
        assert!(matches!(table.connections()[0].session, Session::Cut { .. }), "a cut connection must be fired again");
    }

    #[test]
    fn kept_connections_come_back_as_they_were() {
        let mut net = chapter();
        let mut table = ConnectionTable::new();
        for c in chapter_connections() {
            table.fire(&net, c.flow, None).expect("valid flow");
        }
        // One survives by tracking, so the kept session is not what a fresh fire gives.
        app_group(&mut net).inbound.clear();
        table.rejudge(&net);
        assert!(table.connections().iter().any(|c| matches!(c.session, Session::OpenByTracking { .. })));
        let text = serde_json::to_string(&table.kept()).expect("serializes");
        let kept: Vec<KeptConnection> = serde_json::from_str(&text).expect("reads back");
        assert_eq!(ConnectionTable::restore(&net, kept), table);
    }

    #[test]
    fn deleting_an_end_cuts_its_connections() {
        let mut net = chapter();
        let mut table = ConnectionTable::new();
        let flow = Flow::new(
            crate::flow::Endpoint::Interface(example::APP_ENI_ID.into()),
            crate::flow::Endpoint::Interface(example::DATABASE_ENI_ID.into()),
            crate::traffic::Service::Tcp { port: 3306 },
        );
        table.fire(&net, flow, None).expect("valid");
        net.network_interfaces.retain(|n| n.id.as_str() != example::DATABASE_ENI_ID);
        table.rejudge(&net);
        assert!(matches!(table.connections()[0].session, Session::Cut { code: None, .. }));
        assert!(table.connections()[0].verdict.is_err());
    }

    #[test]
    fn a_flow_fired_again_is_judged_again_in_its_place_with_its_number() {
        let net = crate::example::chapter();
        let mut table = ConnectionTable::new();
        let flows: Vec<Flow> = chapter_connections().into_iter().map(|c| c.flow).collect();
        table.fire(&net, flows[0].clone(), Some(7)).expect("valid");
        table.fire(&net, flows[1].clone(), None).expect("valid");
        assert_eq!(table.fire(&net, flows[0].clone(), Some(9)).expect("valid"), 0);
        let numbers: Vec<u32> = table.connections().iter().map(|c| c.number).collect();
        assert_eq!(numbers, vec![7, 1]);
        assert_eq!(table.free_number(&[2, 3]), 4);
        // A save from before numbers is numbered in order.
        let kept: Vec<KeptConnection> = table.kept().into_iter().map(|k| KeptConnection { number: 0, ..k }).collect();
        let restored = ConnectionTable::restore(&net, kept);
        assert_eq!(restored.connections().iter().map(|c| c.number).collect::<Vec<_>>(), vec![1, 2]);
    }
}
