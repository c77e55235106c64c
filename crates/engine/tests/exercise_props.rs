//! The grader's property checks judge a whole port range and a whole CIDR by trying
//! only the edges where a rule's range or CIDR begins or ends. These properties
//! compare that with trying every port and every address, on small random rule sets.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use proptest::prelude::*;
use sglab_engine::exercise::{grade, Check, Exercise, ExerciseKind, Expect, Ports, Step, Test, FORMAT};
use sglab_engine::ids::*;
use sglab_engine::*;
use std::net::Ipv4Addr;

/// CIDRs inside 10.0.0.0/24, so that brute force over addresses stays small.
fn small_cidr() -> impl Strategy<Value = ipnet::Ipv4Net> {
    (0u8..=255, 26u8..=32)
        .prop_map(|(host, len)| ipnet::Ipv4Net::new(Ipv4Addr::new(10, 0, 0, host), len).unwrap().trunc())
}

fn port_range() -> impl Strategy<Value = PortRange> {
    (0u16..40, 0u16..40).prop_map(|(a, b)| PortRange { from: a.min(b), to: a.max(b) })
}

fn one_check(test: Test) -> Exercise {
    Exercise {
        format: FORMAT.into(),
        id: "prop".into(),
        title: "prop".into(),
        kind: ExerciseKind::Assessment,
        summary: String::new(),
        network: serde_json::Value::Null,
        steps: vec![Step {
            id: "s".into(),
            title: "s".into(),
            instructions: String::new(),
            hints: vec![],
            checks: vec![Check { label: None, weight: 1, hints: vec![], test }],
        }],
    }
}

fn network_with(group_rules: Vec<SgRule>, acl_entries: Vec<NaclEntry>) -> Network {
    let mut net = example::chapter();
    net.security_groups[1].inbound = group_rules;
    net.network_acls[0].inbound = acl_entries;
    net
}

fn ports_text(r: PortRange) -> Ports {
    Ports::Range(format!("{}-{}", r.from, r.to))
}

proptest! {
    #[test]
    fn group_allows_agrees_with_trying_every_port_and_address(
        rules in prop::collection::vec((port_range(), small_cidr()), 0..5),
        asked in port_range(),
        peer in small_cidr(),
    ) {
        let sg_rules: Vec<SgRule> = rules.iter().enumerate().map(|(i, (r, c))| SgRule {
            id: SecurityGroupRuleId::new(format!("sgr-{i:017}")),
            traffic: Traffic::Tcp(*r),
            peer: Peer::Cidr((*c).into()),
            description: None,
        }).collect();
        let net = network_with(sg_rules, vec![]);
        let mut allowed = 0usize;
        let mut tried = 0usize;
        for port in asked.from..=asked.to {
            for address in peer.hosts().chain([peer.network(), peer.broadcast()]) {
                tried += 1;
                if rules.iter().any(|(r, c)| r.contains(port) && c.contains(&address)) {
                    allowed += 1;
                }
            }
        }
        let verdict = |expect| {
            let test = Test::GroupAllows {
                group: "app-server-sg".into(), vpc: None, direction: Direction::Inbound, protocol: "tcp".into(),
                ports: Some(ports_text(asked)), icmp_type: None, icmp_code: None, peer: peer.to_string(), expect,
            };
            grade(&one_check(test), &net).passed()
        };
        prop_assert_eq!(verdict(Expect::Allowed), allowed == tried);
        prop_assert_eq!(verdict(Expect::Denied), allowed == 0);
    }

    #[test]
    fn acl_decides_agrees_with_walking_the_rules_for_every_port_and_address(
        entries in prop::collection::vec((1u16..20, any::<bool>(), port_range(), small_cidr()), 0..5),
        asked in port_range(),
        range in small_cidr(),
    ) {
        let nacl: Vec<NaclEntry> = entries.iter().map(|(n, allow, r, c)| NaclEntry {
            rule_number: *n * 10,
            action: if *allow { RuleAction::Allow } else { RuleAction::Deny },
            traffic: Traffic::Tcp(*r),
            cidr: (*c).into(),
        }).collect();
        let mut ordered = nacl.clone();
        ordered.sort_by_key(|e| e.rule_number);
        let (mut allowed, mut tried) = (0usize, 0usize);
        for port in asked.from..=asked.to {
            for address in range.hosts().chain([range.network(), range.broadcast()]) {
                tried += 1;
                let first = ordered.iter().find(|e| e.cidr.contains(&std::net::IpAddr::V4(address)) && e.traffic.matches(Service::Tcp { port }));
                if first.is_some_and(|e| e.action == RuleAction::Allow) {
                    allowed += 1;
                }
            }
        }
        let net = network_with(vec![], nacl);
        let verdict = |expect| {
            let test = Test::AclDecides {
                acl: Some(example::DEFAULT_ACL_ID.into()), subnet: None, direction: Direction::Inbound, protocol: "tcp".into(),
                ports: Some(ports_text(asked)), icmp_type: None, icmp_code: None, address: range.to_string(), expect,
            };
            grade(&one_check(test), &net).passed()
        };
        prop_assert_eq!(verdict(Expect::Allowed), allowed == tried);
        prop_assert_eq!(verdict(Expect::Denied), allowed == 0);
    }
}
