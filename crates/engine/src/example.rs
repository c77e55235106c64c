//! The Security Groups chapter's network, the lab's built-in example.
//!
//! VPC 10.1.0.0/16 with an internet gateway; a public subnet 10.1.1.0/24 holding the
//! App Server (10.1.1.33, Elastic IP 4.5.6.7); a private subnet 10.1.2.0/24 holding
//! the MySQL database (10.1.2.15); a web browser at 1.2.3.4 on the internet.
//!
//! The chapter's four connections come out as it says: 1 and 2 allowed, 3 and 4
//! denied. Connection 4 is denied for a reason that is true in AWS: the chapter says
//! the App Server's group "only allows 443 from the public Internet", but a rule for
//! 0.0.0.0/0 includes 10.1.2.15. Here the database's group has no outbound rule, so
//! the database cannot open connections at all, while its replies to the App Server
//! still flow: security groups are stateful.

use crate::flow::{Endpoint, Flow};
use crate::ids::*;
use crate::model::*;
use crate::traffic::{PortRange, Service, Traffic};
use ipnet::{IpNet, Ipv4Net};
use std::net::{IpAddr, Ipv4Addr};

pub const VPC_ID: &str = "vpc-0a1b2c3d4e5f60001";
pub const IGW_ID: &str = "igw-0a1b2c3d4e5f60001";
pub const PUBLIC_SUBNET_ID: &str = "subnet-0a1b2c3d4e5f60001";
pub const PRIVATE_SUBNET_ID: &str = "subnet-0a1b2c3d4e5f60002";
pub const MAIN_ROUTE_TABLE_ID: &str = "rtb-0a1b2c3d4e5f60001";
pub const PUBLIC_ROUTE_TABLE_ID: &str = "rtb-0a1b2c3d4e5f60002";
pub const DEFAULT_ACL_ID: &str = "acl-0a1b2c3d4e5f60001";
pub const DEFAULT_SG_ID: &str = "sg-0a1b2c3d4e5f60001";
pub const APP_SG_ID: &str = "sg-0a1b2c3d4e5f60002";
pub const DATABASE_SG_ID: &str = "sg-0a1b2c3d4e5f60003";
pub const APP_ENI_ID: &str = "eni-0a1b2c3d4e5f60001";
pub const DATABASE_ENI_ID: &str = "eni-0a1b2c3d4e5f60002";
pub const APP_INSTANCE_ID: &str = "i-0a1b2c3d4e5f60001";
pub const DATABASE_ID: &str = "chapter-mysql";

pub const APP_PRIVATE_IP: Ipv4Addr = Ipv4Addr::new(10, 1, 1, 33);
pub const APP_ELASTIC_IP: Ipv4Addr = Ipv4Addr::new(4, 5, 6, 7);
pub const DATABASE_PRIVATE_IP: Ipv4Addr = Ipv4Addr::new(10, 1, 2, 15);
pub const BROWSER_IP: Ipv4Addr = Ipv4Addr::new(1, 2, 3, 4);
/// The chapter writes connection 3's destination as `?.?.?.?`; the lab gives it an
/// address from the range reserved for documentation (RFC 5737).
pub const SUSPICIOUS_SERVER_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 66);

fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    // Every literal below is a valid prefix length; `new_assert` would also do, but
    // the crate denies panics outside tests.
    Ipv4Net::new(Ipv4Addr::new(a, b, c, d), len).unwrap_or_default()
}

fn name(value: &str) -> Vec<Tag> {
    vec![Tag { key: "Name".into(), value: value.into() }]
}

fn rule(id: &str, traffic: Traffic, peer: Peer, description: &str) -> SgRule {
    SgRule {
        id: SecurityGroupRuleId::new(id),
        traffic,
        peer,
        description: (!description.is_empty()).then(|| description.to_owned()),
    }
}

