//! Character-encoding detection and decoding.
//!
//! [`decode`] turns the raw bytes of a file into a `String`, or refuses them. The order
//! of the checks matters and is the policy of this module:
//!
//! 1. **Empty** input (or input that is only byte-order marks) is [`DecodeError::Empty`].
//! 2. **BOM**: a UTF-8, UTF-16LE or UTF-16BE byte-order mark is authoritative. The BOM is
//!    stripped and `bom` is set. Corrupt UTF-8 after a UTF-8 BOM is
//!    [`DecodeError::InvalidUtf8`]; malformed UTF-16 after a UTF-16 BOM is
//!    [`DecodeError::Undecodable`].
//! 3. **NUL bytes** never occur in text in an ASCII-compatible encoding. If the NULs sit
//!    in an alternating pattern (see `utf16_without_bom`) the input is tried as BOM-less
//!    UTF-16; otherwise it is [`DecodeError::Binary`].
//! 4. **Valid UTF-8** (the fast path, `std::str::from_utf8`) is UTF-8. It wins over a
//!    declared HTML charset: non-ASCII text in a legacy encoding is practically never
//!    valid UTF-8 by accident, whereas `<meta charset>` tags often go stale when a file is
//!    re-saved.
//! 5. **Mostly UTF-8 but corrupt** (see `mostly_utf8`) is [`DecodeError::InvalidUtf8`]:
//!    decoding such a file as windows-1251 would produce mojibake for every correct
//!    character, so we refuse it and point at the first bad byte.
//! 6. **C0 control bytes**: more than 5% of bytes being C0 controls (other than tab, LF,
//!    CR, form feed) is [`DecodeError::Binary`]. In every ASCII-compatible encoding we
//!    accept, bytes below 0x20 are controls, so this is checked before detection.
//! 7. **Legacy encodings**: a declared charset (from an HTML `<meta>`) is honoured when it
//!    decodes without errors to plausible text; otherwise `chardetng` guesses. GBK guesses
//!    decode as GB18030 (its superset), KOI8-U guesses are reported as KOI8-R when no
//!    byte on which the two differ occurs, and windows-1251 (guessed or declared) is
//!    refined to KZ-1048 when Kazakh letters are evident (see [`kz1048_evidence`]). A
//!    legacy decode that hits an unmappable byte is [`DecodeError::Undecodable`]: we do
//!    not silently insert U+FFFD, and `chardetng` only guesses encodings in which the
//!    input is valid, so this means the bytes are not text in any encoding we know.
//!
//! U+FEFFs left at the start after the BOM (a file that went through two conversions)
//! are removed too: a decoded text never starts with U+FEFF.
//!
//! Every successful decode is finally checked for plausibility (see `check_plausible`):
//! too many control, private-use or replacement characters is [`DecodeError::Binary`].

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{
    DecoderResult, Encoding, GB18030, GBK, KOI8_R, KOI8_U, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE,
    WINDOWS_1251, X_USER_DEFINED,
};

use crate::DecodeError;

/// The name reported for the Kazakh Windows code page, which `encoding_rs` does not know.
pub const KZ_1048: &str = "KZ-1048";

/// At most this many bytes, counted from the first non-ASCII byte, are fed to
/// `chardetng`. Detection is by far the slowest step for legacy files (chardetng runs
/// every candidate encoding over the input: about 15 MB/s for Cyrillic and 6 MB/s for
/// GBK), and 64 KiB of non-ASCII-bearing text is ample evidence for its guess.
const DETECT_LIMIT: usize = 64 << 10;

/// Plausibility threshold: more than 1 in `BAD_RATIO` characters (5%) being control,
/// private-use or replacement characters means the input is not text.
const BAD_RATIO: usize = 20;

/// The decoded text of a file, before any HTML processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, without byte-order mark.
    pub text: String,
    /// WHATWG name of the encoding, or [`KZ_1048`].
    pub encoding: &'static str,
    /// Whether the input began with a byte-order mark.
    pub bom: bool,
}

