//! CNIPA IC layout-design registrations (`cnipa_ic_layout_design` exchange schema) onto
//! `ic_layout_design` records. No open real sample exists; the schema is ours, published in
//! `schemas/published/exchange/`, and the fixtures are made up (marked so in their provenance).

use ipdc_schemas::{IC_LAYOUT_DESIGN, IcLayoutDesign, Party, Provenance};

use super::Row;
use crate::Record;

/// A checked row as a record.
pub fn map(row: &Row, provenance: Provenance) -> Record {
    let owners = people(row.list("owner_names"), &row.list("owner_countries"), &row.list("owner_addresses"), None);
    let creators = people(row.list("creator_names"), &[], &[], Some("person"));
    let text = |c: &str| row.get(c).map(str::to_owned);
    Record::IcLayout(Box::new(IcLayoutDesign {
        office: "CN".into(),
        reg_number: text("reg_number").unwrap_or_default(),
        design_name: text("design_name").unwrap_or_default(),
        filing_date: text("filing_date"),
        creation_date: text("creation_date"),
        first_commercial_use_date: text("first_commercial_use_date"),
        certificate_date: text("certificate_date"),
        announcement_number: text("announcement_number"),
        announcement_date: text("announcement_date"),
        owners,
        creators,
        summary: text("summary"),
        status: text("status"),
        provenance: Provenance { schema_version: IC_LAYOUT_DESIGN.version(), ..provenance },
        ..IcLayoutDesign::default()
    }))
}

/// Parties from parallel lists: names, and each one's country and address where given.
fn people(names: Vec<String>, countries: &[String], addresses: &[String], party_type: Option<&str>) -> Vec<Party> {
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Party {
            seq: i32::try_from(i + 1).unwrap_or(i32::MAX),
            name: name.clone(),
            name_raw: name,
            party_type: party_type.map(str::to_owned),
            country: countries.get(i).cloned(),
            address: addresses.get(i).cloned(),
            ..Party::default()
        })
        .collect()
}
