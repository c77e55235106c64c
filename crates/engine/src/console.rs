//! The AWS console's security group rule form, as data and parsing: the Type
//! presets (SSH, HTTPS, MYSQL/Aurora…), the Source types (Custom, Anywhere-IPv4,
//! Anywhere-IPv6, My IP), one form row as typed ([`RuleDraft`]) and its parsing into
//! a [`RuleSpec`] with a console-style message per field, and the console's warning
//! for SSH or RDP open to anywhere.
//!
//! Messages here are the console's: whole sentences, capitalized, shown under the
//! field. The API's checks ([`crate::edit`]) run again when the rule is saved.

use crate::edit::{Field, RuleSpec, ALLOWED_PUNCTUATION, MAX_TEXT_LEN};
use crate::ids::{PrefixListId, SecurityGroupId, VpcId};
use crate::model::{Direction, Network, Peer};
use crate::traffic::{IcmpMatch, PortRange, Protocol, Traffic};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The console's Type dropdown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleType {
    /// What a new row starts with.
    #[default]
    CustomTcp,
    CustomUdp,
    CustomIcmpV4,
    CustomIcmpV6,
    CustomProtocol,
    AllTcp,
    AllUdp,
    AllIcmpV4,
    AllIcmpV6,
    AllTraffic,
    Ssh,
    Smtp,
    DnsUdp,
    DnsTcp,
    Http,
    Pop3,
    Imap,
    Ldap,
    Https,
    Smb,
    Smtps,
    Imaps,
    Pop3s,
    Mssql,
    Nfs,
    Mysql,
    Rdp,
    Redshift,
    Postgresql,
    OracleRds,
}

/// Which fields of the row a type leaves open; the others are filled and greyed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Editable {
    /// Protocol and port range are fixed.
    Nothing,
    /// Custom TCP / Custom UDP: a port or a range such as 1024-65535.
    PortRange,
    /// Custom ICMP: the Protocol field takes the ICMP type, the Port range field its code.
    IcmpTypeCode,
    /// Custom protocol: the Protocol field takes a protocol number; all its traffic is allowed.
    ProtocolNumber,
}

/// One entry of the Type dropdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub rule_type: RuleType,
    /// As the console shows it: `HTTPS`, `MYSQL/Aurora`, `Custom ICMP - IPv4`.
    pub label: &'static str,
    /// `None` only for Custom protocol, where the user picks it.
    pub protocol: Option<Protocol>,
    /// The one port of a service preset.
    pub port: Option<u16>,
    pub editable: Editable,
}

const fn preset(
    rule_type: RuleType,
    label: &'static str,
    protocol: Option<Protocol>,
    port: Option<u16>,
    editable: Editable,
) -> Preset {
    Preset { rule_type, label, protocol, port, editable }
}

const fn tcp(rule_type: RuleType, label: &'static str, port: u16) -> Preset {
    preset(rule_type, label, Some(Protocol::Tcp), Some(port), Editable::Nothing)
}

