//! Errors of the pipeline crate.

use ipdc_connectors::ErrorKind;

/// A pipeline failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Configuration is invalid; every problem is listed.
    #[error("invalid configuration:\n  - {}", .0.join("\n  - "))]
    Config(Vec<String>),
    /// The data root (an S3 bucket) cannot be reached; the message says what to check.
    #[error("data root unreachable: {0}")]
    Unreachable(String),
    /// A local file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The object store failed.
    #[error("object store: {0}")]
    ObjectStore(#[from] object_store::Error),
    /// A Delta Lake operation failed.
    #[error("delta table {table}: {source}")]
    Delta {
        /// Table name.
        table: String,
        /// Underlying error.
        #[source]
        source: Box<deltalake::DeltaTableError>,
    },
    /// Records could not be turned into Arrow batches (a schema/code mismatch: a bug).
    #[error("building {table} batches: {source}")]
    Arrow {
        /// Table name.
        table: String,
        /// Underlying error.
        #[source]
        source: arrow::error::ArrowError,
    },
    /// The state database failed.
    #[error("state database: {0}")]
    State(#[from] rusqlite::Error),
    /// Another run holds the source's lock.
    #[error(
        "source {source_name} is already being ingested (pid {pid} on {host}, since {since}); wait for it to finish, or delete {lock} if that process is gone"
    )]
    Locked {
        /// Source name.
        source_name: String,
        /// Holder's pid.
        pid: u32,
        /// Holder's host.
        host: String,
        /// When the lock was taken.
        since: String,
        /// Lock file path.
        lock: String,
    },
    /// The counts of a run do not add up: documents were lost or duplicated.
    #[error("completeness check failed for {artifact}: {detail}")]
    Incomplete {
        /// Artifact id.
        artifact: String,
        /// Which counts disagree.
        detail: String,
    },
    /// A connector failed structurally in a way that is not the input's fault.
    #[error(transparent)]
    Connector(#[from] ipdc_connectors::Error),
    /// A query failed.
    #[error(transparent)]
    Jobs(#[from] ipdc_jobs::Error),
    /// A background task panicked or was cancelled.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    /// The failure's kind, for retry/quarantine/alert decisions.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Config(_) => ErrorKind::Data,
            Error::Connector(e) => e.kind(),
            Error::Io { .. }
            | Error::Unreachable(_)
            | Error::ObjectStore(_)
            | Error::Delta { .. }
            | Error::State(_)
            | Error::Locked { .. } => ErrorKind::Upstream,
            Error::Jobs(_) => ErrorKind::Data,
            Error::Arrow { .. } | Error::Incomplete { .. } | Error::Internal(_) => ErrorKind::Internal,
        }
    }

    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().display().to_string(), source }
    }

    pub(crate) fn delta(table: &str, source: deltalake::DeltaTableError) -> Self {
        Error::Delta { table: table.to_owned(), source: Box::new(source) }
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
