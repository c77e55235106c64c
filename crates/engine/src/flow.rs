//! A connection to judge: from where, to where, what service, from which client port.

use crate::ids::{NetworkInterfaceId, ResourceId};
use crate::model::Network;
use crate::traffic::Service;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// The client's source port when none is given. 50000 lies in every common
/// ephemeral range: Linux 32768-60999, Windows 49152-65535, and the 1024-65535 that
/// load balancers, NAT gateways and Lambda use. Network ACLs must allow replies to it.
pub const DEFAULT_SOURCE_PORT: u16 = 50000;

/// One end of a connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// An address: a private or public IP of an interface in the lab, an AWS service
    /// address (DNS, instance metadata), or a host on the internet.
    Address(IpAddr),
    /// A network interface, reached at the address that a peer would use: its private
    /// IP from inside its VPC, its public IP from outside.
    Interface(NetworkInterfaceId),
    /// A resource (EC2 instance, RDS database, load balancer): its primary interface.
    Resource(ResourceId),
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Address(a) => write!(f, "{a}"),
            Endpoint::Interface(i) => write!(f, "{i}"),
            Endpoint::Resource(r) => write!(f, "{r}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Flow {
    pub source: Endpoint,
    pub destination: Endpoint,
    pub service: Service,
    /// The client's ephemeral port (TCP and UDP); replies go back to it.
    pub source_port: u16,
}

impl Flow {
    pub fn new(source: Endpoint, destination: Endpoint, service: Service) -> Self {
        Flow { source, destination, service, source_port: DEFAULT_SOURCE_PORT }
    }
}

/// A connection that cannot be judged because it does not describe one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum FlowError {
    #[error("the network interface `{0}` does not exist")]
    UnknownInterface(String),
    #[error("`{0}` is not an IP address, network interface, resource or host in the lab")]
    UnknownEndpoint(String),
    #[error("the resource `{0}` has no network interface")]
    ResourceWithoutInterface(String),
    #[error("no network interface in the lab has the address `{0}`, so nothing there can send")]
    NoSourceAtAddress(IpAddr),
    #[error("`{address}` is {kind}, not an internet address: no host on the internet can send from it", address = .0, kind = address_kind(*.0))]
    NotAnInternetAddress(IpAddr),
    #[error("neither `{0}` nor `{1}` is in the lab: at least one end must be a network interface")]
    NeitherEndInLab(String, String),
    #[error("`{interface}` has no IPv6 address, so it cannot reach the IPv6 address `{peer}`")]
    NoIpv6Address { interface: String, peer: IpAddr },
    #[error("`{0}` and `{1}` are not the same IP version")]
    MixedAddressFamilies(IpAddr, IpAddr),
    #[error("ICMP is for IPv4; use ICMPv6 to reach the IPv6 address `{0}`")]
    IcmpOverIpv6(IpAddr),
    #[error("ICMPv6 is for IPv6; use ICMP to reach the IPv4 address `{0}`")]
    Icmpv6OverIpv4(IpAddr),
}

/// What kind of address the internet does not route this is, for messages.
fn address_kind(address: IpAddr) -> &'static str {
    crate::address::not_globally_reachable(address)
        .map_or("an address the internet does not route", |k| k.description())
}

impl Network {
    /// Reads an endpoint as a user types it: an IP address, an interface id
    /// (`eni-…`), a resource id or name (`i-…`, `App Server`), or a named internet host.
    pub fn parse_endpoint(&self, text: &str) -> Result<Endpoint, FlowError> {
        let text = text.trim();
        if let Ok(addr) = text.parse::<IpAddr>() {
            return Ok(Endpoint::Address(addr));
        }
        if let Some(eni) = self.network_interfaces.iter().find(|n| n.id.as_str() == text) {
            return Ok(Endpoint::Interface(eni.id.clone()));
        }
        if text.starts_with("eni-") {
            return Err(FlowError::UnknownInterface(text.to_owned()));
        }
        if let Some(r) = self.resources.iter().find(|r| r.id.as_str() == text || r.name == text) {
            return Ok(Endpoint::Resource(r.id.clone()));
        }
        // An instance id seen only in an interface's attachment.
        if let Some(r) =
            self.network_interfaces.iter().filter_map(|n| n.resource_id.as_ref()).find(|r| r.as_str() == text)
        {
            return Ok(Endpoint::Resource(r.clone()));
        }
        if let Some(h) = self.internet_hosts.iter().find(|h| h.name == text) {
            return Ok(Endpoint::Address(h.address));
        }
        Err(FlowError::UnknownEndpoint(text.to_owned()))
    }
}
