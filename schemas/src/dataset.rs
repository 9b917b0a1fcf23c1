//! What a dataset is: name, version, columns, partitioning, and its published form.

use std::sync::Arc;

use arrow::datatypes::{Schema, SchemaRef};
use serde_json::{Value, json};

use crate::field::{FieldDef, to_arrow_fields};

/// A published, versioned dataset definition.
///
/// Evolution rule: within a major version only nullable columns are ever added, at the end
/// of the column list; renaming, removing, retyping or tightening a column is a new major
/// version (a new `v<N+1>` definition and published file).
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    /// snake_case dataset name; also the lake table folder and the SQL table name.
    pub name: &'static str,
    /// Major version of the schema.
    pub major: u32,
    /// Minor version (additive changes within the major version).
    pub minor: u32,
    /// English summary.
    pub en: &'static str,
    /// Chinese summary.
    pub zh: &'static str,
    /// Columns in order.
    pub fields: &'static [FieldDef],
    /// Hive-style partition columns, outermost first.
    pub partition_by: &'static [&'static str],
}

impl Dataset {
    /// `"<major>.<minor>"`, written into Parquet footers and the published file.
    pub fn version(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }

    /// The Arrow schema records of this dataset are written with.
    pub fn arrow_schema(&self) -> SchemaRef {
        Arc::new(Schema::new(to_arrow_fields(self.fields)))
    }

    /// Path of the published file relative to `schemas/published/`.
    pub fn published_path(&self) -> String {
        format!("{}/v{}.json", self.name, self.major)
    }

    /// The machine-readable published schema.
    pub fn to_published_json(&self) -> Value {
        json!({
            "dataset": self.name,
            "version": self.version(),
            "description": { "en": self.en, "zh": self.zh },
            "partition_by": self.partition_by,
            "evolution": "Within a major version only nullable columns are added; any other change is a new major version.",
            "fields": self.fields.iter().map(FieldDef::to_json).collect::<Vec<_>>(),
        })
    }

    /// The published file's text: pretty JSON with a trailing newline.
    pub fn to_published_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_published_json()).expect("JSON values always serialize");
        s.push('\n');
        s
    }
}
