//! The "Who can reach" tab: the reachability matrix of the lab for one service (every
//! source × destination, allowed or blocked and by what), filters on its rows and
//! columns, and the one-line questions asked of it. A cell fires its connection on the
//! diagram.
//!
//! The matrix is a memo over the lab's network and the chosen service, so a rule edit
//! updates it and nothing else does. Above [`model::GRID_LIMIT`] sources or
//! destinations the grid is not drawn (a thousand interfaces would be a million
//! buttons): the counts and the questions still answer for the whole lab.
//!
//! What the tab shows is plain logic in [`model`], tested natively.

pub mod model;

use crate::firing::{fire, use_firing, FiringState};
use crate::lessons::line_view;
use crate::store::{use_lab, LabStore, Tab};
use leptos::prelude::*;
use model::*;
use sglab_engine::reach::ReachMatrix;
use sglab_engine::{Network, Service};

/// What the tab remembers while another tab is open.
#[derive(Clone, Copy)]
pub struct ReachState {
    pub draft: RwSignal<ServiceDraft>,
    /// The service the picker last read without error: the one the matrix shows.
    pub service: RwSignal<Service>,
    pub filters: RwSignal<Filters>,
    /// The question as typed.
    pub question: RwSignal<String>,
    /// The question last asked; its answer follows the lab as it changes.
    pub asked: RwSignal<Option<String>>,
}

/// Makes the tab's state outlive the tab; call once at the top of the app.
pub fn provide_reach() -> ReachState {
    let state = ReachState {
        draft: RwSignal::new(ServiceDraft::default()),
        service: RwSignal::new(Service::Tcp { port: 443 }),
        filters: RwSignal::new(Filters::default()),
        question: RwSignal::new(String::new()),
        asked: RwSignal::new(None),
    };
    provide_context(state);
    state
}

pub fn use_reach() -> ReachState {
    use_context::<ReachState>().unwrap_or_else(provide_reach)
}

/// The matrix, rebuilt when the network or the service changes. It is never compared
/// with the one before (that would read a million cells): a rebuild always notifies.
type MatrixMemo = Memo<ReachMatrix>;

/// The "Who can reach" tab.
#[component]
pub fn ReachPanel() -> impl IntoView {
    let store = use_lab();
    let state = use_reach();
    // Dragging a node or firing a connection changes the lab but not its network.
    let network = Memo::new(move |_| store.lab.with(|lab| lab.network.clone()));
    let matrix: MatrixMemo = Memo::new_with_compare(
        move |_| {
            let service = state.service.get();
            network.with(|n| measured("reach-matrix", || ReachMatrix::build(n, service)))
        },
        |_, _| true,
    );
    let firer = Firer { store, firing: use_firing(), error: RwSignal::new(None) };
    view! {
        <section class="panel reach-panel" aria-labelledby="reach-heading">
            <h2 id="reach-heading">"Who can reach whom"</h2>
            <p class="hint">
                "Every source × destination for one service, judged as a connection would be. "
                "Press a cell to fire it on the diagram."
            </p>
            <ServicePicker state/>
            <FilterBar state network/>
            <MatrixView state network matrix firer/>
        </section>
        <AskPanel state network matrix firer/>
    }
}

/// Fires a connection from the tab and shows it: the packet on the diagram, the
/// explanation in the Connections tab. The engine's refusal stays here, in `error`.
#[derive(Clone, Copy)]
struct Firer {
    store: LabStore,
    firing: FiringState,
    error: RwSignal<Option<String>>,
}

impl Firer {
    fn fire(&self, flow: sglab_engine::Flow) {
        match fire(&self.store, &self.firing, flow) {
            Ok(_) => {
                self.error.set(None);
                self.store.ui.tab.set(Tab::Connections);
            }
            Err(message) => self.error.set(Some(message)),
        }
    }
}

