//! The lessons and challenges shipped in `lessons/`, graded the way a student meets
//! them: each lesson worked through step by step with the AWS API's edits, each
//! challenge solved correctly, solved differently but correctly, and solved wrongly.
//! And the exercise format's own errors, located for the teacher who wrote the file.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers: a failed setup should stop the test"
)]

use sglab_engine::edit::RuleSpec;
use sglab_engine::exercise::{
    grade, grade_lesson_step, grade_step, Exercise, ExerciseError, ExerciseKind, FiredConnection, Report,
};
use sglab_engine::ids::*;
use sglab_engine::*;
use std::path::PathBuf;

fn lessons_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

fn load(path: &str) -> Exercise {
    let text = std::fs::read_to_string(lessons_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    Exercise::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A student at work: the AWS API's edits, with names instead of ids.
struct Student {
    net: Network,
    /// The connections fired, oldest first, with the verdict each got then.
    fired: Vec<FiredConnection>,
}

impl Student {
    fn start(exercise: &Exercise) -> Student {
        Student { net: exercise.start_network().expect("the starting network imports"), fired: Vec::new() }
    }

    /// Fires a connection of the chapter (1 to 4) as the Connections tab does.
    fn fire(&mut self, number: usize) -> bool {
        let flow = example::chapter_connections()[number - 1].flow.clone();
        let allowed = evaluate(&self.net, &flow).unwrap().allowed;
        self.fired.push(FiredConnection { flow, allowed });
        allowed
    }

    fn fire_all(&mut self, numbers: &[usize]) {
        for n in numbers {
            self.fire(*n);
        }
    }

    fn apply(&mut self, edit: Edit) {
        self.net.apply(&edit).unwrap_or_else(|e| panic!("{e}: {edit:?}"));
    }

    fn vpc(&self) -> VpcId {
        self.net.vpcs[0].id.clone()
    }

    fn group(&self, name: &str) -> SecurityGroupId {
        self.net.security_groups.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}")).id.clone()
    }

    fn acl(&self, name: &str) -> NetworkAclId {
        self.net
            .network_acls
            .iter()
            .find(|a| name_tag(&a.tags) == Some(name))
            .unwrap_or_else(|| panic!("no acl {name}"))
            .id
            .clone()
    }

    fn subnet(&self, name: &str) -> SubnetId {
        self.net.subnets.iter().find(|s| name_tag(&s.tags) == Some(name)).expect("subnet").id.clone()
    }

    fn interface(&self, resource: &str) -> NetworkInterfaceId {
        let r = self.net.resources.iter().find(|r| r.name == resource).expect("resource");
        self.net.interfaces_of(&r.id).next().expect("interface").id.clone()
    }

    fn create_group(&mut self, name: &str, inbound: Vec<RuleSpec>, tags: &[(&str, &str)]) {
        let tags = tags.iter().map(|(k, v)| Tag { key: (*k).into(), value: (*v).into() }).collect();
        self.apply(Edit::CreateSecurityGroup {
            vpc_id: self.vpc(),
            name: name.into(),
            description: "test".into(),
            tags,
        });
        if !inbound.is_empty() {
            self.apply(Edit::AuthorizeSecurityGroupIngress { group_id: self.group(name), rules: inbound });
        }
    }

    fn allow(&mut self, group: &str, direction: Direction, rules: Vec<RuleSpec>) {
        let group_id = self.group(group);
        self.apply(match direction {
            Direction::Inbound => Edit::AuthorizeSecurityGroupIngress { group_id, rules },
            Direction::Outbound => Edit::AuthorizeSecurityGroupEgress { group_id, rules },
        });
    }

    /// Revokes the rules of a direction whose peer is this one.
    fn revoke(&mut self, group: &str, direction: Direction, peer: &Peer) {
        let group_id = self.group(group);
        let rule_ids: Vec<SecurityGroupRuleId> = self
            .net
            .security_group(&group_id)
            .unwrap()
            .rules(direction)
            .iter()
            .filter(|r| &r.peer == peer)
            .map(|r| r.id.clone())
            .collect();
        assert!(!rule_ids.is_empty(), "no {direction:?} rule of {group} with {peer:?}");
        self.apply(match direction {
            Direction::Inbound => Edit::RevokeSecurityGroupIngress { group_id, rule_ids },
            Direction::Outbound => Edit::RevokeSecurityGroupEgress { group_id, rule_ids },
        });
    }

    fn set_groups(&mut self, resource: &str, groups: &[&str]) {
        let groups = groups.iter().map(|g| self.group(g)).collect();
        self.apply(Edit::ModifyNetworkInterfaceAttribute { interface_id: self.interface(resource), groups });
    }

    fn delete_group(&mut self, name: &str) -> Result<(), EditError> {
        let group_id = self.group(name);
        self.net.apply(&Edit::DeleteSecurityGroup { group_id }).map(drop)
    }

    fn create_acl(&mut self, name: &str, subnet: &str) {
        self.apply(Edit::CreateNetworkAcl { vpc_id: self.vpc(), name: Some(name.into()) });
        self.apply(Edit::ReplaceNetworkAclAssociation { subnet_id: self.subnet(subnet), acl_id: self.acl(name) });
    }

    fn acl_entry(
        &mut self,
        acl: &str,
        egress: bool,
        rule_number: u16,
        action: RuleAction,
        traffic: Traffic,
        cidr: &str,
    ) {
        let entry = NaclEntry { rule_number, action, traffic, cidr: cidr.parse().unwrap() };
        self.apply(Edit::CreateNetworkAclEntry { acl_id: self.acl(acl), egress, entry });
    }

    fn grade(&self, exercise: &Exercise) -> Report {
        grade(exercise, &self.net)
    }
}

fn tcp(port: u16) -> Traffic {
    Traffic::Tcp(PortRange::single(port))
}

fn tcp_range(from: u16, to: u16) -> Traffic {
    Traffic::Tcp(PortRange { from, to })
}

fn cidr(text: &str) -> Peer {
    Peer::Cidr(text.parse().unwrap())
}

fn rule(traffic: Traffic, peer: Peer) -> RuleSpec {
    RuleSpec::new(traffic, peer)
}

/// The checks of a report that failed, by label.
fn failed(report: &Report) -> Vec<String> {
    report.steps.iter().flat_map(|s| &s.checks).filter(|c| !c.passed).map(|c| c.label.clone()).collect()
}

/// Walks a lesson: before the student does a step with checks, it does not pass; after,
/// every check of it passes, the connections fired since the step began (from the
/// `began`th) included.
fn step_done(lesson: &Exercise, student: &Student, step: &str, before: &Network, began: usize) {
    let s = lesson.steps.iter().find(|s| s.id == step).unwrap_or_else(|| panic!("no step {step}"));
    let was = grade_step(s, before);
    assert!(!was.passed(), "step {step} passed before the student did it: {was:#?}");
    let now = grade_lesson_step(s, &student.net, &student.fired[began..]);
    assert!(now.passed(), "step {step} not passed: {:#?}", now.checks.iter().filter(|c| !c.passed).collect::<Vec<_>>());
}

// ---------------------------------------------------------------- the files

#[test]
fn every_shipped_exercise_reads_and_its_network_imports() {
    let mut files = vec!["01-security-groups.json".to_owned(), "02-network-acls.json".to_owned()];
    for entry in std::fs::read_dir(lessons_dir().join("challenges")).unwrap() {
        files.push(format!("challenges/{}", entry.unwrap().file_name().to_string_lossy()));
    }
    assert!(files.len() >= 7, "two lessons and at least five challenges: {files:?}");
    let mut ids = std::collections::BTreeSet::new();
    for file in &files {
        let exercise = load(file);
        assert!(ids.insert(exercise.id.clone()), "{file}: id {} used twice", exercise.id);
        assert!(exercise.total_weight() > 0, "{file}: nothing to grade");
        let start = grade(&exercise, &exercise.start_network().unwrap());
        if exercise.kind == ExerciseKind::Assessment {
            assert!(!start.passed(), "{file}: the starting network already passes");
        }
        // What the lab writes (a link, the saved shelf) passes the shape check and reads back the same.
        let written = serde_json::to_string(&exercise).unwrap();
        assert_eq!(Exercise::from_json(&written).unwrap_or_else(|e| panic!("{file} as written: {e}")), exercise);
    }
}

// ---------------------------------------------------------------- lesson 1

#[test]
fn lesson_1_worked_through_as_the_chapter_does_it() {
    let lesson = load("01-security-groups.json");
    let mut s = Student::start(&lesson);
    let (https, mysql) = ("our-learning-sg-https", "our-learning-sg-mysql");

    let (before, began) = (s.net.clone(), s.fired.len());
    assert_eq!([s.fire(1), s.fire(2), s.fire(3)], [true, true, false]);
    step_done(&lesson, &s, "four-connections", &before, began);

    let (before, began) = (s.net.clone(), s.fired.len());
    assert!(!s.fire(4));
    step_done(&lesson, &s, "connection-4", &before, began);

    let before = s.net.clone();
    s.create_group(
        https,
        vec![rule(tcp(443), cidr("0.0.0.0/0")), rule(tcp(80), cidr("0.0.0.0/0"))],
        &[("Name", https), ("EducationOnly", "yes")],
    );
    step_done(&lesson, &s, "create-https-group", &before, s.fired.len());

    let before = s.net.clone();
    s.create_group(mysql, vec![rule(tcp(3306), cidr("10.1.1.0/24"))], &[("Name", mysql), ("EducationOnly", "yes")]);
    step_done(&lesson, &s, "create-mysql-group", &before, s.fired.len());

    let (before, began) = (s.net.clone(), s.fired.len());
    s.set_groups("App Server", &["app-server-sg", https]);
    s.set_groups("MySQL database", &[mysql]);
    // The new group's default outbound rule lets the database start connection 4.
    assert!(s.fire(2));
    assert!(s.fire(4));
    step_done(&lesson, &s, "attach-groups", &before, began);

    let (before, began) = (s.net.clone(), s.fired.len());
    let https_id = s.group(https);
    s.allow(mysql, Direction::Inbound, vec![rule(tcp(3306), Peer::SecurityGroup(https_id)).with_description("MySQL")]);
    s.revoke(mysql, Direction::Inbound, &cidr("10.1.1.0/24"));
    s.fire(2);
    step_done(&lesson, &s, "reference-a-group", &before, began);

    let (before, began) = (s.net.clone(), s.fired.len());
    s.revoke(https, Direction::Outbound, &cidr("0.0.0.0/0"));
    s.revoke(mysql, Direction::Outbound, &cidr("0.0.0.0/0"));
    s.fire_all(&[1, 2, 3, 4]);
    step_done(&lesson, &s, "stateful-replies", &before, began);

    let (before, began) = (s.net.clone(), s.fired.len());
    let refused = s.delete_group(https).expect_err("still attached and referenced");
    assert_eq!(refused.code(), "DependencyViolation");
    s.set_groups("MySQL database", &["database-sg"]);
    s.set_groups("App Server", &["app-server-sg"]);
    s.delete_group(mysql).unwrap();
    s.delete_group(https).unwrap();
    assert!(s.fire(2));
    step_done(&lesson, &s, "delete-groups", &before, began);
}

/// The issue's case: a step that asks to fire a connection is not done by the lab's
/// configuration, nor by a firing from before the step began, nor by one from before
/// the change the step asks for; only by firing it again after the change.
#[test]
fn lesson_1_steps_that_ask_to_fire_are_done_by_firing_after_the_change() {
    let lesson = load("01-security-groups.json");
    let step = |id: &str| lesson.steps.iter().find(|s| s.id == id).unwrap();
    let mut s = Student::start(&lesson);
    let labels_failing = |id: &str, s: &Student, began: usize| -> Vec<String> {
        let report = grade_lesson_step(step(id), &s.net, &s.fired[began..]);
        report.checks.iter().filter(|c| !c.passed).map(|c| c.label.clone()).collect()
    };

    // Nothing fired: the connections are as the step says, but it is not done.
    assert_eq!(
        labels_failing("four-connections", &s, 0),
        ["Connection 1 fired: allowed", "Connection 2 fired: allowed", "Connection 3 fired: denied"]
    );
    let report = grade_lesson_step(step("connection-4"), &s.net, &[]);
    assert_eq!(
        report.checks[0].problem.as_deref(),
        Some("MySQL database → 10.1.1.33 TCP 443 has not been fired since this step began: fire it")
    );
    // Fired before the step began: it does not count for this one.
    s.fire(4);
    let began = s.fired.len();
    assert_eq!(labels_failing("connection-4", &s, began), ["Connection 4 fired: denied"]);
    assert!(labels_failing("connection-4", &s, 0).is_empty());

    // Attach-groups: connection 4 fired before the groups change is denied, so not done.
    s.create_group(
        "our-learning-sg-https",
        vec![rule(tcp(443), cidr("0.0.0.0/0"))],
        &[("Name", "our-learning-sg-https")],
    );
    s.create_group("our-learning-sg-mysql", vec![rule(tcp(3306), cidr("10.1.1.0/24"))], &[]);
    let began = s.fired.len();
    s.fire_all(&[2, 4]);
    s.set_groups("App Server", &["app-server-sg", "our-learning-sg-https"]);
    s.set_groups("MySQL database", &["our-learning-sg-mysql"]);
    assert_eq!(labels_failing("attach-groups", &s, began), ["Connection 4 fired again: allowed now"]);
    let report = grade_lesson_step(step("attach-groups"), &s.net, &s.fired[began..]);
    assert_eq!(
        report.checks.last().and_then(|c| c.problem.as_deref()),
        Some(
            "MySQL database → 10.1.1.33 TCP 443 was denied when last fired; it should be allowed once the step is \
             done: fire it again after the change"
        )
    );
    // Fired again after the change: done.
    assert!(s.fire(4));
    assert!(labels_failing("attach-groups", &s, began).is_empty());
}

/// Next step through the lesson without doing anything: no step with checks passes
/// on the starting network with nothing fired, so each of them is skipped, not done.
#[test]
fn lesson_1_has_no_step_with_checks_that_the_starting_lab_passes() {
    let lesson = load("01-security-groups.json");
    let start = lesson.start_network().unwrap();
    for step in lesson.steps.iter().filter(|s| !s.checks.is_empty()) {
        assert!(!grade_lesson_step(step, &start, &[]).passed(), "{} passes with nothing done", step.id);
    }
    assert_eq!(lesson.steps.iter().filter(|s| s.checks.is_empty()).count(), 1, "one step to read");
}

/// The ends of a fired connection are matched by what they name: the Connections tab
/// fires addresses, a check may name the resource; two different addresses of one
/// interface (its Elastic IP and its private IP) are different ends.
#[test]
fn a_fired_check_knows_a_resource_by_its_addresses_but_not_one_address_for_another() {
    let lesson = load("01-security-groups.json");
    let step = lesson.steps.iter().find(|s| s.id == "four-connections").unwrap();
    let mut s = Student::start(&lesson);
    s.fire_all(&[1, 2, 3]);
    assert!(grade_lesson_step(step, &s.net, &s.fired).passed());
    // The web browser to the App Server's private address: another connection (denied at
    // the internet gateway), which stands for no check of the step.
    let private = Flow::new(
        s.net.parse_endpoint("1.2.3.4").unwrap(),
        s.net.parse_endpoint("10.1.1.33").unwrap(),
        Service::Tcp { port: 443 },
    );
    let allowed = evaluate(&s.net, &private).unwrap().allowed;
    assert!(!allowed);
    s.fired.push(FiredConnection { flow: private, allowed });
    assert!(grade_lesson_step(step, &s.net, &s.fired).passed());
    // Connection 2 fired by the names the Connections form takes: the same connection.
    let by_name = Flow::new(
        s.net.parse_endpoint("App Server").unwrap(),
        s.net.parse_endpoint("chapter-mysql").unwrap(),
        Service::Tcp { port: 3306 },
    );
    assert!(grade_lesson_step(step, &s.net, &[FiredConnection { flow: by_name, allowed: true }]).checks[1].passed);
}

#[test]
fn lesson_1_accepts_custom_tcp_rules_and_a_wider_rule_set_for_the_same_behaviour() {
    let lesson = load("01-security-groups.json");
    let mut s = Student::start(&lesson);
    // Custom TCP rows, the HTTP one split in two ranges that together cover port 80.
    s.create_group(
        "our-learning-sg-https",
        vec![
            rule(tcp_range(443, 443), cidr("0.0.0.0/0")),
            rule(tcp_range(79, 80), cidr("0.0.0.0/1")),
            rule(tcp_range(80, 81), cidr("128.0.0.0/1")),
        ],
        &[("EducationOnly", "yes"), ("Name", "our-learning-sg-https")],
    );
    let step = lesson.steps.iter().find(|s| s.id == "create-https-group").unwrap();
    assert!(grade_step(step, &s.net).passed());
}

#[test]
fn lesson_1_says_what_is_wrong_in_the_consoles_words() {
    let lesson = load("01-security-groups.json");
    let mut s = Student::start(&lesson);
    s.create_group(
        "our-learning-sg-https",
        vec![rule(tcp(443), cidr("1.2.3.4/32"))],
        &[("name", "our-learning-sg-https")],
    );
    let step = lesson.steps.iter().find(|s| s.id == "create-https-group").unwrap();
    let report = grade_step(step, &s.net);
    let problems: Vec<&str> = report.checks.iter().filter_map(|c| c.problem.as_deref()).collect();
    assert_eq!(report.score, 2, "{problems:#?}");
    assert!(
        problems.iter().any(|p| p.contains("its inbound rules allow only part of inbound TCP 443 from 0.0.0.0/0")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("no inbound rule allows inbound TCP 80 from 0.0.0.0/0")),
        "{problems:#?}"
    );
    assert!(problems.iter().any(|p| p.contains("tag keys are case-sensitive, so it must be `Name`")), "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("the tag `EducationOnly` = `yes` is missing")), "{problems:#?}");
}

// ---------------------------------------------------------------- lesson 2

#[test]
fn lesson_2_worked_through() {
    let lesson = load("02-network-acls.json");
    let mut s = Student::start(&lesson);
    let (allow, deny) = (RuleAction::Allow, RuleAction::Deny);

    let before = s.net.clone();
    s.create_acl("public-acl", "public-subnet");
    step_done(&lesson, &s, "custom-acl", &before, s.fired.len());

    let before = s.net.clone();
    s.acl_entry("public-acl", false, 100, allow, tcp(443), "0.0.0.0/0");
    step_done(&lesson, &s, "allow-https-in", &before, s.fired.len());

    // The classic mistake: mirroring the inbound rule does not let the reply out.
    let before = s.net.clone();
    s.acl_entry("public-acl", true, 90, allow, tcp(443), "0.0.0.0/0");
    let ephemeral = lesson.steps.iter().find(|x| x.id == "ephemeral-ports").unwrap();
    assert!(!grade_step(ephemeral, &s.net).passed());
    s.acl_entry("public-acl", true, 100, allow, tcp_range(1024, 65535), "0.0.0.0/0");
    step_done(&lesson, &s, "ephemeral-ports", &before, s.fired.len());

    let before = s.net.clone();
    s.acl_entry("public-acl", false, 110, allow, tcp_range(1024, 65535), "10.1.2.0/24");
    step_done(&lesson, &s, "database-replies", &before, s.fired.len());

    // A DENY numbered after the ALLOW is never reached.
    let before = s.net.clone();
    s.acl_entry("public-acl", false, 200, deny, Traffic::All, "1.2.3.4/32");
    let deny_step = lesson.steps.iter().find(|x| x.id == "deny-rule").unwrap();
    let late = grade_step(deny_step, &s.net);
    assert_eq!(late.score, 1, "{late:#?}");
    assert!(
        late.checks[0].problem.as_deref().unwrap().contains("rule 100 allows inbound TCP 443 from 1.2.3.4"),
        "{late:#?}"
    );
    s.acl_entry("public-acl", false, 50, deny, Traffic::All, "1.2.3.4/32");
    step_done(&lesson, &s, "deny-rule", &before, s.fired.len());

    let before = s.net.clone();
    s.create_acl("private-acl", "private-subnet");
    s.acl_entry("private-acl", false, 100, allow, tcp(3306), "10.1.1.0/24");
    s.acl_entry("private-acl", true, 100, allow, tcp_range(1024, 65535), "10.1.1.0/24");
    step_done(&lesson, &s, "private-acl", &before, s.fired.len());
}

// ---------------------------------------------------------------- challenges

#[test]
fn challenge_1_correct_different_and_wrong() {
    let c = load("challenges/1-web-not-ssh.json");
    let start = Student::start(&c);
    assert_eq!(start.grade(&c).score, 1, "only SSH from the admin works: {:?}", failed(&start.grade(&c)));

    let mut correct = Student::start(&c);
    correct.revoke("web-sg", Direction::Inbound, &cidr("0.0.0.0/0"));
    correct.allow(
        "web-sg",
        Direction::Inbound,
        vec![rule(tcp(443), cidr("0.0.0.0/0")), rule(tcp(80), cidr("0.0.0.0/0"))],
    );
    correct.allow("web-sg", Direction::Inbound, vec![rule(tcp(22), cidr("198.51.100.10/32"))]);
    assert!(correct.grade(&c).passed(), "{:?}", failed(&correct.grade(&c)));

    // Different: one rule for ports 80-443 and SSH by a network ACL DENY in front.
    let mut different = Student::start(&c);
    different.allow("web-sg", Direction::Inbound, vec![rule(tcp_range(80, 443), cidr("0.0.0.0/0"))]);
    different.create_acl("web-acl", "public-subnet");
    different.acl_entry("web-acl", false, 90, RuleAction::Allow, tcp(22), "198.51.100.10/32");
    different.acl_entry("web-acl", false, 100, RuleAction::Deny, tcp(22), "0.0.0.0/0");
    different.acl_entry("web-acl", false, 110, RuleAction::Allow, Traffic::All, "0.0.0.0/0");
    different.acl_entry("web-acl", true, 100, RuleAction::Allow, Traffic::All, "0.0.0.0/0");
    assert!(different.grade(&c).passed(), "{:?}", failed(&different.grade(&c)));

    // Wrong: HTTPS opened, SSH left open to the world. Partial credit.
    let mut wrong = Student::start(&c);
    wrong.allow("web-sg", Direction::Inbound, vec![rule(tcp(443), cidr("0.0.0.0/0"))]);
    let report = wrong.grade(&c);
    assert_eq!((report.score, report.total), (3, 6));
    assert_eq!(
        failed(&report),
        ["A browser reaches the site on HTTP", "A browser cannot try SSH", "Nor can any other host on the internet"]
    );
    assert_eq!(report.steps[0].score, 2);
    assert!(report.steps[1].checks[1].problem.as_deref().unwrap().contains("is allowed; it should be denied"));
}

#[test]
fn challenge_2_correct_different_and_wrong() {
    let c = load("challenges/2-web-tier-only.json");
    let mut correct = Student::start(&c);
    let web = correct.group("web-sg");
    correct.allow("db-sg", Direction::Inbound, vec![rule(tcp(3306), Peer::SecurityGroup(web))]);
    correct.revoke("db-sg", Direction::Inbound, &cidr("10.1.1.0/24"));
    assert!(correct.grade(&c).passed(), "{:?}", failed(&correct.grade(&c)));

    // Two /32 rules: the behaviour is right today, but it will not scale: partial credit.
    let mut hosts = Student::start(&c);
    hosts.allow(
        "db-sg",
        Direction::Inbound,
        vec![rule(tcp(3306), cidr("10.1.1.33/32")), rule(tcp(3306), cidr("10.1.1.34/32"))],
    );
    hosts.revoke("db-sg", Direction::Inbound, &cidr("10.1.1.0/24"));
    let report = hosts.grade(&c);
    assert_eq!(failed(&report), ["db-sg lets in the web tier by its group, web-sg"]);
    assert_eq!((report.score, report.total), (6, 8));

    // Wrong: only the first web server's address.
    let mut wrong = Student::start(&c);
    wrong.allow("db-sg", Direction::Inbound, vec![rule(tcp(3306), cidr("10.1.1.33/32"))]);
    wrong.revoke("db-sg", Direction::Inbound, &cidr("10.1.1.0/24"));
    let report = wrong.grade(&c);
    assert!(failed(&report).iter().any(|l| l.contains("Web server 2")), "{:?}", failed(&report));
}

#[test]
fn challenge_3_correct_different_and_wrong() {
    let c = load("challenges/3-egress.json");
    let mut correct = Student::start(&c);
    let db = correct.group("db-sg");
    correct.revoke("app-sg", Direction::Outbound, &cidr("0.0.0.0/0"));
    correct.allow(
        "app-sg",
        Direction::Outbound,
        vec![rule(tcp(3306), Peer::SecurityGroup(db)), rule(tcp(443), cidr("203.0.113.80/32"))],
    );
    assert!(correct.grade(&c).passed(), "{:?}", failed(&correct.grade(&c)));

    // Different: the database by its subnet, the mirror's /29.
    let mut different = Student::start(&c);
    different.revoke("app-sg", Direction::Outbound, &cidr("0.0.0.0/0"));
    different.allow(
        "app-sg",
        Direction::Outbound,
        vec![rule(tcp(3306), cidr("10.1.2.0/24")), rule(tcp(443), cidr("203.0.113.80/29"))],
    );
    assert!(different.grade(&c).passed(), "{:?}", failed(&different.grade(&c)));

    // Wrong: egress removed and nothing put back: the app is broken.
    let mut wrong = Student::start(&c);
    wrong.revoke("app-sg", Direction::Outbound, &cidr("0.0.0.0/0"));
    let report = wrong.grade(&c);
    assert_eq!(failed(&report), ["The App Server reaches its database", "The App Server reaches the update mirror"]);
    assert_eq!((report.score, report.total), (4, 7));
}

#[test]
fn challenge_4_correct_different_and_wrong() {
    let c = load("challenges/4-symptoms.json");
    assert_eq!(
        failed(&Student::start(&c).grade(&c)),
        ["Browsers reach the site", "The App Server reaches its database"]
    );

    let mut correct = Student::start(&c);
    let acl = correct.acl("public-acl");
    correct.apply(Edit::ReplaceNetworkAclEntry {
        acl_id: acl.clone(),
        egress: true,
        entry: NaclEntry {
            rule_number: 100,
            action: RuleAction::Allow,
            traffic: tcp_range(1024, 65535),
            cidr: "0.0.0.0/0".parse().unwrap(),
        },
    });
    correct.apply(Edit::ReplaceNetworkAclEntry {
        acl_id: acl,
        egress: false,
        entry: NaclEntry {
            rule_number: 110,
            action: RuleAction::Allow,
            traffic: tcp_range(1024, 65535),
            cidr: "10.1.2.0/24".parse().unwrap(),
        },
    });
    let app = correct.group("app-sg");
    correct.allow("db-sg", Direction::Inbound, vec![rule(tcp(3306), Peer::SecurityGroup(app))]);
    assert!(correct.grade(&c).passed(), "{:?}", failed(&correct.grade(&c)));

    // Different: the App Server gets old-app-sg back beside its own, and the ACL gains rules.
    let mut different = Student::start(&c);
    different.set_groups("App Server", &["app-sg", "old-app-sg"]);
    different.acl_entry("public-acl", true, 120, RuleAction::Allow, tcp_range(32768, 65535), "0.0.0.0/0");
    different.acl_entry("public-acl", false, 120, RuleAction::Allow, tcp_range(32768, 65535), "10.1.2.15/32");
    assert!(different.grade(&c).passed(), "{:?}", failed(&different.grade(&c)));

    // Wrong: the ACL opened to everything and the database to the world.
    let mut wrong = Student::start(&c);
    wrong.acl_entry("public-acl", false, 1, RuleAction::Allow, Traffic::All, "0.0.0.0/0");
    wrong.acl_entry("public-acl", true, 1, RuleAction::Allow, Traffic::All, "0.0.0.0/0");
    wrong.allow("db-sg", Direction::Inbound, vec![rule(tcp(3306), cidr("0.0.0.0/0"))]);
    let report = wrong.grade(&c);
    assert_eq!(report.steps[0].score + report.steps[1].score, 6, "the symptoms are gone");
    assert_eq!(report.steps[2].score, 0, "{report:#?}");
    assert!(report.steps[2].checks[0]
        .problem
        .as_deref()
        .unwrap()
        .contains("rule 1 allows inbound TCP 22 from 0.0.0.0"));
}

#[test]
fn challenge_5_correct_and_wrong() {
    let c = load("challenges/5-three-tiers.json");
    let mut correct = Student::start(&c);
    let (alb, app, bastion) = (correct.group("alb-sg"), correct.group("app-sg"), correct.group("bastion-sg"));
    correct.allow(
        "app-sg",
        Direction::Inbound,
        vec![rule(tcp(8080), Peer::SecurityGroup(alb)), rule(tcp(22), Peer::SecurityGroup(bastion))],
    );
    correct.revoke("app-sg", Direction::Inbound, &cidr("10.1.0.0/16"));
    correct.allow("db-sg", Direction::Inbound, vec![rule(tcp(3306), Peer::SecurityGroup(app))]);
    correct.revoke("db-sg", Direction::Inbound, &cidr("10.1.0.0/16"));
    correct.create_acl("data-acl", "data-subnet");
    correct.acl_entry("data-acl", false, 100, RuleAction::Allow, tcp(3306), "10.1.2.0/24");
    correct.acl_entry("data-acl", true, 100, RuleAction::Allow, tcp_range(1024, 65535), "10.1.2.0/24");
    assert!(correct.grade(&c).passed(), "{:?}", failed(&correct.grade(&c)));

    // Wrong: the ACL allows the whole VPC, so the public subnet is not kept out.
    let mut wrong = correct;
    wrong.acl_entry("data-acl", false, 90, RuleAction::Allow, Traffic::All, "10.1.0.0/16");
    let report = wrong.grade(&c);
    assert_eq!(failed(&report), ["It denies all traffic from public-subnet"]);
    assert_eq!(report.score + 1, report.total);
}

// ---------------------------------------------------------------- the format's errors

fn minimal(check: &str) -> String {
    format!(
        r#"{{"format": "sglab-exercise/1", "id": "t", "title": "T", "network": {{"Vpcs": []}},
            "steps": [{{"id": "a", "title": "A", "instructions": "Do it.", "checks": [{check}]}}]}}"#
    )
}

/// A `fired` check: its keys checked where they are, and kept to lessons, whose steps
/// begin and end while the student works.
#[test]
fn a_fired_check_is_checked_at_its_place_and_belongs_to_a_lesson() {
    let err = |text: &str| Exercise::from_json(text).expect_err("refused").to_string();
    let lesson = |check: &str| minimal(check).replacen(r#""title": "T","#, r#""title": "T", "kind": "lesson","#, 1);
    let fire4 = r#"{"kind": "fired", "from": "MySQL database", "to": "10.1.1.33", "protocol": "tcp", "port": 443, "expect": "allowed"}"#;
    assert!(Exercise::from_json(&lesson(fire4)).is_ok());
    assert_eq!(
        err(&minimal(fire4)),
        "steps[0].checks[0]: a `fired` check belongs to a lesson (`\"kind\": \"lesson\"`): an assessment grades the \
         finished lab, which does not say what was fired while it was built"
    );
    assert_eq!(
        err(&lesson(r#"{"kind": "fired", "from": "a", "to": "b", "protocol": "tcp", "port": 443}"#)),
        "steps[0].checks[0].expect: missing"
    );
    assert_eq!(
        err(&lesson(r#"{"kind": "fired", "from": "a", "to": "b", "protocol": "tcp", "port": 443, "expect": "yes"}"#)),
        "steps[0].checks[0].expect: `yes` is not `allowed` or `denied`"
    );
    assert_eq!(
        err(&lesson(r#"{"kind": "fired", "from": "a", "to": "b", "protocol": "tcp", "expect": "denied"}"#)),
        "steps[0].checks[0]: protocol `tcp` needs `ports`: a port such as 443 or a range such as \"1024-65535\""
    );
    assert_eq!(
        err(&lesson(
            r#"{"kind": "fired", "from": "a", "to": "b", "protocol": "tcp", "port": 1, "expect": "denied", "reason": "SG_HAS_NO_RULES"}"#
        )),
        "steps[0].checks[0].reason: not a key of a `fired` check (it has kind, label, weight, hints, from, to, \
         protocol, port, icmp_type, icmp_code and expect)"
    );
}

#[test]
fn a_bad_exercise_file_is_refused_with_its_place() {
    let err = |text: &str| Exercise::from_json(text).expect_err("refused").to_string();
    assert!(err("{").starts_with("not an exercise file:"));
    assert_eq!(
        err(&minimal(
            r#"{"kind": "conection", "from": "a", "to": "b", "protocol": "tcp", "port": 1, "expect": "allowed"}"#
        )),
        "steps[0].checks[0].kind: `conection` is not a kind of check: use connection, fired, group_exists, \
         group_deleted, group_tagged, group_allows, no_rule_with_peer, group_attached, acl_decides or subnet_acl"
    );
    assert_eq!(
        err(&minimal(r#"{"kind": "connection", "from": "a", "to": "b", "protocol": "tcp", "expect": "allowed"}"#)),
        "steps[0].checks[0]: protocol `tcp` needs `ports`: a port such as 443 or a range such as \"1024-65535\""
    );
    assert_eq!(
        err(&minimal(
            r#"{"kind": "group_allows", "group": "g", "direction": "inbound", "protocol": "tcp", "ports": "443-80", "peer": "0.0.0.0/0"}"#
        )),
        "steps[0].checks[0]: `443-80` is not a port or a port range such as 1024-65535"
    );
    assert_eq!(
        err(&minimal(
            r#"{"kind": "connection", "from": "a", "to": "b", "protocol": "tcp", "port": 1, "expect": "denied", "reason": "SG_DENY"}"#
        )),
        "steps[0].checks[0]: `SG_DENY` is not a reason code (such as SUBNET_ACL_RESTRICTION or ENI_SG_RULES_MISMATCH)"
    );
    assert_eq!(
        err(&minimal(r#"{"kind": "no_rule_with_peer", "group": "g", "direction": "inbound", "peer": "10.0.0.0/33"}"#)),
        "steps[0].checks[0]: `10.0.0.0/33` is not a valid CIDR block"
    );
    let later = minimal(r#"{"kind": "group_exists", "group": "g"}"#).replace("sglab-exercise/1", "sglab-exercise/9");
    assert_eq!(err(&later), "`format` is `sglab-exercise/9`; this lab reads `sglab-exercise/1`");
    let bad_network = minimal(r#"{"kind": "group_exists", "group": "g"}"#).replace(
        r#""network": {"Vpcs": []}"#,
        r#""network": {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/40"}]}"#,
    );
    assert!(matches!(Exercise::from_json(&bad_network), Err(ExerciseError::Network(_))));
    assert!(err(&bad_network).starts_with("network.Subnets[0]"), "{}", err(&bad_network));
    // A network with none of the keys the lab reads (a misplaced wrapper, say) is refused.
    let wrapped = minimal(r#"{"kind": "group_exists", "group": "g"}"#)
        .replace(r#""network": {"Vpcs": []}"#, r#""network": {"data": {"Vpcs": []}}"#);
    assert!(
        err(&wrapped).starts_with("network: the document's keys are `data`: none of the keys the lab reads is here"),
        "{}",
        err(&wrapped)
    );
}

/// What serde would have said (`invalid type: string "443", expected u16 at line 1
/// column 16584`) is said where it is, in the format's words.
#[test]
fn a_malformed_file_is_reported_at_its_json_path_in_the_formats_words() {
    let err = |text: &str| Exercise::from_json(text).expect_err("refused").to_string();
    let connection = |extra: &str| {
        minimal(&format!(
            r#"{{"kind": "connection", "from": "a", "to": "b", "protocol": "tcp", "expect": "allowed"{extra}}}"#
        ))
    };
    assert_eq!(
        err(&connection(r#", "port": "443""#)),
        "steps[0].checks[0].port: expected a port number from 0 to 65535, found the text `443`"
    );
    assert_eq!(
        err(&connection(r#", "port": 70000"#)),
        "steps[0].checks[0].port: `70000` is not a port number from 0 to 65535"
    );
    assert_eq!(
        err(&connection(r#", "port": 44.3"#)),
        "steps[0].checks[0].port: `44.3` is not a port number from 0 to 65535"
    );
    assert_eq!(
        err(&connection(r#", "port": 443, "weight": -1"#)),
        "steps[0].checks[0].weight: `-1` is not a whole number of points"
    );
    assert_eq!(
        err(&connection(r#", "port": 443, "blocked_on": "response""#)),
        "steps[0].checks[0].blocked_on: `response` is not `request` or `reply`"
    );
    assert_eq!(
        err(&connection(r#", "port": 443, "colour": "red""#)),
        "steps[0].checks[0].colour: not a key of a `connection` check (it has kind, label, weight, hints, from, to, protocol, \
         port, icmp_type, icmp_code, source_port, expect, reason and blocked_on)"
    );
    assert_eq!(
        err(&minimal(r#"{"kind": "connection", "from": "a", "protocol": "tcp", "port": 1, "expect": "allowed"}"#)),
        "steps[0].checks[0].to: missing"
    );
    assert_eq!(
        err(&minimal(
            r#"{"kind": "group_allows", "group": "g", "direction": "in", "protocol": "tcp", "ports": 443, "peer": "0.0.0.0/0"}"#
        )),
        "steps[0].checks[0].direction: `in` is not `inbound` or `outbound`"
    );
    assert_eq!(
        err(&minimal(
            r#"{"kind": "group_allows", "group": "g", "direction": "inbound", "protocol": "tcp", "ports": [80, 443], "peer": "0.0.0.0/0"}"#
        )),
        "steps[0].checks[0].ports: expected a port such as 443 or a range such as \"1024-65535\", found an array"
    );
    assert_eq!(
        err(&minimal(r#"{"kind": "group_tagged", "group": "g", "tags": {"Name": 7}}"#)),
        "steps[0].checks[0].tags.Name: expected a text (a string in quotes), found `7`"
    );
    assert_eq!(
        err(&minimal(r#"{"kind": "subnet_acl", "subnet": "s", "custom": "yes"}"#)),
        "steps[0].checks[0].custom: expected `true` or `false`, found the text `yes`"
    );
    assert_eq!(
        err(&minimal(r#"{"group": "g"}"#)).split(',').next(),
        Some("steps[0].checks[0].kind: missing: the kind of check")
    );
    assert_eq!(
        err(&minimal(r#"["group_exists"]"#)),
        "steps[0].checks[0]: expected a check (an object with a `kind`), found an array"
    );
    let step_key = minimal(r#"{"kind": "group_exists", "group": "g"}"#)
        .replace(r#""instructions""#, r#""hint": "x", "instructions""#);
    assert_eq!(err(&step_key), "steps[0].hint: not a key of a step (it has id, title, instructions, hints and checks)");
    let hints = minimal(r#"{"kind": "group_exists", "group": "g"}"#)
        .replace(r#""instructions""#, r#""hints": ["a", 3], "instructions""#);
    assert_eq!(err(&hints), "steps[0].hints[1]: expected a text (a string in quotes), found `3`");
    let kind =
        minimal(r#"{"kind": "group_exists", "group": "g"}"#).replace(r#""id": "t""#, r#""id": "t", "kind": "quiz""#);
    assert_eq!(err(&kind), "kind: `quiz` is not `lesson` or `assessment`");
    let no_title = minimal(r#"{"kind": "group_exists", "group": "g"}"#).replace(r#""title": "T","#, "");
    assert_eq!(err(&no_title), "title: missing");
    assert_eq!(
        err("[1, 2]"),
        "not an exercise file: expected an object with `format`, `id`, `title`, `network` and `steps`, found an array"
    );
    assert_eq!(
        err(r#"{"name": "x"}"#),
        "not an exercise file: its keys are `name`, and an exercise file has `\"format\": \"sglab-exercise/1\"`"
    );

    // Deep in a real lesson, past column 16000 of a one-line file.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lessons_dir().join("01-security-groups.json")).unwrap()).unwrap();
    let (s, c) = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .flat_map(|(s, step)| (0..step["checks"].as_array().map_or(0, Vec::len)).map(move |c| (s, c)))
        .rfind(|(s, c)| doc_kind(&doc, *s, *c) == "connection")
        .unwrap();
    doc["steps"][s]["checks"][c]["port"] = "443".into();
    let one_line = doc.to_string();
    assert!(one_line.len() > 16_000);
    let message = err(&one_line);
    assert_eq!(
        message,
        format!("steps[{s}].checks[{c}].port: expected a port number from 0 to 65535, found the text `443`")
    );
    for rust in ["line", "column", "u16", "u32", "u8", "enum", "variant", "struct"] {
        assert!(!message.contains(rust), "{message}");
    }
}

fn doc_kind(doc: &serde_json::Value, s: usize, c: usize) -> String {
    doc["steps"][s]["checks"][c]["kind"].as_str().unwrap_or_default().to_owned()
}

/// A lab (AWS JSON or the lab's own save) given where an exercise is expected.
#[test]
fn a_lab_given_as_an_exercise_is_recognised() {
    let lab = aws::to_aws_json(&example::chapter());
    let refused = Exercise::from_json(&lab).expect_err("a lab is not an exercise");
    assert_eq!(refused, ExerciseError::IsLab);
    assert_eq!(refused.to_string(), "this is a lab (the AWS JSON the lab imports and exports), not an exercise file");
    assert_eq!(Exercise::from_json(r#"{"SgLabSave": {"Version": 1}}"#), Err(ExerciseError::IsLab));
    assert_eq!(Exercise::from_json(r#"{"Vpcs": []}"#), Err(ExerciseError::IsLab));
}

/// Help! follows the failing checks: the hints of the first one that fails, then of
/// the next, then the step's own.
#[test]
fn hints_follow_the_first_failing_check() {
    let exercise = Exercise::from_json(
        &minimal(
            r#"{"kind": "group_exists", "group": "default", "hints": ["exists 1", "exists 2"]},
               {"kind": "group_exists", "group": "web-sg", "hints": ["web 1"]},
               {"kind": "group_deleted", "group": "old-sg"}"#,
        )
        .replace(r#""instructions""#, r#""hints": ["step 1"], "instructions""#)
        .replace(
            r#""network": {"Vpcs": []}"#,
            r#""network": {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        ),
    )
    .unwrap();
    let step = &exercise.steps[0];
    let keys = |report: Option<&sglab_engine::exercise::StepReport>| -> Vec<String> {
        step.hints_offered(report).into_iter().map(|h| format!("{}={}", h.key, h.text)).collect()
    };
    // Not graded yet: every check's hints, in order, then the step's.
    assert_eq!(
        keys(None),
        ["checks[0].hints[0]=exists 1", "checks[0].hints[1]=exists 2", "checks[1].hints[0]=web 1", "hints[0]=step 1"]
    );
    // The VPC has its default group, not web-sg: the first failing check is the second.
    let mut net = exercise.start_network().unwrap();
    let report = grade_step(step, &net);
    assert_eq!([report.checks[0].passed, report.checks[1].passed, report.checks[2].passed], [true, false, true]);
    assert_eq!(keys(Some(&report)), ["checks[1].hints[0]=web 1", "hints[0]=step 1"]);
    // The report carries each failing check's hints, and only theirs.
    assert_eq!(report.checks[1].hints, ["web 1"]);
    assert!(report.checks[0].hints.is_empty());
    // Once it passes, only the step's own are left.
    let vpc_id = net.vpcs[0].id.clone();
    net.apply(&Edit::CreateSecurityGroup { vpc_id, name: "web-sg".into(), description: "web".into(), tags: vec![] })
        .unwrap();
    assert_eq!(keys(Some(&grade_step(step, &net))), ["hints[0]=step 1"]);
    // A key finds its hint whatever passes.
    assert_eq!(step.hint("checks[0].hints[1]"), Some("exists 2"));
    assert_eq!(step.hint("hints[0]"), Some("step 1"));
    assert_eq!(step.hint("checks[2].hints[0]"), None);
    assert_eq!(step.hint("hints[7]"), None);
    // A file whose hints are all the step's (every file before check hints) offers them as before.
    let lesson = load("01-security-groups.json");
    let reading = lesson.steps.iter().find(|s| s.id == "four-connections").unwrap();
    assert_eq!(reading.hints_offered(None).iter().map(|h| h.text.as_str()).collect::<Vec<_>>(), reading.hints);
}

#[test]
fn a_check_on_something_the_student_has_not_built_fails_with_a_message() {
    let exercise = Exercise::from_json(&minimal(
        r#"{"kind": "connection", "from": "Web server", "to": "10.0.0.5", "protocol": "tcp", "port": 80, "expect": "allowed"}"#,
    ))
    .unwrap();
    let report = grade(&exercise, &exercise.start_network().unwrap());
    assert_eq!(report.score, 0);
    assert_eq!(
        report.steps[0].checks[0].problem.as_deref(),
        Some("`Web server` is not an IP address, network interface, resource or host in the lab")
    );
}
