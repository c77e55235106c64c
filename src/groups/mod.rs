//! The Security groups tab, as the AWS console has it: the list, Create security group,
//! a group's details, Edit inbound/outbound rules, delete.
//!
//! The forms' logic (rows, parsing, the edits they make) is plain Rust in [`form`];
//! the components are in [`editor`] (forms) and here (list and details).

pub mod editor;
pub mod form;

use crate::lab::Command;
use crate::store::{use_lab, GroupsView};
use crate::ui;
use leptos::prelude::*;
use sglab_engine::console;
use sglab_engine::ids::SecurityGroupId;
use sglab_engine::{Direction, Edit};

#[component]
pub fn SecurityGroupsPanel() -> impl IntoView {
    let store = use_lab();
    let view = store.ui.groups_view;
    // Every page opens at its top, or at the rule it was asked for (scrolled to there).
    Effect::new(move |_| {
        if !matches!(view.get(), GroupsView::Details { rule: Some(_), .. }) {
            ui::form::scroll_panel_to_top();
        }
    });
    view! {
        <section class="panel groups-panel" aria-label="Security groups">
            {move || match view.get() {
                GroupsView::List => view! { <GroupList/> }.into_any(),
                GroupsView::Create => view! { <editor::CreateGroup/> }.into_any(),
                GroupsView::Details { group, rule } => view! { <GroupDetails group rule/> }.into_any(),
                GroupsView::EditRules { group, inbound } => view! { <editor::EditRules group inbound/> }.into_any(),
                GroupsView::ManageTags { group } => view! { <editor::ManageTags group/> }.into_any(),
            }}
        </section>
    }
}

