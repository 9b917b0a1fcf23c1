//! `ipdc demo`: the embedded default run over the real samples bundled in the repository.

use std::path::{Path, PathBuf};

use ipdc_connectors::{ConnectorKind, Scope};
use ipdc_jobs::OutputFormat;

use super::ingest::{exit_code, print_summary};
use crate::error::{Error, Result};
use crate::progress::ConsoleProgress;
use crate::runner::IngestRequest;
use crate::workspace;

/// The real samples bundled in the repository (see their SOURCES.md).
const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../connectors/tests/fixtures/real");
/// The WIPO ST.3 code list kept with the schemas, loaded into the `country_code` reference table.
const ST3_CODES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/reference/country_codes.csv");
/// Marks a folder as a demo root, so a re-run may clear it.
const MARKER: &str = ".ipdc-demo";

const QUERIES: &[(&str, &str)] = &[
    (
        "Rows per source and dataset",
        "SELECT provenance.source AS source, 'patent_publication' AS dataset, count(*) AS rows FROM patent_publication GROUP BY 1 UNION ALL SELECT provenance.source, 'patent_fulltext', count(*) FROM patent_fulltext GROUP BY 1 UNION ALL SELECT provenance.source, 'patent_legal_event', count(*) FROM patent_legal_event GROUP BY 1 UNION ALL SELECT provenance.source, 'ic_layout_design', count(*) FROM ic_layout_design GROUP BY 1 UNION ALL SELECT provenance.source, 'trademark', count(*) FROM trademark GROUP BY 1 UNION ALL SELECT provenance.source, 'geographical_indication', count(*) FROM geographical_indication GROUP BY 1 UNION ALL SELECT provenance.source, 'design_registration', count(*) FROM design_registration GROUP BY 1 UNION ALL SELECT provenance.source, 'country_code', count(*) FROM country_code GROUP BY 1 UNION ALL SELECT provenance.source, 'nice_class', count(*) FROM nice_class GROUP BY 1 UNION ALL SELECT provenance.source, 'ipc_symbol', count(*) FROM ipc_symbol GROUP BY 1 UNION ALL SELECT provenance.source, 'cpc_symbol', count(*) FROM cpc_symbol GROUP BY 1 ORDER BY dataset, source",
    ),
    (
        "Documents per office and publication year",
        "SELECT office, pub_year, count(*) AS documents FROM patent_publication GROUP BY office, pub_year ORDER BY office, pub_year",
    ),
    (
        "Top IPC subclasses (main symbol)",
        "SELECT substr(ipc_main, 1, 4) AS ipc_subclass, count(*) AS documents FROM patent_publication WHERE ipc_main IS NOT NULL GROUP BY 1 ORDER BY documents DESC, ipc_subclass LIMIT 10",
    ),
    (
        "IPC main groups of the patents in the demo, with their titles (join to ipc_symbol; the table is an A01-A45 excerpt)",
        "SELECT i.symbol, count(*) AS documents, substr(i.title, 1, 70) AS title FROM patent_publication p JOIN ipc_symbol i ON i.symbol = split_part(p.ipc_main, '/', 1) || '/00' AND i.level = 'main_group' GROUP BY i.symbol, i.title ORDER BY documents DESC, i.symbol LIMIT 5",
    ),
    (
        "Legal events of EP2400812A1 by office (EPO OPS, INPADOC codes)",
        "SELECT office, count(*) AS events, min(event_date) AS first, max(event_date) AS last, string_agg(DISTINCT national_event_code, ' ') AS codes FROM patent_legal_event WHERE doc_id = 'EP2400812A1' GROUP BY office ORDER BY events DESC, office LIMIT 8",
    ),
    (
        "CNIPA legal-status events (made-up exchange file) with the ST.27 codes of the proposed mapping",
        "SELECT appl_key, event_date, national_event_code, st27_detailed, st27_key FROM patent_legal_event WHERE office = 'CN' ORDER BY event_date, appl_key",
    ),
    (
        "IC layout-designs (made-up exchange files) and their derived end of protection",
        "SELECT reg_number, design_name, filing_date, protection_expiry, status FROM ic_layout_design ORDER BY reg_number",
    ),
    (
        "Trademarks per office, feature and status",
        "SELECT office, mark_feature, status, count(*) AS marks FROM trademark GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
    (
        "Most frequent Nice classes across the trademark offices",
        "SELECT nice_class, count(*) AS marks, string_agg(DISTINCT office, ' ') AS offices FROM (SELECT office, unnest(nice_classes) AS nice_class FROM trademark) GROUP BY nice_class ORDER BY marks DESC, nice_class LIMIT 8",
    ),
    (
        "The same, with each class's heading from the Nice classification (join to nice_class)",
        "SELECT t.nice_class, count(*) AS marks, substr(n.text, 1, 60) AS heading FROM (SELECT unnest(nice_classes) AS nice_class FROM trademark) t LEFT JOIN nice_class n ON n.class_number = t.nice_class AND n.level = 'class' AND n.lang = 'en' GROUP BY t.nice_class, n.text ORDER BY marks DESC, t.nice_class LIMIT 5",
    ),
    (
        "CNIPA trademarks (made-up exchange files): the later extract replaced CN56783412",
        "SELECT doc_id, mark_text, mark_kind, status, expiry_date, provenance.artifact_id AS from_file FROM trademark WHERE office = 'CN' ORDER BY doc_id",
    ),
    (
        "Geographical indications: system, name, region and authorised producers",
        "SELECT office, gi_system, names[1]['text'] AS name, region_texts[1]['text'] AS region, cardinality(authorized_users) AS producers, status FROM geographical_indication ORDER BY office, doc_id",
    ),
    (
        "Publications per office, with the office's ST.3 name (join to the country_code reference table)",
        "SELECT p.office, c.name, c.status, count(*) AS documents FROM patent_publication p LEFT JOIN country_code c ON c.code = p.office GROUP BY 1, 2, 3 ORDER BY documents DESC, p.office LIMIT 8",
    ),
    (
        "Quarantined, by rule",
        "SELECT source, rule, count(*) AS items FROM quarantine GROUP BY source, rule ORDER BY source, rule",
    ),
];

/// Ingests the bundled real samples (one source per connector) and the made-up CNIPA exchange
/// files (no open real sample exists) into a fresh root, then runs a few queries.
pub(crate) async fn demo(root: Option<&Path>, samples: Option<&Path>) -> Result<i32> {
    let root = root.map_or_else(|| PathBuf::from("ipdc-demo"), Path::to_owned);
    let samples = samples.map_or_else(|| PathBuf::from(BUNDLED), Path::to_owned);
    if root.exists() {
        if !root.join(MARKER).exists() {
            return Err(Error::Config(vec![format!(
                "{} exists and is not a demo root; pass --root to choose another folder",
                root.display()
            )]));
        }
        std::fs::remove_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    }
    std::fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    std::fs::write(root.join(MARKER), "created by `ipdc demo`; safe to delete\n").map_err(|e| Error::io(&root, e))?;
    let (pipeline, layout) = workspace::open(
        workspace::Layout::local(&root),
        &ipdc_jobs::storage::StorageOptions::default(),
        ipdc_connectors::Limits::default(),
    )?;

    // One request per connector over the bundled real samples, then the ST.3 list and the
    // made-up exchange files, each with the line that says what it is.
    let mut requests = Vec::new();
    for (source, connector, prefixes) in [
        ("uspto", ConnectorKind::UsptoPatents, &["uspto-grant", "uspto-app", "uspto-pap", "uspto-greenbook"][..]),
        ("cnipa", ConnectorKind::CnipaPatents, &["cnipa-"]),
        ("epo_docdb", ConnectorKind::EpoDocdb, &["epo-docdb"]),
        ("epo_fulltext", ConnectorKind::EpoFulltext, &["ep-patent-document", "epo-ftm-fulltext"]),
        ("epo_ops", ConnectorKind::EpoOps, &["epo-ops"]),
        ("uspto_trademarks", ConnectorKind::UsptoTrademarks, &["uspto-trademark-daily", "wipo-st66-trademark"]),
        ("euipo", ConnectorKind::EuipoTrademarks, &["euipo-trademark"]),
        ("euipo_designs", ConnectorKind::EuipoDesigns, &["euipo-design"]),
        ("dpma", ConnectorKind::DpmaRegisters, &["dpma-"]),
        (
            "wipo_st96",
            ConnectorKind::WipoSt96,
            &["wipo-st96-patent", "wipo-st96-trademark", "wipo-st96-gi", "wipo-st96-design"],
        ),
        ("jpo", ConnectorKind::JpoPatents, &["jpo-gazette-xml"]),
    ] {
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(&samples)
            .map_err(|e| Error::io(&samples, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                p.is_dir() && prefixes.iter().any(|prefix| name.starts_with(prefix))
            })
            .collect();
        inputs.sort();
        requests.push((None, IngestRequest { source: source.into(), connector, inputs, scope: Scope::Full }));
    }
    let st3 = PathBuf::from(ST3_CODES);
    if st3.is_file() {
        let request = IngestRequest {
            source: "reference".into(),
            connector: ConnectorKind::WipoSt3Codes,
            inputs: vec![st3],
            scope: Scope::Full,
        };
        requests.push((Some("Reference: the WIPO ST.3 code list into country_code:"), request));
    }
    for (connector, folder, note) in [
        (
            ConnectorKind::WipoNice,
            "wipo-nice",
            "Reference: the Nice classification, edition 12-2024 (English), into nice_class:",
        ),
        (
            ConnectorKind::WipoIpcTitles,
            "wipo-ipc",
            "Reference: IPC titles (an excerpt: sections A01-A45) into ipc_symbol:",
        ),
        (ConnectorKind::CpcScheme, "cpc-scheme", "Reference: the CPC scheme of A01L into cpc_symbol:"),
    ] {
        let input = samples.join(folder);
        if input.is_dir() {
            requests.push((
                Some(note),
                IngestRequest { source: "reference".into(), connector, inputs: vec![input], scope: Scope::Full },
            ));
        }
    }
    for (source, connector, folder, note) in [
        (
            "cnipa_ic_layout",
            ConnectorKind::CnipaIcLayout,
            "cnipa-ic-layout",
            "Made-up CNIPA IC layout-design exchange files (no open real sample exists; bad rows on purpose):",
        ),
        (
            "cnipa_trademarks",
            ConnectorKind::CnipaTrademarks,
            "cnipa-trademark",
            "Made-up CNIPA trademark exchange files (no open real sample exists; bad rows on purpose):",
        ),
        (
            "cnipa_legal_status",
            ConnectorKind::CnipaLegalStatus,
            "cnipa-legal-status",
            "Made-up CNIPA patent legal-status exchange file (no open real sample exists; bad rows on purpose):",
        ),
        (
            "cnipa_gi",
            ConnectorKind::CnipaGeographicalIndications,
            "cnipa-gi",
            "Made-up Chinese geographical-indication exchange files (no open real sample exists; bad rows on purpose):",
        ),
    ] {
        let made_up = samples.join("../madeup").join(folder);
        if made_up.is_dir() {
            requests.push((
                Some(note),
                IngestRequest { source: source.into(), connector, inputs: vec![made_up], scope: Scope::Full },
            ));
        }
    }
    let mut code = 0;
    for (note, request) in requests {
        if let Some(note) = note {
            println!("{note}");
        }
        let report = pipeline.ingest(&request, &ConsoleProgress::new()).await?;
        print_summary(&report);
        println!();
        code = code.max(exit_code(&report));
    }

    let (ctx, names) = ipdc_jobs::session(&pipeline.lake).await?;
    for (title, sql) in QUERIES {
        println!("{title}:\n{sql}");
        let batches = ipdc_jobs::query(&ctx, sql).await?;
        println!("{}\n", ipdc_jobs::render(&batches, OutputFormat::Table)?);
    }
    println!("Where to look:");
    println!("  tables ({}): {}", names.join(", "), layout.show("lake"));
    println!("  raw artifacts as landed:  {}", layout.show("landing"));
    println!("  runs and ledger (SQLite): {}", layout.state.join("ipdc.sqlite").display());
    println!(
        "Try: ipdc --root {} query \"SELECT doc_id, pub_date, titles[1]['text'] AS title FROM patent_publication LIMIT 5\"",
        root.display()
    );
    println!("     ipdc --root {} runs", root.display());
    println!("     ipdc --root {} quarantine list", root.display());
    // Rejects are part of the samples (one real USPTO document is not well-formed): the demo succeeded.
    Ok(if code == 1 { 1 } else { 0 })
}
