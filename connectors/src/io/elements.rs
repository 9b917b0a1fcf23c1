//! Frames a stream into repeated elements of one container: an EPO DOCDB file is one
//! `exch:exchange-documents` root holding thousands of `exch:exchange-document` elements, with
//! no declaration between them. Each element is handed out on its own, with its byte offset, from
//! one reused buffer, so memory is bounded by the largest element, not by the file.
//!
//! Elements are found by local name, whatever their prefix (`<exch:exchange-document`,
//! `<exchange-document`); the element ends at the matching end tag of the same qualified name
//! (these elements do not nest) or at `/>`. The bytes before the first element (declaration,
//! DOCTYPE, the container's start tag) are kept as the prolog. A stream cut inside an element
//! yields that element's remaining bytes, so the parser reports where it ends early.

use std::io::{self, Read};

use memchr::memmem;

use super::split::{Document, read_chunk};

/// Splits a stream into the elements named `local`.
#[derive(Debug)]
pub struct ElementSplitter<R> {
    reader: R,
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: u64,
    start: usize,
    end: usize,
    eof: bool,
    local: &'static str,
    finder: memmem::Finder<'static>,
    prolog: Option<Vec<u8>>,
}

impl<R: Read> ElementSplitter<R> {
    /// Frames `reader` into `local` elements.
    pub fn new(reader: R, local: &'static str) -> Self {
        Self {
            reader,
            buf: Vec::new(),
            base: 0,
            start: 0,
            end: 0,
            eof: false,
            local,
            finder: memmem::Finder::new(local.as_bytes()),
            prolog: None,
        }
    }

    /// The bytes before the first element, once one was found (or the stream ended).
    pub fn prolog(&self) -> Option<&[u8]> {
        self.prolog.as_deref()
    }

    /// The next element, or `None` when no more start in the stream.
    ///
    /// # Errors
    /// The reader's I/O errors.
    pub fn next_element(&mut self) -> io::Result<Option<Document<'_>>> {
        loop {
            match find_start_tag(&self.buf[self.start..self.end], &self.finder, self.local.len(), self.eof) {
                Scan::Found(at) => {
                    let open = self.start + at;
                    if self.prolog.is_none() {
                        self.prolog = Some(self.buf[self.start..open].to_vec());
                    }
                    match element_end(&self.buf[open..self.end], self.eof) {
                        Some(len) => {
                            self.start = open + len;
                            return Ok(Some(Document {
                                offset: self.base + open as u64,
                                bytes: &self.buf[open..open + len],
                            }));
                        }
                        None => {
                            // Keep the element's start; read on until its end tag.
                            self.start = open;
                            self.more()?;
                        }
                    }
                }
                Scan::NeedMore if !self.eof => {
                    // Drop what is scanned, but keep a tail in which a start tag may be cut.
                    if self.prolog.is_some() {
                        self.start = self.end.saturating_sub(self.local.len() + 64).max(self.start);
                    }
                    self.more()?;
                }
                Scan::NeedMore | Scan::None => {
                    if self.prolog.is_none() {
                        self.prolog = Some(self.buf[self.start..self.end].to_vec());
                    }
                    return Ok(None);
                }
            }
        }
    }

    fn more(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.base += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
        match read_chunk(&mut self.reader, &mut self.buf, self.end)? {
            Some(end) => self.end = end,
            None => self.eof = true,
        }
        Ok(())
    }
}

/// Whether `head` holds a start tag whose local name is `local` (any prefix).
pub(crate) fn has_start_tag(head: &[u8], local: &str) -> bool {
    matches!(find_start_tag(head, &memmem::Finder::new(local.as_bytes()), local.len(), true), Scan::Found(_))
}

enum Scan {
    Found(usize),
    NeedMore,
    None,
}

