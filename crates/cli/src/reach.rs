//! `sglab reach`: who can reach what on one service. The whole matrix (a table for a
//! small lab, the allowed pairs and the counts per reason for a large one), or one
//! end's sources (`--who-can-reach`) or destinations (`--where-can-go`).
//!
//! Exit status: 0 answered, 2 bad input.

use crate::args::ReachArgs;
use crate::render::wrap;
use crate::{load_network, service, write_stdout, BadInput, ServiceFlags};
use serde_json::{json, Value};
use sglab_engine::reach::{MatrixEnd, ReachMatrix};
use sglab_engine::{Evaluator, Network, ReasonCode, Service};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const HELP: &str = "sglab reach --help";
const ANSWERED: u8 = 0;
/// The most ends printed as a table: 4 columns of row numbers and 5 per end fit 80 columns.
pub const TABLE_MAX_ENDS: usize = 15;

fn bad(message: impl Into<String>) -> BadInput {
    BadInput::new(HELP, message)
}

pub fn run(a: &ReachArgs) -> Result<u8, BadInput> {
    let network = load_network(a.aws.as_deref(), a.example, HELP)?;
    let flags = ServiceFlags {
        protocol: &a.protocol,
        port: a.port,
        icmp_type: a.icmp_type,
        icmp_code: a.icmp_code,
        source_port: None,
    };
    let service = service(&flags, HELP)?;
    let evaluator = Evaluator::new(&network);
    let matrix = ReachMatrix::build_with(&evaluator, &network, service);
    let view = View { network: &network, evaluator: &evaluator, matrix: &matrix };

    let one_end = match (&a.who_can_reach, &a.where_can_go) {
        (Some(x), _) => Some((Question::WhoCanReach, view.end_named("--who-can-reach", x)?)),
        (None, Some(x)) => Some((Question::WhereCanGo, view.end_named("--where-can-go", x)?)),
        (None, None) => None,
    };
    let text = match (one_end, a.json) {
        (Some((q, end)), false) => view.one_end_text(q, end),
        (Some((q, end)), true) => to_json(&view.one_end_json(q, end))?,
        (None, false) if matrix.len() <= TABLE_MAX_ENDS => view.table(),
        (None, false) => view.allowed_list(),
        (None, true) => to_json(&view.matrix_json())?,
    };
    write_stdout(&text)?;
    Ok(ANSWERED)
}

