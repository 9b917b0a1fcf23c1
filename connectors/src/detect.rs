//! Source-format fingerprinting: root element, format and version of every document.

use crate::xml::XmlDoc;

/// The document formats ipdc reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// USPTO `us-patent-grant` v4.0–v4.7 (Red Book XML).
    UsPatentGrant,
    /// USPTO `us-patent-application` v4.0–v4.6.
    UsPatentApplication,
    /// USPTO `sequence-cwu` sequence listings: skipped, counted.
    UsSequenceListing,
    /// USPTO ST.32 `PATDOC` v2.5 grants (2001–2004).
    UsPatdoc,
    /// USPTO `patent-application-publication` v1.5–v1.6 (2001–2004).
    UsPap,
    /// USPTO APS "Green Book" fixed-field text grants (1976–2001; not XML).
    UsGreenBook,
    /// CNIPA current bulk format `business:PatentDocumentAndRelated`.
    CnPatentBusiness,
    /// CNIPA legacy `cn-patent-document`.
    CnPatentLegacy,
    /// EPO DOCDB `exch:exchange-document` (exchange schema v2.x).
    EpDocdb,
    /// EP publication server full text `ep-patent-document` (v1.x, SDOBI bibliography).
    EpPatentDocument,
    /// EPO BDDS full-text product (FTM) `fulltext-document` (v1.x).
    EpFtmDocument,
    /// FTM package index `ftm-package-index`: skipped, counted.
    EpFtmPackageIndex,
    /// EPO OPS legal-status response (`ops:world-patent-data` with a legal `ops:patent-family`).
    EpOpsLegal,
    /// EPO OPS family response with bibliography (`ops:patent-family` of `exchange-document`s).
    EpOpsFamily,
    /// JPO `jp-official-gazette` (dtd-version 1.x).
    JpGazette,
    /// WIPO ST.96 `PatentPublication` (V3_0 and later).
    PatSt96,
    /// WIPO ST.96 trademark document (V6_0 and later; the USPTO TSDR 2.2.1 form).
    TmSt96,
    /// WIPO ST.66 trademark `Transaction` (USPTO TSDR).
    TmSt66,
    /// EUIPO `EM-TM-TradeMark` V3 `Transaction` (ST.66-based).
    EuTrademark,
    /// WIPO ST.96 `GIApplication` (geographical indication).
    GiSt96,
    /// WIPO ST.96 `DesignApplication` (industrial designs).
    DsSt96,
    /// EUIPO `EM-DS-Design` V2 `Transaction` (industrial designs).
    EuDesign,
    /// WIPO ST.86 design `Transaction` (`st86model-V1-0`; the DPMA register form).
    DsSt86,
    /// CPC scheme XML `class-scheme` (reference data).
    CpcScheme,
    /// USPTO trademark daily XML `case-file` (`trademark-applications-daily` v2.0).
    UsTrademarkDaily,
}

