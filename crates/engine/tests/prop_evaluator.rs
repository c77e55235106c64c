//! The fast evaluator against the naive reference (tests/reference), on random but
//! valid networks and flows: the same verdict (outcome, reason, leg, component,
//! deciding rules, tracking), the same error kind, and the same path hop by hop.
//!
//! Networks are built from small specs whose every choice is an index or a flag, so
//! that proptest shrinks a failure to a network of a few parts. The address plan is
//! fixed (VPC `i` is 10.i.0.0/16, its subnet `j` 10.i.j.0/24, interface `k` has
//! 10.i.j.(10+k) and public IP 54.0.0.(10+k)), and rule CIDRs are drawn from the same
//! plan, so rules match the lab's own addresses often enough to matter.

// Test code: a broken assumption must stop the test loudly, helpers included
// (clippy's test allowances cover only `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod reference;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use reference::RefVerdict;
use sglab_engine::ids::*;
use sglab_engine::verdict::LegDirection;
use sglab_engine::*;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// ---------------------------------------------------------------------------
// What rules and flows are drawn from.

/// Port ranges people write: single services, the ephemeral ranges, everything.
const PORT_RANGES: &[(u16, u16)] = &[
    (22, 22),
    (53, 53),
    (80, 80),
    (443, 443),
    (3306, 3306),
    (80, 443),
    (1024, 65535),
    (32768, 61000),
    (49152, 65535),
    (0, 65535),
];

/// CIDRs of rules and ACL entries: anywhere (listed often, as in real labs), the
/// lab's VPCs, subnets and single interfaces, its public IPs, internet hosts.
const RULE_CIDRS: &[&str] = &[
    "0.0.0.0/0",
    "0.0.0.0/0",
    "0.0.0.0/0",
    "::/0",
    "10.0.0.0/16",
    "10.1.0.0/16",
    "10.0.0.0/24",
    "10.0.1.0/24",
    "10.1.0.0/24",
    "10.1.1.0/24",
    "10.0.0.10/32",
    "10.0.1.11/32",
    "10.1.0.12/32",
    "54.0.0.0/24",
    "54.0.0.10/32",
    "1.2.3.4/32",
    "1.2.3.0/24",
    "198.51.100.0/24",
    "2600:1f18:abcd:1200::/56",
    "2600:1f18:abcd:1201::/64",
    "2001:db8::/32",
];

/// Destinations of routes other than the default: subnets of the lab (so a
/// blackhole can sit inside a VPC), the other VPC, internet ranges.
const ROUTE_DESTINATIONS: &[&str] = &[
    "10.0.1.0/24",
    "10.0.2.0/24",
    "10.1.0.0/16",
    "10.1.1.0/24",
    "10.0.0.0/16",
    "198.51.100.0/24",
    "1.2.3.0/24",
    "54.0.0.0/24",
    "192.168.0.0/16",
    "2001:db8::/32",
];

/// Prefix lists every network has; rules may also name one that does not exist.
const PREFIX_LISTS: &[(&str, &[&str])] = &[
    ("pl-00000000000000001", &["1.2.3.0/24", "198.51.100.0/24"]),
    ("pl-00000000000000002", &["10.0.0.0/16", "2600:1f18:abcd:1200::/56"]),
];
const UNKNOWN_PREFIX_LIST: &str = "pl-0000000000000dead";

const INTERNET_HOSTS_V4: &[Ipv4Addr] = &[Ipv4Addr::new(1, 2, 3, 4), Ipv4Addr::new(198, 51, 100, 7)];
const INTERNET_HOST_V6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 7);
/// A public IP no interface holds.
const UNUSED_PUBLIC_IP: Ipv4Addr = Ipv4Addr::new(54, 0, 0, 250);

/// Destinations that are neither interfaces nor internet hosts: AWS service
/// addresses, loopback, each VPC's Amazon DNS (base + 2), empty addresses inside the
/// VPCs, private addresses outside them.
const SPECIAL_V4: &[Ipv4Addr] = &[
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(169, 254, 169, 123),
    Ipv4Addr::new(169, 254, 169, 253),
    Ipv4Addr::new(127, 0, 0, 1),
    Ipv4Addr::new(10, 0, 0, 2),
    Ipv4Addr::new(10, 1, 0, 2),
    Ipv4Addr::new(10, 0, 1, 99),
    Ipv4Addr::new(10, 1, 2, 99),
    Ipv4Addr::new(192, 168, 1, 10),
    Ipv4Addr::new(172, 16, 5, 5),
    UNUSED_PUBLIC_IP,
    // Addresses the internet does not route: link-local, shared, multicast, broadcast,
    // "this network", reserved.
    Ipv4Addr::new(169, 254, 1, 1),
    Ipv4Addr::new(100, 64, 1, 1),
    Ipv4Addr::new(224, 0, 0, 5),
    Ipv4Addr::BROADCAST,
    Ipv4Addr::UNSPECIFIED,
    Ipv4Addr::new(240, 0, 0, 1),
];
const SPECIAL_V6: &[Ipv6Addr] = &[
    Ipv6Addr::LOCALHOST,
    // Inside the VPC's /56 but in no subnet.
    Ipv6Addr::new(0x2600, 0x1f18, 0xabcd, 0x12ff, 0, 0, 0, 0x99),
    // Unique-local, link-local, multicast: the internet does not route them.
    Ipv6Addr::new(0xfd12, 0x3456, 0x789a, 0, 0, 0, 0, 1),
    Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1),
    Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1),
];

