//! Landing: every artifact is copied under `<root>/landing/<source>/` before anything read from
//! it is written (a new file's parse may run meanwhile, see [`crate::runner`]), with its SHA-256
//! and size. Landed objects are content-addressed
//! (`landing/<source>/<sha[0..2]>/<sha>/<file name>`) and never modified.
//!
//! To an object store the bytes stream in a multipart upload, hashed on the way. Under a local
//! root the file is copied by the kernel (`copy_file_range`) in chunks, and each chunk of the
//! landed copy is hashed on a second thread while the next is copied: the identity is that of
//! the bytes landed, no byte passes through a user-space buffer twice, and on two cores landing
//! takes the time of the slower of the two, not of both. Hashed chunks are advised out of the
//! page cache (see `release_from_cache`): landed bytes are kept, not read again in the run.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::error::{Error, Result};

const CHUNK: usize = 8 << 20;
/// Read size when hashing a landed local file.
const HASH_CHUNK: usize = 1 << 20;
/// Bytes copied by the kernel before the hasher is told to read them.
const COPY_CHUNK: u64 = 4 << 20;

/// A landed artifact.
#[derive(Debug, Clone)]
pub struct Landed {
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Object path under the root.
    pub path: ObjectPath,
    /// False when an identical object was already landed.
    pub new: bool,
}

/// Copies local files into the landing zone of an object store.
#[derive(Debug, Clone)]
pub struct Landing {
    store: Arc<dyn ObjectStore>,
    /// The data root's folder, when `store` is a local filesystem rooted there.
    local_root: Option<PathBuf>,
}

impl Landing {
    /// Lands into `store` (rooted at the data root); `local_root` is the root's folder when
    /// the store is a local filesystem rooted there.
    pub fn new(store: Arc<dyn ObjectStore>, local_root: Option<PathBuf>) -> Self {
        Self { store, local_root }
    }

