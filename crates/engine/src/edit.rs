//! Every change to a lab as one [`Edit`] value, applied by one function, [`apply`],
//! and validated as the AWS API validates the call it is named after.
//!
//! - **All or nothing.** [`apply`] checks the whole edit first and changes the network
//!   only when every part of it is valid; a refused edit leaves the network exactly
//!   as it was (it works on a copy and swaps it in at the end, so this holds even for
//!   checks that can only be made on the result, such as rule quotas).
//! - **Undo.** Keep the [`Network`] from before the edit: it is `Clone` and small, and
//!   a snapshot is always right, whatever the edit did (deleting a resource with its
//!   interfaces, turning routes into blackholes…). No inverse edits are computed.
//! - **Persistence and sharing.** A lab is its starting network plus the edits made
//!   to it; [`replay`] rebuilds it. New ids come from [`Network::fresh_id`], which
//!   depends only on the network, so the same edits give the same ids every time.
//! - **What was created.** [`Applied`] lists the new group, rule, resource,
//!   interface… ids, so that the interface can select them.
//!
//! Errors are [`EditError`]s: each prints AWS's error code and a message in the
//! console's words, and says which form field it is about ([`EditError::field`]).

use crate::ids::*;
use crate::model::*;
use crate::traffic::{IcmpMatch, PortRange, Traffic};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

/// Inbound or outbound rules per security group, counted apart for IPv4 and IPv6
/// (AWS's default quota).
pub const MAX_RULES_PER_GROUP: usize = 60;
/// Security groups per network interface: AWS's quota is 5 by default and can be
/// raised to 16; the lab allows the maximum.
pub const MAX_GROUPS_PER_INTERFACE: usize = 16;
/// AWS's default quota of security groups per network interface.
pub const DEFAULT_GROUPS_PER_INTERFACE: usize = 5;
/// Rules of all the groups of one interface together, in one direction.
pub const MAX_RULES_PER_INTERFACE: usize = 1000;
/// Tags per resource.
pub const MAX_TAGS: usize = 50;
/// The highest number a network ACL rule may have (32767 is the `*` rule).
pub const MAX_NACL_RULE_NUMBER: u16 = 32766;
/// Longest security group name, group description and rule description.
pub const MAX_TEXT_LEN: usize = 255;

/// What a security group rule says, without its id: the form's row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSpec {
    pub traffic: Traffic,
    pub peer: Peer,
    #[serde(default)]
    pub description: Option<String>,
}

impl RuleSpec {
    pub fn new(traffic: Traffic, peer: Peer) -> Self {
        RuleSpec { traffic, peer, description: None }
    }

    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

impl From<&SgRule> for RuleSpec {
    fn from(rule: &SgRule) -> Self {
        RuleSpec { traffic: rule.traffic, peer: rule.peer.clone(), description: rule.description.clone() }
    }
}

/// One user operation on a lab, named after the AWS API call that does it where one
/// exists. Apply it with [`apply`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action")]
pub enum Edit {
    /// A new group gets no inbound rules and AWS's default outbound rule: all
    /// traffic to 0.0.0.0/0, plus ::/0 when the VPC has an IPv6 block.
    CreateSecurityGroup {
        vpc_id: VpcId,
        name: String,
        description: String,
        #[serde(default)]
        tags: Vec<Tag>,
    },
    DeleteSecurityGroup {
        group_id: SecurityGroupId,
    },
    AuthorizeSecurityGroupIngress {
        group_id: SecurityGroupId,
        rules: Vec<RuleSpec>,
    },
    AuthorizeSecurityGroupEgress {
        group_id: SecurityGroupId,
        rules: Vec<RuleSpec>,
    },
    RevokeSecurityGroupIngress {
        group_id: SecurityGroupId,
        rule_ids: Vec<SecurityGroupRuleId>,
    },
    RevokeSecurityGroupEgress {
        group_id: SecurityGroupId,
        rule_ids: Vec<SecurityGroupRuleId>,
    },
    /// Changes one rule in place; it keeps its id.
    ModifySecurityGroupRules {
        group_id: SecurityGroupId,
        direction: Direction,
        rule_id: SecurityGroupRuleId,
        spec: RuleSpec,
    },
    /// The console's "Edit inbound rules" / "Edit outbound rules" page saved as a
    /// whole: rows with an id keep it (and are changed in place), rows without one
    /// become new rules, and rules missing from the list are revoked. The rules end
    /// up in the order given.
    SetSecurityGroupRules {
        group_id: SecurityGroupId,
        direction: Direction,
        rules: Vec<(Option<SecurityGroupRuleId>, RuleSpec)>,
    },
    /// Adds tags, or changes the value of those whose key exists. Works on VPCs,
    /// subnets, route tables, internet gateways, network ACLs, security groups and
    /// network interfaces.
    CreateTags {
        resource_id: String,
        tags: Vec<Tag>,
    },
    /// Removes the tags with these keys; as in AWS, no keys at all removes every tag.
    DeleteTags {
        resource_id: String,
        keys: Vec<String>,
    },
    /// Replaces the set of security groups of an interface.
    ModifyNetworkInterfaceAttribute {
        interface_id: NetworkInterfaceId,
        groups: Vec<SecurityGroupId>,
    },
    /// An EC2 instance, RDS database or load balancer with one network interface.
    /// No groups means the VPC's `default` group; no private IP means the next free
    /// one in the subnet.
    CreateResource {
        kind: ResourceKind,
        name: String,
        subnet_id: SubnetId,
        #[serde(default)]
        security_groups: Vec<SecurityGroupId>,
        #[serde(default)]
        private_ip: Option<Ipv4Addr>,
        #[serde(default)]
        public_ip: Option<Ipv4Addr>,
    },
    /// Removes the resource and its network interfaces.
    DeleteResource {
        resource_id: ResourceId,
    },
    CreateSubnet {
        vpc_id: VpcId,
        cidr_block: Ipv4Net,
        availability_zone: String,
        #[serde(default)]
        name: Option<String>,
    },
    DeleteSubnet {
        subnet_id: SubnetId,
    },
    /// A named host on the internet (the lab's own operation).
    AddInternetHost {
        name: String,
        address: IpAddr,
    },
    RemoveInternetHost {
        name: String,
    },
    /// A new custom ACL has no rules: it denies everything until rules are added.
    CreateNetworkAcl {
        vpc_id: VpcId,
        #[serde(default)]
        name: Option<String>,
    },
    DeleteNetworkAcl {
        acl_id: NetworkAclId,
    },
    CreateNetworkAclEntry {
        acl_id: NetworkAclId,
        egress: bool,
        entry: NaclEntry,
    },
    /// Replaces the entry with the same rule number.
    ReplaceNetworkAclEntry {
        acl_id: NetworkAclId,
        egress: bool,
        entry: NaclEntry,
    },
    DeleteNetworkAclEntry {
        acl_id: NetworkAclId,
        egress: bool,
        rule_number: u16,
    },
    /// Serves the subnet with this ACL instead of its current one.
    ReplaceNetworkAclAssociation {
        subnet_id: SubnetId,
        acl_id: NetworkAclId,
    },
    CreateRoute {
        route_table_id: RouteTableId,
        destination: IpNet,
        gateway_id: InternetGatewayId,
    },
    ReplaceRoute {
        route_table_id: RouteTableId,
        destination: IpNet,
        gateway_id: InternetGatewayId,
    },
    DeleteRoute {
        route_table_id: RouteTableId,
        destination: IpNet,
    },
    CreateInternetGateway {
        #[serde(default)]
        name: Option<String>,
    },
    /// Routes to a deleted gateway become blackholes, as in AWS.
    DeleteInternetGateway {
        internet_gateway_id: InternetGatewayId,
    },
    AttachInternetGateway {
        internet_gateway_id: InternetGatewayId,
        vpc_id: VpcId,
    },
    DetachInternetGateway {
        internet_gateway_id: InternetGatewayId,
        vpc_id: VpcId,
    },
}

impl Edit {
    /// Does this edit change rules alone (security group rules, network ACL entries),
    /// leaving the network's shape as it was: its VPCs, subnets, routes, gateways,
    /// resources, interfaces and internet hosts? Nothing a diagram draws moves then.
    pub fn changes_rules_only(&self) -> bool {
        matches!(
            self,
            Edit::AuthorizeSecurityGroupIngress { .. }
                | Edit::AuthorizeSecurityGroupEgress { .. }
                | Edit::RevokeSecurityGroupIngress { .. }
                | Edit::RevokeSecurityGroupEgress { .. }
                | Edit::ModifySecurityGroupRules { .. }
                | Edit::SetSecurityGroupRules { .. }
                | Edit::CreateNetworkAclEntry { .. }
                | Edit::ReplaceNetworkAclEntry { .. }
                | Edit::DeleteNetworkAclEntry { .. }
        )
    }

