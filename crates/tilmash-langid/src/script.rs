//! One pass over the text: letters per script, the letter evidence of each script's
//! languages, and the n-gram costs of the Cyrillic words.

use std::sync::LazyLock;

use crate::ngram::{Costs, MODEL, TURKIC};
use crate::walk::{self, CYR_FIRST, CYR_LEN, Unit, walk};

/// Most evidence (nats) one word can give against a language in the n-gram score.
const WORD_CAP_NATS: f32 = 16.0;

/// Letter counts and evidence gathered in one pass.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub han: usize,
    pub hant_markers: usize,
    pub hans_markers: usize,
    pub kana: usize,
    pub hangul: usize,
    pub cyr: usize,
    pub latin: usize,
    pub arabic: usize,
    pub other: usize,
    pub cyrl: CyrlEvidence,
    pub latn: LatnEvidence,
    pub arab: ArabEvidence,
    /// n-gram costs of the Cyrillic words.
    pub costs: Costs,
}

impl Stats {
    pub fn letters(&self) -> usize {
        self.han + self.kana + self.hangul + self.cyr + self.latin + self.arabic + self.other
    }

    /// The counts of the text between the ends of two prefixes: `self` minus `before`,
    /// field by field (every count is a sum over letters or words).
    pub fn minus(&self, before: &Stats) -> Stats {
        let mut d = self.clone();
        for (a, b) in d.counts_mut().into_iter().zip(before.counts()) {
            *a -= b;
        }
        for (a, b) in d.costs.sum.iter_mut().zip(before.costs.sum) {
            *a -= b;
        }
        d.costs.letters -= before.costs.letters;
        d
    }

    fn counts(&self) -> Vec<usize> {
        let mut c = self.clone();
        c.counts_mut().into_iter().map(|x| *x).collect()
    }

    /// Every count field.
    fn counts_mut(&mut self) -> Vec<&mut usize> {
        let e = &mut self.cyrl;
        let mut v = vec![
            &mut self.han,
            &mut self.hant_markers,
            &mut self.hans_markers,
            &mut self.kana,
            &mut self.hangul,
            &mut self.cyr,
            &mut self.latin,
            &mut self.arabic,
            &mut self.other,
            &mut e.kk_strict,
            &mut e.qg,
            &mut e.ae,
            &mut e.turkic,
            &mut e.ng,
            &mut e.h,
            &mut e.ch,
            &mut e.initial_e,
            &mut e.tatar,
            &mut e.bashkir,
            &mut e.chuvash,
            &mut e.tajik,
            &mut e.uzbek_h,
            &mut e.short_u,
            &mut e.other_ext,
            &mut e.noninitial_round,
            &mut e.double_vowel,
            &mut e.kyrgyz_words,
            &mut e.kyrgyz_endings,
            &mut e.tatar_words,
            &mut e.russian_words,
            &mut e.ukrainian_words,
            &mut e.bulgarian_words,
            &mut e.hard_before_consonant,
            &mut e.words,
            &mut e.kazakh_words,
            &mut self.latn.kk_letters,
            &mut self.latn.kk_specific,
            &mut self.latn.schwa,
            &mut self.latn.q,
            &mut self.arab.kazakh,
            &mut self.arab.uyghur,
            &mut self.arab.turkic,
        ];
        v.extend(e.marks.iter_mut());
        v
    }
}

