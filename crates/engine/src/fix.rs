//! What would make it work: for a blocked connection, every component on its path
//! that blocks it and, for each, the smallest change that lets it pass; for an
//! allowed connection, what lets it through at each hop and what would block it.
//!
//! **How.** [`what_would_allow`] evaluates the flow, takes the hop that stops it,
//! proposes the smallest change that lets that hop pass, applies it to a copy of the
//! network and evaluates again, until the flow is allowed or a blocker has no fix
//! (an address only a person can change, a target the lab does not simulate). So it
//! finds every blocker the path reaches, not only the first, and the fixes are meant
//! to be applied in order: each was proposed on the network with the earlier ones
//! applied. [`Repair::edits`] is the whole list, for one all-or-nothing command.
//!
//! **Verified, not guessed.** Every fix is applied through [`Network::apply`] (so the
//! AWS API's validation accepts it: rule numbers, duplicates, quotas, route
//! destinations) and the flow judged again; a fix is offered only if the flow then
//! gets past the hop it was for.
//!
//! **Smallest.** A security group rule for exactly the service, to the peer group
//! when the peer is an interface of the same VPC (in the peer's and the interface's
//! group with the fewest members, so the rule opens as little as possible), else to
//! the peer's single address (/32 or /128). A network ACL entry for the one remote
//! address, numbered below the entry that denies it; for a reply, the ephemeral ports
//! 1024-65535 as AWS's documentation suggests. A default route to the VPC's internet
//! gateway, attaching (or creating) one if the VPC has none.
//!
//! [`what_would_block`] is the reverse, for a flow that should not get through: the
//! deciding rule of each hop, every security group rule that also allows it (removing
//! one of two does not block it), and changes that would block it: revoking all the
//! rules that allow it at one end, or a network ACL DENY before the entry that allows it.

use crate::edit::{Edit, RuleSpec};
use crate::flow::{Flow, FlowError};
use crate::ids::*;
use crate::model::*;
use crate::traffic::{IcmpMatch, PortRange, Service, Traffic};
use crate::verdict::*;
use ipnet::IpNet;
use serde::Serialize;
use std::net::IpAddr;

/// One change that lets a connection past a hop (or stops it there), as edits the
/// app applies in one command.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    /// In the console's words: "Add inbound rule TCP 3306 from sg-… (app-sg) to sg-… (db-sg)".
    pub summary: String,
    /// Applied in order; never empty.
    pub edits: Vec<Edit>,
}

/// A component that blocks the connection, and how to get past it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocker {
    pub code: ReasonCode,
    pub leg: LegDirection,
    /// The index of the hop in that leg, on the network with the earlier blockers' fixes applied.
    pub hop: usize,
    pub kind: HopKind,
    /// The component's id (`eni-…` for security groups, `acl-…`, `rtb-…`, `igw-…`, `vpc-…`).
    pub component: String,
    /// Why it blocks: the verdict's sentence.
    pub explanation: String,
    /// The smallest change that lets the connection past this component.
    pub fix: Option<Fix>,
    /// When no edit can get past it: what a person can do instead.
    pub by_hand: Option<String>,
}

/// What would make a connection work: its blockers in the order the path meets them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repair {
    /// The connection is allowed already (then there are no blockers).
    pub allowed_now: bool,
    pub blockers: Vec<Blocker>,
    /// Applying every blocker's fix, in order, makes the connection allowed. When
    /// false, the last blocker has no fix (see its `by_hand`), and what lies beyond it
    /// on the path is not known.
    pub allowed_after: bool,
}

impl Repair {
    /// Every blocker's edits, in order: one all-or-nothing command.
    pub fn edits(&self) -> Vec<Edit> {
        self.blockers.iter().filter_map(|b| b.fix.as_ref()).flat_map(|f| f.edits.iter().cloned()).collect()
    }

    /// All the fixes as one (their summaries joined), or `None` when there is none.
    pub fn fix(&self) -> Option<Fix> {
        let fixes: Vec<&Fix> = self.blockers.iter().filter_map(|b| b.fix.as_ref()).collect();
        if fixes.is_empty() {
            return None;
        }
        let summary = fixes.iter().map(|f| f.summary.as_str()).collect::<Vec<_>>().join("; ");
        Some(Fix { summary, edits: self.edits() })
    }
}

/// The most blockers one path can have: every hop of both legs.
const MAX_BLOCKERS: usize = 20;