    /// A short line for an undo history: "Add 2 inbound rules to sg-…".
    pub fn summary(&self) -> String {
        let rules = |n: usize, d: &str| if n == 1 { format!("1 {d} rule") } else { format!("{n} {d} rules") };
        let egress = |e: bool| if e { "outbound" } else { "inbound" };
        match self {
            Edit::CreateSecurityGroup { name, .. } => format!("Create security group {name}"),
            Edit::DeleteSecurityGroup { group_id } => format!("Delete security group {group_id}"),
            Edit::AuthorizeSecurityGroupIngress { group_id, rules: r } => {
                format!("Add {} to {group_id}", rules(r.len(), "inbound"))
            }
            Edit::AuthorizeSecurityGroupEgress { group_id, rules: r } => {
                format!("Add {} to {group_id}", rules(r.len(), "outbound"))
            }
            Edit::RevokeSecurityGroupIngress { group_id, rule_ids } => {
                format!("Remove {} from {group_id}", rules(rule_ids.len(), "inbound"))
            }
            Edit::RevokeSecurityGroupEgress { group_id, rule_ids } => {
                format!("Remove {} from {group_id}", rules(rule_ids.len(), "outbound"))
            }
            Edit::ModifySecurityGroupRules { group_id, direction, rule_id, .. } => {
                format!("Change {} rule {rule_id} of {group_id}", direction.as_str())
            }
            Edit::SetSecurityGroupRules { group_id, direction, .. } => {
                format!("Edit {} rules of {group_id}", direction.as_str())
            }
            Edit::CreateTags { resource_id, .. } => format!("Tag {resource_id}"),
            Edit::DeleteTags { resource_id, .. } => format!("Remove tags of {resource_id}"),
            Edit::ModifyNetworkInterfaceAttribute { interface_id, .. } => {
                format!("Change security groups of {interface_id}")
            }
            Edit::CreateResource { kind, name, .. } => format!("Create {} {name}", kind.label()),
            Edit::DeleteResource { resource_id } => format!("Delete {resource_id}"),
            Edit::CreateSubnet { cidr_block, .. } => format!("Create subnet {cidr_block}"),
            Edit::DeleteSubnet { subnet_id } => format!("Delete subnet {subnet_id}"),
            Edit::AddInternetHost { name, address } => format!("Add internet host {name} ({address})"),
            Edit::RemoveInternetHost { name } => format!("Remove internet host {name}"),
            Edit::CreateNetworkAcl { name, .. } => match name {
                Some(n) => format!("Create network ACL {n}"),
                None => "Create network ACL".to_owned(),
            },
            Edit::DeleteNetworkAcl { acl_id } => format!("Delete network ACL {acl_id}"),
            Edit::CreateNetworkAclEntry { acl_id, egress: e, entry } => {
                format!("Add {} rule {} to {acl_id}", egress(*e), entry.rule_number)
            }
            Edit::ReplaceNetworkAclEntry { acl_id, egress: e, entry } => {
                format!("Change {} rule {} of {acl_id}", egress(*e), entry.rule_number)
            }
            Edit::DeleteNetworkAclEntry { acl_id, egress: e, rule_number } => {
                format!("Remove {} rule {rule_number} from {acl_id}", egress(*e))
            }
            Edit::ReplaceNetworkAclAssociation { subnet_id, acl_id } => format!("Serve {subnet_id} with {acl_id}"),
            Edit::CreateRoute { route_table_id, destination, gateway_id } => {
                format!("Route {destination} to {gateway_id} in {route_table_id}")
            }
            Edit::ReplaceRoute { route_table_id, destination, gateway_id } => {
                format!("Route {destination} to {gateway_id} in {route_table_id} instead")
            }
            Edit::DeleteRoute { route_table_id, destination } => {
                format!("Remove route {destination} from {route_table_id}")
            }
            Edit::CreateInternetGateway { .. } => "Create internet gateway".to_owned(),
            Edit::DeleteInternetGateway { internet_gateway_id } => format!("Delete {internet_gateway_id}"),
            Edit::AttachInternetGateway { internet_gateway_id, vpc_id } => {
                format!("Attach {internet_gateway_id} to {vpc_id}")
            }
            Edit::DetachInternetGateway { internet_gateway_id, vpc_id } => {
                format!("Detach {internet_gateway_id} from {vpc_id}")
            }
        }
    }
}

/// Something an edit created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Created {
    SecurityGroup(SecurityGroupId),
    SecurityGroupRule(SecurityGroupRuleId),
    Resource(ResourceId),
    NetworkInterface(NetworkInterfaceId),
    Subnet(SubnetId),
    NetworkAcl(NetworkAclId),
    InternetGateway(InternetGatewayId),
}

/// What an applied edit created, in the order it created it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub created: Vec<Created>,
    /// The private IP given to a new resource's interface.
    pub private_ip: Option<Ipv4Addr>,
}

impl Applied {
    pub fn security_group(&self) -> Option<&SecurityGroupId> {
        self.created.iter().find_map(|c| match c {
            Created::SecurityGroup(id) => Some(id),
            _ => None,
        })
    }

    /// The new rules' ids, in the order of the rules given (for a new group: its
    /// default outbound rules).
    pub fn rule_ids(&self) -> Vec<&SecurityGroupRuleId> {
        self.created
            .iter()
            .filter_map(|c| match c {
                Created::SecurityGroupRule(id) => Some(id),
                _ => None,
            })
            .collect()
    }

    pub fn resource(&self) -> Option<&ResourceId> {
        self.created.iter().find_map(|c| match c {
            Created::Resource(id) => Some(id),
            _ => None,
        })
    }

    pub fn network_interface(&self) -> Option<&NetworkInterfaceId> {
        self.created.iter().find_map(|c| match c {
            Created::NetworkInterface(id) => Some(id),
            _ => None,
        })
    }

    pub fn subnet(&self) -> Option<&SubnetId> {
        self.created.iter().find_map(|c| match c {
            Created::Subnet(id) => Some(id),
            _ => None,
        })
    }

    pub fn network_acl(&self) -> Option<&NetworkAclId> {
        self.created.iter().find_map(|c| match c {
            Created::NetworkAcl(id) => Some(id),
            _ => None,
        })
    }

    pub fn internet_gateway(&self) -> Option<&InternetGatewayId> {
        self.created.iter().find_map(|c| match c {
            Created::InternetGateway(id) => Some(id),
            _ => None,
        })
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// The form field an error is about, so that the message can be shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Description,
    Protocol,
    PortRange,
    /// The peer of a rule: the source of an inbound rule, the destination of an outbound one.
    Source,
    Rules,
    RuleId,
    Tags,
    SecurityGroups,
    Cidr,
    AvailabilityZone,
    PrivateIp,
    PublicIp,
    Address,
    RuleNumber,
    Destination,
    Gateway,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Description => "description",
            Field::Protocol => "protocol",
            Field::PortRange => "port_range",
            Field::Source => "source",
            Field::Rules => "rules",
            Field::RuleId => "rule_id",
            Field::Tags => "tags",
            Field::SecurityGroups => "security_groups",
            Field::Cidr => "cidr",
            Field::AvailabilityZone => "availability_zone",
            Field::PrivateIp => "private_ip",
            Field::PublicIp => "public_ip",
            Field::Address => "address",
            Field::RuleNumber => "rule_number",
            Field::Destination => "destination",
            Field::Gateway => "gateway",
        }
    }
}

/// Why an edit was refused: AWS's error code and a message in the console's words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("InvalidParameterValue: {0}")]
    InvalidParameterValue(InvalidParameter),
    #[error("MissingParameter: {0}")]
    MissingParameter(InvalidParameter),
    #[error("{}: {}", .0.code(), .0)]
    NotFound(NotFound),
    #[error("InvalidID: {0}")]
    InvalidId(InvalidId),
    #[error("InvalidPermission.Duplicate: {0}")]
    DuplicateRule(DuplicateRule),
    #[error("InvalidGroup.Duplicate: {0}")]
    DuplicateGroupName(DuplicateGroupName),
    #[error("InvalidGroup.Reserved: {0}")]
    ReservedGroupName(ReservedGroupName),
    #[error("DependencyViolation: {0}")]
    DependencyViolation(Dependency),
    #[error("CannotDelete: {0}")]
    CannotDelete(CannotDelete),
    #[error("RulesPerSecurityGroupLimitExceeded: {0}")]
    RulesPerGroupLimit(RulesLimit),
    #[error("SecurityGroupsPerInterfaceLimitExceeded: {0}")]
    InterfaceLimit(InterfaceLimit),
    #[error("InvalidSubnet.Range: {0}")]
    SubnetRange(SubnetRange),
    #[error("InvalidSubnet.Conflict: {0}")]
    SubnetConflict(SubnetConflict),
    #[error("NetworkAclEntryAlreadyExists: {0}")]
    NaclEntryExists(NaclEntryExists),
    #[error("RouteAlreadyExists: {0}")]
    RouteExists(RouteExists),
    #[error("InvalidIPAddress.InUse: {0}")]
    AddressInUse(AddressInUse),
    #[error("InsufficientFreeAddressesInSubnet: {0}")]
    SubnetFull(SubnetFull),
    #[error("Resource.AlreadyAssociated: {0}")]
    GatewayAlreadyAttached(GatewayAttachment),
    #[error("Gateway.NotAttached: {0}")]
    GatewayNotAttached(GatewayAttachment),
    #[error("TagLimitExceeded: {0}")]
    TagLimit(TagLimit),
}

impl EditError {
    /// AWS's error code: `InvalidPermission.Duplicate`, `DependencyViolation`…
    pub fn code(&self) -> &'static str {
        match self {
            EditError::InvalidParameterValue(_) => "InvalidParameterValue",
            EditError::MissingParameter(_) => "MissingParameter",
            EditError::NotFound(e) => e.code(),
            EditError::InvalidId(_) => "InvalidID",
            EditError::DuplicateRule(_) => "InvalidPermission.Duplicate",
            EditError::DuplicateGroupName(_) => "InvalidGroup.Duplicate",
            EditError::ReservedGroupName(_) => "InvalidGroup.Reserved",
            EditError::DependencyViolation(_) => "DependencyViolation",
            EditError::CannotDelete(_) => "CannotDelete",
            EditError::RulesPerGroupLimit(_) => "RulesPerSecurityGroupLimitExceeded",
            EditError::InterfaceLimit(_) => "SecurityGroupsPerInterfaceLimitExceeded",
            EditError::SubnetRange(_) => "InvalidSubnet.Range",
            EditError::SubnetConflict(_) => "InvalidSubnet.Conflict",
            EditError::NaclEntryExists(_) => "NetworkAclEntryAlreadyExists",
            EditError::RouteExists(_) => "RouteAlreadyExists",
            EditError::AddressInUse(_) => "InvalidIPAddress.InUse",
            EditError::SubnetFull(_) => "InsufficientFreeAddressesInSubnet",
            EditError::GatewayAlreadyAttached(_) => "Resource.AlreadyAssociated",
            EditError::GatewayNotAttached(_) => "Gateway.NotAttached",
            EditError::TagLimit(_) => "TagLimitExceeded",
        }
    }

    /// The message without the code.
    pub fn message(&self) -> String {
        let full = self.to_string();
        match full.split_once(": ") {
            Some((_, message)) => message.to_owned(),
            None => full,
        }
    }

    /// The form field the error is about, so that a form shows the message beside it
    /// (`Field::as_str` gives its name: `name`, `port_range`, `source`, `cidr`…).
    pub fn field(&self) -> Option<Field> {
        match self {
            EditError::InvalidParameterValue(e) | EditError::MissingParameter(e) => e.field,
            EditError::NotFound(e) => e.field,
            EditError::InvalidId(_) => None,
            EditError::DuplicateRule(_) => Some(Field::Rules),
            EditError::DuplicateGroupName(_) | EditError::ReservedGroupName(_) => Some(Field::Name),
            EditError::DependencyViolation(_) | EditError::CannotDelete(_) => None,
            EditError::RulesPerGroupLimit(_) => Some(Field::Rules),
            EditError::InterfaceLimit(_) => Some(Field::SecurityGroups),
            EditError::SubnetRange(_) | EditError::SubnetConflict(_) => Some(Field::Cidr),
            EditError::NaclEntryExists(_) => Some(Field::RuleNumber),
            EditError::RouteExists(_) => Some(Field::Destination),
            EditError::AddressInUse(e) => Some(e.field),
            EditError::SubnetFull(_) => Some(Field::PrivateIp),
            EditError::GatewayAlreadyAttached(_) | EditError::GatewayNotAttached(_) => Some(Field::Gateway),
            EditError::TagLimit(_) => Some(Field::Tags),
        }
    }

    /// For an error about one rule of a list (the rules of an authorize call, the
    /// rows of the "Edit inbound rules" page): its position, from 0.
    pub fn row(&self) -> Option<usize> {
        match self {
            EditError::InvalidParameterValue(e) | EditError::MissingParameter(e) => e.row,
            EditError::NotFound(e) => e.row,
            EditError::DuplicateRule(e) => e.row,
            _ => None,
        }
    }

    fn invalid(field: Field, message: impl Into<String>) -> Self {
        EditError::InvalidParameterValue(InvalidParameter { field: Some(field), message: message.into(), row: None })
    }

    fn missing(field: Field, message: impl Into<String>) -> Self {
        EditError::MissingParameter(InvalidParameter { field: Some(field), message: message.into(), row: None })
    }

    fn not_found(kind: Missing, id: impl fmt::Display) -> Self {
        EditError::NotFound(NotFound { kind, id: id.to_string(), within: None, field: None, row: None })
    }

    /// Marks a rule-level error with the rule's position in its list.
    fn at_row(mut self, index: Option<usize>) -> Self {
        match &mut self {
            EditError::InvalidParameterValue(e) | EditError::MissingParameter(e) => e.row = index,
            EditError::NotFound(e) => e.row = index,
            EditError::DuplicateRule(e) => e.row = index,
            _ => {}
        }
        self
    }
}

