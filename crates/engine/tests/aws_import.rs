//! Importing realistic AWS JSON (made with moto, see fixtures/aws/make_fixtures.py),
//! the defaults for absent keys, and what export writes.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers outside #[test] functions: a failed setup should stop the test"
)]

use serde_json::{json, Value};
use sglab_engine::aws::{self, from_aws_json, from_aws_value, to_aws_json, to_aws_value};
use sglab_engine::example;
use sglab_engine::ids::*;
use sglab_engine::*;
use std::net::{IpAddr, Ipv4Addr};

const ACCOUNT: &str = include_str!("fixtures/aws/moto-account.json");
const SHOP: &str = include_str!("fixtures/aws/moto-shop.json");

fn shop() -> Network {
    from_aws_json(SHOP).unwrap()
}

fn group<'a>(n: &'a Network, name: &str) -> &'a SecurityGroup {
    n.security_groups.iter().find(|g| g.name == name).unwrap()
}

fn resource<'a>(n: &'a Network, name: &str) -> &'a Resource {
    n.resources.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no resource {name}: {:?}", n.resources))
}

fn net(s: &str) -> ipnet::IpNet {
    s.parse().unwrap()
}

fn is_aws_style(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .is_some_and(|hex| hex.len() == 17 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

#[test]
fn the_shop_vpc_has_its_subnets_gateway_and_routes() {
    let n = shop();
    assert_eq!(n.vpcs.len(), 1);
    let vpc = &n.vpcs[0];
    assert_eq!(vpc.cidr_blocks, vec!["10.20.0.0/16".parse().unwrap()]);
    assert_eq!(vpc.ipv6_cidr_blocks.len(), 1);
    assert_eq!(name_tag(&vpc.tags), Some("shop-vpc"));
    assert_eq!(n.subnets.len(), 4);
    let public_a = n.subnets.iter().find(|s| name_tag(&s.tags) == Some("public-a")).unwrap();
    assert!(public_a.ipv6_cidr_block.is_some());
    assert_eq!(public_a.availability_zone, "us-east-1a");
    let igw = &n.internet_gateways[0];
    assert_eq!(igw.vpc_id.as_ref(), Some(&vpc.id));
    let table = n.route_table_for(public_a).unwrap();
    assert!(!table.main);
    assert!(table
        .routes
        .iter()
        .any(|r| r.destination == net("0.0.0.0/0") && r.target == RouteTarget::InternetGateway(igw.id.clone())));
    assert!(table.routes.iter().any(|r| r.destination == net("::/0")));
    let app = n.subnets.iter().find(|s| name_tag(&s.tags) == Some("app")).unwrap();
    let main = n.route_table_for(app).unwrap();
    assert!(main.main);
    assert!(main.routes.iter().all(|r| r.target == RouteTarget::Local));
}

#[test]
fn network_acl_entries_come_without_the_final_star_rules() {
    let n = shop();
    let data = n.subnets.iter().find(|s| name_tag(&s.tags) == Some("data")).unwrap();
    let acl = n.network_acl_for(data).unwrap();
    assert_eq!(name_tag(&acl.tags), Some("data-acl"));
    assert!(!acl.is_default);
    let numbers: Vec<u16> = acl.inbound.iter().map(|e| e.rule_number).collect();
    assert_eq!(numbers, vec![90, 100, 110, 120, 130]);
    assert_eq!(acl.inbound[0].action, RuleAction::Deny);
    assert_eq!(acl.inbound[0].cidr, net("10.20.10.66/32"));
    assert_eq!(acl.inbound[1].traffic, Traffic::Tcp(PortRange::single(3306)));
    assert_eq!(acl.inbound[3].traffic, Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None }));
    assert_eq!(acl.outbound.len(), 4);
    let default = n.network_acls.iter().find(|a| a.is_default).unwrap();
    assert_eq!(default.inbound.len(), 1, "{:?}", default.inbound);
    assert!(n.network_acls.iter().all(|a| a.inbound.iter().chain(&a.outbound).all(|e| e.rule_number <= 32766)));
}

