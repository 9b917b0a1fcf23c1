//! EPO DOCDB create / amend / delete applied to `patent_publication` over a sequence of files:
//! the real DE backfile (10 creates), then a front file built from it that amends one document,
//! deletes another and creates a third (the real YU document). Rows written by another source
//! for the same documents are never touched.

mod common;

use std::path::{Path, PathBuf};

use common::{Quiet, rows};
use ipdc_connectors::{ConnectorKind, Scope};
use ipdc_pipeline::runner::{IngestRequest, Outcome, Pipeline};
use ipdc_pipeline::workspace;

fn real(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ipdc_tests::REAL_SAMPLES).join(rel)).unwrap()
}

/// The DE backfile's header, and its documents by doc-number.
fn backfile() -> (String, Vec<String>) {
    let text = real("epo-docdb/DE-backfile.xml");
    let first = text.find("<exch:exchange-document ").unwrap();
    let docs = text[first..]
        .split_inclusive("</exch:exchange-document>")
        .map(str::trim)
        .filter(|d| d.starts_with("<exch:exchange-document "))
        .map(str::to_owned)
        .collect();
    (text[..first].to_owned(), docs)
}

async fn ingest(pipeline: &Pipeline, source: &str, file: &Path) -> Vec<Outcome> {
    let request = IngestRequest {
        source: source.into(),
        connector: ConnectorKind::EpoDocdb,
        inputs: vec![file.to_owned()],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&request, &Quiet).await.unwrap();
    assert_eq!(report.status, "succeeded", "{report:?}");
    report.artifacts.into_iter().map(|a| a.outcome).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_amend_delete_leave_the_right_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (pipeline, _) = workspace::open(
        workspace::Layout::local(dir.path().join("root")),
        &ipdc_jobs::storage::StorageOptions::default(),
        ipdc_connectors::Limits::default(),
    )
    .unwrap();
    let backfile_path = Path::new(ipdc_tests::REAL_SAMPLES).join("epo-docdb/DE-backfile.xml");
    ingest(&pipeline, "epo", &backfile_path).await;
    ingest(&pipeline, "other", &backfile_path).await;

    let (header, docs) = backfile();
    let amended = docs[2]
        .replacen("originating-office=\"EP\">", "originating-office=\"EP\" status=\"A\">", 1)
        .replace("Zuendanlage fuer Brennkraftmaschinen", "Zuendanlage fuer Brennkraftmaschinen (berichtigt)");
    let deleted = "<exch:exchange-document country=\"DE\" doc-number=\"1258191\" kind=\"B\" date-publ=\"19680104\" status=\"D\"/>";
    let yu = real("epo-docdb/YU-6701-A_381353354.xml");
    let created = yu.trim().replacen("originating-office=\"EP\">", "originating-office=\"EP\" status=\"C\">", 1);
    assert!(amended.contains("status=\"A\"") && created.contains("status=\"C\""));
    let front: PathBuf = dir.path().join("front-1.xml");
    std::fs::write(&front, format!("{header}{amended}\n{deleted}\n{created}\n</exch:exchange-documents>\n")).unwrap();

    let outcomes = ingest(&pipeline, "epo", &front).await;
    assert!(matches!(&outcomes[0], Outcome::Committed(v) if v.iter().any(|(d, _)| d == "patent_publication")));

    let epo =
        rows(&pipeline, "SELECT doc_id FROM patent_publication WHERE provenance.source = 'epo' ORDER BY doc_id").await;
    let mut expected: Vec<String> = (1_258_188..=1_258_197).map(|n| format!("DE{n}B")).collect();
    expected.retain(|d| d != "DE1258191B");
    expected.push("YU6701A".into());
    assert_eq!(epo, expected, "each document once, the deleted one gone, the created one there");
    let title = rows(
        &pipeline,
        "SELECT titles[1]['text'] FROM patent_publication WHERE provenance.source = 'epo' AND doc_id = 'DE1258190B'",
    )
    .await;
    assert_eq!(title, vec!["Zuendanlage fuer Brennkraftmaschinen (berichtigt)".to_owned()]);
    let other = rows(&pipeline, "SELECT doc_id FROM patent_publication WHERE provenance.source = 'other'").await;
    assert_eq!(other.len(), 10, "another source's rows are not touched");

    // The same front file again: already committed, nothing changes.
    let outcomes = ingest(&pipeline, "epo", &front).await;
    assert_eq!(outcomes, vec![Outcome::Unchanged]);
    let again =
        rows(&pipeline, "SELECT doc_id FROM patent_publication WHERE provenance.source = 'epo' ORDER BY doc_id").await;
    assert_eq!(again, expected);
}
