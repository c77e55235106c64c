//! What would make it work, on the chapter's network: its blocked connections 3 and 4,
//! the classic network ACL mistake (no rule for the replies' ephemeral ports), a
//! connection with several blockers, a missing internet gateway; and the reverse,
//! what lets an allowed connection through and what would block it.
#![expect(clippy::expect_used, reason = "helpers outside #[test] functions: a failed setup should stop the test")]

use ipnet::IpNet;
use sglab_engine::edit::{replay, RuleSpec};
use sglab_engine::example::{self, chapter, chapter_connections};
use sglab_engine::fix::{what_would_allow, what_would_block, Repair};
use sglab_engine::ids::*;
use sglab_engine::verdict::LegDirection;
use sglab_engine::*;
use std::net::{IpAddr, Ipv4Addr};

fn cidr(text: &str) -> IpNet {
    text.parse().expect("a CIDR")
}

fn repair(network: &Network, flow: &Flow) -> Repair {
    let repair = what_would_allow(network, flow).expect("a valid flow");
    // Whatever the case, the edits apply in one go, and do what the repair says.
    let fixed = replay(network, &repair.edits()).expect("the edits apply");
    assert_eq!(evaluate(&fixed, flow).expect("valid").allowed, repair.allowed_after, "{repair:#?}");
    repair
}

fn https(from: Ipv4Addr, to: Ipv4Addr) -> Flow {
    Flow::new(Endpoint::Address(IpAddr::V4(from)), Endpoint::Address(IpAddr::V4(to)), Service::Tcp { port: 443 })
}

#[test]
fn connection_3_needs_an_outbound_rule_to_the_servers_address() {
    let r = repair(&chapter(), &chapter_connections()[2].flow);
    assert!(!r.allowed_now && r.allowed_after);
    assert_eq!(r.blockers.len(), 1, "{r:#?}");
    let b = &r.blockers[0];
    assert_eq!(
        (b.code, b.kind, b.component.as_str()),
        (ReasonCode::EniSgRulesMismatch, HopKind::SecurityGroupsOutbound, example::APP_ENI_ID)
    );
    let fix = b.fix.as_ref().expect("a fix");
    // The server is on the internet: its one address, as the console's "My IP" would write it.
    assert_eq!(fix.summary, "Add outbound rule TCP 443 to 203.0.113.66/32 in sg-0a1b2c3d4e5f60002 (app-server-sg)");
    assert_eq!(
        fix.edits,
        [Edit::AuthorizeSecurityGroupEgress {
            group_id: example::APP_SG_ID.into(),
            rules: vec![RuleSpec::new(Traffic::Tcp(PortRange::single(443)), Peer::Cidr(cidr("203.0.113.66/32")))],
        }]
    );
}

#[test]
fn connection_4_needs_an_outbound_rule_to_the_app_servers_group() {
    let r = repair(&chapter(), &chapter_connections()[3].flow);
    assert!(r.allowed_after);
    // Only the database's own groups stop it: the App Server's inbound rule for
    // 0.0.0.0/0 admits 10.1.2.15 once it can send.
    assert_eq!(r.blockers.len(), 1, "{r:#?}");
    let b = &r.blockers[0];
    assert_eq!((b.code, b.component.as_str()), (ReasonCode::SgHasNoRules, example::DATABASE_ENI_ID));
    let fix = b.fix.as_ref().expect("a fix");
    // The App Server is an interface of the same VPC: a group reference, not its address.
    assert_eq!(
        fix.summary,
        "Add outbound rule TCP 443 to sg-0a1b2c3d4e5f60002 (app-server-sg) in sg-0a1b2c3d4e5f60003 (database-sg)"
    );
    assert_eq!(
        fix.edits,
        [Edit::AuthorizeSecurityGroupEgress {
            group_id: example::DATABASE_SG_ID.into(),
            rules: vec![RuleSpec::new(
                Traffic::Tcp(PortRange::single(443)),
                Peer::SecurityGroup(example::APP_SG_ID.into())
            )],
        }]
    );
}

