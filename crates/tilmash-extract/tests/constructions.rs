//! One case per construction the extractor promises, in each language where the
//! construction exists: the span (sliced out of the sentence) and the normalized value.
//! The list follows the project's issue on dates and counts; the definitions follow the
//! annotation guidelines (spans include case endings, multipliers, qualifiers and the
//! counted noun).

use serde_json::{Value, json};
use tilmash_extract::{ParagraphRef, RefDate, Types, extract, extract_sentence};

/// Entities of one type in `text` (one paragraph, one sentence in language `lang`), as
/// (span text, fields), with relative dates resolved against `reference` when the text
/// has no dateline of its own.
fn found(text: &str, lang: &str, kind: &str) -> Vec<(String, Value)> {
    let (_, all) = extract_sentence(text, lang, Types::default());
    all.into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| {
            let fields: serde_json::Map<String, Value> = f
                .fields
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect();
            (text[f.range].to_owned(), Value::Object(fields))
        })
        .collect()
}

/// Exactly one date in `text`, with this span and value.
#[track_caller]
fn date(lang: &str, text: &str, span: &str, value: Option<&str>) {
    let dates = found(text, lang, "date");
    assert_eq!(dates.len(), 1, "{text}: {dates:?}");
    assert_eq!(dates[0].0, span, "{text}");
    assert_eq!(dates[0].1["value"], json!(value), "{text}");
}

/// Exactly one count in `text`, with this span, value, unit and qualifier.
#[track_caller]
fn count(
    lang: &str,
    text: &str,
    span: &str,
    value: f64,
    unit: Option<&str>,
    qualifier: Option<&str>,
) {
    let counts = found(text, lang, "count");
    assert_eq!(counts.len(), 1, "{text}: {counts:?}");
    let (got, fields) = &counts[0];
    assert_eq!(got, span, "{text}");
    assert_eq!(fields["value"].as_f64(), Some(value), "{text}");
    assert_eq!(fields["unit"], json!(unit), "{text}");
    assert_eq!(fields["qualifier"], json!(qualifier), "{text}");
}

#[track_caller]
fn no_count(lang: &str, text: &str) {
    let counts = found(text, lang, "count");
    assert!(counts.is_empty(), "{text}: {counts:?}");
}

// ---- dates -------------------------------------------------------------------------

#[test]
fn full_dates() {
    date(
        "kk",
        "2020 жылғы 11 қаңтарда қабылданды",
        "2020 жылғы 11 қаңтарда",
        Some("2020-01-11"),
    );
    date(
        "ru",
        "принят 21 ноября 2024 года в Астане",
        "21 ноября 2024 года",
        Some("2024-11-21"),
    );
    date(
        "zh",
        "于2022年11月3日印发",
        "2022年11月3日",
        Some("2022-11-03"),
    );
    date(
        "ru",
        "опубликовано 29.03.2025 на сайте",
        "29.03.2025",
        Some("2025-03-29"),
    );
}

#[test]
fn partial_dates_months_and_years() {
    date("kk", "ол 2019 жылы басталды", "2019 жылы", Some("2019"));
    date(
        "ru",
        "урожай 2025 года был хорошим",
        "2025 года",
        Some("2025"),
    );
    date("zh", "2022年全省开展", "2022年", Some("2022"));
    date(
        "ru",
        "в марте 2024 года прошло",
        "марте 2024 года",
        Some("2024-03"),
    );
    date("zh", "2021年6月起实施", "2021年6月", Some("2021-06"));
    date("kk", "15 наурызда өтеді", "15 наурызда", Some("--03-15"));
}

#[test]
fn half_years_and_quarters() {
    date(
        "kk",
        "2020 жылдың І жартыжылдығында",
        "2020 жылдың І жартыжылдығында",
        Some("2020-H1"),
    );
    date(
        "zh",
        "2023年第一季度增长",
        "2023年第一季度",
        Some("2023-Q1"),
    );
    date("zh", "2022年上半年完成", "2022年上半年", Some("2022-H1"));
}

#[test]
fn ranges_school_and_financial_years() {
    date(
        "kk",
        "2019-2024 жылдарға арналған бағдарлама",
        "2019-2024 жылдарға",
        Some("2019/2024"),
    );
    date(
        "ru",
        "в 2023-2024 учебном году",
        "2023-2024 учебном году",
        Some("2023/2024"),
    );
    date(
        "ru",
        "на 2018—2020 годы",
        "2018—2020 годы",
        Some("2018/2020"),
    );
    date(
        "kk",
        "2022-2023 оқу жылында",
        "2022-2023 оқу жылында",
        Some("2022/2023"),
    );
}

