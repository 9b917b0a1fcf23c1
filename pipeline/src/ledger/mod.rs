//! Operational state: runs, the artifact ledger, what each feed has fetched and when each
//! schedule last fired, behind the [`StateStore`] trait (SQLite by default, [`sqlite`];
//! PostgreSQL can implement the same trait).

mod sqlite;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use sqlite::SqliteStore;

use crate::error::Result;

/// Counts of one run or artifact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Artifacts handled.
    pub artifacts: u64,
    /// Artifacts that were already committed (no-ops).
    pub unchanged: u64,
    /// Documents seen.
    pub documents: u64,
    /// Records written to dataset tables.
    pub records: u64,
    /// Records and artifacts quarantined.
    pub rejects: u64,
    /// Documents skipped on purpose (e.g. sequence listings).
    pub skipped: u64,
    /// Warnings (values left null).
    pub warnings: u64,
    /// Input bytes.
    pub bytes: u64,
}

impl Counts {
    /// Adds `other` into `self`.
    pub fn add(&mut self, other: &Counts) {
        self.artifacts += other.artifacts;
        self.unchanged += other.unchanged;
        self.documents += other.documents;
        self.records += other.records;
        self.rejects += other.rejects;
        self.skipped += other.skipped;
        self.warnings += other.warnings;
        self.bytes += other.bytes;
    }
}

/// One run as stored.
#[derive(Debug, Clone, Serialize)]
pub struct RunRow {
    /// Run id.
    pub id: String,
    /// Source name.
    pub source: String,
    /// Start (RFC 3339).
    pub started_at: String,
    /// End (RFC 3339), when finished.
    pub ended_at: Option<String>,
    /// `running`, `succeeded`, `partial` (rejects), `failed`.
    pub status: String,
    /// Counts.
    pub counts: Counts,
    /// Error message of a failed run.
    pub error: Option<String>,
}

/// One artifact as stored.
#[derive(Debug, Clone, Serialize)]
pub struct ArtifactRow {
    /// Source name.
    pub source: String,
    /// Artifact id.
    pub id: String,
    /// SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Landed object path under the root.
    pub landed_path: String,
    /// `landed`, `committed`, `quarantined`.
    pub status: String,
    /// Run that last handled it.
    pub run_id: String,
    /// Detected formats and versions.
    pub formats: String,
    /// Table versions committed, as JSON `{dataset: version}`.
    pub versions: String,
}

/// Where runs and the ledger live.
pub trait StateStore: Send + Sync + std::fmt::Debug {
    /// Records a new run.
    ///
    /// # Errors
    /// Database errors.
    fn start_run(&self, run: &RunRow) -> Result<()>;
    /// Records a run's end.
    ///
    /// # Errors
    /// Database errors.
    fn finish_run(&self, id: &str, ended_at: &str, status: &str, counts: &Counts, error: Option<&str>) -> Result<()>;
    /// Marks runs of `source` still `running` as `abandoned` (their process died); called by the
    /// next run of the source, which holds its lock. Returns how many were marked.
    ///
    /// # Errors
    /// Database errors.
    fn abandon_running(&self, source: &str, now: &str) -> Result<usize>;
    /// Runs, newest first.
    ///
    /// # Errors
    /// Database errors.
    fn runs(&self, limit: usize) -> Result<Vec<RunRow>>;
    /// One run.
    ///
    /// # Errors
    /// Database errors.
    fn run(&self, id: &str) -> Result<Option<RunRow>>;
    /// The ledger row of an artifact version.
    ///
    /// # Errors
    /// Database errors.
    fn artifact(&self, source: &str, id: &str, sha256: &str) -> Result<Option<ArtifactRow>>;
    /// Whether an artifact of `source` named `id` with `size` bytes is committed or
    /// quarantined already, whatever its checksum: a sign, not proof, that the file is unchanged.
    ///
    /// # Errors
    /// Database errors.
    fn settled_with_size(&self, source: &str, id: &str, size: u64) -> Result<bool>;
    /// Inserts or updates an artifact row.
    ///
    /// # Errors
    /// Database errors.
    fn upsert_artifact(&self, row: &ArtifactRow) -> Result<()>;
    /// Artifacts handled by a run.
    ///
    /// # Errors
    /// Database errors.
    fn artifacts_of_run(&self, run_id: &str) -> Result<Vec<ArtifactRow>>;
    /// The newest run of a source.
    ///
    /// # Errors
    /// Database errors.
    fn last_run(&self, source: &str) -> Result<Option<RunRow>>;
    /// The newest run of a source that failed, with its error.
    ///
    /// # Errors
    /// Database errors.
    fn last_failure(&self, source: &str) -> Result<Option<RunRow>>;
    /// What the feed log says about a listed file.
    ///
    /// # Errors
    /// Database errors.
    fn fetched(&self, source: &str, key: &str) -> Result<Option<FetchedRow>>;
    /// Records a listed file as handled (committed, unchanged or quarantined).
    ///
    /// # Errors
    /// Database errors.
    fn record_fetched(&self, row: &FetchedRow) -> Result<()>;
    /// The source's cursor: the newest file it has handled (by date, then name).
    ///
    /// # Errors
    /// Database errors.
    fn cursor(&self, source: &str) -> Result<Option<FetchedRow>>;
    /// Statuses of a source's artifacts with these bytes (any id).
    ///
    /// # Errors
    /// Database errors.
    fn artifact_statuses(&self, source: &str, sha256: &str) -> Result<Vec<String>>;
    /// The validators (`ETag` / `Last-Modified`, JSON) an index URL answered with last time.
    ///
    /// # Errors
    /// Database errors.
    fn index_validators(&self, source: &str, url: &str) -> Result<Option<String>>;
    /// Records an index URL's validators (or forgets them with `None`).
    ///
    /// # Errors
    /// Database errors.
    fn record_index_validators(&self, source: &str, url: &str, validators: Option<&str>) -> Result<()>;
    /// When the source's schedule last fired.
    ///
    /// # Errors
    /// Database errors.
    fn last_slot(&self, source: &str) -> Result<Option<DateTime<Utc>>>;
    /// Records that the source's schedule fired for `slot`.
    ///
    /// # Errors
    /// Database errors.
    fn record_slot(&self, source: &str, slot: DateTime<Utc>) -> Result<()>;
}

/// A file a feed listed and handled: the key discovery compares against next time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FetchedRow {
    /// Source name.
    pub source: String,
    /// Artifact id (file name or relative path).
    pub key: String,
    /// Where it was fetched from (URL or path).
    pub location: String,
    /// Size when listed.
    pub size: Option<u64>,
    /// Checksum or change tag the listing published (`sha256:…`, `md5:…`, an ETag, or a
    /// folder file's size and modification time); a new value means a new version.
    pub version_tag: Option<String>,
    /// Date of the file (from the listing or its name), `YYYY-MM-DD`.
    pub dated: Option<String>,
    /// SHA-256 of the bytes fetched.
    pub sha256: String,
    /// `done` (committed or already committed) or `quarantined`.
    pub status: String,
    /// The HTTP validators of the response (`ETag` / `Last-Modified`, JSON), for a
    /// conditional request when the file is listed again with a new version tag.
    pub validators: Option<String>,
    /// When (RFC 3339).
    pub fetched_at: String,
}
