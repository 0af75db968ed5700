//! Paragraph and sentence boundaries.
//!
//! This is the first, rule-based splitter: paragraphs from line structure, sentences
//! from terminal punctuation with an abbreviation and initials guard. All spans are
//! byte ranges into the text here; [`crate::offsets`] turns them into code points.

use std::ops::Range;

/// A paragraph as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphSpan {
    /// Byte range, trimmed of surrounding whitespace.
    pub range: Range<usize>,
    /// Index of the blank-line-separated block the paragraph belongs to. Several
    /// paragraphs share a block when its lines stand alone (headings, list items, table
    /// cells); the boilerplate classifier uses this to tell a table from stray numbers.
    pub block: usize,
    /// The first line of the paragraph began with a tab (scraped table cells do).
    pub indented: bool,
}

/// Split `text` into paragraphs.
///
/// A blank line always ends a paragraph. Inside a block, every line starts a new paragraph
/// unless it continues a hard-wrapped sentence: the previous line ends without terminal
/// punctuation and this one starts with a lowercase letter. Scraped pages put each block
/// element on its own line, so this keeps headings, list items and table cells apart
/// while still joining prose that was wrapped at a fixed width.
pub fn paragraphs(text: &str) -> Vec<ParagraphSpan> {
    let mut out: Vec<ParagraphSpan> = Vec::new();
    let mut block = 0usize;
    let mut in_block = false;
    let mut prev_line_end_char: Option<char> = None;
    let mut pos = 0usize;
    for raw_line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed_start = line.len() - line.trim_start().len();
        let content = line.trim();
        if content.is_empty() {
            if in_block {
                block += 1;
                in_block = false;
            }
            prev_line_end_char = None;
            continue;
        }
        in_block = true;
        let start = line_start + trimmed_start;
        let end = start + content.len();
        let first = content.chars().next().unwrap_or(' ');
        let continues = match (prev_line_end_char, out.last()) {
            (Some(prev), Some(last)) => {
                last.block == block
                    && !is_terminal_or_colon(prev)
                    && first.is_lowercase()
                    && !starts_with_list_marker(content)
                    && !line.starts_with('\t')
            }
            _ => false,
        };
        match out.last_mut() {
            Some(last) if continues => last.range.end = end,
            _ => out.push(ParagraphSpan {
                range: start..end,
                block,
                indented: line.starts_with('\t'),
            }),
        }
        prev_line_end_char = content.chars().last();
    }
    out
}

fn is_terminal_or_colon(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | ':' | ';' | '。' | '！' | '？' | '；' | '：' | '»' | '"' | '”'
    )
}

/// `- `, `• `, `* `, `1) `, `2. `: a line that opens a list item.
fn starts_with_list_marker(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '–' | '—' | '•' | '*' | '·' | '▪' | '●') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(") ") || rest.starts_with(". ")
        }
        _ => false,
    }
}

/// Abbreviations after which a full stop does not end a sentence (Russian and Kazakh),
/// compared lowercase without the final stop. The dedicated segmentation stage will
/// replace this list with data files.
const ABBREVIATIONS: &[&str] = &[
    "г", "гг", "т.е", "т.д", "т.п", "т.к", "тыс", "млн", "млрд", "трлн", "руб", "им", "ул", "стр",
    "см", "др", "пр", "проф", "акад", "обл", "р-н", "ст", "ч", "и.о", "т.б", "т.с.с", "ж", "жж",
    "б.з.д", "қ", "көш", "etc", "vs", "mr", "mrs", "dr", "no",
];

