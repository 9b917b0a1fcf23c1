//! A reader that refuses to yield more than a fixed number of bytes (decompression bombs).

use std::io::{self, Read};

/// Wraps a decoder and fails with [`io::ErrorKind::FileTooLarge`] once `cap` bytes were read.
#[derive(Debug)]
pub struct CappedReader<R> {
    inner: R,
    remaining: u64,
    cap: u64,
}

impl<R: Read> CappedReader<R> {
    /// Caps `inner` at `cap` bytes.
    pub fn new(inner: R, cap: u64) -> Self {
        Self { inner, remaining: cap, cap }
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> u64 {
        self.cap - self.remaining
    }
}

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            // One probe byte tells a stream that ends exactly at the cap from one that goes on.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::FileTooLarge,
                    format!("decompressed size exceeds the cap of {} bytes", self.cap),
                )),
            };
        }
        let want = buf.len().min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.remaining -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_cap() {
        let mut ok = String::new();
        CappedReader::new(&b"abc"[..], 3).read_to_string(&mut ok).unwrap();
        assert_eq!(ok, "abc");
        let err = CappedReader::new(&b"abcd"[..], 3).read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }
}
