//! Carries what a connector emits on its (blocking) parse thread to the async writer, in
//! chunks over a bounded channel, so parsing and writing overlap on two cores while memory
//! stays bounded. Records are normalised here, on the parse side, so the writer only encodes.
//! A [`ParseTask`] owns the receiving end: dropping it stops the parse at its next document.

use std::collections::BTreeSet;

use ipdc_connectors::{Artifact, BadRecord, ConnectorKind, Emit, Limits, Record, Scope, Skipped};
use ipdc_schemas::normalize::{Severity, Violation, normalize_fulltext, normalize_publication};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::records::PlainRecord;

/// Most items per chunk sent over the channel.
const CHUNK: usize = 64;
/// Most (estimated) bytes of records per chunk. A Red Book grant with its full text weighs
/// ~75 KB: 64 of them in each of the chunks in flight kept ~20 MB of text between parser and
/// writer: a count alone bounds memory only for small records.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks in flight: bounds memory between parser and writer.
const CHANNEL_CHUNKS: usize = 4;

/// A connector parsing one artifact on a blocking thread.
#[derive(Debug)]
pub(crate) struct ParseTask {
    /// What it emits, in document order.
    pub items: mpsc::Receiver<Vec<Item>>,
    thread: tokio::task::JoinHandle<(ipdc_connectors::Result<()>, BTreeSet<String>)>,
}

impl ParseTask {
    /// Starts `kind` reading `artifact` in `scope`.
    pub(crate) fn start((kind, scope): (ConnectorKind, Scope), artifact: Artifact, limits: Limits) -> Self {
        let (tx, items) = mpsc::channel::<Vec<Item>>(CHANNEL_CHUNKS);
        let thread = tokio::task::spawn_blocking(move || {
            let mut emit = ChannelEmit::new(tx);
            let result = ipdc_connectors::connector_with(kind, scope).parse(&artifact, &limits, &mut emit);
            emit.flush();
            (result, emit.into_fingerprints())
        });
        Self { items, thread }
    }

    /// Waits for the parse to end (once every item has been received): its result and the
    /// fingerprints of what it read.
    ///
    /// # Errors
    /// When the parse thread panicked.
    pub(crate) async fn finish(self) -> crate::error::Result<(ipdc_connectors::Result<()>, BTreeSet<String>)> {
        drop(self.items);
        self.thread.await.map_err(|e| crate::error::Error::Internal(format!("parser task: {e}")))
    }

    /// Stops the parse (its records are not wanted) and waits for its thread.
    pub(crate) async fn stop(self) {
        // The parse ends at its next document; what it returns is of no use.
        drop(self.finish().await);
    }
}

/// One thing a connector emitted.
#[derive(Debug)]
pub(crate) enum Item {
    Record(Normalised),
    Reject(BadRecord),
    Skip(Skipped),
}

impl Item {
    /// Estimated bytes it holds: a record's raw form and full text.
    fn approx_bytes(&self) -> usize {
        match self {
            Item::Record(n) => {
                let text = match &n.record {
                    Record::Patent(doc) => doc.fulltext.as_ref().map_or(0, ipdc_schemas::PatentFulltext::text_bytes),
                    _ => 0,
                };
                n.raw.len() + text
            }
            Item::Reject(_) | Item::Skip(_) => 0,
        }
    }
}

/// A record after the dataset's rules ran on it.
#[derive(Debug)]
pub(crate) struct Normalised {
    /// The canonicalised record (a patent's full text is normalised only when its
    /// publication is not rejected).
    pub record: Record,
    /// The record as the connector read it (JSON), for a quarantine row.
    pub raw: String,
    /// What the rules found.
    pub found: Vec<Violation>,
}

impl Normalised {
    /// Runs the rules of the record's dataset.
    pub(crate) fn of(mut record: Record) -> Self {
        let (raw, found) = match &mut record {
            Record::Patent(doc) => {
                let raw = json(&doc.publication);
                let found = normalize_publication(&mut doc.publication);
                if !found.iter().any(|v| v.severity == Severity::Reject)
                    && let Some(f) = doc.fulltext.as_mut()
                {
                    normalize_fulltext(f, &doc.publication);
                }
                (raw, found)
            }
            Record::LegalEvent(r) => plain(r.as_mut()),
            Record::IcLayout(r) => plain(r.as_mut()),
            Record::CountryCode(r) => plain(r.as_mut()),
            Record::NiceClass(r) => plain(r.as_mut()),
            Record::ClassSymbol(r) => plain(r.as_mut()),
            Record::Trademark(r, _) => plain(r.as_mut()),
            Record::GeographicalIndication(r, _) => plain(r.as_mut()),
            Record::Design(r, _) => plain(r.as_mut()),
        };
        Self { record, raw, found }
    }
}

