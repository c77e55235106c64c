//! The top bar's controls for the lab as a whole (undo, redo, share, import, export,
//! reset, kept copies), the keyboard shortcuts for undo and redo, autosave, and the
//! start of the page: which lab it opens with.

use super::browser::{self, KeptCopy, BACKUP_KEY, SAVE_KEY};
use super::{format, link, picture, startup, Dialog, Notice};
use crate::lab::{Command, Lab};
use crate::store::{provide_lab, use_lab, LabStore};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;

/// Opens the page on the right lab (saved, shared or the chapter's) and provides the
/// store. What needs the learner's word (an unreadable save, a shared lab while one
/// of their own is saved) is put on screen, never decided for them.
pub fn provide_kept_lab() -> LabStore {
    let saved = browser::read(SAVE_KEY);
    let start = startup::decide(saved.as_deref(), &browser::fragment());
    let opened_from_link = start.clear_link && start.incoming.is_none() && start.notice.is_none();
    let store = provide_lab(start.lab);
    if let Some(raw) = &start.backup {
        if let Err(reason) = browser::write(BACKUP_KEY, raw) {
            leptos::logging::warn!("the unreadable save could not be backed up: {reason}");
        }
    }
    store.keep.notice.set(start.notice);
    store.keep.copies.set(browser::read_copies());
    if let Some(shared) = start.incoming {
        store.keep.dialog.set(Some(Dialog::Incoming(Box::new(shared))));
    }
    if start.clear_link {
        browser::clear_fragment();
    }
    if opened_from_link {
        // The link is gone from the address bar: keep its lab for the next visit.
        autosave(&store);
    }
    // Leaving the page (closing it, reloading, switching away) writes a pending change
    // at once: the delay of `schedule_autosave` must never lose one. Both events, since
    // mobile browsers may discard a hidden page without `pagehide`. The listeners live
    // as long as the page.
    let flush = move || flush_autosave(&store);
    std::mem::forget(window_event_listener(ev::pagehide, move |_| flush()));
    std::mem::forget(window_event_listener(ev::visibilitychange, move |_| flush()));
    store
}

/// How long autosave waits after a change. Writing a large lab (JSON of every group
/// and rule, then localStorage) takes longer than a frame; waiting lets the change
/// be drawn first, and a burst of changes (a drag, Apply fixes) be written once.
const AUTOSAVE_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// Autosaves soon after a change: once per burst, always the latest lab.
pub fn schedule_autosave(store: &LabStore) {
    if store.keep.save_pending.get_value() {
        return;
    }
    store.keep.save_pending.set_value(true);
    let store = *store;
    set_timeout(move || flush_autosave(&store), AUTOSAVE_DELAY);
}

/// Writes a pending change now, if there is one.
fn flush_autosave(store: &LabStore) {
    if store.keep.save_pending.try_get_value() == Some(true) {
        store.keep.save_pending.set_value(false);
        autosave(store);
    }
}

/// Writes the lab to the browser's storage; a refusal is shown, not swallowed.
pub fn autosave(store: &LabStore) {
    let Some(text) = store.lab.try_with_untracked(format::to_json) else { return };
    match browser::write(SAVE_KEY, &text) {
        Ok(()) => {
            if store.keep.notice.with_untracked(|n| matches!(n, Some(Notice::NotSaved { .. }))) {
                store.keep.notice.set(None);
            }
        }
        Err(reason) => store.keep.notice.set(Some(Notice::NotSaved { reason })),
    }
}

/// Puts another lab in place of this one (one undo step) and tidies the UI after it.
/// Says whether the lab changed: a lab equal to the one open adds no undo step.
pub fn replace_lab(store: &LabStore, lab: Lab) -> bool {
    match store.dispatch_telling_change(Command::Replace(Box::new(lab))) {
        Ok((_, changed)) => {
            store.forget_what_is_gone();
            changed
        }
        Err(_) => false,
    }
}

/// Is the keyboard focus in a place that edits text? There Ctrl+Z belongs to the field.
fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
    let tag = element.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || element.is_content_editable()
}