/// The chapter's network.
pub fn chapter() -> Network {
    let vpc = VpcId::new(VPC_ID);
    let anywhere = Peer::Cidr(IpNet::V4(Ipv4Net::default()));
    Network {
        vpcs: vec![Vpc {
            id: vpc.clone(),
            cidr_blocks: vec![v4(10, 1, 0, 0, 16)],
            ipv6_cidr_blocks: vec![],
            is_default: false,
            tags: name("chapter-vpc"),
        }],
        subnets: vec![
            Subnet {
                id: SubnetId::new(PUBLIC_SUBNET_ID),
                vpc_id: vpc.clone(),
                cidr_block: v4(10, 1, 1, 0, 24),
                ipv6_cidr_block: None,
                availability_zone: "us-east-1a".into(),
                tags: name("public-subnet"),
            },
            Subnet {
                id: SubnetId::new(PRIVATE_SUBNET_ID),
                vpc_id: vpc.clone(),
                cidr_block: v4(10, 1, 2, 0, 24),
                ipv6_cidr_block: None,
                availability_zone: "us-east-1a".into(),
                tags: name("private-subnet"),
            },
        ],
        route_tables: vec![
            RouteTable {
                id: RouteTableId::new(MAIN_ROUTE_TABLE_ID),
                vpc_id: vpc.clone(),
                main: true,
                subnet_ids: vec![],
                routes: vec![Route { destination: IpNet::V4(v4(10, 1, 0, 0, 16)), target: RouteTarget::Local }],
                tags: name("main (private)"),
            },
            RouteTable {
                id: RouteTableId::new(PUBLIC_ROUTE_TABLE_ID),
                vpc_id: vpc.clone(),
                main: false,
                subnet_ids: vec![SubnetId::new(PUBLIC_SUBNET_ID)],
                routes: vec![
                    Route { destination: IpNet::V4(v4(10, 1, 0, 0, 16)), target: RouteTarget::Local },
                    Route {
                        destination: IpNet::V4(Ipv4Net::default()),
                        target: RouteTarget::InternetGateway(InternetGatewayId::new(IGW_ID)),
                    },
                ],
                tags: name("public"),
            },
        ],
        internet_gateways: vec![InternetGateway {
            id: InternetGatewayId::new(IGW_ID),
            vpc_id: Some(vpc.clone()),
            tags: name("chapter-igw"),
        }],
        network_acls: vec![default_network_acl(
            NetworkAclId::new(DEFAULT_ACL_ID),
            vpc.clone(),
            vec![SubnetId::new(PUBLIC_SUBNET_ID), SubnetId::new(PRIVATE_SUBNET_ID)],
        )],
        security_groups: vec![
            SecurityGroup {
                id: SecurityGroupId::new(DEFAULT_SG_ID),
                name: "default".into(),
                description: "default VPC security group".into(),
                vpc_id: vpc.clone(),
                inbound: vec![rule(
                    "sgr-0a1b2c3d4e5f60001",
                    Traffic::All,
                    Peer::SecurityGroup(SecurityGroupId::new(DEFAULT_SG_ID)),
                    "",
                )],
                outbound: vec![rule("sgr-0a1b2c3d4e5f60002", Traffic::All, anywhere.clone(), "")],
                tags: vec![],
            },
            SecurityGroup {
                id: SecurityGroupId::new(APP_SG_ID),
                name: "app-server-sg".into(),
                description: "App Server: HTTPS from anywhere, MySQL to the database subnet".into(),
                vpc_id: vpc.clone(),
                inbound: vec![rule(
                    "sgr-0a1b2c3d4e5f60003",
                    Traffic::Tcp(PortRange::single(443)),
                    anywhere.clone(),
                    "HTTPS from anywhere",
                )],
                outbound: vec![rule(
                    "sgr-0a1b2c3d4e5f60004",
                    Traffic::Tcp(PortRange::single(3306)),
                    Peer::Cidr(IpNet::V4(v4(10, 1, 2, 0, 24))),
                    "MySQL to the database subnet",
                )],
                tags: name("app-server-sg"),
            },
            SecurityGroup {
                id: SecurityGroupId::new(DATABASE_SG_ID),
                name: "database-sg".into(),
                description: "MySQL database: MySQL from the public subnet; no outbound rules".into(),
                vpc_id: vpc.clone(),
                inbound: vec![rule(
                    "sgr-0a1b2c3d4e5f60005",
                    Traffic::Tcp(PortRange::single(3306)),
                    Peer::Cidr(IpNet::V4(v4(10, 1, 1, 0, 24))),
                    "MySQL from the public subnet",
                )],
                outbound: vec![],
                tags: name("database-sg"),
            },
        ],
        network_interfaces: vec![
            NetworkInterface {
                id: NetworkInterfaceId::new(APP_ENI_ID),
                subnet_id: SubnetId::new(PUBLIC_SUBNET_ID),
                description: "Primary network interface".into(),
                private_ips: vec![PrivateIp { address: APP_PRIVATE_IP, public_ip: Some(APP_ELASTIC_IP) }],
                ipv6_addresses: vec![],
                security_groups: vec![SecurityGroupId::new(APP_SG_ID)],
                resource_id: Some(ResourceId::new(APP_INSTANCE_ID)),
                tags: vec![],
            },
            NetworkInterface {
                id: NetworkInterfaceId::new(DATABASE_ENI_ID),
                subnet_id: SubnetId::new(PRIVATE_SUBNET_ID),
                description: "RDSNetworkInterface".into(),
                private_ips: vec![PrivateIp { address: DATABASE_PRIVATE_IP, public_ip: None }],
                ipv6_addresses: vec![],
                security_groups: vec![SecurityGroupId::new(DATABASE_SG_ID)],
                resource_id: Some(ResourceId::new(DATABASE_ID)),
                tags: vec![],
            },
        ],
        resources: vec![
            Resource { id: ResourceId::new(APP_INSTANCE_ID), kind: ResourceKind::Ec2, name: "App Server".into() },
            Resource { id: ResourceId::new(DATABASE_ID), kind: ResourceKind::Rds, name: "MySQL database".into() },
        ],
        prefix_lists: vec![],
        internet_hosts: vec![
            InternetHost { name: "Web browser".into(), address: IpAddr::V4(BROWSER_IP) },
            InternetHost { name: "Suspicious server".into(), address: IpAddr::V4(SUSPICIOUS_SERVER_IP) },
        ],
    }
}