/// Decode `bytes` to text, detecting the encoding; see the module documentation for the
/// order of checks. `declared` is a charset declared inside the document (HTML `<meta>`);
/// it is only consulted for input that is not valid UTF-8.
pub fn decode(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<DecodedText, DecodeError> {
    let mut decoded = decode_bytes(bytes, declared)?;
    // The text never starts with U+FEFF. Files converted twice (or concatenated from
    // files that each had one) carry a second byte-order mark after the first, or one
    // inside a legacy encoding (GB18030 can encode it); it is a byte-order mark either
    // way, not content, and left in it would start the first paragraph with an invisible
    // character. Caught by the `decode` fuzz target's check (`tests/fuzz_regressions.rs`).
    if decoded.text.starts_with('\u{FEFF}') {
        let marks = decoded.text.len() - decoded.text.trim_start_matches('\u{FEFF}').len();
        decoded.text.drain(..marks);
        if decoded.text.is_empty() {
            return Err(DecodeError::Empty);
        }
    }
    Ok(decoded)
}

/// [`decode`] before leading U+FEFFs beyond the byte-order mark are removed.
fn decode_bytes(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<DecodedText, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_after_bom(encoding, bytes, bom_len);
    }
    // `contains` on a byte slice is memchr-fast; the position is only needed on failure.
    if bytes.contains(&0) {
        if let Some(decoded) = utf16_without_bom(bytes) {
            return Ok(decoded);
        }
        let offset = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(DecodeError::Binary {
            reason: format!("NUL bytes at offset {offset}"),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            check_plausible(text)?;
            return Ok(DecodedText {
                text: text.to_owned(),
                encoding: UTF_8.name(),
                bom: false,
            });
        }
        Err(error) => {
            if mostly_utf8(bytes) {
                return Err(DecodeError::InvalidUtf8 {
                    offset: error.valid_up_to(),
                });
            }
        }
    }
    check_control_bytes(bytes)?;
    decode_legacy(bytes, declared)
}

/// Decode input that starts with a BOM of `encoding`, `bom_len` bytes long.
fn decode_after_bom(
    encoding: &'static Encoding,
    bytes: &[u8],
    bom_len: usize,
) -> Result<DecodedText, DecodeError> {
    let rest = &bytes[bom_len..];
    if rest.is_empty() {
        return Err(DecodeError::Empty);
    }
    let text = if encoding == UTF_8 {
        if rest.contains(&0) {
            let offset = rest.iter().position(|&b| b == 0).unwrap_or(0) + bom_len;
            return Err(DecodeError::Binary {
                reason: format!("NUL bytes at offset {offset}"),
            });
        }
        match std::str::from_utf8(rest) {
            Ok(text) => text.to_owned(),
            // The BOM declares UTF-8, so any invalid sequence is corruption.
            Err(error) => {
                return Err(DecodeError::InvalidUtf8 {
                    offset: bom_len + error.valid_up_to(),
                });
            }
        }
    } else {
        decode_strict(encoding, rest).map_err(|offset| DecodeError::Undecodable {
            reason: format!("malformed {} at byte {}", encoding.name(), bom_len + offset),
        })?
    };
    check_plausible(&text)?;
    Ok(DecodedText {
        text,
        encoding: encoding.name(),
        bom: true,
    })
}

/// Try BOM-less UTF-16, called only when the input contains NUL bytes.
///
/// Text in UTF-16 has a NUL high byte for every ASCII character (spaces, digits,
/// punctuation, newlines; ≥ 5% of characters even in Cyrillic or Chinese prose), and
/// the low byte is rarely NUL. So we count NULs at even and odd offsets: if one parity
/// has NULs in at least 5% of the code units and the other parity has at most 1/20 as
/// many, the input is decoded as UTF-16 (NULs at odd offsets: little-endian) and
/// accepted if that decodes without errors to plausible text. Binary data rarely passes
/// both tests; NUL padding, for example, has NULs at both parities.
fn utf16_without_bom(bytes: &[u8]) -> Option<DecodedText> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let (encoding, major, minor) = if odd >= even {
        (UTF_16LE, odd, even)
    } else {
        (UTF_16BE, even, odd)
    };
    if major * 20 < units || minor * 20 > major {
        return None;
    }
    let text = decode_strict(encoding, bytes).ok()?;
    check_plausible(&text).ok()?;
    Some(DecodedText {
        text,
        encoding: encoding.name(),
        bom: false,
    })
}

/// Whether input that is not valid UTF-8 is nevertheless "mostly UTF-8": it contains at
/// least 4 valid multi-byte UTF-8 sequences and they make up at least 2/3 of the
/// non-ASCII bytes (equivalently: at most 1/3 of the non-ASCII bytes are in no valid
/// sequence). Legacy Cyrillic text forms a valid sequence only by accident (an
/// upper-case letter 0xC0–0xDF followed by one of the few non-letters in 0x80–0xBF), so
/// its ratio is tiny; a UTF-8 file with a stray byte or a truncated last character has a
/// ratio near 1.
///
/// One linear pass, which stops as soon as the invalid bytes exceed the allowance, so
/// legacy files (the common caller) are rejected after a short prefix.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|&&b| b >= 0x80).count();
    let mut sequences = 0usize;
    let mut invalid = 0usize;
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|&b| b >= 0x80) {
        i += skip;
        let len = utf8_sequence_len(&bytes[i..]);
        if len > 0 {
            sequences += 1;
            i += len;
        } else {
            invalid += 1;
            if invalid * 3 > non_ascii {
                return false;
            }
            i += 1;
        }
    }
    sequences >= 4
}

/// The length of the valid multi-byte UTF-8 sequence at the start of `s`, or 0 if there
/// is none (the ranges of the Unicode standard's table 3-7, as `std` validates them).
fn utf8_sequence_len(s: &[u8]) -> usize {
    let (len, second) = match s.first() {
        Some(0xC2..=0xDF) => (2, 0x80..=0xBF),
        Some(0xE0) => (3, 0xA0..=0xBF),
        Some(0xE1..=0xEC | 0xEE..=0xEF) => (3, 0x80..=0xBF),
        Some(0xED) => (3, 0x80..=0x9F),
        Some(0xF0) => (4, 0x90..=0xBF),
        Some(0xF1..=0xF3) => (4, 0x80..=0xBF),
        Some(0xF4) => (4, 0x80..=0x8F),
        _ => return 0,
    };
    match s.get(1..len) {
        Some([first, rest @ ..])
            if second.contains(first) && rest.iter().all(|b| (0x80..=0xBF).contains(b)) =>
        {
            len
        }
        _ => 0,
    }
}

/// Refuse input in which more than 5% of the bytes are C0 control bytes other than tab,
/// LF, CR and form feed (or DEL). Random bytes have about 11%.
fn check_control_bytes(bytes: &[u8]) -> Result<(), DecodeError> {
    let controls = bytes.iter().filter(|&&b| is_bad_ascii(b)).count();
    if controls * BAD_RATIO > bytes.len() {
        return Err(DecodeError::Binary {
            reason: format!("{}% control characters", percent(controls, bytes.len())),
        });
    }
    Ok(())
}

