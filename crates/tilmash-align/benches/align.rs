//! Time to align a 30 000-sentence document pair, built by concatenating the FLORES
//! articles in `tests/fixtures/align` (each article's sentences from the project's
//! segmenter; every fifth copy loses its last target sentence, so the pair has
//! deletions), for zh–ru and kk–ru.
//!
//! Run: `cargo bench -p tilmash-align`. Peak memory is measured on the CLI:
//! `cargo run --release -p tilmash-align --example big_pair -- /tmp/big` writes the same
//! pairs as files, then
//! `/usr/bin/time -v target/release/tilmash align /tmp/big/zh.txt /tmp/big/ru.txt --presegmented > /dev/null`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../examples/big_pair/data.rs"]
mod big_pair_data;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("align_30k");
    group.sample_size(10);
    for (src, tgt) in [("zh", "ru"), ("kk", "ru")] {
        let (s, t) = big_pair_data::pair(src, tgt, 30_000);
        let s: Vec<&str> = s.iter().map(String::as_str).collect();
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        let options = tilmash_align::AlignOptions::default();
        group.bench_function(format!("{src}-{tgt}"), |b| {
            b.iter(|| tilmash_align::align(black_box(&s), black_box(&t), &options).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
