//! CNIPA current bulk format: `business:PatentDocumentAndRelated` (xsdVersion V2.x).
//!
//! Upstream: CNIPA patent data service bulk files, one document per file, named
//! `CN<standard appl. no.>CN<padded pub. no.><kind>FUL<lang><date>…XML`. Namespaces
//! `http://www.sipo.gov.cn/XMLSchema/business` and `…/base` (prefixes vary; read by local name).
//! Quirks: every reference comes twice, `dataFormat="original"` and `dataFormat="standard"`
//! (the standard application number is the 15-digit ST.13 form); `0`, `00000000` and
//! `0000000000` are null placeholders; tables may be CDATA; abstracts and description use
//! `base:Paragraphs`. Not carried: citations, CPC, PCT data in the observed samples.

use ipdc_schemas::{Classification, LangText, Party, PatentPublication, Priority, RelatedDocument};

use super::split_agency;
use crate::PatentDocument;
use crate::st36::{self, required, seq_of};
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one document.
///
/// # Errors
/// [`DocError`] when the bibliographic data or publication reference is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let biblio = required(root.child("BibliographicData"), "BibliographicData")?;
    let publication = required(
        pick(biblio, "PublicationReference", "original").and_then(|p| p.child("DocumentID")),
        "PublicationReference",
    )?;
    let application = pick(biblio, "ApplicationReference", "original");
    let application_std = pick(biblio, "ApplicationReference", "standard");
    let lang = root.attr("lang").map(str::to_owned);
    let title = biblio
        .children_named("InventionTitle")
        .find(|t| t.attr("dataFormat") != Some("standard"))
        .or_else(|| biblio.child("InventionTitle"));
    let parties = biblio.child("Parties");
    let party_list = |details: &str, item: &str| -> Vec<Party> {
        parties
            .and_then(|p| p.child(details))
            .map(|d| d.children_named(item).enumerate().map(|(i, n)| party(n, i)).collect())
            .unwrap_or_default()
    };
    let claims: Vec<_> = root
        .find_all("Claims/Claim")
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            Some(ipdc_schemas::Claim {
                num: c.attr("num").and_then(|n| n.parse().ok()).unwrap_or(seq_of(i)),
                text: c.text_value()?,
            })
        })
        .collect();
    let description = crate::st36::description(root.child("Description"));

    let row = PatentPublication {
        office: publication
            .text_at("WIPOST3Code")
            .or_else(|| root.attr("country").map(str::to_owned))
            .unwrap_or_default(),
        pub_number_raw: publication.text_at("DocNumber").unwrap_or_default(),
        kind_raw: publication.text_at("Kind"),
        pub_date: publication.text_at("Date").or_else(|| root.attr("datePublication").map(str::to_owned)),
        gazette_issue: biblio.text_at("PublicAvailabilityDate/GazetteReference/GazetteNumber"),
        appl_number_raw: application.and_then(|a| a.text_at("DocumentID/DocNumber")),
        appl_st13: application_std.and_then(|a| a.text_at("DocumentID/DocNumber")),
        appl_type_raw: application.and_then(|a| a.attr("applType")).map(str::to_owned),
        filing_date: application.and_then(|a| a.text_at("DocumentID/Date")),
        titles: title
            .and_then(|t| {
                t.text_value().map(|text| LangText { lang: t.attr("lang").map(str::to_owned).or(lang.clone()), text })
            })
            .into_iter()
            .collect(),
        abstracts: root
            .child("Abstract")
            .and_then(|a| paragraphs(a))
            .map(|text| LangText { lang: lang.clone(), text })
            .into_iter()
            .collect(),
        applicants: party_list("ApplicantDetails", "Applicant"),
        inventors: party_list("InventorDetails", "Inventor"),
        agents: party_list("AgentDetails", "Agent"),
        ipc: biblio
            .find_all("ClassificationIPCRDetails/ClassificationIPCR")
            .into_iter()
            .enumerate()
            .map(|(i, n)| ipcr(n, i))
            .collect(),
        priorities: priorities(biblio),
        related: related(biblio),
        claims_count: (!claims.is_empty()).then(|| seq_of(claims.len() - 1)),
        ..PatentPublication::default()
    };
    Ok(st36::appended(row, lang, claims, description))
}

