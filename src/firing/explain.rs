//! The shown connection explained: its summary, the playback controls, the path hop by
//! hop (request, then reply) with each hop's packet and deciding rule, what blocked it
//! and why, and connection tracking.

use super::arrow::{step_kinds, StepKind};
use super::{use_firing, Playback};
use crate::outcome::FireOutcome;
use crate::store::use_lab;
use leptos::prelude::*;
use sglab_engine::verdict::{Leg, LegDirection};
use sglab_engine::{Hop, HopKind, HopOutcome, Network, RuleAction, RuleRef, Verdict};

pub fn kind_label(kind: HopKind) -> &'static str {
    match kind {
        HopKind::SecurityGroupsOutbound => "Security groups, outbound",
        HopKind::NetworkAclOutbound => "Network ACL, outbound",
        HopKind::RouteTable => "Route table",
        HopKind::InternetGatewayEgress => "Internet gateway, out",
        HopKind::Internet => "Internet",
        HopKind::InternetGatewayIngress => "Internet gateway, in",
        HopKind::NetworkAclInbound => "Network ACL, inbound",
        HopKind::SecurityGroupsInbound => "Security groups, inbound",
        HopKind::NotFiltered => "Not filtered",
    }
}

fn outcome_text(outcome: HopOutcome) -> (&'static str, &'static str) {
    match outcome {
        HopOutcome::Allowed => ("allowed", "Allowed"),
        HopOutcome::AllowedByTracking => ("tracking", "Allowed by connection tracking"),
        HopOutcome::Blocked => ("blocked", "Blocked"),
    }
}

/// The component as people know it: "App Server's interface" for a security group hop.
fn component_name(network: &Network, hop: &Hop) -> String {
    if hop.component.starts_with("eni-") {
        let name = network
            .network_interfaces
            .iter()
            .find(|n| n.id.as_str() == hop.component)
            .map(|n| network.interface_label(n));
        return match name {
            Some(name) => format!("{name}'s security groups"),
            None => "security groups".into(),
        };
    }
    hop.component.clone()
}

/// One step in words, for the position line under the controls.
fn step_words(verdict: &Verdict, kind: StepKind) -> String {
    match kind {
        StepKind::Depart => format!("Leaving {}", verdict.source.label),
        StepKind::Arrive => format!("Arrived at {}", verdict.destination.label),
        StepKind::Return => format!("The reply is back at {}", verdict.source.label),
        StepKind::Hop { leg, index, outcome, .. } => {
            let hops = match leg {
                LegDirection::Request => Some(&verdict.request),
                LegDirection::Reply => verdict.reply.as_ref(),
            };
            let what = hops.and_then(|l| l.hops.get(index)).map_or("", |h| kind_label(h.kind));
            let leg = if leg == LegDirection::Request { "Request" } else { "Reply" };
            format!("{leg} hop {}: {what}: {}", index + 1, outcome_text(outcome).1.to_lowercase())
        }
    }
}

