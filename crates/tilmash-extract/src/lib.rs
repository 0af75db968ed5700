//! tilmash-extract: dates and counts in Kazakh, Russian and Chinese, normalized.
//!
//! [`extract`] runs over a document's sentences. It first finds the document's own date
//! ([`reference::find`]: a dateline, or the year of the title) so relative dates
//! ("ағымдағы жылы", "два года назад", "今年") can be resolved, then dates
//! ([`dates::find`]) and counts ([`counts::find`]) per sentence; a count never overlaps a
//! date ("2022年" is a date, not 2022 things). Definitions follow the project's
//! annotation guidelines: spans include case endings, multipliers, qualifiers and the
//! counted noun. Policy targets ([`targets::find`]) are built from each sentence's dates
//! and counts.

pub mod agency;
pub mod counts;
pub mod dates;
mod keywords;
pub mod numbers;
pub mod reference;
pub mod targets;

use std::ops::Range;

pub use dates::RefDate;

/// Entity types this crate extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Types {
    pub date: bool,
    pub count: bool,
    pub target: bool,
    pub agency: bool,
}

impl Types {
    /// No type: the start for selecting some, `Types { date: true, ..Types::NONE }`.
    pub const NONE: Types = Types {
        date: false,
        count: false,
        target: false,
        agency: false,
    };
}

impl Types {
    /// The type names, in the order `tilmash extract --types` documents them.
    pub const NAMES: [&'static str; 4] = ["date", "count", "agency", "target"];

    /// The types named in `names` ("date", "count", "agency", "target"); the first
    /// unknown name is the error.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Types, String> {
        let mut types = Types::NONE;
        for name in names {
            match name.as_ref() {
                "date" => types.date = true,
                "count" => types.count = true,
                "agency" => types.agency = true,
                "target" => types.target = true,
                other => return Err(other.to_owned()),
            }
        }
        Ok(types)
    }