/// Cyrillic letters that tell languages apart (counts, lowercase and uppercase alike).
#[derive(Debug, Default, Clone)]
pub struct CyrlEvidence {
    /// ғ қ ұ і: Kazakh letters that Kyrgyz and Tatar lack.
    pub kk_strict: usize,
    /// қ ғ alone (Uzbek and Tajik write them too).
    pub qg: usize,
    /// ә (Kazakh, Tatar, Bashkir).
    pub ae: usize,
    /// ң ө ү (Kazakh, Kyrgyz, Tatar, Bashkir; ө ү also Mongolian).
    pub turkic: usize,
    /// ң alone.
    pub ng: usize,
    /// һ (Tatar, Bashkir; rare in Kazakh).
    pub h: usize,
    /// ч (Kyrgyz, Tatar; in Kazakh only in loanwords).
    pub ch: usize,
    /// э at the start of a word (Tatar эш, эч-; rare in Kazakh).
    pub initial_e: usize,
    /// җ (Tatar).
    pub tatar: usize,
    /// ҡ ҙ ҫ (Bashkir).
    pub bashkir: usize,
    /// ӑ ӗ ӳ (Chuvash).
    pub chuvash: usize,
    /// ӯ ӣ ҷ (Tajik).
    pub tajik: usize,
    /// ҳ (Uzbek, Tajik).
    pub uzbek_h: usize,
    /// ў (Uzbek, Belarusian).
    pub short_u: usize,
    /// Other letters of the Cyrillic extension blocks (Abkhaz, Chechen, Yakut, …).
    pub other_ext: usize,
    /// ө/ү after the first vowel of a word: rounding harmony (Kyrgyz, Mongolian).
    pub noninitial_round: usize,
    /// аа оо уу ыы өө үү ээ: long vowels (Kyrgyz, Mongolian).
    pub double_vowel: usize,
    /// Letters that rule languages out, by [`Mark`].
    pub marks: [usize; MARKS],
    /// Kyrgyz words Kazakh spells otherwise (бир, эки, үчүн).
    pub kyrgyz_words: usize,
    /// Kyrgyz endings Kazakh spells otherwise (genitive -дин, -нун; -лык, -дук); Russian
    /// names end so too (Никитин), so they count only against Kazakh.
    pub kyrgyz_endings: usize,
    /// Tatar words Kazakh spells otherwise (һәм, белән, бу, өчен).
    pub tatar_words: usize,
    /// Words only Russian writes among the model's languages (что, это, когда).
    pub russian_words: usize,
    /// Words only Ukrainian writes (це, що, був, також).
    pub ukrainian_words: usize,
    /// Words only Bulgarian (and Macedonian) write (е, са, това, през).
    pub bulgarian_words: usize,
    /// ъ before a consonant (Bulgarian във, държава; never Russian).
    pub hard_before_consonant: usize,
    /// Cyrillic words, and those with a letter of ә ғ қ ң ө ұ ү һ і.
    pub words: usize,
    pub kazakh_words: usize,
}

/// Letters whose presence rules a language out (or whose absence makes it unlikely).
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    /// ы (ru, be, kk, ky, tt, mn; never uk, bg, sr, mk).
    Yery,
    /// э
    E,
    /// ё
    Yo,
    /// ъ (ru, bg; never uk, be, sr, mk)
    Hard,
    /// і (kk, uk, be; never ru, bg, sr, mk, mn)
    IDot,
    /// ї є ґ (uk)
    Ukrainian,
    /// и (never be)
    I,
    /// щ (never be, sr, mk)
    Shch,
    /// й я ю ь (never sr, mk)
    Iotated,
    /// ђ ћ (sr)
    Serbian,
    /// ѓ ќ ѕ (mk)
    Macedonian,
    /// ј љ њ џ (sr, mk)
    SerboMacedonian,
    /// ө ү
    Rounded,
}

/// Number of [`Mark`]s.
pub const MARKS: usize = 13;

impl CyrlEvidence {
    /// ұ і: the Kazakh letters Uzbek and Tajik do not write either.
    pub fn kk_strict_no_qg(&self) -> usize {
        self.kk_strict - self.qg
    }
}

/// Latin letters of the Kazakh 2021 alphabet.
#[derive(Debug, Default, Clone)]
pub struct LatnEvidence {
    /// ä ğ ı ñ ö q ş ū ü and the 2018 acute letters á ǵ ń ó ú.
    pub kk_letters: usize,
    /// q ä ñ ū ǵ á ń: letters Turkish lacks.
    pub kk_specific: usize,
    /// ə (Azerbaijani).
    pub schwa: usize,
    /// q (Kazakh, but also Uzbek, Azerbaijani, Tatar).
    pub q: usize,
}

