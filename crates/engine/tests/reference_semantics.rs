//! One test per rule of how AWS decides, on small hand-built networks, each named for
//! the behaviour a user relies on. Every flow is judged by both the evaluator and the
//! naive reference (tests/reference), which must agree, and then checked against
//! what AWS does.

// Test code: a broken assumption must stop the test loudly, helpers included
// (clippy's test allowances cover only `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod reference;

use ipnet::IpNet;
use reference::RefVerdict;
use sglab_engine::example;
use sglab_engine::ids::*;
use sglab_engine::verdict::LegDirection::{self, Reply, Request};
use sglab_engine::*;
use std::net::IpAddr;

// ---------------------------------------------------------------------------
// A small lab: VPC 10.0.0.0/16 with an internet gateway; a public subnet
// 10.0.1.0/24 routed to the gateway, holding `web` (10.0.1.10, public IP 54.0.0.10)
// and `peer` (10.0.1.11, public IP 54.0.0.11); a private subnet 10.0.2.0/24 on the
// main table (local only), holding `db` (10.0.2.20). Each has its own group, with no
// rules until a test adds them. The default network ACL allows everything.

const VPC: &str = "vpc-0000000000000000a";
const IGW: &str = "igw-0000000000000000a";
const PUBLIC_SUBNET: &str = "subnet-0000000000000001a";
const PRIVATE_SUBNET: &str = "subnet-0000000000000002a";
const MAIN_TABLE: &str = "rtb-0000000000000001a";
const PUBLIC_TABLE: &str = "rtb-0000000000000002a";
const DEFAULT_ACL: &str = "acl-0000000000000001a";
const CUSTOM_ACL: &str = "acl-0000000000000002a";
const WEB: &str = "eni-0000000000000001a";
const PEER: &str = "eni-0000000000000002a";
const DB: &str = "eni-0000000000000003a";
const WEB_SG: &str = "sg-0000000000000001a";
const PEER_SG: &str = "sg-0000000000000002a";
const DB_SG: &str = "sg-0000000000000003a";
const EXTRA_SG: &str = "sg-0000000000000004a";
const OFFICE_LIST: &str = "pl-0000000000000001a";

const ANYWHERE: &str = "0.0.0.0/0";
const ANYWHERE_V6: &str = "::/0";
const BROWSER: &str = "1.2.3.4";
const OTHER_HOST: &str = "198.51.100.7";

fn net(text: &str) -> IpNet {
    text.parse().unwrap()
}

fn ip(text: &str) -> Endpoint {
    Endpoint::Address(text.parse::<IpAddr>().unwrap())
}

fn eni(id: &str) -> Endpoint {
    Endpoint::Interface(NetworkInterfaceId::new(id))
}

fn tcp(port: u16) -> Service {
    Service::Tcp { port }
}

fn tcp_range(from: u16, to: u16) -> Traffic {
    Traffic::Tcp(PortRange { from, to })
}

fn tcp_port(port: u16) -> Traffic {
    Traffic::Tcp(PortRange::single(port))
}

fn cidr(text: &str) -> Peer {
    Peer::Cidr(net(text))
}

fn group(id: &str) -> Peer {
    Peer::SecurityGroup(SecurityGroupId::new(id))
}

fn flow(source: Endpoint, destination: Endpoint, service: Service) -> Flow {
    Flow::new(source, destination, service)
}

fn from_port(mut flow: Flow, source_port: u16) -> Flow {
    flow.source_port = source_port;
    flow
}

fn empty_group(id: &str) -> SecurityGroup {
    SecurityGroup {
        id: SecurityGroupId::new(id),
        name: id.to_owned(),
        description: String::new(),
        vpc_id: VpcId::new(VPC),
        inbound: vec![],
        outbound: vec![],
        tags: vec![],
    }
}

fn interface(id: &str, subnet: &str, address: &str, public_ip: Option<&str>, group: &str) -> NetworkInterface {
    NetworkInterface {
        id: NetworkInterfaceId::new(id),
        subnet_id: SubnetId::new(subnet),
        description: String::new(),
        private_ips: vec![PrivateIp {
            address: address.parse().unwrap(),
            public_ip: public_ip.map(|p| p.parse().unwrap()),
        }],
        ipv6_addresses: vec![],
        security_groups: vec![SecurityGroupId::new(group)],
        resource_id: None,
        tags: vec![],
    }
}

