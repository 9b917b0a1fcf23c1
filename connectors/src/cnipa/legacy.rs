//! CNIPA legacy format: `cn-patent-document` (ST.36-like, with `cn-` elements).
//!
//! Quirks: UTF-8 BOM, an `xml-stylesheet` processing instruction, Chinese attribute values
//! (`appl-type="发明专利"`), documents without an encoding declaration (read as UTF-8), the
//! agency code written after the agency name, PCT national-phase data in
//! `pct-or-regional-filing-data` / `pct-or-regional-publishing-data` and
//! `date-pct-article-22-39-fulfilled`. Not carried: citations, CPC.

use ipdc_schemas::{LangText, Party, PatentPublication};

use super::split_agency;
use crate::PatentDocument;
use crate::st36::{self, document_id, required, seq_of};
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one document.
///
/// # Errors
/// [`DocError`] when the bibliographic data or publication reference is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let biblio = required(root.child("cn-bibliographic-data"), "cn-bibliographic-data")?;
    let pub_ref = required(biblio.child("cn-publication-reference"), "cn-publication-reference")?;
    let publication = document_id(required(pub_ref.child("document-id"), "cn-publication-reference/document-id")?);
    let application = biblio.child("application-reference");
    let app_id = application.and_then(|a| a.child("document-id")).map(document_id).unwrap_or_default();
    let lang = root.attr("lang").map(str::to_owned).or_else(|| Some("zh".into()));
    let parties = biblio.child("cn-parties");
    let list = |container: &str, item: &str| -> Vec<Party> {
        parties
            .and_then(|p| p.child(container))
            .map(|c| c.children_named(item).enumerate().map(|(i, n)| party(n, i)).collect())
            .unwrap_or_default()
    };
    let body = root.child("application-body").unwrap_or(root);
    let claims = st36::claims(body.child("claims"));
    let description = st36::description(body.child("description"));
    let pct_filing = biblio.find("pct-or-regional-filing-data/document-id").map(document_id);
    let pct_pub = biblio.find("pct-or-regional-publishing-data/document-id").map(document_id);

    let row = PatentPublication {
        office: publication.country.clone().or_else(|| root.attr("country").map(str::to_owned)).unwrap_or_default(),
        pub_number_raw: publication.number.unwrap_or_default(),
        kind_raw: publication.kind,
        pub_date: publication.date,
        gazette_issue: pub_ref.text_at("gazette-reference/gazette-num"),
        appl_number_raw: app_id.number,
        appl_type_raw: application.and_then(|a| a.attr("appl-type")).map(str::to_owned),
        filing_date: app_id.date,
        titles: biblio
            .children_named("invention-title")
            .filter_map(|t| {
                Some(LangText { lang: t.attr("lang").map(str::to_owned).or(lang.clone()), text: t.text_value()? })
            })
            .collect(),
        abstracts: biblio
            .child("abstract")
            .or_else(|| root.child("abstract"))
            .and_then(abstract_text)
            .map(|text| LangText { lang: lang.clone(), text })
            .into_iter()
            .collect(),
        applicants: list("cn-applicants", "cn-applicant"),
        inventors: list("cn-inventors", "cn-inventor"),
        agents: list("cn-agents", "cn-agent"),
        ipc: biblio
            .find_all("classifications-ipcr/classification-ipcr")
            .into_iter()
            .enumerate()
            .map(|(i, n)| st36::classification(n, i))
            .collect(),
        priorities: biblio
            .child("priority-claims")
            .map(|p| p.children().enumerate().map(|(i, n)| st36::priority(n, i)).collect())
            .unwrap_or_default(),
        pct_appl_number: pct_filing.as_ref().and_then(|d| d.number.clone()),
        pct_filing_date: pct_filing.and_then(|d| d.date),
        pct_pub_number: pct_pub.as_ref().and_then(|d| d.number.clone()),
        pct_pub_date: pct_pub.and_then(|d| d.date),
        pct_entry_date: biblio.text_at("date-pct-article-22-39-fulfilled/date"),
        related: biblio.child("cn-related-documents").map(st36::related).unwrap_or_default(),
        claims_count: (!claims.is_empty()).then(|| seq_of(claims.len() - 1)),
        ..PatentPublication::default()
    };
    Ok(st36::appended(row, lang, claims, description))
}

/// Abstract paragraphs, leaving out the deposit paragraph (`p num="bio"`), which is not prose.
fn abstract_text(a: Node<'_>) -> Option<String> {
    let ps: Vec<String> =
        a.children_named("p").filter(|p| p.child("bio-deposit").is_none()).filter_map(|p| p.text_value()).collect();
    if ps.is_empty() { a.text_value() } else { Some(ps.join("\n")) }
}

fn party(n: Node<'_>, i: usize) -> Party {
    let mut p = st36::party(n, i);
    if p.name_raw.is_empty() {
        p.name_raw = n.text_at("name").unwrap_or_default();
        p.name.clone_from(&p.name_raw);
    }
    if let Some(agency) = n.find("cn-agency/name").and_then(|a| a.text_value()) {
        let (name, code) = split_agency(&agency);
        p.role = Some(name);
        p.org_code = code;
    }
    if let Some(flag) = n.attr("cn-not-to-be-published-request-by-inventor") {
        p.role = Some(format!("not-to-be-published={flag}"));
    }
    p
}
