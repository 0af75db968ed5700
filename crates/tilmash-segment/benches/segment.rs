//! Throughput of sentence and token segmentation per language, in bytes/s (criterion
//! reports MB/s). Text: the bundled corpus seeds (kk 001, ru 000+003+004, zh 002), each
//! repeated to about 1 MB so per-call overhead does not dominate.
//!
//! Run: `cargo bench -p tilmash-segment`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../../../tests/bench/seeds.rs"]
mod seeds;
use seeds::seeds_mb as corpus;

fn sentences_all(text: &str) -> usize {
    tilmash_segment::paragraphs(text)
        .into_iter()
        .map(|p| tilmash_segment::sentences(text, p.range).len())
        .sum()
}

fn tokens_all(text: &str) -> usize {
    tilmash_segment::paragraphs(text)
        .into_iter()
        .map(|p| tilmash_segment::tokens(text, p.range).len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let sets = [
        ("kk", corpus(&["001.txt"])),
        ("ru", corpus(&["000.txt", "003.txt", "004.txt"])),
        ("zh", corpus(&["002.txt"])),
    ];
    let mut group = c.benchmark_group("sentences");
    for (lang, text) in &sets {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*lang, |b| b.iter(|| sentences_all(black_box(text))));
    }
    group.finish();
    let mut group = c.benchmark_group("tokens");
    group.sample_size(20);
    for (lang, text) in &sets {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*lang, |b| b.iter(|| tokens_all(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
