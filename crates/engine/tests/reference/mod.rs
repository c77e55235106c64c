//! A second, deliberately naive evaluator, written from docs/evaluation.md alone.
//!
//! It exists to check the fast evaluator: where the two disagree, one of them has
//! misread the contract. So it is plain rather than quick: linear scans over the
//! model's `Vec`s, `ipnet`'s `contains` for every address test, its own matching of
//! traffic (not `Traffic::matches`), no indexes and no caching. It answers only what
//! the comparison needs: a [`RefVerdict`].
#![allow(dead_code)] // Each test crate that includes this module uses a different part.

use ipnet::IpNet;
use sglab_engine::ids::*;
use sglab_engine::verdict::{HopKind, HopOutcome, LegDirection, RuleRef, Verdict};
use sglab_engine::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What both evaluators must agree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefVerdict {
    pub allowed: bool,
    pub request_delivered: bool,
    /// `None` when the request was stopped or the service has no reply to judge.
    pub reply_delivered: Option<bool>,
    /// The reason, the leg and the id of the component that stopped the connection.
    pub blocked: Option<(ReasonCode, LegDirection, String)>,
    /// The first matching rule of each security group hop that allowed the request by
    /// a rule, in path order.
    pub deciding_sg_rules: Vec<SecurityGroupRuleId>,
    /// Connection tracking at each interface whose security groups allowed the
    /// request, once the request was delivered (a stopped request opens no connection).
    pub tracked: Vec<(NetworkInterfaceId, bool)>,
}

/// The same summary, read from the fast evaluator's verdict.
pub fn summarize(verdict: &Verdict) -> RefVerdict {
    RefVerdict {
        allowed: verdict.allowed,
        request_delivered: verdict.request.delivered,
        reply_delivered: verdict.reply.as_ref().map(|leg| leg.delivered),
        blocked: verdict.blocked.as_ref().map(|b| (b.code, b.leg, b.component.clone())),
        deciding_sg_rules: verdict
            .request
            .hops
            .iter()
            .filter(|hop| {
                matches!(hop.kind, HopKind::SecurityGroupsOutbound | HopKind::SecurityGroupsInbound)
                    && hop.outcome == HopOutcome::Allowed
            })
            .filter_map(|hop| match &hop.rule {
                Some(RuleRef::SecurityGroupRule { rule_id, .. }) => Some(rule_id.clone()),
                _ => None,
            })
            .collect(),
        tracked: verdict.tracking.iter().map(|t| (t.interface.clone(), t.tracked)).collect(),
    }
}

/// Judges a flow the slow, obvious way.
pub fn evaluate(network: &Network, flow: &Flow) -> Result<RefVerdict, FlowError> {
    evaluate_with_path(network, flow).map(|(verdict, _)| verdict)
}

/// Judges a flow and lists the hops the packets met, request then reply.
pub fn evaluate_with_path(network: &Network, flow: &Flow) -> Result<(RefVerdict, Vec<RefHop>), FlowError> {
    let ends = resolve(network, flow)?;
    let mut walk = Walk::new();
    match (&ends.source, &ends.destination) {
        (Source::Interface(sender), destination) => {
            if is_not_filtered(network, sender, ends.destination_address, flow.service) {
                let verdict = RefVerdict {
                    allowed: true,
                    request_delivered: true,
                    reply_delivered: None,
                    blocked: None,
                    deciding_sg_rules: vec![],
                    tracked: vec![],
                };
                return Ok((
                    verdict,
                    vec![(LegDirection::Request, HopKind::NotFiltered, String::new(), HopOutcome::Allowed)],
                ));
            }
            let sender_vpc = vpc_of(network, sender);
            match destination {
                Destination::Interface { eni, publicly: false }
                    if vpc_of(network, eni).as_ref() == sender_vpc.as_ref() =>
                {
                    inside_vpc(network, &ends, sender, Some(eni), flow, &mut walk);
                }
                _ if sender_vpc.as_ref().is_some_and(|v| vpc_contains(v, ends.destination_address)) => {
                    inside_vpc(network, &ends, sender, None, flow, &mut walk);
                }
                Destination::Interface { eni, publicly: true } => {
                    out_to_internet(network, &ends, sender, Some(eni), flow, &mut walk);
                }
                _ => out_to_internet(network, &ends, sender, None, flow, &mut walk),
            }
        }
        (Source::Outside(_), Destination::Interface { eni, publicly }) => {
            in_from_internet(network, &ends, eni, *publicly, flow, &mut walk);
        }
        (Source::Outside(_), Destination::Outside) => unreachable!("resolve refuses flows with no end in the lab"),
    }
    Ok(walk.finish(reply_service(flow.service, flow.source_port).is_some()))
}

// ---------------------------------------------------------------------------
// Resolving the two ends.

enum Source<'n> {
    Interface(&'n NetworkInterface),
    Outside(IpAddr),
}

enum Destination<'n> {
    Interface {
        eni: &'n NetworkInterface,
        publicly: bool,
    },
    /// An address no interface holds: on the internet, an AWS service, or an empty
    /// address inside a VPC.
    Outside,
}

struct Ends<'n> {
    source: Source<'n>,
    destination: Destination<'n>,
    /// The addresses the request packet carries.
    source_address: IpAddr,
    destination_address: IpAddr,
}

