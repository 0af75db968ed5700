//! The lexicon: every word of the gazetteer's names and of the head nouns, with the
//! inflected forms it generates, mapped back to one key.
//!
//! Stripping endings off a text word is ambiguous in Kazakh ("кеңесі" is кеңес + і,
//! "палатасы" is палата + сы), so it is done the other way round: each known word
//! generates its forms (Kazakh: plural, possessive and case endings with vowel harmony
//! and the voicing of a final к/қ/п; Russian: the case endings of its class), and a text
//! word is looked up as written. Words that share a form ("министрлік" and
//! "министрлігі") are one class; a class's key is its first word.

use std::sync::OnceLock;

use super::words::{self, FastMap, TokKind};

const GAZETTEER: &str = include_str!("../../data/agencies/gazetteer.txt");
const HEADS: &str = include_str!("../../data/agencies/heads.txt");

struct Lexicon {
    /// Surface form → class.
    forms: FastMap<String, u32>,
    /// Class → key.
    keys: Vec<String>,
    /// (word, Kazakh?) → the prefix all its forms share, noted while the forms are
    /// generated so the tables need not inflect the words a second time.
    triggers: FastMap<(String, bool), String>,
}

fn get() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(build)
}

/// The key of a lowercased word that is a form of a lexicon word.
pub fn lookup(lower: &str) -> Option<&'static str> {
    lookup_class(lower).map(key_of)
}

/// The class of a lowercased word that is a form of a lexicon word.
pub fn lookup_class(lower: &str) -> Option<u32> {
    get().forms.get(lower).copied()
}

/// The key of a class.
pub fn key_of(class: u32) -> &'static str {
    get().keys[class as usize].as_str()
}

/// Number of classes (class ids are `0..classes()`).
pub fn classes() -> usize {
    get().keys.len()
}

/// The words of the lists with the language that inflects them.
fn lexicon_words() -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut lang = "";
    for line in GAZETTEER.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
            continue;
        }
        let Some((l, name)) = line.split_once(' ') else {
            continue;
        };
        lang = l;
        push_words(&mut out, name, lang == "kk");
    }
    let _ = lang;
    for line in HEADS.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if line.starts_with('#') || f.len() < 5 {
            continue;
        }
        push_words(&mut out, f[4], f[0] == "kk");
    }
    out
}

fn push_words(out: &mut Vec<(String, bool)>, name: &str, kazakh: bool) {
    for t in words::tokenize(name) {
        if t.kind != TokKind::Word {
            continue;
        }
        let w = &name[t.range.clone()];
        if words::is_abbreviation(w) {
            continue;
        }
        let lower = words::fold(w);
        if lower.chars().count() >= 3 && lower.chars().any(words::is_cyrillic) {
            out.push((lower, kazakh));
        }
    }
}

fn build() -> Lexicon {
    let mut forms: FastMap<String, u32> = FastMap::default();
    let mut parent: Vec<u32> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut triggers: FastMap<(String, bool), String> = FastMap::default();
    // Nominatives first, so a word keeps itself as key when another word generates it.
    let list = lexicon_words();
    for (w, _) in &list {
        if !forms.contains_key(w) {
            forms.insert(w.clone(), keys.len() as u32);
            parent.push(keys.len() as u32);
            keys.push(w.clone());
        }
    }
    let mut buf = String::new();
    for (w, kazakh) in list {
        if triggers.contains_key(&(w.clone(), kazakh)) {
            continue;
        }
        let Some(&class) = forms.get(&w) else {
            continue;
        };
        // The trigger: the longest prefix (at most six letters) every form shares.
        let mut prefix: &str = &w[..w.char_indices().nth(6).map_or(w.len(), |(i, _)| i)];
        each_form(&w, kazakh, &mut buf, &mut |f| {
            prefix = common_prefix(prefix, f);
            match forms.get(f) {
                Some(&other) => union(&mut parent, class, other),
                None => {
                    forms.insert(f.to_owned(), class);
                }
            }
        });
        let prefix = prefix.to_owned();
        triggers.insert((w, kazakh), prefix);
    }
    // Point every form at its class root.
    for c in forms.values_mut() {
        *c = root(&parent, *c);
    }
    Lexicon {
        forms,
        keys,
        triggers,
    }
}

