//! The decision alone: allowed or blocked, and where, without the path's sentences.
//!
//! [`Evaluator::evaluate`] builds a full [`Verdict`] (a sentence per hop, labels,
//! tracking reasons); for a reachability matrix of a million pairs that text is most
//! of the cost. [`Evaluator::decide`] walks the same path as `docs/evaluation.md`
//! describes, with the same indexes and matching functions, but records only the
//! first hop that stops the connection: its reason code, leg, hop kind and which end
//! it belongs to. It allocates nothing on the way, but for what a network ACL's
//! narrower entries have already decided when it judges the all-traffic probe.
//!
//! It duplicates the walk in `eval.rs` on purpose (sharing it would mean threading a
//! "no text" switch through every hop); `tests/decide_props.rs` keeps the two equal
//! on random networks: the same outcome, reason, leg, hop kind and component.

use super::*;

/// What [`Evaluator::decide`] answers: the outcome of `evaluate` and what stopped the
/// connection, without the texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decision {
    /// Same as [`Verdict::allowed`].
    pub allowed: bool,
    /// The first hop that stopped the connection; `None` when allowed.
    pub blocked: Option<BlockedAt>,
}

impl Decision {
    const ALLOWED: Decision = Decision { allowed: true, blocked: None };
}

/// Where a connection stopped, as [`Blocked`] says it, minus the sentence. The
/// component is named by [`Evaluator::blocking_component`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockedAt {
    pub code: ReasonCode,
    pub leg: LegDirection,
    pub kind: HopKind,
    /// Whose component it is: the security groups, subnet, route table or VPC of the
    /// flow's source or destination interface, or the internet between them.
    pub side: Side,
    /// The component that stopped it (the `component` of [`Blocked`]);
    /// [`Evaluator::component_id`] names it.
    pub component: ComponentRef,
}

/// A component of the network, by its index in the [`Network`]'s lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComponentRef {
    /// A network interface (its security groups act there).
    Interface(usize),
    NetworkAcl(usize),
    RouteTable(usize),
    InternetGateway(usize),
    Vpc(usize),
    Internet,
    /// Missing from the lab (a subnet without a route table in an imported file).
    Unknown,
}

/// Which end of a flow a blocking component belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Source,
    Destination,
    /// The internet itself (a private address it does not route, nobody there).
    Internet,
}

/// The packet was stopped: where.
type Stop = BlockedAt;

fn stop(code: ReasonCode, leg: LegDirection, kind: HopKind, side: Side, component: ComponentRef) -> Stop {
    BlockedAt { code, leg, kind, side, component }
}

impl<'n> Evaluator<'n> {
    /// Is the flow allowed? The same answer as `evaluate(flow)?.allowed`, without
    /// building the verdict's texts.
    pub fn is_allowed(&self, flow: &Flow) -> Result<bool, FlowError> {
        self.decide(flow).map(|d| d.allowed)
    }

    /// The outcome of [`Evaluator::evaluate`] and the hop that stopped the flow, with
    /// the same errors, without the texts.
    pub fn decide(&self, flow: &Flow) -> Result<Decision, FlowError> {
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
        match (source, destination) {
            (Source::Interface(_), Destination::NotFiltered { .. }) => return Ok(Decision::ALLOWED),
            (Source::Interface(s), Destination::Private { interface: d, .. }) if s == d => {
                return Ok(Decision::ALLOWED)
            }
            _ => {}
        }
        let packet = Packet {
            source: src_address,
            destination: dst_address,
            source_port: flow.service.port().map(|_| flow.source_port),
            service: flow.service,
        };
        Ok(match self.decide_walk(source, destination, packet) {
            Ok(()) => Decision::ALLOWED,
            Err(at) => Decision { allowed: false, blocked: Some(at) },
        })
    }

    /// The id of a component, as [`Blocked::component`] names it (`eni-…`, `acl-…`,
    /// `rtb-…`, `igw-…`, `vpc-…`, `internet`).
    pub fn component_id(&self, component: ComponentRef) -> String {
        let net = self.net;
        match component {
            ComponentRef::Interface(i) => net.network_interfaces.get(i).map(|n| n.id.to_string()),
            ComponentRef::NetworkAcl(i) => net.network_acls.get(i).map(|a| a.id.to_string()),
            ComponentRef::RouteTable(i) => net.route_tables.get(i).map(|t| t.id.to_string()),
            ComponentRef::InternetGateway(i) => net.internet_gateways.get(i).map(|g| g.id.to_string()),
            ComponentRef::Vpc(i) => net.vpcs.get(i).map(|v| v.id.to_string()),
            ComponentRef::Internet => Some("internet".to_owned()),
            ComponentRef::Unknown => None,
        }
        .unwrap_or_default()
    }

