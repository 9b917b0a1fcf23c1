//! Document-parallel parsing that keeps document order: documents are handed round-robin to
//! worker threads, and what each worker emits is replayed to the caller's [`Emit`] in the order
//! the documents were framed, so records, rejects and "first occurrence kept" decisions come
//! out exactly as from a sequential read.
//!
//! Memory stays bounded: at most `threads × DEPTH` documents are in flight. With one thread
//! (or one core) documents are parsed on the calling thread, borrowed, with no copy.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use crate::error::Result;
use crate::{BadRecord, Emit, Record, Skipped};

/// Documents queued per worker.
const DEPTH: usize = 4;

/// One framed document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Doc<'a> {
    /// Archive member (empty for a plain file).
    pub member: &'a str,
    /// Byte offset in the member.
    pub offset: u64,
    /// The document's bytes.
    pub bytes: &'a [u8],
    /// The version the document's container states, for documents that state none.
    pub container_version: Option<&'a str>,
    /// True for the artifact's first document: an unknown format there refuses the artifact.
    pub first: bool,
}

/// What parses one document.
pub(crate) type Work<'w> = dyn Fn(Doc<'_>, &mut dyn Emit) -> Result<()> + Sync + 'w;

/// Owned copy of a [`Doc`], for a worker.
struct Job {
    member: String,
    offset: u64,
    bytes: Vec<u8>,
    container_version: Option<String>,
}

/// What one worker's document emitted, in order.
#[derive(Default)]
struct Emitted {
    items: Vec<Item>,
}

enum Item {
    Record(Record),
    Reject(BadRecord),
    Skip(Skipped),
    Fingerprint(String),
}

impl Emit for Emitted {
    fn record(&mut self, record: Record) {
        self.items.push(Item::Record(record));
    }
    fn reject(&mut self, bad: BadRecord) {
        self.items.push(Item::Reject(bad));
    }
    fn skip(&mut self, skipped: Skipped) {
        self.items.push(Item::Skip(skipped));
    }
    fn fingerprint(&mut self, label: &str) {
        self.items.push(Item::Fingerprint(label.to_owned()));
    }
}

impl Emitted {
    fn replay(self, out: &mut dyn Emit) {
        for item in self.items {
            match item {
                Item::Record(r) => out.record(r),
                Item::Reject(b) => out.reject(b),
                Item::Skip(s) => out.skip(s),
                Item::Fingerprint(l) => out.fingerprint(&l),
            }
        }
    }
}

struct Worker<'scope> {
    jobs: SyncSender<Job>,
    done: Receiver<(Emitted, Result<()>)>,
    _handle: ScopedJoinHandle<'scope, ()>,
}

/// Feeds documents to `work`, on `threads` workers, replaying what they emit to `out` in order.
/// Workers start with the second document, so an artifact of one document starts none.
pub(crate) struct Ordered<'scope, 'env, 'o> {
    scope: &'scope Scope<'scope, 'env>,
    threads: usize,
    work: &'scope Work<'scope>,
    out: &'o mut dyn Emit,
    workers: Vec<Worker<'scope>>,
    /// Index of the next document to submit, and of the next to replay (those between are in
    /// flight).
    next_in: usize,
    next_out: usize,
}

impl std::fmt::Debug for Ordered<'_, '_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ordered").field("workers", &self.workers.len()).field("in_flight", &self.in_flight()).finish()
    }
}

impl<'scope, 'env, 'o> Ordered<'scope, 'env, 'o> {
    /// Parses with up to `threads` workers in `scope` (none when `threads <= 1`).
    pub(crate) fn new(
        scope: &'scope Scope<'scope, 'env>,
        threads: usize,
        work: &'scope Work<'scope>,
        out: &'o mut dyn Emit,
    ) -> Self {
        Self { scope, threads, work, out, workers: Vec::new(), next_in: 0, next_out: 0 }
    }

    fn start_workers(&mut self) {
        let work = self.work;
        self.workers = (0..self.threads)
            .map(|_| {
                let (jobs, inbox) = sync_channel::<Job>(DEPTH);
                let (results, done) = sync_channel(DEPTH);
                let handle = self.scope.spawn(move || {
                    for job in inbox {
                        let mut emitted = Emitted::default();
                        let doc = Doc {
                            member: &job.member,
                            offset: job.offset,
                            bytes: &job.bytes,
                            container_version: job.container_version.as_deref(),
                            first: false,
                        };
                        let result = work(doc, &mut emitted);
                        if results.send((emitted, result)).is_err() {
                            return;
                        }
                    }
                });
                Worker { jobs, done, _handle: handle }
            })
            .collect();
    }

    /// Parses `doc`: at once when there are no workers or when it is the artifact's first
    /// document (so a refusal happens before other work starts), else on the next worker.
    ///
    /// # Errors
    /// The first error of `work`, in document order; [`crate::error::Error::Stopped`] once
    /// the caller's [`Emit`] wants no more.
    pub(crate) fn submit(&mut self, doc: Doc<'_>) -> Result<()> {
        if self.out.stopped() {
            return Err(crate::error::Error::Stopped);
        }
        if self.threads <= 1 || doc.first {
            self.drain()?;
            return (self.work)(doc, self.out);
        }
        if self.workers.is_empty() {
            self.start_workers();
        }
        if self.in_flight() == self.workers.len() * DEPTH {
            self.replay_one()?;
        }
        let job = Job {
            member: doc.member.to_owned(),
            offset: doc.offset,
            bytes: doc.bytes.to_vec(),
            container_version: doc.container_version.map(str::to_owned),
        };
        let worker = &self.workers[self.next_in % self.workers.len()];
        worker.jobs.send(job).map_err(|_| crate::error::Error::internal("a parse worker stopped"))?;
        self.next_in += 1;
        Ok(())
    }

