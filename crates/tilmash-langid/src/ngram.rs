//! The character n-gram model for Cyrillic text: letter 1- to 3-grams of eight languages
//! (kk, ru, uk, be, bg, mn, sr, mk), distilled from lingua's models by `train/` into
//! `model/cyrl.bin` and compiled into the binary.
//!
//! One table lookup per letter gives the cost (negative log probability, in 1/`scale`
//! nat) of that letter given the two before it, for all languages at once; back-off
//! to shorter contexts is resolved when the table is built, so a miss is rare.

use std::sync::LazyLock;

/// The languages of the model, in table order.
pub const LANGS: [&str; N] = ["kk", "ru", "uk", "be", "bg", "mn", "sr", "mk"];
/// Number of languages in the model.
pub const N: usize = 8;

static BLOB: &[u8] = include_bytes!("../model/cyrl.bin");
static TURKIC_BLOB: &[u8] = include_bytes!("../model/turkic.bin");

/// The compiled-in model.
pub static MODEL: LazyLock<Model<N>> = LazyLock::new(|| Model::parse(BLOB, &LANGS));

/// The languages of the word-type model.
pub const TURKIC_LANGS: [&str; 3] = ["kk", "ky", "ru"];

/// Kazakh, Kyrgyz and Russian: letter trigrams over word types (with word boundaries)
/// from Tesseract's word lists, built by `train/turkic.py`. Its costs compare with each
/// other, not with [`MODEL`]'s.
pub static TURKIC: LazyLock<Model<3>> = LazyLock::new(|| Model::parse(TURKIC_BLOB, &TURKIC_LANGS));

/// An open-addressing hash table from packed n-gram keys to per-language costs.
#[derive(Debug)]
pub struct Model<const L: usize> {
    keys: Vec<u64>,
    costs: Vec<[u8; L]>,
    mask: usize,
    /// Quantization: costs are in units of 1/scale nat.
    pub scale: f32,
    backoff: u32,
    floor: u32,
}

impl<const L: usize> Model<L> {
    /// Parse the blob written by `train/`. The blob is part of the build, so a malformed
    /// one is a build defect: it yields an empty model (every letter costs the floor),
    /// and the unit tests catch it.
    fn parse(blob: &[u8], langs: &[&str; L]) -> Model<L> {
        Self::try_parse(blob, langs).unwrap_or_else(|| Model {
            keys: vec![0; 1],
            costs: vec![[0; L]; 1],
            mask: 0,
            scale: 12.0,
            backoff: 12,
            floor: 192,
        })
    }

    fn try_parse(blob: &[u8], langs: &[&str; L]) -> Option<Model<L>> {
        let mut r = Reader { blob, pos: 0 };
        if r.take(4)? != b"TLID" || r.u32()? != 1 {
            return None;
        }
        let n = r.take(1)?[0] as usize;
        if n != L {
            return None;
        }
        for lang in langs {
            if r.take(2)? != lang.as_bytes() {
                return None;
            }
        }
        let scale = f32::from(r.take(1)?[0]);
        let backoff = u32::from(r.take(1)?[0]);
        let floor = u32::from(r.take(1)?[0]);
        let entries = r.u32()? as usize;
        let capacity = (entries * 2).next_power_of_two().max(2);
        let mut keys = vec![0u64; capacity];
        let mut costs = vec![[0u8; L]; capacity];
        let mask = capacity - 1;
        for _ in 0..entries {
            let key = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
            let c: [u8; L] = r.take(L)?.try_into().ok()?;
            let mut slot = hash(key) & mask;
            while keys[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            costs[slot] = c;
        }
        Some(Model {
            keys,
            costs,
            mask,
            scale,
            backoff,
            floor,
        })
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<&[u8; L]> {
        let mut slot = hash(key) & self.mask;
        loop {
            let k = self.keys[slot];
            if k == key {
                return Some(&self.costs[slot]);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Add the cost of the letter `c` given the (up to two) letters before it in the
    /// same word (code points; 0 for none).
    #[inline(always)]
    pub fn add_letter(&self, acc: &mut Costs<L>, prev2: u32, prev1: u32, c: u32) {
        let c = u64::from(c);
        let mut extra = 0;
        if prev1 != 0 {
            let bigram = (u64::from(prev1) << 21) | c;
            if prev2 != 0 {
                if let Some(costs) = self.get((u64::from(prev2) << 42) | bigram) {
                    acc.add(costs, 0);
                    return;
                }
                extra += self.backoff;
            }
            if let Some(costs) = self.get(bigram) {
                acc.add(costs, extra);
                return;
            }
            extra += self.backoff;
        }
        match self.get(c) {
            Some(costs) => acc.add(costs, extra),
            None => acc.add_all(self.floor + extra),
        }
    }
}

/// Accumulated costs per language (1/scale nat units) and the number of letters scored.
#[derive(Debug, Clone, Copy)]
pub struct Costs<const L: usize = N> {
    pub sum: [u32; L],
    pub letters: u32,
}

impl<const L: usize> Default for Costs<L> {
    fn default() -> Self {
        Costs {
            sum: [0; L],
            letters: 0,
        }
    }
}

impl<const L: usize> Costs<L> {
    #[inline]
    fn add(&mut self, costs: &[u8; L], extra: u32) {
        for (s, &c) in self.sum.iter_mut().zip(costs) {
            *s += u32::from(c) + extra;
        }
        self.letters += 1;
    }

    /// Add a word's costs, each capped at the best language's plus `cap`: one word
    /// (a quoted name) can move the verdict by at most `cap`.
    #[inline]
    pub fn add_word(&mut self, word: &Costs<L>, cap: u32) {
        let best = word.sum.iter().copied().min().unwrap_or(0);
        for (s, &w) in self.sum.iter_mut().zip(&word.sum) {
            *s += w.min(best + cap);
        }
        self.letters += word.letters;
    }

    #[inline]
    fn add_all(&mut self, cost: u32) {
        for s in &mut self.sum {
            *s += cost;
        }
        self.letters += 1;
    }
}

#[inline]
fn hash(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
}

struct Reader<'a> {
    blob: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.blob.get(self.pos..self.pos + n)?;
        self.pos += n;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(word: &str) -> Costs<N> {
        let mut acc = Costs::default();
        let (mut p2, mut p1) = (0, 0);
        for c in word.chars() {
            MODEL.add_letter(&mut acc, p2, p1, c as u32);
            (p2, p1) = (p1, c as u32);
        }
        acc
    }

    fn best(word: &str) -> &'static str {
        let c = score(word);
        let i = (0..N).min_by_key(|&i| c.sum[i]).unwrap_or(0);
        LANGS[i]
    }

    #[test]
    fn the_model_is_compiled_in_and_parses() {
        assert!(MODEL.keys.len() > 40_000, "{}", MODEL.keys.len());
        assert_eq!(MODEL.scale, 12.0);
        assert!(TURKIC.keys.len() > 20_000, "{}", TURKIC.keys.len());
    }

    #[test]
    fn typical_words_score_their_language_best() {
        assert_eq!(best("мемлекеттік"), "kk");
        assert_eq!(best("государственный"), "ru");
        assert_eq!(best("держави"), "uk");
        assert_eq!(best("беларуская"), "be");
    }
}
