//! Generated networks for the benchmarks: large, deterministic, and shaped like real
//! VPCs (HTTPS allow-lists of single addresses, port ranges, UDP, ICMP, a few rules
//! that reference other security groups), and whole labs of tiers ([`realistic_lab`]).
// Each bench uses some of these.
#![allow(dead_code)]

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use sglab_engine::example::default_network_acl;
use sglab_engine::ids::*;
use sglab_engine::*;
use std::net::{Ipv4Addr, Ipv6Addr};

pub const VPC: &str = "vpc-0000000000000bench";

fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> IpNet {
    IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len))
}

fn anywhere() -> Peer {
    Peer::Cidr(v4(0, 0, 0, 0, 0))
}

fn group(id: String, name: String, inbound: Vec<SgRule>, outbound: Vec<SgRule>) -> SecurityGroup {
    SecurityGroup {
        id: SecurityGroupId::new(id),
        description: format!("{name} (generated)"),
        name,
        vpc_id: VpcId::new(VPC),
        inbound,
        outbound,
        tags: vec![],
    }
}

fn rule(id: String, traffic: Traffic, peer: Peer) -> SgRule {
    SgRule { id: SecurityGroupRuleId::new(id), traffic, peer, description: None }
}

fn subnet(index: u8) -> Subnet {
    Subnet {
        id: SubnetId::new(format!("subnet-{index:017}")),
        vpc_id: VpcId::new(VPC),
        cidr_block: Ipv4Net::new_assert(Ipv4Addr::new(10, 0, index, 0), 24),
        ipv6_cidr_block: None,
        availability_zone: "us-east-1a".into(),
        tags: vec![],
    }
}

fn interface(
    index: usize,
    subnet: &Subnet,
    address: Ipv4Addr,
    groups: Vec<SecurityGroupId>,
) -> (NetworkInterface, Resource) {
    let resource = Resource {
        id: ResourceId::new(format!("i-{index:017x}")),
        kind: ResourceKind::Ec2,
        name: format!("server-{index:04}"),
    };
    let eni = NetworkInterface {
        id: NetworkInterfaceId::new(format!("eni-{index:017x}")),
        subnet_id: subnet.id.clone(),
        description: "Primary network interface".into(),
        private_ips: vec![PrivateIp { address, public_ip: None }],
        ipv6_addresses: vec![],
        security_groups: groups,
        resource_id: Some(resource.id.clone()),
        tags: vec![],
    };
    (eni, resource)
}

/// One VPC, one route table (local only), the default network ACL.
fn vpc_skeleton(subnets: Vec<Subnet>) -> Network {
    let vpc = VpcId::new(VPC);
    let subnet_ids = subnets.iter().map(|s| s.id.clone()).collect();
    Network {
        vpcs: vec![Vpc {
            id: vpc.clone(),
            cidr_blocks: vec![Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 16)],
            ipv6_cidr_blocks: vec![],
            is_default: false,
            tags: vec![],
        }],
        subnets,
        route_tables: vec![RouteTable {
            id: RouteTableId::new("rtb-0000000000000main"),
            vpc_id: vpc.clone(),
            main: true,
            subnet_ids: vec![],
            routes: vec![Route { destination: v4(10, 0, 0, 0, 16), target: RouteTarget::Local }],
            tags: vec![],
        }],
        network_acls: vec![default_network_acl(NetworkAclId::new("acl-00000000000default"), vpc, subnet_ids)],
        ..Network::default()
    }
}