const SERVICES: &[Service] = &[
    Service::Tcp { port: 22 },
    Service::Tcp { port: 80 },
    Service::Tcp { port: 443 },
    Service::Tcp { port: 443 },
    Service::Tcp { port: 3306 },
    Service::Tcp { port: 53 },
    Service::Udp { port: 53 },
    Service::Udp { port: 123 },
    Service::Icmp { icmp_type: 8, code: 0 },
    Service::Icmp { icmp_type: 8, code: 0 },
    Service::Icmp { icmp_type: 0, code: 0 },
    Service::Icmp { icmp_type: 3, code: 4 },
    Service::Icmp { icmp_type: 11, code: 0 },
    Service::Icmpv6 { icmp_type: 128, code: 0 },
    Service::Other(47),
    Service::Other(50),
    Service::All,
];

/// Client ports: inside every ephemeral range, Linux's only, Windows' only, below all.
const SOURCE_PORTS: &[u16] = &[50000, 50000, 40000, 62000, 1023, 80];

fn cidr(text: &str) -> IpNet {
    text.parse().unwrap()
}

/// The CIDR an index picks from a list.
fn cidr_at(index: &Index, list: &[&str]) -> IpNet {
    cidr(list[index.index(list.len())])
}

fn anywhere(v6: bool) -> IpNet {
    if v6 {
        cidr("::/0")
    } else {
        cidr("0.0.0.0/0")
    }
}

fn single_address(address: IpAddr) -> IpNet {
    IpNet::from(address)
}

/// The traffic of a rule that allows exactly this service.
fn exactly(service: Service) -> Traffic {
    match service {
        Service::Tcp { port } => Traffic::Tcp(PortRange::single(port)),
        Service::Udp { port } => Traffic::Udp(PortRange::single(port)),
        Service::Icmp { icmp_type, code } => Traffic::Icmp(IcmpMatch::Type { icmp_type, code: Some(code) }),
        Service::Icmpv6 { icmp_type, code } => Traffic::Icmpv6(IcmpMatch::Type { icmp_type, code: Some(code) }),
        Service::Other(n) => Traffic::Other(n),
        Service::All => Traffic::All,
    }
}

/// The same question over IPv4.
fn over_ipv4(service: Service) -> Service {
    match service {
        Service::Icmpv6 { icmp_type: 128, code } => Service::Icmp { icmp_type: 8, code },
        other => other,
    }
}

