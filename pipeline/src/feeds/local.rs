//! Folder and object-store origins: which files are complete (temporary names such as
//! `*.part`, `*.tmp`, `~…`, dot-files are not; with a completion marker only files whose
//! `<name><marker>` exists are), as [`Candidate`]s keyed by their path under the origin, and
//! copying an object-store file to local staging.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::TryStreamExt;
use object_store::{ObjectStore, ObjectStoreExt};
use tokio::io::AsyncWriteExt;

use super::listing::{Candidate, date_in_name};

/// Whether a file name is one that writers use while a file is still being written.
pub fn is_temporary(name: &str) -> bool {
    const SUFFIXES: [&str; 6] = [".part", ".tmp", ".partial", ".crdownload", ".filepart", ".uploading"];
    name.starts_with('.') || name.starts_with('~') || name.ends_with('~') || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Complete files under `dir`, keyed by path relative to it, in name order.
///
/// # Errors
/// The folder cannot be read.
pub fn folder_candidates(dir: &Path, marker: Option<&str>) -> std::io::Result<Vec<Candidate>> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    let names: HashSet<String> = files.iter().map(|(k, _)| k.clone()).collect();
    let mut out = Vec::new();
    for (key, path) in files {
        let name = key.rsplit('/').next().unwrap_or(&key);
        if is_temporary(name) || marker.is_some_and(|m| key.ends_with(m)) {
            continue;
        }
        if let Some(m) = marker
            && !names.contains(&format!("{key}{m}"))
        {
            continue;
        }
        let meta = std::fs::metadata(&path)?;
        let mtime =
            meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        out.push(Candidate {
            dated: date_in_name(name),
            location: path.display().to_string(),
            size: Some(meta.len()),
            checksum: None,
            version_tag: Some(format!("size={} mtime={mtime}", meta.len())),
            key,
        });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                walk(root, &path, out)?;
            }
        } else {
            let key = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((key, path));
        }
    }
    Ok(())
}

/// Complete objects under the store's root, keyed by path relative to it, in name order.
///
/// # Errors
/// The store's listing error.
pub async fn object_candidates(store: &dyn ObjectStore, marker: Option<&str>) -> object_store::Result<Vec<Candidate>> {
    let objects: Vec<_> = store.list(None).try_collect().await?;
    let names: HashSet<String> = objects.iter().map(|o| o.location.to_string()).collect();
    let mut out = Vec::new();
    for o in objects {
        let key = o.location.to_string();
        let name = o.location.filename().unwrap_or(&key).to_owned();
        if is_temporary(&name) || marker.is_some_and(|m| key.ends_with(m)) {
            continue;
        }
        if let Some(m) = marker
            && !names.contains(&format!("{key}{m}"))
        {
            continue;
        }
        let tag = match &o.e_tag {
            Some(e) => format!("etag={e}"),
            None => format!("size={} modified={}", o.size, o.last_modified.to_rfc3339()),
        };
        out.push(Candidate {
            dated: date_in_name(&name),
            location: key.clone(),
            size: Some(o.size),
            checksum: None,
            version_tag: Some(tag),
            key,
        });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

/// Streams object `key` into the local file `dest`; returns its size.
///
/// # Errors
/// Store or file errors, as text.
pub async fn copy_object(store: &Arc<dyn ObjectStore>, key: &str, dest: &Path) -> Result<u64, String> {
    if let Some(dir) = dest.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let part = super::http::part_path(dest);
    let got = store.get(&object_store::path::Path::from(key)).await.map_err(|e| e.to_string())?;
    let mut stream = got.into_stream();
    let mut file = tokio::fs::File::create(&part).await.map_err(|e| format!("{}: {e}", part.display()))?;
    let mut size = 0u64;
    while let Some(chunk) = stream.try_next().await.map_err(|e| e.to_string())? {
        size += chunk.len() as u64;
        file.write_all(&chunk).await.map_err(|e| format!("{}: {e}", part.display()))?;
    }
    file.sync_data().await.map_err(|e| format!("{}: {e}", part.display()))?;
    tokio::fs::rename(&part, dest).await.map_err(|e| format!("{}: {e}", dest.display()))?;
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_complete_files_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("2024/01")).unwrap();
        for name in ["ipg240102.zip", "ipg240109.zip.part", ".hidden", "upload.tmp", "2024/01/cn_20240105.xml", "x~"] {
            std::fs::write(d.join(name), b"x").unwrap();
        }
        let keys: Vec<_> = folder_candidates(d, None).unwrap().into_iter().map(|c| c.key).collect();
        assert_eq!(keys, ["2024/01/cn_20240105.xml", "ipg240102.zip"]);
        std::fs::write(d.join("ipg240102.zip.done"), b"").unwrap();
        let marked = folder_candidates(d, Some(".done")).unwrap();
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].key, "ipg240102.zip");
        assert_eq!(marked[0].dated, chrono::NaiveDate::from_ymd_opt(2024, 1, 2));
    }

    #[tokio::test]
    async fn object_store_prefixes_list_and_copy() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bucket");
        std::fs::create_dir_all(root.join("cnipa")).unwrap();
        std::fs::write(root.join("cnipa/a.xml"), b"<a/>").unwrap();
        std::fs::write(root.join("cnipa/b.xml.tmp"), b"<b").unwrap();
        let store: Arc<dyn ObjectStore> =
            Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&root).unwrap());
        let got = object_candidates(store.as_ref(), None).await.unwrap();
        assert_eq!(got.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["cnipa/a.xml"]);
        let dest = dir.path().join("staging/a.xml");
        assert_eq!(copy_object(&store, "cnipa/a.xml", &dest).await.unwrap(), 4);
        assert_eq!(std::fs::read(dest).unwrap(), b"<a/>");
    }
}
