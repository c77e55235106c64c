//! The Connections tab: the fire form, the chapter's four connections, the explanation
//! of the shown connection and the list of fired connections.

use super::explain::Explanation;
use super::form::{
    end_choices, has_source_port, service_choices, service_inputs, Field, FieldError, ServiceInputs, TYPED,
};
use super::{clear, fire, forget, use_firing, FiringState};
use crate::outcome::FireOutcome;
use crate::store::{use_lab, LabStore};
use crate::ui::errors::field_messages;
use leptos::prelude::*;
use sglab_engine::connections::{Connection, Session};
use sglab_engine::example::{chapter_connections, ChapterConnection};
use sglab_engine::DEFAULT_SOURCE_PORT;

/// The Connections tab.
#[component]
pub fn ConnectionsPanel() -> impl IntoView {
    // What would make the shown connection work, worked out once per change.
    super::fixes::provide_fixes();
    let store = use_lab();
    // The four connections are between the chapter's machines: on another network (an
    // import, a challenge's) their addresses mean nothing, or something else.
    let is_chapter = Memo::new(move |_| store.lab.with(|lab| crate::lab::is_chapter_network(&lab.network)));
    view! {
        <FireForm/>
        <Show when=move || is_chapter.get()>
            <section class="panel connections" aria-labelledby="connections-heading">
                <h2 id="connections-heading">"The chapter's four connections"</h2>
                <p class="hint">"One click each. The arrow on the diagram shows how far each gets."</p>
                <ol class="connection-list">
                    {chapter_connections().into_iter().map(|connection| view! { <ChapterCard connection/> }).collect_view()}
                </ol>
            </section>
        </Show>
        <Explanation/>
        <FiredList/>
    }
}