/// Every component that blocks the flow, each with the smallest change that gets it
/// past, or what to do by hand. See the module's documentation.
pub fn what_would_allow(network: &Network, flow: &Flow) -> Result<Repair, FlowError> {
    let mut verdict = crate::evaluate(network, flow)?;
    let allowed_now = verdict.allowed;
    let mut net = network.clone();
    let mut blockers = Vec::new();
    while let Some(blocked) = verdict.blocked.clone() {
        if blockers.len() >= MAX_BLOCKERS {
            break;
        }
        let Some(hop) = hop_at(&verdict, &blocked).cloned() else { break };
        let mut blocker = Blocker {
            code: blocked.code,
            leg: blocked.leg,
            hop: blocked.hop,
            kind: hop.kind,
            component: blocked.component.clone(),
            explanation: blocked.explanation.clone(),
            fix: None,
            by_hand: None,
        };
        let next = match proposals(&net, &verdict, &blocked, &hop) {
            Err(by_hand) => {
                blocker.by_hand = Some(by_hand);
                None
            }
            Ok(proposals) => match first_that_passes(&net, flow, &blocked, &blockers, proposals) {
                Ok((fix, fixed, after)) => {
                    blocker.fix = Some(fix);
                    Some((fixed, after))
                }
                Err(by_hand) => {
                    blocker.by_hand = Some(by_hand);
                    None
                }
            },
        };
        blockers.push(blocker);
        match next {
            Some((fixed, after)) => {
                net = fixed;
                verdict = after;
            }
            None => break,
        }
    }
    Ok(Repair { allowed_now, allowed_after: verdict.allowed, blockers })
}

fn hop_at<'v>(verdict: &'v Verdict, blocked: &Blocked) -> Option<&'v Hop> {
    let leg = match blocked.leg {
        LegDirection::Request => Some(&verdict.request),
        LegDirection::Reply => verdict.reply.as_ref(),
    };
    leg.and_then(|l| l.hops.get(blocked.hop))
}

/// Where on the path a connection stopped: later is greater.
fn position(blocked: &Blocked) -> (bool, usize) {
    (blocked.leg == LegDirection::Reply, blocked.hop)
}

/// Does the connection, stopped at `blocked` before a fix and as `after` with it, get
/// further? Past the hop, or stopped at the same hop for a reason not met there yet
/// (the gateway a fix attached cannot translate a private address: another problem,
/// and the next blocker).
fn gets_further(after: &Verdict, blocked: &Blocked, earlier: &[Blocker]) -> bool {
    match &after.blocked {
        None => after.allowed,
        Some(b) if position(b) == position(blocked) => {
            b.code != blocked.code
                && !earlier.iter().any(|e| (e.leg == LegDirection::Reply, e.hop) == position(b) && e.code == b.code)
        }
        Some(b) => position(b) > position(blocked),
    }
}

/// The first proposal that the API accepts and that gets the flow further.
fn first_that_passes(
    net: &Network,
    flow: &Flow,
    blocked: &Blocked,
    earlier: &[Blocker],
    proposals: Vec<Fix>,
) -> Result<(Fix, Network, Verdict), String> {
    let mut refused = Vec::new();
    for fix in proposals {
        let mut fixed = net.clone();
        if let Err(e) = fix.edits.iter().try_for_each(|edit| fixed.apply(edit).map(|_| ())) {
            refused.push(format!("{} is refused: {e}", fix.summary));
            continue;
        }
        let Ok(after) = crate::evaluate(&fixed, flow) else { continue };
        if gets_further(&after, blocked, earlier) {
            return Ok((fix, fixed, after));
        }
        refused.push(format!("{} would not get the connection past it", fix.summary));
    }
    Err(if refused.is_empty() {
        "No rule change gets the connection past this component.".to_owned()
    } else {
        format!("No rule change gets the connection past this component: {}.", refused.join("; "))
    })
}

