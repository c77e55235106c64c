//! Who can reach what: every source × destination of a lab for one service, and the
//! one-line questions asked of it ("who can reach X on port P?", "where can X go?").
//!
//! The ends are the lab's network interfaces (each reached at the address a peer
//! would use: privately from its VPC, at its public IP from elsewhere) and its named
//! internet hosts. A cell is exactly what [`Evaluator::decide`] says of the flow
//! between the two ends (the default client port), so it agrees with `evaluate`.
//!
//! **Speed.** A thousand interfaces are a million pairs, but far fewer kinds of
//! interface: the decision for a pair depends only on, for each end, its security
//! groups, its subnet (hence VPC, route table and network ACL), and for each of its
//! addresses which CIDRs contain it and which groups count it as a member. Interfaces
//! equal in all of that form one class, and the matrix decides one pair per pair of
//! classes (plus one self-pair per class: an interface talking to itself is never
//! filtered). "Which CIDRs contain it" is one number: every CIDR in the lab (rules,
//! prefix lists, ACL entries, routes, VPC blocks, the private ranges the internet
//! refuses) cuts the IPv4 space at its two ends, and two addresses between the same
//! cuts are inside exactly the same CIDRs. `tests/reach_matrix_props.rs` checks the
//! matrix against a pairwise `evaluate` on random networks.

use crate::eval::{BlockedAt, ComponentRef, Decision, Evaluator, Side};
use crate::flow::{Endpoint, Flow, FlowError};
use crate::ids::{SecurityGroupId, SubnetId};
use crate::model::{Network, Peer};
use crate::traffic::Service;
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

/// One row (as a source) and column (as a destination) of the matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixEnd {
    /// How flows name it: `Endpoint::Interface` or a host's `Endpoint::Address`.
    pub endpoint: Endpoint,
    /// For people: the resource's name, else the interface's `Name` tag or id; the host's name.
    pub label: String,
    /// Its index in `Network::network_interfaces`, for an interface.
    pub interface: Option<usize>,
    /// Its primary private IPv4 address, or the host's address.
    pub address: Option<IpAddr>,
    pub public_ip: Option<Ipv4Addr>,
    pub subnet: Option<SubnetId>,
    pub security_groups: Vec<SecurityGroupId>,
}

impl MatrixEnd {
    pub fn is_internet_host(&self) -> bool {
        self.interface.is_none()
    }

    /// Does the text name this end: its label, interface or resource id, or an address?
    fn is_named(&self, text: &str, network: &Network) -> bool {
        let text = text.trim();
        if self.label.eq_ignore_ascii_case(text) {
            return true;
        }
        if let Ok(a) = text.parse::<IpAddr>() {
            return self.address == Some(a) || self.public_ip.map(IpAddr::V4) == Some(a);
        }
        match self.interface.and_then(|i| network.network_interfaces.get(i)) {
            Some(eni) => eni.id.as_str() == text || eni.resource_id.as_ref().is_some_and(|r| r.as_str() == text),
            None => false,
        }
    }
}

/// One cell: the decision, or why the pair is not a connection (a host to a host,
/// ICMPv6 to an IPv4 address…).
pub type CellOutcome = Result<Decision, FlowError>;

/// Every source × destination of a lab for one service.
#[derive(Clone, Debug)]
pub struct ReachMatrix {
    pub service: Service,
    pub ends: Vec<MatrixEnd>,
    /// The class of each end (ends of one class are judged alike).
    class_of: Vec<u32>,
    classes: usize,
    /// `classes × classes` indexes into `outcomes`: the outcome for two different
    /// ends of these classes.
    between: Vec<u32>,
    /// Per class: the outcome of an end to itself.
    to_itself: Vec<u32>,
    outcomes: Vec<CellOutcome>,
}

impl ReachMatrix {
    /// The matrix of a lab for one service.
    pub fn build(network: &Network, service: Service) -> Self {
        Self::build_with(&Evaluator::new(network), network, service)
    }

