//! The Terraform the lab writes is HCL that parses, and every reference in it names a
//! resource the file declares: what `terraform validate` checks first, without the
//! provider's schema. Checked on the chapter and on random labs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use hcl::{Body, Expression, Structure};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed};
use sglab_engine::ids::VpcId;
use sglab_engine::terraform::to_terraform;
use sglab_engine::*;
use std::collections::BTreeSet;
use support::random_labs::{build, lab};

/// The resource types the lab may write, all of the `hashicorp/aws` provider.
const KNOWN_TYPES: &[&str] = &[
    "aws_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_default_route_table",
    "aws_route_table",
    "aws_route_table_association",
    "aws_default_network_acl",
    "aws_network_acl",
    "aws_security_group",
    "aws_default_security_group",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
];

/// Every `TYPE.NAME` reference in an expression (`aws_vpc.main.id` → `aws_vpc.main`).
fn references(expression: &Expression, found: &mut Vec<String>) {
    match expression {
        Expression::Traversal(t) => {
            if let Expression::Variable(root) = &t.expr {
                if let Some(hcl::expr::TraversalOperator::GetAttr(name)) = t.operators.first() {
                    found.push(format!("{}.{}", root.as_str(), name.as_str()));
                }
            }
        }
        Expression::Array(items) => items.iter().for_each(|e| references(e, found)),
        Expression::Object(map) => map.values().for_each(|e| references(e, found)),
        Expression::FuncCall(call) => call.args.iter().for_each(|e| references(e, found)),
        _ => {}
    }
}

fn references_in(body: &Body, found: &mut Vec<String>) {
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => references(&a.expr, found),
            Structure::Block(b) => references_in(&b.body, found),
        }
    }
}

fn check(network: &Network) -> Result<(), TestCaseError> {
    let text = to_terraform(network);
    let body: Body = match hcl::parse(&text) {
        Ok(body) => body,
        Err(e) => return Err(TestCaseError::fail(format!("not HCL: {e}\n{text}"))),
    };
    let mut declared = BTreeSet::new();
    for block in body.blocks() {
        match block.identifier() {
            "resource" => {
                let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
                prop_assert_eq!(labels.len(), 2, "a resource has a type and a name");
                prop_assert!(KNOWN_TYPES.contains(&labels[0]), "unknown resource type {}", labels[0]);
                prop_assert!(declared.insert(format!("{}.{}", labels[0], labels[1])), "declared twice: {:?}", labels);
            }
            "terraform" => {}
            other => prop_assert!(false, "unexpected block {}", other),
        }
    }
    let mut found = Vec::new();
    references_in(&body, &mut found);
    // Subnets, gateways and groups refer to their VPC: a lab with one has references.
    prop_assert!(network.subnets.is_empty() || !found.is_empty(), "no references found in\n{}", text);
    for reference in &found {
        prop_assert!(declared.contains(reference), "{} is not declared\n{}", reference, text);
    }
    Ok(())
}

#[test]
fn the_chapter_as_terraform_parses_and_refers_to_what_it_declares() {
    let network = example::chapter();
    check(&network).unwrap();
    let text = to_terraform(&network);
    // Every rule of every group is its own resource; a rule that names a group refers to it.
    let rules: usize = network.security_groups.iter().map(|g| g.inbound.len() + g.outbound.len()).sum();
    let written = text.matches("resource \"aws_vpc_security_group_ingress_rule\"").count()
        + text.matches("resource \"aws_vpc_security_group_egress_rule\"").count();
    assert_eq!(written, rules);
    assert!(text.contains("referenced_security_group_id = aws_default_security_group."));
}

proptest! {
    #![proptest_config(Config { cases: 200, rng_seed: RngSeed::Fixed(0x7f0a), failure_persistence: None, ..Config::default() })]

    #[test]
    fn any_lab_as_terraform_parses_and_refers_to_what_it_declares(spec in lab()) {
        check(&build(&spec).network)?;
    }

    #[test]
    fn any_lab_as_terraform_is_laid_out_as_terraform_fmt_lays_it_out(spec in lab()) {
        let text = to_terraform(&build(&spec).network);
        let problems = fmt_problems(&text);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, text);
    }
}

