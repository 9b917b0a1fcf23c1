//! Writes one artifact's rows of one dataset into its Delta table, exactly once.
//!
//! Rows are serialised straight into Arrow builders (`serde_arrow`) and cut into bounded batches
//! (rows and bytes), encoded into zstd Parquet files by deltalake's `RecordBatchWriter` on a
//! task of the table's own (so the tables of one artifact encode and compress on several cores
//! while rows keep coming; at most [`BATCHES_IN_FLIGHT`] batches wait; a batch of one partition
//! is written without being split, see `partitioned.rs`), files invisible until committed, and
//! committed in **one** Delta commit carrying the artifact's identity as a `txn` action
//! (`app_id = ipdc:<source>:<sha256>`, version 1). If the table already holds that `txn`, the
//! artifact was committed before (a crash between commit and ledger update): nothing is
//! written again.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use deltalake::DeltaTable;
use deltalake::kernel::engine::arrow_conversion::TryIntoKernel;
use deltalake::kernel::transaction::{CommitBuilder, CommitProperties};
use deltalake::kernel::{Action, StructType, Transaction};
use deltalake::protocol::{DeltaOperation, MergePredicate, SaveMode};
use deltalake::writer::{DeltaWriter, RecordBatchWriter};
use ipdc_schemas::Dataset;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use serde::Serialize;
use serde_arrow::ArrayBuilder;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use url::Url;

use crate::error::{Error, Result};
use crate::replace::{ReplaceKeys, remove_keyed_rows};

/// Most rows in one Arrow batch.
const BATCH_ROWS: usize = 1024;
/// Most (estimated) bytes in one Arrow batch. The row builder grows its text buffers by
/// doubling and hands them to the batch, so each batch is fresh memory: at 8 MB a 100 MB
/// full-text ingest took ~44 K page faults, at 2 MB ~26 K (perf stat, one core, 2026-12-08).
const BATCH_BYTES: usize = 2 << 20;
/// Target Parquet file size; the writer rolls to a new file past it.
const TARGET_FILE_BYTES: u64 = 128 << 20;
/// Largest row group, in encoded bytes, of an open partition file before it is written out.
/// Memory held per open file is larger than this (see [`ROW_GROUP_ROWS`]).
const ROW_GROUP_BYTES: usize = 8 << 20;
/// Most rows in one row group. The byte cap above counts *encoded* bytes, but until a row group
/// is written Parquet holds every dictionary-encoded value of it as a u64 index: for
/// patent_publication (135 columns, long lists) 64 Ki rows of a 4 GB weekly file held 61 MB of
/// indices (heaptrack) while their encoding stayed under 8 MiB, so peak memory grew with the
/// input. 8 Ki rows bound it at an eighth of that, whatever the input's size.
const ROW_GROUP_ROWS: usize = 8 * 1024;
/// Batches handed to a table's encoder task and not yet encoded.
const BATCHES_IN_FLIGHT: usize = 2;

/// Identity of the artifact a commit belongs to.
#[derive(Debug, Clone)]
pub struct CommitIdentity {
    /// Source name.
    pub source: String,
    /// Artifact id.
    pub artifact_id: String,
    /// Artifact SHA-256.
    pub sha256: String,
    /// Run id.
    pub run_id: String,
}

impl CommitIdentity {
    /// The Delta `txn` application id of this artifact.
    pub fn app_id(&self) -> String {
        format!("ipdc:{}:{}", self.source, self.sha256)
    }
}