/// `a` then `b`, as one array of `N = a.len() + b.len()` formats (for [`Format::ALL`]).
const fn concat<const N: usize>(a: &[Format], b: &[Format]) -> [Format; N] {
    assert!(a.len() + b.len() == N);
    let mut out = [Format::UsPatentGrant; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}

impl Format {
    /// The formats of patent documents (and their legal events), read by the `patent_xml` connector.
    pub const PATENTS: &[Format] = &[
        Format::UsPatentGrant,
        Format::UsPatentApplication,
        Format::UsSequenceListing,
        Format::UsPatdoc,
        Format::UsPap,
        Format::UsGreenBook,
        Format::CnPatentBusiness,
        Format::CnPatentLegacy,
        Format::EpDocdb,
        Format::EpPatentDocument,
        Format::EpFtmDocument,
        Format::EpFtmPackageIndex,
        Format::EpOpsLegal,
        Format::EpOpsFamily,
        Format::PatSt96,
        Format::JpGazette,
    ];

    /// The formats of trademarks, geographical indications, designs and reference tables.
    const OTHERS: &[Format] = &[
        Format::TmSt96,
        Format::TmSt66,
        Format::EuTrademark,
        Format::UsTrademarkDaily,
        Format::GiSt96,
        Format::EuDesign,
        Format::DsSt96,
        Format::DsSt86,
        Format::CpcScheme,
    ];

    /// Every format ipdc reads, patents first.
    pub const ALL: &[Format] =
        &concat::<{ Format::PATENTS.len() + Format::OTHERS.len() }>(Format::PATENTS, Format::OTHERS);

    /// Stable format id, recorded in provenance.
    pub fn id(self) -> &'static str {
        match self {
            Format::UsPatentGrant => "us-patent-grant",
            Format::UsPatentApplication => "us-patent-application",
            Format::UsSequenceListing => "sequence-cwu",
            Format::UsPatdoc => "us-patdoc",
            Format::UsPap => "us-patent-application-publication",
            Format::UsGreenBook => "uspto-aps-green-book",
            Format::CnPatentBusiness => "cn-business-patent-document",
            Format::CnPatentLegacy => "cn-patent-document",
            Format::EpDocdb => "docdb-exchange-document",
            Format::EpPatentDocument => "ep-patent-document",
            Format::EpFtmDocument => "ftm-fulltext-document",
            Format::EpFtmPackageIndex => "ftm-package-index",
            Format::EpOpsLegal => "ops-legal",
            Format::EpOpsFamily => "ops-family",
            Format::JpGazette => "jp-official-gazette",
            Format::PatSt96 => "st96-patent-publication",
            Format::TmSt96 => "st96-trademark",
            Format::TmSt66 => "st66-trademark",
            Format::EuTrademark => "euipo-em-tm",
            Format::UsTrademarkDaily => "uspto-trademark-daily",
            Format::GiSt96 => "st96-gi",
            Format::EuDesign => "euipo-em-ds",
            Format::DsSt86 => "st86-design",
            Format::DsSt96 => "st96-design",
            Format::CpcScheme => "cpc-scheme",
        }
    }

    /// The dataset the format's documents go to.
    pub fn dataset(self) -> &'static str {
        match self {
            Format::EpOpsLegal => ipdc_schemas::PATENT_LEGAL_EVENT.name,
            Format::TmSt96 | Format::TmSt66 | Format::EuTrademark | Format::UsTrademarkDaily => {
                ipdc_schemas::TRADEMARK.name
            }
            Format::GiSt96 => ipdc_schemas::GEOGRAPHICAL_INDICATION.name,
            Format::EuDesign | Format::DsSt96 | Format::DsSt86 => ipdc_schemas::DESIGN_REGISTRATION.name,
            Format::CpcScheme => ipdc_schemas::CPC_SYMBOL.name,
            _ => ipdc_schemas::PATENT_PUBLICATION.name,
        }
    }
}

/// What a document is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Root element (local name).
    pub root: String,
    /// Recognised format, if any.
    pub format: Option<Format>,
    /// Version as the document states it (DTD version, XSD version).
    pub version: Option<String>,
    /// Why the version is not one ipdc reads, when it is not.
    pub unsupported: Option<String>,
}

impl Fingerprint {
    /// `format version <root>`, e.g. `us-patent-grant v4.5 2014-04-03 <us-patent-grant>`;
    /// `unknown` for a format ipdc does not read.
    pub fn label(&self) -> String {
        let format = self.format.map_or("unknown", Format::id);
        match &self.version {
            Some(v) => format!("{format} {v} <{}>", self.root),
            None => format!("{format} <{}>", self.root),
        }
    }
}