/// Who holds an address.
enum Holder<'n> {
    Private(&'n NetworkInterface),
    Public(&'n NetworkInterface),
    Nobody,
}

fn holder_of(network: &Network, address: IpAddr) -> Holder<'_> {
    for eni in &network.network_interfaces {
        if holds_privately(eni, address) {
            return Holder::Private(eni);
        }
    }
    for eni in &network.network_interfaces {
        if eni.private_ips.iter().any(|p| p.public_ip.map(IpAddr::V4) == Some(address)) {
            return Holder::Public(eni);
        }
    }
    Holder::Nobody
}

fn holds_privately(eni: &NetworkInterface, address: IpAddr) -> bool {
    match address {
        IpAddr::V4(a) => eni.private_ips.iter().any(|p| p.address == a),
        IpAddr::V6(a) => eni.ipv6_addresses.contains(&a),
    }
}

fn interface_of<'n>(network: &'n Network, endpoint: &Endpoint) -> Result<Option<&'n NetworkInterface>, FlowError> {
    match endpoint {
        Endpoint::Address(_) => Ok(None),
        Endpoint::Interface(id) => network
            .network_interfaces
            .iter()
            .find(|eni| &eni.id == id)
            .map(Some)
            .ok_or_else(|| FlowError::UnknownInterface(id.to_string())),
        Endpoint::Resource(id) => {
            if let Some(first) = network.network_interfaces.iter().find(|eni| eni.resource_id.as_ref() == Some(id)) {
                Ok(Some(first))
            } else if network.resources.iter().any(|r| &r.id == id) {
                Err(FlowError::ResourceWithoutInterface(id.to_string()))
            } else {
                Err(FlowError::UnknownEndpoint(id.to_string()))
            }
        }
    }
}

/// The public IP mapped to one of the interface's private IPv4 addresses; an IPv6
/// address is its own public address.
fn public_of(eni: &NetworkInterface, private: IpAddr) -> Option<IpAddr> {
    match private {
        IpAddr::V4(a) => eni.private_ips.iter().find(|p| p.address == a).and_then(|p| p.public_ip).map(IpAddr::V4),
        IpAddr::V6(_) => Some(private),
    }
}

/// The private address behind an address the interface was reached at.
fn private_behind(eni: &NetworkInterface, reached_at: IpAddr) -> IpAddr {
    match reached_at {
        IpAddr::V4(a) => eni
            .private_ips
            .iter()
            .find(|p| p.public_ip == Some(a) || p.address == a)
            .map_or(reached_at, |p| IpAddr::V4(p.address)),
        IpAddr::V6(_) => reached_at,
    }
}

/// The blocks of IANA's IPv4 and IPv6 special-purpose address registries that are
/// not globally reachable, and multicast; as docs/evaluation.md lists them.
const NOT_GLOBALLY_REACHABLE: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "::/128",
    "::1/128",
    "::ffff:0:0/96",
    "64:ff9b:1::/48",
    "100::/64",
    "2001::/23",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
];

/// Blocks inside those that the registries say are globally reachable (or leave
/// undecided, Teredo).
const REACHABLE_INSIDE: &[&str] = &[
    "192.0.0.9/32",
    "192.0.0.10/32",
    "2001::/32",
    "2001:1::1/128",
    "2001:1::2/128",
    "2001:1::3/128",
    "2001:3::/32",
    "2001:4:112::/48",
    "2001:20::/28",
    "2001:30::/28",
];

/// Does the internet route this address (as a source, and as a destination)?
fn globally_reachable(address: IpAddr) -> bool {
    let within = |list: &[&str]| list.iter().any(|block| block.parse::<IpNet>().unwrap().contains(&address));
    within(REACHABLE_INSIDE) || !within(NOT_GLOBALLY_REACHABLE)
}

/// Hosts on the internet send from addresses the internet routes.
fn can_send_from_the_internet(address: IpAddr) -> bool {
    globally_reachable(address)
}

fn is_v6(address: IpAddr) -> bool {
    matches!(address, IpAddr::V6(_))
}

