//! Counts: a number with its multiplier, qualifier and unit.
//!
//! A number is found by a pattern (digits with separators, a number word, a Chinese
//! numeral before a classifier); the span is then widened left over a qualifier ("не
//! менее", "不少于") and right over a multiplier ("млрд", "мыңнан"), a post-qualifier
//! ("астам", "左右"), a percent sign, and the unit: a Chinese classifier, or the noun
//! phrase that follows (adjectives, then one noun; in Kazakh a bare noun may take one
//! more noun: "кәсіподақ мүшесін").

use crate::is_han;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::numbers::{chinese_value, multiplier, parse_digits, words_value};

/// A count found in a sentence (byte range relative to the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct CountMatch {
    pub range: Range<usize>,
    pub value: f64,
    pub unit: Option<String>,
    /// cardinal | percent | money | ratio | measure
    pub kind: &'static str,
    pub currency: Option<&'static str>,
    /// at_least | more_than | about | up_to
    pub qualifier: Option<&'static str>,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<cur>USD|EUR|RUB|CNY|KZT|GBP|\$|€|₸)?
        (?P<sign>[+\-−])?
        (?P<num>[0-9０-９]{1,3}(?:[\u{a0}\u{202f}\u{2009}\x20][0-9]{3})+(?:[.,][0-9]+)?
              |[0-9０-９]+(?:[.,][0-9０-９]+)?)",
    )
    .unwrap_or_else(|e| panic!("number pattern: {e}"))
});

/// Number words: "екі", "жүз он", "жиырма бес мың", "трех". A single "бір"/"один" is
/// never a count on its own (too often "a", "one of"), but may start a compound.
const NUMBER_WORDS: &[&str] = &[
    "бір",
    "екі",
    "үш",
    "төрт",
    "бес",
    "алты",
    "жеті",
    "сегіз",
    "тоғыз",
    "он",
    "жиырма",
    "отыз",
    "қырық",
    "елу",
    "алпыс",
    "жетпіс",
    "сексен",
    "тоқсан",
    "жүз",
    "мың",
    "миллион",
    "миллиард",
    "два",
    "две",
    "двух",
    "три",
    "трех",
    "трёх",
    "четыре",
    "четырех",
    "пять",
    "пяти",
    "шесть",
    "шести",
    "семь",
    "семи",
    "восемь",
    "девять",
    "десять",
    "десяти",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "сто",
];

/// The number words as searched for: lowercase, Capitalised and UPPER case. The search
/// is `keywords::find` (one automaton pass per sentence, shared with the date keywords):
/// number words are short ("он", "бес") and occur inside countless other words, which
/// only a word-start check rules out.
pub(crate) fn number_word_forms() -> Vec<String> {
    let mut forms = Vec::new();
    for w in NUMBER_WORDS {
        forms.extend([(*w).to_owned(), crate::capitalised(w), w.to_uppercase()]);
    }
    forms
}

/// Runs of whole number words separated by white space: "жиырма бес мың". A run
/// followed by a word that merely starts like a number word ("екі мыңнан",
/// "жиырма бесінші") is inflected or ordinal, and is dropped whole.
fn number_word_runs(s: &str, number_words: &[(usize, usize)]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut run: Option<Range<usize>> = None;
    for &(start, end) in number_words {
        let whole = !s[end..].chars().next().is_some_and(crate::is_word_char);
        let joined = run
            .as_ref()
            .is_some_and(|r| s[r.end..start].chars().all(char::is_whitespace));
        match (whole, joined) {
            (true, true) => {
                if let Some(r) = run.as_mut() {
                    r.end = end;
                }
            }
            (true, false) => {
                runs.extend(run.take());
                run = Some(start..end);
            }
            // A greedy reading would have run into this word and failed there.
            (false, true) => run = None,
            (false, false) => runs.extend(run.take()),
        }
    }
    runs.extend(run);
    runs
}

static ZH_NUMERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[一二三四五六七八九十两百千万亿]+").unwrap_or_else(|e| panic!("zh numeral: {e}"))
});

