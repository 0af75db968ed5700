//! The aligner: a dynamic programme over beads (0–1, 1–0, 1–1, 1–2, 2–1, 2–2, 1–3, 3–1)
//! inside a band, run in passes that each know more:
//!
//! 1. **length** — Gale–Church-like cost on the log length ratio, the ratio and its spread
//!    calibrated on the document itself; a diagonal band (or the whole matrix for short
//!    documents), widened whenever the best path touches its edge;
//! 2. **anchors** — plus a similarity of the bead's keys that match by identity (numbers,
//!    dates, months, punctuation, cognates, Latin tokens, name skeletons), in a narrow
//!    band around the previous path;
//! 3. **lexicon** (twice) — plus links of a lexicon induced (IBM-1) from the previous
//!    path's confident beads and the user's dictionary.
//!
//! The cost of a bead is a type penalty, a length term and a dissimilarity term that
//! grows with the number of sentences in the bead; deleting a sentence costs a constant.
//! Similarities are normalized by a typical aligned bead of the same document, so the
//! same weights serve kk–ru (many cognates) and zh–ru (few shared keys).

use crate::features::{Keys, Script, Sent, sentence_count, sentence_keys, weigh};
use crate::lexicon::Lexicon;

/// Bead shapes the DP considers: (source sentences, target sentences).
pub const SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
];

/// Documents up to this many DP cells are aligned over the whole matrix.
const FULL_MATRIX_CELLS: usize = 4_000_000;

/// One bead: 0-based sentence indices on each side (consecutive, possibly empty) and a
/// confidence in [0, 1] (0 for insertions and deletions).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    pub score: f32,
}

/// Tunable weights of the cost. The defaults were chosen on development data of five
/// language pairs and are the same for all of them.
#[derive(Debug, Clone)]
pub struct Params {
    /// Weight of the squared length z-score.
    pub len_w: f32,
    /// Weight of dissimilarity, per half sentence in the bead.
    pub sim_w: f32,
    /// Cost of leaving one non-empty sentence unaligned (length-only pass).
    pub del_len: f32,
    /// Cost of leaving one non-empty sentence unaligned (passes with similarity).
    pub del: f32,
    /// Type penalties: 1–2/2–1, 2–2, 1–3/3–1.
    pub k12: f32,
    pub k22: f32,
    pub k13: f32,
    /// Half-width of the band around the previous path, in sentences.
    pub band: usize,
    /// Multiplier of lexicon link strengths (capped at 1).
    pub lex_gain: f32,
    /// Percentile of aligned 1–1 similarities taken as "fully similar".
    pub ref_pct: f32,
    /// Passes with the induced lexicon.
    pub lex_passes: usize,
    /// Share of beads (the most similar) the lexicon is induced from.
    pub train_share: f32,
    /// Pseudo-weight pulling similarity of key-poor beads towards neutral.
    pub prior_w: f32,
    /// Cost per sentence of difference between the sentences the two sides hold.
    pub stop_w: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            len_w: 0.5,
            sim_w: 4.0,
            del_len: 4.0,
            del: 4.0,
            k12: 1.5,
            k22: 4.5,
            k13: 4.0,
            band: 12,
            lex_gain: 1.5,
            ref_pct: 0.6,
            lex_passes: 2,
            train_share: 0.8,
            prior_w: 1.0,
            stop_w: 1.0,
        }
    }
}

impl Params {
    /// Override fields from `name=value,name=value` (for experiments).
    pub fn parse_overrides(&mut self, spec: &str) -> Result<(), String> {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = item
                .split_once('=')
                .ok_or_else(|| format!("parameter `{item}` is not name=value"))?;
            let v: f32 = value
                .parse()
                .map_err(|_| format!("parameter `{name}`: `{value}` is not a number"))?;
            match name {
                "len_w" => self.len_w = v,
                "sim_w" => self.sim_w = v,
                "del_len" => self.del_len = v,
                "del" => self.del = v,
                "k12" => self.k12 = v,
                "k22" => self.k22 = v,
                "k13" => self.k13 = v,
                "band" => self.band = v as usize,
                "lex_gain" => self.lex_gain = v,
                "ref_pct" => self.ref_pct = v,
                "lex_passes" => self.lex_passes = v as usize,
                "train_share" => self.train_share = v,
                "prior_w" => self.prior_w = v,
                "stop_w" => self.stop_w = v,
                _ => return Err(format!("unknown parameter `{name}`")),
            }
        }
        Ok(())
    }
}

