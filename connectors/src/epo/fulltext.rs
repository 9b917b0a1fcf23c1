//! EPO full text: the EP publication server's `ep-patent-document` (bibliography in SDOBI
//! "B-tags", then abstract, description and claims) and the BDDS full-text product's
//! `fulltext-document` (FTM: publication and application references, description and claims of
//! EP and national documents, e.g. ES T1 translations). FTM packages also hold an
//! `ftm-package-index`, which is skipped (counted), not parsed.
//!
//! SDOBI tags read: B110 number, B130 kind, B140 date, B190 office, B210/B220 application,
//! B250/B260 languages, B300 priorities (B310 number, B320 date, B330 office, repeated in
//! order), B405/B430/B450 bulletin number, B510EP `classification-ipcr` (fixed-width text)
//! or B511/B512 (IPC 1–7 text), B540 titles (B541 language + B542 title pairs), B711
//! applicants, B721 inventors, B741 representatives (`snm`, `iid`, `adr`), B860/B870 PCT
//! application and publication. Not carried by v1: B840 designated states, B844EP extension
//! states, the `eptags` product data, drawings.

use ipdc_schemas::{Classification, LangText, Party, PatentPublication, Priority};

use crate::PatentDocument;
use crate::st36::{self, document_id, required, seq_of};
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one `ep-patent-document`.
///
/// # Errors
/// [`DocError`] when the SDOBI bibliography or the publication number is missing.
pub fn parse_ep_document(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let b = required(root.child("SDOBI"), "SDOBI")?;
    let b100 = required(b.child("B100"), "SDOBI/B100")?;
    let number = b100.text_at("B110").or_else(|| root.attr("doc-number").map(str::to_owned));
    let number = number.ok_or_else(|| DocError {
        offset: 0,
        rule: "record.missing_field",
        reason: "no publication number (SDOBI/B100/B110)".into(),
    })?;
    let b200 = b.child("B200");
    let lang = root.attr("lang").map(str::to_owned).or_else(|| b200.and_then(|a| a.text_at("B260")));
    let at = |path: &str| b.find(path).and_then(|n| n.text_value());
    let parties = |group: &str, item: &str| -> Vec<Party> {
        b.find(&format!("B700/{group}"))
            .map(|g| g.children_named(item).enumerate().map(|(i, n)| party(n, i)).collect())
            .unwrap_or_default()
    };
    let claims = st36::claims(root.child("claims"));
    let description = st36::description(root.child("description"));
    let row = PatentPublication {
        office: b100.text_at("B190").or_else(|| root.attr("country").map(str::to_owned)).unwrap_or_default(),
        pub_number_raw: number,
        kind_raw: b100.text_at("B130").or_else(|| root.attr("kind").map(str::to_owned)),
        pub_date: b100.text_at("B140/date").or_else(|| root.attr("date-publ").map(str::to_owned)),
        gazette_issue: at("B400/B450/bnum").or_else(|| at("B400/B430/bnum")).or_else(|| at("B400/B405/bnum")),
        appl_number_raw: b200.and_then(|a| a.text_at("B210")),
        filing_date: b200.and_then(|a| a.text_at("B220/date")),
        titles: titles(b.find("B500/B540")),
        abstracts: root
            .children_named("abstract")
            .filter_map(|a| {
                Some(LangText { lang: a.attr("lang").map(str::to_owned).or(lang.clone()), text: paragraphs(a)? })
            })
            .collect(),
        applicants: parties("B710", "B711"),
        inventors: parties("B720", "B721"),
        agents: parties("B740", "B741"),
        ipc: ipc(b.child("B500")),
        priorities: b.child("B300").map(priorities).unwrap_or_default(),
        pct_appl_number: at("B800/B860/B861/dnum/anum"),
        pct_filing_date: at("B800/B860/B861/date"),
        pct_pub_number: at("B800/B870/B871/dnum/pnum"),
        pct_pub_date: at("B800/B870/B871/date"),
        claims_count: (!claims.is_empty()).then(|| seq_of(claims.len() - 1)),
        ..PatentPublication::default()
    };
    Ok(st36::appended(
        row,
        root.child("claims").and_then(|c| c.attr("lang")).map(str::to_owned).or(lang),
        claims,
        description,
    ))
}