    /// The caller's [`Emit`], once every document submitted so far has been replayed (for
    /// members read without workers, e.g. APS Green Book text).
    ///
    /// # Errors
    /// The first error of `work` among the documents still in flight.
    pub(crate) fn direct(&mut self) -> Result<&mut dyn Emit> {
        self.drain()?;
        Ok(&mut *self.out)
    }

    /// Replays every document in flight; workers stop when this is dropped.
    ///
    /// # Errors
    /// The first error of `work` among them.
    pub(crate) fn drain(&mut self) -> Result<()> {
        while self.in_flight() > 0 {
            self.replay_one()?;
        }
        Ok(())
    }

    /// Documents submitted and not yet replayed.
    fn in_flight(&self) -> usize {
        self.next_in - self.next_out
    }

    fn replay_one(&mut self) -> Result<()> {
        let worker = &self.workers[self.next_out % self.workers.len()];
        let (emitted, result) =
            worker.done.recv().map_err(|_| crate::error::Error::internal("a parse worker stopped"))?;
        self.next_out += 1;
        emitted.replay(self.out);
        result
    }
}

/// Worker threads to parse with: `requested`, or (0) the cores this process may run on.
pub(crate) fn threads(requested: usize) -> usize {
    if requested > 0 {
        return requested;
    }
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Collected;

    fn skip_each(doc: Doc<'_>, out: &mut dyn Emit) -> Result<()> {
        // Uneven work, so workers finish out of order.
        let spin = (doc.offset % 7) * 20_000;
        let mut x = 0u64;
        for i in 0..spin {
            x = x.wrapping_add(std::hint::black_box(i));
        }
        std::hint::black_box(x);
        out.fingerprint(doc.member);
        out.skip(Skipped {
            locator: format!("{}@{}", doc.member, doc.offset),
            reason: String::from_utf8_lossy(doc.bytes).into(),
        });
        Ok(())
    }

    fn run(threads: usize, docs: usize) -> Vec<String> {
        let mut out = Collected::default();
        std::thread::scope(|s| {
            let mut ordered = Ordered::new(s, threads, &skip_each, &mut out);
            for i in 0..docs {
                let bytes = format!("doc {i}");
                let doc = Doc {
                    member: "m",
                    offset: i as u64,
                    bytes: bytes.as_bytes(),
                    container_version: None,
                    first: i == 0,
                };
                ordered.submit(doc).unwrap();
            }
            ordered.drain().unwrap();
        });
        out.skips.into_iter().map(|s| s.reason).collect()
    }

    #[test]
    fn workers_replay_in_document_order() {
        let want: Vec<String> = (0..200).map(|i| format!("doc {i}")).collect();
        assert_eq!(run(1, 200), want);
        assert_eq!(run(3, 200), want);
    }

    #[test]
    fn the_first_error_in_document_order_is_returned() {
        let fail_at = |doc: Doc<'_>, out: &mut dyn Emit| -> Result<()> {
            if doc.offset == 5 || doc.offset == 9 {
                return Err(crate::error::Error::internal(&format!("bad {}", doc.offset)));
            }
            skip_each(doc, out)
        };
        let mut out = Collected::default();
        let err = std::thread::scope(|s| {
            let mut ordered = Ordered::new(s, 2, &fail_at, &mut out);
            for i in 0..20u64 {
                let doc = Doc { member: "", offset: i, bytes: b"x", container_version: None, first: i == 0 };
                if let Err(e) = ordered.submit(doc) {
                    return e;
                }
            }
            ordered.drain().unwrap_err()
        });
        assert!(err.to_string().contains("bad 5"), "{err}");
        assert_eq!(out.skips.len(), 5, "documents before the failing one are all emitted");
    }

    /// Keeps what it is given until it has `wanted` skips, then reports itself stopped.
    struct WantsFew {
        wanted: usize,
        got: Collected,
    }

    impl Emit for WantsFew {
        fn record(&mut self, record: Record) {
            self.got.record(record);
        }
        fn reject(&mut self, bad: BadRecord) {
            self.got.reject(bad);
        }
        fn skip(&mut self, skipped: Skipped) {
            self.got.skip(skipped);
        }
        fn stopped(&self) -> bool {
            self.got.skips.len() >= self.wanted
        }
    }

    #[test]
    fn a_stopped_receiver_ends_the_loop_at_the_next_document() {
        for threads in [1, 2] {
            let mut out = WantsFew { wanted: 3, got: Collected::default() };
            let (submitted, err) = std::thread::scope(|s| {
                let mut ordered = Ordered::new(s, threads, &skip_each, &mut out);
                for i in 0..1000u64 {
                    let doc = Doc { member: "", offset: i, bytes: b"x", container_version: None, first: i == 0 };
                    if let Err(e) = ordered.submit(doc) {
                        return (i, e);
                    }
                }
                panic!("a stopped receiver was fed every document");
            });
            assert!(matches!(err, crate::error::Error::Stopped), "{err}");
            assert!(err.is_retryable(), "nothing of a stopped artifact is kept, so it may be read again");
            // With workers, the documents in flight when it stopped were parsed too.
            assert!(submitted <= 3 + (threads * DEPTH) as u64, "threads {threads}: stopped after {submitted}");
        }
    }
}
