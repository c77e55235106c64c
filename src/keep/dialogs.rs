//! What keeping and sharing put over the lab: the notice bar (an unreadable save with
//! its backup, a refused save, a damaged link) and the dialogs (import, share link,
//! reset, a shared lab arriving).
//!
//! Everything a file or a link brings is shown as text: names and messages go
//! through Leptos text nodes, never through `inner_html`.

use super::browser::{self, KeptCopy, BACKUP_KEY};
use super::menu::{keep_copies, replace_lab};
use super::{format, Dialog, Notice};
use crate::lab::Lab;
use crate::store::use_lab;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;

pub use crate::firing::sentence;

/// The notice bar under the top bar.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let store = use_lab();
    let notice = store.keep.notice;
    let download_backup = move |_| {
        if let Some(raw) = browser::read(BACKUP_KEY) {
            if let Err(reason) = browser::download("sglab-saved-lab-backup.json", "application/json", raw.as_bytes()) {
                notice.set(Some(Notice::Done(sentence(&format!("the backup could not be downloaded: {reason}")))));
            }
        }
    };
    let bar = move || {
        let current = notice.get()?;
        let (kind, text, backup) = match current {
            Notice::SaveUnreadable { reason } => (
                "warning",
                format!("Your saved lab could not be opened. {reason} It is kept as a backup you can download; the lab starts from the chapter's network."),
                true,
            ),
            Notice::NotSaved { reason } => (
                "warning",
                sentence(&format!("your changes are not being saved: {reason}. Export the lab to keep it")),
                false,
            ),
            Notice::LinkDamaged { reason } => ("warning", format!("The shared link could not be opened. {reason}"), false),
            Notice::Done(text) => ("info", text, false),
        };
        Some(view! {
            <div class="notice-bar" data-kind=kind role="status" data-testid="keep-notice">
                <span class="notice-text">{text}</span>
                {backup.then(|| view! {
                    <button type="button" class="button" data-testid="download-backup" on:click=download_backup>
                        "Download the backup"
                    </button>
                })}
                <button type="button" class="button" on:click=move |_| notice.set(None)>"Dismiss"</button>
            </div>
        })
    };
    // Always on the page, so the page's grid keeps its rows whether a notice is shown or not.
    view! { <div class="notice-slot">{bar}</div> }
}

/// The open dialog, if any.
#[component]
pub fn KeepDialogs() -> impl IntoView {
    let store = use_lab();
    let dialog = store.keep.dialog;
    let escape = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && dialog.with_untracked(Option::is_some) {
            dialog.set(None);
        }
    });
    on_cleanup(move || escape.remove());
    move || {
        let shown = dialog.get()?;
        let body = match shown {
            Dialog::Import => view! { <ImportDialog/> }.into_any(),
            Dialog::Share { link, copied } => view! { <ShareDialog link copied/> }.into_any(),
            Dialog::ConfirmReset => view! { <ResetDialog/> }.into_any(),
            Dialog::Incoming(lab) => view! { <IncomingDialog shared=*lab/> }.into_any(),
        };
        Some(view! {
            <div class="dialog-backdrop" on:click=move |e: ev::MouseEvent| {
                // A click on the backdrop itself, not inside the dialog, closes it.
                if e.target() == e.current_target() {
                    dialog.set(None);
                }
            }>{body}</div>
        })
    }
}

/// Focuses an element once it is on the page.
fn focus_on_mount<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

#[component]
fn ImportDialog() -> impl IntoView {
    let store = use_lab();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(Option<String>, String)>);
    let area = NodeRef::<html::Textarea>::new();
    focus_on_mount(area);
    let import = move |source: String| match format::from_json(&source) {
        Ok(lab) => {
            error.set(None);
            store.keep.dialog.set(None);
            let changed = replace_lab(&store, lab);
            store.keep.notice.set(Some(Notice::Done(super::imported_notice(changed).into())));
        }
        Err(e) => error.set(Some((e.path().map(str::to_owned), sentence(&e.to_string())))),
    };
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        import(text.get_untracked());
    };
    let chosen = move |e: ev::Event| {
        let input = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|files| files.get(0)) else { return };
        if let Some(input) = input {
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        }
        browser::read_file(file, move |result| match result {
            Ok(content) => {
                text.set(content.clone());
                import(content);
            }
            Err(reason) => error.set(Some((None, sentence(&format!("the file could not be read: {reason}"))))),
        });
    };
    view! {
        <form class="dialog import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" on:submit=submit novalidate>
            <h2 id="import-title">"Import a lab"</h2>
            <p class="dialog-lead">
                "Paste AWS JSON, or choose a file: a lab exported from SG Lab, or your account's "
                <code>"aws ec2 describe-*"</code>
                " outputs combined with "
                <code>"jq -s add"</code>
                ". Nothing in your lab changes unless all of it is valid."
            </p>
            <label class="field">
                <span>"AWS JSON"</span>
                <textarea
                    node_ref=area
                    rows="10"
                    spellcheck="false"
                    data-testid="import-text"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby="import-error"
                    prop:value=move || text.get()
                    on:input=move |e| text.set(event_target_value(&e))
                ></textarea>
            </label>
            {move || error.get().map(|(path, message)| view! {
                <div class="import-error" id="import-error" role="alert" data-testid="import-error">
                    {path.map(|p| view! { <code class="json-path" data-testid="import-error-path">{p}</code> })}
                    <span>{message}</span>
                </div>
            })}
            <div class="form-actions">
                <label class="button file-button">
                    "Choose a file…"
                    <input type="file" accept=".json,application/json" data-testid="import-file" on:change=chosen/>
                </label>
                <span class="spacer"></span>
                <button type="button" class="button" on:click=move |_| store.keep.dialog.set(None)>"Cancel"</button>
                <button type="submit" class="button primary" data-testid="import-submit">"Import"</button>
            </div>
        </form>
    }
}