fn resolve<'n>(network: &'n Network, flow: &Flow) -> Result<Ends<'n>, FlowError> {
    // The source is resolved first, and its errors come first.
    let source_eni = interface_of(network, &flow.source)?;

    let source_given = match &flow.source {
        Endpoint::Address(a) => Some(*a),
        _ => None,
    };
    let destination_given = match &flow.destination {
        Endpoint::Address(a) => Some(*a),
        _ => None,
    };

    let source = match (source_eni, source_given) {
        (Some(eni), _) => Source::Interface(eni),
        (None, Some(address)) => match holder_of(network, address) {
            Holder::Private(eni) | Holder::Public(eni) => Source::Interface(eni),
            Holder::Nobody => Source::Outside(address),
        },
        (None, None) => unreachable!("an endpoint is an address or names an interface"),
    };
    if let Source::Outside(address) = source {
        if network.vpcs.iter().any(|vpc| vpc_contains(vpc, address)) {
            return Err(FlowError::NoSourceAtAddress(address));
        }
        if !can_send_from_the_internet(address) {
            return Err(FlowError::NotAnInternetAddress(address));
        }
    }

    let destination_eni = interface_of(network, &flow.destination)?;
    let destination_holder = match (destination_eni, destination_given) {
        (Some(eni), _) => Some((eni, None)),
        (None, Some(address)) => match holder_of(network, address) {
            Holder::Private(eni) => Some((eni, Some(false))),
            Holder::Public(eni) => Some((eni, Some(true))),
            Holder::Nobody => None,
        },
        (None, None) => unreachable!("an endpoint is an address or names an interface"),
    };

    if let Source::Outside(_) = source {
        if destination_holder.is_none() {
            return Err(FlowError::NeitherEndInLab(flow.source.to_string(), flow.destination.to_string()));
        }
    }

    // The IP version: the destination address's when one is given, else that of a
    // source outside the lab; IPv4 otherwise. An address given for a source
    // interface only names the interface ("as the source, an interface always sends
    // from its primary private IP, or its first IPv6 address for an IPv6
    // destination"), so only a source outside the lab can clash with the destination.
    let outside_source = match &source {
        Source::Outside(address) => Some(*address),
        Source::Interface(_) => None,
    };
    if let (Some(s), Some(d)) = (outside_source, destination_given) {
        if is_v6(s) != is_v6(d) {
            return Err(FlowError::MixedAddressFamilies(s, d));
        }
    }
    // A source typed as an address (of an interface or outside) sets the version
    // when the destination is named by id.
    let v6 = destination_given.or(source_given).is_some_and(is_v6);

    let source_address = match &source {
        Source::Interface(eni) => {
            if v6 {
                match eni.ipv6_addresses.first() {
                    Some(a) => IpAddr::V6(*a),
                    None => {
                        let peer = destination_given
                            .or_else(|| destination_eni.and_then(|d| d.ipv6_addresses.first().map(|a| IpAddr::V6(*a))))
                            .unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED));
                        return Err(FlowError::NoIpv6Address { interface: eni.id.to_string(), peer });
                    }
                }
            } else {
                IpAddr::V4(eni.private_ips[0].address)
            }
        }
        Source::Outside(address) => *address,
    };
    // A source typed as one of its own private addresses of the right version sends from it.
    let source_address = match (&source, source_given) {
        (Source::Interface(eni), Some(typed))
            if is_v6(typed) == is_v6(source_address)
                && (eni.private_ips.iter().any(|p| IpAddr::V4(p.address) == typed)
                    || eni.ipv6_addresses.iter().any(|a| IpAddr::V6(*a) == typed)) =>
        {
            typed
        }
        _ => source_address,
    };

    let (destination, destination_address) = match (destination_holder, destination_given) {
        (Some((eni, Some(publicly))), Some(address)) => (Destination::Interface { eni, publicly }, address),
        (Some((eni, _)), _) => {
            // Named by id: addressed the way the source would address it.
            if v6 {
                match eni.ipv6_addresses.first() {
                    Some(a) => (Destination::Interface { eni, publicly: false }, IpAddr::V6(*a)),
                    None => {
                        return Err(FlowError::NoIpv6Address { interface: eni.id.to_string(), peer: source_address });
                    }
                }
            } else {
                let same_vpc = match &source {
                    Source::Interface(sender) => {
                        vpc_of(network, sender).map(|v| v.id.clone()) == vpc_of(network, eni).map(|v| v.id.clone())
                    }
                    Source::Outside(_) => false,
                };
                let private = IpAddr::V4(eni.private_ips[0].address);
                match eni.private_ips[0].public_ip {
                    Some(public) if !same_vpc => (Destination::Interface { eni, publicly: true }, IpAddr::V4(public)),
                    _ => (Destination::Interface { eni, publicly: false }, private),
                }
            }
        }
        (None, Some(address)) => (Destination::Outside, address),
        (None, None) => unreachable!("an endpoint is an address or names an interface"),
    };

    match flow.service {
        Service::Icmp { .. } if is_v6(destination_address) => return Err(FlowError::IcmpOverIpv6(destination_address)),
        Service::Icmpv6 { .. } if !is_v6(destination_address) => {
            return Err(FlowError::Icmpv6OverIpv4(destination_address))
        }
        _ => {}
    }

    Ok(Ends { source, destination, source_address, destination_address })
}

// ---------------------------------------------------------------------------
// Where things are.

fn subnet_of<'n>(network: &'n Network, eni: &NetworkInterface) -> &'n Subnet {
    network.subnets.iter().find(|s| s.id == eni.subnet_id).expect("every interface is in a subnet of the lab")
}

fn vpc_of<'n>(network: &'n Network, eni: &NetworkInterface) -> Option<&'n Vpc> {
    let subnet = subnet_of(network, eni);
    network.vpcs.iter().find(|v| v.id == subnet.vpc_id)
}

fn vpc_contains(vpc: &Vpc, address: IpAddr) -> bool {
    match address {
        IpAddr::V4(a) => vpc.cidr_blocks.iter().any(|c| c.contains(&a)),
        IpAddr::V6(a) => vpc.ipv6_cidr_blocks.iter().any(|c| c.contains(&a)),
    }
}

fn subnet_contains(subnet: &Subnet, address: IpAddr) -> bool {
    match address {
        IpAddr::V4(a) => subnet.cidr_block.contains(&a),
        IpAddr::V6(a) => subnet.ipv6_cidr_block.is_some_and(|c| c.contains(&a)),
    }
}

fn attached_gateway<'n>(network: &'n Network, vpc_id: &VpcId) -> Option<&'n InternetGateway> {
    network.internet_gateways.iter().find(|g| g.vpc_id.as_ref() == Some(vpc_id))
}

fn network_acl_of<'n>(network: &'n Network, subnet: &Subnet) -> &'n NetworkAcl {
    network
        .network_acls
        .iter()
        .find(|a| a.subnet_ids.contains(&subnet.id))
        .or_else(|| network.network_acls.iter().find(|a| a.is_default && a.vpc_id == subnet.vpc_id))
        .expect("every VPC has a default network ACL")
}

