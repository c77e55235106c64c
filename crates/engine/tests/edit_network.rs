//! Edits to the rest of the lab: resources and their interfaces, subnets, internet
//! hosts, network ACLs, routes and internet gateways.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers outside #[test] functions: a failed setup should stop the test"
)]

use ipnet::IpNet;
use sglab_engine::edit::{apply, Applied};
use sglab_engine::example::{
    self, APP_ENI_ID, APP_INSTANCE_ID, APP_SG_ID, DEFAULT_ACL_ID, DEFAULT_SG_ID, IGW_ID, MAIN_ROUTE_TABLE_ID,
    PRIVATE_SUBNET_ID, PUBLIC_ROUTE_TABLE_ID, PUBLIC_SUBNET_ID, VPC_ID,
};
use sglab_engine::ids::*;
use sglab_engine::*;
use std::net::{IpAddr, Ipv4Addr};

fn refused(net: &Network, edit: Edit) -> EditError {
    let mut after = net.clone();
    let err = apply(&mut after, &edit).expect_err("the edit should be refused");
    assert_eq!(&after, net, "a refused edit must leave the network as it was");
    err
}

fn net_(s: &str) -> IpNet {
    s.parse().unwrap()
}

fn create_ec2(subnet: &str, private_ip: Option<Ipv4Addr>, public_ip: Option<Ipv4Addr>) -> Edit {
    Edit::CreateResource {
        kind: ResourceKind::Ec2,
        name: "Web server".into(),
        subnet_id: SubnetId::new(subnet),
        security_groups: vec![],
        private_ip,
        public_ip,
    }
}

// ---------------------------------------------------------------- resources

#[test]
fn a_new_instance_gets_the_first_free_address_after_the_reserved_ones_and_the_default_group() {
    let mut net = example::chapter();
    let applied = apply(&mut net, &create_ec2(PUBLIC_SUBNET_ID, None, None)).unwrap();
    assert_eq!(applied.private_ip, Some(Ipv4Addr::new(10, 1, 1, 4)), ".0 to .3 are reserved by AWS");
    let resource = applied.resource().unwrap();
    assert!(resource.as_str().starts_with("i-"));
    let eni = net.network_interface(applied.network_interface().unwrap()).unwrap();
    assert_eq!(eni.resource_id.as_ref(), Some(resource));
    assert_eq!(eni.security_groups, vec![SecurityGroupId::new(DEFAULT_SG_ID)]);
    assert_eq!(net.resource(resource).unwrap().name, "Web server");

    let second = apply(&mut net, &create_ec2(PUBLIC_SUBNET_ID, None, None)).unwrap();
    assert_eq!(second.private_ip, Some(Ipv4Addr::new(10, 1, 1, 5)));
}

#[test]
fn a_database_and_a_load_balancer_are_named_after_what_the_user_called_them() {
    let mut net = example::chapter();
    let create = |kind, name: &str| Edit::CreateResource {
        kind,
        name: name.into(),
        subnet_id: SubnetId::new(PRIVATE_SUBNET_ID),
        security_groups: vec![SecurityGroupId::new(example::DATABASE_SG_ID)],
        private_ip: None,
        public_ip: None,
    };
    let db = apply(&mut net, &create(ResourceKind::Rds, "Orders DB")).unwrap();
    assert_eq!(db.resource().unwrap().as_str(), "orders-db");
    let db2 = apply(&mut net, &create(ResourceKind::Rds, "Orders DB")).unwrap();
    assert_eq!(db2.resource().unwrap().as_str(), "orders-db-2");
    let alb = apply(&mut net, &create(ResourceKind::Alb, "Front door")).unwrap();
    assert_eq!(alb.resource().unwrap().as_str(), "front-door");
    let eni = net.network_interface(alb.network_interface().unwrap()).unwrap();
    assert_eq!(eni.security_groups, vec![SecurityGroupId::new(example::DATABASE_SG_ID)]);
}

