//! European Patent Office feeds.

pub mod docdb;
pub mod fulltext;
pub mod ops_family;
pub mod ops_legal;
