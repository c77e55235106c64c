//! The verdict as text for an 80-column terminal.

use sglab_engine::verdict::{Leg, LegDirection, Tracking};
use sglab_engine::{Hop, HopKind, HopOutcome, RuleAction, RuleRef, Verdict};
use std::fmt::Write;

const WIDTH: usize = 80;
/// Where a hop's fields start, under its number.
const HOP_INDENT: usize = 5;

pub fn verdict(v: &Verdict) -> String {
    let mut out = String::new();
    wrap(&mut out, "", &v.summary, 0);
    out.push('\n');

    leg(&mut out, &v.request, v);
    out.push('\n');
    match &v.reply {
        Some(reply) => leg(&mut out, reply, v),
        None if v.request.delivered => out.push_str("Reply: none (this message has no reply).\n"),
        None => out.push_str("Reply: none (the request did not arrive).\n"),
    }

    if let Some(b) = &v.blocked {
        let leg = match b.leg {
            LegDirection::Request => "request",
            LegDirection::Reply => "reply",
        };
        out.push('\n');
        wrap(&mut out, "", &format!("Reason: {} at {leg} hop {}, {}.", b.code, b.hop + 1, b.component), 2);
        wrap(&mut out, "  ", &b.explanation, 2);
    }

    if !v.tracking.is_empty() {
        out.push_str("\nConnection tracking:\n");
        for t in &v.tracking {
            tracking(&mut out, t, v);
        }
    }
    out
}

fn leg(out: &mut String, leg: &Leg, v: &Verdict) {
    let (title, from, to) = match leg.direction {
        LegDirection::Request => ("Request", &v.source.label, &v.destination.label),
        LegDirection::Reply => ("Reply", &v.destination.label, &v.source.label),
    };
    let state = if leg.delivered { "delivered" } else { "stopped" };
    wrap(out, "", &format!("{title} ({state}): {from} → {to}"), 2);
    for (i, hop) in leg.hops.iter().enumerate() {
        self::hop(out, i + 1, hop);
    }
}

fn hop(out: &mut String, number: usize, hop: &Hop) {
    let outcome = match hop.outcome {
        HopOutcome::Allowed => "allowed",
        HopOutcome::AllowedByTracking => "allowed by tracking",
        HopOutcome::Blocked => "BLOCKED",
    };
    let title = match hop.kind {
        HopKind::Internet => format!("{}: {outcome}", kind(hop.kind)),
        _ => format!("{} {}: {outcome}", kind(hop.kind), hop.component),
    };
    wrap(out, &format!("{number:>3}. "), &title, HOP_INDENT);
    field(out, "packet", &hop.packet.to_string());
    if !hop.security_groups.is_empty() {
        let groups: Vec<String> = hop.security_groups.iter().map(ToString::to_string).collect();
        field(out, "groups", &groups.join(", "));
    }
    let rule = match (&hop.rule, hop.outcome) {
        (Some(r), _) => Some(rule(r)),
        (None, HopOutcome::AllowedByTracking) => Some("none needed: the reply to an allowed request".to_owned()),
        (None, HopOutcome::Blocked)
            if matches!(hop.kind, HopKind::SecurityGroupsInbound | HopKind::SecurityGroupsOutbound) =>
        {
            Some("none matches, so the implicit deny applies".to_owned())
        }
        (None, _) => None,
    };
    if let Some(rule) = rule {
        field(out, "rule", &rule);
    }
    wrap(out, &" ".repeat(HOP_INDENT), &hop.detail, HOP_INDENT);
}

/// `packet  TCP 10.1.1.33:50000 → …`, continuation lines under the value.
fn field(out: &mut String, name: &str, value: &str) {
    let lead = format!("{:HOP_INDENT$}{name:<8}", "");
    wrap(out, &lead, value, HOP_INDENT + 8);
}

pub fn kind(kind: HopKind) -> &'static str {
    match kind {
        HopKind::SecurityGroupsOutbound => "Security groups (outbound) of",
        HopKind::NetworkAclOutbound => "Network ACL (outbound)",
        HopKind::RouteTable => "Route table",
        HopKind::InternetGatewayEgress => "Internet gateway (out)",
        HopKind::Internet => "Internet",
        HopKind::InternetGatewayIngress => "Internet gateway (in)",
        HopKind::NetworkAclInbound => "Network ACL (inbound)",
        HopKind::SecurityGroupsInbound => "Security groups (inbound) of",
        HopKind::NotFiltered => "Not filtered:",
    }
}

fn rule(rule: &RuleRef) -> String {
    match rule {
        RuleRef::SecurityGroupRule { group_id, rule_id } => format!("{rule_id} in {group_id}"),
        RuleRef::NetworkAclEntry { acl_id, rule_number, action } => {
            let number = rule_number.map_or_else(|| "*".to_owned(), |n| n.to_string());
            let action = match action {
                RuleAction::Allow => "allow",
                RuleAction::Deny => "deny",
            };
            format!("{number} ({action}) in {acl_id}")
        }
        RuleRef::Route { route_table_id, destination, target } => {
            format!("{destination} → {target} in {route_table_id}")
        }
    }
}

fn tracking(out: &mut String, t: &Tracking, v: &Verdict) {
    let label = [&v.source, &v.destination]
        .into_iter()
        .find(|e| e.interface.as_ref() == Some(&t.interface))
        .map_or_else(|| t.interface.to_string(), |e| format!("{}, {}", e.label, t.interface));
    // The reason starts with the state ("Tracked: …", "ICMP connections are always tracked.").
    wrap(out, "  ", &format!("{label}:"), 4);
    wrap(out, "    ", &t.reason, 4);
}

/// Appends `text` word-wrapped to [`WIDTH`] columns: the first line starts with
/// `lead` (kept as it is, spaces included), the others with `indent` spaces. A word
/// longer than a line stays whole.
pub fn wrap(out: &mut String, lead: &str, text: &str, indent: usize) {
    let mut line = lead.to_owned();
    let mut line_start = true;
    for word in text.split_whitespace() {
        if !line_start && line.chars().count() + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "{}", line.trim_end());
            line = " ".repeat(indent);
            line_start = true;
        }
        if !line_start {
            line.push(' ');
        }
        line.push_str(word);
        line_start = false;
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_in_80_columns_and_keep_every_word() {
        let text = "word ".repeat(60);
        let mut out = String::new();
        wrap(&mut out, "  ", &text, 4);
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(out.split_whitespace().count(), 60);
        assert!(out.starts_with("  word"));
        assert!(out.lines().nth(1).is_some_and(|l| l.starts_with("    word")));
    }
}
