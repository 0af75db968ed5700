//! Throughput of entity extraction per language, in bytes/s (criterion reports MB/s):
//! dates alone, counts alone, targets alone, and the whole `extract` call (document date, dates,
//! counts). Text: the bundled corpus seeds (kk 001, ru 000+003+004, zh 002), each
//! repeated to about 1 MB and segmented once outside the timed loop, so only
//! extraction is measured.
//!
//! Run: `cargo bench -p tilmash-extract`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tilmash_extract::{ParagraphRef, SentenceRef, Types};

#[path = "../../../tests/bench/seeds.rs"]
mod seeds;
use seeds::seeds_mb as corpus;

struct Segmented {
    text: String,
    paragraphs: Vec<ParagraphRef>,
    sentences: Vec<(std::ops::Range<usize>, usize)>,
}

fn segment(text: String) -> Segmented {
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    for (i, p) in tilmash_segment::paragraphs(&text).into_iter().enumerate() {
        for s in tilmash_segment::sentences(&text, p.range.clone()) {
            sentences.push((s, i));
        }
        paragraphs.push(ParagraphRef {
            range: p.range,
            boilerplate: false,
        });
    }
    Segmented {
        text,
        paragraphs,
        sentences,
    }
}

fn bench(c: &mut Criterion) {
    let sets = [
        ("kk", segment(corpus(&["001.txt"]))),
        ("ru", segment(corpus(&["000.txt", "003.txt", "004.txt"]))),
        ("zh", segment(corpus(&["002.txt"]))),
    ];
    let runs: [(&str, Types); 4] = [
        (
            "dates",
            Types {
                date: true,
                ..Types::NONE
            },
        ),
        (
            "counts",
            Types {
                count: true,
                ..Types::NONE
            },
        ),
        (
            "targets",
            Types {
                target: true,
                ..Types::NONE
            },
        ),
        ("all", Types::default()),
    ];
    for (name, types) in runs {
        let mut group = c.benchmark_group(format!("extract-{name}"));
        group.sample_size(20);
        for (lang, seg) in &sets {
            let refs: Vec<SentenceRef<'_>> = seg
                .sentences
                .iter()
                .map(|(range, paragraph)| SentenceRef {
                    range: range.clone(),
                    paragraph: *paragraph,
                    lang,
                })
                .collect();
            group.throughput(Throughput::Bytes(seg.text.len() as u64));
            group.bench_function(*lang, |b| {
                b.iter(|| {
                    tilmash_extract::extract(black_box(&seg.text), &seg.paragraphs, &refs, types)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
