//! One writer per index folder.
//!
//! Two runs writing into the same folder would interleave their renames. A lock file
//! holding the writer's pid keeps the second one out; a lock left by a killed run
//! (its pid no longer alive) is taken over.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::IndexError;

pub const LOCK_NAME: &str = ".tilmash.lock";

#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
}

impl DirLock {
    pub fn acquire(dir: &Path) -> Result<DirLock, IndexError> {
        let path = dir.join(LOCK_NAME);
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(DirLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if process_alive(pid) && pid != std::process::id() => {
                            return Err(IndexError::Locked {
                                dir: dir.to_path_buf(),
                                pid,
                            });
                        }
                        // Stale: its writer is gone.
                        _ => {
                            let _ = fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => {
                    return Err(IndexError::Io {
                        path: path.clone(),
                        source: e,
                    });
                }
            }
        }
        Err(IndexError::Io {
            path,
            source: std::io::Error::other("could not take the index lock"),
        })
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap portable check, assume the holder is alive: refusing is safe,
    // and the message tells the user which file to delete.
    true
}
