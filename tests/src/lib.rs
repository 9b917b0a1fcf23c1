//! ipdc-tests: end-to-end tests of the whole pipeline over the real samples (see `tests/`).
//!
//! This crate has no library code of its own; it exists so that end-to-end tests live apart
//! from any one crate, as `DESIGN.md` lays out.

/// Folder of the real samples bundled with the connectors.
pub const REAL_SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../connectors/tests/fixtures/real");
