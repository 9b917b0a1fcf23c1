//! USPTO grants 2001–2004: ST.32 `PATDOC` v2.5 (SGML-derived XML, "B-tags" with every value
//! wrapped in `PDAT`). Bibliography in `SDOBI`, abstract in `SDOAB`, description in `SDODE`
//! (`H` headings and `PARA` paragraphs), claims in `SDOCL/CL/CLM`.
//!
//! Tags read: B110 number, B130 kind, B140 date, B190 office; B210 application, B220 filing
//! date; B300 priorities (B310 number, B320 date, B330 country, repeated in order); B511/B512
//! IPC 7 (IPC 1–7 fixed form, edition in B516) — for design grants (kind S) B511 is the Locarno
//! class; B521/B522 US classes (kept as written); B540 title; B561 patent citations (number,
//! date, kind, country, first-named party, cited by examiner or other) and B562 non-patent
//! ones; B577 claim count; B690US earlier publication; B721 inventors, B731 assignees, B741
//! agents, B746/B747 examiners (`PARTY-US`: `NAM` with `FNM`/`SNM` or `ONM`, `ADR`). Not
//! carried by v1: B211US series code, B472 term, B578US/B595/B596 figure and sheet counts,
//! B580 field of search, B732US assignee type.

use ipdc_schemas::{
    Citation, Claim, Classification, LangText, Locarno, Party, PatentPublication, Priority, RelatedDocument,
};

use crate::st36::{self, required, seq_of};

/// Text blocks: headings and paragraphs.
const BLOCKS: &[&str] = &["H", "PARA"];
use crate::PatentDocument;
use crate::xml::{DocError, Node, XmlDoc};