/// Does the lab still hold the chapter's VPC, App Server and database?
/// Choose two ends and a service, and fire.
#[component]
fn FireForm() -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let draft = firing.draft;
    let (errors, set_errors) = signal(Vec::<FieldError>::new());
    let (engine_error, set_engine_error) = signal(None::<String>);
    let field_error =
        move |field: Field| field_messages(errors.into(), field, format!("fire-error-{field:?}").to_lowercase());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_engine_error.set(None);
        let parsed = store.lab.with_untracked(|lab| draft.with_untracked(|d| d.parse(&lab.network)));
        match parsed {
            Err(found) => set_errors.set(found),
            Ok(flow) => {
                set_errors.set(Vec::new());
                // On success the explanation comes into view (`fire`).
                if let Err(message) = fire(&store, &firing, flow) {
                    set_engine_error.set(Some(message));
                }
            }
        }
    };
    let inputs = move || draft.with(|d| service_inputs(&d.service));
    let with_ports = move || draft.with(|d| has_source_port(&d.service));
    let services = service_choices()
        .map(|t| {
            let label = t.preset().label;
            let text = match t.preset().port {
                Some(port) => format!("{label} ({port})"),
                None => label.to_owned(),
            };
            view! { <option value=label selected=move || draft.with(|d| d.service == label)>{text}</option> }
        })
        .collect_view();
    view! {
        <section class="panel fire-panel" aria-labelledby="fire-heading">
            <h2 id="fire-heading">"Fire a connection"</h2>
            <form class="fire-form" on:submit=submit novalidate data-testid="fire-form">
                <EndPicker
                    label="Source"
                    internet_label="From the internet"
                    field=Field::Source
                    store
                    firing
                    errors
                />
                <EndPicker
                    label="Destination"
                    internet_label="On the internet"
                    field=Field::Destination
                    store
                    firing
                    errors
                />
                <div class="fire-field">
                    <label for="fire-service">"Type"</label>
                    <select
                        id="fire-service"
                        data-testid="fire-service"
                        on:change=move |ev| draft.update(|d| d.service = event_target_value(&ev))
                    >
                        {services}
                    </select>
                </div>
                <Show when=move || inputs() == ServiceInputs::Port>
                    <div class="fire-field narrow">
                        <label for="fire-port">"Port"</label>
                        <input
                            id="fire-port"
                            data-testid="fire-port"
                            inputmode="numeric"
                            prop:value=move || draft.with(|d| d.port.clone())
                            on:input=move |ev| draft.update(|d| d.port = event_target_value(&ev))
                        />
                        {field_error(Field::Port)}
                    </div>
                </Show>
                <Show when=move || inputs() == ServiceInputs::IcmpTypeCode>
                    <div class="fire-field narrow">
                        <label for="fire-icmp-type">"ICMP type"</label>
                        <input
                            id="fire-icmp-type"
                            inputmode="numeric"
                            prop:value=move || draft.with(|d| d.icmp_type.clone())
                            on:input=move |ev| draft.update(|d| d.icmp_type = event_target_value(&ev))
                        />
                        {field_error(Field::IcmpType)}
                    </div>
                    <div class="fire-field narrow">
                        <label for="fire-icmp-code">"Code"</label>
                        <input
                            id="fire-icmp-code"
                            inputmode="numeric"
                            prop:value=move || draft.with(|d| d.icmp_code.clone())
                            on:input=move |ev| draft.update(|d| d.icmp_code = event_target_value(&ev))
                        />
                        {field_error(Field::IcmpCode)}
                    </div>
                </Show>
                <Show when=move || inputs() == ServiceInputs::ProtocolNumber>
                    <div class="fire-field narrow">
                        <label for="fire-protocol">"Protocol number"</label>
                        <input
                            id="fire-protocol"
                            inputmode="numeric"
                            prop:value=move || draft.with(|d| d.protocol_number.clone())
                            on:input=move |ev| draft.update(|d| d.protocol_number = event_target_value(&ev))
                        />
                        {field_error(Field::ProtocolNumber)}
                    </div>
                </Show>
                <Show when=with_ports>
                    <div class="fire-field narrow">
                        <label for="fire-source-port">"Source port"</label>
                        <input
                            id="fire-source-port"
                            data-testid="fire-source-port"
                            inputmode="numeric"
                            placeholder=DEFAULT_SOURCE_PORT.to_string()
                            aria-describedby="fire-source-port-hint"
                            prop:value=move || draft.with(|d| d.source_port.clone())
                            on:input=move |ev| draft.update(|d| d.source_port = event_target_value(&ev))
                        />
                        {field_error(Field::SourcePort)}
                    </div>
                </Show>
                <div class="fire-actions">
                    <button type="submit" class="button primary fire-submit" data-testid="fire-submit">
                        "Fire"
                    </button>
                </div>
                <Show when=with_ports>
                    <p class="fire-hint" id="fire-source-port-hint">
                        "Source port: the ephemeral port a client's OS picks; 50000 is in every common range "
                        "(Linux 32768–60999, Windows 49152–65535). Replies return to it."
                    </p>
                </Show>
            </form>
            <p class="fire-error" role="alert" data-testid="fire-error">
                {move || engine_error.get().map(|message| view! { <span class="fire-error-icon" aria-hidden="true">"⚠"</span> {message} })}
            </p>
        </section>
    }
}

