//! Bytes to text: the first stage of the tilmash pipeline.
//!
//! [`decode_document`] takes the raw bytes of one file (and its extension, a hint only),
//! detects the character encoding, refuses binary and corrupt input with a
//! [`DecodeError`], and for HTML extracts the main text. Everything downstream works on
//! the returned [`Decoded::text`]; offsets in a tilmash record are code points into it.
//!
//! This crate does no file IO: reading the bytes is the caller's job.

pub mod encoding;
pub mod html;

/// The document format, decided from the extension and, failing that, the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: the decoded text is the document text.
    Text,
    /// HTML: the document text is the extracted main content.
    Html,
}

impl Format {
    /// The name used in records (`source.format`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Html => "html",
        }
    }
}

/// A successfully decoded document.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The document text: decoded (BOM removed), for HTML the extracted text.
    pub text: String,
    /// WHATWG name of the detected encoding (`UTF-8`, `windows-1251`, `KOI8-R`, `GB18030`,
    /// `Big5`, `UTF-16LE`, `UTF-16BE`) or `KZ-1048`.
    pub encoding: &'static str,
    /// Whether the bytes began with a byte-order mark.
    pub bom: bool,
    pub format: Format,
}

/// Why a file could not be turned into text. Messages are one line, fit for
/// `PATH: MESSAGE` error reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file ({reason})")]
    Binary { reason: String },
    #[error("invalid UTF-8 at byte {offset} (the file is mostly UTF-8 but corrupt)")]
    InvalidUtf8 { offset: usize },
    #[error("no plausible text encoding ({reason})")]
    Undecodable { reason: String },
}

/// Decode one document's bytes. `extension` (lowercase or not, without the dot) is a hint:
/// `html`/`htm`/`xhtml` select HTML extraction; other files are sniffed for an HTML prologue.
pub fn decode_document(bytes: &[u8], extension: Option<&str>) -> Result<Decoded, DecodeError> {
    let ext_html = extension
        .map(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
        .unwrap_or(false);
    let declared = if ext_html || html::sniff_html(bytes) {
        html::declared_charset(bytes)
    } else {
        None
    };
    let decoded = encoding::decode(bytes, declared)?;
    let is_html = ext_html || html::looks_like_html(&decoded.text);
    if is_html {
        Ok(Decoded {
            text: html::extract_main_text(&decoded.text),
            encoding: decoded.encoding,
            bom: decoded.bom,
            format: Format::Html,
        })
    } else {
        Ok(Decoded {
            text: decoded.text,
            encoding: decoded.encoding,
            bom: decoded.bom,
            format: Format::Text,
        })
    }
}
