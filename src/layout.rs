//! Where things are drawn. The diagram's geometry is kept apart from the network: a
//! resource's position is layout, not AWS state, so moving it is never an AWS edit.
//!
//! Coordinates are SVG user units. The internet is a column on the left, the VPC a box
//! to its right with its internet gateway on its left edge, subnets are boxes inside
//! the VPC, and resources sit inside their subnet.
//!
//! A lab imported from a real account holds hundreds of resources: a subnet's box is
//! sized for what it holds (a grid of cells, one resource each, about as wide as a
//! screen is), its boxes stand in rows that never overlap, and each VPC's rows are kept
//! together so its box goes around its own subnets only. The chapter's picture — one
//! resource in a default box — is kept exactly.

use crate::diagram::labels::Extent;
use crate::diagram::scene::HEADER_HEIGHT;
use serde::{Deserialize, Serialize};
use sglab_engine::{Network, Subnet};
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn center(&self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.width && p.y >= self.y && p.y <= self.y + self.height
    }

    /// The point inside the rect, `margin` from its edges, nearest to `p`.
    pub fn clamp(&self, p: Point, margin: f64) -> Point {
        let clamp = |v: f64, lo: f64, hi: f64| if lo > hi { (lo + hi) / 2.0 } else { v.clamp(lo, hi) };
        Point::new(
            clamp(p.x, self.x + margin, self.x + self.width - margin),
            clamp(p.y, self.y + margin, self.y + self.height - margin),
        )
    }

    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        let right = (self.x + self.width).max(other.x + other.width);
        let bottom = (self.y + self.height).max(other.y + other.height);
        Rect { x, y, width: right - x, height: bottom - y }
    }

    pub fn grow(&self, by: f64) -> Rect {
        Rect { x: self.x - by, y: self.y - by, width: self.width + 2.0 * by, height: self.height + 2.0 * by }
    }
}

/// Sizes of the drawing, in SVG units.
pub const SUBNET_WIDTH: f64 = 360.0;
pub const SUBNET_HEIGHT: f64 = 190.0;
pub const SUBNET_GAP: f64 = 40.0;
pub const VPC_PADDING: f64 = 48.0;
pub const NODE_RADIUS: f64 = 30.0;
/// Where the VPC's left edge (and its internet gateway) stands.
pub const VPC_LEFT: f64 = 340.0;
pub const VPC_TOP: f64 = 60.0;
pub const INTERNET_X: f64 = 90.0;
/// Where the one resource of a subnet box of the default size stands, from the box's
/// left edge: the chapter's picture, which saved labs and lessons know.
const FIRST_SLOT_X: f64 = 80.0;
/// A subnet with more resources grows into a grid of cells this big: wide enough for a
/// node's name, its public address and three security group badges side by side, tall
/// enough for the labels under its icon.
pub const CELL_WIDTH: f64 = 170.0;
pub const CELL_HEIGHT: f64 = 170.0;
/// Above the first row of cells: the subnet's marker, name and CIDR.
const GRID_TOP: f64 = 50.0;
const GRID_SIDE: f64 = 10.0;
const GRID_BOTTOM: f64 = 10.0;
/// How far below its cell's top a node's centre stands; its labels hang beneath it,
/// two rows of security group badges at most.
const NODE_IN_CELL: f64 = 42.0;
/// Where the one resource of a default box stands, below the box's top: under the
/// header, with its ring, addresses and a row of badges inside the box.
const FIRST_SLOT_Y: f64 = 82.0;
/// Width over height that a grown subnet, and the rows of subnets, aim for: a screen's.
const ASPECT: f64 = 1.6;
/// Rows of subnets of different VPCs stand further apart, so the VPC boxes drawn
/// around them do not overlap.
const VPC_GAP: f64 = SUBNET_GAP + 2.0 * VPC_PADDING;

/// A thing drawn as a node: a resource (EC2, RDS, ALB), an interface that belongs to
/// no resource, or a host on the internet. Keyed by a string so the layout serializes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeKey {
    Resource(String),
    Interface(String),
    Host(String),
}

/// The diagram's geometry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub subnets: BTreeMap<String, Rect>,
    pub nodes: BTreeMap<NodeKey, Point>,
}

/// The cells of a subnet box, in reading order, where its resources are placed.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Grid {
    left: f64,
    top: f64,
    step_x: f64,
    step_y: f64,
    cols: usize,
    rows: usize,
}

impl Grid {
    fn of(rect: &Rect) -> Grid {
        let top = rect.y + GRID_TOP;
        if rect.height <= SUBNET_HEIGHT {
            // The default box holds one resource, where the chapter draws it; a second
            // one makes it a grid of full cells, so labels never run into each other.
            let top = rect.y + FIRST_SLOT_Y - NODE_IN_CELL;
            return Grid { left: rect.x, top, step_x: 2.0 * FIRST_SLOT_X, step_y: CELL_HEIGHT, cols: 1, rows: 1 };
        }
        let fit = |room: f64, step: f64| ((room + 0.5) / step).floor().max(0.0) as usize;
        Grid {
            left: rect.x + GRID_SIDE,
            top,
            step_x: CELL_WIDTH,
            step_y: CELL_HEIGHT,
            cols: fit(rect.width - 2.0 * GRID_SIDE, CELL_WIDTH).max(1),
            rows: fit(rect.height - GRID_TOP - GRID_BOTTOM, CELL_HEIGHT),
        }
    }

