//! IPC and CPC symbols: display form, 14-character packed form and version (WIPO ST.8).

/// A classification symbol in its canonical forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Symbol {
    /// Display form, `H04L 29/06`.
    pub display: String,
    /// Packed form, `H04L0029060000`.
    pub packed: String,
    /// Version `YYYY.MM` when known.
    pub version: Option<String>,
    /// ST.8 positions 28–30 and 40–42 when a fixed-width symbol carried them.
    pub level: Option<String>,
    /// First/later.
    pub position: Option<String>,
    /// Inventive/non-inventive.
    pub value: Option<String>,
    /// Data source.
    pub source: Option<String>,
    /// Generating office.
    pub office: Option<String>,
}

/// Builds a symbol from its parts: subclass (`G09G`), main group (`3`), subgroup (`3208`).
///
/// ```
/// let s = ipdc_schemas::normalize::classification::from_parts("G09G", "3", "3208").unwrap();
/// assert_eq!((s.display.as_str(), s.packed.as_str()), ("G09G 3/3208", "G09G0003320800"));
/// ```
pub fn from_parts(subclass: &str, main_group: &str, subgroup: &str) -> Option<Symbol> {
    let subclass = subclass.trim().to_ascii_uppercase();
    let main_group = main_group.trim().trim_start_matches('0');
    let subgroup = subgroup.trim();
    let valid_subclass = subclass.len() == 4
        && subclass.as_bytes()[0].is_ascii_uppercase()
        && subclass[1..3].bytes().all(|b| b.is_ascii_digit())
        && subclass.as_bytes()[3].is_ascii_uppercase();
    let main_group = if main_group.is_empty() { "0" } else { main_group };
    if !valid_subclass
        || main_group.len() > 4
        || !main_group.bytes().all(|b| b.is_ascii_digit())
        || subgroup.is_empty()
        || subgroup.len() > 6
        || !subgroup.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Subgroups are written at least two digits wide (`/00`, `/02`); `/3208` stays as it is.
    let sub_display = if subgroup.len() == 1 { format!("{subgroup}0") } else { subgroup.to_owned() };
    Some(Symbol {
        display: format!("{subclass} {main_group}/{sub_display}"),
        packed: format!("{subclass}{main_group:0>4}{sub_display:0<6}"),
        ..Symbol::default()
    })
}

/// Version `YYYY.MM` from an ST.8 version date (`20160101`) or an already dotted form.
pub fn version(raw: &str) -> Option<String> {
    let t = raw.trim().trim_matches(|c| c == '(' || c == ')');
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 6 && !digits.bytes().all(|b| b == b'0')).then(|| format!("{}.{}", &digits[..4], &digits[4..6]))
}

/// A group symbol from the 14-character packed form of the master files: `A45D0024280000` is
/// A45D 24/28.
///
/// ```
/// use ipdc_schemas::normalize::classification::from_packed;
/// assert_eq!(from_packed("A45D0024280000").unwrap().display, "A45D 24/28");
/// assert_eq!(from_packed("A01B0001000000").unwrap().display, "A01B 1/00");
/// ```
pub fn from_packed(packed: &str) -> Option<Symbol> {
    if packed.len() != 14 || !packed.is_ascii() || !packed[4..].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sub = packed[8..].trim_end_matches('0');
    let sub = if sub.len() < 2 { &packed[8..10] } else { sub };
    from_parts(&packed[..4], &packed[4..8], sub)
}

