//! Security group edits, as a student makes them in the chapter, and every way AWS
//! refuses them.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers outside #[test] functions: a failed setup should stop the test"
)]

use ipnet::IpNet;
use sglab_engine::edit::{apply, replay, Applied, RuleSpec, MAX_RULES_PER_GROUP};
use sglab_engine::example::{self, APP_ENI_ID, APP_SG_ID, DATABASE_SG_ID, DEFAULT_SG_ID, VPC_ID};
use sglab_engine::ids::*;
use sglab_engine::*;

fn vpc() -> VpcId {
    VpcId::new(VPC_ID)
}

fn cidr(s: &str) -> Peer {
    Peer::Cidr(s.parse::<IpNet>().unwrap())
}

fn tcp(port: u16, peer: Peer) -> RuleSpec {
    RuleSpec::new(Traffic::Tcp(PortRange::single(port)), peer)
}

fn tag(key: &str, value: &str) -> Tag {
    Tag { key: key.into(), value: value.into() }
}

fn create_group(net: &mut Network, name: &str) -> Result<Applied, EditError> {
    apply(
        net,
        &Edit::CreateSecurityGroup {
            vpc_id: vpc(),
            name: name.into(),
            description: format!("{name} for learning"),
            tags: vec![],
        },
    )
}

/// Applies an edit that must be refused, checks that it changed nothing, and
/// returns the error.
fn refused(net: &Network, edit: Edit) -> EditError {
    let mut after = net.clone();
    let err = apply(&mut after, &edit).expect_err("the edit should be refused");
    assert_eq!(&after, net, "a refused edit must leave the network as it was");
    err
}

/// The chapter's two groups: https with 443 and 80 from anywhere and two tags,
/// mysql with 3306 from the public subnet.
fn chapter_groups(net: &mut Network) -> (SecurityGroupId, SecurityGroupId, SecurityGroupRuleId) {
    let https = apply(
        net,
        &Edit::CreateSecurityGroup {
            vpc_id: vpc(),
            name: "our-learning-sg-https".into(),
            description: "Allow HTTPS and HTTP from anywhere".into(),
            tags: vec![tag("Name", "our-learning-sg-https"), tag("EducationOnly", "yes")],
        },
    )
    .unwrap();
    let https_id = https.security_group().unwrap().clone();
    apply(
        net,
        &Edit::AuthorizeSecurityGroupIngress {
            group_id: https_id.clone(),
            rules: vec![
                tcp(443, cidr("0.0.0.0/0")).with_description("HTTPS from anywhere"),
                tcp(80, cidr("0.0.0.0/0")).with_description("HTTP from anywhere"),
            ],
        },
    )
    .unwrap();
    let mysql = apply(
        net,
        &Edit::CreateSecurityGroup {
            vpc_id: vpc(),
            name: "our-learning-sg-mysql".into(),
            description: "Allow MySQL from the public subnet".into(),
            tags: vec![tag("Name", "our-learning-sg-mysql"), tag("EducationOnly", "yes")],
        },
    )
    .unwrap();
    let mysql_id = mysql.security_group().unwrap().clone();
    let rule = apply(
        net,
        &Edit::AuthorizeSecurityGroupIngress {
            group_id: mysql_id.clone(),
            rules: vec![tcp(3306, cidr("10.1.1.0/24"))],
        },
    )
    .unwrap();
    (https_id, mysql_id, rule.rule_ids()[0].clone())
}

