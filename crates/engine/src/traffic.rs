//! Protocols, port ranges and ICMP type/code: what a rule matches (`Traffic`) and
//! what one connection is (`Service`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An IP protocol as the AWS API names it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1`
/// (all) or any other protocol number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// `-1`: every protocol.
    All,
    /// Any other IP protocol number (never 1, 6, 17 or 58: those have names).
    Number(u8),
}

impl Protocol {
    /// The IANA protocol number; `None` for `All`.
    pub fn number(self) -> Option<u8> {
        match self {
            Protocol::Tcp => Some(6),
            Protocol::Udp => Some(17),
            Protocol::Icmp => Some(1),
            Protocol::Icmpv6 => Some(58),
            Protocol::All => None,
            Protocol::Number(n) => Some(n),
        }
    }

    /// The protocol with this number, by its name where it has one.
    pub fn from_number(n: u8) -> Self {
        match n {
            6 => Protocol::Tcp,
            17 => Protocol::Udp,
            1 => Protocol::Icmp,
            58 => Protocol::Icmpv6,
            n => Protocol::Number(n),
        }
    }

    /// How the AWS API writes it in `IpProtocol`: `tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or the number.
    pub fn api_name(self) -> String {
        match self {
            Protocol::Tcp => "tcp".into(),
            Protocol::Udp => "udp".into(),
            Protocol::Icmp => "icmp".into(),
            Protocol::Icmpv6 => "icmpv6".into(),
            Protocol::All => "-1".into(),
            Protocol::Number(n) => n.to_string(),
        }
    }

    /// How people say it: `TCP`, `UDP`, `ICMP`, `ICMPv6`, `all traffic`, `protocol 47`.
    pub fn display_name(self) -> String {
        match self {
            Protocol::Tcp => "TCP".into(),
            Protocol::Udp => "UDP".into(),
            Protocol::Icmp => "ICMP".into(),
            Protocol::Icmpv6 => "ICMPv6".into(),
            Protocol::All => "all traffic".into(),
            Protocol::Number(n) => format!("protocol {n}"),
        }
    }

    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp)
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.api_name())
    }
}

impl From<Protocol> for String {
    fn from(p: Protocol) -> String {
        p.api_name()
    }
}

/// The text was not a protocol name or number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid protocol `{0}`: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255")]
pub struct InvalidProtocol(pub String);

impl FromStr for Protocol {
    type Err = InvalidProtocol;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            "icmp" => Ok(Protocol::Icmp),
            "icmpv6" => Ok(Protocol::Icmpv6),
            "-1" | "all" => Ok(Protocol::All),
            _ => t.parse::<u8>().map(Protocol::from_number).map_err(|_| InvalidProtocol(s.to_owned())),
        }
    }
}

impl TryFrom<String> for Protocol {
    type Error = InvalidProtocol;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// An inclusive TCP/UDP port range, `from <= to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    pub fn single(port: u16) -> Self {
        PortRange { from: port, to: port }
    }

    /// `None` when `from > to`.
    pub fn new(from: u16, to: u16) -> Option<Self> {
        (from <= to).then_some(PortRange { from, to })
    }

    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }

    pub fn is_all(self) -> bool {
        self == PortRange::ALL
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// Which ICMP messages a rule matches: a type (or every type) and, for one type, a
/// code (or every code). AWS writes "every" as -1; a type of -1 requires a code of -1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IcmpMatch {
    /// Type -1: every ICMP message.
    AllTypes,
    /// One type; `code: None` is code -1, every code of that type.
    Type { icmp_type: u8, code: Option<u8> },
}

impl IcmpMatch {
    pub fn matches(self, icmp_type: u8, code: u8) -> bool {
        match self {
            IcmpMatch::AllTypes => true,
            IcmpMatch::Type { icmp_type: t, code: c } => t == icmp_type && c.is_none_or(|c| c == code),
        }
    }
}

impl fmt::Display for IcmpMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IcmpMatch::AllTypes => f.write_str("all"),
            IcmpMatch::Type { icmp_type, code: None } => write!(f, "type {icmp_type}, all codes"),
            IcmpMatch::Type { icmp_type, code: Some(c) } => write!(f, "type {icmp_type}, code {c}"),
        }
    }
}