/// The same question over IPv6.
fn over_ipv6(service: Service) -> Service {
    match service {
        Service::Icmp { icmp_type: 8, code } => Service::Icmpv6 { icmp_type: 128, code },
        Service::Icmp { icmp_type: 0, code } => Service::Icmpv6 { icmp_type: 129, code },
        Service::Icmp { icmp_type: 3, code } => Service::Icmpv6 { icmp_type: 1, code },
        Service::Icmp { icmp_type: 11, code } => Service::Icmpv6 { icmp_type: 3, code },
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Specs: the random choices a network and its flows are built from.

#[derive(Clone, Debug)]
enum PeerSpec {
    Cidr(Index),
    /// A group of the same VPC.
    Group(Index),
    OwnGroup,
    /// A group of the other VPC (the API refuses it without peering; the contract
    /// says it matches nothing here).
    OtherVpcGroup(Index),
    PrefixList(Index),
    UnknownPrefixList,
}

#[derive(Clone, Debug)]
struct RuleSpec {
    traffic: Traffic,
    peer: PeerSpec,
}

#[derive(Clone, Debug)]
struct GroupSpec {
    /// Starts with AWS's default outbound rule (all traffic to anywhere).
    default_outbound: bool,
    inbound: Vec<RuleSpec>,
    outbound: Vec<RuleSpec>,
}

#[derive(Clone, Debug)]
struct EntrySpec {
    rule_number: u16,
    allow: bool,
    traffic: Traffic,
    cidr: Index,
}

#[derive(Clone, Debug)]
struct AclSpec {
    /// After the random entries, the usual hand-written ACL of a web subnet: the
    /// services in, replies to the Linux ephemeral range out, and the reverse.
    web_template: bool,
    inbound: Vec<EntrySpec>,
    outbound: Vec<EntrySpec>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum TargetSpec {
    Gateway,
    Blackhole,
    /// A NAT gateway or peering connection: a target the lab does not simulate.
    Unsupported,
}

#[derive(Clone, Debug)]
struct RoutesSpec {
    default_v4: Option<TargetSpec>,
    default_v6: Option<TargetSpec>,
    extra: Vec<(Index, TargetSpec)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum GatewaySpec {
    Attached,
    Detached,
    Absent,
}

#[derive(Clone, Debug)]
struct VpcSpec {
    /// Only the first VPC ever gets an IPv6 block, so that an IPv6 address always
    /// belongs to one VPC (crossing VPCs over IPv6 is outside the contract).
    ipv6: bool,
    subnets: usize,
    gateway: GatewaySpec,
    main_routes: RoutesSpec,
    custom_routes: Option<RoutesSpec>,
    /// Per subnet: explicitly associated with the custom route table.
    uses_custom_routes: Vec<bool>,
    /// `None`: the default ACL allows everything, as AWS creates it.
    default_acl: Option<AclSpec>,
    custom_acl: Option<AclSpec>,
    uses_custom_acl: Vec<bool>,
    groups: Vec<GroupSpec>,
}

#[derive(Clone, Debug)]
struct InterfaceSpec {
    subnet: Index,
    groups: Vec<Index>,
    public_ip: bool,
    secondary_ip: bool,
    ipv6: bool,
    resource: bool,
}

#[derive(Clone, Debug)]
enum EndSpec {
    InterfaceId(Index),
    Resource(Index),
    PrivateIp(Index),
    SecondaryIp(Index),
    PublicIp(Index),
    Ipv6(Index),
    Host(Index),
    Special(Index),
    /// An address inside a VPC that no interface holds.
    EmptyVpcAddress,
}

/// Makes the flow more likely to pass: a rule for it in the first group of one end.
#[derive(Clone, Debug)]
struct OpenSpec {
    all_traffic: bool,
    /// The peer is the other end's address rather than anywhere.
    exact_peer: bool,
}

#[derive(Clone, Debug)]
struct FlowSpec {
    source: EndSpec,
    destination: EndSpec,
    service: Index,
    source_port: Index,
    v6: bool,
    /// Keep the ICMP version of the drawn service whatever the addresses' version.
    keep_icmp_version: bool,
    open_source: Option<OpenSpec>,
    open_destination: Option<OpenSpec>,
}

#[derive(Clone, Debug)]
struct LabSpec {
    vpcs: Vec<VpcSpec>,
    interfaces: Vec<InterfaceSpec>,
    /// Add a resource that has no interface.
    bare_resource: bool,
    flows: Vec<FlowSpec>,
}

fn traffic() -> impl Strategy<Value = Traffic> {
    let range = proptest::sample::select(PORT_RANGES).prop_map(|(from, to)| PortRange { from, to });
    let icmp = proptest::sample::select(vec![
        IcmpMatch::AllTypes,
        IcmpMatch::Type { icmp_type: 8, code: None },
        IcmpMatch::Type { icmp_type: 8, code: Some(0) },
        IcmpMatch::Type { icmp_type: 0, code: None },
        IcmpMatch::Type { icmp_type: 3, code: Some(4) },
        IcmpMatch::Type { icmp_type: 3, code: None },
    ]);
    let icmpv6 = proptest::sample::select(vec![
        IcmpMatch::AllTypes,
        IcmpMatch::Type { icmp_type: 128, code: None },
        IcmpMatch::Type { icmp_type: 129, code: Some(0) },
    ]);
    prop_oneof![
        5 => range.clone().prop_map(Traffic::Tcp),
        2 => range.prop_map(Traffic::Udp),
        2 => icmp.prop_map(Traffic::Icmp),
        1 => icmpv6.prop_map(Traffic::Icmpv6),
        2 => Just(Traffic::All),
        1 => Just(Traffic::Other(47)),
    ]
}

fn peer() -> impl Strategy<Value = PeerSpec> {
    prop_oneof![
        6 => any::<Index>().prop_map(PeerSpec::Cidr),
        2 => any::<Index>().prop_map(PeerSpec::Group),
        1 => Just(PeerSpec::OwnGroup),
        1 => any::<Index>().prop_map(PeerSpec::OtherVpcGroup),
        1 => any::<Index>().prop_map(PeerSpec::PrefixList),
        1 => Just(PeerSpec::UnknownPrefixList),
    ]
}

fn rule() -> impl Strategy<Value = RuleSpec> {
    (traffic(), peer()).prop_map(|(traffic, peer)| RuleSpec { traffic, peer })
}

fn group() -> impl Strategy<Value = GroupSpec> {
    (prop::bool::weighted(0.6), prop::collection::vec(rule(), 0..4), prop::collection::vec(rule(), 0..3))
        .prop_map(|(default_outbound, inbound, outbound)| GroupSpec { default_outbound, inbound, outbound })
}

fn entry() -> impl Strategy<Value = EntrySpec> {
    (
        proptest::sample::select(vec![10u16, 20, 50, 90, 100, 110, 120, 200, 32766]),
        prop::bool::weighted(0.7),
        traffic(),
        any::<Index>(),
    )
        .prop_map(|(rule_number, allow, traffic, cidr)| EntrySpec { rule_number, allow, traffic, cidr })
}

fn acl() -> impl Strategy<Value = AclSpec> {
    (prop::bool::weighted(0.6), prop::collection::vec(entry(), 0..5), prop::collection::vec(entry(), 0..5))
        .prop_map(|(web_template, inbound, outbound)| AclSpec { web_template, inbound, outbound })
}

fn target() -> impl Strategy<Value = TargetSpec> {
    prop_oneof![
        4 => Just(TargetSpec::Gateway),
        1 => Just(TargetSpec::Blackhole),
        1 => Just(TargetSpec::Unsupported),
    ]
}

fn routes() -> impl Strategy<Value = RoutesSpec> {
    let default_route = prop_oneof![
        3 => Just(Some(TargetSpec::Gateway)),
        1 => Just(None),
        1 => target().prop_map(Some),
    ];
    (default_route.clone(), default_route, prop::collection::vec((any::<Index>(), target()), 0..3))
        .prop_map(|(default_v4, default_v6, extra)| RoutesSpec { default_v4, default_v6, extra })
}

fn vpc() -> impl Strategy<Value = VpcSpec> {
    let gateway =
        prop_oneof![8 => Just(GatewaySpec::Attached), 1 => Just(GatewaySpec::Detached), 1 => Just(GatewaySpec::Absent)];
    (
        prop::bool::weighted(0.4),
        1..=4usize,
        gateway,
        routes(),
        prop::option::weighted(0.6, routes()),
        prop::collection::vec(any::<bool>(), 4),
        prop::option::weighted(0.2, acl()),
        prop::option::weighted(0.5, acl()),
        prop::collection::vec(any::<bool>(), 4),
        prop::collection::vec(group(), 1..=3),
    )
        .prop_map(
            |(
                ipv6,
                subnets,
                gateway,
                main_routes,
                custom_routes,
                uses_custom_routes,
                default_acl,
                custom_acl,
                uses_custom_acl,
                groups,
            )| VpcSpec {
                ipv6,
                subnets,
                gateway,
                main_routes,
                custom_routes,
                uses_custom_routes,
                default_acl,
                custom_acl,
                uses_custom_acl,
                groups,
            },
        )
}

fn interface() -> impl Strategy<Value = InterfaceSpec> {
    (
        any::<Index>(),
        prop::collection::vec(any::<Index>(), 1..=3),
        prop::bool::weighted(0.5),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.7),
        prop::bool::weighted(0.4),
    )
        .prop_map(|(subnet, groups, public_ip, secondary_ip, ipv6, resource)| InterfaceSpec {
            subnet,
            groups,
            public_ip,
            secondary_ip,
            ipv6,
            resource,
        })
}

fn source_end() -> impl Strategy<Value = EndSpec> {
    prop_oneof![
        6 => any::<Index>().prop_map(EndSpec::InterfaceId),
        2 => any::<Index>().prop_map(EndSpec::Resource),
        6 => any::<Index>().prop_map(EndSpec::PrivateIp),
        1 => any::<Index>().prop_map(EndSpec::SecondaryIp),
        2 => any::<Index>().prop_map(EndSpec::PublicIp),
        2 => any::<Index>().prop_map(EndSpec::Ipv6),
        5 => any::<Index>().prop_map(EndSpec::Host),
        1 => Just(EndSpec::EmptyVpcAddress),
    ]
}

fn destination_end() -> impl Strategy<Value = EndSpec> {
    prop_oneof![
        3 => any::<Index>().prop_map(EndSpec::InterfaceId),
        1 => any::<Index>().prop_map(EndSpec::Resource),
        3 => any::<Index>().prop_map(EndSpec::PrivateIp),
        1 => any::<Index>().prop_map(EndSpec::SecondaryIp),
        3 => any::<Index>().prop_map(EndSpec::PublicIp),
        1 => any::<Index>().prop_map(EndSpec::Ipv6),
        2 => any::<Index>().prop_map(EndSpec::Host),
        2 => any::<Index>().prop_map(EndSpec::Special),
    ]
}

fn open() -> impl Strategy<Value = Option<OpenSpec>> {
    prop::option::weighted(
        0.65,
        (any::<bool>(), prop::bool::weighted(0.3))
            .prop_map(|(all_traffic, exact_peer)| OpenSpec { all_traffic, exact_peer }),
    )
}

fn flow() -> impl Strategy<Value = FlowSpec> {
    (
        source_end(),
        destination_end(),
        any::<Index>(),
        any::<Index>(),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        open(),
        open(),
    )
        .prop_map(
            |(source, destination, service, source_port, v6, keep_icmp_version, open_source, open_destination)| {
                FlowSpec {
                    source,
                    destination,
                    service,
                    source_port,
                    v6,
                    keep_icmp_version,
                    open_source,
                    open_destination,
                }
            },
        )
}

fn lab() -> impl Strategy<Value = LabSpec> {
    (
        prop::collection::vec(vpc(), 1..=2),
        prop::collection::vec(interface(), 2..=6),
        prop::bool::weighted(0.1),
        prop::collection::vec(flow(), 1..=6),
    )
        .prop_map(|(vpcs, interfaces, bare_resource, flows)| LabSpec { vpcs, interfaces, bare_resource, flows })
}

// ---------------------------------------------------------------------------
// Building a network and its flows from a spec.

fn id(prefix: &str, n: usize) -> String {
    format!("{prefix}{n:017x}")
}

fn vpc_block(v: usize) -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(10, v as u8, 0, 0), 16).unwrap()
}

fn subnet_block(v: usize, s: usize) -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(10, v as u8, s as u8, 0), 24).unwrap()
}

