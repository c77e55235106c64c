//! The Network ACLs forms: "Create network ACL", "Edit inbound rules" / "Edit outbound
//! rules" and "Edit subnet associations". Each row's fields live in a signal of their
//! own, rows are keyed by a counter, and what was typed is kept until the form is
//! saved or cancelled (also while another tab is open).

use super::form::{AssociationsForm, CreateAclForm, EntriesForm, EntryDraft, EntryRow, FormError, Place};
use super::{refusal, use_nav, AclsView};
use crate::groups::form::Keys;
use crate::lab::Command;
use crate::store::{use_lab, LabStore};
use leptos::prelude::*;
use sglab_engine::console::{self, RuleType};
use sglab_engine::edit::Field;
use sglab_engine::ids::{NetworkAclId, SubnetId, VpcId};
use sglab_engine::{Direction, RuleAction};

/// A form left open when the panel closed: it comes back as it was when the same
/// form is opened again, until it is saved or cancelled.
enum Unsaved {
    Create(CreateAclForm),
    Entries(EntriesForm),
    Associations(AssociationsForm),
}

thread_local! {
    static UNSAVED: std::cell::RefCell<Option<Unsaved>> = const { std::cell::RefCell::new(None) };
}

/// The unsaved form `pick` accepts, if that is the one kept; any other stays kept.
fn take_unsaved<T>(pick: impl FnOnce(Unsaved) -> Result<T, Unsaved>) -> Option<T> {
    UNSAVED.with(|u| {
        let taken = u.borrow_mut().take()?;
        match pick(taken) {
            Ok(form) => Some(form),
            Err(other) => {
                *u.borrow_mut() = Some(other);
                None
            }
        }
    })
}

fn keep_unsaved(form: Unsaved) {
    UNSAVED.with(|u| *u.borrow_mut() = Some(form));
}

/// Applies a page's planned edits as one step (nothing to do when the page changed
/// nothing). Returns whether it was saved; the errors of a refused plan or edit are shown.
fn save_plan(
    store: LabStore,
    planned: Result<Vec<sglab_engine::Edit>, Vec<FormError>>,
    errors: RwSignal<Vec<FormError>>,
) -> bool {
    let edits = match planned {
        Ok(edits) => edits,
        Err(es) => {
            show_errors(errors, es);
            return false;
        }
    };
    if edits.is_empty() {
        return true;
    }
    match store.dispatch(Command::Edits(edits)) {
        Ok(_) => true,
        Err(e) => {
            show_errors(errors, vec![refusal(e)]);
            false
        }
    }
}

/// Shows a form's messages and moves the focus to the first field refused (or to the
/// form's alert), so that a keyboard user lands where the problem is.
fn show_errors(errors: RwSignal<Vec<FormError>>, found: Vec<FormError>) {
    use leptos::wasm_bindgen::JsCast;
    errors.set(found);
    request_animation_frame(|| {
        let target = document()
            .query_selector(".acls-form [aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .or_else(|| document().query_selector(".acls-form .form-alert").ok().flatten());
        if let Some(el) = target.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            el.scroll_into_view_with_bool(false);
            let _ = el.focus();
        }
    });
}

/// The messages for one place, as paragraphs (the code first when the API refused).
fn messages(errors: RwSignal<Vec<FormError>>, place: Place, id: String) -> impl IntoView {
    move || {
        let found: Vec<FormError> = errors.with(|es| es.iter().filter(|e| e.place == place).cloned().collect());
        (!found.is_empty()).then(|| {
            let items = found
                .into_iter()
                .map(|e| {
                    view! {
                        <span class="message">
                            {e.code.map(|c| view! { <strong class="code">{c}</strong>" " })}
                            {e.message}
                        </span>
                    }
                })
                .collect_view();
            view! { <p class="field-error" id=id.clone() role="alert">{items}</p> }
        })
    }
}

