//! USPTO feeds.

pub mod green_book;
pub mod pap;
pub mod patdoc;
pub mod red_book;
