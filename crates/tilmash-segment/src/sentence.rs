//! Sentence boundaries inside a paragraph, for Kazakh, Russian and Chinese.
//!
//! A boundary is a run of terminal punctuation (`. ! ? …`, or `。 ！ ？` and their
//! full-width forms; `；` separates clauses, not sentences), with any closing quotes and brackets that follow it, when:
//! - it is not inside a quotation or bracket that closes later in the paragraph (so
//!   «Не видали маму? – спросила она» stays whole), but a run that closes the quotation
//!   can end the sentence («…маму?» Потом …);
//! - for `. ! ? …`: whitespace follows and then something that opens a sentence (a
//!   capital, a digit, an opening quote or bracket, a dash introducing a new line of
//!   dialogue, a Han character); a dash followed by a lowercase word is an attribution
//!   («…бар? — деді.») and does not split;
//! - a single full stop does not end an abbreviation ([`crate::abbrev`]), an initial
//!   ("А. И. Семенов", "Е.Аукенов"), or a list number at the start of the paragraph.
//! - a full stop glued to a capitalised word after a lowercase word ("жағдайы.XVIII")
//!   is a boundary with the space missing.
//!
//! Paragraph ends are hard boundaries (the caller splits paragraphs first). Every step
//! looks at most a bounded distance back, so the splitter is linear in the input.

use std::ops::Range;

use crate::abbrev::{self, AbbrevKind, AbbrevLang};
use crate::is_han;

/// Quotations and brackets longer than this (in bytes) do not protect their inside: an
/// unbalanced or runaway quote must not swallow the rest of a document.
const MAX_PROTECTED_BYTES: usize = 2000;
/// How far back (in chars) to look for the word before a full stop.
const MAX_WORD_BACK: usize = 24;
/// How many open quotes to search through for the opener a closer matches.
const MAX_STACK_SEARCH: usize = 8;

/// Sentence byte ranges inside `text[range]`, trimmed, tiling the paragraph's non-space
/// content in order. Uses every language's abbreviations; see [`sentences_in`].
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    sentences_in(text, range, AbbrevLang::Any)
}

/// [`sentences`] with the abbreviations of one language (`AbbrevLang::from_code("kk")`).
pub fn sentences_in(text: &str, range: Range<usize>, lang: AbbrevLang) -> Vec<Range<usize>> {
    let para = &text[range.clone()];
    let base = range.start;
    let protected = protected_ranges(para);
    let mut guard = ProtectedCursor::new(&protected);
    let mut out = Vec::new();
    let mut sent_start = 0usize;
    let bytes = para.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        // Fast skip: every terminal starts with one of these bytes.
        if !matches!(b, b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF) {
            i += 1;
            continue;
        }
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        let class = terminal_class(c);
        if class == Terminal::None {
            i += c.len_utf8();
            continue;
        }
        // The run: terminals, then closers.
        let run_start = i;
        let mut j = i;
        let mut only_full_stop = true;
        let mut count = 0usize;
        for ch in para[i..].chars() {
            if terminal_class(ch) == Terminal::None {
                break;
            }
            if ch != '.' {
                only_full_stop = false;
            }
            count += 1;
            j += ch.len_utf8();
        }
        let single_stop = only_full_stop && count == 1;
        let terminals_end = j;
        for ch in para[j..].chars() {
            if !is_closer(ch) {
                break;
            }
            j += ch.len_utf8();
        }
        let run_end = j;
        i = run_end;
        if run_end >= para.len() {
            break;
        }
        if guard.inside(run_start, run_end) {
            continue;
        }
        let boundary = match class {
            Terminal::Cjk => true,
            Terminal::Latin => latin_boundary(
                para,
                run_start,
                terminals_end,
                run_end,
                single_stop,
                sent_start,
                lang,
            ),
            Terminal::None => false,
        };
        if boundary {
            push_trimmed(&mut out, para, base, sent_start..run_end);
            sent_start = run_end;
        }
    }
    push_trimmed(&mut out, para, base, sent_start..para.len());
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    None,
    Latin,
    Cjk,
}

fn terminal_class(c: char) -> Terminal {
    match c {
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' => Terminal::Latin,
        // '；' is a clause separator in Chinese treebanks and news, not a sentence end.
        '。' | '！' | '？' | '｡' | '．' => Terminal::Cjk,
        _ => Terminal::None,
    }
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '»' | '"'
            | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '）'
            | '］'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '›'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '«' | '"'
            | '“'
            | '„'
            | '('
            | '['
            | '（'
            | '［'
            | '「'
            | '『'
            | '【'
            | '《'
            | '〈'
            | '‹'
            | '\''
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―' | '−')
}

