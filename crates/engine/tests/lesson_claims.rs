//! What the lessons say about AWS, proved in the lab where the lab can show it.
//!
//! Each claim quotes the lesson's words (the test fails if they are gone, so whoever
//! rewrites a sentence comes here and checks its proof) and either a check that shows
//! it in the lab, or the AWS documentation it rests on where the lab cannot show it
//! (what the RDS console lets you change is not part of the lab's network).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers: a failed setup should stop the test"
)]

use sglab_engine::connections::{ConnectionTable, Session};
use sglab_engine::edit::RuleSpec;
use sglab_engine::exercise::Exercise;
use sglab_engine::ids::*;
use sglab_engine::verdict::LegDirection;
use sglab_engine::*;
use std::path::PathBuf;

/// A claim: the lesson and step that make it, the words, and how it is known.
struct Claim {
    lesson: &'static str,
    step: &'static str,
    words: &'static str,
    proof: Proof,
}

enum Proof {
    /// Shown in the lab by this check.
    Lab(fn()),
    /// Not something the lab's network can show: the AWS documentation it rests on.
    Aws(&'static str),
}

const LESSON_1: &str = "01-security-groups.json";
const LESSON_2: &str = "02-network-acls.json";

fn claims() -> Vec<Claim> {
    vec![
        Claim {
            lesson: LESSON_1,
            step: "what-is-a-security-group",
            words: "Whatever no rule allows is denied.",
            proof: Proof::Lab(what_no_rule_allows_is_denied),
        },
        Claim {
            lesson: LESSON_1,
            step: "what-is-a-security-group",
            words: "The rules have no order",
            proof: Proof::Lab(security_group_rules_have_no_order),
        },
        Claim {
            lesson: LESSON_1,
            step: "stateful-replies",
            words: "A tracked connection stays open when you remove the rule that allowed it, until it idles out.",
            proof: Proof::Lab(a_tracked_connection_survives_the_removal_of_its_rule),
        },
        Claim {
            lesson: LESSON_1,
            step: "stateful-replies",
            words: "one allowed by a rule for 0.0.0.0/0 while the other direction allows all traffic to 0.0.0.0/0 is \
                    untracked, and removing the rule that allows it cuts it at once",
            proof: Proof::Lab(an_untracked_connection_is_cut_when_its_rule_is_removed),
        },
        Claim {
            lesson: LESSON_1,
            step: "delete-groups",
            words: "AWS's own message only says that the group has a dependent object (resource sg-… has a dependent \
                    object); the lab adds what they are",
            proof: Proof::Lab(the_dependency_error_is_aws_s_sentence_and_then_the_list),
        },
        Claim {
            lesson: LESSON_1,
            step: "attach-groups",
            words: "you change a database's groups on the database itself, with Modify in the RDS console or \
                    `aws rds modify-db-instance --vpc-security-group-ids`",
            proof: Proof::Aws(
                "EC2 User Guide, Requester-managed network interfaces: \"you can add or remove tags, but you can't \
                 change other properties of a requester-managed network interface\"; RDS API, ModifyDBInstance \
                 VpcSecurityGroupIds",
            ),
        },
        Claim {
            lesson: LESSON_2,
            step: "ephemeral-ports",
            words: "its requests to port 443 leave the subnet, but their replies come back to the App Server's own \
                    ephemeral port, and the inbound side allows only 443, so they are dropped",
            proof: Proof::Lab(outbound_443_lets_requests_leave_but_drops_their_replies),
        },
        Claim {
            lesson: LESSON_2,
            step: "ephemeral-ports",
            words: "A reply to the browser goes to the browser's port, not to 443, so it still fails.",
            proof: Proof::Lab(outbound_443_does_not_pass_the_reply_to_the_browser),
        },
        Claim {
            lesson: LESSON_2,
            step: "deny-rule",
            words: "the open connection 1 is cut at once",
            proof: Proof::Lab(a_network_acl_deny_cuts_an_open_connection),
        },
        Claim {
            lesson: LESSON_2,
            step: "deny-rule",
            words: "Deny in the Allow/Deny column (the API calls it RuleAction)",
            proof: Proof::Lab(the_console_column_is_allow_deny_and_the_api_field_rule_action),
        },
    ]
}

#[test]
fn every_claim_is_in_its_lesson_and_holds() {
    for claim in claims() {
        let lesson = load(claim.lesson);
        let step = lesson
            .steps
            .iter()
            .find(|s| s.id == claim.step)
            .unwrap_or_else(|| panic!("{}: no step {}", claim.lesson, claim.step));
        let check_hints = step.checks.iter().flat_map(|c| &c.hints);
        let text: Vec<&str> =
            std::iter::once(&step.instructions).chain(&step.hints).chain(check_hints).map(String::as_str).collect();
        let source = match claim.proof {
            Proof::Lab(_) => "the check below",
            Proof::Aws(source) => source,
        };
        assert!(
            text.iter().any(|t| t.contains(claim.words)),
            "{} step {} no longer says: {} (known from {source}): check the new words against it",
            claim.lesson,
            claim.step,
            claim.words
        );
        if let Proof::Lab(check) = claim.proof {
            check();
        }
    }
}

/// What the lessons used to say and must not say again.
#[test]
fn the_lessons_no_longer_say_what_is_not_so() {
    let untrue = [
        (LESSON_1, "hidden \"deny all\""),
        (LESSON_1, "An open connection stays open when you remove the rule that allowed it"),
        (LESSON_1, "it lists every dependent object"),
        (LESSON_2, "That lets the App Server start HTTPS connections"),
        (LESSON_2, "Rule action Deny"),
    ];
    for (lesson, words) in untrue {
        let text = std::fs::read_to_string(lessons_dir().join(lesson)).unwrap();
        assert!(!text.contains(words), "{lesson} says again: {words}");
    }
}

// ---------------------------------------------------------------- the proofs

fn lessons_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

fn load(name: &str) -> Exercise {
    Exercise::from_json(&std::fs::read_to_string(lessons_dir().join(name)).unwrap()).unwrap()
}

fn start(name: &str) -> Network {
    load(name).start_network().unwrap()
}

fn group(net: &Network, name: &str) -> SecurityGroupId {
    net.security_groups.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}")).id.clone()
}