/// Fingerprints a parsed document.
pub fn fingerprint(doc: &XmlDoc) -> Fingerprint {
    let root = doc.root();
    let name = root.name().to_owned();
    let system_id = doc.doctype.as_ref().and_then(|d| d.system_id.clone());
    let (format, version) = match name.as_str() {
        "us-patent-grant" => (Some(Format::UsPatentGrant), root.attr("dtd-version").map(str::to_owned).or(system_id)),
        "us-patent-application" => {
            (Some(Format::UsPatentApplication), root.attr("dtd-version").map(str::to_owned).or(system_id))
        }
        "sequence-cwu" => (Some(Format::UsSequenceListing), root.attr("dtd-version").map(str::to_owned)),
        "PATDOC" => (Some(Format::UsPatdoc), root.attr("DTD").map(str::to_owned).or(system_id)),
        "patent-application-publication" => (Some(Format::UsPap), system_id),
        "PatentDocumentAndRelated" => (Some(Format::CnPatentBusiness), root.attr("xsdVersion").map(str::to_owned)),
        "cn-patent-document" => (Some(Format::CnPatentLegacy), root.attr("dtd-version").map(str::to_owned)),
        // A fragment carries no version; in a container the container's `dtd-version` is used.
        "exchange-document" => (Some(Format::EpDocdb), root.attr("dtd-version").map(str::to_owned)),
        "ep-patent-document" => {
            (Some(Format::EpPatentDocument), root.attr("dtd-version").map(str::to_owned).or(system_id))
        }
        "fulltext-document" => (Some(Format::EpFtmDocument), root.attr("dtd-version").map(str::to_owned)),
        "ftm-package-index" => (Some(Format::EpFtmPackageIndex), root.attr("dtd-version").map(str::to_owned)),
        // OPS states no version in the document; the service version is in its URL.
        "world-patent-data" if crate::epo::ops_legal::is_legal_response(doc) => (Some(Format::EpOpsLegal), None),
        "world-patent-data" if crate::epo::ops_family::is_family_response(doc) => (Some(Format::EpOpsFamily), None),
        "TrademarkApplication" | "TrademarkTransaction" | "TrademarkRegistration"
            if has_namespace(doc, ST96_TRADEMARK_NS) =>
        {
            (Some(Format::TmSt96), st96_version(doc))
        }
        // The pre-release ("D3") form USPTO TSDR served before 2.2.1: `Trademark/1` namespaces,
        // root `Transaction`, no version attribute.
        "Transaction" | "TrademarkTransaction" if has_namespace(doc, ST96_D3_TRADEMARK_NS) => {
            (Some(Format::TmSt96), Some("D3".into()))
        }
        "jp-official-gazette" => (Some(Format::JpGazette), root.attr("dtd-version").map(str::to_owned)),
        "PatentPublication" if has_namespace(doc, ST96_PATENT_NS) => {
            (Some(Format::PatSt96), root.attr("st96Version").map(str::to_owned))
        }
        "DesignApplication" if has_namespace(doc, ST96_DESIGN_NS) => {
            (Some(Format::DsSt96), root.attr("st96Version").map(str::to_owned))
        }
        "GIApplication" if has_namespace(doc, ST96_GI_NS) => {
            (Some(Format::GiSt96), root.attr("st96Version").map(str::to_owned))
        }
        // DPMA register extracts name their schema (`DE-TM-Register-V1.1.xsd`); USPTO's state none.
        "Transaction" if has_namespace(doc, ST66_NS) => (
            Some(Format::TmSt66),
            schema_file_version(root.attr("schemaLocation"), "DE-TM-Register-").map(|v| format!("DE-TM-Register-{v}")),
        ),
        "Transaction" if has_namespace(doc, ST86_NS) => {
            (Some(Format::DsSt86), schema_file_version(root.attr("schemaLocation"), "st86model-"))
        }
        "Transaction" if has_namespace(doc, EUIPO_TM_NS) => {
            (Some(Format::EuTrademark), schema_file_version(root.attr("schemaLocation"), "EM-TM-TradeMark-"))
        }
        "Transaction" if has_namespace(doc, EUIPO_DESIGN_NS) => {
            (Some(Format::EuDesign), schema_file_version(root.attr("schemaLocation"), "EM-DS-Design-"))
        }
        "class-scheme" if root.attr("scheme-type") == Some("cpc") => {
            (Some(Format::CpcScheme), root.attr("publication-date").map(str::to_owned))
        }
        // Framed out of a daily file, whose `version-no` is the container's.
        "case-file" => (Some(Format::UsTrademarkDaily), None),
        _ => (None, None),
    };
    let unsupported = match (format, version.as_deref()) {
        (Some(Format::UsPatentGrant), v) => us_version_problem(v, 7),
        (Some(Format::UsPatentApplication), v) => us_version_problem(v, 6),
        (Some(Format::CnPatentBusiness), Some(v)) if !v.starts_with("V2.") => {
            Some(format!("xsdVersion {v} (V2.x is read)"))
        }
        (Some(Format::EpDocdb), v) => docdb_version_problem(v),
        (Some(Format::UsPap), Some(v)) if !v.contains("pap-v15") && !v.contains("pap-v16") => {
            Some(format!("DTD {v:?} (pap-v15 and pap-v16 are read)"))
        }
        (Some(Format::UsPatdoc), Some(v)) if v != "2.5" && !v.contains("025") => {
            Some(format!("PATDOC DTD {v:?} (2.5 is read)"))
        }
        (Some(Format::EpPatentDocument), Some(v)) if !v.contains("v1-") && !v.contains("v1.") => {
            Some(format!("ep-patent-document version {v:?} (v1.x is read)"))
        }
        (Some(Format::EpFtmDocument), Some(v)) if !v.starts_with("1.") => {
            Some(format!("FTM fulltext-document version {v:?} (1.x is read)"))
        }
        (Some(Format::TmSt96 | Format::GiSt96 | Format::PatSt96 | Format::DsSt96), Some(v))
            if !ST96_VERSIONS.contains(&v) =>
        {
            Some(format!("ST.96 version {v:?} ({} are read)", ST96_VERSIONS.join(", ")))
        }
        (Some(Format::EuTrademark), Some(v)) if !v.starts_with("V3-") => {
            Some(format!("EM-TM-TradeMark {v:?} (V3-x is read)"))
        }
        (Some(Format::JpGazette), Some(v)) if !v.starts_with("1.") => {
            Some(format!("jp-official-gazette dtd-version {v:?} (1.x is read)"))
        }
        (Some(Format::DsSt86), Some(v)) if !v.starts_with("V1-") => {
            Some(format!("ST.86 st86model {v:?} (V1-x is read)"))
        }
        (Some(Format::EuDesign), Some(v)) if !v.starts_with("V2-") => {
            Some(format!("EM-DS-Design {v:?} (V2-x is read)"))
        }
        (Some(Format::UsTrademarkDaily), v) => us_daily_version_problem(v),
        _ => None,
    };
    Fingerprint { root: name, format, version, unsupported }
}