/// Chinese classifiers and measure words, longest first.
const ZH_CLASSIFIERS: &[&str] = &[
    "个工作日",
    "万元",
    "亿元",
    "个月",
    "小时",
    "工作日",
    "人次",
    "平方米",
    "公里",
    "公斤",
    "元",
    "名",
    "个",
    "家",
    "所",
    "项",
    "次",
    "人",
    "位",
    "条",
    "种",
    "件",
    "座",
    "台",
    "辆",
    "户",
    "套",
    "场",
    "批",
    "类",
    "支",
    "倍",
    "天",
    "周",
    "岁",
    "万",
    "亿",
];

const QUALIFIERS_BEFORE: &[(&str, &str)] = &[
    ("не менее", "at_least"),
    ("не меньше", "at_least"),
    ("как минимум", "at_least"),
    ("кем дегенде", "at_least"),
    ("кемінде", "at_least"),
    ("не более", "up_to"),
    ("не больше", "up_to"),
    ("более", "more_than"),
    ("больше", "more_than"),
    ("свыше", "more_than"),
    ("около", "about"),
    ("порядка", "about"),
    ("примерно", "about"),
    ("почти", "about"),
    ("шамамен", "about"),
    ("до", "up_to"),
    ("不少于", "at_least"),
    ("不低于", "at_least"),
    ("至少", "at_least"),
    ("超过", "more_than"),
    ("多于", "more_than"),
    ("约", "about"),
    ("近", "about"),
];

const QUALIFIERS_AFTER: &[(&str, &str)] = &[
    ("астам", "more_than"),
    ("аса", "more_than"),
    ("артық", "more_than"),
    ("дейін", "up_to"),
    ("左右", "about"),
    ("以上", "at_least"),
    ("以内", "up_to"),
    ("内", "up_to"),
    ("余", "more_than"),
    ("多", "more_than"),
];

/// Currency words (lowercase prefixes) and their ISO codes.
const CURRENCIES: &[(&str, &str)] = &[
    ("тенге", "KZT"),
    ("теңге", "KZT"),
    ("тг", "KZT"),
    ("₸", "KZT"),
    ("руб", "RUB"),
    ("доллар", "USD"),
    ("долл", "USD"),
    ("дол", "USD"),
    ("евро", "EUR"),
    ("юан", "CNY"),
    ("元", "CNY"),
    ("万元", "CNY"),
    ("亿元", "CNY"),
];

/// Units of time and measure (lowercase prefixes): their counts are `measure`.
const MEASURES: &[&str] = &[
    "час",
    "сағат",
    "минут",
    "күн",
    "дн",
    "день",
    "недел",
    "апта",
    "месяц",
    "ай",
    "км",
    "кг",
    "га",
    "гектар",
    "тонн",
    "°",
    "小时",
    "天",
    "周",
    "个月",
    "工作日",
    "个工作日",
    "公里",
    "平方米",
    "公斤",
];

/// Words that cannot be the unit noun (conjunctions, prepositions, pronouns, verbs of
/// saying); the count then has no unit.
const NOT_UNITS: &[&str] = &[
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "по",
    "за",
    "из",
    "от",
    "до",
    "для",
    "что",
    "как",
    "а",
    "но",
    "или",
    "не",
    "это",
    "также",
    "к",
    "о",
    "об",
    "при",
    "же",
    "ли",
    "бы",
    "года",
    "году",
    "год",
    "лет",
    "және",
    "мен",
    "бен",
    "пен",
    "да",
    "де",
    "та",
    "те",
    "немесе",
    "не",
    "бұл",
    "осы",
    "ол",
    "сол",
    "үшін",
    "бойынша",
    "арқылы",
    "туралы",
    "соның",
    "ішінде",
    "жыл",
    "жылы",
    "жылғы",
    "жылдың",
    "ж",
    "г",
    "гг",
];

/// Find counts in `s`, skipping `taken` ranges (dates: sorted, not overlapping).
/// `comma_thousands` for Chinese.
pub fn find(s: &str, taken: &[Range<usize>], comma_thousands: bool) -> Vec<CountMatch> {
    find_with(
        s,
        taken,
        comma_thousands,
        &crate::keywords::find(s).number_words,
    )
}