/// Opens (creating if missing) the Delta table of `dataset` under `lake`.
///
/// # Errors
/// [`Error::Delta`] when the table cannot be read or created.
pub async fn open_or_create(lake: &Url, dataset: &Dataset) -> Result<DeltaTable> {
    let url = table_url(lake, dataset.name)?;
    if let Ok(dir) = url.to_file_path() {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let table = DeltaTable::try_from_url(url.clone()).await.map_err(|e| Error::delta(dataset.name, e))?;
    let schema = dataset.arrow_schema();
    let kernel: StructType = schema.as_ref().try_into_kernel().map_err(|e| Error::delta(dataset.name, e.into()))?;
    if table.version().is_some() {
        return add_missing_columns(table, dataset, &kernel).await;
    }
    let created = table
        .create()
        .with_table_name(dataset.name)
        .with_columns(kernel.fields().cloned())
        .with_partition_columns(dataset.partition_by.iter().copied())
        .with_configuration_property(deltalake::TableProperty::AppendOnly, Some("false"))
        .with_save_mode(SaveMode::Ignore)
        .await
        .map_err(|e| Error::delta(dataset.name, e))?;
    if created.version().is_some() {
        return Ok(created);
    }
    DeltaTable::try_from_url(url).await.map_err(|e| Error::delta(dataset.name, e))
}

/// Schema evolution within a major version: columns the dataset gained (always nullable) are
/// added to an older table, in one metadata commit, before anything is written.
async fn add_missing_columns(table: DeltaTable, dataset: &Dataset, wanted: &StructType) -> Result<DeltaTable> {
    let existing = table.snapshot().map_err(|e| Error::delta(dataset.name, e))?.schema();
    let missing: Vec<_> = wanted.fields().filter(|f| existing.field(f.name()).is_none()).cloned().collect();
    if missing.is_empty() {
        return Ok(table);
    }
    tracing::info!(dataset = dataset.name, columns = ?missing.iter().map(|f| f.name().to_owned()).collect::<Vec<_>>(), "Adding the dataset's new nullable columns to the table.");
    table.add_columns().with_fields(missing).await.map_err(|e| Error::delta(dataset.name, e))
}

/// `<lake>/<dataset>/`.
///
/// # Errors
/// [`Error::Config`] when the URL cannot be joined.
pub fn table_url(lake: &Url, name: &str) -> Result<Url> {
    lake.join(&format!("{name}/")).map_err(|e| Error::Config(vec![format!("lake URL {lake}: {e}")]))
}

/// Rows of one dataset for one artifact.
#[derive(Debug)]
pub struct TableWriter {
    dataset: &'static Dataset,
    table: DeltaTable,
    identity: CommitIdentity,
    schema: SchemaRef,
    builder: ArrayBuilder,
    encoder: Option<Encoder>,
    pending_rows: usize,
    pending_bytes: usize,
    rows: u64,
    already_committed: Option<u64>,
    replace: ReplaceKeys,
}

/// What a [`TableWriter`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOutcome {
    /// Dataset name.
    pub dataset: &'static str,
    /// Rows handed to the writer.
    pub rows: u64,
    /// Rows in the committed files' statistics (0 when nothing was committed).
    pub committed_rows: u64,
    /// New table version, or the version that already held this artifact.
    pub version: Option<u64>,
    /// True when the table already held this artifact's commit.
    pub already_committed: bool,
    /// Earlier rows of this source removed (replaced or deleted documents).
    pub removed_rows: u64,
}

impl TableWriter {
    /// Prepares a writer; checks whether the table already holds this artifact's commit.
    ///
    /// # Errors
    /// [`Error::Delta`] / [`Error::Arrow`] when the table or row builder cannot be set up.
    pub async fn new(table: DeltaTable, dataset: &'static Dataset, identity: CommitIdentity) -> Result<Self> {
        let snapshot = table.snapshot().map_err(|e| Error::delta(dataset.name, e))?;
        let already_committed = match snapshot
            .transaction_version(table.log_store().as_ref(), identity.app_id())
            .await
            .map_err(|e| Error::delta(dataset.name, e))?
        {
            Some(_) => table.version(),
            None => None,
        };
        let schema = dataset.arrow_schema();
        let builder = ArrayBuilder::from_arrow(schema.fields()).map_err(|e| arrow_error(dataset.name, e))?;
        let encoder = if already_committed.is_some() {
            None
        } else {
            let mut props = WriterProperties::builder()
                .set_compression(Compression::ZSTD(zstd_level(dataset)))
                .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
                .set_key_value_metadata(Some(vec![
                    KeyValue::new("ipdc.schema_version".into(), dataset.version()),
                    KeyValue::new("ipdc.dataset".into(), dataset.name.to_owned()),
                    KeyValue::new("ipdc.source".into(), identity.source.clone()),
                    KeyValue::new("ipdc.artifact_id".into(), identity.artifact_id.clone()),
                    KeyValue::new("ipdc.artifact_sha256".into(), identity.sha256.clone()),
                ]));
            for column in long_text_columns(dataset) {
                let path = ColumnPath::new(column.split('.').map(str::to_owned).collect());
                props = props
                    .set_column_dictionary_enabled(path.clone(), false)
                    .set_column_statistics_enabled(path, EnabledStatistics::None);
            }
            let props = props.build();
            let w = RecordBatchWriter::for_table(&table).map_err(|e| Error::delta(dataset.name, e))?;
            Some(Encoder::start(dataset, w.with_writer_properties(props).with_target_file_size(TARGET_FILE_BYTES)))
        };
        Ok(Self {
            dataset,
            table,
            identity,
            schema,
            builder,
            encoder,
            pending_rows: 0,
            pending_bytes: 0,
            rows: 0,
            already_committed,
            replace: ReplaceKeys::default(),
        })
    }

