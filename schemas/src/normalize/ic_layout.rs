//! Canonicalisation of `ic_layout_design` records, and the derived end of protection.

use super::patent::canonical_party;
use super::text::{collapse_whitespace, iso_date, year_of};
use super::{Violation, office};
use crate::datasets::ic_layout::IcLayoutDesign;

/// Status values of the exchange schema and the dataset.
pub const IC_STATUSES: &[&str] = &["valid", "expired", "revoked", "abandoned"];

/// Canonicalises a registration in place and returns what its rules found.
///
/// Rejections: unknown office, no registration number or name, an unreadable filing date.
/// Warnings: other unreadable dates, an unknown status (left null).
pub fn normalize_ic_layout(d: &mut IcLayoutDesign) -> Vec<Violation> {
    let mut found = Vec::new();
    d.office = office::canonical(&d.office);
    if office::status(&d.office).is_none() {
        found.push(Violation::reject("st3.office", format!("office {:?} is not a WIPO ST.3 code", d.office)));
    }
    d.reg_number = d.reg_number.trim().to_owned();
    if d.reg_number.is_empty() {
        found.push(Violation::reject("ic.reg_number_missing", "the registration has no registration number".into()));
    }
    d.design_name = collapse_whitespace(&d.design_name);
    if d.design_name.is_empty() {
        found.push(Violation::reject("ic.name_missing", "the registration has no layout-design name".into()));
    }
    if let Some(raw) = d.filing_date.take() {
        match iso_date(&raw) {
            Ok(v) => d.filing_date = v,
            Err(_) => found.push(Violation::reject("date.invalid", format!("filing_date {raw:?} is not a date"))),
        }
    }
    for (field, name) in [
        (&mut d.creation_date, "creation_date"),
        (&mut d.first_commercial_use_date, "first_commercial_use_date"),
        (&mut d.certificate_date, "certificate_date"),
        (&mut d.announcement_date, "announcement_date"),
    ] {
        if let Some(raw) = field.take() {
            match iso_date(&raw) {
                Ok(v) => *field = v,
                Err(_) => {
                    found.push(Violation::warn("date.invalid", format!("{name} {raw:?} is not a date; left null")))
                }
            }
        }
    }
    d.filing_year = d.filing_date.as_deref().and_then(year_of).unwrap_or(0);
    for p in d.owners.iter_mut().chain(d.creators.iter_mut()) {
        canonical_party(p);
    }
    d.summary = d.summary.as_deref().map(collapse_whitespace).filter(|s| !s.is_empty());
    if let Some(status) = d.status.take().map(|s| s.trim().to_ascii_lowercase()) {
        if IC_STATUSES.contains(&status.as_str()) {
            d.status = Some(status);
        } else {
            found.push(Violation::warn(
                "ic.status",
                format!("status {status:?} is not one of {IC_STATUSES:?}; left null"),
            ));
        }
    }
    d.protection_expiry =
        protection_expiry(d.filing_date.as_deref(), d.first_commercial_use_date.as_deref(), d.creation_date.as_deref());
    found
}

/// Regulations on the Protection of Layout-Designs of Integrated Circuits, art. 12: 10 years
/// from the earlier of filing and first commercial exploitation, and in any case no longer than
/// 15 years from creation. ISO dates in, ISO date out.
pub fn protection_expiry(filing: Option<&str>, first_use: Option<&str>, creation: Option<&str>) -> Option<String> {
    let start = match (filing, first_use) {
        (Some(f), Some(u)) => Some(f.min(u)),
        (f, u) => f.or(u),
    };
    let by_start = start.and_then(|s| plus_years(s, 10));
    let by_creation = creation.and_then(|c| plus_years(c, 15));
    match (by_start, by_creation) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `YYYY-MM-DD` plus `years`; 29 February becomes 28 February in a common year.
fn plus_years(iso: &str, years: i32) -> Option<String> {
    let (y, rest) = iso.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let year = y + years;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let day = if m == 2 && d == 29 && !leap { 28 } else { d };
    Some(format!("{year:04}-{m:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_takes_the_earlier_limit() {
        // Filed 2020-03-01, exploited from 2019-06-30: 10 years from first use.
        assert_eq!(protection_expiry(Some("2020-03-01"), Some("2019-06-30"), None).as_deref(), Some("2029-06-30"));
        // Created long before: the 15-year limit comes first.
        assert_eq!(protection_expiry(Some("2020-03-01"), None, Some("2008-02-29")).as_deref(), Some("2023-02-28"));
        assert_eq!(protection_expiry(None, None, None), None);
    }

    #[test]
    fn required_fields_and_codes() {
        let mut d = IcLayoutDesign {
            office: "cn".into(),
            reg_number: " BS.245500123 ".into(),
            design_name: "低功耗  蓝牙射频芯片".into(),
            filing_date: Some("20240315".into()),
            status: Some("Valid".into()),
            ..Default::default()
        };
        assert!(normalize_ic_layout(&mut d).is_empty());
        assert_eq!(
            (d.reg_number.as_str(), d.design_name.as_str(), d.filing_year),
            ("BS.245500123", "低功耗 蓝牙射频芯片", 2024)
        );
        assert_eq!((d.status.as_deref(), d.protection_expiry.as_deref()), (Some("valid"), Some("2034-03-15")));
        let mut bad = IcLayoutDesign { office: "CN".into(), status: Some("alive".into()), ..Default::default() };
        let rules: Vec<_> = normalize_ic_layout(&mut bad).iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["ic.reg_number_missing", "ic.name_missing", "ic.status"]);
    }
}
