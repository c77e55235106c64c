//! The "Who can reach" tab as plain data: the service picker as typed, the filters
//! on sources and destinations, what each cell says (to the eye, to a screen reader,
//! and in the details line), the counts, and the answers to one-line questions.
//! No Leptos here: everything is tested natively.

use sglab_engine::console::{RuleType, PRESETS};
use sglab_engine::eval::{BlockedAt, ComponentRef};
use sglab_engine::reach::{MatrixEnd, Question, QuestionError, ReachMatrix};
use sglab_engine::verdict::{HopKind, LegDirection, ReasonCode};
use sglab_engine::Evaluator;
use sglab_engine::{Flow, Network, Protocol, Service};
use std::collections::BTreeMap;

/// The most sources, and the most destinations, drawn as a grid: 60 × 60 is 3,600
/// buttons; a thousand interfaces would be a million.
pub const GRID_LIMIT: usize = 60;

/// The most names an answer lists before saying how many more there are.
pub const ANSWER_LIMIT: usize = 40;

/// The service picker as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceDraft {
    /// A Type preset's label, as the console shows it.
    pub rule_type: String,
    pub port: String,
    pub icmp_type: String,
    pub icmp_code: String,
    pub protocol_number: String,
}

impl Default for ServiceDraft {
    fn default() -> Self {
        ServiceDraft {
            rule_type: RuleType::Https.label().to_owned(),
            port: "8080".into(),
            icmp_type: "8".into(),
            icmp_code: "0".into(),
            protocol_number: "47".into(),
        }
    }
}

/// Which field of the service picker a message belongs under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceField {
    Type,
    Port,
    IcmpType,
    IcmpCode,
    ProtocolNumber,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    pub field: ServiceField,
    pub message: String,
}

fn service_error(field: ServiceField, message: impl Into<String>) -> ServiceError {
    ServiceError { field, message: message.into() }
}

/// The Type presets a matrix can use: one service per cell, so the console's list
/// without its ranges ("All TCP" is 65,536 services).
pub fn service_types() -> impl Iterator<Item = RuleType> {
    crate::firing::form::service_choices()
}

/// What a Type option reads: `HTTPS (443)`, `Custom TCP`.
pub fn type_option_text(rule_type: RuleType) -> String {
    let preset = rule_type.preset();
    match preset.port {
        Some(port) => format!("{} ({port})", preset.label),
        None => preset.label.to_owned(),
    }
}

impl ServiceDraft {
    pub fn rule_type(&self) -> Option<RuleType> {
        RuleType::from_label(&self.rule_type)
    }