    /// Whether this artifact's commit is already in the table (then rows are only counted).
    pub fn already_committed(&self) -> bool {
        self.already_committed.is_some()
    }

    /// Marks the source's earlier rows of `doc_id` for removal in this artifact's commit;
    /// false when the document was already marked by this artifact.
    pub fn replace(&mut self, office: &str, doc_id: &str) -> bool {
        self.replace.insert(office, doc_id)
    }

    /// Adds one row; `approx_bytes` is its estimated size, which bounds the batch.
    ///
    /// # Errors
    /// [`Error::Arrow`] when the row does not fit the schema (a bug), [`Error::Delta`] on write.
    pub async fn push<T: Serialize>(&mut self, row: &T, approx_bytes: usize) -> Result<()> {
        self.rows += 1;
        if self.encoder.is_none() {
            return Ok(());
        }
        self.builder.push(row).map_err(|e| arrow_error(self.dataset.name, e))?;
        self.pending_rows += 1;
        self.pending_bytes += approx_bytes;
        if self.pending_rows >= BATCH_ROWS || self.pending_bytes >= BATCH_BYTES {
            self.write_pending().await?;
        }
        Ok(())
    }

    async fn write_pending(&mut self) -> Result<()> {
        let name = self.dataset.name;
        if self.pending_rows == 0 {
            return Ok(());
        }
        let columns = self.builder.to_arrow().map_err(|e| arrow_error(name, e))?;
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)
            .map_err(|source| Error::Arrow { table: name.into(), source })?;
        self.pending_rows = 0;
        self.pending_bytes = 0;
        if let Some(encoder) = self.encoder.as_mut()
            && encoder.batches.send(batch).await.is_err()
        {
            // The encoder stopped: its error says why.
            let Some(encoder) = self.encoder.take() else { return Ok(()) };
            encoder.finish().await?;
            return Err(Error::Internal(format!("{name}: the Parquet encoder stopped without an error")));
        }
        Ok(())
    }

    /// Writes what is left and commits all files of this artifact in one Delta commit.
    ///
    /// # Errors
    /// [`Error::Delta`] when writing or committing fails; nothing becomes visible then.
    pub async fn commit(mut self) -> Result<TableOutcome> {
        let name = self.dataset.name;
        if let Some(version) = self.already_committed {
            return Ok(TableOutcome {
                dataset: name,
                rows: self.rows,
                committed_rows: 0,
                version: Some(version),
                already_committed: true,
                removed_rows: 0,
            });
        }
        if self.rows == 0 && self.replace.is_empty() {
            // Nothing to commit: a re-run of this artifact writes nothing here either, so no
            // marker commit is needed for exactly-once.
            return Ok(TableOutcome {
                dataset: name,
                rows: 0,
                committed_rows: 0,
                version: None,
                already_committed: false,
                removed_rows: 0,
            });
        }
        self.write_pending().await?;
        let Some(encoder) = self.encoder.take() else {
            return Err(Error::Internal(format!("{name}: writer missing for an uncommitted artifact")));
        };
        let mut writer = encoder.finish().await?;
        let replaced = remove_keyed_rows(
            &self.table,
            name,
            &self.dataset.arrow_schema(),
            self.dataset.partition_by,
            &self.identity.source,
            &self.replace,
            &mut writer,
        )
        .await?;
        let adds = writer.flush().await.map_err(|e| Error::delta(name, e))?.into_iter().map(Action::Add);
        let actions: Vec<Action> = replaced.removes.into_iter().chain(adds).collect();
        crate::crash::point("files_written");
        let committed_rows = actions.iter().map(num_records).sum::<u64>() - replaced.carried_rows;
        let snapshot = self.table.snapshot().map_err(|e| Error::delta(name, e))?;
        let operation = if self.replace.is_empty() {
            DeltaOperation::Write {
                mode: SaveMode::Append,
                partition_by: Some(self.dataset.partition_by.iter().map(|s| (*s).to_owned()).collect()),
                predicate: None,
            }
        } else {
            // Rows of re-sent and deleted documents replaced by key: recorded as a merge.
            let predicate =
                format!("target.doc_id = source.doc_id AND target.provenance.source = '{}'", self.identity.source);
            DeltaOperation::Merge {
                predicate: None,
                merge_predicate: Some(predicate),
                matched_predicates: vec![MergePredicate { action_type: "update or delete".into(), predicate: None }],
                not_matched_predicates: vec![MergePredicate { action_type: "insert".into(), predicate: None }],
                not_matched_by_source_predicates: Vec::new(),
            }
        };
        let metadata: HashMap<String, serde_json::Value> = HashMap::from([
            ("ipdc.source".to_owned(), self.identity.source.clone().into()),
            ("ipdc.artifact_id".to_owned(), self.identity.artifact_id.clone().into()),
            ("ipdc.artifact_sha256".to_owned(), self.identity.sha256.clone().into()),
            ("ipdc.run_id".to_owned(), self.identity.run_id.clone().into()),
        ]);
        let properties = CommitProperties::default()
            .with_application_transaction(Transaction::new(self.identity.app_id(), 1))
            .with_metadata(metadata);
        let finalized = CommitBuilder::from(properties)
            .with_actions(actions)
            .build(Some(snapshot), self.table.log_store(), operation)
            .await
            .map_err(|e| Error::delta(name, e))?;
        crate::crash::point("between_commits");
        Ok(TableOutcome {
            dataset: name,
            rows: self.rows,
            committed_rows,
            version: Some(finalized.version()),
            already_committed: false,
            removed_rows: replaced.removed_rows,
        })
    }
}

