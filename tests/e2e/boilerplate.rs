//! Boilerplate flags: content F1 on the labelled seeds, and exact flags on layouts the
//! classifier was not written from.

use std::collections::BTreeMap;
use std::fs;

use crate::support::*;
use serde_json::Value;

fn analyze(path: &std::path::Path) -> Value {
    let out = run(&["analyze", path.to_str().unwrap_or_default()]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// Content F1 over labelled lines, scored like `score_boilerplate.py`: a line is predicted
/// boilerplate when every paragraph overlapping it is flagged.
#[test]
fn seed_content_f1_at_least_095() {
    let labels = fs::read_to_string(fixtures("boilerplate/seeds.lines.jsonl")).unwrap_or_default();
    let mut by_doc: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for line in labels.lines().filter(|l| !l.trim().is_empty()) {
        let o: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        by_doc
            .entry(o["doc"].as_str().unwrap_or_default().to_owned())
            .or_default()
            .push((
                o["line"].as_u64().unwrap_or(0) as usize,
                o["label"].as_str().unwrap_or_default().to_owned(),
            ));
    }
    assert_eq!(by_doc.len(), 5);
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    for (doc, lines) in &by_doc {
        let path = corpus().join("seeds").join(doc);
        let text = fs::read_to_string(&path).unwrap_or_default();
        let record = analyze(&path);
        let paras = record["paragraphs"].as_array().cloned().unwrap_or_default();
        let mut spans = Vec::new();
        let mut pos = 0u64;
        for line in text.split('\n') {
            let n = line.chars().count() as u64;
            spans.push((pos, pos + n));
            pos += n + 1;
        }
        for (n, label) in lines {
            if label == "meta" {
                continue;
            }
            let (lo, hi) = spans[n - 1];
            let over: Vec<&Value> = paras
                .iter()
                .filter(|p| {
                    p["start"].as_u64().unwrap_or(0) < hi && lo < p["end"].as_u64().unwrap_or(0)
                })
                .collect();
            let content = over.is_empty() || !over.iter().all(|p| p["boilerplate"] == true);
            match (label.as_str(), content) {
                ("content", true) => tp += 1,
                ("content", false) => fn_ += 1,
                (_, true) => fp += 1,
                _ => {}
            }
        }
    }
    let p = f64::from(tp) / f64::from(tp + fp);
    let r = f64::from(tp) / f64::from(tp + fn_);
    let f1 = 2.0 * p * r / (p + r);
    assert!(f1 >= 0.95, "content F1 {f1:.4} (P {p:.4}, R {r:.4})");
}

fn flags(path: &str) -> Vec<(bool, String)> {
    let record = analyze(&fixtures(path));
    let text = fs::read_to_string(fixtures(path)).unwrap_or_default();
    record["paragraphs"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let s = slice(
                &text,
                p["start"].as_u64().unwrap_or(0),
                p["end"].as_u64().unwrap_or(0),
            );
            (p["boilerplate"] == true, s)
        })
        .collect()
}

#[test]
fn kazakh_news_layout() {
    let got = flags("boilerplate/kk-news.txt");
    let expected = [
        true, true, false, false, false, false, false, false, true, true, true, true,
    ];
    let got_flags: Vec<bool> = got.iter().map(|(f, _)| *f).collect();
    assert_eq!(got_flags, expected, "{got:#?}");
}

#[test]
fn chinese_government_layout() {
    let got = flags("boilerplate/zh-gov.txt");
    let expected = [
        true, true, false, false, false, false, false, true, true, true, true,
    ];
    let got_flags: Vec<bool> = got.iter().map(|(f, _)| *f).collect();
    assert_eq!(got_flags, expected, "{got:#?}");
}
