//! The Security groups forms as plain data: the rows of "Create security group" and
//! of "Edit inbound rules" / "Edit outbound rules", and how they become [`Edit`]s.
//!
//! Nothing here knows Leptos; the components keep one of these per open form and ask
//! it for the edits when the user submits. Every check is made before anything is
//! applied, and messages come back per field ([`Place`]) so the form can show each
//! one next to what the user typed, keeping every row as it was.
//!
//! Creating a group is two or three AWS calls (create, then set its inbound and
//! outbound rules). [`GroupForm::plan`] runs them all on a copy of the network first,
//! so a group is created only when its rules are accepted too.

use crate::ui::{FormError, Place};
use sglab_engine::console::{self, Editable, RuleDraft, RuleType, SourceType};
use sglab_engine::edit::{Field, RuleSpec};
use sglab_engine::ids::{SecurityGroupId, SecurityGroupRuleId, VpcId};
use sglab_engine::{Direction, Edit, EditError, Network, Peer, Tag, Traffic};

/// What "My IP" stands for in the lab: the chapter's web browser. A page with no
/// server cannot learn the address people browse from, and the lab's internet is
/// the chapter's anyway.
pub const MY_IP: &str = "1.2.3.4/32";

/// Hands out row keys: stable for the life of a row, never reused in a form.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    next: u64,
}

impl Keys {
    /// Keys after every one of `used` (for a form restored from its rows).
    pub fn after(used: impl IntoIterator<Item = u64>) -> Self {
        Keys { next: used.into_iter().max().unwrap_or_default() }
    }

    pub fn fresh(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

/// One row of an Inbound rules / Outbound rules table.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleRow {
    pub key: u64,
    /// The rule this row shows, on an "Edit … rules" page; `None` for a new row.
    pub rule_id: Option<SecurityGroupRuleId>,
    pub draft: RuleDraft,
}

impl RuleRow {
    pub fn new(keys: &mut Keys) -> Self {
        RuleRow { key: keys.fresh(), rule_id: None, draft: RuleDraft::new(RuleType::default()) }
    }
}

/// One row of the Tags section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagRow {
    pub key: u64,
    pub tag_key: String,
    pub value: String,
}

/// An API refusal of a group edit, at the field it names; `rows` are the direction
/// and the row keys of the rules the edit was about, so that a rule's error is shown
/// on its row.
fn api_error(error: &EditError, rows: Option<(Direction, &[u64])>) -> FormError {
    let place = match (error.row(), rows) {
        (Some(i), Some((direction, keys))) if i < keys.len() => {
            Place::Row { direction, key: keys[i], field: error.field().filter(|f| is_rule_field(*f)) }
        }
        _ => match (error.field(), rows) {
            (Some(Field::Name), _) => Place::Field(Field::Name),
            (Some(Field::Description), None) => Place::Field(Field::Description),
            (Some(Field::Tags), _) => Place::Field(Field::Tags),
            (Some(Field::Rules), Some((direction, _))) => Place::Rules(direction),
            _ => Place::Form,
        },
    };
    FormError::refused(place, error)
}

/// The fields of a rule row an API error can be about.
fn is_rule_field(field: Field) -> bool {
    matches!(field, Field::Protocol | Field::PortRange | Field::Source | Field::Description)
}

/// Changes a row's Type the way the console does: the fields the new type fixes are
/// filled, and what was typed is kept when the new type uses it the same way.
pub fn set_type(draft: &mut RuleDraft, rule_type: RuleType) {
    if draft.rule_type == rule_type {
        return;
    }
    let same_use = draft.rule_type.editable() == rule_type.editable() && rule_type.editable() != Editable::Nothing;
    let fresh = RuleDraft::new(rule_type);
    draft.rule_type = rule_type;
    if !same_use {
        draft.protocol = fresh.protocol;
        draft.port_range = fresh.port_range;
    }
}

/// What the Protocol field shows, and whether it can be typed in.
pub fn protocol_cell(draft: &RuleDraft) -> (String, bool) {
    match draft.rule_type.editable() {
        Editable::IcmpTypeCode | Editable::ProtocolNumber => (draft.protocol.clone(), true),
        Editable::PortRange | Editable::Nothing => {
            let text = match draft.rule_type.preset().protocol {
                Some(p) => protocol_label(p),
                None => String::new(),
            };
            (text, false)
        }
    }
}