#[test]
fn the_chapter_workflow_creates_references_and_deletes_the_learning_groups() {
    let mut net = example::chapter();
    let (https, mysql, cidr_rule) = chapter_groups(&mut net);

    let g = net.security_group(&https).unwrap();
    assert_eq!(g.name, "our-learning-sg-https");
    assert_eq!(name_tag(&g.tags), Some("our-learning-sg-https"));
    assert!(g.tags.contains(&tag("EducationOnly", "yes")));
    let inbound: Vec<_> = g.inbound.iter().map(|r| (r.traffic, r.peer.clone())).collect();
    assert_eq!(
        inbound,
        vec![
            (Traffic::Tcp(PortRange::single(443)), cidr("0.0.0.0/0")),
            (Traffic::Tcp(PortRange::single(80)), cidr("0.0.0.0/0")),
        ]
    );

    // Replace the CIDR rule with a reference to the https group, keeping its id.
    apply(
        &mut net,
        &Edit::ModifySecurityGroupRules {
            group_id: mysql.clone(),
            direction: Direction::Inbound,
            rule_id: cidr_rule.clone(),
            spec: tcp(3306, Peer::SecurityGroup(https.clone())).with_description("MySQL"),
        },
    )
    .unwrap();
    let m = net.security_group(&mysql).unwrap();
    assert_eq!(m.inbound.len(), 1);
    assert_eq!(m.inbound[0].id, cidr_rule);
    assert_eq!(m.inbound[0].peer, Peer::SecurityGroup(https.clone()));
    assert_eq!(m.inbound[0].description.as_deref(), Some("MySQL"));

    // https can't go while mysql's rule references it.
    let err = refused(&net, Edit::DeleteSecurityGroup { group_id: https.clone() });
    assert_eq!(err.code(), "DependencyViolation");
    assert_eq!(
        err.to_string(),
        format!(
            "DependencyViolation: resource {https} has a dependent object: it is referenced by rule {cidr_rule} in {mysql} (our-learning-sg-mysql)"
        )
    );

    apply(&mut net, &Edit::DeleteSecurityGroup { group_id: mysql.clone() }).unwrap();
    apply(&mut net, &Edit::DeleteSecurityGroup { group_id: https.clone() }).unwrap();
    assert_eq!(net, example::chapter(), "deleting both groups gives the chapter's network back");
}

#[test]
fn a_new_group_gets_the_default_outbound_rule_and_no_inbound_rules() {
    let mut net = example::chapter();
    let applied = create_group(&mut net, "web").unwrap();
    let g = net.security_group(applied.security_group().unwrap()).unwrap();
    assert!(g.inbound.is_empty());
    assert_eq!(g.outbound.len(), 1);
    assert_eq!(g.outbound[0].traffic, Traffic::All);
    assert_eq!(g.outbound[0].peer, cidr("0.0.0.0/0"));
    assert_eq!(applied.rule_ids(), vec![&g.outbound[0].id]);
    assert!(g.id.as_str().starts_with("sg-") && g.id.as_str().len() == 20);
    assert!(g.outbound[0].id.as_str().starts_with("sgr-") && g.outbound[0].id.as_str().len() == 21);
}

#[test]
fn a_new_group_in_a_vpc_with_ipv6_also_allows_all_outbound_ipv6() {
    let mut net = example::chapter();
    net.vpcs[0].ipv6_cidr_blocks.push("2600:1f18:abcd:1200::/56".parse().unwrap());
    let applied = create_group(&mut net, "web").unwrap();
    let g = net.security_group(applied.security_group().unwrap()).unwrap();
    let peers: Vec<_> = g.outbound.iter().map(|r| r.peer.clone()).collect();
    assert_eq!(peers, vec![cidr("0.0.0.0/0"), cidr("::/0")]);
    assert_eq!(applied.rule_ids().len(), 2);
}

#[test]
fn the_same_edits_give_the_same_ids() {
    let mut a = example::chapter();
    let mut b = example::chapter();
    let ids_a = chapter_groups(&mut a);
    let ids_b = chapter_groups(&mut b);
    assert_eq!(ids_a, ids_b);
    assert_eq!(a, b);
}