#[test]
fn kazakh_case_endings() {
    date("kk", "2020 жылдың басында", "2020 жылдың", Some("2020"));
    date("kk", "2021 жылғы есеп", "2021 жылғы", Some("2021"));
    date("kk", "2018 жылдан бастап", "2018 жылдан", Some("2018"));
    date("kk", "5 мамырда өтті", "5 мамырда", Some("--05-05"));
    date("kk", "20 қазанынан бастап", "20 қазанынан", Some("--10-20"));
}

#[test]
fn russian_genitive_months() {
    date("ru", "с 1 сентября", "1 сентября", Some("--09-01"));
    date(
        "ru",
        "до 31 декабря 2025 года",
        "31 декабря 2025 года",
        Some("2025-12-31"),
    );
}

#[test]
fn chinese_numerals_and_full_width_digits() {
    date("zh", "二〇二二年发布", "二〇二二年", Some("2022"));
    date(
        "zh",
        "二〇二二年十一月发布",
        "二〇二二年十一月",
        Some("2022-11"),
    );
    date("zh", "２０２１年８月起", "２０２１年８月", Some("2021-08"));
}

/// Relative dates resolve against the document's own date: a dateline opens the text.
#[test]
fn relative_dates_resolved_against_the_dateline() {
    let resolved = |lang: &str, sentence: &str, span: &str, value: &str| {
        let text = format!("2024-05-10 09:38:18 来源\n{sentence}");
        let dates = found(&text, lang, "date");
        let hit = dates
            .iter()
            .find(|(s, _)| s == span)
            .unwrap_or_else(|| panic!("{sentence}: {dates:?}"));
        assert_eq!(hit.1["value"], json!(value), "{sentence}");
        assert_eq!(hit.1["relative"], json!(true), "{sentence}");
    };
    resolved("kk", "биыл мектеп ашылады", "биыл", "2024");
    resolved("kk", "ағымдағы жылы аяқталады", "ағымдағы жылы", "2024");
    resolved("ru", "в прошлом году открыли", "в прошлом году", "2023");
    resolved("ru", "два года назад начали", "два года назад", "2022");
    resolved(
        "ru",
        "до конца этого года",
        "до конца этого года",
        "2024-12-31",
    );
    resolved("zh", "今年完成", "今年", "2024");
    resolved("zh", "去年完成", "去年", "2023");
}

#[test]
fn publication_date_from_datelines() {
    for (text, expected) in [
        (
            "2019-11-12 09:38:18来源：人民网\n今年全省…",
            RefDate {
                year: 2019,
                month: Some(11),
                day: Some(12),
            },
        ),
        (
            "Жаңалықтар\n29.03.2025 | 79\nБиыл мектеп ашылады.",
            RefDate {
                year: 2025,
                month: Some(3),
                day: Some(29),
            },
        ),
    ] {
        let paragraphs: Vec<ParagraphRef> = {
            let mut start = 0;
            text.split('\n')
                .map(|line| {
                    let r = start..start + line.len();
                    start = r.end + 1;
                    ParagraphRef {
                        range: r,
                        boilerplate: false,
                    }
                })
                .collect()
        };
        let (reference, _) = extract(text, &paragraphs, &[], Types::default());
        assert_eq!(reference, Some(expected), "{text}");
    }
}

// ---- counts ------------------------------------------------------------------------

#[test]
fn digits_with_separators() {
    count(
        "kk",
        "барлығы 703 070 адам",
        "703 070 адам",
        703_070.0,
        Some("адам"),
        None,
    );
    count(
        "ru",
        "всего 1 191 школа",
        "1 191 школа",
        1191.0,
        Some("школа"),
        None,
    );
    count("ru", "доля 14,4% населения", "14,4%", 14.4, Some("%"), None);
    count(
        "ru",
        "460,4 тысячи человек",
        "460,4 тысячи человек",
        460_400.0,
        Some("человек"),
        None,
    );
    count("zh", "共有1,200名学生", "1,200名", 1200.0, Some("名"), None);
}

#[test]
fn numbers_in_words() {
    count(
        "kk",
        "екі мектеп салынды",
        "екі мектеп",
        2.0,
        Some("мектеп"),
        None,
    );
    count("kk", "үш адам келді", "үш адам", 3.0, Some("адам"), None);
    count(
        "ru",
        "два человека пришли",
        "два человека",
        2.0,
        Some("человека"),
        None,
    );
    count(
        "ru",
        "три школы открыты",
        "три школы",
        3.0,
        Some("школы"),
        None,
    );
    count("zh", "建成两家医院", "两家", 2.0, Some("家"), None);
    count(
        "zh",
        "开设十二个班级",
        "十二个班级",
        12.0,
        Some("班级"),
        None,
    );
}

