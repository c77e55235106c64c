//! A verdict as the diagram draws it: a line between the two ends (through the
//! internet gateway when the internet is involved), where it stops and why, and the
//! points a packet visits hop by hop. Plain Rust, tested natively.

use crate::layout::{Layout, NodeKey, Point, Rect, INTERNET_X, NODE_RADIUS, VPC_TOP};
use sglab_engine::verdict::{EndpointView, LegDirection};
use sglab_engine::{HopKind, HopOutcome, Network, Verdict};

/// How an arrow is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// Travelling as the reply (for the packet's colour).
    pub reply: bool,
}

/// One fired connection as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub state: ArrowState,
    /// The request's line, as drawn (cut short where the request stopped).
    pub line: Vec<Point>,
    /// When the reply stopped: its line from the destination back to the stop.
    pub reply_line: Option<Vec<Point>>,
    /// Arrowheads on `line`: 2 when the reply returns, 1 to the destination, 0 when cut short.
    pub heads: u8,
    /// The stop mark's place.
    pub stop: Option<Point>,
    /// The component that stopped it (`eni-…`, `acl-…`, `rtb-…`, `igw-…`, `internet`).
    pub blocked_at: Option<String>,
    pub steps: Vec<Step>,
    /// The centres of the two ends, which the line runs between.
    pub ends: (Point, Point),
}

/// How far apart arrows between the same two ends are drawn.
pub const PARALLEL_GAP: f64 = 14.0;

impl Arrow {
    /// Moves everything drawn of the arrow by `by`.
    fn shift(&mut self, by: Point) {
        let moved = |p: &mut Point| {
            p.x += by.x;
            p.y += by.y;
        };
        self.line.iter_mut().for_each(moved);
        self.reply_line.iter_mut().flatten().for_each(moved);
        self.stop.iter_mut().for_each(moved);
        self.steps.iter_mut().for_each(|s| moved(&mut s.point));
    }
}

/// Arrows between the same two ends (either way round) side by side instead of on
/// top of each other: each group is spread across its common line, centred on it.
pub fn spread_parallel(arrows: &mut [Arrow]) {
    // Ends in a fixed order, so A→B and B→A share one normal and one group.
    let key = |a: &Arrow| {
        let (p, q) = a.ends;
        let ordered = if (p.x, p.y) <= (q.x, q.y) { (p, q) } else { (q, p) };
        let round = |v: f64| (v * 10.0).round() as i64;
        (round(ordered.0.x), round(ordered.0.y), round(ordered.1.x), round(ordered.1.y))
    };
    let keys: Vec<_> = arrows.iter().map(key).collect();
    for (index, k) in keys.iter().enumerate() {
        let group: Vec<usize> = keys.iter().enumerate().filter(|(_, other)| *other == k).map(|(i, _)| i).collect();
        if group.len() < 2 {
            continue;
        }
        let Some(place) = group.iter().position(|&i| i == index) else { continue };
        let (p, q) = (Point::new(k.0 as f64 / 10.0, k.1 as f64 / 10.0), Point::new(k.2 as f64 / 10.0, k.3 as f64 / 10.0));
        let (dx, dy) = (q.x - p.x, q.y - p.y);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let amount = (place as f64 - (group.len() as f64 - 1.0) / 2.0) * PARALLEL_GAP;
        if let Some(arrow) = arrows.get_mut(index) {
            arrow.shift(Point::new(-dy / length * amount, dx / length * amount));
        }
    }
}

/// A path along straight segments, measured by distance from its start.
#[derive(Clone, Debug, PartialEq)]
pub struct Polyline {
    points: Vec<Point>,
    /// Distance from the start to each point.
    at: Vec<f64>,
}

fn distance(a: Point, b: Point) -> f64 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
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

    /// Where the path, starting inside `rect`, first leaves it.
    fn exit(&self, rect: &Rect) -> Option<f64> {
        let length = self.length();
        let mut d = 0.0;
        while d <= length {
            if !rect.contains(self.point_at(d)) {
                return Some(d);
            }
            d += 1.0;
        }
        None
    }

    /// Where the path, ending inside `rect`, last enters it.
    fn entry(&self, rect: &Rect) -> Option<f64> {
        let length = self.length();
        let mut d = length;
        while d >= 0.0 {
            if !rect.contains(self.point_at(d)) {
                return Some(d);
            }
            d -= 1.0;
        }
        None
    }
}

