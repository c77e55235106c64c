//! `sglab grade` as a teacher runs it over students' exported labs: the score, each
//! failed check with what is wrong, and an exit status a batch script can use.
#![expect(clippy::expect_used, clippy::unwrap_used, reason = "test helpers: a failed setup should stop the test")]

use sglab_engine::edit::RuleSpec;
use sglab_engine::exercise::Exercise;
use sglab_engine::{aws, Direction, Edit, Network, Peer, PortRange, Traffic};
use std::path::PathBuf;
use std::process::{Command, Output};

const CHALLENGE: &str = "challenges/1-web-not-ssh.json";

fn lesson_path(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons").join(name).to_string_lossy().into_owned()
}

fn sglab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sglab")).args(args).output().expect("sglab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn start() -> Network {
    let text = std::fs::read_to_string(lesson_path(CHALLENGE)).unwrap();
    Exercise::from_json(&text).unwrap().start_network().unwrap()
}

/// The student's lab exported as AWS JSON, in a file of its own.
fn lab_file(name: &str, network: &Network) -> String {
    let path = std::env::temp_dir().join(format!("sglab-grade-{}-{name}.json", std::process::id()));
    std::fs::write(&path, aws::to_aws_json(network)).unwrap();
    path.to_string_lossy().into_owned()
}

fn web_sg(net: &Network) -> sglab_engine::ids::SecurityGroupId {
    net.security_groups.iter().find(|g| g.name == "web-sg").unwrap().id.clone()
}

fn tcp(from: u16, to: u16, cidr: &str) -> RuleSpec {
    RuleSpec::new(Traffic::Tcp(PortRange { from, to }), Peer::Cidr(cidr.parse().unwrap()))
}

fn solved(rules: Vec<RuleSpec>) -> Network {
    let mut net = start();
    let group_id = web_sg(&net);
    let old: Vec<_> = net.security_group(&group_id).unwrap().rules(Direction::Inbound).iter().map(|r| r.id.clone()).collect();
    net.apply(&Edit::RevokeSecurityGroupIngress { group_id: group_id.clone(), rule_ids: old }).unwrap();
    net.apply(&Edit::AuthorizeSecurityGroupIngress { group_id, rules }).unwrap();
    net
}

#[test]
fn a_correct_lab_scores_full_marks_and_exits_0() {
    let lab = lab_file("correct", &solved(vec![tcp(443, 443, "0.0.0.0/0"), tcp(80, 80, "0.0.0.0/0"), tcp(22, 22, "198.51.100.10/32")]));
    let out = sglab(&["grade", &lesson_path(CHALLENGE), &lab]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Challenge 1: Open the site, close SSH\nScore: 6/6 (100%)\n"), "{text}");
    assert!(!text.contains("FAIL"), "{text}");
}

#[test]
fn a_different_but_correct_lab_scores_full_marks_too() {
    // One rule for 80-443 and SSH from the admin's /29.
    let lab = lab_file("different", &solved(vec![tcp(80, 443, "0.0.0.0/0"), tcp(22, 22, "198.51.100.8/29")]));
    let out = sglab(&["grade", &lesson_path(CHALLENGE), &lab]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_wrong_lab_gets_partial_credit_each_failed_check_and_exit_1() {
    let lab = lab_file("wrong", &solved(vec![tcp(443, 443, "0.0.0.0/0"), tcp(22, 22, "0.0.0.0/0")]));
    let out = sglab(&["grade", &lesson_path(CHALLENGE), &lab]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Score: 3/6 (50%)"), "{text}");
    assert!(text.contains("Customers reach the site — 2/3"), "{text}");
    assert!(text.contains("  ok   A browser reaches the site on HTTPS (2 points)"), "{text}");
    assert!(text.contains("  FAIL A browser reaches the site on HTTP (1 point)\n       Web browser → 4.5.6.7 TCP 80 is denied: the request stops at eni-"), "{text}");
    assert!(text.contains("ENI_SG_RULES_MISMATCH"), "{text}");
    assert!(text.contains("  FAIL A browser cannot try SSH (1 point)\n       Web browser → 4.5.6.7 TCP 22 is allowed; it should be denied"), "{text}");
}

#[test]
fn json_output_carries_the_score_and_every_check() {
    let lab = lab_file("json", &start());
    let out = sglab(&["grade", "--json", &lesson_path(CHALLENGE), &lab]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["score"], 1);
    assert_eq!(report["total"], 6);
    assert_eq!(report["steps"][1]["checks"][0]["passed"], true);
    assert!(report["steps"][0]["checks"][0]["problem"].as_str().unwrap().contains("is denied"));
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let lab = lab_file("bad-input", &start());
    let out = sglab(&["grade", "/nonexistent/exercise.json", &lab]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "sglab: cannot read `/nonexistent/exercise.json`: No such file or directory\nTry 'sglab grade --help' for more information.\n");

    let broken_lab = std::env::temp_dir().join(format!("sglab-grade-{}-broken.json", std::process::id()));
    std::fs::write(&broken_lab, r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/99"}]}"#).unwrap();
    let out = sglab(&["grade", &lesson_path(CHALLENGE), broken_lab.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.json: Subnets[0]."), "{}", stderr(&out));

    let out = sglab(&["grade", &lab, &lab]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not an exercise file"), "{}", stderr(&out));
}
