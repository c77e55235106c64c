//! How long the evaluator takes: one flow against the largest interface AWS allows,
//! and every pair of 1000 interfaces with one `Evaluator`.
//!
//! `cargo bench -p sglab-engine --bench evaluate` (figures in BENCHMARKS.md).
//! Sample sizes and times are kept small: the numbers are stable enough on a shared
//! 2-core machine, and the whole run takes about a minute.

mod networks;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sglab_engine::Evaluator;
use std::hint::black_box;
use std::time::Duration;

fn max_interface(c: &mut Criterion) {
    let m = networks::max_interface();
    let evaluator = Evaluator::new(&m.network);
    let worst = networks::tcp(&m.unmatched_client, &m.server, 443);
    let typical = networks::tcp(&m.allowed_client, &m.server, 443);
    // The cases are what their names say.
    assert!(evaluator.evaluate(&worst).is_ok_and(|v| !v.allowed));
    assert!(evaluator.evaluate(&typical).is_ok_and(|v| v.allowed));

    let mut group = c.benchmark_group("max_interface_1000_rules");
    group.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("no_rule_matches", |b| b.iter(|| evaluator.evaluate(black_box(&worst))));
    group.bench_function("allowed_halfway", |b| b.iter(|| evaluator.evaluate(black_box(&typical))));
    group.bench_function("evaluate_with_index_build", |b| {
        b.iter(|| sglab_engine::evaluate(black_box(&m.network), black_box(&worst)))
    });
    group.finish();
}

fn all_pairs(c: &mut Criterion) {
    let network = networks::thousand_interfaces();
    let ids: Vec<_> = network.network_interfaces.iter().map(|n| n.id.clone()).collect();
    let flows: Vec<_> = ids.iter().flat_map(|a| ids.iter().map(|b| networks::tcp(a, b, 443))).collect();
    let evaluator = Evaluator::new(&network);
    let allowed = flows.iter().filter(|f| evaluator.evaluate(f).is_ok_and(|v| v.allowed)).count();
    println!("all pairs: {} flows, {allowed} allowed", flows.len());

    let mut group = c.benchmark_group("all_pairs_1000_interfaces");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(flows.len() as u64));
    group.bench_function("tcp_443", |b| {
        b.iter(|| flows.iter().filter(|f| evaluator.evaluate(black_box(f)).is_ok_and(|v| v.allowed)).count())
    });
    group.finish();

    let mut group = c.benchmark_group("index_1000_interfaces");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("evaluator_new", |b| {
        b.iter(|| Evaluator::new(black_box(&network)).evaluate(&flows[1]).is_ok())
    });
    group.finish();
}

criterion_group!(benches, max_interface, all_pairs);
criterion_main!(benches);