/// A source or destination: a resource, an internet host, or a typed address.
#[component]
fn EndPicker(
    label: &'static str,
    internet_label: &'static str,
    field: Field,
    store: LabStore,
    firing: FiringState,
    errors: ReadSignal<Vec<FieldError>>,
) -> impl IntoView {
    let draft = firing.draft;
    let source = field == Field::Source;
    let slug = if source { "source" } else { "destination" };
    let choice = move || draft.with(|d| if source { d.source.clone() } else { d.destination.clone() });
    let options = move || {
        let (lab, hosts) = store.lab.with(|lab| end_choices(&lab.network));
        let option = move |(value, text): (String, String)| {
            let selected = {
                let value = value.clone();
                move || choice() == value
            };
            view! { <option value=value selected=selected>{text}</option> }
        };
        view! {
            <optgroup label="In the lab">{lab.into_iter().map(option).collect_view()}</optgroup>
            <optgroup label=internet_label>{hosts.into_iter().map(option).collect_view()}</optgroup>
            <optgroup label="Other">
                <option value=TYPED selected=move || choice() == TYPED>"Type an address…"</option>
            </optgroup>
        }
    };
    let typed = move || choice() == TYPED;
    view! {
        <div class="fire-field">
            <label for=format!("fire-{slug}")>{label}</label>
            <select
                id=format!("fire-{slug}")
                data-testid=format!("fire-{slug}")
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| if source { d.source = value } else { d.destination = value });
                }
            >
                {options}
            </select>
            <Show when=typed>
                <input
                    class="fire-address"
                    data-testid=format!("fire-{slug}-address")
                    aria-label=format!("{label} address")
                    placeholder="8.8.8.8"
                    prop:value=move || draft.with(|d| if source { d.source_text.clone() } else { d.destination_text.clone() })
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| if source { d.source_text = value } else { d.destination_text = value });
                    }
                />
            </Show>
            {field_messages(errors.into(), field, format!("fire-error-{slug}"))}
        </div>
    }
}

/// The latest fired connection with this flow, as it fares now.
fn latest_with_flow(store: &LabStore, flow: &sglab_engine::Flow) -> Option<(usize, Connection)> {
    store.lab.with(|lab| {
        let all = lab.connections.connections();
        all.iter().enumerate().rev().find(|(_, c)| c.flow == *flow).map(|(i, c)| (i, c.clone()))
    })
}

/// One of the chapter's connections: its number, title, Fire button and current verdict.
#[component]
fn ChapterCard(connection: ChapterConnection) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let number = connection.number;
    let flow = connection.flow;
    let flow_text = format!("{} → {} · {}", flow.source, flow.destination, flow.service);
    let expected = if connection.chapter_says_allowed { "allowed" } else { "denied" };
    let (error, set_error) = signal(None::<String>);
    let outcome = {
        let flow = flow.clone();
        Memo::new(move |_| match error.get() {
            Some(message) => Some(FireOutcome::Error { message }),
            None => latest_with_flow(&store, &flow).map(|(_, c)| FireOutcome::from_result(c.verdict)),
        })
    };
    let on_fire = {
        let flow = flow.clone();
        move |_| set_error.set(fire(&store, &firing, flow.clone()).err())
    };
    let verdict_state = move || outcome.with(|fired| fired.as_ref().map_or("none", FireOutcome::as_str));
    let shown = {
        let flow = flow.clone();
        move || {
            let latest = latest_with_flow(&store, &flow).map(|(i, _)| i);
            latest.is_some() && store.ui.shown_connection.get() == latest
        }
    };
    view! {
        <li class="connection" class:shown=shown data-testid=format!("connection-{number}")>
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
                    class="button primary fire"
                    aria-label=format!("Fire connection {number}")
                    data-testid=format!("fire-{number}")
                    on:click=on_fire
                >
                    "Fire"
                </button>
            </div>
            <div class="verdict" data-testid=format!("verdict-{number}") data-verdict=verdict_state>
                {move || outcome.get().map(|fired| view! { <VerdictLine outcome=fired number/> })}
            </div>
        </li>
    }
}

/// A fired chapter connection's answer: a badge, the summary sentence, and the reason when blocked.
#[component]
fn VerdictLine(outcome: FireOutcome, number: u8) -> impl IntoView {
    let badge_class = format!("badge badge-{}", outcome.as_str());
    let reason = outcome.reason().map(|reason| reason.code.clone()).map(|code| {
        view! {
            <span class="verdict-reason">
                "Reason " <code class="reason-code" data-testid="reason-code">{code}</code>
            </span>
        }
    });
    // The chapter blames the App Server's group for connection 4; in AWS its rule for
    // 0.0.0.0/0 includes 10.1.2.15, so the lab says what really stops it.
    let note = (number == 4 && outcome.as_str() == "denied").then(|| {
        view! {
            <p class="chapter-note" data-testid="chapter-note">
                "The chapter says the App Server's group stops this. It could not: its rule for 0.0.0.0/0 "
                "includes 10.1.2.15. What stops it is the database's own group, which has no outbound rule."
            </p>
        }
    });
    view! {
        <p class="verdict-line">
            <span class=badge_class data-testid="verdict-label">{outcome.label()}</span>
            {reason}
        </p>
        <p class="verdict-summary" data-testid="verdict-summary">{outcome.sentence().to_owned()}</p>
        {note}
    }
}

