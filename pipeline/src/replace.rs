//! Replacing rows by key inside the one commit of an artifact (DOCDB create / amend / delete).
//!
//! A feed that re-sends a document (or deletes one) names it by `doc_id`; the rows of that
//! document written earlier *by the same source* must go. Delta files are immutable, so each
//! file that holds such a row is rewritten without it (copy on write): the file is removed and
//! its other rows are written again with the artifact's new rows. Removes and adds land in the
//! artifact's single commit, so readers see the old rows or the new ones, never neither.
//!
//! Files are pruned before any is read: by partition (`office`) and by the `doc_id` min/max
//! statistics of the Delta log. A file is read whole only when one of its rows matches.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BooleanArray, Int32Array, RecordBatch, StringArray, StructArray, new_null_array};
use arrow::compute::{cast, filter_record_batch};
use arrow::datatypes::{DataType, SchemaRef};
use deltalake::DeltaTable;
use deltalake::kernel::Action;
use deltalake::writer::{DeltaWriter, RecordBatchWriter};
use object_store::ObjectStoreExt;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{Error, Result};

/// The documents an artifact replaces, by office (the partition they live in).
#[derive(Debug, Default, Clone)]
pub struct ReplaceKeys {
    by_office: HashMap<String, BTreeSet<String>>,
}

impl ReplaceKeys {
    /// Marks `doc_id` of `office` for replacement; false when it was marked already.
    pub fn insert(&mut self, office: &str, doc_id: &str) -> bool {
        self.by_office.entry(office.to_owned()).or_default().insert(doc_id.to_owned())
    }

    /// True when nothing is to be replaced.
    pub fn is_empty(&self) -> bool {
        self.by_office.is_empty()
    }

    fn matches(&self, office: &str, doc_id: &str) -> bool {
        self.by_office.get(office).is_some_and(|ids| ids.contains(doc_id))
    }

    /// Whether any key of `office` lies in `[min, max]` (file statistics).
    fn may_hold(&self, office: &str, min: Option<&str>, max: Option<&str>) -> bool {
        let Some(ids) = self.by_office.get(office) else { return false };
        match (min, max) {
            (Some(min), Some(max)) => ids.range(min.to_owned()..=max.to_owned()).next().is_some(),
            _ => true,
        }
    }
}

/// What removing the keyed rows did.
#[derive(Debug, Default)]
pub struct Replaced {
    /// `Remove` actions for the rewritten files.
    pub removes: Vec<Action>,
    /// Rows removed.
    pub removed_rows: u64,
    /// Rows of those files written again (carried over).
    pub carried_rows: u64,
}

/// Removes the rows of `keys` written by `source` from `table`: every file holding one is
/// removed and its other rows are written into `writer` (which the caller commits).
///
/// # Errors
/// Store, Parquet and Delta errors; nothing is committed then.
pub async fn remove_keyed_rows(
    table: &DeltaTable,
    dataset: &str,
    schema: &SchemaRef,
    partition_by: &[&str],
    source: &str,
    keys: &ReplaceKeys,
    writer: &mut RecordBatchWriter,
) -> Result<Replaced> {
    let mut out = Replaced::default();
    if keys.is_empty() {
        return Ok(out);
    }
    let snapshot = table.snapshot().map_err(|e| Error::delta(dataset, e))?;
    let store = table.log_store().object_store(None);
    let candidates: Vec<_> = snapshot
        .log_data()
        .iter()
        .filter_map(|file| {
            let partitions = file.partition_values_map();
            let office = partitions.get("office").cloned().flatten()?;
            let (min, max) = doc_id_bounds(file.stats().as_deref());
            keys.may_hold(&office, min.as_deref(), max.as_deref()).then_some((file, partitions, office))
        })
        .collect();
    for (file, partitions, office) in candidates {
        let path = file.object_store_path();
        let bytes = store.get(&path).await?.bytes().await?;
        let keep_masks = keep_masks(&bytes, &office, source, keys).map_err(|e| parquet_error(dataset, e))?;
        let removed: u64 = keep_masks.iter().map(|m| m.false_count() as u64).sum();
        if removed == 0 {
            continue;
        }
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)
            .and_then(ParquetRecordBatchReaderBuilder::build)
            .map_err(|e| parquet_error(dataset, e))?;
        for (batch, keep) in reader.zip(keep_masks) {
            let batch = batch.map_err(|source| Error::Arrow { table: dataset.into(), source })?;
            let kept =
                filter_record_batch(&batch, &keep).map_err(|source| Error::Arrow { table: dataset.into(), source })?;
            if kept.num_rows() == 0 {
                continue;
            }
            out.carried_rows += kept.num_rows() as u64;
            let full = with_partition_columns(&kept, schema, partition_by, &partitions)
                .map_err(|source| Error::Arrow { table: dataset.into(), source })?;
            writer.write(full).await.map_err(|e| Error::delta(dataset, e))?;
        }
        out.removed_rows += removed;
        out.removes.push(Action::Remove(file.remove_action(true)));
    }
    Ok(out)
}

