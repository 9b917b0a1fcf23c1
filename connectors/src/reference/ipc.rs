//! The IPC symbol–title table: one line per symbol, `<symbol>\t<title>`, symbols in the master
//! files' forms (`A`, `A01`, `A01B`, then groups packed in 14 characters, `A01B0001020000`). A
//! guidance heading has the symbol of the group it heads, on the line before it.

use std::io::{BufRead, BufReader, Read};

use ipdc_schemas::{ClassSymbol, IPC_SYMBOL};

use crate::error::Result;
use crate::io::{Limits, archive};
use crate::{Artifact, BadRecord, Emit, Record};

/// Reads every member of `artifact` as an IPC symbol–title table.
///
/// # Errors
/// A damaged archive or an I/O failure.
pub fn parse(artifact: &Artifact, limits: &Limits, out: &mut dyn Emit) -> Result<()> {
    archive::for_each_member(&artifact.id, &artifact.path, limits, &mut |member: &str, reader: &mut dyn Read| {
        let at = |line: usize| if member.is_empty() { format!("line {line}") } else { format!("{member}@line {line}") };
        // A guidance heading carries the symbol of the first group under it, on the line before
        // that group's: each row is held until the next line shows whether it was one.
        let mut held: Option<ClassSymbol> = None;
        for (i, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.map_err(|e| archive::read_error(&artifact.id, member, !member.is_empty(), limits, e))?;
            let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            out.fingerprint("wipo-ipc-titles <tsv>");
            let Some((symbol, title)) = line.split_once('\t') else {
                out.reject(BadRecord {
                    locator: at(i + 1),
                    rule: "ipc.line".into(),
                    reason: "not <symbol><TAB><title>".into(),
                    doc_id: None,
                    fragment: Some(crate::feed::fragment(line.as_bytes())),
                    format: Some("wipo-ipc-titles".into()),
                    dataset: Some(IPC_SYMBOL.name),
                });
                continue;
            };
            let row = ClassSymbol {
                scheme: "ipc".into(),
                symbol: symbol.trim().to_owned(),
                title: Some(title.to_owned()),
                provenance: super::provenance(artifact, "wipo-ipc-titles", None, at(i + 1), IPC_SYMBOL.version()),
                ..ClassSymbol::default()
            };
            if let Some(mut previous) = held.take() {
                if previous.symbol == row.symbol {
                    previous.level = "guidance_heading".into();
                }
                out.record(Record::ClassSymbol(Box::new(previous)));
            }
            held = Some(row);
        }
        if let Some(last) = held {
            out.record(Record::ClassSymbol(Box::new(last)));
        }
        Ok(())
    })?;
    Ok(())
}
