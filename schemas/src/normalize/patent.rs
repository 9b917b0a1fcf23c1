//! Canonicalisation of `patent_publication` and `patent_fulltext` records.

use super::text::{canonical_name, collapse_whitespace, iso_date, lang_code, year_of};
use super::{Violation, classification, kind, number, office};
use crate::datasets::parts::{Classification, Party};
use crate::datasets::patent::{PatentFulltext, PatentPublication};

/// Canonicalises a publication in place and returns what its rules found.
///
/// Rejections: unknown or missing office, missing publication number, unreadable publication
/// date, CN check-digit mismatch. Warnings: other unreadable dates and classification symbols
/// (left null; the raw text is kept in the classification's `raw`).
pub fn normalize_publication(p: &mut PatentPublication) -> Vec<Violation> {
    let mut found = Vec::new();
    p.office = office::canonical(&p.office);
    if office::status(&p.office).is_none() {
        found.push(Violation::reject("st3.office", format!("office {:?} is not a WIPO ST.3 code", p.office)));
    }
    if p.pub_number_raw.trim().is_empty() {
        found.push(Violation::reject("pub_number.missing", "the document has no publication number".into()));
    }
    p.pub_number = number::publication_number(&p.office, &p.pub_number_raw);
    p.kind = p.kind_raw.as_deref().and_then(kind::canonical);
    p.doc_id = format!("{}{}", p.pub_number, p.kind.as_deref().unwrap_or(""));

    key_date(&mut p.pub_date, "pub_date", &mut found);
    p.pub_year = p.pub_date.as_deref().and_then(year_of).unwrap_or(0);
    p.doc_level =
        p.kind.as_deref().and_then(|k| kind::doc_level(&p.office, k, p.pub_date.as_deref())).map(str::to_owned);
    key_date(&mut p.filing_date, "filing_date", &mut found);
    application(p, &mut found);

    for t in p.titles.iter_mut().chain(p.abstracts.iter_mut()) {
        t.text = collapse_whitespace(&t.text);
        t.lang = t.lang.as_deref().and_then(lang_code);
    }
    p.titles.retain(|t| !t.text.is_empty());
    p.abstracts.retain(|t| !t.text.is_empty());
    for party in
        [&mut p.applicants, &mut p.inventors, &mut p.assignees, &mut p.agents, &mut p.examiners].into_iter().flatten()
    {
        canonical_party(party);
    }
    for (list, scheme) in [(&mut p.ipc, "IPC"), (&mut p.cpc, "CPC")] {
        for c in list.iter_mut() {
            canonical_classification(c, scheme, &mut found);
        }
    }
    // The main symbol: the one in first position (ST.8 `F`), else the first listed.
    p.ipc_main =
        p.ipc.iter().find(|c| c.position.as_deref() == Some("F")).or(p.ipc.first()).and_then(|c| c.symbol.clone());
    for pr in &mut p.priorities {
        pr.office = pr.office.as_deref().map(office::canonical);
        soft_date(&mut pr.date, "priorities.date", &mut found);
    }
    for r in &mut p.related {
        r.office = r.office.as_deref().map(office::canonical);
        r.kind = r.kind.as_deref().and_then(kind::canonical);
        soft_date(&mut r.date, "related.date", &mut found);
    }
    for c in &mut p.citations {
        c.office = c.office.as_deref().map(office::canonical);
        c.kind = c.kind.as_deref().and_then(kind::canonical);
        c.npl_text = c.npl_text.as_deref().map(collapse_whitespace);
        soft_date(&mut c.date, "citations.date", &mut found);
    }
    for (field, name) in [
        (&mut p.pct_filing_date, "pct_filing_date"),
        (&mut p.pct_pub_date, "pct_pub_date"),
        (&mut p.pct_entry_date, "pct_entry_date"),
    ] {
        soft_date(field, name, &mut found);
    }
    found
}

/// Canonicalises a full-text record; its `doc_id`, `office` and `pub_year` must come from the
/// normalised publication of the same document.
pub fn normalize_fulltext(f: &mut PatentFulltext, publication: &PatentPublication) {
    f.office.clone_from(&publication.office);
    f.doc_id.clone_from(&publication.doc_id);
    f.pub_year = publication.pub_year;
    f.lang = f.lang.as_deref().and_then(lang_code);
}

fn application(p: &mut PatentPublication, found: &mut Vec<Violation>) {
    let Some(raw) = p.appl_number_raw.clone().filter(|r| !r.trim().is_empty()) else {
        if let Some(std) = p.appl_st13.clone().filter(|_| p.office == "CN") {
            p.appl_key = number::parse_cn_application(&std).map(|a| a.key);
        }
        p.appl_type = appl_type(&p.office, p.appl_type_raw.as_deref(), p.appl_key.as_deref());
        return;
    };
    if p.office == "CN" {
        match number::parse_cn_application(&raw) {
            Some(a) => {
                p.appl_check_ok = a.check_ok();
                p.appl_check_digit = a.written_check.map(String::from);
                if a.check_ok() == Some(false) {
                    found.push(Violation::reject(
                        "cn.check_digit",
                        format!(
                            "application number {raw:?}: check digit {} written, {} computed (ZC 0006-2003)",
                            a.written_check.unwrap_or('?'),
                            a.computed_check.unwrap_or('?')
                        ),
                    ));
                }
                if let Some(std) = p.appl_st13.as_deref().and_then(number::parse_cn_application) {
                    if std.key != a.key {
                        found.push(Violation::reject(
                            "cn.standard_number",
                            format!("standard number {:?} does not match application number {raw:?}", p.appl_st13),
                        ));
                    }
                } else if p.appl_st13.is_none() {
                    p.appl_st13 = a.st13;
                }
                p.appl_key = Some(a.key);
            }
            None => found.push(Violation::reject(
                "cn.application_number",
                format!("application number {raw:?} is not a CN application number"),
            )),
        }
    } else {
        p.appl_key = number::application_key(&p.office, &raw);
    }
    p.appl_type = appl_type(&p.office, p.appl_type_raw.as_deref(), p.appl_key.as_deref());
}

