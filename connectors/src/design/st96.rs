//! WIPO ST.96 `DesignApplication` (V6_0): every `Design` of the application's `DesignBag` is one
//! `design_registration` record, with the application's number, date, office, language and
//! applicants. Not carried by v1: the design claim and descriptions of the views, view types and
//! sizes, national design classes, cited documents, staff and the application's event history.

use ipdc_schemas::normalize::geographical_indication::lang_text;
use ipdc_schemas::{DesignRegistration, Locarno, Party, Priority};

use crate::Change;
use crate::st36::seq_of;
use crate::wipo::contact_name;
use crate::xml::{DocError, Node, XmlDoc};

/// The application's designs.
///
/// # Errors
/// An application without a `Design`.
pub fn parse(doc: &XmlDoc) -> Result<Vec<(DesignRegistration, Change)>, DocError> {
    let root = doc.root();
    let designs = root.find_all("DesignBag/Design");
    if designs.is_empty() {
        return Err(DocError { offset: 0, rule: "design.no_design", reason: "no DesignBag/Design element".into() });
    }
    let shared_applicants = parties(root.find_all("ApplicantBag/Applicant"), None);
    Ok(designs
        .into_iter()
        .map(|d| {
            let own = parties(d.find_all("ApplicantBag/Applicant"), None);
            let design = DesignRegistration {
                office: root.text_at("RegistrationOfficeCode").unwrap_or_default(),
                design_number: d.text_at("DesignIdentifier").unwrap_or_default(),
                appl_number: root.text_at("ApplicationNumber/ApplicationNumberText"),
                reg_number: d.text_at("RegistrationNumber"),
                filing_date: root.text_at("ApplicationDate"),
                registration_date: d.text_at("RegistrationDate"),
                publication_date: d.text_at("PublicationBag/Publication/PublicationDate"),
                expiry_date: d.text_at("ExpiryDate"),
                products: d
                    .children_named("DesignTitleText")
                    .filter_map(|t| Some(lang_text(t.attr("languageCode"), t.text_value()?)))
                    .collect(),
                locarno: d
                    .find_all("DesignClassificationBag/LocarnoClassificationBag")
                    .iter()
                    .flat_map(|bag| {
                        let edition = bag.text_at("LocarnoClassificationEdition");
                        bag.children_named("LocarnoClassificationText")
                            .filter_map(|t| t.text_value())
                            .map(move |raw| Locarno { raw, edition: edition.clone(), ..Locarno::default() })
                            .collect::<Vec<_>>()
                    })
                    .collect(),
                views: d
                    .find_all("DesignRepresentationBag/DesignRepresentation/ViewBag/View")
                    .iter()
                    .filter_map(|v| v.text_at("FileName"))
                    .collect(),
                owners: if own.is_empty() { shared_applicants.clone() } else { own },
                designers: parties(d.find_all("DesignerBag/Designer"), None),
                representatives: parties(
                    d.find_all("RepresentativeBag/Representative"),
                    Some("RepresentativeCategory"),
                ),
                priorities: d
                    .find_all("PriorityBag/Priority")
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Priority {
                        seq: seq_of(i),
                        office: p.text_at("PriorityCountryCode"),
                        number_raw: p.text_at("ApplicationNumber/ApplicationNumberText"),
                        date: p.text_at("PriorityApplicationFilingDate"),
                        ..Priority::default()
                    })
                    .collect(),
                filing_language: root.text_at("DesignApplicationLanguageCode"),
                status_raw: d.text_at("DesignCurrentStatusCategory"),
                status_date: d.text_at("DesignCurrentStatusDate"),
                ..DesignRegistration::default()
            };
            (design, Change::Upsert)
        })
        .collect())
}

/// Named parties, with the role read from `role_element` when given.
fn parties(nodes: Vec<Node<'_>>, role_element: Option<&str>) -> Vec<Party> {
    nodes
        .into_iter()
        .filter_map(|n| {
            let name = contact_name(n)?;
            Some(Party {
                name: name.clone(),
                name_raw: name,
                party_type: n.find("Contact/Name/PersonName").map(|_| "person".to_owned()),
                role: role_element.and_then(|r| n.text_at(r)),
                ..Party::default()
            })
        })
        .collect()
}
