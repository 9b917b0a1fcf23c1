//! JPO feeds: the `jp-official-gazette` XML of patent publications.

pub mod gazette;
