//! `tilmash index`: a corpus to `documents.jsonl` + `datapackage.json` + the schema.
//!
//! Documents are analyzed in parallel in fixed-size batches and written in path order,
//! so memory is bounded by one batch whatever the corpus size, and the output is
//! byte-identical for any number of threads. Everything is written into a staging folder
//! inside the output folder and moved into place at the end, descriptor last: a run
//! that is killed leaves the previous index, or no descriptor at all, never a
//! descriptor next to documents it does not describe.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use tilmash_core::Record;

use crate::IndexError;
use crate::descriptor::{
    DESCRIPTOR_NAME, DOCUMENTS_NAME, Descriptor, Failure, PluginNotLoaded, Provenance, Resource,
    RunInfo, RunOptions, SCHEMA_PATH, Tool, Totals,
};
use crate::document::{self, DocumentOptions, hex};
use crate::lock::DirLock;
use crate::plugins::{self, Plugins};
use crate::shard::Shard;
use crate::walk::{self, Input};

/// Name of the staging folder inside the output folder.
pub(crate) const STAGING_NAME: &str = ".tilmash-staging";

/// What `tilmash index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub roots: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub document: DocumentOptions,
    /// Reuse records of unchanged sources from a previous index in `out_dir`.
    pub reuse: bool,
    /// Plugins to run on every record analyzed without errors.
    pub plugins: Plugins,
    /// Plugins that could not start; recorded in the descriptor.
    pub plugins_not_loaded: Vec<PluginNotLoaded>,
    /// Index only this deterministic part of the corpus.
    pub shard: Option<Shard>,
}

