//! WIPO ST.3 office and country codes: validation, former codes, `UK` → `GB`.

use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRY_CODES_CSV: &str = include_str!("../../reference/country_codes.csv");

/// Whether a code is in force or only valid on old documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    /// A current ST.3 code.
    Current,
    /// A former code (SU, DD, YU …), valid on documents of its time.
    Former,
}

fn table() -> &'static HashMap<String, CodeStatus> {
    static TABLE: OnceLock<HashMap<String, CodeStatus>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRY_CODES_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                // Names may contain quoted commas, so only the code column is split off.
                let code = line.split(',').next()?.trim();
                let status = if line.contains(",former,") { CodeStatus::Former } else { CodeStatus::Current };
                Some((code.to_owned(), status))
            })
            .collect()
    })
}

/// The ST.3 status of an already canonical code, or `None` when it is not in ST.3.
pub fn status(code: &str) -> Option<CodeStatus> {
    table().get(code).copied()
}

/// Canonical office code: trimmed, upper case, `UK` mapped to `GB`. Former codes are kept.
///
/// ```
/// use ipdc_schemas::normalize::office::canonical;
/// assert_eq!(canonical(" uk "), "GB");
/// assert_eq!(canonical("su"), "SU");
/// ```
pub fn canonical(raw: &str) -> String {
    let code = raw.trim().to_ascii_uppercase();
    if code == "UK" { "GB".to_owned() } else { code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_current_and_former_codes() {
        assert_eq!(status("CN"), Some(CodeStatus::Current));
        assert_eq!(status("EP"), Some(CodeStatus::Current));
        assert_eq!(status("WO"), Some(CodeStatus::Current));
        assert_eq!(status("SU"), Some(CodeStatus::Former));
        assert_eq!(status("DD"), Some(CodeStatus::Former));
        assert_eq!(status("UK"), None);
        assert!(table().len() >= 240, "{} codes", table().len());
    }
}
