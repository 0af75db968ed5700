//! `tilmash analyze`: one document to one record on stdout.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::{EXIT_SOME_FAILED, RecordArgs, display, is_stdin};

/// Analyze one document and print its record: the same JSON as one line of an index.
///
/// The encoding is detected (UTF-8/16, windows-1251, KOI8-R, KZ-1048, GB18030, Big5) and
/// HTML reduced to its main text. A file that cannot be decoded still yields a record,
/// with the cause under `errors`, and exit code 2.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash analyze corpus/seeds/000.txt
  tilmash analyze page.html --pretty
  iconv -f utf-8 -t cp1251 < a.txt | tilmash analyze -    # legacy encodings are detected")]
pub struct AnalyzeArgs {
    /// The document to analyze, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
    /// Indent the JSON for reading (default: one line, as in documents.jsonl).
    #[arg(long)]
    pub pretty: bool,
    #[command(flatten)]
    pub record: RecordArgs,
    #[command(flatten)]
    pub plugins: crate::plugins::PluginArgs,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let loaded = args.plugins.load()?;
    let plugins = loaded.plugins;
    let keep_text = args.record.with_text;
    let mut options = args.record.document_options()?;
    if tilmash_index::plugins::need_text(&plugins) {
        options.analyze.with_text = true;
    }
    let record = if is_stdin(&args.input) {
        let bytes = crate::read_stdin(options.max_bytes)?;
        if bytes.len() as u64 > options.max_bytes {
            anyhow::bail!(
                "<stdin>: input larger than the {} byte limit (raise it with --max-bytes)",
                options.max_bytes
            );
        }
        tilmash_index::analyze_bytes(&bytes, "-", None, &options)
    } else {
        let rel = args
            .input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display(&args.input));
        tilmash_index::analyze_file(&args.input, &rel, &options)
    };
    let mut record = record;
    tilmash_index::plugins::apply(&mut record, &plugins, keep_text);
    let json = if args.pretty {
        serde_json::to_string_pretty(&record)?
    } else {
        serde_json::to_string(&record)?
    };
    crate::print_line(&json)?;
    if let Some(error) = record.errors.first() {
        eprintln!("tilmash: {}: {}", display(&args.input), error.message);
        return Ok(ExitCode::from(EXIT_SOME_FAILED));
    }
    if !loaded.not_loaded.is_empty() {
        return Ok(ExitCode::from(EXIT_SOME_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}
