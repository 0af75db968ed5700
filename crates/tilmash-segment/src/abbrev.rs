//! The abbreviation list (`data/abbreviations.txt`), compiled in.

use std::collections::HashMap;
use std::sync::LazyLock;

/// How an abbreviation behaves before a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Never ends a sentence: "г. Волгоград", "проф. Семенов".
    NeverFinal,
    /// Often ends a sentence: "… и т.д. Новый абзац".
    MayEnd,
}

/// Which section of the list to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AbbrevLang {
    Russian,
    Kazakh,
    /// Any language: all sections (Latin-script abbreviations are always included).
    #[default]
    Any,
}

impl AbbrevLang {
    /// From an ISO 639-1 code; unknown codes use every section.
    pub fn from_code(code: &str) -> Self {
        match code {
            "ru" => AbbrevLang::Russian,
            "kk" => AbbrevLang::Kazakh,
            _ => AbbrevLang::Any,
        }
    }
}

struct Lists {
    ru: HashMap<String, AbbrevKind>,
    kk: HashMap<String, AbbrevKind>,
    latn: HashMap<String, AbbrevKind>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| parse(include_str!("../data/abbreviations.txt")));

fn parse(data: &str) -> Lists {
    let mut lists = Lists {
        ru: HashMap::new(),
        kk: HashMap::new(),
        latn: HashMap::new(),
    };
    let mut section = &mut lists.ru;
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line {
            "[ru]" => {
                section = &mut lists.ru;
                continue;
            }
            "[kk]" => {
                section = &mut lists.kk;
                continue;
            }
            "[latn]" => {
                section = &mut lists.latn;
                continue;
            }
            _ => {}
        }
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let kind = match fields.next() {
            Some("final") => AbbrevKind::MayEnd,
            _ => AbbrevKind::NeverFinal,
        };
        section.insert(word.to_lowercase(), kind);
    }
    lists
}

/// Look up the token before a full stop ("т.е", "гг", "(см", "Проф"), ignoring leading
/// punctuation and case.
pub fn lookup(word: &str, lang: AbbrevLang) -> Option<AbbrevKind> {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() || word.len() > 32 {
        return None;
    }
    let lower = word.to_lowercase();
    let lists = &*LISTS;
    let find = |map: &HashMap<String, AbbrevKind>| map.get(lower.as_str()).copied();
    match lang {
        AbbrevLang::Russian => find(&lists.ru),
        AbbrevLang::Kazakh => find(&lists.kk),
        AbbrevLang::Any => find(&lists.ru).or_else(|| find(&lists.kk)),
    }
    .or_else(|| find(&lists.latn))
}

/// "г", "гг", "ж", "жж": year abbreviations, which can end a sentence after a year.
pub fn is_year_word(word: &str) -> bool {
    matches!(word, "г" | "гг" | "ж" | "жж" | "год" | "жыл")
}

static FIRST_NAMES: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/first_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A common Russian or Kazakh first name ("Виктор", "Айгүл"): after an abbreviation it
/// continues the sentence rather than starting one.
pub fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_parses_with_kinds() {
        let any = AbbrevLang::Any;
        assert_eq!(lookup("гг", any), Some(AbbrevKind::NeverFinal));
        assert_eq!(lookup("т.д", any), Some(AbbrevKind::MayEnd));
        assert_eq!(lookup("Проф", any), Some(AbbrevKind::NeverFinal));
        assert_eq!(lookup("(см", any), Some(AbbrevKind::NeverFinal));
        assert_eq!(lookup("т.б", AbbrevLang::Kazakh), Some(AbbrevKind::MayEnd));
        assert_eq!(lookup("т.б", AbbrevLang::Russian), None);
        assert_eq!(lookup("etc", AbbrevLang::Russian), Some(AbbrevKind::MayEnd));
        assert_eq!(lookup("дом", any), None);
    }
}
