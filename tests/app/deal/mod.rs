//! The Deal: officers writing it, the public reading it, and residents pledging.
//! Helpers for driving its forms live in `fixtures`; the form helpers are shared
//! with the outcomes and wards tests.

mod commitments;
pub mod fixtures;
mod officers;
mod pledges;