/// One end as placed on the diagram.
#[derive(Clone, Debug, PartialEq)]
struct End {
    point: Point,
    subnet: Option<Rect>,
    /// The VPC's internet gateway point, for ends in the lab.
    gateway: Option<Point>,
}

fn place_end(view: &EndpointView, network: &Network, layout: &Layout, position: &impl Fn(&NodeKey) -> Option<Point>) -> End {
    if let Some(eni) = view.interface.as_ref().and_then(|id| network.network_interface(id)) {
        let key = match eni.resource_id.as_ref().filter(|r| network.resource(r).is_some()) {
            Some(resource) => NodeKey::Resource(resource.to_string()),
            None => NodeKey::Interface(eni.id.to_string()),
        };
        let subnet = layout.subnets.get(eni.subnet_id.as_str()).copied();
        let vpc = network.subnet(&eni.subnet_id).map(|s| s.vpc_id.to_string());
        let point = position(&key).or_else(|| subnet.map(|r| r.center())).unwrap_or_default();
        return End { point, subnet, gateway: vpc.map(|v| layout.gateway_point(network, &v)) };
    }
    let host = position(&NodeKey::Host(view.address.to_string()));
    let point = host.unwrap_or_else(|| {
        // An address with no host node: the next free place in the internet column.
        let hosts = layout.nodes.keys().filter(|k| matches!(k, NodeKey::Host(_))).count();
        Point::new(INTERNET_X, VPC_TOP + 70.0 + hosts as f64 * 130.0)
    });
    End { point, subnet: None, gateway: None }
}

/// Where along a leg (measured from the leg's own start) a hop of that kind acts.
fn hop_distance(kind: HopKind, leg: &Polyline, from: &End, to: &End, gateways: &[f64]) -> f64 {
    let length = leg.length();
    let edge = NODE_RADIUS + 6.0;
    let first_gateway = gateways.first().copied().unwrap_or(length / 2.0);
    let last_gateway = gateways.last().copied().unwrap_or(length / 2.0);
    let nacl_out = || from.subnet.and_then(|r| leg.exit(&r)).unwrap_or(length * 0.3);
    let d = match kind {
        HopKind::SecurityGroupsOutbound => edge.min(length / 2.0),
        HopKind::NetworkAclOutbound => nacl_out(),
        HopKind::RouteTable => nacl_out() + 14.0,
        HopKind::InternetGatewayEgress => first_gateway,
        HopKind::Internet => match (from.subnet, to.subnet) {
            (_, None) => (last_gateway + length) / 2.0,
            (None, Some(_)) => first_gateway / 2.0,
            _ => (first_gateway + last_gateway) / 2.0,
        },
        HopKind::InternetGatewayIngress => last_gateway,
        HopKind::NetworkAclInbound => to.subnet.and_then(|r| leg.entry(&r)).unwrap_or(length * 0.7),
        HopKind::SecurityGroupsInbound => (length - edge).max(length / 2.0),
        HopKind::NotFiltered => (length - NODE_RADIUS).max(length / 2.0),
    };
    d.clamp(0.0, length)
}

fn involves_internet(verdict: &Verdict) -> bool {
    verdict.source.interface.is_none()
        || verdict.destination.interface.is_none()
        || verdict.hops().any(|h| {
            matches!(h.kind, HopKind::InternetGatewayEgress | HopKind::InternetGatewayIngress | HopKind::Internet)
        })
}

