//! Canonicalisation of `trademark` records: office and key, dates, Nice classes and CN 类似群
//! groups, Vienna codes, and the feature, kind and status read from each source's words.

use super::patent::canonical_party;
use super::text::{collapse_whitespace, iso_date, lang_code, year_of};
use super::{Violation, office};
use crate::datasets::trademark::Trademark;

/// Status values of the dataset (and of the CNIPA exchange schema's status column).
pub const TM_STATUSES: &[&str] = &[
    "filed",
    "published",
    "registered",
    "opposed",
    "refused",
    "withdrawn",
    "abandoned",
    "cancelled",
    "invalidated",
    "expired",
];

/// Canonicalises a trademark in place and returns what its rules found.
///
/// Rejections: unknown office, no application number, an unreadable filing date, a class that
/// is not a Nice class (1–45), a 类似群 group that is not four digits of its class. Warnings:
/// other unreadable dates, unreadable Vienna codes (dropped), control characters in a text
/// (each replaced by U+FFFD), priority offices that are not ST.3 codes (left null).
pub fn normalize_trademark(t: &mut Trademark) -> Vec<Violation> {
    let mut found = Vec::new();
    t.office = office::canonical(&t.office);
    if office::status(&t.office).is_none() {
        found.push(Violation::reject("st3.office", format!("office {:?} is not a WIPO ST.3 code", t.office)));
    }
    t.appl_number = t.appl_number.trim().to_owned();
    if t.appl_number.is_empty() {
        found.push(Violation::reject("tm.appl_number_missing", "the mark has no application number".into()));
    }
    let number: String = t.appl_number.chars().filter(char::is_ascii_alphanumeric).collect();
    t.doc_id = format!("{}{number}", t.office);
    t.reg_number = t
        .reg_number
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty() && !r.bytes().all(|b| b == b'0'))
        .map(str::to_owned);
    if let Some(raw) = t.filing_date.take() {
        match iso_date(&raw) {
            Ok(v) => t.filing_date = v,
            Err(_) => found.push(Violation::reject("date.invalid", format!("filing_date {raw:?} is not a date"))),
        }
    }
    t.filing_year = t.filing_date.as_deref().and_then(year_of).unwrap_or(0);
    for (field, name) in [
        (&mut t.registration_date, "registration_date"),
        (&mut t.publication_date, "publication_date"),
        (&mut t.right_start_date, "right_start_date"),
        (&mut t.expiry_date, "expiry_date"),
        (&mut t.status_date, "status_date"),
    ] {
        warn_date(field, name, &mut found);
    }
    let mut controls = 0;
    for text in [
        &mut t.mark_text,
        &mut t.mark_description,
        &mut t.colour_claimed,
        &mut t.disclaimer,
        &mut t.status_text,
        &mut t.publication_number,
        &mut t.reg_publication_number,
        &mut t.nice_edition,
    ] {
        *text = text.as_deref().map(|s| clean_text(s, &mut controls)).filter(|s| !s.is_empty());
    }
    t.mark_feature_raw = t.mark_feature_raw.as_deref().map(collapse_whitespace).filter(|s| !s.is_empty());
    t.mark_feature = t.mark_feature_raw.as_deref().and_then(|raw| feature(&t.office, raw));
    t.mark_kind_raw = t.mark_kind_raw.as_deref().map(collapse_whitespace).filter(|s| !s.is_empty());
    t.mark_kind = t.mark_kind_raw.as_deref().and_then(kind);
    t.status_raw = t.status_raw.as_deref().map(collapse_whitespace).filter(|s| !s.is_empty());
    t.status = [t.status_raw.as_deref(), t.status_text.as_deref()].into_iter().flatten().find_map(status);
    t.filing_language = t.filing_language.as_deref().and_then(lang_code);
    t.second_language = t.second_language.as_deref().and_then(lang_code);

    let mut classes = Vec::new();
    for (i, g) in t.goods_services.iter_mut().enumerate() {
        g.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        g.text = clean_text(&g.text, &mut controls);
        g.lang = g.lang.as_deref().and_then(lang_code);
        if let Some(raw) = g.class_raw.as_deref() {
            match nice_class(raw) {
                Some(c) => {
                    g.nice_class = Some(c);
                    classes.push(c);
                }
                None => {
                    found.push(Violation::reject("tm.nice_class", format!("class {raw:?} is not a Nice class (1-45)")))
                }
            }
        }
        for group in &mut g.similar_groups {
            *group = group.trim().to_owned();
            let of_class = g.nice_class.is_some_and(|c| group.get(..2).and_then(|p| p.parse::<i32>().ok()) == Some(c));
            if group.len() != 4 || !group.bytes().all(|b| b.is_ascii_digit()) || !of_class {
                found.push(Violation::reject(
                    "tm.similar_group",
                    format!("类似群 {group:?} is not four digits beginning with its class {:?}", g.class_raw),
                ));
            }
        }
    }
    classes.extend(t.nice_classes.iter().copied());
    classes.sort_unstable();
    classes.dedup();
    if let Some(bad) = classes.iter().find(|c| !(1..=45).contains(*c)) {
        found.push(Violation::reject("tm.nice_class", format!("class {bad} is not a Nice class (1-45)")));
    }
    t.nice_classes = classes;
    if controls > 0 {
        found.push(Violation::warn(
            "text.control_character",
            format!("{controls} control character(s) in the texts, each replaced by U+FFFD"),
        ));
    }

    let mut vienna = Vec::new();
    for raw in t.vienna_codes.drain(..) {
        match vienna_code(&raw) {
            Some(code) if !vienna.contains(&code) => vienna.push(code),
            Some(_) => {}
            None => found.push(Violation::warn(
                "tm.vienna_code",
                format!("Vienna code {raw:?} is not a Vienna code (CC.DD.SS, category 01-29); dropped"),
            )),
        }
    }
    t.vienna_codes = vienna;
    t.national_classes = t.national_classes.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();

    for (i, p) in t.owners.iter_mut().enumerate() {
        p.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        canonical_party(p);
    }
    for (i, p) in t.representatives.iter_mut().enumerate() {
        p.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        canonical_party(p);
    }
    for (i, p) in t.priorities.iter_mut().enumerate() {
        p.seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        p.office = p.office.as_deref().map(office::canonical).filter(|o| office::status(o).is_some());
        warn_date(&mut p.date, "priority date", &mut found);
    }
    found
}