fn apply(net: &mut Network, edit: Edit) {
    net.apply(&edit).unwrap_or_else(|e| panic!("{e}: {edit:?}"));
}

fn flow(net: &Network, from: &str, to: &str, service: Service) -> Flow {
    Flow::new(net.parse_endpoint(from).unwrap(), net.parse_endpoint(to).unwrap(), service)
}

fn judge(net: &Network, from: &str, to: &str, service: Service) -> Verdict {
    evaluate(net, &flow(net, from, to, service)).unwrap()
}

const HTTPS: Service = Service::Tcp { port: 443 };
const MYSQL: Service = Service::Tcp { port: 3306 };

fn anywhere() -> Peer {
    Peer::Cidr("0.0.0.0/0".parse().unwrap())
}

fn revoke(net: &mut Network, group_name: &str, direction: Direction, traffic: Traffic) {
    let group_id = group(net, group_name);
    let rule_ids: Vec<SecurityGroupRuleId> = net
        .security_group(&group_id)
        .unwrap()
        .rules(direction)
        .iter()
        .filter(|r| r.traffic == traffic)
        .map(|r| r.id.clone())
        .collect();
    assert!(!rule_ids.is_empty());
    apply(
        net,
        match direction {
            Direction::Inbound => Edit::RevokeSecurityGroupIngress { group_id, rule_ids },
            Direction::Outbound => Edit::RevokeSecurityGroupEgress { group_id, rule_ids },
        },
    );
}

/// Connection 3: nothing allows it, and nothing needs to deny it.
fn what_no_rule_allows_is_denied() {
    let net = start(LESSON_1);
    let v = judge(&net, "App Server", "Suspicious server", HTTPS);
    let blocked = v.blocked.expect("denied");
    assert_eq!(blocked.leg, LegDirection::Request);
    assert_eq!(v.request.hops[blocked.hop].kind, HopKind::SecurityGroupsOutbound);
    // Not a rule that denies (a rule only allows): no rule matches.
    assert_eq!(blocked.code, ReasonCode::EniSgRulesMismatch, "{}", blocked.explanation);
}

