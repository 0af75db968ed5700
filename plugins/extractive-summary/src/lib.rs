//! `extractive-summary`: the k most central sentences of a document's main content.
//!
//! TextRank (Mihalcea & Tarau 2004) over the document's own sentences: sentences in
//! non-boilerplate paragraphs are the nodes, the similarity of two sentences is the
//! number of tokens they share divided by `ln|A| + ln|B|`, and PageRank (damping 0.85)
//! scores each sentence by how much of the rest of the document it echoes. Tokens are
//! lowercased letter/digit runs, and for Han text character bigrams (Chinese has no
//! spaces). The chosen sentences are returned in document order with their code-point
//! offsets and text.
//!
//! Configuration: `{"sentences": K}` (default 3).

use std::collections::BTreeSet;

use tilmash_plugin::serde_json::{Value, json};
use tilmash_plugin::{Document, Plugin, export_plugin};

/// The extractive-summary plugin.
#[derive(Debug)]
pub struct ExtractiveSummary {
    k: usize,
}

const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 50;

impl Plugin for ExtractiveSummary {
    const NAME: &'static str = "extractive-summary";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const MANIFEST: &'static str = r#"{"input_schema":"1.x","languages":["kk","ru","zh","*"],"needs":["text","sentences","paragraphs"],"config":{"sentences":"how many sentences, default 3"},"outputs":{"method":"textrank","sentences":"[{index,start,end,score,text}] in document order"}}"#;