/// The Type dropdown, in the console's order.
pub const PRESETS: &[Preset] = &[
    preset(RuleType::CustomTcp, "Custom TCP", Some(Protocol::Tcp), None, Editable::PortRange),
    preset(RuleType::CustomUdp, "Custom UDP", Some(Protocol::Udp), None, Editable::PortRange),
    preset(RuleType::CustomIcmpV4, "Custom ICMP - IPv4", Some(Protocol::Icmp), None, Editable::IcmpTypeCode),
    preset(RuleType::CustomIcmpV6, "Custom ICMP - IPv6", Some(Protocol::Icmpv6), None, Editable::IcmpTypeCode),
    preset(RuleType::CustomProtocol, "Custom protocol", None, None, Editable::ProtocolNumber),
    preset(RuleType::AllTcp, "All TCP", Some(Protocol::Tcp), None, Editable::Nothing),
    preset(RuleType::AllUdp, "All UDP", Some(Protocol::Udp), None, Editable::Nothing),
    preset(RuleType::AllIcmpV4, "All ICMP - IPv4", Some(Protocol::Icmp), None, Editable::Nothing),
    preset(RuleType::AllIcmpV6, "All ICMP - IPv6", Some(Protocol::Icmpv6), None, Editable::Nothing),
    preset(RuleType::AllTraffic, "All traffic", Some(Protocol::All), None, Editable::Nothing),
    tcp(RuleType::Ssh, "SSH", 22),
    tcp(RuleType::Smtp, "SMTP", 25),
    preset(RuleType::DnsUdp, "DNS (UDP)", Some(Protocol::Udp), Some(53), Editable::Nothing),
    tcp(RuleType::DnsTcp, "DNS (TCP)", 53),
    tcp(RuleType::Http, "HTTP", 80),
    tcp(RuleType::Pop3, "POP3", 110),
    tcp(RuleType::Imap, "IMAP", 143),
    tcp(RuleType::Ldap, "LDAP", 389),
    tcp(RuleType::Https, "HTTPS", 443),
    tcp(RuleType::Smb, "SMB", 445),
    tcp(RuleType::Smtps, "SMTPS", 465),
    tcp(RuleType::Imaps, "IMAPS", 993),
    tcp(RuleType::Pop3s, "POP3S", 995),
    tcp(RuleType::Mssql, "MSSQL", 1433),
    tcp(RuleType::Nfs, "NFS", 2049),
    tcp(RuleType::Mysql, "MYSQL/Aurora", 3306),
    tcp(RuleType::Rdp, "RDP", 3389),
    tcp(RuleType::Redshift, "Redshift", 5439),
    tcp(RuleType::Postgresql, "PostgreSQL", 5432),
    tcp(RuleType::OracleRds, "Oracle-RDS", 1521),
];

impl RuleType {
    /// Every type, in the console's order.
    pub fn all() -> impl Iterator<Item = RuleType> {
        PRESETS.iter().map(|p| p.rule_type)
    }

    pub fn preset(self) -> &'static Preset {
        // Every variant has its entry (a test checks it); Custom TCP stands in otherwise.
        PRESETS.iter().find(|p| p.rule_type == self).unwrap_or(&PRESETS[0])
    }

    pub fn label(self) -> &'static str {
        self.preset().label
    }

    /// The type with this label, as the console writes it.
    pub fn from_label(label: &str) -> Option<RuleType> {
        PRESETS.iter().find(|p| p.label == label.trim()).map(|p| p.rule_type)
    }

    pub fn editable(self) -> Editable {
        self.preset().editable
    }

    /// The traffic of a type that fixes it (every type but the Custom ones).
    pub fn fixed_traffic(self) -> Option<Traffic> {
        let p = self.preset();
        match (p.editable, p.protocol, p.port) {
            (Editable::Nothing, Some(Protocol::Tcp), Some(port)) => Some(Traffic::Tcp(PortRange::single(port))),
            (Editable::Nothing, Some(Protocol::Udp), Some(port)) => Some(Traffic::Udp(PortRange::single(port))),
            (Editable::Nothing, Some(Protocol::Tcp), None) => Some(Traffic::Tcp(PortRange::ALL)),
            (Editable::Nothing, Some(Protocol::Udp), None) => Some(Traffic::Udp(PortRange::ALL)),
            (Editable::Nothing, Some(Protocol::Icmp), _) => Some(Traffic::Icmp(IcmpMatch::AllTypes)),
            (Editable::Nothing, Some(Protocol::Icmpv6), _) => Some(Traffic::Icmpv6(IcmpMatch::AllTypes)),
            (Editable::Nothing, Some(Protocol::All), _) => Some(Traffic::All),
            _ => None,
        }
    }
}

