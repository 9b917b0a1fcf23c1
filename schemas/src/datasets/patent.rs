//! `patent_publication` v1 (bibliographic data + abstract, one row per publication) and
//! `patent_fulltext` v1 (claims + description, one row per publication).

use serde::{Deserialize, Serialize};

use super::parts::*;
use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One patent publication: bibliographic data and abstract.
///
/// Connectors fill the `*_raw` fields and the structure; [`crate::normalize`] fills the
/// canonical fields from them, once for every source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatentPublication {
    /// Publishing office (ST.3).
    pub office: String,
    /// Document id: office + canonical number + kind, e.g. `CN113781974A`, `US8930553B2`.
    pub doc_id: String,
    /// Canonical publication number with office prefix, without kind.
    pub pub_number: String,
    /// Publication number as written.
    pub pub_number_raw: String,
    /// Kind code (ST.16), upper case.
    pub kind: Option<String>,
    /// Kind code as written.
    pub kind_raw: Option<String>,
    /// Document level read from office + kind + date (e.g. `application_publication`, `grant`).
    pub doc_level: Option<String>,
    /// Publication date.
    pub pub_date: Option<String>,
    /// Publication year (partition column; 0 when unknown).
    pub pub_year: i32,
    /// Gazette issue.
    pub gazette_issue: Option<String>,
    /// Application key: office + canonical application number without check digit (`CN202111286633`).
    pub appl_key: Option<String>,
    /// Application number as written.
    pub appl_number_raw: Option<String>,
    /// Check digit as written (CN).
    pub appl_check_digit: Option<String>,
    /// Whether the written check digit equals the computed one (CN); null when not applicable.
    pub appl_check_ok: Option<bool>,
    /// ST.13 form (CNIPA "standard" 15-digit number where given).
    pub appl_st13: Option<String>,
    /// Application type (`invention`, `utility_model`, `design`, `plant`, `reissue` …).
    pub appl_type: Option<String>,
    /// Application type as written.
    pub appl_type_raw: Option<String>,
    /// Filing date.
    pub filing_date: Option<String>,
    /// Titles per language.
    pub titles: Vec<LangText>,
    /// Abstracts per language.
    pub abstracts: Vec<LangText>,
    /// Applicants.
    pub applicants: Vec<Party>,
    /// Inventors.
    pub inventors: Vec<Party>,
    /// Assignees / patentees.
    pub assignees: Vec<Party>,
    /// Agents / attorneys.
    pub agents: Vec<Party>,
    /// Examiners.
    pub examiners: Vec<Party>,
    /// IPC symbols.
    pub ipc: Vec<Classification>,
    /// Main (first) IPC symbol, display form.
    pub ipc_main: Option<String>,
    /// CPC symbols (never mixed with IPC).
    pub cpc: Vec<Classification>,
    /// National classification symbols as written (e.g. USPC).
    pub national_class: Vec<String>,
    /// Locarno classes (designs).
    pub locarno: Vec<Locarno>,
    /// Priority claims.
    pub priorities: Vec<Priority>,
    /// PCT application number.
    pub pct_appl_number: Option<String>,
    /// PCT filing date.
    pub pct_filing_date: Option<String>,
    /// PCT (WO) publication number.
    pub pct_pub_number: Option<String>,
    /// PCT publication date.
    pub pct_pub_date: Option<String>,
    /// National-phase entry date (PCT Art. 22/39, US 371(c)).
    pub pct_entry_date: Option<String>,
    /// Related documents.
    pub related: Vec<RelatedDocument>,
    /// Citations.
    pub citations: Vec<Citation>,
    /// Number of claims.
    pub claims_count: Option<i32>,
    /// Where the record came from.
    pub provenance: Provenance,
    /// Patent family id given by the source (EPO DOCDB simple family), since v1.1.
    pub family_id: Option<String>,
}

const LANG_TEXTS: crate::field::FieldType = List(&Struct(LANG_TEXT));
const PARTIES: crate::field::FieldType = List(&Struct(PARTY));
const CLASSIFICATIONS: crate::field::FieldType = List(&Struct(CLASSIFICATION));

