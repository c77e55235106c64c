//! Fired connections on the diagram: one arrow each, and the packet travelling along
//! the shown one. Drawn inside the diagram's zoomed group, in diagram coordinates.

use super::arrow::{draw_connections, points_attr, Arrow, ArrowState, Drawn, Picture, Polyline, StepKind};
use super::captions::step_label;
use super::route::RouteCache;
use super::{use_firing, FiringState};
use crate::diagram::info::NodeInfo;
use crate::diagram::labels::NodeLabels;
use crate::diagram::scene::ghost_info;
use crate::layout::{NodeKey, Point};
use crate::store::{use_lab, LabStore};
use leptos::prelude::*;
use sglab_engine::HopOutcome;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::time::Duration;

/// How long the packet spends on one step at normal speed, in milliseconds.
const STEP_MS: f64 = 1100.0;

fn step_ms(speed: f64) -> u64 {
    (STEP_MS / speed.max(0.1)).round() as u64
}

/// Every drawn connection with its index, and the addresses drawn on the internet
/// side for them, as the flow layer and the packet both read it: computed once per
/// change of the lab, of a drag or of a collapsed subnet, and equal arrows are not
/// drawn again (most changes, a rule that decides none of the fired connections, a
/// group renamed, leave every arrow as it was). Routes are kept between changes
/// ([`RouteCache`]): a rule edit moves nothing and routes nothing again.
pub type DrawnArrows = Memo<Drawn>;

pub fn drawn_arrows(
    store: LabStore,
    infos: Memo<HashMap<NodeKey, NodeInfo>>,
    collapsed: Memo<BTreeSet<String>>,
) -> DrawnArrows {
    let cache = StoredValue::new(RouteCache::default());
    Memo::new(move |_| {
        let drag = store.ui.drag_preview.get();
        infos.with(|infos| {
            collapsed.with(|collapsed| {
                store.lab.with(|lab| {
                    let position = |key: &NodeKey| -> Option<Point> {
                        match &drag {
                            Some((dragged, at)) if dragged == key => Some(*at),
                            _ => lab.layout.nodes.get(key).copied(),
                        }
                    };
                    let verdicts: Vec<(usize, u32, &sglab_engine::Verdict)> = lab
                        .connections
                        .connections()
                        .iter()
                        .enumerate()
                        .filter_map(|(index, c)| c.verdict.as_ref().ok().map(|v| (index, c.number, v)))
                        .collect();
                    let dragged = drag.as_ref().map(|(key, _)| key);
                    let scene_version = Some(scene_version(store.shape.get(), collapsed));
                    let picture = Picture {
                        network: &lab.network,
                        layout: &lab.layout,
                        infos,
                        position,
                        collapsed,
                        dragged,
                        scene_version,
                    };
                    cache.try_update_value(|cache| draw_connections(&verdicts, &picture, cache)).unwrap_or_default()
                })
            })
        })
    })
}

/// What the scene of the arrows is built from, hashed: the lab's shape and the
/// collapsed subnets. Not a drag: the scene has the dragged node where it was.
fn scene_version(shape: u64, collapsed: &BTreeSet<String>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    shape.hash(&mut hasher);
    collapsed.hash(&mut hasher);
    hasher.finish()
}

/// Advances the playing packet one step at a time.
fn drive(store: LabStore, firing: FiringState) {
    Effect::new(move |_| {
        let Some(playback) = firing.playback.get() else { return };
        if !playback.playing {
            return;
        }
        let total = FiringState::step_count(&store, playback.connection);
        if playback.step + 1 >= total {
            firing.playback.set(Some(super::Playback { playing: false, ..playback }));
            return;
        }
        let wait = step_ms(firing.speed.get());
        set_timeout(
            move || {
                // Only if nothing moved the packet meanwhile.
                firing.playback.try_update(|current| {
                    if *current == Some(playback) {
                        *current = Some(super::Playback { step: playback.step + 1, ..playback });
                    }
                });
            },
            Duration::from_millis(wait),
        );
    });
}