#[test]
fn security_group_rules_keep_their_peers_protocols_and_ids() {
    let n = shop();
    let alb = group(&n, "alb-sg");
    let web = group(&n, "web-sg");
    let db = group(&n, "db-sg");
    let ops = group(&n, "ops-sg");
    // One IpPermission with an IPv4 and an IPv6 range is two rules, IPv4 first.
    assert_eq!(alb.inbound.len(), 4);
    assert_eq!(alb.inbound[0].peer, Peer::Cidr(net("0.0.0.0/0")));
    assert_eq!(alb.inbound[0].description.as_deref(), Some("HTTPS from anywhere"));
    assert_eq!(alb.inbound[1].peer, Peer::Cidr(net("::/0")));
    assert_eq!(web.inbound[0].peer, Peer::SecurityGroup(alb.id.clone()));
    assert_eq!(web.inbound[0].traffic, Traffic::Tcp(PortRange::single(8080)));
    assert!(matches!(web.inbound[1].peer, Peer::PrefixList(_)));
    assert_eq!(web.inbound[2].traffic, Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None }));
    assert_eq!(web.inbound[2].peer, Peer::SecurityGroup(ops.id.clone()));
    assert_eq!(web.outbound[0].peer, Peer::SecurityGroup(db.id.clone()));
    assert!(db.outbound.is_empty());
    assert_eq!(ops.inbound[0].traffic, Traffic::Icmpv6(IcmpMatch::AllTypes));
    assert_eq!(ops.inbound[1].traffic, Traffic::Icmp(IcmpMatch::Type { icmp_type: 3, code: Some(4) }));
    assert_eq!(ops.inbound[2].traffic, Traffic::Udp(PortRange::new(161, 162).unwrap()));
    assert_eq!(ops.inbound[3].traffic, Traffic::Other(47));
    let default = group(&n, "default");
    assert_eq!(default.inbound[0].peer, Peer::SecurityGroup(default.id.clone()));
    assert_eq!(default.outbound.len(), 2);

    // The ids are those describe-security-group-rules printed.
    let doc: Value = serde_json::from_str(SHOP).unwrap();
    let printed = doc["SecurityGroupRules"].as_array().unwrap();
    let id_of = |group: &SecurityGroup, egress: bool, port: i64| {
        printed
            .iter()
            .find(|r| r["GroupId"] == group.id.as_str() && r["IsEgress"] == egress && r["FromPort"] == port)
            .and_then(|r| r["SecurityGroupRuleId"].as_str())
            .unwrap()
            .to_owned()
    };
    assert_eq!(web.inbound[0].id.as_str(), id_of(web, false, 8080));
    assert_eq!(db.inbound[0].id.as_str(), id_of(db, false, 5432));
    let all: Vec<&str> =
        n.security_groups.iter().flat_map(|g| g.inbound.iter().chain(&g.outbound)).map(|r| r.id.as_str()).collect();
    assert_eq!(all.len(), printed.len());
    assert!(all.iter().all(|id| printed.iter().any(|r| r["SecurityGroupRuleId"] == *id)));
}

#[test]
fn resources_are_derived_from_the_interfaces() {
    let n = shop();
    let web1 = resource(&n, "web-1");
    assert_eq!(web1.kind, ResourceKind::Ec2);
    assert!(web1.id.as_str().starts_with("i-"));
    let interfaces: Vec<_> = n.interfaces_of(&web1.id).collect();
    assert_eq!(interfaces.len(), 2);
    assert_eq!(interfaces[0].primary_private_ip(), Some(Ipv4Addr::new(10, 20, 10, 11)));
    assert_eq!(interfaces[1].ipv6_addresses.len(), 1);
    assert_eq!(interfaces[0].security_groups.len(), 2);
    let bastion = resource(&n, "bastion");
    let eni = n.interfaces_of(&bastion.id).next().unwrap();
    assert_eq!(eni.public_ip(), Some(Ipv4Addr::new(198, 51, 100, 10)));
    let db = resource(&n, "orders-db");
    assert_eq!(db.kind, ResourceKind::Rds);
    let alb = resource(&n, "shop-alb");
    assert_eq!((alb.kind, alb.id.as_str()), (ResourceKind::Alb, "shop-alb"));
    assert_eq!(n.interfaces_of(&alb.id).count(), 2);
    assert_eq!(n.resources.len(), 5);
}

