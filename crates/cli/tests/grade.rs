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

/// A file of its own for each call: the tests run side by side in one process, and two
/// of them writing one name would read each other's file.
fn temp_path(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("sglab-grade-{}-{n}-{name}", std::process::id()))
}

/// The student's lab exported as AWS JSON, in a file of its own.
fn lab_file(name: &str, network: &Network) -> String {
    let path = temp_path(&format!("{name}.json"));
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
    let old: Vec<_> =
        net.security_group(&group_id).unwrap().rules(Direction::Inbound).iter().map(|r| r.id.clone()).collect();
    net.apply(&Edit::RevokeSecurityGroupIngress { group_id: group_id.clone(), rule_ids: old }).unwrap();
    net.apply(&Edit::AuthorizeSecurityGroupIngress { group_id, rules }).unwrap();
    net
}

#[test]
fn a_correct_lab_scores_full_marks_and_exits_0() {
    let lab = lab_file(
        "correct",
        &solved(vec![tcp(443, 443, "0.0.0.0/0"), tcp(80, 80, "0.0.0.0/0"), tcp(22, 22, "198.51.100.10/32")]),
    );
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

    let broken_lab = temp_path("broken.json");
    std::fs::write(
        &broken_lab,
        r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/99"}]}"#,
    )
    .unwrap();
    let out = sglab(&["grade", &lesson_path(CHALLENGE), broken_lab.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.json: Subnets[0]."), "{}", stderr(&out));

    // The files the wrong way round: a lab where the exercise goes, an exercise where a lab goes.
    let out = sglab(&["grade", &lab, &lab]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("sglab: {lab}: this is a lab, not an exercise: the exercise comes first (sglab grade EXERCISE LAB…)\nTry 'sglab grade --help' for more information.\n")
    );
    let challenge = lesson_path(CHALLENGE);
    let out = sglab(&["grade", &challenge, &challenge]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with(&format!("sglab: {challenge}: this is an exercise, not a lab: grade labs against it with `sglab grade {challenge} LAB…`")), "{}", stderr(&out));
}

#[test]
fn a_malformed_exercise_is_reported_at_its_json_path() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lesson_path(CHALLENGE)).unwrap()).unwrap();
    doc["steps"][0]["checks"][1]["port"] = "80".into();
    let exercise = temp_path("malformed-exercise.json");
    std::fs::write(&exercise, doc.to_string()).unwrap();
    let lab = lab_file("for-malformed", &start());
    let out = sglab(&["grade", exercise.to_str().unwrap(), &lab]);
    assert_eq!(out.status.code(), Some(2));
    let first = stderr(&out).lines().next().unwrap_or_default().to_owned();
    assert_eq!(
        first,
        format!(
            "sglab: {}: steps[0].checks[1].port: expected a port number from 0 to 65535, found the text `80`",
            exercise.display()
        )
    );
}

/// Three students: one right, one wrong, one whose file is not a lab.
fn class() -> (String, String, String) {
    let right = lab_file(
        "alice",
        &solved(vec![tcp(443, 443, "0.0.0.0/0"), tcp(80, 80, "0.0.0.0/0"), tcp(22, 22, "198.51.100.10/32")]),
    );
    let wrong = lab_file("bob", &solved(vec![tcp(443, 443, "0.0.0.0/0"), tcp(22, 22, "0.0.0.0/0")]));
    let broken = temp_path("carol.json");
    std::fs::write(&broken, "{\"Vpcs\": [").unwrap();
    (right, wrong, broken.to_string_lossy().into_owned())
}

#[test]
fn a_class_is_one_line_per_lab_and_an_unreadable_lab_does_not_stop_the_others() {
    let (right, wrong, broken) = class();
    let out = sglab(&["grade", &lesson_path(CHALLENGE), &right, &broken, &wrong]);
    assert_eq!(out.status.code(), Some(2), "a lab could not be read: {}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let width = right.len().max(broken.len()).max(wrong.len());
    assert_eq!(lines[0], format!("{right:<width$}  6/6  passed"));
    assert!(lines[1].starts_with(&format!("{broken:<width$}  not graded: not valid JSON")), "{}", lines[1]);
    assert_eq!(lines[2], format!("{wrong:<width$}  3/6  failed"));
    assert_eq!(stderr(&out), "sglab: 1 of 3 labs could not be read; the others were graded\n");

    // All read: the exit status says whether every lab passed.
    let out = sglab(&["grade", &lesson_path(CHALLENGE), &right, &wrong]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = sglab(&["grade", &lesson_path(CHALLENGE), &right, &right]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().filter(|l| l.ends_with("6/6  passed")).count(), 2);
}

/// Cells of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    assert!(cell.is_empty() && row.is_empty(), "the last row ends with a line break");
    rows
}

#[test]
fn csv_has_a_header_then_a_row_per_lab_with_each_checks_points() {
    let (right, wrong, broken) = class();
    let out = sglab(&["grade", "--csv", &lesson_path(CHALLENGE), &right, &wrong, &broken]);
    assert_eq!(out.status.code(), Some(2));
    let rows = parse_csv(&stdout(&out));
    assert_eq!(
        rows[0],
        [
            "file",
            "score",
            "max",
            "A browser reaches the site on HTTPS",
            "A browser reaches the site on HTTP",
            "The admin still gets in on SSH",
            "A browser cannot try SSH",
            "Nor can any other host on the internet",
            "error"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1], [right.as_str(), "6", "6", "2", "1", "1", "1", "1", ""]);
    assert_eq!(rows[2], [wrong.as_str(), "3", "6", "2", "0", "1", "0", "0", ""]);
    assert_eq!(rows[3][..8], [broken.as_str(), "", "", "", "", "", "", ""]);
    assert!(rows[3][8].starts_with("not valid JSON"), "{:?}", rows[3]);
    // Each row's points add up to its score.
    for r in &rows[1..3] {
        let sum: u32 = r[3..8].iter().map(|p| p.parse::<u32>().unwrap()).sum();
        assert_eq!(sum.to_string(), r[1]);
    }

    // One lab with --csv is a CSV too; a label with a comma or a quote is quoted.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lesson_path(CHALLENGE)).unwrap()).unwrap();
    doc["steps"][0]["checks"][0]["label"] = "HTTPS, \"the\" site".into();
    let exercise = temp_path("quoted-label.json");
    std::fs::write(&exercise, doc.to_string()).unwrap();
    let out = sglab(&["grade", "--csv", exercise.to_str().unwrap(), &right]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("file,score,max,\"HTTPS, \"\"the\"\" site\",A browser"), "{}", stdout(&out));
    let rows = parse_csv(&stdout(&out));
    assert_eq!(rows[0][3], "HTTPS, \"the\" site");
    assert_eq!(rows.len(), 2);
}

#[test]
fn json_for_a_class_is_an_array_of_reports_and_errors() {
    let (right, _, broken) = class();
    let out = sglab(&["grade", "--json", &lesson_path(CHALLENGE), &right, &broken]);
    assert_eq!(out.status.code(), Some(2));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(items[0]["file"], right.as_str());
    assert_eq!(items[0]["report"]["score"], 6);
    assert_eq!(items[1]["file"], broken.as_str());
    assert!(items[1]["error"].as_str().unwrap().starts_with("not valid JSON"));
}