/// What the caller may add: the user's dictionary (source term, target term) and weights.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {
    pub dictionary: Vec<(String, String)>,
    pub params: Params,
}

/// Align two lists of sentences.
pub fn align(src: &[&str], tgt: &[&str], options: &AlignOptions) -> Vec<Bead> {
    let doc = Doc::new(src, tgt);
    let mut lexicon = doc.user_lexicon(&options.dictionary);
    doc.run(&options.params, &mut lexicon)
}

/// Both sides of a pair, analysed.
struct Doc {
    s: Vec<Sent>,
    t: Vec<Sent>,
    keys: Keys,
    src_script: Script,
    tgt_script: Script,
    cross: bool,
}

/// The cost model of one pass.
struct Model<'a> {
    /// Target length per source length.
    ratio: f32,
    /// Spread of the log length ratio of aligned beads.
    sigma: f32,
    /// Similarity of a typical aligned 1–1 bead; `None` in the length-only pass.
    reference: Option<f32>,
    params: &'a Params,
}

/// Rows 0..=n of the DP, each a range of target positions lo..=hi; both bounds
/// non-decreasing in the row.
#[derive(Debug, Clone)]
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
}

/// Smoothing of lengths in the log ratio, in source characters.
const LEN_SMOOTH: f32 = 8.0;

impl Doc {
    fn new(src: &[&str], tgt: &[&str]) -> Doc {
        let sample = |side: &[&str]| {
            let mut text = String::new();
            for s in side.iter().take(200) {
                text.push_str(s);
                text.push(' ');
            }
            Script::of(&text)
        };
        let src_script = sample(src);
        let tgt_script = sample(tgt);
        let cross = src_script != tgt_script;
        let mut keys = Keys::default();
        let raw_s: Vec<(f32, Vec<u32>)> = src
            .iter()
            .map(|s| sentence_keys(s, src_script, cross, &mut keys))
            .collect();
        let raw_t: Vec<(f32, Vec<u32>)> = tgt
            .iter()
            .map(|s| sentence_keys(s, tgt_script, cross, &mut keys))
            .collect();
        let mut s = weigh(raw_s, &keys);
        let mut t = weigh(raw_t, &keys);
        for (sent, text) in s.iter_mut().zip(src).chain(t.iter_mut().zip(tgt)) {
            sent.stops = sentence_count(text);
        }
        Doc {
            s,
            t,
            keys,
            src_script,
            tgt_script,
            cross,
        }
    }

    fn user_lexicon(&self, dictionary: &[(String, String)]) -> Lexicon {
        let mut lex = Lexicon::default();
        // Dictionary keys only matter if the document has them: look them up, never add.
        let mut scratch = Keys::default();
        for (a, b) in dictionary {
            let ka = self.lookup_keys(a, self.src_script, &mut scratch);
            let kb = self.lookup_keys(b, self.tgt_script, &mut scratch);
            for &x in &ka {
                for &y in &kb {
                    lex.add(x, y, 1.0);
                }
            }
        }
        lex
    }

    fn lookup_keys(&self, text: &str, script: Script, scratch: &mut Keys) -> Vec<u32> {
        let (_, ids) = sentence_keys(text, script, self.cross, scratch);
        ids.iter()
            .filter_map(|&id| scratch_name(scratch, id).and_then(|name| self.keys.get(&name)))
            .collect()
    }

