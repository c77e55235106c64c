//! The evaluator: judges a [`Flow`] against a [`Network`] and returns a [`Verdict`]
//! with the path, the deciding rules and, when blocked, the reason.
//!
//! The contract is `docs/evaluation.md`. An [`Evaluator`] indexes one network once
//! (addresses to interfaces, security group members, each distinct set of groups
//! compiled to one flat rule list) so that judging many flows (the app re-judging every
//! open connection after an edit, a reachability matrix) costs little per flow.

use crate::address::{is_internet_address, not_globally_reachable, SpecialAddress};
use crate::flow::{Endpoint, Flow, FlowError};
use crate::ids::NetworkInterfaceId;
use crate::model::*;
use crate::traffic::{IcmpMatch, PortRange, Service, Traffic};
use crate::verdict::*;
use ipnet::IpNet;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

mod decide;
pub use decide::{BlockedAt, ComponentRef, Decision, Side};

/// Judges one flow against a network. To judge many flows against the same network,
/// build an [`Evaluator`] once.
pub fn evaluate(network: &Network, flow: &Flow) -> Result<Verdict, FlowError> {
    Evaluator::new(network).evaluate(flow)
}

/// AWS service addresses that security groups and network ACLs never filter.
const METADATA: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 254);
const TIME_SYNC: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 123);
const LINK_LOCAL_DNS: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 253);

/// Indexes over one network, built once, to judge many flows.
pub struct Evaluator<'n> {
    net: &'n Network,
    interfaces: Vec<InterfaceInfo>,
    by_interface_id: HashMap<&'n str, usize>,
    by_private_address: HashMap<IpAddr, usize>,
    by_vpc_private_address: HashMap<(usize, IpAddr), usize>,
    /// A public IP → the interface and the private IP it is mapped to.
    by_public_address: HashMap<Ipv4Addr, (usize, Ipv4Addr)>,
    /// For each security group: (VPC index, private address) of every interface it is attached to.
    group_members: Vec<HashSet<(usize, IpAddr)>>,
    /// Distinct sets of security groups, each compiled once.
    rule_sets: Vec<GroupSetRules>,
    /// For each network ACL, its entries in the order they are judged (by rule number),
    /// inbound then outbound: sorted once here rather than for every packet.
    acl_entries: Vec<[Vec<&'n NaclEntry>; 2]>,
    /// Security groups by id, for naming an interface's groups when a sentence needs them.
    by_group_id: HashMap<&'n str, usize>,
    /// Resource names by id (the first of a repeated id, as `Network::resource` finds it):
    /// an interface is named by its resource without a search of the list.
    resource_names: HashMap<&'n str, &'n str>,
}

/// What the evaluator needs to know of an interface, resolved once.
struct InterfaceInfo {
    vpc: Option<usize>,
    subnet: Option<usize>,
    route_table: Option<usize>,
    acl: Option<usize>,
    rule_set: usize,
    // Names (the interface's label, its groups' names) are not kept here: they are
    // written only into the sentences of the few interfaces a flow passes, and making
    // them for every interface up front was most of the cost of a new evaluator.
}

/// The merged rules of one set of security groups, both directions.
struct GroupSetRules {
    inbound: Vec<CompiledRule>,
    outbound: Vec<CompiledRule>,
}

impl GroupSetRules {
    fn direction(&self, direction: Direction) -> &[CompiledRule] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }
}

/// A security group rule with its peer turned into something cheap to test.
struct CompiledRule {
    traffic: Traffic,
    peer: CompiledPeer,
    group: usize,
    rule: usize,
}

enum CompiledPeer {
    V4 {
        first: u32,
        last: u32,
    },
    V6 {
        first: u128,
        last: u128,
    },
    Group(usize),
    /// A group id not in the lab (in a peered VPC, say): matches nothing here.
    UnknownGroup,
    PrefixList(usize),
    UnknownPrefixList,
}

impl CompiledPeer {
    fn of(net: &Network, peer: &Peer, groups: &HashMap<&str, usize>) -> Self {
        match peer {
            Peer::Cidr(IpNet::V4(c)) => {
                CompiledPeer::V4 { first: u32::from(c.network()), last: u32::from(c.broadcast()) }
            }
            Peer::Cidr(IpNet::V6(c)) => {
                CompiledPeer::V6 { first: u128::from(c.network()), last: u128::from(c.broadcast()) }
            }
            Peer::SecurityGroup(id) => {
                groups.get(id.as_str()).map_or(CompiledPeer::UnknownGroup, |&g| CompiledPeer::Group(g))
            }
            Peer::PrefixList(id) => net
                .prefix_lists
                .iter()
                .position(|p| &p.id == id)
                .map_or(CompiledPeer::UnknownPrefixList, CompiledPeer::PrefixList),
        }
    }
}

/// Where a flow's destination is, once resolved.
#[derive(Clone, Copy)]
enum Destination {
    /// An interface at one of its private addresses.
    Private { interface: usize, address: IpAddr },
    /// An interface at its public IPv4 address.
    Public { interface: usize, address: Ipv4Addr, private: Ipv4Addr },
    /// An address inside a VPC that no interface holds.
    NobodyInVpc { vpc: usize, address: IpAddr },
    /// An address that security groups and network ACLs never filter.
    NotFiltered { address: IpAddr, what: &'static str },
    /// A host on the internet.
    Internet(IpAddr),
}

impl Destination {
    /// The interface at this end, when it is one.
    fn interface(self) -> Option<usize> {
        match self {
            Destination::Private { interface, .. } | Destination::Public { interface, .. } => Some(interface),
            _ => None,
        }
    }

    fn address(self) -> IpAddr {
        match self {
            Destination::Private { address, .. }
            | Destination::NobodyInVpc { address, .. }
            | Destination::NotFiltered { address, .. }
            | Destination::Internet(address) => address,
            Destination::Public { address, .. } => IpAddr::V4(address),
        }
    }
}

/// The outcome of judging one packet at a security group hop.
struct SgDecision {
    hop: Hop,
    /// Index of the matching compiled rule, when allowed.
    allowed_by: Option<usize>,
}

/// A leg (request or reply) being walked.
struct LegWalk {
    direction: LegDirection,
    hops: Vec<Hop>,
    block: Option<(ReasonCode, usize, String)>,
}

impl LegWalk {
    fn new(direction: LegDirection) -> Self {
        LegWalk { direction, hops: Vec::new(), block: None }
    }

    /// Records a hop; returns whether the packet goes on.
    fn push(&mut self, hop: Hop, code_if_blocked: ReasonCode) -> bool {
        let blocked = hop.outcome == HopOutcome::Blocked;
        if blocked && self.block.is_none() {
            self.block = Some((code_if_blocked, self.hops.len(), hop.detail.clone()));
        }
        self.hops.push(hop);
        !blocked
    }

    fn is_blocked(&self) -> bool {
        self.block.is_some()
    }

    fn finish(self) -> (Leg, Option<Blocked>) {
        let blocked = self.block.map(|(code, hop, explanation)| Blocked {
            code,
            leg: self.direction,
            hop,
            component: self.hops.get(hop).map(|h| h.component.clone()).unwrap_or_default(),
            explanation,
        });
        (Leg { direction: self.direction, delivered: blocked.is_none(), hops: self.hops }, blocked)
    }
}

/// A route as the lookup sees it, listed or implicit, borrowing its target.
struct RouteView<'a> {
    destination: IpNet,
    target: &'a RouteTarget,
}

/// How a route table decided.
enum RouteChoice {
    Local,
    InternetGateway(usize),
    Blocked,
}

