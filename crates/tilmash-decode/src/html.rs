//! HTML detection, declared-charset sniffing and main-text extraction.
//!
//! # Extraction policy
//!
//! [`extract_main_text`] parses with `scraper` (html5ever, which follows the WHATWG
//! parsing algorithm and so copes with any malformed input) and then picks a root:
//!
//! 1. If the page has exactly one main-content element (`<main>` or `[role=main]`),
//!    extract from it; otherwise, if it has exactly one `<article>`, extract from that.
//!    Inside this root we still drop `nav`, `aside`, `form`, `[role=navigation]`,
//!    `[role=complementary]`, `[role=search]`, `[hidden]` and `[aria-hidden=true]`, but
//!    keep `header`/`footer`: inside an article they hold its title and byline.
//! 2. Otherwise (or if that root yields no text) extract the `<body>`, dropping in
//!    addition `header`, `footer`, `[role=banner]` and `[role=contentinfo]`: on a whole
//!    page these are site chrome, not the document.
//!
//! Never text, in any mode: `head` (including `title`), `script`, `style`, `noscript`,
//! `template`, `svg`, `math`, `iframe`, `object`, `embed`, `canvas`, `audio`, `video`,
//! `select`, `textarea`, `button`.
//!
//! # Output format
//!
//! Block elements (p, div, headings, li, tr, td/th, blockquote, pre, section, article,
//! dt/dd, figcaption, tables, lists, …) start and end paragraphs, and paragraphs are
//! separated by one blank line (`"\n\n"`). `<br>` is a line break (`"\n"`); two or more
//! in a row (the old way to separate paragraphs) make a paragraph break. Inline elements
//! join with the surrounding text. Inside a paragraph, runs of whitespace (including
//! no-break spaces, which old pages use for indentation) collapse to one space; `<pre>`
//! keeps its lines and indentation. There are no leading or trailing blank lines and no
//! trailing spaces on lines. Entities are decoded by the parser.
//!
//! # Deep nesting
//!
//! The tree walk is iterative (an explicit stack), so deep nesting cannot overflow the
//! call stack. html5ever itself does not recurse either, but its tree construction is
//! quadratic in the nesting depth (50,000 nested `<div>`s take seconds in a release
//! build). So a linear pre-scan estimates the depth first, and beyond 512 levels (where
//! WebKit's parser stops nesting too) a linear tag-soup extractor with the same output
//! format is used instead; it drops the same elements by name but does not select a
//! `main`/`article` root and knows only the common named entities.

use std::borrow::Cow;

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// How far into a file [`sniff_html`] looks for an HTML prologue.
const SNIFF_LIMIT: usize = 1024;

/// How far into a file [`declared_charset`] looks for a `<meta>` charset (the HTML
/// standard's prescan looks at 1024 bytes; pages with long `<head>`s exist, so we allow
/// a little more).
const CHARSET_LIMIT: usize = 2048;

/// Whether raw bytes start like an HTML document: after an optional UTF-8 BOM,
/// whitespace, comments and an XML declaration, the first tag is `<!doctype html`,
/// `<html`, `<head`, `<body` or `<meta` (case-insensitive). Only the first KiB is read.
pub fn sniff_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    starts_like_html(&bytes[..bytes.len().min(SNIFF_LIMIT)])
}

/// [`sniff_html`] for decoded text (catches HTML in encodings the byte sniff cannot read,
/// such as UTF-16).
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.strip_prefix('\u{FEFF}').unwrap_or(text).as_bytes();
    starts_like_html(&bytes[..bytes.len().min(SNIFF_LIMIT)])
}

