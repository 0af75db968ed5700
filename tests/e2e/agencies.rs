//! Agencies: the same body named in a Kazakh and in a Russian document, in different
//! cases, gets one `id` — in `tilmash extract` and in the index records.

use std::collections::BTreeSet;

use crate::support::*;
use serde_json::Value;

fn agencies(path: &std::path::Path) -> Vec<Value> {
    let out = run(&["extract", &path.to_string_lossy(), "--types", "agency"]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn ids(entities: &[Value]) -> BTreeSet<String> {
    entities
        .iter()
        .filter(|e| e["type"] == "agency")
        .filter_map(|e| e["id"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_ministry_in_kazakh_and_russian_shares_one_id() {
    let kk_path = fixtures("agencies/kk.txt");
    let ru_path = fixtures("agencies/ru.txt");
    let kk = agencies(&kk_path);
    let ru = agencies(&ru_path);
    let kk_text = std::fs::read_to_string(&kk_path).unwrap_or_default();
    for e in &kk {
        let (start, end) = (
            e["start"].as_u64().unwrap_or(0),
            e["end"].as_u64().unwrap_or(0),
        );
        assert_eq!(
            slice(&kk_text, start, end),
            e["text"].as_str().unwrap_or("")
        );
    }
    let by_text = |list: &[Value], text: &str| -> Value {
        list.iter()
            .find(|e| e["text"] == text)
            .cloned()
            .unwrap_or_else(|| panic!("no agency {text:?} in {list:#?}"))
    };
    // Nominative and genitive in Kazakh, nominative and genitive in Russian: one body.
    let kk_nom = by_text(&kk, "Қазақстан Республикасы Оқу-ағарту министрлігі");
    let kk_gen = by_text(&kk, "ҚР Оқу-ағарту министрлігінің");
    let ru_nom = by_text(&ru, "Министерство просвещения Республики Казахстан");
    let ru_gen = by_text(&ru, "Министерства просвещения РК");
    let id = kk_nom["id"].clone();
    assert_eq!(id, "kz.ministry.enlightenment");
    for e in [&kk_gen, &ru_nom, &ru_gen] {
        assert_eq!(e["id"], id, "{e}");
    }
    // canonical is the nominative in the text's language.
    assert_eq!(
        kk_gen["canonical"],
        "Қазақстан Республикасы Оқу-ағарту министрлігі"
    );
    assert_eq!(
        ru_gen["canonical"],
        "Министерство просвещения Республики Казахстан"
    );
    assert_eq!(ru_gen["kind"], "ministry");
    assert_eq!(ru_gen["jurisdiction"], "KZ");
    // The dative "министрлігіне" and the accusative "Министерство здравоохранения".
    assert_eq!(
        by_text(&kk, "Денсаулық сақтау министрлігіне")["id"],
        "kz.ministry.health"
    );
    assert_eq!(
        by_text(&ru, "Министерство здравоохранения")["id"],
        "kz.ministry.health"
    );
    assert_eq!(by_text(&kk, "ЮНИСЕФ")["id"], by_text(&ru, "ЮНИСЕФ")["id"]);
    // Unlisted names found by their head get a derived id.
    let oblast = by_text(&kk, "Алматы облыстық ұйымы");
    assert!(
        oblast["id"].as_str().is_some_and(|i| i.starts_with("x.")),
        "{oblast}"
    );
    let akimat = by_text(&ru, "акимата Алматинской области");
    assert_eq!(akimat["canonical"], "Акимат Алматинской области");
    let shared: Vec<String> = ids(&kk).intersection(&ids(&ru)).cloned().collect();
    assert_eq!(
        shared,
        [
            "int.un.unicef",
            "kz.ministry.enlightenment",
            "kz.ministry.health"
        ]
    );
}

#[test]
fn index_records_carry_agencies_with_shared_ids() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let out_dir = dir.path().join("index");
    let out = run(&[
        "index",
        &fixtures("agencies").to_string_lossy(),
        "-o",
        &out_dir.to_string_lossy(),
        "--quiet",
        "--no-default-plugins",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = records(&out_dir);
    assert_eq!(records.len(), 2);
    let validator = schema_validator();
    let mut per_doc = Vec::new();
    for r in &records {
        assert_valid(&validator, r);
        let entities = r["entities"].as_array().cloned().unwrap_or_default();
        per_doc.push(ids(&entities));
    }
    assert!(
        per_doc[0].contains("kz.ministry.enlightenment"),
        "{per_doc:?}"
    );
    assert!(
        per_doc[1].contains("kz.ministry.enlightenment"),
        "{per_doc:?}"
    );
}