    fn run(&self, params: &Params, lexicon: &mut Lexicon) -> Vec<Bead> {
        let (n, m) = (self.s.len(), self.t.len());
        let total_s: f32 = self.s.iter().map(|s| s.len).sum();
        let total_t: f32 = self.t.iter().map(|s| s.len).sum();
        let mut model = Model {
            ratio: if total_s > 0.0 && total_t > 0.0 {
                total_t / total_s
            } else {
                1.0
            },
            sigma: 0.35,
            reference: None,
            params,
        };
        if n == 0 || m == 0 {
            return self.beads(&self.path_trivial(), &model, lexicon);
        }
        // Pass 1: length only, diagonal band or the whole matrix.
        let band = if (n + 1) * (m + 1) <= FULL_MATRIX_CELLS {
            Band::full(n, m)
        } else {
            self.diagonal_band(((n + m) as f64).sqrt() as usize / 2 + 50)
        };
        let mut path = self.dp_widening(band, &model, lexicon, params.band.max(50));
        self.calibrate_length(&path, &mut model);
        // Pass 2: anchors (identity matches) and the user's dictionary.
        let user = lexicon.clone();
        model.reference = Some(self.reference(&path, &model, &user));
        path = self.dp_widening(
            Band::around(&path, n, m, params.band),
            &model,
            &user,
            params.band,
        );
        self.calibrate_length(&path, &mut model);
        // Passes 3…: induced lexicon.
        for _ in 0..params.lex_passes {
            let mut induced =
                Lexicon::induce(&self.training_beads(&path, &model, lexicon), &self.keys);
            induced.merge(&user);
            *lexicon = induced;
            model.reference = Some(self.reference(&path, &model, lexicon));
            path = self.dp_widening(
                Band::around(&path, n, m, params.band),
                &model,
                lexicon,
                params.band,
            );
            self.calibrate_length(&path, &mut model);
        }
        self.beads(&path, &model, lexicon)
    }

    fn path_trivial(&self) -> Vec<(usize, usize, usize, usize)> {
        let mut path = Vec::new();
        for i in 0..self.s.len() {
            path.push((i, 0, 1, 0));
        }
        for j in 0..self.t.len() {
            path.push((self.s.len(), j, 0, 1));
        }
        path
    }

    /// A band of half-width `w` around the diagonal of cumulative lengths.
    fn diagonal_band(&self, w: usize) -> Band {
        let (n, m) = (self.s.len(), self.t.len());
        let total_s: f32 = self.s.iter().map(|s| s.len + 1.0).sum();
        let total_t: f32 = self.t.iter().map(|s| s.len + 1.0).sum();
        let mut centers = Vec::with_capacity(n + 1);
        let (mut cs, mut ct, mut j) = (0.0f32, 0.0f32, 0usize);
        for i in 0..=n {
            let target = cs / total_s * total_t;
            while j < m && ct + (self.t[j].len + 1.0) * 0.5 < target {
                ct += self.t[j].len + 1.0;
                j += 1;
            }
            centers.push(j);
            if i < n {
                cs += self.s[i].len + 1.0;
            }
        }
        let lo = centers.iter().map(|&c| c.saturating_sub(w)).collect();
        let hi = centers.iter().map(|&c| (c + w).min(m)).collect();
        let mut band = Band { lo, hi };
        band.fix(m);
        band
    }

    /// Run the DP; while the best path runs along the band's edge, widen the band
    /// around that path and run again.
    fn dp_widening(
        &self,
        mut band: Band,
        model: &Model,
        lexicon: &Lexicon,
        w: usize,
    ) -> Vec<(usize, usize, usize, usize)> {
        let (n, m) = (self.s.len(), self.t.len());
        let mut width = w;
        loop {
            let (path, touched) = self.dp(&band, model, lexicon);
            if debug() {
                let cells: usize = (0..band.lo.len())
                    .map(|i| band.hi[i] + 1 - band.lo[i])
                    .sum();
                eprintln!(
                    "align: pass cells={cells} touched={touched} ratio={:.3} sigma={:.3} reference={:?} lexicon={}",
                    model.ratio,
                    model.sigma,
                    model.reference,
                    lexicon.len()
                );
            }
            if !touched || band.is_full(m) {
                return path;
            }
            width *= 2;
            band = Band::around(&path, n, m, width);
        }
    }

