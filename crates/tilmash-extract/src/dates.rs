//! Dates: absolute, partial, ranges, half-years and quarters, school years, and relative
//! expressions resolved against the document's own date.
//!
//! Each rule is a regular expression with a normalizer. All rules run over a sentence;
//! overlapping matches are resolved leftmost-longest by the caller.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::numbers::{chinese_value, digit, word_value};

/// The date a document speaks from (publication date, or only its year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// A date found in a sentence (byte range relative to the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    pub range: Range<usize>,
    /// ISO 8601 value (`2020-01-11`, `2020-01`, `2020`, `2020-H1`, `2019/2024`,
    /// `--10-20`), `None` when relative and not resolvable.
    pub value: Option<String>,
    pub relative: bool,
}

const Y: &str = r"(?:1[89]\d\d|20\d\d|[１２][０-９]{3})";
const D: &str = r"(?:[0-3]?\d)";
const KK_MON: &str =
    r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)\p{L}*";
const RU_MON: &str = r"(?:(?:январ|феврал|сентябр|октябр|ноябр|декабр|апрел|июн|июл)(?:ь|я|е|ём|ем|ю)|март(?:а|е|ом)?|август(?:а|е|ом)?|ма(?:й|я|е|ем))";
const ZH_NUM: &str = r"(?:[0-9０-９]{1,4}|[〇零○一二三四五六七八九十两]{1,4})";

type Normalize = fn(&Groups<'_>, Option<RefDate>) -> Option<(Option<String>, bool)>;

/// What a rule's normalizer sees of its match: the matched text, and the named groups
/// when the rule has any. Rules without groups are found without the capture engines,
/// which cost far more than finding the match.
pub(crate) struct Groups<'s> {
    start: usize,
    text: &'s str,
    caps: Option<Captures<'s>>,
}

impl<'s> Groups<'s> {
    fn name(&self, name: &str) -> Option<regex::Match<'s>> {
        self.caps.as_ref()?.name(name)
    }

    fn text(&self) -> &'s str {
        self.text
    }
}

impl std::ops::Index<&str> for Groups<'_> {
    type Output = str;

    /// The text of a group the rule's pattern always sets (as `Captures` indexes).
    fn index(&self, name: &str) -> &str {
        self.name(name)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("date rule without group {name}"))
    }
}

/// What a sentence must contain for a rule to be worth running: a digit (ASCII,
/// full-width or a Chinese numeral) when `digit`, one of `words` unless empty, and one
/// of `also` unless empty.
#[derive(Clone, Copy)]
struct Triggers {
    digit: bool,
    words: &'static [&'static str],
    /// A second keyword every match holds besides one of `words` ("осы жылы" holds
    /// "жыл"): a rule whose first keyword is a common word ("осы", "бері") does not run
    /// on every sentence that has it. Window placement uses `words` only.
    also: &'static [&'static str],
    /// One of these characters between two digits ("2019-11-12", "29.03.2025",
    /// "2019 – 2024"); empty when not required.
    between_digits: &'static str,
}

const KK_MONTHS: &[&str] = &[
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];
const RU_MONTHS: &[&str] = &[
    "январ",
    "феврал",
    "март",
    "апрел",
    "мая",
    "май",
    "мае",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];

const fn digit_and(words: &'static [&'static str]) -> Triggers {
    Triggers {
        digit: true,
        words,
        also: &[],
        between_digits: "",
    }
}

/// A rule without digits that needs one of `words` and one of `also`.
const fn words_and(words: &'static [&'static str], also: &'static [&'static str]) -> Triggers {
    Triggers {
        digit: false,
        words,
        also,
        between_digits: "",
    }
}

const fn digits_joined_by(between_digits: &'static str) -> Triggers {
    Triggers {
        digit: true,
        words: &[],
        also: &[],
        between_digits,
    }
}

/// The characters a `digits_joined_by` trigger may name, one bit each.
fn joiner_bit(c: char) -> u8 {
    match c {
        '-' => 1,
        '.' => 2,
        '–' => 4,
        '—' => 8,
        '/' => 16,
        _ => 0,
    }
}

fn joiner_mask(joiners: &str) -> u8 {
    joiners.chars().map(joiner_bit).fold(0, |m, b| m | b)
}

/// What one pass over a sentence tells the rule prefilters: whether it has a digit
/// (ASCII, full-width or a Chinese numeral: "二〇二二年"), and which joiners stand
/// between two digits, spaces allowed around them ("2019-11-12", "2019 – 2024").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scan {
    has_digit: bool,
    joined: u8,
}

fn scan(s: &str) -> Scan {
    let mut out = Scan {
        has_digit: false,
        joined: 0,
    };
    let mut after_digit = false;
    let mut pending: u8 = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Byte fast paths for the bulk of the text: ASCII, and two-byte Cyrillic
        // (U+0400–U+04FF, lead bytes 0xD0–0xD3), which ends any digit run.
        let c = if b < 0x80 {
            i += 1;
            char::from(b)
        } else if (0xD0..=0xD3).contains(&b) {
            i += 2;
            after_digit = false;
            pending = 0;
            continue;
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            c
        };
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            out.has_digit = true;
            out.joined |= pending;
            pending = 0;
            after_digit = true;
            continue;
        }
        if !out.has_digit && is_chinese_numeral(c) {
            out.has_digit = true;
        }
        let bit = joiner_bit(c);
        if bit != 0 && after_digit {
            pending |= bit;
        } else if !c.is_whitespace() {
            after_digit = false;
            pending = 0;
        }
    }
    out
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '○'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '两'
    )
}

struct Rule {
    re: Regex,
    triggers: Triggers,
    normalize: Normalize,
    /// The pattern ended in a word boundary, which the regex now matches as one
    /// non-word character (or the end): trim it from the match.
    ends_at_boundary: bool,
}