#[test]
fn multipliers() {
    count(
        "kk",
        "40 мың адам",
        "40 мың адам",
        40_000.0,
        Some("адам"),
        None,
    );
    count(
        "kk",
        "17 млрд теңге бөлінді",
        "17 млрд теңге",
        17e9,
        Some("теңге"),
        None,
    );
    count(
        "ru",
        "5 тыс. человек",
        "5 тыс. человек",
        5000.0,
        Some("человек"),
        None,
    );
    count(
        "ru",
        "2 млн. рублей",
        "2 млн. рублей",
        2e6,
        Some("рублей"),
        None,
    );
    count("zh", "投入5万元", "5万元", 50_000.0, Some("元"), None);
    count("zh", "总额3亿元", "3亿元", 3e8, Some("元"), None);
}

#[test]
fn units_and_classifiers() {
    count(
        "kk",
        "500 мың тенге бөлінді",
        "500 мың тенге",
        500_000.0,
        Some("тенге"),
        None,
    );
    count("kk", "300 тг. төленді", "300 тг.", 300.0, Some("тг"), None);
    count("ru", "стоимость 120 ₸", "120 ₸", 120.0, Some("₸"), None);
    count(
        "ru",
        "выделено 30 руб. на",
        "30 руб.",
        30.0,
        Some("руб"),
        None,
    );
    count("zh", "招聘800名教师", "800名", 800.0, Some("名"), None);
    count("zh", "培训120小时", "120小时", 120.0, Some("小时"), None);
    count("zh", "新建5个部门", "5个部门", 5.0, Some("部门"), None);
}

#[test]
fn ratios_and_ranges() {
    let counts = found("1 к 5 тыс. детей", "ru", "count");
    assert_eq!(counts.len(), 1, "{counts:?}");
    assert_eq!(counts[0].0, "1 к 5 тыс. детей");
    assert_eq!(counts[0].1["kind"], json!("ratio"));
    assert_eq!(counts[0].1["value"].as_f64(), Some(5000.0));
    let counts = found("охват 91-100% детей", "ru", "count");
    assert_eq!(counts.len(), 1, "{counts:?}");
    assert_eq!(counts[0].0, "91-100%");
    assert_eq!(counts[0].1["kind"], json!("percent"));
    assert_eq!(counts[0].1["value"].as_f64(), Some(91.0));
}

#[test]
fn qualifiers() {
    count(
        "ru",
        "не менее 120 часов",
        "не менее 120 часов",
        120.0,
        Some("часов"),
        Some("at_least"),
    );
    count(
        "kk",
        "кем дегенде 10 адам",
        "кем дегенде 10 адам",
        10.0,
        Some("адам"),
        Some("at_least"),
    );
    count(
        "zh",
        "不少于120小时",
        "不少于120小时",
        120.0,
        Some("小时"),
        Some("at_least"),
    );
    count(
        "zh",
        "100人以上参加",
        "100人以上",
        100.0,
        Some("人"),
        Some("at_least"),
    );
    count(
        "ru",
        "более 300 школ",
        "более 300 школ",
        300.0,
        Some("школ"),
        Some("more_than"),
    );
    count(
        "ru",
        "свыше 40 человек",
        "свыше 40 человек",
        40.0,
        Some("человек"),
        Some("more_than"),
    );
    count(
        "kk",
        "40 мыңнан астам адам",
        "40 мыңнан астам адам",
        40_000.0,
        Some("адам"),
        Some("more_than"),
    );
    count(
        "zh",
        "超过300家企业",
        "超过300家",
        300.0,
        Some("家"),
        Some("more_than"),
    );
    count(
        "ru",
        "около 50 семей",
        "около 50 семей",
        50.0,
        Some("семей"),
        Some("about"),
    );
    count(
        "ru",
        "порядка 200 человек",
        "порядка 200 человек",
        200.0,
        Some("человек"),
        Some("about"),
    );
    count(
        "kk",
        "шамамен 30 адам",
        "шамамен 30 адам",
        30.0,
        Some("адам"),
        Some("about"),
    );
    count(
        "zh",
        "70%左右的学生",
        "70%左右",
        70.0,
        Some("%"),
        Some("about"),
    );
    count("zh", "约200名", "约200名", 200.0, Some("名"), Some("about"));
    count(
        "ru",
        "до 25 человек в группе",
        "до 25 человек",
        25.0,
        Some("человек"),
        Some("up_to"),
    );
    count(
        "kk",
        "30 адамға дейін",
        "30 адамға дейін",
        30.0,
        Some("адамға"),
        Some("up_to"),
    );
    count(
        "zh",
        "控制在50人以内",
        "50人以内",
        50.0,
        Some("人"),
        Some("up_to"),
    );
}

#[test]
fn not_counts() {
    no_count("ru", "1) Первый пункт");
    no_count("ru", "по форме №7 отчёт");
    no_count("ru", "телефон 8 (7172) 74-30-10");
    no_count("ru", "XIV съезд партии");
    no_count("ru", "в 2020 году");
    no_count("zh", "2022年");
}
