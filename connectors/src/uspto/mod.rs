//! USPTO feeds.

pub mod patdoc;
pub mod red_book;
