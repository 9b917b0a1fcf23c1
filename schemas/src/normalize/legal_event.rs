//! Canonicalisation of `patent_legal_event` records: offices, the publication's `doc_id`, the
//! application key, ISO dates, and ST.27 codes checked against the ST.96 V6 code list.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::text::{collapse_whitespace, iso_date, year_of};
use super::{Violation, kind, number, office};
use crate::datasets::legal_event::PatentLegalEvent;

const ST27_CSV: &str = include_str!("../../reference/st27_event_codes.csv");
const CN_TO_ST27_CSV: &str = include_str!("../../reference/cn_legal_status_to_st27.csv");

/// CN event names → (ST.27 detailed, ST.27 key), from the proposed mapping table. A table name
/// `A / B (qualifier)` is reachable as `A (qualifier)`, `B (qualifier)`, and — when no other
/// row shares it — the bare `A` or `B`.
fn cn_st27() -> &'static HashMap<String, (String, String)> {
    static MAP: OnceLock<HashMap<String, (String, String)>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut full = HashMap::new();
        let mut bare: HashMap<String, Option<(String, String)>> = HashMap::new();
        let mut rows = csv::Reader::from_reader(CN_TO_ST27_CSV.as_bytes());
        for row in rows.records().flatten() {
            let (Some(name), Some(detailed), Some(key)) = (row.get(0), row.get(1), row.get(2)) else { continue };
            let codes = (detailed.trim().to_owned(), key.trim().to_owned());
            let (names, qualifier) = match name.split_once(" (") {
                Some((n, q)) => (n, Some(q.trim_end_matches(')'))),
                None => (name, None),
            };
            for alternative in names.split(" / ").map(str::trim) {
                if let Some(q) = qualifier {
                    full.insert(format!("{alternative} ({q})"), codes.clone());
                }
                full.entry(alternative.to_owned()).or_insert_with(|| codes.clone());
                bare.entry(alternative.to_owned())
                    .and_modify(|seen| {
                        if seen.as_ref() != Some(&codes) {
                            *seen = None;
                        }
                    })
                    .or_insert_with(|| Some(codes.clone()));
            }
        }
        // A bare name shared by rows of different codes (授权) maps only with its qualifier.
        for (name, codes) in bare {
            if codes.is_none() {
                full.remove(&name);
            }
        }
        full
    })
}

/// ST.27 (detailed, key) codes of a CN legal-status event name, by the proposed mapping.
///
/// ```
/// use ipdc_schemas::normalize::legal_event::cn_event_st27;
/// assert_eq!(cn_event_st27("实质审查的生效"), Some(("D11", "D10")));
/// assert_eq!(cn_event_st27("专利权的终止 (未缴年费)"), Some(("H13", "H10")));
/// assert_eq!(cn_event_st27("授权"), None); // invention or utility model/design: say which
/// ```
pub fn cn_event_st27(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.trim().replace('（', " (").replace('）', ")").replace("  (", " (");
    cn_st27().get(name.as_str()).map(|(d, k)| (d.as_str(), k.as_str()))
}

/// ST.27 codes by level: (`key` | `detailed`, code).
fn st27_codes() -> &'static HashSet<(String, String)> {
    static CODES: OnceLock<HashSet<(String, String)>> = OnceLock::new();
    CODES.get_or_init(|| {
        ST27_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split(',');
                Some((cols.next()?.to_owned(), cols.next()?.to_owned()))
            })
            .collect()
    })
}

/// Whether `code` is an ST.27 event code of `level` (`key` or `detailed`).
pub fn is_st27(level: &str, code: &str) -> bool {
    st27_codes().contains(&(level.to_owned(), code.to_owned()))
}