fn protocol_label(p: sglab_engine::Protocol) -> String {
    use sglab_engine::{IcmpMatch, PortRange, Protocol};
    let traffic = match p {
        Protocol::Tcp => Traffic::Tcp(PortRange::ALL),
        Protocol::Udp => Traffic::Udp(PortRange::ALL),
        Protocol::Icmp => Traffic::Icmp(IcmpMatch::AllTypes),
        Protocol::Icmpv6 => Traffic::Icmpv6(IcmpMatch::AllTypes),
        Protocol::All => Traffic::All,
        Protocol::Number(n) => Traffic::Other(n),
    };
    console::protocol_text(traffic)
}

/// What the Port range field shows, and whether it can be typed in.
pub fn port_cell(draft: &RuleDraft) -> (String, bool) {
    match draft.rule_type.editable() {
        Editable::PortRange | Editable::IcmpTypeCode => (draft.port_range.clone(), true),
        Editable::ProtocolNumber => ("All".into(), false),
        Editable::Nothing => (draft.rule_type.fixed_traffic().map(console::port_range_text).unwrap_or_default(), false),
    }
}

/// What the Source (Destination) field shows, and whether it can be typed in. The
/// text typed for Custom is kept while another source type is chosen.
pub fn source_cell(draft: &RuleDraft) -> (String, bool) {
    match draft.source_type {
        SourceType::Custom => (draft.source.clone(), true),
        SourceType::AnywhereIpv4 => ("0.0.0.0/0".into(), false),
        SourceType::AnywhereIpv6 => ("::/0".into(), false),
        SourceType::MyIp => (MY_IP.into(), false),
    }
}

/// The row as the engine parses it (My IP filled in).
fn parsed(draft: &RuleDraft, network: &Network, vpc_id: &VpcId) -> Result<RuleSpec, Vec<console::FieldError>> {
    if draft.source_type == SourceType::MyIp {
        let mut d = draft.clone();
        d.source = MY_IP.into();
        return d.parse(network, vpc_id);
    }
    draft.parse(network, vpc_id)
}