#[component]
fn ShareDialog(link: String, copied: bool) -> impl IntoView {
    let store = use_lab();
    let field = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = field.get() {
            input.select();
        }
    });
    let length = link.len();
    view! {
        <div class="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title">
            <h2 id="share-title">"Share this lab"</h2>
            <p class="dialog-lead" data-testid="share-status">
                {if copied { "The link is copied. " } else { "Copy the link below. " }}
                "It holds the whole lab (network, layout and fired connections) after the "
                <code>"#"</code>
                ", which browsers never send to a server. Whoever opens it gets their own copy."
            </p>
            <input type="text" readonly node_ref=field class="share-link" data-testid="share-link" aria-label="Link to this lab" value=link/>
            <p class="dialog-note">{format!("{length} characters")}</p>
            <div class="form-actions">
                <span class="spacer"></span>
                <button type="button" class="button primary" on:click=move |_| store.keep.dialog.set(None)>"Done"</button>
            </div>
        </div>
    }
}

#[component]
fn ResetDialog() -> impl IntoView {
    let store = use_lab();
    let cancel = NodeRef::<html::Button>::new();
    focus_on_mount(cancel);
    view! {
        <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="reset-title" aria-describedby="reset-text">
            <h2 id="reset-title">"Reset to the chapter's network?"</h2>
            <p class="dialog-lead" id="reset-text">
                "Your lab is replaced by the Security Groups chapter's network, with no fired connections. Undo brings your lab back."
            </p>
            <div class="form-actions">
                <span class="spacer"></span>
                <button type="button" class="button" node_ref=cancel on:click=move |_| store.keep.dialog.set(None)>"Cancel"</button>
                <button
                    type="button"
                    class="button primary"
                    data-testid="reset-confirm"
                    on:click=move |_| {
                        store.keep.dialog.set(None);
                        replace_lab(&store, Lab::chapter());
                    }
                >
                    "Reset"
                </button>
            </div>
        </div>
    }
}

#[component]
fn IncomingDialog(shared: Lab) -> impl IntoView {
    let store = use_lab();
    let keep = store.keep;
    let shared = StoredValue::new(shared);
    let summary = shared.with_value(|lab| {
        let n = &lab.network;
        format!(
            "{} VPC{}, {} subnet{}, {} security group{}, {} resource{}",
            n.vpcs.len(),
            plural(n.vpcs.len()),
            n.subnets.len(),
            plural(n.subnets.len()),
            n.security_groups.len(),
            plural(n.security_groups.len()),
            n.resources.len(),
            plural(n.resources.len()),
        )
    });
    let keep_both = move |_| {
        let mine = store.lab.with_untracked(format::to_json);
        let mut copies = keep.copies.get_untracked();
        copies.insert(0, KeptCopy { name: "My lab".into(), kept: browser::now_text(), document: mine });
        if keep_copies(&store, copies) {
            keep.dialog.set(None);
            replace_lab(&store, shared.get_value());
            keep.notice.set(Some(Notice::Done("Your own lab is set aside: open it again from the Lab menu.".into())));
        }
    };
    let switch = move |_| {
        keep.dialog.set(None);
        let changed = replace_lab(&store, shared.get_value());
        keep.notice.set(Some(Notice::Done(super::switched_notice(changed).into())));
    };
    view! {
        <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="incoming-title" aria-describedby="incoming-text" data-testid="incoming">
            <h2 id="incoming-title">"Open the shared lab?"</h2>
            <p class="dialog-lead" id="incoming-text">
                "The link holds a lab ("
                {summary}
                "). You already have a lab of your own saved in this browser, which is on screen now and has not been changed."
            </p>
            <div class="dialog-choices">
                <button type="button" class="button primary" data-testid="incoming-keep-both" on:click=keep_both>
                    "Keep both: open the shared lab, set mine aside"
                </button>
                <button type="button" class="button" data-testid="incoming-switch" on:click=switch>
                    "Switch to the shared lab"
                </button>
                <button type="button" class="button" data-testid="incoming-stay" on:click=move |_| keep.dialog.set(None)>
                    "Stay on my lab"
                </button>
            </div>
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
