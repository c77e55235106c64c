//! Routing an arrow around what the diagram draws: a shortest path on a grid over the
//! part of the drawing between the two ends (A*, eight directions), that never enters
//! a word and crosses no icon but those of its own ends and the gateway it passes,
//! straightened into as few segments as keep clear. Arrows between the same two ends
//! keep apart: each one avoids the lines of those routed before it. Plain Rust.

use crate::diagram::scene::{Owner, Scene, Shape};
use crate::layout::{Point, Rect};
use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{Hash, Hasher};

/// The grid's cell, in diagram units: fine for a short leg, coarser for a long one so
/// a route across a large lab stays a few thousand cells.
const CELL: f64 = 5.0;
const MAX_CELL: f64 = 24.0;
/// About how many cells a leg's straight line spans.
const CELLS_ALONG: f64 = 120.0;
/// How much room around the two ends the search may use before it tries the whole drawing.
const WINDOW_MARGIN: f64 = 180.0;
/// How far a line keeps from words and icons.
pub const CLEARANCE: f64 = 5.0;
/// How far apart arrows between the same two ends run.
pub const PARALLEL_GAP: f64 = 16.0;
/// A step that runs along an obstacle costs more, so lines keep a little air around words.
const HUG_COST: f64 = 0.6;
/// A step on or near a line an arrow should keep apart from.
const AVOID_COST: f64 = 6.0;

/// One end or stop of a route, and whose icon it is (the route may cross that icon).
#[derive(Clone, Debug, PartialEq)]
pub struct Waypoint {
    pub point: Point,
    pub owner: Option<Owner>,
}

/// The route through `waypoints`, in order, keeping `PARALLEL_GAP` from the `avoid` lines
/// where it can. Always a line from the first waypoint to the last.
pub fn route(scene: &Scene, waypoints: &[Waypoint], avoid: &[Vec<Point>]) -> Vec<Point> {
    RouteCache::default().route(scene, waypoints, avoid)
}

/// Routes already found, by what they depend on: the waypoints, the lines to keep
/// apart from, and what is drawn near them. A rule edit moves nothing, so every route
/// is found here; a drop routes again only the legs near where the node was and is.
#[derive(Default)]
pub struct RouteCache {
    /// Each leg's route, and the sweep it was last asked for in.
    legs: HashMap<u64, (Vec<Point>, u64)>,
    sweeps: u64,
    /// The last scene built, by the version it was built for.
    scene: Option<(u64, Scene)>,
}

/// How many drawings a route is kept for unasked: an undo or a redo a few steps back
/// finds its routes still there.
const KEPT_FOR: u64 = 32;

impl RouteCache {
    /// The scene of `version`, built by `build` unless it is the one kept.
    pub fn scene(&mut self, version: Option<u64>, build: impl FnOnce() -> Scene) -> Scene {
        match (&self.scene, version) {
            (Some((kept, scene)), Some(version)) if *kept == version => scene.clone(),
            _ => {
                let scene = build();
                self.scene = version.map(|v| (v, scene.clone()));
                scene
            }
        }
    }

    /// Like [`route`], from the cache where it can.
    pub fn route(&mut self, scene: &Scene, waypoints: &[Waypoint], avoid: &[Vec<Point>]) -> Vec<Point> {
        let mut points: Vec<Point> = Vec::new();
        for pair in waypoints.windows(2) {
            let own: Vec<&Owner> = pair.iter().filter_map(|w| w.owner.as_ref()).collect();
            let (a, b) = (pair[0].point, pair[1].point);
            let key = leg_key(scene, a, b, &own, avoid);
            let entry = self.legs.entry(key).or_insert_with(|| (route_leg(scene, a, b, &own, avoid), 0));
            entry.1 = self.sweeps;
            let leg = entry.0.clone();
            let skip = usize::from(!points.is_empty());
            points.extend(leg.into_iter().skip(skip));
        }
        points
    }

    /// Ends a drawing: forgets the routes not asked for in the last [`KEPT_FOR`] drawings.
    pub fn sweep(&mut self) {
        let now = self.sweeps;
        self.legs.retain(|_, (_, used)| now - *used < KEPT_FOR);
        self.sweeps += 1;
    }
}