#[test]
fn a_chosen_private_address_must_be_in_the_subnet_unreserved_and_free() {
    let net = example::chapter();
    let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, Some(Ipv4Addr::new(10, 1, 2, 9)), None));
    assert_eq!(
        err.to_string(),
        "InvalidParameterValue: address 10.1.2.9 does not fall within the subnet's address range 10.1.1.0/24"
    );
    assert_eq!(err.field(), Some(edit::Field::PrivateIp));
    for reserved in [0, 1, 2, 3, 255] {
        let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, Some(Ipv4Addr::new(10, 1, 1, reserved)), None));
        assert_eq!(err.code(), "InvalidParameterValue", "10.1.1.{reserved}");
        assert!(err.to_string().contains("is reserved by AWS"), "{err}");
    }
    let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, Some(example::APP_PRIVATE_IP), None));
    assert_eq!(
        err.to_string(),
        format!("InvalidIPAddress.InUse: address 10.1.1.33 is in use by {APP_ENI_ID} (App Server)")
    );

    let mut ok = net.clone();
    let applied = apply(&mut ok, &create_ec2(PUBLIC_SUBNET_ID, Some(Ipv4Addr::new(10, 1, 1, 4)), None)).unwrap();
    assert_eq!(applied.private_ip, Some(Ipv4Addr::new(10, 1, 1, 4)));
}

#[test]
fn a_full_subnet_has_no_address_to_give() {
    let mut net = example::chapter();
    let sub = apply(
        &mut net,
        &Edit::CreateSubnet {
            vpc_id: VpcId::new(VPC_ID),
            cidr_block: "10.1.9.0/28".parse().unwrap(),
            availability_zone: "us-east-1b".into(),
            name: None,
        },
    )
    .unwrap();
    let subnet = sub.subnet().unwrap().to_string();
    // A /28 has 16 addresses, 5 of them reserved.
    for i in 0..11 {
        let a = apply(&mut net, &create_ec2(&subnet, None, None)).unwrap();
        assert_eq!(a.private_ip, Some(Ipv4Addr::new(10, 1, 9, 4 + i)));
    }
    let err = refused(&net, create_ec2(&subnet, None, None));
    assert_eq!(err.code(), "InsufficientFreeAddressesInSubnet");
}

#[test]
fn a_public_ip_needs_a_public_address_and_an_internet_gateway() {
    let mut net = example::chapter();
    let applied = apply(&mut net, &create_ec2(PUBLIC_SUBNET_ID, None, Some(Ipv4Addr::new(54, 1, 2, 3)))).unwrap();
    let eni = net.network_interface(applied.network_interface().unwrap()).unwrap();
    assert_eq!(eni.public_ip(), Some(Ipv4Addr::new(54, 1, 2, 3)));

    let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, None, Some(example::APP_ELASTIC_IP)));
    assert_eq!(err.code(), "InvalidIPAddress.InUse");
    let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, None, Some(Ipv4Addr::new(192, 168, 0, 1))));
    assert_eq!(err.field(), Some(edit::Field::PublicIp));
    // The same definition as the evaluator's: what the internet does not route.
    for (address, kind) in [
        (Ipv4Addr::new(100, 64, 1, 1), "a shared address (100.64.0.0/10, RFC 6598, used for carrier-grade NAT)"),
        (Ipv4Addr::new(198, 18, 0, 1), "a benchmarking address (198.18.0.0/15)"),
        (Ipv4Addr::new(240, 0, 0, 1), "a reserved address (240.0.0.0/4)"),
    ] {
        let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, None, Some(address)));
        assert!(err.to_string().ends_with(&format!("{address} is {kind}, not a public address")), "{err}");
    }
    let err = refused(&net, create_ec2(PUBLIC_SUBNET_ID, None, Some(Ipv4Addr::new(10, 1, 200, 1))));
    assert!(err.to_string().contains("is inside VPC"), "{err}");

    let mut no_gateway = example::chapter();
    no_gateway.internet_gateways[0].vpc_id = None;
    let err = refused(&no_gateway, create_ec2(PUBLIC_SUBNET_ID, None, Some(Ipv4Addr::new(54, 1, 2, 3))));
    assert_eq!(
        err.to_string(),
        format!("Gateway.NotAttached: network {VPC_ID} is not attached to any internet gateway")
    );
}

