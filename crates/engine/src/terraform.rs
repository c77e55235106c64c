//! The network as Terraform (HCL for the `hashicorp/aws` provider, version 5 or later),
//! so a lab can be built for real.
//!
//! Written: `aws_vpc` (and `aws_vpc_ipv4_cidr_block_association` for secondary
//! blocks), `aws_subnet`, `aws_internet_gateway`, route tables (`aws_default_route_table`
//! for a VPC's main table, `aws_route_table` and `aws_route_table_association` for the
//! others), network ACLs (`aws_default_network_acl`, `aws_network_acl`), and security
//! groups (`aws_security_group`, or `aws_default_security_group` for a VPC's `default`
//! group) with one `aws_vpc_security_group_ingress_rule` /
//! `aws_vpc_security_group_egress_rule` per rule. A rule that names another group of
//! the lab refers to that group's resource, so Terraform orders their creation.
//!
//! Not written, and said so in a comment: instances, databases, load balancers and
//! their interfaces (they need images, engines and listeners the lab does not model),
//! and routes whose target is gone (a blackhole cannot be created).
//!
//! The file is laid out as `terraform fmt` lays it out (two spaces per level, the `=`
//! of consecutive one-line attributes lined up), so formatting it changes nothing.
//!
//! Two things differ from the lab by nature: an IPv6 block is assigned by AWS
//! (`assign_generated_ipv6_cidr_block`), and subnets take their IPv6 block from it
//! with `cidrsubnet`, at the same position as in the lab.

use crate::ids::{SecurityGroupId, SubnetId, VpcId};
use crate::model::*;
use crate::traffic::{IcmpMatch, Traffic};
use ipnet::IpNet;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// The whole network as one Terraform file.
pub fn to_terraform(network: &Network) -> String {
    Writer::new(network).write()
}

/// A string literal in HCL: quotes, backslashes and control characters escaped, and
/// template sequences (`${`, `%{`) doubled so that they stay literal text.
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Terraform's name for a resource: letters, digits, `_` and `-`, starting with a
/// letter or `_`.
fn resource_name(text: &str) -> String {
    let mut name: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '_' })
        .collect();
    let name_trimmed = name.trim_matches('_').to_owned();
    if !name_trimmed.is_empty() {
        name = name_trimmed;
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        name.insert_str(0, "r_");
    }
    name
}

/// One attribute on one line, as `terraform fmt` sees it: the key (the "lead") and
/// the value after the `=`.
struct Attribute {
    depth: usize,
    key: String,
    value: String,
}

impl Attribute {
    /// How many columns the line takes before its `=`, counted as `terraform fmt`
    /// counts them (hclwrite's `Tokens.Columns`): the indent, then the key's text in
    /// grapheme clusters.
    fn lead_columns(&self) -> usize {
        2 * self.depth + graphemes(&self.key)
    }
}

/// The number of characters a reader sees in `text`: its grapheme clusters, told
/// apart without a Unicode table by the code points that never start one (combining
/// marks, variation selectors, emoji skin tones, the zero-width joiner and what it
/// joins, and a flag's second regional indicator). Keys are resource arguments or tag
/// keys: exact for Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, CJK and emoji; in a
/// script whose marks are not listed here a key counts its marks, and `terraform fmt`
/// would move that run's `=` by as many columns.
fn graphemes(text: &str) -> usize {
    let mut count = 0;
    let mut joined = false;
    let mut open_flag = false;
    for c in text.chars() {
        let code = u32::from(c);
        let extends = matches!(
            code,
            0x0300..=0x036F
                | 0x0483..=0x0489
                | 0x0591..=0x05BD
                | 0x0610..=0x061A
                | 0x064B..=0x065F
                | 0x0E31
                | 0x0E34..=0x0E3A
                | 0x0E47..=0x0E4E
                | 0x1AB0..=0x1AFF
                | 0x1DC0..=0x1DFF
                | 0x200C
                | 0x20D0..=0x20FF
                | 0xFE00..=0xFE0F
                | 0xFE20..=0xFE2F
                | 0x1F3FB..=0x1F3FF
                | 0xE0020..=0xE007F
                | 0xE0100..=0xE01EF
        );
        let regional = (0x1F1E6..=0x1F1FF).contains(&code);
        if c == '\u{200D}' {
            joined = true;
        } else if extends {
            // Part of the cluster before it.
        } else if joined {
            // What a joiner joins belongs to the cluster before it.
            joined = false;
        } else if regional && open_flag {
            // A flag is two regional indicators.
            open_flag = false;
        } else {
            count += 1;
            open_flag = regional;
        }
    }
    count
}

