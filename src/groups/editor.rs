//! The forms: "Create security group" and "Edit inbound/outbound rules", built from
//! one rule row editor. Each row's fields live in a signal of their own, rows are
//! keyed by a counter, and nothing is cleared until the form is saved or cancelled.

use super::form::{self, CreatePlan, GroupForm, Keys, RuleRow, RulesForm, TagRow, MY_IP};
use crate::lab::Command;
use crate::store::{use_lab, GroupsView};
use crate::ui::errors::{field_messages, has_error, ErrorSummary};
use crate::ui::field::{TextField, VpcField};
use crate::ui::form::FormPage;
use crate::ui::rule_row::{
    cell_name, row_notes, row_number, rules_messages, AddRowButton, IcmpTypes, RemoveCell, RowPlaces, RuleRowFrame,
    TextCell, TypeCell, ICMP_TYPES,
};
use crate::ui::{direction_title, direction_word, peer_word, unsaved, FormError, Place};
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

/// The selector of this tab's forms, where a refused field is looked for.
const FORM: &str = ".groups-form";

fn show_errors(errors: RwSignal<Vec<FormError>>, found: Vec<FormError>) {
    crate::ui::errors::show_errors(errors, found, FORM);
}

fn next_key(keys: StoredValue<Keys>) -> u64 {
    keys.try_update_value(|k| k.fresh()).unwrap_or_default()
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
    let word = direction_word(direction);
    let list_id = format!("sg-sources-{word}");
    let options = move || {
        let vpc = vpc_id.get();
        store.lab.with(|lab| console::source_options(&lab.network, &vpc))
    };
    let add = Callback::new(move |()| {
        let row = RuleRow::new(&mut Keys::default());
        let key = next_key(keys);
        rows.update(|rs| rs.push(RowState::from_row(RuleRow { key, ..row })));
    });
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
                    view! { <RuleRowEditor direction row rows errors vpc_id list_id=list_id.clone()/> }
                }
            />
            {rules_messages(errors, direction)}
            <AddRowButton
                name=format!("Add {word} rule")
                text="Add rule"
                rows=".rule-row"
                container=".rule-rows"
                on_add=add
            />
        </div>
    }
}

/// The words of the info icon beside "My IP".
const MY_IP_NOTE: &str =
    "My IP: a page with no server cannot learn the address you browse from, so the lab uses the chapter's web browser";

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
    let peer = peer_word(direction);
    let number = row_number(rows, key, |r| r.key);
    let name = move |label: &'static str| Signal::derive(cell_name(label, direction, number));
    let places = RowPlaces { direction, key, prefix: "" };
    let remove = Callback::new(move |()| {
        rows.update(|rs| rs.retain(|r| r.key != key));
        places.forget(errors);
    });
    let protocol = Memo::new(move |_| draft.with(form::protocol_cell));
    let port = Memo::new(move |_| draft.with(form::port_cell));
    let source = Memo::new(move |_| draft.with(form::source_cell));
    let icmp = move || matches!(draft.with(|d| d.rule_type), RuleType::CustomIcmpV4 | RuleType::CustomIcmpV6);
    let warnings = move || {
        let vpc = vpc_id.get();
        let d = draft.get();
        store.lab.with(|lab| form::warnings(&d, direction, &lab.network, &vpc))
    };
    let source_place = places.place(Field::Source);
    let source_message = places.message_id(Some(Field::Source));
    view! {
        <RuleRowFrame places number errors>
            <TypeCell
                name=name("Type")
                value=Signal::derive(move || draft.with(|d| d.rule_type))
                on_change=Callback::new(move |t| draft.update(|d| form::set_type(d, t)))
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
                placeholder=Signal::derive(move || port.get().1.then(|| if icmp() { "All" } else { "0 - 65535" }.to_owned()))
                places
                field=Field::PortRange
                errors
            />
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
                            aria-label=format!("{MY_IP_NOTE}, {MY_IP}.")
                            title=format!("{MY_IP_NOTE}, {MY_IP}.")
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
                    aria-invalid=has_error(errors.into(), source_place)
                    aria-describedby=source_message.clone()
                    on:input=move |ev| draft.update(|d| d.source = event_target_value(&ev))
                />
                {field_messages(errors.into(), source_place, source_message)}
            </label>
            <TextCell
                class="description"
                label="Description - optional".to_owned()
                name=name("Description - optional")
                value=Signal::derive(move || draft.with(|d| d.description.clone()))
                on_input=Callback::new(move |v| draft.update(|d| d.description = v))
                places
                field=Field::Description
                errors
            />
            <RemoveCell name=name("Delete") text="Delete" on_remove=remove/>
            {row_notes(
                places,
                errors,
                move || {
                    warnings()
                        .into_iter()
                        .map(|w| view! { <p class="warning" role="status">{"⚠ "}{w}</p> })
                        .collect_view()
                },
            )}
        </RuleRowFrame>
    }
}

