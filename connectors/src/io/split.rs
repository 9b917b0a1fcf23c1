//! Frames a byte stream into XML documents: weekly files concatenate thousands of documents,
//! each with its own `<?xml …?>` declaration and DOCTYPE. The stream is read in chunks into one
//! reused buffer, so memory is bounded by the largest document, not by the file.

use std::io::{self, Read};

use memchr::memmem;

const CHUNK: usize = 1 << 20;

/// One framed document: its byte offset in the member and its bytes.
#[derive(Debug)]
pub struct Document<'a> {
    /// Offset of the document's first byte within the member.
    pub offset: u64,
    /// The document's bytes.
    pub bytes: &'a [u8],
}

/// Splits a stream at every XML declaration (`<?xml` followed by whitespace; `<?xml-stylesheet`
/// is not a split point). A stream without declarations is one document.
#[derive(Debug)]
pub struct XmlSplitter<R> {
    reader: R,
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: u64,
    start: usize,
    end: usize,
    eof: bool,
    finder: memmem::Finder<'static>,
}

impl<R: Read> XmlSplitter<R> {
    /// Frames `reader`.
    pub fn new(reader: R) -> Self {
        Self { reader, buf: Vec::new(), base: 0, start: 0, end: 0, eof: false, finder: memmem::Finder::new(b"<?xml") }
    }

    /// The next document, or `None` at the end of the stream. Segments holding only whitespace
    /// or a byte-order mark are not documents.
    ///
    /// # Errors
    /// The reader's I/O errors.
    pub fn next_document(&mut self) -> io::Result<Option<Document<'_>>> {
        let mut scan_from = self.start + 1;
        loop {
            if let Some(split) = self.find_declaration(scan_from) {
                let (doc_start, doc_end) = (self.start, split);
                self.start = split;
                if is_blank(&self.buf[doc_start..doc_end]) {
                    scan_from = split + 1;
                    continue;
                }
                return Ok(Some(Document {
                    offset: self.base + doc_start as u64,
                    bytes: &self.buf[doc_start..doc_end],
                }));
            }
            if self.eof {
                let (doc_start, doc_end) = (self.start, self.end);
                self.start = self.end;
                if is_blank(&self.buf[doc_start..doc_end]) {
                    return Ok(None);
                }
                return Ok(Some(Document {
                    offset: self.base + doc_start as u64,
                    bytes: &self.buf[doc_start..doc_end],
                }));
            }
            // Keep the last 5 bytes scannable: a declaration may straddle two chunks.
            let rescan = self.end.saturating_sub(5).max(self.start + 1) - self.start;
            self.compact();
            self.fill()?;
            scan_from = self.start + rescan;
        }
    }

    /// Position of the next declaration at or after `from` that is followed by whitespace.
    fn find_declaration(&self, from: usize) -> Option<usize> {
        let mut at = from;
        while at < self.end {
            let p = at + self.finder.find(&self.buf[at..self.end])?;
            match self.buf.get(p + 5).filter(|_| p + 5 < self.end) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => return Some(p),
                Some(_) => at = p + 1,
                None if self.eof => return None,
                None => return None, // decide once more bytes are in
            }
        }
        None
    }

    fn compact(&mut self) {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.base += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        match read_chunk(&mut self.reader, &mut self.buf, self.end)? {
            Some(end) => self.end = end,
            None => self.eof = true,
        }
        Ok(())
    }
}

/// Reads the next chunk of `reader` into `buf[end..]`, growing `buf` by up to one chunk;
/// returns the new end, or `None` at the end of the stream.
pub(crate) fn read_chunk(reader: &mut impl Read, buf: &mut Vec<u8>, end: usize) -> io::Result<Option<usize>> {
    if buf.len() < end + CHUNK {
        buf.resize(end + CHUNK, 0);
    }
    loop {
        match reader.read(&mut buf[end..]) {
            Ok(0) => return Ok(None),
            Ok(n) => return Ok(Some(end + n)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A reader that hands out a few bytes at a time, to exercise chunk boundaries.
    pub(crate) struct Trickle<'a>(pub(crate) &'a [u8], pub(crate) usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn split(input: &[u8], step: usize) -> Vec<(u64, String)> {
        let mut s = XmlSplitter::new(Trickle(input, step));
        let mut out = Vec::new();
        while let Some(d) = s.next_document().unwrap() {
            out.push((d.offset, String::from_utf8(d.bytes.to_vec()).unwrap()));
        }
        out
    }

    #[test]
    fn splits_at_declarations_only() {
        let input =
            b"<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a\"?><a/>\n        <?xml version=\"1.0\"?><b/>\n\n";
        for step in [1, 2, 3, 5, 7, 1000] {
            let docs = split(input, step);
            assert_eq!(docs.len(), 2, "step {step}: {docs:?}");
            assert_eq!(docs[0].0, 0);
            assert!(docs[0].1.contains("<a/>"));
            assert_eq!(docs[1].0, 62);
            assert!(docs[1].1.starts_with("<?xml version") && docs[1].1.contains("<b/>"));
        }
    }

    #[test]
    fn stream_without_declaration_is_one_document() {
        assert_eq!(split(b"\xEF\xBB\xBF<a>x</a>", 4).len(), 1);
        assert!(split(b"  \n ", 2).is_empty());
    }
}
