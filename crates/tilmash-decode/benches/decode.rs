//! Throughput of decoding, in bytes/s of input (criterion reports MB/s): UTF-8 text (the
//! validation and plausibility checks), the same Russian text in windows-1251 (charset
//! detection and transcoding) and as an HTML page (parsing and main-text extraction).
//! Text: the bundled corpus seeds repeated to about 1 MB.
//!
//! Run: `cargo bench -p tilmash-decode`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../../../tests/bench/seeds.rs"]
mod seeds;

fn bench(c: &mut Criterion) {
    let mixed = seeds::seeds_mb(&["000.txt", "001.txt", "002.txt", "003.txt", "004.txt"]);
    let russian = seeds::seeds_mb(&["000.txt", "003.txt", "004.txt"]);
    // The few characters windows-1251 lacks become numeric references; they are text too.
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
    let html: String = std::iter::once("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body><nav><a href=\"/\">Главная</a></nav><article>".to_owned())
        .chain(russian.split("\n\n").map(|p| format!("<p>{p}</p>")))
        .chain(std::iter::once("</article><footer>© 2024</footer></body></html>".to_owned()))
        .collect();

    let mut group = c.benchmark_group("decode");
    for (name, bytes, ext) in [
        ("utf8-mixed", mixed.as_bytes(), "txt"),
        ("windows-1251-ru", &cp1251[..], "txt"),
        ("html-ru", html.as_bytes(), "html"),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                tilmash_decode::decode_document(black_box(bytes), Some(ext)).map(|d| d.text.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
