//! The invariants the fuzz targets check, one function per stage. Each panics (with the
//! offending input in the message) when a promise of the stage's documentation is
//! broken; libFuzzer reports the panic as a crash and saves the input.
//!
//! The targets in `fuzz_targets/` only turn fuzzer bytes into arguments and call these.

use std::ops::Range;

use tilmash_core::Record;
use tilmash_decode::{DecodeError, Decoded, Format};
use tilmash_extract::{Found, ParagraphRef, SentenceRef, Types};
use tilmash_langid::Guess;
use tilmash_segment::AbbrevLang;

/// The languages the pipeline hands to language-dependent stages.
pub const LANGS: [&str; 6] = ["kk", "ru", "zh", "en", "und", "ky"];

/// A byte range that is non-empty, inside `outer` and on char boundaries of `text`.
fn check_range(text: &str, r: &Range<usize>, outer: &Range<usize>, what: &str) {
    assert!(
        r.start < r.end && outer.start <= r.start && r.end <= outer.end,
        "{what} {r:?} outside {outer:?} in {text:?}"
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} not on char boundaries in {text:?}"
    );
}

/// `decode_document`: errors are one line; a decoded text never starts with a BOM, a
/// BOM is reported only when the bytes began with one, valid BOM-less UTF-8 plain text
/// comes back unchanged, and HTML output follows the extractor's format.
pub fn check_decode(bytes: &[u8], extension: Option<&str>) {
    match tilmash_decode::decode_document(bytes, extension) {
        Ok(decoded) => check_decoded(bytes, &decoded),
        Err(error) => check_decode_error(bytes, &error),
    }
}

fn check_decode_error(bytes: &[u8], error: &DecodeError) {
    let message = error.to_string();
    assert!(
        !message.contains('\n') && !message.is_empty(),
        "error message is not one line: {message:?}"
    );
    match error {
        // Empty, or nothing but byte-order marks.
        DecodeError::Empty => assert!(
            bytes.is_empty()
                || bytes.starts_with(b"\xEF\xBB\xBF")
                || bytes.starts_with(b"\xFF\xFE")
                || bytes.starts_with(b"\xFE\xFF"),
            "empty-file error for {bytes:?}"
        ),
        DecodeError::InvalidUtf8 { offset } => assert!(
            *offset < bytes.len(),
            "invalid UTF-8 offset {offset} past the end ({})",
            bytes.len()
        ),
        _ => {}
    }
}

fn check_decoded(bytes: &[u8], decoded: &Decoded) {
    let text = &decoded.text;
    assert!(
        !text.starts_with('\u{FEFF}'),
        "decoded text starts with U+FEFF (encoding {}, bom {}): {bytes:?}",
        decoded.encoding,
        decoded.bom
    );
    let starts_with_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    assert!(
        !decoded.bom || starts_with_bom,
        "bom reported for bytes without one: {bytes:?}"
    );
    assert!(
        !decoded.encoding.is_empty() && decoded.encoding.is_ascii(),
        "odd encoding name {:?}",
        decoded.encoding
    );
    match decoded.format {
        Format::Text => {
            if !starts_with_bom && let Ok(s) = std::str::from_utf8(bytes) {
                assert_eq!(decoded.encoding, "UTF-8", "valid UTF-8 decoded as other");
                assert_eq!(text, s, "valid UTF-8 text changed by decoding");
            }
        }
        Format::Html => check_html_text(text),
    }
}

/// `extract_main_text` output format: no blank lines at the start or end, paragraphs
/// separated by exactly one blank line, no trailing whitespace on any line.
pub fn check_html_text(out: &str) {
    assert!(
        !out.starts_with('\n'),
        "extracted text starts with a line break: {out:?}"
    );
    assert_eq!(
        out.trim_end(),
        out,
        "extracted text ends with whitespace: {out:?}"
    );
    assert!(
        !out.contains("\n\n\n"),
        "more than one blank line between paragraphs: {out:?}"
    );
    for line in out.split('\n') {
        assert_eq!(
            line.trim_end(),
            line,
            "line with trailing whitespace {line:?} in {out:?}"
        );
    }
}