/// Where `text` is not laid out as `terraform fmt` lays it out, line by line. The rules
/// are hclwrite's (`hclwrite/format.go`), which `terraform fmt` applies:
/// - each line is indented two spaces per bracket still open before it (a line that
///   closes one is indented as the line that opened it);
/// - a line is an assignment when an `=` after its first token leaves every bracket
///   it opens closed on the same line (so `tags = {` is not one);
/// - in a run of consecutive assignment lines, each `=` stands one column after the
///   longest part before an `=` in the run, and one space follows it. Any other line —
///   blank, a comment, a block's first or last line, a value over several lines —
///   ends the run.
///
/// Written for what the lab writes: no heredocs, no templates, `#` comments on lines of
/// their own, no trailing spaces.
fn fmt_problems(text: &str) -> Vec<String> {
    struct Line<'a> {
        number: usize,
        text: &'a str,
        /// The byte offset of the assignment's `=`.
        equals: Option<usize>,
    }
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    let mut depth: i32 = 0;
    for (index, text) in text.lines().enumerate() {
        let number = index + 1;
        let content = text.trim_start();
        if content.is_empty() {
            if !text.is_empty() {
                problems.push(format!("line {number}: spaces on a blank line"));
            }
            lines.push(Line { number, text, equals: None });
            continue;
        }
        if text.ends_with(' ') {
            problems.push(format!("line {number}: spaces at the end"));
        }
        // Brackets and `=`s outside strings and comments.
        let (mut net, mut first_close, mut equals) = (0i32, None, None);
        let mut in_string = false;
        let mut escaped = false;
        let mut after_first_token = false;
        let start = text.len() - content.len();
        for (offset, c) in content.char_indices() {
            let at = start + offset;
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '#' => break,
                '"' => in_string = true,
                '{' | '[' | '(' => net += 1,
                '}' | ']' | ')' => {
                    net -= 1;
                    first_close.get_or_insert(net);
                }
                '=' if after_first_token && equals.is_none() => equals = Some((at, net)),
                _ => {}
            }
            after_first_token |= c == ' ' || c == '"';
        }
        // A line that starts by closing brackets is indented as the one that opened them.
        let closing_first = content.starts_with(['}', ']', ')']);
        let indent_depth = if closing_first { depth + first_close.unwrap_or(0).min(0) } else { depth };
        let indent = text.len() - content.len();
        if indent as i32 != 2 * indent_depth.max(0) {
            problems.push(format!("line {number}: indented {indent}, not {}", 2 * indent_depth));
        }
        depth += net;
        // An assignment: the brackets from its `=` on are closed on the line.
        let equals = equals.filter(|&(_, before)| net - before == 0).map(|(at, _)| at);
        if let Some(at) = equals {
            if !text[at..].starts_with("= ") || text[at + 2..].starts_with(' ') {
                problems.push(format!("line {number}: not one space after `=`"));
            }
        }
        lines.push(Line { number, text, equals });
    }
    if depth != 0 {
        problems.push(format!("brackets left open at the end: {depth}"));
    }
    // Runs of assignments.
    let columns = |s: &str| s.chars().count();
    for run in lines.split(|l| l.equals.is_none()) {
        let widest = run.iter().filter_map(|l| Some(columns(l.text[..l.equals?].trim_end()))).max().unwrap_or(0);
        for line in run {
            let Some(at) = line.equals else { continue };
            if columns(&line.text[..at]) != widest + 1 || !line.text[..at].ends_with(' ') {
                problems.push(format!(
                    "line {}: `=` at column {}, not {}",
                    line.number,
                    columns(&line.text[..at]),
                    widest + 1
                ));
            }
        }
    }
    problems
}

#[test]
fn the_checker_sees_what_terraform_fmt_would_change() {
    assert_eq!(fmt_problems("a   = 1\nbbb = 2\n"), Vec::<String>::new());
    assert_eq!(fmt_problems("a = 1\nbbb = 2\n"), ["line 1: `=` at column 2, not 4"]);
    // A blank line, a comment or a block ends the run.
    assert!(fmt_problems("a = 1\n\nbbb = 2\n").is_empty());
    assert!(fmt_problems("a = 1\n# note\nbbb = 2\n").is_empty());
    assert!(fmt_problems("x {\n  a = 1\n  b {\n    cc = 2\n  }\n  dddd = 3\n}\n").is_empty());
    assert!(fmt_problems("tags = {\n  Name = \"a\"\n}\nbbb = 2\n").is_empty());
    assert_eq!(fmt_problems("x {\n a = 1\n}\n"), ["line 2: indented 1, not 2"]);
    assert_eq!(fmt_problems("a =  1\n"), ["line 1: not one space after `=`"]);
    // `=` inside a string is not an assignment's.
    assert!(fmt_problems("\"k=v\" = \"a = b\"\nlonger = 1\n").iter().any(|p| p.starts_with("line 1")));
    assert!(fmt_problems("\"k=v\"  = \"a = b\"\nlonger = 1\n").is_empty());
}