    /// Reads the picker: every field's problem, not just the first.
    pub fn parse(&self) -> Result<Service, Vec<ServiceError>> {
        let Some(rule_type) = self.rule_type() else {
            return Err(vec![service_error(ServiceField::Type, format!("Unknown type `{}`.", self.rule_type))]);
        };
        let number =
            |text: &str, field, message: &str| text.trim().parse::<u8>().map_err(|_| service_error(field, message));
        let port = || {
            self.port
                .trim()
                .parse::<u16>()
                .map_err(|_| vec![service_error(ServiceField::Port, "Enter a port from 0 to 65535.")])
        };
        let icmp = || {
            let t = number(&self.icmp_type, ServiceField::IcmpType, "Enter an ICMP type from 0 to 255.");
            let c = number(&self.icmp_code, ServiceField::IcmpCode, "Enter an ICMP code from 0 to 255.");
            match (t, c) {
                (Ok(t), Ok(c)) => Ok((t, c)),
                (t, c) => Err([t.err(), c.err()].into_iter().flatten().collect::<Vec<_>>()),
            }
        };
        match rule_type {
            RuleType::CustomTcp => Ok(Service::Tcp { port: port()? }),
            RuleType::CustomUdp => Ok(Service::Udp { port: port()? }),
            RuleType::CustomIcmpV4 => icmp().map(|(icmp_type, code)| Service::Icmp { icmp_type, code }),
            RuleType::CustomIcmpV6 => icmp().map(|(icmp_type, code)| Service::Icmpv6 { icmp_type, code }),
            RuleType::CustomProtocol => {
                let n = number(
                    &self.protocol_number,
                    ServiceField::ProtocolNumber,
                    "Enter a protocol number from 0 to 255.",
                )
                .map_err(|e| vec![e])?;
                let instead = match n {
                    1 => Some("ICMP: choose Custom ICMP - IPv4"),
                    6 => Some("TCP: choose Custom TCP"),
                    17 => Some("UDP: choose Custom UDP"),
                    58 => Some("ICMPv6: choose Custom ICMP - IPv6"),
                    _ => None,
                };
                match instead {
                    Some(hint) => Err(vec![service_error(
                        ServiceField::ProtocolNumber,
                        format!("Protocol {n} is {hint} to give its details."),
                    )]),
                    None => Ok(Service::Other(n)),
                }
            }
            RuleType::AllTraffic => Ok(Service::All),
            other => {
                let preset = other.preset();
                match (preset.protocol, preset.port) {
                    (Some(Protocol::Tcp), Some(port)) => Ok(Service::Tcp { port }),
                    (Some(Protocol::Udp), Some(port)) => Ok(Service::Udp { port }),
                    _ => Err(vec![service_error(
                        ServiceField::Type,
                        format!("`{}` is a range: choose one service.", preset.label),
                    )]),
                }
            }
        }
    }
}

/// A service for people: `HTTPS (TCP 443)`, `TCP 8080`, `DNS (UDP 53)`, `ICMP type 8
/// code 0`, `all traffic`.
pub fn service_text(service: Service) -> String {
    let named = |protocol: Protocol, port: u16| {
        PRESETS
            .iter()
            .find(|p| p.protocol == Some(protocol) && p.port == Some(port))
            // "DNS (UDP)" names its protocol, which the text gives anyway.
            .map(|p| p.label.split(" (").next().unwrap_or(p.label))
    };
    match service {
        Service::Tcp { port } => match named(Protocol::Tcp, port) {
            Some(name) => format!("{name} (TCP {port})"),
            None => format!("TCP {port}"),
        },
        Service::Udp { port } => match named(Protocol::Udp, port) {
            Some(name) => format!("{name} (UDP {port})"),
            None => format!("UDP {port}"),
        },
        Service::Icmp { icmp_type, code } => format!("ICMP type {icmp_type} code {code}"),
        Service::Icmpv6 { icmp_type, code } => format!("ICMPv6 type {icmp_type} code {code}"),
        Service::All => "all traffic".to_owned(),
        Service::Other(n) => format!("IP protocol {n}"),
    }
}

/// Which ends one axis of the grid shows. Empty fields let everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndFilter {
    /// Part of a name, an interface or resource id, or an address (any case).
    pub text: String,
    /// A subnet id, [`INTERNET`] for internet hosts, or empty for any.
    pub subnet: String,
    /// A security group id, or empty for any.
    pub group: String,
}

/// The subnet filter's value for the internet hosts.
pub const INTERNET: &str = "internet";

impl EndFilter {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.subnet.is_empty() && self.group.is_empty()
    }

    pub fn matches(&self, end: &MatrixEnd, network: &Network) -> bool {
        let subnet_ok = match self.subnet.as_str() {
            "" => true,
            INTERNET => end.is_internet_host(),
            id => end.subnet.as_ref().is_some_and(|s| s.as_str() == id),
        };
        let group_ok = self.group.is_empty() || end.security_groups.iter().any(|g| g.as_str() == self.group);
        subnet_ok && group_ok && text_matches(self.text.trim(), end, network)
    }
}