/// Type preset and, for the custom types, the port, ICMP type and code, or protocol number.
#[component]
fn ServicePicker(state: ReachState) -> impl IntoView {
    let draft = state.draft;
    let errors = RwSignal::new(Vec::<ServiceError>::new());
    let edit = move |change: &dyn Fn(&mut ServiceDraft)| {
        draft.update(|d| change(d));
        match draft.with_untracked(ServiceDraft::parse) {
            Ok(service) => {
                errors.set(Vec::new());
                if state.service.get_untracked() != service {
                    state.service.set(service);
                }
            }
            Err(found) => errors.set(found),
        }
    };
    let error_for = move |field: ServiceField, id: &'static str| {
        move || {
            errors.with(|errors| {
                errors.iter().find(|e| e.field == field).map(|e| {
                    view! { <span class="field-error" id=id data-testid="reach-service-error">{e.message.clone()}</span> }
                })
            })
        }
    };
    let inputs = move || draft.with(|d| crate::firing::form::service_inputs(&d.rule_type));
    let types = service_types()
        .map(|t| {
            let label = t.label();
            view! { <option value=label selected=move || draft.with(|d| d.rule_type == label)>{type_option_text(t)}</option> }
        })
        .collect_view();
    use crate::firing::form::ServiceInputs;
    view! {
        <div class="reach-service" role="group" aria-label="Service">
            <div class="fire-field">
                <label for="reach-type">"Type"</label>
                <select
                    id="reach-type"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        edit(&|d| d.rule_type = value.clone());
                    }
                >
                    {types}
                </select>
                {error_for(ServiceField::Type, "reach-type-error")}
            </div>
            <Show when=move || inputs() == ServiceInputs::Port>
                <div class="fire-field narrow">
                    <label for="reach-port">"Port"</label>
                    <input
                        id="reach-port"
                        inputmode="numeric"
                        aria-describedby="reach-port-error"
                        prop:value=move || draft.with(|d| d.port.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|d| d.port = value.clone());
                        }
                    />
                    {error_for(ServiceField::Port, "reach-port-error")}
                </div>
            </Show>
            <Show when=move || inputs() == ServiceInputs::IcmpTypeCode>
                <div class="fire-field narrow">
                    <label for="reach-icmp-type">"ICMP type"</label>
                    <input
                        id="reach-icmp-type"
                        inputmode="numeric"
                        prop:value=move || draft.with(|d| d.icmp_type.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|d| d.icmp_type = value.clone());
                        }
                    />
                    {error_for(ServiceField::IcmpType, "reach-icmp-type-error")}
                </div>
                <div class="fire-field narrow">
                    <label for="reach-icmp-code">"Code"</label>
                    <input
                        id="reach-icmp-code"
                        inputmode="numeric"
                        prop:value=move || draft.with(|d| d.icmp_code.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|d| d.icmp_code = value.clone());
                        }
                    />
                    {error_for(ServiceField::IcmpCode, "reach-icmp-code-error")}
                </div>
            </Show>
            <Show when=move || inputs() == ServiceInputs::ProtocolNumber>
                <div class="fire-field narrow">
                    <label for="reach-protocol">"Protocol number"</label>
                    <input
                        id="reach-protocol"
                        inputmode="numeric"
                        prop:value=move || draft.with(|d| d.protocol_number.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|d| d.protocol_number = value.clone());
                        }
                    />
                    {error_for(ServiceField::ProtocolNumber, "reach-protocol-error")}
                </div>
            </Show>
        </div>
    }
}

/// Name, subnet and security group filters for the sources (rows) and the
/// destinations (columns).
#[component]
fn FilterBar(state: ReachState, network: Memo<Network>) -> impl IntoView {
    let filters = state.filters;
    let row = move |sources: bool| {
        let axis = if sources { "Sources" } else { "Destinations" };
        let slug = if sources { "sources" } else { "destinations" };
        let read = move |f: &Filters| if sources { f.sources.clone() } else { f.destinations.clone() };
        let change = move |set: &dyn Fn(&mut EndFilter)| {
            filters.update(|f| set(if sources { &mut f.sources } else { &mut f.destinations }));
        };
        let subnet_options = move || {
            let chosen = filters.with(|f| read(f).subnet);
            network
                .with(subnet_choices)
                .into_iter()
                .map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                })
                .collect_view()
        };
        let group_options = move || {
            let chosen = filters.with(|f| read(f).group);
            network
                .with(group_choices)
                .into_iter()
                .map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                })
                .collect_view()
        };
        view! {
            <div class="reach-filter" role="group" aria-label=format!("{axis} filter")>
                <span class="reach-filter-axis" aria-hidden="true">{axis}</span>
                <input
                    type="search"
                    aria-label=format!("{axis}: name, id or address")
                    placeholder="Name, id or address"
                    data-testid=format!("reach-{slug}-text")
                    prop:value=move || filters.with(|f| read(f).text)
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        change(&|f| f.text = value.clone());
                    }
                />
                <select
                    aria-label=format!("{axis}: subnet")
                    data-testid=format!("reach-{slug}-subnet")
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        change(&|f| f.subnet = value.clone());
                    }
                >
                    <option value="" selected=move || filters.with(|f| read(f).subnet.is_empty())>"Any subnet"</option>
                    {subnet_options}
                </select>
                <select
                    aria-label=format!("{axis}: security group")
                    data-testid=format!("reach-{slug}-group")
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        change(&|f| f.group = value.clone());
                    }
                >
                    <option value="" selected=move || filters.with(|f| read(f).group.is_empty())>"Any group"</option>
                    {group_options}
                </select>
            </div>
        }
    };
    let any = move || filters.with(|f| !f.sources.is_empty() || !f.destinations.is_empty());
    view! {
        <div class="reach-filters">
            {row(true)}
            {row(false)}
            <Show when=any>
                <button type="button" class="button reach-clear" on:click=move |_| filters.set(Filters::default())>
                    "Clear filters"
                </button>
            </Show>
        </div>
    }
}