/// Counts for [`check_plausible`] in one pass: characters (non-continuation bytes), bad
/// ASCII controls, and lead bytes that need a closer look (`C2` and `EE`–`FF`). Written
/// branch-free over fixed-size chunks with `u8` lane counters so that it vectorises.
fn plausibility_counts(bytes: &[u8]) -> (usize, usize, usize) {
    #[inline(always)]
    fn lanes(b: u8) -> (u8, u8, u8) {
        let bad_ascii =
            ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C)) | (b == 0x7F);
        (
            u8::from(b & 0xC0 != 0x80),
            u8::from(bad_ascii),
            u8::from((b == 0xC2) | (b >= 0xEE)),
        )
    }
    let (mut chars, mut controls, mut special) = (0usize, 0usize, 0usize);
    let chunks = bytes.chunks_exact(128);
    let remainder = chunks.remainder();
    for chunk in chunks {
        let (mut c, mut k, mut s) = (0u8, 0u8, 0u8);
        for &b in chunk {
            let (dc, dk, ds) = lanes(b);
            c += dc;
            k += dk;
            s += ds;
        }
        chars += usize::from(c);
        controls += usize::from(k);
        special += usize::from(s);
    }
    for &b in remainder {
        let (dc, dk, ds) = lanes(b);
        chars += usize::from(dc);
        controls += usize::from(dk);
        special += usize::from(ds);
    }
    (chars, controls, special)
}

/// Whether an ASCII byte is a control character that does not occur in text files.
#[inline]
fn is_bad_ascii(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F
}

/// `part / whole` as a rounded percentage (for error messages).
fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// Refuse implausible text: any NUL character (it can only come from UTF-16, where it is
/// not text either), or more than 5% of the characters being C0/C1 controls (other than
/// tab, LF, CR, form feed), private-use characters or U+FFFD replacement characters.
///
/// Works on the UTF-8 bytes without decoding `char`s: characters are counted as
/// non-continuation bytes, ASCII controls directly, and the rest by their lead bytes —
/// C1 controls are `C2 80..9F`, BMP private use is `EE xx xx` and `EF 80..A3 xx`,
/// U+FFFD is `EF BF BD`, and the supplementary private-use planes start with
/// `F3 B0..BF` and `F4`. The counts are simple filters the compiler vectorises; the lead
/// bytes are only inspected one by one when some are present.
pub(crate) fn check_plausible(text: &str) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    let (chars, mut controls, special) = plausibility_counts(bytes);
    let nul = controls > 0 && bytes.contains(&0);
    let mut unusual = 0usize;
    if special > 0 {
        for (i, &b) in bytes.iter().enumerate() {
            if b != 0xC2 && b < 0xEE {
                continue;
            }
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            match b {
                0xC2 if (0x80..=0x9F).contains(&next) => controls += 1,
                0xEE => unusual += 1,
                0xEF if next <= 0xA3 => unusual += 1,
                0xEF if next == 0xBF && bytes.get(i + 2) == Some(&0xBD) => unusual += 1,
                0xF3 if next >= 0xB0 => unusual += 1,
                0xF4 => unusual += 1,
                _ => {}
            }
        }
    }
    if nul {
        return Err(DecodeError::Binary {
            reason: "NUL characters".to_owned(),
        });
    }
    if (controls + unusual) * BAD_RATIO > chars {
        let reason = if controls >= unusual {
            format!("{}% control characters", percent(controls, chars))
        } else {
            format!(
                "{}% private-use or replacement characters",
                percent(unusual, chars)
            )
        };
        return Err(DecodeError::Binary { reason });
    }
    Ok(())
}

/// Decode `bytes` (without BOM handling) and fail on the first malformed sequence,
/// returning its byte offset.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let mut consumed = 0usize;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut out, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(bytes.len() - consumed + 16),
            DecoderResult::Malformed(bad, unread) => {
                return Err(consumed.saturating_sub(usize::from(bad) + usize::from(unread)));
            }
        }
    }
}