/// The type the console shows an existing rule under: TCP 443 is HTTPS, TCP
/// 0-65535 is All TCP, TCP 8080 is Custom TCP.
pub fn preset_for(traffic: Traffic) -> RuleType {
    match traffic {
        Traffic::All => RuleType::AllTraffic,
        Traffic::Tcp(r) if r.is_all() => RuleType::AllTcp,
        Traffic::Udp(r) if r.is_all() => RuleType::AllUdp,
        Traffic::Icmp(IcmpMatch::AllTypes) => RuleType::AllIcmpV4,
        Traffic::Icmpv6(IcmpMatch::AllTypes) => RuleType::AllIcmpV6,
        Traffic::Tcp(_) | Traffic::Udp(_) => PRESETS
            .iter()
            .find(|p| p.port.is_some() && p.rule_type.fixed_traffic() == Some(traffic))
            .map(|p| p.rule_type)
            .unwrap_or(if matches!(traffic, Traffic::Tcp(_)) { RuleType::CustomTcp } else { RuleType::CustomUdp }),
        Traffic::Icmp(_) => RuleType::CustomIcmpV4,
        Traffic::Icmpv6(_) => RuleType::CustomIcmpV6,
        Traffic::Other(_) => RuleType::CustomProtocol,
    }
}

/// What the Protocol column shows for a rule: `TCP`, `UDP`, `ICMP`, `IPv6 ICMP`,
/// `All`, or the protocol number.
pub fn protocol_text(traffic: Traffic) -> String {
    match traffic {
        Traffic::All => "All".into(),
        Traffic::Tcp(_) => "TCP".into(),
        Traffic::Udp(_) => "UDP".into(),
        Traffic::Icmp(_) => "ICMP".into(),
        Traffic::Icmpv6(_) => "IPv6 ICMP".into(),
        Traffic::Other(n) => n.to_string(),
    }
}

/// What the Port range column shows for a rule: `443`, `1024 - 65535`, `0 - 65535`,
/// `All`, or for ICMP the type's code (`All` for every code).
pub fn port_range_text(traffic: Traffic) -> String {
    match traffic {
        Traffic::Tcp(r) | Traffic::Udp(r) if r.from == r.to => r.from.to_string(),
        Traffic::Tcp(r) | Traffic::Udp(r) => format!("{} - {}", r.from, r.to),
        Traffic::Icmp(IcmpMatch::Type { code: Some(c), .. })
        | Traffic::Icmpv6(IcmpMatch::Type { code: Some(c), .. }) => c.to_string(),
        _ => "All".into(),
    }
}

/// Common ICMP (IPv4) types, by the names the console lists them under.
pub const ICMP_TYPES: &[(u8, &str)] = &[
    (0, "Echo Reply"),
    (3, "Destination Unreachable"),
    (4, "Source Quench"),
    (5, "Redirect Message"),
    (6, "Alternate Host Address"),
    (8, "Echo Request"),
    (9, "Router Advertisement"),
    (10, "Router Solicitation"),
    (11, "Time Exceeded"),
    (12, "Parameter Problem: Bad IP header"),
    (13, "Timestamp"),
    (14, "Timestamp Reply"),
    (15, "Information Request"),
    (16, "Information Reply"),
    (17, "Address Mask Request"),
    (18, "Address Mask Reply"),
    (30, "Traceroute"),
];

/// The console's Source type (Destination type for outbound rules).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceType {
    /// A CIDR block, a security group (by ID or name) or a prefix list, typed.
    #[default]
    Custom,
    /// 0.0.0.0/0.
    AnywhereIpv4,
    /// ::/0.
    AnywhereIpv6,
    /// The address the user browses from, as a /32 (or /128); the form fills it in.
    MyIp,
}

impl SourceType {
    pub const ALL: [SourceType; 4] =
        [SourceType::Custom, SourceType::AnywhereIpv4, SourceType::AnywhereIpv6, SourceType::MyIp];

    pub fn label(self) -> &'static str {
        match self {
            SourceType::Custom => "Custom",
            SourceType::AnywhereIpv4 => "Anywhere-IPv4",
            SourceType::AnywhereIpv6 => "Anywhere-IPv6",
            SourceType::MyIp => "My IP",
        }
    }

    /// The peer it stands for, for Anywhere-IPv4 and Anywhere-IPv6.
    pub fn fixed_peer(self) -> Option<Peer> {
        match self {
            SourceType::AnywhereIpv4 => Some(Peer::Cidr(IpNet::V4(Ipv4Net::default()))),
            SourceType::AnywhereIpv6 => Some(Peer::Cidr(IpNet::V6(Ipv6Net::default()))),
            _ => None,
        }
    }
}

/// A message to show under one field of a form row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

