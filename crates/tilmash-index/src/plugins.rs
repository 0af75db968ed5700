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
///
/// Returns the record's JSON line when it could be made from the JSON the plugins were
/// given: when the record the plugins saw is the record to write (no text added just for
/// them), the line is that JSON with the summaries put in, byte for byte what
/// `serde_json::to_string` of the record would give, without serializing the record a
/// second time. `None`: serialize the record as usual.
pub fn apply(
    record: &mut Record,
    plugins: &[Arc<dyn DocumentPlugin>],
    keep_text: bool,
) -> Option<String> {
    if plugins.is_empty() {
        return None;
    }
    // Text that is there only for the plugins is dropped before the record is written.
    let drop_text = !keep_text && record.source.format.as_deref() == Some("txt");
    let mut line = None;
    if record.errors.is_empty() {
        match serde_json::to_vec(&*record) {
            Ok(json) => {
                for plugin in plugins {
                    let name = plugin.provenance().name.clone();
                    record.summaries.insert(name, plugin.summarize(&json));
                }
                if !(drop_text && record.text.is_some()) {
                    line = with_summaries(json, record);
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
    if drop_text {
        record.text = None;
    }
    line
}

/// The record's JSON (serialized with no summaries and no errors, as plugins get it) with
/// `record.summaries` spliced in. `summaries` and `errors` are the record's last two
/// fields, so the JSON ends with exactly `"summaries":{},"errors":[]}`.
fn with_summaries(mut json: Vec<u8>, record: &Record) -> Option<String> {
    const TAIL: &[u8] = b"\"summaries\":{},\"errors\":[]}";
    if !json.ends_with(TAIL) || !record.errors.is_empty() {
        return None;
    }
    json.truncate(json.len() - TAIL.len());
    json.extend_from_slice(b"\"summaries\":");
    serde_json::to_writer(&mut json, &record.summaries).ok()?;
    json.extend_from_slice(b",\"errors\":[]}");
    String::from_utf8(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::PluginProvenance;
    use crate::document::{DocumentOptions, analyze_bytes};

    /// Echoes the length of what it was given, and whether it had the text.
    #[derive(Debug)]
    struct Probe {
        provenance: PluginProvenance,
        needs_text: bool,
    }

    impl DocumentPlugin for Probe {
        fn provenance(&self) -> &PluginProvenance {
            &self.provenance
        }
        fn summarize(&self, record_json: &[u8]) -> Summary {
            let v: serde_json::Value = serde_json::from_slice(record_json).unwrap_or_default();
            Summary {
                status: SummaryStatus::Ok,
                output: Some(serde_json::json!({
                    "bytes": record_json.len(),
                    "had_text": v.get("text").is_some(),
                })),
                error: None,
            }
        }
        fn needs_text(&self) -> bool {
            self.needs_text
        }
    }

    fn probe(name: &str, needs_text: bool) -> Arc<dyn DocumentPlugin> {
        Arc::new(Probe {
            provenance: PluginProvenance {
                name: name.to_owned(),
                version: "0".to_owned(),
                abi: "1.0".to_owned(),
                path: String::new(),
                sha256: String::new(),
            },
            needs_text,
        })
    }

    const TEXT: &str = "Правительство 5 марта 2024 года решило построить 12 новых школ.\n\n\
                        Үкімет 12 жаңа мектеп салу туралы шешім қабылдады.";

    /// The spliced line is exactly the record's own serialization, whatever the text
    /// options; when the text was added only for the plugins, there is no splice.
    #[test]
    fn the_spliced_line_is_the_serialized_record() {
        for (with_text, keep_text, plugins, spliced) in [
            (
                false,
                false,
                vec![probe("a", false), probe("b", false)],
                true,
            ),
            (true, true, vec![probe("a", true)], true),
            (
                true,
                false,
                vec![probe("a", true), probe("b", false)],
                false,
            ),
        ] {
            let mut options = DocumentOptions::default();
            options.analyze.with_text = with_text;
            let mut record = analyze_bytes(TEXT.as_bytes(), "a.txt", Some("txt"), &options);
            let line = apply(&mut record, &plugins, keep_text);
            assert_eq!(line.is_some(), spliced, "{with_text} {keep_text}");
            let expected = serde_json::to_string(&record).expect("serializes");
            if let Some(line) = line {
                assert_eq!(line, expected);
            }
            assert_eq!(record.summaries.len(), plugins.len());
            assert_eq!(record.text.is_some(), keep_text);
            for s in record.summaries.values() {
                assert_eq!(
                    s.output.as_ref().map(|o| o["had_text"] == true),
                    Some(with_text)
                );
            }
        }
    }

    #[test]
    fn records_with_errors_get_no_summaries_and_no_splice() {
        let mut record = analyze_bytes(
            b"\0\0\0binary",
            "b.txt",
            Some("txt"),
            &DocumentOptions::default(),
        );
        assert!(!record.errors.is_empty());
        assert_eq!(apply(&mut record, &[probe("a", false)], false), None);
        assert!(record.summaries.is_empty());
    }
}
