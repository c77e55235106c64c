//! What the diagram draws that an arrow must keep clear of: every node's icon and
//! ring, every word (node labels, subnet and VPC headers, the internet gateway's
//! label, the internet's title) and the subnets' toggles. Built from the lab and the
//! layout with the same geometry the views draw with; `firing::route` routes arrows
//! around it and places their captions where they cover none of it. Plain Rust.

use super::info::{NodeInfo, NodeKind};
use super::labels::{ascent, descent, text_width, Face, NodeLabels, SG_RING_RADIUS};
use crate::layout::{Layout, NodeKey, Point, Rect, INTERNET_X, VPC_TOP};
use sglab_engine::{name_tag, Network};
use std::collections::{BTreeSet, HashMap};

/// Whose a shape is: an arrow may cross its own ends' icons, and the gateway it goes through.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Node(NodeKey),
    /// A VPC's internet gateway, by the VPC's id.
    Gateway(String),
    /// An address with no node, drawn on the internet side while a connection goes there.
    Ghost(String),
}

/// A shape on the diagram.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Box(Rect),
    Disc { centre: Point, radius: f64 },
}

impl Shape {
    /// Is `p` within `margin` of the shape?
    pub fn near(&self, p: Point, margin: f64) -> bool {
        match self {
            Shape::Box(r) => r.grow(margin).contains(p),
            Shape::Disc { centre, radius } => (p.x - centre.x).hypot(p.y - centre.y) <= radius + margin,
        }
    }

    pub fn bounds(&self) -> Rect {
        match *self {
            Shape::Box(r) => r,
            Shape::Disc { centre, radius } => {
                Rect { x: centre.x - radius, y: centre.y - radius, width: 2.0 * radius, height: 2.0 * radius }
            }
        }
    }
}

/// Something drawn that an arrow keeps clear of.
#[derive(Clone, Debug, PartialEq)]
pub struct Obstacle {
    pub shape: Shape,
    /// Words, never crossed; otherwise an icon, crossed by arrows that start, end or
    /// pass there.
    pub text: bool,
    pub owner: Option<Owner>,
}

/// Everything an arrow keeps clear of, and the drawing's bounds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub obstacles: Vec<Obstacle>,
    pub bounds: Rect,
    /// Which obstacles touch each square of [`BUCKET`] units: a lab of a thousand nodes
    /// is asked "what is near here" many times per drawing.
    buckets: HashMap<(i32, i32), Vec<u32>>,
}

/// The side of the squares the scene is indexed by, in diagram units.
const BUCKET: f64 = 160.0;

impl Scene {
    pub fn new(obstacles: Vec<Obstacle>, bounds: Rect) -> Scene {
        let mut buckets: HashMap<(i32, i32), Vec<u32>> = HashMap::new();
        for (i, o) in obstacles.iter().enumerate() {
            for key in bucket_keys(&o.shape.bounds()) {
                buckets.entry(key).or_default().push(i as u32);
            }
        }
        Scene { obstacles, bounds, buckets }
    }

    /// The obstacles whose bounds may meet `area`, each once, in their order.
    pub fn near(&self, area: &Rect) -> Vec<&Obstacle> {
        let mut found: Vec<u32> = bucket_keys(area).filter_map(|k| self.buckets.get(&k)).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().filter_map(|i| self.obstacles.get(i as usize)).collect()
    }
}

fn bucket_keys(area: &Rect) -> impl Iterator<Item = (i32, i32)> {
    let cell = |v: f64| (v / BUCKET).floor() as i32;
    let (x0, x1) = (cell(area.x), cell(area.x + area.width));
    let (y0, y1) = (cell(area.y), cell(area.y + area.height));
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
}

/// A subnet's header as [`super::SubnetBox`] draws it: the marker, name and CIDR line
/// from `(x + 12, y + 8)`, the toggle at the right.
pub const HEADER_INSET: Point = Point::new(12.0, 8.0);
pub const HEADER_TEXT_X: f64 = 68.0;
pub const TOGGLE_WIDTH: f64 = 58.0;
/// How far below a subnet's top its header reaches: nodes and arrows stay below it.
pub const HEADER_HEIGHT: f64 = 44.0;
/// A VPC's header as [`super::VpcBox`] draws it, from `(x + 14, y + 10)`.
pub const VPC_HEADER_INSET: Point = Point::new(14.0, 10.0);
pub const VPC_TEXT_X: f64 = 46.0;
/// The internet gateway's icon, and its label to the left of it.
pub const GATEWAY_HALF: f64 = 22.0;
pub const GATEWAY_LABEL_X: f64 = -30.0;
/// How far apart a VPC's internet gateways stand on its edge.
pub const GATEWAY_STEP: f64 = 90.0;
const TITLE_FONT: f64 = 14.0;
const SUB_FONT: f64 = 11.5;

