//! Canonicalisation of `design_registration` records: office and key, dates, Locarno classes,
//! product texts per language and the status read from the source's words.

use super::patent::canonical_party;
use super::text::{collapse_whitespace, iso_date, lang_code, year_of};
use super::{Violation, office};
use crate::datasets::design::DesignRegistration;

/// Canonicalises a design in place and returns what its rules found.
///
/// Rejections: unknown office, no design number, an unreadable filing date, a Locarno class
/// that cannot be read. Warnings: other unreadable dates.
pub fn normalize_design(d: &mut DesignRegistration) -> Vec<Violation> {
    let mut found = Vec::new();
    d.office = office::canonical(&d.office);
    if office::status(&d.office).is_none() {
        found.push(Violation::reject("st3.office", format!("office {:?} is not a WIPO ST.3 code", d.office)));
    }
    d.design_number = d.design_number.trim().to_owned();
    if d.design_number.is_empty() {
        found.push(Violation::reject("design.number_missing", "the design has no number".into()));
    }
    let number: String = d.design_number.chars().filter(char::is_ascii_alphanumeric).collect();
    d.doc_id = format!("{}{number}", d.office);
    if let Some(raw) = d.filing_date.take() {
        match iso_date(&raw) {
            Ok(v) => d.filing_date = v,
            Err(_) => found.push(Violation::reject("date.invalid", format!("filing_date {raw:?} is not a date"))),
        }
    }
    d.filing_year = d.filing_date.as_deref().and_then(year_of).unwrap_or(0);
    for (field, name) in [
        (&mut d.registration_date, "registration_date"),
        (&mut d.publication_date, "publication_date"),
        (&mut d.expiry_date, "expiry_date"),
        (&mut d.status_date, "status_date"),
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
    d.products.retain_mut(|p| {
        p.text = collapse_whitespace(&p.text);
        p.lang = p.lang.as_deref().and_then(lang_code);
        !p.text.is_empty()
    });
    for l in &mut d.locarno {
        l.class = locarno_class(&l.raw);
        if l.class.is_none() {
            found
                .push(Violation::reject("design.locarno", format!("Locarno class {:?} cannot be read (NN-NN)", l.raw)));
        }
    }
    d.views = d.views.iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect();
    for list in [&mut d.owners, &mut d.designers, &mut d.representatives] {
        for (i, p) in list.iter_mut().enumerate() {
            p.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
            canonical_party(p);
        }
    }
    for (i, p) in d.priorities.iter_mut().enumerate() {
        p.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        p.office = p.office.as_deref().map(office::canonical).filter(|o| office::status(o).is_some());
        if let Some(raw) = p.date.take() {
            p.date = iso_date(&raw).ok().flatten();
        }
    }
    d.filing_language = d.filing_language.as_deref().and_then(lang_code);
    d.second_language = d.second_language.as_deref().and_then(lang_code);
    d.status_raw = d.status_raw.as_deref().map(collapse_whitespace).filter(|s| !s.is_empty());
    d.status = d.status_raw.as_deref().and_then(status);
    found
}

/// A Locarno class `NN-NN` from `03.01`, `3-1`, `0301`, `Cl. 8-05`.
pub fn locarno_class(raw: &str) -> Option<String> {
    let groups: Vec<&str> = raw.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    let (class, subclass) = match groups.as_slice() {
        [both] if both.len() == 4 => (&both[..2], &both[2..]),
        [class, subclass] if class.len() <= 2 && subclass.len() <= 2 => (*class, *subclass),
        _ => return None,
    };
    let (c, s): (u32, u32) = (class.parse().ok()?, subclass.parse().ok()?);
    (1..=32).contains(&c).then(|| format!("{c:02}-{s:02}"))
}

/// The status named by a source's words, most final first.
fn status(raw: &str) -> Option<String> {
    const WORDS: &[(&str, &str)] = &[
        ("invalid", "invalidated"),
        ("surrender", "surrendered"),
        ("lapse", "lapsed"),
        ("expir", "expired"),
        ("refus", "refused"),
        ("withdraw", "withdrawn"),
        ("regist", "registered"),
        ("publi", "published"),
        ("filed", "filed"),
        ("application", "filed"),
    ];
    let r = raw.to_lowercase();
    WORDS.iter().find(|(w, _)| r.contains(w)).map(|(_, s)| (*s).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::parts::Locarno;

    #[test]
    fn classes_and_status() {
        assert_eq!(locarno_class("03.01").as_deref(), Some("03-01"));
        assert_eq!(locarno_class("Cl. 8-5").as_deref(), Some("08-05"));
        assert_eq!(locarno_class("0301").as_deref(), Some("03-01"));
        assert_eq!(locarno_class("33-01"), None);
        assert_eq!(locarno_class("3"), None);
        assert_eq!(status("Design lapsed").as_deref(), Some("lapsed"));
        let mut d = DesignRegistration {
            office: "em".into(),
            design_number: "001063002-0001".into(),
            filing_date: Some("2008-12-24".into()),
            locarno: vec![
                Locarno { raw: "03.01".into(), ..Default::default() },
                Locarno { raw: "x".into(), ..Default::default() },
            ],
            ..Default::default()
        };
        let rules: Vec<_> = normalize_design(&mut d).iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["design.locarno"]);
        assert_eq!(
            (d.doc_id.as_str(), d.filing_year, d.locarno[0].class.as_deref()),
            ("EM0010630020001", 2008, Some("03-01"))
        );
    }
}
