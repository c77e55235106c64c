//! The app's state in Leptos: the document (a [`Lab`]) in one signal, changed only
//! through [`LabStore::dispatch`], and the UI state (what is selected, which panel is
//! open) in signals of its own, so that selecting never touches the document.

use crate::keep::history::{History, Travel};
use crate::keep::KeepState;
use crate::lab::{Command, CommandError, Lab, Outcome};
use crate::layout::{NodeKey, Point};
use leptos::prelude::*;
use sglab_engine::ids::SecurityGroupId;

/// Which tab of the side panel is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Connections,
    SecurityGroups,
    NetworkAcls,
    Details,
    Reachability,
    Lessons,
}

impl Tab {
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Connections => "connections",
            Tab::SecurityGroups => "security-groups",
            Tab::NetworkAcls => "network-acls",
            Tab::Details => "details",
            Tab::Reachability => "reachability",
            Tab::Lessons => "lessons",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Connections => "Connections",
            Tab::SecurityGroups => "Security groups",
            Tab::NetworkAcls => "Network ACLs",
            Tab::Details => "Details",
            Tab::Reachability => "Who can reach",
            Tab::Lessons => "Lessons",
        }
    }
}

/// What the security groups tab shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupsView {
    List,
    Create,
    /// A group's details; `rule` highlights one rule (from an explanation's link).
    Details {
        group: SecurityGroupId,
        rule: Option<String>,
    },
    EditRules {
        group: SecurityGroupId,
        inbound: bool,
    },
    ManageTags {
        group: SecurityGroupId,
    },
}

/// Everything the UI remembers that is not the lab itself.
#[derive(Clone, Copy)]
pub struct UiState {
    pub tab: RwSignal<Tab>,
    pub selected: RwSignal<Option<NodeKey>>,
    pub groups_view: RwSignal<GroupsView>,
    /// The fired connection whose explanation is shown.
    pub shown_connection: RwSignal<Option<usize>>,
    pub dark: RwSignal<bool>,
    /// A node being dragged and where it is now. The lab's layout changes only when the
    /// drag ends (one command, one undo step); until then everything that draws the node
    /// or lines to it reads this.
    pub drag_preview: RwSignal<Option<(NodeKey, Point)>>,
    /// On a narrow screen, is the side panel's sheet open (or folded to its tabs)?
    pub sheet_open: RwSignal<bool>,
    /// What the page's polite live region says last: a verdict, a verdict turned.
    pub announcement: RwSignal<String>,
}

/// The lab and the way to change it, shared with every component by context.
#[derive(Clone, Copy)]
pub struct LabStore {
    pub lab: RwSignal<Lab>,
    pub ui: UiState,
    /// Undo/redo snapshots of the lab, one per gesture.
    pub history: StoredValue<History>,
    /// Autosave, sharing and their messages.
    pub keep: KeepState,
    /// Counts the changes of the lab's shape ([`Command::keeps_shape`]): what the
    /// diagram draws of the network reads the lab again only when it moves, so a rule
    /// edit on a lab of a thousand resources does not rebuild their labels.
    pub shape: RwSignal<u64>,
}

impl LabStore {
    pub fn new(lab: Lab) -> Self {
        LabStore {
            lab: RwSignal::new(lab),
            ui: UiState {
                tab: RwSignal::new(Tab::Connections),
                selected: RwSignal::new(None),
                groups_view: RwSignal::new(GroupsView::List),
                shown_connection: RwSignal::new(None),
                dark: RwSignal::new(false),
                drag_preview: RwSignal::new(None),
                sheet_open: RwSignal::new(true),
                announcement: RwSignal::new(String::new()),
            },
            history: StoredValue::new(History::new()),
            keep: KeepState::new(),
            shape: RwSignal::new(0),
        }
    }

    /// Applies one command to the lab. A refused command changes nothing and does not
    /// notify anyone; its error is returned for the form to show.
    ///
    /// A change is recorded for undo and saved. Every command dispatched while one
    /// event is handled (a form's submit handler may dispatch several) is one undo step.
    pub fn dispatch(&self, command: Command) -> Result<Outcome, CommandError> {
        self.dispatch_telling_change(command).map(|(outcome, _)| outcome)
    }

