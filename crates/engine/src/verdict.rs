//! What the evaluator answers: never a bare bool, but the path a packet took, hop by
//! hop, the rule that decided each hop, and when blocked, what blocked it and why.

use crate::flow::Flow;
use crate::ids::*;
use crate::model::RuleAction;
use crate::traffic::Service;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// The request was delivered and, where the service has one, its reply came back.
    pub allowed: bool,
    /// The flow as judged, with the addresses resolved.
    pub flow: Flow,
    pub source: EndpointView,
    pub destination: EndpointView,
    pub request: Leg,
    /// The reply's path; `None` when the request was stopped or the service has no reply
    /// (ICMP messages other than echo request).
    pub reply: Option<Leg>,
    /// The first hop that stopped the connection.
    pub blocked: Option<Blocked>,
    /// Connection tracking at each security group that allowed the request.
    pub tracking: Vec<Tracking>,
    /// One sentence for people.
    pub summary: String,
}

impl Verdict {
    /// Is every security group that allowed this connection tracking it? (Tracked
    /// connections survive a rule removal until they idle out.)
    pub fn is_tracked(&self) -> bool {
        self.tracking.iter().all(|t| t.tracked)
    }

    /// Every hop, request first, then reply.
    pub fn hops(&self) -> impl Iterator<Item = &Hop> {
        self.request.hops.iter().chain(self.reply.iter().flat_map(|l| l.hops.iter()))
    }
}

/// One end of the connection as the evaluator resolved it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EndpointView {
    /// The address the packet carries for this end, as sent by the client.
    pub address: IpAddr,
    /// The interface, when the end is in the lab.
    pub interface: Option<NetworkInterfaceId>,
    /// A name for people: "App Server", "1.2.3.4 (internet)".
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leg {
    pub direction: LegDirection,
    /// Reached its destination.
    pub delivered: bool,
    pub hops: Vec<Hop>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LegDirection {
    Request,
    Reply,
}

/// One packet as a hop sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Packet {
    pub source: IpAddr,
    pub destination: IpAddr,
    /// TCP/UDP source port.
    pub source_port: Option<u16>,
    /// Protocol and destination port, or ICMP type and code.
    pub service: Service,
}

