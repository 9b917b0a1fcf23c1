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
            "rejects": "A row that breaks a rule (missing required value, unreadable date, value outside its code list, unknown ST.3 code) is quarantined with its line number and reason; the other rows are accepted.",
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

/// Every published exchange schema.
pub const ALL: &[ExchangeSchema] = &[CNIPA_IC_LAYOUT_DESIGN, WIPO_ST3_CODES];
