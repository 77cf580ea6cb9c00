//! Grant panels: officers choose the panel and allocate; panel members declare
//! conflicts, score and recommend; the demo's reviews.

mod access;
mod demo;
pub mod fixtures;
mod officers;
mod reviewing;