/// The counts, then the grid (or why it is not drawn), the legend and the details line.
#[component]
fn MatrixView(state: ReachState, network: Memo<Network>, matrix: MatrixMemo, firer: Firer) -> impl IntoView {
    // (rows, columns): end indexes the filters let through.
    let axes = Memo::new_with_compare(
        move |_| {
            state
                .filters
                .with(|f| matrix.with(|m| network.with(|n| (select(m, n, &f.sources), select(m, n, &f.destinations)))))
        },
        |_, _| true,
    );
    let counts = Memo::new(move |_| {
        axes.with(|(rows, columns)| matrix.with(|m| measured("reach-counts", || counts(m, rows, columns))))
    });
    let service = move || matrix.with(|m| service_text(m.service));
    let filtered = move || state.filters.with(|f| !f.sources.is_empty() || !f.destinations.is_empty());
    let summary = move || {
        let c = counts.get();
        let (rows, columns) = axes.with(|(r, c)| (r.len(), c.len()));
        let scope = if filtered() {
            format!("{} sources × {} destinations (filtered)", thousands(rows), thousands(columns))
        } else {
            format!("{} ends", thousands(rows))
        };
        let reasons = c
            .by_reason
            .iter()
            .map(|(code, n)| {
                // The code's meaning is written beside it, for every reader, not only on hover.
                view! {
                    <li>
                        <span class="reach-reason-count">{thousands(*n)}</span>
                        " "
                        <code class="reason-code">{code.as_str()}</code>
                        ": "
                        <span class="reason-meaning">{reason_meaning(*code)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="reach-summary" data-testid="reach-summary">
                <strong>{service()}</strong>
                " · " {scope} ": "
                <span class="reach-count allowed" data-testid="reach-allowed">{thousands(c.allowed)} " allowed"</span>
                ", "
                <span class="reach-count blocked" data-testid="reach-blocked">{thousands(c.blocked)} " blocked"</span>
                {(c.not_connections > 0).then(|| view! { ", " <span class="reach-count none">{thousands(c.not_connections)} " not connections"</span> })}
                " of " {thousands(c.pairs())} " pairs."
            </p>
            {(!c.by_reason.is_empty()).then(|| view! {
                <ul class="reach-reasons" aria-label="Blocked pairs by reason">{reasons}</ul>
            })}
        }
    };
    // The cell whose details are shown: (source, destination) end indexes.
    let shown = RwSignal::new(None::<(usize, usize)>);
    let details = move || {
        let text = match shown.get() {
            None => "Point at a cell, or move to it with the arrow keys, to read what decides it.".to_owned(),
            Some((from, to)) => matrix.with(|m| {
                network
                    .with(|n| if from < m.len() && to < m.len() { cell_details(m, n, from, to) } else { String::new() })
            }),
        };
        line_view(&text)
    };
    let grid = move || {
        let (rows, columns) = axes.get();
        if rows.len() > GRID_LIMIT || columns.len() > GRID_LIMIT {
            return view! {
                <p class="reach-too-big" data-testid="reach-too-big">
                    "The grid is drawn for at most " {GRID_LIMIT} " sources and " {GRID_LIMIT} " destinations; "
                    "the filters let " {thousands(rows.len())} " × " {thousands(columns.len())} " through. "
                    "Narrow them by name, subnet or security group, or ask a question below: "
                    "the counts above and the answers cover every pair."
                </p>
            }
            .into_any();
        }
        if rows.is_empty() || columns.is_empty() {
            let which = if rows.is_empty() { "source" } else { "destination" };
            return view! { <p class="hint empty" data-testid="reach-empty">"No " {which} " matches the filters."</p> }
                .into_any();
        }
        view! { <Grid rows columns network matrix shown firer/> }.into_any()
    };
    view! {
        <div class="reach-matrix" data-testid="reach-matrix">
            {summary}
            {grid}
            <Legend/>
            <p class="reach-details" data-testid="reach-details">{details}</p>
            <p class="fire-error" role="alert" data-testid="reach-fire-error">
                {move || firer.error.get().map(|m| view! { <span class="fire-error-icon" aria-hidden="true">"⚠"</span> {line_view(&m)} })}
            </p>
        </div>
    }
}

fn cell_mark(state: CellState) -> &'static str {
    match state {
        CellState::Allowed => "✓",
        CellState::Blocked => "✕",
        CellState::NotAConnection => "–",
        CellState::SameEnd => "·",
    }
}

#[component]
fn Legend() -> impl IntoView {
    let item = |state: CellState, text: &'static str| {
        view! {
            <li>
                <span class=format!("reach-mark {}", state.as_str()) aria-hidden="true">{cell_mark(state)}</span>
                {text}
            </li>
        }
    };
    view! {
        <ul class="reach-legend" aria-label="Legend">
            {item(CellState::Allowed, "allowed")}
            {item(CellState::Blocked, "blocked")}
            {item(CellState::NotAConnection, "not a connection")}
            {item(CellState::SameEnd, "the same end")}
        </ul>
    }
}

/// The grid: sources in rows, destinations in columns, a button per cell. One cell is
/// in the tab order; the arrow keys move between cells.
#[component]
fn Grid(
    rows: Vec<usize>,
    columns: Vec<usize>,
    network: Memo<Network>,
    matrix: MatrixMemo,
    shown: RwSignal<Option<(usize, usize)>>,
    firer: Firer,
) -> impl IntoView {
    let (height, width) = (rows.len(), columns.len());
    // The cell in the tab order, by position in the grid.
    let active = RwSignal::new((0usize, 0usize));
    let focus_cell = move |(r, c): (usize, usize)| {
        active.set((r, c));
        if let Some(el) = document().get_element_by_id(&format!("reach-cell-{r}-{c}")) {
            use leptos::wasm_bindgen::JsCast;
            if let Some(el) = el.dyn_ref::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent, (r, c): (usize, usize)| {
        let next = match ev.key().as_str() {
            "ArrowRight" => Some((r, (c + 1).min(width - 1))),
            "ArrowLeft" => Some((r, c.saturating_sub(1))),
            "ArrowDown" => Some(((r + 1).min(height - 1), c)),
            "ArrowUp" => Some((r.saturating_sub(1), c)),
            "Home" if ev.ctrl_key() => Some((0, 0)),
            "End" if ev.ctrl_key() => Some((height - 1, width - 1)),
            "Home" => Some((r, 0)),
            "End" => Some((r, width - 1)),
            _ => None,
        };
        if let Some(next) = next {
            ev.prevent_default();
            focus_cell(next);
        }
    };
    let compact = width > 6;
    let (cells, header) = matrix.with_untracked(|m| {
        network.with_untracked(|n| {
            let header: Vec<String> = columns.iter().map(|&to| m.ends[to].label.clone()).collect();
            let cells: Vec<(String, Vec<(CellState, String)>)> = rows
                .iter()
                .map(|&from| {
                    let line = columns.iter().map(|&to| (cell_state(m, from, to), cell_name(m, n, from, to))).collect();
                    (m.ends[from].label.clone(), line)
                })
                .collect();
            (cells, header)
        })
    });
    let service = matrix.with_untracked(|m| service_text(m.service));
    // The headers of the shown cell's row and column are marked, to follow it in a large grid.
    let head = header
        .into_iter()
        .zip(columns.iter().copied())
        .map(|(label, to)| {
            let title = label.clone();
            let current = move || shown.get().is_some_and(|(_, t)| t == to);
            view! {
                <th scope="col" class="reach-col" class:current=current title=title>
                    <span class="reach-col-label">{label}</span>
                </th>
            }
        })
        .collect_view();
    let body = cells
        .into_iter()
        .enumerate()
        .map(|(r, (label, line))| {
            let from = rows[r];
            let line = line
                .into_iter()
                .enumerate()
                .map(|(c, (state, name))| {
                    let to = columns[c];
                    let fires = state.fires();
                    view! {
                        <td>
                            <button
                                type="button"
                                class=format!("reach-cell {}", state.as_str())
                                id=format!("reach-cell-{r}-{c}")
                                data-state=state.as_str()
                                aria-label=name
                                aria-disabled=(!fires).then_some("true")
                                tabindex=move || if active.get() == (r, c) { "0" } else { "-1" }
                                on:focus=move |_| {
                                    active.set((r, c));
                                    shown.set(Some((from, to)));
                                }
                                on:mouseenter=move |_| shown.set(Some((from, to)))
                                on:keydown=move |ev| on_key(ev, (r, c))
                                on:click=move |_| {
                                    if fires {
                                        if let Some(flow) = matrix.with_untracked(|m| m.flow(from, to)) {
                                            firer.fire(flow);
                                        }
                                    }
                                }
                            >
                                <span aria-hidden="true">{cell_mark(state)}</span>
                            </button>
                        </td>
                    }
                })
                .collect_view();
            let title = label.clone();
            let current = move || shown.get().is_some_and(|(f, _)| f == from);
            view! {
                <tr>
                    <th scope="row" class="reach-row" class:current=current title=title>
                        <span class="reach-row-label">{label}</span>
                    </th>
                    {line}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="reach-grid-wrap">
            <table
                class="reach-grid"
                class:compact=compact
                aria-label=format!("Who can reach whom on {service}: sources in rows, destinations in columns")
                data-testid="reach-grid"
            >
                <thead>
                    <tr>
                        <th class="reach-corner" scope="col">
                            <span class="reach-corner-to">"To →"</span>
                            <span class="reach-corner-from">"From ↓"</span>
                        </th>
                        {head}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// One-line questions: "who can reach X on port P?", "where can X go?".
#[component]
fn AskPanel(state: ReachState, network: Memo<Network>, matrix: MatrixMemo, firer: Firer) -> impl IntoView {
    let answer = Memo::new_with_compare(
        move |_| {
            let text = state.asked.get()?;
            Some(parse_question(&text).and_then(|question| {
                let service = question_service(&question, matrix.with(|m| m.service));
                if matrix.with(|m| m.service == service) {
                    matrix.with(|m| network.with(|n| answer(m, n, &question)))
                } else {
                    network.with(|n| answer(&ReachMatrix::build(n, service), n, &question))
                }
            }))
        },
        |_, _| true,
    );
    let ask = move |text: String| {
        state.question.set(text.clone());
        state.asked.set(Some(text));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask(state.question.get_untracked());
    };
    // Examples from this lab: its first interface, on the chosen service.
    let examples = move || {
        let (name, port) = matrix.with(|m| {
            let name = m.ends.iter().find(|e| !e.is_internet_host()).map(|e| e.label.clone());
            (name, m.service.port())
        });
        name.map(|name| {
            let on = port.map(|p| format!(" on port {p}")).unwrap_or_default();
            let who = format!("who can reach {name}{on}?");
            let go = format!("where can {name} go?");
            let example = move |text: String| {
                let asked = text.clone();
                view! {
                    <button type="button" class="reach-example" on:click=move |_| ask(asked.clone())>{text}</button>
                }
            };
            view! { <p class="reach-examples">"Try " {example(who)} " or " {example(go)}</p> }
        })
    };
    let error = move || match answer.get() {
        Some(Err(message)) => Some(view! {
            <span class="field-error reach-question-error" id="reach-question-error" data-testid="reach-question-error">
                {line_view(&message)}
            </span>
        }),
        _ => None,
    };
    let result = move || match answer.get() {
        Some(Ok(found)) => {
            let items = found
                .items
                .into_iter()
                .map(|item| {
                    let flow = item.flow;
                    view! {
                        <li>
                            <button
                                type="button"
                                class="reach-answer-item"
                                title="Fire this connection on the diagram"
                                on:click=move |_| firer.fire(flow.clone())
                            >
                                <span class="reach-mark allowed" aria-hidden="true">"✓"</span>
                                {item.label}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            let cannot = found
                .cannot
                .into_iter()
                .map(|item| {
                    let mark = view! { <span class="reach-mark blocked" aria-hidden="true">"✕"</span> };
                    let end = match item.flow {
                        Some(flow) => view! {
                            <button
                                type="button"
                                class="reach-answer-item"
                                title="Fire this connection on the diagram, to see where it stops"
                                on:click=move |_| firer.fire(flow.clone())
                            >
                                {mark}
                                {item.label}
                            </button>
                        }
                        .into_any(),
                        None => view! { <span class="reach-answer-end">{mark} " " {item.label}</span> }.into_any(),
                    };
                    let why = match item.why {
                        Why::Blocked(stop) => view! {
                            <span class="reach-answer-why">
                                "blocked at " {stop.component} " — " {stop.hop} ". "
                                <code class="reason-code">{stop.code.as_str()}</code>
                                ": "
                                <span class="reason-meaning">{reason_meaning(stop.code)}</span>
                                "."
                            </span>
                        }
                        .into_any(),
                        Why::NotAConnection(why) => view! {
                            <span class="reach-answer-why">"not a connection. " {line_view(&why)}</span>
                        }
                        .into_any(),
                    };
                    view! { <li>{end} " " {why}</li> }
                })
                .collect_view();
            Some(view! {
                <div class="reach-answer" data-testid="reach-answer">
                    <div class="reach-answer-part" data-testid="reach-answer-can">
                        <p class="reach-answer-heading">{found.heading}</p>
                        <ul class="reach-answer-list">{items}</ul>
                        {(found.more > 0).then(|| view! { <p class="hint empty">"and " {thousands(found.more)} " more."</p> })}
                    </div>
                    {found.cannot_heading.map(|heading| view! {
                        <div class="reach-answer-part" data-testid="reach-answer-cannot">
                            <p class="reach-answer-heading">{heading}</p>
                            <ul class="reach-answer-cannot">{cannot}</ul>
                            {(found.cannot_more > 0).then(|| view! { <p class="hint empty">"and " {thousands(found.cannot_more)} " more."</p> })}
                        </div>
                    })}
                </div>
            })
        }
        _ => None,
    };
    view! {
        <section class="panel reach-ask" aria-labelledby="reach-ask-heading">
            <h2 id="reach-ask-heading">"Ask"</h2>
            <form class="reach-ask-form" on:submit=submit novalidate>
                <label class="visually-hidden" for="reach-question">"Question"</label>
                <input
                    id="reach-question"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="who can reach App Server on port 443?"
                    aria-describedby="reach-question-error reach-question-hint"
                    aria-invalid=move || matches!(answer.get(), Some(Err(_))).to_string()
                    prop:value=move || state.question.get()
                    on:input=move |ev| state.question.set(event_target_value(&ev))
                />
                <button type="submit" class="button primary">"Ask"</button>
                {error}
            </form>
            <p class="fire-hint" id="reach-question-hint">
                "Name a resource or host, an id or an address; without “on …”, the Type above is asked about."
            </p>
            {examples}
            <div role="status">{result}</div>
        </section>
    }
}

/// Runs `build` and records how long it took as a User Timing measure of that name:
/// the browser's profiler shows it, and `e2e/bench/matrix.mjs` reads it.
fn measured<T>(name: &str, build: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    {
        use leptos::wasm_bindgen::{JsCast, JsValue};
        let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).ok();
        let method = |name: &str| {
            let p = performance.as_ref()?;
            js_sys::Reflect::get(p, &JsValue::from_str(name)).ok()?.dyn_into::<js_sys::Function>().ok()
        };
        let now = || method("now").and_then(|f| f.call0(performance.as_ref()?).ok()?.as_f64());
        let start = now();
        let value = build();
        if let (Some(p), Some(measure), Some(start), Some(end)) =
            (performance.as_ref(), method("measure"), start, now())
        {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str("start"), &JsValue::from_f64(start));
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str("end"), &JsValue::from_f64(end));
            let _ = measure.call2(p, &JsValue::from_str(name), &options);
        }
        value
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        build()
    }
}
