//! One document's text through the stages: paragraphs → boilerplate → sentences →
//! language, assembled into a [`Record`].

use std::collections::BTreeMap;

use crate::boilerplate::{self, ParagraphInfo};
use crate::langid::{self, Guess};
use crate::model::{
    DocumentError, Entity, LangSpan, Language, Paragraph, Record, SCHEMA_VERSION, Sentence, Source,
};
use crate::offsets::CharOffsets;
use crate::segment;

/// A span with fewer letters than this takes its language from its container: a
/// few letters cannot tell Kazakh from Russian.
const MIN_LETTERS_OWN_LANGUAGE: usize = 12;

/// Most memory a document's paragraph scans keep for their sentences (see
/// [`langid::Scanned`]): some ten times the text they cover.
const MAX_SCAN_MARK_BYTES: usize = 32 << 20;

/// How the record is to be built.
#[derive(Debug, Clone, Copy)]
pub struct AnalyzeOptions {
    /// Carry the document text in the record even for plain-text sources.
    pub with_text: bool,
    /// Extract entities (dates, counts, targets, agencies).
    pub extract: bool,
    /// Which entity types to extract when `extract` is on (a type left out costs
    /// nothing: `tilmash extract --types` passes its list here).
    pub types: tilmash_extract::Types,
    /// Treat every paragraph and sentence as this language (ISO 639-1) instead of
    /// detecting it: for text known to be in one language.
    pub lang: Option<&'static str>,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            with_text: false,
            extract: true,
            types: tilmash_extract::Types::default(),
            lang: None,
        }
    }
}

/// Analyze `text` (the decoded document text) and build its record. `text_is_extracted`
/// says the text is not the source itself (HTML): the record then always carries it.
pub fn analyze(
    source: Source,
    id: Option<String>,
    text: &str,
    text_is_extracted: bool,
    options: AnalyzeOptions,
) -> Record {
    let spans = segment::paragraphs(text);
    let infos: Vec<ParagraphInfo<'_>> = spans
        .iter()
        .enumerate()
        .map(|(i, p)| ParagraphInfo {
            text: &text[p.range.clone()],
            alone_in_block: (i == 0 || spans[i - 1].block != p.block)
                && spans.get(i + 1).is_none_or(|n| n.block != p.block),
        })
        .collect();
    let furniture = boilerplate::classify(&infos);

    // Each paragraph is scanned once, for its own language and its sentences'; the
    // counts kept for the sentences are bounded per document (beyond, sentences are
    // rescanned: the same verdicts, more work).
    let mut budget = MAX_SCAN_MARK_BYTES;
    let scanned: Vec<langid::Scanned<'_>> = infos
        .iter()
        .map(|p| {
            let s = if budget > 0 {
                langid::Scanned::new(p.text)
            } else {
                langid::Scanned::without_marks(p.text)
            };
            budget = budget.saturating_sub(s.mark_bytes());
            s
        })
        .collect();
    let para_guesses: Vec<Guess> = scanned.iter().map(langid::Scanned::guess).collect();
    let language = document_language(&para_guesses, &furniture);

    let mut offsets = CharOffsets::new(text);
    let mut paragraphs = Vec::with_capacity(spans.len());
    let mut sentences = Vec::new();
    let mut sentence_bytes = Vec::new();
    for (index, ((span, guess), scanned)) in
        spans.iter().zip(&para_guesses).zip(&scanned).enumerate()
    {
        let (para_lang, para_score) = if let Some(forced) = options.lang {
            (forced.to_owned(), None)
        } else if guess.letters < MIN_LETTERS_OWN_LANGUAGE
            && guess.script.is_some()
            && guess.script == language.script.as_deref().and_then(static_script)
        {
            (language.main.clone(), language.score)
        } else {
            (guess.lang.to_owned(), score(guess))
        };
        let start = offsets.to_char(span.range.start);
        for range in segment::sentences_in(
            text,
            span.range.clone(),
            segment::AbbrevLang::from_code(&para_lang),
        ) {
            let sentence = &text[range.clone()];
            // A one-sentence paragraph (headings, short news paragraphs) was just judged.
            let g = if range == span.range && !langid::may_have_quotes(sentence) {
                *guess
            } else {
                let start = range.start - span.range.start;
                scanned.guess_sentence(start..start + sentence.len())
            };
            let (lang, score) = if options.lang.is_some() || g.letters < MIN_LETTERS_OWN_LANGUAGE {
                (para_lang.clone(), para_score)
            } else {
                (g.lang.to_owned(), score(&g))
            };
            let s_start = offsets.to_char(range.start);
            let spans = langid::foreign_spans(sentence, &lang)
                .into_iter()
                .map(|f| LangSpan {
                    start: offsets.to_char(range.start + f.range.start),
                    end: offsets.to_char(range.start + f.range.end),
                    lang: f.guess.lang.to_owned(),
                    score: round3(f64::from(f.guess.score)),
                })
                .collect();
            let s_end = offsets.to_char(range.end);
            sentence_bytes.push(range);
            sentences.push(Sentence {
                start: s_start,
                end: s_end,
                paragraph: index,
                lang,
                score,
                spans,
            });
        }
        let end = offsets.to_char(span.range.end);
        paragraphs.push(Paragraph {
            start,
            end,
            boilerplate: furniture[index],
            lang: para_lang,
            score: para_score,
        });
    }
    let chars = offsets.to_char(text.len());
    let (published, entities) = if options.extract {
        extract_entities(
            text,
            &spans,
            &furniture,
            &sentences,
            &sentence_bytes,
            options.types,
        )
    } else {
        (None, Vec::new())
    };
    Record {
        schema: SCHEMA_VERSION.to_owned(),
        id,
        source,
        language,
        text: (text_is_extracted || options.with_text).then(|| text.to_owned()),
        chars,
        paragraphs,
        sentences,
        published,
        entities,
        summaries: BTreeMap::new(),
        errors: Vec::new(),
    }
}