fn lab() -> Network {
    let vpc = VpcId::new(VPC);
    let subnet = |id: &str, block: &str| Subnet {
        id: SubnetId::new(id),
        vpc_id: vpc.clone(),
        cidr_block: block.parse().unwrap(),
        ipv6_cidr_block: None,
        availability_zone: "us-east-1a".into(),
        tags: vec![],
    };
    let local = Route { destination: net("10.0.0.0/16"), target: RouteTarget::Local };
    Network {
        vpcs: vec![Vpc {
            id: vpc.clone(),
            cidr_blocks: vec!["10.0.0.0/16".parse().unwrap()],
            ipv6_cidr_blocks: vec![],
            is_default: false,
            tags: vec![],
        }],
        subnets: vec![subnet(PUBLIC_SUBNET, "10.0.1.0/24"), subnet(PRIVATE_SUBNET, "10.0.2.0/24")],
        route_tables: vec![
            RouteTable {
                id: RouteTableId::new(MAIN_TABLE),
                vpc_id: vpc.clone(),
                main: true,
                subnet_ids: vec![],
                routes: vec![local.clone()],
                tags: vec![],
            },
            RouteTable {
                id: RouteTableId::new(PUBLIC_TABLE),
                vpc_id: vpc.clone(),
                main: false,
                subnet_ids: vec![SubnetId::new(PUBLIC_SUBNET)],
                routes: vec![
                    local,
                    Route {
                        destination: net(ANYWHERE),
                        target: RouteTarget::InternetGateway(InternetGatewayId::new(IGW)),
                    },
                ],
                tags: vec![],
            },
        ],
        internet_gateways: vec![InternetGateway {
            id: InternetGatewayId::new(IGW),
            vpc_id: Some(vpc.clone()),
            tags: vec![],
        }],
        network_acls: vec![example::default_network_acl(
            NetworkAclId::new(DEFAULT_ACL),
            vpc.clone(),
            vec![SubnetId::new(PUBLIC_SUBNET), SubnetId::new(PRIVATE_SUBNET)],
        )],
        security_groups: vec![empty_group(WEB_SG), empty_group(PEER_SG), empty_group(DB_SG), empty_group(EXTRA_SG)],
        network_interfaces: vec![
            interface(WEB, PUBLIC_SUBNET, "10.0.1.10", Some("54.0.0.10"), WEB_SG),
            interface(PEER, PUBLIC_SUBNET, "10.0.1.11", Some("54.0.0.11"), PEER_SG),
            interface(DB, PRIVATE_SUBNET, "10.0.2.20", None, DB_SG),
        ],
        resources: vec![],
        prefix_lists: vec![PrefixList {
            id: PrefixListId::new(OFFICE_LIST),
            name: "office".into(),
            cidrs: vec![net("1.2.3.0/24")],
        }],
        internet_hosts: vec![],
    }
}

/// Adds a rule to a group and returns its id.
fn add_rule(
    network: &mut Network,
    group_id: &str,
    direction: Direction,
    traffic: Traffic,
    peer: Peer,
) -> SecurityGroupRuleId {
    let id = SecurityGroupRuleId::new(network.fresh_id("sgr-"));
    let group = network.security_group_mut(&SecurityGroupId::new(group_id)).unwrap();
    group.rules_mut(direction).push(SgRule { id: id.clone(), traffic, peer, description: None });
    id
}

fn allow_in(network: &mut Network, group_id: &str, traffic: Traffic, peer: Peer) -> SecurityGroupRuleId {
    add_rule(network, group_id, Direction::Inbound, traffic, peer)
}

fn allow_out(network: &mut Network, group_id: &str, traffic: Traffic, peer: Peer) -> SecurityGroupRuleId {
    add_rule(network, group_id, Direction::Outbound, traffic, peer)
}

fn acl_entry(rule_number: u16, action: RuleAction, traffic: Traffic, cidr: &str) -> NaclEntry {
    NaclEntry { rule_number, action, traffic, cidr: net(cidr) }
}

/// Gives the public subnet its own network ACL with these entries.
fn public_subnet_acl(network: &mut Network, inbound: Vec<NaclEntry>, outbound: Vec<NaclEntry>) {
    network.network_acls[0].subnet_ids.retain(|s| s.as_str() != PUBLIC_SUBNET);
    network.network_acls.push(NetworkAcl {
        id: NetworkAclId::new(CUSTOM_ACL),
        vpc_id: VpcId::new(VPC),
        is_default: false,
        subnet_ids: vec![SubnetId::new(PUBLIC_SUBNET)],
        inbound,
        outbound,
        tags: vec![],
    });
}

fn public_default_route(network: &mut Network, target: RouteTarget) {
    let table = network.route_tables.iter_mut().find(|t| t.id.as_str() == PUBLIC_TABLE).unwrap();
    table.routes.retain(|r| r.destination != net(ANYWHERE));
    table.routes.push(Route { destination: net(ANYWHERE), target });
}

/// IPv6: the VPC gets 2600:1f18:abcd:1200::/56, the public subnet its first /64,
/// `web` 2600:1f18:abcd:1200::10; the public table routes ::/0 to the gateway and the
/// default ACL allows IPv6 as AWS's does (rule 101).
fn with_ipv6(mut network: Network) -> Network {
    network.vpcs[0].ipv6_cidr_blocks = vec!["2600:1f18:abcd:1200::/56".parse().unwrap()];
    network.subnets[0].ipv6_cidr_block = Some("2600:1f18:abcd:1200::/64".parse().unwrap());
    network.network_interfaces[0].ipv6_addresses = vec!["2600:1f18:abcd:1200::10".parse().unwrap()];
    let table = network.route_tables.iter_mut().find(|t| t.id.as_str() == PUBLIC_TABLE).unwrap();
    table.routes.push(Route {
        destination: net(ANYWHERE_V6),
        target: RouteTarget::InternetGateway(InternetGatewayId::new(IGW)),
    });
    let allow_v6 = acl_entry(101, RuleAction::Allow, Traffic::All, ANYWHERE_V6);
    network.network_acls[0].inbound.push(allow_v6.clone());
    network.network_acls[0].outbound.push(allow_v6);
    network
}
const WEB_V6: &str = "2600:1f18:abcd:1200::10";
const BROWSER_V6: &str = "2001:db8::7";

// ---------------------------------------------------------------------------
// Both evaluators, and what is expected of them.

/// Judges with the evaluator and the reference, which must agree; returns the summary.
fn both(network: &Network, flow: &Flow) -> Result<RefVerdict, FlowError> {
    let fast = evaluate(network, flow).map(|v| reference::summarize(&v));
    let naive = reference::evaluate(network, flow);
    let same = match (&fast, &naive) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => std::mem::discriminant(a) == std::mem::discriminant(b),
        _ => false,
    };
    assert!(same, "the evaluators disagree on {flow:?}\nevaluator: {fast:#?}\nreference: {naive:#?}");
    naive
}

fn judged(network: &Network, flow: &Flow) -> RefVerdict {
    both(network, flow).unwrap_or_else(|e| panic!("{flow:?} was refused: {e}"))
}

