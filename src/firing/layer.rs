//! Fired connections on the diagram: one arrow each, and the packet travelling along
//! the shown one. Drawn inside the diagram's zoomed group, in diagram coordinates.

use super::arrow::{arrow_for, points_attr, spread_parallel, Arrow, StepKind};
use super::{use_firing, FiringState};
use crate::layout::{NodeKey, Point};
use crate::store::{use_lab, LabStore};
use leptos::prelude::*;
use sglab_engine::HopOutcome;
use std::time::Duration;

/// How long the packet spends on one step at normal speed, in milliseconds.
const STEP_MS: f64 = 1100.0;

fn step_ms(speed: f64) -> u64 {
    (STEP_MS / speed.max(0.1)).round() as u64
}

/// Every drawn connection with its index, as the flow layer and the packet both read
/// it: computed once per change of the lab or of a drag, and equal arrows are not
/// drawn again (most changes, a rule that decides none of the fired connections, a
/// group renamed, leave every arrow as it was).
pub type DrawnArrows = Memo<Vec<(usize, Arrow)>>;

pub fn drawn_arrows(store: LabStore) -> DrawnArrows {
    Memo::new(move |_| arrows(&store))
}

/// Every drawn connection, with its index.
fn arrows(store: &LabStore) -> Vec<(usize, Arrow)> {
    let drag = store.ui.drag_preview.get();
    store.lab.with(|lab| {
        let position = |key: &NodeKey| -> Option<Point> {
            match &drag {
                Some((dragged, at)) if dragged == key => Some(*at),
                _ => lab.layout.nodes.get(key).copied(),
            }
        };
        let (indexes, mut drawn): (Vec<usize>, Vec<Arrow>) = lab
            .connections
            .connections()
            .iter()
            .enumerate()
            .filter_map(|(index, c)| c.verdict.as_ref().ok().map(|v| (index, arrow_for(v, &lab.network, &lab.layout, position))))
            .unzip();
        spread_parallel(&mut drawn);
        indexes.into_iter().zip(drawn).collect()
    })
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

/// What the diagram draws of fired connections: arrows and the travelling packet.
#[component]
pub fn FlowLayer(arrows: DrawnArrows) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    drive(store, firing);
    let drawn = move || {
        let shown = store.ui.shown_connection.get();
        arrows
            .get()
            .into_iter()
            .map(|(index, arrow)| view! { <FlowArrow index arrow shown=shown == Some(index)/> })
            .collect_view()
    };
    let any_shown = move || store.ui.shown_connection.get().is_some();
    let style = move || format!("--step-ms: {}ms", step_ms(firing.speed.get()));
    view! {
        <g class="flow-layer" class:has-shown=any_shown style=style data-testid="flow-layer">
            <defs>
                <marker id="flow-head-allowed" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="flow-head flow-head-allowed" d="M0,0 L10,5 L0,10 z"></path>
                </marker>
                <marker id="flow-head-partial" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="flow-head flow-head-partial" d="M0,0 L10,5 L0,10 z"></path>
                </marker>
            </defs>
            {drawn}
        </g>
    }
}

/// The travelling packet, drawn above the nodes so an icon never hides it.
#[component]
pub fn PacketLayer(arrows: DrawnArrows) -> impl IntoView {
    let firing = use_firing();
    let style = move || format!("--step-ms: {}ms", step_ms(firing.speed.get()));
    view! {
        <g class="packet-layer" style=style>
            <Packet arrows/>
        </g>
    }
}

