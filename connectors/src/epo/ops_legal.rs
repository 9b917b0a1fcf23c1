//! EPO OPS legal-status responses (`ops:world-patent-data/ops:patent-family legal="true"`):
//! one `patent_legal_event` row per `ops:legal` element of every family member (INPADOC).
//!
//! An event's fields come as `L<nnn>EP` elements labelled by their `desc`: L001EP office of
//! the document, L002EP `F` (filing: L003EP is the application number) or `P` (publication),
//! L004EP kind, L007EP gazette date, L008EP event code; in `L500EP`, L501EP the state the event
//! applies in (e.g. a validation state), L525EP the effective date, and free-text fields
//! (designated states, fee year, owner …), which are kept in `details` by their label. The
//! `ops:pre` lines are a printed rendering of the same data and are not read. INPADOC codes have
//! no published ST.27 mapping, so the ST.27 columns stay null.

use std::collections::BTreeMap;

use ipdc_schemas::PatentLegalEvent;

use crate::st36::{document_id, required};
use crate::xml::{DocError, Node, XmlDoc};

/// Field codes read into columns, or left out (L018EP/L019EP: EPO's own exchange dates); every
/// other `L…EP` field goes to `details`.
const COLUMNS: [&str; 10] =
    ["L001EP", "L002EP", "L003EP", "L004EP", "L007EP", "L008EP", "L018EP", "L019EP", "L501EP", "L525EP"];

/// Whether a parsed document is an OPS legal-status response.
pub fn is_legal_response(doc: &XmlDoc) -> bool {
    let root = doc.root();
    root.name() == "world-patent-data" && root.child("patent-family").is_some_and(|f| f.attr("legal") == Some("true"))
}

/// The events of every family member, in document order.
///
/// # Errors
/// [`DocError`] when the response has no `ops:patent-family`.
pub fn parse(doc: &XmlDoc) -> Result<Vec<PatentLegalEvent>, DocError> {
    let family = required(doc.root().child("patent-family"), "ops:patent-family")?;
    let mut out = Vec::new();
    for member in family.children_named("family-member") {
        let publication = member
            .child("publication-reference")
            .and_then(|r| r.children_named("document-id").find(|d| d.attr("document-id-type") == Some("docdb")))
            .map(document_id)
            .unwrap_or_default();
        for legal in member.children_named("legal") {
            out.push(event(legal, &publication, member.attr("family-id")));
        }
    }
    Ok(out)
}

fn event(legal: Node<'_>, publication: &crate::st36::DocId, family_id: Option<&str>) -> PatentLegalEvent {
    let mut fields: BTreeMap<&str, String> = BTreeMap::new();
    let mut details: BTreeMap<String, String> = BTreeMap::new();
    collect(legal, &mut fields, &mut details);
    let field = |code: &str| fields.get(code).cloned();
    let filing = field("L002EP").as_deref() == Some("F");
    PatentLegalEvent {
        office: field("L501EP").or_else(|| field("L001EP")).unwrap_or_default(),
        pub_office_raw: publication.country.clone().or_else(|| field("L001EP")),
        pub_number_raw: publication.number.clone(),
        pub_kind_raw: publication.kind.clone(),
        appl_number_raw: field("L003EP").filter(|_| filing),
        family_id: family_id.map(str::to_owned),
        event_date: field("L007EP"),
        effective_date: field("L525EP"),
        national_event_code: legal
            .attr("code")
            .map(str::trim)
            .map(str::to_owned)
            .or_else(|| field("L008EP"))
            .unwrap_or_default(),
        national_event_text: legal.attr("desc").map(str::to_owned),
        influence: legal.attr("infl").map(str::trim).filter(|i| !i.is_empty()).map(str::to_owned),
        details: (!details.is_empty()).then(|| serde_json::to_string(&details).expect("strings serialize")),
        ..PatentLegalEvent::default()
    }
}

/// `L…EP` fields of an event, including those inside `L500EP`: column fields by code, the
/// others by label (a label seen twice keeps both texts, joined by `; `).
fn collect<'d>(n: Node<'d>, fields: &mut BTreeMap<&'d str, String>, details: &mut BTreeMap<String, String>) {
    for c in n.children() {
        let code = c.name();
        if code == "L500EP" {
            collect(c, fields, details);
            continue;
        }
        if !code.starts_with('L') {
            continue;
        }
        let Some(text) = c.text_value() else { continue };
        if COLUMNS.contains(&code) {
            fields.insert(code, text);
        } else {
            let label = c.attr("desc").unwrap_or(code).to_owned();
            details.entry(label).and_modify(|t| *t = format!("{t}; {text}")).or_insert(text);
        }
    }
}
