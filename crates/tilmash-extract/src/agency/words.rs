//! Words of a sentence and their matching keys.
//!
//! Agency names inflect: Russian changes the head ("Министерство" → "Министерства",
//! "Министерством"), Kazakh adds case and possessive endings to the last word
//! ("министрлігі" → "министрлігінің", "министрлігімен"). Matching compares *keys*: for a
//! word of the lexicon, the lexicon word it is a form of (see [`lexicon`]).

use std::borrow::Cow;
use std::ops::Range;

use super::lexicon;

/// A token of a sentence: a word (letters and digits, with inner hyphens, apostrophes
/// and dots of initials kept inside) or one other character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Byte range in the sentence.
    pub range: Range<usize>,
    pub kind: TokKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    /// An opening quote: « „ “ (and " when it opens).
    Open,
    /// A closing quote: » ” (and " when it closes).
    Close,
    /// Anything else that is not a space: punctuation, symbols, Han characters.
    Other,
}

/// Tokens of `s` (spaces dropped). Han characters are `Other` tokens one by one: the
/// Chinese rules work on characters, not on these tokens.
pub fn tokenize(s: &str) -> Vec<Tok> {
    // About one token per six bytes of Cyrillic text: no regrowth for most sentences.
    let mut out = Vec::with_capacity(s.len() / 6 + 4);
    let mut open_straight = false;
    let mut i = 0;
    while let Some((c, n)) = char_at(s, i) {
        if is_word_char(c) {
            let mut end = i + n;
            let b = s.as_bytes();
            loop {
                // Most word characters are ASCII letters or Cyrillic ones led by 0xD0,
                // 0xD1 or 0xD3 (U+0400..=U+047F, U+04C0..=U+04FF: all letters).
                match b.get(end) {
                    Some(x) if x.is_ascii_alphanumeric() => {
                        end += 1;
                        continue;
                    }
                    Some(0xD0 | 0xD1 | 0xD3) => {
                        end += 2;
                        continue;
                    }
                    _ => {}
                }
                let Some((d, m)) = char_at(s, end) else { break };
                if is_word_char(d)
                    // A hyphen or apostrophe inside a word ("Самұрық-Қазына", "ТМД-ға").
                    || (matches!(d, '-' | '\'' | '’' | '‑')
                        && char_at(s, end + m).is_some_and(|(e, _)| is_word_char(e)))
                {
                    end += m;
                } else {
                    break;
                }
            }
            out.push(Tok {
                range: i..end,
                kind: TokKind::Word,
            });
            i = end;
            continue;
        }
        i += n;
        if c.is_whitespace() {
            continue;
        }
        let kind = match c {
            '«' | '„' | '“' => TokKind::Open,
            '»' | '”' => TokKind::Close,
            '"' => {
                open_straight = !open_straight;
                if open_straight {
                    TokKind::Open
                } else {
                    TokKind::Close
                }
            }
            _ => TokKind::Other,
        };
        out.push(Tok {
            range: i - n..i,
            kind,
        });
    }
    out
}

/// The character at byte `i` of `s` (a character boundary) and its length in bytes.
/// One- and two-byte characters (ASCII, Cyrillic: nearly all the text the word scans
/// read) are decoded here; `chars()` with its iterator state cost about twice as much
/// per character in [`tokenize`].
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let x = *b.get(i)?;
    if x < 0x80 {
        return Some((char::from(x), 1));
    }
    if x < 0xE0 {
        // A two-byte lead (0xC2..=0xDF): the boundary rules out continuation bytes.
        let c = (u32::from(x & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F);
        return char::from_u32(c).map(|c| (c, 2));
    }
    s[i..].chars().next().map(|c| (c, c.len_utf8()))
}

/// The word starting at byte `at` (with inner hyphens, as [`tokenize`] cuts it).
pub fn word_at(s: &str, at: usize) -> &str {
    let mut end = at;
    while let Some((c, n)) = char_at(s, end) {
        // A letter, or a hyphen or apostrophe before a letter.
        let inner = matches!(c, '-' | '\'' | '’' | '‑')
            && char_at(s, end + n).is_some_and(|(d, _)| is_word_char(d));
        if is_word_char(c) || inner {
            end += n;
        } else {
            break;
        }
    }
    &s[at..end]
}

