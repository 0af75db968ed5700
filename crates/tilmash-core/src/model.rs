//! The document record: the JSON object `tilmash analyze` prints and `documents.jsonl`
//! holds one per line. These types are the contract with archivists and plugin authors;
//! the JSON Schema (`tilmash schema`) is generated from them.
//!
//! Compatibility rule: fields are only ever added, optional ones with a default, and
//! [`SCHEMA_VERSION`] changes its minor part when they are. Readers must ignore fields
//! they do not know.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the record layout, carried in every record as `schema`.
pub const SCHEMA_VERSION: &str = "1.0";

/// One document, as indexed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Record layout version ([`SCHEMA_VERSION`]).
    pub schema: String,
    /// Content identity: `sha256:` + hex digest of the source bytes; `null` when the file
    /// could not be read.
    pub id: Option<String>,
    pub source: Source,
    pub language: Language,
    /// The document text the offsets refer to. Always present for formats whose text is
    /// extracted (HTML); for plain text only with `--with-text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Length of the document text in Unicode code points.
    pub chars: usize,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    /// The document's own date (ISO 8601 date or year) when a dateline or the title
    /// gives it; relative dates are resolved against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub entities: Vec<Entity>,
    /// Per-plugin results, keyed by plugin name.
    pub summaries: BTreeMap<String, Summary>,
    /// What went wrong with this document; empty when nothing did.
    pub errors: Vec<DocumentError>,
}

/// Where the document came from and how its bytes were read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Path relative to the indexed root, `/`-separated; `-` for standard input.
    pub path: String,
    /// Size of the source in bytes (`null` when unreadable).
    pub bytes: Option<u64>,
    /// Hex sha256 of the source bytes (`null` when unreadable).
    pub sha256: Option<String>,
    /// Detected character encoding (WHATWG name, or `KZ-1048`); `null` when not decoded.
    pub encoding: Option<String>,
    /// Whether the source began with a byte-order mark (removed before offsets are counted).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bom: bool,
    /// `txt` or `html`; `null` when not decoded.
    pub format: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The languages of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// ISO 639-1 code of the main language (`kk`, `ru`, `zh`, …), `und` when unknown.
    pub main: String,
    /// ISO 15924 script of the main language (`Cyrl`, `Latn`, `Arab`, `Hans`, `Hant`);
    /// `null` when unknown.
    pub script: Option<String>,
    /// Share of the document's content (non-boilerplate) characters per language, in
    /// [0, 1], summing to 1 over the languages seen; empty when there is no content.
    pub shares: BTreeMap<String, f64>,
    /// Confidence in `main`, in [0, 1]: the letter-weighted confidence of the content
    /// paragraphs in the main language. Absent when `main` is `und`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl Language {
    pub fn undetermined() -> Self {
        Language {
            main: "und".to_owned(),
            script: None,
            shares: BTreeMap::new(),
            score: None,
        }
    }
}

/// A paragraph: a block of text separated from its neighbours by a blank line, a list
/// marker or a line that stands alone (a heading). Offsets are half-open code-point
/// offsets into the document text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    /// Site furniture (navigation, 'Recent posts', widgets, footers) rather than content.
    pub boilerplate: bool,
    /// Language of the paragraph (ISO 639-1 or `und`).
    pub lang: String,
    /// Confidence in `lang`, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// A sentence. Sentences never cross paragraph boundaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph holding this sentence.
    pub paragraph: usize,
    /// Language of the sentence (ISO 639-1 or `und`).
    pub lang: String,
    /// Confidence in `lang`, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Stretches in another language (a Kazakh programme name quoted in a Russian
    /// sentence); absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<LangSpan>,
}

/// A stretch of a sentence in a language other than the sentence's. Offsets are
/// code points into the document text, like the sentence's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LangSpan {
    pub start: usize,
    pub end: usize,
    /// Language of the span (ISO 639-1).
    pub lang: String,
    /// Confidence in `lang`, in [0, 1].
    pub score: f64,
}

/// An extracted item (date, count, agency, target). Type-specific normalized fields
/// (`value`, `unit`, `canonical`, …) sit beside the common ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    /// `date`, `count`, `agency` or `target`.
    #[serde(rename = "type")]
    pub kind: String,
    pub start: usize,
    pub end: usize,
    /// The surface string: `text[start..end]` of the document text.
    pub text: String,
    /// Index of the sentence holding the entity's start.
    pub sentence: usize,
    pub lang: String,
    /// Normalized, type-specific fields.
    #[serde(flatten)]
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// One plugin's result for a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub status: SummaryStatus,
    /// The plugin's JSON output when `status` is `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<serde_json::Value>,
    /// What went wrong otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SummaryStatus {
    Ok,
    Error,
    Crashed,
    Timeout,
}

/// A failure recorded in a document's record. A document with errors is still written
/// to the index, so an archivist sees every input file accounted for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentError {
    /// The pipeline stage that failed: `read`, `decode`, …
    pub stage: String,
    /// One line: the cause.
    pub message: String,
}

/// The JSON Schema of [`Record`], as published by `tilmash schema`.
pub fn record_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Record))
        .unwrap_or_else(|e| panic!("the record schema always serializes: {e}"));
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "title".to_owned(),
            serde_json::Value::String("tilmash document record".to_owned()),
        );
    }
    schema
}
