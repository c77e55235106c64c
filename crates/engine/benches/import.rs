//! How long reading the AWS CLI's JSON takes, and writing it back: 1,000, 10,000 and
//! 40,000 security groups, one instance's interface in each.
//!
//! `cargo bench -p sglab-engine --bench import` (figures in BENCHMARKS.md). Import and
//! export must grow in proportion to the groups and interfaces, not with their square.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use serde_json::{json, Value};
use sglab_engine::aws::{from_aws_json, to_aws_json};
use std::hint::black_box;
use std::time::Duration;

/// A VPC with `count` security groups, one interface in each, each interface an instance's.
fn many_groups(count: usize) -> String {
    let groups: Vec<Value> = (0..count)
        .map(|i| json!({"GroupId": format!("sg-{i:017x}"), "GroupName": format!("group-{i}"), "VpcId": "vpc-0000000000000000a"}))
        .collect();
    let interfaces: Vec<Value> = (0..count)
        .map(|i| {
            json!({
                "NetworkInterfaceId": format!("eni-{i:017x}"),
                "SubnetId": "subnet-0000000000000000a",
                "PrivateIpAddresses": [{ "PrivateIpAddress": std::net::Ipv4Addr::from(0x0a00_0000 + 10 + i as u32).to_string() }],
                "Groups": [{ "GroupId": format!("sg-{i:017x}") }],
                "Attachment": { "InstanceId": format!("i-{i:017x}"), "DeviceIndex": 0 }
            })
        })
        .collect();
    json!({
        "Vpcs": [{ "VpcId": "vpc-0000000000000000a", "CidrBlock": "10.0.0.0/8" }],
        "Subnets": [{ "SubnetId": "subnet-0000000000000000a", "VpcId": "vpc-0000000000000000a", "CidrBlock": "10.0.0.0/8" }],
        "SecurityGroups": groups,
        "NetworkInterfaces": interfaces
    })
    .to_string()
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("aws_json");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    for count in [1_000, 10_000, 40_000] {
        let text = many_groups(count);
        let network = from_aws_json(&text);
        assert!(network.as_ref().is_ok_and(|n| n.security_groups.len() == count + 1), "the document imports");
        let Ok(network) = network else { return };
        let exported = to_aws_json(&network);
        group.bench_with_input(BenchmarkId::new("import", count), &text, |b, text| {
            b.iter(|| from_aws_json(black_box(text)))
        });
        group
            .bench_with_input(BenchmarkId::new("export", count), &network, |b, n| b.iter(|| to_aws_json(black_box(n))));
        group.bench_with_input(BenchmarkId::new("import_of_export", count), &exported, |b, text| {
            b.iter(|| from_aws_json(black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