/// Lowercase with ё → е into `buf` (cleared first): no allocation per word.
pub fn fold_into(w: &str, buf: &mut String) {
    buf.clear();
    fold_append(w, buf);
}

/// [`fold`], borrowing `w` when folding leaves it as it is (a lowercase word).
pub fn fold_cow(w: &str) -> Cow<'_, str> {
    match first_to_fold(w.as_bytes()) {
        None => Cow::Borrowed(w),
        Some(i) => {
            let mut out = String::with_capacity(w.len());
            out.push_str(&w[..i]);
            fold_append(&w[i..], &mut out);
            Cow::Owned(out)
        }
    }
}

/// The first byte of a character [`fold`] changes (or may change: characters outside
/// ASCII and the common Cyrillic lowercase are left to [`fold_append`]).
fn first_to_fold(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let y = b.get(i + 1).copied().unwrap_or(0);
        let keep = match x {
            b'A'..=b'Z' => false,
            0..=0x7F => {
                i += 1;
                continue;
            }
            // а–п; р–я, ѐ, ђ–џ but not ё; the odd (lowercase) members of the pairs
            // U+048B–U+04BF and U+04D1–U+04FF (ғ, қ, ң, ү, ұ, һ, ә, ө, …).
            0xD0 => (0xB0..=0xBF).contains(&y),
            0xD1 => y <= 0x9F && y != 0x91,
            0xD2 => (0x8B..=0xBF).contains(&y) && y & 1 == 1,
            0xD3 => (0x91..=0xBF).contains(&y) && y & 1 == 1,
            _ => false,
        };
        if !keep {
            return Some(i);
        }
        i += 2;
    }
    None
}

/// [`fold_into`] without clearing `buf`. Runs of characters that stay as they are
/// (lowercase ASCII and Cyrillic, which is most of a word) are copied whole.
pub fn fold_append(w: &str, buf: &mut String) {
    let b = w.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let unchanged = match x {
            b'A'..=b'Z' => false,
            0..=0x7F => true,
            // а–п (U+0430–U+043F) and р–я, ѐ, ђ–џ (U+0440–U+045F) but not ё (U+0451).
            0xD0 => matches!(b.get(i + 1), Some(0xB0..=0xBF)),
            0xD1 => matches!(b.get(i + 1), Some(&y) if y <= 0x9F && y != 0x91),
            _ => false,
        };
        if unchanged {
            i += if x < 0x80 { 1 } else { 2 };
            continue;
        }
        buf.push_str(&w[copied..i]);
        let c = w[i..].chars().next().unwrap_or_default();
        fold_char(c, buf);
        i += c.len_utf8();
        copied = i;
    }
    buf.push_str(&w[copied..]);
}

fn fold_char(c: char, buf: &mut String) {
    match lower_fast(c) {
        Some(l) => buf.push(if l == 'ё' { 'е' } else { l }),
        None => {
            for l in c.to_lowercase() {
                buf.push(if l == 'ё' { 'е' } else { l });
            }
        }
    }
}

/// Lowercase of ASCII and Cyrillic letters without the Unicode tables (this runs on
/// every word a trigger starts); `None` for anything else.
fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A => u + 0x20,
        0..=0x7F => u,
        0x0400..=0x040F => u + 0x50,
        0x0410..=0x042F => u + 0x20,
        0x0430..=0x045F => u,
        // Pairs: upper case even, lower case odd, except Ӂ…ӎ where it is the reverse.
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x052F => u | 1,
        0x04C1..=0x04CE => {
            if u % 2 == 1 {
                u + 1
            } else {
                u
            }
        }
        _ => return None,
    };
    char::from_u32(l)
}

/// Letters and digits outside the Han blocks. ASCII and Cyrillic letters are answered
/// without the Unicode tables: this runs on every character of the text.
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0x0400..=0x0481 | 0x048A..=0x052F => true,
        _ => c.is_alphanumeric() && !is_han(c),
    }
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3007)
}

/// First letter upper case.
pub fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(is_upper)
}

