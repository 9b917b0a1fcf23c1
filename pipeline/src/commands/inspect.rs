//! The commands that read state and tables: `init`, `runs`, `quarantine`, `query`, `schemas`.

use std::path::Path;

use ipdc_jobs::OutputFormat;

use super::QueryFormat;
use crate::config::{Config, EXAMPLE, Overrides};
use crate::error::{Error, Result};
use crate::workspace;

/// `ipdc init [DIR]`.
pub(crate) fn init(dir: Option<&Path>) -> Result<i32> {
    let dir = dir.unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join("ipdc.toml");
    if path.exists() {
        println!("{} exists; left unchanged", path.display());
    } else {
        std::fs::write(&path, EXAMPLE).map_err(|e| Error::io(&path, e))?;
        println!("wrote {}", path.display());
    }
    let config = Config::load(Some(&path), &Overrides::default())?;
    let (_, layout) = workspace::open(config.layout, &config.storage, config.limits)?;
    println!("data root: {}", layout.root);
    println!("next: add paths to a [sources.*] entry, then `ipdc --config {} ingest <source>`", path.display());
    Ok(0)
}

/// `ipdc runs`.
pub(crate) fn runs(config: &Config, limit: usize) -> Result<i32> {
    let (pipeline, layout) = workspace::open(config.layout.clone(), &config.storage, config.limits)?;
    let runs = pipeline.state.runs(limit)?;
    if runs.is_empty() {
        println!("no runs yet in {}", layout.state.display());
    }
    println!(
        "{:<28} {:<16} {:<10} {:>6} {:>9} {:>9} {:>8}  started",
        "run", "source", "status", "arts", "docs", "records", "rejects"
    );
    for r in runs {
        println!(
            "{:<28} {:<16} {:<10} {:>6} {:>9} {:>9} {:>8}  {}",
            r.id,
            r.source,
            r.status,
            r.counts.artifacts,
            r.counts.documents,
            r.counts.records,
            r.counts.rejects,
            r.started_at
        );
    }
    Ok(0)
}

/// `ipdc runs show ID`.
pub(crate) fn run_show(config: &Config, id: &str) -> Result<i32> {
    let (pipeline, _) = workspace::open(config.layout.clone(), &config.storage, config.limits)?;
    let Some(run) = pipeline.state.run(id)? else {
        println!("no run {id}; `ipdc runs` lists them");
        return Ok(1);
    };
    println!("{}", serde_json::to_string_pretty(&run).expect("runs serialize"));
    for a in pipeline.state.artifacts_of_run(id)? {
        println!(
            "  {} [{}] sha256={} {} bytes formats={} versions={}",
            a.id,
            a.status,
            &a.sha256[..12],
            a.size,
            a.formats,
            a.versions
        );
    }
    Ok(0)
}

async fn sql(config: &Config, sql: &str, format: OutputFormat) -> Result<String> {
    let batches = rows(config, sql).await?;
    Ok(ipdc_jobs::render(&batches, format)?)
}

async fn rows(config: &Config, sql: &str) -> Result<Vec<arrow::array::RecordBatch>> {
    let (pipeline, _) = workspace::open_checked(config.layout.clone(), &config.storage, config.limits).await?;
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await?;
    Ok(ipdc_jobs::query(&ctx, sql).await?)
}

/// `ipdc quarantine list`.
pub(crate) async fn quarantine_list(config: &Config, limit: usize) -> Result<i32> {
    let q = format!(
        "SELECT quarantined_at, source, artifact_id, scope, rule, doc_id, locator FROM quarantine ORDER BY quarantined_at DESC LIMIT {limit}"
    );
    match rows(config, &q).await {
        Ok(batches) if batches.iter().all(|b| b.num_rows() == 0) => println!("nothing quarantined yet"),
        Ok(batches) => println!("{}", ipdc_jobs::render(&batches, OutputFormat::Table)?),
        Err(Error::Jobs(e)) if e.to_string().contains("not found") => println!("nothing quarantined yet"),
        Err(e) => return Err(e),
    }
    Ok(0)
}

/// `ipdc quarantine show ARTIFACT`.
pub(crate) async fn quarantine_show(config: &Config, artifact: &str) -> Result<i32> {
    let escaped = artifact.replace('\'', "''");
    let q = format!(
        "SELECT quarantined_at, run_id, scope, rule, locator, doc_id, reason, substr(fragment, 1, 400) AS fragment_start FROM quarantine WHERE artifact_id = '{escaped}' ORDER BY locator"
    );
    println!("{}", sql(config, &q, OutputFormat::Json).await?);
    Ok(0)
}

/// `ipdc query SQL`.
pub(crate) async fn query(config: &Config, statement: &str, format: QueryFormat) -> Result<i32> {
    let format = match format {
        QueryFormat::Table => OutputFormat::Table,
        QueryFormat::Csv => OutputFormat::Csv,
        QueryFormat::Json => OutputFormat::Json,
    };
    println!("{}", sql(config, statement, format).await?);
    Ok(0)
}

/// `ipdc schemas export DIR`: every dataset schema and every exchange-file schema.
pub(crate) fn schemas_export(dir: &Path) -> Result<i32> {
    let datasets = ipdc_schemas::datasets::ALL.iter().map(|d| (d.published_path(), d.to_published_text()));
    let exchange = ipdc_schemas::exchange::ALL.iter().map(|x| (x.published_path(), x.to_published_text()));
    for (rel, text) in datasets.chain(exchange) {
        let path = dir.join(rel);
        let parent = path.parent().expect("published paths have a folder");
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        println!("{}", path.display());
    }
    Ok(0)
}