/// [`find`] with the sentence's number words already found (`keywords::find`).
pub(crate) fn find_with(
    s: &str,
    taken: &[Range<usize>],
    comma_thousands: bool,
    number_words: &[(usize, usize)],
) -> Vec<CountMatch> {
    let mut out = Vec::new();
    // Binary search, not a scan: a flattened table or an unpunctuated page is one
    // "sentence" with hundreds of thousands of dates and numbers.
    debug_assert!(taken.windows(2).all(|w| w[0].end <= w[1].start));
    let overlaps_taken = |r: &Range<usize>| {
        let first_ending_after = taken.partition_point(|t| t.end <= r.start);
        taken
            .get(first_ending_after)
            .is_some_and(|t| t.start < r.end)
    };
    for m in NUMBER.captures_iter(s) {
        let Some(all) = m.get(0) else { continue };
        let num = m.name("num").map_or(all.range(), |n| n.range());
        if overlaps_taken(&num) || is_excluded(s, all.range(), num.clone()) {
            continue;
        }
        let Some(mut value) = parse_digits(&s[num.clone()], comma_thousands) else {
            continue;
        };
        let mut c = CountMatch {
            range: all.range(),
            value,
            unit: None,
            kind: "cardinal",
            currency: m.name("cur").map(|c| currency_code(c.as_str())),
            qualifier: None,
        };
        // A minus sign only counts for temperatures; elsewhere a dash before a number is
        // list or table punctuation ("ұйымдарында -17270 адам").
        let negative = m.name("sign").is_some_and(|sign| sign.as_str() != "+");
        if negative && !s[num.end..].trim_start().starts_with('°') {
            c.range.start = num.start;
        } else if negative {
            value = -value;
            c.value = value;
        }
        if c.currency.is_some() {
            c.kind = "money";
        }
        // "1 к 5 тыс. детей": a ratio, valued by its second term.
        if let Some(second) = ratio_second(s, num.end) {
            c.range.end = second.range.end;
            c.value = second.value;
            c.unit = second.unit;
            c.kind = "ratio";
            out.push(c);
            continue;
        }
        extend(s, &mut c, comma_thousands);
        if !overlaps_taken(&c.range) {
            out.push(c);
        }
    }
    for range in number_word_runs(s, number_words) {
        if overlaps_taken(&range) {
            continue;
        }
        let m = &s[range.clone()];
        let words: Vec<&str> = m.split_whitespace().collect();
        let single = words.len() == 1;
        if single
            && matches!(
                crate::lowercase(words[0]).as_str(),
                "бір" | "он" | "мың" | "жүз" | "миллион" | "миллиард"
            )
        {
            continue;
        }
        // Ordinals ("жиырма сегізінші") and clock times ("сегіз нөл-нөлде") are not counts.
        let after = &s[range.end..];
        if after.starts_with(|c: char| crate::is_letter(c))
            || lower_prefix(after.trim_start(), 3).starts_with("нөл")
        {
            continue;
        }
        let Some(value) = words_value(&words) else {
            continue;
        };
        let mut c = CountMatch {
            range,
            value,
            unit: None,
            kind: "cardinal",
            currency: None,
            qualifier: None,
        };
        extend(s, &mut c, false);
        // A number word counts only with a unit: "екі" alone is too often "both", "two of".
        if c.unit.is_some() && !overlaps_taken(&c.range) {
            out.push(c);
        }
    }
    // Chinese numerals only where there is Han text (UTF-8 lead bytes of U+4E00–U+9FFF).
    // A fold, not `any`: without the early exit the loop vectorizes, and Cyrillic text
    // (most sentences) is read to its end either way.
    let has_han = s
        .bytes()
        .fold(false, |found, b| found | (b.wrapping_sub(0xE4) < 6));
    for m in ZH_NUMERAL.find_iter(if has_han { s } else { "" }) {
        if overlaps_taken(&m.range()) {
            continue;
        }
        // Only before a classifier: 十二个, 两家; never idioms (一体, 一次性 are not counts).
        let rest = &s[m.end()..];
        if !ZH_CLASSIFIERS.iter().any(|cl| rest.starts_with(*cl)) {
            continue;
        }
        if m.as_str() == "一" || m.as_str().chars().count() > 4 {
            continue;
        }
        let Some(value) = chinese_value(m.as_str()) else {
            continue;
        };
        let mut c = CountMatch {
            range: m.range(),
            value,
            unit: None,
            kind: "cardinal",
            currency: None,
            qualifier: None,
        };
        // The classifier, its noun after 个 and the qualifiers around, as for digits.
        extend(s, &mut c, true);
        out.push(c);
    }
    // A value must be a finite number: 310 digits, or a huge number times "млрд", is
    // infinite in f64 and would reach the record as `"value": null`. Such a string is an
    // identifier or garbage, not a count (the `extract` fuzz target's check caught it). Dropped
    // before overlaps are resolved, so a shorter reading of the same stretch can win.
    out.retain(|c| c.value.is_finite());
    crate::leftmost_longest(out, |c| c.range.clone())
}