    fn slot(&self, index: usize) -> Point {
        let (col, row) = (index % self.cols, index / self.cols);
        Point::new(self.left + self.step_x * (col as f64 + 0.5), self.top + NODE_IN_CELL + self.step_y * row as f64)
    }

    /// The cell a point stands in, counting rows below the grid too (they are cells
    /// once the box grows); `None` beside the columns or above the first row.
    fn cell_of(&self, p: Point) -> Option<usize> {
        let col = ((p.x - self.left) / self.step_x).floor();
        let row = ((p.y - self.top) / self.step_y).floor();
        let inside = col >= 0.0 && row >= 0.0 && col < self.cols as f64 && row < 1e6;
        inside.then(|| row as usize * self.cols + col as usize)
    }
}

fn grid_width(cols: usize) -> f64 {
    (2.0 * GRID_SIDE + cols as f64 * CELL_WIDTH).max(SUBNET_WIDTH)
}

fn grid_height(rows: usize) -> f64 {
    GRID_TOP + rows as f64 * CELL_HEIGHT + GRID_BOTTOM
}

/// The box a new subnet gets for `count` resources: the default one for one, else a
/// grid at least two cells wide and about [`ASPECT`] times as wide as it is high.
fn subnet_size(count: usize) -> (f64, f64) {
    if count <= 1 {
        return (SUBNET_WIDTH, SUBNET_HEIGHT);
    }
    let cols = ((count as f64 * ASPECT * CELL_HEIGHT / CELL_WIDTH).sqrt().round() as usize).clamp(2, count);
    (grid_width(cols), grid_height(count.div_ceil(cols)))
}

/// A subnet's VPC and whether it is public: the rows of the diagram hold one kind.
type Kind<'a> = (&'a str, bool);

/// A row of subnet boxes: they share their top edge.
#[derive(Clone, Debug)]
struct Row {
    top: f64,
    bottom: f64,
    right: f64,
    ids: Vec<String>,
    vpc: String,
    public: bool,
}

fn gap_between(a: &str, b: &str) -> f64 {
    if a == b {
        SUBNET_GAP
    } else {
        VPC_GAP
    }
}

impl Layout {
    /// A layout for a network: subnets in rows inside their VPC (public ones first),
    /// each as big as its resources need, resources in a grid inside their subnet,
    /// internet hosts on the left.
    pub fn for_network(network: &Network) -> Layout {
        let mut layout = Layout::default();
        layout.sync(network);
        layout
    }

    /// Keeps the layout in step with the network: places what is new, forgets what is
    /// gone, leaves everything else where the user put it. A subnet too small for its
    /// resources grows downwards, and the rows below it move down with what they hold.
    /// Linear in the number of nodes: it runs after every edit of a large lab.
    pub fn sync(&mut self, network: &Network) {
        let subnet_ids: HashSet<&str> = network.subnets.iter().map(|s| s.id.as_str()).collect();
        self.subnets.retain(|id, _| subnet_ids.contains(id.as_str()));

        let wanted: Vec<(NodeKey, Option<String>)> = node_keys(network);
        let wanted_keys: HashSet<&NodeKey> = wanted.iter().map(|(k, _)| k).collect();
        self.nodes.retain(|key, _| wanted_keys.contains(key));
        let mut members: HashMap<&str, Vec<&NodeKey>> = HashMap::new();
        for (key, subnet) in &wanted {
            if let Some(subnet) = subnet.as_deref().filter(|s| subnet_ids.contains(s)) {
                members.entry(subnet).or_default().push(key);
            }
        }
        let kinds: HashMap<&str, Kind> =
            network.subnets.iter().map(|s| (s.id.as_str(), (s.vpc_id.as_str(), is_public(network, s)))).collect();

        let row_limit = self.row_limit(network, &members);
        let mut ordered: Vec<&Subnet> = network.subnets.iter().collect();
        // Public subnets first: they face the internet on the left.
        ordered.sort_by_key(|s| !kinds.get(s.id.as_str()).is_some_and(|k| k.1));
        for subnet in ordered {
            let id = subnet.id.as_str();
            if self.subnets.contains_key(id) {
                continue;
            }
            let kind = kinds.get(id).copied().unwrap_or((subnet.vpc_id.as_str(), false));
            let size = subnet_size(members.get(id).map_or(0, Vec::len));
            let rect = self.place_subnet(&kinds, &members, kind, size, row_limit);
            self.subnets.insert(id.to_owned(), rect);
        }

        for subnet in &network.subnets {
            self.make_room(subnet.id.as_str(), members.get(subnet.id.as_str()).map_or(&[][..], Vec::as_slice));
        }
        // Each resource's ring and labels, measured once for the two steps that need them.
        let extents: HashMap<NodeKey, Extent> =
            crate::diagram::info::node_infos(network).iter().map(|(k, i)| (k.clone(), Extent::of(i))).collect();
        self.make_room_for_labels(&members, &extents);
        self.settle_rows(&kinds, &members);

        for subnet in &network.subnets {
            let (Some(rect), Some(keys)) =
                (self.subnets.get(subnet.id.as_str()).copied(), members.get(subnet.id.as_str()))
            else {
                continue;
            };
            let grid = Grid::of(&rect);
            let mut taken: HashSet<usize> =
                keys.iter().filter_map(|k| self.nodes.get(*k)).filter_map(|p| grid.cell_of(*p)).collect();
            let mut next = 0;
            for key in keys {
                if self.nodes.contains_key(*key) {
                    continue;
                }
                while taken.contains(&next) {
                    next += 1;
                }
                taken.insert(next);
                self.nodes.insert((*key).clone(), grid.slot(next));
            }
        }

        self.keep_labels_inside(&members, &extents);

        let mut host_row = self.nodes.keys().filter(|k| matches!(k, NodeKey::Host(_))).count();
        for (key, _) in wanted {
            if self.nodes.contains_key(&key) {
                continue;
            }
            self.nodes.insert(key, host_slot(host_row));
            host_row += 1;
        }
    }