#[component]
fn FlowArrow(index: usize, arrow: Arrow, shown: bool) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let state = arrow.state.as_str();
    let marker = match arrow.state {
        super::arrow::ArrowState::Allowed => "url(#flow-head-allowed)",
        _ => "url(#flow-head-partial)",
    };
    let points = points_attr(&arrow.line);
    let label_at = arrow.line.first().copied().zip(arrow.line.get(1).copied()).map(|(a, b)| {
        // Beside the middle of the first segment.
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let along = length / 2.0;
        Point::new(a.x + dx / length * along - dy / length * 12.0, a.y + dy / length * along + dx / length * 12.0)
    });
    let show = move |_| {
        store.ui.shown_connection.set(Some(index));
        firing.play(&store, index);
    };
    view! {
        <g
            class=format!("flow flow-{state}")
            class:shown=shown
            data-testid=format!("flow-{index}")
            data-state=state
            data-heads=arrow.heads.to_string()
            data-blocked-at=arrow.blocked_at.clone()
            on:click=show
        >
            <title>{format!("Connection #{}: {}", index + 1, state.replace('-', " "))}</title>
            <polyline class="flow-hit" points=points.clone()></polyline>
            <polyline
                class="flow-line"
                points=points
                marker-end=(arrow.heads >= 1).then_some(marker)
                marker-start=(arrow.heads >= 2).then_some(marker)
            ></polyline>
            {arrow.reply_line.map(|line| view! { <polyline class="flow-reply-line" points=points_attr(&line)></polyline> })}
            {arrow.stop.map(|p| {
                view! {
                    <g class="stop-mark" data-testid="stop-mark" transform=format!("translate({:.1} {:.1})", p.x, p.y)>
                        <circle r="11"></circle>
                        <path d="M-4.5,-4.5 L4.5,4.5 M4.5,-4.5 L-4.5,4.5"></path>
                    </g>
                }
            })}
            {label_at.filter(|_| shown).map(|p| {
                view! {
                    <text class="flow-number" x=format!("{:.1}", p.x) y=format!("{:.1}", p.y)>
                        {format!("#{}", index + 1)}
                    </text>
                }
            })}
        </g>
    }
}

/// The packet: one element that moves, so the browser animates each step.
#[component]
fn Packet(arrows: DrawnArrows) -> impl IntoView {
    let firing = use_firing();
    let step = Memo::new(move |_| {
        let playback = firing.playback.get()?;
        let arrow = arrows.with(|all| all.iter().find(|(i, _)| *i == playback.connection).map(|(_, a)| a.clone()))?;
        // A change to the lab can shorten the path under a paused packet.
        let step = playback.step.min(arrow.steps.len().saturating_sub(1));
        arrow.steps.get(step).copied().map(|s| (playback, s))
    });
    let transform = move || {
        step.get().map_or_else(
            || "translate(-1000px, -1000px)".to_owned(),
            |(_, s)| format!("translate({:.1}px, {:.1}px)", s.point.x, s.point.y),
        )
    };
    let visible = move || step.get().is_some();
    // Leaving the source is a jump, not a glide from wherever the last packet stopped.
    let jump = move || step.get().is_some_and(|(p, _)| p.step == 0);
    let reply = move || step.get().is_some_and(|(_, s)| s.reply);
    let stopped = move || {
        step.get().is_some_and(|(_, s)| matches!(s.kind, StepKind::Hop { outcome: HopOutcome::Blocked, .. }))
    };
    let tracking = move || {
        step.get().is_some_and(|(_, s)| matches!(s.kind, StepKind::Hop { outcome: HopOutcome::AllowedByTracking, .. }))
    };
    let label = move || {
        step.get().map(|(_, s)| match s.kind {
            StepKind::Hop { kind, outcome, .. } => {
                let mark = match outcome {
                    HopOutcome::Blocked => "✕ ",
                    HopOutcome::AllowedByTracking => "↩ ",
                    HopOutcome::Allowed => "✓ ",
                };
                format!("{mark}{}", super::explain::kind_label(kind))
            }
            StepKind::Depart => "Sent".to_owned(),
            StepKind::Arrive => "Delivered".to_owned(),
            StepKind::Return => "Reply delivered".to_owned(),
        })
    };
    view! {
        <g
            class="packet"
            class:visible=visible
            class:jump=jump
            class:reply=reply
            class:stopped=stopped
            class:tracking=tracking
            style:transform=transform
            data-testid="packet"
            data-step=move || step.get().map(|(p, _)| p.step.to_string())
            aria-hidden="true"
        >
            <circle class="packet-pulse" r="14"></circle>
            <circle class="packet-dot" r="8"></circle>
            <text class="packet-label" y="-27">{label}</text>
        </g>
    }
}