#[test]
fn the_whole_account_has_the_default_vpc_too_and_made_up_rule_ids_are_stable() {
    let n = from_aws_json(ACCOUNT).unwrap();
    assert_eq!(n.vpcs.len(), 2);
    let default_vpc = n.vpcs.iter().find(|v| v.is_default).unwrap();
    assert_eq!(default_vpc.cidr_blocks, vec!["172.31.0.0/16".parse().unwrap()]);
    assert_eq!(n.subnets.iter().filter(|s| s.vpc_id == default_vpc.id).count(), 6);
    assert!(n.security_group_named(&default_vpc.id, "default").is_some());
    // No SecurityGroupRules: ids are made, the same on every import, all different.
    let ids: Vec<String> =
        n.security_groups.iter().flat_map(|g| g.inbound.iter().chain(&g.outbound)).map(|r| r.id.to_string()).collect();
    assert!(ids.iter().all(|id| is_aws_style(id, "sgr-")), "{ids:?}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(from_aws_json(ACCOUNT).unwrap(), n);
    // Without SgLab or Reservations, an instance is named by its id.
    assert!(n.resources.iter().filter(|r| r.kind == ResourceKind::Ec2).all(|r| r.name == r.id.as_str()));
}

#[test]
fn a_vpc_alone_gets_what_aws_gives_a_new_vpc() {
    let doc = json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
        "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18::/56", "Ipv6CidrBlockState": {"State": "associated"}}]},
        {"VpcId": "vpc-2", "CidrBlock": "10.9.0.0/16"}]});
    let n = from_aws_value(&doc).unwrap();
    assert_eq!(n, from_aws_value(&doc).unwrap(), "generated ids are deterministic");
    let (v1, v2) = (VpcId::new("vpc-1"), VpcId::new("vpc-2"));

    let main = n.route_tables.iter().find(|t| t.vpc_id == v1).unwrap();
    assert!(main.main && is_aws_style(main.id.as_str(), "rtb-"));
    assert_eq!(
        main.routes,
        vec![
            Route { destination: net("10.0.0.0/16"), target: RouteTarget::Local },
            Route { destination: net("2600:1f18::/56"), target: RouteTarget::Local },
        ]
    );

    let acl = n.network_acls.iter().find(|a| a.vpc_id == v1).unwrap();
    assert!(acl.is_default && is_aws_style(acl.id.as_str(), "acl-"));
    let allow = |rule_number, cidr| NaclEntry {
        rule_number,
        action: RuleAction::Allow,
        traffic: Traffic::All,
        cidr: net(cidr),
    };
    assert_eq!(acl.inbound, vec![allow(100, "0.0.0.0/0"), allow(101, "::/0")]);
    assert_eq!(acl.outbound, acl.inbound);
    let acl2 = n.network_acls.iter().find(|a| a.vpc_id == v2).unwrap();
    assert_eq!(acl2.inbound, vec![allow(100, "0.0.0.0/0")]);

    let sg = n.security_group_named(&v1, "default").unwrap();
    assert!(is_aws_style(sg.id.as_str(), "sg-"));
    assert_eq!(sg.inbound.len(), 1);
    assert_eq!((sg.inbound[0].traffic, &sg.inbound[0].peer), (Traffic::All, &Peer::SecurityGroup(sg.id.clone())));
    let peers: Vec<_> = sg.outbound.iter().map(|r| r.peer.clone()).collect();
    assert_eq!(peers, vec![Peer::Cidr(net("0.0.0.0/0")), Peer::Cidr(net("::/0"))]);
    assert!(sg.inbound.iter().chain(&sg.outbound).all(|r| is_aws_style(r.id.as_str(), "sgr-")));
    let sg2 = n.security_group_named(&v2, "default").unwrap();
    assert_eq!(sg2.outbound.len(), 1);
    assert_ne!(sg.id, sg2.id);

    // What was made comes back the same.
    assert_eq!(from_aws_json(&to_aws_json(&n)).unwrap(), n);
}