#[test]
fn replaying_the_edits_rebuilds_the_lab() {
    let start = example::chapter();
    let mut net = start.clone();
    let edits = vec![
        Edit::CreateSecurityGroup { vpc_id: vpc(), name: "a".into(), description: "a".into(), tags: vec![] },
        Edit::AuthorizeSecurityGroupIngress {
            group_id: SecurityGroupId::new(APP_SG_ID),
            rules: vec![tcp(22, cidr("1.2.3.4/32"))],
        },
    ];
    for e in &edits {
        apply(&mut net, e).unwrap();
    }
    assert_eq!(replay(&start, &edits).unwrap(), net);

    let json = serde_json::to_string(&edits).unwrap();
    let back: Vec<Edit> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, edits, "edits survive being saved as JSON");

    let bad = vec![edits[0].clone(), edits[0].clone()];
    let err = replay(&start, &bad).unwrap_err();
    assert_eq!(err.index, 1);
    assert_eq!(err.error.code(), "InvalidGroup.Duplicate");
}

#[test]
fn a_rule_that_exists_already_is_refused_whatever_its_description() {
    let mut net = example::chapter();
    let (https, ..) = chapter_groups(&mut net);
    let err = refused(
        &net,
        Edit::AuthorizeSecurityGroupIngress {
            group_id: https.clone(),
            rules: vec![tcp(443, cidr("0.0.0.0/0")).with_description("another description")],
        },
    );
    assert_eq!(
        err.to_string(),
        "InvalidPermission.Duplicate: the specified rule \"peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW\" already exists"
    );
    assert_eq!(err.code(), "InvalidPermission.Duplicate");
    assert_eq!(err.row(), Some(0));
}

#[test]
fn the_same_rule_twice_in_one_request_is_refused() {
    let net = example::chapter();
    let err = refused(
        &net,
        Edit::AuthorizeSecurityGroupIngress {
            group_id: SecurityGroupId::new(APP_SG_ID),
            rules: vec![tcp(22, cidr("1.2.3.4/32")), tcp(22, cidr("1.2.3.4/32")).with_description("again")],
        },
    );
    assert_eq!(
        err.to_string(),
        "InvalidParameterValue: the same permission must not appear multiple times: \"peer: 1.2.3.4/32, TCP, from port: 22, to port: 22, ALLOW\""
    );
    assert_eq!(err.row(), Some(1));
}

#[test]
fn a_taken_group_name_is_refused_in_the_same_vpc() {
    let mut net = example::chapter();
    create_group(&mut net, "our-learning-sg-https").unwrap();
    let err = refused(
        &net,
        Edit::CreateSecurityGroup {
            vpc_id: vpc(),
            name: "our-learning-sg-https".into(),
            description: "again".into(),
            tags: vec![],
        },
    );
    assert_eq!(
        err.to_string(),
        format!("InvalidGroup.Duplicate: the security group `our-learning-sg-https` already exists for VPC `{VPC_ID}`")
    );
    assert_eq!(err.field(), Some(edit::Field::Name));
}

#[test]
fn group_names_and_descriptions_follow_aws_constraints() {
    let net = example::chapter();
    let create = |name: &str, description: &str| Edit::CreateSecurityGroup {
        vpc_id: vpc(),
        name: name.into(),
        description: description.into(),
        tags: vec![],
    };
    let cases = [
        (create("sg-web", "d"), "InvalidParameterValue: group names may not be in the format sg-*", "name"),
        (create("", "d"), "InvalidParameterValue: the security group name must not be empty", "name"),
        (create("web", ""), "InvalidParameterValue: the description must not be empty", "description"),
        (
            create(&"a".repeat(256), "d"),
            "InvalidParameterValue: the security group name is 256 characters long; it may have at most 255",
            "name",
        ),
        (
            create("web", &"d".repeat(300)),
            "InvalidParameterValue: the description is 300 characters long; it may have at most 255",
            "description",
        ),
        (
            create("web", "caf\u{e9}"),
            "InvalidParameterValue: the description may contain only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* (not `\u{e9}`)",
            "description",
        ),
        (
            create("default", "d"),
            "InvalidGroup.Reserved: the security group name `default` is reserved: every VPC has its own `default` group",
            "name",
        ),
    ];
    for (edit, message, field) in cases {
        let err = refused(&net, edit);
        assert_eq!(err.to_string(), message);
        assert_eq!(err.field().map(edit::Field::as_str), Some(field), "{message}");
    }
    // 255 characters is fine.
    let mut ok = net.clone();
    apply(&mut ok, &create(&"a".repeat(255), &"d".repeat(255))).unwrap();
}