#[test]
fn deleting_a_resource_removes_its_interfaces() {
    let mut net = example::chapter();
    apply(&mut net, &Edit::DeleteResource { resource_id: ResourceId::new(APP_INSTANCE_ID) }).unwrap();
    assert!(net.resource(&ResourceId::new(APP_INSTANCE_ID)).is_none());
    assert!(net.network_interface(&NetworkInterfaceId::new(APP_ENI_ID)).is_none());
    // Now its group can go.
    apply(&mut net, &Edit::DeleteSecurityGroup { group_id: SecurityGroupId::new(APP_SG_ID) }).unwrap();

    let err = refused(&net, Edit::DeleteResource { resource_id: ResourceId::new(APP_INSTANCE_ID) });
    assert_eq!(err.code(), "InvalidInstanceID.NotFound");
}

// ---------------------------------------------------------------- subnets

fn create_subnet(cidr: &str) -> Edit {
    Edit::CreateSubnet {
        vpc_id: VpcId::new(VPC_ID),
        cidr_block: cidr.parse().unwrap(),
        availability_zone: "us-east-1a".into(),
        name: Some("lab".into()),
    }
}

#[test]
fn a_subnet_lies_inside_its_vpc_between_16_and_28_bits_and_overlaps_no_other() {
    let mut net = example::chapter();
    let applied = apply(&mut net, &create_subnet("10.1.3.0/24")).unwrap();
    let s = net.subnet(applied.subnet().unwrap()).unwrap();
    assert_eq!(name_tag(&s.tags), Some("lab"));
    assert_eq!(net.network_acl_for(s).unwrap().id.as_str(), DEFAULT_ACL_ID, "served by the default ACL");

    let err = refused(&net, create_subnet("10.1.1.0/25"));
    assert_eq!(
        err.to_string(),
        format!(
            "InvalidSubnet.Conflict: the CIDR `10.1.1.0/25` conflicts with subnet {PUBLIC_SUBNET_ID} (10.1.1.0/24)"
        )
    );
    assert_eq!(err.field(), Some(edit::Field::Cidr));
    let err = refused(&net, create_subnet("10.1.0.0/16"));
    assert_eq!(err.code(), "InvalidSubnet.Conflict");
    let err = refused(&net, create_subnet("10.2.0.0/24"));
    assert_eq!(
        err.to_string(),
        "InvalidSubnet.Range: the CIDR `10.2.0.0/24` is invalid: it is not inside the VPC's CIDR blocks (10.1.0.0/16)"
    );
    let err = refused(&net, create_subnet("10.1.4.0/29"));
    assert_eq!(
        err.to_string(),
        "InvalidSubnet.Range: the CIDR `10.1.4.0/29` is invalid: a subnet's prefix length must be from /16 to /28"
    );
    let err = refused(&net, create_subnet("10.1.4.7/24"));
    assert_eq!(err.code(), "InvalidSubnet.Range");
}

#[test]
fn a_subnet_with_interfaces_cannot_be_deleted() {
    let mut net = example::chapter();
    let err = refused(&net, Edit::DeleteSubnet { subnet_id: SubnetId::new(PUBLIC_SUBNET_ID) });
    assert_eq!(
        err.to_string(),
        format!(
            "DependencyViolation: resource {PUBLIC_SUBNET_ID} has a dependent object: network interface {APP_ENI_ID} (App Server) is in it"
        )
    );
    apply(&mut net, &Edit::DeleteResource { resource_id: ResourceId::new(APP_INSTANCE_ID) }).unwrap();
    apply(&mut net, &Edit::DeleteSubnet { subnet_id: SubnetId::new(PUBLIC_SUBNET_ID) }).unwrap();
    assert!(net.route_tables.iter().all(|t| !t.subnet_ids.contains(&SubnetId::new(PUBLIC_SUBNET_ID))));
    assert!(net.network_acls.iter().all(|a| !a.subnet_ids.contains(&SubnetId::new(PUBLIC_SUBNET_ID))));
}

// ---------------------------------------------------------------- internet hosts