#[derive(Debug)]
enum Expect<'a> {
    Allowed,
    /// Stopped with this reason, on this leg, at this component.
    Blocked(ReasonCode, LegDirection, &'a str),
    /// Refused as not a connection; the `FlowError` variant's name.
    Refused(&'a str),
}
use Expect::*;

fn check(network: &Network, flow: Flow, expected: Expect<'_>) {
    let outcome = both(network, &flow);
    match (&expected, &outcome) {
        (Allowed, Ok(v)) if v.allowed && v.blocked.is_none() => {}
        (Blocked(code, leg, component), Ok(v))
            if !v.allowed && v.blocked == Some((*code, *leg, (*component).to_owned())) => {}
        (Refused(kind), Err(e)) if format!("{e:?}").starts_with(kind) => {}
        _ => panic!("{flow:?}\nexpected {expected:?}\n     got {outcome:#?}"),
    }
}

// ---------------------------------------------------------------------------
// Security groups.

#[test]
fn sg_reference_matches_private_ip_of_member_but_not_its_elastic_ip() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_in(&mut n, PEER_SG, tcp_port(3306), group(WEB_SG));
    check(&n, flow(eni(WEB), ip("10.0.1.11"), tcp(3306)), Allowed);
    // Through the public IP the packet leaves and comes back through the gateway,
    // its source now web's public IP, which no group reference matches.
    check(&n, flow(eni(WEB), ip("54.0.0.11"), tcp(3306)), Blocked(ReasonCode::EniSgRulesMismatch, Request, PEER));
}

#[test]
fn sg_reference_matches_every_member_of_the_group() {
    let mut n = lab();
    allow_out(&mut n, DB_SG, Traffic::All, cidr(ANYWHERE));
    n.network_interfaces[2].security_groups.push(SecurityGroupId::new(WEB_SG));
    allow_in(&mut n, PEER_SG, tcp_port(22), group(WEB_SG));
    check(&n, flow(eni(DB), eni(PEER), tcp(22)), Allowed);
}

#[test]
fn sg_self_reference_lets_members_talk_to_each_other() {
    let mut n = lab();
    n.network_interfaces[1].security_groups = vec![SecurityGroupId::new(WEB_SG)];
    allow_out(&mut n, WEB_SG, Traffic::All, group(WEB_SG));
    allow_in(&mut n, WEB_SG, Traffic::All, group(WEB_SG));
    check(&n, flow(eni(WEB), eni(PEER), tcp(8080)), Allowed);
    check(&n, flow(eni(WEB), eni(DB), tcp(8080)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn multiple_sgs_on_an_interface_are_a_union() {
    let mut n = lab();
    n.network_interfaces[0].security_groups.push(SecurityGroupId::new(EXTRA_SG));
    let ssh = allow_in(&mut n, WEB_SG, tcp_port(22), cidr(ANYWHERE));
    let https = allow_in(&mut n, EXTRA_SG, tcp_port(443), cidr(ANYWHERE));
    assert_eq!(judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(22))).deciding_sg_rules, vec![ssh]);
    assert_eq!(judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(443))).deciding_sg_rules, vec![https]);
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(80)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn the_deciding_rule_is_the_first_match_in_group_then_rule_order() {
    let mut n = lab();
    n.network_interfaces[0].security_groups.push(SecurityGroupId::new(EXTRA_SG));
    allow_in(&mut n, WEB_SG, tcp_port(80), cidr(ANYWHERE));
    let everything = allow_in(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_in(&mut n, EXTRA_SG, tcp_port(443), cidr(ANYWHERE));
    assert_eq!(judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(443))).deciding_sg_rules, vec![everything]);
}

#[test]
fn groups_without_rules_in_that_direction_report_sg_has_no_rules() {
    let mut n = lab();
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)), Blocked(ReasonCode::SgHasNoRules, Request, WEB));
    allow_in(&mut n, WEB_SG, tcp_port(22), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn stateful_reply_passes_without_outbound_rule() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    let v = judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)));
    assert!(v.allowed);
    assert_eq!(v.reply_delivered, Some(true));
}

#[test]
fn untracked_when_0_0_0_0_and_reverse_all_traffic() {
    let web = NetworkInterfaceId::new(WEB);
    let https = flow(ip(BROWSER), ip("54.0.0.10"), tcp(443));
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    assert_eq!(judged(&n, &https).tracked, vec![(web.clone(), false)]);
}

#[test]
fn untracked_also_when_reverse_allows_all_ports_of_the_protocol() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    allow_out(&mut n, WEB_SG, tcp_range(0, 65535), cidr(ANYWHERE));
    let v = judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)));
    assert_eq!(v.tracked, vec![(NetworkInterfaceId::new(WEB), false)]);
}

#[test]
fn tracked_when_the_allowing_rule_is_narrower_than_anywhere() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr("1.2.3.0/24"));
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    let v = judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)));
    assert_eq!(v.tracked, vec![(NetworkInterfaceId::new(WEB), true)]);
}

#[test]
fn tracked_when_the_reverse_direction_is_not_open_to_anywhere() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    allow_out(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    let v = judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)));
    assert_eq!(v.tracked, vec![(NetworkInterfaceId::new(WEB), true)]);
}

#[test]
fn icmp_is_always_tracked() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    let v = judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), Service::PING));
    assert!(v.allowed);
    assert_eq!(v.tracked, vec![(NetworkInterfaceId::new(WEB), true)]);
}

#[test]
fn a_stopped_request_opens_no_connection_to_track() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    let v = judged(&n, &flow(eni(WEB), eni(PEER), tcp(22)));
    assert_eq!(v.blocked, Some((ReasonCode::SgHasNoRules, Request, PEER.to_owned())));
    assert!(v.tracked.is_empty());
}

