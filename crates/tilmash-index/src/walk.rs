//! Finding the documents to index.
//!
//! Each PATH given is a root: a file is its own root, a folder is walked recursively.
//! Hidden files and folders (name starting with `.`) are skipped; symbolic links are
//! followed, and a link that loops back into its own ancestry is reported, not followed.
//! The result is sorted by relative path: that order is the index order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One file to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// Its path relative to its root, `/`-separated: the record's `source.path`.
    pub rel: String,
}

/// Something under a root that could not be walked (a symlink loop, an unreadable
/// folder, a root that does not exist). Reported like a failed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub rel: String,
    pub message: String,
}

/// The files found under the roots, sorted by relative path, held compactly: one string
/// of all relative paths and 16 bytes per file, not two heap strings each (a corpus of
/// millions of files would otherwise hold hundreds of megabytes of paths). A file's
/// path is rebuilt from its root and relative path when it is read.
#[derive(Debug, Default)]
pub struct Inputs {
    roots: Vec<PathBuf>,
    /// Every relative path, concatenated.
    rels: String,
    files: Vec<FileRef>,
    /// Paths that cannot be rebuilt from their relative path (a file or folder name
    /// that is not UTF-8: the relative path holds it with U+FFFD), by the start of
    /// the file's relative path in `rels`; in order of that start.
    odd_paths: Vec<(u64, PathBuf)>,
}

#[derive(Debug, Clone, Copy)]
struct FileRef {
    /// Byte range of the relative path in `rels`.
    start: u64,
    len: u32,
    root: u16,
    /// Bytes of the relative path that name the root (`root/`) rather than a path
    /// under it; `u16::MAX`: the file is the root itself.
    prefix: u16,
}

const ROOT_ITSELF: u16 = u16::MAX;

impl FileRef {
    /// This file's relative path in `rels`.
    fn rel(self, rels: &str) -> &str {
        &rels[self.start as usize..self.start as usize + self.len as usize]
    }
}

impl Inputs {
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The relative path of the `i`th file (the record's `source.path`).
    pub fn rel(&self, i: usize) -> &str {
        let f = self.files[i];
        f.rel(&self.rels)
    }

    /// The `i`th file, with the path to read it from.
    pub fn get(&self, i: usize) -> Input {
        self.input(self.files[i])
    }

    fn input(&self, f: FileRef) -> Input {
        let rel = f.rel(&self.rels);
        let path = if let Ok(k) = self.odd_paths.binary_search_by_key(&f.start, |(k, _)| *k) {
            self.odd_paths[k].1.clone()
        } else if f.prefix == ROOT_ITSELF {
            self.roots[f.root as usize].clone()
        } else {
            self.roots[f.root as usize].join(&rel[f.prefix as usize..])
        };
        Input {
            path,
            rel: rel.to_owned(),
        }
    }

    /// Keep the files whose relative path `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        let rels = &self.rels;
        self.files.retain(|f| keep(f.rel(rels)));
    }

    fn push(&mut self, root: usize, rel: &str, prefix: u16, real_path: Option<PathBuf>) {
        let start = self.rels.len() as u64;
        self.rels.push_str(rel);
        if let Some(path) = real_path {
            self.odd_paths.push((start, path));
        }
        self.files.push(FileRef {
            start,
            len: rel.len() as u32,
            root: root as u16,
            prefix,
        });
    }

    /// Sort by relative path (in place: no second table of a million entries); a path
    /// reached twice is indexed once and reported.
    fn sort_and_dedup(&mut self, problems: &mut Vec<WalkProblem>) {
        let rels = &self.rels;
        let rel = |f: &FileRef| f.rel(rels);
        self.files.sort_by(|a, b| rel(a).cmp(rel(b)));
        let mut twice = Vec::new();
        self.files.dedup_by(|later, earlier| {
            let same = rel(later) == rel(earlier);
            if same {
                twice.push(*later);
            }
            same
        });
        for f in twice {
            let again = self.input(f);
            problems.push(WalkProblem {
                message: format!(
                    "given twice (also reached as {}); indexed once",
                    again.path.display()
                ),
                rel: again.rel,
            });
        }
    }
}

