//! Applies one artifact's normalised records to its tables: the patent tables, the table of
//! each other dataset (opened on its first record) and the quarantine. A record a rule rejects
//! goes to the quarantine with its raw form; a record that replaces or deletes marks the
//! source's earlier rows of its key for removal in the artifact's commit; a second record of
//! one key in one artifact is quarantined as a duplicate.

use std::collections::BTreeMap;

use deltalake::DeltaTable;
use ipdc_connectors::{BadRecord, Change, PatentDocument, Record};
use ipdc_schemas::normalize::{Severity, Violation};
use ipdc_schemas::{Dataset, MAX_FRAGMENT_BYTES, PATENT_FULLTEXT, PATENT_PUBLICATION, QUARANTINE, QuarantineRecord};
use url::Url;

use crate::clock;
use crate::emitter::Normalised;
use crate::error::{Error, Result};
use crate::records::PlainRecord;
use crate::writer::{CommitIdentity, TableOutcome, TableWriter, open_or_create};

/// The writers of one artifact's tables, and what was applied.
#[derive(Debug)]
pub(crate) struct ArtifactTables<'a> {
    lake: &'a Url,
    identity: &'a CommitIdentity,
    publication: TableWriter,
    fulltext: TableWriter,
    quarantine: TableWriter,
    others: BTreeMap<&'static str, TableWriter>,
    /// Records quarantined (by a rule, or as duplicates) and rejected documents.
    pub rejects: u64,
    /// Deletions applied (each removes rows instead of writing one).
    pub deleted: u64,
    /// Warnings the rules found on records that were written.
    pub warnings: u64,
}

/// What became of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applied {
    /// A row was written.
    Written,
    /// It removed the source's earlier row of its key.
    Deleted,
    /// It went to the quarantine.
    Rejected,
}

/// The tables every artifact may write (the patent tables and the quarantine), opened, and
/// created when missing, before the artifact's identity is known: while its bytes are landed.
#[derive(Debug)]
pub(crate) struct OpenTables {
    publication: DeltaTable,
    fulltext: DeltaTable,
    quarantine: DeltaTable,
}

impl OpenTables {
    /// Opens the three tables at once.
    ///
    /// # Errors
    /// When a table cannot be opened or created.
    pub(crate) async fn open(lake: &Url) -> Result<Self> {
        let (publication, fulltext, quarantine) = tokio::try_join!(
            open_or_create(lake, &PATENT_PUBLICATION),
            open_or_create(lake, &PATENT_FULLTEXT),
            open_or_create(lake, &QUARANTINE),
        )?;
        Ok(Self { publication, fulltext, quarantine })
    }

    /// The quarantine alone, for an artifact refused before anything of it is written.
    pub(crate) fn into_quarantine(self) -> DeltaTable {
        self.quarantine
    }
}

impl<'a> ArtifactTables<'a> {
    /// Writers of the artifact `identity` into the opened `tables`.
    ///
    /// # Errors
    /// When a table's log cannot be read.
    pub(crate) async fn new(lake: &'a Url, identity: &'a CommitIdentity, tables: OpenTables) -> Result<Self> {
        let OpenTables { publication, fulltext, quarantine } = tables;
        let (publication, fulltext, quarantine) = tokio::try_join!(
            TableWriter::new(publication, &PATENT_PUBLICATION, identity.clone()),
            TableWriter::new(fulltext, &PATENT_FULLTEXT, identity.clone()),
            TableWriter::new(quarantine, &QUARANTINE, identity.clone()),
        )?;
        Ok(Self {
            lake,
            identity,
            publication,
            fulltext,
            quarantine,
            others: BTreeMap::new(),
            rejects: 0,
            deleted: 0,
            warnings: 0,
        })
    }

    /// Writes, removes or quarantines one record.
    ///
    /// # Errors
    /// When a table cannot be written.
    pub(crate) async fn apply(&mut self, normalised: Normalised) -> Result<()> {
        let Normalised { mut record, raw, found } = normalised;
        // The artifact may have been parsed before its checksum was known.
        record.set_artifact_sha256(&self.identity.sha256);
        self.warnings += found.iter().filter(|v| v.severity == Severity::Warn).count() as u64;
        let applied = match record {
            Record::Patent(doc) => self.patent(*doc, &raw, &found).await?,
            Record::LegalEvent(r) => self.plain(*r, Change::Append, &raw, &found).await?,
            Record::IcLayout(r) => self.plain(*r, Change::Append, &raw, &found).await?,
            Record::CountryCode(r) => self.plain(*r, Change::Append, &raw, &found).await?,
            Record::NiceClass(r) => self.plain(*r, Change::Append, &raw, &found).await?,
            Record::ClassSymbol(r) => self.plain(*r, Change::Append, &raw, &found).await?,
            Record::Trademark(r, change) => self.plain(*r, change, &raw, &found).await?,
            Record::GeographicalIndication(r, change) => self.plain(*r, change, &raw, &found).await?,
            Record::Design(r, change) => self.plain(*r, change, &raw, &found).await?,
        };
        match applied {
            Applied::Written => {}
            Applied::Deleted => self.deleted += 1,
            Applied::Rejected => self.rejects += 1,
        }
        Ok(())
    }

