//! A long document pair made of the FLORES articles in `tests/fixtures/align`.

/// Sentences of one fixture article.
fn sentences(name: &str) -> Vec<String> {
    let path = format!(
        "{}/../../tests/fixtures/align/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    for para in tilmash_segment::paragraphs(&text) {
        for s in tilmash_segment::sentences(&text, para.range) {
            out.push(text[s].to_owned());
        }
    }
    out
}

/// At least `n` source sentences: the articles in turn, every fifth copy without its last
/// target sentence.
pub fn pair(src: &str, tgt: &str, n: usize) -> (Vec<String>, Vec<String>) {
    let docs: Vec<(Vec<String>, Vec<String>)> = ["01", "03", "05"]
        .iter()
        .map(|d| {
            (
                sentences(&format!("flores-dev-{d}.{src}.txt")),
                sentences(&format!("flores-dev-{d}.{tgt}.txt")),
            )
        })
        .collect();
    let (mut s, mut t) = (Vec::new(), Vec::new());
    let mut k = 0;
    while s.len() < n {
        let (ds, dt) = &docs[k % docs.len()];
        s.extend(ds.iter().cloned());
        let keep = if k % 5 == 4 { dt.len() - 1 } else { dt.len() };
        t.extend(dt[..keep].iter().cloned());
        k += 1;
    }
    (s, t)
}
