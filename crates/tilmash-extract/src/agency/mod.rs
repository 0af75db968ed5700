//! Agencies: government bodies and organisations, with a cross-language identity.
//!
//! One scan of a sentence finds every place worth a closer look: the start of a word
//! that may open a gazetteer name or be a head noun ("министерство", "министрлік",
//! "университет"; see [`triggers`]), and one Aho-Corasick pass a Chinese gazetteer name
//! or jurisdiction prefix ("浙江省", "中共"). Only sentences with a hit are tokenized, and
//! only the words around a hit are looked at:
//! - gazetteer names are walked word by word on *keys* (endings stripped, see
//!   [`words::key`]), so "Министерстве образования и науки" and "Білім және ғылым
//!   министрлігінің" match their nominative entries;
//! - head nouns recognise unlisted names: a Russian head opens the name and takes the
//!   genitive and prepositional modifiers after it ("Агентством по противодействию
//!   коррупции", "акимат города Шымкент", "… РК"); a Kazakh head closes it and takes the
//!   modifiers before it ("Жамбыл облыстық ұйымы", "«Ауыл» партиясы"); a Chinese head
//!   closes a stretch that starts at a jurisdiction ("浙江省" … "厅");
//! - overlapping candidates: the leftmost, then the longest wins.
//!
//! Every agency gets an `id`. A name found in the gazetteer (directly, or as the span a
//! head rule found, compared without "РК"/"ҚР"/"Республики Казахстан") takes the entry's
//! id, the same for its Kazakh, Russian, Chinese and English names. An unlisted name gets
//! `x.` + 16 hex digits of the FNV-1a hash of its word keys (jurisdiction words dropped):
//! deterministic, and the same for the inflected forms of one name in one language.

mod lexicon;
mod tables;
mod triggers;
pub mod words;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::OnceLock;

use tables::{Pattern, Side, Strength, Tables};
use words::{Tok, TokKind};

/// An agency found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    /// Byte range in the sentence.
    pub range: Range<usize>,
    /// The name in the nominative: the gazetteer's canonical name in the text's language,
    /// else the name as written with its head put into the nominative.
    pub canonical: String,
    /// Stable identity: a gazetteer id ("kz.ministry.justice"), else `x.` + hash.
    pub id: String,
    /// ministry, agency, akimat, court, party, university, international, …
    pub kind: String,
    /// Jurisdiction where known: "KZ", "CN-ZJ", "INT", ….
    pub jurisdiction: Option<String>,
}

/// Agencies in one sentence. `lang` is the sentence's language (ISO 639-1); it picks
/// the Kazakh (head-last) or Russian (head-first) rules.
pub fn find(s: &str, lang: &str) -> Vec<Agency> {
    let t = tables::get();
    let mut word_starts = Vec::new();
    let mut cands: Vec<Cand> = Vec::new();
    // The sentence is tokenized only when a word may really open a name or be a head: a
    // short trigger ("ода", "суд") also starts many other words.
    let consider = |at: usize| {
        let w = words::word_at(s, at);
        !w.is_empty() && t.may_start(w)
    };
    // Words after a space or line break count when a trigger starts them; the first
    // word and words right after an opening quotation mark or bracket always.
    if consider(0) {
        word_starts.push(0);
    }
    t.triggers.each_start(s, |at, _| {
        if consider(at) {
            word_starts.push(at);
        }
    });
    // Han characters are three-byte sequences led by 0xE3..=0xE9 (CJK punctuation and
    // the ideographs); most Kazakh and Russian sentences have none.
    // Kazakh and Russian sentences are not searched for Chinese names.
    let han = !matches!(lang, "kk" | "ru") && s.bytes().any(|b| (0xE3..=0xE9).contains(&b));
    for m in t.han.find_overlapping_iter(if han { s } else { "" }) {
        match t.han_patterns[m.pattern().as_usize()] {
            Pattern::ZhName(e) => {
                if zh_head_ok(s, m.start(), m.end()) {
                    cands.push(Cand {
                        range: m.start()..m.end(),
                        how: How::Listed(e, "zh"),
                    });
                }
            }
            Pattern::ZhPrefix(p) => {
                if let Some(c) = zh_from_prefix(t, s, m.start(), m.end(), p) {
                    cands.push(c);
                }
            }
        }
    }
    if !word_starts.is_empty() {
        word_starts.sort_unstable();
        word_starts.dedup();
        let toks = words::tokenize(s);
        let kazakh = lang == "kk" || (lang != "ru" && words::has_kazakh_letter(s));
        let ctx = Ctx {
            s,
            toks: &toks,
            lower: vec![OnceCell::new(); toks.len()],
            keys: vec![OnceCell::new(); toks.len()],
            kazakh,
            lang,
        };
        for at in word_starts {
            let Ok(i) = toks.binary_search_by_key(&at, |t| t.range.start) else {
                continue;
            };
            if toks[i].kind != TokKind::Word {
                continue;
            }
            if let Some(c) = ctx.gazetteer_at(t, i) {
                cands.push(c);
            }
            if let Some(c) = ctx.head_at(t, i) {
                cands.push(c);
            }
        }
        return select(cands)
            .into_iter()
            .filter(|c| !is_place(t, c))
            .map(|c| ctx.agency(t, c))
            .collect();
    }
    let ctx = Ctx {
        s,
        toks: &[],
        lower: Vec::new(),
        keys: Vec::new(),
        kazakh: false,
        lang,
    };
    select(cands)
        .into_iter()
        .map(|c| ctx.agency(t, c))
        .collect()
}