fn text_matches(text: &str, end: &MatrixEnd, network: &Network) -> bool {
    if text.is_empty() {
        return true;
    }
    let needle = text.to_lowercase();
    let has = |hay: &str| hay.to_lowercase().contains(&needle);
    if has(&end.label) {
        return true;
    }
    if end.address.is_some_and(|a| has(&a.to_string())) || end.public_ip.is_some_and(|a| has(&a.to_string())) {
        return true;
    }
    match end.interface.and_then(|i| network.network_interfaces.get(i)) {
        Some(eni) => has(eni.id.as_str()) || eni.resource_id.as_ref().is_some_and(|r| has(r.as_str())),
        None => false,
    }
}

/// The filters of both axes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub sources: EndFilter,
    pub destinations: EndFilter,
}

/// The ends (indexes into `matrix.ends`) a filter lets through, in the matrix's order.
pub fn select(matrix: &ReachMatrix, network: &Network, filter: &EndFilter) -> Vec<usize> {
    if filter.is_empty() {
        return (0..matrix.len()).collect();
    }
    (0..matrix.len()).filter(|&i| filter.matches(&matrix.ends[i], network)).collect()
}

/// The subnet filter's choices: every subnet (its Name tag and CIDR), then the internet.
pub fn subnet_choices(network: &Network) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = network
        .subnets
        .iter()
        .map(|s| {
            let name = sglab_engine::model::name_tag(&s.tags).map_or_else(|| s.id.to_string(), str::to_owned);
            (s.id.to_string(), format!("{name} ({})", s.cidr_block))
        })
        .collect();
    if !network.internet_hosts.is_empty() {
        choices.push((INTERNET.to_owned(), "The internet (hosts)".to_owned()));
    }
    choices
}

/// The group filter's choices: every security group, by name and id.
pub fn group_choices(network: &Network) -> Vec<(String, String)> {
    network.security_groups.iter().map(|g| (g.id.to_string(), format!("{} ({})", g.name, g.id))).collect()
}

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellState {
    Allowed,
    Blocked,
    /// The pair cannot be a connection (two internet hosts, ICMPv6 to an IPv4 address…).
    NotAConnection,
    /// An end to itself.
    SameEnd,
}

impl CellState {
    /// For CSS classes and the tests' `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            CellState::Allowed => "allowed",
            CellState::Blocked => "blocked",
            CellState::NotAConnection => "none",
            CellState::SameEnd => "self",
        }
    }

    /// Can the cell be fired?
    pub fn fires(self) -> bool {
        matches!(self, CellState::Allowed | CellState::Blocked)
    }
}

pub fn cell_state(matrix: &ReachMatrix, from: usize, to: usize) -> CellState {
    if from == to {
        return CellState::SameEnd;
    }
    match matrix.outcome(from, to) {
        Some(Ok(d)) if d.allowed => CellState::Allowed,
        Some(Ok(_)) => CellState::Blocked,
        Some(Err(_)) | None => CellState::NotAConnection,
    }
}

fn end_label(matrix: &ReachMatrix, end: usize) -> &str {
    matrix.ends.get(end).map_or("", |e| e.label.as_str())
}

/// The cell's accessible name: `App Server → MySQL database: blocked (SG_HAS_NO_RULES
/// at eni-…)`.
pub fn cell_name(matrix: &ReachMatrix, network: &Network, from: usize, to: usize) -> String {
    let pair = format!("{} → {}", end_label(matrix, from), end_label(matrix, to));
    match cell_state(matrix, from, to) {
        CellState::Allowed => format!("{pair}: allowed"),
        CellState::Blocked => match matrix.blocked_at(from, to) {
            Some((at, component)) => {
                format!("{pair}: blocked ({} at {})", at.code, ReachMatrix::component_id(network, component))
            }
            None => format!("{pair}: blocked"),
        },
        CellState::NotAConnection => format!("{pair}: not a connection"),
        CellState::SameEnd => format!("{pair}: the same end"),
    }
}

