//! Reference data from the classifications' own master files: the Nice classification
//! ([`nice`]), the IPC symbol–title table ([`ipc`]) and the CPC scheme XML ([`cpc`]).

pub mod cpc;
pub mod ipc;
pub mod nice;

use ipdc_schemas::Provenance;

use crate::Artifact;

/// Provenance of a reference row read from `artifact`.
fn provenance(
    artifact: &Artifact,
    format: &str,
    version: Option<String>,
    locator: String,
    schema_version: String,
) -> Provenance {
    Provenance {
        source: artifact.source.clone(),
        source_format: format.to_owned(),
        format_version: version,
        artifact_id: artifact.id.clone(),
        artifact_sha256: artifact.sha256.clone(),
        locator,
        schema_version,
    }
}