/// Parses one FTM `fulltext-document`: the references it carries and the text.
///
/// # Errors
/// [`DocError`] when the publication reference is missing.
pub fn parse_ftm_document(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let biblio = required(root.child("bibliographic-data"), "bibliographic-data")?;
    let publication = document_id(required(
        biblio.find("publication-reference/document-id"),
        "bibliographic-data/publication-reference/document-id",
    )?);
    let application = biblio.find("application-reference/document-id").map(document_id).unwrap_or_default();
    let description = root.child("description");
    let claims_node = root.child("claims");
    let lang = |n: Option<Node<'_>>| n.and_then(|n| n.attr("lang")).map(str::to_ascii_lowercase);
    let claims = st36::claims(claims_node);
    let text = st36::description(description);
    let row = PatentPublication {
        office: publication.country.unwrap_or_default(),
        pub_number_raw: publication.number.unwrap_or_default(),
        kind_raw: publication.kind,
        pub_date: publication.date,
        appl_number_raw: application.number,
        filing_date: application.date,
        claims_count: (!claims.is_empty()).then(|| seq_of(claims.len() - 1)),
        ..PatentPublication::default()
    };
    Ok(st36::appended(row, lang(description).or_else(|| lang(claims_node)), claims, text))
}

/// B540: a B541 language followed by its B542 title, repeated.
fn titles(b540: Option<Node<'_>>) -> Vec<LangText> {
    let mut out = Vec::new();
    let mut lang = None;
    let Some(b540) = b540 else { return out };
    for n in b540.children() {
        match n.name() {
            "B541" => lang = n.text_value(),
            "B542" => out.extend(n.text_value().map(|text| LangText { lang: lang.take(), text })),
            _ => {}
        }
    }
    out
}

/// B300: B310 number, B320 date, B330 office per priority, in document order.
fn priorities(b300: Node<'_>) -> Vec<Priority> {
    let mut out: Vec<Priority> = Vec::new();
    for n in b300.children() {
        match n.name() {
            "B310" => out.push(Priority { seq: seq_of(out.len()), number_raw: n.text_value(), ..Priority::default() }),
            "B320" => {
                if let Some(p) = out.last_mut() {
                    p.date = n.text_at("date");
                }
            }
            "B330" => {
                if let Some(p) = out.last_mut() {
                    p.office = n.text_at("ctry");
                }
            }
            _ => {}
        }
    }
    out
}

/// B510EP `classification-ipcr` (fixed-width ST.8 text), else B511 (main) and B512 (further)
/// IPC 1–7 symbols.
fn ipc(b500: Option<Node<'_>>) -> Vec<Classification> {
    let Some(b500) = b500 else { return Vec::new() };
    if let Some(ipcr) = b500.child("B510EP") {
        return ipcr
            .children_named("classification-ipcr")
            .enumerate()
            .map(|(i, n)| Classification {
                seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
                // Fixed-width ST.8 text: the columns carry meaning, so it is kept as written.
                raw: n.child("text").map(|t| t.text()).unwrap_or_default(),
                ..Classification::default()
            })
            .collect();
    }
    let Some(b510) = b500.child("B510") else { return Vec::new() };
    let edition = b510.text_at("B516");
    b510.children()
        .filter(|n| matches!(n.name(), "B511" | "B512"))
        .filter_map(|n| n.text_value().map(|raw| (n.name() == "B511", raw)))
        .enumerate()
        .map(|(i, (main, raw))| Classification {
            seq: seq_of(i),
            raw,
            version: edition.clone(),
            position: Some(if main { "F" } else { "L" }.into()),
            ..Classification::default()
        })
        .collect()
}

/// B711/B721/B741: `snm` name, `iid` EPO identifier, `irf` file reference, `adr` address.
fn party(n: Node<'_>, i: usize) -> Party {
    let name_raw = n.text_at("snm").unwrap_or_default();
    let adr = n.child("adr");
    let line = |p: &str| adr.and_then(|a| a.text_at(p));
    Party {
        seq: seq_of(i),
        name: name_raw.clone(),
        name_raw,
        country: line("ctry"),
        city: line("city"),
        address: line("str"),
        postcode: line("pcode"),
        org_code: n.text_at("iid"),
        role: n.text_at("sfx"),
        ..Party::default()
    }
}

/// The paragraphs of an abstract, one per line.
fn paragraphs(n: Node<'_>) -> Option<String> {
    let ps: Vec<String> = n.children_named("p").filter_map(|p| p.text_value()).collect();
    if ps.is_empty() { n.text_value() } else { Some(ps.join("\n")) }
}
