//! `sglab fix` as a user runs it: the blockers of the chapter's blocked connections
//! with their fixes, what lets an allowed connection through, JSON, bad input.
#![expect(clippy::expect_used, reason = "test helpers: a failed setup should stop the test")]

use sglab_engine::{example, Edit, Flow};
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

fn fix(from: &str, to: &str, rest: &[&str]) -> Output {
    let mut args = vec!["fix", "--example", "chapter", "--from", from, "--to", to];
    args.extend_from_slice(rest);
    sglab(&args)
}

fn answered(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    let text = stdout(o);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    text
}

#[test]
fn connection_4_gets_one_blocker_and_its_fix() {
    let text = answered(&fix("10.1.2.15", "10.1.1.33", &["-p", "tcp", "--port", "443"]));
    assert!(text.starts_with("Blocked: MySQL database (10.1.2.15) → App Server (10.1.1.33), TCP 443."), "{text}");
    assert!(text.contains("One component on its path blocks it:"), "{text}");
    assert!(text.contains("  1. Security groups (outbound) of eni-0a1b2c3d4e5f60002 at SG_HAS_NO_RULES"), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Fix: Add outbound rule TCP 443 to sg-0a1b2c3d4e5f60002 (app-server-sg) in sg-0a1b2c3d4e5f60003 (database-sg)"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("With this change, it is allowed."), "{text}");
}

#[test]
fn a_connection_with_a_blocker_no_edit_can_fix_says_what_to_do_by_hand() {
    let text = answered(&fix("MySQL database", "Suspicious server", &["-p", "tcp", "--port", "443"]));
    assert!(text.contains("3 components on its path block it:"), "{text}");
    assert!(text.contains("Route table rtb-0a1b2c3d4e5f60001 at NO_ROUTE_TO_DESTINATION"), "{text}");
    assert!(text.contains("By hand: "), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Associate an Elastic IP with eni-0a1b2c3d4e5f60002"), "{text}");
    assert!(
        flat.ends_with("With the changes above it gets further, but the last component needs a change by hand."),
        "{text}"
    );
}

#[test]
fn the_json_edits_applied_make_the_connection_allowed() {
    let out = sglab(&[
        "fix",
        "--example",
        "chapter",
        "--from",
        "10.1.1.33",
        "--to",
        "203.0.113.66",
        "-p",
        "tcp",
        "--port",
        "443",
        "--json",
    ]);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    assert_eq!(v["allowed"], false);
    assert_eq!(v["allowed_after"], true);
    assert_eq!(v["blockers"][0]["code"], "ENI_SG_RULES_MISMATCH");
    // The edits are the engine's, as the app applies them.
    let edits: Vec<Edit> = serde_json::from_value(v["edits"].clone()).expect("edits");
    let mut network = example::chapter();
    for edit in &edits {
        network.apply(edit).expect("applies");
    }
    let flow: Flow = serde_json::from_value(serde_json::json!({
        "source": {"address": "10.1.1.33"}, "destination": {"address": "203.0.113.66"},
        "service": {"protocol": "tcp", "port": 443}, "source_port": 50000
    }))
    .expect("a flow");
    assert!(sglab_engine::evaluate(&network, &flow).expect("valid").allowed);
}

#[test]
fn an_allowed_connection_shows_what_lets_it_through_and_what_would_block_it() {
    let text = answered(&fix("Web browser", "App Server", &["-p", "tcp", "--port", "443"]));
    assert!(text.starts_with("Allowed: "), "{text}");
    assert!(text.contains("What lets it through:"), "{text}");
    assert!(text.contains("Security groups (inbound) of eni-0a1b2c3d4e5f60001 (request leg)"), "{text}");
    assert!(text.contains("What would block it (each change alone):"), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("- Remove inbound rule TCP 443 from 0.0.0.0/0 in sg-0a1b2c3d4e5f60002 (app-server-sg)"),
        "{text}"
    );
    let json = sglab(&[
        "fix",
        "--example",
        "chapter",
        "--from",
        "1.2.3.4",
        "--to",
        "4.5.6.7",
        "-p",
        "tcp",
        "--port",
        "443",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["allowed"], true);
    assert!(v["blocks"].as_array().is_some_and(|b| !b.is_empty()));
}

#[test]
fn bad_input_exits_2() {
    let out = fix("nowhere", "10.1.1.33", &["-p", "tcp", "--port", "443"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("sglab: --from: `nowhere` is not an IP address"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Try 'sglab fix --help'"), "{}", stderr(&out));
    let out = fix("1.2.3.4", "4.5.6.7", &["-p", "tcp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs a destination port"), "{}", stderr(&out));
}