    fn new(config: &Value) -> Result<Self, String> {
        let k = match config.get("sentences") {
            None => 3,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| format!("sentences must be a non-negative integer, got {v}"))?
                as usize,
        };
        Ok(ExtractiveSummary { k })
    }

    fn summarize(&self, doc: &Document) -> Result<Value, String> {
        let r = doc.record()?;
        if r.text.is_none() && !r.sentences.is_empty() {
            return Err("the record carries no text (the host must pass it)".to_owned());
        }
        // Candidate sentences: in main-content paragraphs, with some text.
        let mut nodes: Vec<(usize, &str, BTreeSet<String>)> = Vec::new();
        for (i, s) in r.sentences.iter().enumerate() {
            let boilerplate = r.paragraphs.get(s.paragraph).is_some_and(|p| p.boilerplate);
            if boilerplate {
                continue;
            }
            let text = r
                .slice(s.start, s.end)
                .ok_or_else(|| format!("sentence {i} is outside the text"))?;
            let tokens = tokens(text);
            if !tokens.is_empty() {
                nodes.push((i, text, tokens));
            }
        }
        let scores = textrank(&nodes.iter().map(|n| &n.2).collect::<Vec<_>>());
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.truncate(self.k);
        order.sort_unstable();
        let sentences: Vec<Value> = order
            .into_iter()
            .map(|n| {
                let (i, text, _) = &nodes[n];
                let s = &r.sentences[*i];
                json!({
                    "index": i,
                    "start": s.start,
                    "end": s.end,
                    "score": (scores[n] * 1e4).round() / 1e4,
                    "text": text.trim(),
                })
            })
            .collect();
        Ok(json!({
            "method": "textrank",
            "candidates": nodes.len(),
            "sentences": sentences,
        }))
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Lowercased word tokens (letter/digit runs of 2+ chars) plus Han character bigrams.
pub fn tokens(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut word = String::new();
    let mut prev_han: Option<char> = None;
    let flush = |word: &mut String, out: &mut BTreeSet<String>| {
        if word.chars().count() >= 2 {
            out.insert(std::mem::take(word));
        } else {
            word.clear();
        }
    };
    for c in text.chars() {
        if is_han(c) {
            flush(&mut word, &mut out);
            if let Some(p) = prev_han {
                out.insert(format!("{p}{c}"));
            }
            prev_han = Some(c);
        } else {
            prev_han = None;
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut out);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// PageRank scores over the sentence-similarity graph.
fn textrank(sets: &[&BTreeSet<String>]) -> Vec<f64> {
    let n = sets.len();
    if n == 0 {
        return Vec::new();
    }
    let mut w = vec![vec![0.0f64; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let shared = sets[i].intersection(sets[j]).count();
            if shared == 0 {
                continue;
            }
            let norm = (sets[i].len() as f64).ln() + (sets[j].len() as f64).ln();
            let sim = if norm > 0.0 {
                shared as f64 / norm
            } else {
                shared as f64
            };
            w[i][j] = sim;
            w[j][i] = sim;
        }
    }
    let out_sum: Vec<f64> = w.iter().map(|row| row.iter().sum()).collect();
    let mut score = vec![1.0 / n as f64; n];
    for _ in 0..ITERATIONS {
        let mut next = vec![(1.0 - DAMPING) / n as f64; n];
        for j in 0..n {
            if out_sum[j] == 0.0 {
                // A sentence sharing nothing spreads its score evenly.
                for v in next.iter_mut() {
                    *v += DAMPING * score[j] / n as f64;
                }
                continue;
            }
            for (i, v) in next.iter_mut().enumerate() {
                if w[j][i] > 0.0 {
                    *v += DAMPING * score[j] * w[j][i] / out_sum[j];
                }
            }
        }
        score = next;
    }
    score
}

export_plugin!(ExtractiveSummary);

#[cfg(test)]
mod tests {
    use super::*;
    use tilmash_plugin::serde_json;

    fn record(text: &str, boiler_last: bool) -> Document {
        // One sentence per line, one paragraph per sentence.
        let mut sentences = Vec::new();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        let lines: Vec<&str> = text.split('\n').collect();
        for (i, line) in lines.iter().enumerate() {
            let end = start + line.chars().count();
            let boilerplate = boiler_last && i + 1 == lines.len();
            paragraphs.push(json!({"start":start,"end":end,"boilerplate":boilerplate,"lang":"ru"}));
            sentences.push(json!({"start":start,"end":end,"paragraph":i,"lang":"ru"}));
            start = end + 1;
        }
        let v = json!({"text": text, "sentences": sentences, "paragraphs": paragraphs});
        Document::from_json(&serde_json::to_vec(&v).expect("json"))
    }

    #[test]
    fn picks_the_sentences_the_rest_echo_in_document_order() -> Result<(), String> {
        let text = "Погода сегодня солнечная.\n\
                    Правительство утвердило программу развития школ.\n\
                    Программа развития школ включает строительство новых школ.\n\
                    Кот спит.\n\
                    Строительство школ начнётся весной по программе правительства.\n\
                    Подпишитесь на новости программы развития школ правительства.";
        let out =
            ExtractiveSummary::new(&json!({"sentences": 2}))?.summarize(&record(text, true))?;
        let picked: Vec<u64> = out["sentences"]
            .as_array()
            .ok_or("sentences")?
            .iter()
            .filter_map(|s| s["index"].as_u64())
            .collect();
        assert_eq!(
            out["candidates"], 5,
            "the boilerplate line is not a candidate"
        );
        assert_eq!(picked.len(), 2);
        assert!(picked.windows(2).all(|w| w[0] < w[1]), "document order");
        assert!(
            !picked.contains(&0) && !picked.contains(&3) && !picked.contains(&5),
            "{picked:?}"
        );
        let first = &out["sentences"][0];
        assert_eq!(
            first["text"].as_str().map(str::to_owned),
            text.split('\n').nth(picked[0] as usize).map(str::to_owned)
        );
        Ok(())
    }

    #[test]
    fn han_text_gets_bigrams() {
        let t = tokens("国务院发布 Plan 2024");
        assert!(
            t.contains("国务") && t.contains("发布") && t.contains("plan") && t.contains("2024")
        );
    }

    #[test]
    fn short_documents_return_all_sentences() -> Result<(), String> {
        let out =
            ExtractiveSummary::new(&json!({}))?.summarize(&record("Один.\nДва слова.", false))?;
        assert_eq!(out["sentences"].as_array().map(Vec::len), Some(2));
        Ok(())
    }
}
