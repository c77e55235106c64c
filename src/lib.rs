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
pub mod screen;
pub mod store;
pub mod ui;
pub mod workspace;

use leptos::prelude::*;
use store::use_lab;

/// The whole page: a top bar, then the diagram and a side panel with tabs ([`workspace`]).
#[component]
pub fn App() -> impl IntoView {
    let store = keep::menu::provide_kept_lab();
    firing::provide_firing();
    reach::provide_reach();
    lessons::provide_lessons();
    ui::form::track_openers();
    let theme = move || if store.ui.dark.get() { "dark" } else { "light" };
    view! {
        <div class="app" data-theme=theme>
            <header class="topbar">
                <h1 class="brand">"SG Lab"</h1>
                <span class="tagline">"How AWS security groups and network ACLs decide traffic"</span>
                <span class="spacer"></span>
                <keep::menu::LabControls/>
                <ThemeToggle/>
            </header>
            <keep::dialogs::NoticeBar/>
            <workspace::Workspace/>
            // Verdicts as they come, for screen readers (`outcome::announcement`).
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
                {move || store.ui.announcement.get()}
            </p>
            <keep::dialogs::KeepDialogs/>
        </div>
    }
}

/// The theme: the one the user chose, kept in the browser, or else the system's,
/// followed while the page is open.
#[component]
fn ThemeToggle() -> impl IntoView {
    let store = use_lab();
    let dark = store.ui.dark;
    let chosen = RwSignal::new(match keep::browser::read(keep::browser::THEME_KEY).as_deref() {
        Some("dark") => Some(true),
        Some("light") => Some(false),
        _ => None,
    });
    let system_dark = screen::use_media_query("(prefers-color-scheme: dark)");
    let wanted = move || chosen.get().unwrap_or_else(|| system_dark.get());
    // At once, so the first frame has the right colours; then whenever either changes.
    dark.set(untrack(wanted));
    Effect::new(move |_| dark.set(wanted()));
    let choose = move |_| {
        let now = !dark.get_untracked();
        chosen.set(Some(now));
        // Not kept (storage off or full): the choice holds until the page is left.
        let _ = keep::browser::write(keep::browser::THEME_KEY, if now { "dark" } else { "light" });
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
            // Drawn, not a glyph: not every system's fonts have ☾ and ☀.
            {move || {
                if dark.get() {
                    view! {
                        <svg class="theme-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" data-icon="sun">
                            <circle cx="10" cy="10" r="3.6" fill="currentColor"></circle>
                            <path
                                d="M10 1.5v2.5M10 16v2.5M1.5 10H4M16 10h2.5M4 4l1.8 1.8M14.2 14.2 16 16M4 16l1.8-1.8M14.2 5.8 16 4"
                                stroke="currentColor"
                                stroke-width="1.7"
                                stroke-linecap="round"
                            ></path>
                        </svg>
                    }
                    .into_any()
                } else {
                    view! {
                        <svg class="theme-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" data-icon="moon">
                            <path d="M15.5 12.6A6.5 6.5 0 0 1 7.4 4.5a6.5 6.5 0 1 0 8.1 8.1z" fill="currentColor"></path>
                        </svg>
                    }
                    .into_any()
                }
            }}
        </button>
    }
}
