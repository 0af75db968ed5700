//! Writers for aligned beads: `beads` (vecalign's notation with a score), `tsv`, `json`
//! and TMX 1.4b.

use std::io::{self, Write};

use crate::Bead;

/// Output formats of `tilmash align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[1, 2]:[1]:0.77`, one bead per line, 0-based sentence indices.
    Beads,
    /// Source text, target text, score; tabs and line breaks inside a field become spaces.
    Tsv,
    /// One JSON document: languages and beads with indices, texts and scores.
    Json,
    /// TMX 1.4b, one `<tu>` per bead.
    Tmx,
}

/// What the writers need besides the beads.
#[derive(Debug, Clone)]
pub struct Meta<'a> {
    pub src_lang: &'a str,
    pub tgt_lang: &'a str,
    /// Tool version for the TMX header.
    pub version: &'a str,
}

/// Write `beads` over `src`/`tgt` sentences in `format`.
pub fn write(
    out: &mut impl Write,
    format: Format,
    beads: &[Bead],
    src: &[&str],
    tgt: &[&str],
    meta: &Meta,
) -> io::Result<()> {
    match format {
        Format::Beads => {
            for b in beads {
                writeln!(
                    out,
                    "{}:{}:{:.2}",
                    indices(&b.src),
                    indices(&b.tgt),
                    b.score
                )?;
            }
        }
        Format::Tsv => {
            for b in beads {
                writeln!(
                    out,
                    "{}\t{}\t{:.2}",
                    one_line(&join(&b.src, src)),
                    one_line(&join(&b.tgt, tgt)),
                    b.score
                )?;
            }
        }
        Format::Json => {
            let beads: Vec<serde_json::Value> = beads
                .iter()
                .map(|b| {
                    serde_json::json!({
                        "src": b.src,
                        "tgt": b.tgt,
                        "score": (b.score * 100.0).round() / 100.0,
                        "src_text": join(&b.src, src),
                        "tgt_text": join(&b.tgt, tgt),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "src_lang": meta.src_lang,
                "tgt_lang": meta.tgt_lang,
                "src_sentences": src.len(),
                "tgt_sentences": tgt.len(),
                "beads": beads,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Format::Tmx => write_tmx(out, beads, src, tgt, meta)?,
    }
    Ok(())
}

/// `[1, 2]`, vecalign's notation.
pub fn indices(ix: &[usize]) -> String {
    let inner: Vec<String> = ix.iter().map(usize::to_string).collect();
    format!("[{}]", inner.join(", "))
}

/// The bead's sentences joined by a space (Chinese ones without).
pub fn join(ix: &[usize], side: &[&str]) -> String {
    let mut out = String::new();
    for &i in ix {
        let s = side.get(i).map_or("", |s| s.trim());
        if !(out.is_empty() || s.is_empty() || ends_cjk(&out) && starts_cjk(s)) {
            out.push(' ');
        }
        out.push_str(s);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

fn ends_cjk(s: &str) -> bool {
    s.chars().next_back().is_some_and(is_cjk)
}

fn starts_cjk(s: &str) -> bool {
    s.chars().next().is_some_and(is_cjk)
}

/// Tabs, line breaks and other control characters as single spaces.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_break = false;
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
}

/// Text escaped for XML, characters XML 1.0 forbids dropped, line breaks as spaces.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if matches!(c as u32, 0xFFFE | 0xFFFF) => {}
            c => out.push(c),
        }
    }
    out
}

fn write_tmx(
    out: &mut impl Write,
    beads: &[Bead],
    src: &[&str],
    tgt: &[&str],
    meta: &Meta,
) -> io::Result<()> {
    let sl = xml_escape(meta.src_lang);
    let tl = xml_escape(meta.tgt_lang);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="tilmash" creationtoolversion="{}" datatype="plaintext" segtype="sentence" adminlang="en" srclang="{sl}" o-tmf="tilmash"/>"#,
        xml_escape(meta.version)
    )?;
    writeln!(out, "  <body>")?;
    for (k, b) in beads.iter().enumerate() {
        writeln!(out, r#"    <tu tuid="{}">"#, k + 1)?;
        writeln!(out, r#"      <prop type="x-score">{:.2}</prop>"#, b.score)?;
        writeln!(
            out,
            r#"      <prop type="x-bead">{}:{}</prop>"#,
            indices(&b.src),
            indices(&b.tgt)
        )?;
        for (lang, ix, side) in [(&sl, &b.src, src), (&tl, &b.tgt, tgt)] {
            if ix.is_empty() {
                continue;
            }
            writeln!(
                out,
                r#"      <tuv xml:lang="{lang}"><seg>{}</seg></tuv>"#,
                xml_escape(&join(ix, side))
            )?;
        }
        writeln!(out, "    </tu>")?;
    }
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads() -> Vec<Bead> {
        vec![
            Bead {
                src: vec![0],
                tgt: vec![0, 1],
                score: 0.913,
            },
            Bead {
                src: vec![1],
                tgt: vec![],
                score: 0.0,
            },
        ]
    }

    const META: Meta = Meta {
        src_lang: "kk",
        tgt_lang: "ru",
        version: "0.1.0",
    };

    fn render(format: Format, src: &[&str], tgt: &[&str]) -> String {
        let mut buf = Vec::new();
        write(&mut buf, format, &beads(), src, tgt, &META).unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(buf).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn beads_in_vecalign_notation() {
        assert_eq!(
            render(Format::Beads, &["a", "b"], &["x", "y"]),
            "[0]:[0, 1]:0.91\n[1]:[]:0.00\n"
        );
    }

    #[test]
    fn tsv_has_three_clean_fields() {
        let text = render(Format::Tsv, &["a\tb", "c\nd"], &["x", "y\r\nz"]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines, ["a b\tx y z\t0.91", "c d\t\t0.00"]);
    }

    #[test]
    fn tmx_is_well_formed_and_round_trips() {
        let src = ["Тест <1> & \"2\"", "Жалғыз"];
        let tgt = ["Тест", "<b>\u{1}жирный</b>"];
        let xml = render(Format::Tmx, &src, &tgt);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let segs: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("seg"))
            .map(|n| n.text().unwrap_or("").to_owned())
            .collect();
        assert_eq!(segs, ["Тест <1> & \"2\"", "Тест <b> жирный</b>", "Жалғыз"]);
        let header = doc
            .descendants()
            .find(|n| n.has_tag_name("header"))
            .unwrap_or_else(|| panic!("header"));
        assert_eq!(header.attribute("srclang"), Some("kk"));
        assert_eq!(header.attribute("segtype"), Some("sentence"));
        assert_eq!(header.attribute("creationtool"), Some("tilmash"));
    }

    #[test]
    fn chinese_sentences_join_without_space() {
        assert_eq!(join(&[0, 1], &["你好。", "再见。"]), "你好。再见。");
        assert_eq!(join(&[0, 1], &["Сәлем.", "Сау бол."]), "Сәлем. Сау бол.");
    }
}
