//! ipdc-pipeline: landing, normalisation, writing, the ledger and the `ipdc` command.
//!
//! ```text
//!  files ─▶ land ─────────▶ ledger? ──(committed)──▶ no-op
//!  (path)   (landing/<src>/  (source, id,
//!            <sha>/…, sha256) sha256)
//!                               │ new
//!                               ▼
//!           parse (blocking thread, connector) ──chunks──▶ normalize ─▶ validate ─┬─▶ patent_publication ┐
//!                                                           (schemas::   (rejects) │   patent_fulltext     ├─▶ one Delta commit per
//!                                                            normalize)            └─▶ _quarantine        ┘   table with txn(ipdc:<src>:<sha>)
//!                                                                                                          ─▶ completeness check ─▶ ledger: committed
//! ```
//! A crash anywhere leaves nothing partial visible: files are invisible until their commit,
//! and a re-run skips tables that already hold the artifact's `txn`. Feeds that re-send or
//! delete documents (DOCDB) replace the source's earlier rows in that same commit ([`replace`]).

pub mod clock;
pub mod commands;
pub mod config;
pub mod error;
pub mod feeds;
pub mod landing;
pub mod ledger;
pub mod lineage;
pub mod lock;
pub mod metrics;
pub mod progress;
pub mod replace;
pub mod runner;
pub mod schedule;
pub mod server;
pub mod workspace;
pub mod writer;

mod apply;
mod crash;
mod emitter;
mod partitioned;
mod records;

pub use error::{Error, Result};