/// A rule triggered by keywords alone.
fn word_rule(pattern: &str, words: &'static [&'static str], normalize: Normalize) -> Rule {
    rule_with(
        pattern,
        Triggers {
            digit: false,
            words,
            also: &[],
            between_digits: "",
        },
        normalize,
    )
}

fn rule_with(pattern: &str, triggers: Triggers, normalize: Normalize) -> Rule {
    let pattern = pattern
        .replace("{Y}", Y)
        .replace("{D}", D)
        .replace("{KK_MON}", KK_MON)
        .replace("{RU_MON}", RU_MON)
        .replace("{ZH}", ZH_NUM);
    // A final word boundary is matched as a non-word character or the end, so that the
    // regex, which takes the first alternative that fits, prefers "айына" over "айы"
    // (a shorter ending that would stop inside the word and fail the whole-word check).
    // It is trimmed from the match. Other word boundaries are checked by
    // `whole_word_captures`, not by the regex (`\b` would force the slow engines on
    // Cyrillic).
    let ends_at_boundary = pattern.ends_with(r"\b");
    let pattern = match pattern.strip_suffix(r"\b") {
        Some(head) => format!(r"{head}(?:[^0-9A-Za-z\x{{400}}-\x{{481}}\x{{48A}}-\x{{52F}}]|$)"),
        None => pattern,
    };
    let pattern = pattern.replace(r"\b", "");
    // Letters and digits as these languages write them, not all of Unicode's: `\p{L}`
    // and `\d` compile to automata with thousands of states (every script's letters and
    // digits, case-folded), which the capture engines must walk and clear on every match.
    let pattern = pattern
        .replace(r"\p{L}", r"[\x{400}-\x{52F}A-Za-z]")
        .replace(r"\d", "[0-9]");
    Rule {
        re: Regex::new(&pattern).unwrap_or_else(|e| panic!("date rule {pattern}: {e}")),
        triggers,
        normalize,
        ends_at_boundary,
    }
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        // 2019-11-12
        rule_with(
            r"\b(?P<y>{Y})-(?P<m>0?[1-9]|1[0-2])-(?P<d>{D})\b",
            digits_joined_by("-"),
            |c, _| abs(ymd(c)),
        ),
        // 29.03.2025
        rule_with(
            r"\b(?P<d>{D})\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{Y})\b",
            digits_joined_by("."),
            |c, _| abs(ymd(c)),
        ),
        // 2020 жылғы 11 қаңтарда; ағымдағы жылғы 15 сәуірінде
        rule_with(
            r"(?i)(?:\b(?P<y>{Y})\s*(?:жылғы|жылдың|ж\.)|(?P<rel>ағымдағы|өткен|келесі|биылғы)\s+жыл(?:ғы|дың))\s+(?P<d>{D})\s+(?P<mon>{KK_MON})",
            Triggers {
                digit: false,
                words: KK_MONTHS,
                also: &[],
                between_digits: "",
            },
            |c, r| {
                with_year(c, r, |y, c| {
                    Some(iso_ymd(y, kk_month(&c["mon"])?, num(&c["d"])?))
                })
            },
        ),
        // 2020 жылғы қаңтар-ақпан айларында; ағымдағы жылдың ақпан айында
        rule_with(
            r"(?i)(?:\b(?P<y>{Y})\s*(?:жылғы|жылдың)|(?P<rel>ағымдағы|өткен|келесі|биылғы)\s+жыл(?:ғы|дың))\s+(?P<mon>{KK_MON})(?:\s*[-–—]\s*(?P<mon2>{KK_MON}))?\s+ай\p{L}*",
            Triggers {
                digit: false,
                words: KK_MONTHS,
                also: &[],
                between_digits: "",
            },
            |c, r| {
                with_year(c, r, |y, c| {
                    let m = kk_month(&c["mon"])?;
                    Some(match c.name("mon2").and_then(|m2| kk_month(m2.as_str())) {
                        Some(m2) => format!("{y:04}-{m:02}/{y:04}-{m2:02}"),
                        None => format!("{y:04}-{m:02}"),
                    })
                })
            },
        ),
        // 2020 жылдың І жартыжылдығындағы; 2020 жылғы 1 тоқсанда
        rule_with(
            r"(?i)\b(?P<y>{Y})\s*(?:жылғы|жылдың|жыл)\s+(?P<n>[1-4]|IV|I{1,3}|І{1,3}|ІV)\s*-?\s*(?P<what>жартыжылд|тоқсан)\p{L}*",
            digit_and(&["жартыжыл", "тоқсан"]),
            |c, _| {
                let y = num(&c["y"])?;
                let n = roman_or_digit(&c["n"])?;
                let v = if c["what"].to_lowercase().starts_with("жарты") {
                    format!("{y:04}-H{n}")
                } else {
                    format!("{y:04}-Q{n}")
                };
                Some((Some(v), false))
            },
        ),
        // 2019-2024 жылдарға; 2018—2020 годы; 2023-2024 учебном году
        rule_with(
            r"(?i)\b(?P<y>{Y})\s*[-–—/]\s*(?P<y2>{Y})\s*(?:-?\s*жыл\p{L}*|жж\.|гг\.|год(?:ы|ах|ов|ам)\b|(?:учебн|финансов|отопительн|оқу)\p{L}*\s+(?:год\p{L}*|жыл\p{L}*))",
            digits_joined_by("-–—/"),
            |c, _| {
                Some((
                    Some(format!("{:04}/{:04}", num(&c["y"])?, num(&c["y2"])?)),
                    false,
                ))
            },
        ),
        // 2020 жылы, 2019 жылғы, 2020 ж., 2020-сыншы жылы (ordinal suffix)
        rule_with(
            r"(?i)\b{Y}(?:-(?:сыншы|сінші|ыншы|інші|нші|ншы|ші|шы))?\s*-?\s*(?:жыл\p{L}*|ж\.)",
            digit_and(&["жыл", "ж."]),
            |c, _| leading_year(c.text()),
        ),
        // екі мың жиырмасыншы жылы: a year in words
        word_rule(
            r"(?i)\b(?P<w>(?:екі\s+мың|мың\s+тоғыз\s+жүз)(?:\s+(?:бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|жиырма|отыз|қырық|елу|алпыс|жетпіс|сексен|тоқсан)\p{L}*){0,2})\s+жыл\p{L}*",
            &["мың"],
            |c, _| {
                let words: Vec<String> = c["w"]
                    .split_whitespace()
                    .map(|w| ordinal_stem(w).to_owned())
                    .collect();
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                let y = crate::numbers::words_value(&refs)? as i32;
                (1900..=2100)
                    .contains(&y)
                    .then(|| (Some(format!("{y:04}")), false))
            },
        ),
        // әр жылдың 20 қазанынан; 20 қазанда
        rule_with(
            r"(?i)(?:\bәр\s+жылдың\s+)?\b(?P<d>{D})\s+(?P<mon>{KK_MON})",
            digit_and(KK_MONTHS),
            |c, _| {
                Some((
                    Some(format!(
                        "--{:02}-{:02}",
                        kk_month(&c["mon"])?,
                        day(&c["d"])?
                    )),
                    false,
                ))
            },
        ),
        // 1 января 2026 года
        rule_with(
            r"(?i)\b(?P<d>{D})\s+(?P<mon>{RU_MON})\s+(?P<y>{Y})(?:\s*(?:года|год|г\.))?",
            digit_and(RU_MONTHS),
            |c, _| {
                abs(Some(iso_ymd(
                    num(&c["y"])?,
                    ru_month(&c["mon"])?,
                    num(&c["d"])?,
                )))
            },
        ),
        // в марте 2024 года
        rule_with(
            r"(?i)\b(?P<mon>{RU_MON})\s+(?P<y>{Y})(?:\s*(?:года|год|г\.))?",
            digit_and(RU_MONTHS),
            |c, _| {
                abs(Some(format!(
                    "{:04}-{:02}",
                    num(&c["y"])?,
                    ru_month(&c["mon"])?
                )))
            },
        ),
        // 20 октября
        rule_with(
            r"(?i)\b(?P<d>{D})\s+(?P<mon>{RU_MON})\b",
            digit_and(RU_MONTHS),
            |c, _| {
                Some((
                    Some(format!(
                        "--{:02}-{:02}",
                        ru_month(&c["mon"])?,
                        day(&c["d"])?
                    )),
                    false,
                ))
            },
        ),
        // 2025 года, 2024 году, 2010 г.
        rule_with(
            r"(?i)\b{Y}\s*(?:год(?:а|у|ом|е)?\b|г\.)",
            digit_and(&["год", "г."]),
            |c, _| leading_year(c.text()),
        ),
        // до конца этого года
        word_rule(
            r"(?i)\bдо\s+конца\s+(?:этого|текущего|нынешнего)\s+года\b",
            &["конца"],
            |_, r| Some((r.map(|r| format!("{:04}-12-31", r.year)), true)),
        ),
        // в этом году, текущего года
        word_rule(
            r"(?i)\b(?:(?:в\s+)?(?:этом|текущем|нынешнем)\s+году|(?:этого|текущего|нынешнего)\s+года)\b",
            &["этом", "текущ", "нынешн", "этого"],
            |_, r| rel_year(r, 0),
        ),
        word_rule(
            r"(?i)\b(?:(?:в\s+)?прошлом\s+году|прошлого\s+года)\b",
            &["прошл"],
            |_, r| rel_year(r, -1),
        ),
        word_rule(
            r"(?i)\b(?:(?:в\s+)?следующем\s+году|следующего\s+года)\b",
            &["следующ"],
            |_, r| rel_year(r, 1),
        ),
        // два года назад
        word_rule(
            r"(?i)\b(?P<n>\d{1,2}|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять)\s+(?:год|года|лет)\s+назад\b",
            &["назад"],
            |c, r| {
                let n = num(&c["n"])
                    .map(|n| n as f64)
                    .or_else(|| word_value(&c["n"]))?;
                rel_year(r, -(n as i32))
            },
        ),
        // новом учебном году; прошедшего учебного года
        word_rule(
            r"(?i)\bнов\p{L}*\s+учебн\p{L}+\s+год\p{L}*",
            &["учебн"],
            |_, r| school_year(r, 0),
        ),
        word_rule(
            r"(?i)\b(?:прошедш|прошл)\p{L}*\s+учебн\p{L}+\s+год\p{L}*",
            &["учебн"],
            |_, r| school_year(r, -1),
        ),
        // 2 дня ago, 3 дня назад, 2 недели ago: relative to a moment we cannot know.
        word_rule(
            r"(?i)\b\d{1,3}\s+(?:дн(?:я|ей)|день|недел\p{L}*|час\p{L}*|минут\p{L}*|месяц\p{L}*|күн|апта|сағат)\s+(?:ago|назад|бұрын)\b",
            &["ago", "назад", "бұрын"],
            |_, _| Some((None, true)),
        ),
        // бүгін, кеше, ертең; сегодня, вчера, завтра; 今天, 昨天, 明天
        // "Сегодня 21 ноября 2024 года": the written date carries the meaning.
        word_rule(
            r"(?i)\b(?:бүгін\p{L}*(?:\s+күн\p{L}*)?|сегодня)\b(?:\s+\d)?",
            &["бүгін", "сегодня"],
            |c, r| {
                if c.text().ends_with(|ch: char| ch.is_ascii_digit()) {
                    return None;
                }
                rel_day(r, 0)
            },
        ),
        // Seasons: қыста, жазғы, көктемде, күзде; зимой, летом, весной, осенью.
        word_rule(
            r"(?i)\b(?:қыс(?:та|қы|ы|тың|қа)?|жаз(?:да|ғы|ы|ға|дың)|көктем(?:де|гі|нің|ге|і)?|күз(?:де|гі|дің|ге)|зимой|летом|весной|осенью)\b",
            &[
                "қыс",
                "жаз",
                "көктем",
                "күз",
                "зимой",
                "летом",
                "весной",
                "осенью",
            ],
            |_, _| Some((None, true)),
        ),
        word_rule(
            r"(?i)\b(?:кеше(?:гі|ден|ге)?|вчера)\b",
            &["кеше", "вчера"],
            |_, r| rel_day(r, -1),
        ),
        word_rule(
            r"(?i)\b(?:ертең(?:гі|ге|нен)?|завтра)\b",
            &["ертең", "завтра"],
            |_, r| rel_day(r, 1),
        ),
        // осы айда, өткен аптада, келесі айда: this/last/next month or week
        rule_with(
            r"(?i)\b(?:осы|өткен|келесі|алдағы)\s+(?:ай|апта|жұма|тоқсан|сенбі|жексенбі|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі)(?:да|де|та|те|нда|нде|ында|інде|ы|і|сы|сі|ғы|гі|дағы|дегі|нан|нен|дан|ден)?\b",
            words_and(
                &["осы", "өткен", "келесі", "алдағы"],
                &["ай", "апта", "жұма", "тоқсан", "сенбі"],
            ),
            |_, _| Some((None, true)),
        ),
        // тамыздың 19-ы, қыркүйектің жиырма бесі: day after a month in the genitive
        rule_with(
            r"(?i)\b(?P<mon>{KK_MON})\s+(?P<d>\d{1,2})(?:-\p{L}{1,4})?",
            digit_and(KK_MONTHS),
            |c, _| {
                let mon = &c["mon"];
                if !(mon.ends_with("дың")
                    || mon.ends_with("дің")
                    || mon.ends_with("тың")
                    || mon.ends_with("тің")
                    || mon.ends_with("ның")
                    || mon.ends_with("нің"))
                {
                    return None;
                }
                Some((
                    Some(format!("--{:02}-{:02}", kk_month(mon)?, day(&c["d"])?)),
                    false,
                ))
            },
        ),
        // қарашада, тамызда: a month alone, in a case form (not "Қазан", the city)
        word_rule(
            r"(?i)\b(?P<mon>(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қараша|желтоқсан)(?:да|де|та|те|ында|інде|нда|нде|ға|ге|қа|ке|ына|іне|дан|ден|нан|нен))\b",
            &[
                "қаңтар",
                "ақпан",
                "наурыз",
                "сәуір",
                "мамыр",
                "маусым",
                "шілде",
                "тамыз",
                "қыркүйек",
                "қараша",
                "желтоқсан",
            ],
            |c, r| {
                let m = kk_month(&c["mon"])?;
                Some((r.map(|r| format!("{:04}-{m:02}", r.year)), true))
            },
        ),
        // Periods anchored to now: "бес жылдан бері" (for five years now), "екі аптаның
        // ішінде" (within two weeks), "өткен екі жылда" (in the past two years).
        rule_with(
            r"(?i)\b(?:(?:\d{1,3}|бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|жиырма|отыз|бірнеше|көп)\s+)+(?:жыл|ай|апта|күн|ғасыр)(?:дан|ден|тан|тен)\s+бері\b",
            words_and(&["бері"], &["жыл", "ай", "апта", "күн", "ғасыр"]),
            |_, _| Some((None, true)),
        ),
        rule_with(
            r"(?i)\b(?:(?:\d{1,3}|бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|бірнеше)\s+)+(?:жыл|ай|апта|күн)(?:дың|тың|ның|нің|дің|тің)\s+ішінде\b",
            words_and(&["ішінде"], &["жыл", "ай", "апта", "күн"]),
            |_, _| Some((None, true)),
        ),
        word_rule(
            r"(?i)\bөткен\s+(?:\d{1,2}|бір|екі|үш|төрт|бес|он|бірнеше)\s+(?:жыл|ай|апта)(?:да|де|та|те)\b",
            &["өткен"],
            |_, _| Some((None, true)),
        ),
        // он бірінші мамыр, сегізінші наурыз: an ordinal day in words before a month
        word_rule(
            r"(?i)\b(?P<w>(?:(?:он|жиырма|отыз)\s+)?(?:бірінші|екінші|үшінші|төртінші|бесінші|алтыншы|жетінші|сегізінші|тоғызыншы|оныншы|жиырмасыншы|отызыншы))\s+(?P<mon>{KK_MON})",
            &["інші", "ншы", "нші", "ыншы"],
            |c, _| {
                let words: Vec<String> = c["w"]
                    .split_whitespace()
                    .map(|w| ordinal_stem(w).to_owned())
                    .collect();
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                let d = crate::numbers::words_value(&refs)? as i32;
                Some((
                    Some(format!("--{:02}-{:02}", kk_month(&c["mon"])?, day_ok(d)?)),
                    false,
                ))
            },
        ),
        // тамыз айына дейін, наурыз айында: a month named with "ай"
        rule_with(
            r"(?i)\b(?P<mon>қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)\s+ай(?:ы|ында|ына|ынан|дың)?(?:\s+дейін)?\b",
            words_and(&[" ай"], KK_MONTHS),
            |c, r| {
                let m = kk_month(&c["mon"])?;
                Some((r.map(|r| format!("{:04}-{m:02}", r.year)), true))
            },
        ),
        // соңғы жылдары, осы күнге дейін, дәл осы күні, осы жыл
        word_rule(
            r"(?i)\bсоңғы\s+жылдар\p{L}*",
            &["соңғы"],
            |_, _| Some((None, true)),
        ),
        rule_with(
            r"(?i)\b(?:дәл\s+)?осы\s+(?:күн(?:і|ге\s+дейін)|жыл(?:ы|дың|ғы)?)\b",
            words_and(&["осы"], &["күн", "жыл"]),
            |_, r| rel_year(r, 0),
        ),
        // алғашқы тоқсанда, жыл басынан бері
        word_rule(
            r"(?i)\b(?:алғашқы|бірінші|соңғы)\s+тоқсан\p{L}*",
            &["тоқсан"],
            |_, _| Some((None, true)),
        ),
        word_rule(
            r"(?i)\bжыл\s+басынан\s+бері\b",
            &["басынан"],
            |_, r| rel_year(r, 0),
        ),
        // былтыр (last year), осы жылы (this year)
        word_rule(r"(?i)\bбылтыр\p{L}*", &["былтыр"], |_, r| {
            rel_year(r, -1)
        }),
        rule_with(
            r"(?i)\bосы\s+жылы\b",
            words_and(&["осы"], &["жыл"]),
            |_, r| rel_year(r, 0),
        ),
        // 3 ай бұрын, бес жыл бұрын, үш жұма бұрын: N units ago
        word_rule(
            r"(?i)\b(?:\d{1,3}|бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|жиырма|бірнеше)\s+(?:жыл|ай|апта|жұма|күн|ғасыр)\s+бұрын\p{L}*",
            &["бұрын"],
            |_, _| Some((None, true)),
        ),
        // биыл, ағымдағы жылы, өткен жылы, келесі жылы
        word_rule(r"(?i)\bбиыл\p{L}*", &["биыл"], |_, r| {
            rel_year(r, 0)
        }),
        word_rule(
            r"(?i)\bағымдағы\s+жыл\p{L}*",
            &["ағымдағы"],
            |_, r| rel_year(r, 0),
        ),
        word_rule(
            r"(?i)\bөткен\s+жыл\p{L}*(?:\s+осы\s+мерзім\p{L}*)?",
            &["өткен"],
            |_, r| rel_year(r, -1),
        ),
        word_rule(
            r"(?i)\bкелесі\s+жыл\p{L}*",
            &["келесі"],
            |_, r| rel_year(r, 1),
        ),
        // Соңғы төрт жылда: a span of time ending now, not a date we can name.
        rule_with(
            r"(?i)\bсоңғы\s+(?:\d{1,2}|\p{L}+(?:-\p{L}+)?)\s+(?:жыл|ай|апта)\p{L}*",
            Triggers {
                digit: false,
                words: &["соңғы"],
                also: &[],
                between_digits: "",
            },
            |_, _| Some((None, true)),
        ),
        // 2022年, 2022年11月, 2022年11月12日, 二〇二二年十一月
        rule_with(
            r"(?P<y>[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})年(?:(?P<m>{ZH})月(?:(?P<d>{ZH})[日号])?)?(?:(?P<h>上半年|下半年)|第(?P<q>[一二三四1-4])季度)?",
            digit_and(&["年"]),
            |c, _| {
                let y = zh_num(&c["y"])?;
                if let Some(h) = c.name("h") {
                    let n = if h.as_str() == "上半年" { 1 } else { 2 };
                    return Some((Some(format!("{y:04}-H{n}")), false));
                }
                if let Some(q) = c.name("q") {
                    return Some((Some(format!("{y:04}-Q{}", zh_num(q.as_str())?)), false));
                }
                let v = match (c.name("m"), c.name("d")) {
                    (Some(m), Some(d)) => iso_ymd(y, zh_num(m.as_str())?, zh_num(d.as_str())?),
                    (Some(m), None) => format!("{y:04}-{:02}", month_ok(zh_num(m.as_str())?)?),
                    _ => format!("{y:04}"),
                };
                Some((Some(v), false))
            },
        ),
        // 11月12日
        rule_with(
            r"(?P<m>{ZH})月(?P<d>{ZH})[日号]",
            digit_and(&["月"]),
            |c, _| {
                Some((
                    Some(format!(
                        "--{:02}-{:02}",
                        month_ok(zh_num(&c["m"])?)?,
                        day_ok(zh_num(&c["d"])?)?
                    )),
                    false,
                ))
            },
        ),
        word_rule(r"今年", &["今年"], |_, r| rel_year(r, 0)),
        word_rule(r"去年", &["去年"], |_, r| rel_year(r, -1)),
        word_rule(r"明年", &["明年"], |_, r| rel_year(r, 1)),
        word_rule(r"前年", &["前年"], |_, r| rel_year(r, -2)),
    ]
});

