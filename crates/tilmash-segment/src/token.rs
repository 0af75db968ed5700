//! Tokens: Unicode words for Kazakh and Russian, jieba words for Chinese, in one stream.
//!
//! - Letters (with combining marks) and digits form words; a hyphen between letters keeps
//!   a compound whole ("сондай-ақ", "вице-министр", "Нұр-Сұлтан").
//! - Numbers keep their separators: "703 070" (a space or no-break space before exactly
//!   three digits), "14,4", "1.5", "29.03.2025".
//! - Runs of Han characters go to jieba-rs (its dictionary is compiled into the binary,
//!   plus `data/zh_user_dict.txt` of policy vocabulary such as 人力资源和社会保障厅).
//! - Every other non-space character is a token of its own (punctuation, symbols).

use std::io::BufReader;
use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Han,
    Punct,
}

/// A token: byte range into the text and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    let mut reader = BufReader::new(include_str!("../data/zh_user_dict.txt").as_bytes());
    // The user dictionary is part of the build and tested; a failure here is a bug.
    if let Err(e) = jieba.load_dict(&mut reader) {
        panic!("built-in Chinese user dictionary is malformed: {e}");
    }
    jieba
});

/// Tokens of `text[range]`, byte ranges into `text`.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let s = &text[range.clone()];
    let base = range.start;
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_han(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if !is_han(d) {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            han_words(s, i..end, base, &mut out);
            continue;
        }
        if c.is_alphanumeric() {
            let end = word_end(s, i);
            let kind = if s[i..end]
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | ',' | '.'))
            {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                range: base + i..base + end,
                kind,
            });
            while iter.peek().is_some_and(|&(j, _)| j < end) {
                iter.next();
            }
            continue;
        }
        out.push(Token {
            range: base + i..base + i + c.len_utf8(),
            kind: TokenKind::Punct,
        });
    }
    out
}

/// End of the word or number starting at `start`.
fn word_end(s: &str, start: usize) -> usize {
    let bytes_len = s.len();
    let mut end = start;
    let mut chars = s[start..]
        .char_indices()
        .map(|(k, c)| (start + k, c))
        .peekable();
    let first_is_digit = s[start..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit());
    let mut digits_in_group = 0usize;
    while let Some((k, c)) = chars.next() {
        if (c.is_alphanumeric() && !is_han(c)) || is_mark(c) {
            if c.is_ascii_digit() {
                digits_in_group += 1;
            }
            end = k + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        let prev = s[..k].chars().next_back();
        match c {
            // Compounds: a hyphen between letters.
            '-' | '‑'
                if prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic) =>
            {
                end = k + c.len_utf8();
            }
            // Decimal and date separators between digits: "14,4", "1.5", "29.03.2025".
            ',' | '.'
                if prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())
                    && first_is_digit =>
            {
                end = k + 1;
                digits_in_group = 0;
            }
            // Thousands groups: "703 070", exactly three digits after the space.
            ' ' | '\u{a0}' | '\u{202f}'
                if first_is_digit
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && digits_in_group <= 3
                    && three_digit_group(&s[k + c.len_utf8()..]) =>
            {
                end = k + c.len_utf8();
                digits_in_group = 0;
            }
            _ => break,
        }
    }
    end.min(bytes_len)
}

/// Exactly three ASCII digits, then no further digit or letter.
fn three_digit_group(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && rest[3..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_digit()))
}

fn han_words(s: &str, run: Range<usize>, base: usize, out: &mut Vec<Token>) {
    let mut pos = run.start;
    for word in JIEBA.cut(&s[run.clone()], true) {
        let end = pos + word.word.len();
        out.push(Token {
            range: base + pos..base + end,
            kind: TokenKind::Han,
        });
        pos = end;
    }
    debug_assert_eq!(pos, run.end, "jieba words tile the run");
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489)
}

/// Han characters, and 〇 (the zero of Chinese numerals), go to jieba.
fn is_han(c: char) -> bool {
    crate::is_han(c) || c == '〇'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text, 0..text.len())
            .into_iter()
            .map(|t| &text[t.range])
            .collect()
    }

    #[test]
    fn compounds_and_numbers_stay_whole() {
        assert_eq!(
            words("Сондай-ақ вице-министр 703 070 адам, 14,4% және 29.03.2025 жылы 2020 жылғы"),
            [
                "Сондай-ақ",
                "вице-министр",
                "703 070",
                "адам",
                ",",
                "14,4",
                "%",
                "және",
                "29.03.2025",
                "жылы",
                "2020",
                "жылғы"
            ]
        );
        assert_eq!(words("1 191 және 17 100"), ["1 191", "және", "17 100"]);
        assert_eq!(words("- пункт"), ["-", "пункт"]);
    }

    #[test]
    fn chinese_words_with_policy_vocabulary() {
        let w = words("浙江省人力资源和社会保障厅加强社会工作专业人才队伍建设。");
        assert!(w.contains(&"人力资源和社会保障厅"), "{w:?}");
        assert!(w.contains(&"社会工作"), "{w:?}");
        assert_eq!(
            w.concat(),
            "浙江省人力资源和社会保障厅加强社会工作专业人才队伍建设。"
        );
    }

    #[test]
    fn mixed_scripts_tile_without_gaps() {
        let text = "Президент 习近平 встретился с Тоқаевым. 2024年";
        let toks = tokens(text, 0..text.len());
        for w in toks.windows(2) {
            assert!(w[0].range.end <= w[1].range.start);
        }
        let joined: String = toks.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(joined, text.replace(' ', ""));
    }
}