struct Writer<'a> {
    net: &'a Network,
    out: String,
    /// One-line attributes not yet written: `terraform fmt` lines up the `=` of
    /// consecutive ones, so a run is written once a line of another kind ends it.
    run: Vec<Attribute>,
    taken: BTreeSet<String>,
    vpcs: HashMap<VpcId, String>,
    subnets: HashMap<SubnetId, String>,
    /// Each group's reference, `aws_security_group.web.id`.
    groups: HashMap<SecurityGroupId, String>,
    igws: HashMap<String, String>,
}

impl<'a> Writer<'a> {
    fn new(net: &'a Network) -> Self {
        Writer {
            net,
            out: String::new(),
            run: Vec::new(),
            taken: BTreeSet::new(),
            vpcs: HashMap::new(),
            subnets: HashMap::new(),
            groups: HashMap::new(),
            igws: HashMap::new(),
        }
    }

    /// A fresh name for a resource of this type, from the thing's name or id.
    fn name(&mut self, kind: &str, wanted: &str) -> String {
        let base = resource_name(wanted);
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(format!("{kind}.{name}")) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// A line that is not a one-line attribute: a block's first or last line, a
    /// comment, a blank line, or an attribute whose value goes on over several lines.
    /// It ends the run of attributes before it.
    fn line(&mut self, text: &str) {
        self.end_run();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// `key = value` on one line, `depth` blocks deep. `key` and `value` are HCL as written.
    fn attribute(&mut self, depth: usize, key: impl Into<String>, value: impl Into<String>) {
        self.run.push(Attribute { depth, key: key.into(), value: value.into() });
    }

    /// Writes the run of attributes, each `=` one column after the longest key of the
    /// run, as `terraform fmt` aligns them.
    fn end_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        let widest = run.iter().map(Attribute::lead_columns).max().unwrap_or(0);
        for attribute in &run {
            let pad = widest - attribute.lead_columns();
            let _ = writeln!(
                self.out,
                "{:indent$}{}{:pad$} = {}",
                "",
                attribute.key,
                "",
                attribute.value,
                indent = 2 * attribute.depth
            );
        }
    }

    /// A comment line. Ids and names come from the user or a file: a line break in one
    /// must not end the comment and start code.
    fn comment(&mut self, text: &str) {
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        self.line(&clean);
    }

    fn tags(&mut self, tags: &[Tag]) {
        if tags.is_empty() {
            return;
        }
        self.line("  tags = {");
        for tag in tags {
            self.attribute(2, hcl_string(&tag.key), hcl_string(&tag.value));
        }
        self.line("  }");
    }

    fn write(mut self) -> String {
        self.line("# The lab's network for the hashicorp/aws provider. Written by SG Lab.");
        self.line("terraform {");
        self.line("  required_providers {");
        self.line("    aws = {");
        self.attribute(3, "source", "\"hashicorp/aws\"");
        self.attribute(3, "version", "\">= 5.0\"");
        self.line("    }");
        self.line("  }");
        self.line("}");
        let net = self.net;
        for vpc in &net.vpcs {
            self.vpc(vpc);
        }
        for subnet in &net.subnets {
            self.subnet(subnet);
        }
        for igw in &net.internet_gateways {
            self.internet_gateway(igw);
        }
        for table in &net.route_tables {
            self.route_table(table);
        }
        for acl in &net.network_acls {
            self.network_acl(acl);
        }
        // Names first, so a rule can refer to a group written after its own.
        for group in &net.security_groups {
            let (kind, wanted) = if group.is_default() {
                ("aws_default_security_group", format!("{}_default", self.vpc_label(&group.vpc_id)))
            } else {
                ("aws_security_group", group.name.clone())
            };
            let name = self.name(kind, &wanted);
            self.groups.insert(group.id.clone(), format!("{kind}.{name}.id"));
        }
        for group in &net.security_groups {
            self.security_group(group);
        }
        self.not_written();
        self.end_run();
        self.out
    }

    fn vpc_label(&self, id: &VpcId) -> String {
        self.net.vpc(id).and_then(|v| name_tag(&v.tags)).map_or_else(|| id.to_string(), str::to_owned)
    }

    fn vpc_ref(&self, id: &VpcId) -> String {
        self.vpcs.get(id).map_or_else(|| hcl_string(id.as_str()), |name| format!("aws_vpc.{name}.id"))
    }

    fn vpc(&mut self, vpc: &Vpc) {
        let name = self.name("aws_vpc", &self.vpc_label(&vpc.id));
        self.vpcs.insert(vpc.id.clone(), name.clone());
        self.line("");
        self.comment(&format!("# {}", vpc.id));
        self.line(&format!("resource \"aws_vpc\" \"{name}\" {{"));
        if let Some(primary) = vpc.cidr_blocks.first() {
            self.attribute(1, "cidr_block", hcl_string(&primary.to_string()));
        }
        if let Some(v6) = vpc.ipv6_cidr_blocks.first() {
            self.comment(&format!("  # The lab's IPv6 block is {v6}; AWS assigns a block of its own."));
            self.attribute(1, "assign_generated_ipv6_cidr_block", "true");
        }
        self.tags(&vpc.tags);
        self.line("}");
        for (i, secondary) in vpc.cidr_blocks.iter().enumerate().skip(1) {
            let block = self.name("aws_vpc_ipv4_cidr_block_association", &format!("{name}_{i}"));
            self.line("");
            self.line(&format!("resource \"aws_vpc_ipv4_cidr_block_association\" \"{block}\" {{"));
            self.attribute(1, "vpc_id", format!("aws_vpc.{name}.id"));
            self.attribute(1, "cidr_block", hcl_string(&secondary.to_string()));
            self.line("}");
        }
    }

    fn subnet(&mut self, subnet: &Subnet) {
        let wanted = name_tag(&subnet.tags).map_or_else(|| subnet.id.to_string(), str::to_owned);
        let name = self.name("aws_subnet", &wanted);
        self.subnets.insert(subnet.id.clone(), name.clone());
        self.line("");
        self.comment(&format!("# {}", subnet.id));
        self.line(&format!("resource \"aws_subnet\" \"{name}\" {{"));
        self.attribute(1, "vpc_id", self.vpc_ref(&subnet.vpc_id));
        self.attribute(1, "cidr_block", hcl_string(&subnet.cidr_block.to_string()));
        if !subnet.availability_zone.is_empty() {
            self.attribute(1, "availability_zone", hcl_string(&subnet.availability_zone));
        }
        if let Some(v6) = subnet.ipv6_cidr_block {
            let vpc_block = self.net.vpc(&subnet.vpc_id).and_then(|v| v.ipv6_cidr_blocks.first().copied());
            match (vpc_block, self.vpcs.get(&subnet.vpc_id).cloned()) {
                (Some(block), Some(vpc_name)) if block.contains(&v6) && v6.prefix_len() >= block.prefix_len() => {
                    let newbits = v6.prefix_len() - block.prefix_len();
                    let offset = u128::from(v6.network()) - u128::from(block.network());
                    let netnum = if v6.prefix_len() == 0 { 0 } else { offset >> (128 - u32::from(v6.prefix_len())) };
                    self.comment(&format!("  # {v6} in the lab: the same place in the VPC's block."));
                    self.attribute(
                        1,
                        "ipv6_cidr_block",
                        format!("cidrsubnet(aws_vpc.{vpc_name}.ipv6_cidr_block, {newbits}, {netnum})"),
                    );
                    self.attribute(1, "assign_ipv6_address_on_creation", "false");
                }
                _ => self.comment(&format!(
                    "  # The lab's IPv6 block {v6} is not inside its VPC's first IPv6 block; left out."
                )),
            }
        }
        self.tags(&subnet.tags);
        self.line("}");
    }

    fn internet_gateway(&mut self, igw: &InternetGateway) {
        let wanted = name_tag(&igw.tags).map_or_else(|| igw.id.to_string(), str::to_owned);
        let name = self.name("aws_internet_gateway", &wanted);
        self.igws.insert(igw.id.to_string(), name.clone());
        self.line("");
        self.comment(&format!("# {}", igw.id));
        self.line(&format!("resource \"aws_internet_gateway\" \"{name}\" {{"));
        if let Some(vpc) = &igw.vpc_id {
            self.attribute(1, "vpc_id", self.vpc_ref(vpc));
        }
        self.tags(&igw.tags);
        self.line("}");
    }

    fn subnet_ref(&self, id: &SubnetId) -> String {
        self.subnets.get(id).map_or_else(|| hcl_string(id.as_str()), |name| format!("aws_subnet.{name}.id"))
    }

    fn route_table(&mut self, table: &RouteTable) {
        let wanted = name_tag(&table.tags).map_or_else(|| table.id.to_string(), str::to_owned);
        let kind = if table.main { "aws_default_route_table" } else { "aws_route_table" };
        let name = self.name(kind, &wanted);
        self.line("");
        self.comment(&format!("# {}{}", table.id, if table.main { ", the VPC's main route table" } else { "" }));
        self.line(&format!("resource \"{kind}\" \"{name}\" {{"));
        match (table.main, self.vpcs.get(&table.vpc_id)) {
            (true, Some(vpc)) => {
                self.attribute(1, "default_route_table_id", format!("aws_vpc.{vpc}.default_route_table_id"))
            }
            (true, None) => self.attribute(1, "default_route_table_id", hcl_string(table.id.as_str())),
            (false, _) => self.attribute(1, "vpc_id", self.vpc_ref(&table.vpc_id)),
        }
        for route in &table.routes {
            self.route(route);
        }
        self.tags(&table.tags);
        self.line("}");
        for subnet in &table.subnet_ids {
            let association =
                self.name("aws_route_table_association", &format!("{name}_{}", self.subnet_label(subnet)));
            self.line("");
            self.line(&format!("resource \"aws_route_table_association\" \"{association}\" {{"));
            self.attribute(1, "subnet_id", self.subnet_ref(subnet));
            self.attribute(1, "route_table_id", format!("{kind}.{name}.id"));
            self.line("}");
        }
    }

    fn subnet_label(&self, id: &SubnetId) -> String {
        self.subnets.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn route(&mut self, route: &Route) {
        let destination = match route.destination {
            IpNet::V4(d) => ("cidr_block", hcl_string(&d.to_string())),
            IpNet::V6(d) => ("ipv6_cidr_block", hcl_string(&d.to_string())),
        };
        let target = match &route.target {
            // AWS adds the local routes itself.
            RouteTarget::Local => return,
            RouteTarget::InternetGateway(id) => match self.igws.get(id.as_str()) {
                Some(igw) => ("gateway_id", format!("aws_internet_gateway.{igw}.id")),
                None => ("gateway_id", hcl_string(id.as_str())),
            },
            RouteTarget::Other { id } => {
                let argument = match id.split('-').next().unwrap_or_default() {
                    "nat" => "nat_gateway_id",
                    "pcx" => "vpc_peering_connection_id",
                    "tgw" => "transit_gateway_id",
                    "eni" => "network_interface_id",
                    "vgw" => "gateway_id",
                    "eigw" => "egress_only_gateway_id",
                    "vpce" => "vpc_endpoint_id",
                    "cagw" => "carrier_gateway_id",
                    "lgw" => "local_gateway_id",
                    _ => {
                        self.comment(&format!(
                            "  # A route to {} via `{id}` is left out: its kind of target is not known.",
                            route.destination
                        ));
                        return;
                    }
                };
                (argument, hcl_string(id))
            }
            RouteTarget::Blackhole { id } => {
                self.comment(&format!(
                    "  # A route to {} via `{id}`, which no longer exists (blackhole), is left out.",
                    route.destination
                ));
                return;
            }
        };
        self.line("  route {");
        self.attribute(2, destination.0, destination.1);
        self.attribute(2, target.0, target.1);
        self.line("  }");
    }

    fn network_acl(&mut self, acl: &NetworkAcl) {
        let wanted = name_tag(&acl.tags).map_or_else(|| acl.id.to_string(), str::to_owned);
        let kind = if acl.is_default { "aws_default_network_acl" } else { "aws_network_acl" };
        let name = self.name(kind, &wanted);
        self.line("");
        self.comment(&format!("# {}{}", acl.id, if acl.is_default { ", the VPC's default network ACL" } else { "" }));
        self.line(&format!("resource \"{kind}\" \"{name}\" {{"));
        match (acl.is_default, self.vpcs.get(&acl.vpc_id)) {
            (true, Some(vpc)) => {
                self.attribute(1, "default_network_acl_id", format!("aws_vpc.{vpc}.default_network_acl_id"))
            }
            (true, None) => self.attribute(1, "default_network_acl_id", hcl_string(acl.id.as_str())),
            (false, _) => self.attribute(1, "vpc_id", self.vpc_ref(&acl.vpc_id)),
        }
        // Subnets not associated with another ACL use the default one: only the
        // others are listed.
        if !acl.is_default && !acl.subnet_ids.is_empty() {
            let ids: Vec<String> = acl.subnet_ids.iter().map(|s| self.subnet_ref(s)).collect();
            self.attribute(1, "subnet_ids", format!("[{}]", ids.join(", ")));
        }
        for (block, entries) in [("ingress", &acl.inbound), ("egress", &acl.outbound)] {
            for entry in entries {
                self.nacl_entry(block, entry);
            }
        }
        self.tags(&acl.tags);
        self.line("}");
    }

    fn nacl_entry(&mut self, block: &str, entry: &NaclEntry) {
        self.line(&format!("  {block} {{"));
        self.attribute(2, "rule_no", entry.rule_number.to_string());
        let action = match entry.action {
            RuleAction::Allow => "allow",
            RuleAction::Deny => "deny",
        };
        self.attribute(2, "action", format!("\"{action}\""));
        match entry.cidr {
            IpNet::V4(c) => self.attribute(2, "cidr_block", hcl_string(&c.to_string())),
            IpNet::V6(c) => self.attribute(2, "ipv6_cidr_block", hcl_string(&c.to_string())),
        }
        let (protocol, ports, icmp) = match entry.traffic {
            Traffic::All => ("-1".to_owned(), (0, 0), None),
            Traffic::Tcp(r) => ("tcp".to_owned(), (r.from, r.to), None),
            Traffic::Udp(r) => ("udp".to_owned(), (r.from, r.to), None),
            Traffic::Icmp(m) => ("icmp".to_owned(), (0, 0), Some(m)),
            // The provider takes ICMPv6 by its number in network ACLs.
            Traffic::Icmpv6(m) => ("58".to_owned(), (0, 0), Some(m)),
            Traffic::Other(n) => (n.to_string(), (0, 0), None),
        };
        self.attribute(2, "protocol", format!("\"{protocol}\""));
        self.attribute(2, "from_port", ports.0.to_string());
        self.attribute(2, "to_port", ports.1.to_string());
        if let Some(m) = icmp {
            let (t, c) = icmp_numbers(m);
            self.attribute(2, "icmp_type", t.to_string());
            self.attribute(2, "icmp_code", c.to_string());
        }
        self.line("  }");
    }

    fn security_group(&mut self, group: &SecurityGroup) {
        let Some(reference) = self.groups.get(&group.id).cloned() else { return };
        let mut parts = reference.split('.');
        let (kind, name) = (parts.next().unwrap_or_default().to_owned(), parts.next().unwrap_or_default().to_owned());
        self.line("");
        self.comment(&format!("# {}", group.id));
        self.line(&format!("resource \"{kind}\" \"{name}\" {{"));
        if !group.is_default() {
            self.attribute(1, "name", hcl_string(&group.name));
            self.attribute(1, "description", hcl_string(&group.description));
        }
        self.attribute(1, "vpc_id", self.vpc_ref(&group.vpc_id));
        self.tags(&group.tags);
        self.line("}");
        for (direction, rules) in [("ingress", &group.inbound), ("egress", &group.outbound)] {
            for (i, rule) in rules.iter().enumerate() {
                self.rule(&name, &reference, direction, i, rule);
            }
        }
    }

    fn rule(&mut self, group_name: &str, group_ref: &str, direction: &str, index: usize, rule: &SgRule) {
        let kind = format!("aws_vpc_security_group_{direction}_rule");
        let name = self.name(&kind, &format!("{group_name}_{direction}_{}", index + 1));
        self.line("");
        self.comment(&format!("# {}", rule.id));
        self.line(&format!("resource \"{kind}\" \"{name}\" {{"));
        self.attribute(1, "security_group_id", group_ref);
        let (protocol, ports) = match rule.traffic {
            Traffic::All => ("-1".to_owned(), None),
            Traffic::Tcp(r) => ("tcp".to_owned(), Some((i32::from(r.from), i32::from(r.to)))),
            Traffic::Udp(r) => ("udp".to_owned(), Some((i32::from(r.from), i32::from(r.to)))),
            Traffic::Icmp(m) => ("icmp".to_owned(), Some(icmp_numbers(m))),
            Traffic::Icmpv6(m) => ("icmpv6".to_owned(), Some(icmp_numbers(m))),
            // Ports mean nothing for other protocols; the provider refuses them.
            Traffic::Other(n) => (n.to_string(), None),
        };
        self.attribute(1, "ip_protocol", format!("\"{protocol}\""));
        if let Some((from, to)) = ports {
            self.attribute(1, "from_port", from.to_string());
            self.attribute(1, "to_port", to.to_string());
        }
        let (key, peer) = match &rule.peer {
            Peer::Cidr(IpNet::V4(c)) => ("cidr_ipv4", hcl_string(&c.to_string())),
            Peer::Cidr(IpNet::V6(c)) => ("cidr_ipv6", hcl_string(&c.to_string())),
            Peer::SecurityGroup(id) => match self.groups.get(id) {
                Some(other) => ("referenced_security_group_id", other.clone()),
                None => ("referenced_security_group_id", hcl_string(id.as_str())),
            },
            Peer::PrefixList(id) => ("prefix_list_id", hcl_string(id.as_str())),
        };
        self.attribute(1, key, peer);
        if let Some(description) = &rule.description {
            self.attribute(1, "description", hcl_string(description));
        }
        self.line("}");
    }

    fn not_written(&mut self) {
        let net = self.net;
        if net.resources.is_empty() && net.network_interfaces.is_empty() {
            return;
        }
        self.line("");
        self.line("# Not written: the lab's resources and their network interfaces, which need");
        self.line("# images, engines or listeners that the lab does not model:");
        for resource in &net.resources {
            let groups: Vec<String> = net
                .interfaces_of(&resource.id)
                .flat_map(|eni| eni.security_groups.iter().map(ToString::to_string))
                .collect();
            let name: String = resource.name.chars().filter(|c| !c.is_control()).collect();
            let groups = if groups.is_empty() {
                "no security groups".to_owned()
            } else {
                format!("security groups: {}", groups.join(", "))
            };
            let line = format!("#   {} {} `{}`, {groups}", resource.kind.label(), resource.id, name);
            self.comment(&line);
        }
    }
}

/// ICMP type and code as the provider writes them, -1 for "all".
fn icmp_numbers(m: IcmpMatch) -> (i32, i32) {
    match m {
        IcmpMatch::AllTypes => (-1, -1),
        IcmpMatch::Type { icmp_type, code } => (i32::from(icmp_type), code.map_or(-1, i32::from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_templates_stay_literal() {
        assert_eq!(hcl_string("plain"), "\"plain\"");
        assert_eq!(hcl_string("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
        assert_eq!(hcl_string("${var.x} %{if}"), "\"$${var.x} %%{if}\"");
        assert_eq!(hcl_string("$5 and 100%"), "\"$5 and 100%\"");
        assert_eq!(hcl_string("line\nnext\u{7}"), "\"line\\nnext\\u0007\"");
        assert_eq!(hcl_string("é <img src=x>"), "\"é <img src=x>\"");
    }

    #[test]
    fn keys_are_measured_in_what_a_reader_sees() {
        // As `terraform fmt` counts them to line up `=`.
        assert_eq!(graphemes("\"Name\""), 6);
        assert_eq!(graphemes("Café"), 4);
        assert_eq!(graphemes("Cafe\u{301}"), 4);
        assert_eq!(graphemes("中文"), 2);
        assert_eq!(graphemes("🇫🇷🇩🇪"), 2);
        assert_eq!(graphemes("👨\u{200D}👩\u{200D}👧"), 1);
        assert_eq!(graphemes("👍🏽"), 1);
        assert_eq!(graphemes(""), 0);
    }

    #[test]
    fn a_run_of_attributes_lines_up_and_ends_at_any_other_line() {
        let net = Network::default();
        let mut writer = Writer::new(&net);
        writer.line("x {");
        writer.attribute(1, "a", "1");
        writer.attribute(1, "bbb", "2");
        writer.line("  # ends the run");
        writer.attribute(1, "cc", "3");
        writer.line("}");
        assert_eq!(writer.out, "x {\n  a   = 1\n  bbb = 2\n  # ends the run\n  cc = 3\n}\n");
    }

    #[test]
    fn names_are_terraform_identifiers() {
        assert_eq!(resource_name("our-learning-sg-https"), "our-learning-sg-https");
        assert_eq!(resource_name("App Server"), "app_server");
        assert_eq!(resource_name("10.1.1.0/24"), "r_10_1_1_0_24");
        assert_eq!(resource_name("<img src=x>"), "img_src_x");
        assert_eq!(resource_name("***"), "___");
    }
}
