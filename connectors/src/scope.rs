//! How much of a patent document is read (everything, or the bibliography alone), and how each
//! element's content is read to get it.

use crate::xml::extract::Extract;

/// What of each patent document a connector reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// Bibliography, abstract, claims and description: rows for `patent_publication` and
    /// `patent_fulltext`.
    #[default]
    Full,
    /// Bibliography and abstract only: the claims and description elements are stepped over
    /// without being tokenised (their end tag is found with memchr), and no `patent_fulltext`
    /// rows are made. `claims_count` is kept where the format states it (`number-of-claims`,
    /// `B577`, `ClaimTotalQuantity`); formats that only let it be counted leave it null.
    /// Trademark, design, GI and reference documents are read whole in either scope.
    Bibliographic,
}

/// How the tree reads one element's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Into the tree.
    Parse,
    /// Stepped over unread.
    Skip,
    /// Its text read straight off the bytes, no tree built (for a child of the root).
    Extract(Extract),
}

/// Decides, from the document's root element and an element's local name, how the element's
/// content is read.
pub type ReadRule = fn(root: &str, element: &str) -> Read;

/// Local names of the full-text elements of the patent formats ipdc reads: Red Book, EP and CN
/// legacy (`description`, `claims`), CN current and ST.96 (`Description`, `Claims`), PATDOC
/// (`SDODE`, `SDOCL`) and PAP (`subdoc-description`, `subdoc-claims`). No trademark, design,
/// GI or reference format uses these names.
const FULLTEXT_ELEMENTS: &[&str] =
    &["description", "claims", "Description", "Claims", "SDODE", "SDOCL", "subdoc-description", "subdoc-claims"];

/// The JPO gazette lists the cited patent literature inside its description
/// (`description/citation-list`): the description's sections are stepped over instead.
const JP_FULLTEXT_ELEMENTS: &[&str] = &[
    "claims",
    "technical-field",
    "background-art",
    "summary-of-invention",
    "description-of-drawings",
    "description-of-embodiments",
    "industrial-applicability",
    "reference-signs-list",
];

fn skip_fulltext(root: &str, element: &str) -> Read {
    let fulltext = match root {
        "jp-official-gazette" => JP_FULLTEXT_ELEMENTS.contains(&element),
        _ => FULLTEXT_ELEMENTS.contains(&element),
    };
    if fulltext { Read::Skip } else { Read::Parse }
}

/// Red Book claims and descriptions are most of the bytes of a USPTO weekly file: their text is
/// read without building their tree, as `st36::claims` and `st36::description` would read it.
fn extract_fulltext(root: &str, element: &str) -> Read {
    match (root, element) {
        ("us-patent-grant" | "us-patent-application", "claims") => Read::Extract(crate::st36::CLAIMS),
        ("us-patent-grant" | "us-patent-application", "description") => Read::Extract(crate::st36::DESCRIPTION),
        _ => Read::Parse,
    }
}

impl Scope {
    /// How each element's content is read.
    pub fn read_rule(self) -> Option<ReadRule> {
        match self {
            Scope::Full => Some(extract_fulltext),
            Scope::Bibliographic => Some(skip_fulltext),
        }
    }

    /// The config / CLI word.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Full => "full",
            Scope::Bibliographic => "bibliographic",
        }
    }
}
