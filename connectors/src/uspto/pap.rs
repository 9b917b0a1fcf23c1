//! USPTO pre-grant publications 2001–2004: `patent-application-publication` (DTD
//! `pap-v15-2001-01-31.dtd` / `pap-v16-2002-01-01.dtd`). Bibliography in
//! `subdoc-bibliographic-information`, then `subdoc-abstract`, `subdoc-description` and
//! `subdoc-claims`.
//!
//! Read: `document-id` (number, kind, date), `domestic-filing-data` (application number and
//! filing date), `foreign-priority-data` (number, date, country, repeated), IPC 7 primary and
//! secondary (`H01J001/62`, edition), US classes (class + subclass), title, continuity data
//! (parent documents), inventors (`first-named-inventor` and `inventor`: given and family name,
//! US or non-US residence), assignees. Not carried by v1: `publication-filing-type`,
//! `correspondence-address`, assignee type codes, `authority-applicant`.

use ipdc_schemas::{Claim, Classification, LangText, Party, PatentPublication, Priority, RelatedDocument};

use crate::st36::{self, required, seq_of};

/// Text blocks: headings and paragraphs.
const BLOCKS: &[&str] = &["heading", "paragraph"];
use crate::PatentDocument;
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one `patent-application-publication`.
///
/// # Errors
/// [`DocError`] when the bibliographic subdocument or the publication number is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let b = required(root.child("subdoc-bibliographic-information"), "subdoc-bibliographic-information")?;
    let id = required(b.child("document-id"), "document-id")?;
    let number = id.text_at("doc-number").ok_or_else(|| DocError {
        offset: 0,
        rule: "record.missing_field",
        reason: "no publication number (document-id/doc-number)".into(),
    })?;
    let tech = b.child("technical-information");
    let ipc_edition = tech.and_then(|t| t.text_at("classification-ipc/classification-ipc-edition"));
    let ipc: Vec<Classification> = tech
        .and_then(|t| t.child("classification-ipc"))
        .map(|c| {
            c.children()
                .filter(|n| matches!(n.name(), "classification-ipc-primary" | "classification-ipc-secondary"))
                .flat_map(|n| {
                    let kind = n.name();
                    n.children_named("ipc").filter_map(|i| i.text_value()).map(|raw| (kind, raw)).collect::<Vec<_>>()
                })
                .enumerate()
                .map(|(i, (kind, raw))| Classification {
                    seq: seq_of(i),
                    raw,
                    version: ipc_edition.clone(),
                    position: Some(if kind == "classification-ipc-primary" { "F" } else { "L" }.into()),
                    ..Classification::default()
                })
                .collect()
        })
        .unwrap_or_default();
    let national_class = tech
        .and_then(|t| t.child("classification-us"))
        .map(|c| {
            c.children()
                .flat_map(|n| n.children_named("uspc").collect::<Vec<_>>())
                .filter_map(|u| Some(format!("{} {}", u.text_at("class")?, u.text_at("subclass").unwrap_or_default())))
                .collect()
        })
        .unwrap_or_default();
    let inventors: Vec<Party> = b
        .child("inventors")
        .map(|i| {
            i.children()
                .filter(|n| matches!(n.name(), "first-named-inventor" | "inventor"))
                .enumerate()
                .map(|(i, n)| person(n, i))
                .collect()
        })
        .unwrap_or_default();
    let assignees = b
        .children_named("assignee")
        .enumerate()
        .filter_map(|(i, a)| {
            let name = a.text_at("organization-name").or_else(|| a.child("name").map(|n| person(n, i).name_raw))?;
            Some(Party {
                seq: seq_of(i),
                name: name.clone(),
                name_raw: name,
                party_type: Some("organization".into()),
                ..Party::default()
            })
        })
        .collect();
    let claims: Vec<Claim> = root
        .child("subdoc-claims")
        .map(|c| {
            c.children_named("claim")
                .enumerate()
                .filter_map(|(i, c)| {
                    let num = c
                        .attr("id")
                        .and_then(|id| id.trim_start_matches(|ch: char| !ch.is_ascii_digit()).parse().ok())
                        .unwrap_or(seq_of(i));
                    Some(Claim { num, text: c.text_value()? })
                })
                .collect()
        })
        .unwrap_or_default();
    let description = st36::text_blocks(root.child("subdoc-description"), BLOCKS);
    let row = PatentPublication {
        office: id.text_at("country-code").unwrap_or_else(|| "US".into()),
        pub_number_raw: number,
        kind_raw: id.text_at("kind-code"),
        pub_date: id.text_at("document-date"),
        appl_number_raw: b.text_at("domestic-filing-data/application-number/doc-number"),
        filing_date: b.text_at("domestic-filing-data/filing-date"),
        titles: tech
            .and_then(|t| t.text_at("title-of-invention"))
            .map(|text| LangText { lang: Some("en".into()), text })
            .into_iter()
            .collect(),
        abstracts: st36::text_blocks(root.child("subdoc-abstract"), BLOCKS)
            .map(|text| LangText { lang: Some("en".into()), text })
            .into_iter()
            .collect(),
        inventors,
        assignees,
        ipc,
        national_class,
        priorities: b
            .children_named("foreign-priority-data")
            .enumerate()
            .map(|(i, p)| Priority {
                seq: seq_of(i),
                office: p.text_at("country-code"),
                number_raw: p.text_at("priority-application-number/doc-number"),
                date: p.text_at("filing-date"),
                ..Priority::default()
            })
            .collect(),
        related: b.child("continuity-data").map(continuity).unwrap_or_default(),
        claims_count: (!claims.is_empty()).then(|| seq_of(claims.len() - 1)),
        ..PatentPublication::default()
    };
    Ok(st36::appended(row, Some("en".into()), claims, description))
}

/// An inventor (or a named assignee): given and family name, US or non-US residence.
fn person(n: Node<'_>, i: usize) -> Party {
    let name = n.child("name").unwrap_or(n);
    let name_raw = match (name.text_at("family-name"), name.text_at("given-name")) {
        (Some(f), Some(g)) => format!("{f}, {g}"),
        (f, g) => f.or(g).unwrap_or_default(),
    };
    let residence = n.find("residence/residence-us").or_else(|| n.find("residence/residence-non-us"));
    Party {
        seq: seq_of(i),
        name: name_raw.clone(),
        name_raw,
        party_type: Some("person".into()),
        city: residence.and_then(|r| r.text_at("city")),
        state: residence.and_then(|r| r.text_at("state")),
        country: residence
            .and_then(|r| r.text_at("country-code"))
            .or_else(|| n.find("residence/residence-us").map(|_| "US".to_owned())),
        ..Party::default()
    }
}

/// `continuity-data`: each relation's parent documents.
fn continuity(data: Node<'_>) -> Vec<RelatedDocument> {
    let mut out = Vec::new();
    for group in data.children() {
        for relation in group.children() {
            for parent in relation.children_named("parent-child").filter_map(|pc| pc.find("parent/document-id")) {
                out.push(RelatedDocument {
                    relation: relation.name().to_owned(),
                    role: Some("parent".into()),
                    office: parent.text_at("country-code"),
                    number: parent.text_at("doc-number"),
                    kind: parent.text_at("kind-code"),
                    date: parent.text_at("document-date"),
                });
            }
        }
    }
    out
}
