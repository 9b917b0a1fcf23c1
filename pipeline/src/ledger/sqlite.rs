//! The SQLite [`StateStore`] (`<state_dir>/ipdc.sqlite`, WAL mode).

use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{ArtifactRow, Counts, FetchedRow, RunRow, StateStore};
use crate::error::{Error, Result};

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
CREATE INDEX IF NOT EXISTS runs_source ON runs(source, started_at);
CREATE TABLE IF NOT EXISTS fetched (
  source TEXT NOT NULL, key TEXT NOT NULL, location TEXT NOT NULL, size INTEGER, version_tag TEXT,
  dated TEXT, sha256 TEXT NOT NULL, status TEXT NOT NULL, fetched_at TEXT NOT NULL, validators TEXT,
  PRIMARY KEY (source, key));
CREATE TABLE IF NOT EXISTS index_validators (source TEXT NOT NULL, url TEXT NOT NULL, validators TEXT NOT NULL,
  PRIMARY KEY (source, url));
CREATE INDEX IF NOT EXISTS artifacts_sha ON artifacts(source, sha256);
CREATE TABLE IF NOT EXISTS schedule_slots (source TEXT PRIMARY KEY, last_slot TEXT NOT NULL);
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

const FETCHED_COLUMNS: &str = "source, key, location, size, version_tag, dated, sha256, status, fetched_at, validators";

