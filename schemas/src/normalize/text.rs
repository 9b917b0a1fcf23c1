//! Text, name and date canonicalisation: whitespace, NFC, full-width folding, ISO dates.

use unicode_normalization::UnicodeNormalization;

/// Collapses runs of whitespace (ASCII and Unicode `White_Space`) to one space and trims the
/// ends. Runs of ASCII are copied in bulk; only non-ASCII characters are decoded.
///
/// ```
/// use ipdc_schemas::normalize::text::collapse_whitespace;
/// assert_eq!(collapse_whitespace("  a\n\t b\u{2003}c  "), "a b c");
/// ```
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    Collapsing::new(&mut out).push(s);
    out
}

/// Appends text to the end of a string, collapsing whitespace as [`collapse_whitespace`] does
/// across every piece pushed (a space between pieces is kept once, none at either end): for
/// text that comes in pieces, such as an element's text runs, written where it will stay.
#[derive(Debug)]
pub struct Collapsing<'a> {
    out: &'a mut String,
    start: usize,
    pending_space: bool,
}

impl<'a> Collapsing<'a> {
    /// Appends to `out` from its current end.
    pub fn new(out: &'a mut String) -> Self {
        let start = out.len();
        Self { out, start, pending_space: false }
    }

    /// Whether nothing but whitespace was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.out.len() == self.start
    }

    /// A word break: a space before the next word, if any.
    pub fn space(&mut self) {
        self.pending_space = true;
    }

    /// Appends `s`, collapsed.
    pub fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if is_collapsed(s) {
            self.word(s);
            return;
        }
        // Runs of words with single spaces between them are copied whole; only the other
        // whitespace (line breaks, tabs, doubled or Unicode spaces, the ends) is rewritten.
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let space = whitespace_len(s, i);
            if space > 0 {
                self.pending_space = true;
                i += space;
                continue;
            }
            let mut end = i;
            while end < bytes.len() {
                let b = bytes[end];
                if b.is_ascii() && !is_ascii_space(b) {
                    end += 1;
                } else if b == b' ' {
                    // A single space between two words stays inside the run.
                    match bytes.get(end + 1) {
                        Some(&next) if next.is_ascii() && !is_ascii_space(next) => end += 2,
                        Some(&next) if !next.is_ascii() && whitespace_len(s, end + 1) == 0 => end += 1,
                        _ => break,
                    }
                } else if !b.is_ascii() {
                    let c = s[end..].chars().next().expect("end is at a char boundary");
                    if c.is_whitespace() {
                        break;
                    }
                    end += c.len_utf8();
                } else {
                    break; // ASCII white space other than a space
                }
            }
            self.word(&s[i..end]);
            i = end;
        }
    }

    fn word(&mut self, w: &str) {
        if self.pending_space && !self.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push_str(w);
    }
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// Length of the white space character at byte `i` of `s` (0 when it is not one).
fn whitespace_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return usize::from(is_ascii_space(b));
    }
    let c = s[i..].chars().next().expect("i is at a char boundary");
    if c.is_whitespace() { c.len_utf8() } else { 0 }
}