impl<'n> Evaluator<'n> {
    pub fn new(net: &'n Network) -> Self {
        let by_group_id: HashMap<&str, usize> =
            net.security_groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
        let vpc_index: HashMap<&str, usize> = net.vpcs.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
        let subnet_index: HashMap<&str, usize> =
            net.subnets.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        // Resource names by id (the first of a repeated id, as `Network::resource` finds
        // it): `Network::interface_label` searches the list, once per interface.
        let mut resource_names: HashMap<&str, &str> = HashMap::with_capacity(net.resources.len());
        for r in &net.resources {
            resource_names.entry(r.id.as_str()).or_insert(r.name.as_str());
        }

        // A subnet's route table and network ACL, found once per subnet rather than once
        // per interface (each is a search of the tables' associations).
        let subnet_tables: Vec<(Option<usize>, Option<usize>)> = net
            .subnets
            .iter()
            .map(|s| {
                let route_table =
                    net.route_table_for(s).and_then(|t| net.route_tables.iter().position(|x| x.id == t.id));
                let acl = net.network_acl_for(s).and_then(|a| net.network_acls.iter().position(|x| x.id == a.id));
                (route_table, acl)
            })
            .collect();

        let mut interfaces = Vec::with_capacity(net.network_interfaces.len());
        let mut by_interface_id = HashMap::new();
        let mut by_private_address = HashMap::new();
        let mut by_vpc_private_address = HashMap::new();
        let mut by_public_address = HashMap::new();
        let mut group_members = vec![HashSet::new(); net.security_groups.len()];
        let mut rule_sets = Vec::new();
        let mut rule_set_of_groups: HashMap<Vec<usize>, usize> = HashMap::new();

        for (index, eni) in net.network_interfaces.iter().enumerate() {
            let subnet = subnet_index.get(eni.subnet_id.as_str()).copied();
            let subnet_ref = subnet.and_then(|s| net.subnets.get(s));
            let vpc = subnet_ref.and_then(|s| vpc_index.get(s.vpc_id.as_str()).copied());
            let (route_table, acl) = subnet.and_then(|s| subnet_tables.get(s).copied()).unwrap_or((None, None));

            let groups: Vec<usize> =
                eni.security_groups.iter().filter_map(|g| by_group_id.get(g.as_str()).copied()).collect();
            for &g in &groups {
                if let (Some(v), Some(members)) = (vpc, group_members.get_mut(g)) {
                    for p in &eni.private_ips {
                        members.insert((v, IpAddr::V4(p.address)));
                    }
                    for a in &eni.ipv6_addresses {
                        members.insert((v, IpAddr::V6(*a)));
                    }
                }
            }
            let rule_set = *rule_set_of_groups.entry(groups.clone()).or_insert_with(|| {
                rule_sets.push(GroupSetRules {
                    inbound: compile(net, &groups, Direction::Inbound, &by_group_id),
                    outbound: compile(net, &groups, Direction::Outbound, &by_group_id),
                });
                rule_sets.len() - 1
            });

            by_interface_id.entry(eni.id.as_str()).or_insert(index);
            for address in eni
                .private_ips
                .iter()
                .map(|p| IpAddr::V4(p.address))
                .chain(eni.ipv6_addresses.iter().map(|a| IpAddr::V6(*a)))
            {
                if let Some(v) = vpc {
                    by_vpc_private_address.entry((v, address)).or_insert(index);
                }
            }
            for p in &eni.private_ips {
                by_private_address.entry(IpAddr::V4(p.address)).or_insert(index);
                if let Some(public) = p.public_ip {
                    by_public_address.entry(public).or_insert((index, p.address));
                }
            }
            for a in &eni.ipv6_addresses {
                by_private_address.entry(IpAddr::V6(*a)).or_insert(index);
            }
            interfaces.push(InterfaceInfo { vpc, subnet, route_table, acl, rule_set });
        }
        let acl_entries = net
            .network_acls
            .iter()
            .map(|acl| [entries_in_order(&acl.inbound), entries_in_order(&acl.outbound)])
            .collect();

        Evaluator {
            net,
            interfaces,
            by_interface_id,
            by_private_address,
            by_vpc_private_address,
            by_public_address,
            group_members,
            rule_sets,
            acl_entries,
            by_group_id,
            resource_names,
        }
    }

    /// Judges one flow.
    pub fn evaluate(&self, flow: &Flow) -> Result<Verdict, FlowError> {
        let source = self.resolve_source(&flow.source)?;
        let destination = self.resolve_destination(source, flow)?;
        let dst_address = destination.address();

        let src_address = match source {
            Source::Interface(i) => self.source_address(i, &flow.source, dst_address)?,
            Source::Outside(a) => {
                if !matches!(destination, Destination::Private { .. } | Destination::Public { .. }) {
                    return Err(FlowError::NeitherEndInLab(a.to_string(), dst_address.to_string()));
                }
                a
            }
        };
        if src_address.is_ipv4() != dst_address.is_ipv4() {
            return Err(FlowError::MixedAddressFamilies(src_address, dst_address));
        }
        match (flow.service, dst_address) {
            (Service::Icmp { .. }, IpAddr::V6(_)) => return Err(FlowError::IcmpOverIpv6(dst_address)),
            (Service::Icmpv6 { .. }, IpAddr::V4(_)) => return Err(FlowError::Icmpv6OverIpv4(dst_address)),
            _ => {}
        }

        let request_packet = Packet {
            source: src_address,
            destination: dst_address,
            source_port: flow.service.port().map(|_| flow.source_port),
            service: flow.service,
        };
        let source_view = self.source_view(source, src_address);
        let destination_view = self.destination_view(destination);

        let mut tracking = Vec::new();
        let (request, reply, blocked) = match (source, destination) {
            (Source::Interface(_), Destination::NotFiltered { what, .. }) => {
                let hop = Hop {
                    security_groups: Vec::new(),
                    kind: HopKind::NotFiltered,
                    component: what_component(what),
                    packet: request_packet,
                    outcome: HopOutcome::Allowed,
                    rule: None,
                    detail: format!("Traffic to {what} is never filtered by security groups or network ACLs."),
                };
                (Leg { direction: LegDirection::Request, delivered: true, hops: vec![hop] }, None, None)
            }
            (Source::Interface(s), Destination::Private { interface: d, .. }) if s == d => {
                let hop = Hop {
                    security_groups: Vec::new(),
                    kind: HopKind::NotFiltered,
                    component: self.eni(s).id.to_string(),
                    packet: request_packet,
                    outcome: HopOutcome::Allowed,
                    rule: None,
                    detail: format!(
                        "{} is talking to its own address: the traffic never leaves the host, so nothing filters it.",
                        self.label(s)
                    ),
                };
                (Leg { direction: LegDirection::Request, delivered: true, hops: vec![hop] }, None, None)
            }
            _ => self.walk(source, destination, request_packet, &mut tracking),
        };

        let allowed = request.delivered && reply.as_ref().is_none_or(|r| r.delivered);
        let summary =
            summarize(&source_view, &destination_view, flow.service, allowed, reply.is_some(), blocked.as_ref());
        Ok(Verdict {
            allowed,
            flow: flow.clone(),
            source: source_view,
            destination: destination_view,
            request,
            reply,
            blocked,
            tracking,
            summary,
        })
    }

    /// Walks the request and, if it was delivered, the reply.
    fn walk(
        &self,
        source: Source,
        destination: Destination,
        request_packet: Packet,
        tracking: &mut Vec<Tracking>,
    ) -> (Leg, Option<Leg>, Option<Blocked>) {
        let mut request = LegWalk::new(LegDirection::Request);
        // Security group decisions that allowed the request, for tracking and replies.
        let mut source_sg: Option<usize> = None;
        let mut destination_sg: Option<usize> = None;
        // The packet as it finally arrives (its source may have been translated).
        let mut arriving = request_packet;

        let source_interface = match source {
            Source::Interface(i) => Some(i),
            Source::Outside(_) => None,
        };
        let destination_interface = destination.interface();

        // Leaving the source interface.
        if let Some(s) = source_interface {
            let decision = self.security_groups(s, Direction::Outbound, request_packet);
            let code = self.no_match_code(s, Direction::Outbound);
            let ok = request.push(decision.hop, code);
            if ok {
                source_sg = decision.allowed_by.map(|_| s);
            }
            let source_subnet = self.interfaces[s].subnet.and_then(|i| self.net.subnets.get(i));
            let crosses_subnet = match destination {
                Destination::Private { interface: d, .. } => self.interfaces[d].subnet != self.interfaces[s].subnet,
                Destination::NobodyInVpc { address: IpAddr::V4(a), .. } => {
                    !source_subnet.is_some_and(|n| n.cidr_block.contains(&a))
                }
                Destination::NobodyInVpc { address: IpAddr::V6(a), .. } => {
                    !source_subnet.is_some_and(|n| n.ipv6_cidr_block.is_some_and(|c| c.contains(&a)))
                }
                _ => true,
            };
            if ok && crosses_subnet {
                self.network_acl_hop(&mut request, s, Direction::Outbound, request_packet);
            }
            if !request.is_blocked() {
                match self.route(&mut request, s, request_packet) {
                    Some(RouteChoice::Local) => match destination {
                        Destination::Private { .. } => {}
                        Destination::NobodyInVpc { vpc, address } => {
                            let hop = Hop {
                                security_groups: Vec::new(),
                                kind: HopKind::RouteTable,
                                component: self.net.vpcs.get(vpc).map(|v| v.id.to_string()).unwrap_or_default(),
                                packet: request_packet,
                                outcome: HopOutcome::Blocked,
                                rule: None,
                                detail: format!("No network interface in the VPC has the address {address}, so nothing receives it."),
                            };
                            request.push(hop, ReasonCode::NoInterfaceAtDestination);
                        }
                        // A public or internet address routed locally: a more specific
                        // route than the internet's covers it; nothing in the VPC holds it.
                        _ => {
                            let hop = Hop {
                                security_groups: Vec::new(),
                                kind: HopKind::RouteTable,
                                component: self.vpc_id(s),
                                packet: request_packet,
                                outcome: HopOutcome::Blocked,
                                rule: None,
                                detail: format!(
                                    "The local route covers {}, but no network interface in the VPC has that address.",
                                    request_packet.destination
                                ),
                            };
                            request.push(hop, ReasonCode::NoInterfaceAtDestination);
                        }
                    },
                    Some(RouteChoice::InternetGateway(igw)) => {
                        if let Some(translated) = self.igw_egress(&mut request, s, igw, request_packet) {
                            arriving = translated;
                            self.internet_hop(&mut request, translated);
                            if let Destination::NobodyInVpc { address, .. } = destination {
                                if !request.is_blocked() {
                                    let hop = Hop {
                                        security_groups: Vec::new(),
                                        kind: HopKind::Internet,
                                        component: "internet".into(),
                                        packet: translated,
                                        outcome: HopOutcome::Blocked,
                                        rule: None,
                                        detail: format!(
                                            "No network interface has the address {address}, so nothing receives it."
                                        ),
                                    };
                                    request.push(hop, ReasonCode::NoInterfaceAtDestination);
                                }
                            }
                        }
                    }
                    Some(RouteChoice::Blocked) | None => {}
                }
            }
        }

        // Coming in from the internet (a host, or another interface's public IP).
        let from_internet = source_interface.is_none() || request.hops.iter().any(|h| h.kind == HopKind::Internet);
        if !request.is_blocked() {
            if let Some(d) = destination_interface {
                if from_internet {
                    if let Some(translated) = self.igw_ingress(&mut request, d, destination, arriving) {
                        arriving = translated;
                    }
                }
                if !request.is_blocked() {
                    let crosses_subnet = match source_interface {
                        Some(s) => from_internet || self.interfaces[s].subnet != self.interfaces[d].subnet,
                        None => true,
                    };
                    if crosses_subnet {
                        self.network_acl_hop(&mut request, d, Direction::Inbound, arriving);
                    }
                }
                if !request.is_blocked() {
                    let decision = self.security_groups(d, Direction::Inbound, arriving);
                    let code = self.no_match_code(d, Direction::Inbound);
                    if request.push(decision.hop, code) {
                        destination_sg = decision.allowed_by.map(|_| d);
                    }
                }
            }
        }

        let (request_leg, request_block) = request.finish();
        if !request_leg.delivered {
            return (request_leg, None, request_block);
        }

        for (interface, direction, remote) in [
            source_sg.map(|i| (i, Direction::Outbound, request_packet.destination)),
            destination_sg.map(|i| (i, Direction::Inbound, arriving.source)),
        ]
        .into_iter()
        .flatten()
        {
            tracking.push(self.tracking(interface, direction, remote, request_packet.service));
        }

        let Some(reply_service) = reply_service(request_packet.service, request_packet.source_port) else {
            return (request_leg, None, None);
        };
        let via_internet =
            request_leg.hops.iter().any(|h| matches!(h.kind, HopKind::Internet | HopKind::InternetGatewayIngress));
        let reply_leg = self.walk_reply(source_interface, destination, arriving, reply_service, via_internet, tracking);
        let (reply_leg, reply_block) = reply_leg.finish();
        (request_leg, Some(reply_leg), reply_block)
    }

