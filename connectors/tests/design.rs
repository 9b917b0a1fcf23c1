//! Industrial designs: the real EUIPO `EM-DS-Design-V2-1` sample, the WIPO ST.96
//! `DesignApplication` example and the DPMA ST.86 register extract, stated by hand from reading
//! the XML, an EUIPO delete, and an ST.86 file of an unread schema version refused whole.

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

#[test]
fn dpma_st86_design_sample() {
    let path = common::real().join("dpma-st86-design/M8800174-register-info.xml");
    let out = common::parse_with(ConnectorKind::DpmaRegisters, &path, &Limits::default()).unwrap();
    assert_eq!((out.designs().count(), out.rejects.len()), (1, 0));
    let mut d = out.designs().next().unwrap().clone();
    assert!(normalize_design(&mut d).is_empty());
    assert_eq!(
        (d.office.as_str(), d.design_number.as_str(), d.appl_number.as_deref(), d.reg_number.as_deref()),
        ("DE", "M8800174-0001", Some("M8800174.1"), Some("M8800174"))
    );
    assert_eq!(
        (d.filing_date.as_deref(), d.registration_date.as_deref(), d.publication_date.as_deref()),
        (Some("1988-07-07"), Some("1988-09-15"), Some("1988-11-10"))
    );
    // "06 - 01" as DPMA writes it, Locarno edition 5.
    assert_eq!((d.locarno[0].class.as_deref(), d.locarno[0].edition.as_deref()), (Some("06-01"), Some("5")));
    assert_eq!(d.products.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["Stuhl"]);
    assert_eq!(d.views, ["/old_bild/174/880017400101.jpg"]);
    // DPMA writes the country code in AddressState and the US state in AddressCounty.
    let owner = &d.owners[0];
    assert_eq!(
        (owner.name.as_str(), owner.city.as_deref(), owner.state.as_deref(), owner.country.as_deref()),
        ("MT Designs", Some("Greensboro"), Some("N.C."), Some("US"))
    );
    let rep = &d.representatives[0];
    assert_eq!(
        (rep.name.as_str(), rep.city.as_deref(), rep.postcode.as_deref(), rep.country.as_deref()),
        ("VOSSIUS & PARTNER Patentanwälte Rechtsanwälte mbB", Some("München"), Some("81675"), Some("DE"))
    );
    let p = &d.priorities[0];
    assert_eq!(
        (p.office.as_deref(), p.number_raw.as_deref(), p.date.as_deref()),
        (Some("US"), Some("141 676"), Some("1988-01-07"))
    );
    assert_eq!(d.status_raw.as_deref(), Some("Paper File Destroyed"));
    assert_eq!(
        (d.provenance.source_format.as_str(), d.provenance.format_version.as_deref()),
        ("st86-design", Some("V1-0_de"))
    );
}

#[test]
fn an_st86_file_of_an_unread_version_is_refused_whole() {
    let original = std::fs::read_to_string(common::real().join("dpma-st86-design/M8800174-register-info.xml")).unwrap();
    let newer = original.replacen("st86model-V1-0_de.xsd", "st86model-V2-0_de.xsd", 1);
    assert_ne!(original, newer);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("M8800174.xml");
    std::fs::write(&path, newer).unwrap();
    let err = common::parse_with(ConnectorKind::DpmaRegisters, &path, &Limits::default()).unwrap_err();
    assert_eq!(err.rule(), "artifact.unknown_format");
    assert!(err.to_string().contains("V2-0_de"), "{err}");
}
