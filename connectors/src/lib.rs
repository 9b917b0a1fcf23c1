//! ipdc-connectors: the [`Connector`] contract, the I/O every feed shares, and one module per feed.
//!
//! A connector owns only what is specific to its feed: which formats it reads and how their
//! bytes become records. Landing, checksums, normalisation, batching, writing and metrics
//! belong to the pipeline. Parsing is pure and synchronous: bytes in, records out.
//!
//! ```text
//! artifact ─▶ io::for_each_member ─▶ io::XmlSplitter ─▶ xml::XmlDoc ─▶ detect ─▶ <feed>::parse ─▶ Emit
//!  (file)      (zip/gzip/tar, capped)  (one doc each)     (guarded)     (format,   (records)
//!                                                                        version)
//! ```

pub mod cnipa;
pub mod design;
pub mod detect;
pub mod epo;
pub mod error;
pub mod exchange;
pub mod gi;
pub mod io;
pub mod jpo;
pub mod reference;
pub mod registry;
pub mod scope;
pub mod trademark;
pub mod uspto;
pub mod wipo;
pub mod xml;

mod dispatch;
mod emit;
mod feed;
mod ordered;
mod st36;

use std::fmt;
use std::path::PathBuf;

pub use detect::{Fingerprint, Format};
pub use emit::{BadRecord, Change, Collected, Emit, PatentDocument, Record, Skipped};
pub use error::{Error, ErrorKind, Result};
pub use io::Limits;
pub use registry::{ConnectorKind, connector, connector_with};
pub use scope::Scope;

/// One upstream artifact (a file, an archive, a pushed upload), already landed locally.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Configured source name, e.g. `uspto_grants`.
    pub source: String,
    /// Stable id, e.g. `uspto/ipg240102.zip`; the ledger keys on id + sha256.
    pub id: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Local file holding the bytes.
    pub path: PathBuf,
}

/// A feed: which formats it reads and how their bytes become records.
pub trait Connector: Send + Sync + fmt::Debug {
    /// Stable snake_case id used in config, metrics and logs.
    fn name(&self) -> &'static str;

    /// The formats this connector reads; a document of any other format is not parsed.
    fn formats(&self) -> &'static [Format];

    /// Parses every document of `artifact`, reporting each as a record, a reject or a skip.
    ///
    /// # Errors
    /// A structural failure of the whole artifact (damaged archive, zip bomb, unknown format);
    /// a bad document is never an error, it goes to [`Emit::reject`].
    fn parse(&self, artifact: &Artifact, limits: &Limits, out: &mut dyn Emit) -> Result<()> {
        feed::parse_xml_artifact(artifact, limits, self.formats(), Scope::Full, out)
    }
}
