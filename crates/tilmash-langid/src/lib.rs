//! Language identification for Kazakh, Russian and Chinese text, right where general
//! detectors are wrong: Kazakh against its Cyrillic neighbours (Kyrgyz, Tatar, Bashkir,
//! Mongolian, Uzbek, Ukrainian, Belarusian, Bulgarian), Kazakh in Latin (2021 alphabet)
//! and Arabic script, and short text.
//!
//! One pass over the text counts letters by script and letter evidence, and scores
//! Cyrillic letters with a compiled-in character n-gram model ([`ngram`]). Then:
//!
//! 1. **Script.** Han → `zh` (`Hans`/`Hant` by marker characters), kana → `ja`,
//!    Hangul → `ko`; otherwise the script with most letters decides the path.
//! 2. **Cyrillic.** Letters only some languages write decide first (Bashkir ҡ ҙ ҫ,
//!    Tatar җ, Uzbek ў ҳ with қ ғ, Tajik ӯ ӣ ҷ, Chuvash ӑ ӗ ӳ); then the n-gram model
//!    ranks kk, ru, uk, be, bg, mn, sr, mk. Kyrgyz and Tatar have no model: a "Kazakh"
//!    verdict on text without any of ғ қ ұ і (letters Kyrgyz and Tatar lack) that shows
//!    their own patterns (ө/ү after the first syllable and long vowels for Kyrgyz; һ, ч
//!    and word-initial э for Tatar) becomes `ky`/`tt`.
//! 3. **Latin.** Text with letters of the Kazakh 2021 Latin alphabet (ä ğ ı ñ ö q ş ū ü)
//!    is transliterated to Cyrillic and scored by the same model; Kazakh wins only with a
//!    good fit. Everything else goes to whatlang.
//! 4. **Arabic.** The Kazakh Arabic alphabet marks front-vowel words with the high hamza
//!    ٴ (U+0674, or the precomposed ٵ ٶ ٷ ٸ U+0675–0678) and has no ې ۈ; Uyghur writes
//!    ې (U+06D0) and ۈ (U+06C8) and begins vowel-initial words with ئ (U+0626). Other
//!    Arabic-script text goes to whatlang (ar, fa, ur).
//!
//! The score is the posterior probability of the winning language under the n-gram
//! model (tempered), or a letter-count based confidence for rule decisions; `und` when
//! there are too few letters or no language is likely enough.

pub mod ngram;
mod scanned;
#[doc(hidden)]
pub mod script;
mod spans;
mod walk;

pub use scanned::Scanned;
pub use spans::{ForeignSpan, foreign_spans, guess_sentence, may_have_quotes};

use ngram::{Costs, LANGS, MODEL, N};

/// A language guess for a span of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guess {
    /// ISO 639-1 code, or `und`.
    pub lang: &'static str,
    /// ISO 15924 script code, when known.
    pub script: Option<&'static str>,
    /// Number of letters the guess is based on (its weight in document shares).
    pub letters: usize,
    /// Confidence in `lang`, in [0, 1] (0 for `und`).
    pub score: f32,
}

impl Guess {
    fn und(letters: usize, script: Option<&'static str>) -> Guess {
        Guess {
            lang: "und",
            script,
            letters,
            score: 0.0,
        }
    }
}

