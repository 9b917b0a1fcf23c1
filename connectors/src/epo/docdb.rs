//! EPO DOCDB exchange XML: `exch:exchange-document`, the bibliographic master record of
//! worldwide patent publications (one per publication, 100+ offices).
//!
//! Upstream: EPO BDDS, weekly front files and the backfile, each one `exch:exchange-documents`
//! container (DTD `docdb-entities.dtd`, exchange schema v2.5.x) holding thousands of
//! documents; split-out single `exchange-document` fragments also occur, often with the `exch:`
//! prefix undeclared or with no prefix (read alike: names are matched by local name).
//! Each document carries `status`: absent or `C` (create), `A` (amend) or `D` (delete); create
//! and amend replace the source's row of that publication, delete removes it.
//! Several forms of one item sit side by side (`data-format` `docdb`, `docdba`, `epodoc`,
//! `original`): numbers are read from the `docdb` form; names and titles from `original`, else
//! `docdba`, else `docdb`. IPCR symbols are the fixed-width ST.8 text; CPC comes from
//! `patent-classification` with scheme `CPCI`/`CPCA`/`CPCNO` (other schemes are not CPC).
//! Not carried: `epodoc` numbers, `dates-of-public-availability`, search-report passages.

use std::collections::BTreeMap;

use ipdc_schemas::{Citation, Classification, LangText, Party, PatentPublication, Priority};

use crate::st36::{DocId, document_id, required, seq_of};
use crate::xml::{DocError, Node, XmlDoc};
use crate::{Change, PatentDocument};

/// Name forms in order of preference.
const NAME_FORMS: [&str; 3] = ["original", "docdba", "docdb"];

/// Parses one `exchange-document`.
///
/// # Errors
/// [`DocError`] for an unknown `status`, or a create/amend without bibliographic data.
pub fn parse(doc: &XmlDoc) -> Result<PatentDocument, DocError> {
    parse_exchange_document(doc.root())
}

/// Parses one `exchange-document` element, wherever it sits (a DOCDB file, an OPS response).
///
/// # Errors
/// As [`parse`].
pub fn parse_exchange_document(root: Node<'_>) -> Result<PatentDocument, DocError> {
    let change = match root.attr("status").map(str::trim) {
        None | Some("" | "C") => Change::Upsert,
        Some("A") => Change::Upsert,
        Some("D") => Change::Delete,
        Some(other) => {
            return Err(DocError {
                offset: 0,
                rule: "docdb.status",
                reason: format!("status {other:?} is not C (create), A (amend) or D (delete)"),
            });
        }
    };
    let keys = PatentPublication {
        office: root.attr("country").unwrap_or_default().to_owned(),
        pub_number_raw: root.attr("doc-number").unwrap_or_default().to_owned(),
        kind_raw: root.attr("kind").map(str::to_owned),
        pub_date: root.attr("date-publ").map(str::to_owned),
        family_id: root.attr("family-id").map(str::to_owned),
        ..PatentPublication::default()
    };
    if change == Change::Delete {
        return Ok(PatentDocument { publication: keys, fulltext: None, change });
    }
    let biblio = required(root.child("bibliographic-data"), "bibliographic-data")?;
    let publication = docdb_reference(biblio, "publication-reference");
    let application = docdb_reference(biblio, "application-reference");
    // A PCT application (kind W): DOCDB writes receiving office + year + serial, `IB2022055385`.
    let pct_appl_number = match (&application.kind, &application.country, &application.number) {
        (Some(k), Some(c), Some(n)) if k == "W" && n.len() == 10 => Some(format!("PCT/{c}{}/{}", &n[..4], &n[4..])),
        _ => None,
    };
    let parties = biblio.child("parties");
    // Texts without `lang` (the `original` form often) are in the language of publication.
    let language = biblio.text_at("language-of-publication");
    let row = PatentPublication {
        office: publication.country.unwrap_or(keys.office),
        pub_number_raw: publication.number.unwrap_or(keys.pub_number_raw),
        kind_raw: publication.kind.or(keys.kind_raw),
        pub_date: publication.date.or(keys.pub_date),
        appl_number_raw: application.number,
        filing_date: application.date,
        titles: by_language(biblio.children_named("invention-title"), language.as_deref()),
        abstracts: by_language(root.children_named("abstract"), language.as_deref()),
        applicants: parties.map(|p| people(p, "applicants", "applicant-name")).unwrap_or_default(),
        inventors: parties.map(|p| people(p, "inventors", "inventor-name")).unwrap_or_default(),
        ipc: biblio
            .child("classifications-ipcr")
            .map(|c| {
                c.children_named("classification-ipcr")
                    .enumerate()
                    .map(|(i, n)| Classification {
                        seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
                        // Fixed-width ST.8 text: the columns carry meaning, so it is kept as written.
                        raw: n.child("text").map(|t| t.text()).unwrap_or_default(),
                        ..Classification::default()
                    })
                    .collect()
            })
            .unwrap_or_default(),
        cpc: biblio.child("patent-classifications").map(cpc).unwrap_or_default(),
        priorities: priorities(biblio),
        citations: biblio.child("references-cited").map(citations).unwrap_or_default(),
        pct_appl_number,
        family_id: keys.family_id,
        ..PatentPublication::default()
    };
    Ok(PatentDocument { publication: row, fulltext: None, change })
}