#[derive(Debug, Clone)]
struct Cand {
    range: Range<usize>,
    how: How,
}

#[derive(Debug, Clone)]
enum How {
    /// A gazetteer name: entry, language of the name.
    Listed(usize, &'static str),
    /// A head rule: head, first and last token, head token.
    Head {
        head: usize,
        first: usize,
        last: usize,
        at: usize,
    },
    /// A Chinese prefix … head stretch: head, prefix.
    Zh(usize, usize),
}

fn is_place(t: &Tables, c: &Cand) -> bool {
    matches!(c.how, How::Listed(e, _) if t.entries[e].place)
}

/// Leftmost, then longest; a gazetteer match wins a tie.
fn select(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
            .then(matches!(b.how, How::Listed(..)).cmp(&matches!(a.how, How::Listed(..))))
    });
    let mut out: Vec<Cand> = Vec::new();
    for c in cands {
        if out.last().is_none_or(|p| c.range.start >= p.range.end) {
            out.push(c);
        }
    }
    out
}

struct Ctx<'a> {
    s: &'a str,
    toks: &'a [Tok],
    /// Tokens lowercased, on first use: the rules compare lowercased words many times
    /// over, and a word already in lowercase is borrowed.
    lower: Vec<OnceCell<Cow<'a, str>>>,
    /// Word keys, computed on first use (a lexicon key is borrowed, not copied).
    keys: Vec<OnceCell<Cow<'static, str>>>,
    kazakh: bool,
    lang: &'a str,
}

/// Russian words that end a name: prepositions (other than по, при), conjunctions,
/// pronouns, auxiliaries, time words.
const RU_STOP: &[&str] = &[
    "в",
    "во",
    "на",
    "с",
    "со",
    "о",
    "об",
    "обо",
    "для",
    "к",
    "ко",
    "от",
    "за",
    "из",
    "у",
    "до",
    "после",
    "под",
    "над",
    "перед",
    "между",
    "через",
    "про",
    "без",
    "что",
    "чтобы",
    "как",
    "а",
    "но",
    "или",
    "либо",
    "же",
    "ли",
    "не",
    "ни",
    "также",
    "тоже",
    "уже",
    "еще",
    "ещё",
    "это",
    "этот",
    "эта",
    "эти",
    "этого",
    "этой",
    "который",
    "которая",
    "которое",
    "которые",
    "которых",
    "его",
    "ее",
    "её",
    "их",
    "свой",
    "своей",
    "все",
    "всех",
    "года",
    "году",
    "лет",
    "гг",
    "был",
    "была",
    "было",
    "были",
    "будет",
    "будут",
    "является",
    "являются",
    "может",
    "могут",
    "так",
    "там",
    "тут",
    "здесь",
    "где",
    "когда",
    "если",
    "то",
    "есть",
    "сегодня",
    "вчера",
    "совместно",
    "вместе",
    "ранее",
    "среди",
    "более",
    "менее",
    "около",
    "рамках",
    "течение",
    "числе",
    "том",
    "целях",
    "связи",
];

/// Kazakh words that end a name going leftwards: conjunctions, postpositions, pronouns,
/// sentence adverbs.
const KK_STOP: &[&str] = &[
    "мен",
    "бен",
    "пен",
    "және",
    "немесе",
    "не",
    "да",
    "де",
    "та",
    "те",
    "ғана",
    "үшін",
    "туралы",
    "бойынша",
    "арқылы",
    "сайын",
    "кейін",
    "бері",
    "дейін",
    "бұл",
    "осы",
    "сол",
    "ол",
    "оның",
    "олар",
    "біз",
    "сіз",
    "бірге",
    "қатар",
    "тарапынан",
    "арасындағы",
    "сондай-ақ",
    "сонымен",
    "сондықтан",
    "алайда",
    "бірақ",
    "ал",
    "енді",
    "бүгін",
    "кеше",
    "биыл",
    "қазір",
    "осылайша",
    "яғни",
    "және",
    "әрі",
    "соның",
    "ішінде",
    "жыл",
    "жылы",
    "жылғы",
    "күні",
    "кезде",
    "кезінде",
    "барлық",
    "әр",
    "әрбір",
    "көптеген",
    "түрлі",
];

/// Whether `w` (lowercase) is in [`KK_STOP`]: asked of every word left of a Kazakh
/// head, so the list is hashed once rather than compared entry by entry.
fn kk_stop(w: &str) -> bool {
    static SET: OnceLock<words::FastMap<&'static str, ()>> = OnceLock::new();
    SET.get_or_init(|| KK_STOP.iter().map(|&w| (w, ())).collect())
        .contains_key(w)
}

/// The and-word inside a Kazakh name ("Білім және ғылым министрлігі") is kept when
/// going leftwards; it is a stop only at the start of the window.
const KK_AND: &str = "және";

/// Words that begin a person's title: a name after them is a person's, not a body's.
const KK_PERSON_TITLES: &[&str] = &[
    "премьер",
    "вице",
    "министрі",
    "басшы",
    "төраға",
    "директор",
    "депутат",
    "әкімі",
    "спикер",
    "хатшы",
    "өкілі",
    "тілші",
    "маман",
    "сарапшы",
];

