//! WIPO ST.66 trademark `Transaction`s — the USPTO TSDR form (with `ns2:` USPTO extensions) and
//! the EUIPO `EM-TM-TradeMark` V3 files built on ST.66 (23 languages, applicants and
//! representatives by identifier): every `TradeMark` element is one record. EUIPO's
//! `operationCode="Delete"` removes the mark; any other operation replaces it.

use ipdc_schemas::{Party, Trademark};

use super::st96::legal_entity_type;
use super::{add_bare_classes, first_text, goods, priorities};
use crate::Change;
use crate::xml::{DocError, Node, XmlDoc};

/// The document's trademarks.
///
/// # Errors
/// A transaction without a `TradeMark` element.
pub fn parse(doc: &XmlDoc) -> Result<Vec<(Trademark, Change)>, DocError> {
    let marks = doc.root().descendants("TradeMark");
    if marks.is_empty() {
        return Err(DocError { offset: 0, rule: "tm.no_trademark", reason: "no <TradeMark> element".into() });
    }
    let form = AddressForm::of(doc);
    // USPTO puts the applicants beside `TradeMarkDetails`, for the transaction's one mark.
    let shared = if marks.len() == 1 {
        doc.root()
            .descendants("TransactionData")
            .iter()
            .flat_map(|d| d.find_all("ApplicantDetails/Applicant"))
            .collect()
    } else {
        Vec::new()
    };
    Ok(marks
        .into_iter()
        .map(|m| {
            let change = if m.attr("operationCode") == Some("Delete") { Change::Delete } else { Change::Upsert };
            let mut t = mark(m, form);
            if t.owners.is_empty() {
                t.owners = shared.iter().map(|a| applicant(*a, form)).collect();
            }
            (t, change)
        })
        .collect())
}

fn mark(m: Node<'_>, form: AddressForm) -> Trademark {
    let text = |path: &str| m.text_at(path);
    let mut goods_services = Vec::new();
    let mut national_classes = Vec::new();
    let mut nice_edition = None;
    for g in m.find_all("GoodsServicesDetails/GoodsServices") {
        nice_edition = nice_edition.or_else(|| g.text_at("ClassificationVersion"));
        for d in g.find_all("ClassDescriptionDetails/ClassDescription") {
            let class = d.text_at("ClassNumber");
            let texts: Vec<_> = d.children_named("GoodsServicesDescription").collect();
            for t in &texts {
                let lang = t.attr("languageCode").map(str::to_owned);
                goods_services.push(goods(class.clone(), lang, t.text_value().unwrap_or_default()));
            }
            if texts.is_empty() {
                add_bare_classes(&mut goods_services, class.clone());
            }
            national_classes
                .extend(d.find_all("ClassDescriptionExt/DomesticClassNumbers").iter().filter_map(|n| n.text_value()));
        }
    }
    let vienna_codes = m
        .find_all("MarkImageDetails/MarkImage")
        .iter()
        .flat_map(|i| i.find_all("MarkImageCategory/CategoryCodeDetails/CategoryCode"))
        .filter_map(|c| c.text_value())
        .collect();
    let publications = m.find_all("PublicationDetails/Publication");
    // EUIPO: section A publishes the application, section B the registration.
    let gazette = |section: char| {
        publications
            .iter()
            .find(|p| p.text_at("PublicationSection").is_some_and(|s| s.starts_with(section)))
            .and_then(|p| p.text_at("PublicationIdentifier"))
            .filter(|id| id.bytes().any(|b| b.is_ascii_digit()))
    };
    let owners = m.find_all("ApplicantDetails/Applicant").into_iter().map(|a| applicant(a, form)).chain(
        m.find_all("ApplicantDetails/ApplicantKey").into_iter().filter_map(|k| keyed(k, "EUIPO applicant identifier")),
    );
    let representatives = m
        .find_all("RepresentativeDetails/Representative")
        .into_iter()
        .filter_map(|r| representative(r, form))
        .chain(
            m.find_all("RepresentativeDetails/RepresentativeKey")
                .into_iter()
                .filter_map(|k| keyed(k, "EUIPO representative identifier")),
        )
        .collect();
    let priorities = priorities(m, "PriorityDetails/Priority");
    let status = m.child("MarkCurrentStatusCode");
    Trademark {
        office: text("RegistrationOfficeCode").unwrap_or_default(),
        appl_number: text("ApplicationNumber").unwrap_or_default(),
        reg_number: text("RegistrationNumber"),
        filing_date: text("ApplicationDate"),
        registration_date: text("RegistrationDate"),
        expiry_date: text("ExpiryDate"),
        publication_date: publications.first().and_then(|p| p.text_at("PublicationDate")),
        publication_number: gazette('A'),
        reg_publication_number: gazette('B'),
        mark_text: text("WordMarkSpecification/MarkVerbalElementText"),
        mark_feature_raw: text("MarkFeature"),
        mark_kind_raw: text("KindMark"),
        mark_description: text("MarkDescriptionDetails/MarkDescription"),
        colour_claimed: first_text(m, &["MarkImageDetails/MarkImage/MarkImageColourClaimedText"]),
        disclaimer: text("MarkDisclaimerDetails/MarkDisclaimer"),
        nice_edition,
        goods_services,
        national_classes,
        vienna_codes,
        owners: owners.collect(),
        representatives,
        priorities,
        filing_language: text("ApplicationLanguageCode"),
        second_language: text("SecondLanguageCode"),
        status_raw: status.and_then(|s| s.text_value()),
        status_text: status.and_then(|s| s.attr("milestone")).map(|m| format!("EUIPO milestone {m}")),
        status_date: text("MarkCurrentStatusDate"),
        ..Trademark::default()
    }
}