/// A value AWS refuses, or a required one left out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidParameter {
    pub field: Option<Field>,
    pub message: String,
    pub row: Option<usize>,
}

/// What kind of thing was not found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    Vpc,
    Subnet,
    SecurityGroup,
    SecurityGroupRule,
    NetworkInterface,
    Resource,
    NetworkAcl,
    NetworkAclEntry,
    RouteTable,
    Route,
    InternetGateway,
    PrefixList,
    InternetHost,
}

/// An id that names nothing in the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFound {
    pub kind: Missing,
    pub id: String,
    /// Where it was looked for (the route table of a route, the group of a rule…).
    pub within: Option<String>,
    pub field: Option<Field>,
    pub row: Option<usize>,
}

impl NotFound {
    pub fn code(&self) -> &'static str {
        match self.kind {
            Missing::Vpc => "InvalidVpcID.NotFound",
            Missing::Subnet => "InvalidSubnetID.NotFound",
            Missing::SecurityGroup => "InvalidGroup.NotFound",
            Missing::SecurityGroupRule => "InvalidSecurityGroupRuleId.NotFound",
            Missing::NetworkInterface => "InvalidNetworkInterfaceID.NotFound",
            Missing::Resource => "InvalidInstanceID.NotFound",
            Missing::NetworkAcl => "InvalidNetworkAclID.NotFound",
            Missing::NetworkAclEntry => "InvalidNetworkAclEntry.NotFound",
            Missing::RouteTable => "InvalidRouteTableID.NotFound",
            Missing::Route => "InvalidRoute.NotFound",
            Missing::InternetGateway => "InvalidInternetGatewayID.NotFound",
            Missing::PrefixList => "InvalidPrefixListID.NotFound",
            Missing::InternetHost => "InvalidInternetHost.NotFound",
        }
    }
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = &self.id;
        match (self.kind, &self.within) {
            (Missing::SecurityGroupRule, Some(group)) => {
                write!(f, "the security group rule ID `{id}` does not exist in `{group}`")
            }
            (Missing::NetworkAclEntry, Some(acl)) => {
                write!(f, "the network ACL entry identified by {id} does not exist in `{acl}`")
            }
            (Missing::Route, Some(table)) => {
                write!(f, "no route with destination `{id}` in route table `{table}`")
            }
            (kind, _) => {
                let what = match kind {
                    Missing::Vpc => "the VPC",
                    Missing::Subnet => "the subnet ID",
                    Missing::SecurityGroup => "the security group",
                    Missing::SecurityGroupRule => "the security group rule ID",
                    Missing::NetworkInterface => "the network interface",
                    Missing::Resource => "the resource",
                    Missing::NetworkAcl => "the network ACL",
                    Missing::NetworkAclEntry => "the network ACL entry",
                    Missing::RouteTable => "the route table",
                    Missing::Route => "the route",
                    Missing::InternetGateway => "the internet gateway",
                    Missing::PrefixList => "the prefix list",
                    Missing::InternetHost => "the internet host",
                };
                write!(f, "{what} `{id}` does not exist")
            }
        }
    }
}

/// An id of a kind that cannot carry tags, or of no known kind.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the ID `{id}` is not valid")]
pub struct InvalidId {
    pub id: String,
}

/// The same rule (traffic and peer; descriptions do not count) already exists.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the specified rule \"{rule}\" already exists")]
pub struct DuplicateRule {
    /// As AWS prints it: `peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW`.
    pub rule: String,
    pub row: Option<usize>,
}

/// AWS: `The security group 'NAME' already exists for VPC 'vpc-…'`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the security group `{name}` already exists for VPC `{vpc_id}`")]
pub struct DuplicateGroupName {
    pub name: String,
    pub vpc_id: VpcId,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the security group name `{name}` is reserved: every VPC has its own `default` group")]
pub struct ReservedGroupName {
    pub name: String,
}

/// Something that still depends on what was to be deleted or detached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub resource: String,
    pub dependents: Vec<Dependent>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dependent {
    /// A security group attached to an interface.
    AttachedTo { interface: NetworkInterfaceId, label: String },
    /// A security group referenced by another group's rule.
    ReferencedBy { group: SecurityGroupId, group_name: String, rule: SecurityGroupRuleId },
    /// An interface in a subnet.
    Interface { interface: NetworkInterfaceId, label: String },
    /// A network ACL serving a subnet.
    AssociatedWith(SubnetId),
    /// A public IP mapped in the VPC a gateway is to be detached from.
    PublicIp { address: Ipv4Addr, interface: NetworkInterfaceId, label: String },
    /// An internet gateway attached to a VPC.
    AttachedToVpc(VpcId),
}

impl fmt::Display for Dependent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dependent::AttachedTo { interface, label } => write!(f, "it is attached to {interface} ({label})"),
            Dependent::ReferencedBy { group, group_name, rule } => {
                write!(f, "it is referenced by rule {rule} in {group} ({group_name})")
            }
            Dependent::Interface { interface, label } => write!(f, "network interface {interface} ({label}) is in it"),
            Dependent::AssociatedWith(subnet) => write!(f, "it serves subnet {subnet}"),
            Dependent::PublicIp { address, interface, label } => {
                write!(f, "public IP {address} is mapped to {interface} ({label}): release it first")
            }
            Dependent::AttachedToVpc(vpc) => write!(f, "it is attached to {vpc}: detach it first"),
        }
    }
}

impl fmt::Display for Dependency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "resource {} has a dependent object", self.resource)?;
        for (i, d) in self.dependents.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// AWS: `the specified group: "sg-…" name: "default" cannot be deleted by a user`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the specified group: `{group_id}` name: `default` cannot be deleted by a user")]
pub struct CannotDelete {
    pub group_id: SecurityGroupId,
}

/// Too many rules in one direction of a group, for IPv4 or IPv6 peers.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the maximum number of rules per security group has been reached: `{group_id}` would have \
     {count} {} rules for {family} (the limit is {MAX_RULES_PER_GROUP}; a rule that references a \
     security group or prefix list counts for IPv4 and IPv6)",
    .direction.as_str()
)]
pub struct RulesLimit {
    pub group_id: SecurityGroupId,
    pub direction: Direction,
    /// `IPv4` or `IPv6`.
    pub family: &'static str,
    pub count: usize,
}

/// Too many groups on one interface, or too many rules among them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InterfaceLimit {
    Groups { count: usize },
    Rules { direction: Direction, count: usize },
}

