//! How long the reachability matrix takes: every source × destination of a realistic
//! lab on TCP 443, for 100, 1000 and 5000 network interfaces.
//!
//! `cargo bench -p sglab-engine --bench reach` (figures in BENCHMARKS.md). The goal
//! is all pairs of 1000 interfaces on one port in ≤ 100 ms (in the browser); sample
//! sizes are small so the whole run takes about a minute on a shared 2-core machine.

mod networks;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sglab_engine::reach::ReachMatrix;
use sglab_engine::{Evaluator, Service};
use std::hint::black_box;
use std::time::{Duration, Instant};

const HTTPS: Service = Service::Tcp { port: 443 };

fn matrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("reach_matrix_tcp_443");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    for interfaces in [100, 1000, 5000] {
        let network = networks::realistic_lab(interfaces);
        // What is measured, once: the size of the matrix and how much of it is allowed
        // (so that the lab is neither all open nor all closed).
        let started = Instant::now();
        let m = ReachMatrix::build(&network, HTTPS);
        let built = started.elapsed();
        let pairs = m.len() * (m.len() - 1);
        println!(
            "{interfaces} interfaces: {} ends, {pairs} pairs, {} allowed (one build: {built:?})",
            m.len(),
            m.allowed_pairs()
        );
        if interfaces == 100 {
            // The matrix is exact: every cell as a pairwise decision says.
            let evaluator = Evaluator::new(&network);
            for from in 0..m.len() {
                for to in 0..m.len() {
                    let Some(flow) = m.flow(from, to) else { continue };
                    let pairwise = evaluator.decide(&flow).map(|d| d.allowed).unwrap_or(false);
                    assert_eq!(m.allowed(from, to), pairwise, "{flow:?}");
                }
            }
        }
        group.throughput(Throughput::Elements(pairs as u64));
        group.bench_with_input(BenchmarkId::new("build", interfaces), &network, |b, n| {
            b.iter(|| ReachMatrix::build(black_box(n), HTTPS))
        });
        if interfaces == 1000 {
            // Every cell read once, as a view drawing the whole matrix does.
            group.bench_with_input(BenchmarkId::new("build_and_read_every_cell", interfaces), &network, |b, n| {
                b.iter(|| ReachMatrix::build(black_box(n), HTTPS).allowed_pairs())
            });
            // The same with the evaluator built beforehand (an app keeps one per network).
            let evaluator = Evaluator::new(&network);
            group.bench_with_input(BenchmarkId::new("build_with_evaluator", interfaces), &network, |b, n| {
                b.iter(|| ReachMatrix::build_with(&evaluator, black_box(n), HTTPS))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, matrix);
criterion_main!(benches);
