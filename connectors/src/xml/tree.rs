//! A light element tree of one framed document: its bytes cut into tokens by [`super::scan`],
//! attributes, escapes and the XML declaration read with quick-xml.
//!
//! Names are local names (prefixes stripped), so parsers are namespace-prefix agnostic: prefixes
//! differ between files of one format and some fragments use undeclared prefixes. Entities are
//! resolved from the shared ISO sets and the document's own (guarded) DOCTYPE; nothing is ever
//! fetched. Errors carry the byte offset within the document.

use quick_xml::events::{BytesDecl, BytesStart};

use ipdc_schemas::normalize::text::Collapsing;

use super::doctype::{self, Doctype};
use super::entities;
use super::extract::{self, Extracted};
use super::scan::{Scanner, Token, check_end};
use crate::scope::{Read, ReadRule};

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

/// One node of the arena: an element or a text run. Names, texts and attribute strings live
/// in the document's one text buffer, so building the tree allocates nothing per node.
#[derive(Debug, Clone, Copy)]
struct NodeData {
    /// Element: its local name; text node: its text (a range of `XmlDoc::text`).
    span: (u32, u32),
    /// Element: its attributes, a range of `XmlDoc::attrs`; text node: `u32::MAX`.
    attrs: (u32, u32),
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
}

const NONE: u32 = u32::MAX;

impl NodeData {
    fn is_text(&self) -> bool {
        self.attrs.0 == NONE
    }
}

/// A parsed document.
#[derive(Debug)]
pub struct XmlDoc {
    nodes: Vec<NodeData>,
    text: String,
    /// (name span, value span) pairs into `text`.
    attrs: Vec<((u32, u32), (u32, u32))>,
    /// The DOCTYPE, when the document has one.
    pub doctype: Option<Doctype>,
    /// Namespace names declared on the root element (default and prefixed), in order.
    pub root_namespaces: Vec<String>,
    /// The text read straight off elements whose content was not built into the tree
    /// ([`Read::Extract`]), by element index.
    extracted: Vec<(u32, Extracted)>,
}

/// The largest buffers one thread keeps for its next document (text bytes).
const MAX_SPARE_TEXT: usize = 64 << 20;

thread_local! {
    /// The node, text and attribute buffers of the thread's last document, emptied, so the next
    /// document is built without allocating (and, above the allocator's mmap threshold, without
    /// mapping and faulting in fresh pages): documents come one after another on a parser thread.
    static SPARE: std::cell::RefCell<Option<Buffers>> = const { std::cell::RefCell::new(None) };
}

type Buffers = (Vec<NodeData>, String, Vec<((u32, u32), (u32, u32))>);

