//! EPO OPS family responses with bibliography (`ops:world-patent-data/ops:patent-family`,
//! not `legal`): each `ops:family-member` carries the member's `exchange-document`, read as a
//! DOCDB document (create or amend: the member's row is replaced). A member given without its
//! bibliography (a family request without `biblio`) has nothing to write and is skipped.

use crate::PatentDocument;
use crate::epo::docdb::parse_exchange_document;
use crate::st36::required;
use crate::xml::{DocError, XmlDoc};

/// Whether a parsed document is an OPS family response (with or without bibliography).
pub fn is_family_response(doc: &XmlDoc) -> bool {
    let root = doc.root();
    root.name() == "world-patent-data" && root.child("patent-family").is_some_and(|f| f.attr("legal") != Some("true"))
}

/// Each family member's document, in order; `None` for a member without bibliography.
///
/// # Errors
/// [`DocError`] when the response has no `ops:patent-family`, or a member's exchange document
/// cannot be read.
pub fn parse(doc: &XmlDoc) -> Result<Vec<Option<PatentDocument>>, DocError> {
    let family = required(doc.root().child("patent-family"), "ops:patent-family")?;
    family
        .children_named("family-member")
        .map(|m| m.child("exchange-document").map(parse_exchange_document).transpose())
        .collect()
}