    /// Copies `file` into the landing zone of `source`, returning its identity.
    ///
    /// # Errors
    /// [`Error::Io`] reading or copying the file, [`Error::ObjectStore`] writing it.
    pub async fn land(&self, source: &str, file: &Path, unique: &str) -> Result<Landed> {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "artifact".into());
        let tmp = ObjectPath::from(format!("landing/{source}/_incoming/{unique}-{name}"));
        if let Some(root) = &self.local_root {
            let (root, file, source) = (root.clone(), file.to_owned(), source.to_owned());
            return tokio::task::spawn_blocking(move || land_local(&root, &file, &source, &tmp, &name))
                .await
                .map_err(|e| Error::Internal(format!("landing task: {e}")))?;
        }
        let mut input = tokio::fs::File::open(file).await.map_err(|e| Error::io(file, e))?;
        let mut upload = WriteMultipart::new(self.store.put_multipart(&tmp).await?);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = input.read(&mut buf).await.map_err(|e| Error::io(file, e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            size += n as u64;
            upload.wait_for_capacity(2).await?;
            upload.write(&buf[..n]);
        }
        upload.finish().await?;
        let sha256 = hex::encode(hasher.finalize());
        let path = ObjectPath::from(format!("landing/{source}/{}/{sha256}/{name}", &sha256[..2]));
        let new = match self.store.head(&path).await {
            Ok(_) => {
                self.store.delete(&tmp).await?;
                false
            }
            Err(object_store::Error::NotFound { .. }) => {
                self.store.rename(&tmp, &path).await?;
                true
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Landed { sha256, size, path, new })
    }
}

/// Lands `file` under the local `root`: a kernel copy to `tmp`, then the copy hashed and moved
/// to its content address (or dropped when that object exists).
fn land_local(root: &Path, file: &Path, source: &str, tmp: &ObjectPath, name: &str) -> Result<Landed> {
    // The store's object paths are its file paths below the root.
    let tmp_file = root.join(tmp.as_ref());
    if let Some(dir) = tmp_file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let (size, sha256) = copy_and_hash(file, &tmp_file)?;
    let path = ObjectPath::from(format!("landing/{source}/{}/{sha256}/{name}", &sha256[..2]));
    let landed = root.join(path.as_ref());
    let new = if landed.exists() {
        std::fs::remove_file(&tmp_file).map_err(|e| Error::io(&tmp_file, e))?;
        false
    } else {
        if let Some(dir) = landed.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::rename(&tmp_file, &landed).map_err(|e| Error::io(&landed, e))?;
        true
    };
    Ok(Landed { sha256, size, path, new })
}

/// Bytes behind the hasher that are advised out of the page cache again each time, so that a
/// chunk still being written back at the first advice is dropped at a later one.
const RELEASE_WINDOW: u64 = 8 * COPY_CHUNK;

/// Tells the kernel the landed bytes below `hashed` will not be read soon (`POSIX_FADV_DONTNEED`:
/// dirty pages start writeback, clean ones are dropped). Landed bytes are kept for replay, not
/// read again in this run (the parse reads the source), so a 4 GB artifact does not push 4 GB of
/// other files out of the page cache, and the pages it frees are the ones its next chunks
/// reuse. Measured on the 2-core VM, one core, 4 GB: copying into page cache the guest had not
/// touched cost ~9 s of kernel time per 4 GB (`cp`), against ~2.5 s warm. Best effort: an
/// error (a file system without the advice) changes nothing.
#[cfg(target_os = "linux")]
fn release_from_cache(landed: &std::fs::File, hashed: u64) {
    let from = hashed.saturating_sub(RELEASE_WINDOW);
    let len = std::num::NonZeroU64::new(hashed - from);
    let _ = rustix::fs::fadvise(landed, from, len, rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn release_from_cache(_landed: &std::fs::File, _hashed: u64) {}

/// Copies `file` to `to` chunk by chunk in the kernel, hashing each chunk of the copy on a
/// second thread as soon as it is written; returns the size and SHA-256 of the copy.
fn copy_and_hash(file: &Path, to: &Path) -> Result<(u64, String)> {
    let mut input = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let mut output = std::fs::File::create(to).map_err(|e| Error::io(to, e))?;
    let mut landed = std::fs::File::open(to).map_err(|e| Error::io(to, e))?;
    // Bytes copied so far, sent after each chunk; the channel closes when the copy ends.
    let (copied_tx, copied_rx) = std::sync::mpsc::channel::<u64>();
    std::thread::scope(|scope| {
        let hasher = scope.spawn(move || {
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; HASH_CHUNK];
            let mut hashed = 0u64;
            for copied in copied_rx {
                while hashed < copied {
                    let want = usize::try_from(copied - hashed).unwrap_or(usize::MAX).min(buf.len());
                    match landed.read(&mut buf[..want]) {
                        Ok(0) => {
                            return Err(Error::Internal(format!("{}: landed copy shorter than written", to.display())));
                        }
                        Ok(n) => {
                            hasher.update(&buf[..n]);
                            hashed += n as u64;
                            if hashed.is_multiple_of(COPY_CHUNK) {
                                release_from_cache(&landed, hashed);
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(Error::io(to, e)),
                    }
                }
            }
            Ok((hashed, hex::encode(hasher.finalize())))
        });
        let mut copied = 0u64;
        let copy = loop {
            match std::io::copy(&mut (&mut input).take(COPY_CHUNK), &mut output) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    copied += n;
                    // A hasher gone has failed: its error is the one reported.
                    if copied_tx.send(copied).is_err() {
                        break Ok(());
                    }
                }
                Err(e) => break Err(Error::io(file, e)),
            }
        };
        drop(copied_tx);
        let hashed = hasher.join().map_err(|_| Error::Internal("landing hasher thread panicked".into()))?;
        copy?;
        hashed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lands_once_with_checksum_through_the_store_and_locally() {
        for local in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("root");
            std::fs::create_dir_all(&root).unwrap();
            let store: Arc<dyn ObjectStore> =
                Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&root).unwrap());
            // A name the store encodes: both ways land it at the same object path.
            let file = dir.path().join("a b%.xml");
            std::fs::write(&file, b"abc").unwrap();
            let landing = Landing::new(Arc::clone(&store), local.then(|| root.clone()));
            let first = landing.land("s", &file, "u1").await.unwrap();
            assert_eq!(first.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assert_eq!((first.size, first.new), (3, true));
            let bytes = store.get(&first.path).await.unwrap().bytes().await.unwrap();
            assert_eq!(&bytes[..], b"abc", "local: {local}");
            let again = landing.land("s", &file, "u2").await.unwrap();
            assert!(!again.new);
            assert_eq!(again.path, first.path);
            assert!(
                std::fs::read_dir(root.join("landing/s/_incoming")).unwrap().next().is_none(),
                "nothing left incoming"
            );
            // Several copy chunks: the hash is of every byte, in order.
            let big_file = dir.path().join("big.xml");
            let big: Vec<u8> = (0..2 * COPY_CHUNK + 5).map(|i| (i % 251) as u8).collect();
            std::fs::write(&big_file, &big).unwrap();
            let landed = landing.land("s", &big_file, "u3").await.unwrap();
            assert_eq!(landed.sha256, hex::encode(Sha256::digest(&big)), "local: {local}");
            assert_eq!(landed.size, big.len() as u64);
            assert_eq!(std::fs::read(root.join(landed.path.as_ref())).unwrap(), big);
        }
    }
}
