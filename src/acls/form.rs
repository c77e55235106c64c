//! The Network ACLs forms as plain data: "Create network ACL", "Edit inbound rules" /
//! "Edit outbound rules" of an ACL, and "Edit subnet associations", and how each
//! becomes the [`Edit`]s the AWS API would receive.
//!
//! Nothing here knows Leptos. Every check is made before anything is applied: the
//! edits are tried on a copy of the network, and messages come back per field
//! ([`Place`]) so the form can show each one next to what the user typed.
//!
//! Saving the rules of one direction is several API calls in AWS (delete, replace and
//! create entries, one rule number each). [`EntriesForm::plan`] works out the calls
//! that turn the ACL's entries into the rows of the page, so the page saves as one step.

use crate::groups::form::Keys;
use crate::ui::{FormError, Place};
use ipnet::IpNet;
use sglab_engine::console::{self, RuleDraft, RuleType, SourceType};
use sglab_engine::edit::{Field, NaclEntryExists, MAX_NACL_RULE_NUMBER};
use sglab_engine::ids::{NetworkAclId, SubnetId, VpcId};
use sglab_engine::{Direction, Edit, EditError, IcmpMatch, NaclEntry, Network, NetworkAcl, RuleAction, Traffic};

/// The console's message for a rule number it cannot take.
pub const RULE_NUMBER_MESSAGE: &str = "Rule number must be a whole number from 1 to 32766";
/// The console's message for a Source or Destination that is not a CIDR block.
pub const CIDR_MESSAGE: &str = "Enter a valid CIDR block, such as 10.0.0.0/16 or 1.2.3.4/32";

/// One row of the Inbound rules / Outbound rules page, as the user typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryDraft {
    pub rule_number: String,
    pub rule_type: RuleType,
    /// Custom protocol: the protocol number. Custom ICMP: the ICMP type.
    pub protocol: String,
    /// Custom TCP/UDP: `443` or `1024-65535`. Custom ICMP: the code.
    pub port_range: String,
    /// The Source of an inbound rule, the Destination of an outbound one.
    pub cidr: String,
    pub action: RuleAction,
}

impl EntryDraft {
    /// A new row as "Add new rule" gives it: Custom TCP, Allow, nothing typed.
    pub fn new() -> Self {
        EntryDraft {
            rule_number: String::new(),
            rule_type: RuleType::CustomTcp,
            protocol: String::new(),
            port_range: String::new(),
            cidr: String::new(),
            action: RuleAction::Allow,
        }
    }

    /// The row that shows an existing entry.
    pub fn from_entry(entry: &NaclEntry) -> Self {
        // The security group form's row knows how to show the traffic of a rule.
        let shown = RuleDraft::from_spec(&sglab_engine::edit::RuleSpec {
            traffic: entry.traffic,
            peer: sglab_engine::Peer::Cidr(entry.cidr),
            description: None,
        });
        EntryDraft {
            rule_number: entry.rule_number.to_string(),
            rule_type: shown.rule_type,
            protocol: shown.protocol,
            port_range: shown.port_range,
            cidr: entry.cidr.to_string(),
            action: entry.action,
        }
    }

    /// As a security group row, for the parts both forms share (Type, Protocol, Port range).
    fn as_rule_draft(&self) -> RuleDraft {
        RuleDraft {
            rule_type: self.rule_type,
            protocol: self.protocol.clone(),
            port_range: self.port_range.clone(),
            source_type: SourceType::AnywhereIpv4,
            source: String::new(),
            description: String::new(),
        }
    }

    /// Changes the Type the way the console does (fields the type fixes are filled,
    /// what was typed is kept when the new type uses it the same way).
    pub fn set_type(&mut self, rule_type: RuleType) {
        let mut shared = self.as_rule_draft();
        crate::groups::form::set_type(&mut shared, rule_type);
        self.rule_type = shared.rule_type;
        self.protocol = shared.protocol;
        self.port_range = shared.port_range;
    }

    /// What the Protocol field shows, and whether it can be typed in.
    pub fn protocol_cell(&self) -> (String, bool) {
        let (text, editable) = crate::groups::form::protocol_cell(&self.as_rule_draft());
        if editable {
            return (text, true);
        }
        match self.rule_type.preset().protocol {
            Some(p) => (protocol_text(traffic_of_protocol(p)), false),
            None => (text, false),
        }
    }