/// Fewer letters than this and we say `und` rather than guess.
const MIN_LETTERS: usize = 2;
/// Below this posterior the winner is not trusted: `und`.
const MIN_SCORE: f32 = 0.2;
/// The same for text of three letters or fewer.
const MIN_SCORE_SHORT: f32 = 0.5;
/// Prior cost (nats) of the model's languages that are not tilmash's targets: on short,
/// ambiguous text a Kazakh or Russian reading is preferred.
const PRIOR_NON_TARGET: f32 = 2.5;
/// The n-gram costs are summed over dependent letters; dividing by this tempers the
/// posterior into a usable confidence.
const TEMPERATURE: f32 = 2.5;
/// Letters a Kyrgyz or Tatar override needs: shorter text keeps the model's verdict.
const MIN_LETTERS_TURKIC_OVERRIDE: usize = 30;
/// Letters from which Kyrgyz words, rounding harmony or long vowels alone decide.
const MIN_LETTERS_STRONG_TURKIC: usize = 12;
/// Nats by which the Kyrgyz word-type model must beat the Kazakh one, in total and per
/// letter (boundaries included), to turn a Kazakh verdict into Kyrgyz.
const MIN_KYRGYZ_MARGIN: f32 = 3.0;
const MIN_KYRGYZ_MARGIN_PER_LETTER: f32 = 0.15;
/// A Kazakh verdict on this many letters without a single Kazakh letter is not trusted.
const MIN_LETTERS_NO_KAZAKH_LETTER: usize = 40;
/// Cyrillic letters that make a failed Latin reading fall back to the Cyrillic one.
const MIN_LETTERS_CYRILLIC_FALLBACK: usize = 10;
/// Evidence against Kazakh (nats per letter) of text without any Kazakh letter.
const KAZAKH_ABSENCE_PER_LETTER: f32 = 0.06;
/// The same for Latin text whose only Kazakh letter is q (Uzbek writes q too).
const MAX_LATIN_KK_COST_Q_ONLY: f32 = 2.7;
/// Cost (nats) of a word that the language does not write.
const WORD_EVIDENCE: f32 = 3.0;
/// Cost (nats) of each letter a language never writes.
const IMPOSSIBLE_LETTER: f32 = 8.0;
/// Per letter, real Russian fits the Russian model this much better (nats) than the
/// Kazakh one; Kyrgyz without its special letters does not.
const MIN_RU_KK_MARGIN: f32 = 0.35;
/// Average cost per letter (nats) above which transliterated Latin text is not Kazakh.
const MAX_LATIN_KK_COST: f32 = 3.2;

/// Identify the language of `text`.
pub fn guess(text: &str) -> Guess {
    guess_for(text, None)
}

/// The guess for `text` when it is `want`, else `None`: for callers that only look for
/// one language ([`foreign_spans`]). The same verdict as [`guess`], but whatlang (the
/// costliest step, ~0.5 M instructions a call whatever the length) is skipped when its
/// answer cannot make the verdict `want`.
pub(crate) fn guess_if(text: &str, want: &'static str) -> Option<Guess> {
    Some(guess_for(text, Some(want))).filter(|g| g.lang == want)
}

/// [`guess`], or with `want`, any verdict other than `want` when the verdict is not `want`.
fn guess_for(text: &str, want: Option<&'static str>) -> Guess {
    decide(text, &script::scan(text), want)
}

/// The verdict on `text` from its counts `s` (those of [`script::scan`]).
fn decide(text: &str, s: &script::Stats, want: Option<&'static str>) -> Guess {
    let letters = s.letters();
    // One Han character is a word; one alphabetic letter is not, unless only one
    // language writes it (Kazakh ұ ә ғ қ ң).
    if letters < MIN_LETTERS && s.han + s.kana + s.hangul == 0 {
        if s.cyr == 1
            && s.cyrl.kk_strict + s.cyrl.ae + s.cyrl.ng > 0
            && s.cyrl.marks[script::Mark::IDot as usize] == 0
        {
            return Guess {
                lang: "kk",
                script: Some("Cyrl"),
                letters,
                score: 0.5,
            };
        }
        return Guess::und(letters, None);
    }
    // Han characters carry a word's meaning each; weigh them against alphabetic letters.
    let han_weight = (s.han + s.kana) * 3 + s.hangul * 2;
    let best = [
        (han_weight, 0),
        (s.cyr, 1),
        (s.latin, 2),
        (s.arabic, 3),
        (s.other, 4),
    ]
    .into_iter()
    .max_by_key(|&(n, order)| (n, std::cmp::Reverse(order)))
    .map_or(4, |(_, order)| order);
    match best {
        0 => cjk(s, letters),
        1 => cyrillic(text, s, letters),
        2 => {
            if let Some(g) = latin_kazakh(text, s, letters) {
                return g;
            }
            // Latin names and brands inside Cyrillic prose (PlayStation, Xbox) can
            // outnumber its letters; when the Latin reading fails, the Cyrillic counts.
            let fallback = || {
                (s.cyr >= MIN_LETTERS_CYRILLIC_FALLBACK)
                    .then(|| cyrillic(text, s, letters))
                    .filter(|c| c.lang != "und")
            };
            if let Some(want) = want
                && !whatlang_may_say(text, want)
            {
                // The verdict is `want` only if whatlang has no answer and the Cyrillic
                // reading is `want`; otherwise any other verdict will do.
                match fallback() {
                    Some(c) if c.lang == want => {}
                    _ => return Guess::und(letters, Some("Latn")),
                }
            }
            match other_language(text, letters) {
                Some((lang, score)) => Guess {
                    lang,
                    script: Some("Latn"),
                    letters,
                    score,
                },
                None => fallback().unwrap_or(Guess::und(letters, Some("Latn"))),
            }
        }
        3 => arabic(text, s, letters, want),
        _ if want.is_some_and(|w| !whatlang_may_say(text, w)) => Guess::und(letters, None),
        _ => match other_language(text, letters) {
            Some((lang, score)) => Guess {
                lang,
                script: None,
                letters,
                score,
            },
            None => Guess::und(letters, None),
        },
    }
}