    /// The VPC box: around its subnets.
    pub fn vpc_rect(&self, network: &Network, vpc: &str) -> Rect {
        let rects: Vec<Rect> = network
            .subnets
            .iter()
            .filter(|s| s.vpc_id.as_str() == vpc)
            .filter_map(|s| self.subnets.get(s.id.as_str()).copied())
            .collect();
        match rects.split_first() {
            Some((first, rest)) => rest.iter().fold(*first, |acc, r| acc.union(r)).grow(VPC_PADDING),
            None => Rect { x: VPC_LEFT, y: VPC_TOP, width: SUBNET_WIDTH + 2.0 * VPC_PADDING, height: 160.0 },
        }
    }

    /// The internet gateway sits on the VPC's left edge, level with the public subnets
    /// it serves (the middle of the edge when there are none).
    pub fn gateway_point(&self, network: &Network, vpc: &str) -> Point {
        let r = self.vpc_rect(network, vpc);
        let public_rows: Vec<Rect> = network
            .subnets
            .iter()
            .filter(|s| s.vpc_id.as_str() == vpc && is_public(network, s))
            .filter_map(|s| self.subnets.get(s.id.as_str()).copied())
            .collect();
        let y = match public_rows.split_first() {
            Some((first, rest)) => rest.iter().fold(*first, |acc, r| acc.union(r)).center().y,
            None => r.y + r.height / 2.0,
        };
        Point::new(r.x, y)
    }

    /// Everything drawn, for "fit to view".
    pub fn bounds(&self, network: &Network) -> Rect {
        let mut all: Vec<Rect> = network.vpcs.iter().map(|v| self.vpc_rect(network, v.id.as_str())).collect();
        all.extend(
            self.nodes.values().map(|p| Rect { x: p.x, y: p.y, width: 0.0, height: 0.0 }.grow(NODE_RADIUS + 40.0)),
        );
        match all.split_first() {
            Some((first, rest)) => rest.iter().fold(*first, |acc, r| acc.union(r)).grow(20.0),
            None => Rect { x: 0.0, y: 0.0, width: 800.0, height: 500.0 },
        }
    }

    /// Moves a node, keeping a resource inside its subnet.
    pub fn move_node(&mut self, network: &Network, key: &NodeKey, to: Point) {
        let to = self.clamped(network, key, to);
        if let Some(p) = self.nodes.get_mut(key) {
            *p = to;
        }
    }

    /// Where a node asked to go to `to` may stand: a resource inside its subnet, below
    /// the subnet's header, with its ring and every label inside the box; an internet
    /// host anywhere.
    pub fn clamped(&self, network: &Network, key: &NodeKey, to: Point) -> Point {
        match subnet_of(network, key).and_then(|s| self.subnets.get(&s).copied()) {
            Some(rect) => {
                let extent = crate::diagram::info::node_info(network, key).map_or(Extent::BARE, |i| Extent::of(&i));
                inside(&rect, &extent, to)
            }
            None => to,
        }
    }

    /// Grows a subnet downwards where one of its resources, with its ring and labels (two
    /// rows of badges, say), is taller than the room below the header.
    fn make_room_for_labels(&mut self, members: &HashMap<&str, Vec<&NodeKey>>, extents: &HashMap<NodeKey, Extent>) {
        for (subnet, keys) in members {
            let Some(rect) = self.subnets.get_mut(*subnet) else { continue };
            let tallest = keys.iter().filter_map(|k| extents.get(*k)).map(|e| e.above + e.below).fold(0.0, f64::max);
            let needed = HEADER_HEIGHT + tallest + 4.0;
            if needed > rect.height {
                rect.height = needed;
            }
        }
    }

    /// Moves every resource whose ring or labels reach out of its subnet back inside:
    /// after a group is attached (a wider badge row), a subnet resized, an old save read.
    fn keep_labels_inside(&mut self, members: &HashMap<&str, Vec<&NodeKey>>, extents: &HashMap<NodeKey, Extent>) {
        for (subnet, keys) in members {
            let Some(rect) = self.subnets.get(*subnet).copied() else { continue };
            for key in keys {
                if let (Some(p), Some(extent)) = (self.nodes.get_mut(*key), extents.get(*key)) {
                    *p = inside(&rect, extent, *p);
                }
            }
        }
    }