/// What the diagram draws of fired connections: the addresses they go to that have no
/// node, their arrows, and the travelling packet.
#[component]
pub fn FlowLayer(arrows: DrawnArrows) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    drive(store, firing);
    // Keyed by what is drawn: an arrow whose drawing did not change keeps its elements.
    let drawn = move || arrows.with(|d| d.arrows.clone());
    let ghosts = move || {
        arrows
            .with(|d| d.ghosts.clone())
            .into_iter()
            .map(|(address, p)| view! { <GhostHost address at=p/> })
            .collect_view()
    };
    let any_shown = move || store.ui.shown_connection.get().is_some();
    view! {
        <g class="ghost-hosts" data-testid="ghost-hosts">{ghosts}</g>
        <g class="flow-layer" class:has-shown=any_shown data-testid="flow-layer">
            <defs>
                <marker id="flow-head-allowed" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                    <path class="flow-head flow-head-allowed" d="M0,0 L10,5 L0,10 z"></path>
                </marker>
                <marker id="flow-head-partial" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                    <path class="flow-head flow-head-partial" d="M0,0 L10,5 L0,10 z"></path>
                </marker>
                <marker id="flow-head-rest" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                    <path class="flow-head flow-head-rest" d="M0,0 L10,5 L0,10"></path>
                </marker>
            </defs>
            <For
                each=drawn
                key=|(index, arrow)| (*index, arrow.drawing_key())
                children=|(index, arrow)| view! { <FlowArrow index arrow/> }
            />
        </g>
    }
}

/// An address a connection goes to that the diagram has no node for, drawn on the
/// internet side while the connection is.
#[component]
fn GhostHost(address: String, at: Point) -> impl IntoView {
    let labels = NodeLabels::of(&ghost_info(&address));
    let lines = labels
        .lines
        .into_iter()
        .map(|line| view! { <text class=line.class y=line.y>{line.text}</text> })
        .collect_view();
    view! {
        <g
            class="ghost-host"
            data-testid=format!("ghost-{address}")
            transform=format!("translate({:.1} {:.1})", at.x, at.y)
        >
            <title>{format!("{address}: not on the diagram")}</title>
            <circle class="ghost-icon" r="24"></circle>
            <text class="ghost-mark" y="6">"?"</text>
            {lines}
        </g>
    }
}

/// The travelling packet, drawn above the nodes so an icon never hides it.
#[component]
pub fn PacketLayer(arrows: DrawnArrows) -> impl IntoView {
    view! {
        <g class="packet-layer">
            <Packet arrows/>
        </g>
    }
}

#[component]
fn FlowArrow(index: usize, arrow: Arrow) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let state = arrow.state.as_str();
    let marker = match arrow.state {
        ArrowState::Allowed => "url(#flow-head-allowed)",
        _ => "url(#flow-head-partial)",
    };
    let number = arrow.number;
    let whole = arrow.drawn_line();
    let show = move |_| {
        store.ui.shown_connection.set(Some(index));
        firing.play(&store, index);
    };
    view! {
        <g
            class=format!("flow flow-{state}")
            class:shown=move || store.ui.shown_connection.get() == Some(index)
            data-testid=format!("flow-{index}")
            data-state=state
            data-heads=arrow.heads.to_string()
            data-blocked-at=arrow.blocked_at.clone()
            data-number=number.to_string()
            on:click=show
        >
            <title>{format!("Connection #{number}: {}", state.replace('-', " "))}</title>
            <polyline class="flow-hit" points=points_attr(&whole)></polyline>
            {(!arrow.line.is_empty()).then(|| {
                view! {
                    <polyline
                        class="flow-line"
                        points=points_attr(&arrow.line)
                        marker-end=(arrow.heads >= 1).then_some(marker)
                        marker-start=(arrow.heads >= 2).then_some(marker)
                    ></polyline>
                }
            })}
            {arrow.rest.map(|rest| {
                view! { <polyline class="flow-rest" data-testid="rest-line" points=points_attr(&rest) marker-end="url(#flow-head-rest)"></polyline> }
            })}
            {arrow.reply_line.map(|line| view! { <polyline class="flow-reply-line" points=points_attr(&line)></polyline> })}
            {arrow.stop.map(|p| {
                view! {
                    <g class="stop-mark" data-testid="stop-mark" data-on=arrow.stop_on.clone() transform=format!("translate({:.1} {:.1})", p.x, p.y)>
                        <circle r="11"></circle>
                        <path d="M-4.5,-4.5 L4.5,4.5 M4.5,-4.5 L-4.5,4.5"></path>
                    </g>
                }
            })}
            {arrow.caption.map(|r| {
                view! {
                    <g class="flow-caption" data-testid="arrow-caption">
                        <rect x=format!("{:.1}", r.x) y=format!("{:.1}", r.y) width=r.width height=r.height rx="9"></rect>
                        <text class="flow-number" x=format!("{:.1}", r.x + r.width / 2.0) y=format!("{:.1}", r.y + r.height / 2.0 + 4.3)>
                            {format!("#{number}")}
                        </text>
                    </g>
                }
            })}
        </g>
    }
}