/// Whether whatlang could say `want` for `text`: never Kazakh (not among its answers
/// that [`other_language`] maps); Russian only for text with a letter of its Cyrillic
/// script (it picks the script with most letters first, then a language of it).
fn whatlang_may_say(text: &str, want: &str) -> bool {
    match want {
        "kk" => false,
        "ru" => text.chars().any(|c| {
            matches!(c,
                '\u{0400}'..='\u{0484}'
                | '\u{0487}'..='\u{052F}'
                | '\u{2DE0}'..='\u{2DFF}'
                | '\u{A640}'..='\u{A69D}'
                | '\u{1D2B}'
                | '\u{1D78}'
                | '\u{A69F}'
            )
        }),
        _ => true,
    }
}

fn cjk(s: &script::Stats, letters: usize) -> Guess {
    let (lang, script) = if s.hangul > s.han + s.kana {
        ("ko", "Kore")
    } else if s.kana * 5 >= s.han + s.kana && s.kana > 0 {
        ("ja", "Jpan")
    } else if s.hant_markers > s.hans_markers {
        ("zh", "Hant")
    } else {
        ("zh", "Hans")
    };
    // One Han character is already a word; confidence grows fast with more.
    let n = (s.han + s.kana + s.hangul) as f32;
    Guess {
        lang,
        script: Some(script),
        letters,
        score: 1.0 - 0.2f32.powf(n),
    }
}

/// Rule confidence from the number of letters that carry the evidence.
fn rule_score(evidence: usize) -> f32 {
    1.0 - 0.5f32.powi(evidence.min(30) as i32 + 1)
}