    /// Quarantines a document the connector could not make a record of.
    ///
    /// # Errors
    /// When the quarantine cannot be written.
    pub(crate) async fn reject(&mut self, bad: &BadRecord) -> Result<()> {
        let q = quarantine_row(
            self.identity,
            bad.dataset,
            &bad.locator,
            &bad.rule,
            &bad.reason,
            bad.doc_id.clone(),
            bad.fragment.as_deref(),
        );
        self.quarantine.push(&q, q.reason.len() + q.fragment.as_ref().map_or(0, String::len)).await?;
        self.rejects += 1;
        Ok(())
    }

    /// Commits every table (one Delta commit each; the quarantine's outcome comes last). The
    /// tables finish on tasks of their own, so their last batches are encoded, their files
    /// closed and their commits written on several cores at once (each commit is recognised on
    /// its own by its `txn`, so their order does not matter to a re-run).
    ///
    /// # Errors
    /// When a commit fails; nothing of that table becomes visible then.
    pub(crate) async fn commit(self) -> Result<Vec<TableOutcome>> {
        let writers =
            [self.publication, self.fulltext].into_iter().chain(self.others.into_values()).chain([self.quarantine]);
        let tasks: Vec<_> = writers.map(|writer| tokio::spawn(writer.commit())).collect();
        // Every task is awaited before an error is returned: no commit outlives the run.
        let mut results = Vec::with_capacity(tasks.len());
        for task in tasks {
            results.push(task.await.map_err(|e| Error::Internal(format!("table commit task: {e}"))).and_then(|r| r));
        }
        results.into_iter().collect()
    }

    async fn patent(&mut self, doc: PatentDocument, raw: &str, found: &[Violation]) -> Result<Applied> {
        let PatentDocument { publication: p, fulltext, change } = doc;
        let at = (&PATENT_PUBLICATION, p.provenance.locator.as_str(), Some(p.doc_id.clone()));
        if let Some(q) = rejected(self.identity, found, at, raw) {
            self.quarantine.push(&q, q.reason.len() + raw.len().min(MAX_FRAGMENT_BYTES)).await?;
            return Ok(Applied::Rejected);
        }
        if change != Change::Append {
            // The source's earlier rows of this document go in this commit.
            let first = self.publication.replace(&p.office, &p.doc_id);
            self.fulltext.replace(&p.office, &p.doc_id);
            if !first {
                let why = "the document appears more than once in this artifact; the first occurrence was kept";
                self.duplicate(PATENT_PUBLICATION.name, &p.provenance.locator, why, Some(p.doc_id.clone()), raw)
                    .await?;
                return Ok(Applied::Rejected);
            }
            if change == Change::Delete {
                return Ok(Applied::Deleted);
            }
        }
        if let Some(f) = fulltext {
            self.fulltext.push(&f, f.text_bytes()).await?;
        }
        self.publication.push(&p, raw.len()).await?;
        Ok(Applied::Written)
    }

    async fn plain<R: PlainRecord>(
        &mut self,
        record: R,
        change: Change,
        raw: &str,
        found: &[Violation],
    ) -> Result<Applied> {
        if let Some(q) = rejected(self.identity, found, (record.dataset(), record.locator(), record.key()), raw) {
            self.quarantine.push(&q, q.reason.len() + raw.len().min(MAX_FRAGMENT_BYTES)).await?;
            return Ok(Applied::Rejected);
        }
        let writer = self.writer_of(record.dataset()).await?;
        if let (Change::Upsert | Change::Delete, Some((office, key))) = (change, record.replace_key()) {
            if !writer.replace(office, key) {
                let why = "the record appears more than once in this artifact; the first occurrence was kept";
                self.duplicate(record.dataset().name, record.locator(), why, record.key(), raw).await?;
                return Ok(Applied::Rejected);
            }
            if change == Change::Delete {
                return Ok(Applied::Deleted);
            }
        }
        writer.push(&record, raw.len()).await?;
        Ok(Applied::Written)
    }