/// Arabic-script letters that tell Kazakh from Uyghur.
#[derive(Debug, Default, Clone)]
pub struct ArabEvidence {
    /// ٴ and ٵ ٶ ٷ ٸ (U+0674–0678): the Kazakh front-vowel mark.
    pub kazakh: usize,
    /// ې ۈ ئ (U+06D0, U+06C8, U+0626): Uyghur.
    pub uyghur: usize,
    /// ە ڭ ۇ ۋ ۆ: letters of the Turkic Arabic alphabets.
    pub turkic: usize,
}

/// Lowercase a Cyrillic letter (U+0400–U+052F) without the general Unicode tables.
#[inline]
pub fn cyr_lower(c: char) -> char {
    char::from_u32(walk::cyr_lower(c as u32)).unwrap_or(c)
}

/// Scan `text` once.
pub fn scan(text: &str) -> Stats {
    scan_marked(text, None)
}

/// Characters after which a sentence may end (closing quotes and brackets included):
/// [`scan_marked`] keeps the counts so far after each.
fn may_end_sentence(ch: char) -> bool {
    matches!(
        ch,
        '.' | '!'
            | '?'
            | ';'
            | '\n'
            | '"'
            | ')'
            | ']'
            | '…'
            | '»'
            | '”'
            | '’'
            | '。'
            | '！'
            | '？'
            | '；'
    )
}

