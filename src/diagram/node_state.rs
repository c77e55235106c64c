//! What each node of the diagram draws, in signals of its own.
//!
//! Every change of the lab recomputes what the diagram writes beside every node and
//! where every node stands ([`super::info::node_infos`], the layout). If each node
//! read those shared memos, a change would wake every node to find that, almost
//! always, nothing of its own changed: with 500 nodes that check alone costs more
//! than a frame. Instead one effect compares the new values with each node's and
//! sets only the signals that differ, so a rule edit wakes no node at all and a drag
//! wakes one.

use super::info::NodeInfo;
use crate::layout::{NodeKey, Point};
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// One node's own signals.
#[derive(Clone)]
pub struct NodeState {
    /// What is written beside it; `None` once the network no longer has it.
    pub info: ArcRwSignal<Option<NodeInfo>>,
    /// Its place in the layout (not the drag preview).
    pub place: ArcRwSignal<Point>,
}

/// Every drawn node's signals, kept equal to the shared memos.
#[derive(Clone, Copy)]
pub struct NodeStates {
    states: StoredValue<HashMap<NodeKey, NodeState>>,
    infos: Memo<HashMap<NodeKey, NodeInfo>>,
    places: Memo<BTreeMap<NodeKey, Point>>,
}

impl NodeStates {
    pub fn new(infos: Memo<HashMap<NodeKey, NodeInfo>>, places: Memo<BTreeMap<NodeKey, Point>>) -> Self {
        let states = StoredValue::new(HashMap::<NodeKey, NodeState>::new());
        Effect::new(move |_| {
            let (info_changes, place_changes) = infos
                .with(|infos| {
                    places.with(|places| {
                        states.try_update_value(|states| {
                            states.retain(|key, _| infos.contains_key(key));
                            let mut info_changes = Vec::new();
                            let mut place_changes = Vec::new();
                            for (key, state) in states.iter() {
                                let info = infos.get(key);
                                if state.info.with_untracked(|old| old.as_ref() != info) {
                                    info_changes.push((state.info.clone(), info.cloned()));
                                }
                                let place = places.get(key).copied().unwrap_or_default();
                                if state.place.get_untracked() != place {
                                    place_changes.push((state.place.clone(), place));
                                }
                            }
                            (info_changes, place_changes)
                        })
                    })
                })
                .unwrap_or_default();
            // Set outside the store's lock: a set may run code that reads it.
            for (signal, info) in info_changes {
                signal.set(info);
            }
            for (signal, place) in place_changes {
                signal.set(place);
            }
        });
        NodeStates { states, infos, places }
    }

    /// The node's signals, made from the current values the first time it is drawn.
    pub fn of(&self, key: &NodeKey) -> NodeState {
        if let Some(state) = self.states.with_value(|states| states.get(key).cloned()) {
            return state;
        }
        let state = NodeState {
            info: ArcRwSignal::new(self.infos.with_untracked(|infos| infos.get(key).cloned())),
            place: ArcRwSignal::new(self.places.with_untracked(|places| places.get(key).copied().unwrap_or_default())),
        };
        self.states.update_value(|states| {
            states.insert(key.clone(), state.clone());
        });
        state
    }
}
