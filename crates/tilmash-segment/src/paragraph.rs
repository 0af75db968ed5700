//! Paragraphs from line structure.
//!
//! Spans are byte ranges into the text.

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
pub(crate) fn starts_with_list_marker(line: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn para_texts(text: &str) -> Vec<&str> {
        paragraphs(text)
            .iter()
            .map(|p| &text[p.range.clone()])
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
}