    /// The same, with an evaluator already built over `network`.
    pub fn build_with(evaluator: &Evaluator, network: &Network, service: Service) -> Self {
        let ends = matrix_ends(network);
        let (class_of, classes) = classes(network, &ends);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); classes];
        for (end, &class) in class_of.iter().enumerate() {
            if let Some(m) = members.get_mut(class as usize) {
                m.push(end);
            }
        }
        let mut outcomes = Outcomes::default();
        let flow = |s: usize, d: usize| Flow::new(ends[s].endpoint.clone(), ends[d].endpoint.clone(), service);
        let mut between = vec![u32::MAX; classes * classes];
        let mut to_itself = vec![u32::MAX; classes];
        for (cs, sources) in members.iter().enumerate() {
            let Some(&s) = sources.first() else { continue };
            to_itself[cs] = outcomes.add(evaluator.decide(&flow(s, s)));
            for (cd, destinations) in members.iter().enumerate() {
                // Two different ends, one of each class (none when the class is one end).
                if let Some(d) = destinations.iter().copied().find(|&d| d != s) {
                    between[cs * classes + cd] = outcomes.add(evaluator.decide(&flow(s, d)));
                }
            }
        }
        ReachMatrix { service, ends, class_of, classes, between, to_itself, outcomes: outcomes.list }
    }

    /// The number of ends (rows, and columns).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The flow a cell judges.
    pub fn flow(&self, from: usize, to: usize) -> Option<Flow> {
        Some(Flow::new(self.ends.get(from)?.endpoint.clone(), self.ends.get(to)?.endpoint.clone(), self.service))
    }

    /// The outcome of the flow from one end to another; `None` outside the matrix.
    pub fn outcome(&self, from: usize, to: usize) -> Option<&CellOutcome> {
        let cs = *self.class_of.get(from)? as usize;
        let cd = *self.class_of.get(to)? as usize;
        let index = if from == to { *self.to_itself.get(cs)? } else { *self.between.get(cs * self.classes + cd)? };
        self.outcomes.get(index as usize)
    }

    /// Is the flow from one end to another allowed?
    pub fn allowed(&self, from: usize, to: usize) -> bool {
        matches!(self.outcome(from, to), Some(Ok(d)) if d.allowed)
    }

    /// What stopped the flow from one end to another, and the component that did
    /// (name it with [`Evaluator::component_id`] or [`ReachMatrix::component_id`]).
    pub fn blocked_at(&self, from: usize, to: usize) -> Option<(BlockedAt, ComponentRef)> {
        let at = self.outcome(from, to)?.as_ref().ok()?.blocked?;
        // The class's decision names the interface of the pair it was decided on:
        // this pair's own interface at that side is the one that stopped it.
        let component = match at.component {
            ComponentRef::Interface(_) => {
                let end = match at.side {
                    Side::Source => from,
                    Side::Destination | Side::Internet => to,
                };
                self.ends[end].interface.map_or(ComponentRef::Unknown, ComponentRef::Interface)
            }
            other => other,
        };
        Some((at, component))
    }

    /// The id of a component, as the verdict names it (`eni-…`, `acl-…`, `rtb-…`…).
    pub fn component_id(network: &Network, component: ComponentRef) -> String {
        let id = match component {
            ComponentRef::Interface(i) => network.network_interfaces.get(i).map(|n| n.id.to_string()),
            ComponentRef::NetworkAcl(i) => network.network_acls.get(i).map(|a| a.id.to_string()),
            ComponentRef::RouteTable(i) => network.route_tables.get(i).map(|t| t.id.to_string()),
            ComponentRef::InternetGateway(i) => network.internet_gateways.get(i).map(|g| g.id.to_string()),
            ComponentRef::Vpc(i) => network.vpcs.get(i).map(|v| v.id.to_string()),
            ComponentRef::Internet => Some("internet".to_owned()),
            ComponentRef::Unknown => None,
        };
        id.unwrap_or_default()
    }

    /// How many pairs of different ends, one from `rows` (sources) and one from
    /// `columns` (destinations), have each outcome; an end to itself is left out.
    /// Counted per pair of classes, so a million pairs cost no more than their
    /// classes: the same answer as reading every cell.
    pub fn outcome_counts(&self, rows: &[usize], columns: &[usize]) -> Vec<(&CellOutcome, usize)> {
        let per_class = |ends: &[usize]| {
            let mut counts: HashMap<u32, usize> = HashMap::new();
            for &end in ends {
                if let Some(&class) = self.class_of.get(end) {
                    *counts.entry(class).or_default() += 1;
                }
            }
            counts
        };
        let (row_classes, column_classes) = (per_class(rows), per_class(columns));
        // The pairs of an end with itself, by class: not counted.
        let mut in_columns: HashMap<usize, usize> = HashMap::new();
        for &end in columns {
            *in_columns.entry(end).or_default() += 1;
        }
        let mut both: HashMap<u32, usize> = HashMap::new();
        for &end in rows {
            if let (Some(&times), Some(&class)) = (in_columns.get(&end), self.class_of.get(end)) {
                *both.entry(class).or_default() += times;
            }
        }
        let mut tally: Vec<usize> = vec![0; self.outcomes.len()];
        for (&cr, &nr) in &row_classes {
            for (&cc, &nc) in &column_classes {
                let own = if cr == cc { both.get(&cr).copied().unwrap_or(0) } else { 0 };
                let pairs = nr * nc - own;
                if pairs == 0 {
                    continue;
                }
                let index = self.between.get(cr as usize * self.classes + cc as usize).copied().unwrap_or(u32::MAX);
                if let Some(slot) = tally.get_mut(index as usize) {
                    *slot += pairs;
                }
            }
        }
        self.outcomes.iter().zip(tally).filter(|(_, n)| *n > 0).collect()
    }

    /// How many ordered pairs of different ends are allowed (every cell is read).
    pub fn allowed_pairs(&self) -> usize {
        let n = self.len();
        (0..n).map(|from| (0..n).filter(|&to| to != from && self.allowed(from, to)).count()).sum()
    }

    /// The sources that can reach `to` (itself left out).
    pub fn who_can_reach(&self, to: usize) -> Vec<usize> {
        (0..self.len()).filter(|&from| from != to && self.allowed(from, to)).collect()
    }

    /// The destinations `from` can reach (itself left out).
    pub fn where_can_go(&self, from: usize) -> Vec<usize> {
        (0..self.len()).filter(|&to| to != from && self.allowed(from, to)).collect()
    }

    /// The sources that cannot reach `to` (itself left out): blocked, or not a
    /// connection at all (two internet hosts…).
    pub fn who_cannot_reach(&self, to: usize) -> Vec<usize> {
        (0..self.len()).filter(|&from| from != to && !self.allowed(from, to)).collect()
    }

    /// The destinations `from` cannot reach (itself left out).
    pub fn where_cannot_go(&self, from: usize) -> Vec<usize> {
        (0..self.len()).filter(|&to| to != from && !self.allowed(from, to)).collect()
    }

    /// Why the flow from one end to another is not a connection, in that pair's own
    /// words. The matrix keeps one error per pair of classes, and its text names the
    /// addresses of the pair it was decided on, which may be other ends of the same
    /// classes: this judges the pair itself. `None` when it is a connection.
    pub fn not_a_connection(&self, evaluator: &Evaluator, from: usize, to: usize) -> Option<FlowError> {
        if !self.outcome(from, to)?.is_err() {
            return None;
        }
        evaluator.decide(&self.flow(from, to)?).err()
    }

    /// The end a user names: a label (case-insensitive), an interface or resource id,
    /// or one of its addresses.
    pub fn find(&self, network: &Network, text: &str) -> Option<usize> {
        self.ends.iter().position(|e| e.is_named(text, network))
    }
}