impl FieldError {
    fn new(field: Field, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

pub const PORT_RANGE_MESSAGE: &str = "Port range must be a number from 0 to 65535, or a range such as 1024-65535";
pub const SOURCE_MESSAGE: &str = "Enter a valid CIDR block, such as 10.0.0.0/16, or a security group ID";

/// One row of the Inbound rules / Outbound rules form, as the user typed it.
/// Which text fields count depends on the type: see [`Editable`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDraft {
    pub rule_type: RuleType,
    /// Custom protocol: the protocol number. Custom ICMP: the ICMP type (a number,
    /// a name from [`ICMP_TYPES`], or `All`).
    pub protocol: String,
    /// Custom TCP/UDP: `443` or `1024-65535`. Custom ICMP: the code, or `All`.
    pub port_range: String,
    pub source_type: SourceType,
    /// Custom: a CIDR block, an `sg-…` id, a group name in the VPC, or a `pl-…` id.
    /// My IP: the user's address.
    pub source: String,
    pub description: String,
}

impl RuleDraft {
    /// A new row of this type, with the console's starting values.
    pub fn new(rule_type: RuleType) -> Self {
        let mut draft = RuleDraft { rule_type, ..RuleDraft::default() };
        if matches!(rule_type, RuleType::CustomIcmpV4 | RuleType::CustomIcmpV6) {
            draft.protocol = "All".into();
            draft.port_range = "All".into();
        }
        draft
    }

    /// The row that shows an existing rule, as the "Edit inbound rules" page fills it.
    pub fn from_spec(spec: &RuleSpec) -> Self {
        let rule_type = preset_for(spec.traffic);
        let (protocol, port_range) = match spec.traffic {
            Traffic::Tcp(r) | Traffic::Udp(r) => ("".to_owned(), r.to_string()),
            Traffic::Icmp(m) | Traffic::Icmpv6(m) => match m {
                IcmpMatch::AllTypes => ("All".to_owned(), "All".to_owned()),
                IcmpMatch::Type { icmp_type, code } => {
                    (icmp_type.to_string(), code.map_or_else(|| "All".to_owned(), |c| c.to_string()))
                }
            },
            Traffic::Other(n) => (n.to_string(), String::new()),
            Traffic::All => (String::new(), String::new()),
        };
        let (source_type, source) = match &spec.peer {
            Peer::Cidr(IpNet::V4(c)) if c.prefix_len() == 0 => (SourceType::AnywhereIpv4, c.to_string()),
            Peer::Cidr(IpNet::V6(c)) if c.prefix_len() == 0 => (SourceType::AnywhereIpv6, c.to_string()),
            Peer::Cidr(c) => (SourceType::Custom, c.to_string()),
            Peer::SecurityGroup(id) => (SourceType::Custom, id.to_string()),
            Peer::PrefixList(id) => (SourceType::Custom, id.to_string()),
        };
        RuleDraft {
            rule_type,
            protocol,
            port_range,
            source_type,
            source,
            description: spec.description.clone().unwrap_or_default(),
        }
    }

    /// The rule this row describes, or a message for each field that is wrong.
    /// `vpc_id` is the VPC of the group being edited: a group named in the Source
    /// field must be in it.
    pub fn parse(&self, network: &Network, vpc_id: &VpcId) -> Result<RuleSpec, Vec<FieldError>> {
        let mut errors = vec![];
        let traffic = self.parse_traffic().map_err(|e| errors.extend(e)).ok();
        let peer = self.parse_source(network, vpc_id).map_err(|e| errors.push(e)).ok();
        let description = parse_description(&self.description).map_err(|e| errors.push(e)).ok();
        match (traffic, peer, description) {
            (Some(traffic), Some(peer), Some(description)) if errors.is_empty() => {
                Ok(RuleSpec { traffic, peer, description })
            }
            _ => Err(errors),
        }
    }