impl fmt::Display for InterfaceLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InterfaceLimit::Groups { count } => write!(
                f,
                "the maximum number of security groups per interface has been reached: {count} given, at most \
                 {MAX_GROUPS_PER_INTERFACE} (AWS's default quota is {DEFAULT_GROUPS_PER_INTERFACE})"
            ),
            InterfaceLimit::Rules { direction, count } => write!(
                f,
                "these security groups have {count} {} rules together; an interface allows at most \
                 {MAX_RULES_PER_INTERFACE}",
                direction.as_str()
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the CIDR `{cidr}` is invalid: {reason}")]
pub struct SubnetRange {
    pub cidr: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the CIDR `{cidr}` conflicts with subnet {subnet_id} ({subnet_cidr})")]
pub struct SubnetConflict {
    pub cidr: Ipv4Net,
    pub subnet_id: SubnetId,
    pub subnet_cidr: Ipv4Net,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the network ACL entry identified by {rule_number} already exists ({} rules of `{acl_id}`)", if *.egress { "outbound" } else { "inbound" })]
pub struct NaclEntryExists {
    pub acl_id: NetworkAclId,
    pub egress: bool,
    pub rule_number: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the route identified by `{destination}` already exists in route table `{route_table_id}`")]
pub struct RouteExists {
    pub route_table_id: RouteTableId,
    pub destination: IpNet,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("address {address} is in use by {user}")]
pub struct AddressInUse {
    pub address: IpAddr,
    /// What holds it: an interface, or a host on the internet.
    pub user: String,
    pub field: Field,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("there are not enough free addresses in subnet `{subnet_id}` ({cidr}) to satisfy the request")]
pub struct SubnetFull {
    pub subnet_id: SubnetId,
    pub cidr: Ipv4Net,
}

/// An internet gateway and a VPC that are, or are not, attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayAttachment {
    pub internet_gateway_id: Option<InternetGatewayId>,
    pub vpc_id: VpcId,
    /// For an attach: the gateway the VPC or the gateway is attached to already.
    pub attached_to: Option<String>,
}

impl fmt::Display for GatewayAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.internet_gateway_id, &self.attached_to) {
            (Some(igw), Some(other)) if other.starts_with(VpcId::PREFIX) => {
                write!(f, "resource {igw} is already attached to network {other}")
            }
            (_, Some(other)) => {
                write!(f, "network {} already has internet gateway {other} attached", self.vpc_id)
            }
            (Some(igw), None) => write!(f, "resource {igw} is not attached to network {}", self.vpc_id),
            (None, None) => write!(f, "network {} is not attached to any internet gateway", self.vpc_id),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the maximum number of tags for a resource has been reached: `{resource_id}` would have {count} (at most {MAX_TAGS})")]
pub struct TagLimit {
    pub resource_id: String,
    pub count: usize,
}

// ---------------------------------------------------------------------------
// Applying
// ---------------------------------------------------------------------------

/// Applies one edit. On success the network is changed and the ids of what was
/// created are returned; on failure the network is left exactly as it was.
pub fn apply(network: &mut Network, edit: &Edit) -> Result<Applied, EditError> {
    let mut next = network.clone();
    let applied = apply_in_place(&mut next, edit)?;
    *network = next;
    Ok(applied)
}

/// Would the network accept this edit, and what would it create? The network is not
/// changed: the edit is made on one copy, which is then dropped. What a form asks
/// before it hands the edit over (cheaper than [`apply`] on a copy, which copies again).
pub fn try_edit(network: &Network, edit: &Edit) -> Result<Applied, EditError> {
    let mut copy = network.clone();
    apply_in_place(&mut copy, edit)
}

impl Network {
    /// Same as [`apply`].
    pub fn apply(&mut self, edit: &Edit) -> Result<Applied, EditError> {
        apply(self, edit)
    }

    /// Same as [`try_edit`].
    pub fn try_edit(&self, edit: &Edit) -> Result<Applied, EditError> {
        try_edit(self, edit)
    }
}

/// An edit of a list that could not be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("edit {} of the lab was refused: {error}", .index + 1)]
pub struct ReplayError {
    /// Its position in the list, from 0.
    pub index: usize,
    pub error: EditError,
}

/// Makes the edits one after the other on one copy of the network: the copy and what
/// each edit created, or the first edit refused, by its position. The network is not
/// changed. All of them or none, with one copy however many there are.
pub fn apply_all<'e>(
    network: &Network,
    edits: impl IntoIterator<Item = &'e Edit>,
) -> Result<(Network, Vec<Applied>), ReplayError> {
    let mut next = network.clone();
    let mut applied = Vec::new();
    for (index, edit) in edits.into_iter().enumerate() {
        // In place: a refused edit may leave the copy half changed, and the copy is
        // then dropped, so the result is that of applying each edit by itself.
        applied.push(apply_in_place(&mut next, edit).map_err(|error| ReplayError { index, error })?);
    }
    Ok((next, applied))
}

/// Rebuilds a lab from where it started and the edits made to it.
pub fn replay(start: &Network, edits: &[Edit]) -> Result<Network, ReplayError> {
    apply_all(start, edits).map(|(network, _)| network)
}

/// Validates, then changes `net`. Every check comes before the first change; the
/// few checks that come after (quotas on the result) run on the caller's copy.
fn apply_in_place(net: &mut Network, edit: &Edit) -> Result<Applied, EditError> {
    match edit {
        Edit::CreateSecurityGroup { vpc_id, name, description, tags } => {
            create_security_group(net, vpc_id, name, description, tags)
        }
        Edit::DeleteSecurityGroup { group_id } => delete_security_group(net, group_id),
        Edit::AuthorizeSecurityGroupIngress { group_id, rules } => authorize(net, group_id, Direction::Inbound, rules),
        Edit::AuthorizeSecurityGroupEgress { group_id, rules } => authorize(net, group_id, Direction::Outbound, rules),
        Edit::RevokeSecurityGroupIngress { group_id, rule_ids } => revoke(net, group_id, Direction::Inbound, rule_ids),
        Edit::RevokeSecurityGroupEgress { group_id, rule_ids } => revoke(net, group_id, Direction::Outbound, rule_ids),
        Edit::ModifySecurityGroupRules { group_id, direction, rule_id, spec } => {
            let rows = group_or_err(net, group_id)?
                .rules(*direction)
                .iter()
                .map(|r| {
                    if &r.id == rule_id {
                        (Some(r.id.clone()), spec.clone())
                    } else {
                        (Some(r.id.clone()), RuleSpec::from(r))
                    }
                })
                .collect::<Vec<_>>();
            if !rows.iter().any(|(id, _)| id.as_ref() == Some(rule_id)) {
                return Err(rule_not_found(group_id, rule_id));
            }
            let modified = rows.iter().position(|(id, _)| id.as_ref() == Some(rule_id));
            set_rules(net, group_id, *direction, &rows, modified)
        }
        Edit::SetSecurityGroupRules { group_id, direction, rules } => set_rules(net, group_id, *direction, rules, None),
        Edit::CreateTags { resource_id, tags } => create_tags(net, resource_id, tags),
        Edit::DeleteTags { resource_id, keys } => {
            let list = tags_mut(net, resource_id)?;
            if keys.is_empty() {
                list.clear();
            } else {
                list.retain(|t| !keys.contains(&t.key));
            }
            Ok(Applied::default())
        }
        Edit::ModifyNetworkInterfaceAttribute { interface_id, groups } => {
            let eni = net
                .network_interface(interface_id)
                .ok_or_else(|| EditError::not_found(Missing::NetworkInterface, interface_id))?;
            let subnet = subnet_or_err(net, &eni.subnet_id)?;
            let groups = check_interface_groups(net, subnet, groups)?;
            if let Some(eni) = net.network_interfaces.iter_mut().find(|n| &n.id == interface_id) {
                eni.security_groups = groups;
            }
            Ok(Applied::default())
        }
        Edit::CreateResource { kind, name, subnet_id, security_groups, private_ip, public_ip } => {
            create_resource(net, *kind, name, subnet_id, security_groups, *private_ip, *public_ip)
        }
        Edit::DeleteResource { resource_id } => {
            if net.resource(resource_id).is_none() {
                return Err(EditError::not_found(Missing::Resource, resource_id));
            }
            net.resources.retain(|r| &r.id != resource_id);
            net.network_interfaces.retain(|n| n.resource_id.as_ref() != Some(resource_id));
            Ok(Applied::default())
        }
        Edit::CreateSubnet { vpc_id, cidr_block, availability_zone, name } => {
            create_subnet(net, vpc_id, *cidr_block, availability_zone, name.as_deref())
        }
        Edit::DeleteSubnet { subnet_id } => delete_subnet(net, subnet_id),
        Edit::AddInternetHost { name, address } => add_internet_host(net, name, *address),
        Edit::RemoveInternetHost { name } => {
            if !net.internet_hosts.iter().any(|h| &h.name == name) {
                return Err(EditError::not_found(Missing::InternetHost, name));
            }
            net.internet_hosts.retain(|h| &h.name != name);
            Ok(Applied::default())
        }
        Edit::CreateNetworkAcl { vpc_id, name } => {
            vpc_or_err(net, vpc_id)?;
            let tags = name_tags(name.as_deref())?;
            let id = NetworkAclId::new(net.fresh_id(NetworkAclId::PREFIX));
            net.network_acls.push(NetworkAcl {
                id: id.clone(),
                vpc_id: vpc_id.clone(),
                is_default: false,
                subnet_ids: vec![],
                inbound: vec![],
                outbound: vec![],
                tags,
            });
            Ok(Applied { created: vec![Created::NetworkAcl(id)], private_ip: None })
        }
        Edit::DeleteNetworkAcl { acl_id } => {
            let acl = acl_or_err(net, acl_id)?;
            if acl.is_default {
                return Err(EditError::InvalidParameterValue(InvalidParameter {
                    field: None,
                    message: format!("cannot delete default network ACL {acl_id}"),
                    row: None,
                }));
            }
            if !acl.subnet_ids.is_empty() {
                return Err(EditError::DependencyViolation(Dependency {
                    resource: acl_id.to_string(),
                    dependents: acl.subnet_ids.iter().cloned().map(Dependent::AssociatedWith).collect(),
                }));
            }
            net.network_acls.retain(|a| &a.id != acl_id);
            Ok(Applied::default())
        }
        Edit::CreateNetworkAclEntry { acl_id, egress, entry } => nacl_entry(net, acl_id, *egress, entry, false),
        Edit::ReplaceNetworkAclEntry { acl_id, egress, entry } => nacl_entry(net, acl_id, *egress, entry, true),
        Edit::DeleteNetworkAclEntry { acl_id, egress, rule_number } => {
            let acl = acl_or_err(net, acl_id)?;
            let entries = if *egress { &acl.outbound } else { &acl.inbound };
            if !entries.iter().any(|e| e.rule_number == *rule_number) {
                return Err(nacl_entry_not_found(acl_id, *egress, *rule_number));
            }
            if let Some(acl) = net.network_acls.iter_mut().find(|a| &a.id == acl_id) {
                let entries = if *egress { &mut acl.outbound } else { &mut acl.inbound };
                entries.retain(|e| e.rule_number != *rule_number);
            }
            Ok(Applied::default())
        }
        Edit::ReplaceNetworkAclAssociation { subnet_id, acl_id } => {
            let subnet = subnet_or_err(net, subnet_id)?;
            let acl = acl_or_err(net, acl_id)?;
            if acl.vpc_id != subnet.vpc_id {
                return Err(EditError::InvalidParameterValue(InvalidParameter {
                    field: None,
                    message: format!("network ACL `{acl_id}` and subnet `{subnet_id}` belong to different networks"),
                    row: None,
                }));
            }
            for acl in &mut net.network_acls {
                acl.subnet_ids.retain(|s| s != subnet_id);
                if &acl.id == acl_id {
                    acl.subnet_ids.push(subnet_id.clone());
                }
            }
            Ok(Applied::default())
        }
        Edit::CreateRoute { route_table_id, destination, gateway_id } => {
            put_route(net, route_table_id, *destination, gateway_id, false)
        }
        Edit::ReplaceRoute { route_table_id, destination, gateway_id } => {
            put_route(net, route_table_id, *destination, gateway_id, true)
        }
        Edit::DeleteRoute { route_table_id, destination } => delete_route(net, route_table_id, *destination),
        Edit::CreateInternetGateway { name } => {
            let tags = name_tags(name.as_deref())?;
            let id = InternetGatewayId::new(net.fresh_id(InternetGatewayId::PREFIX));
            net.internet_gateways.push(InternetGateway { id: id.clone(), vpc_id: None, tags });
            Ok(Applied { created: vec![Created::InternetGateway(id)], private_ip: None })
        }
        Edit::DeleteInternetGateway { internet_gateway_id } => {
            let igw = igw_or_err(net, internet_gateway_id)?;
            if let Some(vpc) = &igw.vpc_id {
                return Err(EditError::DependencyViolation(Dependency {
                    resource: internet_gateway_id.to_string(),
                    dependents: vec![Dependent::AttachedToVpc(vpc.clone())],
                }));
            }
            net.internet_gateways.retain(|g| &g.id != internet_gateway_id);
            for route in net.route_tables.iter_mut().flat_map(|t| t.routes.iter_mut()) {
                if route.target == RouteTarget::InternetGateway(internet_gateway_id.clone()) {
                    route.target = RouteTarget::Blackhole { id: internet_gateway_id.to_string() };
                }
            }
            Ok(Applied::default())
        }
        Edit::AttachInternetGateway { internet_gateway_id, vpc_id } => {
            let igw = igw_or_err(net, internet_gateway_id)?;
            vpc_or_err(net, vpc_id)?;
            if let Some(other) = &igw.vpc_id {
                return Err(EditError::GatewayAlreadyAttached(GatewayAttachment {
                    internet_gateway_id: Some(internet_gateway_id.clone()),
                    vpc_id: vpc_id.clone(),
                    attached_to: Some(other.to_string()),
                }));
            }
            if let Some(other) = net.internet_gateways.iter().find(|g| g.vpc_id.as_ref() == Some(vpc_id)) {
                return Err(EditError::GatewayAlreadyAttached(GatewayAttachment {
                    internet_gateway_id: Some(internet_gateway_id.clone()),
                    vpc_id: vpc_id.clone(),
                    attached_to: Some(other.id.to_string()),
                }));
            }
            if let Some(igw) = net.internet_gateways.iter_mut().find(|g| &g.id == internet_gateway_id) {
                igw.vpc_id = Some(vpc_id.clone());
            }
            Ok(Applied::default())
        }
        Edit::DetachInternetGateway { internet_gateway_id, vpc_id } => {
            let igw = igw_or_err(net, internet_gateway_id)?;
            vpc_or_err(net, vpc_id)?;
            if igw.vpc_id.as_ref() != Some(vpc_id) {
                return Err(EditError::GatewayNotAttached(GatewayAttachment {
                    internet_gateway_id: Some(internet_gateway_id.clone()),
                    vpc_id: vpc_id.clone(),
                    attached_to: None,
                }));
            }
            let view: &Network = net;
            let mapped: Vec<Dependent> = view
                .network_interfaces
                .iter()
                .filter(|n| view.subnet(&n.subnet_id).is_some_and(|s| &s.vpc_id == vpc_id))
                .flat_map(|n| {
                    n.private_ips.iter().filter_map(move |p| {
                        p.public_ip.map(|address| Dependent::PublicIp {
                            address,
                            interface: n.id.clone(),
                            label: view.interface_label(n),
                        })
                    })
                })
                .collect();
            if !mapped.is_empty() {
                return Err(EditError::DependencyViolation(Dependency {
                    resource: internet_gateway_id.to_string(),
                    dependents: mapped,
                }));
            }
            if let Some(igw) = net.internet_gateways.iter_mut().find(|g| &g.id == internet_gateway_id) {
                igw.vpc_id = None;
            }
            Ok(Applied::default())
        }
    }
}

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

fn vpc_or_err<'a>(net: &'a Network, id: &VpcId) -> Result<&'a Vpc, EditError> {
    net.vpc(id).ok_or_else(|| EditError::not_found(Missing::Vpc, id))
}

