//! A verdict as the diagram draws it: a route from the source's edge to the
//! destination's (through the internet gateway when the internet is involved), where
//! it stops and on what, and the points a packet visits hop by hop. Plain Rust, tested
//! natively; the route itself comes from [`super::route`].

use super::route::{distance, Waypoint};
use crate::diagram::labels::{LINE_END_RADIUS, SG_RING_RADIUS};
use crate::diagram::scene::Owner;
use crate::layout::{Layout, NodeKey, Point, Rect};
use sglab_engine::verdict::{EndpointView, LegDirection};
use sglab_engine::{HopKind, HopOutcome, Network, Verdict};

/// How an arrow is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArrowState {
    /// The request arrived and its reply (if the service has one) came back.
    Allowed,
    /// The request stopped on its way.
    Blocked,
    /// The request arrived; its reply stopped on the way back.
    ReplyBlocked,
}

impl ArrowState {
    pub fn as_str(self) -> &'static str {
        match self {
            ArrowState::Allowed => "allowed",
            ArrowState::Blocked => "blocked",
            ArrowState::ReplyBlocked => "reply-blocked",
        }
    }
}

/// Where the packet is at one step of the animation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// Leaving the source.
    Depart,
    /// At hop `index` of a leg.
    Hop { leg: LegDirection, index: usize, kind: HopKind, outcome: HopOutcome },
    /// The request reached the destination.
    Arrive,
    /// The reply reached the source.
    Return,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub point: Point,
    /// How far along the route the point is: the packet glides along the route between steps.
    pub at: f64,
    /// Travelling as the reply (for the packet's colour).
    pub reply: bool,
}

/// One fired connection as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub state: ArrowState,
    /// The request's line as it went: from the source's edge to the destination's, or
    /// to where it stopped (empty when it stopped at the source's own groups).
    pub line: Vec<Point>,
    /// Where a stopped request was going: from the stop on to the destination's edge,
    /// drawn faint.
    pub rest: Option<Vec<Point>>,
    /// When the reply stopped: its line from the destination back to the stop.
    pub reply_line: Option<Vec<Point>>,
    /// Arrowheads on `line`: 2 when the reply returns, 1 to the destination, 0 when cut short.
    pub heads: u8,
    /// The stop mark's place: on the component that stopped it.
    pub stop: Option<Point>,
    /// The component that stopped it (`eni-…`, `acl-…`, `rtb-…`, `igw-…`, `internet`).
    pub blocked_at: Option<String>,
    /// The test id of the drawn shape the stop mark sits on: a node (its ring), a
    /// subnet (its border), an internet gateway, the internet.
    pub stop_on: Option<String>,
    pub steps: Vec<Step>,
    /// The whole route, centre to centre, which the packet follows.
    pub path: Vec<Point>,
    /// The box of the arrow's `#N`, placed by [`super::captions::place`].
    pub caption: Option<Rect>,
    /// The number the connection is known by.
    pub number: u32,
}

/// How far apart a path is first probed for where it crosses a border, in diagram units.
const COARSE_STEP: f64 = 4.0;

impl Arrow {
    /// A hash of what is drawn of the arrow (its lines, heads, stop mark and caption),
    /// so the flow layer draws again only the arrows that changed: a rule edit that
    /// decides one connection redraws one arrow of twenty.
    pub fn drawing_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        fn points(hasher: &mut impl Hasher, line: Option<&Vec<Point>>) {
            line.map(Vec::len).hash(hasher);
            for p in line.into_iter().flatten() {
                (p.x.to_bits(), p.y.to_bits()).hash(hasher);
            }
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.state.hash(&mut hasher);
        points(&mut hasher, Some(&self.line));
        points(&mut hasher, self.rest.as_ref());
        points(&mut hasher, self.reply_line.as_ref());
        self.heads.hash(&mut hasher);
        self.stop.map(|p| (p.x.to_bits(), p.y.to_bits())).hash(&mut hasher);
        self.blocked_at.hash(&mut hasher);
        self.stop_on.hash(&mut hasher);
        self.caption.map(|r| [r.x, r.y, r.width, r.height].map(f64::to_bits)).hash(&mut hasher);
        self.number.hash(&mut hasher);
        hasher.finish()
    }