fn plain<R: PlainRecord>(record: &mut R) -> (String, Vec<Violation>) {
    let raw = json(record);
    (raw, record.normalise())
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// An [`Emit`] that sends chunks of items to the writer task.
#[derive(Debug)]
pub(crate) struct ChannelEmit {
    tx: mpsc::Sender<Vec<Item>>,
    buf: Vec<Item>,
    /// Estimated bytes of the records in `buf`.
    buf_bytes: usize,
    closed: bool,
    /// What the documents were recognised as (format, version, root), each once.
    fingerprints: BTreeSet<String>,
}

impl ChannelEmit {
    pub(crate) fn new(tx: mpsc::Sender<Vec<Item>>) -> Self {
        Self { tx, buf: Vec::with_capacity(CHUNK), buf_bytes: 0, closed: false, fingerprints: BTreeSet::new() }
    }

    /// The distinct fingerprints seen, once parsing is over.
    pub(crate) fn into_fingerprints(self) -> BTreeSet<String> {
        self.fingerprints
    }

    fn push(&mut self, item: Item) {
        if self.closed {
            return;
        }
        self.buf_bytes += item.approx_bytes();
        self.buf.push(item);
        if self.buf.len() >= CHUNK || self.buf_bytes >= CHUNK_BYTES {
            self.flush();
        }
    }

    /// Sends what is buffered; once the writer has gone away, further items are dropped
    /// (the writer's error is what the run reports).
    pub(crate) fn flush(&mut self) {
        if self.buf.is_empty() || self.closed {
            return;
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.buf_bytes = 0;
        if self.tx.blocking_send(chunk).is_err() {
            self.closed = true;
        }
    }
}

impl Emit for ChannelEmit {
    fn record(&mut self, record: Record) {
        self.push(Item::Record(Normalised::of(record)));
    }
    fn reject(&mut self, bad: BadRecord) {
        self.push(Item::Reject(bad));
    }
    fn skip(&mut self, skipped: Skipped) {
        self.push(Item::Skip(skipped));
    }
    fn fingerprint(&mut self, label: &str) {
        if !self.fingerprints.contains(label) {
            self.fingerprints.insert(label.to_owned());
        }
    }
    fn stopped(&self) -> bool {
        self.closed || self.tx.is_closed()
    }
}

#[cfg(test)]
mod tests {
    use ipdc_connectors::{Change, PatentDocument};
    use ipdc_schemas::{PatentFulltext, PatentPublication};

    use super::*;

    fn grant_with_text(bytes: usize) -> Record {
        let fulltext = PatentFulltext { description: Some("x".repeat(bytes)), ..PatentFulltext::default() };
        let doc = PatentDocument {
            publication: PatentPublication::default(),
            fulltext: Some(fulltext),
            change: Change::Append,
        };
        Record::Patent(Box::new(doc))
    }

    #[test]
    fn chunks_are_cut_by_bytes_as_well_as_by_count() {
        let (tx, mut rx) = mpsc::channel::<Vec<Item>>(CHANNEL_CHUNKS);
        let mut emit = ChannelEmit::new(tx);
        // Two documents of 600 KB of text fill a chunk long before 64 of them would.
        emit.record(grant_with_text(600 << 10));
        assert!(rx.try_recv().is_err(), "one document stays buffered");
        emit.record(grant_with_text(600 << 10));
        assert_eq!(rx.try_recv().expect("a chunk was sent").len(), 2);
        // Small records go 64 to a chunk.
        for _ in 0..CHUNK {
            emit.record(grant_with_text(10));
        }
        assert_eq!(rx.try_recv().expect("a full chunk was sent").len(), CHUNK);
        emit.record(grant_with_text(10));
        emit.flush();
        assert_eq!(rx.try_recv().expect("the rest was flushed").len(), 1);
    }
}