/// Upper case, with the ASCII and Cyrillic ranges answered without the Unicode tables.
fn is_upper(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A => true,
        0..=0x7F => false,
        0x0400..=0x042F => true,
        0x0430..=0x045F => false,
        0x0460..=0x052F => c.is_uppercase(),
        _ => c.is_uppercase(),
    }
}

/// A fast, deterministic hasher for the short keys of the lexicon and the tables
/// (FNV-1a; the default SipHash guards against hostile keys, which these are not).
#[derive(Debug, Default, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` with [`Fnv`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// An abbreviation: at least two letters, all upper case ("МВД", "ҚР", "UNICEF"),
/// optionally followed by a hyphenated ending ("ТМД-ға", "БҰҰ-ның").
pub fn is_abbreviation(w: &str) -> bool {
    let mut letters = 0;
    // The characters of `abbreviation_part(w)`, read in one pass: most words fail at
    // their first (lowercase) letter, before a search for the hyphen would end.
    for c in w.chars().take_while(|&c| !matches!(c, '-' | '‑')) {
        if is_upper(c) {
            letters += 1;
        } else if !c.is_ascii_digit() {
            return false;
        }
    }
    letters >= 2
}

/// The part of a word before a hyphenated case ending.
fn abbreviation_part(w: &str) -> &str {
    w.split(['-', '‑']).next().unwrap_or(w)
}

/// A word's key: abbreviations as written (without a hyphenated ending); words of the
/// lexicon (every word of a gazetteer name or head noun, in every inflected form the
/// lexicon generated) the lexicon word they are a form of; any other word lowercased
/// with one case ending stripped, behind a `~` so it never equals a lexicon key.
pub fn key(w: &str) -> String {
    key_folded(w, &fold(w)).into_owned()
}

/// [`key`] of `w` given `lower`, its [`fold`]: a lexicon key is borrowed.
pub fn key_folded(w: &str, lower: &str) -> Cow<'static, str> {
    if is_abbreviation(w) {
        return Cow::Owned(abbreviation_part(w).to_owned());
    }
    if let Some(k) = lexicon::lookup(lower) {
        return Cow::Borrowed(k);
    }
    if !lower.chars().any(is_cyrillic) {
        return Cow::Owned(lower.to_owned());
    }
    let kazakh = has_kazakh_letter(lower);
    let endings: &[&str] = if kazakh { KK_FALLBACK } else { RU_FALLBACK };
    let len = lower.chars().count();
    let stem = endings
        .iter()
        .filter(|e| lower.ends_with(**e) && len >= e.chars().count() + 3)
        .max_by_key(|e| e.len())
        .map_or(lower, |e| &lower[..lower.len() - e.len()]);
    let mut out = String::with_capacity(stem.len() + 1);
    out.push('~');
    out.push_str(stem);
    Cow::Owned(out)
}

/// Lowercase, ё → е.
pub fn fold(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    fold_into(w, &mut out);
    out
}

const RU_FALLBACK: &[&str] = &[
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя",
    "ое", "ее", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ых", "их", "ы", "а",
    "я", "о", "е", "у", "ю", "и", "ь",
];

const KK_FALLBACK: &[&str] = &[
    "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та",
    "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен", "ны", "ні",
    "ды", "ді", "ты", "ті",
];

pub fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F)
}

/// Kazakh-only letters: a word with one is Kazakh.
pub fn has_kazakh_letter(w: &str) -> bool {
    w.chars().any(|c| {
        matches!(
            c,
            'ә' | 'ғ'
                | 'қ'
                | 'ң'
                | 'ө'
                | 'ұ'
                | 'ү'
                | 'һ'
                | 'і'
                | 'Ә'
                | 'Ғ'
                | 'Қ'
                | 'Ң'
                | 'Ө'
                | 'Ұ'
                | 'Ү'
                | 'Һ'
                | 'І'
        )
    })
}

