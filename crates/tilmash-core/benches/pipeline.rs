//! The whole text pipeline of one document (`analyze`: paragraphs, boilerplate,
//! language, sentences, entities, record assembly) and its JSON serialization, on the
//! bundled corpus seeds, with and without entity extraction. The ratio of the two is
//! what extraction adds to indexing, measured in one run, free of file-system noise.
//!
//! Run: `cargo bench -p tilmash-core --bench pipeline`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tilmash_core::analyze::{AnalyzeOptions, analyze};
use tilmash_core::model::Source;

fn seeds() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/seeds/");
    let mut paths: Vec<_> = std::fs::read_dir(root)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let docs: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(!docs.is_empty(), "corpus/seeds is readable");
    docs
}

fn index_all(docs: &[String], options: AnalyzeOptions) -> usize {
    docs.iter()
        .map(|text| {
            let source = Source {
                path: "seed.txt".to_owned(),
                bytes: Some(text.len() as u64),
                sha256: None,
                encoding: Some("UTF-8".to_owned()),
                bom: false,
                format: Some("txt".to_owned()),
            };
            let record = analyze(source, None, text, false, options);
            serde_json::to_vec(&record).map_or(0, |v| v.len())
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let docs = seeds();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(30);
    for (name, extract) in [("no-entities", false), ("entities", true)] {
        let options = AnalyzeOptions {
            extract,
            ..AnalyzeOptions::default()
        };
        group.bench_function(name, |b| b.iter(|| index_all(black_box(&docs), options)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