/// Every fired connection, judged again after each change.
#[component]
fn FiredList() -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let count = move || store.lab.with(|lab| lab.connections.connections().len());
    let items = move || {
        let connections = store.lab.with(|lab| lab.connections.connections().to_vec());
        connections.into_iter().enumerate().map(|(index, c)| view! { <FiredItem index connection=c/> }).collect_view()
    };
    view! {
        <section class="panel fired-panel" aria-labelledby="fired-heading" data-testid="fired-list">
            <div class="panel-head">
                <h2 id="fired-heading">"Fired connections"</h2>
                <button
                    type="button"
                    class="button danger"
                    data-testid="clear-connections"
                    disabled=move || { count() == 0 }
                    on:click=move |_| clear(&store, &firing)
                >
                    "Clear all"
                </button>
            </div>
            <Show
                when=move || { count() > 0 }
                fallback=|| view! { <p class="hint empty">"Nothing fired yet. Each connection you fire stays here and is judged again whenever a rule changes."</p> }
            >
                <p class="hint">"Each is judged again whenever a rule changes: the verdict is how a new connection would fare now; the session is what became of this one."</p>
                <ol class="fired-list">{items}</ol>
            </Show>
        </section>
    }
}

/// A session's word and its class.
fn session_text(session: &Session) -> (&'static str, &'static str, Option<String>) {
    match session {
        Session::NotOpen => ("never-opened", "Never opened", None),
        Session::Open => ("open", "Open", None),
        Session::OpenByTracking { explanation } => {
            ("open-by-tracking", "Still open by tracking", Some(explanation.clone()))
        }
        Session::Cut { code, explanation } => {
            let text = match code {
                Some(code) => format!("{code}: {explanation}"),
                None => explanation.clone(),
            };
            ("cut", "Cut", Some(text))
        }
    }
}

#[component]
fn FiredItem(index: usize, connection: Connection) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let number = connection.number;
    let outcome = FireOutcome::from_result(connection.verdict.clone());
    let title = match &connection.verdict {
        Ok(v) => format!("{} → {} · {}", v.source.label, v.destination.label, v.flow.service),
        Err(_) => format!("{} → {} · {}", connection.flow.source, connection.flow.destination, connection.flow.service),
    };
    let (session_state, session_label, session_explanation) = session_text(&connection.session);
    let shown = move || store.ui.shown_connection.get() == Some(index);
    let show = move |_| {
        store.ui.shown_connection.set(Some(index));
        firing.play(&store, index);
    };
    view! {
        <li
            class="fired"
            class:shown=shown
            data-testid=format!("fired-{index}")
            data-verdict=outcome.as_str()
            data-session=session_state
        >
            <button
                type="button"
                class="fired-main"
                aria-label=format!("Show connection #{number}: {title}")
                aria-current=move || shown().then_some("true")
                on:click=show
            >
                <span class="fired-number">"#" {number}</span>
                <span class="fired-title">{title.clone()}</span>
                <span class="fired-badges">
                    <span class=format!("badge badge-{}", outcome.as_str()) data-testid="fired-verdict">{outcome.label()}</span>
                    <span class=format!("session session-{session_state}") data-testid="fired-session">{session_label}</span>
                </span>
            </button>
            <button
                type="button"
                class="icon-button forget"
                title="Forget"
                aria-label=format!("Forget connection #{number}")
                data-testid="forget"
                on:click=move |_| forget(&store, &firing, index)
            >
                "✕"
            </button>
            {session_explanation.map(|text| view! { <p class="session-explanation">{text}</p> })}
        </li>
    }
}