/// A number inside a telephone number with an area code in brackets:
/// "8 (7172) 74-30-10", "+7 (727) 2-50-50". The stretch of digits, spaces, brackets,
/// dashes and plus signs around the number must hold a bracketed group of 3 to 5 digits,
/// a dash, and at least nine digits in all.
fn is_phone_number(s: &str, num: Range<usize>) -> bool {
    let phone_char =
        |c: char| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '(' | ')' | '-' | '+');
    let start = s[..num.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| phone_char(c))
        .last()
        .map_or(num.start, |(i, _)| i);
    let end = s[num.end..]
        .char_indices()
        .take_while(|&(_, c)| phone_char(c))
        .last()
        .map_or(num.end, |(i, c)| num.end + i + c.len_utf8());
    let stretch = &s[start..end];
    if !stretch.contains('-') || stretch.bytes().filter(u8::is_ascii_digit).count() < 9 {
        return false;
    }
    stretch.split('(').skip(1).any(|rest| {
        rest.find(')').is_some_and(|close| {
            (3..=5).contains(&close) && rest[..close].bytes().all(|b| b.is_ascii_digit())
        })
    })
}

/// Numbers that are not counts: list numbers ("1)", "1." opening a line), form and
/// document numbers ("№7"), times ("09:38"), phone numbers, numbers glued to letters
/// ("AT125"), parts of codes and versions ("1.2.3").
fn is_excluded(s: &str, all: Range<usize>, num: Range<usize>) -> bool {
    let before = &s[..all.start];
    let after = &s[num.end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    if prev.is_some_and(|c| crate::is_letter(c) && !is_han(c)) && all.start == num.start {
        return true;
    }
    if next.is_some_and(|c| crate::is_letter(c) && !is_han(c) && !"°".contains(c))
        && !after.starts_with("мың")
        && !after.starts_with("млн")
        && !after.starts_with("млрд")
        && !after.starts_with("тыс")
    {
        // "5м³", "14м²" are measures, but "3D", "4G" and "AT125" are names.
        if !(after.starts_with('м') || after.starts_with('м')) {
            return true;
        }
    }
    if before.trim_end().ends_with('№') || before.trim_end().ends_with('#') {
        return true;
    }
    // Ordinals: "128-інші бабы", "11-інші мамыр", "XIV" is not digits anyway.
    let lower_after = lower_prefix(after, 8);
    if let Some(suffix) = lower_after.strip_prefix('-')
        && [
            "ші", "шы", "інші", "ыншы", "нші", "нчы", "ый", "ий", "ой", "я", "е", "го", "му",
        ]
        .iter()
        .any(|o| {
            suffix.starts_with(o) && !suffix[o.len()..].starts_with(|c: char| crate::is_letter(c))
        })
    {
        return true;
    }
    if matches!(next, Some(':')) && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if matches!(prev, Some(':'))
        && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    // Phone numbers and codes: digit-dash-digit-dash-digit, looked at as a whole run.
    let code_char = |c: char| c.is_ascii_digit() || c == '-';
    let run_after = after.find(|c: char| !code_char(c)).unwrap_or(after.len());
    let before_num = &s[..num.start];
    let run_before = before_num.len() - before_num.trim_end_matches(code_char).len();
    let dashes = after[..run_after].matches('-').count()
        + before_num[before_num.len() - run_before..]
            .matches('-')
            .count();
    if dashes >= 2 || is_phone_number(s, num) {
        return true;
    }
    // List numbering at the start of the sentence: "1)", "2.", "1.мороженое".
    if before.trim().is_empty()
        && (after.starts_with(')')
            || (after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit())))
    {
        return true;
    }
    false
}