/// The changes that could get the flow past the blocking hop, best first; `Err` says
/// what to do by hand when no edit can.
fn proposals(net: &Network, verdict: &Verdict, blocked: &Blocked, hop: &Hop) -> Result<Vec<Fix>, String> {
    match hop.kind {
        HopKind::SecurityGroupsOutbound => security_group_proposals(net, hop, Direction::Outbound),
        HopKind::SecurityGroupsInbound => security_group_proposals(net, hop, Direction::Inbound),
        HopKind::NetworkAclOutbound => network_acl_proposals(net, hop, true, blocked.leg),
        HopKind::NetworkAclInbound => network_acl_proposals(net, hop, false, blocked.leg),
        HopKind::RouteTable => route_proposals(net, hop, blocked),
        HopKind::InternetGatewayIngress => gateway_ingress_proposals(net, verdict, blocked, hop),
        HopKind::InternetGatewayEgress if blocked.code != ReasonCode::IgwPublicIpAssociationForEgress => {
            Err(format!("{} No rule change can fix this: use an address that exists on the internet.", hop.detail))
        }
        HopKind::InternetGatewayEgress => {
            let end = match blocked.leg {
                LegDirection::Request => &verdict.source,
                LegDirection::Reply => &verdict.destination,
            };
            Err(format!(
                "{} has no public IPv4 address, so the internet gateway cannot send its traffic to the internet. \
                 Associate an Elastic IP with {}, or send the subnet's internet traffic through a NAT gateway; \
                 the lab has no edit for either.",
                end.label,
                end.interface.as_ref().map_or("it", |i| i.as_str())
            ))
        }
        HopKind::Internet => Err(format!("{} No rule change can fix this: use an address that exists.", hop.detail)),
        HopKind::NotFiltered => Err(hop.detail.clone()),
    }
}

// ---------------------------------------------------------------------------
// Security groups

/// The traffic of a rule or entry for exactly this service.
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

/// The interface's attached group with the fewest members (the first of equals): a
/// rule there opens the least. `None` when none of its groups is in the lab.
fn narrowest_group<'n>(net: &'n Network, eni: &NetworkInterface) -> Option<&'n SecurityGroup> {
    let members = |g: &SecurityGroupId| net.network_interfaces.iter().filter(|n| n.security_groups.contains(g)).count();
    eni.security_groups
        .iter()
        .filter_map(|id| net.security_group(id))
        .enumerate()
        .min_by_key(|(i, g)| (members(&g.id), *i))
        .map(|(_, g)| g)
}

fn vpc_of<'n>(net: &'n Network, eni: &NetworkInterface) -> Option<&'n VpcId> {
    net.subnet(&eni.subnet_id).map(|s| &s.vpc_id)
}

/// The interface of `eni`'s VPC that holds `address` privately.
fn peer_interface<'n>(net: &'n Network, eni: &NetworkInterface, address: IpAddr) -> Option<&'n NetworkInterface> {
    let vpc = vpc_of(net, eni)?;
    net.network_interfaces.iter().find(|n| n.has_private_address(address) && vpc_of(net, n) == Some(vpc))
}

fn group_text(group: &SecurityGroup) -> String {
    format!("{} ({})", group.id, group.name)
}

fn peer_text(net: &Network, peer: &Peer) -> String {
    match peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::SecurityGroup(id) => net.security_group(id).map_or_else(|| id.to_string(), group_text),
        Peer::PrefixList(id) => match net.prefix_list(id) {
            Some(p) => format!("{id} ({})", p.name),
            None => id.to_string(),
        },
    }
}

/// "TCP 3306 from sg-… (app-sg)": a rule as the console lists it.
fn rule_text(net: &Network, direction: Direction, traffic: Traffic, peer: &Peer) -> String {
    let to_from = match direction {
        Direction::Inbound => "from",
        Direction::Outbound => "to",
    };
    format!("{traffic} {to_from} {}", peer_text(net, peer))
}

fn authorize(direction: Direction, group_id: SecurityGroupId, rule: RuleSpec) -> Edit {
    match direction {
        Direction::Inbound => Edit::AuthorizeSecurityGroupIngress { group_id, rules: vec![rule] },
        Direction::Outbound => Edit::AuthorizeSecurityGroupEgress { group_id, rules: vec![rule] },
    }
}

