//! Feeds: pulling a source from where it is published. Discovery lists the origin (an HTTP
//! index, a folder, an object-store prefix; [`listing`], [`local`]) and keeps what is new
//! since the source's cursor (the feed log in the state store); files are fetched ([`http`],
//! with retries and resume), then landed, checked against the published size and checksum,
//! and ingested in listing order by the runner, all in one run under the source's lock.

pub mod http;
pub mod listing;
pub mod local;
pub mod retry;
pub mod settings;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use futures::StreamExt;
use ipdc_connectors::{ConnectorKind, Scope};
use md5::Md5;
use sha2::Digest;
use tracing::{info, warn};
use url::Url;

use self::http::{Download, HttpFetcher, ListingBody, Validators};
use self::listing::{Candidate, Checksum};
use self::settings::{FeedSettings, Origin};
use crate::clock;
use crate::error::{Error, Result};
use crate::landing::Landed;
use crate::ledger::FetchedRow;
use crate::metrics::Metrics;
use crate::runner::{ActiveRun, ArtifactReport, Expected, InputFile, Outcome, Pipeline, Progress, RunReport};

/// A source to pull.
#[derive(Debug, Clone)]
pub struct PullRequest {
    /// Source name.
    pub source: String,
    /// Connector that reads its files.
    pub connector: ConnectorKind,
    /// What of each patent document is read.
    pub scope: Scope,
    /// How it is fetched.
    pub feed: Arc<FeedSettings>,
    /// A date window that replaces the configured `since`/`until` (backfill).
    pub window: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
}

/// What a pull did.
#[derive(Debug, Clone)]
pub struct PullReport {
    /// The run, with one report per artifact ingested.
    pub run: RunReport,
    /// Files the origin lists (after filters).
    pub listed: usize,
    /// Of those, new or republished since the cursor.
    pub new: usize,
    /// Republished files the server said were unchanged (`304`).
    pub not_modified: usize,
    /// The index itself answered `304 Not Modified`.
    pub index_unchanged: bool,
    /// Landed files deleted by the retention rule.
    pub pruned: usize,
}

/// Checks landed bytes against what the feed published: `(rule, reason)` when they differ.
///
/// # Errors
/// Reading the file for an MD5 check.
pub async fn verify(expected: &Expected, landed: &Landed, path: &Path) -> Result<Option<(&'static str, String)>> {
    if let Some(size) = expected.size.filter(|s| *s != landed.size) {
        return Ok(Some(("fetch.size", format!("the feed published {size} bytes but {} were received", landed.size))));
    }
    let got = match &expected.checksum {
        None => return Ok(None),
        Some(Checksum::Sha256(want)) if *want == landed.sha256 => return Ok(None),
        Some(Checksum::Sha256(_)) => Checksum::Sha256(landed.sha256.clone()),
        Some(Checksum::Md5(_)) => Checksum::Md5(md5_of(path).await?),
    };
    match &expected.checksum {
        Some(want) if *want != got => Ok(Some((
            "fetch.checksum",
            format!("the feed published {} but the bytes received have {}", want.tag(), got.tag()),
        ))),
        _ => Ok(None),
    }
}

async fn md5_of(path: &Path) -> Result<String> {
    let owned = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&owned).map_err(|e| Error::io(&owned, e))?;
        let mut hasher = Md5::new();
        std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(&owned, e))?;
        Ok(hex::encode(hasher.finalize()))
    })
    .await
    .map_err(|e| Error::Internal(format!("md5 task: {e}")))?
}

/// A listing and how to make the next one conditional.
struct Discovery {
    candidates: Vec<Candidate>,
    index: Option<(Url, Validators)>,
    index_unchanged: bool,
}

/// One pull in progress: the run it feeds and what it has counted so far.
struct Pull<'a> {
    pipeline: &'a Pipeline,
    req: &'a PullRequest,
    run: ActiveRun,
    progress: &'a dyn Progress,
    not_modified: usize,
}

