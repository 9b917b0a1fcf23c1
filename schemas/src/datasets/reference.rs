//! Reference datasets read from the standards' own code lists: `country_code` (WIPO ST.3).

use serde::{Deserialize, Serialize};

use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One WIPO ST.3 code: a state, an IP organisation, or a former code valid on old documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCode {
    /// Two-letter ST.3 code, upper case.
    pub code: String,
    /// English short name.
    pub name: String,
    /// `current` or `former`.
    pub status: String,
    /// Whether the code names an intellectual-property organisation (EP, WO, EA …).
    pub is_ip_organization: Option<bool>,
    /// Where the list was taken from.
    pub reference: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

const FIELDS: &[FieldDef] = &[
    FieldDef::req("code", Utf8, "Two-letter code", "两字母代码").std("WIPO ST.3"),
    FieldDef::req("name", Utf8, "English short name", "英文简称"),
    FieldDef::req("status", Utf8, "current, or former (valid on old documents)", "状态(现行/已停用)"),
    FieldDef::opt("is_ip_organization", Bool, "Names an IP organisation (EP, WO, EA …)", "是否为知识产权组织"),
    FieldDef::opt("reference", Utf8, "Where the list was taken from", "来源依据"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `country_code` v1.
pub const COUNTRY_CODE: Dataset = Dataset {
    name: "country_code",
    major: 1,
    minor: 0,
    en: "WIPO ST.3 codes of states, other entities and IP organisations, current and former",
    zh: "WIPO ST.3 国家、其他实体及知识产权组织代码（现行与已停用）",
    fields: FIELDS,
    partition_by: &["status"],
};
