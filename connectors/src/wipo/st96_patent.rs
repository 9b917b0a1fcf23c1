//! WIPO ST.96 `PatentPublication` (V6_0): `BibliographicData` (publication and application
//! identification, priorities, IPCR and CPC as parts, titles, citations, related documents,
//! parties), then abstract, description and claims, into `patent_publication` and
//! `patent_fulltext`. Not carried by v1: the search-field national classes (`SearchField`, a
//! field of search, not the document's class), figure and drawing-sheet counts, page images.

use ipdc_schemas::{Citation, Classification, LangText, Party, PatentPublication, Priority, RelatedDocument};

use crate::PatentDocument;
use crate::st36::{self, required, seq_of};
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one `PatentPublication`.
///
/// # Errors
/// [`DocError`] when the bibliographic data or the publication identification is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let b = required(root.child("BibliographicData"), "BibliographicData")?;
    let id = required(b.child("PatentPublicationIdentification"), "BibliographicData/PatentPublicationIdentification")?;
    let number = id.text_at("PublicationNumber").ok_or_else(|| DocError {
        offset: 0,
        rule: "record.missing_field",
        reason: "no publication number (PatentPublicationIdentification/PublicationNumber)".into(),
    })?;
    let lang = root.attr("languageCode").map(str::to_owned);
    let application = b.child("ApplicationIdentification");
    let parties = |bag: &str, item: &str| -> Vec<Party> {
        b.find(&format!("PartyBag/{bag}"))
            .map(|g| g.children_named(item).enumerate().filter_map(|(i, n)| party(n, i)).collect())
            .unwrap_or_default()
    };
    let examiners = b
        .find("PartyBag/ExaminerBag")
        .map(|g| {
            g.children()
                .enumerate()
                .filter_map(|(i, n)| Some(Party { role: Some(n.name().to_owned()), ..party(n, i)? }))
                .collect()
        })
        .unwrap_or_default();
    let classifications = |path: &str| -> Vec<Classification> {
        b.find_all(path).iter().enumerate().filter_map(|(i, c)| classification(*c, i)).collect()
    };
    let mut cpc = classifications("PatentClassificationBag/CPCClassificationBag/MainCPC/CPCClassification");
    cpc.extend(classifications("PatentClassificationBag/CPCClassificationBag/FurtherCPC/CPCClassification"));
    for (i, c) in cpc.iter_mut().enumerate() {
        c.seq = seq_of(i);
    }
    let claims = claims(root.child("Claims"));
    let row = PatentPublication {
        office: id.text_at("IPOfficeCode").unwrap_or_default(),
        pub_number_raw: number,
        kind_raw: id.text_at("PatentDocumentKindCode"),
        pub_date: id.text_at("PublicationDate"),
        appl_number_raw: application.and_then(|a| a.text_at("ApplicationNumber/ApplicationNumberText")),
        appl_type_raw: application.and_then(|a| a.text_at("InventionSubjectMatterCategory")),
        filing_date: application.and_then(|a| a.text_at("FilingDate")),
        titles: b
            .find_all("InventionTitleBag/InventionTitle")
            .iter()
            .filter_map(|t| {
                Some(LangText {
                    lang: t.attr("languageCode").map(str::to_owned).or(lang.clone()),
                    text: t.text_value()?,
                })
            })
            .collect(),
        abstracts: root
            .children_named("Abstract")
            .filter_map(|a| {
                let text = st36::text_blocks(Some(a), &["P"])?;
                Some(LangText { lang: a.attr("languageCode").map(str::to_owned).or(lang.clone()), text })
            })
            .collect(),
        applicants: parties("ApplicantBag", "Applicant"),
        inventors: parties("InventorBag", "Inventor"),
        assignees: parties("AssigneeBag", "Assignee"),
        agents: parties("RegisteredPractitionerBag", "RegisteredPractitioner"),
        examiners,
        ipc: classifications("PatentClassificationBag/IPCRClassificationBag/IPCRClassification"),
        cpc,
        priorities: b
            .find_all("PriorityClaimBag/PriorityClaim")
            .iter()
            .enumerate()
            .map(|(i, p)| priority(*p, i))
            .collect(),
        related: b.child("RelatedDocumentBag").map(related).unwrap_or_default(),
        citations: b
            .find_all("ReferenceCitationBag/ReferenceCitation")
            .iter()
            .enumerate()
            .map(|(i, c)| citation(*c, i))
            .collect(),
        claims_count: b.text_at("ClaimTotalQuantity").and_then(|n| n.parse().ok()),
        ..PatentPublication::default()
    };
    let description = st36::text_blocks(root.child("Description"), &["P", "Heading"]);
    Ok(st36::appended(row, lang, claims, description))
}

