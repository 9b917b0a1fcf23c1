//! The one definition of a dataset's columns: from a [`FieldDef`] table come the Arrow
//! schema used for writing and the published, machine-readable schema file.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Fields, TimeUnit};
use serde_json::{Value, json};

/// Logical column types used by ipdc datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// UTF-8 text.
    Utf8,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// Boolean.
    Bool,
    /// Calendar date (days since 1970-01-01).
    Date32,
    /// UTC instant in microseconds.
    TimestampMicros,
    /// List of elements of the inner type; the list itself may be empty, never null.
    List(&'static FieldType),
    /// Nested record.
    Struct(&'static [FieldDef]),
}

/// One column (or nested member) of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// snake_case column name.
    pub name: &'static str,
    /// Logical type.
    pub ty: FieldType,
    /// Whether the value may be null.
    pub nullable: bool,
    /// English description.
    pub en: &'static str,
    /// Chinese description.
    pub zh: &'static str,
    /// The standard the value follows, when one applies (e.g. `WIPO ST.3`).
    pub standard: Option<&'static str>,
}

impl FieldDef {
    /// A nullable column.
    pub const fn opt(name: &'static str, ty: FieldType, en: &'static str, zh: &'static str) -> Self {
        Self { name, ty, nullable: true, en, zh, standard: None }
    }

    /// A required (non-null) column.
    pub const fn req(name: &'static str, ty: FieldType, en: &'static str, zh: &'static str) -> Self {
        Self { name, ty, nullable: false, en, zh, standard: None }
    }

    /// The same column, annotated with the standard its values follow.
    pub const fn std(mut self, standard: &'static str) -> Self {
        self.standard = Some(standard);
        self
    }

    /// The Arrow field for this definition.
    pub fn to_arrow(&self) -> Field {
        Field::new(self.name, self.ty.to_arrow(), self.nullable)
    }

    /// The published JSON description of this field.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "name": self.name,
            "type": self.ty.to_json(),
            "nullable": self.nullable,
            "description": { "en": self.en, "zh": self.zh },
        });
        if let Some(s) = self.standard {
            v["standard"] = json!(s);
        }
        v
    }
}

impl FieldType {
    /// The Arrow data type.
    pub fn to_arrow(self) -> DataType {
        match self {
            FieldType::Utf8 => DataType::Utf8,
            FieldType::Int32 => DataType::Int32,
            FieldType::Int64 => DataType::Int64,
            FieldType::Bool => DataType::Boolean,
            FieldType::Date32 => DataType::Date32,
            FieldType::TimestampMicros => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            FieldType::List(inner) => DataType::List(Arc::new(Field::new("item", inner.to_arrow(), true))),
            FieldType::Struct(fields) => DataType::Struct(to_arrow_fields(fields)),
        }
    }

    fn to_json(self) -> Value {
        match self {
            FieldType::Utf8 => json!("string"),
            FieldType::Int32 => json!("int32"),
            FieldType::Int64 => json!("int64"),
            FieldType::Bool => json!("boolean"),
            FieldType::Date32 => json!("date"),
            FieldType::TimestampMicros => json!("timestamp_us_utc"),
            FieldType::List(inner) => json!({ "list": inner.to_json() }),
            FieldType::Struct(fields) => json!({ "struct": fields.iter().map(FieldDef::to_json).collect::<Vec<_>>() }),
        }
    }
}

/// Arrow fields for a table of definitions.
pub fn to_arrow_fields(defs: &[FieldDef]) -> Fields {
    defs.iter().map(FieldDef::to_arrow).collect()
}
