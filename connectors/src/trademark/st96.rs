//! WIPO ST.96 trademark documents (`TrademarkApplication`, `TrademarkTransaction` …): every
//! `Trademark` element is one record. V6_0 states its version in `com:st96Version`; the USPTO
//! TSDR form (ST.96 2.2.1) states none and carries USPTO extension elements, ignored here; the
//! pre-release "D3" form (`Trademark/1` namespaces, root `Transaction`) has the same elements.

use ipdc_schemas::{Party, Trademark};

use super::{add_bare_classes, descendant_text, first_text, goods, priorities};
use crate::Change;
use crate::xml::{DocError, Node, XmlDoc};

/// The document's trademarks.
///
/// # Errors
/// A document without a `Trademark` element.
pub fn parse(doc: &XmlDoc) -> Result<Vec<(Trademark, Change)>, DocError> {
    let marks = doc.root().descendants("Trademark");
    if marks.is_empty() {
        return Err(DocError { offset: 0, rule: "tm.no_trademark", reason: "no <Trademark> element".into() });
    }
    Ok(marks.into_iter().map(|m| (mark(m), Change::Upsert)).collect())
}

fn mark(m: Node<'_>) -> Trademark {
    let text = |path: &str| m.text_at(path);
    let representation = m.child("MarkRepresentation");
    let in_repr = |name: &str| representation.and_then(|r| descendant_text(r, name));
    let mut goods_services = Vec::new();
    let mut nice = Vec::new();
    let mut national_classes = Vec::new();
    for g in m.find_all("GoodsServicesBag/GoodsServices") {
        for c in g.find_all("GoodsServicesClassificationBag/GoodsServicesClassification") {
            match (
                c.text_at("ClassificationKindCode").as_deref(),
                c.text_at("ClassNumber"),
                c.text_at("NationalClassNumber"),
            ) {
                (Some("Nice"), Some(n), _) => nice.push(n),
                (_, _, Some(n)) => national_classes.push(n),
                _ => {}
            }
        }
        for d in g.find_all("ClassDescriptionBag/ClassDescription") {
            let class = d.text_at("ClassNumber");
            for t in d.children_named("GoodsServicesDescriptionText") {
                let lang = t.attr("languageCode").or_else(|| d.attr("languageCode")).map(str::to_owned);
                goods_services.push(goods(class.clone(), lang, t.text_value().unwrap_or_default()));
            }
        }
    }
    add_bare_classes(&mut goods_services, nice);
    let vienna_codes = m
        .descendants("ViennaClassification")
        .into_iter()
        .filter_map(|v| {
            let part = |n: &str| v.text_at(n);
            Some(match (part("ViennaCategory")?, part("ViennaDivision"), part("ViennaSection")) {
                (c, Some(d), Some(s)) => format!("{c}.{d}.{s}"),
                (c, Some(d), None) => format!("{c}.{d}"),
                (c, None, _) => c,
            })
        })
        .chain(m.descendants("NationalDesignCode").into_iter().filter_map(|n| n.text_value()))
        .collect();
    let owners = m.find_all("ApplicantBag/Applicant").into_iter().filter_map(party).collect();
    let representatives =
        ["RepresentativeBag/Representative", "RecordAttorney", "NationalRepresentative", "NationalCorrespondent"]
            .iter()
            .flat_map(|path| {
                let role = path.rsplit('/').next().unwrap_or(path);
                m.find_all(path).into_iter().filter_map(move |r| {
                    party(r).map(|p| Party { role: p.role.or_else(|| Some(role.to_owned())), ..p })
                })
            })
            .collect();
    let priorities = priorities(m, "PriorityBag/Priority");
    let publication = m.find("PublicationBag/Publication");
    Trademark {
        office: text("RegistrationOfficeCode").unwrap_or_default(),
        appl_number: first_text(m, &["ApplicationNumber/ApplicationNumberText", "ApplicationNumber"])
            .unwrap_or_default(),
        reg_number: text("RegistrationNumber"),
        filing_date: text("ApplicationDate"),
        registration_date: text("RegistrationDate"),
        expiry_date: text("ExpiryDate"),
        publication_date: publication.and_then(|p| p.text_at("PublicationDate")),
        mark_text: in_repr("MarkVerbalElementText"),
        mark_feature_raw: in_repr("MarkFeatureCategory").or_else(|| in_repr("MarkFeatureCode")),
        mark_kind_raw: text("MarkCategory"),
        mark_description: representation.and_then(|r| r.text_at("MarkDescriptionBag/MarkDescriptionText")),
        colour_claimed: in_repr("MarkImageColourClaimedText"),
        disclaimer: descendant_text(m, "MarkDisclaimerText"),
        goods_services,
        national_classes,
        vienna_codes,
        owners,
        representatives,
        priorities,
        status_raw: text("MarkCurrentStatusCode"),
        status_text: descendant_text(m, "MarkCurrentStatusExternalDescriptionText"),
        status_date: text("MarkCurrentStatusDate"),
        ..Trademark::default()
    }
}

/// An ST.96 party (`Applicant`, `Representative` …): its contact's name and address; `None`
/// when it names no one (USPTO writes empty representative shells).
fn party(p: Node<'_>) -> Option<Party> {
    let contact = p.child("Contact")?;
    let name = first_text(
        contact,
        &["Name/EntityName", "Name/OrganizationName/OrganizationStandardName", "Name/PersonName/PersonFullName"],
    )
    .or_else(|| contact.find("Name/PersonName").and_then(|n| n.text_value()))?;
    let address = contact.find("PostalAddressBag/PostalAddress/PostalStructuredAddress");
    let at = |n: &str| address.and_then(|a| a.text_at(n));
    let lines: Vec<String> = address
        .map(|a| a.children_named("AddressLineText").filter_map(|l| l.text_value()).collect())
        .unwrap_or_default();
    Some(Party {
        name: name.clone(),
        name_raw: name,
        party_type: p.text_at("LegalEntityName").map(|e| legal_entity_type(&e).to_owned()),
        country: p.text_at("IncorporationCountryCode").or_else(|| at("CountryCode")),
        state: at("GeographicRegionName"),
        city: at("CityName"),
        address: (!lines.is_empty()).then(|| lines.join(", ")),
        postcode: at("PostalCode"),
        role: descendant_text(p, "CommentText"),
        ..Party::default()
    })
}

/// `person` for an individual's legal-entity words, else `organization`.
pub(super) fn legal_entity_type(words: &str) -> &'static str {
    if words.to_ascii_lowercase().contains("individual") { "person" } else { "organization" }
}
