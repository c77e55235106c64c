//! Whatever edits a user makes, in whatever order: no panic, a refused edit changes
//! nothing, and the lab keeps AWS's invariants (no duplicate rules, rule quotas,
//! group quotas per interface, ACL entries sorted and unique).

use proptest::prelude::*;
use sglab_engine::console::{RuleDraft, RuleType, SourceType};
use sglab_engine::edit::{apply, apply_all, try_edit, RuleSpec, MAX_GROUPS_PER_INTERFACE, MAX_RULES_PER_GROUP};
use sglab_engine::example::{self, VPC_ID};
use sglab_engine::ids::*;
use sglab_engine::*;
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};

fn traffic() -> impl Strategy<Value = Traffic> {
    prop_oneof![
        Just(Traffic::All),
        (0u16..4, 0u16..4).prop_map(|(a, b)| Traffic::Tcp(PortRange { from: 440 + a, to: 440 + b })),
        (0u16..3).prop_map(|p| Traffic::Udp(PortRange::single(53 + p))),
        Just(Traffic::Icmp(IcmpMatch::AllTypes)),
        (0u8..2).prop_map(|c| Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: Some(c) })),
        prop_oneof![Just(6u8), Just(47u8)].prop_map(Traffic::Other),
    ]
}

fn peer() -> impl Strategy<Value = Peer> {
    prop_oneof![Just("0.0.0.0/0"), Just("10.1.1.0/24"), Just("10.1.1.5/24"), Just("::/0"), Just("1.2.3.4/32"),]
        .prop_map(|s| Peer::Cidr(s.parse().unwrap_or_default()))
        .boxed()
        .prop_union(
            (0usize..6)
                .prop_map(|i| {
                    Peer::SecurityGroup(SecurityGroupId::new(
                        [
                            example::DEFAULT_SG_ID,
                            example::APP_SG_ID,
                            example::DATABASE_SG_ID,
                            "sg-0000000000000dead",
                            "",
                            "sg-",
                        ][i],
                    ))
                })
                .boxed(),
        )
}

fn spec() -> impl Strategy<Value = RuleSpec> {
    (traffic(), peer(), prop::option::of("[a-z &é]{0,4}")).prop_map(|(t, p, d)| RuleSpec {
        traffic: t,
        peer: p,
        description: d,
    })
}

/// Picks an id of a kind from the network as it is when the edit runs, by index.
#[derive(Clone, Debug)]
enum Op {
    CreateGroup(String),
    DeleteGroup(usize),
    Authorize(usize, bool, Vec<RuleSpec>),
    Revoke(usize, bool, usize),
    Modify(usize, bool, usize, RuleSpec),
    Set(usize, bool, Vec<(Option<usize>, RuleSpec)>),
    Attach(usize, Vec<usize>),
    CreateResource(usize, Vec<usize>, Option<u8>),
    DeleteResource(usize),
    Subnet(u8, u8),
    DeleteSubnet(usize),
    AclEntry(bool, u16, bool),
    Detach,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        "[a-z]{1,3}|sg-x|default".prop_map(Op::CreateGroup),
        (0usize..8).prop_map(Op::DeleteGroup),
        (0usize..8, any::<bool>(), prop::collection::vec(spec(), 0..4)).prop_map(|(g, o, r)| Op::Authorize(g, o, r)),
        (0usize..8, any::<bool>(), 0usize..4).prop_map(|(g, o, r)| Op::Revoke(g, o, r)),
        (0usize..8, any::<bool>(), 0usize..4, spec()).prop_map(|(g, o, r, s)| Op::Modify(g, o, r, s)),
        (0usize..8, any::<bool>(), prop::collection::vec((prop::option::of(0usize..4), spec()), 0..4))
            .prop_map(|(g, o, r)| Op::Set(g, o, r)),
        (0usize..4, prop::collection::vec(0usize..8, 0..4)).prop_map(|(e, g)| Op::Attach(e, g)),
        (0usize..3, prop::collection::vec(0usize..8, 0..2), prop::option::of(0u8..8))
            .prop_map(|(s, g, ip)| Op::CreateResource(s, g, ip)),
        (0usize..4).prop_map(Op::DeleteResource),
        (0u8..6, 22u8..30).prop_map(|(third, len)| Op::Subnet(third, len)),
        (0usize..4).prop_map(Op::DeleteSubnet),
        (any::<bool>(), 0u16..4, any::<bool>()).prop_map(|(e, n, a)| Op::AclEntry(e, n * 10_000, a)),
        Just(Op::Detach),
    ]
}

fn nth<T: Clone>(items: &[T], i: usize) -> Option<T> {
    items.get(i).cloned()
}

