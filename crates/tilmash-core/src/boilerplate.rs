//! Telling site furniture from content.
//!
//! Scraped pages wrap an article in navigation, widgets, teasers of other articles and
//! footers. We keep every paragraph (offsets stay valid) and flag the furniture. The
//! method is the classic one of body-text extraction (jusText, Boilerpipe): the article
//! body is the stretch of long, punctuated paragraphs; what lies outside it is furniture,
//! except the title block just before it and the byline or signature just after it.
//! A small multilingual lexicon of furniture (cookie notices, 'Recent posts', share
//! prompts, copyright lines, counters, weather and currency widgets, login forms)
//! overrides position, and a 'related articles' heading ends the body.

use std::sync::LazyLock;

use regex::Regex;

/// What the classifier needs to know about one paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParagraphInfo<'a> {
    pub text: &'a str,
    /// The paragraph is alone in its blank-line-separated block.
    pub alone_in_block: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Matches the furniture lexicon.
    Furniture,
    /// A heading that introduces other articles: everything after it is furniture.
    TailMarker,
    /// A date line (publication date, views): neither side; never starts a title block.
    Dateline,
    /// A bare number standing alone (slide counters, decorative numbering).
    Ornament,
    /// Long, punctuated prose: the article body is made of these.
    Good,
    /// Anything else: headings, list items, table cells, short lines.
    Other,
}

/// Widgets and UI strings (the short-furniture lexicon) are at most this heavy: an
/// article that mentions the weather or a password is not thrown away.
const SHORT_WEIGHT: usize = 120;
/// Weighted letters below which a paragraph cannot be body text.
const GOOD_WEIGHT: usize = 80;
/// Unpunctuated text this long is still body text (long headings are rare).
const GOOD_WEIGHT_UNPUNCTUATED: usize = 200;
/// A title block paragraph beyond the first must have at least this weight.
const TITLE_WEIGHT: usize = 30;
/// Bylines, photo credits and signatures after the body are at most this heavy.
const TRAILER_WEIGHT: usize = 60;

/// Flag each paragraph: `true` for furniture.
pub fn classify(paragraphs: &[ParagraphInfo<'_>]) -> Vec<bool> {
    let kinds: Vec<Kind> = paragraphs.iter().map(kind_of).collect();
    let n = kinds.len();
    let Some(first_good) = kinds.iter().position(|&k| k == Kind::Good) else {
        // No article body to anchor on: keep everything but what is plainly furniture.
        return kinds.iter().map(|&k| is_furniture_kind(k)).collect();
    };
    // The body ends at the last good paragraph before the first tail marker after it.
    let tail = kinds[first_good..]
        .iter()
        .position(|&k| k == Kind::TailMarker)
        .map_or(n, |p| first_good + p);
    let last_good = kinds[..tail]
        .iter()
        .rposition(|&k| k == Kind::Good)
        .unwrap_or(first_good);

    let mut furniture = vec![true; n];
    for i in first_good..=last_good {
        furniture[i] = is_furniture_kind(kinds[i]);
    }
    // Title block: walk back from the body over the heading(s), stepping over a dateline
    // that sits between title and body.
    let mut taken = 0usize;
    for i in (0..first_good).rev() {
        match kinds[i] {
            Kind::Dateline if taken == 0 => furniture[i] = false,
            Kind::Other | Kind::Good
                if taken == 0 || weight(paragraphs[i].text) >= TITLE_WEIGHT =>
            {
                furniture[i] = false;
                taken += 1;
            }
            _ => break,
        }
    }
    // Trailer: bylines and signatures right after the body, up to the first furniture.
    for i in last_good + 1..tail {
        match kinds[i] {
            Kind::Other | Kind::Dateline if weight(paragraphs[i].text) <= TRAILER_WEIGHT => {
                furniture[i] = false;
            }
            _ => break,
        }
    }
    furniture
}

fn is_furniture_kind(k: Kind) -> bool {
    matches!(k, Kind::Furniture | Kind::TailMarker | Kind::Ornament)
}

fn kind_of(p: &ParagraphInfo<'_>) -> Kind {
    let text = p.text;
    let w = weight(text);
    // The short-paragraph lexicons match lowercased text; body paragraphs, which are most
    // of the bytes, are only checked against the notices that may occur at any length,
    // case-insensitively and without a lowercased copy.
    let lower = (w <= SHORT_WEIGHT).then(|| text.to_lowercase());
    if let Some(lower) = &lower {
        if w <= 40 && TAIL_MARKER.is_match(lower.trim()) {
            return Kind::TailMarker;
        }
        if SHORT_FURNITURE.is_match(lower) {
            return Kind::Furniture;
        }
    }
    if ALWAYS_FURNITURE.is_match(text) {
        return Kind::Furniture;
    }
    if p.alone_in_block && ORNAMENT.is_match(text) {
        return Kind::Ornament;
    }
    if let Some(lower) = &lower
        && w <= 30
        && DATELINE.is_match(lower)
    {
        return Kind::Dateline;
    }
    // Punctuation is looked for only where it decides; ASCII stops first (a byte search).
    let punctuated = || {
        text.bytes().any(|b| matches!(b, b'.' | b'!' | b'?'))
            || text.contains(['…', '。', '！', '？'])
    };
    if w >= GOOD_WEIGHT_UNPUNCTUATED || (w >= GOOD_WEIGHT && punctuated()) {
        Kind::Good
    } else {
        Kind::Other
    }
}

/// Letters, with a Han character counted as two (it carries about as much as a short
/// Cyrillic word's syllable pair; Chinese paragraphs are short in characters). Read by
/// bytes for ASCII and two-byte Cyrillic, the bulk of the text; every paragraph is
/// weighed, so this is a pass over the whole document.
fn weight(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut total = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0..=0x7F => {
                total += usize::from(b.is_ascii_alphabetic());
                i += 1;
            }
            // U+0400–U+04FF: letters but for U+0482–U+0489 (a sign and combining marks).
            0xD0 | 0xD1 | 0xD3 => {
                total += 1;
                i += 2;
            }
            0xD2 => {
                let second = bytes.get(i + 1).copied().unwrap_or(0);
                total += usize::from(!(0x82..=0x89).contains(&second));
                i += 2;
            }
            _ => {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                total += char_weight(c);
                i += c.len_utf8();
            }
        }
    }
    total
}