#[test]
fn icmp_type_minus_one_matches_all() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::Icmp(IcmpMatch::AllTypes), cidr(ANYWHERE));
    let unreachable = Service::Icmp { icmp_type: 3, code: 4 };
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::PING), Allowed);
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), unreachable), Allowed);
    // Other ICMP messages have no reply to judge.
    assert_eq!(judged(&n, &flow(ip(BROWSER), ip("54.0.0.10"), unreachable)).reply_delivered, None);
}

#[test]
fn icmp_one_type_with_code_minus_one_matches_every_code_of_that_type_only() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::Icmp(IcmpMatch::Type { icmp_type: 3, code: None }), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::Icmp { icmp_type: 3, code: 4 }), Allowed);
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::Icmp { icmp_type: 3, code: 1 }), Allowed);
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::PING), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn icmp_rule_with_a_code_matches_that_code_only() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::Icmp(IcmpMatch::Type { icmp_type: 3, code: Some(4) }), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::Icmp { icmp_type: 3, code: 4 }), Allowed);
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), Service::Icmp { icmp_type: 3, code: 1 }),
        Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB),
    );
}

#[test]
fn protocol_number_rule_matches_only_that_protocol() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::Other(47), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::Other(47)), Allowed);
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), Service::Other(50)),
        Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB),
    );
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(47)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn all_traffic_probe_needs_a_rule_for_all_traffic() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_range(0, 65535), cidr(ANYWHERE));
    allow_in(&mut n, WEB_SG, Traffic::Udp(PortRange::ALL), cidr(ANYWHERE));
    allow_in(&mut n, WEB_SG, Traffic::Icmp(IcmpMatch::AllTypes), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::All), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
    allow_in(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::All), Allowed);
}

#[test]
fn prefix_list_peer_matches_the_addresses_of_its_cidrs() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), Peer::PrefixList(PrefixListId::new(OFFICE_LIST)));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)), Allowed);
    check(&n, flow(ip(OTHER_HOST), ip("54.0.0.10"), tcp(443)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn an_unknown_prefix_list_matches_nothing() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), Peer::PrefixList(PrefixListId::new("pl-00000000000000bad")));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn outbound_rules_match_the_destination_address() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, tcp_port(443), cidr("1.2.3.0/24"));
    check(&n, flow(eni(WEB), ip(BROWSER), tcp(443)), Allowed);
    check(&n, flow(eni(WEB), ip(OTHER_HOST), tcp(443)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn ipv4_rules_never_match_ipv6_traffic() {
    let mut n = with_ipv6(lab());
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER_V6), ip(WEB_V6), tcp(443)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE_V6));
    check(&n, flow(ip(BROWSER_V6), ip(WEB_V6), tcp(443)), Allowed);
}

#[test]
fn ipv6_needs_no_public_ip_to_reach_the_internet() {
    let mut n = with_ipv6(lab());
    n.network_interfaces[0].private_ips[0].public_ip = None;
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE_V6));
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    check(&n, flow(eni(WEB), ip(BROWSER_V6), tcp(443)), Allowed);
    check(
        &n,
        flow(eni(WEB), ip(BROWSER), tcp(443)),
        Blocked(ReasonCode::IgwPublicIpAssociationForEgress, Request, IGW),
    );
}

#[test]
fn ipv6_ping_is_answered_by_icmpv6_echo_reply() {
    let mut n = with_ipv6(lab());
    allow_in(&mut n, WEB_SG, Traffic::Icmpv6(IcmpMatch::Type { icmp_type: 128, code: None }), cidr(ANYWHERE_V6));
    let v = judged(&n, &flow(ip(BROWSER_V6), ip(WEB_V6), Service::Icmpv6 { icmp_type: 128, code: 0 }));
    assert!(v.allowed);
    assert_eq!(v.reply_delivered, Some(true));
}

// ---------------------------------------------------------------------------
// Network ACLs.

#[test]
fn nacl_lowest_rule_number_wins() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    // Listed out of order on purpose: the rule number decides, not the position.
    public_subnet_acl(
        &mut n,
        vec![
            acl_entry(200, RuleAction::Allow, Traffic::All, ANYWHERE),
            acl_entry(100, RuleAction::Deny, tcp_port(443), "1.2.3.4/32"),
        ],
        vec![acl_entry(100, RuleAction::Allow, Traffic::All, ANYWHERE)],
    );
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)),
        Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL),
    );
    check(&n, flow(ip(OTHER_HOST), ip("54.0.0.10"), tcp(443)), Allowed);
    n.network_acls[1].inbound.push(acl_entry(50, RuleAction::Allow, tcp_port(443), ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)), Allowed);
}

#[test]
fn nacl_final_star_rule_denies_what_no_entry_matches() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    public_subnet_acl(&mut n, vec![acl_entry(100, RuleAction::Allow, tcp_port(80), ANYWHERE)], vec![]);
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)),
        Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL),
    );
}

#[test]
fn nacl_reply_needs_ephemeral_ports() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    // Replies allowed to the Linux ephemeral range only.
    public_subnet_acl(
        &mut n,
        vec![acl_entry(100, RuleAction::Allow, tcp_port(443), ANYWHERE)],
        vec![acl_entry(100, RuleAction::Allow, tcp_range(32768, 61000), ANYWHERE)],
    );
    let https = flow(ip(BROWSER), ip("54.0.0.10"), tcp(443));
    check(&n, from_port(https.clone(), 50000), Allowed);
    // A Windows client's port 62000 is outside it: the request arrives, the reply is dropped.
    let v = judged(&n, &from_port(https.clone(), 62000));
    assert!(v.request_delivered && !v.allowed);
    check(&n, from_port(https, 62000), Blocked(ReasonCode::SubnetAclRestriction, Reply, CUSTOM_ACL));
}

