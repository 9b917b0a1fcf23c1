//! Where a record came from: every dataset row carries one [`Provenance`].

use serde::{Deserialize, Serialize};

use crate::field::{FieldDef, FieldType::*};

/// Where a record came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Configured source name (e.g. `uspto_grants`).
    pub source: String,
    /// Detected source format (e.g. `us-patent-grant`).
    pub source_format: String,
    /// Detected format version (DTD/schema version, e.g. `v4.5 2014-04-03`).
    pub format_version: Option<String>,
    /// Stable artifact id.
    pub artifact_id: String,
    /// SHA-256 of the landed artifact bytes, hex.
    pub artifact_sha256: String,
    /// Where in the artifact: archive member, then byte offset of the document.
    pub locator: String,
    /// Schema version the record was written with.
    pub schema_version: String,
}

pub(crate) const PROVENANCE: &[FieldDef] = &[
    FieldDef::req("source", Utf8, "Configured source name", "数据源"),
    FieldDef::req("source_format", Utf8, "Detected source format", "来源格式"),
    FieldDef::opt("format_version", Utf8, "Detected format version (DTD / schema)", "来源格式版本"),
    FieldDef::req("artifact_id", Utf8, "Stable artifact id", "来源文件标识"),
    FieldDef::req("artifact_sha256", Utf8, "SHA-256 of the landed artifact", "来源文件SHA-256"),
    FieldDef::req("locator", Utf8, "Archive member and byte offset of the document", "文档位置"),
    FieldDef::req("schema_version", Utf8, "Schema version written", "数据模式版本"),
];