thread_local! {
    /// An element's text runs joined, before they are collapsed into their final string.
    static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

impl Drop for XmlDoc {
    fn drop(&mut self) {
        if self.text.capacity() > MAX_SPARE_TEXT {
            return;
        }
        let mut buffers =
            (std::mem::take(&mut self.nodes), std::mem::take(&mut self.text), std::mem::take(&mut self.attrs));
        buffers.0.clear();
        buffers.1.clear();
        buffers.2.clear();
        // `try_with`: a document dropped while its thread exits just frees its buffers.
        let _ = SPARE.try_with(|spare| *spare.borrow_mut() = Some(buffers));
    }
}

/// A borrowed element of an [`XmlDoc`].
#[derive(Debug, Clone, Copy)]
pub struct Node<'d> {
    doc: &'d XmlDoc,
    idx: u32,
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

/// Whether `name` is inline markup ([`INLINE`]).
pub(super) fn is_inline(name: &str) -> bool {
    INLINE.iter().any(|i| i.eq_ignore_ascii_case(name))
}

impl XmlDoc {
    /// Parses one document.
    ///
    /// # Errors
    /// [`DocError`] when the document is not well-formed, is not UTF-8, declares another
    /// encoding, references an unknown or external entity, has a refused DOCTYPE, or ends early.
    pub fn parse(bytes: &[u8]) -> Result<Self, DocError> {
        Self::parse_with(bytes, None)
    }

    /// Parses one document, reading the content of each element below the root as `rule` says:
    /// - [`Read::Skip`]: stepped over (the element stays in the tree, empty): its end tag is
    ///   found with memchr, so the bytes in between are never tokenised, unescaped or checked;
    /// - [`Read::Extract`], for a child of the root: its text read straight off the bytes
    ///   ([`Node::extracted`]; the element stays in the tree, empty), checked as the tree would be.
    ///
    /// Elements of the same name nested inside are counted; an end tag written inside a comment
    /// or CDATA section is not told apart. Offsets in errors stay those of the document's bytes.
    ///
    /// # Errors
    /// As [`XmlDoc::parse`], for the parts that are read.
    pub fn parse_with(bytes: &[u8], rule: Option<ReadRule>) -> Result<Self, DocError> {
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(DocError {
                offset: 0,
                rule: "xml.encoding",
                reason: "UTF-16 byte-order mark: only UTF-8 documents are read; convert the file to UTF-8".into(),
            });
        }
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let src = Source::new(&bytes[bom..], rule.is_none());
        let mut scanner = Scanner::new(&bytes[bom..]);
        let (mut nodes, mut text, mut attrs) = SPARE.with(|spare| spare.borrow_mut().take()).unwrap_or_default();
        nodes.reserve(bytes.len() / 32);
        text.reserve(bytes.len());
        attrs.clear();
        let mut doc = XmlDoc { nodes, text, attrs, doctype: None, root_namespaces: Vec::new(), extracted: Vec::new() };
        // The open elements: their node and qualified name.
        let mut stack: Vec<(u32, &[u8])> = Vec::new();
        let mut missing_entity = String::new();
        // Offsets in the document: after the token just read, and of a token's start.
        let at = |scanner: &Scanner<'_>| (scanner.position() + bom) as u64;
        let ill_formed = |offset: usize, reason: String| DocError {
            offset: (offset + bom) as u64,
            rule: "xml.not_well_formed",
            reason: format!("ill-formed document: {reason}"),
        };
        while let Some(token) = scanner.next_token() {
            let (start, token) = token.map_err(|f| DocError {
                offset: (f.at + bom) as u64,
                // Markup that runs into the end of the input means the document was cut.
                rule: if f.cut { "xml.truncated" } else { "xml.not_well_formed" },
                reason: format!("syntax error: {}", f.reason),
            })?;
            match token {
                Token::Start(tag) if stack.is_empty() && !doc.nodes.is_empty() => {
                    let name = String::from_utf8_lossy(tag.name()).into_owned();
                    return Err(DocError {
                        offset: at(&scanner),
                        rule: "xml.not_well_formed",
                        reason: format!("second root element <{name}>"),
                    });
                }
                Token::Start(tag) => {
                    let tag_text = src.str(tag.bytes).map_err(|e| not_utf8("start tag", e, at(&scanner)))?;
                    let e = BytesStart::from_content(tag_text, tag.name_len);
                    let idx = doc
                        .open(&src, &e, stack.last().map(|&(idx, _)| idx), &mut missing_entity)
                        .map_err(|r| doc.entity_error(r, &missing_entity, at(&scanner)))?;
                    if tag.empty {
                        continue;
                    }
                    let read = match rule {
                        Some(rule) if !stack.is_empty() => rule(doc.root().name(), Node { doc: &doc, idx }.name()),
                        _ => Read::Parse,
                    };
                    // Skipped or extracted: continue at the element's end tag; without one, read
                    // on and let the document be reported cut.
                    let rest = scanner.rest();
                    let content = match read {
                        Read::Skip => content_len(rest, tag.name()),
                        Read::Extract(_) if stack.len() == 1 => content_len(rest, tag.name()),
                        Read::Parse | Read::Extract(_) => None,
                    };
                    if let Some(len) = content {
                        if let Read::Extract(how) = read {
                            let text = extract::extract(&rest[..len], at(&scanner), how, doc.doctype.as_ref())?;
                            doc.extracted.push((idx, text));
                        }
                        scanner.skip(len);
                    }
                    stack.push((idx, tag.name()));
                }
                Token::End(name) => {
                    check_end(stack.pop().map(|(_, open)| open), name).map_err(|reason| ill_formed(start, reason))?;
                }
                Token::Text(t) => {
                    let Some(&(top, _)) = stack.last() else { continue };
                    let raw = src.str(t).map_err(|e| not_utf8("text", e, at(&scanner)))?;
                    let text = {
                        let (ents, missing) = (doc.doctype.as_ref(), &mut missing_entity);
                        quick_xml::escape::unescape_with(raw, |name| resolve_entity(ents, name, missing))
                    };
                    let text = text.map_err(|e| doc.entity_error(e.to_string(), &missing_entity, at(&scanner)))?;
                    let span = doc.push_text(&text);
                    doc.append(
                        top,
                        NodeData { span, attrs: (NONE, NONE), first_child: NONE, last_child: NONE, next_sibling: NONE },
                    );
                }
                Token::CData(c) => {
                    let Some(&(top, _)) = stack.last() else { continue };
                    let text = src.str(c).map_err(|e| not_utf8("CDATA", e, at(&scanner)))?;
                    let span = doc.push_text(text);
                    doc.append(
                        top,
                        NodeData { span, attrs: (NONE, NONE), first_child: NONE, last_child: NONE, next_sibling: NONE },
                    );
                }
                Token::Decl(tag) => {
                    let decl = BytesDecl::from_start(BytesStart::from_content(
                        String::from_utf8_lossy(tag.bytes),
                        tag.name_len,
                    ));
                    if let Some(Ok(enc)) = decl.encoding() {
                        let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                        if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                            return Err(DocError {
                                offset: at(&scanner),
                                rule: "xml.encoding",
                                reason: format!(
                                    "declared encoding {enc:?} is not supported; convert the file to UTF-8"
                                ),
                            });
                        }
                    }
                }
                Token::DocType(d) => {
                    let text = String::from_utf8_lossy(d);
                    let inspected = doctype::inspect(&text).map_err(|r| DocError {
                        offset: at(&scanner),
                        rule: "xml.hostile_doctype",
                        reason: r.0,
                    })?;
                    doc.doctype = Some(inspected);
                }
                Token::Pi | Token::Comment => {}
            }
        }
        if let Some(&(open, _)) = stack.last() {
            return Err(DocError {
                offset: at(&scanner),
                rule: "xml.truncated",
                reason: format!(
                    "document ends inside <{}> ({} elements still open): the file is cut or the document incomplete",
                    Node { doc: &doc, idx: open }.name(),
                    stack.len()
                ),
            });
        }
        if doc.nodes.is_empty() {
            return Err(DocError { offset: 0, rule: "xml.not_well_formed", reason: "no root element".into() });
        }
        Ok(doc)
    }

    fn open(
        &mut self,
        src: &Source<'_>,
        e: &BytesStart<'_>,
        parent: Option<u32>,
        missing: &mut String,
    ) -> Result<u32, String> {
        let name = src.str(e.local_name().into_inner()).map_err(|e| format!("element name is not UTF-8: {e}"))?;
        let name_span = self.push_text(name);
        let attrs_start = self.attrs.len() as u32;
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key = a.key.as_ref();
            if key == b"xmlns" || key.starts_with(b"xmlns:") {
                if parent.is_none() {
                    self.root_namespaces.push(String::from_utf8_lossy(&a.value).into_owned());
                }
                continue;
            }
            let raw = src.str(&a.value).map_err(|e| format!("attribute value is not UTF-8: {e}"))?;
            let value = quick_xml::escape::unescape_with(raw, |n| resolve_entity(self.doctype.as_ref(), n, missing))
                .map_err(|e| e.to_string())?;
            let key =
                src.str(a.key.local_name().into_inner()).map_err(|e| format!("attribute name is not UTF-8: {e}"))?;
            let key_span = self.push_text(key);
            let value_span = self.push_text(&value);
            self.attrs.push((key_span, value_span));
        }
        let node = NodeData {
            span: name_span,
            attrs: (attrs_start, self.attrs.len() as u32),
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        };
        Ok(match parent {
            Some(parent) => self.append(parent, node),
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        })
    }

    fn push_text(&mut self, s: &str) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        (start, self.text.len() as u32)
    }

    /// Appends `node` as the last child of `parent`; returns its index.
    fn append(&mut self, parent: u32, node: NodeData) -> u32 {
        let idx = self.nodes.len() as u32;
        self.nodes.push(node);
        let p = &mut self.nodes[parent as usize];
        let last = p.last_child;
        p.last_child = idx;
        if last == NONE {
            p.first_child = idx;
        } else {
            self.nodes[last as usize].next_sibling = idx;
        }
        idx
    }

    fn span(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    fn entity_error(&self, detail: String, missing: &str, offset: u64) -> DocError {
        entity_error(self.doctype.as_ref(), detail, missing, offset)
    }

    /// The root element.
    pub fn root(&self) -> Node<'_> {
        Node { doc: self, idx: 0 }
    }
}

