//! The fire form as typed and its reading into a [`Flow`]: which ends, which service,
//! which client port. Plain Rust, tested natively.

use crate::ui::{sentence, FormError};
use sglab_engine::console::{RuleType, PRESETS};
use sglab_engine::{Endpoint, Flow, Network, Protocol, Service, DEFAULT_SOURCE_PORT};

/// The value of the end pickers' "type an address" entry.
pub const TYPED: &str = "typed";

/// The form as the user left it. Every field is text, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FireDraft {
    /// A picker value: `res:<id>`, `eni:<id>`, `host:<address>` or [`TYPED`].
    pub source: String,
    pub source_text: String,
    pub destination: String,
    pub destination_text: String,
    /// A Type preset's label, as the console shows it (`HTTPS`, `Custom TCP`).
    pub service: String,
    /// Custom TCP / UDP: the destination port.
    pub port: String,
    /// Custom ICMP: type and code.
    pub icmp_type: String,
    pub icmp_code: String,
    /// Custom protocol: its number.
    pub protocol_number: String,
    /// TCP and UDP: the client's port.
    pub source_port: String,
}

impl Default for FireDraft {
    fn default() -> Self {
        FireDraft {
            source: "host:1.2.3.4".into(),
            source_text: String::new(),
            destination: format!("res:{}", sglab_engine::example::APP_INSTANCE_ID),
            destination_text: String::new(),
            service: "HTTP".into(),
            port: "8080".into(),
            icmp_type: "8".into(),
            icmp_code: "0".into(),
            protocol_number: "47".into(),
            source_port: DEFAULT_SOURCE_PORT.to_string(),
        }
    }
}

/// A form field, to put its message under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Source,
    Destination,
    Port,
    IcmpType,
    IcmpCode,
    ProtocolNumber,
    SourcePort,
}

/// A message of the fire form, under its field.
pub type FieldError = FormError<Field>;

fn error(field: Field, message: impl Into<String>) -> FieldError {
    FormError::new(field, message)
}

/// Which inputs a service choice needs besides the ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceInputs {
    /// A fixed service (HTTPS, All traffic): nothing to type but the client port.
    Fixed,
    /// Custom TCP / UDP: a destination port.
    Port,
    /// Custom ICMP: type and code.
    IcmpTypeCode,
    /// Custom protocol: a number.
    ProtocolNumber,
}

/// The Type presets a single connection can use: the console's list without the
/// ranges ("All TCP" is many connections, not one).
pub fn service_choices() -> impl Iterator<Item = RuleType> {
    PRESETS
        .iter()
        .map(|p| p.rule_type)
        .filter(|t| !matches!(t, RuleType::AllTcp | RuleType::AllUdp | RuleType::AllIcmpV4 | RuleType::AllIcmpV6))
}

pub fn service_inputs(label: &str) -> ServiceInputs {
    match RuleType::from_label(label) {
        Some(RuleType::CustomTcp | RuleType::CustomUdp) => ServiceInputs::Port,
        Some(RuleType::CustomIcmpV4 | RuleType::CustomIcmpV6) => ServiceInputs::IcmpTypeCode,
        Some(RuleType::CustomProtocol) => ServiceInputs::ProtocolNumber,
        _ => ServiceInputs::Fixed,
    }
}

/// Does the chosen service have ports (and so a client port)?
pub fn has_source_port(label: &str) -> bool {
    RuleType::from_label(label)
        .and_then(|t| t.preset().protocol)
        .is_some_and(|p| matches!(p, Protocol::Tcp | Protocol::Udp))
}

fn parse_number<T: std::str::FromStr>(text: &str, field: Field, message: &str) -> Result<T, FieldError> {
    text.trim().parse::<T>().map_err(|_| error(field, message))
}

impl FireDraft {
    /// Reads the form. Every field's problem is reported, not just the first.
    pub fn parse(&self, network: &Network) -> Result<Flow, Vec<FieldError>> {
        let source = parse_end(network, &self.source, &self.source_text, Field::Source);
        let destination = parse_end(network, &self.destination, &self.destination_text, Field::Destination);
        let service = self.parse_service();
        let source_port = if has_source_port(&self.service) {
            let text = self.source_port.trim();
            if text.is_empty() {
                Ok(DEFAULT_SOURCE_PORT)
            } else {
                match text.parse::<u16>() {
                    Ok(0) | Err(_) => Err(error(Field::SourcePort, "Enter a port from 1 to 65535.")),
                    Ok(port) => Ok(port),
                }
            }
        } else {
            Ok(DEFAULT_SOURCE_PORT)
        };
        match (source, destination, service, source_port) {
            (Ok(source), Ok(destination), Ok(service), Ok(source_port)) => {
                Ok(Flow { source, destination, service, source_port })
            }
            (s, d, v, p) => {
                Err([s.err(), d.err(), v.err(), p.err().map(|e| vec![e])].into_iter().flatten().flatten().collect())
            }
        }
    }

