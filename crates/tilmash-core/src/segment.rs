//! Segmentation lives in its own crate; re-exported here so the pipeline reads as one.

pub use tilmash_segment::{
    AbbrevLang, ParagraphSpan, Token, TokenKind, paragraphs, sentences, sentences_in, tokens,
};
