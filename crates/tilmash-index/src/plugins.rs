//! Plugins in the index run: each record that was analyzed without errors is handed to
//! every plugin, whose result goes under `summaries.<name>`.
//!
//! The index does not load libraries itself: it sees plugins through [`DocumentPlugin`]
//! (implemented by the CLI over `tilmash-plugin-host`), which keeps this crate free of
//! `unsafe` and of libloading.

use std::sync::Arc;

use tilmash_core::Record;
use tilmash_core::model::{Summary, SummaryStatus};

use crate::descriptor::PluginProvenance;

/// A plugin as the index sees it.
pub trait DocumentPlugin: Send + Sync + std::fmt::Debug {
    /// Name, version, ABI, path and file hash, for the descriptor and the reuse key.
    fn provenance(&self) -> &PluginProvenance;
    /// Summarize one record given as UTF-8 JSON; never panics, never fails the run.
    fn summarize(&self, record_json: &[u8]) -> Summary;
    /// Whether the plugin reads the record's `text`. When no plugin of a run does, plain
    /// text records are sent without it: the text is most of a record's JSON, and
    /// serializing and parsing it for nothing is most of what a cheap plugin costs.
    fn needs_text(&self) -> bool {
        true
    }
}

/// Whether the records must be analyzed with their text for `plugins`.
pub fn need_text(plugins: &[Arc<dyn DocumentPlugin>]) -> bool {
    plugins.iter().any(|p| p.needs_text())
}

/// The plugins of a run.
pub type Plugins = Vec<Arc<dyn DocumentPlugin>>;

/// Run `plugins` on `record`. The record must carry its text when [`need_text`] says so
/// (analyze with `with_text`); the plugins receive it, and afterwards it is dropped again
/// from plain-text records unless `keep_text` (what `--with-text` asked for), so the
/// written record is the same as without plugins apart from `summaries`.
pub fn apply(record: &mut Record, plugins: &[Arc<dyn DocumentPlugin>], keep_text: bool) {
    if plugins.is_empty() {
        return;
    }
    if record.errors.is_empty() {
        match serde_json::to_vec(&*record) {
            Ok(json) => {
                for plugin in plugins {
                    let name = plugin.provenance().name.clone();
                    record.summaries.insert(name, plugin.summarize(&json));
                }
            }
            Err(e) => {
                for plugin in plugins {
                    record.summaries.insert(
                        plugin.provenance().name.clone(),
                        Summary {
                            status: SummaryStatus::Error,
                            output: None,
                            error: Some(format!("cannot serialize the record: {e}")),
                        },
                    );
                }
            }
        }
    }
    if !keep_text && record.source.format.as_deref() == Some("txt") {
        record.text = None;
    }
}