#[test]
fn an_internet_host_lives_outside_every_vpc() {
    let mut net = example::chapter();
    apply(&mut net, &Edit::AddInternetHost { name: "Partner API".into(), address: "198.51.100.7".parse().unwrap() })
        .unwrap();
    assert!(net.internet_hosts.iter().any(|h| h.name == "Partner API"));

    let err = refused(&net, Edit::AddInternetHost { name: "Inside".into(), address: "10.1.5.5".parse().unwrap() });
    assert_eq!(
        err.to_string(),
        format!("InvalidParameterValue: 10.1.5.5 is inside VPC `{VPC_ID}`: a host on the internet needs an address outside every VPC")
    );
    assert_eq!(err.field(), Some(edit::Field::Address));
    let err =
        refused(&net, Edit::AddInternetHost { name: "Partner API".into(), address: "198.51.100.8".parse().unwrap() });
    assert_eq!(err.field(), Some(edit::Field::Name));
    let err =
        refused(&net, Edit::AddInternetHost { name: "Same IP".into(), address: IpAddr::V4(example::APP_ELASTIC_IP) });
    assert_eq!(err.code(), "InvalidIPAddress.InUse");

    apply(&mut net, &Edit::RemoveInternetHost { name: "Partner API".into() }).unwrap();
    let err = refused(&net, Edit::RemoveInternetHost { name: "Partner API".into() });
    assert_eq!(err.to_string(), "InvalidInternetHost.NotFound: the internet host `Partner API` does not exist");
}

// ---------------------------------------------------------------- network ACLs

fn entry(rule_number: u16, action: RuleAction, cidr: &str) -> NaclEntry {
    NaclEntry { rule_number, action, traffic: Traffic::Tcp(PortRange::single(443)), cidr: net_(cidr) }
}

fn new_acl(net: &mut Network) -> NetworkAclId {
    apply(net, &Edit::CreateNetworkAcl { vpc_id: VpcId::new(VPC_ID), name: Some("strict".into()) })
        .unwrap()
        .network_acl()
        .unwrap()
        .clone()
}

#[test]
fn a_new_network_acl_has_no_rules_and_entries_stay_sorted_by_number() {
    let mut net = example::chapter();
    let acl = new_acl(&mut net);
    let a = net.network_acls.iter().find(|a| a.id == acl).unwrap();
    assert!(a.inbound.is_empty() && a.outbound.is_empty() && !a.is_default);

    for n in [200, 100, 150] {
        apply(
            &mut net,
            &Edit::CreateNetworkAclEntry {
                acl_id: acl.clone(),
                egress: false,
                entry: entry(n, RuleAction::Allow, "0.0.0.0/0"),
            },
        )
        .unwrap();
    }
    let a = net.network_acls.iter().find(|a| a.id == acl).unwrap();
    let numbers: Vec<u16> = a.inbound.iter().map(|e| e.rule_number).collect();
    assert_eq!(numbers, vec![100, 150, 200]);

    apply(
        &mut net,
        &Edit::ReplaceNetworkAclEntry {
            acl_id: acl.clone(),
            egress: false,
            entry: entry(150, RuleAction::Deny, "1.2.3.4/32"),
        },
    )
    .unwrap();
    apply(&mut net, &Edit::DeleteNetworkAclEntry { acl_id: acl.clone(), egress: false, rule_number: 200 }).unwrap();
    let a = net.network_acls.iter().find(|a| a.id == acl).unwrap();
    assert_eq!(a.inbound, vec![entry(100, RuleAction::Allow, "0.0.0.0/0"), entry(150, RuleAction::Deny, "1.2.3.4/32")]);
}

#[test]
fn network_acl_rule_numbers_are_unique_per_direction_and_in_range() {
    let mut net = example::chapter();
    let acl = new_acl(&mut net);
    let create = |n: u16, egress: bool| Edit::CreateNetworkAclEntry {
        acl_id: acl.clone(),
        egress,
        entry: entry(n, RuleAction::Allow, "0.0.0.0/0"),
    };
    apply(&mut net, &create(100, false)).unwrap();
    apply(&mut net, &create(100, true)).unwrap();
    let err = refused(&net, create(100, false));
    assert_eq!(
        err.to_string(),
        format!("NetworkAclEntryAlreadyExists: the network ACL entry identified by 100 already exists (inbound rules of `{acl}`)")
    );
    for n in [0, 32767] {
        let err = refused(&net, create(n, false));
        assert_eq!(err.to_string(), format!("InvalidParameterValue: rule number {n} is out of range: use 1 to 32766"));
        assert_eq!(err.field(), Some(edit::Field::RuleNumber));
    }
    let err = refused(&net, Edit::DeleteNetworkAclEntry { acl_id: acl.clone(), egress: false, rule_number: 7 });
    assert_eq!(err.code(), "InvalidNetworkAclEntry.NotFound");
    let err = refused(
        &net,
        Edit::ReplaceNetworkAclEntry {
            acl_id: acl.clone(),
            egress: false,
            entry: entry(7, RuleAction::Deny, "0.0.0.0/0"),
        },
    );
    assert_eq!(err.code(), "InvalidNetworkAclEntry.NotFound");
}

