//! Print, for each line of standard input, the verdict and the evidence behind it:
//! `LANG SCORE | letters, Kazakh letters, Kyrgyz/Tatar markers, kk cost per letter,
//! n-gram ranking`. A tool for studying errors; not part of the library's API.

use std::io::BufRead;

use tilmash_langid::ngram::{LANGS, MODEL, N};

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let g = tilmash_langid::guess(&line);
        let s = tilmash_langid::script::scan(&line);
        let c = &s.cyrl;
        let per = |i: usize| s.costs.sum[i] as f32 / MODEL.scale / s.costs.letters.max(1) as f32;
        let mut rank: Vec<usize> = (0..N).collect();
        rank.sort_by(|&a, &b| per(a).total_cmp(&per(b)));
        let t = tilmash_langid::script::score_turkic(&line);
        let ky_margin = (t.sum[0] as f32 - t.sum[1] as f32) / MODEL.scale / t.letters.max(1) as f32;
        let ranking: Vec<String> = rank
            .iter()
            .take(3)
            .map(|&i| format!("{}:{:.2}", LANGS[i], per(i)))
            .collect();
        println!(
            "{}\t{:.3}\tmarks={:?} cyr={} strict={} ae={} turkic={} h={} ch={} e0={} round2={} vv={} kyw={} ttw={} ruw={} ukw={} bgw={} t={:?} kkcost={:.2} kyM={:.3} [{}]\t{}",
            g.lang,
            g.score,
            c.marks,
            s.cyr,
            c.kk_strict,
            c.ae,
            c.turkic,
            c.h,
            c.ch,
            c.initial_e,
            c.noninitial_round,
            c.double_vowel,
            c.kyrgyz_words,
            c.tatar_words,
            c.russian_words,
            c.ukrainian_words,
            c.bulgarian_words,
            t.sum,
            per(0),
            ky_margin,
            ranking.join(" "),
            line
        );
    }
}
