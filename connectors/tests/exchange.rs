//! CNIPA IC layout-design exchange files (made-up fixtures, see `fixtures/madeup/`): good rows
//! become records with every column carried; each bad row is rejected with its line and the
//! rules it breaks; a header that does not fit the schema refuses the file.

mod common;

use std::path::PathBuf;

use ipdc_connectors::{ConnectorKind, Limits};

fn madeup(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/madeup/cnipa-ic-layout").join(name)
}

#[test]
fn csv_rows_are_checked_against_the_schema() {
    let out =
        common::parse_with(ConnectorKind::CnipaIcLayout, &madeup("ic_layout_2024w12.csv"), &Limits::default()).unwrap();
    let good: Vec<_> = out.ic_layouts().collect();
    assert_eq!((good.len(), out.rejects.len()), (3, 4));
    let first = good[0];
    assert_eq!(
        (first.reg_number.as_str(), first.design_name.as_str()),
        ("BS.245500123", "低功耗蓝牙射频收发芯片 BLE-RF2401")
    );
    assert_eq!(first.owners[0].address.as_deref(), Some("广东省深圳市南山区科技园高新南一道 8 号"));
    assert_eq!(first.creators.iter().map(|c| c.name_raw.as_str()).collect::<Vec<_>>(), ["张伟", "李娜"]);
    assert!(first.summary.as_deref().unwrap().contains("40nm CMOS 工艺，集成射频前端"));
    assert_eq!(first.provenance.locator, "line 2");
    let second = good[1];
    assert_eq!(second.owners.len(), 2);
    assert_eq!(
        (second.owners[1].name_raw.as_str(), second.owners[1].country.as_deref()),
        ("Autochips Europe GmbH", Some("DE"))
    );
    assert_eq!(second.owners[1].address.as_deref(), Some("Leopoldstraße 236, 80807 München"));

    let rejects: Vec<_> = out.rejects.iter().map(|r| (r.locator.as_str(), r.rule.as_str())).collect();
    assert_eq!(
        rejects,
        [
            ("line 4", "exchange.missing_field"),
            ("line 5", "exchange.date"),
            ("line 6", "exchange.code"),
            ("line 7", "exchange.office_code"),
        ]
    );
    assert!(out.rejects[1].reason.contains("filing_date \"2024-02-30\" is not a date"), "{}", out.rejects[1].reason);
    assert_eq!(out.rejects[0].doc_id.as_deref(), Some("BS.245500158"));
    assert!(out.rejects[2].fragment.as_deref().unwrap().contains("pending"));
}

#[test]
fn the_earlier_limit_ends_protection() {
    let out =
        common::parse_with(ConnectorKind::CnipaIcLayout, &madeup("ic_layout_2024w12.csv"), &Limits::default()).unwrap();
    let expiries: Vec<_> = out
        .ic_layouts()
        .map(|d| {
            let mut d = d.clone();
            assert!(ipdc_schemas::normalize::normalize_ic_layout(&mut d).is_empty(), "{d:?}");
            (d.reg_number, d.protection_expiry.unwrap())
        })
        .collect();
    assert_eq!(
        expiries,
        [
            // Filed 2024-03-15, not exploited before: 10 years from filing.
            ("BS.245500123".to_owned(), "2034-03-15".to_owned()),
            // Exploited from 2023-12-01, before filing: 10 years from first use.
            ("BS.245500131".to_owned(), "2033-12-01".to_owned()),
            // Created 2009-01-10: 15 years from creation comes first.
            ("BS.245500190".to_owned(), "2024-01-10".to_owned()),
        ]
    );
}

#[test]
fn json_lines_take_arrays_or_strings() {
    let out = common::parse_with(ConnectorKind::CnipaIcLayout, &madeup("ic_layout_2024w13.jsonl"), &Limits::default())
        .unwrap();
    let good: Vec<_> = out.ic_layouts().collect();
    assert_eq!((good.len(), out.rejects.len()), (2, 3));
    assert_eq!(good[0].creators.len(), 2);
    assert_eq!(good[1].owners[0].name_raw, "苏州智算微电子有限公司");
    assert_eq!(good[1].provenance.source_format, "cnipa_ic_layout_design jsonl");
    let rejects: Vec<_> = out.rejects.iter().map(|r| (r.locator.as_str(), r.rule.as_str())).collect();
    assert_eq!(
        rejects,
        [("line 3", "exchange.missing_field"), ("line 4", "exchange.unknown_column"), ("line 5", "exchange.json")]
    );
}

#[test]
fn a_header_that_does_not_fit_refuses_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = dir.path().join("a.csv");
    std::fs::write(&unknown, "reg_number,design_name,owner_names,filing_date,colour\nBS.1,x,y,2024-01-01,red\n")
        .unwrap();
    let err = common::parse_with(ConnectorKind::CnipaIcLayout, &unknown, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("column \"colour\" is not in the schema"), "{err}");
    let missing = dir.path().join("b.csv");
    std::fs::write(&missing, "reg_number,design_name,owner_names\nBS.1,x,y\n").unwrap();
    let err = common::parse_with(ConnectorKind::CnipaIcLayout, &missing, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("required column \"filing_date\" is missing"), "{err}");
}