/// "Create security group".
#[component]
pub fn CreateGroup() -> impl IntoView {
    let store = use_lab();
    let keys = StoredValue::new(Keys::default());
    let initial = unsaved::take::<GroupForm>(|_| true)
        .unwrap_or_else(|| store.lab.with_untracked(|lab| GroupForm::new(&lab.network, &mut Keys::default())));
    keys.set_value(Keys::after(
        initial.inbound.iter().chain(&initial.outbound).map(|r| r.key).chain(initial.tags.iter().map(|t| t.key)),
    ));
    let name = RwSignal::new(initial.name);
    let description = RwSignal::new(initial.description);
    let vpc = RwSignal::new(initial.vpc_id);
    let inbound = RwSignal::new(initial.inbound.into_iter().map(RowState::from_row).collect::<Vec<_>>());
    let outbound = RwSignal::new(initial.outbound.into_iter().map(RowState::from_row).collect::<Vec<_>>());
    let tags = RwSignal::new(initial.tags.into_iter().map(TagState::from_row).collect::<Vec<_>>());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = StoredValue::new(false);
    let current = move || GroupForm {
        name: name.try_get_untracked().unwrap_or_default(),
        description: description.try_get_untracked().unwrap_or_default(),
        vpc_id: vpc.try_get_untracked().unwrap_or_else(|| VpcId::new("")),
        inbound: inbound.try_with_untracked(|rs| rs.iter().map(RowState::to_row).collect()).unwrap_or_default(),
        outbound: outbound.try_with_untracked(|rs| rs.iter().map(RowState::to_row).collect()).unwrap_or_default(),
        tags: tags.try_with_untracked(|ts| ts.iter().map(TagState::to_row).collect()).unwrap_or_default(),
    };
    on_cleanup(move || {
        if done.try_get_value() == Some(false) {
            unsaved::keep(current());
        }
    });
    let submit = Callback::new(move |()| {
        let form = current();
        match store.lab.with_untracked(|lab| form.plan(&lab.network)) {
            // Kept as unsaved (if the panel closes) until the lab takes it.
            Ok(plan) => done.set_value(create(plan, errors)),
            Err(es) => show_errors(errors, es),
        }
    });
    let cancel = Callback::new(move |()| {
        done.set_value(true);
        store.ui.groups_view.set(GroupsView::List)
    });
    let vpc_signal = Signal::derive(move || vpc.get());
    view! {
        <FormPage
            class="groups-form"
            trail=vec![("Security groups".to_owned(), cancel)]
            title="Create security group"
            submit_label="Create security group"
            on_submit=submit
            on_cancel=cancel
        >
            <IcmpTypes/>
            <p class="hint">
                "A security group acts as a virtual firewall for your instance to control inbound and outbound traffic."
            </p>
            <ErrorSummary errors general=Place::Form testid="groups-error"/>
            <fieldset class="card">
                <legend>"Basic details"</legend>
                <TextField
                    label="Security group name"
                    placeholder="MyWebServerGroup"
                    help="Name cannot be edited after creation."
                    value=name
                    place=Place::Field(Field::Name)
                    message_id="err-name"
                    errors
                />
                <TextField
                    label="Description"
                    placeholder="Allows SSH access to developers"
                    value=description
                    place=Place::Field(Field::Description)
                    message_id="err-description"
                    errors
                />
                <VpcField vpc message_id="err-vpc" errors/>
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
        </FormPage>
    }
}

impl TagState {
    fn from_row(t: TagRow) -> Self {
        TagState { key: t.key, tag_key: ArcRwSignal::new(t.tag_key), value: ArcRwSignal::new(t.value) }
    }

    fn to_row(&self) -> TagRow {
        TagRow { key: self.key, tag_key: self.tag_key.get_untracked(), value: self.value.get_untracked() }
    }
}

