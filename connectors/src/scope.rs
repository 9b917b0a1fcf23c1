//! How much of a patent document is read: everything, or the bibliography alone.

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

/// Decides, from the document's root element and an element's local name, whether the
/// element's content is stepped over unread.
pub type SkipRule = fn(root: &str, element: &str) -> bool;

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

fn is_fulltext_element(root: &str, element: &str) -> bool {
    match root {
        "jp-official-gazette" => JP_FULLTEXT_ELEMENTS.contains(&element),
        _ => FULLTEXT_ELEMENTS.contains(&element),
    }
}

impl Scope {
    /// Which elements' content is not read; `None` when everything is.
    pub fn skip_rule(self) -> Option<SkipRule> {
        match self {
            Scope::Full => None,
            Scope::Bibliographic => Some(is_fulltext_element),
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
