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

/// Collect the files under `roots`. With several roots, each relative path starts with
/// its root's own name so that records from different roots cannot collide.
pub fn collect(roots: &[PathBuf]) -> (Vec<Input>, Vec<WalkProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let prefix_roots = roots.len() > 1;
    for root in roots {
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
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = if e.depth() == 0 {
                        root_name.clone()
                    } else {
                        prefix(&relative(root, e.path()))
                    };
                    inputs.push(Input {
                        path: e.path().to_path_buf(),
                        rel,
                    });
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
    inputs.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut deduped: Vec<Input> = Vec::with_capacity(inputs.len());
    for input in inputs {
        if deduped.last().is_some_and(|last| last.rel == input.rel) {
            problems.push(WalkProblem {
                message: format!(
                    "given twice (also reached as {}); indexed once",
                    input.path.display()
                ),
                rel: input.rel,
            });
        } else {
            deduped.push(input);
        }
    }
    problems.sort_by(|a, b| a.rel.cmp(&b.rel));
    (deduped, problems)
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
        let rels: Vec<&str> = inputs.iter().map(|i| i.rel.as_str()).collect();
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
        assert_eq!(inputs[0].rel, "one.txt");
        let (inputs, _) = collect(&[dir.path().join("x"), dir.path().join("one.txt")]);
        let rels: Vec<&str> = inputs.iter().map(|i| i.rel.as_str()).collect();
        assert_eq!(rels, ["one.txt", "x/d.txt"]);
        let (_, problems) = collect(&[dir.path().join("missing")]);
        assert_eq!(problems.len(), 1);
        Ok(())
    }
}
