//! A first language guess from scripts and letters.
//!
//! Han text is Chinese (simplified or traditional by marker characters); Cyrillic text is
//! Kazakh when Kazakh-specific letters make up a noticeable share of its letters,
//! Ukrainian/Belarusian by their own letters, else Russian; other scripts go to whatlang.
//! The dedicated language-identification stage replaces this with an n-gram model.

use std::sync::LazyLock;

/// A language guess for a span of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guess {
    /// ISO 639-1 code, or `und`.
    pub lang: &'static str,
    /// ISO 15924 script code, when known.
    pub script: Option<&'static str>,
    /// Number of letters the guess is based on (its weight in document shares).
    pub letters: usize,
}

/// Letters counted by script.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    han: usize,
    hant_markers: usize,
    hans_markers: usize,
    cyrillic: usize,
    kazakh: usize,
    ukrainian: usize,
    belarusian: usize,
    latin: usize,
    arabic: usize,
    other: usize,
}

/// Fewer letters than this and we say `und` rather than guess.
const MIN_LETTERS: usize = 2;

pub fn guess(text: &str) -> Guess {
    let mut c = Counts::default();
    for ch in text.chars() {
        let u = ch as u32;
        match u {
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
                c.han += 1;
                if TRADITIONAL_MARKERS.binary_search(&ch).is_ok() {
                    c.hant_markers += 1;
                } else if SIMPLIFIED_MARKERS.binary_search(&ch).is_ok() {
                    c.hans_markers += 1;
                }
            }
            // Cyrillic letters: the block minus its signs and combining marks (U+0482–0489).
            0x0400..=0x0481 | 0x048A..=0x052F => {
                c.cyrillic += 1;
                match ch {
                    'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ң'
                    | 'Ө' | 'Ұ' | 'Ү' | 'Һ' | 'І' => c.kazakh += 1,
                    'ї' | 'є' | 'ґ' | 'Ї' | 'Є' | 'Ґ' => c.ukrainian += 1,
                    'ў' | 'Ў' => c.belarusian += 1,
                    _ => {}
                }
            }
            // Spaces, digits and ASCII punctuation: the bulk of what is not a letter.
            0..=0x7F if !ch.is_ascii_alphabetic() => {}
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
                if ch.is_alphabetic() =>
            {
                c.arabic += 1;
            }
            _ if ch.is_alphabetic() => {
                if ch.is_ascii_alphabetic() || (0x00C0..=0x024F).contains(&u) {
                    c.latin += 1;
                } else {
                    c.other += 1;
                }
            }
            _ => {}
        }
    }
    let letters = c.han + c.cyrillic + c.latin + c.arabic + c.other;
    if letters < MIN_LETTERS {
        return Guess {
            lang: "und",
            script: None,
            letters,
        };
    }
    // Han characters carry a word's meaning each; weigh them against alphabetic letters.
    let han_weight = c.han * 3;
    let best = [
        (han_weight, 0),
        (c.cyrillic, 1),
        (c.latin, 2),
        (c.arabic, 3),
        (c.other, 4),
    ]
    .into_iter()
    .max_by_key(|&(n, order)| (n, std::cmp::Reverse(order)))
    .map_or(4, |(_, order)| order);
    let (lang, script) = match best {
        0 => {
            let script = if c.hant_markers > c.hans_markers {
                "Hant"
            } else {
                "Hans"
            };
            ("zh", Some(script))
        }
        1 => (cyrillic_language(&c), Some("Cyrl")),
        2 => (other_language(text).unwrap_or("und"), Some("Latn")),
        3 => (other_language(text).unwrap_or("und"), Some("Arab")),
        _ => (other_language(text).unwrap_or("und"), None),
    };
    Guess {
        lang,
        script,
        letters,
    }
}

fn cyrillic_language(c: &Counts) -> &'static str {
    // і alone is also Ukrainian and Belarusian; their own letters decide first.
    if c.ukrainian > 0 && c.ukrainian >= c.kazakh / 4 {
        return "uk";
    }
    if c.belarusian > 0 && c.belarusian >= c.kazakh / 4 {
        return "be";
    }
    // In running Kazakh text about one letter in eight is Kazakh-specific; a Russian
    // paragraph quoting one Kazakh name stays well under one in fifty.
    if c.kazakh * 50 >= c.cyrillic.max(1) && c.kazakh > 0 {
        "kk"
    } else {
        "ru"
    }
}

/// whatlang for the long tail, mapped to ISO 639-1; only reliable guesses count.
fn other_language(text: &str) -> Option<&'static str> {
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    use whatlang::Lang::*;
    Some(match info.lang() {
        Eng => "en",
        Rus => "ru",
        Ukr => "uk",
        Bel => "be",
        Bul => "bg",
        Srp => "sr",
        Mkd => "mk",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Pol => "pl",
        Ces => "cs",
        Tur => "tr",
        Uzb => "uz",
        Aze => "az",
        Ara => "ar",
        Pes => "fa",
        Urd => "ur",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Lat => "la",
        Swe => "sv",
        Fin => "fi",
        Hun => "hu",
        Ron => "ro",
        Ell => "el",
        Heb => "he",
        Hin => "hi",
        Vie => "vi",
        Ind => "id",
        _ => return None,
    })
}

/// Characters only traditional Chinese writes (their simplified forms differ), sorted.
static TRADITIONAL_MARKERS: LazyLock<Vec<char>> = LazyLock::new(|| {
    sorted_chars(
        "們這個國會說為時對學經發與來後過實區門車長開關體點機電間讓還應當從種樣頭見聽話讀寫書習藝術報導構組織務議黨廳處辦員規劃濟業產農醫護療險達顯類觀變總統義權歲億萬",
    )
});
/// Their simplified counterparts, sorted.
static SIMPLIFIED_MARKERS: LazyLock<Vec<char>> = LazyLock::new(|| {
    sorted_chars(
        "们这个国会说为时对学经发与来后过实区门车长开关体点机电间让还应当从种样头见听话读写书习艺术报导构组织务议党厅处办员规划济业产农医护疗险达显类观变总统义权岁亿万",
    )
});

fn sorted_chars(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_kazakh_letters() {
        assert_eq!(
            guess("Қазақстандық салалық білім және ғылым қызметкерлері").lang,
            "kk"
        );
        assert_eq!(
            guess("Повысить статус и зарплату социальных работников").lang,
            "ru"
        );
        let zh = guess("浙江出台加强社会工作专业人才队伍建设的意见");
        assert_eq!((zh.lang, zh.script), ("zh", Some("Hans")));
        let hant = guess("這個國家的經濟發展與學術研究");
        assert_eq!((hant.lang, hant.script), ("zh", Some("Hant")));
        assert_eq!(guess("Це їхня держава і мова").lang, "uk");
        assert_eq!(guess("1 191").lang, "und");
    }

    #[test]
    fn a_kazakh_name_in_russian_prose_stays_russian() {
        let text = "В рамках программы «Серпін» министерство просвещения направило студентов в регионы страны для работы в школах";
        assert_eq!(guess(text).lang, "ru");
    }

    #[test]
    fn latin_text_goes_to_whatlang() {
        assert_eq!(
            guess("This website uses cookies to improve your experience on the site.").lang,
            "en"
        );
    }
}
