//! `index --shard I/N` + `merge`: a corpus indexed in parts on several machines joins
//! into the index one run writes, byte for byte; a missing, repeated, unlike or changed
//! shard is refused and nothing is written.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

/// Index the bundled corpus plus the encodings fixtures (which include failing files,
/// so failures must merge too), whole or as `shard`.
fn index(out: &Path, shard: Option<&str>, extra: &[&str]) -> std::process::Output {
    let corpus = corpus();
    let fixtures = fixtures("encodings");
    let mut args = vec![
        "index",
        path(&corpus),
        path(&fixtures),
        "-o",
        path(out),
        "--quiet",
        "--no-default-plugins",
    ];
    if let Some(s) = shard {
        args.extend(["--shard", s]);
    }
    args.extend(extra);
    run(&args)
}

fn provenance(dir: &Path) -> Value {
    let raw = fs::read(dir.join("datapackage.json")).unwrap_or_default();
    let d: Value = serde_json::from_slice(&raw).unwrap_or_else(|e| panic!("{e}"));
    d["tilmash"].clone()
}

#[test]
fn shards_merge_into_the_single_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let single = tmp.path().join("single");
    let out = index(&single, None, &[]);
    assert_eq!(out.status.code(), Some(2), "fixtures hold failing files");

    let parts: Vec<PathBuf> = (1..=3)
        .map(|i| tmp.path().join(format!("part{i}")))
        .collect();
    let mut sizes = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let shard = format!("{}/3", i + 1);
        let out = index(part, Some(&shard), &["-j", "1"]);
        assert!(matches!(out.status.code(), Some(0 | 2)), "{}", stderr(&out));
        assert_eq!(provenance(part)["options"]["shard"], Value::from(shard));
        sizes.push(records(part).len());
    }
    let whole = records(&single).len();
    assert_eq!(
        sizes.iter().sum::<usize>(),
        whole,
        "shards are disjoint and cover all"
    );
    assert!(sizes.iter().all(|&n| n > 0 && n < whole), "{sizes:?}");

    // Any order of the shard folders.
    let merged = tmp.path().join("merged");
    let out = run(&[
        "merge",
        path(&parts[2]),
        path(&parts[0]),
        path(&parts[1]),
        "-o",
        path(&merged),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("merged 3 shards"), "{}", stderr(&out));
    let a = fs::read(single.join("documents.jsonl")).unwrap_or_default();
    let b = fs::read(merged.join("documents.jsonl")).unwrap_or_default();
    assert!(!a.is_empty());
    assert!(
        a == b,
        "merged documents.jsonl differs from the single run's"
    );

    let (s, m) = (provenance(&single), provenance(&merged));
    assert_eq!(s["totals"], m["totals"]);
    assert_eq!(s["failed"], m["failed"]);
    assert_eq!(s["options"], m["options"], "no shard mark on the whole");
    // The descriptor describes the merged file.
    let raw = fs::read(merged.join("datapackage.json")).unwrap_or_default();
    let d: Value = serde_json::from_slice(&raw).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        d["resources"][0]["hash"],
        Value::from(format!(
            "sha256:{}",
            sha256_file(&merged.join("documents.jsonl"))
        ))
    );
    assert_eq!(d["resources"][0]["bytes"], Value::from(b.len() as u64));
}

#[test]
fn merge_refuses_incomplete_repeated_unlike_and_changed_shards() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let parts: Vec<PathBuf> = (1..=2)
        .map(|i| tmp.path().join(format!("part{i}")))
        .collect();
    for (i, part) in parts.iter().enumerate() {
        let out = index(part, Some(&format!("{}/2", i + 1)), &[]);
        assert!(matches!(out.status.code(), Some(0 | 2)), "{}", stderr(&out));
    }
    let target = tmp.path().join("merged");
    let refuse = |args: &[&str], why: &str| {
        let mut all = vec!["merge"];
        all.extend(args);
        all.extend(["-o", path(&target)]);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(1), "{why}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{why}: {}", stderr(&out));
        assert!(
            !target.join("datapackage.json").exists(),
            "{why}: nothing written"
        );
        assert!(
            !target.join(".tilmash-staging").exists(),
            "{why}: no staging left"
        );
    };
    refuse(&[path(&parts[0])], "shards missing from the split: 2/2");
    refuse(
        &[path(&parts[0]), path(&parts[0]), path(&parts[1])],
        "given twice",
    );

    // A whole index is not a shard.
    let single = tmp.path().join("single");
    let _ = index(&single, None, &[]);
    refuse(&[path(&single), path(&parts[1])], "not a shard index");

    // Made with other options: records would differ.
    let other = tmp.path().join("other");
    let _ = index(&other, Some("2/2"), &["--no-entities"]);
    refuse(&[path(&parts[0]), path(&other)], "other options");

    // A shard changed after it was written.
    let docs = parts[1].join("documents.jsonl");
    let mut text = fs::read_to_string(&docs).unwrap_or_default();
    text = text.replacen("\"schema\":\"1.0\"", "\"schema\":\"1.0\" ", 1);
    fs::write(&docs, text).unwrap_or_else(|e| panic!("{e}"));
    refuse(
        &[path(&parts[0]), path(&parts[1])],
        "does not match the size and sha256",
    );
}

#[test]
fn a_bad_shard_argument_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = index(&tmp.path().join("x"), Some("4/3"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("1 <= I <= N"), "{}", stderr(&out));
}