/// The prologue check shared by [`sniff_html`] and [`looks_like_html`].
fn starts_like_html(mut s: &[u8]) -> bool {
    loop {
        s = s.trim_ascii_start();
        let (open, close): (&[u8], &[u8]) = if s.starts_with(b"<!--") {
            (b"<!--", b"-->")
        } else if s.starts_with(b"<?") {
            (b"<?", b"?>")
        } else {
            break;
        };
        match find(&s[open.len()..], close) {
            Some(i) => s = &s[open.len() + i + close.len()..],
            None => return false,
        }
    }
    const TAGS: [&[u8]; 5] = [b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"];
    TAGS.iter().any(|tag| {
        s.len() >= tag.len()
            && s[..tag.len()].eq_ignore_ascii_case(tag)
            // `<header>` is not `<head>`; a prefix cut off by the limit counts.
            && s
                .get(tag.len())
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
    })
}

/// Position of `needle` in `haystack` (exact bytes).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Position of `needle` in `haystack`, ASCII case-insensitively.
fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The charset declared by the first `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` in the first 2 KiB, as an
/// `encoding_rs` encoding (labels resolved per the WHATWG Encoding standard, so e.g.
/// `cp1251` and `gb2312` work). As the HTML standard requires, a declared UTF-16 means
/// UTF-8 and `x-user-defined` means windows-1252; the `replacement` encoding and
/// unknown labels (including `kz-1048`, which `encoding_rs` does not know) give `None`,
/// leaving the choice to detection.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_LIMIT)];
    let mut pos = 0;
    while let Some(i) = find_ci(&head[pos..], b"<meta") {
        let start = pos + i + b"<meta".len();
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        if let Some(encoding) = charset_in_tag(&head[start..end]) {
            return Some(encoding);
        }
        pos = end;
    }
    None
}

/// Find `charset = value` in the attributes of one `<meta>` tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let mut rest = tag;
    while let Some(i) = find_ci(rest, b"charset") {
        rest = rest[i + b"charset".len()..].trim_ascii_start();
        let Some(after_eq) = rest.strip_prefix(b"=") else {
            continue;
        };
        let value = after_eq.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let len = value
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace()
            })
            .unwrap_or(value.len());
        let encoding = Encoding::for_label(&value[..len])?;
        return if encoding == UTF_16LE || encoding == UTF_16BE {
            Some(UTF_8)
        } else if encoding == X_USER_DEFINED {
            Some(WINDOWS_1252)
        } else if encoding == REPLACEMENT {
            None
        } else {
            Some(encoding)
        };
    }
    None
}

/// Which elements to drop, besides those that are never text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Inside the single `main`/`article`: drop navigation and asides only.
    Content,
    /// The whole body: also drop page header and footer.
    Page,
}

/// Elements whose content is never document text.
fn never_text(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "title"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "select"
            | "textarea"
            | "button"
    )
}

/// Whether the `role` attribute (a space-separated token list) contains `role`.
fn has_role(element: &Element, role: &str) -> bool {
    element.attrs().any(|(name, value)| {
        name == "role"
            && value
                .split_ascii_whitespace()
                .any(|token| token.eq_ignore_ascii_case(role))
    })
}

/// Whether an element (with its subtree) is left out of the text in `mode`.
fn is_dropped(element: &Element, mode: Mode) -> bool {
    let name = element.name();
    if never_text(name) || matches!(name, "nav" | "aside" | "form") {
        return true;
    }
    if mode == Mode::Page && matches!(name, "header" | "footer") {
        return true;
    }
    element.attrs().any(|(attr, value)| match attr {
        "hidden" => true,
        "aria-hidden" => value.trim().eq_ignore_ascii_case("true"),
        "role" => value.split_ascii_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            matches!(token.as_str(), "navigation" | "complementary" | "search")
                || (mode == Mode::Page && matches!(token.as_str(), "banner" | "contentinfo"))
        }),
        _ => false,
    })
}

/// How an element affects the text layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Inline,
    Block,
    Pre,
    LineBreak,
}

fn layout(name: &str) -> Layout {
    match name {
        "br" => Layout::LineBreak,
        "pre" | "listing" | "xmp" | "plaintext" => Layout::Pre,
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl"
        | "dt" | "dd" | "tr" | "td" | "th" | "table" | "thead" | "tbody" | "tfoot" | "caption"
        | "blockquote" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside"
        | "figure" | "figcaption" | "address" | "hr" | "center" | "details" | "summary"
        | "dialog" | "fieldset" | "legend" | "hgroup" | "menu" | "form" | "body" | "html"
        | "option" | "optgroup" => Layout::Block,
        _ => Layout::Inline,
    }
}

/// Pending separator before the next piece of text, in increasing strength.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    None,
    Space,
    Line,
    Paragraph,
}

