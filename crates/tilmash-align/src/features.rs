//! What the aligner knows about a sentence: its length and a set of keys — words (folded,
//! cut to a five-letter stem so Kazakh endings and cognates meet), numbers, months,
//! punctuation, phonetic skeletons of names — each with a weight (its rarity in the
//! document). Keys are interned into `u32` ids shared by both sides, so a number or a
//! cognate on one side and the same key on the other are the same id.

use std::collections::HashMap;

use tilmash_segment::TokenKind;

use crate::normalize::{
    cn_number, cyrillic_skeleton, digits_value, dotted_date, fold, halfwidth, han_skeleton,
    is_cn_numeral, is_percent_word, is_translit, latin_skeleton, month, number_word,
};

/// Writing system of a text, as far as alignment cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Han,
    Other,
}

impl Script {
    /// The dominant script of a sample of text (Han characters count triple: one carries
    /// about as much as three letters).
    pub fn of(text: &str) -> Script {
        let (mut latin, mut cyr, mut han, mut other) = (0usize, 0usize, 0usize, 0usize);
        for c in text.chars() {
            match c as u32 {
                0x0400..=0x052F => cyr += 1,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => han += 3,
                _ if c.is_ascii_alphabetic() || (0xC0..=0x24F).contains(&(c as u32)) => latin += 1,
                _ if c.is_alphabetic() => other += 1,
                _ => {}
            }
        }
        let best = latin.max(cyr).max(han).max(other);
        if best == 0 {
            Script::Other
        } else if best == han {
            Script::Han
        } else if best == cyr {
            Script::Cyrillic
        } else if best == latin {
            Script::Latin
        } else {
            Script::Other
        }
    }
}

/// Kind of a key; decides its weight and whether the same key on both sides is a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A word too short to be matched by identity (only the lexicon links it).
    ShortWord,
    /// A word matched by identity when the other side has it (cognates, names, Latin
    /// tokens in non-Latin text).
    Word,
    Number,
    Month,
    Punct,
    /// Phonetic skeleton of a name.
    Sound,
}

/// Interned keys shared by the two sides of a pair.
#[derive(Debug, Default)]
pub struct Keys {
    map: HashMap<String, u32>,
    kinds: Vec<KeyKind>,
    names: Vec<String>,
}

impl Keys {
    pub fn id(&mut self, key: &str, kind: KeyKind) -> u32 {
        if let Some(&id) = self.map.get(key) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.map.insert(key.to_owned(), id);
        self.kinds.push(kind);
        self.names.push(key.to_owned());
        id
    }

    pub fn name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(String::as_str)
    }

    pub fn get(&self, key: &str) -> Option<u32> {
        self.map.get(key).copied()
    }

    pub fn kind(&self, id: u32) -> KeyKind {
        self.kinds
            .get(id as usize)
            .copied()
            .unwrap_or(KeyKind::ShortWord)
    }

    /// Does the same key on both sides count as a match?
    pub fn identity(&self, id: u32) -> bool {
        !matches!(self.kind(id), KeyKind::ShortWord)
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}

/// One sentence, ready for scoring.
#[derive(Debug, Clone, Default)]
pub struct Sent {
    /// Length in characters, whitespace excluded.
    pub len: f32,
    /// Sorted, distinct key ids.
    pub keys: Vec<u32>,
    /// Weight of each key (same order).
    pub weights: Vec<f32>,
    /// Sum of `weights`.
    pub total: f32,
    /// Sentences inside the segment (see [`sentence_count`]).
    pub stops: f32,
}

/// How many sentences a segment holds: 1 plus the sentence ends inside it (a run of
/// `.!?。！？…` followed by a new sentence: after a space an upper-case letter, an opening
/// quote or bracket; after a Chinese stop anything). 0 for an empty segment.
pub fn sentence_count(text: &str) -> f32 {
    let chars: Vec<char> = text.trim().chars().collect();
    if chars.is_empty() {
        return 0.0;
    }
    let terminal = |c: char| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…');
    let closing = |c: char| matches!(c, '"' | '\'' | '”' | '’' | '»' | '」' | '』' | ')' | '）');
    let mut count = 1.0;
    let mut k = 0;
    while k < chars.len() {
        if !terminal(chars[k]) {
            k += 1;
            continue;
        }
        let cjk = matches!(chars[k], '。' | '！' | '？');
        let start = k;
        while k < chars.len() && (terminal(chars[k]) || closing(chars[k])) {
            k += 1;
        }
        let cjk = cjk
            || chars[start..k]
                .iter()
                .any(|&c| matches!(c, '。' | '！' | '？'));
        let mut next = k;
        while next < chars.len() && chars[next].is_whitespace() {
            next += 1;
        }
        let Some(&c) = chars.get(next) else { break };
        // A single letter before "." is an initial or an abbreviation.
        let initial = chars[start] == '.'
            && start >= 1
            && chars[start - 1].is_alphabetic()
            && (start < 2 || !chars[start - 2].is_alphabetic());
        let new_sentence = if cjk {
            true
        } else {
            next > k
                && !initial
                && (c.is_uppercase()
                    || matches!(c, '"' | '«' | '“' | '„' | '(' | '—' | '–')
                    || ('\u{3400}'..='\u{9fff}').contains(&c))
        };
        if new_sentence {
            count += 1.0;
        }
    }
    count
}