/// Canonical application type from the source's words or codes, else from the CN type digit.
fn appl_type(office: &str, raw: Option<&str>, key: Option<&str>) -> Option<String> {
    let from_raw = raw.map(str::trim).and_then(|r| {
        Some(match r.to_ascii_lowercase().as_str() {
            "utility" | "10" | "发明" | "发明专利" => "invention",
            "11" => "pct_invention",
            "20" | "实用新型" | "实用新型专利" => "utility_model",
            "21" => "pct_utility_model",
            "design" | "30" | "外观设计" | "外观设计专利" => "design",
            "plant" => "plant",
            "reissue" => "reissue",
            "sir" => "statutory_invention_registration",
            _ => return None,
        })
    });
    let from_key = || {
        let body = key?.strip_prefix("CN").filter(|_| office == "CN")?;
        let digit = if body.len() == 12 { body.chars().nth(4) } else { body.chars().nth(2) };
        Some(match digit? {
            '1' => "invention",
            '2' => "utility_model",
            '3' => "design",
            '8' => "pct_invention",
            '9' => "pct_utility_model",
            _ => return None,
        })
    };
    from_raw.or_else(from_key).map(str::to_owned)
}

pub(super) fn canonical_party(p: &mut Party) {
    p.name = canonical_name(&p.name_raw);
    // Sources write placeholders such as `unknown`; only ST.3 codes are kept.
    p.country = p.country.as_deref().map(office::canonical).filter(|c| office::status(c).is_some());
    for f in [&mut p.state, &mut p.city, &mut p.address, &mut p.postcode, &mut p.org_code] {
        *f = f.as_deref().map(collapse_whitespace).filter(|v| !v.is_empty() && !v.bytes().all(|b| b == b'0'));
    }
}

fn canonical_classification(c: &mut Classification, scheme: &str, found: &mut Vec<Violation>) {
    match classification::parse_text(&c.raw) {
        Some(s) => {
            c.symbol = Some(s.display);
            c.symbol_packed = Some(s.packed);
            c.version = c.version.as_deref().and_then(classification::version).or(s.version);
            c.level = c.level.take().or(s.level);
            c.position = c.position.take().or(s.position);
            c.value = c.value.take().or(s.value);
            c.source = c.source.take().or(s.source);
            c.office = c.office.take().or(s.office).map(|o| office::canonical(&o));
        }
        None => {
            c.version = c.version.as_deref().and_then(classification::version);
            found.push(Violation::warn(
                "classification.symbol",
                format!("{scheme} symbol {:?} could not be read", c.raw),
            ));
        }
    }
}

fn key_date(field: &mut Option<String>, name: &str, found: &mut Vec<Violation>) {
    if let Some(raw) = field.take() {
        match iso_date(&raw) {
            Ok(d) => *field = d,
            Err(_) => found.push(Violation::reject("date.invalid", format!("{name} {raw:?} is not a date"))),
        }
    }
}

fn soft_date(field: &mut Option<String>, name: &str, found: &mut Vec<Violation>) {
    if let Some(raw) = field.take() {
        match iso_date(&raw) {
            Ok(d) => *field = d,
            Err(_) => found.push(Violation::warn("date.invalid", format!("{name} {raw:?} is not a date; left null"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Severity;

    fn cn(appl: &str) -> PatentPublication {
        PatentPublication {
            office: "cn".into(),
            pub_number_raw: "113781974".into(),
            kind_raw: Some("a".into()),
            pub_date: Some("20211210".into()),
            appl_number_raw: Some(appl.into()),
            ..Default::default()
        }
    }

    #[test]
    fn cn_publication_canonical_fields() {
        let mut p = cn("202111286633.X");
        let found = normalize_publication(&mut p);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(p.doc_id, "CN113781974A");
        assert_eq!(p.pub_date.as_deref(), Some("2021-12-10"));
        assert_eq!(p.pub_year, 2021);
        assert_eq!(p.doc_level.as_deref(), Some("application_publication"));
        assert_eq!(p.appl_key.as_deref(), Some("CN202111286633"));
        assert_eq!(p.appl_check_digit.as_deref(), Some("X"));
        assert_eq!(p.appl_check_ok, Some(true));
        assert_eq!(p.appl_st13.as_deref(), Some("102021001286633"));
        assert_eq!(p.appl_type.as_deref(), Some("invention"));
    }

    #[test]
    fn check_digit_mismatch_is_rejected_not_fixed() {
        let mut p = cn("202310123456.7");
        let found = normalize_publication(&mut p);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].rule, found[0].severity), ("cn.check_digit", Severity::Reject));
        assert!(found[0].reason.contains("7 written, 6 computed"), "{}", found[0].reason);
        assert_eq!(p.appl_check_digit.as_deref(), Some("7"));
        assert_eq!(p.appl_check_ok, Some(false));
    }

    #[test]
    fn unknown_office_and_bad_date_are_rejected() {
        let mut p = cn("202111286633.X");
        p.office = "ZZ".into();
        p.pub_date = Some("20211341".into());
        let rules: Vec<_> = normalize_publication(&mut p).iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["st3.office", "date.invalid"]);
    }
}