fn vpc_ipv6_block() -> Ipv6Net {
    "2600:1f18:abcd:1200::/56".parse().unwrap()
}

fn subnet_ipv6_block(s: usize) -> Ipv6Net {
    Ipv6Net::new(Ipv6Addr::new(0x2600, 0x1f18, 0xabcd, 0x1200 + s as u16, 0, 0, 0, 0), 64).unwrap()
}

fn build_routes(
    spec: &RoutesSpec,
    v: usize,
    ipv6: bool,
    gateway: &InternetGatewayId,
    counter: &mut usize,
) -> Vec<Route> {
    let mut made_target = |t: TargetSpec| -> RouteTarget {
        *counter += 1;
        match t {
            TargetSpec::Gateway => RouteTarget::InternetGateway(gateway.clone()),
            TargetSpec::Blackhole => RouteTarget::Blackhole { id: id("nat-", *counter) },
            TargetSpec::Unsupported => RouteTarget::Other { id: id("pcx-", *counter) },
        }
    };
    let own_block = IpNet::V4(vpc_block(v));
    let mut routes = vec![Route { destination: own_block, target: RouteTarget::Local }];
    if ipv6 {
        routes.push(Route { destination: IpNet::V6(vpc_ipv6_block()), target: RouteTarget::Local });
    }
    if let Some(t) = spec.default_v4 {
        routes.push(Route { destination: anywhere(false), target: made_target(t) });
    }
    if let (true, Some(t)) = (ipv6, spec.default_v6) {
        routes.push(Route { destination: anywhere(true), target: made_target(t) });
    }
    for (index, t) in &spec.extra {
        let destination = cidr_at(index, ROUTE_DESTINATIONS);
        // AWS refuses a second route to the same destination and any route that
        // replaces the local one; routes more specific than local may only target
        // middleboxes, never an internet gateway.
        let inside_vpc = own_block.contains(&destination);
        if routes.iter().any(|r| r.destination == destination) || (inside_vpc && *t == TargetSpec::Gateway) {
            continue;
        }
        routes.push(Route { destination, target: made_target(*t) });
    }
    routes
}

