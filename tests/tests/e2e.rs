//! In-process end to end: ingest real USPTO and CNIPA samples into a fresh root and check the
//! partitioned tables, Parquet footers, quarantine rows, ledger and SQL results.

mod common;

use std::path::{Path, PathBuf};

use arrow::array::{Array, AsArray};
use arrow::datatypes::Int64Type;
use common::{Quiet, fresh_pipeline, sample};
use ipdc_connectors::{ConnectorKind, Scope};
use ipdc_pipeline::runner::{IngestRequest, Outcome};
use parquet::file::reader::{FileReader, SerializedFileReader};

fn parquet_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            parquet_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "parquet") {
            out.push(p);
        }
    }
}

async fn count(ctx: &ipdc_jobs::SessionContext, sql: &str) -> i64 {
    let batches = ipdc_jobs::query(ctx, sql).await.unwrap();
    batches[0].column(0).as_primitive::<Int64Type>().value(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_offices_land_in_partitioned_tables() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let lake = dir.path().join("root/lake");

    let us = IngestRequest {
        source: "uspto".into(),
        connector: ConnectorKind::UsptoPatents,
        inputs: vec![sample("uspto-grant-v45"), sample("uspto-grant-v41"), sample("uspto-grant-v43")],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&us, &Quiet).await.unwrap();
    assert_eq!(report.status, "partial");
    assert_eq!(
        (report.counts.documents, report.counts.records, report.counts.rejects, report.counts.skipped),
        (31, 28, 1, 2)
    );

    let cn = IngestRequest {
        source: "cnipa".into(),
        connector: ConnectorKind::CnipaPatents,
        inputs: vec![sample("cnipa-cn-xml-new"), sample("cnipa-cn-xml-old")],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&cn, &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.records), ("succeeded", 5));
    assert!(report.artifacts.iter().all(|a| matches!(a.outcome, Outcome::Committed(_))));

    // Partitions as the dataset declares them.
    assert!(lake.join("patent_publication").join("office=CN/pub_year=2021").is_dir());
    assert!(lake.join("patent_publication").join("office=US/pub_year=2015").is_dir());

    // Footers carry the schema version, source and artifact checksum; files are zstd.
    let mut files = Vec::new();
    parquet_files(&lake.join("patent_publication").join("office=CN"), &mut files);
    assert_eq!(files.len(), 5);
    let reader = SerializedFileReader::new(std::fs::File::open(&files[0]).unwrap()).unwrap();
    let kv: Vec<(String, String)> = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap()
        .iter()
        .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
        .collect();
    assert!(kv.contains(&("ipdc.schema_version".into(), "1.1".into())), "{kv:?}");
    assert!(kv.contains(&("ipdc.source".into(), "cnipa".into())), "{kv:?}");
    assert!(kv.iter().any(|(k, v)| k == "ipdc.artifact_sha256" && v.len() == 64), "{kv:?}");
    let codec = reader.metadata().row_group(0).column(0).compression();
    assert!(matches!(codec, parquet::basic::Compression::ZSTD(_)), "{codec:?}");

    // Full text is written plain: every paragraph is distinct, so a dictionary would be built
    // only to be dropped and min/max statistics would select nothing. Short columns keep both.
    let mut files = Vec::new();
    parquet_files(&lake.join("patent_fulltext"), &mut files);
    assert!(!files.is_empty());
    let mut long_text_chunks = 0;
    for file in &files {
        let reader = SerializedFileReader::new(std::fs::File::open(file).unwrap()).unwrap();
        for group in reader.metadata().row_groups() {
            for chunk in group.columns() {
                let path = chunk.column_path().string();
                let dictionary = chunk.encodings().any(|e| {
                    matches!(e, parquet::basic::Encoding::RLE_DICTIONARY | parquet::basic::Encoding::PLAIN_DICTIONARY)
                });
                if path == "description" || path == "claims.list.element.text" {
                    long_text_chunks += 1;
                    assert!(!dictionary, "{path} in {file:?} is dictionary encoded");
                    assert!(chunk.statistics().is_none(), "{path} in {file:?} has statistics");
                } else if path == "doc_id" {
                    assert!(dictionary && chunk.statistics().is_some(), "{path} in {file:?} lost its dictionary");
                }
            }
        }
    }
    assert_eq!(long_text_chunks, 2 * files.len(), "one description and one claim-text chunk per file");

    // SQL over the tables: rows, canonical values, the quarantine with its reason.
    let (ctx, names) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert_eq!(names, ["patent_publication", "patent_fulltext", "quarantine"]);
    assert_eq!(count(&ctx, "SELECT count(*) FROM patent_publication").await, 33);
    assert_eq!(count(&ctx, "SELECT count(*) FROM patent_fulltext").await, 33);
    assert_eq!(count(&ctx, "SELECT count(*) FROM patent_publication WHERE doc_id = 'CN113781974A' AND appl_key = 'CN202111286633' AND appl_check_ok").await, 1);
    let q = ipdc_jobs::query(&ctx, "SELECT artifact_id, rule, locator, reason, doc_id, fragment FROM quarantine")
        .await
        .unwrap();
    assert_eq!(q[0].num_rows(), 1);
    let col = |i: usize| {
        let utf8 = arrow::compute::cast(q[0].column(i), &arrow::datatypes::DataType::Utf8).unwrap();
        utf8.as_string::<i32>().value(0).to_owned()
    };
    assert_eq!(col(0), "US07057742-20060606.XML");
    assert_eq!(col(1), "xml.not_well_formed");
    assert!(col(2).starts_with("@0 (error at @"), "{}", col(2));
    assert!(col(3).contains("</maths>"), "{}", col(3));
    assert_eq!(col(4), "US07057742");
    assert!(!q[0].column(5).is_null(0));
    assert!(col(5).starts_with("<?xml") && col(5).len() <= 4096);

    // The ledger holds every artifact as committed.
    let runs = pipeline.state.runs(10).unwrap();
    assert_eq!(runs.len(), 2);
    // Every row carries the checksum of its artifact, though parsing began before landing
    // had computed it.
    let ledger: std::collections::BTreeSet<(String, String)> =
        runs.iter().flat_map(|r| pipeline.state.artifacts_of_run(&r.id).unwrap()).map(|a| (a.id, a.sha256)).collect();
    for table in ["patent_publication", "patent_fulltext"] {
        let sql =
            format!("SELECT DISTINCT provenance['artifact_id'], provenance['artifact_sha256'] FROM {table} ORDER BY 1");
        let batches = ipdc_jobs::query(&ctx, &sql).await.unwrap();
        let strings = |i: usize| {
            let utf8 = arrow::compute::cast(batches[0].column(i), &arrow::datatypes::DataType::Utf8).unwrap();
            utf8.as_string::<i32>().iter().map(|v| v.unwrap().to_owned()).collect::<Vec<_>>()
        };
        let pairs: Vec<(String, String)> = strings(0).into_iter().zip(strings(1)).collect();
        assert_eq!(pairs.len(), 9, "{table}: {pairs:?}");
        assert!(pairs.iter().all(|p| ledger.contains(p)), "{table}: {pairs:?} not all in the ledger {ledger:?}");
    }
    let arts = pipeline.state.artifacts_of_run(&runs[1].id).unwrap();
    assert_eq!(arts.len(), 5, "three v4.5 files, the v4.1 file, the v4.3 weekly slice");
    assert!(arts.iter().all(|a| a.status == "committed"), "{arts:?}");
    // Each artifact records what its documents were: format, version and root element.
    let formats: Vec<&str> = arts.iter().map(|a| a.formats.as_str()).collect();
    assert!(formats.iter().any(|f| f.contains("us-patent-grant v4.5 2014-04-03 <us-patent-grant>")), "{formats:?}");
    assert!(formats.iter().any(|f| f.contains("sequence-cwu")), "skipped documents are fingerprinted too: {formats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_file_is_quarantined_whole_not_committed_as_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let empty = dir.path().join("ipg240102.xml");
    std::fs::write(&empty, b"").unwrap();
    let req = IngestRequest {
        source: "uspto".into(),
        connector: ConnectorKind::UsptoPatents,
        inputs: vec![empty],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.rejects), ("partial", 1));
    assert!(matches!(&report.artifacts[0].outcome, Outcome::Quarantined(why) if why.contains("0 bytes")));
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert_eq!(count(&ctx, "SELECT count(*) FROM quarantine WHERE rule = 'artifact.empty'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ops_legal_events_land_in_their_own_table_once() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let req = IngestRequest {
        source: "epo_ops".into(),
        connector: ConnectorKind::EpoOps,
        inputs: vec![sample("epo-ops/legal_EP2400812.xml"), sample("epo-ops/biblio_EP2400812.xml")],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.documents, report.counts.records), ("succeeded", 70, 70));
    let (ctx, names) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert!(names.contains(&"patent_legal_event".to_owned()), "{names:?}");
    assert_eq!(count(&ctx, "SELECT count(*) FROM patent_legal_event WHERE doc_id = 'EP2400812A1'").await, 69);
    // Events join the publication they are reported against.
    let joined = "SELECT count(*) FROM patent_legal_event e JOIN patent_publication p ON e.doc_id = p.doc_id \
                  WHERE e.office = 'DE' AND e.national_event_code = 'PGFP' AND e.event_date = DATE '2025-07-09'";
    assert_eq!(count(&ctx, joined).await, 1);
    assert!(lake_has(dir.path(), "patent_legal_event/office=DE/event_year=2025"));

    let arts = pipeline.state.artifacts_of_run(&report.run_id).unwrap();
    assert!(arts.iter().any(|a| a.formats.contains("ops-legal <world-patent-data>")), "{arts:?}");
    let again = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((again.counts.unchanged, again.counts.records), (2, 0));
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert_eq!(count(&ctx, "SELECT count(*) FROM patent_legal_event").await, 69);
}