/// Does the Latin terminal run `para[run_start..terminals_end]` (closers up to
/// `run_end`) end a sentence?
fn latin_boundary(
    para: &str,
    run_start: usize,
    terminals_end: usize,
    run_end: usize,
    single_stop: bool,
    sent_start: usize,
    lang: AbbrevLang,
) -> bool {
    let rest = &para[run_end..];
    let Some(first) = rest.chars().next() else {
        return false;
    };
    if !first.is_whitespace() {
        // "жағдайы.XVIII": a missing space after a full stop.
        return single_stop
            && run_end == terminals_end
            && glued_sentence_start(para, run_start, rest, lang);
    }
    let after = rest.trim_start();
    let mut chars = after.chars();
    let Some(next) = chars.next() else {
        return false;
    };
    if is_dash(next) {
        // A dash after a terminal: new dialogue line or list item when a capital
        // follows, an attribution ("— деді", "— сказал он") when a lowercase word does.
        let word = after.trim_start_matches(|c: char| is_dash(c) || c.is_whitespace());
        return word.chars().next().is_some_and(|c| !c.is_lowercase());
    }
    let opens = next.is_uppercase()
        || next.is_ascii_digit()
        || is_opener(next)
        || is_han(next)
        || matches!(next, '№' | '§' | '•' | '*' | '@' | '#' | '$' | '€' | '₸');
    if !opens {
        // "кім? не?": a question or exclamation followed by a lowercase word is a new
        // (elliptical) sentence; after a full stop or ellipsis lowercase continues, and
        // so does a quotation closed by it ("«Тұр!» дегендей").
        return !single_stop
            && next.is_lowercase()
            && run_end == terminals_end
            && para[run_start..terminals_end]
                .chars()
                .all(|c| matches!(c, '?' | '!' | '‼' | '⁇' | '⁈' | '⁉'));
    }
    if !single_stop {
        return true;
    }
    // A single full stop: not after an abbreviation, an initial or a list number.
    let word = word_before(para, run_start);
    if word.is_empty() {
        return true;
    }
    if is_initials(word) {
        return false;
    }
    if is_list_number(word) && para[sent_start..run_start].trim() == word {
        return false;
    }
    // "т. б.", "т. е.": an abbreviation written with a space.
    let spaced = spaced_abbreviation(para, run_start, word);
    let word = spaced.as_deref().unwrap_or(word);
    match abbrev::lookup(word, lang) {
        // "в 1919 гг. При встрече …": a year abbreviation can end a sentence, but a
        // first name after it continues one ("В 2010 г. Виктор посещал …").
        Some(AbbrevKind::NeverFinal)
            if abbrev::is_year_word(word) && follows_number(para, run_start, word) =>
        {
            // Stricter than other abbreviations: a one-letter word ("1898 г. В 1854 году")
            // is too weak a signal here.
            first_word(after).chars().count() >= 2
                && next_word_is_lowercase_rest(after)
                && !abbrev::is_first_name(first_word(after))
        }
        Some(AbbrevKind::NeverFinal) => false,
        Some(AbbrevKind::MayEnd) => next.is_uppercase() && next_word_is_lowercase_rest(after),
        // An unlisted spaced abbreviation ("а. е.") may end a sentence like "т. д." does.
        None if spaced.is_some() => next.is_uppercase() && next_word_is_lowercase_rest(after),
        // An unlisted single lowercase letter is an abbreviation too ("с. Каменка").
        None => !is_single_lowercase(word),
    }
}

/// After an abbreviation that may end a sentence, a capitalised ordinary word ("Новый",
/// "В") starts a new one; an all-caps acronym ("тыс. ЕС") or an initial does not.
fn next_word_is_lowercase_rest(after: &str) -> bool {
    let mut rest = after.chars().skip(1).peekable();
    // A one-letter word ("В октябре", "С тех пор") is a capitalised preposition.
    if rest.peek().is_some_and(|c| c.is_whitespace()) {
        return true;
    }
    let mut letters = rest.take_while(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| c.is_lowercase())
}

/// Is the token before `word` (which ends at `dot`) a number or number range ("1919",
/// "2010-2012", "1644--1646")?
fn follows_number(para: &str, dot: usize, word: &str) -> bool {
    let before = para[..dot - word.len()].trim_end();
    let prev = word_before(para, before.len());
    !prev.is_empty()
        && prev.chars().all(|c| c.is_ascii_digit() || is_dash(c))
        && prev.chars().any(|c| c.is_ascii_digit())
}

