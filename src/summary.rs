//! What the page says about a network before anything is fired: its VPCs, subnets,
//! interfaces and internet hosts, in words. Plain data, so it is tested natively.

use sglab_engine::{name_tag, Network, RouteTarget, Subnet};

/// A network described for people, in the order the network lists things.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkSummary {
    pub vpcs: Vec<VpcSummary>,
    pub internet_hosts: Vec<HostSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VpcSummary {
    /// The `Name` tag, or the id when there is none.
    pub name: String,
    pub id: String,
    /// The IPv4 CIDR blocks, comma-separated.
    pub cidrs: String,
    /// The attached internet gateway's id.
    pub internet_gateway: Option<String>,
    pub subnets: Vec<SubnetSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetSummary {
    pub name: String,
    pub id: String,
    pub cidr: String,
    /// Its route table sends some traffic to an internet gateway.
    pub public: bool,
    pub interfaces: Vec<InterfaceSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceSummary {
    /// The attached resource's name ("App Server"), or the interface id.
    pub name: String,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    /// Names of its security groups.
    pub security_groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSummary {
    pub name: String,
    pub address: String,
}

impl NetworkSummary {
    pub fn of(network: &Network) -> Self {
        let vpcs = network
            .vpcs
            .iter()
            .map(|vpc| VpcSummary {
                name: name_tag(&vpc.tags).unwrap_or(vpc.id.as_str()).to_owned(),
                id: vpc.id.to_string(),
                cidrs: vpc.cidr_blocks.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                internet_gateway: network
                    .internet_gateways
                    .iter()
                    .find(|gateway| gateway.vpc_id.as_ref() == Some(&vpc.id))
                    .map(|gateway| gateway.id.to_string()),
                subnets: network
                    .subnets
                    .iter()
                    .filter(|subnet| subnet.vpc_id == vpc.id)
                    .map(|subnet| summarize_subnet(network, subnet))
                    .collect(),
            })
            .collect();
        let internet_hosts = network
            .internet_hosts
            .iter()
            .map(|host| HostSummary { name: host.name.clone(), address: host.address.to_string() })
            .collect();
        NetworkSummary { vpcs, internet_hosts }
    }
}

fn summarize_subnet(network: &Network, subnet: &Subnet) -> SubnetSummary {
    let interfaces = network
        .network_interfaces
        .iter()
        .filter(|interface| interface.subnet_id == subnet.id)
        .map(|interface| InterfaceSummary {
            name: interface
                .resource_id
                .as_ref()
                .and_then(|id| network.resource(id))
                .map(|resource| resource.name.clone())
                .unwrap_or_else(|| interface.id.to_string()),
            private_ip: interface.primary_private_ip().map(|ip| ip.to_string()),
            public_ip: interface.public_ip().map(|ip| ip.to_string()),
            security_groups: interface
                .security_groups
                .iter()
                .map(|id| network.security_group(id).map_or_else(|| id.to_string(), |group| group.name.clone()))
                .collect(),
        })
        .collect();
    SubnetSummary {
        name: name_tag(&subnet.tags).unwrap_or(subnet.id.as_str()).to_owned(),
        id: subnet.id.to_string(),
        cidr: subnet.cidr_block.to_string(),
        public: routes_to_internet_gateway(network, subnet),
        interfaces,
    }
}

/// A subnet uses the route table it is associated with, or else its VPC's main table.
fn routes_to_internet_gateway(network: &Network, subnet: &Subnet) -> bool {
    let in_vpc = || network.route_tables.iter().filter(|table| table.vpc_id == subnet.vpc_id);
    let table = in_vpc()
        .find(|table| table.subnet_ids.contains(&subnet.id))
        .or_else(|| in_vpc().find(|table| table.main));
    table.is_some_and(|table| {
        table.routes.iter().any(|route| matches!(route.target, RouteTarget::InternetGateway(_)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example::chapter;

    #[test]
    fn the_chapter_has_one_vpc_with_a_public_and_a_private_subnet() {
        let summary = NetworkSummary::of(&chapter());
        assert_eq!(summary.vpcs.len(), 1);
        let vpc = &summary.vpcs[0];
        assert_eq!(vpc.name, "chapter-vpc");
        assert_eq!(vpc.cidrs, "10.1.0.0/16");
        assert!(vpc.internet_gateway.is_some());
        let subnets: Vec<_> = vpc.subnets.iter().map(|s| (s.name.as_str(), s.cidr.as_str(), s.public)).collect();
        assert_eq!(subnets, [("public-subnet", "10.1.1.0/24", true), ("private-subnet", "10.1.2.0/24", false)]);
    }

    #[test]
    fn interfaces_are_named_after_what_they_are_attached_to() {
        let summary = NetworkSummary::of(&chapter());
        let app_server = &summary.vpcs[0].subnets[0].interfaces[0];
        assert_eq!(app_server.name, "App Server");
        assert_eq!(app_server.private_ip.as_deref(), Some("10.1.1.33"));
        assert_eq!(app_server.public_ip.as_deref(), Some("4.5.6.7"));
        assert_eq!(app_server.security_groups, ["app-server-sg"]);
        let database = &summary.vpcs[0].subnets[1].interfaces[0];
        assert_eq!(database.name, "MySQL database");
        assert_eq!(database.public_ip, None);
    }

    #[test]
    fn internet_hosts_are_listed_with_their_addresses() {
        let summary = NetworkSummary::of(&chapter());
        let hosts: Vec<_> = summary.internet_hosts.iter().map(|h| (h.name.as_str(), h.address.as_str())).collect();
        assert_eq!(hosts, [("Web browser", "1.2.3.4"), ("Suspicious server", "203.0.113.66")]);
    }
}