fn to_json(value: &Value) -> Result<String, BadInput> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| bad(format!("cannot write the answer as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[derive(Clone, Copy, PartialEq)]
enum Question {
    WhoCanReach,
    WhereCanGo,
}

/// What one cell says, read once.
enum Cell {
    Allowed,
    Blocked {
        code: ReasonCode,
        leg: Value,
        kind: Value,
        component: String,
    },
    /// Not a connection (two internet hosts, ICMPv6 to an IPv4 address…): why.
    NotAConnection(String),
}

struct View<'a> {
    network: &'a Network,
    evaluator: &'a Evaluator<'a>,
    matrix: &'a ReachMatrix,
}

impl View<'_> {
    fn end_named(&self, flag: &str, text: &str) -> Result<usize, BadInput> {
        if let Some(end) = self.matrix.find(self.network, text) {
            return Ok(end);
        }
        // The endpoint parser has the precise message for what is not in the lab at all.
        match self.network.parse_endpoint(text) {
            Err(e) => Err(bad(format!("{flag}: {e}"))),
            Ok(_) => Err(bad(format!(
                "{flag}: `{}` is not an interface or a named internet host of the lab; \
                 to judge one connection to or from it, use `sglab check`",
                text.trim()
            ))),
        }
    }

    fn cell(&self, from: usize, to: usize) -> Cell {
        match self.matrix.outcome(from, to) {
            Some(Ok(d)) if d.allowed => Cell::Allowed,
            Some(Ok(_)) => match self.matrix.blocked_at(from, to) {
                Some((at, component)) => Cell::Blocked {
                    code: at.code,
                    leg: serde_json::to_value(at.leg).unwrap_or(Value::Null),
                    kind: serde_json::to_value(at.kind).unwrap_or(Value::Null),
                    component: ReachMatrix::component_id(self.network, component),
                },
                None => Cell::NotAConnection(String::new()),
            },
            // The matrix keeps one error per class of ends, whose text may name another
            // pair of the class: judge this pair for its own words.
            Some(Err(_)) | None => {
                let message = self
                    .matrix
                    .flow(from, to)
                    .map(|flow| match self.evaluator.decide(&flow) {
                        Err(e) => e.to_string(),
                        Ok(_) => String::new(),
                    })
                    .unwrap_or_default();
                Cell::NotAConnection(message)
            }
        }
    }

    fn end(&self, index: usize) -> &MatrixEnd {
        &self.matrix.ends[index]
    }

    /// "App Server (10.1.1.33)".
    fn named(&self, index: usize) -> String {
        let end = self.end(index);
        match end.address {
            Some(a) => format!("{} ({a})", end.label),
            None => end.label.clone(),
        }
    }

    fn addresses(&self, index: usize) -> String {
        let end = self.end(index);
        let address = end.address.map_or_else(|| "no IPv4 address".to_owned(), |a| a.to_string());
        match (end.public_ip, end.is_internet_host()) {
            (_, true) => format!("{address} (internet)"),
            (Some(p), false) => format!("{address}, public {p}"),
            (None, false) => address,
        }
    }

    fn headline(&self) -> String {
        let n = self.matrix.len();
        let pairs = n * n.saturating_sub(1);
        format!(
            "{} between {n} ends: {} of {pairs} pairs allowed.",
            capitalized(self.matrix.service),
            self.matrix.allowed_pairs()
        )
    }

    fn ends_list(&self, out: &mut String) {
        let width = self.matrix.ends.iter().map(|e| e.label.chars().count()).max().unwrap_or(0).min(28);
        let address_width = (0..self.matrix.len()).map(|i| self.addresses(i).chars().count()).max().unwrap_or(0);
        for i in 0..self.matrix.len() {
            let end = self.end(i);
            let id = end.interface.and_then(|n| self.network.network_interfaces.get(n)).map(|n| n.id.to_string());
            let line = format!(
                "{:>4}  {:<width$}  {:<address_width$}  {}",
                i + 1,
                end.label,
                self.addresses(i),
                id.unwrap_or_default()
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }

    /// Rows are sources, columns destinations; each cell `ok`, `·` (itself), `n/a` or
    /// the short name of the reason it is blocked, explained below the table.
    fn table(&self) -> String {
        let mut out = String::new();
        wrap(&mut out, "", &self.headline(), 2);
        out.push('\n');
        let n = self.matrix.len();
        if n == 0 {
            out.push_str("The lab has no network interfaces and no internet hosts.\n");
            return out;
        }
        self.ends_list(&mut out);
        let _ = writeln!(out, "\nFrom each row to each column:");
        let mut header = String::from("    ");
        for to in 0..n {
            let _ = write!(header, "{:<5}", to + 1);
        }
        let _ = writeln!(out, "{}", header.trim_end());
        let mut used: BTreeMap<&'static str, ReasonCode> = BTreeMap::new();
        let mut not_a_connection = false;
        for from in 0..n {
            let mut row = format!("{:>2}  ", from + 1);
            for to in 0..n {
                let text = if from == to {
                    "·"
                } else {
                    match self.cell(from, to) {
                        Cell::Allowed => "ok",
                        Cell::Blocked { code, .. } => {
                            let short = short_code(code);
                            used.insert(short, code);
                            short
                        }
                        Cell::NotAConnection(_) => {
                            not_a_connection = true;
                            "n/a"
                        }
                    }
                };
                let _ = write!(row, "{text:<5}");
            }
            let _ = writeln!(out, "{}", row.trim_end());
        }
        out.push('\n');
        let _ = writeln!(out, "  ok    allowed: the request gets through and its reply returns");
        let _ = writeln!(out, "  ·     an end to itself (never filtered)");
        if not_a_connection {
            let _ = writeln!(out, "  n/a   not a connection (two internet hosts, or no address of that kind)");
        }
        for (short, code) in used {
            wrap(&mut out, &format!("  {short:<5} "), &format!("{code}: {}", meaning(code)), 8);
        }
        out
    }

    /// For a large lab: the counts, then every allowed pair.
    fn allowed_list(&self) -> String {
        let mut out = String::new();
        wrap(&mut out, "", &self.headline(), 2);
        let n = self.matrix.len();
        let mut blocked: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut not_connections = 0usize;
        let mut allowed = Vec::new();
        for from in 0..n {
            for to in (0..n).filter(|&to| to != from) {
                match self.matrix.outcome(from, to) {
                    Some(Ok(d)) if d.allowed => allowed.push((from, to)),
                    Some(Ok(d)) => {
                        if let Some(at) = d.blocked {
                            *blocked.entry(at.code.as_str()).or_default() += 1;
                        }
                    }
                    _ => not_connections += 1,
                }
            }
        }
        if !blocked.is_empty() {
            let _ = writeln!(out, "\nBlocked, by reason:");
            for (code, count) in &blocked {
                let _ = writeln!(out, "  {code:<40} {count:>9}");
            }
        }
        if not_connections > 0 {
            let _ =
                writeln!(out, "\nNot a connection (two internet hosts, or no address of that kind): {not_connections}");
        }
        let _ = writeln!(out, "\nAllowed pairs (source → destination):");
        if allowed.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for (from, to) in allowed {
            let _ = writeln!(out, "  {} → {}", self.named(from), self.named(to));
        }
        out
    }

    /// The other ends that can reach `end` (or that it can reach), then those that
    /// cannot, each with its reason and the component that stops it.
    fn one_end_text(&self, question: Question, end: usize) -> String {
        let others = self.others(end);
        let allowed: Vec<usize> =
            others.iter().copied().filter(|&o| matches!(self.pair_cell(question, end, o), Cell::Allowed)).collect();
        let (title, whom) = match question {
            Question::WhoCanReach => (format!("Who can reach {}", self.named(end)), "sources"),
            Question::WhereCanGo => (format!("Where {} can go", self.named(end)), "destinations"),
        };
        let mut out = String::new();
        let headline = format!("{title} on {}: {} of {} {whom}.", self.matrix.service, allowed.len(), others.len());
        wrap(&mut out, "", &headline, 2);
        let _ = writeln!(out, "\nAllowed:");
        if allowed.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for &o in &allowed {
            let _ = writeln!(out, "  {}", self.named(o));
        }
        let mut blocked = String::new();
        let mut not_connections = String::new();
        for &o in &others {
            match self.pair_cell(question, end, o) {
                Cell::Allowed => {}
                Cell::Blocked { code, component, .. } => {
                    wrap(&mut blocked, "  ", &self.named(o), 4);
                    wrap(&mut blocked, "      ", &format!("{code} at {component}"), 6);
                }
                Cell::NotAConnection(why) => {
                    wrap(&mut not_connections, "  ", &self.named(o), 4);
                    wrap(&mut not_connections, "      ", &why, 6);
                }
            }
        }
        if !blocked.is_empty() {
            let _ = write!(out, "\nBlocked:\n{blocked}");
        }
        if !not_connections.is_empty() {
            let _ = write!(out, "\nNot a connection:\n{not_connections}");
        }
        out
    }

    /// Every end but `end` itself.
    fn others(&self, end: usize) -> Vec<usize> {
        (0..self.matrix.len()).filter(|&o| o != end).collect()
    }

    /// The cell between `end` and another end, in the question's direction.
    fn pair_cell(&self, question: Question, end: usize, other: usize) -> Cell {
        match question {
            Question::WhoCanReach => self.cell(other, end),
            Question::WhereCanGo => self.cell(end, other),
        }
    }

    fn end_json(&self, index: usize) -> Value {
        let end = self.end(index);
        let interface = end.interface.and_then(|n| self.network.network_interfaces.get(n)).map(|n| n.id.to_string());
        json!({
            "label": end.label,
            "interface": interface,
            "address": end.address,
            "public_ip": end.public_ip,
            "internet_host": end.is_internet_host(),
        })
    }

    fn cell_json(&self, from: usize, to: usize) -> Value {
        match self.cell(from, to) {
            Cell::Allowed => json!({ "allowed": true }),
            Cell::Blocked { code, leg, kind, component } => {
                json!({ "allowed": false, "code": code, "leg": leg, "kind": kind, "component": component })
            }
            Cell::NotAConnection(error) => json!({ "allowed": false, "error": error }),
        }
    }

    fn matrix_json(&self) -> Value {
        let n = self.matrix.len();
        let ends: Vec<Value> = (0..n).map(|i| self.end_json(i)).collect();
        let cells: Vec<Value> =
            (0..n).map(|from| Value::Array((0..n).map(|to| self.cell_json(from, to)).collect())).collect();
        json!({
            "service": self.matrix.service,
            "ends": ends,
            "allowed_pairs": self.matrix.allowed_pairs(),
            "cells": cells,
        })
    }

    fn one_end_json(&self, question: Question, end: usize) -> Value {
        let (key, list_key) = match question {
            Question::WhoCanReach => ("who_can_reach", "sources"),
            Question::WhereCanGo => ("where_can_go", "destinations"),
        };
        let list: Vec<Value> = self
            .others(end)
            .into_iter()
            .map(|o| {
                let (from, to) = match question {
                    Question::WhoCanReach => (o, end),
                    Question::WhereCanGo => (end, o),
                };
                let mut cell = self.cell_json(from, to);
                if let Some(fields) = cell.as_object_mut() {
                    fields.insert("end".into(), self.end_json(o));
                }
                cell
            })
            .collect();
        json!({ "service": self.matrix.service, key: self.end_json(end), list_key: list })
    }
}

/// "TCP 443", "UDP 53", "ICMP type 8 code 0", "All traffic" at the start of a sentence.
fn capitalized(service: Service) -> String {
    let text = service.to_string();
    match text.strip_prefix("all") {
        Some(rest) => format!("All{rest}"),
        None => text,
    }
}

/// The reason's short name in the table (at most 4 characters).
fn short_code(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::EniSgRulesMismatch => "SG",
        ReasonCode::SgHasNoRules => "SG0",
        ReasonCode::SubnetAclRestriction => "ACL",
        ReasonCode::NoRouteToDestination => "RT",
        ReasonCode::BadStateRoute => "BH",
        ReasonCode::IgwPrivateIpAssociationForIngress => "PRIV",
        ReasonCode::IgwPublicIpAssociationForEgress => "NOIP",
        ReasonCode::IgwDestinationAddressNotInRfc1918Egress => "RFC",
        ReasonCode::IgwDestinationAddressNotInRfc6598Egress => "CGN",
        ReasonCode::NoInternetGateway => "IGW",
        ReasonCode::UnsupportedRouteTarget => "UNS",
        ReasonCode::NoInterfaceAtDestination => "NONE",
        ReasonCode::DestinationNotGloballyReachable => "NGR",
    }
}

/// What a reason means, as the README's table says it.
fn meaning(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::EniSgRulesMismatch => "the interface's security groups have rules, but none allows it",
        ReasonCode::SgHasNoRules => "the interface's security groups have no rules in that direction",
        ReasonCode::SubnetAclRestriction => "a network ACL rule, or its final *, denies it",
        ReasonCode::NoRouteToDestination => "the subnet's route table has no route to the address",
        ReasonCode::BadStateRoute => "the route is a blackhole (its gateway is detached or gone)",
        ReasonCode::IgwPrivateIpAssociationForIngress => "from the internet, to an address with no public IP",
        ReasonCode::IgwPublicIpAssociationForEgress => "to the internet, from an interface with no public IPv4 address",
        ReasonCode::IgwDestinationAddressNotInRfc1918Egress => {
            "to a private (RFC 1918) address through an internet gateway"
        }
        ReasonCode::IgwDestinationAddressNotInRfc6598Egress => {
            "to a shared (RFC 6598) address through an internet gateway"
        }
        ReasonCode::NoInternetGateway => "the VPC has no internet gateway attached",
        ReasonCode::UnsupportedRouteTarget => "routed to a NAT gateway, peering… which the lab does not simulate",
        ReasonCode::NoInterfaceAtDestination => "nothing in the VPC has that address",
        ReasonCode::DestinationNotGloballyReachable => {
            "link-local, multicast, unique-local…: an address the internet does not route"
        }
    }
}