fn warn_date(field: &mut Option<String>, name: &str, found: &mut Vec<Violation>) {
    if let Some(raw) = field.take() {
        match iso_date(&raw) {
            Ok(v) => *field = v,
            Err(_) => found.push(Violation::warn("date.invalid", format!("{name} {raw:?} is not a date; left null"))),
        }
    }
}

/// Whitespace collapsed; control characters (other than whitespace) replaced by U+FFFD and
/// counted. EUIPO files carry `&#127;` where a letter was lost.
fn clean_text(s: &str, controls: &mut usize) -> String {
    let collapsed = collapse_whitespace(s);
    if !collapsed.chars().any(char::is_control) {
        return collapsed;
    }
    collapsed
        .chars()
        .map(|c| {
            if c.is_control() {
                *controls += 1;
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A Nice class from `9`, `09`, `009`, `Class 9`, `第9类`; `None` outside 1–45.
pub fn nice_class(raw: &str) -> Option<i32> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let n: i32 = digits.parse().ok()?;
    (1..=45).contains(&n).then_some(n)
}

/// A Vienna code zero-padded to `CC.DD.SS` (`3.1.8` → `03.01.08`); a category or division
/// alone (`26.03`) is kept at its depth. Categories run 1–29 (EUIPO also writes office codes
/// such as `98.04`, which are not Vienna codes).
pub fn vienna_code(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw.trim().split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push(format!("{:02}", p.parse::<u32>().ok()?));
    }
    let category: u32 = out[0].parse().ok()?;
    (1..=29).contains(&category).then(|| out.join("."))
}

/// The ST.96 feature of a source's words or code. Numeric codes are USPTO mark-drawing codes
/// (first digit: 1 typed, 2 design only, 3 design plus words, 4 standard characters, 5 stylized
/// words, 6 no drawing — sound, scent …), read only for `US`.
fn feature(office: &str, raw: &str) -> Option<String> {
    let r = raw.to_lowercase();
    if r.bytes().all(|b| b.is_ascii_digit()) {
        if office != "US" {
            return None;
        }
        return match r.as_bytes().first()? {
            b'1' | b'4' => Some("word"),
            b'2' => Some("figurative"),
            b'3' => Some("combined"),
            b'5' => Some("stylized"),
            b'6' => Some("other"),
            _ => None,
        }
        .map(str::to_owned);
    }
    const WORDS: &[(&str, &str)] = &[
        ("combined", "combined"),
        ("组合", "combined"),
        ("with word", "combined"),
        ("plus word", "combined"),
        ("no drawing", "other"),
        ("figurative", "figurative"),
        ("图形", "figurative"),
        ("design", "figurative"),
        ("illustration", "figurative"),
        ("stylized", "stylized"),
        ("stylised", "stylized"),
        ("3d", "3d"),
        ("three dimensional", "3d"),
        ("three-dimensional", "3d"),
        ("shape", "3d"),
        ("立体", "3d"),
        ("colour", "colour"),
        ("color", "colour"),
        ("颜色", "colour"),
        ("sound", "sound"),
        ("声音", "sound"),
        ("hologram", "hologram"),
        ("olfactory", "olfactory"),
        ("motion", "motion"),
        ("multimedia", "multimedia"),
        ("position", "position"),
        ("pattern", "pattern"),
        ("tracer", "tracer"),
        ("word", "word"),
        ("standard character", "word"),
        ("typeset", "word"),
        ("文字", "word"),
        ("other", "other"),
        ("其他", "other"),
    ];
    WORDS.iter().find(|(w, _)| r.contains(w)).map(|(_, f)| (*f).to_owned())
}

/// `individual`, `collective` or `certification` from a source's kind words.
fn kind(raw: &str) -> Option<String> {
    let r = raw.to_lowercase();
    let k = if r.contains("collective") || r.contains("集体") {
        "collective"
    } else if r.contains("certif") || r.contains("guarantee") || r.contains("证明") {
        "certification"
    } else if r.contains("individual") || r.contains("trade") || r.contains("service") || r.contains("普通") {
        "individual"
    } else {
        return None;
    };
    Some(k.to_owned())
}

/// The status named by a source's status word or explanation, most final first.
fn status(raw: &str) -> Option<String> {
    const WORDS: &[(&str, &str)] = &[
        ("expir", "expired"),
        ("期满", "expired"),
        ("cancel", "cancelled"),
        ("surrender", "cancelled"),
        ("注销", "cancelled"),
        ("撤销", "cancelled"),
        ("invalid", "invalidated"),
        ("无效", "invalidated"),
        ("abandon", "abandoned"),
        ("withdraw", "withdrawn"),
        ("撤回", "withdrawn"),
        ("refus", "refused"),
        ("reject", "refused"),
        ("驳回", "refused"),
        ("oppos", "opposed"),
        ("异议", "opposed"),
        ("regist", "registered"),
        ("注册", "registered"),
        ("publi", "published"),
        ("初审", "published"),
        ("filed", "filed"),
        ("application", "filed"),
        ("pending", "filed"),
        ("申请", "filed"),
    ];
    let r = raw.to_lowercase();
    WORDS.iter().find(|(w, _)| r.contains(w)).map(|(_, s)| (*s).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::trademark::GoodsServices;

    #[test]
    fn classes_codes_and_words() {
        assert_eq!(
            (nice_class("009"), nice_class("第45类"), nice_class("46"), nice_class("")),
            (Some(9), Some(45), None, None)
        );
        assert_eq!(vienna_code("3.1.8").as_deref(), Some("03.01.08"));
        assert_eq!(vienna_code("26.03").as_deref(), Some("26.03"));
        assert_eq!(vienna_code("26.3.100"), None);
        assert_eq!(vienna_code("98.04"), None);
        assert_eq!(feature("US", "4000").as_deref(), Some("word"));
        assert_eq!(feature("US", "3").as_deref(), Some("combined"));
        assert_eq!(feature("EM", "3"), None);
        assert_eq!(feature("US", "TYPESET WORD(S) /LETTER(S) /NUMBER(S)").as_deref(), Some("word"));
        assert_eq!(feature("EM", "Figurative").as_deref(), Some("figurative"));
        assert_eq!(feature("US", "DESIGN PLUS WORDS, LETTERS AND/OR NUMBERS").as_deref(), Some("combined"));
        assert_eq!(
            feature("US", "ILLUSTRATION DRAWING WITHOUT ANY WORD(S) /LETTER(S) /NUMBER(S)").as_deref(),
            Some("figurative")
        );
        assert_eq!(feature("EM", "3D shape").as_deref(), Some("3d"));
        assert_eq!(feature("CN", "组合商标").as_deref(), Some("combined"));
        assert_eq!(kind("Trademark, Service Mark").as_deref(), Some("individual"));
        assert_eq!(kind("集体商标").as_deref(), Some("collective"));
        assert_eq!(status("Application refused").as_deref(), Some("refused"));
        assert_eq!(status("Registration cancelled").as_deref(), Some("cancelled"));
        assert_eq!(status("702"), None);
    }

    #[test]
    fn rules() {
        let mut t = Trademark {
            office: "em".into(),
            appl_number: " 018224185 ".into(),
            reg_number: Some("0000000".into()),
            filing_date: Some("2020-04-09".into()),
            status_raw: Some("Registered".into()),
            goods_services: vec![GoodsServices {
                class_raw: Some("05".into()),
                text: "Puzdrá na \u{7f}ekové".into(),
                ..Default::default()
            }],
            vienna_codes: vec!["3.9.10".into(), "bad".into()],
            ..Default::default()
        };
        let rules: Vec<_> = normalize_trademark(&mut t).iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["text.control_character", "tm.vienna_code"]);
        assert_eq!((t.doc_id.as_str(), t.reg_number.as_deref(), t.filing_year), ("EM018224185", None, 2020));
        assert_eq!((t.nice_classes.as_slice(), t.status.as_deref()), (&[5][..], Some("registered")));
        assert_eq!(t.goods_services[0].text, "Puzdrá na \u{FFFD}ekové");
        assert_eq!(t.vienna_codes, ["03.09.10"]);

        let mut bad = Trademark {
            office: "CN".into(),
            appl_number: "56783412".into(),
            goods_services: vec![
                GoodsServices { class_raw: Some("46".into()), text: "x".into(), ..Default::default() },
                GoodsServices {
                    class_raw: Some("9".into()),
                    text: "计算机程序".into(),
                    similar_groups: vec!["3911".into()],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let rules: Vec<_> = normalize_trademark(&mut bad).iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["tm.nice_class", "tm.similar_group"]);
    }
}