/// Bare forms of Kazakh heads that are other words.
const BARE_NOT_HEAD: &[&str] = &["орталық"];

/// Lowercase Kazakh modifiers that make a name without a capital letter
/// ("жергілікті кәсіподақ ұйымы", "облыстық ұйымы").
const KK_STRONG: &[&str] = &[
    "облыстық",
    "қалалық",
    "аудандық",
    "жергілікті",
    "бастауыш",
    "ұлттық",
    "мемлекеттік",
    "халықаралық",
    "республикалық",
    "өңірлік",
    "облысының",
    "қаласының",
    "ауданының",
];

/// Abbreviations of a jurisdiction that close a Russian name.
const JUR_ABBR: &[&str] = &[
    "РК", "РФ", "КНР", "ҚР", "ҚХР", "США", "АҚШ", "ЕС", "ООН", "СНГ",
];

impl Ctx<'_> {
    /// The language canonical names are given in.
    fn canonical_lang(&self) -> &'static str {
        match self.lang {
            _ if self.kazakh => "kk",
            "en" => "en",
            _ => "ru",
        }
    }

    fn word(&self, i: usize) -> &str {
        &self.s[self.toks[i].range.clone()]
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word)
    }

    /// Token `i` lowercased.
    fn lower(&self, i: usize) -> &str {
        self.lower[i].get_or_init(|| words::fold_cow(&self.s[self.toks[i].range.clone()]))
    }

    fn key(&self, i: usize) -> &str {
        self.keys[i].get_or_init(|| words::key_folded(self.word(i), self.lower(i)))
    }

    /// A gazetteer name starting at word `i`: the longest one, walked on word keys,
    /// quotation marks transparent.
    fn gazetteer_at(&self, t: &Tables, i: usize) -> Option<Cand> {
        let mut node = 0u32;
        let mut best = None;
        let mut j = i;
        while j < self.toks.len() {
            match self.toks[j].kind {
                TokKind::Open | TokKind::Close if j > i => {
                    j += 1;
                    continue;
                }
                TokKind::Word => {}
                _ => break,
            }
            let Some(&child) = t.trie.get(&node).and_then(|m| m.get(self.key(j))) else {
                break;
            };
            node = child;
            if let Some(&(e, n)) = t.terminal.get(&node) {
                best = Some((j, e, n));
            }
            j += 1;
        }
        let (last, e, n) = best?;
        let entry = &t.entries[e];
        let (lang, name) = &entry.names[n];
        let first = self.word(i);
        let name_first = name.split_whitespace().next().unwrap_or(name);
        if entry.cased && !name_first.trim_matches(['«', '»']).starts_with(first) {
            return None;
        }
        let single = last == i;
        if single && !words::is_abbreviation(first) && !words::is_capitalized(first) {
            return None;
        }
        if entry.quoted && !(i > 0 && self.toks[i - 1].kind == TokKind::Open) {
            return None;
        }
        // The canonical name is given in the text's language, whichever language the
        // matched name is listed under ("ЮНИСЕФ" is both kk and ru).
        let _ = lang;
        let lang = self.canonical_lang();
        Some(Cand {
            range: self.toks[i].range.start..self.toks[last].range.end,
            how: How::Listed(e, lang),
        })
    }

    /// A name built around the head noun at word `i`.
    fn head_at(&self, t: &Tables, i: usize) -> Option<Cand> {
        let heads = t.heads.get(self.key(i))?;
        let want = if self.kazakh { "kk" } else { "ru" };
        let h = *heads
            .iter()
            .find(|&&h| t.head_list[h].lang == want)
            .or_else(|| heads.first())?;
        let head = &t.head_list[h];
        // Legal-form abbreviations must be written as such ("АО", not "ао").
        if head.nominative.chars().all(char::is_uppercase) && !words::is_abbreviation(self.word(i))
        {
            return None;
        }
        let (first, last, quoted, capital) = match head.side {
            Side::First => self.expand_right(t, i)?,
            Side::Last => self.expand_left(t, i)?,
        };
        if first == last {
            return None;
        }
        match head.strength {
            Strength::Strong => {}
            Strength::Weak => {
                let head_capital = words::is_capitalized(self.word(i)) && i > 0;
                if !(capital || head_capital) {
                    return None;
                }
            }
            Strength::Quote => {
                if !quoted {
                    return None;
                }
            }
        }
        Some(Cand {
            range: self.toks[first].range.start..self.toks[last].range.end,
            how: How::Head {
                head: h,
                first,
                last,
                at: i,
            },
        })
    }

    /// The token closing the quotation opened at `open` (nested quotes counted; an
    /// unbalanced one closes at its last closing mark before a stop).
    fn quote_end(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut last_close = None;
        for j in open..self.toks.len().min(open + 30) {
            match self.toks[j].kind {
                TokKind::Open => depth += 1,
                TokKind::Close => {
                    depth = depth.saturating_sub(1);
                    last_close = Some(j);
                    if depth == 0 {
                        return Some(j);
                    }
                }
                TokKind::Other if matches!(self.word(j), "." | ";" | "!" | "?") => break,
                _ => {}
            }
        }
        last_close
    }

    /// The token opening the quotation closed at `close`.
    fn quote_start(&self, close: usize) -> Option<usize> {
        let mut depth = 0usize;
        let lo = close.saturating_sub(30);
        for j in (lo..=close).rev() {
            match self.toks[j].kind {
                TokKind::Close => depth += 1,
                TokKind::Open => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(j);
                    }
                }
                TokKind::Other if matches!(self.word(j), "." | ";" | "!" | "?") => return None,
                _ => {}
            }
        }
        None
    }

    /// Russian: the head at `i` and the modifiers after it (and capitalized adjectives
    /// before it). Returns first and last token, whether a quotation was taken, and
    /// whether a capital letter, abbreviation or quotation is among the modifiers.
    fn expand_right(&self, t: &Tables, i: usize) -> Option<(usize, usize, bool, bool)> {
        let n = self.toks.len();
        let mut last = i;
        let mut capital = false;
        let mut quoted = false;
        let mut connector = false;
        let mut expect_name = false;
        let mut after_jurisdiction = false;
        let mut prev_plural_adj = false;
        let mut j = i + 1;
        while j < n && j <= i + 16 {
            match self.toks[j].kind {
                TokKind::Open => {
                    if after_jurisdiction {
                        break;
                    }
                    let Some(close) = self.quote_end(j) else {
                        break;
                    };
                    last = close;
                    quoted = true;
                    capital = true;
                    // A quoted name closes the name ("АО «…» по цене").
                    break;
                }
                TokKind::Word => {}
                _ => {
                    // "им." and "г." keep going.
                    if self.word(j) == "." && expect_name {
                        j += 1;
                        continue;
                    }
                    break;
                }
            }
            if after_jurisdiction {
                break;
            }
            let w = self.word(j);
            let lw = self.lower(j);
            if expect_name {
                if words::is_capitalized(w) {
                    last = j;
                    capital = true;
                    connector = false;
                    // Initials ("имени М. В. Ломоносова") keep the name going.
                    let initial = w.chars().count() == 1
                        && self
                            .toks
                            .get(j + 1)
                            .is_some_and(|t| &self.s[t.range.clone()] == ".");
                    if initial {
                        last = j + 1;
                        j += 2;
                    } else {
                        // "города Шымкент", "имени Абая" close the name.
                        expect_name = false;
                        after_jurisdiction = true;
                        j += 1;
                    }
                    continue;
                }
                break;
            }
            // A name in Latin letters after the head ("компании Nvidia") closes it.
            if words::is_capitalized(w) && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                let mut k = j;
                while self.is_word(k + 1) && {
                    let n = self.word(k + 1);
                    words::is_capitalized(n)
                        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                } {
                    k += 1;
                }
                last = k;
                capital = true;
                break;
            }
            match lw {
                "и" | "по" | "при" => {
                    if connector {
                        break;
                    }
                    // "и" before another body's head ends this one.
                    if lw == "и" && self.is_word(j + 1) && t.heads.contains_key(self.key(j + 1)) {
                        break;
                    }
                    connector = true;
                    j += 1;
                    continue;
                }
                "имени" | "им" | "города" | "г" => {
                    connector = true;
                    expect_name = true;
                    j += 1;
                    continue;
                }
                _ => {}
            }
            if words::is_abbreviation(w) {
                if JUR_ABBR.contains(&w) {
                    last = j;
                    capital = true;
                    after_jurisdiction = true;
                    j += 1;
                    continue;
                }
                break;
            }
            if RU_STOP.contains(&lw) || ru_verb_like(lw) {
                break;
            }
            let region_word = matches!(lw, "области" | "района" | "округа" | "края");
            if words::is_capitalized(w) {
                if words::key(w) == "республик" {
                    last = j;
                    capital = true;
                    expect_name = true;
                    j += 1;
                    continue;
                }
                if !ru_oblique(lw) {
                    break;
                }
                capital = true;
            } else if !(region_word || ru_oblique(lw) || (prev_plural_adj && !ru_adjective(lw))) {
                break;
            }
            last = j;
            connector = false;
            prev_plural_adj = lw.ends_with("ых") || lw.ends_with("их");
            if region_word && capital {
                after_jurisdiction = true;
            }
            j += 1;
        }
        // Capitalized adjectives right before the head: "Верховного суда".
        let mut first = i;
        let mut j = i;
        while j > 0 && i - j < 3 {
            j -= 1;
            if !self.is_word(j) {
                break;
            }
            let w = self.word(j);
            let lw = self.lower(j);
            if !ru_adjective(lw) || RU_STOP.contains(&lw) {
                break;
            }
            if words::is_capitalized(w) {
                first = j;
                capital = true;
            }
        }
        Some((first, last, quoted, capital))
    }

    /// Kazakh: the head at `i` and the modifiers before it.
    fn expand_left(&self, t: &Tables, i: usize) -> Option<(usize, usize, bool, bool)> {
        let head = self.word(i);
        let fh = self.lower(i);
        // A plural head names a kind of body, not one body ("кәсіподақ ұйымдары"); a
        // locative adjective is a place ("орталықтағы" = "in the centre").
        let locative_adjective = t.heads.get(self.key(i)).is_some_and(|hs| {
            hs.iter().any(|&h| {
                let nom = &t.head_list[h].nominative;
                let common = nom
                    .chars()
                    .zip(fh.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let rest: String = fh.chars().skip(common).collect();
                rest.chars().count() >= 4
                    && ["дағы", "дегі", "тағы", "тегі"]
                        .iter()
                        .any(|e| rest.ends_with(e))
            })
        });
        if kk_plural(fh) || locative_adjective {
            return None;
        }
        // Bare "орталық" is the adjective "central" ("Орталық Азия"); the body is
        // "орталығы", "орталықтың", ….
        if BARE_NOT_HEAD.contains(&fh) {
            return None;
        }
        let strong_head = t.heads.get(self.key(i)).is_some_and(|hs| {
            hs.iter().any(|&h| {
                t.head_list[h].lang == "kk" && t.head_list[h].strength == Strength::Strong
            })
        });
        // A bare head followed by another head is that head's modifier ("кәсіподақ
        // ұйымы", "Салалық Кеңес Кәсіподағы": the later head closes the name), unless a
        // capitalized head is followed by a lowercase one ("Салалық Кеңес кәсіподақ
        // кадрлары").
        let bare = t.heads.get(self.key(i)).is_some_and(|hs| {
            hs.iter()
                .any(|&h| t.head_list[h].nominative == self.lower(i))
        });
        if bare && self.is_word(i + 1) && t.heads.contains_key(self.key(i + 1)) {
            let next_capital = words::is_capitalized(self.word(i + 1));
            if next_capital || !words::is_capitalized(head) {
                return None;
            }
        }
        let mut first = i;
        let mut quoted = false;
        let mut j = i;
        while j > 0 && i - j < 14 {
            let p = j - 1;
            match self.toks[p].kind {
                TokKind::Close => {
                    let Some(open) = self.quote_start(p) else {
                        break;
                    };
                    first = open;
                    quoted = true;
                    j = open;
                    continue;
                }
                TokKind::Other if self.word(p) == "." => {
                    // An initial or "қ." (city): a one- or two-letter word glued to the dot.
                    if p > 0
                        && self.is_word(p - 1)
                        && self.word(p - 1).chars().count() <= 2
                        && self.toks[p - 1].range.end == self.toks[p].range.start
                    {
                        first = p - 1;
                        j = p - 1;
                        continue;
                    }
                    break;
                }
                TokKind::Word => {}
                _ => break,
            }
            let w = self.word(p);
            let lw = self.lower(p);
            if lw == KK_AND {
                // Kept only if a modifier precedes it.
                if p == 0 || !self.is_word(p - 1) {
                    break;
                }
                j = p;
                continue;
            }
            // Finite verbs and accusative objects are never inside a name; a capitalized
            // word ending like a verb is a place or a name ("Алматы").
            // A place name before "облыстық"/"қаласы" may end like a locative ("Қызылорда").
            let before_region = self.is_word(p + 1)
                && ["облыс", "қала", "аудан"]
                    .iter()
                    .any(|r| self.lower(p + 1).starts_with(r));
            // A dative is an object ("Жиынға … қатысты"), except in "…ға қарсы" (against).
            let dative = ["ға", "ге", "қа", "ке"].iter().any(|e| lw.ends_with(e))
                && lw.chars().count() > 4
                && !(self.is_word(p + 1) && self.lower(p + 1) == "қарсы");
            if kk_stop(lw)
                || dative
                || KK_PERSON_TITLES.iter().any(|p| lw.starts_with(p))
                || (words::is_capitalized(w) && person_name(lw))
                || w.starts_with(|c: char| c.is_ascii_digit())
                || (!words::is_capitalized(w) && kk_verb_like(lw))
                || (kk_locative(lw) && !before_region)
                || kk_accusative(lw)
            {
                break;
            }
            // Another body's head in a case other than the genitive ends this one:
            // "… министрлігі мен «Хабар» агенттігі".
            if kk_case_marked(lw) && !kk_genitive(lw) && t.heads.contains_key(self.key(p)) {
                break;
            }
            first = p;
            j = p;
            // "ҚР", "Қазақстан Республикасы" open a name: nothing before them belongs to it.
            if matches!(w, "ҚР" | "ҚХР" | "АҚШ" | "РФ") {
                break;
            }
            if self.lower(p).starts_with("республика")
                && p > 0
                && self.is_word(p - 1)
                && words::is_capitalized(self.word(p - 1))
            {
                first = p - 1;
                break;
            }
        }
        // Start at the first token that shows a name: a capital letter, an abbreviation,
        // a quotation, an initial, or a strong modifier.
        let mut start = None;
        for q in first..i {
            let tok = &self.toks[q];
            let strong = match tok.kind {
                TokKind::Open => true,
                TokKind::Word => {
                    let w = self.word(q);
                    let lw = self.lower(q);
                    // A capital that only opens the sentence shows nothing when the word is
                    // an adjective ("Салалық кәсіподақ" = "the sectoral union").
                    // The first word of a sentence is capitalized anyway: it shows a name
                    // only when the next word is capitalized too, or a region word follows,
                    // or the head is a strong one ("Көлік прокуратурасы").
                    let shows = q > 0
                        || words::is_abbreviation(w)
                        || (strong_head && !kk_adjective(lw))
                        || (q + 1 < i
                            && self.is_word(q + 1)
                            && (words::is_capitalized(self.word(q + 1))
                                || ["облыс", "қала", "аудан"]
                                    .iter()
                                    .any(|r| self.lower(q + 1).starts_with(r))));
                    (words::is_capitalized(w) && shows) || KK_STRONG.contains(&lw)
                }
                _ => false,
            };
            if strong {
                start = Some(q);
                break;
            }
        }
        // A long name opening the sentence starts at its first word even when that word
        // is an adjective ("Салалық кәсіподақтың Атқару комитеті").
        let words_before = (first..i).filter(|&q| self.is_word(q)).count();
        let start = if first == 0 && words_before >= 3 && words::is_capitalized(self.word(0)) {
            Some(0)
        } else {
            start
        };
        // A capitalized head that does not open the sentence is a name by itself
        // ("Салалық Кеңес").
        let start = match start {
            Some(q) => q,
            // Only the word right before it, an adjective or a capitalized word.
            None if i > 0
                && words::is_capitalized(head)
                && first < i
                && self.is_word(i - 1)
                && (kk_adjective(self.lower(i - 1)) || words::is_capitalized(self.word(i - 1))) =>
            {
                i - 1
            }
            None => return None,
        };
        let capital = (start..i).any(|q| match self.toks[q].kind {
            TokKind::Open => true,
            TokKind::Word => words::is_capitalized(self.word(q)),
            _ => false,
        });
        // "және" cannot open a name.
        let mut start = start;
        while start < i && self.is_word(start) && self.word(start) == KK_AND {
            start += 1;
        }
        Some((start, i, quoted, capital))
    }

    fn agency(&self, t: &Tables, c: Cand) -> Agency {
        match c.how {
            How::Listed(e, lang) => listed(t, e, lang, c.range),
            How::Zh(head, prefix) => {
                let text = &self.s[c.range.clone()];
                if let Some(&e) = t.zh_names.get(text) {
                    return listed(t, e, "zh", c.range);
                }
                Agency {
                    id: unlisted_id(text),
                    canonical: text.to_owned(),
                    kind: t.zh_heads[head].kind.clone(),
                    jurisdiction: Some(t.zh_prefixes[prefix].jurisdiction.clone()),
                    range: c.range,
                }
            }
            How::Head {
                head,
                first,
                last,
                at,
            } => {
                let keys: Vec<&str> = (first..=last)
                    .filter(|&q| self.is_word(q))
                    .map(|q| self.key(q))
                    .collect();
                let bare = tables::without_home_jurisdiction(&keys);
                let lang = self.canonical_lang();
                if let Some(&e) = t.by_key.get(&bare.join(" ")) {
                    return listed(t, e, lang, c.range);
                }
                // A listed name in quotation marks with its legal form or kind around it
                // ("ПАО «Роснефть»", "«Самұрық-Қазына» АҚ") is that body.
                if let Some(e) = self.quoted_listed(t, first, last) {
                    return listed(t, e, lang, c.range);
                }
                // A listed name next to a kind word ("агентству Reuters", "компании
                // Apple") is that body.
                let without_head: &[&str] = if self.kazakh {
                    &bare[..bare.len().saturating_sub(1)]
                } else {
                    bare.get(1..).unwrap_or_default()
                };
                if !without_head.is_empty()
                    && let Some(&e) = t.by_key.get(&without_head.join(" "))
                {
                    return listed(t, e, lang, c.range);
                }
                let h = &t.head_list[head];
                let home = bare.len() != keys.len();
                let canonical = self.canonical(t, first, last, at);
                Agency {
                    id: unlisted_id(&bare.join(" ")),
                    canonical,
                    kind: h.kind.clone(),
                    jurisdiction: home.then(|| "KZ".to_owned()),
                    range: c.range,
                }
            }
        }
    }

    /// The gazetteer entry named inside a quotation of tokens `first..=last`: the words
    /// after an opening mark up to the next mark ("АО «НК «Продкорпорация»" tries "НК"
    /// and "Продкорпорация").
    fn quoted_listed(&self, t: &Tables, first: usize, last: usize) -> Option<usize> {
        (first..=last)
            .filter(|&q| self.toks[q].kind == TokKind::Open)
            .find_map(|open| {
                let keys: Vec<&str> = (open + 1..=last)
                    .take_while(|&q| self.is_word(q))
                    .map(|q| self.key(q))
                    .collect();
                if keys.is_empty() {
                    return None;
                }
                t.by_key
                    .get(&tables::without_home_jurisdiction(&keys).join(" "))
                    .copied()
            })
    }

    /// The nominative of an unlisted name: the head (and Russian adjectives before it)
    /// put into the nominative, the rest as written, "РК"/"ҚР" spelled out.
    fn canonical(&self, t: &Tables, first: usize, last: usize, at: usize) -> String {
        let head = t
            .heads
            .get(self.key(at))
            .and_then(|hs| hs.first())
            .map(|&h| &t.head_list[h]);
        let mut out = String::new();
        let mut prev_end = None;
        for q in first..=last {
            let tok = &self.toks[q];
            let w = self.word(q);
            let piece: String = if tok.kind != TokKind::Word {
                w.to_owned()
            } else if w == "РК" {
                "Республики Казахстан".to_owned()
            } else if w == "ҚР" {
                "Қазақстан Республикасы".to_owned()
            } else if q == at {
                match head {
                    Some(h) if !self.kazakh && !h.nominative.chars().all(char::is_uppercase) => {
                        capitalize_like(&h.nominative, w)
                    }
                    _ if self.kazakh => kk_nominative(w),
                    _ => w.to_owned(),
                }
            } else if !self.kazakh && q < at {
                ru_adjective_nominative(w, head.map_or('m', |h| h.gender))
            } else {
                w.to_owned()
            };
            if prev_end.is_some_and(|pe| pe < tok.range.start) {
                out.push(' ');
            }
            out.push_str(&piece);
            prev_end = Some(tok.range.end);
        }
        // Join "Республики Казахстан" into the first letter's case of the name.
        crate::capitalised(&out)
    }
}

