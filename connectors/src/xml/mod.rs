//! XML reading shared by every XML feed: the DOCTYPE guard, entity sets and the element tree.

pub mod doctype;
pub mod entities;
pub mod tree;

pub use tree::{DocError, Node, XmlDoc};
