//! The Details tab: what is selected on the diagram, its interfaces and their
//! security groups (attach, detach), and adding or removing resources.

use leptos::prelude::*;

#[component]
pub fn DetailsPanel() -> impl IntoView {
    view! { <section class="panel details"><p class="hint">"Select a resource on the diagram."</p></section> }
}
