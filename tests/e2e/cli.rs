//! The command line itself: help, version, stdin, exit codes, schema.

use crate::support::*;
use serde_json::Value;

#[test]
fn version_and_help_with_examples() {
    let out = run(&["--version"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("tilmash "));
    for cmd in [
        "index", "analyze", "detect", "schema", "segment", "extract", "align",
    ] {
        let out = run(&[cmd, "--help"]);
        assert!(out.status.success(), "{cmd} --help");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains("tilmash "),
            "{cmd} --help shows an example: {help}"
        );
    }
}

#[test]
fn analyze_reads_stdin_and_validates() {
    let out = run_with_stdin(
        &["analyze", "-"],
        "Салалық кәсіподақ жұмысы туралы ақпарат. Екінші сөйлем.",
    );
    assert!(out.status.success());
    let record: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record["source"]["path"], "-");
    assert_eq!(record["language"]["main"], "kk");
    assert_eq!(record["sentences"].as_array().map(Vec::len), Some(2));
    assert_valid(&schema_validator(), &record);
}

#[test]
fn analyze_of_a_bad_file_exits_2_with_a_record() {
    let out = run(&[
        "analyze",
        fixtures("encodings")
            .join("random.bin")
            .to_str()
            .unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let record: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record["errors"][0]["stage"], "decode");
}

#[test]
fn usage_errors_exit_1() {
    assert_eq!(run(&["index"]).status.code(), Some(1), "missing PATH");
    assert_eq!(
        run(&["index", "corpus", "--no-such-flag"]).status.code(),
        Some(1)
    );
    assert_eq!(run(&["no-such-command"]).status.code(), Some(1));
    let missing = run(&["analyze", "/nonexistent/file.txt"]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "an unreadable document is a failed document"
    );
}
