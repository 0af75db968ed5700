//! Plugins end to end: the shipped plugins (digest, extractive-summary) and a panicking
//! test plugin, built as real cdylibs, loaded by the real `tilmash` binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{assert_valid, corpus, records, repo, run, schema_validator, stderr};

/// Build the plugin cdylibs once, into their own target folder (the outer `cargo test`
/// holds the lock on the workspace's), and return that folder's `debug/`.
fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugins");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .current_dir(repo())
            .args([
                "build",
                "--offline",
                "-p",
                "tilmash-plugin-digest",
                "-p",
                "tilmash-plugin-extractive-summary",
                "-p",
                "tilmash-test-plugin-panic",
                "--target-dir",
            ])
            .arg(&target)
            .status()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
        assert!(status.success(), "building the plugins failed");
        target.join("debug")
    })
}

fn lib(name: &str) -> String {
    plugin_dir()
        .join(format!(
            "{}{name}{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ))
        .display()
        .to_string()
}

fn sha256_hex(path: &str) -> String {
    crate::support::sha256_file(Path::new(path))
        .trim_start_matches("sha256:")
        .to_owned()
}

#[test]
fn index_with_plugins_fills_summaries_and_provenance_and_reuses_only_with_same_plugins() {
    let digest = lib("tilmash_plugin_digest");
    let summary = lib("tilmash_plugin_extractive_summary");
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("index");
    let out = out_dir.to_str().expect("utf-8 path");
    let corpus = corpus();
    let corpus = corpus.to_str().expect("utf-8 path");
    let args = [
        "index",
        corpus,
        "-o",
        out,
        "--quiet",
        "--no-default-plugins",
        "--plugin",
        &digest,
        "--plugin",
        &summary,
    ];
    let result = run(&args);
    assert!(result.status.success(), "{}", stderr(&result));

    let validator = schema_validator();
    let recs = records(&out_dir);
    assert!(!recs.is_empty());
    for r in &recs {
        assert_valid(&validator, r);
        let path = &r["source"]["path"];
        // Plugins got the text, the written plain-text record does not carry it.
        assert!(
            r.get("text").is_none(),
            "{path}: text leaked into the record"
        );
        let d = &r["summaries"]["digest"];
        assert_eq!(d["status"], "ok", "{path}: {d}");
        assert_eq!(d["output"]["language"]["main"], r["language"]["main"]);
        assert_eq!(d["output"]["published"], r["published"].clone());
        let dates = d["output"]["dates_mentioned"].as_array().expect("dates");
        let mut sorted: Vec<&str> = dates.iter().filter_map(Value::as_str).collect();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            dates.len(),
            "{path}: dates sorted and distinct"
        );
        // The bodies named outside site furniture, once per id, by canonical name.
        let mut seen = std::collections::BTreeSet::new();
        let expected: Vec<Value> = r["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .filter(|e| e["type"] == "agency" && e["boilerplate"] != Value::Bool(true))
            .filter(|e| seen.insert(e["id"].to_string()))
            .map(|e| e["canonical"].clone())
            .collect();
        assert_eq!(d["output"]["agencies"], Value::Array(expected), "{path}");

        let s = &r["summaries"]["extractive-summary"];
        assert_eq!(s["status"], "ok", "{path}: {s}");
        let picked = s["output"]["sentences"].as_array().expect("sentences");
        assert_eq!(
            picked.len(),
            3,
            "{path}: the corpus documents have more than 3 sentences"
        );
        let mut last = None;
        for p in picked {
            let i = p["index"].as_u64().expect("index") as usize;
            assert!(last.is_none_or(|l| l < i), "{path}: document order");
            last = Some(i);
            let sentence = &r["sentences"][i];
            assert_eq!(p["start"], sentence["start"]);
            assert_eq!(p["end"], sentence["end"]);
            assert!(!p["text"].as_str().expect("text").is_empty());
        }
    }

    let descriptor: Value = serde_json::from_slice(
        &std::fs::read(out_dir.join("datapackage.json")).expect("descriptor"),
    )
    .expect("descriptor JSON");
    let plugins = descriptor["tilmash"]["plugins"]
        .as_array()
        .expect("plugins");
    let names: Vec<&str> = plugins.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["digest", "extractive-summary"]);
    assert_eq!(plugins[0]["abi"], "1.0");
    assert_eq!(plugins[0]["sha256"], sha256_hex(&digest));
    assert_eq!(plugins[1]["sha256"], sha256_hex(&summary));

    // Same plugins: everything reused. One plugin fewer: nothing reused.
    let again = run(&args);
    assert!(again.status.success(), "{}", stderr(&again));
    let d: Value = serde_json::from_slice(
        &std::fs::read(out_dir.join("datapackage.json")).expect("descriptor"),
    )
    .expect("JSON");
    assert_eq!(d["tilmash"]["totals"]["reused"], recs.len());
    let fewer = run(&[
        "index",
        corpus,
        "-o",
        out,
        "--quiet",
        "--no-default-plugins",
        "--plugin",
        &digest,
    ]);
    assert!(fewer.status.success(), "{}", stderr(&fewer));
    let d: Value = serde_json::from_slice(
        &std::fs::read(out_dir.join("datapackage.json")).expect("descriptor"),
    )
    .expect("JSON");
    assert_eq!(d["tilmash"]["totals"]["reused"], 0);
    for r in records(&out_dir) {
        assert!(r["summaries"].get("extractive-summary").is_none());
        assert_eq!(r["summaries"]["digest"]["status"], "ok");
    }
}

#[test]
fn a_panicking_plugin_costs_its_summary_not_the_run() {
    let panics = lib("tilmash_test_plugin_panic");
    let digest = lib("tilmash_plugin_digest");
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("index");
    let result = run(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "-o",
        out_dir.to_str().expect("utf-8"),
        "--quiet",
        "--no-default-plugins",
        "--plugin",
        &panics,
        "--plugin",
        &digest,
    ]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let err = stderr(&result);
    assert!(
        err.lines()
            .any(|l| l.contains("seeds/000.txt: plugin panics")),
        "each failed summary is named on stderr: {err}"
    );
    let recs = records(&out_dir);
    assert!(!recs.is_empty());
    for r in recs {
        let p = &r["summaries"]["panics"];
        assert_eq!(p["status"], "error", "{p}");
        let msg = p["error"].as_str().expect("error message");
        assert!(
            msg.starts_with("plugin panicked: deliberate test panic on "),
            "{msg}"
        );
        assert_eq!(r["summaries"]["digest"]["status"], "ok");
        assert!(r["errors"].as_array().expect("errors").is_empty());
    }
}

#[test]
fn analyze_with_a_plugin_prints_its_summary() {
    let summary = lib("tilmash_plugin_extractive_summary");
    let doc = corpus().join("seeds/000.txt");
    let out = run(&[
        "analyze",
        doc.to_str().expect("utf-8"),
        "--no-default-plugins",
        "--plugin",
        &summary,
        "--plugin-config",
        r#"extractive-summary={"sentences":2}"#,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).expect("record JSON");
    let s = &r["summaries"]["extractive-summary"];
    assert_eq!(s["status"], "ok");
    assert_eq!(s["output"]["sentences"].as_array().map(Vec::len), Some(2));
    assert!(r.get("text").is_none());
}

#[test]
fn plugin_check_reports_a_valid_plugin_and_refuses_other_libraries() {
    let digest = lib("tilmash_plugin_digest");
    let out = run(&["plugin", "check", &digest]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("name:        digest"), "{text}");
    assert!(text.contains("abi:         1.0"), "{text}");
    assert!(text.contains(&sha256_hex(&digest)), "{text}");
    assert!(text.contains("smoke call:  ok {"), "{text}");

    // A panicking plugin loads but fails the smoke call: exit 1.
    let out = run(&["plugin", "check", &lib("tilmash_test_plugin_panic")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("smoke call:  FAILED"));

    // A plain shared library, built here from C, is not a plugin.
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("plain.c");
    std::fs::write(&src, "int plain_add(int a, int b) { return a + b; }\n").expect("write");
    let so = tmp.path().join("libplain.so");
    let cc = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&so)
        .arg(&src)
        .status();
    let plain = match cc {
        Ok(s) if s.success() => so,
        // No C compiler: any system library without the entry point will do.
        _ => PathBuf::from("/lib/x86_64-linux-gnu/libm.so.6"),
    };
    let out = run(&["plugin", "check", plain.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("not a tilmash plugin"), "{err}");

    // A plugin built for a future ABI is refused before any of its functions is called.
    let future = tmp.path().join("future.c");
    std::fs::write(
        &future,
        "#include \"tilmash_plugin.h\"\n\
         static const TilmashPluginDescriptor D = {TILMASH_PLUGIN_MAGIC,\n\
           sizeof(TilmashPluginDescriptor), 2, 0};\n\
         const TilmashPluginDescriptor *tilmash_plugin_v1(void) { return &D; }\n",
    )
    .expect("write");
    let future_so = tmp.path().join("libfuture.so");
    let cc = Command::new("cc")
        .args(["-shared", "-fPIC", "-I"])
        .arg(repo().join("crates/tilmash-plugin-abi/include"))
        .arg("-o")
        .arg(&future_so)
        .arg(&future)
        .status();
    if cc.is_ok_and(|s| s.success()) {
        let out = run(&["plugin", "check", future_so.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.contains("plugin built for ABI 2.0, this tilmash speaks 1.x"),
            "{err}"
        );
    } else {
        eprintln!("SKIPPED the ABI 2.0 check: no C compiler (cc)");
    }

    // Not even a library.
    let out = run(&["plugin", "check", src.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot load the library"),
        "{}",
        stderr(&out)
    );
}

/// The C example plugin, compiled here against `tilmash_plugin.h` alone: the ABI is
/// language-neutral. Needs a C compiler (`cc`); the test says so and stops without one.
#[test]
fn the_c_example_plugin_runs_on_every_document() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let so = tmp.path().join(format!(
        "{}tilmash_plugin_wordstats{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    let built = Command::new("cc")
        .args([
            "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-std=c11", "-I",
        ])
        .arg(repo().join("crates/tilmash-plugin-abi/include"))
        .arg("-o")
        .arg(&so)
        .arg(repo().join("plugins/c-wordstats/wordstats.c"))
        .status();
    match built {
        Ok(s) => assert!(s.success(), "wordstats.c does not compile"),
        Err(e) => {
            eprintln!("SKIPPED: no C compiler (cc): {e}");
            return;
        }
    }
    let so = so.to_str().expect("utf-8");
    let check = run(&["plugin", "check", so]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("name:        wordstats"));

    let out_dir = tmp.path().join("index");
    let result = run(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "-o",
        out_dir.to_str().expect("utf-8"),
        "--quiet",
        "--no-default-plugins",
        "--plugin",
        so,
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    for r in records(&out_dir) {
        let w = &r["summaries"]["wordstats"];
        assert_eq!(w["status"], "ok", "{w}");
        // The plugin counts the code points of the text it was given: the record's chars.
        assert_eq!(w["output"]["chars"], r["chars"], "{}", r["source"]["path"]);
        assert!(w["output"]["words"].as_u64().is_some_and(|n| n > 0));
    }
}

fn isolated_run(mode: &str, timeout: &str) -> Vec<Value> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("index");
    let config = format!(r#"panics={{"mode":"{mode}"}}"#);
    let result = run(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "-o",
        out_dir.to_str().expect("utf-8"),
        "--quiet",
        "--no-default-plugins",
        "--isolate",
        "--plugin-timeout",
        timeout,
        "--plugin",
        &lib("tilmash_test_plugin_panic"),
        "--plugin",
        &lib("tilmash_plugin_digest"),
        "--plugin-config",
        &config,
    ]);
    assert_eq!(
        result.status.code(),
        Some(2),
        "a failed plugin summary is a partial failure: {}",
        stderr(&result)
    );
    let recs = records(&out_dir);
    assert!(!recs.is_empty());
    let validator = schema_validator();
    for r in &recs {
        assert_valid(&validator, r);
        assert_eq!(
            r["summaries"]["digest"]["status"], "ok",
            "the other plugin is unaffected"
        );
    }
    recs
}

#[test]
fn isolated_plugins_survive_aborts_and_hangs() {
    for r in isolated_run("abort", "30") {
        let p = &r["summaries"]["panics"];
        assert_eq!(p["status"], "crashed", "{p}");
        assert!(
            p["error"].as_str().expect("error").contains("SIGABRT"),
            "{p}"
        );
    }
    for r in isolated_run("segfault", "30") {
        let p = &r["summaries"]["panics"];
        assert_eq!(p["status"], "crashed", "{p}");
        assert!(
            p["error"].as_str().expect("error").contains("SIGSEGV"),
            "{p}"
        );
    }
    for r in isolated_run("hang", "0.5") {
        let p = &r["summaries"]["panics"];
        assert_eq!(p["status"], "timeout", "{p}");
        assert_eq!(
            p["error"],
            "plugin did not answer within 0.5 s; its worker was killed"
        );
    }
    for r in isolated_run("panic", "30") {
        let p = &r["summaries"]["panics"];
        assert_eq!(p["status"], "error", "{p}");
    }
}

#[test]
fn isolated_and_in_process_plugins_give_the_same_summaries() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut outputs = Vec::new();
    for isolate in [false, true] {
        let out_dir = tmp.path().join(format!("index-{isolate}"));
        let mut args = vec![
            "index".to_owned(),
            corpus().display().to_string(),
            "-o".to_owned(),
            out_dir.display().to_string(),
            "--quiet".to_owned(),
            "--no-default-plugins".to_owned(),
            "--plugin".to_owned(),
            lib("tilmash_plugin_extractive_summary"),
            "--plugin".to_owned(),
            lib("tilmash_plugin_digest"),
        ];
        if isolate {
            args.push("--isolate".to_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let result = run(&args);
        assert!(result.status.success(), "{}", stderr(&result));
        outputs.push(std::fs::read(out_dir.join("documents.jsonl")).expect("documents"));
    }
    assert!(outputs[0] == outputs[1], "--isolate changed the records");
}

/// What a misbehaving non-Rust plugin returns is checked by the host: output that is not
/// JSON, and an error report that is plain text.
#[test]
fn invalid_plugin_output_becomes_an_error_summary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("liar.c");
    std::fs::write(
        &src,
        r#"#include <stdlib.h>
#include <string.h>
#include "tilmash_plugin.h"
static TilmashBuf buf(const char *s) {
    TilmashBuf b; b.len = b.cap = strlen(s); b.ptr = malloc(b.len); memcpy(b.ptr, s, b.len);
    return b;
}
static int contains(const uint8_t *doc, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(doc + i, needle, n) == 0) return 1;
    return 0;
}
static int32_t summarize(void *inst, const uint8_t *doc, size_t len, TilmashBuf *out) {
    (void)inst;
    /* seeds/000.txt: invalid JSON with status OK; the others: a plain-text error */
    if (contains(doc, len, "\"seeds/000.txt\"")) { *out = buf("{oops"); return TILMASH_STATUS_OK; }
    *out = buf("cannot read this"); return TILMASH_STATUS_ERROR;
}
static void free_buf(TilmashBuf b) { free(b.ptr); }
static const TilmashPluginDescriptor D = {TILMASH_PLUGIN_MAGIC, sizeof(TilmashPluginDescriptor),
    TILMASH_ABI_MAJOR, TILMASH_ABI_MINOR, 0, "liar", "0.0.1", "{}", NULL, summarize, free_buf, NULL};
const TilmashPluginDescriptor *tilmash_plugin_v1(void) { return &D; }
"#,
    )
    .expect("write");
    let so = tmp.path().join("libliar.so");
    let built = Command::new("cc")
        .args(["-shared", "-fPIC", "-Wall", "-Werror", "-I"])
        .arg(repo().join("crates/tilmash-plugin-abi/include"))
        .arg("-o")
        .arg(&so)
        .arg(&src)
        .status();
    match built {
        Ok(s) => assert!(s.success(), "liar.c does not compile"),
        Err(e) => {
            eprintln!("SKIPPED: no C compiler (cc): {e}");
            return;
        }
    }
    let out_dir = tmp.path().join("index");
    let result = run(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "-o",
        out_dir.to_str().expect("utf-8"),
        "--quiet",
        "--no-default-plugins",
        "--plugin",
        so.to_str().expect("utf-8"),
    ]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let recs = records(&out_dir);
    assert!(recs.len() > 1);
    for r in recs {
        let s = &r["summaries"]["liar"];
        assert_eq!(s["status"], "error", "{s}");
        assert!(s.get("output").is_none());
        let msg = s["error"].as_str().expect("message");
        if r["source"]["path"] == "seeds/000.txt" {
            assert!(msg.starts_with("plugin returned invalid JSON: "), "{msg}");
        } else {
            assert_eq!(msg, "cannot read this");
        }
    }
}