/// Sentence byte ranges inside `text[range]`, trimmed, never crossing the range.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let para = &text[range.clone()];
    let base = range.start;
    let mut out = Vec::new();
    let mut sent_start = 0usize;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        let cjk_stop = matches!(c, '。' | '！' | '？');
        let latin_stop = matches!(c, '.' | '!' | '?' | '…');
        if !(cjk_stop || latin_stop) {
            i += 1;
            continue;
        }
        // Take the whole run of terminal punctuation and closing quotes/brackets.
        let mut j = i + 1;
        while j < chars.len()
            && (matches!(chars[j].1, '.' | '!' | '?' | '…' | '。' | '！' | '？')
                || is_closing(chars[j].1))
        {
            j += 1;
        }
        let end_byte = chars.get(j).map_or(para.len(), |&(b, _)| b);
        let boundary = if j >= chars.len() {
            false // the paragraph end closes the sentence anyway
        } else if cjk_stop {
            true
        } else {
            latin_boundary(para, &chars, i, j)
        };
        if boundary {
            push_trimmed(&mut out, para, base, sent_start..end_byte);
            sent_start = end_byte;
        }
        i = j;
    }
    push_trimmed(&mut out, para, base, sent_start..para.len());
    out
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '»' | '"' | '”' | '’' | '\'' | ')' | ']' | '）' | '］' | '」' | '』' | '】' | '›'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '«' | '"' | '“' | '„' | '(' | '[' | '（' | '「' | '『' | '【' | '‹'
    )
}

/// Does the punctuation run `chars[i..j]` (starting with `. ! ? …`) end a sentence?
fn latin_boundary(para: &str, chars: &[(usize, char)], i: usize, j: usize) -> bool {
    // Terminal punctuation must be followed by whitespace…
    if !chars[j].1.is_whitespace() {
        return false;
    }
    let mut k = j;
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    let Some(&(_, next)) = chars.get(k) else {
        return false;
    };
    // …and by something that can open a sentence.
    let opens = next.is_uppercase()
        || next.is_ascii_digit()
        || is_opening(next)
        || matches!(next, '-' | '–' | '—' | '•')
        || is_cjk(next);
    if !opens {
        return false;
    }
    if chars[i].1 == '.' && j == i + 1 {
        let word = word_before(para, chars[i].0);
        if is_abbreviation(word) {
            return false;
        }
    }
    true
}

/// The token right before byte `dot` (back to the previous whitespace or opening bracket).
fn word_before(para: &str, dot: usize) -> &str {
    let before = &para[..dot];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || is_opening(c))
        .map_or(0, |(b, c)| b + c.len_utf8());
    &before[start..]
}

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    // An initial: "Е." in "Е.Аукенов", "А. Мұқашева".
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
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

    fn para_texts(text: &str) -> Vec<&str> {
        paragraphs(text)
            .iter()
            .map(|p| &text[p.range.clone()])
            .collect()
    }

    fn sent_texts(text: &str) -> Vec<&str> {
        sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn blank_lines_and_standalone_lines_make_paragraphs() {
        let text = "Заголовок\n\nПервый абзац.\nВторой абзац.\n- пункт один\n- пункт два\n";
        assert_eq!(
            para_texts(text),
            [
                "Заголовок",
                "Первый абзац.",
                "Второй абзац.",
                "- пункт один",
                "- пункт два"
            ]
        );
        let blocks: Vec<usize> = paragraphs(text).iter().map(|p| p.block).collect();
        assert_eq!(blocks, [0, 1, 1, 1, 1]);
    }

    #[test]
    fn hard_wrapped_prose_is_one_paragraph() {
        let text = "Министр отметил, что\nработа продолжается.\r\nНовая строка.";
        assert_eq!(
            para_texts(text),
            [
                "Министр отметил, что\nработа продолжается.",
                "Новая строка."
            ]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_initials() {
        let text = "Об этом сказал Е.Аукенов. В 2020 г. было 5 тыс. школ. «Всё хорошо», – сказал А. Мұқашева. Далее.";
        assert_eq!(
            sent_texts(text),
            [
                "Об этом сказал Е.Аукенов.",
                "В 2020 г. было 5 тыс. школ.",
                "«Всё хорошо», – сказал А. Мұқашева.",
                "Далее."
            ]
        );
    }

    #[test]
    fn numbers_and_lowercase_continuations_do_not_split() {
        let text = "Рост составил 14,4% и 1.5 раза, т.е. заметно. 29.03.2025 прошло совещание.";
        assert_eq!(
            sent_texts(text),
            [
                "Рост составил 14,4% и 1.5 раза, т.е. заметно.",
                "29.03.2025 прошло совещание."
            ]
        );
    }

    #[test]
    fn chinese_stops_and_closing_quotes() {
        let text = "近日，印发了《意见》。“这是第一步！”他说。";
        assert_eq!(
            sent_texts(text),
            ["近日，印发了《意见》。", "“这是第一步！”", "他说。"]
        );
    }
}
