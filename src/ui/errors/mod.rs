//! A form's messages, shown where the problem is: under the field refused, on the row
//! as a whole, or in the summary above the fields, with AWS's error code when the API
//! refused. [`show_errors`] brings the first refused field into view with its message,
//! clear of the form's sticky Cancel/submit bar, and puts focus in it.

use crate::lab::CommandError;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use sglab_engine::edit::Field;
use sglab_engine::{Direction, EditError};

/// Where a message of a security group or network ACL form is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// A field of the form, as the engine names it (Name, Description, Tags…).
    Field(Field),
    Vpc,
    /// The subnet a resource is added to (the Details tab).
    Subnet,
    /// The rules of one direction as a whole (a quota, for example).
    Rules(Direction),
    /// One field of one row (`None`: the row as a whole, such as a duplicate).
    Row {
        direction: Direction,
        key: u64,
        field: Option<Field>,
    },
    /// Anything else, shown in the summary above the fields.
    Form,
}

/// A message for a form at a place of type `P`, with AWS's error code when the API
/// refused. The fire form has places of its own; every other form uses [`Place`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError<P = Place> {
    pub place: P,
    pub code: Option<&'static str>,
    pub message: String,
}

impl<P> FormError<P> {
    /// A message of the form's own (the console's wording), with no code.
    pub fn new(place: P, message: impl Into<String>) -> Self {
        FormError { place, code: None, message: message.into() }
    }

    /// The API's refusal of an edit: its code, and its message as a sentence.
    pub fn refused(place: P, error: &EditError) -> Self {
        FormError { place, code: Some(error.code()), message: sentence(&error.message()) }
    }
}

impl FormError {
    /// A refused command, shown above the fields.
    pub fn refusal(error: CommandError) -> Self {
        match error {
            CommandError::Edit(e) => FormError::refused(Place::Form, &e),
            other => FormError::new(Place::Form, sentence(&other.to_string())),
        }
    }

    /// A refused command, shown at the field the API named (above the fields if none).
    pub fn at_field(error: CommandError) -> Self {
        match error {
            CommandError::Edit(e) => FormError::refused(e.field().map_or(Place::Form, Place::Field), &e),
            other => FormError::new(Place::Form, sentence(&other.to_string())),
        }
    }
}

/// An error message as a sentence: capitalized, with one full stop. The engine's
/// messages are lowercase without one (`the network interface `eni-…` does not exist`).
pub fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The code (when the API refused) and the message, as one line.
fn message_line<P>(e: FormError<P>) -> impl IntoView {
    view! {
        <span class="message">
            {e.code.map(|c| view! { <strong class="code">{c}</strong>" " })}
            {e.message}
        </span>
    }
}

/// The messages for one place, under its field: `id` is what the field's
/// `aria-describedby` names, so that a screen reader reads the message with the field.
pub fn field_messages<P>(errors: Signal<Vec<FormError<P>>>, place: P, id: String) -> impl IntoView
where
    P: Clone + PartialEq + Send + Sync + 'static,
{
    field_messages_named(errors, place, id, "field-error".to_owned())
}

/// [`field_messages`] with a `data-testid` of its own, for the tests of a form that
/// name each field's message (`error-cidr`).
pub fn field_messages_named<P>(errors: Signal<Vec<FormError<P>>>, place: P, id: String, testid: String) -> impl IntoView
where
    P: Clone + PartialEq + Send + Sync + 'static,
{
    move || {
        let found: Vec<FormError<P>> = errors.with(|es| es.iter().filter(|e| e.place == place).cloned().collect());
        (!found.is_empty()).then(|| {
            let items = found.into_iter().map(message_line).collect_view();
            view! { <p class="field-error" id=id.clone() role="alert" data-testid=testid.clone()>{items}</p> }
        })
    }
}

/// `aria-invalid` of a field: `"true"` while a message is about it.
pub fn has_error<P>(errors: Signal<Vec<FormError<P>>>, place: P) -> impl Fn() -> Option<&'static str> + Clone
where
    P: Clone + PartialEq + Send + Sync + 'static,
{
    move || errors.with(|es| es.iter().any(|e| e.place == place)).then_some("true")
}