/// Accumulates text with the layout rules of the module documentation.
struct Writer {
    out: String,
    pending: Pending,
    pre_depth: usize,
}

impl Writer {
    fn new(capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            pending: Pending::None,
            pre_depth: 0,
        }
    }

    fn want(&mut self, separator: Pending) {
        self.pending = self.pending.max(separator);
    }

    /// A line break (`<br>` or a newline in `<pre>`); a second one in a row makes a
    /// paragraph break.
    fn line_break(&mut self) {
        let separator = if self.pending >= Pending::Line {
            Pending::Paragraph
        } else {
            Pending::Line
        };
        self.want(separator);
    }

    /// Emit the pending separator; called right before non-whitespace text.
    fn flush(&mut self) {
        let pending = std::mem::replace(&mut self.pending, Pending::None);
        if self.out.is_empty() {
            return;
        }
        match pending {
            Pending::None => {}
            Pending::Space => {
                if !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
            }
            // Trimming can empty the output: whitespace that does not collapse (a
            // vertical tab, U+2003) is written as text but is still whitespace to
            // `trim_end`. A separator then would start the text with blank lines (the
            // `decode` fuzz target found this, `tests/fuzz_regressions.rs`).
            Pending::Line => {
                self.trim_end();
                if !self.out.is_empty() {
                    self.out.push('\n');
                }
            }
            Pending::Paragraph => {
                self.trim_end();
                if !self.out.is_empty() {
                    self.out.push_str("\n\n");
                }
            }
        }
    }

    fn trim_end(&mut self) {
        let len = self.out.trim_end().len();
        self.out.truncate(len);
    }

    fn text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            self.pre_text(text);
            return;
        }
        // Push maximal runs of non-whitespace as slices; whitespace becomes a pending
        // space (which a pending line or paragraph break overrides).
        let mut run_start = None;
        for (i, c) in text.char_indices() {
            if c == BYTE_ORDER_MARK {
                // Dropped, neither text nor space: see `BYTE_ORDER_MARK`.
                if let Some(start) = run_start.take() {
                    self.out.push_str(&text[start..i]);
                }
            } else if is_collapsible(c) {
                if let Some(start) = run_start.take() {
                    self.out.push_str(&text[start..i]);
                }
                self.want(Pending::Space);
            } else if run_start.is_none() {
                self.flush();
                run_start = Some(i);
            }
        }
        if let Some(start) = run_start {
            self.out.push_str(&text[start..]);
        }
    }

    fn pre_text(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.line_break();
            }
            let line = line.trim_end_matches('\r');
            let line: Cow<'_, str> = if line.contains(BYTE_ORDER_MARK) {
                Cow::Owned(line.replace(BYTE_ORDER_MARK, ""))
            } else {
                Cow::Borrowed(line)
            };
            if !line.trim().is_empty() {
                self.flush();
                self.out.push_str(&line);
            }
        }
    }

    fn finish(mut self) -> String {
        self.trim_end();
        self.out
    }
}

/// U+FEFF in page text is dropped. Pages assembled from files saved with a byte-order
/// mark (server-side includes, PHP templates) carry one where each fragment begins, and
/// `&#xFEFF;` occurs too; kept, it would start the extracted text or a paragraph with an
/// invisible character (caught by the `decode` fuzz target's check).
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// Whitespace that collapses outside `<pre>`: HTML's ASCII whitespace plus the no-break
/// space (U+00A0), which old pages use for layout.
fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}' | '\u{00A0}')
}

/// Nesting depth (as estimated by [`too_deep`]) beyond which we do not build a tree.
///
/// html5ever handles deep nesting without recursion, but many start tags scan the
/// stack of open elements ("has a `p` element in button scope"), so parsing N nested
/// `<div>`s costs O(N²): 50,000 take seconds even in release builds. Real pages are a
/// few dozen levels deep, and WebKit's parser caps the DOM depth at 512 for the same
/// reason; beyond that we use the linear [`extract_flat`].
const MAX_DEPTH: usize = 512;

