//! Where things are drawn. The diagram's geometry is kept apart from the network: a
//! resource's position is layout, not AWS state, so moving it is never an AWS edit.
//!
//! Coordinates are SVG user units. The internet is a column on the left, the VPC a box
//! to its right with its internet gateway on its left edge, subnets are boxes inside
//! the VPC, and resources sit inside their subnet.

use serde::{Deserialize, Serialize};
use sglab_engine::{Network, Subnet};
use std::collections::BTreeMap;

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
/// Resources within a subnet are placed in rows of this many.
const SLOTS_PER_ROW: usize = 3;

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

impl Layout {
    /// A layout for a network: subnets in a grid inside their VPC (public ones first),
    /// resources in slots inside their subnet, internet hosts on the left.
    pub fn for_network(network: &Network) -> Layout {
        let mut layout = Layout::default();
        layout.sync(network);
        layout
    }

    /// Keeps the layout in step with the network: places what is new, forgets what is
    /// gone, leaves everything else where the user put it.
    pub fn sync(&mut self, network: &Network) {
        self.subnets.retain(|id, _| network.subnets.iter().any(|s| s.id.as_str() == id));
        let mut ordered: Vec<&Subnet> = network.subnets.iter().collect();
        // Public subnets first: they face the internet on the left.
        ordered.sort_by_key(|s| !is_public(network, s));
        for subnet in ordered {
            if !self.subnets.contains_key(subnet.id.as_str()) {
                let rect = self.free_subnet_slot(network, is_public(network, subnet));
                self.subnets.insert(subnet.id.to_string(), rect);
            }
        }

        let wanted: Vec<(NodeKey, Option<String>)> = node_keys(network);
        self.nodes.retain(|key, _| wanted.iter().any(|(k, _)| k == key));
        let mut host_row = self.nodes.keys().filter(|k| matches!(k, NodeKey::Host(_))).count();
        for (key, subnet) in wanted {
            if self.nodes.contains_key(&key) {
                continue;
            }
            let point = match subnet.as_ref().and_then(|s| self.subnets.get(s).copied()) {
                Some(rect) => self.free_node_slot(&rect),
                None => {
                    host_row += 1;
                    Point::new(INTERNET_X, VPC_TOP + 70.0 + (host_row as f64 - 1.0) * 130.0)
                }
            };
            self.nodes.insert(key, point);
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
        all.extend(self.nodes.values().map(|p| Rect { x: p.x, y: p.y, width: 0.0, height: 0.0 }.grow(NODE_RADIUS + 40.0)));
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

    /// Where a node asked to go to `to` may stand: a resource inside its subnet, an
    /// internet host anywhere.
    pub fn clamped(&self, network: &Network, key: &NodeKey, to: Point) -> Point {
        match subnet_of(network, key).and_then(|s| self.subnets.get(&s).copied()) {
            Some(rect) => rect.clamp(to, NODE_RADIUS + 6.0),
            None => to,
        }
    }

    /// The first free cell of a grid two subnets wide, in reading order, on a row that
    /// holds only subnets of the same kind: public subnets on the top rows, nearest the
    /// internet gateway, private ones below them, as AWS draws a VPC.
    fn free_subnet_slot(&self, network: &Network, public: bool) -> Rect {
        let public_ids: Vec<&str> =
            network.subnets.iter().filter(|s| is_public(network, s)).map(|s| s.id.as_str()).collect();
        for index in 0.. {
            let (col, row) = (index % 2, index / 2);
            let rect = Rect {
                x: VPC_LEFT + VPC_PADDING + col as f64 * (SUBNET_WIDTH + SUBNET_GAP),
                y: VPC_TOP + VPC_PADDING + row as f64 * (SUBNET_HEIGHT + SUBNET_GAP),
                width: SUBNET_WIDTH,
                height: SUBNET_HEIGHT,
            };
            let mut on_row = self.subnets.iter().filter(|(_, r)| r.y == rect.y);
            let taken = self.subnets.values().any(|r| r.x == rect.x && r.y == rect.y);
            let other_kind = on_row.any(|(id, _)| public_ids.contains(&id.as_str()) != public);
            if (!taken && !other_kind) || index > 10_000 {
                return rect;
            }
        }
        Rect::default()
    }

    fn free_node_slot(&self, subnet: &Rect) -> Point {
        let step_x = subnet.width / SLOTS_PER_ROW as f64;
        for index in 0.. {
            let (col, row) = (index % SLOTS_PER_ROW, index / SLOTS_PER_ROW);
            let p = Point::new(subnet.x + step_x * (col as f64 + 0.5), subnet.y + 95.0 + row as f64 * 90.0);
            let taken = self.nodes.values().any(|q| (q.x - p.x).abs() < 1.0 && (q.y - p.y).abs() < 1.0);
            if !taken || index > 10_000 {
                return p;
            }
        }
        subnet.center()
    }
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
pub fn node_keys(network: &Network) -> Vec<(NodeKey, Option<String>)> {
    let mut keys = Vec::new();
    for resource in &network.resources {
        let subnet = network.interfaces_of(&resource.id).next().map(|n| n.subnet_id.to_string());
        keys.push((NodeKey::Resource(resource.id.to_string()), subnet));
    }
    for eni in &network.network_interfaces {
        let owned = eni.resource_id.as_ref().is_some_and(|r| network.resource(r).is_some());
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