/// The entries of [`AclSpec::web_template`], one direction.
fn web_template_entries() -> Vec<NaclEntry> {
    let tcp = |from, to| Traffic::Tcp(PortRange { from, to });
    let allow =
        |rule_number, traffic| NaclEntry { rule_number, action: RuleAction::Allow, traffic, cidr: anywhere(false) };
    vec![
        allow(100, tcp(22, 22)),
        allow(110, tcp(80, 80)),
        allow(120, tcp(443, 443)),
        allow(130, tcp(3306, 3306)),
        allow(140, tcp(32768, 61000)),
        allow(150, Traffic::Icmp(IcmpMatch::AllTypes)),
        allow(160, Traffic::Udp(PortRange { from: 53, to: 53 })),
    ]
}

fn build_acl(
    spec: &AclSpec,
    acl_id: NetworkAclId,
    vpc_id: VpcId,
    is_default: bool,
    subnet_ids: Vec<SubnetId>,
) -> NetworkAcl {
    let template = if spec.web_template { web_template_entries() } else { vec![] };
    let entries = |specs: &[EntrySpec]| {
        let mut entries: Vec<NaclEntry> = Vec::new();
        let drawn = specs.iter().map(|e| NaclEntry {
            rule_number: e.rule_number,
            action: if e.allow { RuleAction::Allow } else { RuleAction::Deny },
            traffic: e.traffic,
            cidr: cidr_at(&e.cidr, RULE_CIDRS),
        });
        for e in drawn.chain(template.iter().cloned()) {
            // Rule numbers are unique in each direction; the first drawn wins.
            if !entries.iter().any(|x| x.rule_number == e.rule_number) {
                entries.push(e);
            }
        }
        entries
    };
    NetworkAcl {
        id: acl_id,
        vpc_id,
        is_default,
        subnet_ids,
        inbound: entries(&spec.inbound),
        outbound: entries(&spec.outbound),
        tags: vec![],
    }
}

fn allow_all_acl(acl_id: NetworkAclId, vpc_id: VpcId, ipv6: bool, subnet_ids: Vec<SubnetId>) -> NetworkAcl {
    let mut entries =
        vec![NaclEntry { rule_number: 100, action: RuleAction::Allow, traffic: Traffic::All, cidr: anywhere(false) }];
    if ipv6 {
        entries.push(NaclEntry {
            rule_number: 101,
            action: RuleAction::Allow,
            traffic: Traffic::All,
            cidr: anywhere(true),
        });
    }
    NetworkAcl {
        id: acl_id,
        vpc_id,
        is_default: true,
        subnet_ids,
        inbound: entries.clone(),
        outbound: entries,
        tags: vec![],
    }
}

/// A built lab: the network and, per flow spec, the flow.
struct Lab {
    network: Network,
    flows: Vec<Flow>,
}