/// Every rule's keywords in the forms searched for, with the rule's index and whether
/// the keyword is one of the rule's `also` words: lowercase and capitalised (a keyword
/// opens a sentence often enough; all-caps text is rare in running prose), and for the
/// `also` words, which only permit a rule to run, upper case too. The search itself is
/// `keywords::find`, shared with the number words.
pub(crate) fn trigger_forms() -> Vec<(String, usize, bool)> {
    assert!(
        RULES.len() <= MAX_RULES,
        "{} date rules: raise MAX_RULES",
        RULES.len()
    );
    let mut forms = Vec::new();
    for (index, rule) in RULES.iter().enumerate() {
        for word in rule.triggers.words {
            forms.push(((*word).to_owned(), index, false));
            forms.push((crate::capitalised(word), index, false));
        }
        for word in rule.triggers.also {
            forms.push(((*word).to_owned(), index, true));
            forms.push((crate::capitalised(word), index, true));
            forms.push((word.to_uppercase(), index, true));
        }
    }
    forms
}

/// Rules there may be at most: `Triggered` lives on the stack, not in a fresh
/// allocation per sentence.
const MAX_RULES: usize = 96;
const _: () = assert!(MAX_RULES <= 128, "`Triggered::also` holds one bit per rule");

/// Where each keyword-triggered rule's keywords occur in a sentence: the first start and
/// the last end, per rule (`None`: no keyword, the rule cannot match).
pub(crate) struct Triggered {
    spans: [Option<(usize, usize)>; MAX_RULES],
    /// Rules one of whose `also` words was seen, one bit each.
    also: u128,
}

