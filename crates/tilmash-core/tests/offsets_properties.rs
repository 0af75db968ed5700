//! Offset invariants of the whole pipeline on generated mixed kk/ru/zh/ASCII text:
//! every code-point span of a record in bounds, sentences inside and tiling their
//! paragraph, language spans inside their sentence, entity text equal to the slice it
//! names; and `CharOffsets` agreeing with counting code points from the start.

use proptest::prelude::*;
use tilmash_core::analyze::{AnalyzeOptions, analyze};
use tilmash_core::model::{Record, Source};
use tilmash_core::offsets::CharOffsets;

/// Pieces that drive the stages: letters and words of the three languages, digits and
/// numbers, date and count constructions, target markers, terminal punctuation, quotes,
/// brackets, dashes, all kinds of whitespace, combining marks, astral characters.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Қазақстан",
        "білім",
        "ғылым",
        "және",
        "жылға дейін",
        "2025 жылға дейін",
        "жоспарланып отыр",
        "қаңтар",
        "«Рухани жаңғыру»",
        "Правительство",
        "планирует",
        "увеличить",
        "до 2030 года",
        "12 ноября 2024 года",
        "на 15%",
        "1 000 человек",
        "млн тенге",
        "т.е.",
        "г.",
        "Е.",
        "Аукенов",
        "浙江省",
        "到2022年",
        "完成",
        "不少于800名",
        "社会工作",
        "今年",
        "the",
        "Plan",
        "x",
        "2024",
        "14,4",
        "29.03.2025",
        "|",
        ".",
        "!",
        "?",
        "…",
        "。",
        "！",
        "；",
        ",",
        "«",
        "»",
        "\"",
        "“",
        "(",
        ")",
        "《",
        "》",
        "—",
        "-",
        " ",
        "  ",
        "\u{3000}",
        "\u{2003}",
        "\u{200b}",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "\u{a0}",
        "\u{2028}",
        "\u{feff}",
        "\u{301}",
        "😀",
        "\u{0}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn source() -> Source {
    Source {
        path: "p.txt".into(),
        bytes: None,
        sha256: None,
        encoding: Some("UTF-8".into()),
        bom: false,
        format: Some("txt".into()),
    }
}

/// `text[start..end]` in code points, or a panic naming the bad span.
fn slice(starts: &[usize], text: &str, start: usize, end: usize) -> String {
    let chars = starts.len() - 1;
    assert!(
        start <= end && end <= chars,
        "span {start}..{end} outside 0..{chars}"
    );
    text[starts[start]..starts[end]].to_owned()
}

fn check_record(text: &str, r: &Record) {
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let chars = starts.len() - 1;
    assert_eq!(r.chars, chars);
    let mut last = 0;
    for p in &r.paragraphs {
        assert!(p.start >= last && p.start < p.end, "{p:?}");
        assert!(slice(&starts, text, last, p.start).trim().is_empty());
        let s = slice(&starts, text, p.start, p.end);
        assert_eq!(s.trim(), s, "untrimmed paragraph");
        assert!(
            s.split('\n').all(|l| !l.trim().is_empty()),
            "blank line in {s:?}"
        );
        last = p.end;
    }
    assert!(slice(&starts, text, last, chars).trim().is_empty());
    // Sentences: grouped by paragraph, in order, tiling it.
    let mut next = 0;
    for (index, p) in r.paragraphs.iter().enumerate() {
        let mut pos = p.start;
        let mut any = false;
        while let Some(s) = r.sentences.get(next).filter(|s| s.paragraph == index) {
            assert!(
                s.start >= pos && s.start < s.end && s.end <= p.end,
                "{s:?} in {p:?}"
            );
            assert!(
                slice(&starts, text, pos, s.start).trim().is_empty(),
                "gap before {s:?}"
            );
            let mut span_pos = s.start;
            for span in &s.spans {
                assert!(span.start >= span_pos && span.start < span.end && span.end <= s.end);
                span_pos = span.end;
            }
            pos = s.end;
            next += 1;
            any = true;
        }
        assert!(any, "paragraph {index} without sentences");
        assert_eq!(pos, p.end, "paragraph {index} not tiled");
    }
    assert_eq!(next, r.sentences.len(), "sentences out of paragraph order");
    for e in &r.entities {
        assert!(e.start < e.end, "{e:?}");
        assert_eq!(slice(&starts, text, e.start, e.end), e.text);
        let s = &r.sentences[e.sentence];
        assert!(s.start <= e.start && e.end <= s.end, "{e:?} outside {s:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analyze_offsets_on_mixed_text(text in mixed_text(), forced in any::<bool>()) {
        let options = AnalyzeOptions {
            lang: forced.then_some("ru"),
            ..AnalyzeOptions::default()
        };
        let record = analyze(source(), None, &text, false, options);
        check_record(&text, &record);
    }

    #[test]
    fn analyze_offsets_on_any_text(text in "\\PC{0,120}") {
        let record = analyze(source(), None, &text, false, AnalyzeOptions::default());
        check_record(&text, &record);
    }

    #[test]
    fn char_offsets_in_any_order(
        text in mixed_text(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..40),
    ) {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut offsets = CharOffsets::new(&text);
        for pick in picks {
            let byte = *pick.get(&boundaries);
            prop_assert_eq!(offsets.to_char(byte), text[..byte].chars().count());
        }
    }
}
