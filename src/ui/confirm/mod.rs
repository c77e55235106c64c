//! "Delete …?" asked in place, above the list or the details it deletes from: the
//! question, Cancel and Delete, and AWS's refusal under the question when the API
//! refuses (a group still referenced, the default network ACL). Focus starts on
//! Cancel; Escape cancels, and focus goes back to the button that asked.

use super::errors::{focus_without_scrolling, refusal_alert, FormError};
use super::form::{opener, return_focus};
use crate::lab::CommandError;
use leptos::prelude::*;

#[component]
pub fn DeleteConfirm(
    /// The dialog's name: `Delete security group`.
    title: &'static str,
    /// The id of the question, which describes the dialog.
    question_id: &'static str,
    /// The `data-testid` of the refusal, for the tests of its tab.
    testid: &'static str,
    /// Deletes; a refusal is shown in the dialog.
    on_delete: Callback<(), Result<(), CommandError>>,
    on_cancel: Callback<()>,
    on_deleted: Callback<()>,
    /// The question.
    children: Children,
) -> impl IntoView {
    let error = RwSignal::new(None::<FormError>);
    let opened_by = opener();
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_button.get() {
            request_animation_frame(move || focus_without_scrolling(&button));
        }
    });
    let cancel = move || {
        on_cancel.run(());
        return_focus(opened_by.clone());
    };
    let cancel_on_escape = cancel.clone();
    let delete = move |_| match on_delete.run(()) {
        Ok(()) => on_deleted.run(()),
        Err(e) => error.set(Some(FormError::refusal(e))),
    };
    view! {
        <div
            class="confirm"
            role="alertdialog"
            aria-label=title
            aria-describedby=question_id
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    cancel_on_escape();
                }
            }
        >
            <p id=question_id>{children()}</p>
            {move || error.get().map(|e| refusal_alert(e, testid))}
            <div class="form-actions">
                <button type="button" class="button" node_ref=cancel_button on:click=move |_| cancel()>
                    "Cancel"
                </button>
                <button type="button" class="button primary danger-fill" on:click=delete>"Delete"</button>
            </div>
        </div>
    }
}
