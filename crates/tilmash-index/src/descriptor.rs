//! `datapackage.json`: the Frictionless Data Package descriptor of an index, with the
//! run's provenance. It is written last, so its presence marks the index complete, and it
//! carries the size and sha256 of every resource so a reader can verify that claim.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const DESCRIPTOR_NAME: &str = "datapackage.json";
pub const DOCUMENTS_NAME: &str = "documents.jsonl";
pub const SCHEMA_PATH: &str = "schema/document.schema.json";

/// The descriptor. Frictionless readers see `name`, `resources`, `created`; tilmash's own
/// provenance sits under `tilmash`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Descriptor {
    #[serde(rename = "$schema")]
    pub profile: String,
    pub name: String,
    pub title: String,
    pub created: String,
    pub resources: Vec<Resource>,
    pub tilmash: Provenance,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Resource {
    pub name: String,
    pub path: String,
    pub format: String,
    pub mediatype: String,
    pub encoding: String,
    pub bytes: u64,
    /// `sha256:` + hex digest.
    pub hash: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    pub tool: Tool,
    /// Version of the record layout in `documents.jsonl`.
    pub record_schema_version: String,
    /// Path of the record JSON Schema inside the package.
    pub record_schema: String,
    /// The indexed roots, as given on the command line.
    pub inputs: Vec<String>,
    pub options: RunOptions,
    /// Plugins that ran, with name, version, ABI, path and file sha256.
    pub plugins: Vec<PluginProvenance>,
    /// Plugins asked for that could not start (only with `--isolate`: in-process, such a
    /// library stops the run before it begins). The run went on without them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plugins_not_loaded: Vec<PluginNotLoaded>,
    pub totals: Totals,
    /// Documents whose record has errors: path and first error.
    pub failed: Vec<Failure>,
    pub run: RunInfo,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// Options that change what a record contains: a reused record must have been made
/// with the same ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOptions {
    pub with_text: bool,
    pub entities: bool,
    /// The entity types extracted, when not all of them (`tilmash index --types`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_types: Option<String>,
    pub max_bytes: u64,
    /// The plugins that ran (name, version, file sha256): a record is reused only when
    /// the same plugins made its summaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plugins: Vec<PluginKey>,
    /// `I/N` when this index holds one shard of a corpus (`tilmash index --shard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
}

/// A plugin in the descriptor's provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginProvenance {
    pub name: String,
    pub version: String,
    /// ABI the plugin was built for, `major.minor`.
    pub abi: String,
    /// The library as given or found.
    pub path: String,
    /// Hex sha256 of the library file.
    pub sha256: String,
}

/// A plugin library that was asked for but could not start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginNotLoaded {
    /// The library as given or found.
    pub path: String,
    /// Why it could not start (one line).
    pub error: String,
}

/// What identifies a plugin for reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginKey {
    pub name: String,
    pub version: String,
    pub sha256: String,
}

impl PluginProvenance {
    /// The reuse key of this plugin.
    pub fn key(&self) -> PluginKey {
        PluginKey {
            name: self.name.clone(),
            version: self.version.clone(),
            sha256: self.sha256.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Totals {
    pub documents: u64,
    pub ok: u64,
    pub failed: u64,
    /// Records copied from the previous index because the source was unchanged.
    pub reused: u64,
    /// Source bytes read.
    pub bytes: u64,
    /// Documents per main language.
    pub languages: BTreeMap<String, u64>,
    /// Entities per type.
    pub entities: BTreeMap<String, u64>,
    pub paragraphs: u64,
    pub sentences: u64,
    /// Plugin summaries that are not `ok` (error, crashed, timeout), per plugin name.
    #[serde(default)]
    pub plugin_failures: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    pub path: String,
    pub stage: String,
    pub error: String,
}

/// Wall-clock facts of the run: they live here, never in the records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInfo {
    pub started: String,
    pub finished: String,
    pub seconds: f64,
    pub jobs: usize,
}