/// One text per language, from the preferred form.
fn by_language<'d>(items: impl Iterator<Item = Node<'d>>, default_lang: Option<&str>) -> Vec<LangText> {
    let mut best: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for n in items {
        let Some(text) = n.text_value() else { continue };
        let lang = n.attr("lang").or(default_lang).unwrap_or_default().to_owned();
        let rank = form_rank(n);
        if best.get(&lang).is_none_or(|(r, _)| rank < *r) {
            best.insert(lang, (rank, text));
        }
    }
    best.into_iter().map(|(lang, (_, text))| LangText { lang: (!lang.is_empty()).then_some(lang), text }).collect()
}

fn form_rank(n: Node<'_>) -> usize {
    let form = n.attr("data-format").unwrap_or("docdb");
    NAME_FORMS.iter().position(|f| *f == form).unwrap_or(NAME_FORMS.len())
}

/// Applicants or inventors: one party per `sequence`, named from the preferred form; the
/// country of residence comes from whichever form gives it (the `docdb` one does).
fn people(parties: Node<'_>, list: &str, name_element: &str) -> Vec<Party> {
    let Some(list) = parties.child(list) else { return Vec::new() };
    let mut by_seq: BTreeMap<i32, (usize, Party)> = BTreeMap::new();
    for (i, n) in list.children().enumerate() {
        let seq = n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i));
        let Some(name) = n.find(&format!("{name_element}/name")).and_then(|x| x.text_value()) else { continue };
        let country = n.text_at("residence/country");
        let rank = form_rank(n);
        let entry = by_seq.entry(seq).or_insert_with(|| (usize::MAX, Party { seq, ..Party::default() }));
        if rank < entry.0 {
            entry.0 = rank;
            entry.1.name.clone_from(&name);
            entry.1.name_raw = name;
        }
        if entry.1.country.is_none() {
            entry.1.country = country;
        }
    }
    by_seq.into_values().map(|(_, p)| p).collect()
}

fn cpc(list: Node<'_>) -> Vec<Classification> {
    list.children_named("patent-classification")
        .filter(|n| {
            n.child("classification-scheme").and_then(|s| s.attr("scheme")).is_some_and(|s| s.starts_with("CPC"))
        })
        .enumerate()
        .map(|(i, n)| Classification {
            seq: n.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
            raw: n.text_at("classification-symbol").unwrap_or_else(|| symbol_from_parts(n)),
            version: n.text_at("classification-scheme/date"),
            position: n.text_at("symbol-position"),
            value: n.text_at("classification-value"),
            source: n.text_at("classification-data-source"),
            office: n.text_at("generating-office"),
            ..Classification::default()
        })
        .collect()
}

