//! The bundled corpus: determinism across `-j`, schema validity, offsets that slice.

use std::fs;

use crate::support::*;

#[test]
fn index_is_identical_across_jobs_valid_and_offsets_slice() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let corpus = corpus();
    let corpus = corpus.to_str().unwrap_or_else(|| panic!("utf-8 path"));
    let out = run(&[
        "index",
        corpus,
        "-o",
        a.to_str().unwrap_or_default(),
        "--with-text",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&[
        "index",
        corpus,
        "-o",
        b.to_str().unwrap_or_default(),
        "-j",
        "1",
        "--with-text",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        out.stderr.is_empty(),
        "--quiet prints nothing: {}",
        stderr(&out)
    );
    let docs_a = fs::read(a.join("documents.jsonl")).unwrap_or_default();
    let docs_b = fs::read(b.join("documents.jsonl")).unwrap_or_default();
    assert!(!docs_a.is_empty());
    assert_eq!(
        docs_a, docs_b,
        "documents.jsonl differs between -j default and -j 1"
    );

    let records = records(&a);
    assert_eq!(records.len(), 5, "the five seed documents, nothing else");
    let validator = schema_validator();
    for record in &records {
        assert_valid(&validator, record);
        assert!(
            record["errors"].as_array().is_some_and(|e| e.is_empty()),
            "{}",
            record["errors"]
        );
        let text = record["text"]
            .as_str()
            .unwrap_or_else(|| panic!("--with-text"));
        // The text in the record is the source file's text (all seeds are UTF-8 .txt).
        let path = corpus_path(record);
        assert_eq!(text, fs::read_to_string(&path).unwrap_or_default());
        assert_eq!(record["chars"].as_u64(), Some(text.chars().count() as u64));
        let paragraphs = record["paragraphs"].as_array().cloned().unwrap_or_default();
        assert!(!paragraphs.is_empty());
        let mut last_end = 0;
        for p in &paragraphs {
            let (s, e) = (
                p["start"].as_u64().unwrap_or(0),
                p["end"].as_u64().unwrap_or(0),
            );
            assert!(s >= last_end && s < e, "paragraphs ordered and non-empty");
            let piece = slice(text, s, e);
            assert_eq!(piece.trim(), piece, "paragraph slice is trimmed: {piece:?}");
            assert!(
                !piece.contains("\n\n"),
                "a paragraph never spans a blank line"
            );
            last_end = e;
        }
        for s in record["sentences"].as_array().cloned().unwrap_or_default() {
            let p = &paragraphs[s["paragraph"].as_u64().unwrap_or(0) as usize];
            let (ss, se) = (
                s["start"].as_u64().unwrap_or(0),
                s["end"].as_u64().unwrap_or(0),
            );
            assert!(ss >= p["start"].as_u64().unwrap_or(0) && se <= p["end"].as_u64().unwrap_or(0));
            let piece = slice(text, ss, se);
            assert!(!piece.is_empty() && piece.trim() == piece, "{piece:?}");
        }
    }
    // Languages of the seeds: two Russian news pages, a Kazakh report, a Chinese notice.
    let lang = |name: &str| {
        records
            .iter()
            .find(|r| r["source"]["path"] == format!("seeds/{name}"))
            .map(|r| r["language"]["main"].as_str().unwrap_or("").to_owned())
    };
    assert_eq!(lang("000.txt").as_deref(), Some("ru"));
    assert_eq!(lang("001.txt").as_deref(), Some("kk"));
    assert_eq!(lang("002.txt").as_deref(), Some("zh"));

    // The descriptor describes the files beside it.
    let descriptor: Value =
        serde_json::from_slice(&fs::read(a.join("datapackage.json")).unwrap_or_default())
            .unwrap_or_else(|e| panic!("descriptor JSON: {e}"));
    let docs = &descriptor["resources"][0];
    assert_eq!(docs["path"], "documents.jsonl");
    assert_eq!(docs["bytes"].as_u64(), Some(docs_a.len() as u64));
    assert_eq!(
        docs["hash"].as_str(),
        Some(format!("sha256:{}", sha256_file(&a.join("documents.jsonl"))).as_str())
    );
    assert_eq!(
        descriptor["tilmash"]["totals"]["documents"].as_u64(),
        Some(records.len() as u64)
    );
    assert!(a.join("schema/document.schema.json").is_file());
    assert!(!a.join(".tilmash-staging").exists());
    assert!(!a.join(".tilmash.lock").exists());
}

#[test]
fn rerun_reuses_unchanged_records_and_redoes_changed_ones() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = tmp.path().join("src");
    fs::create_dir_all(&src).unwrap_or_else(|e| panic!("{e}"));
    for name in ["000.txt", "002.txt"] {
        fs::copy(corpus().join("seeds").join(name), src.join(name))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out_dir = tmp.path().join("idx");
    let args = [
        "index",
        src.to_str().unwrap_or_default(),
        "-o",
        out_dir.to_str().unwrap_or_default(),
    ];
    let first = run(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = fs::read(out_dir.join("documents.jsonl")).unwrap_or_default();
    let second = run(&args);
    assert!(stderr(&second).contains("2 reused"), "{}", stderr(&second));
    assert_eq!(
        before,
        fs::read(out_dir.join("documents.jsonl")).unwrap_or_default()
    );
    fs::write(src.join("002.txt"), "Новый текст документа. Он изменился.")
        .unwrap_or_else(|e| panic!("{e}"));
    let third = run(&args);
    assert!(stderr(&third).contains("1 reused"), "{}", stderr(&third));
    let recs = records(&out_dir);
    assert_eq!(recs[1]["language"]["main"], "ru");
}

fn corpus_path(record: &Value) -> std::path::PathBuf {
    corpus().join(record["source"]["path"].as_str().unwrap_or(""))
}

use serde_json::Value;

#[test]
fn index_types_selects_entity_types_and_a_rerun_with_other_types_rebuilds() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out_dir = tmp.path().join("idx");
    let seeds = corpus().join("seeds");
    let args = |types: Option<&'static str>| {
        let mut a = vec![
            "index".to_owned(),
            seeds.to_string_lossy().into_owned(),
            "-o".to_owned(),
            out_dir.to_string_lossy().into_owned(),
            "--no-default-plugins".to_owned(),
        ];
        if let Some(t) = types {
            a.extend(["--types".to_owned(), t.to_owned()]);
        }
        a
    };
    let run_owned = |a: Vec<String>| run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let kinds = || -> std::collections::BTreeSet<String> {
        records(&out_dir)
            .iter()
            .flat_map(|r| r["entities"].as_array().cloned().unwrap_or_default())
            .filter_map(|e| e["type"].as_str().map(str::to_owned))
            .collect()
    };

    let only = run_owned(args(Some("count,date")));
    assert!(only.status.success(), "{}", stderr(&only));
    assert_eq!(kinds(), ["count", "date"].map(str::to_owned).into());
    let descriptor = fs::read_to_string(out_dir.join("datapackage.json")).unwrap_or_default();
    assert!(
        descriptor.contains(r#""entity_types": "date,count""#),
        "{descriptor}"
    );

    // Records made with fewer types are not reused for a run that wants all of them.
    let all = run_owned(args(None));
    assert!(stderr(&all).contains("0 reused"), "{}", stderr(&all));
    assert!(kinds().contains("agency") && kinds().contains("target"));

    let bad = run_owned(args(Some("dates")));
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("unknown entity type \"dates\""),
        "{}",
        stderr(&bad)
    );
}
