//! Walks the members of an artifact: a plain file, gzip, zip, tar or tar.gz, told apart by
//! their magic bytes (never by file name). Every decompressed stream is capped against bombs
//! and member paths that leave the archive are refused.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Component, Path};

use flate2::read::MultiGzDecoder;

use super::capped::CappedReader;
use crate::error::{Error, Result};

/// Limits and resources applied while reading artifacts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest decompressed size of one member, in bytes (default 8 GiB).
    pub max_decompressed_bytes: u64,
    /// Most members read from one archive (default 100 000).
    pub max_members: usize,
    /// Threads parsing the documents of one artifact (0, the default: one per core this
    /// process may run on, at most 8; 1: on the calling thread). Output order does not depend
    /// on it.
    pub parse_threads: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_decompressed_bytes: 8 << 30, max_members: 100_000, parse_threads: 0 }
    }
}

/// The container an artifact's bytes are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Uncompressed bytes.
    Plain,
    /// gzip (possibly multi-member).
    Gzip,
    /// zip archive.
    Zip,
    /// tar archive.
    Tar,
    /// gzip-compressed tar archive.
    TarGz,
}

/// Callback receiving each member: its name (empty for a plain file) and a reader of its bytes.
pub type MemberFn<'a> = dyn FnMut(&str, &mut dyn Read) -> Result<()> + 'a;

/// Calls `each` for every file member of the artifact at `path`, in archive order.
///
/// # Errors
/// [`Error::Archive`] for a damaged or truncated archive, [`Error::TooLarge`] past the cap,
/// [`Error::PathTraversal`] for an escaping member path, [`Error::Io`] when reading fails,
/// and whatever `each` returns.
pub fn for_each_member(artifact: &str, path: &Path, limits: &Limits, each: &mut MemberFn<'_>) -> Result<Container> {
    let io_err = |source| Error::Io { artifact: artifact.to_owned(), source };
    let mut file = File::open(path).map_err(io_err)?;
    let mut magic = [0u8; 4];
    let n = read_up_to(&mut file, &mut magic).map_err(io_err)?;
    let file = File::open(path).map_err(io_err)?;
    match &magic[..n] {
        [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => zip_members(artifact, file, limits, each).map(|()| Container::Zip),
        [0x1f, 0x8b, ..] => {
            let gz = CappedReader::new(MultiGzDecoder::new(BufReader::new(file)), limits.max_decompressed_bytes);
            let (is_tar, mut reader) = sniff_tar(gz).map_err(|e| read_error(artifact, "", true, limits, e))?;
            if is_tar {
                tar_members(artifact, reader, limits, each).map(|()| Container::TarGz)
            } else {
                each("", &mut reader).map(|()| Container::Gzip)
            }
        }
        _ => {
            let (is_tar, mut reader) = sniff_tar(BufReader::new(file)).map_err(io_err)?;
            if is_tar {
                tar_members(artifact, reader, limits, each).map(|()| Container::Tar)
            } else {
                each("", &mut reader).map(|()| Container::Plain)
            }
        }
    }
}

/// Maps an I/O error met while reading a member to the artifact error it stands for.
pub fn read_error(artifact: &str, member: &str, compressed: bool, limits: &Limits, e: io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::FileTooLarge => Error::TooLarge {
            artifact: artifact.to_owned(),
            member: member.to_owned(),
            cap: limits.max_decompressed_bytes,
        },
        _ if compressed => Error::Archive { artifact: artifact.to_owned(), detail: format!("member {member:?}: {e}") },
        _ => Error::Io { artifact: artifact.to_owned(), source: e },
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// A reader whose first bytes were read ahead and are replayed.
type Replayed<R> = io::Chain<Cursor<Vec<u8>>, R>;

/// Reads the first 512 bytes to look for the `ustar` magic, and gives back a reader that
/// still starts at byte 0.
fn sniff_tar<R: Read>(mut r: R) -> io::Result<(bool, Replayed<R>)> {
    let mut head = vec![0u8; 512];
    let n = read_up_to(&mut r, &mut head)?;
    head.truncate(n);
    let is_tar = n >= 262 && &head[257..262] == b"ustar";
    Ok((is_tar, Cursor::new(head).chain(r)))
}

fn safe_member_path(name: &str) -> bool {
    let p = Path::new(name);
    !name.contains('\\') && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

fn zip_members(artifact: &str, file: File, limits: &Limits, each: &mut MemberFn<'_>) -> Result<()> {
    let archive_err =
        |e: zip::result::ZipError| Error::Archive { artifact: artifact.to_owned(), detail: e.to_string() };
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(archive_err)?;
    if zip.len() > limits.max_members {
        return Err(Error::Archive {
            artifact: artifact.to_owned(),
            detail: format!("{} members, more than the limit of {}", zip.len(), limits.max_members),
        });
    }
    for i in 0..zip.len() {
        let member = zip.by_index(i).map_err(archive_err)?;
        let name = member.name().to_owned();
        if !safe_member_path(&name) || member.enclosed_name().is_none() {
            return Err(Error::PathTraversal { artifact: artifact.to_owned(), member: name });
        }
        if member.is_dir() {
            continue;
        }
        if member.size() > limits.max_decompressed_bytes {
            return Err(Error::TooLarge {
                artifact: artifact.to_owned(),
                member: name,
                cap: limits.max_decompressed_bytes,
            });
        }
        let mut capped = CappedReader::new(member, limits.max_decompressed_bytes);
        each(&name, &mut capped)?;
    }
    Ok(())
}

fn tar_members(artifact: &str, reader: impl Read, limits: &Limits, each: &mut MemberFn<'_>) -> Result<()> {
    let mut tar = tar::Archive::new(reader);
    let entries = tar.entries().map_err(|e| read_error(artifact, "", true, limits, e))?;
    for (count, entry) in entries.enumerate() {
        if count >= limits.max_members {
            return Err(Error::Archive {
                artifact: artifact.to_owned(),
                detail: format!("more than {} members", limits.max_members),
            });
        }
        let mut entry = entry.map_err(|e| read_error(artifact, "", true, limits, e))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !safe_member_path(&name) {
            return Err(Error::PathTraversal { artifact: artifact.to_owned(), member: name });
        }
        if entry.header().entry_type().is_file() {
            each(&name, &mut entry)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_paths() {
        assert!(safe_member_path("ipg240102.xml"));
        assert!(safe_member_path("ROOT/DOC/a.xml"));
        assert!(!safe_member_path("../evil.xml"));
        assert!(!safe_member_path("/etc/passwd"));
        assert!(!safe_member_path("a/../../b"));
        assert!(!safe_member_path("..\\win.xml"));
    }
}