impl Pull<'_> {
    /// Ingests a fetched file, records it in the feed log and reports progress.
    async fn take(&mut self, c: &Candidate, file: InputFile, validators: Option<String>) -> Result<ArtifactReport> {
        let done =
            self.pipeline.ingest_file(&mut self.run, self.req.connector, self.req.scope, &file, &expected(c)).await;
        self.pipeline.remember(&self.req.source, c, &done, validators)?;
        self.progress.artifact_done(&done, file.size);
        Ok(done)
    }

    fn count_fetched(&self, bytes: u64) {
        let labels = Metrics::source(&self.req.source);
        self.pipeline.metrics.fetched.get_or_create(&labels).inc();
        self.pipeline.metrics.fetched_bytes.get_or_create(&labels).inc_by(bytes);
    }

    async fn take_folder(&mut self, todo: Vec<(Candidate, Option<FetchedRow>)>) -> Result<()> {
        for (c, _) in todo {
            let file = InputFile { id: c.key.clone(), path: c.location.clone().into(), size: c.size.unwrap_or(0) };
            self.take(&c, file, None).await?;
        }
        Ok(())
    }

    async fn fetch_objects(
        &mut self,
        todo: Vec<(Candidate, Option<FetchedRow>)>,
        root: &ipdc_jobs::storage::DataRoot,
        options: &ipdc_jobs::storage::StorageOptions,
        staging: &Path,
    ) -> Result<()> {
        let store = ipdc_jobs::storage::connect(root, options)?;
        for (c, _) in todo {
            let dest = staging.join(&self.run.id).join(&c.key);
            match local::copy_object(&store, &c.location, &dest).await {
                Ok(size) => {
                    self.count_fetched(size);
                    self.take(&c, InputFile { id: c.key.clone(), path: dest.clone(), size }, None).await?;
                }
                Err(why) => self.run.fail(format!("{}: {why}", c.key)),
            }
            let _ = tokio::fs::remove_file(&dest).await;
        }
        Ok(())
    }

    async fn fetch_http(&mut self, todo: Vec<(Candidate, Option<FetchedRow>)>, staging: &Path) -> Result<()> {
        let source = &self.req.source;
        let fetcher = HttpFetcher::new(source, Arc::clone(&self.req.feed), Arc::clone(&self.pipeline.metrics))
            .map_err(|e| Error::Internal(e.to_string()))?;
        // Downloads run ahead on their own tasks; ingestion takes them in listing order.
        let mut downloads = futures::stream::iter(todo.into_iter().map(|(c, known)| {
            let fetcher = fetcher.clone();
            let dest = staging.join(&c.key);
            tokio::spawn(async move {
                let validators = known
                    .as_ref()
                    .and_then(|k| k.validators.as_deref())
                    .and_then(|v| serde_json::from_str::<Validators>(v).ok());
                let result = match Url::parse(&c.location) {
                    Ok(url) => fetcher.download(&url, &dest, c.size, validators.as_ref()).await,
                    Err(e) => Err(http::FetchError::Client(format!("{}: {e}", c.location))),
                };
                (c, known, result)
            })
        }))
        .buffered(self.req.feed.concurrency);
        while let Some(joined) = downloads.next().await {
            let (c, known, result) = joined.map_err(|e| Error::Internal(format!("download task: {e}")))?;
            match result {
                Ok(Download::Complete(d)) => {
                    let validators = (!d.validators.is_empty())
                        .then(|| serde_json::to_string(&d.validators).expect("validators serialize"));
                    let file = InputFile { id: c.key.clone(), path: d.path.clone(), size: d.size };
                    let done = self.take(&c, file, validators).await?;
                    if !matches!(done.outcome, Outcome::Failed(_)) {
                        let _ = tokio::fs::remove_file(&d.path).await;
                    }
                }
                Ok(Download::NotModified) => {
                    info!(source = %source, key = %c.key, "Relisted but unchanged on the server (304).");
                    self.not_modified += 1;
                    if let Some(mut k) = known {
                        k.version_tag = c.version_tag.clone();
                        k.fetched_at = clock::now_rfc3339();
                        self.pipeline.state.record_fetched(&k)?;
                    }
                }
                Err(e) => {
                    warn!(source = %source, key = %c.key, error = %e, "Fetch failed; the file is tried again next run.");
                    self.run.fail(format!("{}: {e}", c.key));
                }
            }
        }
        Ok(())
    }
}

