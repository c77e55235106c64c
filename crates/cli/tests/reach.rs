//! `sglab reach` as a user runs it: the chapter's matrix as a table, one end's sources
//! or destinations, JSON, a large lab as a list, and bad input.
#![expect(clippy::expect_used, clippy::panic, reason = "test helpers: a failed setup should stop the test")]

use sglab_engine::ids::SubnetId;
use sglab_engine::{aws, example, Edit, Network, ResourceKind};
use std::process::{Command, Output};

fn sglab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sglab")).args(args).output().expect("sglab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn reach(rest: &[&str]) -> Output {
    let mut args = vec!["reach", "--example", "chapter"];
    args.extend_from_slice(rest);
    sglab(&args)
}

fn answered(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    assert!(o.stderr.is_empty(), "{}", stderr(o));
    let text = stdout(o);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    text
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn assert_bad_input(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with("sglab: ") && first.contains(needle), "expected `{needle}` in: {err}");
    assert!(err.lines().nth(1).is_some_and(|l| l.contains("sglab reach --help")), "{err}");
}

#[test]
fn the_chapters_matrix_on_https_is_a_table_of_outcomes_and_reasons() {
    let text = answered(&reach(&["-p", "tcp", "--port", "443"]));
    assert!(text.starts_with("TCP 443 between 4 ends: 2 of 12 pairs allowed."), "{text}");
    let row = |n: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{n:>2}  ")))
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>)
    };
    // Rows are sources: the App Server's outbound rules allow only MySQL; the database
    // has no outbound rules; the internet reaches the App Server at its Elastic IP but
    // not the database, which has no public IP.
    assert_eq!(row("1"), Some(vec!["1", "·", "SG", "SG", "SG"]), "{text}");
    assert_eq!(row("2"), Some(vec!["2", "SG0", "·", "SG0", "SG0"]), "{text}");
    assert_eq!(row("3"), Some(vec!["3", "ok", "PRIV", "·", "n/a"]), "{text}");
    assert!(text.contains("   1  App Server         10.1.1.33, public 4.5.6.7  eni-0a1b2c3d4e5f60001"), "{text}");
    assert!(text.contains("SG0   SG_HAS_NO_RULES: "), "{text}");
    assert!(text.contains("PRIV  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: "), "{text}");
    // Only the reasons that occur are explained.
    assert!(!text.contains("SUBNET_ACL_RESTRICTION"), "{text}");
}

#[test]
fn who_can_reach_the_database_on_mysql() {
    let text = answered(&reach(&["-p", "tcp", "--port", "3306", "--who-can-reach", "MySQL database"]));
    assert!(text.starts_with("Who can reach MySQL database (10.1.2.15) on TCP 3306: 1 of 3 sources."), "{text}");
    let allowed = text.split("Allowed:").nth(1).and_then(|t| t.split("Blocked:").next()).unwrap_or_default();
    assert_eq!(allowed.trim(), "App Server (10.1.1.33)", "{text}");
    assert!(
        text.contains(
            "  Web browser (1.2.3.4)\n      IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS at igw-0a1b2c3d4e5f60001\n"
        ),
        "{text}"
    );
    // The same end by address and by interface id.
    for name in ["10.1.2.15", example::DATABASE_ENI_ID, example::DATABASE_ID] {
        assert_eq!(answered(&reach(&["-p", "tcp", "--port", "3306", "--who-can-reach", name])), text, "{name}");
    }
}

#[test]
fn where_the_app_server_can_go() {
    let text = answered(&reach(&["-p", "tcp", "--port", "3306", "--where-can-go", "App Server"]));
    assert!(text.starts_with("Where App Server (10.1.1.33) can go on TCP 3306: 1 of 3 destinations."), "{text}");
    assert!(
        text.contains("Blocked:\n  Web browser (1.2.3.4)\n      ENI_SG_RULES_MISMATCH at eni-0a1b2c3d4e5f60001\n"),
        "{text}"
    );
    let v = json(&reach(&["-p", "tcp", "--port", "3306", "--where-can-go", "App Server", "--json"]));
    assert_eq!(v["where_can_go"]["label"], "App Server");
    let destinations = v["destinations"].as_array().expect("a list");
    assert_eq!(destinations.len(), 3);
    assert_eq!(destinations[0]["end"]["label"], "MySQL database");
    assert_eq!(destinations[0]["allowed"], true);
    assert_eq!(destinations[1]["code"], "ENI_SG_RULES_MISMATCH");
    assert_eq!(destinations[1]["leg"], "request");
    assert_eq!(destinations[1]["component"], example::APP_ENI_ID);
}

