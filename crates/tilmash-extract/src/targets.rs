//! Policy targets: a planned or required, measurable outcome — a plan or obligation
//! marker bound to a count and/or a date in the same clause.
//!
//! Runs after [`crate::dates::find`] and [`crate::counts::find`] on one sentence and
//! reuses what they found; it never parses numbers or dates itself. The markers
//! (`data/target_markers.tsv`, with their sources) are found in one Aho-Corasick pass
//! over the sentence, and only on sentences that hold a date or a count.
//!
//! The sentence is cut into clauses: at `;` `:` and spaced dashes, then at commas. Two
//! cuts are undone because the annotation's clauses cross them: a clause that opens
//! with a continuation ("并逐步达到…", "и …", "а также …") joins the one before it, and a
//! clause that is only a deadline ("到2022年,") joins the one after it.
//!
//! A clause is a target when it has
//! - a trigger: a plan or obligation word (планируется, необходимо, тиіс, 力争, 应), a
//!   past-tense instruction (поручил, тапсырды), or a weaker construction that only
//!   counts without signs of an achieved result in the clause (уже, удалось, 已, 了;
//!   a Kazakh predicate in the past tense): a deadline word next to a date (до 2025
//!   года, 2025 жылға дейін, 到2022年, 2025年前) with a verb of the goal, будет + a verb
//!   of the goal, a required level (不少于), a Chinese goal verb before its count
//!   (培养800名), a Russian infinitive opening the clause (Увеличить долю до 30%), a
//!   Kazakh verbal noun closing it (…20%-ға арттыру);
//! - and something measurable: a count, or a date that can be a deadline (not before
//!   the document's own year; after an instruction, not before it).
//!
//! The span runs from the first trigger to the end of the clause in Russian and
//! Chinese (the subject and any date before the plan word stay outside: "регионам
//! [необходимо увеличить … 1 к 5 тыс. детей]"); Kazakh puts the plan word last, so there
//! the span is the whole clause ("[Байқау қорытындысы … дейін шығарылады]"). A count
//! before the trigger pulls the start back to the clause start in every language.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::counts::CountMatch;
use crate::dates::{DateMatch, RefDate};

/// A target found in a sentence (byte range relative to the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct TargetMatch {
    pub range: Range<usize>,
    /// The count the target commits to.
    pub quantity: Option<Quantity>,
    /// The date it is due, ISO 8601 as the date extractor normalized it.
    pub deadline: Option<String>,
    /// increase | decrease | reach | maintain | produce
    pub direction: &'static str,
}

/// A target's count: value with multipliers applied, and its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ru,
    Kk,
    Zh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Plan,
    Order,
    Future,
    Pre,
    Post,
    Qual,
    Dir,
    Past,
    Block,
}

#[derive(Debug, Clone)]
struct Entry {
    lang: Lang,
    class: Class,
    direction: Option<&'static str>,
    /// The pattern is a stem: any word ending may follow.
    stem: bool,
    /// Cyrillic patterns are matched on word boundaries; Chinese ones anywhere.
    cyrillic: bool,
}

#[derive(Debug)]
struct Markers {
    ac: AhoCorasick,
    /// Pattern id → entry.
    entries: Vec<Entry>,
}

const DATA: &str = include_str!("../data/target_markers.tsv");