/// Parses one `PATDOC` document.
///
/// # Errors
/// [`DocError`] when `SDOBI` or the publication number is missing.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    let root = doc.root();
    let b = required(root.child("SDOBI"), "SDOBI")?;
    let at = |path: &str| b.find(path).and_then(|n| n.text_value());
    let number = at("B100/B110").ok_or_else(|| DocError {
        offset: 0,
        rule: "record.missing_field",
        reason: "no publication number (SDOBI/B100/B110)".into(),
    })?;
    let kind = at("B100/B130");
    let design = kind.as_deref().is_some_and(|k| k.starts_with('S'));
    let b500 = b.child("B500");
    let edition = at("B500/B510/B516");
    let b510: Vec<String> = b500
        .and_then(|n| n.child("B510"))
        .map(|n| n.children().filter(|c| matches!(c.name(), "B511" | "B512")).filter_map(pdat).collect())
        .unwrap_or_default();
    let (ipc, locarno) = if design {
        let locarno = b510
            .into_iter()
            .map(|raw| {
                let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                let class = (digits.len() == 4).then(|| format!("{}-{}", &digits[..2], &digits[2..]));
                Locarno { class, edition: edition.clone(), raw }
            })
            .collect();
        (Vec::new(), locarno)
    } else {
        let ipc = b510
            .into_iter()
            .enumerate()
            .map(|(i, raw)| Classification {
                seq: seq_of(i),
                raw,
                version: edition.clone(),
                position: Some(if i == 0 { "F" } else { "L" }.into()),
                ..Classification::default()
            })
            .collect();
        (ipc, Vec::new())
    };
    let parties = |group: &str, item: &str| -> Vec<Party> {
        b.find(&format!("B700/{group}"))
            .map(|g| g.children_named(item).enumerate().map(|(i, n)| party(n, i)).collect())
            .unwrap_or_default()
    };
    let claims = claims(root.find("SDOCL/CL"));
    let description = st36::text_blocks(root.child("SDODE"), BLOCKS);
    let row = PatentPublication {
        office: at("B100/B190").unwrap_or_else(|| "US".into()),
        pub_number_raw: number,
        kind_raw: kind,
        pub_date: at("B100/B140"),
        appl_number_raw: at("B200/B210"),
        filing_date: at("B200/B220"),
        titles: at("B500/B540").map(|text| LangText { lang: Some("en".into()), text }).into_iter().collect(),
        abstracts: st36::text_blocks(root.child("SDOAB"), BLOCKS)
            .map(|text| LangText { lang: Some("en".into()), text })
            .into_iter()
            .collect(),
        inventors: parties("B720", "B721"),
        assignees: parties("B730", "B731"),
        agents: parties("B740", "B741"),
        examiners: b
            .find("B700/B745")
            .map(|e| {
                e.children()
                    .filter(|c| matches!(c.name(), "B746" | "B747"))
                    .enumerate()
                    .map(|(i, n)| Party {
                        role: Some(if n.name() == "B746" { "primary" } else { "assistant" }.into()),
                        ..party(n, i)
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ipc,
        locarno,
        national_class: b500
            .and_then(|n| n.child("B520"))
            .map(|n| n.children().filter(|c| matches!(c.name(), "B521" | "B522")).filter_map(pdat).collect())
            .unwrap_or_default(),
        priorities: b.child("B300").map(priorities).unwrap_or_default(),
        citations: b500.and_then(|n| n.child("B560")).map(citations).unwrap_or_default(),
        related: b
            .find("B600/B690US/DOC")
            .map(|d| RelatedDocument {
                relation: "earlier-publication".into(),
                role: None,
                office: d.text_at("CTRY"),
                number: d.text_at("DNUM"),
                kind: d.text_at("KIND"),
                date: d.text_at("DATE"),
            })
            .into_iter()
            .collect(),
        claims_count: at("B500/B570/B577").and_then(|n| n.parse().ok()),
        ..PatentPublication::default()
    };
    Ok(st36::appended(row, Some("en".into()), claims, description))
}

/// The `PDAT` text exactly as written, for column-aligned values (IPC 7, US classes), where
/// spaces carry meaning.
fn pdat(n: Node<'_>) -> Option<String> {
    n.child("PDAT").map(|p| p.text()).filter(|t| !t.trim().is_empty())
}

/// `PARTY-US`: a person (`FNM` + `SNM`) or an organisation (`ONM`), and `ADR`.
fn party(n: Node<'_>, i: usize) -> Party {
    let p = n.child("PARTY-US").unwrap_or(n);
    let first = p.text_at("NAM/FNM");
    let last = p.text_at("NAM/SNM");
    let org = p.text_at("NAM/ONM");
    let person = match (last, first) {
        (Some(l), Some(f)) => Some(format!("{l}, {f}")),
        (l, f) => l.or(f),
    };
    let name_raw = person.clone().or(org).unwrap_or_default();
    Party {
        seq: seq_of(i),
        name: name_raw.clone(),
        name_raw,
        party_type: Some(if person.is_some() { "person" } else { "organization" }.into()),
        city: p.text_at("ADR/CITY"),
        state: p.text_at("ADR/STATE"),
        country: p.text_at("ADR/CTRY"),
        ..Party::default()
    }
}

/// B300: B310 number, B320 date, B330 country per priority, in document order.
fn priorities(b300: Node<'_>) -> Vec<Priority> {
    let mut out: Vec<Priority> = Vec::new();
    for n in b300.children() {
        match (n.name(), out.last_mut()) {
            ("B310", _) => {
                out.push(Priority { seq: seq_of(out.len()), number_raw: n.text_value(), ..Priority::default() })
            }
            ("B320", Some(p)) => p.date = n.text_value(),
            ("B330", Some(p)) => p.office = n.text_value(),
            _ => {}
        }
    }
    out
}

/// B561 patent citations and B562 non-patent ones, in order.
fn citations(b560: Node<'_>) -> Vec<Citation> {
    b560.children()
        .filter(|c| matches!(c.name(), "B561" | "B562"))
        .enumerate()
        .map(|(i, c)| {
            let cited_by = if c.child("CITED-BY-EXAMINER").is_some() {
                Some("examiner".into())
            } else if c.child("CITED-BY-OTHER").is_some() {
                Some("other".into())
            } else {
                None
            };
            let mut out = Citation { seq: seq_of(i), cited_by, ..Citation::default() };
            if let Some(doc) = c.find("PCIT/DOC") {
                out.number = doc.text_at("DNUM");
                out.date = doc.text_at("DATE");
                out.kind = doc.text_at("KIND");
                out.office = doc.text_at("CTRY").or_else(|| Some("US".into()));
                out.name = c.find("PCIT/PARTY-US").map(|p| party(p, 0).name_raw);
            } else {
                out.npl_text = c.find("NCIT").and_then(|n| n.text_value());
            }
            out
        })
        .collect()
}

/// `CLM` elements: one claim each, numbered from their `ID` (`CLM-00001`).
fn claims(cl: Option<Node<'_>>) -> Vec<Claim> {
    let Some(cl) = cl else { return Vec::new() };
    cl.children_named("CLM")
        .enumerate()
        .filter_map(|(i, c)| {
            let text = c.text_value()?;
            let num = c
                .attr("ID")
                .and_then(|id| id.trim_start_matches(|ch: char| !ch.is_ascii_digit()).parse().ok())
                .unwrap_or(seq_of(i));
            Some(Claim { num, text })
        })
        .collect()
}
