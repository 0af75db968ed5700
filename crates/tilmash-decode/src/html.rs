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
//! The tree walk is iterative (an explicit stack), so arbitrarily deep nesting cannot
//! overflow the call stack.

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
            Pending::Line => {
                self.trim_end();
                self.out.push('\n');
            }
            Pending::Paragraph => {
                self.trim_end();
                self.out.push_str("\n\n");
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
            if is_collapsible(c) {
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
            if !line.trim().is_empty() {
                self.flush();
                self.out.push_str(line);
            }
        }
    }

    fn finish(mut self) -> String {
        self.trim_end();
        self.out
    }
}

/// Whitespace that collapses outside `<pre>`: HTML's ASCII whitespace plus the no-break
/// space (U+00A0), which old pages use for layout.
fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}' | '\u{00A0}')
}

/// One step of the explicit-stack traversal.
enum Step<N> {
    Open(N),
    Close(N),
}

/// Extract the main text of an HTML document; see the module documentation for the
/// policy and the output format.
pub fn extract_main_text(html: &str) -> String {
    let document = Html::parse_document(html);

    // Candidates for the single main-content root. We only need to know whether there
    // is exactly one, so we stop counting at two.
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
}
#[cfg(test)]
mod timing {
    #[test]
    fn deep_timing() {
        for n in [10_000usize, 50_000, 100_000] {
            let html = format!("<html><body>{}deep text{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
            let t = std::time::Instant::now();
            let out = super::extract_main_text(&html);
            eprintln!("{n}: {:?} {:?}", t.elapsed(), out);
        }
    }
}
