//! What the public sees: the funded-projects directory and pages, the impact dashboard,
//! the JSON API, open data and published reports; and that nothing private gets out.

mod api;
pub mod fixtures;
mod freshness;
mod giving360;
mod impact;
mod privacy;
mod projects;
mod publications;