    /// The request and, if it was delivered and has one, the reply: `Err` names the
    /// first hop that stopped it. Mirrors `walk` and `walk_reply` in `eval.rs`.
    fn decide_walk(&self, source: Source, destination: Destination, request: Packet) -> Result<(), Stop> {
        use HopKind as K;
        use LegDirection::{Reply, Request};
        let source_interface = match source {
            Source::Interface(i) => Some(i),
            Source::Outside(_) => None,
        };
        let destination_interface = destination.interface();
        let mut arriving = request;
        let mut crossed_internet = false;

        if let Some(s) = source_interface {
            if !self.sg_allows(s, Direction::Outbound, request) {
                return Err(stop(
                    self.no_match_code(s, Direction::Outbound),
                    Request,
                    K::SecurityGroupsOutbound,
                    Side::Source,
                    ComponentRef::Interface(s),
                ));
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
            if crosses_subnet && !self.acl_allows(s, Direction::Outbound, request) {
                return Err(stop(
                    ReasonCode::SubnetAclRestriction,
                    Request,
                    K::NetworkAclOutbound,
                    Side::Source,
                    self.acl_of(s),
                ));
            }
            match self.route_choice(s, request.destination) {
                Err(code) => return Err(stop(code, Request, K::RouteTable, Side::Source, self.route_table_of(s))),
                Ok(RouteChoice::Local) => match destination {
                    Destination::Private { .. } => {}
                    Destination::NobodyInVpc { vpc, .. } => {
                        let vpc = ComponentRef::Vpc(vpc);
                        return Err(stop(
                            ReasonCode::NoInterfaceAtDestination,
                            Request,
                            K::RouteTable,
                            Side::Destination,
                            vpc,
                        ));
                    }
                    _ => {
                        let vpc = self.vpc_of(s);
                        return Err(stop(
                            ReasonCode::NoInterfaceAtDestination,
                            Request,
                            K::RouteTable,
                            Side::Source,
                            vpc,
                        ));
                    }
                },
                Ok(RouteChoice::InternetGateway(gateway)) => {
                    let Some(translated) = self.egress_translation(s, request) else {
                        let gateway = ComponentRef::InternetGateway(gateway);
                        return Err(stop(
                            ReasonCode::IgwPublicIpAssociationForEgress,
                            Request,
                            K::InternetGatewayEgress,
                            Side::Source,
                            gateway,
                        ));
                    };
                    if let Some((code, _)) = gateway_refuses(request.destination) {
                        let gateway = ComponentRef::InternetGateway(gateway);
                        return Err(stop(code, Request, K::InternetGatewayEgress, Side::Source, gateway));
                    }
                    arriving = translated;
                    crossed_internet = true;
                    if let Some((code, _)) = internet_refuses(translated.destination) {
                        return Err(stop(code, Request, K::Internet, Side::Internet, ComponentRef::Internet));
                    }
                    if let Destination::NobodyInVpc { .. } = destination {
                        return Err(stop(
                            ReasonCode::NoInterfaceAtDestination,
                            Request,
                            K::Internet,
                            Side::Internet,
                            ComponentRef::Internet,
                        ));
                    }
                }
                Ok(RouteChoice::Blocked) => {}
            }
        }

        let from_internet = source_interface.is_none() || crossed_internet;
        if let Some(d) = destination_interface {
            if from_internet {
                arriving = self
                    .ingress_translation(d, destination, arriving)
                    .map_err(|(code, at)| stop(code, Request, K::InternetGatewayIngress, Side::Destination, at))?;
            }
            let crosses_subnet = match source_interface {
                Some(s) => from_internet || self.interfaces[s].subnet != self.interfaces[d].subnet,
                None => true,
            };
            if crosses_subnet && !self.acl_allows(d, Direction::Inbound, arriving) {
                return Err(stop(
                    ReasonCode::SubnetAclRestriction,
                    Request,
                    K::NetworkAclInbound,
                    Side::Destination,
                    self.acl_of(d),
                ));
            }
            if !self.sg_allows(d, Direction::Inbound, arriving) {
                let code = self.no_match_code(d, Direction::Inbound);
                return Err(stop(
                    code,
                    Request,
                    K::SecurityGroupsInbound,
                    Side::Destination,
                    ComponentRef::Interface(d),
                ));
            }
        }

        // The reply. Security groups pass it (connection tracking, or the rule for all
        // traffic of an untracked flow): only network ACLs, routes and gateways judge it.
        let Some(reply_service) = reply_service(request.service, request.source_port) else {
            return Ok(());
        };
        let via_internet = from_internet;
        let mut packet = Packet {
            source: arriving.destination,
            destination: arriving.source,
            source_port: arriving.service.port(),
            service: reply_service,
        };
        if let Some(d) = destination_interface {
            let crosses_subnet = match source_interface {
                Some(s) => via_internet || self.interfaces[s].subnet != self.interfaces[d].subnet,
                None => true,
            };
            if crosses_subnet && !self.acl_allows(d, Direction::Outbound, packet) {
                return Err(stop(
                    ReasonCode::SubnetAclRestriction,
                    Reply,
                    K::NetworkAclOutbound,
                    Side::Destination,
                    self.acl_of(d),
                ));
            }
            match self.route_choice(d, packet.destination) {
                Err(code) => return Err(stop(code, Reply, K::RouteTable, Side::Destination, self.route_table_of(d))),
                Ok(RouteChoice::InternetGateway(gateway)) if via_internet => {
                    let Some(translated) = self.egress_translation(d, packet) else {
                        let gateway = ComponentRef::InternetGateway(gateway);
                        return Err(stop(
                            ReasonCode::IgwPublicIpAssociationForEgress,
                            Reply,
                            K::InternetGatewayEgress,
                            Side::Destination,
                            gateway,
                        ));
                    };
                    if let Some((code, _)) = gateway_refuses(packet.destination) {
                        let gateway = ComponentRef::InternetGateway(gateway);
                        return Err(stop(code, Reply, K::InternetGatewayEgress, Side::Destination, gateway));
                    }
                    packet = translated;
                    if let Some((code, _)) = internet_refuses(packet.destination) {
                        return Err(stop(code, Reply, K::Internet, Side::Internet, ComponentRef::Internet));
                    }
                }
                Ok(RouteChoice::Local) if !via_internet => {}
                Ok(RouteChoice::Local | RouteChoice::InternetGateway(_)) => {
                    return Err(stop(
                        ReasonCode::NoRouteToDestination,
                        Reply,
                        K::RouteTable,
                        Side::Destination,
                        self.route_table_of(d),
                    ))
                }
                Ok(RouteChoice::Blocked) => {}
            }
        } else if let Some((code, _)) = internet_refuses(packet.destination) {
            return Err(stop(code, Reply, K::Internet, Side::Internet, ComponentRef::Internet));
        }

        if let Some(s) = source_interface {
            if via_internet {
                let to_source = match packet.destination {
                    IpAddr::V6(_) => Destination::Private { interface: s, address: packet.destination },
                    IpAddr::V4(a) => Destination::Public {
                        interface: s,
                        address: a,
                        private: self.eni(s).primary_private_ip().unwrap_or(Ipv4Addr::UNSPECIFIED),
                    },
                };
                packet = self
                    .ingress_translation(s, to_source, packet)
                    .map_err(|(code, at)| stop(code, Reply, K::InternetGatewayIngress, Side::Source, at))?;
            }
            let crosses_subnet = match destination_interface {
                Some(d) => via_internet || self.interfaces[s].subnet != self.interfaces[d].subnet,
                None => true,
            };
            if crosses_subnet && !self.acl_allows(s, Direction::Inbound, packet) {
                return Err(stop(
                    ReasonCode::SubnetAclRestriction,
                    Reply,
                    K::NetworkAclInbound,
                    Side::Source,
                    self.acl_of(s),
                ));
            }
        }
        Ok(())
    }

    /// Does any rule of the interface's groups allow the packet in this direction?
    fn sg_allows(&self, interface: usize, direction: Direction, packet: Packet) -> bool {
        let remote = match direction {
            Direction::Inbound => packet.source,
            Direction::Outbound => packet.destination,
        };
        let vpc = self.interfaces[interface].vpc;
        self.rule_set(interface)
            .direction(direction)
            .iter()
            .any(|r| r.traffic.matches(packet.service) && self.peer_matches(&r.peer, remote, vpc))
    }

    /// Does the network ACL of the interface's subnet let the packet through? (A subnet
    /// without one, possible only in an imported lab, lets everything through.)
    fn acl_allows(&self, interface: usize, direction: Direction, packet: Packet) -> bool {
        let Some(acl) = self.interfaces[interface].acl else { return true };
        if self.net.network_acls.get(acl).is_none() {
            return true;
        }
        let ordered = self.acl_entries.get(acl);
        let (entries, remote) = match direction {
            Direction::Inbound => (ordered.map(|o| &o[0]), packet.source),
            Direction::Outbound => (ordered.map(|o| &o[1]), packet.destination),
        };
        nacl_decide(entries.map(Vec::as_slice).unwrap_or_default(), remote, packet.service)
            .is_some_and(|e| e.action == RuleAction::Allow)
    }

    /// The route the interface's subnet takes to `destination` (longest prefix; the
    /// implicit local routes win ties, then the last listed), or why there is none.
    fn route_choice(&self, interface: usize, destination: IpAddr) -> Result<RouteChoice, ReasonCode> {
        let info = &self.interfaces[interface];
        let vpc = info.vpc.and_then(|v| self.net.vpcs.get(v));
        let table = info.route_table.and_then(|t| self.net.route_tables.get(t));
        static LOCAL: RouteTarget = RouteTarget::Local;
        let mut best: Option<(u8, &RouteTarget)> = None;
        let mut consider = |net: IpNet, target: &'n RouteTarget| {
            if net.contains(&destination) && best.is_none_or(|(len, _)| net.prefix_len() >= len) {
                best = Some((net.prefix_len(), target));
            }
        };
        for route in table.map(|t| t.routes.as_slice()).unwrap_or_default() {
            consider(route.destination, &route.target);
        }
        if let Some(v) = vpc {
            for c in &v.cidr_blocks {
                consider(IpNet::V4(*c), &LOCAL);
            }
            for c in &v.ipv6_cidr_blocks {
                consider(IpNet::V6(*c), &LOCAL);
            }
        }
        match best.map(|(_, target)| target) {
            None => Err(ReasonCode::NoRouteToDestination),
            Some(RouteTarget::Local) => Ok(RouteChoice::Local),
            Some(RouteTarget::InternetGateway(igw)) => self
                .net
                .internet_gateways
                .iter()
                .position(|g| &g.id == igw && g.vpc_id.is_some() && g.vpc_id.as_ref() == vpc.map(|v| &v.id))
                .map(RouteChoice::InternetGateway)
                .ok_or(ReasonCode::BadStateRoute),
            Some(RouteTarget::Blackhole { .. }) => Err(ReasonCode::BadStateRoute),
            Some(RouteTarget::Other { .. }) => Err(ReasonCode::UnsupportedRouteTarget),
        }
    }

