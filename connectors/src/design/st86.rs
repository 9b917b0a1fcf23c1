//! WIPO ST.86 design `Transaction`s (`st86model-V1-0`, the form of the DPMA register's design
//! extracts, with its `de:DE_ST86Extension`): every `Design` of every `DesignApplication` is one
//! `design_registration` record. The application's office, number, date and applicants apply
//! to each of its designs (a design's own applicants win). From the DPMA extension the design's
//! status is read; its register history, fees, deposit type and deferment are not held by v1
//! (the landed file keeps them).

use ipdc_schemas::normalize::geographical_indication::lang_text;
use ipdc_schemas::{DesignRegistration, Locarno, Party};

use crate::Change;
use crate::trademark::priorities;
use crate::trademark::st66::{AddressForm, address_book};
use crate::xml::{DocError, Node, XmlDoc};

/// The transaction's designs.
///
/// # Errors
/// A transaction without a `DesignApplication/DesignDetails/Design`.
pub fn parse(doc: &XmlDoc) -> Result<Vec<(DesignRegistration, Change)>, DocError> {
    let form = AddressForm::of(doc);
    let applications = doc.root().descendants("DesignApplication");
    let mut out = Vec::new();
    for app in &applications {
        let shared_owners = parties(*app, "ApplicantDetails/Applicant", "ApplicantAddressBook", form);
        for d in app.find_all("DesignDetails/Design") {
            let mut design = design(*app, d, form);
            if design.owners.is_empty() {
                design.owners.clone_from(&shared_owners);
            }
            out.push((design, Change::Upsert));
        }
    }
    if out.is_empty() {
        return Err(DocError {
            offset: 0,
            rule: "design.no_design",
            reason: "no DesignApplication/DesignDetails/Design element".into(),
        });
    }
    Ok(out)
}

fn design(app: Node<'_>, d: Node<'_>, form: AddressForm) -> DesignRegistration {
    let products = d.find_all("IndicationProductDetails/IndicationProduct");
    DesignRegistration {
        office: d
            .text_at("RegistrationOfficeCode")
            .or_else(|| app.text_at("RegistrationOfficeCode"))
            .unwrap_or_default(),
        design_number: d.text_at("DesignIdentifier").unwrap_or_default(),
        appl_number: app.text_at("DesignApplicationNumber"),
        reg_number: d.text_at("RegistrationNumber"),
        filing_date: app.text_at("DesignApplicationDate"),
        registration_date: d.text_at("RegistrationDate"),
        publication_date: d.text_at("PublicationDetails/Publication/PublicationDate"),
        expiry_date: d.text_at("ExpiryDate"),
        products: d
            .children_named("DesignTitle")
            .chain(
                products.iter().flat_map(|p| p.find_all("ClassDescriptionDetails/ClassDescription/ProductDescription")),
            )
            .filter_map(|t| Some(lang_text(t.attr("languageCode"), t.text_value()?)))
            .fold(Vec::new(), |mut all, t| {
                // The title often repeats the product indication word for word.
                if !all.contains(&t) {
                    all.push(t);
                }
                all
            }),
        locarno: products
            .iter()
            .filter(|p| p.text_at("ClassificationKindCode").is_none_or(|k| k.eq_ignore_ascii_case("Locarno")))
            .flat_map(|p| {
                let edition = p.text_at("ClassificationVersion");
                p.find_all("ClassDescriptionDetails/ClassDescription/ClassNumber")
                    .iter()
                    .filter_map(|c| c.text_value())
                    .map(|raw| Locarno { raw, edition: edition.clone(), ..Locarno::default() })
                    .collect::<Vec<_>>()
            })
            .collect(),
        views: d
            .find_all("DesignRepresentationSheetDetails/DesignRepresentationSheet/ViewDetails/View")
            .iter()
            .filter_map(|v| v.text_at("ViewFilename").or_else(|| v.text_at("ViewURI")))
            .collect(),
        owners: parties(d, "ApplicantDetails/Applicant", "ApplicantAddressBook", form),
        designers: parties(d, "DesignerDetails/Designer", "DesignerAddressBook", form),
        representatives: parties(d, "RepresentativeDetails/Representative", "RepresentativeAddressBook", form),
        priorities: priorities(d, "PriorityDetails/Priority"),
        filing_language: app.text_at("ApplicationLanguageCode"),
        status_raw: d.text_at("DesignCurrentStatusCode").or_else(|| d.text_at("DE_ST86Extension/DesignStatus")),
        status_date: d.text_at("DesignCurrentStatusDate"),
        ..DesignRegistration::default()
    }
}

/// The parties at `path` below `n` that name someone, each from its address book.
fn parties(n: Node<'_>, path: &str, book: &str, form: AddressForm) -> Vec<Party> {
    n.find_all(path)
        .into_iter()
        .map(|p| address_book(p.child(book), form))
        .filter(|p| !p.name_raw.is_empty())
        .enumerate()
        .map(|(i, p)| Party { seq: i as i32 + 1, ..p })
        .collect()
}