#[test]
fn an_inbound_fix_names_the_peers_group_and_the_group_it_goes_in() {
    // MySQL from the App Server, with the database's rule for the subnet removed.
    let mut net = chapter();
    net.apply(&Edit::RevokeSecurityGroupIngress {
        group_id: example::DATABASE_SG_ID.into(),
        rule_ids: vec!["sgr-0a1b2c3d4e5f60005".into()],
    })
    .expect("revoked");
    let r = repair(&net, &chapter_connections()[1].flow);
    assert!(r.allowed_after);
    let fix = r.blockers[0].fix.as_ref().expect("a fix");
    assert_eq!(r.blockers[0].code, ReasonCode::SgHasNoRules);
    assert_eq!(
        fix.summary,
        "Add inbound rule TCP 3306 from sg-0a1b2c3d4e5f60002 (app-server-sg) to sg-0a1b2c3d4e5f60003 (database-sg)"
    );
}

/// The chapter with a custom network ACL on the public subnet written the way people
/// first write one: inbound HTTPS from anywhere, and outbound the same, mirrored.
fn with_mirrored_acl() -> (Network, NetworkAclId) {
    let mut net = chapter();
    let applied = net
        .apply(&Edit::CreateNetworkAcl { vpc_id: example::VPC_ID.into(), name: Some("web".into()) })
        .expect("created");
    let acl = applied.network_acl().expect("an ACL").clone();
    let https = |rule_number| NaclEntry {
        rule_number,
        action: RuleAction::Allow,
        traffic: Traffic::Tcp(PortRange::single(443)),
        cidr: cidr("0.0.0.0/0"),
    };
    for egress in [false, true] {
        net.apply(&Edit::CreateNetworkAclEntry { acl_id: acl.clone(), egress, entry: https(100) }).expect("entry");
    }
    net.apply(&Edit::ReplaceNetworkAclAssociation { subnet_id: example::PUBLIC_SUBNET_ID.into(), acl_id: acl.clone() })
        .expect("associated");
    (net, acl)
}

#[test]
fn the_classic_acl_mistake_the_reply_needs_the_ephemeral_ports() {
    let (net, acl) = with_mirrored_acl();
    let r = repair(&net, &chapter_connections()[0].flow);
    assert!(r.allowed_after);
    assert_eq!(r.blockers.len(), 1, "{r:#?}");
    let b = &r.blockers[0];
    assert_eq!(
        (b.code, b.leg, b.kind),
        (ReasonCode::SubnetAclRestriction, LegDirection::Reply, HopKind::NetworkAclOutbound)
    );
    assert_eq!(b.component, acl.as_str());
    let fix = b.fix.as_ref().expect("a fix");
    assert_eq!(
        fix.summary,
        format!(
            "Add outbound rule 110 ALLOW TCP 1024-65535 to 1.2.3.4/32 in {acl} (network ACLs are stateless: the reply goes to the client's ephemeral port)"
        )
    );
    assert_eq!(
        fix.edits,
        [Edit::CreateNetworkAclEntry {
            acl_id: acl.clone(),
            egress: true,
            entry: NaclEntry {
                rule_number: 110,
                action: RuleAction::Allow,
                traffic: Traffic::Tcp(PortRange { from: 1024, to: 65535 }),
                cidr: cidr("1.2.3.4/32")
            },
        }]
    );
}

