//! Runs one ingest: each artifact is landed, checked against the ledger (and against the
//! size and checksum its feed published), parsed on a blocking thread (a new file while it is
//! landed), normalised, written and committed exactly once, then recorded in the ledger. A run
//! holds its source's lock from [`Pipeline::begin_run`] to [`Pipeline::finish_run`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use deltalake::DeltaTable;
use ipdc_connectors::{Artifact, ConnectorKind, Limits, Scope};
use ipdc_schemas::{PATENT_FULLTEXT, QUARANTINE};
use object_store::ObjectStore;
use tracing::{debug, info, instrument, warn};
use url::Url;

use crate::apply::{ArtifactTables, OpenTables, quarantine_row};
use crate::clock;
use crate::emitter::{Item, ParseTask};
use crate::error::{Error, Result};
use crate::feeds::listing::Checksum;
use crate::landing::Landing;
use crate::ledger::{ArtifactRow, Counts, RunRow, StateStore};
use crate::lock::SourceLock;
use crate::metrics::Metrics;
use crate::writer::{CommitIdentity, TableOutcome, TableWriter, open_or_create};

/// Everything a run needs: where data lives and where state is kept.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// Object store rooted at the data root.
    pub store: Arc<dyn ObjectStore>,
    /// URL of `<root>/lake/`.
    pub lake: Url,
    /// Local folder for state (SQLite, locks).
    pub state_dir: PathBuf,
    /// Run history and ledger.
    pub state: Arc<dyn StateStore>,
    /// Decompression limits.
    pub limits: Limits,
    /// Operator metrics.
    pub metrics: Arc<Metrics>,
}

/// What a feed published about an artifact, checked once its bytes are landed.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// Size in bytes.
    pub size: Option<u64>,
    /// Checksum.
    pub checksum: Option<Checksum>,
}

/// A run in progress; holds the source's lock until [`Pipeline::finish_run`].
#[derive(Debug)]
pub struct ActiveRun {
    /// Run id.
    pub id: String,
    /// Source.
    pub source: String,
    _lock: SourceLock,
    started: Instant,
    counts: Counts,
    reports: Vec<ArtifactReport>,
    failure: Option<String>,
}

impl ActiveRun {
    /// Counts so far.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// Records a failure that is not an artifact's (e.g. the index could not be read); the
    /// run ends `failed`.
    pub fn fail(&mut self, why: String) {
        self.failure.get_or_insert(why);
    }

    /// Whether the run will end `failed`.
    pub fn has_failed(&self) -> bool {
        self.failure.is_some()
    }
}

/// What to ingest.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    /// Source name (config key or format name).
    pub source: String,
    /// Connector that reads it.
    pub connector: ConnectorKind,
    /// Files or folders; folders are walked recursively in name order.
    pub inputs: Vec<PathBuf>,
    /// What of each patent document is read.
    pub scope: Scope,
}

/// How one artifact ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Committed now; table versions per dataset.
    Committed(Vec<(String, u64)>),
    /// Already committed by an earlier run: nothing written.
    Unchanged,
    /// Refused whole (damaged archive, unknown format …) and quarantined.
    Quarantined(String),
    /// Failed in a way a retry may fix (I/O); nothing committed.
    Failed(String),
}

/// Report of one artifact.
#[derive(Debug, Clone)]
pub struct ArtifactReport {
    /// Artifact id.
    pub id: String,
    /// SHA-256 of its bytes, once landed.
    pub sha256: Option<String>,
    /// Outcome.
    pub outcome: Outcome,
    /// Counts.
    pub counts: Counts,
}

/// Report of a run.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Run id.
    pub run_id: String,
    /// Source.
    pub source: String,
    /// `succeeded`, `partial` or `failed`.
    pub status: String,
    /// Totals.
    pub counts: Counts,
    /// Per artifact.
    pub artifacts: Vec<ArtifactReport>,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// Progress callbacks (a terminal bar, plain lines, or nothing).
pub trait Progress: Send + Sync {
    /// Called with the artifacts and total bytes about to be processed.
    fn begin(&self, artifacts: usize, bytes: u64);
    /// Called when an artifact is done.
    fn artifact_done(&self, report: &ArtifactReport, bytes: u64);
}

/// One input file: its artifact id (path relative to the given folder), path and size.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Artifact id.
    pub id: String,
    /// Local path.
    pub path: PathBuf,
    /// Size in bytes when listed.
    pub size: u64,
}

/// Files under the inputs, in name order within each folder.
///
/// # Errors
/// [`Error::Io`] for a missing or unreadable input.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort();
            for path in files {
                let id = path.strip_prefix(input).unwrap_or(&path).to_string_lossy().into_owned();
                let size = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?.len();
                out.push(InputFile { id, path, size });
            }
        } else {
            let id = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push(InputFile { id, path: input.clone(), size: meta.len() });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name.ends_with(".part") || name.ends_with(".tmp") || name.ends_with(".md") {
            continue;
        }
        if path.is_dir() { walk(&path, out)? } else { out.push(path) }
    }
    Ok(())
}