/// The longest common prefix of `a` and `b`, in whole characters.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let n = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((i, _), _)| i);
    // `n` is a char boundary of `a`: either a mismatch position or the end of the
    // shorter string, and b's prefix of that length equals a's.
    &a[..n]
}

fn root(parent: &[u32], mut c: u32) -> u32 {
    while parent[c as usize] != c {
        c = parent[c as usize];
    }
    c
}

/// The smaller (earlier) root wins, so the first-listed word stays the key.
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (root(parent, a), root(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

/// The surface forms of a lowercased word.
pub fn inflect(w: &str, kazakh: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    each_form(w, kazakh, &mut buf, &mut |f| out.push(f.to_owned()));
    out
}

/// Calls `emit` with each surface form of a lowercased word, in the order [`inflect`]
/// lists them, built in `buf`: no allocation per form (the lexicon is built from some
/// hundred thousand forms at start-up).
fn each_form(w: &str, kazakh: bool, buf: &mut String, emit: &mut dyn FnMut(&str)) {
    if kazakh {
        kazakh_forms(w, buf, emit);
    } else {
        russian_forms(w, buf, emit);
    }
}

/// The prefix every form of `w` starts with (at most six letters): the word's trigger
/// for the automaton.
pub fn trigger(w: &str, kazakh: bool) -> String {
    if let Some(t) = get().triggers.get(&(w.to_owned(), kazakh)) {
        return t.clone();
    }
    trigger_of_forms(w, kazakh)
}

/// [`trigger`] computed from the forms (for words outside the lists).
fn trigger_of_forms(w: &str, kazakh: bool) -> String {
    let forms = inflect(w, kazakh);
    let mut prefix: Vec<char> = w.chars().take(6).collect();
    for f in &forms {
        let n = prefix
            .iter()
            .zip(f.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        prefix.truncate(n);
    }
    prefix.into_iter().collect()
}

const VOWELS: &str = "аәеиоөуұүыіэюя";

fn kazakh_forms(w: &str, buf: &mut String, emit: &mut dyn FnMut(&str)) {
    let last_vowel = w.chars().rev().find(|c| VOWELS.contains(*c));
    let back = last_vowel.is_none_or(|c| "аоұыяюу".contains(c));
    // Loanwords do not always follow vowel harmony ("банк" → "банкі", "банктің"): the
    // other series is generated too, after the regular one.
    kazakh_series(w, back, buf, emit);
    kazakh_series(w, !back, buf, emit);
}

/// Emits `parts` concatenated (built in `buf`).
fn emit_joined(buf: &mut String, parts: &[&str], emit: &mut dyn FnMut(&str)) {
    buf.clear();
    for p in parts {
        buf.push_str(p);
    }
    emit(buf);
}

fn kazakh_series(w: &str, back: bool, buf: &mut String, emit: &mut dyn FnMut(&str)) {
    let vowel_final = w.chars().next_back().is_some_and(|c| VOWELS.contains(c));
    // A final voiceless stop is voiced before a vowel: министрлік → министрлігі.
    let (voiced_stem, voiced_last) = match w.chars().next_back() {
        Some('к') => (&w[..w.len() - 'к'.len_utf8()], "г"),
        Some('қ') => (&w[..w.len() - 'қ'.len_utf8()], "ғ"),
        Some('п') => (&w[..w.len() - 'п'.len_utf8()], "б"),
        _ => (w, ""),
    };
    let (poss, plural, plain_end, poss_end): (&[&str], &[&str], &[&str], &[&str]) = if back {
        (
            if vowel_final { &["сы"] } else { &["ы"] },
            &["лар", "дар", "тар"],
            &[
                "ның", "дың", "тың", "ға", "қа", "ны", "ды", "ты", "да", "та", "дан", "тан", "нан",
                "мен", "бен", "пен", "дағы", "тағы", "ғы", "қы",
            ],
            &["ның", "на", "н", "нда", "нан", "мен", "ндағы"],
        )
    } else {
        (
            if vowel_final { &["сі"] } else { &["і"] },
            &["лер", "дер", "тер"],
            &[
                "нің", "дің", "тің", "ге", "ке", "ні", "ді", "ті", "де", "те", "ден", "тен", "нен",
                "мен", "бен", "пен", "дегі", "тегі", "гі", "кі",
            ],
            &["нің", "не", "н", "нде", "нен", "мен", "ндегі"],
        )
    };
    let poss_vowel = if back { "ы" } else { "і" };
    // Plain bases (the word, its plurals), each alone and with every case ending.
    for l in std::iter::once("").chain(plural.iter().copied()) {
        emit_joined(buf, &[w, l], emit);
        let base = buf.len();
        for e in plain_end {
            buf.truncate(base);
            buf.push_str(e);
            emit(buf);
        }
    }
    // Possessed bases, each alone and with every ending of the possessive.
    let possessed = |parts: &[&str], buf: &mut String, emit: &mut dyn FnMut(&str)| {
        emit_joined(buf, parts, emit);
        let base = buf.len();
        for e in poss_end {
            buf.truncate(base);
            buf.push_str(e);
            emit(buf);
        }
    };
    for p in poss {
        if vowel_final {
            possessed(&[w, p], buf, emit);
        } else {
            possessed(&[voiced_stem, voiced_last, p], buf, emit);
        }
    }
    // A word already in the possessive ("министрлігі" in a name) takes its endings.
    if w.ends_with(['ы', 'і']) {
        possessed(&[w], buf, emit);
    }
    for l in plural {
        possessed(&[w, l, poss_vowel], buf, emit);
    }
}

/// Russian adjective endings: an adjective takes all of them.
const RU_ADJ: &[&str] = &[
    "ыми", "ими", "ого", "его", "ому", "ему", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие",
    "ых", "их", "ую", "юю", "ым", "им", "ом", "ем", "ей",
];
/// Endings stripped from a Russian noun to find its stem.
const RU_NOUN_END: &[&str] = &[
    "ия", "ие", "ии", "ию", "ья", "ье", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
];
/// Endings a Russian noun stem takes.
const RU_NOUN: &[&str] = &[
    "", "а", "я", "у", "ю", "е", "о", "ом", "ем", "ой", "ей", "ы", "и", "ам", "ям", "ами", "ями",
    "ах", "ях", "ов", "ев", "ию", "ии", "ия", "ие", "ь", "ью", "иям", "иях", "иями",
];

/// A Russian word's stem and the endings it takes: all adjective endings for an
/// adjective, else the noun endings after the longest noun ending it has.
fn russian_paradigm(w: &str) -> (&str, &'static [&'static str]) {
    let n = w.chars().count();
    if n > 4
        && let Some(e) = RU_ADJ
            .iter()
            .filter(|e| w.ends_with(**e))
            .max_by_key(|e| e.len())
    {
        return (&w[..w.len() - e.len()], RU_ADJ);
    }
    let stem = RU_NOUN_END
        .iter()
        .filter(|e| w.ends_with(**e) && n >= e.chars().count() + 3)
        .max_by_key(|e| e.len())
        .map_or(w, |e| &w[..w.len() - e.len()]);
    (stem, RU_NOUN)
}

fn russian_forms(w: &str, buf: &mut String, emit: &mut dyn FnMut(&str)) {
    let (stem, endings) = russian_paradigm(w);
    for e in endings {
        emit_joined(buf, &[stem, e], emit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_forms_cover_possessive_and_case() {
        let f = inflect("министрлік", true);
        for x in [
            "министрлігі",
            "министрлігінің",
            "министрлігімен",
            "министрлігіне",
            "министрлікке",
        ] {
            assert!(f.iter().any(|y| y == x), "{x}");
        }
        let f = inflect("кеңес", true);
        for x in ["кеңесі", "кеңесінің", "кеңестің", "кеңеспен", "кеңеске"]
        {
            assert!(f.iter().any(|y| y == x), "{x}");
        }
        let f = inflect("палата", true);
        assert!(f.iter().any(|y| y == "палатасының"));
        let f = inflect("одақ", true);
        assert!(f.iter().any(|y| y == "одағы") && f.iter().any(|y| y == "одақтағы"));
    }

    #[test]
    fn russian_forms_cover_cases() {
        let f = inflect("министерство", false);
        for x in ["министерства", "министерстве", "министерством"]
        {
            assert!(f.iter().any(|y| y == x), "{x}");
        }
        let f = inflect("национальной", false);
        assert!(f.iter().any(|y| y == "национальный"));
    }

    #[test]
    fn triggers_prefix_every_form() {
        assert_eq!(trigger("одақ", true), "ода");
        assert_eq!(trigger("министерство", false), "минист");
    }

    /// The inflection as first written (a `Vec<String>` per word, `format!` per form):
    /// the oracle the allocation-free [`each_form`] must agree with, form for form.
    mod reference {
        use super::super::VOWELS;

        pub fn kazakh_forms(w: &str) -> Vec<String> {
            let last_vowel = w.chars().rev().find(|c| VOWELS.contains(*c));
            let back = last_vowel.is_none_or(|c| "аоұыяюу".contains(c));
            // Loanwords do not always follow vowel harmony ("банк" → "банкі", "банктің"): the
            // other series is generated too, after the regular one.
            let mut out = kazakh_series(w, back);
            out.extend(kazakh_series(w, !back));
            out
        }

        fn kazakh_series(w: &str, back: bool) -> Vec<String> {
            let vowel_final = w.chars().next_back().is_some_and(|c| VOWELS.contains(c));
            // A final voiceless stop is voiced before a vowel: министрлік → министрлігі.
            let voiced = match w.chars().next_back() {
                Some('к') => format!("{}г", &w[..w.len() - 'к'.len_utf8()]),
                Some('қ') => format!("{}ғ", &w[..w.len() - 'қ'.len_utf8()]),
                Some('п') => format!("{}б", &w[..w.len() - 'п'.len_utf8()]),
                _ => w.to_owned(),
            };
            let (poss, plural, plain_end, poss_end): (&[&str], &[&str], &[&str], &[&str]) = if back
            {
                (
                    if vowel_final { &["сы"] } else { &["ы"] },
                    &["лар", "дар", "тар"],
                    &[
                        "ның", "дың", "тың", "ға", "қа", "ны", "ды", "ты", "да", "та", "дан",
                        "тан", "нан", "мен", "бен", "пен", "дағы", "тағы", "ғы", "қы",
                    ],
                    &["ның", "на", "н", "нда", "нан", "мен", "ндағы"],
                )
            } else {
                (
                    if vowel_final { &["сі"] } else { &["і"] },
                    &["лер", "дер", "тер"],
                    &[
                        "нің", "дің", "тің", "ге", "ке", "ні", "ді", "ті", "де", "те", "ден",
                        "тен", "нен", "мен", "бен", "пен", "дегі", "тегі", "гі", "кі",
                    ],
                    &["нің", "не", "н", "нде", "нен", "мен", "ндегі"],
                )
            };
            let mut plain = vec![w.to_owned()];
            let mut possessed = Vec::new();
            for p in poss {
                let base = if vowel_final { w } else { voiced.as_str() };
                possessed.push(format!("{base}{p}"));
            }
            // A word already in the possessive ("министрлігі" in a name) takes its endings.
            if w.ends_with(['ы', 'і']) {
                possessed.push(w.to_owned());
            }
            for l in plural {
                plain.push(format!("{w}{l}"));
                possessed.push(format!("{w}{l}{}", if back { "ы" } else { "і" }));
            }
            let mut out = Vec::new();
            for b in &plain {
                out.push(b.clone());
                for e in plain_end {
                    out.push(format!("{b}{e}"));
                }
            }
            for b in &possessed {
                out.push(b.clone());
                for e in poss_end {
                    out.push(format!("{b}{e}"));
                }
            }
            out
        }

        pub fn russian_forms(w: &str) -> Vec<String> {
            let (stem, endings) = super::russian_paradigm(w);
            endings.iter().map(|e| format!("{stem}{e}")).collect()
        }
    }

    #[test]
    fn forms_agree_with_the_reference_inflection() {
        for (w, _) in lexicon_words() {
            assert_eq!(inflect(&w, true), reference::kazakh_forms(&w), "{w}");
            assert_eq!(inflect(&w, false), reference::russian_forms(&w), "{w}");
        }
    }

    #[test]
    fn noted_triggers_agree_with_the_forms() {
        for (w, kazakh) in lexicon_words() {
            assert_eq!(trigger(&w, kazakh), trigger_of_forms(&w, kazakh), "{w}");
        }
    }
}