/// HTML sniffing and extraction on arbitrary text.
pub fn check_html(bytes: &[u8]) {
    let _ = tilmash_decode::html::sniff_html(bytes);
    let _ = tilmash_decode::html::declared_charset(bytes);
    let html = String::from_utf8_lossy(bytes);
    let _ = tilmash_decode::html::looks_like_html(&html);
    let out = tilmash_decode::html::extract_main_text(&html);
    check_html_text(&out);
}

/// Paragraphs, sentences (in every language's abbreviation mode) and tokens: ordered,
/// in bounds, on char boundaries; paragraphs trimmed and covering all non-whitespace;
/// sentences tiling their paragraph (only whitespace between them); tokens inside their
/// sentence and covering every non-whitespace char of it.
pub fn check_segment(text: &str, lang: AbbrevLang) {
    let whole = 0..text.len();
    let paras = tilmash_segment::paragraphs(text);
    let mut last = 0;
    let mut last_block = 0;
    for p in &paras {
        let r = p.range.clone();
        check_range(text, &r, &whole, "paragraph");
        assert!(r.start >= last, "paragraphs out of order in {text:?}");
        assert!(
            text[last..r.start].trim().is_empty(),
            "text between paragraphs lost: {:?}",
            &text[last..r.start]
        );
        assert_eq!(
            text[r.clone()].trim(),
            &text[r.clone()],
            "untrimmed paragraph"
        );
        assert!(p.block >= last_block, "block numbers go back in {text:?}");
        last_block = p.block;
        last = r.end;
        let sents = tilmash_segment::sentences_in(text, r.clone(), lang);
        assert!(!sents.is_empty(), "paragraph {r:?} without sentences");
        let mut pos = r.start;
        for s in &sents {
            check_range(text, s, &r, "sentence");
            assert!(s.start >= pos, "sentences overlap: {sents:?} in {text:?}");
            assert!(
                text[pos..s.start].trim().is_empty(),
                "sentences do not tile {r:?}: gap {:?}",
                &text[pos..s.start]
            );
            assert_eq!(
                text[s.clone()].trim(),
                &text[s.clone()],
                "untrimmed sentence"
            );
            pos = s.end;
            check_tokens(text, s);
        }
        assert_eq!(sents[0].start, r.start, "first sentence starts late");
        assert_eq!(pos, r.end, "last sentence ends early");
    }
    assert!(
        text[last..].trim().is_empty(),
        "text after the last paragraph lost: {:?}",
        &text[last..]
    );
}

fn check_tokens(text: &str, range: &Range<usize>) {
    let mut pos = range.start;
    for t in tilmash_segment::tokens(text, range.clone()) {
        check_range(text, &t.range, range, "token");
        assert!(t.range.start >= pos, "tokens overlap in {text:?}");
        assert!(
            text[pos..t.range.start].trim().is_empty(),
            "chars left out of tokens: {:?}",
            &text[pos..t.range.start]
        );
        assert!(
            !text[t.range.clone()].starts_with(char::is_whitespace)
                && !text[t.range.clone()].ends_with(char::is_whitespace),
            "token {:?} starts or ends with whitespace",
            &text[t.range.clone()]
        );
        pos = t.range.end;
    }
    assert!(
        text[pos..range.end].trim().is_empty(),
        "chars after the last token: {:?}",
        &text[pos..range.end]
    );
}

fn check_guess(text: &str, g: &Guess) {
    assert!(
        g.score.is_finite() && (0.0..=1.0).contains(&g.score),
        "score {} out of [0, 1] for {text:?}",
        g.score
    );
    assert!(
        g.lang == "und" || !g.lang.is_empty() && g.lang.bytes().all(|b| b.is_ascii_lowercase()),
        "odd language code {:?}",
        g.lang
    );
    if g.lang == "und" {
        assert_eq!(g.score, 0.0, "und with a score for {text:?}");
    }
    let chars = text.chars().count();
    assert!(
        g.letters <= chars,
        "{} letters in {chars} chars: {text:?}",
        g.letters
    );
}

