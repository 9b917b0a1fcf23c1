//! The shared document loop of XML feeds: members → documents (or DOCDB elements) → tree →
//! fingerprint → parser.

use std::io::{Cursor, Read};

use ipdc_schemas::{MAX_FRAGMENT_BYTES, Provenance};

use crate::detect::{Format, fingerprint};
use crate::error::{Error, Result};
use crate::io::elements::has_start_tag;
use crate::io::{ElementSplitter, Limits, XmlSplitter, archive};
use crate::ordered::{Doc, Ordered};
use crate::xml::{DocError, Node, XmlDoc};
use crate::{Artifact, BadRecord, Emit, Record, Scope, Skipped, uspto};

/// Bytes read ahead of a member to choose its framing.
const HEAD: usize = 64 << 10;

/// What every document of one artifact shares.
#[derive(Clone, Copy)]
struct Context<'a> {
    artifact: &'a Artifact,
    accepts: &'a [Format],
    scope: Scope,
}

/// A file that is one container of many records with no XML declaration between them: it is
/// framed at each record element, and its header is checked once.
struct Container {
    /// Local name of the container element.
    root: &'static str,
    /// Local name of each record element.
    element: &'static str,
    /// What the header is called in errors.
    what: &'static str,
    /// The version the container states.
    version: fn(Node<'_>) -> Option<String>,
    /// Why that version is not read, when it is not.
    problem: fn(Option<&str>) -> Option<String>,
}

const CONTAINERS: &[Container] = &[
    Container {
        root: "exchange-documents",
        element: "exchange-document",
        what: "DOCDB container header",
        version: |n| n.attr("dtd-version").map(str::to_owned),
        problem: crate::detect::docdb_version_problem,
    },
    Container {
        root: "trademark-applications-daily",
        element: "case-file",
        what: "trademark daily file header",
        version: |n| n.text_at("version/version-no"),
        problem: crate::detect::us_daily_version_problem,
    },
];

/// Parses every document of every member of `artifact` with the parser of its format.
///
/// Members are framed at each XML declaration, except containers (EPO DOCDB
/// `exch:exchange-documents`, USPTO `trademark-applications-daily`), which are framed at each
/// record element. An artifact whose first document is of an unknown format or version is
/// refused whole ([`Error::UnknownFormat`]); later documents of another format are rejected one
/// by one.
pub(crate) fn parse_xml_artifact(
    artifact: &Artifact,
    limits: &Limits,
    accepts: &[Format],
    scope: Scope,
    out: &mut dyn Emit,
) -> Result<()> {
    let ctx = Context { artifact, accepts, scope };
    let work = move |doc: Doc<'_>, out: &mut dyn Emit| parse_document(ctx, doc, out);
    std::thread::scope(|threads| {
        let mut docs = Ordered::new(threads, crate::ordered::threads(limits.parse_threads), &work, out);
        let mut seen = 0u64;
        archive::for_each_member(&artifact.id, &artifact.path, limits, &mut |member: &str, reader: &mut dyn Read| {
            let read_error = |e| archive::read_error(&artifact.id, member, !member.is_empty(), limits, e);
            let mut head = Vec::with_capacity(HEAD);
            reader.take(HEAD as u64).read_to_end(&mut head).map_err(read_error)?;
            let stream = Cursor::new(head).chain(reader);
            let head = stream.get_ref().0.get_ref();
            if accepts.contains(&Format::UsGreenBook) && uspto::green_book::is_green_book(head) {
                let out = docs.direct()?;
                return parse_green_book(&ctx, member, std::io::BufReader::new(stream), out, &read_error);
            }
            if let Some(container) = CONTAINERS.iter().find(|c| has_start_tag(head, c.root)) {
                return parse_container(container, &ctx, member, stream, &mut seen, &mut docs, &read_error);
            }
            let mut splitter = XmlSplitter::new(stream);
            loop {
                let Some(doc) = splitter.next_document().map_err(read_error)? else { return Ok(()) };
                let first = seen == 0;
                seen += 1;
                docs.submit(Doc { member, offset: doc.offset, bytes: doc.bytes, container_version: None, first })?;
            }
        })?;
        docs.drain()
    })
}

/// A USPTO APS Green Book member: one patent per `PATN` record (not XML).
fn parse_green_book(
    ctx: &Context<'_>,
    member: &str,
    reader: impl std::io::BufRead,
    out: &mut dyn Emit,
    read_error: &dyn Fn(std::io::Error) -> Error,
) -> Result<()> {
    let artifact = ctx.artifact;
    let place = |line: u64| if member.is_empty() { format!("line {line}") } else { format!("{member}@line {line}") };
    let format = Format::UsGreenBook;
    uspto::green_book::for_each_record(reader, &mut |record| {
        out.fingerprint(&format!("{} <PATN>", format.id()));
        let locator = place(record.line);
        let Some(mut doc) = uspto::green_book::document(&record) else {
            out.reject(BadRecord {
                locator,
                rule: "record.missing_field".into(),
                reason: "PATN record without a WKU patent number".into(),
                doc_id: None,
                fragment: None,
                format: Some(format.id().into()),
                dataset: Some(format.dataset()),
            });
            return;
        };
        doc.publication.provenance = Provenance {
            source: artifact.source.clone(),
            source_format: format.id().to_owned(),
            format_version: None,
            artifact_id: artifact.id.clone(),
            artifact_sha256: artifact.sha256.clone(),
            locator,
            schema_version: ipdc_schemas::PATENT_PUBLICATION.version(),
        };
        if ctx.scope == Scope::Bibliographic {
            doc.fulltext = None;
        }
        if let Some(ft) = doc.fulltext.as_mut() {
            ft.provenance = Provenance {
                schema_version: ipdc_schemas::PATENT_FULLTEXT.version(),
                ..doc.publication.provenance.clone()
            };
        }
        out.record(Record::Patent(Box::new(doc)));
    })
    .map_err(read_error)
}

/// A container: its header is checked (DOCTYPE guard, version), then each record element is
/// parsed on its own.
fn parse_container(
    container: &Container,
    ctx: &Context<'_>,
    member: &str,
    stream: impl Read,
    seen: &mut u64,
    docs: &mut Ordered<'_, '_, '_>,
    read_error: &dyn Fn(std::io::Error) -> Error,
) -> Result<()> {
    let mut splitter = ElementSplitter::new(stream, container.element);
    let first = splitter.next_element().map_err(read_error)?.map(|d| (d.offset, d.bytes.to_vec()));
    let prolog = splitter.prolog().unwrap_or_default();
    let header = container_header(prolog, container).map_err(|detail| Error::UnknownFormat {
        artifact: ctx.artifact.id.clone(),
        detail: format!("{}: {detail}", container.what),
    })?;
    if let Some(problem) = (container.problem)(header.as_deref()) {
        return Err(Error::UnknownFormat { artifact: ctx.artifact.id.clone(), detail: problem });
    }
    let container_version = header.as_deref();
    let Some((offset, bytes)) = first else { return Ok(()) };
    docs.submit(Doc { member, offset, bytes: &bytes, container_version, first: *seen == 0 })?;
    *seen += 1;
    while let Some(doc) = splitter.next_element().map_err(read_error)? {
        docs.submit(Doc { member, offset: doc.offset, bytes: doc.bytes, container_version, first: *seen == 0 })?;
        *seen += 1;
    }
    Ok(())
}

/// Parses the container's prolog (declaration, DOCTYPE, the start tags of the container and of
/// any wrapper around it, e.g. an EPO OPS `ops:world-patent-data` response) closed by synthetic
/// end tags, so its DOCTYPE passes the same guard as any document; returns the version the
/// container element states.
fn container_header(prolog: &[u8], container: &Container) -> std::result::Result<Option<String>, String> {
    let mut closed = prolog.to_vec();
    let open = open_elements(prolog);
    if open.is_empty() {
        return Err("no container start tag".into());
    }
    for name in open.iter().rev() {
        closed.extend_from_slice(b"</");
        closed.extend_from_slice(name);
        closed.push(b'>');
    }
    let doc = XmlDoc::parse(&closed).map_err(|e| format!("{} ({})", e.reason, e.rule))?;
    let mut node = Some(doc.root());
    while let Some(n) = node {
        if n.name() == container.root {
            return Ok((container.version)(n));
        }
        node = n.children().next();
    }
    Ok(None)
}

/// Qualified names of the elements a prolog leaves open, outermost first.
fn open_elements(prolog: &[u8]) -> Vec<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(prolog);
    reader.config_mut().check_end_names = false;
    let mut open = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) => open.push(e.name().as_ref().to_vec()),
            Ok(quick_xml::events::Event::End(_)) => {
                open.pop();
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return open,
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn parse_document(ctx: Context<'_>, doc: Doc<'_>, out: &mut dyn Emit) -> Result<()> {
    let Context { artifact, accepts, scope } = ctx;
    let Doc { member, offset, bytes, container_version, first } = doc;
    let place = |at: u64| if member.is_empty() { format!("@{at}") } else { format!("{member}@{at}") };
    let locator = place(offset);
    let reject = |out: &mut dyn Emit, e: DocError, doc_id: Option<String>, format: Option<Format>| {
        out.reject(BadRecord {
            locator: format!("{locator} (error at {})", place(offset + e.offset)),
            rule: e.rule.to_owned(),
            reason: e.reason,
            doc_id,
            fragment: Some(fragment(bytes)),
            format: format.map(|f| f.id().to_owned()),
            dataset: format.map(Format::dataset),
        });
    };
    let tree = match XmlDoc::parse_with(bytes, scope.read_rule()) {
        Ok(doc) => doc,
        Err(e) => {
            reject(out, e, sniff_doc_id(bytes), None);
            return Ok(());
        }
    };
    let mut fp = fingerprint(&tree);
    if fp.version.is_none() {
        fp.version = container_version.map(str::to_owned);
    }
    out.fingerprint(&fp.label());
    let format = match (fp.format, &fp.unsupported) {
        (Some(f @ (Format::UsSequenceListing | Format::EpFtmPackageIndex)), _) if accepts.contains(&f) => {
            out.skip(Skipped { locator: locator.clone(), reason: f.id().into() });
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
            reject(out, DocError { offset: 0, rule: "format.unknown", reason: detail }, None, fp.format);
            return Ok(());
        }
    };
    let provenance = Provenance {
        source: artifact.source.clone(),
        source_format: format.id().to_owned(),
        format_version: fp.version.clone(),
        artifact_id: artifact.id.clone(),
        artifact_sha256: artifact.sha256.clone(),
        locator: locator.clone(),
        schema_version: ipdc_schemas::PATENT_PUBLICATION.version(),
    };
    match crate::dispatch::parse(format, &tree) {
        Ok(parsed) => {
            for mut record in parsed.records {
                crate::dispatch::stamp(&mut record, &provenance);
                if let (Scope::Bibliographic, Record::Patent(p)) = (scope, &mut record) {
                    p.fulltext = None;
                }
                out.record(record);
            }
            for skipped in parsed.skipped {
                out.skip(Skipped { locator: format!("{locator}{}", skipped.locator), ..skipped });
            }
        }
        Err(e) => reject(out, e, sniff_doc_id(bytes), Some(format)),
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