/// What a security group rule or a network ACL entry matches, apart from the peer:
/// the protocol and, where the protocol has them, ports or ICMP type/code.
///
/// AWS ignores the port range of every protocol other than TCP, UDP, ICMP and ICMPv6,
/// so `Other` and `All` carry none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Traffic {
    /// Protocol `-1`: all protocols, all ports.
    All,
    Tcp(PortRange),
    Udp(PortRange),
    Icmp(IcmpMatch),
    Icmpv6(IcmpMatch),
    /// Any other protocol number, all of its traffic.
    Other(u8),
}

impl Traffic {
    pub fn protocol(self) -> Protocol {
        match self {
            Traffic::All => Protocol::All,
            Traffic::Tcp(_) => Protocol::Tcp,
            Traffic::Udp(_) => Protocol::Udp,
            Traffic::Icmp(_) => Protocol::Icmp,
            Traffic::Icmpv6(_) => Protocol::Icmpv6,
            Traffic::Other(n) => Protocol::Number(n),
        }
    }

    /// Does this rule's traffic include the packet's?
    ///
    /// A `Service::All` probe ("all traffic") is included only by a rule for all traffic.
    pub fn matches(self, service: Service) -> bool {
        match (self, service) {
            (Traffic::All, _) => true,
            (Traffic::Tcp(range), Service::Tcp { port }) => range.contains(port),
            (Traffic::Udp(range), Service::Udp { port }) => range.contains(port),
            (Traffic::Icmp(m), Service::Icmp { icmp_type, code }) => m.matches(icmp_type, code),
            (Traffic::Icmpv6(m), Service::Icmpv6 { icmp_type, code }) => m.matches(icmp_type, code),
            (Traffic::Other(n), Service::Other(p)) => n == p,
            _ => false,
        }
    }

    /// Does this rule match at least part of the traffic of `service`? Differs from
    /// `matches` only for the "all traffic" probe, which every rule overlaps.
    pub fn overlaps(self, service: Service) -> bool {
        matches!(service, Service::All) || self.matches(service)
    }

    /// All ports (or all ICMP) of its protocol, or all traffic.
    pub fn is_all_of_protocol(self) -> bool {
        match self {
            Traffic::All | Traffic::Other(_) => true,
            Traffic::Tcp(r) | Traffic::Udp(r) => r.is_all(),
            Traffic::Icmp(m) | Traffic::Icmpv6(m) => m == IcmpMatch::AllTypes,
        }
    }
}

impl fmt::Display for Traffic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Traffic::All => f.write_str("all traffic"),
            Traffic::Tcp(r) if r.is_all() => f.write_str("all TCP"),
            Traffic::Udp(r) if r.is_all() => f.write_str("all UDP"),
            Traffic::Tcp(r) => write!(f, "TCP {r}"),
            Traffic::Udp(r) => write!(f, "UDP {r}"),
            Traffic::Icmp(IcmpMatch::AllTypes) => f.write_str("all ICMP"),
            Traffic::Icmpv6(IcmpMatch::AllTypes) => f.write_str("all ICMPv6"),
            Traffic::Icmp(m) => write!(f, "ICMP {m}"),
            Traffic::Icmpv6(m) => write!(f, "ICMPv6 {m}"),
            Traffic::Other(n) => write!(f, "protocol {n}"),
        }
    }
}

/// The service one connection asks for: its protocol and destination port, or ICMP
/// type and code. `All` is a probe meaning "all traffic", allowed only where every
/// protocol and port is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "protocol", rename_all = "lowercase")]
pub enum Service {
    Tcp {
        port: u16,
    },
    Udp {
        port: u16,
    },
    Icmp {
        icmp_type: u8,
        code: u8,
    },
    Icmpv6 {
        icmp_type: u8,
        code: u8,
    },
    /// Written `{"protocol": "other", "number": 47}`: an internally tagged enum can't
    /// carry a bare number.
    #[serde(serialize_with = "protocol_number::serialize", deserialize_with = "protocol_number::deserialize")]
    Other(u8),
    All,
}

mod protocol_number {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Number {
        number: u8,
    }

    pub fn serialize<S: Serializer>(number: &u8, serializer: S) -> Result<S::Ok, S::Error> {
        Number { number: *number }.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
        Number::deserialize(deserializer).map(|n| n.number)
    }
}

