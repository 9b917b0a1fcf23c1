//! Application and publication numbers: ST.13 keys, the CN check digit (ZC 0006-2003),
//! CNIPA 15-digit standard numbers, and canonical publication numbers per office (ST.6).

/// A CN application number read from any of its written forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CnApplication {
    /// `CN` + 12 digits (2003-10 on) or 8 digits (1985–2003), no check digit.
    pub key: String,
    /// Check digit as written, when written.
    pub written_check: Option<char>,
    /// Check digit computed from the body; `None` for 1985–88 numbers, which had none.
    pub computed_check: Option<char>,
    /// 15-digit ST.13 form (type 2 + year 4 + serial 9) for the types observed in CNIPA data.
    pub st13: Option<String>,
}

impl CnApplication {
    /// `Some(true|false)` when a written check digit can be compared with a computed one.
    pub fn check_ok(&self) -> Option<bool> {
        Some(self.written_check? == self.computed_check?)
    }
}

/// CN check digit over an 8- or 12-digit body: Σ dᵢ·wᵢ mod 11 with cyclic weights 2..9, 10 → `X`.
///
/// ```
/// use ipdc_schemas::normalize::number::cn_check_digit;
/// assert_eq!(cn_check_digit("201710601862"), Some('3'));
/// assert_eq!(cn_check_digit("95115608"), Some('X'));
/// ```
pub fn cn_check_digit(body: &str) -> Option<char> {
    if !(body.len() == 8 || body.len() == 12) || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = body.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * (2 + (i as u32 % 8))).sum();
    match sum % 11 {
        10 => Some('X'),
        r => char::from_digit(r, 10),
    }
}

/// Reads a CN application number: `ZL201710601862.3`, `CN 2017 1 0601862.3`, `2017106018623`,
/// `95115608.X`, `88100001`, or the CNIPA standard form `102021001286633`.
///
/// ```
/// use ipdc_schemas::normalize::number::parse_cn_application;
/// let a = parse_cn_application("202111286633.X").unwrap();
/// assert_eq!(a.key, "CN202111286633");
/// assert_eq!(a.check_ok(), Some(true));
/// assert_eq!(a.st13.as_deref(), Some("102021001286633"));
/// let s = parse_cn_application("112021000002433").unwrap();
/// assert_eq!(s.key, "CN202180002433");
/// ```
pub fn parse_cn_application(raw: &str) -> Option<CnApplication> {
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let cleaned = cleaned.strip_prefix("ZL").or_else(|| cleaned.strip_prefix("CN")).unwrap_or(&cleaned);
    let (body, written) = match cleaned.split_once('.') {
        Some((body, check)) => (body.to_owned(), check.chars().next()),
        None if cleaned.len() == 15 && cleaned.bytes().all(|b| b.is_ascii_digit()) => {
            return from_standard(cleaned);
        }
        None if cleaned.len() == 13 || cleaned.len() == 9 => {
            let (b, c) = cleaned.split_at(cleaned.len() - 1);
            (b.to_owned(), c.chars().next())
        }
        None => (cleaned.to_owned(), None),
    };
    if !(body.len() == 12 || body.len() == 8) || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let no_check_era = body.len() == 8 && matches!(&body[..2], "85" | "86" | "87" | "88");
    let computed = if no_check_era { None } else { cn_check_digit(&body) };
    Some(CnApplication {
        st13: st13_of(&body),
        key: format!("CN{body}"),
        written_check: written,
        computed_check: computed,
    })
}

/// ST.13 IP-type codes CNIPA uses in its standard numbers, for the application types observed
/// in its data (1 invention → 10, 8 PCT invention national phase → 11). Others are not guessed.
fn st13_type(app_type: char) -> Option<&'static str> {
    match app_type {
        '1' => Some("10"),
        '8' => Some("11"),
        _ => None,
    }
}

fn st13_of(body: &str) -> Option<String> {
    let (year, ty, serial) = match body.len() {
        12 => (body[..4].to_owned(), body.chars().nth(4)?, &body[5..]),
        8 => {
            (format!("{}{}", if body[..2] < *"50" { "20" } else { "19" }, &body[..2]), body.chars().nth(2)?, &body[3..])
        }
        _ => return None,
    };
    Some(format!("{}{year}{serial:0>9}", st13_type(ty)?))
}

fn from_standard(std: &str) -> Option<CnApplication> {
    let ty = match &std[..2] {
        "10" => '1',
        "11" => '8',
        "20" => '2',
        "21" => '9',
        "30" => '3',
        _ => return None,
    };
    let (year, serial) = (&std[2..6], &std[6..]);
    let body = if year >= "2004" || (year == "2003" && serial.trim_start_matches('0').len() > 5) {
        format!("{year}{ty}{}", &serial[2..])
    } else {
        format!("{}{ty}{}", &year[2..], &serial[4..])
    };
    Some(CnApplication {
        computed_check: cn_check_digit(&body),
        key: format!("CN{body}"),
        written_check: None,
        st13: Some(std.to_owned()),
    })
}

