//! Helpers shared by the connector integration tests.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use ipdc_connectors::{Artifact, Collected, ConnectorKind, Limits, connector};

/// `connectors/tests/fixtures/real`.
pub fn real() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

/// Parses `path` with the connector of `kind`, as the pipeline would (before normalisation).
pub fn parse_with(kind: ConnectorKind, path: &Path, limits: &Limits) -> Result<Collected, ipdc_connectors::Error> {
    let artifact = Artifact {
        source: "test".into(),
        id: path.file_name().unwrap().to_string_lossy().into_owned(),
        sha256: "0".repeat(64),
        path: path.to_owned(),
    };
    let mut out = Collected::default();
    connector(kind).parse(&artifact, limits, &mut out)?;
    Ok(out)
}

/// The connector of a real sample: the reference tables that are not XML documents by their
/// folder, every other sample by format detection.
pub fn kind_of(rel: &str) -> ConnectorKind {
    if rel.starts_with("wipo-nice/") {
        ConnectorKind::WipoNice
    } else if rel.starts_with("wipo-ipc/") {
        ConnectorKind::WipoIpcTitles
    } else {
        ConnectorKind::AnyXml
    }
}

/// Parses a real sample (path relative to `real()`) with its connector ([`kind_of`]).
pub fn parse_real(rel: &str) -> Collected {
    parse_with(kind_of(rel), &real().join(rel), &Limits::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
