//! One run per source at a time: an exclusive lock file under `<root>/state/locks/`, with
//! stale-lock recovery when the holder's process is gone.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A held source lock; released on drop.
#[derive(Debug)]
pub struct SourceLock {
    path: PathBuf,
}

impl SourceLock {
    /// Takes the lock of `source`, recovering it when its holder is no longer running.
    ///
    /// # Errors
    /// [`Error::Locked`] when a live process holds it; [`Error::Io`] on file errors.
    pub fn acquire(state_dir: &Path, source: &str, now: &str) -> Result<Self> {
        let dir = state_dir.join("locks");
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join(format!("{source}.lock"));
        let host = hostname();
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    writeln!(f, "{} {host} {now}", std::process::id()).map_err(|e| Error::io(&path, e))?;
                    return Ok(Self { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let mut parts = text.split_whitespace();
                    let pid: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
                    let holder_host = parts.next().unwrap_or("").to_owned();
                    let since = parts.next().unwrap_or("").to_owned();
                    let alive = holder_host != host || Path::new(&format!("/proc/{pid}")).exists();
                    if pid != 0 && alive {
                        return Err(Error::Locked {
                            source_name: source.to_owned(),
                            pid,
                            host: holder_host,
                            since,
                            lock: path.display().to_string(),
                        });
                    }
                    tracing::warn!(source, pid, lock = %path.display(), "Recovering a stale lock whose process is gone.");
                    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::Internal(format!("could not take {}", path.display())))
    }
}

impl Drop for SourceLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "localhost".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_and_stale_lock_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let held = SourceLock::acquire(dir.path(), "uspto", "t0").unwrap();
        let err = SourceLock::acquire(dir.path(), "uspto", "t1").unwrap_err();
        assert!(err.to_string().contains("already being ingested"), "{err}");
        drop(held);
        // A lock left by a dead process (pid that cannot exist) is recovered.
        std::fs::write(dir.path().join("locks/uspto.lock"), format!("4294967 {} t0\n", hostname())).unwrap();
        SourceLock::acquire(dir.path(), "uspto", "t2").unwrap();
    }
}
