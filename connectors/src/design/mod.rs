//! Industrial-design feeds: the EUIPO `EM-DS-Design` V2 files, WIPO ST.96
//! `DesignApplication` and WIPO ST.86 `Transaction`s (the DPMA register form).

pub mod euipo;
pub mod st86;
pub mod st96;