/// A table's `RecordBatchWriter`, encoding the batches sent to it on a task of its own.
#[derive(Debug)]
struct Encoder {
    batches: mpsc::Sender<RecordBatch>,
    task: JoinHandle<Result<RecordBatchWriter>>,
}

impl Encoder {
    fn start(dataset: &'static Dataset, mut writer: RecordBatchWriter) -> Self {
        let (batches, mut rx) = mpsc::channel::<RecordBatch>(BATCHES_IN_FLIGHT);
        let task = tokio::spawn(async move {
            while let Some(batch) = rx.recv().await {
                // Streams into the partition's open file; files roll at the target size.
                crate::partitioned::write(&mut writer, dataset.partition_by, batch)
                    .await
                    .map_err(|e| Error::delta(dataset.name, e))?;
            }
            Ok(writer)
        });
        Self { batches, task }
    }

    /// The writer, once every batch sent is encoded.
    async fn finish(self) -> Result<RecordBatchWriter> {
        drop(self.batches);
        self.task.await.map_err(|e| Error::Internal(format!("Parquet encoder task: {e}")))?
    }
}

/// A row that does not fit the dataset's Arrow schema (a bug in a record type): named by table.
fn arrow_error(table: &str, e: serde_arrow::Error) -> Error {
    Error::Arrow { table: table.into(), source: ArrowError::ExternalError(Box::new(e)) }
}

/// `numRecords` from an `Add` action's statistics.
fn num_records(action: &Action) -> u64 {
    let Action::Add(add) = action else { return 0 };
    add.stats
        .as_deref()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
        .and_then(|v| v.get("numRecords").and_then(serde_json::Value::as_u64))
        .unwrap_or(0)
}

/// Parquet columns of long free text (a document's description, its claims): every value is
/// distinct, so a dictionary would be built only to be dropped at the first page, and min/max
/// statistics of whole paragraphs select nothing. Written plain, without statistics.
fn long_text_columns(dataset: &Dataset) -> &'static [&'static str] {
    if dataset.name == ipdc_schemas::PATENT_FULLTEXT.name { &["description", "claims.list.element.text"] } else { &[] }
}

/// zstd level per table, chosen by measurement (`deploy/bench/run.sh`, perf): compressing the
/// full text at level 3 took 14% of a one-core ingest, level 1 about half that for files
/// ~8% larger; the bibliographic tables are small beside it and keep level 3.
fn zstd_level(dataset: &Dataset) -> ZstdLevel {
    let level = if dataset.name == ipdc_schemas::PATENT_FULLTEXT.name { 1 } else { 3 };
    ZstdLevel::try_new(level).expect("1 and 3 are valid zstd levels")
}
