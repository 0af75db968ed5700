use super::*;

fn lang(text: &str) -> &'static str {
    guess(text).lang
}

#[test]
fn scripts_and_chinese_variants() {
    let zh = guess("浙江出台加强社会工作专业人才队伍建设的意见");
    assert_eq!((zh.lang, zh.script), ("zh", Some("Hans")));
    let hant = guess("這個國家的經濟發展與學術研究");
    assert_eq!((hant.lang, hant.script), ("zh", Some("Hant")));
    assert_eq!(lang("1 191"), "und");
    assert_eq!(lang(""), "und");
    assert_eq!(guess("").score, 0.0);
}

#[test]
fn kazakh_and_russian_in_cyrillic() {
    let kk = guess("Қазақстандық салалық білім және ғылым қызметкерлері");
    assert_eq!((kk.lang, kk.script), ("kk", Some("Cyrl")));
    assert!(kk.score > 0.99 && kk.score <= 1.0, "{}", kk.score);
    assert_eq!(
        lang("Повысить статус и зарплату социальных работников"),
        "ru"
    );
    // Short Kazakh without any Kazakh-only letter.
    assert_eq!(lang("мектепке барады"), "kk");
    assert_eq!(lang("пайызынан"), "kk");
}

#[test]
fn a_kazakh_name_in_russian_prose_stays_russian() {
    let text = "В рамках программы «Серпін» министерство просвещения направило студентов в регионы страны для работы в школах";
    assert_eq!(lang(text), "ru");
    let spans = foreign_spans(text, "ru");
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(&text[spans[0].range.clone()], "Серпін");
    assert_eq!(spans[0].guess.lang, "kk");
}

#[test]
fn neighbours_are_not_kazakh() {
    // Ukrainian: і is not proof of Kazakh.
    assert_eq!(lang("Це їхня держава і мова"), "uk");
    assert_eq!(
        lang("Міністерство освіти і науки оголосило про початок вступної кампанії"),
        "uk"
    );
    // Kyrgyz: ң ө ү, no ә ғ қ ұ і, rounding harmony and long vowels.
    assert_eq!(
        lang(
            "Кыргызстандын өкмөтү билим берүү тармагын өнүктүрүү боюнча жаңы программаны кабыл алды"
        ),
        "ky"
    );
    // Tatar: җ.
    assert_eq!(
        lang("Татарстан Республикасы хөкүмәте яңа җитәкчене билгеләде"),
        "tt"
    );
    // Bashkir: ҡ ҙ ҫ.
    assert_eq!(
        lang("Башҡортостан Республикаһы Хөкүмәте ҡарар ҡабул иткән"),
        "ba"
    );
    // Mongolian.
    assert_eq!(
        lang("Монгол улсын Засгийн газар шинэ хөтөлбөр баталлаа"),
        "mn"
    );
    // Bulgarian.
    assert_eq!(
        lang("Министерството на образованието обяви нова програма за учителите"),
        "bg"
    );
    // Belarusian.
    assert_eq!(
        lang("Міністэрства адукацыі абвясціла новую праграму для настаўнікаў"),
        "be"
    );
}

#[test]
fn kazakh_in_latin_script() {
    let g = guess("Qazaqstan Respublikasynyñ Bilim jäne ğylym ministrligi jaña bağdarlama usyndy");
    assert_eq!((g.lang, g.script), ("kk", Some("Latn")));
    // Turkish and English are not Kazakh.
    assert_ne!(
        lang("Türkiye Cumhuriyeti'nin başkenti Ankara'dır ve en kalabalık şehri İstanbul'dur"),
        "kk"
    );
    assert_eq!(
        lang("This website uses cookies to improve your experience on the site."),
        "en"
    );
}

#[test]
fn kazakh_and_uyghur_in_arabic_script() {
    // Kazakh (Arabic script, as written in Xinjiang): the high hamza ٴ marks front vowels.
    let kk = guess("قازاقستان رەسپۋبليكاسىنىڭ ٴبىلىم جانە عىلىم مينيسترلىگى");
    assert_eq!((kk.lang, kk.script), ("kk", Some("Arab")));
    let ug = guess("ئۇيغۇر تىلى تۈركىي تىللار ئائىلىسىگە مەنسۇپ");
    assert_eq!((ug.lang, ug.script), ("ug", Some("Arab")));
}

#[test]
fn scores_are_probabilities() {
    for text in [
        "а",
        "мен",
        "кітап",
        "и в",
        "Это предложение на русском языке.",
        "中",
    ] {
        let g = guess(text);
        assert!((0.0..=1.0).contains(&g.score), "{text}: {}", g.score);
    }
}