/// Told about the run's progress. Called from worker threads (`analyzed`) and from the
/// writer, in path order (`written`).
pub trait Observer: Sync {
    /// The walk is done: `total` documents will be processed.
    fn started(&self, _total: u64) {}
    /// One more document analyzed (any order, any thread).
    fn analyzed(&self) {}
    /// A record was written; `reused` when copied from the previous index.
    fn written(&self, _record: &Record, _reused: bool) {}
    /// Something under a root could not be walked.
    fn walk_problem(&self, _rel: &str, _message: &str) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct Silent;
impl Observer for Silent {}

/// What a finished run did.
#[derive(Debug, Clone)]
pub struct IndexSummary {
    pub totals: Totals,
    pub failed: Vec<Failure>,
    pub out_dir: PathBuf,
    pub seconds: f64,
}

/// Run the index.
pub fn run(options: &IndexOptions, observer: &dyn Observer) -> Result<IndexSummary, IndexError> {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    let out = &options.out_dir;
    fs::create_dir_all(out).map_err(|e| io_err(out, e))?;
    let _lock = DirLock::acquire(out)?;
    let run_options = RunOptions {
        with_text: options.document.analyze.with_text,
        entities: options.document.analyze.extract,
        entity_types: {
            let types = options.document.analyze.types;
            (options.document.analyze.extract && types != tilmash_core::EntityTypes::default())
                .then(|| types.names())
        },
        max_bytes: options.document.max_bytes,
        plugins: options
            .plugins
            .iter()
            .map(|p| p.provenance().key())
            .collect(),
        shard: options.shard.map(|s| s.to_string()),
    };
    let previous = if options.reuse {
        Previous::load(out, &run_options)
    } else {
        None
    };

    let (mut inputs, mut problems) = walk::collect(&options.roots);
    if let Some(shard) = options.shard {
        inputs.retain(|rel| shard.contains(rel));
        problems.retain(|p| shard.contains(&p.rel));
    }
    observer.started((inputs.len() + problems.len()) as u64);

    let staging = out.join(STAGING_NAME);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, e))?;
    }
    fs::create_dir_all(staging.join("schema")).map_err(|e| io_err(&staging, e))?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| IndexError::Threads(e.to_string()))?;
    let jobs = pool.current_num_threads();

    let docs_path = staging.join(DOCUMENTS_NAME);
    let mut writer =
        HashingWriter::new(File::create(&docs_path).map_err(|e| io_err(&docs_path, e))?);
    let mut totals = Totals::default();
    let mut failed = Vec::new();

    // Walk problems become failed records too, merged into path order. Entries are
    // made a batch at a time: memory stays flat however many files the corpus has.
    let mut entries = MergedEntries::new(&inputs, problems);

    // Plugins may need the document text; it is dropped again after they ran unless the
    // user asked for it.
    let mut doc_options = options.document;
    if plugins::need_text(&options.plugins) {
        doc_options.analyze.with_text = true;
    }
    let keep_text = options.document.analyze.with_text;

    let batch = (jobs * 32).max(64);
    loop {
        let chunk = entries.next_batch(batch);
        if chunk.is_empty() {
            break;
        }
        // Each record's line is made on the worker threads too: the writer only writes.
        type Done = (Record, bool, Result<String, serde_json::Error>);
        let results: Vec<Done> = pool.install(|| {
            chunk
                .par_iter()
                .map(|entry| {
                    let (mut record, reused_line) = process(entry, &doc_options, previous.as_ref());
                    let done = match reused_line {
                        Some(line) => (record, true, Ok(line)),
                        None => {
                            let line = plugins::apply(&mut record, &options.plugins, keep_text)
                                .map_or_else(|| serde_json::to_string(&record), Ok);
                            (record, false, line)
                        }
                    };
                    observer.analyzed();
                    done
                })
                .collect()
        });
        for (record, reused, line) in results {
            let line = line.map_err(IndexError::Serialize)?;
            writer
                .write_all(line.as_bytes())
                .and_then(|()| writer.write_all(b"\n"))
                .map_err(|e| io_err(&docs_path, e))?;
            count(&record, reused, &mut totals, &mut failed);
            observer.written(&record, reused);
        }
    }
    let (docs_bytes, docs_hash) = writer.finish().map_err(|e| io_err(&docs_path, e))?;

    let schema_text = pretty(&tilmash_core::record_schema())?;
    let schema_path = staging.join(SCHEMA_PATH);
    write_synced(&schema_path, schema_text.as_bytes())?;

    let finished_at = SystemTime::now();
    let seconds = clock.elapsed().as_secs_f64();
    let descriptor = Descriptor {
        profile: "https://datapackage.org/profiles/2.0/datapackage.json".to_owned(),
        name: "tilmash-index".to_owned(),
        title: "tilmash document index".to_owned(),
        created: crate::time::rfc3339(finished_at),
        resources: vec![
            Resource {
                name: "documents".to_owned(),
                path: DOCUMENTS_NAME.to_owned(),
                format: "jsonl".to_owned(),
                mediatype: "application/jsonl".to_owned(),
                encoding: "utf-8".to_owned(),
                bytes: docs_bytes,
                hash: format!("sha256:{docs_hash}"),
                description: format!(
                    "One tilmash document record (schema {}) per line, sorted by source.path",
                    tilmash_core::SCHEMA_VERSION
                ),
            },
            Resource {
                name: "document-schema".to_owned(),
                path: SCHEMA_PATH.to_owned(),
                format: "json".to_owned(),
                mediatype: "application/schema+json".to_owned(),
                encoding: "utf-8".to_owned(),
                bytes: schema_text.len() as u64,
                hash: format!("sha256:{}", document::sha256_hex(schema_text.as_bytes())),
                description: "JSON Schema of a document record".to_owned(),
            },
        ],
        tilmash: Provenance {
            tool: Tool {
                name: "tilmash".to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            record_schema_version: tilmash_core::SCHEMA_VERSION.to_owned(),
            record_schema: SCHEMA_PATH.to_owned(),
            inputs: options
                .roots
                .iter()
                .map(|r| r.display().to_string())
                .collect(),
            options: run_options,
            plugins: options
                .plugins
                .iter()
                .map(|p| p.provenance().clone())
                .collect(),
            plugins_not_loaded: options.plugins_not_loaded.clone(),
            totals: totals.clone(),
            failed: failed.clone(),
            run: RunInfo {
                started: crate::time::rfc3339(started_at),
                finished: crate::time::rfc3339(finished_at),
                seconds,
                jobs,
            },
        },
    };
    let descriptor_path = staging.join(DESCRIPTOR_NAME);
    write_synced(&descriptor_path, pretty(&descriptor)?.as_bytes())?;

    commit(&staging, out)?;
    Ok(IndexSummary {
        totals,
        failed,
        out_dir: out.clone(),
        seconds,
    })
}

