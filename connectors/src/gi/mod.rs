//! Geographical-indication feeds: WIPO ST.96 `GIApplication` documents. (The CNIPA exchange
//! files are read by [`crate::exchange::geographical_indication`].)

pub mod st96;