/// Parses a symbol written as text: `G09G    3/3208  (2016.01)`, `H04L 29/06`, `D07B2201/2051`,
/// or the 50-position ST.8 fixed-width form (`H04L  29/06        20060101AFI20051008RHEP`).
///
/// ```
/// use ipdc_schemas::normalize::classification::parse_text;
/// let s = parse_text("G09G    3/3208  (2016.01)").unwrap();
/// assert_eq!((s.display.as_str(), s.version.as_deref()), ("G09G 3/3208", Some("2016.01")));
/// assert_eq!(parse_text("D07B2201/2051").unwrap().display, "D07B 2201/2051");
/// ```
pub fn parse_text(raw: &str) -> Option<Symbol> {
    let t = raw.trim_start();
    if t.len() < 6 || !t.is_ascii() {
        return None;
    }
    // ST.8 columns: the version date in 20–27, or (EPO OPS) left blank with the level,
    // position and value columns still in place.
    if t.len() >= 30
        && t.as_bytes().get(8) == Some(&b'/')
        && (t[19..27].bytes().all(|b| b.is_ascii_digit()) || t[15..27].bytes().all(|b| b == b' '))
    {
        return fixed_width(t);
    }
    let (subclass, rest) = t.split_at(4);
    let (symbol, tail) = match rest.find('(') {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let mut s = match symbol.split_once('/') {
        Some((main, sub)) => from_parts(subclass, main, sub)?,
        None => ipc7_fixed(subclass, symbol)?,
    };
    s.version = tail.and_then(version);
    Some(s)
}

/// USPTO Red Book IPC 7 (v4.0–v4.1): after the subclass, a main group right-aligned in three
/// columns and the subgroup, with no slash: `A45F  504` is A45F 5/04, `F25D 2312` is F25D 23/12.
fn ipc7_fixed(subclass: &str, rest: &str) -> Option<Symbol> {
    let rest = rest.trim_end();
    if rest.len() < 5 || !rest.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
        return None;
    }
    from_parts(subclass, &rest[..3], rest[3..].trim())
}

fn fixed_width(t: &str) -> Option<Symbol> {
    let pos = |i: usize| t.get(i..=i).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let mut s = from_parts(&t[0..4], &t[4..8], t[9..15.min(t.len())].trim())?;
    s.version = version(t[19..27].trim());
    s.level = pos(27);
    s.position = pos(28);
    s.value = pos(29);
    s.source = pos(39);
    s.office = t.get(40..42).map(str::trim).filter(|o| o.len() == 2).map(str::to_owned);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let s = parse_text("H04L  29/06        20060101AFI20051008RHEP").unwrap();
        assert_eq!(s.display, "H04L 29/06");
        assert_eq!(s.packed, "H04L0029060000");
        assert_eq!(s.version.as_deref(), Some("2006.01"));
        assert_eq!((s.level.as_deref(), s.position.as_deref(), s.value.as_deref()), (Some("A"), Some("F"), Some("I")));
        assert_eq!((s.source.as_deref(), s.office.as_deref()), (Some("H"), Some("EP")));
        // EPO OPS: the subgroup right-aligned, no version date, level and value kept.
        let s = parse_text("H04W  84/    20            A I                    ").unwrap();
        assert_eq!((s.display.as_str(), s.version, s.level.as_deref()), ("H04W 84/20", None, Some("A")));
        assert_eq!((s.position, s.value.as_deref()), (None, Some("I")));
        assert_eq!(parse_text("G09G    3/36    (2006.01)").unwrap().packed, "G09G0003360000");
        assert_eq!(parse_text("A45F  504").unwrap().display, "A45F 5/04");
        assert_eq!(parse_text("F25D 2312").unwrap().display, "F25D 23/12");
        assert_eq!(parse_text("H05K  720").unwrap().display, "H05K 7/20");
        assert_eq!(from_parts("A01B", "1", "02").unwrap().packed, "A01B0001020000");
        assert_eq!(from_parts("A01B", "1", "0").unwrap().display, "A01B 1/00");
        assert_eq!(from_parts("A01B", "0001", "00").unwrap().display, "A01B 1/00");
        assert!(from_parts("a01", "1", "00").is_none());
        assert!(parse_text("nonsense").is_none());
        assert_eq!(version("20160101").as_deref(), Some("2016.01"));
        assert_eq!(version("00000000"), None);
    }
}
