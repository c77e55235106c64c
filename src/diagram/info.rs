//! What the diagram writes beside each node, read from the network. Plain data, so a
//! node's `Memo` only notifies when its own words change.

use crate::layout::NodeKey;
use sglab_engine::{name_tag, Network, NetworkInterface, ResourceKind};
use std::collections::{HashMap, HashSet};

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Ec2,
    Rds,
    Alb,
    /// A network interface that belongs to no resource.
    Interface,
    /// A host on the internet.
    Host,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Ec2 => "ec2",
            NodeKind::Rds => "rds",
            NodeKind::Alb => "alb",
            NodeKind::Interface => "eni",
            NodeKind::Host => "host",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Ec2 => ResourceKind::Ec2.label(),
            NodeKind::Rds => ResourceKind::Rds.label(),
            NodeKind::Alb => ResourceKind::Alb.label(),
            NodeKind::Interface => "network interface",
            NodeKind::Host => "internet host",
        }
    }
}

impl From<ResourceKind> for NodeKind {
    fn from(kind: ResourceKind) -> Self {
        match kind {
            ResourceKind::Ec2 => NodeKind::Ec2,
            ResourceKind::Rds => NodeKind::Rds,
            ResourceKind::Alb => NodeKind::Alb,
        }
    }
}

/// A security group as a badge: its id and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub id: String,
    pub name: String,
}

/// Everything written on and beside one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    pub kind: NodeKind,
    pub id: String,
    pub name: String,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub groups: Vec<Badge>,
}

impl NodeInfo {
    /// The test id of the node's group in the SVG.
    pub fn test_id(key: &NodeKey) -> String {
        match key {
            NodeKey::Resource(id) | NodeKey::Interface(id) => format!("node-{id}"),
            NodeKey::Host(address) => format!("host-{address}"),
        }
    }
}

/// What the diagram writes for one node, or `None` when the network no longer has it:
/// the plain reading of the network that [`node_infos`] is checked against, and what a
/// dragged node's labels are measured by.
pub fn node_info(network: &Network, key: &NodeKey) -> Option<NodeInfo> {
    let badges = |ids: &[sglab_engine::ids::SecurityGroupId]| -> Vec<Badge> {
        ids.iter()
            .map(|id| Badge {
                id: id.to_string(),
                name: network.security_group(id).map_or_else(|| id.to_string(), |g| g.name.clone()),
            })
            .collect()
    };
    match key {
        NodeKey::Resource(id) => {
            let resource = network.resources.iter().find(|r| r.id.as_str() == id)?;
            let eni = network.interfaces_of(&resource.id).next();
            Some(NodeInfo {
                kind: resource.kind.into(),
                id: id.clone(),
                name: resource.name.clone(),
                private_ip: eni.and_then(|e| e.primary_private_ip()).map(|ip| ip.to_string()),
                public_ip: eni.and_then(|e| e.public_ip()).map(|ip| ip.to_string()),
                groups: eni.map(|e| badges(&e.security_groups)).unwrap_or_default(),
            })
        }
        NodeKey::Interface(id) => {
            let eni = network.network_interfaces.iter().find(|e| e.id.as_str() == id)?;
            Some(NodeInfo {
                kind: NodeKind::Interface,
                id: id.clone(),
                name: network.interface_label(eni),
                private_ip: eni.primary_private_ip().map(|ip| ip.to_string()),
                public_ip: eni.public_ip().map(|ip| ip.to_string()),
                groups: badges(&eni.security_groups),
            })
        }
        NodeKey::Host(address) => {
            let host = network.internet_hosts.iter().find(|h| h.address.to_string() == *address)?;
            Some(NodeInfo {
                kind: NodeKind::Host,
                id: address.clone(),
                name: host.name.clone(),
                private_ip: None,
                public_ip: Some(address.clone()),
                groups: Vec::new(),
            })
        }
    }
}

/// What the diagram writes for every node, built in one pass over the network: the
/// diagram reads it once per change of the lab instead of searching the network for
/// each of a thousand nodes. Equal to [`node_info`] for every node it draws.
pub fn node_infos(network: &Network) -> HashMap<NodeKey, NodeInfo> {
    let group_names: HashMap<&str, &str> =
        network.security_groups.iter().map(|g| (g.id.as_str(), g.name.as_str())).collect();
    let badges = |eni: &NetworkInterface| -> Vec<Badge> {
        eni.security_groups
            .iter()
            .map(|id| Badge {
                id: id.to_string(),
                name: group_names.get(id.as_str()).map_or_else(|| id.to_string(), |n| (*n).to_owned()),
            })
            .collect()
    };
    let primary = network.primary_interfaces();
    let resources: HashSet<&str> = network.resources.iter().map(|r| r.id.as_str()).collect();
    let mut infos = HashMap::with_capacity(network.resources.len() + network.internet_hosts.len());
    for resource in &network.resources {
        let eni = primary.get(resource.id.as_str()).copied();
        infos.insert(
            NodeKey::Resource(resource.id.to_string()),
            NodeInfo {
                kind: resource.kind.into(),
                id: resource.id.to_string(),
                name: resource.name.clone(),
                private_ip: eni.and_then(|e| e.primary_private_ip()).map(|ip| ip.to_string()),
                public_ip: eni.and_then(|e| e.public_ip()).map(|ip| ip.to_string()),
                groups: eni.map(badges).unwrap_or_default(),
            },
        );
    }
    for eni in &network.network_interfaces {
        if eni.resource_id.as_ref().is_some_and(|r| resources.contains(r.as_str())) {
            continue;
        }
        infos.insert(
            NodeKey::Interface(eni.id.to_string()),
            NodeInfo {
                kind: NodeKind::Interface,
                id: eni.id.to_string(),
                // What `Network::interface_label` says of an interface of no resource.
                name: name_tag(&eni.tags).map_or_else(|| eni.id.to_string(), str::to_owned),
                private_ip: eni.primary_private_ip().map(|ip| ip.to_string()),
                public_ip: eni.public_ip().map(|ip| ip.to_string()),
                groups: badges(eni),
            },
        );
    }
    for host in &network.internet_hosts {
        let address = host.address.to_string();
        infos.insert(
            NodeKey::Host(address.clone()),
            NodeInfo {
                kind: NodeKind::Host,
                id: address.clone(),
                name: host.name.clone(),
                private_ip: None,
                public_ip: Some(address),
                groups: Vec::new(),
            },
        );
    }
    infos
}

