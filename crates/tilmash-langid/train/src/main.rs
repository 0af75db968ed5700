//! Distil `model/cyrl.bin` from lingua's per-language n-gram models.
//!
//! Each lingua model crate ships `models/ngrams.fst`: every letter 1- to 5-gram seen in
//! that language's training text (lowercased, letters only), mapped to the bits of an
//! `f64` natural log: `ln(count(ngram) / count(prefix))` for n > 1, `ln(count / total)`
//! for unigrams, i.e. the conditional probability of the last letter given the ones
//! before it. We keep orders 1..=MAX_ORDER, take the union over languages, and resolve
//! back-off at build time: a language that lacks an n-gram gets the cost of its
//! (n-1)-gram suffix plus `BACKOFF` nats (recursively; a letter a language never
//! uses costs `FLOOR`). Costs are quantized to 1/`SCALE` nat in one byte.
//!
//! Only `models/ngrams.fst` is read; the crates' `testdata/` is never touched.
//!
//! Usage: `cargo run --release -- ../model/cyrl.bin`

use std::collections::{BTreeMap, BTreeSet};

use fst::{IntoStreamer, Map, Streamer};

const MAX_ORDER: usize = 3;
/// Extra cost (nats) of backing off one order.
const BACKOFF: f64 = 1.0;
/// Cost (nats) of a letter the language never uses.
const FLOOR: f64 = 16.0;
/// Quantization: costs are stored in units of 1/SCALE nat.
const SCALE: f64 = 12.0;

fn main() {
    let out = std::env::args().nth(1).expect("usage: train OUT.bin");
    let langs: Vec<(&str, &[u8])> = vec![
        ("kk", file(&lingua_kazakh_language_model::KAZAKH_MODELS_DIRECTORY)),
        ("ru", file(&lingua_russian_language_model::RUSSIAN_MODELS_DIRECTORY)),
        ("uk", file(&lingua_ukrainian_language_model::UKRAINIAN_MODELS_DIRECTORY)),
        ("be", file(&lingua_belarusian_language_model::BELARUSIAN_MODELS_DIRECTORY)),
        ("bg", file(&lingua_bulgarian_language_model::BULGARIAN_MODELS_DIRECTORY)),
        ("mn", file(&lingua_mongolian_language_model::MONGOLIAN_MODELS_DIRECTORY)),
        ("sr", file(&lingua_serbian_language_model::SERBIAN_MODELS_DIRECTORY)),
        ("mk", file(&lingua_macedonian_language_model::MACEDONIAN_MODELS_DIRECTORY)),
    ];
    // Per language: n-gram (as chars) -> ln p.
    let mut models: Vec<BTreeMap<Vec<char>, f64>> = Vec::new();
    for (code, bytes) in &langs {
        let map = Map::new(bytes.to_vec()).expect("valid fst");
        let mut stream = map.into_stream();
        let mut m = BTreeMap::new();
        let mut per_order = [0usize; 6];
        while let Some((k, v)) = stream.next() {
            let s = std::str::from_utf8(k).expect("utf-8 n-gram");
            let chars: Vec<char> = s.chars().collect();
            if chars.len() <= MAX_ORDER {
                per_order[chars.len()] += 1;
                m.insert(chars, f64::from_bits(v));
            }
        }
        eprintln!("{code}: n-grams per order {:?}", &per_order[1..=MAX_ORDER]);
        models.push(m);
    }
    let keys: BTreeSet<Vec<char>> = models.iter().flat_map(|m| m.keys().cloned()).collect();
    eprintln!("union: {} n-grams", keys.len());

    fn cost(m: &BTreeMap<Vec<char>, f64>, g: &[char]) -> f64 {
        match m.get(g) {
            Some(&lnp) => -lnp,
            None if g.len() > 1 => cost(m, &g[1..]) + BACKOFF,
            None => FLOOR,
        }
    }

    let mut entries: Vec<(u64, Vec<u8>)> = keys
        .iter()
        .map(|g| {
            let costs = models
                .iter()
                .map(|m| (cost(m, g) * SCALE).round().clamp(0.0, 255.0) as u8)
                .collect();
            (key(g), costs)
        })
        .collect();
    entries.sort_by_key(|e| e.0);

    let mut blob = Vec::new();
    blob.extend_from_slice(b"TLID");
    blob.extend_from_slice(&1u32.to_le_bytes());
    blob.push(langs.len() as u8);
    for (code, _) in &langs {
        blob.extend_from_slice(code.as_bytes());
    }
    blob.push(SCALE as u8);
    blob.push((BACKOFF * SCALE).round() as u8);
    blob.push(255u8.min((FLOOR * SCALE).round() as u8));
    blob.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (k, costs) in &entries {
        blob.extend_from_slice(&k.to_le_bytes());
        blob.extend_from_slice(costs);
    }
    std::fs::write(&out, &blob).expect("write model");
    eprintln!("wrote {} ({} bytes)", out, blob.len());
}

/// Pack up to three chars into one key: 21 bits each, first char highest.
fn key(g: &[char]) -> u64 {
    g.iter().fold(0u64, |k, &c| (k << 21) | c as u64)
}

fn file(dir: &include_dir::Dir<'static>) -> &'static [u8] {
    dir.get_file("ngrams.fst").expect("ngrams.fst in model crate").contents()
}
