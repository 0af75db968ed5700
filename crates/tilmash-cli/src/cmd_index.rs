//! `tilmash index`: a corpus to an index folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::progress::Reporter;
use crate::{EXIT_SOME_FAILED, RecordArgs};

/// Index files and folders into DIR: documents.jsonl (one record per document, sorted by
/// path), datapackage.json (Frictionless descriptor with sizes, sha256 and provenance)
/// and schema/document.schema.json.
///
/// Folders are walked recursively (hidden files skipped, symlink loops reported).
/// Documents are processed in parallel; the output is byte-identical whatever -j is.
/// A file that cannot be read or decoded is reported on stderr (one line), recorded with
/// its error, and the run goes on (exit code 2). Re-running into the same DIR reuses the
/// records of files whose content is unchanged. The index is replaced atomically: an
/// interrupted run leaves the previous index, or no datapackage.json.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash index corpus -o index                   # all cores, progress bar on a terminal
  tilmash index news/ laws/ -o index -j 4 --quiet  # two roots: paths start with news/, laws/
  tilmash index corpus -o index --with-text       # records carry their text
  tilmash index corpus -o index --plugin ./libtilmash_plugin_x.so --isolate  # summaries.x
  tilmash index corpus -o part2 --shard 2/8       # machine 2 of 8; then tilmash merge part*/ -o index

Exit codes: 0 all documents indexed, 1 fatal error, 2 some documents failed (named on stderr).")]
pub struct IndexArgs {
    /// Files and folders to index.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// No progress bar and no summary line (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Analyze every document again instead of reusing unchanged records.
    #[arg(long)]
    pub no_reuse: bool,
    /// Index only shard I of N: the documents whose relative path hashes to it. The split
    /// depends only on the paths, so N machines given the same corpus and I = 1..N each
    /// take a disjoint part; `tilmash merge` joins their indexes into the one a single
    /// run would write.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<tilmash_index::Shard>,
    #[command(flatten)]
    pub record: RecordArgs,
    #[command(flatten)]
    pub plugins: crate::plugins::PluginArgs,
}

pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        if crate::is_stdin(path) {
            anyhow::bail!(
                "index reads files and folders, not standard input (use `tilmash analyze -`)"
            );
        }
    }
    let loaded = args.plugins.load()?;
    let not_loaded = !loaded.not_loaded.is_empty();
    let options = tilmash_index::IndexOptions {
        roots: args.paths.clone(),
        out_dir: args.output.clone(),
        jobs: args.jobs,
        document: args.record.document_options()?,
        reuse: !args.no_reuse,
        plugins: loaded.plugins,
        plugins_not_loaded: loaded.not_loaded,
        shard: args.shard,
    };
    let reporter = Reporter::new(args.quiet);
    let summary = tilmash_index::run(&options, &reporter)
        .with_context(|| format!("indexing into {}", args.output.display()))?;
    reporter.finish();
    let t = &summary.totals;
    if !args.quiet {
        eprintln!(
            "tilmash: indexed {} documents ({} ok, {} failed, {} reused unchanged) in {:.2} s → {}",
            t.documents,
            t.ok,
            t.failed,
            t.reused,
            summary.seconds,
            summary.out_dir.display()
        );
    }
    // A plugin that failed on a document, or could not start at all (--isolate), is a
    // partial failure too: the records are written, the summaries and the descriptor say
    // what happened, and the exit code tells scripts to look.
    if t.failed > 0 || !t.plugin_failures.is_empty() || not_loaded {
        Ok(ExitCode::from(EXIT_SOME_FAILED))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
