//! How the diagram and the side panel share the screen (`style/workspace.css`).
//!
//! - A laptop or wider (≥ 1024 px): side by side. The panel has one width for every
//!   tab, which the user changes with the splitter between the two; the width chosen
//!   is kept in the browser.
//! - A tablet upright or a narrow window: the diagram has the whole width, and the
//!   panel is a sheet under it, its tabs always showing; the sheet folds down to its
//!   tabs and opens again from them.
//! - A phone (< 640 px): one of the two at a time. The sheet's button switches to the
//!   diagram, and any tab back to the panel.
//!
//! The diagram fits itself to whatever room it is given (`diagram::Diagram`).

use crate::keep::browser;
use crate::store::{use_lab, Tab};
use leptos::prelude::*;

/// Where the width the user gave the side panel is kept, in CSS pixels.
pub const PANEL_WIDTH_KEY: &str = "sglab.panelWidth";
/// The narrowest side panel and the narrowest diagram beside it, in CSS pixels
/// (`style/workspace.css` clamps the panel between the same two numbers).
pub const PANEL_MIN: f64 = 320.0;
pub const CANVAS_MIN: f64 = 320.0;
/// How far one arrow key moves the splitter.
const KEY_STEP: f64 = 24.0;

/// The panel's width for a wanted one: at least [`PANEL_MIN`], leaving the diagram at
/// least [`CANVAS_MIN`] of the page's width.
pub fn clamp_panel_width(wanted: f64, page_width: f64) -> f64 {
    wanted.min(page_width - CANVAS_MIN).max(PANEL_MIN).round()
}

fn page_width() -> f64 {
    leptos::web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1280.0)
}

/// The diagram, the splitter and the side panel.
#[component]
pub fn Workspace() -> impl IntoView {
    let store = use_lab();
    let phone = crate::screen::use_media_query("(max-width: 639.98px)");
    let sheet_open = store.ui.sheet_open;
    // Choosing a tab shows its panel, except on a phone, where a tap on a node (which
    // opens Details) must leave the diagram on screen.
    Effect::new(move |before: Option<Tab>| {
        let now = store.ui.tab.get();
        if before.is_some_and(|b| b != now) && !phone.get_untracked() {
            sheet_open.set(true);
        }
        now
    });
    let chosen = RwSignal::new(
        browser::read(PANEL_WIDTH_KEY).and_then(|w| w.parse::<f64>().ok()).filter(|w| w.is_finite() && *w > 0.0),
    );
    let width_style = move || chosen.get().map(|w| format!("--panel-chosen: {w:.0}px"));
    view! {
        <main class="workspace" class:sheet-open=move || sheet_open.get() style=width_style>
            <section class="canvas" aria-label="Network diagram">
                <crate::diagram::Diagram/>
            </section>
            <Splitter chosen/>
            <SidePanel/>
        </main>
    }
}

/// The bar between the diagram and the side panel: drag it, or focus it and use the
/// arrow keys, to give either more room; a double click returns to the usual width.
#[component]
fn Splitter(chosen: RwSignal<Option<f64>>) -> impl IntoView {
    let splitter: NodeRef<leptos::html::Div> = NodeRef::new();
    // The pointer's x and the panel's width when the drag began.
    let drag = StoredValue::new(None::<(i32, f64, f64)>);
    let panel_width = move || {
        splitter
            .get_untracked()
            .and_then(|s| s.next_element_sibling())
            .map(|panel| f64::from(panel.client_width()))
            .unwrap_or(PANEL_MIN)
    };
    let keep = move || {
        if let Some(w) = chosen.get_untracked() {
            // Not kept (storage off or full): the width holds until the page is left.
            let _ = browser::write(PANEL_WIDTH_KEY, &format!("{w:.0}"));
        }
    };
    let set = move |wanted: f64| chosen.set(Some(clamp_panel_width(wanted, page_width())));
    let pointerdown = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        drag.set_value(Some((ev.pointer_id(), f64::from(ev.client_x()), panel_width())));
        if let Some(s) = splitter.get_untracked() {
            let _ = s.set_pointer_capture(ev.pointer_id());
        }
    };
    let pointermove = move |ev: leptos::ev::PointerEvent| {
        let Some((pointer, x, width)) = drag.get_value() else { return };
        if pointer == ev.pointer_id() {
            // The panel is on the right: moving left widens it.
            set(width - (f64::from(ev.client_x()) - x));
        }
    };
    let pointerup = move |ev: leptos::ev::PointerEvent| {
        if drag.get_value().is_some_and(|(pointer, _, _)| pointer == ev.pointer_id()) {
            drag.set_value(None);
            keep();
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let width = panel_width();
        let wanted = match ev.key().as_str() {
            "ArrowLeft" => width + KEY_STEP,
            "ArrowRight" => width - KEY_STEP,
            "Home" => PANEL_MIN,
            "End" => page_width(),
            _ => return,
        };
        ev.prevent_default();
        set(wanted);
        keep();
    };
    let reset = move |_| {
        chosen.set(None);
        let _ = browser::remove(PANEL_WIDTH_KEY);
    };
    view! {
        <div
            class="splitter"
            node_ref=splitter
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-label="Side panel width"
            aria-controls="side-panel"
            aria-valuemin=PANEL_MIN
            aria-valuemax=move || (page_width() - CANVAS_MIN).max(PANEL_MIN).round()
            aria-valuenow=move || chosen.get().unwrap_or_else(panel_width).round()
            title="Drag to resize the side panel; double-click for its usual width"
            data-testid="splitter"
            on:pointerdown=pointerdown
            on:pointermove=pointermove
            on:pointerup=pointerup
            on:pointercancel=pointerup
            on:keydown=keydown
            on:dblclick=reset
        ></div>
    }
}