/// What a reason code means, in a few words (the README's table).
pub fn reason_meaning(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::EniSgRulesMismatch => "the interface's security groups have rules, but none allows it",
        ReasonCode::SgHasNoRules => "the interface's security groups have no rules at all in that direction",
        ReasonCode::SubnetAclRestriction => "a network ACL rule, or its final *, denies it",
        ReasonCode::NoRouteToDestination => "the subnet's route table has no route to the address",
        ReasonCode::BadStateRoute => "the route is a blackhole (its gateway is detached or gone)",
        ReasonCode::IgwPrivateIpAssociationForIngress => "from the internet, to an address with no public IP",
        ReasonCode::IgwPublicIpAssociationForEgress => "to the internet, from an interface with no public IPv4 address",
        ReasonCode::IgwDestinationAddressNotInRfc1918Egress => {
            "to a private (RFC 1918) address through an internet gateway"
        }
        ReasonCode::IgwDestinationAddressNotInRfc6598Egress => {
            "to a shared (RFC 6598) address through an internet gateway"
        }
        ReasonCode::NoInternetGateway => "the VPC has no internet gateway attached",
        ReasonCode::UnsupportedRouteTarget => "routed to a target the lab does not simulate (NAT gateway, peering…)",
        ReasonCode::NoInterfaceAtDestination => "nothing in the VPC has that address",
        ReasonCode::DestinationNotGloballyReachable => {
            "link-local, multicast, unique-local…: an address the internet does not route"
        }
    }
}

/// A component as people know it: `App Server's security groups`, `network ACL acl-…`.
pub fn component_text(network: &Network, component: ComponentRef) -> String {
    let id = ReachMatrix::component_id(network, component);
    match component {
        ComponentRef::Interface(i) => match network.network_interfaces.get(i) {
            Some(eni) => format!("{}'s security groups ({id})", network.interface_label(eni)),
            None => "security groups".to_owned(),
        },
        ComponentRef::NetworkAcl(_) => format!("network ACL {id}"),
        ComponentRef::RouteTable(_) => format!("route table {id}"),
        ComponentRef::InternetGateway(_) => format!("internet gateway {id}"),
        ComponentRef::Vpc(_) => format!("VPC {id}"),
        ComponentRef::Internet => "the internet".to_owned(),
        ComponentRef::Unknown => "a component missing from the lab".to_owned(),
    }
}

/// The hop, as the Connections tab names it.
pub fn hop_text(at: &BlockedAt) -> String {
    let kind = crate::firing::explain::kind_label(at.kind);
    let leg = match at.leg {
        LegDirection::Request => "request",
        LegDirection::Reply => "reply",
    };
    // "Security groups, outbound" reads oddly for a hop of the internet itself.
    if at.kind == HopKind::Internet {
        format!("the internet, on the {leg}")
    } else {
        format!("{kind}, on the {leg}")
    }
}

/// Where a blocked pair stopped, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    /// The component, as people know it: `App Server's security groups (eni-…)`.
    pub component: String,
    /// The hop, as the Connections tab names it: `Security groups, outbound, on the request`.
    pub hop: String,
    pub code: ReasonCode,
}

/// Where the flow from one end to another stopped; `None` unless it is blocked.
pub fn stop(matrix: &ReachMatrix, network: &Network, from: usize, to: usize) -> Option<Stop> {
    let (at, component) = matrix.blocked_at(from, to)?;
    Some(Stop { component: component_text(network, component), hop: hop_text(&at), code: at.code })
}

/// Why a pair is not a connection, as a sentence with `code` in backticks, in the
/// pair's own words (the matrix's one error per class may name another pair).
pub fn not_a_connection(matrix: &ReachMatrix, evaluator: &Evaluator, from: usize, to: usize) -> Option<String> {
    matrix.not_a_connection(evaluator, from, to).map(|e| crate::firing::sentence(&e.to_string()))
}

