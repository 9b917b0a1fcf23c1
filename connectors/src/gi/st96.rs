//! WIPO ST.96 `GIApplication` (V6_0): `GIData` (number, date, names and translations, products
//! with their Nice classes, description, region, category, publication), the applicants and the
//! authorised users, as one `geographical_indication` record.

use ipdc_schemas::normalize::geographical_indication::lang_text;
use ipdc_schemas::normalize::trademark::nice_class;
use ipdc_schemas::{AuthorizedUser, GeographicalIndication, LangText, Party};

use crate::wipo::contact_name;
use crate::xml::{DocError, XmlDoc};

/// The document's GI.
///
/// # Errors
/// A document without `GIData`.
pub fn parse(doc: &XmlDoc) -> Result<GeographicalIndication, DocError> {
    let root = doc.root();
    let Some(data) = root.child("GIData") else {
        return Err(DocError { offset: 0, rule: "gi.no_data", reason: "no <GIData> element".into() });
    };
    let doc_lang = data.attr("languageCode");
    let texts = |path: &str| -> Vec<LangText> {
        data.find_all(path)
            .iter()
            .filter_map(|t| Some(lang_text(t.attr("languageCode").or(doc_lang), t.text_value()?)))
            .collect()
    };
    let publication = data.find("GIPublicationBag/GIPublication");
    let applicants = root
        .find_all("ApplicantBag/Applicant")
        .into_iter()
        .filter_map(|a| {
            let name = contact_name(a)?;
            Some(Party { name: name.clone(), name_raw: name, ..Party::default() })
        })
        .collect();
    let authorized_users = root
        .children_named("AuthorizedUser")
        .filter_map(|u| {
            Some(AuthorizedUser {
                name: contact_name(u)?,
                category: u.text_at("AuthorizedUserCategory"),
                ..AuthorizedUser::default()
            })
        })
        .collect();
    Ok(GeographicalIndication {
        office: data.attr("officeCode").map(str::to_owned).unwrap_or_default(),
        appl_number: data.text_at("ApplicationNumber/ApplicationNumberText").unwrap_or_default(),
        filing_date: data.text_at("ApplicationDate"),
        gi_system_raw: data.text_at("GICategory"),
        names: texts("GINameBag/GINameText"),
        name_translations: texts("GINameBag/GINameTranslationText"),
        descriptions: texts("FeatureDescriptionBag/FeatureDescription/FeatureDescriptionText"),
        region_texts: texts(
            "GeographicRegionDescriptionBag/GeographicRegionDescription/GeographicRegionDescriptionText",
        ),
        nice_classes: data
            .descendants("ClassNumber")
            .iter()
            .filter_map(|c| c.text_value())
            .filter_map(|c| nice_class(&c))
            .collect(),
        applicants,
        publication_number: publication.and_then(|p| p.text_at("PublicationIdentifier")),
        publication_date: publication.and_then(|p| p.text_at("PublicationDate")),
        authorized_users,
        ..GeographicalIndication::default()
    })
}
