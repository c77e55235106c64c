//! SG Lab in the browser: the chapter's network and its four connections, each
//! fired through the engine compiled to WebAssembly.
//!
//! `main.rs` only mounts [`App`]; what the page shows is computed by plain code in
//! [`summary`] and [`outcome`], which native tests cover.

pub mod outcome;
pub mod summary;

use leptos::prelude::*;
use outcome::FireOutcome;
use sglab_engine::example::{chapter, chapter_connections, ChapterConnection};
use sglab_engine::{evaluate, Network};
use std::sync::Arc;
use summary::{NetworkSummary, SubnetSummary, VpcSummary};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let network = Arc::new(chapter());
    let summary = NetworkSummary::of(&network);
    let connections = chapter_connections()
        .into_iter()
        .map(|connection| view! { <ConnectionCard connection network=Arc::clone(&network)/> })
        .collect_view();
    view! {
        <header class="masthead">
            <h1>"SG Lab"</h1>
            <p class="tagline">"How AWS security groups and network ACLs decide traffic."</p>
        </header>
        <main class="page">
            <NetworkPanel summary/>
            <section class="panel connections" aria-labelledby="connections-heading">
                <h2 id="connections-heading">"The chapter's four connections"</h2>
                <p class="hint">"Fire a connection to see whether it gets through, and why."</p>
                <ol class="connection-list">{connections}</ol>
            </section>
        </main>
    }
}

/// The network in words: VPCs, their subnets and interfaces, and internet hosts.
#[component]
fn NetworkPanel(
    /// The network to describe.
    summary: NetworkSummary,
) -> impl IntoView {
    let vpcs = summary.vpcs.into_iter().map(|vpc| view! { <VpcView vpc/> }).collect_view();
    let hosts = summary
        .internet_hosts
        .into_iter()
        .map(|host| {
            view! {
                <li class="host">
                    <span class="host-name">{host.name}</span>
                    <code>{host.address}</code>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel network" aria-labelledby="network-heading" data-testid="network-summary">
            <h2 id="network-heading">"The chapter's network"</h2>
            {vpcs}
            <div class="internet">
                <h3>"On the internet"</h3>
                <ul class="hosts">{hosts}</ul>
            </div>
        </section>
    }
}

#[component]
fn VpcView(
    /// The VPC to describe.
    vpc: VpcSummary,
) -> impl IntoView {
    let gateway = vpc.internet_gateway.map(|id| {
        view! {
            <span class="gateway">"internet gateway " <code>{id}</code></span>
        }
    });
    let subnets = vpc.subnets.into_iter().map(|subnet| view! { <SubnetView subnet/> }).collect_view();
    view! {
        <div class="vpc" data-testid="vpc">
            <p class="vpc-line">
                <strong>"VPC " {vpc.name}</strong>
                <code>{vpc.cidrs}</code>
                {gateway}
            </p>
            <ul class="subnets">{subnets}</ul>
        </div>
    }
}

#[component]
fn SubnetView(
    /// The subnet to describe.
    subnet: SubnetSummary,
) -> impl IntoView {
    let (reach_class, reach_label) =
        if subnet.public { ("reach reach-public", "public") } else { ("reach reach-private", "private") };
    let interfaces = subnet
        .interfaces
        .into_iter()
        .map(|interface| {
            let public_ip = interface.public_ip.map(|ip| view! { " · public " <code>{ip}</code> });
            view! {
                <li class="interface">
                    <span class="interface-name">{interface.name}</span>
                    <span class="interface-detail">
                        <code>{interface.private_ip}</code>
                        {public_ip}
                        " · " <span class="groups">{interface.security_groups.join(", ")}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="subnet">
            <p class="subnet-line">
                <strong>{subnet.name}</strong>
                <code>{subnet.cidr}</code>
                <span class=reach_class>{reach_label}</span>
            </p>
            <ul class="interfaces">{interfaces}</ul>
        </li>
    }
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