impl Service {
    pub fn protocol(self) -> Protocol {
        match self {
            Service::Tcp { .. } => Protocol::Tcp,
            Service::Udp { .. } => Protocol::Udp,
            Service::Icmp { .. } => Protocol::Icmp,
            Service::Icmpv6 { .. } => Protocol::Icmpv6,
            Service::Other(n) => Protocol::Number(n),
            Service::All => Protocol::All,
        }
    }

    /// The destination port, for TCP and UDP.
    pub fn port(self) -> Option<u16> {
        match self {
            Service::Tcp { port } | Service::Udp { port } => Some(port),
            _ => None,
        }
    }

    /// ICMP echo request (ping) over IPv4.
    pub const PING: Service = Service::Icmp { icmp_type: 8, code: 0 };
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Service::Tcp { port } => write!(f, "TCP {port}"),
            Service::Udp { port } => write!(f, "UDP {port}"),
            Service::Icmp { icmp_type, code } => write!(f, "ICMP type {icmp_type} code {code}"),
            Service::Icmpv6 { icmp_type, code } => write!(f, "ICMPv6 type {icmp_type} code {code}"),
            Service::Other(n) => write!(f, "protocol {n}"),
            Service::All => f.write_str("all traffic"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_names_and_numbers_parse_to_the_same_protocol() {
        for (text, p) in [
            ("tcp", Protocol::Tcp),
            ("6", Protocol::Tcp),
            ("UDP", Protocol::Udp),
            ("17", Protocol::Udp),
            ("icmp", Protocol::Icmp),
            ("1", Protocol::Icmp),
            ("icmpv6", Protocol::Icmpv6),
            ("58", Protocol::Icmpv6),
            ("-1", Protocol::All),
            ("47", Protocol::Number(47)),
        ] {
            assert_eq!(text.parse::<Protocol>(), Ok(p), "{text}");
        }
        assert!("256".parse::<Protocol>().is_err());
        assert!("http".parse::<Protocol>().is_err());
    }

    #[test]
    fn icmp_type_with_all_codes_matches_every_code_of_that_type_only() {
        let m = IcmpMatch::Type { icmp_type: 3, code: None };
        assert!(m.matches(3, 0) && m.matches(3, 4));
        assert!(!m.matches(8, 0));
        let exact = IcmpMatch::Type { icmp_type: 3, code: Some(4) };
        assert!(exact.matches(3, 4) && !exact.matches(3, 3));
        assert!(IcmpMatch::AllTypes.matches(0, 0));
    }

    #[test]
    fn a_rule_for_another_protocol_number_matches_only_that_protocol() {
        assert!(Traffic::Other(47).matches(Service::Other(47)));
        assert!(!Traffic::Other(47).matches(Service::Other(50)));
        assert!(!Traffic::Other(47).matches(Service::Tcp { port: 47 }));
        assert!(Traffic::All.matches(Service::Other(47)));
    }

    #[test]
    fn icmp_rules_do_not_match_icmpv6_and_the_reverse() {
        let ping6 = Service::Icmpv6 { icmp_type: 128, code: 0 };
        assert!(!Traffic::Icmp(IcmpMatch::AllTypes).matches(ping6));
        assert!(Traffic::Icmpv6(IcmpMatch::AllTypes).matches(ping6));
        assert!(!Traffic::Icmpv6(IcmpMatch::AllTypes).matches(Service::PING));
    }

    #[test]
    fn every_service_serializes_and_reads_back() {
        for service in [Service::Tcp { port: 443 }, Service::PING, Service::Other(47), Service::All] {
            let json = serde_json::to_string(&service).expect("serializes");
            assert_eq!(serde_json::from_str::<Service>(&json).expect("reads back"), service, "{json}");
        }
        assert_eq!(
            serde_json::to_string(&Service::Other(47)).expect("serializes"),
            r#"{"protocol":"other","number":47}"#
        );
    }

    #[test]
    fn only_an_all_traffic_rule_matches_the_all_traffic_probe() {
        assert!(Traffic::All.matches(Service::All));
        assert!(!Traffic::Tcp(PortRange::ALL).matches(Service::All));
        assert!(Traffic::Tcp(PortRange::single(22)).overlaps(Service::All));
    }
}
