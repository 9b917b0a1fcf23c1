//! The WIPO ST.3 code list (`wipo_st3_codes` exchange schema, the project's
//! `schemas/reference/country_codes.csv`) onto `country_code` records.

use ipdc_schemas::{COUNTRY_CODE, CountryCode, Provenance};

use super::Row;
use crate::Record;

/// A checked row as a record.
pub fn map(row: &Row, provenance: Provenance) -> Record {
    let text = |c: &str| row.get(c).map(str::to_owned);
    Record::CountryCode(Box::new(CountryCode {
        code: text("code").unwrap_or_default(),
        name: text("name").unwrap_or_default(),
        status: text("status").unwrap_or_default(),
        is_ip_organization: row.get("is_ip_organization").map(|v| v == "Y"),
        reference: text("source"),
        provenance: Provenance { schema_version: COUNTRY_CODE.version(), ..provenance },
    }))
}
