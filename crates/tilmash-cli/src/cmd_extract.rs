//! `tilmash extract`: the entities of one document as JSON Lines.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::{EXIT_SOME_FAILED, display, forced_language, read_input};

const TYPES: &[&str] = &["date", "count", "agency", "target"];

/// Extract entities from one document: one JSON object per line.
///
/// Each line has `type`, `start`, `end` (code points into the decoded text), `text`,
/// `sentence` (index), `lang` and the type's normalized fields. Dates: `value` (ISO 8601:
/// 2020-01-11, 2020-01, 2020, 2020-H1, 2019/2024, --10-20) and `relative`; relative dates
/// are resolved against the document's own date (a dateline, or the title's year).
/// Counts: `value` (multipliers applied), `unit`, `kind` (cardinal, percent, money,
/// ratio, measure), `qualifier` (at_least, more_than, about, up_to), `currency`.
/// Targets (planned, measurable commitments: a plan or obligation word bound to a count
/// and/or a date in its clause): `quantity` ({value, unit} or null), `deadline` (ISO 8601
/// or null), `direction` (increase, decrease, reach, maintain, produce).
/// Agencies: `canonical` (the name in the nominative), `id` (the same for the body's
/// Kazakh, Russian, Chinese and English names, e.g. "kz.ministry.health"; `x.` + hash for
/// names outside the gazetteer), `kind` (ministry, akimat, court, party, …) and
/// `jurisdiction` ("KZ", "CN-ZJ", "INT" or null).
/// Entities inside site furniture carry `"boilerplate": true`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash extract corpus/seeds/001.txt
  tilmash extract corpus/seeds/002.txt --types date
  tilmash extract corpus/seeds/001.txt --types agency
  echo 'В 2023 году построено 20 новых школ.' | tilmash extract - --lang ru
  echo 'В 2025 году планируется открыть 33 школы.' | tilmash extract - --types target")]
pub struct ExtractArgs {
    /// The document, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
    /// Entity types to extract and print, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "date,count,agency,target"
    )]
    pub types: Vec<String>,
    /// Language of the text (kk, ru, zh, …); `auto` detects it per sentence.
    #[arg(long, value_name = "L", default_value = "auto")]
    pub lang: String,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    for t in &args.types {
        if !TYPES.contains(&t.as_str()) {
            anyhow::bail!("unknown entity type {t:?}: use {}", TYPES.join(","));
        }
    }
    let lang = forced_language(&args.lang)?;
    let decoded = match read_input(&args.input)? {
        Ok(decoded) => decoded,
        Err(message) => {
            eprintln!("tilmash: {}: {message}", display(&args.input));
            return Ok(ExitCode::from(EXIT_SOME_FAILED));
        }
    };
    // Only the requested types are extracted (targets need dates and counts, which the
    // extractor finds for them whether or not they are printed).
    let types = tilmash_core::EntityTypes {
        date: args.types.iter().any(|t| t == "date"),
        count: args.types.iter().any(|t| t == "count"),
        target: args.types.iter().any(|t| t == "target"),
        agency: args.types.iter().any(|t| t == "agency"),
    };
    let options = tilmash_core::AnalyzeOptions {
        with_text: false,
        extract: true,
        types,
        lang,
    };
    let source = tilmash_core::model::Source {
        path: display(&args.input),
        bytes: None,
        sha256: None,
        encoding: Some(decoded.encoding.to_owned()),
        bom: decoded.bom,
        format: Some(decoded.format.as_str().to_owned()),
    };
    let record = tilmash_core::analyze(source, None, &decoded.text, false, options);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for entity in record
        .entities
        .iter()
        .filter(|e| args.types.contains(&e.kind))
    {
        serde_json::to_writer(&mut out, entity)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