    /// Best path in the band: beads as (first source, first target, count, count).
    fn dp(
        &self,
        band: &Band,
        model: &Model,
        lexicon: &Lexicon,
    ) -> (Vec<(usize, usize, usize, usize)>, bool) {
        let (n, m) = (self.s.len(), self.t.len());
        let pairs = model.pair_table(self, band, lexicon);
        let mut offsets = Vec::with_capacity(n + 2);
        let mut size = 0usize;
        for i in 0..=n {
            offsets.push(size);
            size += band.hi[i] + 1 - band.lo[i];
        }
        let mut cost = vec![f32::INFINITY; size];
        let mut back = vec![u8::MAX; size];
        let cell = |i: usize, j: usize| -> Option<usize> {
            (j >= band.lo[i] && j <= band.hi[i]).then(|| offsets[i] + j - band.lo[i])
        };
        let ps = prefix(&self.s);
        let pt = prefix(&self.t);
        for (i, &row) in offsets.iter().enumerate() {
            for j in band.lo[i]..=band.hi[i] {
                let here = row + j - band.lo[i];
                if i == 0 && j == 0 {
                    cost[here] = 0.0;
                    continue;
                }
                let mut best = f32::INFINITY;
                let mut best_k = u8::MAX;
                for (k, &(p, q)) in SHAPES.iter().enumerate() {
                    if p > i || q > j {
                        continue;
                    }
                    let Some(prev) = cell(i - p, j - q) else {
                        continue;
                    };
                    let base = cost[prev];
                    if !base.is_finite() {
                        continue;
                    }
                    let c = base
                        + self
                            .bead_cost(i - p, j - q, p, q, model, pairs.as_ref(), &ps, &pt, false)
                            .0;
                    if c < best {
                        best = c;
                        best_k = k as u8;
                    }
                }
                cost[here] = best;
                back[here] = best_k;
            }
        }
        // Trace back from (n, m).
        let mut path = Vec::new();
        let mut touched = false;
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            if (j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m) {
                touched = true;
            }
            let Some(c) = cell(i, j) else { break };
            let Some(&(p, q)) = SHAPES.get(back[c] as usize) else {
                break;
            };
            path.push((i - p, j - q, p, q));
            i -= p;
            j -= q;
        }
        path.reverse();
        (path, touched)
    }

    /// Cost of the bead of `p` source sentences from `i` and `q` target sentences from
    /// `j`, and (only if `want_conf`, it costs an `exp`) its confidence.
    #[allow(clippy::too_many_arguments)]
    fn bead_cost(
        &self,
        i: usize,
        j: usize,
        p: usize,
        q: usize,
        model: &Model,
        pairs: Option<&PairTable>,
        ps: &[f32],
        pt: &[f32],
        want_conf: bool,
    ) -> (f32, f32) {
        let params = model.params;
        if p == 0 || q == 0 {
            let del = if model.reference.is_some() {
                params.del
            } else {
                params.del_len
            };
            let lens = if p == 0 {
                &self.t[j..j + q]
            } else {
                &self.s[i..i + p]
            };
            let c: f32 = lens
                .iter()
                .map(|s| if s.len > 0.0 { del } else { 0.0 })
                .sum();
            return (c, 0.0);
        }
        let kappa = match (p, q) {
            (1, 1) => 0.0,
            (1, 2) | (2, 1) => params.k12,
            (2, 2) => params.k22,
            _ => params.k13,
        };
        let ls = ps[i + p] - ps[i];
        let lt = pt[j + q] - pt[j];
        let r = model.ratio;
        let z = ((lt + LEN_SMOOTH * r) / (r * (ls + LEN_SMOOTH))).ln() / model.sigma;
        let len_cost = params.len_w * z * z * 0.5;
        let stops_s: f32 = self.s[i..i + p].iter().map(|s| s.stops).sum();
        let stops_t: f32 = self.t[j..j + q].iter().map(|s| s.stops).sum();
        let mut cost = kappa + len_cost + params.stop_w * (stops_s - stops_t).abs();
        let mut conf = if want_conf { (-z * z * 0.5).exp() } else { 0.0 };
        if let (Some(reference), Some(pairs)) = (model.reference, pairs) {
            let sn = self.similarity(i, j, p, q, pairs, params) / reference;
            let sn = sn.min(1.0);
            cost += params.sim_w * (1.0 - sn) * (p + q) as f32 * 0.5;
            conf = 0.5 * conf + 0.5 * sn;
        }
        (cost, conf)
    }

    /// Share of the bead's key weight matched on the other side (raw, not normalized),
    /// pulled towards neutral for beads with few keys.
    fn similarity(
        &self,
        i: usize,
        j: usize,
        p: usize,
        q: usize,
        pairs: &PairTable,
        params: &Params,
    ) -> f32 {
        let mut matched = 0.0f32;
        let mut total = 0.0f32;
        for a in i..i + p {
            let sum: f32 = (j..j + q).map(|b| pairs.get(a, b).0).sum();
            matched += sum.min(self.s[a].total);
            total += self.s[a].total;
        }
        for b in j..j + q {
            let sum: f32 = (i..i + p).map(|a| pairs.get(a, b).1).sum();
            matched += sum.min(self.t[b].total);
            total += self.t[b].total;
        }
        (matched + params.prior_w * pairs.neutral) / (total + params.prior_w)
    }

    /// Re-estimate the length ratio and its spread from the path's 1–1 beads.
    fn calibrate_length(&self, path: &[(usize, usize, usize, usize)], model: &mut Model) {
        let mut e: Vec<f32> = path
            .iter()
            .filter(|b| b.2 == 1 && b.3 == 1)
            .filter(|b| self.s[b.0].len > 0.0 && self.t[b.1].len > 0.0)
            .map(|b| {
                let (ls, lt) = (self.s[b.0].len, self.t[b.1].len);
                ((lt + LEN_SMOOTH * model.ratio) / (model.ratio * (ls + LEN_SMOOTH))).ln()
            })
            .collect();
        if e.len() < 5 {
            return;
        }
        let med = median(&mut e);
        model.ratio *= med.exp();
        let mut dev: Vec<f32> = e.iter().map(|x| (x - med).abs()).collect();
        let mad = median(&mut dev);
        model.sigma = (1.4826 * mad).clamp(0.08, 0.8);
    }

    /// Similarity of a typical aligned bead: a percentile of the path's 1–1 beads.
    fn reference(
        &self,
        path: &[(usize, usize, usize, usize)],
        model: &Model,
        lexicon: &Lexicon,
    ) -> f32 {
        let params = model.params;
        let band = Band::around(path, self.s.len(), self.t.len(), 0);
        let pairs = PairTable::new(self, &band, lexicon, params.lex_gain, 0.0);
        let mut sims: Vec<f32> = path
            .iter()
            .filter(|b| b.2 == 1 && b.3 == 1)
            .map(|b| self.similarity(b.0, b.1, 1, 1, &pairs, params))
            .collect();
        if sims.is_empty() {
            return 0.5;
        }
        sims.sort_by(f32::total_cmp);
        let k = ((sims.len() - 1) as f32 * params.ref_pct).round() as usize;
        sims[k.min(sims.len() - 1)].max(0.05)
    }

    /// Beads to induce a lexicon from: the path's non-null beads, the least similar
    /// dropped.
    fn training_beads(
        &self,
        path: &[(usize, usize, usize, usize)],
        model: &Model,
        lexicon: &Lexicon,
    ) -> Vec<(Vec<u32>, Vec<u32>)> {
        let band = Band::around(path, self.s.len(), self.t.len(), 0);
        let mut scored: Vec<(f32, usize)> = Vec::new();
        let pairs = model.pair_table(self, &band, lexicon);
        for (k, b) in path.iter().enumerate() {
            if b.2 == 0 || b.3 == 0 {
                continue;
            }
            let s = pairs.as_ref().map_or(0.0, |pt| {
                self.similarity(b.0, b.1, b.2, b.3, pt, model.params)
            });
            scored.push((s, k));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let keep = ((scored.len() as f32 * model.params.train_share).ceil() as usize).max(1);
        let mut chosen: Vec<usize> = scored.iter().take(keep).map(|x| x.1).collect();
        chosen.sort_unstable();
        chosen
            .into_iter()
            .map(|k| {
                let b = path[k];
                let mut s: Vec<u32> = self.s[b.0..b.0 + b.2]
                    .iter()
                    .flat_map(|x| x.keys.iter().copied())
                    .collect();
                let mut t: Vec<u32> = self.t[b.1..b.1 + b.3]
                    .iter()
                    .flat_map(|x| x.keys.iter().copied())
                    .collect();
                s.sort_unstable();
                s.dedup();
                t.sort_unstable();
                t.dedup();
                (s, t)
            })
            .collect()
    }

    fn beads(
        &self,
        path: &[(usize, usize, usize, usize)],
        model: &Model,
        lexicon: &Lexicon,
    ) -> Vec<Bead> {
        let band = Band::around(path, self.s.len(), self.t.len(), 0);
        let pairs = model.pair_table(self, &band, lexicon);
        let ps = prefix(&self.s);
        let pt = prefix(&self.t);
        path.iter()
            .map(|&(i, j, p, q)| {
                let score = if p == 0 || q == 0 {
                    0.0
                } else {
                    self.bead_cost(i, j, p, q, model, pairs.as_ref(), &ps, &pt, true)
                        .1
                };
                Bead {
                    src: (i..i + p).collect(),
                    tgt: (j..j + q).collect(),
                    score,
                }
            })
            .collect()
    }
}

