//! SeaORM entities for dealfund. Definitions only: rules live in the app.

pub mod application;
pub mod audit_event;
pub mod commitment;
pub mod criterion;
pub mod deal;
pub mod deal_theme;
pub mod eligibility_question;
pub mod fund;
pub mod fund_contribution;
pub mod funding_round;
pub mod indicator;
pub mod login_failure;
pub mod organisation;
pub mod organisation_member;
pub mod outcome;
pub mod pledge;
pub mod round_question;
pub mod setting;
pub mod user;
pub mod ward;
