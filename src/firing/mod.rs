//! Firing connections: choosing a source, a destination and a service, the chapter's
//! four connections in one click each, the explanation of a verdict, and the list of
//! fired connections, re-judged as the lab changes.

use crate::outcome::FireOutcome;
use leptos::prelude::*;
use sglab_engine::example::{chapter_connections, ChapterConnection};
use sglab_engine::{evaluate, Network};
use std::sync::Arc;

/// The Connections tab.
#[component]
pub fn ConnectionsPanel() -> impl IntoView {
    let store = crate::store::use_lab();
    let network = Arc::new(store.lab.with_untracked(|lab| lab.network.clone()));
    let connections = chapter_connections()
        .into_iter()
        .map(|connection| view! { <ConnectionCard connection network=Arc::clone(&network)/> })
        .collect_view();
    view! {
        <section class="panel connections" aria-labelledby="connections-heading">
            <h2 id="connections-heading">"The chapter's four connections"</h2>
            <p class="hint">"Fire a connection to see whether it gets through, and why."</p>
            <ol class="connection-list">{connections}</ol>
        </section>
    }
}

/// What the diagram draws of fired connections: arrows and travelling packets.
/// Rendered by the diagram inside its zoomed and panned group, in diagram coordinates.
#[component]
pub fn FlowLayer() -> impl IntoView {
    view! { <g class="flow-layer"></g> }
}

/// One of the chapter's connections, its Fire button, and the verdict once fired.
#[component]
fn ConnectionCard(
    /// The connection, as the chapter numbers and titles it.
    connection: ChapterConnection,
    /// The network it is judged against.
    network: Arc<Network>,
) -> impl IntoView {
    let number = connection.number;
    let (outcome, set_outcome) = signal(None::<FireOutcome>);
    let flow = connection.flow;
    let flow_text = format!("{} → {} · {}", flow.source, flow.destination, flow.service);
    let expected = if connection.chapter_says_allowed { "allowed" } else { "denied" };
    let fire = move |_| set_outcome.set(Some(FireOutcome::from_result(evaluate(&network, &flow))));
    let verdict_state = move || outcome.with(|fired| fired.as_ref().map_or("none", FireOutcome::as_str));
    view! {
        <li class="connection" data-testid=format!("connection-{number}")>
            <div class="connection-head">
                <span class="connection-number" aria-hidden="true">{number}</span>
                <div class="connection-text">
                    <h3 class="connection-title">{connection.title}</h3>
                    <p class="connection-flow">
                        <code>{flow_text}</code>
                        <span class="expected">"chapter: " {expected}</span>
                    </p>
                </div>
                <button
                    type="button"
                    class="fire"
                    aria-label=format!("Fire connection {number}")
                    data-testid=format!("fire-{number}")
                    on:click=fire
                >
                    "Fire"
                </button>
            </div>
            <div
                class="verdict"
                role="status"
                aria-live="polite"
                data-testid=format!("verdict-{number}")
                data-verdict=verdict_state
            >
                {move || outcome.get().map(|fired| view! { <VerdictView outcome=fired/> })}
            </div>
        </li>
    }
}

/// A fired connection's answer: a badge, the summary sentence, and the reason when blocked.
#[component]
fn VerdictView(
    /// What the engine answered.
    outcome: FireOutcome,
) -> impl IntoView {
    let badge_class = format!("badge badge-{}", outcome.as_str());
    let explanation = outcome.explanation_beyond_summary().map(str::to_owned);
    let reason = outcome.reason().map(|reason| reason.code.clone()).map(|code| {
        view! {
            <p class="verdict-reason">
                "Reason code " <code class="reason-code" data-testid="reason-code">{code}</code>
                {explanation.map(|text| view! { <span class="reason-text">{text}</span> })}
            </p>
        }
    });
    view! {
        <p class="verdict-line">
            <span class=badge_class data-testid="verdict-label">{outcome.label()}</span>
            <span class="verdict-summary" data-testid="verdict-summary">{outcome.sentence().to_owned()}</span>
        </p>
        {reason}
    }
}
