//! The app's state in Leptos: the document (a [`Lab`]) in one signal, changed only
//! through [`LabStore::dispatch`], and the UI state (what is selected, which panel is
//! open) in signals of its own, so that selecting never touches the document.

use crate::lab::{Command, CommandError, Lab, Outcome};
use crate::layout::{NodeKey, Point};
use leptos::prelude::*;
use sglab_engine::ids::SecurityGroupId;

/// Which tab of the side panel is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Connections,
    SecurityGroups,
    Details,
}

impl Tab {
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Connections => "connections",
            Tab::SecurityGroups => "security-groups",
            Tab::Details => "details",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Connections => "Connections",
            Tab::SecurityGroups => "Security groups",
            Tab::Details => "Details",
        }
    }
}

/// What the security groups tab shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupsView {
    List,
    Create,
    /// A group's details; `rule` highlights one rule (from an explanation's link).
    Details { group: SecurityGroupId, rule: Option<String> },
    EditRules { group: SecurityGroupId, inbound: bool },
    ManageTags { group: SecurityGroupId },
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
}

/// The lab and the way to change it, shared with every component by context.
#[derive(Clone, Copy)]
pub struct LabStore {
    pub lab: RwSignal<Lab>,
    pub ui: UiState,
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
            },
        }
    }

    /// Applies one command to the lab. A refused command changes nothing and does not
    /// notify anyone; its error is returned for the form to show.
    pub fn dispatch(&self, command: Command) -> Result<Outcome, CommandError> {
        let mut result = None;
        self.lab.maybe_update(|lab| {
            let outcome = lab.apply(command);
            let changed = outcome.is_ok();
            result = Some(outcome);
            changed
        });
        result.unwrap_or_else(|| Err(CommandError::Unavailable))
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
