//! The character walk under every scanner: Cyrillic letters (lowercased, with Latin
//! look-alikes inside Cyrillic words read as their Cyrillic twins) and everything else.
//!
//! It runs over every byte of every text guessed, so it decodes UTF-8 by hand for the
//! bulk of the input (ASCII, two-byte Cyrillic) and answers per-letter questions by
//! table lookup instead of `char` methods and `match` chains.

/// First code point of the Cyrillic letter tables.
pub const CYR_FIRST: u32 = 0x0400;
/// Number of code points the tables cover (U+0400–U+052F).
pub const CYR_LEN: usize = 0x130;

/// One step of the walk.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    /// A Cyrillic letter (U+0400–U+052F but the signs U+0482–U+0489), lowercased, or a
    /// Latin look-alike read as its Cyrillic twin.
    Cyr(u32),
    /// Any other character.
    Other(char),
}

/// Walk `text`. A Latin look-alike (a c e i o p x y and A B C E H I K M O P T X) counts
/// as its Cyrillic twin inside a Cyrillic word or right before a Cyrillic letter:
/// Kazakh typed with a Latin i for і, Latin a, e, o, p, c for their Cyrillic twins.
#[inline]
pub fn walk(text: &str) -> Walk<'_> {
    Walk {
        b: text.as_bytes(),
        i: 0,
        in_word: false,
    }
}

/// The iterator of [`walk`] (an iterator rather than a callback so that the scanners'
/// loops compile to one function).
#[derive(Debug)]
pub struct Walk<'a> {
    b: &'a [u8],
    i: usize,
    in_word: bool,
}

impl Walk<'_> {
    /// Byte offset of the next unit.
    #[inline]
    pub fn pos(&self) -> usize {
        self.i
    }
}

impl Iterator for Walk<'_> {
    type Item = Unit;

    #[inline(always)]
    fn next(&mut self) -> Option<Unit> {
        let b = self.b;
        let i = self.i;
        let x = *b.get(i)?;
        if x < 0x80 {
            self.i = i + 1;
            let twin = HOMOGLYPH[x as usize];
            self.in_word = twin != 0 && (self.in_word || cyr_letter_at(b, i + 1).is_some());
            return Some(if self.in_word {
                Unit::Cyr(u32::from(twin))
            } else {
                Unit::Other(char::from(x))
            });
        }
        if let Some(u) = cyr_letter_at(b, i) {
            self.i = i + 2;
            self.in_word = true;
            return Some(Unit::Cyr(lower(u)));
        }
        let (ch, len) = decode(b, i);
        self.i = i + len;
        self.in_word = false;
        Some(Unit::Other(ch))
    }
}

/// The Cyrillic letter (not lowercased) whose UTF-8 starts at `b[i]`, if any.
#[inline(always)]
fn cyr_letter_at(b: &[u8], i: usize) -> Option<u32> {
    let x = *b.get(i)?;
    if !(0xD0..=0xD4).contains(&x) {
        return None;
    }
    let y = *b.get(i + 1)?;
    let u = (u32::from(x & 0x1F) << 6) | u32::from(y & 0x3F);
    (u <= 0x052F && !(0x0482..=0x0489).contains(&u)).then_some(u)
}

