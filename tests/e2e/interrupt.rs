//! Killing `tilmash index` at any moment leaves the previous complete index or no
//! descriptor at all — never a descriptor next to documents it does not describe.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::support::*;
use serde_json::Value;

/// The invariant: if a descriptor exists, documents.jsonl matches its size and hash and
/// holds as many records as it claims.
fn check_consistent(dir: &Path) -> bool {
    let Ok(bytes) = fs::read(dir.join("datapackage.json")) else {
        return false;
    };
    let descriptor: Value =
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("descriptor is whole JSON: {e}"));
    let docs = fs::read(dir.join("documents.jsonl"))
        .unwrap_or_else(|e| panic!("descriptor without documents: {e}"));
    let resource = &descriptor["resources"][0];
    assert_eq!(
        resource["bytes"].as_u64(),
        Some(docs.len() as u64),
        "size matches"
    );
    assert_eq!(
        resource["hash"].as_str(),
        Some(format!("sha256:{}", sha256_file(&dir.join("documents.jsonl"))).as_str()),
        "hash matches"
    );
    let lines = docs.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(
        descriptor["tilmash"]["totals"]["documents"].as_u64(),
        Some(lines)
    );
    true
}

fn make_corpus(dir: &Path, files: usize) {
    let seed = fs::read_to_string(corpus().join("seeds/000.txt")).unwrap_or_default();
    let body: String = seed.repeat(2);
    for i in 0..files {
        let sub = dir.join(format!("d{:02}", i % 20));
        fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        fs::write(
            sub.join(format!("{i:05}.txt")),
            format!("Документ {i}.\n\n{body}"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
}

fn kill_after(args: &[&str], delay: Duration) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn killed_runs_never_leave_a_lying_descriptor() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = tmp.path().join("src");
    make_corpus(&src, 1200);
    let src = src.to_str().unwrap_or_default().to_owned();

    // No previous index: a killed run leaves no descriptor (or a complete index).
    let fresh = tmp.path().join("fresh");
    let fresh_s = fresh.to_str().unwrap_or_default().to_owned();
    kill_after(
        &["index", &src, "-o", &fresh_s, "-j", "2"],
        Duration::from_millis(300),
    );
    if fresh.join("datapackage.json").exists() {
        assert!(check_consistent(&fresh));
    }

    // A previous complete index, then runs killed at several moments.
    let out = tmp.path().join("idx");
    let out_s = out.to_str().unwrap_or_default().to_owned();
    let full = run(&["index", &src, "-o", &out_s, "-j", "2", "--quiet"]);
    assert!(full.status.success(), "{}", stderr(&full));
    assert!(check_consistent(&out));
    for ms in [20u64, 150, 400, 900, 1600] {
        kill_after(
            &[
                "index",
                &src,
                "-o",
                &out_s,
                "-j",
                "2",
                "--no-reuse",
                "--with-text",
            ],
            Duration::from_millis(ms),
        );
        // Either the old index is intact, or the new one is complete; never a mix.
        if out.join("datapackage.json").exists() {
            assert!(check_consistent(&out), "after a kill at {ms} ms");
        }
    }

    // The next run recovers: stale lock and staging folder are taken over.
    let again = run(&["index", &src, "-o", &out_s, "--quiet"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(check_consistent(&out));
    assert!(!out.join(".tilmash-staging").exists());
}
