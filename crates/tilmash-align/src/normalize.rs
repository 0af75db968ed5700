//! Normalization for matching (never for output): letter folding across Cyrillic Kazakh
//! and Russian and Latin diacritics, numbers in digits, full-width digits and Chinese
//! numerals, month names in kk/ru/zh/en/de/fr, small number words, and a phonetic
//! skeleton that lets a Russian or Kazakh name meet its Chinese transliteration.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Full-width ASCII forms (U+FF01–FF5E) to ASCII, ideographic space to space.
pub fn halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect()
}

/// Lower-case and fold one letter: Kazakh-specific Cyrillic to its Russian neighbour
/// (ә→а, қ→к, ғ→г, ң→н, ө→о, ұ/ү→у, һ→х, і→и), ё→е, й→и, and common Latin diacritics.
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'ә' => 'а',
        'қ' => 'к',
        'ғ' => 'г',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' | 'ү' => 'у',
        'һ' => 'х',
        'і' => 'и',
        'ё' => 'е',
        'й' => 'и',
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => 's',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        other => other,
    }
}

/// A folded, lower-cased word.
pub fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| *c != '\u{301}')
        .map(fold_char)
        .collect()
}

/// The value of a number written in digits with separators: "703 070" → 703070,
/// "14,4" → 14.4, "1,000" → 1000, "03" → 3. Returned as a canonical string.
pub fn digits_value(s: &str) -> Option<String> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A separator followed by exactly three digits (and the end or another separator)
    // groups thousands; otherwise it is a decimal point.
    let parts: Vec<&str> = s.split([',', '.']).collect();
    let value = if parts.len() == 1 {
        parts[0].to_owned()
    } else if parts[1..].iter().all(|p| p.len() == 3) {
        parts.concat()
    } else if parts.len() == 2 {
        format!("{}.{}", parts[0], parts[1].trim_end_matches('0'))
    } else {
        return None;
    };
    if !value.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = value.trim_end_matches('.');
    let trimmed = value.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('.') {
        Some(format!("0{trimmed}"))
    } else {
        Some(trimmed.to_owned())
    }
}

/// The parts of a date written "29.03.2025" (day, month, year), if it is one.
pub fn dotted_date(s: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let d = parts[0].parse().ok()?;
    let m = parts[1].parse().ok()?;
    let y = parts[2].parse().ok()?;
    ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((d, m, y))
}

/// Chinese numerals are parsed by the extractors; alignment compares the same values.
pub use tilmash_extract::numbers::{
    chinese_integer as cn_number, is_chinese_numeral as is_cn_numeral,
};

/// Month number of a month word (folded), if the word names a month unambiguously or
/// `near_number` says a number stands next to it ("11 қаңтарда", "May 5").
pub fn month(folded: &str, near_number: bool) -> Option<u32> {
    for &(stem, month, min_extra, ambiguous) in MONTH_STEMS {
        if let Some(rest) = folded.strip_prefix(stem)
            && rest.chars().count() <= min_extra
            && (!ambiguous || near_number)
        {
            return Some(month);
        }
    }
    None
}

/// (folded stem, month, how many letters may follow the stem, needs a number nearby).
const MONTH_STEMS: &[(&str, u32, usize, bool)] = &[
    // Russian
    ("январ", 1, 3, false),
    ("феврал", 2, 3, false),
    ("март", 3, 2, true),
    ("апрел", 4, 3, false),
    ("маи", 5, 0, true),
    ("мая", 5, 0, true),
    ("мае", 5, 0, true),
    ("июн", 6, 1, false),
    ("июл", 7, 1, false),
    ("август", 8, 3, true),
    ("сентябр", 9, 3, false),
    ("октябр", 10, 3, false),
    ("ноябр", 11, 3, false),
    ("декабр", 12, 3, false),
    // Kazakh (folded: қаңтар → кантар …), with case endings
    ("кантар", 1, 6, false),
    ("акпан", 2, 6, false),
    ("наурыз", 3, 6, true),
    ("сауир", 4, 6, false),
    ("мамыр", 5, 6, false),
    ("маусым", 6, 6, true),
    ("шилде", 7, 6, false),
    ("тамыз", 8, 6, false),
    ("кыркуиек", 9, 6, false),
    ("казан", 10, 6, true),
    ("караша", 11, 6, false),
    ("желтоксан", 12, 6, false),
    // English, German, French (folded: février → fevrier, März → marz, août → aout)
    ("january", 1, 0, false),
    ("february", 2, 0, false),
    ("march", 3, 0, true),
    ("april", 4, 0, false),
    ("may", 5, 0, true),
    ("june", 6, 0, false),
    ("july", 7, 0, false),
    ("august", 8, 0, true),
    ("september", 9, 0, false),
    ("october", 10, 0, false),
    ("november", 11, 0, false),
    ("december", 12, 0, false),
    ("januar", 1, 0, false),
    ("februar", 2, 0, false),
    ("marz", 3, 0, false),
    ("mai", 5, 0, true),
    ("juni", 6, 0, false),
    ("juli", 7, 0, false),
    ("oktober", 10, 0, false),
    ("dezember", 12, 0, false),
    ("janvier", 1, 0, false),
    ("fevrier", 2, 0, false),
    ("mars", 3, 0, true),
    ("avril", 4, 0, false),
    ("juin", 6, 0, false),
    ("juillet", 7, 0, false),
    ("aout", 8, 0, false),
    ("septembre", 9, 0, false),
    ("octobre", 10, 0, false),
    ("novembre", 11, 0, false),
    ("decembre", 12, 0, false),
];

