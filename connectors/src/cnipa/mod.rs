//! CNIPA national patent feeds.

pub mod business;
pub mod legacy;

/// Splits an agency name written with its 5-digit code (`北京英赛嘉华知识产权代理有限责任公司 11204`).
pub(crate) fn split_agency(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    match raw.rsplit_once(char::is_whitespace) {
        Some((name, code)) if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) => {
            (name.trim().to_owned(), Some(code.to_owned()))
        }
        _ => (raw.to_owned(), None),
    }
}
