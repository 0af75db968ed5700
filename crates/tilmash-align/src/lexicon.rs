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
    fwd: FastMap<u32, Vec<(u32, f32)>>,
    bwd: FastMap<u32, Vec<(u32, f32)>>,
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
        // Pairs that co-occur in at least two beads, numbered.
        let mut cooc: FastMap<(u32, u32), u32> = FastMap::default();
        for (s, t) in &sample {
            for &a in s {
                for &b in t {
                    *cooc.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
        let mut pairs: Vec<(u32, u32)> = cooc
            .iter()
            .filter(|&(_, &n)| n >= 2)
            .map(|(&k, _)| k)
            .collect();
        drop(cooc);
        if pairs.is_empty() {
            return Lexicon::default();
        }
        pairs.sort_unstable();
        let index: FastMap<(u32, u32), u32> = pairs
            .iter()
            .enumerate()
            .map(|(k, &p)| (p, k as u32))
            .collect();
        // For every target word of every bead, the pairs that may explain it (and the
        // same the other way round).
        let mut fwd_groups = Groups::default();
        let mut bwd_groups = Groups::default();
        for (s, t) in &sample {
            for &b in t {
                fwd_groups.push(s.iter().filter_map(|&a| index.get(&(a, b)).copied()));
            }
            for &a in s {
                bwd_groups.push(t.iter().filter_map(|&b| index.get(&(a, b)).copied()));
            }
        }
        drop(index);
        let src_of: Vec<u32> = pairs.iter().map(|p| p.0).collect();
        let tgt_of: Vec<u32> = pairs.iter().map(|p| p.1).collect();
        let fwd = em(&fwd_groups, &src_of);
        let bwd = em(&bwd_groups, &tgt_of);
        let mut lex = Lexicon::default();
        for (k, &(s, t)) in pairs.iter().enumerate() {
            let link = (fwd[k] * bwd[k]).sqrt();
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

/// Lists of pair numbers, stored flat.
#[derive(Debug, Default)]
struct Groups {
    items: Vec<u32>,
    ends: Vec<usize>,
}

impl Groups {
    fn push(&mut self, items: impl Iterator<Item = u32>) {
        self.items.extend(items);
        self.ends.push(self.items.len());
    }

    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let g = &self.items[start..end];
            start = end;
            g
        })
    }
}

/// IBM Model 1 over numbered pairs: each group is one word to explain and the pairs
/// whose other word could explain it (plus a NULL word). `given[k]` is the conditioning
/// word of pair k; returns p(explained | given) per pair.
fn em(groups: &Groups, given: &[u32]) -> Vec<f32> {
    let mut dense: FastMap<u32, usize> = FastMap::default();
    let given: Vec<usize> = given
        .iter()
        .map(|g| {
            let next = dense.len();
            *dense.entry(*g).or_insert(next)
        })
        .collect();
    let mut fanout = vec![0u32; dense.len()];
    for &g in &given {
        fanout[g] += 1;
    }
    let mut prob: Vec<f32> = given.iter().map(|&g| 1.0 / fanout[g] as f32).collect();
    let null = 0.05f32;
    let mut counts = vec![0f32; prob.len()];
    let mut totals = vec![0f32; dense.len()];
    for _ in 0..ITERATIONS {
        counts.iter_mut().for_each(|c| *c = 0.0);
        totals.iter_mut().for_each(|c| *c = 0.0);
        for group in groups.iter() {
            let denom: f32 = null + group.iter().map(|&k| prob[k as usize]).sum::<f32>();
            for &k in group {
                let c = prob[k as usize] / denom;
                counts[k as usize] += c;
                totals[given[k as usize]] += c;
            }
        }
        for (k, p) in prob.iter_mut().enumerate() {
            let total = totals[given[k]];
            *p = if total > 0.0 { counts[k] / total } else { 0.0 };
        }
    }
    prob
}

/// FxHash (rustc's hasher): integer keys, no DoS concern, several times faster than
/// SipHash on the co-occurrence counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A hash map with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

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