/// Scan `text` once; with `marks`, also keep the counts of every prefix that ends
/// right after a character that may end a sentence, with its length in bytes. Such a
/// prefix ends outside any word, so its counts are those of scanning it alone, and the
/// counts of the text between two such ends are their difference ([`Stats::minus`]).
pub fn scan_marked(text: &str, mut marks: Option<&mut Vec<(usize, Stats)>>) -> Stats {
    let mut s = Stats::default();
    let model = &*MODEL;
    // Cyrillic letters by lowercase form: the letter evidence is read off at the end.
    let mut hist = [0u32; CYR_LEN];
    // Letters of the extension blocks (U+0460 on).
    let mut ext = 0;
    // The current Cyrillic word: last two letters (0: none) and whether a vowel was seen.
    let (mut p2, mut p1) = (0u32, 0u32);
    let mut vowel_seen = false;
    let mut word = WordBuf::default();
    let mut word_costs = Costs::default();
    let word_cap = (WORD_CAP_NATS * model.scale) as u32;
    let mut units = walk(text);
    while let Some(unit) = units.next() {
        let ch = match unit {
            Unit::Cyr(c) => {
                hist[(c - CYR_FIRST) as usize] += 1;
                s.cyr += 1;
                ext += usize::from(c >= 0x0460);
                let f = walk::flags(c);
                let e = &mut s.cyrl;
                if c == u32::from('э') && p1 == 0 {
                    e.initial_e += 1;
                }
                if f & walk::ROUNDED != 0 && vowel_seen {
                    e.noninitial_round += 1;
                }
                if f & walk::LONG != 0 && c == p1 {
                    e.double_vowel += 1;
                }
                if p1 == u32::from('ъ') && f & (walk::VOWEL | walk::SIGN) == 0 {
                    e.hard_before_consonant += 1;
                }
                vowel_seen |= f & walk::VOWEL != 0;
                word.push(c, f);
                model.add_letter(&mut word_costs, p2, p1, c);
                (p2, p1) = (p1, c);
                continue;
            }
            Unit::Other(ch) => ch,
        };
        // Any other character ends the Cyrillic word.
        if p1 != 0 {
            word.finish(&mut s.cyrl);
            s.costs.add_word(&word_costs, word_cap);
            word_costs = Costs::default();
            (p2, p1) = (0, 0);
            vowel_seen = false;
        }
        let u = ch as u32;
        match u {
            // Spaces, digits and ASCII punctuation: the bulk of what is not a letter.
            0..=0x7F if ch.is_ascii_alphabetic() => {
                s.latin += 1;
                if ch == 'q' || ch == 'Q' {
                    s.latn.kk_letters += 1;
                    s.latn.kk_specific += 1;
                    s.latn.q += 1;
                }
            }
            0..=0x7F => {}
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
                s.han += 1;
                if TRADITIONAL_MARKERS.contains(ch) {
                    s.hant_markers += 1;
                } else if SIMPLIFIED_MARKERS.contains(ch) {
                    s.hans_markers += 1;
                }
            }
            // General punctuation, quotes, dashes, spaces: never letters.
            0x2000..=0x206F | 0x00A0..=0x00BF | 0x3000..=0x303F | 0xFF00..=0xFF0F => {}
            0x3040..=0x30FF if ch.is_alphabetic() => s.kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => s.hangul += 1,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
                if ch.is_alphabetic() || (0x0674..=0x0678).contains(&u) =>
            {
                s.arabic += 1;
                match u {
                    0x0674..=0x0678 => s.arab.kazakh += 1,
                    0x06D0 | 0x06C8 | 0x0626 => s.arab.uyghur += 1,
                    0x06D5 | 0x06AD | 0x06C7 | 0x06CB | 0x06C6 => s.arab.turkic += 1,
                    _ => {}
                }
            }
            0x0080..=0x024F | 0x1E00..=0x1EFF if ch.is_alphabetic() => {
                s.latin += 1;
                match ch {
                    'ä' | 'Ä' | 'ñ' | 'Ñ' | 'ū' | 'Ū' | 'ǵ' | 'Ǵ' | 'á' | 'Á' | 'ń' | 'Ń' =>
                    {
                        s.latn.kk_letters += 1;
                        s.latn.kk_specific += 1;
                    }
                    'ğ' | 'Ğ' | 'ı' | 'ö' | 'Ö' | 'ş' | 'Ş' | 'ü' | 'Ü' | 'ó' | 'Ó' | 'ú' | 'Ú'
                    | 'İ' => s.latn.kk_letters += 1,
                    'ə' | 'Ə' => s.latn.schwa += 1,
                    _ => {}
                }
            }
            _ if ch.is_alphabetic() => s.other += 1,
            _ => {}
        }
        if let Some(marks) = marks.as_deref_mut()
            && may_end_sentence(ch)
        {
            let mut prefix = s.clone();
            letter_evidence(&hist, ext, &mut prefix);
            marks.push((units.pos(), prefix));
        }
    }
    if p1 != 0 {
        word.finish(&mut s.cyrl);
        s.costs.add_word(&word_costs, word_cap);
    }
    letter_evidence(&hist, ext, &mut s);
    s
}

/// The letter counts of [`Stats`] from the number of each lowercase Cyrillic letter
/// and of those of the extension blocks (`ext`).
fn letter_evidence(hist: &[u32; CYR_LEN], ext: usize, s: &mut Stats) {
    let n = |c: char| hist[(c as u32 - CYR_FIRST) as usize] as usize;
    let ns = |cs: &[char]| cs.iter().map(|&c| n(c)).sum::<usize>();
    if s.cyr == 0 {
        return;
    }
    let e = &mut s.cyrl;
    e.qg = n('ғ') + n('қ');
    e.kk_strict = e.qg + n('ұ') + n('і');
    e.ae = n('ә');
    e.ng = n('ң');
    e.turkic = e.ng + n('ө') + n('ү');
    e.h = n('һ');
    e.ch = n('ч');
    e.tatar = n('җ');
    e.bashkir = ns(&['ҡ', 'ҙ', 'ҫ']);
    e.chuvash = ns(&['ӑ', 'ӗ', 'ӳ']);
    e.tajik = ns(&['ӯ', 'ӣ', 'ҷ']);
    e.uzbek_h = n('ҳ');
    e.short_u = n('ў');
    // Letters of the extension blocks that none of the counts above (nor the marks of
    // Ukrainian, Serbian and Macedonian) name.
    let named = e.qg
        + n('ұ')
        + e.ae
        + e.turkic
        + e.h
        + e.tatar
        + e.bashkir
        + e.chuvash
        + e.tajik
        + e.uzbek_h
        + n('ґ');
    e.other_ext = ext - named;
    let marks: [(Mark, &[char]); MARKS] = [
        (Mark::Yery, &['ы']),
        (Mark::E, &['э']),
        (Mark::Yo, &['ё']),
        (Mark::Hard, &['ъ']),
        (Mark::IDot, &['і']),
        (Mark::Ukrainian, &['ї', 'є', 'ґ']),
        (Mark::I, &['и']),
        (Mark::Shch, &['щ']),
        (Mark::Iotated, &['й', 'я', 'ю', 'ь']),
        (Mark::Serbian, &['ђ', 'ћ']),
        (Mark::Macedonian, &['ѓ', 'ќ', 'ѕ']),
        (Mark::SerboMacedonian, &['ј', 'љ', 'њ', 'џ']),
        (Mark::Rounded, &['ө', 'ү']),
    ];
    for (m, cs) in marks {
        e.marks[m as usize] = ns(cs);
    }
}