/// The details line for a cell: what stopped it and why, or what firing it will show.
/// `code` is in backticks: the tab shows it as code (`crate::lessons::text::spans`).
pub fn cell_details(matrix: &ReachMatrix, network: &Network, from: usize, to: usize) -> String {
    let pair = format!("{} → {}", end_label(matrix, from), end_label(matrix, to));
    let service = service_text(matrix.service);
    match cell_state(matrix, from, to) {
        CellState::Allowed => {
            format!("{pair}, {service}: allowed, request and reply. Press to fire it on the diagram.")
        }
        CellState::Blocked => match stop(matrix, network, from, to) {
            Some(stop) => format!(
                "{pair}, {service}: blocked at {} — {}. `{}`: {}.",
                stop.component,
                stop.hop,
                stop.code,
                reason_meaning(stop.code),
            ),
            None => format!("{pair}, {service}: blocked."),
        },
        CellState::NotAConnection => match not_a_connection(matrix, &Evaluator::new(network), from, to) {
            Some(why) => format!("{pair}: not a connection. {why}"),
            None => format!("{pair}: not a connection."),
        },
        CellState::SameEnd => {
            format!("{pair}: the same end. Traffic from an interface to itself never leaves it, so nothing filters it.")
        }
    }
}

/// How the pairs of a selection come out (an end to itself left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub allowed: usize,
    pub blocked: usize,
    pub not_connections: usize,
    /// Blocked pairs by reason code, most frequent first.
    pub by_reason: Vec<(ReasonCode, usize)>,
}

impl Counts {
    pub fn pairs(&self) -> usize {
        self.allowed + self.blocked + self.not_connections
    }
}

/// The counts of the pairs of `rows` × `columns` (an end to itself left out), from the
/// engine's counts per outcome: as fast for a million pairs as for a hundred.
pub fn counts(matrix: &ReachMatrix, rows: &[usize], columns: &[usize]) -> Counts {
    let mut counts = Counts::default();
    let mut reasons: BTreeMap<&'static str, (ReasonCode, usize)> = BTreeMap::new();
    for (outcome, n) in matrix.outcome_counts(rows, columns) {
        match outcome {
            Ok(d) if d.allowed => counts.allowed += n,
            Ok(d) => {
                counts.blocked += n;
                if let Some(at) = d.blocked {
                    reasons.entry(at.code.as_str()).or_insert((at.code, 0)).1 += n;
                }
            }
            Err(_) => counts.not_connections += n,
        }
    }
    let mut by_reason: Vec<(ReasonCode, usize)> = reasons.into_values().collect();
    by_reason.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    counts.by_reason = by_reason;
    counts
}

/// A number as people write it: 1,000,000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One end in an answer, with the connection to fire for it.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerItem {
    pub label: String,
    pub flow: Flow,
}

/// Why an end cannot reach, or be reached.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// The connection is blocked there.
    Blocked(Stop),
    /// The pair is not a connection (two internet hosts…): why, as a sentence with
    /// `code` in backticks.
    NotAConnection(String),
}

/// One end that cannot reach (or be reached), and why.
#[derive(Clone, Debug, PartialEq)]
pub struct CannotItem {
    pub label: String,
    /// The connection to fire to see where it stops; none when it is not a connection.
    pub flow: Option<Flow>,
    pub why: Why,
}

/// The answer to a one-line question.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// `2 can reach App Server on HTTPS (TCP 443):` or `Nothing can reach …`.
    pub heading: String,
    /// The allowed ends, at most [`ANSWER_LIMIT`].
    pub items: Vec<AnswerItem>,
    /// How many more are allowed than listed.
    pub more: usize,
    /// `1 cannot reach App Server on HTTPS (TCP 443):`; none when every other end can.
    pub cannot_heading: Option<String>,
    /// The other ends, each with why, at most [`ANSWER_LIMIT`].
    pub cannot: Vec<CannotItem>,
    /// How many more cannot than listed.
    pub cannot_more: usize,
}

