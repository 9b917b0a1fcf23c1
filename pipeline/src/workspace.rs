//! A data root opened for use: its object store, lake URL and state store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ipdc_connectors::Limits;
use object_store::local::LocalFileSystem;
use url::Url;

use crate::error::{Error, Result};
use crate::ledger::SqliteStore;
use crate::runner::Pipeline;

/// Folders under a data root.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The root.
    pub root: PathBuf,
}

impl Layout {
    /// `<root>/lake`.
    pub fn lake(&self) -> PathBuf {
        self.root.join("lake")
    }
    /// `<root>/landing`.
    pub fn landing(&self) -> PathBuf {
        self.root.join("landing")
    }
    /// `<root>/state`.
    pub fn state(&self) -> PathBuf {
        self.root.join("state")
    }
    /// `<root>/lake/<dataset>`.
    ///
    /// ```
    /// let l = ipdc_pipeline::workspace::Layout { root: "/data".into() };
    /// assert_eq!(l.table("patent_publication"), std::path::Path::new("/data/lake/patent_publication"));
    /// ```
    pub fn table(&self, dataset: &str) -> PathBuf {
        self.lake().join(dataset)
    }
}

/// Opens (creating) the data root and its state.
///
/// # Errors
/// [`Error::Io`] when folders cannot be made; store errors otherwise.
pub fn open(root: &Path, limits: Limits) -> Result<(Pipeline, Layout)> {
    std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let layout = Layout { root: root.clone() };
    for dir in [layout.lake(), layout.landing(), layout.state()] {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let store = Arc::new(LocalFileSystem::new_with_prefix(&root)?);
    let lake = Url::from_directory_path(layout.lake())
        .map_err(|()| Error::Config(vec![format!("{} is not a usable path", layout.lake().display())]))?;
    let state = Arc::new(SqliteStore::open(&layout.state().join("ipdc.sqlite"))?);
    Ok((Pipeline { store, lake, state_dir: layout.state(), state, limits }, layout))
}
