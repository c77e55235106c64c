//! The Network ACLs forms: "Create network ACL", "Edit inbound rules" / "Edit outbound
//! rules" and "Edit subnet associations". Each row's fields live in a signal of their
//! own, rows are keyed by a counter, and what was typed is kept until the form is
//! saved or cancelled (also while another tab is open).

use super::form::{AssociationsForm, CreateAclForm, EntriesForm, EntryDraft, EntryRow};
use super::{use_nav, AclsView};
use crate::groups::form::Keys;
use crate::lab::Command;
use crate::store::{use_lab, LabStore};
use crate::ui::errors::ErrorSummary;
use crate::ui::field::{TextField, VpcField};
use crate::ui::form::FormPage;
use crate::ui::rule_row::{
    cell_name, row_notes, row_number, AddRowButton, IcmpTypes, RemoveCell, RowPlaces, RuleRowFrame, TextCell, TypeCell,
    ICMP_TYPES,
};
use crate::ui::{direction_title, direction_word, peer_word, unsaved, FormError, Place};
use leptos::prelude::*;
use sglab_engine::edit::Field;
use sglab_engine::ids::{NetworkAclId, SubnetId, VpcId};
use sglab_engine::{Direction, RuleAction};

/// The selector of this tab's forms, where a refused field is looked for.
const FORM: &str = ".acls-form";

fn show_errors(errors: RwSignal<Vec<FormError>>, found: Vec<FormError>) {
    crate::ui::errors::show_errors(errors, found, FORM);
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
            show_errors(errors, vec![FormError::refusal(e)]);
            false
        }
    }
}

