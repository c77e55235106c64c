//! Wrong AWS JSON: every error names its JSON path and the problem.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers outside #[test] functions: a failed setup should stop the test"
)]

use serde_json::{json, Value};
use sglab_engine::aws::{from_aws_json, from_aws_value};

/// A small valid document: one VPC, two subnets, an internet gateway, a route
/// table, a network ACL, three security groups and two interfaces.
fn base() -> Value {
    json!({
        "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16",
                  "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:aaaa:bb00::/56"}]}],
        "Subnets": [
            {"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-1a",
             "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:aaaa:bb01::/64"}]},
            {"SubnetId": "subnet-b", "VpcId": "vpc-1", "CidrBlock": "10.1.2.0/24", "AvailabilityZone": "us-east-1a"}
        ],
        "InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}],
        "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
            "Associations": [{"Main": true}, {"Main": false, "SubnetId": "subnet-a"}],
            "Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"},
                       {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]}],
        "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true,
            "Associations": [{"SubnetId": "subnet-a"}, {"SubnetId": "subnet-b"}],
            "Entries": [
                {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0",
                 "PortRange": {"From": 443, "To": 443}},
                {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
                {"RuleNumber": 32768, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "Ipv6CidrBlock": "::/0"}
            ]}],
        "SecurityGroups": [
            {"GroupId": "sg-default", "GroupName": "default", "VpcId": "vpc-1",
             "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-default"}]}]},
            {"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1",
             "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
            {"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-1",
             "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306,
                                "UserIdGroupPairs": [{"GroupId": "sg-web"}]}]}
        ],
        "NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-a", "VpcId": "vpc-1", "PrivateIpAddress": "10.1.1.10",
             "Groups": [{"GroupId": "sg-web"}]},
            {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-b", "PrivateIpAddress": "10.1.2.10",
             "PrivateIpAddresses": [{"PrivateIpAddress": "10.1.2.10", "Primary": true}],
             "Groups": [{"GroupId": "sg-db"}]}
        ]
    })
}

/// The base document with the value at a JSON pointer replaced (`None`: removed).
fn with(pointer: &str, value: Option<Value>) -> Value {
    let mut doc = base();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let slot = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    match (slot, value) {
        (Value::Object(o), Some(v)) => {
            o.insert(key.to_owned(), v);
        }
        (Value::Object(o), None) => {
            o.remove(key);
        }
        (Value::Array(a), Some(v)) => a[key.parse::<usize>().unwrap()] = v,
        (Value::Array(a), None) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("{pointer} is not in an object or array"),
    }
    doc
}

fn check(doc: Value, expected: &str) {
    match from_aws_value(&doc) {
        Ok(_) => panic!("accepted, expected `{expected}`"),
        Err(e) => assert_eq!(e.to_string(), expected),
    }
}

fn set(pointer: &str, value: Value, expected: &str) {
    check(with(pointer, Some(value)), expected);
}

#[test]
fn the_base_document_is_valid() {
    let n = from_aws_value(&base()).unwrap();
    assert_eq!(n.security_groups.len(), 3);
    assert_eq!(n.network_acls[0].inbound.len(), 1, "the `*` rules are dropped");
}

#[test]
fn not_json_or_not_an_object() {
    let e = from_aws_json("{\"Vpcs\": [").unwrap_err();
    assert_eq!(e.path, "");
    assert!(e.to_string().starts_with("not valid JSON: EOF while parsing"), "{e}");
    assert_eq!(
        from_aws_json("[1]").unwrap_err().to_string(),
        "expected an object with keys such as `Vpcs` and `Subnets`, found an array"
    );
}

#[test]
fn wrong_json_types() {
    set("/Vpcs", json!({}), "Vpcs: expected an array, found an object");
    set("/Subnets/0", json!("subnet-a"), "Subnets[0]: expected an object, found a string");
    set("/Subnets/0/CidrBlock", json!(5), "Subnets[0].CidrBlock: expected a string, found a number");
    set("/Vpcs/0/IsDefault", json!("no"), "Vpcs[0].IsDefault: expected a boolean, found a string");
    set(
        "/SecurityGroups/1/IpPermissions/0/FromPort",
        json!(44.5),
        "SecurityGroups[1].IpPermissions[0].FromPort: expected an integer, found a decimal number",
    );
    set(
        "/NetworkAcls/0/Entries/0/RuleNumber",
        json!("100"),
        "NetworkAcls[0].Entries[0].RuleNumber: expected an integer, found a string",
    );
    set("/SgLab", json!([]), "SgLab: expected an object, found an array");
}

