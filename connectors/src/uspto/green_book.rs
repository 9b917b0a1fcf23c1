//! USPTO grants 1976–2001 in the APS "Green Book" fixed-field text: one patent per `PATN`
//! record, each line a four-character tag and its value from column 6, continuation lines
//! indented; sections (`INVT`, `ASSG`, `PRIR`, `CLAS`, `UREF`, `FREF`, `OREF`, `LREP`, `ABST`,
//! `BSUM`, `DRWD`, `DETD`, `CLMS` …) start with their name alone on a line.
//!
//! Read: WKU number (its last digit is a check digit), SRC + APN application (series code and
//! six digits; APN's seventh digit is a check digit), APT type (1 utility, 2 reissue, 4 design,
//! 5 defensive publication, 6 plant, 7 SIR) for the kind, APD filing date, ISD issue date, TTL
//! title, NCL claim count, EXP/EXA examiners, inventors and assignees (NAM `Last; First`, STR,
//! CTY, STA, CNT, ZIP), PRIR priorities, ICL IPC (IPC 1–7 fixed form) and OCL/XCL US classes,
//! UREF/FREF patent citations and OREF other references, LREP agents (FRM firm, ATT/AAT
//! attorneys), abstract, description (PAC headings, PAR paragraphs) and claims (per NUM). Not
//! carried by v1: EDF IPC edition, field of search (FSC/FSS), figure and sheet counts, the
//! government-interest and related-application texts, assignee type codes.

use std::io::BufRead;

use ipdc_schemas::{Citation, Claim, Classification, LangText, Party, PatentPublication, Priority};

use crate::PatentDocument;
use crate::st36::{self, seq_of};

/// Sections whose fields describe one party or reference each (a new one starts each time).
const REPEATED: &[&str] = &["INVT", "ASSG", "PRIR", "UREF", "FREF", "OREF", "LREP"];

/// One field: its section, tag and value (continuations joined with a space).
#[derive(Debug, Clone)]
struct Field {
    section: String,
    /// Index of the section occurrence (for repeated sections).
    group: usize,
    tag: String,
    value: String,
}

/// A `PATN` record as read: its fields and the line it starts on.
#[derive(Debug, Default)]
pub struct Record {
    /// 1-based line of the `PATN` line.
    pub line: u64,
    fields: Vec<Field>,
}

/// Whether `head` is the start of a Green Book file.
pub fn is_green_book(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.starts_with(b"PATN") || head.starts_with(b"HHHHHT")
}

/// Reads `reader` record by record, handing each `PATN` record to `each`; memory holds one
/// record at a time.
///
/// # Errors
/// The reader's I/O errors.
pub fn for_each_record(reader: impl BufRead, each: &mut dyn FnMut(Record)) -> std::io::Result<()> {
    let mut current: Option<Record> = None;
    let (mut section, mut group) = (String::new(), 0usize);
    for (i, line) in reader.split(b'\n').enumerate() {
        let line_no = i as u64 + 1;
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            continue;
        }
        if line == "PATN" {
            if let Some(done) = current.take() {
                each(done);
            }
            current = Some(Record { line: line_no, fields: Vec::new() });
            (section, group) = ("PATN".to_owned(), 0);
            continue;
        }
        let Some(record) = current.as_mut() else { continue };
        if line.starts_with(' ') {
            if let Some(last) = record.fields.last_mut() {
                last.value.push(' ');
                last.value.push_str(line.trim());
            }
            continue;
        }
        let tag = line.get(..4).unwrap_or(line).trim_end();
        let value = line.get(5..).unwrap_or("").trim();
        if value.is_empty() && line.len() <= 4 {
            section = tag.to_owned();
            if REPEATED.contains(&tag) {
                group += 1;
            }
            continue;
        }
        record.fields.push(Field { section: section.clone(), group, tag: tag.to_owned(), value: value.to_owned() });
    }
    if let Some(done) = current {
        each(done);
    }
    Ok(())
}