#[test]
fn nacl_does_not_judge_traffic_within_a_subnet() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_in(&mut n, PEER_SG, tcp_port(22), cidr("10.0.0.0/16"));
    public_subnet_acl(&mut n, vec![], vec![]);
    check(&n, flow(eni(WEB), eni(PEER), tcp(22)), Allowed);
    allow_in(&mut n, DB_SG, tcp_port(22), cidr("10.0.0.0/16"));
    check(&n, flow(eni(WEB), eni(DB), tcp(22)), Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL));
}

#[test]
fn nacl_all_traffic_probe_is_stopped_by_a_narrower_deny() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    let out = vec![acl_entry(100, RuleAction::Allow, Traffic::All, ANYWHERE)];
    public_subnet_acl(
        &mut n,
        vec![
            acl_entry(50, RuleAction::Deny, tcp_port(22), ANYWHERE),
            acl_entry(100, RuleAction::Allow, Traffic::All, ANYWHERE),
        ],
        out,
    );
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), Service::All),
        Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL),
    );
    n.network_acls[1].inbound[0].action = RuleAction::Allow;
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::All), Allowed);
}

#[test]
fn nacl_all_traffic_probe_passes_a_deny_that_earlier_entries_leave_nothing_to_decide() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    let out = vec![acl_entry(100, RuleAction::Allow, Traffic::All, ANYWHERE)];
    let all = acl_entry(120, RuleAction::Allow, Traffic::All, ANYWHERE);
    let probe = flow(ip(BROWSER), ip("54.0.0.10"), Service::All);
    // 100 ALLOW TCP 22, 110 DENY TCP 22, 120 ALLOW all: rule 100 takes all of TCP 22 first.
    public_subnet_acl(
        &mut n,
        vec![
            acl_entry(100, RuleAction::Allow, tcp_port(22), ANYWHERE),
            acl_entry(110, RuleAction::Deny, tcp_port(22), ANYWHERE),
            all.clone(),
        ],
        out.clone(),
    );
    check(&n, probe.clone(), Allowed);
    // Two allows that together take every port the deny names.
    n.network_acls[1].inbound = vec![
        acl_entry(100, RuleAction::Allow, tcp_range(0, 22), ANYWHERE),
        acl_entry(105, RuleAction::Allow, tcp_range(23, 65535), ANYWHERE),
        acl_entry(110, RuleAction::Deny, tcp_range(0, 1023), ANYWHERE),
        acl_entry(115, RuleAction::Deny, Traffic::Udp(PortRange::single(53)), "1.2.3.0/24"),
        all.clone(),
    ];
    // The TCP deny can never fire; the UDP one still denies DNS from the browser's /24,
    check(&n, probe.clone(), Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL));
    // and does not apply to another host.
    check(&n, flow(ip(OTHER_HOST), ip("54.0.0.10"), Service::All), Allowed);
    // A deny wider than the allow before it still denies part of the traffic.
    n.network_acls[1].inbound = vec![
        acl_entry(100, RuleAction::Allow, tcp_port(22), ANYWHERE),
        acl_entry(110, RuleAction::Deny, tcp_range(0, 1023), ANYWHERE),
        all.clone(),
    ];
    check(&n, probe.clone(), Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL));
    // ICMP: an allow for every type leaves nothing for a deny of echo requests.
    n.network_acls[1].inbound = vec![
        acl_entry(100, RuleAction::Allow, Traffic::Icmp(IcmpMatch::AllTypes), ANYWHERE),
        acl_entry(110, RuleAction::Deny, Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None }), ANYWHERE),
        acl_entry(120, RuleAction::Deny, Traffic::Icmp(IcmpMatch::Type { icmp_type: 3, code: Some(4) }), ANYWHERE),
        all,
    ];
    check(&n, probe.clone(), Allowed);
    let v = evaluate(&n, &probe).unwrap();
    assert_eq!(
        v.request.hops[1].rule,
        Some(RuleRef::NetworkAclEntry {
            acl_id: NetworkAclId::new(CUSTOM_ACL),
            rule_number: Some(120),
            action: RuleAction::Allow
        }),
        "the entry for all traffic decides what is left"
    );
}

#[test]
fn nacl_all_traffic_probe_needs_an_all_traffic_entry() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    public_subnet_acl(
        &mut n,
        vec![acl_entry(100, RuleAction::Allow, tcp_range(0, 65535), ANYWHERE)],
        vec![acl_entry(100, RuleAction::Allow, Traffic::All, ANYWHERE)],
    );
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), Service::All),
        Blocked(ReasonCode::SubnetAclRestriction, Request, CUSTOM_ACL),
    );
}

#[test]
fn nacl_echo_reply_is_judged_as_icmp_type_0() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, Traffic::Icmp(IcmpMatch::AllTypes), cidr(ANYWHERE));
    let echo_reply = Traffic::Icmp(IcmpMatch::Type { icmp_type: 0, code: None });
    let echo_request = Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None });
    public_subnet_acl(
        &mut n,
        vec![acl_entry(100, RuleAction::Allow, echo_request, ANYWHERE)],
        vec![acl_entry(100, RuleAction::Allow, echo_reply, ANYWHERE)],
    );
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), Service::PING), Allowed);
    n.network_acls[1].outbound[0].traffic = echo_request;
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.10"), Service::PING),
        Blocked(ReasonCode::SubnetAclRestriction, Reply, CUSTOM_ACL),
    );
}

// ---------------------------------------------------------------------------
// Routes and gateways.

