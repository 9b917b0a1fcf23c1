//! A light element tree of one framed document, read with quick-xml from the document's bytes.
//!
//! Names are local names (prefixes stripped), so parsers are namespace-prefix agnostic: prefixes
//! differ between files of one format and some fragments use undeclared prefixes. Entities are
//! resolved from the shared ISO sets and the document's own (guarded) DOCTYPE; nothing is ever
//! fetched. Errors carry the byte offset within the document.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::doctype::{self, Doctype};
use super::entities;

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// Byte offset within the document.
    pub offset: u64,
    /// Machine-readable rule id.
    pub rule: &'static str,
    /// What is wrong.
    pub reason: String,
}

/// One element of the tree.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Element(usize),
    Text(String),
}

/// A parsed document.
#[derive(Debug)]
pub struct XmlDoc {
    elements: Vec<Element>,
    /// The DOCTYPE, when the document has one.
    pub doctype: Option<Doctype>,
}

/// A borrowed element of an [`XmlDoc`].
#[derive(Debug, Clone, Copy)]
pub struct Node<'d> {
    doc: &'d XmlDoc,
    idx: usize,
}

/// Elements whose text runs on inside a sentence; every other element boundary is a word break.
const INLINE: &[&str] = &[
    "b",
    "i",
    "u",
    "o",
    "sup",
    "sub",
    "sup2",
    "sub2",
    "smallcaps",
    "figref",
    "claim-ref",
    "crossref",
    "bio-deposit",
    "dp",
];