impl Default for Triggered {
    fn default() -> Self {
        Triggered {
            spans: [None; MAX_RULES],
            also: 0,
        }
    }
}

impl Triggered {
    /// Whether any rule's keyword was found.
    #[cfg(test)]
    pub(crate) fn any(&self) -> bool {
        self.spans.iter().any(Option::is_some)
    }

    /// One of rule `rule`'s `also` words.
    pub(crate) fn note_also(&mut self, rule: usize) {
        self.also |= 1 << rule;
    }

    /// A keyword of rule `rule` at `start..end`.
    pub(crate) fn note(&mut self, rule: usize, start: usize, end: usize) {
        let slot = &mut self.spans[rule];
        *slot = Some(match *slot {
            Some((first, last)) => (first.min(start), last.max(end)),
            None => (start, end),
        });
    }
}

/// How far a date can reach before its first keyword ("2020 жылғы 11 қаңтарда" has the
/// year before the month) and after its last ("ағымдағы жылдың ақпан айында"), in bytes.
/// Generous: the longest date expressions span about half of this.
const WINDOW_BEFORE: usize = 64;
const WINDOW_AFTER: usize = 96;

/// The part of `s` a rule's search needs: from a little before its first keyword to a
/// little after its last, widened to white space so no word is cut. A "sentence" can be
/// a table row or a whole unpunctuated page, megabytes long; each triggered rule then
/// searches around its keywords instead of across the whole of it.
fn window(s: &str, (first, last): (usize, usize)) -> (usize, usize) {
    let mut start = first.saturating_sub(WINDOW_BEFORE);
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    let start = s[..start].rfind(char::is_whitespace).unwrap_or(0);
    let mut end = (last + WINDOW_AFTER).min(s.len());
    while !s.is_char_boundary(end) {
        end += 1;
    }
    let end = s[end..]
        .find(char::is_whitespace)
        .map_or(s.len(), |i| end + i);
    (start, end)
}