/// The `index`-th rule of a large inbound rule list: mostly HTTPS from single
/// allow-listed addresses (the pattern that makes real groups long), with port ranges,
/// UDP, ICMP, IPv6 and, every 97th rule, a reference to one of `referenced` groups.
fn big_group_rule(index: usize, referenced: &[SecurityGroupId]) -> SgRule {
    let id = format!("sgr-{index:017x}");
    let [_, _, hi, lo] = (index as u32).to_be_bytes();
    // 198.18.0.0/15 (benchmarking range): outside the VPC, so it never matches a client.
    let outside = |len| Peer::Cidr(v4(198, 18 + (hi & 1), lo, 0, len));
    if index % 97 == 50 {
        let g = referenced[index / 97 % referenced.len()].clone();
        return rule(id, Traffic::All, Peer::SecurityGroup(g));
    }
    let traffic_and_peer = match index % 10 {
        0..=4 => {
            (Traffic::Tcp(PortRange::single(443)), Peer::Cidr(v4(198, 18 + (hi & 1), lo, (index % 251) as u8, 32)))
        }
        5 => (Traffic::Tcp(PortRange { from: 8000, to: 8999 }), outside(24)),
        6 => (Traffic::Tcp(PortRange { from: 1, to: 1023 }), outside(24)),
        7 => (Traffic::Udp(PortRange { from: 3000, to: 3999 }), outside(24)),
        8 => (Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None }), outside(16)),
        _ => (
            Traffic::Tcp(PortRange::single(443)),
            Peer::Cidr(IpNet::V6(Ipv6Net::new_assert(Ipv6Addr::new(0x2001, 0xdb8, index as u16, 0, 0, 0, 0, 0), 48))),
        ),
    };
    rule(id, traffic_and_peer.0, traffic_and_peer.1)
}

/// The AWS maximum on one interface: 16 security groups with 1000 inbound rules among
/// them (AWS caps rules per group × groups per interface at 1000).
pub struct MaxInterface {
    pub network: Network,
    /// Its only way in is the 500th rule or so: a reference to `app-clients`, its group.
    pub allowed_client: NetworkInterfaceId,
    /// No rule matches it, so every one of the 1000 rules is tried.
    pub unmatched_client: NetworkInterfaceId,
    pub server: NetworkInterfaceId,
}

pub fn max_interface() -> MaxInterface {
    let mut net = vpc_skeleton(vec![subnet(1), subnet(2)]);
    let client_sg = SecurityGroupId::new("sg-00000000000client");
    let app_clients = SecurityGroupId::new("sg-0000000appclients");
    let others: Vec<SecurityGroupId> =
        (0..4).map(|i| SecurityGroupId::new(format!("sg-00000000000other{i}"))).collect();
    let all_out = |id: &str| vec![rule(id.to_owned(), Traffic::All, anywhere())];

    net.security_groups.push(group(client_sg.to_string(), "client".into(), vec![], all_out("sgr-0000000client-out")));
    net.security_groups.push(group(app_clients.to_string(), "app-clients".into(), vec![], vec![]));
    for (i, g) in others.iter().enumerate() {
        net.security_groups.push(group(g.to_string(), format!("other-{i}"), vec![], vec![]));
    }

    // 1000 rules over 16 groups: 62 or 63 each.
    let mut server_groups = Vec::new();
    let mut next_rule = 0;
    for g in 0..16 {
        let count = if g < 8 { 63 } else { 62 };
        let mut inbound: Vec<SgRule> = (next_rule..next_rule + count).map(|r| big_group_rule(r, &others)).collect();
        if g == 8 {
            // Halfway down the merged list: what a typical allowed flow meets.
            let last = inbound.len() - 1;
            inbound[last] = rule(
                format!("sgr-{:017x}", next_rule + last),
                Traffic::Tcp(PortRange::single(443)),
                Peer::SecurityGroup(app_clients.clone()),
            );
        }
        next_rule += count;
        let id = SecurityGroupId::new(format!("sg-0000000000server{g:x}"));
        net.security_groups.push(group(
            id.to_string(),
            format!("server-{g}"),
            inbound,
            all_out(&format!("sgr-0000server{g:x}-out")),
        ));
        server_groups.push(id);
    }
    debug_assert_eq!(next_rule, 1000);

    let subnets = net.subnets.clone();
    let mut add = |index: usize, subnet: &Subnet, address: Ipv4Addr, groups: Vec<SecurityGroupId>| {
        let (eni, resource) = interface(index, subnet, address, groups);
        let id = eni.id.clone();
        net.network_interfaces.push(eni);
        net.resources.push(resource);
        id
    };
    let allowed_client = add(1, &subnets[0], Ipv4Addr::new(10, 0, 1, 10), vec![client_sg.clone(), app_clients]);
    let unmatched_client = add(2, &subnets[0], Ipv4Addr::new(10, 0, 1, 100), vec![client_sg]);
    let server = add(3, &subnets[1], Ipv4Addr::new(10, 0, 2, 10), server_groups);
    // Members of the referenced groups, so that those references have something to look up.
    for (i, g) in others.iter().enumerate() {
        add(10 + i, &subnets[1], Ipv4Addr::new(10, 0, 2, 20 + i as u8), vec![g.clone()]);
    }
    MaxInterface { network: net, allowed_client, unmatched_client, server }
}