    /// How wide a row of subnets may grow before the next one starts: so that all of
    /// them together are about [`ASPECT`] times as wide as high, and never less than
    /// two default boxes side by side (the chapter's grid).
    fn row_limit(&self, network: &Network, members: &HashMap<&str, Vec<&NodeKey>>) -> f64 {
        let area: f64 = network
            .subnets
            .iter()
            .map(|s| match self.subnets.get(s.id.as_str()) {
                Some(r) => r.width * r.height,
                None => {
                    let (w, h) = subnet_size(members.get(s.id.as_str()).map_or(0, Vec::len));
                    w * h
                }
            })
            .sum();
        (area * ASPECT).sqrt().max(2.0 * SUBNET_WIDTH + SUBNET_GAP)
    }

    /// The rows of subnet boxes, top to bottom.
    fn rows(&self, kinds: &HashMap<&str, Kind>) -> Vec<Row> {
        let mut boxes: Vec<(&String, &Rect)> = self.subnets.iter().collect();
        boxes.sort_by(|a, b| a.1.y.total_cmp(&b.1.y).then(a.1.x.total_cmp(&b.1.x)));
        let mut rows: Vec<Row> = Vec::new();
        for (id, rect) in boxes {
            match rows.last_mut() {
                Some(row) if (row.top - rect.y).abs() < 0.5 => {
                    row.bottom = row.bottom.max(rect.y + rect.height);
                    row.right = row.right.max(rect.x + rect.width);
                    row.ids.push(id.clone());
                }
                _ => {
                    let (vpc, public) = kinds.get(id.as_str()).copied().unwrap_or(("", false));
                    rows.push(Row {
                        top: rect.y,
                        bottom: rect.y + rect.height,
                        right: rect.x + rect.width,
                        ids: vec![id.clone()],
                        vpc: vpc.to_owned(),
                        public,
                    });
                }
            }
        }
        rows
    }

    /// Where a new subnet's box goes: at the end of a row of its kind (its VPC, public
    /// or private) while the row is not too wide, else on a row of its own after its
    /// VPC's rows — after the public ones for a public subnet, as AWS draws a VPC — and
    /// the rows below move down to make room.
    fn place_subnet(
        &mut self,
        kinds: &HashMap<&str, Kind>,
        members: &HashMap<&str, Vec<&NodeKey>>,
        (vpc, public): Kind,
        (width, height): (f64, f64),
        row_limit: f64,
    ) -> Rect {
        let left = VPC_LEFT + VPC_PADDING;
        let rows = self.rows(kinds);
        for row in rows.iter().filter(|r| r.vpc == vpc && r.public == public) {
            let rect = Rect { x: row.right + SUBNET_GAP, y: row.top, width, height };
            let narrow = row.ids.len() < 2 || rect.x + width <= left + row_limit;
            let clear = !self.subnets.values().any(|r| overlaps(&rect.grow(SUBNET_GAP - 1.0), r));
            if narrow && clear {
                return rect;
            }
        }
        let of_vpc = |r: &Row| r.vpc == vpc;
        let at = if public {
            match rows.iter().rposition(|r| of_vpc(r) && r.public) {
                Some(i) => i + 1,
                None => rows.iter().position(of_vpc).unwrap_or(rows.len()),
            }
        } else {
            rows.iter().rposition(of_vpc).map_or(rows.len(), |i| i + 1)
        };
        let y = match (at.checked_sub(1).and_then(|i| rows.get(i)), rows.get(at)) {
            (Some(above), _) => above.bottom + gap_between(&above.vpc, vpc),
            (None, Some(first)) => first.top,
            (None, None) => VPC_TOP + VPC_PADDING,
        };
        if let Some(below) = rows.get(at) {
            let dy = y + height + gap_between(vpc, &below.vpc) - below.top;
            if dy > 0.0 {
                for row in &rows[at..] {
                    self.shift_row(row, dy, members);
                }
            }
        }
        Rect { x: left, y, width, height }
    }

    /// Grows a subnet downwards, same width, until its grid has a free cell for each
    /// of its resources not placed yet. A default box becomes a grid of
    /// [`CELL_WIDTH`] × [`CELL_HEIGHT`] cells.
    fn make_room(&mut self, id: &str, keys: &[&NodeKey]) {
        let Some(rect) = self.subnets.get(id).copied() else { return };
        let new = keys.iter().filter(|k| !self.nodes.contains_key(**k)).count();
        let placed: Vec<Point> = keys.iter().filter_map(|k| self.nodes.get(*k).copied()).collect();
        let free = |grid: &Grid, rows: usize| {
            let cells = grid.cols * rows;
            let taken: HashSet<usize> = placed.iter().filter_map(|p| grid.cell_of(*p)).filter(|c| *c < cells).collect();
            cells - taken.len()
        };
        let grid = Grid::of(&rect);
        if new == 0 || free(&grid, grid.rows) >= new {
            return;
        }
        let grown = Grid::of(&Rect { height: rect.height.max(grid_height(1)), ..rect });
        let mut rows = grown.rows.max(new.div_ceil(grown.cols));
        while free(&grown, rows) < new {
            rows += 1;
        }
        self.subnets.insert(id.to_owned(), Rect { height: grid_height(rows), ..rect });
    }

