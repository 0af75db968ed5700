//! Throughput of agency extraction alone: `cargo run --release -p tilmash-extract
//! --example agency_throughput -- FILE...`. Each line is taken as one sentence (the
//! language guessed from Kazakh letters), so the number is the cost of `agency::find`
//! without segmentation or language identification.

use std::time::Instant;

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    for path in std::env::args().skip(1) {
        text.push_str(&std::fs::read_to_string(path)?);
        text.push('\n');
    }
    let lines: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let kk = l.chars().any(|c| "әғқңөұүһі".contains(c));
            (l, if kk { "kk" } else { "ru" })
        })
        .collect();
    // Build the tables outside the timing.
    let _ = tilmash_extract::agency::find("Министерство", "ru");
    for round in 0..10 {
        let t = Instant::now();
        let mut n = 0usize;
        for (l, lang) in &lines {
            n += tilmash_extract::agency::find(l, lang).len();
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "round {round}: {} agencies in {:.1} MB, {:.3} s, {:.1} MB/s",
            n,
            text.len() as f64 / 1e6,
            secs,
            text.len() as f64 / 1e6 / secs
        );
    }
    Ok(())
}
