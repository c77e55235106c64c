//! Firing connections: the form, the chapter's four connections in one click each, the
//! explanation of the shown connection with its packet's journey hop by hop, the list
//! of fired connections re-judged as the lab changes, and their arrows on the diagram.
//!
//! `form` and `arrow` are plain logic, tested natively; the rest is Leptos.

pub mod arrow;
pub mod captions;
pub mod explain;
mod fixes;
pub mod form;
mod layer;
mod panel;
pub mod route;

pub use layer::{drawn_arrows, FlowLayer, PacketLayer};
pub use panel::ConnectionsPanel;

use crate::lab::{Command, Outcome};
use crate::store::LabStore;
use form::FireDraft;
use leptos::prelude::*;
use sglab_engine::Flow;

/// Where the travelling packet is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Playback {
    /// The fired connection's index.
    pub connection: usize,
    /// Index into [`arrow::step_kinds`].
    pub step: usize,
    pub playing: bool,
}

/// What the Connections tab and the diagram's flow layer share. It outlives the tab,
/// so the form keeps what was typed when another tab is opened.
#[derive(Clone, Copy)]
pub struct FiringState {
    pub playback: RwSignal<Option<Playback>>,
    /// How fast the packet travels: 1.0 is normal.
    pub speed: RwSignal<f64>,
    /// Stop at every hop until "Next hop".
    pub step_mode: RwSignal<bool>,
    pub draft: RwSignal<FireDraft>,
}

impl FiringState {
    fn new() -> Self {
        FiringState {
            playback: RwSignal::new(None),
            speed: RwSignal::new(1.0),
            step_mode: RwSignal::new(false),
            draft: RwSignal::new(FireDraft::default()),
        }
    }

    /// How many steps the connection's packet takes (0 when it cannot be judged).
    pub fn step_count(store: &LabStore, connection: usize) -> usize {
        store.lab.with_untracked(|lab| {
            lab.connections
                .connections()
                .get(connection)
                .and_then(|c| c.verdict.as_ref().ok())
                .map_or(0, |v| arrow::step_kinds(v).len())
        })
    }

    /// Sends the packet on its way from the start (or straight to the end when the
    /// reader asked for less motion).
    pub fn play(&self, store: &LabStore, connection: usize) {
        let steps = Self::step_count(store, connection);
        let playback = if prefers_reduced_motion() {
            Playback { connection, step: steps.saturating_sub(1), playing: false }
        } else {
            let step_mode = self.step_mode.get_untracked();
            Playback { connection, step: 0, playing: !step_mode }
        };
        self.playback.set(Some(playback));
    }

    /// Moves the packet one step, stopping the animation.
    pub fn step_by(&self, store: &LabStore, delta: isize) {
        let Some(current) = self.playback.get_untracked() else { return };
        let last = Self::step_count(store, current.connection).saturating_sub(1);
        let step = current.step.saturating_add_signed(delta).min(last);
        self.playback.set(Some(Playback { step, playing: false, ..current }));
    }
}

/// Makes the firing state available to the tab and the diagram; called once by the app.
pub fn provide_firing() -> FiringState {
    let state = FiringState::new();
    provide_context(state);
    state
}

pub fn use_firing() -> FiringState {
    use_context::<FiringState>().unwrap_or_else(provide_firing)
}

/// Fires a connection, shows it and starts its packet. The error is the engine's
/// message, for the form to show.
pub fn fire(store: &LabStore, firing: &FiringState, flow: Flow) -> Result<usize, String> {
    match store.dispatch(Command::Fire(flow)) {
        Ok(Outcome { fired: Some(index), .. }) => {
            store.ui.shown_connection.set(Some(index));
            firing.play(store, index);
            // The answer is in the explanation: once it is drawn, bring it into view.
            request_animation_frame(|| {
                if let Some(heading) = document().get_element_by_id("explanation-heading") {
                    heading.scroll_into_view();
                }
            });
            Ok(index)
        }
        Ok(_) => Err("The connection was not fired.".into()),
        Err(error) => Err(sentence(&error.to_string())),
    }
}

/// Forgets one fired connection, keeping what is shown pointing at the same ones.
pub fn forget(store: &LabStore, firing: &FiringState, index: usize) {
    if store.dispatch(Command::ForgetConnection(index)).is_err() {
        return;
    }
    let shift = |shown: Option<usize>| match shown {
        Some(i) if i == index => None,
        Some(i) if i > index => Some(i - 1),
        other => other,
    };
    store.ui.shown_connection.update(|shown| *shown = shift(*shown));
    firing.playback.update(|playback| {
        *playback = playback.and_then(|p| shift(Some(p.connection)).map(|connection| Playback { connection, ..p }));
    });
}

pub fn clear(store: &LabStore, firing: &FiringState) {
    if store.dispatch(Command::ClearConnections).is_ok() {
        store.ui.shown_connection.set(None);
        firing.playback.set(None);
    }
}

pub use crate::ui::sentence;

/// Has the reader asked for less motion? The stylesheet sets `--sglab-reduced-motion`
/// on the root under `prefers-reduced-motion: reduce`.
pub fn prefers_reduced_motion() -> bool {
    let Some(root) = document().document_element() else { return false };
    match window().get_computed_style(&root) {
        Ok(Some(style)) => style.get_property_value("--sglab-reduced-motion").is_ok_and(|v| v.trim() == "1"),
        _ => false,
    }
}