impl Record {
    fn first(&self, section: &str, tag: &str) -> Option<String> {
        self.fields.iter().find(|f| f.section == section && f.tag == tag).map(|f| f.value.clone())
    }

    fn all(&self, section: &str, tag: &str) -> Vec<String> {
        self.fields.iter().filter(|f| f.section == section && f.tag == tag).map(|f| f.value.clone()).collect()
    }

    /// The occurrences of a repeated section, each as its fields.
    fn groups(&self, section: &str) -> Vec<Vec<&Field>> {
        let mut out: Vec<Vec<&Field>> = Vec::new();
        let mut last = usize::MAX;
        for f in self.fields.iter().filter(|f| f.section == section) {
            if f.group != last {
                out.push(Vec::new());
                last = f.group;
            }
            out.last_mut().expect("pushed above").push(f);
        }
        out
    }

    /// The patent number as written in WKU, when there is one.
    pub fn number(&self) -> Option<String> {
        self.first("PATN", "WKU")
    }
}

fn get(fields: &[&Field], tag: &str) -> Option<String> {
    fields.iter().find(|f| f.tag == tag).map(|f| f.value.clone())
}

/// `Last; First` as `Last, First` (the form the other formats' names take).
fn name(raw: &str) -> String {
    raw.split(';').map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ")
}

fn party(fields: &[&Field], i: usize, person: bool) -> Option<Party> {
    let name_raw = name(&get(fields, "NAM")?);
    let street: Vec<String> = ["STR", "ST2"].iter().filter_map(|t| get(fields, t)).collect();
    Some(Party {
        seq: seq_of(i),
        name: name_raw.clone(),
        name_raw,
        party_type: person.then(|| "person".to_owned()),
        country: get(fields, "CNT")
            .map(|c| c.trim_end_matches('X').to_owned())
            .or_else(|| get(fields, "STA").map(|_| "US".to_owned())),
        state: get(fields, "STA"),
        city: get(fields, "CTY"),
        address: (!street.is_empty()).then(|| street.join(", ")),
        postcode: get(fields, "ZIP"),
        ..Party::default()
    })
}

