//! A bilingual lexicon: which source key translates which target key, and how surely.
//!
//! Induced from aligned beads with IBM Model 1 (EM over word co-occurrence, in both
//! directions; a link's strength is the geometric mean of the two translation
//! probabilities), restricted to pairs seen together in at least two beads, so a word
//! met once cannot vouch for the bead that taught it. A user dictionary adds sure links.

use std::collections::HashMap;

use crate::features::{KeyKind, Keys};

/// Most beads an induction looks at (evenly sampled); bounds time and memory on very
/// long documents, where a few thousand beads teach all the lexicon can learn.
const MAX_BEADS: usize = 6000;
/// Links weaker than this are dropped.
const MIN_LINK: f32 = 0.05;
/// Translations kept per key.
const TOP: usize = 8;
/// EM iterations per direction.
const ITERATIONS: usize = 5;

/// Links from source keys to target keys and back.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    fwd: HashMap<u32, Vec<(u32, f32)>>,
    bwd: HashMap<u32, Vec<(u32, f32)>>,
}

impl Lexicon {
    /// Translations of source key `s`, strongest first.
    pub fn targets(&self, s: u32) -> &[(u32, f32)] {
        self.fwd.get(&s).map_or(&[], Vec::as_slice)
    }

    /// Translations of target key `t`, strongest first.
    pub fn sources(&self, t: u32) -> &[(u32, f32)] {
        self.bwd.get(&t).map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.fwd.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.fwd.is_empty()
    }

    /// Add (or strengthen) a link.
    pub fn add(&mut self, s: u32, t: u32, p: f32) {
        upsert(self.fwd.entry(s).or_default(), t, p);
        upsert(self.bwd.entry(t).or_default(), s, p);
    }

    /// Add every link of `other` (keeping the stronger of two).
    pub fn merge(&mut self, other: &Lexicon) {
        for (&s, ts) in &other.fwd {
            for &(t, p) in ts {
                self.add(s, t, p);
            }
        }
    }

    fn finish(&mut self) {
        for list in self.fwd.values_mut().chain(self.bwd.values_mut()) {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(TOP);
        }
    }

