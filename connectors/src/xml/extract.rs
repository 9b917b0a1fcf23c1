//! Full text read straight off an element's content, without building its tree: claims and
//! descriptions are most of a patent document's bytes, and all a parser wants of them is their
//! collapsed text, item by item. The content is checked as UTF-8 once and scanned once, tag to
//! tag with memchr (text runs are most of it); an item's text runs are unescaped and joined in a
//! buffer, then collapsed once into the item's string. What the tree would refuse is refused
//! here too (unbalanced tags, bad UTF-8, unknown or external entities, malformed attributes),
//! with document offsets, so a document fails for the same faults whichever way its full text
//! is read.
//!
//! The text is the tree's: [`Node::text_value`](super::Node::text_value) of each item, where
//! every element boundary but inline markup is a word break.

use quick_xml::events::BytesStart;

use ipdc_schemas::normalize::text::Collapsing;

use super::DocError;
use super::doctype::Doctype;
use super::scan::{Scanner, Token, check_end};
use super::tree::{entity_error, is_inline, not_utf8, resolve_entity};

/// What of an element's content is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extract {
    /// The text of each child element named `item` (claims: `claim`), with its `num`.
    Items {
        /// Local name of the items.
        item: &'static str,
    },
    /// The text of every element named in `blocks` (paragraphs, headings) at any depth, not
    /// inside another one: one line each, empty ones left out.
    Blocks {
        /// Local names of the blocks.
        blocks: &'static [&'static str],
    },
}

/// The text kept of one element's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
    /// Items with text, in order.
    Items(Vec<Item>),
    /// The blocks' lines joined with `\n`; empty when no block has text.
    Blocks(String),
}

/// One item with text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// 0-based position among the container's items, those without text counted.
    pub position: usize,
    /// Its `num` attribute, unescaped.
    pub num: Option<String>,
    /// Its collapsed text (never empty).
    pub text: String,
}

/// What is kept, as it is read.
struct Kept {
    how: Extract,
    /// The item or block being read: the depth of its element and its `num`.
    open: Option<(usize, Option<String>)>,
    /// The open item's text runs, joined.
    joined: String,
    items: Vec<Item>,
    /// Items closed, those without text counted.
    position: usize,
    /// Every block's line.
    lines: String,
}

impl Kept {
    /// A start tag at `depth` (1 for a child of the content's element).
    fn start(&mut self, name: &str, depth: usize, num: Option<String>) {
        if self.open.is_some() {
            if !is_inline(name) {
                self.word_break();
            }
            return;
        }
        let starts = match self.how {
            Extract::Items { item } => depth == 1 && name == item,
            Extract::Blocks { blocks } => blocks.contains(&name),
        };
        if starts {
            self.joined.clear();
            self.open = Some((depth, num));
        }
    }

    /// An end tag that leaves `depth` open: closes the open item when the tag was its own.
    fn end(&mut self, name: &str, depth: usize) {
        let Some((item_depth, _)) = self.open else { return };
        if depth >= item_depth {
            if !is_inline(name) {
                self.word_break();
            }
            return;
        }
        let Some((_, num)) = self.open.take() else { return };
        let joined = self.joined.trim_end_matches(' ');
        match self.how {
            Extract::Items { .. } => {
                let mut text = String::with_capacity(joined.len());
                if collapse_into(&mut text, joined) {
                    self.items.push(Item { position: self.position, num, text });
                }
                self.position += 1;
            }
            Extract::Blocks { .. } => {
                let mark = self.lines.len();
                if !self.lines.is_empty() {
                    self.lines.push('\n');
                }
                if !collapse_into(&mut self.lines, joined) {
                    self.lines.truncate(mark);
                }
            }
        }
    }

    /// A space between words, written once: the joined text stays collapsed where the runs
    /// are, so collapsing it is mostly one copy.
    fn word_break(&mut self) {
        if !self.joined.is_empty() && !self.joined.ends_with(' ') {
            self.joined.push(' ');
        }
    }

    fn text(&mut self, text: &str) {
        if self.open.is_some() {
            self.joined.push_str(text);
        }
    }
}

