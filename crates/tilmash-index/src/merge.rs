//! `tilmash merge`: shard indexes (`tilmash index --shard I/N`, one per machine) joined
//! into one index whose `documents.jsonl` is byte for byte the one a single run over the
//! whole corpus writes.
//!
//! Every shard must be complete (its descriptor present and its documents matching the
//! size and sha256 the descriptor states), made by this version of tilmash with the same
//! record-shaping options and plugins, and all N shards of one split must be given. The
//! records are not re-analyzed: each shard's file is already sorted by path, so the
//! lines are merged in path order, one line per shard in memory at a time. Totals add up
//! (they are sums over records); the failures are merged in path order. The result is
//! written like an index: staging folder, descriptor last.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use sha2::{Digest, Sha256};

use crate::IndexError;
use crate::descriptor::{DESCRIPTOR_NAME, DOCUMENTS_NAME, Descriptor, SCHEMA_PATH, Totals};
use crate::document::{self, hex};
use crate::index::{HashingWriter, STAGING_NAME, commit, io_err, pretty, write_synced};
use crate::lock::DirLock;
use crate::shard::Shard;

/// What a merge did.
#[derive(Debug, Clone)]
pub struct MergeSummary {
    pub totals: Totals,
    pub shards: usize,
    pub out_dir: PathBuf,
    pub seconds: f64,
}

/// One shard index being read: its descriptor, its split, and its documents line by line.
struct ShardIndex {
    dir: PathBuf,
    descriptor: Descriptor,
    shard: Shard,
    lines: std::io::Lines<BufReader<File>>,
    hasher: Sha256,
    bytes: u64,
    /// The next line and its source path.
    head: Option<(String, String)>,
}

impl ShardIndex {
    fn open(dir: &Path) -> Result<ShardIndex, IndexError> {
        let problem = |message: String| IndexError::Shard {
            dir: dir.to_path_buf(),
            message,
        };
        let descriptor_path = dir.join(DESCRIPTOR_NAME);
        let raw = fs::read(&descriptor_path).map_err(|e| {
            problem(format!(
                "no readable {DESCRIPTOR_NAME} ({e}): not a complete tilmash index"
            ))
        })?;
        let descriptor: Descriptor = serde_json::from_slice(&raw).map_err(|e| {
            problem(format!(
                "{DESCRIPTOR_NAME} is not a tilmash descriptor: {e}"
            ))
        })?;
        let shard: Shard = descriptor
            .tilmash
            .options
            .shard
            .as_deref()
            .ok_or_else(|| problem("not a shard index (made without --shard)".to_owned()))?
            .parse()
            .map_err(|e| problem(format!("{e}")))?;
        let docs = dir.join(DOCUMENTS_NAME);
        let file = File::open(&docs).map_err(|e| io_err(&docs, e))?;
        let mut index = ShardIndex {
            dir: dir.to_path_buf(),
            descriptor,
            shard,
            lines: BufReader::with_capacity(1 << 20, file).lines(),
            hasher: Sha256::new(),
            bytes: 0,
            head: None,
        };
        index.advance()?;
        Ok(index)
    }

    /// Read the next line (hashing it, as the descriptor's hash covers every byte).
    fn advance(&mut self) -> Result<(), IndexError> {
        self.head = match self.lines.next() {
            None => None,
            Some(line) => {
                let line = line.map_err(|e| io_err(&self.dir.join(DOCUMENTS_NAME), e))?;
                self.hasher.update(line.as_bytes());
                self.hasher.update(b"\n");
                self.bytes += line.len() as u64 + 1;
                let path = source_path(&line).ok_or_else(|| IndexError::Shard {
                    dir: self.dir.clone(),
                    message: format!("{DOCUMENTS_NAME} holds a line that is not a record"),
                })?;
                Some((path, line))
            }
        };
        Ok(())
    }

