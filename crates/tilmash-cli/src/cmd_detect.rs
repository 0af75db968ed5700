//! `tilmash detect`: the language of a document, or of each line.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use crate::{display, is_stdin};

/// Identify languages: the document's main language, its script, the share of each
/// language and a confidence score, with the language of every paragraph and sentence.
///
/// Kazakh is recognised in Cyrillic, Latin (2021 alphabet) and Arabic script and told
/// apart from Kyrgyz, Tatar, Bashkir, Mongolian, Uzbek, Ukrainian, Belarusian and
/// Bulgarian; Chinese carries `Hans`/`Hant`. `und` means the evidence was too thin.
/// With `--lines`, each input line is judged on its own and printed as `LANG<TAB>SCORE`
/// (score in [0, 1], three decimals; `und` with 0.000 for empty lines).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash detect corpus/seeds/001.txt
  tilmash detect --lines sentences.txt         # one LANG<TAB>SCORE line per input line
  echo 'Qazaqstan Respublikasy' | tilmash detect --lines -")]
pub struct DetectArgs {
    /// The document, or `-` for standard input (any supported encoding; HTML is reduced
    /// to its main text).
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
    /// Judge each line on its own and print `LANG<TAB>SCORE` per line.
    #[arg(long)]
    pub lines: bool,
    /// Indent the document JSON for reading.
    #[arg(long, conflicts_with = "lines")]
    pub pretty: bool,
}

/// The document JSON of `tilmash detect` (fields in this order).
#[derive(Debug, Serialize)]
struct DetectOutput<'a> {
    main: &'a str,
    script: Option<&'a str>,
    score: f64,
    shares: &'a std::collections::BTreeMap<String, f64>,
    paragraphs: Vec<ParagraphOutput<'a>>,
    sentences: &'a [tilmash_core::model::Sentence],
}

#[derive(Debug, Serialize)]
struct ParagraphOutput<'a> {
    start: usize,
    end: usize,
    lang: &'a str,
    score: f64,
    boilerplate: bool,
}

pub fn run(args: DetectArgs) -> anyhow::Result<ExitCode> {
    let name = display(&args.input);
    let bytes = if is_stdin(&args.input) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        bytes
    } else {
        std::fs::read(&args.input).with_context(|| format!("{name}: cannot read"))?
    };
    let extension = args.input.extension().and_then(|e| e.to_str());
    let text = match tilmash_decode::decode_document(&bytes, extension) {
        Ok(decoded) => decoded.text,
        // An empty input has no lines and no language; not an error for `detect`.
        Err(tilmash_decode::DecodeError::Empty) => String::new(),
        Err(e) => anyhow::bail!("{name}: {e}"),
    };
    if args.lines {
        let mut out = BufWriter::new(std::io::stdout().lock());
        for line in text.lines() {
            let g = tilmash_core::langid::guess_sentence(line);
            writeln!(out, "{}\t{:.3}", g.lang, g.score)?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let source = tilmash_core::model::Source {
        path: name,
        bytes: Some(bytes.len() as u64),
        sha256: None,
        encoding: None,
        bom: false,
        format: None,
    };
    let record = tilmash_core::analyze(
        source,
        None,
        &text,
        false,
        tilmash_core::AnalyzeOptions::default(),
    );
    let doc = DetectOutput {
        main: &record.language.main,
        script: record.language.script.as_deref(),
        score: record.language.score.unwrap_or(0.0),
        shares: &record.language.shares,
        paragraphs: record
            .paragraphs
            .iter()
            .map(|p| ParagraphOutput {
                start: p.start,
                end: p.end,
                lang: &p.lang,
                score: p.score.unwrap_or(0.0),
                boilerplate: p.boilerplate,
            })
            .collect(),
        sentences: &record.sentences,
    };
    let json = if args.pretty {
        serde_json::to_string_pretty(&doc)?
    } else {
        serde_json::to_string(&doc)?
    };
    crate::print_line(&json)?;
    Ok(ExitCode::SUCCESS)
}
