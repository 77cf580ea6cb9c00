//! Tooling that runs beside the server rather than inside it: the demo's data.

pub mod demo;
