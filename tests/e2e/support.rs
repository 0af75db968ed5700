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

/// A path as the `&str` a command line takes (test paths are UTF-8).
pub fn path(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("utf-8 path {}", p.display()))
}

/// Run tilmash, failing the test (instead of hanging it) if it has not finished after
/// `limit`: a hang detector for inputs that once made the pipeline quadratic, far above
/// the seconds the run takes.
pub fn run_within(args: &[&str], limit: std::time::Duration) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Drain both pipes while waiting: a child blocked on a full pipe is not a hang.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("tilmash {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
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
