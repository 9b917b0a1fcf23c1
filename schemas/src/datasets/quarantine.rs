//! The `_quarantine` table: rejected records and whole artifacts, with the reason.

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// Longest raw fragment kept with a rejected record, in bytes.
pub const MAX_FRAGMENT_BYTES: usize = 4096;

/// One rejected record or artifact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantineRecord {
    /// Configured source name.
    pub source: String,
    /// Artifact id.
    pub artifact_id: String,
    /// SHA-256 of the artifact.
    pub artifact_sha256: String,
    /// Run that rejected it.
    pub run_id: String,
    /// Dataset the record was meant for, when known.
    pub dataset: Option<String>,
    /// `record` or `artifact`.
    pub scope: String,
    /// Archive member, byte offset, line or element path.
    pub locator: String,
    /// Machine-readable rule id (e.g. `xml.not_well_formed`, `cn.check_digit`).
    pub rule: String,
    /// Human-readable reason.
    pub reason: String,
    /// Document id when it could be read.
    pub doc_id: Option<String>,
    /// Start of the raw fragment (at most [`MAX_FRAGMENT_BYTES`] bytes, cut at a char boundary).
    pub fragment: Option<String>,
    /// When it was quarantined (RFC 3339, UTC).
    pub quarantined_at: String,
}

const FIELDS: &[FieldDef] = &[
    FieldDef::req("source", Utf8, "Configured source name", "数据源"),
    FieldDef::req("artifact_id", Utf8, "Artifact id", "来源文件标识"),
    FieldDef::req("artifact_sha256", Utf8, "SHA-256 of the artifact", "来源文件SHA-256"),
    FieldDef::req("run_id", Utf8, "Run that rejected it", "运行标识"),
    FieldDef::opt("dataset", Utf8, "Dataset the record was meant for", "目标数据集"),
    FieldDef::req("scope", Utf8, "record or artifact", "范围(记录/文件)"),
    FieldDef::req("locator", Utf8, "Archive member, byte offset, line or element path", "位置"),
    FieldDef::req("rule", Utf8, "Machine-readable rule id", "规则"),
    FieldDef::req("reason", Utf8, "Human-readable reason", "原因"),
    FieldDef::opt("doc_id", Utf8, "Document id when readable", "文献标识"),
    FieldDef::opt("fragment", Utf8, "Start of the raw fragment (bounded)", "原始片段"),
    FieldDef::req("quarantined_at", TimestampMicros, "When it was quarantined (UTC)", "隔离时间"),
];

/// The quarantine table (`lake/_quarantine`).
pub const QUARANTINE: Dataset = Dataset {
    name: "_quarantine",
    major: 1,
    minor: 0,
    en: "Rejected records and artifacts with source, locator, rule and reason",
    zh: "被拒绝的记录与文件，含来源、位置、规则与原因",
    fields: FIELDS,
    partition_by: &["source"],
};
