//! Helpers shared by the end-to-end tests: a silent progress sink, a pipeline over a fresh
//! data root, and SQL results as text.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use arrow::array::{Array, AsArray};
use ipdc_pipeline::runner::{ArtifactReport, Pipeline, Progress};
use ipdc_pipeline::workspace;

/// Progress that shows nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn begin(&self, _: usize, _: u64) {}
    fn artifact_done(&self, _: &ArtifactReport, _: u64) {}
}

/// A real sample bundled with the connectors, by path relative to their `fixtures/real`.
pub fn sample(rel: &str) -> PathBuf {
    Path::new(ipdc_tests::REAL_SAMPLES).join(rel)
}

/// A pipeline over a new data root under `dir`.
pub fn fresh_pipeline(dir: &Path) -> Pipeline {
    let layout = workspace::Layout::local(dir.join("root"));
    workspace::open(layout, &ipdc_jobs::storage::StorageOptions::default(), ipdc_connectors::Limits::default())
        .unwrap()
        .0
}

/// The first column of a query's rows, as text.
pub async fn rows(pipeline: &Pipeline, sql: &str) -> Vec<String> {
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    let batches = ipdc_jobs::query(&ctx, sql).await.unwrap();
    let mut out = Vec::new();
    for b in &batches {
        let col = arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::Utf8).unwrap();
        let col = col.as_string::<i32>();
        out.extend((0..col.len()).map(|i| if col.is_null(i) { "NULL".to_owned() } else { col.value(i).to_owned() }));
    }
    out
}
