//! Pan and zoom as plain numbers: a point of the diagram is drawn on screen at
//! `diagram * k + (x, y)`, in pixels from the canvas's top-left corner.

use crate::layout::{Point, Rect};

/// The smallest and largest zoom factors. Small enough that fit to view shows a lab of
/// a few thousand resources whole.
pub const MIN_ZOOM: f64 = 0.03;
pub const MAX_ZOOM: f64 = 4.0;
/// How much one press of + or − zooms.
pub const ZOOM_STEP: f64 = 1.25;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub k: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport { x: 0.0, y: 0.0, k: 1.0 }
    }
}

impl Viewport {
    /// The viewport that shows all of `bounds` centred in a canvas of this size, never
    /// zoomed in beyond 1.5.
    pub fn fit(bounds: Rect, width: f64, height: f64) -> Viewport {
        if !(width > 1.0 && height > 1.0 && bounds.width > 0.0 && bounds.height > 0.0) {
            return Viewport { x: -bounds.x, y: -bounds.y, k: 1.0 };
        }
        let k = (width / bounds.width).min(height / bounds.height).clamp(MIN_ZOOM, 1.5);
        let x = (width - bounds.width * k) / 2.0 - bounds.x * k;
        let y = (height - bounds.height * k) / 2.0 - bounds.y * k;
        Viewport { x, y, k }
    }

    /// The diagram point under a screen point.
    pub fn to_diagram(&self, screen: Point) -> Point {
        Point::new((screen.x - self.x) / self.k, (screen.y - self.y) / self.k)
    }

    /// Zooms by `factor`, keeping the diagram point under `screen` where it is.
    pub fn zoom_at(&self, screen: Point, factor: f64) -> Viewport {
        if !factor.is_finite() || factor <= 0.0 {
            return *self;
        }
        let k = (self.k * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let anchor = self.to_diagram(screen);
        Viewport { x: screen.x - anchor.x * k, y: screen.y - anchor.y * k, k }
    }

    /// The viewport at zoom `k` with the diagram point `p` in the middle of a canvas of
    /// this size: "zoom to a resource".
    pub fn centred_on(p: Point, width: f64, height: f64, k: f64) -> Viewport {
        let k = if k.is_finite() { k.clamp(MIN_ZOOM, MAX_ZOOM) } else { 1.0 };
        Viewport { x: width / 2.0 - p.x * k, y: height / 2.0 - p.y * k, k }
    }

    /// Moved by a number of screen pixels.
    pub fn panned(&self, dx: f64, dy: f64) -> Viewport {
        Viewport { x: self.x + dx, y: self.y + dy, k: self.k }
    }

    /// Two fingers moved from `before` to `after` (screen points): zoomed by how far
    /// apart they went, about where they started, and moved with their midpoint, so the
    /// diagram points under the fingers stay under them.
    pub fn pinched(&self, before: (Point, Point), after: (Point, Point)) -> Viewport {
        let span = |(a, b): (Point, Point)| (a.x - b.x).hypot(a.y - b.y);
        let middle = |(a, b): (Point, Point)| Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
        let (from, to) = (middle(before), middle(after));
        let factor = if span(before) > 1.0 { span(after) / span(before) } else { 1.0 };
        self.zoom_at(from, factor).panned(to.x - from.x, to.y - from.y)
    }

    /// The SVG transform of the content group.
    pub fn transform(&self) -> String {
        format!("translate({:.2} {:.2}) scale({:.4})", self.x, self.y, self.k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_centres_the_bounds_in_the_canvas() {
        let b = Rect { x: 100.0, y: 50.0, width: 400.0, height: 200.0 };
        let v = Viewport::fit(b, 800.0, 800.0);
        assert!((v.k - 1.5).abs() < 1e-9);
        let centre = v.to_diagram(Point::new(400.0, 400.0));
        assert!((centre.x - 300.0).abs() < 1e-9 && (centre.y - 150.0).abs() < 1e-9);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let v = Viewport { x: 30.0, y: -20.0, k: 0.8 };
        let screen = Point::new(250.0, 170.0);
        let before = v.to_diagram(screen);
        let after = v.zoom_at(screen, 1.7).to_diagram(screen);
        assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
    }

    #[test]
    fn centred_on_puts_the_point_in_the_middle_of_the_canvas() {
        let p = Point::new(4200.0, 3100.0);
        let v = Viewport::centred_on(p, 900.0, 640.0, 1.2);
        let middle = v.to_diagram(Point::new(450.0, 320.0));
        assert!((middle.x - p.x).abs() < 1e-9 && (middle.y - p.y).abs() < 1e-9);
        assert!((v.k - 1.2).abs() < 1e-12);
        assert_eq!(Viewport::centred_on(p, 900.0, 640.0, 1e9).k, MAX_ZOOM);
        assert_eq!(Viewport::centred_on(p, 900.0, 640.0, f64::NAN).k, 1.0);
    }

    #[test]
    fn fit_shows_a_large_lab_whole() {
        // About the size of an imported lab of a thousand interfaces.
        let b = Rect { x: 0.0, y: 0.0, width: 9000.0, height: 7000.0 };
        let v = Viewport::fit(b, 900.0, 640.0);
        let (top_left, bottom_right) = (v.to_diagram(Point::new(0.0, 0.0)), v.to_diagram(Point::new(900.0, 640.0)));
        assert!(top_left.x <= b.x && top_left.y <= b.y);
        assert!(bottom_right.x >= b.x + b.width && bottom_right.y >= b.y + b.height);
    }

    #[test]
    fn a_pinch_keeps_the_points_under_the_fingers() {
        let v = Viewport { x: 10.0, y: 20.0, k: 0.5 };
        let before = (Point::new(100.0, 100.0), Point::new(200.0, 100.0));
        let after = (Point::new(60.0, 150.0), Point::new(260.0, 150.0));
        let pinched = v.pinched(before, after);
        assert!((pinched.k - 1.0).abs() < 1e-9, "twice as far apart: twice the zoom");
        for (b, a) in [(before.0, after.0), (before.1, after.1)] {
            let under = v.to_diagram(b);
            let now = pinched.to_diagram(a);
            assert!((under.x - now.x).abs() < 1e-9 && (under.y - now.y).abs() < 1e-9);
        }
        // Two fingers on one spot do not zoom.
        let same = (Point::new(5.0, 5.0), Point::new(5.0, 5.0));
        assert_eq!(v.pinched(same, (Point::new(5.0, 5.0), Point::new(50.0, 5.0))).k, v.k);
    }

    #[test]
    fn zoom_is_bounded_and_ignores_nonsense() {
        let v = Viewport::default();
        assert_eq!(v.zoom_at(Point::new(0.0, 0.0), 1e9).k, MAX_ZOOM);
        assert_eq!(v.zoom_at(Point::new(0.0, 0.0), f64::NAN), v);
        assert_eq!(Viewport::fit(Rect::default(), 0.0, 0.0).k, 1.0);
    }
}