/// Namespace of ST.96 trademark documents (every version since 2.x).
const ST96_TRADEMARK_NS: &str = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark";
/// Namespace of the pre-release ST.96 ("D3") trademark documents.
const ST96_D3_TRADEMARK_NS: &str = "http://www.wipo.int/standards/XMLSchema/Trademark/1";
/// Namespace of ST.96 patent documents.
const ST96_PATENT_NS: &str = "http://www.wipo.int/standards/XMLSchema/ST96/Patent";
/// Namespace of ST.96 design documents.
const ST96_DESIGN_NS: &str = "http://www.wipo.int/standards/XMLSchema/ST96/Design";
/// Namespace of ST.96 geographical-indication documents.
const ST96_GI_NS: &str = "http://www.wipo.int/standards/XMLSchema/ST96/GeographicalIndication";
/// Namespace of ST.66 trademark documents.
const ST66_NS: &str = "http://www.wipo.int/standards/XMLSchema/trademarks";
/// Namespace of ST.86 design documents.
const ST86_NS: &str = "http://www.wipo.int/standards/XMLSchema/designs";
/// Namespace of the EUIPO trademark files.
const EUIPO_TM_NS: &str = "http://euipo.europa.eu/trademark/data";
/// Namespace of the EUIPO design files.
const EUIPO_DESIGN_NS: &str = "http://euipo.europa.eu/design/data";
/// Namespace of the USPTO extensions to ST.96 in TSDR documents.
const USPTO_TM_NS: &str = "urn:us:gov:doc:uspto:trademark";
/// ST.96 versions read: the trademark elements used are the same in each.
const ST96_VERSIONS: &[&str] = &["D3", "2.2.1", "V3_0", "V4_0", "V5_0", "V6_0", "V7_0", "V8_0"];

fn has_namespace(doc: &XmlDoc, ns: &str) -> bool {
    doc.root_namespaces.iter().any(|n| n == ns)
}

/// `com:st96Version` (`V6_0`); a TSDR document, which states none but declares the USPTO
/// extension namespace, is the 2.2.1 form USPTO serves.
fn st96_version(doc: &XmlDoc) -> Option<String> {
    doc.root()
        .attr("st96Version")
        .map(str::to_owned)
        .or_else(|| has_namespace(doc, USPTO_TM_NS).then(|| "2.2.1".into()))
}

/// The version in a schema file name: `…/EM-TM-TradeMark-V3-4.xsd` → `V3-4`.
fn schema_file_version(location: Option<&str>, stem: &str) -> Option<String> {
    let file = location?.split_whitespace().find(|w| w.contains(stem))?;
    let start = file.find(stem)? + stem.len();
    Some(file[start..].trim_end_matches(".xsd").to_owned())
}

