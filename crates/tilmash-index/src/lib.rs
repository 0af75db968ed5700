//! tilmash-index: a corpus on disk to a JSON index an archivist can trust.
//!
//! [`walk`] finds the files, [`document`] turns one file into one record (never failing:
//! errors go into the record), [`index`] runs documents in parallel and writes the
//! index atomically, and [`descriptor`] defines `datapackage.json`. [`shard`] picks a
//! deterministic part of a corpus and [`merge`] joins the shard indexes into one.

pub mod descriptor;
pub mod document;
pub mod index;
mod lock;
pub mod merge;
pub mod plugins;
pub mod shard;
mod time;
pub mod walk;

use std::path::PathBuf;

pub use document::{DocumentOptions, analyze_bytes, analyze_file};
pub use index::{IndexOptions, IndexSummary, Observer, Silent, run};
pub use merge::{MergeSummary, merge};
pub use plugins::{DocumentPlugin, Plugins};
pub use shard::Shard;

/// Errors that stop a whole run. A bad document never does: it becomes a record with
/// errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: another tilmash index (pid {pid}) is writing here; wait for it or remove {}/.tilmash.lock if it is gone",
        dir.display(), dir.display()
    )]
    Locked { dir: PathBuf, pid: u32 },
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    #[error("cannot serialize a record: {0}")]
    Serialize(#[source] serde_json::Error),
    #[error("{}: {message}", dir.display())]
    Shard { dir: PathBuf, message: String },
}