#[test]
fn a_deny_gets_an_allow_numbered_just_below_it() {
    let (mut net, acl) = with_mirrored_acl();
    // The replies are denied by an explicit rule, not only by `*`.
    let deny = NaclEntry {
        rule_number: 200,
        action: RuleAction::Deny,
        traffic: Traffic::Tcp(PortRange { from: 1024, to: 65535 }),
        cidr: cidr("0.0.0.0/0"),
    };
    net.apply(&Edit::CreateNetworkAclEntry { acl_id: acl.clone(), egress: true, entry: deny }).expect("entry");
    let r = repair(&net, &chapter_connections()[0].flow);
    let fix = r.blockers[0].fix.as_ref().expect("a fix");
    assert!(
        fix.summary.starts_with(&format!(
            "Add outbound rule 190 ALLOW TCP 1024-65535 to 1.2.3.4/32 in {acl}, before rule 200 which denies it"
        )),
        "{}",
        fix.summary
    );
    assert!(r.allowed_after);
}

#[test]
fn every_blocker_on_the_path_in_order_until_one_has_no_fix() {
    // The database to a server on the internet: its groups have no outbound rules, its
    // subnet has no route to the internet, and it has no public IP.
    let net = chapter();
    let flow = https(example::DATABASE_PRIVATE_IP, example::SUSPICIOUS_SERVER_IP);
    let r = repair(&net, &flow);
    assert!(!r.allowed_after);
    let seen: Vec<(ReasonCode, HopKind)> = r.blockers.iter().map(|b| (b.code, b.kind)).collect();
    assert_eq!(
        seen,
        [
            (ReasonCode::SgHasNoRules, HopKind::SecurityGroupsOutbound),
            (ReasonCode::NoRouteToDestination, HopKind::RouteTable),
            (ReasonCode::IgwPublicIpAssociationForEgress, HopKind::InternetGatewayEgress),
        ]
    );
    let route = r.blockers[1].fix.as_ref().expect("a route");
    assert_eq!(route.summary, "Add route 0.0.0.0/0 → igw-0a1b2c3d4e5f60001 to rtb-0a1b2c3d4e5f60001");
    // No edit gives an interface a public IP: said in words, with no edits.
    let last = &r.blockers[2];
    assert!(last.fix.is_none());
    let by_hand = last.by_hand.as_deref().expect("what to do by hand");
    assert!(by_hand.contains("MySQL database") && by_hand.contains("Elastic IP"), "{by_hand}");
    assert_eq!(r.edits().len(), 2);
}

#[test]
fn a_missing_internet_gateway_is_created_attached_and_routed_to() {
    // The gateway was deleted: its route is a blackhole.
    let mut net = chapter();
    net.internet_gateways.clear();
    for route in net.route_tables.iter_mut().flat_map(|t| t.routes.iter_mut()) {
        if route.target == RouteTarget::InternetGateway(example::IGW_ID.into()) {
            route.target = RouteTarget::Blackhole { id: example::IGW_ID.into() };
        }
    }
    let r = repair(&net, &chapter_connections()[0].flow);
    assert!(r.allowed_after, "{r:#?}");
    let codes: Vec<ReasonCode> = r.blockers.iter().map(|b| b.code).collect();
    assert_eq!(codes, [ReasonCode::NoInternetGateway, ReasonCode::BadStateRoute]);
    let edits = r.edits();
    let [Edit::CreateInternetGateway { .. }, Edit::AttachInternetGateway { internet_gateway_id, vpc_id }, Edit::ReplaceRoute { gateway_id, destination, .. }] =
        edits.as_slice()
    else {
        panic!("create, attach, route: {edits:#?}");
    };
    assert_eq!(vpc_id.as_str(), example::VPC_ID);
    assert_eq!(gateway_id, internet_gateway_id);
    assert_eq!(*destination, cidr("0.0.0.0/0"));
    assert!(r.blockers[0].fix.as_ref().is_some_and(|f| f.summary.starts_with("Create an internet gateway (igw-")));
}

#[test]
fn a_detached_gateway_is_attached_again() {
    let mut net = chapter();
    net.internet_gateways[0].vpc_id = None;
    let r = repair(&net, &chapter_connections()[0].flow);
    assert!(r.allowed_after);
    assert_eq!(r.blockers.len(), 1, "{r:#?}");
    assert_eq!(
        r.blockers[0].fix.as_ref().map(|f| f.summary.as_str()),
        Some("Attach internet gateway igw-0a1b2c3d4e5f60001 to vpc-0a1b2c3d4e5f60001")
    );
}