fn tag(key: &str, value: &str) -> Tag {
    Tag { key: key.into(), value: value.into() }
}

fn tcp(port: u16) -> traffic::Traffic {
    traffic::Traffic::Tcp(traffic::PortRange { from: port, to: port })
}

/// A small network with one of each thing whose lines line up differently: a subnet
/// with an IPv6 block and one with no availability zone, a route and a network ACL
/// entry to IPv6 ranges, a custom ACL with its subnets, the `default` group (no name
/// nor description), a rule naming a group and a rule with a description, and tags
/// with keys of different lengths, one of them not ASCII.
fn small_network() -> Network {
    let vpc: VpcId = "vpc-1".into();
    let acl_entry = |rule_number, cidr: &str, traffic| NaclEntry {
        rule_number,
        action: RuleAction::Allow,
        traffic,
        cidr: cidr.parse().unwrap(),
    };
    Network {
        vpcs: vec![Vpc {
            id: vpc.clone(),
            cidr_blocks: vec!["10.0.0.0/16".parse().unwrap()],
            ipv6_cidr_blocks: vec!["2600:1f18:1::/56".parse().unwrap()],
            is_default: false,
            tags: vec![tag("Name", "lab"), tag("Environment", "test"), tag("Café", "crème")],
        }],
        subnets: vec![
            Subnet {
                id: "subnet-1".into(),
                vpc_id: vpc.clone(),
                cidr_block: "10.0.1.0/24".parse().unwrap(),
                ipv6_cidr_block: Some("2600:1f18:1:1::/64".parse().unwrap()),
                availability_zone: "us-east-1a".into(),
                tags: vec![tag("Name", "web")],
            },
            Subnet {
                id: "subnet-2".into(),
                vpc_id: vpc.clone(),
                cidr_block: "10.0.2.0/24".parse().unwrap(),
                ipv6_cidr_block: None,
                availability_zone: String::new(),
                tags: vec![tag("Name", "data")],
            },
        ],
        route_tables: vec![RouteTable {
            id: "rtb-1".into(),
            vpc_id: vpc.clone(),
            main: false,
            subnet_ids: vec!["subnet-1".into()],
            routes: vec![
                Route { destination: "10.0.0.0/16".parse().unwrap(), target: RouteTarget::Local },
                Route {
                    destination: "0.0.0.0/0".parse().unwrap(),
                    target: RouteTarget::InternetGateway("igw-1".into()),
                },
                Route { destination: "::/0".parse().unwrap(), target: RouteTarget::InternetGateway("igw-1".into()) },
            ],
            tags: vec![],
        }],
        internet_gateways: vec![InternetGateway { id: "igw-1".into(), vpc_id: Some(vpc.clone()), tags: vec![] }],
        network_acls: vec![NetworkAcl {
            id: "acl-1".into(),
            vpc_id: vpc.clone(),
            is_default: false,
            subnet_ids: vec!["subnet-2".into()],
            inbound: vec![acl_entry(100, "10.0.1.0/24", tcp(5432))],
            outbound: vec![acl_entry(100, "2600:1f18:1:1::/64", traffic::Traffic::All)],
            tags: vec![],
        }],
        security_groups: vec![
            SecurityGroup {
                id: "sg-1".into(),
                name: "default".into(),
                description: "default VPC security group".into(),
                vpc_id: vpc.clone(),
                inbound: vec![],
                outbound: vec![],
                tags: vec![],
            },
            SecurityGroup {
                id: "sg-2".into(),
                name: "db".into(),
                description: "The database".into(),
                vpc_id: vpc.clone(),
                inbound: vec![SgRule {
                    id: "sgr-1".into(),
                    traffic: tcp(5432),
                    peer: Peer::SecurityGroup("sg-1".into()),
                    description: Some("From the default group".into()),
                }],
                outbound: vec![SgRule {
                    id: "sgr-2".into(),
                    traffic: traffic::Traffic::Icmp(traffic::IcmpMatch::AllTypes),
                    peer: Peer::Cidr("10.0.0.0/16".parse().unwrap()),
                    description: None,
                }],
                tags: vec![],
            },
        ],
        ..Network::default()
    }
}