#[test]
fn a_network_acl_in_use_or_the_default_one_cannot_be_deleted() {
    let mut net = example::chapter();
    let err = refused(&net, Edit::DeleteNetworkAcl { acl_id: NetworkAclId::new(DEFAULT_ACL_ID) });
    assert_eq!(err.to_string(), format!("InvalidParameterValue: cannot delete default network ACL {DEFAULT_ACL_ID}"));

    let acl = new_acl(&mut net);
    apply(
        &mut net,
        &Edit::ReplaceNetworkAclAssociation { subnet_id: SubnetId::new(PRIVATE_SUBNET_ID), acl_id: acl.clone() },
    )
    .unwrap();
    let private = net.subnet(&SubnetId::new(PRIVATE_SUBNET_ID)).unwrap();
    assert_eq!(net.network_acl_for(private).unwrap().id, acl);
    let default = net.network_acls.iter().find(|a| a.is_default).unwrap();
    assert!(!default.subnet_ids.contains(&SubnetId::new(PRIVATE_SUBNET_ID)));

    let err = refused(&net, Edit::DeleteNetworkAcl { acl_id: acl.clone() });
    assert_eq!(
        err.to_string(),
        format!("DependencyViolation: resource {acl} has a dependent object: it serves subnet {PRIVATE_SUBNET_ID}")
    );
    apply(
        &mut net,
        &Edit::ReplaceNetworkAclAssociation {
            subnet_id: SubnetId::new(PRIVATE_SUBNET_ID),
            acl_id: NetworkAclId::new(DEFAULT_ACL_ID),
        },
    )
    .unwrap();
    apply(&mut net, &Edit::DeleteNetworkAcl { acl_id: acl }).unwrap();
    assert_eq!(net, example::chapter(), "the private subnet is back last in the default ACL's list");
}

// ---------------------------------------------------------------- routes and gateways

#[test]
fn routes_to_the_internet_gateway_are_added_and_removed_but_never_the_local_route() {
    let mut net = example::chapter();
    let main = RouteTableId::new(MAIN_ROUTE_TABLE_ID);
    let igw = InternetGatewayId::new(IGW_ID);
    apply(
        &mut net,
        &Edit::CreateRoute { route_table_id: main.clone(), destination: net_("0.0.0.0/0"), gateway_id: igw.clone() },
    )
    .unwrap();
    let err = refused(
        &net,
        Edit::CreateRoute { route_table_id: main.clone(), destination: net_("0.0.0.0/0"), gateway_id: igw.clone() },
    );
    assert_eq!(
        err.to_string(),
        format!("RouteAlreadyExists: the route identified by `0.0.0.0/0` already exists in route table `{MAIN_ROUTE_TABLE_ID}`")
    );
    apply(&mut net, &Edit::DeleteRoute { route_table_id: main.clone(), destination: net_("0.0.0.0/0") }).unwrap();
    assert_eq!(net, example::chapter());

    let err = refused(&net, Edit::DeleteRoute { route_table_id: main.clone(), destination: net_("10.1.0.0/16") });
    assert_eq!(
        err.to_string(),
        format!("InvalidParameterValue: cannot remove local route 10.1.0.0/16 in route table {MAIN_ROUTE_TABLE_ID}")
    );
    let err = refused(
        &net,
        Edit::ReplaceRoute { route_table_id: main.clone(), destination: net_("10.1.0.0/16"), gateway_id: igw.clone() },
    );
    assert_eq!(err.code(), "InvalidParameterValue");
    let err = refused(
        &net,
        Edit::CreateRoute { route_table_id: main.clone(), destination: net_("10.1.7.0/24"), gateway_id: igw.clone() },
    );
    assert!(err.to_string().contains("equal to or more specific than"), "{err}");
    let err = refused(&net, Edit::DeleteRoute { route_table_id: main.clone(), destination: net_("8.8.8.0/24") });
    assert_eq!(
        err.to_string(),
        format!("InvalidRoute.NotFound: no route with destination `8.8.8.0/24` in route table `{MAIN_ROUTE_TABLE_ID}`")
    );
}

