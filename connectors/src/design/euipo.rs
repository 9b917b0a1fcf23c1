//! EUIPO open data `EM-DS-Design-V2-x` `Transaction`s: every `Design` element is one record
//! (a multiple application is one design per file). Applicants and representatives are EUIPO
//! identifiers; their names are in separate files. `operationCode="Delete"` removes the design.

use ipdc_schemas::normalize::geographical_indication::lang_text;
use ipdc_schemas::{DesignRegistration, Locarno, Party};

use crate::Change;
use crate::trademark::priorities;
use crate::xml::{DocError, Node, XmlDoc};

/// The document's designs.
///
/// # Errors
/// A transaction without a `Design` element.
pub fn parse(doc: &XmlDoc) -> Result<Vec<(DesignRegistration, Change)>, DocError> {
    let designs = doc.root().descendants("Design");
    if designs.is_empty() {
        return Err(DocError { offset: 0, rule: "design.no_design", reason: "no <Design> element".into() });
    }
    Ok(designs
        .into_iter()
        .map(|d| {
            let change = if d.attr("operationCode") == Some("Delete") { Change::Delete } else { Change::Upsert };
            (design(d), change)
        })
        .collect())
}

fn design(d: Node<'_>) -> DesignRegistration {
    let text = |path: &str| d.text_at(path);
    let keyed = |path: &str, id: &str, role: &str| -> Vec<Party> {
        d.find_all(path)
            .into_iter()
            .filter_map(|p| {
                Some(Party { org_code: Some(p.text_at(id)?), role: Some(role.to_owned()), ..Party::default() })
            })
            .collect()
    };
    DesignRegistration {
        office: text("RegistrationOfficeCode").unwrap_or_default(),
        design_number: text("DesignIdentifier").unwrap_or_default(),
        appl_number: text("ApplicationNumber"),
        reg_number: text("RegistrationNumber"),
        filing_date: text("ApplicationDate"),
        registration_date: text("RegistrationDate"),
        publication_date: text("PublicationDate"),
        expiry_date: text("ExpiryDate"),
        publication_deferred: text("PublicationDefermentIndicator").map(|v| v == "true"),
        products: d
            .find_all("IndicationProductDetails/IndicationProduct")
            .iter()
            .filter_map(|p| Some(lang_text(p.attr("languageCode"), p.text_value()?)))
            .collect(),
        locarno: d
            .find_all("ClassDescriptionDetails/ClassDescription/ClassNumber")
            .iter()
            .filter_map(|c| c.text_value())
            .map(|raw| Locarno { raw, ..Locarno::default() })
            .collect(),
        views: d
            .find_all("DesignRepresentationSheetDetails/DesignRepresentationSheet/ViewDetails/View/ViewURI")
            .iter()
            .filter_map(|v| v.text_value())
            .collect(),
        owners: keyed("ApplicantDetails/Applicant", "ApplicantIdentifier", "EUIPO applicant identifier"),
        designers: d
            .find_all("DesignerDetails/Designer")
            .into_iter()
            .filter_map(|p| {
                let name = p.text_at("DesignerName").or_else(|| p.text_value())?;
                Some(Party {
                    name: name.clone(),
                    name_raw: name,
                    party_type: Some("person".into()),
                    ..Party::default()
                })
            })
            .collect(),
        representatives: keyed(
            "RepresentativeDetails/Representative",
            "RepresentativeIdentifier",
            "EUIPO representative identifier",
        ),
        priorities: priorities(d, "PriorityDetails/Priority"),
        filing_language: text("ApplicationLanguageCode"),
        second_language: text("SecondLanguageCode"),
        status_raw: text("DesignCurrentStatusCode"),
        status_date: text("DesignCurrentStatusDate"),
        ..DesignRegistration::default()
    }
}
