//! `trademark` v1: one row per trademark application or registration, in the state its
//! source last reported (a later report of the same mark from the same source replaces it).

use serde::{Deserialize, Serialize};

use super::parts::{PARTY, PRIORITY, Party, Priority};
use super::provenance::{PROVENANCE, Provenance};
use crate::dataset::Dataset;
use crate::field::{FieldDef, FieldType::*};

/// One trademark.
///
/// Connectors fill what the source gives (codes and texts as written in the `*_raw` fields);
/// [`crate::normalize`] canonicalises the office, `doc_id`, dates, Nice classes, Vienna codes,
/// the feature, kind and status, and derives `filing_year`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trademark {
    /// Office of the register (ST.3; `EM` for the EUIPO).
    pub office: String,
    /// Key of the mark: office + application number without separators (`US87035559`).
    pub doc_id: String,
    /// Application (serial) number as written.
    pub appl_number: String,
    /// Registration number, when registered (a source's all-zero placeholder is dropped).
    pub reg_number: Option<String>,
    /// Filing year (partition column; 0 when unknown).
    pub filing_year: i32,
    /// Filing date.
    pub filing_date: Option<String>,
    /// Registration date.
    pub registration_date: Option<String>,
    /// First publication date (CN: 初审公告日; US: published for opposition).
    pub publication_date: Option<String>,
    /// First publication's gazette number (CN: 初审公告期号).
    pub publication_number: Option<String>,
    /// Registration publication's gazette number (CN: 注册公告期号).
    pub reg_publication_number: Option<String>,
    /// Start of the exclusive right (CN: 专用权期限 起).
    pub right_start_date: Option<String>,
    /// Expiry of the registration (CN: 专用权期限 止).
    pub expiry_date: Option<String>,
    /// The mark's verbal element.
    pub mark_text: Option<String>,
    /// `word`, `stylized`, `figurative`, `combined`, `3d`, `colour`, `sound`, `hologram`,
    /// `olfactory`, `motion`, `multimedia`, `position`, `pattern`, `tracer`, `other` (ST.96
    /// MarkFeatureCategory); null when the source's value cannot be placed.
    pub mark_feature: Option<String>,
    /// The feature as the source writes it (ST.66 text, USPTO drawing code …).
    pub mark_feature_raw: Option<String>,
    /// `individual`, `collective` or `certification`.
    pub mark_kind: Option<String>,
    /// The kind as the source writes it.
    pub mark_kind_raw: Option<String>,
    /// Description of the mark.
    pub mark_description: Option<String>,
    /// Colours claimed.
    pub colour_claimed: Option<String>,
    /// Disclaimer.
    pub disclaimer: Option<String>,
    /// Nice edition, e.g. `12-2024`, when the source says.
    pub nice_edition: Option<String>,
    /// Distinct Nice classes, ascending.
    pub nice_classes: Vec<i32>,
    /// Goods and services, per class and language.
    pub goods_services: Vec<GoodsServices>,
    /// National classes (e.g. the US classes), as written.
    pub national_classes: Vec<String>,
    /// Vienna figurative-element codes `CC.DD.SS` (US design search codes are Vienna-based).
    pub vienna_codes: Vec<String>,
    /// Applicants / owners.
    pub owners: Vec<Party>,
    /// Representatives, attorneys, correspondents (role says which).
    pub representatives: Vec<Party>,
    /// Priority claims.
    pub priorities: Vec<Priority>,
    /// Language of filing (EUIPO first language), ISO 639-1.
    pub filing_language: Option<String>,
    /// Second language (EUIPO), ISO 639-1.
    pub second_language: Option<String>,
    /// `filed`, `published`, `registered`, `opposed`, `refused`, `withdrawn`, `abandoned`,
    /// `cancelled`, `invalidated`, `expired` (a renewed registration is `registered`); null when
    /// the source's code cannot be placed (e.g. a bare USPTO status number).
    pub status: Option<String>,
    /// The status code as written (e.g. USPTO `702`, EUIPO `Registered`).
    pub status_raw: Option<String>,
    /// The status explanation as written.
    pub status_text: Option<String>,
    /// Date of the current status.
    pub status_date: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

/// Goods or services of one class in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoodsServices {
    /// 1-based order.
    pub seq: i32,
    /// Nice class 1–45.
    pub nice_class: Option<i32>,
    /// The class as written (`009`, `第9类`).
    pub class_raw: Option<String>,
    /// Language (ISO 639-1), when stated.
    pub lang: Option<String>,
    /// The goods / services text.
    pub text: String,
    /// CN 类似群 groups (4 digits, first two the Nice class).
    pub similar_groups: Vec<String>,
}

pub(crate) const GOODS_SERVICES: &[FieldDef] = &[
    FieldDef::req("seq", Int32, "1-based order", "顺序号"),
    FieldDef::opt("nice_class", Int32, "Nice class 1-45", "尼斯分类").std("Nice"),
    FieldDef::opt("class_raw", Utf8, "Class as written", "类别(原始)"),
    FieldDef::opt("lang", Utf8, "Language (ISO 639-1)", "语种").std("ISO 639-1"),
    FieldDef::req("text", Utf8, "Goods / services", "商品/服务项目"),
    FieldDef::req(
        "similar_groups",
        List(&Utf8),
        "CN similar-goods groups (4 digits, first two the Nice class)",
        "类似群",
    )
    .std("类似商品和服务区分表"),
];