/// The second term of "N к M …" (a ratio), if present.
fn ratio_second(s: &str, num_end: usize) -> Option<CountMatch> {
    let rest = &s[num_end..];
    let trimmed = rest.trim_start();
    let after_k = trimmed
        .strip_prefix("к ")
        .or_else(|| trimmed.strip_prefix("на "))?;
    let offset = s.len() - after_k.len();
    let m = NUMBER.captures(after_k)?;
    let num = m.name("num")?;
    if num.start() != 0 {
        return None;
    }
    let value = parse_digits(num.as_str(), false)?;
    let mut c = CountMatch {
        range: offset..offset + num.end(),
        value,
        unit: None,
        kind: "ratio",
        currency: None,
        qualifier: None,
    };
    extend(s, &mut c, false);
    Some(c)
}

/// Widen a count over multiplier, qualifiers, percent and unit, and set its kind.
fn extend(s: &str, c: &mut CountMatch, comma_thousands: bool) {
    let _ = comma_thousands;
    // Qualifier before.
    let before = s[..c.range.start].trim_end();
    // Only the end of the text before the number can hold a qualifier: lowercasing all
    // of it for every number would make long table rows quadratic.
    let before_lower = lower_suffix(before, 16);
    for (q, kind) in QUALIFIERS_BEFORE {
        if before_lower.ends_with(q) {
            let start = before.len() - q.len();
            let word_start = before[..start]
                .chars()
                .next_back()
                .is_none_or(|p| !crate::is_letter(p) || is_han(p));
            // "до" is only a qualifier when a unit follows; checked after the unit.
            if word_start {
                c.range.start = start;
                c.qualifier = Some(kind);
            }
            break;
        }
    }
    let mut end = c.range.end;
    // Multiplier: "млрд", "мыңнан", "тыс.", "万".
    let (word, word_end) = next_word(s, end);
    if let Some(factor) = multiplier(word) {
        c.value *= factor;
        end = word_end;
        // The abbreviation's full stop: always after "тыс."; after "млн." and "млрд."
        // only when the sentence goes on in lowercase ("2 млн. рублей"), since there the
        // stop may also end the sentence.
        let lower = crate::lowercase(word);
        let continues = s[end..]
            .strip_prefix('.')
            .map(|rest| rest.trim_start_matches([' ', '\u{a0}']))
            .is_some_and(|rest| rest.starts_with(char::is_lowercase));
        if s[end..].starts_with('.')
            && (lower.ends_with("тыс")
                || (continues && (lower.ends_with("млн") || lower.ends_with("млрд"))))
        {
            end += 1;
        }
    } else if let Some(rest) = s[end..].strip_prefix(['万', '亿']) {
        let ch = &s[end..end + (s[end..].len() - rest.len())];
        c.value *= multiplier(ch).unwrap_or(1.0);
        end += ch.len();
    }
    // Case suffix written with a hyphen: "1000-нан".
    if let Some(rest) = s[end..].strip_prefix('-') {
        let suffix_len = rest
            .find(|c: char| !crate::is_letter(c))
            .unwrap_or(rest.len());
        if (1..=4).contains(&rest[..suffix_len].chars().count()) {
            end += 1 + suffix_len;
        }
    }
    // Percent.
    let after = &s[end..];
    let trimmed = after.trim_start_matches([' ', '\u{a0}']);
    if let Some(rest) = trimmed.strip_prefix(['%', '％']) {
        end = s.len() - rest.len();
        c.kind = "percent";
        c.unit = Some("%".to_owned());
    }
    // Range "91-100%": the span covers both ends, the value is the lower bound.
    if c.kind == "cardinal"
        && let Some(m) = range_tail(&s[end..])
    {
        let tail_end = end + m;
        if s[tail_end..].trim_start().starts_with(['%', '％']) {
            let t = &s[tail_end..];
            end = tail_end + (t.len() - t.trim_start().len()) + '%'.len_utf8();
            c.kind = "percent";
            c.unit = Some("%".to_owned());
        }
    }
    // Post-qualifier: "астам", "左右", "以上".
    let (word, word_end) = next_word(s, end);
    for (q, kind) in QUALIFIERS_AFTER {
        if word == *q || (is_han_str(q) && s[end..].starts_with(q)) {
            c.qualifier = Some(kind);
            end = if is_han_str(q) {
                end + q.len()
            } else {
                word_end
            };
            break;
        }
    }
    // Degrees: "+7°С".
    if let Some(rest) = s[end..].strip_prefix('°') {
        let unit_len = rest
            .chars()
            .next()
            .filter(|c| matches!(c, 'C' | 'С' | 'F'))
            .map_or(0, char::len_utf8);
        c.unit = Some(s[end..end + '°'.len_utf8() + unit_len].to_owned());
        end += '°'.len_utf8() + unit_len;
        c.kind = "measure";
    }
    if c.unit.is_none() {
        if let Some(cl) = ZH_CLASSIFIERS.iter().find(|cl| s[end..].starts_with(*cl)) {
            end += cl.len();
            c.unit = Some((*cl).to_owned());
            // 个 takes its noun: 5个部门.
            if *cl == "个" {
                let noun: String = s[end..]
                    .chars()
                    .take_while(|c| is_han(*c))
                    .take(2)
                    .collect();
                if noun.chars().count() == 2 && !noun.starts_with(['的', '和', '以', '左', '内'])
                {
                    end += noun.len();
                    c.unit = Some(noun);
                }
            }
            // 以内, 左右 after the classifier.
            for (q, kind) in QUALIFIERS_AFTER {
                if is_han_str(q) && s[end..].starts_with(q) {
                    c.qualifier = Some(kind);
                    end += q.len();
                    break;
                }
            }
        } else if let Some((unit, unit_end)) = unit_phrase(s, end) {
            c.unit = Some(unit);
            end = unit_end;
        }
    }
    // Kazakh "дейін" follows the counted noun in the dative: "30 адамға дейін".
    if c.unit.is_some() && c.qualifier.is_none() {
        let (word, word_end) = next_word(s, end);
        if word == "дейін" {
            c.qualifier = Some("up_to");
            end = word_end;
        }
    }
    if c.qualifier == Some("up_to") && c.unit.is_none() {
        // "до 2025": "до" without a unit is not a quantity bound.
        c.qualifier = None;
        c.range.start = s[c.range.start..]
            .find(|ch: char| ch.is_ascii_digit())
            .map_or(c.range.start, |o| c.range.start + o);
    }
    c.range.end = end;
    classify_unit(c);
}

