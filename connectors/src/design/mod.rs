//! Industrial-design feeds: the EUIPO `EM-DS-Design` V2 files and WIPO ST.96
//! `DesignApplication`.

pub mod euipo;
pub mod st96;
