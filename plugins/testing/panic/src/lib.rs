//! Test-only plugin that misbehaves on every document, so the tests can check that a bad
//! plugin costs one summary, not the run. Configuration `{"mode": M}`:
//! `panic` (default) panics, `abort` aborts the process, `segfault` writes through a
//! null pointer, `hang` never returns.
//! Not thread-safe, to exercise the host's lock. Its library is named
//! `tilmash_test_plugin_panic`, so `tilmash plugin list` and the discovery next to the
//! executable never pick it up.

use tilmash_plugin::serde_json::Value;
use tilmash_plugin::{Document, Plugin, export_plugin};

/// How to misbehave.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Panic,
    Abort,
    Segfault,
    Hang,
}

/// Misbehaves in `summarize`.
#[derive(Debug)]
pub struct Panics {
    mode: Mode,
}

impl Plugin for Panics {
    const NAME: &'static str = "panics";
    const VERSION: &'static str = "0.0.1";
    const THREAD_SAFE: bool = false;

    fn new(config: &Value) -> Result<Self, String> {
        let mode = match config.get("mode").and_then(Value::as_str) {
            None | Some("panic") => Mode::Panic,
            Some("abort") => Mode::Abort,
            Some("hang") => Mode::Hang,
            Some("segfault") => Mode::Segfault,
            Some(other) => return Err(format!("unknown mode {other:?}")),
        };
        Ok(Panics { mode })
    }

    fn summarize(&self, doc: &Document) -> Result<Value, String> {
        match self.mode {
            Mode::Panic => panic!("deliberate test panic on {}", doc.record()?.source.path),
            Mode::Abort => std::process::abort(),
            // A write through a null pointer: the segmentation fault a buggy C plugin causes.
            Mode::Segfault => unsafe {
                std::ptr::write_volatile(std::ptr::null_mut::<u8>(), 1);
                Err("unreachable: the write above faults".to_owned())
            },
            Mode::Hang => loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            },
        }
    }
}

export_plugin!(Panics);
