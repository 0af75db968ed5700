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

use crate::is_han;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

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
            return Err(format!(
                "line {}: only dir/qual entries carry a direction",
                n + 1
            ));
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
        let capitalized = crate::capitalised(word);
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
    // A full DFA: one table lookup per byte. Overlapping search gets no help from the
    // prefilters on Cyrillic text (every other byte is 0xD0/0xD1), and the table for
    // these few hundred short patterns is small.
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .unwrap_or_else(|e| panic!("target markers: {e}"));
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

/// A letter that is not a Chinese character (`crate::is_letter` answers Latin and
/// Cyrillic from their ranges; the clause and word scans ask this of every character).
fn is_letter(c: char) -> bool {
    crate::is_letter(c) && !is_han(c)
}

/// Marker occurrences in `s[piece]`: word-bounded for Cyrillic (the boundaries are read
/// in all of `s`), and none inside a longer marker (a block entry such as 相应 hides the
/// 应 in it).
///
/// Searching a piece finds exactly the occurrences the search of the whole sentence
/// finds inside it (the search is overlapping: every occurrence is reported), and a
/// marker never holds a character that cuts clauses (a unit test checks the table), so
/// the hits of a clause are those of its pieces.
fn hits(s: &str, piece: &Range<usize>) -> Vec<Hit> {
    let markers = &*MARKERS;
    let mut found: Vec<Hit> = Vec::new();
    for m in markers.ac.find_overlapping_iter(&s[piece.clone()]) {
        let entry = &markers.entries[m.pattern().as_usize()];
        let (start, end) = (piece.start + m.start(), piece.start + m.end());
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
    // Drop hits strictly inside a longer one ("应" in "相应"; "до" inside "довести" is
    // already excluded by the word boundary). Sorted by start, longest first, a hit is
    // inside an earlier one exactly when an earlier one reaches as far (patterns are
    // distinct, so no two hits share a range).
    found.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut reach = 0;
    let mut out = Vec::with_capacity(found.len());
    for h in found {
        let inner = reach >= h.range.end;
        reach = reach.max(h.range.end);
        if !inner && h.entry.class != Class::Block {
            out.push(h);
        }
    }
    out
}

/// The items (sorted by start) that lie inside `range`.
fn within<'a, T>(
    items: &[&'a T],
    span: impl Fn(&T) -> Range<usize>,
    range: &Range<usize>,
) -> Vec<&'a T> {
    let from = items.partition_point(|x| span(x).start < range.start);
    items[from..]
        .iter()
        .take_while(|x| span(x).start < range.end)
        .filter(|x| span(x).end <= range.end)
        .copied()
        .collect()
}

/// The first bytes of the characters that cut clauses: ; ! ? : , and the lead bytes of
/// – — (E2) 。 (E3) ； ！ ？ ： ， (EF).
static CUT_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = [b';', b'!', b'?', b':', b',', 0xE2, 0xE3, 0xEF];
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// A sentence cut at the clause punctuation, with the markers of each piece found
/// when first asked for: most pieces of a sentence with a date or a count hold neither,
/// and only the clauses that do are read (see [`hits`] for why a clause's markers are
/// its pieces').
struct Pieces<'s> {
    s: &'s str,
    /// (piece, is the cut after it strong?), in order; the cut characters lie between.
    ranges: Vec<(Range<usize>, bool)>,
    hits: Vec<OnceCell<Vec<Hit>>>,
}

