//! The published schema files under `schemas/published/` are exactly what the code generates,
//! and records serialize into the Arrow schemas they are written with.
//!
//! After an intended (additive) schema change, refresh the files with
//! `IPDC_BLESS=1 cargo test -p ipdc-schemas --test published` and review the diff.

use std::path::PathBuf;

use arrow::json::ReaderBuilder;
use ipdc_schemas::datasets::ALL;
use ipdc_schemas::{
    Classification, Dataset, LangText, PATENT_FULLTEXT, PATENT_LEGAL_EVENT, PATENT_PUBLICATION, Party, PatentFulltext,
    PatentLegalEvent, PatentPublication, QUARANTINE, QuarantineRecord,
};

fn published_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("published")
}

/// The file at `rel` under `published/` holds `generated` (rewritten first with IPDC_BLESS).
fn check_published(rel: &str, generated: &str) {
    let path = published_dir().join(rel);
    if std::env::var_os("IPDC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(on_disk, generated, "{} differs from the code; see this file's header", path.display());
}

#[test]
fn published_files_equal_code() {
    for d in ALL {
        check_published(&d.published_path(), &d.to_published_text());
    }
    for x in ipdc_schemas::exchange::ALL {
        check_published(&x.published_path(), &x.to_published_text());
        assert!(ALL.iter().any(|d| d.name == x.dataset), "{}: no dataset {}", x.name, x.dataset);
    }
}

fn decode<T: serde::Serialize>(d: &Dataset, rows: &[T]) -> usize {
    let mut decoder = ReaderBuilder::new(d.arrow_schema()).with_strict_mode(true).build_decoder().unwrap();
    decoder.serialize(rows).unwrap();
    let batch = decoder.flush().unwrap().unwrap();
    assert_eq!(batch.schema(), d.arrow_schema());
    batch.num_rows()
}

#[test]
fn records_fit_their_arrow_schemas() {
    let full = PatentPublication {
        office: "CN".into(),
        doc_id: "CN113781974A".into(),
        pub_date: Some("2021-12-10".into()),
        titles: vec![LangText { lang: Some("zh".into()), text: "显示设备".into() }],
        applicants: vec![Party { seq: 1, name: "a".into(), name_raw: "a".into(), ..Default::default() }],
        ipc: vec![Classification { seq: 1, raw: "G09G 3/36".into(), ..Default::default() }],
        national_class: vec!["709228".into()],
        claims_count: Some(3),
        appl_check_ok: Some(true),
        ..Default::default()
    };
    assert_eq!(decode(&PATENT_PUBLICATION, &[PatentPublication::default(), full]), 2);
    assert_eq!(decode(&PATENT_FULLTEXT, &[PatentFulltext::default()]), 1);
    let event = PatentLegalEvent {
        office: "EP".into(),
        event_date: Some("2011-12-28".into()),
        national_event_code: "AK".into(),
        details: Some(r#"{"Designated State(s)":"AT BE"}"#.into()),
        ..Default::default()
    };
    assert_eq!(decode(&PATENT_LEGAL_EVENT, &[PatentLegalEvent::default(), event]), 2);
    let q = QuarantineRecord { quarantined_at: "2026-01-02T03:04:05Z".into(), ..Default::default() };
    assert_eq!(decode(&QUARANTINE, &[q]), 1);
}

#[test]
fn partition_columns_exist_and_are_required() {
    for d in ALL {
        for p in d.partition_by {
            let f = d.fields.iter().find(|f| f.name == *p).unwrap_or_else(|| panic!("{}: no column {p}", d.name));
            assert!(!f.nullable, "{}.{p} is a partition column and must not be null", d.name);
        }
    }
}
