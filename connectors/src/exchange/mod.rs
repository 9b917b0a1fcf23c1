//! Exchange files (CSV with a header row, or JSON Lines) checked row by row against a published
//! [`ExchangeSchema`]: a bad row is rejected with its line and every rule it breaks, good rows
//! are mapped onto their dataset by the schema's connector ([`ic_layout`], [`trademark`], [`geographical_indication`], [`legal_status`]). A header naming a
//! column the schema does not have, or lacking a required one, refuses the artifact whole.

pub mod country_code;
pub mod geographical_indication;
pub mod ic_layout;
pub mod legal_status;
pub mod trademark;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};

use ipdc_schemas::Provenance;
use ipdc_schemas::exchange::{ColumnKind, ExchangeSchema};
use ipdc_schemas::normalize::org_code::uscc_problem;
use ipdc_schemas::normalize::trademark::nice_class;
use ipdc_schemas::normalize::{number, office, text::iso_date};

use crate::error::{Error, Result};
use crate::io::{Limits, archive};
use crate::{Artifact, BadRecord, Emit, Record};

/// One row: column name → value (lists joined with `;`), and where it was.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Values by column; empty values are absent.
    pub values: BTreeMap<String, String>,
    /// `member@line N`.
    pub locator: String,
}

impl Row {
    /// The value of `column`, if present.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values.get(column).map(String::as_str)
    }

    /// The `;`-separated items of `column`, empty positions kept (for lists read position by
    /// position with another, e.g. credit codes with names).
    pub fn positions(&self, column: &str) -> Vec<String> {
        self.get(column).map(|v| v.split(';').map(|s| s.trim().to_owned()).collect()).unwrap_or_default()
    }

    /// The `;`-separated items of `column`.
    pub fn list(&self, column: &str) -> Vec<String> {
        self.get(column)
            .map(|v| v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default()
    }
}

/// Why `value` is not a CN application number with a correct check digit, or `None`.
fn cn_application_problem(value: &str) -> Option<String> {
    let Some(parsed) = number::parse_cn_application(value) else {
        return Some("not a CN application number (8 or 12 digits and a check digit)".into());
    };
    match (parsed.written_check, parsed.computed_check) {
        (None, _) => Some("the check digit is missing".into()),
        (Some(written), Some(computed)) if written != computed => {
            Some(format!("check digit {written} does not match the number ({computed} expected)"))
        }
        _ => None,
    }
}

/// One `<class>/<group>/<text>` goods item: its Nice class, 类似群 group (when given) and text.
///
/// # Errors
/// What is wrong with the item, for the reject reason.
pub fn goods_item(item: &str) -> std::result::Result<(i32, Option<&str>, &str), String> {
    let mut parts = item.splitn(3, '/');
    let (class, group, text) = (parts.next().unwrap_or(""), parts.next(), parts.next());
    let (Some(group), Some(text)) = (group, text) else {
        return Err("not <class>/<group>/<goods>".into());
    };
    let class_no = nice_class(class.trim()).ok_or_else(|| format!("class {class:?} is not a Nice class (1-45)"))?;
    let group = group.trim();
    if !group.is_empty()
        && (group.len() != 4
            || !group.bytes().all(|b| b.is_ascii_digit())
            || group[..2].parse::<i32>().ok() != Some(class_no))
    {
        return Err(format!("类似群 {group:?} is not four digits beginning with class {class_no:02}"));
    }
    if text.trim().is_empty() {
        return Err("no goods or services text".into());
    }
    Ok((class_no, (!group.is_empty()).then_some(group), text.trim()))
}

/// Maps a checked row to its record.
pub type MapRow = fn(&Row, Provenance) -> Record;

/// Reads every member of `artifact` as an exchange file of `schema`.
///
/// # Errors
/// A damaged archive, or a header that does not fit the schema ([`Error::UnknownFormat`]).
pub fn parse(
    artifact: &Artifact,
    limits: &Limits,
    schema: &ExchangeSchema,
    map: MapRow,
    out: &mut dyn Emit,
) -> Result<()> {
    archive::for_each_member(&artifact.id, &artifact.path, limits, &mut |member: &str, reader: &mut dyn Read| {
        let mut reader = BufReader::new(reader);
        let head =
            reader.fill_buf().map_err(|e| archive::read_error(&artifact.id, member, !member.is_empty(), limits, e))?;
        let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let json_lines = start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let ctx = Context { artifact, member, schema, map };
        if json_lines { ctx.json_lines(reader, out) } else { ctx.csv(reader, out) }
    })?;
    Ok(())
}

