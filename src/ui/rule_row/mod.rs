//! The rows of a rules table in a form (a security group's rules, a network ACL's
//! entries): the row as a group named "Inbound rule 2", its cells (Type, the text
//! cells with their messages, Remove), the ICMP types offered to a Custom ICMP row,
//! and the button that adds a row and puts focus on its first field.

use super::errors::{bring_into_view, field_messages, has_error, FormError, Place};
use super::{direction_title, direction_word};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use sglab_engine::console::{self, RuleType};
use sglab_engine::edit::Field;
use sglab_engine::Direction;

/// The id of the ICMP types list ([`IcmpTypes`]), for a Custom ICMP row's ICMP type.
pub const ICMP_TYPES: &str = "icmp-types";

/// A row's place in its table, from 1, kept up to date as rows are added and removed.
pub fn row_number<R: Send + Sync + 'static>(rows: RwSignal<Vec<R>>, key: u64, key_of: fn(&R) -> u64) -> Memo<usize> {
    Memo::new(move |_| rows.with(|rs| rs.iter().position(|r| key_of(r) == key).map_or(0, |i| i + 1)))
}

/// The accessible name of a cell of a row: `Port range, inbound rule 2`.
pub fn cell_name(label: &'static str, direction: Direction, number: Memo<usize>) -> impl Fn() -> String + Clone {
    move || format!("{label}, {} rule {}", direction_word(direction), number.get())
}

/// The place of a field of a row, and the id of its message.
#[derive(Clone, Copy)]
pub struct RowPlaces {
    pub direction: Direction,
    pub key: u64,
    /// Tells the ids of one form's rows from another's (`acl-` for the network ACL form).
    pub prefix: &'static str,
}

impl RowPlaces {
    pub fn place(self, field: Field) -> Place {
        Place::Row { direction: self.direction, key: self.key, field: Some(field) }
    }

    /// The row as a whole.
    pub fn row(self) -> Place {
        Place::Row { direction: self.direction, key: self.key, field: None }
    }

    pub fn message_id(self, field: Option<Field>) -> String {
        let field = field.map_or("row", Field::as_str);
        format!("{}err-{}-{}-{field}", self.prefix, direction_word(self.direction), self.key)
    }

    /// Is any message about this row?
    pub fn is_invalid(self, errors: RwSignal<Vec<FormError>>) -> impl Fn() -> bool + Copy {
        let key = self.key;
        let direction = self.direction;
        move || {
            errors.with(|es| {
                es.iter()
                    .any(|e| matches!(e.place, Place::Row { key: k, direction: d, .. } if k == key && d == direction))
            })
        }
    }

    /// Forgets the messages about this row (it was removed).
    pub fn forget(self, errors: RwSignal<Vec<FormError>>) {
        let (key, direction) = (self.key, self.direction);
        errors.update(|es| {
            es.retain(|e| !matches!(e.place, Place::Row { key: k, direction: d, .. } if k == key && d == direction))
        });
    }
}

/// A row of a rules table: a group named `Inbound rule 2`, marked invalid while a
/// message is about it.
#[component]
pub fn RuleRowFrame(
    /// Classes besides `rule-row`.
    #[prop(optional)]
    class: &'static str,
    places: RowPlaces,
    number: Memo<usize>,
    errors: RwSignal<Vec<FormError>>,
    children: Children,
) -> impl IntoView {
    let title = direction_title(places.direction);
    view! {
        <div
            class=format!("rule-row {class}")
            role="group"
            aria-label=move || format!("{title} rule {}", number.get())
            class:invalid=places.is_invalid(errors)
        >
            {children()}
        </div>
    }
}

