//! ipdc-jobs: the DataFusion session over the lake's Delta tables, and query output.
//!
//! Every published dataset whose table exists under `<root>/lake/` is registered under its
//! name (`patent_publication`, `patent_fulltext`; the quarantine as `quarantine`). The lake may
//! be local or on S3-compatible storage ([`storage`]).

pub mod storage;

use arrow::array::RecordBatch;
pub use datafusion::prelude::SessionContext;
use ipdc_schemas::datasets::ALL;
use url::Url;

/// Errors of the jobs crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The SQL failed to plan or run.
    #[error("query failed: {0}")]
    Query(#[from] datafusion::error::DataFusionError),
    /// A Delta table could not be opened.
    #[error("table {table}: {source}")]
    Table {
        /// Table name.
        table: String,
        /// Underlying error.
        #[source]
        source: Box<deltalake::DeltaTableError>,
    },
    /// Output could not be written.
    #[error("writing results: {0}")]
    Output(#[from] arrow::error::ArrowError),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The SQL name a dataset is registered under.
pub fn sql_name(dataset: &str) -> &str {
    dataset.strip_prefix('_').unwrap_or(dataset)
}

/// A session with every existing lake table registered; returns it and the names registered.
///
/// # Errors
/// [`Error::Table`] when a table exists but cannot be read.
pub async fn session(lake: &Url) -> Result<(SessionContext, Vec<String>)> {
    let ctx = SessionContext::new();
    let mut names = Vec::new();
    for dataset in ALL {
        let url = lake.join(&format!("{}/", dataset.name)).expect("dataset names are URL-safe");
        if url.to_file_path().is_ok_and(|dir| !dir.join("_delta_log").exists()) {
            continue;
        }
        let table = match deltalake::open_table(url).await {
            Ok(t) => t,
            Err(deltalake::DeltaTableError::NotATable(_)) => continue,
            Err(e) => return Err(Error::Table { table: dataset.name.into(), source: Box::new(e) }),
        };
        let provider = table.table_provider().await?;
        ctx.register_table(sql_name(dataset.name), provider)?;
        names.push(sql_name(dataset.name).to_owned());
    }
    Ok((ctx, names))
}

/// Runs one SQL statement and collects its batches.
///
/// # Errors
/// [`Error::Query`].
pub async fn query(ctx: &SessionContext, sql: &str) -> Result<Vec<RecordBatch>> {
    Ok(ctx.sql(sql).await?.collect().await?)
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A text table.
    Table,
    /// CSV with a header.
    Csv,
    /// JSON Lines.
    Json,
}

/// Renders batches in the chosen format.
///
/// # Errors
/// [`Error::Output`].
pub fn render(batches: &[RecordBatch], format: OutputFormat) -> Result<String> {
    match format {
        OutputFormat::Table => Ok(arrow::util::pretty::pretty_format_batches(batches)?.to_string()),
        OutputFormat::Csv => {
            let mut buf = Vec::new();
            {
                let mut w = arrow::csv::WriterBuilder::new().with_header(true).build(&mut buf);
                for b in batches {
                    w.write(b)?;
                }
            }
            Ok(String::from_utf8_lossy(&buf).into_owned())
        }
        OutputFormat::Json => {
            let mut w = arrow::json::LineDelimitedWriter::new(Vec::new());
            let refs: Vec<&RecordBatch> = batches.iter().collect();
            w.write_batches(&refs)?;
            w.finish()?;
            Ok(String::from_utf8_lossy(&w.into_inner()).into_owned())
        }
    }
}
