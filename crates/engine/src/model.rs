//! The network model: what the lab holds and what AWS JSON describes.
//!
//! Plain data with public fields, kept in `Vec`s in the order the user (or the AWS
//! JSON) gave them. Lookups by id are linear here; the evaluator builds its own
//! indexes (`eval::Evaluator`), so the model stays simple to edit and to compare.

use crate::ids::*;
use crate::traffic::Traffic;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A whole lab: one or more VPCs, what is in them, and hosts on the internet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub internet_gateways: Vec<InternetGateway>,
    pub network_acls: Vec<NetworkAcl>,
    pub security_groups: Vec<SecurityGroup>,
    pub network_interfaces: Vec<NetworkInterface>,
    /// What owns network interfaces: EC2 instances, RDS instances, load balancers.
    pub resources: Vec<Resource>,
    /// Managed prefix lists that rules may name as their peer.
    pub prefix_lists: Vec<PrefixList>,
    /// Named hosts on the internet (the chapter's client at 1.2.3.4). Any other
    /// address outside the VPCs is an internet host too; these just have names.
    pub internet_hosts: Vec<InternetHost>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The value of the `Name` tag (case-sensitive key, as in AWS).
pub fn name_tag(tags: &[Tag]) -> Option<&str> {
    tags.iter().find(|t| t.key == "Name").map(|t| t.value.as_str())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    pub id: VpcId,
    /// The primary IPv4 CIDR first, then any secondary ones.
    pub cidr_blocks: Vec<Ipv4Net>,
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
    pub is_default: bool,
    pub tags: Vec<Tag>,
}

impl Vpc {
    /// Is the address inside one of this VPC's CIDR blocks (the scope of its local route)?
    pub fn contains(&self, addr: IpAddr) -> bool {
        match addr {
            IpAddr::V4(a) => self.cidr_blocks.iter().any(|c| c.contains(&a)),
            IpAddr::V6(a) => self.ipv6_cidr_blocks.iter().any(|c| c.contains(&a)),
        }
    }

