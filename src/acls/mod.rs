//! The Network ACLs tab, as the AWS VPC console has it: the list, Create network ACL,
//! an ACL's details (inbound and outbound rules, the final `*`, subnet associations),
//! Edit inbound/outbound rules, Edit subnet associations, delete.
//!
//! The forms' logic is plain Rust in [`form`]; the form components are in [`editor`],
//! the list and the details here. Which page is open lives beside the panel (the
//! store knows only the tab), so that it is still open when the tab is chosen again.

pub mod editor;
pub mod form;

use crate::lab::Command;
use crate::store::{use_lab, LabStore, Tab};
use crate::ui;
use form::EntryLine;
use leptos::prelude::*;
use sglab_engine::ids::NetworkAclId;
use sglab_engine::{Direction, Edit, RuleAction};

/// What the Network ACLs tab shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AclsView {
    List,
    Create,
    /// An ACL's details; `rule` highlights one rule (`*` for the final one) of one direction.
    Details {
        acl: NetworkAclId,
        rule: Option<(Direction, String)>,
    },
    EditRules {
        acl: NetworkAclId,
        direction: Direction,
    },
    EditAssociations {
        acl: NetworkAclId,
    },
}

thread_local! {
    /// The page the tab shows, kept while another tab is open.
    static OPEN: std::cell::RefCell<AclsView> = const { std::cell::RefCell::new(AclsView::List) };
}

fn open_view() -> AclsView {
    OPEN.with(|o| o.borrow().clone())
}

/// Opens a network ACL's details in the Network ACLs tab, optionally on one rule.
pub fn open_acl(store: &LabStore, acl: NetworkAclId, rule: Option<(Direction, String)>) {
    OPEN.with(|o| *o.borrow_mut() = AclsView::Details { acl, rule });
    store.ui.tab.set(Tab::NetworkAcls);
}

/// The panel's page, shared with the forms by context.
#[derive(Clone, Copy)]
pub struct AclsNav(RwSignal<AclsView>);

impl AclsNav {
    pub fn go(&self, view: AclsView) {
        OPEN.with(|o| *o.borrow_mut() = view.clone());
        self.0.set(view);
    }
}

pub fn use_nav() -> AclsNav {
    expect_context::<AclsNav>()
}

#[component]
pub fn NetworkAclsPanel() -> impl IntoView {
    let view = RwSignal::new(open_view());
    provide_context(AclsNav(view));
    // Every page opens at its top, or at the rule it was asked for (scrolled to there).
    Effect::new(move |_| {
        if !matches!(view.get(), AclsView::Details { rule: Some(_), .. }) {
            ui::form::scroll_panel_to_top();
        }
    });
    view! {
        <section class="panel groups-panel acls-panel" aria-label="Network ACLs">
            {move || match view.get() {
                AclsView::List => view! { <AclList/> }.into_any(),
                AclsView::Create => view! { <editor::CreateAcl/> }.into_any(),
                AclsView::Details { acl, rule } => view! { <AclDetails acl rule/> }.into_any(),
                AclsView::EditRules { acl, direction } => view! { <editor::EditEntries acl direction/> }.into_any(),
                AclsView::EditAssociations { acl } => view! { <editor::EditAssociations acl/> }.into_any(),
            }}
        </section>
    }
}

