//! The diagram's icons: simple shapes of our own, centred on the origin, about 56
//! units across. Colours come from CSS classes so both themes can tune them.

use super::info::NodeKind;
use leptos::prelude::*;

/// The icon of a node of this kind.
pub fn node_icon(kind: NodeKind) -> AnyView {
    match kind {
        NodeKind::Ec2 => ec2().into_any(),
        NodeKind::Rds => rds().into_any(),
        NodeKind::Alb => alb().into_any(),
        NodeKind::Interface => interface().into_any(),
        NodeKind::Host => host().into_any(),
    }
}

/// An EC2 instance: a chip on an orange tile.
fn ec2() -> impl IntoView {
    view! {
        <g class="icon icon-ec2" aria-hidden="true">
            <rect class="tile" x="-24" y="-24" width="48" height="48" rx="8"></rect>
            <rect class="glyph-stroke" x="-11" y="-11" width="22" height="22" rx="2"></rect>
            <path
                class="glyph-stroke"
                d="M -6 -11 V -16 M 0 -11 V -16 M 6 -11 V -16 M -6 11 V 16 M 0 11 V 16 M 6 11 V 16 M -11 -6 H -16 M -11 0 H -16 M -11 6 H -16 M 11 -6 H 16 M 11 0 H 16 M 11 6 H 16"
            ></path>
        </g>
    }
}

/// An RDS database: a cylinder on a blue tile.
fn rds() -> impl IntoView {
    view! {
        <g class="icon icon-rds" aria-hidden="true">
            <rect class="tile" x="-24" y="-24" width="48" height="48" rx="8"></rect>
            <ellipse class="glyph-stroke" cx="0" cy="-10" rx="12" ry="4.5"></ellipse>
            <path class="glyph-stroke" d="M -12 -10 V 10 A 12 4.5 0 0 0 12 10 V -10 M -12 0 A 12 4.5 0 0 0 12 0"></path>
        </g>
    }
}

/// An Application Load Balancer: one line fanning out to three, on a purple tile.
fn alb() -> impl IntoView {
    view! {
        <g class="icon icon-alb" aria-hidden="true">
            <rect class="tile" x="-24" y="-24" width="48" height="48" rx="8"></rect>
            <circle class="glyph-stroke" cx="-9" cy="0" r="5"></circle>
            <path class="glyph-stroke" d="M -16 0 H -14 M -4 0 L 12 -11 M -4 0 H 12 M -4 0 L 12 11"></path>
            <circle class="glyph-fill" cx="13" cy="-11" r="2.5"></circle>
            <circle class="glyph-fill" cx="13" cy="0" r="2.5"></circle>
            <circle class="glyph-fill" cx="13" cy="11" r="2.5"></circle>
        </g>
    }
}

/// A network interface on its own: a small card with a port.
fn interface() -> impl IntoView {
    view! {
        <g class="icon icon-eni" aria-hidden="true">
            <rect class="tile" x="-20" y="-20" width="40" height="40" rx="8"></rect>
            <rect class="glyph-stroke" x="-10" y="-7" width="20" height="14" rx="2"></rect>
            <path class="glyph-stroke" d="M -5 7 V 11 M 0 7 V 11 M 5 7 V 11"></path>
        </g>
    }
}

/// A host on the internet: a laptop in a circle.
fn host() -> impl IntoView {
    view! {
        <g class="icon icon-host" aria-hidden="true">
            <circle class="tile" cx="0" cy="0" r="24"></circle>
            <rect class="glyph-stroke" x="-11" y="-9" width="22" height="14" rx="2"></rect>
            <path class="glyph-stroke" d="M -15 9 H 15"></path>
        </g>
    }
}

/// The internet gateway: a doorway with an arrow, on a purple tile.
pub fn gateway() -> impl IntoView {
    view! {
        <g class="icon icon-igw" aria-hidden="true">
            <rect class="tile" x="-22" y="-22" width="44" height="44" rx="8"></rect>
            <path class="glyph-stroke" d="M -9 -12 H 9 V 12 H -9 Z"></path>
            <path class="glyph-stroke" d="M -16 0 H 4 M -1 -5 L 4 0 L -1 5"></path>
        </g>
    }
}

/// A small globe, for the internet area's title.
pub fn globe(r: f64) -> impl IntoView {
    view! {
        <g class="icon-globe" aria-hidden="true">
            <circle cx="0" cy="0" r=r></circle>
            <ellipse cx="0" cy="0" rx=r * 0.45 ry=r></ellipse>
            <path d=format!("M {} 0 H {r}", -r)></path>
        </g>
    }
}
