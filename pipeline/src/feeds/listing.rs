//! Discovery: what files an index lists, in the forms offices publish — an HTML directory
//! listing (USPTO bulk-data style), a JSON product/file listing with sizes and checksums
//! (EPO BDDS / data-service style), an Atom or RSS feed — as [`Candidate`]s, and the
//! [`Filters`] a source applies to them.

use std::sync::LazyLock;

use chrono::NaiveDate;
use quick_xml::events::Event;
use regex::Regex;
use url::Url;

use super::settings::{Filters, ListingForm};

/// A file an index lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Artifact id: the file name (or path relative to a folder/prefix).
    pub key: String,
    /// Where to get it: a URL, a local path or an object key.
    pub location: String,
    /// Size, when listed.
    pub size: Option<u64>,
    /// Checksum, when listed.
    pub checksum: Option<Checksum>,
    /// What identifies this version of the file (checksum, or size and time); a change means
    /// the file was republished.
    pub version_tag: Option<String>,
    /// The file's date (from the listing, else its name).
    pub dated: Option<NaiveDate>,
}

/// A published checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checksum {
    /// SHA-256, lower-case hex.
    Sha256(String),
    /// MD5, lower-case hex.
    Md5(String),
}

impl Checksum {
    /// Reads `sha256:…`, `md5:…` or bare hex (64 digits SHA-256, 32 MD5).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (algo, hex) = match text.split_once(':') {
            Some((a, h)) => (Some(a.to_ascii_lowercase()), h),
            None => (None, text),
        };
        let hex = hex.trim().to_ascii_lowercase();
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        match (algo.as_deref(), hex.len()) {
            (None | Some("sha256" | "sha-256"), 64) => Some(Checksum::Sha256(hex)),
            (None | Some("md5"), 32) => Some(Checksum::Md5(hex)),
            _ => None,
        }
    }

    /// `sha256:<hex>` or `md5:<hex>`.
    pub fn tag(&self) -> String {
        match self {
            Checksum::Sha256(h) => format!("sha256:{h}"),
            Checksum::Md5(h) => format!("md5:{h}"),
        }
    }
}

/// Why an index could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ListingError(pub String);

/// Reads an index body. `content_type` decides the form when `form` is `Auto`.
///
/// # Errors
/// A body that is not the form it claims to be.
pub fn parse_listing(
    form: ListingForm,
    content_type: Option<&str>,
    base: &Url,
    body: &[u8],
) -> Result<Vec<Candidate>, ListingError> {
    let form = match form {
        ListingForm::Auto => sniff(content_type, body),
        f => f,
    };
    let mut out = match form {
        ListingForm::Json => json_listing(base, body)?,
        ListingForm::Atom => feed_listing(base, body)?,
        ListingForm::Html | ListingForm::Auto => html_listing(base, body),
    };
    // Dated files in date order, then undated ones by name.
    out.sort_by(|a, b| (a.dated.is_none(), a.dated, &a.key).cmp(&(b.dated.is_none(), b.dated, &b.key)));
    out.dedup_by(|a, b| a.key == b.key);
    Ok(out)
}

fn sniff(content_type: Option<&str>, body: &[u8]) -> ListingForm {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("json") {
        return ListingForm::Json;
    }
    if ct.contains("atom") || ct.contains("rss") {
        return ListingForm::Atom;
    }
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |i| &body[i..]);
    if start.starts_with(b"{") || start.starts_with(b"[") {
        ListingForm::Json
    } else if ct.contains("xml") || (start.starts_with(b"<?xml") && !contains(start, b"<html")) {
        ListingForm::Atom
    } else {
        ListingForm::Html
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).take(4096).any(|w| w.eq_ignore_ascii_case(needle))
}

static HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("valid regex"));

/// Every link of an HTML listing that names a file under the index (not a sub-folder, a
/// parent, a sort link or another site).
fn html_listing(base: &Url, body: &[u8]) -> Vec<Candidate> {
    let text = String::from_utf8_lossy(body);
    let mut out = Vec::new();
    for cap in HREF.captures_iter(&text) {
        let href = cap.get(1).or(cap.get(2)).or(cap.get(3)).map_or("", |m| m.as_str());
        let href = href.replace("&amp;", "&");
        if href.is_empty() || href.starts_with('?') || href.starts_with('#') || href.ends_with('/') {
            continue;
        }
        let Ok(url) = base.join(&href) else { continue };
        if url.origin() != base.origin() || !url.path().starts_with(dir_of(base)) || url.query().is_some() {
            continue;
        }
        if let Some(key) = last_segment(&url) {
            out.push(Candidate {
                dated: date_in_name(&key),
                key,
                location: url.to_string(),
                size: None,
                checksum: None,
                version_tag: None,
            });
        }
    }
    out
}