/// Scrolls a tab into view within its row, moving nothing else that is in view.
fn show_tab(slug: &str) {
    if let Some(tab) = leptos::prelude::document().get_element_by_id(&format!("tab-{slug}")) {
        let nearest = || leptos::wasm_bindgen::JsValue::from_str("nearest");
        crate::ui::errors::call_with_options(&tab, "scrollIntoView", &[("block", nearest()), ("inline", nearest())]);
    }
}

/// The tabs beside the diagram, or in the sheet under it.
#[component]
fn SidePanel() -> impl IntoView {
    let store = use_lab();
    let tab = store.ui.tab;
    let sheet_open = store.ui.sheet_open;
    // Another tab starts at its top, not where the last one was scrolled to; on a
    // phone, whose tabs scroll sideways in one row, the chosen tab comes into view.
    Effect::new(move |_| {
        let slug = tab.get().slug();
        crate::ui::form::scroll_panel_to_top();
        show_tab(slug);
    });
    let tab_button = move |which: Tab| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                id=format!("tab-{}", which.slug())
                aria-selected=move || (tab.get() == which).to_string()
                aria-controls="side-panel-body"
                on:click=move |_| {
                    tab.set(which);
                    sheet_open.set(true);
                }
            >
                {which.label()}
            </button>
        }
    };
    view! {
        <aside class="side-panel" id="side-panel">
            <div class="sheet-head">
                <button
                    type="button"
                    class="sheet-toggle"
                    aria-expanded=move || sheet_open.get().to_string()
                    aria-controls="side-panel-body"
                    data-testid="sheet-toggle"
                    on:click=move |_| sheet_open.update(|open| *open = !*open)
                >
                    <svg class="sheet-chevron" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                        <path d="M3 6l5 5 5-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"></path>
                    </svg>
                    // One of the two is shown, by the width (`style/workspace.css`).
                    <span class="when-open on-tablet">"Hide panel"</span>
                    <span class="when-open on-phone">"Diagram"</span>
                    <span class="when-closed">"Show panel"</span>
                </button>
                <nav class="tabs" role="tablist" aria-label="Panels">
                    {tab_button(Tab::Connections)}
                    {tab_button(Tab::SecurityGroups)}
                    {tab_button(Tab::NetworkAcls)}
                    {tab_button(Tab::Details)}
                    {tab_button(Tab::Reachability)}
                    {tab_button(Tab::Lessons)}
                </nav>
            </div>
            <div class="side-panel-body" id="side-panel-body" role="tabpanel" aria-labelledby=move || format!("tab-{}", tab.get().slug())>
                {move || match tab.get() {
                    Tab::Connections => view! { <crate::firing::ConnectionsPanel/> }.into_any(),
                    Tab::SecurityGroups => view! { <crate::groups::SecurityGroupsPanel/> }.into_any(),
                    Tab::NetworkAcls => view! { <crate::acls::NetworkAclsPanel/> }.into_any(),
                    Tab::Details => view! { <crate::details::DetailsPanel/> }.into_any(),
                    Tab::Reachability => view! { <crate::reach::ReachPanel/> }.into_any(),
                    Tab::Lessons => view! { <crate::lessons::LessonsPanel/> }.into_any(),
                }}
            </div>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_leaves_the_diagram_its_room() {
        assert_eq!(clamp_panel_width(500.0, 1280.0), 500.0);
        assert_eq!(clamp_panel_width(1200.0, 1280.0), 1280.0 - CANVAS_MIN);
        assert_eq!(clamp_panel_width(100.0, 1280.0), PANEL_MIN);
        // A window too narrow for both keeps the panel usable.
        assert_eq!(clamp_panel_width(500.0, 500.0), PANEL_MIN);
    }
}
