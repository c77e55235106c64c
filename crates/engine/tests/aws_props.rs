//! Properties of the AWS JSON reader and writer: generated networks come back the
//! same; no JSON, however wrong, makes the reader panic; whatever it accepts comes
//! back the same after a round trip.

#![expect(clippy::unwrap_used, reason = "helpers outside #[test] functions: a failed setup should stop the test")]

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use serde_json::{Map, Value};
use sglab_engine::aws::{from_aws_json, from_aws_value, to_aws_json, to_aws_value};
use sglab_engine::ids::*;
use sglab_engine::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const SHOP: &str = include_str!("fixtures/aws/moto-shop.json");
const ACCOUNT: &str = include_str!("fixtures/aws/moto-account.json");

/// A small deterministic random source, so that one `u64` from proptest describes
/// a whole network.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn id(prefix: &str, n: u64) -> String {
    format!("{prefix}{n:017x}")
}

fn tags(rng: &mut Rng, name: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    if rng.chance(70) {
        tags.push(Tag { key: "Name".into(), value: name.into() });
    }
    if rng.chance(30) {
        tags.push(Tag { key: "team é\"x".into(), value: String::new() });
    }
    tags
}

fn traffic(rng: &mut Rng) -> Traffic {
    let range = |rng: &mut Rng| {
        let a = rng.below(65536) as u16;
        let b = rng.below(65536) as u16;
        PortRange::new(a.min(b), a.max(b)).unwrap()
    };
    let icmp = |rng: &mut Rng| match rng.below(3) {
        0 => IcmpMatch::AllTypes,
        1 => IcmpMatch::Type { icmp_type: rng.below(256) as u8, code: None },
        _ => IcmpMatch::Type { icmp_type: rng.below(256) as u8, code: Some(rng.below(256) as u8) },
    };
    match rng.below(6) {
        0 => Traffic::All,
        1 => Traffic::Tcp(range(rng)),
        2 => Traffic::Udp(range(rng)),
        3 => Traffic::Icmp(icmp(rng)),
        4 => Traffic::Icmpv6(icmp(rng)),
        _ => match Protocol::from_number(rng.below(256) as u8) {
            Protocol::Number(n) => Traffic::Other(n),
            _ => Traffic::Other(47),
        },
    }
}

fn cidr(rng: &mut Rng) -> IpNet {
    if rng.chance(70) {
        let len = rng.below(33) as u8;
        IpNet::V4(Ipv4Net::new(Ipv4Addr::from(rng.next() as u32), len).unwrap().trunc())
    } else {
        let len = rng.below(129) as u8;
        IpNet::V6(Ipv6Net::new(Ipv6Addr::from(u128::from(rng.next()) << 64), len).unwrap().trunc())
    }
}