/// `guess`, `guess_sentence`, `foreign_spans`: scores in [0, 1] (0 for `und`), no more
/// letters than chars; spans non-empty, in bounds, on char boundaries, ordered and
/// disjoint, in the other language of the kk/ru pair, none for other languages.
pub fn check_langid(text: &str) {
    let g = tilmash_langid::guess(text);
    check_guess(text, &g);
    let gs = tilmash_langid::guess_sentence(text);
    check_guess(text, &gs);
    if !tilmash_langid::may_have_quotes(text) {
        assert_eq!(g, gs, "guess_sentence differs without quotes: {text:?}");
    }
    let whole = 0..text.len();
    for (lang, other) in [("kk", "ru"), ("ru", "kk")] {
        let spans = tilmash_langid::foreign_spans(text, lang);
        let mut last = 0;
        for s in &spans {
            check_range(text, &s.range, &whole, "foreign span");
            assert!(
                s.range.start >= last,
                "foreign spans overlap: {spans:?} in {text:?}"
            );
            last = s.range.end;
            assert_eq!(s.guess.lang, other, "span in the wrong language");
            check_guess(&text[s.range.clone()], &s.guess);
        }
    }
    for lang in ["zh", "en", "und", ""] {
        assert!(
            tilmash_langid::foreign_spans(text, lang).is_empty(),
            "foreign spans for {lang:?}"
        );
    }
}

/// The segmented text `extract` is run on: paragraphs with their boilerplate flags,
/// sentences with their languages.
pub struct Segmented<'a> {
    pub paragraphs: Vec<ParagraphRef>,
    pub sentences: Vec<SentenceRef<'a>>,
}

/// Segment `text`; `flags` picks boilerplate flags and sentence languages (cycled).
pub fn segmented<'a>(text: &str, flags: &[u8], detect: bool) -> Segmented<'a> {
    let flag = |i: usize| flags.get(i % flags.len().max(1)).copied().unwrap_or(0);
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    for (i, p) in tilmash_segment::paragraphs(text).into_iter().enumerate() {
        paragraphs.push(ParagraphRef {
            range: p.range.clone(),
            boilerplate: flag(i) & 1 == 1,
        });
        for (j, s) in tilmash_segment::sentences(text, p.range)
            .into_iter()
            .enumerate()
        {
            let lang = if detect {
                tilmash_langid::guess(&text[s.clone()]).lang
            } else {
                LANGS[usize::from(flag(i + j) >> 1) % LANGS.len()]
            };
            sentences.push(SentenceRef {
                range: s,
                paragraph: i,
                lang,
            });
        }
    }
    Segmented {
        paragraphs,
        sentences,
    }
}

