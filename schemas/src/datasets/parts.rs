//! Nested members shared by several datasets: parties, classifications, texts, references.

use serde::{Deserialize, Serialize};

use crate::field::{FieldDef, FieldType::*};

/// A text in one language (titles, abstracts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangText {
    /// ISO 639-1 language code, lower case, when the source says.
    pub lang: Option<String>,
    /// The text, whitespace collapsed.
    pub text: String,
}

pub(crate) const LANG_TEXT: &[FieldDef] = &[
    FieldDef::opt("lang", Utf8, "Language (ISO 639-1), as stated by the source", "语种(ISO 639-1)").std("ISO 639-1"),
    FieldDef::req("text", Utf8, "Text, whitespace collapsed", "文本"),
];

/// A person or organisation named on a document (applicant, inventor, assignee, agent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// 1-based order on the document.
    pub seq: i32,
    /// Canonical name: trimmed, NFC, full-width ASCII folded; persons as "Last, First" where split.
    pub name: String,
    /// The name as the source wrote it.
    pub name_raw: String,
    /// `person` or `organization`, when the source distinguishes.
    pub party_type: Option<String>,
    /// Residence/nationality office code (ST.3).
    pub country: Option<String>,
    /// State or province.
    pub state: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Free-text address.
    pub address: Option<String>,
    /// Postal code.
    pub postcode: Option<String>,
    /// Organisation code (e.g. CN unified social credit code) or agency code.
    pub org_code: Option<String>,
    /// Role or designation the source gives (e.g. US applicant authority, agency name of an agent).
    pub role: Option<String>,
}

pub(crate) const PARTY: &[FieldDef] = &[
    FieldDef::req("seq", Int32, "1-based order on the document", "顺序号"),
    FieldDef::req("name", Utf8, "Canonical name (trimmed, NFC, full-width ASCII folded)", "规范化名称"),
    FieldDef::req("name_raw", Utf8, "Name as written by the source", "原始名称"),
    FieldDef::opt("party_type", Utf8, "person or organization", "类型(个人/机构)"),
    FieldDef::opt("country", Utf8, "Country/office code", "国家/地区代码").std("WIPO ST.3"),
    FieldDef::opt("state", Utf8, "State or province", "省/州"),
    FieldDef::opt("city", Utf8, "City", "城市"),
    FieldDef::opt("address", Utf8, "Free-text address", "地址"),
    FieldDef::opt("postcode", Utf8, "Postal code", "邮编"),
    FieldDef::opt(
        "org_code",
        Utf8,
        "Organisation code (unified social credit code) or agency code",
        "机构代码/统一社会信用代码/代理机构代码",
    ),
    FieldDef::opt("role", Utf8, "Role given by the source (US applicant authority, agency of an agent)", "角色"),
];

/// One IPC or CPC classification symbol.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// 1-based order on the document.
    pub seq: i32,
    /// Display form `H04L 29/06`.
    pub symbol: Option<String>,
    /// 14-character packed form `H04L0029060000`.
    pub symbol_packed: Option<String>,
    /// Version `YYYY.MM`.
    pub version: Option<String>,
    /// Level: C (core), A (advanced), S (subclass).
    pub level: Option<String>,
    /// Position: F (first) or L (later).
    pub position: Option<String>,
    /// Value: I (inventive) or N (non-inventive).
    pub value: Option<String>,
    /// Data source: H (human), M (machine), G (generated).
    pub source: Option<String>,
    /// Generating office (ST.3).
    pub office: Option<String>,
    /// The symbol as written by the source (text form or joined parts).
    pub raw: String,
}

pub(crate) const CLASSIFICATION: &[FieldDef] = &[
    FieldDef::req("seq", Int32, "1-based order on the document", "顺序号"),
    FieldDef::opt("symbol", Utf8, "Display form, e.g. H04L 29/06", "分类号(显示形式)").std("WIPO ST.8"),
    FieldDef::opt("symbol_packed", Utf8, "14-character packed form, e.g. H04L0029060000", "分类号(14位紧凑形式)")
        .std("WIPO ST.8"),
    FieldDef::opt("version", Utf8, "Scheme version YYYY.MM", "版本"),
    FieldDef::opt("level", Utf8, "C core / A advanced / S subclass", "级别"),
    FieldDef::opt("position", Utf8, "F first / L later", "位置(F/L)"),
    FieldDef::opt("value", Utf8, "I inventive / N non-inventive", "值(I/N)"),
    FieldDef::opt("source", Utf8, "H human / M machine / G generated", "数据来源"),
    FieldDef::opt("office", Utf8, "Generating office", "分类局").std("WIPO ST.3"),
    FieldDef::req("raw", Utf8, "Symbol as written by the source", "原始分类号"),
];

