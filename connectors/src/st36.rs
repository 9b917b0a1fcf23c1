//! Element shapes shared by the ST.36-style formats (USPTO Red Book, CNIPA legacy):
//! `document-id`, `classification-ipcr`, `addressbook`, claims and description.

use ipdc_schemas::{
    Citation, Claim, Classification, Party, PatentFulltext, PatentPublication, Priority, RelatedDocument,
};

use crate::{Change, PatentDocument};

use crate::xml::extract::{Extract, Extracted};
use crate::xml::{DocError, Node};

/// How claims are read off their bytes ([`crate::scope::Read::Extract`]): as [`claims`] does.
pub(crate) const CLAIMS: Extract = Extract::Items { item: "claim" };
/// How a description is read off its bytes: as [`description`] does.
pub(crate) const DESCRIPTION: Extract = Extract::Blocks { blocks: DESCRIPTION_BLOCKS };
const DESCRIPTION_BLOCKS: &[&str] = &["p", "heading", "Paragraphs", "P"];

/// A `document-id`: country, number, kind, date, name.
#[derive(Debug, Default, Clone)]
pub(crate) struct DocId {
    pub(crate) country: Option<String>,
    pub(crate) number: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) name: Option<String>,
}

pub(crate) fn document_id(n: Node<'_>) -> DocId {
    DocId {
        country: n.text_at("country"),
        number: n.text_at("doc-number"),
        kind: n.text_at("kind"),
        date: n.text_at("date"),
        name: n.text_at("name"),
    }
}

/// A required element, or a reject naming it.
pub(crate) fn required<'d>(n: Option<Node<'d>>, what: &str) -> Result<Node<'d>, DocError> {
    n.ok_or_else(|| DocError { offset: 0, rule: "record.missing_field", reason: format!("no {what} element") })
}

/// `classification-ipcr` (parts or `text`) and `classification-cpc` elements.
pub(crate) fn classification(n: Node<'_>, seq: usize) -> Classification {
    let parts = [
        n.text_at("section"),
        n.text_at("class"),
        n.text_at("subclass"),
        n.text_at("main-group"),
        n.text_at("subgroup"),
    ];
    let raw = match parts {
        [Some(s), Some(c), Some(sc), Some(mg), Some(sg)] => format!("{s}{c}{sc} {mg}/{sg}"),
        _ => n.text_at("text").unwrap_or_default(),
    };
    Classification {
        seq: seq_of(seq),
        raw,
        version: n
            .find("ipc-version-indicator/date")
            .or_else(|| n.find("cpc-version-indicator/date"))
            .and_then(|d| d.text_value()),
        level: n.text_at("classification-level"),
        position: n.text_at("symbol-position"),
        value: n.text_at("classification-value"),
        source: n.text_at("classification-data-source"),
        office: n.text_at("generating-office/country"),
        ..Classification::default()
    }
}

/// A party from an element holding an `addressbook` (or the name parts directly).
pub(crate) fn party(n: Node<'_>, seq: usize) -> Party {
    let book = n.child("addressbook").unwrap_or(n);
    let person = match (book.text_at("last-name"), book.text_at("first-name")) {
        (Some(last), Some(first)) => Some(format!("{last}, {first}")),
        (Some(last), None) => Some(last),
        (None, Some(first)) => Some(first),
        (None, None) => None,
    };
    let org = book.text_at("orgname");
    let name_raw = person.clone().or(org.clone()).or_else(|| book.text_at("name")).unwrap_or_default();
    let address = book.child("address");
    let at = |p: &str| address.and_then(|a| a.text_at(p));
    Party {
        seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(seq)),
        name: name_raw.clone(),
        name_raw,
        party_type: if person.is_some() {
            Some("person".into())
        } else if org.is_some() {
            Some("organization".into())
        } else {
            None
        },
        country: at("country").or_else(|| n.text_at("residence/country")).or_else(|| n.text_at("nationality/country")),
        state: at("state"),
        city: at("city"),
        address: at("text").or_else(|| at("address-1")),
        postcode: at("postcode"),
        org_code: None,
        role: n
            .attr("applicant-authority-category")
            .or(n.attr("app-type"))
            .map(str::to_owned)
            .or_else(|| book.text_at("role")),
    }
}

pub(crate) fn priority(n: Node<'_>, seq: usize) -> Priority {
    Priority {
        seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(seq)),
        office: n.text_at("country"),
        number_raw: n.text_at("doc-number"),
        number_std: None,
        date: n.text_at("date"),
        kind: n.attr("kind").map(str::to_owned),
    }
}