/// Per batch of the file, which rows stay (reads only `doc_id` and `provenance.source`).
fn keep_masks(
    bytes: &bytes::Bytes,
    office: &str,
    source: &str,
    keys: &ReplaceKeys,
) -> parquet::errors::Result<Vec<BooleanArray>> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())?;
    let roots: Vec<usize> = builder
        .parquet_schema()
        .root_schema()
        .get_fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.name(), "doc_id" | "provenance"))
        .map(|(i, _)| i)
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let mut out = Vec::new();
    for batch in builder.with_projection(mask).build()? {
        let batch = batch?;
        let ids = batch.column_by_name("doc_id").and_then(|c| c.as_any().downcast_ref::<StringArray>().cloned());
        let sources = batch
            .column_by_name("provenance")
            .and_then(|c| c.as_any().downcast_ref::<StructArray>().cloned())
            .and_then(|p| p.column_by_name("source").and_then(|c| c.as_any().downcast_ref::<StringArray>().cloned()));
        let (Some(ids), Some(sources)) = (ids, sources) else {
            out.push(BooleanArray::from(vec![true; batch.num_rows()]));
            continue;
        };
        out.push(
            (0..batch.num_rows())
                .map(|i| Some(!(sources.value(i) == source && keys.matches(office, ids.value(i)))))
                .collect(),
        );
    }
    Ok(out)
}

/// A file's rows with the partition columns (kept in the path, not the file) put back, in the
/// table's column order; columns added to the schema since the file was written are null.
fn with_partition_columns(
    batch: &RecordBatch,
    schema: &SchemaRef,
    partition_by: &[&str],
    partitions: &HashMap<String, Option<String>>,
) -> std::result::Result<RecordBatch, arrow::error::ArrowError> {
    let rows = batch.num_rows();
    let columns = schema
        .fields()
        .iter()
        .map(|field| {
            let name = field.name().as_str();
            if partition_by.contains(&name) {
                let value = partitions.get(name).cloned().flatten();
                return Ok(match field.data_type() {
                    DataType::Int32 => {
                        Arc::new(Int32Array::from(vec![value.and_then(|v| v.parse::<i32>().ok()); rows])) as ArrayRef
                    }
                    _ => Arc::new(StringArray::from(vec![value; rows])) as ArrayRef,
                });
            }
            match batch.column_by_name(name) {
                // Parquet names list items `element`, the table `item`: same data, cast over.
                Some(column) if column.data_type() != field.data_type() => cast(column, field.data_type()),
                Some(column) => Ok(Arc::clone(column)),
                None => Ok(new_null_array(field.data_type(), rows)),
            }
        })
        .collect::<std::result::Result<Vec<ArrayRef>, _>>()?;
    RecordBatch::try_new(Arc::clone(schema), columns)
}

/// `doc_id` bounds from a file's statistics JSON.
fn doc_id_bounds(stats: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(v) = stats.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()) else { return (None, None) };
    let get = |k: &str| v.get(k).and_then(|m| m.get("doc_id")).and_then(serde_json::Value::as_str).map(str::to_owned);
    (get("minValues"), get("maxValues"))
}

fn parquet_error(dataset: &str, e: parquet::errors::ParquetError) -> Error {
    Error::Arrow { table: dataset.into(), source: e.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_prune_files() {
        let mut keys = ReplaceKeys::default();
        assert!(keys.insert("DE", "DE1258190B"));
        assert!(!keys.insert("DE", "DE1258190B"));
        assert!(keys.may_hold("DE", Some("DE1258188B"), Some("DE1258197B")));
        assert!(!keys.may_hold("DE", Some("DE1258191B"), Some("DE1258197B")));
        assert!(!keys.may_hold("US", None, None));
        assert!(keys.may_hold("DE", None, None), "no statistics: the file must be read");
        let stats = r#"{"numRecords":2,"minValues":{"doc_id":"A"},"maxValues":{"doc_id":"B"}}"#;
        assert_eq!(doc_id_bounds(Some(stats)), (Some("A".into()), Some("B".into())));
    }
}