fn dir_of(url: &Url) -> &str {
    let path = url.path();
    &path[..path.rfind('/').map_or(0, |i| i + 1)]
}

fn last_segment(url: &Url) -> Option<String> {
    let seg = url.path_segments()?.next_back()?;
    let name = percent_decode(seg);
    (!name.is_empty()).then_some(name)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Objects anywhere in a JSON document that describe a file: a download URL or a file name,
/// with a size, checksum and date when present (key names as the offices spell them).
fn json_listing(base: &Url, body: &[u8]) -> Result<Vec<Candidate>, ListingError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| ListingError(format!("not JSON: {e}")))?;
    let mut out = Vec::new();
    collect_json(base, &value, &mut out);
    Ok(out)
}

fn collect_json(base: &Url, value: &serde_json::Value, out: &mut Vec<Candidate>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_json(base, v, out)),
        serde_json::Value::Object(map) => {
            let field = |names: &[&str]| {
                map.iter()
                    .find(|(k, _)| names.iter().any(|n| k.replace(['_', '-'], "").eq_ignore_ascii_case(n)))
                    .map(|(_, v)| v)
            };
            let text = |names: &[&str]| field(names).and_then(|v| v.as_str()).map(str::to_owned);
            let url = text(&["url", "href", "downloadurl", "fileurl", "link", "downloadlink"]);
            let name = text(&["filename", "name", "file"]);
            let location = match (&url, &name) {
                (Some(u), _) => base.join(u).ok(),
                (None, Some(n)) if n.contains('.') => base.join(n).ok(),
                _ => None,
            };
            if let Some(location) = location {
                let key = name.filter(|n| !n.contains('/')).or_else(|| last_segment(&location));
                if let Some(key) = key {
                    let size = field(&["size", "filesize", "bytes", "length", "contentlength", "sizebytes"])
                        .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())));
                    let checksum = text(&["sha256", "checksum", "filechecksum", "sha256sum", "digest", "hash", "md5"])
                        .and_then(|c| Checksum::parse(&c));
                    let dated = text(&[
                        "date",
                        "published",
                        "publicationdate",
                        "filepublicationdatetime",
                        "publicationdatetime",
                        "released",
                        "lastmodified",
                        "updated",
                        "created",
                    ])
                    .and_then(|d| parse_date(&d))
                    .or_else(|| date_in_name(&key));
                    out.push(Candidate {
                        version_tag: checksum.as_ref().map(Checksum::tag),
                        key,
                        location: location.to_string(),
                        size,
                        checksum,
                        dated,
                    });
                    return;
                }
            }
            map.values().for_each(|v| collect_json(base, v, out));
        }
        _ => {}
    }
}