fn subnet_or_err<'a>(net: &'a Network, id: &SubnetId) -> Result<&'a Subnet, EditError> {
    net.subnet(id).ok_or_else(|| EditError::not_found(Missing::Subnet, id))
}

fn group_or_err<'a>(net: &'a Network, id: &SecurityGroupId) -> Result<&'a SecurityGroup, EditError> {
    net.security_group(id).ok_or_else(|| EditError::not_found(Missing::SecurityGroup, id))
}

fn acl_or_err<'a>(net: &'a Network, id: &NetworkAclId) -> Result<&'a NetworkAcl, EditError> {
    net.network_acls.iter().find(|a| &a.id == id).ok_or_else(|| EditError::not_found(Missing::NetworkAcl, id))
}

fn igw_or_err<'a>(net: &'a Network, id: &InternetGatewayId) -> Result<&'a InternetGateway, EditError> {
    net.internet_gateway(id).ok_or_else(|| EditError::not_found(Missing::InternetGateway, id))
}

fn route_table_or_err<'a>(net: &'a Network, id: &RouteTableId) -> Result<&'a RouteTable, EditError> {
    net.route_tables.iter().find(|t| &t.id == id).ok_or_else(|| EditError::not_found(Missing::RouteTable, id))
}

fn rule_not_found(group_id: &SecurityGroupId, rule_id: &SecurityGroupRuleId) -> EditError {
    EditError::NotFound(NotFound {
        kind: Missing::SecurityGroupRule,
        id: rule_id.to_string(),
        within: Some(group_id.to_string()),
        field: Some(Field::RuleId),
        row: None,
    })
}

fn nacl_entry_not_found(acl_id: &NetworkAclId, egress: bool, rule_number: u16) -> EditError {
    EditError::NotFound(NotFound {
        kind: Missing::NetworkAclEntry,
        id: format!("egress {egress} and rule number {rule_number}"),
        within: Some(acl_id.to_string()),
        field: Some(Field::RuleNumber),
        row: None,
    })
}

// ---------------------------------------------------------------------------
// Checks shared by several edits (and by the console's form)
// ---------------------------------------------------------------------------

/// The characters AWS allows in security group names and descriptions and in
/// rule descriptions, besides letters, digits and spaces.
pub const ALLOWED_PUNCTUATION: &str = "._-:/()#,@[]+=&;{}!$*";

/// The first character AWS does not allow in a name or description, if any.
pub fn refused_char(text: &str) -> Option<char> {
    text.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == ' ' || ALLOWED_PUNCTUATION.contains(*c)))
}

/// Checks a security group name, group description or rule description; `what`
/// names it in the message ("security group name", "description").
pub(crate) fn check_text(text: &str, what: &str, field: Field, required: bool) -> Result<(), EditError> {
    if text.is_empty() {
        return if required { Err(EditError::invalid(field, format!("the {what} must not be empty"))) } else { Ok(()) };
    }
    let len = text.chars().count();
    if len > MAX_TEXT_LEN {
        return Err(EditError::invalid(
            field,
            format!("the {what} is {len} characters long; it may have at most {MAX_TEXT_LEN}"),
        ));
    }
    if let Some(c) = refused_char(text) {
        return Err(EditError::invalid(
            field,
            format!("the {what} may contain only a-z, A-Z, 0-9, spaces and {ALLOWED_PUNCTUATION} (not `{c}`)"),
        ));
    }
    Ok(())
}

fn check_group_name(name: &str) -> Result<(), EditError> {
    check_text(name, "security group name", Field::Name, true)?;
    if name.len() >= 3 && name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("sg-")) {
        return Err(EditError::invalid(Field::Name, "group names may not be in the format sg-*"));
    }
    if name == "default" {
        return Err(EditError::ReservedGroupName(ReservedGroupName { name: name.to_owned() }));
    }
    Ok(())
}

/// The network address when `cidr` has host bits set.
fn host_bits_error(cidr: IpNet, field: Field) -> Result<IpNet, EditError> {
    if cidr.trunc() == cidr {
        Ok(cidr)
    } else {
        Err(EditError::invalid(
            field,
            format!("the CIDR block `{cidr}` has host bits set: did you mean `{}`?", cidr.trunc()),
        ))
    }
}

/// Port ranges in order, and the protocol numbers that have names written by name.
pub(crate) fn check_traffic(traffic: Traffic) -> Result<Traffic, EditError> {
    match traffic {
        Traffic::Tcp(r) | Traffic::Udp(r) if r.from > r.to => Err(EditError::invalid(
            Field::PortRange,
            format!(
                "the port range `{}-{}` is invalid: the first port must not be greater than the last (did you mean `{}-{}`?)",
                r.from, r.to, r.to, r.from
            ),
        )),
        Traffic::Other(6) => Ok(Traffic::Tcp(PortRange::ALL)),
        Traffic::Other(17) => Ok(Traffic::Udp(PortRange::ALL)),
        Traffic::Other(1) => Ok(Traffic::Icmp(IcmpMatch::AllTypes)),
        Traffic::Other(58) => Ok(Traffic::Icmpv6(IcmpMatch::AllTypes)),
        t => Ok(t),
    }
}

/// Checks a rule for a group and returns it as stored: traffic normalized, an
/// empty description dropped.
pub(crate) fn check_spec(net: &Network, vpc_id: &VpcId, spec: &RuleSpec) -> Result<RuleSpec, EditError> {
    let traffic = check_traffic(spec.traffic)?;
    let peer = match &spec.peer {
        Peer::Cidr(c) => Peer::Cidr(host_bits_error(*c, Field::Source)?),
        Peer::SecurityGroup(id) => {
            let g = net.security_group(id).ok_or_else(|| {
                EditError::NotFound(NotFound {
                    kind: Missing::SecurityGroup,
                    id: id.to_string(),
                    within: None,
                    field: Some(Field::Source),
                    row: None,
                })
            })?;
            if &g.vpc_id != vpc_id {
                return Err(EditError::invalid(
                    Field::Source,
                    format!(
                        "the security group `{id}` is in VPC `{}`: a rule can only reference a group in its own VPC `{vpc_id}`",
                        g.vpc_id
                    ),
                ));
            }
            Peer::SecurityGroup(id.clone())
        }
        Peer::PrefixList(id) => {
            if net.prefix_list(id).is_none() {
                return Err(EditError::NotFound(NotFound {
                    kind: Missing::PrefixList,
                    id: id.to_string(),
                    within: None,
                    field: Some(Field::Source),
                    row: None,
                }));
            }
            Peer::PrefixList(id.clone())
        }
    };
    let description = spec.description.clone().filter(|d| !d.is_empty());
    if let Some(d) = &description {
        check_text(d, "description", Field::Description, false)?;
    }
    Ok(RuleSpec { traffic, peer, description })
}

/// A rule as AWS prints it in `InvalidPermission.Duplicate`:
/// `peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW`.
pub fn permission_text(traffic: Traffic, peer: &Peer) -> String {
    let peer = match peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::SecurityGroup(id) => id.to_string(),
        Peer::PrefixList(id) => id.to_string(),
    };
    let icmp = |m: IcmpMatch| match m {
        IcmpMatch::AllTypes => "type: -1, code: -1".to_owned(),
        IcmpMatch::Type { icmp_type, code: None } => format!("type: {icmp_type}, code: -1"),
        IcmpMatch::Type { icmp_type, code: Some(c) } => format!("type: {icmp_type}, code: {c}"),
    };
    let traffic = match traffic {
        Traffic::All => "ALL".to_owned(),
        Traffic::Tcp(r) => format!("TCP, from port: {}, to port: {}", r.from, r.to),
        Traffic::Udp(r) => format!("UDP, from port: {}, to port: {}", r.from, r.to),
        Traffic::Icmp(m) => format!("ICMP, {}", icmp(m)),
        Traffic::Icmpv6(m) => format!("ICMPV6, {}", icmp(m)),
        Traffic::Other(n) => format!("protocol {n}"),
    };
    format!("peer: {peer}, {traffic}, ALLOW")
}

/// Whether a rule counts toward the IPv4 and the IPv6 quota.
fn families(peer: &Peer) -> (bool, bool) {
    match peer {
        Peer::Cidr(IpNet::V4(_)) => (true, false),
        Peer::Cidr(IpNet::V6(_)) => (false, true),
        Peer::SecurityGroup(_) | Peer::PrefixList(_) => (true, true),
    }
}

fn check_rule_quota<'a>(
    group_id: &SecurityGroupId,
    direction: Direction,
    peers: impl Iterator<Item = &'a Peer>,
) -> Result<(), EditError> {
    let (mut v4, mut v6) = (0, 0);
    for peer in peers {
        let (a, b) = families(peer);
        v4 += usize::from(a);
        v6 += usize::from(b);
    }
    for (family, count) in [("IPv4", v4), ("IPv6", v6)] {
        if count > MAX_RULES_PER_GROUP {
            return Err(EditError::RulesPerGroupLimit(RulesLimit {
                group_id: group_id.clone(),
                direction,
                family,
                count,
            }));
        }
    }
    Ok(())
}