/// Parses every row; messages for every field that is wrong, in every row.
fn parse_rows(
    rows: &[RuleRow],
    direction: Direction,
    network: &Network,
    vpc_id: &VpcId,
) -> Result<Vec<(Option<SecurityGroupRuleId>, RuleSpec)>, Vec<FormError>> {
    let mut specs = vec![];
    let mut errors = vec![];
    for row in rows {
        match parsed(&row.draft, network, vpc_id) {
            Ok(spec) => specs.push((row.rule_id.clone(), spec)),
            Err(e) => errors.extend(
                e.into_iter()
                    .map(|e| FormError::new(Place::Row { direction, key: row.key, field: Some(e.field) }, e.message)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(specs)
    } else {
        Err(errors)
    }
}

/// The console's warnings for one row (SSH or RDP open to anywhere).
pub fn warnings(draft: &RuleDraft, direction: Direction, network: &Network, vpc_id: &VpcId) -> Vec<String> {
    parsed(draft, network, vpc_id).map(|spec| console::warnings(direction, &spec)).unwrap_or_default()
}

/// The console's warnings, per row key.
pub fn row_warnings(rows: &[RuleRow], direction: Direction, network: &Network, vpc_id: &VpcId) -> Vec<(u64, String)> {
    rows.iter()
        .flat_map(|row| warnings(&row.draft, direction, network, vpc_id).into_iter().map(move |w| (row.key, w)))
        .collect()
}

/// The "Create security group" page.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupForm {
    pub name: String,
    pub description: String,
    pub vpc_id: VpcId,
    pub inbound: Vec<RuleRow>,
    pub outbound: Vec<RuleRow>,
    pub tags: Vec<TagRow>,
}

/// What submitting "Create security group" does: create the group, then set its rules.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatePlan {
    pub create: Edit,
    /// The id the group gets (ids are deterministic: the same edit on the same network).
    pub group_id: SecurityGroupId,
    /// Rule edits for the new group, in order.
    pub then: Vec<Edit>,
}

impl CreatePlan {
    /// The rule edits for the group as actually created.
    pub fn rule_edits_for(&self, group_id: &SecurityGroupId) -> Vec<Edit> {
        self.then
            .iter()
            .cloned()
            .map(|edit| match edit {
                Edit::SetSecurityGroupRules { direction, rules, .. } => {
                    Edit::SetSecurityGroupRules { group_id: group_id.clone(), direction, rules }
                }
                other => other,
            })
            .collect()
    }
}

/// The default outbound rows the console shows on a new group: all traffic to
/// 0.0.0.0/0, and to ::/0 when the VPC has IPv6.
pub fn default_outbound(network: &Network, vpc_id: &VpcId, keys: &mut Keys) -> Vec<RuleRow> {
    let mut rows = vec![RuleRow {
        key: keys.fresh(),
        rule_id: None,
        draft: RuleDraft { source: "0.0.0.0/0".into(), ..RuleDraft::new(RuleType::AllTraffic) },
    }];
    if network.vpc(vpc_id).is_some_and(|v| !v.ipv6_cidr_blocks.is_empty()) {
        rows.push(RuleRow {
            key: keys.fresh(),
            rule_id: None,
            draft: RuleDraft { source: "::/0".into(), ..RuleDraft::new(RuleType::AllTraffic) },
        });
    }
    rows
}

impl GroupForm {
    /// An empty form for the network's first VPC, with the default outbound rule.
    pub fn new(network: &Network, keys: &mut Keys) -> Self {
        let vpc_id = network.vpcs.first().map(|v| v.id.clone()).unwrap_or_else(|| VpcId::new(""));
        let outbound = default_outbound(network, &vpc_id, keys);
        GroupForm { name: String::new(), description: String::new(), vpc_id, inbound: vec![], outbound, tags: vec![] }
    }

    fn tags(&self) -> Vec<Tag> {
        self.tags
            .iter()
            .filter(|t| !(t.tag_key.is_empty() && t.value.is_empty()))
            .map(|t| Tag { key: t.tag_key.clone(), value: t.value.clone() })
            .collect()
    }

    /// Checks everything and says what to apply, or every message to show. Nothing
    /// is applied to `network`: the edits are tried on a copy.
    pub fn plan(&self, network: &Network) -> Result<CreatePlan, Vec<FormError>> {
        let mut errors = vec![];
        if network.vpc(&self.vpc_id).is_none() {
            errors.push(FormError::new(Place::Vpc, "Choose a VPC"));
        }
        let create = Edit::CreateSecurityGroup {
            vpc_id: self.vpc_id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            tags: self.tags(),
        };
        let mut trial = network.clone();
        let group_id = match trial.apply(&create) {
            Ok(applied) => applied.security_group().cloned(),
            Err(e) => {
                if errors.is_empty() {
                    errors.push(api_error(&e, None));
                }
                None
            }
        };
        // Rows may name the new group itself: parse them against the network with it.
        let inbound = parse_rows(&self.inbound, Direction::Inbound, &trial, &self.vpc_id);
        let outbound = parse_rows(&self.outbound, Direction::Outbound, &trial, &self.vpc_id);
        let (inbound, outbound, group_id) = match (inbound, outbound, group_id) {
            (Ok(i), Ok(o), Some(g)) if errors.is_empty() => (i, o, g),
            (i, o, _) => {
                errors.extend(i.err().unwrap_or_default());
                errors.extend(o.err().unwrap_or_default());
                return Err(errors);
            }
        };
        let mut then = vec![];
        if !inbound.is_empty() {
            then.push(Edit::SetSecurityGroupRules {
                group_id: group_id.clone(),
                direction: Direction::Inbound,
                rules: inbound,
            });
        }
        // The new group already has the default outbound rules: rows equal to one keep its id.
        let defaults: Vec<(SecurityGroupRuleId, RuleSpec)> = trial
            .security_group(&group_id)
            .map(|g| g.outbound.iter().map(|r| (r.id.clone(), RuleSpec::from(r))).collect())
            .unwrap_or_default();
        let mut unused = defaults.clone();
        let outbound: Vec<(Option<SecurityGroupRuleId>, RuleSpec)> = outbound
            .into_iter()
            .map(|(_, spec)| match unused.iter().position(|(_, s)| *s == spec) {
                Some(i) => (Some(unused.remove(i).0), spec),
                None => (None, spec),
            })
            .collect();
        let unchanged = outbound.len() == defaults.len()
            && outbound.iter().zip(&defaults).all(|((id, _), (d, _))| id.as_ref() == Some(d));
        if !unchanged {
            then.push(Edit::SetSecurityGroupRules {
                group_id: group_id.clone(),
                direction: Direction::Outbound,
                rules: outbound,
            });
        }
        for edit in &then {
            if let Err(e) = trial.apply(edit) {
                let (direction, rows) = match edit {
                    Edit::SetSecurityGroupRules { direction: Direction::Outbound, .. } => {
                        (Direction::Outbound, &self.outbound)
                    }
                    _ => (Direction::Inbound, &self.inbound),
                };
                let keys: Vec<u64> = rows.iter().map(|r| r.key).collect();
                return Err(vec![api_error(&e, Some((direction, &keys)))]);
            }
        }
        Ok(CreatePlan { create, group_id, then })
    }
}

/// The "Edit inbound rules" / "Edit outbound rules" page.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesForm {
    pub group_id: SecurityGroupId,
    pub direction: Direction,
    pub rows: Vec<RuleRow>,
}