/// All dates in `s`, non-overlapping, leftmost-longest.
pub fn find(s: &str, reference: Option<RefDate>) -> Vec<DateMatch> {
    find_with(s, reference, &crate::keywords::find(s).dates)
}

/// [`find`] with the sentence's keywords already found.
pub(crate) fn find_with(
    s: &str,
    reference: Option<RefDate>,
    triggered: &Triggered,
) -> Vec<DateMatch> {
    let mut found: Vec<DateMatch> = Vec::new();
    let scanned = scan(s);
    for (index, rule) in RULES.iter().enumerate() {
        // Cheap prefilters: a rule runs only on sentences that have what it needs (each
        // regex search is a pass over the sentence).
        let t = rule.triggers;
        let possible = (!t.digit || scanned.has_digit)
            && (t.words.is_empty() || triggered.spans[index].is_some())
            && (t.also.is_empty() || triggered.also & (1 << index) != 0)
            && (t.between_digits.is_empty() || scanned.joined & joiner_mask(t.between_digits) != 0);
        if !possible {
            continue;
        }
        let (start, end) = match triggered.spans[index] {
            Some(span) if !t.words.is_empty() => window(s, span),
            _ => (0, s.len()),
        };
        let groups: Vec<Groups<'_>> = if rule.re.captures_len() > 1 {
            crate::whole_word_captures(&rule.re, &s[..end], start)
                .into_iter()
                .filter_map(|caps| {
                    let m = caps.get(0)?;
                    Some(Groups {
                        start: m.start(),
                        text: m.as_str(),
                        caps: Some(caps),
                    })
                })
                .collect()
        } else {
            crate::whole_word_matches(&rule.re, &s[..end], start)
                .into_iter()
                .map(|m| Groups {
                    start: m.start(),
                    text: m.as_str(),
                    caps: None,
                })
                .collect()
        };
        for mut g in groups {
            if rule.ends_at_boundary
                && let Some(last) = g.text.chars().next_back()
                && !crate::is_word_char(last)
            {
                g.text = &g.text[..g.text.len() - last.len_utf8()];
            }
            if let Some((value, relative)) = (rule.normalize)(&g, reference) {
                found.push(DateMatch {
                    range: g.start..g.start + g.text.len(),
                    value,
                    relative,
                });
            }
        }
    }
    crate::leftmost_longest(found, |d| d.range.clone())
}