/// `extract`: entities sorted, non-empty, inside their sentence, on char boundaries;
/// counts never overlap dates; normalized values well-formed; each type found the same
/// whether or not the other types are asked for.
pub fn check_extract(text: &str, seg: &Segmented<'_>, only: u8) {
    let (reference, found) =
        tilmash_extract::extract(text, &seg.paragraphs, &seg.sentences, Types::default());
    if let Some(r) = reference {
        assert!((1000..=9999).contains(&r.year), "reference year {r:?}");
        assert!(r.month.is_none_or(|m| (1..=12).contains(&m)), "{r:?}");
        assert!(r.day.is_none_or(|d| (1..=31).contains(&d)), "{r:?}");
        assert!(r.day.is_none() || r.month.is_some(), "{r:?}");
    }
    let mut last = (0, 0);
    for f in &found {
        let sentence = seg
            .sentences
            .get(f.sentence)
            .unwrap_or_else(|| panic!("entity {f:?} names no sentence"));
        check_range(text, &f.range, &sentence.range, f.kind);
        assert!(
            (f.range.start, f.range.end) >= last,
            "entities out of order in {text:?}"
        );
        last = (f.range.start, f.range.end);
        check_fields(text, f);
    }
    let dates: Vec<&Found> = found.iter().filter(|f| f.kind == "date").collect();
    for c in found.iter().filter(|f| f.kind == "count") {
        for d in &dates {
            assert!(
                c.range.end <= d.range.start || d.range.end <= c.range.start,
                "count {:?} overlaps date {:?}",
                &text[c.range.clone()],
                &text[d.range.clone()]
            );
        }
    }
    // One type alone finds what it finds among all types.
    let (kind, types) = match only % 3 {
        0 => (
            "date",
            Types {
                date: true,
                ..Types::NONE
            },
        ),
        1 => (
            "count",
            Types {
                count: true,
                ..Types::NONE
            },
        ),
        _ => (
            "target",
            Types {
                target: true,
                ..Types::NONE
            },
        ),
    };
    let (reference_alone, alone) =
        tilmash_extract::extract(text, &seg.paragraphs, &seg.sentences, types);
    assert_eq!(reference_alone, reference);
    let expected: Vec<&Found> = found.iter().filter(|f| f.kind == kind).collect();
    let alone: Vec<&Found> = alone.iter().collect();
    assert_eq!(alone, expected, "{kind} alone differs from all types");
}

fn check_fields(text: &str, f: &Found) {
    let field = |name: &str| f.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
    let surface = &text[f.range.clone()];
    match f.kind {
        "date" => {
            let value = field("value").unwrap_or_else(|| panic!("date without value"));
            if let Some(v) = value.as_str() {
                check_date_value(v, surface);
            } else {
                assert!(value.is_null(), "date value {value:?}");
            }
        }
        "count" => {
            let value = field("value").unwrap_or_else(|| panic!("count without value"));
            assert!(
                value.is_number(),
                "count {surface:?} with value {value:?} (not a finite number)"
            );
        }
        "target" => {
            let direction = field("direction").and_then(|d| d.as_str());
            assert!(
                matches!(
                    direction,
                    Some("increase" | "decrease" | "reach" | "maintain" | "produce")
                ),
                "target direction {direction:?}"
            );
            if let Some(q) = field("quantity").filter(|q| !q.is_null()) {
                assert!(
                    q["value"].is_number(),
                    "target quantity {q:?} for {surface:?}"
                );
            }
            if let Some(d) = field("deadline").and_then(|d| d.as_str()) {
                check_date_value(d, surface);
            }
        }
        other => panic!("unknown entity kind {other:?}"),
    }
}

/// ISO-8601-like values the date normalizers promise: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
/// `YYYY-H1`, `YYYY-Q3`, `YYYY/YYYY`, `--MM-DD`, ranges `A/B` of those.
pub fn check_date_value(v: &str, surface: &str) {
    for part in v.split('/') {
        let ok = if let Some(md) = part.strip_prefix("--") {
            month_day(md)
        } else {
            let (year, rest) = part.split_at_checked(4).unwrap_or((part, ""));
            let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
            year_ok
                && (rest.is_empty()
                    || rest.strip_prefix('-').is_some_and(|r| {
                        matches!(r, "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4")
                            || month(r)
                            || month_day(r)
                    }))
        };
        assert!(ok, "date value {v:?} of {surface:?} is not ISO 8601");
    }
}

