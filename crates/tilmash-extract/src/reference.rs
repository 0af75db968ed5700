//! The document's own date, against which relative dates are resolved.
//!
//! In order: a dateline among the first paragraphs (a short line with a full date:
//! "2019-11-12 09:38:18来源:网络", "29.03.2025 | 79", "Сегодня 21 ноября 2024 года"),
//! else a year in the title (the first paragraph: "2020 жылдың І жартыжылдығындағы
//! жұмысы туралы"), else nothing (relative dates stay unresolved).

use crate::ParagraphRef;
use crate::dates::{self, RefDate};

/// Paragraphs searched for a dateline.
const DATELINE_WINDOW: usize = 12;
/// A dateline is short.
const DATELINE_MAX_CHARS: usize = 60;
/// Letters a dateline may carry besides its date (a weekday, "Сегодня", "来源:网络").
const DATELINE_MAX_OTHER_LETTERS: usize = 16;

pub fn find(text: &str, paragraphs: &[ParagraphRef]) -> Option<RefDate> {
    for p in paragraphs.iter().take(DATELINE_WINDOW) {
        let s = &text[p.range.clone()];
        // A dateline is short and is not a sentence (no final full stop).
        if s.chars().count() > DATELINE_MAX_CHARS || s.trim_end().ends_with(['.', '!', '?', '。'])
        {
            continue;
        }
        for d in dates::find(s, None) {
            // A dateline is mostly the date: "Сегодня 21 ноября 2024 года, четверг",
            // "29.03.2025 | 79"; not a short sentence that mentions one.
            let letters_outside = s[..d.range.start]
                .chars()
                .chain(s[d.range.end..].chars())
                .filter(|c| c.is_alphabetic())
                .count();
            if letters_outside > DATELINE_MAX_OTHER_LETTERS {
                continue;
            }
            if let Some(r) = d.value.as_deref().and_then(parse_full) {
                return Some(r);
            }
        }
    }
    let title = &text[paragraphs.first()?.range.clone()];
    dates::find(title, None).into_iter().find_map(|d| {
        let v = d.value?;
        let year: i32 = v.get(..4)?.parse().ok()?;
        Some(RefDate {
            year,
            month: None,
            day: None,
        })
    })
}

fn parse_full(v: &str) -> Option<RefDate> {
    let mut parts = v.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(RefDate {
        year,
        month: Some(month),
        day: Some(day),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<ParagraphRef> {
        let mut out = Vec::new();
        let mut pos = 0;
        for line in text.split('\n') {
            if !line.trim().is_empty() {
                out.push(ParagraphRef {
                    range: pos..pos + line.len(),
                    boilerplate: false,
                });
            }
            pos += line.len() + 1;
        }
        out
    }

    #[test]
    fn dateline_then_title_year() {
        let t = "Новости\n29.03.2025 | 79\nТекст статьи длинный.";
        assert_eq!(
            find(t, &paras(t)),
            Some(RefDate {
                year: 2025,
                month: Some(3),
                day: Some(29)
            })
        );
        let t = "2020 жылдың І жартыжылдығындағы жұмысы туралы\nМәтін.";
        assert_eq!(find(t, &paras(t)).map(|r| r.year), Some(2020));
        let t = "Итоги года\n2020 жылғы 11 қаңтарда 40 педагог қатысты.\nМәтін.";
        assert_eq!(
            find(t, &paras(t)),
            None,
            "a sentence with a date is not a dateline"
        );
        let t = "Заголовок\nТекст без дат.";
        assert_eq!(find(t, &paras(t)), None);
    }
}