fn listed(t: &Tables, e: usize, lang: &str, range: Range<usize>) -> Agency {
    let entry = &t.entries[e];
    Agency {
        range,
        canonical: entry.canonical(lang).to_owned(),
        id: entry.id.clone(),
        kind: entry.kind.clone(),
        jurisdiction: (!entry.jurisdiction.is_empty()).then(|| entry.jurisdiction.clone()),
    }
}

/// `x.` + FNV-1a 64 of the normalized name, in hex.
fn unlisted_id(normalized: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normalized.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("x.{h:016x}")
}

/// `nominative` with the first letter's case of `like`.
fn capitalize_like(nominative: &str, like: &str) -> String {
    if words::is_capitalized(like) {
        crate::capitalised(nominative)
    } else {
        nominative.to_owned()
    }
}

/// Russian oblique-case word forms (genitive, dative, instrumental, prepositional):
/// what follows a head in a name. Nominative adjectives and consonant-final words are
/// not (a genitive plural noun after an adjective is let in by the caller).
fn ru_oblique(w: &str) -> bool {
    const ENDS: &[&str] = &[
        "ого", "его", "ому", "ему", "ой", "ей", "ых", "их", "ым", "им", "ыми", "ими", "ов", "ев",
        "ам", "ям", "ах", "ях", "ом", "ем", "ии", "ия", "ию", "а", "я", "ы", "и", "у", "ю", "е",
    ];
    if ru_adjective_nominative_form(w) {
        return false;
    }
    ENDS.iter().any(|e| w.ends_with(e))
}

