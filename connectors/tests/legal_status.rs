//! CNIPA patent legal-status exchange files (made-up fixture, see
//! `fixtures/madeup/cnipa-legal-status/`): rows checked against the schema (the application
//! number's check digit included), events mapped to ST.27 by the proposed table.

mod common;

use std::path::PathBuf;

use ipdc_connectors::{ConnectorKind, Limits};
use ipdc_schemas::normalize::normalize_legal_event;

#[test]
fn cn_events_checked_and_mapped_to_st27() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/madeup/cnipa-legal-status/legal_status_2024w30.csv");
    let out = common::parse_with(ConnectorKind::CnipaLegalStatus, &path, &Limits::default()).unwrap();
    let events: Vec<_> = out
        .legal_events()
        .map(|e| {
            let mut e = e.clone();
            let found = normalize_legal_event(&mut e);
            assert!(found.is_empty(), "{found:?}");
            e
        })
        .collect();
    assert_eq!((events.len(), out.rejects.len()), (6, 3));
    let codes: Vec<_> = events
        .iter()
        .map(|e| (e.national_event_code.as_str(), e.st27_detailed.as_deref(), e.st27_key.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("发明专利申请公布", Some("Q12"), Some("Q10")),
            ("实质审查的生效", Some("D11"), Some("D10")),
            ("授权 (发明专利权授予)", Some("F11"), Some("F10")),
            ("专利权的终止 (未缴年费)", Some("H13"), Some("H10")),
            ("专利申请权、专利权的转移", Some("R14"), Some("R10")),
            ("某个未列入对照表的事件", None, None),
        ]
    );
    // The number with or without `CN` keys the same application; the grant names its publication.
    assert_eq!(events[1].appl_key.as_deref(), Some("CN202320123456"));
    assert_eq!(events[2].doc_id.as_deref(), Some("CN117000001B"));
    assert_eq!(
        (events[3].event_date.as_deref(), events[3].effective_date.as_deref()),
        (Some("2024-07-26"), Some("2023-05-10"))
    );
    assert!(events[4].national_event_text.as_deref().unwrap().contains("变更后：杭州某某科技有限公司"));
    let rejects: Vec<_> = out.rejects.iter().map(|r| (r.locator.as_str(), r.rule.as_str())).collect();
    assert_eq!(
        rejects,
        [
            ("line 7", "exchange.cn_application_number"),
            ("line 8", "exchange.missing_field"),
            ("line 9", "exchange.date")
        ]
    );
    assert!(
        out.rejects[0].reason.contains("check digit 8 does not match the number (9 expected)"),
        "{}",
        out.rejects[0].reason
    );
    assert!(out.rejects.iter().all(|r| r.dataset == Some("patent_legal_event")));
}