#[test]
fn missing_and_empty_fields() {
    check(with("/Vpcs/0/VpcId", None), "Vpcs[0].VpcId: missing");
    set("/Vpcs/0/VpcId", json!(""), "Vpcs[0].VpcId: the id is empty");
    check(with("/Vpcs/0/CidrBlock", None), "Vpcs[0].CidrBlock: missing");
    check(with("/Subnets/1/VpcId", None), "Subnets[1].VpcId: missing");
    check(with("/NetworkAcls/0/Entries/0/Egress", None), "NetworkAcls[0].Entries[0].Egress: missing");
    check(with("/NetworkAcls/0/Entries/0/PortRange", None), "NetworkAcls[0].Entries[0].PortRange: missing");
    check(with("/SecurityGroups/1/IpPermissions/0/ToPort", None), "SecurityGroups[1].IpPermissions[0].ToPort: missing");
    check(with("/NetworkInterfaces/0/PrivateIpAddress", None), "NetworkInterfaces[0].PrivateIpAddress: missing");
    set(
        "/RouteTables/0/Routes/1",
        json!({"DestinationCidrBlock": "0.0.0.0/0", "State": "active"}),
        "RouteTables[0].Routes[1]: the route has no target: expected one of GatewayId, NatGatewayId, TransitGatewayId, VpcPeeringConnectionId, NetworkInterfaceId, InstanceId",
    );
}

#[test]
fn bad_addresses_and_cidrs() {
    set(
        "/Subnets/0/CidrBlock",
        json!("10.1.300.0/24"),
        "Subnets[0].CidrBlock: `10.1.300.0/24` is not a valid IPv4 CIDR",
    );
    set("/Vpcs/0/CidrBlock", json!("10.1.0.0"), "Vpcs[0].CidrBlock: `10.1.0.0` is not a valid IPv4 CIDR");
    set(
        "/SecurityGroups/1/IpPermissions/0/IpRanges/0/CidrIp",
        json!("::/0"),
        "SecurityGroups[1].IpPermissions[0].IpRanges[0].CidrIp: `::/0` is not a valid IPv4 CIDR",
    );
    set(
        "/NetworkAcls/0/Entries/2/Ipv6CidrBlock",
        json!("0.0.0.0/0"),
        "NetworkAcls[0].Entries[2].Ipv6CidrBlock: `0.0.0.0/0` is not a valid IPv6 CIDR",
    );
    set(
        "/NetworkInterfaces/0/PrivateIpAddress",
        json!("10.1.1.999"),
        "NetworkInterfaces[0].PrivateIpAddress: `10.1.1.999` is not a valid IPv4 address",
    );
    set(
        "/NetworkInterfaces/0/Association",
        json!({"PublicIp": "example.com"}),
        "NetworkInterfaces[0].Association.PublicIp: `example.com` is not a valid IPv4 address",
    );
}

#[test]
fn subnets_must_lie_in_their_vpc_and_not_overlap() {
    set(
        "/Subnets/1/CidrBlock",
        json!("10.2.0.0/24"),
        "Subnets[1].CidrBlock: `10.2.0.0/24` is not inside the CIDR blocks of vpc `vpc-1`",
    );
    set(
        "/Subnets/1/CidrBlock",
        json!("10.1.1.128/25"),
        "Subnets[1].CidrBlock: `10.1.1.128/25` overlaps subnet `subnet-a` (`10.1.1.0/24`)",
    );
    set(
        "/Subnets/0/Ipv6CidrBlockAssociationSet/0/Ipv6CidrBlock",
        json!("2600:1f18:cccc::/64"),
        "Subnets[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: `2600:1f18:cccc::/64` is not inside the CIDR blocks of vpc `vpc-1`",
    );
}

