//! `design_registration` v1: one row per registered (or applied-for) industrial design, in the
//! state its source last reported; a multiple application gives one row per design.

use serde::{Deserialize, Serialize};

use super::parts::{LANG_TEXT, LOCARNO, LangText, Locarno, PARTY, PRIORITY, Party, Priority};
use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One design.
///
/// Connectors fill what the source gives; [`crate::normalize`] canonicalises the office,
/// `doc_id`, dates, Locarno classes, languages and the status, and derives `filing_year`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignRegistration {
    /// Office of the register (ST.3; `EM` for the EUIPO).
    pub office: String,
    /// Key: office + design number without separators (`EM0010630020001`).
    pub doc_id: String,
    /// The design's number as written (EUIPO `001063002-0001`: application and design).
    pub design_number: String,
    /// Application number as written.
    pub appl_number: Option<String>,
    /// Registration number, where the office numbers registrations apart from designs.
    pub reg_number: Option<String>,
    /// Filing year (partition column; 0 when unknown).
    pub filing_year: i32,
    /// Filing date.
    pub filing_date: Option<String>,
    /// Registration date.
    pub registration_date: Option<String>,
    /// Publication date.
    pub publication_date: Option<String>,
    /// Expiry of the current term.
    pub expiry_date: Option<String>,
    /// Whether publication was deferred.
    pub publication_deferred: Option<bool>,
    /// Indication of the product, per language.
    pub products: Vec<LangText>,
    /// Locarno classes.
    pub locarno: Vec<Locarno>,
    /// Views: file names or URIs of the representations, in order.
    pub views: Vec<String>,
    /// Owners / applicants.
    pub owners: Vec<Party>,
    /// Designers.
    pub designers: Vec<Party>,
    /// Representatives.
    pub representatives: Vec<Party>,
    /// Priority claims.
    pub priorities: Vec<Priority>,
    /// Language of filing, ISO 639-1.
    pub filing_language: Option<String>,
    /// Second language (EUIPO), ISO 639-1.
    pub second_language: Option<String>,
    /// `filed`, `published`, `registered`, `refused`, `withdrawn`, `lapsed`, `expired`,
    /// `surrendered`, `invalidated`; null when the source's words cannot be placed.
    pub status: Option<String>,
    /// The status as written.
    pub status_raw: Option<String>,
    /// Date of the current status.
    pub status_date: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

const FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Office of the register (EM for the EUIPO)", "登记机关").std("WIPO ST.3"),
    FieldDef::req("doc_id", Utf8, "Key: office + design number without separators", "外观设计键"),
    FieldDef::req("design_number", Utf8, "Design number as written", "外观设计号"),
    FieldDef::opt("appl_number", Utf8, "Application number as written", "申请号"),
    FieldDef::opt("reg_number", Utf8, "Registration number", "注册号"),
    FieldDef::req("filing_year", Int32, "Filing year (partition; 0 when unknown)", "申请年"),
    FieldDef::opt("filing_date", Date32, "Filing date", "申请日").std("ISO 8601"),
    FieldDef::opt("registration_date", Date32, "Registration date", "注册日").std("ISO 8601"),
    FieldDef::opt("publication_date", Date32, "Publication date", "公告日").std("ISO 8601"),
    FieldDef::opt("expiry_date", Date32, "Expiry of the current term", "保护期届满日").std("ISO 8601"),
    FieldDef::opt("publication_deferred", Bool, "Publication deferred", "是否延迟公告"),
    FieldDef::req("products", List(&Struct(LANG_TEXT)), "Indication of the product per language", "产品名称"),
    FieldDef::req("locarno", List(&Struct(LOCARNO)), "Locarno classes", "洛迦诺分类").std("Locarno"),
    FieldDef::req("views", List(&Utf8), "Representations (file names or URIs), in order", "视图"),
    FieldDef::req("owners", List(&Struct(PARTY)), "Owners / applicants", "权利人/申请人"),
    FieldDef::req("designers", List(&Struct(PARTY)), "Designers", "设计人"),
    FieldDef::req("representatives", List(&Struct(PARTY)), "Representatives", "代理人"),
    FieldDef::req("priorities", List(&Struct(PRIORITY)), "Priority claims", "优先权"),
    FieldDef::opt("filing_language", Utf8, "Language of filing", "申请语言").std("ISO 639-1"),
    FieldDef::opt("second_language", Utf8, "Second language (EUIPO)", "第二语言").std("ISO 639-1"),
    FieldDef::opt(
        "status",
        Utf8,
        "filed, published, registered, refused, withdrawn, lapsed, expired, surrendered, invalidated",
        "法律状态",
    ),
    FieldDef::opt("status_raw", Utf8, "Status as written", "法律状态(原始)"),
    FieldDef::opt("status_date", Date32, "Date of the current status", "法律状态日").std("ISO 8601"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `design_registration` v1.
pub const DESIGN_REGISTRATION: Dataset = Dataset {
    name: "design_registration",
    major: 1,
    minor: 0,
    en: "Industrial designs, one row per design in its latest reported state",
    zh: "外观设计(工业品外观设计)，每项设计一行(来源最新报告的状态)",
    fields: FIELDS,
    partition_by: &["office", "filing_year"],
};