/// Entries of an Atom or RSS feed: the enclosure (or link) of each, dated by its
/// `updated`/`published`/`pubDate`.
fn feed_listing(base: &Url, body: &[u8]) -> Result<Vec<Candidate>, ListingError> {
    let mut reader = quick_xml::Reader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut in_entry = false;
    let mut field: Option<String> = None;
    let mut entry = FeedEntry::default();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "entry" || name == "item" {
                    in_entry = true;
                    entry = FeedEntry::default();
                } else if in_entry {
                    entry.attributes(&name, &e);
                    field = Some(name);
                }
            }
            Ok(Event::Empty(e)) if in_entry => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                entry.attributes(&name, &e);
            }
            Ok(Event::Text(t)) if in_entry => {
                if let (Some(f), Ok(text)) = (field.as_deref(), t.unescape()) {
                    entry.text(f, &text);
                }
            }
            Ok(Event::CData(t)) if in_entry => {
                if let Some(f) = field.as_deref() {
                    entry.text(f, &String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name();
                if name.as_ref() == b"entry" || name.as_ref() == b"item" {
                    in_entry = false;
                    if let Some(c) = std::mem::take(&mut entry).into_candidate(base) {
                        out.push(c);
                    }
                }
                field = None;
            }
            Ok(Event::DocType(_)) => {
                return Err(ListingError("the feed has a DOCTYPE; feeds with DTDs are refused".into()));
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(ListingError(format!("feed is not well-formed at byte {}: {e}", reader.buffer_position())));
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[derive(Debug, Default)]
struct FeedEntry {
    enclosure: Option<String>,
    link: Option<String>,
    length: Option<u64>,
    date: Option<NaiveDate>,
    checksum: Option<Checksum>,
}

impl FeedEntry {
    fn attributes(&mut self, name: &str, e: &quick_xml::events::BytesStart<'_>) {
        let attr = |key: &[u8]| {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == key)
                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        };
        match name {
            "enclosure" => {
                self.enclosure = attr(b"url");
                self.length = attr(b"length").and_then(|l| l.parse().ok());
            }
            "link" => {
                let rel = attr(b"rel");
                if let Some(href) = attr(b"href") {
                    if rel.as_deref() == Some("enclosure") {
                        self.enclosure = Some(href);
                        self.length = attr(b"length").and_then(|l| l.parse().ok());
                    } else if self.link.is_none() {
                        self.link = Some(href);
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, field: &str, text: &str) {
        match field {
            "link" if self.link.is_none() && !text.trim().is_empty() => self.link = Some(text.trim().to_owned()),
            "updated" | "published" | "pubDate" | "date" if self.date.is_none() => self.date = parse_date(text),
            "sha256" | "checksum" | "hash" => self.checksum = Checksum::parse(text),
            _ => {}
        }
    }

    fn into_candidate(self, base: &Url) -> Option<Candidate> {
        let url = base.join(self.enclosure.as_deref().or(self.link.as_deref())?).ok()?;
        let key = last_segment(&url)?;
        Some(Candidate {
            dated: self.date.or_else(|| date_in_name(&key)),
            version_tag: self.checksum.as_ref().map(Checksum::tag),
            key,
            location: url.to_string(),
            size: self.length,
            checksum: self.checksum,
        })
    }
}

/// An ISO date or date-time, or an RFC 2822 date (RSS), as a day.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Some(d) = t.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        return Some(d);
    }
    chrono::DateTime::parse_from_rfc2822(t).ok().map(|d| d.date_naive())
}

static YYYYMMDD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)((?:19|20)\d{2})(\d{2})(\d{2})(?:\D|$)").expect("valid regex"));
static YYMMDD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{2})(\d{2})(\d{2})(?:\D|$)").expect("valid regex"));

/// The date a file name carries: `…20240102…` or the USPTO `ipg240102` form (20yy).
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let ymd = |y: &str, m: &str, d: &str, century: i32| {
        NaiveDate::from_ymd_opt(century + y.parse::<i32>().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    YYYYMMDD
        .captures_iter(name)
        .find_map(|c| ymd(&c[1], &c[2], &c[3], 0))
        .or_else(|| YYMMDD.captures_iter(name).find_map(|c| ymd(&c[1], &c[2], &c[3], 2000)))
}

impl Filters {
    /// Whether a source takes this file.
    pub fn accepts(&self, c: &Candidate) -> bool {
        let name = c.key.rsplit('/').next().unwrap_or(&c.key);
        if self.include.as_ref().is_some_and(|p| !p.matches(name))
            || self.exclude.as_ref().is_some_and(|p| p.matches(name))
        {
            return false;
        }
        match (self.since, self.until, c.dated) {
            (None, None, _) => true,
            // A date window only takes files whose date is known.
            (_, _, None) => false,
            (since, until, Some(d)) => since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://bulkdata.example.gov/data/patent/grant/2024/").unwrap()
    }

    #[test]
    fn an_apache_style_directory_listing() {
        let html = br#"<html><body><h1>Index of /data/patent/grant/2024</h1>
<a href="?C=N;O=D">Name</a> <a href="/data/patent/grant/">Parent Directory</a>
<a href="ipg240102.zip">ipg240102.zip</a> 2024-01-02 09:12  98M
<a HREF='ipg240109.zip'>ipg240109.zip</a>
<a href=https://bulkdata.example.gov/data/patent/grant/2024/ipg240116.zip>x</a>
<a href="older/">older/</a> <a href="https://elsewhere.example/x.zip">mirror</a>
<a href="ipg240102.zip">duplicate link</a> <a href="read%20me.txt">readme</a></body></html>"#;
        let got = parse_listing(ListingForm::Auto, Some("text/html"), &base(), html).unwrap();
        let keys: Vec<_> = got.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["ipg240102.zip", "ipg240109.zip", "ipg240116.zip", "read me.txt"]);
        assert_eq!(got[0].location, "https://bulkdata.example.gov/data/patent/grant/2024/ipg240102.zip");
        assert_eq!(got[0].dated, NaiveDate::from_ymd_opt(2024, 1, 2));
        assert_eq!(got[3].dated, None);
    }

    #[test]
    fn a_json_file_listing_with_sizes_and_checksums() {
        let json = br#"{"product": {"name": "DOCDB front files", "deliveries": [
  {"deliveryName": "2024 week 02", "files": [
    {"fileName": "docdb_xml_202402_Amend_001.zip", "fileSize": "1048576",
     "fileChecksum": "MD5:0123456789ABCDEF0123456789ABCDEF", "filePublicationDatetime": "2024-01-10T08:00:00Z",
     "downloadUrl": "/bdds/files/4711/download"}]},
  {"deliveryName": "2024 week 01", "files": [
    {"file_name": "docdb_xml_202401_Amend_001.zip", "size": 2048,
     "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}]}}"#;
        let got = parse_listing(ListingForm::Auto, Some("application/json"), &base(), json).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].key, "docdb_xml_202401_Amend_001.zip");
        assert_eq!(
            got[1].location,
            "https://bulkdata.example.gov/data/patent/grant/2024/docdb_xml_202401_Amend_001.zip"
        );
        assert_eq!(got[1].dated, None, "a year and month alone is not a date");
        assert!(matches!(got[1].checksum, Some(Checksum::Sha256(_))));
        assert_eq!(got[0].key, "docdb_xml_202402_Amend_001.zip");
        assert_eq!(got[0].location, "https://bulkdata.example.gov/bdds/files/4711/download");
        assert_eq!(got[0].size, Some(1_048_576));
        assert_eq!(got[0].checksum, Some(Checksum::Md5("0123456789abcdef0123456789abcdef".into())));
        assert_eq!(got[0].dated, NaiveDate::from_ymd_opt(2024, 1, 10));
        assert!(parse_listing(ListingForm::Json, None, &base(), b"<html>").is_err());
    }

    #[test]
    fn atom_and_rss_feeds() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Weekly grants</title>
<entry><title>ipg240109</title><updated>2024-01-09T05:00:00Z</updated>
  <link rel="alternate" href="https://bulkdata.example.gov/news/240109.html"/>
  <link rel="enclosure" href="ipg240109.zip" length="1234"/></entry>
<entry><title>ipg240102</title><updated>2024-01-02T05:00:00Z</updated><link href="ipg240102.zip"/></entry>
</feed>"#;
        let got = parse_listing(ListingForm::Auto, Some("application/atom+xml"), &base(), atom).unwrap();
        assert_eq!(got.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["ipg240102.zip", "ipg240109.zip"]);
        assert_eq!(got[1].size, Some(1234));
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>a</title><link>https://bulkdata.example.gov/data/patent/grant/2024/apa.zip</link>
<pubDate>Tue, 02 Jan 2024 05:00:00 GMT</pubDate>
<enclosure url="https://bulkdata.example.gov/data/patent/grant/2024/ipa240104.zip" length="99" type="application/zip"/></item>
</channel></rss>"#;
        let got = parse_listing(ListingForm::Atom, None, &base(), rss).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].key.as_str(), got[0].size), ("ipa240104.zip", Some(99)));
        assert_eq!(got[0].dated, NaiveDate::from_ymd_opt(2024, 1, 2));
        let hostile = b"<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaa\">]><feed/>";
        assert!(parse_listing(ListingForm::Atom, None, &base(), hostile).is_err());
        assert!(parse_listing(ListingForm::Atom, None, &base(), b"<feed><entry>").unwrap().is_empty());
    }

    #[test]
    fn dates_in_names_and_filters() {
        assert_eq!(date_in_name("ipg240102.zip"), NaiveDate::from_ymd_opt(2024, 1, 2));
        assert_eq!(date_in_name("CN_20221021_PATENT.zip"), NaiveDate::from_ymd_opt(2022, 10, 21));
        assert_eq!(date_in_name("ipg241399.zip"), None);
        let c = |key: &str| Candidate {
            key: key.into(),
            location: String::new(),
            size: None,
            checksum: None,
            version_tag: None,
            dated: date_in_name(key),
        };
        let f = Filters {
            include: Some(glob::Pattern::new("ipg*.zip").unwrap()),
            exclude: Some(glob::Pattern::new("*_r1.zip").unwrap()),
            since: NaiveDate::from_ymd_opt(2024, 1, 5),
            until: None,
        };
        assert!(f.accepts(&c("ipg240109.zip")));
        assert!(!f.accepts(&c("ipg240102.zip")), "before since");
        assert!(!f.accepts(&c("ipa240109.zip")), "not included");
        assert!(!f.accepts(&c("ipg240109_r1.zip")), "excluded");
        assert!(!f.accepts(&c("ipg-latest.zip")), "no date under a date window");
        assert!(Filters::default().accepts(&c("anything")));
    }
}