fn to_edit(net: &Network, op: &Op) -> Option<Edit> {
    let groups: Vec<SecurityGroupId> = net.security_groups.iter().map(|g| g.id.clone()).collect();
    let dir = |o: bool| if o { Direction::Outbound } else { Direction::Inbound };
    let rule_id = |g: &SecurityGroupId, o: bool, i: usize| {
        net.security_group(g).and_then(|g| g.rules(dir(o)).get(i)).map(|r| r.id.clone())
    };
    Some(match op {
        Op::CreateGroup(name) => Edit::CreateSecurityGroup {
            vpc_id: VpcId::new(VPC_ID),
            name: name.clone(),
            description: "d".into(),
            tags: vec![],
        },
        Op::DeleteGroup(g) => Edit::DeleteSecurityGroup { group_id: nth(&groups, *g)? },
        Op::Authorize(g, o, rules) => {
            let group_id = nth(&groups, *g)?;
            if *o {
                Edit::AuthorizeSecurityGroupEgress { group_id, rules: rules.clone() }
            } else {
                Edit::AuthorizeSecurityGroupIngress { group_id, rules: rules.clone() }
            }
        }
        Op::Revoke(g, o, r) => {
            let group_id = nth(&groups, *g)?;
            let rule_ids = vec![rule_id(&group_id, *o, *r).unwrap_or_else(|| SecurityGroupRuleId::new("sgr-none"))];
            if *o {
                Edit::RevokeSecurityGroupEgress { group_id, rule_ids }
            } else {
                Edit::RevokeSecurityGroupIngress { group_id, rule_ids }
            }
        }
        Op::Modify(g, o, r, spec) => {
            let group_id = nth(&groups, *g)?;
            let rule_id = rule_id(&group_id, *o, *r).unwrap_or_else(|| SecurityGroupRuleId::new("sgr-none"));
            Edit::ModifySecurityGroupRules { group_id, direction: dir(*o), rule_id, spec: spec.clone() }
        }
        Op::Set(g, o, rows) => {
            let group_id = nth(&groups, *g)?;
            let rules = rows.iter().map(|(r, s)| (r.and_then(|r| rule_id(&group_id, *o, r)), s.clone())).collect();
            Edit::SetSecurityGroupRules { group_id, direction: dir(*o), rules }
        }
        Op::Attach(e, gs) => Edit::ModifyNetworkInterfaceAttribute {
            interface_id: net.network_interfaces.get(*e)?.id.clone(),
            groups: gs.iter().filter_map(|g| nth(&groups, *g)).collect(),
        },
        Op::CreateResource(s, gs, ip) => Edit::CreateResource {
            kind: ResourceKind::Ec2,
            name: "vm".into(),
            subnet_id: net.subnets.get(*s)?.id.clone(),
            security_groups: gs.iter().filter_map(|g| nth(&groups, *g)).collect(),
            private_ip: ip.map(|d| Ipv4Addr::new(10, 1, 1, d)),
            public_ip: None,
        },
        Op::DeleteResource(r) => Edit::DeleteResource { resource_id: net.resources.get(*r)?.id.clone() },
        Op::Subnet(third, len) => Edit::CreateSubnet {
            vpc_id: VpcId::new(VPC_ID),
            cidr_block: ipnet::Ipv4Net::new(Ipv4Addr::new(10, 1, *third, 0), *len).ok()?,
            availability_zone: "us-east-1a".into(),
            name: None,
        },
        Op::DeleteSubnet(s) => Edit::DeleteSubnet { subnet_id: net.subnets.get(*s)?.id.clone() },
        Op::AclEntry(egress, n, allow) => Edit::CreateNetworkAclEntry {
            acl_id: net.network_acls.first()?.id.clone(),
            egress: *egress,
            entry: NaclEntry {
                rule_number: *n,
                action: if *allow { RuleAction::Allow } else { RuleAction::Deny },
                traffic: Traffic::All,
                cidr: "0.0.0.0/0".parse().ok()?,
            },
        },
        Op::Detach => Edit::DetachInternetGateway {
            internet_gateway_id: InternetGatewayId::new(example::IGW_ID),
            vpc_id: VpcId::new(VPC_ID),
        },
    })
}

