//! End-to-end tests of `decode_document`: encoding detection feeding HTML extraction.

use tilmash_decode::{DecodeError, Format, decode_document};

fn cp1251(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn declared_windows_1251_meta_charset_is_honoured() {
    // One short word gives chardetng too little evidence: undeclared, it guesses
    // windows-1252 ("Ìèð").
    let body = cp1251("<p>Мир</p>");
    let undeclared = [b"<html><body>".as_slice(), &body, b"</body></html>"].concat();
    let d = decode_document(&undeclared, Some("html")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(d.text, "Ìèð");

    let declared = [
        b"<!DOCTYPE html><html><head><meta charset=\"windows-1251\"><title>t</title></head><body>"
            .as_slice(),
        &body,
        b"</body></html>",
    ]
    .concat();
    let d = decode_document(&declared, Some("html")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.encoding, "windows-1251");
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.text, "Мир");

    // The http-equiv form, and no extension: the prologue is sniffed.
    let http_equiv = [
        b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=cp1251\">\
          </head><body>"
            .as_slice(),
        &body,
        b"</body></html>",
    ]
    .concat();
    let d = decode_document(&http_equiv, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.encoding, "windows-1251");
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.text, "Мир");
}

#[test]
fn plain_text_stays_text() {
    let text = "Закон Республики Казахстан «О языках».\n\nСтатья 1.";
    let d = decode_document(text.as_bytes(), Some("txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.format, Format::Text);
    assert_eq!(d.text, text);
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(Format::Text.as_str(), "txt");
    // Text that merely mentions a tag is not HTML.
    let d = decode_document(b"Use the <html> element.", None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.format, Format::Text);
}

#[test]
fn html_extension_forces_html() {
    let d = decode_document(b"<p>One &amp; two</p>", Some("HTM")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.format.as_str(), "html");
    assert_eq!(d.text, "One & two");
}

#[test]
fn utf16_html_is_detected_after_decoding() {
    let html = "<!DOCTYPE html><html><body><article><h1>中华人民共和国</h1>\
                <p>Қазақстан Республикасы</p></article></body></html>";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(html.encode_utf16().flat_map(u16::to_le_bytes));
    let d = decode_document(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.encoding, "UTF-16LE");
    assert!(d.bom);
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.text, "中华人民共和国\n\nҚазақстан Республикасы");
}

#[test]
fn errors_pass_through() {
    assert_eq!(
        decode_document(b"", Some("html")).err(),
        Some(DecodeError::Empty)
    );
    let err = decode_document(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("html")).err();
    assert!(matches!(err, Some(DecodeError::Binary { .. })), "{err:?}");
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("binary file (NUL bytes at offset 8)")
    );
}
