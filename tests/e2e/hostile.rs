//! Hostile inputs: each gets a clear one-line error naming the file, or is processed;
//! the run always finishes, and what was written before stays intact.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::*;

fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    fs::write(p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

fn by_path(records: &[Value], rel: &str) -> Value {
    records
        .iter()
        .find(|r| r["source"]["path"] == rel)
        .cloned()
        .unwrap_or_else(|| panic!("no record for {rel}"))
}

/// The arguments of `tilmash index CORPUS -o OUT --no-default-plugins EXTRA...`.
fn index_args<'a>(corpus: &'a Path, out_dir: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "index",
        path(corpus),
        "-o",
        path(out_dir),
        "--no-default-plugins",
    ];
    args.extend_from_slice(extra);
    args
}

/// `tilmash index CORPUS -o OUT`, failing the test if it runs past `limit`.
fn index_within(corpus: &Path, out_dir: &Path, limit: Duration) -> std::process::Output {
    run_within(&index_args(corpus, out_dir, &[]), limit)
}

/// A record without errors.
fn analyzed(record: &Value) -> bool {
    record["errors"].as_array().is_some_and(Vec::is_empty)
}

#[test]
fn a_100_mb_line_is_refused_by_the_size_limit_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = tmp.path().join("c");
    fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let mut f = fs::File::create(corpus.join("huge.txt")).unwrap_or_else(|e| panic!("{e}"));
    let chunk = "Мектеп 2020 жылы ашылды және 300 оқушы оқиды ".repeat(1000);
    let mut written = 0;
    while written < 100_000_000 {
        f.write_all(chunk.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        written += chunk.len();
    }
    drop(f);
    write(&corpus.join("small.txt"), "Мектеп 2020 жылы ашылды.\n");
    let out_dir = tmp.path().join("out");
    let out = index_within(&corpus, &out_dir, Duration::from_secs(300));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.contains("huge.txt"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.contains("--max-bytes") || line.contains("larger than"),
        "{line}"
    );
    let records = records(&out_dir);
    assert_eq!(records.len(), 2);
    assert!(!analyzed(&by_path(&records, "huge.txt")));
    assert!(analyzed(&by_path(&records, "small.txt")));
}