impl XmlDoc {
    /// Parses one document.
    ///
    /// # Errors
    /// [`DocError`] when the document is not well-formed, is not UTF-8, declares another
    /// encoding, references an unknown or external entity, has a refused DOCTYPE, or ends early.
    pub fn parse(bytes: &[u8]) -> Result<Self, DocError> {
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(DocError {
                offset: 0,
                rule: "xml.encoding",
                reason: "UTF-16 byte-order mark: only UTF-8 documents are read; convert the file to UTF-8".into(),
            });
        }
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let mut reader = Reader::from_reader(&bytes[bom..]);
        reader.config_mut().trim_text(false);
        let mut doc = XmlDoc { elements: Vec::new(), doctype: None };
        let mut stack: Vec<usize> = Vec::new();
        let mut missing_entity = String::new();
        let at = |reader: &Reader<&[u8]>| reader.buffer_position() + bom as u64;
        loop {
            let event = reader.read_event().map_err(|e| {
                let reason = e.to_string();
                // A syntax error that runs into the end of the input means the document was cut.
                let rule = if reason.contains("end of input") { "xml.truncated" } else { "xml.not_well_formed" };
                DocError { offset: reader.error_position() + bom as u64, rule, reason }
            })?;
            match event {
                Event::Start(e) | Event::Empty(e) if stack.is_empty() && !doc.elements.is_empty() => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(DocError {
                        offset: at(&reader),
                        rule: "xml.not_well_formed",
                        reason: format!("second root element <{name}>"),
                    });
                }
                Event::Start(e) => {
                    let idx = doc
                        .open(&e, &stack, &mut missing_entity)
                        .map_err(|r| doc.entity_error(r, &missing_entity, at(&reader)))?;
                    stack.push(idx);
                }
                Event::Empty(e) => {
                    doc.open(&e, &stack, &mut missing_entity)
                        .map_err(|r| doc.entity_error(r, &missing_entity, at(&reader)))?;
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Text(t) => {
                    let Some(&top) = stack.last() else { continue };
                    let text = {
                        let (ents, missing) = (doc.doctype.as_ref(), &mut missing_entity);
                        t.unescape_with(|name| resolve(ents, name, missing)).map(Cow::into_owned)
                    };
                    let text = text.map_err(|e| doc.entity_error(e.to_string(), &missing_entity, at(&reader)))?;
                    doc.elements[top].children.push(Child::Text(text));
                }
                Event::CData(c) => {
                    let Some(&top) = stack.last() else { continue };
                    let text = std::str::from_utf8(&c).map_err(|e| DocError {
                        offset: at(&reader),
                        rule: "xml.encoding",
                        reason: format!("CDATA is not UTF-8: {e}"),
                    })?;
                    doc.elements[top].children.push(Child::Text(text.to_owned()));
                }
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                        if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                            return Err(DocError {
                                offset: at(&reader),
                                rule: "xml.encoding",
                                reason: format!(
                                    "declared encoding {enc:?} is not supported; convert the file to UTF-8"
                                ),
                            });
                        }
                    }
                }
                Event::DocType(d) => {
                    let text = String::from_utf8_lossy(&d);
                    let inspected = doctype::inspect(&text).map_err(|r| DocError {
                        offset: at(&reader),
                        rule: "xml.hostile_doctype",
                        reason: r.0,
                    })?;
                    doc.doctype = Some(inspected);
                }
                Event::Eof => break,
                Event::PI(_) | Event::Comment(_) => {}
            }
        }
        if let Some(&open) = stack.last() {
            return Err(DocError {
                offset: at(&reader),
                rule: "xml.truncated",
                reason: format!(
                    "document ends inside <{}> ({} elements still open): the file is cut or the document incomplete",
                    doc.elements[open].name,
                    stack.len()
                ),
            });
        }
        if doc.elements.is_empty() {
            return Err(DocError { offset: 0, rule: "xml.not_well_formed", reason: "no root element".into() });
        }
        Ok(doc)
    }

    fn open(&mut self, e: &BytesStart<'_>, stack: &[usize], missing: &mut String) -> Result<usize, String> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key = a.key.as_ref();
            if key == b"xmlns" || key.starts_with(b"xmlns:") {
                continue;
            }
            let value =
                a.unescape_value_with(|n| resolve(self.doctype.as_ref(), n, missing)).map_err(|e| e.to_string())?;
            attrs.push((String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(), value.into_owned()));
        }
        let idx = self.elements.len();
        self.elements.push(Element { name, attrs, children: Vec::new() });
        if let Some(&parent) = stack.last() {
            self.elements[parent].children.push(Child::Element(idx));
        }
        Ok(idx)
    }

    fn entity_error(&self, detail: String, missing: &str, offset: u64) -> DocError {
        let external = self.doctype.as_ref().is_some_and(|d| d.external.iter().any(|x| x == missing));
        let (rule, reason) = if missing.is_empty() {
            ("xml.not_well_formed", detail)
        } else if external {
            (
                "xml.external_entity",
                format!("reference to external entity &{missing};, which is never fetched; refused"),
            )
        } else {
            (
                "xml.unknown_entity",
                format!("unknown entity &{missing}; (not in the document's DTD subset nor the ISO entity sets)"),
            )
        };
        DocError { offset, rule, reason }
    }

    /// The root element.
    pub fn root(&self) -> Node<'_> {
        Node { doc: self, idx: 0 }
    }
}

fn resolve<'a>(doctype: Option<&'a Doctype>, name: &str, missing: &mut String) -> Option<&'a str> {
    let internal = doctype.and_then(|d| d.entities.get(name)).map(String::as_str);
    let found = internal
        .or_else(|| entities::lookup(name).filter(|_| !doctype.is_some_and(|d| d.external.iter().any(|x| x == name))));
    if found.is_none() {
        name.clone_into(missing);
    }
    found
}

