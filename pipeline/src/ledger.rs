//! Operational state: runs and the artifact ledger, behind the [`StateStore`] trait
//! (SQLite under the data root by default; PostgreSQL can implement the same trait).

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};

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
}

/// SQLite state store (`<root>/state/ipdc.sqlite`).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
  status TEXT NOT NULL, counts TEXT NOT NULL, error TEXT);
CREATE TABLE IF NOT EXISTS artifacts (
  source TEXT NOT NULL, id TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
  landed_path TEXT NOT NULL, status TEXT NOT NULL, run_id TEXT NOT NULL, formats TEXT NOT NULL,
  versions TEXT NOT NULL, PRIMARY KEY (source, id, sha256));
CREATE INDEX IF NOT EXISTS artifacts_run ON artifacts(run_id);
";

impl SqliteStore {
    /// Opens (creating) the database file.
    ///
    /// # Errors
    /// [`Error::Io`] when the folder cannot be made, database errors otherwise.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn: Mutex::new(conn) })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let conn = self.conn.lock().map_err(|_| Error::Internal("state database lock poisoned".into()))?;
        Ok(f(&conn)?)
    }
}

fn run_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RunRow> {
    let counts: String = r.get(5)?;
    Ok(RunRow {
        id: r.get(0)?,
        source: r.get(1)?,
        started_at: r.get(2)?,
        ended_at: r.get(3)?,
        status: r.get(4)?,
        counts: serde_json::from_str::<CountsJson>(&counts).map(Into::into).unwrap_or_default(),
        error: r.get(6)?,
    })
}

fn artifact_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArtifactRow> {
    Ok(ArtifactRow {
        source: r.get(0)?,
        id: r.get(1)?,
        sha256: r.get(2)?,
        size: r.get::<_, i64>(3)?.try_into().unwrap_or(0),
        landed_path: r.get(4)?,
        status: r.get(5)?,
        run_id: r.get(6)?,
        formats: r.get(7)?,
        versions: r.get(8)?,
    })
}

#[derive(serde::Deserialize, Default)]
struct CountsJson {
    #[serde(default)]
    artifacts: u64,
    #[serde(default)]
    unchanged: u64,
    #[serde(default)]
    documents: u64,
    #[serde(default)]
    records: u64,
    #[serde(default)]
    rejects: u64,
    #[serde(default)]
    skipped: u64,
    #[serde(default)]
    warnings: u64,
    #[serde(default)]
    bytes: u64,
}

impl From<CountsJson> for Counts {
    fn from(c: CountsJson) -> Self {
        Counts {
            artifacts: c.artifacts,
            unchanged: c.unchanged,
            documents: c.documents,
            records: c.records,
            rejects: c.rejects,
            skipped: c.skipped,
            warnings: c.warnings,
            bytes: c.bytes,
        }
    }
}

const ARTIFACT_COLUMNS: &str = "source, id, sha256, size, landed_path, status, run_id, formats, versions";

impl StateStore for SqliteStore {
    fn start_run(&self, run: &RunRow) -> Result<()> {
        let counts = serde_json::to_string(&run.counts).expect("counts serialize");
        self.with(|c| {
            c.execute(
                "INSERT INTO runs (id, source, started_at, ended_at, status, counts, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![run.id, run.source, run.started_at, run.ended_at, run.status, counts, run.error],
            )
            .map(drop)
        })
    }

    fn finish_run(&self, id: &str, ended_at: &str, status: &str, counts: &Counts, error: Option<&str>) -> Result<()> {
        let counts = serde_json::to_string(counts).expect("counts serialize");
        self.with(|c| {
            c.execute(
                "UPDATE runs SET ended_at = ?2, status = ?3, counts = ?4, error = ?5 WHERE id = ?1",
                params![id, ended_at, status, counts, error],
            )
            .map(drop)
        })
    }