/// Appends `text` collapsed to `out`; false when it is all whitespace.
fn collapse_into(out: &mut String, text: &str) -> bool {
    let mut line = Collapsing::new(out);
    line.push(text);
    !line.is_empty()
}

/// Reads `content`, the bytes between an element's start and end tags, which start at
/// `offset` in the document.
///
/// # Errors
/// [`DocError`] for what the tree would refuse in the same bytes.
pub(crate) fn extract(
    content: &[u8],
    offset: u64,
    how: Extract,
    doctype: Option<&Doctype>,
) -> Result<Extracted, DocError> {
    let text = std::str::from_utf8(content).map_err(|e| not_utf8("text", e, offset + e.valid_up_to() as u64))?;
    // Every token is cut at ASCII bytes, so each is text where it lies.
    let str_of = |part: &[u8]| {
        let at = part.as_ptr() as usize - content.as_ptr() as usize;
        &text[at..at + part.len()]
    };
    let ill_formed = |at: usize, reason: String| DocError {
        offset: offset + at as u64,
        rule: "xml.not_well_formed",
        reason: format!("ill-formed document: {reason}"),
    };
    let mut missing = String::new();
    // Qualified names of the elements open, outermost first.
    let mut open: Vec<&[u8]> = Vec::new();
    let mut kept =
        Kept { how, open: None, joined: String::new(), items: Vec::new(), position: 0, lines: String::new() };
    let mut scanner = Scanner::new(content);
    while let Some(token) = scanner.next_token() {
        let (start, token) = token.map_err(|f| ill_formed(f.at, format!("syntax error: {}", f.reason)))?;
        match token {
            Token::Text(raw) => {
                let raw = str_of(raw);
                // Text outside every item is not kept, but its entities are checked all the same.
                if memchr::memchr(b'&', raw.as_bytes()).is_some() {
                    let unescaped =
                        quick_xml::escape::unescape_with(raw, |name| resolve_entity(doctype, name, &mut missing))
                            .map_err(|e| entity_error(doctype, e.to_string(), &missing, offset + start as u64))?;
                    kept.text(&unescaped);
                } else {
                    kept.text(raw);
                }
            }
            Token::CData(raw) => kept.text(str_of(raw)),
            Token::Start(tag) => {
                let num = check_attributes(str_of(tag.bytes), tag.name_len, doctype, &mut missing, how)
                    .map_err(|r| entity_error(doctype, r, &missing, offset + start as u64))?;
                let name = local(str_of(tag.name()));
                open.push(tag.name());
                kept.start(name, open.len(), num);
                if tag.empty {
                    open.pop();
                    kept.end(name, open.len());
                }
            }
            Token::End(name) => {
                check_end(open.pop(), name).map_err(|reason| ill_formed(start, reason))?;
                kept.end(local(str_of(name)), open.len());
            }
            Token::Decl(_) | Token::DocType(_) => {
                return Err(ill_formed(start, "an XML or DOCTYPE declaration inside an element".into()));
            }
            Token::Pi | Token::Comment => {}
        }
    }
    if let Some(unclosed) = open.last() {
        let unclosed = String::from_utf8_lossy(unclosed);
        let reason = format!("<{unclosed}> ({} element(s)) not closed before their parent's end tag", open.len());
        return Err(ill_formed(content.len(), reason));
    }
    Ok(match how {
        Extract::Items { .. } => Extracted::Items(kept.items),
        Extract::Blocks { .. } => Extracted::Blocks(kept.lines),
    })
}

/// A name without its namespace prefix.
fn local(name: &str) -> &str {
    // Names are short: a plain loop beats a vectorised search.
    name.bytes().position(|b| b == b':').map_or(name, |colon| &name[colon + 1..])
}