/// Collect the files under `roots`. With several roots, each relative path starts with
/// its root's own name so that records from different roots cannot collide.
pub fn collect(roots: &[PathBuf]) -> (Inputs, Vec<WalkProblem>) {
    let mut inputs = Inputs {
        roots: roots.to_vec(),
        ..Inputs::default()
    };
    let mut problems = Vec::new();
    let prefix_roots = roots.len() > 1;
    for (root_index, root) in roots.iter().enumerate() {
        let root_name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| root.display().to_string());
        let prefix = |rel: &str| {
            if prefix_roots {
                format!("{root_name}/{rel}")
            } else {
                rel.to_owned()
            }
        };
        let prefix_len = if prefix_roots {
            u16::try_from(root_name.len() + 1).unwrap_or(ROOT_ITSELF - 1)
        } else {
            0
        };
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if e.depth() == 0 {
                        inputs.push(root_index, &root_name, ROOT_ITSELF, None);
                    } else {
                        let under = relative(root, e.path());
                        let rebuilt = root.join(&under);
                        let real = (rebuilt != e.path()).then(|| e.path().to_path_buf());
                        inputs.push(root_index, &prefix(&under), prefix_len, real);
                    }
                }
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => problems.push(WalkProblem {
                    rel: prefix(&relative(root, e.path())),
                    message: "not a regular file (device, socket or pipe)".to_owned(),
                }),
                Err(err) => {
                    let rel = err
                        .path()
                        .map(|p| prefix(&relative(root, p)))
                        .unwrap_or_else(|| root_name.clone());
                    let message = if let Some(ancestor) = err.loop_ancestor() {
                        format!("symbolic link loop (points back to {})", ancestor.display())
                    } else if let Some(io) = err.io_error() {
                        io.to_string()
                    } else {
                        err.to_string()
                    };
                    problems.push(WalkProblem { rel, message });
                }
            }
        }
    }
    inputs.sort_and_dedup(&mut problems);
    problems.sort_by(|a, b| a.rel.cmp(&b.rel));
    (inputs, problems)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_sorted_skips_hidden_and_reports_loops() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("corpus");
        fs::create_dir_all(root.join("b/sub"))?;
        fs::create_dir_all(root.join(".git"))?;
        fs::write(root.join("b/sub/z.txt"), "z")?;
        fs::write(root.join("a.txt"), "a")?;
        fs::write(root.join(".hidden.txt"), "h")?;
        fs::write(root.join(".git/config"), "c")?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(&root, root.join("b/loop"))?;
        let (inputs, problems) = collect(std::slice::from_ref(&root));
        let rels: Vec<&str> = (0..inputs.len()).map(|i| inputs.rel(i)).collect();
        assert_eq!(rels, ["a.txt", "b/sub/z.txt"]);
        #[cfg(unix)]
        {
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].rel, "b/loop");
            assert!(problems[0].message.contains("loop"), "{problems:?}");
        }
        Ok(())
    }

    #[test]
    fn a_file_root_and_several_roots() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        fs::create_dir_all(dir.path().join("x"))?;
        fs::write(dir.path().join("x/d.txt"), "d")?;
        fs::write(dir.path().join("one.txt"), "1")?;
        let (inputs, _) = collect(&[dir.path().join("one.txt")]);
        assert_eq!(inputs.get(0).rel, "one.txt");
        assert_eq!(inputs.get(0).path, dir.path().join("one.txt"));
        let (inputs, _) = collect(&[dir.path().join("x"), dir.path().join("one.txt")]);
        let rels: Vec<&str> = (0..inputs.len()).map(|i| inputs.rel(i)).collect();
        assert_eq!(rels, ["one.txt", "x/d.txt"]);
        assert_eq!(inputs.get(1).path, dir.path().join("x").join("d.txt"));
        let (_, problems) = collect(&[dir.path().join("missing")]);
        assert_eq!(problems.len(), 1);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_read_from_its_real_path() -> std::io::Result<()> {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir()?;
        let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        fs::write(dir.path().join("a.txt"), "a")?;
        fs::write(dir.path().join(odd), "odd")?;
        fs::write(dir.path().join("z.txt"), "z")?;
        let (inputs, problems) = collect(&[dir.path().to_path_buf()]);
        assert!(problems.is_empty(), "{problems:?}");
        let rels: Vec<&str> = (0..inputs.len()).map(|i| inputs.rel(i)).collect();
        assert_eq!(rels, ["a.txt", "caf\u{FFFD}.txt", "z.txt"]);
        assert_eq!(fs::read_to_string(inputs.get(1).path)?, "odd");
        assert_eq!(fs::read_to_string(inputs.get(2).path)?, "z");
        Ok(())
    }

    #[test]
    fn a_root_given_twice_is_indexed_once_and_reported() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join("one.txt"), "1").unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("one.txt");
        let (inputs, problems) = collect(&[root.clone(), root]);
        assert_eq!(inputs.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("given twice"), "{problems:?}");
    }
}