/// Whether `s` is already collapsed: no leading or trailing space, no whitespace but single
/// spaces. Checked with vectorised searches, so the common case (a paragraph on one line) is
/// one scan and one copy instead of a walk word by word.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return true };
    if first == b' ' || last == b' ' {
        return false;
    }
    // Short ASCII values (numbers, dates, codes, names) in one pass, without the searches'
    // set-up cost.
    if b.len() <= 64 && b.is_ascii() {
        return !b.iter().any(|c| matches!(c, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
            && !b.windows(2).any(|w| w == b"  ");
    }
    if memchr::memchr3(b'\n', b'\t', b'\r', b).is_some()
        || memchr::memchr2(0x0B, 0x0C, b).is_some()
        || memchr::memmem::find(b, b"  ").is_some()
    {
        return false;
    }
    // Unicode whitespace beyond ASCII: U+0085, U+00A0 (C2 ..), U+1680 (E1 ..), U+2000–200A,
    // U+2028, U+2029, U+202F, U+205F (E2 ..), U+3000 (E3 80 80).
    let unicode_space = |i: usize| {
        matches!(
            (b[i], b.get(i + 1).copied(), b.get(i + 2).copied()),
            (0xC2, Some(0x85 | 0xA0), _)
                | (0xE1, Some(0x9A), Some(0x80))
                | (0xE2, Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                | (0xE2, Some(0x81), Some(0x9F))
                | (0xE3, Some(0x80), Some(0x80))
        )
    };
    !memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b).any(unicode_space) && !memchr::memchr_iter(0xE3, b).any(unicode_space)
}

/// Folds full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII forms.
///
/// ```
/// assert_eq!(ipdc_schemas::normalize::text::fold_full_width("ＡＢＣ　１２３"), "ABC 123");
/// ```
pub fn fold_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Canonical name: NFC, full-width ASCII folded, whitespace collapsed.
///
/// ```
/// assert_eq!(ipdc_schemas::normalize::text::canonical_name("  ＳＡＭＳＵＮＧ  Display "), "SAMSUNG Display");
/// ```
pub fn canonical_name(s: &str) -> String {
    if s.is_ascii() {
        // ASCII is in NFC and holds no full-width forms.
        return collapse_whitespace(s);
    }
    let nfc: String = s.nfc().collect();
    collapse_whitespace(&fold_full_width(&nfc))
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any accepted layout.
    Unreadable,
    /// Digits that do not form a calendar date.
    OutOfRange,
}

/// Reads `YYYYMMDD`, `YYYY-MM-DD` (with any suffix such as a time zone) into ISO `YYYY-MM-DD`.
///
/// The null placeholders `0`, `00000000`, `0000000000` and empty strings give `Ok(None)`.
/// A day of `00` (month precision, common in US citations) becomes the 1st.
///
/// ```
/// use ipdc_schemas::normalize::text::iso_date;
/// assert_eq!(iso_date("20150106"), Ok(Some("2015-01-06".into())));
/// assert_eq!(iso_date("2000-05-09-04:00"), Ok(Some("2000-05-09".into())));
/// assert_eq!(iso_date("00000000"), Ok(None));
/// assert_eq!(iso_date("20101100"), Ok(Some("2010-11-01".into())));
/// ```
///
/// # Errors
/// [`DateError`] when the text is not a date.
pub fn iso_date(raw: &str) -> Result<Option<String>, DateError> {
    let s = raw.trim();
    if s.is_empty() || s.bytes().all(|b| b == b'0') {
        return Ok(None);
    }
    let b = s.as_bytes();
    let (y, m, d) = if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) && (b.len() == 8 || !b[8].is_ascii_digit())
    {
        (&s[0..4], &s[4..6], &s[6..8])
    } else if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        (&s[0..4], &s[5..7], &s[8..10])
    } else {
        return Err(DateError::Unreadable);
    };
    let parse = |t: &str| t.parse::<u32>().map_err(|_| DateError::Unreadable);
    let (year, month, mut day) = (parse(y)?, parse(m)?, parse(d)?);
    if day == 0 {
        day = 1;
    }
    if !(1..=12).contains(&month) || day > days_in_month(year, month) || year < 1700 {
        return Err(DateError::OutOfRange);
    }
    // Written digit by digit: dates are in every record, and `format!` costs more than the rest.
    let mut iso = String::with_capacity(10);
    push_digits(&mut iso, year, 4);
    iso.push('-');
    push_digits(&mut iso, month, 2);
    iso.push('-');
    push_digits(&mut iso, day, 2);
    Ok(Some(iso))
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (value / 10u32.pow(place) % 10) as u8));
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Year of an ISO date string.
pub fn year_of(iso: &str) -> Option<i32> {
    iso.get(0..4)?.parse().ok()
}

/// Lower-cased ISO 639-1 language code, or `None` for empty values.
pub fn lang_code(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {

    #[test]
    fn pieces_collapse_as_their_concatenation() {
        let pieces: &[&[&str]] = &[
            &["  a", "b  ", " c"],
            &["H", "2", "O"],
            &["x\n", "\t", "\u{2003}y "],
            &["", " ", "z"],
            &["already collapsed", "and more"],
        ];
        for p in pieces {
            let mut out = String::from("keep\n");
            let mut line = Collapsing::new(&mut out);
            for piece in *p {
                line.push(piece);
            }
            assert_eq!(out, format!("keep\n{}", collapse_whitespace(&p.concat())), "{p:?}");
        }
        let mut out = String::new();
        let mut line = Collapsing::new(&mut out);
        line.push("a");
        line.space();
        line.push("b");
        line.space();
        assert!(!line.is_empty());
        assert_eq!(out, "a b");
    }

    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date("0"), Ok(None));
        assert_eq!(iso_date("0000000000"), Ok(None));
        assert_eq!(iso_date(" 20240229 "), Ok(Some("2024-02-29".into())));
        assert_eq!(iso_date("20230229"), Err(DateError::OutOfRange));
        assert_eq!(iso_date("20231301"), Err(DateError::OutOfRange));
        assert_eq!(iso_date("2023"), Err(DateError::Unreadable));
        assert_eq!(iso_date("202301011"), Err(DateError::Unreadable));
    }

    #[test]
    fn collapsing_matches_splitting_on_white_space() {
        // Every string of up to five characters over an alphabet of words, ASCII and Unicode
        // white space, controls and multi-byte letters.
        let alphabet = ['a', 'Z', ' ', '\n', '\t', '\u{1}', '\u{A0}', '\u{3000}', '名', '\u{2029}'];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> =
                strings.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            strings.extend(longer);
            strings.dedup();
        }
        for s in &strings {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(s), want, "{s:?}");
        }
    }

    #[test]
    fn collapsed_text_is_copied_and_any_other_collapsed() {
        for s in ["a b", "温度 25 °C", "中文", ""] {
            assert!(is_collapsed(s), "{s}");
            assert_eq!(collapse_whitespace(s), s);
        }
        for (s, want) in [
            (" a", "a"),
            ("a  b", "a b"),
            ("a\nb", "a b"),
            ("a\u{a0}b", "a b"),
            ("a\u{2009}b", "a b"),
            ("北京\u{3000}上海", "北京 上海"),
            ("a\u{205f}b", "a b"),
        ] {
            assert!(!is_collapsed(s), "{s:?}");
            assert_eq!(collapse_whitespace(s), want);
        }
    }

    #[test]
    fn names() {
        assert_eq!(canonical_name("Cafe\u{301}"), "Café");
        assert_eq!(canonical_name("北京\u{3000}英赛嘉华 "), "北京 英赛嘉华");
        assert_eq!(collapse_whitespace("a\n\t b"), "a b");
    }
}