    /// Everything drawn of its line: the part it went and the part it was going.
    pub fn drawn_line(&self) -> Vec<Point> {
        let mut line = self.line.clone();
        if let Some(rest) = &self.rest {
            line.extend(rest.iter().skip(usize::from(!line.is_empty())));
        }
        line
    }
}

/// A path along straight segments, measured by distance from its start.
#[derive(Clone, Debug, PartialEq)]
pub struct Polyline {
    points: Vec<Point>,
    /// Distance from the start to each point.
    at: Vec<f64>,
}

impl Polyline {
    pub fn new(points: Vec<Point>) -> Self {
        let mut at = Vec::with_capacity(points.len());
        let mut total = 0.0;
        for (i, p) in points.iter().enumerate() {
            if i > 0 {
                total += distance(points[i - 1], *p);
            }
            at.push(total);
        }
        Polyline { points, at }
    }

    pub fn length(&self) -> f64 {
        self.at.last().copied().unwrap_or(0.0)
    }

    pub fn point_at(&self, d: f64) -> Point {
        let d = d.clamp(0.0, self.length());
        for i in 1..self.points.len() {
            if d <= self.at[i] {
                let span = self.at[i] - self.at[i - 1];
                let t = if span > 0.0 { (d - self.at[i - 1]) / span } else { 0.0 };
                let (a, b) = (self.points[i - 1], self.points[i]);
                return Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            }
        }
        self.points.last().copied().unwrap_or_default()
    }

    /// The part between two distances.
    pub fn slice(&self, from: f64, to: f64) -> Vec<Point> {
        let (from, to) = (from.max(0.0), to.min(self.length()));
        let mut out = vec![self.point_at(from)];
        for (i, p) in self.points.iter().enumerate() {
            if self.at[i] > from && self.at[i] < to {
                out.push(*p);
            }
        }
        out.push(self.point_at(to));
        out
    }

    /// The first distance, from `from` on, where `inside` stops holding: found in steps
    /// of a few units, then to a fraction of one.
    fn leaves(&self, from: f64, inside: impl Fn(Point) -> bool) -> Option<f64> {
        let length = self.length();
        let mut d = from.max(0.0);
        while d <= length {
            if !inside(self.point_at(d)) {
                return Some(self.refine(d - COARSE_STEP, d, &inside, true));
            }
            d += COARSE_STEP;
        }
        (!inside(self.point_at(length))).then(|| self.refine(length - COARSE_STEP, length, &inside, true))
    }

    /// The last distance where the path, ending inside, enters where `inside` holds.
    fn enters(&self, inside: impl Fn(Point) -> bool) -> Option<f64> {
        let mut d = self.length();
        while d >= 0.0 {
            if !inside(self.point_at(d)) {
                return Some(self.refine(d, d + COARSE_STEP, &inside, false));
            }
            d -= COARSE_STEP;
        }
        None
    }

    /// Narrows the crossing between `a` and `b` (one inside, the other not) by halving:
    /// the first point outside when `leaving`, else the last point outside.
    fn refine(&self, a: f64, b: f64, inside: &impl Fn(Point) -> bool, leaving: bool) -> f64 {
        let (mut lo, mut hi) = (a.max(0.0), b.min(self.length()));
        for _ in 0..4 {
            let mid = (lo + hi) / 2.0;
            // Keep the crossing between lo and hi.
            if inside(self.point_at(mid)) == leaving {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if leaving {
            hi
        } else {
            lo
        }
    }

    /// The distance of the point at `index`.
    fn at_point(&self, index: usize) -> f64 {
        self.at.get(index).copied().unwrap_or(0.0)
    }
}

/// One end as placed on the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct End {
    pub point: Point,
    pub owner: Owner,
    /// Its subnet's id and box, for ends in the lab.
    pub subnet: Option<(String, Rect)>,
    /// The VPC's id and where its internet gateway stands, for ends in the lab.
    pub gateway: Option<(String, Point)>,
    /// The first internet gateway of its VPC, as the diagram draws it.
    pub igw: Option<String>,
}

impl End {
    fn subnet_box(&self) -> Option<Rect> {
        self.subnet.as_ref().map(|(_, r)| *r)
    }