/// The `name` child whose `dataFormat` is `format` (or the first one when none says).
fn pick<'d>(parent: Node<'d>, name: &str, format: &str) -> Option<Node<'d>> {
    let mut all = parent.children_named(name).peekable();
    let first = *all.peek()?;
    all.find(|n| n.attr("dataFormat") == Some(format)).or((format == "original").then_some(first))
}

fn paragraphs(n: Node<'_>) -> Option<String> {
    let ps: Vec<String> = n.descendants("Paragraphs").iter().filter_map(Node::text_value).collect();
    if ps.is_empty() { n.text_value() } else { Some(ps.join("\n")) }
}

fn party(n: Node<'_>, i: usize) -> Party {
    let book = n.child("AddressBook");
    let name = book.and_then(|b| b.text_at("Name").or_else(|| b.text_at("OrganizationName"))).unwrap_or_default();
    let addr = book.and_then(|b| b.child("Address"));
    let at = |p: &str| addr.and_then(|a| a.text_at(p)).filter(|v| v != "0");
    let agency = n
        .find("Agency/AddressBook")
        .and_then(|b| b.text_at("OrganizationName").or_else(|| b.text_at("Name")))
        .map(|a| split_agency(&a));
    Party {
        seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
        name: name.clone(),
        name_raw: name,
        party_type: None,
        country: at("WIPOST3Code"),
        state: at("Province"),
        city: at("City"),
        address: at("Text"),
        postcode: at("PostCode"),
        org_code: agency
            .as_ref()
            .and_then(|(_, code)| code.clone())
            .or_else(|| n.text_at("OrganizationCode").filter(|c| !c.bytes().all(|b| b == b'0'))),
        role: agency
            .map(|(name, _)| name)
            .or_else(|| n.attr("publicationMark").map(|m| format!("publicationMark={m}"))),
    }
}

fn ipcr(n: Node<'_>, i: usize) -> Classification {
    let parts = [
        n.text_at("Section"),
        n.text_at("MainClass"),
        n.text_at("Subclass"),
        n.text_at("MainGroup"),
        n.text_at("Subgroup"),
    ];
    let raw = match (n.text_at("Text"), parts) {
        (Some(text), _) => text,
        (None, [Some(s), Some(c), Some(sc), Some(mg), Some(sg)]) => format!("{s}{c}{sc} {mg}/{sg}"),
        _ => String::new(),
    };
    Classification {
        seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
        raw,
        version: n.text_at("IPCVersionDate"),
        source: n.text_at("ClassificationDataSource"),
        office: n.text_at("GeneratingOffice/WIPOST3Code"),
        ..Classification::default()
    }
}

/// Priorities: the `original` entries, with the `standard` number of the same sequence beside them.
fn priorities(biblio: Node<'_>) -> Vec<Priority> {
    let all = biblio.find_all("PriorityDetails/Priority");
    let standard = |seq: Option<&str>| {
        all.iter()
            .find(|p| p.attr("dataFormat") == Some("standard") && p.attr("sequence") == seq)
            .and_then(|p| p.text_at("DocNumber"))
    };
    all.iter()
        .filter(|p| p.attr("dataFormat") != Some("standard"))
        .enumerate()
        .map(|(i, p)| Priority {
            seq: p.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
            office: p.text_at("WIPOST3Code"),
            number_raw: p.text_at("DocNumber"),
            number_std: standard(p.attr("sequence")),
            date: p.text_at("Date"),
            kind: p.attr("kind").map(str::to_owned),
        })
        .collect()
}

fn related(biblio: Node<'_>) -> Vec<RelatedDocument> {
    let mut out = Vec::new();
    let Some(container) = biblio.child("RelatedDocuments") else { return out };
    for relation in container.children() {
        for (role, wrapper) in [("parent", "ParentDocument"), ("child", "ChildDocument")] {
            for id in relation.descendants(wrapper).iter().flat_map(|w| w.descendants("DocumentID")) {
                let number = id.text_at("DocNumber");
                let date = id.text_at("Date").filter(|d| !d.bytes().all(|b| b == b'0'));
                if number.is_none() && date.is_none() {
                    continue;
                }
                out.push(RelatedDocument {
                    relation: relation.name().to_ascii_lowercase(),
                    role: Some(role.into()),
                    office: id.text_at("WIPOST3Code"),
                    number,
                    kind: id.text_at("Kind"),
                    date,
                });
            }
        }
    }
    out
}
