//! One automaton pass per sentence for the keywords of two extractors: the date rules'
//! trigger words and the number words of the count rules. Both are short Cyrillic (and
//! Han) words; searched separately they cost two passes of a byte automaton over every
//! sentence, the largest share of date and count extraction after the rules themselves.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::{counts, dates};

/// What one pattern of the automaton stands for (one written form may stand for several:
/// "тоқсан" is ninety and a quarter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A keyword of the date rule with this index.
    DateRule(usize),
    /// One of the `also` words of the date rule with this index.
    DateAlso(usize),
    /// A number word ("екі", "двадцать", in any of its case forms).
    NumberWord,
}

static AUTOMATON: LazyLock<(AhoCorasick, Vec<Vec<Owner>>)> = LazyLock::new(|| {
    let mut patterns: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<Owner>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |form: String, owner: Owner| match index.get(&form) {
        Some(&i) if owners[i].contains(&owner) => {}
        Some(&i) => owners[i].push(owner),
        None => {
            index.insert(form.clone(), patterns.len());
            patterns.push(form);
            owners.push(vec![owner]);
        }
    };
    for (form, rule, also) in dates::trigger_forms() {
        add(
            form,
            if also {
                Owner::DateAlso(rule)
            } else {
                Owner::DateRule(rule)
            },
        );
    }
    for form in counts::number_word_forms() {
        add(form, Owner::NumberWord);
    }
    // A full DFA: the keywords share their first bytes (Cyrillic letters all start with
    // 0xD0/0xD1), so no prefilter helps and the per-byte cost of the automaton is all.
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .unwrap_or_else(|e| panic!("keywords: {e}"));
    (ac, owners)
});

/// A sentence's keywords.
pub(crate) struct Keywords {
    /// Where each date rule's keywords are.
    pub(crate) dates: dates::Triggered,
    /// The number words that start a word, leftmost-longest (the longest form at each
    /// start: "четырех" over "четыре"), in order: (start, end).
    pub(crate) number_words: Vec<(usize, usize)>,
}

/// Find the keywords of `s` in one overlapping pass.
pub(crate) fn find(s: &str) -> Keywords {
    let (ac, owners) = &*AUTOMATON;
    let mut dates = dates::Triggered::default();
    let mut number_words: Vec<(usize, usize)> = Vec::new();
    for m in ac.find_overlapping_iter(s) {
        for owner in &owners[m.pattern().as_usize()] {
            match *owner {
                Owner::DateRule(rule) => dates.note(rule, m.start(), m.end()),
                Owner::DateAlso(rule) => dates.note_also(rule),
                // A number word inside a word ("он" in "конституция") is never one.
                Owner::NumberWord
                    if !s[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(crate::is_word_char) =>
                {
                    number_words.push((m.start(), m.end()));
                }
                Owner::NumberWord => {}
            }
        }
    }
    // Overlapping matches come in order of their ends; keep the longest at each start,
    // then what a leftmost-longest search would have returned.
    number_words.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(number_words.len());
    for (start, end) in number_words {
        if kept.last().is_none_or(|&(_, last_end)| start >= last_end) {
            kept.push((start, end));
        }
    }
    Keywords {
        dates,
        number_words: kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(s: &'a str, k: &Keywords) -> Vec<&'a str> {
        k.number_words.iter().map(|&(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn number_words_start_words_and_are_the_longest_form() {
        let s = "Конституция: четырех школ и Екі мың, ТОҚСАН бала";
        let k = find(s);
        assert_eq!(words(s, &k), ["четырех", "Екі", "мың", "ТОҚСАН"]);
    }

    #[test]
    fn one_form_serves_a_date_rule_and_the_number_words() {
        // "тоқсан" is ninety and a quarter ("алғашқы тоқсанда").
        let s = "алғашқы тоқсанда";
        let k = find(s);
        assert_eq!(words(s, &k), ["тоқсан"]);
        assert!(k.dates.any());
    }
}
