//! The commands that pull feeds: `fetch` (now), `backfill` (a date window), `status` (per
//! source: schedule, last and next run, cursor, lag, last error) and `serve` (the scheduler
//! with `/metrics`, `/healthz` and `/readyz`).

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::watch;
use tracing::{error, info, warn};

use super::ingest::exit_code;
use crate::config::{Config, Source};
use crate::error::{Error, Result};
use crate::feeds::{PullReport, PullRequest};
use crate::progress::ConsoleProgress;
use crate::runner::{ArtifactReport, Pipeline, Progress};
use crate::schedule::{RunSource, Scheduled, Scheduler, SystemClock};
use crate::server::{ServerState, router};
use crate::workspace;

/// `ipdc fetch <source>` and `ipdc backfill <source> --from --to`.
pub(crate) async fn fetch(config: &Config, source: &str, window: Option<(NaiveDate, NaiveDate)>) -> Result<i32> {
    let request = pull_request(config, source, window)?;
    let (pipeline, layout) = workspace::open_checked(config.layout.clone(), &config.storage, config.limits).await?;
    let report = pipeline.pull(&request, &ConsoleProgress::new()).await?;
    print_pull(&report);
    println!("tables: {}", layout.show("lake"));
    Ok(exit_code(&report.run))
}

fn pull_request(config: &Config, source: &str, window: Option<(NaiveDate, NaiveDate)>) -> Result<PullRequest> {
    let s = config.sources.get(source).ok_or_else(|| {
        let fetchable: Vec<_> = config.sources.values().filter(|s| s.feed.is_some()).map(|s| s.name.as_str()).collect();
        Error::Config(vec![format!("unknown source {source:?}; sources with a `from` are [{}]", fetchable.join(", "))])
    })?;
    request_for(s, window).ok_or_else(|| {
        Error::Config(vec![format!(
            "source {source:?} has no `from`: set sources.{source}.from to an http(s) index, a folder or an s3:// prefix"
        )])
    })
}

fn request_for(s: &Source, window: Option<(NaiveDate, NaiveDate)>) -> Option<PullRequest> {
    Some(PullRequest {
        source: s.name.clone(),
        connector: s.connector,
        scope: s.scope,
        feed: Arc::clone(s.feed.as_ref()?),
        window: window.map(|(from, to)| (Some(from), Some(to))),
    })
}

fn print_pull(r: &PullReport) {
    println!(
        "listed {} file(s), {} new{}{}",
        r.listed,
        r.new,
        if r.not_modified > 0 { format!(", {} unchanged on the server", r.not_modified) } else { String::new() },
        if r.index_unchanged { " (index not modified since the last pull)" } else { "" }
    );
    if r.pruned > 0 {
        println!("retention: {} landed file(s) deleted", r.pruned);
    }
    super::ingest::print_summary(&r.run);
}

/// `ipdc status`.
pub(crate) fn status(config: &Config) -> Result<i32> {
    let (pipeline, _) = workspace::open(config.layout.clone(), &config.storage, config.limits)?;
    let now = Utc::now();
    if config.sources.is_empty() {
        println!("no sources configured");
    }
    for s in config.sources.values() {
        println!("{} ({})", s.name, s.connector.name());
        let Some(feed) = &s.feed else {
            println!("  from        - (ingested with `ipdc ingest {}`)", s.name);
            print_last_run(&pipeline, &s.name, now)?;
            continue;
        };
        println!("  from        {}", describe_origin(&feed.origin));
        match &feed.schedule {
            Some(cron) => {
                println!("  schedule    {}", cron.describe());
                let next =
                    cron.next_after(now).map_or("-".into(), |t| format!("{} (in {})", t.to_rfc3339(), ago(t - now)));
                println!("  next run    {next}");
            }
            None => println!("  schedule    - (fetched by `ipdc fetch {}` only)", s.name),
        }
        print_last_run(&pipeline, &s.name, now)?;
        match pipeline.state.cursor(&s.name)? {
            Some(c) => {
                println!(
                    "  cursor      {} {}",
                    c.key,
                    c.dated.as_deref().map_or(String::new(), |d| format!("(dated {d})"))
                );
                let lag = c
                    .dated
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| (now.date_naive() - d).num_days());
                println!("  lag         {}", lag.map_or("-".into(), |d| format!("{d} day(s) behind today")));
            }
            None => println!("  cursor      - (nothing fetched yet)"),
        }
    }
    Ok(0)
}

fn print_last_run(pipeline: &Pipeline, source: &str, now: DateTime<Utc>) -> Result<()> {
    match pipeline.state.last_run(source)? {
        Some(r) => {
            let when = r
                .ended_at
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map_or(String::new(), |t| format!(", {} ago", ago(now - t.with_timezone(&Utc))));
            println!("  last run    {} {}{when}", r.id, r.status);
        }
        None => println!("  last run    - (never run)"),
    }
    if let Some(f) = pipeline.state.last_failure(source)? {
        println!("  last error  {} ({}): {}", f.id, f.status, f.error.as_deref().unwrap_or("-"));
    }
    Ok(())
}