/// The count of problems above the fields, with the messages that belong to no
/// field (those at `general`). `testid` names it for the tests of its tab.
#[component]
pub fn ErrorSummary<P>(
    /// The form's messages.
    #[prop(into)]
    errors: Signal<Vec<FormError<P>>>,
    /// The place of the messages that belong to no field.
    general: P,
    /// The `data-testid` of the alert.
    testid: &'static str,
) -> impl IntoView
where
    P: Clone + PartialEq + Send + Sync + 'static,
{
    move || {
        let general: Vec<FormError<P>> = errors.with(|es| es.iter().filter(|e| e.place == general).cloned().collect());
        let count = errors.with(Vec::len);
        (count > 0).then(|| {
            view! {
                <div class="form-alert" role="alert" tabindex="-1" data-testid=testid>
                    <p>
                        {if count == 1 {
                            "There is a problem with this form: see the message below.".to_owned()
                        } else {
                            format!("There are {count} problems with this form: see the messages below.")
                        }}
                    </p>
                    {general.into_iter().map(|e| view! { <p>{message_line(e)}</p> }).collect_view()}
                </div>
            }
        })
    }
}

/// A refusal as the console shows it, in a box of its own: AWS's code, then its message.
pub fn refusal_alert(error: FormError, testid: &'static str) -> impl IntoView {
    view! {
        <div class="form-alert" role="alert" data-testid=testid>
            <p>{message_line(error)}</p>
        </div>
    }
}

/// Shows a form's messages, then brings the first field refused (or, if none, the
/// form's summary) into view with its message and puts focus in it, so that a
/// keyboard user lands where the problem is. `form` is a selector of the form.
pub fn show_errors<P: Send + Sync + 'static>(
    errors: RwSignal<Vec<FormError<P>>>,
    found: Vec<FormError<P>>,
    form: &str,
) {
    errors.set(found);
    let form = form.to_owned();
    request_animation_frame(move || {
        let within = |selector: &str| document().query_selector(&format!("{form} {selector}")).ok().flatten();
        if let Some(field) = within("[aria-invalid=\"true\"]") {
            bring_into_view(&field);
        } else if let Some(alert) = within(".form-alert") {
            bring_into_view(&alert);
        }
    });
}

/// Scrolls the field's cell (the field, its label and its message) fully into view
/// and focuses the field without letting the focus scroll it again. The cells' CSS
/// `scroll-margin` keeps them clear of the sticky bar at the bottom of the form.
pub fn bring_into_view(element: &leptos::web_sys::Element) {
    let cell = element.closest(".cell, .field").ok().flatten().unwrap_or_else(|| element.clone());
    call_with_options(&cell, "scrollIntoView", &[("block", "nearest".into()), ("inline", "nearest".into())]);
    focus_without_scrolling(element);
}

/// `element.focus({ preventScroll: true })`.
pub fn focus_without_scrolling(element: &leptos::web_sys::Element) {
    call_with_options(element, "focus", &[("preventScroll", true.into())]);
}

/// Calls `element.method({ key: value, … })` through `Reflect`: web-sys's option
/// dictionaries (`FocusOptions`, `ScrollIntoViewOptions`) are features the app does
/// not otherwise need.
pub fn call_with_options(
    element: &leptos::web_sys::Element,
    method: &str,
    options: &[(&str, leptos::wasm_bindgen::JsValue)],
) {
    let object = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
    }
    let function =
        js_sys::Reflect::get(element, &method.into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(function) = function {
        let _ = function.call1(element, &object);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_becomes_one_sentence() {
        assert_eq!(
            sentence("the network interface `eni-1` does not exist"),
            "The network interface `eni-1` does not exist."
        );
        assert_eq!(sentence("  already a sentence. "), "Already a sentence.");
        assert_eq!(sentence("ends with dots..."), "Ends with dots.");
        assert_eq!(sentence("é accented"), "É accented.");
        assert_eq!(sentence(" . "), "");
        assert_eq!(sentence(""), "");
    }
}