/// Small number words (folded) in kk, ru, en, de, fr. One is left out everywhere: it
/// doubles as an article or pronoun.
pub fn number_word(folded: &str) -> Option<u32> {
    static WORDS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
        let table: &[(u32, &str)] = &[
            (2, "еки два две двух двум двумя two zwei deux"),
            (3, "уш три трех трем тремя three drei trois"),
            (4, "торт четыре четырех four vier quatre"),
            (5, "бес пять пяти five funf cinq"),
            (6, "алты шесть шести six sechs"),
            (7, "жети семь семи seven sieben sept"),
            (8, "сегиз восемь восьми eight acht huit"),
            (9, "тогыз девять девяти nine neun neuf"),
            (10, "десять десяти ten zehn dix"),
            (12, "двенадцать twelve zwolf douze"),
            (20, "жиырма двадцать twenty zwanzig vingt"),
            (100, "жуз сто hundred hundert cent"),
            (1000, "мын тысяча тысячи тысяч thousand tausend mille"),
        ];
        table
            .iter()
            .flat_map(|&(n, words)| words.split(' ').map(move |w| (w, n)))
            .collect()
    });
    WORDS.get(folded).copied()
}

/// Words for "percent" (folded prefixes).
pub fn is_percent_word(folded: &str) -> bool {
    ["процент", "паиыз", "percent", "prozent", "pourcent"]
        .iter()
        .any(|p| folded.starts_with(p))
}

// ---- phonetic skeletons ---------------------------------------------------------------

/// Consonant classes shared by the skeletons of all scripts: voicing is ignored, r = l
/// (Chinese renders r with l), sibilants and affricates are one class, vowels and glides
/// are dropped, and a nasal before a consonant or at the end is dropped (Chinese folds it
/// into the syllable's coda).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sound {
    C(u8),
    Nasal(u8),
    Vowel,
}

fn push_skeleton(sounds: &[Sound]) -> String {
    let mut out = String::new();
    let mut last = None;
    for (k, s) in sounds.iter().enumerate() {
        let class = match *s {
            Sound::C(c) => Some(c),
            Sound::Nasal(c) => {
                let next = sounds[k + 1..]
                    .iter()
                    .find(|s| !matches!(s, Sound::Nasal(_)));
                match (sounds.get(k + 1), next) {
                    (None, _) => None,
                    (Some(Sound::C(_)), _) => None,
                    _ => Some(c),
                }
            }
            Sound::Vowel => {
                last = None;
                continue;
            }
        };
        if let Some(c) = class
            && last != Some(c)
        {
            out.push(c as char);
            last = Some(c);
        }
    }
    out
}

/// Skeleton of a Cyrillic (Kazakh or Russian) word, e.g. "Муссолини" → "MSLN".
pub fn cyrillic_skeleton(word: &str) -> String {
    let sounds: Vec<Sound> = word
        .chars()
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'б' | 'п' => Sound::C(b'B'),
            'в' | 'ф' => Sound::C(b'F'),
            'г' | 'к' | 'х' | 'қ' | 'ғ' | 'һ' => Sound::C(b'K'),
            'д' | 'т' => Sound::C(b'D'),
            'ж' | 'з' | 'с' | 'ц' | 'ч' | 'ш' | 'щ' => Sound::C(b'S'),
            'л' | 'р' => Sound::C(b'L'),
            'м' => Sound::Nasal(b'M'),
            'н' | 'ң' => Sound::Nasal(b'N'),
            _ => Sound::Vowel,
        })
        .collect();
    push_skeleton(&sounds)
}