/// Canonicalises an event in place and returns what its rules found.
///
/// Rejections: unknown office, no national event code, an unreadable event date. Warnings:
/// an unreadable effective date, ST.27 codes not in the code list (left null).
pub fn normalize_legal_event(e: &mut PatentLegalEvent) -> Vec<Violation> {
    let mut found = Vec::new();
    e.office = office::canonical(&e.office);
    if office::status(&e.office).is_none() {
        found.push(Violation::reject("st3.office", format!("office {:?} is not a WIPO ST.3 code", e.office)));
    }
    e.national_event_code = e.national_event_code.trim().to_owned();
    if e.national_event_code.is_empty() {
        found.push(Violation::reject("legal_event.code_missing", "the event has no event code".into()));
    }
    e.national_event_text = e.national_event_text.as_deref().map(collapse_whitespace).filter(|t| !t.is_empty());
    let doc_office = e.pub_office_raw.as_deref().map(office::canonical).unwrap_or_else(|| e.office.clone());
    if let Some(raw) = e.pub_number_raw.as_deref().filter(|n| !n.trim().is_empty()) {
        let kind = e.pub_kind_raw.as_deref().and_then(kind::canonical);
        e.doc_id = Some(format!("{}{}", number::publication_number(&doc_office, raw), kind.as_deref().unwrap_or("")));
    }
    // CN numbers carry a check digit (and come with or without `CN`): the key is the body.
    e.appl_key = e.appl_number_raw.as_deref().and_then(|raw| match doc_office.as_str() {
        "CN" => number::parse_cn_application(raw).map(|a| a.key),
        office => number::application_key(office, raw.trim()),
    });
    if let Some(raw) = e.event_date.take() {
        match iso_date(&raw) {
            Ok(d) => e.event_date = d,
            Err(_) => found.push(Violation::reject("date.invalid", format!("event_date {raw:?} is not a date"))),
        }
    }
    e.event_year = e.event_date.as_deref().and_then(year_of).unwrap_or(0);
    if let Some(raw) = e.effective_date.take() {
        match iso_date(&raw) {
            Ok(d) => e.effective_date = d,
            Err(_) => {
                found.push(Violation::warn("date.invalid", format!("effective_date {raw:?} is not a date; left null")))
            }
        }
    }
    // CN events carry the office's own event names; the proposed mapping gives their ST.27 codes.
    if e.office == "CN"
        && e.st27_detailed.is_none()
        && e.st27_key.is_none()
        && let Some((detailed, key)) = cn_event_st27(&e.national_event_code)
    {
        e.st27_detailed = Some(detailed.to_owned());
        e.st27_key = Some(key.to_owned());
    }
    for (field, level) in [(&mut e.st27_detailed, "detailed"), (&mut e.st27_key, "key")] {
        if let Some(code) = field.take().map(|c| c.trim().to_ascii_uppercase()) {
            if is_st27(level, &code) {
                *field = Some(code);
            } else {
                found.push(Violation::warn(
                    "st27.code",
                    format!("{code:?} is not an ST.27 {level} event code; left null"),
                ));
            }
        }
    }
    // The key event of a detailed one is its category's `<letter>10`.
    if e.st27_key.is_none() {
        e.st27_key = e.st27_detailed.as_deref().map(|d| format!("{}10", &d[..1])).filter(|k| is_st27("key", k));
    }
    e.st27_category = e.st27_key.as_deref().or(e.st27_detailed.as_deref()).map(|c| c[..1].to_owned());
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Severity;

    #[test]
    fn keys_dates_and_st27() {
        let mut e = PatentLegalEvent {
            office: "ep".into(),
            pub_office_raw: Some("EP".into()),
            pub_number_raw: Some("2400812".into()),
            pub_kind_raw: Some("a1".into()),
            appl_number_raw: Some("    10167109".into()),
            event_date: Some("2011-12-28".into()),
            national_event_code: " AK ".into(),
            st27_detailed: Some("f11".into()),
            ..Default::default()
        };
        assert!(normalize_legal_event(&mut e).is_empty());
        assert_eq!(
            (e.office.as_str(), e.doc_id.as_deref(), e.appl_key.as_deref()),
            ("EP", Some("EP2400812A1"), Some("EP10167109"))
        );
        assert_eq!((e.event_year, e.national_event_code.as_str()), (2011, "AK"));
        assert_eq!(
            (e.st27_key.as_deref(), e.st27_detailed.as_deref(), e.st27_category.as_deref()),
            (Some("F10"), Some("F11"), Some("F"))
        );

        let mut bad = PatentLegalEvent {
            office: "QQ".into(),
            event_date: Some("2011-13-45".into()),
            st27_key: Some("Z99".into()),
            ..Default::default()
        };
        let found = normalize_legal_event(&mut bad);
        let rules: Vec<_> = found.iter().map(|v| (v.rule, v.severity)).collect();
        assert!(rules.contains(&("st3.office", Severity::Reject)));
        assert!(rules.contains(&("legal_event.code_missing", Severity::Reject)));
        assert!(rules.contains(&("date.invalid", Severity::Reject)));
        assert!(rules.contains(&("st27.code", Severity::Warn)));
        assert_eq!(bad.st27_key, None);
    }
}
