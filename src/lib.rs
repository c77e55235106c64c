//! SG Lab in the browser: the chapter's network drawn as a diagram, security groups
//! edited in forms like the AWS console's, and connections fired through the engine,
//! which runs here compiled to WebAssembly.
//!
//! `main.rs` only mounts [`App`]. The document is a [`lab::Lab`] (network, layout,
//! fired connections) changed only by [`lab::Command`]s through [`store::LabStore`];
//! what is selected or open is UI state beside it. Plain logic lives in modules with no
//! Leptos (`lab`, `layout`, `outcome`, and the forms' models) and is tested natively.

pub mod acls;
pub mod details;
pub mod diagram;
pub mod firing;
pub mod groups;
pub mod keep;
pub mod lab;
pub mod layout;
pub mod lessons;
pub mod outcome;
pub mod reach;
pub mod store;
pub mod ui;

use leptos::prelude::*;
use store::{use_lab, Tab};

/// The whole page: a top bar, the diagram, and a side panel with tabs.
#[component]
pub fn App() -> impl IntoView {
    let store = keep::menu::provide_kept_lab();
    firing::provide_firing();
    reach::provide_reach();
    lessons::provide_lessons();
    ui::form::track_openers();
    let theme = move || if store.ui.dark.get() { "dark" } else { "light" };
    // The console's tables and the reachability grid need a wider side panel. A class
    // set from the tab, not a `:has()` selector in CSS: with that, every change in the
    // side panel made the browser check the whole page's style again.
    let wide_side = move || matches!(store.ui.tab.get(), Tab::SecurityGroups | Tab::NetworkAcls | Tab::Reachability);
    view! {
        <div class="app" class:wide-side=wide_side data-theme=theme>
            <header class="topbar">
                <h1 class="brand">"SG Lab"</h1>
                <span class="tagline">"How AWS security groups and network ACLs decide traffic"</span>
                <span class="spacer"></span>
                <keep::menu::LabControls/>
                <ThemeToggle/>
            </header>
            <keep::dialogs::NoticeBar/>
            <main class="workspace">
                <section class="canvas" aria-label="Network diagram">
                    <diagram::Diagram/>
                </section>
                <SidePanel/>
            </main>
            <keep::dialogs::KeepDialogs/>
        </div>
    }
}

/// The theme: the one the user chose, kept in the browser, or else the system's.
#[component]
fn ThemeToggle() -> impl IntoView {
    let store = use_lab();
    let dark = store.ui.dark;
    let chosen = keep::browser::read(keep::browser::THEME_KEY);
    dark.set(match chosen.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => keep::browser::system_prefers_dark(),
    });
    let choose = move |_| {
        dark.update(|d| *d = !*d);
        let theme = if dark.get_untracked() { "dark" } else { "light" };
        // Not kept (storage off or full): the choice holds until the page is left.
        let _ = keep::browser::write(keep::browser::THEME_KEY, theme);
    };
    view! {
        <button
            type="button"
            class="icon-button theme-toggle"
            aria-pressed=move || dark.get().to_string()
            aria-label="Dark theme"
            title="Dark theme"
            on:click=choose
        >
            {move || if dark.get() { "☀" } else { "☾" }}
        </button>
    }
}

/// The tabs beside the diagram.
#[component]
fn SidePanel() -> impl IntoView {
    let store = use_lab();
    let tab = store.ui.tab;
    // Another tab starts at its top, not where the last one was scrolled to.
    Effect::new(move |_| {
        tab.track();
        ui::form::scroll_panel_to_top();
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
                on:click=move |_| tab.set(which)
            >
                {which.label()}
            </button>
        }
    };
    view! {
        <aside class="side-panel">
            <nav class="tabs" role="tablist" aria-label="Panels">
                {tab_button(Tab::Connections)}
                {tab_button(Tab::SecurityGroups)}
                {tab_button(Tab::NetworkAcls)}
                {tab_button(Tab::Details)}
                {tab_button(Tab::Reachability)}
                {tab_button(Tab::Lessons)}
            </nav>
            <div class="side-panel-body" id="side-panel-body" role="tabpanel">
                {move || match tab.get() {
                    Tab::Connections => view! { <firing::ConnectionsPanel/> }.into_any(),
                    Tab::SecurityGroups => view! { <groups::SecurityGroupsPanel/> }.into_any(),
                    Tab::NetworkAcls => view! { <acls::NetworkAclsPanel/> }.into_any(),
                    Tab::Details => view! { <details::DetailsPanel/> }.into_any(),
                    Tab::Reachability => view! { <reach::ReachPanel/> }.into_any(),
                    Tab::Lessons => view! { <lessons::LessonsPanel/> }.into_any(),
                }}
            </div>
        </aside>
    }
}