struct Context<'a> {
    artifact: &'a Artifact,
    member: &'a str,
    schema: &'a ExchangeSchema,
    map: MapRow,
}

impl Context<'_> {
    fn locator(&self, line: u64) -> String {
        if self.member.is_empty() { format!("line {line}") } else { format!("{}@line {line}", self.member) }
    }

    fn refuse(&self, detail: String) -> Error {
        Error::UnknownFormat {
            artifact: self.artifact.id.clone(),
            detail: format!("{} v{}: {detail}", self.schema.name, self.schema.version()),
        }
    }

    fn provenance(&self, locator: &str, format: &str) -> Provenance {
        Provenance {
            source: self.artifact.source.clone(),
            source_format: format!("{} {format}", self.schema.name),
            format_version: Some(self.schema.version()),
            artifact_id: self.artifact.id.clone(),
            artifact_sha256: self.artifact.sha256.clone(),
            locator: locator.to_owned(),
            schema_version: String::new(),
        }
    }

    fn csv(&self, reader: impl Read, out: &mut dyn Emit) -> Result<()> {
        let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(reader);
        let headers: Vec<String> = csv
            .headers()
            .map_err(|e| self.refuse(format!("the header row cannot be read: {e}")))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        self.check_header(&headers)?;
        let mut record = csv::StringRecord::new();
        loop {
            let line = csv.position().line();
            match csv.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    let line = record.position().map_or(line, csv::Position::line);
                    let raw = record.iter().collect::<Vec<_>>().join(",");
                    if record.len() != headers.len() {
                        let reason = format!("{} values for {} columns", record.len(), headers.len());
                        self.reject(out, line, "exchange.columns", reason, raw);
                        continue;
                    }
                    let values = headers
                        .iter()
                        .zip(record.iter())
                        .filter(|(_, v)| !v.trim().is_empty())
                        .map(|(h, v)| (h.clone(), v.trim().to_owned()))
                        .collect();
                    self.row(out, line, values, raw, "csv");
                }
                Err(e) => {
                    let line = e.position().map_or(line, csv::Position::line);
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return Err(Error::Io { artifact: self.artifact.id.clone(), source: std::io::Error::other(e) });
                    }
                    self.reject(out, line, "exchange.encoding", format!("the row cannot be read: {e}"), String::new());
                }
            }
        }
    }

    fn json_lines(&self, reader: impl BufRead, out: &mut dyn Emit) -> Result<()> {
        for (i, line) in reader.split(b'\n').enumerate() {
            let line_no = i as u64 + 1;
            let bytes = line.map_err(|e| Error::Io { artifact: self.artifact.id.clone(), source: e })?;
            let text = match std::str::from_utf8(&bytes) {
                Ok(t) => t.trim_start_matches('\u{feff}').trim(),
                Err(e) => {
                    let raw = String::from_utf8_lossy(&bytes).into_owned();
                    self.reject(out, line_no, "exchange.encoding", format!("not UTF-8: {e}"), raw);
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            let object = match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text) {
                Ok(o) => o,
                Err(e) => {
                    self.reject(out, line_no, "exchange.json", format!("not a JSON object: {e}"), text.to_owned());
                    continue;
                }
            };
            let keys: Vec<String> = object.keys().cloned().collect();
            if let Some(unknown) = keys.iter().find(|k| self.schema.column(k).is_none()) {
                let reason = format!("key {unknown:?} is not a column of {}", self.schema.name);
                self.reject(out, line_no, "exchange.unknown_column", reason, text.to_owned());
                continue;
            }
            let values = object
                .into_iter()
                .filter_map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::Null => return None,
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Array(items) => items
                            .iter()
                            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                            .collect::<Vec<_>>()
                            .join(";"),
                        other => other.to_string(),
                    };
                    (!v.trim().is_empty()).then(|| (k, v.trim().to_owned()))
                })
                .collect();
            self.row(out, line_no, values, text.to_owned(), "jsonl");
        }
        Ok(())
    }

    fn check_header(&self, headers: &[String]) -> Result<()> {
        if let Some(unknown) = headers.iter().find(|h| self.schema.column(h).is_none()) {
            let known: Vec<_> = self.schema.columns.iter().map(|c| c.name).collect();
            return Err(self.refuse(format!("column {unknown:?} is not in the schema (columns: {})", known.join(", "))));
        }
        if let Some(missing) = self.schema.columns.iter().find(|c| c.required && !headers.iter().any(|h| h == c.name)) {
            return Err(self.refuse(format!("the required column {:?} is missing from the header", missing.name)));
        }
        Ok(())
    }

    /// Checks one row against the schema; emits its record or a reject naming every rule broken.
    fn row(&self, out: &mut dyn Emit, line: u64, values: BTreeMap<String, String>, raw: String, format: &str) {
        out.fingerprint(&format!("{} {} <{format}>", self.schema.name, self.schema.version()));
        let mut problems: Vec<(&'static str, String)> = Vec::new();
        for c in self.schema.columns {
            let Some(value) = values.get(c.name) else {
                if c.required {
                    problems.push(("exchange.missing_field", format!("{} is required", c.name)));
                }
                continue;
            };
            match c.kind {
                ColumnKind::Text | ColumnKind::TextList => {}
                ColumnKind::Date => {
                    if !matches!(iso_date(value), Ok(Some(_))) {
                        problems.push((
                            "exchange.date",
                            format!("{} {value:?} is not a date (YYYY-MM-DD or YYYYMMDD)", c.name),
                        ));
                    }
                }
                ColumnKind::Code(allowed) => {
                    if !allowed.contains(&value.as_str()) {
                        problems.push((
                            "exchange.code",
                            format!("{} {value:?} is not one of {}", c.name, allowed.join(", ")),
                        ));
                    }
                }
                ColumnKind::NiceClassList => {
                    for class in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                        if nice_class(class).is_none() {
                            problems.push((
                                "exchange.nice_class",
                                format!("{} {class:?} is not a Nice class (1-45)", c.name),
                            ));
                        }
                    }
                }
                ColumnKind::GoodsList => {
                    for item in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                        if let Err(why) = goods_item(item) {
                            problems.push(("exchange.goods", format!("{} {item:?}: {why}", c.name)));
                        }
                    }
                }
                ColumnKind::CnApplicationNumber => {
                    if let Some(why) = cn_application_problem(value) {
                        problems.push(("exchange.cn_application_number", format!("{} {value:?}: {why}", c.name)));
                    }
                }
                ColumnKind::CreditCodeList => {
                    for code in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                        if let Some(why) = uscc_problem(code) {
                            problems.push(("exchange.credit_code", format!("{}: {why}", c.name)));
                        }
                    }
                }
                ColumnKind::OfficeList => {
                    for code in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                        if office::status(&office::canonical(code)).is_none() {
                            problems
                                .push(("exchange.office_code", format!("{} {code:?} is not a WIPO ST.3 code", c.name)));
                        }
                    }
                }
            }
        }
        let locator = self.locator(line);
        if let Some((rule, _)) = problems.first() {
            let reason = problems.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>().join("; ");
            out.reject(BadRecord {
                locator,
                rule: (*rule).to_owned(),
                reason,
                doc_id: values.get(self.schema.columns[0].name).cloned(),
                fragment: Some(crate::feed::fragment(raw.as_bytes())),
                format: Some(format!("{} {format}", self.schema.name)),
                dataset: Some(self.schema.dataset),
            });
            return;
        }
        let provenance = self.provenance(&locator, format);
        out.record((self.map)(&Row { values, locator }, provenance));
    }

    fn reject(&self, out: &mut dyn Emit, line: u64, rule: &str, reason: String, raw: String) {
        out.reject(BadRecord {
            locator: self.locator(line),
            rule: rule.to_owned(),
            reason,
            doc_id: None,
            fragment: (!raw.is_empty()).then(|| crate::feed::fragment(raw.as_bytes())),
            format: Some(self.schema.name.to_owned()),
            dataset: Some(self.schema.dataset),
        });
    }
}
