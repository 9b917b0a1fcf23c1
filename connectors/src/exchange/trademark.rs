//! CNIPA trademark register extracts (`cnipa_trademark` exchange schema) onto `trademark`
//! records. No open real sample exists; the schema is ours, published in
//! `schemas/published/exchange/`, and the fixtures are made up (marked so in their provenance).

use ipdc_schemas::{GoodsServices, Party, Priority, Provenance, TRADEMARK, Trademark};

use super::{Row, goods_item};
use crate::{Change, Record};

/// A checked row as a record. A register extract gives a mark's current state, so a later row
/// of the same mark from the same source replaces the earlier one.
pub fn map(row: &Row, provenance: Provenance) -> Record {
    let text = |c: &str| row.get(c).map(str::to_owned);
    let countries = row.positions("owner_countries");
    let addresses = row.positions("owner_addresses");
    let credit_codes = row.positions("owner_credit_codes");
    let at = |list: &[String], i: usize| list.get(i).filter(|v| !v.is_empty()).cloned();
    let owners = row
        .list("owner_names")
        .into_iter()
        .enumerate()
        .map(|(i, name)| Party {
            name: name.clone(),
            name_raw: name,
            country: at(&countries, i),
            address: at(&addresses, i),
            org_code: at(&credit_codes, i),
            ..Party::default()
        })
        .collect();
    let representatives = text("agency_name")
        .map(|name| Party { name: name.clone(), name_raw: name, role: Some("agency".into()), ..Party::default() })
        .into_iter()
        .collect();
    let goods_services = row
        .list("goods_services")
        .iter()
        .filter_map(|item| goods_item(item).ok())
        .map(|(class, group, goods)| GoodsServices {
            class_raw: Some(class.to_string()),
            lang: Some("zh".into()),
            text: goods.to_owned(),
            similar_groups: group.map(str::to_owned).into_iter().collect(),
            ..GoodsServices::default()
        })
        .collect();
    let priorities = match (text("priority_country"), text("priority_number"), text("priority_date")) {
        (None, None, None) => Vec::new(),
        (office, number, date) => vec![Priority { seq: 1, office, number_raw: number, date, ..Priority::default() }],
    };
    let mark = Trademark {
        office: "CN".into(),
        appl_number: text("appl_number").unwrap_or_default(),
        reg_number: text("registration_date").and(text("appl_number")),
        filing_date: text("filing_date"),
        registration_date: text("registration_date"),
        publication_date: text("publication_date"),
        publication_number: text("publication_number"),
        reg_publication_number: text("reg_publication_number"),
        right_start_date: text("right_start_date"),
        expiry_date: text("right_end_date"),
        mark_text: text("mark_text"),
        mark_feature_raw: text("mark_feature"),
        mark_kind_raw: text("mark_kind"),
        colour_claimed: text("colour_claimed"),
        nice_edition: text("nice_edition"),
        goods_services,
        vienna_codes: row.list("vienna_codes"),
        owners,
        representatives,
        priorities,
        status_raw: text("status"),
        provenance: Provenance { schema_version: TRADEMARK.version(), ..provenance },
        ..Trademark::default()
    };
    Record::Trademark(Box::new(mark), Change::Upsert)
}
