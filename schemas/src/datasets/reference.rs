//! Reference datasets read from the standards' own code lists and master files: `country_code`
//! (WIPO ST.3), `nice_class` (Nice), `ipc_symbol` and `cpc_symbol`.

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

/// One Nice class heading or one goods / services item of the Nice classification, in one
/// language (WIPO master files: `ClassificationTopStructure` + `ClassificationTexts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NiceClass {
    /// Edition and version, e.g. `12-2024`.
    pub edition: String,
    /// Date the edition entered into force.
    pub date_in_force: Option<String>,
    /// Class number 1–45.
    pub class_number: i32,
    /// `good` or `service`.
    pub kind: String,
    /// `class` (its heading) or `item` (one goods / services indication).
    pub level: String,
    /// Basic number of an item (`0001`), unique within the class.
    pub basic_number: Option<String>,
    /// WIPO's identifier of the class or item in the structure file (`U100040`).
    pub wipo_id: String,
    /// Language of the text (ISO 639-1).
    pub lang: String,
    /// Class: the heading items joined by `; `. Item: its indication.
    pub text: String,
    /// Item: synonymous indications.
    pub synonyms: Vec<String>,
    /// Class: the explanatory note's introduction.
    pub explanatory_note: Option<String>,
    /// Class: what it includes in particular.
    pub includes: Vec<String>,
    /// Class: what it excludes in particular (class links written `(Cl. N)`).
    pub excludes: Vec<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

const NICE_FIELDS: &[FieldDef] = &[
    FieldDef::req("edition", Utf8, "Edition and version, e.g. 12-2024", "版本").std("Nice"),
    FieldDef::opt("date_in_force", Date32, "Date the edition entered into force", "生效日").std("ISO 8601"),
    FieldDef::req("class_number", Int32, "Class number 1-45", "类别号").std("Nice"),
    FieldDef::req("kind", Utf8, "good or service", "商品/服务"),
    FieldDef::req("level", Utf8, "class (heading) or item (goods / services indication)", "层级(类别/商品项目)"),
    FieldDef::opt("basic_number", Utf8, "Basic number of an item, unique within the class", "基础编号"),
    FieldDef::req("wipo_id", Utf8, "WIPO identifier in the structure file", "WIPO标识"),
    FieldDef::req("lang", Utf8, "Language of the text", "语种").std("ISO 639-1"),
    FieldDef::req("text", Utf8, "Class heading, or the item's indication", "类别标题/商品服务名称"),
    FieldDef::req("synonyms", List(&Utf8), "Synonymous indications of an item", "同义名称"),
    FieldDef::opt("explanatory_note", Utf8, "Explanatory note of a class", "注释"),
    FieldDef::req("includes", List(&Utf8), "What a class includes in particular", "本类尤其包括"),
    FieldDef::req("excludes", List(&Utf8), "What a class excludes in particular", "本类尤其不包括"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `nice_class` v1.
pub const NICE_CLASS: Dataset = Dataset {
    name: "nice_class",
    major: 1,
    minor: 0,
    en: "Nice classification: class headings and goods / services items per edition and language",
    zh: "尼斯分类：各版本、各语种的类别标题与商品/服务项目",
    fields: NICE_FIELDS,
    partition_by: &["edition"],
};

/// One symbol of a patent classification scheme (IPC or CPC) with its title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSymbol {
    /// `ipc` or `cpc`: which table the row belongs to.
    pub scheme: String,
    /// Display form: `A`, `A01`, `A01B`, `A01B 1/02`.
    pub symbol: String,
    /// 14-character packed form of a group (`A01B0001020000`); the symbol itself above groups.
    pub symbol_packed: String,
    /// Section letter (partition column).
    pub section: String,
    /// `section`, `class`, `subclass`, `main_group`, `subgroup`, or `guidance_heading` (a
    /// heading above groups, written with the symbol of the first group under it).
    pub level: String,
    /// Depth as the scheme states it (CPC `level` attribute), when it does.
    pub depth: Option<i32>,
    /// The enclosing symbol in the scheme's hierarchy, when the source shows it.
    pub parent: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// References in the title (`A01L3/00 takes precedence` …).
    pub references: Vec<String>,
    /// Scheme version or publication date, when the source states it.
    pub version: Option<String>,
    /// Whether the symbol may not be allocated to documents (CPC `not-allocatable`).
    pub not_allocatable: Option<bool>,
    /// The IPC symbol a CPC symbol is concordant with.
    pub ipc_concordant: Option<String>,
    /// Where the record came from.
    pub provenance: Provenance,
}

const SYMBOL_FIELDS: &[FieldDef] = &[
    FieldDef::req("scheme", Utf8, "ipc or cpc", "分类体系"),
    FieldDef::req("symbol", Utf8, "Display form, e.g. A01B 1/02", "分类号").std("WIPO ST.8"),
    FieldDef::req("symbol_packed", Utf8, "14-character packed form of a group", "分类号(14位紧凑形式)")
        .std("WIPO ST.8"),
    FieldDef::req("section", Utf8, "Section letter", "部"),
    FieldDef::req(
        "level",
        Utf8,
        "section, class, subclass, main_group, subgroup or guidance_heading",
        "层级(部/大类/小类/大组/小组/导引标题)",
    ),
    FieldDef::opt("depth", Int32, "Depth as the scheme states it", "层级深度"),
    FieldDef::opt("parent", Utf8, "Enclosing symbol", "上级分类号"),
    FieldDef::opt("title", Utf8, "Title", "类名"),
    FieldDef::req("references", List(&Utf8), "References in the title", "参见/优先"),
    FieldDef::opt("version", Utf8, "Scheme version or publication date", "版本"),
    FieldDef::opt("not_allocatable", Bool, "Not to be allocated to documents", "不可分配"),
    FieldDef::opt("ipc_concordant", Utf8, "Concordant IPC symbol", "对应IPC分类号"),
    FieldDef::req("provenance", Struct(PROVENANCE), "Where the record came from", "数据来源"),
];

/// `ipc_symbol` v1.
pub const IPC_SYMBOL: Dataset = Dataset {
    name: "ipc_symbol",
    major: 1,
    minor: 0,
    en: "IPC symbols with their titles",
    zh: "国际专利分类(IPC)分类号及类名",
    fields: SYMBOL_FIELDS,
    partition_by: &["section"],
};

/// `cpc_symbol` v1.
pub const CPC_SYMBOL: Dataset = Dataset {
    name: "cpc_symbol",
    major: 1,
    minor: 0,
    en: "CPC symbols with their titles, from the CPC scheme",
    zh: "联合专利分类(CPC)分类号及类名",
    fields: SYMBOL_FIELDS,
    partition_by: &["section"],
};
