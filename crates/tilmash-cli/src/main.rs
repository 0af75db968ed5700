//! `tilmash`: the command-line face of the library crates. Parses arguments, runs one
//! subcommand, maps the outcome to an exit code: 0 success, 1 usage or fatal error,
//! 2 finished but some documents failed.

mod cmd_align;
mod cmd_analyze;
mod cmd_detect;
mod cmd_extract;
mod cmd_index;
mod cmd_merge;
mod cmd_plugin;
mod cmd_schema;
mod cmd_segment;
mod plugins;
mod progress;

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Exit code when the run finished but some documents failed.
pub const EXIT_SOME_FAILED: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "tilmash",
    version,
    about = "Index, segment and analyze Kazakh, Russian and Chinese policy texts",
    long_about = "tilmash turns a folder of Kazakh, Russian and Chinese policy and news documents \
into a structured JSON index: encodings detected, site boilerplate marked, paragraphs and \
sentences with code-point offsets, languages per document, paragraph and sentence.",
    after_help = "Examples:\n  tilmash index corpus -o index        # index a folder, all cores\n  tilmash analyze corpus/seeds/000.txt  # one document's record\n  tilmash schema > record.schema.json   # the record's JSON Schema\n  tilmash detect --lines sentences.txt  # language of each line\n  tilmash align doc.kk.txt doc.ru.txt   # sentence alignment of a translation\n\nExit codes: 0 success, 1 usage or fatal error, 2 finished but some documents failed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Index(cmd_index::IndexArgs),
    Merge(cmd_merge::MergeArgs),
    Analyze(cmd_analyze::AnalyzeArgs),
    Extract(cmd_extract::ExtractArgs),
    Detect(cmd_detect::DetectArgs),
    Schema(cmd_schema::SchemaArgs),
    Segment(cmd_segment::SegmentArgs),
    Align(cmd_align::AlignArgs),
    Plugin(cmd_plugin::PluginArgs),
}

/// Options shared by the commands that build records.
#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// Carry the document text in every record (HTML records always carry it).
    #[arg(long)]
    pub with_text: bool,
    /// Skip entity extraction (dates, counts, agencies, targets): faster when only
    /// structure is needed.
    #[arg(long, conflicts_with = "types")]
    pub no_entities: bool,
    /// Extract only these entity types, comma-separated: date, count, agency, target
    /// (default: all four). Targets are built from dates and counts, which are then
    /// found but not reported.
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub types: Option<Vec<String>>,
    /// Refuse files larger than this many bytes (they are reported, not read). Analysis
    /// holds about 25 times a document in memory: raise it only with memory to match.
    #[arg(long, value_name = "BYTES", default_value_t = tilmash_index::document::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

impl RecordArgs {
    pub fn document_options(&self) -> anyhow::Result<tilmash_index::DocumentOptions> {
        let types = match &self.types {
            Some(names) => tilmash_core::EntityTypes::from_names(names).map_err(|t| {
                anyhow::anyhow!(
                    "unknown entity type {t:?}: use {}",
                    tilmash_core::EntityTypes::NAMES.join(",")
                )
            })?,
            None => tilmash_core::EntityTypes::default(),
        };
        Ok(tilmash_index::DocumentOptions {
            analyze: tilmash_core::AnalyzeOptions {
                with_text: self.with_text,
                extract: !self.no_entities && types != tilmash_core::EntityTypes::NONE,
                types,
                lang: None,
            },
            max_bytes: self.max_bytes,
        })
    }
}

/// A language given on the command line: `auto` (detect) or an ISO 639-1 code.
pub fn forced_language(code: &str) -> anyhow::Result<Option<&'static str>> {
    const KNOWN: &[&str] = &[
        "kk", "ru", "zh", "en", "ky", "tt", "uz", "uk", "be", "bg", "mn", "de", "fr", "tr", "ar",
        "fa", "ug",
    ];
    if code == "auto" {
        return Ok(None);
    }
    KNOWN
        .iter()
        .find(|&&k| k == code)
        .map(|&k| Some(k))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "unknown language {code:?}: use auto or one of {}",
                KNOWN.join(", ")
            )
        })
}

/// A path argument where `-` means standard input.
pub fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // --help and --version are successes; everything else is a usage error (1),
            // not clap's default 2, which tilmash reserves for "some documents failed".
            return if err.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Index(args) => cmd_index::run(args),
        Command::Merge(args) => cmd_merge::run(args),
        Command::Analyze(args) => cmd_analyze::run(args),
        Command::Extract(args) => cmd_extract::run(args),
        Command::Detect(args) => cmd_detect::run(args),
        Command::Schema(args) => cmd_schema::run(args),
        Command::Segment(args) => cmd_segment::run(args),
        Command::Align(args) => cmd_align::run(args),
        Command::Plugin(args) => cmd_plugin::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                // `tilmash … | head` is not an error.
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "tilmash: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Write `text` and a newline to stdout, surfacing errors (broken pipe included).
pub fn print_line(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Standard input, read up to one byte past `max` so the caller can tell the input was
/// over the limit without reading all of it.
pub fn read_stdin(max: u64) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .context("reading standard input")?;
    Ok(bytes)
}

/// Read and decode a document given on the command line (`-` for stdin). The outer
/// error is fatal (stdin unreadable); the inner one is the document's own failure.
pub fn read_input(
    path: &std::path::Path,
) -> anyhow::Result<Result<tilmash_decode::Decoded, String>> {
    let max = tilmash_index::document::DEFAULT_MAX_BYTES;
    let bytes = if is_stdin(path) {
        read_stdin(max)?
    } else {
        match tilmash_index::document::read_limited(path, max) {
            Ok(bytes) => bytes,
            Err(e) => return Ok(Err(e.message)),
        }
    };
    if bytes.len() as u64 > max {
        return Ok(Err(format!("input larger than the {max} byte limit")));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    Ok(tilmash_decode::decode_document(&bytes, ext.as_deref()).map_err(|e| e.to_string()))
}

/// Paths given on the command line, for messages.
pub fn display(path: &std::path::Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
