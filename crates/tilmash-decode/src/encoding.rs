//! Character-encoding detection and decoding.
//!
//! [`decode`] turns the raw bytes of a file into a `String`, or refuses them. The order
//! of the checks matters and is the policy of this module:
//!
//! 1. **Empty** input (or input that is only a byte-order mark) is [`DecodeError::Empty`].
//! 2. **BOM**: a UTF-8, UTF-16LE or UTF-16BE byte-order mark is authoritative. The BOM is
//!    stripped and `bom` is set. Corrupt UTF-8 after a UTF-8 BOM is
//!    [`DecodeError::InvalidUtf8`]; malformed UTF-16 after a UTF-16 BOM is
//!    [`DecodeError::Undecodable`].
//! 3. **NUL bytes** never occur in text in an ASCII-compatible encoding. If the NULs sit
//!    in an alternating pattern (see [`utf16_without_bom`]) the input is tried as BOM-less
//!    UTF-16; otherwise it is [`DecodeError::Binary`].
//! 4. **Valid UTF-8** (the fast path, `std::str::from_utf8`) is UTF-8. It wins over a
//!    declared HTML charset: non-ASCII text in a legacy encoding is practically never
//!    valid UTF-8 by accident, whereas `<meta charset>` tags often go stale when a file is
//!    re-saved.
//! 5. **Mostly UTF-8 but corrupt** (see [`mostly_utf8`]) is [`DecodeError::InvalidUtf8`]:
//!    decoding such a file as windows-1251 would produce mojibake for every correct
//!    character, so we refuse it and point at the first bad byte.
//! 6. **C0 control bytes**: more than 5% of bytes being C0 controls (other than tab, LF,
//!    CR, form feed) is [`DecodeError::Binary`]. In every ASCII-compatible encoding we
//!    accept, bytes below 0x20 are controls, so this is checked before detection.
//! 7. **Legacy encodings**: a declared charset (from an HTML `<meta>`) is honoured when it
//!    decodes without errors to plausible text; otherwise `chardetng` guesses. GBK guesses
//!    decode as GB18030 (its superset), KOI8-U guesses are reported as KOI8-R when no
//!    byte on which the two differ occurs, and Cyrillic guesses are refined to KZ-1048
//!    when Kazakh letters are evident (see [`kz1048_evidence`]). A legacy decode that hits
//!    an unmappable byte is [`DecodeError::Undecodable`] (we do not silently insert
//!    U+FFFD: offsets into the text must mean something).
//!
//! Every successful decode is finally checked for plausibility (see [`check_plausible`]):
//! too many control, private-use or replacement characters is [`DecodeError::Binary`].

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{
    DecoderResult, Encoding, GB18030, GBK, IBM866, ISO_8859_5, KOI8_R, KOI8_U, REPLACEMENT, UTF_8,
    UTF_16BE, UTF_16LE, WINDOWS_1251, X_USER_DEFINED,
};

use crate::DecodeError;

/// The name reported for the Kazakh Windows code page, which `encoding_rs` does not know.
pub const KZ_1048: &str = "KZ-1048";

/// At most this many bytes are fed to `chardetng`. Its guess is stable long before this,
/// and detection is the slowest step for legacy files.
const DETECT_LIMIT: usize = 1 << 20;

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
    if bytes.len() < 2 || bytes.len() % 2 != 0 {
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
/// non-ASCII bytes. Legacy Cyrillic text forms a valid sequence only by accident (an
/// upper-case letter 0xC0–0xDF followed by one of the few non-letters in 0x80–0xBF), so
/// its ratio is tiny; a UTF-8 file with a stray byte or a truncated last character has a
/// ratio near 1.
///
/// The scan reuses `std::str::from_utf8` on the remaining input after each error, so it
/// is linear in the input length.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut sequences = 0usize;
    let mut in_sequences = 0usize;
    let mut non_ascii = 0usize;
    let mut rest = bytes;
    loop {
        let (valid, invalid_len) = match std::str::from_utf8(rest) {
            Ok(_) => (rest, 0),
            Err(error) => {
                let after = rest.len() - error.valid_up_to();
                (
                    &rest[..error.valid_up_to()],
                    error.error_len().unwrap_or(after),
                )
            }
        };
        let leads = valid.iter().filter(|&&b| b >= 0xC0).count();
        let high = valid.iter().filter(|&&b| b >= 0x80).count();
        sequences += leads;
        in_sequences += high;
        non_ascii += high + invalid_len;
        if invalid_len == 0 {
            break;
        }
        rest = &rest[valid.len() + invalid_len..];
    }
    sequences >= 4 && in_sequences * 3 >= non_ascii * 2
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

/// Whether an ASCII byte is a control character that does not occur in text files.
#[inline]
fn is_bad_ascii(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F
}

/// `part / whole` as a rounded percentage (for error messages).
fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        0
    } else {
        (part * 100 + whole / 2) / whole
    }
}

