//! The tokeniser under the element tree and the full-text reader: one document's bytes cut into
//! text runs and markup, tag to tag with memchr. Text runs are most of a patent document, so
//! finding the next `<` is most of the work; tags are short and are cut with plain loops.
//!
//! It only cuts: names, text and attribute values are lent out raw (still escaped, not yet
//! checked as UTF-8), and the caller decides what they mean, matches end tags and checks
//! attributes. Markup is recognised as quick-xml recognises it (a DOCTYPE ends at the `>` that
//! balances its `<`s, a tag at the first `>` outside quotes), so a document reads the same
//! whichever reads it.

/// One piece of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// Character data up to the next markup, as written.
    Text(&'a [u8]),
    /// The content of a `<![CDATA[…]]>` section.
    CData(&'a [u8]),
    /// A start tag (or an empty element's tag).
    Start(Tag<'a>),
    /// An end tag's qualified name.
    End(&'a [u8]),
    /// An XML declaration: its tag, named `xml`.
    Decl(Tag<'a>),
    /// A processing instruction.
    Pi,
    /// A comment.
    Comment,
    /// A DOCTYPE's content after the keyword and white space, up to its closing `>`.
    DocType(&'a [u8]),
}

/// What lies between `<` and `>` (or `/>`): the qualified name, then the attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tag<'a> {
    /// The tag's bytes, name first.
    pub(super) bytes: &'a [u8],
    /// Length of the name.
    pub(super) name_len: usize,
    /// `<name …/>`.
    pub(super) empty: bool,
}

impl<'a> Tag<'a> {
    /// The qualified name.
    pub(super) fn name(&self) -> &'a [u8] {
        &self.bytes[..self.name_len]
    }
}

/// Markup that cannot be cut: where it starts, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fault {
    /// Offset of the markup's `<`.
    pub(super) at: usize,
    /// The input ends inside the markup.
    pub(super) cut: bool,
    /// What is wrong.
    pub(super) reason: &'static str,
}

/// Cuts `bytes` into tokens, from an offset the caller may move (to step over content).
#[derive(Debug)]
pub(super) struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// Offset of the next token.
    pub(super) fn position(&self) -> usize {
        self.pos
    }

    /// The bytes not cut yet.
    pub(super) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    /// Steps over `len` bytes of [`Scanner::rest`].
    pub(super) fn skip(&mut self, len: usize) {
        self.pos = (self.pos + len).min(self.bytes.len());
    }

    /// The next token and its offset; `None` at the end of the input, and after a fault.
    #[inline]
    pub(super) fn next_token(&mut self) -> Option<Result<(usize, Token<'a>), Fault>> {
        let start = self.pos;
        let bytes = self.bytes;
        if start >= bytes.len() {
            return None;
        }
        if bytes[start] != b'<' {
            let end = find_near(b'<', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            self.pos = end;
            return Some(Ok((start, Token::Text(&bytes[start..end]))));
        }
        let markup = self.markup(start);
        if markup.is_err() {
            self.pos = bytes.len();
        }
        Some(markup.map(|token| (start, token)))
    }

    /// The markup at `start` (a `<`); moves past it.
    #[inline]
    fn markup(&mut self, start: usize) -> Result<Token<'a>, Fault> {
        let rest = &self.bytes[start..];
        let fault = |cut: bool, reason: &'static str| Err(Fault { at: start, cut, reason });
        let token = match rest.get(1) {
            Some(b'/') => {
                let after = &rest[2..];
                let Some(gt) = memchr::memchr(b'>', after) else { return fault(true, "end tag not closed") };
                self.pos = start + 2 + gt + 1;
                Token::End(after[..gt].trim_ascii_end())
            }
            Some(b'!') => self.bang(start)?,
            Some(b'?') => {
                let after = &rest[2..];
                let Some(end) = memchr::memmem::find(after, b"?>") else {
                    return fault(true, "processing instruction or XML declaration not closed");
                };
                self.pos = start + 2 + end + 2;
                let content = &after[..end];
                if content.starts_with(b"xml") && content.get(3).is_none_or(u8::is_ascii_whitespace) {
                    Token::Decl(Tag { bytes: content, name_len: 3, empty: false })
                } else {
                    Token::Pi
                }
            }
            _ => {
                let Some(gt) = tag_end(rest, 1) else { return fault(true, "start tag not closed") };
                self.pos = start + gt + 1;
                let (tag, empty) = match &rest[1..gt] {
                    [tag @ .., b'/'] => (tag, true),
                    tag => (tag, false),
                };
                let name_len = tag.iter().position(u8::is_ascii_whitespace).unwrap_or(tag.len());
                if name_len == 0 {
                    return fault(false, "`<` not followed by an element name");
                }
                Token::Start(Tag { bytes: tag, name_len, empty })
            }
        };
        Ok(token)
    }

    /// The markup at `start` opened by `<!`: a comment, a CDATA section or a DOCTYPE.
    fn bang(&mut self, start: usize) -> Result<Token<'a>, Fault> {
        let rest = &self.bytes[start..];
        let fault = |cut: bool, reason: &'static str| Err(Fault { at: start, cut, reason });
        if let Some(after) = rest.strip_prefix(b"<!--") {
            let Some(end) = memchr::memmem::find(after, b"-->") else { return fault(true, "comment not closed") };
            self.pos = start + 4 + end + 3;
            Ok(Token::Comment)
        } else if let Some(after) = rest.strip_prefix(b"<![CDATA[") {
            let Some(end) = memchr::memmem::find(after, b"]]>") else {
                return fault(true, "CDATA section not closed");
            };
            self.pos = start + 9 + end + 3;
            Ok(Token::CData(&after[..end]))
        } else if rest.len() >= 9 && rest[2..9].eq_ignore_ascii_case(b"DOCTYPE") {
            let Some(end) = doctype_end(&rest[9..]) else { return fault(true, "DOCTYPE not closed") };
            self.pos = start + 9 + end + 1;
            let content = &rest[9..9 + end];
            let Some(name_at) = content.iter().position(|b| !b.is_ascii_whitespace()) else {
                return fault(false, "DOCTYPE without a root element name");
            };
            Ok(Token::DocType(&content[name_at..]))
        } else {
            fault(rest.len() < 9, "unknown markup after `<!`")
        }
    }
}