#[test]
fn references_to_unknown_things() {
    set("/Subnets/1/VpcId", json!("vpc-x"), "Subnets[1].VpcId: vpc `vpc-x` is not in Vpcs");
    set(
        "/NetworkInterfaces/1/SubnetId",
        json!("subnet-x"),
        "NetworkInterfaces[1].SubnetId: subnet `subnet-x` is not in Subnets",
    );
    set(
        "/NetworkInterfaces/0/Groups/0/GroupId",
        json!("sg-nope"),
        "NetworkInterfaces[0].Groups[0].GroupId: security group `sg-nope` is not in SecurityGroups",
    );
    set(
        "/RouteTables/0/Associations/1/SubnetId",
        json!("subnet-x"),
        "RouteTables[0].Associations[1].SubnetId: subnet `subnet-x` is not in Subnets",
    );
    set(
        "/NetworkAcls/0/Associations/0/SubnetId",
        json!("subnet-x"),
        "NetworkAcls[0].Associations[0].SubnetId: subnet `subnet-x` is not in Subnets",
    );
    set(
        "/RouteTables/0/Routes/1/GatewayId",
        json!("igw-x"),
        "RouteTables[0].Routes[1].GatewayId: internet gateway `igw-x` is not in InternetGateways",
    );
    set(
        "/InternetGateways/0/Attachments/0/VpcId",
        json!("vpc-x"),
        "InternetGateways[0].Attachments[0].VpcId: vpc `vpc-x` is not in Vpcs",
    );
    set(
        "/NetworkInterfaces/0/VpcId",
        json!("vpc-x"),
        "NetworkInterfaces[0].VpcId: subnet `subnet-a` is in vpc `vpc-1`, not `vpc-x`",
    );
}

#[test]
fn a_rule_may_name_a_group_that_is_not_in_the_file() {
    let doc = with("/SecurityGroups/2/IpPermissions/0/UserIdGroupPairs/0/GroupId", Some(json!("sg-peered")));
    let n = from_aws_value(&doc).unwrap();
    assert_eq!(n.security_groups[2].inbound.len(), 1);
}

#[test]
fn ports_protocols_and_icmp() {
    set(
        "/SecurityGroups/2/IpPermissions/0/FromPort",
        json!(70000),
        "SecurityGroups[2].IpPermissions[0].FromPort: 70000 is not a port",
    );
    set(
        "/SecurityGroups/2/IpPermissions/0/ToPort",
        json!(-1),
        "SecurityGroups[2].IpPermissions[0].ToPort: -1 is not a port",
    );
    set(
        "/SecurityGroups/2/IpPermissions/0/FromPort",
        json!(3307),
        "SecurityGroups[2].IpPermissions[0]: from port 3307 is greater than to port 3306",
    );
    set(
        "/NetworkAcls/0/Entries/0/PortRange",
        json!({"From": 444, "To": 443}),
        "NetworkAcls[0].Entries[0].PortRange: from port 444 is greater than to port 443",
    );
    set(
        "/SecurityGroups/1/IpPermissions/0/IpProtocol",
        json!("http"),
        "SecurityGroups[1].IpPermissions[0].IpProtocol: `http` is not a protocol: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255",
    );
    set("/NetworkAcls/0/Entries/0/Protocol", json!("256"), "NetworkAcls[0].Entries[0].Protocol: `256` is not a protocol: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255");
    let icmp = |from: i64, to: i64| json!({"IpProtocol": "icmp", "FromPort": from, "ToPort": to, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]});
    set(
        "/SecurityGroups/1/IpPermissions/0",
        icmp(-1, 3),
        "SecurityGroups[1].IpPermissions[0].ToPort: ICMP type -1 (all types) requires code -1, not 3",
    );
    set(
        "/SecurityGroups/1/IpPermissions/0",
        icmp(256, -1),
        "SecurityGroups[1].IpPermissions[0].FromPort: 256 is not an ICMP type: use 0-255, or -1 for all types",
    );
    set(
        "/SecurityGroups/1/IpPermissions/0",
        icmp(3, 300),
        "SecurityGroups[1].IpPermissions[0].ToPort: 300 is not an ICMP code: use 0-255, or -1 for all codes",
    );
    set(
        "/NetworkAcls/0/Entries/0",
        json!({"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0",
               "IcmpTypeCode": {"Type": -1, "Code": 0}}),
        "NetworkAcls[0].Entries[0].IcmpTypeCode.Code: ICMP type -1 (all types) requires code -1, not 0",
    );
}