/// A record as a patent document; `None` when it has no WKU number.
pub fn document(r: &Record) -> Option<PatentDocument> {
    let wku = r.number()?;
    // WKU: the number in eight positions then a check digit.
    let number = wku.get(..wku.len().saturating_sub(1)).unwrap_or(&wku).to_owned();
    let kind = match r.first("PATN", "APT").as_deref() {
        Some("1") => Some("A"),
        Some("2") => Some("E"),
        Some("4") => Some("S"),
        Some("5") => Some("I"),
        Some("6") => Some("P"),
        Some("7") => Some("H"),
        _ => None,
    };
    let appl_number = match (r.first("PATN", "SRC"), r.first("PATN", "APN")) {
        (Some(src), Some(apn)) if apn.len() >= 6 => Some(format!("{src:0>2}{}", &apn[..6])),
        (_, apn) => apn,
    };
    let examiners = [("EXP", "primary examiner"), ("EXA", "assistant examiner")]
        .iter()
        .enumerate()
        .filter_map(|(i, (tag, role))| {
            let raw = name(&r.first("PATN", tag)?);
            Some(Party {
                seq: seq_of(i),
                name: raw.clone(),
                name_raw: raw,
                party_type: Some("person".into()),
                role: Some((*role).into()),
                ..Party::default()
            })
        })
        .collect();
    let agents = r
        .groups("LREP")
        .iter()
        .flat_map(|g| {
            g.iter()
                .filter(|f| matches!(f.tag.as_str(), "FRM" | "FR2" | "ATT" | "AAT" | "AGT"))
                .map(|f| Party {
                    name: name(&f.value),
                    name_raw: name(&f.value),
                    party_type: Some(if f.tag.starts_with("FR") { "organization" } else { "person" }.into()),
                    ..Party::default()
                })
                .collect::<Vec<_>>()
        })
        .enumerate()
        .map(|(i, p)| Party { seq: seq_of(i), ..p })
        .collect();
    let mut citations: Vec<Citation> = Vec::new();
    for (section, office) in [("UREF", Some("US")), ("FREF", None)] {
        for g in r.groups(section) {
            citations.push(Citation {
                seq: seq_of(citations.len()),
                office: get(&g, "CNT").or(office.map(str::to_owned)),
                number: get(&g, "PNO"),
                date: get(&g, "ISD"),
                name: get(&g, "NAM"),
                ..Citation::default()
            });
        }
    }
    for g in r.groups("OREF") {
        for f in g {
            citations.push(Citation {
                seq: seq_of(citations.len()),
                npl_text: Some(f.value.clone()),
                ..Citation::default()
            });
        }
    }
    let description: Vec<String> = ["BSUM", "DRWD", "DETD"]
        .iter()
        .flat_map(|s| {
            r.fields.iter().filter(move |f| f.section == *s && matches!(f.tag.as_str(), "PAR" | "PAC" | "PA1"))
        })
        .map(|f| f.value.clone())
        .collect();
    let row = PatentPublication {
        office: "US".into(),
        pub_number_raw: number,
        kind_raw: kind.map(str::to_owned),
        pub_date: r.first("PATN", "ISD"),
        appl_number_raw: appl_number,
        appl_type_raw: r.first("PATN", "APT"),
        filing_date: r.first("PATN", "APD"),
        titles: r.first("PATN", "TTL").map(|t| LangText { lang: Some("en".into()), text: t }).into_iter().collect(),
        abstracts: {
            let paragraphs = r.all("ABST", "PAL");
            (!paragraphs.is_empty())
                .then(|| LangText { lang: Some("en".into()), text: paragraphs.join("\n") })
                .into_iter()
                .collect()
        },
        inventors: r.groups("INVT").iter().enumerate().filter_map(|(i, g)| party(g, i, true)).collect(),
        assignees: r.groups("ASSG").iter().enumerate().filter_map(|(i, g)| party(g, i, false)).collect(),
        agents,
        examiners,
        ipc: r
            .all("CLAS", "ICL")
            .into_iter()
            .enumerate()
            .map(|(i, raw)| Classification { seq: seq_of(i), raw, ..Classification::default() })
            .collect(),
        national_class: r.all("CLAS", "OCL").into_iter().chain(r.all("CLAS", "XCL")).collect(),
        priorities: r
            .groups("PRIR")
            .iter()
            .enumerate()
            .map(|(i, g)| Priority {
                seq: seq_of(i),
                office: get(g, "CNT").map(|c| c.trim_end_matches('X').to_owned()),
                number_raw: get(g, "APN"),
                date: get(g, "APD"),
                ..Priority::default()
            })
            .collect(),
        citations,
        claims_count: r.first("PATN", "NCL").and_then(|n| n.parse().ok()),
        ..PatentPublication::default()
    };
    Some(st36::appended(row, Some("en".into()), claims(r), (!description.is_empty()).then(|| description.join("\n"))))
}

/// Claims: the paragraphs after each `NUM`, joined.
fn claims(r: &Record) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for f in r.fields.iter().filter(|f| f.section == "CLMS") {
        match f.tag.as_str() {
            "NUM" => {
                let num = f.value.trim_end_matches('.').parse().unwrap_or(seq_of(out.len()));
                out.push(Claim { num, text: String::new() });
            }
            "PAR" | "PA1" | "PA2" | "PA3" | "PA4" | "PA5" | "TBL" | "EQU" => {
                if let Some(c) = out.last_mut() {
                    if !c.text.is_empty() {
                        c.text.push(' ');
                    }
                    c.text.push_str(&f.value);
                }
            }
            _ => {}
        }
    }
    out.retain(|c| !c.text.is_empty());
    out
}