#[test]
fn private_subnet_reply_has_no_route() {
    let mut n = lab();
    n.network_interfaces[2].private_ips[0].public_ip = Some("54.0.0.20".parse().unwrap());
    allow_in(&mut n, DB_SG, tcp_port(3306), cidr(ANYWHERE));
    check(
        &n,
        flow(ip(BROWSER), ip("54.0.0.20"), tcp(3306)),
        Blocked(ReasonCode::NoRouteToDestination, Reply, MAIN_TABLE),
    );
}

#[test]
fn private_subnet_has_no_route_to_the_internet() {
    let mut n = lab();
    allow_out(&mut n, DB_SG, Traffic::All, cidr(ANYWHERE));
    check(&n, flow(eni(DB), ip(BROWSER), tcp(443)), Blocked(ReasonCode::NoRouteToDestination, Request, MAIN_TABLE));
}

#[test]
fn internet_cannot_reach_private_ip() {
    let mut n = lab();
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    allow_in(&mut n, DB_SG, tcp_port(443), cidr(ANYWHERE));
    check(
        &n,
        flow(ip(BROWSER), ip("10.0.1.10"), tcp(443)),
        Blocked(ReasonCode::IgwPrivateIpAssociationForIngress, Request, IGW),
    );
    // Named by id, an interface without a public IP is addressed privately: same end.
    check(
        &n,
        flow(ip(BROWSER), eni(DB), tcp(443)),
        Blocked(ReasonCode::IgwPrivateIpAssociationForIngress, Request, IGW),
    );
    // With one, by its public IP.
    check(&n, flow(ip(BROWSER), eni(WEB), tcp(443)), Allowed);
}

#[test]
fn instance_without_public_ip_cannot_reach_the_internet() {
    let mut n = lab();
    n.network_interfaces[0].private_ips[0].public_ip = None;
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    check(
        &n,
        flow(eni(WEB), ip(BROWSER), tcp(443)),
        Blocked(ReasonCode::IgwPublicIpAssociationForEgress, Request, IGW),
    );
}

#[test]
fn vpc_without_internet_gateway_is_unreachable_from_the_internet() {
    let mut n = lab();
    n.internet_gateways.clear();
    public_default_route(&mut n, RouteTarget::Blackhole { id: IGW.into() });
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.10"), tcp(443)), Blocked(ReasonCode::NoInternetGateway, Request, VPC));
}

#[test]
fn blackhole_route_drops_traffic() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    public_default_route(&mut n, RouteTarget::Blackhole { id: "nat-0000000000000000a".into() });
    check(&n, flow(eni(WEB), ip(BROWSER), tcp(443)), Blocked(ReasonCode::BadStateRoute, Request, PUBLIC_TABLE));
}

#[test]
fn route_to_a_detached_gateway_is_a_blackhole() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    n.internet_gateways[0].vpc_id = None;
    check(&n, flow(eni(WEB), ip(BROWSER), tcp(443)), Blocked(ReasonCode::BadStateRoute, Request, PUBLIC_TABLE));
}

#[test]
fn route_to_a_target_the_lab_does_not_simulate_is_reported_as_such() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    public_default_route(&mut n, RouteTarget::Other { id: "nat-0000000000000000a".into() });
    check(
        &n,
        flow(eni(WEB), ip(BROWSER), tcp(443)),
        Blocked(ReasonCode::UnsupportedRouteTarget, Request, PUBLIC_TABLE),
    );
}

#[test]
fn the_longest_matching_route_wins() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    let table = n.route_tables.iter_mut().find(|t| t.id.as_str() == PUBLIC_TABLE).unwrap();
    table.routes.push(Route {
        destination: net("1.2.3.0/24"),
        target: RouteTarget::Blackhole { id: "pcx-0000000000000000a".into() },
    });
    check(&n, flow(eni(WEB), ip(BROWSER), tcp(443)), Blocked(ReasonCode::BadStateRoute, Request, PUBLIC_TABLE));
    check(&n, flow(eni(WEB), ip(OTHER_HOST), tcp(443)), Allowed);
}

#[test]
fn a_route_more_specific_than_local_takes_traffic_inside_the_vpc() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_in(&mut n, DB_SG, tcp_port(3306), cidr(ANYWHERE));
    check(&n, flow(eni(WEB), eni(DB), tcp(3306)), Allowed);
    let table = n.route_tables.iter_mut().find(|t| t.id.as_str() == PUBLIC_TABLE).unwrap();
    table.routes.push(Route {
        destination: net("10.0.2.0/24"),
        target: RouteTarget::Blackhole { id: "eni-00000000000000dea".into() },
    });
    check(&n, flow(eni(WEB), eni(DB), tcp(3306)), Blocked(ReasonCode::BadStateRoute, Request, PUBLIC_TABLE));
}

#[test]
fn private_address_outside_the_vpc_is_not_on_the_internet() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    check(
        &n,
        flow(eni(WEB), ip("192.168.1.10"), tcp(443)),
        Blocked(ReasonCode::IgwDestinationAddressNotInRfc1918Egress, Request, IGW),
    );
    check(
        &n,
        flow(eni(WEB), ip("100.64.1.1"), tcp(443)),
        Blocked(ReasonCode::IgwDestinationAddressNotInRfc6598Egress, Request, IGW),
    );
}

#[test]
fn addresses_the_internet_does_not_route_are_not_reached_through_the_gateway() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    for destination in ["169.254.1.1", "0.0.0.0", "255.255.255.255", "224.0.0.5", "240.0.0.1", "198.18.0.1"] {
        check(
            &n,
            flow(eni(WEB), ip(destination), tcp(443)),
            Blocked(ReasonCode::DestinationNotGloballyReachable, Request, "internet"),
        );
    }
    let mut n = with_ipv6(n);
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE_V6));
    for destination in ["fd12:3456:789a::1", "fe80::1", "ff02::1", "64:ff9b:1::1"] {
        check(
            &n,
            flow(eni(WEB), ip(destination), tcp(443)),
            Blocked(ReasonCode::DestinationNotGloballyReachable, Request, "internet"),
        );
    }
    // The documentation ranges stand for hosts on the internet, as in the lab's lessons.
    check(&n, flow(eni(WEB), ip(OTHER_HOST), tcp(443)), Allowed);
    check(&n, flow(eni(WEB), ip(BROWSER_V6), tcp(443)), Allowed);
}