/// What a leg's route depends on, hashed: its ends and owners, the lines it keeps apart
/// from, and every obstacle in reach of its first search window.
fn leg_key(scene: &Scene, a: Point, b: Point, own: &[&Owner], avoid: &[Vec<Point>]) -> u64 {
    let mut hasher = DefaultHasher::new();
    let point = |p: Point, h: &mut DefaultHasher| {
        p.x.to_bits().hash(h);
        p.y.to_bits().hash(h);
    };
    point(a, &mut hasher);
    point(b, &mut hasher);
    own.hash(&mut hasher);
    for line in avoid {
        line.len().hash(&mut hasher);
        for p in line {
            point(*p, &mut hasher);
        }
    }
    // Summed, so the order the scene lists its obstacles in (a map's) does not matter.
    let reach = window_of(a, b).grow(CLEARANCE + 3.0 * MAX_CELL);
    let mut near: u64 = 0;
    for obstacle in scene.near(&reach) {
        let bounds = obstacle.shape.bounds();
        if overlaps(&bounds, &reach) {
            let mut one = DefaultHasher::new();
            for v in [bounds.x, bounds.y, bounds.width, bounds.height] {
                v.to_bits().hash(&mut one);
            }
            obstacle.text.hash(&mut one);
            obstacle.owner.hash(&mut one);
            near = near.wrapping_add(one.finish());
        }
    }
    near.hash(&mut hasher);
    // The fallback searches the whole drawing.
    for v in [scene.bounds.x, scene.bounds.y, scene.bounds.width, scene.bounds.height] {
        v.to_bits().hash(&mut hasher);
    }
    hasher.finish()
}

fn window_of(a: Point, b: Point) -> Rect {
    Rect { x: a.x.min(b.x), y: a.y.min(b.y), width: (a.x - b.x).abs(), height: (a.y - b.y).abs() }.grow(WINDOW_MARGIN)
}

/// A grid over part of the drawing: which cells are blocked and what a step into each costs.
struct Grid {
    cell: f64,
    origin: Point,
    cols: usize,
    rows: usize,
    blocked: Vec<bool>,
    cost: Vec<f64>,
    /// Cells near a line to keep apart from: a straightened segment may not cross them.
    avoided: Vec<bool>,
}

impl Grid {
    fn new(scene: &Scene, window: Rect, cell: f64, own: &[&Owner], avoid: &[Vec<Point>]) -> Grid {
        let cols = (window.width / cell).ceil().max(1.0) as usize + 1;
        let rows = (window.height / cell).ceil().max(1.0) as usize + 1;
        let mut grid = Grid {
            cell,
            origin: Point::new(window.x, window.y),
            cols,
            rows,
            blocked: vec![false; cols * rows],
            cost: vec![1.0; cols * rows],
            avoided: vec![false; cols * rows],
        };
        let near = window.grow(CLEARANCE + cell);
        // A cell is blocked when any part of it comes within the clearance (not only
        // its centre): however coarse the grid, no route slips through a word.
        let reach = CLEARANCE + cell * std::f64::consts::FRAC_1_SQRT_2;
        for obstacle in scene.near(&near) {
            let passable = !obstacle.text && obstacle.owner.as_ref().is_some_and(|o| own.contains(&o));
            if passable {
                continue;
            }
            grid.mark(&obstacle.shape, reach, |g, i| g.blocked[i] = true);
            grid.mark(&obstacle.shape, reach + 2.0 * cell, |g, i| g.cost[i] += HUG_COST);
        }
        for line in avoid {
            for segment in line.windows(2) {
                let (a, b) = (segment[0], segment[1]);
                let steps = (distance(a, b) / (cell / 2.0)).ceil().max(1.0) as usize;
                for s in 0..=steps {
                    let t = s as f64 / steps as f64;
                    let p = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
                    grid.mark(&Shape::Disc { centre: p, radius: 0.0 }, PARALLEL_GAP * 0.8, |g, i| {
                        if !g.avoided[i] {
                            g.avoided[i] = true;
                            g.cost[i] += AVOID_COST;
                        }
                    });
                }
            }
        }
        grid
    }

    /// Calls `f` for every cell whose centre is within `margin` of the shape.
    fn mark(&mut self, shape: &Shape, margin: f64, mut f: impl FnMut(&mut Grid, usize)) {
        let b = shape.bounds().grow(margin);
        let (c0, r0) = self.cell_of(Point::new(b.x, b.y));
        let (c1, r1) = self.cell_of(Point::new(b.x + b.width, b.y + b.height));
        for r in r0..=r1 {
            for c in c0..=c1 {
                if shape.near(self.centre(c, r), margin) {
                    f(self, r * self.cols + c);
                }
            }
        }
    }

    fn cell_of(&self, p: Point) -> (usize, usize) {
        let c = ((p.x - self.origin.x) / self.cell).round().clamp(0.0, (self.cols - 1) as f64) as usize;
        let r = ((p.y - self.origin.y) / self.cell).round().clamp(0.0, (self.rows - 1) as f64) as usize;
        (c, r)
    }