/// The kind from the unit: money, measure; the currency code for money.
fn classify_unit(c: &mut CountMatch) {
    let Some(unit) = c.unit.as_deref() else {
        return;
    };
    let lower = crate::lowercase(unit);
    if let Some((_, code)) = CURRENCIES.iter().find(|(w, _)| lower.starts_with(w)) {
        c.kind = "money";
        c.currency = Some(code);
        if lower.starts_with("万元") {
            c.value *= 1e4;
        } else if lower.starts_with("亿元") {
            c.value *= 1e8;
        }
        return;
    }
    if c.kind == "cardinal" && MEASURES.iter().any(|m| lower.starts_with(m)) {
        c.kind = "measure";
    }
    if c.kind == "cardinal"
        && (lower == "раз" || lower == "раза" || lower == "есе" || lower == "倍")
    {
        c.kind = "ratio";
    }
}

/// The unit noun phrase after a number: adjectives, then one noun; a bare (uninflected)
/// Kazakh noun may take one more noun. Returns the unit as written and the span end.
fn unit_phrase(s: &str, start: usize) -> Option<(String, usize)> {
    let mut pos = start;
    let mut adjectives = 0;
    loop {
        let (word, end) = next_word(s, pos);
        if word.is_empty() || word.chars().count() < 2 && !word.starts_with('₸') {
            return None;
        }
        let lower = crate::lowercase(word);
        if NOT_UNITS.contains(&lower.as_str())
            || word.chars().next().is_some_and(|c| c.is_uppercase())
                && adjectives == 0
                && !is_currency_code(word)
        {
            return None;
        }
        if is_currency_code(word) || CURRENCIES.iter().any(|(w, _)| lower.starts_with(w)) {
            let end = if s[end..].starts_with('.') && lower.len() <= 6 {
                end + 1
            } else {
                end
            };
            return Some((word.to_owned(), end));
        }
        // "облыстық, аумақтық ұйымдарды": adjectives may be listed with commas.
        let comma_after = s[end..].starts_with(", ") && adjectives < 3;
        if is_adjective(&lower) && adjectives < 4 {
            adjectives += 1;
            pos = if comma_after { end + 1 } else { end };
            continue;
        }
        let mut unit_end = end;
        let mut unit = word.to_owned();
        if is_bare_kazakh_noun(&lower) {
            let (next, next_end) = next_word(s, end);
            let next_lower = crate::lowercase(next);
            if next.chars().count() >= 3
                && !NOT_UNITS.contains(&next_lower.as_str())
                && next.chars().all(is_cyrillic_letter_or_hyphen)
                && next.chars().next().is_some_and(char::is_lowercase)
            {
                unit_end = next_end;
                unit = next.to_owned();
            }
        }
        return Some((unit, unit_end));
    }
}