#[test]
fn no_host_on_the_internet_sends_from_an_address_the_internet_does_not_route() {
    for source in ["224.0.0.5", "240.0.0.1", "198.18.0.1", "192.0.0.8", "ff02::1", "::ffff:1.2.3.4"] {
        check(&lab(), flow(ip(source), ip("54.0.0.10"), tcp(443)), Refused("NotAnInternetAddress"));
    }
}

#[test]
fn an_empty_address_in_the_vpc_reaches_no_interface() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    check(&n, flow(eni(WEB), ip("10.0.2.99"), tcp(443)), Blocked(ReasonCode::NoInterfaceAtDestination, Request, VPC));
}

#[test]
fn an_instance_reaching_another_by_its_public_ip_goes_out_and_back_through_the_gateway() {
    let mut n = lab();
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_in(&mut n, PEER_SG, tcp_port(443), cidr("54.0.0.10/32"));
    check(&n, flow(eni(WEB), ip("54.0.0.11"), tcp(443)), Allowed);
    // Its private address is not what the peer sees.
    n.security_groups[1].inbound[0].peer = cidr("10.0.1.10/32");
    check(&n, flow(eni(WEB), ip("54.0.0.11"), tcp(443)), Blocked(ReasonCode::EniSgRulesMismatch, Request, PEER));
}

// ---------------------------------------------------------------------------
// What is never filtered.

#[test]
fn metadata_and_dns_are_not_filtered() {
    // The database's groups have no rules at all, and the private subnet has no way out.
    let n = lab();
    for (destination, service) in [
        ("169.254.169.254", tcp(80)),
        ("169.254.169.253", Service::Udp { port: 53 }),
        ("169.254.169.123", Service::Udp { port: 123 }),
        ("10.0.0.2", Service::Udp { port: 53 }),
        ("10.0.0.2", tcp(53)),
        ("127.0.0.1", tcp(8080)),
        ("10.0.2.20", tcp(3306)),
    ] {
        let v = judged(&n, &flow(eni(DB), ip(destination), service));
        assert!(v.allowed && v.blocked.is_none(), "{destination} {service}: {v:?}");
        assert_eq!(v.reply_delivered, None, "{destination}: no reply leg to judge");
    }
}

#[test]
fn the_amazon_dns_address_is_filtered_on_other_ports() {
    let n = lab();
    check(&n, flow(eni(DB), ip("10.0.0.2"), tcp(80)), Blocked(ReasonCode::SgHasNoRules, Request, DB));
}

// ---------------------------------------------------------------------------
// Flows that are not connections.

#[test]
fn flows_with_no_end_in_the_lab_are_refused() {
    check(&lab(), flow(ip(BROWSER), ip(OTHER_HOST), tcp(443)), Refused("NeitherEndInLab"));
}

#[test]
fn a_source_address_nobody_holds_inside_the_vpc_is_refused() {
    check(&lab(), flow(ip("10.0.1.99"), eni(WEB), tcp(443)), Refused("NoSourceAtAddress"));
}

#[test]
fn mixing_ipv4_and_ipv6_is_refused() {
    check(&with_ipv6(lab()), flow(ip(BROWSER_V6), ip("54.0.0.10"), tcp(443)), Refused("MixedAddressFamilies"));
}

#[test]
fn icmp_to_an_ipv6_address_is_refused() {
    check(&with_ipv6(lab()), flow(ip(BROWSER_V6), ip(WEB_V6), Service::PING), Refused("IcmpOverIpv6"));
    check(
        &lab(),
        flow(ip(BROWSER), ip("54.0.0.10"), Service::Icmpv6 { icmp_type: 128, code: 0 }),
        Refused("Icmpv6OverIpv4"),
    );
}

#[test]
fn ipv6_to_an_interface_without_ipv6_is_refused() {
    check(&with_ipv6(lab()), flow(ip(BROWSER_V6), eni(PEER), tcp(443)), Refused("NoIpv6Address"));
}

#[test]
fn an_unknown_interface_is_refused() {
    check(&lab(), flow(eni("eni-00000000000000bad"), ip(BROWSER), tcp(443)), Refused("UnknownInterface"));
}

// ---------------------------------------------------------------------------
// The chapter's four connections.

fn chapter_flow(number: u8) -> Flow {
    example::chapter_connections().into_iter().find(|c| c.number == number).unwrap().flow
}

#[test]
fn chapter_connection_1_browser_reaches_the_app_server_over_https() {
    check(&example::chapter(), chapter_flow(1), Allowed);
}

#[test]
fn chapter_connection_2_app_server_reaches_the_database_and_both_ends_track_it() {
    let v = judged(&example::chapter(), &chapter_flow(2));
    assert!(v.allowed);
    assert_eq!(
        v.deciding_sg_rules,
        vec![SecurityGroupRuleId::new("sgr-0a1b2c3d4e5f60004"), SecurityGroupRuleId::new("sgr-0a1b2c3d4e5f60005")]
    );
    assert_eq!(
        v.tracked,
        vec![
            (NetworkInterfaceId::new(example::APP_ENI_ID), true),
            (NetworkInterfaceId::new(example::DATABASE_ENI_ID), true)
        ]
    );
}

#[test]
fn chapter_connection_3_app_server_cannot_open_https_to_the_internet() {
    check(&example::chapter(), chapter_flow(3), Blocked(ReasonCode::EniSgRulesMismatch, Request, example::APP_ENI_ID));
}