    /// What the Port range field shows, and whether it can be typed in.
    pub fn port_cell(&self) -> (String, bool) {
        crate::groups::form::port_cell(&self.as_rule_draft())
    }

    /// The entry this row describes, or a message for each field that is wrong.
    pub fn parse(&self, network: &Network, vpc_id: &VpcId) -> Result<NaclEntry, Vec<(Field, String)>> {
        let mut errors = vec![];
        let rule_number = parse_rule_number(&self.rule_number).map_err(|m| errors.push((Field::RuleNumber, m))).ok();
        let traffic = match self.as_rule_draft().parse(network, vpc_id) {
            Ok(spec) => Some(spec.traffic),
            Err(es) => {
                errors.extend(es.into_iter().map(|e| (e.field, e.message)));
                None
            }
        };
        let cidr = parse_cidr(&self.cidr).map_err(|m| errors.push((Field::Cidr, m))).ok();
        match (rule_number, traffic, cidr) {
            (Some(rule_number), Some(traffic), Some(cidr)) if errors.is_empty() => {
                Ok(NaclEntry { rule_number, action: self.action, traffic, cidr })
            }
            _ => Err(errors),
        }
    }
}

impl Default for EntryDraft {
    fn default() -> Self {
        EntryDraft::new()
    }
}

/// `100`: a rule number from 1 to 32766.
pub fn parse_rule_number(text: &str) -> Result<u16, String> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RULE_NUMBER_MESSAGE.into());
    }
    match text.parse::<u32>() {
        Ok(n) if (1..=u32::from(MAX_NACL_RULE_NUMBER)).contains(&n) => {
            u16::try_from(n).map_err(|_| RULE_NUMBER_MESSAGE.into())
        }
        _ => Err(format!("Rule number {text} is out of range: use 1 to {MAX_NACL_RULE_NUMBER}")),
    }
}

/// `10.1.2.0/24`, `0.0.0.0/0`, `::/0`. A bare address is taken as itself alone (/32, /128).
pub fn parse_cidr(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CIDR_MESSAGE.into());
    }
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net);
    }
    text.parse::<std::net::IpAddr>().map(IpNet::from).map_err(|_| CIDR_MESSAGE.into())
}

fn traffic_of_protocol(p: sglab_engine::Protocol) -> Traffic {
    use sglab_engine::{PortRange, Protocol};
    match p {
        Protocol::Tcp => Traffic::Tcp(PortRange::ALL),
        Protocol::Udp => Traffic::Udp(PortRange::ALL),
        Protocol::Icmp => Traffic::Icmp(IcmpMatch::AllTypes),
        Protocol::Icmpv6 => Traffic::Icmpv6(IcmpMatch::AllTypes),
        Protocol::All => Traffic::All,
        Protocol::Number(n) => Traffic::Other(n),
    }
}

/// The Protocol column as the network ACL console shows it: `TCP (6)`, `UDP (17)`,
/// `ICMP (1)`, `IPv6-ICMP (58)`, `All`, or the protocol number.
pub fn protocol_text(traffic: Traffic) -> String {
    match traffic {
        Traffic::All => "All".into(),
        Traffic::Tcp(_) => "TCP (6)".into(),
        Traffic::Udp(_) => "UDP (17)".into(),
        Traffic::Icmp(_) => "ICMP (1)".into(),
        Traffic::Icmpv6(_) => "IPv6-ICMP (58)".into(),
        Traffic::Other(n) => n.to_string(),
    }
}

/// One line of an Inbound rules / Outbound rules table of an ACL's details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryLine {
    /// The number, or `*` for the final rule.
    pub rule_number: String,
    pub rule_type: String,
    pub protocol: String,
    pub ports: String,
    pub cidr: String,
    pub action: RuleAction,
}

