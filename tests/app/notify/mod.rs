//! Email notifications: the outbox written with each change, delivery over a real
//! SMTP conversation, retries, several workers, reminders, password reset and the
//! admin's outbox pages.

mod delivery;
pub mod fixtures;
mod flows;
mod outbox_pages;
mod reminders;
mod reset;
pub mod smtp;
