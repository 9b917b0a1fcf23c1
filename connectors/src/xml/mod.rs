//! XML reading shared by every XML feed: the DOCTYPE guard, entity sets, the element tree and
//! full text read without one.

pub mod doctype;
pub mod entities;
pub mod extract;
mod scan;
pub mod tree;

pub use tree::{DocError, Node, XmlDoc};