fn has_error(errors: RwSignal<Vec<FormError>>, place: Place) -> impl Fn() -> Option<&'static str> + Copy {
    move || errors.with(|es| es.iter().any(|e| e.place == place)).then_some("true")
}

/// The count of problems above the fields, and the messages that belong to no field.
fn form_summary(errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    move || {
        let general: Vec<FormError> = errors.with(|es| es.iter().filter(|e| e.place == Place::Form).cloned().collect());
        let count = errors.with(|es| es.len());
        (count > 0).then(|| {
            view! {
                <div class="form-alert" role="alert" tabindex="-1" data-testid="acls-error">
                    <p>
                        {if count == 1 {
                            "There is a problem with this form: see the message below.".to_owned()
                        } else {
                            format!("There are {count} problems with this form: see the messages below.")
                        }}
                    </p>
                    {general
                        .into_iter()
                        .map(|e| {
                            view! {
                                <p>
                                    {e.code.map(|c| view! { <strong class="code">{c}</strong>" " })}
                                    {e.message}
                                </p>
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}

fn vpc_options(store: crate::store::LabStore) -> Vec<(VpcId, String)> {
    store.lab.with(|lab| {
        lab.network
            .vpcs
            .iter()
            .map(|v| {
                let label = match sglab_engine::name_tag(&v.tags) {
                    Some(n) => format!("{} ({n})", v.id),
                    None => v.id.to_string(),
                };
                (v.id.clone(), label)
            })
            .collect()
    })
}

/// "Create network ACL": Name and VPC. The new ACL has only the final `*` rules.
#[component]
pub fn CreateAcl() -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let initial = take_unsaved(|u| match u {
        Unsaved::Create(f) => Ok(f),
        other => Err(other),
    })
    .unwrap_or_else(|| store.lab.with_untracked(|lab| CreateAclForm::new(&lab.network)));
    let name = RwSignal::new(initial.name);
    let vpc = RwSignal::new(initial.vpc_id);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = StoredValue::new(false);
    let current = move || CreateAclForm {
        name: name.try_get_untracked().unwrap_or_default(),
        vpc_id: vpc.try_get_untracked().unwrap_or_else(|| VpcId::new("")),
    };
    on_cleanup(move || {
        if done.try_get_value() == Some(false) {
            keep_unsaved(Unsaved::Create(current()));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = current();
        match store.lab.with_untracked(|lab| form.plan(&lab.network)) {
            Ok((edit, id)) => match store.dispatch(Command::Edit(edit)) {
                Ok(_) => {
                    done.set_value(true);
                    nav.go(AclsView::Details { acl: id, rule: None });
                }
                Err(e) => show_errors(errors, vec![refusal(e)]),
            },
            Err(es) => show_errors(errors, es),
        }
    };
    let cancel = move |_| {
        done.set_value(true);
        nav.go(AclsView::List);
    };
    view! {
        <form class="groups-form acls-form" on:submit=submit novalidate>
            <nav class="crumbs">
                <button type="button" class="link" on:click=cancel>"Network ACLs"</button>
                " › Create network ACL"
            </nav>
            <h2>"Create network ACL"</h2>
            <p class="hint">
                "A network ACL is an optional layer of security that acts as a firewall for controlling traffic in and out of a subnet."
            </p>
            {form_summary(errors)}
            <fieldset class="card">
                <legend>"Network ACL settings"</legend>
                <label class="field">
                    <span class="label">"Name - optional"</span>
                    <input
                        type="text"
                        aria-label="Name - optional"
                        placeholder="my-network-acl"
                        prop:value=move || name.get()
                        aria-invalid=has_error(errors, Place::Name)
                        aria-describedby="acl-err-name"
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <span class="help">"Creates a tag with a key of 'Name' and the value you specify."</span>
                    {messages(errors, Place::Name, "acl-err-name".into())}
                </label>
                <label class="field">
                    <span class="label">"VPC"</span>
                    <select
                        aria-label="VPC"
                        prop:value=move || vpc.get().to_string()
                        on:change=move |ev| vpc.set(VpcId::new(event_target_value(&ev)))
                    >
                        {move || {
                            vpc_options(store)
                                .into_iter()
                                .map(|(id, label)| {
                                    let selected = id == vpc.get_untracked();
                                    view! { <option value=id.to_string() selected=selected>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <span class="help">"The VPC to use for this network ACL."</span>
                    {messages(errors, Place::Vpc, "acl-err-vpc".into())}
                </label>
                <p class="acl-note" role="note">
                    "A new network ACL denies all inbound and outbound traffic until you add rules: it has only the final "
                    <code>"*"</code>
                    " rules."
                </p>
            </fieldset>
            <div class="form-actions">
                <button type="button" class="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="button primary">"Create network ACL"</button>
            </div>
        </form>
    }
}

/// One row of the rules page as the page holds it.
#[derive(Clone)]
struct RowState {
    key: u64,
    /// Reference-counted, so that the form can still read it while the page closes.
    draft: ArcRwSignal<EntryDraft>,
}

impl RowState {
    fn from_row(row: EntryRow) -> Self {
        RowState { key: row.key, draft: ArcRwSignal::new(row.draft) }
    }

    fn to_row(&self) -> EntryRow {
        EntryRow { key: self.key, draft: self.draft.get_untracked() }
    }
}

fn dir_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// "Edit inbound rules" / "Edit outbound rules" of a network ACL.
#[component]
pub fn EditEntries(acl: NetworkAclId, direction: Direction) -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let initial = take_unsaved(|u| match u {
        Unsaved::Entries(f) if f.acl_id == acl && f.direction == direction => Ok(f),
        other => Err(other),
    })
    .unwrap_or_else(|| {
        store.lab.with_untracked(|lab| EntriesForm::for_acl(&lab.network, &acl, direction, &mut Keys::default()))
    });
    let keys = StoredValue::new(Keys::after(initial.rows.iter().map(|r| r.key)));
    let rows = RwSignal::new(initial.rows.into_iter().map(RowState::from_row).collect::<Vec<_>>());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = StoredValue::new(false);
    let has_ipv6 = store.lab.with_untracked(|lab| {
        lab.network
            .network_acls
            .iter()
            .find(|a| a.id == acl)
            .and_then(|a| lab.network.vpc(&a.vpc_id))
            .is_some_and(|v| !v.ipv6_cidr_blocks.is_empty())
    });
    let acl_for_form = acl.clone();
    let current = move || EntriesForm {
        acl_id: acl_for_form.clone(),
        direction,
        rows: rows.try_with_untracked(|rs| rs.iter().map(RowState::to_row).collect()).unwrap_or_default(),
    };
    let keep = current.clone();
    on_cleanup(move || {
        if done.try_get_value() == Some(false) {
            keep_unsaved(Unsaved::Entries(keep()));
        }
    });
    let details = {
        let acl = acl.clone();
        move || nav.go(AclsView::Details { acl: acl.clone(), rule: None })
    };
    let on_saved = details.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = current();
        if save_plan(store, store.lab.with_untracked(|lab| form.plan(&lab.network)), errors) {
            done.set_value(true);
            on_saved();
        }
    };
    let add = move |_| {
        let key = keys.try_update_value(|k| k.fresh()).unwrap_or_default();
        rows.update(|rs| rs.push(RowState::from_row(EntryRow { key, draft: EntryDraft::new() })));
    };
    let cancel = {
        let details = details.clone();
        move |_| {
            done.set_value(true);
            details();
        }
    };
    let back = cancel.clone();
    let list = move |_| {
        done.set_value(true);
        nav.go(AclsView::List);
    };
    let word = dir_word(direction);
    let (title, peer) = match direction {
        Direction::Inbound => ("Edit inbound rules", "Source"),
        Direction::Outbound => ("Edit outbound rules", "Destination"),
    };
    view! {
        <form class="groups-form acls-form" on:submit=save novalidate>
            <IcmpTypes/>
            <nav class="crumbs">
                <button type="button" class="link" on:click=list>"Network ACLs"</button>
                " › "
                <button type="button" class="link" on:click=back>{acl.to_string()}</button>
                {format!(" › {title}")}
            </nav>
            <h2>{title}</h2>
            <p class="hint">
                {format!(
                    "Rules are evaluated from the lowest rule number to the highest; the first that matches the {word} traffic allows or denies it. A network ACL is stateless: replies need rules of their own.",
                )}
            </p>
            {form_summary(errors)}
            <fieldset class="card">
                <legend>{format!("{} rules", if direction == Direction::Inbound { "Inbound" } else { "Outbound" })}</legend>
                <div class="rule-rows acl-rows">
                    <Show when=move || rows.with(|r| r.is_empty())>
                        <p class="empty">{format!("No {word} rules: the final * rule denies all {word} traffic.")}</p>
                    </Show>
                    <For
                        each=move || rows.get()
                        key=|r| r.key
                        children=move |row| view! { <EntryRowEditor direction row rows errors/> }
                    />
                    <div class="acl-final-rows" aria-label=format!("Final {word} rule")>
                        <FinalRow peer cidr="0.0.0.0/0"/>
                        {has_ipv6.then(|| view! { <FinalRow peer cidr="::/0"/> })}
                    </div>
                    <button type="button" class="button" aria-label=format!("Add new {word} rule") on:click=add>
                        "Add new rule"
                    </button>
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="button" class="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="button primary">"Save changes"</button>
            </div>
        </form>
    }
}

/// The final `*` rule, shown under the rows: it cannot be edited or removed.
#[component]
fn FinalRow(peer: &'static str, cidr: &'static str) -> impl IntoView {
    view! {
        <div class="acl-final" data-testid="final-rule">
            <span class="cell-value num">"*"</span>
            <span class="cell-value">"All traffic"</span>
            <span class="cell-value">"All"</span>
            <span class="cell-value">"All"</span>
            <span class="cell-value mono" title=peer>{cidr}</span>
            <span class="acl-action deny">"Deny"</span>
            <span class="help">"Cannot be removed"</span>
        </div>
    }
}

/// Common ICMP types for the ICMP type field of a Custom ICMP row.
#[component]
fn IcmpTypes() -> impl IntoView {
    view! {
        <datalist id="acl-icmp-types">
            <option value="All"></option>
            {console::ICMP_TYPES
                .iter()
                .map(|(n, name)| view! { <option value=n.to_string()>{*name}</option> })
                .collect_view()}
        </datalist>
    }
}

#[component]
fn EntryRowEditor(
    direction: Direction,
    row: RowState,
    rows: RwSignal<Vec<RowState>>,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let key = row.key;
    let draft = RwSignal::from(row.draft);
    let word = dir_word(direction);
    let peer = if direction == Direction::Inbound { "Source" } else { "Destination" };
    let number = Memo::new(move |_| rows.with(|rs| rs.iter().position(|r| r.key == key).map_or(0, |i| i + 1)));
    let name = move |label: &'static str| move || format!("{label}, {word} rule {}", number.get());
    let place = move |field: Field| Place::Row { key, field: Some(field) };
    let err_id = move |field: &str| format!("acl-err-{word}-{key}-{field}");
    let remove = move |_| {
        rows.update(|rs| rs.retain(|r| r.key != key));
        errors.update(|es| es.retain(|e| !matches!(e.place, Place::Row { key: k, .. } if k == key)));
    };
    let protocol = Memo::new(move |_| draft.with(EntryDraft::protocol_cell));
    let port = Memo::new(move |_| draft.with(EntryDraft::port_cell));
    let icmp = move || matches!(draft.with(|d| d.rule_type), RuleType::CustomIcmpV4 | RuleType::CustomIcmpV6);
    let row_place = Place::Row { key, field: None };
    view! {
        <div
            class="rule-row acl-row"
            role="group"
            aria-label=move || format!("{} rule {}", if direction == Direction::Inbound { "Inbound" } else { "Outbound" }, number.get())
            class:invalid=move || errors.with(|es| es.iter().any(|e| matches!(e.place, Place::Row { key: k, .. } if k == key)))
        >
            <label class="cell rule-number">
                <span class="label">"Rule number"</span>
                <input
                    type="text"
                    inputmode="numeric"
                    aria-label=name("Rule number")
                    placeholder="100"
                    prop:value=move || draft.with(|d| d.rule_number.clone())
                    aria-invalid=has_error(errors, place(Field::RuleNumber))
                    aria-describedby=err_id("rule_number")
                    on:input=move |ev| draft.update(|d| d.rule_number = event_target_value(&ev))
                />
                {messages(errors, place(Field::RuleNumber), err_id("rule_number"))}
            </label>
            <label class="cell type">
                <span class="label">"Type"</span>
                <select
                    aria-label=name("Type")
                    on:change=move |ev| {
                        if let Some(t) = RuleType::from_label(&event_target_value(&ev)) {
                            draft.update(|d| d.set_type(t));
                        }
                    }
                    prop:value=move || draft.with(|d| d.rule_type.label())
                >
                    {RuleType::all()
                        .map(|t| {
                            view! {
                                <option value=t.label() selected=move || draft.with(|d| d.rule_type == t)>
                                    {t.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="cell protocol">
                <span class="label">{move || if icmp() { "ICMP type" } else { "Protocol" }}</span>
                <input
                    type="text"
                    aria-label=name("Protocol")
                    list=move || icmp().then_some("acl-icmp-types")
                    disabled=move || !protocol.get().1
                    prop:value=move || protocol.get().0
                    aria-invalid=has_error(errors, place(Field::Protocol))
                    aria-describedby=err_id("protocol")
                    on:input=move |ev| draft.update(|d| d.protocol = event_target_value(&ev))
                />
                {messages(errors, place(Field::Protocol), err_id("protocol"))}
            </label>
            <label class="cell port">
                <span class="label">{move || if icmp() { "ICMP code" } else { "Port range" }}</span>
                <input
                    type="text"
                    aria-label=name("Port range")
                    disabled=move || !port.get().1
                    placeholder=move || port.get().1.then_some(if icmp() { "All" } else { "1024-65535" })
                    prop:value=move || port.get().0
                    aria-invalid=has_error(errors, place(Field::PortRange))
                    aria-describedby=err_id("port_range")
                    on:input=move |ev| draft.update(|d| d.port_range = event_target_value(&ev))
                />
                {messages(errors, place(Field::PortRange), err_id("port_range"))}
            </label>
            <label class="cell source">
                <span class="label">{peer}</span>
                <input
                    type="text"
                    aria-label=name(peer)
                    placeholder="0.0.0.0/0"
                    prop:value=move || draft.with(|d| d.cidr.clone())
                    aria-invalid=has_error(errors, place(Field::Cidr))
                    aria-describedby=err_id("cidr")
                    on:input=move |ev| draft.update(|d| d.cidr = event_target_value(&ev))
                />
                {messages(errors, place(Field::Cidr), err_id("cidr"))}
            </label>
            <label class="cell action">
                <span class="label">"Allow/Deny"</span>
                <select
                    aria-label=name("Allow/Deny")
                    prop:value=move || if draft.with(|d| d.action) == RuleAction::Allow { "Allow" } else { "Deny" }
                    on:change=move |ev| {
                        let action = if event_target_value(&ev) == "Deny" { RuleAction::Deny } else { RuleAction::Allow };
                        draft.update(|d| d.action = action);
                    }
                >
                    <option value="Allow" selected=move || draft.with(|d| d.action == RuleAction::Allow)>"Allow"</option>
                    <option value="Deny" selected=move || draft.with(|d| d.action == RuleAction::Deny)>"Deny"</option>
                </select>
            </label>
            <div class="cell delete">
                <button type="button" class="button danger" aria-label=name("Remove") on:click=remove>
                    "Remove"
                </button>
            </div>
            <div class="row-notes">{messages(errors, row_place, err_id("row"))}</div>
        </div>
    }
}

/// "Edit subnet associations": which subnets of the VPC this ACL serves.
#[component]
pub fn EditAssociations(acl: NetworkAclId) -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let initial = take_unsaved(|u| match u {
        Unsaved::Associations(f) if f.acl_id == acl => Ok(f),
        other => Err(other),
    })
    .unwrap_or_else(|| store.lab.with_untracked(|lab| AssociationsForm::for_acl(&lab.network, &acl)));
    let is_default =
        store.lab.with_untracked(|lab| lab.network.network_acls.iter().any(|a| a.id == acl && a.is_default));
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = StoredValue::new(false);
    on_cleanup(move || {
        if done.try_get_value() == Some(false) {
            if let Some(f) = form.try_get_untracked() {
                keep_unsaved(Unsaved::Associations(f));
            }
        }
    });
    let details = {
        let acl = acl.clone();
        move || nav.go(AclsView::Details { acl: acl.clone(), rule: None })
    };
    let on_saved = details.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = form.get_untracked();
        if save_plan(store, store.lab.with_untracked(|lab| current.plan(&lab.network)), errors) {
            done.set_value(true);
            on_saved();
        }
    };
    let cancel = {
        let details = details.clone();
        move |_| {
            done.set_value(true);
            details();
        }
    };
    let back = cancel.clone();
    let list = move |_| {
        done.set_value(true);
        nav.go(AclsView::List);
    };
    let toggle = move |subnet: SubnetId, chosen: bool| form.update(|f| f.set(&subnet, chosen));
    view! {
        <form class="groups-form acls-form" on:submit=save novalidate>
            <nav class="crumbs">
                <button type="button" class="link" on:click=list>"Network ACLs"</button>
                " › "
                <button type="button" class="link" on:click=back>{acl.to_string()}</button>
                " › Edit subnet associations"
            </nav>
            <h2>"Edit subnet associations"</h2>
            <p class="hint">
                {if is_default {
                    "Every subnet uses exactly one network ACL. This is the VPC's default network ACL: a subnet you tick here leaves its custom ACL; to move a subnet off the default one, associate it with another ACL."
                } else {
                    "Every subnet uses exactly one network ACL. A subnet you tick leaves the ACL it uses now; a subnet you untick goes back to the VPC's default network ACL."
                }}
            </p>
            {form_summary(errors)}
            <fieldset class="card">
                <legend>"Available subnets"</legend>
                {move || {
                    let subnets = form.with(|f| f.subnets.clone());
                    if subnets.is_empty() {
                        return view! { <p class="empty">"This VPC has no subnets."</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="sg-table acl-subnets" aria-label="Available subnets">
                                <thead>
                                    <tr>
                                        <th scope="col"><span class="visually-hidden">"Associate"</span></th>
                                        <th scope="col">"Subnet"</th>
                                        <th scope="col">"IPv4 CIDR"</th>
                                        <th scope="col">"Associated with"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {subnets
                                        .into_iter()
                                        .map(|s| {
                                            let id = s.subnet_id.clone();
                                            let checkbox_label = format!("Associate {}", s.label);
                                            view! {
                                                <tr>
                                                    <td>
                                                        <input
                                                            type="checkbox"
                                                            aria-label=checkbox_label
                                                            prop:checked=s.chosen
                                                            disabled=s.locked
                                                            title=s.locked.then_some("A subnet always has a network ACL: associate it with another one to take it off the default.")
                                                            on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))
                                                        />
                                                    </td>
                                                    <td>{s.label.clone()}</td>
                                                    <td class="peer">{s.cidr.clone()}</td>
                                                    <td><code>{s.current_acl.clone()}</code></td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }}
            </fieldset>
            <div class="form-actions">
                <button type="button" class="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="button primary">"Save changes"</button>
            </div>
        </form>
    }
}