    fn parse_traffic(&self) -> Result<Traffic, Vec<FieldError>> {
        if let Some(t) = self.rule_type.fixed_traffic() {
            return Ok(t);
        }
        match self.rule_type {
            RuleType::CustomUdp => parse_port_range(&self.port_range).map(Traffic::Udp).map_err(|e| vec![e]),
            RuleType::CustomIcmpV4 => parse_icmp(&self.protocol, &self.port_range).map(Traffic::Icmp),
            RuleType::CustomIcmpV6 => parse_icmp(&self.protocol, &self.port_range).map(Traffic::Icmpv6),
            RuleType::CustomProtocol => parse_protocol_number(&self.protocol).map_err(|e| vec![e]),
            _ => parse_port_range(&self.port_range).map(Traffic::Tcp).map_err(|e| vec![e]),
        }
    }

    fn parse_source(&self, network: &Network, vpc_id: &VpcId) -> Result<Peer, FieldError> {
        if let Some(peer) = self.source_type.fixed_peer() {
            return Ok(peer);
        }
        let text = self.source.trim();
        if self.source_type == SourceType::MyIp {
            if text.is_empty() {
                return Err(FieldError::new(
                    Field::Source,
                    "Your IP address is not known here: choose Custom and type it, such as 1.2.3.4/32",
                ));
            }
            if let Ok(a) = text.parse::<IpAddr>() {
                return Ok(Peer::Cidr(IpNet::from(a)));
            }
        }
        parse_source_text(text, network, vpc_id)
    }
}

/// `443`, `1024-65535` (spaces around the dash allowed).
pub fn parse_port_range(text: &str) -> Result<PortRange, FieldError> {
    let bad = || FieldError::new(Field::PortRange, PORT_RANGE_MESSAGE);
    let port = |s: &str| -> Result<u16, FieldError> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<u16>().map_err(|_| bad())
    };
    let text = text.trim();
    match text.split_once('-') {
        None => port(text).map(PortRange::single),
        Some((a, b)) => {
            let (from, to) = (port(a)?, port(b)?);
            PortRange::new(from, to).ok_or_else(|| {
                FieldError::new(
                    Field::PortRange,
                    format!("The first port must not be greater than the last: did you mean {to}-{from}?"),
                )
            })
        }
    }
}

fn is_all(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "-1" || t.eq_ignore_ascii_case("all")
}

fn parse_icmp(type_text: &str, code_text: &str) -> Result<IcmpMatch, Vec<FieldError>> {
    let type_text = type_text.trim();
    let icmp_type = if is_all(type_text) {
        None
    } else if let Ok(n) = type_text.parse::<u8>() {
        Some(n)
    } else if let Some((n, _)) = ICMP_TYPES.iter().find(|(_, name)| name.eq_ignore_ascii_case(type_text)) {
        Some(*n)
    } else {
        return Err(vec![FieldError::new(
            Field::Protocol,
            "Choose an ICMP type: a number from 0 to 255 (8 is Echo Request), or All",
        )]);
    };
    let code = if is_all(code_text) {
        None
    } else {
        match code_text.trim().parse::<u8>() {
            Ok(c) => Some(c),
            Err(_) => {
                return Err(vec![FieldError::new(
                    Field::PortRange,
                    "The ICMP code must be a number from 0 to 255, or All",
                )])
            }
        }
    };
    match (icmp_type, code) {
        (None, None) => Ok(IcmpMatch::AllTypes),
        (None, Some(_)) => Err(vec![FieldError::new(
            Field::PortRange,
            "The ICMP code must be All when the type is All: choose a type to give a code",
        )]),
        (Some(icmp_type), code) => Ok(IcmpMatch::Type { icmp_type, code }),
    }
}

fn parse_protocol_number(text: &str) -> Result<Traffic, FieldError> {
    let p: Protocol = text.trim().parse().map_err(|_| {
        FieldError::new(Field::Protocol, "Protocol must be a protocol number from 0 to 255, such as 47 for GRE")
    })?;
    Ok(match p {
        Protocol::Tcp => Traffic::Tcp(PortRange::ALL),
        Protocol::Udp => Traffic::Udp(PortRange::ALL),
        Protocol::Icmp => Traffic::Icmp(IcmpMatch::AllTypes),
        Protocol::Icmpv6 => Traffic::Icmpv6(IcmpMatch::AllTypes),
        Protocol::All => Traffic::All,
        Protocol::Number(n) => Traffic::Other(n),
    })
}