/// Canonical application key for non-CN offices: office + the number without separators.
/// EP application numbers are written with a check digit after a dot (`05255002.7`); the key
/// is the eight digits without it, as DOCDB writes them.
///
/// ```
/// use ipdc_schemas::normalize::number::application_key;
/// assert_eq!(application_key("US", "13/648,029"), Some("US13648029".into()));
/// assert_eq!(application_key("EP", "05255002.7"), Some("EP05255002".into()));
/// ```
pub fn application_key(office: &str, raw: &str) -> Option<String> {
    let raw = match raw.trim().rsplit_once('.') {
        Some((number, check)) if office == "EP" && check.len() == 1 && check.as_bytes()[0].is_ascii_digit() => number,
        _ => raw,
    };
    let body: String = raw.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
    let body = body.strip_prefix(office).unwrap_or(&body).to_owned();
    (!body.is_empty()).then(|| format!("{office}{body}"))
}

/// Canonical publication number (office prefix, no kind) per office rules:
/// CN kept as written (7- and 9-digit series are distinct, never padded); US without commas,
/// slashes or leading zeros, keeping `D`/`PP`/`RE`/`H`/`T` prefixes; EP zero-padded to 7;
/// WO with slashes and spaces removed; other offices with separators removed.
///
/// ```
/// use ipdc_schemas::normalize::number::publication_number;
/// assert_eq!(publication_number("US", "08930553"), "US8930553");
/// assert_eq!(publication_number("US", "D0452599"), "USD452599");
/// assert_eq!(publication_number("US", "2007/0140112"), "US20070140112");
/// assert_eq!(publication_number("CN", "1340998"), "CN1340998");
/// assert_eq!(publication_number("EP", "1234"), "EP0001234");
/// assert_eq!(publication_number("WO", "WO 2014/157990"), "WO2014157990");
/// ```
pub fn publication_number(office: &str, raw: &str) -> String {
    let mut body: String = raw.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
    if let Some(rest) = body.strip_prefix(office) {
        body = rest.to_owned();
    }
    match office {
        "US" => {
            let split = body.find(|c: char| c.is_ascii_digit()).unwrap_or(body.len());
            let (prefix, digits) = body.split_at(split);
            let digits = if digits.len() == 11 { digits } else { digits.trim_start_matches('0') };
            format!("US{prefix}{digits}")
        }
        "EP" if body.bytes().all(|b| b.is_ascii_digit()) => format!("EP{body:0>7}"),
        _ => format!("{office}{body}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &str = include_str!("../../reference/cn_appno_test_vectors.csv");

    /// Every row of the shared test-vector table: computed digit, verdict, key and standard form.
    #[test]
    fn cn_test_vectors() {
        let mut rows = 0;
        for line in VECTORS.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            let (body, published, computed, verdict, key, std) = (cols[0], cols[1], cols[2], cols[3], cols[5], cols[6]);
            assert_eq!(cn_check_digit(body).map(String::from), Some(computed.to_owned()), "{body}");
            let written = if published.is_empty() { body.to_owned() } else { format!("{body}.{published}") };
            let parsed = parse_cn_application(&written).expect(body);
            assert_eq!(parsed.key, key, "{body}");
            match verdict {
                "PASS" => assert_eq!(parsed.check_ok(), Some(true), "{body}"),
                "FAIL" => assert_eq!(parsed.check_ok(), Some(false), "{body}"),
                _ => assert_eq!(parsed.check_ok(), None, "{body}"),
            }
            // The standard form links back to the same key.
            assert_eq!(parse_cn_application(std).expect(std).key, key, "{std}");
            if cols[7] == "observed" {
                assert_eq!(parsed.st13.as_deref(), Some(std), "{body}");
            }
            rows += 1;
        }
        assert_eq!(rows, 12);
    }

    #[test]
    fn cn_written_forms() {
        for raw in ["ZL201710601862.3", "CN 201710601862.3", "2017106018623", "cn201710601862.3"] {
            let a = parse_cn_application(raw).expect(raw);
            assert_eq!(a.key, "CN201710601862", "{raw}");
            assert_eq!(a.check_ok(), Some(true), "{raw}");
        }
        let wrong = parse_cn_application("CN202310123456.7").unwrap();
        assert_eq!(wrong.check_ok(), Some(false));
        assert_eq!(wrong.computed_check, Some('6'));
        let old = parse_cn_application("88100001").unwrap();
        assert_eq!((old.key.as_str(), old.check_ok()), ("CN88100001", None));
        assert!(parse_cn_application("12345").is_none());
    }

    #[test]
    fn publication_numbers() {
        assert_eq!(publication_number("US", "RE038462"), "USRE38462");
        assert_eq!(publication_number("US", "PP012345"), "USPP12345");
        assert_eq!(publication_number("US", "US 11,234,567"), "US11234567");
        assert_eq!(publication_number("US", "20050004437"), "US20050004437");
        assert_eq!(publication_number("CN", "CN 116123456"), "CN116123456");
        assert_eq!(publication_number("EP", "EP1234567"), "EP1234567");
    }
}