const PUBLICATION_FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Publishing office", "公布/公告国家或组织").std("WIPO ST.3"),
    FieldDef::req("doc_id", Utf8, "Office + canonical number + kind, e.g. CN113781974A", "文献标识(国别+号码+种类)")
        .std("WIPO ST.6 / ST.16"),
    FieldDef::req(
        "pub_number",
        Utf8,
        "Canonical publication number with office prefix, without kind",
        "公布/公告号(规范化)",
    )
    .std("WIPO ST.6"),
    FieldDef::req("pub_number_raw", Utf8, "Publication number as written", "公布/公告号(原始)"),
    FieldDef::opt("kind", Utf8, "Kind code, upper case", "文献种类代码").std("WIPO ST.16"),
    FieldDef::opt("kind_raw", Utf8, "Kind code as written", "文献种类代码(原始)"),
    FieldDef::opt("doc_level", Utf8, "Document level read from office, kind and date", "文献级别"),
    FieldDef::opt("pub_date", Date32, "Publication date", "公布/公告日").std("ISO 8601"),
    FieldDef::req("pub_year", Int32, "Publication year (partition; 0 when unknown)", "公布/公告年"),
    FieldDef::opt("gazette_issue", Utf8, "Gazette issue", "公报期号"),
    FieldDef::opt("appl_key", Utf8, "Office + canonical application number without check digit", "申请号(规范化键)")
        .std("WIPO ST.13"),
    FieldDef::opt("appl_number_raw", Utf8, "Application number as written", "申请号(原始)"),
    FieldDef::opt("appl_check_digit", Utf8, "Check digit as written (CN)", "校验位").std("ZC 0006-2003"),
    FieldDef::opt("appl_check_ok", Bool, "Written check digit equals the computed one (CN)", "校验位是否正确")
        .std("ZC 0006-2003"),
    FieldDef::opt("appl_st13", Utf8, "ST.13 form (CNIPA 15-digit standard number)", "申请号(ST.13形式)")
        .std("WIPO ST.13"),
    FieldDef::opt(
        "appl_type",
        Utf8,
        "Application type (invention, utility_model, design, plant, reissue …)",
        "申请类型",
    ),
    FieldDef::opt("appl_type_raw", Utf8, "Application type as written", "申请类型(原始)"),
    FieldDef::opt("filing_date", Date32, "Filing date", "申请日").std("ISO 8601"),
    FieldDef::req("titles", LANG_TEXTS, "Titles per language", "发明名称"),
    FieldDef::req("abstracts", LANG_TEXTS, "Abstracts per language", "摘要"),
    FieldDef::req("applicants", PARTIES, "Applicants", "申请人"),
    FieldDef::req("inventors", PARTIES, "Inventors", "发明人/设计人"),
    FieldDef::req("assignees", PARTIES, "Assignees / patentees", "专利权人/受让人"),
    FieldDef::req("agents", PARTIES, "Agents / attorneys", "代理人/代理机构"),
    FieldDef::req("examiners", PARTIES, "Examiners", "审查员"),
    FieldDef::req("ipc", CLASSIFICATIONS, "IPC symbols", "国际专利分类").std("WIPO ST.8"),
    FieldDef::opt("ipc_main", Utf8, "Main (first) IPC symbol, display form", "主分类号").std("WIPO ST.8"),
    FieldDef::req("cpc", CLASSIFICATIONS, "CPC symbols (never mixed with IPC)", "联合专利分类"),
    FieldDef::req(
        "national_class",
        List(&Utf8),
        "National classification symbols as written (e.g. USPC)",
        "本国分类号",
    ),
    FieldDef::req("locarno", List(&Struct(LOCARNO)), "Locarno classes (designs)", "洛迦诺分类"),
    FieldDef::req("priorities", List(&Struct(PRIORITY)), "Priority claims", "优先权"),
    FieldDef::opt("pct_appl_number", Utf8, "PCT application number", "PCT国际申请号"),
    FieldDef::opt("pct_filing_date", Date32, "PCT filing date", "PCT国际申请日"),
    FieldDef::opt("pct_pub_number", Utf8, "PCT (WO) publication number", "PCT国际公布号"),
    FieldDef::opt("pct_pub_date", Date32, "PCT publication date", "PCT国际公布日"),
    FieldDef::opt("pct_entry_date", Date32, "National-phase entry date (PCT Art. 22/39, US 371(c))", "进入国家阶段日"),
    FieldDef::req("related", List(&Struct(RELATED)), "Related documents", "相关文献"),
    FieldDef::req("citations", List(&Struct(CITATION)), "Citations", "引证文献"),
    FieldDef::opt("claims_count", Int32, "Number of claims", "权利要求项数"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
    FieldDef::opt(
        "family_id",
        Utf8,
        "Patent family id given by the source (EPO DOCDB simple family); since 1.1",
        "同族标识(DOCDB简单同族)",
    ),
];

/// `patent_publication` v1.
pub const PATENT_PUBLICATION: Dataset = Dataset {
    name: "patent_publication",
    major: 1,
    minor: 1,
    en: "Patent publications: bibliographic data and abstract, one row per published document",
    zh: "专利文献著录项目及摘要，每件公布/公告文献一行",
    fields: PUBLICATION_FIELDS,
    partition_by: &["office", "pub_year"],
};

/// Claims and description of one publication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatentFulltext {
    /// Publishing office (ST.3).
    pub office: String,
    /// Document id, as in `patent_publication`.
    pub doc_id: String,
    /// Publication year (partition column).
    pub pub_year: i32,
    /// Language of the text (ISO 639-1).
    pub lang: Option<String>,
    /// Claims in order.
    pub claims: Vec<Claim>,
    /// Description: one paragraph or heading per line.
    pub description: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

impl PatentFulltext {
    /// Bytes of its text (claims and description): what a row of it weighs in a batch.
    pub fn text_bytes(&self) -> usize {
        self.description.as_ref().map_or(0, String::len) + self.claims.iter().map(|c| c.text.len()).sum::<usize>()
    }
}

const FULLTEXT_FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Publishing office", "公布/公告国家或组织").std("WIPO ST.3"),
    FieldDef::req("doc_id", Utf8, "Document id, as in patent_publication", "文献标识"),
    FieldDef::req("pub_year", Int32, "Publication year (partition; 0 when unknown)", "公布/公告年"),
    FieldDef::opt("lang", Utf8, "Language of the text", "语种").std("ISO 639-1"),
    FieldDef::req("claims", List(&Struct(CLAIM)), "Claims in order", "权利要求书"),
    FieldDef::opt("description", Utf8, "Description, one paragraph or heading per line", "说明书"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `patent_fulltext` v1.
pub const PATENT_FULLTEXT: Dataset = Dataset {
    name: "patent_fulltext",
    major: 1,
    minor: 0,
    en: "Patent full text: claims and description, one row per published document",
    zh: "专利全文：权利要求书与说明书，每件文献一行",
    fields: FULLTEXT_FIELDS,
    partition_by: &["office", "pub_year"],
};