    /// The test id of what the end is drawn as.
    fn drawn_as(&self) -> String {
        match &self.owner {
            Owner::Node(key) => crate::diagram::info::NodeInfo::test_id(key),
            Owner::Ghost(address) => format!("ghost-{address}"),
            Owner::Gateway(vpc) => format!("vpc-{vpc}"),
        }
    }
}

/// Where a connection's two ends are drawn, and the waypoints its route goes through.
#[derive(Clone, Debug, PartialEq)]
pub struct Ends {
    pub source: End,
    pub destination: End,
    pub waypoints: Vec<Waypoint>,
    /// How far along the route each gateway it passes stands is known once it is routed;
    /// here, which waypoints are gateways.
    gateways: Vec<usize>,
}

impl Ends {
    /// The pair of ends, the same whichever way round: arrows that share it are fanned out.
    pub fn pair(&self) -> (Owner, Owner) {
        let (a, b) = (self.source.owner.clone(), self.destination.owner.clone());
        if a <= b {
            (a, b)
        } else {
            (b, a)
        }
    }
}

/// An address with no node: where it is drawn while its connection is.
fn place_end(
    view: &EndpointView,
    network: &Network,
    layout: &Layout,
    position: &impl Fn(&NodeKey) -> Option<Point>,
    ghost: &impl Fn(&str) -> Option<Point>,
) -> End {
    if let Some(eni) = view.interface.as_ref().and_then(|id| network.network_interface(id)) {
        let key = match eni.resource_id.as_ref().filter(|r| network.resource(r).is_some()) {
            Some(resource) => NodeKey::Resource(resource.to_string()),
            None => NodeKey::Interface(eni.id.to_string()),
        };
        let subnet = layout.subnets.get(eni.subnet_id.as_str()).map(|r| (eni.subnet_id.to_string(), *r));
        let vpc = network.subnet(&eni.subnet_id).map(|s| s.vpc_id.clone());
        let point = position(&key).or_else(|| subnet.as_ref().map(|(_, r)| r.center())).unwrap_or_default();
        let igw = vpc.as_ref().and_then(|v| network.internet_gateways.iter().find(|g| g.vpc_id.as_ref() == Some(v)));
        return End {
            point,
            owner: Owner::Node(key),
            subnet,
            igw: igw.map(|g| g.id.to_string()),
            gateway: vpc.map(|v| {
                let at = layout.gateway_point(network, v.as_str());
                (v.to_string(), at)
            }),
        };
    }
    let address = view.address.to_string();
    let key = NodeKey::Host(address.clone());
    match position(&key) {
        Some(point) => End { point, owner: Owner::Node(key), subnet: None, gateway: None, igw: None },
        None => End {
            point: ghost(&address).unwrap_or_default(),
            owner: Owner::Ghost(address),
            subnet: None,
            gateway: None,
            igw: None,
        },
    }
}

/// Does the connection go by the internet: an end outside the lab, or a destination
/// addressed by its public address? Read from the flow, not from how far it got, so a
/// connection keeps its route (and its place in the route cache) whatever a rule edit
/// does to its verdict.
fn involves_internet(verdict: &Verdict, network: &Network) -> bool {
    let (Some(_), Some(destination)) = (&verdict.source.interface, &verdict.destination.interface) else {
        return true;
    };
    network.network_interface(destination).is_some_and(|eni| !eni.has_private_address(verdict.destination.address))
}

/// Where a verdict's two ends are drawn and what its route passes through. `position`
/// says where a node is now (it follows a drag); `ghost`, where an address with no node
/// is drawn.
pub fn ends_of(
    verdict: &Verdict,
    network: &Network,
    layout: &Layout,
    position: &impl Fn(&NodeKey) -> Option<Point>,
    ghost: &impl Fn(&str) -> Option<Point>,
) -> Ends {
    let source = place_end(&verdict.source, network, layout, position, ghost);
    let destination = place_end(&verdict.destination, network, layout, position, ghost);
    let mut waypoints = vec![Waypoint { point: source.point, owner: Some(source.owner.clone()) }];
    let mut gateways = Vec::new();
    if involves_internet(verdict, network) {
        for (vpc, at) in [&source.gateway, &destination.gateway].into_iter().flatten() {
            if waypoints.last().is_none_or(|w| distance(w.point, *at) > 1.0) {
                gateways.push(waypoints.len());
                waypoints.push(Waypoint { point: *at, owner: Some(Owner::Gateway(vpc.clone())) });
            }
        }
    }
    waypoints.push(Waypoint { point: destination.point, owner: Some(destination.owner.clone()) });
    Ends { source, destination, waypoints, gateways }
}

/// Where along a leg (measured from the leg's own start) a hop of that kind acts.
fn hop_distance(kind: HopKind, leg: &Polyline, from: &End, to: &End, gateways: &[f64]) -> f64 {
    let length = leg.length();
    let first_gateway = gateways.first().copied().unwrap_or(length / 2.0);
    let last_gateway = gateways.last().copied().unwrap_or(length / 2.0);
    let ring = |centre: Point| move |p: Point| distance(p, centre) <= SG_RING_RADIUS;
    let subnet_exit = || from.subnet_box().and_then(|r| leg.leaves(0.0, |p| r.contains(p))).unwrap_or(length * 0.3);
    let d = match kind {
        HopKind::SecurityGroupsOutbound => leg.leaves(0.0, ring(from.point)).unwrap_or(SG_RING_RADIUS),
        HopKind::NetworkAclOutbound | HopKind::RouteTable => subnet_exit(),
        HopKind::InternetGatewayEgress => first_gateway,
        HopKind::Internet => match (&from.subnet, &to.subnet) {
            (_, None) => (last_gateway + length) / 2.0,
            (None, Some(_)) => first_gateway / 2.0,
            _ => (first_gateway + last_gateway) / 2.0,
        },
        HopKind::InternetGatewayIngress => last_gateway,
        HopKind::NetworkAclInbound => {
            to.subnet_box().and_then(|r| leg.enters(|p| r.contains(p))).unwrap_or(length * 0.7)
        }
        HopKind::SecurityGroupsInbound => leg.enters(ring(to.point)).unwrap_or(length - SG_RING_RADIUS),
        HopKind::NotFiltered => length - SG_RING_RADIUS,
    };
    d.clamp(0.0, length)
}

/// The test id of the drawn shape a hop of that kind acts on, between `from` and `to`:
/// where a connection it stops gets its stop mark.
fn hop_shape(kind: HopKind, from: &End, to: &End) -> String {
    let subnet = |end: &End| end.subnet.as_ref().map_or_else(|| end.drawn_as(), |(id, _)| format!("subnet-{id}"));
    let gateway = |end: &End| end.igw.as_ref().map_or_else(|| "internet".to_owned(), |id| format!("igw-{id}"));
    match kind {
        HopKind::SecurityGroupsOutbound => from.drawn_as(),
        HopKind::NetworkAclOutbound | HopKind::RouteTable => subnet(from),
        HopKind::InternetGatewayEgress => gateway(from),
        HopKind::Internet => "internet".to_owned(),
        HopKind::InternetGatewayIngress => gateway(to),
        HopKind::NetworkAclInbound => subnet(to),
        HopKind::SecurityGroupsInbound | HopKind::NotFiltered => to.drawn_as(),
    }
}

/// The steps a packet takes: leaving, each request hop, arriving, each reply hop,
/// coming back (the last two only when it gets there).
pub fn step_kinds(verdict: &Verdict) -> Vec<StepKind> {
    let mut steps = vec![StepKind::Depart];
    let hops = |leg: LegDirection, hops: &[sglab_engine::Hop]| -> Vec<StepKind> {
        hops.iter()
            .enumerate()
            .map(|(index, h)| StepKind::Hop { leg, index, kind: h.kind, outcome: h.outcome })
            .collect()
    };
    steps.extend(hops(LegDirection::Request, &verdict.request.hops));
    if verdict.request.delivered {
        steps.push(StepKind::Arrive);
    }
    if let Some(reply) = &verdict.reply {
        steps.extend(hops(LegDirection::Reply, &reply.hops));
        if reply.delivered {
            steps.push(StepKind::Return);
        }
    }
    steps
}

/// Draws a verdict along its route (centre to centre, through the waypoints of `ends`).
pub fn arrow_for(verdict: &Verdict, ends: &Ends, route: Vec<Point>) -> Arrow {
    let (source, destination) = (&ends.source, &ends.destination);
    let path = Polyline::new(route.clone());
    let length = path.length();
    // The gateways' distances: the route's points nearest to them.
    let gateway_distances: Vec<f64> = ends
        .gateways
        .iter()
        .filter_map(|&w| ends.waypoints.get(w))
        .map(|w| {
            let nearest =
                (0..route.len()).min_by(|&a, &b| distance(route[a], w.point).total_cmp(&distance(route[b], w.point)));
            nearest.map_or(length / 2.0, |i| path.at_point(i))
        })
        .collect();
    let mut reversed = route.clone();
    reversed.reverse();
    let reply_path = Polyline::new(reversed);
    let reply_gateways: Vec<f64> = gateway_distances.iter().rev().map(|d| length - d).collect();

    // Every hop's place, measured along the request's path.
    let request_at: Vec<f64> = verdict
        .request
        .hops
        .iter()
        .map(|h| hop_distance(h.kind, &path, source, destination, &gateway_distances))
        .collect();
    let reply_at: Vec<f64> = verdict
        .reply
        .iter()
        .flat_map(|leg| leg.hops.iter())
        .map(|h| length - hop_distance(h.kind, &reply_path, destination, source, &reply_gateways))
        .collect();

    let steps = step_kinds(verdict)
        .into_iter()
        .map(|kind| {
            let (at, reply) = match kind {
                StepKind::Depart => (0.0, false),
                StepKind::Hop { leg: LegDirection::Request, index, .. } => {
                    (request_at.get(index).copied().unwrap_or(0.0), false)
                }
                StepKind::Arrive => (length, false),
                StepKind::Hop { leg: LegDirection::Reply, index, .. } => {
                    (reply_at.get(index).copied().unwrap_or(length), true)
                }
                StepKind::Return => (0.0, true),
            };
            Step { kind, point: path.point_at(at), at, reply }
        })
        .collect();

    // The line runs between the two ends' edges, just outside their rings.
    let start = path.leaves(0.0, |p| distance(p, source.point) < LINE_END_RADIUS).unwrap_or(0.0).min(length / 3.0);
    let end =
        path.enters(|p| distance(p, destination.point) < LINE_END_RADIUS).unwrap_or(length).max(length * 2.0 / 3.0);
    let blocked_at = verdict.blocked.as_ref().map(|b| b.component.clone());
    match verdict.blocked.as_ref().filter(|_| !verdict.allowed) {
        Some(blocked) if blocked.leg == LegDirection::Reply => {
            let stop = reply_at.get(blocked.hop).copied().unwrap_or(length / 2.0);
            let kind = verdict.reply.as_ref().and_then(|l| l.hops.get(blocked.hop)).map(|h| h.kind);
            Arrow {
                state: ArrowState::ReplyBlocked,
                line: path.slice(start, end),
                rest: None,
                reply_line: Some(path.slice(stop.max(start), end).into_iter().rev().collect()),
                heads: 1,
                stop: Some(stop_mark(&path, stop, (start, end), source.point, destination.point)),
                blocked_at,
                stop_on: kind.map(|k| hop_shape(k, destination, source)),
                steps,
                path: route,
                caption: None,
                number: 0,
            }
        }
        Some(blocked) => {
            let stop = request_at.get(blocked.hop).copied().unwrap_or(length / 2.0);
            let kind = verdict.request.hops.get(blocked.hop).map(|h| h.kind);
            Arrow {
                state: ArrowState::Blocked,
                // What it went, up to the stop (or the destination's edge, when its own
                // groups stopped it), and the rest of its way, faint.
                line: if stop > start { path.slice(start, stop.min(end)) } else { Vec::new() },
                rest: (stop < end).then(|| path.slice(stop.max(start), end)),
                reply_line: None,
                heads: 0,
                stop: Some(stop_mark(&path, stop, (start, end), source.point, destination.point)),
                blocked_at,
                stop_on: kind.map(|k| hop_shape(k, source, destination)),
                steps,
                path: route,
                caption: None,
                number: 0,
            }
        }
        None => Arrow {
            state: ArrowState::Allowed,
            line: path.slice(start, end),
            rest: None,
            reply_line: None,
            heads: if verdict.reply.is_some() { 2 } else { 1 },
            stop: None,
            blocked_at: None,
            stop_on: None,
            steps,
            path: route,
            caption: None,
            number: 0,
        },
    }
}

/// Every fired connection as drawn, and the addresses with no node drawn beside them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    /// Each drawn connection with its index among the fired ones.
    pub arrows: Vec<(usize, Arrow)>,
    /// Addresses with no node, where they are drawn on the internet side.
    pub ghosts: Vec<(String, Point)>,
    /// What the arrows were routed around: the packet's label keeps clear of it too.
    pub scene: crate::diagram::scene::Scene,
}