#[test]
fn unknown_fields_are_ignored_and_numbers_name_protocols() {
    let doc = json!({
        "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Whatever": {"x": [1, 2]}}],
        "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "Colour": "blue",
            "IpPermissions": [
                {"IpProtocol": "6", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Extra": true}]},
                {"IpProtocol": "-1", "FromPort": 70000, "ToPort": -5, "UserIdGroupPairs": [{"GroupId": "sg-in-a-peered-vpc", "UserId": "111122223333"}]},
                {"IpProtocol": "50", "FromPort": 1, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
                {"IpProtocol": "icmpv6", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
            ]}],
        "SomethingElse": 42
    });
    let n = from_aws_value(&doc).unwrap();
    let web = n.security_group_named(&VpcId::new("vpc-1"), "web").unwrap();
    let traffic: Vec<Traffic> = web.inbound.iter().map(|r| r.traffic).collect();
    assert_eq!(
        traffic,
        vec![
            Traffic::Tcp(PortRange::single(443)),
            Traffic::All,
            Traffic::Other(50),
            Traffic::Icmpv6(IcmpMatch::AllTypes),
        ]
    );
    // A rule may name a group that is not in the file (a peered VPC's).
    assert_eq!(web.inbound[1].peer, Peer::SecurityGroup(SecurityGroupId::new("sg-in-a-peered-vpc")));
}

#[test]
fn sglab_names_resources_and_carries_hosts_and_prefix_lists() {
    let mut doc: Value = serde_json::from_str(SHOP).unwrap();
    let eni = doc["NetworkInterfaces"][4]["NetworkInterfaceId"].clone();
    doc["SgLab"] = json!({
        "Resources": [{"Id": "orders", "Kind": "rds", "Name": "Orders database", "NetworkInterfaceIds": [eni]}],
        "InternetHosts": [{"Name": "Customer", "Address": "203.0.113.7"}, {"Name": "v6 customer", "Address": "2001:db8::7"}],
        "PrefixLists": [{"PrefixListId": "pl-0123", "PrefixListName": "office", "Cidrs": ["198.51.100.0/25", "2001:db8::/32"]}]
    });
    let n = from_aws_value(&doc).unwrap();
    // SgLab's Resources is the whole list: nothing else is derived.
    assert_eq!(
        n.resources,
        vec![Resource { id: ResourceId::new("orders"), kind: ResourceKind::Rds, name: "Orders database".into() }]
    );
    assert_eq!(n.network_interfaces.iter().filter(|e| e.resource_id.is_some()).count(), 1);
    assert_eq!(n.internet_hosts[0].address, IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)));
    assert_eq!(n.prefix_lists[0].cidrs, vec![net("198.51.100.0/25"), net("2001:db8::/32")]);
    assert_eq!(from_aws_json(&to_aws_json(&n)).unwrap(), n);
}

