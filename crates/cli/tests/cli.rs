//! The `sglab` binary as a user runs it: arguments in, text or JSON and an exit
//! status out (0 allowed, 1 denied, 2 bad input).
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions: a failed setup should stop the test"
)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn sglab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sglab")).args(args).output().expect("sglab runs")
}

fn sglab_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sglab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sglab starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("writes stdin");
    child.wait_with_output().expect("sglab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `sglab example chapter`, written once to a file, as a user would.
fn chapter_file() -> &'static str {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let out = sglab(&["example", "chapter"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let path = std::env::temp_dir().join(format!("sglab-cli-test-chapter-{}.json", std::process::id()));
        std::fs::write(&path, &out.stdout).expect("writes the example");
        path
    })
    .to_str()
    .expect("utf-8 path")
}

fn check(from: &str, to: &str, rest: &[&str]) -> Output {
    let mut args = vec!["check", "--aws", chapter_file(), "--from", from, "--to", to];
    args.extend_from_slice(rest);
    sglab(&args)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// A bad input: exit 2, nothing on stdout, one `sglab: ` line that says `needle`, a hint to --help.
fn assert_bad_input(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
    let mut lines = err.lines();
    let first = lines.next().unwrap_or_default();
    assert!(first.starts_with("sglab: "), "{err}");
    assert!(first.contains(needle), "expected `{needle}` in: {first}");
    assert!(lines.next().is_some_and(|l| l.contains("--help")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn the_chapters_four_connections_exit_0_0_1_1() {
    for (from, to, port, code) in [
        ("1.2.3.4", "4.5.6.7", "443", 0),
        ("10.1.1.33", "10.1.2.15", "3306", 0),
        ("10.1.1.33", "203.0.113.66", "443", 1),
        ("10.1.2.15", "10.1.1.33", "443", 1),
    ] {
        let text = check(from, to, &["--protocol", "tcp", "--port", port]);
        assert_eq!(text.status.code(), Some(code), "{from} → {to}: {}{}", stdout(&text), stderr(&text));
        let json_out = check(from, to, &["--protocol", "tcp", "--port", port, "--json"]);
        assert_eq!(json_out.status.code(), Some(code));
        assert_eq!(json(&json_out)["allowed"], serde_json::Value::Bool(code == 0), "{from} → {to}");
    }
}

#[test]
fn a_denied_check_explains_the_path_the_rule_and_the_reason() {
    let out = check("10.1.1.33", "203.0.113.66", &["--protocol", "tcp", "--port", "443"]);
    let text = stdout(&out);
    assert!(text.starts_with("Blocked: App Server (10.1.1.33) → Suspicious server (203.0.113.66), TCP 443."), "{text}");
    assert!(text.contains("Request (stopped)"), "{text}");
    assert!(text.contains("Security groups (outbound) of eni-0a1b2c3d4e5f60001: BLOCKED"), "{text}");
    assert!(text.contains("packet  TCP 10.1.1.33:50000 → 203.0.113.66:443"), "{text}");
    assert!(text.contains("ENI_SG_RULES_MISMATCH"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn a_blocking_security_group_is_named_with_its_id_in_text_and_json() {
    // Connection 4: the database's group has no outbound rules.
    let out = check("10.1.2.15", "10.1.1.33", &["--protocol", "tcp", "--port", "443"]);
    let text = stdout(&out);
    assert!(text.contains("groups  database-sg (sg-0a1b2c3d4e5f60003)"), "{text}");
    let unwrapped = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        unwrapped.contains("The security groups of MySQL database, database-sg (sg-0a1b2c3d4e5f60003), have no"),
        "{text}"
    );
    let v = json(&check("10.1.2.15", "10.1.1.33", &["--protocol", "tcp", "--port", "443", "--json"]));
    assert_eq!(
        v["request"]["hops"][0]["security_groups"],
        serde_json::json!([{"id": "sg-0a1b2c3d4e5f60003", "name": "database-sg"}])
    );
    assert!(
        v["blocked"]["explanation"].as_str().is_some_and(|e| e.contains("database-sg (sg-0a1b2c3d4e5f60003)")),
        "{v}"
    );
    // Only security group hops list groups.
    assert!(v["request"]["hops"].as_array().is_some_and(|hops| hops.len() == 1));
}

#[test]
fn an_allowed_check_shows_both_legs_each_rule_and_tracking() {
    let out = check("1.2.3.4", "4.5.6.7", &["--protocol", "tcp", "--port", "443"]);
    let text = stdout(&out);
    assert!(text.starts_with("Allowed: "), "{text}");
    assert!(text.contains("Request (delivered)") && text.contains("Reply (delivered)"), "{text}");
    assert!(text.contains("sgr-0a1b2c3d4e5f60003 in sg-0a1b2c3d4e5f60002"), "{text}");
    assert!(text.contains("100 (allow) in acl-0a1b2c3d4e5f60001"), "{text}");
    assert!(text.contains("allowed by tracking"), "{text}");
    assert!(text.contains("Connection tracking:") && text.contains("Tracked:"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn endpoints_may_be_interface_ids_resource_ids_names_or_host_names() {
    for (from, to) in [
        ("i-0a1b2c3d4e5f60001", "chapter-mysql"),
        ("eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60002"),
        ("App Server", "MySQL database"),
        ("App Server", "10.1.2.15"),
    ] {
        let out = check(from, to, &["--protocol", "tcp", "--port", "3306", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{from} → {to}: {}", stderr(&out));
        assert_eq!(json(&out)["destination"]["address"], "10.1.2.15");
    }
    let out = check("Web browser", "App Server", &["--protocol", "tcp", "--port", "443"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn icmp_defaults_to_echo_request_and_takes_a_type_and_code() {
    // The App Server's groups have no ICMP rule: a ping is denied at its outbound rules.
    let ping = check("App Server", "10.1.2.15", &["--protocol", "icmp", "--json"]);
    assert_eq!(ping.status.code(), Some(1));
    let v = json(&ping);
    assert_eq!(v["flow"]["service"], serde_json::json!({"protocol": "icmp", "icmp_type": 8, "code": 0}));
    assert_eq!(v["blocked"]["code"], "ENI_SG_RULES_MISMATCH");

    let unreachable =
        check("App Server", "10.1.2.15", &["-p", "icmp", "--icmp-type", "3", "--icmp-code", "4", "--json"]);
    assert_eq!(
        json(&unreachable)["flow"]["service"],
        serde_json::json!({"protocol": "icmp", "icmp_type": 3, "code": 4})
    );

    let v6 = check("App Server", "10.1.2.15", &["-p", "icmpv6"]);
    assert_bad_input(&v6, "ICMPv6 is for IPv6");
}

#[test]
fn all_traffic_and_other_protocol_numbers() {
    // The default group lets its members talk on everything, but the App Server is not a member.
    let all = check("10.1.1.33", "10.1.2.15", &["--protocol", "-1", "--json"]);
    assert_eq!(all.status.code(), Some(1), "{}", stderr(&all));
    assert_eq!(json(&all)["flow"]["service"], serde_json::json!({"protocol": "all"}));
    let all_eq = check("10.1.1.33", "10.1.2.15", &["--protocol=-1"]);
    assert_eq!(all_eq.status.code(), Some(1), "{}", stderr(&all_eq));

    let gre = check("10.1.1.33", "10.1.2.15", &["--protocol", "47"]);
    assert_eq!(gre.status.code(), Some(1), "{}", stderr(&gre));
    assert!(stdout(&gre).contains("packet  protocol 47 10.1.1.33 → 10.1.2.15"), "{}", stdout(&gre));
    // 6 is TCP by number.
    let six = check("10.1.1.33", "10.1.2.15", &["--protocol", "6", "--port", "3306"]);
    assert_eq!(six.status.code(), Some(0), "{}", stderr(&six));
}

#[test]
fn the_source_port_is_where_the_reply_goes() {
    let out = check("10.1.1.33", "10.1.2.15", &["-p", "tcp", "--port", "3306", "--source-port", "40000", "--json"]);
    let v = json(&out);
    assert_eq!(v["reply"]["hops"][0]["packet"]["service"]["port"], 40000);
}

#[test]
fn the_network_can_come_from_stdin_or_the_built_in_example() {
    let file = std::fs::read_to_string(chapter_file()).expect("reads");
    let out = sglab_with_stdin(
        &["check", "--aws", "-", "--from", "1.2.3.4", "--to", "4.5.6.7", "-p", "tcp", "--port", "443"],
        &file,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = sglab(&[
        "check",
        "--example",
        "chapter",
        "--from",
        "10.1.2.15",
        "--to",
        "10.1.1.33",
        "-p",
        "tcp",
        "--port",
        "443",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn the_example_is_aws_json() {
    let out = sglab(&["example", "chapter"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["SecurityGroups"].as_array().is_some_and(|g| g.len() == 3));
    assert_bad_input(&sglab(&["example", "nope"]), "invalid value 'nope'");
}

#[test]
fn bad_arguments_exit_2_with_one_line_and_a_hint() {
    let tcp443 = ["--protocol", "tcp", "--port", "443"];
    assert_bad_input(&check("1.2.3.4", "4.5.6.7", &["--protocol", "tcp", "--port", "70000"]), "70000");
    assert_bad_input(&check("1.2.3.4", "4.5.6.7", &["--protocol", "tcp"]), "needs a destination port");
    assert_bad_input(&check("1.2.3.4", "4.5.6.7", &["--protocol", "http", "--port", "80"]), "invalid protocol `http`");
    assert_bad_input(&check("1.2.3.4", "4.5.6.7", &["--protocol", "256"]), "invalid protocol `256`");
    assert_bad_input(
        &check("1.2.3.4", "4.5.6.7", &["--protocol", "icmp", "--port", "80"]),
        "--port applies to tcp and udp only",
    );
    assert_bad_input(
        &check("1.2.3.4", "4.5.6.7", &["--protocol", "tcp", "--port", "1", "--icmp-type", "8"]),
        "--icmp-type",
    );
    assert_bad_input(&check("1.2.3.4", "4.5.6.7", &["--protocol", "icmp", "--icmp-type", "300"]), "300");
    assert_bad_input(&check("nowhere", "4.5.6.7", &tcp443), "--from: `nowhere` is not an IP address");
    assert_bad_input(
        &check("1.2.3.4", "eni-00000000000000000", &tcp443),
        "--to: the network interface `eni-00000000000000000` does not exist",
    );
    assert_bad_input(&check("8.8.8.8", "9.9.9.9", &tcp443), "at least one end must be a network interface");
    assert_bad_input(
        &check("1.2.3.4", "4.5.6.7", &["--protocol", "tcp", "--port", "443", "--bogus"]),
        "unexpected argument '--bogus'",
    );
    assert_bad_input(
        &sglab(&["check", "--aws", chapter_file(), "--to", "4.5.6.7", "-p", "tcp", "--port", "443"]),
        "--from",
    );
    assert_bad_input(&sglab(&["check", "--from", "1.2.3.4", "--to", "4.5.6.7", "-p", "tcp", "--port", "443"]), "--aws");
    assert_bad_input(&sglab(&["frobnicate"]), "unrecognized subcommand 'frobnicate'");
}

#[test]
fn bad_files_exit_2_with_the_place_of_the_problem() {
    let args = |path: &str| {
        sglab(&["check", "--aws", path, "--from", "1.2.3.4", "--to", "4.5.6.7", "-p", "tcp", "--port", "443"])
    };
    assert_bad_input(&args("/nonexistent/net.json"), "cannot read `/nonexistent/net.json`");

    let dir = std::env::temp_dir();
    let write = |name: &str, text: &str| {
        let path = dir.join(format!("sglab-cli-test-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("writes");
        path.to_string_lossy().into_owned()
    };
    assert_bad_input(&args(&write("broken.json", "{ not json")), "not valid JSON");

    // The chapter with one port made impossible.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(chapter_file()).expect("reads")).expect("JSON");
    doc["SecurityGroups"][2]["IpPermissions"][0]["FromPort"] = serde_json::json!(70000);
    let bad_port = write("bad-port.json", &doc.to_string());
    assert_bad_input(&args(&bad_port), "SecurityGroups[2].IpPermissions[0].FromPort");

    let out = sglab_with_stdin(
        &["check", "--aws", "-", "--from", "1.2.3.4", "--to", "4.5.6.7", "-p", "tcp", "--port", "443"],
        "[]",
    );
    assert_bad_input(&out, "standard input");
}

#[test]
fn an_exercise_given_where_a_lab_is_expected_says_how_to_grade_it() {
    let exercise = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons/challenges/1-web-not-ssh.json");
    let wanted = format!(
        "{exercise}: this is an exercise, not a lab: grade labs against it with `sglab grade {exercise} LAB…`, \
         or open it from the lab's Lessons tab"
    );
    for command in [
        vec!["check", "--aws", exercise, "--from", "1.2.3.4", "--to", "4.5.6.7", "-p", "tcp", "--port", "443"],
        vec!["reach", "--aws", exercise, "-p", "tcp", "--port", "443"],
        vec!["fix", "--aws", exercise, "--from", "1.2.3.4", "--to", "4.5.6.7", "-p", "tcp", "--port", "443"],
    ] {
        let out = sglab(&command);
        assert_bad_input(&out, &wanted);
    }
}

#[test]
fn help_and_version_exit_0() {
    let help = sglab(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("check") && stdout(&help).contains("example"));
    let check_help = sglab(&["check", "--help"]);
    assert_eq!(check_help.status.code(), Some(0));
    let text = stdout(&check_help);
    for flag in [
        "--aws",
        "--example",
        "--from",
        "--to",
        "--protocol",
        "--port",
        "--icmp-type",
        "--icmp-code",
        "--source-port",
        "--json",
    ] {
        assert!(text.contains(flag), "{flag} missing from check --help");
    }
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let version = sglab(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).starts_with("sglab "));
}