/// Outcomes, each stored once.
#[derive(Default)]
struct Outcomes {
    list: Vec<CellOutcome>,
    decided: HashMap<Decision, u32>,
}

impl Outcomes {
    fn add(&mut self, outcome: CellOutcome) -> u32 {
        let next = self.list.len() as u32;
        match &outcome {
            Ok(decision) => {
                let index = *self.decided.entry(*decision).or_insert(next);
                if index == next {
                    self.list.push(outcome);
                }
                index
            }
            Err(e) => match self.list.iter().position(|o| o.as_ref().err() == Some(e)) {
                Some(i) => i as u32,
                None => {
                    self.list.push(outcome);
                    next
                }
            },
        }
    }
}

/// The matrix's ends: every interface (the first of any repeated id, as flows name
/// them by id), then every named internet host.
pub fn matrix_ends(network: &Network) -> Vec<MatrixEnd> {
    let resource_names: HashMap<&str, &str> =
        network.resources.iter().map(|r| (r.id.as_str(), r.name.as_str())).collect();
    let mut interfaces_per_resource: HashMap<&str, usize> = HashMap::new();
    for eni in &network.network_interfaces {
        if let Some(r) = &eni.resource_id {
            *interfaces_per_resource.entry(r.as_str()).or_default() += 1;
        }
    }
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut ends = Vec::with_capacity(network.network_interfaces.len() + network.internet_hosts.len());
    for (index, eni) in network.network_interfaces.iter().enumerate() {
        if !seen.insert(eni.id.as_str()) {
            continue;
        }
        let resource = eni.resource_id.as_ref().map(|r| r.as_str());
        let label = match resource.and_then(|r| resource_names.get(r)) {
            // A resource with several interfaces: say which.
            Some(name) if resource.and_then(|r| interfaces_per_resource.get(r)).is_some_and(|&n| n > 1) => {
                format!("{name} ({})", eni.id)
            }
            Some(name) => (*name).to_owned(),
            None => crate::model::name_tag(&eni.tags).map_or_else(|| eni.id.to_string(), str::to_owned),
        };
        ends.push(MatrixEnd {
            endpoint: Endpoint::Interface(eni.id.clone()),
            label,
            interface: Some(index),
            address: eni.primary_private_ip().map(IpAddr::V4),
            public_ip: eni.public_ip(),
            subnet: Some(eni.subnet_id.clone()),
            security_groups: eni.security_groups.clone(),
        });
    }
    for host in &network.internet_hosts {
        ends.push(MatrixEnd {
            endpoint: Endpoint::Address(host.address),
            label: host.name.clone(),
            interface: None,
            address: Some(host.address),
            public_ip: None,
            subnet: None,
            security_groups: Vec::new(),
        });
    }
    ends
}