    fn centre(&self, c: usize, r: usize) -> Point {
        Point::new(self.origin.x + c as f64 * self.cell, self.origin.y + r as f64 * self.cell)
    }

    /// A* from one cell to another; the cells of the path, or `None`.
    fn search(&self, from: (usize, usize), to: (usize, usize)) -> Option<Vec<(usize, usize)>> {
        let index = |(c, r): (usize, usize)| r * self.cols + c;
        let heuristic = |(c, r): (usize, usize)| {
            let (dx, dy) = ((c as f64 - to.0 as f64).abs(), (r as f64 - to.1 as f64).abs());
            dx.max(dy) + (std::f64::consts::SQRT_2 - 1.0) * dx.min(dy)
        };
        let mut best = vec![f64::INFINITY; self.cols * self.rows];
        let mut came = vec![usize::MAX; self.cols * self.rows];
        let mut open = BinaryHeap::new();
        best[index(from)] = 0.0;
        open.push(Open { f: heuristic(from), g: 0.0, cell: from });
        while let Some(Open { g, cell, .. }) = open.pop() {
            if cell == to {
                let mut path = vec![cell];
                let mut at = index(cell);
                while came[at] != usize::MAX {
                    at = came[at];
                    path.push((at % self.cols, at / self.cols));
                }
                path.reverse();
                return Some(path);
            }
            if g > best[index(cell)] {
                continue;
            }
            for (dc, dr) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)] {
                let (c, r) = (cell.0 as i64 + dc, cell.1 as i64 + dr);
                if c < 0 || r < 0 || c >= self.cols as i64 || r >= self.rows as i64 {
                    continue;
                }
                let next = (c as usize, r as usize);
                let i = index(next);
                if self.blocked[i] && next != to {
                    continue;
                }
                let step = if dc != 0 && dr != 0 { std::f64::consts::SQRT_2 } else { 1.0 };
                let g = g + step * self.cost[i];
                if g < best[i] {
                    best[i] = g;
                    came[i] = index(cell);
                    open.push(Open { f: g + heuristic(next), g, cell: next });
                }
            }
        }
        None
    }

    /// Does the straight segment keep clear of everything blocked or avoided?
    fn clear(&self, a: Point, b: Point) -> bool {
        let steps = (distance(a, b) / (self.cell / 2.0)).ceil().max(1.0) as usize;
        (0..=steps).all(|s| {
            let t = s as f64 / steps as f64;
            let (c, r) = self.cell_of(Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t));
            let i = r * self.cols + c;
            !self.blocked[i] && !self.avoided[i]
        })
    }
}

#[derive(PartialEq)]
struct Open {
    f: f64,
    g: f64,
    cell: (usize, usize),
}

impl Eq for Open {}

impl Ord for Open {
    fn cmp(&self, other: &Self) -> Ordering {
        // Smallest f first (BinaryHeap is a max-heap); ties to the larger g, nearer the goal.
        other.f.total_cmp(&self.f).then(self.g.total_cmp(&other.g))
    }
}

impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height
}

pub fn distance(a: Point, b: Point) -> f64 {
    (b.x - a.x).hypot(b.y - a.y)
}

/// One leg, from `a` to `b`: searched near the two first, then over the whole drawing;
/// a straight line if nothing is clear.
fn route_leg(scene: &Scene, a: Point, b: Point, own: &[&Owner], avoid: &[Vec<Point>]) -> Vec<Point> {
    let near = window_of(a, b);
    let whole = scene.bounds.union(&near.grow(-WINDOW_MARGIN)).grow(MAX_CELL * 4.0);
    let cell = (distance(a, b) / CELLS_ALONG).clamp(CELL, MAX_CELL);
    for window in [near, whole] {
        let grid = Grid::new(scene, window, cell, own, avoid);
        let (from, to) = (grid.cell_of(a), grid.cell_of(b));
        if let Some(cells) = grid.search(from, to) {
            let mut points: Vec<Point> = cells.into_iter().map(|(c, r)| grid.centre(c, r)).collect();
            if let Some(first) = points.first_mut() {
                *first = a;
            }
            if let Some(last) = points.last_mut() {
                *last = b;
            }
            return straighten(&grid, &points);
        }
    }
    vec![a, b]
}

