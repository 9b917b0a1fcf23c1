//! JPO `jp-official-gazette` (dtd-version 1.x): the ST.36-style bibliography (publication and
//! application references, title, applicants and agents with their JPO registered numbers,
//! inventors, ST.8 fixed-width IPC, FI national classes), abstract, claims and description,
//! into `patent_publication` and `patent_fulltext`. The ST.16 kind is the root's
//! `kind-of-st16`; the gazette's own kind (`公開特許公報(A)`) is not a code. Patent literature is
//! cited by text only (`特許第６１５１５５７号公報`), kept as written. Not carried by v1: theme
//! codes and F-terms, the request-for-examination flag, filing form, page count, amendments.

use ipdc_schemas::{Citation, Classification, LangText, PatentPublication};

use crate::PatentDocument;
use crate::st36::{self, required, seq_of};
use crate::xml::{DocError, XmlDoc};

/// Parses one `jp-official-gazette`.
///
/// # Errors
/// [`DocError`] when the bibliography or the publication number is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let b = required(root.child("bibliographic-data"), "bibliographic-data")?;
    let publication = required(b.find("publication-reference/document-id"), "publication-reference/document-id")?;
    let number = publication.text_at("doc-number").ok_or_else(|| DocError {
        offset: 0,
        rule: "record.missing_field",
        reason: "no publication number (publication-reference/document-id/doc-number)".into(),
    })?;
    let lang = root.attr("lang").map(str::to_owned);
    let application = b.find("application-reference/document-id");
    let group = b.find("parties/applicants-agents-article/applicants-agents");
    let parties = |name: &str| {
        group
            .map(|g| {
                g.children_named(name)
                    .enumerate()
                    .map(|(i, n)| {
                        let mut p = st36::party(n, i);
                        p.org_code = n.text_at("addressbook/registered-number");
                        p
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let ipc = b
        .child("classification-ipc")
        .map(|c| {
            c.children()
                .filter(|n| matches!(n.name(), "main-clsf" | "further-clsf"))
                // ST.8 fixed-width: the columns matter, so the text is not collapsed.
                .map(|n| n.text())
                .filter(|t| !t.trim().is_empty())
                .enumerate()
                .map(|(i, raw)| Classification { seq: seq_of(i), raw, ..Classification::default() })
                .collect()
        })
        .unwrap_or_default();
    let national_class = b
        .child("classification-national")
        .map(|c| {
            c.children()
                .filter(|n| matches!(n.name(), "main-clsf" | "further-clsf"))
                .filter_map(|n| n.text_value())
                .collect()
        })
        .unwrap_or_default();
    let citations = root
        .find_all("description/citation-list/patent-literature/p/patcit")
        .iter()
        .enumerate()
        .map(|(i, c)| Citation {
            seq: seq_of(i),
            office: Some("JP".into()),
            number: c.text_value(),
            ..Citation::default()
        })
        .collect();
    let row = PatentPublication {
        office: publication.text_at("country").or_else(|| root.attr("country").map(str::to_owned)).unwrap_or_default(),
        pub_number_raw: number,
        kind_raw: root.attr("kind-of-st16").map(str::to_owned).or_else(|| publication.text_at("kind")),
        pub_date: publication.text_at("date"),
        appl_number_raw: application.and_then(|a| a.text_at("doc-number")),
        filing_date: application.and_then(|a| a.text_at("date")),
        titles: b
            .children_named("invention-title")
            .filter_map(|t| {
                Some(LangText { lang: t.attr("lang").map(str::to_owned).or(lang.clone()), text: t.text_value()? })
            })
            .collect(),
        abstracts: root
            .children_named("abstract")
            .filter_map(|a| {
                Some(LangText {
                    lang: a.attr("lang").map(str::to_owned).or(lang.clone()),
                    text: st36::text_blocks(Some(a), &["p"])?,
                })
            })
            .collect(),
        applicants: parties("applicant"),
        agents: parties("agent"),
        inventors: b
            .find("parties/inventors")
            .map(|g| g.children_named("inventor").enumerate().map(|(i, n)| st36::party(n, i)).collect())
            .unwrap_or_default(),
        ipc,
        national_class,
        citations,
        claims_count: b.text_at("number-of-claims").and_then(|n| n.parse().ok()),
        ..PatentPublication::default()
    };
    Ok(st36::appended(row, lang, st36::claims(root.child("claims")), st36::description(root.child("description"))))
}