/// An entity or syntax fault found while unescaping, named by what was missing.
pub(super) fn entity_error(doctype: Option<&Doctype>, detail: String, missing: &str, offset: u64) -> DocError {
    {
        let external = doctype.is_some_and(|d| d.external.iter().any(|x| x == missing));
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
}

/// A document's bytes, checked as UTF-8 in long runs: the names, text runs and attribute
/// values the reader lends out of a checked run are sliced as text, not checked again one by
/// one. A whole document is checked at once; a document read with elements skipped is checked
/// run by run from each part the reader lends (a run ends at a `<` some [`RUN`] bytes on), so
/// the bytes stepped over are mostly never checked. A part that is not valid text is checked on
/// its own, so the error names the part.
#[derive(Debug)]
struct Source<'a> {
    bytes: &'a [u8],
    /// The last run checked: its offset in `bytes` and its text.
    run: std::cell::Cell<(usize, &'a str)>,
    whole: bool,
}

/// Bytes checked past the end of a part, in a document read with elements skipped.
const RUN: usize = 4 << 10;

impl<'a> Source<'a> {
    /// `whole`: check the document in one run (every byte will be read).
    fn new(bytes: &'a [u8], whole: bool) -> Self {
        let run = if whole { std::str::from_utf8(bytes).map_or((0, ""), |text| (0, text)) } else { (0, "") };
        Self { bytes, run: std::cell::Cell::new(run), whole }
    }

    /// `part` as text: sliced from a checked run when it lies inside one, else checked.
    fn str<'p>(&self, part: &'p [u8]) -> Result<&'p str, std::str::Utf8Error>
    where
        'a: 'p,
    {
        let (base, at) = (self.bytes.as_ptr() as usize, part.as_ptr() as usize);
        if at < base || at + part.len() > base + self.bytes.len() {
            return std::str::from_utf8(part);
        }
        let (start, end) = (at - base, at - base + part.len());
        let (run_at, run) = self.run.get();
        if start >= run_at
            && let Some(s) = run.get(start - run_at..end - run_at)
        {
            return Ok(s);
        }
        if !self.whole {
            let ahead = (end + RUN).min(self.bytes.len());
            let stop = memchr::memchr(b'<', &self.bytes[ahead..]).map_or(self.bytes.len(), |i| ahead + i);
            // A run cut short by a bad byte ahead still serves the parts before it.
            let text = match std::str::from_utf8(&self.bytes[start..stop]) {
                Ok(text) => text,
                Err(e) => std::str::from_utf8(&self.bytes[start..start + e.valid_up_to()]).unwrap_or(""),
            };
            self.run.set((start, text));
            if let Some(s) = text.get(..part.len()) {
                return Ok(s);
            }
        }
        std::str::from_utf8(part)
    }
}