/// What the lab writes for [`small_network`], byte for byte: what `terraform fmt`
/// leaves as it is.
const SMALL_NETWORK_TF: &str = r#"# The lab's network for the hashicorp/aws provider. Written by SG Lab.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

# vpc-1
resource "aws_vpc" "lab" {
  cidr_block = "10.0.0.0/16"
  # The lab's IPv6 block is 2600:1f18:1::/56; AWS assigns a block of its own.
  assign_generated_ipv6_cidr_block = true
  tags = {
    "Name"        = "lab"
    "Environment" = "test"
    "Café"        = "crème"
  }
}

# subnet-1
resource "aws_subnet" "web" {
  vpc_id            = aws_vpc.lab.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
  # 2600:1f18:1:1::/64 in the lab: the same place in the VPC's block.
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.lab.ipv6_cidr_block, 8, 1)
  assign_ipv6_address_on_creation = false
  tags = {
    "Name" = "web"
  }
}

# subnet-2
resource "aws_subnet" "data" {
  vpc_id     = aws_vpc.lab.id
  cidr_block = "10.0.2.0/24"
  tags = {
    "Name" = "data"
  }
}

# igw-1
resource "aws_internet_gateway" "igw-1" {
  vpc_id = aws_vpc.lab.id
}

# rtb-1
resource "aws_route_table" "rtb-1" {
  vpc_id = aws_vpc.lab.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw-1.id
  }
  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = aws_internet_gateway.igw-1.id
  }
}

resource "aws_route_table_association" "rtb-1_web" {
  subnet_id      = aws_subnet.web.id
  route_table_id = aws_route_table.rtb-1.id
}

# acl-1
resource "aws_network_acl" "acl-1" {
  vpc_id     = aws_vpc.lab.id
  subnet_ids = [aws_subnet.data.id]
  ingress {
    rule_no    = 100
    action     = "allow"
    cidr_block = "10.0.1.0/24"
    protocol   = "tcp"
    from_port  = 5432
    to_port    = 5432
  }
  egress {
    rule_no         = 100
    action          = "allow"
    ipv6_cidr_block = "2600:1f18:1:1::/64"
    protocol        = "-1"
    from_port       = 0
    to_port         = 0
  }
}

# sg-1
resource "aws_default_security_group" "lab_default" {
  vpc_id = aws_vpc.lab.id
}

# sg-2
resource "aws_security_group" "db" {
  name        = "db"
  description = "The database"
  vpc_id      = aws_vpc.lab.id
}

# sgr-1
resource "aws_vpc_security_group_ingress_rule" "db_ingress_1" {
  security_group_id            = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_default_security_group.lab_default.id
  description                  = "From the default group"
}

# sgr-2
resource "aws_vpc_security_group_egress_rule" "db_egress_1" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "icmp"
  from_port         = -1
  to_port           = -1
  cidr_ipv4         = "10.0.0.0/16"
}
"#;

#[test]
fn a_small_network_is_written_as_terraform_fmt_writes_it() {
    let text = to_terraform(&small_network());
    assert_eq!(fmt_problems(&text), Vec::<String>::new(), "\n{text}");
    assert_eq!(text, SMALL_NETWORK_TF);
    check(&small_network()).unwrap();
}

#[test]
fn the_chapter_is_written_as_terraform_fmt_writes_it() {
    let text = to_terraform(&example::chapter());
    assert_eq!(fmt_problems(&text), Vec::<String>::new(), "\n{text}");
}

/// `terraform fmt` itself, where it is installed (it is not needed to build or test
/// the lab): it must leave what the lab writes as it is.
#[test]
fn terraform_fmt_changes_nothing_where_it_is_installed() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut networks = vec![small_network(), example::chapter()];
    let mut runner =
        proptest::test_runner::TestRunner::new(Config { rng_seed: RngSeed::Fixed(0x7f0b), ..Config::default() });
    for _ in 0..20 {
        let spec = lab().new_tree(&mut runner).unwrap().current();
        networks.push(build(&spec).network);
    }
    for network in networks {
        let text = to_terraform(&network);
        let child = Command::new("terraform")
            .args(["fmt", "-no-color", "-"])
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("terraform is not installed: the layout is checked by the tests' own rules only");
            return;
        };
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "terraform fmt refused:\n{text}");
        assert_eq!(String::from_utf8(output.stdout).unwrap(), text);
    }
}
