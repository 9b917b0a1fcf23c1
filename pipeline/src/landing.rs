//! Landing: every artifact is copied under `<root>/landing/<source>/` before it is parsed,
//! with its SHA-256 and size computed on the way. Landed objects are content-addressed
//! (`landing/<source>/<sha[0..2]>/<sha>/<file name>`) and never modified.

use std::path::Path;
use std::sync::Arc;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::error::{Error, Result};

const CHUNK: usize = 8 << 20;

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
}

impl Landing {
    /// Lands into `store` (rooted at the data root).
    pub fn new(store: Arc<dyn ObjectStore>) -> Self {
        Self { store }
    }

    /// Streams `file` into the landing zone of `source`, returning its identity.
    ///
    /// # Errors
    /// [`Error::Io`] reading the file, [`Error::ObjectStore`] writing it.
    pub async fn land(&self, source: &str, file: &Path, unique: &str) -> Result<Landed> {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "artifact".into());
        let tmp = ObjectPath::from(format!("landing/{source}/_incoming/{unique}-{name}"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lands_once_with_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(&root).unwrap();
        let store: Arc<dyn ObjectStore> =
            Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&root).unwrap());
        let file = dir.path().join("a.xml");
        std::fs::write(&file, b"abc").unwrap();
        let landing = Landing::new(store);
        let first = landing.land("s", &file, "u1").await.unwrap();
        assert_eq!(first.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!((first.size, first.new), (3, true));
        assert_eq!(std::fs::read(root.join(first.path.as_ref())).unwrap(), b"abc");
        let again = landing.land("s", &file, "u2").await.unwrap();
        assert!(!again.new);
        assert_eq!(again.path, first.path);
    }
}