fn is_cyrillic_letter_or_hyphen(c: char) -> bool {
    c == '-' || ('\u{400}'..='\u{4ff}').contains(&c)
}

fn is_currency_code(w: &str) -> bool {
    matches!(w, "USD" | "EUR" | "RUB" | "CNY" | "KZT")
}

fn currency_code(w: &str) -> &'static str {
    match w {
        "$" | "USD" => "USD",
        "€" | "EUR" => "EUR",
        "RUB" => "RUB",
        "CNY" => "CNY",
        "GBP" => "GBP",
        _ => "KZT",
    }
}

/// Russian adjective endings and Kazakh adjectival suffixes.
fn is_adjective(w: &str) -> bool {
    const RU: &[&str] = &[
        "ых", "их", "ого", "его", "ому", "ему", "ыми", "ими", "ый", "ий", "ой", "ая", "яя", "ое",
        "ее", "ые", "ие", "ую", "юю",
    ];
    const KK: &[&str] = &[
        "лық", "лік", "дық", "дік", "тық", "тік", "ғы", "гі", "қы", "кі", "лы", "лі", "сыз", "сіз",
        "дағы", "дегі", "тағы", "тегі",
    ];
    if w.chars().count() < 4 {
        return false;
    }
    let kazakh = w.chars().any(|c| "әғқңөұүһі".contains(c));
    if kazakh {
        KK.iter().any(|e| w.ends_with(e))
    } else {
        RU.iter().any(|e| w.ends_with(e)) || KK[..6].iter().any(|e| w.ends_with(e))
    }
}

/// A Kazakh noun in the bare nominative (no case or possessive ending): "кәсіподақ",
/// "еңбек", "жұмыс". Such a noun modifies the next noun.
fn is_bare_kazakh_noun(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ға", "ге", "қа", "ке", "да", "де", "та", "те", "нан", "нен", "дан", "ден", "тан", "тен",
        "ны", "ні", "ды", "ді", "ты", "ті", "ның", "нің", "дың", "дің", "тың", "тің", "ын", "ін",
        "сы", "сі", "ы", "і", "лар", "лер", "дар", "дер", "тар", "тер", "мен", "бен", "пен", "а",
        "е", "м",
    ];
    let kazakh_like =
        w.chars().any(|c| "әғқңөұүһі".contains(c)) || w.ends_with('к') || w.ends_with('с');
    kazakh_like && !ENDINGS.iter().any(|e| w.ends_with(e))
}

/// The first `n` chars of `s`, lowercased.
fn lower_prefix(s: &str, n: usize) -> String {
    s.chars().take(n).flat_map(char::to_lowercase).collect()
}

/// The last `n` chars of `s`, lowercased.
fn lower_suffix(s: &str, n: usize) -> String {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    crate::lowercase(&s[start..])
}

/// The next word after optional spaces: (word, end).
fn next_word(s: &str, pos: usize) -> (&str, usize) {
    let rest = &s[pos..];
    let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\t']);
    let start = pos + (rest.len() - trimmed.len());
    let len = trimmed
        .find(|c: char| !(crate::is_letter(c) || c == '-' || c == '₸') || is_han(c))
        .unwrap_or(trimmed.len());
    let word = &trimmed[..len];
    let word = word.trim_end_matches('-');
    (word, start + word.len())
}

/// "-100" in "91-100": the length of a dash and a number.
fn range_tail(s: &str) -> Option<usize> {
    let rest = s.strip_prefix(['-', '–', '—'])?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (digits > 0).then(|| s.len() - rest.len() + digits)
}