/// Parse the marker table. Errors name the line; the table is compiled in, so a bad
/// line is a build defect that the unit tests catch.
fn parse(data: &str) -> Result<(Vec<String>, Vec<Entry>), String> {
    let mut patterns = Vec::new();
    let mut entries = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [lang, class, direction, pattern] = cols[..] else {
            return Err(format!("line {}: expected 4 tab-separated columns", n + 1));
        };
        let lang = match lang {
            "ru" => Lang::Ru,
            "kk" => Lang::Kk,
            "zh" => Lang::Zh,
            other => return Err(format!("line {}: unknown language {other:?}", n + 1)),
        };
        let class = match class {
            "plan" => Class::Plan,
            "order" => Class::Order,
            "future" => Class::Future,
            "pre" => Class::Pre,
            "post" => Class::Post,
            "qual" => Class::Qual,
            "dir" => Class::Dir,
            "past" => Class::Past,
            "block" => Class::Block,
            other => return Err(format!("line {}: unknown class {other:?}", n + 1)),
        };
        let direction = match direction {
            "-" => None,
            "increase" => Some("increase"),
            "decrease" => Some("decrease"),
            "reach" => Some("reach"),
            "maintain" => Some("maintain"),
            "produce" => Some("produce"),
            other => return Err(format!("line {}: unknown direction {other:?}", n + 1)),
        };
        if (class == Class::Dir) != direction.is_some() && class != Class::Qual {
            return Err(format!("line {}: only dir/qual entries carry a direction", n + 1));
        }
        let (word, stem) = match pattern.strip_suffix('*') {
            Some(w) => (w, true),
            None => (pattern, false),
        };
        if word.is_empty() {
            return Err(format!("line {}: empty pattern", n + 1));
        }
        if !seen.insert(word.to_owned()) {
            return Err(format!("line {}: duplicate pattern {word:?}", n + 1));
        }
        let cyrillic = word.chars().any(|c| matches!(c, '\u{400}'..='\u{4ff}'));
        let entry = Entry {
            lang,
            class,
            direction,
            stem,
            cyrillic,
        };
        // A marker may open a sentence: add the capitalized form too.
        let mut chars = word.chars();
        let capitalized: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        if capitalized != word {
            patterns.push(capitalized);
            entries.push(entry.clone());
        }
        patterns.push(word.to_owned());
        entries.push(entry);
    }
    Ok((patterns, entries))
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let (patterns, entries) =
        parse(DATA).unwrap_or_else(|e| panic!("data/target_markers.tsv: {e}"));
    let ac = AhoCorasick::new(&patterns).unwrap_or_else(|e| panic!("target markers: {e}"));
    Markers { ac, entries }
});