/// One character's share of [`weight`].
fn char_weight(c: char) -> usize {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => 1,
        0..=0x7F => 0,
        0x0400..=0x0481 | 0x048A..=0x052F => 1,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => 2,
        _ if c.is_alphabetic() => 1,
        _ => 0,
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("built-in pattern {pattern:?} is valid: {e}"))
}

/// Headings of teaser lists and widgets that follow an article, in ru, kk, zh and en.
static TAIL_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(recent posts|related (posts|articles|news)|popular (posts|news)|read (also|more)|more news|latest news|читайте также|читать также|смотрите также|похожие (новости|статьи|материалы|записи)|последние (новости|записи|публикации)|другие новости|новости по теме|ещё новости|еще новости|популярное|популярные (новости|записи)|самое читаемое|афоризм дня|понравилась статья\?.*|соңғы жаңалықтар|ұқсас жаңалықтар|тағы оқыңыз|оқи отырыңыз|танымал|热门排行|热门文章|推荐文章|推荐阅读|相关(文章|新闻|阅读)|最新(文章|新闻)|猜你喜欢|延伸阅读|友情链接)[:：.!]*$",
    )
});

/// Furniture at any length: notices that never belong to an article. Case-insensitive:
/// it runs on the original text (the other lexicons run on a lowercased copy).
static ALWAYS_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(uses cookies|cookie policy|файлы cookie|использует cookie|cookie файлдар|все права защищены|барлық құқықтар қорғалған|all rights reserved|^©|©\s*\d{4}|copyright|版权(声明|所有)|использование материалов .*(ссылк|разрешени)|при использовании материалов|при цитировании|редакция не несет ответственности|мнение редакции может не совпадать|материалдарды пайдалану|рейтинг@mail\.ru|яндекс\.метрика|liveinternet|google analytics)",
    )
});

