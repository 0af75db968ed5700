//! Test-only plugin: panics on every document (so the tests can check that a panicking
//! plugin costs one summary, not the run). Not thread-safe, to exercise the host's lock.
//! Its library is named `tilmash_test_plugin_panic`, so `tilmash plugin list` and the
//! automatic discovery next to the executable never pick it up.

use tilmash_plugin::serde_json::Value;
use tilmash_plugin::{Document, Plugin, export_plugin};

/// Panics in `summarize`.
#[derive(Debug)]
pub struct Panics;

impl Plugin for Panics {
    const NAME: &'static str = "panics";
    const VERSION: &'static str = "0.0.1";
    const THREAD_SAFE: bool = false;

    fn new(_config: &Value) -> Result<Self, String> {
        Ok(Panics)
    }

    fn summarize(&self, doc: &Document) -> Result<Value, String> {
        panic!("deliberate test panic on {}", doc.record.source.path)
    }
}

export_plugin!(Panics);
