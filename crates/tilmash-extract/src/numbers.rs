//! Numbers as written: digits with group and decimal separators (ASCII or full-width),
//! number words in Kazakh, Russian and Chinese, and multipliers.

/// The value of a digit character, ASCII or full-width.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Parse "703 070", "14,4", "1.5", "4,000" (Chinese/English thousands), "２０２２".
/// `comma_thousands`: whether a comma followed by exactly three digits groups thousands
/// (Chinese and English) rather than marking decimals (Kazakh and Russian).
pub fn parse_digits(s: &str, comma_thousands: bool) -> Option<f64> {
    let mut int = String::new();
    let mut frac = String::new();
    let mut in_frac = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit(c) {
            let ch = char::from_digit(d, 10)?;
            if in_frac {
                frac.push(ch)
            } else {
                int.push(ch)
            }
            continue;
        }
        match c {
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' => {}
            ',' | '.' | '，' | '．' => {
                let rest_digits = chars[i + 1..]
                    .iter()
                    .take_while(|c| digit(**c).is_some())
                    .count();
                let is_group = (c == ',' && comma_thousands && rest_digits == 3)
                    || (c == '.'
                        && rest_digits == 3
                        && chars[i + 1..].iter().filter(|c| **c == '.').count() >= 1);
                if is_group || in_frac {
                    if in_frac {
                        return None;
                    }
                } else {
                    in_frac = true;
                }
            }
            _ => return None,
        }
    }
    if int.is_empty() {
        return None;
    }
    let text = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    text.parse().ok()
}

/// Kazakh and Russian number words (all case forms we meet), and their values.
pub fn word_value(word: &str) -> Option<f64> {
    let w = word.to_lowercase();
    let v = match w.as_str() {
        "екі" | "два" | "две" | "двух" | "двум" | "двумя" => 2.0,
        "үш" | "три" | "трех" | "трёх" | "трем" | "трём" | "тремя" => 3.0,
        "төрт" | "четыре" | "четырех" | "четырёх" | "четырем" | "четырём" => {
            4.0
        }
        "бес" | "пять" | "пяти" | "пятью" => 5.0,
        "алты" | "шесть" | "шести" => 6.0,
        "жеті" | "семь" | "семи" => 7.0,
        "сегіз" | "восемь" | "восьми" => 8.0,
        "тоғыз" | "девять" | "девяти" => 9.0,
        "он" | "десять" | "десяти" => 10.0,
        "жиырма" | "двадцать" | "двадцати" => 20.0,
        "отыз" | "тридцать" | "тридцати" => 30.0,
        "қырық" | "сорок" | "сорока" => 40.0,
        "елу" | "пятьдесят" | "пятидесяти" => 50.0,
        "жүз" | "сто" | "ста" => 100.0,
        "бір" | "один" | "одна" | "одного" | "одной" => 1.0,
        "алпыс" | "шестьдесят" => 60.0,
        "жетпіс" | "семьдесят" => 70.0,
        "сексен" | "восемьдесят" => 80.0,
        "тоқсан" | "девяносто" => 90.0,
        _ => return None,
    };
    Some(v)
}

/// The value of a sequence of Kazakh or Russian number words: "жүз он" = 110,
/// "жиырма бес мың" = 25000, "екі мың жиырма" = 2020, "алты жүз" = 600.
pub fn words_value(words: &[&str]) -> Option<f64> {
    let mut total: f64 = 0.0;
    let mut current: f64 = 0.0;
    for w in words {
        let lower = w.to_lowercase();
        let stem = lower.as_str();
        if stem.starts_with("мың") || stem.starts_with("тысяч") {
            total += current.max(1.0) * 1e3;
            current = 0.0;
        } else if stem.starts_with("миллион") {
            total += current.max(1.0) * 1e6;
            current = 0.0;
        } else if stem.starts_with("миллиард") {
            total += current.max(1.0) * 1e9;
            current = 0.0;
        } else if stem == "жүз" || stem == "сто" {
            current = current.max(1.0) * 100.0;
        } else {
            current += word_value(w)?;
        }
    }
    Some(total + current)
}

fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Is `c` part of a Chinese numeral?
pub fn is_chinese_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// Chinese numerals: "十二" → 12, "二十" → 20, "一百二十" → 120, "两万" → 20000, and
/// digit by digit as years are written: "二〇二二" → 2022.
pub fn chinese_integer(s: &str) -> Option<u64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    if chars.iter().all(|&c| cn_digit(c).is_some()) {
        return chars.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(cn_digit(c)?)
        });
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for &c in &chars {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
        } else if let Some(u) = cn_unit(c) {
            if u >= 10_000 {
                section += digit.take().unwrap_or(0);
                total = total.checked_add(section.max(1).checked_mul(u)?)?;
                section = 0;
            } else {
                section += digit.take().unwrap_or(1) * u;
            }
        } else {
            return None;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

/// [`chinese_integer`] as a float, the type counts carry.
pub fn chinese_value(s: &str) -> Option<f64> {
    chinese_integer(s).map(|v| v as f64)
}

/// A multiplier word and its factor: "мың(нан)", "млн", "тыс.", "тысячи", "万", "亿".
pub fn multiplier(word: &str) -> Option<f64> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.starts_with("мың") {
        return Some(1e3);
    }
    if w == "тыс" || w.starts_with("тысяч") {
        return Some(1e3);
    }
    if w == "млн" || w.starts_with("миллион") {
        return Some(1e6);
    }
    if w == "млрд" || w.starts_with("миллиард") {
        return Some(1e9);
    }
    if w == "трлн" || w.starts_with("триллион") {
        return Some(1e12);
    }
    match w {
        "万" => Some(1e4),
        "亿" => Some(1e8),
        "千" => Some(1e3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_with_separators() {
        assert_eq!(parse_digits("703\u{a0}070", false), Some(703070.0));
        assert_eq!(parse_digits("1 191", false), Some(1191.0));
        assert_eq!(parse_digits("14,4", false), Some(14.4));
        assert_eq!(parse_digits("1.5", false), Some(1.5));
        assert_eq!(parse_digits("4,000", true), Some(4000.0));
        assert_eq!(parse_digits("２０２２", false), Some(2022.0));
        assert_eq!(parse_digits("653 893 331", false), Some(653893331.0));
    }

    #[test]
    fn words_and_chinese_numerals() {
        assert_eq!(word_value("Трех"), Some(3.0));
        assert_eq!(word_value("жеті"), Some(7.0));
        assert_eq!(chinese_value("十二"), Some(12.0));
        assert_eq!(chinese_value("二十"), Some(20.0));
        assert_eq!(chinese_value("一百二十"), Some(120.0));
        assert_eq!(chinese_value("二〇二二"), Some(2022.0));
        assert_eq!(chinese_value("两"), Some(2.0));
        assert_eq!(chinese_value("三万"), Some(30000.0));
        assert_eq!(multiplier("мыңнан"), Some(1e3));
        assert_eq!(multiplier("млрд"), Some(1e9));
        assert_eq!(multiplier("тыс."), Some(1e3));
    }
}