fn num(s: &str) -> Option<i32> {
    let mut v: i32 = 0;
    for c in s.chars() {
        v = v.checked_mul(10)?.checked_add(digit(c)? as i32)?;
    }
    Some(v)
}

fn zh_num(s: &str) -> Option<i32> {
    num(s).or_else(|| chinese_value(s).map(|v| v as i32))
}

fn month_ok(m: i32) -> Option<u32> {
    (1..=12).contains(&m).then_some(m as u32)
}

fn day_ok(d: i32) -> Option<u32> {
    (1..=31).contains(&d).then_some(d as u32)
}

fn day(s: &str) -> Option<u32> {
    day_ok(num(s)?)
}

fn iso_ymd(y: i32, m: impl TryInto<i64>, d: impl TryInto<i64>) -> String {
    let m: i64 = m.try_into().unwrap_or(0);
    let d: i64 = d.try_into().unwrap_or(0);
    format!("{y:04}-{m:02}-{d:02}")
}

fn ymd(c: &Groups<'_>) -> Option<String> {
    let (y, m, d) = (num(&c["y"])?, month_ok(num(&c["m"])?)?, day(&c["d"])?);
    Some(iso_ymd(y, m, d))
}

fn abs(v: Option<String>) -> Option<(Option<String>, bool)> {
    let v = v?;
    // Reject impossible calendar values produced by loose digit patterns.
    let parts: Vec<&str> = v.split('-').collect();
    if parts.len() == 3 && !v.contains('/') {
        let m: u32 = parts[1].parse().ok()?;
        let d: u32 = parts[2].parse().ok()?;
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
    }
    Some((Some(v), false))
}