#[test]
fn export_writes_the_star_rules_the_rule_list_and_groups_peers() {
    let mut n = example::chapter();
    let app = n.security_group_mut(&SecurityGroupId::new(example::APP_SG_ID)).unwrap();
    let mut second = app.inbound[0].clone();
    second.id = SecurityGroupRuleId::new("sgr-0a1b2c3d4e5f60099");
    second.peer = Peer::Cidr(net("::/0"));
    second.description = None;
    app.inbound.push(second);
    n.vpcs[0].ipv6_cidr_blocks.push("2600:1f18:aaaa:bb00::/56".parse().unwrap());
    let doc = to_aws_value(&n);

    let entries = doc["NetworkAcls"][0]["Entries"].as_array().unwrap();
    let star: Vec<(i64, bool, &str)> = entries
        .iter()
        .filter(|e| e["RuleNumber"].as_i64().unwrap() > 32766)
        .map(|e| (e["RuleNumber"].as_i64().unwrap(), e["Egress"].as_bool().unwrap(), e["RuleAction"].as_str().unwrap()))
        .collect();
    assert_eq!(
        star,
        vec![(32767, true, "deny"), (32768, true, "deny"), (32767, false, "deny"), (32768, false, "deny")]
    );
    assert_eq!(entries[0]["Protocol"], "-1");

    let app = doc["SecurityGroups"].as_array().unwrap().iter().find(|g| g["GroupId"] == example::APP_SG_ID).unwrap();
    assert_eq!(
        app["IpPermissions"],
        json!([{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"}],
            "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            "UserIdGroupPairs": [], "PrefixListIds": []
        }])
    );
    let rules = doc["SecurityGroupRules"].as_array().unwrap();
    assert_eq!(rules.len(), 6);
    let default_in = rules.iter().find(|r| r["SecurityGroupRuleId"] == "sgr-0a1b2c3d4e5f60001").unwrap();
    assert_eq!(
        default_in,
        &json!({
            "SecurityGroupRuleId": "sgr-0a1b2c3d4e5f60001", "GroupId": example::DEFAULT_SG_ID, "IsEgress": false,
            "IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
            "ReferencedGroupInfo": {"GroupId": example::DEFAULT_SG_ID}
        })
    );
    assert_eq!(
        doc["SgLab"]["Resources"][0],
        json!({
            "Id": example::APP_INSTANCE_ID, "Kind": "ec2", "Name": "App Server", "NetworkInterfaceIds": [example::APP_ENI_ID]
        })
    );
    let eni = &doc["NetworkInterfaces"][0];
    assert_eq!(eni["Attachment"]["InstanceId"], example::APP_INSTANCE_ID);
    assert_eq!(eni["Association"]["PublicIp"], "4.5.6.7");
    assert_eq!(doc["NetworkInterfaces"][1]["RequesterId"], "amazon-rds");
    assert_eq!(from_aws_value(&doc).unwrap(), n);
}

#[test]
fn without_sglab_the_chapter_still_finds_its_owners() {
    let mut doc = to_aws_value(&example::chapter());
    doc.as_object_mut().unwrap().remove("SgLab");
    let n = from_aws_value(&doc).unwrap();
    let kinds: Vec<(String, ResourceKind)> = n.resources.iter().map(|r| (r.id.to_string(), r.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (example::APP_INSTANCE_ID.to_owned(), ResourceKind::Ec2),
            (example::DATABASE_ENI_ID.to_owned(), ResourceKind::Rds),
        ]
    );
}

