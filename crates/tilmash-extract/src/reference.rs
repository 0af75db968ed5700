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

pub fn find(text: &str, paragraphs: &[ParagraphRef]) -> Option<RefDate> {
    for p in paragraphs.iter().take(DATELINE_WINDOW) {
        let s = &text[p.range.clone()];
        if s.chars().count() > DATELINE_MAX_CHARS {
            continue;
        }
        for d in dates::find(s, None) {
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
        let t = "Заголовок\nТекст без дат.";
        assert_eq!(find(t, &paras(t)), None);
    }
}