/// Refuse implausible text: any NUL character (it can only come from UTF-16, where it is
/// not text either), or more than 5% of the characters being C0/C1 controls (other than
/// tab, LF, CR, form feed), private-use characters or U+FFFD replacement characters.
///
/// Works on the UTF-8 bytes, looking at lead bytes only, so no `char` decoding is needed:
/// C1 controls are `C2 80..9F`, BMP private use is `EE xx xx` and `EF 80..A3 xx`,
/// U+FFFD is `EF BF BD`, and the supplementary private-use planes start with
/// `F3 B0..BF` and `F4`.
pub(crate) fn check_plausible(text: &str) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    let mut chars = 0usize;
    let mut controls = 0usize;
    let mut unusual = 0usize;
    let mut nul = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x80 {
            chars += 1;
            if is_bad_ascii(b) {
                controls += 1;
                nul |= b == 0;
            }
            continue;
        }
        if b < 0xC0 {
            continue; // continuation byte
        }
        chars += 1;
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
    if let Some(encoding) = declared {
        if let Ok(decoded) = decode_as(encoding, bytes) {
            return Ok(decoded);
        }
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_LIMIT)];
    detector.feed(sample, sample.len() == bytes.len());
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
    if is_cyrillic_single_byte(encoding) && kz1048_evidence(bytes) {
        let text = decode_kz1048(bytes);
        check_plausible(&text)?;
        return Ok(DecodedText {
            text,
            encoding: KZ_1048,
            bom: false,
        });
    }
    let text = decode_strict(encoding, bytes).map_err(|offset| DecodeError::Undecodable {
        reason: format!("byte {offset} is not valid {}", encoding.name()),
    })?;
    check_plausible(&text)?;
    Ok(DecodedText {
        text,
        encoding: encoding.name(),
        bom: false,
    })
}

/// Bytes that decode differently in KOI8-U (WHATWG's KOI8-RU) and KOI8-R: Ukrainian and
/// Belarusian letters in KOI8-U, box-drawing characters in KOI8-R.
const KOI8_U_ONLY: [u8; 10] = [0xA4, 0xA6, 0xA7, 0xAD, 0xAE, 0xB4, 0xB6, 0xB7, 0xBD, 0xBE];

/// Single-byte Cyrillic encodings `chardetng` may pick for KZ-1048 input.
fn is_cyrillic_single_byte(encoding: &'static Encoding) -> bool {
    encoding == WINDOWS_1251
        || encoding == KOI8_R
        || encoding == KOI8_U
        || encoding == IBM866
        || encoding == ISO_8859_5
}

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
    /// KZ-1048 Ө ө Ғ ғ Ү ү (cp1251 Ґ ґ Є є Ї ї: Ukrainian).
    Weak,
    /// cp1251 = KZ-1048 Ђ ђ Ѓ ѓ Љ љ Њ њ Џ џ: Serbian/Macedonian letters Kazakh never uses.
    Against,
}

/// Classify a byte for [`kz1048_evidence`].
fn evidence(b: u8) -> Evidence {
    match b {
        0x8D | 0x9D | 0x8E | 0x9E | 0xA3 | 0xBC | 0xBD | 0xBE => Evidence::Strong,
        0xA1 | 0xA2 => Evidence::StrongU,
        0xA5 | 0xB4 | 0xAA | 0xBA | 0xAF | 0xBF => Evidence::Weak,
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

/// Whether single-byte Cyrillic input is KZ-1048 rather than windows-1251 (or the
/// Cyrillic encoding `chardetng` guessed).
///
/// The 16 bytes where KZ-1048 differs from windows-1251 are counted only **inside
/// words** (next to another cp1251 letter byte), which is where letters occur; Russian
/// cp1251 text has essentially none of them, since they are letters of other languages.
/// Each competing language explains only part of the Kazakh set:
///
/// - *strong* (Қ қ Һ һ Ә ә Ң ң = cp1251 Ќ ќ Ћ ћ Ј ј Ѕ ѕ): Serbian/Macedonian only;
/// - Ұ ұ (= cp1251 Ў ў): Belarusian only;
/// - *weak* (Ө ө Ғ ғ Ү ү = cp1251 Ґ ґ Є є Ї ї): Ukrainian only;
/// - *against* (Ђ ђ Ѓ ѓ Љ љ Њ њ Џ џ, same in both code pages): Serbian/Macedonian
///   letters that Kazakh never uses.
///
/// Kazakh prose uses letters from several of these groups at once (қ ә ң are among its
/// most frequent letters, and ғ ү ө nearly as common), which no single other cp1251
/// language does. The rule: **KZ-1048 iff** at least one *strong* letter, at least one
/// *weak* letter, at least 3 Kazakh letters in all (strong + Ұұ + weak), and fewer
/// *against* letters than half that total. So Ukrainian (weak only), Belarusian (Ұұ
/// only), Serbian and Macedonian (strong but no weak, plus against letters) and Russian
/// (nothing) stay windows-1251. A Russian text quoting a single Kazakh name without
/// ғ ү ө (e.g. only "Қазақстан") is not recognised; this is a deliberate trade-off for
/// never mislabelling other languages.
pub fn kz1048_evidence(bytes: &[u8]) -> bool {
    let mut strong = 0usize;
    let mut strong_u = 0usize;
    let mut weak = 0usize;
    let mut against = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if !(0x80..0xC0).contains(&b) {
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

    #[test]
    fn debug_guesses() {
        for (name, bytes) in [
            ("kz", encode_kz1048(KAZAKH)),
            (
                "kz-short",
                encode_kz1048("Қазақстан Республикасының Үкіметі"),
            ),
            ("ru", encode(WINDOWS_1251, RUSSIAN)),
            ("ru-short", encode(WINDOWS_1251, "Привет, мир")),
            ("koi", encode(KOI8_R, &koi8_text())),
            ("gb", encode(GB18030, CHINESE)),
            ("big5", encode(encoding_rs::BIG5, TRADITIONAL)),
        ] {
            let mut d = EncodingDetector::new(Iso2022JpDetection::Deny);
            d.feed(&bytes, true);
            eprintln!("{name}: {}", d.guess(None, Utf8Detection::Deny).name());
        }
    }
}
