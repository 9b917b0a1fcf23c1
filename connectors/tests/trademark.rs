//! Trademark feeds: the key facts of every real trademark sample, stated by hand from reading
//! each XML (independent of the goldens), and the CNIPA trademark exchange files (made-up
//! fixtures, see `fixtures/madeup/cnipa-trademark/`).

mod common;

use std::path::PathBuf;

use ipdc_connectors::{Change, ConnectorKind, Limits, Record};
use ipdc_schemas::Trademark;
use ipdc_schemas::normalize::{Severity, normalize_trademark};

/// What a reader of a trademark document sees.
struct Facts {
    file: &'static str,
    kind: ConnectorKind,
    marks: usize,
    doc_id: &'static str,
    mark_text: &'static str,
    feature: &'static str,
    filing_date: &'static str,
    reg_number: Option<&'static str>,
    nice_classes: &'static [i32],
    first_owner: Option<&'static str>,
    status: Option<&'static str>,
}

const FACTS: &[Facts] = &[
    Facts {
        // DPMA register extract (ST.66 with `de:` extensions): "Akte vernichtet" (file
        // destroyed) says nothing of the mark's legal state, so no status is placed.
        file: "dpma-st66-trademark/DE919224-register-info.xml",
        kind: ConnectorKind::DpmaRegisters,
        marks: 1,
        doc_id: "DEE17341",
        mark_text: "von Eicken`s Apple and Grape",
        feature: "word",
        filing_date: "1974-01-25",
        reg_number: Some("919224"),
        nice_classes: &[34],
        first_owner: Some("Joh. Wilh. von Eicken GmbH"),
        status: None,
    },
    Facts {
        file: "wipo-st96-trademark/TrademarkApplication_Example.xml",
        kind: ConnectorKind::WipoSt96,
        marks: 1,
        doc_id: "US87035559",
        mark_text: "LANYI",
        feature: "combined",
        filing_date: "2016-05-12",
        reg_number: Some("5169753"),
        nice_classes: &[9],
        first_owner: Some("Shenzhen Fengniao E-Commerce Co.,Ltd"),
        status: Some("registered"),
    },
    Facts {
        file: "wipo-st96-trademark/USPTO_TSDR_rn2178784-ST96-2.2.1.xml",
        kind: ConnectorKind::UsptoTrademarks,
        marks: 1,
        doc_id: "US74631225",
        mark_text: "JAVA",
        feature: "word",
        filing_date: "1995-02-07",
        reg_number: Some("2178784"),
        nice_classes: &[9],
        first_owner: Some("Oracle America, Inc."),
        status: Some("registered"),
    },
    Facts {
        // The same registration in the pre-release ST.96 form (`Trademark/1` namespaces).
        file: "wipo-st96-trademark/USPTO_TSDR_rn2178784-ST96-D3.xml",
        kind: ConnectorKind::UsptoTrademarks,
        marks: 1,
        doc_id: "US74631225",
        mark_text: "JAVA",
        feature: "word",
        filing_date: "1995-02-07",
        reg_number: Some("2178784"),
        nice_classes: &[9],
        first_owner: Some("Oracle America, Inc."),
        status: Some("registered"),
    },
    Facts {
        file: "wipo-st66-trademark/USPTO_TSDR_sn76044902-ST66.xml",
        kind: ConnectorKind::UsptoTrademarks,
        marks: 1,
        doc_id: "US76044902",
        mark_text: "PYTHON",
        feature: "word",
        filing_date: "2000-05-09",
        reg_number: Some("2824281"),
        nice_classes: &[9, 42],
        first_owner: Some("PYTHON SOFTWARE FOUNDATION"),
        // `702` alone: a USPTO status number is not placed.
        status: None,
    },
    Facts {
        file: "euipo-trademark/018222197.xml",
        kind: ConnectorKind::EuipoTrademarks,
        marks: 1,
        doc_id: "EM018222197",
        mark_text: "TERRA S NOVA",
        feature: "word",
        filing_date: "2020-04-08",
        reg_number: None,
        nice_classes: &[1],
        first_owner: Some(""),
        status: Some("registered"),
    },
    Facts {
        file: "euipo-trademark/018222713.xml",
        kind: ConnectorKind::EuipoTrademarks,
        marks: 1,
        doc_id: "EM018222713",
        mark_text: "ROCA PATRON",
        feature: "3d",
        filing_date: "2020-04-08",
        reg_number: None,
        nice_classes: &[33],
        first_owner: Some(""),
        status: Some("registered"),
    },
    Facts {
        file: "euipo-trademark/018224185.xml",
        kind: ConnectorKind::EuipoTrademarks,
        marks: 1,
        doc_id: "EM018224185",
        mark_text: "DOGON",
        feature: "figurative",
        filing_date: "2020-04-09",
        reg_number: None,
        nice_classes: &[5],
        first_owner: None,
        status: Some("registered"),
    },
    Facts {
        file: "euipo-trademark/018229617.xml",
        kind: ConnectorKind::EuipoTrademarks,
        marks: 1,
        doc_id: "EM018229617",
        mark_text: "W",
        feature: "figurative",
        filing_date: "2020-04-27",
        reg_number: None,
        nice_classes: &[3, 9, 14, 16, 18, 20, 21, 24, 25, 26, 28, 29, 30, 32, 34, 38, 41, 43, 45],
        first_owner: Some(""),
        status: Some("registered"),
    },
    Facts {
        file: "uspto-trademark-daily/seed.xml",
        kind: ConnectorKind::UsptoTrademarks,
        marks: 11,
        doc_id: "US87310367",
        mark_text: "TUSIMPLE",
        feature: "word",
        filing_date: "2017-01-23",
        reg_number: None,
        nice_classes: &[9, 12, 39, 42],
        first_owner: Some("TuSimple"),
        status: None,
    },
];

