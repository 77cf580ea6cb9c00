//! Payments: schedules made on acceptance, officers recording payments against
//! them, awards completed or cancelled, the figures that count paid money, the
//! applicant's view, the due list and its CSV, and the demo.

mod applicant;
mod demo;
mod due;
pub mod fixtures;
mod officer;
mod schedule;
mod settle;