/// The Type cell: the console's rule types.
#[component]
pub fn TypeCell(
    /// The select's accessible name (`Type, inbound rule 2`).
    #[prop(into)]
    name: Signal<String>,
    #[prop(into)] value: Signal<RuleType>,
    on_change: Callback<RuleType>,
) -> impl IntoView {
    view! {
        <label class="cell type">
            <span class="label">"Type"</span>
            <select
                aria-label=name
                on:change=move |ev| {
                    if let Some(t) = RuleType::from_label(&event_target_value(&ev)) {
                        on_change.run(t);
                    }
                }
                prop:value=move || value.get().label()
            >
                {RuleType::all()
                    .map(|t| view! { <option value=t.label() selected=move || value.get() == t>{t.label()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A text cell of a row: its label, the field, and the messages about it.
#[component]
pub fn TextCell(
    /// The cell's class (`protocol`, `port`, `rule-number`…), which places it in the row.
    class: &'static str,
    /// The words above the field.
    #[prop(into)]
    label: Signal<String>,
    /// The field's accessible name (`Port range, inbound rule 2`).
    #[prop(into)]
    name: Signal<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    places: RowPlaces,
    field: Field,
    errors: RwSignal<Vec<FormError>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] placeholder: Signal<Option<String>>,
    /// The id of a list of suggestions (a datalist).
    #[prop(optional, into)]
    list: Signal<Option<String>>,
    /// `numeric` for a number typed on a phone's keypad.
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let place = places.place(field);
    let id = places.message_id(Some(field));
    view! {
        <label class=format!("cell {class}")>
            <span class="label">{label}</span>
            <input
                type="text"
                inputmode=inputmode
                aria-label=name
                list=list
                disabled=disabled
                placeholder=placeholder
                prop:value=value
                aria-invalid=has_error(errors.into(), place)
                aria-describedby=id.clone()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            {field_messages(errors.into(), place, id)}
        </label>
    }
}

/// The cell with a row's Remove (or Delete) button.
#[component]
pub fn RemoveCell(
    /// The button's accessible name (`Remove, inbound rule 2`).
    #[prop(into)]
    name: Signal<String>,
    /// Its text: the console says Delete on a security group's rules, Remove on an ACL's.
    text: &'static str,
    on_remove: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="cell delete">
            <button type="button" class="button danger" aria-label=name on:click=move |_| on_remove.run(())>
                {text}
            </button>
        </div>
    }
}

/// The messages about a row as a whole (a duplicate rule), under its cells, and
/// whatever else the form says of it.
pub fn row_notes(places: RowPlaces, errors: RwSignal<Vec<FormError>>, more: impl IntoView) -> impl IntoView {
    view! { <div class="row-notes">{field_messages(errors.into(), places.row(), places.message_id(None))} {more}</div> }
}

/// The messages about the rules of one direction as a whole (a quota).
pub fn rules_messages(errors: RwSignal<Vec<FormError>>, direction: Direction) -> impl IntoView {
    field_messages(errors.into(), Place::Rules(direction), format!("rules-error-{}", direction_word(direction)))
}

/// Common ICMP types for the ICMP type field of a Custom ICMP row.
#[component]
pub fn IcmpTypes() -> impl IntoView {
    view! {
        <datalist id=ICMP_TYPES>
            <option value="All"></option>
            {console::ICMP_TYPES
                .iter()
                .map(|(n, name)| view! { <option value=n.to_string()>{*name}</option> })
                .collect_view()}
        </datalist>
    }
}

/// "Add rule", "Add new tag": adds a row, then puts focus on the new row's first
/// field (a rule's Type), as the console does, so the keyboard goes on from there.
#[component]
pub fn AddRowButton(
    /// The accessible name (`Add inbound rule`), when the text is not enough.
    #[prop(optional)]
    name: Option<String>,
    text: &'static str,
    /// A selector of the rows this button adds to, within its closest `container`.
    rows: &'static str,
    /// A selector of the element that holds the rows and the button.
    container: &'static str,
    on_add: Callback<()>,
) -> impl IntoView {
    let add = move |ev: leptos::ev::MouseEvent| {
        on_add.run(());
        let holder = ev
            .current_target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|b| b.closest(container).ok().flatten());
        if let Some(holder) = holder {
            request_animation_frame(move || {
                let last = holder.query_selector_all(rows).ok().and_then(|all| all.item(all.length().checked_sub(1)?));
                let first_field = last
                    .and_then(|row| row.dyn_into::<leptos::web_sys::Element>().ok())
                    .and_then(|row| row.query_selector("select, input").ok().flatten());
                if let Some(field) = first_field {
                    bring_into_view(&field);
                }
            });
        }
    };
    view! {
        <button type="button" class="button" aria-label=name on:click=add>
            {text}
        </button>
    }
}