/// Skeleton of a Latin-script word, e.g. "Mussolini" → "MSLN".
pub fn latin_skeleton(word: &str) -> String {
    let w: Vec<char> = fold(word).chars().collect();
    let mut sounds = Vec::with_capacity(w.len());
    let mut k = 0;
    while k < w.len() {
        let next = w.get(k + 1).copied();
        let (sound, used) = match (w[k], next) {
            ('c' | 's', Some('h')) => (Sound::C(b'S'), 2),
            ('t', Some('h')) => (Sound::C(b'D'), 2),
            ('p', Some('h')) => (Sound::C(b'F'), 2),
            ('c', Some('e' | 'i' | 'y')) => (Sound::C(b'S'), 1),
            ('b' | 'p', _) => (Sound::C(b'B'), 1),
            ('f' | 'v' | 'w', _) => (Sound::C(b'F'), 1),
            ('c' | 'g' | 'k' | 'q', _) => (Sound::C(b'K'), 1),
            ('d' | 't', _) => (Sound::C(b'D'), 1),
            ('j' | 'z' | 's', _) => (Sound::C(b'S'), 1),
            ('x', _) => {
                sounds.push(Sound::C(b'K'));
                (Sound::C(b'S'), 1)
            }
            ('l' | 'r', _) => (Sound::C(b'L'), 1),
            ('m', _) => (Sound::Nasal(b'M'), 1),
            ('n', _) => (Sound::Nasal(b'N'), 1),
            ('h', _) => (Sound::Vowel, 1),
            _ => (Sound::Vowel, 1),
        };
        sounds.push(sound);
        k += used;
    }
    push_skeleton(&sounds)
}

/// Is `c` one of the characters used to transliterate foreign names?
pub fn is_translit(c: char) -> bool {
    TRANSLIT.contains_key(&c)
}

/// Skeleton of a Chinese word made only of characters used in transliterating foreign
/// names (托布鲁克 → "DBLK"), else `None`.
pub fn han_skeleton(word: &str) -> Option<String> {
    let mut sounds = Vec::new();
    let mut count = 0;
    for c in word.chars() {
        let syl = TRANSLIT.get(&c)?;
        count += 1;
        pinyin_sounds(syl, &mut sounds);
    }
    (count >= 2).then(|| push_skeleton(&sounds))
}

fn pinyin_sounds(syl: &str, out: &mut Vec<Sound>) {
    if syl == "er" {
        out.push(Sound::C(b'L'));
        return;
    }
    let initials: &[(&str, Sound)] = &[
        ("zh", Sound::C(b'S')),
        ("ch", Sound::C(b'S')),
        ("sh", Sound::C(b'S')),
        ("b", Sound::C(b'B')),
        ("p", Sound::C(b'B')),
        ("f", Sound::C(b'F')),
        ("w", Sound::C(b'F')),
        ("d", Sound::C(b'D')),
        ("t", Sound::C(b'D')),
        ("g", Sound::C(b'K')),
        ("k", Sound::C(b'K')),
        ("h", Sound::C(b'K')),
        ("j", Sound::C(b'S')),
        ("q", Sound::C(b'S')),
        ("x", Sound::C(b'S')),
        ("z", Sound::C(b'S')),
        ("c", Sound::C(b'S')),
        ("s", Sound::C(b'S')),
        ("r", Sound::C(b'S')),
        ("l", Sound::C(b'L')),
        ("m", Sound::C(b'M')),
        ("n", Sound::C(b'N')),
    ];
    for (ini, sound) in initials {
        if syl.starts_with(ini) {
            out.push(*sound);
            out.push(Sound::Vowel);
            return;
        }
    }
    out.push(Sound::Vowel);
}