/// Lower-case, Capitalized and UPPER-CASE forms of a trigger: the automaton matches
/// them as written (it cannot fold Cyrillic case), so each form is a pattern.
pub fn case_forms(t: &str) -> Vec<String> {
    let lower: String = t.chars().flat_map(char::to_lowercase).collect();
    let mut cap = String::new();
    let mut it = lower.chars();
    if let Some(f) = it.next() {
        cap.extend(f.to_uppercase());
        cap.extend(it);
    }
    let upper: String = lower.chars().flat_map(char::to_uppercase).collect();
    // All-caps text (headlines) is rare in running text; leaving it out keeps the
    // automaton small.
    let _ = upper;
    let mut out = vec![lower, cap];
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_at_decodes_like_chars() {
        // tokenize takes characters led by these bytes as word characters unasked.
        for c in (0x80..0x800).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            if matches!(c.encode_utf8(&mut buf).as_bytes()[0], 0xD0 | 0xD1 | 0xD3) {
                assert!(is_word_char(c), "{c:?}");
            }
        }
        let s = "aZ9 Ёё Әәғқңөұүһі ҂҈ é ß — «x» 浙江省 𝔸 ‑’";
        let got: Vec<(usize, char)> =
            std::iter::successors(Some(0), |&i| char_at(s, i).map(|(_, n)| i + n))
                .filter_map(|i| char_at(s, i).map(|(c, _)| (i, c)))
                .collect();
        assert_eq!(got, s.char_indices().collect::<Vec<_>>());
        assert_eq!(word_at("-ға x", 0), "-ға");
        assert_eq!(word_at("ТМД-ға, x", 0), "ТМД-ға");
        assert_eq!(word_at("a- b", 0), "a");
    }

    #[test]
    fn inflected_forms_share_a_key() {
        for (a, b) in [
            ("Министерство", "Министерства"),
            ("Министерство", "Министерстве"),
            ("Министерство", "министерством"),
            ("министрлігі", "министрлігінің"),
            ("министрлігі", "Министрлігімен"),
            ("министрлік", "министрлігіне"),
            ("одақ", "одағы"),
            ("одақ", "одақтағы"),
            ("Үкімет", "Үкіметтің"),
            ("Үкімет", "Үкіметпен"),
            ("Мәжіліс", "Мәжілісте"),
            ("Парламент", "Парламентінде"),
            ("Казахстан", "Казахстана"),
            ("комиссиясы", "комиссиясының"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_words_keep_different_keys() {
        assert_ne!(key("министр"), key("министерство"));
        assert_ne!(key("ұйымдастыру"), key("ұйым"));
        assert_ne!(key("образования"), key("науки"));
    }

    #[test]
    fn fold_agrees_with_folding_char_by_char() {
        let by_char = |w: &str| {
            let mut out = String::new();
            for c in w.chars() {
                fold_char(c, &mut out);
            }
            out
        };
        for u in 0..=0x2FFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let w = format!("aБ{c}ёЁz{c}");
            assert_eq!(fold(&w), by_char(&w), "U+{u:04X}");
            let v = format!("а{c}б");
            assert_eq!(fold_cow(&v), by_char(&v), "U+{u:04X}");
            let x = c.to_string();
            assert_eq!(fold_cow(&x), by_char(&x), "U+{u:04X}");
        }
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        for u in 0x0400..=0x052F_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(l) = lower_fast(c) {
                let expected: String = c.to_lowercase().collect();
                assert_eq!(l.to_string(), expected, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn abbreviations_keep_their_case_and_drop_endings() {
        assert_eq!(key("ТМД-ға"), "ТМД");
        assert_eq!(key("ООН"), "ООН");
        assert!(is_abbreviation("ҚР"));
        assert!(!is_abbreviation("Қ"));
        assert!(!is_abbreviation("Министерство"));
    }

    #[test]
    fn tokens_keep_hyphenated_words_and_quotes() {
        let s = "«Самұрық-Қазына» АҚ, ТМД-ға.";
        let toks = tokenize(s);
        let texts: Vec<&str> = toks.iter().map(|t| &s[t.range.clone()]).collect();
        assert_eq!(
            texts,
            ["«", "Самұрық-Қазына", "»", "АҚ", ",", "ТМД-ға", "."]
        );
        assert_eq!(toks[0].kind, TokKind::Open);
        assert_eq!(toks[2].kind, TokKind::Close);
    }
}
