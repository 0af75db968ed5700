//! `tilmash align`: beads on unsegmented and pre-segmented text, the TSV, JSON and TMX
//! writers, errors. Texts: FLORES-200 articles in `tests/fixtures/align` (CC BY-SA 4.0).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

fn fixture(name: &str) -> PathBuf {
    fixtures("align").join(name)
}

fn align(src: &Path, tgt: &Path, extra: &[&str]) -> String {
    let mut args = vec!["align", path(src), path(tgt)];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// Beads without their scores; checks the score is a number in [0, 1].
fn beads(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let (bead, score) = l.rsplit_once(':').unwrap_or_else(|| panic!("bead {l}"));
            let score: f64 = score.parse().unwrap_or_else(|e| panic!("{l}: {e}"));
            assert!((0.0..=1.0).contains(&score), "{l}");
            bead.to_owned()
        })
        .collect()
}

fn indices(s: &str) -> Vec<usize> {
    s.trim_matches(['[', ']'])
        .split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().unwrap_or_else(|e| panic!("{x}: {e}")))
        .collect()
}

/// Every sentence of both sides appears exactly once, in order.
fn assert_tiles(beads: &[String], n: usize, m: usize) {
    let (mut s, mut t) = (Vec::new(), Vec::new());
    for b in beads {
        let (a, c) = b.split_once(':').unwrap_or_else(|| panic!("{b}"));
        s.extend(indices(a));
        t.extend(indices(c));
    }
    assert_eq!(s, (0..n).collect::<Vec<_>>(), "{beads:?}");
    assert_eq!(t, (0..m).collect::<Vec<_>>(), "{beads:?}");
}

#[test]
fn kk_ru_and_zh_ru_articles_align() {
    let kk = fixture("flores-dev-03.kk.txt");
    let ru = fixture("flores-dev-03.ru.txt");
    let zh = fixture("flores-dev-01.zh.txt");
    let ru1 = fixture("flores-dev-01.ru.txt");
    // "… весной 2016 г. Документы показали …": the Kazakh side's first two sentences
    // are the Russian first sentence.
    assert_eq!(
        beads(&align(&kk, &ru, &[])),
        ["[0, 1]:[0]", "[2]:[1]", "[3]:[2]", "[4]:[3]"]
    );
    assert_eq!(
        beads(&align(&zh, &ru1, &[])),
        ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
    );
}

#[test]
fn presegmented_lines_with_an_empty_one_and_a_deletion() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = dir.path().join("a.kk");
    let tgt = dir.path().join("a.ru");
    std::fs::write(
        &src,
        "Италия 1940 жылдың 10 маусымында соғыс жариялады.\n\nБардияның шығысында британдықтар генерал Ластуччиді тұтқындады.\nБұл сөйлем аударылмаған, оның орысша нұсқасы жоқ, сондықтан ол бос қалуы керек.\n28 маусымда маршал Итало Балбо Тобрукқа қонған кезде өлтірілді.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &tgt,
        "Италия объявила войну 10 июня 1940 года.\nВ засаде к востоку от Бардии англичане захватили в плен генерала Ластуччи.\n28 июня маршал Итало Балбо был убит во время высадки в Тобруке.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let got = beads(&align(&src, &tgt, &["--presegmented"]));
    assert_tiles(&got, 5, 3);
    assert_eq!(
        got,
        ["[0]:[0]", "[1]:[]", "[2]:[1]", "[3]:[]", "[4]:[2]"],
        "the empty line and the untranslated sentence are left unaligned"
    );
}

#[test]
fn tsv_has_three_clean_fields_per_bead() {
    let kk = fixture("flores-dev-01.kk.txt");
    let ru = fixture("flores-dev-01.ru.txt");
    let tsv = align(&kk, &ru, &["--format", "tsv"]);
    let plain = beads(&align(&kk, &ru, &[]));
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), plain.len());
    assert!(!tsv.contains('\r'));
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert!(!fields[0].is_empty() && !fields[1].is_empty(), "{line}");
        let score: f64 = fields[2].parse().unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!((0.0..=1.0).contains(&score));
    }
    assert!(lines[0].starts_with("Наразылық жергілікті уақытпен 11:00"));
    assert!(lines[0].contains("\tПротест начался около 11:00"));
}

#[test]
fn json_beads_tile_both_sides() {
    let zh = fixture("flores-dev-05.zh.txt");
    let ru = fixture("flores-dev-05.ru.txt");
    let out = align(&zh, &ru, &["--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(doc["src_lang"], "zh");
    assert_eq!(doc["tgt_lang"], "ru");
    let list = doc["beads"].as_array().unwrap_or_else(|| panic!("beads"));
    let as_text: Vec<String> = list
        .iter()
        .map(|b| format!("{}:{}", b["src"], b["tgt"]).replace(',', ", "))
        .collect();
    let n = doc["src_sentences"].as_u64().unwrap_or(0) as usize;
    let m = doc["tgt_sentences"].as_u64().unwrap_or(0) as usize;
    assert_tiles(&as_text, n, m);
    assert!(
        list.iter()
            .all(|b| b["src_text"].is_string() && b["score"].is_number())
    );
}

#[test]
fn tmx_parses_and_round_trips_the_bead_texts() {
    let zh = fixture("flores-dev-03.zh.txt");
    let kk = fixture("flores-dev-03.kk.txt");
    let xml = align(&kk, &zh, &["--format", "tmx"]);
    let json: Value = serde_json::from_str(&align(&kk, &zh, &["--format", "json"]))
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "tmx");
    assert_eq!(root.attribute("version"), Some("1.4"));
    let header = root
        .children()
        .find(|n| n.has_tag_name("header"))
        .unwrap_or_else(|| panic!("no header"));
    assert_eq!(header.attribute("srclang"), Some("kk"));
    assert_eq!(header.attribute("segtype"), Some("sentence"));
    assert_eq!(header.attribute("creationtool"), Some("tilmash"));
    let tus: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.has_tag_name("tu")).collect();
    let list = json["beads"].as_array().unwrap_or_else(|| panic!("beads"));
    assert_eq!(tus.len(), list.len(), "one <tu> per bead");
    let xml_ns = "http://www.w3.org/XML/1998/namespace";
    for (tu, bead) in tus.iter().zip(list) {
        let seg = |lang: &str| -> String {
            tu.children()
                .filter(|n| n.has_tag_name("tuv") && n.attribute((xml_ns, "lang")) == Some(lang))
                .flat_map(|n| n.children().filter(|c| c.has_tag_name("seg")))
                .map(|s| s.text().unwrap_or("").to_owned())
                .collect()
        };
        assert_eq!(seg("kk"), bead["src_text"].as_str().unwrap_or(""));
        assert_eq!(seg("zh"), bead["tgt_text"].as_str().unwrap_or(""));
    }
}

#[test]
fn user_dictionary_and_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dict = dir.path().join("terms.tsv");
    std::fs::write(&dict, "# kk\tru\nнаразылық\tпротест\n").unwrap_or_else(|e| panic!("{e}"));
    let kk = fixture("flores-dev-01.kk.txt");
    let ru = fixture("flores-dev-01.ru.txt");
    let got = beads(&align(&kk, &ru, &["--dict", path(&dict)]));
    assert_eq!(got[0], "[0]:[0]");

    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "no tab here\n").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["align", path(&kk), path(&ru), "--dict", path(&bad)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));

    let out = run(&["align", "-", "-"]);
    assert_eq!(out.status.code(), Some(1));

    let missing = dir.path().join("missing.txt");
    let out = run(&["align", path(&missing), path(&ru)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
}