    /// [`dispatch`](Self::dispatch), saying also whether the lab changed. A command can
    /// be applied and leave the lab as it was (an import of the lab that is open): then
    /// no undo step is recorded, and nothing may say that Undo takes it back.
    pub fn dispatch_telling_change(&self, command: Command) -> Result<(Outcome, bool), CommandError> {
        let keeps_shape = command.keeps_shape();
        let mut result = None;
        let mut before = None;
        let mut said = None;
        self.lab.maybe_update(|lab| {
            let snapshot = lab.clone();
            let outcome = lab.apply(command);
            let changed = outcome.is_ok() && *lab != snapshot;
            if let Ok(outcome) = &outcome {
                said = crate::outcome::announcement(&snapshot.connections, &lab.connections, outcome.fired);
            }
            if changed {
                before = Some(snapshot);
            }
            result = Some(outcome);
            changed
        });
        if let Some(said) = said {
            self.ui.announcement.set(said);
        }
        let changed = before.is_some();
        if let Some(before) = before {
            if !keeps_shape {
                self.shape.update(|n| *n += 1);
            }
            self.record(&before, keeps_shape);
        }
        result.unwrap_or(Err(CommandError::Unavailable)).map(|outcome| (outcome, changed))
    }

    /// Remembers the lab before a change for undo, and saves the lab after it.
    fn record(&self, before: &Lab, keeps_shape: bool) {
        let opened = self.history.try_update_value(|h| {
            let was_open = h.is_step_open();
            h.changed(before, keeps_shape);
            !was_open
        });
        if opened == Some(true) {
            // The step ends when the event that made it has been handled.
            let history = self.history;
            leptos::prelude::queue_microtask(move || {
                history.try_update_value(History::close_step);
            });
        }
        self.after_change();
    }

    /// Goes back one step. Returns whether there was one.
    pub fn undo(&self) -> bool {
        self.travel(|history, lab| history.undo(lab))
    }

    /// Goes forward one step undone. Returns whether there was one.
    pub fn redo(&self) -> bool {
        self.travel(|history, lab| history.redo(lab))
    }

    fn travel(&self, step: impl FnOnce(&mut History, &Lab) -> Option<Travel>) -> bool {
        let Some(current) = self.lab.try_get_untracked() else { return false };
        let Some(Some(target)) = self.history.try_update_value(|h| step(h, &current)) else { return false };
        self.lab.set(target.lab);
        if !target.keeps_shape {
            self.shape.update(|n| *n += 1);
        }
        self.forget_what_is_gone();
        self.after_change();
        true
    }

    /// Saves the lab and updates what the undo and redo buttons offer.
    fn after_change(&self) {
        let (can_undo, can_redo) = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        self.keep.can_undo.set(can_undo);
        self.keep.can_redo.set(can_redo);
        crate::keep::menu::schedule_autosave(self);
    }

    /// After undo or redo, stops pointing at what the lab no longer has.
    pub fn forget_what_is_gone(&self) {
        let (nodes, groups, connections) = self.lab.with_untracked(|lab| {
            (
                lab.layout.nodes.keys().cloned().collect::<Vec<_>>(),
                lab.network.security_groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>(),
                lab.connections.connections().len(),
            )
        });
        if self.ui.selected.with_untracked(|s| s.as_ref().is_some_and(|key| !nodes.contains(key))) {
            self.ui.selected.set(None);
        }
        let group_gone = self.ui.groups_view.with_untracked(|view| match view {
            GroupsView::Details { group, .. }
            | GroupsView::EditRules { group, .. }
            | GroupsView::ManageTags { group } => !groups.contains(group),
            GroupsView::List | GroupsView::Create => false,
        });
        if group_gone {
            self.ui.groups_view.set(GroupsView::List);
        }
        if self.ui.shown_connection.get_untracked().is_some_and(|i| i >= connections) {
            self.ui.shown_connection.set(None);
        }
    }

    /// Where a node is drawn now: its place in the layout, or under the pointer while dragged.
    pub fn node_position(&self, key: &NodeKey) -> Option<Point> {
        let dragged = self.ui.drag_preview.with(|d| d.as_ref().filter(|(k, _)| k == key).map(|(_, p)| *p));
        dragged.or_else(|| self.lab.with(|lab| lab.layout.nodes.get(key).copied()))
    }

    /// Opens a security group in the editor, optionally on one rule.
    pub fn open_group(&self, group: SecurityGroupId, rule: Option<String>) {
        self.ui.groups_view.set(GroupsView::Details { group, rule });
        self.ui.tab.set(Tab::SecurityGroups);
    }
}

pub fn provide_lab(lab: Lab) -> LabStore {
    let store = LabStore::new(lab);
    provide_context(store);
    store
}

/// The store provided by [`provide_lab`] at the top of the app.
pub fn use_lab() -> LabStore {
    expect_context::<LabStore>()
}
