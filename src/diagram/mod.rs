//! The network diagram: an SVG of the VPC, its internet gateway, subnets, resources and
//! the internet hosts, with drag, pan and zoom.
//!
//! At the scale of a real account (a thousand interfaces) a subnet can be collapsed to
//! its count, and the toolbar finds a resource by name, id or address and brings it
//! into view. Collapsing is UI state: never an edit, never undone, never saved.
//!
//! Pointer gestures are explicit states ([`Gesture`]). A drag recomputes the node's
//! place from where it stood at pointerdown plus the total pointer movement, shows it
//! through `drag_preview`, and becomes one `MoveNode` command at pointerup; Escape
//! rolls it back. The pointer is captured by the `<svg>` root, which lives as long as
//! the diagram, so re-drawing the dragged node never loses the capture.

mod icons;
pub mod info;
pub mod labels;
mod node_state;
pub mod scene;
mod search;
pub mod viewport;

use crate::lab::{Command, Lab};
use crate::layout::{is_public, next_node, node_keys, Direction, NodeKey, Point, Rect, INTERNET_X};
use crate::store::{use_lab, LabStore, Tab};
use info::{node_infos, NodeInfo};
use leptos::ev;
use leptos::prelude::*;
use leptos::svg::Svg;
use leptos::wasm_bindgen::JsCast;
use node_state::{NodeState, NodeStates};
use sglab_engine::name_tag;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use viewport::{Viewport, ZOOM_STEP};

/// How far the pointer must travel before a press becomes a drag, in pixels.
const DRAG_THRESHOLD: f64 = 3.0;
/// How far an arrow key moves the selected node, in diagram units.
const KEY_STEP: f64 = 10.0;
/// A subnet holding more resources than this starts collapsed the first time the
/// diagram shows it (an import of a real account, say): at the zoom that shows the
/// whole lab its nodes are specks, drawing them all costs thousands of SVG elements,
/// and search or a click on the subnet brings them back. The chapter's subnets, and
/// any the learner fills by hand, stay open; one that grows past it later is left as
/// it is, so a resource just added never vanishes.
const COLLAPSE_OVER: usize = 40;
/// The zoom "find a resource" brings a node to, at least: its labels readable.
const FOCUS_ZOOM: f64 = 1.0;
/// Below this zoom a node is drawn as its icon alone: its name would be under five
/// pixels high, and the text (names, addresses, group badges: most of a node's SVG)
/// would cost the browser layout and paint on every change for nothing anyone can
/// read. The node's accessible name still says all of it; zooming in brings it back.
const LABELS_MIN_ZOOM: f64 = 0.4;
/// How many resource names the diagram's accessible summary lists before it counts.
const SUMMARY_NAMES: usize = 12;
/// The band at the top of the canvas the toolbar floats over, in pixels: fitting and
/// finding keep the drawing below it.
const TOOLBAR_BAND: f64 = 60.0;

/// What the pointer is doing on the canvas.
#[derive(Clone, Debug, PartialEq)]
enum Gesture {
    Idle,
    /// Pressed on a node; a drag once it moves past the threshold.
    Node {
        pointer: i32,
        node: NodeKey,
        start: Point,
        from: Point,
        moved: bool,
    },
    /// Pressed on the empty canvas: panning.
    Pan {
        pointer: i32,
        start: Point,
        from: Viewport,
        moved: bool,
    },
    /// Two fingers down: zooming and panning together. Lifting either ends it.
    Pinch {
        pointers: (i32, i32),
        /// Where the two were when the second came down, on the canvas.
        start: (Point, Point),
        from: Viewport,
    },
}

/// Reads the lab for what depends on its shape alone (nodes, names, addresses, places):
/// such a memo runs again when the shape changes, not on every rule edit.
fn shaped<T>(store: LabStore, read: impl FnOnce(&Lab) -> T) -> T {
    store.shape.track();
    store.lab.with_untracked(read)
}

/// Selects a node and shows it in the Details tab.
fn select(store: LabStore, node: NodeKey) {
    store.ui.selected.set(Some(node));
    store.ui.tab.set(Tab::Details);
}

/// Which subnets have their resources hidden behind a count.
#[derive(Clone, Copy)]
struct Collapsed {
    /// What the user chose, per subnet; a subnet not in it keeps the default it got
    /// when the diagram first showed it.
    chosen: RwSignal<HashMap<String, bool>>,
    /// The subnets collapsed now.
    now: Memo<BTreeSet<String>>,
}

