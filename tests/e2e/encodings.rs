//! Hostile and legacy inputs: every text decodes to the right text, every bad file is
//! reported in one line, the run goes on and exits 2.

use std::fs;

use crate::support::*;
use serde_json::Value;

const RU: &str = "Министерство просвещения Республики Казахстан сообщило, что в 2024 году в стране открыто 120 новых школ. Об этом рассказал министр на брифинге в Астане. Ещё 40 школ планируется построить до конца следующего года.";
const KK: &str = "Қазақстан Республикасы Оқу-ағарту министрлігі 2024 жылы елімізде 120 жаңа мектеп ашылғанын хабарлады. Бұл туралы министр Астанадағы брифингте айтты. Келесі жылдың соңына дейін тағы 40 мектеп салу жоспарлануда. Өңірлердегі әкімдіктер құрылыс жұмыстарын қадағалайды, ұстаздар үшін үйлер де салынады.";
const ZH: &str = "浙江省民政厅、浙江省教育厅等5个部门联合印发了《关于加强社会工作专业人才队伍建设的意见》，到2022年进行累计不少于120小时的社会工作专业培训，在全省培养800名社会工作督导人才。";
const ZHT: &str = "臺灣的教育部表示，今年將在各縣市開設新的學校，並加強師資培訓與社會工作專業人才隊伍建設。這項計畫預計在兩年內完成，經費由中央與地方政府共同負擔。";

#[test]
fn legacy_encodings_decode_and_bad_files_are_reported() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("in");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for entry in fs::read_dir(fixtures("encodings")).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        if entry.file_name() != "README.md" {
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // An unreadable file: a symbolic link to nothing (works even as root, where
    // permission bits do not stop reads).
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("gone.txt"), dir.join("unreadable.txt"))
        .unwrap_or_else(|e| panic!("{e}"));

    let out_dir = tmp.path().join("idx");
    let out = run(&[
        "index",
        dir.to_str().unwrap_or_default(),
        "-o",
        out_dir.to_str().unwrap_or_default(),
        "--with-text",
    ]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit 2 when some documents fail: {err}"
    );

    let records = records(&out_dir);
    let by_path = |name: &str| -> &Value {
        records
            .iter()
            .find(|r| r["source"]["path"] == name)
            .unwrap_or_else(|| panic!("no record for {name}"))
    };
    let expect = [
        ("ru-windows-1251.txt", "windows-1251", RU),
        ("ru-koi8-r.txt", "KOI8-R", RU),
        ("kk-kz1048.txt", "KZ-1048", KK),
        ("zh-gb18030.txt", "GB18030", ZH),
        ("zh-big5.txt", "Big5", ZHT),
        ("kk-utf16le-bom.txt", "UTF-16LE", KK),
        ("ru-utf8-bom.txt", "UTF-8", RU),
    ];
    for (name, encoding, text) in expect {
        let r = by_path(name);
        assert_eq!(r["source"]["encoding"], encoding, "{name}");
        assert_eq!(r["text"].as_str(), Some(text), "{name} decodes to its text");
        assert!(
            r["errors"].as_array().is_some_and(|e| e.is_empty()),
            "{name}: {}",
            r["errors"]
        );
    }
    assert_eq!(by_path("kk-kz1048.txt")["language"]["main"], "kk");
    assert_eq!(by_path("zh-big5.txt")["language"]["script"], "Hant");

    let html = by_path("ru-page.html");
    assert_eq!(html["source"]["format"], "html");
    assert_eq!(html["source"]["encoding"], "windows-1251");
    let html_text = html["text"].as_str().unwrap_or_default();
    assert!(html_text.contains("Открыто 120 новых школ"), "{html_text}");
    assert!(
        html_text.contains("«Казинформ»"),
        "entities decoded: {html_text}"
    );
    for absent in ["не текст", "color", "Главная", "Все права защищены"]
    {
        assert!(
            !html_text.contains(absent),
            "{absent:?} must not be extracted: {html_text}"
        );
    }

    let bad = ["empty.txt", "random.bin", "ru-invalid-utf8.txt"];
    #[cfg(unix)]
    let bad = [bad.as_slice(), &["unreadable.txt"]].concat();
    for name in &bad {
        let r = by_path(name);
        let errors = r["errors"].as_array().cloned().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "one stderr line names {name}: {err}");
    }
    assert!(err.contains("empty file"), "{err}");
    assert!(err.contains("binary"), "{err}");
    assert!(err.contains("invalid UTF-8"), "{err}");

    let descriptor: Value =
        serde_json::from_slice(&fs::read(out_dir.join("datapackage.json")).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let failed: Vec<&str> = descriptor["tilmash"]["failed"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["path"].as_str()).collect())
        .unwrap_or_default();
    for name in &bad {
        assert!(failed.contains(name), "{name} listed as failed: {failed:?}");
    }
    assert_eq!(descriptor["tilmash"]["totals"]["ok"].as_u64(), Some(8));

    let validator = schema_validator();
    for r in &records {
        assert_valid(&validator, r);
    }
}