    /// The reply travels from the destination back to the source. `arriving` is the
    /// request as it reached the destination (its source possibly translated).
    fn walk_reply(
        &self,
        source_interface: Option<usize>,
        destination: Destination,
        arriving: Packet,
        service: Service,
        via_internet: bool,
        tracking: &[Tracking],
    ) -> LegWalk {
        let mut reply = LegWalk::new(LegDirection::Reply);
        let reply_port = arriving.service.port();
        let mut packet =
            Packet { source: arriving.destination, destination: arriving.source, source_port: reply_port, service };
        let destination_interface = destination.interface();

        if let Some(d) = destination_interface {
            reply.push(self.tracked_reply(d, Direction::Outbound, packet, tracking), ReasonCode::EniSgRulesMismatch);
            let crosses_subnet = match source_interface {
                Some(s) => via_internet || self.interfaces[s].subnet != self.interfaces[d].subnet,
                None => true,
            };
            if crosses_subnet {
                self.network_acl_hop(&mut reply, d, Direction::Outbound, packet);
            }
            if !reply.is_blocked() {
                match self.route(&mut reply, d, packet) {
                    Some(RouteChoice::InternetGateway(igw)) if via_internet => {
                        if let Some(translated) = self.igw_egress(&mut reply, d, igw, packet) {
                            packet = translated;
                            self.internet_hop(&mut reply, packet);
                        }
                    }
                    Some(RouteChoice::Local) if !via_internet => {}
                    Some(RouteChoice::Local) | Some(RouteChoice::InternetGateway(_)) => {
                        // The reply's route does not lead back the way the request came.
                        let hop = Hop {
                            security_groups: Vec::new(),
                            kind: HopKind::RouteTable,
                            component: self.route_table_id(d),
                            packet,
                            outcome: HopOutcome::Blocked,
                            rule: None,
                            detail: format!(
                                "The reply to {} is routed away from where the request came from.",
                                packet.destination
                            ),
                        };
                        reply.push(hop, ReasonCode::NoRouteToDestination);
                    }
                    Some(RouteChoice::Blocked) | None => {}
                }
            }
        } else {
            // The destination is an internet host: it answers, and the internet carries the reply.
            self.internet_hop(&mut reply, packet);
        }

        if reply.is_blocked() {
            return reply;
        }
        if let Some(s) = source_interface {
            if via_internet {
                let to_source = Destination::Public {
                    interface: s,
                    address: match packet.destination {
                        IpAddr::V4(a) => a,
                        IpAddr::V6(_) => Ipv4Addr::UNSPECIFIED,
                    },
                    private: self.eni(s).primary_private_ip().unwrap_or(Ipv4Addr::UNSPECIFIED),
                };
                let to_source = if packet.destination.is_ipv6() {
                    Destination::Private { interface: s, address: packet.destination }
                } else {
                    to_source
                };
                match self.igw_ingress(&mut reply, s, to_source, packet) {
                    Some(translated) => packet = translated,
                    None => return reply,
                }
            }
            let crosses_subnet = match destination_interface {
                Some(d) => via_internet || self.interfaces[s].subnet != self.interfaces[d].subnet,
                None => true,
            };
            if crosses_subnet {
                self.network_acl_hop(&mut reply, s, Direction::Inbound, packet);
            }
            if !reply.is_blocked() {
                reply.push(self.tracked_reply(s, Direction::Inbound, packet, tracking), ReasonCode::EniSgRulesMismatch);
            }
        }
        reply
    }

    // ----- resolution -----

    fn resolve_source(&self, endpoint: &Endpoint) -> Result<Source, FlowError> {
        match endpoint {
            Endpoint::Interface(id) => self.interface_by_id(id).map(Source::Interface),
            Endpoint::Resource(id) => self.resource_interface(id.as_str()).map(Source::Interface),
            Endpoint::Address(address) => {
                if let Some(&i) = self.by_private_address.get(address) {
                    return Ok(Source::Interface(i));
                }
                if let IpAddr::V4(a) = address {
                    if let Some(&(i, _)) = self.by_public_address.get(a) {
                        return Ok(Source::Interface(i));
                    }
                }
                if self.net.vpcs.iter().any(|v| v.contains(*address)) {
                    return Err(FlowError::NoSourceAtAddress(*address));
                }
                if !is_internet_address(*address) {
                    return Err(FlowError::NotAnInternetAddress(*address));
                }
                Ok(Source::Outside(*address))
            }
        }
    }

    fn resolve_destination(&self, source: Source, flow: &Flow) -> Result<Destination, FlowError> {
        let source_vpc = match source {
            Source::Interface(i) => self.interfaces[i].vpc,
            Source::Outside(_) => None,
        };
        // A source typed as an IPv6 address asks for IPv6 at the other end too.
        let wants_ipv6 = matches!(flow.source, Endpoint::Address(IpAddr::V6(_)));
        let interface_destination = |d: usize| -> Result<Destination, FlowError> {
            let eni = self.eni(d);
            if wants_ipv6 {
                return eni
                    .ipv6_addresses
                    .first()
                    .map(|a| Destination::Private { interface: d, address: IpAddr::V6(*a) })
                    .ok_or_else(|| FlowError::NoIpv6Address {
                        interface: eni.id.to_string(),
                        peer: match source {
                            Source::Outside(a) => a,
                            Source::Interface(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                        },
                    });
            }
            let private = eni.primary_private_ip().unwrap_or(Ipv4Addr::UNSPECIFIED);
            let same_vpc = source_vpc.is_some() && source_vpc == self.interfaces[d].vpc;
            match eni.public_ip() {
                Some(public) if !same_vpc => Ok(Destination::Public { interface: d, address: public, private }),
                _ => Ok(Destination::Private { interface: d, address: IpAddr::V4(private) }),
            }
        };
        match &flow.destination {
            Endpoint::Interface(id) => interface_destination(self.interface_by_id(id)?),
            Endpoint::Resource(id) => interface_destination(self.resource_interface(id.as_str())?),
            Endpoint::Address(address) => {
                // Inside the source's own VPC, only its interfaces count (VPCs may overlap).
                if let Some(vpc) = source_vpc.filter(|&v| self.net.vpcs.get(v).is_some_and(|v| v.contains(*address))) {
                    if let Some(&d) = self.by_vpc_private_address.get(&(vpc, *address)) {
                        return Ok(Destination::Private { interface: d, address: *address });
                    }
                    if let Source::Interface(s) = source {
                        if let Some(what) = self.not_filtered(s, *address, flow.service) {
                            return Ok(Destination::NotFiltered { address: *address, what });
                        }
                    }
                    return Ok(Destination::NobodyInVpc { vpc, address: *address });
                }
                if let Some(&d) = self.by_private_address.get(address) {
                    return Ok(Destination::Private { interface: d, address: *address });
                }
                if let IpAddr::V4(a) = address {
                    if let Some(&(d, private)) = self.by_public_address.get(a) {
                        return Ok(Destination::Public { interface: d, address: *a, private });
                    }
                }
                if let Source::Interface(s) = source {
                    if let Some(what) = self.not_filtered(s, *address, flow.service) {
                        return Ok(Destination::NotFiltered { address: *address, what });
                    }
                }
                if let Some(vpc) = self.net.vpcs.iter().position(|v| v.contains(*address)) {
                    return Ok(Destination::NobodyInVpc { vpc, address: *address });
                }
                Ok(Destination::Internet(*address))
            }
        }
    }

    /// The address an interface sends from to reach `destination`.
    /// A source typed as one of the interface's private addresses sends from that
    /// address; otherwise from the primary private IPv4 or the first IPv6 address.
    fn source_address(&self, interface: usize, typed: &Endpoint, destination: IpAddr) -> Result<IpAddr, FlowError> {
        let eni = self.eni(interface);
        if let Endpoint::Address(a) = typed {
            if eni.has_private_address(*a) && a.is_ipv4() == destination.is_ipv4() {
                return Ok(*a);
            }
        }
        match destination {
            IpAddr::V4(_) => Ok(IpAddr::V4(eni.primary_private_ip().unwrap_or(Ipv4Addr::UNSPECIFIED))),
            IpAddr::V6(_) => eni
                .ipv6_addresses
                .first()
                .map(|a| IpAddr::V6(*a))
                .ok_or_else(|| FlowError::NoIpv6Address { interface: eni.id.to_string(), peer: destination }),
        }
    }

    /// Is this an address that security groups never filter, seen from this interface?
    fn not_filtered(&self, interface: usize, address: IpAddr, service: Service) -> Option<&'static str> {
        match address {
            IpAddr::V4(a) if a == METADATA => Some("the instance metadata service (169.254.169.254)"),
            IpAddr::V4(a) if a == TIME_SYNC => Some("the Amazon Time Sync Service (169.254.169.123)"),
            IpAddr::V4(a) if a == LINK_LOCAL_DNS => Some("the Amazon DNS server (169.254.169.253)"),
            IpAddr::V4(a) if a.is_loopback() => Some("the loopback address, which never leaves the host"),
            IpAddr::V6(a) if a.is_loopback() => Some("the loopback address, which never leaves the host"),
            IpAddr::V4(a) => {
                let vpc = self.interfaces[interface].vpc.and_then(|v| self.net.vpcs.get(v))?;
                let is_dns_port = matches!(service, Service::Udp { port: 53 } | Service::Tcp { port: 53 });
                (vpc.dns_server() == Some(a) && is_dns_port).then_some("the VPC's Amazon DNS server (VPC base + 2)")
            }
            IpAddr::V6(_) => None,
        }
    }

