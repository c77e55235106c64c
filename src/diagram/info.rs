//! What the diagram writes beside each node, read from the network. Plain data, so a
//! node's `Memo` only notifies when its own words change.

use crate::layout::NodeKey;
use sglab_engine::{Network, ResourceKind};

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
    /// What a screen reader says: "App Server, EC2 instance, 10.1.1.33".
    pub fn aria_label(&self) -> String {
        let mut words = vec![self.name.clone(), self.kind.label().to_owned()];
        words.extend(self.private_ip.clone());
        words.extend(self.public_ip.as_ref().map(|ip| format!("public {ip}")));
        words.join(", ")
    }

    /// The test id of the node's group in the SVG.
    pub fn test_id(key: &NodeKey) -> String {
        match key {
            NodeKey::Resource(id) | NodeKey::Interface(id) => format!("node-{id}"),
            NodeKey::Host(address) => format!("host-{address}"),
        }
    }
}

/// What the diagram writes for a node, or `None` when the network no longer has it.
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
        assert!(info.aria_label().starts_with(&format!("{}, EC2 instance, 10.1.1.33", info.name)));
    }

    #[test]
    fn a_host_is_named_and_a_missing_node_has_no_info() {
        let net = example::chapter();
        let host = node_info(&net, &NodeKey::Host("1.2.3.4".into())).unwrap();
        assert_eq!(host.kind, NodeKind::Host);
        assert!(node_info(&net, &NodeKey::Resource("i-gone".into())).is_none());
    }
}