fn route_table_of<'n>(network: &'n Network, subnet: &Subnet) -> &'n RouteTable {
    network
        .route_tables
        .iter()
        .find(|t| t.subnet_ids.contains(&subnet.id))
        .or_else(|| network.route_tables.iter().find(|t| t.main && t.vpc_id == subnet.vpc_id))
        .expect("every VPC has a main route table")
}

/// The route a subnet's table picks for an address: the longest prefix among its
/// routes and the implied `local` route of each VPC block.
fn route_for(network: &Network, subnet: &Subnet, destination: IpAddr) -> Option<RouteTarget> {
    let table = route_table_of(network, subnet);
    let vpc = network.vpcs.iter().find(|v| v.id == subnet.vpc_id).expect("a subnet's VPC exists");
    let mut best: Option<(u8, RouteTarget)> = None;
    let mut consider = |prefix: &IpNet, target: &RouteTarget| {
        if prefix.contains(&destination) && best.as_ref().is_none_or(|(len, _)| prefix.prefix_len() > *len) {
            best = Some((prefix.prefix_len(), target.clone()));
        }
    };
    for block in &vpc.cidr_blocks {
        consider(&IpNet::V4(*block), &RouteTarget::Local);
    }
    for block in &vpc.ipv6_cidr_blocks {
        consider(&IpNet::V6(*block), &RouteTarget::Local);
    }
    for route in &table.routes {
        consider(&route.destination, &route.target);
    }
    best.map(|(_, target)| target)
}

// ---------------------------------------------------------------------------
// Matching.

/// Does a rule's traffic include the packet's service? The "all traffic" probe is
/// included only by a rule for all traffic.
fn traffic_includes(traffic: Traffic, service: Service) -> bool {
    let icmp_matches = |m: IcmpMatch, t: u8, c: u8| match m {
        IcmpMatch::AllTypes => true,
        IcmpMatch::Type { icmp_type, code: None } => icmp_type == t,
        IcmpMatch::Type { icmp_type, code: Some(code) } => icmp_type == t && code == c,
    };
    match (traffic, service) {
        (Traffic::All, _) => true,
        (Traffic::Tcp(r), Service::Tcp { port }) => r.from <= port && port <= r.to,
        (Traffic::Udp(r), Service::Udp { port }) => r.from <= port && port <= r.to,
        (Traffic::Icmp(m), Service::Icmp { icmp_type, code }) => icmp_matches(m, icmp_type, code),
        (Traffic::Icmpv6(m), Service::Icmpv6 { icmp_type, code }) => icmp_matches(m, icmp_type, code),
        (Traffic::Other(n), Service::Other(p)) => n == p,
        _ => false,
    }
}

fn peer_matches(network: &Network, peer: &Peer, remote: IpAddr, judged: &NetworkInterface) -> bool {
    match peer {
        Peer::Cidr(cidr) => cidr.contains(&remote),
        Peer::SecurityGroup(group) => {
            let judged_vpc = &subnet_of(network, judged).vpc_id;
            network.network_interfaces.iter().any(|member| {
                member.security_groups.contains(group)
                    && &subnet_of(network, member).vpc_id == judged_vpc
                    && holds_privately(member, remote)
            })
        }
        Peer::PrefixList(id) => {
            network.prefix_lists.iter().filter(|l| &l.id == id).any(|l| l.cidrs.iter().any(|c| c.contains(&remote)))
        }
    }
}

fn rules_of<'n>(network: &'n Network, eni: &NetworkInterface, direction: Direction) -> Vec<&'n SgRule> {
    let mut rules = Vec::new();
    for group_id in &eni.security_groups {
        for group in network.security_groups.iter().filter(|g| &g.id == group_id) {
            let list = match direction {
                Direction::Inbound => &group.inbound,
                Direction::Outbound => &group.outbound,
            };
            rules.extend(list.iter());
        }
    }
    rules
}

/// The security groups of an interface, one direction: the first rule that allows the
/// packet, or why none does.
fn security_groups_decide<'n>(
    network: &'n Network,
    eni: &NetworkInterface,
    direction: Direction,
    remote: IpAddr,
    service: Service,
) -> Result<&'n SgRule, ReasonCode> {
    let rules = rules_of(network, eni, direction);
    if rules.is_empty() {
        return Err(ReasonCode::SgHasNoRules);
    }
    rules
        .into_iter()
        .find(|r| traffic_includes(r.traffic, service) && peer_matches(network, &r.peer, remote, eni))
        .ok_or(ReasonCode::EniSgRulesMismatch)
}

/// Untracked: TCP or UDP, allowed by a rule for anywhere, and the opposite direction
/// open to anywhere for all traffic or all ports of the protocol.
fn is_tracked(
    network: &Network,
    eni: &NetworkInterface,
    direction: Direction,
    remote: IpAddr,
    service: Service,
) -> bool {
    let anywhere: IpNet = if is_v6(remote) { "::/0".parse().unwrap() } else { "0.0.0.0/0".parse().unwrap() };
    let tcp_or_udp = matches!(service, Service::Tcp { .. } | Service::Udp { .. });
    let allowed_from_anywhere = rules_of(network, eni, direction)
        .iter()
        .any(|r| r.peer == Peer::Cidr(anywhere) && traffic_includes(r.traffic, service));
    let opposite = match direction {
        Direction::Inbound => Direction::Outbound,
        Direction::Outbound => Direction::Inbound,
    };
    let all_ports = PortRange { from: 0, to: 65535 };
    let opposite_open = rules_of(network, eni, opposite).iter().any(|r| {
        r.peer == Peer::Cidr(anywhere)
            && match (r.traffic, service) {
                (Traffic::All, _) => true,
                (Traffic::Tcp(range), Service::Tcp { .. }) | (Traffic::Udp(range), Service::Udp { .. }) => {
                    range == all_ports
                }
                _ => false,
            }
    });
    !(tcp_or_udp && allowed_from_anywhere && opposite_open)
}

