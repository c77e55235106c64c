//! The network diagram: an SVG of the VPC, its internet gateway, subnets, resources and
//! the internet hosts, with drag, pan and zoom.

use crate::layout::Rect;
use crate::store::use_lab;
use leptos::prelude::*;

/// The diagram. Fired connections are drawn by [`crate::firing::FlowLayer`] inside the
/// same zoomed group, in the same coordinates.
#[component]
pub fn Diagram() -> impl IntoView {
    let store = use_lab();
    let view_box = move || {
        let Rect { x, y, width, height } = store.lab.with(|lab| lab.layout.bounds(&lab.network));
        format!("{x} {y} {width} {height}")
    };
    let summary = move || {
        store.lab.with(|lab| {
            let mut words: Vec<String> = lab.network.vpcs.iter().flat_map(|v| v.cidr_blocks.iter().map(|c| c.to_string())).collect();
            words.extend(lab.network.resources.iter().map(|r| r.name.clone()));
            words.join(", ")
        })
    };
    view! {
        <svg class="diagram" viewBox=view_box role="img" aria-label=summary data-testid="network-summary">
            <title>{summary}</title>
            <g class="content">
                <crate::firing::FlowLayer/>
            </g>
        </svg>
    }
}
