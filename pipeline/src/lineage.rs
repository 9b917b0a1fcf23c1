//! One OpenLineage run event (JSON) per run, at `<root>/lineage/<source>/<run id>.json`: the
//! artifacts read (with SHA-256 and size) as inputs, the table versions committed as outputs.

use std::collections::BTreeMap;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use serde_json::json;
use sha2::{Digest, Sha256};
use url::Url;

use crate::error::Result;
use crate::runner::{Outcome, RunReport};

const PRODUCER: &str = concat!("https://ipdc.invalid/ipdc/", env!("CARGO_PKG_VERSION"));
const RUN_EVENT: &str = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const VERSION_FACET: &str = "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json";

/// The event of a finished run.
pub fn event(report: &RunReport, lake: &Url, ended: &str) -> serde_json::Value {
    let inputs: Vec<_> = report
        .artifacts
        .iter()
        .map(|a| {
            let outcome = match &a.outcome {
                Outcome::Committed(_) => "committed".to_owned(),
                Outcome::Unchanged => "unchanged".to_owned(),
                Outcome::Quarantined(why) => format!("quarantined: {why}"),
                Outcome::Failed(why) => format!("failed: {why}"),
            };
            json!({
                "namespace": format!("ipdc-landing:{}", report.source),
                "name": a.id,
                "facets": {"ipdc_artifact": {
                    "_producer": PRODUCER,
                    "_schemaURL": "https://ipdc.invalid/facets/ArtifactFacet.json",
                    "sha256": a.sha256,
                    "bytes": a.counts.bytes,
                    "documents": a.counts.documents,
                    "records": a.counts.records,
                    "rejects": a.counts.rejects,
                    "outcome": outcome,
                }}
            })
        })
        .collect();
    let mut versions: BTreeMap<&str, u64> = BTreeMap::new();
    for a in &report.artifacts {
        if let Outcome::Committed(v) = &a.outcome {
            for (dataset, version) in v {
                let e = versions.entry(dataset.as_str()).or_default();
                *e = (*e).max(*version);
            }
        }
    }
    let outputs: Vec<_> = versions
        .into_iter()
        .map(|(dataset, version)| {
            json!({
                "namespace": lake.as_str(),
                "name": dataset,
                "facets": {"version": {"_producer": PRODUCER, "_schemaURL": VERSION_FACET, "datasetVersion": version.to_string()}}
            })
        })
        .collect();
    json!({
        "eventType": if report.status == "failed" { "FAIL" } else { "COMPLETE" },
        "eventTime": ended,
        "producer": PRODUCER,
        "schemaURL": RUN_EVENT,
        "run": {"runId": run_uuid(&report.run_id), "facets": {"ipdc_run": {
            "_producer": PRODUCER,
            "_schemaURL": "https://ipdc.invalid/facets/RunFacet.json",
            "id": report.run_id, "status": report.status, "counts": report.counts, "seconds": report.seconds,
        }}},
        "job": {"namespace": "ipdc", "name": format!("ingest.{}", report.source)},
        "inputs": inputs,
        "outputs": outputs,
    })
}

/// OpenLineage wants a UUID: one derived from our run id, so it is stable.
fn run_uuid(run_id: &str) -> String {
    let digest = Sha256::digest(run_id.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

/// Writes the event of `report` under the data root.
///
/// # Errors
/// Object-store errors.
pub async fn write(store: &dyn ObjectStore, lake: &Url, report: &RunReport, ended: &str) -> Result<()> {
    let path = ObjectPath::from(format!("lineage/{}/{}.json", report.source, report.run_id));
    let body = serde_json::to_vec_pretty(&event(report, lake, ended)).expect("json values serialize");
    store.put(&path, PutPayload::from(body)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Counts;
    use crate::runner::ArtifactReport;

    #[test]
    fn inputs_are_artifacts_and_outputs_the_newest_versions() {
        let report = RunReport {
            run_id: "20261122T060000Z-ab12cd34".into(),
            source: "uspto".into(),
            status: "partial".into(),
            counts: Counts::default(),
            artifacts: vec![
                ArtifactReport {
                    id: "ipg240102.zip".into(),
                    sha256: Some("aa".into()),
                    outcome: Outcome::Committed(vec![("patent_publication".into(), 3), ("quarantine".into(), 1)]),
                    counts: Counts { bytes: 10, ..Counts::default() },
                },
                ArtifactReport {
                    id: "ipg240109.zip".into(),
                    sha256: Some("bb".into()),
                    outcome: Outcome::Committed(vec![("patent_publication".into(), 4)]),
                    counts: Counts::default(),
                },
            ],
            seconds: 1.0,
        };
        let e = event(&report, &Url::parse("file:///data/lake/").unwrap(), "2026-11-22T06:01:00Z");
        assert_eq!(e["eventType"], "COMPLETE");
        assert_eq!(e["job"]["name"], "ingest.uspto");
        assert_eq!(e["inputs"][1]["facets"]["ipdc_artifact"]["sha256"], "bb");
        assert_eq!(e["outputs"][0]["name"], "patent_publication");
        assert_eq!(e["outputs"][0]["facets"]["version"]["datasetVersion"], "4");
        assert_eq!(e["outputs"].as_array().unwrap().len(), 2);
        assert_eq!(e["run"]["runId"], run_uuid("20261122T060000Z-ab12cd34"));
        assert_eq!(e["run"]["runId"].as_str().unwrap().len(), 36);
    }
}
