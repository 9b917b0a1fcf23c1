//! Industrial designs: the real EUIPO `EM-DS-Design-V2-1` sample and the WIPO ST.96
//! `DesignApplication` example, stated by hand from reading the XML, and an EUIPO delete.

mod common;

use ipdc_connectors::{Change, ConnectorKind, Limits, Record};
use ipdc_schemas::normalize::normalize_design;

#[test]
fn euipo_design_sample() {
    let out = common::parse_with(
        ConnectorKind::EuipoDesigns,
        &common::real().join("euipo-design/001063002-0001.xml"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!((out.designs().count(), out.rejects.len()), (1, 0));
    let mut d = out.designs().next().unwrap().clone();
    assert!(normalize_design(&mut d).is_empty());
    assert_eq!(
        (d.doc_id.as_str(), d.design_number.as_str(), d.appl_number.as_deref()),
        ("EM0010630020001", "001063002-0001", Some("001063002"))
    );
    assert_eq!(
        (d.filing_date.as_deref(), d.registration_date.as_deref(), d.publication_date.as_deref()),
        (Some("2008-12-24"), Some("2008-12-24"), Some("2009-09-02"))
    );
    assert_eq!((d.expiry_date.as_deref(), d.publication_deferred), (Some("2013-12-24"), Some(true)));
    assert_eq!(
        (d.status.as_deref(), d.status_raw.as_deref(), d.status_date.as_deref()),
        (Some("lapsed"), Some("Design lapsed"), Some("2014-10-03"))
    );
    assert_eq!(d.locarno[0].class.as_deref(), Some("03-01"));
    assert_eq!(d.products.len(), 22);
    let en = d.products.iter().find(|p| p.lang.as_deref() == Some("en")).unwrap();
    assert_eq!(en.text, "Bags");
    assert_eq!(
        d.views,
        [
            "file://001/063/001063002_0001/001063002_0001_1.JPG",
            "file://001/063/001063002_0001/001063002_0001_2.JPG",
            "file://001/063/001063002_0001/001063002_0001_3.JPG"
        ]
    );
    assert_eq!(
        (d.owners[0].org_code.as_deref(), d.representatives[0].org_code.as_deref()),
        (Some("6708"), Some("55664"))
    );
    assert_eq!((d.filing_language.as_deref(), d.second_language.as_deref()), (Some("fr"), Some("en")));
    assert_eq!(d.provenance.format_version.as_deref(), Some("V2-1"));
}

#[test]
fn an_euipo_design_delete() {
    let original = std::fs::read_to_string(common::real().join("euipo-design/001063002-0001.xml")).unwrap();
    let deleted = original.replacen("<Design operationCode=\"Insert\">", "<Design operationCode=\"Delete\">", 1);
    assert_ne!(original, deleted);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("001063002-0001.xml");
    std::fs::write(&path, deleted).unwrap();
    let out = common::parse_with(ConnectorKind::EuipoDesigns, &path, &Limits::default()).unwrap();
    assert!(matches!(&out.records[0], Record::Design(_, Change::Delete)));
}

#[test]
fn st96_design_application_example() {
    let path = common::real().join("wipo-st96-design/DesignApplication_Example.xml");
    let out = common::parse_with(ConnectorKind::WipoSt96, &path, &Limits::default()).unwrap();
    assert_eq!((out.designs().count(), out.rejects.len()), (1, 0));
    let mut d = out.designs().next().unwrap().clone();
    // WIPO's example writes the office as `XX`, ST.3's code for an unknown office.
    assert!(normalize_design(&mut d).is_empty());
    assert_eq!(d.doc_id, "XXD0123456");
    assert_eq!(
        (d.design_number.as_str(), d.appl_number.as_deref(), d.reg_number.as_deref()),
        ("D0123456", Some("35503842"), Some("123456"))
    );
    assert_eq!(
        (d.filing_date.as_deref(), d.registration_date.as_deref(), d.expiry_date.as_deref()),
        (Some("2017-08-29"), Some("2017-08-29"), Some("2034-01-29"))
    );
    assert_eq!((d.locarno[0].class.as_deref(), d.locarno[0].edition.as_deref()), (Some("06-01"), Some("11")));
    assert_eq!((d.products[0].lang.as_deref(), d.products[0].text.as_str()), (Some("en"), "Chair"));
    assert_eq!(d.views.len(), 7);
    assert_eq!(d.views[0], "m001_001.jpg");
    assert_eq!(d.owners[0].name, "HARPER Inc.");
    assert_eq!(
        d.designers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Francis, Emma", "Altova, Jeannette", "Ho, Manuel"]
    );
    assert_eq!(d.representatives[0].role.as_deref(), Some("Laywer"));
    assert_eq!(
        (d.priorities[0].office.as_deref(), d.priorities[0].number_raw.as_deref()),
        (Some("WO"), Some("DM/096824"))
    );
    assert_eq!((d.status.as_deref(), d.publication_date.as_deref()), (Some("registered"), Some("2019-01-29")));
    assert_eq!(d.provenance.format_version.as_deref(), Some("V6_0"));
}