#[test]
fn chapter_connection_4_is_stopped_by_the_database_having_no_outbound_rule() {
    check(&example::chapter(), chapter_flow(4), Blocked(ReasonCode::SgHasNoRules, Request, example::DATABASE_ENI_ID));
}

#[test]
fn chapter_connection_4_would_pass_the_app_servers_443_from_anywhere() {
    // 0.0.0.0/0 includes 10.1.2.15: with an outbound rule on the database, the App
    // Server's inbound rule lets connection 4 in.
    let mut n = example::chapter();
    let database_outbound = allow_out(&mut n, example::DATABASE_SG_ID, Traffic::All, cidr(ANYWHERE));
    let v = judged(&n, &chapter_flow(4));
    assert!(v.allowed);
    assert_eq!(v.deciding_sg_rules, vec![database_outbound, SecurityGroupRuleId::new("sgr-0a1b2c3d4e5f60003")]);
}

#[test]
fn chapter_connection_1_enters_through_the_gateway_and_replies_by_tracking() {
    use sglab_engine::verdict::{HopKind::*, HopOutcome::*};
    let n = example::chapter();
    let f = chapter_flow(1);
    let fast = reference::path_of(&evaluate(&n, &f).unwrap());
    let (_, naive) = reference::evaluate_with_path(&n, &f).unwrap();
    assert_eq!(fast, naive);
    let kinds: Vec<_> = naive.iter().map(|(leg, kind, _, outcome)| (*leg, *kind, *outcome)).collect();
    assert_eq!(
        kinds,
        vec![
            (Request, InternetGatewayIngress, Allowed),
            (Request, NetworkAclInbound, Allowed),
            (Request, SecurityGroupsInbound, Allowed),
            (Reply, SecurityGroupsOutbound, AllowedByTracking),
            (Reply, NetworkAclOutbound, Allowed),
            (Reply, RouteTable, Allowed),
            (Reply, InternetGatewayEgress, Allowed),
            (Reply, Internet, Allowed),
        ]
    );
}

#[test]
fn the_chapters_connections_come_out_as_the_chapter_says() {
    let n = example::chapter();
    for connection in example::chapter_connections() {
        let v = judged(&n, &connection.flow);
        assert_eq!(
            v.allowed, connection.chapter_says_allowed,
            "connection {}: {}",
            connection.number, connection.title
        );
    }
}

// ---------------------------------------------------------------------------
// Cases the property tests and a careful reading of AWS's documentation found.

#[test]
fn an_empty_ipv6_address_in_the_senders_own_subnet_crosses_no_network_acl() {
    let mut n = with_ipv6(lab());
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE_V6));
    public_subnet_acl(&mut n, vec![], vec![]);
    check(
        &n,
        flow(eni(WEB), ip("2600:1f18:abcd:1200::99"), tcp(22)),
        Blocked(ReasonCode::NoInterfaceAtDestination, Request, VPC),
    );
}

#[test]
fn an_elastic_ip_on_a_secondary_private_ip_answers_from_that_ip() {
    let mut n = lab();
    let web = n.network_interfaces.iter_mut().find(|e| e.id.as_str() == WEB).unwrap();
    web.private_ips[0].public_ip = None;
    web.private_ips
        .push(PrivateIp { address: "10.0.1.50".parse().unwrap(), public_ip: Some("54.0.0.50".parse().unwrap()) });
    allow_in(&mut n, WEB_SG, tcp_port(443), cidr(ANYWHERE));
    check(&n, flow(ip(BROWSER), ip("54.0.0.50"), tcp(443)), Allowed);
    let v = evaluate(&n, &flow(ip(BROWSER), ip("54.0.0.50"), tcp(443))).unwrap();
    assert_eq!(v.request.hops[0].packet.destination, "10.0.1.50".parse::<IpAddr>().unwrap());
}

#[test]
fn a_private_loopback_or_link_local_address_cannot_send_from_the_internet() {
    for source in ["192.168.1.10", "172.16.0.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "fd00::1", "fe80::1"] {
        check(&lab(), flow(ip(source), ip("54.0.0.10"), tcp(443)), Refused("NotAnInternetAddress"));
    }
}

#[test]
fn a_source_typed_as_an_ipv6_address_reaches_an_interface_over_ipv6() {
    let mut n = with_ipv6(lab());
    n.network_interfaces[1].ipv6_addresses = vec!["2600:1f18:abcd:1200::11".parse().unwrap()];
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE_V6));
    allow_in(&mut n, PEER_SG, tcp_port(22), cidr("2600:1f18:abcd:1200::/64"));
    check(&n, flow(ip(WEB_V6), eni(PEER), tcp(22)), Allowed);
    // Named by id from an interface, the peer is reached over IPv4, where web has no outbound rule.
    check(&n, flow(eni(WEB), eni(PEER), tcp(22)), Blocked(ReasonCode::EniSgRulesMismatch, Request, WEB));
}

#[test]
fn a_source_typed_as_a_secondary_private_ip_sends_from_it() {
    let mut n = lab();
    n.network_interfaces[0].private_ips.push(PrivateIp { address: "10.0.1.60".parse().unwrap(), public_ip: None });
    allow_out(&mut n, WEB_SG, Traffic::All, cidr(ANYWHERE));
    allow_in(&mut n, DB_SG, tcp_port(5432), cidr("10.0.1.60/32"));
    check(&n, flow(ip("10.0.1.60"), eni(DB), tcp(5432)), Allowed);
    check(&n, flow(ip("10.0.1.10"), eni(DB), tcp(5432)), Blocked(ReasonCode::EniSgRulesMismatch, Request, DB));
}