/// What the diagram needs to know to draw connections: the lab, where its nodes are
/// now, what is written beside them, and which subnets hide their resources.
pub struct Picture<'a, P: Fn(&NodeKey) -> Option<Point>> {
    pub network: &'a Network,
    pub layout: &'a Layout,
    pub infos: &'a std::collections::HashMap<NodeKey, crate::diagram::info::NodeInfo>,
    pub position: P,
    pub collapsed: &'a std::collections::BTreeSet<String>,
    /// The node being dragged, if one is: its arrows are drawn straight until it is
    /// dropped, and the others are not routed around it, so a drag routes nothing.
    pub dragged: Option<&'a NodeKey>,
    /// Changes whenever what the scene is built from may have (the lab's shape, a drag,
    /// a collapsed subnet); `None` builds it every time.
    pub scene_version: Option<u64>,
}

/// Draws the fired connections: each routed around what the diagram draws, those that
/// share an end fanned apart (each keeps clear of those routed before it).
pub fn draw_connections<P: Fn(&NodeKey) -> Option<Point>>(
    verdicts: &[(usize, u32, &Verdict)],
    picture: &Picture<'_, P>,
    cache: &mut super::route::RouteCache,
) -> Drawn {
    if verdicts.is_empty() {
        return Drawn::default();
    }
    let position = &picture.position;
    let mut addresses: Vec<String> = Vec::new();
    for (_, _, verdict) in verdicts {
        for view in [&verdict.source, &verdict.destination] {
            let address = view.address.to_string();
            let has_node = view.interface.is_some() || position(&NodeKey::Host(address.clone())).is_some();
            if !has_node && !addresses.contains(&address) {
                addresses.push(address);
            }
        }
    }
    let ghosts = crate::diagram::scene::ghost_places(picture.layout, &addresses);
    let ghost = |address: &str| ghosts.iter().find(|(a, _)| a == address).map(|(_, p)| *p);
    // A rule edit leaves the scene as it was: it is built again only when it may differ.
    let version = picture.scene_version.map(|v| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&(v, &addresses), &mut hasher);
        std::hash::Hasher::finish(&hasher)
    });
    // The scene holds a dragged node where it was: the other arrows keep their routes
    // (every one is a cache hit) until the drop moves the node and routes them anew.
    let at_rest = |key: &NodeKey| picture.layout.nodes.get(key).copied();
    let scene = cache.scene(version, || {
        crate::diagram::scene::scene(
            picture.network,
            picture.layout,
            picture.infos,
            &at_rest,
            picture.collapsed,
            &ghosts,
        )
    });
    let mut routed: Vec<((Owner, Owner), Vec<Point>)> = Vec::new();
    let mut arrows = Vec::with_capacity(verdicts.len());
    for (index, number, verdict) in verdicts {
        let ends = ends_of(verdict, picture.network, picture.layout, position, &ghost);
        let pair = ends.pair();
        // Arrows that share an end leave it apart, so no stop mark or head sits on another's.
        let shares_an_end = |(a, b): &(Owner, Owner)| [a, b].iter().any(|o| **o == pair.0 || **o == pair.1);
        let avoid: Vec<Vec<Point>> = routed.iter().filter(|(p, _)| shares_an_end(p)).map(|(_, r)| r.clone()).collect();
        let dragged = picture.dragged.is_some_and(|key| [&pair.0, &pair.1].contains(&&Owner::Node(key.clone())));
        let route = if dragged {
            ends.waypoints.iter().map(|w| w.point).collect()
        } else {
            cache.route(&scene, &ends.waypoints, &avoid)
        };
        routed.push((pair, route.clone()));
        arrows.push((*index, Arrow { number: *number, ..arrow_for(verdict, &ends, route) }));
    }
    cache.sweep();
    super::captions::place(&mut arrows, &scene);
    Drawn { arrows, ghosts, scene }
}