pub(super) fn not_utf8(what: &str, e: std::str::Utf8Error, offset: u64) -> DocError {
    DocError {
        offset,
        rule: "xml.encoding",
        reason: format!("{what} is not UTF-8 ({e}); only UTF-8 documents are read: convert the file to UTF-8"),
    }
}

/// Length of the content of an element named `qname` whose start tag ends just before `rest`:
/// the bytes up to its end tag, nested elements of the same name counted. `None` when `rest`
/// holds no such end tag.
fn content_len(rest: &[u8], qname: &[u8]) -> Option<usize> {
    // A tag name ends at `>`, `/` or white space (`<claims-statement>` is another element).
    let name_ends = |at: usize| rest.get(at).is_none_or(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'));
    // One pass over the content: every place the name is written, told apart by what precedes
    // it (`</` an end tag, `<` a start tag, anything else text).
    let mut depth = 0usize;
    for at in memchr::memmem::find_iter(rest, qname) {
        let after = at + qname.len();
        if !name_ends(after) {
            continue;
        }
        if at >= 2 && &rest[at - 2..at] == b"</" {
            if depth == 0 {
                return Some(at - 2);
            }
            depth -= 1;
        } else if at >= 1 && rest[at - 1] == b'<' {
            let tag_end = after + memchr::memchr(b'>', &rest[after..])?;
            if rest[tag_end - 1] != b'/' {
                depth += 1;
            }
        }
    }
    None
}

/// The text of entity `name`: the document's own, else the ISO sets' (unless the document
/// declares it external); `missing` names it when there is none.
pub(super) fn resolve_entity<'a>(doctype: Option<&'a Doctype>, name: &str, missing: &mut String) -> Option<&'a str> {
    let internal = doctype.and_then(|d| d.entities.get(name)).map(String::as_str);
    let found = internal
        .or_else(|| entities::lookup(name).filter(|_| !doctype.is_some_and(|d| d.external.iter().any(|x| x == name))));
    if found.is_none() {
        name.clone_into(missing);
    }
    found
}