fn month(s: &str) -> bool {
    s.len() == 2 && s.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

fn month_day(s: &str) -> bool {
    let Some((m, d)) = s.split_once('-') else {
        return false;
    };
    month(m) && d.len() == 2 && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// A record from `analyze`: code-point offsets in bounds and ordered, sentences inside
/// and tiling their paragraph, spans inside their sentence, entity text equal to the
/// slice it names, scores in [0, 1], and the record survives a JSON round trip.
pub fn check_record(text: &str, record: &Record) {
    // Byte offset of every code point, and of the end.
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let chars = starts.len() - 1;
    assert_eq!(record.chars, chars, "chars");
    let slice = |start: usize, end: usize| -> &str {
        assert!(
            start <= end && end <= chars,
            "{start}..{end} outside 0..{chars}"
        );
        &text[starts[start]..starts[end]]
    };
    let score_ok = |s: Option<f64>| s.is_none_or(|s| s.is_finite() && (0.0..=1.0).contains(&s));
    let mut last = 0;
    for p in &record.paragraphs {
        assert!(p.start >= last && p.start < p.end, "paragraph {p:?}");
        assert!(
            slice(last, p.start).trim().is_empty(),
            "text lost before {p:?}"
        );
        let s = slice(p.start, p.end);
        assert_eq!(s.trim(), s, "untrimmed paragraph {p:?}");
        assert!(
            s.split('\n').all(|line| !line.trim().is_empty()),
            "paragraph {p:?} spans a blank line"
        );
        assert!(score_ok(p.score), "paragraph score {p:?}");
        last = p.end;
    }
    assert!(slice(last, chars).trim().is_empty(), "text lost at the end");
    let mut pos = 0;
    let mut paragraph = 0;
    for (i, s) in record.sentences.iter().enumerate() {
        let p = record
            .paragraphs
            .get(s.paragraph)
            .unwrap_or_else(|| panic!("sentence {i} in no paragraph"));
        if s.paragraph != paragraph {
            assert_eq!(
                s.paragraph,
                paragraph + 1,
                "sentence {i} skips or goes back"
            );
            assert_eq!(pos, record.paragraphs[paragraph].end, "paragraph not tiled");
            paragraph = s.paragraph;
            pos = p.start;
        }
        if i == 0 {
            assert_eq!(s.paragraph, 0, "first sentence not in the first paragraph");
            pos = p.start;
        }
        assert!(
            p.start <= s.start && s.start < s.end && s.end <= p.end,
            "sentence {s:?} outside {p:?}"
        );
        assert!(s.start >= pos, "sentences overlap at {i}");
        assert!(
            slice(pos, s.start).trim().is_empty(),
            "sentences do not tile at {i}"
        );
        pos = s.end;
        assert!(score_ok(s.score), "sentence score {s:?}");
        let mut span_last = s.start;
        for span in &s.spans {
            assert!(
                span.start >= span_last && span.start < span.end && span.end <= s.end,
                "span {span:?} outside {s:?} or overlapping"
            );
            span_last = span.end;
            assert!(score_ok(Some(span.score)), "span score {span:?}");
        }
    }
    if !record.paragraphs.is_empty() {
        assert!(!record.sentences.is_empty(), "paragraphs without sentences");
        assert_eq!(
            paragraph,
            record.paragraphs.len() - 1,
            "paragraph without sentences"
        );
        assert_eq!(
            pos, record.paragraphs[paragraph].end,
            "last paragraph not tiled"
        );
    }
    for e in &record.entities {
        assert_eq!(
            slice(e.start, e.end),
            e.text,
            "entity text is not its slice"
        );
        assert!(e.start < e.end, "empty entity {e:?}");
        let s = record
            .sentences
            .get(e.sentence)
            .unwrap_or_else(|| panic!("entity {e:?} in no sentence"));
        assert!(
            s.start <= e.start && e.end <= s.end,
            "entity {e:?} outside {s:?}"
        );
        assert_eq!(e.lang, s.lang, "entity language");
    }
    if let Some(t) = &record.text {
        assert_eq!(t, text, "record text");
    }
    let json = serde_json::to_string(record).unwrap_or_else(|e| panic!("record to JSON: {e}"));
    let back: Record =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("record from JSON: {e}: {json}"));
    // Compared as JSON values parsed the same way, so float parsing (which may be one
    // ulp off) cannot make a difference; a field lost or renamed does.
    let parsed: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("JSON value: {e}"));
    let again = serde_json::to_value(&back).unwrap_or_else(|e| panic!("record to value: {e}"));
    assert_eq!(again, parsed, "JSON round trip changes the record");
}
