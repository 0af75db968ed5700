//! Invariants of segmentation on arbitrary input: no panics, spans in bounds and on char
//! boundaries, sentences tiling their paragraph, tokens covering every non-space char.

use proptest::prelude::*;

/// Text built from the characters that drive the rules: letters of the three languages,
/// digits, terminal punctuation, quotes, brackets, dashes and whitespace.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "а",
        "Б",
        "қ",
        "Ә",
        "ж",
        "г",
        "т",
        "д",
        "A",
        "x",
        "中",
        "国",
        "。",
        "！",
        "？",
        "；",
        ".",
        "!",
        "?",
        "…",
        "...",
        "«",
        "»",
        "“",
        "”",
        "\"",
        "(",
        ")",
        "《",
        "》",
        "「",
        "」",
        "-",
        "–",
        "—",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "1",
        "2024",
        "14,4",
        "703 070",
        "т.е.",
        "т. б.",
        "гг.",
        "Е.",
        "Аукенов",
        "сондай-ақ",
        "\u{a0}",
        "\u{301}",
        "😀",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

fn check(text: &str) {
    let paras = tilmash_segment::paragraphs(text);
    let mut last = 0;
    for p in &paras {
        let r = p.range.clone();
        assert!(r.start >= last && r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        last = r.end;
        // Sentences tile the paragraph: ordered, disjoint, only whitespace between.
        let sents = tilmash_segment::sentences(text, r.clone());
        assert!(!sents.is_empty());
        let mut pos = r.start;
        for s in &sents {
            assert!(
                s.start >= pos && s.start < s.end && s.end <= r.end,
                "{s:?} in {r:?}"
            );
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(
                text[pos..s.start].trim().is_empty(),
                "gap {:?}",
                &text[pos..s.start]
            );
            pos = s.end;
        }
        assert_eq!(sents[0].start, r.start);
        assert_eq!(pos, r.end);
        // Tokens: ordered, in bounds, covering every non-whitespace char.
        let toks = tilmash_segment::tokens(text, r.clone());
        let mut pos = r.start;
        for t in &toks {
            assert!(t.range.start >= pos && t.range.start < t.range.end && t.range.end <= r.end);
            assert!(text.is_char_boundary(t.range.start) && text.is_char_boundary(t.range.end));
            assert!(text[pos..t.range.start].trim().is_empty());
            pos = t.range.end;
        }
        assert!(text[pos..r.end].trim().is_empty());
    }
    assert!(text[last..].trim().is_empty() || paras.is_empty() && text.trim().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_on_tricky_text(text in tricky_text()) {
        check(&text);
    }

    #[test]
    fn invariants_on_any_unicode(text in "\\PC{0,200}") {
        check(&text);
    }
}

/// Inputs that would take quadratic time if a rule rescanned or backtracked: a long
/// line of abbreviation-like tokens without spaces, thousands of unclosed quotes, a
/// long unbroken word. Each is 2 MB; quadratic behaviour would not finish.
#[test]
fn pathological_long_lines_finish() {
    let cases = [
        "а.".repeat(1 << 20),
        "«".repeat(1 << 19) + &"начало. Конец? ".repeat(1 << 14),
        "ж".repeat(1 << 20),
        "1 000 ".repeat(1 << 18),
        "(т.е. ".repeat(1 << 18),
    ];
    for text in &cases {
        check(text);
    }
}