fn cyrillic(text: &str, s: &script::Stats, letters: usize) -> Guess {
    let c = &s.cyrl;
    let rule = |lang: &'static str, evidence: usize| Guess {
        lang,
        script: Some("Cyrl"),
        letters,
        score: rule_score(evidence),
    };
    let kazakh = c.kk_strict + c.ae;
    // Letters of languages outside the model decide when Kazakh letters do not outweigh
    // them (a Kazakh text quoting one Bashkir word stays Kazakh).
    if c.chuvash > 0 && c.chuvash * 3 >= kazakh {
        return rule("cv", c.chuvash);
    }
    if c.bashkir > 0 && c.bashkir * 3 >= c.kk_strict {
        return rule("ba", c.bashkir);
    }
    if c.tajik > 0 && c.tajik * 3 >= kazakh {
        return rule("tg", c.tajik);
    }
    if c.uzbek_h > 0 && c.uzbek_h * 3 >= kazakh {
        return rule("uz", c.uzbek_h);
    }
    if c.short_u > 0 && c.qg > 0 && c.ae + c.kk_strict_no_qg() == 0 {
        return rule("uz", c.short_u + c.qg);
    }
    if c.tatar > 0 && c.tatar * 3 >= c.kk_strict {
        return rule("tt", c.tatar + c.ae + c.h);
    }
    if c.other_ext * 10 > s.cyr.max(1) && c.other_ext > kazakh {
        return Guess::und(letters, Some("Cyrl"));
    }

    let (best, post) = posterior(&s.costs, &cyrillic_penalties(s));
    let lang = LANGS[best];
    // Patterns of Kyrgyz and Tatar that Kazakh spells otherwise: ч and word-initial э
    // (Kazakh ш, е), ө/ү after the first syllable, long vowels.
    let patterns = c.ch + c.initial_e + c.noninitial_round + c.double_vowel;
    let kyrgyz = patterns + c.kyrgyz_words + c.kyrgyz_endings;
    let tatar = c.h + c.tatar + c.tatar_words;
    if lang == "kk" && c.kk_strict == 0 {
        // Kyrgyz and Tatar lack ғ қ ұ і, which Kazakh text of a sentence's length
        // practically always has (Kazakh typed with a Latin i counts: `script::scan`).
        let long = s.cyr >= MIN_LETTERS_TURKIC_OVERRIDE;
        // Tatar, like Kyrgyz, writes и where Kazakh writes і; with ә and without any of
        // ғ қ ұ і, a high share of и is Tatar (loanwords with ә are rare).
        let i_count = c.marks[script::Mark::I as usize];
        let many_i = i_count >= 2 && i_count * 16 >= s.cyr;
        if c.ae > 0
            && (tatar > 0 || (long && (patterns > 0 || many_i)) || (c.ae >= 3 && s.cyr >= 40))
        {
            return rule("tt", tatar + patterns + c.ae);
        }
        // Shorter text: only the patterns loanwords do not produce.
        let strong = c.kyrgyz_words + c.kyrgyz_endings + c.noninitial_round + c.double_vowel;
        let mid = s.cyr >= MIN_LETTERS_STRONG_TURKIC;
        if c.ae == 0 && ((long && kyrgyz > 0) || (mid && strong > 0) || strong >= 2) {
            return rule("ky", kyrgyz + c.turkic);
        }
        if c.ae == 0 {
            // The Kazakh-vs-Kyrgyz model: Kyrgyz must win clearly, in total and per letter.
            let t = script::score_turkic(text);
            let margin = (t.sum[0] as f32 - t.sum[1] as f32) / ngram::TURKIC.scale;
            if margin >= MIN_KYRGYZ_MARGIN
                && margin >= MIN_KYRGYZ_MARGIN_PER_LETTER * t.letters as f32
            {
                return rule("ky", kyrgyz + c.turkic + (margin as usize));
            }
        }
        if c.ae + c.turkic == 0 && s.cyr >= MIN_LETTERS_NO_KAZAKH_LETTER {
            // No Kazakh letter at all in this much text: Turkic, but not Kazakh.
            return Guess::und(letters, Some("Cyrl"));
        }
    }
    if lang == "ru" && c.kk_strict + c.ae == 0 {
        // Kyrgyz with a Kyrgyz letter or pattern that the Russian model still prefers:
        // the word-type model decides between Kyrgyz and Russian.
        let t = script::score_turkic(text);
        let margin = (t.sum[2] as f32 - t.sum[1] as f32) / ngram::TURKIC.scale;
        let clear = margin >= MIN_KYRGYZ_MARGIN
            && margin >= MIN_KYRGYZ_MARGIN_PER_LETTER * t.letters as f32;
        // A Kyrgyz word (эле, бир, үчүн) and a Kyrgyz-leaning spelling suffice.
        if clear || (c.kyrgyz_words > 0 && margin > 0.0) {
            return rule("ky", kyrgyz + c.turkic + (margin as usize));
        }
        if c.kyrgyz_words > 0 {
            // A Kyrgyz word in text the word-type model cannot place: not Russian enough.
            return Guess::und(letters, Some("Cyrl"));
        }
    }
    if lang == "ru" && c.kk_strict + c.ae == 0 && s.cyr >= MIN_LETTERS_TURKIC_OVERRIDE {
        // Kyrgyz (or Tatar) text without its special letters scores Russian and Kazakh
        // alike; real Russian fits the Russian model much better than the Kazakh one.
        let per_letter = |i: usize| s.costs.sum[i] as f32 / MODEL.scale;
        let margin = (per_letter(0) - per_letter(1)) / s.costs.letters.max(1) as f32;
        if margin < MIN_RU_KK_MARGIN {
            // ч, э and и are Russian letters too: only Turkic letters and patterns count.
            let turkic = c.turkic + c.double_vowel + c.noninitial_round + c.kyrgyz_words;
            return if turkic > 0 {
                rule("ky", turkic)
            } else {
                Guess::und(letters, Some("Cyrl"))
            };
        }
    }
    if lang == "mn" && c.ng > 0 && c.kk_strict + c.ae == 0 {
        // Mongolian does not write ң; Kyrgyz does.
        return rule("ky", c.ng + c.noninitial_round);
    }
    // Two or three letters (Ош, Ал) need a clear winner.
    let min_score = if s.cyr <= 3 {
        MIN_SCORE_SHORT
    } else {
        MIN_SCORE
    };
    if post < min_score {
        return Guess::und(letters, Some("Cyrl"));
    }
    Guess {
        lang,
        script: Some("Cyrl"),
        letters,
        score: post,
    }
}

