//! USPTO feeds.

pub mod red_book;
