//! SeaORM entities for dealfund. Definitions only: rules live in the app.

pub mod audit_event;
pub mod login_failure;
pub mod setting;
pub mod user;