/// Checks a start tag's attributes as the tree reads them (syntax, duplicates, entities);
/// returns the `num` attribute of an item. `tag` is the tag between `<` and `>` (or `/>`).
fn check_attributes(
    tag: &str,
    name_len: usize,
    doctype: Option<&Doctype>,
    missing: &mut String,
    how: Extract,
) -> Result<Option<String>, String> {
    if name_len == tag.len() {
        return Ok(None);
    }
    let mut num = None;
    for a in BytesStart::from_content(tag, name_len).attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let raw = std::str::from_utf8(&a.value).map_err(|e| format!("attribute value is not UTF-8: {e}"))?;
        let wanted = matches!(how, Extract::Items { .. }) && a.key.local_name().as_ref() == b"num";
        if wanted || memchr::memchr(b'&', raw.as_bytes()).is_some() {
            let value = quick_xml::escape::unescape_with(raw, |n| resolve_entity(doctype, n, missing))
                .map_err(|e| e.to_string())?;
            if wanted {
                num = Some(value.into_owned());
            }
        }
    }
    Ok(num)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::XmlDoc;

    const BLOCKS: Extract = Extract::Blocks { blocks: &["p", "heading"] };
    const CLAIMS: Extract = Extract::Items { item: "claim" };

    /// The tree's reading of the same content, for comparison.
    fn tree_blocks(content: &str) -> String {
        let xml = format!("<description>{content}</description>");
        let doc = XmlDoc::parse(xml.as_bytes()).unwrap();
        crate::st36::text_blocks(Some(doc.root()), &["p", "heading"]).unwrap_or_default()
    }

    fn blocks(content: &str) -> String {
        match extract(content.as_bytes(), 0, BLOCKS, None).unwrap() {
            Extracted::Blocks(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn blocks_read_as_the_tree_reads_them() {
        let content = "<heading id=\"h-1\">FIELD</heading>\n<p id=\"p-1\" num=\"0001\">A <b>bold</b> claim-like\n\
            text, H<sub>2</sub>O &amp; <figref idref=\"f1\">FIG. 1</figref>;<br/>next</p>\n\
            <p>  </p><other>ignored <p>nested block</p></other><p>x<![CDATA[ <y> ]]>z<!-- c --> w</p>\
            <p><tables><table><row><entry>a</entry><entry>b</entry></row></table></tables></p>";
        let ours = blocks(content);
        assert_eq!(ours, tree_blocks(content));
        assert_eq!(ours, "FIELD\nA bold claim-like text, H2O & FIG. 1; next\nnested block\nx <y> z w\na b");
    }

    #[test]
    fn items_keep_their_number_and_position() {
        let content = "<claim id=\"c1\" num=\"00001\"><claim-text>1. A thing <claim-ref idref=\"c2\">claim 2</claim-ref>.\
            </claim-text></claim><claim num=\"2\"> </claim><claim num=\"&#51;\"><claim-text>3. More</claim-text></claim>";
        let Extracted::Items(items) = extract(content.as_bytes(), 0, CLAIMS, None).unwrap() else { panic!() };
        let got: Vec<_> = items.iter().map(|i| (i.position, i.num.as_deref(), i.text.as_str())).collect();
        assert_eq!(got, [(0, Some("00001"), "1. A thing claim 2."), (2, Some("3"), "3. More")]);
    }

    #[test]
    fn faults_are_refused_with_document_offsets() {
        let cases: [(&[u8], &str); 5] = [
            (b"<p>a</q>", "xml.not_well_formed"),
            (b"<p>a", "xml.not_well_formed"),
            (b"<p>a &nope; b</p>", "xml.unknown_entity"),
            (b"<x a=\"&nope;\"/><p>a</p>", "xml.unknown_entity"),
            (b"<p>caf\xE9</p>", "xml.encoding"),
        ];
        for (content, rule) in cases {
            let e = extract(content, 100, BLOCKS, None).unwrap_err();
            assert_eq!(e.rule, rule, "{}: {}", String::from_utf8_lossy(content), e.reason);
            assert!(e.offset >= 100, "{e:?}");
        }
        // Entities outside every block are checked too.
        assert_eq!(extract(b"&nope;<p>a</p>", 0, BLOCKS, None).unwrap_err().rule, "xml.unknown_entity");
    }
}
