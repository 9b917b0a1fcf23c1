//! USPTO trademark daily XML (`trademark-applications-daily` v2.0): each `case-file` is one
//! record, framed on its own from the daily file so memory is bounded by one case file.

use ipdc_schemas::{GoodsServices, Party, Trademark};

use super::{add_bare_classes, goods};
use crate::Change;
use crate::xml::{DocError, Node, XmlDoc};

/// Mark-kind flags of the case-file header, and the words they stand for.
const KIND_FLAGS: &[(&str, &str)] = &[
    ("trademark-in", "trademark"),
    ("service-mark-in", "service mark"),
    ("collective-trademark-in", "collective trademark"),
    ("collective-service-mark-in", "collective service mark"),
    ("collective-membership-mark-in", "collective membership mark"),
    ("certification-mark-in", "certification mark"),
];

/// The case file's trademark.
///
/// # Errors
/// A case file without a serial number.
pub fn parse(doc: &XmlDoc) -> Result<Vec<(Trademark, Change)>, DocError> {
    let case = doc.root();
    let Some(serial) = case.text_at("serial-number") else {
        return Err(DocError {
            offset: 0,
            rule: "tm.appl_number_missing",
            reason: "case-file has no <serial-number>".into(),
        });
    };
    let header = case.child("case-file-header");
    let head = |n: &str| header.and_then(|h| h.text_at(n));
    let flag = |n: &str| head(n).as_deref() == Some("T");
    let kinds: Vec<&str> = KIND_FLAGS.iter().filter(|(f, _)| flag(f)).map(|(_, w)| *w).collect();

    let classifications = case.find_all("classifications/classification");
    // A statement's class is the case's primary class, a US class on marks registered before
    // 1973: its Nice class is the `international-code` of the classification it is primary in.
    let nice_of_primary = |primary: &str| {
        classifications
            .iter()
            .find(|c| c.text_at("primary-code").as_deref() == Some(primary))
            .and_then(|c| c.text_at("international-code"))
    };
    let mut goods_services: Vec<GoodsServices> = Vec::new();
    let (mut description, mut colour) = (None, None);
    for s in case.find_all("case-file-statements/case-file-statement") {
        let (Some(code), Some(text)) = (s.text_at("type-code"), s.text_at("text")) else { continue };
        match code.get(..2) {
            // GS + primary class (3 digits) + sequence: goods and services of that class.
            Some("GS") => {
                let class = code.get(2..5).and_then(nice_of_primary);
                goods_services.push(goods(class, Some("en".into()), text));
            }
            Some("DM") => description = Some(text),
            Some("CC") => colour = Some(text),
            _ => {}
        }
    }
    add_bare_classes(
        &mut goods_services,
        classifications.iter().flat_map(|c| c.children_named("international-code")).filter_map(|n| n.text_value()),
    );
    let mut national_classes: Vec<String> = Vec::new();
    for code in classifications.iter().flat_map(|c| c.children_named("us-code")).filter_map(|n| n.text_value()) {
        if !national_classes.contains(&code) {
            national_classes.push(code);
        }
    }
    // Design search codes are six digits, category / division / section (`260921` → 26.09.21).
    let vienna_codes = case
        .find_all("design-searches/design-search/code")
        .iter()
        .filter_map(|c| c.text_value())
        .map(|c| if c.len() == 6 { format!("{}.{}.{}", &c[..2], &c[2..4], &c[4..]) } else { c })
        .collect();
    let mut representatives: Vec<Party> = Vec::new();
    if let Some(name) = head("attorney-name") {
        representatives.push(Party {
            name: name.clone(),
            name_raw: name,
            role: Some("attorney".into()),
            ..Party::default()
        });
    }
    if let Some(name) = head("domestic-representative-name") {
        representatives.push(Party {
            name: name.clone(),
            name_raw: name,
            role: Some("domestic representative".into()),
            ..Party::default()
        });
    }
    if let Some(c) = case.child("correspondent") {
        let lines: Vec<String> = (1..=5).filter_map(|i| c.text_at(&format!("address-{i}"))).collect();
        if let Some((name, rest)) = lines.split_first() {
            representatives.push(Party {
                name: name.clone(),
                name_raw: name.clone(),
                address: (!rest.is_empty()).then(|| rest.join(", ")),
                role: Some("correspondent".into()),
                ..Party::default()
            });
        }
    }
    let mark = Trademark {
        office: "US".into(),
        appl_number: serial,
        reg_number: case.text_at("registration-number"),
        filing_date: head("filing-date"),
        registration_date: head("registration-date"),
        publication_date: head("published-for-opposition-date"),
        mark_text: head("mark-identification"),
        mark_feature_raw: head("mark-drawing-code"),
        mark_kind_raw: (!kinds.is_empty()).then(|| kinds.join(", ")),
        mark_description: description,
        colour_claimed: colour,
        goods_services,
        national_classes,
        vienna_codes,
        owners: owners(case),
        representatives,
        status_raw: head("status-code"),
        status_date: head("status-date"),
        ..Trademark::default()
    };
    Ok(vec![(mark, Change::Upsert)])
}

/// The case file's owners, each name once; its party types (10 original applicant, 20 owner
/// at publication, 30 original registrant …) joined in `role`.
fn owners(case: Node<'_>) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::new();
    for o in case.find_all("case-file-owners/case-file-owner") {
        let Some(name) = o.text_at("party-name") else { continue };
        let party_type = o.text_at("party-type").map(|t| format!("party type {t}"));
        if let Some(seen) = out.iter_mut().find(|p| p.name_raw == name) {
            if let Some(t) = party_type {
                seen.role = Some(seen.role.take().map_or(t.clone(), |r| format!("{r}, {t}")));
            }
            continue;
        }
        let lines: Vec<String> = (1..=2).filter_map(|i| o.text_at(&format!("address-{i}"))).collect();
        out.push(Party {
            name: name.clone(),
            name_raw: name,
            country: o.text_at("country").or_else(|| o.text_at("nationality/country")),
            state: o.text_at("state"),
            city: o.text_at("city"),
            address: (!lines.is_empty()).then(|| lines.join(", ")),
            postcode: o.text_at("postcode"),
            // Legal-entity type 01 is an individual; the others are firms and bodies.
            party_type: o
                .text_at("legal-entity-type-code")
                .map(|c| if c == "01" { "person" } else { "organization" }.into()),
            role: party_type,
            ..Party::default()
        });
    }
    out
}