/// The fewest points of `path` that keep every segment clear: from each point, on to the
/// farthest one it sees.
fn straighten(grid: &Grid, path: &[Point]) -> Vec<Point> {
    let Some(&first) = path.first() else { return Vec::new() };
    let mut out = vec![first];
    let mut i = 0;
    while i + 1 < path.len() {
        let mut j = path.len() - 1;
        while j > i + 1 && !grid.clear(path[i], path[j]) {
            j -= 1;
        }
        out.push(path[j]);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::scene::Obstacle;

    fn words(rect: Rect) -> Obstacle {
        Obstacle { shape: Shape::Box(rect), text: true, owner: None }
    }

    fn scene(obstacles: Vec<Obstacle>) -> Scene {
        Scene::new(obstacles, Rect { x: 0.0, y: 0.0, width: 400.0, height: 300.0 })
    }

    fn end(x: f64, y: f64) -> Waypoint {
        Waypoint { point: Point::new(x, y), owner: None }
    }

    fn samples(points: &[Point]) -> Vec<Point> {
        let mut out = Vec::new();
        for s in points.windows(2) {
            for k in 0..=50 {
                let t = f64::from(k) / 50.0;
                out.push(Point::new(s[0].x + (s[1].x - s[0].x) * t, s[0].y + (s[1].y - s[0].y) * t));
            }
        }
        out
    }

    #[test]
    fn an_open_field_is_one_straight_segment() {
        let line = route(&scene(vec![]), &[end(20.0, 20.0), end(300.0, 200.0)], &[]);
        assert_eq!(line, vec![Point::new(20.0, 20.0), Point::new(300.0, 200.0)]);
    }

    #[test]
    fn a_line_goes_around_words_in_its_way_with_room_to_spare() {
        let label = Rect { x: 150.0, y: 80.0, width: 100.0, height: 40.0 };
        let line = route(&scene(vec![words(label)]), &[end(50.0, 100.0), end(350.0, 100.0)], &[]);
        assert!(line.len() >= 3, "it bends: {line:?}");
        assert!(samples(&line).iter().all(|p| !label.grow(CLEARANCE - 1.0).contains(*p)), "{line:?}");
        assert_eq!(line.first(), Some(&Point::new(50.0, 100.0)));
        assert_eq!(line.last(), Some(&Point::new(350.0, 100.0)));
    }

    #[test]
    fn a_line_crosses_its_own_ends_icons_and_no_other() {
        let owner = Owner::Gateway("vpc-1".into());
        let icons = vec![
            Obstacle {
                shape: Shape::Disc { centre: Point::new(50.0, 100.0), radius: 30.0 },
                text: false,
                owner: Some(owner.clone()),
            },
            Obstacle {
                shape: Shape::Disc { centre: Point::new(200.0, 100.0), radius: 30.0 },
                text: false,
                owner: None,
            },
        ];
        let line = route(
            &scene(icons),
            &[Waypoint { point: Point::new(50.0, 100.0), owner: Some(owner) }, end(350.0, 100.0)],
            &[],
        );
        let other = Point::new(200.0, 100.0);
        assert!(samples(&line).iter().all(|p| distance(*p, other) > 30.0 + CLEARANCE - 1.0), "{line:?}");
    }

    #[test]
    fn a_second_line_between_the_same_ends_runs_apart_from_the_first() {
        let scene = scene(vec![]);
        let ends = [end(40.0, 150.0), end(360.0, 150.0)];
        let first = route(&scene, &ends, &[]);
        let second = route(&scene, &ends, std::slice::from_ref(&first));
        let middle = Polyline(second.clone()).at_half();
        assert!((middle.y - 150.0).abs() >= PARALLEL_GAP * 0.7, "{second:?}");
    }

    #[test]
    fn a_route_is_found_again_in_the_cache_whatever_order_the_scene_lists_its_obstacles_in() {
        let boxes = [
            Rect { x: 150.0, y: 80.0, width: 100.0, height: 40.0 },
            Rect { x: 60.0, y: 200.0, width: 50.0, height: 20.0 },
        ];
        let ends = [end(50.0, 100.0), end(350.0, 100.0)];
        let mut cache = RouteCache::default();
        let first = cache.route(&scene(boxes.iter().map(|r| words(*r)).collect()), &ends, &[]);
        cache.sweep();
        assert_eq!(cache.legs.len(), 1);
        let again = cache.route(&scene(boxes.iter().rev().map(|r| words(*r)).collect()), &ends, &[]);
        assert_eq!(again, first);
        assert_eq!(cache.legs.len(), 1, "no second route was searched");
    }

    struct Polyline(Vec<Point>);

    impl Polyline {
        fn at_half(&self) -> Point {
            let total: f64 = self.0.windows(2).map(|s| distance(s[0], s[1])).sum();
            let mut left = total / 2.0;
            for s in self.0.windows(2) {
                let d = distance(s[0], s[1]);
                if left <= d {
                    let t = left / d;
                    return Point::new(s[0].x + (s[1].x - s[0].x) * t, s[0].y + (s[1].y - s[0].y) * t);
                }
                left -= d;
            }
            self.0[0]
        }
    }
}