/// Undo, redo and the lab's menus, for the top bar.
#[component]
pub fn LabControls() -> impl IntoView {
    let store = use_lab();
    let keep = store.keep;
    let shortcuts = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() || typing_in(e.target()) {
            return;
        }
        let key = e.key().to_ascii_lowercase();
        let handled = match key.as_str() {
            "z" if e.shift_key() => store.redo(),
            "z" => store.undo(),
            "y" if !e.shift_key() => store.redo(),
            _ => return,
        };
        // Even with nothing to undo, the browser's own undo must not act on the page.
        e.prevent_default();
        let _ = handled;
    });
    on_cleanup(move || shortcuts.remove());
    // A link pasted into the address bar of the open page changes only the fragment:
    // no reload, so it is taken here, the way a link opened in a new tab is at start.
    let links = window_event_listener(ev::hashchange, move |_| {
        let fragment = browser::fragment();
        let Some(arrival) = store.lab.with_untracked(|lab| startup::arrival(lab, &fragment)) else { return };
        browser::clear_fragment();
        match arrival {
            startup::Arrival::Same => {}
            startup::Arrival::Incoming(shared) => keep.dialog.set(Some(Dialog::Incoming(shared))),
            startup::Arrival::Damaged(reason) => keep.notice.set(Some(Notice::LinkDamaged { reason })),
        }
    });
    on_cleanup(move || links.remove());

    view! {
        <div class="lab-controls" role="group" aria-label="Lab">
            <button
                type="button"
                class="icon-button"
                aria-label="Undo"
                title="Undo (Ctrl+Z)"
                data-testid="undo"
                disabled=move || !keep.can_undo.get()
                on:click=move |_| {
                    store.undo();
                }
            >
                <UndoIcon flip=false/>
            </button>
            <button
                type="button"
                class="icon-button"
                aria-label="Redo"
                title="Redo (Ctrl+Shift+Z)"
                data-testid="redo"
                disabled=move || !keep.can_redo.get()
                on:click=move |_| {
                    store.redo();
                }
            >
                <UndoIcon flip=true/>
            </button>
            <span class="topbar-separator" aria-hidden="true"></span>
            <button
                type="button"
                class="topbar-button"
                data-testid="share"
                on:click=move |_| {
                    let fragment = store.lab.with_untracked(link::encode);
                    let address = format!("{}#{fragment}", browser::page_address());
                    keep.dialog.set(Some(Dialog::Share { link: address.clone(), copied: false }));
                    browser::copy_text(&address, move |copied| {
                        keep.dialog.update(|d| {
                            if let Some(Dialog::Share { copied: c, .. }) = d {
                                *c = copied;
                            }
                        });
                    });
                }
            >
                "Copy link"
            </button>
            <button
                type="button"
                class="topbar-button"
                data-testid="import"
                on:click=move |_| keep.dialog.set(Some(Dialog::Import))
            >
                "Import"
            </button>
            <ExportMenu/>
            <LabMenu/>
        </div>
    }
}

#[component]
fn UndoIcon(flip: bool) -> impl IntoView {
    let transform = if flip { "translate(20 0) scale(-1 1)" } else { "" };
    view! {
        <svg class="undo-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <g transform=transform>
                <path d="M7.5 4.5 3.5 8.5l4 4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"></path>
                <path d="M4 8.5h7.5a4.5 4.5 0 0 1 0 9H9" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path>
            </g>
        </svg>
    }
}

/// Closes a `<details>` menu after one of its items was chosen.
fn close(menu: NodeRef<html::Details>) {
    if let Some(details) = menu.get_untracked() {
        details.set_open(false);
    }
}

#[component]
fn ExportMenu() -> impl IntoView {
    let store = use_lab();
    let menu = NodeRef::<html::Details>::new();
    let report = move |result: Result<(), String>| {
        if let Err(reason) = result {
            store.keep.notice.set(Some(Notice::Done(format!("The file could not be made: {reason}."))));
        }
    };
    let aws = move |_| {
        close(menu);
        let text = store.lab.with_untracked(format::to_pretty_json);
        report(browser::download("sglab-lab.json", "application/json", text.as_bytes()));
    };
    let terraform = move |_| {
        close(menu);
        let text = store.lab.with_untracked(|lab| sglab_engine::terraform::to_terraform(&lab.network));
        report(browser::download("sglab-lab.tf", "text/plain", text.as_bytes()));
    };
    let svg = move |_| {
        close(menu);
        report(picture::download_svg(&store));
    };
    let png = move |_| {
        close(menu);
        picture::download_png(&store, report);
    };
    view! {
        <details class="topbar-menu" node_ref=menu>
            <summary class="topbar-button" data-testid="export">"Export"</summary>
            <div class="menu-items" role="menu" aria-label="Export">
                <button type="button" role="menuitem" data-testid="export-aws" on:click=aws>
                    <span>"AWS JSON"</span>
                    <small>"What aws ec2 describe-* prints, with the lab's layout"</small>
                </button>
                <button type="button" role="menuitem" data-testid="export-terraform" on:click=terraform>
                    <span>"Terraform"</span>
                    <small>"VPC, subnets, gateways, route tables, network ACLs, security groups"</small>
                </button>
                <button type="button" role="menuitem" data-testid="export-svg" on:click=svg>
                    <span>"Diagram as SVG"</span>
                </button>
                <button type="button" role="menuitem" data-testid="export-png" on:click=png>
                    <span>"Diagram as PNG"</span>
                </button>
            </div>
        </details>
    }
}