/// A marker occurrence in the sentence.
#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    entry: Entry,
    /// The whole word the marker stands in (Cyrillic), for tense checks.
    word: Range<usize>,
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_han(c)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Marker occurrences: word-bounded for Cyrillic, and none inside a longer marker (a
/// block entry such as 相应 hides the 应 in it).
fn hits(s: &str) -> Vec<Hit> {
    let markers = &*MARKERS;
    let mut found: Vec<Hit> = Vec::new();
    for m in markers.ac.find_overlapping_iter(s) {
        let entry = &markers.entries[m.pattern().as_usize()];
        let (start, end) = (m.start(), m.end());
        let mut word = start..end;
        if entry.cyrillic {
            if s[..start].chars().next_back().is_some_and(is_letter) {
                continue;
            }
            let rest = s[end..].char_indices().find(|&(_, c)| !is_letter(c));
            let word_end = rest.map_or(s.len(), |(i, _)| end + i);
            if !entry.stem && word_end != end {
                continue;
            }
            word = start..word_end;
        }
        found.push(Hit {
            range: start..end,
            entry: entry.clone(),
            word,
        });
    }
    // Drop hits strictly inside a longer one ("应" in "相应", "до" inside "довести" is
    // already excluded by the word boundary).
    let keep: Vec<bool> = found
        .iter()
        .map(|h| {
            !found.iter().any(|o| {
                o.range.start <= h.range.start
                    && h.range.end <= o.range.end
                    && o.range.len() > h.range.len()
            })
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter(|(h, k)| *k && h.entry.class != Class::Block)
        .map(|(h, _)| h)
        .collect()
}

/// Clauses of a sentence as byte ranges (see the module doc).
fn clauses(s: &str, dates: &[DateMatch], markers: &[Hit]) -> Vec<Range<usize>> {
    // Cut points: (position of the cut character, its length, strong?)
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let cut = match c {
            ';' | '；' | '。' | '！' | '？' | '!' | '?' => Some(true),
            ':' | '：' if !between_digits => Some(true),
            '–' | '—' if prev.is_some_and(char::is_whitespace) => Some(true),
            ',' | '，' if !between_digits => Some(false),
            _ => None,
        };
        if let Some(strong) = cut {
            pieces.push((start..i, strong));
            start = i + c.len_utf8();
        }
    }
    pieces.push((start..s.len(), true));

    // Merge: a piece opening with a continuation joins the previous one (across a
    // comma only); a deadline-only piece joins the next one (across a comma only).
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_strong = true;
    let mut carry: Option<usize> = None;
    for (range, strong_after) in pieces {
        let trimmed = s[range.clone()].trim_start();
        let mut range = carry.take().map_or(range.clone(), |c| c..range.end);
        if !prev_strong && starts_with_continuation(trimmed) {
            if let Some(last) = out.pop() {
                range = last.start..range.end;
            }
        }
        if !strong_after && is_deadline_only(s, range.clone(), dates, markers) {
            carry = Some(range.start);
        } else {
            out.push(range);
        }
        prev_strong = strong_after;
    }
    if let Some(c) = carry {
        out.push(c..s.len());
    }
    out
}

/// Words that continue the previous clause's predicate.
fn starts_with_continuation(t: &str) -> bool {
    const ZH: &[&str] = &["并且", "并", "同时", "以及", "且"];
    // Not a bare "и"/"а"/"және": after a comma they as often open a new statement
    // ("построили 20 школ, а в 2025 году планируется …").
    const CYRL: &[&str] = &["а также", "в том числе"];
    if ZH.iter().any(|w| t.starts_with(w)) {
        return true;
    }
    let lower = t.chars().take(16).flat_map(char::to_lowercase).collect::<String>();
    CYRL.iter().any(|w| {
        lower.starts_with(w) && !lower[w.len()..].chars().next().is_some_and(is_letter)
    })
}

/// A clause that holds only a date with its deadline words ("到2022年", "до 2025 года").
fn is_deadline_only(s: &str, range: Range<usize>, dates: &[DateMatch], markers: &[Hit]) -> bool {
    let mut has_date = false;
    let mut rest = String::new();
    let mut pos = range.start;
    let mut covered: Vec<Range<usize>> = dates
        .iter()
        .filter(|d| d.range.start >= range.start && d.range.end <= range.end)
        .map(|d| {
            has_date = true;
            d.range.clone()
        })
        .collect();
    covered.extend(
        markers
            .iter()
            .filter(|h| matches!(h.entry.class, Class::Pre | Class::Post | Class::Plan))
            .filter(|h| h.range.start >= range.start && h.range.end <= range.end)
            .map(|h| h.range.clone()),
    );
    covered.sort_by_key(|r| r.start);
    for r in covered {
        if r.start > pos {
            rest.push_str(&s[pos..r.start]);
        }
        pos = pos.max(r.end);
    }
    if pos < range.end {
        rest.push_str(&s[pos..range.end]);
    }
    has_date
        && rest
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '底' | '末' | '前' | '年' | 'г' | '.'))
}

/// A Russian verb form that reports the past: -л/-ла/-ло/-ли(сь), or a short passive
/// participle (построено, открыты) — those are future only after будет/будут, which
/// is checked separately.
fn ru_past(word: &str) -> bool {
    let w = word.to_lowercase();
    const PAST: &[&str] = &["л", "ла", "ло", "ли", "лся", "лась", "лось", "лись"];
    const PARTICIPLE: &[&str] = &["но", "ны", "на", "ен", "ено", "ена", "ены", "то", "ты", "та"];
    PAST.iter().chain(PARTICIPLE).any(|e| w.ends_with(e))
}

/// A Russian infinitive.
fn ru_infinitive(word: &str) -> bool {
    let w = word.to_lowercase();
    ["ть", "ти", "ться", "тись"].iter().any(|e| w.ends_with(e))
}