impl Pipeline {
    /// Lists the source's origin, fetches what is new, and ingests it in listing order, in one
    /// run. Fetch failures end the run `failed` (what was fetched is still committed); a
    /// file that does not match its published checksum or size is quarantined.
    ///
    /// # Errors
    /// Lock and state errors; everything else is in the report.
    pub async fn pull(&self, req: &PullRequest, progress: &dyn Progress) -> Result<PullReport> {
        let mut run = self.begin_run(&req.source)?;
        let mut filters = req.feed.filters.clone();
        if let Some((since, until)) = req.window {
            (filters.since, filters.until) = (since, until);
        }
        let discovery = match self.discover(req).await {
            Ok(d) => d,
            Err(why) => {
                warn!(source = %req.source, error = %why, "Discovery failed; nothing fetched.");
                run.fail(why);
                let run = self.finish_run(run).await?;
                return Ok(PullReport { run, listed: 0, new: 0, not_modified: 0, index_unchanged: false, pruned: 0 });
            }
        };
        let listed: Vec<Candidate> = discovery.candidates.into_iter().filter(|c| filters.accepts(c)).collect();
        let listed_count = listed.len();
        let mut todo = Vec::new();
        for c in listed {
            let known = self.state.fetched(&req.source, &c.key)?;
            if is_new(&c, known.as_ref()) {
                todo.push((c, known));
            }
        }
        let new = todo.len();
        self.metrics.discovered.get_or_create(&Metrics::source(&req.source)).inc_by(new as u64);
        info!(source = %req.source, listed = listed_count, new, "Discovery done.");
        progress.begin(new, todo.iter().filter_map(|(c, _)| c.size).sum());
        let staging = self.state_dir.join("incoming").join(&req.source);
        let mut pull = Pull { pipeline: self, req, run, progress, not_modified: 0 };
        match &req.feed.origin {
            Origin::Folder(_) => pull.take_folder(todo).await?,
            Origin::ObjectStore { root, options } => pull.fetch_objects(todo, root, options, &staging).await?,
            Origin::Http { .. } => pull.fetch_http(todo, &staging).await?,
        }
        let Pull { run, not_modified, .. } = pull;
        if let Some((url, v)) = discovery.index {
            // The next listing may be conditional only once everything this one listed is in.
            let complete = run.counts().artifacts as usize + not_modified >= new && !run.has_failed();
            let json = (complete && !v.is_empty()).then(|| serde_json::to_string(&v).expect("validators serialize"));
            self.state.record_index_validators(&req.source, url.as_str(), json.as_deref())?;
        }
        let pruned = match req.feed.keep_landed_days {
            Some(days) => self.prune_landing(&req.source, days).await.unwrap_or_else(|e| {
                warn!(source = %req.source, error = %e, "Could not apply the landing retention rule.");
                0
            }),
            None => 0,
        };
        let run = self.finish_run(run).await?;
        Ok(PullReport {
            run,
            listed: listed_count,
            new,
            not_modified,
            index_unchanged: discovery.index_unchanged,
            pruned,
        })
    }

    async fn discover(&self, req: &PullRequest) -> Result<Discovery, String> {
        match &req.feed.origin {
            Origin::Folder(dir) => Ok(Discovery {
                candidates: local::folder_candidates(dir, req.feed.complete_marker.as_deref())
                    .map_err(|e| format!("{}: {e}", dir.display()))?,
                index: None,
                index_unchanged: false,
            }),
            Origin::ObjectStore { root, options } => {
                let store = ipdc_jobs::storage::connect(root, options).map_err(|e| format!("{root}: {e}"))?;
                Ok(Discovery {
                    candidates: local::object_candidates(store.as_ref(), req.feed.complete_marker.as_deref())
                        .await
                        .map_err(|e| format!("{root}: {e}"))?,
                    index: None,
                    index_unchanged: false,
                })
            }
            Origin::Http { index, listing } => {
                let fetcher = HttpFetcher::new(&req.source, Arc::clone(&req.feed), Arc::clone(&self.metrics))
                    .map_err(|e| e.to_string())?;
                let known = self
                    .state
                    .index_validators(&req.source, index.as_str())
                    .map_err(|e| e.to_string())?
                    .and_then(|v| serde_json::from_str::<Validators>(&v).ok());
                match fetcher.listing(index, known.as_ref()).await.map_err(|e| e.to_string())? {
                    ListingBody::NotModified => Ok(Discovery {
                        candidates: Vec::new(),
                        index: Some((index.clone(), known.unwrap_or_default())),
                        index_unchanged: true,
                    }),
                    ListingBody::Body { content_type, bytes, validators } => Ok(Discovery {
                        candidates: listing::parse_listing(*listing, content_type.as_deref(), index, &bytes)
                            .map_err(|e| format!("{index}: {e}"))?,
                        index: Some((index.clone(), validators)),
                        index_unchanged: false,
                    }),
                }
            }
        }
    }