/// "Create network ACL": Name and VPC. The new ACL has only the final `*` rules.
#[component]
pub fn CreateAcl() -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let initial = unsaved::take::<CreateAclForm>(|_| true)
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
            unsaved::keep(current());
        }
    });
    let submit = Callback::new(move |()| {
        let form = current();
        match store.lab.with_untracked(|lab| form.plan(&lab.network)) {
            Ok((edit, id)) => match store.dispatch(Command::Edit(edit)) {
                Ok(_) => {
                    done.set_value(true);
                    nav.go(AclsView::Details { acl: id, rule: None });
                }
                Err(e) => show_errors(errors, vec![FormError::refusal(e)]),
            },
            Err(es) => show_errors(errors, es),
        }
    });
    let cancel = Callback::new(move |()| {
        done.set_value(true);
        nav.go(AclsView::List);
    });
    view! {
        <FormPage
            class="groups-form acls-form"
            trail=vec![("Network ACLs".to_owned(), cancel)]
            title="Create network ACL"
            submit_label="Create network ACL"
            on_submit=submit
            on_cancel=cancel
        >
            <p class="hint">
                "A network ACL is an optional layer of security that acts as a firewall for controlling traffic in and out of a subnet."
            </p>
            <ErrorSummary errors general=Place::Form testid="acls-error"/>
            <fieldset class="card">
                <legend>"Network ACL settings"</legend>
                <TextField
                    label="Name - optional"
                    placeholder="my-network-acl"
                    help="Creates a tag with a key of 'Name' and the value you specify."
                    value=name
                    place=Place::Field(Field::Name)
                    message_id="acl-err-name"
                    errors
                />
                <VpcField vpc help="The VPC to use for this network ACL." message_id="acl-err-vpc" errors/>
                <p class="acl-note" role="note">
                    "A new network ACL denies all inbound and outbound traffic until you add rules: it has only the final "
                    <code>"*"</code>
                    " rules."
                </p>
            </fieldset>
        </FormPage>
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

/// "Edit inbound rules" / "Edit outbound rules" of a network ACL.
#[component]
pub fn EditEntries(acl: NetworkAclId, direction: Direction) -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let initial = unsaved::take::<EntriesForm>(|f| f.acl_id == acl && f.direction == direction).unwrap_or_else(|| {
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
            unsaved::keep(keep());
        }
    });
    let details = {
        let acl = acl.clone();
        Callback::new(move |()| {
            done.set_value(true);
            nav.go(AclsView::Details { acl: acl.clone(), rule: None })
        })
    };
    let save = Callback::new(move |()| {
        let form = current();
        if save_plan(store, store.lab.with_untracked(|lab| form.plan(&lab.network)), errors) {
            details.run(());
        }
    });
    let add = Callback::new(move |()| {
        let key = keys.try_update_value(|k| k.fresh()).unwrap_or_default();
        rows.update(|rs| rs.push(RowState::from_row(EntryRow { key, draft: EntryDraft::new() })));
    });
    let list = Callback::new(move |()| {
        done.set_value(true);
        nav.go(AclsView::List);
    });
    let word = direction_word(direction);
    let peer = peer_word(direction);
    view! {
        <FormPage
            class="groups-form acls-form"
            trail=vec![("Network ACLs".to_owned(), list), (acl.to_string(), details)]
            title=format!("Edit {word} rules")
            submit_label="Save changes"
            on_submit=save
            on_cancel=details
        >
            <IcmpTypes/>
            <p class="hint">
                {format!(
                    "Rules are evaluated from the lowest rule number to the highest; the first that matches the {word} traffic allows or denies it. A network ACL is stateless: replies need rules of their own.",
                )}
            </p>
            <ErrorSummary errors general=Place::Form testid="acls-error"/>
            <fieldset class="card">
                <legend>{format!("{} rules", direction_title(direction))}</legend>
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
                    <AddRowButton
                        name=format!("Add new {word} rule")
                        text="Add new rule"
                        rows=".rule-row"
                        container=".rule-rows"
                        on_add=add
                    />
                </div>
            </fieldset>
        </FormPage>
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

#[component]
fn EntryRowEditor(
    direction: Direction,
    row: RowState,
    rows: RwSignal<Vec<RowState>>,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let key = row.key;
    let draft = RwSignal::from(row.draft);
    let peer = peer_word(direction);
    let number = row_number(rows, key, |r| r.key);
    let name = move |label: &'static str| Signal::derive(cell_name(label, direction, number));
    let places = RowPlaces { direction, key, prefix: "acl-" };
    let remove = Callback::new(move |()| {
        rows.update(|rs| rs.retain(|r| r.key != key));
        places.forget(errors);
    });
    let protocol = Memo::new(move |_| draft.with(EntryDraft::protocol_cell));
    let port = Memo::new(move |_| draft.with(EntryDraft::port_cell));
    let icmp = move || {
        matches!(
            draft.with(|d| d.rule_type),
            sglab_engine::console::RuleType::CustomIcmpV4 | sglab_engine::console::RuleType::CustomIcmpV6
        )
    };
    view! {
        <RuleRowFrame class="acl-row" places number errors>
            <TextCell
                class="rule-number"
                label="Rule number".to_owned()
                name=name("Rule number")
                value=Signal::derive(move || draft.with(|d| d.rule_number.clone()))
                on_input=Callback::new(move |v| draft.update(|d| d.rule_number = v))
                placeholder=Some("100".to_owned())
                inputmode="numeric"
                places
                field=Field::RuleNumber
                errors
            />
            <TypeCell
                name=name("Type")
                value=Signal::derive(move || draft.with(|d| d.rule_type))
                on_change=Callback::new(move |t| draft.update(|d| d.set_type(t)))
            />
            <TextCell
                class="protocol"
                label=Signal::derive(move || if icmp() { "ICMP type" } else { "Protocol" }.to_owned())
                name=name("Protocol")
                value=Signal::derive(move || protocol.get().0)
                on_input=Callback::new(move |v| draft.update(|d| d.protocol = v))
                list=Signal::derive(move || icmp().then(|| ICMP_TYPES.to_owned()))
                disabled=Signal::derive(move || !protocol.get().1)
                places
                field=Field::Protocol
                errors
            />
            <TextCell
                class="port"
                label=Signal::derive(move || if icmp() { "ICMP code" } else { "Port range" }.to_owned())
                name=name("Port range")
                value=Signal::derive(move || port.get().0)
                on_input=Callback::new(move |v| draft.update(|d| d.port_range = v))
                disabled=Signal::derive(move || !port.get().1)
                placeholder=Signal::derive(move || port.get().1.then(|| if icmp() { "All" } else { "1024-65535" }.to_owned()))
                places
                field=Field::PortRange
                errors
            />
            <TextCell
                class="source"
                label=peer.to_owned()
                name=name(peer)
                value=Signal::derive(move || draft.with(|d| d.cidr.clone()))
                on_input=Callback::new(move |v| draft.update(|d| d.cidr = v))
                placeholder=Some("0.0.0.0/0".to_owned())
                places
                field=Field::Cidr
                errors
            />
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
            <RemoveCell name=name("Remove") text="Remove" on_remove=remove/>
            {row_notes(places, errors, ())}
        </RuleRowFrame>
    }
}

/// "Edit subnet associations": which subnets of the VPC this ACL serves.
#[component]
pub fn EditAssociations(acl: NetworkAclId) -> impl IntoView {
    let store = use_lab();
    let nav = use_nav();
    let initial = unsaved::take::<AssociationsForm>(|f| f.acl_id == acl)
        .unwrap_or_else(|| store.lab.with_untracked(|lab| AssociationsForm::for_acl(&lab.network, &acl)));
    let is_default =
        store.lab.with_untracked(|lab| lab.network.network_acls.iter().any(|a| a.id == acl && a.is_default));
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = StoredValue::new(false);
    on_cleanup(move || {
        if done.try_get_value() == Some(false) {
            if let Some(f) = form.try_get_untracked() {
                unsaved::keep(f);
            }
        }
    });
    let details = {
        let acl = acl.clone();
        Callback::new(move |()| {
            done.set_value(true);
            nav.go(AclsView::Details { acl: acl.clone(), rule: None })
        })
    };
    let save = Callback::new(move |()| {
        let current = form.get_untracked();
        if save_plan(store, store.lab.with_untracked(|lab| current.plan(&lab.network)), errors) {
            details.run(());
        }
    });
    let list = Callback::new(move |()| {
        done.set_value(true);
        nav.go(AclsView::List);
    });
    let toggle = move |subnet: SubnetId, chosen: bool| form.update(|f| f.set(&subnet, chosen));
    view! {
        <FormPage
            class="groups-form acls-form"
            trail=vec![("Network ACLs".to_owned(), list), (acl.to_string(), details)]
            title="Edit subnet associations"
            submit_label="Save changes"
            on_submit=save
            on_cancel=details
        >
            <p class="hint">
                {if is_default {
                    "Every subnet uses exactly one network ACL. This is the VPC's default network ACL: a subnet you tick here leaves its custom ACL; to move a subnet off the default one, associate it with another ACL."
                } else {
                    "Every subnet uses exactly one network ACL. A subnet you tick leaves the ACL it uses now; a subnet you untick goes back to the VPC's default network ACL."
                }}
            </p>
            <ErrorSummary errors general=Place::Form testid="acls-error"/>
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
        </FormPage>
    }
}