#[test]
fn the_default_group_cannot_be_deleted() {
    let net = example::chapter();
    let err = refused(&net, Edit::DeleteSecurityGroup { group_id: SecurityGroupId::new(DEFAULT_SG_ID) });
    assert_eq!(
        err.to_string(),
        format!("CannotDelete: the specified group: `{DEFAULT_SG_ID}` name: `default` cannot be deleted by a user")
    );
}

#[test]
fn a_group_attached_to_an_interface_cannot_be_deleted() {
    let net = example::chapter();
    let err = refused(&net, Edit::DeleteSecurityGroup { group_id: SecurityGroupId::new(APP_SG_ID) });
    assert_eq!(
        err.to_string(),
        format!("DependencyViolation: resource {APP_SG_ID} has a dependent object: it is attached to {APP_ENI_ID} (App Server)")
    );
}

#[test]
fn a_group_that_only_references_itself_can_be_deleted() {
    let mut net = example::chapter();
    let id = create_group(&mut net, "self").unwrap().security_group().unwrap().clone();
    apply(
        &mut net,
        &Edit::AuthorizeSecurityGroupIngress {
            group_id: id.clone(),
            rules: vec![RuleSpec::new(Traffic::All, Peer::SecurityGroup(id.clone()))],
        },
    )
    .unwrap();
    apply(&mut net, &Edit::DeleteSecurityGroup { group_id: id }).unwrap();
}

#[test]
fn unknown_groups_and_rules_are_not_found() {
    let net = example::chapter();
    let err = refused(&net, Edit::DeleteSecurityGroup { group_id: SecurityGroupId::new("sg-0000000000000dead") });
    assert_eq!(err.to_string(), "InvalidGroup.NotFound: the security group `sg-0000000000000dead` does not exist");

    let err = refused(
        &net,
        Edit::RevokeSecurityGroupIngress {
            group_id: SecurityGroupId::new(APP_SG_ID),
            rule_ids: vec![SecurityGroupRuleId::new("sgr-0a1b2c3d4e5f60004")], // an outbound rule
        },
    );
    assert_eq!(
        err.to_string(),
        format!(
            "InvalidSecurityGroupRuleId.NotFound: the security group rule ID `sgr-0a1b2c3d4e5f60004` does not exist in `{APP_SG_ID}`"
        )
    );

    let err = refused(
        &net,
        Edit::AuthorizeSecurityGroupIngress {
            group_id: SecurityGroupId::new(APP_SG_ID),
            rules: vec![tcp(22, Peer::SecurityGroup(SecurityGroupId::new("sg-0000000000000beef")))],
        },
    );
    assert_eq!(err.code(), "InvalidGroup.NotFound");
    assert_eq!(err.field(), Some(edit::Field::Source));
}

#[test]
fn a_rule_can_reference_only_a_group_of_the_same_vpc() {
    let mut net = example::chapter();
    let other_vpc = Vpc {
        id: VpcId::new("vpc-0000000000000other"),
        cidr_blocks: vec!["10.9.0.0/16".parse().unwrap()],
        ipv6_cidr_blocks: vec![],
        is_default: false,
        tags: vec![],
    };
    net.vpcs.push(other_vpc);
    let other = apply(
        &mut net,
        &Edit::CreateSecurityGroup {
            vpc_id: VpcId::new("vpc-0000000000000other"),
            name: "elsewhere".into(),
            description: "d".into(),
            tags: vec![],
        },
    )
    .unwrap()
    .security_group()
    .unwrap()
    .clone();
    let err = refused(
        &net,
        Edit::AuthorizeSecurityGroupIngress {
            group_id: SecurityGroupId::new(APP_SG_ID),
            rules: vec![tcp(22, Peer::SecurityGroup(other))],
        },
    );
    assert_eq!(err.code(), "InvalidParameterValue");
    assert_eq!(err.field(), Some(edit::Field::Source));
}

