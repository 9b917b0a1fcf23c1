//! WIPO ST.96 patent documents (the trademark and GI documents have their own modules,
//! [`crate::trademark::st96`] and [`crate::gi::st96`]).

pub mod st96_patent;
