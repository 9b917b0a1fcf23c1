//! Golden outputs of every real sample: what each document becomes after parsing and
//! normalisation (`tests/golden/<sample>.json`). The files are reviewed by reading them against
//! the XML; `tests/samples.rs` states the key facts of each document by hand as well.
//!
//! After an intended change: `IPDC_BLESS=1 cargo test -p ipdc-connectors --test golden`, then
//! read the diff.

mod common;

use std::path::{Path, PathBuf};

use ipdc_connectors::{Collected, Record};
use ipdc_schemas::normalize::{
    normalize_class_symbol, normalize_design, normalize_fulltext, normalize_geographical_indication,
    normalize_legal_event, normalize_nice_class, normalize_publication, normalize_trademark,
};
use serde_json::{Value, json};

fn samples(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            samples(&path, out);
        } else if path.file_name().unwrap() != "SOURCES.md" {
            out.push(path);
        }
    }
}

/// The reviewed view of a parse: normalised publications, a summary of the full text,
/// the rule findings, rejects and skips.
fn golden_view(c: &Collected) -> Value {
    let records: Vec<Value> = c
        .patents()
        .map(|p| {
            let mut publication = p.publication.clone();
            let violations: Vec<Value> = normalize_publication(&mut publication)
                .into_iter()
                .map(|v| json!({"rule": v.rule, "reason": v.reason, "severity": format!("{:?}", v.severity)}))
                .collect();
            let fulltext = p.fulltext.clone().map(|mut f| {
                normalize_fulltext(&mut f, &publication);
                let description = f.description.as_deref().unwrap_or("");
                json!({
                    "doc_id": f.doc_id,
                    "lang": f.lang,
                    "claims": f.claims.len(),
                    "claim_numbers_in_order": f.claims.windows(2).all(|w| w[0].num < w[1].num),
                    "first_claim": f.claims.first().map(|c| c.text.chars().take(160).collect::<String>()),
                    "description_lines": description.lines().count(),
                    "description_start": description.chars().take(120).collect::<String>(),
                })
            });
            json!({ "publication": publication, "violations": violations, "fulltext": fulltext })
        })
        .collect();
    let rejects: Vec<Value> = c.rejects.iter().map(|r| json!({"locator": r.locator, "rule": r.rule, "reason": r.reason, "doc_id": r.doc_id, "format": r.format})).collect();
    let skips: Vec<Value> = c.skips.iter().map(|s| json!({"locator": s.locator, "reason": s.reason})).collect();
    let mut view = json!({
        "documents": c.records.len() + c.rejects.len() + c.skips.len(),
        "records": records,
        "rejects": rejects,
        "skips": skips,
    });
    let events: Vec<Value> = c
        .legal_events()
        .map(|e| {
            let mut e = e.clone();
            let violations: Vec<Value> = normalize_legal_event(&mut e)
                .into_iter()
                .map(|v| json!({"rule": v.rule, "reason": v.reason}))
                .collect();
            json!({ "event": e, "violations": violations })
        })
        .collect();
    if !events.is_empty() {
        view["legal_events"] = Value::Array(events);
    }
    let marks: Vec<Value> = c
        .trademarks()
        .map(|t| {
            let mut t = t.clone();
            let violations: Vec<Value> =
                normalize_trademark(&mut t).into_iter().map(|v| json!({"rule": v.rule, "reason": v.reason})).collect();
            json!({ "trademark": t, "violations": violations })
        })
        .collect();
    if !marks.is_empty() {
        view["trademarks"] = Value::Array(marks);
    }
    let gis: Vec<Value> = c
        .geographical_indications()
        .map(|g| {
            let mut g = g.clone();
            let violations: Vec<Value> = normalize_geographical_indication(&mut g)
                .into_iter()
                .map(|v| json!({"rule": v.rule, "reason": v.reason}))
                .collect();
            json!({ "geographical_indication": g, "violations": violations })
        })
        .collect();
    if !gis.is_empty() {
        view["geographical_indications"] = Value::Array(gis);
    }
    let designs: Vec<Value> = c
        .designs()
        .map(|d| {
            let mut d = d.clone();
            let violations: Vec<Value> =
                normalize_design(&mut d).into_iter().map(|v| json!({"rule": v.rule, "reason": v.reason})).collect();
            json!({ "design": d, "violations": violations })
        })
        .collect();
    if !designs.is_empty() {
        view["designs"] = Value::Array(designs);
    }
    // Reference tables run to thousands of rows: their count by level, the first rows and the
    // last one are reviewed.
    let mut reference: Vec<(String, Value)> = Vec::new();
    for r in &c.records {
        let (level, row, violations) = match r {
            Record::NiceClass(n) => {
                let mut n = n.as_ref().clone();
                let found = normalize_nice_class(&mut n);
                (format!("nice {} {}", n.level, n.kind), json!(n), found)
            }
            Record::ClassSymbol(s) => {
                let mut s = s.as_ref().clone();
                let found = normalize_class_symbol(&mut s);
                (format!("{} {}", s.scheme, s.level), json!(s), found)
            }
            _ => continue,
        };
        let violations: Vec<Value> =
            violations.into_iter().map(|v| json!({"rule": v.rule, "reason": v.reason})).collect();
        reference.push((level, json!({ "row": row, "violations": violations })));
    }
    if !reference.is_empty() {
        let mut by_level = std::collections::BTreeMap::new();
        for (level, _) in &reference {
            *by_level.entry(level.clone()).or_insert(0) += 1;
        }
        let shown: Vec<Value> = reference.iter().take(5).chain(reference.last()).map(|(_, v)| v.clone()).collect();
        view["reference_rows"] = json!({ "by_level": by_level, "first_five_and_last": shown });
    }
    view
}

#[test]
fn every_real_sample_matches_its_golden() {
    let root = common::real();
    let golden_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files = Vec::new();
    samples(&root, &mut files);
    files.sort();
    assert!(files.len() == 60, "{} samples", files.len());
    let bless = std::env::var_os("IPDC_BLESS").is_some();
    let mut differing = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        let view = golden_view(&common::parse_real(&rel));
        let text = serde_json::to_string_pretty(&view).unwrap() + "\n";
        let golden = golden_dir.join(format!("{rel}.json"));
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &text).unwrap();
        }
        if std::fs::read_to_string(&golden).ok().as_deref() != Some(text.as_str()) {
            differing.push(rel);
        }
    }
    assert!(differing.is_empty(), "outputs differ from tests/golden for: {differing:?} (see this file's header)");
}