/// A network as AWS could hold it: every VPC with its main route table, default
/// ACL and `default` group; subnets inside their VPC; interfaces inside their subnet.
fn network(seed: u64) -> Network {
    let rng = &mut Rng(seed);
    let mut n = Network::default();
    let mut counter = 0u64;
    let mut fresh = |prefix: &str| {
        counter += 1;
        id(prefix, counter)
    };
    let mut rule_ids = 0u64;
    let vpc_count = 1 + rng.below(2);
    for v in 0..vpc_count {
        let vpc_id = VpcId::new(fresh("vpc-"));
        let has_v6 = rng.chance(50);
        let mut cidr_blocks = vec![Ipv4Net::new(Ipv4Addr::new(10, v as u8, 0, 0), 16).unwrap()];
        if rng.chance(30) {
            cidr_blocks.push(Ipv4Net::new(Ipv4Addr::new(100, 64 + v as u8, 0, 0), 16).unwrap());
        }
        let v6_base = 0x2600_1f18_0000_0000_0000_0000_0000_0000u128 | (u128::from(v) << 80);
        let ipv6_cidr_blocks = if has_v6 { vec![Ipv6Net::new(Ipv6Addr::from(v6_base), 56).unwrap()] } else { vec![] };
        n.vpcs.push(Vpc {
            id: vpc_id.clone(),
            cidr_blocks: cidr_blocks.clone(),
            ipv6_cidr_blocks: ipv6_cidr_blocks.clone(),
            is_default: rng.chance(20),
            tags: tags(rng, &format!("vpc {v}")),
        });

        let mut subnet_ids = Vec::new();
        for s in 0..1 + rng.below(3) {
            let subnet_id = SubnetId::new(fresh("subnet-"));
            let block = *rng.pick(&cidr_blocks);
            let octets = block.network().octets();
            let cidr_block = Ipv4Net::new(Ipv4Addr::new(octets[0], octets[1], s as u8 + 1, 0), 24).unwrap();
            let ipv6_cidr_block = (has_v6 && rng.chance(60))
                .then(|| Ipv6Net::new(Ipv6Addr::from(v6_base | (u128::from(s + 1) << 64)), 64).unwrap());
            n.subnets.push(Subnet {
                id: subnet_id.clone(),
                vpc_id: vpc_id.clone(),
                cidr_block,
                ipv6_cidr_block,
                availability_zone: format!("us-east-1{}", ["a", "b", "c"][s as usize]),
                tags: tags(rng, "subnet"),
            });
            subnet_ids.push(subnet_id);
        }

        let igw = rng.chance(70).then(|| InternetGatewayId::new(fresh("igw-")));
        if let Some(igw) = &igw {
            n.internet_gateways.push(InternetGateway {
                id: igw.clone(),
                vpc_id: Some(vpc_id.clone()),
                tags: tags(rng, "igw"),
            });
        }
        if rng.chance(20) {
            n.internet_gateways.push(InternetGateway {
                id: InternetGatewayId::new(fresh("igw-")),
                vpc_id: None,
                tags: vec![],
            });
        }
        let local: Vec<Route> = cidr_blocks
            .iter()
            .map(|c| IpNet::V4(*c))
            .chain(ipv6_cidr_blocks.iter().map(|c| IpNet::V6(*c)))
            .map(|destination| Route { destination, target: RouteTarget::Local })
            .collect();
        let extra_routes = |rng: &mut Rng| {
            let mut routes = local.clone();
            for _ in 0..rng.below(4) {
                let target = match rng.below(5) {
                    0 if igw.is_some() => RouteTarget::InternetGateway(igw.clone().unwrap()),
                    0 | 1 => RouteTarget::Other { id: id("nat-", rng.next()) },
                    2 => RouteTarget::Other { id: id("pcx-", rng.next()) },
                    3 => RouteTarget::Other { id: id("vgw-", rng.next()) },
                    _ => RouteTarget::Blackhole {
                        id: {
                            let prefix: &str = rng.pick::<&str>(&["nat-", "igw-", "eni-", "tgw-"]);
                            id(prefix, rng.next())
                        },
                    },
                };
                routes.push(Route { destination: cidr(rng), target });
            }
            routes
        };
        let split = rng.below(subnet_ids.len() as u64 + 1) as usize;
        n.route_tables.push(RouteTable {
            id: RouteTableId::new(fresh("rtb-")),
            vpc_id: vpc_id.clone(),
            main: true,
            subnet_ids: subnet_ids[..split].iter().filter(|_| rng.chance(30)).cloned().collect(),
            routes: extra_routes(rng),
            tags: tags(rng, "main"),
        });
        if rng.chance(60) {
            n.route_tables.push(RouteTable {
                id: RouteTableId::new(fresh("rtb-")),
                vpc_id: vpc_id.clone(),
                main: false,
                subnet_ids: subnet_ids[split..].to_vec(),
                routes: extra_routes(rng),
                tags: tags(rng, "public"),
            });
        }

        let entries = |rng: &mut Rng| {
            let mut numbers: Vec<u16> = (0..rng.below(5)).map(|_| 1 + rng.below(32766) as u16).collect();
            numbers.sort_unstable();
            numbers.dedup();
            numbers
                .into_iter()
                .map(|rule_number| NaclEntry {
                    rule_number,
                    action: if rng.chance(50) { RuleAction::Allow } else { RuleAction::Deny },
                    traffic: traffic(rng),
                    cidr: cidr(rng),
                })
                .collect::<Vec<_>>()
        };
        let custom = rng.chance(50);
        let acl_split = if custom { rng.below(subnet_ids.len() as u64 + 1) as usize } else { subnet_ids.len() };
        n.network_acls.push(NetworkAcl {
            id: NetworkAclId::new(fresh("acl-")),
            vpc_id: vpc_id.clone(),
            is_default: true,
            subnet_ids: subnet_ids[..acl_split].to_vec(),
            inbound: entries(rng),
            outbound: entries(rng),
            tags: vec![],
        });
        if custom {
            n.network_acls.push(NetworkAcl {
                id: NetworkAclId::new(fresh("acl-")),
                vpc_id: vpc_id.clone(),
                is_default: false,
                subnet_ids: subnet_ids[acl_split..].to_vec(),
                inbound: entries(rng),
                outbound: entries(rng),
                tags: tags(rng, "custom acl"),
            });
        }

        let group_ids: Vec<SecurityGroupId> =
            (0..1 + rng.below(4)).map(|_| SecurityGroupId::new(fresh("sg-"))).collect();
        for (g, group_id) in group_ids.iter().enumerate() {
            let mut rules = |rng: &mut Rng| {
                (0..rng.below(6))
                    .map(|_| {
                        rule_ids += 1;
                        let peer = match rng.below(4) {
                            0 | 1 => Peer::Cidr(cidr(rng)),
                            2 if rng.chance(80) => Peer::SecurityGroup(rng.pick(&group_ids).clone()),
                            2 => Peer::SecurityGroup(SecurityGroupId::new(id("sg-", rng.next()))),
                            _ => Peer::PrefixList(PrefixListId::new(id("pl-", rng.below(3)))),
                        };
                        SgRule {
                            id: SecurityGroupRuleId::new(id("sgr-", rule_ids)),
                            traffic: traffic(rng),
                            peer,
                            description: match rng.below(3) {
                                0 => None,
                                1 => Some(String::new()),
                                _ => Some(format!("rule {rule_ids} «x»")),
                            },
                        }
                    })
                    .collect::<Vec<_>>()
            };
            n.security_groups.push(SecurityGroup {
                id: group_id.clone(),
                name: if g == 0 { "default".into() } else { format!("group-{g}") },
                description: if rng.chance(80) { format!("group {g}") } else { String::new() },
                vpc_id: vpc_id.clone(),
                inbound: rules(rng),
                outbound: rules(rng),
                tags: tags(rng, "sg"),
            });
        }

        for (s, subnet_id) in subnet_ids.iter().enumerate() {
            let subnet = n.subnets.iter().find(|x| &x.id == subnet_id).unwrap().clone();
            for k in 0..rng.below(3) {
                let base = u32::from(subnet.cidr_block.network());
                let private_ips = (0..1 + rng.below(3))
                    .map(|i| PrivateIp {
                        address: Ipv4Addr::from(base + 10 + 10 * k as u32 + i as u32),
                        public_ip: rng.chance(30).then(|| Ipv4Addr::new(203, 0, 113, (s * 10 + k as usize) as u8)),
                    })
                    .collect();
                let ipv6_addresses = match subnet.ipv6_cidr_block {
                    Some(c) if rng.chance(50) => vec![Ipv6Addr::from(u128::from(c.network()) + 0x10 + u128::from(k))],
                    _ => vec![],
                };
                let groups = group_ids.iter().filter(|_| rng.chance(50)).cloned().collect();
                n.network_interfaces.push(NetworkInterface {
                    id: NetworkInterfaceId::new(fresh("eni-")),
                    subnet_id: subnet_id.clone(),
                    description: rng
                        .pick(&["", "Primary network interface", "RDSNetworkInterface", "ELB app/web/0123"])
                        .to_string(),
                    private_ips,
                    ipv6_addresses,
                    security_groups: groups,
                    resource_id: None,
                    tags: tags(rng, "eni"),
                });
            }
        }
    }
    // Resources own some interfaces; one may own none.
    let kinds = [ResourceKind::Ec2, ResourceKind::Rds, ResourceKind::Alb];
    for r in 0..rng.below(4) {
        let kind = *rng.pick(&kinds);
        let rid = match kind {
            ResourceKind::Ec2 => ResourceId::new(id("i-", r)),
            ResourceKind::Rds => ResourceId::new(format!("db-{r}")),
            ResourceKind::Alb => ResourceId::new(format!("alb-{r}")),
        };
        n.resources.push(Resource { id: rid.clone(), kind, name: format!("resource {r}") });
        for eni in &mut n.network_interfaces {
            if eni.resource_id.is_none() && rng.chance(40) {
                eni.resource_id = Some(rid.clone());
            }
        }
    }
    for p in 0..rng.below(3) {
        n.prefix_lists.push(PrefixList {
            id: PrefixListId::new(id("pl-", p)),
            name: format!("list {p}"),
            cidrs: (0..rng.below(3)).map(|_| cidr(rng)).collect(),
        });
    }
    for h in 0..rng.below(3) {
        let address = if rng.chance(50) {
            IpAddr::V4(Ipv4Addr::from(rng.next() as u32))
        } else {
            IpAddr::V6(Ipv6Addr::from(u128::from(rng.next())))
        };
        n.internet_hosts.push(InternetHost { name: format!("host {h}"), address });
    }
    n
}