/// Checks a group's rules as they would be after an edit, in one direction:
/// each valid, no two the same, within the quota. Returns them as stored.
fn check_rule_list(
    net: &Network,
    group: &SecurityGroup,
    direction: Direction,
    rows: &[(Option<SecurityGroupRuleId>, RuleSpec)],
    // Rows that already exist unchanged are not re-checked; `changed(i)` says which are new or edited.
    changed: impl Fn(usize) -> bool,
    // A new rule equal to an existing (unchanged) one is `InvalidPermission.Duplicate`;
    // two new or edited rules equal to each other are "the same permission twice".
) -> Result<Vec<RuleSpec>, EditError> {
    let mut seen: HashSet<(Traffic, Peer)> = HashSet::new();
    let mut clean = Vec::with_capacity(rows.len());
    // Existing, unchanged rows first, so that a new row equal to one of them is reported as a duplicate of it.
    for (i, (_, spec)) in rows.iter().enumerate() {
        if !changed(i) {
            seen.insert((spec.traffic, spec.peer.clone()));
        }
    }
    let mut new_seen: HashSet<(Traffic, Peer)> = HashSet::new();
    for (i, (_, spec)) in rows.iter().enumerate() {
        if !changed(i) {
            clean.push(spec.clone());
            continue;
        }
        let spec = check_spec(net, &group.vpc_id, spec).map_err(|e| e.at_row(Some(i)))?;
        let key = (spec.traffic, spec.peer.clone());
        if seen.contains(&key) {
            return Err(EditError::DuplicateRule(DuplicateRule {
                rule: permission_text(spec.traffic, &spec.peer),
                row: Some(i),
            }));
        }
        if !new_seen.insert(key) {
            return Err(EditError::InvalidParameterValue(InvalidParameter {
                field: Some(Field::Rules),
                message: format!(
                    "the same permission must not appear multiple times: \"{}\"",
                    permission_text(spec.traffic, &spec.peer)
                ),
                row: Some(i),
            }));
        }
        clean.push(spec);
    }
    check_rule_quota(&group.id, direction, clean.iter().map(|s| &s.peer))?;
    Ok(clean)
}

fn check_tag(tag: &Tag) -> Result<(), EditError> {
    let key_len = tag.key.chars().count();
    if key_len == 0 {
        return Err(EditError::invalid(Field::Tags, "a tag key must not be empty"));
    }
    if key_len > 128 {
        return Err(EditError::invalid(
            Field::Tags,
            format!("the tag key `{}` is {key_len} characters long; it may have at most 128", tag.key),
        ));
    }
    if tag.key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
        return Err(EditError::invalid(
            Field::Tags,
            format!("the tag key `{}` is invalid: keys starting with aws: are reserved for AWS", tag.key),
        ));
    }
    let value_len = tag.value.chars().count();
    if value_len > 256 {
        return Err(EditError::invalid(
            Field::Tags,
            format!("the value of tag `{}` is {value_len} characters long; it may have at most 256", tag.key),
        ));
    }
    Ok(())
}

/// `existing` with `new` added (values of existing keys replaced), checked.
fn merge_tags(resource_id: &str, existing: &[Tag], new: &[Tag]) -> Result<Vec<Tag>, EditError> {
    let mut keys = HashSet::new();
    for tag in new {
        check_tag(tag)?;
        if !keys.insert(tag.key.as_str()) {
            return Err(EditError::invalid(Field::Tags, format!("duplicate tag key `{}` specified", tag.key)));
        }
    }
    let mut merged = existing.to_vec();
    for tag in new {
        match merged.iter_mut().find(|t| t.key == tag.key) {
            Some(t) => t.value.clone_from(&tag.value),
            None => merged.push(tag.clone()),
        }
    }
    if merged.len() > MAX_TAGS {
        return Err(EditError::TagLimit(TagLimit { resource_id: resource_id.to_owned(), count: merged.len() }));
    }
    Ok(merged)
}

fn name_tags(name: Option<&str>) -> Result<Vec<Tag>, EditError> {
    match name {
        None | Some("") => Ok(vec![]),
        Some(n) => merge_tags(n, &[], &[Tag { key: "Name".into(), value: n.to_owned() }]),
    }
}

/// The groups for an interface in `subnet`: 1 to 16, no duplicates, all in its VPC,
/// at most 1000 rules together in each direction.
fn check_interface_groups(
    net: &Network,
    subnet: &Subnet,
    groups: &[SecurityGroupId],
) -> Result<Vec<SecurityGroupId>, EditError> {
    if groups.is_empty() {
        return Err(EditError::missing(Field::SecurityGroups, "a network interface needs at least one security group"));
    }
    let mut seen = HashSet::new();
    for g in groups {
        if !seen.insert(g) {
            return Err(EditError::invalid(Field::SecurityGroups, format!("the security group `{g}` is listed twice")));
        }
    }
    if groups.len() > MAX_GROUPS_PER_INTERFACE {
        return Err(EditError::InterfaceLimit(InterfaceLimit::Groups { count: groups.len() }));
    }
    let mut found = Vec::with_capacity(groups.len());
    for id in groups {
        let g = net.security_group(id).ok_or_else(|| {
            EditError::NotFound(NotFound {
                kind: Missing::SecurityGroup,
                id: id.to_string(),
                within: None,
                field: Some(Field::SecurityGroups),
                row: None,
            })
        })?;
        if g.vpc_id != subnet.vpc_id {
            return Err(EditError::invalid(
                Field::SecurityGroups,
                format!("security group `{id}` and subnet `{}` belong to different networks", subnet.id),
            ));
        }
        found.push(g);
    }
    for direction in [Direction::Inbound, Direction::Outbound] {
        let count: usize = found.iter().map(|g| g.rules(direction).len()).sum();
        if count > MAX_RULES_PER_INTERFACE {
            return Err(EditError::InterfaceLimit(InterfaceLimit::Rules { direction, count }));
        }
    }
    Ok(groups.to_vec())
}

// ---------------------------------------------------------------------------
// Security groups
// ---------------------------------------------------------------------------

fn create_security_group(
    net: &mut Network,
    vpc_id: &VpcId,
    name: &str,
    description: &str,
    tags: &[Tag],
) -> Result<Applied, EditError> {
    let vpc = vpc_or_err(net, vpc_id)?;
    check_group_name(name)?;
    check_text(description, "description", Field::Description, true)?;
    if net.security_group_named(vpc_id, name).is_some() {
        return Err(EditError::DuplicateGroupName(DuplicateGroupName {
            name: name.to_owned(),
            vpc_id: vpc_id.clone(),
        }));
    }
    let tags = merge_tags(name, &[], tags)?;
    let ipv6 = !vpc.ipv6_cidr_blocks.is_empty();

    let id = SecurityGroupId::new(net.fresh_id(SecurityGroupId::PREFIX));
    net.security_groups.push(SecurityGroup {
        id: id.clone(),
        name: name.to_owned(),
        description: description.to_owned(),
        vpc_id: vpc_id.clone(),
        inbound: vec![],
        outbound: vec![],
        tags,
    });
    let mut created = vec![Created::SecurityGroup(id.clone())];
    let mut anywhere = vec![IpNet::V4(Ipv4Net::default())];
    if ipv6 {
        anywhere.push(IpNet::V6(Ipv6Net::default()));
    }
    for cidr in anywhere {
        let rule_id = SecurityGroupRuleId::new(net.fresh_id(SecurityGroupRuleId::PREFIX));
        if let Some(g) = net.security_group_mut(&id) {
            g.outbound.push(SgRule {
                id: rule_id.clone(),
                traffic: Traffic::All,
                peer: Peer::Cidr(cidr),
                description: None,
            });
        }
        created.push(Created::SecurityGroupRule(rule_id));
    }
    Ok(Applied { created, private_ip: None })
}

fn delete_security_group(net: &mut Network, group_id: &SecurityGroupId) -> Result<Applied, EditError> {
    let group = group_or_err(net, group_id)?;
    if group.is_default() {
        return Err(EditError::CannotDelete(CannotDelete { group_id: group_id.clone() }));
    }
    let mut dependents: Vec<Dependent> = net
        .network_interfaces
        .iter()
        .filter(|n| n.security_groups.contains(group_id))
        .map(|n| Dependent::AttachedTo { interface: n.id.clone(), label: net.interface_label(n) })
        .collect();
    for other in net.security_groups.iter().filter(|g| &g.id != group_id) {
        for rule in other.inbound.iter().chain(&other.outbound) {
            if rule.peer == Peer::SecurityGroup(group_id.clone()) {
                dependents.push(Dependent::ReferencedBy {
                    group: other.id.clone(),
                    group_name: other.name.clone(),
                    rule: rule.id.clone(),
                });
            }
        }
    }
    if !dependents.is_empty() {
        return Err(EditError::DependencyViolation(Dependency { resource: group_id.to_string(), dependents }));
    }
    net.security_groups.retain(|g| &g.id != group_id);
    Ok(Applied::default())
}

fn authorize(
    net: &mut Network,
    group_id: &SecurityGroupId,
    direction: Direction,
    rules: &[RuleSpec],
) -> Result<Applied, EditError> {
    if rules.is_empty() {
        return Err(EditError::missing(Field::Rules, "give at least one rule to add"));
    }
    let group = group_or_err(net, group_id)?;
    let mut rows: Vec<(Option<SecurityGroupRuleId>, RuleSpec)> =
        group.rules(direction).iter().map(|r| (Some(r.id.clone()), RuleSpec::from(r))).collect();
    let existing = rows.len();
    rows.extend(rules.iter().map(|s| (None, s.clone())));
    let clean = check_rule_list(net, group, direction, &rows, |i| i >= existing).map_err(|e| {
        // Rows are numbered within the request.
        let row = e.row().and_then(|r| r.checked_sub(existing));
        e.at_row(row)
    })?;
    let mut created = vec![];
    for spec in clean.into_iter().skip(existing) {
        let rule_id = SecurityGroupRuleId::new(net.fresh_id(SecurityGroupRuleId::PREFIX));
        if let Some(g) = net.security_group_mut(group_id) {
            g.rules_mut(direction).push(SgRule {
                id: rule_id.clone(),
                traffic: spec.traffic,
                peer: spec.peer,
                description: spec.description,
            });
        }
        created.push(Created::SecurityGroupRule(rule_id));
    }
    Ok(Applied { created, private_ip: None })
}

fn revoke(
    net: &mut Network,
    group_id: &SecurityGroupId,
    direction: Direction,
    rule_ids: &[SecurityGroupRuleId],
) -> Result<Applied, EditError> {
    if rule_ids.is_empty() {
        return Err(EditError::missing(Field::RuleId, "give at least one rule to remove"));
    }
    let group = group_or_err(net, group_id)?;
    for id in rule_ids {
        if !group.rules(direction).iter().any(|r| &r.id == id) {
            return Err(rule_not_found(group_id, id));
        }
    }
    if let Some(g) = net.security_group_mut(group_id) {
        g.rules_mut(direction).retain(|r| !rule_ids.contains(&r.id));
    }
    Ok(Applied::default())
}