    fn parse_service(&self) -> Result<Service, Vec<FieldError>> {
        let Some(rule_type) = RuleType::from_label(&self.service) else {
            return Err(vec![error(Field::Port, format!("Unknown type `{}`.", self.service))]);
        };
        let preset = rule_type.preset();
        let port = || -> Result<u16, Vec<FieldError>> {
            parse_number(&self.port, Field::Port, "Enter a port from 0 to 65535.").map_err(|e| vec![e])
        };
        let icmp = || -> Result<(u8, u8), Vec<FieldError>> {
            let t = parse_number::<u8>(&self.icmp_type, Field::IcmpType, "Enter an ICMP type from 0 to 255.");
            let c = parse_number::<u8>(&self.icmp_code, Field::IcmpCode, "Enter an ICMP code from 0 to 255.");
            match (t, c) {
                (Ok(t), Ok(c)) => Ok((t, c)),
                (t, c) => Err([t.err(), c.err()].into_iter().flatten().collect()),
            }
        };
        match rule_type {
            RuleType::CustomTcp => Ok(Service::Tcp { port: port()? }),
            RuleType::CustomUdp => Ok(Service::Udp { port: port()? }),
            RuleType::CustomIcmpV4 => icmp().map(|(icmp_type, code)| Service::Icmp { icmp_type, code }),
            RuleType::CustomIcmpV6 => icmp().map(|(icmp_type, code)| Service::Icmpv6 { icmp_type, code }),
            RuleType::CustomProtocol => {
                let n = parse_number::<u8>(
                    &self.protocol_number,
                    Field::ProtocolNumber,
                    "Enter a protocol number from 0 to 255.",
                )
                .map_err(|e| vec![e])?;
                let named = match n {
                    1 => Some("ICMP: choose Custom ICMP - IPv4"),
                    6 => Some("TCP: choose Custom TCP"),
                    17 => Some("UDP: choose Custom UDP"),
                    58 => Some("ICMPv6: choose Custom ICMP - IPv6"),
                    _ => None,
                };
                match named {
                    Some(hint) => {
                        Err(vec![error(Field::ProtocolNumber, format!("Protocol {n} is {hint} to give its details."))])
                    }
                    None => Ok(Service::Other(n)),
                }
            }
            RuleType::AllTraffic => Ok(Service::All),
            _ => match (preset.protocol, preset.port) {
                (Some(Protocol::Udp), Some(port)) => Ok(Service::Udp { port }),
                (Some(Protocol::Tcp), Some(port)) => Ok(Service::Tcp { port }),
                _ => Err(vec![error(Field::Port, format!("`{}` is a range, not one connection.", preset.label))]),
            },
        }
    }
}

fn parse_end(network: &Network, choice: &str, typed: &str, field: Field) -> Result<Endpoint, Vec<FieldError>> {
    if let Some(id) = choice.strip_prefix("res:") {
        return Ok(Endpoint::Resource(id.into()));
    }
    if let Some(id) = choice.strip_prefix("eni:") {
        return Ok(Endpoint::Interface(id.into()));
    }
    if let Some(address) = choice.strip_prefix("host:") {
        return address
            .parse()
            .map(Endpoint::Address)
            .map_err(|_| vec![error(field, format!("`{address}` is not an IP address."))]);
    }
    if typed.trim().is_empty() {
        return Err(vec![error(field, "Type an IP address, such as 8.8.8.8, or a resource's name.")]);
    }
    network.parse_endpoint(typed).map_err(|e| vec![error(field, sentence(&e.to_string()))])
}

/// One option of a picker: its value and its label.
pub type Choice = (String, String);