    fn interface_by_id(&self, id: &NetworkInterfaceId) -> Result<usize, FlowError> {
        self.by_interface_id.get(id.as_str()).copied().ok_or_else(|| FlowError::UnknownInterface(id.to_string()))
    }

    fn resource_interface(&self, id: &str) -> Result<usize, FlowError> {
        if let Some(i) =
            self.net.network_interfaces.iter().position(|n| n.resource_id.as_ref().is_some_and(|r| r.as_str() == id))
        {
            return Ok(i);
        }
        if self.net.resources.iter().any(|r| r.id.as_str() == id) {
            Err(FlowError::ResourceWithoutInterface(id.to_owned()))
        } else {
            Err(FlowError::UnknownEndpoint(id.to_owned()))
        }
    }

    // ----- hops -----

    /// Judges a packet at an interface's security groups, in one direction.
    fn security_groups(&self, interface: usize, direction: Direction, packet: Packet) -> SgDecision {
        let rules = self.rule_set(interface).direction(direction);
        let remote = match direction {
            Direction::Inbound => packet.source,
            Direction::Outbound => packet.destination,
        };
        let vpc = self.interfaces[interface].vpc;
        let found =
            rules.iter().position(|r| r.traffic.matches(packet.service) && self.peer_matches(&r.peer, remote, vpc));
        let kind = security_groups_hop(direction);
        let to_from = match direction {
            Direction::Inbound => "from",
            Direction::Outbound => "to",
        };
        let label = self.label(interface);
        let groups = group_names(&self.groups(interface));
        let (outcome, rule, detail) = match found.and_then(|i| rules.get(i)) {
            Some(r) => {
                let group = &self.net.security_groups[r.group];
                let rule = &group.rules(direction)[r.rule];
                (
                    HopOutcome::Allowed,
                    Some(RuleRef::SecurityGroupRule { group_id: group.id.clone(), rule_id: rule.id.clone() }),
                    format!(
                        "{} rule {} of {} ({}) allows {} {} {}.",
                        capitalize(direction.as_str()),
                        rule.id,
                        group.name,
                        group.id,
                        rule.traffic,
                        to_from,
                        peer_text(self.net, &rule.peer)
                    ),
                )
            }
            None if rules.is_empty() => (
                HopOutcome::Blocked,
                None,
                match direction {
                    Direction::Outbound => format!(
                        "The security groups of {label}, {groups}, have no outbound rules, so it cannot start any connection. Replies to connections it accepts still leave: security groups are stateful."
                    ),
                    Direction::Inbound => format!(
                        "The security groups of {label}, {groups}, have no inbound rules, so nothing can connect to it."
                    ),
                },
            ),
            None => (
                HopOutcome::Blocked,
                None,
                format!(
                    "No {} rule of {label}'s security groups, {groups}, allows {} {to_from} {remote}; whatever no rule allows is denied.",
                    direction.as_str(),
                    packet.service
                ),
            ),
        };
        let security_groups = self.groups(interface);
        SgDecision {
            hop: Hop {
                security_groups,
                kind,
                component: self.eni(interface).id.to_string(),
                packet,
                outcome,
                rule,
                detail,
            },
            allowed_by: found,
        }
    }

    fn no_match_code(&self, interface: usize, direction: Direction) -> ReasonCode {
        if self.rule_set(interface).direction(direction).is_empty() {
            ReasonCode::SgHasNoRules
        } else {
            ReasonCode::EniSgRulesMismatch
        }
    }

    fn peer_matches(&self, peer: &CompiledPeer, address: IpAddr, vpc: Option<usize>) -> bool {
        match (peer, address) {
            (CompiledPeer::V4 { first, last }, IpAddr::V4(a)) => {
                let a = u32::from(a);
                *first <= a && a <= *last
            }
            (CompiledPeer::V6 { first, last }, IpAddr::V6(a)) => {
                let a = u128::from(a);
                *first <= a && a <= *last
            }
            (CompiledPeer::Group(g), a) => {
                vpc.is_some_and(|v| self.group_members.get(*g).is_some_and(|m| m.contains(&(v, a))))
            }
            (CompiledPeer::PrefixList(p), a) => {
                self.net.prefix_lists.get(*p).is_some_and(|l| l.cidrs.iter().any(|c| c.contains(&a)))
            }
            _ => false,
        }
    }

    /// A reply passing an interface's security groups: by connection tracking, or for an
    /// untracked flow, by the rule for all traffic in the reply's direction.
    fn tracked_reply(&self, interface: usize, direction: Direction, packet: Packet, tracking: &[Tracking]) -> Hop {
        let eni = self.eni(interface);
        let untracked = tracking.iter().any(|t| t.interface == eni.id && !t.tracked);
        let kind = security_groups_hop(direction);
        let reverse_rule = untracked
            .then(|| {
                let rules = self.rule_set(interface).direction(direction);
                rules.iter().find(|r| is_reverse_all_rule(r, packet.destination.is_ipv4(), packet.service)).map(|r| {
                    let group = &self.net.security_groups[r.group];
                    RuleRef::SecurityGroupRule {
                        group_id: group.id.clone(),
                        rule_id: group.rules(direction)[r.rule].id.clone(),
                    }
                })
            })
            .flatten();
        match reverse_rule {
            Some(rule) => Hop {
                security_groups: self.groups(interface),
                kind,
                component: eni.id.to_string(),
                packet,
                outcome: HopOutcome::Allowed,
                detail: format!(
                    "The reply is allowed by a rule for all traffic ({}): this flow is not tracked.",
                    match &rule {
                        RuleRef::SecurityGroupRule { rule_id, .. } => rule_id.to_string(),
                        _ => String::new(),
                    }
                ),
                rule: Some(rule),
            },
            None => Hop {
                security_groups: self.groups(interface),
                kind,
                component: eni.id.to_string(),
                packet,
                outcome: HopOutcome::AllowedByTracking,
                rule: None,
                detail: format!(
                    "The reply passes {}'s security groups by connection tracking: they are stateful, so the reply to an allowed request is allowed whatever the {} rules say.",
                    self.label(interface),
                    direction.as_str()
                ),
            },
        }
    }

    fn tracking(&self, interface: usize, direction: Direction, remote: IpAddr, service: Service) -> Tracking {
        let eni = self.eni(interface);
        let rules = self.rule_set(interface);
        let ipv4 = remote.is_ipv4();
        let tracked = |reason: String| Tracking { interface: eni.id.clone(), tracked: true, reason };
        if !matches!(service, Service::Tcp { .. } | Service::Udp { .. }) {
            return tracked(format!("{} connections are always tracked.", service.protocol().display_name()));
        }
        let vpc = self.interfaces[interface].vpc;
        let allowing_anywhere = rules.direction(direction).iter().find(|r| {
            r.traffic.matches(service) && self.peer_matches(&r.peer, remote, vpc) && is_anywhere(&r.peer, ipv4)
        });
        let Some(_anywhere_rule) = allowing_anywhere else {
            return tracked(format!(
                "Tracked: the {} rule that allows it is not for {}.",
                direction.as_str(),
                if ipv4 { "0.0.0.0/0" } else { "::/0" }
            ));
        };
        let opposite = match direction {
            Direction::Inbound => Direction::Outbound,
            Direction::Outbound => Direction::Inbound,
        };
        if rules.direction(opposite).iter().any(|r| is_reverse_all_rule(r, ipv4, service)) {
            Tracking {
                interface: eni.id.clone(),
                tracked: false,
                reason: format!(
                    "Untracked: it is allowed {} {} and the {} rules allow all traffic {} {}; removing the rule cuts it at once.",
                    if direction == Direction::Outbound { "to" } else { "from" },
                    if ipv4 { "0.0.0.0/0" } else { "::/0" },
                    opposite.as_str(),
                    if opposite == Direction::Outbound { "to" } else { "from" },
                    if ipv4 { "0.0.0.0/0" } else { "::/0" }
                ),
            }
        } else {
            tracked(format!(
                "Tracked: the {} rules do not allow all traffic for {}.",
                opposite.as_str(),
                if ipv4 { "0.0.0.0/0" } else { "::/0" }
            ))
        }
    }