/// The service a question asks about: its own, or the picker's.
pub fn question_service(question: &Question, default: Service) -> Service {
    match question {
        Question::WhoCanReach { service, .. } | Question::WhereCanGo { service, .. } => service.unwrap_or(default),
    }
}

/// Answers a question with a matrix built for its service. The error is a sentence.
pub fn answer(matrix: &ReachMatrix, network: &Network, question: &Question) -> Result<Answer, String> {
    let (name, who) = match question {
        Question::WhoCanReach { end, .. } => (end, true),
        Question::WhereCanGo { end, .. } => (end, false),
    };
    let Some(end) = matrix.find(network, name) else {
        return Err(format!(
            "Nothing in the lab is called `{name}`: name a resource or internet host, an interface or instance id, or an address."
        ));
    };
    let label = end_label(matrix, end).to_owned();
    let service = service_text(matrix.service);
    let found = if who { matrix.who_can_reach(end) } else { matrix.where_can_go(end) };
    let heading = match (who, found.len()) {
        (true, 0) => format!("Nothing can reach {label} on {service}."),
        (true, 1) => format!("1 can reach {label} on {service}:"),
        (true, n) => format!("{} can reach {label} on {service}:", thousands(n)),
        (false, 0) => format!("{label} can reach nothing on {service}."),
        (false, 1) => format!("{label} can reach 1 on {service}:"),
        (false, n) => format!("{label} can reach {} on {service}:", thousands(n)),
    };
    let more = found.len().saturating_sub(ANSWER_LIMIT);
    let pair = |other: usize| if who { (other, end) } else { (end, other) };
    let items = found
        .into_iter()
        .take(ANSWER_LIMIT)
        .filter_map(|other| {
            let (from, to) = pair(other);
            Some(AnswerItem { label: end_label(matrix, other).to_owned(), flow: matrix.flow(from, to)? })
        })
        .collect();
    let kept_out = if who { matrix.who_cannot_reach(end) } else { matrix.where_cannot_go(end) };
    let cannot_heading = match (who, kept_out.len()) {
        (_, 0) => None,
        (true, n) => Some(format!("{} cannot reach {label} on {service}:", thousands(n))),
        (false, n) => Some(format!("{label} cannot reach {} on {service}:", thousands(n))),
    };
    let cannot_more = kept_out.len().saturating_sub(ANSWER_LIMIT);
    // Built only when a pair is not a connection, to say why in its own words.
    let mut evaluator = None;
    let cannot = kept_out
        .into_iter()
        .take(ANSWER_LIMIT)
        .map(|other| {
            let (from, to) = pair(other);
            let why = match stop(matrix, network, from, to) {
                Some(stop) => Why::Blocked(stop),
                None => {
                    let evaluator = evaluator.get_or_insert_with(|| Evaluator::new(network));
                    let why = not_a_connection(matrix, evaluator, from, to);
                    Why::NotAConnection(why.unwrap_or_else(|| "It is not a connection.".to_owned()))
                }
            };
            let flow = matches!(why, Why::Blocked(_)).then(|| matrix.flow(from, to)).flatten();
            CannotItem { label: end_label(matrix, other).to_owned(), flow, why }
        })
        .collect();
    Ok(Answer { heading, items, more, cannot_heading, cannot, cannot_more })
}

/// A question's parse error as a sentence.
pub fn question_error(error: &QuestionError) -> String {
    crate::firing::sentence(&error.to_string())
}

/// Reads a question; the picker's service stands in when it names none.
pub fn parse_question(text: &str) -> Result<Question, String> {
    if text.trim().is_empty() {
        return Err("Type a question, such as `who can reach App Server on port 443?`".to_owned());
    }
    Question::parse(text).map_err(|e| question_error(&e))
}

#[cfg(test)]
mod tests;