/// Decode input that is neither UTF-8 nor UTF-16 nor binary by the earlier checks.
fn decode_legacy(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<DecodedText, DecodeError> {
    // A declared UTF-8/UTF-16 cannot be right here (the input is not valid UTF-8 and has
    // no NULs), and REPLACEMENT / x-user-defined are not real text encodings.
    let declared = declared.filter(|&e| {
        e != UTF_8 && e != UTF_16LE && e != UTF_16BE && e != REPLACEMENT && e != X_USER_DEFINED
    });
    if let Some(encoding) = declared
        && let Ok(decoded) = decode_as(encoding, bytes)
    {
        return Ok(decoded);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // A leading ASCII run carries no evidence (chardetng skips it quickly anyway).
    let first_non_ascii = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    let end = bytes
        .len()
        .min(first_non_ascii.saturating_add(DETECT_LIMIT));
    detector.feed(&bytes[..end], end == bytes.len());
    let guess = detector.guess(None, Utf8Detection::Deny);
    decode_as(guess, bytes)
}

/// Decode with a legacy `encoding` (a declaration or a guess), applying the reporting
/// rules: GBK → GB18030, KOI8-U → KOI8-R when equivalent, Cyrillic → KZ-1048 on evidence.
fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> Result<DecodedText, DecodeError> {
    let encoding = if encoding == GBK {
        GB18030
    } else if encoding == KOI8_U || encoding == KOI8_R {
        if bytes.iter().any(|&b| KOI8_U_ONLY.contains(&b)) {
            KOI8_U
        } else {
            KOI8_R
        }
    } else {
        encoding
    };
    if encoding == WINDOWS_1251 && kz1048_evidence(bytes) {
        let text = decode_kz1048(bytes);
        check_plausible(&text)?;
        return Ok(DecodedText {
            text,
            encoding: KZ_1048,
            bom: false,
        });
    }
    let text = decode_strict(encoding, bytes).map_err(|offset| DecodeError::Undecodable {
        reason: format!("byte {offset} is not valid {}", reported_name(encoding)),
    })?;
    check_plausible(&text)?;
    Ok(DecodedText {
        text,
        encoding: reported_name(encoding),
        bom: false,
    })
}

/// The name reported for an encoding: the WHATWG name, except that `encoding_rs` spells
/// GB18030 in lower case (`gb18030`) and tilmash records use the conventional
/// upper-case spelling.
fn reported_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Bytes that decode differently in KOI8-U (WHATWG's KOI8-RU) and KOI8-R: Ukrainian and
/// Belarusian letters in KOI8-U, box-drawing characters in KOI8-R.
const KOI8_U_ONLY: [u8; 10] = [0xA4, 0xA6, 0xA7, 0xAD, 0xAE, 0xB4, 0xB6, 0xB7, 0xBD, 0xBE];

/// Upper half (0x80–0xFF) of KZ-1048, generated from Python's `kz1048` codec. It equals
/// WHATWG windows-1251 except at the 16 Kazakh letters (0x8D 0x8E 0x9D 0x9E 0xA1 0xA2
/// 0xA3 0xA5 0xAA 0xAF 0xB4 0xBA 0xBC 0xBD 0xBE 0xBF). 0x98 is unassigned in KZ-1048;
/// like WHATWG windows-1251 we map it to the C1 control U+0098.
#[rustfmt::skip]
const KZ1048_HIGH: [char; 128] = [
    '\u{0402}', '\u{0403}', '\u{201A}', '\u{0453}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', // 0x80
    '\u{20AC}', '\u{2030}', '\u{0409}', '\u{2039}', '\u{040A}', '\u{049A}', '\u{04BA}', '\u{040F}', // 0x88
    '\u{0452}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', // 0x90
    '\u{0098}', '\u{2122}', '\u{0459}', '\u{203A}', '\u{045A}', '\u{049B}', '\u{04BB}', '\u{045F}', // 0x98
    '\u{00A0}', '\u{04B0}', '\u{04B1}', '\u{04D8}', '\u{00A4}', '\u{04E8}', '\u{00A6}', '\u{00A7}', // 0xA0
    '\u{0401}', '\u{00A9}', '\u{0492}', '\u{00AB}', '\u{00AC}', '\u{00AD}', '\u{00AE}', '\u{04AE}', // 0xA8
    '\u{00B0}', '\u{00B1}', '\u{0406}', '\u{0456}', '\u{04E9}', '\u{00B5}', '\u{00B6}', '\u{00B7}', // 0xB0
    '\u{0451}', '\u{2116}', '\u{0493}', '\u{00BB}', '\u{04D9}', '\u{04A2}', '\u{04A3}', '\u{04AF}', // 0xB8
    '\u{0410}', '\u{0411}', '\u{0412}', '\u{0413}', '\u{0414}', '\u{0415}', '\u{0416}', '\u{0417}', // 0xC0
    '\u{0418}', '\u{0419}', '\u{041A}', '\u{041B}', '\u{041C}', '\u{041D}', '\u{041E}', '\u{041F}', // 0xC8
    '\u{0420}', '\u{0421}', '\u{0422}', '\u{0423}', '\u{0424}', '\u{0425}', '\u{0426}', '\u{0427}', // 0xD0
    '\u{0428}', '\u{0429}', '\u{042A}', '\u{042B}', '\u{042C}', '\u{042D}', '\u{042E}', '\u{042F}', // 0xD8
    '\u{0430}', '\u{0431}', '\u{0432}', '\u{0433}', '\u{0434}', '\u{0435}', '\u{0436}', '\u{0437}', // 0xE0
    '\u{0438}', '\u{0439}', '\u{043A}', '\u{043B}', '\u{043C}', '\u{043D}', '\u{043E}', '\u{043F}', // 0xE8
    '\u{0440}', '\u{0441}', '\u{0442}', '\u{0443}', '\u{0444}', '\u{0445}', '\u{0446}', '\u{0447}', // 0xF0
    '\u{0448}', '\u{0449}', '\u{044A}', '\u{044B}', '\u{044C}', '\u{044D}', '\u{044E}', '\u{044F}', // 0xF8
];

/// Decode KZ-1048 (a single-byte code page: total, cannot fail).
fn decode_kz1048(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b < 0x80 {
            out.push(char::from(b));
        } else {
            out.push(KZ1048_HIGH[usize::from(b - 0x80)]);
        }
    }
    out
}

/// How a byte in 0x80–0xBF counts as evidence for or against KZ-1048 (read as cp1251).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// Not a letter position that matters.
    None,
    /// KZ-1048 Қ қ Һ һ Ә ә Ң ң (cp1251 Ќ ќ Ћ ћ Ј ј Ѕ ѕ: Serbian/Macedonian only).
    Strong,
    /// KZ-1048 Ұ ұ (cp1251 Ў ў: Belarusian).
    StrongU,
    /// KZ-1048 Ө ө Ғ ғ Ү ү (cp1251 Ґ ґ Є є Ї ї: Ukrainian) and І і (the same in both
    /// code pages: Ukrainian, Belarusian).
    Weak,
    /// cp1251 = KZ-1048 Ђ ђ Ѓ ѓ Љ љ Њ њ Џ џ: Serbian/Macedonian letters Kazakh never uses.
    Against,
}

/// Classify a byte for [`kz1048_evidence`].
fn evidence(b: u8) -> Evidence {
    match b {
        0x8D | 0x9D | 0x8E | 0x9E | 0xA3 | 0xBC | 0xBD | 0xBE => Evidence::Strong,
        0xA1 | 0xA2 => Evidence::StrongU,
        0xA5 | 0xB4 | 0xAA | 0xBA | 0xAF | 0xBF | 0xB2 | 0xB3 => Evidence::Weak,
        0x80 | 0x90 | 0x81 | 0x83 | 0x8A | 0x9A | 0x8C | 0x9C | 0x8F | 0x9F => Evidence::Against,
        _ => Evidence::None,
    }
}

/// Whether a byte is a letter in windows-1251 (and so also in KZ-1048).
#[inline]
fn is_cp1251_letter(b: u8) -> bool {
    b >= 0xC0
        || matches!(
            b,
            0x80 | 0x81
                | 0x83
                | 0x8A
                | 0x8C..=0x90
                | 0x9A
                | 0x9C..=0x9F
                | 0xA1..=0xA3
                | 0xA5
                | 0xA8
                | 0xAA
                | 0xAF
                | 0xB2..=0xB4
                | 0xB8
                | 0xBA
                | 0xBC..=0xBF
        )
}

/// Whether input that `chardetng` (or a declaration) calls windows-1251 is really
/// KZ-1048, the Kazakh Windows code page.
///
/// KZ-1048 differs from windows-1251 at 16 bytes, where it has the Kazakh letters; in
/// windows-1251 those bytes are letters of Ukrainian, Belarusian, Serbian and
/// Macedonian. Bytes are counted only **inside words** (next to another cp1251 letter
/// byte). Russian text has essentially none of them. Each competing language explains
/// only part of the Kazakh evidence:
///
/// - *strong* Қ қ Һ һ Ә ә Ң ң (= cp1251 Ќ ќ Ћ ћ Ј ј Ѕ ѕ): Serbian/Macedonian;
/// - Ұ ұ (= cp1251 Ў ў): Belarusian;
/// - *weak* Ө ө Ғ ғ Ү ү (= cp1251 Ґ ґ Є є Ї ї) and І і (identical in both code pages):
///   Ukrainian, Belarusian (і);
/// - *against* Ђ ђ Ѓ ѓ Љ љ Њ њ Џ џ (identical in both): Serbian/Macedonian letters
///   that Kazakh never uses.
///
/// Kazakh uses strong and weak letters together (қ ә ң і are among its most frequent
/// letters, ғ ү ө nearly as common); no other cp1251 language does: Serbian and
/// Macedonian have no weak letters, Ukrainian and Belarusian no strong ones.
///
/// **Rule: KZ-1048 iff** there is at least one strong and at least one weak letter, at
/// least 3 Kazakh-position letters in all (strong + Ұұ + weak), and fewer *against*
/// letters than half that total. Consequences: "Қазақ тілі" is KZ-1048; a text whose
/// only evidence is one kind of letter ("Сәлем", "Ұлы дала") stays windows-1251, the
/// trade-off for never mislabelling the other languages.
///
/// Only windows-1251 is refined: its byte layout is the one counted here, and
/// `chardetng` picks windows-1251 for KZ-1048 text (KOI8 or IBM866 letters sit at
/// other bytes, so the same counts would be meaningless there).
pub fn kz1048_evidence(bytes: &[u8]) -> bool {
    let mut strong = 0usize;
    let mut strong_u = 0usize;
    let mut weak = 0usize;
    let mut against = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if !(0x80..0xC0).contains(&b) {
            // ASCII and А–я: the common case, no evidence either way.
            continue;
        }
        let kind = evidence(b);
        if kind == Evidence::None {
            continue;
        }
        let before = i > 0 && is_cp1251_letter(bytes[i - 1]);
        let after = bytes.get(i + 1).is_some_and(|&n| is_cp1251_letter(n));
        if !(before || after) {
            continue;
        }
        match kind {
            Evidence::Strong => strong += 1,
            Evidence::StrongU => strong_u += 1,
            Evidence::Weak => weak += 1,
            Evidence::Against => against += 1,
            Evidence::None => {}
        }
    }
    let kazakh = strong + strong_u + weak;
    strong >= 1 && weak >= 1 && kazakh >= 3 && against * 2 < kazakh
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::ISO_8859_5;

    /// Test-only KZ-1048 encoder: the inverse of [`KZ1048_HIGH`].
    fn encode_kz1048(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    let i = KZ1048_HIGH
                        .iter()
                        .position(|&k| k == c)
                        .unwrap_or_else(|| panic!("{c:?} not in KZ-1048"));
                    0x80 + i as u8
                }
            })
            .collect()
    }

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(
            !unmappable,
            "test text not encodable in {}",
            encoding.name()
        );
        bytes.into_owned()
    }

    fn ok(bytes: &[u8]) -> DecodedText {
        decode(bytes, None).unwrap_or_else(|e| panic!("decode failed: {e}"))
    }

    const RUSSIAN: &str = "Республика Казахстан утверждает себя демократическим, светским, \
        правовым и социальным государством, высшими ценностями которого являются человек, \
        его жизнь, права и свободы. Государственным языком в Республике Казахстан является \
        казахский язык. В государственных организациях и органах местного самоуправления \
        наравне с казахским официально употребляется русский язык. Ёлка стояла у окна, \
        а дети читали «Войну и мир» — книгу, которую любили все.";

    const KAZAKH: &str = "Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және \
        әлеуметтік мемлекет ретінде орнықтырады. Мемлекеттік тіл – қазақ тілі. Ұлттық \
        құндылықтарды сақтау, ғылым мен білімді қолдау, ауыл шаруашылығын өркендету біздің \
        басты міндетіміз. Жаһандық экономикадағы өзгерістер үкіметтің саясатына әсер етеді.";

    const CHINESE: &str = "中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的\
        社会主义国家。社会主义制度是中华人民共和国的根本制度。中华人民共和国的一切权力属于人民。\
        人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。国家实行社会主义市场经济，\
        加强经济立法，完善宏观调控。";

    const TRADITIONAL: &str = "中華民國之主權屬於國民全體。中華民國人民，無分男女、宗教、種族、\
        階級、黨派，在法律上一律平等。人民有居住及遷徙之自由。人民有言論、講學、著作及出版之自由。\
        人民有秘密通訊之自由。人民有信仰宗教之自由。人民有集會及結社之自由。人民之生存權、工作權\
        及財產權，應予保障。";

    /// [`KAZAKH`] encoded by Python: `text.encode('kz1048')`.
    const KAZAKH_PY: &[u8] = b"\x8d\xe0\xe7\xe0\x9d\xf1\xf2\xe0\xed \xd0\xe5\xf1\xef\xf3\xe1\
        \xeb\xe8\xea\xe0\xf1\xfb \xb4\xe7\xb3\xed \xe4\xe5\xec\xee\xea\xf0\xe0\xf2\xe8\xff\xeb\
        \xfb\x9d, \xe7\xe0\xe9\xfb\xf0\xeb\xfb, \x9d\xa2\x9d\xfb\x9d\xf2\xfb\x9d \xe6\xbc\xed\
        \xe5 \xbc\xeb\xe5\xf3\xec\xe5\xf2\xf2\xb3\xea \xec\xe5\xec\xeb\xe5\xea\xe5\xf2 \xf0\xe5\
        \xf2\xb3\xed\xe4\xe5 \xee\xf0\xed\xfb\x9d\xf2\xfb\xf0\xe0\xe4\xfb. \xcc\xe5\xec\xeb\xe5\
        \xea\xe5\xf2\xf2\xb3\xea \xf2\xb3\xeb \x96 \x9d\xe0\xe7\xe0\x9d \xf2\xb3\xeb\xb3. \xa1\
        \xeb\xf2\xf2\xfb\x9d \x9d\xa2\xed\xe4\xfb\xeb\xfb\x9d\xf2\xe0\xf0\xe4\xfb \xf1\xe0\x9d\
        \xf2\xe0\xf3, \xba\xfb\xeb\xfb\xec \xec\xe5\xed \xe1\xb3\xeb\xb3\xec\xe4\xb3 \x9d\xee\
        \xeb\xe4\xe0\xf3, \xe0\xf3\xfb\xeb \xf8\xe0\xf0\xf3\xe0\xf8\xfb\xeb\xfb\xba\xfb\xed \
        \xb4\xf0\xea\xe5\xed\xe4\xe5\xf2\xf3 \xe1\xb3\xe7\xe4\xb3\xbe \xe1\xe0\xf1\xf2\xfb \
        \xec\xb3\xed\xe4\xe5\xf2\xb3\xec\xb3\xe7. \xc6\xe0\x9e\xe0\xed\xe4\xfb\x9d \xfd\xea\xee\
        \xed\xee\xec\xe8\xea\xe0\xe4\xe0\xba\xfb \xb4\xe7\xe3\xe5\xf0\xb3\xf1\xf2\xe5\xf0 \xbf\
        \xea\xb3\xec\xe5\xf2\xf2\xb3\xbe \xf1\xe0\xff\xf1\xe0\xf2\xfb\xed\xe0 \xbc\xf1\xe5\xf0 \
        \xe5\xf2\xe5\xe4\xb3.";

    /// [`RUSSIAN`] without the characters KOI8-R lacks (« » —).
    fn koi8_text() -> String {
        RUSSIAN.replace(['«', '»'], "\"").replace('—', "-")
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if little_endian {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    /// Deterministic pseudo-random bytes (xorshift64).
    fn random_bytes(len: usize, mut state: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn empty() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF", None), Err(DecodeError::Empty));
    }

    #[test]
    fn utf8() {
        let text = "Hello, мир! Қазақстан. 中华人民共和国。\tTab\r\nCRLF\x0c";
        let d = ok(text.as_bytes());
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.bom);
        // Pure ASCII is UTF-8 too.
        assert_eq!(ok(b"plain ascii").encoding, "UTF-8");
    }

    #[test]
    fn utf8_with_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(RUSSIAN.as_bytes());
        let d = ok(&bytes);
        assert_eq!(d.text, RUSSIAN);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.bom);
    }

    #[test]
    fn utf8_bom_then_corrupt() {
        let mut bytes = b"\xEF\xBB\xBFabc".to_vec();
        bytes.push(0xC0);
        bytes.extend_from_slice(b"def");
        assert_eq!(
            decode(&bytes, None),
            Err(DecodeError::InvalidUtf8 { offset: 6 })
        );
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(utf16(KAZAKH, true));
        let d = ok(&bytes);
        assert_eq!(d.text, KAZAKH);
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.bom);
    }

    #[test]
    fn utf16be_with_bom() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(utf16(CHINESE, false));
        let d = ok(&bytes);
        assert_eq!(d.text, CHINESE);
        assert_eq!(d.encoding, "UTF-16BE");
        assert!(d.bom);
    }

    #[test]
    fn utf16_with_bom_malformed() {
        // A lone high surrogate.
        let bytes = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert!(matches!(
            decode(&bytes, None),
            Err(DecodeError::Undecodable { reason }) if reason.contains("UTF-16LE")
        ));
    }

    #[test]
    fn utf16le_without_bom() {
        let d = ok(&utf16(RUSSIAN, true));
        assert_eq!(d.text, RUSSIAN);
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(!d.bom);
    }

    #[test]
    fn utf16be_without_bom() {
        let text = "The Law \"On Languages\" (1997), article 4: мемлекеттік тіл – қазақ тілі.";
        let d = ok(&utf16(text, false));
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn windows_1251_russian() {
        let bytes = encode(WINDOWS_1251, RUSSIAN);
        let d = ok(&bytes);
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, RUSSIAN);
        assert!(!kz1048_evidence(&bytes));
    }

    #[test]
    fn koi8_r_russian() {
        let text = koi8_text();
        let d = ok(&encode(KOI8_R, &text));
        // chardetng guesses KOI8-U; with no byte where the two differ we report KOI8-R.
        assert_eq!(d.encoding, "KOI8-R");
        assert_eq!(d.text, text);
    }

    #[test]
    fn kz1048_kazakh() {
        // The table agrees with Python's codec.
        assert_eq!(encode_kz1048(KAZAKH), KAZAKH_PY);
        let d = ok(KAZAKH_PY);
        assert_eq!(d.encoding, KZ_1048);
        assert_eq!(d.text, KAZAKH);
        assert!(!d.bom);
    }

    #[test]
    fn kz1048_table_is_windows_1251_plus_kazakh() {
        let kazakh = [
            0x8D, 0x8E, 0x9D, 0x9E, 0xA1, 0xA2, 0xA3, 0xA5, 0xAA, 0xAF, 0xB4, 0xBA, 0xBC, 0xBD,
            0xBE, 0xBF,
        ];
        for b in 0x80..=0xFFu8 {
            let byte = [b];
            let (cp1251, _) = WINDOWS_1251.decode_without_bom_handling(&byte);
            let kz = KZ1048_HIGH[usize::from(b - 0x80)].to_string();
            assert_eq!(kz != cp1251, kazakh.contains(&b), "byte {b:#04X}");
            if kazakh.contains(&b) {
                // All 16 are Kazakh letters of the Cyrillic block.
                assert!(matches!(kz.chars().next(), Some('\u{0490}'..='\u{04FF}')));
            }
        }
    }

    #[test]
    fn kz1048_declared_windows_1251_is_refined() {
        // A page declaring windows-1251 but written in KZ-1048.
        let d = decode(KAZAKH_PY, Some(WINDOWS_1251)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.encoding, KZ_1048);
        assert_eq!(d.text, KAZAKH);
    }

    #[test]
    fn other_cp1251_languages_are_not_kz1048() {
        let ukrainian = "Україна є суверенна і незалежна, демократична, соціальна, правова \
            держава. Її столиця – Київ. Ґрунтовні зміни в економіці потребують єдності. \
            Державною мовою в Україні є українська мова.";
        let bytes = encode(WINDOWS_1251, ukrainian);
        assert!(!kz1048_evidence(&bytes));
        let d = ok(&bytes);
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, ukrainian);

        let serbian = "Република Србија је држава српског народа и свих грађана који у њој \
            живе, заснована на владавини права. Људска права остварују се непосредно. \
            Ћирилично писмо је у службеној употреби.";
        assert!(!kz1048_evidence(&encode(WINDOWS_1251, serbian)));

        let macedonian = "Република Македонија е суверена, самостојна, демократска и \
            социјална држава. Ќе се почитуваат слободите и правата на човекот. Ѕидот е \
            стар, но ѓаконот и џамијата се нови.";
        assert!(!kz1048_evidence(&encode(WINDOWS_1251, macedonian)));

        let belarusian = "Рэспубліка Беларусь – унітарная дэмакратычная сацыяльная прававая \
            дзяржава. Усё, што ўтрымліваецца ў Канстытуцыі, мае вышэйшую юрыдычную сілу.";
        assert!(!kz1048_evidence(&encode(WINDOWS_1251, belarusian)));
    }

    #[test]
    fn gb18030_chinese() {
        let d = ok(&encode(GB18030, CHINESE));
        // chardetng says GBK; we decode with the superset and report it.
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, CHINESE);
    }

    #[test]
    fn big5_traditional_chinese() {
        let d = ok(&encode(encoding_rs::BIG5, TRADITIONAL));
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, TRADITIONAL);
    }

    /// Short legacy texts give chardetng and the KZ-1048 rule little evidence. What
    /// happens, documented:
    /// - a short Russian phrase is still windows-1251, but a single short word is not:
    ///   chardetng guesses windows-1252 for "Мир" (a declared charset fixes that);
    /// - a short Kazakh phrase with strong and weak letters is KZ-1048, but one whose
    ///   only Kazakh letter is ә stays windows-1251 (ә reads as Serbian ј).
    #[test]
    fn short_legacy_texts() {
        let d = ok(&encode(WINDOWS_1251, "Привет, мир"));
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, "Привет, мир");

        let d = ok(&encode(WINDOWS_1251, "Мир"));
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "Ìèð");

        let d = ok(&encode_kz1048("Қазақ тілі"));
        assert_eq!(d.encoding, KZ_1048);
        assert_eq!(d.text, "Қазақ тілі");

        let d = ok(&encode_kz1048("Қазақстан Республикасының Үкіметі"));
        assert_eq!(d.encoding, KZ_1048);
        assert_eq!(d.text, "Қазақстан Республикасының Үкіметі");

        let d = ok(&encode_kz1048("Сәлем, әлем!"));
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, "Сјлем, јлем!");
    }

    #[test]
    fn declared_charset_is_honoured_for_legacy_bytes() {
        // Bytes that are valid in both: the declaration decides.
        let text = "Привет, мир";
        let d =
            decode(&encode(ISO_8859_5, text), Some(ISO_8859_5)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.encoding, "ISO-8859-5");
        assert_eq!(d.text, text);
        // A declaration that does not decode the bytes is ignored.
        let d = decode(&encode(WINDOWS_1251, RUSSIAN), Some(encoding_rs::SHIFT_JIS))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.encoding, "windows-1251");
        // Valid UTF-8 wins over a (stale) declaration.
        let d = decode(RUSSIAN.as_bytes(), Some(WINDOWS_1251)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn random_bytes_are_binary() {
        for seed in [1, 0x9E37_79B9_7F4A_7C15, 42] {
            let bytes = random_bytes(4096, seed);
            assert!(
                matches!(decode(&bytes, None), Err(DecodeError::Binary { .. })),
                "seed {seed}"
            );
            // Without NULs the control characters give it away.
            let no_nul: Vec<u8> = bytes.into_iter().filter(|&b| b != 0).collect();
            match decode(&no_nul, None) {
                Err(DecodeError::Binary { reason }) => {
                    assert!(reason.ends_with("% control characters"), "{reason}")
                }
                other => panic!("seed {seed}: {other:?}"),
            }
        }
    }

    #[test]
    fn nul_bytes_are_binary() {
        let bytes = b"Hello\0world, this is mostly text with one NUL byte in it.";
        assert_eq!(
            decode(bytes, None),
            Err(DecodeError::Binary {
                reason: "NUL bytes at offset 5".to_owned()
            })
        );
        // NUL padding is not UTF-16.
        let mut padded = b"Some text ".repeat(10);
        padded.extend_from_slice(&[0; 64]);
        assert!(matches!(
            decode(&padded, None),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn control_heavy_utf8_is_binary() {
        let bytes = "ab\x01cd\x02ef\x03gh\x1b".repeat(20);
        assert!(matches!(
            decode(bytes.as_bytes(), None),
            Err(DecodeError::Binary { reason }) if reason.contains("control")
        ));
        let pua = "\u{E000}\u{E001}text\u{F8FF}".repeat(20);
        assert!(matches!(
            decode(pua.as_bytes(), None),
            Err(DecodeError::Binary { reason }) if reason.contains("private-use")
        ));
        // A few are fine.
        let mut text = RUSSIAN.to_owned();
        text.push_str("\u{FFFD}\x1b");
        assert_eq!(ok(text.as_bytes()).text, text);
    }

    #[test]
    fn invalid_utf8_in_mostly_utf8() {
        let offset = RUSSIAN.char_indices().nth(100).map_or(0, |(i, _)| i);
        let mut bytes = RUSSIAN.as_bytes().to_vec();
        bytes.insert(offset, 0xFF);
        assert_eq!(
            decode(&bytes, None),
            Err(DecodeError::InvalidUtf8 { offset })
        );
        // A truncated last character ("все" without the last byte of "е").
        let text = RUSSIAN.trim_end_matches('.');
        let bytes = &text.as_bytes()[..text.len() - 1];
        assert_eq!(
            decode(bytes, None),
            Err(DecodeError::InvalidUtf8 {
                offset: text.len() - 2
            })
        );
    }

    #[test]
    fn accidental_utf8_sequences_in_cp1251_are_legacy() {
        // "Т«" is D2 AB in cp1251, a valid UTF-8 sequence (U+04AB).
        let text = format!("{RUSSIAN} ПРОЕКТ«ДОМ» ОТВЕТ«ДА» СОВЕТ«НЕТ» ЗАВЕТ«ЕСТЬ» ТЕСТ«ДВА»");
        let bytes = encode(WINDOWS_1251, &text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = ok(&bytes);
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, text);
    }

    #[test]
    fn koi8_u_only_bytes_match_encoding_rs() {
        for b in 0x80..=0xFFu8 {
            let byte = [b];
            let (r, _) = KOI8_R.decode_without_bom_handling(&byte);
            let (u, _) = KOI8_U.decode_without_bom_handling(&byte);
            assert_eq!(r != u, KOI8_U_ONLY.contains(&b), "byte {b:#04X}");
        }
    }

    #[test]
    fn utf8_sequence_len_agrees_with_std() {
        let tails = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        for b0 in 0x80..=0xFFu8 {
            for b1 in 0..=0xFFu8 {
                for b2 in tails {
                    for b3 in tails {
                        let s = [b0, b1, b2, b3];
                        let expected = (2..=4)
                            .find(|&len| std::str::from_utf8(&s[..len]).is_ok())
                            .unwrap_or(0);
                        assert_eq!(utf8_sequence_len(&s), expected, "{s:02X?}");
                    }
                }
            }
        }
        assert_eq!(utf8_sequence_len(&[0xD0]), 0);
        assert_eq!(utf8_sequence_len(&[]), 0);
    }

    #[test]
    fn mostly_utf8_thresholds() {
        // Three valid sequences are not enough evidence.
        assert!(!mostly_utf8(
            "ёжи "
                .as_bytes()
                .iter()
                .chain(b"\xFF")
                .copied()
                .collect::<Vec<_>>()
                .as_slice()
        ));
        // Four are, if they dominate.
        let mut bytes = "ёжики".as_bytes().to_vec();
        bytes.push(0xFF);
        assert!(mostly_utf8(&bytes));
        // Not if more than a third of the non-ASCII bytes are invalid.
        bytes.extend_from_slice(&[0xFF; 6]);
        assert!(!mostly_utf8(&bytes));
    }
}