fn ru_adjective_nominative_form(w: &str) -> bool {
    ["ый", "ий", "ая", "яя", "ое", "ее"]
        .iter()
        .any(|e| w.ends_with(e))
        && w.chars().count() > 4
}

/// An adjective in any case.
fn ru_adjective(w: &str) -> bool {
    const ENDS: &[&str] = &[
        "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ого", "его", "ому", "ему", "ым", "им", "ом",
        "ую", "юю", "ых", "их", "ыми", "ими", "ей",
    ];
    w.chars().count() > 3 && ENDS.iter().any(|e| w.ends_with(e))
}

/// Past-tense and reflexive verb forms ("сообщили", "провело", "обратился").
fn ru_verb_like(w: &str) -> bool {
    let past = ["ла", "ло", "ли"].iter().any(|e| w.ends_with(e))
        && w.chars()
            .rev()
            .nth(2)
            .is_some_and(|c| "аеиоуыяэю".contains(c));
    past || w.ends_with("ся")
        || w.ends_with("сь")
        || w.ends_with("ть")
        || w.ends_with("ет")
        || w.ends_with("ит")
}

/// A Russian adjective put into the nominative for a head of `gender` (m, f, n).
fn ru_adjective_nominative(w: &str, gender: char) -> String {
    const CASE: &[&str] = &[
        "ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ым", "им", "ом", "ем", "ую", "юю",
        "ых", "их", "ый", "ий", "ая", "яя", "ое", "ее",
    ];
    let Some(e) = CASE.iter().find(|e| w.ends_with(**e)) else {
        return w.to_owned();
    };
    let stem = &w[..w.len() - e.len()];
    let soft = stem.ends_with(['г', 'к', 'х', 'ж', 'ш', 'щ', 'ч']);
    // Adjectives stressed on the ending take -ой in the masculine.
    const STRESSED: &[&str] = &["областн", "городск", "окружн", "краев", "миров", "волостн"];
    let stressed = STRESSED.iter().any(|st| words::fold(stem).ends_with(st));
    let ending = match gender {
        'f' => "ая",
        'n' => "ое",
        _ if stressed => "ой",
        _ if soft => "ий",
        _ => "ый",
    };
    format!("{stem}{ending}")
}