    /// Records a handled file in the feed log (not a failed one: it is tried again).
    fn remember(&self, source: &str, c: &Candidate, done: &ArtifactReport, validators: Option<String>) -> Result<()> {
        let status = match done.outcome {
            Outcome::Failed(_) => return Ok(()),
            Outcome::Quarantined(_) => "quarantined",
            Outcome::Committed(_) | Outcome::Unchanged => "done",
        };
        self.state.record_fetched(&FetchedRow {
            source: source.to_owned(),
            key: c.key.clone(),
            location: c.location.clone(),
            size: c.size,
            version_tag: c.version_tag.clone(),
            dated: c.dated.map(|d| d.to_string()),
            sha256: done.sha256.clone().unwrap_or_default(),
            status: status.into(),
            fetched_at: clock::now_rfc3339(),
            validators,
        })
    }

    /// Deletes landed files of `source` older than `days` whose artifacts are committed.
    async fn prune_landing(&self, source: &str, days: u32) -> Result<usize> {
        use futures::TryStreamExt;
        use object_store::ObjectStoreExt;
        let cutoff = chrono::Utc::now() - chrono::Duration::days(i64::from(days));
        let prefix = object_store::path::Path::from(format!("landing/{source}"));
        let objects: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        let mut pruned = 0;
        for o in objects.into_iter().filter(|o| o.last_modified < cutoff) {
            let parts: Vec<_> = o.location.parts().map(|p| p.as_ref().to_owned()).collect();
            // landing/<source>/<sha[..2]>/<sha>/<name>
            let Some(sha) = parts.get(3).filter(|_| parts.len() == 5 && parts[2] != "_incoming") else { continue };
            let statuses = self.state.artifact_statuses(source, sha)?;
            if !statuses.is_empty() && statuses.iter().all(|s| s == "committed") {
                self.store.delete(&o.location).await?;
                pruned += 1;
            }
        }
        if pruned > 0 {
            info!(source, pruned, days, "Landed files past their retention deleted.");
        }
        Ok(pruned)
    }
}

/// Whether a listed file still has to be fetched: never handled, or republished with a new
/// version tag.
fn is_new(c: &Candidate, known: Option<&FetchedRow>) -> bool {
    match known {
        None => true,
        Some(k) => c.version_tag.is_some() && c.version_tag != k.version_tag,
    }
}

fn expected(c: &Candidate) -> Expected {
    Expected { size: c.size, checksum: c.checksum.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_means_never_handled_or_republished() {
        let c = Candidate {
            key: "a.zip".into(),
            location: "https://x.example/a.zip".into(),
            size: Some(3),
            checksum: None,
            version_tag: Some("sha256:aa".into()),
            dated: None,
        };
        let k = FetchedRow {
            source: "s".into(),
            key: "a.zip".into(),
            location: c.location.clone(),
            size: Some(3),
            version_tag: Some("sha256:aa".into()),
            dated: None,
            sha256: "aa".into(),
            status: "done".into(),
            fetched_at: String::new(),
            validators: None,
        };
        assert!(is_new(&c, None));
        assert!(!is_new(&c, Some(&k)));
        assert!(is_new(&Candidate { version_tag: Some("sha256:bb".into()), ..c.clone() }, Some(&k)));
        assert!(!is_new(&Candidate { version_tag: None, ..c }, Some(&k)), "no tag: handled once");
    }
}