fn prefix(side: &[Sent]) -> Vec<f32> {
    let mut p = Vec::with_capacity(side.len() + 1);
    p.push(0.0f32);
    for s in side {
        p.push(p[p.len() - 1] + s.len);
    }
    p
}

fn scratch_name(scratch: &Keys, id: u32) -> Option<String> {
    scratch.name(id).map(str::to_owned)
}

impl Model<'_> {
    /// The pair table of a pass with similarity (neutral value: half a typical bead's).
    fn pair_table(&self, doc: &Doc, band: &Band, lexicon: &Lexicon) -> Option<PairTable> {
        self.reference
            .map(|r| PairTable::new(doc, band, lexicon, self.params.lex_gain, 0.5 * r))
    }
}

/// `TILMASH_ALIGN_DEBUG` set: print each pass's calibration to stderr.
fn debug() -> bool {
    static DEBUG: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("TILMASH_ALIGN_DEBUG").is_some());
    *DEBUG
}

fn median(v: &mut [f32]) -> f32 {
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

impl Band {
    fn full(n: usize, m: usize) -> Band {
        Band {
            lo: vec![0; n + 1],
            hi: vec![m; n + 1],
        }
    }

    fn is_full(&self, m: usize) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == m)
    }

    /// The rows a path crosses, widened by `w` target positions either side.
    fn around(path: &[(usize, usize, usize, usize)], n: usize, m: usize, w: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0usize; n + 1];
        let mut mark = |i: usize, a: usize, b: usize| {
            lo[i] = lo[i].min(a);
            hi[i] = hi[i].max(b);
        };
        mark(0, 0, 0);
        for &(i, j, p, q) in path {
            // The bead runs from (i, j) to (i + p, j + q); rows in between see all of it.
            for r in i..=i + p {
                mark(r, j, j + q);
            }
        }
        mark(n, m, m);
        let mut band = Band {
            lo: lo
                .iter()
                .map(|&l| {
                    if l == usize::MAX {
                        0
                    } else {
                        l.saturating_sub(w)
                    }
                })
                .collect(),
            hi: hi.iter().map(|&h| (h + w).min(m)).collect(),
        };
        band.fix(m);
        band
    }

    /// Make both bounds non-decreasing (widening only) and pin the corners.
    fn fix(&mut self, m: usize) {
        let n = self.lo.len() - 1;
        self.lo[0] = 0;
        self.hi[n] = m;
        for i in (0..n).rev() {
            self.lo[i] = self.lo[i].min(self.lo[i + 1]);
        }
        for i in 1..=n {
            self.hi[i] = self.hi[i].max(self.hi[i - 1]);
        }
        for i in 0..=n {
            if self.hi[i] < self.lo[i] {
                self.hi[i] = self.lo[i];
            }
        }
    }
}