fn security_group_proposals(net: &Network, hop: &Hop, direction: Direction) -> Result<Vec<Fix>, String> {
    let eni = net
        .network_interfaces
        .iter()
        .find(|n| n.id.as_str() == hop.component)
        .ok_or_else(|| format!("The network interface {} is not in the lab.", hop.component))?;
    let label = net.interface_label(eni);
    let Some(group) = narrowest_group(net, eni) else {
        return Err(format!(
            "{label} has no security group of this lab attached: attach one that allows {}.",
            hop.packet.service
        ));
    };
    let remote = match direction {
        Direction::Inbound => hop.packet.source,
        Direction::Outbound => hop.packet.destination,
    };
    let traffic = exactly(hop.packet.service);
    let mut peers = Vec::new();
    // A group reference matches the private addresses of its members in the same VPC:
    // the console's way to say "from the app servers", and it follows them as they change.
    if let Some(peer_group) = peer_interface(net, eni, remote).and_then(|p| narrowest_group(net, p)) {
        if peer_group.vpc_id == group.vpc_id {
            peers.push(Peer::SecurityGroup(peer_group.id.clone()));
        }
    }
    peers.push(Peer::Cidr(IpNet::from(remote)));
    Ok(peers
        .into_iter()
        .map(|peer| {
            let rule = rule_text(net, direction, traffic, &peer);
            let summary = match direction {
                Direction::Inbound => format!("Add inbound rule {rule} to {}", group_text(group)),
                Direction::Outbound => format!("Add outbound rule {rule} in {}", group_text(group)),
            };
            Fix { summary, edits: vec![authorize(direction, group.id.clone(), RuleSpec::new(traffic, peer))] }
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Network ACLs

/// The lowest and highest ports of the ephemeral range a reply goes to (AWS's
/// documentation suggests 1024-65535: it covers every client's range).
const EPHEMERAL: PortRange = PortRange { from: 1024, to: 65535 };

/// What a network ACL entry must allow for a reply: the ephemeral ports for TCP and
/// UDP (the client's port is one of them), else exactly the reply.
fn reply_traffic(service: Service) -> Traffic {
    match service {
        Service::Tcp { port } if EPHEMERAL.contains(port) => Traffic::Tcp(EPHEMERAL),
        Service::Udp { port } if EPHEMERAL.contains(port) => Traffic::Udp(EPHEMERAL),
        other => exactly(other),
    }
}

/// A free rule number: below `below` (the entry that decides now), the highest
/// multiple of 10 if one is free, else the highest free number; with nothing to
/// stay below (the final `*` decides), the next multiple of 10 after the last entry.
fn free_rule_number(entries: &[NaclEntry], below: Option<u16>) -> Option<u16> {
    let taken = |n: u16| entries.iter().any(|e| e.rule_number == n);
    let max = crate::edit::MAX_NACL_RULE_NUMBER;
    match below {
        Some(n) => (1..n).rev().filter(|m| m % 10 == 0).chain((1..n).rev()).find(|&m| !taken(m)),
        None => {
            let start = entries
                .iter()
                .map(|e| e.rule_number)
                .max()
                .map_or(100, |m| (m / 10).saturating_add(1).saturating_mul(10));
            (start..=max).filter(|m| m % 10 == 0).chain((1..=max).rev()).find(|&m| !taken(m))
        }
    }
}

/// The rule number of the entry that decided a network ACL hop (`None` for `*`).
fn deciding_entry(hop: &Hop) -> Option<u16> {
    match &hop.rule {
        Some(RuleRef::NetworkAclEntry { rule_number, .. }) => *rule_number,
        _ => None,
    }
}

fn entry_edit(
    acl: &NetworkAcl,
    egress: bool,
    action: RuleAction,
    traffic: Traffic,
    cidr: IpNet,
    below: Option<u16>,
) -> Option<(u16, Edit)> {
    let entries = if egress { &acl.outbound } else { &acl.inbound };
    let rule_number = free_rule_number(entries, below)?;
    let entry = NaclEntry { rule_number, action, traffic, cidr };
    Some((rule_number, Edit::CreateNetworkAclEntry { acl_id: acl.id.clone(), egress, entry }))
}

fn entry_text(
    egress: bool,
    number: u16,
    action: RuleAction,
    traffic: Traffic,
    cidr: IpNet,
    acl: &NetworkAcl,
) -> String {
    let (direction, to_from) = if egress { ("outbound", "to") } else { ("inbound", "from") };
    let action = match action {
        RuleAction::Allow => "ALLOW",
        RuleAction::Deny => "DENY",
    };
    format!("Add {direction} rule {number} {action} {traffic} {to_from} {cidr} in {}", acl.id)
}

fn network_acl_proposals(net: &Network, hop: &Hop, egress: bool, leg: LegDirection) -> Result<Vec<Fix>, String> {
    let acl = net
        .network_acls
        .iter()
        .find(|a| a.id.as_str() == hop.component)
        .ok_or_else(|| format!("The network ACL {} is not in the lab.", hop.component))?;
    let remote = if egress { hop.packet.destination } else { hop.packet.source };
    let traffic = match leg {
        LegDirection::Request => exactly(hop.packet.service),
        LegDirection::Reply => reply_traffic(hop.packet.service),
    };
    let cidr = IpNet::from(remote);
    let deny = deciding_entry(hop);
    let Some((number, edit)) = entry_edit(acl, egress, RuleAction::Allow, traffic, cidr, deny) else {
        return Err(format!(
            "Rule {} of {} denies it and every rule number below it is taken: delete or renumber a rule to make room for an ALLOW before it.",
            deny.map_or_else(|| "*".to_owned(), |n| n.to_string()),
            acl.id
        ));
    };
    let mut summary = entry_text(egress, number, RuleAction::Allow, traffic, cidr, acl);
    if let Some(n) = deny {
        summary.push_str(&format!(", before rule {n} which denies it"));
    }
    if leg == LegDirection::Reply && traffic != exactly(hop.packet.service) {
        summary.push_str(" (network ACLs are stateless: the reply goes to the client's ephemeral port)");
    }
    Ok(vec![Fix { summary, edits: vec![edit] }])
}

// ---------------------------------------------------------------------------
// Routes and internet gateways

/// The VPC's attached internet gateway, attaching a free one or creating one first
/// if it has none: the edits, the gateway, and what they do in words.
fn ensure_gateway(net: &Network, vpc: &VpcId) -> Result<(Vec<Edit>, InternetGatewayId, Option<String>), String> {
    if let Some(g) = net.internet_gateways.iter().find(|g| g.vpc_id.as_ref() == Some(vpc)) {
        return Ok((vec![], g.id.clone(), None));
    }
    if let Some(g) = net.internet_gateways.iter().find(|g| g.vpc_id.is_none()) {
        let attach = Edit::AttachInternetGateway { internet_gateway_id: g.id.clone(), vpc_id: vpc.clone() };
        return Ok((vec![attach], g.id.clone(), Some(format!("Attach internet gateway {} to {vpc}", g.id))));
    }
    // A new gateway's id depends only on the network: the same edits give the same id.
    let create = Edit::CreateInternetGateway { name: None };
    let mut scratch = net.clone();
    let id = scratch
        .apply(&create)
        .ok()
        .and_then(|applied| applied.internet_gateway().cloned())
        .ok_or_else(|| format!("{vpc} has no internet gateway, and none can be created."))?;
    let attach = Edit::AttachInternetGateway { internet_gateway_id: id.clone(), vpc_id: vpc.clone() };
    let text = format!("Create an internet gateway ({id}) and attach it to {vpc}");
    Ok((vec![create, attach], id, Some(text)))
}

fn default_route(address: IpAddr) -> IpNet {
    match address {
        IpAddr::V4(_) => IpNet::V4(ipnet::Ipv4Net::default()),
        IpAddr::V6(_) => IpNet::V6(ipnet::Ipv6Net::default()),
    }
}

/// "Attach …, then add route …".
fn then(first: Option<String>, rest: String) -> String {
    match first {
        Some(first) => format!(
            "{first}, then {}{}",
            rest.get(..1).unwrap_or_default().to_lowercase(),
            rest.get(1..).unwrap_or_default()
        ),
        None => rest,
    }
}

fn route_proposals(net: &Network, hop: &Hop, blocked: &Blocked) -> Result<Vec<Fix>, String> {
    let destination = hop.packet.destination;
    match blocked.code {
        ReasonCode::NoInterfaceAtDestination => {
            return Err(format!("{} No rule change can fix this: nothing has the address {destination}.", hop.detail))
        }
        ReasonCode::UnsupportedRouteTarget => {
            return Err(format!(
                "{} Point the route at an internet gateway if the traffic is meant for the internet; otherwise the lab cannot say what lies beyond.",
                hop.detail
            ))
        }
        _ => {}
    }
    let table = net
        .route_tables
        .iter()
        .find(|t| t.id.as_str() == hop.component)
        .ok_or_else(|| format!("{} The subnet has no route table in the lab.", hop.detail))?;
    if blocked.code == ReasonCode::NoRouteToDestination {
        if hop.rule.is_some() {
            // A route exists but does not lead back the way the request came.
            return Err(format!("{} Make the route for {destination} lead where the request came from.", hop.detail));
        }
        if let Some(kind) = crate::address::not_globally_reachable(destination) {
            return Err(format!(
                "{} {destination} is {kind} outside the VPC: the internet does not route it, and the lab simulates no peering connection, VPN or transit gateway that could reach it.",
                hop.detail
            ));
        }
        let (mut edits, gateway, first) = ensure_gateway(net, &table.vpc_id)?;
        let route = default_route(destination);
        edits.push(Edit::CreateRoute {
            route_table_id: table.id.clone(),
            destination: route,
            gateway_id: gateway.clone(),
        });
        let summary = then(first, format!("Add route {route} → {gateway} to {}", table.id));
        return Ok(vec![Fix { summary, edits }]);
    }
    // A blackhole: the route's gateway is detached, attached elsewhere, or gone.
    let Some(RuleRef::Route { destination: route_destination, .. }) = &hop.rule else {
        return Err(hop.detail.clone());
    };
    let Some(route) = table.routes.iter().find(|r| &r.destination == route_destination) else {
        return Err(hop.detail.clone());
    };
    let mut proposals = Vec::new();
    let gateway_like = match &route.target {
        RouteTarget::InternetGateway(_) => true,
        RouteTarget::Blackhole { id } => id.starts_with(InternetGatewayId::PREFIX),
        RouteTarget::Local | RouteTarget::Other { .. } => false,
    };
    if gateway_like {
        let vpc = &table.vpc_id;
        let attached = net.internet_gateways.iter().any(|g| g.vpc_id.as_ref() == Some(vpc));
        let detached_target = match &route.target {
            RouteTarget::InternetGateway(g) => net.internet_gateway(g).filter(|g| g.vpc_id.is_none()),
            _ => None,
        };
        match detached_target {
            // The route's own gateway, detached: attaching it is the whole fix.
            Some(g) if !attached => proposals.push(Fix {
                summary: format!("Attach internet gateway {} to {vpc}", g.id),
                edits: vec![Edit::AttachInternetGateway { internet_gateway_id: g.id.clone(), vpc_id: vpc.clone() }],
            }),
            _ => {
                let (mut edits, gateway, first) = ensure_gateway(net, vpc)?;
                edits.push(Edit::ReplaceRoute {
                    route_table_id: table.id.clone(),
                    destination: route.destination,
                    gateway_id: gateway.clone(),
                });
                let summary = then(first, format!("Point route {} at {gateway} in {}", route.destination, table.id));
                proposals.push(Fix { summary, edits });
            }
        }
    }
    // Without the blackhole, a less specific route (or the local one) may carry it.
    proposals.push(Fix {
        summary: format!(
            "Remove route {} → {} from {}: it is a blackhole, and without it a less specific route carries the traffic",
            route.destination,
            route_target_text(&route.target),
            table.id
        ),
        edits: vec![Edit::DeleteRoute { route_table_id: table.id.clone(), destination: route.destination }],
    });
    Ok(proposals)
}

fn route_target_text(target: &RouteTarget) -> String {
    match target {
        RouteTarget::Local => "local".to_owned(),
        RouteTarget::InternetGateway(id) => id.to_string(),
        RouteTarget::Other { id } | RouteTarget::Blackhole { id } => id.clone(),
    }
}

fn gateway_ingress_proposals(
    net: &Network,
    verdict: &Verdict,
    blocked: &Blocked,
    hop: &Hop,
) -> Result<Vec<Fix>, String> {
    let end = match blocked.leg {
        LegDirection::Request => &verdict.destination,
        LegDirection::Reply => &verdict.source,
    };
    let eni = end.interface.as_ref().and_then(|id| net.network_interface(id));
    match blocked.code {
        ReasonCode::NoInternetGateway => {
            let vpc = VpcId::new(blocked.component.clone());
            let (edits, _, text) = ensure_gateway(net, &vpc)?;
            match text {
                Some(summary) if !edits.is_empty() => Ok(vec![Fix { summary, edits }]),
                _ => Err(hop.detail.clone()),
            }
        }
        _ => Err(match (eni, eni.and_then(NetworkInterface::public_ip)) {
            (Some(_), Some(public)) => format!(
                "From the internet, {} is reached at its public IP {public}, not at the private address {}: connect to {public}.",
                end.label,
                hop.packet.destination
            ),
            (Some(eni), None) => format!(
                "{} has no public IP, so nothing on the internet can reach it. Associate an Elastic IP with {}, or put it behind a load balancer in a public subnet; the lab has no edit for that.",
                end.label, eni.id
            ),
            (None, _) => hop.detail.clone(),
        }),
    }
}

// ---------------------------------------------------------------------------
// The reverse: what lets an allowed connection through, and what would block it.

/// A hop that let the connection through, and the rule, entry or route that decided it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Opening {
    pub leg: LegDirection,
    pub kind: HopKind,
    pub component: String,
    /// The deciding rule, entry or route.
    pub rule: RuleRef,
    /// The verdict's sentence for the hop, and for a security group hop whether
    /// removing its rule alone would block the connection.
    pub summary: String,
    /// At a security group hop: every rule of the interface's groups that allows it,
    /// the deciding one first. Only removing all of them blocks it there.
    pub allowed_by: Vec<RuleRef>,
}

/// What lets a connection through, and the changes that would stop it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exposure {
    pub allowed: bool,
    /// Each hop decided by a rule, entry or route, in the order of the path.
    pub through: Vec<Opening>,
    /// Changes that would block it, each checked: revoking every rule that allows it
    /// at the destination's inbound (then the source's outbound) security groups, or a
    /// network ACL DENY before the entry that allows it.
    pub blocks: Vec<Fix>,
    /// When nothing can block it (traffic that nothing filters), or it is blocked already.
    pub note: Option<String>,
}

/// What lets the flow through, and what would block it. See the module's documentation.
pub fn what_would_block(network: &Network, flow: &Flow) -> Result<Exposure, FlowError> {
    let verdict = crate::evaluate(network, flow)?;
    if !verdict.allowed {
        return Ok(Exposure {
            allowed: false,
            through: Vec::new(),
            blocks: Vec::new(),
            note: Some(format!("It is blocked already: {}", verdict.summary)),
        });
    }
    let mut through = Vec::new();
    let mut security_group_hops = Vec::new();
    let mut acl_hops = Vec::new();
    let legs = std::iter::once(&verdict.request).chain(verdict.reply.as_ref());
    for leg in legs {
        for hop in &leg.hops {
            let Some(rule) = hop.rule.clone() else { continue };
            if hop.outcome != HopOutcome::Allowed {
                continue;
            }
            let mut opening = Opening {
                leg: leg.direction,
                kind: hop.kind,
                component: hop.component.clone(),
                rule,
                summary: hop.detail.clone(),
                allowed_by: Vec::new(),
            };
            let direction = match hop.kind {
                HopKind::SecurityGroupsInbound => Some(Direction::Inbound),
                HopKind::SecurityGroupsOutbound => Some(Direction::Outbound),
                _ => None,
            };
            if let (Some(direction), LegDirection::Request) = (direction, leg.direction) {
                let allowing = allowing_rules(network, hop, direction);
                opening.allowed_by = allowing
                    .iter()
                    .map(|(g, r)| RuleRef::SecurityGroupRule { group_id: g.id.clone(), rule_id: r.id.clone() })
                    .collect();
                // The deciding rule first.
                if let Some(at) = opening.allowed_by.iter().position(|r| r == &opening.rule) {
                    let deciding = opening.allowed_by.remove(at);
                    opening.allowed_by.insert(0, deciding);
                }
                match opening.allowed_by.len() {
                    0 | 1 => {}
                    2 => opening
                        .summary
                        .push_str(" Another rule also allows it, so removing this one alone would not block it."),
                    n => opening.summary.push_str(&format!(
                        " {} other rules also allow it, so removing this one alone would not block it.",
                        n - 1
                    )),
                }
                security_group_hops.push((hop.clone(), direction, allowing));
            }
            if matches!(hop.kind, HopKind::NetworkAclInbound | HopKind::NetworkAclOutbound)
                && leg.direction == LegDirection::Request
            {
                acl_hops.push(hop.clone());
            }
            through.push(opening);
        }
    }

    let mut proposals = Vec::new();
    // The destination's inbound rules first: "who may connect to it" is where people look.
    security_group_hops.sort_by_key(|(_, direction, _)| *direction != Direction::Inbound);
    for (_, direction, allowing) in &security_group_hops {
        if let Some(fix) = revoke_all(network, *direction, allowing) {
            proposals.push(fix);
        }
    }
    for hop in &acl_hops {
        if let Some(fix) = deny_before(network, hop) {
            proposals.push(fix);
        }
    }
    let blocks: Vec<Fix> = proposals.into_iter().filter(|fix| blocks_it(network, flow, fix)).collect();
    let note = if through.is_empty() {
        Some(format!(
            "{} Nothing on its path can be changed to block it.",
            verdict.request.hops.first().map_or("", |h| h.detail.as_str())
        ))
    } else {
        None
    };
    Ok(Exposure { allowed: true, through, blocks, note })
}

/// Every rule of the hop's interface's groups that allows the packet, in group order.
fn allowing_rules<'n>(net: &'n Network, hop: &Hop, direction: Direction) -> Vec<(&'n SecurityGroup, &'n SgRule)> {
    let Some(eni) = net.network_interfaces.iter().find(|n| n.id.as_str() == hop.component) else { return Vec::new() };
    let remote = match direction {
        Direction::Inbound => hop.packet.source,
        Direction::Outbound => hop.packet.destination,
    };
    let vpc = vpc_of(net, eni);
    let mut groups: Vec<&SecurityGroup> = Vec::new();
    for g in eni.security_groups.iter().filter_map(|id| net.security_group(id)) {
        if !groups.iter().any(|x| x.id == g.id) {
            groups.push(g);
        }
    }
    let peer_matches = |peer: &Peer| match peer {
        Peer::Cidr(c) => c.contains(&remote),
        Peer::PrefixList(id) => net.prefix_list(id).is_some_and(|p| p.cidrs.iter().any(|c| c.contains(&remote))),
        // Members' private addresses, in the interface's VPC.
        Peer::SecurityGroup(id) => {
            net.security_group(id).is_some()
                && vpc.is_some()
                && net
                    .network_interfaces
                    .iter()
                    .any(|n| n.security_groups.contains(id) && n.has_private_address(remote) && vpc_of(net, n) == vpc)
        }
    };
    groups
        .into_iter()
        .flat_map(|g| g.rules(direction).iter().map(move |r| (g, r)))
        .filter(|(_, r)| r.traffic.matches(hop.packet.service) && peer_matches(&r.peer))
        .collect()
}

fn revoke_all(net: &Network, direction: Direction, allowing: &[(&SecurityGroup, &SgRule)]) -> Option<Fix> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut texts = Vec::new();
    for (group, rule) in allowing {
        texts.push(format!("{} in {}", rule_text(net, direction, rule.traffic, &rule.peer), group_text(group)));
        let existing = edits.iter_mut().find_map(|e| match e {
            Edit::RevokeSecurityGroupIngress { group_id, rule_ids }
            | Edit::RevokeSecurityGroupEgress { group_id, rule_ids }
                if group_id == &group.id =>
            {
                Some(rule_ids)
            }
            _ => None,
        });
        match existing {
            Some(ids) => ids.push(rule.id.clone()),
            None => edits.push(match direction {
                Direction::Inbound => {
                    Edit::RevokeSecurityGroupIngress { group_id: group.id.clone(), rule_ids: vec![rule.id.clone()] }
                }
                Direction::Outbound => {
                    Edit::RevokeSecurityGroupEgress { group_id: group.id.clone(), rule_ids: vec![rule.id.clone()] }
                }
            }),
        }
    }
    let summary = match texts.as_slice() {
        [] => return None,
        [one] => format!("Remove {} rule {one}", direction.as_str()),
        many => format!("Remove the {} {} rules that allow it: {}", many.len(), direction.as_str(), many.join("; ")),
    };
    Some(Fix { summary, edits })
}

fn deny_before(net: &Network, hop: &Hop) -> Option<Fix> {
    let acl = net.network_acls.iter().find(|a| a.id.as_str() == hop.component)?;
    let egress = hop.kind == HopKind::NetworkAclOutbound;
    let allow = deciding_entry(hop)?;
    let remote = if egress { hop.packet.destination } else { hop.packet.source };
    let traffic = exactly(hop.packet.service);
    let cidr = IpNet::from(remote);
    let (number, edit) = entry_edit(acl, egress, RuleAction::Deny, traffic, cidr, Some(allow))?;
    let summary = format!(
        "{}, before rule {allow} which allows it",
        entry_text(egress, number, RuleAction::Deny, traffic, cidr, acl)
    );
    Some(Fix { summary, edits: vec![edit] })
}

/// Does the fix, applied, block the flow?
fn blocks_it(net: &Network, flow: &Flow, fix: &Fix) -> bool {
    let mut changed = net.clone();
    fix.edits.iter().all(|e| changed.apply(e).is_ok()) && crate::evaluate(&changed, flow).is_ok_and(|v| !v.allowed)
}