#[test]
fn the_matrix_as_json_has_the_ends_and_every_cell() {
    let v = json(&reach(&["-p", "tcp", "--port", "443", "--json"]));
    assert_eq!(v["service"], serde_json::json!({"protocol": "tcp", "port": 443}));
    assert_eq!(v["allowed_pairs"], 2);
    let ends = v["ends"].as_array().expect("ends");
    assert_eq!(ends.len(), 4);
    assert_eq!(ends[0]["interface"], example::APP_ENI_ID);
    assert_eq!(ends[0]["public_ip"], "4.5.6.7");
    assert_eq!(ends[2]["internet_host"], true);
    let cells = &v["cells"];
    assert_eq!(cells[2][0], serde_json::json!({"allowed": true}));
    assert_eq!(
        cells[1][0],
        serde_json::json!({"allowed": false, "code": "SG_HAS_NO_RULES", "leg": "request", "kind": "security_groups_outbound", "component": example::DATABASE_ENI_ID})
    );
    assert_eq!(cells[2][1]["component"], example::IGW_ID);
    // Two internet hosts are not a connection: said so, with the reason.
    assert_eq!(cells[2][3]["allowed"], false);
    assert!(
        cells[2][3]["error"].as_str().is_some_and(|e| e.contains("at least one end must be a network interface")),
        "{}",
        cells[2][3]
    );
}

/// The chapter with 20 more instances in its public subnet (their groups: the VPC's
/// default group, whose members reach each other on everything).
fn large_lab() -> String {
    let mut network: Network = example::chapter();
    for i in 0..20 {
        network
            .apply(&Edit::CreateResource {
                kind: ResourceKind::Ec2,
                name: format!("worker-{i:02}"),
                subnet_id: SubnetId::new(example::PUBLIC_SUBNET_ID),
                security_groups: vec![],
                private_ip: None,
                public_ip: None,
            })
            .expect("a valid instance");
    }
    let path = std::env::temp_dir().join(format!("sglab-reach-large-{}.json", std::process::id()));
    std::fs::write(&path, aws::to_aws_json(&network)).expect("writes");
    path.to_string_lossy().into_owned()
}

#[test]
fn a_large_lab_prints_the_counts_and_the_allowed_pairs() {
    let file = large_lab();
    let text = answered(&sglab(&["reach", "--aws", &file, "-p", "tcp", "--port", "22"]));
    // 24 ends: 24 × 23 ordered pairs; the 20 workers reach each other: 20 × 19.
    assert!(text.starts_with("TCP 22 between 24 ends: 380 of 552 pairs allowed."), "{text}");
    let allowed: Vec<&str> =
        text.split("Allowed pairs (source → destination):\n").nth(1).expect("the list").lines().collect();
    assert_eq!(allowed.len(), 380, "{text}");
    assert!(allowed.iter().all(|l| l.starts_with("  worker-") && l.contains(" → worker-")), "{text}");
    let blocked: Vec<(&str, usize)> = text
        .split("Blocked, by reason:\n")
        .nth(1)
        .expect("the counts")
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap(), words.next().unwrap().parse().unwrap())
        })
        .collect();
    // The database starts nothing: its 23 pairs as a source.
    assert!(blocked.contains(&("SG_HAS_NO_RULES", 23)), "{text}");
    // The workers have no public IP: the internet cannot reach them, they cannot reach it.
    assert!(blocked.contains(&("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", 40)), "{text}");
    assert!(text.contains("\nNot a connection (two internet hosts, or no address of that kind): 2\n"), "{text}");
    let sum: usize = blocked.iter().map(|(_, n)| n).sum();
    assert_eq!(380 + sum + 2, 552, "{text}");
}

#[test]
fn bad_input_exits_2_with_a_message() {
    assert_bad_input(&reach(&["-p", "tcp"]), "needs a destination port");
    assert_bad_input(&reach(&["-p", "icmp", "--port", "8"]), "--port applies to tcp and udp only");
    assert_bad_input(
        &reach(&["-p", "tcp", "--port", "22", "--who-can-reach", "nowhere"]),
        "--who-can-reach: `nowhere` is not an IP address",
    );
    assert_bad_input(
        &reach(&["-p", "tcp", "--port", "22", "--where-can-go", "8.8.8.8"]),
        "`8.8.8.8` is not an interface or a named internet host",
    );
    assert_bad_input(
        &reach(&["-p", "tcp", "--port", "22", "--who-can-reach", "a", "--where-can-go", "b"]),
        "cannot be used with",
    );
    assert_bad_input(&sglab(&["reach", "-p", "tcp", "--port", "22"]), "--aws");
    assert_bad_input(
        &sglab(&["reach", "--aws", "/nonexistent.json", "-p", "tcp", "--port", "22"]),
        "cannot read `/nonexistent.json`",
    );
}
