//! Carries what a connector emits on its (blocking) parse thread to the async writer, in
//! chunks over a bounded channel, so parsing and writing overlap on two cores while memory
//! stays bounded.

use std::collections::BTreeSet;

use ipdc_connectors::{BadRecord, Emit, Record, Skipped};
use tokio::sync::mpsc;

/// Items per chunk sent over the channel.
const CHUNK: usize = 64;
/// Chunks in flight: bounds memory between parser and writer.
pub(crate) const CHANNEL_CHUNKS: usize = 8;

/// One thing a connector emitted.
#[derive(Debug)]
pub(crate) enum Item {
    Record(Record),
    Reject(BadRecord),
    Skip(Skipped),
}

/// An [`Emit`] that sends chunks of items to the writer task.
#[derive(Debug)]
pub(crate) struct ChannelEmit {
    tx: mpsc::Sender<Vec<Item>>,
    buf: Vec<Item>,
    closed: bool,
    /// What the documents were recognised as (format, version, root), each once.
    fingerprints: BTreeSet<String>,
}

impl ChannelEmit {
    pub(crate) fn new(tx: mpsc::Sender<Vec<Item>>) -> Self {
        Self { tx, buf: Vec::with_capacity(CHUNK), closed: false, fingerprints: BTreeSet::new() }
    }

    /// The distinct fingerprints seen, once parsing is over.
    pub(crate) fn into_fingerprints(self) -> BTreeSet<String> {
        self.fingerprints
    }

    fn push(&mut self, item: Item) {
        if self.closed {
            return;
        }
        self.buf.push(item);
        if self.buf.len() >= CHUNK {
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
        if self.tx.blocking_send(chunk).is_err() {
            self.closed = true;
        }
    }
}

impl Emit for ChannelEmit {
    fn record(&mut self, record: Record) {
        self.push(Item::Record(record));
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
}