#[test]
fn russian_inside_kazakh_is_a_span() {
    let text = "Бұл туралы «Об утверждении государственной программы развития образования» деген құжатта айтылған";
    assert_eq!(guess_sentence(text).lang, "kk");
    let spans = foreign_spans(text, "kk");
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0].guess.lang, "ru");
    assert!(text[spans[0].range.clone()].starts_with("Об утверждении"));
}

#[test]
fn word_lists_are_sorted() {
    for list in [
        script::KYRGYZ_WORDS,
        script::TATAR_WORDS,
        script::RUSSIAN_WORDS,
        script::UKRAINIAN_WORDS,
        script::BULGARIAN_WORDS,
    ] {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        assert_eq!(list, &sorted[..]);
    }
}

#[test]
fn uzbek_latin_is_not_kazakh() {
    assert_ne!(
        lang("Ozbekiston Respublikasi Prezidenti yangi qaror imzoladi."),
        "kk"
    );
    assert_ne!(
        lang("Ushbu qaror rasmiy e’lon qilingan kundan boshlab kuchga kiradi."),
        "kk"
    );
    assert_eq!(lang("Qazaqstan Respublikasy"), "kk");
}

#[test]
fn kazakh_typed_with_latin_i_is_kazakh() {
    // Latin i for і inside Cyrillic words, as often typed.
    assert_eq!(lang("Кептiру барысында бiрнеше рет аударады."), "kk");
}

#[test]
fn latin_brands_inside_kazakh_prose_keep_it_kazakh() {
    assert_eq!(
        lang("Ойын 2013 жылы PlayStation 3, PlayStation Portable және Xbox 360 үшін шықты."),
        "kk"
    );
}

#[test]
fn a_lone_kazakh_letter_is_kazakh_and_tiny_ambiguous_text_is_und() {
    assert_eq!(lang("Ұ"), "kk");
    assert_eq!(lang("Ош:"), "und");
}

#[test]
fn an_unquoted_kazakh_name_in_russian_is_a_span() {
    let text = "Аким области посетил школу в селе Жаңа Өмір и встретился с учителями.";
    assert_eq!(lang(text), "ru");
    let spans = foreign_spans(text, "ru");
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(&text[spans[0].range.clone()], "Жаңа Өмір");
}

#[test]
fn stats_minus_itself_leaves_no_count() {
    // Every count field takes part in the subtraction (a field left out would stay).
    let text = "Қазақстан ұлттық ғылым. Это что-то. Кыргызстандын өкмөтү үчүн. Татарстан җитәкче һәм. \
                ҡаҙаҡ ӑӗ ӯҷ ҳў ї є ђ ѓ ј ӂ във ааа эки бир qazaq tili ä ə 中文這个 かな 한국 قازاقٴ ې";
    let s = script::scan(text);
    let d = format!("{:?}", s.minus(&s));
    assert!(!d.chars().any(|c| c.is_ascii_digit() && c != '0'), "{d}");
}

#[test]
fn sentences_of_a_scanned_paragraph_are_judged_as_alone() {
    let text = "Қазақстан Республикасы Оқу-ағарту министрлігі жаңа бағдарламаны бекітті. \
                Министерство просвещения утвердило новую программу. «Серпін» бағдарламасы \
                бойынша студенттер оқиды! Кыргызстандын өкмөтү билим берүү боюнча жаңы программаны кабыл алды.";
    let scanned = Scanned::new(text);
    assert_eq!(scanned.guess(), guess(text));
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!') {
            let end = i + 1;
            let range = start..end;
            assert_eq!(
                scanned.guess_sentence(range.clone()),
                guess_sentence(&text[range.clone()]),
                "{}",
                &text[range]
            );
            start = end;
        }
    }
    // Ranges that do not start or end after a sentence end are rescanned: same verdict.
    let (a, b) = (text.floor_char_boundary(10), text.floor_char_boundary(60));
    assert_eq!(scanned.guess_sentence(a..b), guess_sentence(&text[a..b]));
}

#[test]
fn short_ascii_lines_are_undetermined_without_asking_whatlang_but_telling_letters_count() {
    for line in ["E-mail:", "USD495.2", "copy 12", "to the"] {
        assert_eq!(lang(line), "und", "{line}");
    }
    assert_eq!(
        other_language("to the left", 9),
        None,
        "fewer than {MIN_ASCII_LETTERS_WHATLANG} ASCII letters: whatlang is not asked"
    );
    // A letter only one language writes still decides a short string.
    assert_eq!(lang("œil :"), "fr");
}
