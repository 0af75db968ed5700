//! Policy targets through the real binary: `tilmash extract --types target` on small
//! Kazakh, Russian and Chinese documents (tests/fixtures/targets), each with a target,
//! an achieved result and a statistic or vague intention that must not be one; and
//! records written by `tilmash index` carry them.

use crate::support::*;
use serde_json::{Value, json};

fn targets(file: &str, types: &str) -> (String, Vec<Value>) {
    let path = fixtures("targets").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "extract",
        path.to_str().unwrap_or_default(),
        "--types",
        types,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entities: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    for e in &entities {
        let (start, end) = (
            e["start"].as_u64().unwrap_or(0),
            e["end"].as_u64().unwrap_or(0),
        );
        assert_eq!(slice(&text, start, end), e["text"].as_str().unwrap_or(""));
    }
    (text, entities)
}

/// (text, quantity, deadline, direction) of each target.
fn rows(entities: &[Value]) -> Vec<(String, Value, Value, Value)> {
    entities
        .iter()
        .filter(|e| e["type"] == "target")
        .map(|e| {
            (
                e["text"].as_str().unwrap_or("").to_owned(),
                e["quantity"].clone(),
                e["deadline"].clone(),
                e["direction"].clone(),
            )
        })
        .collect()
}

#[test]
fn russian_targets_not_achievements_or_vague_plans() {
    let (_, e) = targets("ru.txt", "target");
    assert_eq!(
        rows(&e),
        [
            (
                "планируется открыть еще 15 школ".to_owned(),
                json!({"value": 15, "unit": "школ"}),
                json!("2025"),
                json!("produce")
            ),
            (
                "поручил до 2026 года сократить очередь в детские сады на 30%".to_owned(),
                json!({"value": 30, "unit": "%"}),
                json!("2026"),
                json!("decrease")
            ),
        ]
    );
}

#[test]
fn kazakh_targets_not_achievements_or_statistics() {
    let (_, e) = targets("kk.txt", "target");
    assert_eq!(
        rows(&e),
        [
            (
                "2027 жылға дейін облыста 50 мектеп салынады".to_owned(),
                json!({"value": 50, "unit": "мектеп"}),
                json!("2027"),
                json!("produce")
            ),
            (
                "Үкімет мұғалімдердің жалақысын 25%-ға арттыруды тапсырды".to_owned(),
                json!({"value": 25, "unit": "%"}),
                Value::Null,
                json!("increase")
            ),
        ]
    );
}

#[test]
fn chinese_targets_not_achievements_or_vague_support() {
    let (_, e) = targets("zh.txt", "target");
    assert_eq!(
        rows(&e),
        [
            (
                "到2025年，全省新建养老机构200家".to_owned(),
                json!({"value": 200, "unit": "家"}),
                json!("2025"),
                json!("produce")
            ),
            (
                "力争全市社区综合服务设施覆盖率达到95%以上".to_owned(),
                json!({"value": 95, "unit": "%"}),
                Value::Null,
                json!("reach")
            ),
        ]
    );
}

#[test]
fn types_select_targets_and_index_records_carry_them() {
    // Without `target` in --types none is produced (nor computed).
    let (_, e) = targets("ru.txt", "date,count");
    assert!(!e.is_empty() && e.iter().all(|e| e["type"] != "target"));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out_dir = dir.path().join("index");
    let out = run(&[
        "index",
        fixtures("targets").to_str().unwrap_or_default(),
        "-o",
        out_dir.to_str().unwrap_or_default(),
        "--quiet",
        "--no-default-plugins",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let validator = schema_validator();
    let records = records(&out_dir);
    assert_eq!(records.len(), 3);
    for r in &records {
        assert_valid(&validator, r);
        let n = r["entities"]
            .as_array()
            .map_or(0, |a| a.iter().filter(|e| e["type"] == "target").count());
        assert_eq!(n, 2, "{}: {:#?}", r["source"]["path"], r["entities"]);
    }
}