    /// The Amazon DNS server: the primary CIDR's base address plus two.
    pub fn dns_server(&self) -> Option<Ipv4Addr> {
        self.cidr_blocks.first().map(|c| Ipv4Addr::from(u32::from(c.network()).wrapping_add(2)))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    pub id: SubnetId,
    pub vpc_id: VpcId,
    pub cidr_block: Ipv4Net,
    pub ipv6_cidr_block: Option<Ipv6Net>,
    pub availability_zone: String,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteTable {
    pub id: RouteTableId,
    pub vpc_id: VpcId,
    /// The main route table serves every subnet not explicitly associated with another.
    pub main: bool,
    /// Subnets explicitly associated with this table.
    pub subnet_ids: Vec<SubnetId>,
    /// As listed; the local route for each VPC CIDR applies whether listed or not.
    pub routes: Vec<Route>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub destination: IpNet,
    pub target: RouteTarget,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteTarget {
    /// Traffic within the VPC.
    Local,
    InternetGateway(InternetGatewayId),
    /// A target the lab does not simulate (NAT gateway, peering connection, transit
    /// gateway…), kept so that it round-trips and so the evaluator can say so.
    Other {
        id: String,
    },
    /// A route whose target was deleted (`State: blackhole`): it drops traffic.
    Blackhole {
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InternetGateway {
    pub id: InternetGatewayId,
    /// The VPC it is attached to, if any.
    pub vpc_id: Option<VpcId>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleAction {
    Allow,
    Deny,
}

/// One numbered rule of a network ACL. The final `*` rule is not stored: it is
/// implied by the evaluator for every ACL and cannot be removed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NaclEntry {
    /// 1 to 32766; lowest first, first match wins.
    pub rule_number: u16,
    pub action: RuleAction,
    pub traffic: Traffic,
    /// Matched against the source address for inbound rules, the destination for outbound.
    pub cidr: IpNet,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcl {
    pub id: NetworkAclId,
    pub vpc_id: VpcId,
    /// The VPC's default ACL, which serves subnets not associated with another.
    pub is_default: bool,
    pub subnet_ids: Vec<SubnetId>,
    pub inbound: Vec<NaclEntry>,
    pub outbound: Vec<NaclEntry>,
    pub tags: Vec<Tag>,
}

/// The one peer of a security group rule: the source of inbound traffic or the
/// destination of outbound traffic.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Peer {
    Cidr(IpNet),
    /// Matches the private IPs of the network interfaces that have this group attached.
    SecurityGroup(SecurityGroupId),
    PrefixList(PrefixListId),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SgRule {
    pub id: SecurityGroupRuleId,
    pub traffic: Traffic,
    pub peer: Peer,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: SecurityGroupId,
    pub name: String,
    pub description: String,
    pub vpc_id: VpcId,
    pub inbound: Vec<SgRule>,
    pub outbound: Vec<SgRule>,
    pub tags: Vec<Tag>,
}

impl SecurityGroup {
    /// The VPC's `default` group, which cannot be deleted.
    pub fn is_default(&self) -> bool {
        self.name == "default"
    }

    pub fn rules(&self, direction: Direction) -> &[SgRule] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }

    pub fn rules_mut(&mut self, direction: Direction) -> &mut Vec<SgRule> {
        match direction {
            Direction::Inbound => &mut self.inbound,
            Direction::Outbound => &mut self.outbound,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

/// A private IPv4 address of an interface, with the public or Elastic IP mapped to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateIp {
    pub address: Ipv4Addr,
    pub public_ip: Option<Ipv4Addr>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkInterface {
    pub id: NetworkInterfaceId,
    pub subnet_id: SubnetId,
    pub description: String,
    /// The primary private IP first.
    pub private_ips: Vec<PrivateIp>,
    pub ipv6_addresses: Vec<Ipv6Addr>,
    /// 1 to 5 by default (quota up to 16); merged into one set of rules.
    pub security_groups: Vec<SecurityGroupId>,
    /// What it is attached to.
    pub resource_id: Option<ResourceId>,
    pub tags: Vec<Tag>,
}

impl NetworkInterface {
    pub fn primary_private_ip(&self) -> Option<Ipv4Addr> {
        self.private_ips.first().map(|p| p.address)
    }

    pub fn public_ip(&self) -> Option<Ipv4Addr> {
        self.private_ips.first().and_then(|p| p.public_ip)
    }

    /// Does this interface own the address, privately (its own IPv4/IPv6 addresses)?
    pub fn has_private_address(&self, addr: IpAddr) -> bool {
        match addr {
            IpAddr::V4(a) => self.private_ips.iter().any(|p| p.address == a),
            IpAddr::V6(a) => self.ipv6_addresses.contains(&a),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    Ec2,
    Rds,
    Alb,
}

impl ResourceKind {
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Ec2 => "EC2 instance",
            ResourceKind::Rds => "RDS database",
            ResourceKind::Alb => "Application Load Balancer",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub id: ResourceId,
    pub kind: ResourceKind,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrefixList {
    pub id: PrefixListId,
    pub name: String,
    pub cidrs: Vec<IpNet>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternetHost {
    pub name: String,
    pub address: IpAddr,
}

impl Network {
    pub fn vpc(&self, id: &VpcId) -> Option<&Vpc> {
        self.vpcs.iter().find(|v| &v.id == id)
    }
    pub fn subnet(&self, id: &SubnetId) -> Option<&Subnet> {
        self.subnets.iter().find(|s| &s.id == id)
    }
    pub fn security_group(&self, id: &SecurityGroupId) -> Option<&SecurityGroup> {
        self.security_groups.iter().find(|g| &g.id == id)
    }
    pub fn security_group_mut(&mut self, id: &SecurityGroupId) -> Option<&mut SecurityGroup> {
        self.security_groups.iter_mut().find(|g| &g.id == id)
    }
    pub fn network_interface(&self, id: &NetworkInterfaceId) -> Option<&NetworkInterface> {
        self.network_interfaces.iter().find(|n| &n.id == id)
    }
    pub fn resource(&self, id: &ResourceId) -> Option<&Resource> {
        self.resources.iter().find(|r| &r.id == id)
    }
    pub fn prefix_list(&self, id: &PrefixListId) -> Option<&PrefixList> {
        self.prefix_lists.iter().find(|p| &p.id == id)
    }
    pub fn internet_gateway(&self, id: &InternetGatewayId) -> Option<&InternetGateway> {
        self.internet_gateways.iter().find(|g| &g.id == id)
    }

    /// The security group with this name in this VPC.
    pub fn security_group_named(&self, vpc: &VpcId, name: &str) -> Option<&SecurityGroup> {
        self.security_groups.iter().find(|g| &g.vpc_id == vpc && g.name == name)
    }

    /// The route table that serves a subnet: its explicit association, else the VPC's main table.
    pub fn route_table_for(&self, subnet: &Subnet) -> Option<&RouteTable> {
        self.route_tables
            .iter()
            .find(|t| t.subnet_ids.contains(&subnet.id))
            .or_else(|| self.route_tables.iter().find(|t| t.main && t.vpc_id == subnet.vpc_id))
    }

    /// The network ACL that serves a subnet: its association, else the VPC's default ACL.
    pub fn network_acl_for(&self, subnet: &Subnet) -> Option<&NetworkAcl> {
        self.network_acls
            .iter()
            .find(|a| a.subnet_ids.contains(&subnet.id))
            .or_else(|| self.network_acls.iter().find(|a| a.is_default && a.vpc_id == subnet.vpc_id))
    }

    /// The interfaces of a resource, in order: the first is its primary interface
    /// (device index 0; import orders them by `Attachment.DeviceIndex`).
    pub fn interfaces_of<'a>(&'a self, resource: &'a ResourceId) -> impl Iterator<Item = &'a NetworkInterface> + 'a {
        self.network_interfaces.iter().filter(move |n| n.resource_id.as_ref() == Some(resource))
    }

    /// Every resource's primary interface (what `interfaces_of(id).next()` gives), by
    /// resource id, in one pass: for what lists every resource of a large lab.
    pub fn primary_interfaces(&self) -> std::collections::HashMap<&str, &NetworkInterface> {
        let mut primary = std::collections::HashMap::new();
        for eni in &self.network_interfaces {
            if let Some(resource) = &eni.resource_id {
                primary.entry(resource.as_str()).or_insert(eni);
            }
        }
        primary
    }

    /// A name for people: the resource's name, else the interface's `Name` tag, else its id.
    pub fn interface_label(&self, eni: &NetworkInterface) -> String {
        eni.resource_id
            .as_ref()
            .and_then(|r| self.resource(r))
            .map(|r| r.name.clone())
            .or_else(|| name_tag(&eni.tags).map(str::to_owned))
            .unwrap_or_else(|| eni.id.to_string())
    }

    /// Every id in the lab, for making fresh ones that collide with none.
    fn id_taken(&self, id: &str) -> bool {
        self.vpcs.iter().any(|x| x.id.as_str() == id)
            || self.subnets.iter().any(|x| x.id.as_str() == id)
            || self.route_tables.iter().any(|x| x.id.as_str() == id)
            || self.internet_gateways.iter().any(|x| x.id.as_str() == id)
            || self.network_acls.iter().any(|x| x.id.as_str() == id)
            || self.network_interfaces.iter().any(|x| x.id.as_str() == id)
            || self.resources.iter().any(|x| x.id.as_str() == id)
            || self
                .security_groups
                .iter()
                .any(|g| g.id.as_str() == id || g.inbound.iter().chain(&g.outbound).any(|r| r.id.as_str() == id))
    }

    /// A fresh AWS-style id with this prefix (`sg-`, `sgr-`…), unused in the lab.
    /// Deterministic: the same lab gives the same id.
    pub fn fresh_id(&self, prefix: &str) -> String {
        let rules: usize = self.security_groups.iter().map(|g| g.inbound.len() + g.outbound.len()).sum();
        let mut seed = (self.security_groups.len() as u64) << 32
            ^ (rules as u64) << 16
            ^ (self.network_interfaces.len() as u64) << 8
            ^ (self.subnets.len() as u64)
            ^ prefix.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) << 40;
        loop {
            let id = aws_style_id(prefix, seed);
            if !self.id_taken(&id) {
                return id;
            }
            seed = seed.wrapping_add(1);
        }
    }
}
