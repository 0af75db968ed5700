//! `--shard I/N`: a deterministic part of a corpus, so a corpus too large for one machine
//! can be indexed by N machines (any job runner) and joined with `tilmash merge`.
//!
//! A document belongs to shard `hash(path) mod N`: the hash of its path relative to the
//! indexed root (FNV-1a, fixed forever), so its shard does not depend on which other files
//! exist, on the walk order, or on the machine.

use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Does the document at `rel` (path relative to the indexed root) belong here?
    pub fn contains(&self, rel: &str) -> bool {
        fnv1a64(rel.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// 64-bit FNV-1a: tiny, stable across platforms and versions, well spread for paths.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why `I/N` is not a shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("shard must be I/N with 1 <= I <= N (e.g. 2/8), not {0:?}")]
pub struct ShardError(String);

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ShardError(s.to_owned());
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert_eq!(
            "2/8".parse::<Shard>().map(|s| s.to_string()),
            Ok("2/8".to_owned())
        );
        for bad in ["0/3", "4/3", "1/0", "1", "a/b", "1/3/5", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_path_is_in_exactly_one_shard() {
        let paths: Vec<String> = (0..2000)
            .map(|i| format!("dir{}/doc{i}.txt", i % 7))
            .collect();
        for n in [1, 2, 3, 8] {
            let shards: Vec<Shard> = (1..=n).map(|index| Shard { index, count: n }).collect();
            let mut sizes = vec![0usize; n as usize];
            for p in &paths {
                let owners: Vec<usize> =
                    (0..n as usize).filter(|&i| shards[i].contains(p)).collect();
                assert_eq!(owners.len(), 1, "{p} in {owners:?} of {n}");
                sizes[owners[0]] += 1;
            }
            // Spread evenly enough that N machines share the work.
            let even = paths.len() / n as usize;
            assert!(sizes.iter().all(|&s| s * 10 >= even * 8), "{n}: {sizes:?}");
        }
    }

    #[test]
    fn membership_is_fixed() {
        // The hash is part of the on-disk contract: shards made by one version must merge
        // with shards made by another.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