/// What decides every flow between interfaces, for one interface (see the module's doc).
#[derive(Clone, PartialEq, Eq, Hash)]
struct ClassKey<'a> {
    groups: &'a [SecurityGroupId],
    subnet: &'a str,
    private: (usize, u32),
    public: Option<(usize, u32)>,
    /// The first IPv6 address: the one the interface sends from and is reached at.
    ipv6: Option<(usize, u32)>,
}

/// The class of every end, and how many classes there are. Each internet host is a
/// class of its own.
fn classes(network: &Network, ends: &[MatrixEnd]) -> (Vec<u32>, usize) {
    let (cuts, cuts_v6) = address_cuts(network);
    let interval = |a: IpAddr| match a {
        IpAddr::V4(a) => cuts.partition_point(|&c| c <= u32::from(a)),
        IpAddr::V6(a) => cuts_v6.partition_point(|&c| c <= u128::from(a)),
    };
    let members = group_members_by_address(network);
    let mut member_sets: HashMap<&[(usize, usize)], u32> = HashMap::new();
    let mut membership = |a: IpAddr| -> u32 {
        let set = members.get(&a).map(Vec::as_slice).unwrap_or_default();
        let next = member_sets.len() as u32;
        *member_sets.entry(set).or_insert(next)
    };
    let mut keys: HashMap<ClassKey, u32> = HashMap::new();
    let mut class_of = vec![0u32; ends.len()];
    let mut hosts = Vec::new();
    for (index, end) in ends.iter().enumerate() {
        match end.interface.and_then(|i| network.network_interfaces.get(i)) {
            Some(eni) => {
                let private = IpAddr::V4(eni.primary_private_ip().unwrap_or(Ipv4Addr::UNSPECIFIED));
                let mut place = |a: IpAddr| (interval(a), membership(a));
                let key = ClassKey {
                    groups: &eni.security_groups,
                    subnet: eni.subnet_id.as_str(),
                    private: place(private),
                    public: eni.public_ip().map(|p| place(IpAddr::V4(p))),
                    ipv6: eni.ipv6_addresses.first().map(|a| place(IpAddr::V6(*a))),
                };
                let next = keys.len() as u32;
                class_of[index] = *keys.entry(key).or_insert(next);
            }
            None => hosts.push(index),
        }
    }
    let interface_classes = keys.len();
    for (k, &index) in hosts.iter().enumerate() {
        class_of[index] = (interface_classes + k) as u32;
    }
    (class_of, interface_classes + hosts.len())
}

