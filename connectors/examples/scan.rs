//! Throughput probes for the whole-process benchmark, on one file:
//! - `scan FILE`: a bare quick-xml event scan (the ceiling: no tree, no records, no output);
//! - `scan --tree FILE`: framing + the element tree of every document;
//! - `scan --records FILE`: the full connector (framing, tree, format parser) + normaliser
//!   (publications and full texts);
//! - `scan --biblio FILE`: the same reading the bibliography only (`Scope::Bibliographic`:
//!   claims and descriptions stepped over unparsed).
//!
//! `cargo run --release -p ipdc-connectors --example scan -- [--tree|--records|--biblio] FILE`

#![allow(missing_docs)]

use std::io::BufReader;
use std::time::Instant;

use ipdc_connectors::io::XmlSplitter;
use ipdc_connectors::xml::XmlDoc;
use ipdc_connectors::{Artifact, BadRecord, ConnectorKind, Emit, Limits, Record, Scope, Skipped, connector_with};
use quick_xml::Reader;
use quick_xml::events::Event;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, path) = match args.as_slice() {
        [path] => ("scan", path.clone()),
        [mode, path] => (mode.trim_start_matches("--"), path.clone()),
        _ => return Err("usage: scan [--tree|--records|--biblio] FILE".into()),
    };
    let bytes = std::fs::metadata(&path)?.len();
    let started = Instant::now();
    let count = match mode {
        "scan" => scan(&path)?,
        "tree" => tree(&path)?,
        "records" => records(&path, Scope::Full)?,
        "biblio" => records(&path, Scope::Bibliographic)?,
        other => return Err(format!("unknown mode {other}").into()),
    };
    let secs = started.elapsed().as_secs_f64();
    println!("{mode} bytes={bytes} count={count} seconds={secs:.3} mb_per_s={:.1}", bytes as f64 / 1e6 / secs);
    Ok(())
}

fn scan(path: &str) -> Result<u64, Box<dyn std::error::Error>> {
    let mut reader = Reader::from_reader(BufReader::with_capacity(1 << 20, std::fs::File::open(path)?));
    reader.config_mut().check_end_names = false; // concatenated documents: several roots
    let mut buf = Vec::with_capacity(1 << 16);
    let mut events = 0u64;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(_) => {} // a declaration in mid-stream is an error for one reader; keep scanning
        }
        buf.clear();
    }
    Ok(events)
}

fn tree(path: &str) -> Result<u64, Box<dyn std::error::Error>> {
    let mut splitter = XmlSplitter::new(std::fs::File::open(path)?);
    let mut docs = 0;
    while let Some(doc) = splitter.next_document()? {
        docs += u64::from(XmlDoc::parse(doc.bytes).is_ok());
    }
    Ok(docs)
}

fn records(path: &str, scope: Scope) -> Result<u64, Box<dyn std::error::Error>> {
    let artifact = Artifact { source: "probe".into(), id: path.into(), sha256: String::new(), path: path.into() };
    let mut out = Normalised::default();
    connector_with(ConnectorKind::PatentXml, scope).parse(&artifact, &Limits::default(), &mut out)?;
    Ok(out.records)
}

/// Normalises each patent record as the pipeline would, then drops it: memory stays that of
/// one document however large the file.
#[derive(Default)]
struct Normalised {
    records: u64,
}

impl Emit for Normalised {
    fn record(&mut self, record: Record) {
        if let Record::Patent(mut p) = record {
            ipdc_schemas::normalize::normalize_publication(&mut p.publication);
            if let Some(f) = p.fulltext.as_mut() {
                ipdc_schemas::normalize::normalize_fulltext(f, &p.publication);
            }
        }
        self.records += 1;
    }
    fn reject(&mut self, _: BadRecord) {}
    fn skip(&mut self, _: Skipped) {}
}
