//! The reachability matrix equals a pairwise `evaluate` on random networks: every
//! cell, its outcome, and for a blocked one the reason, leg, hop kind and component.
//!
//! The matrix decides one pair per class of alike interfaces; so that classes have
//! several members (and so that a /32 rule splits one), every random lab gets a twin
//! of each interface: same subnet and groups, another address and public IP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use sglab_engine::ids::NetworkInterfaceId;
use sglab_engine::reach::ReachMatrix;
use sglab_engine::verdict::LegDirection;
use sglab_engine::*;
use std::net::Ipv4Addr;
use support::random_labs::{build, lab};

const SERVICES: &[Service] = &[
    Service::Tcp { port: 443 },
    Service::Tcp { port: 22 },
    Service::Udp { port: 53 },
    Service::Icmp { icmp_type: 8, code: 0 },
    Service::Icmpv6 { icmp_type: 128, code: 0 },
    Service::All,
];

#[derive(Debug, PartialEq)]
enum Seen {
    Allowed,
    Blocked {
        code: ReasonCode,
        leg: LegDirection,
        kind: HopKind,
        component: String,
    },
    /// The kind of error: its text names the addresses of the pair the matrix decided
    /// its class on.
    Refused(std::mem::Discriminant<FlowError>),
}

fn by_evaluate(evaluator: &Evaluator, flow: &Flow) -> Seen {
    match evaluator.evaluate(flow) {
        Err(e) => Seen::Refused(std::mem::discriminant(&e)),
        Ok(v) if v.allowed => Seen::Allowed,
        Ok(v) => {
            let b = v.blocked.expect("blocked");
            let leg = if b.leg == LegDirection::Request { &v.request } else { v.reply.as_ref().expect("reply") };
            Seen::Blocked { code: b.code, leg: b.leg, kind: leg.hops[b.hop].kind, component: b.component }
        }
    }
}

fn by_matrix(network: &Network, matrix: &ReachMatrix, from: usize, to: usize) -> Seen {
    match matrix.outcome(from, to).expect("inside the matrix") {
        Err(e) => Seen::Refused(std::mem::discriminant(e)),
        Ok(d) if d.allowed => Seen::Allowed,
        Ok(_) => {
            let (at, component) = matrix.blocked_at(from, to).expect("a blocked cell says where");
            Seen::Blocked {
                code: at.code,
                leg: at.leg,
                kind: at.kind,
                component: ReachMatrix::component_id(network, component),
            }
        }
    }
}

/// Adds a twin of every interface: same subnet and groups, address +100.
fn with_twins(mut network: Network) -> Network {
    let twins: Vec<NetworkInterface> = network
        .network_interfaces
        .iter()
        .map(|n| {
            let mut twin = n.clone();
            twin.id = NetworkInterfaceId::new(format!("{}t", n.id));
            twin.resource_id = None;
            for p in &mut twin.private_ips {
                let [a, b, c, d] = p.address.octets();
                p.address = Ipv4Addr::new(a, b, c, d.wrapping_add(100));
                p.public_ip = p.public_ip.map(|q| {
                    let [a, b, c, d] = q.octets();
                    Ipv4Addr::new(a, b, c, d.wrapping_add(100))
                });
            }
            twin
        })
        .collect();
    network.network_interfaces.extend(twins);
    network
}

fn check(network: &Network) -> Result<(), TestCaseError> {
    // One evaluator for every pair: `evaluate` is the same walk, built anew per flow.
    let evaluator = Evaluator::new(network);
    for service in SERVICES {
        let matrix = ReachMatrix::build(network, *service);
        prop_assert_eq!(matrix.len(), network.network_interfaces.len() + network.internet_hosts.len());
        for from in 0..matrix.len() {
            for to in 0..matrix.len() {
                let flow = matrix.flow(from, to).unwrap();
                let expected = by_evaluate(&evaluator, &flow);
                let actual = by_matrix(network, &matrix, from, to);
                prop_assert!(
                    actual == expected,
                    "cell {} → {} ({:?})\nevaluate: {:?}\nmatrix:   {:?}\nnetwork: {}",
                    matrix.ends[from].label,
                    matrix.ends[to].label,
                    flow,
                    expected,
                    actual,
                    if network.network_interfaces.len() <= 20 {
                        serde_json::to_string(network).unwrap()
                    } else {
                        "(large)".into()
                    }
                );
                prop_assert_eq!(matrix.allowed(from, to), expected == Seen::Allowed);
                // Why a pair is not a connection, in its own words.
                prop_assert_eq!(matrix.not_a_connection(&evaluator, from, to), evaluator.evaluate(&flow).err());
            }
            // Every other end can, or cannot, and not both.
            let (can, cannot) = (matrix.who_can_reach(from), matrix.who_cannot_reach(from));
            prop_assert_eq!(can.len() + cannot.len(), matrix.len() - 1);
            prop_assert!(cannot.iter().all(|&other| other != from && !matrix.allowed(other, from)));
            let (goes, does_not) = (matrix.where_can_go(from), matrix.where_cannot_go(from));
            prop_assert_eq!(goes.len() + does_not.len(), matrix.len() - 1);
            prop_assert!(does_not.iter().all(|&other| other != from && !matrix.allowed(from, other)));
        }
    }
    Ok(())
}