/// A network ACL, one direction: lowest rule number first, the first entry that
/// matches decides; none: the final `*` denies. The all-traffic probe passes when every
/// packet would.
fn network_acl_allows(acl: &NetworkAcl, direction: Direction, remote: IpAddr, service: Service) -> bool {
    let mut entries: Vec<&NaclEntry> = match direction {
        Direction::Inbound => acl.inbound.iter().collect(),
        Direction::Outbound => acl.outbound.iter().collect(),
    };
    entries.sort_by_key(|e| e.rule_number);
    entries.retain(|e| e.cidr.contains(&remote));
    let one_packet = |packet: Service| {
        entries.iter().find(|e| traffic_includes(e.traffic, packet)).is_some_and(|e| e.action == RuleAction::Allow)
    };
    if service == Service::All {
        every_kind_of_packet(&entries).into_iter().all(one_packet)
    } else {
        one_packet(service)
    }
}

/// Packets enough to stand for all traffic against these entries: the answer for a
/// packet changes only at a port, type, code or protocol some entry names, so each
/// port at and beside every range's ends, every named ICMP type and code and one
/// that no entry names, every named protocol number and one that none names.
fn every_kind_of_packet(entries: &[&NaclEntry]) -> Vec<Service> {
    let mut tcp = vec![0u16, 65535];
    let mut udp = vec![0u16, 65535];
    let (mut icmp_types, mut icmp_codes, mut icmpv6_types, mut icmpv6_codes) = (vec![], vec![], vec![], vec![]);
    let mut others = vec![];
    let ends = |r: PortRange| [r.from, r.to, r.from.saturating_sub(1), r.to.saturating_add(1)];
    for e in entries {
        match e.traffic {
            Traffic::Tcp(r) => tcp.extend(ends(r)),
            Traffic::Udp(r) => udp.extend(ends(r)),
            Traffic::Icmp(IcmpMatch::Type { icmp_type, code }) => {
                icmp_types.push(icmp_type);
                icmp_codes.extend(code);
            }
            Traffic::Icmpv6(IcmpMatch::Type { icmp_type, code }) => {
                icmpv6_types.push(icmp_type);
                icmpv6_codes.extend(code);
            }
            Traffic::Other(n) => others.push(n),
            Traffic::All | Traffic::Icmp(IcmpMatch::AllTypes) | Traffic::Icmpv6(IcmpMatch::AllTypes) => {}
        }
    }
    // One value no entry names (if there is one).
    let with_unnamed = |mut named: Vec<u8>, skip: &[u8]| {
        if let Some(free) = (0..=u8::MAX).find(|v| !named.contains(v) && !skip.contains(v)) {
            named.push(free);
        }
        named
    };
    let (icmp_types, icmp_codes) = (with_unnamed(icmp_types, &[]), with_unnamed(icmp_codes, &[]));
    let (icmpv6_types, icmpv6_codes) = (with_unnamed(icmpv6_types, &[]), with_unnamed(icmpv6_codes, &[]));
    let others = with_unnamed(others, &[1, 6, 17, 58]);
    let mut packets: Vec<Service> = tcp.into_iter().map(|port| Service::Tcp { port }).collect();
    packets.extend(udp.into_iter().map(|port| Service::Udp { port }));
    for &icmp_type in &icmp_types {
        packets.extend(icmp_codes.iter().map(|&code| Service::Icmp { icmp_type, code }));
    }
    for &icmp_type in &icmpv6_types {
        packets.extend(icmpv6_codes.iter().map(|&code| Service::Icmpv6 { icmp_type, code }));
    }
    packets.extend(others.into_iter().filter(|n| ![1, 6, 17, 58].contains(n)).map(Service::Other));
    packets
}

/// The reply to a service: TCP/UDP back to the client's port, echo reply to echo
/// request, the same for other protocols and the probe; other ICMP has none.
fn reply_service(service: Service, source_port: u16) -> Option<Service> {
    match service {
        Service::Tcp { .. } => Some(Service::Tcp { port: source_port }),
        Service::Udp { .. } => Some(Service::Udp { port: source_port }),
        Service::Icmp { icmp_type: 8, .. } => Some(Service::Icmp { icmp_type: 0, code: 0 }),
        Service::Icmp { .. } => None,
        Service::Icmpv6 { icmp_type: 128, .. } => Some(Service::Icmpv6 { icmp_type: 129, code: 0 }),
        Service::Icmpv6 { .. } => None,
        Service::Other(n) => Some(Service::Other(n)),
        Service::All => Some(Service::All),
    }
}

fn is_rfc1918(address: IpAddr) -> bool {
    let nets: [IpNet; 3] =
        ["10.0.0.0/8".parse().unwrap(), "172.16.0.0/12".parse().unwrap(), "192.168.0.0/16".parse().unwrap()];
    nets.iter().any(|n| n.contains(&address))
}

