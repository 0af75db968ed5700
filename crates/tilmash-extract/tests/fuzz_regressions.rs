//! Inputs that broke a promise of this crate, caught by the fuzz targets' invariant
//! checks (`crates/tilmash-fuzz`), kept as ordinary tests that run on stable.

use tilmash_extract::{Types, counts, extract_sentence};

/// Every count and target quantity of `text` (one sentence) has a finite number as value.
fn values(text: &str, lang: &str) -> Vec<(String, serde_json::Value)> {
    let (_, found) = extract_sentence(text, lang, Types::default());
    found
        .into_iter()
        .flat_map(|f| {
            let surface = text[f.range.clone()].to_owned();
            f.fields.into_iter().filter_map(move |(k, v)| match k {
                "value" if f.kind == "count" => Some((surface.clone(), v)),
                "quantity" if !v.is_null() => Some((surface.clone(), v["value"].clone())),
                _ => None,
            })
        })
        .collect()
}

/// `extract` target's check: a number too long for f64 (or multiplied past it) was a count with
/// `"value": null`.
#[test]
fn counts_too_large_for_f64_are_not_counts() {
    let nines = "9".repeat(400);
    for text in [
        format!("Выделено {nines} тенге."),
        format!("Выделено {} млрд тенге.", "9".repeat(300)),
        format!("2030 жылға дейін {nines} адамды жұмыспен қамту жоспарланып отыр."),
        format!("到2025年新增{nines}个岗位。"),
    ] {
        for lang in ["ru", "kk", "zh"] {
            for (surface, value) in values(&text, lang) {
                assert!(value.is_number(), "{surface:?}: {value:?}");
            }
        }
        assert!(
            counts::find(&text, &[], false)
                .iter()
                .all(|c| c.value.is_finite())
        );
    }
    // Large but finite numbers stay counts.
    let found = values("Выделено 1 000 000 000 000 тенге.", "ru");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1.as_f64(), Some(1e12));
}