/// The entries of one direction as the console lists them: by rule number, then the
/// final `*` rule (one for IPv4, and one for IPv6 when the VPC has IPv6), which denies
/// whatever no numbered rule matched and cannot be removed.
pub fn entry_lines(network: &Network, acl: &NetworkAcl, direction: Direction) -> Vec<EntryLine> {
    let entries = match direction {
        Direction::Inbound => &acl.inbound,
        Direction::Outbound => &acl.outbound,
    };
    let mut sorted: Vec<&NaclEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.rule_number);
    let mut lines: Vec<EntryLine> = sorted
        .into_iter()
        .map(|e| EntryLine {
            rule_number: e.rule_number.to_string(),
            rule_type: console::preset_for(e.traffic).label().to_owned(),
            protocol: protocol_text(e.traffic),
            ports: console::port_range_text(e.traffic),
            cidr: e.cidr.to_string(),
            action: e.action,
        })
        .collect();
    let star = |cidr: &str| EntryLine {
        rule_number: "*".into(),
        rule_type: RuleType::AllTraffic.label().to_owned(),
        protocol: "All".into(),
        ports: "All".into(),
        cidr: cidr.into(),
        action: RuleAction::Deny,
    };
    lines.push(star("0.0.0.0/0"));
    if network.vpc(&acl.vpc_id).is_some_and(|v| !v.ipv6_cidr_blocks.is_empty()) {
        lines.push(star("::/0"));
    }
    lines
}

/// The subnets a network ACL serves: those associated with it, and for the VPC's
/// default ACL every subnet of the VPC associated with no other.
pub fn served_subnets(network: &Network, acl: &NetworkAcl) -> Vec<SubnetId> {
    network
        .subnets
        .iter()
        .filter(|s| network.network_acl_for(s).is_some_and(|a| a.id == acl.id))
        .map(|s| s.id.clone())
        .collect()
}

/// A subnet as the console names it: `subnet-… / public-subnet`.
pub fn subnet_label(network: &Network, subnet_id: &SubnetId) -> String {
    match network.subnets.iter().find(|s| &s.id == subnet_id).and_then(|s| sglab_engine::name_tag(&s.tags)) {
        Some(name) => format!("{subnet_id} / {name}"),
        None => subnet_id.to_string(),
    }
}

/// The field of an entry row an API error is about (the API's Source is the row's CIDR).
fn entry_field(field: Option<Field>) -> Option<Field> {
    match field? {
        Field::Source | Field::Cidr => Some(Field::Cidr),
        f @ (Field::RuleNumber | Field::Protocol | Field::PortRange) => Some(f),
        _ => None,
    }
}

/// One row of the rules page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRow {
    /// Stable for the life of the row in the page.
    pub key: u64,
    pub draft: EntryDraft,
}

impl EntryRow {
    pub fn new(keys: &mut Keys) -> Self {
        EntryRow { key: keys.fresh(), draft: EntryDraft::new() }
    }
}

/// "Edit inbound rules" / "Edit outbound rules" of one network ACL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntriesForm {
    pub acl_id: NetworkAclId,
    pub direction: Direction,
    pub rows: Vec<EntryRow>,
}

impl EntriesForm {
    /// The page filled with the ACL's numbered rules, lowest first.
    pub fn for_acl(network: &Network, acl_id: &NetworkAclId, direction: Direction, keys: &mut Keys) -> Self {
        let rows = network
            .network_acls
            .iter()
            .find(|a| &a.id == acl_id)
            .map(|acl| {
                let mut entries: Vec<&NaclEntry> = entries_of(acl, direction).iter().collect();
                entries.sort_by_key(|e| e.rule_number);
                entries.into_iter().map(|e| EntryRow { key: keys.fresh(), draft: EntryDraft::from_entry(e) }).collect()
            })
            .unwrap_or_default();
        EntriesForm { acl_id: acl_id.clone(), direction, rows }
    }

