//! `tilmash extract` and entities in records: spans slice back, values are normalized,
//! relative dates resolve against the document's own date.

use crate::support::*;
use serde_json::Value;

fn extract(input: &str, args: &[&str]) -> Vec<Value> {
    let out = run_with_stdin(&[&["extract", "-"], args].concat(), input);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn dates_and_counts_in_three_languages() {
    let text = "Новости\n\n29.03.2025 | 79\n\nВ 2023-2024 учебном году построено 20 новых школ, два года назад — не менее 120 кабинетов на 17 млрд тенге.\n\n2020 жылғы 11 қаңтарда 40 мыңнан астам педагог қатысты.\n\n到2022年培养800名社会工作督导人才，累计不少于120小时。";
    let entities = extract(text, &[]);
    let got: Vec<(String, String, Value)> = entities
        .iter()
        .map(|e| {
            let start = e["start"].as_u64().unwrap_or(0);
            let end = e["end"].as_u64().unwrap_or(0);
            assert_eq!(
                slice(text, start, end),
                e["text"].as_str().unwrap_or(""),
                "offsets slice to the text"
            );
            (
                e["type"].as_str().unwrap_or("").to_owned(),
                e["text"].as_str().unwrap_or("").to_owned(),
                e["value"].clone(),
            )
        })
        .collect();
    let expect = |kind: &str, span: &str, value: Value| {
        assert!(
            got.contains(&(kind.to_owned(), span.to_owned(), value.clone())),
            "missing {kind} {span:?} = {value}: {got:#?}"
        );
    };
    expect("date", "29.03.2025", Value::from("2025-03-29"));
    expect("date", "2023-2024 учебном году", Value::from("2023/2024"));
    expect("date", "два года назад", Value::from("2023"));
    expect("count", "20 новых школ", Value::from(20));
    expect("count", "не менее 120 кабинетов", Value::from(120));
    expect("count", "17 млрд тенге", Value::from(17_000_000_000_i64));
    expect("date", "2020 жылғы 11 қаңтарда", Value::from("2020-01-11"));
    expect("count", "40 мыңнан астам педагог", Value::from(40_000));
    expect("date", "2022年", Value::from("2022"));
    expect("count", "800名", Value::from(800));
    expect("count", "不少于120小时", Value::from(120));
    // The view counter in the dateline is not a count; the year is not a count.
    assert!(
        !got.iter()
            .any(|(k, t, _)| k == "count" && (t == "79" || t.starts_with("2022"))),
        "{got:#?}"
    );
    let money = entities
        .iter()
        .find(|e| e["text"] == "17 млрд тенге")
        .cloned()
        .unwrap_or_default();
    assert_eq!(money["kind"], "money");
    assert_eq!(money["currency"], "KZT");
    let at_least = entities
        .iter()
        .find(|e| e["text"] == "不少于120小时")
        .cloned()
        .unwrap_or_default();
    assert_eq!(at_least["qualifier"], "at_least");
}

#[test]
fn types_filter_and_records_carry_entities() {
    let text = "Биыл 2024 жылы 5 мектеп салынды.";
    let only_dates = extract(text, &["--types", "date"]);
    assert!(only_dates.iter().all(|e| e["type"] == "date") && !only_dates.is_empty());
    let out = run(&["extract", "-", "--types", "nonsense"]);
    assert_eq!(out.status.code(), Some(1));

    let seed = corpus().join("seeds/002.txt");
    let out = run(&["analyze", seed.to_str().unwrap_or_default()]);
    let record: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        record["published"], "2019-11-12",
        "the dateline is the document's date"
    );
    let entities = record["entities"].as_array().cloned().unwrap_or_default();
    assert!(
        entities
            .iter()
            .any(|e| e["type"] == "count" && e["text"] == "5个部门")
    );
    assert_valid(&schema_validator(), &record);
}