/// Where the stop mark of a connection stopped `at` along its path is drawn: there, or,
/// where that is within an end's circle (its own security groups), on that end's ring
/// in the direction the line leaves or reaches it, so the mark sits on both the ring
/// and the line however the route winds near the icon.
fn stop_mark(path: &Polyline, at: f64, (start, end): (f64, f64), source: Point, destination: Point) -> Point {
    let on_ring = |centre: Point, toward: Point| {
        let d = distance(centre, toward).max(1e-6);
        let k = SG_RING_RADIUS / d;
        Point::new(centre.x + (toward.x - centre.x) * k, centre.y + (toward.y - centre.y) * k)
    };
    if at < start {
        on_ring(source, path.point_at(start))
    } else if at > end {
        on_ring(destination, path.point_at(end))
    } else {
        path.point_at(at)
    }
}

/// SVG `points` text for a polyline.
pub fn points_attr(points: &[Point]) -> String {
    points.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::info::node_infos;
    use crate::firing::route::RouteCache;
    use sglab_engine::example::{self, chapter, chapter_connections};
    use sglab_engine::{evaluate, Edit};
    use std::collections::BTreeSet;

    fn draw_flows(network: &Network, layout: &Layout, flows: &[sglab_engine::Flow]) -> Drawn {
        let verdicts: Vec<Verdict> = flows.iter().map(|f| evaluate(network, f).expect("valid flow")).collect();
        let numbered: Vec<(usize, u32, &Verdict)> =
            verdicts.iter().enumerate().map(|(i, v)| (i, i as u32 + 1, v)).collect();
        let infos = node_infos(network);
        let collapsed = BTreeSet::new();
        let picture = Picture {
            network,
            layout,
            infos: &infos,
            position: |k: &NodeKey| layout.nodes.get(k).copied(),
            collapsed: &collapsed,
            dragged: None,
            scene_version: None,
        };
        draw_connections(&numbered, &picture, &mut RouteCache::default())
    }

    fn drawn(number: usize, network: &Network) -> (Arrow, Layout) {
        let layout = Layout::for_network(network);
        let mut drawn = draw_flows(network, &layout, &[chapter_connections()[number - 1].flow.clone()]);
        (drawn.arrows.remove(0).1, layout)
    }

    fn node(layout: &Layout, resource: &str) -> Point {
        layout.nodes[&NodeKey::Resource(resource.into())]
    }

    #[test]
    fn connection_1_is_a_double_headed_arrow_through_the_internet_gateway() {
        let net = chapter();
        let (arrow, layout) = drawn(1, &net);
        assert_eq!((arrow.state, arrow.heads, arrow.stop), (ArrowState::Allowed, 2, None));
        let gateway = layout.gateway_point(&net, example::VPC_ID);
        assert!(arrow.path.iter().any(|p| distance(*p, gateway) < 0.5), "the route passes the gateway");
        // Request: depart, IGW in, NACL in, SG in, arrive; reply: 5 hops, return.
        assert_eq!(arrow.steps.len(), 1 + 3 + 1 + 5 + 1);
        assert!(distance(arrow.steps[1].point, gateway) < 0.5);
        assert!(matches!(arrow.steps.last().map(|s| s.kind), Some(StepKind::Return)));
        // The line starts and ends outside both ends' rings.
        let app = node(&layout, example::APP_INSTANCE_ID);
        let last = arrow.line.last().copied().unwrap_or_default();
        assert!((distance(last, app) - LINE_END_RADIUS).abs() < 1.0, "{last:?}");
    }

    #[test]
    fn connections_3_and_4_stop_on_the_source_ring_and_show_where_they_were_going() {
        let net = chapter();
        for (number, resource, eni) in
            [(3, example::APP_INSTANCE_ID, example::APP_ENI_ID), (4, example::DATABASE_ID, example::DATABASE_ENI_ID)]
        {
            let (arrow, layout) = drawn(number, &net);
            assert_eq!(arrow.state, ArrowState::Blocked, "connection {number}");
            assert_eq!(arrow.blocked_at.as_deref(), Some(eni));
            let stop = arrow.stop.expect("a stop mark");
            let from_node = distance(stop, node(&layout, resource));
            assert!((from_node - SG_RING_RADIUS).abs() < 1.0, "connection {number}: {from_node}");
            assert_eq!(arrow.heads, 0);
            let rest = Polyline::new(arrow.rest.clone().expect("the way it was going"));
            assert!(rest.length() > 100.0, "connection {number}: {}", rest.length());
        }
    }

    #[test]
    fn an_address_with_no_node_is_drawn_on_the_internet_side_with_its_arrow() {
        let net = chapter();
        let layout = Layout::for_network(&net);
        let flow = sglab_engine::Flow::new(
            sglab_engine::Endpoint::Resource(example::APP_INSTANCE_ID.into()),
            sglab_engine::Endpoint::Address("8.8.8.8".parse().expect("ip")),
            sglab_engine::Service::Tcp { port: 443 },
        );
        let drawn = draw_flows(&net, &layout, &[flow]);
        let (address, place) = drawn.ghosts.first().cloned().expect("the address is drawn");
        assert_eq!(address, "8.8.8.8");
        assert!(layout.nodes.values().all(|p| distance(*p, place) > 60.0), "apart from every node");
        assert!(place.x < crate::layout::VPC_LEFT);
        let arrow = &drawn.arrows[0].1;
        let end = arrow.rest.as_ref().and_then(|r| r.last().copied()).unwrap_or_default();
        assert!((distance(end, place) - LINE_END_RADIUS).abs() < 1.0, "{end:?} {place:?}");
    }

    #[test]
    fn a_request_blocked_at_the_destination_stops_on_its_ring_and_follows_a_drag() {
        let mut net = chapter();
        net.apply(&Edit::RevokeSecurityGroupIngress {
            group_id: example::DATABASE_SG_ID.into(),
            rule_ids: vec!["sgr-0a1b2c3d4e5f60005".into()],
        })
        .expect("revoke");
        let mut layout = Layout::for_network(&net);
        let db_key = NodeKey::Resource(example::DATABASE_ID.into());
        let moved = Point::new(layout.nodes[&db_key].x + 150.0, layout.nodes[&db_key].y);
        layout.nodes.insert(db_key, moved);
        let drawn = draw_flows(&net, &layout, &[chapter_connections()[1].flow.clone()]);
        let arrow = &drawn.arrows[0].1;
        assert_eq!(arrow.state, ArrowState::Blocked);
        assert_eq!(arrow.blocked_at.as_deref(), Some(example::DATABASE_ENI_ID));
        let stop = arrow.stop.expect("stop");
        assert!((distance(stop, moved) - SG_RING_RADIUS).abs() < 1.0);
    }

    #[test]
    fn a_blocked_reply_draws_the_request_and_stops_the_way_back_at_the_subnet_border() {
        let mut net = chapter();
        let acl = &mut net.network_acls[0];
        acl.outbound.insert(
            0,
            sglab_engine::NaclEntry {
                rule_number: 10,
                action: sglab_engine::RuleAction::Deny,
                traffic: sglab_engine::Traffic::All,
                cidr: "1.2.3.4/32".parse().expect("cidr"),
            },
        );
        let (arrow, layout) = drawn(1, &net);
        assert_eq!(arrow.state, ArrowState::ReplyBlocked);
        assert_eq!(arrow.heads, 1);
        assert!(arrow.blocked_at.as_deref().is_some_and(|c| c.starts_with("acl-")));
        let stop = arrow.stop.expect("stop");
        let subnet = layout.subnets[example::PUBLIC_SUBNET_ID];
        let on_border = (stop.x - subnet.x).abs() < 1.5
            || (stop.x - subnet.x - subnet.width).abs() < 1.5
            || (stop.y - subnet.y).abs() < 1.5
            || (stop.y - subnet.y - subnet.height).abs() < 1.5;
        assert!(on_border, "{stop:?} on {subnet:?}");
        assert!(arrow.reply_line.is_some());
    }

    #[test]
    fn connections_between_the_same_ends_either_way_are_drawn_apart() {
        let net = chapter();
        let layout = Layout::for_network(&net);
        let flows: Vec<_> = chapter_connections().into_iter().map(|c| c.flow).collect();
        let drawn = draw_flows(&net, &layout, &[flows[1].clone(), flows[3].clone()]);
        let (to_db, from_db) = (&drawn.arrows[0].1, &drawn.arrows[1].1);
        let from_db_path = Polyline::new(from_db.path.clone());
        let to_db_path = Polyline::new(to_db.path.clone());
        // Halfway along, the two routes are apart by about the gap.
        let (a, b) =
            (to_db_path.point_at(to_db_path.length() / 2.0), from_db_path.point_at(from_db_path.length() / 2.0));
        assert!(distance(a, b) >= super::super::route::PARALLEL_GAP * 0.7, "{a:?} {b:?}");
    }

    #[test]
    fn polylines_measure_and_slice() {
        let line = Polyline::new(vec![Point::new(0.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 10.0)]);
        assert_eq!(line.length(), 20.0);
        assert_eq!(line.point_at(15.0), Point::new(10.0, 5.0));
        assert_eq!(line.slice(5.0, 15.0), vec![Point::new(5.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 5.0)]);
        assert_eq!(points_attr(&[Point::new(1.0, 2.5)]), "1.0,2.5");
    }
}