#[test]
fn invalid_rule_values_are_refused_with_the_field_to_fix() {
    let net = example::chapter();
    let authorize = |spec: RuleSpec| Edit::AuthorizeSecurityGroupIngress {
        group_id: SecurityGroupId::new(APP_SG_ID),
        rules: vec![tcp(8443, cidr("0.0.0.0/0")), spec],
    };
    let err =
        refused(&net, authorize(RuleSpec::new(Traffic::Tcp(PortRange { from: 2000, to: 1000 }), cidr("0.0.0.0/0"))));
    assert_eq!(
        err.to_string(),
        "InvalidParameterValue: the port range `2000-1000` is invalid: the first port must not be greater than the last (did you mean `1000-2000`?)"
    );
    assert_eq!((err.field(), err.row()), (Some(edit::Field::PortRange), Some(1)));

    let err = refused(&net, authorize(tcp(22, cidr("10.1.1.5/24"))));
    assert_eq!(
        err.to_string(),
        "InvalidParameterValue: the CIDR block `10.1.1.5/24` has host bits set: did you mean `10.1.1.0/24`?"
    );
    assert_eq!(err.field(), Some(edit::Field::Source));

    let err = refused(&net, authorize(tcp(22, cidr("1.2.3.4/32")).with_description("x".repeat(256))));
    assert_eq!(
        err.to_string(),
        "InvalidParameterValue: the description is 256 characters long; it may have at most 255"
    );
    let err = refused(&net, authorize(tcp(22, cidr("1.2.3.4/32")).with_description("tab\there")));
    assert_eq!(err.field(), Some(edit::Field::Description));

    let err = refused(
        &net,
        authorize(RuleSpec::new(
            Traffic::Tcp(PortRange::single(22)),
            Peer::PrefixList(PrefixListId::new("pl-0000000000000000")),
        )),
    );
    assert_eq!(err.to_string(), "InvalidPrefixListID.NotFound: the prefix list `pl-0000000000000000` does not exist");
}

#[test]
fn a_protocol_number_with_a_name_is_stored_by_its_name() {
    let mut net = example::chapter();
    let applied = apply(
        &mut net,
        &Edit::AuthorizeSecurityGroupIngress {
            group_id: SecurityGroupId::new(APP_SG_ID),
            rules: vec![RuleSpec::new(Traffic::Other(6), cidr("10.0.0.0/8"))],
        },
    )
    .unwrap();
    let g = net.security_group(&SecurityGroupId::new(APP_SG_ID)).unwrap();
    let rule = g.inbound.iter().find(|r| &r.id == applied.rule_ids()[0]).unwrap();
    assert_eq!(rule.traffic, Traffic::Tcp(PortRange::ALL));
}

fn many_rules(n: u16, peer: impl Fn(u16) -> Peer) -> Vec<RuleSpec> {
    (0..n).map(|i| tcp(1000 + i, peer(i))).collect()
}

#[test]
fn sixty_inbound_rules_per_family_is_the_limit() {
    let mut net = example::chapter();
    let g = create_group(&mut net, "big").unwrap().security_group().unwrap().clone();
    let max = MAX_RULES_PER_GROUP as u16;
    apply(
        &mut net,
        &Edit::AuthorizeSecurityGroupIngress { group_id: g.clone(), rules: many_rules(max, |_| cidr("10.0.0.0/8")) },
    )
    .unwrap();
    // IPv6 rules are counted apart: 60 more fit.
    apply(
        &mut net,
        &Edit::AuthorizeSecurityGroupIngress { group_id: g.clone(), rules: many_rules(max, |_| cidr("::/0")) },
    )
    .unwrap();
    // Outbound rules are counted apart too (the default rule makes 60 with 59 more).
    apply(
        &mut net,
        &Edit::AuthorizeSecurityGroupEgress { group_id: g.clone(), rules: many_rules(max - 1, |_| cidr("10.0.0.0/8")) },
    )
    .unwrap();

    let err = refused(
        &net,
        Edit::AuthorizeSecurityGroupIngress { group_id: g.clone(), rules: vec![tcp(22, cidr("1.2.3.4/32"))] },
    );
    assert_eq!(err.code(), "RulesPerSecurityGroupLimitExceeded");
    assert!(
        err.to_string().starts_with(
            "RulesPerSecurityGroupLimitExceeded: the maximum number of rules per security group has been reached"
        ),
        "{err}"
    );
    assert!(err.to_string().contains("61 inbound rules for IPv4"), "{err}");
}