fn is_single_lowercase(word: &str) -> bool {
    let mut c = word.chars();
    matches!((c.next(), c.next()), (Some(l), None) if l.is_lowercase())
}

/// For a single lowercase letter after "x. " (a short token and a full stop), the joined
/// form "x.y": "т. б." is looked up as "т.б".
fn spaced_abbreviation(para: &str, dot: usize, word: &str) -> Option<String> {
    if !is_single_lowercase(word) {
        return None;
    }
    let before = para[..dot - word.len()].trim_end();
    let prev = before.strip_suffix('.')?;
    let prev_word = word_before(para, prev.len());
    if prev_word.is_empty() || prev_word.chars().count() > 3 {
        return None;
    }
    Some(format!("{prev_word}.{word}"))
}

fn first_word(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    &s[..end]
}

/// `lowercaseword.Capital…`: only when the word before is a real lowercase word (not an
/// abbreviation or a domain) and a capitalised word of two or more letters follows.
fn glued_sentence_start(para: &str, run_start: usize, rest: &str, lang: AbbrevLang) -> bool {
    let mut next = rest.chars();
    let (Some(a), Some(b)) = (next.next(), next.next()) else {
        return false;
    };
    if !(a.is_uppercase() && b.is_alphabetic()) {
        return false;
    }
    let word = word_before(para, run_start);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && word.chars().last().is_some_and(|c| c.is_lowercase())
        && abbrev::lookup(word, lang).is_none()
}

/// The token right before byte `dot`, back to whitespace or an opening quote/bracket,
/// at most [`MAX_WORD_BACK`] chars.
fn word_before(para: &str, dot: usize) -> &str {
    let before = &para[..dot];
    let mut start = dot;
    for (n, (b, c)) in before.char_indices().rev().enumerate() {
        if c.is_whitespace() || is_opener(c) || n >= MAX_WORD_BACK {
            break;
        }
        start = b;
    }
    &before[start..]
}

/// "А", "Л.Н", "М.П", "А.И": single capitals joined by full stops.
fn is_initials(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut c = part.chars();
        matches!((c.next(), c.next()), (Some(l), None) if l.is_uppercase())
    })
}

/// "1", "12", "IV": a list or section number.
fn is_list_number(word: &str) -> bool {
    (word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()))
        || (word.len() <= 5 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')))
}

/// Top-level byte ranges `[open, close]` of quotations and brackets that are closed
/// within the paragraph and no longer than [`MAX_PROTECTED_BYTES`].
fn protected_ranges(para: &str) -> Vec<(usize, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let bytes = para.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if !matches!(
            b,
            b'"' | b'(' | b')' | b'[' | b']' | 0xC2 | 0xE2 | 0xE3 | 0xEF
        ) {
            i += 1;
            continue;
        }
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if let Some(pos) = closes(&stack, c) {
            let (_, open) = stack[pos];
            stack.truncate(pos);
            if stack.is_empty() && i + len - open <= MAX_PROTECTED_BYTES {
                out.push((open, i + len));
            }
        } else if opens_quote(c) {
            stack.push((c, i));
        }
        i += len;
    }
    out
}

/// Index in `stack` of the opener that `c` closes, searching a few levels down so one
/// stray bracket does not leave everything after it open.
fn closes(stack: &[(char, usize)], c: char) -> Option<usize> {
    let wanted: &[char] = match c {
        '»' => &['«'],
        '”' => &['“', '„'],
        '“' => &['„'],
        '"' => &['"'],
        ')' => &['('],
        ']' => &['['],
        '）' => &['（'],
        '］' => &['［'],
        '」' => &['「'],
        '』' => &['『'],
        '】' => &['【'],
        '》' => &['《'],
        '〉' => &['〈'],
        '›' => &['‹'],
        _ => return None,
    };
    stack
        .iter()
        .enumerate()
        .rev()
        .take(MAX_STACK_SEARCH)
        .find(|(_, (open, _))| wanted.contains(open))
        .map(|(n, _)| n)
}

fn opens_quote(c: char) -> bool {
    matches!(
        c,
        '«' | '"' | '“' | '„' | '(' | '[' | '（' | '［' | '「' | '『' | '【' | '《' | '〈' | '‹'
    )
}

