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

/// What the notice says once an imported lab is in place. Importing the lab that is
/// open (its own export, say) changes nothing and adds no step, so Undo has nothing to
/// bring back then.
pub fn imported_notice(changed: bool) -> &'static str {
    if changed {
        "The lab was imported. Undo brings back the one before."
    } else {
        "The imported lab is the same as the one open; nothing changed."
    }
}

/// What the notice says once the learner switches to a shared lab, which may be the
/// very lab they have.
pub fn switched_notice(changed: bool) -> &'static str {
    if changed {
        "You are on the shared lab. Undo brings your own lab back."
    } else {
        "The shared lab is the same as yours; nothing changed."
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::Command;

    /// Replaces the lab as the store does, saying whether it changed (an undo step).
    fn replace(lab: &mut Lab, with: Lab) -> bool {
        let before = lab.clone();
        lab.apply(Command::Replace(Box::new(with))).unwrap();
        *lab != before
    }

    #[test]
    fn importing_the_lab_that_is_open_changes_nothing_and_says_so() {
        let mut lab = format::tests::worked_lab();
        let exported = format::to_pretty_json(&lab);
        let changed = replace(&mut lab, format::from_json(&exported).unwrap());
        assert!(!changed);
        assert_eq!(imported_notice(changed), "The imported lab is the same as the one open; nothing changed.");
        assert!(!imported_notice(changed).contains("Undo"));
    }

    #[test]
    fn importing_another_lab_is_a_step_undo_takes_back() {
        let mut lab = Lab::chapter();
        let changed = replace(&mut lab, format::tests::worked_lab());
        assert!(changed);
        assert_eq!(imported_notice(changed), "The lab was imported. Undo brings back the one before.");
        assert_eq!(switched_notice(changed), "You are on the shared lab. Undo brings your own lab back.");
        assert!(!switched_notice(false).contains("Undo"));
    }
}
