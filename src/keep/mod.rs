//! Keeping the learner's work and letting it travel: autosave in the browser's
//! storage, undo history, share links, import and export.
//!
//! - [`format`]: the saved document (AWS JSON plus the lab's layout and connections,
//!   with a schema version) and its migration. Plain Rust.
//! - [`link`]: the lab compressed into a URL fragment. Plain Rust.
//! - [`history`]: undo/redo snapshots, one per gesture. Plain Rust.
//! - [`startup`]: which lab the page opens with, from the save and the link. Plain Rust.
//! - `browser`: localStorage, the address bar, downloads, the clipboard.
//! - `menu`, `dialogs`: the top bar's controls and what they open.
//! - `picture`: the diagram as an SVG or PNG file.
//!
//! Every change still goes through [`crate::store::LabStore::dispatch`]: an import, a
//! shared link and a reset are a `Command::Replace`, so they can be undone like any edit.

pub mod browser;
pub mod dialogs;
pub mod format;
pub mod history;
pub mod link;
pub mod menu;
pub mod picture;
pub mod startup;

use crate::lab::Lab;
use leptos::prelude::*;

/// Something the page tells the learner about their saved work.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The saved lab could not be opened; its text is kept as a backup.
    SaveUnreadable { reason: String },
    /// The browser refused to save (storage full or switched off).
    NotSaved { reason: String },
    /// The link in the address bar could not be opened.
    LinkDamaged { reason: String },
    /// A passing confirmation ("Link copied").
    Done(String),
}

/// Which dialog is open over the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    Import,
    Share {
        link: String,
        copied: bool,
    },
    ConfirmReset,
    /// A shared lab arrived while the learner has a saved lab of their own.
    Incoming(Box<Lab>),
}

/// The state of keeping and sharing, beside the lab in the store.
#[derive(Clone, Copy)]
pub struct KeepState {
    pub notice: RwSignal<Option<Notice>>,
    pub dialog: RwSignal<Option<Dialog>>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// Labs kept aside ("keep both"), newest first.
    pub copies: RwSignal<Vec<browser::KeptCopy>>,
    /// A change is waiting to be written by autosave ([`menu::schedule_autosave`]).
    pub save_pending: StoredValue<bool>,
}

impl KeepState {
    pub fn new() -> Self {
        KeepState {
            notice: RwSignal::new(None),
            dialog: RwSignal::new(None),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            copies: RwSignal::new(Vec::new()),
            save_pending: StoredValue::new(false),
        }
    }
}

impl Default for KeepState {
    fn default() -> Self {
        Self::new()
    }
}
