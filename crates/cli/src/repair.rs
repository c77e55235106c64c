//! `sglab fix`: what would make a blocked connection work (every component that
//! blocks it, in the order the path meets them, each with its fix or what to do by
//! hand), or, for an allowed one, what lets it through and what would block it.
//!
//! Exit status: 0 answered, 2 bad input.

use crate::args::CheckArgs;
use crate::render::{self, wrap};
use crate::{load_network, service, write_stdout, BadInput, ServiceFlags};
use serde_json::Value;
use sglab_engine::fix::{what_would_allow, what_would_block, Exposure, Repair};
use sglab_engine::verdict::LegDirection;
use sglab_engine::{Flow, HopKind};
use std::fmt::Write as _;

const HELP: &str = "sglab fix --help";

fn bad(message: impl Into<String>) -> BadInput {
    BadInput::new(HELP, message)
}

pub fn run(a: &CheckArgs) -> Result<u8, BadInput> {
    let network = load_network(a.aws.as_deref(), a.example, HELP)?;
    let source = network.parse_endpoint(&a.from).map_err(|e| bad(format!("--from: {e}")))?;
    let destination = network.parse_endpoint(&a.to).map_err(|e| bad(format!("--to: {e}")))?;
    let mut flow = Flow::new(source, destination, service(&ServiceFlags::of_check(a), HELP)?);
    if let Some(port) = a.source_port {
        flow.source_port = port;
    }
    let verdict = sglab_engine::evaluate(&network, &flow).map_err(|e| bad(e.to_string()))?;
    let text = if verdict.allowed {
        let exposure = what_would_block(&network, &flow).map_err(|e| bad(e.to_string()))?;
        if a.json {
            to_json(serde_json::to_value(&exposure))?
        } else {
            exposure_text(&verdict.summary, &exposure)
        }
    } else {
        let repair = what_would_allow(&network, &flow).map_err(|e| bad(e.to_string()))?;
        if a.json {
            let mut value = serde_json::to_value(&repair);
            if let Ok(Value::Object(fields)) = &mut value {
                fields.insert("allowed".into(), Value::Bool(false));
                fields.insert("edits".into(), serde_json::to_value(repair.edits()).unwrap_or(Value::Null));
            }
            to_json(value)?
        } else {
            repair_text(
                &format!("Blocked: {} → {}, {}.", verdict.source.label, verdict.destination.label, flow.service),
                &repair,
            )
        }
    };
    write_stdout(&text)?;
    Ok(0)
}

fn to_json(value: Result<Value, serde_json::Error>) -> Result<String, BadInput> {
    let mut text = value
        .and_then(|v| serde_json::to_string_pretty(&v))
        .map_err(|e| bad(format!("cannot write the answer as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// "Security groups (outbound) of eni-…", "Route table rtb-…", "The internet".
fn component(kind: HopKind, id: &str) -> String {
    match kind {
        HopKind::Internet => "The internet".to_owned(),
        _ => format!("{} {id}", render::kind(kind)),
    }
}

fn leg(direction: LegDirection) -> &'static str {
    match direction {
        LegDirection::Request => "request",
        LegDirection::Reply => "reply",
    }
}

fn repair_text(headline: &str, repair: &Repair) -> String {
    let mut out = String::new();
    wrap(&mut out, "", headline, 0);
    let n = repair.blockers.len();
    let _ = writeln!(
        out,
        "\n{} on its path {}:",
        if n == 1 { "One component".to_owned() } else { format!("{n} components") },
        if n == 1 { "blocks it" } else { "block it" }
    );
    for (i, b) in repair.blockers.iter().enumerate() {
        out.push('\n');
        let title = format!("{} at {} ({} hop {})", component(b.kind, &b.component), b.code, leg(b.leg), b.hop + 1);
        wrap(&mut out, &format!("{:>3}. ", i + 1), &title, 5);
        wrap(&mut out, "     ", &b.explanation, 5);
        match (&b.fix, &b.by_hand) {
            (Some(fix), _) => wrap(&mut out, "     Fix: ", &fix.summary, 10),
            (None, Some(by_hand)) => wrap(&mut out, "     By hand: ", by_hand, 14),
            (None, None) => {}
        }
    }
    out.push('\n');
    let edits = repair.edits().len();
    let closing = match (repair.allowed_after, edits) {
        (true, 1) => "With this change, it is allowed.".to_owned(),
        (true, _) => format!("With these {edits} changes, applied in order, it is allowed."),
        (false, 0) => "No edit of the lab gets it through: see what to do by hand above.".to_owned(),
        (false, _) => {
            "With the changes above it gets further, but the last component needs a change by hand.".to_owned()
        }
    };
    wrap(&mut out, "", &closing, 0);
    out
}

fn exposure_text(summary: &str, exposure: &Exposure) -> String {
    let mut out = String::new();
    wrap(&mut out, "", summary, 0);
    if !exposure.through.is_empty() {
        let _ = writeln!(out, "\nWhat lets it through:");
        for (i, o) in exposure.through.iter().enumerate() {
            out.push('\n');
            let title = format!("{} ({} leg)", component(o.kind, &o.component), leg(o.leg));
            wrap(&mut out, &format!("{:>3}. ", i + 1), &title, 5);
            wrap(&mut out, "     ", &o.summary, 5);
        }
    }
    if let Some(note) = &exposure.note {
        out.push('\n');
        wrap(&mut out, "", note, 0);
    }
    if !exposure.blocks.is_empty() {
        let _ = writeln!(out, "\nWhat would block it (each change alone):");
        for fix in &exposure.blocks {
            wrap(&mut out, "  - ", &fix.summary, 4);
        }
    }
    out
}