fn normalized(t: &Trademark) -> Trademark {
    let mut t = t.clone();
    let found = normalize_trademark(&mut t);
    assert!(found.iter().all(|v| v.severity == Severity::Warn), "{}: {found:?}", t.doc_id);
    t
}

#[test]
fn first_mark_of_every_sample() {
    for f in FACTS {
        let out = common::parse_with(f.kind, &common::real().join(f.file), &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", f.file));
        assert_eq!((out.trademarks().count(), out.rejects.len()), (f.marks, 0), "{}", f.file);
        let t = normalized(out.trademarks().next().unwrap());
        assert_eq!(t.doc_id, f.doc_id, "{}", f.file);
        assert_eq!(t.mark_text.as_deref(), Some(f.mark_text), "{}", f.file);
        assert_eq!(t.mark_feature.as_deref(), Some(f.feature), "{}", f.file);
        assert_eq!(t.filing_date.as_deref(), Some(f.filing_date), "{}", f.file);
        assert_eq!(t.reg_number.as_deref(), f.reg_number, "{}", f.file);
        assert_eq!(t.nice_classes, f.nice_classes, "{}", f.file);
        assert_eq!(t.owners.first().map(|p| p.name.as_str()), f.first_owner, "{}", f.file);
        assert_eq!(t.status.as_deref(), f.status, "{}", f.file);
    }
}

#[test]
fn euipo_goods_in_every_language_and_the_lost_letters() {
    let out = common::parse_real("euipo-trademark/018224185.xml");
    let t = normalized(out.trademarks().next().unwrap());
    assert_eq!(t.goods_services.len(), 23);
    let de = t.goods_services.iter().find(|g| g.lang.as_deref() == Some("de")).unwrap();
    assert!(de.text.starts_with("Diätetische Präparate und Nahrungsergänzungsmittel"), "{}", de.text);
    let el = t.goods_services.iter().find(|g| g.lang.as_deref() == Some("el")).unwrap();
    assert!(el.text.starts_with("Συμπληρώματα διατροφής"), "{}", el.text);
    assert_eq!(
        (t.publication_number.as_deref(), t.reg_publication_number.as_deref()),
        (Some("2020/105"), Some("2020/176"))
    );
    assert_eq!((t.filing_language.as_deref(), t.second_language.as_deref()), (Some("hu"), Some("en")));
    assert_eq!(t.vienna_codes.len(), 8);
    assert_eq!(t.representatives[0].org_code.as_deref(), Some("74150"));

    // `&#127;` stands where EUIPO lost a letter (Slovak "šekové knižky"): kept as U+FFFD, warned.
    let out = common::parse_real("euipo-trademark/018229617.xml");
    let mut t = out.trademarks().next().unwrap().clone();
    let found = normalize_trademark(&mut t);
    assert!(found.iter().any(|v| v.rule == "text.control_character"));
    let sk: Vec<_> = t.goods_services.iter().filter(|g| g.text.contains('\u{FFFD}')).map(|g| g.lang.clone()).collect();
    assert!(sk.contains(&Some("sk".into())), "{sk:?}");
    assert_eq!((t.priorities[0].office.as_deref(), t.priorities[0].date.as_deref()), (Some("FR"), Some("2020-04-22")));
    // `98.04` is an EUIPO office code, not a Vienna code.
    let out = common::parse_real("euipo-trademark/018222713.xml");
    assert_eq!(normalized(out.trademarks().next().unwrap()).vienna_codes, ["19.07.02", "19.07.10"]);
}

#[test]
fn us_daily_case_files_are_framed_one_by_one() {
    let out = common::parse_real("uspto-trademark-daily/seed.xml");
    let marks: Vec<_> = out.trademarks().map(normalized).collect();
    assert_eq!(marks.len(), 11);
    // Each case file is its own document, located by its byte offset in the daily file.
    assert!(marks.iter().all(|m| m.provenance.locator.starts_with('@')));
    assert_eq!(marks[0].provenance.format_version.as_deref(), Some("2.0"));
    // Registered in 1919 under US class 44: the statement's class is read through the case's
    // classification, whose international code is Nice 8.
    let cutex = marks.iter().find(|m| m.mark_text.as_deref() == Some("CUTEX")).unwrap();
    assert_eq!(
        (cutex.reg_number.as_deref(), cutex.registration_date.as_deref()),
        (Some("0124134"), Some("1919-01-14"))
    );
    assert_eq!((cutex.nice_classes.as_slice(), cutex.national_classes.as_slice()), (&[8][..], &["044".to_owned()][..]));
    assert_eq!(cutex.goods_services[0].text, "EMERY BOARDS");
    let tu = &marks[1];
    assert_eq!(
        (tu.mark_feature.as_deref(), tu.vienna_codes.as_slice()),
        (Some("combined"), &["26.09.21".to_owned()][..])
    );
    assert!(tu.mark_description.as_deref().unwrap().starts_with("The mark consists of the word \"tu\""));
    let audion = marks.iter().find(|m| m.mark_text.as_deref() == Some("AUDION")).unwrap();
    assert_eq!(audion.owners[0].country.as_deref(), Some("NL"));
    assert!(audion.representatives.iter().any(|r| r.role.as_deref() == Some("domestic representative")));
}

#[test]
fn a_daily_file_of_an_unknown_version_is_refused_whole() {
    let original = std::fs::read_to_string(common::real().join("uspto-trademark-daily/seed.xml")).unwrap();
    let changed = original.replacen("<version-no>2.0</version-no>", "<version-no>3.0</version-no>", 1);
    assert_ne!(original, changed);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("apc180218.xml");
    std::fs::write(&path, changed).unwrap();
    let e = common::parse_with(ConnectorKind::UsptoTrademarks, &path, &Limits::default()).unwrap_err();
    assert!(e.to_string().contains("trademark-applications-daily version \"3.0\""), "{e}");
}

#[test]
fn an_euipo_delete_removes_the_mark() {
    let original = std::fs::read_to_string(common::real().join("euipo-trademark/018222197.xml")).unwrap();
    let deleted = original.replacen("<TradeMark operationCode=\"Insert\">", "<TradeMark operationCode=\"Delete\">", 1);
    assert_ne!(original, deleted);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("018222197.xml");
    std::fs::write(&path, deleted).unwrap();
    let out = common::parse_with(ConnectorKind::EuipoTrademarks, &path, &Limits::default()).unwrap();
    assert!(matches!(&out.records[0], Record::Trademark(_, Change::Delete)));
}

fn madeup(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/madeup/cnipa-trademark").join(name)
}

#[test]
fn cnipa_csv_rows_are_checked_against_the_schema() {
    let out =
        common::parse_with(ConnectorKind::CnipaTrademarks, &madeup("tm_register_2024w20.csv"), &Limits::default())
            .unwrap();
    let marks: Vec<_> = out.trademarks().map(normalized).collect();
    assert_eq!((marks.len(), out.rejects.len()), (3, 5));
    let first = &marks[0];
    assert_eq!((first.doc_id.as_str(), first.mark_text.as_deref()), ("CN56783412", Some("青松智联")));
    assert_eq!((first.mark_feature.as_deref(), first.status.as_deref()), (Some("combined"), Some("registered")));
    assert_eq!(
        (first.right_start_date.as_deref(), first.expiry_date.as_deref()),
        (Some("2022-01-28"), Some("2032-01-27"))
    );
    assert_eq!(
        (first.publication_number.as_deref(), first.reg_publication_number.as_deref()),
        (Some("1765"), Some("1777"))
    );
    assert_eq!(first.nice_classes, [9, 42]);
    let groups: Vec<_> = first.goods_services.iter().map(|g| (g.nice_class, g.similar_groups[0].as_str())).collect();
    assert_eq!(groups, [(Some(9), "0901"), (Some(9), "0907"), (Some(42), "4209")]);
    assert_eq!(first.goods_services[2].text, "软件即服务(SaaS)");
    assert_eq!(first.vienna_codes, ["26.01.03", "27.05.01"]);
    assert_eq!(first.owners[0].org_code.as_deref(), Some("91330106MA2H7Q3K53"));
    assert_eq!(first.representatives[0].name, "杭州知远商标代理有限公司");
    let second = &marks[1];
    assert_eq!(second.owners.len(), 2);
    assert_eq!((second.owners[1].name.as_str(), second.owners[1].country.as_deref()), ("樱リンク株式会社", Some("JP")));
    assert_eq!(second.owners[1].org_code, None);
    assert_eq!(second.owners[1].address.as_deref(), Some("東京都港区芝公園1-2-3"));
    assert_eq!(
        (second.priorities[0].office.as_deref(), second.priorities[0].date.as_deref()),
        (Some("JP"), Some("2021-09-10"))
    );
    assert_eq!(second.filing_date.as_deref(), Some("2022-03-03"));
    let sound = &marks[2];
    assert_eq!((sound.mark_text.as_deref(), sound.mark_feature.as_deref()), (None, Some("sound")));
    assert!(sound.goods_services[0].similar_groups.is_empty());

    let rejects: Vec<_> = out.rejects.iter().map(|r| (r.locator.as_str(), r.rule.as_str())).collect();
    assert_eq!(
        rejects,
        [
            ("line 4", "exchange.missing_field"),
            ("line 5", "exchange.goods"),
            ("line 6", "exchange.credit_code"),
            ("line 7", "exchange.date"),
            ("line 9", "exchange.goods"),
        ]
    );
    assert!(out.rejects[1].reason.contains("class \"46\" is not a Nice class"), "{}", out.rejects[1].reason);
    assert!(out.rejects[2].reason.contains("check character is '1', 'N' expected"), "{}", out.rejects[2].reason);
    assert!(
        out.rejects[4].reason.contains("类似群 \"0901\" is not four digits beginning with class 35"),
        "{}",
        out.rejects[4].reason
    );
    assert!(out.rejects.iter().all(|r| r.dataset == Some("trademark")));
}

#[test]
fn cnipa_json_lines_replace_earlier_rows() {
    let out =
        common::parse_with(ConnectorKind::CnipaTrademarks, &madeup("tm_register_2024w21.jsonl"), &Limits::default())
            .unwrap();
    assert!(out.records.iter().all(|r| matches!(r, Record::Trademark(_, Change::Upsert))));
    let marks: Vec<_> = out.trademarks().map(normalized).collect();
    assert_eq!((marks.len(), out.rejects.len()), (2, 2));
    assert_eq!((marks[0].doc_id.as_str(), marks[0].status.as_deref()), ("CN56783412", Some("invalidated")));
    assert_eq!(
        (marks[1].mark_kind.as_deref(), marks[1].owners[0].org_code.as_deref()),
        (Some("certification"), Some("51330523MJ9K2L7P08"))
    );
    let rejects: Vec<_> = out.rejects.iter().map(|r| (r.locator.as_str(), r.rule.as_str())).collect();
    assert_eq!(rejects, [("line 3", "exchange.unknown_column"), ("line 4", "exchange.code")]);
}

#[test]
fn a_dpma_mark_reads_its_country_from_address_county_and_its_schema_version() {
    let path = common::real().join("dpma-st66-trademark/DE919224-register-info.xml");
    let out = common::parse_with(ConnectorKind::DpmaRegisters, &path, &Limits::default()).unwrap();
    let t = normalized(out.trademarks().next().unwrap());
    let owner = &t.owners[0];
    assert_eq!(
        (owner.city.as_deref(), owner.postcode.as_deref(), owner.country.as_deref(), owner.state.as_deref()),
        (Some("Lübeck"), Some("23556"), Some("DE"), None)
    );
    assert_eq!(
        (t.registration_date.as_deref(), t.expiry_date.as_deref(), t.publication_date.as_deref()),
        (Some("1974-06-06"), Some("2014-01-31"), Some("1974-07-31"))
    );
    assert_eq!(t.goods_services[0].lang.as_deref(), Some("de"));
    // The representative DPMA lists is an empty address book: no party.
    assert!(t.representatives.is_empty());
    assert_eq!(t.provenance.format_version.as_deref(), Some("DE-TM-Register-V1.1"));
}
