//! Tooling that runs beside the server rather than inside it: the demo's data, and
//! backups.

pub mod backup;
pub mod demo;