    /// The API calls that make the ACL's entries what the rows say: deletes for the
    /// rule numbers no row keeps, replaces for numbers kept with other contents,
    /// creates for new numbers. No call when nothing changed. Tried on a copy of the
    /// network first: every message of the page, or the calls.
    pub fn plan(&self, network: &Network) -> Result<Vec<Edit>, Vec<FormError>> {
        let Some(acl) = network.network_acls.iter().find(|a| a.id == self.acl_id) else {
            return Err(vec![FormError {
                place: Place::Form,
                code: Some("InvalidNetworkAclID.NotFound"),
                message: format!("The network ACL '{}' does not exist", self.acl_id),
            }]);
        };
        let egress = self.direction == Direction::Outbound;
        let mut errors = vec![];
        let mut parsed: Vec<(u64, NaclEntry)> = vec![];
        // A number already used by a row above, whatever else is wrong in either row.
        let mut numbers: Vec<u16> = vec![];
        for row in &self.rows {
            let duplicate = match parse_rule_number(&row.draft.rule_number) {
                Ok(n) if numbers.contains(&n) => Some(n),
                Ok(n) => {
                    numbers.push(n);
                    None
                }
                Err(_) => None,
            };
            if let Some(rule_number) = duplicate {
                let refusal =
                    EditError::NaclEntryExists(NaclEntryExists { acl_id: acl.id.clone(), egress, rule_number });
                let place = Place::Row { direction: self.direction, key: row.key, field: Some(Field::RuleNumber) };
                errors.push(FormError::refused(place, &refusal));
            }
            match row.draft.parse(network, &acl.vpc_id) {
                Ok(entry) if duplicate.is_none() => parsed.push((row.key, entry)),
                Ok(_) => {}
                Err(es) => errors.extend(es.into_iter().map(|(field, message)| {
                    FormError::new(Place::Row { direction: self.direction, key: row.key, field: Some(field) }, message)
                })),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let current = entries_of(acl, self.direction);
        let mut edits: Vec<(Option<u64>, Edit)> = current
            .iter()
            .filter(|e| !parsed.iter().any(|(_, p)| p.rule_number == e.rule_number))
            .map(|e| (None, Edit::DeleteNetworkAclEntry { acl_id: acl.id.clone(), egress, rule_number: e.rule_number }))
            .collect();
        for (key, entry) in parsed {
            match current.iter().find(|e| e.rule_number == entry.rule_number) {
                Some(existing) if *existing == entry => {}
                Some(_) => {
                    edits.push((Some(key), Edit::ReplaceNetworkAclEntry { acl_id: acl.id.clone(), egress, entry }))
                }
                None => edits.push((Some(key), Edit::CreateNetworkAclEntry { acl_id: acl.id.clone(), egress, entry })),
            }
        }
        if let Err(refused) = sglab_engine::edit::apply_all(network, edits.iter().map(|(_, edit)| edit)) {
            let e = refused.error;
            let place = match edits.get(refused.index).and_then(|(key, _)| *key) {
                Some(key) => Place::Row { direction: self.direction, key, field: entry_field(e.field()) },
                None => Place::Form,
            };
            return Err(vec![FormError::refused(place, &e)]);
        }
        Ok(edits.into_iter().map(|(_, edit)| edit).collect())
    }
}

fn entries_of(acl: &NetworkAcl, direction: Direction) -> &[NaclEntry] {
    match direction {
        Direction::Inbound => &acl.inbound,
        Direction::Outbound => &acl.outbound,
    }
}

/// "Create network ACL": a Name tag and a VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateAclForm {
    pub name: String,
    pub vpc_id: VpcId,
}

impl CreateAclForm {
    /// An empty form for the network's first VPC.
    pub fn new(network: &Network) -> Self {
        let vpc_id = network.vpcs.first().map(|v| v.id.clone()).unwrap_or_else(|| VpcId::new(""));
        CreateAclForm { name: String::new(), vpc_id }
    }

    /// The edit that creates the ACL and the id it will have, checked on a copy.
    pub fn plan(&self, network: &Network) -> Result<(Edit, NetworkAclId), Vec<FormError>> {
        if network.vpc(&self.vpc_id).is_none() {
            return Err(vec![FormError::new(Place::Vpc, "Choose a VPC")]);
        }
        let name = self.name.trim();
        let edit =
            Edit::CreateNetworkAcl { vpc_id: self.vpc_id.clone(), name: (!name.is_empty()).then(|| name.to_owned()) };
        match network.try_edit(&edit) {
            Ok(applied) => match applied.network_acl().cloned() {
                Some(id) => Ok((edit, id)),
                None => Err(vec![FormError {
                    place: Place::Form,
                    code: None,
                    message: "The network ACL was not created".into(),
                }]),
            },
            Err(e) => {
                let place = match e.field() {
                    Some(Field::Tags | Field::Name) => Place::Field(Field::Name),
                    _ => Place::Form,
                };
                Err(vec![FormError::refused(place, &e)])
            }
        }
    }
}

/// One subnet of "Edit subnet associations".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetChoice {
    pub subnet_id: SubnetId,
    pub label: String,
    pub cidr: String,
    /// The ACL that serves it now (this one or another), as `acl-… / name`.
    pub current_acl: String,
    /// Ticked: served by this ACL.
    pub chosen: bool,
    /// A subnet served by the default ACL cannot be unticked there: every subnet has
    /// an ACL, and the way off the default is to associate another.
    pub locked: bool,
}

