//! The Terraform the lab writes is HCL that parses, and every reference in it names a
//! resource the file declares: what `terraform validate` checks first, without the
//! provider's schema. Checked on the chapter and on random labs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use hcl::{Body, Expression, Structure};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
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
}