/// Asks before deleting; shows AWS's refusal for the default ACL or one still associated.
#[component]
fn DeleteConfirm(acl: NetworkAclId, label: String, on_cancel: Callback<()>, on_deleted: Callback<()>) -> impl IntoView {
    let store = use_lab();
    let delete = Callback::new(move |()| {
        store.dispatch(Command::Edit(Edit::DeleteNetworkAcl { acl_id: acl.clone() })).map(|_| ())
    });
    view! {
        <ui::confirm::DeleteConfirm
            title="Delete network ACL"
            question_id="acl-delete-question"
            testid="acls-error"
            on_delete=delete
            on_cancel
            on_deleted
        >
            "Delete network ACL "<strong>{label}</strong>"? This cannot be undone."
        </ui::confirm::DeleteConfirm>
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct AclRow {
    id: NetworkAclId,
    name: String,
    subnets: Vec<String>,
    is_default: bool,
    vpc: String,
    inbound: usize,
    outbound: usize,
}

/// The trash-can icon of the lists.
fn trash_icon() -> impl IntoView {
    view! {
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
    }
}

#[component]
fn AclList() -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let rows = Memo::new(move |_| {
        store.lab.with(|lab| {
            let net = &lab.network;
            net.network_acls
                .iter()
                .map(|a| AclRow {
                    id: a.id.clone(),
                    name: sglab_engine::name_tag(&a.tags).unwrap_or_default().to_owned(),
                    subnets: form::served_subnets(net, a)
                        .iter()
                        .map(|s| {
                            net.subnets
                                .iter()
                                .find(|x| &x.id == s)
                                .and_then(|x| sglab_engine::name_tag(&x.tags))
                                .map_or_else(|| s.to_string(), str::to_owned)
                        })
                        .collect(),
                    is_default: a.is_default,
                    vpc: a.vpc_id.to_string(),
                    inbound: a.inbound.len(),
                    outbound: a.outbound.len(),
                })
                .collect::<Vec<_>>()
        })
    });
    let deleting = RwSignal::new(None::<(NetworkAclId, String)>);
    let open = move |id: NetworkAclId| nav.go(AclsView::Details { acl: id, rule: None });
    view! {
        <div class="groups-list acls-list">
            <header class="groups-header">
                <h2>{move || format!("Network ACLs ({})", rows.with(|r| r.len()))}</h2>
                <button type="button" class="button primary" on:click=move |_| nav.go(AclsView::Create)>
                    "Create network ACL"
                </button>
            </header>
            <p class="hint">
                "A network ACL allows or denies traffic where it enters or leaves a subnet. Its rules are numbered and evaluated lowest first; it is stateless, so replies need rules of their own."
            </p>
            {move || {
                deleting
                    .get()
                    .map(|(id, label)| {
                        view! {
                            <DeleteConfirm
                                acl=id
                                label
                                on_cancel=Callback::new(move |_| deleting.set(None))
                                on_deleted=Callback::new(move |_| deleting.set(None))
                            />
                        }
                    })
            }}
            <div class="table-wrap">
                <table class="sg-table" aria-label="Network ACLs">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Network ACL ID"</th>
                            <th scope="col">"Associated with"</th>
                            <th scope="col">"Default"</th>
                            <th scope="col">"VPC ID"</th>
                            <th scope="col" class="num rule-counts">"Rules"<span class="sub">"in / out"</span></th>
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
                                let shown = if r.name.is_empty() { "–".to_owned() } else { r.name.clone() };
                                let label = if r.name.is_empty() { r.id.to_string() } else { format!("{} ({})", r.name, r.id) };
                                let associated = match r.subnets.len() {
                                    0 => "–".to_owned(),
                                    1 | 2 => r.subnets.join(", "),
                                    n => format!("{n} Subnets"),
                                };
                                view! {
                                    <tr class="clickable" data-acl=r.id.to_string() on:click=move |_| open(id.clone())>
                                        <td class="acl-name">{shown}</td>
                                        <td>
                                            <button
                                                type="button"
                                                class="link"
                                                on:click=move |ev| {
                                                    ev.stop_propagation();
                                                    open(id2.clone());
                                                }
                                            >
                                                <code>{r.id.to_string()}</code>
                                            </button>
                                        </td>
                                        <td data-testid="associated-with" title=r.subnets.join(", ")>{associated}</td>
                                        <td data-testid="is-default">{if r.is_default { "Yes" } else { "No" }}</td>
                                        <td><code>{r.vpc.clone()}</code></td>
                                        <td
                                            class="num rule-counts"
                                            title=format!("{} inbound and {} outbound rules, and the final * rules", r.inbound, r.outbound)
                                        >
                                            <span data-testid="inbound-count">{r.inbound}</span>
                                            " / "
                                            <span data-testid="outbound-count">{r.outbound}</span>
                                        </td>
                                        <td>
                                            <button
                                                type="button"
                                                class="icon-button danger"
                                                aria-label=format!("Delete {label}")
                                                title=format!("Delete {label}")
                                                on:click=move |ev| {
                                                    ev.stop_propagation();
                                                    deleting.set(Some((id3.clone(), label.clone())));
                                                }
                                            >
                                                {trash_icon()}
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
struct Snapshot {
    name: String,
    is_default: bool,
    vpc: String,
    inbound: Vec<EntryLine>,
    outbound: Vec<EntryLine>,
    /// `(subnet label, CIDR)` of the subnets it serves.
    subnets: Vec<(String, String)>,
    /// Served by the default ACL without an explicit association.
    implicit: bool,
}

#[component]
fn AclDetails(acl: NetworkAclId, rule: Option<(Direction, String)>) -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let id = acl.clone();
    let snapshot = Memo::new(move |_| {
        store.lab.with(|lab| {
            let net = &lab.network;
            net.network_acls.iter().find(|a| a.id == id).map(|a| {
                let served = form::served_subnets(net, a);
                Snapshot {
                    name: sglab_engine::name_tag(&a.tags).unwrap_or_default().to_owned(),
                    is_default: a.is_default,
                    vpc: a.vpc_id.to_string(),
                    inbound: form::entry_lines(net, a, Direction::Inbound),
                    outbound: form::entry_lines(net, a, Direction::Outbound),
                    implicit: served.iter().any(|s| !a.subnet_ids.contains(s)),
                    subnets: served
                        .iter()
                        .map(|s| {
                            let cidr = net.subnets.iter().find(|x| &x.id == s).map(|x| x.cidr_block.to_string());
                            (form::subnet_label(net, s), cidr.unwrap_or_default())
                        })
                        .collect(),
                }
            })
        })
    });
    if let Some((direction, number)) = rule.clone() {
        Effect::new(move |_| {
            let target = line_id(direction, &number);
            request_animation_frame(move || {
                if let Some(el) = document().get_element_by_id(&target) {
                    el.scroll_into_view_with_bool(false);
                }
            });
        });
    }
    let deleting = RwSignal::new(false);
    let list = move |_| nav.go(AclsView::List);
    move || {
        let Some(s) = snapshot.get() else {
            return view! {
                <div class="groups-details">
                    <p>{format!("The network ACL {acl} no longer exists.")}</p>
                    <button type="button" class="button" on:click=list>"Back to network ACLs"</button>
                </div>
            }
            .into_any();
        };
        let title = if s.name.is_empty() { acl.to_string() } else { format!("{acl} / {}", s.name) };
        let label = if s.name.is_empty() { acl.to_string() } else { format!("{} ({acl})", s.name) };
        let (a1, a2, a3, a4) = (acl.clone(), acl.clone(), acl.clone(), acl.clone());
        let highlight = rule.clone();
        let subnet_count = s.subnets.len();
        view! {
            <div class="groups-details acls-details">
                <nav class="crumbs">
                    <button type="button" class="link" on:click=list>"Network ACLs"</button>
                    {format!(" › {acl}")}
                </nav>
                <header class="groups-header">
                    <h2>{title}</h2>
                    <button type="button" class="button danger" on:click=move |_| deleting.set(true)>
                        "Delete network ACL"
                    </button>
                </header>
                <Show when=move || deleting.get()>
                    <DeleteConfirm
                        acl=a3.clone()
                        label=label.clone()
                        on_cancel=Callback::new(move |_| deleting.set(false))
                        on_deleted=Callback::new(move |_| nav.go(AclsView::List))
                    />
                </Show>
                <dl class="card facts">
                    <div><dt>"Network ACL ID"</dt><dd><code>{acl.to_string()}</code></dd></div>
                    <div><dt>"Name"</dt><dd>{if s.name.is_empty() { "–".to_owned() } else { s.name.clone() }}</dd></div>
                    <div><dt>"Default"</dt><dd data-testid="acl-default">{if s.is_default { "Yes" } else { "No" }}</dd></div>
                    <div><dt>"VPC ID"</dt><dd><code>{s.vpc.clone()}</code></dd></div>
                    <div><dt>"Associated with"</dt><dd>{format!("{subnet_count} Subnet{}", if subnet_count == 1 { "" } else { "s" })}</dd></div>
                    <div><dt>"Inbound / outbound rules"</dt><dd>{format!("{} / {} (and *)", s.inbound.len() - stars(&s.inbound), s.outbound.len() - stars(&s.outbound))}</dd></div>
                </dl>
                <EntriesTable
                    direction=Direction::Inbound
                    lines=s.inbound.clone()
                    highlight=highlight.clone()
                    on_edit=Callback::new(move |_| nav.go(AclsView::EditRules { acl: a1.clone(), direction: Direction::Inbound }))
                />
                <EntriesTable
                    direction=Direction::Outbound
                    lines=s.outbound.clone()
                    highlight
                    on_edit=Callback::new(move |_| nav.go(AclsView::EditRules { acl: a2.clone(), direction: Direction::Outbound }))
                />
                <section class="card rules-card" aria-label="Subnet associations">
                    <header class="groups-header">
                        <h3>{format!("Subnet associations ({subnet_count})")}</h3>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| nav.go(AclsView::EditAssociations { acl: a4.clone() })
                        >
                            "Edit subnet associations"
                        </button>
                    </header>
                    {if s.subnets.is_empty() {
                        view! {
                            <p class="empty">
                                "No subnets use this network ACL. A subnet not associated with one uses the VPC's default network ACL."
                            </p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="sg-table" aria-label="Subnet associations">
                                    <thead><tr><th scope="col">"Subnet"</th><th scope="col">"IPv4 CIDR"</th></tr></thead>
                                    <tbody>
                                        {s.subnets
                                            .iter()
                                            .map(|(label, cidr)| view! { <tr><td>{label.clone()}</td><td class="peer">{cidr.clone()}</td></tr> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }}
                    {s.implicit.then(|| view! {
                        <p class="help">"As the VPC's default network ACL, it also serves every subnet not associated with another."</p>
                    })}
                </section>
            </div>
        }
        .into_any()
    }
}

fn stars(lines: &[EntryLine]) -> usize {
    lines.iter().filter(|l| l.rule_number == "*").count()
}

fn line_id(direction: Direction, number: &str) -> String {
    let word = if direction == Direction::Inbound { "inbound" } else { "outbound" };
    let n = if number == "*" { "star" } else { number };
    format!("acl-{word}-rule-{n}")
}

#[component]
fn EntriesTable(
    direction: Direction,
    lines: Vec<EntryLine>,
    highlight: Option<(Direction, String)>,
    on_edit: Callback<()>,
) -> impl IntoView {
    let (title, peer, edit_label) = match direction {
        Direction::Inbound => ("Inbound rules", "Source", "Edit inbound rules"),
        Direction::Outbound => ("Outbound rules", "Destination", "Edit outbound rules"),
    };
    let count = lines.len();
    let mut seen_star = false;
    view! {
        <section class="card rules-card" aria-label=title>
            <header class="groups-header">
                <h3>{format!("{title} ({count})")}</h3>
                <button type="button" class="button" on:click=move |_| on_edit.run(())>{edit_label}</button>
            </header>
            <div class="table-wrap">
                <table class="sg-table rules acl-rules" aria-label=title>
                    <thead>
                        <tr>
                            <th scope="col">"Rule number"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Protocol"</th>
                            <th scope="col">"Port range"</th>
                            <th scope="col">{peer}</th>
                            <th scope="col">"Allow/Deny"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines
                            .into_iter()
                            .map(|l| {
                                let lit = highlight.as_ref().is_some_and(|(d, n)| *d == direction && *n == l.rule_number);
                                // The final rule may be shown twice (IPv4 and IPv6): only the first gets the id.
                                let is_star = l.rule_number == "*";
                                let row_id = (!(is_star && seen_star)).then(|| line_id(direction, &l.rule_number));
                                seen_star |= is_star;
                                let (action, class) = match l.action {
                                    RuleAction::Allow => ("Allow", "acl-action allow"),
                                    RuleAction::Deny => ("Deny", "acl-action deny"),
                                };
                                let data_rule = l.rule_number.clone();
                                view! {
                                    <tr id=row_id class:highlighted=lit class:final-rule=is_star aria-current=lit.then_some("true") data-rule=data_rule>
                                        <td class="num rule-number">{l.rule_number}</td>
                                        <td>{l.rule_type}</td>
                                        <td>{l.protocol}</td>
                                        <td>{l.ports}</td>
                                        <td class="peer">{l.cidr}</td>
                                        <td><span class=class>{action}</span></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