#[test]
fn network_acl_rule_numbers_and_actions() {
    set(
        "/NetworkAcls/0/Entries/0/RuleNumber",
        json!(0),
        "NetworkAcls[0].Entries[0].RuleNumber: rule number 0 is not between 1 and 32766",
    );
    set(
        "/NetworkAcls/0/Entries/0/RuleNumber",
        json!(40000),
        "NetworkAcls[0].Entries[0].RuleNumber: rule number 40000 is not between 1 and 32766",
    );
    set(
        "/NetworkAcls/0/Entries/1/RuleAction",
        json!("allow"),
        "NetworkAcls[0].Entries[1].RuleAction: rule 32767 is the final `*` rule, which always denies",
    );
    set(
        "/NetworkAcls/0/Entries/0/RuleAction",
        json!("permit"),
        "NetworkAcls[0].Entries[0].RuleAction: `permit` is not allow or deny",
    );
    let mut doc = base();
    let entries = doc.pointer_mut("/NetworkAcls/0/Entries").unwrap().as_array_mut().unwrap();
    let mut twin = entries[0].clone();
    twin["CidrBlock"] = json!("10.0.0.0/8");
    entries.push(twin);
    check(
        doc,
        "NetworkAcls[0].Entries[3].RuleNumber: rule number 100 is already used by another entry in the same direction",
    );
}

#[test]
fn duplicates_and_second_defaults() {
    set(
        "/Subnets/1/SubnetId",
        json!("subnet-a"),
        "Subnets[1].SubnetId: id `subnet-a` is already used at Subnets[0].SubnetId",
    );
    set(
        "/SecurityGroups/2/GroupName",
        json!("web"),
        "SecurityGroups[2].GroupName: security group name `web` is already used in vpc `vpc-1`",
    );
    set(
        "/NetworkAcls/0/Associations/1/SubnetId",
        json!("subnet-a"),
        "NetworkAcls[0].Associations[1].SubnetId: subnet `subnet-a` is already associated with `acl-1`",
    );
    let mut doc = base();
    let mut second = doc["RouteTables"][0].clone();
    second["RouteTableId"] = json!("rtb-2");
    second["Associations"] = json!([{"Main": true}]);
    doc["RouteTables"].as_array_mut().unwrap().push(second);
    check(doc, "RouteTables[1].Associations[0].Main: vpc `vpc-1` already has a main route table `rtb-1`");
    let mut doc = base();
    doc["NetworkAcls"]
        .as_array_mut()
        .unwrap()
        .push(json!({"NetworkAclId": "acl-2", "VpcId": "vpc-1", "IsDefault": true}));
    check(doc, "NetworkAcls[1].IsDefault: vpc `vpc-1` already has a default network ACL `acl-1`");
}

#[test]
fn interface_addresses_must_fit_their_subnet() {
    set(
        "/NetworkInterfaces/1/PrivateIpAddresses/0/PrivateIpAddress",
        json!("10.1.1.10"),
        "NetworkInterfaces[1].PrivateIpAddresses[0].PrivateIpAddress: `10.1.1.10` is not inside subnet `subnet-b` (`10.1.2.0/24`)",
    );
    set(
        "/NetworkInterfaces/1/Ipv6Addresses",
        json!([{"Ipv6Address": "2600:1f18:aaaa:bb01::5"}]),
        "NetworkInterfaces[1].Ipv6Addresses[0].Ipv6Address: `2600:1f18:aaaa:bb01::5` cannot be used: subnet `subnet-b` has no IPv6 CIDR",
    );
    set(
        "/NetworkInterfaces/0/Ipv6Addresses",
        json!([{"Ipv6Address": "2600:1f18:aaaa:bb02::5"}]),
        "NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: `2600:1f18:aaaa:bb02::5` is not inside subnet `subnet-a` (`2600:1f18:aaaa:bb01::/64`)",
    );
    let mut doc = base();
    doc["NetworkInterfaces"][1]["SubnetId"] = json!("subnet-a");
    doc["NetworkInterfaces"][1]["PrivateIpAddresses"] = json!([]);
    doc["NetworkInterfaces"][1]["PrivateIpAddress"] = json!("10.1.1.10");
    check(doc, "NetworkInterfaces[1].PrivateIpAddress: `10.1.1.10` is already an address of network interface `eni-1`");
}