/// Replaces the rules of one direction with `rows`; `modified` is the one row an
/// in-place modification changed (the others are the group's rules as they are).
fn set_rules(
    net: &mut Network,
    group_id: &SecurityGroupId,
    direction: Direction,
    rows: &[(Option<SecurityGroupRuleId>, RuleSpec)],
    modified: Option<usize>,
) -> Result<Applied, EditError> {
    let group = group_or_err(net, group_id)?;
    let current = group.rules(direction);
    let mut ids = HashSet::new();
    for (i, (id, _)) in rows.iter().enumerate() {
        if let Some(id) = id {
            if !current.iter().any(|r| &r.id == id) {
                return Err(rule_not_found(group_id, id).at_row(Some(i)));
            }
            if !ids.insert(id) {
                return Err(EditError::InvalidParameterValue(InvalidParameter {
                    field: Some(Field::RuleId),
                    message: format!("the rule `{id}` is listed twice"),
                    row: Some(i),
                }));
            }
        }
    }
    // A row with an id whose rule it leaves as it is needs no checking.
    let unchanged = |i: usize| -> bool {
        if Some(i) == modified {
            return false;
        }
        match rows.get(i) {
            Some((Some(id), spec)) => current.iter().any(|r| &r.id == id && RuleSpec::from(r) == *spec),
            _ => false,
        }
    };
    let clean = check_rule_list(net, group, direction, rows, |i| !unchanged(i))?;

    // New rules get their ids while every current rule still exists, so that no new
    // rule takes the id of one being revoked.
    let mut final_ids = Vec::with_capacity(rows.len());
    let mut created = vec![];
    for (id, _) in rows {
        match id {
            Some(id) => final_ids.push(id.clone()),
            None => {
                let rule_id = SecurityGroupRuleId::new(net.fresh_id(SecurityGroupRuleId::PREFIX));
                if let Some(g) = net.security_group_mut(group_id) {
                    // A placeholder, so that the next fresh id differs; replaced below.
                    g.rules_mut(direction).push(SgRule {
                        id: rule_id.clone(),
                        traffic: Traffic::All,
                        peer: Peer::Cidr(IpNet::V4(Ipv4Net::default())),
                        description: None,
                    });
                }
                created.push(Created::SecurityGroupRule(rule_id.clone()));
                final_ids.push(rule_id);
            }
        }
    }
    if let Some(g) = net.security_group_mut(group_id) {
        *g.rules_mut(direction) = final_ids
            .into_iter()
            .zip(clean)
            .map(|(id, spec)| SgRule { id, traffic: spec.traffic, peer: spec.peer, description: spec.description })
            .collect();
    }
    Ok(Applied { created, private_ip: None })
}

// ---------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------

