//! Language identification: the `tilmash-langid` detector, re-exported.
//!
//! See that crate for how it decides: scripts first, letter evidence for Kazakh and its
//! neighbours, a compiled-in character n-gram model, Kazakh in Latin and Arabic script,
//! and whatlang for the long tail.

pub use tilmash_langid::{
    ForeignSpan, Guess, Scanned, foreign_spans, guess, guess_sentence, may_have_quotes,
};