/// Where the CIDRs of the lab begin and end (the first address after each), IPv4 and
/// IPv6 apart, sorted: addresses between the same two cuts are in exactly the same CIDRs.
fn address_cuts(network: &Network) -> (Vec<u32>, Vec<u128>) {
    let mut cidrs: Vec<IpNet> = Vec::new();
    for group in &network.security_groups {
        for rule in group.inbound.iter().chain(&group.outbound) {
            if let Peer::Cidr(c) = &rule.peer {
                cidrs.push(*c);
            }
        }
    }
    cidrs.extend(network.prefix_lists.iter().flat_map(|p| &p.cidrs));
    cidrs.extend(network.network_acls.iter().flat_map(|a| a.inbound.iter().chain(&a.outbound)).map(|e| e.cidr));
    cidrs.extend(network.route_tables.iter().flat_map(|t| &t.routes).map(|r| r.destination));
    for vpc in &network.vpcs {
        cidrs.extend(vpc.cidr_blocks.iter().copied().map(IpNet::V4));
        cidrs.extend(vpc.ipv6_cidr_blocks.iter().copied().map(IpNet::V6));
    }
    for subnet in &network.subnets {
        cidrs.push(IpNet::V4(subnet.cidr_block));
        cidrs.extend(subnet.ipv6_cidr_block.map(IpNet::V6));
    }
    // The blocks whose addresses the internet does not route, of each kind.
    cidrs.extend(crate::address::registry_blocks());
    let (mut cuts, mut cuts_v6) = (Vec::with_capacity(cidrs.len() * 2), Vec::new());
    for c in cidrs {
        match c {
            IpNet::V4(c) => {
                cuts.push(u32::from(c.network()));
                cuts.extend(u32::from(c.broadcast()).checked_add(1));
            }
            IpNet::V6(c) => {
                cuts_v6.push(u128::from(c.network()));
                cuts_v6.extend(u128::from(c.broadcast()).checked_add(1));
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts_v6.sort_unstable();
    cuts_v6.dedup();
    (cuts, cuts_v6)
}

/// For each private address (IPv4 and IPv6): the (VPC, group) pairs whose members it counts
/// among, by index, sorted. As the evaluator counts them: an interface's existing
/// groups, in the VPC of its subnet.
fn group_members_by_address(network: &Network) -> HashMap<IpAddr, Vec<(usize, usize)>> {
    let group_index: HashMap<&str, usize> =
        network.security_groups.iter().enumerate().rev().map(|(i, g)| (g.id.as_str(), i)).collect();
    let vpc_index: HashMap<&str, usize> =
        network.vpcs.iter().enumerate().rev().map(|(i, v)| (v.id.as_str(), i)).collect();
    let subnet_vpc: HashMap<&str, Option<usize>> =
        network.subnets.iter().rev().map(|s| (s.id.as_str(), vpc_index.get(s.vpc_id.as_str()).copied())).collect();
    let mut members: HashMap<IpAddr, Vec<(usize, usize)>> = HashMap::new();
    for eni in &network.network_interfaces {
        let Some(vpc) = subnet_vpc.get(eni.subnet_id.as_str()).copied().flatten() else { continue };
        for group in eni.security_groups.iter().filter_map(|g| group_index.get(g.as_str())) {
            let addresses = eni.private_ips.iter().map(|p| IpAddr::V4(p.address));
            for a in addresses.chain(eni.ipv6_addresses.iter().map(|a| IpAddr::V6(*a))) {
                members.entry(a).or_default().push((vpc, *group));
            }
        }
    }
    for list in members.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    members
}

/// A one-line question about a lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// "who can reach X [on …]"
    WhoCanReach { end: String, service: Option<Service> },
    /// "where can X go [on …]"
    WhereCanGo { end: String, service: Option<Service> },
}

/// A question that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    #[error("ask `who can reach X on port P` or `where can X go on port P`")]
    NotAQuestion,
    #[error("`{0}` is not a service: write a port (`443`), `tcp 443`, `udp 53`, `icmp` or `all traffic`")]
    BadService(String),
    #[error("name what to ask about: a resource, an interface id or an address")]
    MissingEnd,
}

impl Question {
    /// Reads "who can reach X on port 443", "where can X go on udp 53", "who can reach X".
    pub fn parse(text: &str) -> Result<Self, QuestionError> {
        let text = text.trim().trim_end_matches('?').trim();
        let lower = text.to_ascii_lowercase();
        let (rest, who) = if let Some(rest) = strip_prefix_ci(text, &lower, "who can reach ") {
            (rest, true)
        } else if let Some(rest) = strip_prefix_ci(text, &lower, "where can ") {
            (rest, false)
        } else {
            return Err(QuestionError::NotAQuestion);
        };
        // The service follows the last " on ".
        let rest_lower = rest.to_ascii_lowercase();
        let (subject, service) = match rest_lower.rfind(" on ") {
            Some(at) => (&rest[..at], Some(parse_service(rest[at + 4..].trim())?)),
            None => (rest, None),
        };
        let subject = subject.trim();
        let end = if who {
            subject
        } else {
            let lower = subject.to_ascii_lowercase();
            match lower.strip_suffix(" go") {
                Some(_) => subject[..subject.len() - 3].trim(),
                None => return Err(QuestionError::NotAQuestion),
            }
        };
        if end.is_empty() {
            return Err(QuestionError::MissingEnd);
        }
        let end = end.trim_matches('"').to_owned();
        Ok(if who { Question::WhoCanReach { end, service } } else { Question::WhereCanGo { end, service } })
    }
}

fn strip_prefix_ci<'t>(text: &'t str, lower: &str, prefix: &str) -> Option<&'t str> {
    lower.starts_with(prefix).then(|| &text[prefix.len()..])
}

/// `443`, `port 443`, `tcp 443`, `tcp port 443`, `udp 53`, `icmp`, `all traffic`, `-1`.
pub fn parse_service(text: &str) -> Result<Service, QuestionError> {
    let bad = || QuestionError::BadService(text.to_owned());
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "port").collect();
    let port = |w: &str| w.parse::<u16>().map_err(|_| bad());
    match words.as_slice() {
        [p] if p.chars().all(|c| c.is_ascii_digit()) => Ok(Service::Tcp { port: port(p)? }),
        ["tcp", p] => Ok(Service::Tcp { port: port(p)? }),
        ["udp", p] => Ok(Service::Udp { port: port(p)? }),
        ["icmp"] | ["ping"] => Ok(Service::Icmp { icmp_type: 8, code: 0 }),
        ["icmpv6"] => Ok(Service::Icmpv6 { icmp_type: 128, code: 0 }),
        ["all", "traffic"] | ["all"] | ["-1"] => Ok(Service::All),
        _ => Err(bad()),
    }
}
