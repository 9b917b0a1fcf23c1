//! Canonicalisation of `geographical_indication` records: office and key, dates, the
//! protection system, texts per language, region codes and Nice classes.

use super::patent::canonical_party;
use super::text::{collapse_whitespace, iso_date, lang_code};
use super::{Violation, office};
use crate::datasets::geographical_indication::GeographicalIndication;
use crate::datasets::parts::LangText;

/// Status values of the dataset and of the CNIPA exchange schema.
pub const GI_STATUSES: &[&str] = &["valid", "revoked", "cancelled"];

/// Protection systems of the dataset (and the CNIPA exchange schema's four).
pub const GI_SYSTEMS: &[&str] = &[
    "geographical_indication",
    "appellation_of_origin",
    "protected_product",
    "collective_mark",
    "certification_mark",
    "agricultural_product",
];

/// Canonicalises a GI in place and returns what its rules found.
///
/// Rejections: unknown office, no application number, no product name, an unreadable filing
/// date, a region code that is not six digits (GB/T 2260), a class outside Nice 1–45.
/// Warnings: other unreadable dates, an unknown status or system (left null).
pub fn normalize_geographical_indication(g: &mut GeographicalIndication) -> Vec<Violation> {
    let mut found = Vec::new();
    g.office = office::canonical(&g.office);
    if office::status(&g.office).is_none() {
        found.push(Violation::reject("st3.office", format!("office {:?} is not a WIPO ST.3 code", g.office)));
    }
    g.appl_number = g.appl_number.trim().to_owned();
    if g.appl_number.is_empty() {
        found.push(Violation::reject("gi.appl_number_missing", "the GI has no application number".into()));
    }
    let number: String = g.appl_number.chars().filter(|c| c.is_alphanumeric()).collect();
    g.doc_id = format!("{}{number}", g.office);
    for texts in [&mut g.names, &mut g.name_translations, &mut g.descriptions, &mut g.region_texts] {
        texts.retain_mut(|t| {
            t.text = collapse_whitespace(&t.text);
            t.lang = t.lang.as_deref().and_then(lang_code);
            !t.text.is_empty()
        });
    }
    if g.names.is_empty() {
        found.push(Violation::reject("gi.name_missing", "the GI has no product name".into()));
    }
    if let Some(raw) = g.filing_date.take() {
        match iso_date(&raw) {
            Ok(v) => g.filing_date = v,
            Err(_) => found.push(Violation::reject("date.invalid", format!("filing_date {raw:?} is not a date"))),
        }
    }
    for (field, name) in [(&mut g.approval_date, "approval_date"), (&mut g.publication_date, "publication_date")] {
        if let Some(raw) = field.take() {
            match iso_date(&raw) {
                Ok(v) => *field = v,
                Err(_) => {
                    found.push(Violation::warn("date.invalid", format!("{name} {raw:?} is not a date; left null")))
                }
            }
        }
    }
    g.gi_system_raw = g.gi_system_raw.as_deref().map(collapse_whitespace).filter(|s| !s.is_empty());
    g.gi_system = g.gi_system_raw.as_deref().and_then(system);
    if let (Some(raw), None) = (&g.gi_system_raw, &g.gi_system) {
        found.push(Violation::warn(
            "gi.system",
            format!("protection system {raw:?} is not one of {GI_SYSTEMS:?}; left null"),
        ));
    }
    for code in &mut g.region_codes {
        *code = code.trim().to_owned();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            found.push(Violation::reject(
                "gi.region_code",
                format!("region code {code:?} is not six digits (GB/T 2260)"),
            ));
        }
    }
    if let Some(bad) = g.nice_classes.iter().find(|c| !(1..=45).contains(*c)) {
        found.push(Violation::reject("gi.nice_class", format!("class {bad} is not a Nice class (1-45)")));
    }
    g.nice_classes.sort_unstable();
    g.nice_classes.dedup();
    for (i, p) in g.applicants.iter_mut().enumerate() {
        p.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        canonical_party(p);
    }
    for (i, u) in g.authorized_users.iter_mut().enumerate() {
        u.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        u.name = collapse_whitespace(&u.name);
    }
    g.standards = g.standards.iter().map(|s| collapse_whitespace(s)).filter(|s| !s.is_empty()).collect();
    if let Some(status) = g.status.take().map(|s| s.trim().to_ascii_lowercase()) {
        if GI_STATUSES.contains(&status.as_str()) {
            g.status = Some(status);
        } else {
            found.push(Violation::warn(
                "gi.status",
                format!("status {status:?} is not one of {GI_STATUSES:?}; left null"),
            ));
        }
    }
    found
}

/// The protection system named by a source's words (ST.96 `GICategory`, CN system names, or
/// the dataset's own values).
fn system(raw: &str) -> Option<String> {
    const WORDS: &[(&str, &str)] = &[
        ("appellation", "appellation_of_origin"),
        ("原产地名称", "appellation_of_origin"),
        ("protected_product", "protected_product"),
        ("保护产品", "protected_product"),
        ("collective", "collective_mark"),
        ("集体商标", "collective_mark"),
        ("certification", "certification_mark"),
        ("证明商标", "certification_mark"),
        ("agricultural", "agricultural_product"),
        ("农产品", "agricultural_product"),
        ("geographical indication", "geographical_indication"),
        ("geographical_indication", "geographical_indication"),
        ("地理标志", "geographical_indication"),
    ];
    let r = raw.to_lowercase();
    WORDS.iter().find(|(w, _)| r.contains(w)).map(|(_, s)| (*s).to_owned())
}

/// A text in a language, for connectors.
pub fn lang_text(lang: Option<&str>, text: String) -> LangText {
    LangText { lang: lang.map(str::to_owned), text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_codes_and_names() {
        assert_eq!(system("Geographical Indication").as_deref(), Some("geographical_indication"));
        assert_eq!(system("地理标志证明商标").as_deref(), Some("certification_mark"));
        assert_eq!(system("农产品地理标志").as_deref(), Some("agricultural_product"));
        let mut g = GeographicalIndication {
            office: "cn".into(),
            appl_number: "GI-2021-0007".into(),
            names: vec![lang_text(Some("ZH"), " 安吉白茶 ".into())],
            region_codes: vec!["330523".into(), "3305".into()],
            nice_classes: vec![30, 46],
            status: Some("Valid".into()),
            ..Default::default()
        };
        let rules: Vec<_> = normalize_geographical_indication(&mut g).iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["gi.region_code", "gi.nice_class"]);
        assert_eq!(
            (g.doc_id.as_str(), g.names[0].text.as_str(), g.names[0].lang.as_deref()),
            ("CNGI20210007", "安吉白茶", Some("zh"))
        );
        assert_eq!(g.status.as_deref(), Some("valid"));
    }
}