    /// After the last line: do the documents match what the descriptor promised?
    fn verify(&self) -> Result<(), IndexError> {
        let resource = self
            .descriptor
            .resources
            .iter()
            .find(|r| r.path == DOCUMENTS_NAME);
        let hash = format!("sha256:{}", hex(&self.hasher.clone().finalize()));
        match resource {
            Some(r) if r.bytes == self.bytes && r.hash == hash => Ok(()),
            _ => Err(IndexError::Shard {
                dir: self.dir.clone(),
                message: format!(
                    "{DOCUMENTS_NAME} does not match the size and sha256 in {DESCRIPTOR_NAME}: the shard was changed or is incomplete"
                ),
            }),
        }
    }
}

/// The `source.path` of a record line, without parsing the rest of the record.
fn source_path(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        source: HeadSource,
    }
    #[derive(serde::Deserialize)]
    struct HeadSource {
        path: String,
    }
    serde_json::from_str::<Head>(line)
        .ok()
        .map(|h| h.source.path)
}

/// Join the shard indexes in `shards` into one index in `out_dir`.
pub fn merge(shards: &[PathBuf], out_dir: &Path) -> Result<MergeSummary, IndexError> {
    let clock = Instant::now();
    let mut indexes = shards
        .iter()
        .map(|dir| ShardIndex::open(dir))
        .collect::<Result<Vec<_>, _>>()?;
    check_split(&indexes)?;

    fs::create_dir_all(out_dir).map_err(|e| io_err(out_dir, e))?;
    let _lock = DirLock::acquire(out_dir)?;
    let staging = out_dir.join(STAGING_NAME);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, e))?;
    }
    fs::create_dir_all(staging.join("schema")).map_err(|e| io_err(&staging, e))?;
    let result = write_merged(&mut indexes, &staging, out_dir);
    if result.is_err() {
        // Nothing half-merged is left behind; a previous index in `out_dir` is untouched.
        let _ = fs::remove_dir_all(&staging);
    }
    let totals = result?;
    Ok(MergeSummary {
        totals,
        shards: indexes.len(),
        out_dir: out_dir.to_path_buf(),
        seconds: clock.elapsed().as_secs_f64(),
    })
}

/// Merge into `staging`, verify every shard, and move the result into `out_dir`.
fn write_merged(
    indexes: &mut [ShardIndex],
    staging: &Path,
    out_dir: &Path,
) -> Result<Totals, IndexError> {
    let docs_path = staging.join(DOCUMENTS_NAME);
    let mut writer =
        HashingWriter::new(File::create(&docs_path).map_err(|e| io_err(&docs_path, e))?);
    // Path order across shards: each shard is sorted, so the smallest head goes next.
    loop {
        let next = indexes
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.head.as_ref().map(|(path, _)| (path, i)))
            .min()
            .map(|(_, i)| i);
        let Some(i) = next else { break };
        if let Some((_, line)) = indexes[i].head.take() {
            writer
                .write_all(line.as_bytes())
                .and_then(|()| writer.write_all(b"\n"))
                .map_err(|e| io_err(&docs_path, e))?;
        }
        indexes[i].advance()?;
    }
    for index in indexes.iter() {
        index.verify()?;
    }
    let (docs_bytes, docs_hash) = writer.finish().map_err(|e| io_err(&docs_path, e))?;

    let schema_text = pretty(&tilmash_core::record_schema())?;
    write_synced(&staging.join(SCHEMA_PATH), schema_text.as_bytes())?;

    let descriptor = merged_descriptor(indexes, docs_bytes, &docs_hash, &schema_text);
    write_synced(
        &staging.join(DESCRIPTOR_NAME),
        pretty(&descriptor)?.as_bytes(),
    )?;
    commit(staging, out_dir)?;
    Ok(descriptor.tilmash.totals)
}

