//! tilmash-align: sentence alignment of a document and its translation, with no model
//! to download and no GPU.
//!
//! The aligner combines sentence length (calibrated per document: characters of one
//! language per character of the other), anchors that survive translation (numbers and
//! dates normalized across kk/ru/zh, months, punctuation, article numbers, Latin tokens,
//! cognates across Cyrillic Kazakh and Russian, phonetic skeletons of names for Chinese
//! transliterations) and a bilingual lexicon it induces from the document itself by
//! iterating alignment and IBM-1. A dynamic programme over 0–1, 1–0, 1–1, 1–2, 2–1,
//! 2–2, 1–3 and 3–1 beads runs in a band around a first-pass path, so time and memory
//! grow about linearly with the document.
//!
//! ```
//! use tilmash_align::{align, AlignOptions};
//! let kk = ["Италия 1940 жылдың 10 маусымында соғыс жариялады.", "Бұл маңызды болды."];
//! let ru = ["Италия объявила войну 10 июня 1940 года.", "Это было важно."];
//! let beads = align(&kk, &ru, &AlignOptions::default());
//! assert_eq!(beads[0].src, [0]);
//! assert_eq!(beads[0].tgt, [0]);
//! ```

mod align;
pub mod features;
pub mod lexicon;
pub mod normalize;
pub mod output;

pub use align::{AlignOptions, Bead, Params, SHAPES, align};
pub use output::{Format, Meta};

/// Read a user dictionary: one `source<TAB>target` entry per line; `#` starts a comment
/// line; blank lines are skipped. Returns the entries or the first malformed line.
pub fn parse_dictionary(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((a, b)) = line.split_once('\t') else {
            return Err(format!("line {}: expected source<TAB>target", n + 1));
        };
        let b = b.split('\t').next().unwrap_or(b);
        if a.trim().is_empty() || b.trim().is_empty() {
            return Err(format!("line {}: empty term", n + 1));
        }
        out.push((a.trim().to_owned(), b.trim().to_owned()));
    }
    Ok(out)
}

/// Split a pre-segmented text into segments, one per line, as vecalign reads them: every
/// line is a segment, empty lines included (they can only be left unaligned); a final
/// line break does not start another segment.
pub fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}
