//! A data root opened for use: its object store, lake URL and state store.
//!
//! The root is a local folder or S3-compatible storage ([`DataRoot`]); operational state
//! (SQLite ledger, source locks) always lives in a local folder, `<root>/state` for a local
//! root, so locks are real file locks and the ledger never depends on the network.

use std::path::PathBuf;
use std::sync::Arc;

use ipdc_connectors::Limits;
use ipdc_jobs::storage::{self, DataRoot, StorageOptions};
use url::Url;

use crate::error::{Error, Result};
use crate::ledger::SqliteStore;
use crate::runner::Pipeline;

/// Where data and state live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The data root.
    pub root: DataRoot,
    /// Local folder of the state database and locks.
    pub state: PathBuf,
}

impl Layout {
    /// A local root with its state in `<root>/state`.
    ///
    /// ```
    /// let l = ipdc_pipeline::workspace::Layout::local("/data");
    /// assert_eq!(l.state, std::path::Path::new("/data/state"));
    /// assert_eq!(l.show("lake"), "/data/lake");
    /// ```
    pub fn local(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self { state: root.join("state"), root: DataRoot::Local(root) }
    }

    /// URL of `<root>/lake/`.
    pub fn lake_url(&self) -> Url {
        self.root.lake_url()
    }

    /// `<root>/<relative>` for messages: a path or a URL.
    pub fn show(&self, relative: &str) -> String {
        self.root.show(relative)
    }
}

/// Opens the data root and checks it is reachable (see [`open`]).
///
/// # Errors
/// As [`open`], and [`Error::Unreachable`] when an S3 root cannot be listed.
pub async fn open_checked(layout: Layout, options: &StorageOptions, limits: Limits) -> Result<(Pipeline, Layout)> {
    let (pipeline, layout) = open(layout, options, limits)?;
    storage::check_reachable(&layout.root, pipeline.store.as_ref()).await.map_err(Error::Unreachable)?;
    Ok((pipeline, layout))
}

/// Opens (creating) the data root and its state; a local root is made absolute.
///
/// # Errors
/// [`Error::Io`] when folders cannot be made; object-store or state errors otherwise.
pub fn open(layout: Layout, options: &StorageOptions, limits: Limits) -> Result<(Pipeline, Layout)> {
    let root = match layout.root {
        DataRoot::Local(root) => {
            std::fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
            let root = root.canonicalize().map_err(|e| Error::io(&root, e))?;
            for dir in [root.join("lake"), root.join("landing")] {
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            }
            DataRoot::Local(root)
        }
        remote @ DataRoot::S3(_) => remote,
    };
    std::fs::create_dir_all(&layout.state).map_err(|e| Error::io(&layout.state, e))?;
    let state_dir = layout.state.canonicalize().map_err(|e| Error::io(&layout.state, e))?;
    let layout = Layout { root, state: state_dir.clone() };
    let store = storage::connect(&layout.root, options)?;
    let state = Arc::new(SqliteStore::open(&state_dir.join("ipdc.sqlite"))?);
    let metrics = Arc::new(crate::metrics::Metrics::default());
    Ok((Pipeline { store, lake: layout.lake_url(), state_dir, state, limits, metrics }, layout))
}