#[test]
fn an_interface_group_must_be_in_its_vpc() {
    let mut doc = base();
    doc["Vpcs"].as_array_mut().unwrap().push(json!({"VpcId": "vpc-2", "CidrBlock": "10.2.0.0/16"}));
    doc["SecurityGroups"][1]["VpcId"] = json!("vpc-2");
    check(doc, "NetworkInterfaces[0].Groups[0].GroupId: security group `sg-web` is in vpc `vpc-2`, not `vpc-1`");
    let mut doc = base();
    doc["Vpcs"].as_array_mut().unwrap().push(json!({"VpcId": "vpc-2", "CidrBlock": "10.2.0.0/16"}));
    doc["Subnets"]
        .as_array_mut()
        .unwrap()
        .push(json!({"SubnetId": "subnet-c", "VpcId": "vpc-2", "CidrBlock": "10.2.0.0/24"}));
    doc["NetworkAcls"][0]["Associations"][1]["SubnetId"] = json!("subnet-c");
    check(doc, "NetworkAcls[0].Associations[1].SubnetId: subnet `subnet-c` is in vpc `vpc-2`, not `vpc-1`");
}

#[test]
fn sglab_errors() {
    let lab = |v: Value| with("/SgLab", Some(v));
    check(
        lab(json!({"Resources": [{"Id": "db", "Kind": "dynamodb", "NetworkInterfaceIds": []}]})),
        "SgLab.Resources[0].Kind: `dynamodb` is not ec2, rds or alb",
    );
    check(
        lab(json!({"Resources": [{"Id": "db", "Kind": "rds", "NetworkInterfaceIds": ["eni-9"]}]})),
        "SgLab.Resources[0].NetworkInterfaceIds[0]: network interface `eni-9` is not in NetworkInterfaces",
    );
    check(
        lab(json!({"Resources": [{"Id": "a", "Kind": "ec2", "NetworkInterfaceIds": ["eni-1"]},
                                 {"Id": "b", "Kind": "ec2", "NetworkInterfaceIds": ["eni-1"]}]})),
        "SgLab.Resources[1].NetworkInterfaceIds[0]: network interface `eni-1` already belongs to `a`",
    );
    check(
        lab(json!({"Resources": [{"Id": "a", "Kind": "ec2"}, {"Id": "a", "Kind": "rds"}]})),
        "SgLab.Resources[1].Id: id `a` is already used at SgLab.Resources[0].Id",
    );
    check(
        lab(json!({"InternetHosts": [{"Name": "browser", "Address": "1.2.3"}]})),
        "SgLab.InternetHosts[0].Address: `1.2.3` is not a valid IP address",
    );
    check(
        lab(json!({"PrefixLists": [{"PrefixListId": "pl-1", "Cidrs": ["10.0.0.0/8", "office"]}]})),
        "SgLab.PrefixLists[0].Cidrs[1]: `office` is not a valid IP CIDR",
    );
}

#[test]
fn security_group_rules_errors() {
    let rules = |v: Value| with("/SecurityGroupRules", Some(v));
    check(
        rules(json!([{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-web", "IsEgress": false, "IpProtocol": "tcp",
                      "FromPort": 443, "ToPort": 443}])),
        "SecurityGroupRules[0]: the rule has no peer: expected one of CidrIpv4, CidrIpv6, ReferencedGroupInfo, PrefixListId",
    );
    check(
        rules(
            json!([{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-web", "IpProtocol": "-1", "CidrIpv4": "0.0.0.0/0"}]),
        ),
        "SecurityGroupRules[0].IsEgress: missing",
    );
}

/// An exercise file imported as a lab is recognised, not read as "none of the keys".
#[test]
fn an_exercise_given_as_a_lab_says_so() {
    let lesson =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons/challenges/1-web-not-ssh.json"))
            .unwrap();
    let e = from_aws_json(&lesson).unwrap_err();
    assert!(matches!(*e.problem, sglab_engine::aws::ImportProblem::IsExercise { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "this is an exercise (“Challenge 1: Open the site, close SSH”), not a lab: open it from the Lessons tab"
    );
    // Without a title, and with a format this lab does not read yet.
    let e = from_aws_value(&json!({"format": "sglab-exercise/2", "steps": []})).unwrap_err();
    assert_eq!(e.to_string(), "this is an exercise, not a lab: open it from the Lessons tab");
    // Another program's JSON is still "none of the keys".
    let e = from_aws_value(&json!({"format": "csv"})).unwrap_err();
    assert!(e.to_string().contains("none of the keys the lab reads"), "{e}");
}