/// The steps a packet takes: leaving, each request hop, arriving, each reply hop,
/// coming back (the last two only when it gets there).
pub fn step_kinds(verdict: &Verdict) -> Vec<StepKind> {
    let mut steps = vec![StepKind::Depart];
    let hops = |leg: LegDirection, hops: &[sglab_engine::Hop]| -> Vec<StepKind> {
        hops.iter().enumerate().map(|(index, h)| StepKind::Hop { leg, index, kind: h.kind, outcome: h.outcome }).collect()
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

/// Draws a verdict. `position` says where a node is now (it follows a drag).
pub fn arrow_for(
    verdict: &Verdict,
    network: &Network,
    layout: &Layout,
    position: impl Fn(&NodeKey) -> Option<Point>,
) -> Arrow {
    let source = place_end(&verdict.source, network, layout, &position);
    let destination = place_end(&verdict.destination, network, layout, &position);
    let mut points = vec![source.point];
    if involves_internet(verdict) {
        for gateway in [source.gateway, destination.gateway].into_iter().flatten() {
            if points.last().is_none_or(|p| distance(*p, gateway) > 1.0) {
                points.push(gateway);
            }
        }
    }
    points.push(destination.point);
    let ends = (source.point, destination.point);
    let path = Polyline::new(points.clone());
    let length = path.length();
    let gateway_distances: Vec<f64> = (1..points.len().saturating_sub(1)).map(|i| path.at[i]).collect();
    let mut reversed_points = points;
    reversed_points.reverse();
    let reply_path = Polyline::new(reversed_points);
    let reply_gateways: Vec<f64> = gateway_distances.iter().rev().map(|d| length - d).collect();

    // Every hop's place, measured along the request's path.
    let request_at: Vec<f64> = verdict
        .request
        .hops
        .iter()
        .map(|h| hop_distance(h.kind, &path, &source, &destination, &gateway_distances))
        .collect();
    let reply_at: Vec<f64> = verdict
        .reply
        .iter()
        .flat_map(|leg| leg.hops.iter())
        .map(|h| length - hop_distance(h.kind, &reply_path, &destination, &source, &reply_gateways))
        .collect();

    let steps = step_kinds(verdict)
        .into_iter()
        .map(|kind| {
            let (d, reply) = match kind {
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
            Step { kind, point: path.point_at(d), reply }
        })
        .collect();

    // The line stops short of the nodes' circles.
    let trim = (NODE_RADIUS + 3.0).min(length / 3.0);
    let blocked_at = verdict.blocked.as_ref().map(|b| b.component.clone());
    match verdict.blocked.as_ref().filter(|_| !verdict.allowed) {
        Some(blocked) if blocked.leg == LegDirection::Reply => {
            let stop = reply_at.get(blocked.hop).copied().unwrap_or(length / 2.0);
            Arrow {
                state: ArrowState::ReplyBlocked,
                line: path.slice(trim, length - trim),
                reply_line: Some(path.slice(stop, length - trim).into_iter().rev().collect()),
                heads: 1,
                stop: Some(path.point_at(stop)),
                blocked_at,
                steps,
                ends,
            }
        }
        Some(blocked) => {
            let stop = request_at.get(blocked.hop).copied().unwrap_or(length / 2.0);
            Arrow {
                state: ArrowState::Blocked,
                line: path.slice(trim.min(stop), stop),
                reply_line: None,
                heads: 0,
                stop: Some(path.point_at(stop)),
                blocked_at,
                steps,
                ends,
            }
        }
        None => Arrow {
            state: ArrowState::Allowed,
            line: path.slice(trim, length - trim),
            reply_line: None,
            heads: if verdict.reply.is_some() { 2 } else { 1 },
            stop: None,
            blocked_at: None,
            steps,
            ends,
        },
    }
}

/// SVG `points` text for a polyline.
pub fn points_attr(points: &[Point]) -> String {
    points.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example::{self, chapter, chapter_connections};
    use sglab_engine::{evaluate, Edit};

    fn drawn(number: usize, network: &Network) -> (Arrow, Layout) {
        let layout = Layout::for_network(network);
        let verdict = evaluate(network, &chapter_connections()[number - 1].flow).expect("valid flow");
        let arrow = arrow_for(&verdict, network, &layout, |k| layout.nodes.get(k).copied());
        (arrow, layout)
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
        assert!(arrow.line.iter().any(|p| distance(*p, gateway) < 0.5), "the line bends at the gateway");
        // Request: depart, IGW in, NACL in, SG in, arrive; reply: 5 hops, return.
        assert_eq!(arrow.steps.len(), 1 + 3 + 1 + 5 + 1);
        assert_eq!(arrow.steps[1].point, gateway);
        assert!(matches!(arrow.steps.last().map(|s| s.kind), Some(StepKind::Return)));
    }

    #[test]
    fn connections_3_and_4_stop_at_the_source_interfaces_edge() {
        let net = chapter();
        for (number, resource, eni) in [
            (3, example::APP_INSTANCE_ID, example::APP_ENI_ID),
            (4, example::DATABASE_ID, example::DATABASE_ENI_ID),
        ] {
            let (arrow, layout) = drawn(number, &net);
            assert_eq!(arrow.state, ArrowState::Blocked, "connection {number}");
            assert_eq!(arrow.blocked_at.as_deref(), Some(eni));
            let stop = arrow.stop.expect("a stop mark");
            let from_node = distance(stop, node(&layout, resource));
            assert!((from_node - (NODE_RADIUS + 6.0)).abs() < 0.5, "connection {number}: {from_node}");
            assert_eq!(arrow.heads, 0);
        }
    }

    #[test]
    fn a_request_blocked_at_the_destination_stops_at_its_edge_and_follows_a_drag() {
        let mut net = chapter();
        net.apply(&Edit::RevokeSecurityGroupIngress {
            group_id: example::DATABASE_SG_ID.into(),
            rule_ids: vec!["sgr-0a1b2c3d4e5f60005".into()],
        })
        .expect("revoke");
        let layout = Layout::for_network(&net);
        let verdict = evaluate(&net, &chapter_connections()[1].flow).expect("valid");
        let moved = Point::new(900.0, 250.0);
        let db_key = NodeKey::Resource(example::DATABASE_ID.into());
        let arrow = arrow_for(&verdict, &net, &layout, |k| if *k == db_key { Some(moved) } else { layout.nodes.get(k).copied() });
        assert_eq!(arrow.state, ArrowState::Blocked);
        assert_eq!(arrow.blocked_at.as_deref(), Some(example::DATABASE_ENI_ID));
        let stop = arrow.stop.expect("stop");
        assert!((distance(stop, moved) - (NODE_RADIUS + 6.0)).abs() < 0.5);
    }

    #[test]
    fn a_blocked_reply_draws_the_request_and_stops_the_way_back_at_the_subnet_border() {
        let mut net = chapter();
        let acl = &mut net.network_acls[0];
        acl.outbound.insert(0, sglab_engine::NaclEntry {
            rule_number: 10,
            action: sglab_engine::RuleAction::Deny,
            traffic: sglab_engine::Traffic::All,
            cidr: "1.2.3.4/32".parse().expect("cidr"),
        });
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
    fn an_address_with_no_host_node_is_placed_in_the_internet_column() {
        let net = chapter();
        let layout = Layout::for_network(&net);
        let flow = sglab_engine::Flow::new(
            sglab_engine::Endpoint::Address("8.8.8.8".parse().expect("ip")),
            sglab_engine::Endpoint::Resource(example::APP_INSTANCE_ID.into()),
            sglab_engine::Service::Tcp { port: 443 },
        );
        let verdict = evaluate(&net, &flow).expect("valid");
        let arrow = arrow_for(&verdict, &net, &layout, |k| layout.nodes.get(k).copied());
        assert_eq!(arrow.steps[0].point.x, INTERNET_X);
        assert!(layout.nodes.values().all(|p| distance(*p, arrow.steps[0].point) > 1.0));
    }

    #[test]
    fn polylines_measure_and_slice() {
        let line = Polyline::new(vec![Point::new(0.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 10.0)]);
        assert_eq!(line.length(), 20.0);
        assert_eq!(line.point_at(15.0), Point::new(10.0, 5.0));
        assert_eq!(line.slice(5.0, 15.0), vec![Point::new(5.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 5.0)]);
        assert_eq!(points_attr(&[Point::new(1.0, 2.5)]), "1.0,2.5");
    }

    #[test]
    fn arrows_between_the_same_ends_either_way_are_drawn_apart() {
        let net = chapter();
        let (to_db, _) = drawn(2, &net);
        let (from_db, _) = drawn(4, &net);
        let (browser, _) = drawn(1, &net);
        let mut arrows = vec![to_db.clone(), from_db.clone(), browser.clone()];
        spread_parallel(&mut arrows);
        // The lone arrow stays on its line; the two others move apart by the gap,
        // each half of it to either side, with their packets' steps.
        assert_eq!(arrows[2], browser);
        let offset = |a: &Arrow, b: &Arrow| ((a.line[0].x - b.line[0].x), (a.line[0].y - b.line[0].y));
        let (ax, ay) = offset(&arrows[0], &to_db);
        let (bx, by) = offset(&arrows[1], &from_db);
        assert!(((ax * ax + ay * ay).sqrt() - PARALLEL_GAP / 2.0).abs() < 1e-6);
        assert!((ax + bx).abs() < 1e-6 && (ay + by).abs() < 1e-6, "opposite sides");
        assert_eq!(arrows[0].steps[0].point.x - to_db.steps[0].point.x, ax);
    }
}