#[test]
fn a_long_unpunctuated_line_is_processed_whole() {
    // 1.5 MB without a sentence end: one "sentence" with 20,000 dates and 20,000 counts.
    // Such a line once made count extraction quadratic (every number checked against
    // every date); now it is one pass.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let doc = tmp.path().join("line.txt");
    write(
        &doc,
        "мектеп 2020 жылы ашылды және 300 оқушы оқиды ".repeat(20_000),
    );
    let out = run_within(
        &["extract", path(&doc), "--types", "date,count"],
        Duration::from_secs(300),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let dates = text
        .lines()
        .filter(|l| l.contains(r#""type":"date""#))
        .count();
    let counts = text
        .lines()
        .filter(|l| l.contains(r#""type":"count""#))
        .count();
    assert_eq!((dates, counts), (20_000, 20_000));
}

#[test]
fn deeply_nested_and_malformed_html_is_indexed() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = tmp.path().join("c");
    write(
        &corpus.join("nested.html"),
        format!(
            "<html><body>{}<p>Мектеп 2020 жылы ашылды.</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    );
    write(
        &corpus.join("malformed.html"),
        "<html><body><p>Текст <b>жирный <i>курсив</p></b><table><tr><td>1<td>2</table>\
         <p>Школа открыта в 2020 году.<script>var x = '</p>';"
            .repeat(50),
    );
    let out_dir = tmp.path().join("out");
    let out = index_within(&corpus, &out_dir, Duration::from_secs(300));
    assert!(out.status.success(), "{}", stderr(&out));
    let records = records(&out_dir);
    let nested = by_path(&records, "nested.html");
    assert_eq!(nested["text"], Value::from("Мектеп 2020 жылы ашылды."));
    let malformed = by_path(&records, "malformed.html");
    let text = malformed["text"].as_str().unwrap_or_default();
    assert!(text.contains("Школа открыта в 2020 году."), "{text}");
    assert!(!text.contains("var x"), "scripts are not text: {text}");
}

#[test]
fn ten_thousand_files_in_one_folder() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = tmp.path().join("c");
    fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..10_000 {
        write(
            &corpus.join(format!("{i:05}.txt")),
            format!("Құжат {i}. Мектеп ашылды.\n"),
        );
    }
    let out_dir = tmp.path().join("out");
    let out = run(&index_args(&corpus, &out_dir, &["--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let records = records(&out_dir);
    assert_eq!(records.len(), 10_000);
    assert_eq!(records[0]["source"]["path"], "00000.txt");
    assert_eq!(records[9_999]["source"]["path"], "09999.txt");
}

#[test]
fn a_symlink_loop_is_reported_and_not_followed() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = tmp.path().join("c");
    write(&corpus.join("a/doc.txt"), "Мектеп ашылды.\n");
    std::os::unix::fs::symlink(&corpus, corpus.join("a/loop")).unwrap_or_else(|e| panic!("{e}"));
    let out_dir = tmp.path().join("out");
    let out = index_within(&corpus, &out_dir, Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("a/loop") && l.contains("loop")),
        "{err}"
    );
    let records = records(&out_dir);
    assert_eq!(
        records.len(),
        2,
        "the document and the loop's failure record"
    );
    assert!(analyzed(&by_path(&records, "a/doc.txt")));
}

#[test]
fn a_file_that_disappears_mid_run_is_recorded_not_fatal() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = tmp.path().join("c");
    let body = "Мектеп 2020 жылы ашылды. Оқушылар саны 300. ".repeat(40);
    for i in 0..3_000 {
        write(&corpus.join(format!("{i:05}.txt")), &body);
    }
    let last = corpus.join("02999.txt");
    let out_dir = tmp.path().join("out");
    let child = bin()
        .args(index_args(&corpus, &out_dir, &["-j", "1"]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Documents are read in path order: the last one is gone before its turn.
    std::thread::sleep(Duration::from_millis(200));
    fs::remove_file(&last).unwrap_or_else(|e| panic!("{e}"));
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let records = records(&out_dir);
    let gone = records.iter().find(|r| r["source"]["path"] == "02999.txt");
    match gone {
        // Read before it vanished (a very fast machine): a normal record.
        Some(r) if analyzed(r) => {
            assert!(out.status.success(), "{}", stderr(&out));
        }
        // Gone: a failed record and one stderr line naming it; the rest is indexed.
        Some(r) => {
            assert_eq!(out.status.code(), Some(2));
            assert_eq!(r["errors"][0]["stage"], "read", "{r}");
            assert!(
                stderr(&out).lines().any(|l| l.contains("02999.txt")),
                "{}",
                stderr(&out)
            );
            assert_eq!(records.len(), 3_000);
        }
        // Or not even walked.
        None => assert_eq!(records.len(), 2_999),
    }
}

#[test]
fn an_unwritable_output_fails_clearly_and_keeps_the_previous_index() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = corpus();
    let out_dir = tmp.path().join("out");
    let first = run(&index_args(&corpus, &out_dir, &["--quiet"]));
    assert!(first.status.success(), "{}", stderr(&first));
    let before = fs::read(out_dir.join("documents.jsonl")).unwrap_or_default();
    let descriptor = fs::read(out_dir.join("datapackage.json")).unwrap_or_default();

    // The staging area cannot be made (a file sits where the folder goes): the same
    // failure as a read-only or full output folder, which tests running as root cannot
    // produce with permissions.
    write(&out_dir.join(".tilmash-staging"), "not a folder");
    let again = run(&index_args(&corpus, &out_dir, &["--no-reuse"]));
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    let err = stderr(&again);
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    assert!(err.contains(".tilmash-staging"), "{err}");
    assert_eq!(
        fs::read(out_dir.join("documents.jsonl")).unwrap_or_default(),
        before
    );
    assert_eq!(
        fs::read(out_dir.join("datapackage.json")).unwrap_or_default(),
        descriptor
    );

    // An output path under a file: one clear line, exit 1.
    let under_file = tmp.path().join("file");
    write(&under_file, "x");
    let out = run(&["index", path(&corpus), "-o", path(&under_file.join("out"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("file/out"), "{}", stderr(&out));
}

#[test]
fn ctrl_c_mid_run_keeps_the_previous_index() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = tmp.path().join("c");
    let body = "Мектеп 2020 жылы ашылды. Оқушылар саны 300. ".repeat(200);
    for i in 0..1_500 {
        write(&corpus.join(format!("{i:05}.txt")), format!("{i}\n{body}"));
    }
    let out_dir = tmp.path().join("out");
    let first = run(&index_args(&corpus, &out_dir, &["--quiet"]));
    assert!(first.status.success(), "{}", stderr(&first));
    let before = fs::read(out_dir.join("documents.jsonl")).unwrap_or_default();
    for ms in [100u64, 400] {
        let mut child = bin()
            .args(index_args(
                &corpus,
                &out_dir,
                &["--no-reuse", "--with-text"],
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(ms));
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
        if status.success() {
            continue; // finished before the signal: a complete new index
        }
        // Interrupted: the previous index is what is there, whole.
        assert_eq!(
            fs::read(out_dir.join("documents.jsonl")).unwrap_or_default(),
            before,
            "interrupted at {ms} ms"
        );
        assert!(out_dir.join("datapackage.json").exists());
    }
}

#[test]
fn a_document_mixing_three_scripts() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let doc = tmp.path().join("mixed.txt");
    write(
        &doc,
        "Қазақстан Республикасының Білім министрлігі биыл жаңа бағдарлама қабылдады.\n\n\
         国务院办公厅印发了关于加强教育工作的意见，要求各地认真落实。\n\n\
         The ministry published the programme in English for international partners.\n",
    );
    let out = run(&["analyze", path(&doc)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let langs: Vec<&str> = record["paragraphs"]
        .as_array()
        .map(|ps| ps.iter().filter_map(|p| p["lang"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(langs, ["kk", "zh", "en"], "{record}");
    let shares = &record["language"]["shares"];
    for lang in ["kk", "zh", "en"] {
        assert!(shares[lang].as_f64().is_some_and(|s| s > 0.0), "{shares}");
    }
}