impl Pipeline {
    /// Ingests every file of the request under the source's lock.
    ///
    /// # Errors
    /// Lock, state and input-listing errors; per-artifact failures are in the report.
    pub async fn ingest(&self, req: &IngestRequest, progress: &dyn Progress) -> Result<RunReport> {
        let mut run = self.begin_run(&req.source)?;
        let files = match collect_inputs(&req.inputs) {
            Ok(f) => f,
            Err(e) => {
                run.fail(e.to_string());
                self.finish_run(run).await?;
                return Err(e);
            }
        };
        progress.begin(files.len(), files.iter().map(|f| f.size).sum());
        for file in &files {
            let report = self.ingest_file(&mut run, req.connector, req.scope, file, &Expected::default()).await;
            progress.artifact_done(&report, file.size);
        }
        self.finish_run(run).await
    }

    /// Takes the source's lock and records a new run.
    ///
    /// # Errors
    /// [`Error::Locked`] when another run of the source is going; state errors.
    pub fn begin_run(&self, source: &str) -> Result<ActiveRun> {
        let lock = SourceLock::acquire(&self.state_dir, source, &clock::now_rfc3339())?;
        let abandoned = self.state.abandon_running(source, &clock::now_rfc3339())?;
        if abandoned > 0 {
            warn!(
                source,
                runs = abandoned,
                "Earlier runs ended without finishing; marked abandoned. This run redoes what they did not commit."
            );
        }
        let id = clock::new_run_id();
        self.state.start_run(&RunRow {
            id: id.clone(),
            source: source.to_owned(),
            started_at: clock::now_rfc3339(),
            ended_at: None,
            status: "running".into(),
            counts: Counts::default(),
            error: None,
        })?;
        self.metrics.running.get_or_create(&Metrics::source(source)).inc();
        info!(run = %id, source, "Run started.");
        Ok(ActiveRun {
            id,
            source: source.to_owned(),
            _lock: lock,
            started: Instant::now(),
            counts: Counts::default(),
            reports: Vec::new(),
            failure: None,
        })
    }

    /// Lands, checks and ingests one file in `run`, read by `connector` in `scope`; a failure
    /// is reported, not returned.
    pub async fn ingest_file(
        &self,
        run: &mut ActiveRun,
        connector: ConnectorKind,
        scope: Scope,
        file: &InputFile,
        expected: &Expected,
    ) -> ArtifactReport {
        let report = match self
            .ingest_artifact(&run.source, (connector, scope), &run.id, &file.id, &file.path, expected)
            .await
        {
            Ok(r) => r,
            Err(e) => {
                warn!(artifact = %file.id, error = %e, "Artifact failed; nothing of it was committed.");
                run.failure.get_or_insert_with(|| format!("{}: {e}", file.id));
                ArtifactReport {
                    id: file.id.clone(),
                    sha256: None,
                    outcome: Outcome::Failed(e.to_string()),
                    counts: Counts { artifacts: 1, bytes: file.size, ..Counts::default() },
                }
            }
        };
        let label = Metrics::source(&run.source);
        match &report.outcome {
            Outcome::Committed(_) => self.metrics.committed.get_or_create(&label).inc(),
            Outcome::Quarantined(_) => self.metrics.quarantined.get_or_create(&label).inc(),
            Outcome::Unchanged | Outcome::Failed(_) => 0,
        };
        run.counts.add(&report.counts);
        run.reports.push(report.clone());
        report
    }

    /// Ends `run`: its status, the ledger, metrics and its lineage event.
    ///
    /// # Errors
    /// State errors.
    pub async fn finish_run(&self, run: ActiveRun) -> Result<RunReport> {
        let status = if run.failure.is_some() {
            "failed"
        } else if run.counts.rejects > 0 {
            "partial"
        } else {
            "succeeded"
        };
        let ended = clock::now_rfc3339();
        self.state.finish_run(&run.id, &ended, status, &run.counts, run.failure.as_deref())?;
        let seconds = run.started.elapsed().as_secs_f64();
        self.metrics.running.get_or_create(&Metrics::source(&run.source)).dec();
        self.metrics.run_finished(&run.source, status, &run.counts, seconds);
        let c = &run.counts;
        info!(run = %run.id, status, documents = c.documents, records = c.records, rejects = c.rejects, "Run finished.");
        let report = RunReport {
            run_id: run.id,
            source: run.source,
            status: status.into(),
            counts: run.counts,
            artifacts: run.reports,
            seconds,
        };
        if let Err(e) = crate::lineage::write(self.store.as_ref(), &self.lake, &report, &ended).await {
            warn!(run = %report.run_id, error = %e, "Could not write the run's lineage event.");
        }
        Ok(report)
    }