fn build(spec: &LabSpec) -> Lab {
    let mut network = Network::default();
    let mut counter = 0usize;
    // (vpc index, subnet index) of every subnet, in order; the groups of each VPC.
    let mut subnet_places: Vec<(usize, usize)> = Vec::new();
    let mut groups_of_vpc: Vec<Vec<SecurityGroupId>> = Vec::new();
    let mut rule_counter = 0usize;

    for (v, vs) in spec.vpcs.iter().enumerate() {
        let ipv6 = vs.ipv6 && v == 0;
        let vpc_id = VpcId::new(id("vpc-", v + 1));
        network.vpcs.push(Vpc {
            id: vpc_id.clone(),
            cidr_blocks: vec![vpc_block(v)],
            ipv6_cidr_blocks: if ipv6 { vec![vpc_ipv6_block()] } else { vec![] },
            is_default: false,
            tags: vec![],
        });
        let subnet_ids: Vec<SubnetId> = (0..vs.subnets).map(|s| SubnetId::new(id("subnet-", v * 16 + s + 1))).collect();
        for (s, subnet_id) in subnet_ids.iter().enumerate() {
            network.subnets.push(Subnet {
                id: subnet_id.clone(),
                vpc_id: vpc_id.clone(),
                cidr_block: subnet_block(v, s),
                ipv6_cidr_block: ipv6.then(|| subnet_ipv6_block(s)),
                availability_zone: "us-east-1a".into(),
                tags: vec![],
            });
            subnet_places.push((v, s));
        }

        let gateway_id = InternetGatewayId::new(id("igw-", v + 1));
        match vs.gateway {
            GatewaySpec::Attached => network.internet_gateways.push(InternetGateway {
                id: gateway_id.clone(),
                vpc_id: Some(vpc_id.clone()),
                tags: vec![],
            }),
            GatewaySpec::Detached => {
                network.internet_gateways.push(InternetGateway { id: gateway_id.clone(), vpc_id: None, tags: vec![] })
            }
            GatewaySpec::Absent => {}
        }

        let main_routes = build_routes(&vs.main_routes, v, ipv6, &gateway_id, &mut counter);
        network.route_tables.push(RouteTable {
            id: RouteTableId::new(id("rtb-", v * 2 + 1)),
            vpc_id: vpc_id.clone(),
            main: true,
            subnet_ids: vec![],
            routes: main_routes,
            tags: vec![],
        });
        if let Some(custom) = &vs.custom_routes {
            let associated = subnet_ids
                .iter()
                .zip(&vs.uses_custom_routes)
                .filter(|(_, uses)| **uses)
                .map(|(s, _)| s.clone())
                .collect();
            let routes = build_routes(custom, v, ipv6, &gateway_id, &mut counter);
            network.route_tables.push(RouteTable {
                id: RouteTableId::new(id("rtb-", v * 2 + 2)),
                vpc_id: vpc_id.clone(),
                main: false,
                subnet_ids: associated,
                routes,
                tags: vec![],
            });
        }

        let custom_acl_subnets: Vec<SubnetId> = match &vs.custom_acl {
            Some(_) => {
                subnet_ids.iter().zip(&vs.uses_custom_acl).filter(|(_, uses)| **uses).map(|(s, _)| s.clone()).collect()
            }
            None => vec![],
        };
        let default_acl_subnets: Vec<SubnetId> =
            subnet_ids.iter().filter(|s| !custom_acl_subnets.contains(s)).cloned().collect();
        let default_acl_id = NetworkAclId::new(id("acl-", v * 2 + 1));
        network.network_acls.push(match &vs.default_acl {
            Some(custom_entries) => {
                build_acl(custom_entries, default_acl_id, vpc_id.clone(), true, default_acl_subnets)
            }
            None => allow_all_acl(default_acl_id, vpc_id.clone(), ipv6, default_acl_subnets),
        });
        if let Some(custom) = &vs.custom_acl {
            network.network_acls.push(build_acl(
                custom,
                NetworkAclId::new(id("acl-", v * 2 + 2)),
                vpc_id.clone(),
                false,
                custom_acl_subnets,
            ));
        }

        let group_ids: Vec<SecurityGroupId> =
            (0..vs.groups.len()).map(|g| SecurityGroupId::new(id("sg-", v * 16 + g + 1))).collect();
        for (g, gs) in vs.groups.iter().enumerate() {
            let mut make_rule = |traffic: Traffic, peer: Peer| {
                rule_counter += 1;
                SgRule { id: SecurityGroupRuleId::new(id("sgr-", rule_counter)), traffic, peer, description: None }
            };
            let peer_of = |p: &PeerSpec| match p {
                PeerSpec::Cidr(i) => Peer::Cidr(cidr_at(i, RULE_CIDRS)),
                PeerSpec::Group(i) => Peer::SecurityGroup(i.get(&group_ids).clone()),
                PeerSpec::OwnGroup => Peer::SecurityGroup(group_ids[g].clone()),
                PeerSpec::OtherVpcGroup(i) => {
                    let other = 1 - v.min(1);
                    let count = spec.vpcs.get(other).map_or(1, |o| o.groups.len());
                    Peer::SecurityGroup(SecurityGroupId::new(id("sg-", other * 16 + i.index(count) + 1)))
                }
                PeerSpec::PrefixList(i) => Peer::PrefixList(PrefixListId::new(i.get(PREFIX_LISTS).0)),
                PeerSpec::UnknownPrefixList => Peer::PrefixList(PrefixListId::new(UNKNOWN_PREFIX_LIST)),
            };
            let mut outbound = Vec::new();
            if gs.default_outbound {
                outbound.push(make_rule(Traffic::All, Peer::Cidr(anywhere(false))));
                if ipv6 {
                    outbound.push(make_rule(Traffic::All, Peer::Cidr(anywhere(true))));
                }
            }
            for r in &gs.outbound {
                let p = peer_of(&r.peer);
                outbound.push(make_rule(r.traffic, p));
            }
            let inbound = gs
                .inbound
                .iter()
                .map(|r| {
                    let p = peer_of(&r.peer);
                    make_rule(r.traffic, p)
                })
                .collect();
            network.security_groups.push(SecurityGroup {
                id: group_ids[g].clone(),
                name: format!("group-{v}-{g}"),
                description: String::new(),
                vpc_id: vpc_id.clone(),
                inbound,
                outbound,
                tags: vec![],
            });
        }
        groups_of_vpc.push(group_ids);
    }

    for (k, is) in spec.interfaces.iter().enumerate() {
        let place = *is.subnet.get(&subnet_places);
        let (v, s) = place;
        let subnet = network.subnets.iter().find(|x| x.cidr_block == subnet_block(v, s)).unwrap().clone();
        let mut groups: Vec<SecurityGroupId> = Vec::new();
        for g in &is.groups {
            let group = g.get(&groups_of_vpc[v]).clone();
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        let mut private_ips = vec![PrivateIp {
            address: Ipv4Addr::new(10, v as u8, s as u8, 10 + k as u8),
            public_ip: is.public_ip.then(|| Ipv4Addr::new(54, 0, 0, 10 + k as u8)),
        }];
        if is.secondary_ip {
            private_ips.push(PrivateIp { address: Ipv4Addr::new(10, v as u8, s as u8, 30 + k as u8), public_ip: None });
        }
        let ipv6_addresses = match (is.ipv6, subnet.ipv6_cidr_block) {
            (true, Some(_)) => vec![Ipv6Addr::new(0x2600, 0x1f18, 0xabcd, 0x1200 + s as u16, 0, 0, 0, 0x10 + k as u16)],
            _ => vec![],
        };
        let resource_id = is.resource.then(|| ResourceId::new(id("i-", k + 1)));
        if let Some(resource) = &resource_id {
            network.resources.push(Resource {
                id: resource.clone(),
                kind: ResourceKind::Ec2,
                name: format!("instance {k}"),
            });
        }
        network.network_interfaces.push(NetworkInterface {
            id: NetworkInterfaceId::new(id("eni-", k + 1)),
            subnet_id: subnet.id.clone(),
            description: String::new(),
            private_ips,
            ipv6_addresses,
            security_groups: groups,
            resource_id,
            tags: vec![],
        });
    }
    if spec.bare_resource {
        network.resources.push(Resource {
            id: ResourceId::new(id("i-", 99)),
            kind: ResourceKind::Ec2,
            name: "stopped".into(),
        });
    }
    for (pl, cidrs) in PREFIX_LISTS {
        network.prefix_lists.push(PrefixList {
            id: PrefixListId::new(*pl),
            name: pl.to_string(),
            cidrs: cidrs.iter().map(|c| cidr(c)).collect(),
        });
    }
    for (i, host) in INTERNET_HOSTS_V4.iter().enumerate() {
        network.internet_hosts.push(InternetHost { name: format!("host {i}"), address: IpAddr::V4(*host) });
    }
    network.internet_hosts.push(InternetHost { name: "host v6".into(), address: IpAddr::V6(INTERNET_HOST_V6) });

    let flows: Vec<Flow> = spec.flows.iter().map(|f| build_flow(&network, f)).collect();
    for (f, fs) in flows.iter().zip(&spec.flows) {
        open_for(&mut network, f, fs, &mut rule_counter);
    }
    Lab { network, flows }
}

/// The interface an end spec stands for, if any.
fn interface_index(network: &Network, end: &EndSpec) -> Option<usize> {
    let count = network.network_interfaces.len();
    match end {
        EndSpec::InterfaceId(i)
        | EndSpec::PrivateIp(i)
        | EndSpec::SecondaryIp(i)
        | EndSpec::PublicIp(i)
        | EndSpec::Ipv6(i) => Some(i.index(count)),
        EndSpec::Resource(i) if network.resources.is_empty() => Some(i.index(count)),
        EndSpec::Resource(i) => {
            let resource = i.get(&network.resources);
            network.network_interfaces.iter().position(|n| n.resource_id.as_ref() == Some(&resource.id))
        }
        _ => None,
    }
}

fn endpoint(network: &Network, end: &EndSpec, v6: bool) -> Endpoint {
    let eni = |i: &Index| i.get(&network.network_interfaces);
    let v6_or = |n: &NetworkInterface, otherwise: IpAddr| match (v6, n.ipv6_addresses.first()) {
        (true, Some(a)) => IpAddr::V6(*a),
        _ => otherwise,
    };
    match end {
        EndSpec::InterfaceId(i) => Endpoint::Interface(eni(i).id.clone()),
        EndSpec::Resource(i) => match network.resources.is_empty() {
            true => Endpoint::Interface(eni(i).id.clone()),
            false => Endpoint::Resource(i.get(&network.resources).id.clone()),
        },
        EndSpec::PrivateIp(i) => {
            let n = eni(i);
            Endpoint::Address(v6_or(n, IpAddr::V4(n.private_ips[0].address)))
        }
        EndSpec::SecondaryIp(i) => Endpoint::Address(IpAddr::V4(eni(i).private_ips.last().unwrap().address)),
        EndSpec::PublicIp(i) => {
            let n = eni(i);
            Endpoint::Address(IpAddr::V4(n.private_ips[0].public_ip.unwrap_or(UNUSED_PUBLIC_IP)))
        }
        EndSpec::Ipv6(i) => {
            let n = eni(i);
            Endpoint::Address(match n.ipv6_addresses.first() {
                Some(a) => IpAddr::V6(*a),
                None => IpAddr::V4(n.private_ips[0].address),
            })
        }
        EndSpec::Host(i) => {
            Endpoint::Address(if v6 { IpAddr::V6(INTERNET_HOST_V6) } else { IpAddr::V4(*i.get(INTERNET_HOSTS_V4)) })
        }
        EndSpec::Special(i) => {
            Endpoint::Address(if v6 { IpAddr::V6(*i.get(SPECIAL_V6)) } else { IpAddr::V4(*i.get(SPECIAL_V4)) })
        }
        EndSpec::EmptyVpcAddress => Endpoint::Address(IpAddr::V4(Ipv4Addr::new(10, 0, 1, 99))),
    }
}

fn build_flow(network: &Network, spec: &FlowSpec) -> Flow {
    let service = *spec.service.get(SERVICES);
    Flow {
        source: endpoint(network, &spec.source, spec.v6),
        destination: endpoint(network, &spec.destination, spec.v6),
        service: match (spec.v6, spec.keep_icmp_version) {
            (_, true) => service,
            (true, false) => over_ipv6(service),
            (false, false) => over_ipv4(service),
        },
        source_port: *spec.source_port.get(SOURCE_PORTS),
    }
}

/// An address the far end of a flow is likely to be seen at, for rules with an exact peer.
fn likely_address(network: &Network, end: &Endpoint) -> Option<IpAddr> {
    match end {
        Endpoint::Address(a) => Some(*a),
        Endpoint::Interface(id) => network.network_interface(id).and_then(|n| n.primary_private_ip()).map(IpAddr::V4),
        Endpoint::Resource(id) => network.interfaces_of(id).next().and_then(|n| n.primary_private_ip()).map(IpAddr::V4),
    }
}

/// Adds a rule for the flow to the first group of its source (outbound) and its
/// destination (inbound), as the spec asks.
fn open_for(network: &mut Network, flow: &Flow, spec: &FlowSpec, rule_counter: &mut usize) {
    let v6 = [&flow.source, &flow.destination].iter().any(|e| matches!(e, Endpoint::Address(IpAddr::V6(_))));
    let mut add =
        |network: &mut Network, eni: Option<usize>, open: &Option<OpenSpec>, far: &Endpoint, direction: Direction| {
            let (Some(eni), Some(open)) = (eni, open) else { return };
            let Some(group_id) = network.network_interfaces[eni].security_groups.first().cloned() else { return };
            let peer = match (open.exact_peer, likely_address(network, far)) {
                (true, Some(address)) => single_address(address),
                _ => anywhere(v6),
            };
            *rule_counter += 1;
            let traffic = if open.all_traffic { Traffic::All } else { exactly(flow.service) };
            let rule = SgRule {
                id: SecurityGroupRuleId::new(id("sgr-", *rule_counter)),
                traffic,
                peer: Peer::Cidr(peer),
                description: None,
            };
            network.security_group_mut(&group_id).unwrap().rules_mut(direction).push(rule);
        };
    let source = interface_index(network, &spec.source);
    let destination = interface_index(network, &spec.destination);
    add(network, source, &spec.open_source, &flow.destination, Direction::Outbound);
    add(network, destination, &spec.open_destination, &flow.source, Direction::Inbound);
}

// ---------------------------------------------------------------------------
// The properties.

/// What is compared: the summary of a verdict, or the kind of error (its text may
/// name an end differently).
#[derive(Debug, PartialEq)]
enum Outcome {
    Judged(RefVerdict),
    Refused(String),
}

fn error_kind(error: &FlowError) -> String {
    let text = format!("{error:?}");
    text.split(['(', ' ']).next().unwrap_or_default().to_owned()
}

impl Outcome {
    fn of(result: &Result<RefVerdict, FlowError>) -> Self {
        match result {
            Ok(v) => Outcome::Judged(v.clone()),
            Err(e) => Outcome::Refused(error_kind(e)),
        }
    }
}

/// A path, one hop a line.
fn show(path: &[reference::RefHop]) -> String {
    path.iter().map(|(leg, kind, component, outcome)| format!("  {leg:?} {kind:?} {component} {outcome:?}\n")).collect()
}

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(0x5_1ab), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn fast_evaluator_agrees_with_the_reference(spec in lab()) {
        let lab = build(&spec);
        let evaluator = Evaluator::new(&lab.network);
        for flow in &lab.flows {
            let expected = reference::evaluate(&lab.network, flow);
            let actual = evaluator.evaluate(flow).map(|v| reference::summarize(&v));
            prop_assert!(
                Outcome::of(&actual) == Outcome::of(&expected),
                "flow {:?}\nreference: {:#?}\nfast:      {:#?}\nnetwork: {}",
                flow,
                expected,
                actual,
                serde_json::to_string(&lab.network).unwrap()
            );
        }
    }

    #[test]
    fn fast_evaluator_walks_the_path_the_contract_describes(spec in lab()) {
        let lab = build(&spec);
        let evaluator = Evaluator::new(&lab.network);
        for flow in &lab.flows {
            let (Ok((_, expected)), Ok(verdict)) = (reference::evaluate_with_path(&lab.network, flow), evaluator.evaluate(flow)) else {
                continue;
            };
            let actual = reference::path_of(&verdict);
            prop_assert!(
                actual == expected,
                "flow {:?}\nreference path:\n{}\nfast path:\n{}\nnetwork: {}",
                flow,
                show(&expected),
                show(&actual),
                serde_json::to_string(&lab.network).unwrap()
            );
        }
    }

    #[test]
    fn evaluate_and_a_reused_evaluator_agree(spec in lab()) {
        let lab = build(&spec);
        let evaluator = Evaluator::new(&lab.network);
        for flow in &lab.flows {
            prop_assert_eq!(evaluator.evaluate(flow), evaluate(&lab.network, flow));
        }
    }
}

