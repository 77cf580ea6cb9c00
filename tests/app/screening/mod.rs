//! Officers screening applications: the round's list and its download, the
//! application page with its timeline, the screening decisions, and the demo.

mod decisions;
mod demo;
pub mod fixtures;
mod list;
mod page;