fn tags_of<'a>(net: &'a Network, id: &str) -> Result<&'a Vec<Tag>, EditError> {
    let found = if id.starts_with(SecurityGroupId::PREFIX) {
        net.security_groups.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else if id.starts_with(VpcId::PREFIX) {
        net.vpcs.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else if id.starts_with(SubnetId::PREFIX) {
        net.subnets.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else if id.starts_with(RouteTableId::PREFIX) {
        net.route_tables.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else if id.starts_with(InternetGatewayId::PREFIX) {
        net.internet_gateways.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else if id.starts_with(NetworkAclId::PREFIX) {
        net.network_acls.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else if id.starts_with(NetworkInterfaceId::PREFIX) {
        net.network_interfaces.iter().find(|x| x.id.as_str() == id).map(|x| &x.tags)
    } else {
        return Err(EditError::InvalidId(InvalidId { id: id.to_owned() }));
    };
    found.ok_or_else(|| {
        let kind = if id.starts_with(SecurityGroupId::PREFIX) {
            Missing::SecurityGroup
        } else if id.starts_with(VpcId::PREFIX) {
            Missing::Vpc
        } else if id.starts_with(SubnetId::PREFIX) {
            Missing::Subnet
        } else if id.starts_with(RouteTableId::PREFIX) {
            Missing::RouteTable
        } else if id.starts_with(InternetGatewayId::PREFIX) {
            Missing::InternetGateway
        } else if id.starts_with(NetworkAclId::PREFIX) {
            Missing::NetworkAcl
        } else {
            Missing::NetworkInterface
        };
        EditError::not_found(kind, id)
    })
}

fn tags_mut<'a>(net: &'a mut Network, id: &str) -> Result<&'a mut Vec<Tag>, EditError> {
    tags_of(net, id)?;
    let found = net
        .security_groups
        .iter_mut()
        .find(|x| x.id.as_str() == id)
        .map(|x| &mut x.tags)
        .or_else(|| net.vpcs.iter_mut().find(|x| x.id.as_str() == id).map(|x| &mut x.tags))
        .or_else(|| net.subnets.iter_mut().find(|x| x.id.as_str() == id).map(|x| &mut x.tags))
        .or_else(|| net.route_tables.iter_mut().find(|x| x.id.as_str() == id).map(|x| &mut x.tags))
        .or_else(|| net.internet_gateways.iter_mut().find(|x| x.id.as_str() == id).map(|x| &mut x.tags))
        .or_else(|| net.network_acls.iter_mut().find(|x| x.id.as_str() == id).map(|x| &mut x.tags))
        .or_else(|| net.network_interfaces.iter_mut().find(|x| x.id.as_str() == id).map(|x| &mut x.tags));
    found.ok_or_else(|| EditError::InvalidId(InvalidId { id: id.to_owned() }))
}

fn create_tags(net: &mut Network, resource_id: &str, tags: &[Tag]) -> Result<Applied, EditError> {
    if tags.is_empty() {
        return Err(EditError::missing(Field::Tags, "give at least one tag"));
    }
    let merged = merge_tags(resource_id, tags_of(net, resource_id)?, tags)?;
    *tags_mut(net, resource_id)? = merged;
    Ok(Applied::default())
}

// ---------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------

/// The addresses AWS reserves in every subnet: the network address, +1 (the VPC
/// router), +2 (DNS), +3 (reserved for future use) and the broadcast address.
pub fn is_reserved_in_subnet(subnet: Ipv4Net, address: Ipv4Addr) -> bool {
    let base = u32::from(subnet.network());
    let a = u32::from(address);
    (a >= base && a - base <= 3) || address == subnet.broadcast()
}

fn address_user(net: &Network, address: IpAddr) -> Option<String> {
    net.network_interfaces
        .iter()
        .find(|n| {
            n.has_private_address(address) || n.private_ips.iter().any(|p| p.public_ip.map(IpAddr::V4) == Some(address))
        })
        .map(|n| format!("{} ({})", n.id, net.interface_label(n)))
        .or_else(|| {
            net.internet_hosts.iter().find(|h| h.address == address).map(|h| format!("internet host `{}`", h.name))
        })
}

/// The first address of the subnet that is neither reserved nor in use.
fn next_free_address(net: &Network, subnet: &Subnet) -> Option<Ipv4Addr> {
    let cidr = subnet.cidr_block;
    let first = u32::from(cidr.network()).checked_add(4)?;
    let last = u32::from(cidr.broadcast()).checked_sub(1)?;
    (first..=last).map(Ipv4Addr::from).find(|a| address_user(net, IpAddr::V4(*a)).is_none())
}

/// A resource id: `i-…` for an instance; for a database or a load balancer, its
/// name made into an identifier (letters, digits, hyphens), unique in the lab.
fn resource_id_for(net: &Network, kind: ResourceKind, name: &str) -> ResourceId {
    if kind == ResourceKind::Ec2 {
        return ResourceId::new(net.fresh_id(ResourceId::PREFIX));
    }
    let max = if kind == ResourceKind::Alb { 32 } else { 63 };
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(max - 4).collect();
    if !slug.starts_with(|c: char| c.is_ascii_alphabetic()) {
        slug.insert_str(0, if kind == ResourceKind::Alb { "alb-" } else { "db-" });
    }
    let slug = slug.trim_end_matches('-').to_owned();
    let taken = |id: &str| net.resources.iter().any(|r| r.id.as_str() == id);
    if !taken(&slug) {
        return ResourceId::new(slug);
    }
    let mut n = 2usize;
    loop {
        let id = format!("{slug}-{n}");
        if !taken(&id) {
            return ResourceId::new(id);
        }
        n += 1;
    }
}

fn create_resource(
    net: &mut Network,
    kind: ResourceKind,
    name: &str,
    subnet_id: &SubnetId,
    groups: &[SecurityGroupId],
    private_ip: Option<Ipv4Addr>,
    public_ip: Option<Ipv4Addr>,
) -> Result<Applied, EditError> {
    if name.trim().is_empty() {
        return Err(EditError::invalid(Field::Name, "give the resource a name"));
    }
    let len = name.chars().count();
    if len > MAX_TEXT_LEN {
        return Err(EditError::invalid(
            Field::Name,
            format!("the name is {len} characters long; it may have at most {MAX_TEXT_LEN}"),
        ));
    }
    let subnet = subnet_or_err(net, subnet_id)?;
    let groups = if groups.is_empty() {
        let default = net.security_group_named(&subnet.vpc_id, "default").ok_or_else(|| {
            EditError::NotFound(NotFound {
                kind: Missing::SecurityGroup,
                id: "default".into(),
                within: Some(subnet.vpc_id.to_string()),
                field: Some(Field::SecurityGroups),
                row: None,
            })
        })?;
        vec![default.id.clone()]
    } else {
        check_interface_groups(net, subnet, groups)?
    };
    let address = match private_ip {
        Some(a) => {
            if !subnet.cidr_block.contains(&a) {
                return Err(EditError::invalid(
                    Field::PrivateIp,
                    format!("address {a} does not fall within the subnet's address range {}", subnet.cidr_block),
                ));
            }
            if is_reserved_in_subnet(subnet.cidr_block, a) {
                return Err(EditError::invalid(
                    Field::PrivateIp,
                    format!(
                        "address {a} is reserved by AWS in subnet {} (the network address, the next three, and the broadcast address)",
                        subnet.cidr_block
                    ),
                ));
            }
            if let Some(user) = address_user(net, IpAddr::V4(a)) {
                return Err(EditError::AddressInUse(AddressInUse {
                    address: IpAddr::V4(a),
                    user,
                    field: Field::PrivateIp,
                }));
            }
            a
        }
        None => next_free_address(net, subnet).ok_or_else(|| {
            EditError::SubnetFull(SubnetFull { subnet_id: subnet.id.clone(), cidr: subnet.cidr_block })
        })?,
    };
    if let Some(p) = public_ip {
        if let Some(vpc) = net.vpcs.iter().find(|v| v.contains(IpAddr::V4(p))) {
            return Err(EditError::invalid(
                Field::PublicIp,
                format!("{p} is inside VPC `{}`: a public IP must lie outside every VPC", vpc.id),
            ));
        }
        if let Some(kind) = crate::address::not_globally_reachable(IpAddr::V4(p)) {
            return Err(EditError::invalid(Field::PublicIp, format!("{p} is {kind}, not a public address")));
        }
        if let Some(user) = address_user(net, IpAddr::V4(p)) {
            return Err(EditError::AddressInUse(AddressInUse { address: IpAddr::V4(p), user, field: Field::PublicIp }));
        }
        if !net.internet_gateways.iter().any(|g| g.vpc_id.as_ref() == Some(&subnet.vpc_id)) {
            return Err(EditError::GatewayNotAttached(GatewayAttachment {
                internet_gateway_id: None,
                vpc_id: subnet.vpc_id.clone(),
                attached_to: None,
            }));
        }
    }

    let resource_id = resource_id_for(net, kind, name);
    let description = match kind {
        ResourceKind::Ec2 => "Primary network interface".to_owned(),
        ResourceKind::Rds => "RDSNetworkInterface".to_owned(),
        ResourceKind::Alb => format!("ELB app/{resource_id}"),
    };
    net.resources.push(Resource { id: resource_id.clone(), kind, name: name.to_owned() });
    let eni_id = NetworkInterfaceId::new(net.fresh_id(NetworkInterfaceId::PREFIX));
    net.network_interfaces.push(NetworkInterface {
        id: eni_id.clone(),
        subnet_id: subnet_id.clone(),
        description,
        private_ips: vec![PrivateIp { address, public_ip }],
        ipv6_addresses: vec![],
        security_groups: groups,
        resource_id: Some(resource_id.clone()),
        tags: vec![],
    });
    Ok(Applied {
        created: vec![Created::Resource(resource_id), Created::NetworkInterface(eni_id)],
        private_ip: Some(address),
    })
}

// ---------------------------------------------------------------------------
// Subnets and internet hosts
// ---------------------------------------------------------------------------

fn create_subnet(
    net: &mut Network,
    vpc_id: &VpcId,
    cidr: Ipv4Net,
    availability_zone: &str,
    name: Option<&str>,
) -> Result<Applied, EditError> {
    let vpc = vpc_or_err(net, vpc_id)?;
    let range = |reason: String| EditError::SubnetRange(SubnetRange { cidr: cidr.to_string(), reason });
    if cidr.trunc() != cidr {
        return Err(range(format!("it has host bits set: did you mean `{}`?", cidr.trunc())));
    }
    if !(16..=28).contains(&cidr.prefix_len()) {
        return Err(range("a subnet's prefix length must be from /16 to /28".into()));
    }
    if !vpc.cidr_blocks.iter().any(|c| c.contains(&cidr)) {
        let blocks: Vec<String> = vpc.cidr_blocks.iter().map(ToString::to_string).collect();
        return Err(range(format!("it is not inside the VPC's CIDR blocks ({})", blocks.join(", "))));
    }
    if let Some(other) = net
        .subnets
        .iter()
        .find(|s| &s.vpc_id == vpc_id && (s.cidr_block.contains(&cidr) || cidr.contains(&s.cidr_block)))
    {
        return Err(EditError::SubnetConflict(SubnetConflict {
            cidr,
            subnet_id: other.id.clone(),
            subnet_cidr: other.cidr_block,
        }));
    }
    if availability_zone.trim().is_empty() {
        return Err(EditError::invalid(Field::AvailabilityZone, "choose an availability zone"));
    }
    let tags = name_tags(name)?;
    let id = SubnetId::new(net.fresh_id(SubnetId::PREFIX));
    net.subnets.push(Subnet {
        id: id.clone(),
        vpc_id: vpc_id.clone(),
        cidr_block: cidr,
        ipv6_cidr_block: None,
        availability_zone: availability_zone.to_owned(),
        tags,
    });
    Ok(Applied { created: vec![Created::Subnet(id)], private_ip: None })
}

fn delete_subnet(net: &mut Network, subnet_id: &SubnetId) -> Result<Applied, EditError> {
    subnet_or_err(net, subnet_id)?;
    let dependents: Vec<Dependent> = net
        .network_interfaces
        .iter()
        .filter(|n| &n.subnet_id == subnet_id)
        .map(|n| Dependent::Interface { interface: n.id.clone(), label: net.interface_label(n) })
        .collect();
    if !dependents.is_empty() {
        return Err(EditError::DependencyViolation(Dependency { resource: subnet_id.to_string(), dependents }));
    }
    net.subnets.retain(|s| &s.id != subnet_id);
    for t in &mut net.route_tables {
        t.subnet_ids.retain(|s| s != subnet_id);
    }
    for a in &mut net.network_acls {
        a.subnet_ids.retain(|s| s != subnet_id);
    }
    Ok(Applied::default())
}

fn add_internet_host(net: &mut Network, name: &str, address: IpAddr) -> Result<Applied, EditError> {
    if name.trim().is_empty() {
        return Err(EditError::invalid(Field::Name, "give the host a name"));
    }
    if net.internet_hosts.iter().any(|h| h.name == name) {
        return Err(EditError::invalid(Field::Name, format!("a host named `{name}` exists already")));
    }
    if let Some(vpc) = net.vpcs.iter().find(|v| v.contains(address)) {
        return Err(EditError::invalid(
            Field::Address,
            format!("{address} is inside VPC `{}`: a host on the internet needs an address outside every VPC", vpc.id),
        ));
    }
    if let Some(user) = address_user(net, address) {
        return Err(EditError::AddressInUse(AddressInUse { address, user, field: Field::Address }));
    }
    net.internet_hosts.push(InternetHost { name: name.to_owned(), address });
    Ok(Applied::default())
}

// ---------------------------------------------------------------------------
// Network ACLs
// ---------------------------------------------------------------------------

fn nacl_entry(
    net: &mut Network,
    acl_id: &NetworkAclId,
    egress: bool,
    entry: &NaclEntry,
    replace: bool,
) -> Result<Applied, EditError> {
    let acl = acl_or_err(net, acl_id)?;
    if !(1..=MAX_NACL_RULE_NUMBER).contains(&entry.rule_number) {
        return Err(EditError::invalid(
            Field::RuleNumber,
            format!("rule number {} is out of range: use 1 to {MAX_NACL_RULE_NUMBER}", entry.rule_number),
        ));
    }
    let traffic = check_traffic(entry.traffic)?;
    let cidr = host_bits_error(entry.cidr, Field::Cidr)?;
    let entries = if egress { &acl.outbound } else { &acl.inbound };
    let exists = entries.iter().any(|e| e.rule_number == entry.rule_number);
    if replace && !exists {
        return Err(nacl_entry_not_found(acl_id, egress, entry.rule_number));
    }
    if !replace && exists {
        return Err(EditError::NaclEntryExists(NaclEntryExists {
            acl_id: acl_id.clone(),
            egress,
            rule_number: entry.rule_number,
        }));
    }
    let entry = NaclEntry { rule_number: entry.rule_number, action: entry.action, traffic, cidr };
    if let Some(acl) = net.network_acls.iter_mut().find(|a| &a.id == acl_id) {
        let entries = if egress { &mut acl.outbound } else { &mut acl.inbound };
        entries.retain(|e| e.rule_number != entry.rule_number);
        entries.push(entry);
        entries.sort_by_key(|e| e.rule_number);
    }
    Ok(Applied::default())
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

fn is_local(net: &Network, table: &RouteTable, destination: IpNet) -> bool {
    table.routes.iter().any(|r| r.destination == destination && r.target == RouteTarget::Local)
        || net.vpc(&table.vpc_id).is_some_and(|v| match destination {
            IpNet::V4(d) => v.cidr_blocks.contains(&d),
            IpNet::V6(d) => v.ipv6_cidr_blocks.contains(&d),
        })
}

fn put_route(
    net: &mut Network,
    route_table_id: &RouteTableId,
    destination: IpNet,
    gateway_id: &InternetGatewayId,
    replace: bool,
) -> Result<Applied, EditError> {
    let table = route_table_or_err(net, route_table_id)?;
    let destination = host_bits_error(destination, Field::Destination)?;
    if replace && is_local(net, table, destination) {
        return Err(EditError::invalid(
            Field::Destination,
            format!("cannot replace local route {destination} in route table {route_table_id}"),
        ));
    }
    let exists = table.routes.iter().any(|r| r.destination == destination);
    if replace && !exists {
        return Err(EditError::NotFound(NotFound {
            kind: Missing::Route,
            id: destination.to_string(),
            within: Some(route_table_id.to_string()),
            field: Some(Field::Destination),
            row: None,
        }));
    }
    if !replace && exists {
        return Err(EditError::RouteExists(RouteExists { route_table_id: route_table_id.clone(), destination }));
    }
    if let Some(vpc) = net.vpc(&table.vpc_id) {
        let inside = match destination {
            IpNet::V4(d) => vpc.cidr_blocks.iter().find(|c| c.contains(&d)).map(ToString::to_string),
            IpNet::V6(d) => vpc.ipv6_cidr_blocks.iter().find(|c| c.contains(&d)).map(ToString::to_string),
        };
        if let Some(block) = inside {
            return Err(EditError::invalid(
                Field::Destination,
                format!(
                    "the destination CIDR block {destination} is equal to or more specific than one of this VPC's CIDR blocks ({block}): the local route already sends it within the VPC"
                ),
            ));
        }
    }
    let igw = igw_or_err(net, gateway_id).map_err(|e| match e {
        EditError::NotFound(mut n) => {
            n.field = Some(Field::Gateway);
            EditError::NotFound(n)
        }
        e => e,
    })?;
    if igw.vpc_id.as_ref() != Some(&table.vpc_id) {
        return Err(EditError::invalid(
            Field::Gateway,
            format!("route table {route_table_id} and network gateway {gateway_id} belong to different networks"),
        ));
    }
    let route = Route { destination, target: RouteTarget::InternetGateway(gateway_id.clone()) };
    if let Some(table) = net.route_tables.iter_mut().find(|t| &t.id == route_table_id) {
        match table.routes.iter_mut().find(|r| r.destination == destination) {
            Some(r) => *r = route,
            None => table.routes.push(route),
        }
    }
    Ok(Applied::default())
}

fn delete_route(net: &mut Network, route_table_id: &RouteTableId, destination: IpNet) -> Result<Applied, EditError> {
    let table = route_table_or_err(net, route_table_id)?;
    if is_local(net, table, destination) {
        return Err(EditError::invalid(
            Field::Destination,
            format!("cannot remove local route {destination} in route table {route_table_id}"),
        ));
    }
    if !table.routes.iter().any(|r| r.destination == destination) {
        return Err(EditError::NotFound(NotFound {
            kind: Missing::Route,
            id: destination.to_string(),
            within: Some(route_table_id.to_string()),
            field: Some(Field::Destination),
            row: None,
        }));
    }
    if let Some(table) = net.route_tables.iter_mut().find(|t| &t.id == route_table_id) {
        table.routes.retain(|r| r.destination != destination);
    }
    Ok(Applied::default())
}