#[component]
fn LabMenu() -> impl IntoView {
    let store = use_lab();
    let keep = store.keep;
    let menu = NodeRef::<html::Details>::new();
    let deleting = RwSignal::new(None::<usize>);
    let open_copy = move |index: usize| {
        close(menu);
        let Some(copy) = keep.copies.with_untracked(|c| c.get(index).cloned()) else { return };
        let lab = match format::from_json(&copy.document) {
            Ok(lab) => lab,
            Err(e) => {
                keep.notice
                    .set(Some(Notice::Done(super::dialogs::sentence(&format!("that copy cannot be opened: {e}")))));
                return;
            }
        };
        // The lab on screen takes the copy's place, so nothing is dropped.
        let current = store.lab.with_untracked(format::to_json);
        let mut copies = keep.copies.get_untracked();
        copies[index] = KeptCopy { name: "Lab set aside".into(), kept: browser::now_text(), document: current };
        keep_copies(&store, copies);
        replace_lab(&store, lab);
    };
    let delete_copy = move |index: usize| {
        let mut copies = keep.copies.get_untracked();
        if index < copies.len() {
            copies.remove(index);
        }
        deleting.set(None);
        keep_copies(&store, copies);
    };
    let copies = move || keep.copies.get().into_iter().enumerate().collect::<Vec<_>>();
    let copy_key = |item: &(usize, KeptCopy)| (item.0, item.1.kept.clone(), item.1.document.len());
    view! {
        <details class="topbar-menu" node_ref=menu>
            <summary class="topbar-button" data-testid="lab-menu">"Lab"</summary>
            <div class="menu-items" role="menu" aria-label="Lab">
                <button
                    type="button"
                    role="menuitem"
                    data-testid="reset"
                    on:click=move |_| {
                        close(menu);
                        keep.dialog.set(Some(Dialog::ConfirmReset));
                    }
                >
                    <span>"Reset to the chapter's network…"</span>
                </button>
                <Show when=move || keep.copies.with(|c| !c.is_empty())>
                    <div class="menu-heading">"Labs set aside"</div>
                    <For each=copies key=copy_key children=move |item: (usize, KeptCopy)| {
                            let (index, copy) = item;
                            view! {
                                <div class="menu-copy" data-testid="kept-copy">
                                    <div class="copy-name">
                                        <span>{copy.name.clone()}</span>
                                        <small>{copy.kept.clone()}</small>
                                    </div>
                                    {move || if deleting.get() == Some(index) {
                                        view! {
                                            <span class="copy-actions">
                                                <button type="button" class="button danger" on:click=move |_| delete_copy(index)>"Delete"</button>
                                                <button type="button" class="button" on:click=move |_| deleting.set(None)>"Keep"</button>
                                            </span>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <span class="copy-actions">
                                                <button type="button" class="button" on:click=move |_| open_copy(index)>"Open"</button>
                                                <button type="button" class="button danger" aria-label="Delete this copy" on:click=move |_| deleting.set(Some(index))>"Delete…"</button>
                                            </span>
                                        }.into_any()
                                    }}
                                </div>
                            }
                        }
                    />
                </Show>
            </div>
        </details>
    }
}

/// Stores the kept copies, telling the learner if the browser refuses.
pub fn keep_copies(store: &LabStore, copies: Vec<KeptCopy>) -> bool {
    let result = browser::write_copies(&copies);
    store.keep.copies.set(copies);
    match result {
        Ok(()) => true,
        Err(reason) => {
            store.keep.notice.set(Some(Notice::NotSaved { reason }));
            false
        }
    }
}