/// Offset of the `<` of the first start tag whose local name is the finder's needle.
fn find_start_tag(hay: &[u8], finder: &memmem::Finder<'_>, len: usize, eof: bool) -> Scan {
    let mut from = 0;
    while let Some(p) = finder.find(&hay[from..]).map(|p| p + from) {
        from = p + 1;
        let Some(&after) = hay.get(p + len) else {
            return if eof { Scan::None } else { Scan::NeedMore };
        };
        if !matches!(after, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
            continue;
        }
        let mut i = p;
        if i > 0 && hay[i - 1] == b':' {
            i -= 1;
            while i > 0 && is_name_byte(hay[i - 1]) {
                i -= 1;
            }
        }
        if i > 0 && hay[i - 1] == b'<' {
            return Scan::Found(i - 1);
        }
    }
    if eof { Scan::None } else { Scan::NeedMore }
}

/// Length of the element starting at `bytes[0]` (`<qname …`), or `None` when its end is not
/// in `bytes` yet. At the end of the stream an unterminated element runs to the end.
fn element_end(bytes: &[u8], eof: bool) -> Option<usize> {
    let name_len = bytes[1..].iter().position(|b| !is_name_byte(*b) && *b != b':')? + 1;
    let qname = &bytes[1..name_len];
    let Some(gt) = memchr::memchr(b'>', bytes) else { return eof.then_some(bytes.len()) };
    if bytes[gt - 1] == b'/' {
        return Some(gt + 1);
    }
    let mut close = Vec::with_capacity(qname.len() + 2);
    close.extend_from_slice(b"</");
    close.extend_from_slice(qname);
    let mut from = gt + 1;
    while let Some(p) = memmem::find(&bytes[from..], &close).map(|p| p + from) {
        let mut q = p + close.len();
        while q < bytes.len() && bytes[q].is_ascii_whitespace() {
            q += 1;
        }
        match bytes.get(q) {
            Some(b'>') => return Some(q + 1),
            Some(_) => from = p + 1,
            None => break,
        }
    }
    eof.then_some(bytes.len())
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::split::tests::Trickle;

    fn split(input: &[u8], step: usize) -> (Vec<(u64, String)>, String) {
        let mut s = ElementSplitter::new(Trickle(input, step), "exchange-document");
        let mut out = Vec::new();
        while let Some(d) = s.next_element().unwrap() {
            out.push((d.offset, String::from_utf8(d.bytes.to_vec()).unwrap()));
        }
        (out, String::from_utf8(s.prolog().unwrap().to_vec()).unwrap())
    }

    #[test]
    fn elements_of_a_container_whatever_their_prefix() {
        let input = b"<?xml version=\"1.0\"?><exch:exchange-documents a=\"1\"><exch:exchange-document x=\"1\"><t>a</t></exch:exchange-document>\n<exchange-document x=\"2\"/><exch:exchange-document-other/><exch:exchange-document x=\"3\">b</exch:exchange-document ></exch:exchange-documents>";
        for step in [1, 2, 3, 7, 64, 10_000] {
            let (docs, prolog) = split(input, step);
            assert_eq!(prolog, "<?xml version=\"1.0\"?><exch:exchange-documents a=\"1\">", "step {step}");
            assert_eq!(docs.len(), 3, "step {step}: {docs:?}");
            assert_eq!(docs[0].0, 52);
            assert!(docs[0].1.ends_with("</exch:exchange-document>"));
            assert_eq!(docs[1].1, "<exchange-document x=\"2\"/>");
            assert!(docs[2].1.starts_with("<exch:exchange-document x=\"3\">b</exch:exchange-document >"));
        }
    }

    #[test]
    fn a_cut_element_runs_to_the_end() {
        let (docs, _) = split(b"<r><exchange-document><a>text", 3);
        assert_eq!(docs, vec![(3, "<exchange-document><a>text".to_owned())]);
        let (docs, prolog) = split(b"<r>nothing here</r>", 2);
        assert!(docs.is_empty());
        assert_eq!(prolog, "<r>nothing here</r>");
    }
}