fn describe_origin(o: &crate::feeds::settings::Origin) -> String {
    use crate::feeds::settings::Origin;
    match o {
        Origin::Http { index, .. } => index.to_string(),
        Origin::Folder(p) => p.display().to_string(),
        Origin::ObjectStore { root, .. } => root.to_string(),
    }
}

fn ago(d: chrono::TimeDelta) -> String {
    let s = d.num_seconds().abs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h{}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{}h", s / 86400, s % 86400 / 3600),
    }
}

/// Progress of scheduled runs: log lines only.
#[derive(Debug)]
struct LogProgress;

impl Progress for LogProgress {
    fn begin(&self, artifacts: usize, bytes: u64) {
        info!(artifacts, bytes, "Fetching.");
    }

    fn artifact_done(&self, report: &ArtifactReport, bytes: u64) {
        info!(artifact = %report.id, bytes, outcome = ?report.outcome, "Artifact done.");
    }
}

/// Starts pulls for the scheduler.
#[derive(Debug)]
struct Puller {
    pipeline: Arc<Pipeline>,
    requests: std::collections::BTreeMap<String, PullRequest>,
}

impl RunSource for Puller {
    fn run(&self, source: String, slot: DateTime<Utc>) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        let pipeline = Arc::clone(&self.pipeline);
        let request = self.requests.get(&source).cloned();
        Box::pin(async move {
            let Some(request) = request else { return };
            match pipeline.pull(&request, &LogProgress).await {
                Ok(r) => info!(
                    source,
                    slot = %slot,
                    run = %r.run.run_id,
                    status = %r.run.status,
                    new = r.new,
                    records = r.run.counts.records,
                    rejects = r.run.counts.rejects,
                    "Scheduled run finished."
                ),
                Err(e) => error!(source, slot = %slot, error = %e, "Scheduled run could not start."),
            }
        })
    }
}

/// `ipdc serve`.
pub(crate) async fn serve(config: &Config, listen: SocketAddr, grace: Duration) -> Result<i32> {
    let (pipeline, layout) = workspace::open_checked(config.layout.clone(), &config.storage, config.limits).await?;
    let pipeline = Arc::new(pipeline);
    let mut scheduled = Vec::new();
    let mut requests = std::collections::BTreeMap::new();
    for s in config.sources.values() {
        let Some(request) = request_for(s, None) else { continue };
        match &request.feed.schedule {
            Some(cron) => {
                scheduled.push(Scheduled {
                    source: s.name.clone(),
                    schedule: cron.clone(),
                    missed: request.feed.missed,
                });
                requests.insert(s.name.clone(), request);
            }
            None => {
                warn!(source = %s.name, "Source has a `from` but no `schedule`; it is fetched only by `ipdc fetch`.")
            }
        }
    }
    if scheduled.is_empty() {
        warn!("No source has a schedule; serving /metrics and /healthz only.");
    }
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| Error::io(listen.to_string(), e))?;
    let bound = listener.local_addr().map_err(|e| Error::io(listen.to_string(), e))?;
    let ready = Arc::new(AtomicBool::new(false));
    let (stop_tx, stop_rx) = watch::channel(false);
    let state = ServerState { metrics: Arc::clone(&pipeline.metrics), ready: Arc::clone(&ready) };
    let mut server_stop = stop_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async move {
                let _ = server_stop.wait_for(|stop| *stop).await;
            })
            .await
    });
    tokio::spawn(async move {
        shutdown_signal().await;
        info!("Shutdown asked; finishing runs in flight.");
        let _ = stop_tx.send(true);
    });
    println!("ipdc serve: http://{bound}/metrics, /healthz, /readyz; data root {}", layout.root);
    for s in &scheduled {
        let next = s.schedule.next_after(Utc::now()).map_or("-".into(), |t| t.to_rfc3339());
        println!("  {:<20} {}  next {next}", s.source, s.schedule.describe());
    }
    ready.store(true, Ordering::Relaxed);
    let puller = Arc::new(Puller { pipeline: Arc::clone(&pipeline), requests });
    let report =
        Scheduler::new(scheduled, Arc::new(SystemClock), Arc::clone(&pipeline.state), grace).run(puller, stop_rx).await;
    ready.store(false, Ordering::Relaxed);
    let _ = server.await;
    info!(started = report.started.len(), abandoned = report.abandoned.len(), "Stopped.");
    Ok(if report.abandoned.is_empty() { 0 } else { 1 })
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(t) => t,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