#[test]
fn a_rule_referencing_a_group_counts_toward_ipv4_and_ipv6() {
    let mut net = example::chapter();
    let g = create_group(&mut net, "big").unwrap().security_group().unwrap().clone();
    let max = MAX_RULES_PER_GROUP as u16;
    apply(
        &mut net,
        &Edit::AuthorizeSecurityGroupIngress { group_id: g.clone(), rules: many_rules(max, |_| cidr("::/0")) },
    )
    .unwrap();
    let err = refused(
        &net,
        Edit::AuthorizeSecurityGroupIngress {
            group_id: g.clone(),
            rules: vec![tcp(22, Peer::SecurityGroup(SecurityGroupId::new(APP_SG_ID)))],
        },
    );
    assert!(err.to_string().contains("61 inbound rules for IPv6"), "{err}");
}

#[test]
fn revoking_removes_only_the_named_rules() {
    let mut net = example::chapter();
    let (https, ..) = chapter_groups(&mut net);
    let first = net.security_group(&https).unwrap().inbound[0].id.clone();
    apply(&mut net, &Edit::RevokeSecurityGroupIngress { group_id: https.clone(), rule_ids: vec![first] }).unwrap();
    let g = net.security_group(&https).unwrap();
    assert_eq!(g.inbound.len(), 1);
    assert_eq!(g.inbound[0].traffic, Traffic::Tcp(PortRange::single(80)));

    let out = g.outbound[0].id.clone();
    apply(&mut net, &Edit::RevokeSecurityGroupEgress { group_id: https.clone(), rule_ids: vec![out] }).unwrap();
    assert!(net.security_group(&https).unwrap().outbound.is_empty());
}

#[test]
fn modifying_a_rule_into_a_copy_of_another_is_a_duplicate() {
    let mut net = example::chapter();
    let (https, ..) = chapter_groups(&mut net);
    let http_rule = net.security_group(&https).unwrap().inbound[1].id.clone();
    let err = refused(
        &net,
        Edit::ModifySecurityGroupRules {
            group_id: https.clone(),
            direction: Direction::Inbound,
            rule_id: http_rule.clone(),
            spec: tcp(443, cidr("0.0.0.0/0")),
        },
    );
    assert_eq!(err.code(), "InvalidPermission.Duplicate");
    // Changing only the description of a rule is fine.
    apply(
        &mut net,
        &Edit::ModifySecurityGroupRules {
            group_id: https.clone(),
            direction: Direction::Inbound,
            rule_id: http_rule,
            spec: tcp(80, cidr("0.0.0.0/0")).with_description("plain HTTP"),
        },
    )
    .unwrap();
}

#[test]
fn saving_the_edit_rules_page_keeps_ids_adds_new_rows_and_revokes_missing_ones() {
    let mut net = example::chapter();
    let (https, ..) = chapter_groups(&mut net);
    let before = net.security_group(&https).unwrap().inbound.clone();
    let (r443, r80) = (before[0].id.clone(), before[1].id.clone());
    let applied = apply(
        &mut net,
        &Edit::SetSecurityGroupRules {
            group_id: https.clone(),
            direction: Direction::Inbound,
            rules: vec![
                (None, tcp(22, cidr("1.2.3.4/32")).with_description("SSH from my IP")),
                (Some(r443.clone()), tcp(443, cidr("0.0.0.0/0")).with_description("HTTPS")),
            ],
        },
    )
    .unwrap();
    let g = net.security_group(&https).unwrap();
    assert_eq!(g.inbound.len(), 2);
    let new_id = applied.rule_ids()[0].clone();
    assert_eq!(g.inbound[0].id, new_id);
    assert_eq!(g.inbound[1].id, r443);
    assert_eq!(g.inbound[1].description.as_deref(), Some("HTTPS"));
    assert!(new_id != r80 && new_id != r443, "a new rule never takes the id of one revoked in the same save");
}