    /// Judges a packet at the network ACL of an interface's subnet.
    fn network_acl_hop(&self, leg: &mut LegWalk, interface: usize, direction: Direction, packet: Packet) {
        let Some(acl) = self.interfaces[interface].acl.and_then(|a| self.net.network_acls.get(a)) else {
            // A subnet with no ACL at all cannot exist in AWS (it falls back to the
            // default ACL); an imported lab without one is treated as allowing.
            return;
        };
        let ordered = self.interfaces[interface].acl.and_then(|a| self.acl_entries.get(a));
        let (entries, remote, kind, to_from) = match direction {
            Direction::Inbound => (ordered.map(|o| &o[0]), packet.source, HopKind::NetworkAclInbound, "from"),
            Direction::Outbound => (ordered.map(|o| &o[1]), packet.destination, HopKind::NetworkAclOutbound, "to"),
        };
        let decision = nacl_decide(entries.map(Vec::as_slice).unwrap_or_default(), remote, packet.service);
        let (outcome, rule_number, action, text) = match decision {
            Some(entry) => (
                if entry.action == RuleAction::Allow { HopOutcome::Allowed } else { HopOutcome::Blocked },
                Some(entry.rule_number),
                entry.action,
                format!(
                    "Rule {} of {} ({}) {} {} {to_from} {}.",
                    entry.rule_number,
                    acl.id,
                    direction.as_str(),
                    if entry.action == RuleAction::Allow { "allows" } else { "denies" },
                    entry.traffic,
                    entry.cidr
                ),
            ),
            None => (
                HopOutcome::Blocked,
                None,
                RuleAction::Deny,
                format!(
                    "Rule * of {} ({}) denies it: no numbered rule matches {} {to_from} {remote}.",
                    acl.id,
                    direction.as_str(),
                    packet.service
                ),
            ),
        };
        let mut detail = text;
        if outcome == HopOutcome::Blocked && leg.direction == LegDirection::Reply {
            if let Some(port) = packet.service.port() {
                detail.push_str(&format!(
                    " Network ACLs are stateless: the reply to port {port} must be allowed by its own rule, usually one for the ephemeral ports 1024-65535."
                ));
            }
        }
        let hop = Hop {
            security_groups: Vec::new(),
            kind,
            component: acl.id.to_string(),
            packet,
            outcome,
            rule: Some(RuleRef::NetworkAclEntry { acl_id: acl.id.clone(), rule_number, action }),
            detail,
        };
        leg.push(hop, ReasonCode::SubnetAclRestriction);
    }