    fn abandon_running(&self, source: &str, now: &str) -> Result<usize> {
        self.with(|c| {
            c.execute(
                "UPDATE runs SET status = 'abandoned', ended_at = ?2, error = 'the process ended without finishing this run; a later run redid its work' WHERE source = ?1 AND status = 'running'",
                params![source, now],
            )
        })
    }

    fn runs(&self, limit: usize) -> Result<Vec<RunRow>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT id, source, started_at, ended_at, status, counts, error FROM runs ORDER BY started_at DESC, id DESC LIMIT ?1")?;
            stmt.query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], run_from_row)?.collect()
        })
    }

    fn run(&self, id: &str) -> Result<Option<RunRow>> {
        self.with(|c| {
            c.query_row(
                "SELECT id, source, started_at, ended_at, status, counts, error FROM runs WHERE id = ?1",
                params![id],
                run_from_row,
            )
            .optional()
        })
    }

    fn artifact(&self, source: &str, id: &str, sha256: &str) -> Result<Option<ArtifactRow>> {
        self.with(|c| {
            c.query_row(
                &format!("SELECT {ARTIFACT_COLUMNS} FROM artifacts WHERE source = ?1 AND id = ?2 AND sha256 = ?3"),
                params![source, id, sha256],
                artifact_from_row,
            )
            .optional()
        })
    }

    fn upsert_artifact(&self, a: &ArtifactRow) -> Result<()> {
        self.with(|c| {
            c.execute(
                &format!(
                    "INSERT INTO artifacts ({ARTIFACT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT(source, id, sha256) DO UPDATE SET size = ?4, landed_path = ?5, status = ?6, run_id = ?7, formats = ?8, versions = ?9"
                ),
                params![a.source, a.id, a.sha256, i64::try_from(a.size).unwrap_or(i64::MAX), a.landed_path, a.status, a.run_id, a.formats, a.versions],
            )
            .map(drop)
        })
    }

    fn artifacts_of_run(&self, run_id: &str) -> Result<Vec<ArtifactRow>> {
        self.with(|c| {
            let mut stmt =
                c.prepare(&format!("SELECT {ARTIFACT_COLUMNS} FROM artifacts WHERE run_id = ?1 ORDER BY id"))?;
            stmt.query_map(params![run_id], artifact_from_row)?.collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_artifacts_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("state/ipdc.sqlite")).unwrap();
        let run = RunRow {
            id: "r1".into(),
            source: "s".into(),
            started_at: "2026-01-01T00:00:00Z".into(),
            ended_at: None,
            status: "running".into(),
            counts: Counts::default(),
            error: None,
        };
        store.start_run(&run).unwrap();
        let counts = Counts { artifacts: 1, documents: 3, records: 2, rejects: 1, ..Counts::default() };
        store.finish_run("r1", "2026-01-01T00:01:00Z", "partial", &counts, None).unwrap();
        let got = store.run("r1").unwrap().unwrap();
        assert_eq!((got.status.as_str(), got.counts), ("partial", counts));
        let a = ArtifactRow {
            source: "s".into(),
            id: "a.xml".into(),
            sha256: "ab".into(),
            size: 3,
            landed_path: "landing/s/a".into(),
            status: "landed".into(),
            run_id: "r1".into(),
            formats: "[]".into(),
            versions: "{}".into(),
        };
        store.upsert_artifact(&a).unwrap();
        store.upsert_artifact(&ArtifactRow { status: "committed".into(), ..a.clone() }).unwrap();
        assert_eq!(store.artifact("s", "a.xml", "ab").unwrap().unwrap().status, "committed");
        assert_eq!(store.artifacts_of_run("r1").unwrap().len(), 1);
        assert!(store.artifact("s", "a.xml", "other").unwrap().is_none());
        store.start_run(&RunRow { id: "r2".into(), ..run }).unwrap();
        assert_eq!(store.abandon_running("s", "2026-01-02T00:00:00Z").unwrap(), 1);
        assert_eq!(store.run("r2").unwrap().unwrap().status, "abandoned");
    }
}