fn fetched_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FetchedRow> {
    Ok(FetchedRow {
        source: r.get(0)?,
        key: r.get(1)?,
        location: r.get(2)?,
        size: r.get::<_, Option<i64>>(3)?.and_then(|s| u64::try_from(s).ok()),
        version_tag: r.get(4)?,
        dated: r.get(5)?,
        sha256: r.get(6)?,
        status: r.get(7)?,
        fetched_at: r.get(8)?,
        validators: r.get(9)?,
    })
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

    fn settled_with_size(&self, source: &str, id: &str, size: u64) -> Result<bool> {
        self.with(|c| {
            c.query_row(
                "SELECT EXISTS (SELECT 1 FROM artifacts WHERE source = ?1 AND id = ?2 AND size = ?3
                   AND status IN ('committed', 'quarantined'))",
                params![source, id, i64::try_from(size).unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
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

    fn last_run(&self, source: &str) -> Result<Option<RunRow>> {
        self.with(|c| {
            c.query_row(
                "SELECT id, source, started_at, ended_at, status, counts, error FROM runs WHERE source = ?1 ORDER BY started_at DESC, id DESC LIMIT 1",
                params![source],
                run_from_row,
            )
            .optional()
        })
    }

    fn last_failure(&self, source: &str) -> Result<Option<RunRow>> {
        self.with(|c| {
            c.query_row(
                "SELECT id, source, started_at, ended_at, status, counts, error FROM runs WHERE source = ?1 AND status IN ('failed', 'abandoned') ORDER BY started_at DESC, id DESC LIMIT 1",
                params![source],
                run_from_row,
            )
            .optional()
        })
    }

    fn fetched(&self, source: &str, key: &str) -> Result<Option<FetchedRow>> {
        self.with(|c| {
            c.query_row(
                &format!("SELECT {FETCHED_COLUMNS} FROM fetched WHERE source = ?1 AND key = ?2"),
                params![source, key],
                fetched_from_row,
            )
            .optional()
        })
    }

    fn record_fetched(&self, f: &FetchedRow) -> Result<()> {
        self.with(|c| {
            c.execute(
                &format!(
                    "INSERT INTO fetched ({FETCHED_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT(source, key) DO UPDATE SET location = ?3, size = ?4, version_tag = ?5, dated = ?6, sha256 = ?7, status = ?8, fetched_at = ?9, validators = ?10"
                ),
                params![
                    f.source,
                    f.key,
                    f.location,
                    f.size.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
                    f.version_tag,
                    f.dated,
                    f.sha256,
                    f.status,
                    f.fetched_at,
                    f.validators
                ],
            )
            .map(drop)
        })
    }

    fn cursor(&self, source: &str) -> Result<Option<FetchedRow>> {
        self.with(|c| {
            c.query_row(
                &format!("SELECT {FETCHED_COLUMNS} FROM fetched WHERE source = ?1 ORDER BY dated IS NULL, dated DESC, key DESC LIMIT 1"),
                params![source],
                fetched_from_row,
            )
            .optional()
        })
    }

    fn artifact_statuses(&self, source: &str, sha256: &str) -> Result<Vec<String>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT status FROM artifacts WHERE source = ?1 AND sha256 = ?2")?;
            stmt.query_map(params![source, sha256], |r| r.get(0))?.collect()
        })
    }

    fn index_validators(&self, source: &str, url: &str) -> Result<Option<String>> {
        self.with(|c| {
            c.query_row(
                "SELECT validators FROM index_validators WHERE source = ?1 AND url = ?2",
                params![source, url],
                |r| r.get(0),
            )
            .optional()
        })
    }

    fn record_index_validators(&self, source: &str, url: &str, validators: Option<&str>) -> Result<()> {
        self.with(|c| {
            match validators {
                Some(v) => c.execute(
                    "INSERT INTO index_validators (source, url, validators) VALUES (?1, ?2, ?3) ON CONFLICT(source, url) DO UPDATE SET validators = ?3",
                    params![source, url, v],
                ),
                None => c.execute("DELETE FROM index_validators WHERE source = ?1 AND url = ?2", params![source, url]),
            }
            .map(drop)
        })
    }

    fn last_slot(&self, source: &str) -> Result<Option<DateTime<Utc>>> {
        let text: Option<String> = self.with(|c| {
            c.query_row("SELECT last_slot FROM schedule_slots WHERE source = ?1", params![source], |r| r.get(0))
                .optional()
        })?;
        Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc)))
    }

    fn record_slot(&self, source: &str, slot: DateTime<Utc>) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO schedule_slots (source, last_slot) VALUES (?1, ?2) ON CONFLICT(source) DO UPDATE SET last_slot = ?2",
                params![source, slot.to_rfc3339()],
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
        assert!(!store.settled_with_size("s", "a.xml", 3).unwrap(), "landed is not settled");
        store.upsert_artifact(&ArtifactRow { status: "committed".into(), ..a.clone() }).unwrap();
        assert!(store.settled_with_size("s", "a.xml", 3).unwrap());
        assert!(!store.settled_with_size("s", "a.xml", 4).unwrap(), "another size");
        assert!(!store.settled_with_size("s", "b.xml", 3).unwrap(), "another id");
        assert_eq!(store.artifact("s", "a.xml", "ab").unwrap().unwrap().status, "committed");
        assert_eq!(store.artifacts_of_run("r1").unwrap().len(), 1);
        assert!(store.artifact("s", "a.xml", "other").unwrap().is_none());
        store.start_run(&RunRow { id: "r2".into(), ..run }).unwrap();
        assert_eq!(store.abandon_running("s", "2026-01-02T00:00:00Z").unwrap(), 1);
        assert_eq!(store.run("r2").unwrap().unwrap().status, "abandoned");
        assert_eq!(store.last_run("s").unwrap().unwrap().id, "r2");
        assert_eq!(store.last_failure("s").unwrap().unwrap().id, "r2");
    }

    #[test]
    fn feed_log_cursor_and_slots() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("ipdc.sqlite")).unwrap();
        let row = |key: &str, dated: Option<&str>| FetchedRow {
            source: "s".into(),
            key: key.into(),
            location: format!("https://x.example/{key}"),
            size: Some(10),
            version_tag: Some("sha256:ab".into()),
            dated: dated.map(str::to_owned),
            sha256: "ab".into(),
            status: "done".into(),
            fetched_at: "2026-01-01T00:00:00Z".into(),
            validators: None,
        };
        assert!(store.cursor("s").unwrap().is_none());
        store.record_fetched(&row("ipg240109.zip", Some("2024-01-09"))).unwrap();
        store.record_fetched(&row("ipg240102.zip", Some("2024-01-02"))).unwrap();
        store.record_fetched(&row("readme.txt", None)).unwrap();
        assert_eq!(store.cursor("s").unwrap().unwrap().key, "ipg240109.zip");
        assert_eq!(store.fetched("s", "ipg240102.zip").unwrap().unwrap().size, Some(10));
        assert!(store.fetched("other", "ipg240102.zip").unwrap().is_none());
        let t: DateTime<Utc> = "2026-11-22T06:00:00Z".parse().unwrap();
        assert_eq!(store.last_slot("s").unwrap(), None);
        store.record_slot("s", t).unwrap();
        store.record_slot("s", t).unwrap();
        assert_eq!(store.last_slot("s").unwrap(), Some(t));
        store.record_index_validators("s", "https://x.example/", Some("{}")).unwrap();
        assert_eq!(store.index_validators("s", "https://x.example/").unwrap().as_deref(), Some("{}"));
        store.record_index_validators("s", "https://x.example/", None).unwrap();
        assert_eq!(store.index_validators("s", "https://x.example/").unwrap(), None);
    }
}
