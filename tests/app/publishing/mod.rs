//! What the public sees: the funded-projects directory and pages, the impact dashboard,
//! the JSON API, open data and published reports; and that nothing private gets out.

pub mod fixtures;
mod giving360;
