//! CNIPA patent legal-status extracts (`cnipa_patent_legal_status` exchange schema) onto
//! `patent_legal_event` records; the normaliser derives the ST.27 codes from the event name by
//! the proposed mapping (`schemas/reference/cn_legal_status_to_st27.csv`). No open real sample
//! exists; the fixtures are made up (marked so in their provenance).

use ipdc_schemas::{PATENT_LEGAL_EVENT, PatentLegalEvent, Provenance};

use super::Row;
use crate::Record;

/// A checked row as a record (events are appended: each is reported once).
pub fn map(row: &Row, provenance: Provenance) -> Record {
    let text = |c: &str| row.get(c).map(str::to_owned);
    Record::LegalEvent(Box::new(PatentLegalEvent {
        office: "CN".into(),
        pub_office_raw: text("pub_number").map(|_| "CN".to_owned()),
        pub_number_raw: text("pub_number"),
        pub_kind_raw: text("pub_kind"),
        appl_number_raw: text("appl_number"),
        event_date: text("event_date"),
        effective_date: text("effective_date"),
        national_event_code: text("event_name").unwrap_or_default(),
        national_event_text: text("event_text"),
        gazette_issue: text("gazette_issue"),
        provenance: Provenance { schema_version: PATENT_LEGAL_EVENT.version(), ..provenance },
        ..PatentLegalEvent::default()
    }))
}