/// The counts per outcome equal reading every cell, for the whole matrix and for
/// subsets of rows and columns (with repeats, as a filter never gives but a caller may).
fn check_counts(matrix: &ReachMatrix, rows: &[usize], columns: &[usize]) -> Result<(), TestCaseError> {
    let mut by_cells: Vec<(String, usize)> = Vec::new();
    for &from in rows {
        for &to in columns {
            if from == to {
                continue;
            }
            let key = format!("{:?}", matrix.outcome(from, to).unwrap());
            match by_cells.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => by_cells.push((key, 1)),
            }
        }
    }
    let mut counted: Vec<(String, usize)> =
        matrix.outcome_counts(rows, columns).into_iter().map(|(o, n)| (format!("{o:?}"), n)).collect();
    by_cells.sort();
    counted.sort();
    prop_assert_eq!(counted, by_cells);
    Ok(())
}

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(0x3a7c1), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn matrix_equals_pairwise_evaluate(spec in lab()) {
        check(&with_twins(build(&spec).network))?;
    }

    #[test]
    fn counts_per_outcome_equal_reading_every_cell(spec in lab(), picks in proptest::collection::vec(0usize..64, 0..24)) {
        let network = with_twins(build(&spec).network);
        let matrix = ReachMatrix::build(&network, Service::Tcp { port: 443 });
        let all: Vec<usize> = (0..matrix.len()).collect();
        check_counts(&matrix, &all, &all)?;
        let n = matrix.len().max(1);
        let rows: Vec<usize> = picks.iter().map(|p| p % n).filter(|&p| p < matrix.len()).collect();
        let columns: Vec<usize> = picks.iter().rev().step_by(2).map(|p| (p * 7) % n).filter(|&p| p < matrix.len()).collect();
        check_counts(&matrix, &rows, &all)?;
        check_counts(&matrix, &rows, &columns)?;
    }
}

#[test]
fn the_chapters_matrix_shows_its_four_connections() {
    let net = example::chapter();
    let https = ReachMatrix::build(&net, Service::Tcp { port: 443 });
    let end = |name: &str| https.find(&net, name).expect(name);
    let (browser, app, database, suspicious) =
        (end("Web browser"), end("App Server"), end("MySQL database"), end("Suspicious server"));
    assert!(https.allowed(browser, app), "connection 1");
    assert!(!https.allowed(app, suspicious), "connection 3");
    assert!(!https.allowed(database, app), "connection 4");
    let (at, component) = https.blocked_at(database, app).expect("connection 4 is blocked");
    assert_eq!(at.code, ReasonCode::SgHasNoRules);
    assert_eq!(ReachMatrix::component_id(&net, component), example::DATABASE_ENI_ID);
    let mysql = ReachMatrix::build(&net, Service::Tcp { port: 3306 });
    assert!(mysql.allowed(app, database), "connection 2");
    // 443 is open to 0.0.0.0/0: every internet host reaches the App Server, the suspicious one too.
    assert_eq!(https.who_can_reach(app), vec![browser, suspicious]);
    assert_eq!(https.who_cannot_reach(app), vec![database]);
    assert_eq!(mysql.where_can_go(app), vec![database]);
    assert_eq!(mysql.where_cannot_go(app), vec![browser, suspicious]);
    // Two internet hosts are not a connection; the reason names them.
    let evaluator = Evaluator::new(&net);
    let why = https.not_a_connection(&evaluator, suspicious, browser).expect("two hosts").to_string();
    assert!(why.starts_with("neither `203.0.113.66` nor `1.2.3.4` is in the lab"), "{why}");
    assert_eq!(https.not_a_connection(&evaluator, database, app), None);
}

#[test]
fn a_pair_that_is_not_a_connection_is_told_in_its_own_words() {
    // Two alike interfaces are one class; ICMPv6 to their IPv4 addresses is refused,
    // and each refusal names its own destination.
    let mut net = example::chapter();
    let mut copy = net.network_interfaces[0].clone();
    copy.id = NetworkInterfaceId::new("eni-0copy0000000000001");
    copy.resource_id = None;
    copy.private_ips[0].address = Ipv4Addr::new(10, 1, 1, 34);
    copy.private_ips[0].public_ip = Some(Ipv4Addr::new(4, 5, 6, 8));
    net.network_interfaces.push(copy);
    let matrix = ReachMatrix::build(&net, Service::Icmpv6 { icmp_type: 128, code: 0 });
    let evaluator = Evaluator::new(&net);
    let database = matrix.find(&net, "MySQL database").unwrap();
    for (name, address) in [("App Server", "10.1.1.33"), ("10.1.1.34", "10.1.1.34")] {
        let to = matrix.find(&net, name).unwrap();
        let why = matrix.not_a_connection(&evaluator, database, to).expect("ICMPv6 to IPv4").to_string();
        assert!(why.contains(&format!("`{address}`")), "{name}: {why}");
    }
}

#[test]
fn a_hundred_alike_interfaces_are_one_class_and_still_exact() {
    // 100 copies of the App Server in its subnet: one class, every pair equal to evaluate.
    let mut net = example::chapter();
    let app = net.network_interfaces[0].clone();
    for k in 0..100u8 {
        let mut copy = app.clone();
        copy.id = NetworkInterfaceId::new(format!("eni-copy{k:013}"));
        copy.resource_id = None;
        copy.private_ips[0].address = Ipv4Addr::new(10, 1, 1, 100 + k);
        copy.private_ips[0].public_ip = Some(Ipv4Addr::new(4, 5, 7, k));
        net.network_interfaces.push(copy);
    }
    check(&net).unwrap();
}
