//! Streams a batch into a partitioned Delta writer without copying it when it can.
//!
//! deltalake's `RecordBatchWriter::write` groups every batch's rows by partition and copies each
//! group out (`take`), even when all rows fall in one partition — and a weekly file's rows
//! nearly always do (one office, one publication year): for full text that copy moved every
//! description once more. A batch whose partition columns hold one value throughout goes
//! straight to `write_partition`; any other batch takes the splitting path.

use arrow::array::{Array, RecordBatch, make_comparator};
use arrow::compute::SortOptions;
use delta_kernel::expressions::Scalar;
use deltalake::DeltaTableError;
use deltalake::kernel::scalars::ScalarExt;
use deltalake::writer::{DeltaWriter, RecordBatchWriter, WriteMode};
use indexmap::IndexMap;

/// Writes `batch` into the partitions named by `partition_by`.
///
/// # Errors
/// What the writer reports (a batch that does not fit the table's schema, storage failures).
pub(crate) async fn write(
    writer: &mut RecordBatchWriter,
    partition_by: &[&str],
    batch: RecordBatch,
) -> Result<(), DeltaTableError> {
    match single_partition(partition_by, &batch) {
        Some(values) => writer.write_partition(batch, &values, WriteMode::Default).await.map(drop),
        None => writer.write(batch).await,
    }
}

/// The partition values of `batch` when every row shares them; `None` when rows differ, a
/// partition column is missing, or the table is not partitioned.
fn single_partition(partition_by: &[&str], batch: &RecordBatch) -> Option<IndexMap<String, Scalar>> {
    if partition_by.is_empty() || batch.num_rows() == 0 {
        return None;
    }
    let mut values = IndexMap::with_capacity(partition_by.len());
    for name in partition_by {
        let column = batch.column_by_name(name)?;
        if !constant(column.as_ref()) {
            return None;
        }
        values.insert((*name).to_owned(), Scalar::from_array(column.as_ref(), 0)?);
    }
    Some(values)
}

/// Whether every value of `column` equals its first (nulls equal to nulls).
fn constant(column: &dyn Array) -> bool {
    let Ok(compare) = make_comparator(column, column, SortOptions::default()) else { return false };
    (1..column.len()).all(|i| compare(0, i).is_eq())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{Int32Array, StringArray};
    use arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    fn batch(offices: &[Option<&str>], years: &[i32]) -> RecordBatch {
        let schema = Schema::new(vec![
            Field::new("office", DataType::Utf8, true),
            Field::new("pub_year", DataType::Int32, false),
        ]);
        RecordBatch::try_new(
            Arc::new(schema),
            vec![Arc::new(StringArray::from(offices.to_vec())), Arc::new(Int32Array::from(years.to_vec()))],
        )
        .unwrap()
    }

    #[test]
    fn one_partition_throughout_is_named_by_its_values() {
        let values = single_partition(&["office", "pub_year"], &batch(&[Some("US"), Some("US")], &[2024, 2024]))
            .expect("one partition");
        assert_eq!(values["office"], Scalar::String("US".into()));
        assert_eq!(values["pub_year"], Scalar::Integer(2024));
    }

    #[test]
    fn rows_of_several_partitions_take_the_splitting_path() {
        assert!(single_partition(&["office", "pub_year"], &batch(&[Some("US"), Some("US")], &[2024, 2025])).is_none());
        assert!(single_partition(&["office"], &batch(&[Some("US"), None], &[1, 1])).is_none());
        assert!(single_partition(&["office"], &batch(&[None, None], &[1, 1])).is_some());
        assert!(single_partition(&[], &batch(&[Some("US")], &[1])).is_none());
        assert!(single_partition(&["ipc"], &batch(&[Some("US")], &[1])).is_none());
    }
}