/// Kazakh: a finite verb form (past tense, present, participle in -ған not capitalized).
fn kk_verb_like(w: &str) -> bool {
    const ENDS: &[&str] = &[
        "ды", "ді", "ты", "ті", "ған", "ген", "қан", "кен", "уда", "уде", "ады", "еді", "йды",
        "йді", "ып", "іп", "мақ", "мек", "ды.", "ған.", "сын", "сін",
    ];
    w.chars().count() > 3 && ENDS.iter().any(|e| w.ends_with(e))
}

/// Kazakh locative (a place or time adverbial, not part of a name); the locative
/// adjective "-дағы" is part of names and is not this.
fn kk_locative(w: &str) -> bool {
    ["да", "де", "та", "те", "нда", "нде"]
        .iter()
        .any(|e| w.ends_with(e))
        && w.chars().count() > 4
}

/// A surname: -ов/-ев/-ин (and feminine), -ұлы/-қызы, with a case ending or not.
fn person_name(w: &str) -> bool {
    const ENDS: &[&str] = &[
        "ов", "ев", "ова", "ева", "ин", "ина", "ұлы", "қызы", "ский", "ская",
    ];
    // The word as written first: the nominative costs key lookups.
    ENDS.iter().any(|e| w.ends_with(e)) || {
        let base = kk_nominative(w);
        ENDS.iter().any(|e| base.ends_with(e))
    }
}