/// Trademark daily versions read: 2.x (`version-no` 2.0).
pub(crate) fn us_daily_version_problem(version: Option<&str>) -> Option<String> {
    let v = version?;
    (!v.starts_with("2.")).then(|| format!("trademark-applications-daily version {v:?} (2.x is read)"))
}

/// DOCDB exchange schema versions read: 2.x (2.5.9 in the samples). A missing version is
/// accepted (split-out fragments carry none).
pub(crate) fn docdb_version_problem(version: Option<&str>) -> Option<String> {
    let v = version?;
    (!v.starts_with("2.")).then(|| format!("DOCDB exchange version {v:?} (2.x is read)"))
}

/// USPTO Red Book versions read: v4.0 up to v4.`max_minor`, written `v4.5 2014-04-03`, `v40 2004-12-02`
/// or as a DTD file name `us-patent-grant-v45-2014-04-03.dtd`. A missing version is accepted
/// (some republished samples drop the DOCTYPE and the attribute).
fn us_version_problem(version: Option<&str>, max_minor: u32) -> Option<String> {
    let v = version?;
    let digits: String =
        v.split(['-', ' ']).find(|w| w.starts_with('v') && w.len() > 1)?.chars().filter(char::is_ascii_digit).collect();
    let (major, minor) =
        (digits.get(..1)?.parse::<u32>().ok()?, digits.get(1..2).and_then(|m| m.parse::<u32>().ok()).unwrap_or(0));
    (major != 4 || minor > max_minor).then(|| format!("DTD version {v:?} (v4.0–v4.{max_minor} are read)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_versions() {
        assert_eq!(us_version_problem(Some("v4.5 2014-04-03"), 7), None);
        assert_eq!(us_version_problem(Some("v40 2004-12-02"), 7), None);
        assert_eq!(us_version_problem(Some("us-patent-grant-v47-2022-02-17.dtd"), 7), None);
        assert!(us_version_problem(Some("v5.0 2030-01-01"), 7).is_some());
        assert!(us_version_problem(Some("v4.7 2022-02-17"), 6).is_some());
    }

    #[test]
    fn trademark_versions() {
        let fp = |xml: &str| fingerprint(&XmlDoc::parse(xml.as_bytes()).unwrap());
        let v6 = fp(
            r#"<tmk:TrademarkApplication xmlns:tmk="http://www.wipo.int/standards/XMLSchema/ST96/Trademark" xmlns:com="c" com:st96Version="V6_0"/>"#,
        );
        assert_eq!((v6.format, v6.version.as_deref(), v6.unsupported), (Some(Format::TmSt96), Some("V6_0"), None));
        let old = fp(
            r#"<TrademarkApplication xmlns="http://www.wipo.int/standards/XMLSchema/ST96/Trademark" st96Version="V1_0"/>"#,
        );
        assert!(old.unsupported.is_some());
        let d3 = fp(r#"<tmk:Transaction xmlns:tmk="http://www.wipo.int/standards/XMLSchema/Trademark/1"/>"#);
        assert_eq!((d3.format, d3.version.as_deref(), d3.unsupported), (Some(Format::TmSt96), Some("D3"), None));
        let em = fp(
            r#"<Transaction xmlns="http://euipo.europa.eu/trademark/data" xmlns:xsi="x" xsi:schemaLocation="http://euipo.europa.eu/trademark/data http://euipo.europa.eu/schemas/trademark/EM-TM-TradeMark-V3-4.xsd"/>"#,
        );
        assert_eq!((em.format, em.version.as_deref()), (Some(Format::EuTrademark), Some("V3-4")));
        // A `Transaction` of no known namespace is not a trademark document.
        assert_eq!(fp("<Transaction/>").format, None);
    }

    #[test]
    fn epo_fulltext_versions() {
        let fp = |xml: &str| fingerprint(&XmlDoc::parse(xml.as_bytes()).unwrap());
        let ep = fp(r#"<ep-patent-document dtd-version="ep-patent-document-v1-5"/>"#);
        assert_eq!((ep.format, ep.unsupported), (Some(Format::EpPatentDocument), None));
        assert!(fp(r#"<ep-patent-document dtd-version="ep-patent-document-v2-0"/>"#).unsupported.is_some());
        assert_eq!(fp(r#"<fulltext-document dtd-version="1.2.3"/>"#).unsupported, None);
        assert!(fp(r#"<fulltext-document dtd-version="2.0"/>"#).unsupported.is_some());
    }
}
