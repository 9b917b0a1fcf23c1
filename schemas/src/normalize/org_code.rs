//! Chinese organisation identifiers: the unified social credit code (统一社会信用代码,
//! GB 32100-2015) and its check character.

/// The 31 characters of the code, in value order (no I, O, S, V, Z).
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17 (3^(i) mod 31).
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Why `code` is not a unified social credit code, or `None` when it is one: 18 characters of
/// the code alphabet whose last is the check character of the first 17.
///
/// ```
/// use ipdc_schemas::normalize::org_code::uscc_problem;
/// assert_eq!(uscc_problem("91350100M000100Y43"), None);
/// assert!(uscc_problem("91350100M000100Y44").unwrap().contains("check character"));
/// ```
pub fn uscc_problem(code: &str) -> Option<String> {
    let bytes = code.trim().as_bytes();
    if bytes.len() != 18 {
        return Some(format!("{code:?} has {} characters, a unified social credit code has 18", bytes.len()));
    }
    let mut values = [0u32; 18];
    for (i, b) in bytes.iter().enumerate() {
        match ALPHABET.iter().position(|a| a == &b.to_ascii_uppercase()) {
            Some(v) => values[i] = v as u32,
            None => return Some(format!("{code:?}: {:?} is not a character of the code", *b as char)),
        }
    }
    let sum: u32 = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let expected = (31 - sum % 31) % 31;
    (values[17] != expected).then(|| {
        format!(
            "{code:?}: check character is {:?}, {:?} expected",
            bytes[17] as char, ALPHABET[expected as usize] as char
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_characters() {
        assert_eq!(uscc_problem("91110000802100433B"), None);
        assert!(uscc_problem("911100001000122330").is_some());
        assert!(uscc_problem("91350100M000100I43").unwrap().contains("not a character"));
        assert!(uscc_problem("9135").unwrap().contains("18"));
    }
}