    /// Moves rows down where a grown box reaches into the row below, keeping the gap
    /// between rows (a wider one between VPCs). Rows never move up: what the user
    /// arranged stays put.
    fn settle_rows(&mut self, kinds: &HashMap<&str, Kind>, members: &HashMap<&str, Vec<&NodeKey>>) {
        let rows = self.rows(kinds);
        let mut shift = 0.0;
        for pair in rows.windows(2) {
            let (above, below) = (&pair[0], &pair[1]);
            let wanted = above.bottom + shift + gap_between(&above.vpc, &below.vpc);
            shift = (wanted - below.top).max(shift);
            if shift > 0.0 {
                self.shift_row(below, shift, members);
            }
        }
    }

    /// Moves a row's boxes and the nodes placed in them down by `dy`.
    fn shift_row(&mut self, row: &Row, dy: f64, members: &HashMap<&str, Vec<&NodeKey>>) {
        for id in &row.ids {
            if let Some(rect) = self.subnets.get_mut(id) {
                rect.y += dy;
            }
            for key in members.get(id.as_str()).into_iter().flatten() {
                if let Some(p) = self.nodes.get_mut(*key) {
                    p.y += dy;
                }
            }
        }
    }
}

/// A direction of the arrow keys on the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

/// The node the arrow key `direction` goes to from the one at `from`: the nearest of
/// those lying that way (within 45° of it), nearer along the key's axis counting less
/// than off it, so Right on a row goes along the row before jumping to the next.
pub fn next_node<'a>(
    nodes: impl IntoIterator<Item = (&'a NodeKey, Point)>,
    from: Point,
    direction: Direction,
) -> Option<&'a NodeKey> {
    let (ax, ay) = match direction {
        Direction::Left => (-1.0, 0.0),
        Direction::Right => (1.0, 0.0),
        Direction::Up => (0.0, -1.0),
        Direction::Down => (0.0, 1.0),
    };
    nodes
        .into_iter()
        .filter_map(|(key, p)| {
            let (dx, dy) = (p.x - from.x, p.y - from.y);
            let along = dx * ax + dy * ay;
            let across = (dx * ay - dy * ax).abs();
            (along > 0.5 && across <= along).then_some((key, along + 2.0 * across))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(key, _)| key)
}

/// Where the `n`th host of the internet column stands (from 0): hosts, then the
/// addresses with no node that connections go to, one under the other.
pub fn host_slot(n: usize) -> Point {
    Point::new(INTERNET_X, VPC_TOP + 70.0 + n as f64 * 130.0)
}

/// The nearest point to `p` where a node of `extent` stands wholly inside `rect`, below
/// its header (centred where the box is too small for it).
fn inside(rect: &Rect, extent: &Extent, p: Point) -> Point {
    const MARGIN: f64 = 4.0;
    let clamp = |v: f64, lo: f64, hi: f64| if lo > hi { (lo + hi) / 2.0 } else { v.clamp(lo, hi) };
    Point::new(
        clamp(p.x, rect.x + extent.left + MARGIN, rect.x + rect.width - extent.right - MARGIN),
        clamp(p.y, rect.y + HEADER_HEIGHT + extent.above, rect.y + rect.height - extent.below - MARGIN),
    )
}

/// Do two rects share any area?
fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// Is the subnet public: does its route table send 0.0.0.0/0 to an internet gateway?
pub fn is_public(network: &Network, subnet: &Subnet) -> bool {
    network.route_table_for(subnet).is_some_and(|t| {
        t.routes.iter().any(|r| {
            matches!(r.target, sglab_engine::RouteTarget::InternetGateway(_)) && r.destination.prefix_len() == 0
        })
    })
}

/// Every node the diagram draws, with the subnet it lives in (none for internet hosts).
/// A resource lives where its first interface is. Linear in the size of the network.
pub fn node_keys(network: &Network) -> Vec<(NodeKey, Option<String>)> {
    let resources: HashSet<&str> = network.resources.iter().map(|r| r.id.as_str()).collect();
    let primary = network.primary_interfaces();
    let mut keys = Vec::with_capacity(network.resources.len() + network.network_interfaces.len());
    for resource in &network.resources {
        let subnet = primary.get(resource.id.as_str()).map(|eni| eni.subnet_id.to_string());
        keys.push((NodeKey::Resource(resource.id.to_string()), subnet));
    }
    for eni in &network.network_interfaces {
        let owned = eni.resource_id.as_ref().is_some_and(|r| resources.contains(r.as_str()));
        if !owned {
            keys.push((NodeKey::Interface(eni.id.to_string()), Some(eni.subnet_id.to_string())));
        }
    }
    for host in &network.internet_hosts {
        keys.push((NodeKey::Host(host.address.to_string()), None));
    }
    keys
}

