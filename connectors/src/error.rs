//! Errors of the connectors crate: structural failures of a whole artifact.
//!
//! A bad *document* is not an error: it is reported through [`crate::Emit::reject`].

use std::io;

/// What kind of failure an error is, so callers choose retry, quarantine or alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is bad: quarantine the artifact, do not retry.
    Data,
    /// Reading the input failed (I/O): may succeed on retry.
    Upstream,
    /// A bug or broken invariant: alert.
    Internal,
}

/// A structural failure of one artifact.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the artifact failed.
    #[error("reading {artifact}: {source}")]
    Io {
        /// Artifact id.
        artifact: String,
        /// Underlying error.
        #[source]
        source: io::Error,
    },
    /// The archive is damaged or truncated.
    #[error("{artifact}: archive is damaged or truncated ({detail}); re-fetch the file")]
    Archive {
        /// Artifact id.
        artifact: String,
        /// What the archive reader said.
        detail: String,
    },
    /// An archive member would decompress past the configured cap (a zip bomb, or a cap set too low).
    #[error(
        "{artifact}: member {member:?} decompresses past the cap of {cap} bytes; refused (raise limits.max_decompressed_bytes if the file is genuine)"
    )]
    TooLarge {
        /// Artifact id.
        artifact: String,
        /// Member name.
        member: String,
        /// Cap in bytes.
        cap: u64,
    },
    /// An archive member's path leaves the archive (`../`, absolute).
    #[error("{artifact}: member path {member:?} escapes the archive; refused")]
    PathTraversal {
        /// Artifact id.
        artifact: String,
        /// Member name.
        member: String,
    },
    /// The artifact's format or version is not one this connector reads.
    #[error("{artifact}: {detail}; not parsed (check the source's connector)")]
    UnknownFormat {
        /// Artifact id.
        artifact: String,
        /// What was found.
        detail: String,
    },
    /// Parsing stopped early because the records were no longer wanted (see
    /// [`crate::Emit::stopped`]); nothing of the artifact is complete.
    #[error("parsing stopped before the end of the artifact: its records were no longer wanted")]
    Stopped,
    /// A broken invariant inside ipdc (e.g. a parse worker that stopped).
    #[error("internal error: {detail}; this is a bug, please report it with the log")]
    Internal {
        /// What broke.
        detail: String,
    },
}

impl Error {
    /// The failure's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            // Nothing of a stopped artifact was kept: reading it again is a retry.
            Error::Io { .. } | Error::Stopped => ErrorKind::Upstream,
            Error::Archive { .. }
            | Error::TooLarge { .. }
            | Error::PathTraversal { .. }
            | Error::UnknownFormat { .. } => ErrorKind::Data,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// Whether retrying the same artifact may succeed.
    pub fn is_retryable(&self) -> bool {
        self.kind() == ErrorKind::Upstream
    }

    /// Machine-readable rule id for the quarantine table.
    pub fn rule(&self) -> &'static str {
        match self {
            Error::Io { .. } => "artifact.io",
            Error::Stopped => "artifact.stopped",
            Error::Archive { .. } => "artifact.archive",
            Error::TooLarge { .. } => "artifact.too_large",
            Error::PathTraversal { .. } => "artifact.path_traversal",
            Error::UnknownFormat { .. } => "artifact.unknown_format",
            Error::Internal { .. } => "artifact.internal",
        }
    }

    /// An [`Error::Internal`] saying what broke.
    pub(crate) fn internal(detail: &str) -> Self {
        Error::Internal { detail: detail.to_owned() }
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
