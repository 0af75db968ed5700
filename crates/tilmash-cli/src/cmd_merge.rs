//! `tilmash merge`: shard indexes into one index.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::EXIT_SOME_FAILED;

/// Join the indexes of the N shards of a corpus (made with `tilmash index --shard I/N`)
/// into one index in DIR. Its documents.jsonl is byte for byte the one a single
/// `tilmash index` over the whole corpus writes; datapackage.json adds up the shards'
/// totals and failures.
///
/// Every shard must be complete and unchanged (its documents match the size and sha256 in
/// its descriptor), made by this version with the same options and plugins, and all N
/// shards must be given. Records are copied, not re-analyzed; memory holds one line per
/// shard. DIR is replaced atomically, like an index.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash index corpus -o part1 --shard 1/3    # on three machines, or three jobs of a cluster
  tilmash index corpus -o part2 --shard 2/3
  tilmash index corpus -o part3 --shard 3/3
  tilmash merge part1 part2 part3 -o index

Exit codes: 0 merged, 1 a shard is missing, incomplete or unlike the others (nothing is written), 2 merged, but the index holds failed documents.")]
pub struct MergeArgs {
    /// The shard index folders, in any order.
    #[arg(value_name = "SHARD_DIR", required = true)]
    pub shards: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// No summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let summary = tilmash_index::merge(&args.shards, &args.output)
        .with_context(|| format!("merging into {}", args.output.display()))?;
    let t = &summary.totals;
    if !args.quiet {
        eprintln!(
            "tilmash: merged {} shards, {} documents ({} ok, {} failed) in {:.2} s → {}",
            summary.shards,
            t.documents,
            t.ok,
            t.failed,
            summary.seconds,
            summary.out_dir.display()
        );
    }
    if t.failed > 0 || !t.plugin_failures.is_empty() {
        Ok(ExitCode::from(EXIT_SOME_FAILED))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