/// Accusative objects ("Ережені", "жобаны").
fn kk_accusative(w: &str) -> bool {
    (w.ends_with("ны") || w.ends_with("ні")) && w.chars().count() > 4
}

/// Adjectives in -лық/-лік/-дық/-тық…, -ғы/-гі: modifiers, not names.
fn kk_adjective(w: &str) -> bool {
    ["лық", "лік", "дық", "дік", "тық", "тік"]
        .iter()
        .any(|e| w.ends_with(e))
}

/// A plural ending after the stem (plural markers inside a short stem do not count).
fn kk_plural(w: &str) -> bool {
    // Characters 3 ..= n-3 may start the marker (no copy of the word: this runs on
    // every Kazakh head).
    let n = w.chars().count();
    w.char_indices().enumerate().any(|(i, (b, _))| {
        i >= 3
            && i + 3 <= n
            && ["лар", "лер", "дар", "дер", "тар", "тер"]
                .iter()
                .any(|t| w[b..].starts_with(t))
    })
}

fn kk_genitive(w: &str) -> bool {
    ["ның", "нің", "дың", "дің", "тың", "тің"]
        .iter()
        .any(|e| w.ends_with(e))
}

/// A possessive or case ending on a Kazakh head ("министрлігі", "комитетке").
fn kk_case_marked(w: &str) -> bool {
    w.ends_with(['ы', 'і', 'а', 'е', 'н', 'ң']) || kk_genitive(w)
}

