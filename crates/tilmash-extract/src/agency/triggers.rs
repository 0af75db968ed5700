//! Which word starts of a sentence deserve a closer look.
//!
//! A word is looked at when it opens the sentence, follows an opening quotation mark or
//! bracket, or follows a space or line break and starts with a *trigger*: the first
//! letters of a gazetteer name's first word (capitalized) or of a head noun (see
//! [`super::tables`]). Triggers are two to four characters long (whole abbreviations can
//! be longer): a bit filter over their hashed first two, three and four characters
//! rejects almost every other word with a few probes, and a word that passes it is
//! compared with the triggers that share its first two characters.
//!
//! This replaces an Aho-Corasick automaton over " trigger" and "\ntrigger" patterns and
//! the openers, and finds the same places: the triggers hold only word characters, so no
//! match of that automaton could hide another one.

use super::words::FastMap;

/// Characters after which a word may open a name without a space before it.
#[cfg(test)]
const OPENERS: &[&str] = &["«", "(", "\"", "“", "„", "["];

/// Bits of the pair filter (a power of two).
const FILTER_BITS: usize = 1 << 16;

#[derive(Debug)]
pub struct Triggers {
    /// First two characters → the triggers starting with them.
    by_pair: FastMap<u64, Vec<Box<str>>>,
    /// A bit per hashed prefix (the first four characters, or all of a shorter
    /// trigger) of every trigger.
    filter: Vec<u64>,
}

/// Where the word at a place came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// After a space or line break: counts only when a trigger starts there.
    Spaced,
    /// The sentence start, or right after an opener: always looked at.
    Free,
}

fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// The running hash of a prefix: `step(step(start(a), b), c)` for "abc".
fn start_hash(a: char) -> u32 {
    u32::from(a).wrapping_mul(0x9E37_79B1)
}

fn step_hash(h: u32, c: char) -> u32 {
    (h ^ u32::from(c)).wrapping_mul(0x85EB_CA6B).rotate_left(13)
}

fn bit_of(h: u32) -> usize {
    (h >> 8) as usize & (FILTER_BITS - 1)
}

/// The bytes [`Triggers::each_start`] stops at: the space and line break before a word,
/// the ASCII openers, and the lead bytes of « “ „.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = [b' ', b'\n', b'(', b'"', b'[', 0xC2, 0xE2];
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// Longest prefix (in characters) the filter keys on.
const FILTER_CHARS: usize = 4;

/// The first two characters of `s`.
fn first_two(s: &str) -> Option<(char, char)> {
    let mut c = s.chars();
    Some((c.next()?, c.next()?))
}

impl Triggers {
    /// Index `triggers` (each at least two characters long; shorter ones are ignored).
    pub fn new(triggers: &[String]) -> Triggers {
        let mut by_pair: FastMap<u64, Vec<Box<str>>> = FastMap::default();
        let mut filter = vec![0u64; FILTER_BITS / 64];
        for t in triggers {
            let Some((a, b)) = first_two(t) else { continue };
            by_pair
                .entry(pair_key(a, b))
                .or_default()
                .push(t.as_str().into());
            let mut h = start_hash(a);
            for c in t.chars().skip(1).take(FILTER_CHARS - 1) {
                h = step_hash(h, c);
            }
            let bit = bit_of(h);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Triggers { by_pair, filter }
    }

    /// Whether a trigger may start at the front of `rest` (no false negatives: a
    /// trigger there has the hash of its first two to four characters, one of the
    /// prefixes of `rest` tried).
    pub fn may_begin(&self, rest: &str) -> bool {
        let mut chars = rest.chars();
        let Some(a) = chars.next() else { return false };
        let mut h = start_hash(a);
        for c in chars.take(FILTER_CHARS - 1) {
            h = step_hash(h, c);
            let bit = bit_of(h);
            if self.filter[bit / 64] & (1 << (bit % 64)) != 0 {
                return true;
            }
        }
        false
    }

    /// Whether a trigger starts at the front of `rest`.
    pub fn begins(&self, rest: &str) -> bool {
        first_two(rest)
            .and_then(|(a, b)| self.by_pair.get(&pair_key(a, b)))
            .is_some_and(|ts| ts.iter().any(|t| rest.starts_with(&**t)))
    }

    /// Calls `f` with every place a word may start that is worth a look, in order:
    /// after a space or line break where a trigger begins ([`Start::Spaced`]), and
    /// right after an opener ([`Start::Free`]). The sentence start is the caller's.
    pub fn each_start(&self, s: &str, mut f: impl FnMut(usize, Start)) {
        let b = s.as_bytes();
        for (i, &x) in b.iter().enumerate() {
            // Nearly every byte is none of those below: one table load says so.
            if !INTERESTING[usize::from(x)] {
                continue;
            }
            match x {
                b' ' | b'\n' => {
                    let rest = &s[i + 1..];
                    if self.may_begin(rest) && self.begins(rest) {
                        f(i + 1, Start::Spaced);
                    }
                }
                b'(' | b'"' | b'[' => f(i + 1, Start::Free),
                // « (C2 AB), “ (E2 80 9C), „ (E2 80 9E).
                0xC2 if b.get(i + 1) == Some(&0xAB) => f(i + 2, Start::Free),
                0xE2 if b.get(i + 1) == Some(&0x80)
                    && matches!(b.get(i + 2), Some(0x9C | 0x9E)) =>
                {
                    f(i + 3, Start::Free);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_the_byte_sequences_the_scan_knows() {
        let t = Triggers::new(&[]);
        for o in OPENERS {
            let s = format!("a{o}b");
            let mut seen = Vec::new();
            t.each_start(&s, |p, k| seen.push((p, k)));
            assert_eq!(seen, [(1 + o.len(), Start::Free)], "{o}");
        }
    }

    #[test]
    fn triggers_match_after_spaces_and_line_breaks_only() {
        let t = Triggers::new(&["Ми".to_owned(), "Минис".to_owned(), "ООН".to_owned()]);
        let s = "Министр и Министерство\nООН,Минис";
        let mut seen = Vec::new();
        t.each_start(s, |p, k| seen.push((&s[p..], k)));
        assert_eq!(
            seen,
            [
                ("Министерство\nООН,Минис", Start::Spaced),
                ("ООН,Минис", Start::Spaced)
            ]
        );
        assert!(!t.begins("Мa"));
    }
}