/// A line of text's box: `x` where it starts (or its middle, `centred`), `y` its baseline.
fn text_box(text: &str, x: f64, y: f64, size: f64, face: Face, centred: bool) -> Rect {
    let width = text_width(text, size, face);
    let left = if centred { x - width / 2.0 } else { x };
    Rect { x: left, y: y - ascent(size), width, height: ascent(size) + descent(size) }
}

fn right_aligned(text: &str, x: f64, y: f64, size: f64, face: Face) -> Rect {
    let width = text_width(text, size, face);
    Rect { x: x - width, y: y - ascent(size), width, height: ascent(size) + descent(size) }
}

/// A box's header as the views draw it, from `origin`: a tag (`Public`, `VPC`) of
/// `tag` size, then the name and, under it, the CIDR line, from `text_x`, on the
/// baselines `title_y` and `title_y + 16`.
fn header(origin: Point, tag: (f64, f64), text_x: f64, title_y: f64, name: &str, cidr_line: &str) -> Vec<Rect> {
    let (x, y) = (origin.x, origin.y);
    vec![
        Rect { x, y, width: tag.0, height: tag.1 },
        text_box(name, x + text_x, y + title_y, TITLE_FONT, Face::SansBold, false),
        text_box(cidr_line, x + text_x, y + title_y + 16.0, SUB_FONT, Face::Mono, false),
    ]
}

/// The texts of a subnet's header and its toggle.
pub fn subnet_header(rect: Rect, name: &str, cidr_line: &str) -> Vec<Rect> {
    let origin = Point::new(rect.x + HEADER_INSET.x, rect.y + HEADER_INSET.y);
    let mut boxes = header(origin, (58.0, 18.0), HEADER_TEXT_X, 14.0, name, cidr_line);
    boxes.push(Rect {
        x: rect.x + rect.width - 12.0 - TOGGLE_WIDTH,
        y: rect.y + 7.0,
        width: TOGGLE_WIDTH,
        height: 20.0,
    });
    boxes
}

/// The texts of a VPC's header.
pub fn vpc_header(rect: Rect, name: &str, cidr_line: &str) -> Vec<Rect> {
    let origin = Point::new(rect.x + VPC_HEADER_INSET.x, rect.y + VPC_HEADER_INSET.y);
    header(origin, (36.0, 20.0), VPC_TEXT_X, 15.0, name, cidr_line)
}

/// The internet gateway's two lines of label, left of its icon at `p`.
pub fn gateway_label(p: Point, igw: &str) -> Vec<Rect> {
    vec![
        right_aligned("Internet gateway", p.x + GATEWAY_LABEL_X, p.y - 3.0, super::labels::NAME_FONT, Face::SansBold),
        right_aligned(igw, p.x + GATEWAY_LABEL_X, p.y + 12.0, super::labels::ADDRESS_FONT, Face::Mono),
    ]
}

/// The internet's area: a column on the left around its hosts, its title at the top.
pub fn internet_area(network: &Network, position: &impl Fn(&NodeKey) -> Option<Point>) -> Rect {
    let mut rect = Rect { x: INTERNET_X - 75.0, y: VPC_TOP, width: 150.0, height: 260.0 };
    for host in &network.internet_hosts {
        if let Some(p) = position(&NodeKey::Host(host.address.to_string())) {
            rect = rect.union(&Rect { x: p.x - 75.0, y: p.y - 70.0, width: 150.0, height: 150.0 });
        }
    }
    rect
}

/// Where an address with no node is drawn while a connection goes there: the next
/// places down the internet column, below its hosts.
pub fn ghost_places(layout: &Layout, addresses: &[String]) -> Vec<(String, Point)> {
    let hosts = layout.nodes.keys().filter(|k| matches!(k, NodeKey::Host(_))).count();
    addresses.iter().enumerate().map(|(i, a)| (a.clone(), crate::layout::host_slot(hosts + i))).collect()
}

/// The label of a ghost address, under its icon at `p`.
pub fn ghost_label(p: Point, address: &str) -> Rect {
    let labels = NodeLabels::of(&ghost_info(address));
    labels.block().map_or(Rect::default(), |b| Rect { x: b.x + p.x, y: b.y + p.y, ..b })
}

/// What a ghost address is labelled with: the address, as an unknown host.
pub fn ghost_info(address: &str) -> NodeInfo {
    NodeInfo {
        kind: NodeKind::Host,
        id: address.to_owned(),
        name: "Not on the diagram".to_owned(),
        private_ip: None,
        public_ip: Some(address.to_owned()),
        groups: Vec::new(),
    }
}