/// Traffic from an interface that no security group or network ACL sees.
fn is_not_filtered(network: &Network, sender: &NetworkInterface, destination: IpAddr, service: Service) -> bool {
    let loopback: [IpNet; 2] = ["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
    let link_local_services =
        [Ipv4Addr::new(169, 254, 169, 253), Ipv4Addr::new(169, 254, 169, 254), Ipv4Addr::new(169, 254, 169, 123)];
    let amazon_dns = vpc_of(network, sender)
        .and_then(|vpc| vpc.cidr_blocks.first())
        .map(|block| IpAddr::V4(Ipv4Addr::from(u32::from(block.network()) + 2)));
    let port_53 = matches!(service, Service::Tcp { port: 53 } | Service::Udp { port: 53 });
    loopback.iter().any(|n| n.contains(&destination))
        || link_local_services.iter().any(|a| IpAddr::V4(*a) == destination)
        || holds_privately(sender, destination)
        || (port_53 && amazon_dns == Some(destination))
}

// ---------------------------------------------------------------------------
// The walk along the path.

/// One hop as the comparison sees it: the leg, what judged the packet, the id of
/// the component (empty for a `not_filtered` hop, whose component the contract does
/// not name), and the outcome.
pub type RefHop = (LegDirection, HopKind, String, HopOutcome);

/// The hops of the fast evaluator's verdict, in the same form.
pub fn path_of(verdict: &Verdict) -> Vec<RefHop> {
    let legs = std::iter::once(&verdict.request).chain(verdict.reply.iter());
    legs.flat_map(|leg| {
        leg.hops.iter().map(move |hop| {
            let component = if hop.kind == HopKind::NotFiltered { String::new() } else { hop.component.clone() };
            (leg.direction, hop.kind, component, hop.outcome)
        })
    })
    .collect()
}

struct Walk {
    leg: LegDirection,
    hops: Vec<RefHop>,
    blocked: Option<(ReasonCode, LegDirection, String)>,
    request_delivered: bool,
    reply_delivered: Option<bool>,
    deciding_sg_rules: Vec<SecurityGroupRuleId>,
    /// Per security group hop that allowed the request: the interface, the
    /// request's direction there, and whether the flow is tracked.
    tracked: Vec<(NetworkInterfaceId, Direction, bool)>,
}

/// A hop that stopped the packet.
type Stop = (ReasonCode, String);

impl Walk {
    fn new() -> Self {
        Walk {
            leg: LegDirection::Request,
            hops: vec![],
            blocked: None,
            request_delivered: false,
            reply_delivered: None,
            deciding_sg_rules: vec![],
            tracked: vec![],
        }
    }

    fn finish(self, has_reply: bool) -> (RefVerdict, Vec<RefHop>) {
        let reply_delivered = if self.request_delivered && has_reply { self.reply_delivered } else { None };
        let verdict = RefVerdict {
            allowed: self.request_delivered && reply_delivered != Some(false),
            request_delivered: self.request_delivered,
            reply_delivered,
            blocked: self.blocked,
            deciding_sg_rules: self.deciding_sg_rules,
            tracked: self.tracked.into_iter().map(|(eni, _, tracked)| (eni, tracked)).collect(),
        };
        (verdict, self.hops)
    }

    /// Records how the current leg ended.
    fn end_leg(&mut self, outcome: Result<(), Stop>) {
        let delivered = outcome.is_ok();
        if let Err((code, component)) = outcome {
            self.blocked = Some((code, self.leg, component));
        }
        match self.leg {
            LegDirection::Request => {
                self.request_delivered = delivered;
                // A request stopped on the way opens no connection: nothing to track.
                if !delivered {
                    self.tracked.clear();
                }
            }
            LegDirection::Reply => self.reply_delivered = Some(delivered),
        }
        self.leg = LegDirection::Reply;
    }

    /// Records a hop; a refusal stops the packet there.
    fn hop(&mut self, kind: HopKind, component: String, judged: Result<(), ReasonCode>) -> Result<(), Stop> {
        let outcome = if judged.is_ok() { HopOutcome::Allowed } else { HopOutcome::Blocked };
        self.hops.push((self.leg, kind, component.clone(), outcome));
        judged.map_err(|code| (code, component))
    }

    /// Security groups on the request: a rule must allow it.
    fn security_groups(
        &mut self,
        network: &Network,
        eni: &NetworkInterface,
        direction: Direction,
        remote: IpAddr,
        service: Service,
    ) -> Result<(), Stop> {
        let kind = match direction {
            Direction::Inbound => HopKind::SecurityGroupsInbound,
            Direction::Outbound => HopKind::SecurityGroupsOutbound,
        };
        let decision = security_groups_decide(network, eni, direction, remote, service);
        if let Ok(rule) = decision {
            self.deciding_sg_rules.push(rule.id.clone());
            self.tracked.push((eni.id.clone(), direction, is_tracked(network, eni, direction, remote, service)));
        }
        self.hop(kind, eni.id.to_string(), decision.map(|_| ()))
    }

    /// Security groups on the reply: connection tracking lets it through; for an
    /// untracked flow, the rule for all traffic to anywhere that made it untracked.
    fn tracked_reply(&mut self, eni: &NetworkInterface, direction: Direction) {
        let kind = match direction {
            Direction::Inbound => HopKind::SecurityGroupsInbound,
            Direction::Outbound => HopKind::SecurityGroupsOutbound,
        };
        // The request crossed this interface the other way.
        let request_direction = match direction {
            Direction::Inbound => Direction::Outbound,
            Direction::Outbound => Direction::Inbound,
        };
        let untracked =
            self.tracked.iter().any(|(id, d, tracked)| id == &eni.id && *d == request_direction && !tracked);
        let outcome = if untracked { HopOutcome::Allowed } else { HopOutcome::AllowedByTracking };
        self.hops.push((self.leg, kind, eni.id.to_string(), outcome));
    }

    fn network_acl(
        &mut self,
        network: &Network,
        subnet: &Subnet,
        direction: Direction,
        remote: IpAddr,
        service: Service,
    ) -> Result<(), Stop> {
        let acl = network_acl_of(network, subnet);
        let kind = match direction {
            Direction::Inbound => HopKind::NetworkAclInbound,
            Direction::Outbound => HopKind::NetworkAclOutbound,
        };
        let allowed = network_acl_allows(acl, direction, remote, service);
        self.hop(kind, acl.id.to_string(), if allowed { Ok(()) } else { Err(ReasonCode::SubnetAclRestriction) })
    }

    /// The route table must deliver inside the VPC.
    fn local_route(&mut self, network: &Network, subnet: &Subnet, destination: IpAddr) -> Result<(), Stop> {
        let table = route_table_of(network, subnet).id.to_string();
        let judged = match route_for(network, subnet, destination) {
            Some(RouteTarget::Local) => Ok(()),
            Some(RouteTarget::Blackhole { .. }) => Err(ReasonCode::BadStateRoute),
            Some(RouteTarget::Other { .. }) => Err(ReasonCode::UnsupportedRouteTarget),
            Some(RouteTarget::InternetGateway(_)) | None => Err(ReasonCode::NoRouteToDestination),
        };
        self.hop(HopKind::RouteTable, table, judged)
    }

    /// The route table must send the packet to an internet gateway attached to the
    /// VPC; returns that gateway's id.
    fn internet_route(&mut self, network: &Network, subnet: &Subnet, destination: IpAddr) -> Result<String, Stop> {
        let table = route_table_of(network, subnet).id.to_string();
        let judged = match route_for(network, subnet, destination) {
            Some(RouteTarget::InternetGateway(id)) => {
                match network.internet_gateways.iter().find(|g| g.id == id && g.vpc_id.as_ref() == Some(&subnet.vpc_id))
                {
                    Some(gateway) => Ok(gateway.id.to_string()),
                    // A route to a gateway no longer attached (or deleted) is what AWS
                    // shows as `State: blackhole`.
                    None => Err(ReasonCode::BadStateRoute),
                }
            }
            Some(RouteTarget::Blackhole { .. }) => Err(ReasonCode::BadStateRoute),
            Some(RouteTarget::Other { .. }) => Err(ReasonCode::UnsupportedRouteTarget),
            Some(RouteTarget::Local) | None => Err(ReasonCode::NoRouteToDestination),
        };
        let gateway = judged.clone().ok();
        self.hop(HopKind::RouteTable, table, judged.map(|_| ()))?;
        Ok(gateway.unwrap_or_default())
    }

    /// Leaving through the internet gateway: an IPv4 source needs a public address
    /// mapped to it to translate to.
    /// Internet gateways reject outbound traffic to private (RFC 1918) and shared
    /// (RFC 6598) addresses.
    fn gateway_egress(
        &mut self,
        gateway: String,
        sender: &NetworkInterface,
        source: IpAddr,
        destination: IpAddr,
    ) -> Result<(), Stop> {
        let shared: IpNet = "100.64.0.0/10".parse().unwrap();
        let judged = if !is_v6(source) && public_of(sender, source).is_none() {
            Err(ReasonCode::IgwPublicIpAssociationForEgress)
        } else if is_rfc1918(destination) {
            Err(ReasonCode::IgwDestinationAddressNotInRfc1918Egress)
        } else if shared.contains(&destination) {
            Err(ReasonCode::IgwDestinationAddressNotInRfc6598Egress)
        } else {
            Ok(())
        };
        self.hop(HopKind::InternetGatewayEgress, gateway, judged)
    }

    fn internet(&mut self, destination: IpAddr) -> Result<(), Stop> {
        let judged =
            if !globally_reachable(destination) { Err(ReasonCode::DestinationNotGloballyReachable) } else { Ok(()) };
        self.hop(HopKind::Internet, "internet".to_owned(), judged)
    }

    /// Entering a VPC through its internet gateway.
    fn gateway_ingress(
        &mut self,
        network: &Network,
        receiver: &NetworkInterface,
        addressed_publicly: bool,
        destination: IpAddr,
    ) -> Result<(), Stop> {
        let vpc_id = subnet_of(network, receiver).vpc_id.clone();
        let Some(gateway) = attached_gateway(network, &vpc_id) else {
            return self.hop(HopKind::InternetGatewayIngress, vpc_id.to_string(), Err(ReasonCode::NoInternetGateway));
        };
        let judged = if addressed_publicly || is_v6(destination) {
            Ok(())
        } else {
            Err(ReasonCode::IgwPrivateIpAssociationForIngress)
        };
        self.hop(HopKind::InternetGatewayIngress, gateway.id.to_string(), judged)
    }
}

/// Interface to interface (or to an empty address) inside one VPC, by private address.
fn inside_vpc(
    network: &Network,
    ends: &Ends<'_>,
    sender: &NetworkInterface,
    receiver: Option<&NetworkInterface>,
    flow: &Flow,
    walk: &mut Walk,
) {
    let (from, to) = (ends.source_address, ends.destination_address);
    let sender_subnet = subnet_of(network, sender);
    let crosses_subnets = match receiver {
        Some(r) => r.subnet_id != sender.subnet_id,
        None => !subnet_contains(sender_subnet, to),
    };
    let request = (|| {
        walk.security_groups(network, sender, Direction::Outbound, to, flow.service)?;
        if crosses_subnets {
            walk.network_acl(network, sender_subnet, Direction::Outbound, to, flow.service)?;
        }
        walk.local_route(network, sender_subnet, to)?;
        let Some(receiver) = receiver else {
            // The contract names neither the hop nor the component; the lab reports
            // a route table hop naming the VPC, in which no interface holds the address.
            let vpc = sender_subnet.vpc_id.to_string();
            return walk.hop(HopKind::RouteTable, vpc, Err(ReasonCode::NoInterfaceAtDestination));
        };
        let receiver_subnet = subnet_of(network, receiver);
        if crosses_subnets {
            walk.network_acl(network, receiver_subnet, Direction::Inbound, from, flow.service)?;
        }
        walk.security_groups(network, receiver, Direction::Inbound, from, flow.service)
    })();
    walk.end_leg(request);
    let (Some(receiver), Some(reply), true) =
        (receiver, reply_service(flow.service, flow.source_port), walk.request_delivered)
    else {
        return;
    };
    let receiver_subnet = subnet_of(network, receiver);
    let reply_leg = (|| {
        walk.tracked_reply(receiver, Direction::Outbound);
        if crosses_subnets {
            walk.network_acl(network, receiver_subnet, Direction::Outbound, from, reply)?;
        }
        walk.local_route(network, receiver_subnet, from)?;
        if crosses_subnets {
            walk.network_acl(network, sender_subnet, Direction::Inbound, to, reply)?;
        }
        walk.tracked_reply(sender, Direction::Inbound);
        Ok(())
    })();
    walk.end_leg(reply_leg);
}

/// From an interface out through its VPC's internet gateway, to a host on the internet
/// or to another interface's public IP.
fn out_to_internet(
    network: &Network,
    ends: &Ends<'_>,
    sender: &NetworkInterface,
    receiver: Option<&NetworkInterface>,
    flow: &Flow,
    walk: &mut Walk,
) {
    let (from, to) = (ends.source_address, ends.destination_address);
    let sender_subnet = subnet_of(network, sender);
    // What the far side sees as the source: the sender's public IP (IPv6 is not translated).
    let from_outside = public_of(sender, from).unwrap_or(from);
    // The receiver answers from the private address behind the public one it was sent to.
    let receiver_private = receiver.map(|r| private_behind(r, to)).unwrap_or(to);
    let request = (|| {
        walk.security_groups(network, sender, Direction::Outbound, to, flow.service)?;
        walk.network_acl(network, sender_subnet, Direction::Outbound, to, flow.service)?;
        let gateway = walk.internet_route(network, sender_subnet, to)?;
        walk.gateway_egress(gateway, sender, from, to)?;
        walk.internet(to)?;
        if let Some(receiver) = receiver {
            walk.gateway_ingress(network, receiver, true, to)?;
            let receiver_subnet = subnet_of(network, receiver);
            walk.network_acl(network, receiver_subnet, Direction::Inbound, from_outside, flow.service)?;
            walk.security_groups(network, receiver, Direction::Inbound, from_outside, flow.service)?;
        }
        Ok(())
    })();
    walk.end_leg(request);
    let (Some(reply), true) = (reply_service(flow.service, flow.source_port), walk.request_delivered) else {
        return;
    };
    let reply_leg = (|| {
        if let Some(receiver) = receiver {
            let receiver_subnet = subnet_of(network, receiver);
            walk.tracked_reply(receiver, Direction::Outbound);
            walk.network_acl(network, receiver_subnet, Direction::Outbound, from_outside, reply)?;
            let gateway = walk.internet_route(network, receiver_subnet, from_outside)?;
            walk.gateway_egress(gateway, receiver, receiver_private, from_outside)?;
        }
        walk.internet(from_outside)?;
        walk.gateway_ingress(network, sender, true, from_outside)?;
        walk.network_acl(network, sender_subnet, Direction::Inbound, to, reply)?;
        walk.tracked_reply(sender, Direction::Inbound);
        Ok(())
    })();
    walk.end_leg(reply_leg);
}

/// From a host on the internet in through the receiver's internet gateway.
fn in_from_internet(
    network: &Network,
    ends: &Ends<'_>,
    receiver: &NetworkInterface,
    addressed_publicly: bool,
    flow: &Flow,
    walk: &mut Walk,
) {
    let (from, to) = (ends.source_address, ends.destination_address);
    let receiver_subnet = subnet_of(network, receiver);
    // The client is on the internet: the first hop that sees the packet is the gateway.
    let request = (|| {
        walk.gateway_ingress(network, receiver, addressed_publicly, to)?;
        walk.network_acl(network, receiver_subnet, Direction::Inbound, from, flow.service)?;
        walk.security_groups(network, receiver, Direction::Inbound, from, flow.service)
    })();
    walk.end_leg(request);
    let (Some(reply), true) = (reply_service(flow.service, flow.source_port), walk.request_delivered) else {
        return;
    };
    let reply_leg = (|| {
        walk.tracked_reply(receiver, Direction::Outbound);
        walk.network_acl(network, receiver_subnet, Direction::Outbound, from, reply)?;
        let gateway = walk.internet_route(network, receiver_subnet, from)?;
        walk.gateway_egress(gateway, receiver, private_behind(receiver, to), from)?;
        walk.internet(from)
    })();
    walk.end_leg(reply_leg);
}