/// A party given only by the office's identifier (EUIPO keeps names in separate files).
fn keyed(key: Node<'_>, role: &str) -> Option<Party> {
    let id = key.text_at("Identifier")?;
    Some(Party { org_code: Some(id), role: Some(role.to_owned()), ..Party::default() })
}

fn applicant(a: Node<'_>, form: AddressForm) -> Party {
    let mut p = address_book(a.child("ApplicantAddressBook"), form);
    p.country = a.text_at("ApplicantIncorporationCountryCode").or(p.country);
    p.party_type = a.text_at("ApplicantLegalEntity").map(|e| legal_entity_type(&e).to_owned());
    p.role = a.text_at("ApplicantExt/PartyTypeDescriptionText");
    p
}

/// A representative that names someone (USPTO writes empty domestic-representative shells).
fn representative(r: Node<'_>, form: AddressForm) -> Option<Party> {
    let mut p = address_book(r.child("RepresentativeAddressBook"), form);
    if p.name_raw.is_empty() {
        return None;
    }
    p.role = r.text_at("Comment");
    Some(p)
}

/// How an office fills the ST.66 / ST.86 `FormattedAddress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressForm {
    /// As the standard says: the country in `FormattedAddressCountryCode`, the state in
    /// `AddressState`.
    Standard,
    /// The DPMA register: with no `FormattedAddressCountryCode`, the country's ST.3 code is in
    /// `AddressCounty` (trademarks) or `AddressState` (designs, whose `AddressCounty` then holds
    /// the state, e.g. `N.C.`).
    Dpma,
}

impl AddressForm {
    /// The form of `doc`'s addresses: DPMA's when it declares a DPMA register extension.
    pub(crate) fn of(doc: &XmlDoc) -> Self {
        if doc.root_namespaces.iter().any(|n| n.starts_with("http://register.dpma.de/")) {
            AddressForm::Dpma
        } else {
            AddressForm::Standard
        }
    }
}

/// Name and address of an ST.66 / ST.86 address book: free-format name lines joined (the
/// first is the name, later lines a firm), or the formatted name parts.
pub(crate) fn address_book(book: Option<Node<'_>>, form: AddressForm) -> Party {
    let Some(fna) = book.and_then(|b| b.child("FormattedNameAddress")) else { return Party::default() };
    let lines: Vec<String> = fna
        .find_all("Name/FreeFormatName/FreeFormatNameDetails/FreeFormatNameLine")
        .iter()
        .filter_map(|l| l.text_value())
        .collect();
    let name = if lines.is_empty() {
        let formatted = fna.find("Name/FormattedName");
        let part = |n: &str| formatted.and_then(|f| f.text_at(n));
        part("OrganizationName").or_else(|| match (part("LastName"), part("FirstName")) {
            (Some(l), Some(f)) => Some(format!("{l}, {f}")),
            (l, f) => l.or(f),
        })
    } else {
        Some(lines.join(", "))
    }
    .unwrap_or_default();
    let address = fna.find("Address/FormattedAddress");
    let at = |n: &str| address.and_then(|a| a.text_at(n));
    let street: Vec<String> =
        ["AddressRoom", "AddressBuilding", "AddressStreet"].iter().filter_map(|n| at(n)).collect();
    let (mut country, mut state) = (at("FormattedAddressCountryCode"), at("AddressState"));
    if form == AddressForm::Dpma && country.is_none() {
        let st3 =
            |v: &Option<String>| v.as_ref().is_some_and(|v| v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()));
        let county = at("AddressCounty");
        if st3(&state) {
            (country, state) = (state, county);
        } else if st3(&county) {
            country = county;
        }
    }
    Party {
        name: name.clone(),
        name_raw: name,
        country,
        state,
        city: at("AddressCity"),
        address: (!street.is_empty()).then(|| street.join(", ")),
        postcode: at("AddressPostcode"),
        ..Party::default()
    }
}
