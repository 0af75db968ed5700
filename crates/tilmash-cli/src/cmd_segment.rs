//! `tilmash segment`: one paragraph, sentence or token per line.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tilmash_core::segment;

use crate::{EXIT_SOME_FAILED, display, read_input};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Unit {
    Paragraph,
    Sentence,
    Token,
}

/// Split a document into paragraphs, sentences or tokens, one per line.
///
/// Paragraphs are blank-line blocks and standalone lines (headings, list items); they are
/// hard sentence boundaries. Sentences handle Kazakh and Russian abbreviations and
/// initials, numbers and dates, quotes and brackets, Chinese 。！？； and full-width forms.
/// Tokens keep compounds ("сондай-ақ") and grouped numbers ("703 070") whole; Chinese is
/// segmented into words with jieba and a policy-vocabulary dictionary. Newlines inside a
/// unit are printed as spaces.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash segment corpus/seeds/001.txt --unit sentence
  echo 'Об этом сообщил Е.Аукенов. Работа идёт.' | tilmash segment - --unit sentence
  tilmash segment corpus/seeds/002.txt --unit token --lang zh")]
pub struct SegmentArgs {
    /// The document, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
    /// What to print, one per line.
    #[arg(long, value_enum, default_value_t = Unit::Sentence)]
    pub unit: Unit,
    /// Language for abbreviation rules (kk, ru, zh, …); `auto` takes each paragraph's
    /// detected language.
    #[arg(long, value_name = "L", default_value = "auto")]
    pub lang: String,
}

pub fn run(args: SegmentArgs) -> anyhow::Result<ExitCode> {
    let decoded = match read_input(&args.input)? {
        Ok(decoded) => decoded,
        Err(message) => {
            eprintln!("tilmash: {}: {message}", display(&args.input));
            return Ok(ExitCode::from(EXIT_SOME_FAILED));
        }
    };
    let text = decoded.text.as_str();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for para in segment::paragraphs(text) {
        let range = para.range.clone();
        match args.unit {
            Unit::Paragraph => write_unit(&mut out, &text[range])?,
            Unit::Sentence => {
                let lang = if args.lang == "auto" {
                    tilmash_core::langid::guess(&text[range.clone()])
                        .lang
                        .to_owned()
                } else {
                    args.lang.clone()
                };
                for s in segment::sentences_in(text, range, segment::AbbrevLang::from_code(&lang)) {
                    write_unit(&mut out, &text[s])?;
                }
            }
            Unit::Token => {
                for t in segment::tokens(text, range) {
                    write_unit(&mut out, &text[t.range])?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_unit(out: &mut impl Write, unit: &str) -> std::io::Result<()> {
    if unit.contains(['\n', '\r']) {
        out.write_all(unit.replace(['\n', '\r'], " ").as_bytes())?;
    } else {
        out.write_all(unit.as_bytes())?;
    }
    out.write_all(b"\n")
}