/// Everything the diagram draws that arrows keep clear of. `position` is where each
/// node stands; nodes of `collapsed` subnets are not drawn.
pub fn scene(
    network: &Network,
    layout: &Layout,
    infos: &HashMap<NodeKey, NodeInfo>,
    position: &impl Fn(&NodeKey) -> Option<Point>,
    collapsed: &BTreeSet<String>,
    ghosts: &[(String, Point)],
) -> Scene {
    let mut obstacles = Vec::new();
    let mut words =
        |rect: Rect, owner: Option<Owner>| obstacles.push(Obstacle { shape: Shape::Box(rect), text: true, owner });
    let mut bounds = layout.bounds(network);

    let area = internet_area(network, position);
    words(text_box("Internet", area.x + 32.0, area.y + 22.0 + 5.0, TITLE_FONT, Face::SansBold, false), None);
    bounds = bounds.union(&area);

    for vpc in &network.vpcs {
        let rect = layout.vpc_rect(network, vpc.id.as_str());
        let cidrs = vpc.cidr_blocks.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
        for r in vpc_header(rect, name_tag(&vpc.tags).unwrap_or("VPC"), &format!("{cidrs} · {}", vpc.id)) {
            words(r, None);
        }
        let gateway = layout.gateway_point(network, vpc.id.as_str());
        for (i, igw) in network.internet_gateways.iter().filter(|g| g.vpc_id.as_ref() == Some(&vpc.id)).enumerate() {
            let p = Point::new(gateway.x, gateway.y + i as f64 * GATEWAY_STEP);
            for r in gateway_label(p, igw.id.as_str()) {
                words(r, None);
            }
        }
    }
    for subnet in &network.subnets {
        let Some(rect) = layout.subnets.get(subnet.id.as_str()).copied() else { continue };
        let name = name_tag(&subnet.tags).unwrap_or(subnet.id.as_str());
        for r in subnet_header(rect, name, &format!("{} · {}", subnet.cidr_block, subnet.id)) {
            words(r, None);
        }
        if collapsed.contains(subnet.id.as_str()) {
            // The name and count written across a collapsed box.
            let size = (rect.width.min(rect.height) / 9.0).clamp(18.0, 240.0);
            let (cx, cy) = (rect.x + rect.width / 2.0, rect.y + 20.0 + (rect.height - 20.0) / 2.0);
            let name_width = text_width(name, size, Face::SansBold);
            let count_width = text_width("0000 resources", size * 0.7, Face::SansBold);
            words(Rect { x: cx - name_width / 2.0, y: cy - size * 1.1, width: name_width, height: size * 1.2 }, None);
            words(Rect { x: cx - count_width / 2.0, y: cy + size * 0.2, width: count_width, height: size * 0.8 }, None);
        }
    }

    let hidden: BTreeSet<&NodeKey> = if collapsed.is_empty() {
        BTreeSet::new()
    } else {
        crate::layout::node_keys(network)
            .iter()
            .filter(|(_, s)| s.as_ref().is_some_and(|s| collapsed.contains(s)))
            .filter_map(|(k, _)| infos.get_key_value(k).map(|(k, _)| k))
            .collect()
    };
    for (key, info) in infos {
        if hidden.contains(key) {
            continue;
        }
        let Some(p) = position(key) else { continue };
        let owner = Some(Owner::Node(key.clone()));
        obstacles.push(Obstacle {
            shape: Shape::Disc { centre: p, radius: SG_RING_RADIUS + 1.0 },
            text: false,
            owner: owner.clone(),
        });
        if let Some(block) = NodeLabels::of(info).block() {
            obstacles.push(Obstacle {
                shape: Shape::Box(Rect { x: block.x + p.x, y: block.y + p.y, ..block }),
                text: true,
                owner,
            });
        }
    }
    for vpc in &network.vpcs {
        let gateway = layout.gateway_point(network, vpc.id.as_str());
        let count = network.internet_gateways.iter().filter(|g| g.vpc_id.as_ref() == Some(&vpc.id)).count();
        for i in 0..count {
            obstacles.push(Obstacle {
                shape: Shape::Disc {
                    centre: Point::new(gateway.x, gateway.y + i as f64 * GATEWAY_STEP),
                    radius: GATEWAY_HALF * std::f64::consts::SQRT_2,
                },
                text: false,
                owner: Some(Owner::Gateway(vpc.id.to_string())),
            });
        }
    }
    for (address, p) in ghosts {
        let owner = Some(Owner::Ghost(address.clone()));
        obstacles.push(Obstacle { shape: Shape::Disc { centre: *p, radius: 26.0 }, text: false, owner: owner.clone() });
        obstacles.push(Obstacle { shape: Shape::Box(ghost_label(*p, address)), text: true, owner });
        bounds = bounds.union(&Rect { x: p.x - 80.0, y: p.y - 40.0, width: 160.0, height: 130.0 });
    }
    Scene::new(obstacles, bounds)
}