#[test]
fn saving_the_edit_rules_page_is_all_or_nothing() {
    let mut net = example::chapter();
    let (https, ..) = chapter_groups(&mut net);
    let r443 = net.security_group(&https).unwrap().inbound[0].id.clone();
    // The third row is bad: nothing of the first two is saved.
    let err = refused(
        &net,
        Edit::SetSecurityGroupRules {
            group_id: https.clone(),
            direction: Direction::Inbound,
            rules: vec![
                (None, tcp(22, cidr("1.2.3.4/32"))),
                (Some(r443.clone()), tcp(8443, cidr("0.0.0.0/0"))),
                (None, tcp(22, cidr("1.2.3.4/32"))),
            ],
        },
    );
    assert_eq!(err.code(), "InvalidParameterValue");
    assert_eq!(err.row(), Some(2));

    let err = refused(
        &net,
        Edit::SetSecurityGroupRules {
            group_id: https.clone(),
            direction: Direction::Inbound,
            rules: vec![(Some(r443.clone()), tcp(443, cidr("0.0.0.0/0"))), (Some(r443), tcp(444, cidr("0.0.0.0/0")))],
        },
    );
    assert_eq!(
        err.to_string(),
        format!(
            "InvalidParameterValue: the rule `{}` is listed twice",
            net.security_group(&https).unwrap().inbound[0].id
        )
    );
}

#[test]
fn tags_are_added_replaced_and_removed() {
    let mut net = example::chapter();
    let sg = SecurityGroupId::new(APP_SG_ID);
    apply(
        &mut net,
        &Edit::CreateTags {
            resource_id: APP_SG_ID.into(),
            tags: vec![tag("Name", "renamed"), tag("EducationOnly", "yes")],
        },
    )
    .unwrap();
    let tags = &net.security_group(&sg).unwrap().tags;
    assert_eq!(name_tag(tags), Some("renamed"));
    assert_eq!(tags.len(), 2);
    apply(&mut net, &Edit::DeleteTags { resource_id: APP_SG_ID.into(), keys: vec!["EducationOnly".into()] }).unwrap();
    assert_eq!(net.security_group(&sg).unwrap().tags, vec![tag("Name", "renamed")]);

    // Subnets and interfaces are taggable too.
    apply(&mut net, &Edit::CreateTags { resource_id: APP_ENI_ID.into(), tags: vec![tag("Role", "web")] }).unwrap();

    let err = refused(&net, Edit::CreateTags { resource_id: APP_SG_ID.into(), tags: vec![tag("aws:owner", "me")] });
    assert_eq!(err.field(), Some(edit::Field::Tags));
    let err = refused(
        &net,
        Edit::CreateTags { resource_id: APP_SG_ID.into(), tags: vec![tag("Name", "a"), tag("Name", "b")] },
    );
    assert_eq!(err.to_string(), "InvalidParameterValue: duplicate tag key `Name` specified");
    let err = refused(
        &net,
        Edit::CreateTags { resource_id: APP_SG_ID.into(), tags: (0..50).map(|i| tag(&format!("k{i}"), "v")).collect() },
    );
    assert_eq!(err.code(), "TagLimitExceeded");
    let err = refused(&net, Edit::CreateTags { resource_id: "nothing-1".into(), tags: vec![tag("a", "b")] });
    assert_eq!(err.to_string(), "InvalidID: the ID `nothing-1` is not valid");
}