/// Moves the packet along its route from one distance to another, a frame at a time,
/// until it gets there or another glide starts.
struct Glide {
    path: Polyline,
    from: f64,
    to: f64,
    start: f64,
    duration: f64,
    generation: u64,
    current: StoredValue<u64>,
    place: RwSignal<Option<Point>>,
}

impl Glide {
    fn frame(self: Rc<Self>) {
        if self.current.try_get_value() != Some(self.generation) {
            return;
        }
        let t = ((js_sys::Date::now() - self.start) / self.duration).clamp(0.0, 1.0);
        // Ease in and out, as the steps of the explanation are read one at a time.
        let eased = if t < 0.5 { 2.0 * t * t } else { 1.0 - (-2.0 * t + 2.0).powi(2) / 2.0 };
        self.place.set(Some(self.path.point_at(self.from + (self.to - self.from) * eased)));
        if t < 1.0 {
            request_animation_frame(move || self.frame());
        }
    }
}

/// The packet: one element that moves along the arrow's route, step by step.
#[component]
fn Packet(arrows: DrawnArrows) -> impl IntoView {
    let firing = use_firing();
    let step = Memo::new(move |_| {
        let playback = firing.playback.get()?;
        arrows.with(|d| {
            let arrow = d.arrows.iter().find(|(i, _)| *i == playback.connection).map(|(_, a)| a)?;
            // A change to the lab can shorten the path under a paused packet.
            let step = arrow.steps.get(playback.step.min(arrow.steps.len().saturating_sub(1))).copied()?;
            let label = super::captions::packet_label(d, playback.connection, &step);
            Some((playback, step, arrow.path.clone(), label))
        })
    });
    let place = RwSignal::new(None::<Point>);
    let generation = StoredValue::new(0u64);
    Effect::new(move |before: Option<Option<(usize, f64)>>| {
        let Some((playback, s, path, _)) = step.get() else {
            place.set(None);
            return None;
        };
        let from = match before.flatten() {
            // Leaving the source is a jump, not a glide from wherever the last packet stopped.
            Some((connection, at)) if connection == playback.connection && playback.step != 0 => at,
            _ => s.at,
        };
        generation.update_value(|g| *g += 1);
        if from == s.at || super::prefers_reduced_motion() {
            place.set(Some(s.point));
        } else {
            let glide = Glide {
                path: Polyline::new(path),
                from,
                to: s.at,
                start: js_sys::Date::now(),
                duration: step_ms(firing.speed.get_untracked()) as f64 * 0.6,
                generation: generation.get_value(),
                current: generation,
                place,
            };
            Rc::new(glide).frame();
        }
        Some((playback.connection, s.at))
    });
    let transform = move || {
        place.get().map_or_else(|| "translate(-1000 -1000)".to_owned(), |p| format!("translate({:.1} {:.1})", p.x, p.y))
    };
    let visible = move || step.with(Option::is_some);
    let reply = move || step.with(|s| s.as_ref().is_some_and(|(_, s, _, _)| s.reply));
    let stopped = move || {
        step.with(|s| {
            s.as_ref().is_some_and(|(_, s, _, _)| matches!(s.kind, StepKind::Hop { outcome: HopOutcome::Blocked, .. }))
        })
    };
    let tracking = move || {
        step.with(|s| {
            s.as_ref().is_some_and(|(_, s, _, _)| {
                matches!(s.kind, StepKind::Hop { outcome: HopOutcome::AllowedByTracking, .. })
            })
        })
    };
    let label = move || step.with(|s| s.as_ref().map(|(_, s, _, _)| step_label(s.kind)));
    let label_x = move || step.with(|s| s.as_ref().map_or(0.0, |(_, _, _, at)| at.x));
    let label_y = move || step.with(|s| s.as_ref().map_or(0.0, |(_, _, _, at)| at.y));
    view! {
        <g
            class="packet"
            class:visible=visible
            class:reply=reply
            class:stopped=stopped
            class:tracking=tracking
            transform=transform
            data-testid="packet"
            data-step=move || step.with(|s| s.as_ref().map(|(p, _, _, _)| p.step.to_string()))
            aria-hidden="true"
        >
            <circle class="packet-pulse" r="14"></circle>
            <circle class="packet-dot" r="8"></circle>
            <text class="packet-label" data-testid="packet-label" x=label_x y=label_y>{label}</text>
        </g>
    }
}