/// The current Cyrillic word (lowercase, UTF-8), for the word lists.
struct WordBuf {
    bytes: [u8; 40],
    len: usize,
    kazakh: bool,
    chars: usize,
    last: [u32; 3],
}

impl Default for WordBuf {
    fn default() -> Self {
        WordBuf {
            bytes: [0; 40],
            len: 0,
            kazakh: false,
            chars: 0,
            last: [0; 3],
        }
    }
}

impl WordBuf {
    /// Add the lowercase Cyrillic letter `c` (two bytes in UTF-8) with its flags.
    #[inline]
    fn push(&mut self, c: u32, flags: u8) {
        self.kazakh |= flags & walk::KAZAKH != 0;
        self.chars += 1;
        self.last = [c, self.last[0], self.last[1]];
        // A word longer than the buffer is longer than any listed word: its bytes are
        // not needed, only its length.
        if let Some(b) = self.bytes.get_mut(self.len..self.len + 2) {
            b[0] = 0xC0 | (c >> 6) as u8;
            b[1] = 0x80 | (c & 0x3F) as u8;
        }
        self.len += 2;
    }

    fn finish(&mut self, e: &mut CyrlEvidence) {
        e.words += 1;
        if self.kazakh {
            e.kazakh_words += 1;
        }
        let last = self.last.map(|c| char::from_u32(c).unwrap_or('\0'));
        let chars = self.chars;
        let word = (self.len <= MAX_LISTED_WORD_BYTES)
            .then(|| &self.bytes[..self.len])
            .filter(|bytes| LEXICON.filter.may_contain(bytes))
            .and_then(|bytes| {
                let words = &LEXICON.words;
                words
                    .binary_search_by(|(k, _)| k.as_bytes().cmp(bytes))
                    .ok()
                    .map(|i| words[i].1)
            });
        match word {
            Some(Lexicon::Kyrgyz) => e.kyrgyz_words += 1,
            Some(Lexicon::Tatar) => e.tatar_words += 1,
            Some(Lexicon::Russian) => e.russian_words += 1,
            Some(Lexicon::Ukrainian) => e.ukrainian_words += 1,
            Some(Lexicon::Bulgarian) => e.bulgarian_words += 1,
            None if kyrgyz_ending(chars, last) => e.kyrgyz_endings += 1,
            None if tatar_ending(chars, last) => e.tatar_words += 1,
            None => {}
        }
        self.len = 0;
        self.kazakh = false;
        self.chars = 0;
        self.last = [0; 3];
    }
}

/// The word lists, one sorted table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lexicon {
    Kyrgyz,
    Tatar,
    Russian,
    Ukrainian,
    Bulgarian,
}

/// Longest listed word, in bytes: longer words skip the lookup.
const MAX_LISTED_WORD_BYTES: usize = 24;

