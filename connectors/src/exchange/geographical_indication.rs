//! CNIPA geographical indications (`cnipa_geographical_indication` exchange schema) onto
//! `geographical_indication` records. No open real sample exists; the schema is ours, published
//! in `schemas/published/exchange/`, and the fixtures are made up (marked so in their provenance).

use ipdc_schemas::normalize::geographical_indication::lang_text;
use ipdc_schemas::normalize::trademark::nice_class;
use ipdc_schemas::{AuthorizedUser, GEOGRAPHICAL_INDICATION, GeographicalIndication, Party, Provenance};

use super::Row;
use crate::{Change, Record};

/// A checked row as a record; a later row of the same GI from the same source replaces it.
pub fn map(row: &Row, provenance: Provenance) -> Record {
    let text = |c: &str| row.get(c).map(str::to_owned);
    let at = |list: &[String], i: usize| list.get(i).filter(|v| !v.is_empty()).cloned();
    let credit_codes = row.positions("applicant_credit_codes");
    let applicants = row
        .list("applicant_names")
        .into_iter()
        .enumerate()
        .map(|(i, name)| Party {
            name: name.clone(),
            name_raw: name,
            org_code: at(&credit_codes, i),
            ..Party::default()
        })
        .collect();
    let (user_codes, user_approvals) =
        (row.positions("authorized_user_credit_codes"), row.positions("authorized_user_approval_numbers"));
    let authorized_users = row
        .list("authorized_user_names")
        .into_iter()
        .enumerate()
        .map(|(i, name)| AuthorizedUser {
            name,
            org_code: at(&user_codes, i),
            approval_number: at(&user_approvals, i),
            ..AuthorizedUser::default()
        })
        .collect();
    let gi = GeographicalIndication {
        office: "CN".into(),
        appl_number: text("appl_number").unwrap_or_default(),
        filing_date: text("filing_date"),
        gi_system_raw: text("gi_system"),
        names: text("product_name").map(|n| lang_text(Some("zh"), n)).into_iter().collect(),
        name_translations: text("product_name_en").map(|n| lang_text(None, n)).into_iter().collect(),
        descriptions: text("description").map(|d| lang_text(Some("zh"), d)).into_iter().collect(),
        region_texts: text("region_text").map(|r| lang_text(Some("zh"), r)).into_iter().collect(),
        region_codes: row.list("region_codes"),
        nice_classes: row.list("nice_classes").iter().filter_map(|c| nice_class(c)).collect(),
        applicants,
        authority: text("authority"),
        approval_number: text("approval_number"),
        approval_date: text("approval_date"),
        standards: row.list("standards"),
        trademark_reg_number: text("trademark_reg_number"),
        authorized_users,
        status: text("status"),
        provenance: Provenance { schema_version: GEOGRAPHICAL_INDICATION.version(), ..provenance },
        ..GeographicalIndication::default()
    };
    Record::GeographicalIndication(Box::new(gi), Change::Upsert)
}
