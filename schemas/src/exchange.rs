//! Exchange schemas: the shape of the CSV and JSON Lines files a ministry or an office sends
//! (one row per record), published beside the datasets (`schemas/published/exchange/`) so a
//! sender can check a file before pushing it. A schema names each column, its kind, whether
//! it is required, and its code list; the connector of the schema checks every row against it
//! and maps good rows onto a dataset.

use serde_json::{Value, json};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// A date: `YYYY-MM-DD` or `YYYYMMDD`.
    Date,
    /// Texts separated by `;` (in JSON Lines also an array of strings).
    TextList,
    /// WIPO ST.3 codes separated by `;` (in JSON Lines also an array).
    OfficeList,
    /// One value of a closed code list.
    Code(&'static [&'static str]),
    /// Nice classes (1–45) separated by `;`.
    NiceClassList,
    /// Goods and services separated by `;`, each `<Nice class>/<类似群 group>/<goods text>`; the
    /// group may be empty (`9//计算机程序`), the text may hold further `/`.
    GoodsList,
    /// A CN application number with its check digit (`CN202111286633.X`, `202111286633X`,
    /// `95115608X`), the check digit verified (ZC 0006-2003).
    CnApplicationNumber,
    /// Unified social credit codes (GB 32100-2015, check character verified) separated by `;`,
    /// position by position with the names they belong to; an empty position is allowed.
    CreditCodeList,
}

impl ColumnKind {
    fn describe(self) -> Value {
        match self {
            ColumnKind::Text => json!({"type": "text"}),
            ColumnKind::Date => json!({"type": "date", "formats": ["YYYY-MM-DD", "YYYYMMDD"]}),
            ColumnKind::TextList => json!({"type": "list", "item": "text", "separator": ";"}),
            ColumnKind::OfficeList => {
                json!({"type": "list", "item": "code", "standard": "WIPO ST.3", "separator": ";"})
            }
            ColumnKind::Code(values) => json!({"type": "code", "values": values}),
            ColumnKind::NiceClassList => {
                json!({"type": "list", "item": "integer 1-45", "standard": "Nice", "separator": ";"})
            }
            ColumnKind::GoodsList => json!({
                "type": "list",
                "item": "<Nice class>/<类似群 group, 4 digits, may be empty>/<goods or service text>",
                "example": "9/0901/计算机程序(可下载软件);35//广告",
                "separator": ";",
            }),
            ColumnKind::CnApplicationNumber => json!({
                "type": "cn_application_number",
                "forms": ["CN202111286633.X", "202111286633.X", "202111286633X"],
                "check_digit": "required and verified (ZC 0006-2003)",
            }),
            ColumnKind::CreditCodeList => json!({
                "type": "list",
                "item": "unified social credit code, 18 characters, check character verified; empty when the party has none",
                "standard": "GB 32100-2015",
                "separator": ";",
            }),
        }
    }
}

/// One column of an exchange file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name (CSV header / JSON key).
    pub name: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
    /// Whether every row must have a value.
    pub required: bool,
    /// English description.
    pub en: &'static str,
    /// Chinese description.
    pub zh: &'static str,
}

impl Column {
    const fn req(name: &'static str, kind: ColumnKind, en: &'static str, zh: &'static str) -> Self {
        Self { name, kind, required: true, en, zh }
    }

    const fn opt(name: &'static str, kind: ColumnKind, en: &'static str, zh: &'static str) -> Self {
        Self { name, kind, required: false, en, zh }
    }
}

/// A published exchange-file schema.
#[derive(Debug, Clone, Copy)]
pub struct ExchangeSchema {
    /// snake_case name, e.g. `cnipa_ic_layout_design`.
    pub name: &'static str,
    /// Major version.
    pub major: u32,
    /// Minor version (columns only ever added, optional, within a major version).
    pub minor: u32,
    /// Dataset the rows go to.
    pub dataset: &'static str,
    /// English summary.
    pub en: &'static str,
    /// Chinese summary.
    pub zh: &'static str,
    /// Columns, in CSV order.
    pub columns: &'static [Column],
}

