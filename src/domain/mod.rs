//! Rules with no HTTP and no database: pure functions, unit-tested beside them.

pub mod application;
pub mod application_budget;
pub mod award;
pub mod dates;
pub mod deal;
pub mod email;
pub mod fields;
pub mod giving360;
pub mod invitation;
pub mod local_time;
pub mod lockout;
pub mod money;
pub mod ordering;
pub mod organisation;
pub mod pagination;
pub mod password_policy;
pub mod payment_schedule;
pub mod project;
pub mod publication;
pub mod report;
pub mod review;
pub mod round;
pub mod scoring;
pub mod text;
