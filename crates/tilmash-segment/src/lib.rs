//! tilmash-segment: paragraphs, sentences and tokens for Kazakh, Russian and Chinese.
//!
//! All functions take the document text and return **byte** ranges into it (cheap to
//! slice; the record layer converts to code points). Paragraphs come first and are hard
//! boundaries: sentences never cross them, tokens never cross sentences.
//!
//! ```
//! let text = "Об этом сообщил Е.Аукенов. Работа продолжается.\n\n浙江出台意见。到2022年完成。";
//! let paras = tilmash_segment::paragraphs(text);
//! let first: Vec<&str> = tilmash_segment::sentences(text, paras[0].range.clone())
//!     .into_iter()
//!     .map(|r| &text[r])
//!     .collect();
//! assert_eq!(first, ["Об этом сообщил Е.Аукенов.", "Работа продолжается."]);
//! ```

pub mod abbrev;
pub mod paragraph;
pub mod sentence;
pub mod token;

pub use abbrev::AbbrevLang;
pub use paragraph::{ParagraphSpan, paragraphs};
pub use sentence::{sentences, sentences_in};
pub use token::{Token, TokenKind, tokens};

/// A CJK unified ideograph (the basic block, extension A, compatibility, and the
/// supplementary planes).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}
