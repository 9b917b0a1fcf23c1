//! ST.16 kind codes read together with office and publication date into a document level.
//!
//! CN codes change meaning on 2004-07-01 (ZC 0008-2004): before it `C` is an invention grant and
//! `Y` a utility-model grant; after it `B` is the grant, `C1`–`C7`/`Y1`–`Y7` partial invalidations.
//! The CN table mirrors `reference/cn_kind_codes.csv`, which a test checks row by row.

/// Canonical kind code: trimmed and upper case; `None` when empty.
pub fn canonical(raw: &str) -> Option<String> {
    let k = raw.trim().to_ascii_uppercase();
    (!k.is_empty()).then_some(k)
}

/// One era-bounded CN kind code.
struct CnKind {
    from: &'static str,
    to: &'static str,
    kind: &'static str,
    level: &'static str,
}

const fn cn(from: &'static str, to: &'static str, kind: &'static str, level: &'static str) -> CnKind {
    CnKind { from, to, kind, level }
}

const CN_KINDS: &[CnKind] = &[
    cn("1985-09-10", "1992-12-31", "A", "application_publication"),
    cn("1985-09-10", "1992-12-31", "B", "examined_application"),
    cn("1985-09-10", "1992-12-31", "U", "utility_model_application"),
    cn("1985-09-10", "1992-12-31", "Y", "utility_model_grant"),
    cn("1985-09-10", "1992-12-31", "S", "design_publication"),
    cn("1993-01-01", "2004-06-30", "A", "application_publication"),
    cn("1993-01-01", "2004-06-30", "C", "grant"),
    cn("1993-01-01", "2004-06-30", "Y", "utility_model_grant"),
    cn("1993-01-01", "2004-06-30", "D", "design_grant"),
    cn("2004-07-01", "9999-12-31", "A", "application_publication"),
    cn("2004-07-01", "9999-12-31", "A8", "correction"),
    cn("2004-07-01", "9999-12-31", "A9", "correction"),
    cn("2004-07-01", "9999-12-31", "B", "grant"),
    cn("2004-07-01", "9999-12-31", "B8", "correction"),
    cn("2004-07-01", "9999-12-31", "B9", "correction"),
    cn("2004-07-01", "9999-12-31", "C1-C7", "partial_invalidation"),
    cn("2004-07-01", "9999-12-31", "U", "utility_model_grant"),
    cn("2004-07-01", "9999-12-31", "U8", "correction"),
    cn("2004-07-01", "9999-12-31", "U9", "correction"),
    cn("2004-07-01", "9999-12-31", "Y1-Y7", "partial_invalidation"),
    cn("2004-07-01", "9999-12-31", "S", "design_grant"),
    cn("2004-07-01", "9999-12-31", "S1-S7", "partial_invalidation"),
    cn("2004-07-01", "9999-12-31", "S8", "correction"),
    cn("2004-07-01", "9999-12-31", "S9", "correction"),
];

fn kind_matches(pattern: &str, kind: &str) -> bool {
    match pattern.split_once('-') {
        Some((lo, hi)) => {
            kind.len() == 2 && lo.len() == 2 && kind[..1] == lo[..1] && (&lo[1..]..=&hi[1..]).contains(&&kind[1..])
        }
        None => pattern == kind,
    }
}

/// Document level for an office, canonical kind and ISO publication date.
///
/// ```
/// use ipdc_schemas::normalize::kind::doc_level;
/// assert_eq!(doc_level("CN", "C", Some("2001-05-02")), Some("grant"));
/// assert_eq!(doc_level("CN", "C1", Some("2010-05-02")), Some("partial_invalidation"));
/// assert_eq!(doc_level("US", "B2", Some("2015-01-06")), Some("grant"));
/// ```
pub fn doc_level(office: &str, kind: &str, date: Option<&str>) -> Option<&'static str> {
    match office {
        "CN" => {
            let date = date?;
            CN_KINDS.iter().find(|k| k.from <= date && date <= k.to && kind_matches(k.kind, kind)).map(|k| k.level)
        }
        "US" => us_level(kind),
        "EP" | "WO" => match kind {
            "A1" | "A2" | "A3" => Some("application_publication"),
            "A4" => Some("search_report"),
            "A8" | "A9" | "B8" | "B9" => Some("correction"),
            "B1" | "B2" | "B3" => Some("grant"),
            _ => None,
        },
        _ => None,
    }
}

fn us_level(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "A" | "B1" | "B2" => "grant",
        "A1" | "A2" | "A9" | "P1" | "P4" | "P9" => "application_publication",
        "E" | "E1" => "reissue",
        "S" | "S1" => "design_grant",
        "P" | "P2" | "P3" => "plant_grant",
        "H" | "H1" => "statutory_invention_registration",
        "B3" | "C1" | "C2" | "C3" => "reexamination",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = include_str!("../../reference/cn_kind_codes.csv");

    /// Every concrete row of the shared CN kind table is in the code table with the same era.
    #[test]
    fn cn_table_matches_reference() {
        let mut rows = 0;
        for line in CSV.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            let (from, to, kind) = (cols[1], if cols[2].is_empty() { "9999-12-31" } else { cols[2] }, cols[4]);
            if kind.starts_with('(') {
                continue; // standard revisions, not kinds
            }
            assert!(
                CN_KINDS.iter().any(|k| k.from == from && k.to == to && k.kind == kind),
                "reference row {kind} {from}..{to} missing from the code table"
            );
            rows += 1;
        }
        assert_eq!(rows, CN_KINDS.len());
    }

    #[test]
    fn cn_meaning_changes_on_2004_07_01() {
        assert_eq!(doc_level("CN", "C", Some("2004-06-30")), Some("grant"));
        assert_eq!(doc_level("CN", "C", Some("2004-07-01")), None);
        assert_eq!(doc_level("CN", "Y", Some("2003-01-01")), Some("utility_model_grant"));
        assert_eq!(doc_level("CN", "Y3", Some("2012-01-01")), Some("partial_invalidation"));
        assert_eq!(doc_level("CN", "B", Some("2012-01-01")), Some("grant"));
        assert_eq!(doc_level("CN", "B", Some("1990-01-01")), Some("examined_application"));
        assert_eq!(doc_level("CN", "A", None), None);
    }
}