#[test]
fn an_interface_takes_one_to_sixteen_groups_of_its_vpc() {
    let mut net = example::chapter();
    let eni = NetworkInterfaceId::new(APP_ENI_ID);
    let modify =
        |groups: Vec<SecurityGroupId>| Edit::ModifyNetworkInterfaceAttribute { interface_id: eni.clone(), groups };

    apply(&mut net, &modify(vec![SecurityGroupId::new(APP_SG_ID), SecurityGroupId::new(DATABASE_SG_ID)])).unwrap();
    assert_eq!(net.network_interface(&eni).unwrap().security_groups.len(), 2);

    let err = refused(&net, modify(vec![]));
    assert_eq!(err.code(), "MissingParameter");
    let err = refused(&net, modify(vec![SecurityGroupId::new(APP_SG_ID), SecurityGroupId::new(APP_SG_ID)]));
    assert_eq!(err.to_string(), format!("InvalidParameterValue: the security group `{APP_SG_ID}` is listed twice"));

    let mut groups = vec![];
    for i in 0..17 {
        groups.push(create_group(&mut net, &format!("g{i}")).unwrap().security_group().unwrap().clone());
    }
    apply(&mut net, &modify(groups[..16].to_vec())).unwrap();
    let err = refused(&net, modify(groups.clone()));
    assert_eq!(err.code(), "SecurityGroupsPerInterfaceLimitExceeded");
    assert_eq!(
        err.to_string(),
        "SecurityGroupsPerInterfaceLimitExceeded: the maximum number of security groups per interface has been reached: 17 given, at most 16 (AWS's default quota is 5)"
    );

    let err = refused(
        &net,
        Edit::ModifyNetworkInterfaceAttribute {
            interface_id: NetworkInterfaceId::new("eni-0000000000000dead"),
            groups: vec![SecurityGroupId::new(APP_SG_ID)],
        },
    );
    assert_eq!(
        err.to_string(),
        "InvalidNetworkInterfaceID.NotFound: the network interface `eni-0000000000000dead` does not exist"
    );
}

#[test]
fn an_interface_allows_at_most_a_thousand_rules_per_direction_among_its_groups() {
    let mut net = example::chapter();
    let max = MAX_RULES_PER_GROUP as u16;
    let mut groups = vec![];
    for i in 0..9 {
        let g = create_group(&mut net, &format!("g{i}")).unwrap().security_group().unwrap().clone();
        apply(
            &mut net,
            &Edit::AuthorizeSecurityGroupIngress {
                group_id: g.clone(),
                rules: many_rules(max, |_| cidr("10.0.0.0/8")),
            },
        )
        .unwrap();
        apply(
            &mut net,
            &Edit::AuthorizeSecurityGroupIngress { group_id: g.clone(), rules: many_rules(max, |_| cidr("::/0")) },
        )
        .unwrap();
        groups.push(g);
    }
    // 9 groups × 120 inbound rules = 1080.
    let err = refused(
        &net,
        Edit::ModifyNetworkInterfaceAttribute { interface_id: NetworkInterfaceId::new(APP_ENI_ID), groups },
    );
    assert_eq!(
        err.to_string(),
        "SecurityGroupsPerInterfaceLimitExceeded: these security groups have 1080 inbound rules together; an interface allows at most 1000"
    );
}

#[test]
fn every_edit_has_a_line_for_the_undo_history() {
    let edit = Edit::AuthorizeSecurityGroupIngress {
        group_id: SecurityGroupId::new(APP_SG_ID),
        rules: vec![tcp(22, cidr("1.2.3.4/32")), tcp(23, cidr("1.2.3.4/32"))],
    };
    assert_eq!(edit.summary(), format!("Add 2 inbound rules to {APP_SG_ID}"));
    let edit = Edit::CreateSecurityGroup { vpc_id: vpc(), name: "web".into(), description: "d".into(), tags: vec![] };
    assert_eq!(edit.summary(), "Create security group web");
}