/// Move the staged index into place. The old descriptor goes first and the new one
/// comes last, so at every instant either no descriptor exists or it describes the
/// files beside it.
pub(crate) fn commit(staging: &Path, out: &Path) -> Result<(), IndexError> {
    let old_descriptor = out.join(DESCRIPTOR_NAME);
    match fs::remove_file(&old_descriptor) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(&old_descriptor, e)),
    }
    sync_dir(out);
    rename(&staging.join(DOCUMENTS_NAME), &out.join(DOCUMENTS_NAME))?;
    let schema_dir = out.join("schema");
    fs::create_dir_all(&schema_dir).map_err(|e| io_err(&schema_dir, e))?;
    rename(&staging.join(SCHEMA_PATH), &out.join(SCHEMA_PATH))?;
    sync_dir(&schema_dir);
    sync_dir(out);
    rename(&staging.join(DESCRIPTOR_NAME), &out.join(DESCRIPTOR_NAME))?;
    sync_dir(out);
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

enum Entry {
    File(Input),
    Problem(walk::WalkProblem),
}

/// The walk's files and problems, both sorted by relative path, merged into one sequence
/// handed out in batches.
struct MergedEntries<'a> {
    inputs: &'a walk::Inputs,
    next_input: usize,
    problems: std::iter::Peekable<std::vec::IntoIter<walk::WalkProblem>>,
}

impl<'a> MergedEntries<'a> {
    fn new(inputs: &'a walk::Inputs, problems: Vec<walk::WalkProblem>) -> Self {
        MergedEntries {
            inputs,
            next_input: 0,
            problems: problems.into_iter().peekable(),
        }
    }

    /// Up to `n` entries, in path order; empty when all have been handed out.
    fn next_batch(&mut self, n: usize) -> Vec<Entry> {
        let mut batch = Vec::with_capacity(n);
        while batch.len() < n {
            let file_rel =
                (self.next_input < self.inputs.len()).then(|| self.inputs.rel(self.next_input));
            let take_problem = match (file_rel, self.problems.peek()) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(rel), Some(p)) => p.rel.as_str() < rel,
            };
            if take_problem {
                batch.extend(self.problems.next().map(Entry::Problem));
            } else if file_rel.is_some() {
                batch.push(Entry::File(self.inputs.get(self.next_input)));
                self.next_input += 1;
            } else {
                break;
            }
        }
        batch
    }
}

/// One entry to its record, and the previous index's line when it can be reused.
fn process(
    entry: &Entry,
    options: &DocumentOptions,
    previous: Option<&Previous>,
) -> (Record, Option<String>) {
    let input = match entry {
        Entry::File(input) => input,
        Entry::Problem(p) => {
            let record = tilmash_core::failed(
                tilmash_core::model::Source {
                    path: p.rel.clone(),
                    bytes: None,
                    sha256: None,
                    encoding: None,
                    bom: false,
                    format: None,
                },
                None,
                tilmash_core::model::DocumentError {
                    stage: "walk".to_owned(),
                    message: p.message.clone(),
                },
            );
            return (record, None);
        }
    };
    let Some(previous) = previous.filter(|p| p.entries.contains_key(&input.rel)) else {
        return (
            document::analyze_file(&input.path, &input.rel, options),
            None,
        );
    };
    // Reuse needs the current hash, so the bytes are read either way.
    match document::read_limited(&input.path, options.max_bytes) {
        Ok(bytes) => {
            let sha = document::sha256_hex(&bytes);
            if let Some(line) = previous.line_if_unchanged(&input.rel, &sha)
                && let Ok(record) = serde_json::from_str::<Record>(&line)
            {
                return (record, Some(line));
            }
            let ext = input
                .path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            (
                document::analyze_bytes(&bytes, &input.rel, ext.as_deref(), options),
                None,
            )
        }
        Err(_) => (
            document::analyze_file(&input.path, &input.rel, options),
            None,
        ),
    }
}

fn count(record: &Record, reused: bool, totals: &mut Totals, failed: &mut Vec<Failure>) {
    totals.documents += 1;
    totals.bytes += record.source.bytes.unwrap_or(0);
    if reused {
        totals.reused += 1;
    }
    if let Some(error) = record.errors.first() {
        totals.failed += 1;
        failed.push(Failure {
            path: record.source.path.clone(),
            stage: error.stage.clone(),
            error: error.message.clone(),
        });
    } else {
        totals.ok += 1;
        *totals
            .languages
            .entry(record.language.main.clone())
            .or_default() += 1;
    }
    for e in &record.entities {
        *totals.entities.entry(e.kind.clone()).or_default() += 1;
    }
    totals.paragraphs += record.paragraphs.len() as u64;
    totals.sentences += record.sentences.len() as u64;
    for (name, summary) in &record.summaries {
        if summary.status != tilmash_core::model::SummaryStatus::Ok {
            *totals.plugin_failures.entry(name.clone()).or_default() += 1;
        }
    }
}