/// Walks the sorted protected ranges alongside ascending candidate positions.
struct ProtectedCursor<'a> {
    ranges: &'a [(usize, usize)],
    next: usize,
}

impl<'a> ProtectedCursor<'a> {
    fn new(ranges: &'a [(usize, usize)]) -> Self {
        ProtectedCursor { ranges, next: 0 }
    }

    /// Is a terminal run starting at `start` inside a quotation it does not close?
    fn inside(&mut self, start: usize, run_end: usize) -> bool {
        while self.next < self.ranges.len() && self.ranges[self.next].1 <= start {
            self.next += 1;
        }
        match self.ranges.get(self.next) {
            Some(&(open, close)) => open < start && close > run_end,
            None => false,
        }
    }
}

fn push_trimmed(out: &mut Vec<Range<usize>>, para: &str, base: usize, r: Range<usize>) {
    let s = &para[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let start = base + r.start + lead;
        out.push(start..start + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            split(
                "Об этом сказал Е.Аукенов. В 2010-2012 гг. Виктор посещал г. Волгоград. «Всё хорошо», – сказал А. Мұқашева. Далее."
            ),
            [
                "Об этом сказал Е.Аукенов.",
                "В 2010-2012 гг. Виктор посещал г. Волгоград.",
                "«Всё хорошо», – сказал А. Мұқашева.",
                "Далее."
            ]
        );
        assert_eq!(
            split("Д-р наук А. И. Семенов и пр. выступали. Л.Н. Толстой написал роман."),
            [
                "Д-р наук А. И. Семенов и пр. выступали.",
                "Л.Н. Толстой написал роман."
            ]
        );
        assert_eq!(
            split("Мектептер, балабақшалар т.б. Келесі сөйлем. Қ.Сәтбаев атындағы университет."),
            [
                "Мектептер, балабақшалар т.б.",
                "Келесі сөйлем.",
                "Қ.Сәтбаев атындағы университет."
            ]
        );
    }

    #[test]
    fn numbers_dates_and_lowercase_continuations() {
        assert_eq!(
            split("Рост составил 14,4% и 1.5 раза, т.е. заметно. 29.03.2025 прошло совещание."),
            [
                "Рост составил 14,4% и 1.5 раза, т.е. заметно.",
                "29.03.2025 прошло совещание."
            ]
        );
        assert_eq!(split("1. Первый пункт списка"), ["1. Первый пункт списка"]);
    }

    #[test]
    fn quotes_protect_their_inside_but_can_close_a_sentence() {
        assert_eq!(
            split("«К чему ты готовишься? – спросила мама. – Завтра ведь выходной»."),
            ["«К чему ты готовишься? – спросила мама. – Завтра ведь выходной»."]
        );
        assert_eq!(
            split("Она кричала: «Не видали маму?» Потом ушла."),
            ["Она кричала: «Не видали маму?»", "Потом ушла."]
        );
        assert_eq!(
            split("Бірақ оның енді не керегі бар? — деді. — Жоқ! — деп жауап берді."),
            [
                "Бірақ оның енді не керегі бар? — деді.",
                "— Жоқ! — деп жауап берді."
            ]
        );
    }

    #[test]
    fn an_unbalanced_quote_does_not_swallow_the_paragraph() {
        assert_eq!(
            split("Он сказал «начнём. Потом всё стало ясно. Конец."),
            ["Он сказал «начнём.", "Потом всё стало ясно.", "Конец."]
        );
    }

    #[test]
    fn chinese() {
        assert_eq!(
            split("近日，印发了《意见》。“这是第一步！”他说。我们去看《摔跤吧！爸爸》好吗？好！"),
            [
                "近日，印发了《意见》。",
                "“这是第一步！”",
                "他说。",
                "我们去看《摔跤吧！爸爸》好吗？",
                "好！"
            ]
        );
    }

    #[test]
    fn missing_space_after_a_stop() {
        assert_eq!(
            split("Ресейдің жағдайы.XVIII ғасырда өзгерді. Сайт vremya.ru жұмыс істейді."),
            [
                "Ресейдің жағдайы.",
                "XVIII ғасырда өзгерді.",
                "Сайт vremya.ru жұмыс істейді."
            ]
        );
    }

    #[test]
    fn long_input_without_spaces_is_linear_enough() {
        let text = "a.".repeat(200_000);
        assert_eq!(split(&text).len(), 1);
        let quotes = "«".repeat(100_000) + &"».".repeat(100_000);
        assert!(!split(&quotes).is_empty());
    }
}