/// A Kazakh predicate in the past: -ды/-ді/-ты/-ті (with personal endings) after a
/// consonant (салынды; the aorist салынады has a vowel before it), the perfect
/// participle -ған/-ген/-қан/-кен, or a past copula (еді, болды).
fn kk_past(word: &str) -> bool {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let s: String = w.iter().collect();
    if ["болды", "еді", "болған"].contains(&s.as_str()) {
        return true;
    }
    if ["ған", "ген", "қан", "кен"].iter().any(|e| s.ends_with(e)) {
        return true;
    }
    for e in ["ды", "ді", "ты", "ті", "дық", "дік", "тық", "тік", "дым", "дім", "тым", "тім"] {
        if s.ends_with(e) {
            let n = w.len() - e.chars().count();
            let before = n.checked_sub(1).map(|i| w[i]);
            return !before.is_some_and(|c| "аеәиоөұүуыіэюяй".contains(c));
        }
    }
    false
}

/// The last word of a clause.
fn last_word(s: &str, clause: &Range<usize>) -> Option<Range<usize>> {
    let text = &s[clause.clone()];
    let end = text.char_indices().rev().find(|&(_, c)| is_letter(c))?;
    let end = end.0 + end.1.len_utf8();
    let start = text[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_letter(c) && c != '-')
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some(clause.start + start..clause.start + end)
}

/// The first word of a clause.
fn first_word(s: &str, clause: &Range<usize>) -> Option<Range<usize>> {
    let text = &s[clause.clone()];
    let (start, _) = text.char_indices().find(|&(_, c)| !c.is_whitespace())?;
    let end = text[start..]
        .char_indices()
        .find(|&(_, c)| !is_letter(c))
        .map_or(text.len(), |(i, _)| start + i);
    Some(clause.start + start..clause.start + end)
}