#[test]
fn a_gateway_attached_is_one_blocker_and_a_missing_public_ip_the_next() {
    let mut net = chapter();
    net.internet_gateways[0].vpc_id = None;
    let r = repair(&net, &https(example::BROWSER_IP, example::DATABASE_PRIVATE_IP));
    let codes: Vec<ReasonCode> = r.blockers.iter().map(|b| b.code).collect();
    assert_eq!(codes, [ReasonCode::NoInternetGateway, ReasonCode::IgwPrivateIpAssociationForIngress]);
    assert!(r.blockers[0].fix.is_some() && r.blockers[1].fix.is_none() && !r.allowed_after);
}

#[test]
fn from_the_internet_a_private_address_is_not_fixed_by_an_edit() {
    let net = chapter();
    let to_private = https(example::BROWSER_IP, example::APP_PRIVATE_IP);
    let r = repair(&net, &to_private);
    assert_eq!(r.blockers.len(), 1);
    assert!(r.blockers[0].fix.is_none());
    assert!(r.blockers[0].by_hand.as_deref().is_some_and(|t| t.contains("connect to 4.5.6.7")), "{r:#?}");
    let to_database = https(example::BROWSER_IP, example::DATABASE_PRIVATE_IP);
    let r = repair(&net, &to_database);
    assert!(
        r.blockers[0]
            .by_hand
            .as_deref()
            .is_some_and(|t| t.contains("has no public IP") && t.contains(example::DATABASE_ENI_ID)),
        "{r:#?}"
    );
}

#[test]
fn an_allowed_connection_needs_no_repair() {
    let r = repair(&chapter(), &chapter_connections()[0].flow);
    assert!(r.allowed_now && r.allowed_after && r.blockers.is_empty() && r.fix().is_none());
}

// ----- the reverse -----

#[test]
fn ssh_open_to_the_world_is_closed_by_removing_its_rule() {
    let mut net = chapter();
    net.apply(&Edit::AuthorizeSecurityGroupIngress {
        group_id: example::APP_SG_ID.into(),
        rules: vec![RuleSpec::new(Traffic::Tcp(PortRange::single(22)), Peer::Cidr(cidr("0.0.0.0/0")))],
    })
    .expect("authorized");
    let ssh = Flow::new(
        Endpoint::Address(IpAddr::V4(example::BROWSER_IP)),
        Endpoint::Address(IpAddr::V4(example::APP_ELASTIC_IP)),
        Service::Tcp { port: 22 },
    );
    let e = what_would_block(&net, &ssh).expect("valid");
    assert!(e.allowed);
    let kinds: Vec<HopKind> = e.through.iter().map(|o| o.kind).collect();
    // The gateways and the internet decide nothing by a rule; the ACL and the group do, and the reply's ACL and route.
    assert_eq!(
        kinds,
        [HopKind::NetworkAclInbound, HopKind::SecurityGroupsInbound, HopKind::NetworkAclOutbound, HopKind::RouteTable]
    );
    assert_eq!(e.through[1].allowed_by.len(), 1);
    assert_eq!(
        e.blocks[0].summary,
        "Remove inbound rule TCP 22 from 0.0.0.0/0 in sg-0a1b2c3d4e5f60002 (app-server-sg)"
    );
    assert_eq!(
        e.blocks[1].summary,
        "Add inbound rule 90 DENY TCP 22 from 1.2.3.4/32 in acl-0a1b2c3d4e5f60001, before rule 100 which allows it"
    );
    for fix in &e.blocks {
        let closed = replay(&net, &fix.edits).expect("applies");
        assert!(!evaluate(&closed, &ssh).expect("valid").allowed, "{}", fix.summary);
    }
}