/// A Locarno (industrial design) class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locarno {
    /// `NN-NN`.
    pub class: Option<String>,
    /// Edition number.
    pub edition: Option<String>,
    /// As written by the source.
    pub raw: String,
}

pub(crate) const LOCARNO: &[FieldDef] = &[
    FieldDef::opt("class", Utf8, "Locarno class NN-NN", "洛迦诺分类号").std("Locarno"),
    FieldDef::opt("edition", Utf8, "Locarno edition", "版本"),
    FieldDef::req("raw", Utf8, "As written by the source", "原始值"),
];

/// A priority claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority {
    /// 1-based order.
    pub seq: i32,
    /// Office of first filing (ST.3).
    pub office: Option<String>,
    /// Number as written by the source.
    pub number_raw: Option<String>,
    /// Standardised number where the source gives one (CNIPA `dataFormat="standard"`, ST.13).
    pub number_std: Option<String>,
    /// Priority date.
    pub date: Option<String>,
    /// `national`, `regional` or `international`, as the source says.
    pub kind: Option<String>,
}

pub(crate) const PRIORITY: &[FieldDef] = &[
    FieldDef::req("seq", Int32, "1-based order", "顺序号"),
    FieldDef::opt("office", Utf8, "Office of first filing", "在先申请国家/组织").std("WIPO ST.3"),
    FieldDef::opt("number_raw", Utf8, "Number as written by the source", "在先申请号(原始)"),
    FieldDef::opt("number_std", Utf8, "Standardised number where the source gives one", "在先申请号(标准化)")
        .std("WIPO ST.13"),
    FieldDef::opt("date", Date32, "Priority date", "优先权日").std("ISO 8601"),
    FieldDef::opt("kind", Utf8, "national / regional / international", "优先权类型"),
];

/// A document related to this one (division, continuation, correction, earlier publication …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedDocument {
    /// Relation as named by the source, e.g. `division`, `continuation`, `related-publication`.
    pub relation: String,
    /// `parent`, `child` or null.
    pub role: Option<String>,
    /// Office (ST.3).
    pub office: Option<String>,
    /// Number as written by the source.
    pub number: Option<String>,
    /// Kind code.
    pub kind: Option<String>,
    /// Date.
    pub date: Option<String>,
}

pub(crate) const RELATED: &[FieldDef] = &[
    FieldDef::req("relation", Utf8, "Relation as named by the source (division, continuation …)", "关联关系"),
    FieldDef::opt("role", Utf8, "parent or child", "父/子"),
    FieldDef::opt("office", Utf8, "Office", "国家/组织").std("WIPO ST.3"),
    FieldDef::opt("number", Utf8, "Number as written", "文献号/申请号"),
    FieldDef::opt("kind", Utf8, "Kind code", "文献种类代码").std("WIPO ST.16"),
    FieldDef::opt("date", Date32, "Date", "日期").std("ISO 8601"),
];

/// A cited patent document or non-patent literature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// 1-based order.
    pub seq: i32,
    /// Office of the cited patent (ST.3).
    pub office: Option<String>,
    /// Cited number as written.
    pub number: Option<String>,
    /// Cited kind.
    pub kind: Option<String>,
    /// Cited document's date (month precision sources give day 01).
    pub date: Option<String>,
    /// Patentee/first-named party of the cited patent.
    pub name: Option<String>,
    /// Non-patent literature text.
    pub npl_text: Option<String>,
    /// Category (X, Y, A … or the source's words).
    pub category: Option<String>,
    /// `examiner`, `applicant` or another party, when stated.
    pub cited_by: Option<String>,
}

pub(crate) const CITATION: &[FieldDef] = &[
    FieldDef::req("seq", Int32, "1-based order", "顺序号"),
    FieldDef::opt("office", Utf8, "Office of the cited patent", "被引国家/组织").std("WIPO ST.3"),
    FieldDef::opt("number", Utf8, "Cited number as written", "被引文献号"),
    FieldDef::opt("kind", Utf8, "Cited kind", "被引文献种类").std("WIPO ST.16"),
    FieldDef::opt("date", Date32, "Cited document's date (day 01 where the source gives a month)", "被引文献日期"),
    FieldDef::opt("name", Utf8, "Patentee of the cited patent", "被引文献权利人"),
    FieldDef::opt("npl_text", Utf8, "Non-patent literature text", "非专利文献"),
    FieldDef::opt("category", Utf8, "Citation category", "引用类别").std("WIPO ST.14"),
    FieldDef::opt("cited_by", Utf8, "examiner / applicant / other", "引用方"),
];

/// A numbered claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Claim number.
    pub num: i32,
    /// Claim text, whitespace collapsed.
    pub text: String,
}

pub(crate) const CLAIM: &[FieldDef] = &[
    FieldDef::req("num", Int32, "Claim number", "权利要求序号"),
    FieldDef::req("text", Utf8, "Claim text", "权利要求文本"),
];