#[test]
fn a_route_can_only_target_a_gateway_attached_to_its_vpc() {
    let mut net = example::chapter();
    let spare = apply(&mut net, &Edit::CreateInternetGateway { name: Some("spare".into()) }).unwrap();
    let spare = spare.internet_gateway().unwrap().clone();
    let err = refused(
        &net,
        Edit::CreateRoute {
            route_table_id: RouteTableId::new(MAIN_ROUTE_TABLE_ID),
            destination: net_("0.0.0.0/0"),
            gateway_id: spare.clone(),
        },
    );
    assert_eq!(
        err.to_string(),
        format!("InvalidParameterValue: route table {MAIN_ROUTE_TABLE_ID} and network gateway {spare} belong to different networks")
    );
    // A VPC has one gateway at most.
    let err =
        refused(&net, Edit::AttachInternetGateway { internet_gateway_id: spare.clone(), vpc_id: VpcId::new(VPC_ID) });
    assert_eq!(
        err.to_string(),
        format!("Resource.AlreadyAssociated: network {VPC_ID} already has internet gateway {IGW_ID} attached")
    );
}

#[test]
fn a_gateway_cannot_be_detached_while_a_public_ip_is_mapped_in_the_vpc() {
    let mut net = example::chapter();
    let detach =
        Edit::DetachInternetGateway { internet_gateway_id: InternetGatewayId::new(IGW_ID), vpc_id: VpcId::new(VPC_ID) };
    let err = refused(&net, detach.clone());
    assert_eq!(
        err.to_string(),
        format!(
            "DependencyViolation: resource {IGW_ID} has a dependent object: public IP 4.5.6.7 is mapped to {APP_ENI_ID} (App Server): release it first"
        )
    );
    net.network_interfaces[0].private_ips[0].public_ip = None;
    apply(&mut net, &detach).unwrap();
    assert_eq!(net.internet_gateway(&InternetGatewayId::new(IGW_ID)).unwrap().vpc_id, None);
    let err = refused(&net, detach);
    assert_eq!(err.to_string(), format!("Gateway.NotAttached: resource {IGW_ID} is not attached to network {VPC_ID}"));

    // Deleting it turns its routes into blackholes.
    apply(&mut net, &Edit::DeleteInternetGateway { internet_gateway_id: InternetGatewayId::new(IGW_ID) }).unwrap();
    let public = net.route_tables.iter().find(|t| t.id.as_str() == PUBLIC_ROUTE_TABLE_ID).unwrap();
    assert!(public.routes.iter().any(|r| r.target == RouteTarget::Blackhole { id: IGW_ID.into() }));
}

#[test]
fn an_attached_gateway_cannot_be_deleted() {
    let net = example::chapter();
    let err = refused(&net, Edit::DeleteInternetGateway { internet_gateway_id: InternetGatewayId::new(IGW_ID) });
    assert_eq!(
        err.to_string(),
        format!("DependencyViolation: resource {IGW_ID} has a dependent object: it is attached to {VPC_ID}: detach it first")
    );
}

#[test]
fn a_new_gateway_can_be_attached_to_a_vpc_without_one() {
    let mut net = example::chapter();
    net.internet_gateways.clear();
    for t in &mut net.route_tables {
        t.routes.retain(|r| r.target == RouteTarget::Local);
    }
    let igw: Applied = apply(&mut net, &Edit::CreateInternetGateway { name: None }).unwrap();
    let igw = igw.internet_gateway().unwrap().clone();
    apply(&mut net, &Edit::AttachInternetGateway { internet_gateway_id: igw.clone(), vpc_id: VpcId::new(VPC_ID) })
        .unwrap();
    apply(
        &mut net,
        &Edit::CreateRoute {
            route_table_id: RouteTableId::new(PUBLIC_ROUTE_TABLE_ID),
            destination: net_("0.0.0.0/0"),
            gateway_id: igw,
        },
    )
    .unwrap();
}
