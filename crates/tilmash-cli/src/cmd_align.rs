//! `tilmash align`: sentence alignment of a document and its translation.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use tilmash_align::{AlignOptions, Format, Meta};
use tilmash_core::segment;

use crate::{EXIT_SOME_FAILED, display, is_stdin, read_input};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `[1, 2]:[1]:0.77` per line: 0-based sentence indices and a confidence.
    Beads,
    /// Source text, target text, confidence; tab-separated, one bead per line.
    Tsv,
    /// One JSON document with languages and beads (indices, texts, confidence).
    Json,
    /// TMX 1.4b for CAT tools (OmegaT, Trados, memoQ), one <tu> per bead.
    Tmx,
}

/// Align the sentences of a document and its translation (any language pair).
///
/// Without a model: sentence length calibrated on the pair itself, anchors that survive
/// translation (numbers and dates across kk/ru/zh, months, article numbers, punctuation,
/// Latin tokens, cognates across Kazakh and Russian, names transliterated into Chinese)
/// and a lexicon induced from the pair by alternating alignment and IBM-1. Beads are
/// 1–1, 1–2, 2–1, 2–2, 1–3, 3–1 and unaligned 1–0 / 0–1. Unless --presegmented, both
/// texts are split into paragraphs and sentences first.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash align doc.kk.txt doc.ru.txt                      # segment, align, print beads
  tilmash align doc.kk doc.ru --presegmented --format tsv  # one sentence per line given
  tilmash align doc.zh.txt doc.ru.txt --format tmx > doc.tmx
  tilmash align a.kk.txt b.zh.txt --dict terms.tsv --format json

Beads: [0]:[0]:0.91, [1, 2]:[1]:0.77, [3]:[]:0.00 — 0-based sentence indices (vecalign's
notation) and a confidence in [0, 1]; unaligned sentences score 0.")]
pub struct AlignArgs {
    /// The source document, or `-` for standard input.
    #[arg(value_name = "SRC")]
    pub src: PathBuf,
    /// The target document (its translation), or `-` for standard input.
    #[arg(value_name = "TGT")]
    pub tgt: PathBuf,
    /// Inputs hold one segment per line (empty lines are segments too).
    #[arg(long)]
    pub presegmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Beads)]
    pub format: OutputFormat,
    /// Language of SRC (kk, ru, zh, …); guessed from its script and letters if absent.
    #[arg(long, value_name = "L")]
    pub src_lang: Option<String>,
    /// Language of TGT; guessed if absent.
    #[arg(long, value_name = "L")]
    pub tgt_lang: Option<String>,
    /// A dictionary of sure translations: one `source<TAB>target` per line.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Cost weights, `name=value,…` (for experiments; see tilmash_align::Params).
    #[arg(long, value_name = "SPEC", hide = true)]
    pub params: Option<String>,
}

pub fn run(args: AlignArgs) -> anyhow::Result<ExitCode> {
    if is_stdin(&args.src) && is_stdin(&args.tgt) {
        anyhow::bail!("SRC and TGT cannot both be standard input");
    }
    let mut options = AlignOptions::default();
    if let Some(spec) = &args.params {
        options
            .params
            .parse_overrides(spec)
            .map_err(|e| anyhow::anyhow!("--params: {e}"))?;
    }
    if let Some(path) = &args.dict {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading dictionary {}", path.display()))?;
        options.dictionary = tilmash_align::parse_dictionary(&text)
            .map_err(|e| anyhow::anyhow!("dictionary {}: {e}", path.display()))?;
    }
    let mut texts = Vec::with_capacity(2);
    for path in [&args.src, &args.tgt] {
        match read_input(path)? {
            Ok(decoded) => texts.push(decoded.text),
            Err(message) => {
                eprintln!("tilmash: {}: {message}", display(path));
                return Ok(ExitCode::from(EXIT_SOME_FAILED));
            }
        }
    }
    let src_lang = language(args.src_lang.as_deref(), &texts[0]);
    let tgt_lang = language(args.tgt_lang.as_deref(), &texts[1]);
    let src = units(&texts[0], &src_lang, args.presegmented);
    let tgt = units(&texts[1], &tgt_lang, args.presegmented);
    let beads = tilmash_align::align(&src, &tgt, &options);
    let format = match args.format {
        OutputFormat::Beads => Format::Beads,
        OutputFormat::Tsv => Format::Tsv,
        OutputFormat::Json => Format::Json,
        OutputFormat::Tmx => Format::Tmx,
    };
    let meta = Meta {
        src_lang: &src_lang,
        tgt_lang: &tgt_lang,
        version: env!("CARGO_PKG_VERSION"),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    tilmash_align::output::write(&mut out, format, &beads, &src, &tgt, &meta)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The given language, else a guess from the first 64 KiB of the text.
fn language(given: Option<&str>, text: &str) -> String {
    if let Some(lang) = given {
        return lang.to_owned();
    }
    let mut end = text.len().min(1 << 16);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    tilmash_core::langid::guess(&text[..end]).lang.to_owned()
}

/// Segments: the lines as given, or sentences from the project's segmenter.
fn units<'a>(text: &'a str, lang: &str, presegmented: bool) -> Vec<&'a str> {
    if presegmented {
        return tilmash_align::lines(text);
    }
    let abbrev = segment::AbbrevLang::from_code(lang);
    let mut out = Vec::new();
    for para in segment::paragraphs(text) {
        for s in segment::sentences_in(text, para.range, abbrev) {
            out.push(&text[s]);
        }
    }
    out
}