/// The Source field of a Custom row: a CIDR block, `sg-…`, a group name of the VPC,
/// or `pl-…`.
pub fn parse_source_text(text: &str, network: &Network, vpc_id: &VpcId) -> Result<Peer, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            Field::Source,
            "Enter a CIDR block, such as 10.0.0.0/16, a security group ID or a prefix list ID",
        ));
    }
    if text.starts_with(SecurityGroupId::PREFIX) {
        // The console's suggestions read `sg-… / name`.
        let id = text.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or(text);
        let id = SecurityGroupId::new(id);
        return match network.security_group(&id) {
            Some(g) if &g.vpc_id == vpc_id => Ok(Peer::SecurityGroup(id)),
            Some(g) => Err(FieldError::new(
                Field::Source,
                format!("Security group {id} is in another VPC ({}): choose a group of this VPC", g.vpc_id),
            )),
            None => Err(FieldError::new(Field::Source, format!("Security group {id} does not exist in this VPC"))),
        };
    }
    if text.starts_with(PrefixListId::PREFIX) {
        let id = PrefixListId::new(text);
        return match network.prefix_list(&id) {
            Some(_) => Ok(Peer::PrefixList(id)),
            None => Err(FieldError::new(Field::Source, format!("Prefix list {id} does not exist"))),
        };
    }
    if let Ok(cidr) = text.parse::<IpNet>() {
        return if cidr.trunc() == cidr {
            Ok(Peer::Cidr(cidr))
        } else {
            Err(FieldError::new(
                Field::Source,
                format!("CIDR blocks must not have host bits set: did you mean {}?", cidr.trunc()),
            ))
        };
    }
    if let Ok(address) = text.parse::<IpAddr>() {
        return Err(FieldError::new(
            Field::Source,
            format!("Add a prefix length to the address: did you mean {}?", IpNet::from(address)),
        ));
    }
    if let Some(g) = network.security_group_named(vpc_id, text) {
        return Ok(Peer::SecurityGroup(g.id.clone()));
    }
    Err(FieldError::new(Field::Source, SOURCE_MESSAGE))
}

fn parse_description(text: &str) -> Result<Option<String>, FieldError> {
    if text.is_empty() {
        return Ok(None);
    }
    let too_long = text.chars().count() > MAX_TEXT_LEN;
    if too_long || crate::edit::refused_char(text).is_some() {
        return Err(FieldError::new(
            Field::Description,
            format!(
                "Descriptions can be up to {MAX_TEXT_LEN} characters long. Allowed characters are a-z, A-Z, 0-9, spaces, and {ALLOWED_PUNCTUATION}"
            ),
        ));
    }
    Ok(Some(text.to_owned()))
}

/// What the Source field offers for a group of this VPC: its security groups (id
/// and name) and the lab's prefix lists.
pub fn source_options(network: &Network, vpc_id: &VpcId) -> Vec<(String, String)> {
    network
        .security_groups
        .iter()
        .filter(|g| &g.vpc_id == vpc_id)
        .map(|g| (g.id.to_string(), g.name.clone()))
        .chain(network.prefix_lists.iter().map(|p| (p.id.to_string(), p.name.clone())))
        .collect()
}

/// The console's warnings for a rule: an inbound rule that opens SSH (22) or RDP
/// (3389) to anywhere (0.0.0.0/0 or ::/0).
pub fn warnings(direction: Direction, spec: &RuleSpec) -> Vec<String> {
    let anywhere = match &spec.peer {
        Peer::Cidr(c) if c.prefix_len() == 0 => c.to_string(),
        _ => return vec![],
    };
    if direction != Direction::Inbound {
        return vec![];
    }
    let opens = |port: u16| match spec.traffic {
        Traffic::All => true,
        Traffic::Tcp(r) => r.contains(port),
        _ => false,
    };
    [(22, "SSH"), (3389, "RDP")]
        .into_iter()
        .filter(|(port, _)| opens(*port))
        .map(|(port, name)| {
            format!(
                "Rules with source of {anywhere} allow all IP addresses to access your instance by {name} (port {port}). \
                 We recommend setting security group rules to allow access from known IP addresses only."
            )
        })
        .collect()
}