/// The same rules and groups, in the opposite order, decide every connection alike.
fn security_group_rules_have_no_order() {
    let mut net = start(LESSON_1);
    let app = group(&net, "app-server-sg");
    apply(
        &mut net,
        Edit::AuthorizeSecurityGroupIngress {
            group_id: app.clone(),
            rules: vec![
                RuleSpec::new(
                    Traffic::Tcp(PortRange { from: 22, to: 22 }),
                    Peer::Cidr("198.51.100.0/24".parse().unwrap()),
                ),
                RuleSpec::new(Traffic::Tcp(PortRange { from: 80, to: 443 }), Peer::Cidr("1.2.3.0/24".parse().unwrap())),
            ],
        },
    );
    let default_sg = group(&net, "default");
    let eni = net
        .resources
        .iter()
        .find(|r| r.name == "App Server")
        .map(|r| net.interfaces_of(&r.id).next().unwrap().id.clone())
        .unwrap();
    apply(
        &mut net,
        Edit::ModifyNetworkInterfaceAttribute {
            interface_id: eni.clone(),
            groups: vec![app.clone(), default_sg.clone()],
        },
    );
    let mut reversed = net.clone();
    for g in &mut reversed.security_groups {
        g.inbound.reverse();
        g.outbound.reverse();
    }
    apply(&mut reversed, Edit::ModifyNetworkInterfaceAttribute { interface_id: eni, groups: vec![default_sg, app] });
    for (from, port) in [
        ("Web browser", 443),
        ("Web browser", 80),
        ("Web browser", 22),
        ("Suspicious server", 443),
        ("Suspicious server", 22),
    ] {
        let service = Service::Tcp { port };
        let (a, b) = (judge(&net, from, "4.5.6.7", service), judge(&reversed, from, "4.5.6.7", service));
        assert_eq!((a.allowed, a.blocked.map(|b| b.code)), (b.allowed, b.blocked.map(|b| b.code)), "{from} TCP {port}");
    }
}

/// Connection 2 is tracked (the database's rule names 10.1.1.0/24): removing that rule
/// leaves it open, while a new one is refused.
fn a_tracked_connection_survives_the_removal_of_its_rule() {
    let mut net = start(LESSON_1);
    let mut table = ConnectionTable::new();
    let i = table.fire(&net, flow(&net, "App Server", "MySQL database", MYSQL), None).unwrap();
    assert!(table.connections()[i].verdict.as_ref().unwrap().is_tracked());
    revoke(&mut net, "database-sg", Direction::Inbound, Traffic::Tcp(PortRange::single(3306)));
    table.rejudge(&net);
    assert!(
        matches!(table.connections()[i].session, Session::OpenByTracking { .. }),
        "{:?}",
        table.connections()[i].session
    );
    assert!(!judge(&net, "App Server", "MySQL database", MYSQL).allowed);
}

/// Connection 1 made untracked (inbound 443 from 0.0.0.0/0, outbound all traffic to
/// 0.0.0.0/0): removing the inbound rule cuts it at once.
fn an_untracked_connection_is_cut_when_its_rule_is_removed() {
    let mut net = start(LESSON_1);
    let app = group(&net, "app-server-sg");
    apply(
        &mut net,
        Edit::AuthorizeSecurityGroupEgress { group_id: app, rules: vec![RuleSpec::new(Traffic::All, anywhere())] },
    );
    let mut table = ConnectionTable::new();
    let i = table.fire(&net, flow(&net, "Web browser", "4.5.6.7", HTTPS), None).unwrap();
    let opened = table.connections()[i].verdict.as_ref().unwrap().clone();
    assert!(opened.allowed && !opened.is_tracked(), "{:?}", opened.tracking);
    revoke(&mut net, "app-server-sg", Direction::Inbound, Traffic::Tcp(PortRange::single(443)));
    table.rejudge(&net);
    assert!(matches!(table.connections()[i].session, Session::Cut { .. }), "{:?}", table.connections()[i].session);
}

/// AWS's `DependencyViolation` says `resource sg-… has a dependent object`; the lab's
/// says that, then what depends on the group.
fn the_dependency_error_is_aws_s_sentence_and_then_the_list() {
    let mut net = start(LESSON_1);
    let app = group(&net, "app-server-sg");
    let error = net.apply(&Edit::DeleteSecurityGroup { group_id: app.clone() }).expect_err("attached").to_string();
    let aws = format!("DependencyViolation: resource {app} has a dependent object");
    assert!(error.starts_with(&aws), "{error}");
    let added = &error[aws.len()..];
    assert!(added.starts_with(": ") && added.contains("eni-") && added.contains("App Server"), "{error}");
}

/// The public subnet's ACL with TCP 443 in and TCP 443 out: the App Server's HTTPS
/// request to the internet leaves, and its reply, to the App Server's ephemeral port,
/// is dropped coming in; an inbound rule for ephemeral ports lets it back.
fn outbound_443_lets_requests_leave_but_drops_their_replies() {
    let mut net = mirrored_acl();
    let v = judge(&net, "App Server", "Suspicious server", HTTPS);
    let blocked = v.blocked.expect("denied");
    assert_eq!(
        (blocked.leg, blocked.code),
        (LegDirection::Reply, ReasonCode::SubnetAclRestriction),
        "{}",
        blocked.explanation
    );
    assert_eq!(v.reply.as_ref().unwrap().hops[blocked.hop].kind, HopKind::NetworkAclInbound);
    let acl = public_acl(&net);
    apply(
        &mut net,
        Edit::CreateNetworkAclEntry { acl_id: acl, egress: false, entry: entry(110, tcp_range(1024, 65535)) },
    );
    assert!(judge(&net, "App Server", "Suspicious server", HTTPS).allowed);
}