    async fn duplicate(
        &mut self,
        dataset: &str,
        locator: &str,
        why: &str,
        key: Option<String>,
        raw: &str,
    ) -> Result<()> {
        let q =
            quarantine_row(self.identity, Some(dataset), locator, "record.duplicate_in_artifact", why, key, Some(raw));
        self.quarantine.push(&q, q.reason.len() + raw.len().min(MAX_FRAGMENT_BYTES)).await
    }

    /// The writer of `dataset`, opened (and its table created) on first use.
    async fn writer_of(&mut self, dataset: &'static Dataset) -> Result<&mut TableWriter> {
        if !self.others.contains_key(dataset.name) {
            let table = open_or_create(self.lake, dataset).await?;
            self.others.insert(dataset.name, TableWriter::new(table, dataset, self.identity.clone()).await?);
        }
        Ok(self.others.get_mut(dataset.name).expect("inserted above"))
    }
}

/// The quarantine row of a record whose rules found a rejection (all rejections in one
/// reason), or `None` when it may be written.
fn rejected(
    identity: &CommitIdentity,
    found: &[Violation],
    (dataset, locator, doc_id): (&Dataset, &str, Option<String>),
    raw: &str,
) -> Option<QuarantineRecord> {
    let rejects: Vec<_> = found.iter().filter(|v| v.severity == Severity::Reject).collect();
    let first = rejects.first()?;
    let reason = rejects.iter().map(|v| v.reason.as_str()).collect::<Vec<_>>().join("; ");
    Some(quarantine_row(identity, Some(dataset.name), locator, first.rule, &reason, doc_id, Some(raw)))
}

/// A quarantine row: of a record when `dataset` is given, else of the whole artifact.
pub(crate) fn quarantine_row(
    identity: &CommitIdentity,
    dataset: Option<&str>,
    locator: &str,
    rule: &str,
    reason: &str,
    doc_id: Option<String>,
    fragment: Option<&str>,
) -> QuarantineRecord {
    QuarantineRecord {
        source: identity.source.clone(),
        artifact_id: identity.artifact_id.clone(),
        artifact_sha256: identity.sha256.clone(),
        run_id: identity.run_id.clone(),
        dataset: dataset.map(str::to_owned),
        scope: if dataset.is_some() { "record".into() } else { "artifact".into() },
        locator: locator.to_owned(),
        rule: rule.to_owned(),
        reason: reason.to_owned(),
        doc_id,
        fragment: fragment.map(|f| bounded(&with_artifact_sha256(f, &identity.sha256))),
        quarantined_at: clock::now_rfc3339(),
    }
}

/// A record's raw JSON was written before the artifact's checksum was known (see
/// [`crate::runner`]): its provenance gets it here.
fn with_artifact_sha256<'f>(fragment: &'f str, sha256: &str) -> std::borrow::Cow<'f, str> {
    const UNKNOWN: &str = r#""artifact_sha256":"""#;
    match fragment.find(UNKNOWN) {
        Some(at) => {
            let rest = &fragment[at + UNKNOWN.len()..];
            format!(r#"{}"artifact_sha256":"{sha256}"{rest}"#, &fragment[..at]).into()
        }
        None => fragment.into(),
    }
}

fn bounded(s: &str) -> String {
    let mut end = s.len().min(MAX_FRAGMENT_BYTES);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_record_gets_the_checksum_its_artifact_had_not_yet_when_it_was_read() {
        let identity = CommitIdentity {
            source: "s".into(),
            artifact_id: "a.xml".into(),
            sha256: "ab12".into(),
            run_id: "r".into(),
        };
        let raw = r#"{"doc_id":"X","provenance":{"artifact_id":"a.xml","artifact_sha256":"","locator":"@0"}}"#;
        let q = quarantine_row(&identity, Some("d"), "@0", "rule", "why", None, Some(raw));
        assert_eq!(
            q.fragment.as_deref(),
            Some(r#"{"doc_id":"X","provenance":{"artifact_id":"a.xml","artifact_sha256":"ab12","locator":"@0"}}"#)
        );
        // A fragment of the source's own bytes is kept as it was.
        let xml = r#"<doc artifact_sha256="">"#;
        let q = quarantine_row(&identity, Some("d"), "@0", "rule", "why", None, Some(xml));
        assert_eq!(q.fragment.as_deref(), Some(xml));
    }
}