/// Decode the character starting at `b[i]` (valid UTF-8: `b` comes from a `&str`).
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let x = u32::from(b[i]);
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let (u, len) = if x < 0xE0 {
        (((x & 0x1F) << 6) | cont(1), 2)
    } else if x < 0xF0 {
        (((x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((x & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (
        char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// Lowercase of a Cyrillic letter `u` (U+0400–U+052F).
#[inline(always)]
pub fn lower(u: u32) -> u32 {
    CYR_FIRST + u32::from(LOWER[(u - CYR_FIRST) as usize])
}

/// Whether the Cyrillic code point `u` (U+0400–U+052F) is a Kazakh letter in either case.
#[inline]
pub fn is_kazakh_letter(u: u32) -> bool {
    (CYR_FIRST..CYR_FIRST + CYR_LEN as u32).contains(&u) && flags(lower(u)) & KAZAKH != 0
}

/// Flags of a lowercase Cyrillic letter ([`VOWEL`], …).
#[inline(always)]
pub fn flags(c: u32) -> u8 {
    FLAGS[(c - CYR_FIRST) as usize]
}

/// а е ё и о у ы э ю я ә ө ү ұ і
pub const VOWEL: u8 = 1;
/// а о у ы ө ү э: vowels Kyrgyz and Mongolian write long (doubled).
pub const LONG: u8 = 2;
/// ө ү
pub const ROUNDED: u8 = 4;
/// ә ғ қ ң ө ұ ү һ і: the letters of a Kazakh word.
pub const KAZAKH: u8 = 8;
/// ь ъ
pub const SIGN: u8 = 16;

/// Lowercase a Cyrillic letter (U+0400–U+052F) without the general Unicode tables.
pub const fn cyr_lower(u: u32) -> u32 {
    match u {
        0x0410..=0x042F => u + 0x20,
        0x0400..=0x040F => u + 0x50,
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x052F if u.is_multiple_of(2) => u + 1,
        0x04C1..=0x04CE if !u.is_multiple_of(2) => u + 1,
        0x04C0 => 0x04CF,
        _ => u,
    }
}

/// Offsets from [`CYR_FIRST`] of the lowercase forms.
static LOWER: [u16; CYR_LEN] = {
    let mut t = [0u16; CYR_LEN];
    let mut i = 0;
    while i < CYR_LEN {
        t[i] = (cyr_lower(CYR_FIRST + i as u32) - CYR_FIRST) as u16;
        i += 1;
    }
    t
};

static FLAGS: [u8; CYR_LEN] = {
    let mut t = [0u8; CYR_LEN];
    let vowels = [
        ('а', VOWEL | LONG),
        ('е', VOWEL),
        ('ё', VOWEL),
        ('и', VOWEL),
        ('о', VOWEL | LONG),
        ('у', VOWEL | LONG),
        ('ы', VOWEL | LONG),
        ('э', VOWEL | LONG),
        ('ю', VOWEL),
        ('я', VOWEL),
        ('ә', VOWEL | KAZAKH),
        ('ө', VOWEL | LONG | ROUNDED | KAZAKH),
        ('ү', VOWEL | LONG | ROUNDED | KAZAKH),
        ('ұ', VOWEL | KAZAKH),
        ('і', VOWEL | KAZAKH),
        ('ғ', KAZAKH),
        ('қ', KAZAKH),
        ('ң', KAZAKH),
        ('һ', KAZAKH),
        ('ь', SIGN),
        ('ъ', SIGN),
    ];
    let mut i = 0;
    while i < vowels.len() {
        let (c, f) = vowels[i];
        t[(c as u32 - CYR_FIRST) as usize] = f;
        i += 1;
    }
    t
};

/// The lowercase Cyrillic twin of an ASCII look-alike, or 0.
static HOMOGLYPH: [u16; 128] = {
    let mut t = [0u16; 128];
    let pairs = [
        ('a', 'а'),
        ('c', 'с'),
        ('e', 'е'),
        ('i', 'і'),
        ('o', 'о'),
        ('p', 'р'),
        ('x', 'х'),
        ('y', 'у'),
        ('A', 'а'),
        ('B', 'в'),
        ('C', 'с'),
        ('E', 'е'),
        ('H', 'н'),
        ('I', 'і'),
        ('K', 'к'),
        ('M', 'м'),
        ('O', 'о'),
        ('P', 'р'),
        ('T', 'т'),
        ('X', 'х'),
    ];
    let mut i = 0;
    while i < pairs.len() {
        let (latin, cyr) = pairs[i];
        t[latin as usize] = cyr as u16;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<String> {
        walk(text)
            .map(|u| match u {
                Unit::Cyr(c) => format!("C{}", char::from_u32(c).unwrap_or('?')),
                Unit::Other(c) => format!("O{c}"),
            })
            .collect()
    }

    #[test]
    fn walks_like_chars_with_twins_and_lowercase() {
        // Latin i inside a Cyrillic word, Latin A before one; Latin x alone stays Latin.
        assert_eq!(
            units("бiр Aқ x 中ё\u{0483}Ӏ"),
            [
                "Cб",
                "Cі",
                "Cр",
                "O ",
                "Cа",
                "Cқ",
                "O ",
                "Ox",
                "O ",
                "O中",
                "Cё",
                "O\u{0483}",
                "Cӏ"
            ]
        );
    }

    #[test]
    fn the_table_agrees_with_unicode_lowercase() {
        for u in CYR_FIRST..CYR_FIRST + CYR_LEN as u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let ours = lower(u);
            // Unicode lowercases a few letters outside the pairs the table knows (none
            // of them in use by the languages here); the pairs it knows must agree.
            let uni = c.to_lowercase().next().map_or(u, u32::from);
            if ours != u {
                assert_eq!(ours, uni, "{c}");
            }
        }
    }
}