/// Keys of one sentence. `cross_script`: the other side is written in another script
/// (then names also get phonetic skeletons).
pub fn sentence_keys(
    text: &str,
    script: Script,
    cross_script: bool,
    keys: &mut Keys,
) -> (f32, Vec<u32>) {
    let t = halfwidth(text);
    let len = t.chars().filter(|c| !c.is_whitespace()).count() as f32;
    let mut out: Vec<u32> = Vec::new();
    let toks = tilmash_segment::tokens(&t, 0..t.len());
    let is_num = |k: usize| {
        toks.get(k).is_some_and(|tok| {
            tok.kind == TokenKind::Number
                || t[tok.range.clone()].starts_with(|c: char| c.is_ascii_digit())
        })
    };
    for (k, tok) in toks.iter().enumerate() {
        let s = &t[tok.range.clone()];
        match tok.kind {
            TokenKind::Number => number_keys(s, &t[tok.range.end..], keys, &mut out),
            TokenKind::Word => {
                let (digits, rest) = split_leading_digits(s);
                if !digits.is_empty() {
                    number_keys(digits, rest, keys, &mut out);
                }
                let word = rest.trim_start_matches(['-', '‑']);
                if word.chars().any(char::is_alphabetic) {
                    let near = k > 0 && is_num(k - 1) || is_num(k + 1) || !digits.is_empty();
                    word_keys(word, script, cross_script, near, keys, &mut out);
                }
            }
            TokenKind::Han => {
                let chars = s.chars().count();
                let kind = if chars >= 2 {
                    KeyKind::Word
                } else {
                    KeyKind::ShortWord
                };
                out.push(keys.id(&format!("h:{s}"), kind));
            }
            TokenKind::Punct => {
                let c = s.chars().next().unwrap_or(' ');
                let key = match c {
                    '?' => "p:?",
                    '!' => "p:!",
                    '«' | '»' | '"' | '“' | '”' | '„' | '‟' | '《' | '》' | '「' | '」' | '『'
                    | '』' | '〈' | '〉' => "p:q",
                    '(' | '[' => "p:(",
                    ':' => "p::",
                    ';' => "p:;",
                    '%' | '‰' => "p:%",
                    '…' => "p:…",
                    _ => continue,
                };
                out.push(keys.id(key, KeyKind::Punct));
            }
        }
    }
    if script == Script::Han || t.chars().any(is_cn_numeral) {
        cn_numeral_keys(&t, keys, &mut out);
    }
    if cross_script && script == Script::Han {
        // Names: runs of transliteration characters (jieba often splits them).
        for run in t.split(|c: char| !is_translit(c)) {
            if let Some(sk) = han_skeleton(run).filter(|sk| sk.len() >= 2) {
                out.push(keys.id(&format!("t:{sk}"), KeyKind::Sound));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (len, out)
}

fn split_leading_digits(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

fn number_keys(s: &str, after: &str, keys: &mut Keys, out: &mut Vec<u32>) {
    if let Some((d, m, y)) = dotted_date(s) {
        out.push(keys.id(&format!("#{d}"), KeyKind::Number));
        out.push(keys.id(&format!("m:{m}"), KeyKind::Month));
        out.push(keys.id(&format!("#{y}"), KeyKind::Number));
        return;
    }
    let Some(v) = digits_value(s) else { return };
    // Chinese "1月" is January, not the number one.
    if after.trim_start().starts_with('月')
        && let Ok(m) = v.parse::<u32>()
        && (1..=12).contains(&m)
    {
        out.push(keys.id(&format!("m:{m}"), KeyKind::Month));
        return;
    }
    out.push(keys.id(&format!("#{v}"), KeyKind::Number));
}

fn word_keys(
    word: &str,
    script: Script,
    cross_script: bool,
    near_number: bool,
    keys: &mut Keys,
    out: &mut Vec<u32>,
) {
    let folded = fold(word);
    if let Some(n) = number_word(&folded) {
        out.push(keys.id(&format!("#{n}"), KeyKind::Number));
        return;
    }
    if let Some(m) = month(&folded, near_number) {
        out.push(keys.id(&format!("m:{m}"), KeyKind::Month));
        return;
    }
    if is_percent_word(&folded) {
        out.push(keys.id("p:%", KeyKind::Punct));
        return;
    }
    let chars = folded.chars().count();
    let stem: String = folded.chars().take(5).collect();
    let ascii = word.is_ascii();
    let kind = if chars >= 4 || (ascii && script != Script::Latin && chars >= 2) {
        KeyKind::Word
    } else {
        KeyKind::ShortWord
    };
    out.push(keys.id(&format!("w:{stem}"), kind));
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    if cross_script && capital && chars >= 3 {
        let cyrillic = word.chars().any(|c| ('\u{400}'..='\u{52f}').contains(&c));
        let sk = if cyrillic {
            cyrillic_skeleton(word)
        } else {
            latin_skeleton(word)
        };
        if sk.len() >= 2 {
            out.push(keys.id(&format!("t:{sk}"), KeyKind::Sound));
        }
        // Case endings add a consonant or two (Муссолинидің, Тобрукқа, Ливиядағы).
        if cyrillic {
            for cut in 1..=2 {
                if sk.len() >= cut + 3 {
                    out.push(keys.id(&format!("t:{}", &sk[..sk.len() - cut]), KeyKind::Sound));
                }
            }
        }
    }
}

/// Chinese numerals in context: 第十二条, 一九四〇年, 十月, 三个.
fn cn_numeral_keys(t: &str, keys: &mut Keys, out: &mut Vec<u32>) {
    let chars: Vec<char> = t.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        if !is_cn_numeral(chars[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && is_cn_numeral(chars[k]) {
            k += 1;
        }
        let run: String = chars[start..k].iter().collect();
        let Some(v) = cn_number(&run) else { continue };
        let prev = start.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k).copied();
        let len = k - start;
        if next == Some('月') && (1..=12).contains(&v) && prev != Some('个') {
            out.push(keys.id(&format!("m:{v}"), KeyKind::Month));
            continue;
        }
        let counted = next.is_some_and(|n| "年条章款项节日号名人岁次倍届周天%".contains(n));
        let ordinal = prev == Some('第');
        let keep = if v == 1 {
            ordinal || next.is_some_and(|n| "日号".contains(n))
        } else if v == 0 {
            false
        } else {
            ordinal || counted || len >= 2 || next == Some('个')
        };
        if keep {
            out.push(keys.id(&format!("#{v}"), KeyKind::Number));
        }
    }
}

/// Weight multiplier of a key kind (applied to its rarity).
pub fn kind_weight(kind: KeyKind) -> f32 {
    match kind {
        KeyKind::Number => 2.0,
        KeyKind::Month => 1.5,
        KeyKind::Punct => 0.5,
        KeyKind::Sound => 1.0,
        KeyKind::Word | KeyKind::ShortWord => 1.0,
    }
}

/// Turn key lists into weighted sentences: weight = kind × ln(1 + N / df), df counted
/// on this side of the document.
pub fn weigh(raw: Vec<(f32, Vec<u32>)>, keys: &Keys) -> Vec<Sent> {
    let n = raw.len().max(1) as f32;
    let mut df: HashMap<u32, u32> = HashMap::new();
    for (_, ks) in &raw {
        for &k in ks {
            *df.entry(k).or_insert(0) += 1;
        }
    }
    raw.into_iter()
        .map(|(len, ks)| {
            let weights: Vec<f32> = ks
                .iter()
                .map(|k| {
                    let d = df.get(k).copied().unwrap_or(1) as f32;
                    kind_weight(keys.kind(*k)) * (1.0 + n / d).ln()
                })
                .collect();
            let total = weights.iter().sum();
            Sent {
                len,
                keys: ks,
                weights,
                total,
                stops: 0.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str, script: Script, cross: bool) -> Vec<String> {
        let mut keys = Keys::default();
        let (_, ids) = sentence_keys(text, script, cross, &mut keys);
        let mut names: Vec<String> = keys
            .map
            .iter()
            .filter(|(_, id)| ids.contains(id))
            .map(|(k, _)| k.clone())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn sentences_inside_a_segment() {
        assert_eq!(sentence_count("Одно. Второе предложение! «Третье»."), 3.0);
        assert_eq!(sentence_count("Е.Аукенов сказал, т.е. всё 1.5 раза."), 1.0);
        assert_eq!(sentence_count("你好。再见！“好的。”他说。"), 4.0);
        assert_eq!(sentence_count(""), 0.0);
    }

    #[test]
    fn dates_meet_across_kk_ru_zh() {
        let kk = named("2020 жылғы 11 қаңтарда", Script::Cyrillic, false);
        let ru = named("11 января 2020 года", Script::Cyrillic, false);
        let zh = named("2020年1月11日", Script::Han, true);
        for set in [&kk, &ru, &zh] {
            for key in ["#2020", "#11", "m:1"] {
                assert!(set.contains(&key.to_owned()), "{key} missing in {set:?}");
            }
        }
    }

    #[test]
    fn article_numbers_meet() {
        for (text, script) in [
            ("12-бап", Script::Cyrillic),
            ("Статья 12", Script::Cyrillic),
            ("第十二条", Script::Han),
            ("第１２条", Script::Han),
        ] {
            assert!(
                named(text, script, false).contains(&"#12".to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn cognates_and_names() {
        let kk = named("Муссолинидің мұрагері Тобрукқа", Script::Cyrillic, true);
        let ru = named("наследник Муссолини в Тобруке", Script::Cyrillic, true);
        let zh = named("墨索里尼的继承人在托布鲁克", Script::Han, true);
        assert!(kk.contains(&"w:муссо".to_owned()) && ru.contains(&"w:муссо".to_owned()));
        for set in [&kk, &ru, &zh] {
            assert!(set.contains(&"t:MSLN".to_owned()), "{set:?}");
            assert!(set.contains(&"t:DBLK".to_owned()), "{set:?}");
        }
    }
}