    /// The packet as the internet gateway sends it out: its private IPv4 source
    /// becomes the public IP mapped to it; IPv6 passes unchanged. `None`: no public IP.
    fn egress_translation(&self, interface: usize, packet: Packet) -> Option<Packet> {
        let public = match packet.source {
            IpAddr::V6(a) => IpAddr::V6(a),
            IpAddr::V4(a) => IpAddr::V4(self.eni(interface).private_ips.iter().find(|p| p.address == a)?.public_ip?),
        };
        Some(Packet { source: public, ..packet })
    }

    /// The packet as the internet gateway delivers it into the interface's VPC, or
    /// why not and at which component (the VPC when it has no gateway).
    fn ingress_translation(
        &self,
        interface: usize,
        destination: Destination,
        packet: Packet,
    ) -> Result<Packet, (ReasonCode, ComponentRef)> {
        let Some(gateway) = self.attached_gateway(interface) else {
            return Err((ReasonCode::NoInternetGateway, self.vpc_of(interface)));
        };
        match destination {
            Destination::Public { private, .. } => Ok(Packet { destination: IpAddr::V4(private), ..packet }),
            Destination::Private { address: IpAddr::V6(_), .. } => Ok(packet),
            _ => Err((ReasonCode::IgwPrivateIpAssociationForIngress, ComponentRef::InternetGateway(gateway))),
        }
    }

    /// The index of the internet gateway attached to the interface's VPC (the first,
    /// as `igw_ingress` picks it).
    fn attached_gateway(&self, interface: usize) -> Option<usize> {
        let vpc = self.interfaces[interface].vpc.and_then(|v| self.net.vpcs.get(v))?;
        self.net.internet_gateways.iter().position(|g| g.vpc_id.as_ref() == Some(&vpc.id))
    }

    fn acl_of(&self, interface: usize) -> ComponentRef {
        self.interfaces[interface].acl.map_or(ComponentRef::Unknown, ComponentRef::NetworkAcl)
    }

    fn route_table_of(&self, interface: usize) -> ComponentRef {
        self.interfaces[interface].route_table.map_or(ComponentRef::Unknown, ComponentRef::RouteTable)
    }

    fn vpc_of(&self, interface: usize) -> ComponentRef {
        self.interfaces[interface].vpc.map_or(ComponentRef::Unknown, ComponentRef::Vpc)
    }
}