/// Matched key weight of every sentence pair a bead in the band can contain:
/// `a` = source sentence's weight found in the target sentence, `b` the reverse.
struct PairTable {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offsets: Vec<usize>,
    ab: Vec<(f32, f32)>,
    /// Similarity given to beads without keys (a typical value, not a verdict).
    neutral: f32,
}

impl PairTable {
    #[allow(clippy::needless_range_loop)] // i and j index four arrays each
    fn new(doc: &Doc, band: &Band, lexicon: &Lexicon, gain: f32, neutral: f32) -> PairTable {
        let (n, m) = (doc.s.len(), doc.t.len());
        let mut lo = Vec::with_capacity(n);
        let mut hi = Vec::with_capacity(n);
        let mut offsets = Vec::with_capacity(n);
        let mut ab = Vec::new();
        // Resolve every key's identity flag and lexicon links once per sentence.
        let es = expansions(&doc.s, &doc.keys, lexicon, true, gain);
        let et = expansions(&doc.t, &doc.keys, lexicon, false, gain);
        let mut best = Vec::new();
        for i in 0..n {
            let l = band.lo[(i + 1).min(n)].saturating_sub(3);
            let h = band.hi[(i + 3).min(n)].min(m.saturating_sub(1));
            lo.push(l);
            hi.push(h);
            offsets.push(ab.len());
            for j in l..=h.max(l) {
                if j >= m {
                    break;
                }
                let a = matched(&doc.s[i], &es[i], &doc.t[j], &mut best);
                let b = matched(&doc.t[j], &et[j], &doc.s[i], &mut best);
                ab.push((a, b));
            }
        }
        PairTable {
            lo,
            hi,
            offsets,
            ab,
            neutral,
        }
    }