/// The year a match opens with ("2020 жылы", "２０２１ год"): its first four digits.
fn leading_year(text: &str) -> Option<(Option<String>, bool)> {
    let digits: String = text.chars().take(4).collect();
    Some((Some(format!("{:04}", num(&digits)?)), false))
}

/// Resolve a rule whose year is either written (`y`) or relative (`rel`).
fn with_year(
    c: &Groups<'_>,
    r: Option<RefDate>,
    build: impl Fn(i32, &Groups<'_>) -> Option<String>,
) -> Option<(Option<String>, bool)> {
    if let Some(y) = c.name("y") {
        return abs(build(num(y.as_str())?, c));
    }
    let offset = match c.name("rel").map(|m| m.as_str().to_lowercase()) {
        Some(ref w) if w == "өткен" => -1,
        Some(ref w) if w == "келесі" => 1,
        _ => 0,
    };
    match r {
        Some(r) => Some((build(r.year + offset, c), true)),
        None => Some((None, true)),
    }
}

/// A day relative to the reference: resolvable only when the reference is a full date.
fn rel_day(r: Option<RefDate>, offset: i64) -> Option<(Option<String>, bool)> {
    let value = r.and_then(|r| {
        let (m, d) = (r.month?, r.day?);
        let days = days_from_civil(r.year as i64, m, d) + offset;
        let (y, m, d) = civil_from_days(days);
        Some(format!("{y:04}-{m:02}-{d:02}"))
    });
    Some((value, true))
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// "жиырмасыншы" → "жиырма": the cardinal inside an ordinal number word.
fn ordinal_stem(w: &str) -> &str {
    for suffix in ["сыншы", "сінші", "ыншы", "інші", "ншы", "нші", "шы", "ші"]
    {
        if let Some(stem) = w.strip_suffix(suffix)
            && word_value(stem).is_some()
        {
            return stem;
        }
    }
    w
}

fn rel_year(r: Option<RefDate>, offset: i32) -> Option<(Option<String>, bool)> {
    Some((r.map(|r| format!("{:04}", r.year + offset)), true))
}

/// The school year that starts in September: "new" is the one starting this year.
fn school_year(r: Option<RefDate>, offset: i32) -> Option<(Option<String>, bool)> {
    Some((
        r.map(|r| {
            let start = r.year + offset;
            format!("{:04}/{:04}", start, start + 1)
        }),
        true,
    ))
}

fn roman_or_digit(s: &str) -> Option<u32> {
    let s = s.replace('І', "I");
    Some(match s.as_str() {
        "1" | "I" => 1,
        "2" | "II" => 2,
        "3" | "III" => 3,
        "4" | "IV" => 4,
        _ => return None,
    })
}

/// Month number from a Kazakh month word with any ending.
pub fn kk_month(word: &str) -> Option<u32> {
    const STEMS: [&str; 12] = [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ];
    let w = word.to_lowercase();
    STEMS
        .iter()
        .position(|s| w.starts_with(s))
        .map(|i| i as u32 + 1)
}

/// Month number from a Russian month word in any case.
pub fn ru_month(word: &str) -> Option<u32> {
    const STEMS: [&str; 12] = [
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ];
    let w = word.to_lowercase();
    // "март" before "ма" (May): the longest stem that matches wins.
    STEMS
        .iter()
        .enumerate()
        .filter(|(_, s)| w.starts_with(*s))
        .max_by_key(|(_, s)| s.len())
        .map(|(i, _)| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str, r: Option<RefDate>) -> (String, Option<String>, bool) {
        let found = find(s, r);
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        let d = &found[0];
        (s[d.range.clone()].to_owned(), d.value.clone(), d.relative)
    }

    fn r(year: i32) -> Option<RefDate> {
        Some(RefDate {
            year,
            month: None,
            day: None,
        })
    }

    #[test]
    fn rules_with_a_second_keyword_still_run_lowercase_or_capitalised() {
        for (text, span) in [
            ("Осы жылы мектеп ашылды.", "Осы жылы"),
            ("Ол осы айда келеді.", "осы айда"),
            ("Бұл өткен Сенбіде болды.", "өткен Сенбіде"),
            ("Бес жылдан бері жұмыс істейді.", "Бес жылдан бері"),
            ("Екі аптаның ішінде бітеді.", "Екі аптаның ішінде"),
            ("Тамыз айында ашылады.", "Тамыз айында"),
            ("Дәл осы күнге дейін жабық.", "Дәл осы күнге дейін"),
        ] {
            assert_eq!(one(text, r(2024)).0, span, "{text}");
        }
        // A shorter ending listed first ("ы" before "ына", "да" before "дағы") no longer
        // stops the match inside the word.
        for (text, span) in [
            ("Жұмыс тамыз айына дейін жалғасады.", "тамыз айына дейін"),
            ("Бұл осы айдағы жоспар.", "осы айдағы"),
        ] {
            assert_eq!(one(text, r(2024)).0, span, "{text}");
        }
        // The first keyword alone no longer runs the rule, and finds nothing either way.
        assert!(find("Осы мәселе бері қарай шешілді.", r(2024)).is_empty());
    }

    #[test]
    fn kazakh() {
        assert_eq!(
            one("2020 жылғы 11 қаңтарда Заң", None).1.as_deref(),
            Some("2020-01-11")
        );
        assert_eq!(
            one("2020 жылдың І жартыжылдығындағы жұмысы", None),
            (
                "2020 жылдың І жартыжылдығындағы".into(),
                Some("2020-H1".into()),
                false
            )
        );
        assert_eq!(
            one("2020 жылғы қаңтар-ақпан айларында өтті", None)
                .1
                .as_deref(),
            Some("2020-01/2020-02")
        );
        assert_eq!(
            one("ағымдағы жылдың ақпан айында", r(2020)),
            (
                "ағымдағы жылдың ақпан айында".into(),
                Some("2020-02".into()),
                true
            )
        );
        assert_eq!(
            one("2019-2024 жылдарға арналған", None).1.as_deref(),
            Some("2019/2024")
        );
        assert_eq!(
            one("ол 2019 жылы болды", None),
            ("2019 жылы".into(), Some("2019".into()), false)
        );
        assert_eq!(
            one("әр жылдың 20 қазанынан бастап", None).1.as_deref(),
            Some("--10-20")
        );
        assert_eq!(
            one("ағымдағы жылғы 15 сәуірінде", r(2020)).1.as_deref(),
            Some("2020-04-15")
        );
        assert_eq!(one("биыл", r(2024)).1.as_deref(), Some("2024"));
        assert_eq!(
            one("Соңғы төрт жылда", None),
            ("Соңғы төрт жылда".into(), None, true)
        );
        assert_eq!(one("2020-сыншы жылы", None).1.as_deref(), Some("2020"));
        assert_eq!(
            one("екі мың жиырмасыншы жылы", None).1.as_deref(),
            Some("2020")
        );
        assert_eq!(
            one("екі мың он жетінші жылы", None).1.as_deref(),
            Some("2017")
        );
        assert_eq!(
            one("мың тоғыз жүз жетпіс үшінші жылы", None).1.as_deref(),
            Some("1973")
        );
        assert_eq!(one("он бірінші мамыр", None).1.as_deref(), Some("--05-11"));
        assert_eq!(one("былтыр", r(2020)).1.as_deref(), Some("2019"));
        assert_eq!(one("3 ай бұрын", None), ("3 ай бұрын".into(), None, true));
        let full = Some(RefDate {
            year: 2024,
            month: Some(3),
            day: Some(1),
        });
        assert_eq!(one("кеше", full).1.as_deref(), Some("2024-02-29"));
        assert!(find("жыл сайын", r(2020)).is_empty());
    }

    #[test]
    fn russian() {
        assert_eq!(
            one("с 1 января 2026 года", None),
            (
                "1 января 2026 года".into(),
                Some("2026-01-01".into()),
                false
            )
        );
        assert_eq!(one("урожая 2025 года", None).1.as_deref(), Some("2025"));
        assert_eq!(
            one("в 2023-2024 учебном году", None),
            (
                "2023-2024 учебном году".into(),
                Some("2023/2024".into()),
                false
            )
        );
        assert_eq!(
            one("в 2018—2020 годы", None).1.as_deref(),
            Some("2018/2020")
        );
        assert_eq!(
            one("до конца этого года", r(2024)).1.as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(one("два года назад", r(2025)).1.as_deref(), Some("2023"));
        assert_eq!(
            one("в новом учебном году", r(2024)).1.as_deref(),
            Some("2024/2025")
        );
        assert_eq!(
            one("итоги прошедшего учебного года", r(2024)).1.as_deref(),
            Some("2023/2024")
        );
        assert_eq!(one("в прошлом году", r(2024)).1.as_deref(), Some("2023"));
        assert_eq!(one("2 дня ago", r(2024)), ("2 дня ago".into(), None, true));
        assert_eq!(
            one("29.03.2025 | 79", None).1.as_deref(),
            Some("2025-03-29")
        );
        assert_eq!(one("в марте 2024 года", None).1.as_deref(), Some("2024-03"));
        assert!(find("в настоящее время", r(2024)).is_empty());
    }

    #[test]
    fn keyword_windows_find_dates_anywhere_in_a_long_sentence() {
        // The date sits 5 KB into the sentence, its year 11 bytes before the keyword
        // that triggers the rule: the window around the keyword must reach it.
        let padding = "мәтін ".repeat(500);
        let s = format!("{padding}2020 жылғы 11 қаңтарда {padding}");
        let found = find(&s, None);
        assert_eq!(found.len(), 1);
        assert_eq!(&s[found[0].range.clone()], "2020 жылғы 11 қаңтарда");
        assert_eq!(found[0].value.as_deref(), Some("2020-01-11"));
    }

    #[test]
    fn a_long_row_of_dates_is_linear() {
        // 5,000 dates in one "sentence": each rule searches around its keywords, and
        // past each match, never the whole row once per match.
        let row = "2020 жылы, ".repeat(5_000);
        let found = find(&row, None);
        assert_eq!(found.len(), 5_000);
        assert!(found.iter().all(|d| d.value.as_deref() == Some("2020")));
    }

    #[test]
    fn chinese() {
        assert_eq!(
            one("到2022年进行", None),
            ("2022年".into(), Some("2022".into()), false)
        );
        assert_eq!(
            one("2019-11-12 09:38:18来源", None).1.as_deref(),
            Some("2019-11-12")
        );
        assert_eq!(one("二〇二二年十一月", None).1.as_deref(), Some("2022-11"));
        assert_eq!(
            one("２０２２年１１月１２日", None).1.as_deref(),
            Some("2022-11-12")
        );
        assert_eq!(one("2024年第一季度", None).1.as_deref(), Some("2024-Q1"));
        assert_eq!(one("今年", r(2019)).1.as_deref(), Some("2019"));
        assert_eq!(one("去年", r(2019)).1.as_deref(), Some("2018"));
    }
}