/// 1000 interfaces in 10 subnets of one VPC, in five tiers (web, app, cache, db,
/// batch), each with its tier's group and a shared `base` group. Tiers admit each other
/// by group reference, admin access comes from a CIDR, the db tier has no outbound rule.
/// On TCP 443 some pairs are allowed, others stop at either end's security groups.
pub fn thousand_interfaces() -> Network {
    let mut net = vpc_skeleton((0..10).map(subnet).collect());
    let tiers = ["web", "app", "cache", "db", "batch"];
    let tier_id = |t: usize| SecurityGroupId::new(format!("sg-00000000000tier{t}"));
    let base = SecurityGroupId::new("sg-000000000000base");
    let mut r = 0;
    let mut next = || {
        r += 1;
        format!("sgr-{r:017x}")
    };

    net.security_groups.push(group(
        base.to_string(),
        "base".into(),
        vec![
            rule(next(), Traffic::Tcp(PortRange::single(22)), Peer::Cidr(v4(10, 0, 9, 0, 24))),
            rule(next(), Traffic::Icmp(IcmpMatch::AllTypes), Peer::Cidr(v4(10, 0, 0, 0, 16))),
            rule(next(), Traffic::Udp(PortRange { from: 161, to: 162 }), Peer::Cidr(v4(10, 0, 9, 0, 24))),
        ],
        vec![rule(next(), Traffic::Udp(PortRange::single(53)), anywhere())],
    ));
    for (t, name) in tiers.iter().enumerate() {
        let upstream = tier_id((t + tiers.len() - 1) % tiers.len());
        let mut inbound = vec![
            rule(next(), Traffic::Tcp(PortRange { from: 8080, to: 8090 }), Peer::SecurityGroup(upstream.clone())),
            rule(next(), Traffic::Tcp(PortRange::single(443)), Peer::SecurityGroup(upstream)),
            rule(next(), Traffic::Tcp(PortRange { from: 9100, to: 9110 }), Peer::Cidr(v4(10, 0, 8, 0, 24))),
        ];
        for k in 0..5u8 {
            inbound.push(rule(next(), Traffic::Tcp(PortRange::single(443)), Peer::Cidr(v4(198, 18, t as u8, k, 32))));
        }
        let outbound = match *name {
            "db" => vec![],
            "web" => vec![rule(next(), Traffic::Tcp(PortRange::single(443)), anywhere())],
            _ => vec![rule(next(), Traffic::All, anywhere())],
        };
        net.security_groups.push(group(tier_id(t).to_string(), (*name).into(), inbound, outbound));
    }

    let subnets = net.subnets.clone();
    for index in 0..1000 {
        let subnet = &subnets[index / 100];
        let address = Ipv4Addr::new(10, 0, (index / 100) as u8, 10 + (index % 100) as u8);
        let (eni, resource) = interface(index, subnet, address, vec![base.clone(), tier_id(index % tiers.len())]);
        net.network_interfaces.push(eni);
        net.resources.push(resource);
    }
    net
}

pub fn tcp(from: &NetworkInterfaceId, to: &NetworkInterfaceId, port: u16) -> Flow {
    Flow::new(Endpoint::Interface(from.clone()), Endpoint::Interface(to.clone()), Service::Tcp { port })
}

/// The tiers of [`realistic_lab`]: name, share of the interfaces (percent), and
/// whether the tier's subnets are public (route to the internet gateway, public IPs).
const TIERS: [(&str, usize, bool); 5] =
    [("web", 20, true), ("app", 40, false), ("data", 15, false), ("batch", 20, false), ("admin", 5, true)];
/// Microservice groups in the app tier: each app interface has one, and each admits
/// the next by reference (a chain of callers), so the app tier is not one class.
const APP_SERVICES: usize = 12;