impl RulesForm {
    /// The page filled with the group's rules, one row each.
    pub fn for_group(network: &Network, group_id: &SecurityGroupId, direction: Direction, keys: &mut Keys) -> Self {
        let rows = network
            .security_group(group_id)
            .map(|g| {
                g.rules(direction)
                    .iter()
                    .map(|r| RuleRow {
                        key: keys.fresh(),
                        rule_id: Some(r.id.clone()),
                        draft: RuleDraft::from_spec(&RuleSpec::from(r)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        RulesForm { group_id: group_id.clone(), direction, rows }
    }

    /// The edit that saves the page, checked on a copy of the network.
    pub fn to_edit(&self, network: &Network) -> Result<Edit, Vec<FormError>> {
        let Some(group) = network.security_group(&self.group_id) else {
            return Err(vec![FormError {
                place: Place::Form,
                code: Some("InvalidGroup.NotFound"),
                message: format!("The security group '{}' does not exist", self.group_id),
            }]);
        };
        let rules = parse_rows(&self.rows, self.direction, network, &group.vpc_id)?;
        let edit = Edit::SetSecurityGroupRules { group_id: self.group_id.clone(), direction: self.direction, rules };
        match network.try_edit(&edit) {
            Ok(_) => Ok(edit),
            Err(e) => {
                let keys: Vec<u64> = self.rows.iter().map(|r| r.key).collect();
                Err(vec![api_error(&e, Some((self.direction, &keys)))])
            }
        }
    }
}

/// The Source / Destination column of a rule: a CIDR, `sg-… / name`, or a prefix list.
pub fn peer_text(network: &Network, peer: &Peer) -> String {
    match peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::SecurityGroup(id) => match network.security_group(id) {
            Some(g) => format!("{id} / {}", g.name),
            None => id.to_string(),
        },
        Peer::PrefixList(id) => id.to_string(),
    }
}

/// The IP version column: IPv4, IPv6, or a dash for group and prefix list peers.
pub fn ip_version(peer: &Peer) -> &'static str {
    match peer {
        Peer::Cidr(c) if c.addr().is_ipv4() => "IPv4",
        Peer::Cidr(_) => "IPv6",
        _ => "–",
    }
}

/// "Manage tags" of an existing group: its tags as rows, and the edits that make the
/// group's tags what the rows say.
#[derive(Clone, Debug, PartialEq)]
pub struct TagsForm {
    pub group_id: SecurityGroupId,
    pub rows: Vec<TagRow>,
}

impl TagsForm {
    pub fn for_group(network: &Network, group_id: &SecurityGroupId, keys: &mut Keys) -> Self {
        let rows = network
            .security_group(group_id)
            .map(|g| {
                g.tags
                    .iter()
                    .map(|t| TagRow { key: keys.fresh(), tag_key: t.key.clone(), value: t.value.clone() })
                    .collect()
            })
            .unwrap_or_default();
        TagsForm { group_id: group_id.clone(), rows }
    }

    /// `DeleteTags` for the keys no row keeps, then `CreateTags` for what is new or
    /// changed (CreateTags overwrites a key's value, as in AWS); no edit when nothing
    /// changed. Tried on a copy: AWS's refusals come back as the Tags section's messages.
    pub fn plan(&self, network: &Network) -> Result<Vec<Edit>, Vec<FormError>> {
        let Some(group) = network.security_group(&self.group_id) else {
            return Err(vec![FormError {
                place: Place::Form,
                code: None,
                message: format!("The security group '{}' does not exist", self.group_id),
            }]);
        };
        let wanted: Vec<Tag> = self
            .rows
            .iter()
            .filter(|t| !(t.tag_key.is_empty() && t.value.is_empty()))
            .map(|t| Tag { key: t.tag_key.clone(), value: t.value.clone() })
            .collect();
        let mut edits = vec![];
        let removed: Vec<String> =
            group.tags.iter().filter(|t| !wanted.iter().any(|w| w.key == t.key)).map(|t| t.key.clone()).collect();
        if !removed.is_empty() {
            edits.push(Edit::DeleteTags { resource_id: self.group_id.to_string(), keys: removed });
        }
        let set: Vec<Tag> = wanted.into_iter().filter(|w| !group.tags.contains(w)).collect();
        if !set.is_empty() {
            edits.push(Edit::CreateTags { resource_id: self.group_id.to_string(), tags: set });
        }
        if let Err(refused) = sglab_engine::edit::apply_all(network, &edits) {
            let mut error = api_error(&refused.error, None);
            if error.place == Place::Form {
                error.place = Place::Field(Field::Tags);
            }
            return Err(vec![error]);
        }
        Ok(edits)
    }
}

#[cfg(test)]
mod tests;
