//! Officers setting up the outcomes framework and the wards; the public outcomes page.

pub mod fixtures;
mod outcomes;
mod wards;