impl<'d> Node<'d> {
    fn data(&self) -> &'d NodeData {
        &self.doc.nodes[self.idx as usize]
    }

    /// The text read off this element's content instead of its tree ([`Read::Extract`]).
    pub fn extracted(&self) -> Option<&'d Extracted> {
        self.doc.extracted.iter().find(|(idx, _)| *idx == self.idx).map(|(_, text)| text)
    }

    /// Local name.
    pub fn name(&self) -> &'d str {
        self.doc.span(self.data().span)
    }

    /// Attribute value by local name.
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        let (start, end) = self.data().attrs;
        self.doc.attrs[start as usize..end as usize]
            .iter()
            .find(|(k, _)| self.doc.span(*k) == name)
            .map(|(_, v)| self.doc.span(*v))
    }

    /// All child nodes (elements and text runs) in order.
    fn all_children(&self) -> impl Iterator<Item = Node<'d>> + 'd {
        let doc = self.doc;
        let mut next = self.data().first_child;
        std::iter::from_fn(move || {
            if next == NONE {
                return None;
            }
            let node = Node { doc, idx: next };
            next = node.data().next_sibling;
            Some(node)
        })
    }

    /// Child elements in order.
    pub fn children(&self) -> impl Iterator<Item = Node<'d>> + 'd {
        self.all_children().filter(|c| !c.data().is_text())
    }

    /// First child element named `name`.
    pub fn child(&self, name: &str) -> Option<Node<'d>> {
        self.children().find(|c| c.is_named(name))
    }

    /// Whether this is named `name`: lengths first, then bytes (no slicing checks), as the
    /// mapping code asks this of every child it looks through.
    fn is_named(&self, name: &str) -> bool {
        let (start, end) = self.data().span;
        (end - start) as usize == name.len()
            && &self.doc.text.as_bytes()[start as usize..end as usize] == name.as_bytes()
    }

    /// Child elements named `name`.
    pub fn children_named<'n>(&self, name: &'n str) -> impl Iterator<Item = Node<'d>> + 'n
    where
        'd: 'n,
    {
        self.children().filter(move |c| c.is_named(name))
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
            if c.is_named(name) {
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
        for child in self.all_children() {
            if child.data().is_text() {
                out.push_str(self.doc.span(child.data().span));
                continue;
            }
            let inline = is_inline(child.name());
            if !inline {
                out.push(' ');
            }
            child.collect_text(out);
            if !inline {
                out.push(' ');
            }
        }
    }

    /// Like [`Node::text`], collapsed, with each descendant element for which `replace` gives
    /// a text written as that text (e.g. an empty cross-reference written as its target).
    pub fn text_replacing(&self, replace: &dyn Fn(Node<'d>) -> Option<String>) -> String {
        let mut out = String::new();
        self.collect_replacing(replace, &mut out);
        ipdc_schemas::normalize::text::collapse_whitespace(&out)
    }

    fn collect_replacing(&self, replace: &dyn Fn(Node<'d>) -> Option<String>, out: &mut String) {
        for child in self.all_children() {
            if child.data().is_text() {
                out.push_str(self.doc.span(child.data().span));
            } else if let Some(text) = replace(child) {
                out.push_str(&text);
            } else {
                child.collect_replacing(replace, out);
            }
        }
    }

    /// Trimmed, whitespace-collapsed text of the element at `path`, when non-empty.
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.find(path).and_then(|n| n.text_value())
    }

    /// Trimmed, whitespace-collapsed text of this element, when non-empty.
    pub fn text_value(&self) -> Option<String> {
        let data = self.data();
        // Most fields are one text run: collapse it where it lies.
        let only = (data.first_child != NONE && data.first_child == data.last_child)
            .then(|| &self.doc.nodes[data.first_child as usize])
            .filter(|child| child.is_text());
        let t = match only {
            Some(child) => ipdc_schemas::normalize::text::collapse_whitespace(self.doc.span(child.span)),
            None => SCRATCH.with_borrow_mut(|joined| {
                joined.clear();
                self.collect_text(joined);
                ipdc_schemas::normalize::text::collapse_whitespace(joined)
            }),
        };
        (!t.is_empty()).then_some(t)
    }

    /// Appends [`Node::text_value`] to `out`; false when the element has no text. The text
    /// runs are joined in a buffer the thread keeps, then collapsed once into `out`.
    pub fn append_text_value(&self, out: &mut String) -> bool {
        SCRATCH.with_borrow_mut(|joined| {
            joined.clear();
            self.collect_text(joined);
            let mut line = Collapsing::new(out);
            line.push(joined);
            !line.is_empty()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_if(skip: bool) -> Read {
        if skip { Read::Skip } else { Read::Parse }
    }

    #[test]
    fn prefixes_are_ignored_and_text_is_joined() {
        let doc = XmlDoc::parse(b"<?xml version=\"1.0\"?><a:r xmlns:a=\"u\" k=\"v\"><a:p>H<sub>2</sub>O<br/>x &lsqb;1&rsqb;</a:p><exch:q>y</exch:q></a:r>").unwrap();
        let r = doc.root();
        assert_eq!((r.name(), r.attr("k")), ("r", Some("v")));
        assert_eq!(doc.root_namespaces, ["u"]);
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

    #[test]
    fn text_is_read_as_utf8_once_and_bad_bytes_are_named() {
        let doc = XmlDoc::parse("<a k=\"名&amp;\"><b>中文 &lt;x&gt;</b><![CDATA[日本]]></a>".as_bytes()).unwrap();
        let r = doc.root();
        assert_eq!((r.attr("k"), r.text_at("b").as_deref()), (Some("名&"), Some("中文 <x>")));
        assert!(r.text().contains("日本"));
        let e = XmlDoc::parse(b"<a><b>ok</b><c>caf\xE9</c></a>").unwrap_err();
        assert_eq!(e.rule, "xml.encoding");
        assert!(e.reason.contains("convert the file to UTF-8"), "{}", e.reason);
        assert!(e.offset >= 12, "{}", e.offset);
    }

    #[test]
    fn a_document_read_with_skips_is_checked_in_runs_and_bad_bytes_are_still_named() {
        // Kept text beyond several runs, with multi-byte characters across run ends.
        let mut xml = String::from("<r><claims>");
        xml.push_str(&"x".repeat(3 * RUN));
        xml.push_str("</claims>");
        for i in 0..2000 {
            xml.push_str(&format!("<t n=\"{i}\">名称{i}</t>"));
        }
        xml.push_str("</r>");
        let skip: Option<ReadRule> = Some(|_, name| skip_if(name == "claims"));
        let doc = XmlDoc::parse_with(xml.as_bytes(), skip).unwrap();
        let texts: Vec<_> = doc.root().children_named("t").map(|t| t.text()).collect();
        assert_eq!((texts.len(), texts[1999].as_str()), (2000, "名称1999"));
        // A bad byte ahead of a kept part does not fail the parts before it, only its own.
        let mut bad = xml.clone().into_bytes();
        let at = bad.len() - 18; // the first byte of the last `名`
        bad[at] = 0xFF;
        let e = XmlDoc::parse_with(&bad, skip).unwrap_err();
        assert_eq!(e.rule, "xml.encoding");
        assert!(e.offset > bad.len() as u64 - 200, "{} of {}", e.offset, bad.len());
        // Bad bytes inside a skipped element are never read.
        let mut in_skipped = xml.into_bytes();
        in_skipped[20] = 0xFF;
        assert!(XmlDoc::parse_with(&in_skipped, skip).is_ok());
    }

    #[test]
    fn skipped_elements_stay_empty_and_the_rest_is_read() {
        let xml = b"<r><t>T</t><claims n=\"2\"><claim><claims>inner</claims><claims/>x &undefined; y</claim></claims>\
            <claims-statement>kept</claims-statement><description>d</description><a>A</a></r>";
        let doc = XmlDoc::parse_with(xml, Some(|_, name| skip_if(matches!(name, "claims" | "description")))).unwrap();
        let r = doc.root();
        let names: Vec<_> = r.children().map(|c| c.name()).collect();
        assert_eq!(names, ["t", "claims", "claims-statement", "description", "a"]);
        assert_eq!(r.child("claims").map(|c| (c.attr("n"), c.children().count())), Some((Some("2"), 0)));
        assert_eq!(r.text_at("claims-statement").as_deref(), Some("kept"));
        assert_eq!((r.text_at("t").as_deref(), r.text_at("a").as_deref()), (Some("T"), Some("A")));
        // Read whole, the unknown entity inside the claims is an error; skipped, it is not read.
        assert_eq!(XmlDoc::parse(xml).unwrap_err().rule, "xml.unknown_entity");
    }

    #[test]
    fn errors_after_a_skipped_element_keep_document_offsets() {
        let xml = b"<r><claims>0123456789</claims><b></r>";
        let whole = XmlDoc::parse(xml).unwrap_err();
        let skipping = XmlDoc::parse_with(xml, Some(|_, name| skip_if(name == "claims"))).unwrap_err();
        assert_eq!((skipping.rule, skipping.offset), (whole.rule, whole.offset));
        // A skipped element that never ends is reported as the cut document it is.
        let cut = XmlDoc::parse_with(b"<r><claims><claim>1", Some(|_, name| skip_if(name == "claims"))).unwrap_err();
        assert_eq!(cut.rule, "xml.truncated");
    }
}
