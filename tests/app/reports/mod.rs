//! Monitoring reports: scheduling on acceptance, the applicant's form, officers'
//! review, overdue derivation, achieved figures and the demo.

mod achieved;
mod applicant;
mod demo;
mod fixtures;
mod officer;