/// `patcit`/`nplcit` citations wrapped in `citation` or `us-citation`.
pub(crate) fn citation(n: Node<'_>, seq: usize) -> Citation {
    let category = n.text_at("category");
    let cited_by = category.as_deref().and_then(|c| c.strip_prefix("cited by ")).map(str::to_owned);
    let mut c = Citation {
        seq: seq_of(seq),
        category: category.filter(|_| cited_by.is_none()),
        cited_by,
        ..Citation::default()
    };
    if let Some(id) = n.find("patcit/document-id") {
        let d = document_id(id);
        (c.office, c.number, c.kind, c.date, c.name) = (d.country, d.number, d.kind, d.date, d.name);
    } else if let Some(npl) = n.child("nplcit") {
        c.npl_text = npl.text_value();
    }
    c
}

/// Related documents: every child of the relation container names a relation
/// (`continuation`, `division`, `related-publication` …) with parent/child `document-id`s.
pub(crate) fn related(container: Node<'_>) -> Vec<RelatedDocument> {
    let mut out = Vec::new();
    for relation in container.children() {
        collect_related(relation, relation.name(), None, &mut out);
    }
    out
}

fn collect_related(n: Node<'_>, relation: &str, role: Option<&str>, out: &mut Vec<RelatedDocument>) {
    for c in n.children() {
        match c.name() {
            "document-id" | "DocumentID" => {
                let d = document_id(c);
                if d.number.is_some() || d.date.is_some() {
                    out.push(RelatedDocument {
                        relation: relation.to_owned(),
                        role: role.map(str::to_owned),
                        office: d.country,
                        number: d.number,
                        kind: d.kind,
                        date: d.date,
                    });
                }
            }
            "parent-doc" => collect_related(c, relation, Some("parent"), out),
            "child-doc" => collect_related(c, relation, Some("child"), out),
            _ => collect_related(c, relation, role, out),
        }
    }
}

/// Claims in order, numbered from `num` (or position).
pub(crate) fn claims(container: Option<Node<'_>>) -> Vec<Claim> {
    let Some(container) = container else { return Vec::new() };
    if let Some(Extracted::Items(items)) = container.extracted() {
        return items
            .iter()
            .map(|item| Claim { num: claim_number(item.num.as_deref(), item.position), text: item.text.clone() })
            .collect();
    }
    container
        .children_named("claim")
        .enumerate()
        .filter_map(|(i, c)| {
            let text = c.text_value()?;
            Some(Claim { num: claim_number(c.attr("num"), i), text })
        })
        .collect()
}

/// A claim's number from its `num` attribute (`00001`, `CLM-00001`), else its position.
fn claim_number(num: Option<&str>, position: usize) -> i32 {
    num.and_then(|n| n.trim_start_matches(['0', 'c', 'C', 'l', 'L', '-']).parse().ok()).unwrap_or(seq_of(position))
}

/// Description text: one line per paragraph or heading.
pub(crate) fn description(container: Option<Node<'_>>) -> Option<String> {
    if let Some(Extracted::Blocks(text)) = container.and_then(|c| c.extracted()) {
        return (!text.is_empty()).then(|| text.clone());
    }
    text_blocks(container, DESCRIPTION_BLOCKS)
}

/// The text of every element named in `blocks` (paragraphs, headings) below `container`, one
/// line each, in document order.
pub(crate) fn text_blocks(container: Option<Node<'_>>, blocks: &[&str]) -> Option<String> {
    fn collect(n: Node<'_>, blocks: &[&str], out: &mut String) {
        for c in n.children() {
            if blocks.contains(&c.name()) {
                let mark = out.len();
                if !out.is_empty() {
                    out.push('\n');
                }
                if !c.append_text_value(out) {
                    out.truncate(mark);
                }
            } else {
                collect(c, blocks, out);
            }
        }
    }
    let mut out = String::new();
    collect(container?, blocks, &mut out);
    (!out.is_empty()).then_some(out)
}

/// A document appended to the tables: its bibliographic row, and its full text when it has
/// claims or a description.
pub(crate) fn appended(
    publication: PatentPublication,
    lang: Option<String>,
    claims: Vec<Claim>,
    description: Option<String>,
) -> PatentDocument {
    let fulltext = (!claims.is_empty() || description.is_some()).then(|| PatentFulltext {
        lang,
        claims,
        description,
        ..PatentFulltext::default()
    });
    PatentDocument { publication, fulltext, change: Change::Append }
}

/// 1-based sequence number from a 0-based position.
pub(crate) fn seq_of(i: usize) -> i32 {
    i32::try_from(i + 1).unwrap_or(i32::MAX)
}
