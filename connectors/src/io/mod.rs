//! I/O every feed shares: archive members, capped decompression, document framing.

pub mod archive;
pub mod capped;
pub mod elements;
pub mod split;

pub use archive::{Container, Limits, for_each_member};
pub use capped::CappedReader;
pub use elements::ElementSplitter;
pub use split::{Document, XmlSplitter};