fn is_han_str(s: &str) -> bool {
    s.chars().all(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(s: &str) -> Vec<(String, f64, Option<&'static str>, &'static str)> {
        find(s, &[], false)
            .into_iter()
            .map(|c| (s[c.range.clone()].to_owned(), c.value, c.qualifier, c.kind))
            .collect()
    }

    #[test]
    fn kazakh() {
        assert_eq!(
            counts("40 мыңнан астам педагогикалық қызметкерлер қатысты"),
            [(
                "40 мыңнан астам педагогикалық қызметкерлер".into(),
                40000.0,
                Some("more_than"),
                "cardinal"
            )]
        );
        assert_eq!(
            counts("барлығы 703\u{a0}070 кәсіподақ мүшесін біріктіреді")[0].0,
            "703\u{a0}070 кәсіподақ мүшесін"
        );
        assert_eq!(
            counts("- Алматы облыстық ұйымы –  2929 адамға;")[0].0,
            "2929 адамға"
        );
        assert_eq!(
            counts("студенттер – 97702 адам немесе 14,4%")[1],
            ("14,4%".into(), 14.4, None, "percent")
        );
        assert_eq!(
            counts("1000-нан астам түрлі мәселелер")[0],
            (
                "1000-нан астам түрлі мәселелер".into(),
                1000.0,
                Some("more_than"),
                "cardinal"
            )
        );
        assert_eq!(counts("жеті күн ішінде")[0].3, "measure");
        assert_eq!(
            counts("20 облыстық, аумақтық ұйымдарды")[0].0,
            "20 облыстық, аумақтық ұйымдарды"
        );
        assert_eq!(
            counts("91-100% деңгейінде")[0],
            ("91-100%".into(), 91.0, None, "percent")
        );
    }

    #[test]
    fn russian() {
        assert_eq!(
            counts("выделено 17 млрд тенге")[0],
            ("17 млрд тенге".into(), 17e9, None, "money")
        );
        assert_eq!(counts("построено 20 новых школ")[0].0, "20 новых школ");
        assert_eq!(
            counts("не менее 120 часов")[0],
            (
                "не менее 120 часов".into(),
                120.0,
                Some("at_least"),
                "measure"
            )
        );
        assert_eq!(
            counts("1 к 5 тыс. детей")[0],
            ("1 к 5 тыс. детей".into(), 5000.0, None, "ratio")
        );
        assert_eq!(
            counts("в два раза")[0],
            ("два раза".into(), 2.0, None, "ratio")
        );
        assert_eq!(counts("трех городов")[0].1, 3.0);
        assert_eq!(
            counts("USD495.2")[0],
            ("USD495.2".into(), 495.2, None, "money")
        );
        assert_eq!(counts("+7°С")[0], ("+7°С".into(), 7.0, None, "measure"));
        assert_eq!(counts("460,4 тысячи человек")[0].1, 460400.0);
    }

    #[test]
    fn chinese() {
        let zh = |s: &str| -> Vec<(String, f64, Option<&'static str>)> {
            find(s, &[], true)
                .into_iter()
                .map(|c| (s[c.range.clone()].to_owned(), c.value, c.qualifier))
                .collect()
        };
        assert_eq!(zh("等5个部门联合印发"), [("5个部门".into(), 5.0, None)]);
        assert_eq!(
            zh("累计不少于120小时的培训"),
            [("不少于120小时".into(), 120.0, Some("at_least"))]
        );
        assert_eq!(zh("培养800名具备"), [("800名".into(), 800.0, None)]);
        assert_eq!(
            zh("达到总量的70%左右"),
            [("70%左右".into(), 70.0, Some("about"))]
        );
        assert_eq!(
            zh("在30个工作日内完成"),
            [("30个工作日内".into(), 30.0, Some("up_to"))]
        );
        assert_eq!(zh("十二家机构"), [("十二家".into(), 12.0, None)]);
        assert!(zh("进一步推动一体化").is_empty());
        assert!(zh("电话400-8059-268").is_empty());
    }

    #[test]
    fn a_long_row_of_numbers_is_linear() {
        // 20,000 counts in one "sentence" (a flattened table): any per-number work over
        // the whole text would take minutes here.
        let row = "1 адам, ".repeat(20_000);
        assert_eq!(find(&row, &[], false).len(), 20_000);
    }

    #[test]
    fn not_counts() {
        assert!(counts("1) бірінші").is_empty());
        assert!(counts("ЕСЕП (№7 нысан)").is_empty());
        assert!(counts("09:38:18").is_empty());
    }
}
