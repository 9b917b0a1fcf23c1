//! Reference tables end to end: the Nice archive, the IPC table and the CPC scheme land in
//! `nice_class`, `ipc_symbol` and `cpc_symbol` (one struct, two tables: the row's scheme picks
//! the table) and join the register tables.

mod common;

use common::{Quiet, fresh_pipeline, rows, sample};
use ipdc_connectors::{ConnectorKind, Scope};
use ipdc_pipeline::runner::IngestRequest;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_tables_land_in_their_own_tables() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = fresh_pipeline(dir.path());
    for (connector, folder, records) in [
        (ConnectorKind::WipoNice, "wipo-nice", 9960),
        (ConnectorKind::WipoIpcTitles, "wipo-ipc", 4000),
        (ConnectorKind::CpcScheme, "cpc-scheme", 19),
    ] {
        let req =
            IngestRequest { source: "reference".into(), connector, inputs: vec![sample(folder)], scope: Scope::Full };
        let report = pipeline.ingest(&req, &Quiet).await.unwrap();
        assert_eq!((report.status.as_str(), report.counts.records), ("succeeded", records), "{folder}");
    }
    let counts = "SELECT 'ipc ' || count(*) FROM ipc_symbol UNION ALL SELECT 'cpc ' || count(*) FROM cpc_symbol \
                  UNION ALL SELECT 'nice ' || count(*) FROM nice_class WHERE edition = '12-2024' ORDER BY 1";
    assert_eq!(rows(&pipeline, counts).await, ["cpc 19", "ipc 4000", "nice 9960"]);
    let heading = "SELECT text FROM nice_class WHERE level = 'class' AND class_number = 42";
    assert!(rows(&pipeline, heading).await[0].starts_with("Scientific and technological services"));
    let parent = "SELECT parent FROM cpc_symbol WHERE symbol = 'A01L 1/02'";
    assert_eq!(rows(&pipeline, parent).await, ["A01L 1/00"]);
    assert!(dir.path().join("root/lake/ipc_symbol/section=A").is_dir());
}
