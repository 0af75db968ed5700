//! The compiled-in lists (gazetteer, head nouns, Chinese prefixes and heads), parsed once,
//! the word triggers that find the places worth a closer look, and the Aho-Corasick
//! automaton of the Chinese names and prefixes.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::lexicon;
use super::triggers::Triggers;
use super::words::{self, FastMap, TokKind};

const GAZETTEER: &str = include_str!("../../data/agencies/gazetteer.txt");
const HEADS: &str = include_str!("../../data/agencies/heads.txt");
const ZH: &str = include_str!("../../data/agencies/zh.txt");

/// One body of the gazetteer.
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    pub kind: String,
    pub jurisdiction: String,
    /// Counts only right after an opening quotation mark.
    pub quoted: bool,
    /// Letter case must match exactly.
    pub cased: bool,
    /// A place, not a body: it wins over rule matches and is then dropped.
    pub place: bool,
    /// (language, name); the first name of a language is its canonical name.
    pub names: Vec<(String, String)>,
}

impl Entry {
    /// The canonical name in `lang`, else in Russian, else the first name.
    pub fn canonical(&self, lang: &str) -> &str {
        let pick = |l: &str| self.names.iter().find(|(nl, _)| nl == l);
        pick(lang)
            .or_else(|| pick("ru"))
            .or_else(|| self.names.first())
            .map_or("", |(_, n)| n.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Russian: the head opens the name.
    First,
    /// Kazakh: the head closes the name.
    Last,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    Weak,
    Quote,
}

#[derive(Debug)]
pub struct Head {
    pub lang: String,
    pub side: Side,
    pub strength: Strength,
    pub kind: String,
    pub nominative: String,
    pub gender: char,
}

#[derive(Debug)]
pub struct ZhPrefix {
    pub jurisdiction: String,
}

#[derive(Debug)]
pub struct ZhHead {
    pub text: String,
    pub kind: String,
}

/// What an automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
pub enum Pattern {
    /// A Chinese gazetteer name (entry).
    ZhName(usize),
    /// A Chinese jurisdiction prefix.
    ZhPrefix(usize),
}

#[derive(Debug)]
pub struct Tables {
    pub entries: Vec<Entry>,
    /// Trie over word keys of the non-Chinese names: node → key → child.
    pub trie: FastMap<u32, FastMap<String, u32>>,
    /// Terminal nodes: (entry, name index).
    pub terminal: FastMap<u32, (usize, usize)>,
    /// Names without jurisdiction words, keys joined by spaces → entry.
    pub by_key: FastMap<String, usize>,
    /// Chinese names → entry.
    pub zh_names: FastMap<String, usize>,
    /// Head nouns by word key (a key can be a Russian and a Kazakh head).
    pub heads: FastMap<String, Vec<usize>>,
    pub head_list: Vec<Head>,
    pub zh_prefixes: Vec<ZhPrefix>,
    /// Chinese heads, longest first.
    pub zh_heads: Vec<ZhHead>,
    /// Word triggers (Cyrillic and Latin): a word after a space or line break is looked
    /// at only when one starts it.
    pub triggers: Triggers,
    /// Lexicon class → whether its key opens a gazetteer name or is a head noun.
    pub class_starts: Vec<bool>,
    /// Chinese names and prefixes, overlapping (a prefix inside a name counts too); run
    /// only on sentences with Han characters.
    pub han: AhoCorasick,
    pub han_patterns: Vec<Pattern>,
}

impl Tables {
    /// Whether word `w` can open a gazetteer name or is a head noun: its key is a first
    /// key of the trie or a head's key. Cheap: a lowercase copy only when the word has
    /// capitals, one hash lookup.
    pub fn may_start(&self, w: &str) -> bool {
        if words::is_abbreviation(w) {
            return self.first_key(w.split(['-', '‑']).next().unwrap_or(w));
        }
        let lower = words::fold_cow(w);
        match lexicon::lookup_class(&lower) {
            Some(c) => self.class_starts[c as usize],
            // Cyrillic words outside the lexicon are in no name; Latin ones are matched
            // as written.
            None => !lower.chars().any(words::is_cyrillic) && self.first_key(&lower),
        }
    }

    /// Whether key `k` opens a gazetteer name or is a head noun.
    fn first_key(&self, k: &str) -> bool {
        self.trie.get(&0).is_some_and(|m| m.contains_key(k)) || self.heads.contains_key(k)
    }
}

/// The tables, built on first use.
pub fn get() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

/// Word keys of a name: quotation marks and other punctuation are not part of the key.
pub fn name_keys(name: &str) -> Vec<String> {
    words::tokenize(name)
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| words::key(&name[t.range.clone()]))
        .collect()
}

/// Keys without the words that name Kazakhstan as the jurisdiction ("РК", "ҚР",
/// "Республики Казахстан", "Қазақстан Республикасы"): a body is the same body with or
/// without them, and Kazakh texts almost always mean Kazakhstan.
pub fn without_home_jurisdiction<S: AsRef<str>>(keys: &[S]) -> Vec<&str> {
    static JUR: OnceLock<[String; 4]> = OnceLock::new();
    let [republic_ru, republic_kk, kz_ru, kz_kk] = JUR.get_or_init(|| {
        [
            words::key("Республики"),
            words::key("Республикасы"),
            words::key("Казахстан"),
            words::key("Қазақстан"),
        ]
    });
    let republic = |k: &str| k == republic_ru || k == republic_kk;
    let country = |k: &str| k == kz_ru || k == kz_kk;
    let mut out = Vec::with_capacity(keys.len());
    let mut i = 0;
    while i < keys.len() {
        let k = keys[i].as_ref();
        let next = keys.get(i + 1).map(AsRef::as_ref);
        if k == "РК" || k == "ҚР" {
            i += 1;
        } else if (republic(k) && next.is_some_and(country))
            || (country(k) && next.is_some_and(republic))
        {
            i += 2;
        } else {
            out.push(k);
            i += 1;
        }
    }
    out
}

fn build() -> Tables {
    let entries = parse_gazetteer(GAZETTEER);
    let mut trie: FastMap<u32, FastMap<String, u32>> = FastMap::default();
    let mut terminal = FastMap::default();
    let mut by_key = FastMap::default();
    let mut next_node = 1u32;
    let mut word_triggers: Vec<String> = Vec::new();
    let mut zh_names: Vec<(String, usize, usize)> = Vec::new();
    let mut zh_map = FastMap::default();
    for (ei, e) in entries.iter().enumerate() {
        for (ni, (lang, name)) in e.names.iter().enumerate() {
            if lang == "zh" {
                zh_names.push((name.clone(), ei, ni));
                zh_map.entry(name.clone()).or_insert(ei);
                continue;
            }
            let keys = name_keys(name);
            if keys.is_empty() {
                continue;
            }
            let mut node = 0u32;
            for k in &keys {
                node = *trie
                    .entry(node)
                    .or_default()
                    .entry(k.clone())
                    .or_insert_with(|| {
                        next_node += 1;
                        next_node - 1
                    });
            }
            terminal.entry(node).or_insert((ei, ni));
            by_key
                .entry(without_home_jurisdiction(&keys).join(" "))
                .or_insert(ei);
            // The first word's surface trigger.
            let toks = words::tokenize(name);
            if let Some(first) = toks.iter().find(|t| t.kind == TokKind::Word) {
                let w = &name[first.range.clone()];
                if words::is_abbreviation(w) || e.cased {
                    word_triggers.push(w.to_owned());
                } else {
                    // Official names are written with a capital; a lowercase first word
                    // ("министерства …") is found through its head noun instead. This keeps
                    // common adjectives ("национальный", "государственный") from
                    // triggering a look at every sentence.
                    let forms = words::case_forms(&word_trigger(w, lang == "kk"));
                    word_triggers.extend(forms.into_iter().skip(1));
                }
            }
        }
    }
    let (head_list, heads) = parse_heads(HEADS);
    for h in &head_list {
        if h.nominative.chars().all(|c| c.is_uppercase()) {
            word_triggers.push(h.nominative.clone());
        } else {
            word_triggers.extend(words::case_forms(&word_trigger(
                &h.nominative,
                h.lang == "kk",
            )));
        }
    }
    let (zh_prefixes, zh_prefix_texts, mut zh_heads) = parse_zh(ZH);
    zh_heads.sort_by_key(|h| std::cmp::Reverse(h.text.chars().count()));

    word_triggers.sort();
    word_triggers.dedup();
    word_triggers.retain(|t| t.chars().count() >= 2);
    let mut han_patterns = Vec::new();
    let mut han_texts: Vec<String> = Vec::new();
    for (name, ei, _) in zh_names {
        han_texts.push(name);
        han_patterns.push(Pattern::ZhName(ei));
    }
    for (i, p) in zh_prefix_texts.into_iter().enumerate() {
        han_texts.push(p);
        han_patterns.push(Pattern::ZhPrefix(i));
    }
    let han = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(&han_texts)
        .expect("the Chinese patterns are a few hundred short strings");
    let mut tables = Tables {
        entries,
        trie,
        terminal,
        by_key,
        zh_names: zh_map,
        heads,
        head_list,
        zh_prefixes,
        zh_heads,
        triggers: Triggers::new(&word_triggers),
        class_starts: Vec::new(),
        han,
        han_patterns,
    };
    tables.class_starts = (0..lexicon::classes() as u32)
        .map(|c| tables.first_key(lexicon::key_of(c)))
        .collect();
    tables
}

/// The automaton trigger of a name's first word or a head: the prefix all its forms
/// share (Cyrillic), or its first six letters.
fn word_trigger(w: &str, kazakh: bool) -> String {
    let lower = words::fold(w);
    let t: String = if lower.chars().any(words::is_cyrillic) && lower.chars().count() >= 3 {
        lexicon::trigger(&lower, kazakh)
    } else {
        lower.clone()
    };
    // At most four letters: the pair filter keys on the first four (see `triggers`); the
    // longer check is `may_start` on the hit's word.
    t.chars().take(4).collect()
}

fn parse_gazetteer(src: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('@') {
            let parts: Vec<&str> = head.split('|').map(str::trim).collect();
            out.push(Entry {
                id: parts.first().copied().unwrap_or_default().to_owned(),
                kind: parts.get(1).copied().unwrap_or("organisation").to_owned(),
                jurisdiction: parts.get(2).copied().unwrap_or_default().to_owned(),
                quoted: parts.iter().skip(3).any(|f| *f == "quoted"),
                cased: parts.iter().skip(3).any(|f| *f == "cased"),
                place: parts.iter().skip(3).any(|f| *f == "place"),
                names: Vec::new(),
            });
        } else if let (Some((lang, name)), Some(entry)) = (line.split_once(' '), out.last_mut()) {
            entry.names.push((lang.to_owned(), name.trim().to_owned()));
        }
    }
    out
}

