//! Named character entities of the patent formats, mapped to characters.
//!
//! USPTO, CNIPA (`ipphdb-entities`) and EPO (`docdb-entities`) documents use the ISO 8879 /
//! ISO 9573 entity sets (`&lsqb;`, `&minus;`, `&agr;` …). Their DOCTYPEs name the DTD files but
//! the files are never fetched: the table is built once from the EPO `docdb-entities.dtd`
//! bundled in `connectors/entities/` (2 378 entities, ISO sets), plus the five XML built-ins.

use std::collections::HashMap;
use std::sync::OnceLock;

const DOCDB_ENTITIES: &str = include_str!("../../entities/docdb-entities.dtd");

fn table() -> &'static HashMap<&'static str, String> {
    static TABLE: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<&'static str, String> = parse_declarations(DOCDB_ENTITIES).collect();
        for (name, value) in [("lt", "<"), ("gt", ">"), ("amp", "&"), ("apos", "'"), ("quot", "\"")] {
            map.insert(name, value.to_owned());
        }
        map
    })
}

/// The replacement text of a named entity of the shared sets.
pub fn lookup(name: &str) -> Option<&'static str> {
    table().get(name).map(String::as_str)
}

/// Reads `<!ENTITY name "&#x…;&#x…;">` declarations whose values are character references.
fn parse_declarations(dtd: &'static str) -> impl Iterator<Item = (&'static str, String)> {
    dtd.split("<!ENTITY").skip(1).filter_map(|decl| {
        let decl = decl.trim_start();
        let name_end = decl.find(char::is_whitespace)?;
        let name = &decl[..name_end];
        let rest = decl[name_end..].trim_start();
        let value = rest.strip_prefix('"')?;
        let value = &value[..value.find('"')?];
        Some((name, decode_char_refs(value)?))
    })
}

/// Decodes a value made only of `&#x…;` / `&#…;` references and literal characters.
pub(crate) fn decode_char_refs(value: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';')? + i;
        let code = &rest[i + 2..end];
        let n = match code.strip_prefix('x').or_else(|| code.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => code.parse().ok()?,
        };
        out.push(char::from_u32(n)?);
        rest = &rest[end + 1..];
    }
    if rest.contains('&') {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_sets_resolve() {
        assert_eq!(lookup("lsqb"), Some("["));
        assert_eq!(lookup("minus"), Some("\u{2212}"));
        assert_eq!(lookup("agr"), Some("\u{3b1}"));
        assert_eq!(lookup("emsp"), Some("\u{2003}"));
        assert_eq!(lookup("amp"), Some("&"));
        assert_eq!(lookup("napE"), Some("\u{2a70}\u{338}"));
        assert_eq!(lookup("no-such-entity"), None);
        assert!(table().len() > 2000, "{}", table().len());
    }
}