fn only_space(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// A deadline word next to a date: before it (до 2025 года, 到2022年, or inside it at
/// its start: "до конца этого года") or after it (2025 жылға дейін, 2025年前).
fn deadline_word_at(s: &str, h: &Hit, d: &DateMatch) -> bool {
    match h.entry.class {
        Class::Pre => {
            (h.range.end <= d.range.start && only_space(&s[h.range.end..d.range.start]))
                || h.range.start == d.range.start
        }
        Class::Post => h.range.start >= d.range.end && only_space(&s[d.range.end..h.range.start]),
        _ => false,
    }
}

fn year_of(value: &str) -> Option<i32> {
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// Chinese classifiers that stand for the counted noun; the noun itself closes the
/// clause ("800名…的社会工作督导人才").
const ZH_CLASSIFIERS: &[&str] = &[
    "名", "家", "个", "所", "项", "人", "座", "支", "批", "户", "条", "台", "套", "件", "处",
    "位", "种", "类",
];

/// Targets in one sentence `s`, given its dates and counts (ranges relative to `s`).
pub fn find(
    s: &str,
    dates: &[DateMatch],
    counts: &[CountMatch],
    reference: Option<RefDate>,
) -> Vec<TargetMatch> {
    if dates.is_empty() && counts.is_empty() {
        return Vec::new();
    }
    let hits = hits(s);
    if !hits.iter().any(|h| {
        !matches!(h.entry.class, Class::Past | Class::Block)
    }) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for clause in clauses(s, dates, &hits) {
        if let Some(t) = clause_target(s, &clause, dates, counts, &hits, reference) {
            out.push(t);
        }
    }
    out
}

fn inside(r: &Range<usize>, clause: &Range<usize>) -> bool {
    clause.start <= r.start && r.end <= clause.end
}

fn clause_target(
    s: &str,
    clause: &Range<usize>,
    dates: &[DateMatch],
    counts: &[CountMatch],
    hits: &[Hit],
    reference: Option<RefDate>,
) -> Option<TargetMatch> {
    let hits: Vec<&Hit> = hits.iter().filter(|h| inside(&h.range, clause)).collect();
    let counts: Vec<&CountMatch> = counts.iter().filter(|c| inside(&c.range, clause)).collect();
    let dates: Vec<&DateMatch> = dates.iter().filter(|d| inside(&d.range, clause)).collect();
    if counts.is_empty() && dates.is_empty() {
        return None;
    }
    let past = hits.iter().any(|h| h.entry.class == Class::Past);
    let dirs: Vec<&&Hit> = hits.iter().filter(|h| h.entry.class == Class::Dir).collect();
    let clause_last = last_word(s, clause);
    let clause_first = first_word(s, clause);

    // Deadline words actually next to a date.
    let deadline_hits: Vec<(&Hit, &DateMatch)> = hits
        .iter()
        .flat_map(|h| dates.iter().map(move |d| (*h, *d)))
        .filter(|(h, d)| deadline_word_at(s, h, d))
        .collect();

    // Is there a verb of the goal that is not in the past (Russian)?
    let ru_goal_verb = dirs.iter().any(|h| {
        h.entry.lang == Lang::Ru
            && (ru_infinitive(&s[h.word.clone()]) || !ru_past(&s[h.word.clone()]))
    });
    let kk_predicate_past = clause_last
        .as_ref()
        .is_some_and(|w| kk_past(&s[w.clone()]));

    let mut triggers: Vec<&Hit> = Vec::new();
    for h in &hits {
        let ok = match h.entry.class {
            Class::Plan | Class::Order => true,
            // будет построено / салынатын болады: with a verb of the goal (after
            // будет, before болады).
            Class::Future => {
                !past
                    && dirs.iter().any(|d| match h.entry.lang {
                        Lang::Kk => d.range.end <= h.range.start,
                        _ => d.range.start > h.range.start,
                    })
            }
            Class::Pre | Class::Post => {
                !past
                    && deadline_hits.iter().any(|(d, _)| std::ptr::eq(*d, *h))
                    && match h.entry.lang {
                        Lang::Ru => ru_goal_verb || hits.iter().any(|o| o.entry.class == Class::Future),
                        Lang::Kk => !kk_predicate_past,
                        Lang::Zh => true,
                    }
            }
            Class::Qual => {
                !past
                    && counts.iter().any(|c| {
                        c.range.start <= h.range.start && h.range.end <= c.range.end
                            || (h.range.end <= c.range.start
                                && only_space(&s[h.range.end..c.range.start]))
                    })
            }
            Class::Dir => {
                !past
                    && match h.entry.lang {
                        // 培养800名…: the goal verb governs a count after it.
                        Lang::Zh => counts.iter().any(|c| c.range.start >= h.range.end),
                        // "Увеличить долю … до 30%": an infinitive opening the clause.
                        Lang::Ru => {
                            clause_first.as_ref() == Some(&h.word)
                                && ru_infinitive(&s[h.word.clone()])
                                && !counts.is_empty()
                        }
                        // "… 20%-ға арттыру": a verbal noun closing the clause.
                        Lang::Kk => {
                            clause_last.as_ref() == Some(&h.word)
                                && s[h.word.clone()].ends_with(['у', 'ю'])
                                && counts.iter().any(|c| c.range.end <= h.range.start)
                        }
                    }
            }
            Class::Past | Class::Block => false,
        };
        if ok {
            triggers.push(h);
        }
    }
    let first = *triggers.first()?;
    let only_orders = triggers.iter().all(|t| t.entry.class == Class::Order);

    // Dates that can be deadlines.
    let eligible: Vec<&DateMatch> = dates
        .iter()
        .copied()
        .filter(|d| d.value.is_some())
        .filter(|d| {
            let Some(value) = &d.value else { return false };
            match (year_of(value), reference) {
                (Some(y), Some(r)) => y >= r.year,
                _ => true,
            }
        })
        .filter(|d| {
            // An instruction is dated before it and due after it.
            !only_orders
                || d.range.start >= first.range.end
                || deadline_hits.iter().any(|(_, dd)| std::ptr::eq(*dd, *d))
        })
        .collect();
    if counts.is_empty() && eligible.is_empty() {
        return None;
    }

    let leading = first.entry.lang != Lang::Kk;
    // Quantity: the first count after the trigger (Russian, Chinese), else the last one.
    let count = if leading {
        counts
            .iter()
            .find(|c| c.range.start >= first.range.start)
            .or(counts.last())
    } else {
        counts.last()
    };
    let count_before = counts.iter().any(|c| c.range.start < first.range.start);

    let trimmed_start = |pos: usize| {
        let t = &s[pos..clause.end];
        let skip = t
            .char_indices()
            .find(|&(_, c)| !(c.is_whitespace() || matches!(c, ',' | '，' | '-' | '–' | '—' | '•')))
            .map_or(t.len(), |(i, _)| i);
        pos + skip
    };
    // A deadline after its date (2025年前) starts the span at the date.
    let lead_pos = if first.entry.class == Class::Post {
        deadline_hits
            .iter()
            .find(|(h, _)| std::ptr::eq(*h, first))
            .map_or(first.range.start, |(_, d)| d.range.start)
    } else {
        first.range.start
    };
    let start = if leading && !count_before {
        lead_pos
    } else {
        trimmed_start(clause.start)
    };
    let end = {
        let t = &s[start..clause.end];
        let keep = t
            .char_indices()
            .rev()
            .find(|&(_, c)| {
                !(c.is_whitespace()
                    || matches!(c, '.' | ',' | '，' | '。' | ';' | '；' | ':' | '：' | '»' | '”' | '"'))
            })
            .map_or(0, |(i, c)| i + c.len_utf8());
        start + keep
    };
    if end <= start {
        return None;
    }

    let deadline = deadline_hits
        .iter()
        .map(|(_, d)| *d)
        .find(|d| eligible.iter().any(|e| std::ptr::eq(*e, *d)))
        .or_else(|| eligible.iter().copied().find(|d| d.range.start >= first.range.start))
        .or_else(|| eligible.first().copied())
        .and_then(|d| d.value.clone());

    let quantity = count.map(|c| Quantity {
        value: c.value,
        unit: unit(s, c, end),
    });

    let direction = direction(&hits, first, count.copied(), leading);
    Some(TargetMatch {
        range: start..end,
        quantity,
        deadline,
        direction,
    })
}

/// The counted noun: the count's own unit, except that a bare Chinese classifier gives
/// way to the noun closing the clause (after the last 的, when short).
fn unit(s: &str, c: &CountMatch, end: usize) -> Option<String> {
    let u = c.unit.clone()?;
    if !ZH_CLASSIFIERS.contains(&u.as_str()) || c.range.end >= end {
        return Some(u);
    }
    let tail = &s[c.range.end..end];
    let noun = tail.rsplit('的').next().unwrap_or(tail).trim();
    let n = noun.chars().count();
    if (1..=16).contains(&n) && noun.chars().all(is_han) {
        Some(noun.to_owned())
    } else {
        Some(u)
    }
}

/// The direction: the first goal verb from the trigger on (Russian, Chinese) or the last
/// one (Kazakh, verb-final); failing that, a percentage or a bound ("не менее", 不少于)
/// is a level to reach, a plain count something to produce.
fn direction(hits: &[&Hit], first: &Hit, count: Option<&CountMatch>, leading: bool) -> &'static str {
    let with_direction = hits.iter().filter(|h| h.entry.direction.is_some());
    let found = if leading {
        with_direction
            .filter(|h| h.range.start >= first.range.start)
            .find_map(|h| h.entry.direction)
    } else {
        with_direction.filter_map(|h| h.entry.direction).last()
    };
    if let Some(d) = found {
        return d;
    }
    match count {
        Some(c) if c.kind == "percent" || c.qualifier.is_some() => "reach",
        Some(c) if c.kind == "cardinal" => "produce",
        _ => "reach",
    }
}