fn parse_heads(src: &str) -> (Vec<Head>, FastMap<String, Vec<usize>>) {
    let mut list = Vec::new();
    let mut by_key: FastMap<String, Vec<usize>> = FastMap::default();
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 5 {
            continue;
        }
        let head = Head {
            lang: f[0].to_owned(),
            side: if f[1] == "first" {
                Side::First
            } else {
                Side::Last
            },
            strength: match f[2] {
                "strong" => Strength::Strong,
                "quote" => Strength::Quote,
                _ => Strength::Weak,
            },
            kind: f[3].to_owned(),
            nominative: f[4].to_owned(),
            gender: f.get(5).and_then(|g| g.chars().next()).unwrap_or('m'),
        };
        by_key
            .entry(words::key(&head.nominative))
            .or_default()
            .push(list.len());
        list.push(head);
    }
    (list, by_key)
}

fn parse_zh(src: &str) -> (Vec<ZhPrefix>, Vec<String>, Vec<ZhHead>) {
    let mut prefixes = Vec::new();
    let mut texts = Vec::new();
    let mut heads = Vec::new();
    for line in src.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["prefix", text, jurisdiction, ..] => {
                prefixes.push(ZhPrefix {
                    jurisdiction: (*jurisdiction).to_owned(),
                });
                texts.push((*text).to_owned());
            }
            ["head", text, kind, ..] => heads.push(ZhHead {
                text: (*text).to_owned(),
                kind: (*kind).to_owned(),
            }),
            _ => {}
        }
    }
    (prefixes, texts, heads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_parse() {
        let t = get();
        assert!(t.entries.len() > 150);
        assert!(
            t.entries
                .iter()
                .all(|e| !e.id.is_empty() && !e.names.is_empty())
        );
        let mut ids: Vec<&str> = t.entries.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "gazetteer ids are unique");
        assert!(t.heads.contains_key(&words::key("министрлігі")));
        assert!(t.zh_heads.len() > 20 && t.zh_prefixes.len() > 50);
    }

    #[test]
    fn jurisdiction_words_are_ignored_in_keys() {
        let bare = |name: &str| -> Vec<String> {
            without_home_jurisdiction(&name_keys(name))
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        let a = bare("Министерства юстиции РК");
        let b = bare("Министерство юстиции Республики Казахстан");
        let c = bare("Министерством юстиции");
        assert_eq!(a, b);
        assert_eq!(a, c);
        let k = bare("Қазақстан Республикасының Әділет министрлігі");
        assert_eq!(k, bare("ҚР Әділет министрлігінің"));
    }
}
