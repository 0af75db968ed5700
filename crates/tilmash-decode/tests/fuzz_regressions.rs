//! Inputs that broke a promise of this crate, caught by the fuzz targets' invariant
//! checks (`crates/tilmash-fuzz`), kept as ordinary tests that run on stable.

use tilmash_decode::{DecodeError, Format, decode_document};

/// `decode` target's check: a UTF-8 byte-order mark followed by a second one decoded to a text
/// starting with U+FEFF.
#[test]
fn second_byte_order_mark_is_not_text() {
    let d = decode_document(b"\xEF\xBB\xBF\xEF\xBB\xBFabc", Some("txt")).expect("decodes");
    assert_eq!(d.text, "abc");
    assert!(d.bom);
    let d = decode_document(b"\xFF\xFE\xFF\xFEa\x00b\x00", None).expect("decodes");
    assert_eq!((d.text.as_str(), d.encoding), ("ab", "UTF-16LE"));
    // Nothing but byte-order marks is an empty file.
    assert_eq!(
        decode_document(b"\xEF\xBB\xBF\xEF\xBB\xBF", None).err(),
        Some(DecodeError::Empty)
    );
    // Inside the text a U+FEFF is content and stays.
    let d = decode_document("a\u{FEFF}b".as_bytes(), None).expect("decodes");
    assert_eq!(d.text, "a\u{FEFF}b");
}

/// `decode` target's check: HTML whose first text is a U+FEFF (an entity, or the byte-order
/// mark of an included fragment) gave a text starting with it.
#[test]
fn byte_order_marks_in_html_text_are_dropped() {
    for html in [
        "<html><body><p>&#xFEFF;Мәтін</p></body></html>",
        "<html><body><p>\u{FEFF}Мәтін</p></body></html>",
        "<html><body><pre>\u{FEFF}Мәтін</pre></body></html>",
    ] {
        let d = decode_document(html.as_bytes(), Some("html")).expect("decodes");
        assert_eq!(d.format, Format::Html);
        assert_eq!(d.text, "Мәтін", "{html}");
    }
    let d = decode_document(
        "<body><p>бір</p>\u{FEFF}<p>екі \u{FEFF} үш\u{FEFF}</p></body>".as_bytes(),
        Some("html"),
    )
    .expect("decodes");
    assert_eq!(d.text, "бір\n\nекі үш");
}

/// `decode` target, crash: whitespace that does not collapse (vertical tabs) before the
/// first paragraph break was trimmed away only after deciding to write the break, so the
/// extracted text started with a blank line. The input (deep nesting: the tag-soup path).
#[test]
fn extracted_text_never_starts_with_a_blank_line() {
    let crash = include_bytes!("fuzz/decode-html-leading-blank-lines.bin");
    let (&hint, bytes) = crash.split_first().expect("hint byte");
    assert_eq!(hint % 4, 3, "the input ran with the `HTM` extension hint");
    let d = decode_document(bytes, Some("HTM")).expect("decodes");
    assert!(!d.text.starts_with(char::is_whitespace), "{:?}", d.text);
    assert!(d.text.starts_with("ab\n\nc"), "{:?}", d.text);
    // The same through html5ever (shallow) and the tag-soup extractor (deep), for a
    // paragraph and a line break.
    let deep = format!("\x0b<html><body>{}<p>b</p>", "<div>".repeat(600));
    for (html, text) in [
        (
            "<html><body><p>\u{2003}</p><p>Мәтін</p></body></html>",
            "Мәтін",
        ),
        ("<html><body>\x0b<br>Мәтін</body></html>", "Мәтін"),
        (
            "<html><body><p>\x0b</p><p>а</p><p>\u{2003}</p><p>б</p>",
            "а\n\nб",
        ),
        (deep.as_str(), "b"),
    ] {
        let d = decode_document(html.as_bytes(), Some("html")).expect("decodes");
        assert_eq!(d.text, text, "{html:?}");
    }
}