/// The subnet of one node, as [`node_keys`] gives it, without listing every node: it
/// runs on every pointer move of a drag.
fn subnet_of(network: &Network, key: &NodeKey) -> Option<String> {
    match key {
        NodeKey::Resource(id) => {
            let resource = network.resources.iter().find(|r| r.id.as_str() == id)?;
            network.interfaces_of(&resource.id).next().map(|n| n.subnet_id.to_string())
        }
        NodeKey::Interface(id) => network
            .network_interfaces
            .iter()
            .find(|eni| eni.id.as_str() == id && eni.resource_id.as_ref().is_none_or(|r| network.resource(r).is_none()))
            .map(|eni| eni.subnet_id.to_string()),
        NodeKey::Host(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example;

    #[test]
    fn the_arrow_keys_go_to_the_nearest_node_that_way() {
        let key = |n: &str| NodeKey::Resource(n.into());
        let (a, b, c, d) = (key("a"), key("b"), key("c"), key("d"));
        // a b
        // c   d
        let nodes = [
            (&a, Point::new(0.0, 0.0)),
            (&b, Point::new(100.0, 0.0)),
            (&c, Point::new(0.0, 100.0)),
            (&d, Point::new(200.0, 110.0)),
        ];
        let from = |k: &NodeKey| nodes.iter().find(|(n, _)| *n == k).map(|(_, p)| *p).unwrap_or_default();
        assert_eq!(next_node(nodes, from(&a), Direction::Right), Some(&b));
        assert_eq!(next_node(nodes, from(&a), Direction::Down), Some(&c));
        assert_eq!(next_node(nodes, from(&c), Direction::Right), Some(&d));
        assert_eq!(next_node(nodes, from(&d), Direction::Left), Some(&c));
        assert_eq!(next_node(nodes, from(&b), Direction::Up), None);
        assert_eq!(next_node(nodes, from(&a), Direction::Left), None);
    }

    #[test]
    fn the_chapter_puts_the_public_subnet_first_and_each_resource_in_its_subnet() {
        let net = example::chapter();
        let layout = Layout::for_network(&net);
        let public = layout.subnets[example::PUBLIC_SUBNET_ID];
        let private = layout.subnets[example::PRIVATE_SUBNET_ID];
        // Public above private, as AWS draws a VPC; the gateway level with the public one.
        assert!(public.y + public.height <= private.y);
        assert_eq!(layout.gateway_point(&net, example::VPC_ID).y, public.center().y);
        let app = layout.nodes[&NodeKey::Resource(example::APP_INSTANCE_ID.into())];
        let db = layout.nodes[&NodeKey::Resource(example::DATABASE_ID.into())];
        assert!(public.contains(app));
        assert!(private.contains(db));
        let browser = layout.nodes[&NodeKey::Host("1.2.3.4".into())];
        assert!(browser.x < layout.vpc_rect(&net, example::VPC_ID).x);
    }

    #[test]
    fn a_second_group_grows_the_subnet_so_the_badges_stay_inside() {
        let mut net = example::chapter();
        let mut layout = Layout::for_network(&net);
        let before = layout.subnets[example::PUBLIC_SUBNET_ID];
        let app = net.network_interfaces.iter_mut().find(|e| e.id.as_str() == example::APP_ENI_ID).unwrap();
        app.security_groups.push(example::DATABASE_SG_ID.into());
        layout.sync(&net);
        assert!(layout.subnets[example::PUBLIC_SUBNET_ID].height > before.height);
        assert_readable(&net, &layout);
    }

    #[test]
    fn the_chapter_is_drawn_where_it_always_was() {
        // Saved labs, screenshots and lessons know the chapter's picture: large labs must
        // not move it.
        let net = example::chapter();
        let layout = Layout::for_network(&net);
        let rect = |x, y| Rect { x, y, width: SUBNET_WIDTH, height: SUBNET_HEIGHT };
        assert_eq!(layout.subnets[example::PUBLIC_SUBNET_ID], rect(388.0, 108.0));
        assert_eq!(layout.subnets[example::PRIVATE_SUBNET_ID], rect(388.0, 338.0));
        // Each resource under its subnet's header, its ring, addresses and badge inside.
        assert_eq!(layout.nodes[&NodeKey::Resource(example::APP_INSTANCE_ID.into())], Point::new(468.0, 190.0));
        assert_eq!(layout.nodes[&NodeKey::Resource(example::DATABASE_ID.into())], Point::new(468.0, 420.0));
        assert_eq!(layout.nodes[&NodeKey::Host("1.2.3.4".into())], Point::new(INTERNET_X, 130.0));
        assert_eq!(
            layout.nodes[&NodeKey::Host(example::SUSPICIOUS_SERVER_IP.to_string())],
            Point::new(INTERNET_X, 260.0)
        );
        assert_eq!(layout.nodes.len(), 4);
        assert_eq!(layout.vpc_rect(&net, example::VPC_ID), Rect { x: 340.0, y: 60.0, width: 456.0, height: 516.0 });
    }

    use sglab_engine::ids::{NetworkInterfaceId, ResourceId, SubnetId, VpcId};
    use sglab_engine::{Resource, ResourceKind};

    /// The chapter's VPC with subnets holding these many EC2 instances each; the first
    /// subnet is the chapter's public one, the others private.
    fn large(sizes: &[usize]) -> Network {
        let mut net = example::chapter();
        let subnet = net.subnets[0].clone();
        let eni = net.network_interfaces[0].clone();
        net.subnets.clear();
        net.network_interfaces.clear();
        net.resources.clear();
        for (i, count) in sizes.iter().enumerate() {
            let id = if i == 0 { example::PUBLIC_SUBNET_ID.to_owned() } else { format!("subnet-{i:017}") };
            net.subnets.push(Subnet { id: SubnetId::new(id.clone()), ..subnet.clone() });
            for k in 0..*count {
                let n = net.resources.len();
                let resource = ResourceId::new(format!("i-{n:017x}"));
                net.network_interfaces.push(sglab_engine::NetworkInterface {
                    id: NetworkInterfaceId::new(format!("eni-{n:017x}")),
                    subnet_id: SubnetId::new(id.clone()),
                    resource_id: Some(resource.clone()),
                    ..eni.clone()
                });
                net.resources.push(Resource { id: resource, kind: ResourceKind::Ec2, name: format!("server-{i}-{k}") });
            }
        }
        net
    }

    /// Where a node's ring and labels are drawn around its point.
    fn footprint(net: &Network, key: &NodeKey, p: Point) -> Rect {
        let e = crate::diagram::info::node_info(net, key).map_or(Extent::BARE, |i| Extent::of(&i));
        Rect { x: p.x - e.left, y: p.y - e.above, width: e.left + e.right, height: e.above + e.below }
    }

    /// What makes a layout readable: every node inside its subnet (its labels too in a
    /// grown one), no two nodes on top of each other, subnet boxes apart, each inside
    /// its VPC, VPC boxes apart.
    fn assert_readable(net: &Network, layout: &Layout) {
        let keys = node_keys(net);
        assert_eq!(layout.nodes.len(), keys.len());
        for (key, subnet) in &keys {
            let p = layout.nodes[key];
            if let Some(subnet) = subnet {
                let rect = layout.subnets[subnet];
                assert_eq!(rect.clamp(p, NODE_RADIUS + 6.0), p, "{key:?} outside {subnet}");
                // Its ring and every label inside the box, below the header.
                let f = footprint(net, key, p);
                let inner = Rect { y: rect.y + HEADER_HEIGHT, height: rect.height - HEADER_HEIGHT, ..rect };
                assert!(
                    inner.contains(Point::new(f.x, f.y)) && inner.contains(Point::new(f.x + f.width, f.y + f.height)),
                    "{key:?}: {f:?} not inside {inner:?}"
                );
            }
        }
        let mut placed: Vec<Rect> = keys.iter().map(|(k, _)| footprint(net, k, layout.nodes[k])).collect();
        placed.sort_by(|a, b| a.x.total_cmp(&b.x));
        for (i, a) in placed.iter().enumerate() {
            for b in placed[i + 1..].iter().take_while(|b| b.x < a.x + a.width) {
                assert!(!overlaps(a, b), "nodes at {a:?} and {b:?} overlap");
            }
        }
        let boxes: Vec<(&String, &Rect)> = layout.subnets.iter().collect();
        for (i, (a, ra)) in boxes.iter().enumerate() {
            for (b, rb) in &boxes[i + 1..] {
                assert!(
                    !overlaps(&ra.grow(SUBNET_GAP / 2.0 - 0.5), &rb.grow(SUBNET_GAP / 2.0 - 0.5)),
                    "{a} and {b} overlap"
                );
            }
        }
        for subnet in &net.subnets {
            let vpc = layout.vpc_rect(net, subnet.vpc_id.as_str());
            let rect = layout.subnets[subnet.id.as_str()];
            assert_eq!(vpc.union(&rect), vpc, "{} outside its VPC", subnet.id);
        }
        for (i, a) in net.vpcs.iter().enumerate() {
            for b in &net.vpcs[i + 1..] {
                let (ra, rb) = (layout.vpc_rect(net, a.id.as_str()), layout.vpc_rect(net, b.id.as_str()));
                assert!(!overlaps(&ra, &rb), "VPCs {} and {} overlap", a.id, b.id);
            }
        }
    }

    #[test]
    fn a_thousand_interfaces_in_ten_subnets_each_have_a_place_of_their_own() {
        // The tiers of e2e/bench/realistic_lab.mjs: 1000 interfaces, unevenly shared.
        let net = large(&[100, 100, 200, 200, 75, 75, 100, 100, 25, 25]);
        let layout = Layout::for_network(&net);
        assert_readable(&net, &layout);
        // Every box holds its nodes in a grid of sensible proportions.
        for rect in layout.subnets.values() {
            let ratio = rect.width / rect.height;
            assert!((0.9..=2.5).contains(&ratio), "a box of {rect:?}");
        }
        // So does the whole VPC: not one long row nor one tall column.
        let vpc = layout.vpc_rect(&net, example::VPC_ID);
        assert!((0.6..=2.5).contains(&(vpc.width / vpc.height)), "{vpc:?}");
        // The same network gives the same picture.
        assert_eq!(Layout::for_network(&net), layout);
        // The public subnet is on the top row, the gateway level with it.
        let public = layout.subnets[example::PUBLIC_SUBNET_ID];
        assert!(layout.subnets.values().all(|r| r.y >= public.y));
    }

    #[test]
    fn evenly_shared_and_many_small_subnets_are_readable_too() {
        for sizes in [vec![100; 10], vec![20; 50], vec![0, 1, 4, 3, 41, 2, 0, 7]] {
            let net = large(&sizes);
            assert_readable(&net, &Layout::for_network(&net));
        }
    }

    #[test]
    fn a_subnet_that_fills_up_grows_and_pushes_the_rows_below_down() {
        let mut net = example::chapter();
        let mut layout = Layout::for_network(&net);
        let app = NodeKey::Resource(example::APP_INSTANCE_ID.into());
        let db = NodeKey::Resource(example::DATABASE_ID.into());
        let (app_at, db_at) = (layout.nodes[&app], layout.nodes[&db]);
        let private_at = layout.subnets[example::PRIVATE_SUBNET_ID];
        let eni = net.network_interfaces[0].clone();
        for k in 0..12 {
            let resource = ResourceId::new(format!("i-0added{k:02}"));
            net.network_interfaces.push(sglab_engine::NetworkInterface {
                id: NetworkInterfaceId::new(format!("eni-0added{k:02}")),
                resource_id: Some(resource.clone()),
                ..eni.clone()
            });
            net.resources.push(Resource { id: resource, kind: ResourceKind::Ec2, name: format!("web-{k}") });
            layout.sync(&net);
            assert_readable(&net, &layout);
        }
        // What was there stays where it was; the private row moved down with its database.
        assert_eq!(layout.nodes[&app], app_at);
        let private = layout.subnets[example::PRIVATE_SUBNET_ID];
        let moved = private.y - private_at.y;
        assert!(moved > 0.0);
        assert_eq!(layout.nodes[&db], Point::new(db_at.x, db_at.y + moved));
        assert_eq!(layout.subnets[example::PUBLIC_SUBNET_ID].width, SUBNET_WIDTH);
    }

    #[test]
    fn two_vpcs_get_boxes_apart_each_around_its_own_subnets() {
        let mut net = large(&[2, 30, 5]);
        let mut other = net.vpcs[0].clone();
        other.id = VpcId::new("vpc-0second");
        net.vpcs.push(other);
        // A subnet of the second VPC listed between the first one's.
        let mut subnet = net.subnets[1].clone();
        subnet.id = SubnetId::new("subnet-0second");
        subnet.vpc_id = VpcId::new("vpc-0second");
        net.subnets.insert(1, subnet);
        let mut layout = Layout::for_network(&net);
        assert_readable(&net, &layout);
        // A subnet added later to the first VPC joins it rather than the second one.
        let mut late = net.subnets[0].clone();
        late.id = SubnetId::new("subnet-0late");
        net.subnets.push(late);
        layout.sync(&net);
        assert_readable(&net, &layout);
    }

    #[test]
    fn the_subnet_of_a_node_is_the_one_node_keys_gives() {
        let mut network = sglab_engine::example::chapter();
        // An interface of no resource, and one whose resource is gone, are nodes too.
        let mut loose = network.network_interfaces[0].clone();
        loose.id = sglab_engine::ids::NetworkInterfaceId::new("eni-0loose");
        loose.resource_id = None;
        let mut orphan = network.network_interfaces[1].clone();
        orphan.id = sglab_engine::ids::NetworkInterfaceId::new("eni-0orphan");
        orphan.resource_id = Some(sglab_engine::ids::ResourceId::new("i-0gone"));
        network.network_interfaces.extend([loose, orphan]);
        let keys = node_keys(&network);
        assert!(keys.len() >= 6);
        for (key, subnet) in &keys {
            assert_eq!(&subnet_of(&network, key), subnet, "{key:?}");
        }
        assert_eq!(subnet_of(&network, &NodeKey::Resource("i-0nothing".into())), None);
        assert_eq!(subnet_of(&network, &NodeKey::Interface(network.network_interfaces[0].id.to_string())), None);
    }

    #[test]
    fn a_dragged_resource_stays_inside_its_subnet() {
        let net = example::chapter();
        let mut layout = Layout::for_network(&net);
        let key = NodeKey::Resource(example::APP_INSTANCE_ID.into());
        layout.move_node(&net, &key, Point::new(-5000.0, 9000.0));
        assert!(layout.subnets[example::PUBLIC_SUBNET_ID].contains(layout.nodes[&key]));
    }

    #[test]
    fn sync_keeps_moved_nodes_and_forgets_deleted_ones() {
        let mut net = example::chapter();
        let mut layout = Layout::for_network(&net);
        let key = NodeKey::Resource(example::APP_INSTANCE_ID.into());
        layout.move_node(&net, &key, Point::new(400.0, 150.0));
        let moved = layout.nodes[&key];
        net.resources.retain(|r| r.id.as_str() != example::DATABASE_ID);
        net.network_interfaces.retain(|n| n.id.as_str() != example::DATABASE_ENI_ID);
        layout.sync(&net);
        assert_eq!(layout.nodes[&key], moved);
        assert!(!layout.nodes.contains_key(&NodeKey::Resource(example::DATABASE_ID.into())));
    }

    #[test]
    fn a_new_private_subnet_joins_the_private_row_and_never_the_public_one() {
        let mut net = example::chapter();
        let mut layout = Layout::for_network(&net);
        net.apply(&sglab_engine::Edit::CreateSubnet {
            vpc_id: sglab_engine::ids::VpcId::new(example::VPC_ID),
            cidr_block: "10.1.3.0/24".parse().unwrap(),
            availability_zone: "us-east-1a".into(),
            name: None,
        })
        .unwrap();
        layout.sync(&net);
        let public = layout.subnets[example::PUBLIC_SUBNET_ID];
        let private = layout.subnets[example::PRIVATE_SUBNET_ID];
        let new = layout.subnets.iter().find(|(id, _)| !id.ends_with("60001") && !id.ends_with("60002")).unwrap().1;
        assert_eq!(new.y, private.y);
        assert!(new.x > private.x);
        assert_ne!(new.y, public.y);
    }
}