    /// Looks up the route for `destination` in an interface's subnet's route table.
    /// Records a hop; returns `None` when the packet was stopped here.
    fn route(&self, leg: &mut LegWalk, interface: usize, packet: Packet) -> Option<RouteChoice> {
        let destination = packet.destination;
        let info = &self.interfaces[interface];
        let vpc = info.vpc.and_then(|v| self.net.vpcs.get(v));
        let table = info.route_table.and_then(|t| self.net.route_tables.get(t));
        let component = table.map(|t| t.id.to_string()).unwrap_or_default();

        // Longest prefix match; every VPC CIDR has a local route, listed or not. Routes
        // are (destination, target) pairs borrowed from the table, not cloned: a route
        // lookup happens on every leg of every flow. Listed routes come first, so on a
        // tie the implicit local route wins (`max_by_key` keeps the last maximum).
        static LOCAL: RouteTarget = RouteTarget::Local;
        let implicit_local = vpc.into_iter().flat_map(|v| {
            v.cidr_blocks
                .iter()
                .map(|c| IpNet::V4(*c))
                .chain(v.ipv6_cidr_blocks.iter().map(|c| IpNet::V6(*c)))
                .map(|destination| RouteView { destination, target: &LOCAL })
        });
        let listed = table
            .map(|t| t.routes.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|r| RouteView { destination: r.destination, target: &r.target });
        let best = listed
            .chain(implicit_local)
            .filter(|r| r.destination.contains(&destination))
            .max_by_key(|r| r.destination.prefix_len());

        let route_ref = |r: &RouteView| RuleRef::Route {
            route_table_id: table.map(|t| t.id.clone()).unwrap_or_else(|| crate::ids::RouteTableId::new("")),
            destination: r.destination,
            target: target_text(r.target),
        };
        let Some(route) = best else {
            let only = table
                .map(|t| {
                    t.routes
                        .iter()
                        .map(|r| format!("{} → {}", r.destination, target_text(&r.target)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let hop = Hop {
                security_groups: Vec::new(),
                kind: HopKind::RouteTable,
                component,
                packet,
                outcome: HopOutcome::Blocked,
                rule: None,
                detail: format!(
                    "Route table {} has no route to {destination} (its routes: {only}). Without a route to an internet gateway, the subnet is private.",
                    table.map(|t| t.id.to_string()).unwrap_or_default()
                ),
            };
            leg.push(hop, ReasonCode::NoRouteToDestination);
            return None;
        };
        let (outcome, choice, code, detail) = match route.target {
            RouteTarget::Local => (
                HopOutcome::Allowed,
                RouteChoice::Local,
                ReasonCode::NoRouteToDestination,
                format!("Route {} → local: {destination} is inside the VPC.", route.destination),
            ),
            RouteTarget::InternetGateway(igw) => {
                let attached = self
                    .net
                    .internet_gateways
                    .iter()
                    .position(|g| &g.id == igw && g.vpc_id.is_some() && g.vpc_id.as_ref() == vpc.map(|v| &v.id));
                match attached {
                    Some(g) => (
                        HopOutcome::Allowed,
                        RouteChoice::InternetGateway(g),
                        ReasonCode::NoRouteToDestination,
                        format!("Route {} → {igw}: to the internet gateway.", route.destination),
                    ),
                    None => (
                        HopOutcome::Blocked,
                        RouteChoice::Blocked,
                        ReasonCode::BadStateRoute,
                        format!(
                            "Route {} → {igw} is a blackhole: that internet gateway is not attached to this VPC.",
                            route.destination
                        ),
                    ),
                }
            }
            RouteTarget::Blackhole { id } => (
                HopOutcome::Blocked,
                RouteChoice::Blocked,
                ReasonCode::BadStateRoute,
                format!(
                    "Route {} → {id} is a blackhole: its target no longer exists, so the traffic is dropped.",
                    route.destination
                ),
            ),
            RouteTarget::Other { id } => (
                HopOutcome::Blocked,
                RouteChoice::Blocked,
                ReasonCode::UnsupportedRouteTarget,
                format!("Route {} → {id}: the lab does not simulate what lies beyond {id}.", route.destination),
            ),
        };
        let hop = Hop {
            security_groups: Vec::new(),
            kind: HopKind::RouteTable,
            component,
            packet,
            outcome,
            rule: Some(route_ref(&route)),
            detail,
        };
        if leg.push(hop, code) {
            Some(choice)
        } else {
            None
        }
    }

    /// Leaving through the internet gateway: the private source becomes the public IP.
    fn igw_egress(&self, leg: &mut LegWalk, interface: usize, igw: usize, packet: Packet) -> Option<Packet> {
        let gateway = self.net.internet_gateways.get(igw).map(|g| g.id.to_string()).unwrap_or_default();
        let eni = self.eni(interface);
        let translated_source = match packet.source {
            IpAddr::V6(a) => Some(IpAddr::V6(a)),
            IpAddr::V4(a) => eni.private_ips.iter().find(|p| p.address == a).and_then(|p| p.public_ip).map(IpAddr::V4),
        };
        let Some(public) = translated_source else {
            let hop = Hop {
                security_groups: Vec::new(),
                kind: HopKind::InternetGatewayEgress,
                component: gateway.clone(),
                packet,
                outcome: HopOutcome::Blocked,
                rule: None,
                detail: format!(
                    "{} has no public IPv4 address, so {gateway} cannot send its traffic to the internet (instances without one reach the internet through a NAT gateway).",
                    self.label(interface)
                ),
            };
            leg.push(hop, ReasonCode::IgwPublicIpAssociationForEgress);
            return None;
        };
        if let Some((code, kind)) = gateway_refuses(packet.destination) {
            let hop = Hop {
                security_groups: Vec::new(),
                kind: HopKind::InternetGatewayEgress,
                component: gateway.clone(),
                packet,
                outcome: HopOutcome::Blocked,
                rule: None,
                detail: format!(
                    "{} is {kind}: the internet does not route it, so {gateway} does not send traffic to it.",
                    packet.destination
                ),
            };
            leg.push(hop, code);
            return None;
        }
        let translated = Packet { source: public, ..packet };
        let detail = if public == packet.source {
            format!("{gateway} passes the IPv6 traffic on unchanged: IPv6 addresses are public.")
        } else {
            format!("{gateway} translates the source {} to the public IP {public}.", packet.source)
        };
        leg.push(
            Hop {
                security_groups: Vec::new(),
                kind: HopKind::InternetGatewayEgress,
                component: gateway,
                packet: translated,
                outcome: HopOutcome::Allowed,
                rule: None,
                detail,
            },
            ReasonCode::IgwPublicIpAssociationForEgress,
        );
        Some(translated)
    }

    fn internet_hop(&self, leg: &mut LegWalk, packet: Packet) {
        let refused = internet_refuses(packet.destination);
        let code = refused.map_or(ReasonCode::DestinationNotGloballyReachable, |(code, _)| code);
        let hop = if let Some((_, kind)) = refused {
            Hop {
                security_groups: Vec::new(),
                kind: HopKind::Internet,
                component: "internet".into(),
                packet,
                outcome: HopOutcome::Blocked,
                rule: None,
                detail: format!("{} is {kind}: the internet does not route it.", packet.destination),
            }
        } else {
            let who = self.outside_label(packet.destination);
            Hop {
                security_groups: Vec::new(),
                kind: HopKind::Internet,
                component: "internet".into(),
                packet,
                outcome: HopOutcome::Allowed,
                rule: None,
                detail: format!("The internet carries it to {who}."),
            }
        };
        leg.push(hop, code);
    }

    /// Entering a VPC through its internet gateway toward an interface: a public
    /// destination becomes the private IP. Returns the translated packet.
    fn igw_ingress(
        &self,
        leg: &mut LegWalk,
        interface: usize,
        destination: Destination,
        packet: Packet,
    ) -> Option<Packet> {
        let vpc = self.interfaces[interface].vpc.and_then(|v| self.net.vpcs.get(v));
        let gateway =
            self.net.internet_gateways.iter().find(|g| g.vpc_id.is_some() && g.vpc_id.as_ref() == vpc.map(|v| &v.id));
        let label = self.label(interface);
        let Some(gateway) = gateway else {
            let hop = Hop {
                security_groups: Vec::new(),
                kind: HopKind::InternetGatewayIngress,
                component: vpc.map(|v| v.id.to_string()).unwrap_or_default(),
                packet,
                outcome: HopOutcome::Blocked,
                rule: None,
                detail: format!(
                    "The VPC of {label} has no internet gateway attached, so nothing from the internet can enter it."
                ),
            };
            leg.push(hop, ReasonCode::NoInternetGateway);
            return None;
        };
        let (translated, detail) = match destination {
            Destination::Public { address, private, .. } => (
                Packet { destination: IpAddr::V4(private), ..packet },
                format!("{} translates the destination {address} to {label}'s private IP {private}.", gateway.id),
            ),
            Destination::Private { address: IpAddr::V6(a), .. } => {
                (packet, format!("{} passes the IPv6 traffic to {a} on unchanged.", gateway.id))
            }
            _ => {
                let public = self.eni(interface).public_ip();
                let hint = match public {
                    Some(p) => format!("it can be reached only at its public IP {p}"),
                    None => "it has no public IP, so it cannot be reached from the internet at all".to_owned(),
                };
                let hop = Hop {
                    security_groups: Vec::new(),
                    kind: HopKind::InternetGatewayIngress,
                    component: gateway.id.to_string(),
                    packet,
                    outcome: HopOutcome::Blocked,
                    rule: None,
                    detail: format!(
                        "{} is a private address: the internet cannot route to it. From the internet, {label} has no address at {}; {hint}.",
                        packet.destination, packet.destination
                    ),
                };
                leg.push(hop, ReasonCode::IgwPrivateIpAssociationForIngress);
                return None;
            }
        };
        leg.push(
            Hop {
                security_groups: Vec::new(),
                kind: HopKind::InternetGatewayIngress,
                component: gateway.id.to_string(),
                packet: translated,
                outcome: HopOutcome::Allowed,
                rule: None,
                detail,
            },
            ReasonCode::IgwPrivateIpAssociationForIngress,
        );
        Some(translated)
    }

    // ----- names -----

    fn eni(&self, interface: usize) -> &'n NetworkInterface {
        &self.net.network_interfaces[interface]
    }

    fn rule_set(&self, interface: usize) -> &GroupSetRules {
        &self.rule_sets[self.interfaces[interface].rule_set]
    }

    fn vpc_id(&self, interface: usize) -> String {
        self.interfaces[interface].vpc.and_then(|v| self.net.vpcs.get(v)).map(|v| v.id.to_string()).unwrap_or_default()
    }

    fn route_table_id(&self, interface: usize) -> String {
        self.interfaces[interface]
            .route_table
            .and_then(|t| self.net.route_tables.get(t))
            .map(|t| t.id.to_string())
            .unwrap_or_default()
    }

    /// `Network::interface_label`, with the resource found by id rather than by a
    /// search of the list (which dominated the time per flow with a thousand resources).
    fn label(&self, interface: usize) -> Cow<'n, str> {
        let eni = self.eni(interface);
        match eni.resource_id.as_ref().and_then(|r| self.resource_names.get(r.as_str())) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(self.net.interface_label(eni)),
        }
    }

    /// An interface's security groups, as security group hops list them.
    fn groups(&self, interface: usize) -> Vec<GroupRef> {
        group_refs(self.net, self.eni(interface), &self.by_group_id)
    }

    fn outside_label(&self, address: IpAddr) -> String {
        match self.net.internet_hosts.iter().find(|h| h.address == address) {
            Some(h) => format!("{} ({address})", h.name),
            None => address.to_string(),
        }
    }

    fn source_view(&self, source: Source, address: IpAddr) -> EndpointView {
        match source {
            Source::Interface(i) => EndpointView {
                address,
                interface: Some(self.eni(i).id.clone()),
                label: format!("{} ({address})", self.label(i)),
            },
            Source::Outside(a) => EndpointView { address, interface: None, label: self.outside_label(a) },
        }
    }

    fn destination_view(&self, destination: Destination) -> EndpointView {
        let address = destination.address();
        match destination {
            Destination::Private { interface, .. } | Destination::Public { interface, .. } => EndpointView {
                address,
                interface: Some(self.eni(interface).id.clone()),
                label: format!("{} ({address})", self.label(interface)),
            },
            Destination::NotFiltered { what, .. } => EndpointView { address, interface: None, label: what.to_owned() },
            Destination::NobodyInVpc { .. } | Destination::Internet(_) => {
                EndpointView { address, interface: None, label: self.outside_label(address) }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Source {
    Interface(usize),
    Outside(IpAddr),
}

/// An interface's security groups, each with its name (unknown for a group not in the lab).
fn group_refs(net: &Network, eni: &NetworkInterface, by_group_id: &HashMap<&str, usize>) -> Vec<GroupRef> {
    eni.security_groups
        .iter()
        .map(|g| GroupRef {
            id: g.clone(),
            name: by_group_id.get(g.as_str()).and_then(|&i| net.security_groups.get(i)).map(|group| group.name.clone()),
        })
        .collect()
}

/// Security groups as a sentence names them: `app-server (sg-…), admin (sg-…)`.
fn group_names(groups: &[GroupRef]) -> String {
    if groups.is_empty() {
        "none attached".to_owned()
    } else {
        groups.iter().map(GroupRef::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// Network ACL entries in the order they are judged: ascending rule number (a stable
/// sort, so entries with the same number keep their listed order).
fn entries_in_order(entries: &[NaclEntry]) -> Vec<&NaclEntry> {
    let mut ordered: Vec<&NaclEntry> = entries.iter().collect();
    ordered.sort_by_key(|e| e.rule_number);
    ordered
}

/// The hop at which an interface's security groups judge traffic in this direction.
fn security_groups_hop(direction: Direction) -> HopKind {
    match direction {
        Direction::Inbound => HopKind::SecurityGroupsInbound,
        Direction::Outbound => HopKind::SecurityGroupsOutbound,
    }
}

/// Merges the rules of a set of groups, in group order then rule order.
fn compile(
    net: &Network,
    groups: &[usize],
    direction: Direction,
    by_group_id: &HashMap<&str, usize>,
) -> Vec<CompiledRule> {
    groups
        .iter()
        .filter_map(|&g| net.security_groups.get(g).map(|group| (g, group)))
        .flat_map(|(g, group)| {
            group.rules(direction).iter().enumerate().map(move |(r, rule)| CompiledRule {
                traffic: rule.traffic,
                peer: CompiledPeer::of(net, &rule.peer, by_group_id),
                group: g,
                rule: r,
            })
        })
        .collect()
}

/// The first network ACL entry that decides for this packet, or `None` for the final `*`.
/// `entries` are in rule-number order ([`entries_in_order`]).
///
/// The all-traffic probe asks whether *every* packet gets through. Walking the entries
/// in order, each decides the part of the traffic that no earlier entry decided: a DENY
/// for some of that part stops the probe (it decides); a DENY whose traffic earlier
/// entries have all decided can never fire and is passed over; an ALLOW decides its
/// part, and decides the probe once the entries so far have decided all traffic. An
/// entry for all traffic decides what is left.
pub(crate) fn nacl_decide<'a>(entries: &[&'a NaclEntry], remote: IpAddr, service: Service) -> Option<&'a NaclEntry> {
    if service == Service::All {
        return nacl_decide_all(entries, remote, RuleAction::Deny);
    }
    entries.iter().copied().find(|e| e.cidr.contains(&remote) && e.traffic.matches(service))
}

/// The entry that decides whether every packet escapes `against` (is allowed, for
/// `against` DENY; is denied, for ALLOW), or `None` for the final `*`, which denies
/// what is left. An entry of that action decides when some of its traffic is still
/// undecided; one of the other action decides its part, and the probe once all
/// traffic is decided; an entry for all traffic decides what is left.
pub(crate) fn nacl_decide_all<'a>(
    entries: &[&'a NaclEntry],
    remote: IpAddr,
    against: RuleAction,
) -> Option<&'a NaclEntry> {
    let mut decided = DecidedTraffic::default();
    for e in entries.iter().copied().filter(|e| e.cidr.contains(&remote)) {
        if e.traffic == Traffic::All {
            return Some(e);
        }
        if e.action == against {
            if !decided.covers(e.traffic) {
                return Some(e);
            }
            continue;
        }
        decided.add(e.traffic);
        if decided.covers(Traffic::All) {
            return Some(e);
        }
    }
    None
}

/// The traffic earlier network ACL entries have decided, for the all-traffic probe.
#[derive(Default)]
struct DecidedTraffic {
    tcp: Vec<PortRange>,
    udp: Vec<PortRange>,
    icmp: Vec<IcmpMatch>,
    icmpv6: Vec<IcmpMatch>,
    /// Other protocol numbers, one bit each.
    other: [u128; 2],
}

impl DecidedTraffic {
    fn add(&mut self, traffic: Traffic) {
        match traffic {
            Traffic::All => {
                self.tcp.push(PortRange::ALL);
                self.udp.push(PortRange::ALL);
                self.icmp.push(IcmpMatch::AllTypes);
                self.icmpv6.push(IcmpMatch::AllTypes);
                self.other = [u128::MAX; 2];
            }
            Traffic::Tcp(r) => self.tcp.push(r),
            Traffic::Udp(r) => self.udp.push(r),
            Traffic::Icmp(m) => self.icmp.push(m),
            Traffic::Icmpv6(m) => self.icmpv6.push(m),
            Traffic::Other(n) => self.other[usize::from(n / 128)] |= 1 << (n % 128),
        }
    }

    /// Have the entries so far decided every packet of this traffic?
    fn covers(&self, traffic: Traffic) -> bool {
        let other = |n: u8| self.other[usize::from(n / 128)] & (1 << (n % 128)) != 0;
        match traffic {
            Traffic::All => {
                ranges_cover(&self.tcp, PortRange::ALL)
                    && ranges_cover(&self.udp, PortRange::ALL)
                    && icmp_covers(&self.icmp, IcmpMatch::AllTypes)
                    && icmp_covers(&self.icmpv6, IcmpMatch::AllTypes)
                    && (0..=u8::MAX).filter(|n| ![1, 6, 17, 58].contains(n)).all(other)
            }
            Traffic::Tcp(r) => ranges_cover(&self.tcp, r),
            Traffic::Udp(r) => ranges_cover(&self.udp, r),
            Traffic::Icmp(m) => icmp_covers(&self.icmp, m),
            Traffic::Icmpv6(m) => icmp_covers(&self.icmpv6, m),
            Traffic::Other(n) => other(n),
        }
    }
}

/// Do these port ranges together contain every port of `wanted`?
fn ranges_cover(ranges: &[PortRange], wanted: PortRange) -> bool {
    // The first port not yet known to be covered.
    let mut next = u32::from(wanted.from);
    while next <= u32::from(wanted.to) {
        let past = ranges
            .iter()
            .filter(|r| u32::from(r.from) <= next && next <= u32::from(r.to))
            .map(|r| u32::from(r.to) + 1)
            .max();
        match past {
            Some(past) => next = past,
            None => return false,
        }
    }
    true
}

/// Do these ICMP matches together match every message `wanted` matches?
fn icmp_covers(matches: &[IcmpMatch], wanted: IcmpMatch) -> bool {
    let has = |m: IcmpMatch| matches.contains(&m);
    let whole_type = |t: u8| {
        has(IcmpMatch::AllTypes)
            || has(IcmpMatch::Type { icmp_type: t, code: None })
            || (0..=u8::MAX).all(|c| has(IcmpMatch::Type { icmp_type: t, code: Some(c) }))
    };
    match wanted {
        IcmpMatch::AllTypes => has(IcmpMatch::AllTypes) || (0..=u8::MAX).all(whole_type),
        IcmpMatch::Type { icmp_type, code: None } => whole_type(icmp_type),
        IcmpMatch::Type { icmp_type, code: Some(c) } => {
            has(IcmpMatch::AllTypes)
                || has(IcmpMatch::Type { icmp_type, code: None })
                || has(IcmpMatch::Type { icmp_type, code: Some(c) })
        }
    }
}

/// Does the internet refuse to carry a packet to this address? What kind of address it is.
fn internet_refuses(destination: IpAddr) -> Option<(ReasonCode, SpecialAddress)> {
    not_globally_reachable(destination).map(|kind| (ReasonCode::DestinationNotGloballyReachable, kind))
}

/// Does an internet gateway reject outbound traffic to this address? Private (RFC 1918)
/// and shared (RFC 6598) destinations, with Reachability Analyzer's codes.
fn gateway_refuses(destination: IpAddr) -> Option<(ReasonCode, SpecialAddress)> {
    match not_globally_reachable(destination)? {
        kind @ SpecialAddress::Private => Some((ReasonCode::IgwDestinationAddressNotInRfc1918Egress, kind)),
        kind @ SpecialAddress::Shared => Some((ReasonCode::IgwDestinationAddressNotInRfc6598Egress, kind)),
        _ => None,
    }
}

fn is_anywhere(peer: &CompiledPeer, ipv4: bool) -> bool {
    match peer {
        CompiledPeer::V4 { first: 0, last: u32::MAX } => ipv4,
        CompiledPeer::V6 { first: 0, last: u128::MAX } => !ipv4,
        _ => false,
    }
}

/// A rule that lets every reply of this protocol through to anywhere: what makes a flow untracked.
fn is_reverse_all_rule(rule: &CompiledRule, ipv4: bool, service: Service) -> bool {
    is_anywhere(&rule.peer, ipv4)
        && match (rule.traffic, service) {
            (Traffic::All, _) => true,
            (Traffic::Tcp(r), Service::Tcp { .. }) | (Traffic::Udp(r), Service::Udp { .. }) => r == PortRange::ALL,
            _ => false,
        }
}

/// The service of the reply, or `None` when the request has no reply.
/// TCP and UDP replies go to the client's source port.
fn reply_service(service: Service, client_port: Option<u16>) -> Option<Service> {
    let port = client_port.unwrap_or(crate::flow::DEFAULT_SOURCE_PORT);
    match service {
        Service::Tcp { .. } => Some(Service::Tcp { port }),
        Service::Udp { .. } => Some(Service::Udp { port }),
        Service::Icmp { icmp_type: 8, .. } => Some(Service::Icmp { icmp_type: 0, code: 0 }),
        Service::Icmpv6 { icmp_type: 128, .. } => Some(Service::Icmpv6 { icmp_type: 129, code: 0 }),
        Service::Icmp { .. } | Service::Icmpv6 { .. } => None,
        Service::Other(_) | Service::All => Some(service),
    }
}

fn target_text(target: &RouteTarget) -> String {
    match target {
        RouteTarget::Local => "local".into(),
        RouteTarget::InternetGateway(id) => id.to_string(),
        RouteTarget::Other { id } | RouteTarget::Blackhole { id } => id.clone(),
    }
}

fn what_component(what: &str) -> String {
    if what.contains("metadata") {
        "instance-metadata".into()
    } else if what.contains("DNS") {
        "amazon-dns".into()
    } else if what.contains("Time Sync") {
        "time-sync".into()
    } else {
        "loopback".into()
    }
}

fn peer_text(net: &Network, peer: &Peer) -> String {
    match peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::SecurityGroup(id) => match net.security_group(id) {
            Some(g) => format!("members of {} ({id})", g.name),
            None => format!("members of {id}"),
        },
        Peer::PrefixList(id) => match net.prefix_list(id) {
            Some(p) => format!("prefix list {} ({id})", p.name),
            None => format!("prefix list {id}"),
        },
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn summarize(
    source: &EndpointView,
    destination: &EndpointView,
    service: Service,
    allowed: bool,
    has_reply: bool,
    blocked: Option<&Blocked>,
) -> String {
    let what = format!("{} → {}, {}", source.label, destination.label, service);
    match (allowed, blocked) {
        (true, _) if has_reply => format!("Allowed: {what}. The request gets through and the reply returns."),
        (true, _) => format!("Allowed: {what}."),
        (false, Some(b)) if b.leg == LegDirection::Reply => {
            format!("Blocked: {what}. The request arrives, but the reply is stopped: {}", b.explanation)
        }
        (false, Some(b)) => format!("Blocked: {what}. {}", b.explanation),
        (false, None) => format!("Blocked: {what}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{self, chapter, chapter_connections};

    fn judge(net: &Network, flow: &Flow) -> Verdict {
        evaluate(net, flow).expect("the flow is valid")
    }

    #[test]
    fn the_chapters_four_connections_come_out_as_the_chapter_says() {
        let net = chapter();
        for c in chapter_connections() {
            let v = judge(&net, &c.flow);
            assert_eq!(v.allowed, c.chapter_says_allowed, "connection {}: {}", c.number, v.summary);
        }
    }

    #[test]
    fn connection_1_enters_through_the_gateway_and_its_reply_returns_by_tracking() {
        let v = judge(&chapter(), &chapter_connections()[0].flow);
        let kinds: Vec<HopKind> = v.request.hops.iter().map(|h| h.kind).collect();
        assert_eq!(
            kinds,
            [HopKind::InternetGatewayIngress, HopKind::NetworkAclInbound, HopKind::SecurityGroupsInbound]
        );
        assert_eq!(v.request.hops[0].packet.destination, IpAddr::V4(example::APP_PRIVATE_IP));
        let reply = v.reply.as_ref().expect("TCP has a reply");
        assert!(reply.delivered);
        assert_eq!(reply.hops[0].outcome, HopOutcome::AllowedByTracking);
        assert_eq!(
            v.request.hops[2].rule,
            Some(RuleRef::SecurityGroupRule {
                group_id: example::APP_SG_ID.into(),
                rule_id: "sgr-0a1b2c3d4e5f60003".into()
            })
        );
        // Inbound 443 from 0.0.0.0/0, but the outbound rules do not allow all traffic: tracked.
        assert!(v.is_tracked());
    }

    #[test]
    fn connection_3_stops_at_the_app_servers_outbound_rules() {
        let v = judge(&chapter(), &chapter_connections()[2].flow);
        let b = v.blocked.expect("blocked");
        assert_eq!(b.code, ReasonCode::EniSgRulesMismatch);
        assert_eq!(b.component, example::APP_ENI_ID);
        assert_eq!(b.leg, LegDirection::Request);
    }

    #[test]
    fn a_security_group_hop_names_each_group_with_its_id() {
        let v = judge(&chapter(), &chapter_connections()[2].flow);
        let b = v.blocked.as_ref().expect("blocked");
        let hop = &v.request.hops[b.hop];
        assert_eq!(
            hop.security_groups,
            [GroupRef { id: example::APP_SG_ID.into(), name: Some("app-server-sg".into()) }]
        );
        assert!(
            b.explanation.contains("security groups, app-server-sg (sg-0a1b2c3d4e5f60002), allows"),
            "{}",
            b.explanation
        );
        // A group the lab does not hold is named by its id alone; other hops list none.
        let mut net = chapter();
        net.network_interfaces[0].security_groups.push("sg-0000000000000dead".into());
        let v = judge(&net, &chapter_connections()[2].flow);
        let b = v.blocked.as_ref().expect("blocked");
        assert!(b.explanation.contains("(sg-0a1b2c3d4e5f60002), sg-0000000000000dead, allows"), "{}", b.explanation);
        assert!(v
            .hops()
            .filter(|h| !matches!(h.kind, HopKind::SecurityGroupsInbound | HopKind::SecurityGroupsOutbound))
            .all(|h| h.security_groups.is_empty()));
    }

    #[test]
    fn connection_4_stops_at_the_databases_outbound_rules_not_at_the_app_server() {
        let net = chapter();
        let v = judge(&net, &chapter_connections()[3].flow);
        let b = v.blocked.expect("blocked");
        assert_eq!(b.code, ReasonCode::SgHasNoRules);
        assert_eq!(b.component, example::DATABASE_ENI_ID);
        // The App Server's inbound 443 from 0.0.0.0/0 would have let 10.1.2.15 in.
        let mut open = net.clone();
        open.security_group_mut(&example::DATABASE_SG_ID.into()).expect("exists").outbound.push(SgRule {
            id: "sgr-0000000000000000a".into(),
            traffic: Traffic::All,
            peer: Peer::Cidr("0.0.0.0/0".parse().expect("cidr")),
            description: None,
        });
        assert!(judge(&open, &chapter_connections()[3].flow).allowed);
    }

    #[test]
    fn an_untracked_flow_says_to_for_a_request_leaving_and_from_for_one_arriving() {
        let mut net = chapter();
        let anywhere = |id: &str| SgRule {
            id: id.into(),
            traffic: Traffic::All,
            peer: Peer::Cidr("0.0.0.0/0".parse().expect("cidr")),
            description: None,
        };
        let group = net.security_group_mut(&example::APP_SG_ID.into()).expect("exists");
        group.outbound.push(anywhere("sgr-0000000000000000a"));
        group.inbound.push(anywhere("sgr-0000000000000000b"));
        let app = || Endpoint::Interface(example::APP_ENI_ID.into());
        let browser = || Endpoint::Address(IpAddr::V4(example::BROWSER_IP));
        let leaving = judge(&net, &Flow::new(app(), browser(), Service::Tcp { port: 443 }));
        assert_eq!(leaving.tracking.len(), 1, "{}", leaving.summary);
        assert!(!leaving.tracking[0].tracked);
        assert_eq!(
            leaving.tracking[0].reason,
            "Untracked: it is allowed to 0.0.0.0/0 and the inbound rules allow all traffic from 0.0.0.0/0; removing the rule cuts it at once."
        );
        let arriving = judge(&net, &Flow::new(browser(), app(), Service::Tcp { port: 443 }));
        assert_eq!(
            arriving.tracking[0].reason,
            "Untracked: it is allowed from 0.0.0.0/0 and the outbound rules allow all traffic to 0.0.0.0/0; removing the rule cuts it at once."
        );
    }

    #[test]
    fn a_reply_goes_from_the_service_port_to_the_clients_source_port() {
        let mut flow = chapter_connections()[1].flow.clone();
        flow.source_port = 40000;
        let v = judge(&chapter(), &flow);
        let reply = v.reply.expect("reply");
        assert_eq!(reply.hops[0].packet.service, Service::Tcp { port: 40000 });
        assert_eq!(reply.hops[0].packet.source_port, Some(3306));
    }

    #[test]
    fn the_internet_cannot_reach_a_private_address() {
        let flow = Flow::new(
            Endpoint::Address(IpAddr::V4(example::BROWSER_IP)),
            Endpoint::Address(IpAddr::V4(example::APP_PRIVATE_IP)),
            Service::Tcp { port: 443 },
        );
        let v = judge(&chapter(), &flow);
        assert_eq!(v.blocked.map(|b| b.code), Some(ReasonCode::IgwPrivateIpAssociationForIngress));
    }

    #[test]
    fn an_interface_endpoint_is_reached_at_its_public_ip_from_the_internet() {
        let flow = Flow::new(
            Endpoint::Address(IpAddr::V4(example::BROWSER_IP)),
            Endpoint::Interface(example::APP_ENI_ID.into()),
            Service::Tcp { port: 443 },
        );
        let v = judge(&chapter(), &flow);
        assert!(v.allowed, "{}", v.summary);
        assert_eq!(v.destination.address, IpAddr::V4(example::APP_ELASTIC_IP));
    }

    #[test]
    fn the_internet_hop_says_which_kind_of_address_it_does_not_route() {
        // The App Server has a public IP and may send anything anywhere.
        let mut net = chapter();
        net.security_group_mut(&example::APP_SG_ID.into()).expect("exists").outbound.push(SgRule {
            id: "sgr-0000000000000000a".into(),
            traffic: Traffic::All,
            peer: Peer::Cidr("0.0.0.0/0".parse().expect("cidr")),
            description: None,
        });
        for (destination, sentence) in [
            ("169.254.1.1", "169.254.1.1 is a link-local address: the internet does not route it."),
            ("224.0.0.5", "224.0.0.5 is a multicast address: the internet does not route it."),
            ("255.255.255.255", "255.255.255.255 is the limited broadcast address: the internet does not route it."),
            ("0.0.0.0", "0.0.0.0 is a \"this network\" address (0.0.0.0/8): the internet does not route it."),
        ] {
            let flow = Flow::new(
                Endpoint::Interface(example::APP_ENI_ID.into()),
                Endpoint::Address(destination.parse().expect("ip")),
                Service::Tcp { port: 443 },
            );
            let v = judge(&net, &flow);
            let b = v.blocked.as_ref().expect("blocked");
            assert_eq!(b.code, ReasonCode::DestinationNotGloballyReachable, "{destination}");
            assert_eq!(b.explanation, sentence);
            assert!(!v.hops().any(|h| h.detail.starts_with("The internet carries it")), "{}", v.summary);
        }
    }

    #[test]
    fn the_internet_gateway_rejects_private_and_shared_destinations_with_aws_codes() {
        let mut net = chapter();
        net.security_group_mut(&example::APP_SG_ID.into()).expect("exists").outbound.push(SgRule {
            id: "sgr-0000000000000000a".into(),
            traffic: Traffic::All,
            peer: Peer::Cidr("0.0.0.0/0".parse().expect("cidr")),
            description: None,
        });
        for (destination, code, sentence) in [
            (
                "192.168.7.7",
                ReasonCode::IgwDestinationAddressNotInRfc1918Egress,
                "192.168.7.7 is a private address (RFC 1918): the internet does not route it, so",
            ),
            (
                "100.64.1.1",
                ReasonCode::IgwDestinationAddressNotInRfc6598Egress,
                "100.64.1.1 is a shared address (100.64.0.0/10, RFC 6598, used for carrier-grade NAT): the internet does not route it, so",
            ),
        ] {
            let flow = Flow::new(
                Endpoint::Interface(example::APP_ENI_ID.into()),
                Endpoint::Address(destination.parse().expect("ip")),
                Service::Tcp { port: 443 },
            );
            let v = judge(&net, &flow);
            let b = v.blocked.as_ref().expect("blocked");
            assert_eq!((b.code, b.component.starts_with("igw-")), (code, true), "{destination}");
            assert_eq!(v.request.hops[b.hop].kind, HopKind::InternetGatewayEgress);
            assert!(b.explanation.starts_with(sentence), "{}", b.explanation);
            assert_eq!(Evaluator::new(&net).decide(&flow).expect("valid").blocked.map(|at| at.code), Some(code));
        }
    }

    #[test]
    fn metadata_is_not_filtered_even_with_no_outbound_rules() {
        let flow = Flow::new(
            Endpoint::Interface(example::DATABASE_ENI_ID.into()),
            Endpoint::Address("169.254.169.254".parse().expect("ip")),
            Service::Tcp { port: 80 },
        );
        let v = judge(&chapter(), &flow);
        assert!(v.allowed);
        assert_eq!(v.request.hops[0].kind, HopKind::NotFiltered);
    }

    #[test]
    fn both_ends_outside_the_lab_is_an_error() {
        let flow = Flow::new(
            Endpoint::Address("8.8.8.8".parse().expect("ip")),
            Endpoint::Address("9.9.9.9".parse().expect("ip")),
            Service::Tcp { port: 443 },
        );
        assert!(matches!(evaluate(&chapter(), &flow), Err(FlowError::NeitherEndInLab(..))));
    }
}
