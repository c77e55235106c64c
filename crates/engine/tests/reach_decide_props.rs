//! `Evaluator::decide` (the decision without texts, for matrices) against
//! `Evaluator::evaluate` on random networks: the same outcome, and for a blocked flow
//! the same reason, leg, hop kind and component; the same errors.
//!
//! Flows: those the generator draws, plus every ordered pair of the lab's ends
//! (interfaces by id, their addresses, internet hosts) on several services, so that
//! every path the matrix asks about is compared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use sglab_engine::verdict::LegDirection;
use sglab_engine::*;
use std::net::IpAddr;
use support::random_labs::{build, lab};

const SERVICES: &[Service] = &[
    Service::Tcp { port: 443 },
    Service::Tcp { port: 22 },
    Service::Udp { port: 53 },
    Service::Icmp { icmp_type: 8, code: 0 },
    Service::Icmpv6 { icmp_type: 128, code: 0 },
    Service::Other(47),
    Service::All,
];

/// What the two answers must agree on.
#[derive(Debug, PartialEq)]
enum Seen {
    Allowed,
    Blocked { code: ReasonCode, leg: LegDirection, kind: HopKind, component: String },
    Refused(FlowError),
}

fn by_evaluate(evaluator: &Evaluator, flow: &Flow) -> Seen {
    match evaluator.evaluate(flow) {
        Err(e) => Seen::Refused(e),
        Ok(v) if v.allowed => Seen::Allowed,
        Ok(v) => {
            let b = v.blocked.expect("a blocked verdict says where");
            let leg = if b.leg == LegDirection::Request {
                &v.request
            } else {
                v.reply.as_ref().expect("blocked on the reply")
            };
            Seen::Blocked { code: b.code, leg: b.leg, kind: leg.hops[b.hop].kind, component: b.component }
        }
    }
}

fn by_decide(evaluator: &Evaluator, flow: &Flow) -> Seen {
    match evaluator.decide(flow) {
        Err(e) => Seen::Refused(e),
        Ok(d) if d.allowed => {
            assert!(d.blocked.is_none(), "an allowed decision names no blocking hop");
            Seen::Allowed
        }
        Ok(d) => {
            let at = d.blocked.expect("a blocked decision says where");
            Seen::Blocked { code: at.code, leg: at.leg, kind: at.kind, component: evaluator.component_id(at.component) }
        }
    }
}

/// Every end a matrix or a user might name.
fn ends(network: &Network) -> Vec<Endpoint> {
    let mut ends = Vec::new();
    for n in &network.network_interfaces {
        ends.push(Endpoint::Interface(n.id.clone()));
        for p in &n.private_ips {
            ends.push(Endpoint::Address(IpAddr::V4(p.address)));
            if let Some(public) = p.public_ip {
                ends.push(Endpoint::Address(IpAddr::V4(public)));
            }
        }
        ends.extend(n.ipv6_addresses.iter().map(|a| Endpoint::Address(IpAddr::V6(*a))));
    }
    ends.extend(network.resources.iter().map(|r| Endpoint::Resource(r.id.clone())));
    ends.extend(network.internet_hosts.iter().map(|h| Endpoint::Address(h.address)));
    ends.push(Endpoint::Address("169.254.169.254".parse().unwrap()));
    ends.push(Endpoint::Address("10.0.1.99".parse().unwrap()));
    ends
}

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(0xdec1de), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn decide_agrees_with_evaluate(spec in lab()) {
        let lab = build(&spec);
        let evaluator = Evaluator::new(&lab.network);
        let ends = ends(&lab.network);
        let mut flows = lab.flows.clone();
        for (i, service) in SERVICES.iter().enumerate() {
            for source in &ends {
                for destination in &ends {
                    let mut flow = Flow::new(source.clone(), destination.clone(), *service);
                    // Now and then a client port outside the ephemeral ranges.
                    if i % 3 == 2 {
                        flow.source_port = 1023;
                    }
                    flows.push(flow);
                }
            }
        }
        for flow in &flows {
            let expected = by_evaluate(&evaluator, flow);
            let actual = by_decide(&evaluator, flow);
            prop_assert!(
                actual == expected,
                "flow {:?}\nevaluate: {:?}\ndecide:   {:?}\nnetwork: {}",
                flow, expected, actual, serde_json::to_string(&lab.network).unwrap()
            );
            prop_assert_eq!(evaluator.is_allowed(flow).ok(), evaluator.evaluate(flow).ok().map(|v| v.allowed));
        }
    }
}

#[test]
fn the_chapters_connections_decide_as_evaluated() {
    let net = example::chapter();
    let evaluator = Evaluator::new(&net);
    for c in example::chapter_connections() {
        assert_eq!(by_decide(&evaluator, &c.flow), by_evaluate(&evaluator, &c.flow), "connection {}", c.number);
        assert_eq!(evaluator.is_allowed(&c.flow), Ok(c.chapter_says_allowed));
    }
}