/// Checks that end tag `name` closes `open`, the innermost element still open; the reason
/// when it does not.
pub(super) fn check_end(open: Option<&[u8]>, name: &[u8]) -> Result<(), String> {
    let name_text = || String::from_utf8_lossy(name);
    match open {
        Some(open) if open == name => Ok(()),
        Some(open) => {
            Err(format!("expected `</{}>`, but `</{}>` was found", String::from_utf8_lossy(open), name_text()))
        }
        None => Err(format!("unmatched `</{}>`: no element is open", name_text())),
    }
}

/// Bytes looked at one by one before a vectorised search: most text runs and tags of a
/// bibliography are shorter, and the search's set-up costs more than they do.
const NEAR: usize = 24;

/// The first `byte` in `hay`.
#[inline]
fn find_near(byte: u8, hay: &[u8]) -> Option<usize> {
    let near = hay.len().min(NEAR);
    match hay[..near].iter().position(|&b| b == byte) {
        Some(at) => Some(at),
        None => memchr::memchr(byte, &hay[near..]).map(|at| near + at),
    }
}

/// The `>` ending the tag that starts at 0, from `from` on, quoted attribute values stepped over.
#[inline]
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    // A short tag without attributes, the common case, in one plain pass.
    let near = bytes.len().min(from + NEAR);
    for (at, &b) in bytes[from..near].iter().enumerate() {
        match b {
            b'>' => return Some(from + at),
            b'"' | b'\'' => break,
            _ => {}
        }
    }
    let mut at = from;
    loop {
        let hit = at + memchr::memchr3(b'>', b'"', b'\'', &bytes[at..])?;
        if bytes[hit] == b'>' {
            return Some(hit);
        }
        at = hit + 1 + memchr::memchr(bytes[hit], &bytes[hit + 1..])? + 1;
    }
}

/// The `>` ending a DOCTYPE whose content starts at 0: the first that balances the `<`s
/// before it (markup declarations of the internal subset).
fn doctype_end(bytes: &[u8]) -> Option<usize> {
    let mut open = 0usize;
    for at in memchr::memchr2_iter(b'<', b'>', bytes) {
        if bytes[at] == b'<' {
            open += 1;
        } else if open == 0 {
            return Some(at);
        } else {
            open -= 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &[u8]) -> Vec<Result<(usize, Token<'_>), Fault>> {
        let mut scanner = Scanner::new(xml);
        std::iter::from_fn(|| scanner.next_token()).collect()
    }

    #[test]
    fn markup_is_cut_as_written() {
        let xml = b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]><r a='1>2'>t&amp;<b/><!-- c --><?pi x?><![CDATA[<c>]]></r >";
        let got: Vec<_> = tokens(xml).into_iter().map(Result::unwrap).collect();
        let tag = |bytes: &'static [u8], name_len, empty| Tag { bytes, name_len, empty };
        assert_eq!(
            got,
            [
                (0, Token::Decl(tag(b"xml version=\"1.0\"", 3, false))),
                (21, Token::DocType(b"r [<!ENTITY e \"x\">]")),
                (51, Token::Start(tag(b"r a='1>2'", 1, false))),
                (62, Token::Text(b"t&amp;")),
                (68, Token::Start(tag(b"b", 1, true))),
                (72, Token::Comment),
                (82, Token::Pi),
                (90, Token::CData(b"<c>")),
                (105, Token::End(b"r")),
            ]
        );
    }

    #[test]
    fn cut_markup_is_a_fault_at_its_start() {
        for (xml, at, cut) in [
            (&b"<r><b att"[..], 3, true),
            (b"<r><!-- x", 3, true),
            (b"<r><![CDATA[x", 3, true),
            (b"<r></b", 3, true),
            (b"<r>< b>", 3, false),
        ] {
            let fault = tokens(xml).into_iter().find_map(Result::err).unwrap();
            assert_eq!((fault.at, fault.cut), (at, cut), "{}", String::from_utf8_lossy(xml));
        }
    }
}
