//! Where the words of fired connections go: each arrow's `#N`, and the packet's label
//! at the step it is at. Each is placed where it covers no word or icon of the
//! diagram, no other caption and, where it can, no line. Plain Rust.

use super::arrow::{Arrow, Drawn, Step, StepKind};
use super::route::distance;
use crate::diagram::labels::{ascent, descent, text_width, Face};
use crate::diagram::scene::Scene;
use crate::layout::{Point, Rect};
use sglab_engine::HopOutcome;

/// The `#N` badge of an arrow: wide enough for three digits.
pub const NUMBER_SIZE: (f64, f64) = (34.0, 18.0);
/// The packet's label: its font size.
pub const PACKET_FONT: f64 = 12.0;
/// The packet's dot, which its label keeps clear of.
const PACKET_RADIUS: f64 = 14.0;

/// What the packet's label says at a step.
pub fn step_label(kind: StepKind) -> String {
    match kind {
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
    }
}

/// The box of the packet's label for `text`, centred on `centre`.
fn label_box(text: &str, centre: Point) -> Rect {
    let width = text_width(text, PACKET_FONT, Face::SansBold) + 6.0;
    let height = ascent(PACKET_FONT) + descent(PACKET_FONT);
    Rect { x: centre.x - width / 2.0, y: centre.y - height / 2.0, width, height }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// Does `rect` cover a line? Segments near it are sampled every few units.
fn on_a_line(rect: &Rect, lines: &[&[Point]]) -> bool {
    lines.iter().any(|line| {
        line.windows(2).any(|s| {
            let span = Rect {
                x: s[0].x.min(s[1].x),
                y: s[0].y.min(s[1].y),
                width: (s[0].x - s[1].x).abs(),
                height: (s[0].y - s[1].y).abs(),
            };
            if !overlaps(&span.grow(1.0), rect) {
                return false;
            }
            let steps = (distance(s[0], s[1]) / 3.0).ceil().max(1.0) as usize;
            (0..=steps).any(|k| {
                let t = k as f64 / steps as f64;
                rect.contains(Point::new(s[0].x + (s[1].x - s[0].x) * t, s[0].y + (s[1].y - s[0].y) * t))
            })
        })
    })
}

/// The first box of `candidates` that covers nothing of the scene nor a taken box, and
/// if it can no line either.
fn first_free(candidates: &[Rect], scene: &Scene, taken: &[Rect], lines: &[&[Point]]) -> Option<Rect> {
    let clear_of_drawing = |r: &Rect| {
        let grown = r.grow(2.0);
        !scene.obstacles.iter().any(|o| overlaps(&o.shape.bounds(), &grown))
            && !taken.iter().any(|t| overlaps(t, &grown))
    };
    candidates
        .iter()
        .find(|r| clear_of_drawing(r) && !on_a_line(r, lines))
        .or_else(|| candidates.iter().find(|r| clear_of_drawing(r)))
        .copied()
}

/// Places every arrow's `#N`.
pub fn place(arrows: &mut [(usize, Arrow)], scene: &Scene) {
    let mut taken: Vec<Rect> = Vec::new();
    let lines: Vec<Vec<Point>> = arrows.iter().map(|(_, a)| a.drawn_line()).collect();
    let all_lines: Vec<&[Point]> = lines.iter().map(Vec::as_slice).collect();
    for ((_, arrow), line) in arrows.iter_mut().zip(&lines) {
        let path = super::arrow::Polyline::new(line.clone());
        let length = path.length();
        let (w, h) = NUMBER_SIZE;
        let mut candidates = Vec::new();
        for fraction in [0.5, 0.38, 0.62, 0.26, 0.74, 0.14, 0.86] {
            let at = path.point_at(length * fraction);
            let ahead = path.point_at((length * fraction + 4.0).min(length));
            let behind = path.point_at((length * fraction - 4.0).max(0.0));
            let (dx, dy) = (ahead.x - behind.x, ahead.y - behind.y);
            let norm = dx.hypot(dy).max(1e-6);
            let (nx, ny) = (-dy / norm, dx / norm);
            let off = (w * nx.abs() + h * ny.abs()) / 2.0 + 6.0;
            for side in [1.0, -1.0] {
                let c = Point::new(at.x + nx * off * side, at.y + ny * off * side);
                candidates.push(Rect { x: c.x - w / 2.0, y: c.y - h / 2.0, width: w, height: h });
            }
        }
        arrow.caption = first_free(&candidates, scene, &taken, &all_lines).or(candidates.first().copied());
        taken.extend(arrow.caption);
    }
}

/// Where the packet's label stands at `step` of the arrow at `index` of `drawn`, from the
/// packet: near it, clear of every word, icon and `#N`, and of the lines where it can.
/// Asked only for the step shown, not for every step of every arrow.
pub fn packet_label(drawn: &Drawn, index: usize, step: &Step) -> Point {
    let text = step_label(step.kind);
    let p = step.point;
    let width = text_width(&text, PACKET_FONT, Face::SansBold) + 6.0;
    let height = ascent(PACKET_FONT) + descent(PACKET_FONT);
    let reach_x = PACKET_RADIUS + 4.0 + width / 2.0;
    let reach_y = PACKET_RADIUS + 4.0 + height / 2.0;
    let offsets = [
        (0.0, -reach_y - 4.0),
        (0.0, reach_y + 4.0),
        (reach_x, 0.0),
        (-reach_x, 0.0),
        (reach_x, -reach_y),
        (-reach_x, -reach_y),
        (reach_x, reach_y),
        (-reach_x, reach_y),
        (0.0, -reach_y - 26.0),
        (0.0, reach_y + 26.0),
    ];
    let candidates: Vec<Rect> =
        offsets.iter().map(|(dx, dy)| label_box(&text, Point::new(p.x + dx, p.y + dy))).collect();
    let taken: Vec<Rect> = drawn.arrows.iter().filter_map(|(_, a)| a.caption).collect();
    let lines: Vec<Vec<Point>> =
        drawn.arrows.iter().filter(|(i, _)| *i == index).map(|(_, a)| a.drawn_line()).collect();
    let lines: Vec<&[Point]> = lines.iter().map(Vec::as_slice).collect();
    let chosen = first_free(&candidates, &drawn.scene, &taken, &lines).or(candidates.first().copied());
    chosen.map_or(Point::new(0.0, -27.0), |r| Point::new(r.x + r.width / 2.0 - p.x, r.y + r.height / 2.0 - p.y))
}
