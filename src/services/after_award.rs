//! What happens when an applicant accepts an offer: the payment schedule and the
//! monitoring-report schedule are made from the round's rules, in the same
//! transaction as the acceptance.

use chrono::{DateTime, Utc};
use entity::award;
use sea_orm::ConnectionTrait;

use crate::error::AppError;
use crate::services::payments;

/// Makes the payment and report schedules of a newly accepted award.
pub async fn on_accepted<C: ConnectionTrait>(
    conn: &C,
    award: &award::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    schedule_payments(conn, award, now).await?;
    schedule_reports(conn, award, now).await?;
    Ok(())
}

/// The payment schedule, from the round's rules and the project's dates.
async fn schedule_payments<C: ConnectionTrait>(
    conn: &C,
    award: &award::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // The hook has no time zone: a UTC date differs from the council's only
    // around midnight, and matters only when the application gave no start date.
    payments::write_schedule(conn, award, now.date_naive(), now).await?;
    Ok(())
}

/// The report schedule: what the award owes, from the round's rules and the project's dates.
async fn schedule_reports<C: ConnectionTrait>(
    conn: &C,
    award: &award::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    crate::services::reports::schedule(conn, award, now).await?;
    Ok(())
}