/// The docdb form of a reference: bulk DOCDB marks the reference (`data-format="docdb"`),
/// OPS marks each `document-id` (`document-id-type="docdb"`) and may give the date only in the
/// `epodoc` form beside it.
fn docdb_reference(biblio: Node<'_>, name: &str) -> DocId {
    let mut refs = biblio.children_named(name);
    if let Some(bulk) = biblio.children_named(name).find(|r| r.attr("data-format") == Some("docdb")) {
        return bulk.child("document-id").map(document_id).unwrap_or_default();
    }
    let Some(ops) = refs.find(|r| typed_id(*r, "docdb").is_some()) else { return DocId::default() };
    let mut id = typed_id(ops, "docdb").map(document_id).unwrap_or_default();
    if id.date.is_none() {
        id.date = typed_id(ops, "epodoc").and_then(|e| e.text_at("date"));
    }
    id
}

fn typed_id<'d>(reference: Node<'d>, form: &str) -> Option<Node<'d>> {
    reference.children_named("document-id").find(|d| d.attr("document-id-type") == Some(form))
}

/// Priority claims in their docdb form (bulk: `data-format="docdb"`; OPS: a `document-id` of
/// type docdb), else as OPS gives them (`epodoc`: office, then year and serial).
/// OPS writes CPC symbols as parts: section, class, subclass, main group, subgroup.
fn symbol_from_parts(n: Node<'_>) -> String {
    let part = |p: &str| n.text_at(p).unwrap_or_default();
    format!("{}{}{} {}/{}", part("section"), part("class"), part("subclass"), part("main-group"), part("subgroup"))
        .trim_end_matches([' ', '/'])
        .to_owned()
}

fn priorities(biblio: Node<'_>) -> Vec<Priority> {
    let Some(list) = biblio.child("priority-claims") else { return Vec::new() };
    let claims: Vec<Node<'_>> = list.children_named("priority-claim").collect();
    let docdb: Vec<(Node<'_>, DocId)> = claims
        .iter()
        .filter_map(|p| {
            let id =
                if p.attr("data-format") == Some("docdb") { p.child("document-id") } else { typed_id(*p, "docdb") };
            Some((*p, document_id(id?)))
        })
        .collect();
    let chosen = if docdb.is_empty() {
        claims
            .iter()
            .filter_map(|p| {
                let mut id = document_id(typed_id(*p, "epodoc")?);
                let number = id.number.take()?;
                let (office, serial) = number.split_at(number.len().min(2));
                (id.country, id.number) = (Some(office.to_owned()), Some(serial.to_owned()));
                Some((*p, id))
            })
            .collect()
    } else {
        docdb
    };
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, (p, id))| Priority {
            seq: p.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
            office: id.country,
            number_raw: id.number,
            number_std: None,
            date: id.date,
            kind: id.kind,
        })
        .collect()
}

/// `citation` elements: patent citations (docdb `document-id`) and non-patent literature
/// (its `text`); `cited-phase` (SEA search, ISR, EXA examination, APP applicant …) is kept as
/// who cited it.
fn citations(list: Node<'_>) -> Vec<Citation> {
    list.children_named("citation")
        .enumerate()
        .map(|(i, c)| {
            let mut out = Citation {
                seq: c.attr("sequence").and_then(|s| s.parse().ok()).unwrap_or(seq_of(i)),
                cited_by: c.attr("cited-phase").map(str::to_owned),
                ..Citation::default()
            };
            if let Some(id) = c.find("patcit/document-id") {
                let d = document_id(id);
                (out.office, out.number, out.kind, out.date, out.name) = (d.country, d.number, d.kind, d.date, d.name);
            } else if let Some(npl) = c.child("nplcit") {
                out.npl_text = npl.text_at("text").or_else(|| npl.text_value());
            }
            out
        })
        .collect()
}