/// The previous index in the output folder: where each unchanged record's line is.
struct Previous {
    file: PathBuf,
    /// rel → (sha256, byte offset, line length)
    entries: HashMap<String, (String, u64, usize)>,
}

impl Previous {
    /// Load it only if it is complete (descriptor present, documents hash matching) and
    /// was made by this version with the same record-shaping options.
    fn load(out: &Path, options: &RunOptions) -> Option<Previous> {
        let descriptor: Descriptor =
            serde_json::from_slice(&fs::read(out.join(DESCRIPTOR_NAME)).ok()?).ok()?;
        if descriptor.tilmash.tool.version != env!("CARGO_PKG_VERSION")
            || descriptor.tilmash.record_schema_version != tilmash_core::SCHEMA_VERSION
            || &descriptor.tilmash.options != options
        {
            return None;
        }
        let resource = descriptor
            .resources
            .iter()
            .find(|r| r.path == DOCUMENTS_NAME)?;
        let file = out.join(DOCUMENTS_NAME);
        let mut reader = BufReader::new(File::open(&file).ok()?);
        let mut hasher = Sha256::new();
        let mut entries = HashMap::new();
        let mut offset = 0u64;
        let mut line = String::new();
        loop {
            line.clear();
            let n = reader.read_line(&mut line).ok()?;
            if n == 0 {
                break;
            }
            hasher.update(line.as_bytes());
            let content = line.trim_end_matches('\n');
            // Only the two fields are needed; a full parse of every record would cost
            // as much as the analysis it saves.
            #[derive(serde::Deserialize)]
            struct Head {
                source: HeadSource,
                errors: Vec<serde_json::Value>,
            }
            #[derive(serde::Deserialize)]
            struct HeadSource {
                path: String,
                sha256: Option<String>,
            }
            if let Ok(head) = serde_json::from_str::<Head>(content)
                && let (Some(sha), true) = (head.source.sha256, head.errors.is_empty())
            {
                entries.insert(head.source.path, (sha, offset, content.len()));
            }
            offset += n as u64;
        }
        if format!("sha256:{}", hex(&hasher.finalize())) != resource.hash {
            return None;
        }
        Some(Previous { file, entries })
    }

    fn line_if_unchanged(&self, rel: &str, sha: &str) -> Option<String> {
        let (old_sha, offset, len) = self.entries.get(rel)?;
        if old_sha != sha {
            return None;
        }
        let mut f = File::open(&self.file).ok()?;
        f.seek(SeekFrom::Start(*offset)).ok()?;
        let mut buf = vec![0u8; *len];
        f.read_exact(&mut buf).ok()?;
        String::from_utf8(buf).ok()
    }
}

/// A buffered writer that hashes and counts what passes through.
pub(crate) struct HashingWriter {
    inner: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
}

impl HashingWriter {
    pub(crate) fn new(file: File) -> Self {
        HashingWriter {
            inner: BufWriter::with_capacity(1 << 20, file),
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    pub(crate) fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(buf)?;
        self.hasher.update(buf);
        self.bytes += buf.len() as u64;
        Ok(())
    }

    pub(crate) fn finish(self) -> std::io::Result<(u64, String)> {
        let file = self.inner.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok((self.bytes, hex(&self.hasher.finalize())))
    }
}

pub(crate) fn pretty<T: serde::Serialize>(value: &T) -> Result<String, IndexError> {
    let mut s = serde_json::to_string_pretty(value).map_err(IndexError::Serialize)?;
    s.push('\n');
    Ok(s)
}

pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let mut f = File::create(path).map_err(|e| io_err(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| io_err(path, e))
}

fn rename(from: &Path, to: &Path) -> Result<(), IndexError> {
    fs::rename(from, to).map_err(|e| io_err(to, e))
}

/// Make renames durable. Best effort: not every platform can open a directory.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

pub(crate) fn io_err(path: &Path, source: std::io::Error) -> IndexError {
    IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}