fn lake_has(dir: &Path, rel: &str) -> bool {
    dir.join("root/lake").join(rel).is_dir()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ic_layout_exchange_rows_land_and_bad_rows_are_quarantined_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let madeup = Path::new(ipdc_tests::REAL_SAMPLES).join("../madeup/cnipa-ic-layout");
    let req = IngestRequest {
        source: "cnipa_ic".into(),
        connector: ConnectorKind::CnipaIcLayout,
        inputs: vec![madeup],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!(
        (report.status.as_str(), report.counts.documents, report.counts.records, report.counts.rejects),
        ("partial", 12, 5, 7)
    );
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert_eq!(
        count(&ctx, "SELECT count(*) FROM ic_layout_design WHERE office = 'CN' AND filing_year = 2024").await,
        5
    );
    let expiry = "SELECT count(*) FROM ic_layout_design WHERE reg_number = 'BS.245500190' \
                  AND protection_expiry = DATE '2024-01-10' AND status = 'expired'";
    assert_eq!(count(&ctx, expiry).await, 1);
    let by_line = "SELECT count(*) FROM quarantine WHERE artifact_id = 'ic_layout_2024w12.csv' \
                   AND locator = 'line 5' AND rule = 'exchange.date' AND dataset = 'ic_layout_design'";
    assert_eq!(count(&ctx, by_line).await, 1);
    assert!(lake_has(dir.path(), "ic_layout_design/office=CN/filing_year=2024"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_st3_code_list_loads_once_into_country_code() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/reference/country_codes.csv");
    let req = IngestRequest {
        source: "reference".into(),
        connector: ConnectorKind::WipoSt3Codes,
        inputs: vec![list],
        scope: Scope::Full,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((report.status.as_str(), report.counts.records, report.counts.rejects), ("succeeded", 242, 0));
    let (ctx, _) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert_eq!(count(&ctx, "SELECT count(*) FROM country_code WHERE code = 'CN' AND status = 'current'").await, 1);
    assert_eq!(count(&ctx, "SELECT count(*) FROM country_code WHERE code = 'SU' AND status = 'former'").await, 1);
    assert_eq!(count(&ctx, "SELECT count(*) FROM country_code WHERE is_ip_organization").await, 16);
    let again = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!((again.counts.unchanged, again.counts.records), (1, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bibliographic_source_writes_publications_and_no_full_text() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    let req = IngestRequest {
        source: "uspto_biblio".into(),
        connector: ConnectorKind::UsptoPatents,
        inputs: vec![sample("uspto-grant-v45"), sample("uspto-grant-v43")],
        scope: Scope::Bibliographic,
    };
    let report = pipeline.ingest(&req, &Quiet).await.unwrap();
    assert_eq!(report.status, "succeeded");
    // The same documents as a full read of these samples: 3 single grants, a 25-grant slice
    // and its 2 sequence listings (skipped).
    assert_eq!((report.counts.documents, report.counts.records, report.counts.skipped), (30, 28, 2));
    let (ctx, names) = ipdc_jobs::session(&pipeline.lake).await.unwrap();
    assert!(names.contains(&"patent_publication".to_owned()), "{names:?}");
    assert_eq!(count(&ctx, "SELECT count(*) FROM patent_publication").await, 28);
    // The rows are those of a full read of the same files.
    let full_dir = tempfile::tempdir().unwrap();
    let full = fresh_pipeline(full_dir.path());
    full.ingest(&IngestRequest { scope: Scope::Full, ..req }, &Quiet).await.unwrap();
    let (full_ctx, _) = ipdc_jobs::session(&full.lake).await.unwrap();
    let digest = "SELECT doc_id, kind, pub_date, appl_key, claims_count, titles, abstracts, applicants, ipc, cpc, citations \
                  FROM patent_publication ORDER BY doc_id";
    let table = |batches: Vec<arrow::array::RecordBatch>| {
        arrow::util::pretty::pretty_format_batches(&batches).unwrap().to_string()
    };
    let biblio_rows = table(ipdc_jobs::query(&ctx, digest).await.unwrap());
    assert_eq!(biblio_rows, table(ipdc_jobs::query(&full_ctx, digest).await.unwrap()));
    assert!(biblio_rows.contains("US8926509B2"), "{biblio_rows}");
    // The full-text table exists (it is opened for every patent artifact) and stays empty.
    if names.contains(&"patent_fulltext".to_owned()) {
        assert_eq!(count(&ctx, "SELECT count(*) FROM patent_fulltext").await, 0);
    }
}