/// The name in a party's `PublicationContact` (or `Name` directly, for examiners): an entity
/// name, or a person as `Last, First`.
fn party(n: Node<'_>, i: usize) -> Option<Party> {
    let name = n.find("PublicationContact/Name").or_else(|| n.child("Name"))?;
    let person = name.find("PersonName/PersonStructuredName");
    let (name_raw, party_type) = match (name.text_at("EntityName"), person) {
        (Some(entity), _) => (entity, "organization"),
        (None, Some(p)) => match (p.text_at("LastName"), p.text_at("FirstName")) {
            (Some(last), Some(first)) => (format!("{last}, {first}"), "person"),
            (last, first) => (last.or(first)?, "person"),
        },
        (None, None) => (name.text_at("PersonName/PersonFullName")?, "person"),
    };
    let address = n.find("PublicationContact/PostalAddressBag/PostalAddress/PostalStructuredAddress");
    let at = |p: &str| address.and_then(|a| a.text_at(p));
    Some(Party {
        seq: n.attr("sequenceNumber").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
        name: name_raw.clone(),
        name_raw,
        party_type: Some(party_type.to_owned()),
        country: at("CountryCode").or_else(|| n.text_at("ResidenceCountryCode")),
        city: at("CityName"),
        state: at("GeographicRegionName"),
        postcode: at("PostalCode"),
        role: n.text_at("ApplicantCategory").or_else(|| n.text_at("RegisteredPractitionerCategory")).map(|c| {
            match n.text_at("DesignationCategory") {
                Some(d) => format!("{c} ({d})"),
                None => c,
            }
        }),
        ..Party::default()
    })
}

/// An IPCR or CPC classification given as parts (section, class, subclass, groups).
fn classification(c: Node<'_>, i: usize) -> Option<Classification> {
    let section = c.text_at("Section").or_else(|| c.text_at("CPCSection"))?;
    let raw = format!(
        "{section}{}{} {}/{}",
        c.text_at("Class")?,
        c.text_at("Subclass")?,
        c.text_at("MainGroup")?,
        c.text_at("Subgroup")?
    );
    Some(Classification {
        seq: c.attr("sequenceNumber").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
        raw,
        version: c.text_at("ClassificationVersionDate"),
        level: c.text_at("PatentClassificationLevelCode"),
        position: c.text_at("SymbolPositionCode"),
        value: c.text_at("IPCClassificationValueCode").or_else(|| c.text_at("CPCClassificationValueCode")),
        source: c.text_at("PatentClassificationDataSourceCode"),
        office: c.text_at("GeneratingOfficeCode"),
        ..Classification::default()
    })
}

fn priority(p: Node<'_>, i: usize) -> Priority {
    Priority {
        seq: p.attr("sequenceNumber").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
        office: p.text_at("IPOfficeCode"),
        number_raw: p.text_at("ApplicationNumber/ApplicationNumberText"),
        date: p.text_at("FilingDate"),
        kind: p.text_at("ApplicationFilingCategory").map(|k| k.to_ascii_lowercase()),
        ..Priority::default()
    }
}

/// Related documents: each child of the bag names a relation (`Division`, `Continuation` …)
/// with parent and child documents identified by application (or publication).
fn related(bag: Node<'_>) -> Vec<RelatedDocument> {
    let mut out = Vec::new();
    for relation in bag.children() {
        let name = relation.name().to_ascii_lowercase();
        for (member, role) in [("ParentDocument", "parent"), ("ChildDocument", "child")] {
            for d in relation.children_named(member) {
                let ids = d.find("PatentDocumentIdentification/ApplicationIdentification");
                out.push(RelatedDocument {
                    relation: name.clone(),
                    role: Some(role.to_owned()),
                    office: ids.and_then(|a| a.text_at("IPOfficeCode")),
                    number: ids.and_then(|a| a.text_at("ApplicationNumber/ApplicationNumberText")),
                    kind: None,
                    date: ids.and_then(|a| a.text_at("FilingDate")),
                });
                if let Some(pct) = d.find("PCTDocumentParent/ApplicationIdentification") {
                    out.push(RelatedDocument {
                        relation: "pct-parent".into(),
                        role: Some("parent".into()),
                        office: pct.text_at("IPOfficeCode"),
                        number: pct.text_at("ApplicationNumber/ApplicationNumberText"),
                        kind: None,
                        date: pct.text_at("FilingDate"),
                    });
                }
            }
        }
    }
    out
}

/// A patent or non-patent citation; month-precision dates (`2000-04`) get day 01.
fn citation(c: Node<'_>, i: usize) -> Citation {
    let cited_by = c.attr("citingPartyCategory").map(str::to_ascii_lowercase);
    if let Some(id) = c.find("PatentCitation/CitedPatentDocumentIdentification") {
        let date = id.text_at("PatentDocumentDate").map(|d| if d.len() == 7 { format!("{d}-01") } else { d });
        return Citation {
            seq: seq_of(i),
            office: id.text_at("IPOfficeCode"),
            number: id.text_at("DocumentNumber"),
            kind: id.text_at("PatentDocumentKindCode"),
            date,
            name: id.text_at("EntityName"),
            cited_by,
            ..Citation::default()
        };
    }
    Citation { seq: seq_of(i), npl_text: c.text_at("NPLCitation/NPLCitationText"), cited_by, ..Citation::default() }
}

/// Claims in order: each `Claim`'s number and the text of its `ClaimText`s.
fn claims(container: Option<Node<'_>>) -> Vec<ipdc_schemas::Claim> {
    let Some(container) = container else { return Vec::new() };
    container
        .children_named("Claim")
        .enumerate()
        .filter_map(|(i, c)| {
            let text: Vec<String> = c.children_named("ClaimText").filter_map(|t| t.text_value()).collect();
            let num = c.text_at("ClaimNumber").and_then(|n| n.parse().ok()).unwrap_or(seq_of(i));
            (!text.is_empty()).then(|| ipdc_schemas::Claim { num, text: text.join(" ") })
        })
        .collect()
}