/// "Edit subnet associations" of one network ACL: the subnets of its VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssociationsForm {
    pub acl_id: NetworkAclId,
    pub subnets: Vec<SubnetChoice>,
}

/// An ACL as the console names it: `acl-… / public-acl`.
pub fn acl_label(acl: &NetworkAcl) -> String {
    match sglab_engine::name_tag(&acl.tags) {
        Some(name) if !name.is_empty() => format!("{} / {name}", acl.id),
        _ => acl.id.to_string(),
    }
}

impl AssociationsForm {
    pub fn for_acl(network: &Network, acl_id: &NetworkAclId) -> Self {
        let Some(acl) = network.network_acls.iter().find(|a| &a.id == acl_id) else {
            return AssociationsForm { acl_id: acl_id.clone(), subnets: vec![] };
        };
        let subnets = network
            .subnets
            .iter()
            .filter(|s| s.vpc_id == acl.vpc_id)
            .map(|s| {
                let serving = network.network_acl_for(s);
                let chosen = serving.is_some_and(|a| a.id == acl.id);
                SubnetChoice {
                    subnet_id: s.id.clone(),
                    label: subnet_label(network, &s.id),
                    cidr: s.cidr_block.to_string(),
                    current_acl: serving.map(acl_label).unwrap_or_else(|| "–".into()),
                    chosen,
                    locked: chosen && acl.is_default,
                }
            })
            .collect();
        AssociationsForm { acl_id: acl_id.clone(), subnets }
    }

    /// Ticks or unticks a subnet (a locked one stays ticked).
    pub fn set(&mut self, subnet_id: &SubnetId, chosen: bool) {
        if let Some(s) = self.subnets.iter_mut().find(|s| &s.subnet_id == subnet_id) {
            if !s.locked {
                s.chosen = chosen;
            }
        }
    }

    /// `ReplaceNetworkAclAssociation` for each subnet newly ticked, and for each one
    /// unticked a return to the VPC's default ACL, as AWS does when a subnet is
    /// disassociated. Tried on a copy first.
    pub fn plan(&self, network: &Network) -> Result<Vec<Edit>, Vec<FormError>> {
        let Some(acl) = network.network_acls.iter().find(|a| a.id == self.acl_id) else {
            return Err(vec![FormError {
                place: Place::Form,
                code: Some("InvalidNetworkAclID.NotFound"),
                message: format!("The network ACL '{}' does not exist", self.acl_id),
            }]);
        };
        let default = network.network_acls.iter().find(|a| a.is_default && a.vpc_id == acl.vpc_id);
        let mut edits = vec![];
        for choice in &self.subnets {
            let Some(subnet) = network.subnets.iter().find(|s| s.id == choice.subnet_id) else { continue };
            let served_here = network.network_acl_for(subnet).is_some_and(|a| a.id == acl.id);
            match (choice.chosen, served_here) {
                (true, false) => edits
                    .push(Edit::ReplaceNetworkAclAssociation { subnet_id: subnet.id.clone(), acl_id: acl.id.clone() }),
                (false, true) if !acl.is_default => match default {
                    Some(d) => edits.push(Edit::ReplaceNetworkAclAssociation {
                        subnet_id: subnet.id.clone(),
                        acl_id: d.id.clone(),
                    }),
                    None => {
                        return Err(vec![FormError {
                            place: Place::Form,
                            code: None,
                            message: format!(
                                "The VPC {} has no default network ACL to serve {} instead",
                                acl.vpc_id, choice.label
                            ),
                        }])
                    }
                },
                _ => {}
            }
        }
        if let Err(refused) = sglab_engine::edit::apply_all(network, &edits) {
            return Err(vec![FormError::refused(Place::Form, &refused.error)]);
        }
        Ok(edits)
    }
}

#[cfg(test)]
mod tests;
