//! Canonicalisation of reference records: `country_code`, `nice_class`, `ipc_symbol` and
//! `cpc_symbol`.

use super::Violation;
use super::classification::{from_packed, parse_text};
use super::text::{collapse_whitespace, iso_date};
use crate::datasets::reference::{ClassSymbol, CountryCode, NiceClass};

/// Canonicalises an ST.3 code row; a code that is not two letters, or a status other than
/// `current` / `former`, is rejected.
pub fn normalize_country_code(c: &mut CountryCode) -> Vec<Violation> {
    let mut found = Vec::new();
    c.code = c.code.trim().to_ascii_uppercase();
    if c.code.len() != 2 || !c.code.bytes().all(|b| b.is_ascii_uppercase()) {
        found.push(Violation::reject("st3.code", format!("{:?} is not a two-letter code", c.code)));
    }
    c.name = c.name.trim().to_owned();
    c.status = c.status.trim().to_ascii_lowercase();
    if !matches!(c.status.as_str(), "current" | "former") {
        found.push(Violation::reject("st3.status", format!("status {:?} is not current or former", c.status)));
    }
    found
}

/// Canonicalises a Nice row; a class outside 1–45, a kind other than good / service, or no
/// text is rejected.
pub fn normalize_nice_class(n: &mut NiceClass) -> Vec<Violation> {
    let mut found = Vec::new();
    if !(1..=45).contains(&n.class_number) {
        found.push(Violation::reject("nice.class", format!("class {} is not 1-45", n.class_number)));
    }
    if !matches!(n.kind.as_str(), "good" | "service") {
        found.push(Violation::reject("nice.kind", format!("kind {:?} is not good or service", n.kind)));
    }
    n.text = collapse_whitespace(&n.text);
    if n.text.is_empty() {
        found.push(Violation::reject("nice.text_missing", format!("{} has no text", n.wipo_id)));
    }
    n.date_in_force = n.date_in_force.as_deref().and_then(|d| iso_date(d).ok().flatten());
    found
}

/// Canonicalises an IPC / CPC row: display and packed forms from whichever the source gives,
/// section and level derived; a symbol that cannot be read is rejected.
pub fn normalize_class_symbol(s: &mut ClassSymbol) -> Vec<Violation> {
    let raw = s.symbol.trim().to_owned();
    let level = match raw.len() {
        1 => Some("section"),
        3 => Some("class"),
        4 => Some("subclass"),
        _ => None,
    };
    let well_formed_head = raw.get(..1).is_some_and(|c| c.bytes().all(|b| b.is_ascii_uppercase()))
        && raw.get(1..3.min(raw.len())).is_none_or(|d| d.bytes().all(|b| b.is_ascii_digit()));
    match level {
        Some(level) if well_formed_head && raw.get(3..).is_none_or(|c| c.bytes().all(|b| b.is_ascii_uppercase())) => {
            s.symbol_packed.clone_from(&raw);
            s.level = level.to_owned();
            s.symbol = raw;
        }
        _ => {
            let Some(parsed) = from_packed(&raw).or_else(|| parse_text(&raw)) else {
                return vec![Violation::reject("class.symbol", format!("{} symbol {raw:?} cannot be read", s.scheme))];
            };
            if s.level != "guidance_heading" {
                let main = parsed.packed[8..].bytes().all(|b| b == b'0');
                s.level = if main { "main_group" } else { "subgroup" }.to_owned();
            }
            s.symbol = parsed.display;
            s.symbol_packed = parsed.packed;
        }
    }
    s.section = s.symbol[..1].to_owned();
    s.title = s.title.as_deref().map(collapse_whitespace).filter(|t| !t.is_empty());
    s.references = s.references.iter().map(|r| collapse_whitespace(r)).filter(|r| !r.is_empty()).collect();
    s.parent = s
        .parent
        .as_deref()
        .and_then(|p| from_packed(p).or_else(|| parse_text(p)).map(|p| p.display).or(Some(p.to_owned())));
    s.ipc_concordant = s
        .ipc_concordant
        .as_deref()
        .map(|p| from_packed(p).or_else(|| parse_text(p)).map_or_else(|| p.to_owned(), |p| p.display));
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_of_every_level() {
        let level = |raw: &str| {
            let mut s = ClassSymbol { scheme: "ipc".into(), symbol: raw.into(), ..Default::default() };
            let found = normalize_class_symbol(&mut s);
            (found.is_empty(), s.symbol, s.symbol_packed, s.level, s.section)
        };
        assert_eq!(level("A"), (true, "A".into(), "A".into(), "section".into(), "A".into()));
        assert_eq!(level("A01B"), (true, "A01B".into(), "A01B".into(), "subclass".into(), "A".into()));
        assert_eq!(
            level("A45D0024280000"),
            (true, "A45D 24/28".into(), "A45D0024280000".into(), "subgroup".into(), "A".into())
        );
        assert_eq!(level("A01L1/00").3, "main_group");
        assert!(!level("hello world").0);
    }
}