    #[instrument(skip_all, fields(source = %source, artifact = %id))]
    async fn ingest_artifact(
        &self,
        source: &str,
        connector: (ConnectorKind, Scope),
        run_id: &str,
        id: &str,
        path: &Path,
        expected: &Expected,
    ) -> Result<ArtifactReport> {
        let local_root = self.lake.to_file_path().ok().and_then(|lake| lake.parent().map(Path::to_path_buf));
        let mut artifact =
            Artifact { source: source.to_owned(), id: id.to_owned(), sha256: String::new(), path: path.to_owned() };
        // A file not seen before is parsed while it is landed (its checksum, which the records
        // carry, is set on them as they are written); one the ledger holds already at this
        // size is most likely unchanged, so it is landed first and a re-run parses nothing.
        let size = std::fs::metadata(path).map(|m| m.len()).ok();
        let early = match size {
            Some(size) if !self.state.settled_with_size(source, id, size)? => {
                Some(ParseTask::start(connector, artifact.clone(), self.limits))
            }
            _ => None,
        };
        // The tables are opened (created on a first run) while the bytes are landed.
        let landing = Landing::new(Arc::clone(&self.store), local_root);
        let (landed, tables) = tokio::join!(landing.land(source, path, run_id), OpenTables::open(&self.lake));
        let landed = landed?;
        crate::crash::point("landed");
        let mut counts = Counts { artifacts: 1, bytes: landed.size, ..Counts::default() };
        let sha256 = Some(landed.sha256.clone());
        if let Some(row) = self.state.artifact(source, id, &landed.sha256)?
            && (row.status == "committed" || row.status == "quarantined")
        {
            if let Some(parse) = early {
                parse.stop().await;
            }
            info!(sha256 = %landed.sha256, "Already committed; nothing to do.");
            counts.unchanged = 1;
            return Ok(ArtifactReport { id: id.to_owned(), sha256, outcome: Outcome::Unchanged, counts });
        }
        let mut row = ArtifactRow {
            source: source.to_owned(),
            id: id.to_owned(),
            sha256: landed.sha256.clone(),
            size: landed.size,
            landed_path: landed.path.to_string(),
            status: "landed".into(),
            run_id: run_id.to_owned(),
            formats: "[]".into(),
            versions: "{}".into(),
        };
        self.state.upsert_artifact(&row)?;
        let identity = CommitIdentity {
            source: source.to_owned(),
            artifact_id: id.to_owned(),
            sha256: landed.sha256.clone(),
            run_id: run_id.to_owned(),
        };
        let refused = if landed.size == 0 {
            Some((
                "artifact.empty",
                "the file is empty (0 bytes): an unfinished upload or a failed export; have it sent again".to_owned(),
            ))
        } else if let Some((rule, reason)) = crate::feeds::verify(expected, &landed, path).await? {
            warn!(rule, reason = %reason, "ALERT: artifact does not match what its feed published; quarantined.");
            self.metrics.checksum_mismatches.get_or_create(&Metrics::source(source)).inc();
            Some((rule, reason))
        } else {
            None
        };
        if let Some((rule, reason)) = refused {
            // The bytes are kept in the landing zone; nothing of them is written.
            if let Some(parse) = early {
                parse.stop().await;
            }
            let versions = self.quarantine_whole(tables?.into_quarantine(), &identity, rule, &reason).await?;
            row.status = "quarantined".into();
            row.versions = versions;
            self.state.upsert_artifact(&row)?;
            let counts = Counts { artifacts: 1, bytes: landed.size, rejects: 1, ..Counts::default() };
            return Ok(ArtifactReport { id: id.to_owned(), sha256, outcome: Outcome::Quarantined(reason), counts });
        }
        let parse = match early {
            Some(parse) => parse,
            None => {
                artifact.sha256.clone_from(&landed.sha256);
                ParseTask::start(connector, artifact, self.limits)
            }
        };
        let written = self.write_parsed(parse, &identity, tables, &mut counts).await?;
        row.formats = serde_json::to_string(&written.formats).expect("strings serialize");
        row.versions = serde_json::to_string(
            &written.tables.iter().map(|t| (t.dataset, t.version)).collect::<std::collections::BTreeMap<_, _>>(),
        )
        .expect("versions serialize");
        row.status = if written.refused.is_some() { "quarantined".into() } else { "committed".into() };
        crate::crash::point("before_ledger");
        self.state.upsert_artifact(&row)?;
        let outcome = match written.refused {
            Some(reason) => Outcome::Quarantined(reason),
            None => Outcome::Committed(
                written
                    .tables
                    .iter()
                    .filter(|t| !t.already_committed)
                    .filter_map(|t| Some((t.dataset.to_owned(), t.version?)))
                    .collect(),
            ),
        };
        Ok(ArtifactReport { id: id.to_owned(), sha256, outcome, counts })
    }