/// Furniture when short: share prompts, login forms, widgets, counters, breadcrumbs,
/// relative timestamps of teasers, the site's 'today is' line, support prompts.
static SHORT_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(поделит|поделиться|бөлісіңіз|分享到|share (this|on)|",
        r"(^|[^\p{L}])(регистрация|зарегистрир|войти|вход|email|e-mail|пароль|парол|логин|password|login|sign in|тіркелу|кіру|注册|登录)([^\p{L}]|$)|",
        r"^погода|ауа райы|^天气|^[+\-−]?\d+\s?°\s?[cсf]?$|",
        r"^(usd|eur|rub|cny|kzt|gbp|jpy)\s?[\d.,]+$|",
        r"посещаемост|просмотр(ов|ы):|^\d+\s+(просмотр|views)|",
        r"^(главная|басты бет|home|首页)\s*[>»/|]|\s[>»]\s.*\s[>»]\s|",
        r"^\d+\s+(секунд|минут|час|дн|день|недел|месяц|год|лет|сағат|күн|апта|ай|жыл)\p{L}*\s+(ago|назад|бұрын)$|",
        r"^\d+\s+(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago$|",
        r"^(сегодня|бүгін|今天)[\s,:]|",
        r"служб[уеа] поддержки|қолдау қызметі|напишите нам|联系我们|",
        r"^от редакции$|^редакциядан$|^(подписывайтесь|подпишитесь|жазылыңыз)|",
        r"^(версия для печати|печать|print)$)"
    ))
});

/// A bare number of at most three digits (with an optional stop) standing alone.
static ORNAMENT: LazyLock<Regex> = LazyLock::new(|| re(r"^\d{1,3}$"));

/// A date, optionally with a time, views or a source: `29.03.2025 | 79`,
/// `2019-11-12 09:38:18来源:网络`, `21 ноября 2024`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}\s+\p{L}+\s+\d{4})",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paragraphs: &[&str]) -> Vec<bool> {
        let infos: Vec<ParagraphInfo<'_>> = paragraphs
            .iter()
            .map(|t| ParagraphInfo {
                text: t,
                alone_in_block: true,
            })
            .collect();
        classify(&infos)
    }

    const BODY1: &str = "Министр поставил ряд задач по всем ключевым показателям сферы образования и своевременному исполнению поручений.";
    const BODY2: &str = "Заместители акимов обязались усилить работу органов опеки до конца года и доложить о результатах на следующей встрече.";

    #[test]
    fn header_widgets_and_teasers_are_furniture_title_and_body_are_not() {
        let flags = run(&[
            "Погода в Шымкенте",
            "USD495.2",
            "Новости региона",
            "Необходимо увеличить численность специалистов органов опеки",
            BODY1,
            BODY2,
            "Редактор",
            "Recent Posts",
            "В Костанае подвели итоги развития предпринимательства в регионе за прошедший год, сообщили в палате.",
            "2 дня ago",
            "This website uses cookies.",
        ]);
        assert_eq!(
            flags,
            [
                true, true, true, false, false, false, false, true, true, true, true
            ]
        );
    }

    #[test]
    fn dateline_between_title_and_body_keeps_title() {
        let flags = run(&[
            "首页 > 社会工作 > 正文",
            "浙江出台加强社会工作专业人才队伍建设的意见",
            "2019-11-12 09:38:18来源:网络",
            "近日,中共浙江省委组织部、浙江省民政厅等5个部门联合印发了《关于加强社会工作专业人才队伍建设的意见》,旨在进一步加强全省社会工作专业人才队伍建设。",
            "0",
            "支持具备条件的高校新增社会工作专业,鼓励相关高校与地方合作,开展社区、养老、社会救助等社会工作重点领域的研究与服务。",
            "版权声明:凡来源不是本站的文章,仅代表作者本人观点。",
        ]);
        assert_eq!(flags, [true, false, false, false, true, false, true]);
    }

    #[test]
    fn weight_by_bytes_agrees_with_weighing_each_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(weight(&s), 2 + char_weight(c), "U+{:04X}", c as u32);
        }
        assert_eq!(weight("Қазақстан 2024 жылы 教育部"), 9 + 4 + 3 * 2);
    }

    #[test]
    fn without_a_body_only_plain_furniture_is_flagged() {
        assert_eq!(
            run(&["Заголовок", "Короткая строка", "© 2024"]),
            [false, false, true]
        );
    }

    #[test]
    fn long_article_text_mentioning_a_password_is_content() {
        let long = "Министерство цифрового развития напомнило, что пароль от портала электронного правительства нельзя сообщать третьим лицам, даже если они представляются сотрудниками банка или полиции, и призвало граждан быть внимательными.";
        assert_eq!(run(&[long, BODY1]), [false, false]);
    }
}