impl<'s> Pieces<'s> {
    fn new(s: &'s str) -> Pieces<'s> {
        let mut ranges: Vec<(Range<usize>, bool)> = Vec::new();
        let mut start = 0;
        let b = s.as_bytes();
        for (i, &x) in b.iter().enumerate() {
            // The cut characters are ASCII or start with one of three lead bytes; only
            // those are decoded (one table load skips the rest). A digit is one byte,
            // so the characters around a cut are digits exactly when the bytes around
            // it are.
            if !CUT_BYTES[usize::from(x)] {
                continue;
            }
            let c = match x {
                0xE2 | 0xE3 | 0xEF => s[i..].chars().next().unwrap_or_default(),
                _ => char::from(x),
            };
            let between_digits = || {
                i.checked_sub(1).is_some_and(|p| b[p].is_ascii_digit())
                    && b.get(i + c.len_utf8()).is_some_and(u8::is_ascii_digit)
            };
            let cut = match c {
                ';' | '；' | '。' | '！' | '？' | '!' | '?' => Some(true),
                ':' | '：' if !between_digits() => Some(true),
                '–' | '—' if s[..i].chars().next_back().is_some_and(char::is_whitespace) => {
                    Some(true)
                }
                ',' | '，' if !between_digits() => Some(false),
                _ => None,
            };
            if let Some(strong) = cut {
                ranges.push((start..i, strong));
                start = i + c.len_utf8();
            }
        }
        ranges.push((start..s.len(), true));
        let hits = ranges.iter().map(|_| OnceCell::new()).collect();
        Pieces { s, ranges, hits }
    }

    /// The markers inside `range` (a run of whole pieces and the cuts between them),
    /// in order of start, longest first.
    fn hits_in(&self, range: &Range<usize>) -> Vec<&Hit> {
        let from = self.ranges.partition_point(|(r, _)| r.start < range.start);
        self.ranges[from..]
            .iter()
            .zip(&self.hits[from..])
            .take_while(|((r, _), _)| r.end <= range.end)
            .flat_map(|((r, _), cell)| cell.get_or_init(|| hits(self.s, r)))
            .filter(|h| h.range.end <= range.end)
            .collect()
    }
}

/// Clauses of a sentence as byte ranges (see the module doc).
fn clauses(pieces: &Pieces, dates: &[&DateMatch]) -> Vec<Range<usize>> {
    let s = pieces.s;
    // Merge: a piece opening with a continuation joins the previous one (across a
    // comma only); a deadline-only piece joins the next one (across a comma only).
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_strong = true;
    let mut carry: Option<usize> = None;
    for (range, strong_after) in pieces.ranges.iter().cloned() {
        let trimmed = s[range.clone()].trim_start();
        let mut range = carry.take().map_or(range.clone(), |c| c..range.end);
        if !prev_strong
            && starts_with_continuation(trimmed)
            && let Some(last) = out.pop()
        {
            range = last.start..range.end;
        }
        if !strong_after && is_deadline_only(s, range.clone(), dates, pieces) {
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
    // Both Cyrillic ones open with а or в: skip lowercasing the rest.
    if !t.starts_with(['а', 'А', 'в', 'В']) {
        return false;
    }
    let lower = t
        .chars()
        .take(16)
        .flat_map(char::to_lowercase)
        .collect::<String>();
    CYRL.iter()
        .any(|w| lower.starts_with(w) && !lower[w.len()..].chars().next().is_some_and(is_letter))
}

/// A clause that holds only a date with its deadline words ("到2022年", "до 2025 года").
fn is_deadline_only(s: &str, range: Range<usize>, dates: &[&DateMatch], pieces: &Pieces) -> bool {
    let dates = within(dates, |d| d.range.clone(), &range);
    if dates.is_empty() {
        return false;
    }
    let mut covered: Vec<Range<usize>> = dates.iter().map(|d| d.range.clone()).collect();
    covered.extend(
        pieces
            .hits_in(&range)
            .into_iter()
            .filter(|h| matches!(h.entry.class, Class::Pre | Class::Post | Class::Plan))
            .map(|h| h.range.clone()),
    );
    covered.sort_by_key(|r| r.start);
    let mut rest = String::new();
    let mut pos = range.start;
    for r in covered {
        if r.start > pos {
            rest.push_str(&s[pos..r.start]);
        }
        pos = pos.max(r.end);
    }
    if pos < range.end {
        rest.push_str(&s[pos..range.end]);
    }
    rest.chars()
        .all(|c| c.is_whitespace() || matches!(c, '底' | '末' | '前' | '年' | 'г' | '.'))
}

/// A Russian verb form that reports the past: -л/-ла/-ло/-ли(сь), or a short passive
/// participle (построено, открыты) — those are future only after будет/будут, which
/// is checked separately.
fn ru_past(word: &str) -> bool {
    let w = word.to_lowercase();
    const PAST: &[&str] = &["л", "ла", "ло", "ли", "лся", "лась", "лось", "лись"];
    const PARTICIPLE: &[&str] = &[
        "но", "ны", "на", "ен", "ено", "ена", "ены", "то", "ты", "та",
    ];
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
    for e in [
        "ды", "ді", "ты", "ті", "дық", "дік", "тық", "тік", "дым", "дім", "тым", "тім",
    ] {
        if s.ends_with(e) {
            let n = w.len() - e.chars().count();
            let before = n.checked_sub(1).map(|i| w[i]);
            return !before.is_some_and(|c| "аеәиоөұүуыіэюяй".contains(c));
        }
    }
    false
}

/// The Kazakh aorist (present-future): салынады, береді, ойнайды.
fn kk_aorist(word: &str) -> bool {
    let w = word.to_lowercase();
    ["ады", "еді", "йды", "йді"].iter().any(|e| w.ends_with(e))
}

/// The Kazakh passive aorist: шығарылады, салынады, енгізіледі (a plan or a rule;
/// statistics use the active: "құрайды").
fn kk_aorist_passive(word: &str) -> bool {
    let w = word.to_lowercase();
    ["лады", "леді", "нады", "неді"]
        .iter()
        .any(|e| w.ends_with(e))
}

/// Words (letter runs) in `s[from..to]`.
fn words_between(s: &str, from: usize, to: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s[from..to].chars() {
        let l = is_letter(c);
        if l && !in_word {
            n += 1;
        }
        in_word = l;
    }
    n
}

/// The word right after `pos` (within `..limit`), lowercased.
fn next_word(s: &str, pos: usize, limit: usize) -> Option<String> {
    let t = &s[pos..limit];
    let (start, _) = t.char_indices().find(|&(_, c)| is_letter(c))?;
    if !t[..start].chars().all(char::is_whitespace) {
        return None;
    }
    let end = t[start..]
        .char_indices()
        .find(|&(_, c)| !is_letter(c))
        .map_or(t.len(), |(i, _)| start + i);
    Some(t[start..end].to_lowercase())
}

/// The word right before `pos` (within `limit..`), lowercased.
fn prev_word(s: &str, limit: usize, pos: usize) -> Option<String> {
    let t = &s[limit..pos];
    let (last, c) = t.char_indices().rev().find(|&(_, c)| is_letter(c))?;
    let end = last + c.len_utf8();
    if !t[end..].chars().all(char::is_whitespace) {
        return None;
    }
    let start = t[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_letter(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some(t[start..end].to_lowercase())
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
/// its start: "до конца этого года") or after it (2025 жылға дейін, 2025年前). "The end
/// of" may stand between ("до конца 2026 года", "2025 жылдың соңына дейін").
fn deadline_word_at(s: &str, h: &Hit, d: &DateMatch) -> bool {
    match h.entry.class {
        Class::Pre => {
            (h.range.end <= d.range.start && only_gap_words(&s[h.range.end..d.range.start]))
                || h.range.start == d.range.start
        }
        Class::Post => {
            h.range.start >= d.range.end && only_gap_words(&s[d.range.end..h.range.start])
        }
        _ => false,
    }
}

/// Whitespace, or a word for the end/start of a period between a deadline word and its
/// date.
fn only_gap_words(t: &str) -> bool {
    const GAP: &[&str] = &[
        "конца",
        "начала",
        "середины",
        "окончания",
        "соңына",
        "аяғына",
        "басына",
        "ортасына",
        "底",
        "末",
    ];
    t.split_whitespace().count() <= 1
        && t.split_whitespace()
            .all(|w| GAP.iter().any(|g| w.to_lowercase() == *g))
}

fn year_of(value: &str) -> Option<i32> {
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// Chinese classifiers that stand for the counted noun; the noun itself closes the
/// clause ("800名…的社会工作督导人才").
const ZH_CLASSIFIERS: &[&str] = &[
    "名", "家", "个", "所", "项", "人", "座", "支", "批", "户", "条", "台", "套", "件", "处", "位",
    "种", "类",
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
    let mut dates: Vec<&DateMatch> = dates.iter().collect();
    dates.sort_by_key(|d| d.range.start);
    let mut counts: Vec<&CountMatch> = counts.iter().collect();
    counts.sort_by_key(|c| c.range.start);
    let pieces = Pieces::new(s);
    let mut out = Vec::new();
    for clause in clauses(&pieces, &dates) {
        let counts = within(&counts, |c| c.range.clone(), &clause);
        let dates = within(&dates, |d| d.range.clone(), &clause);
        // Nothing to measure: no target, and no need for the clause's markers.
        if counts.is_empty() && dates.is_empty() {
            continue;
        }
        let hits = pieces.hits_in(&clause);
        // A commitment is a short clause; dozens of numbers or markers without a comma
        // is a flattened table. Skipping those keeps the work per clause bounded.
        if hits.len() > MAX_PER_CLAUSE
            || counts.len() > MAX_PER_CLAUSE
            || dates.len() > MAX_PER_CLAUSE
        {
            continue;
        }
        if let Some(t) = clause_target(s, &clause, &dates, &counts, &hits, reference) {
            out.push(t);
        }
    }
    out
}

/// Most markers, counts or dates a clause may hold to be read as a commitment.
const MAX_PER_CLAUSE: usize = 24;

fn clause_target(
    s: &str,
    clause: &Range<usize>,
    dates: &[&DateMatch],
    counts: &[&CountMatch],
    hits: &[&Hit],
    reference: Option<RefDate>,
) -> Option<TargetMatch> {
    if counts.is_empty() && dates.is_empty() {
        return None;
    }
    // Past and block markers never trigger.
    if hits
        .iter()
        .all(|h| matches!(h.entry.class, Class::Past | Class::Block))
    {
        return None;
    }
    let past = hits.iter().any(|h| h.entry.class == Class::Past);
    let dirs: Vec<&&Hit> = hits
        .iter()
        .filter(|h| h.entry.class == Class::Dir)
        .collect();
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
    let kk_predicate_past = clause_last.as_ref().is_some_and(|w| kk_past(&s[w.clone()]));

    let mut triggers: Vec<&Hit> = Vec::new();
    for h in hits {
        let ok = match h.entry.class {
            Class::Plan | Class::Order => match h.entry.lang {
                // Kazakh puts the plan word in the predicate, at the end of the clause:
                // "ашу жоспарланған" is a plan, "жоспарланған екі азамат" is not; and
                // "қажет емес" is its negation. тапсырды instructs only with an action
                // (a verbal noun: "көбейтуді тапсырды"); alone it means "handed in".
                Lang::Kk => {
                    words_between(s, h.word.end, clause.end) <= 2
                        && next_word(s, h.word.end, clause.end).is_none_or(|w| w != "емес")
                        && (h.entry.class != Class::Order
                            || s[h.range.clone()].contains(' ')
                            || prev_word(s, clause.start, h.word.start).is_some_and(|w| {
                                ["уды", "уді", "уын", "уін", "уға", "уге"]
                                    .iter()
                                    .any(|e| w.ends_with(e))
                            }))
                }
                // "не планируется", "не нужно".
                Lang::Ru => prev_word(s, clause.start, h.word.start)
                    .is_none_or(|w| w.to_lowercase() != "не"),
                Lang::Zh => true,
            },
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
                        Lang::Ru => {
                            ru_goal_verb || hits.iter().any(|o| o.entry.class == Class::Future)
                        }
                        // "… дейін шығарылады", not "… дейін бармасаңыздар" (a
                        // condition) or a bare "мерзімі … дейін".
                        Lang::Kk => {
                            !kk_predicate_past
                                && (dirs.iter().any(|d| d.entry.lang == Lang::Kk)
                                    || hits.iter().any(|o| o.entry.class == Class::Future)
                                    || clause_last
                                        .as_ref()
                                        .is_some_and(|w| kk_aorist(&s[w.clone()])))
                        }
                        // "到2022年,力争…打造", not "至1978年5月…连载" (narrative).
                        Lang::Zh => hits.iter().any(|o| {
                            matches!(o.entry.class, Class::Dir | Class::Qual | Class::Plan)
                        }),
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
                        // (at most two characters between: "达到约70%", not
                        // "实现这一目标的1200家").
                        Lang::Zh => counts.iter().any(|c| {
                            c.range.start >= h.range.end
                                && s[h.range.end..c.range.start].chars().count() <= 2
                        }),
                        // "Увеличить долю … до 30%": an infinitive opening the clause.
                        Lang::Ru => {
                            clause_first.as_ref() == Some(&h.word)
                                && ru_infinitive(&s[h.word.clone()])
                                && !counts.is_empty()
                        }
                        // "… 20%-ға арттыру": a verbal noun closing the clause; "2025
                        // жылы 50 мектеп салынады": a passive future closing it.
                        Lang::Kk => {
                            clause_last.as_ref().map(|w| w.end) == Some(h.word.end)
                                && ((s[h.word.clone()].ends_with(['у', 'ю'])
                                    && counts.iter().any(|c| c.range.end <= h.range.start))
                                    || kk_aorist_passive(&s[h.word.clone()]))
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

    // Dates that can be deadlines: one a deadline word points at ("到2022年" is the
    // deadline even in a later report); otherwise one not before the document's own year
    // ("прошедшего учебного года" is context) and, for an instruction, after it (it is
    // dated before it and due after it).
    let eligible: Vec<&DateMatch> = dates
        .iter()
        .copied()
        .filter(|d| {
            let Some(value) = &d.value else { return false };
            if deadline_hits.iter().any(|(_, dd)| std::ptr::eq(*dd, *d)) {
                return true;
            }
            let current = match (year_of(value), reference) {
                (Some(y), Some(r)) => y >= r.year,
                _ => true,
            };
            current && (!only_orders || d.range.start >= first.range.end)
        })
        .collect();
    let leading = first.entry.lang != Lang::Kk;
    // Counts the trigger binds: in Kazakh the whole clause (the plan word is last); in
    // Russian and Chinese those after it, and those before it only within the same
    // comma-free stretch ("Еще 33 школы планируется открыть").
    let cut = s[clause.start..first.range.start]
        .rfind([',', '，', '(', '（', '、'])
        .map(|i| clause.start + i);
    let bound: Vec<&CountMatch> = counts
        .iter()
        .copied()
        .filter(|c| {
            !leading || c.range.start >= first.range.start || cut.is_none_or(|p| c.range.end > p)
        })
        .collect();
    if bound.is_empty() && eligible.is_empty() {
        return None;
    }
    // Without a count, the date must be a deadline for something: a goal verb
    // ("поручил исключить … в новом учебном году") or a deadline word ("до 1 мая",
    // "1 наурызға дейін"), not the date of an event ("сапары 22 мамырға жоспарланып
    // отыр", "құрылысының басталуы 2008 жылдың көктеміне жоспарланып отыр").
    if bound.is_empty() && dirs.is_empty() && deadline_hits.is_empty() {
        return None;
    }
    // Quantity: the first count after the trigger (Russian, Chinese), else the last one.
    // (Prefer the count the goal verb governs: "每千人口…达到4.5个" is 4.5, not 千.)
    let goal_at = hits
        .iter()
        .filter(|h| matches!(h.entry.class, Class::Dir | Class::Qual))
        .map(|h| h.range.start)
        .find(|&p| p >= first.range.start);
    let count = if leading {
        goal_at
            .and_then(|p| bound.iter().find(|c| c.range.end > p))
            .or_else(|| bound.iter().find(|c| c.range.start >= first.range.start))
            .or(bound.last())
            .copied()
    } else {
        bound.last().copied()
    };
    let count_before = bound.iter().any(|c| c.range.start < first.range.start);

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
                    || matches!(
                        c,
                        '.' | ',' | '，' | '。' | ';' | '；' | ':' | '：' | '»' | '”' | '"'
                    ))
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
        .or_else(|| {
            eligible
                .iter()
                .copied()
                .find(|d| d.range.start >= first.range.start)
        })
        .or_else(|| eligible.first().copied())
        .and_then(|d| d.value.clone());

    let quantity = count.map(|c| Quantity {
        value: c.value,
        unit: unit(s, c, end),
    });

    let direction = direction(hits, first, count, leading);
    Some(TargetMatch {
        range: start..end,
        quantity,
        deadline,
        direction,
    })
}

/// The counted noun: the count's own unit, except that after a Chinese classifier the
/// noun closing the clause is the unit ("800名…的社会工作督导人才" → 社会工作督导人才,
/// the text after the last 的 when short).
fn unit(s: &str, c: &CountMatch, end: usize) -> Option<String> {
    let text = &s[c.range.clone()];
    let classifier_end = text.char_indices().find_map(|(i, ch)| {
        let rest = &text[i..];
        (!ch.is_ascii_digit() && is_han(ch))
            .then(|| ZH_CLASSIFIERS.iter().find(|k| rest.starts_with(*k)))
            .flatten()
            .map(|k| c.range.start + i + k.len())
    });
    if let Some(from) = classifier_end.filter(|&f| f < end) {
        let tail = &s[from..end];
        let noun = tail.rsplit('的').next().unwrap_or(tail).trim();
        let n = noun.chars().count();
        if (1..=16).contains(&n) && noun.chars().all(is_han) {
            return Some(noun.to_owned());
        }
    }
    c.unit.clone()
}

/// The direction: the first goal verb from the trigger on (Russian, Chinese) or the last
/// one (Kazakh, verb-final); failing that, a percentage or a bound ("не менее", 不少于)
/// is a level to reach, a plain count something to produce.
fn direction(
    hits: &[&Hit],
    first: &Hit,
    count: Option<&CountMatch>,
    leading: bool,
) -> &'static str {
    let with_direction = hits.iter().filter(|h| h.entry.direction.is_some());
    let found = if leading {
        with_direction
            .filter(|h| h.range.start >= first.range.start)
            .find_map(|h| h.entry.direction)
    } else {
        with_direction.filter_map(|h| h.entry.direction).next_back()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{counts, dates};

    /// (span, quantity, deadline, direction) of every target in `s`, with dates and
    /// counts found the way `extract` finds them.
    type Row = (
        String,
        Option<(f64, Option<String>)>,
        Option<String>,
        &'static str,
    );

    fn targets(s: &str, reference_year: Option<i32>) -> Vec<Row> {
        let reference = reference_year.map(|year| RefDate {
            year,
            month: None,
            day: None,
        });
        let dates = dates::find(s, reference);
        let taken: Vec<Range<usize>> = dates.iter().map(|d| d.range.clone()).collect();
        let zh = s.chars().any(is_han);
        let counts = counts::find(s, &taken, zh);
        find(s, &dates, &counts, reference)
            .into_iter()
            .map(|t| {
                (
                    s[t.range].to_owned(),
                    t.quantity.map(|q| (q.value, q.unit)),
                    t.deadline,
                    t.direction,
                )
            })
            .collect()
    }

    fn q(value: f64, unit: &str) -> Option<(f64, Option<String>)> {
        Some((value, Some(unit.to_owned())))
    }

    fn d(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn no_marker_holds_a_clause_cut() {
        // Markers are searched piece by piece (see `hits`).
        let (patterns, _) = parse(DATA).unwrap_or_else(|e| panic!("{e}"));
        for p in patterns {
            assert!(
                !p.contains([
                    ';', '；', '。', '！', '？', '!', '?', ':', '：', '–', '—', ',', '，'
                ]),
                "{p}"
            );
        }
    }

    #[test]
    fn marker_table_parses() {
        let (patterns, entries) = parse(DATA).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(patterns.len(), entries.len());
        assert!(
            entries
                .iter()
                .any(|e| e.lang == Lang::Kk && e.class == Class::Post)
        );
        assert!(
            parse("ru\tplan\t-\tx\nru\tplan\t-\tx\n").is_err(),
            "duplicates refused"
        );
        assert!(
            parse("ru\tplan\tup\tx\n").is_err(),
            "unknown direction refused"
        );
        assert!(parse("ru plan - x\n").is_err(), "tabs required");
    }

    // ---- Russian -------------------------------------------------------------------

    #[test]
    fn ru_plan_word_with_count_and_relative_deadline() {
        assert_eq!(
            targets(
                "В следующем году в области планируется построить 12 новых больниц.",
                Some(2024)
            ),
            [(
                "планируется построить 12 новых больниц".to_owned(),
                q(12.0, "больниц"),
                d("2025"),
                "produce"
            )]
        );
    }

    #[test]
    fn ru_obligation_with_percent_and_deadline() {
        let t = targets(
            "Акиматам необходимо сократить очередь в детские сады на 30% до 2026 года.",
            Some(2024),
        );
        assert_eq!(
            t,
            [(
                "необходимо сократить очередь в детские сады на 30% до 2026 года".to_owned(),
                q(30.0, "%"),
                d("2026"),
                "decrease"
            )]
        );
    }

    #[test]
    fn ru_instruction_is_dated_before_and_due_after() {
        // The date before "поручил" dates the instruction; the one after is the deadline.
        let t = targets(
            "В 2024 году министр поручил до 2026 года открыть 5 ресурсных центров.",
            Some(2024),
        );
        assert_eq!(
            t,
            [(
                "поручил до 2026 года открыть 5 ресурсных центров".to_owned(),
                q(5.0, "центров"),
                d("2026"),
                "produce"
            )]
        );
        // An instruction without anything measurable is not a target.
        assert_eq!(
            targets("Министр поручил ускорить ремонт школ.", Some(2024)),
            []
        );
    }

    #[test]
    fn ru_future_with_goal_verb() {
        assert_eq!(
            targets(
                "В 2026 году будет введено в эксплуатацию 40 школ.",
                Some(2025)
            ),
            [(
                "будет введено в эксплуатацию 40 школ".to_owned(),
                q(40.0, "школ"),
                d("2026"),
                "produce"
            )]
        );
        // будет without a verb of the goal: an event, not a target.
        assert_eq!(
            targets("Форум будет проходить 5 мая 2026 года.", Some(2025)),
            []
        );
    }

    #[test]
    fn ru_deadline_construction_and_infinitive_goal() {
        assert_eq!(
            targets(
                "К 2030 году охват дошкольным образованием довести до 100%.",
                Some(2024)
            ),
            [(
                "К 2030 году охват дошкольным образованием довести до 100%".to_owned(),
                q(100.0, "%"),
                d("2030"),
                "reach"
            )]
        );
        assert_eq!(
            targets(
                "Увеличить долю возобновляемой энергии до 15% к 2030 году.",
                Some(2024)
            ),
            [(
                "Увеличить долю возобновляемой энергии до 15% к 2030 году".to_owned(),
                q(15.0, "%"),
                d("2030"),
                "increase"
            )]
        );
    }

    #[test]
    fn ru_negatives_achieved_vague_statistics() {
        for s in [
            "В прошлом году построили 20 новых школ.",
            "По итогам 2023 года было построено 50 школ.",
            "Необходимо повысить статус учителя.",
            "Следует отметить, что в 2023 году в регионе проживало 2 млн человек.",
            "Уже удалось сократить очередь на 15%.",
            "Численность населения составила 20 млн человек.",
            "До 2020 года он работал директором школы.",
            "Открывать новые школы в 2026 году не планируется.",
        ] {
            assert_eq!(targets(s, Some(2024)), [], "{s}");
        }
    }

    // ---- Kazakh --------------------------------------------------------------------

    #[test]
    fn kk_deadline_postposition_with_passive_future() {
        assert_eq!(
            targets("2027 жылға дейін облыста 50 мектеп салынады.", Some(2024)),
            [(
                "2027 жылға дейін облыста 50 мектеп салынады".to_owned(),
                q(50.0, "мектеп"),
                d("2027"),
                "produce"
            )]
        );
        assert_eq!(
            targets(
                "Есеп 2025 жылғы 1 наурызға дейін тапсырылуы тиіс.",
                Some(2024)
            ),
            [(
                "Есеп 2025 жылғы 1 наурызға дейін тапсырылуы тиіс".to_owned(),
                None,
                d("2025-03-01"),
                "produce"
            )]
        );
    }

    #[test]
    fn kk_plan_word_closing_the_clause() {
        assert_eq!(
            targets("Келесі жылы 300 жұмыс орнын ашу жоспарлануда.", Some(2024)),
            [(
                "Келесі жылы 300 жұмыс орнын ашу жоспарлануда".to_owned(),
                q(300.0, "орнын"),
                d("2025"),
                "produce"
            )]
        );
    }

    #[test]
    fn kk_instruction_and_necessity() {
        assert_eq!(
            targets(
                "Үкімет мұғалімдердің жалақысын 25%-ға арттыруды тапсырды.",
                Some(2024)
            ),
            [(
                "Үкімет мұғалімдердің жалақысын 25%-ға арттыруды тапсырды".to_owned(),
                q(25.0, "%"),
                None,
                "increase"
            )]
        );
        let t = targets(
            "Жұмыссыздық деңгейін 2026 жылға қарай 4%-ға дейін төмендету қажет.",
            Some(2024),
        );
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].2, d("2026"));
        assert_eq!(t[0].3, "decrease");
        assert_eq!(t[0].1.as_ref().map(|q| q.0), Some(4.0));
    }

    #[test]
    fn kk_negatives_achieved_vague_statistics() {
        for s in [
            "2019 жылы облыста 40 мектеп салынды.",
            "Жұмыссыздық деңгейі 4,9%-ды құрайды.",
            "Облыста 2 мың адам жұмыспен қамтылды.",
            "Бұл мәселені шешу қажет.",
            "Айта кету керек, биыл 20 мектеп ашылды.",
            // жоспарланған as an attribute, the predicate is past.
            "Жоспарланған екі жиын өткізілді.",
            // тапсырды without an action: "handed in".
            "Оның қырық шақтысы осы айда құжаттарын тапсырды.",
            // A date that schedules an event is not a deadline.
            "Министрдің сапары 22 мамырға жоспарланып отыр.",
        ] {
            assert_eq!(targets(s, Some(2024)), [], "{s}");
        }
    }

    // ---- Chinese -------------------------------------------------------------------

    #[test]
    fn zh_deadline_clause_joins_the_goal() {
        assert_eq!(
            targets("到2025年，全省新建养老机构200家。", Some(2023)),
            [(
                "到2025年，全省新建养老机构200家".to_owned(),
                q(200.0, "家"),
                d("2025"),
                "produce"
            )]
        );
        assert_eq!(
            targets("确保2026年底前完成全部改造任务。", Some(2024)),
            [(
                "确保2026年底前完成全部改造任务".to_owned(),
                None,
                d("2026"),
                "produce"
            )]
        );
    }

    #[test]
    fn zh_plan_words_levels_and_goal_verbs() {
        assert_eq!(
            targets("力争全市社区综合服务设施覆盖率达到95%以上。", Some(2023)),
            [(
                "力争全市社区综合服务设施覆盖率达到95%以上".to_owned(),
                q(95.0, "%"),
                None,
                "reach"
            )]
        );
        assert_eq!(
            targets("加强队伍建设，培育500个优秀社会组织。", Some(2023)),
            [(
                "培育500个优秀社会组织".to_owned(),
                q(500.0, "优秀社会组织"),
                None,
                "produce"
            )]
        );
        // A required level opens the clause's commitment.
        let t = targets("每年开展不少于40学时的继续教育。", Some(2023));
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].0, "不少于40学时的继续教育");
        assert_eq!(t[0].3, "reach");
    }

    #[test]
    fn zh_continuation_joins_the_clause_before() {
        let t = targets(
            "应将专业岗位纳入管理范围，并逐步达到岗位总量的50%。",
            Some(2023),
        );
        assert_eq!(
            t,
            [(
                "应将专业岗位纳入管理范围，并逐步达到岗位总量的50%".to_owned(),
                q(50.0, "%"),
                None,
                "reach"
            )]
        );
    }

    #[test]
    fn zh_negatives_achieved_statistics_narrative() {
        for s in [
            "2023年全省已建成养老机构180家。",
            "今年以来，全市新增就业岗位12万个。",
            "截至2024年底，全省共有社会工作者5万人。",
            "相应的补贴标准为每人每月200元。",
            "至1978年5月，该刊断续连载282期。",
            "支持具备条件的高校新增社会工作专业。",
        ] {
            assert_eq!(targets(s, Some(2024)), [], "{s}");
        }
    }

    // ---- Long input ----------------------------------------------------------------

    #[test]
    fn long_sentences_are_linear() {
        // 10,000 short clauses in one "sentence": each is looked at once, with only
        // its own markers, counts and dates.
        let row = "планируется открыть 1 школу до 2030 года, ".repeat(10_000);
        assert_eq!(targets(&row, Some(2024)).len(), 10_000);
        // One comma-free clause of thousands of numbers and markers is a table, not a
        // commitment: skipped, in linear time.
        let table = "до 2030 года 1 школа планируется ".repeat(5_000);
        assert_eq!(targets(&table, Some(2024)), []);
    }
}