/// Elements without content (no end tag).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose content is raw text: tags inside them are not tags.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Elements that html5ever closes implicitly (`<p>` before a block, `<li>` before the next
/// `<li>`, table parts, …), so unclosed ones do not nest; [`too_deep`] does not count them.
fn is_auto_closing(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
            | "html"
            | "head"
            | "body"
    )
}

/// A token of the minimal HTML lexer used by [`too_deep`] and [`extract_flat`]. Tag
/// names are lower-cased (borrowed when they already are).
enum Token<'a> {
    /// Character data, entities not yet decoded.
    Text(&'a str),
    /// A start tag. For raw-text elements the content follows as one `Text`.
    Start(Cow<'a, str>),
    /// An end tag.
    End(Cow<'a, str>),
}

/// A forgiving, linear HTML lexer. Comments, doctypes, processing instructions and
/// attributes are skipped (a `>` inside a quoted attribute value ends the tag early,
/// which only leaks some attribute text); a `<` that starts no tag is text. It is only
/// used where a real parse is too expensive, so approximate is good enough.
struct Lexer<'a> {
    html: &'a str,
    pos: usize,
    /// After a raw-text start tag: the element whose end tag ends the raw text.
    raw: Option<Cow<'a, str>>,
    /// An end tag to emit after raw text.
    pending_end: Option<Cow<'a, str>>,
}

impl<'a> Lexer<'a> {
    fn new(html: &'a str) -> Self {
        Lexer {
            html,
            pos: 0,
            raw: None,
            pending_end: None,
        }
    }

    /// The tag name starting at byte `at` (lower-cased) and the byte after it.
    fn name_at(&self, at: usize) -> (Cow<'a, str>, usize) {
        let html: &'a str = self.html;
        let end = html.as_bytes()[at..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':'))
            .map_or(html.len(), |e| at + e);
        let name = &html[at..end];
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        (name, end)
    }

    /// The byte after the next `>` at or after `at` (or the end of input).
    fn after_gt(&self, at: usize) -> usize {
        self.html.as_bytes()[at..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(self.html.len(), |e| at + e + 1)
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(name) = self.pending_end.take() {
            return Some(Token::End(name));
        }
        let html: &'a str = self.html;
        let bytes = html.as_bytes();
        if let Some(name) = self.raw.take() {
            let start = self.pos;
            let mut needle = Vec::with_capacity(name.len() + 2);
            needle.extend_from_slice(b"</");
            needle.extend_from_slice(name.as_bytes());
            let end = match find_ci(&bytes[start..], &needle) {
                Some(i) if name != "plaintext" => start + i,
                _ => html.len(),
            };
            if end < html.len() {
                self.pos = self.after_gt(end + needle.len());
                self.pending_end = Some(name);
            } else {
                self.pos = end;
            }
            if end > start {
                return Some(Token::Text(&html[start..end]));
            }
            return self.pending_end.take().map(Token::End);
        }
        loop {
            let pos = self.pos;
            if pos >= html.len() {
                return None;
            }
            if bytes[pos] != b'<' {
                let end = html[pos..].find('<').map_or(html.len(), |i| pos + i);
                self.pos = end;
                return Some(Token::Text(&html[pos..end]));
            }
            let next = bytes.get(pos + 1).copied().unwrap_or(0);
            if bytes[pos..].starts_with(b"<!--") {
                self.pos = find(&bytes[pos + 4..], b"-->").map_or(html.len(), |i| pos + 4 + i + 3);
            } else if next.is_ascii_alphabetic() {
                let (name, after) = self.name_at(pos + 1);
                self.pos = self.after_gt(after);
                if is_raw_text(&name) {
                    self.raw = Some(name.clone());
                }
                return Some(Token::Start(name));
            } else if next == b'/' && bytes.get(pos + 2).is_some_and(u8::is_ascii_alphabetic) {
                let (name, after) = self.name_at(pos + 2);
                self.pos = self.after_gt(after);
                return Some(Token::End(name));
            } else if matches!(next, b'!' | b'?' | b'/') {
                // Doctype, processing instruction, bogus comment.
                self.pos = self.after_gt(pos + 1);
            } else {
                // A literal `<`: text up to the next `<`.
                let end = html[pos + 1..]
                    .find('<')
                    .map_or(html.len(), |i| pos + 1 + i);
                self.pos = end;
                return Some(Token::Text(&html[pos..end]));
            }
        }
    }
}

/// Whether the element nesting of `html` exceeds `limit`, estimated in linear time by
/// a simplified tree builder: void, raw-text and implicitly closed elements are not
/// counted, and an end tag pops up to the matching open element (if any), as html5ever
/// does for most elements.
fn too_deep(html: &str, limit: usize) -> bool {
    // Cheap early exit: fewer tags than the limit cannot nest deeper than it.
    if html.bytes().filter(|&b| b == b'<').count() <= limit {
        return false;
    }
    let mut stack: Vec<Cow<'_, str>> = Vec::new();
    for token in Lexer::new(html) {
        match token {
            Token::Start(name) => {
                if !(is_void(&name) || is_raw_text(&name) || is_auto_closing(&name)) {
                    stack.push(name);
                    if stack.len() > limit {
                        return true;
                    }
                }
            }
            Token::End(name) => {
                if let Some(i) = stack.iter().rposition(|open| *open == name) {
                    stack.truncate(i);
                }
            }
            Token::Text(_) => {}
        }
    }
    false
}

/// Linear fallback extraction for pathologically nested HTML (see [`MAX_DEPTH`]): the
/// same output format and the same dropped elements as the page mode of
/// [`extract_main_text`] (by element name only; attributes are not read), without
/// building a tree and without the `main`/`article` selection.
fn extract_flat(html: &str) -> String {
    let mut writer = Writer::new(html.len() / 2);
    // The dropped element being skipped, and how many of that name are open inside it.
    let mut skip: Option<(Cow<'_, str>, usize)> = None;
    for token in Lexer::new(html) {
        if let Some((name, depth)) = &mut skip {
            match &token {
                Token::Start(n) if n == name => *depth += 1,
                Token::End(n) if n == name => {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match token {
            Token::Text(text) => writer.text(&decode_entities(text)),
            Token::Start(name) => {
                if is_void(&name) {
                    match &*name {
                        "br" => writer.line_break(),
                        "hr" => writer.want(Pending::Paragraph),
                        _ => {}
                    }
                } else if never_text(&name)
                    || matches!(&*name, "nav" | "aside" | "form" | "header" | "footer")
                {
                    skip = Some((name, 1));
                } else {
                    match layout(&name) {
                        Layout::Block => writer.want(Pending::Paragraph),
                        Layout::Pre => {
                            writer.want(Pending::Paragraph);
                            writer.pre_depth += 1;
                        }
                        Layout::LineBreak => writer.line_break(),
                        Layout::Inline => {}
                    }
                }
            }
            Token::End(name) => match layout(&name) {
                Layout::Block => writer.want(Pending::Paragraph),
                Layout::Pre => {
                    writer.want(Pending::Paragraph);
                    writer.pre_depth = writer.pre_depth.saturating_sub(1);
                }
                Layout::LineBreak | Layout::Inline => {}
            },
        }
    }
    writer.finish()
}

/// Decode character references for [`extract_flat`]: numeric ones (with the HTML
/// standard's windows-1252 reading of `&#128;`–`&#159;`) and the common named ones. An
/// unknown or malformed reference is kept as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let body_len = rest[1..]
            .bytes()
            .take(32)
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'#'))
            .unwrap_or((rest.len() - 1).min(32));
        let body = &rest[1..1 + body_len];
        let decoded = if let Some(number) = body.strip_prefix('#') {
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            value.map(numeric_reference)
        } else {
            named_reference(body)
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let mut used = 1 + body_len;
                if rest[used..].starts_with(';') {
                    used += 1;
                }
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character for `&#value;`, per the HTML standard's numeric reference rules.
fn numeric_reference(value: u32) -> char {
    if let Ok(byte @ 0x80..=0x9F) = u8::try_from(value) {
        let bytes = [byte];
        let (decoded, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
        return decoded.chars().next().unwrap_or('\u{FFFD}');
    }
    match char::from_u32(value) {
        Some('\0') | None => '\u{FFFD}',
        Some(c) => c,
    }
}

/// The common named character references.
fn named_reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "shy" => '\u{AD}',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "sect" => '§',
        "para" => '¶',
        "euro" => '€',
        "cent" => '¢',
        "pound" => '£',
        "yen" => '¥',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        _ => return None,
    })
}

/// One step of the explicit-stack traversal.
enum Step<N> {
    Open(N),
    Close(N),
}

/// Extract the main text of an HTML document; see the module documentation for the
/// policy and the output format.
pub fn extract_main_text(html: &str) -> String {
    if too_deep(html, MAX_DEPTH) {
        return extract_flat(html);
    }
    let document = Html::parse_document(html);

    // Candidates for the single main-content root: the last one seen and how many
    // (saturating; we only need to tell one from several).
    let mut main = (None, 0u8);
    let mut article = (None, 0u8);
    let mut body = None;
    for node in document.tree.nodes() {
        let Some(element_ref) = ElementRef::wrap(node) else {
            continue;
        };
        let element = element_ref.value();
        let name = element.name();
        if name == "main" || has_role(element, "main") {
            main = (Some(element_ref), main.1.saturating_add(1));
        } else if name == "article" {
            article = (Some(element_ref), article.1.saturating_add(1));
        } else if name == "body" && body.is_none() {
            body = Some(element_ref);
        }
    }
    let content_root = match (main, article) {
        ((Some(node), 1), _) => Some(node),
        (_, (Some(node), 1)) => Some(node),
        _ => None,
    };

    let capacity = html.len() / 2;
    if let Some(root) = content_root {
        let text = render(root, Mode::Content, capacity);
        if !text.is_empty() {
            return text;
        }
    }
    render(
        body.unwrap_or_else(|| document.root_element()),
        Mode::Page,
        capacity,
    )
}

/// Render the subtree of `root` as text, dropping what `mode` says.
fn render(root: ElementRef<'_>, mode: Mode, capacity: usize) -> String {
    let mut writer = Writer::new(capacity);
    let mut stack = vec![Step::Open(*root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(node) => match node.value() {
                Node::Text(text) => writer.text(text),
                Node::Element(element) => {
                    if is_dropped(element, mode) {
                        continue;
                    }
                    match layout(element.name()) {
                        Layout::Inline => {}
                        Layout::Block => writer.want(Pending::Paragraph),
                        Layout::Pre => {
                            writer.want(Pending::Paragraph);
                            writer.pre_depth += 1;
                        }
                        Layout::LineBreak => writer.line_break(),
                    }
                    stack.push(Step::Close(node));
                    stack.extend(node.children().rev().map(Step::Open));
                }
                // Comments, doctypes, processing instructions.
                _ => {}
            },
            Step::Close(node) => {
                if let Node::Element(element) = node.value() {
                    match layout(element.name()) {
                        Layout::Block => writer.want(Pending::Paragraph),
                        Layout::Pre => {
                            writer.want(Pending::Paragraph);
                            writer.pre_depth = writer.pre_depth.saturating_sub(1);
                        }
                        Layout::Inline | Layout::LineBreak => {}
                    }
                }
            }
        }
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_only() {
        let html = r#"<!DOCTYPE html>
<html><head><title>Site</title><style>p { color: red }</style></head>
<body>
  <header><a href="/">Home</a></header>
  <nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
  <article>
    <h1>Закон о языках</h1>
    <p>First   paragraph,
       with <b>bold</b> text.</p>
    <script>var x = "<p>not text</p>";</script>
    <p>Second paragraph.</p>
  </article>
  <footer>© 2024 Footer</footer>
</body></html>"#;
        assert_eq!(
            extract_main_text(html),
            "Закон о языках\n\nFirst paragraph, with bold text.\n\nSecond paragraph."
        );
    }

    #[test]
    fn entities_decoded() {
        let html =
            "<p>&laquo;Закон&raquo; &amp; правила&nbsp;&nbsp;2024 &#1178; &#x4E2D; &lt;b&gt;</p>";
        assert_eq!(extract_main_text(html), "«Закон» & правила 2024 Қ 中 <b>");
    }

    #[test]
    fn line_breaks() {
        let html = "<body><p>line one<br>line two<br/>  line three</p><p>next</p>\
                    old style<br><br>paragraphs</body>";
        assert_eq!(
            extract_main_text(html),
            "line one\nline two\nline three\n\nnext\n\nold style\n\nparagraphs"
        );
    }

    #[test]
    fn inline_elements_join() {
        let html = "<p>Қа<b>зақ</b>стан <a href='#'>Республикасы</a>, <i>2024</i>.</p>";
        assert_eq!(extract_main_text(html), "Қазақстан Республикасы, 2024.");
    }

    #[test]
    fn malformed_html() {
        let html = "<html><body><p>Unclosed <b>bold <i>both</p><div>Next<p>Para one\
                    <p>Para two<li>item</ul></span></div></td>trailing";
        assert_eq!(
            extract_main_text(html),
            "Unclosed bold both\n\nNext\n\nPara one\n\nPara two\n\nitem\n\ntrailing"
        );
        // Not even a tag.
        assert_eq!(extract_main_text("just text < 5 & 6"), "just text < 5 & 6");
        assert_eq!(extract_main_text(""), "");
    }

    #[test]
    fn cyrillic_and_chinese_preserved() {
        let html = "<html><head><title>x</title></head><body><h1>Қазақстан Республикасының \
                    Конституциясы</h1><p>中华人民共和国宪法</p><p>Ёлка, «ёж» — ещё</p></body></html>";
        assert_eq!(
            extract_main_text(html),
            "Қазақстан Республикасының Конституциясы\n\n中华人民共和国宪法\n\nЁлка, «ёж» — ещё"
        );
    }

    #[test]
    fn pre_keeps_lines() {
        let html = "<p>Before</p><pre>\n  fn main() {\n      run();\n  }\n</pre><p>After   it</p>";
        assert_eq!(
            extract_main_text(html),
            "Before\n\n  fn main() {\n      run();\n  }\n\nAfter it"
        );
    }

    #[test]
    fn tables_and_lists_are_blocks() {
        let html = "<table><tr><th>Жыл</th><td>2024</td></tr><tr><td>Год</td><td>2025</td></tr>\
                    </table><ul><li>one</li><li>two</li></ul><dl><dt>term</dt><dd>definition</dd></dl>";
        assert_eq!(
            extract_main_text(html),
            "Жыл\n\n2024\n\nГод\n\n2025\n\none\n\ntwo\n\nterm\n\ndefinition"
        );
    }

    #[test]
    fn main_element_is_preferred() {
        let html = "<body><nav>Menu</nav><div class=sidebar>Sidebar text</div>\
                    <main><header><h1>Title</h1></header><p>Body text.</p>\
                    <aside>Related</aside><nav>Pager</nav></main><footer>Footer</footer></body>";
        assert_eq!(extract_main_text(html), "Title\n\nBody text.");
        let html = "<body><div>Chrome</div><div role=\"main\"><p>Main text.</p></div></body>";
        assert_eq!(extract_main_text(html), "Main text.");
    }

    #[test]
    fn several_articles_use_the_body() {
        let html = "<body><header>Site name</header><nav>Menu</nav>\
                    <article><p>First.</p></article><article><p>Second.</p></article>\
                    <div hidden>Hidden</div><div aria-hidden=\"true\">Icon</div>\
                    <div role=\"navigation\">Links</div><form>Search <input></form>\
                    <footer>Footer</footer><div role=contentinfo>Contacts</div></body>";
        assert_eq!(extract_main_text(html), "First.\n\nSecond.");
    }

    #[test]
    fn empty_main_falls_back_to_body() {
        let html = "<body><main></main><div><p>Real text.</p></div></body>";
        assert_eq!(extract_main_text(html), "Real text.");
    }

    #[test]
    fn invisible_elements_dropped() {
        let html = "<body><script>alert('x')</script><style>p{}</style><noscript>Enable JS</noscript>\
                    <p>Text<svg><text>svg text</text></svg> <template><p>tpl</p></template>end</p>\
                    <iframe>frame</iframe><!-- comment --></body>";
        assert_eq!(extract_main_text(html), "Text end");
    }

    #[test]
    fn deeply_nested_divs() {
        for depth in [600, 50_000, 100_000] {
            let html = format!(
                "<html><body><nav>menu</nav>{}<p>deep &amp; text</p>{}<p>after</p></body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            );
            assert!(too_deep(&html, MAX_DEPTH));
            assert_eq!(extract_main_text(&html), "deep & text\n\nafter");
        }
        // Unclosed, too.
        let html = format!("{}text", "<div><span>".repeat(50_000));
        assert_eq!(extract_main_text(&html), "text");
    }

    #[test]
    fn implicitly_closed_elements_do_not_count_as_nesting() {
        let html = "<p>para".repeat(2000) + &"<li>item".repeat(2000) + &"<br>".repeat(2000);
        assert!(!too_deep(&html, MAX_DEPTH));
    }

    /// The linear fallback formats like the tree walk (page mode).
    #[test]
    fn flat_extraction_matches_tree_extraction() {
        let html = "<!DOCTYPE html><html><head><title>T</title><script>if (a<b) {}</script></head>\
                    <body><header>Site</header><nav><a>Menu</a></nav>\
                    <h1>Заголовок &laquo;1&raquo;</h1><div><p>First <b>bold</b>\n  text.</p>\
                    <p>Line<br>break</p></div><pre>\n a\n  b\n</pre><table><tr><td>x</td><td>y</td>\
                    </tr></table><!-- <p>comment</p> --><footer>F</footer></body></html>";
        let flat = extract_flat(html);
        assert_eq!(flat, extract_main_text(html));
        assert_eq!(
            flat,
            "Заголовок «1»\n\nFirst bold text.\n\nLine\nbreak\n\n a\n  b\n\nx\n\ny"
        );
    }

    #[test]
    fn flat_entities() {
        assert_eq!(
            decode_entities("a &amp; b &AMP; &#150; &#x41;&#65 &unknown; & &#0;"),
            "a & b & – AA &unknown; & \u{FFFD}"
        );
    }

    #[test]
    fn sniffing() {
        assert!(sniff_html(b"<!DOCTYPE html><html>"));
        assert!(sniff_html(b"\xEF\xBB\xBF\n  <HTML lang=\"kk\">"));
        assert!(sniff_html(b"<!-- saved page -->\n<html>"));
        assert!(sniff_html(
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">"
        ));
        assert!(sniff_html(b"<head><meta charset=utf-8>"));
        assert!(sniff_html(b"<meta charset=utf-8>"));
        assert!(sniff_html(b"<body>"));
        assert!(!sniff_html(b"<header>Not a document</header>"));
        assert!(!sniff_html(b"Plain text mentioning <html>"));
        assert!(!sniff_html(b"<htmlx>"));
        assert!(!sniff_html(b"<!-- unterminated comment <html>"));
        assert!(!sniff_html(b""));
        assert!(looks_like_html("\u{FEFF}<!doctype HTML>"));
        assert!(!looks_like_html("Заголовок"));
    }

    #[test]
    fn declared_charsets() {
        let found = |html: &[u8]| declared_charset(html).map(Encoding::name);
        assert_eq!(
            found(b"<meta charset=\"windows-1251\">"),
            Some("windows-1251")
        );
        assert_eq!(found(b"<meta charset=cp1251>"), Some("windows-1251"));
        assert_eq!(
            found(b"<META http-equiv='Content-Type' content='text/html; CHARSET=koi8-r'>"),
            Some("KOI8-R")
        );
        assert_eq!(found(b"<meta charset = 'gb2312' />"), Some("GBK"));
        assert_eq!(found(b"<meta name=x><meta charset=big5>"), Some("Big5"));
        // Per the HTML standard.
        assert_eq!(found(b"<meta charset=utf-16le>"), Some("UTF-8"));
        assert_eq!(
            found(b"<meta charset=x-user-defined>"),
            Some("windows-1252")
        );
        assert_eq!(found(b"<meta charset=iso-2022-kr>"), None);
        assert_eq!(found(b"<meta charset=kz-1048>"), None);
        assert_eq!(
            found(b"<meta name=\"description\" content=\"charset\">"),
            None
        );
        assert_eq!(found(b"<p>charset=windows-1251</p>"), None);
        let late = [vec![b' '; 3000], b"<meta charset=windows-1251>".to_vec()].concat();
        assert_eq!(found(&late), None);
    }
}