/// The choices of an end picker: resources (and interfaces of none), then internet hosts.
/// Linear in the size of the network: the pickers are rebuilt on every change of the lab.
pub fn end_choices(network: &Network) -> (Vec<Choice>, Vec<Choice>) {
    let primary = network.primary_interfaces();
    let mut lab = Vec::new();
    for resource in &network.resources {
        let address = primary
            .get(resource.id.as_str())
            .and_then(|eni| eni.primary_private_ip())
            .map(|ip| format!(" ({ip})"))
            .unwrap_or_default();
        lab.push((format!("res:{}", resource.id), format!("{}{address}", resource.name)));
    }
    let resources: std::collections::HashSet<&str> = network.resources.iter().map(|r| r.id.as_str()).collect();
    for eni in &network.network_interfaces {
        let owned = eni.resource_id.as_ref().is_some_and(|r| resources.contains(r.as_str()));
        if !owned {
            lab.push((format!("eni:{}", eni.id), network.interface_label(eni)));
        }
    }
    let hosts = network
        .internet_hosts
        .iter()
        .map(|h| (format!("host:{}", h.address), format!("{} ({})", h.name, h.address)))
        .collect();
    (lab, hosts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example::{self, chapter};

    fn draft() -> FireDraft {
        FireDraft::default()
    }

    #[test]
    fn the_default_form_is_the_web_browser_to_the_app_server_over_http() {
        let flow = draft().parse(&chapter()).expect("valid");
        assert_eq!(flow.source, Endpoint::Address("1.2.3.4".parse().expect("ip")));
        assert_eq!(flow.destination, Endpoint::Resource(example::APP_INSTANCE_ID.into()));
        assert_eq!(flow.service, Service::Tcp { port: 80 });
        assert_eq!(flow.source_port, DEFAULT_SOURCE_PORT);
    }

    #[test]
    fn typed_addresses_and_custom_ports_are_read() {
        let d = FireDraft {
            source: TYPED.into(),
            source_text: " 8.8.8.8 ".into(),
            destination: TYPED.into(),
            destination_text: "MySQL database".into(),
            service: "Custom UDP".into(),
            port: "53".into(),
            source_port: "".into(),
            ..draft()
        };
        let flow = d.parse(&chapter()).expect("valid");
        assert_eq!(flow.source, Endpoint::Address("8.8.8.8".parse().expect("ip")));
        assert_eq!(flow.destination, Endpoint::Resource(example::DATABASE_ID.into()));
        assert_eq!(flow.service, Service::Udp { port: 53 });
        assert_eq!(flow.source_port, DEFAULT_SOURCE_PORT);
    }

    #[test]
    fn icmp_all_traffic_and_protocol_numbers() {
        let icmp =
            FireDraft { service: "Custom ICMP - IPv4".into(), icmp_type: "8".into(), icmp_code: "0".into(), ..draft() };
        assert_eq!(icmp.parse(&chapter()).expect("valid").service, Service::PING);
        let all = FireDraft { service: "All traffic".into(), ..draft() };
        assert_eq!(all.parse(&chapter()).expect("valid").service, Service::All);
        let gre = FireDraft { service: "Custom protocol".into(), protocol_number: "47".into(), ..draft() };
        assert_eq!(gre.parse(&chapter()).expect("valid").service, Service::Other(47));
        let tcp = FireDraft { service: "Custom protocol".into(), protocol_number: "6".into(), ..draft() };
        let errors = tcp.parse(&chapter()).expect_err("tcp by number");
        assert_eq!(errors[0].place, Field::ProtocolNumber);
        assert!(errors[0].message.contains("Custom TCP"));
    }

    #[test]
    fn every_bad_field_gets_its_message() {
        let d = FireDraft {
            source: TYPED.into(),
            source_text: "nowhere".into(),
            service: "Custom TCP".into(),
            port: "70000".into(),
            source_port: "0".into(),
            ..draft()
        };
        let errors = d.parse(&chapter()).expect_err("invalid");
        let fields: Vec<Field> = errors.iter().map(|e| e.place).collect();
        assert_eq!(fields, [Field::Source, Field::Port, Field::SourcePort]);
        assert!(errors[0].message.starts_with('`') || errors[0].message.chars().next().is_some_and(char::is_uppercase));
    }

    #[test]
    fn ranges_are_not_offered_and_custom_types_ask_for_their_inputs() {
        assert!(service_choices().all(|t| t != RuleType::AllTcp));
        assert!(service_choices().any(|t| t == RuleType::Https));
        assert_eq!(service_inputs("Custom TCP"), ServiceInputs::Port);
        assert_eq!(service_inputs("Custom ICMP - IPv6"), ServiceInputs::IcmpTypeCode);
        assert_eq!(service_inputs("HTTPS"), ServiceInputs::Fixed);
        assert!(has_source_port("DNS (UDP)"));
        assert!(!has_source_port("All traffic"));
    }

    #[test]
    fn the_pickers_list_resources_then_hosts() {
        let (lab, hosts) = end_choices(&chapter());
        assert_eq!(lab[0].1, "App Server (10.1.1.33)");
        assert_eq!(hosts[0], ("host:1.2.3.4".to_string(), "Web browser (1.2.3.4)".to_string()));
    }
}
