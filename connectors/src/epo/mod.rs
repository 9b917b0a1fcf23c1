//! European Patent Office feeds.

pub mod docdb;