/// Letter evidence against each language of the model (nats, in `LANGS` order):
/// letters the language never writes, and the absence of letters it writes often.
fn cyrillic_penalties(s: &script::Stats) -> [f32; N] {
    use script::Mark::*;
    let c = &s.cyrl;
    let m = |k: script::Mark| c.marks[k as usize] as f32;
    let kazakh = (c.kk_strict + c.ae + c.turkic + c.h) as f32;
    let kazakh_not_i = kazakh - m(IDot);
    let kazakh_not_mn = kazakh - m(IDot) - m(Rounded);
    let sr_mk = m(Serbian) + m(Macedonian) + m(SerboMacedonian);
    let short_u = c.short_u as f32;
    let letters = s.cyr as f32;
    let never = [
        // kk
        m(Ukrainian) + short_u + sr_mk,
        // ru (Kazakh letters: left to the n-gram model, whose per-word cap keeps a
        // quoted Kazakh name from outvoting a Russian sentence)
        m(Ukrainian) + short_u + sr_mk,
        // uk
        m(Yery) + m(E) + m(Yo) + m(Hard) + short_u + kazakh_not_i + sr_mk,
        // be
        m(I) + m(Shch) + m(Hard) + m(Ukrainian) + kazakh_not_i + sr_mk,
        // bg
        m(Yery) + m(E) + m(Yo) + m(IDot) + m(Ukrainian) + short_u + kazakh_not_i + sr_mk,
        // mn
        m(IDot) + m(Ukrainian) + short_u + kazakh_not_mn + sr_mk,
        // sr
        m(Yery)
            + m(E)
            + m(Yo)
            + m(Hard)
            + m(Iotated)
            + m(Shch)
            + m(IDot)
            + m(Ukrainian)
            + short_u
            + kazakh_not_i
            + m(Macedonian),
        // mk
        m(Yery)
            + m(E)
            + m(Yo)
            + m(Hard)
            + m(Iotated)
            + m(Shch)
            + m(IDot)
            + m(Ukrainian)
            + short_u
            + kazakh_not_i
            + m(Serbian),
    ];
    let mut p = never.map(|n| n * IMPOSSIBLE_LETTER);
    // Russian writes Kazakh letters only in Kazakh names and quotes: a word or two in a
    // sentence. When such words are a third of the text or more, each counts against it.
    if c.kazakh_words * 3 >= c.words && c.kazakh_words > 0 {
        p[1] += c.kazakh_words as f32 * IMPOSSIBLE_LETTER;
    }
    // Kazakh writes one of ә ғ қ ң ө ұ ү һ і in about every sixth letter.
    if kazakh == 0.0 {
        p[0] += KAZAKH_ABSENCE_PER_LETTER * letters;
    }
    // ъ before a consonant: Bulgarian, never Russian (nor the others that lack ъ).
    let bg_hard = c.hard_before_consonant as f32 * IMPOSSIBLE_LETTER;
    for i in [0, 1, 2, 3, 5] {
        p[i] += bg_hard;
    }
    // Words only one language writes count against the others.
    let (ru, uk, bg) = (
        c.russian_words as f32 * WORD_EVIDENCE,
        c.ukrainian_words as f32 * WORD_EVIDENCE,
        c.bulgarian_words as f32 * WORD_EVIDENCE,
    );
    for (i, pi) in p.iter_mut().enumerate() {
        *pi += match LANGS[i] {
            "ru" => uk + bg,
            "uk" | "be" => ru + bg,
            "bg" | "mk" => ru + uk,
            _ => ru + uk + bg,
        };
        // Kyrgyz words: evidence against all but Kazakh (whose verdict is then checked
        // against Kyrgyz).
        if i > 0 {
            *pi += c.kyrgyz_words as f32 * WORD_EVIDENCE;
        }
    }
    // Letters a language writes in nearly every word or two: their absence from a
    // long enough text is evidence against it (about -ln(1 - frequency) per letter).
    if m(IDot) + m(Ukrainian) == 0.0 {
        p[2] += 0.07 * letters;
    }
    if m(IDot) + short_u == 0.0 {
        p[3] += 0.08 * letters;
    }
    if m(Rounded) == 0.0 {
        p[5] += 0.04 * letters;
    }
    if sr_mk == 0.0 {
        p[6] += 0.03 * letters;
        p[7] += 0.03 * letters;
    }
    p
}

/// The best language of the model and its tempered posterior, with priors and
/// penalties (nats).
fn posterior(costs: &Costs, penalties: &[f32; N]) -> (usize, f32) {
    let scale = MODEL.scale;
    let mut nats = [0f32; N];
    for (i, n) in nats.iter_mut().enumerate() {
        let prior = if i < 2 { 0.0 } else { PRIOR_NON_TARGET };
        *n = costs.sum[i] as f32 / scale + prior + penalties[i];
    }
    let mut best = 0;
    for i in 1..N {
        if nats[i] < nats[best] {
            best = i;
        }
    }
    let z: f32 = nats
        .iter()
        .map(|&n| (-(n - nats[best]) / TEMPERATURE).exp())
        .sum();
    (best, 1.0 / z)
}

