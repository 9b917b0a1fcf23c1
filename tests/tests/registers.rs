//! Trademark, GI and design registers end to end: the real samples of every trademark feed land
//! in `trademark`, partitioned by office and filing year; a later report of a mark, GI or
//! design replaces the source's row (CNIPA extracts), an EUIPO `Delete` removes it, and
//! re-ingesting commits nothing.

mod common;

use std::path::Path;

use common::{Quiet, fresh_pipeline, rows, sample};
use ipdc_connectors::{ConnectorKind, Scope};
use ipdc_pipeline::runner::{IngestRequest, Outcome};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_trademark_feed_lands_once_per_mark() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    for (source, connector, folders) in [
        ("uspto_tm", ConnectorKind::UsptoTrademarks, &["uspto-trademark-daily", "wipo-st66-trademark"][..]),
        ("euipo", ConnectorKind::EuipoTrademarks, &["euipo-trademark"]),
        ("wipo_st96", ConnectorKind::WipoSt96, &["wipo-st96-trademark"]),
    ] {
        let inputs = folders.iter().map(|f| sample(f)).collect();
        let req = IngestRequest { source: source.into(), connector, inputs, scope: Scope::Full };
        let report = pipeline.ingest(&req, &Quiet).await.unwrap();
        assert_eq!((report.status.as_str(), report.counts.rejects), ("succeeded", 0), "{source}");
        let again = pipeline.ingest(&req, &Quiet).await.unwrap();
        assert!(again.artifacts.iter().all(|a| matches!(a.outcome, Outcome::Unchanged)), "{source}");
    }
    let per_office =
        rows(&pipeline, "SELECT office || ':' || count(*) FROM trademark GROUP BY office ORDER BY office").await;
    assert_eq!(per_office, ["EM:4", "US:14"]);
    let cutex =
        "SELECT array_to_string(nice_classes, ',') FROM trademark WHERE doc_id = 'US71112081' AND filing_year = 1918";
    assert_eq!(rows(&pipeline, cutex).await, ["8"]);
    let languages = "SELECT count(DISTINCT g.lang) FROM (SELECT unnest(goods_services) AS g FROM trademark WHERE doc_id = 'EM018224185')";
    assert_eq!(rows(&pipeline, languages).await, ["23"]);
    assert!(dir.path().join("root/lake/trademark/office=EM/filing_year=2020").is_dir());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_extract_replaces_and_a_delete_removes() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let madeup = Path::new(ipdc_tests::REAL_SAMPLES).join("../madeup/cnipa-trademark");
    let req = IngestRequest {
        source: "cnipa_tm".into(),
        connector: ConnectorKind::CnipaTrademarks,
        inputs: vec![madeup.join("tm_register_2024w20.csv")],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.records, report.counts.rejects), ("partial", 3, 5));
    let status = "SELECT status FROM trademark WHERE doc_id = 'CN56783412'";
    assert_eq!(rows(&pipeline, status).await, ["registered"]);
    let req = IngestRequest { inputs: vec![madeup.join("tm_register_2024w21.jsonl")], ..req };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((report.counts.records, report.counts.rejects), (2, 2));
    assert_eq!(rows(&pipeline, status).await, ["invalidated"]);
    assert_eq!(rows(&pipeline, "SELECT count(*) FROM trademark WHERE office = 'CN'").await, ["4"]);
    let by_line = "SELECT rule FROM quarantine WHERE artifact_id = 'tm_register_2024w20.csv' AND locator = 'line 6'";
    assert_eq!(rows(&pipeline, by_line).await, ["exchange.credit_code"]);

    // EUIPO: insert, then the same mark with operationCode="Delete".
    let original = std::fs::read_to_string(sample("euipo-trademark/018222197.xml")).unwrap();
    let insert = dir.path().join("insert");
    let delete = dir.path().join("delete");
    std::fs::create_dir_all(&insert).unwrap();
    std::fs::create_dir_all(&delete).unwrap();
    std::fs::write(insert.join("018222197.xml"), &original).unwrap();
    let deleted = original.replacen("operationCode=\"Insert\"", "operationCode=\"Delete\"", 1);
    std::fs::write(delete.join("018222197-delete.xml"), deleted).unwrap();
    let euipo = |input: &Path| IngestRequest {
        source: "euipo".into(),
        connector: ConnectorKind::EuipoTrademarks,
        inputs: vec![input.to_owned()],
        scope: Scope::Full,
    };
    pipeline.ingest(&euipo(&insert), &Quiet).await.unwrap();
    let em = "SELECT count(*) FROM trademark WHERE doc_id = 'EM018222197'";
    assert_eq!(rows(&pipeline, em).await, ["1"]);
    let report = pipeline.ingest(&euipo(&delete), &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.records), ("succeeded", 1));
    assert_eq!(rows(&pipeline, em).await, ["0"]);
    // The other source's rows are untouched.
    assert_eq!(rows(&pipeline, "SELECT count(*) FROM trademark WHERE office = 'CN'").await, ["4"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geographical_indications_of_every_system_land_and_a_later_extract_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let st96 = IngestRequest {
        source: "wipo".into(),
        connector: ConnectorKind::WipoSt96,
        inputs: vec![sample("wipo-st96-gi")],
        scope: Scope::Full,
    };
    assert_eq!(pipeline.ingest(&st96, &Quiet).await.unwrap().counts.records, 1);
    let madeup = Path::new(ipdc_tests::REAL_SAMPLES).join("../madeup/cnipa-gi");
    let req = IngestRequest {
        source: "cnipa_gi".into(),
        connector: ConnectorKind::CnipaGeographicalIndications,
        inputs: vec![madeup.join("gi_2024q2.csv")],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    // Eight rows: three land; four break the exchange schema, one the dataset's region rule.
    assert_eq!((report.counts.documents, report.counts.records, report.counts.rejects), (8, 3, 5));
    let systems = "SELECT gi_system FROM geographical_indication ORDER BY gi_system";
    assert_eq!(
        rows(&pipeline, systems).await,
        ["agricultural_product", "certification_mark", "geographical_indication", "protected_product"]
    );
    let region = "SELECT rule FROM quarantine WHERE artifact_id = 'gi_2024q2.csv' AND locator = 'line 5'";
    assert_eq!(rows(&pipeline, region).await, ["gi.region_code"]);
    let req = IngestRequest { inputs: vec![madeup.join("gi_2024q3.jsonl")], ..req };
    pipeline.ingest(&req, &Quiet).await.unwrap();
    let revoked = "SELECT status || ' ' || cardinality(authorized_users) FROM geographical_indication WHERE doc_id = 'CNPGI20200412'";
    assert_eq!(rows(&pipeline, revoked).await, ["revoked 1"]);
    assert!(dir.path().join("root/lake/geographical_indication/office=FR").is_dir());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_euipo_design_lands_then_its_delete_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let req = |input: std::path::PathBuf| IngestRequest {
        source: "euipo_designs".into(),
        connector: ConnectorKind::EuipoDesigns,
        inputs: vec![input],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req(sample("euipo-design")), &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.records), ("succeeded", 1));
    let design = "SELECT locarno[1]['class'] || ' ' || status || ' ' || cardinality(views) FROM design_registration \
                  WHERE doc_id = 'EM0010630020001' AND filing_year = 2008";
    assert_eq!(rows(&pipeline, design).await, ["03-01 lapsed 3"]);
    let original = std::fs::read_to_string(sample("euipo-design/001063002-0001.xml")).unwrap();
    let delete = dir.path().join("delete.xml");
    std::fs::write(&delete, original.replacen("operationCode=\"Insert\"", "operationCode=\"Delete\"", 1)).unwrap();
    pipeline.ingest(&req(delete), &Quiet).await.unwrap();
    assert_eq!(rows(&pipeline, "SELECT count(*) FROM design_registration").await, ["0"]);
}
