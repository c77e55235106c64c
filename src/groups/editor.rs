//! The forms: "Create security group" and "Edit inbound/outbound rules", built from
//! one rule row editor. Each row's fields live in a signal of their own, rows are
//! keyed by a counter, and nothing is cleared until the form is saved or cancelled.

use super::form::{self, CreatePlan, FormError, GroupForm, Keys, Place, RuleRow, RulesForm, TagRow, MY_IP};
use crate::lab::Command;
use crate::store::{use_lab, GroupsView};
use leptos::prelude::*;
use sglab_engine::console::{self, RuleDraft, RuleType, SourceType};
use sglab_engine::edit::Field;
use sglab_engine::ids::{SecurityGroupId, SecurityGroupRuleId, VpcId};
use sglab_engine::Direction;

/// One row of a rules table as the page holds it.
#[derive(Clone)]
pub struct RowState {
    pub key: u64,
    pub rule_id: Option<SecurityGroupRuleId>,
    /// Reference-counted, so that the form can still read it while the page closes.
    pub draft: ArcRwSignal<RuleDraft>,
}

impl RowState {
    fn from_row(row: RuleRow) -> Self {
        RowState { key: row.key, rule_id: row.rule_id, draft: ArcRwSignal::new(row.draft) }
    }

    fn to_row(&self) -> RuleRow {
        RuleRow { key: self.key, rule_id: self.rule_id.clone(), draft: self.draft.get_untracked() }
    }
}

#[derive(Clone)]
struct TagState {
    key: u64,
    tag_key: ArcRwSignal<String>,
    value: ArcRwSignal<String>,
}

/// Shows a form's messages and moves the focus to the first field refused (or to the
/// form's alert), so that a keyboard user lands where the problem is.
fn show_errors(errors: RwSignal<Vec<FormError>>, found: Vec<FormError>) {
    use leptos::wasm_bindgen::JsCast;
    errors.set(found);
    request_animation_frame(|| {
        let target = document()
            .query_selector(".groups-form [aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .or_else(|| document().query_selector(".groups-form .form-alert").ok().flatten());
        if let Some(el) = target.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            el.scroll_into_view_with_bool(false);
            let _ = el.focus();
        }
    });
}

/// A form left open when the panel closed (another tab chosen): it comes back as it
/// was when the same form is opened again, until it is saved or cancelled.
enum Unsaved {
    Create(GroupForm),
    Rules(RulesForm),
}

thread_local! {
    static UNSAVED: std::cell::RefCell<Option<Unsaved>> = const { std::cell::RefCell::new(None) };
}

fn take_unsaved_create() -> Option<GroupForm> {
    UNSAVED.with(|u| {
        let taken = u.borrow_mut().take();
        match taken {
            Some(Unsaved::Create(f)) => Some(f),
            other => {
                *u.borrow_mut() = other;
                None
            }
        }
    })
}

fn take_unsaved_rules(group: &SecurityGroupId, direction: Direction) -> Option<RulesForm> {
    UNSAVED.with(|u| {
        let taken = u.borrow_mut().take();
        match taken {
            Some(Unsaved::Rules(f)) if &f.group_id == group && f.direction == direction => Some(f),
            other => {
                *u.borrow_mut() = other;
                None
            }
        }
    })
}

fn keep_unsaved(form: Unsaved) {
    UNSAVED.with(|u| *u.borrow_mut() = Some(form));
}

fn next_key(keys: StoredValue<Keys>) -> u64 {
    keys.try_update_value(|k| k.fresh()).unwrap_or_default()
}

fn dir_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

fn peer_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "Source",
        Direction::Outbound => "Destination",
    }
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