impl ExchangeSchema {
    /// `"<major>.<minor>"`.
    pub fn version(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Path of the published file relative to `schemas/published/`.
    pub fn published_path(&self) -> String {
        format!("exchange/{}/v{}.json", self.name, self.major)
    }

    /// The published file's text: pretty JSON with a trailing newline.
    pub fn to_published_text(&self) -> String {
        let value = json!({
            "exchange_schema": self.name,
            "version": self.version(),
            "dataset": self.dataset,
            "description": { "en": self.en, "zh": self.zh },
            "files": {
                "csv": "UTF-8 (a BOM is accepted), comma-separated, RFC 4180 quoting, a header row naming the columns; extra columns are refused",
                "jsonl": "UTF-8, one JSON object per line with the column names as keys; lists may be arrays of strings",
            },
            "rejects": "A row that breaks a rule (missing required value, unreadable date, value outside its code list, unknown ST.3 code, Nice class outside 1-45, 类似群 group not of its class, credit code with a wrong check character) is quarantined with its line number and reason; the other rows are accepted.",
            "columns": self.columns.iter().map(|c| {
                let mut v = json!({
                    "name": c.name,
                    "required": c.required,
                    "description": { "en": c.en, "zh": c.zh },
                });
                if let (Value::Object(m), Value::Object(k)) = (&mut v, c.kind.describe()) {
                    m.extend(k);
                }
                v
            }).collect::<Vec<_>>(),
        });
        let mut s = serde_json::to_string_pretty(&value).expect("JSON values always serialize");
        s.push('\n');
        s
    }
}

/// Status codes of an IC layout-design registration.
const IC_STATUS: ColumnKind = ColumnKind::Code(crate::normalize::IC_STATUSES);

/// CNIPA integrated-circuit layout-design registrations (集成电路布图设计登记), v1.
pub const CNIPA_IC_LAYOUT_DESIGN: ExchangeSchema = ExchangeSchema {
    name: "cnipa_ic_layout_design",
    major: 1,
    minor: 0,
    dataset: "ic_layout_design",
    en: "CNIPA integrated-circuit layout-design registrations, one row per registration",
    zh: "国家知识产权局集成电路布图设计登记数据交换格式，每件登记一行",
    columns: &[
        Column::req("reg_number", ColumnKind::Text, "Registration number as issued (e.g. BS.245500123)", "登记号"),
        Column::req("design_name", ColumnKind::Text, "Name of the layout-design", "布图设计名称"),
        Column::req("owner_names", ColumnKind::TextList, "Right holders, ';'-separated", "布图设计权利人(多个以;分隔)"),
        Column::opt(
            "owner_countries",
            ColumnKind::OfficeList,
            "Country of each right holder (ST.3), in the same order",
            "权利人国籍(ST.3代码,顺序同权利人)",
        ),
        Column::opt(
            "owner_addresses",
            ColumnKind::TextList,
            "Address of each right holder, same order",
            "权利人地址(顺序同权利人)",
        ),
        Column::opt("creator_names", ColumnKind::TextList, "Creators, ';'-separated", "布图设计创作人"),
        Column::req("filing_date", ColumnKind::Date, "Filing date", "申请日"),
        Column::opt("creation_date", ColumnKind::Date, "Date the creation was completed", "创作完成日"),
        Column::opt(
            "first_commercial_use_date",
            ColumnKind::Date,
            "First commercial exploitation anywhere",
            "首次商业利用日",
        ),
        Column::opt("certificate_date", ColumnKind::Date, "Registration certificate issued", "颁证日"),
        Column::opt("announcement_number", ColumnKind::Text, "Announcement number", "公告号"),
        Column::opt("announcement_date", ColumnKind::Date, "Announcement date", "公告日"),
        Column::opt(
            "summary",
            ColumnKind::Text,
            "Summary of structure, technology and function",
            "结构、技术、功能简要说明",
        ),
        Column::opt("status", IC_STATUS, "Legal status", "法律状态"),
    ],
};

/// The WIPO ST.3 code list as the project keeps it (`schemas/reference/country_codes.csv`, from
/// the ST.96 V6 enumerations), read into `country_code`.
pub const WIPO_ST3_CODES: ExchangeSchema = ExchangeSchema {
    name: "wipo_st3_codes",
    major: 1,
    minor: 0,
    dataset: "country_code",
    en: "WIPO ST.3 code list, one row per code",
    zh: "WIPO ST.3 代码表，每个代码一行",
    columns: &[
        Column::req("code", ColumnKind::Text, "Two-letter code", "两字母代码"),
        Column::req("name", ColumnKind::Text, "English short name", "英文简称"),
        Column::req("status", ColumnKind::Code(&["current", "former"]), "current or former", "状态"),
        Column::opt(
            "is_ip_organization",
            ColumnKind::Code(&["Y", "N"]),
            "Names an IP organisation",
            "是否为知识产权组织",
        ),
        Column::opt("source", ColumnKind::Text, "Where the list was taken from", "来源依据"),
    ],
};

/// CNIPA trademark register (商标注册簿) extracts, v1.
pub const CNIPA_TRADEMARK: ExchangeSchema = ExchangeSchema {
    name: "cnipa_trademark",
    major: 1,
    minor: 0,
    dataset: "trademark",
    en: "CNIPA trademark applications and registrations, one row per mark (application number)",
    zh: "国家知识产权局商标申请与注册数据交换格式，每件商标(申请号)一行",
    columns: &[
        Column::req("appl_number", ColumnKind::Text, "Application / registration number", "申请号/注册号"),
        Column::opt("mark_text", ColumnKind::Text, "Verbal element of the mark", "商标文字"),
        Column::req(
            "mark_feature",
            ColumnKind::Code(&["word", "figurative", "combined", "3d", "colour", "sound", "other"]),
            "Make-up of the mark",
            "商标构成(文字/图形/组合/立体/颜色/声音/其他)",
        ),
        Column::req(
            "mark_kind",
            ColumnKind::Code(&["individual", "collective", "certification"]),
            "Kind of mark",
            "商标类型(普通/集体/证明)",
        ),
        Column::opt(
            "vienna_codes",
            ColumnKind::TextList,
            "Vienna codes of the figurative elements",
            "图形要素编码(维也纳分类)",
        ),
        Column::opt("colour_claimed", ColumnKind::Text, "Colours claimed", "指定颜色"),
        Column::req("filing_date", ColumnKind::Date, "Filing date", "申请日期"),
        Column::opt("publication_number", ColumnKind::Text, "Preliminary approval gazette number", "初审公告期号"),
        Column::opt("publication_date", ColumnKind::Date, "Preliminary approval date", "初审公告日期"),
        Column::opt("reg_publication_number", ColumnKind::Text, "Registration gazette number", "注册公告期号"),
        Column::opt("registration_date", ColumnKind::Date, "Registration announcement date", "注册公告日期"),
        Column::opt("right_start_date", ColumnKind::Date, "Exclusive right from", "专用权期限(起)"),
        Column::opt("right_end_date", ColumnKind::Date, "Exclusive right until", "专用权期限(止)"),
        Column::opt("nice_edition", ColumnKind::Text, "Nice edition, e.g. 12-2024", "尼斯分类版本"),
        Column::req(
            "goods_services",
            ColumnKind::GoodsList,
            "Goods and services with class and 类似群",
            "商品/服务项目(类别/类似群/名称)",
        ),
        Column::req(
            "owner_names",
            ColumnKind::TextList,
            "Applicants / registrants, ';'-separated",
            "申请人/注册人名称",
        ),
        Column::opt("owner_addresses", ColumnKind::TextList, "Address of each, same order", "申请人地址(顺序同申请人)"),
        Column::opt(
            "owner_countries",
            ColumnKind::OfficeList,
            "Country of each (ST.3), same order",
            "申请人国籍(ST.3代码)",
        ),
        Column::opt(
            "owner_credit_codes",
            ColumnKind::CreditCodeList,
            "Unified social credit code of each, same order",
            "申请人统一社会信用代码(顺序同申请人)",
        ),
        Column::opt("agency_name", ColumnKind::Text, "Trademark agency", "代理机构"),
        Column::opt(
            "priority_country",
            ColumnKind::OfficeList,
            "Office of the priority application",
            "优先权国家/地区",
        ),
        Column::opt("priority_number", ColumnKind::Text, "Priority application number", "优先权申请号"),
        Column::opt("priority_date", ColumnKind::Date, "Priority date", "优先权日期"),
        Column::opt("status", ColumnKind::Code(crate::normalize::TM_STATUSES), "Legal status", "商标状态"),
    ],
};

/// CNIPA geographical indications of the three Chinese systems (地理标志保护产品, 地理标志集体/
/// 证明商标, 农产品地理标志), v1.
pub const CNIPA_GEOGRAPHICAL_INDICATION: ExchangeSchema = ExchangeSchema {
    name: "cnipa_geographical_indication",
    major: 1,
    minor: 0,
    dataset: "geographical_indication",
    en: "Chinese geographical indications of every protection system, one row per GI",
    zh: "地理标志(保护产品、集体/证明商标、农产品地理标志)数据交换格式，每件一行",
    columns: &[
        Column::req("appl_number", ColumnKind::Text, "Application / acceptance number", "申请号/受理号"),
        Column::req(
            "gi_system",
            ColumnKind::Code(&["protected_product", "collective_mark", "certification_mark", "agricultural_product"]),
            "Protection system",
            "保护体系(地理标志保护产品/集体商标/证明商标/农产品地理标志)",
        ),
        Column::req("product_name", ColumnKind::Text, "Product name (Chinese)", "产品名称"),
        Column::opt("product_name_en", ColumnKind::Text, "Product name in English or pinyin", "产品名称(英文/拼音)"),
        Column::opt("filing_date", ColumnKind::Date, "Filing date", "申请日"),
        Column::opt("authority", ColumnKind::Text, "Approving authority", "批准机关"),
        Column::opt("approval_number", ColumnKind::Text, "Approval announcement number", "批准公告号"),
        Column::opt("approval_date", ColumnKind::Date, "Approval date", "批准日"),
        Column::req("applicant_names", ColumnKind::TextList, "Applicants, ';'-separated", "申请人/申请机构"),
        Column::opt(
            "applicant_credit_codes",
            ColumnKind::CreditCodeList,
            "Unified social credit code of each applicant, same order",
            "申请人统一社会信用代码(顺序同申请人)",
        ),
        Column::req("region_text", ColumnKind::Text, "Producing region as described", "产地范围"),
        Column::opt(
            "region_codes",
            ColumnKind::TextList,
            "Administrative-division codes (GB/T 2260, six digits)",
            "产地行政区划代码",
        ),
        Column::opt(
            "description",
            ColumnKind::Text,
            "Product characteristics and link with the region",
            "产品特征及与产地的关联",
        ),
        Column::opt(
            "standards",
            ColumnKind::TextList,
            "Quality specifications / standard numbers",
            "质量技术要求/标准号",
        ),
        Column::opt("nice_classes", ColumnKind::NiceClassList, "Nice classes (GI marks)", "尼斯分类(地理标志商标)"),
        Column::opt(
            "trademark_reg_number",
            ColumnKind::Text,
            "Registration number of the GI trademark",
            "地理标志商标注册号",
        ),
        Column::opt(
            "authorized_user_names",
            ColumnKind::TextList,
            "Producers authorised to use the GI",
            "专用标志使用企业",
        ),
        Column::opt(
            "authorized_user_credit_codes",
            ColumnKind::CreditCodeList,
            "Credit code of each authorised producer, same order",
            "使用企业统一社会信用代码(顺序同使用企业)",
        ),
        Column::opt(
            "authorized_user_approval_numbers",
            ColumnKind::TextList,
            "Approval announcement number of each authorisation, same order",
            "使用企业核准公告号(顺序同使用企业)",
        ),
        Column::opt("status", ColumnKind::Code(crate::normalize::GI_STATUSES), "Status", "状态"),
    ],
};

/// CNIPA patent legal status (专利法律状态) extracts, v1.
pub const CNIPA_PATENT_LEGAL_STATUS: ExchangeSchema = ExchangeSchema {
    name: "cnipa_patent_legal_status",
    major: 1,
    minor: 0,
    dataset: "patent_legal_event",
    en: "CNIPA patent legal-status events, one row per event",
    zh: "国家知识产权局专利法律状态数据交换格式，每个法律状态事件一行",
    columns: &[
        Column::req(
            "appl_number",
            ColumnKind::CnApplicationNumber,
            "Application number with its check digit",
            "申请号(含校验位)",
        ),
        Column::opt("pub_number", ColumnKind::Text, "Publication number the event is reported against", "公开(公告)号"),
        Column::opt("pub_kind", ColumnKind::Text, "Its kind code (A, B, U, S …)", "文献种类代码"),
        Column::req(
            "event_date",
            ColumnKind::Date,
            "Date of the event (legal-status announcement date)",
            "法律状态公告日",
        ),
        Column::req(
            "event_name",
            ColumnKind::Text,
            "The event as CNIPA names it (e.g. 实质审查的生效, 专利权的终止 (未缴年费)); ST.27 codes are derived \
             by a proposed mapping",
            "法律状态",
        ),
        Column::opt(
            "event_text",
            ColumnKind::Text,
            "Details as published (owners before and after, licence …)",
            "法律状态信息",
        ),
        Column::opt("effective_date", ColumnKind::Date, "Date the event takes effect, when it differs", "生效日"),
        Column::opt("gazette_issue", ColumnKind::Text, "Gazette issue", "公告卷期号"),
    ],
};

/// Every published exchange schema.
pub const ALL: &[ExchangeSchema] = &[
    CNIPA_IC_LAYOUT_DESIGN,
    CNIPA_TRADEMARK,
    CNIPA_GEOGRAPHICAL_INDICATION,
    CNIPA_PATENT_LEGAL_STATUS,
    WIPO_ST3_CODES,
];
