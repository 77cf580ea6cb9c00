//! Rules with no HTTP and no database: pure functions, unit-tested beside them.

pub mod email;
pub mod pagination;
pub mod password_policy;