impl<'d> Node<'d> {
    fn el(&self) -> &'d Element {
        &self.doc.elements[self.idx]
    }

    /// Local name.
    pub fn name(&self) -> &'d str {
        &self.el().name
    }

    /// Attribute value by local name.
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        self.el().attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Child elements in order.
    pub fn children(&self) -> impl Iterator<Item = Node<'d>> + 'd {
        let doc = self.doc;
        self.el().children.iter().filter_map(move |c| match c {
            Child::Element(idx) => Some(Node { doc, idx: *idx }),
            Child::Text(_) => None,
        })
    }

    /// First child element named `name`.
    pub fn child(&self, name: &str) -> Option<Node<'d>> {
        self.children().find(|c| c.name() == name)
    }

    /// Child elements named `name`.
    pub fn children_named<'n>(&self, name: &'n str) -> impl Iterator<Item = Node<'d>> + 'n
    where
        'd: 'n,
    {
        self.children().filter(move |c| c.name() == name)
    }

    /// First element (in document order) at a `/`-separated path of child names.
    pub fn find(&self, path: &str) -> Option<Node<'d>> {
        match path.split_once('/') {
            None => self.child(path),
            Some((first, rest)) => self.children_named(first).find_map(|c| c.find(rest)),
        }
    }

    /// All elements at a `/`-separated path of child names, in document order.
    pub fn find_all(&self, path: &str) -> Vec<Node<'d>> {
        let mut current = vec![*self];
        for step in path.split('/') {
            current = current.iter().flat_map(|n| n.children_named(step).collect::<Vec<_>>()).collect();
        }
        current
    }

    /// All descendant elements named `name`, in document order (not below a match).
    pub fn descendants(&self, name: &str) -> Vec<Node<'d>> {
        let mut out = Vec::new();
        for c in self.children() {
            if c.name() == name {
                out.push(c);
            } else {
                out.extend(c.descendants(name));
            }
        }
        out
    }

    /// All text below this element; element boundaries other than inline markup are word breaks.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.el().children {
            match c {
                Child::Text(t) => out.push_str(t),
                Child::Element(idx) => {
                    let child = Node { doc: self.doc, idx: *idx };
                    let inline = INLINE.iter().any(|i| i.eq_ignore_ascii_case(child.name()));
                    if !inline {
                        out.push(' ');
                    }
                    child.collect_text(out);
                    if !inline {
                        out.push(' ');
                    }
                }
            }
        }
    }

    /// Trimmed, whitespace-collapsed text of the element at `path`, when non-empty.
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.find(path).and_then(|n| n.text_value())
    }

    /// Trimmed, whitespace-collapsed text of this element, when non-empty.
    pub fn text_value(&self) -> Option<String> {
        let t = ipdc_schemas::normalize::text::collapse_whitespace(&self.text());
        (!t.is_empty()).then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_ignored_and_text_is_joined() {
        let doc = XmlDoc::parse(b"<?xml version=\"1.0\"?><a:r xmlns:a=\"u\" k=\"v\"><a:p>H<sub>2</sub>O<br/>x &lsqb;1&rsqb;</a:p><exch:q>y</exch:q></a:r>").unwrap();
        let r = doc.root();
        assert_eq!((r.name(), r.attr("k")), ("r", Some("v")));
        assert_eq!(r.text_at("p").as_deref(), Some("H2O x [1]"));
        assert_eq!(r.text_at("q").as_deref(), Some("y"));
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = XmlDoc::parse(b"<a><b></a>").unwrap_err();
        assert_eq!(e.rule, "xml.not_well_formed");
        let e = XmlDoc::parse(b"<a><b>text").unwrap_err();
        assert_eq!(e.rule, "xml.truncated");
        let e = XmlDoc::parse(b"<a>&nope;</a>").unwrap_err();
        assert_eq!(e.rule, "xml.unknown_entity");
        assert!(e.reason.contains("&nope;"));
        let e = XmlDoc::parse(b"<?xml version=\"1.0\" encoding=\"GB2312\"?><a/>").unwrap_err();
        assert_eq!(e.rule, "xml.encoding");
        let e = XmlDoc::parse(b"<!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><a>&xxe;</a>").unwrap_err();
        assert_eq!(e.rule, "xml.external_entity");
        let e = XmlDoc::parse(b"<!DOCTYPE a [<!ENTITY x \"1\"><!ENTITY y \"&x;&x;\">]><a>&y;</a>").unwrap_err();
        assert_eq!(e.rule, "xml.hostile_doctype");
    }
}