fn outbound_443_does_not_pass_the_reply_to_the_browser() {
    let net = mirrored_acl();
    let v = judge(&net, "Web browser", "4.5.6.7", HTTPS);
    let blocked = v.blocked.expect("denied");
    assert_eq!((blocked.leg, blocked.code), (LegDirection::Reply, ReasonCode::SubnetAclRestriction));
    assert_eq!(v.reply.as_ref().unwrap().hops[blocked.hop].kind, HopKind::NetworkAclOutbound);
}

/// Lesson 2's network with `public-acl` on the public subnet, allowing TCP 443 in and
/// out ("the classic mistake"), and the App Server's group allowing HTTPS out.
fn mirrored_acl() -> Network {
    let mut net = start(LESSON_2);
    let vpc_id = net.vpcs[0].id.clone();
    apply(&mut net, Edit::CreateNetworkAcl { vpc_id, name: Some("public-acl".into()) });
    let acl = public_acl(&net);
    let subnet_id = net.subnets.iter().find(|s| name_tag(&s.tags) == Some("public-subnet")).unwrap().id.clone();
    apply(&mut net, Edit::ReplaceNetworkAclAssociation { subnet_id, acl_id: acl.clone() });
    apply(
        &mut net,
        Edit::CreateNetworkAclEntry { acl_id: acl.clone(), egress: false, entry: entry(100, tcp_range(443, 443)) },
    );
    apply(&mut net, Edit::CreateNetworkAclEntry { acl_id: acl, egress: true, entry: entry(100, tcp_range(443, 443)) });
    let app = group(&net, "app-server-sg");
    apply(
        &mut net,
        Edit::AuthorizeSecurityGroupEgress {
            group_id: app,
            rules: vec![RuleSpec::new(tcp_range(443, 443), anywhere())],
        },
    );
    net
}

fn public_acl(net: &Network) -> NetworkAclId {
    net.network_acls.iter().find(|a| name_tag(&a.tags) == Some("public-acl")).unwrap().id.clone()
}

fn tcp_range(from: u16, to: u16) -> Traffic {
    Traffic::Tcp(PortRange { from, to })
}

fn entry(rule_number: u16, traffic: Traffic) -> NaclEntry {
    NaclEntry { rule_number, action: RuleAction::Allow, traffic, cidr: "0.0.0.0/0".parse().unwrap() }
}

/// Connection 1 open through `public-acl`; a DENY numbered 50 for 1.2.3.4/32 cuts it.
fn a_network_acl_deny_cuts_an_open_connection() {
    let mut net = mirrored_acl();
    let acl = public_acl(&net);
    apply(
        &mut net,
        Edit::CreateNetworkAclEntry { acl_id: acl.clone(), egress: true, entry: entry(110, tcp_range(1024, 65535)) },
    );
    let mut table = ConnectionTable::new();
    let i = table.fire(&net, flow(&net, "Web browser", "4.5.6.7", HTTPS), None).unwrap();
    assert_eq!(table.connections()[i].session, Session::Open);
    let deny = NaclEntry {
        rule_number: 50,
        action: RuleAction::Deny,
        traffic: Traffic::All,
        cidr: "1.2.3.4/32".parse().unwrap(),
    };
    apply(&mut net, Edit::CreateNetworkAclEntry { acl_id: acl, egress: false, entry: deny });
    table.rejudge(&net);
    assert!(matches!(table.connections()[i].session, Session::Cut { .. }), "{:?}", table.connections()[i].session);
}

/// The lab's console shows the column as AWS's does, "Allow/Deny"; the AWS JSON (the
/// API's words) calls the field `RuleAction`.
fn the_console_column_is_allow_deny_and_the_api_field_rule_action() {
    let console = include_str!("../../../src/acls/mod.rs");
    assert!(console.contains("<th scope=\"col\">\"Allow/Deny\"</th>"));
    let json = aws::to_aws_json(&mirrored_acl());
    assert!(json.contains("\"RuleAction\": \"allow\""), "the exported entries name the field RuleAction");
}
