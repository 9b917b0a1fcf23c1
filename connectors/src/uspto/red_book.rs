//! USPTO Red Book XML: `us-patent-grant` v4.0–v4.7 and `us-patent-application` v4.0–v4.6.
//!
//! Upstream: USPTO bulk data, weekly `ipgYYMMDD.zip` (grants) and `ipaYYMMDD.zip` (applications),
//! each a concatenation of thousands of documents with their own declaration and DOCTYPE.
//! UTF-8. Quirks handled: v4.0–v4.1 put parties under `parties/applicants` (inventors are the
//! `applicant-inventor` applicants) and citations under `references-cited`; v4.2+ use
//! `us-parties`, `inventors` and `us-references-cited`; CPC appears from v4.3 (2013) in
//! `classifications-cpc`; design grants carry `classification-locarno`; MathML, CALS tables,
//! chemistry and processing instructions inside text are read as text.
//! Not carried: the abstract language (always English, set to `en`), agent addresses.

use ipdc_schemas::{Classification, LangText, Locarno, Party, PatentPublication};

use crate::PatentDocument;
use crate::st36::{self, document_id, required, seq_of};
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one Red Book document.
///
/// # Errors
/// [`DocError`] when the bibliographic part or the publication reference is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let biblio = required(
        root.child("us-bibliographic-data-grant").or_else(|| root.child("us-bibliographic-data-application")),
        "us-bibliographic-data",
    )?;
    let publication = document_id(required(biblio.find("publication-reference/document-id"), "publication-reference")?);
    let application = biblio.child("application-reference");
    let app_id = application.and_then(|a| a.child("document-id")).map(document_id).unwrap_or_default();
    let parties = biblio.child("us-parties").or_else(|| biblio.child("parties"));
    let list = |container: Option<Node<'_>>| -> Vec<Party> {
        container.map(|c| c.children().enumerate().map(|(i, n)| st36::party(n, i)).collect()).unwrap_or_default()
    };
    let applicants = list(parties.and_then(|p| p.child("us-applicants").or_else(|| p.child("applicants"))));
    let inventors = match parties.and_then(|p| p.child("inventors")).or_else(|| biblio.child("inventors")) {
        Some(inv) => list(Some(inv)),
        None => applicants.iter().filter(|a| a.role.as_deref() == Some("applicant-inventor")).cloned().collect(),
    };
    // Red Book text is English; the documents do not state a language.
    let english = |n: Option<Node<'_>>| -> Vec<LangText> {
        n.and_then(|n| n.text_value()).map(|text| LangText { lang: Some("en".into()), text }).into_iter().collect()
    };
    let pct_filing = biblio.find("pct-or-regional-filing-data/document-id").map(document_id);
    let pct_pub = biblio.find("pct-or-regional-publishing-data/document-id").map(document_id);
    let pct_entry = ["us-371c124-date", "us-371c12-date", "us-371c1-date"]
        .iter()
        .find_map(|p| biblio.find(&format!("pct-or-regional-filing-data/{p}")).and_then(|d| d.text_at("date")));
    let claims = st36::claims(root.child("claims"));
    let description = st36::description(root.child("description"));

    let publication_row = PatentPublication {
        office: publication.country.unwrap_or_else(|| "US".into()),
        pub_number_raw: publication.number.unwrap_or_default(),
        kind_raw: publication.kind,
        pub_date: publication.date.or_else(|| root.attr("date-publ").map(str::to_owned)),
        appl_number_raw: app_id.number,
        appl_type_raw: application.and_then(|a| a.attr("appl-type")).map(str::to_owned),
        filing_date: app_id.date,
        titles: english(biblio.child("invention-title")),
        abstracts: english(root.child("abstract")),
        applicants,
        inventors,
        assignees: list(biblio.child("assignees")),
        agents: list(parties.and_then(|p| p.child("agents"))),
        examiners: list(biblio.child("examiners")),
        ipc: ipc(biblio),
        cpc: cpc(biblio),
        national_class: national(biblio),
        locarno: locarno(biblio),
        priorities: biblio
            .child("priority-claims")
            .map(|p| p.children().enumerate().map(|(i, n)| st36::priority(n, i)).collect())
            .unwrap_or_default(),
        pct_appl_number: pct_filing.as_ref().and_then(|d| d.number.clone()),
        pct_filing_date: pct_filing.and_then(|d| d.date),
        pct_pub_number: pct_pub.as_ref().and_then(|d| d.number.clone()),
        pct_pub_date: pct_pub.and_then(|d| d.date),
        pct_entry_date: pct_entry,
        related: biblio
            .child("us-related-documents")
            .or_else(|| biblio.child("related-documents"))
            .map(st36::related)
            .unwrap_or_default(),
        citations: biblio
            .child("us-references-cited")
            .or_else(|| biblio.child("references-cited"))
            .map(|r| r.children().enumerate().map(|(i, n)| st36::citation(n, i)).collect())
            .unwrap_or_default(),
        claims_count: biblio
            .text_at("number-of-claims")
            .and_then(|n| n.parse().ok())
            .or_else(|| (!claims.is_empty()).then(|| seq_of(claims.len() - 1))),
        ..PatentPublication::default()
    };
    Ok(st36::appended(publication_row, Some("en".into()), claims, description))
}

fn ipc(biblio: Node<'_>) -> Vec<Classification> {
    if let Some(ipcr) = biblio.child("classifications-ipcr") {
        return ipcr
            .children_named("classification-ipcr")
            .enumerate()
            .map(|(i, n)| st36::classification(n, i))
            .collect();
    }
    // IPC 7 (v4.0–v4.1): `classification-ipc` with an edition and text symbols.
    let Some(old) = biblio.child("classification-ipc") else { return Vec::new() };
    let edition = old.text_at("edition");
    old.children()
        .filter(|c| matches!(c.name(), "main-classification" | "further-classification"))
        .map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .enumerate()
        .map(|(i, raw)| Classification {
            seq: seq_of(i),
            raw,
            version: None,
            level: edition.clone().map(|e| format!("edition {e}")),
            ..Classification::default()
        })
        .collect()
}

fn cpc(biblio: Node<'_>) -> Vec<Classification> {
    let Some(cpc) = biblio.child("classifications-cpc") else { return Vec::new() };
    cpc.descendants("classification-cpc").into_iter().enumerate().map(|(i, n)| st36::classification(n, i)).collect()
}

fn national(biblio: Node<'_>) -> Vec<String> {
    let Some(n) = biblio.child("classification-national") else { return Vec::new() };
    // Kept exactly as written: USPC symbols are column-aligned, so spaces carry meaning.
    n.children()
        .filter(|c| matches!(c.name(), "main-classification" | "further-classification"))
        .map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

fn locarno(biblio: Node<'_>) -> Vec<Locarno> {
    let Some(l) = biblio.child("classification-locarno") else { return Vec::new() };
    let edition = l.text_at("edition");
    l.children()
        .filter(|c| matches!(c.name(), "main-classification" | "further-classification"))
        .filter_map(|c| c.text_value())
        .map(|raw| {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let class = (digits.len() == 4).then(|| format!("{}-{}", &digits[..2], &digits[2..]));
            Locarno { class, edition: edition.clone(), raw }
        })
        .collect()
}
