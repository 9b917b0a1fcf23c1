//! `patent_legal_event` v1: one row per legal-status event of a patent application or
//! publication, with the office's own event code and text beside the WIPO ST.27 codes where a
//! mapping exists.

use serde::{Deserialize, Serialize};

use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One legal-status event.
///
/// Connectors fill the `*_raw` fields and the texts; [`crate::normalize`] fills `office`,
/// `doc_id`, `appl_key`, ISO dates and `event_year`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatentLegalEvent {
    /// Office that recorded the event (ST.3): for an EP patent validated in a state, that state.
    pub office: String,
    /// Year of the event date (partition column; 0 when unknown).
    pub event_year: i32,
    /// The publication the event is reported against, as `patent_publication.doc_id`.
    pub doc_id: Option<String>,
    /// Office of that publication, as written.
    pub pub_office_raw: Option<String>,
    /// Its number, as written.
    pub pub_number_raw: Option<String>,
    /// Its kind code, as written.
    pub pub_kind_raw: Option<String>,
    /// Application key of the application the event concerns (office + number, no check digit).
    pub appl_key: Option<String>,
    /// That application number as written.
    pub appl_number_raw: Option<String>,
    /// Patent family id (DOCDB/INPADOC), when the source gives it.
    pub family_id: Option<String>,
    /// Date of the event (gazette date where the source gives no other).
    pub event_date: Option<String>,
    /// Date the event takes effect, when it differs.
    pub effective_date: Option<String>,
    /// The office's own event code (e.g. INPADOC `AK`, `PG25`; a CNIPA event name).
    pub national_event_code: String,
    /// The office's event text as written.
    pub national_event_text: Option<String>,
    /// Whether the event is positive (`+`) or negative (`-`) for the right, when stated.
    pub influence: Option<String>,
    /// ST.27 key event code (e.g. `F10`), when a mapping exists.
    pub st27_key: Option<String>,
    /// ST.27 detailed event code (e.g. `F11`), when a mapping exists.
    pub st27_detailed: Option<String>,
    /// ST.27 category letter (e.g. `F` granted).
    pub st27_category: Option<String>,
    /// Gazette or bulletin issue the event was published in.
    pub gazette_issue: Option<String>,
    /// Further event data as a JSON object of label → text (designated states, fee year,
    /// new owner, free text …).
    pub details: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

const FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Office that recorded the event", "事件登记局").std("WIPO ST.3"),
    FieldDef::req("event_year", Int32, "Year of the event date (partition; 0 when unknown)", "事件年"),
    FieldDef::opt("doc_id", Utf8, "Publication the event is reported against (patent_publication.doc_id)", "文献标识"),
    FieldDef::opt("pub_office_raw", Utf8, "Office of that publication as written", "公布局(原文)"),
    FieldDef::opt("pub_number_raw", Utf8, "Publication number as written", "公布/公告号(原文)"),
    FieldDef::opt("pub_kind_raw", Utf8, "Kind code as written", "文献类型代码(原文)"),
    FieldDef::opt("appl_key", Utf8, "Application key (office + number, no check digit)", "申请号键").std("WIPO ST.13"),
    FieldDef::opt("appl_number_raw", Utf8, "Application number as written", "申请号(原文)"),
    FieldDef::opt("family_id", Utf8, "Patent family id (DOCDB/INPADOC)", "同族标识"),
    FieldDef::opt("event_date", Date32, "Date of the event", "事件日").std("ISO 8601"),
    FieldDef::opt("effective_date", Date32, "Date the event takes effect", "生效日").std("ISO 8601"),
    FieldDef::req("national_event_code", Utf8, "The office's own event code", "本局法律状态代码"),
    FieldDef::opt("national_event_text", Utf8, "The office's event text as written", "本局法律状态描述"),
    FieldDef::opt("influence", Utf8, "+ positive or - negative for the right, when stated", "对权利的影响(+/-)"),
    FieldDef::opt("st27_key", Utf8, "ST.27 key event code", "ST.27关键事件代码").std("WIPO ST.27"),
    FieldDef::opt("st27_detailed", Utf8, "ST.27 detailed event code", "ST.27详细事件代码").std("WIPO ST.27"),
    FieldDef::opt("st27_category", Utf8, "ST.27 category letter", "ST.27事件类别").std("WIPO ST.27"),
    FieldDef::opt("gazette_issue", Utf8, "Gazette or bulletin issue", "公报期号"),
    FieldDef::opt("details", Utf8, "Further event data: JSON object of label to text", "其他事件数据(JSON)"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `patent_legal_event` v1.
pub const PATENT_LEGAL_EVENT: Dataset = Dataset {
    name: "patent_legal_event",
    major: 1,
    minor: 0,
    en: "Patent legal-status events, one row per event, with national codes and WIPO ST.27 codes",
    zh: "专利法律状态事件，每个事件一行，含本局代码与WIPO ST.27代码",
    fields: FIELDS,
    partition_by: &["office", "event_year"],
};
