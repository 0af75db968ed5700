//! Unit tests of `find`: spans, ids and canonical names in the three languages, and the
//! things that are not agencies.

use super::*;

fn spans<'a>(s: &'a str, lang: &str) -> Vec<(&'a str, String)> {
    find(s, lang)
        .into_iter()
        .map(|a| (&s[a.range.clone()], a.id))
        .collect()
}

fn one(s: &str, lang: &str) -> Agency {
    let found = find(s, lang);
    assert_eq!(found.len(), 1, "{s}: {found:#?}");
    found.into_iter().next().expect("one agency")
}

#[test]
fn russian_head_takes_its_modifiers_and_jurisdiction() {
    let s = "Об этом сообщил вице-министр Министерства труда и социальной защиты РК Ерлан Аукенов.";
    let a = one(s, "ru");
    assert_eq!(
        &s[a.range.clone()],
        "Министерства труда и социальной защиты РК"
    );
    assert_eq!(a.id, "kz.ministry.labour");
    assert_eq!(
        a.canonical,
        "Министерство труда и социальной защиты населения Республики Казахстан"
    );
    let s = "Как сообщили в Агентстве по противодействию коррупции, проверка продолжается.";
    let a = one(s, "ru");
    assert_eq!(
        &s[a.range.clone()],
        "Агентстве по противодействию коррупции"
    );
    assert_eq!(a.id, "kz.anticorruption");
}

#[test]
fn unlisted_russian_names_get_a_nominative_and_a_stable_id() {
    let a = one("Решение принял акимат города Шымкент вчера.", "ru");
    let b = one("Об этом сообщили в акимате города Шымкент.", "ru");
    assert_eq!(a.canonical, "Акимат города Шымкент");
    assert_eq!(b.canonical, "Акимат города Шымкент");
    assert_eq!(a.id, b.id);
    assert!(a.id.starts_with("x."));
    let c = one("Студенты Костанайского областного колледжа победили.", "ru");
    assert_eq!(c.canonical, "Костанайский областной колледж");
}

#[test]
fn kazakh_head_takes_the_modifiers_before_it() {
    let s = "Марапатқа Алматы облыстық ұйымы, Жамбыл облыстық ұйымы ие болды.";
    let got: Vec<&str> = spans(s, "kk").into_iter().map(|(t, _)| t).collect();
    assert_eq!(got, ["Алматы облыстық ұйымы", "Жамбыл облыстық ұйымы"]);
    let s = "Бұл туралы Қазақстан Республикасы Білім және ғылым министрлігімен келісілді.";
    let a = one(s, "kk");
    assert_eq!(
        &s[a.range.clone()],
        "Қазақстан Республикасы Білім және ғылым министрлігімен"
    );
    assert_eq!(a.id, "kz.ministry.education-science");
    assert_eq!(
        a.canonical,
        "Қазақстан Республикасы Білім және ғылым министрлігі"
    );
}

#[test]
fn kazakh_and_russian_names_of_one_body_share_the_id() {
    let kk = one("Хат ҚР Денсаулық сақтау министрлігіне жіберілді.", "kk");
    let ru = one("Письмо направлено в Министерство здравоохранения РК.", "ru");
    assert_eq!(kk.id, ru.id);
    assert_eq!(kk.id, "kz.ministry.health");
    let abbr = one("Бұл мәселені ТЖМ қарайды.", "kk");
    let ru = one(
        "Этим занимается Министерство по чрезвычайным ситуациям.",
        "ru",
    );
    assert_eq!(abbr.id, ru.id);
}

#[test]
fn quoted_names_with_a_legal_form() {
    let s = "Зерно закупает АО «НК «Продкорпорация» по фиксированной цене.";
    let a = one(s, "ru");
    assert_eq!(&s[a.range.clone()], "АО «НК «Продкорпорация»");
    assert_eq!(a.id, "kz.prodcorporation");
    let s = "Сайлауға «Ауыл» партиясы қатысты.";
    assert_eq!(&s[one(s, "kk").range.clone()], "«Ауыл» партиясы");
}

#[test]
fn chinese_prefix_to_head() {
    let s = "近日，中共浙江省委组织部、浙江省民政厅、浙江省人力资源和社会保障厅等5个部门联合印发了《意见》。";
    let got: Vec<&str> = spans(s, "zh").into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        got,
        [
            "中共浙江省委组织部",
            "浙江省民政厅",
            "浙江省人力资源和社会保障厅"
        ]
    );
    let a = one("联合国儿童基金会发表声明。", "zh");
    assert_eq!(a.id, "int.un.unicef");
    assert_eq!(one("ЮНИСЕФ выступил с заявлением.", "ru").id, a.id);
}

#[test]
fn laws_generic_bodies_and_persons_are_not_agencies() {
    for (s, lang) in [
        ("ҚР «Педагог мәртебесі туралы» Заңы қабылданды.", "kk"),
        (
            "Қазақстан Республикасы Еңбек кодексінің талаптары сақталды.",
            "kk",
        ),
        (
            "Вопросами занимаются органы опеки и местные исполнительные органы.",
            "ru",
        ),
        ("Глава государства поручил акиматов проверить школы.", "ru"),
        ("各地要加强社会工作专业人才队伍建设。", "zh"),
        ("Салалық кәсіподақ ұйымдары жиналды.", "kk"),
        ("Жұмысқа Орталық Азия елдері қатысты.", "kk"),
    ] {
        assert!(find(s, lang).is_empty(), "{s}: {:#?}", find(s, lang));
    }
}

#[test]
fn a_listed_name_beside_a_kind_word_is_that_body() {
    let a = one("Об этом сообщило агентству Reuters официальное лицо.", "ru");
    assert_eq!(a.id, "media.reuters");
    let a = one("Компания «Газпром» подписала соглашение.", "ru");
    assert_eq!(a.id, "ru.gazprom");
}