#[component]
pub fn Explanation() -> impl IntoView {
    let store = use_lab();
    let body = move || {
        let index = store.ui.shown_connection.get()?;
        let connection = store.lab.with(|lab| lab.connections.connections().get(index).cloned())?;
        let network = store.lab.with(|lab| lab.network.clone());
        Some(match connection.verdict {
            Ok(verdict) => view! { <VerdictExplained index verdict network/> }.into_any(),
            Err(error) => {
                let outcome = FireOutcome::from_result(Err(error));
                view! {
                    <p class="explanation-summary" role="status" data-testid="explanation-summary" data-verdict="error">
                        <span class="badge badge-error">{outcome.label()}</span>
                        {outcome.sentence().to_owned()}
                    </p>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="panel explanation" aria-labelledby="explanation-heading" data-testid="explanation">
            <h2 id="explanation-heading">
                {move || match store.ui.shown_connection.get() {
                    Some(index) => {
                        let number = store.lab.with(|lab| lab.connections.connections().get(index).map(|c| c.number));
                        format!("Connection #{}, hop by hop", number.unwrap_or(index as u32 + 1))
                    }
                    None => "Hop by hop".to_owned(),
                }}
            </h2>
            <PlaybackSettings/>
            {move || match body() {
                Some(view) => view,
                None => view! {
                    <p class="hint empty">"Fire a connection to follow its packet hop by hop, with the rule that decided each hop."</p>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn VerdictExplained(index: usize, verdict: Verdict, network: Network) -> impl IntoView {
    let outcome = FireOutcome::from_result(Ok(verdict.clone()));
    let badge = format!("badge badge-{}", outcome.as_str());
    let blocked = verdict.blocked.clone().map(|blocked| {
        let leg = if blocked.leg == LegDirection::Request { "request" } else { "reply" };
        let hop = match blocked.leg {
            LegDirection::Request => verdict.request.hops.get(blocked.hop),
            LegDirection::Reply => verdict.reply.as_ref().and_then(|r| r.hops.get(blocked.hop)),
        };
        let what = hop.map(|h| format!("{} ({})", kind_label(h.kind), component_name(&network, h))).unwrap_or_default();
        view! {
            <div class="blocked-box" data-testid="blocked-reason">
                <p class="blocked-where">
                    <span class="stop-icon" aria-hidden="true">"✕"</span>
                    "Stopped at " <strong>{what}</strong> ", " {leg} " hop " {blocked.hop + 1} "."
                </p>
                <p>
                    "Reason code " <code class="reason-code" data-testid="explanation-reason-code">{blocked.code.to_string()}</code>
                </p>
                <p class="blocked-explanation">{blocked.explanation.clone()}</p>
            </div>
        }
    });
    let tracking = (!verdict.tracking.is_empty()).then(|| {
        let items = verdict
            .tracking
            .iter()
            .map(|t| {
                let name = network
                    .network_interface(&t.interface)
                    .map_or_else(|| t.interface.to_string(), |n| network.interface_label(n));
                let (class, word) = if t.tracked { ("tracked", "Tracked") } else { ("untracked", "Untracked") };
                view! {
                    <li class=format!("tracking-item {class}") data-testid="tracking">
                        <strong>{name}</strong> ": " <span class="tracking-word">{word}</span> ". " {t.reason.clone()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="tracking-box">
                <h3>"Connection tracking"</h3>
                <p class="hint">"A tracked connection outlives the removal of the rule that allowed it, until it idles out; an untracked one is cut at once."</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let request = view! { <LegView leg=verdict.request.clone() network=network.clone()/> };
    let reply = match verdict.reply.clone() {
        Some(leg) => view! { <LegView leg network=network.clone()/> }.into_any(),
        None => {
            let why = if verdict.request.delivered {
                "No reply: this kind of ICMP message has none."
            } else {
                "No reply: the request did not arrive."
            };
            view! { <p class="hint no-reply">{why}</p> }.into_any()
        }
    };
    view! {
        <p class="explanation-summary" role="status" aria-live="polite" data-testid="explanation-summary" data-verdict=outcome.as_str()>
            <span class=badge>{outcome.label()}</span>
            " "
            {verdict.summary.clone()}
        </p>
        {blocked}
        <super::fixes::Fixes/>
        <Playback index verdict=verdict.clone()/>
        {request}
        {reply}
        {tracking}
    }
}

/// How the packet travels: step by step or on its own, and how fast. Kept while no
/// connection is shown, so the mode can be chosen before firing.
#[component]
fn PlaybackSettings() -> impl IntoView {
    let firing = use_firing();
    let speed_options = [(0.5, "Slow"), (1.0, "Normal"), (2.0, "Fast"), (4.0, "Very fast")]
        .into_iter()
        .map(|(value, label)| {
            view! { <option value=value.to_string() selected=move || firing.speed.get() == value>{label}</option> }
        })
        .collect_view();
    view! {
            <div class="playback-settings" role="group" aria-label="Packet animation">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="step-mode"
                        prop:checked=move || firing.step_mode.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            firing.step_mode.set(on);
                            if on {
                                firing.playback.update(|p| {
                                    if let Some(p) = p {
                                        p.playing = false;
                                    }
                                });
                            }
                        }
                    />
                    " Step by step"
                </label>
                <label class="speed">
                    "Speed "
                    <select
                        data-testid="speed"
                        on:change=move |ev| {
                            if let Ok(value) = event_target_value(&ev).parse::<f64>() {
                                firing.speed.set(value);
                            }
                        }
                    >
                        {speed_options}
                    </select>
                </label>
            </div>
    }
}

/// Replay and step through.
#[component]
fn Playback(index: usize, verdict: Verdict) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let kinds = step_kinds(&verdict);
    let total = kinds.len();
    let current = move || firing.playback.get().filter(|p| p.connection == index);
    let playing = move || current().is_some_and(|p| p.playing);
    let position = {
        let kinds = kinds.clone();
        move || {
            let step = current().map_or(total.saturating_sub(1), |p| p.step);
            let words = kinds.get(step).map(|k| step_words(&verdict, *k)).unwrap_or_default();
            format!("Step {} of {total} · {words}", step + 1)
        }
    };
    let at_start = move || current().is_none_or(|p| p.step == 0);
    let at_end = move || current().is_none_or(|p| p.step + 1 >= total);
    let play = move |_| {
        if playing() {
            firing.playback.update(|p| {
                if let Some(p) = p {
                    p.playing = false;
                }
            });
        } else {
            match current() {
                // Resume from where it paused, unless it is at the end.
                Some(p) if p.step + 1 < total => firing.playback.set(Some(Playback { playing: true, ..p })),
                _ => {
                    firing.playback.set(Some(Playback { connection: index, step: 0, playing: true }));
                    if super::prefers_reduced_motion() {
                        firing.playback.set(Some(Playback {
                            connection: index,
                            step: total.saturating_sub(1),
                            playing: false,
                        }));
                    }
                }
            }
        }
    };
    view! {
        <div
            class="playback"
            role="group"
            aria-label="Packet playback (left and right arrow keys step)"
            data-testid="playback"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let delta = match ev.key().as_str() {
                    "ArrowRight" => 1,
                    "ArrowLeft" => -1,
                    _ => return,
                };
                ev.prevent_default();
                if current().is_none() {
                    firing.playback.set(Some(Playback { connection: index, step: 0, playing: false }));
                }
                firing.step_by(&store, delta);
            }
        >
            <div class="playback-buttons">
                <button
                    type="button"
                    class="button"
                    data-testid="previous-hop"
                    disabled=at_start
                    on:click=move |_| firing.step_by(&store, -1)
                >
                    <span aria-hidden="true">"◀"</span>
                    " Previous hop"
                </button>
                <button type="button" class="button primary" data-testid="play" on:click=play>
                    {move || if playing() { "❚❚ Pause" } else if at_end() { "↻ Replay" } else { "▶ Play" }}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="next-hop"
                    disabled=at_end
                    on:click=move |_| {
                        if current().is_none() {
                            firing.playback.set(Some(Playback { connection: index, step: 0, playing: false }));
                        }
                        firing.step_by(&store, 1)
                    }
                >
                    "Next hop "
                    <span aria-hidden="true">"▶"</span>
                </button>
            </div>
            <p class="playback-position" data-testid="playback-position" aria-live="polite">{position}</p>
        </div>
    }
}

#[component]
fn LegView(leg: Leg, network: Network) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let direction = leg.direction;
    let (name, slug) = match direction {
        LegDirection::Request => ("Request", "request"),
        LegDirection::Reply => ("Reply", "reply"),
    };
    let state = if leg.delivered { "delivered" } else { "stopped" };
    let hops = leg
        .hops
        .iter()
        .enumerate()
        .map(|(index, hop)| {
            let (outcome_slug, outcome_label) = outcome_text(hop.outcome);
            let is_current = move || {
                firing.playback.get().is_some_and(|p| {
                    store.ui.shown_connection.get() == Some(p.connection)
                        && FiringSteps::kind_at(&store, p).is_some_and(|k| {
                            matches!(k, StepKind::Hop { leg, index: i, .. } if leg == direction && i == index)
                        })
                })
            };
            let go = move |_| {
                let Some(connection) = store.ui.shown_connection.get_untracked() else { return };
                let step = FiringSteps::step_of(&store, connection, direction, index);
                if let Some(step) = step {
                    firing.playback.set(Some(Playback { connection, step, playing: false }));
                }
            };
            let translated = matches!(hop.kind, HopKind::InternetGatewayEgress | HopKind::InternetGatewayIngress)
                .then(|| view! { <span class="translated">"address translated here"</span> });
            view! {
                <li
                    class=format!("hop hop-{outcome_slug}")
                    class:current=is_current
                    data-testid="hop"
                    data-leg=slug
                    data-index=index.to_string()
                    data-outcome=outcome_slug
                    data-current=move || is_current().to_string()
                    aria-current=move || is_current().then_some("step")
                >
                    <button
                        type="button"
                        class="hop-number"
                        aria-label=format!("Show {} hop {} on the diagram", slug, index + 1)
                        on:click=go
                    >
                        {index + 1}
                    </button>
                    <div class="hop-body">
                        <p class="hop-head">
                            <span class="hop-kind">{kind_label(hop.kind)}</span>
                            <span class=format!("hop-outcome outcome-{outcome_slug}")>{outcome_label}</span>
                        </p>
                        <p class="hop-component">
                            {hop.component.starts_with("eni-").then(|| format!("{} ", component_name(&network, hop)))}
                            <code>{hop.component.clone()}</code>
                        </p>
                        <p class="hop-packet"><code data-testid="hop-packet">{hop.packet.to_string()}</code> {translated}</p>
                        <p class="hop-detail">{hop.detail.clone()}</p>
                        <RuleLine rule=hop.rule.clone() kind=hop.kind outcome=hop.outcome network=network.clone()/>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class=format!("leg leg-{slug}") data-testid=format!("leg-{slug}")>
            <h3>{name} <span class=format!("leg-state leg-{state}")>{state}</span></h3>
            <ol class="hops">{hops}</ol>
        </div>
    }
}

/// The deciding rule: a security group rule or a network ACL entry is a link to it in
/// its tab.
#[component]
fn RuleLine(rule: Option<RuleRef>, kind: HopKind, outcome: HopOutcome, network: Network) -> impl IntoView {
    let store = use_lab();
    match rule {
        Some(RuleRef::SecurityGroupRule { group_id, rule_id }) => {
            let group_name = network.security_group(&group_id).map_or_else(|| group_id.to_string(), |g| g.name.clone());
            let text = format!("Rule {rule_id} of {group_name}");
            let open = move |_| store.open_group(group_id.clone(), Some(rule_id.to_string()));
            view! {
                <p class="hop-rule">
                    "Decided by "
                    <button title="Open this rule in the security group editor" type="button" class="rule-link" data-testid="rule-link" on:click=open>{text}</button>
                </p>
            }
            .into_any()
        }
        Some(RuleRef::NetworkAclEntry { acl_id, rule_number, action }) => {
            let number = rule_number.map_or_else(|| "*".to_owned(), |n| n.to_string());
            let action = if action == RuleAction::Allow { "allow" } else { "deny" };
            let direction =
                if kind == HopKind::NetworkAclOutbound { sglab_engine::Direction::Outbound } else { sglab_engine::Direction::Inbound };
            let text = format!("rule {number} ({action}) of {acl_id}");
            let open = move |_| crate::acls::open_acl(&store, acl_id.clone(), Some((direction, number.clone())));
            view! {
                <p class="hop-rule">
                    "Decided by "
                    <button title="Open this rule in the network ACL's details" type="button" class="rule-link" data-testid="acl-rule-link" on:click=open>{text}</button>
                </p>
            }
            .into_any()
        }
        Some(RuleRef::Route { route_table_id, destination, target }) => view! {
            <p class="hop-rule">"Route " <code>{format!("{destination} → {target}")}</code> " in " <code>{route_table_id.to_string()}</code></p>
        }
        .into_any(),
        None => {
            let text = match outcome {
                HopOutcome::AllowedByTracking => Some("No rule needed: the reply to an allowed request."),
                HopOutcome::Blocked => Some("No rule matches, so the implicit deny applies."),
                HopOutcome::Allowed => None,
            };
            text.map(|t| view! { <p class="hop-rule quiet">{t}</p> }).into_any()
        }
    }
}

/// Step lookups for the hop list.
struct FiringSteps;

impl FiringSteps {
    fn kinds(store: &crate::store::LabStore, connection: usize) -> Vec<StepKind> {
        store.lab.with(|lab| {
            lab.connections
                .connections()
                .get(connection)
                .and_then(|c| c.verdict.as_ref().ok())
                .map(step_kinds)
                .unwrap_or_default()
        })
    }

    fn kind_at(store: &crate::store::LabStore, playback: Playback) -> Option<StepKind> {
        Self::kinds(store, playback.connection).get(playback.step).copied()
    }

    fn step_of(store: &crate::store::LabStore, connection: usize, leg: LegDirection, index: usize) -> Option<usize> {
        Self::kinds(store, connection)
            .iter()
            .position(|k| matches!(k, StepKind::Hop { leg: l, index: i, .. } if *l == leg && *i == index))
    }
}