impl fmt::Display for Packet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.source_port, self.service.port()) {
            (Some(sp), Some(dp)) => {
                write!(
                    f,
                    "{} {}:{} → {}:{}",
                    self.service.protocol().display_name(),
                    self.source,
                    sp,
                    self.destination,
                    dp
                )
            }
            _ => write!(f, "{} {} → {}", self.service, self.source, self.destination),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop {
    pub kind: HopKind,
    /// The id of the component: `eni-…` for security groups (they act at the
    /// interface), `acl-…`, `rtb-…`, `igw-…`; `internet` for the internet.
    pub component: String,
    pub packet: Packet,
    pub outcome: HopOutcome,
    /// The rule or route that decided, when one did (`None` for a hidden default such as
    /// a security group's implicit deny).
    pub rule: Option<RuleRef>,
    /// One plain sentence.
    pub detail: String,
    /// At a security group hop, the interface's security groups, as Reachability
    /// Analyzer's explanations list them (empty, and left out of JSON, elsewhere).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<GroupRef>,
}

/// A security group as an explanation names it: its name and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupRef {
    pub id: SecurityGroupId,
    /// `None` for a group the lab does not hold (in a peered VPC, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl fmt::Display for GroupRef {
    /// `app-server (sg-0a1b2c3d4e5f60002)`, or the id alone when the name is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} ({})", self.id),
            None => write!(f, "{}", self.id),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HopKind {
    /// The source interface's security groups, outbound rules.
    SecurityGroupsOutbound,
    /// The source subnet's network ACL, outbound rules.
    NetworkAclOutbound,
    /// The source subnet's route table.
    RouteTable,
    /// Leaving the VPC: the internet gateway translates the private source to the public IP.
    InternetGatewayEgress,
    /// The internet between the VPC and a host.
    Internet,
    /// Entering the VPC: the internet gateway translates the public destination to the private IP.
    InternetGatewayIngress,
    /// The destination subnet's network ACL, inbound rules.
    NetworkAclInbound,
    /// The destination interface's security groups, inbound rules.
    SecurityGroupsInbound,
    /// Traffic no security group or network ACL filters (instance metadata, Amazon DNS, loopback).
    NotFiltered,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HopOutcome {
    /// A rule allowed it (or a route carried it, a gateway translated it).
    Allowed,
    /// A reply let through by the security group's connection tracking, without rules.
    AllowedByTracking,
    /// Stopped here.
    Blocked,
}

/// The rule or route that decided a hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleRef {
    SecurityGroupRule {
        group_id: SecurityGroupId,
        rule_id: SecurityGroupRuleId,
    },
    /// `rule_number: None` is the final `*` rule.
    NetworkAclEntry {
        acl_id: NetworkAclId,
        rule_number: Option<u16>,
        action: RuleAction,
    },
    Route {
        route_table_id: RouteTableId,
        destination: IpNet,
        target: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocked {
    pub code: ReasonCode,
    pub leg: LegDirection,
    /// Index into that leg's hops.
    pub hop: usize,
    pub component: String,
    /// One or two sentences a student understands.
    pub explanation: String,
}

/// Why a connection stopped. Where AWS Reachability Analyzer has an explanation code
/// for the case, this is that code; the others are the lab's, named in its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReasonCode {
    /// Reachability Analyzer: the interface's security groups have rules in this
    /// direction, but none matches.
    EniSgRulesMismatch,
    /// Reachability Analyzer: the interface's security groups have no rules at all in this direction.
    SgHasNoRules,
    /// Reachability Analyzer: a network ACL rule (or the final `*`) denies it.
    SubnetAclRestriction,
    /// Reachability Analyzer: no route in the subnet's route table covers the destination.
    NoRouteToDestination,
    /// Reachability Analyzer: the route that matches is a blackhole (its target is gone).
    BadStateRoute,
    /// Reachability Analyzer: the internet gateway cannot deliver to a private address
    /// that has no public IP associated.
    IgwPrivateIpAssociationForIngress,
    /// Reachability Analyzer: the source address is not paired with a public IP, so the
    /// internet gateway cannot send its traffic to the internet. (Saves and exercises
    /// written before the lab used AWS's code say `IGW_NO_PUBLIC_IP_FOR_EGRESS`.)
    #[serde(rename = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", alias = "IGW_NO_PUBLIC_IP_FOR_EGRESS")]
    IgwPublicIpAssociationForEgress,
    /// Reachability Analyzer: internet gateways reject outbound traffic to private
    /// (RFC 1918) addresses. (Formerly the lab's `PRIVATE_ADDRESS_ON_INTERNET`.)
    #[serde(rename = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS", alias = "PRIVATE_ADDRESS_ON_INTERNET")]
    IgwDestinationAddressNotInRfc1918Egress,
    /// Reachability Analyzer: internet gateways reject outbound traffic to shared
    /// (RFC 6598, 100.64.0.0/10) addresses.
    #[serde(rename = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS")]
    IgwDestinationAddressNotInRfc6598Egress,
    /// The lab's: the VPC has no internet gateway attached.
    NoInternetGateway,
    /// The lab's: the route's target is a component the lab does not simulate.
    UnsupportedRouteTarget,
    /// The lab's: no network interface holds the destination address.
    NoInterfaceAtDestination,
    /// The lab's: an address the internet does not route (link-local, multicast,
    /// unique-local…: IANA's special-purpose registries), outside every VPC, where
    /// Reachability Analyzer has no code of its own.
    DestinationNotGloballyReachable,
}

impl ReasonCode {
    /// Every reason, in the README's order: Reachability Analyzer's codes first.
    pub const ALL: [ReasonCode; 13] = [
        ReasonCode::EniSgRulesMismatch,
        ReasonCode::SgHasNoRules,
        ReasonCode::SubnetAclRestriction,
        ReasonCode::NoRouteToDestination,
        ReasonCode::BadStateRoute,
        ReasonCode::IgwPrivateIpAssociationForIngress,
        ReasonCode::IgwPublicIpAssociationForEgress,
        ReasonCode::IgwDestinationAddressNotInRfc1918Egress,
        ReasonCode::IgwDestinationAddressNotInRfc6598Egress,
        ReasonCode::NoInternetGateway,
        ReasonCode::UnsupportedRouteTarget,
        ReasonCode::NoInterfaceAtDestination,
        ReasonCode::DestinationNotGloballyReachable,
    ];

    /// Reads a code as [`ReasonCode::as_str`] writes it, or as the lab wrote it before it
    /// used AWS's code for the same reason.
    pub fn parse(text: &str) -> Option<ReasonCode> {
        match text {
            "IGW_NO_PUBLIC_IP_FOR_EGRESS" => Some(ReasonCode::IgwPublicIpAssociationForEgress),
            "PRIVATE_ADDRESS_ON_INTERNET" => Some(ReasonCode::IgwDestinationAddressNotInRfc1918Egress),
            _ => ReasonCode::ALL.into_iter().find(|c| c.as_str() == text),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::EniSgRulesMismatch => "ENI_SG_RULES_MISMATCH",
            ReasonCode::SgHasNoRules => "SG_HAS_NO_RULES",
            ReasonCode::SubnetAclRestriction => "SUBNET_ACL_RESTRICTION",
            ReasonCode::NoRouteToDestination => "NO_ROUTE_TO_DESTINATION",
            ReasonCode::BadStateRoute => "BAD_STATE_ROUTE",
            ReasonCode::IgwPrivateIpAssociationForIngress => "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
            ReasonCode::IgwPublicIpAssociationForEgress => "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            ReasonCode::IgwDestinationAddressNotInRfc1918Egress => "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
            ReasonCode::IgwDestinationAddressNotInRfc6598Egress => "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS",
            ReasonCode::NoInternetGateway => "NO_INTERNET_GATEWAY",
            ReasonCode::UnsupportedRouteTarget => "UNSUPPORTED_ROUTE_TARGET",
            ReasonCode::NoInterfaceAtDestination => "NO_INTERFACE_AT_DESTINATION",
            ReasonCode::DestinationNotGloballyReachable => "DESTINATION_NOT_GLOBALLY_REACHABLE",
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Connection tracking at one interface's security groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub interface: NetworkInterfaceId,
    /// Tracked flows survive the removal of the rule that allowed them until they idle
    /// out; untracked flows are cut at once.
    pub tracked: bool,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_aws_has_are_aws_codes_and_the_lab_s_old_names_still_read() {
        assert_eq!(ReasonCode::IgwPublicIpAssociationForEgress.as_str(), "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS");
        assert_eq!(
            ReasonCode::IgwDestinationAddressNotInRfc1918Egress.as_str(),
            "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
        );
        assert_eq!(
            ReasonCode::IgwDestinationAddressNotInRfc6598Egress.as_str(),
            "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
        );
        for code in ReasonCode::ALL {
            // What a save writes is what the lab shows, and reads back.
            let json = serde_json::to_string(&code).expect("serializes");
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<ReasonCode>(&json).expect("reads"), code);
            assert_eq!(ReasonCode::parse(code.as_str()), Some(code));
        }
        // Saves and exercises written with the lab's former names.
        for (old, new) in [
            ("IGW_NO_PUBLIC_IP_FOR_EGRESS", ReasonCode::IgwPublicIpAssociationForEgress),
            ("PRIVATE_ADDRESS_ON_INTERNET", ReasonCode::IgwDestinationAddressNotInRfc1918Egress),
        ] {
            assert_eq!(serde_json::from_str::<ReasonCode>(&format!("\"{old}\"")).expect("reads"), new);
            assert_eq!(ReasonCode::parse(old), Some(new));
        }
    }
}
