//! A labelled field of a form's settings (a name, a description, the VPC): the label,
//! the field, a line of help under it, and the messages about it.

use super::errors::{field_messages, has_error, FormError, Place};
use crate::store::use_lab;
use leptos::prelude::*;
use sglab_engine::ids::VpcId;

/// A text field: `Security group name`, `Description`, `Name - optional`.
#[component]
pub fn TextField(
    /// The label, also the field's accessible name.
    label: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// A line of help under the field.
    #[prop(optional)]
    help: Option<&'static str>,
    value: RwSignal<String>,
    /// Where the messages about this field are.
    place: Place,
    /// The id of its messages, which describe the field.
    message_id: &'static str,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="label">{label}</span>
            <input
                type="text"
                aria-label=label
                placeholder=placeholder
                prop:value=move || value.get()
                aria-invalid=has_error(errors.into(), place)
                aria-describedby=message_id
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {help.map(|h| view! { <span class="help">{h}</span> })}
            {field_messages(errors.into(), place, message_id.to_owned())}
        </label>
    }
}

/// The VPC select: the lab's VPCs by id and Name tag.
#[component]
pub fn VpcField(
    vpc: RwSignal<VpcId>,
    /// A line of help under the field.
    #[prop(optional)]
    help: Option<&'static str>,
    /// The id of its messages.
    message_id: &'static str,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let store = use_lab();
    let options = move || {
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
    view! {
        <label class="field">
            <span class="label">"VPC"</span>
            <select
                aria-label="VPC"
                aria-invalid=has_error(errors.into(), Place::Vpc)
                aria-describedby=message_id
                prop:value=move || vpc.get().to_string()
                on:change=move |ev| vpc.set(VpcId::new(event_target_value(&ev)))
            >
                {move || {
                    options()
                        .into_iter()
                        .map(|(id, label)| {
                            let selected = id == vpc.get_untracked();
                            view! { <option value=id.to_string() selected=selected>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {help.map(|h| view! { <span class="help">{h}</span> })}
            {field_messages(errors.into(), Place::Vpc, message_id.to_owned())}
        </label>
    }
}