/// The generated flows must exercise both outcomes and every way the security
/// groups, network ACLs and route tables stop traffic; otherwise the comparison
/// above would prove little. Uses only the reference, so it says what the
/// generators produce whatever the state of the fast evaluator.
#[test]
fn generated_flows_cover_allowed_blocked_and_every_reason() {
    let mut runner = TestRunner::new(config(1));
    let strategy = lab();
    let (mut allowed, mut blocked, mut refused) = (0usize, 0usize, 0usize);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut flows = 0usize;
    while flows < 2000 {
        let spec = strategy.new_tree(&mut runner).unwrap().current();
        let lab = build(&spec);
        for flow in &lab.flows {
            flows += 1;
            match reference::evaluate(&lab.network, flow) {
                Ok(v) if v.allowed => allowed += 1,
                Ok(v) => {
                    blocked += 1;
                    let (code, leg, _) = v.blocked.clone().expect("a flow not allowed names what stopped it");
                    let leg = if leg == LegDirection::Request { "request" } else { "reply" };
                    *reasons.entry(format!("{code} ({leg})")).or_default() += 1;
                }
                Err(e) => {
                    refused += 1;
                    *errors.entry(error_kind(&e)).or_default() += 1;
                }
            }
        }
    }
    eprintln!("{flows} flows: {allowed} allowed, {blocked} blocked, {refused} refused");
    eprintln!("blocked by: {reasons:#?}");
    eprintln!("refused as: {errors:#?}");
    assert!(allowed * 5 >= flows, "fewer than 20% of the flows are allowed");
    assert!(blocked * 5 >= flows, "fewer than 20% of the flows are blocked");
    assert!(refused * 4 <= flows, "more than 25% of the flows are refused");
    for code in [
        ReasonCode::EniSgRulesMismatch,
        ReasonCode::SgHasNoRules,
        ReasonCode::SubnetAclRestriction,
        ReasonCode::NoRouteToDestination,
        ReasonCode::BadStateRoute,
        ReasonCode::UnsupportedRouteTarget,
        ReasonCode::IgwPublicIpAssociationForEgress,
        ReasonCode::IgwDestinationAddressNotInRfc1918Egress,
        ReasonCode::IgwDestinationAddressNotInRfc6598Egress,
        ReasonCode::IgwPrivateIpAssociationForIngress,
        ReasonCode::NoInternetGateway,
        ReasonCode::NoInterfaceAtDestination,
        ReasonCode::DestinationNotGloballyReachable,
    ] {
        assert!(reasons.keys().any(|k| k.starts_with(code.as_str())), "no generated flow is blocked with {code}");
    }
    assert!(
        reasons.keys().any(|k| k.starts_with("SUBNET_ACL_RESTRICTION (reply")),
        "no reply is stopped by a network ACL"
    );
}