/// An instance with two interfaces, each with its own group, the secondary one
/// (device index 1) listed first, as `describe-network-interfaces` may list them.
fn two_interface_instance() -> Value {
    let eni = |id: &str, ip: &str, group: &str, device_index: u32| {
        json!({
            "NetworkInterfaceId": id,
            "SubnetId": "subnet-0000000000000000a",
            "PrivateIpAddresses": [{ "PrivateIpAddress": ip, "Primary": true }],
            "Groups": [{ "GroupId": group }],
            "Attachment": { "InstanceId": "i-0000000000000000a", "DeviceIndex": device_index }
        })
    };
    let group = |id: &str, name: &str, port: u16| {
        json!({
            "GroupId": id, "GroupName": name, "VpcId": "vpc-0000000000000000a", "Description": name,
            "IpPermissions": [{ "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{ "CidrIp": "10.0.0.0/16" }] }],
            "IpPermissionsEgress": [{ "IpProtocol": "-1", "IpRanges": [{ "CidrIp": "0.0.0.0/0" }] }]
        })
    };
    json!({
        "Vpcs": [{ "VpcId": "vpc-0000000000000000a", "CidrBlock": "10.0.0.0/16" }],
        "Subnets": [{ "SubnetId": "subnet-0000000000000000a", "VpcId": "vpc-0000000000000000a", "CidrBlock": "10.0.1.0/24" }],
        "SecurityGroups": [group("sg-0000000000000000a", "primary-sg", 22), group("sg-0000000000000000b", "secondary-sg", 80)],
        "NetworkInterfaces": [
            eni("eni-0000000000000000b", "10.0.1.20", "sg-0000000000000000b", 1),
            eni("eni-0000000000000000c", "10.0.1.30", "sg-0000000000000000a", 0),
            eni("eni-0000000000000000d", "10.0.1.40", "sg-0000000000000000a", 0),
        ]
    })
}

#[test]
fn an_instance_id_means_its_primary_interface_whatever_the_listed_order() {
    let mut doc = two_interface_instance();
    // A third interface of another instance, so the reordering touches only one instance's.
    doc["NetworkInterfaces"][2]["Attachment"]["InstanceId"] = json!("i-0000000000000000b");
    let n = from_aws_value(&doc).unwrap();
    let instance = ResourceId::new("i-0000000000000000a");
    let ids: Vec<&str> = n.interfaces_of(&instance).map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["eni-0000000000000000c", "eni-0000000000000000b"]);
    assert_eq!(n.primary_interfaces()["i-0000000000000000a"].id.as_str(), "eni-0000000000000000c");
    assert_eq!(n.network_interfaces[2].id.as_str(), "eni-0000000000000000d", "other interfaces keep their place");

    // `--to i-…` is judged by the primary interface's group, which allows 22, not 80.
    let to = n.parse_endpoint("i-0000000000000000a").unwrap();
    let from = Endpoint::Interface(NetworkInterfaceId::new("eni-0000000000000000d"));
    let ssh = evaluate(&n, &Flow::new(from.clone(), to.clone(), Service::Tcp { port: 22 })).unwrap();
    assert!(ssh.allowed, "{}", ssh.summary);
    assert_eq!(ssh.destination.interface.as_ref().map(|i| i.as_str()), Some("eni-0000000000000000c"));
    assert!(!evaluate(&n, &Flow::new(from, to, Service::Tcp { port: 80 })).unwrap().allowed);

    // Export writes the device indexes back, and reading it again keeps the primary.
    let again = from_aws_value(&to_aws_value(&n)).unwrap();
    assert_eq!(again.primary_interfaces()["i-0000000000000000a"].id.as_str(), "eni-0000000000000000c");
}

#[test]
fn a_document_with_none_of_the_keys_the_lab_reads_is_refused_and_told_what_it_reads() {
    for (doc, found) in [
        (json!({"hello": 1}), "the document's keys are `hello`"),
        (json!({"status_code": 200, "data": {"Vpcs": []}}), "the document's keys are `data`, `status_code`"),
        (json!({"status_code": 200, "data": "none"}), "the document's keys are `data`, `status_code`"),
        (
            json!({"title": "Web, not SSH", "network": {}, "checks": []}),
            "the document's keys are `checks`, `network`, `title`",
        ),
        (json!({}), "the document is an empty object"),
        (json!({"ResponseMetadata": {"HTTPStatusCode": 200}}), "the document is an empty object"),
        (json!({"Vpcs": null}), "the document's keys are `Vpcs`"),
    ] {
        let e = from_aws_value(&doc).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with(found), "{doc}: {text}");
        assert!(
            text.contains("none of the keys the lab reads is here (it reads Vpcs, Subnets, InternetGateways, RouteTables, NetworkAcls, SecurityGroups, NetworkInterfaces, SecurityGroupRules, Reservations, SgLab)"),
            "{text}"
        );
        // A wrapper around the AWS output is named.
        let wrapped = doc.get("data").is_some_and(Value::is_object);
        assert_eq!(text.ends_with("; `data` holds some of them: import what it holds"), wrapped, "{text}");
    }
}

#[test]
fn boto3s_response_metadata_is_ignored() {
    let n = from_aws_value(&json!({
        "Vpcs": [{ "VpcId": "vpc-0000000000000000a", "CidrBlock": "10.0.0.0/16" }],
        "ResponseMetadata": { "RequestId": "abc", "HTTPStatusCode": 200, "RetryAttempts": 0 }
    }))
    .unwrap();
    assert_eq!(n.vpcs.len(), 1);
}

#[test]
fn a_document_over_64_mb_is_refused_before_it_is_read() {
    let big = format!("{{\"Vpcs\": [], \"Padding\": \"{}\"}}", "x".repeat(aws::MAX_DOCUMENT_BYTES));
    let e = from_aws_json(&big).unwrap_err();
    assert_eq!(e.to_string(), format!("the document is {} bytes, more than the 64 MB the lab reads", big.len()));
    // Just under the limit is read.
    let under = format!("{{\"Vpcs\": [], \"Padding\": \"{}\"}}", "x".repeat(aws::MAX_DOCUMENT_BYTES - 40));
    assert!(from_aws_json(&under).is_ok());
}