fn check_invariants(net: &Network) {
    for g in &net.security_groups {
        for d in [Direction::Inbound, Direction::Outbound] {
            let rules = g.rules(d);
            let keys: HashSet<_> = rules.iter().map(|r| (r.traffic, r.peer.clone())).collect();
            assert_eq!(keys.len(), rules.len(), "duplicate rules in {}", g.id);
            let v4 = rules.iter().filter(|r| !matches!(r.peer, Peer::Cidr(ipnet::IpNet::V6(_)))).count();
            let v6 = rules.iter().filter(|r| !matches!(r.peer, Peer::Cidr(ipnet::IpNet::V4(_)))).count();
            assert!(v4 <= MAX_RULES_PER_GROUP && v6 <= MAX_RULES_PER_GROUP);
            for r in rules {
                if let Peer::Cidr(c) = r.peer {
                    assert_eq!(c, c.trunc());
                }
                if let Peer::SecurityGroup(id) = &r.peer {
                    assert!(net.security_group(id).is_some(), "a rule references a deleted group");
                }
            }
        }
    }
    let mut ids = HashSet::new();
    for g in &net.security_groups {
        assert!(ids.insert(g.id.to_string()));
        for r in g.inbound.iter().chain(&g.outbound) {
            assert!(ids.insert(r.id.to_string()), "rule id {} used twice", r.id);
        }
    }
    let mut addresses = HashSet::new();
    for eni in &net.network_interfaces {
        assert!((1..=MAX_GROUPS_PER_INTERFACE).contains(&eni.security_groups.len()));
        for g in &eni.security_groups {
            assert!(net.security_group(g).is_some(), "an interface has a deleted group");
        }
        assert!(net.subnet(&eni.subnet_id).is_some(), "an interface is in a deleted subnet");
        for p in &eni.private_ips {
            assert!(addresses.insert(IpAddr::V4(p.address)), "address {} given twice", p.address);
        }
    }
    for acl in &net.network_acls {
        for entries in [&acl.inbound, &acl.outbound] {
            assert!(entries.windows(2).all(|w| w[0].rule_number < w[1].rule_number));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_sequence_of_edits_keeps_the_lab_valid_and_refusals_change_nothing(ops in prop::collection::vec(op(), 1..25)) {
        let mut net = example::chapter();
        for op in &ops {
            let Some(edit) = to_edit(&net, op) else { continue };
            let before = net.clone();
            match apply(&mut net, &edit) {
                Ok(_) => check_invariants(&net),
                Err(e) => {
                    prop_assert_eq!(&net, &before, "refused {:?} with {} but changed the lab", edit, e);
                    prop_assert!(!e.code().is_empty() && !e.message().is_empty());
                }
            }
        }
    }

    #[test]
    fn a_batch_on_one_copy_is_each_edit_applied_by_itself(ops in prop::collection::vec(op(), 1..25)) {
        // The edits as a user would make them, refused ones included.
        let start = example::chapter();
        let mut net = start.clone();
        let mut edits = Vec::new();
        for op in &ops {
            let Some(edit) = to_edit(&net, op) else { continue };
            // What trying the edit says is what applying it does, and trying changes nothing.
            let before = net.clone();
            let tried = try_edit(&net, &edit);
            prop_assert_eq!(&net, &before);
            let applied = apply(&mut net, &edit);
            prop_assert_eq!(&tried, &applied);
            edits.push(edit);
        }
        // The batch stops at the first refused edit and changes nothing; when none is
        // refused it ends where the edits one by one end.
        let mut one_by_one = start.clone();
        let mut expected = Ok(Vec::new());
        for (index, edit) in edits.iter().enumerate() {
            match apply(&mut one_by_one, edit) {
                Ok(a) => if let Ok(all) = &mut expected { all.push(a) },
                Err(error) => {
                    expected = Err((index, error));
                    break;
                }
            }
        }
        let batch = apply_all(&start, &edits);
        match (batch, expected) {
            (Ok((network, applied)), Ok(all)) => {
                prop_assert_eq!(&network, &one_by_one);
                prop_assert_eq!(applied, all);
            }
            (Err(refused), Err((index, error))) => {
                prop_assert_eq!(refused.index, index);
                prop_assert_eq!(refused.error, error);
            }
            (batch, expected) => prop_assert!(false, "batch {:?}, one by one {:?}", batch.map(|(_, a)| a), expected),
        }
    }

    #[test]
    fn any_text_typed_in_a_row_parses_or_gets_field_messages(
        type_index in 0usize..30,
        source_type in 0usize..4,
        protocol in ".{0,12}",
        port_range in "[0-9 -]{0,12}|.{0,8}",
        source in "[0-9./:a-z-]{0,20}|.{0,8}",
        description in ".{0,20}",
    ) {
        let net = example::chapter();
        let rule_type = RuleType::all().nth(type_index).unwrap_or_default();
        let draft = RuleDraft {
            rule_type,
            protocol,
            port_range,
            source_type: SourceType::ALL[source_type],
            source,
            description,
        };
        match draft.parse(&net, &VpcId::new(VPC_ID)) {
            Ok(spec) => {
                // What the form accepts, the API accepts (unless it is a duplicate).
                let mut n = net.clone();
                let r = apply(&mut n, &Edit::AuthorizeSecurityGroupIngress {
                    group_id: SecurityGroupId::new(example::APP_SG_ID),
                    rules: vec![spec],
                });
                if let Err(e) = r {
                    prop_assert_eq!(e.code(), "InvalidPermission.Duplicate");
                }
            }
            Err(errors) => prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty())),
        }
    }
}