    /// IBM-1 induction from beads given as (source keys, target keys), sorted and
    /// distinct. Only word keys take part: numbers, months, punctuation and name
    /// skeletons already match by identity.
    pub fn induce(beads: &[(Vec<u32>, Vec<u32>)], keys: &Keys) -> Lexicon {
        let step = beads.len().div_ceil(MAX_BEADS).max(1);
        let words = |ks: &[u32]| -> Vec<u32> {
            ks.iter()
                .copied()
                .filter(|&k| matches!(keys.kind(k), KeyKind::Word | KeyKind::ShortWord))
                .collect()
        };
        let sample: Vec<(Vec<u32>, Vec<u32>)> = beads
            .iter()
            .step_by(step)
            .map(|(s, t)| (words(s), words(t)))
            .collect();
        // Keys seen in at least two beads on their side.
        let mut freq_s: HashMap<u32, u32> = HashMap::new();
        let mut freq_t: HashMap<u32, u32> = HashMap::new();
        for (s, t) in &sample {
            for &k in s {
                *freq_s.entry(k).or_insert(0) += 1;
            }
            for &k in t {
                *freq_t.entry(k).or_insert(0) += 1;
            }
        }
        let sample: Vec<(Vec<u32>, Vec<u32>)> = sample
            .into_iter()
            .map(|(s, t)| {
                (
                    s.into_iter().filter(|k| freq_s[k] >= 2).collect(),
                    t.into_iter().filter(|k| freq_t[k] >= 2).collect(),
                )
            })
            .collect();
        // Pairs that co-occur in at least two beads.
        let mut cooc: HashMap<(u32, u32), u32> = HashMap::new();
        for (s, t) in &sample {
            for &a in s {
                for &b in t {
                    *cooc.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
        cooc.retain(|_, n| *n >= 2);
        if cooc.is_empty() {
            return Lexicon::default();
        }
        let fwd = em(&sample, &cooc, false);
        let swapped: Vec<(Vec<u32>, Vec<u32>)> =
            sample.iter().map(|(s, t)| (t.clone(), s.clone())).collect();
        let cooc_b: HashMap<(u32, u32), u32> =
            cooc.iter().map(|(&(a, b), &n)| ((b, a), n)).collect();
        let bwd = em(&swapped, &cooc_b, true);
        let mut lex = Lexicon::default();
        for (&(s, t), &p) in &fwd {
            let q = bwd.get(&(t, s)).copied().unwrap_or(0.0);
            let link = (p * q).sqrt();
            if link >= MIN_LINK {
                lex.fwd.entry(s).or_default().push((t, link));
                lex.bwd.entry(t).or_default().push((s, link));
            }
        }
        lex.finish();
        lex
    }
}

fn upsert(list: &mut Vec<(u32, f32)>, key: u32, p: f32) {
    if let Some(e) = list.iter_mut().find(|e| e.0 == key) {
        e.1 = e.1.max(p);
    } else {
        list.push((key, p));
        list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }
}

/// IBM Model 1: t(target | source) over the allowed pairs, with a NULL source.
/// Returns probabilities keyed (source, target) in the orientation of `pairs`
/// (`swapped` only documents that the caller passed them reversed).
fn em(
    beads: &[(Vec<u32>, Vec<u32>)],
    allowed: &HashMap<(u32, u32), u32>,
    _swapped: bool,
) -> HashMap<(u32, u32), f32> {
    let mut fanout: HashMap<u32, u32> = HashMap::new();
    for &(s, _) in allowed.keys() {
        *fanout.entry(s).or_insert(0) += 1;
    }
    let mut prob: HashMap<(u32, u32), f32> = allowed
        .keys()
        .map(|&(s, t)| ((s, t), 1.0 / fanout[&s] as f32))
        .collect();
    let null = 0.05f32;
    let mut cands: Vec<((u32, u32), f32)> = Vec::new();
    for _ in 0..ITERATIONS {
        let mut counts: HashMap<(u32, u32), f32> = HashMap::with_capacity(prob.len());
        let mut totals: HashMap<u32, f32> = HashMap::new();
        for (src, tgt) in beads {
            for &t in tgt {
                cands.clear();
                let mut denom = null;
                for &s in src {
                    if let Some(&p) = prob.get(&(s, t)) {
                        cands.push(((s, t), p));
                        denom += p;
                    }
                }
                for &(pair, p) in &cands {
                    let c = p / denom;
                    *counts.entry(pair).or_insert(0.0) += c;
                    *totals.entry(pair.0).or_insert(0.0) += c;
                }
            }
        }
        for (pair, p) in prob.iter_mut() {
            let c = counts.get(pair).copied().unwrap_or(0.0);
            let total = totals.get(&pair.0).copied().unwrap_or(0.0);
            *p = if total > 0.0 { c / total } else { 0.0 };
        }
    }
    prob
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn induces_repeated_translations_only() {
        let mut keys = Keys::default();
        let mut id = |k: &str| keys.id(k, KeyKind::Word);
        let (a, b, c, x, y, z, once_s, once_t) = (
            id("w:a"),
            id("w:b"),
            id("w:c"),
            id("w:x"),
            id("w:y"),
            id("w:z"),
            id("w:o"),
            id("w:p"),
        );
        let sorted = |mut v: Vec<u32>| {
            v.sort_unstable();
            v
        };
        let beads = vec![
            (sorted(vec![a, b]), sorted(vec![x, y])),
            (sorted(vec![a, c]), sorted(vec![x, z])),
            (sorted(vec![b, c]), sorted(vec![y, z])),
            (sorted(vec![a, b, once_s]), sorted(vec![x, y, once_t])),
        ];
        let lex = Lexicon::induce(&beads, &keys);
        assert_eq!(lex.targets(a).first().map(|e| e.0), Some(x));
        assert_eq!(lex.targets(c).first().map(|e| e.0), Some(z));
        assert_eq!(lex.sources(y).first().map(|e| e.0), Some(b));
        assert!(lex.targets(once_s).is_empty());
    }
}
