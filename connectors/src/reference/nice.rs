//! The WIPO Nice classification master files, published per edition as one archive holding
//! `ClassificationTopStructure` (classes and items with their numbers) and one
//! `ClassificationTexts` per language (headings, notes and indications by reference into the
//! structure). Both are needed, so the connector reads the whole archive: one `nice_class` row
//! per class heading and per item, in each language.

use std::collections::HashMap;
use std::io::Read;

use ipdc_schemas::{NICE_CLASS, NiceClass};

use crate::error::{Error, Result};
use crate::io::{Limits, archive};
use crate::xml::{Node, XmlDoc};
use crate::{Artifact, BadRecord, Emit, Record};

/// A class or item of the structure file.
#[derive(Debug, Clone)]
struct Entry {
    class_number: i32,
    kind: String,
    basic_number: Option<String>,
}

/// Reads a Nice master-file archive.
///
/// # Errors
/// A damaged archive, a member that is not well-formed XML, or an archive without the
/// structure file ([`Error::UnknownFormat`]).
pub fn parse(artifact: &Artifact, limits: &Limits, out: &mut dyn Emit) -> Result<()> {
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    archive::for_each_member(&artifact.id, &artifact.path, limits, &mut |member: &str, reader: &mut dyn Read| {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| archive::read_error(&artifact.id, member, true, limits, e))?;
        members.push((member.to_owned(), bytes));
        Ok(())
    })?;
    let refuse = |detail: String| Error::UnknownFormat { artifact: artifact.id.clone(), detail };
    let mut docs = Vec::new();
    for (member, bytes) in &members {
        let doc = XmlDoc::parse(bytes).map_err(|e| {
            refuse(format!("Nice master file {member:?}: {} at byte {} ({})", e.reason, e.offset, e.rule))
        })?;
        docs.push((member.as_str(), doc));
    }
    let Some((_, structure)) = docs.iter().find(|(_, d)| d.root().name() == "ClassificationTopStructure") else {
        return Err(refuse(
            "a Nice master-file archive holds ClassificationTopStructure and ClassificationTexts members; \
             no ClassificationTopStructure found (ingest the edition's archive, not a single file)"
                .into(),
        ));
    };
    let top = structure.root();
    let edition = match (top.attr("edition"), top.attr("version")) {
        (Some(e), Some(v)) => format!("{e}-{v}"),
        (e, v) => e.or(v).unwrap_or_default().to_owned(),
    };
    let entries = structure_entries(top);
    for (member, doc) in docs.iter().filter(|(_, d)| d.root().name() == "ClassificationTexts") {
        let texts = doc.root();
        out.fingerprint(&format!("wipo-nice-master {edition} <ClassificationTexts>"));
        let lang = texts.attr("language").unwrap_or_default().to_owned();
        let row = |wipo_id: &str, entry: &Entry, level: &str| NiceClass {
            edition: edition.clone(),
            date_in_force: texts.attr("dateInForce").map(str::to_owned),
            class_number: entry.class_number,
            kind: entry.kind.clone(),
            level: level.to_owned(),
            basic_number: entry.basic_number.clone(),
            wipo_id: wipo_id.to_owned(),
            lang: lang.clone(),
            provenance: super::provenance(
                artifact,
                "wipo-nice-master",
                Some(edition.clone()),
                format!("{member}#{wipo_id}"),
                NICE_CLASS.version(),
            ),
            ..NiceClass::default()
        };
        let class_link = |n: Node<'_>| {
            (n.name() == "ClassLink")
                .then(|| n.attr("idRef").and_then(|id| entries.get(id)).map(|e| format!("Cl. {}", e.class_number)))
                .flatten()
        };
        for class in texts.find_all("ClassesTexts/ClassTexts") {
            let id = class.attr("idRef").unwrap_or_default();
            let Some(entry) = entries.get(id) else {
                out.reject(unknown_ref(member, id));
                continue;
            };
            let note = class.child("ExplanatoryNote");
            let list = |path: &str| -> Vec<String> {
                note.map(|n| n.find_all(path).iter().map(|i| i.text_replacing(&class_link)).collect())
                    .unwrap_or_default()
            };
            out.record(Record::NiceClass(Box::new(NiceClass {
                text: class
                    .find_all("Heading/HeadingItem")
                    .iter()
                    .filter_map(|h| h.text_value())
                    .collect::<Vec<_>>()
                    .join("; "),
                explanatory_note: note.and_then(|n| n.text_at("Introduction")),
                includes: list("IncludesInParticular/Include"),
                excludes: list("ExcludesInParticular/Exclude"),
                ..row(id, entry, "class")
            })));
        }
        for item in texts.find_all("GoodsAndServicesTexts/GoodOrServiceTexts") {
            let id = item.attr("idRef").unwrap_or_default();
            let Some(entry) = entries.get(id) else {
                out.reject(unknown_ref(member, id));
                continue;
            };
            let labels =
                |path: &str| -> Vec<String> { item.find_all(path).iter().filter_map(|l| l.text_value()).collect() };
            out.record(Record::NiceClass(Box::new(NiceClass {
                text: labels("Indication/Label").join("; "),
                synonyms: labels("SynonymIndication/Label"),
                ..row(id, entry, "item")
            })));
        }
    }
    Ok(())
}

/// Classes and items of the structure file by WIPO id.
fn structure_entries(top: Node<'_>) -> HashMap<String, Entry> {
    let mut entries = HashMap::new();
    for class in top.children_named("Class") {
        let class_number = class.attr("classNumber").and_then(|n| n.parse().ok()).unwrap_or(0);
        let kind = class.attr("isGoodOrService").unwrap_or_default().to_owned();
        if let Some(id) = class.attr("id") {
            entries.insert(id.to_owned(), Entry { class_number, kind: kind.clone(), basic_number: None });
        }
        for item in class.children_named("GoodOrService") {
            if let Some(id) = item.attr("id") {
                let basic_number = item.attr("basicNumber").map(str::to_owned);
                entries.insert(id.to_owned(), Entry { class_number, kind: kind.clone(), basic_number });
            }
        }
    }
    entries
}

fn unknown_ref(member: &str, id: &str) -> BadRecord {
    BadRecord {
        locator: format!("{member}#{id}"),
        rule: "nice.unknown_ref".into(),
        reason: format!("text {id:?} refers to no class or item of the structure file (another edition?)"),
        doc_id: Some(id.to_owned()),
        fragment: None,
        format: Some("wipo-nice-master".into()),
        dataset: Some(NICE_CLASS.name),
    }
}