/// Asks before deleting; shows AWS's refusal when the group is in use.
#[component]
fn DeleteConfirm(
    group: SecurityGroupId,
    name: String,
    on_cancel: Callback<()>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let store = use_lab();
    let id_text = group.to_string();
    let delete = Callback::new(move |()| {
        store.dispatch(Command::Edit(Edit::DeleteSecurityGroup { group_id: group.clone() })).map(|_| ())
    });
    view! {
        <ui::confirm::DeleteConfirm
            title="Delete security group"
            question_id="delete-question"
            testid="groups-error"
            on_delete=delete
            on_cancel
            on_deleted
        >
            "Delete security group "<strong>{name}</strong>" ("<code>{id_text}</code>")? This cannot be undone."
        </ui::confirm::DeleteConfirm>
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct GroupRow {
    id: SecurityGroupId,
    name: String,
    vpc: String,
    description: String,
    inbound: usize,
    outbound: usize,
}

#[component]
fn GroupList() -> impl IntoView {
    let store = use_lab();
    let rows = Memo::new(move |_| {
        store.lab.with(|lab| {
            lab.network
                .security_groups
                .iter()
                .map(|g| GroupRow {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    vpc: g.vpc_id.to_string(),
                    description: g.description.clone(),
                    inbound: g.inbound.len(),
                    outbound: g.outbound.len(),
                })
                .collect::<Vec<_>>()
        })
    });
    let deleting = RwSignal::new(None::<(SecurityGroupId, String)>);
    let open = move |id: SecurityGroupId| store.ui.groups_view.set(GroupsView::Details { group: id, rule: None });
    view! {
        <div class="groups-list">
            <header class="groups-header">
                <h2>{move || format!("Security groups ({})", rows.with(|r| r.len()))}</h2>
                <button
                    type="button"
                    class="button primary"
                    on:click=move |_| store.ui.groups_view.set(GroupsView::Create)
                >
                    "Create security group"
                </button>
            </header>
            {move || {
                deleting
                    .get()
                    .map(|(id, name)| {
                        view! {
                            <DeleteConfirm
                                group=id
                                name
                                on_cancel=Callback::new(move |_| deleting.set(None))
                                on_deleted=Callback::new(move |_| deleting.set(None))
                            />
                        }
                    })
            }}
            <div class="table-wrap">
                <table class="sg-table" aria-label="Security groups">
                    <thead>
                        <tr>
                            <th scope="col">"Name"<span class="sub">"Description"</span></th>
                            <th scope="col">"Security group ID"</th>
                            <th scope="col">"VPC ID"</th>
                            <th scope="col" class="num">"Inbound rules"</th>
                            <th scope="col" class="num">"Outbound rules"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.get()
                            key=|r| r.clone()
                            children=move |r| {
                                let id = r.id.clone();
                                let id2 = r.id.clone();
                                let id3 = r.id.clone();
                                let name = r.name.clone();
                                view! {
                                    <tr class="clickable" data-group=r.id.to_string() on:click=move |_| open(id.clone())>
                                        <td>
                                            <button
                                                type="button"
                                                class="link"
                                                on:click=move |ev| {
                                                    ev.stop_propagation();
                                                    open(id2.clone());
                                                }
                                            >
                                                {r.name.clone()}
                                            </button>
                                            <span class="sub desc" title=r.description.clone()>{r.description.clone()}</span>
                                            // Shown instead of the ID's column in a narrow panel.
                                            <code class="sub id-under-name">{r.id.to_string()}</code>
                                        </td>
                                        <td><code>{r.id.to_string()}</code></td>
                                        <td><code>{r.vpc.clone()}</code></td>
                                        <td class="num" data-testid="inbound-count">{r.inbound}</td>
                                        <td class="num" data-testid="outbound-count">{r.outbound}</td>
                                        <td>
                                            <button
                                                type="button"
                                                class="icon-button danger"
                                                aria-label=format!("Delete {}", r.name)
                                                title=format!("Delete {}", r.name)
                                                on:click=move |ev| {
                                                    ev.stop_propagation();
                                                    deleting.set(Some((id3.clone(), name.clone())));
                                                }
                                            >
                                                <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
                                                    <path
                                                        d="M6 2h4M2.5 4h11M4 4l.7 9.2a1 1 0 0 0 1 .8h4.6a1 1 0 0 0 1-.8L12 4M6.5 6.5v5M9.5 6.5v5"
                                                        fill="none"
                                                        stroke="currentColor"
                                                        stroke-width="1.4"
                                                        stroke-linecap="round"
                                                        stroke-linejoin="round"
                                                    />
                                                </svg>
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct RuleLine {
    id: String,
    version: &'static str,
    rule_type: &'static str,
    protocol: String,
    ports: String,
    peer: String,
    description: String,
}

#[component]
fn GroupDetails(group: SecurityGroupId, rule: Option<String>) -> impl IntoView {
    let store = use_lab();
    let gid = group.clone();
    let snapshot = Memo::new(move |_| {
        store.lab.with(|lab| {
            lab.network.security_group(&gid).map(|g| {
                let lines = |d: Direction| {
                    g.rules(d)
                        .iter()
                        .map(|r| RuleLine {
                            id: r.id.to_string(),
                            version: form::ip_version(&r.peer),
                            rule_type: console::preset_for(r.traffic).label(),
                            protocol: console::protocol_text(r.traffic),
                            ports: console::port_range_text(r.traffic),
                            peer: form::peer_text(&lab.network, &r.peer),
                            description: r.description.clone().unwrap_or_default(),
                        })
                        .collect::<Vec<_>>()
                };
                (
                    g.name.clone(),
                    g.description.clone(),
                    g.vpc_id.to_string(),
                    lines(Direction::Inbound),
                    lines(Direction::Outbound),
                    g.tags.clone(),
                )
            })
        })
    });
    let deleting = RwSignal::new(false);
    let list = move |_| store.ui.groups_view.set(GroupsView::List);
    if let Some(rule_id) = rule.clone() {
        Effect::new(move |_| {
            let rule_id = rule_id.clone();
            request_animation_frame(move || {
                if let Some(el) = document().get_element_by_id(&format!("rule-{rule_id}")) {
                    el.scroll_into_view_with_bool(false);
                }
            });
        });
    }
    let group_id = group.clone();
    move || {
        let Some((name, description, vpc, inbound, outbound, tags)) = snapshot.get() else {
            return view! {
                <div class="groups-details">
                    <p>{format!("The security group {group_id} no longer exists.")}</p>
                    <button type="button" class="button" on:click=list>"Back to security groups"</button>
                </div>
            }
            .into_any();
        };
        let g1 = group_id.clone();
        let g2 = group_id.clone();
        let g3 = group_id.clone();
        let g4 = group_id.clone();
        let name2 = name.clone();
        let highlight = rule.clone();
        view! {
            <div class="groups-details">
                <nav class="crumbs">
                    <button type="button" class="link" on:click=list>"Security groups"</button>
                    {format!(" › {group_id}")}
                </nav>
                <header class="groups-header">
                    <h2>{format!("{group_id} - {name}")}</h2>
                    <button type="button" class="button danger" on:click=move |_| deleting.set(true)>
                        "Delete security group"
                    </button>
                </header>
                <Show when=move || deleting.get()>
                    <DeleteConfirm
                        group=g3.clone()
                        name=name2.clone()
                        on_cancel=Callback::new(move |_| deleting.set(false))
                        on_deleted=Callback::new(move |_| store.ui.groups_view.set(GroupsView::List))
                    />
                </Show>
                <dl class="card facts">
                    <div><dt>"Security group name"</dt><dd>{name.clone()}</dd></div>
                    <div><dt>"Security group ID"</dt><dd><code>{group_id.to_string()}</code></dd></div>
                    <div><dt>"Description"</dt><dd>{description}</dd></div>
                    <div><dt>"VPC ID"</dt><dd><code>{vpc}</code></dd></div>
                    <div><dt>"Inbound rules count"</dt><dd>{format!("{} Permission entries", inbound.len())}</dd></div>
                    <div><dt>"Outbound rules count"</dt><dd>{format!("{} Permission entries", outbound.len())}</dd></div>
                </dl>
                <RulesTable
                    title="Inbound rules"
                    peer="Source"
                    lines=inbound
                    highlight=highlight.clone()
                    edit_label="Edit inbound rules"
                    on_edit=Callback::new(move |_| {
                        store.ui.groups_view.set(GroupsView::EditRules { group: g1.clone(), inbound: true })
                    })
                />
                <RulesTable
                    title="Outbound rules"
                    peer="Destination"
                    lines=outbound
                    highlight
                    edit_label="Edit outbound rules"
                    on_edit=Callback::new(move |_| {
                        store.ui.groups_view.set(GroupsView::EditRules { group: g2.clone(), inbound: false })
                    })
                />
                <section class="card" aria-label="Tags">
                    <header class="groups-header">
                        <h3>{format!("Tags ({})", tags.len())}</h3>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| store.ui.groups_view.set(GroupsView::ManageTags { group: g4.clone() })
                        >
                            "Manage tags"
                        </button>
                    </header>
                    {if tags.is_empty() {
                        view! { <p class="empty">"No tags associated with the resource."</p> }.into_any()
                    } else {
                        view! {
                            <table class="sg-table tags">
                                <thead><tr><th scope="col">"Key"</th><th scope="col">"Value"</th></tr></thead>
                                <tbody>
                                    {tags
                                        .into_iter()
                                        .map(|t| view! { <tr><td>{t.key}</td><td>{t.value}</td></tr> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any()
                    }}
                </section>
            </div>
        }
        .into_any()
    }
}

#[component]
fn RulesTable(
    title: &'static str,
    peer: &'static str,
    lines: Vec<RuleLine>,
    highlight: Option<String>,
    edit_label: &'static str,
    on_edit: Callback<()>,
) -> impl IntoView {
    let count = lines.len();
    let body = if lines.is_empty() {
        view! { <p class="empty">{format!("No {} found.", title.to_lowercase())}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="sg-table rules" aria-label=title>
                    <thead>
                        <tr>
                            <th scope="col">"Security group rule ID"</th>
                            <th scope="col">"IP version"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Protocol"</th>
                            <th scope="col">"Port range"</th>
                            <th scope="col">{peer}</th>
                            <th scope="col">"Description"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines
                            .into_iter()
                            .map(|l| {
                                let lit = highlight.as_deref() == Some(l.id.as_str());
                                let row_id = format!("rule-{}", l.id);
                                view! {
                                    <tr id=row_id class:highlighted=lit aria-current=lit.then_some("true")>
                                        <td><code>{l.id}</code></td>
                                        <td>{l.version}</td>
                                        <td>{l.rule_type}</td>
                                        <td>{l.protocol}</td>
                                        <td>{l.ports}</td>
                                        <td class="peer">{l.peer}</td>
                                        <td class="desc">{if l.description.is_empty() { "–".to_owned() } else { l.description }}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card rules-card" aria-label=title>
            <header class="groups-header">
                <h3>{format!("{title} ({count})")}</h3>
                <button type="button" class="button" on:click=move |_| on_edit.run(())>{edit_label}</button>
            </header>
            {body}
        </section>
    }
}