/// The Inbound rules or Outbound rules table of a form.
#[component]
pub fn RuleRows(
    direction: Direction,
    rows: RwSignal<Vec<RowState>>,
    errors: RwSignal<Vec<FormError>>,
    vpc_id: Signal<VpcId>,
    keys: StoredValue<Keys>,
) -> impl IntoView {
    let store = use_lab();
    let word = dir_word(direction);
    let list_id = format!("sg-sources-{word}");
    let options = move || {
        let vpc = vpc_id.get();
        store.lab.with(|lab| console::source_options(&lab.network, &vpc))
    };
    let add = move |_| {
        let row = RuleRow::new(&mut Keys::default());
        let key = next_key(keys);
        rows.update(|rs| rs.push(RowState::from_row(RuleRow { key, ..row })));
    };
    let rules_place = Place::Rules(direction);
    view! {
        <div class="rule-rows">
            <datalist id=list_id.clone()>
                {move || {
                    options()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </datalist>
            <Show when=move || rows.with(|r| r.is_empty())>
                <p class="empty">{format!("This security group has no {word} rules.")}</p>
            </Show>
            <For
                each=move || rows.get()
                key=|r| r.key
                children=move |row| {
                    view! {
                        <RuleRowEditor
                            direction
                            row
                            rows
                            errors
                            vpc_id
                            list_id=list_id.clone()
                        />
                    }
                }
            />
            {messages(errors, rules_place, format!("rules-error-{word}"))}
            <button type="button" class="button" aria-label=format!("Add {word} rule") on:click=add>
                "Add rule"
            </button>
        </div>
    }
}

#[component]
fn RuleRowEditor(
    direction: Direction,
    row: RowState,
    rows: RwSignal<Vec<RowState>>,
    errors: RwSignal<Vec<FormError>>,
    vpc_id: Signal<VpcId>,
    list_id: String,
) -> impl IntoView {
    let store = use_lab();
    let key = row.key;
    let draft = RwSignal::from(row.draft);
    let word = dir_word(direction);
    let peer = peer_word(direction);
    let number = Memo::new(move |_| rows.with(|rs| rs.iter().position(|r| r.key == key).map_or(0, |i| i + 1)));
    let name = move |label: &'static str| move || format!("{label}, {word} rule {}", number.get());
    let place = move |field: Field| Place::Row { direction, key, field: Some(field) };
    let err_id = move |field: &str| format!("err-{word}-{key}-{field}");
    let remove = move |_| {
        rows.update(|rs| rs.retain(|r| r.key != key));
        errors.update(|es| es.retain(|e| !matches!(e.place, Place::Row { key: k, .. } if k == key)));
    };
    let protocol = Memo::new(move |_| draft.with(form::protocol_cell));
    let port = Memo::new(move |_| draft.with(form::port_cell));
    let source = Memo::new(move |_| draft.with(form::source_cell));
    let icmp = move || matches!(draft.with(|d| d.rule_type), RuleType::CustomIcmpV4 | RuleType::CustomIcmpV6);
    let warnings = move || {
        let vpc = vpc_id.get();
        let d = draft.get();
        store.lab.with(|lab| form::warnings(&d, direction, &lab.network, &vpc))
    };
    let row_place = Place::Row { direction, key, field: None };
    view! {
        <div
            class="rule-row"
            role="group"
            aria-label=move || format!("{} rule {}", if direction == Direction::Inbound { "Inbound" } else { "Outbound" }, number.get())
            class:invalid=move || errors.with(|es| es.iter().any(|e| matches!(e.place, Place::Row { key: k, .. } if k == key)))
        >
            <label class="cell type">
                <span class="label">"Type"</span>
                <select
                    aria-label=name("Type")
                    on:change=move |ev| {
                        if let Some(t) = RuleType::from_label(&event_target_value(&ev)) {
                            draft.update(|d| form::set_type(d, t));
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
                    list=move || icmp().then_some("icmp-types")
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
                    placeholder=move || port.get().1.then_some(if icmp() { "All" } else { "0 - 65535" })
                    prop:value=move || port.get().0
                    aria-invalid=has_error(errors, place(Field::PortRange))
                    aria-describedby=err_id("port_range")
                    on:input=move |ev| draft.update(|d| d.port_range = event_target_value(&ev))
                />
                {messages(errors, place(Field::PortRange), err_id("port_range"))}
            </label>
            <label class="cell source-type">
                <span class="label">{format!("{peer} type")}</span>
                <select
                    aria-label=name(if direction == Direction::Inbound { "Source type" } else { "Destination type" })
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(st) = SourceType::ALL.into_iter().find(|s| s.label() == v) {
                            draft.update(|d| d.source_type = st);
                        }
                    }
                    prop:value=move || draft.with(|d| d.source_type.label())
                >
                    {SourceType::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.label() selected=move || draft.with(|d| d.source_type == s)>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="cell source">
                <span class="label">
                    {peer}
                    <Show when=move || draft.with(|d| d.source_type == SourceType::MyIp)>
                        <span
                            class="info"
                            tabindex="0"
                            role="img"
                            aria-label=format!(
                                "My IP: a page with no server cannot learn the address you browse from, so the lab uses the chapter's web browser, {MY_IP}.",
                            )
                            title=format!(
                                "My IP: a page with no server cannot learn the address you browse from, so the lab uses the chapter's web browser, {MY_IP}.",
                            )
                        >
                            // Drawn, not a font glyph: not every system's fonts have ⓘ.
                            <svg class="info-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                                <circle cx="8" cy="8" r="6.75"></circle>
                                <path d="M8 7.2 V11.5 M8 4.6 V4.9"></path>
                            </svg>
                        </span>
                    </Show>
                </span>
                <input
                    type="text"
                    aria-label=name(peer)
                    list=list_id
                    disabled=move || !source.get().1
                    placeholder="CIDR, security group ID or name"
                    title=move || (draft.with(|d| d.source_type == SourceType::MyIp)).then(|| format!("My IP is the chapter's web browser, {MY_IP}: this page cannot learn your own address."))
                    prop:value=move || source.get().0
                    aria-invalid=has_error(errors, place(Field::Source))
                    aria-describedby=err_id("source")
                    on:input=move |ev| draft.update(|d| d.source = event_target_value(&ev))
                />
                {messages(errors, place(Field::Source), err_id("source"))}
            </label>
            <label class="cell description">
                <span class="label">"Description - optional"</span>
                <input
                    type="text"
                    aria-label=name("Description - optional")
                    prop:value=move || draft.with(|d| d.description.clone())
                    aria-invalid=has_error(errors, place(Field::Description))
                    aria-describedby=err_id("description")
                    on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))
                />
                {messages(errors, place(Field::Description), err_id("description"))}
            </label>
            <div class="cell delete">
                <button
                    type="button"
                    class="button danger"
                    aria-label=name("Delete")
                    on:click=remove
                >
                    "Delete"
                </button>
            </div>
            <div class="row-notes">
                {messages(errors, row_place, err_id("row"))}
                {move || {
                    warnings()
                        .into_iter()
                        .map(|w| view! { <p class="warning" role="status">{"⚠ "}{w}</p> })
                        .collect_view()
                }}
            </div>
        </div>
    }
}

/// Common ICMP types for the ICMP type field of a Custom ICMP row.
#[component]
fn IcmpTypes() -> impl IntoView {
    view! {
        <datalist id="icmp-types">
            <option value="All"></option>
            {console::ICMP_TYPES
                .iter()
                .map(|(n, name)| view! { <option value=n.to_string()>{*name}</option> })
                .collect_view()}
        </datalist>
    }
}

fn form_summary(errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    move || {
        let general: Vec<FormError> = errors.with(|es| es.iter().filter(|e| e.place == Place::Form).cloned().collect());
        let count = errors.with(|es| es.len());
        (count > 0).then(|| {
            view! {
                <div class="form-alert" role="alert" tabindex="-1">
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

/// "Create security group".
#[component]
pub fn CreateGroup() -> impl IntoView {
    let store = use_lab();
    let keys = StoredValue::new(Keys::default());
    let initial = take_unsaved_create()
        .unwrap_or_else(|| store.lab.with_untracked(|lab| GroupForm::new(&lab.network, &mut Keys::default())));
    keys.set_value(Keys::after(
        initial.inbound.iter().chain(&initial.outbound).map(|r| r.key).chain(initial.tags.iter().map(|t| t.key)),
    ));
    let name = RwSignal::new(initial.name);
    let description = RwSignal::new(initial.description);
    let vpc = RwSignal::new(initial.vpc_id);
    let inbound = RwSignal::new(initial.inbound.into_iter().map(RowState::from_row).collect::<Vec<_>>());
    let outbound = RwSignal::new(initial.outbound.into_iter().map(RowState::from_row).collect::<Vec<_>>());
    let tags = RwSignal::new(
        initial
            .tags
            .into_iter()
            .map(|t| TagState { key: t.key, tag_key: ArcRwSignal::new(t.tag_key), value: ArcRwSignal::new(t.value) })
            .collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = StoredValue::new(false);
    let vpcs = move || {
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
                .collect::<Vec<_>>()
        })
    };
    let current = move || GroupForm {
        name: name.try_get_untracked().unwrap_or_default(),
        description: description.try_get_untracked().unwrap_or_default(),
        vpc_id: vpc.try_get_untracked().unwrap_or_else(|| VpcId::new("")),
        inbound: inbound.try_with_untracked(|rs| rs.iter().map(RowState::to_row).collect()).unwrap_or_default(),
        outbound: outbound.try_with_untracked(|rs| rs.iter().map(RowState::to_row).collect()).unwrap_or_default(),
        tags: tags
            .try_with_untracked(|ts| {
                ts.iter()
                    .map(|t| TagRow { key: t.key, tag_key: t.tag_key.get_untracked(), value: t.value.get_untracked() })
                    .collect()
            })
            .unwrap_or_default(),
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
            // Kept as unsaved (if the panel closes) until the lab takes it.
            Ok(plan) => done.set_value(create(plan, errors)),
            Err(es) => show_errors(errors, es),
        }
    };
    let cancel = move |_| {
        done.set_value(true);
        store.ui.groups_view.set(GroupsView::List)
    };
    let vpc_signal = Signal::derive(move || vpc.get());
    view! {
        <form class="groups-form" on:submit=submit novalidate>
            <IcmpTypes/>
            <nav class="crumbs">
                <button type="button" class="link" on:click=cancel>"Security groups"</button>
                " › Create security group"
            </nav>
            <h2>"Create security group"</h2>
            <p class="hint">
                "A security group acts as a virtual firewall for your instance to control inbound and outbound traffic."
            </p>
            {form_summary(errors)}
            <fieldset class="card">
                <legend>"Basic details"</legend>
                <label class="field">
                    <span class="label">"Security group name"</span>
                    <input
                        type="text"
                        aria-label="Security group name"
                        placeholder="MyWebServerGroup"
                        prop:value=move || name.get()
                        aria-invalid=has_error(errors, Place::Name)
                        aria-describedby="err-name"
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <span class="help">"Name cannot be edited after creation."</span>
                    {messages(errors, Place::Name, "err-name".into())}
                </label>
                <label class="field">
                    <span class="label">"Description"</span>
                    <input
                        type="text"
                        aria-label="Description"
                        placeholder="Allows SSH access to developers"
                        prop:value=move || description.get()
                        aria-invalid=has_error(errors, Place::Description)
                        aria-describedby="err-description"
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                    {messages(errors, Place::Description, "err-description".into())}
                </label>
                <label class="field">
                    <span class="label">"VPC"</span>
                    <select
                        aria-label="VPC"
                        prop:value=move || vpc.get().to_string()
                        on:change=move |ev| vpc.set(VpcId::new(event_target_value(&ev)))
                    >
                        {move || {
                            vpcs()
                                .into_iter()
                                .map(|(id, label)| {
                                    let selected = id == vpc.get_untracked();
                                    view! { <option value=id.to_string() selected=selected>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    {messages(errors, Place::Vpc, "err-vpc".into())}
                </label>
            </fieldset>
            <fieldset class="card">
                <legend>"Inbound rules"</legend>
                <RuleRows direction=Direction::Inbound rows=inbound errors vpc_id=vpc_signal keys/>
            </fieldset>
            <fieldset class="card">
                <legend>"Outbound rules"</legend>
                <RuleRows direction=Direction::Outbound rows=outbound errors vpc_id=vpc_signal keys/>
            </fieldset>
            <fieldset class="card">
                <legend>"Tags - optional"</legend>
                <TagRows tags keys errors/>
            </fieldset>
            <div class="form-actions">
                <button type="button" class="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="button primary">"Create security group"</button>
            </div>
        </form>
    }
}

/// The Tags rows of a form: Key, Value - optional, Remove; and "Add new tag".
#[component]
fn TagRows(tags: RwSignal<Vec<TagState>>, keys: StoredValue<Keys>, errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    let add_tag = move |_| {
        let key = next_key(keys);
        tags.update(|ts| {
            ts.push(TagState { key, tag_key: ArcRwSignal::new(String::new()), value: ArcRwSignal::new(String::new()) })
        });
    };
    view! {
        <p class="help">
            "A tag is a label that you assign to an AWS resource. Each tag consists of a key and an optional value. The Name key is case-sensitive."
        </p>
        <Show when=move || tags.with(|t| t.is_empty())>
            <p class="empty">"No tags associated with the resource."</p>
        </Show>
        <For
            each=move || tags.get()
            key=|t| t.key
            children=move |t| {
                let k = t.key;
                let tag_key = RwSignal::from(t.tag_key);
                let tag_value = RwSignal::from(t.value);
                let number = Memo::new(move |_| tags.with(|ts| ts.iter().position(|x| x.key == k).map_or(0, |i| i + 1)));
                view! {
                    <div class="tag-row" role="group" aria-label=move || format!("Tag {}", number.get())>
                        <label class="cell">
                            <span class="label">"Key"</span>
                            <input
                                type="text"
                                aria-label=move || format!("Key, tag {}", number.get())
                                prop:value=move || tag_key.get()
                                on:input=move |ev| tag_key.set(event_target_value(&ev))
                            />
                        </label>
                        <label class="cell">
                            <span class="label">"Value - optional"</span>
                            <input
                                type="text"
                                aria-label=move || format!("Value, tag {}", number.get())
                                prop:value=move || tag_value.get()
                                on:input=move |ev| tag_value.set(event_target_value(&ev))
                            />
                        </label>
                        <div class="cell delete">
                            <button
                                type="button"
                                class="button danger"
                                aria-label=move || format!("Remove tag {}", number.get())
                                on:click=move |_| tags.update(|ts| ts.retain(|x| x.key != k))
                            >
                                "Remove"
                            </button>
                        </div>
                    </div>
                }
            }
        />
        {messages(errors, Place::Tags, "err-tags".into())}
        <button type="button" class="button" on:click=add_tag>"Add new tag"</button>
    }
}

/// Applies a checked plan — the group, then its rules — as one step (one undo), then
/// shows the group. The plan found the group's id by a trial on this same network, so
/// the rule edits name the group that the first edit creates.
fn create(plan: CreatePlan, errors: RwSignal<Vec<FormError>>) -> bool {
    let store = use_lab();
    let mut edits = vec![plan.create.clone()];
    edits.extend(plan.rule_edits_for(&plan.group_id));
    match store.dispatch(Command::Edits(edits)) {
        Ok(_) => {
            store.ui.groups_view.set(GroupsView::Details { group: plan.group_id.clone(), rule: None });
            true
        }
        Err(e) => {
            show_errors(
                errors,
                vec![FormError { place: Place::Form, code: None, message: form::sentence(&e.to_string()) }],
            );
            false
        }
    }
}

/// "Edit inbound rules" / "Edit outbound rules".
#[component]
pub fn EditRules(group: SecurityGroupId, inbound: bool) -> impl IntoView {
    let store = use_lab();
    let direction = if inbound { Direction::Inbound } else { Direction::Outbound };
    let keys = StoredValue::new(Keys::default());
    let initial = take_unsaved_rules(&group, direction).unwrap_or_else(|| {
        store.lab.with_untracked(|lab| RulesForm::for_group(&lab.network, &group, direction, &mut Keys::default()))
    });
    keys.set_value(Keys::after(initial.rows.iter().map(|r| r.key)));
    let (name, vpc_id) = store.lab.with_untracked(|lab| {
        lab.network
            .security_group(&group)
            .map(|g| (g.name.clone(), g.vpc_id.clone()))
            .unwrap_or_else(|| (String::new(), VpcId::new("")))
    });
    let rows = RwSignal::new(initial.rows.into_iter().map(RowState::from_row).collect::<Vec<_>>());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let title = if inbound { "Edit inbound rules" } else { "Edit outbound rules" };
    let done = StoredValue::new(false);
    let group_for_form = group.clone();
    let current = move || RulesForm {
        group_id: group_for_form.clone(),
        direction,
        rows: rows.try_with_untracked(|rs| rs.iter().map(RowState::to_row).collect()).unwrap_or_default(),
    };
    let keep = current.clone();
    on_cleanup(move || {
        if done.try_get_value() == Some(false) {
            keep_unsaved(Unsaved::Rules(keep()));
        }
    });
    let group_for_save = group.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = current();
        let result = store.lab.with_untracked(|lab| form.to_edit(&lab.network));
        match result {
            Ok(edit) => match store.dispatch(Command::Edit(edit)) {
                Ok(_) => {
                    done.set_value(true);
                    store.ui.groups_view.set(GroupsView::Details { group: group_for_save.clone(), rule: None })
                }
                Err(e) => show_errors(
                    errors,
                    vec![FormError { place: Place::Form, code: None, message: form::sentence(&e.to_string()) }],
                ),
            },
            Err(es) => show_errors(errors, es),
        }
    };
    let group_for_cancel = group.clone();
    let cancel = move |_| {
        done.set_value(true);
        store.ui.groups_view.set(GroupsView::Details { group: group_for_cancel.clone(), rule: None })
    };
    let back = cancel.clone();
    let list = move |_| {
        done.set_value(true);
        store.ui.groups_view.set(GroupsView::List)
    };
    view! {
        <form class="groups-form" on:submit=save novalidate>
            <IcmpTypes/>
            <nav class="crumbs">
                <button type="button" class="link" on:click=list>"Security groups"</button>
                " › "
                <button type="button" class="link" on:click=back>{group.to_string()}</button>
                {format!(" › {title}")}
            </nav>
            <h2>{title}</h2>
            <p class="hint">
                {format!(
                    "{} rules control the {} traffic that's allowed to {} the instances associated with {name}.",
                    if inbound { "Inbound" } else { "Outbound" },
                    if inbound { "incoming" } else { "outgoing" },
                    if inbound { "reach" } else { "leave" },
                )}
            </p>
            {form_summary(errors)}
            <fieldset class="card">
                <legend>{format!("{} rules", if inbound { "Inbound" } else { "Outbound" })}</legend>
                <RuleRows direction rows errors vpc_id=Signal::stored(vpc_id) keys/>
            </fieldset>
            <div class="form-actions">
                <button type="button" class="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="button primary">
                    "Save rules"
                </button>
            </div>
        </form>
    }
}

/// "Manage tags" of an existing group: the Tags rows, saved as one step.
#[component]
pub fn ManageTags(group: SecurityGroupId) -> impl IntoView {
    let store = use_lab();
    let initial = store.lab.with_untracked(|lab| form::TagsForm::for_group(&lab.network, &group, &mut Keys::default()));
    let keys = StoredValue::new(Keys::after(initial.rows.iter().map(|t| t.key)));
    let tags = RwSignal::new(
        initial
            .rows
            .into_iter()
            .map(|t| TagState { key: t.key, tag_key: ArcRwSignal::new(t.tag_key), value: ArcRwSignal::new(t.value) })
            .collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(Vec::<FormError>::new());
    let details = {
        let group = group.clone();
        move || store.ui.groups_view.set(GroupsView::Details { group: group.clone(), rule: None })
    };
    let group_for_save = group.clone();
    let on_saved = details.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = form::TagsForm {
            group_id: group_for_save.clone(),
            rows: tags.with_untracked(|ts| {
                ts.iter()
                    .map(|t| TagRow { key: t.key, tag_key: t.tag_key.get_untracked(), value: t.value.get_untracked() })
                    .collect()
            }),
        };
        match store.lab.with_untracked(|lab| form.plan(&lab.network)) {
            Ok(edits) if edits.is_empty() => on_saved(),
            Ok(edits) => match store.dispatch(Command::Edits(edits)) {
                Ok(_) => on_saved(),
                Err(e) => show_errors(
                    errors,
                    vec![FormError { place: Place::Tags, code: None, message: form::sentence(&e.to_string()) }],
                ),
            },
            Err(es) => show_errors(errors, es),
        }
    };
    let cancel = details.clone();
    let back = details;
    let list = move |_| store.ui.groups_view.set(GroupsView::List);
    view! {
        <form class="groups-form" on:submit=save novalidate>
            <nav class="crumbs">
                <button type="button" class="link" on:click=list>"Security groups"</button>
                " › "
                <button type="button" class="link" on:click=move |_| back()>{group.to_string()}</button>
                " › Manage tags"
            </nav>
            <h2>"Manage tags"</h2>
            {form_summary(errors)}
            <fieldset class="card">
                <legend>"Tags"</legend>
                <TagRows tags keys errors/>
            </fieldset>
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| cancel()>"Cancel"</button>
                <button type="submit" class="button primary">"Save changes"</button>
            </div>
        </form>
    }
}