    /// The names of the types selected, comma-separated, in [`Types::NAMES`] order.
    pub fn names(&self) -> String {
        let on = [self.date, self.count, self.agency, self.target];
        Self::NAMES
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl Default for Types {
    fn default() -> Self {
        Types {
            date: true,
            count: true,
            target: true,
            agency: true,
        }
    }
}

/// A sentence to extract from: byte range into the text, its paragraph, its language.
#[derive(Debug, Clone)]
pub struct SentenceRef<'a> {
    pub range: Range<usize>,
    pub paragraph: usize,
    pub lang: &'a str,
}

/// A paragraph: byte range and whether it is site furniture.
#[derive(Debug, Clone)]
pub struct ParagraphRef {
    pub range: Range<usize>,
    pub boilerplate: bool,
}

/// An extracted entity: byte range into the text, sentence index, type-specific fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub kind: &'static str,
    pub range: Range<usize>,
    pub sentence: usize,
    pub fields: Vec<(&'static str, serde_json::Value)>,
}

/// Extract from `text` taken as one paragraph holding one sentence in language `lang`
/// (ISO 639-1): for a sentence already cut out, or a short text, without segmenting it.
pub fn extract_sentence(text: &str, lang: &str, types: Types) -> (Option<RefDate>, Vec<Found>) {
    let paragraphs = [ParagraphRef {
        range: 0..text.len(),
        boilerplate: false,
    }];
    let sentences = [SentenceRef {
        range: 0..text.len(),
        paragraph: 0,
        lang,
    }];
    extract(text, &paragraphs, &sentences, types)
}

/// Extract dates, counts, targets and agencies (as `types` selects) from a document
/// cut into paragraphs and sentences.
pub fn extract(
    text: &str,
    paragraphs: &[ParagraphRef],
    sentences: &[SentenceRef<'_>],
    types: Types,
) -> (Option<RefDate>, Vec<Found>) {
    let reference = reference::find(text, paragraphs);
    let mut out = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let s = &text[sentence.range.clone()];
        let base = sentence.range.start;
        let para = paragraphs.get(sentence.paragraph);
        let boilerplate = para.is_some_and(|p| p.boilerplate);
        // Dates and counts (and the keyword pass they share) only when a type needs them:
        // counts never overlap dates, and targets are built from both.
        let keywords = (types.date || types.count || types.target).then(|| keywords::find(s));
        let dates = keywords
            .as_ref()
            .map_or_else(Vec::new, |k| dates::find_with(s, reference, &k.dates));
        let date_ranges: Vec<Range<usize>> = dates.iter().map(|d| d.range.clone()).collect();
        // Counts are needed for targets too, even when not reported.
        let counts = match &keywords {
            Some(k)
                if (types.count || types.target)
                    && !is_ornament_or_dateline(s, para, text, !date_ranges.is_empty()) =>
            {
                let comma_thousands = sentence.lang == "zh" || sentence.lang == "en";
                counts::find_with(s, &date_ranges, comma_thousands, &k.number_words)
            }
            _ => Vec::new(),
        };
        if types.target {
            for t in targets::find(s, &dates, &counts, reference) {
                let fields = vec![
                    (
                        "quantity",
                        t.quantity.map_or(serde_json::Value::Null, |q| {
                            serde_json::json!({
                                "value": number_json(q.value),
                                "unit": q.unit,
                            })
                        }),
                    ),
                    (
                        "deadline",
                        t.deadline
                            .map_or(serde_json::Value::Null, serde_json::Value::String),
                    ),
                    (
                        "direction",
                        serde_json::Value::String(t.direction.to_owned()),
                    ),
                ];
                out.push(found("target", &t.range, base, index, boilerplate, fields));
            }
        }
        if types.date {
            for d in dates {
                let fields = vec![
                    (
                        "value",
                        d.value
                            .map_or(serde_json::Value::Null, serde_json::Value::String),
                    ),
                    ("relative", serde_json::Value::Bool(d.relative)),
                ];
                out.push(found("date", &d.range, base, index, boilerplate, fields));
            }
        }
        if types.count {
            for c in counts {
                let mut fields = vec![
                    ("value", number_json(c.value)),
                    (
                        "unit",
                        c.unit
                            .map_or(serde_json::Value::Null, serde_json::Value::String),
                    ),
                    ("kind", serde_json::Value::String(c.kind.to_owned())),
                    (
                        "qualifier",
                        c.qualifier.map_or(serde_json::Value::Null, |q| {
                            serde_json::Value::String(q.to_owned())
                        }),
                    ),
                ];
                if let Some(cur) = c.currency {
                    fields.push(("currency", serde_json::Value::String(cur.to_owned())));
                }
                out.push(found("count", &c.range, base, index, boilerplate, fields));
            }
        }
    }
    if types.agency {
        out.extend(agency_entities(text, paragraphs, sentences));
    }
    // Document order, whatever the type.
    out.sort_by_key(|f| (f.range.start, f.range.end));
    (reference, out)
}

/// Agencies of every sentence, as entities (see [`agency`]).
fn agency_entities(
    text: &str,
    paragraphs: &[ParagraphRef],
    sentences: &[SentenceRef<'_>],
) -> Vec<Found> {
    let mut out = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let base = sentence.range.start;
        let boilerplate = paragraphs
            .get(sentence.paragraph)
            .is_some_and(|p| p.boilerplate);
        for a in agency::find(&text[sentence.range.clone()], sentence.lang) {
            let fields = vec![
                ("canonical", serde_json::Value::String(a.canonical)),
                ("id", serde_json::Value::String(a.id)),
                ("kind", serde_json::Value::String(a.kind)),
                (
                    "jurisdiction",
                    a.jurisdiction
                        .map_or(serde_json::Value::Null, serde_json::Value::String),
                ),
            ];
            out.push(found("agency", &a.range, base, index, boilerplate, fields));
        }
    }
    out
}

/// An entity of `kind` at `range` (relative to its sentence at byte `base`), marked as
/// furniture when its paragraph is.
fn found(
    kind: &'static str,
    range: &Range<usize>,
    base: usize,
    sentence: usize,
    boilerplate: bool,
    mut fields: Vec<(&'static str, serde_json::Value)>,
) -> Found {
    if boilerplate {
        fields.push(("boilerplate", serde_json::Value::Bool(true)));
    }
    Found {
        kind,
        range: base + range.start..base + range.end,
        sentence,
        fields,
    }
}

/// Integral values as JSON integers (703070, not 703070.0).
fn number_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Numbers that only decorate a page: a bare number standing alone as site furniture
/// (slide counters "0 / 1"), and a dateline's view counter ("29.03.2025 | 79").
fn is_ornament_or_dateline(
    s: &str,
    para: Option<&ParagraphRef>,
    text: &str,
    has_date: bool,
) -> bool {
    let Some(p) = para else { return false };
    let ptext = &text[p.range.clone()];
    if p.boilerplate
        && ptext
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
    {
        return true;
    }
    has_date && ptext.chars().count() <= 40 && s.contains('|')
}

/// Matches of `re` in `s` that are whole words: not preceded or followed by a letter or
/// digit (Han characters need no boundary). This replaces `\b` in the patterns, which in
/// the `regex` crate forces the slow engines on non-ASCII text; without it the search
/// runs on the lazy DFA and only the boundary is checked here. Only matches starting at
/// or after `pos` are looked for.
pub(crate) fn whole_word_captures<'s>(
    re: &regex::Regex,
    s: &'s str,
    pos: usize,
) -> Vec<regex::Captures<'s>> {
    whole_words(s, pos, |at| {
        let caps = re.captures_at(s, at)?;
        let range = caps.get(0)?.range();
        Some((caps, range))
    })
}