/// All N shards of one split, each once, made alike.
fn check_split(indexes: &[ShardIndex]) -> Result<(), IndexError> {
    let Some(first) = indexes.first() else {
        return Err(IndexError::Shard {
            dir: PathBuf::from("."),
            message: "no shard indexes given".to_owned(),
        });
    };
    let count = first.shard.count;
    let mut seen = BTreeSet::new();
    for index in indexes {
        let problem = |message: String| IndexError::Shard {
            dir: index.dir.clone(),
            message,
        };
        let p = &index.descriptor.tilmash;
        if index.shard.count != count {
            return Err(problem(format!(
                "shard {} belongs to a split into {}, the first shard given to one into {count}",
                index.shard, index.shard.count
            )));
        }
        if !seen.insert(index.shard.index) {
            return Err(problem(format!("shard {} is given twice", index.shard)));
        }
        if p.tool.version != env!("CARGO_PKG_VERSION")
            || p.record_schema_version != tilmash_core::SCHEMA_VERSION
        {
            return Err(problem(format!(
                "made by tilmash {} (record schema {}); this is tilmash {} (record schema {}): re-index the shard with this version",
                p.tool.version,
                p.record_schema_version,
                env!("CARGO_PKG_VERSION"),
                tilmash_core::SCHEMA_VERSION
            )));
        }
        let mut options = p.options.clone();
        options.shard = None;
        let mut first_options = first.descriptor.tilmash.options.clone();
        first_options.shard = None;
        if options != first_options {
            return Err(problem(format!(
                "made with other options or plugins than {}: records would not be alike",
                first.dir.display()
            )));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| !seen.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(IndexError::Shard {
            dir: first.dir.clone(),
            message: format!("shards missing from the split: {}", missing.join(", ")),
        });
    }
    Ok(())
}

/// The first shard's descriptor, made to describe the whole: sums of the totals, the
/// failures in path order, no shard mark, the run spanning all shard runs.
fn merged_descriptor(
    indexes: &[ShardIndex],
    docs_bytes: u64,
    docs_hash: &str,
    schema_text: &str,
) -> Descriptor {
    let mut descriptor = indexes[0].descriptor.clone();
    descriptor.created = crate::time::rfc3339(SystemTime::now());
    for resource in &mut descriptor.resources {
        if resource.path == DOCUMENTS_NAME {
            resource.bytes = docs_bytes;
            resource.hash = format!("sha256:{docs_hash}");
        } else if resource.path == SCHEMA_PATH {
            resource.bytes = schema_text.len() as u64;
            resource.hash = format!("sha256:{}", document::sha256_hex(schema_text.as_bytes()));
        }
    }
    let t = &mut descriptor.tilmash;
    t.options.shard = None;
    t.totals = Totals::default();
    t.failed.clear();
    for index in indexes {
        let p = &index.descriptor.tilmash;
        add_totals(&mut t.totals, &p.totals);
        t.failed.extend(p.failed.iter().cloned());
        for input in &p.inputs {
            if !t.inputs.contains(input) {
                t.inputs.push(input.clone());
            }
        }
        // RFC 3339 UTC timestamps of one format compare as strings.
        if p.run.started < t.run.started {
            t.run.started = p.run.started.clone();
        }
        if p.run.finished > t.run.finished {
            t.run.finished = p.run.finished.clone();
        }
    }
    t.failed.sort_by(|a, b| a.path.cmp(&b.path));
    // Seconds and threads of all shard runs together: the work the index cost.
    t.run.seconds = indexes
        .iter()
        .map(|i| i.descriptor.tilmash.run.seconds)
        .sum();
    t.run.jobs = indexes.iter().map(|i| i.descriptor.tilmash.run.jobs).sum();
    descriptor
}

fn add_totals(sum: &mut Totals, t: &Totals) {
    sum.documents += t.documents;
    sum.ok += t.ok;
    sum.failed += t.failed;
    sum.reused += t.reused;
    sum.bytes += t.bytes;
    sum.paragraphs += t.paragraphs;
    sum.sentences += t.sentences;
    for (k, v) in &t.languages {
        *sum.languages.entry(k.clone()).or_default() += v;
    }
    for (k, v) in &t.entities {
        *sum.entities.entry(k.clone()).or_default() += v;
    }
    for (k, v) in &t.plugin_failures {
        *sum.plugin_failures.entry(k.clone()).or_default() += v;
    }
}
