//! A paragraph scanned once for its own verdict and its sentences'.
//!
//! The paragraph is guessed before it is split into sentences (its language picks the
//! segmenter's abbreviations), and then each sentence is guessed again. Rescanning every
//! sentence would read most text twice; instead the paragraph's scan keeps its counts
//! after each character that may end a sentence, and a sentence that starts and ends at
//! such places (give or take whitespace) gets its counts by subtraction. The verdict is
//! the same as [`guess_sentence`] on the sentence alone: the counts are sums over words,
//! and these places are outside words.

use std::ops::Range;

use crate::script::{self, Stats};
use crate::spans::judge_sentence;
use crate::{Guess, decide, guess_sentence};

/// A paragraph's text and counts.
#[derive(Debug)]
pub struct Scanned<'a> {
    text: &'a str,
    total: Stats,
    /// Counts of the prefixes that end after a character that may end a sentence, by
    /// prefix length (ascending).
    marks: Vec<(usize, Stats)>,
}

impl<'a> Scanned<'a> {
    /// Scan `text` (a paragraph).
    pub fn new(text: &'a str) -> Scanned<'a> {
        let mut marks = Vec::new();
        let total = script::scan_marked(text, Some(&mut marks));
        Scanned { text, total, marks }
    }

    /// Scan `text` keeping nothing for its sentences (which are then rescanned).
    pub fn without_marks(text: &'a str) -> Scanned<'a> {
        let total = script::scan(text);
        Scanned {
            text,
            total,
            marks: Vec::new(),
        }
    }

    /// Memory held for the sentences.
    pub fn mark_bytes(&self) -> usize {
        self.marks.len() * std::mem::size_of::<(usize, Stats)>()
    }

    /// The paragraph's verdict: [`crate::guess`] on its text.
    pub fn guess(&self) -> Guess {
        decide(self.text, &self.total, None)
    }

    /// The verdict of [`guess_sentence`] on `self.text[range]`.
    pub fn guess_sentence(&self, range: Range<usize>) -> Guess {
        let sentence = &self.text[range.clone()];
        match (self.prefix(range.start), self.prefix(range.end)) {
            (Some(start), Some(end)) => {
                judge_sentence(sentence, || decide(sentence, &end.minus(&start), None))
            }
            _ => guess_sentence(sentence),
        }
    }

    /// The counts of `text[..at]` scanned alone, when known: `at` is, but for ASCII
    /// whitespace, the start or the end of the text or right after a mark. Whitespace
    /// counts for nothing and ends any word, so it may be skipped either way.
    fn prefix(&self, at: usize) -> Option<Stats> {
        let bytes = self.text.as_bytes();
        let mut back = at;
        while back > 0 && bytes[back - 1].is_ascii_whitespace() {
            back -= 1;
        }
        if back == 0 {
            return Some(Stats::default());
        }
        if let Ok(i) = self.marks.binary_search_by_key(&back, |(pos, _)| *pos) {
            return Some(self.marks[i].1.clone());
        }
        let rest = &bytes[at..];
        rest.iter()
            .all(u8::is_ascii_whitespace)
            .then(|| self.total.clone())
    }
}
