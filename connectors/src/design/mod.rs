//! Industrial-design feeds: the EUIPO `EM-DS-Design` V2 files.

pub mod euipo;
