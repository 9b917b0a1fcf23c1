//! `ipdc ingest`: resolve the source, run the pipeline, print the summary.

use std::path::PathBuf;

use ipdc_connectors::{ConnectorKind, Scope};

use crate::config::{Config, connector_names};
use crate::error::{Error, Result};
use crate::progress::ConsoleProgress;
use crate::runner::{IngestRequest, Outcome, RunReport};
use crate::workspace;

/// Ingests `paths` (or the source's configured paths) and prints the run summary.
pub(crate) async fn ingest(config: &Config, source: Option<&str>, paths: &[PathBuf], no_fulltext: bool) -> Result<i32> {
    let mut request = resolve(config, source.unwrap_or("xml"), paths)?;
    if no_fulltext {
        request.scope = Scope::Bibliographic;
    }
    let (pipeline, layout) = workspace::open_checked(config.layout.clone(), &config.storage, config.limits).await?;
    let report = pipeline.ingest(&request, &ConsoleProgress::new()).await?;
    print_summary(&report);
    println!("tables: {}", layout.show("lake"));
    Ok(exit_code(&report))
}

/// The request for a configured source or a connector named on the command line.
pub(crate) fn resolve(config: &Config, source: &str, paths: &[PathBuf]) -> Result<IngestRequest> {
    let (connector, configured, scope) = match (config.sources.get(source), ConnectorKind::from_name(source)) {
        (Some(s), _) => (s.connector, s.paths.clone(), s.scope),
        (None, Some(kind)) => (kind, Vec::new(), Scope::Full),
        (None, None) => {
            let known: Vec<_> = config.sources.keys().cloned().collect();
            return Err(Error::Config(vec![format!(
                "unknown source {source:?}: configured sources are [{}]; connectors usable without configuration are [{}]",
                known.join(", "),
                connector_names()
            )]));
        }
    };
    let inputs = if paths.is_empty() { configured } else { paths.to_vec() };
    if inputs.is_empty() {
        return Err(Error::Config(vec![format!(
            "nothing to ingest for {source:?}: pass --path FILE|DIR or set sources.{source}.paths"
        )]));
    }
    Ok(IngestRequest { source: source.to_owned(), connector, inputs, scope })
}

/// 0 success, 2 finished with rejects, 1 failure.
pub(crate) fn exit_code(report: &RunReport) -> i32 {
    match report.status.as_str() {
        "succeeded" => 0,
        "partial" => 2,
        _ => 1,
    }
}

/// The end-of-run table.
pub(crate) fn print_summary(r: &RunReport) {
    let c = &r.counts;
    let mb = c.bytes as f64 / 1e6;
    let latest = r.artifacts.iter().rev().find_map(|a| match &a.outcome {
        Outcome::Committed(v) if !v.is_empty() => {
            Some(v.iter().map(|(d, v)| format!("{d}@v{v}")).collect::<Vec<_>>().join(" "))
        }
        _ => None,
    });
    println!("run {} ({}): {}", r.run_id, r.source, r.status);
    println!("  {:<22} {:>12}", "artifacts", c.artifacts);
    println!("  {:<22} {:>12}", "  already committed", c.unchanged);
    println!("  {:<22} {:>12}", "documents", c.documents);
    println!("  {:<22} {:>12}", "records written", c.records);
    println!("  {:<22} {:>12}", "quarantined", c.rejects);
    println!("  {:<22} {:>12}", "skipped", c.skipped);
    println!("  {:<22} {:>12}", "warnings", c.warnings);
    println!("  {:<22} {:>12.1}", "MB", mb);
    println!("  {:<22} {:>12.1}", "MB/s", if r.seconds > 0.0 { mb / r.seconds } else { 0.0 });
    println!("  {:<22} {}", "latest table versions", latest.as_deref().unwrap_or("-"));
    for a in &r.artifacts {
        if let Outcome::Quarantined(why) | Outcome::Failed(why) = &a.outcome {
            println!("  ! {}: {why}", a.id);
        }
    }
    if c.rejects > 0 {
        println!("  {} record(s) quarantined: see `ipdc quarantine list`", c.rejects);
    }
}