#[test]
fn when_two_rules_allow_it_both_must_go() {
    let mut net = chapter();
    net.apply(&Edit::AuthorizeSecurityGroupIngress {
        group_id: example::APP_SG_ID.into(),
        rules: vec![RuleSpec::new(Traffic::Tcp(PortRange { from: 400, to: 500 }), Peer::Cidr(cidr("1.2.3.0/24")))],
    })
    .expect("authorized");
    let e = what_would_block(&net, &chapter_connections()[0].flow).expect("valid");
    let group_hop = e.through.iter().find(|o| o.kind == HopKind::SecurityGroupsInbound).expect("the group's hop");
    assert_eq!(group_hop.allowed_by.len(), 2);
    assert_eq!(group_hop.allowed_by[0], group_hop.rule);
    assert!(
        group_hop.summary.ends_with("Another rule also allows it, so removing this one alone would not block it."),
        "{}",
        group_hop.summary
    );
    assert_eq!(
        e.blocks[0].summary,
        "Remove the 2 inbound rules that allow it: TCP 443 from 0.0.0.0/0 in sg-0a1b2c3d4e5f60002 (app-server-sg); TCP 400-500 from 1.2.3.0/24 in sg-0a1b2c3d4e5f60002 (app-server-sg)"
    );
    assert!(
        matches!(&e.blocks[0].edits[..], [Edit::RevokeSecurityGroupIngress { rule_ids, .. }] if rule_ids.len() == 2)
    );
}

#[test]
fn traffic_nothing_filters_cannot_be_blocked() {
    let metadata = Flow::new(
        Endpoint::Interface(example::APP_ENI_ID.into()),
        Endpoint::Address("169.254.169.254".parse().expect("ip")),
        Service::Tcp { port: 80 },
    );
    let e = what_would_block(&chapter(), &metadata).expect("valid");
    assert!(e.allowed && e.through.is_empty() && e.blocks.is_empty());
    assert!(e.note.as_deref().is_some_and(|n| n.contains("never filtered")), "{e:#?}");
}

#[test]
fn the_json_the_app_and_the_cli_read() {
    let r = what_would_allow(&chapter(), &chapter_connections()[3].flow).expect("valid");
    let v = serde_json::to_value(&r).expect("serializes");
    assert_eq!(v["blockers"][0]["code"], "SG_HAS_NO_RULES");
    assert_eq!(v["blockers"][0]["fix"]["edits"][0]["action"], "AuthorizeSecurityGroupEgress");
}

#[test]
fn a_destination_the_internet_does_not_route_has_no_fix_and_says_why() {
    // The App Server may send anything anywhere; the destinations are not on the internet.
    let mut net = chapter();
    net.apply(&Edit::AuthorizeSecurityGroupEgress {
        group_id: example::APP_SG_ID.into(),
        rules: vec![RuleSpec {
            traffic: Traffic::All,
            peer: Peer::Cidr("0.0.0.0/0".parse().expect("cidr")),
            description: None,
        }],
    })
    .expect("rule");
    for (destination, code, kind, words) in [
        (
            "192.168.7.7",
            ReasonCode::IgwDestinationAddressNotInRfc1918Egress,
            HopKind::InternetGatewayEgress,
            "a private address (RFC 1918)",
        ),
        ("169.254.1.1", ReasonCode::DestinationNotGloballyReachable, HopKind::Internet, "a link-local address"),
    ] {
        let flow = https(example::APP_PRIVATE_IP, destination.parse().expect("ip"));
        let r = repair(&net, &flow);
        assert!(!r.allowed_after);
        let last = r.blockers.last().expect("a blocker");
        assert_eq!((last.code, last.kind), (code, kind));
        assert!(last.fix.is_none());
        let by_hand = last.by_hand.as_deref().expect("why");
        assert!(by_hand.contains(words) && by_hand.contains("No rule change can fix this"), "{by_hand}");
    }
}
