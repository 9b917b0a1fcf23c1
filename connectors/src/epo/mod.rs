//! European Patent Office feeds.

pub mod docdb;
pub mod fulltext;
