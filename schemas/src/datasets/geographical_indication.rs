//! `geographical_indication` v1: one row per geographical indication (GI) of a protection
//! system — the WIPO ST.96 `GIApplication` model, and the three Chinese systems (地理标志保护
//! 产品, 地理标志集体/证明商标, 农产品地理标志).

use serde::{Deserialize, Serialize};

use super::parts::{LANG_TEXT, LangText, PARTY, Party};
use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One geographical indication.
///
/// Connectors fill what the source gives; [`crate::normalize`] canonicalises the office,
/// `doc_id`, dates, the protection system, Nice classes, region codes and credit codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeographicalIndication {
    /// Office (ST.3) of the register.
    pub office: String,
    /// Key: office + application number without separators (`FRIG18002`).
    pub doc_id: String,
    /// Application number as written.
    pub appl_number: String,
    /// Filing date.
    pub filing_date: Option<String>,
    /// `geographical_indication`, `appellation_of_origin`, `protected_product`,
    /// `collective_mark`, `certification_mark` or `agricultural_product`.
    pub gi_system: Option<String>,
    /// The system as the source writes it.
    pub gi_system_raw: Option<String>,
    /// Product names, per language.
    pub names: Vec<LangText>,
    /// Translations and transliterations of the name.
    pub name_translations: Vec<LangText>,
    /// Description of the product and its link with the region, per language.
    pub descriptions: Vec<LangText>,
    /// The producing region as described, per language (CN: 产地范围).
    pub region_texts: Vec<LangText>,
    /// Administrative-division codes of the region (CN: GB/T 2260, six digits).
    pub region_codes: Vec<String>,
    /// Nice classes of the products.
    pub nice_classes: Vec<i32>,
    /// Applicants (producer groups, authorities).
    pub applicants: Vec<Party>,
    /// Authority that approved the GI.
    pub authority: Option<String>,
    /// Approval announcement number (CN: 批准公告号).
    pub approval_number: Option<String>,
    /// Approval date.
    pub approval_date: Option<String>,
    /// Publication identifier (gazette).
    pub publication_number: Option<String>,
    /// Publication date.
    pub publication_date: Option<String>,
    /// Standards and specifications the product follows (CN: 质量技术要求 / 标准号).
    pub standards: Vec<String>,
    /// Registration number of the GI trademark, for GIs protected as marks.
    pub trademark_reg_number: Option<String>,
    /// Producers authorised to use the GI (CN: 专用标志使用企业).
    pub authorized_users: Vec<AuthorizedUser>,
    /// `valid`, `revoked` or `cancelled`.
    pub status: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

/// A producer authorised to use a GI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizedUser {
    /// 1-based order.
    pub seq: i32,
    /// Name.
    pub name: String,
    /// Unified social credit code (CN).
    pub org_code: Option<String>,
    /// Category as the source says (e.g. `Manufacturer`).
    pub category: Option<String>,
    /// Approval announcement number of the authorisation.
    pub approval_number: Option<String>,
}

const AUTHORIZED_USER: &[FieldDef] = &[
    FieldDef::req("seq", Int32, "1-based order", "顺序号"),
    FieldDef::req("name", Utf8, "Name", "名称"),
    FieldDef::opt("org_code", Utf8, "Unified social credit code", "统一社会信用代码").std("GB 32100-2015"),
    FieldDef::opt("category", Utf8, "Category as the source says", "类别"),
    FieldDef::opt("approval_number", Utf8, "Approval announcement number", "核准公告号"),
];

const FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Office of the register", "登记机关").std("WIPO ST.3"),
    FieldDef::req("doc_id", Utf8, "Key: office + application number without separators", "地理标志键"),
    FieldDef::req("appl_number", Utf8, "Application number as written", "申请号/受理号"),
    FieldDef::opt("filing_date", Date32, "Filing date", "申请日").std("ISO 8601"),
    FieldDef::opt(
        "gi_system",
        Utf8,
        "geographical_indication, appellation_of_origin, protected_product, collective_mark, certification_mark, \
         agricultural_product",
        "保护体系(地理标志保护产品/集体商标/证明商标/农产品地理标志)",
    ),
    FieldDef::opt("gi_system_raw", Utf8, "Protection system as written", "保护体系(原始)"),
    FieldDef::req("names", List(&Struct(LANG_TEXT)), "Product names per language", "产品名称"),
    FieldDef::req("name_translations", List(&Struct(LANG_TEXT)), "Translations of the name", "名称译文"),
    FieldDef::req(
        "descriptions",
        List(&Struct(LANG_TEXT)),
        "Product description and link with the region",
        "产品特征描述",
    ),
    FieldDef::req("region_texts", List(&Struct(LANG_TEXT)), "Producing region as described", "产地范围"),
    FieldDef::req("region_codes", List(&Utf8), "Administrative-division codes of the region", "产地行政区划代码")
        .std("GB/T 2260"),
    FieldDef::req("nice_classes", List(&Int32), "Nice classes of the products", "尼斯分类").std("Nice"),
    FieldDef::req("applicants", List(&Struct(PARTY)), "Applicants", "申请人/申请机构"),
    FieldDef::opt("authority", Utf8, "Approving authority", "批准机关"),
    FieldDef::opt("approval_number", Utf8, "Approval announcement number", "批准公告号"),
    FieldDef::opt("approval_date", Date32, "Approval date", "批准日").std("ISO 8601"),
    FieldDef::opt("publication_number", Utf8, "Publication identifier", "公告期号"),
    FieldDef::opt("publication_date", Date32, "Publication date", "公告日").std("ISO 8601"),
    FieldDef::req("standards", List(&Utf8), "Standards and specifications", "质量技术要求/标准号"),
    FieldDef::opt("trademark_reg_number", Utf8, "Registration number of the GI trademark", "地理标志商标注册号"),
    FieldDef::req(
        "authorized_users",
        List(&Struct(AUTHORIZED_USER)),
        "Producers authorised to use the GI",
        "专用标志使用企业",
    ),
    FieldDef::opt("status", Utf8, "valid, revoked or cancelled", "状态"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `geographical_indication` v1.
pub const GEOGRAPHICAL_INDICATION: Dataset = Dataset {
    name: "geographical_indication",
    major: 1,
    minor: 0,
    en: "Geographical indications of every protection system, one row per GI",
    zh: "地理标志(各保护体系)，每件一行",
    fields: FIELDS,
    partition_by: &["office"],
};
