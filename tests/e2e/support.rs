//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tilmash"))
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn corpus() -> PathBuf {
    repo().join("corpus")
}

pub fn fixtures(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Run tilmash with `args`; panics with its stderr if it could not start.
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run tilmash {args:?}: {e}"))
}

/// Run tilmash with `args`, feeding `input` on standard input.
pub fn run_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run tilmash {args:?}: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn records(index_dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(index_dir.join("documents.jsonl"))
        .unwrap_or_else(|e| panic!("documents.jsonl in {}: {e}", index_dir.display()));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

/// The JSON Schema printed by `tilmash schema`, compiled.
pub fn schema_validator() -> jsonschema::Validator {
    let out = run(&["schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let schema: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("schema JSON: {e}"));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema compiles: {e}"))
}

pub fn assert_valid(validator: &jsonschema::Validator, record: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "record {} invalid: {errors:?}",
        record["source"]["path"]
    );
}

/// `text[start:end]` with code-point offsets, as Python slices.
pub fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

pub fn sha256_file(path: &Path) -> String {
    use std::io::Read;
    // A tiny dependency-free check would need our own SHA-256; the library exposes one.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    tilmash_sha256(&bytes)
}

fn tilmash_sha256(bytes: &[u8]) -> String {
    tilmash_index::document::sha256_hex(bytes)
}
