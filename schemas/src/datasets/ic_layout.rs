//! `ic_layout_design` v1: registered layout-designs of integrated circuits (集成电路布图设计),
//! one row per registration.

use serde::{Deserialize, Serialize};

use super::parts::{PARTY, Party};
use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One registered layout-design.
///
/// Connectors fill what the source gives; [`crate::normalize`] canonicalises dates, names and
/// the office, and derives `filing_year` and `protection_expiry`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcLayoutDesign {
    /// Registering office (ST.3).
    pub office: String,
    /// Registration number, kept as the office writes it (opaque, e.g. `BS.245500123`).
    pub reg_number: String,
    /// Name of the layout-design.
    pub design_name: String,
    /// Filing year (partition column; 0 when unknown).
    pub filing_year: i32,
    /// Filing date of the registration application.
    pub filing_date: Option<String>,
    /// Date the creation was completed.
    pub creation_date: Option<String>,
    /// Date of first commercial exploitation anywhere, when before filing.
    pub first_commercial_use_date: Option<String>,
    /// Date the registration certificate was issued.
    pub certificate_date: Option<String>,
    /// Announcement (gazette) number.
    pub announcement_number: Option<String>,
    /// Announcement date.
    pub announcement_date: Option<String>,
    /// Right holders.
    pub owners: Vec<Party>,
    /// Creators.
    pub creators: Vec<Party>,
    /// Summary of structure, technology and function (简要说明).
    pub summary: Option<String>,
    /// Status: `valid`, `expired`, `revoked` or `abandoned`.
    pub status: Option<String>,
    /// End of protection, derived: the earlier of (the earlier of filing and first commercial
    /// use) + 10 years and creation + 15 years.
    pub protection_expiry: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

const FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Registering office", "登记机关").std("WIPO ST.3"),
    FieldDef::req("reg_number", Utf8, "Registration number as written (opaque)", "登记号"),
    FieldDef::req("design_name", Utf8, "Name of the layout-design", "布图设计名称"),
    FieldDef::req("filing_year", Int32, "Filing year (partition; 0 when unknown)", "申请年"),
    FieldDef::opt("filing_date", Date32, "Filing date", "申请日").std("ISO 8601"),
    FieldDef::opt("creation_date", Date32, "Date the creation was completed", "创作完成日").std("ISO 8601"),
    FieldDef::opt("first_commercial_use_date", Date32, "First commercial exploitation anywhere", "首次商业利用日")
        .std("ISO 8601"),
    FieldDef::opt("certificate_date", Date32, "Registration certificate issued", "颁证日").std("ISO 8601"),
    FieldDef::opt("announcement_number", Utf8, "Announcement number", "公告号"),
    FieldDef::opt("announcement_date", Date32, "Announcement date", "公告日").std("ISO 8601"),
    FieldDef::req("owners", List(&Struct(PARTY)), "Right holders", "布图设计权利人"),
    FieldDef::req("creators", List(&Struct(PARTY)), "Creators", "布图设计创作人"),
    FieldDef::opt("summary", Utf8, "Summary of structure, technology and function", "结构、技术、功能简要说明"),
    FieldDef::opt("status", Utf8, "valid, expired, revoked or abandoned", "法律状态"),
    FieldDef::opt(
        "protection_expiry",
        Date32,
        "End of protection: min(earlier of filing and first use + 10 years, creation + 15 years)",
        "保护期届满日(推算)",
    )
    .std("集成电路布图设计保护条例 第十二条"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `ic_layout_design` v1.
pub const IC_LAYOUT_DESIGN: Dataset = Dataset {
    name: "ic_layout_design",
    major: 1,
    minor: 0,
    en: "Registered integrated-circuit layout-designs, one row per registration",
    zh: "集成电路布图设计登记，每件登记一行",
    fields: FIELDS,
    partition_by: &["office", "filing_year"],
};