/// A Kazakh word with its case ending removed (the possessive stays): "министрлігінің"
/// → "министрлігі", "Үкіметке" → "Үкімет".
fn kk_nominative(w: &str) -> String {
    const CASE: &[&str] = &[
        "ының", "інің", "ның", "нің", "дың", "дің", "тың", "тің", "ымен", "імен", "мен", "бен",
        "пен", "нан", "нен", "дан", "ден", "тан", "тен", "нда", "нде", "ға", "ге", "қа", "ке",
        "на", "не", "да", "де", "та", "те", "ны", "ні", "ды", "ді", "ты", "ті",
    ];
    // The word's own key, computed once and only when an ending matches.
    let mut key_w: Option<String> = None;
    for e in CASE {
        if let Some(stem) = w.strip_suffix(e) {
            let stem = match *e {
                "ымен" | "ының" => format!("{stem}ы"),
                "імен" | "інің" => format!("{stem}і"),
                _ => stem.to_owned(),
            };
            if stem.chars().count() >= 3
                && words::key(&stem) == *key_w.get_or_insert_with(|| words::key(w))
            {
                return stem;
            }
        }
    }
    w.to_owned()
}

/// Characters that end a Chinese name scan: function words that never sit inside one.
const ZH_STOP: &str = "的了在对与等将已于向把被是有并或及为从由经据按以即也都还又就而";

/// A Chinese head ending at `end` is a head, not the start of a longer word: 部 not in
/// 部门/部长/部署, 局 not in 局长/局面, and not the end of 全部/干部/格局/大厅/举办….
fn zh_head_ok(s: &str, start: usize, end: usize) -> bool {
    let span = &s[start..end];
    let Some(last) = span.chars().next_back() else {
        return false;
    };
    let next = s[end..].chars().next();
    if "部局委厅办署院会心司行".contains(last)
        && next.is_some_and(|c| "门长署分属队级下内外位件落员务委室厅书主副".contains(c))
    {
        return false;
    }
    let before_last = span.chars().rev().nth(1);
    let blocked_before = match last {
        '部' => "全干内外局西东中南北总俱本分各支",
        '局' => "格布当结大全政开终棋骗",
        '委' => "原",
        '办' => "举开创承主协兴督查代包",
        '署' => "部签公专",
        '厅' => "大餐客展舞门啡歌",
        _ => "",
    };
    !before_last.is_some_and(|c| blocked_before.contains(c))
}

/// From a jurisdiction prefix at `start..pend`, the longest stretch of Han characters
/// (no stop character) that ends in a head: "浙江省" + "人力资源和社会保障" + "厅".
fn zh_from_prefix(t: &Tables, s: &str, start: usize, pend: usize, p: usize) -> Option<Cand> {
    let mut best: Option<(usize, usize)> = None;
    for (count, (off, c)) in s[pend..].char_indices().enumerate() {
        // 和 joins words inside a name (人力资源和社会保障厅) but two names after one is
        // complete (北京大学和清华大学).
        if !words::is_han(c) || ZH_STOP.contains(c) || count >= 20 || (c == '和' && best.is_some())
        {
            break;
        }
        let end = pend + off + c.len_utf8();
        let stretch = &s[start..end];
        if let Some(h) = t
            .zh_heads
            .iter()
            .position(|h| stretch.ends_with(h.text.as_str()))
            && zh_head_ok(s, start, end)
        {
            best = Some((end, h));
        }
    }
    let (end, head) = best?;
    Some(Cand {
        range: start..end,
        how: How::Zh(head, p),
    })
}

#[cfg(test)]
mod tests;
