//! Moderation, decisions and awards: the ranked board, each decision and its
//! validation, the budget rule under concurrency, fund down the list, applicants
//! answering their offers, and the demo.

mod applicant;
mod board;
mod budget;
mod decide;
mod demo;
pub mod fixtures;
mod fund_down;