    fn get(&self, i: usize, j: usize) -> (f32, f32) {
        if i >= self.lo.len() || j < self.lo[i] || j > self.hi[i] {
            return (0.0, 0.0);
        }
        self.ab
            .get(self.offsets[i] + j - self.lo[i])
            .copied()
            .unwrap_or((0.0, 0.0))
    }
}

/// Every key a sentence's keys can match on the other side — itself (if identity
/// counts) and its lexicon links — with the strength of the match and the index of the
/// key it stands for, sorted by the key to match, for a merge join with the other
/// sentence's sorted keys.
fn expansions(
    side: &[Sent],
    keys: &Keys,
    lexicon: &Lexicon,
    forward: bool,
    gain: f32,
) -> Vec<Vec<(u32, u32, f32)>> {
    side.iter()
        .map(|sent| {
            let mut out = Vec::new();
            for (idx, &k) in sent.keys.iter().enumerate() {
                if keys.identity(k) {
                    out.push((k, idx as u32, 1.0));
                }
                let links = if forward {
                    lexicon.targets(k)
                } else {
                    lexicon.sources(k)
                };
                for &(t, p) in links {
                    out.push((t, idx as u32, (p * gain).min(1.0)));
                }
            }
            out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            out
        })
        .collect()
}

/// Weight of `from`'s keys that find a match in `to` (its expansion list `exp`): for
/// each key the strongest match present.
fn matched(from: &Sent, exp: &[(u32, u32, f32)], to: &Sent, best: &mut Vec<f32>) -> f32 {
    best.clear();
    best.resize(from.keys.len(), 0.0);
    let (mut a, mut b) = (0, 0);
    let tk = &to.keys;
    while a < exp.len() && b < tk.len() {
        match exp[a].0.cmp(&tk[b]) {
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
            std::cmp::Ordering::Equal => {
                let slot = &mut best[exp[a].1 as usize];
                *slot = slot.max(exp[a].2);
                a += 1;
            }
        }
    }
    best.iter().zip(&from.weights).map(|(b, w)| b * w).sum()
}
