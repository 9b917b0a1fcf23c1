//! The shared document loop of XML feeds: members → documents → tree → fingerprint → parser.

use std::io::Read;

use ipdc_schemas::{MAX_FRAGMENT_BYTES, Provenance};

use crate::detect::{Format, fingerprint};
use crate::error::{Error, Result};
use crate::io::{Limits, XmlSplitter, archive};
use crate::xml::{DocError, XmlDoc};
use crate::{Artifact, BadRecord, Emit, Record, Skipped, cnipa, uspto};

/// Parses every document of every member of `artifact` with the parser of its format.
///
/// An artifact whose first document is of an unknown format or version is refused whole
/// ([`Error::UnknownFormat`]); later documents of another format are rejected one by one.
pub(crate) fn parse_xml_artifact(
    artifact: &Artifact,
    limits: &Limits,
    accepts: &[Format],
    out: &mut dyn Emit,
) -> Result<()> {
    let mut seen = 0u64;
    archive::for_each_member(&artifact.id, &artifact.path, limits, &mut |member: &str, reader: &mut dyn Read| {
        let mut splitter = XmlSplitter::new(reader);
        loop {
            let doc = splitter
                .next_document()
                .map_err(|e| archive::read_error(&artifact.id, member, !member.is_empty(), limits, e))?;
            let Some(doc) = doc else { return Ok(()) };
            let locator =
                if member.is_empty() { format!("@{}", doc.offset) } else { format!("{member}@{}", doc.offset) };
            parse_document(artifact, member, doc.offset, &locator, doc.bytes, accepts, seen == 0, out)?;
            seen += 1;
        }
    })?;
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one call site; a struct would only rename the arguments")]
fn parse_document(
    artifact: &Artifact,
    member: &str,
    offset: u64,
    locator: &str,
    bytes: &[u8],
    accepts: &[Format],
    first: bool,
    out: &mut dyn Emit,
) -> Result<()> {
    let reject = |out: &mut dyn Emit, e: DocError, doc_id: Option<String>, format: Option<&str>| {
        let at = if member.is_empty() {
            format!("@{}", offset + e.offset)
        } else {
            format!("{member}@{}", offset + e.offset)
        };
        out.reject(BadRecord {
            locator: format!("{locator} (error at {at})"),
            rule: e.rule.to_owned(),
            reason: e.reason,
            doc_id,
            fragment: Some(fragment(bytes)),
            format: format.map(str::to_owned),
        });
    };
    let doc = match XmlDoc::parse(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            reject(out, e, sniff_doc_id(bytes), None);
            return Ok(());
        }
    };
    let fp = fingerprint(&doc);
    let format = match (fp.format, &fp.unsupported) {
        (Some(Format::UsSequenceListing), _) => {
            out.skip(Skipped { locator: locator.to_owned(), reason: "sequence-cwu".into() });
            return Ok(());
        }
        (Some(f), None) if accepts.contains(&f) => f,
        _ => {
            let detail = match (&fp.format, &fp.unsupported) {
                (Some(f), Some(why)) => format!("{} document of unsupported {why}", f.id()),
                (Some(f), None) => format!("{} documents are not read by this source's connector", f.id()),
                (None, _) => format!("unknown document format (root element <{}>)", fp.root),
            };
            if first {
                return Err(Error::UnknownFormat { artifact: artifact.id.clone(), detail });
            }
            reject(
                out,
                DocError { offset: 0, rule: "format.unknown", reason: detail },
                None,
                fp.format.map(Format::id),
            );
            return Ok(());
        }
    };
    let provenance = Provenance {
        source: artifact.source.clone(),
        source_format: format.id().to_owned(),
        format_version: fp.version.clone(),
        artifact_id: artifact.id.clone(),
        artifact_sha256: artifact.sha256.clone(),
        locator: locator.to_owned(),
        schema_version: ipdc_schemas::PATENT_PUBLICATION.version(),
    };
    let parsed = match format {
        Format::UsPatentGrant | Format::UsPatentApplication => uspto::red_book::parse(&doc),
        Format::CnPatentBusiness => cnipa::business::parse(&doc),
        Format::CnPatentLegacy => cnipa::legacy::parse(&doc),
        Format::UsSequenceListing => unreachable!("skipped above"),
    };
    match parsed {
        Ok(mut patent) => {
            patent.publication.provenance = provenance.clone();
            if let Some(ft) = patent.fulltext.as_mut() {
                ft.provenance = Provenance { schema_version: ipdc_schemas::PATENT_FULLTEXT.version(), ..provenance };
            }
            out.record(Record::Patent(Box::new(patent)));
        }
        Err(e) => reject(out, e, sniff_doc_id(bytes), Some(format.id())),
    }
    Ok(())
}

/// The start of a document, cut at a character boundary, for the quarantine.
pub(crate) fn fragment(bytes: &[u8]) -> String {
    let mut end = bytes.len().min(MAX_FRAGMENT_BYTES);
    while end > 0 && end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// A best-effort document id from a document that did not parse (`file="US07057742-20060606.XML"`).
fn sniff_doc_id(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let start = head.find(" file=\"")? + 7;
    let value = &head[start..start + head[start..].find('"')?];
    Some(value.split(['-', '.']).next()?.to_owned())
}