const FIELDS: &[FieldDef] = &[
    FieldDef::req("office", Utf8, "Office of the register (EM for the EUIPO)", "商标局").std("WIPO ST.3"),
    FieldDef::req("doc_id", Utf8, "Key: office + application number without separators", "商标键"),
    FieldDef::req("appl_number", Utf8, "Application (serial) number as written", "申请号"),
    FieldDef::opt("reg_number", Utf8, "Registration number", "注册号"),
    FieldDef::req("filing_year", Int32, "Filing year (partition; 0 when unknown)", "申请年"),
    FieldDef::opt("filing_date", Date32, "Filing date", "申请日").std("ISO 8601"),
    FieldDef::opt("registration_date", Date32, "Registration date", "注册日/注册公告日").std("ISO 8601"),
    FieldDef::opt("publication_date", Date32, "First publication (CN preliminary approval)", "初审公告日")
        .std("ISO 8601"),
    FieldDef::opt("publication_number", Utf8, "First publication's gazette number", "初审公告期号"),
    FieldDef::opt("reg_publication_number", Utf8, "Registration publication's gazette number", "注册公告期号"),
    FieldDef::opt("right_start_date", Date32, "Start of the exclusive right", "专用权期限(起)").std("ISO 8601"),
    FieldDef::opt("expiry_date", Date32, "Expiry of the registration", "专用权期限(止)/有效期届满日").std("ISO 8601"),
    FieldDef::opt("mark_text", Utf8, "Verbal element of the mark", "商标文字"),
    FieldDef::opt(
        "mark_feature",
        Utf8,
        "word, stylized, figurative, combined, 3d, colour, sound, hologram, olfactory, motion, multimedia, \
         position, pattern, tracer, other",
        "商标构成(文字/图形/组合/立体/颜色/声音等)",
    )
    .std("WIPO ST.96 MarkFeatureCategory"),
    FieldDef::opt("mark_feature_raw", Utf8, "Feature as written by the source", "商标构成(原始)"),
    FieldDef::opt("mark_kind", Utf8, "individual, collective or certification", "商标类型(普通/集体/证明)")
        .std("WIPO ST.96 MarkCategory"),
    FieldDef::opt("mark_kind_raw", Utf8, "Kind as written by the source", "商标类型(原始)"),
    FieldDef::opt("mark_description", Utf8, "Description of the mark", "商标说明"),
    FieldDef::opt("colour_claimed", Utf8, "Colours claimed", "指定颜色"),
    FieldDef::opt("disclaimer", Utf8, "Disclaimer", "放弃专用权说明"),
    FieldDef::opt("nice_edition", Utf8, "Nice edition, e.g. 12-2024", "尼斯分类版本").std("Nice"),
    FieldDef::req("nice_classes", List(&Int32), "Distinct Nice classes, ascending", "国际分类").std("Nice"),
    FieldDef::req(
        "goods_services",
        List(&Struct(GOODS_SERVICES)),
        "Goods and services per class and language",
        "商品/服务",
    ),
    FieldDef::req("national_classes", List(&Utf8), "National classes as written (e.g. US classes)", "本国分类"),
    FieldDef::req("vienna_codes", List(&Utf8), "Vienna figurative-element codes CC.DD.SS", "图形要素分类")
        .std("Vienna"),
    FieldDef::req("owners", List(&Struct(PARTY)), "Applicants / owners", "申请人/注册人"),
    FieldDef::req(
        "representatives",
        List(&Struct(PARTY)),
        "Representatives, attorneys, correspondents (role says which)",
        "代理人/代理机构",
    ),
    FieldDef::req("priorities", List(&Struct(PRIORITY)), "Priority claims", "优先权"),
    FieldDef::opt("filing_language", Utf8, "Language of filing", "申请语言").std("ISO 639-1"),
    FieldDef::opt("second_language", Utf8, "Second language (EUIPO)", "第二语言").std("ISO 639-1"),
    FieldDef::opt(
        "status",
        Utf8,
        "filed, published, registered, opposed, refused, withdrawn, abandoned, cancelled, invalidated, expired",
        "法律状态",
    ),
    FieldDef::opt("status_raw", Utf8, "Status code as written", "法律状态(原始代码)"),
    FieldDef::opt("status_text", Utf8, "Status explanation as written", "法律状态说明"),
    FieldDef::opt("status_date", Date32, "Date of the current status", "法律状态日").std("ISO 8601"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `trademark` v1.
pub const TRADEMARK: Dataset = Dataset {
    name: "trademark",
    major: 1,
    minor: 0,
    en: "Trademark applications and registrations, one row per mark in its latest reported state",
    zh: "商标申请与注册，每件商标一行(来源最新报告的状态)",
    fields: FIELDS,
    partition_by: &["office", "filing_year"],
};
