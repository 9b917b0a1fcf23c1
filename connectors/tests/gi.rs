//! Geographical indications: the real WIPO ST.96 `GIApplication` example, stated by hand, and
//! the CNIPA GI exchange files (made-up fixtures, see `fixtures/madeup/cnipa-gi/`).

mod common;

use std::path::PathBuf;

use ipdc_connectors::{ConnectorKind, Limits};
use ipdc_schemas::GeographicalIndication;
use ipdc_schemas::normalize::{Severity, normalize_geographical_indication};

fn normalized(g: &GeographicalIndication) -> (GeographicalIndication, Vec<&'static str>) {
    let mut g = g.clone();
    let found = normalize_geographical_indication(&mut g);
    let rejected = found.iter().filter(|v| v.severity == Severity::Reject).map(|v| v.rule).collect();
    (g, rejected)
}

#[test]
fn st96_gi_application_example() {
    let path = common::real().join("wipo-st96-gi/GIApplication_Example.xml");
    let out = common::parse_with(ConnectorKind::WipoSt96, &path, &Limits::default()).unwrap();
    let (g, rejected) = normalized(out.geographical_indications().next().unwrap());
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(
        (g.doc_id.as_str(), g.appl_number.as_str(), g.filing_date.as_deref()),
        ("FRIG18002", "IG 18-002", Some("2018-03-19"))
    );
    assert_eq!((g.names[0].lang.as_deref(), g.names[0].text.as_str()), (Some("fr"), "Tapisserie d'Aubusson"));
    assert_eq!(
        (g.name_translations[0].lang.as_deref(), g.name_translations[0].text.as_str()),
        (Some("en"), "Aubusson tapestry")
    );
    assert_eq!(g.gi_system.as_deref(), Some("geographical_indication"));
    assert_eq!(g.nice_classes, [24, 27]);
    assert_eq!(g.region_texts[0].text, "Département de la Creuse");
    assert!(g.descriptions[0].text.starts_with("La tapisserie d’Aubusson couvre les produits"));
    assert_eq!((g.publication_number.as_deref(), g.publication_date.as_deref()), (Some("2018-18"), Some("2018-06-04")));
    assert_eq!(g.applicants[0].name, "Association LAINAMAC");
    assert_eq!(g.authorized_users.len(), 10);
    assert_eq!(
        (g.authorized_users[9].name.as_str(), g.authorized_users[9].category.as_deref()),
        ("Mairie d'Aubusson", Some("Manufacturer"))
    );
    assert_eq!(g.provenance.format_version.as_deref(), Some("V6_0"));
}

fn madeup(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/madeup/cnipa-gi").join(name)
}

#[test]
fn cnipa_gi_rows_are_checked_against_the_schema_and_the_dataset() {
    let out =
        common::parse_with(ConnectorKind::CnipaGeographicalIndications, &madeup("gi_2024q2.csv"), &Limits::default())
            .unwrap();
    let gis: Vec<_> = out.geographical_indications().map(normalized).collect();
    assert_eq!((gis.len(), out.rejects.len()), (4, 4));
    let (first, _) = &gis[0];
    assert_eq!((first.doc_id.as_str(), first.gi_system.as_deref()), ("CNPGI20200412", Some("protected_product")));
    assert_eq!(
        (first.names[0].text.as_str(), first.name_translations[0].text.as_str()),
        ("临安山核桃", "Lin'an Hickory Nut")
    );
    assert_eq!(
        (first.approval_number.as_deref(), first.approval_date.as_deref()),
        (Some("国家知识产权局公告第412号"), Some("2021-03-18"))
    );
    assert_eq!(first.standards, ["DB3301/T 1012-2020", "临安山核桃质量技术要求"]);
    assert_eq!(first.authorized_users[1].org_code.as_deref(), Some("92330185MA2D9LQ1TB"));
    assert_eq!(first.authorized_users[1].approval_number.as_deref(), Some("国家知识产权局公告第498号"));
    let (mark, _) = &gis[1];
    assert_eq!(
        (mark.gi_system.as_deref(), mark.trademark_reg_number.as_deref(), mark.nice_classes.as_slice()),
        (Some("certification_mark"), Some("60219011"), &[30][..])
    );
    assert_eq!(gis[2].0.region_codes, ["331126", "331181"]);
    // Five digits pass the exchange file's text column but break the dataset's rule.
    assert_eq!(gis[3].1, ["gi.region_code"]);

    let rejects: Vec<_> = out.rejects.iter().map(|r| (r.locator.as_str(), r.rule.as_str())).collect();
    assert_eq!(
        rejects,
        [
            ("line 6", "exchange.code"),
            ("line 7", "exchange.missing_field"),
            ("line 8", "exchange.credit_code"),
            ("line 9", "exchange.nice_class")
        ]
    );
    assert!(out.rejects.iter().all(|r| r.dataset == Some("geographical_indication")));

    let out =
        common::parse_with(ConnectorKind::CnipaGeographicalIndications, &madeup("gi_2024q3.jsonl"), &Limits::default())
            .unwrap();
    let gis: Vec<_> = out.geographical_indications().map(normalized).collect();
    assert_eq!((gis.len(), out.rejects.len()), (1, 1));
    assert_eq!((gis[0].0.doc_id.as_str(), gis[0].0.status.as_deref()), ("CNPGI20200412", Some("revoked")));
    assert_eq!((out.rejects[0].locator.as_str(), out.rejects[0].rule.as_str()), ("line 2", "exchange.date"));
}
