//! Language identification end to end: mixed Kazakh/Russian documents labelled per
//! sentence, a quoted Kazakh title inside Russian prose, and `tilmash detect`.
//!
//! The texts are written for these tests (policy-news style), not taken from any
//! evaluation set.

use crate::support::*;
use serde_json::Value;

/// Paragraphs alternating Kazakh and Russian, each with two sentences.
const MIXED: &str = "\
Қазақстан Республикасының Оқу-ағарту министрлігі жаңа оқу жылына дайындық туралы хабарлады. Биыл елімізде 90 жаңа мектеп пайдалануға беріледі.

Министерство просвещения Республики Казахстан сообщило о подготовке к новому учебному году. В этом году в стране откроются девяносто новых школ.

Мектептердің материалдық-техникалық базасын жаңарту жұмыстары жалғасуда. Ауылдық жерлердегі мұғалімдерге қосымша қолдау көрсетіледі.

Работы по обновлению материально-технической базы школ продолжаются. Учителям в сельской местности будет оказана дополнительная поддержка.
";

/// A Russian paragraph quoting a Kazakh programme name.
const QUOTED: &str = "В рамках программы «Ауыл – Ел бесігі» в этом году отремонтируют больше двухсот сельских школ. Финансирование программы увеличено на треть.\n";

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"))
}

#[test]
fn alternating_kazakh_and_russian_paragraphs_are_labelled_per_sentence() {
    let record = json(&run_with_stdin(&["analyze", "-", "--with-text"], MIXED));
    assert_valid(&schema_validator(), &record);
    let sentences = record["sentences"].as_array().cloned().unwrap_or_default();
    assert_eq!(sentences.len(), 8, "{sentences:?}");
    let langs: Vec<&str> = sentences
        .iter()
        .map(|s| s["lang"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(langs, ["kk", "kk", "ru", "ru", "kk", "kk", "ru", "ru"]);
    let paragraphs: Vec<&str> = record["paragraphs"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| p["lang"].as_str().unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(paragraphs, ["kk", "ru", "kk", "ru"]);
    for s in &sentences {
        let score = s["score"].as_f64().unwrap_or(-1.0);
        assert!((0.5..=1.0).contains(&score), "{s}");
    }
    let shares = &record["language"]["shares"];
    let (kk, ru) = (
        shares["kk"].as_f64().unwrap_or(0.0),
        shares["ru"].as_f64().unwrap_or(0.0),
    );
    assert!(
        kk > 0.3 && ru > 0.3 && (kk + ru - 1.0).abs() < 1e-6,
        "{shares}"
    );
    assert_eq!(record["language"]["script"], "Cyrl");
}

#[test]
fn a_quoted_kazakh_title_leaves_the_russian_sentence_russian_with_a_kazakh_span() {
    let record = json(&run_with_stdin(&["analyze", "-"], QUOTED));
    assert_valid(&schema_validator(), &record);
    assert_eq!(record["language"]["main"], "ru");
    let sentences = record["sentences"].as_array().cloned().unwrap_or_default();
    assert_eq!(sentences.len(), 2);
    assert_eq!(sentences[0]["lang"], "ru");
    assert_eq!(sentences[1]["lang"], "ru");
    let spans = sentences[0]["spans"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0]["lang"], "kk");
    let start = spans[0]["start"].as_u64().unwrap_or(0);
    let end = spans[0]["end"].as_u64().unwrap_or(0);
    assert_eq!(slice(QUOTED, start, end), "Ауыл – Ел бесігі");
    assert!(sentences[1].get("spans").is_none(), "{}", sentences[1]);
}

#[test]
fn detect_prints_the_document_languages() {
    let doc = json(&run_with_stdin(&["detect", "-"], MIXED));
    assert!(doc["main"] == "kk" || doc["main"] == "ru", "{doc}");
    assert_eq!(doc["script"], "Cyrl");
    assert!(doc["score"].as_f64().unwrap_or(0.0) > 0.5);
    assert_eq!(doc["paragraphs"].as_array().map(Vec::len), Some(4));
    assert_eq!(doc["sentences"].as_array().map(Vec::len), Some(8));
}

#[test]
fn detect_lines_prints_one_verdict_per_line() {
    let input = "\
Мемлекет басшысы білім беру саласын дамыту жөніндегі жаңа тапсырмалар берді.
Глава государства поручил разработать новую концепцию развития образования.

浙江省人民政府关于加强教育工作的意见
這個國家的經濟發展與教育改革
Qazaqstan Respublikasynyñ Oqu-ağartu ministrligi jaña bağdarlama ūsyndy.
قازاقستان رەسپۋبليكاسىنىڭ ٴبىلىم جانە عىلىم مينيسترلىگى
Кыргызстандын өкмөтү билим берүү тармагын өнүктүрүү боюнча жаңы программаны кабыл алды.
Міністерство освіти і науки України оголосило про початок вступної кампанії.
";
    let out = run_with_stdin(&["detect", "--lines", "-"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<(&str, f64)> = text
        .lines()
        .map(|l| {
            let (lang, score) = l.split_once('\t').unwrap_or((l, ""));
            assert_eq!(score.len(), 5, "three decimals: {l}");
            (lang, score.parse().unwrap_or(-1.0))
        })
        .collect();
    let langs: Vec<&str> = lines.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        langs,
        ["kk", "ru", "und", "zh", "zh", "kk", "kk", "ky", "uk"],
        "{text}"
    );
    assert_eq!(lines[2].1, 0.0);
    for (lang, score) in &lines {
        assert!((0.0..=1.0).contains(score), "{lang} {score}");
    }
}

#[test]
fn detect_lines_reads_files_and_legacy_encodings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("lines.txt");
    // windows-1251: Russian only (the code page has no Kazakh letters).
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(
        "Правительство утвердило план развития сельских территорий до 2030 года.\nГлава государства провёл совещание по вопросам образования.\n",
    );
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["detect", "--lines", path.to_str().unwrap_or_default()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().all(|l| l.starts_with("ru\t")), "{text}");
}
