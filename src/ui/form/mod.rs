//! The form page every console form of the side panel is: a trail back to the pages
//! above it, the title and a hint, the fields, and a sticky bar with Cancel and the
//! submit button. Its keyboard is the AWS console's:
//!
//! - opening the form puts focus in its first field;
//! - Enter in a text field never submits a half-filled form: only the submit button
//!   does;
//! - Escape cancels, and focus goes back to the button that opened the form.
//!
//! What opened a form is known by a listener that notes each button pressed
//! ([`track_openers`]): by the time the form is drawn, that button is gone from the
//! page, and it is found again by its name when the page it was on comes back.

use super::errors::focus_without_scrolling;
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::Element;
use std::cell::RefCell;

thread_local! {
    /// The accessible name of the last button pressed anywhere on the page.
    static LAST_PRESSED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A button's accessible name as the tests and screen readers see it: its
/// `aria-label`, or else its text.
fn button_name(button: &Element) -> Option<String> {
    let name = button.get_attribute("aria-label").or_else(|| button.text_content())?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

/// Notes the name of every button pressed (by mouse or keyboard: both are a click),
/// before any handler runs: the one that opens a form or a dialog is where focus
/// returns when it is cancelled. Called once, when the app starts.
pub fn track_openers() {
    let noted = Closure::<dyn Fn(leptos::web_sys::Event)>::new(|ev: leptos::web_sys::Event| {
        let button =
            ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|e| e.closest("button").ok().flatten());
        if let Some(name) = button.as_ref().and_then(button_name) {
            LAST_PRESSED.with(|l| *l.borrow_mut() = Some(name));
        }
    });
    // Capture: a row's buttons stop the click from reaching the row, not this.
    let _ = document().add_event_listener_with_callback_and_bool("click", noted.as_ref().unchecked_ref(), true);
    noted.forget();
}

/// The name of the button that opened what is being drawn now.
pub fn opener() -> Option<String> {
    LAST_PRESSED.with(|l| l.borrow().clone())
}

/// Once the side panel shows the page the form or dialog was opened from, focuses
/// the button named `name` on it.
pub fn return_focus(name: Option<String>) {
    let Some(name) = name else { return };
    request_animation_frame(move || {
        let Ok(buttons) = document().query_selector_all("#side-panel-body button") else { return };
        let found = (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .find(|b| button_name(b).as_deref() == Some(name.as_str()));
        if let Some(button) = found {
            focus_without_scrolling(&button);
        }
    });
}

/// Scrolls the side panel to its top, for a page just opened in it.
pub fn scroll_panel_to_top() {
    request_animation_frame(|| {
        if let Some(panel) = document().get_element_by_id("side-panel-body") {
            panel.set_scroll_top(0);
        }
    });
}

/// The first field of a form that takes input.
const FIRST_FIELD: &str = "input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])";

/// Is this keydown an Enter that would submit the form from a field? Only the submit
/// button submits: Enter in a text field of a half-filled form must not create it.
fn is_enter_in_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    ev.key() == "Enter"
        && ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("input"))
}

/// A console form page. Its children are the summary of problems and the fields.
#[component]
pub fn FormPage(
    /// Classes besides `form-page` (`groups-form`, `acls-form`), for the tab's own styles.
    class: &'static str,
    /// The pages above this one, from the list down: each is a link back.
    trail: Vec<(String, Callback<()>)>,
    /// The page's title, also the last step of the trail.
    #[prop(into)]
    title: String,
    /// The text of the submit button.
    submit_label: &'static str,
    /// Submitting: the submit button, or Enter on it.
    on_submit: Callback<()>,
    /// Cancel, Escape: leaves the form unsaved. Focus then returns to what opened it.
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let opened_by = opener();
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = form.get() {
            request_animation_frame(move || {
                if let Some(first) = form.query_selector(FIRST_FIELD).ok().flatten() {
                    focus_without_scrolling(&first);
                }
            });
        }
    });
    let cancel = Callback::new(move |()| {
        on_cancel.run(());
        return_focus(opened_by.clone());
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if is_enter_in_field(&ev) {
            ev.prevent_default();
        } else if ev.key() == "Escape" && !ev.default_prevented() {
            ev.prevent_default();
            cancel.run(());
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };
    let crumbs = trail
        .into_iter()
        .map(|(label, go)| {
            view! {
                <button type="button" class="link" on:click=move |_| go.run(())>{label}</button>
                " › "
            }
        })
        .collect_view();
    view! {
        <form class=format!("form-page {class}") node_ref=form on:submit=submit on:keydown=keydown novalidate>
            <nav class="crumbs">{crumbs}{title.clone()}</nav>
            <h2>{title}</h2>
            {children()}
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| cancel.run(())>"Cancel"</button>
                <button type="submit" class="button primary">{submit_label}</button>
            </div>
        </form>
    }
}