    /// One quarantine row for a whole artifact, committed with its identity; returns the
    /// ledger's `{dataset: version}` JSON.
    async fn quarantine_whole(
        &self,
        table: DeltaTable,
        identity: &CommitIdentity,
        rule: &str,
        reason: &str,
    ) -> Result<String> {
        let mut quarantine = TableWriter::new(table, &QUARANTINE, identity.clone()).await?;
        let q = quarantine_row(identity, None, &identity.artifact_id, rule, reason, None, None);
        quarantine.push(&q, q.reason.len()).await?;
        let outcome = quarantine.commit().await?;
        Ok(serde_json::to_string(&std::collections::BTreeMap::from([(outcome.dataset, outcome.version)]))
            .expect("versions serialize"))
    }

    /// Writes what `parse` emits into the artifact's tables and commits them.
    async fn write_parsed(
        &self,
        mut parse: ParseTask,
        identity: &CommitIdentity,
        tables: Result<OpenTables>,
        counts: &mut Counts,
    ) -> Result<Written> {
        // Should the tables have failed to open, the parse is stopped and the run reports why.
        let mut tables = ArtifactTables::new(&self.lake, identity, tables?).await?;

        while let Some(chunk) = parse.items.recv().await {
            for item in chunk {
                counts.documents += 1;
                match item {
                    Item::Record(normalised) => tables.apply(normalised).await?,
                    Item::Reject(bad) => tables.reject(&bad).await?,
                    Item::Skip(s) => {
                        debug!(locator = %s.locator, reason = %s.reason, "Document skipped.");
                        counts.skipped += 1;
                    }
                }
            }
        }
        let (parsed, formats) = parse.finish().await?;
        if let Err(e) = parsed {
            if e.is_retryable() {
                return Err(e.into());
            }
            // Refused whole: none of its records are committed, one quarantine row says why.
            warn!(rule = e.rule(), error = %e, "Artifact refused whole and quarantined.");
            let mut quarantine =
                TableWriter::new(open_or_create(&self.lake, &QUARANTINE).await?, &QUARANTINE, identity.clone()).await?;
            let q = quarantine_row(identity, None, &identity.artifact_id, e.rule(), &e.to_string(), None, None);
            quarantine.push(&q, q.reason.len()).await?;
            let outcome = quarantine.commit().await?;
            *counts = Counts { artifacts: 1, bytes: counts.bytes, rejects: 1, ..Counts::default() };
            return Ok(Written {
                tables: vec![outcome],
                formats: formats.into_iter().collect(),
                refused: Some(e.to_string()),
            });
        }
        let (record_rejects, deleted) = (tables.rejects, tables.deleted);
        counts.warnings += tables.warnings;
        let tables = tables.commit().await?;
        // A record is a row written to any table but the full text (which goes with its
        // publication) and the quarantine; a deleted document is a record applied: it removes
        // rows instead of writing one.
        let written: u64 = tables
            .iter()
            .filter(|t| t.dataset != PATENT_FULLTEXT.name && t.dataset != QUARANTINE.name)
            .map(|t| t.rows)
            .sum();
        counts.records = written + deleted;
        counts.rejects = record_rejects;
        check_complete(&identity.artifact_id, counts, &tables)?;
        Ok(Written { tables, formats: formats.into_iter().collect(), refused: None })
    }
}

/// Tables written for one artifact.
#[derive(Debug)]
struct Written {
    tables: Vec<TableOutcome>,
    formats: Vec<String>,
    refused: Option<String>,
}

/// Documents seen = records written + records quarantined + documents skipped, and every
/// committed table holds exactly the rows handed to it.
fn check_complete(artifact: &str, counts: &Counts, tables: &[TableOutcome]) -> Result<()> {
    let accounted = counts.records + counts.rejects + counts.skipped;
    if counts.documents != accounted {
        return Err(Error::Incomplete {
            artifact: artifact.to_owned(),
            detail: format!(
                "{} documents seen but {} written + {} quarantined + {} skipped = {accounted}",
                counts.documents, counts.records, counts.rejects, counts.skipped
            ),
        });
    }
    for t in tables.iter().filter(|t| !t.already_committed && t.rows > 0) {
        if t.rows != t.committed_rows {
            return Err(Error::Incomplete {
                artifact: artifact.to_owned(),
                detail: format!("{}: {} rows written but {} committed", t.dataset, t.rows, t.committed_rows),
            });
        }
    }
    Ok(())
}