fn v4net(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len)
}

fn entry(rule_number: u16, action: RuleAction, traffic: Traffic, cidr: IpNet) -> NaclEntry {
    NaclEntry { rule_number, action, traffic, cidr }
}

/// A large lab shaped like a real account's VPC, for `interfaces` network interfaces:
/// five tiers (web, app, data, batch, admin), each in two subnets (/22, one per
/// availability zone); public subnets routed to the internet gateway, the others
/// private; a custom network ACL on the public subnets (services in, ephemeral ports
/// for replies) and a stricter one on the data subnets (a DENY after the allowed
/// ranges); a shared `base` group on every interface (SSH from the admin group,
/// ICMP from the VPC, DNS out), a group per tier admitting the tier before it by
/// reference, twelve app microservice groups that call each other by reference, HTTPS
/// allow-lists of single partner addresses on the web tier, and monitoring from one
/// admin host's /32. Web and admin interfaces have public IPs; five internet hosts.
/// Deterministic: the same `interfaces` gives the same lab.
pub fn realistic_lab(interfaces: usize) -> Network {
    let vpc = VpcId::new(VPC);
    let igw = InternetGatewayId::new("igw-0000000000000bench");
    let anywhere_v4 = v4(0, 0, 0, 0, 0);
    let vpc_block = v4(10, 0, 0, 0, 16);
    let mut net = Network {
        vpcs: vec![Vpc {
            id: vpc.clone(),
            cidr_blocks: vec![v4net(10, 0, 0, 0, 16)],
            ipv6_cidr_blocks: vec![],
            is_default: false,
            tags: vec![],
        }],
        internet_gateways: vec![InternetGateway { id: igw.clone(), vpc_id: Some(vpc.clone()), tags: vec![] }],
        ..Network::default()
    };

    // Two /22 subnets per tier: 10.0.0.0/22, 10.0.4.0/22, …
    let mut tier_subnets: Vec<[SubnetId; 2]> = Vec::new();
    for (t, (name, _, _)) in TIERS.iter().enumerate() {
        let pair = [0, 1].map(|az| {
            let index = (t * 2 + az) as u8;
            let id = SubnetId::new(format!("subnet-{index:017}"));
            net.subnets.push(Subnet {
                id: id.clone(),
                vpc_id: vpc.clone(),
                cidr_block: v4net(10, 0, index * 4, 0, 22),
                ipv6_cidr_block: None,
                availability_zone: if az == 0 { "us-east-1a".into() } else { "us-east-1b".into() },
                tags: vec![Tag { key: "Name".into(), value: format!("{name}-{}", if az == 0 { "a" } else { "b" }) }],
            });
            id
        });
        tier_subnets.push(pair);
    }
    let public_subnets: Vec<SubnetId> = TIERS
        .iter()
        .zip(&tier_subnets)
        .filter(|((_, _, public), _)| *public)
        .flat_map(|(_, s)| s.iter().cloned())
        .collect();
    net.route_tables.push(RouteTable {
        id: RouteTableId::new("rtb-0000000000000main"),
        vpc_id: vpc.clone(),
        main: true,
        subnet_ids: vec![],
        routes: vec![Route { destination: vpc_block, target: RouteTarget::Local }],
        tags: vec![],
    });
    net.route_tables.push(RouteTable {
        id: RouteTableId::new("rtb-00000000000public"),
        vpc_id: vpc.clone(),
        main: false,
        subnet_ids: public_subnets.clone(),
        routes: vec![
            Route { destination: vpc_block, target: RouteTarget::Local },
            Route { destination: anywhere_v4, target: RouteTarget::InternetGateway(igw.clone()) },
        ],
        tags: vec![],
    });

    // Network ACLs: the default one for the private tiers, a public one, a data one.
    let data_subnets = tier_subnets[2].to_vec();
    let private_subnets: Vec<SubnetId> = net
        .subnets
        .iter()
        .map(|s| s.id.clone())
        .filter(|s| !public_subnets.contains(s) && !data_subnets.contains(s))
        .collect();
    net.network_acls.push(default_network_acl(
        NetworkAclId::new("acl-00000000000default"),
        vpc.clone(),
        private_subnets,
    ));
    let tcp = |from, to| Traffic::Tcp(PortRange { from, to });
    let ephemeral = tcp(1024, 65535);
    net.network_acls.push(NetworkAcl {
        id: NetworkAclId::new("acl-000000000000public"),
        vpc_id: vpc.clone(),
        is_default: false,
        subnet_ids: public_subnets,
        inbound: vec![
            entry(100, RuleAction::Allow, tcp(443, 443), anywhere_v4),
            entry(110, RuleAction::Allow, tcp(80, 80), anywhere_v4),
            entry(120, RuleAction::Allow, ephemeral, anywhere_v4),
            entry(130, RuleAction::Allow, Traffic::All, vpc_block),
        ],
        outbound: vec![
            entry(100, RuleAction::Allow, Traffic::All, vpc_block),
            entry(110, RuleAction::Allow, ephemeral, anywhere_v4),
            entry(120, RuleAction::Allow, tcp(443, 443), anywhere_v4),
        ],
        tags: vec![],
    });
    net.network_acls.push(NetworkAcl {
        id: NetworkAclId::new("acl-00000000000000data"),
        vpc_id: vpc.clone(),
        is_default: false,
        subnet_ids: data_subnets,
        inbound: vec![
            entry(100, RuleAction::Allow, tcp(5432, 5432), v4(10, 0, 4, 0, 22)),
            entry(110, RuleAction::Allow, tcp(5432, 5432), v4(10, 0, 8, 0, 22)),
            entry(120, RuleAction::Allow, tcp(443, 443), v4(10, 0, 0, 0, 18)),
            entry(130, RuleAction::Allow, ephemeral, vpc_block),
            entry(140, RuleAction::Allow, Traffic::Icmp(IcmpMatch::AllTypes), vpc_block),
            entry(200, RuleAction::Deny, Traffic::All, anywhere_v4),
        ],
        outbound: vec![
            entry(100, RuleAction::Allow, ephemeral, vpc_block),
            entry(110, RuleAction::Allow, tcp(443, 443), anywhere_v4),
            entry(200, RuleAction::Deny, Traffic::All, anywhere_v4),
        ],
        tags: vec![],
    });

    // Security groups.
    let mut r = 0usize;
    let mut next = || {
        r += 1;
        format!("sgr-{r:017x}")
    };
    let base = SecurityGroupId::new("sg-000000000000base");
    let tier_id = |t: usize| SecurityGroupId::new(format!("sg-00000000000tier{t}"));
    let service_id = |s: usize| SecurityGroupId::new(format!("sg-0000000service{s:02}"));
    // The first admin interface's address: the monitoring host every group lets scrape 9100.
    let admin_tier = 4;
    let monitoring = Peer::Cidr(v4(10, 0, (admin_tier * 2 * 4) as u8, 10, 32));
    net.security_groups.push(group(
        base.to_string(),
        "base".into(),
        vec![
            rule(next(), Traffic::Tcp(PortRange::single(22)), Peer::SecurityGroup(tier_id(admin_tier))),
            rule(next(), Traffic::Icmp(IcmpMatch::AllTypes), Peer::Cidr(vpc_block)),
            rule(next(), Traffic::Tcp(PortRange::single(9100)), monitoring),
        ],
        vec![
            rule(next(), Traffic::Udp(PortRange::single(53)), anywhere()),
            rule(next(), Traffic::Tcp(PortRange::single(443)), anywhere()),
        ],
    ));
    for (t, (name, _, _)) in TIERS.iter().enumerate() {
        let mut inbound = Vec::new();
        let mut outbound = vec![rule(next(), Traffic::Tcp(PortRange { from: 1024, to: 65535 }), Peer::Cidr(vpc_block))];
        match *name {
            "web" => {
                inbound.push(rule(next(), Traffic::Tcp(PortRange::single(443)), anywhere()));
                inbound.push(rule(next(), Traffic::Tcp(PortRange::single(80)), anywhere()));
                outbound.push(rule(
                    next(),
                    Traffic::Tcp(PortRange { from: 8080, to: 8090 }),
                    Peer::SecurityGroup(tier_id(1)),
                ));
            }
            "app" => {
                inbound.push(rule(
                    next(),
                    Traffic::Tcp(PortRange { from: 8080, to: 8090 }),
                    Peer::SecurityGroup(tier_id(0)),
                ));
                inbound.push(rule(next(), Traffic::Tcp(PortRange::single(443)), Peer::SecurityGroup(tier_id(0))));
                outbound.push(rule(next(), Traffic::Tcp(PortRange::single(5432)), Peer::SecurityGroup(tier_id(2))));
            }
            "data" => {
                inbound.push(rule(next(), Traffic::Tcp(PortRange::single(5432)), Peer::SecurityGroup(tier_id(1))));
                inbound.push(rule(next(), Traffic::Tcp(PortRange::single(5432)), Peer::SecurityGroup(tier_id(3))));
                outbound.clear();
            }
            "batch" => {
                outbound.push(rule(next(), Traffic::All, anywhere()));
            }
            _ => {
                inbound.push(rule(next(), Traffic::Tcp(PortRange::single(22)), Peer::Cidr(v4(203, 0, 113, 0, 24))));
                outbound.push(rule(next(), Traffic::Tcp(PortRange::single(22)), Peer::Cidr(vpc_block)));
                outbound.push(rule(next(), Traffic::Tcp(PortRange::single(9100)), Peer::Cidr(vpc_block)));
            }
        }
        net.security_groups.push(group(tier_id(t).to_string(), (*name).into(), inbound, outbound));
    }
    // The web tier's partner allow-list: HTTPS from single addresses.
    let partners: Vec<SgRule> = (0..40u8)
        .map(|k| rule(next(), Traffic::Tcp(PortRange::single(443)), Peer::Cidr(v4(198, 51, 100, k, 32))))
        .collect();
    net.security_groups.push(group("sg-00000000partners".into(), "partners".into(), partners, vec![]));
    for s in 0..APP_SERVICES {
        let caller = service_id((s + APP_SERVICES - 1) % APP_SERVICES);
        net.security_groups.push(group(
            service_id(s).to_string(),
            format!("service-{s:02}"),
            vec![
                rule(next(), Traffic::Tcp(PortRange::single(443)), Peer::SecurityGroup(caller.clone())),
                rule(next(), Traffic::Tcp(PortRange { from: 9000, to: 9099 }), Peer::SecurityGroup(caller)),
            ],
            vec![rule(
                next(),
                Traffic::Tcp(PortRange::single(443)),
                Peer::SecurityGroup(service_id((s + 1) % APP_SERVICES)),
            )],
        ));
    }

    // Interfaces, spread over the tiers by their shares, alternating the two subnets.
    let shares: usize = TIERS.iter().map(|(_, share, _)| share).sum();
    let subnets = net.subnets.clone();
    let mut placed = 0usize;
    for (t, (name, share, public)) in TIERS.iter().enumerate() {
        let count = if t + 1 == TIERS.len() { interfaces - placed } else { interfaces * share / shares };
        for k in 0..count {
            let index = placed + k;
            let az = k % 2;
            let subnet = &subnets[t * 2 + az];
            let host = 10 + (k / 2) as u32;
            let base_address = u32::from(subnet.cidr_block.network());
            let address = Ipv4Addr::from(base_address + host);
            let mut groups = vec![base.clone(), tier_id(t)];
            match *name {
                "web" if k % 4 == 0 => groups.push(SecurityGroupId::new("sg-00000000partners")),
                "app" => groups.push(service_id(k % APP_SERVICES)),
                _ => {}
            }
            let (mut eni, mut resource) = interface(index, subnet, address, groups);
            resource.name = format!("{name}-{k:04}");
            if *public {
                let [_, _, hi, lo] = (index as u32).to_be_bytes();
                eni.private_ips[0].public_ip = Some(Ipv4Addr::new(54, 10 + hi, lo, 1));
            }
            net.network_interfaces.push(eni);
            net.resources.push(resource);
        }
        placed += count;
    }
    for k in 0..5u8 {
        net.internet_hosts.push(InternetHost {
            name: format!("client-{k}"),
            address: std::net::IpAddr::V4(Ipv4Addr::new(198, 51, 100, k * 20)),
        });
    }
    net
}