/// Kazakh in the 2021 Latin alphabet, when the text reads so.
fn latin_kazakh(text: &str, s: &script::Stats, letters: usize) -> Option<Guess> {
    let l = &s.latn;
    // Azerbaijani writes ə, Kazakh 2021 never does; Kazakh text almost always has q or ä.
    // Uzbek writes q too, but with sh, ch, x and oʻ/gʻ, which Kazakh 2021 does not
    // write; without a Kazakh diacritic, those make the text not Kazakh.
    let diacritics = l.kk_letters - l.q;
    let uzbek = || {
        let lower = text.to_lowercase();
        ["sh", "ch", "x", "o'", "g'", "oʻ", "gʻ", "o‘", "g‘"]
            .iter()
            .map(|m| lower.matches(m).count())
            .sum::<usize>()
    };
    if l.kk_specific > 0 && l.schwa == 0 && (diacritics > 0 || uzbek() == 0) {
        let costs = script::score_transliterated(text);
        let (best, post) = posterior(&costs, &[0.0; N]);
        let avg = costs.sum[0] as f32 / MODEL.scale / costs.letters.max(1) as f32;
        let max_cost = if diacritics > 0 {
            MAX_LATIN_KK_COST
        } else {
            MAX_LATIN_KK_COST_Q_ONLY
        };
        if LANGS[best] == "kk" && avg <= max_cost && post >= MIN_SCORE {
            return Some(Guess {
                lang: "kk",
                script: Some("Latn"),
                letters,
                score: post,
            });
        }
    }
    None
}

fn arabic(text: &str, s: &script::Stats, letters: usize, want: Option<&str>) -> Guess {
    let a = &s.arab;
    let rule = |lang: &'static str, evidence: usize| Guess {
        lang,
        script: Some("Arab"),
        letters,
        score: rule_score(evidence),
    };
    if a.uyghur > 0 && a.uyghur >= a.kazakh {
        return rule("ug", a.uyghur + a.turkic);
    }
    if a.kazakh > 0 {
        return rule("kk", a.kazakh + a.turkic);
    }
    if a.turkic * 20 >= s.arabic && a.turkic > 0 {
        // Turkic letters (ە ڭ ۇ ۋ ۆ) without either marker: Kazakh or Uyghur, undecided.
        return Guess::und(letters, Some("Arab"));
    }
    if want.is_some_and(|w| !whatlang_may_say(text, w)) {
        return Guess::und(letters, Some("Arab"));
    }
    match other_language(text, letters) {
        Some((lang, score)) => Guess {
            lang,
            script: Some("Arab"),
            letters,
            score,
        },
        None => Guess::und(letters, Some("Arab")),
    }
}

/// Plain ASCII text with fewer letters than this is not given to whatlang: it has no
/// reliable answer there (none on 4,500 English, German and French strings of 1–9
/// letters; the one it had was "œil", which keeps its turn), and each call costs about
/// half a million instructions whatever the length of the text, which made one-word
/// lines ("E-mail:", "USD495.2", "copy 12") a visible share of indexing time.
const MIN_ASCII_LETTERS_WHATLANG: usize = 10;

/// whatlang for the long tail, mapped to ISO 639-1; only reliable guesses count.
fn other_language(text: &str, letters: usize) -> Option<(&'static str, f32)> {
    if letters < MIN_ASCII_LETTERS_WHATLANG && text.is_ascii() {
        return None;
    }
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    use whatlang::Lang::*;
    let lang = match info.lang() {
        Eng => "en",
        Rus => "ru",
        Ukr => "uk",
        Bel => "be",
        Bul => "bg",
        Srp => "sr",
        Mkd => "mk",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Pol => "pl",
        Ces => "cs",
        Tur => "tr",
        Uzb => "uz",
        Aze => "az",
        Tuk => "tk",
        Ara => "ar",
        Pes => "fa",
        Urd => "ur",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Lat => "la",
        Swe => "sv",
        Fin => "fi",
        Hun => "hu",
        Ron => "ro",
        Ell => "el",
        Heb => "he",
        Hin => "hi",
        Vie => "vi",
        Ind => "id",
        _ => return None,
    };
    Some((lang, info.confidence() as f32))
}

#[cfg(test)]
mod tests;
