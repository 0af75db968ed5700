//! Spans in another language inside a sentence: the Kazakh programme name quoted in a
//! Russian sentence, a Russian title quoted in a Kazakh one.

use std::ops::Range;

use crate::{Guess, guess, guess_if};

/// A stretch of a sentence in a language other than the sentence's.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignSpan {
    /// Byte range in the text given to [`foreign_spans`].
    pub range: Range<usize>,
    /// The span's language.
    pub guess: Guess,
}

/// Fewer letters than this make no Russian span inside Kazakh text: Kazakh borrows
/// Russian words freely.
const MIN_RUSSIAN_SPAN_LETTERS: usize = 12;

/// Foreign-language spans of `text`, a sentence whose language is `lang`. Only
/// Kazakh inside Russian and Russian inside Kazakh are looked for: quoted stretches
/// («…», "…", “…”) whose language differs, and (Kazakh in Russian) runs of words with
/// Kazakh letters.
pub fn foreign_spans(text: &str, lang: &str) -> Vec<ForeignSpan> {
    let other = match lang {
        "ru" => "kk",
        "kk" => "ru",
        _ => return Vec::new(),
    };
    let mut spans: Vec<ForeignSpan> = Vec::new();
    let quotes = if may_have_quotes(text) {
        quoted(text)
    } else {
        Vec::new()
    };
    for range in quotes {
        let quote = &text[range.clone()];
        // Kazakh spans need a Kazakh letter, Russian ones none: checked before guessing.
        if has_kazakh_letters(quote) != (other == "kk") {
            continue;
        }
        if let Some(g) = guess_if(quote, other)
            && g.score >= 0.6
            && accept(other, quote, &g)
        {
            spans.push(ForeignSpan { range, guess: g });
        }
    }
    // Runs of Kazakh words (outside the quotes already found) in a Russian sentence that
    // has a Kazakh letter at all; Russian inside Kazakh is only looked for in quotes, as
    // Kazakh borrows Russian words freely.
    if other != "kk" || !has_kazakh_letters(text) {
        spans.sort_by_key(|s| s.range.start);
        return spans;
    }
    let mut run: Option<Range<usize>> = None;
    let flush = |run: &mut Option<Range<usize>>, spans: &mut Vec<ForeignSpan>| {
        if let Some(r) = run.take()
            && let Some(g) = guess_if(&text[r.clone()], other)
            && accept(other, &text[r.clone()], &g)
        {
            spans.push(ForeignSpan { range: r, guess: g });
        }
    };
    for w in words(text) {
        if spans
            .iter()
            .any(|s| s.range.start <= w.start && w.end <= s.range.end)
        {
            flush(&mut run, &mut spans);
            continue;
        }
        let kazakh_letters = has_kazakh_letters(&text[w.clone()]);
        // A word without Kazakh letters only continues a run: outside one, it is not
        // guessed at all.
        let g = if kazakh_letters || run.is_some() {
            guess_if(&text[w.clone()], other)
        } else {
            None
        };
        match g {
            Some(_) if kazakh_letters => run = Some(run.map_or(w.clone(), |r| r.start..w.end)),
            // A Kazakh word without Kazakh letters continues a Kazakh run.
            Some(g) if run.is_some() && g.score >= 0.8 => run = run.map(|r| r.start..w.end),
            _ => flush(&mut run, &mut spans),
        }
    }
    flush(&mut run, &mut spans);
    spans.sort_by_key(|s| s.range.start);
    spans
}

fn accept(other: &str, span: &str, g: &Guess) -> bool {
    match other {
        "kk" => has_kazakh_letters(span),
        _ => g.letters >= MIN_RUSSIAN_SPAN_LETTERS && !has_kazakh_letters(span) && g.score >= 0.9,
    }
}

/// Whether `s` has any of ә ғ қ ң ө ұ ү һ і (either case; Latin look-alikes do not count).
fn has_kazakh_letters(s: &str) -> bool {
    let b = s.as_bytes();
    // All of them are two-byte letters of U+0400–U+04FF: lead bytes 0xD0–0xD3.
    b.windows(2).any(|w| {
        (0xD0..=0xD3).contains(&w[0])
            && crate::walk::is_kazakh_letter((u32::from(w[0] & 0x1F) << 6) | u32::from(w[1] & 0x3F))
    })
}

/// Byte ranges of words: letters joined by hyphens or apostrophes.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            if start.is_none() {
                start = Some(i);
            }
            end = i + c.len_utf8();
        } else if start.is_some() && matches!(c, '-' | '\'' | '’') && end == i {
            // Joiner: the word goes on if a letter follows.
        } else if let Some(s) = start.take() {
            out.push(s..end);
        }
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Letters outside quotes needed to judge a sentence by them alone.
const MIN_MATRIX_LETTERS: usize = 20;

/// The language of a sentence judged by its own words: quoted stretches («…», "…", “…")
/// are left out when enough letters remain, so a Kazakh sentence citing a long Russian
/// title stays Kazakh (and the title becomes a span).
pub fn guess_sentence(text: &str) -> Guess {
    judge_sentence(text, || guess(text))
}

/// [`guess_sentence`], with `whole` giving [`guess`] on `text` (from counts already
/// made, when the caller has them).
pub(crate) fn judge_sentence(text: &str, whole: impl FnOnce() -> Guess) -> Guess {
    if !may_have_quotes(text) {
        return whole();
    }
    let quotes = quoted(text);
    if quotes.is_empty() {
        return whole();
    }
    let mut outside = String::with_capacity(text.len());
    let mut last = 0;
    for q in &quotes {
        outside.push_str(&text[last..q.start]);
        outside.push(' ');
        last = q.end;
    }
    outside.push_str(&text[last..]);
    let whole = whole();
    let g = guess(&outside);
    if g.letters >= MIN_MATRIX_LETTERS && g.lang != "und" && g.lang != whole.lang {
        Guess {
            letters: whole.letters,
            ..g
        }
    } else {
        whole
    }
}

/// False when `text` has none of the quotation marks [`quoted`] knows (a fast byte
/// scan: `"` or a byte that ends « “ „ in UTF-8; some other characters end so too).
#[inline]
pub fn may_have_quotes(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'"' | 0xAB | 0x9C | 0x9E))
}

/// Byte ranges of the contents of quotation marks.
fn quoted(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                if matches!(c, '«' | '“' | '"' | '„') {
                    open = Some((c, i + c.len_utf8()));
                }
            }
            Some((o, start)) => {
                let closes = matches!((o, c), ('«', '»') | ('“', '”') | ('"', '"') | ('„', '“'));
                if closes {
                    if i > start {
                        out.push(start..i);
                    }
                    open = None;
                }
            }
        }
    }
    out
}