/// Characters of the standard tables for transliterating foreign names into Chinese,
/// with their pinyin (toneless).
static TRANSLIT: LazyLock<HashMap<char, &'static str>> = LazyLock::new(|| {
    const TABLE: &str = "阿a 埃ai 艾ai 安an 昂ang 奥ao 巴ba 拜bai 班ban 邦bang 鲍bao 贝bei 本ben 比bi 彼bi 宾bin \
波bo 伯bo 博bo 布bu 查cha 柴chai 昌chang 茨ci 达da 代dai 戴dai 丹dan 当dang 道dao 德de 登deng 迪di 蒂di \
丁ding 东dong 杜du 敦dun 顿dun 多duo 厄e 恩en 尔er 法fa 凡fan 方fang 菲fei 费fei 芬fen 丰feng 冯feng \
夫fu 福fu 弗fu 伏fu 盖gai 甘gan 冈gang 高gao 戈ge 格ge 哥ge 根gen 贡gong 古gu 瓜gua 圭gui 果guo 哈ha \
海hai 汉han 赫he 亨heng 洪hong 胡hu 华hua 怀huai 惠hui 霍huo 基ji 吉ji 季ji 加jia 贾jia 杰jie 捷jie \
金jin 京jing 久jiu 居ju 卡ka 喀ka 凯kai 坎kan 康kang 考kao 柯ke 科ke 克ke 肯ken 孔kong 库ku 奎kui \
拉la 莱lai 赖lai 兰lan 朗lang 劳lao 勒le 雷lei 蕾lei 利li 里li 莉li 丽li 列lie 林lin 琳lin 留liu \
柳liu 隆long 卢lu 鲁lu 露lu 伦lun 罗luo 洛luo 马ma 玛ma 迈mai 麦mai 曼man 芒mang 毛mao 梅mei 门men \
蒙meng 米mi 明ming 缪miu 莫mo 墨mo 默mo 摩mo 姆mu 穆mu 纳na 娜na 乃nai 奈nai 南nan 瑙nao 内nei \
嫩nen 尼ni 妮ni 涅nie 宁ning 纽niu 农nong 努nu 诺nuo 欧ou 帕pa 派pai 潘pan 庞pang 佩pei 彭peng \
蓬peng 皮pi 平ping 珀po 普pu 齐qi 奇qi 契qi 恰qia 乔qiao 切qie 钦qin 琴qin 琼qiong 丘qiu 秋qiu \
让rang 饶rao 热re 日ri 荣rong 容rong 茹ru 若ruo 瑞rui 萨sa 塞sai 赛sai 桑sang 森sen 沙sha 莎sha \
山shan 尚shang 绍shao 舍she 申shen 什shi 施shi 史shi 舒shu 斯si 松song 苏su 索suo 塔ta 泰tai 坦tan \
汤tang 唐tang 陶tao 特te 滕teng 提ti 蒂di 廷ting 通tong 图tu 托tuo 瓦wa 娃wa 万wan 旺wang 威wei \
韦wei 维wei 卫wei 温wen 文wen 翁weng 沃wo 乌wu 武wu 西xi 希xi 锡xi 夏xia 谢xie 辛xin 休xiu 修xiu \
雅ya 亚ya 娅ya 扬yang 耶ye 叶ye 伊yi 因yin 英ying 尤you 于yu 约yue 泽ze 扎zha 詹zhan 朱zhu 卓zhuo \
兹zi 宗zong 佐zuo 祖zu 舍she 谢xie 乔qiao 恩en 彻che 楚chu 黛dai 戴dai 奎kui 魁kui 桂gui 崔cui";
    TABLE
        .split_whitespace()
        .filter_map(|entry| {
            let mut chars = entry.chars();
            let c = chars.next()?;
            Some((c, chars.as_str()))
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_kazakh_letters_to_russian() {
        assert_eq!(fold("Қазақстанның"), "казакстаннын");
        assert_eq!(fold("ӘҒҚҢӨҰҮҺІ"), "агкноуухи");
        assert_eq!(fold("Février"), "fevrier");
    }

    #[test]
    fn numbers_in_digits() {
        assert_eq!(digits_value("703 070").as_deref(), Some("703070"));
        assert_eq!(digits_value("14,4").as_deref(), Some("14.4"));
        assert_eq!(digits_value("1,000").as_deref(), Some("1000"));
        assert_eq!(digits_value("03").as_deref(), Some("3"));
        assert_eq!(digits_value("0.5").as_deref(), Some("0.5"));
        assert_eq!(dotted_date("29.03.2025"), Some((29, 3, 2025)));
        assert_eq!(halfwidth("２０２０（？）"), "2020(?)");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十"), Some(20));
        assert_eq!(cn_number("三百五十"), Some(350));
        assert_eq!(cn_number("一九四〇"), Some(1940));
        assert_eq!(cn_number("两万"), Some(20000));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("二〇二〇"), Some(2020));
    }

    #[test]
    fn months_across_languages() {
        assert_eq!(month(&fold("қаңтарда"), false), Some(1));
        assert_eq!(month(&fold("января"), false), Some(1));
        assert_eq!(month(&fold("маусымында"), true), Some(6));
        assert_eq!(month(&fold("маусым"), false), None);
        assert_eq!(month(&fold("мая"), true), Some(5));
        assert_eq!(month(&fold("маршал"), true), None);
        assert_eq!(month(&fold("Février"), false), Some(2));
    }

    #[test]
    fn names_meet_their_transliterations() {
        assert_eq!(cyrillic_skeleton("Муссолини"), "MSLN");
        assert_eq!(han_skeleton("墨索里尼").as_deref(), Some("MSLN"));
        assert_eq!(cyrillic_skeleton("Тобрук"), "DBLK");
        assert_eq!(han_skeleton("托布鲁克").as_deref(), Some("DBLK"));
        assert_eq!(cyrillic_skeleton("Ластуччи"), "LSDS");
        assert_eq!(han_skeleton("拉斯图奇").as_deref(), Some("LSDS"));
        assert_eq!(latin_skeleton("Mussolini"), "MSLN");
        assert_eq!(han_skeleton("政府"), None);
    }
}