/// A VPC's default network ACL as AWS creates it: rule 100 allows all traffic in and
/// out (IPv4; rule 101 does the same for IPv6 when the VPC has an IPv6 block).
pub fn default_network_acl(id: NetworkAclId, vpc_id: VpcId, subnet_ids: Vec<SubnetId>) -> NetworkAcl {
    let allow_all =
        |rule_number, cidr| NaclEntry { rule_number, action: RuleAction::Allow, traffic: Traffic::All, cidr };
    NetworkAcl {
        id,
        vpc_id,
        is_default: true,
        subnet_ids,
        inbound: vec![allow_all(100, IpNet::V4(Ipv4Net::default()))],
        outbound: vec![allow_all(100, IpNet::V4(Ipv4Net::default()))],
        tags: vec![],
    }
}

/// One of the chapter's four connections, with the verdict the chapter gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChapterConnection {
    pub number: u8,
    pub title: &'static str,
    pub flow: Flow,
    pub chapter_says_allowed: bool,
    /// Why it comes out so, in AWS's terms; for connection 4 this corrects the chapter.
    pub why: &'static str,
}

/// The chapter's connections 1 to 4, as endpoints and services of [`chapter`].
pub fn chapter_connections() -> Vec<ChapterConnection> {
    let addr = |a: Ipv4Addr| Endpoint::Address(IpAddr::V4(a));
    vec![
        ChapterConnection {
            number: 1,
            title: "Web browser → App Server, HTTPS",
            flow: Flow::new(addr(BROWSER_IP), addr(APP_ELASTIC_IP), Service::Tcp { port: 443 }),
            chapter_says_allowed: true,
            why: "The App Server's inbound rule allows TCP 443 from 0.0.0.0/0, so the request gets in through the internet gateway at the Elastic IP. The reply leaves although no outbound rule allows it: security groups are stateful and track the connection.",
        },
        ChapterConnection {
            number: 2,
            title: "App Server → MySQL database, MySQL",
            flow: Flow::new(addr(APP_PRIVATE_IP), addr(DATABASE_PRIVATE_IP), Service::Tcp { port: 3306 }),
            chapter_says_allowed: true,
            why: "The App Server's outbound rule allows TCP 3306 to 10.1.2.0/24, and the database's inbound rule allows TCP 3306 from 10.1.1.0/24. The database's reply needs no outbound rule: it is tracked.",
        },
        ChapterConnection {
            number: 3,
            title: "App Server → unknown server on the internet",
            flow: Flow::new(addr(APP_PRIVATE_IP), addr(SUSPICIOUS_SERVER_IP), Service::Tcp { port: 443 }),
            chapter_says_allowed: false,
            why: "The App Server's only outbound rule allows MySQL to the database subnet. Its group's default rule (all traffic to 0.0.0.0/0) was removed, so everything else it tries to start is denied.",
        },
        ChapterConnection {
            number: 4,
            title: "MySQL database → App Server, TCP 443",
            flow: Flow::new(addr(DATABASE_PRIVATE_IP), addr(APP_PRIVATE_IP), Service::Tcp { port: 443 }),
            chapter_says_allowed: false,
            why: "The chapter says the App Server's group allows 443 only from the public internet. In AWS that is not so: a rule for 0.0.0.0/0 covers every IPv4 address, 10.1.2.15 included, and would let the database in. The connection stops earlier, at the database: its security group has no outbound rules, so it cannot start connections, while its replies to the App Server still flow because security groups are stateful.",
        },
    ]
}