/// The Tags rows of a form: Key, Value - optional, Remove; and "Add new tag".
#[component]
fn TagRows(tags: RwSignal<Vec<TagState>>, keys: StoredValue<Keys>, errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    let add_tag = Callback::new(move |()| {
        let key = next_key(keys);
        tags.update(|ts| {
            ts.push(TagState { key, tag_key: ArcRwSignal::new(String::new()), value: ArcRwSignal::new(String::new()) })
        });
    });
    let tags_place = Place::Field(Field::Tags);
    view! {
        <div class="tag-rows">
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
                    let number = row_number(tags, k, |t| t.key);
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
                            <RemoveCell
                                name=Signal::derive(move || format!("Remove tag {}", number.get()))
                                text="Remove"
                                on_remove=Callback::new(move |()| tags.update(|ts| ts.retain(|x| x.key != k)))
                            />
                        </div>
                    }
                }
            />
            {field_messages(errors.into(), tags_place, "err-tags".into())}
            <AddRowButton text="Add new tag" rows=".tag-row" container=".tag-rows" on_add=add_tag/>
        </div>
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
            show_errors(errors, vec![FormError::refusal(e)]);
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
    let initial =
        unsaved::take::<RulesForm>(|f| f.group_id == group && f.direction == direction).unwrap_or_else(|| {
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
    let title = format!("Edit {} rules", direction_word(direction));
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
            unsaved::keep(keep());
        }
    });
    let details = {
        let group = group.clone();
        Callback::new(move |()| {
            done.set_value(true);
            store.ui.groups_view.set(GroupsView::Details { group: group.clone(), rule: None })
        })
    };
    let save = Callback::new(move |()| {
        let form = current();
        match store.lab.with_untracked(|lab| form.to_edit(&lab.network)) {
            Ok(edit) => match store.dispatch(Command::Edit(edit)) {
                Ok(_) => details.run(()),
                Err(e) => show_errors(errors, vec![FormError::refusal(e)]),
            },
            Err(es) => show_errors(errors, es),
        }
    });
    let list = Callback::new(move |()| {
        done.set_value(true);
        store.ui.groups_view.set(GroupsView::List)
    });
    let title_word = direction_title(direction);
    view! {
        <FormPage
            class="groups-form"
            trail=vec![("Security groups".to_owned(), list), (group.to_string(), details)]
            title=title
            submit_label="Save rules"
            on_submit=save
            on_cancel=details
        >
            <IcmpTypes/>
            <p class="hint">
                {format!(
                    "{title_word} rules control the {} traffic that's allowed to {} the instances associated with {name}.",
                    if inbound { "incoming" } else { "outgoing" },
                    if inbound { "reach" } else { "leave" },
                )}
            </p>
            <ErrorSummary errors general=Place::Form testid="groups-error"/>
            <fieldset class="card">
                <legend>{format!("{title_word} rules")}</legend>
                <RuleRows direction rows errors vpc_id=Signal::stored(vpc_id) keys/>
            </fieldset>
        </FormPage>
    }
}

/// "Manage tags" of an existing group: the Tags rows, saved as one step.
#[component]
pub fn ManageTags(group: SecurityGroupId) -> impl IntoView {
    let store = use_lab();
    let initial = store.lab.with_untracked(|lab| form::TagsForm::for_group(&lab.network, &group, &mut Keys::default()));
    let keys = StoredValue::new(Keys::after(initial.rows.iter().map(|t| t.key)));
    let tags = RwSignal::new(initial.rows.into_iter().map(TagState::from_row).collect::<Vec<_>>());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let details = {
        let group = group.clone();
        Callback::new(move |()| store.ui.groups_view.set(GroupsView::Details { group: group.clone(), rule: None }))
    };
    let group_for_save = group.clone();
    let save = Callback::new(move |()| {
        let form = form::TagsForm {
            group_id: group_for_save.clone(),
            rows: tags.with_untracked(|ts| ts.iter().map(TagState::to_row).collect()),
        };
        match store.lab.with_untracked(|lab| form.plan(&lab.network)) {
            Ok(edits) if edits.is_empty() => details.run(()),
            Ok(edits) => match store.dispatch(Command::Edits(edits)) {
                Ok(_) => details.run(()),
                Err(e) => {
                    let refused = FormError { place: Place::Field(Field::Tags), ..FormError::refusal(e) };
                    show_errors(errors, vec![refused])
                }
            },
            Err(es) => show_errors(errors, es),
        }
    });
    let list = Callback::new(move |()| store.ui.groups_view.set(GroupsView::List));
    view! {
        <FormPage
            class="groups-form"
            trail=vec![("Security groups".to_owned(), list), (group.to_string(), details)]
            title="Manage tags"
            submit_label="Save changes"
            on_submit=save
            on_cancel=details
        >
            <ErrorSummary errors general=Place::Form testid="groups-error"/>
            <fieldset class="card">
                <legend>"Tags"</legend>
                <TagRows tags keys errors/>
            </fieldset>
        </FormPage>
    }
}
