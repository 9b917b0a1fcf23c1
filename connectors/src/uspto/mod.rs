//! USPTO feeds.

pub mod pap;
pub mod patdoc;
pub mod red_book;