/// The lists in one sorted table, with a filter that rules out most other words
/// before the binary search.
struct LexiconTable {
    words: Vec<(&'static str, Lexicon)>,
    filter: WordFilter,
}

static LEXICON: LazyLock<LexiconTable> = LazyLock::new(|| {
    let mut words: Vec<(&'static str, Lexicon)> = [
        (KYRGYZ_WORDS, Lexicon::Kyrgyz),
        (TATAR_WORDS, Lexicon::Tatar),
        (RUSSIAN_WORDS, Lexicon::Russian),
        (UKRAINIAN_WORDS, Lexicon::Ukrainian),
        (BULGARIAN_WORDS, Lexicon::Bulgarian),
    ]
    .into_iter()
    .flat_map(|(words, kind)| words.iter().map(move |&w| (w, kind)))
    .filter(|(w, _)| w.len() <= MAX_LISTED_WORD_BYTES)
    .collect();
    // A word in two lists keeps the first (the lists are disjoint by construction).
    words.sort_by_key(|&(w, _)| w);
    words.dedup_by_key(|&mut (w, _)| w);
    let mut filter = WordFilter([0; 64]);
    for (w, _) in &words {
        filter.insert(w.as_bytes());
    }
    LexiconTable { words, filter }
});

/// A 4096-bit filter on (length, first two and last two bytes) of a word.
struct WordFilter([u64; 64]);

impl WordFilter {
    #[inline]
    fn bit(bytes: &[u8]) -> usize {
        let n = bytes.len();
        let (a, b) = (bytes.first().copied(), bytes.get(1).copied());
        let (c, d) = (bytes.get(n.wrapping_sub(2)).copied(), bytes.last().copied());
        let h = [a, b, c, d].into_iter().fold(n as u32, |h, x| {
            h.wrapping_mul(31).wrapping_add(u32::from(x.unwrap_or(0)))
        });
        (h.wrapping_mul(0x9E37_79B9) >> 20) as usize
    }

    fn insert(&mut self, bytes: &[u8]) {
        let b = Self::bit(bytes);
        self.0[b / 64] |= 1 << (b % 64);
    }