impl Collapsed {
    fn new(counts: Memo<BTreeMap<String, usize>>) -> Self {
        let chosen = RwSignal::new(HashMap::<String, bool>::new());
        // Decided once per subnet, the first time it is seen (see COLLAPSE_OVER).
        let first_sight = StoredValue::new(HashMap::<String, bool>::new());
        let now = Memo::new(move |_| {
            counts.with(|counts| {
                chosen.with(|chosen| {
                    counts
                        .iter()
                        .filter(|(id, count)| {
                            let default = first_sight
                                .try_update_value(|seen| *seen.entry((*id).clone()).or_insert(**count > COLLAPSE_OVER))
                                .unwrap_or(false);
                            chosen.get(*id).copied().unwrap_or(default)
                        })
                        .map(|(id, _)| id.clone())
                        .collect()
                })
            })
        });
        Collapsed { chosen, now }
    }

    fn is(&self, subnet: &str) -> bool {
        self.now.with(|c| c.contains(subnet))
    }

    fn set(&self, subnet: &str, collapsed: bool) {
        if self.now.with_untracked(|c| c.contains(subnet)) != collapsed {
            self.chosen.update(|c| {
                c.insert(subnet.to_owned(), collapsed);
            });
        }
    }
}

/// The diagram. Fired connections are drawn by [`crate::firing::FlowLayer`] inside the
/// same zoomed group, in the same coordinates.
#[component]
pub fn Diagram() -> impl IntoView {
    let store = use_lab();
    let svg_ref: NodeRef<Svg> = NodeRef::new();
    let viewport = RwSignal::new(Viewport::default());
    let gesture = StoredValue::new(Gesture::Idle);
    // One memo for every node: a pan or zoom wakes the nodes only when it crosses.
    let labels_shown = Memo::new(move |_| viewport.with(|v| v.k >= LABELS_MIN_ZOOM));
    // The layout alone: a rule edit changes the lab but moves no node, and then no
    // node's position is looked at again.
    let positions = Memo::new(move |_| shaped(store, |lab| lab.layout.nodes.clone()));

    let canvas_size = move || {
        svg_ref
            .get_untracked()
            .map(|svg| (f64::from(svg.client_width()), f64::from(svg.client_height())))
            .unwrap_or((800.0, 600.0))
    };
    let fit = move || {
        let bounds = store.lab.with_untracked(|lab| lab.layout.bounds(&lab.network));
        // The internet's column reaches further left than its hosts.
        let bounds = bounds.union(&Rect { x: INTERNET_X - 100.0, y: bounds.y, width: 1.0, height: 1.0 });
        let (w, h) = canvas_size();
        let band = TOOLBAR_BAND.min(h / 4.0);
        let v = Viewport::fit(bounds, w, h - band);
        viewport.set(Viewport { y: v.y + band, ..v });
    };
    // Fit once the SVG is in the page and has a size, and again whenever its size
    // changes: a turned tablet, a resized window, the splitter, the sheet under it. Not
    // while it has no size (a phone showing the panel instead); coming back to the
    // same size leaves the view as the user had it.
    let fitted_size = StoredValue::new((0.0, 0.0));
    let size_observer = StoredValue::new(None::<crate::screen::SizeObserver>);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(svg) = svg_ref.get() else { return false };
        fit();
        let observer = crate::screen::observe_size(&svg, move |w, h| {
            if w < 1.0 || h < 1.0 || fitted_size.get_value() == (w, h) {
                return;
            }
            fitted_size.set_value((w, h));
            fit();
        });
        size_observer.set_value(observer);
        true
    });
    on_cleanup(move || {
        if let Some(observer) = size_observer.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    });
    let zoom_centre = move |factor: f64| {
        let (w, h) = canvas_size();
        viewport.update(|v| *v = v.zoom_at(Point::new(w / 2.0, h / 2.0), factor));
    };
    // The pointer's place on the canvas, in pixels from its top-left corner.
    let on_canvas = move |client_x: i32, client_y: i32| {
        let origin = svg_ref
            .get_untracked()
            .and_then(|svg| svg.parent_element())
            .and_then(|parent| parent.dyn_into::<leptos::web_sys::HtmlElement>().ok())
            .map(|parent| (f64::from(parent.offset_left()), f64::from(parent.offset_top())))
            .unwrap_or((0.0, 0.0));
        Point::new(f64::from(client_x) - origin.0, f64::from(client_y) - origin.1)
    };

    let release = move |pointer: i32| {
        if let Some(svg) = svg_ref.get_untracked() {
            if svg.has_pointer_capture(pointer) {
                let _ = svg.release_pointer_capture(pointer);
            }
        }
    };
    // Escape during a drag puts the node back where it was.
    let cancel = move || {
        let current = gesture.get_value();
        match current {
            Gesture::Node { pointer, .. } => {
                store.ui.drag_preview.set(None);
                release(pointer);
            }
            Gesture::Pan { pointer, from, .. } => {
                viewport.set(from);
                release(pointer);
            }
            Gesture::Pinch { pointers, .. } => {
                release(pointers.0);
                release(pointers.1);
            }
            Gesture::Idle => {}
        }
        gesture.set_value(Gesture::Idle);
    };
    let escape = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" && gesture.with_value(|g| *g != Gesture::Idle) {
            ev.prevent_default();
            cancel();
        }
    });
    on_cleanup(move || escape.remove());

    // Where each pointer that is down is now, on the canvas: a second finger turns
    // the gesture into a pinch.
    let down = StoredValue::new(Vec::<(i32, Point)>::new());
    let track = move |ev: &ev::PointerEvent| {
        let at = on_canvas(ev.client_x(), ev.client_y());
        down.update_value(|d| match d.iter_mut().find(|(p, _)| *p == ev.pointer_id()) {
            Some(entry) => entry.1 = at,
            None => d.push((ev.pointer_id(), at)),
        });
    };
    let lift = move |pointer: i32| down.update_value(|d| d.retain(|(p, _)| *p != pointer));
    let pointerdown = move |ev: ev::PointerEvent| {
        track(&ev);
        let second = down.with_value(|d| (d.len() == 2).then(|| (d[0], d[1])));
        let pinchable = gesture.with_value(|g| matches!(g, Gesture::Pan { .. } | Gesture::Node { moved: false, .. }));
        if let (Some((a, b)), true) = (second, pinchable) {
            // A second finger: whatever the first began becomes a pinch.
            store.ui.drag_preview.set(None);
            gesture.set_value(Gesture::Pinch {
                pointers: (a.0, b.0),
                start: (a.1, b.1),
                from: viewport.get_untracked(),
            });
            if let Some(svg) = svg_ref.get_untracked() {
                let _ = svg.set_pointer_capture(ev.pointer_id());
            }
            return;
        }
        if ev.button() != 0 || gesture.with_value(|g| *g != Gesture::Idle) {
            return;
        }
        // A press on a node starts in NodeView; a subnet's toggle is a button of its
        // own (capturing the pointer here would take its click away).
        let on_control = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|e| e.closest(".subnet-toggle").ok().flatten())
            .is_some();
        if on_control {
            return;
        }
        let pointer = ev.pointer_id();
        gesture.set_value(Gesture::Pan {
            pointer,
            start: Point::new(f64::from(ev.client_x()), f64::from(ev.client_y())),
            from: viewport.get_untracked(),
            moved: false,
        });
        if let Some(svg) = svg_ref.get_untracked() {
            let _ = svg.set_pointer_capture(pointer);
        }
    };
    let pointermove = move |ev: ev::PointerEvent| {
        if down.with_value(|d| d.iter().any(|(p, _)| *p == ev.pointer_id())) {
            track(&ev);
        }
        let now = Point::new(f64::from(ev.client_x()), f64::from(ev.client_y()));
        let mut state = gesture.get_value();
        match &mut state {
            Gesture::Idle => return,
            Gesture::Pinch { pointers, start, from } => {
                let at = |pointer: i32| down.with_value(|d| d.iter().find(|(p, _)| *p == pointer).map(|(_, at)| *at));
                if let (Some(a), Some(b)) = (at(pointers.0), at(pointers.1)) {
                    viewport.set(from.pinched(*start, (a, b)));
                }
                return;
            }
            Gesture::Node { pointer, node, start, from, moved } => {
                if *pointer != ev.pointer_id() {
                    return;
                }
                let (dx, dy) = (now.x - start.x, now.y - start.y);
                if !*moved && dx.hypot(dy) < DRAG_THRESHOLD {
                    return;
                }
                *moved = true;
                let k = viewport.get_untracked().k;
                let wanted = Point::new(from.x + dx / k, from.y + dy / k);
                let to = store.lab.with_untracked(|lab| lab.layout.clamped(&lab.network, node, wanted));
                store.ui.drag_preview.set(Some((node.clone(), to)));
            }
            Gesture::Pan { pointer, start, from, moved } => {
                if *pointer != ev.pointer_id() {
                    return;
                }
                let (dx, dy) = (now.x - start.x, now.y - start.y);
                if !*moved && dx.hypot(dy) < DRAG_THRESHOLD {
                    return;
                }
                *moved = true;
                viewport.set(from.panned(dx, dy));
            }
        }
        gesture.set_value(state);
    };
    let pointerup = move |ev: ev::PointerEvent| {
        lift(ev.pointer_id());
        let state = gesture.get_value();
        match state {
            Gesture::Idle => return,
            Gesture::Pinch { pointers, .. } => {
                if pointers.0 != ev.pointer_id() && pointers.1 != ev.pointer_id() {
                    return;
                }
                // The other finger, still down, starts nothing until it is lifted too.
                release(pointers.0);
                release(pointers.1);
            }
            Gesture::Node { pointer, node, moved, .. } => {
                if pointer != ev.pointer_id() {
                    return;
                }
                if moved {
                    let to = store.ui.drag_preview.get_untracked().filter(|(k, _)| *k == node).map(|(_, p)| p);
                    if let Some(to) = to {
                        let _ = store.dispatch(Command::MoveNode { node, to });
                    }
                    store.ui.drag_preview.set(None);
                } else {
                    select(store, node);
                }
                release(pointer);
            }
            Gesture::Pan { pointer, moved, .. } => {
                if pointer != ev.pointer_id() {
                    return;
                }
                if !moved {
                    store.ui.selected.set(None);
                }
                release(pointer);
            }
        }
        gesture.set_value(Gesture::Idle);
    };
    let pointercancel = move |ev: ev::PointerEvent| {
        lift(ev.pointer_id());
        cancel();
    };
    let wheel = move |ev: ev::WheelEvent| {
        ev.prevent_default();
        let at = on_canvas(ev.client_x(), ev.client_y());
        let factor = (-ev.delta_y() * 0.0015).exp();
        viewport.update(|v| *v = v.zoom_at(at, factor));
    };

    let summary = move || {
        store.lab.with(|lab| {
            let mut words: Vec<String> =
                lab.network.vpcs.iter().flat_map(|v| v.cidr_blocks.iter().map(|c| c.to_string())).collect();
            let resources = &lab.network.resources;
            words.extend(resources.iter().take(SUMMARY_NAMES).map(|r| r.name.clone()));
            if resources.len() > SUMMARY_NAMES {
                words.push(format!("and {} more resources", resources.len() - SUMMARY_NAMES));
            }
            words.join(", ")
        })
    };
    let vpc_ids =
        Memo::new(move |_| shaped(store, |lab| lab.network.vpcs.iter().map(|v| v.id.to_string()).collect::<Vec<_>>()));
    let subnet_ids = Memo::new(move |_| {
        shaped(store, |lab| lab.network.subnets.iter().map(|s| s.id.to_string()).collect::<Vec<_>>())
    });
    // Every node with its subnet, what is written beside each, and how many each subnet
    // holds: built once per change of the lab's shape, read by every node and subnet.
    let entries = Memo::new(move |_| shaped(store, |lab| node_keys(&lab.network)));
    let infos = Memo::new(move |_| shaped(store, |lab| node_infos(&lab.network)));
    let node_states = NodeStates::new(infos, positions);
    let counts = Memo::new(move |_| {
        let mut counts: BTreeMap<String, usize> =
            shaped(store, |lab| lab.network.subnets.iter().map(|s| (s.id.to_string(), 0)).collect());
        entries.with(|e| {
            for subnet in e.iter().filter_map(|(_, s)| s.as_ref()) {
                if let Some(n) = counts.get_mut(subnet) {
                    *n += 1;
                }
            }
        });
        counts
    });
    let collapsed = Collapsed::new(counts);
    let arrows = crate::firing::drawn_arrows(store, infos, collapsed.now);
    // The nodes drawn: those of collapsed subnets are not.
    // A whole other lab (an import, a reset, undoing one) is shown whole; a subnet
    // added or removed leaves the view where the user has it.
    Effect::new(move |before: Option<Vec<String>>| {
        let now = subnet_ids.get();
        if let Some(before) = before {
            if !now.iter().any(|id| before.contains(id)) {
                // Once the page has settled: the notice of an import takes room above
                // the canvas.
                request_animation_frame(fit);
            }
        }
        now
    });
    let nodes = Memo::new(move |_| {
        collapsed.now.with(|hidden| {
            entries.with(|e| {
                e.iter()
                    .filter(|(_, subnet)| !subnet.as_ref().is_some_and(|s| hidden.contains(s)))
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    // Find a resource: open its subnet, select it, and bring it to the middle of the
    // canvas, zoomed in far enough to read it.
    let found = Callback::new(move |key: NodeKey| {
        let subnet = entries.with_untracked(|e| e.iter().find(|(k, _)| *k == key).and_then(|(_, s)| s.clone()));
        if let Some(subnet) = subnet {
            collapsed.set(&subnet, false);
        }
        let at = store.lab.with_untracked(|lab| lab.layout.nodes.get(&key).copied());
        select(store, key);
        if let Some(at) = at {
            let (w, h) = canvas_size();
            let band = TOOLBAR_BAND.min(h / 4.0);
            // The icon a little above the middle: its labels hang below it.
            let at = Point::new(at.x, at.y + 30.0);
            let v = viewport.with_untracked(|v| Viewport::centred_on(at, w, h - band, v.k.max(FOCUS_ZOOM)));
            viewport.set(Viewport { y: v.y + band, ..v });
        }
    });
    // The diagram is one stop of the Tab key: the node Tab reaches is the one last
    // focused (at first, the first drawn), and the arrow keys go from node to node.
    let current = RwSignal::new(None::<NodeKey>);
    Effect::new(move |_| {
        nodes.with(|visible| {
            if current.with_untracked(|c| !c.as_ref().is_some_and(|c| visible.contains(c))) {
                current.set(visible.first().cloned());
            }
        });
    });
    let is_current = Selector::new(move || current.get());
    let go = Callback::new(move |(from, direction): (NodeKey, Direction)| {
        let next = nodes.with_untracked(|visible| {
            positions.with_untracked(|at| {
                let start = at.get(&from).copied()?;
                next_node(visible.iter().filter_map(|k| at.get(k).map(|p| (k, *p))), start, direction).cloned()
            })
        });
        if let Some(next) = next {
            current.set(Some(next.clone()));
            focus_node(&next);
        }
    });
    let focus = Focus { current, is_current, go };
    // Which node is being dragged, told to each node only when it starts or stops being
    // the one: a pointer move then wakes the dragged node alone, not all of them.
    let dragged = Selector::new(move || store.ui.drag_preview.with(|d| d.as_ref().map(|(k, _)| k.clone())));
    let zoom_percent = move || format!("{:.0}%", viewport.with(|v| v.k * 100.0));

    view! {
        <div class="diagram-toolbar" role="toolbar" aria-label="Diagram">
            <button type="button" class="tool" aria-label="Zoom out" title="Zoom out" on:click=move |_| zoom_centre(1.0 / ZOOM_STEP)>
                "−"
            </button>
            <span class="zoom-level" data-testid="zoom-level">{zoom_percent}</span>
            <button type="button" class="tool" aria-label="Zoom in" title="Zoom in" on:click=move |_| zoom_centre(ZOOM_STEP)>
                "+"
            </button>
            <button type="button" class="tool wide" title="Fit to view" on:click=move |_| fit()>
                "Fit to view"
            </button>
            <span class="tool-separator" aria-hidden="true"></span>
            <search::FindResource infos on_found=found/>
            <span class="tool-separator" aria-hidden="true"></span>
            <button
                type="button"
                class="tool wide"
                title="Add a resource, host or subnet"
                data-testid="diagram-add"
                on:click=move |_| {
                    store.ui.selected.set(None);
                    store.ui.tab.set(Tab::Details);
                }
            >
                "+ Add"
            </button>
        </div>
        <svg
            class="diagram"
            node_ref=svg_ref
            role="group"
            aria-roledescription="network diagram"
            aria-label=summary
            data-testid="network-summary"
            class:panning=move || gesture.with_value(|g| matches!(g, Gesture::Pan { moved: true, .. }))
            on:pointerdown=pointerdown
            on:pointermove=pointermove
            on:pointerup=pointerup
            on:pointercancel=pointercancel
            on:wheel=wheel
        >
            <title>{summary}</title>
            <defs>
                <pattern id="diagram-grid" width="24" height="24" patternUnits="userSpaceOnUse">
                    <circle cx="1" cy="1" r="1" class="grid-dot"></circle>
                </pattern>
            </defs>
            <rect class="grid" x="0" y="0" width="100%" height="100%" fill="url(#diagram-grid)"></rect>
            <g class="content" transform=move || viewport.with(Viewport::transform)>
                <InternetArea/>
                <For each=move || vpc_ids.get() key=|id| id.clone() children=move |id| view! { <VpcBox vpc=id/> }/>
                <For
                    each=move || subnet_ids.get()
                    key=|id| id.clone()
                    children=move |id| view! { <SubnetBox subnet=id collapsed counts/> }
                />
                <crate::firing::FlowLayer arrows/>
                <For
                    each=move || nodes.get()
                    key=|k| k.clone()
                    children=move |node| view! { <NodeView node gesture svg_ref dragged=dragged.clone() labels_shown node_states focus=focus.clone()/> }
                />
                <crate::firing::PacketLayer arrows/>
            </g>
        </svg>
    }
}

/// The internet: a soft column on the left, around the hosts.
#[component]
fn InternetArea() -> impl IntoView {
    let store = use_lab();
    let area = Memo::new(move |_| {
        let drag = store.ui.drag_preview.get();
        store.lab.with(|lab| {
            let position = |key: &NodeKey| match &drag {
                Some((dragged, at)) if dragged == key => Some(*at),
                _ => lab.layout.nodes.get(key).copied(),
            };
            scene::internet_area(&lab.network, &position)
        })
    });
    view! {
        <g class="internet" data-testid="internet">
            <rect
                class="internet-area"
                x=move || area.get().x
                y=move || area.get().y
                width=move || area.get().width
                height=move || area.get().height
                rx="18"
            ></rect>
            <g transform=move || {
                let r = area.get();
                format!("translate({} {})", r.x + 16.0, r.y + 22.0)
            }>
                {icons::globe(9.0)}
                <text class="area-title" x="16" y="4">"Internet"</text>
            </g>
        </g>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct VpcInfo {
    rect: Rect,
    name: String,
    cidr: String,
    gateways: Vec<(String, Point)>,
}

/// A VPC: its box, name and CIDR, and its internet gateways on its left edge.
#[component]
fn VpcBox(vpc: String) -> impl IntoView {
    let store = use_lab();
    let id = vpc.clone();
    let info = Memo::new(move |_| {
        store.lab.with(|lab| {
            let v = lab.network.vpcs.iter().find(|v| v.id.as_str() == id)?;
            let rect = lab.layout.vpc_rect(&lab.network, &id);
            let gw = lab.layout.gateway_point(&lab.network, &id);
            let gateways = lab
                .network
                .internet_gateways
                .iter()
                .filter(|g| g.vpc_id.as_ref().is_some_and(|v| v.as_str() == id))
                .enumerate()
                .map(|(i, g)| (g.id.to_string(), Point::new(gw.x, gw.y + i as f64 * 90.0)))
                .collect();
            Some(VpcInfo {
                rect,
                name: name_tag(&v.tags).unwrap_or("VPC").to_owned(),
                cidr: v.cidr_blocks.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
                gateways,
            })
        })
    });
    view! {
        {move || {
            info.get()
                .map(|v| {
                    let Rect { x, y, width, height } = v.rect;
                    let gateways = v
                        .gateways
                        .iter()
                        .map(|(igw, p)| {
                            view! {
                                <g
                                    class="igw"
                                    data-testid=format!("igw-{igw}")
                                    transform=format!("translate({} {})", p.x, p.y)
                                >
                                    <title>{format!("Internet gateway {igw}")}</title>
                                    {icons::gateway()}
                                    <text class="node-name igw-label" x="-30" y="-3">"Internet gateway"</text>
                                    <text class="node-sub igw-label" x="-30" y="12">{igw.clone()}</text>
                                </g>
                            }
                        })
                        .collect_view();
                    view! {
                        <g class="vpc" data-testid=format!("vpc-{vpc}")>
                            <rect class="vpc-box" x=x y=y width=width height=height rx="14"></rect>
                            <g transform=format!("translate({} {})", x + 14.0, y + 10.0)>
                                <rect class="vpc-tag" width="36" height="20" rx="4"></rect>
                                <text class="vpc-tag-text" x="18" y="14">"VPC"</text>
                                <text class="box-title" x="46" y="15">{v.name.clone()}</text>
                                <text class="box-sub" x="46" y="31">{format!("{} · {}", v.cidr, vpc)}</text>
                            </g>
                        </g>
                        {gateways}
                    }
                })
        }}
    }
}

/// The subnet header's show/hide toggle, in diagram units.
const TOGGLE_WIDTH: f64 = 58.0;

#[derive(Clone, Debug, PartialEq)]
struct SubnetInfo {
    rect: Rect,
    name: String,
    cidr: String,
    public: bool,
    gateway: Option<Point>,
}

/// A subnet: its box, name, CIDR and whether it is public, and a toggle that hides
/// its resources behind their count.
#[component]
fn SubnetBox(
    subnet: String,
    /// Which subnets are collapsed.
    collapsed: Collapsed,
    /// How many resources each subnet holds.
    counts: Memo<BTreeMap<String, usize>>,
) -> impl IntoView {
    let store = use_lab();
    let id = subnet.clone();
    let hidden = {
        let subnet = subnet.clone();
        Memo::new(move |_| collapsed.is(&subnet))
    };
    let count = {
        let subnet = subnet.clone();
        Memo::new(move |_| counts.with(|c| c.get(&subnet).copied().unwrap_or(0)))
    };
    let info = Memo::new(move |_| {
        store.lab.with(|lab| {
            let s = lab.network.subnets.iter().find(|s| s.id.as_str() == id)?;
            let rect = lab.layout.subnets.get(&id).copied()?;
            let public = is_public(&lab.network, s);
            let has_igw = lab.network.internet_gateways.iter().any(|g| g.vpc_id.as_ref() == Some(&s.vpc_id));
            // One route line per row, to its first box: a line to a box further along
            // would cross the boxes before it.
            let first_in_row = !lab.layout.subnets.values().any(|r| (r.y - rect.y).abs() < 0.5 && r.x < rect.x);
            Some(SubnetInfo {
                rect,
                name: name_tag(&s.tags).unwrap_or(s.id.as_str()).to_owned(),
                cidr: s.cidr_block.to_string(),
                public,
                gateway: (public && has_igw && first_in_row)
                    .then(|| lab.layout.gateway_point(&lab.network, s.vpc_id.as_str())),
            })
        })
    });
    view! {
        {move || {
            info.get()
                .map(|s| {
                    let Rect { x, y, width, height } = s.rect;
                    let class = if s.public { "subnet public" } else { "subnet private" };
                    let marker = if s.public { "Public" } else { "Private" };
                    let route = s.gateway.map(|g| {
                        let mid = (g.x + x) / 2.0;
                        let ty = y + height / 2.0;
                        view! {
                            <path
                                class="route-line"
                                d=format!("M {} {} L {mid} {} L {mid} {ty} L {x} {ty}", g.x + 22.0, g.y, g.y)
                            ></path>
                        }
                    });
                    let toggle_subnet = subnet.clone();
                    let toggle = move || collapsed.set(&toggle_subnet, !hidden.get_untracked());
                    let keydown = {
                        let toggle = toggle.clone();
                        move |ev: ev::KeyboardEvent| {
                            if matches!(ev.key().as_str(), "Enter" | " ") {
                                ev.prevent_default();
                                toggle();
                            }
                        }
                    };
                    // Big enough to read at the zoom that shows the whole lab.
                    let size = (width.min(height) / 9.0).clamp(18.0, 240.0);
                    let (cx, cy) = (x + width / 2.0, y + 20.0 + (height - 20.0) / 2.0);
                    let name = s.name.clone();
                    view! {
                        <g
                            class=class
                            class:collapsed=move || hidden.get()
                            data-testid=format!("subnet-{subnet}")
                            data-public=s.public.to_string()
                        >
                            {route}
                            <rect class="subnet-box" x=x y=y width=width height=height rx="10"></rect>
                            <g transform=format!("translate({} {})", x + 12.0, y + 8.0)>
                                <rect class="subnet-marker" width="58" height="18" rx="9"></rect>
                                <text class="subnet-marker-text" x="29" y="13">{marker}</text>
                                <text class="box-title" x="68" y="14">{s.name.clone()}</text>
                                <text class="box-sub" x="68" y="30">{format!("{} · {}", s.cidr, subnet)}</text>
                            </g>
                            <g
                                class="subnet-toggle"
                                role="button"
                                tabindex="0"
                                aria-label={
                                    let name = s.name.clone();
                                    move || format!("{} resources in {name}", if hidden.get() { "Show" } else { "Hide" })
                                }
                                aria-expanded=move || (!hidden.get()).to_string()
                                data-testid=format!("subnet-toggle-{subnet}")
                                transform=format!("translate({} {})", x + width - 12.0 - TOGGLE_WIDTH, y + 7.0)
                                on:click=move |_| toggle()
                                on:keydown=keydown
                            >
                                <title>{move || if hidden.get() { "Show the resources" } else { "Hide the resources" }}</title>
                                <rect class="toggle-face" width=TOGGLE_WIDTH height="20" rx="10"></rect>
                                <path
                                    class="toggle-chevron"
                                    d=move || if hidden.get() { "M 11 6 L 15 10 L 11 14" } else { "M 9 8 L 13 12 L 17 8" }
                                ></path>
                                <text class="toggle-text" x="24" y="14">{move || if hidden.get() { "Show" } else { "Hide" }}</text>
                            </g>
                            {move || {
                                hidden.get().then(|| {
                                    let n = count.get();
                                    let words = if n == 1 { "1 resource".to_owned() } else { format!("{n} resources") };
                                    view! {
                                        <text class="hidden-name" x=cx y=cy - size * 0.45 font-size=size>{name.clone()}</text>
                                        <text class="hidden-count" x=cx y=cy + size * 0.6 font-size=size * 0.7 data-testid="hidden-count">
                                            {words}
                                        </text>
                                    }
                                })
                            }}
                        </g>
                    }
                })
        }}
    }
}

/// The diagram's keyboard focus: the node the Tab key reaches, and going from it to
/// the next node with an arrow key.
#[derive(Clone)]
struct Focus {
    current: RwSignal<Option<NodeKey>>,
    is_current: Selector<Option<NodeKey>>,
    go: Callback<(NodeKey, Direction)>,
}

/// Moves the keyboard's focus to a node's group in the SVG.
fn focus_node(key: &NodeKey) {
    let selector = format!("svg.diagram [data-testid=\"{}\"]", NodeInfo::test_id(key));
    if let Some(element) = leptos::prelude::document().query_selector(&selector).ok().flatten() {
        crate::ui::errors::call_with_options(&element, "focus", &[]);
    }
}

/// One node: a resource, a lone interface or an internet host, with its labels.
#[component]
fn NodeView(
    node: NodeKey,
    gesture: StoredValue<Gesture>,
    svg_ref: NodeRef<Svg>,
    /// The dragged node, by key.
    dragged: Selector<Option<NodeKey>>,
    /// Is the diagram zoomed in far enough to draw names, addresses and badges?
    labels_shown: Memo<bool>,
    /// Every node's own signals: what is written beside it, its place.
    node_states: NodeStates,
    focus: Focus,
) -> impl IntoView {
    let store = use_lab();
    let NodeState { info, place } = node_states.of(&node);
    let dragging = {
        let node = Some(node.clone());
        Memo::new(move |_| dragged.selected(&node))
    };
    let position = {
        let node = node.clone();
        // Only the dragged node follows the drag preview; the others read the layout.
        Memo::new(move |_| {
            let preview = if dragging.get() {
                store.ui.drag_preview.with(|d| d.as_ref().filter(|(k, _)| *k == node).map(|(_, p)| *p))
            } else {
                None
            };
            preview.unwrap_or_else(|| place.get())
        })
    };
    let selected = {
        let node = node.clone();
        Memo::new(move |_| store.ui.selected.with(|s| s.as_ref() == Some(&node)))
    };
    let test_id = NodeInfo::test_id(&node);
    let is_current = {
        let node = Some(node.clone());
        let is_current = focus.is_current.clone();
        Memo::new(move |_| is_current.selected(&node))
    };
    let on_focus = {
        let node = node.clone();
        let current = focus.current;
        move |_: ev::FocusEvent| current.set(Some(node.clone()))
    };

    let pointerdown = {
        let node = node.clone();
        move |ev: ev::PointerEvent| {
            if ev.button() != 0 || gesture.with_value(|g| *g != Gesture::Idle) {
                return;
            }
            let pointer = ev.pointer_id();
            gesture.set_value(Gesture::Node {
                pointer,
                node: node.clone(),
                start: Point::new(f64::from(ev.client_x()), f64::from(ev.client_y())),
                from: position.get_untracked(),
                moved: false,
            });
            if let Some(svg) = svg_ref.get_untracked() {
                let _ = svg.set_pointer_capture(pointer);
            }
        }
    };
    // Enter selects a node, and the arrow keys then move it; Escape lets it go, and the
    // arrow keys go from node to node again.
    let keydown = {
        let node = node.clone();
        move |ev: ev::KeyboardEvent| {
            let (step, direction) = match ev.key().as_str() {
                "Enter" | " " => {
                    ev.prevent_default();
                    select(store, node.clone());
                    return;
                }
                "Escape" if selected.get_untracked() => {
                    ev.prevent_default();
                    store.ui.selected.set(None);
                    return;
                }
                "ArrowLeft" => ((-KEY_STEP, 0.0), Direction::Left),
                "ArrowRight" => ((KEY_STEP, 0.0), Direction::Right),
                "ArrowUp" => ((0.0, -KEY_STEP), Direction::Up),
                "ArrowDown" => ((0.0, KEY_STEP), Direction::Down),
                _ => return,
            };
            ev.prevent_default();
            if !selected.get_untracked() {
                focus.go.run((node.clone(), direction));
                return;
            }
            let p = position.get_untracked();
            let _ =
                store.dispatch(Command::MoveNode { node: node.clone(), to: Point::new(p.x + step.0, p.y + step.1) });
        }
    };

    view! {
        {move || {
            info.get()
                .map(|i| {
                    let kind = i.kind;
                    let label = labels::NodeLabels::of(&i).accessible_name(&i);
                    let has_groups = !i.groups.is_empty();
                    view! {
                        <g
                            class="node"
                            class:selected=selected
                            class:dragging=dragging
                            data-kind=kind.as_str()
                            data-testid=test_id.clone()
                            tabindex=move || if is_current.get() { "0" } else { "-1" }
                            on:focus=on_focus.clone()
                            role="button"
                            aria-label=label
                            aria-pressed=move || selected.get().to_string()
                            transform=move || {
                                let p = position.get();
                                format!("translate({:.1} {:.1})", p.x, p.y)
                            }
                            on:pointerdown=pointerdown.clone()
                            on:keydown=keydown.clone()
                        >
                            <rect class="node-halo" x="-31" y="-31" width="62" height="62" rx="12"></rect>
                            {has_groups.then(|| view! { <circle class="sg-ring" data-testid="sg-ring" r=labels::SG_RING_RADIUS></circle> })}
                            {icons::node_icon(kind)}
                            {move || labels_shown.get().then(|| view! { <NodeLabels info=i.clone()/> })}
                        </g>
                    }
                })
        }}
    }
}

/// A node's name, addresses and security group badges, where [`labels::NodeLabels`]
/// places them.
#[component]
fn NodeLabels(info: NodeInfo) -> impl IntoView {
    let placed = labels::NodeLabels::of(&info);
    let lines = placed
        .lines
        .into_iter()
        .map(|line| {
            view! {
                <text class=line.class y=line.y data-testid=line.test_id>
                    {line.full.map(|full| view! { <title>{full}</title> })}
                    {line.text}
                </text>
            }
        })
        .collect_view();
    let badges = placed
        .badges
        .into_iter()
        .map(|badge| {
            let Rect { x, y, width, .. } = badge.rect;
            view! {
                <g
                    class="sg-badge"
                    class:sg-badge-more=badge.id.is_none()
                    data-testid=badge.id.as_ref().map(|id| format!("badge-{id}")).unwrap_or_else(|| "badge-more".to_owned())
                    transform=format!("translate({x:.1} {y:.1})")
                >
                    <title>{badge.title}</title>
                    <rect width=width height="16" rx="8"></rect>
                    <text x=width / 2.0 y="11.5">{badge.text}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        {lines}
        {badges}
    }
}
