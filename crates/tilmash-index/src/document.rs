//! One file to one record: read, hash, decode, analyze. Never panics outward and never
//! returns an error: whatever goes wrong becomes the record's `errors`.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use sha2::{Digest, Sha256};
use tilmash_core::model::{DocumentError, Source};
use tilmash_core::{AnalyzeOptions, Record};

/// Files larger than this are refused by default (a configurable limit, so a stray
/// multi-gigabyte dump cannot exhaust memory).
/// Documents above this size are refused unless `--max-bytes` says otherwise: analysis
/// holds about 25 times a document's size in memory (text, paragraphs, sentences,
/// entities, the record and its JSON), so 64 MiB stays near 1.6 GB per worker thread.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How documents are read and analyzed.
#[derive(Debug, Clone, Copy)]
pub struct DocumentOptions {
    pub analyze: AnalyzeOptions,
    /// Refuse files larger than this many bytes.
    pub max_bytes: u64,
}

impl Default for DocumentOptions {
    fn default() -> Self {
        DocumentOptions {
            analyze: AnalyzeOptions::default(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Read a file within the size limit.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, DocumentError> {
    let read_error = |e: std::io::Error| DocumentError {
        stage: "read".to_owned(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit to know it was exceeded without trusting metadata
    // (which lies for pipes and files that grow while we read).
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > max_bytes {
        return Err(DocumentError {
            stage: "read".to_owned(),
            message: format!(
                "file larger than the {} byte limit (raise it with --max-bytes)",
                max_bytes
            ),
        });
    }
    Ok(bytes)
}

/// The record of the file at `path`, recorded as `rel`.
pub fn analyze_file(path: &Path, rel: &str, options: &DocumentOptions) -> Record {
    match read_limited(path, options.max_bytes) {
        Ok(bytes) => analyze_bytes(&bytes, rel, extension(path).as_deref(), options),
        Err(error) => tilmash_core::failed(
            Source {
                path: rel.to_owned(),
                bytes: std::fs::metadata(path).ok().map(|m| m.len()),
                sha256: None,
                encoding: None,
                bom: false,
                format: None,
            },
            None,
            error,
        ),
    }
}

/// The record of a document already in memory (`rel` is what `source.path` says).
pub fn analyze_bytes(
    bytes: &[u8],
    rel: &str,
    extension: Option<&str>,
    options: &DocumentOptions,
) -> Record {
    let sha = sha256_hex(bytes);
    let mut source = Source {
        path: rel.to_owned(),
        bytes: Some(bytes.len() as u64),
        sha256: Some(sha.clone()),
        encoding: None,
        bom: false,
        format: None,
    };
    let decoded = match tilmash_decode::decode_document(bytes, extension) {
        Ok(d) => d,
        Err(e) => {
            let error = DocumentError {
                stage: "decode".to_owned(),
                message: e.to_string(),
            };
            return tilmash_core::failed(source, Some(sha), error);
        }
    };
    source.encoding = Some(decoded.encoding.to_owned());
    source.bom = decoded.bom;
    source.format = Some(decoded.format.as_str().to_owned());
    let extracted = decoded.format != tilmash_decode::Format::Text;
    // A bug in a stage must cost one document, not the run.
    let result = catch_unwind(AssertUnwindSafe(|| {
        tilmash_core::analyze(
            source.clone(),
            Some(sha.clone()),
            &decoded.text,
            extracted,
            options.analyze,
        )
    }));
    match result {
        Ok(record) => record,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            tilmash_core::failed(
                source,
                Some(sha),
                DocumentError {
                    stage: "analyze".to_owned(),
                    message: format!("internal error (please report): {what}"),
                },
            )
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_becomes_a_record_with_an_error() {
        let r = analyze_bytes(&[], "empty.txt", Some("txt"), &DocumentOptions::default());
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].stage, "decode");
        assert_eq!(r.source.bytes, Some(0));
        let r = analyze_file(
            Path::new("/nonexistent/x.txt"),
            "x.txt",
            &DocumentOptions::default(),
        );
        assert_eq!(r.errors[0].stage, "read");
        assert!(r.id.is_none());
    }

    #[test]
    fn size_limit_is_enforced() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "абв".repeat(100))?;
        let opts = DocumentOptions {
            max_bytes: 100,
            ..DocumentOptions::default()
        };
        let r = analyze_file(&p, "big.txt", &opts);
        assert!(r.errors[0].message.contains("limit"), "{:?}", r.errors);
        Ok(())
    }

    #[test]
    fn good_text_is_analyzed_with_provenance() {
        let r = analyze_bytes(
            "Привет, мир. Это тест.".as_bytes(),
            "a.txt",
            Some("txt"),
            &DocumentOptions::default(),
        );
        assert!(r.errors.is_empty());
        assert_eq!(r.source.encoding.as_deref(), Some("UTF-8"));
        assert_eq!(r.id, r.source.sha256);
        assert_eq!(r.sentences.len(), 2);
    }
}