    #[inline]
    fn may_contain(&self, bytes: &[u8]) -> bool {
        let b = Self::bit(bytes);
        self.0[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Tatar case and plural endings on a word of three letters or more: final ә (dative
/// -гә/-кә, locative -дә/-тә; Kazakh writes -ге, -де) and -ләр, -нең, -дән, -тән, -нән.
/// `last` holds the word's last three letters, the last one first.
fn tatar_ending(chars: usize, last: [char; 3]) -> bool {
    chars >= 3
        && (last[0] == 'ә'
            || matches!(
                (last[2], last[1], last[0]),
                ('л', 'ә', 'р') | ('н', 'е', 'ң') | ('д' | 'т' | 'н', 'ә', 'н')
            ))
}

/// Kyrgyz endings Kazakh spells otherwise, on words of five letters or more: genitive
/// -дин, -тин, -нин, -дун, -тун, -нун, -дүн, -түн, -нүн (Kazakh -дің, -ның, …) and
/// -лык, -дык, -тык, -лук, -дук, -тук, -лүк, -дүк, -түк (Kazakh -лық, -дық, -лік, …).
fn kyrgyz_ending(chars: usize, last: [char; 3]) -> bool {
    if chars < 5 {
        return false;
    }
    let genitive = last[0] == 'н' && matches!(last[1], 'и' | 'у' | 'ү');
    let adjective = last[0] == 'к' && matches!(last[1], 'ы' | 'у' | 'ү');
    (genitive && matches!(last[2], 'д' | 'т' | 'н'))
        || (adjective && matches!(last[2], 'л' | 'д' | 'т'))
}

/// Frequent Kyrgyz words whose Kazakh counterparts are spelt differently, sorted
/// (`tests::word_lists_are_sorted`). Written from grammar and dictionary knowledge,
/// not from any test set.
pub static KYRGYZ_WORDS: &[&str] = &[
    "азыр",
    "анан",
    "андай",
    "анткени",
    "анын",
    "аркылуу",
    "бардык",
    "башка",
    "берди",
    "биз",
    "бир",
    "бирге",
    "биринчи",
    "бирок",
    "бирөө",
    "болгон",
    "болду",
    "болот",
    "болуп",
    "боюнча",
    "бул",
    "бүгүн",
    "дагы",
    "деди",
    "жана",
    "жок",
    "жөнүндө",
    "жөнүндөгү",
    "кайсы",
    "калды",
    "кандай",
    "канча",
    "качан",
    "келди",
    "кетти",
    "кечээ",
    "кийин",
    "кийинки",
    "кыз",
    "кылган",
    "кылды",
    "кылып",
    "кыргыз",
    "кыргызстан",
    "көбүнчө",
    "мага",
    "менин",
    "мурун",
    "мындай",
    "ошентип",
    "ошого",
    "ошол",
    "ошондо",
    "ошондой",
    "сага",
    "сенин",
    "сиз",
    "силер",
    "тууралуу",
    "ушул",
    "ушундай",
    "чейин",
    "чыкты",
    "экен",
    "эки",
    "эле",
    "элем",
    "эмес",
    "эми",
    "эмне",
    "эмнеге",
    "эртең",
    "эч",
    "үчүн",
    "өзүнүн",
];

/// Frequent Tatar words whose Kazakh counterparts are spelt differently, sorted.
pub static TATAR_WORDS: &[&str] = &[
    "белән",
    "бик",
    "бу",
    "булып",
    "дип",
    "иде",
    "инде",
    "кебек",
    "кеше",
    "нинди",
    "ничек",
    "түгел",
    "хәзер",
    "шул",
    "һәм",
    "һәр",
    "өчен",
];

/// Frequent Russian words that Ukrainian, Belarusian, Bulgarian, Serbian and Macedonian
/// spell otherwise, sorted.
pub static RUSSIAN_WORDS: &[&str] = &[
    "будет",
    "вот",
    "всегда",
    "говорит",
    "его",
    "ее",
    "если",
    "еще",
    "ещё",
    "её",
    "здесь",
    "значит",
    "когда",
    "которая",
    "которые",
    "который",
    "которых",
    "меня",
    "можно",
    "нет",
    "ничего",
    "очень",
    "потом",
    "себя",
    "сейчас",
    "сказал",
    "тебя",
    "теперь",
    "тогда",
    "тоже",
    "только",
    "уже",
    "что",
    "чтобы",
    "эти",
    "это",
    "этого",
    "этот",
    "эту",
];

/// Frequent Ukrainian words that Russian, Bulgarian and Kazakh spell otherwise, sorted.
pub static UKRAINIAN_WORDS: &[&str] = &[
    "але",
    "був",
    "була",
    "були",
    "було",
    "вони",
    "від",
    "де",
    "дуже",
    "зараз",
    "його",
    "лише",
    "можна",
    "своє",
    "також",
    "тому",
    "треба",
    "тільки",
    "це",
    "цей",
    "цього",
    "ця",
    "ці",
    "чи",
    "ще",
    "що",
    "як",
    "яка",
    "яке",
    "який",
    "які",
];

/// Frequent Bulgarian (and Macedonian) words that Russian, Ukrainian and Kazakh spell
/// otherwise, sorted.
pub static BULGARIAN_WORDS: &[&str] = &[
    "беше",
    "бяха",
    "във",
    "година",
    "години",
    "е",
    "защото",
    "когато",
    "което",
    "които",
    "който",
    "която",
    "към",
    "нещо",
    "ние",
    "няма",
    "обаче",
    "още",
    "през",
    "са",
    "се",
    "след",
    "сред",
    "със",
    "също",
    "тази",
    "тези",
    "това",
    "този",
    "той",
    "тя",
    "ще",
];

/// Score Cyrillic words with the word-type model ([`TURKIC`]: kk, ky, ru), word boundaries
/// included.
pub fn score_turkic(text: &str) -> Costs<3> {
    let model = &*TURKIC;
    let mut costs = Costs::default();
    let space = u32::from(' ');
    let (mut p2, mut p1) = (0u32, space);
    let mut in_word = false;
    for unit in walk(text) {
        match unit {
            Unit::Cyr(c) => {
                if !in_word {
                    (p2, p1) = (0, space);
                    in_word = true;
                }
                model.add_letter(&mut costs, p2, p1, c);
                (p2, p1) = (p1, c);
            }
            Unit::Other(_) => {
                if in_word {
                    model.add_letter(&mut costs, p2, p1, space);
                    in_word = false;
                }
            }
        }
    }
    if in_word {
        model.add_letter(&mut costs, p2, p1, space);
    }
    costs
}

/// Score Latin text as Kazakh written in the 2021 Latin alphabet: transliterate each
/// word to Cyrillic and run the Cyrillic n-gram model.
pub fn score_transliterated(text: &str) -> Costs {
    let model = &*MODEL;
    let mut costs = Costs::default();
    let (mut p2, mut p1) = ('\0', '\0');
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        let mapped: &[char] = match lower {
            'a' => &['а'],
            'ä' | 'á' => &['ә'],
            'b' => &['б'],
            'c' => &['ц'],
            'ç' => &['ч'],
            'd' => &['д'],
            'e' => &['е'],
            'f' => &['ф'],
            'g' => &['г'],
            'ğ' | 'ǵ' => &['ғ'],
            'h' => &['х'],
            'ı' => &['і'],
            'i' | 'İ' => {
                // i before a vowel is й + that vowel's iotated form in Cyrillic
                // (ia → я, iu → ю, io → ё); otherwise и.
                match chars.peek().map(|c| c.to_lowercase().next().unwrap_or(*c)) {
                    Some('a') => {
                        chars.next();
                        &['я']
                    }
                    Some('u') => {
                        chars.next();
                        &['ю']
                    }
                    _ => &['и'],
                }
            }
            'j' => &['ж'],
            'k' => &['к'],
            'l' => &['л'],
            'm' => &['м'],
            'n' => &['н'],
            'ñ' | 'ń' => &['ң'],
            'o' => &['о'],
            'ö' | 'ó' => &['ө'],
            'p' => &['п'],
            'q' => &['қ'],
            'r' => &['р'],
            's' => &['с'],
            'ş' => &['ш'],
            't' => &['т'],
            'u' => &['у'],
            'ū' => &['ұ'],
            'ü' | 'ú' => &['ү'],
            'v' => &['в'],
            'w' => &['у'],
            'x' => &['х'],
            'y' => &['ы'],
            'z' => &['з'],
            _ => {
                (p2, p1) = ('\0', '\0');
                continue;
            }
        };
        for &c in mapped {
            model.add_letter(&mut costs, p2 as u32, p1 as u32, c as u32);
            (p2, p1) = (p1, c);
        }
    }
    costs
}

/// A small set of characters, sorted for binary search.
#[derive(Debug)]
pub struct CharSet(Vec<char>);

impl CharSet {
    fn new(s: &str) -> CharSet {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v.dedup();
        CharSet(v)
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        self.0.binary_search(&c).is_ok()
    }
}

/// Characters only traditional Chinese writes (their simplified forms differ).
pub static TRADITIONAL_MARKERS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new(
        "與個們來係側億價優兒關區問員國報導實對將專層島師幣廠廣廳從應態戰擇據時會條業構標樣機權歲歷減測濟無為環產畫發種統經絡組結給習聽職與術見規視觀計認設話說調論變讓責質資這進運過達還邊醫開間際隨難電項頭題顯類風體點黨",
    )
});

/// Their simplified counterparts and other characters only simplified Chinese writes.
pub static SIMPLIFIED_MARKERS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new(
        "个为习书们优会传体价农决几击刘办务动区厅历发变员问国图对导层岁师币应态战护报据无时条构标样机权济减测环现画电种类经组结给统绝职联规视观认计设话说调论质资这进运过还边选际随难项题风点党医产业东车长门开间达显头乐义",
    )
});
