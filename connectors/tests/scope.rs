//! The bibliographic scope reads the same `patent_publication` rows as a full read of every
//! real patent sample, with no `patent_fulltext` rows, and leaves other documents whole.

mod common;

use std::path::Path;

use ipdc_connectors::{Artifact, Collected, ConnectorKind, Limits, Scope, connector_with};
use ipdc_schemas::normalize::normalize_publication;

fn parse(rel: &str, scope: Scope) -> Collected {
    let path = common::real().join(rel);
    let artifact = Artifact {
        source: "test".into(),
        id: Path::new(rel).file_name().unwrap().to_string_lossy().into_owned(),
        sha256: "0".repeat(64),
        path,
    };
    let mut out = Collected::default();
    connector_with(ConnectorKind::AnyXml, scope).parse(&artifact, &Limits::default(), &mut out).unwrap();
    out
}

/// Every file of the real patent samples, by folder.
fn patent_samples() -> Vec<String> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(common::real()).unwrap() {
        let dir = dir.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let patents = ["uspto-grant", "uspto-app", "uspto-pap", "uspto-greenbook", "cnipa-", "ep-patent", "epo-"]
            .iter()
            .any(|p| name.starts_with(p))
            || name == "wipo-st96-patent"
            || name == "jpo-gazette-xml";
        if !dir.is_dir() || !patents {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            files.push(format!("{name}/{}", f.unwrap().file_name().to_string_lossy()));
        }
    }
    files.sort();
    files
}

#[test]
fn bibliographic_rows_equal_the_full_read_of_every_patent_sample() {
    let samples = patent_samples();
    assert!(samples.len() >= 30, "{samples:?}");
    let mut compared = 0;
    for rel in &samples {
        let (full, biblio) = (parse(rel, Scope::Full), parse(rel, Scope::Bibliographic));
        let documents = |c: &Collected| c.records.len() + c.rejects.len() + c.skips.len();
        assert_eq!(documents(&full), documents(&biblio), "{rel}: documents");
        // What is not read is not checked: a document broken only inside its full text loads.
        assert!(biblio.rejects.len() <= full.rejects.len(), "{rel}: rejects");
        assert!(biblio.patents().all(|p| p.fulltext.is_none()), "{rel}: full text read");
        for f in full.patents() {
            let at = &f.publication.provenance.locator;
            let b = biblio.patents().find(|b| &b.publication.provenance.locator == at);
            let (mut f, mut b) =
                (f.publication.clone(), b.expect("every full read in the biblio read").publication.clone());
            normalize_publication(&mut f);
            normalize_publication(&mut b);
            // Counted from the claims where the format does not state it: not read here.
            if b.claims_count.is_none() {
                f.claims_count = None;
            }
            assert_eq!(serde_json::to_value(&f).unwrap(), serde_json::to_value(&b).unwrap(), "{rel}: {}", f.doc_id);
            compared += 1;
        }
    }
    assert!(compared >= 100, "{compared} publications compared");
}

#[test]
fn a_document_broken_inside_its_description_loads_its_bibliography() {
    // US07057742 is not well-formed as published (`</maths>` closes a `<p>` in the description).
    let rel = "uspto-grant-v41/US07057742-20060606.XML";
    assert_eq!(parse(rel, Scope::Full).rejects.len(), 1);
    let biblio = parse(rel, Scope::Bibliographic);
    let mut loaded: Vec<_> = biblio.patents().map(|p| p.publication.clone()).collect();
    loaded.iter_mut().for_each(|p| drop(normalize_publication(p)));
    assert_eq!(loaded.iter().map(|p| p.doc_id.as_str()).collect::<Vec<_>>(), ["US7057742B2"]);
}

#[test]
fn red_book_claim_counts_are_kept() {
    let biblio = parse("uspto-grant-v45/US08926509.xml", Scope::Bibliographic);
    let p = biblio.patents().next().unwrap();
    assert!(p.publication.claims_count.is_some_and(|n| n > 0));
    assert!(p.publication.abstracts.iter().any(|a| !a.text.is_empty()));
}

#[test]
fn other_documents_are_read_whole() {
    for rel in ["wipo-st96-trademark/TrademarkApplication_Example.xml", "euipo-design/001063002-0001.xml"] {
        let (full, biblio) = (parse(rel, Scope::Full), parse(rel, Scope::Bibliographic));
        assert_eq!(format!("{:?}", full.records), format!("{:?}", biblio.records), "{rel}");
    }
}

/// Red Book claims and descriptions are read off their bytes in a full read
/// (`Read::Extract`): on every real Red Book document that gives exactly what the element
/// tree gives, or the same refusal.
#[test]
fn red_book_full_text_read_off_the_bytes_equals_the_tree_reading() {
    use ipdc_connectors::io::XmlSplitter;
    use ipdc_connectors::uspto::red_book;
    use ipdc_connectors::xml::XmlDoc;

    let mut compared = 0;
    for rel in patent_samples().iter().filter(|r| {
        r.starts_with("uspto-grant-v4") || r.starts_with("uspto-grant-weekly") || r.starts_with("uspto-app-v4")
    }) {
        let mut splitter = XmlSplitter::new(std::fs::File::open(common::real().join(rel)).unwrap());
        while let Some(doc) = splitter.next_document().unwrap() {
            let (tree, read_off) = (XmlDoc::parse(doc.bytes), XmlDoc::parse_with(doc.bytes, Scope::Full.read_rule()));
            match (tree, read_off) {
                (Ok(tree), Ok(read_off)) => {
                    let (a, b) = (red_book::parse(&tree), red_book::parse(&read_off));
                    assert_eq!(a, b, "{rel}");
                    let text =
                        a.ok().and_then(|d| d.fulltext).map(|f| f.claims.len() + usize::from(f.description.is_some()));
                    compared += usize::from(text.unwrap_or(0) > 0);
                }
                (Err(a), Err(b)) => {
                    assert_eq!((a.rule, a.offset), (b.rule, b.offset), "{rel}: {} / {}", a.reason, b.reason)
                }
                (a, b) => panic!("{rel}: tree {:?}, read off the bytes {:?}", a.err(), b.err()),
            }
        }
    }
    assert!(compared >= 16, "{compared} documents with full text compared");
}