/// The nodes a search finds, best first: an exact id, address or name before a name,
/// id or address that contains what was typed (case aside). At most `limit`.
pub fn find<'a>(infos: impl Iterator<Item = (&'a NodeKey, &'a NodeInfo)>, query: &str, limit: usize) -> Vec<NodeKey> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u8, &NodeInfo, &NodeKey)> = infos
        .filter_map(|(key, info)| {
            let words = [Some(&info.name), Some(&info.id), info.private_ip.as_ref(), info.public_ip.as_ref()];
            let words = words.into_iter().flatten().map(|w| w.to_lowercase());
            let mut rank = None;
            for word in words {
                if word == query {
                    rank = Some(0);
                    break;
                }
                if word.contains(&query) {
                    rank = Some(1);
                }
            }
            rank.map(|r| (r, info, key))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)).then_with(|| a.2.cmp(b.2)));
    found.into_iter().take(limit).map(|(_, _, key)| key.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example;

    #[test]
    fn the_app_server_is_labelled_with_its_addresses_and_group() {
        let net = example::chapter();
        let info = node_info(&net, &NodeKey::Resource(example::APP_INSTANCE_ID.into())).unwrap();
        assert_eq!(info.kind, NodeKind::Ec2);
        assert_eq!(info.private_ip.as_deref(), Some("10.1.1.33"));
        assert_eq!(info.public_ip.as_deref(), Some("4.5.6.7"));
        assert!(info.groups.iter().any(|g| g.id == example::APP_SG_ID));
        let labels = crate::diagram::labels::NodeLabels::of(&info);
        assert_eq!(
            labels.accessible_name(&info),
            format!("{} 10.1.1.33 4.5.6.7 public app-server-sg, EC2 instance", info.name)
        );
    }

    #[test]
    fn a_host_is_named_and_a_missing_node_has_no_info() {
        let net = example::chapter();
        let host = node_info(&net, &NodeKey::Host("1.2.3.4".into())).unwrap();
        assert_eq!(host.kind, NodeKind::Host);
        assert!(node_info(&net, &NodeKey::Resource("i-gone".into())).is_none());
    }

    #[test]
    fn the_lookup_says_what_node_info_says_for_every_node() {
        let mut net = example::chapter();
        // An interface of no resource, one whose resource is gone, a resource with two.
        let mut loose = net.network_interfaces[0].clone();
        loose.id = sglab_engine::ids::NetworkInterfaceId::new("eni-0loose");
        loose.resource_id = None;
        loose.tags = vec![sglab_engine::Tag { key: "Name".into(), value: "spare".into() }];
        let mut orphan = net.network_interfaces[1].clone();
        orphan.id = sglab_engine::ids::NetworkInterfaceId::new("eni-0orphan");
        orphan.resource_id = Some(sglab_engine::ids::ResourceId::new("i-0gone"));
        let mut second = net.network_interfaces[1].clone();
        second.id = sglab_engine::ids::NetworkInterfaceId::new("eni-0second");
        second.resource_id = Some(sglab_engine::ids::ResourceId::new(example::APP_INSTANCE_ID));
        second.security_groups.push(sglab_engine::ids::SecurityGroupId::new("sg-0nolongerthere"));
        net.network_interfaces.extend([loose, orphan, second]);
        let infos = node_infos(&net);
        let keys = crate::layout::node_keys(&net);
        assert_eq!(infos.len(), keys.len());
        for (key, _) in &keys {
            assert_eq!(infos.get(key), node_info(&net, key).as_ref(), "{key:?}");
        }
        assert_eq!(infos[&NodeKey::Interface("eni-0loose".into())].name, "spare");
    }

    #[test]
    fn a_search_finds_by_address_id_or_name_exact_matches_first() {
        let net = example::chapter();
        let infos = node_infos(&net);
        let app = NodeKey::Resource(example::APP_INSTANCE_ID.into());
        let db = NodeKey::Resource(example::DATABASE_ID.into());
        assert_eq!(find(infos.iter(), "10.1.1.33", 5), vec![app.clone()]);
        assert_eq!(find(infos.iter(), " 4.5.6.7 ", 5), vec![app.clone()]);
        assert_eq!(find(infos.iter(), &example::DATABASE_ID.to_uppercase(), 5), vec![db.clone()]);
        // "10.1." is in both private addresses; an exact address comes before a partial one.
        assert_eq!(find(infos.iter(), "10.1.", 5).len(), 2);
        assert_eq!(find(infos.iter(), "10.1.", 1).len(), 1);
        assert_eq!(find(infos.iter(), "1.2.3.4", 5).first(), Some(&NodeKey::Host("1.2.3.4".into())));
        assert!(find(infos.iter(), "nothing like it", 5).is_empty());
        assert!(find(infos.iter(), "  ", 5).is_empty());
    }
}