/// JSON of any shape, with AWS's keys often enough to reach deep into the reader.
fn json_value() -> impl Strategy<Value = Value> {
    const KEYS: &[&str] = &[
        "Vpcs",
        "Subnets",
        "RouteTables",
        "InternetGateways",
        "NetworkAcls",
        "SecurityGroups",
        "NetworkInterfaces",
        "SecurityGroupRules",
        "SgLab",
        "Reservations",
        "VpcId",
        "CidrBlock",
        "SubnetId",
        "GroupId",
        "GroupName",
        "IpPermissions",
        "IpPermissionsEgress",
        "IpProtocol",
        "FromPort",
        "ToPort",
        "IpRanges",
        "CidrIp",
        "Entries",
        "RuleNumber",
        "Protocol",
        "RuleAction",
        "Egress",
        "PortRange",
        "From",
        "To",
        "IcmpTypeCode",
        "Type",
        "Code",
        "Associations",
        "Main",
        "Routes",
        "DestinationCidrBlock",
        "GatewayId",
        "State",
        "NetworkInterfaceId",
        "PrivateIpAddress",
        "PrivateIpAddresses",
        "Groups",
        "Resources",
        "Kind",
        "Id",
        "NetworkInterfaceIds",
        "IsDefault",
        "Attachments",
        "InternetGatewayId",
        "RouteTableId",
        "NetworkAclId",
        "Ipv6CidrBlock",
        "Ipv6CidrBlockAssociationSet",
        "UserIdGroupPairs",
        "PrefixListIds",
        "PrefixListId",
        "Tags",
        "Key",
        "Value",
    ];
    const STRINGS: &[&str] = &[
        "vpc-1",
        "subnet-1",
        "sg-1",
        "eni-1",
        "igw-1",
        "acl-1",
        "rtb-1",
        "10.0.0.0/16",
        "10.0.1.0/24",
        "10.0.1.5",
        "0.0.0.0/0",
        "::/0",
        "2600::/56",
        "tcp",
        "udp",
        "icmp",
        "icmpv6",
        "-1",
        "6",
        "300",
        "allow",
        "deny",
        "local",
        "blackhole",
        "ec2",
        "rds",
        "alb",
        "default",
        "",
        "ELB app/x/1",
        "RDSNetworkInterface",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![-2i64..70000, any::<i64>()].prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(STRINGS).prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())),
        ]
    })
}