/// [`whole_word_captures`] without the groups: only the automaton that finds the
/// match runs, not the capture engines.
pub(crate) fn whole_word_matches<'s>(
    re: &regex::Regex,
    s: &'s str,
    pos: usize,
) -> Vec<regex::Match<'s>> {
    whole_words(s, pos, |at| {
        let m = re.find_at(s, at)?;
        Some((m, m.range()))
    })
}

/// The matches `search(at)` finds from `pos` on, keeping those that are whole words and
/// retrying one character further on after any that is not.
fn whole_words<T>(
    s: &str,
    mut pos: usize,
    search: impl Fn(usize) -> Option<(T, Range<usize>)>,
) -> Vec<T> {
    let mut out = Vec::new();
    while pos <= s.len() {
        let Some((found, range)) = search(pos) else {
            break;
        };
        let m = &s[range.clone()];
        let before_ok = s[..range.start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c) || !m.starts_with(is_word_char));
        let after_ok = s[range.end..]
            .chars()
            .next()
            .is_none_or(|c| !is_word_char(c) || !m.ends_with(is_word_char));
        if before_ok && after_ok && !m.is_empty() {
            pos = range.end;
            out.push(found);
        } else {
            // Retry one character further on.
            pos = range.start + s[range.start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// `s` with its first letter in upper case (keyword forms that open a sentence).
pub(crate) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => {
            // The rest is copied whole, not pushed character by character.
            let mut out = String::with_capacity(s.len() + 2);
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

/// A Han character of the main blocks (CJK Unified Ideographs, Extension A,
/// Compatibility Ideographs).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Letters and digits, except Han characters (Chinese has no spaces between words).
pub(crate) fn is_word_char(c: char) -> bool {
    match c as u32 {
        // The common scripts first, without the Unicode table look-up: ASCII, and the
        // Cyrillic letters (U+0482–U+0489 are a sign and combining marks, not letters).
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x400..=0x481 | 0x48A..=0x52F => true,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => false,
        _ => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic` with fast paths for the scripts of our texts (ASCII, Cyrillic,
/// the main Han block), which skip the Unicode table look-up; the same answer for every
/// character.
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0x400..=0x481 | 0x48A..=0x52F | 0x4E00..=0x9FFF => true,
        _ => c.is_alphabetic(),
    }
}

/// `str::to_lowercase`, with fast paths for ASCII and Cyrillic (the case pairs of the
/// Cyrillic block are arithmetic); other text goes to the standard library, so the
/// answer is always the same.
pub(crate) fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match lower_fast(c) {
            Some(l) => out.push(l),
            None => return s.to_lowercase(),
        }
    }
    out
}

/// The lowercase of an ASCII or Cyrillic character (`None` for others).
fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x430..=0x45F | 0x482..=0x489 => u,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F => u | 1,
        0x4C0 => 0x4CF,
        0x4C1..=0x4CE => u + (u & 1),
        0x4CF => u,
        _ => return None,
    };
    char::from_u32(l)
}

/// Keep non-overlapping items, preferring the earliest start, then the longest.
pub(crate) fn leftmost_longest<T>(mut items: Vec<T>, range: impl Fn(&T) -> Range<usize>) -> Vec<T> {
    items.sort_by(|a, b| {
        let (ra, rb) = (range(a), range(b));
        ra.start.cmp(&rb.start).then(rb.end.cmp(&ra.end))
    });
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    let mut last_end = 0usize;
    for item in items {
        let r = range(&item);
        if out.is_empty() || r.start >= last_end {
            last_end = r.end;
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_character_classes_agree_with_unicode_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() && !is_han(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn the_fast_lowercase_agrees_with_the_standard_library_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(lowercase(&s), s.to_lowercase(), "U+{:04X}", c as u32);
        }
        assert_eq!(lowercase("Қазақстан ӘЛЕМІ Σ"), "қазақстан әлемі σ");
    }

    #[test]
    fn type_names_round_trip_and_unknown_names_are_refused() {
        let t = Types::from_names(&["count", "date"]).unwrap_or(Types::NONE);
        assert_eq!(
            t,
            Types {
                date: true,
                count: true,
                ..Types::NONE
            }
        );
        assert_eq!(t.names(), "date,count");
        assert_eq!(Types::default().names(), "date,count,agency,target");
        assert_eq!(Types::from_names(&["dates"]), Err("dates".to_owned()));
    }
}