/// Dates, counts, targets and agencies, with code-point offsets; and the document's own date.
fn extract_entities(
    text: &str,
    spans: &[segment::ParagraphSpan],
    furniture: &[bool],
    sentences: &[Sentence],
    sentence_bytes: &[std::ops::Range<usize>],
    types: tilmash_extract::Types,
) -> (Option<String>, Vec<Entity>) {
    let paragraphs: Vec<tilmash_extract::ParagraphRef> = spans
        .iter()
        .zip(furniture)
        .map(|(p, &boilerplate)| tilmash_extract::ParagraphRef {
            range: p.range.clone(),
            boilerplate,
        })
        .collect();
    let refs: Vec<tilmash_extract::SentenceRef<'_>> = sentences
        .iter()
        .zip(sentence_bytes)
        .map(|(s, range)| tilmash_extract::SentenceRef {
            range: range.clone(),
            paragraph: s.paragraph,
            lang: &s.lang,
        })
        .collect();
    let (reference, found) = tilmash_extract::extract(text, &paragraphs, &refs, types);
    let published = reference.map(|r| match (r.month, r.day) {
        (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", r.year),
        _ => format!("{:04}", r.year),
    });
    let mut offsets = CharOffsets::new(text);
    let entities = found
        .into_iter()
        .map(|f| Entity {
            kind: f.kind.to_owned(),
            start: offsets.to_char(f.range.start),
            end: offsets.to_char(f.range.end),
            text: text[f.range.clone()].to_owned(),
            sentence: f.sentence,
            lang: sentences
                .get(f.sentence)
                .map_or_else(|| "und".to_owned(), |s| s.lang.clone()),
            fields: f
                .fields
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        })
        .collect();
    (published, entities)
}

/// The record of a document that could not be analyzed: its source as far as known,
/// no text, and the error.
pub fn failed(source: Source, id: Option<String>, error: DocumentError) -> Record {
    Record {
        schema: SCHEMA_VERSION.to_owned(),
        id,
        source,
        language: Language::undetermined(),
        text: None,
        chars: 0,
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        published: None,
        entities: Vec::new(),
        summaries: BTreeMap::new(),
        errors: vec![error],
    }
}

/// A guess's confidence for the record (three decimals; none for `und`).
fn score(g: &Guess) -> Option<f64> {
    (g.lang != "und").then(|| round3(f64::from(g.score)))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn static_script(s: &str) -> Option<&'static str> {
    ["Cyrl", "Latn", "Arab", "Hans", "Hant"]
        .into_iter()
        .find(|&k| k == s)
}

/// Main language and shares from the content paragraphs (all paragraphs when the
/// whole document is furniture), weighted by letters.
fn document_language(guesses: &[Guess], furniture: &[bool]) -> Language {
    let any_content = furniture.iter().any(|f| !f);
    let mut letters: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut scripts: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    // Letter-weighted sum of confidences per language.
    let mut confidence: BTreeMap<&'static str, f64> = BTreeMap::new();
    for (g, &f) in guesses.iter().zip(furniture) {
        if (any_content && f) || g.lang == "und" {
            continue;
        }
        *letters.entry(g.lang).or_default() += g.letters;
        *confidence.entry(g.lang).or_default() += f64::from(g.score) * g.letters as f64;
        if let Some(script) = g.script {
            *scripts.entry((g.lang, script)).or_default() += g.letters;
        }
    }
    let total: usize = letters.values().sum();
    let Some((&main, _)) = letters
        .iter()
        .max_by_key(|&(lang, n)| (*n, std::cmp::Reverse(*lang)))
    else {
        return Language::undetermined();
    };
    let script = scripts
        .iter()
        .filter(|((lang, _), _)| *lang == main)
        .max_by_key(|&(&(_, script), n)| (*n, std::cmp::Reverse(script)))
        .map(|((_, script), _)| (*script).to_owned());
    let shares = letters
        .iter()
        .map(|(&lang, &n)| {
            let share = (n as f64 / total as f64 * 10_000.0).round() / 10_000.0;
            (lang.to_owned(), share)
        })
        .collect();
    let main_letters = letters.get(main).copied().unwrap_or(0).max(1) as f64;
    let main_confidence = confidence.get(main).copied().unwrap_or(0.0);
    Language {
        main: main.to_owned(),
        script,
        shares,
        score: Some(round3(main_confidence / main_letters)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        Source {
            path: "t.txt".into(),
            bytes: None,
            sha256: None,
            encoding: Some("UTF-8".into()),
            bom: false,
            format: Some("txt".into()),
        }
    }

    fn slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn offsets_are_code_points_and_slice_back() {
        let text = "Заголовок 😀\n\nПервое предложение. Второе предложение!\n中文句子。第二句。\n";
        let r = analyze(source(), None, text, false, AnalyzeOptions::default());
        let paras: Vec<String> = r
            .paragraphs
            .iter()
            .map(|p| slice(text, p.start, p.end))
            .collect();
        assert_eq!(
            paras,
            [
                "Заголовок 😀",
                "Первое предложение. Второе предложение!",
                "中文句子。第二句。"
            ]
        );
        let sents: Vec<String> = r
            .sentences
            .iter()
            .map(|s| slice(text, s.start, s.end))
            .collect();
        assert_eq!(
            sents,
            [
                "Заголовок 😀",
                "Первое предложение.",
                "Второе предложение!",
                "中文句子。",
                "第二句。"
            ]
        );
        assert_eq!(r.chars, text.chars().count());
        assert_eq!(r.sentences[4].paragraph, 2);
        assert_eq!(r.sentences[4].lang, "zh");
        assert!(r.text.is_none());
    }

    #[test]
    fn document_language_is_the_content_majority() {
        let text = "Қазақстандық салалық білім және ғылым қызметкерлері кәсіподағының жұмысы туралы ақпарат.\n\nКраткая справка на русском.";
        let r = analyze(
            source(),
            None,
            text,
            false,
            AnalyzeOptions {
                with_text: true,
                ..AnalyzeOptions::default()
            },
        );
        assert_eq!(r.language.main, "kk");
        assert_eq!(r.language.script.as_deref(), Some("Cyrl"));
        assert!(r.language.shares["kk"] > r.language.shares["ru"]);
        assert_eq!(r.text.as_deref(), Some(text));
    }

    #[test]
    fn empty_text_is_undetermined() {
        let r = analyze(source(), None, "", false, AnalyzeOptions::default());
        assert_eq!(r.language.main, "und");
        assert!(r.paragraphs.is_empty());
    }
}