/// Changes one place in a document: `steps` choose the way down, then the value
/// there is replaced, or removed from its object or array.
fn mutate(doc: &mut Value, steps: &[u32], replacement: Option<Value>) {
    let mut here = doc;
    for (depth, step) in steps.iter().enumerate() {
        let last = depth + 1 == steps.len();
        let len = match &*here {
            Value::Object(o) => o.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = *step as usize % len;
        if last && replacement.is_none() {
            match here {
                Value::Object(o) => {
                    let key = o.keys().nth(i).cloned().unwrap();
                    o.remove(&key);
                }
                Value::Array(a) => {
                    a.remove(i);
                }
                _ => {}
            }
            return;
        }
        here = match here {
            Value::Object(o) => o.values_mut().nth(i).unwrap(),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
    if let Some(v) = replacement {
        *here = v;
    }
}

/// Whatever the reader accepts, the writer writes so that the reader gives it back.
fn accepted_documents_round_trip(doc: &Value) -> Result<(), TestCaseError> {
    if let Ok(n) = from_aws_value(doc) {
        let again = from_aws_json(&to_aws_json(&n));
        prop_assert_eq!(again.as_ref().ok(), Some(&n), "{:?}", again.as_ref().err());
    }
    Ok(())
}

#[test]
fn some_generated_networks_are_rich() {
    // The generator reaches what it should (not only empty labs).
    let all: Vec<Network> = (0..64).map(network).collect();
    assert!(all.iter().any(|n| n.vpcs.len() == 2));
    assert!(all.iter().any(|n| n.network_interfaces.iter().any(|e| e.resource_id.is_some())));
    assert!(all.iter().any(|n| n.security_groups.iter().any(|g| g.inbound.len() >= 3)));
    assert!(all.iter().any(|n| n.network_acls.iter().any(|a| !a.inbound.is_empty())));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_networks_come_back_the_same(seed in any::<u64>()) {
        let n = network(seed);
        let text = to_aws_json(&n);
        let back = from_aws_json(&text);
        prop_assert_eq!(back.as_ref().ok(), Some(&n), "{:?}", back.as_ref().err());
        // And the document itself is stable.
        prop_assert_eq!(to_aws_value(&n), to_aws_value(&from_aws_json(&text).unwrap()));
    }

    #[test]
    fn any_json_gives_a_network_or_a_located_error(doc in json_value()) {
        if let Err(e) = from_aws_value(&doc) {
            prop_assert!(!e.to_string().is_empty());
        }
        accepted_documents_round_trip(&doc)?;
        let text = doc.to_string();
        let _ = from_aws_json(&text);
        let half = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let _ = from_aws_json(&text[..half]);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..3,
        changes in prop::collection::vec(
            (prop::collection::vec(any::<u32>(), 1..7), prop::option::weighted(0.8, json_value())),
            1..4,
        ),
    ) {
        let mut doc: Value = match which {
            0 => serde_json::from_str(SHOP).unwrap(),
            1 => serde_json::from_str(ACCOUNT).unwrap(),
            _ => to_aws_value(&sglab_engine::example::chapter()),
        };
        for (steps, replacement) in changes {
            mutate(&mut doc, &steps, replacement);
        }
        if let Err(e) = from_aws_value(&doc) {
            // The path names a place in the document (or the document itself).
            let first = e.path.split(['.', '[']).next().unwrap_or_default();
            prop_assert!(e.path.is_empty() || doc.get(first).is_some(), "{}", e);
        }
        accepted_documents_round_trip(&doc)?;
    }
}
