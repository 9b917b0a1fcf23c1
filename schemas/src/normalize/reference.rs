//! Canonicalisation of reference records (`country_code`).

use super::Violation;
use crate::datasets::reference::CountryCode;

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
