//! Named values kept by the installation.

use entity::setting;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::domain::dates::{DEFAULT_RESUBMIT_WEEKS, MAX_RESUBMIT_WEEKS};
use crate::error::AppError;

/// Marks a database as made by `dealfund demo`, so that only such a database is ever reset.
pub const DEMO_MARKER: &str = "demo_database";

/// Reads a setting.
pub async fn get<C: ConnectionTrait>(conn: &C, key: &str) -> Result<Option<String>, AppError> {
    Ok(setting::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?
        .map(|s| s.value))
}

/// Writes a setting, replacing any earlier value.
pub async fn put<C: ConnectionTrait>(conn: &C, key: &str, value: &str) -> Result<(), AppError> {
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_column(setting::Column::Value)
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The setting for how many weeks ahead an officer may set the date to resubmit a
/// returned application by (1 to 52; 12 when unset).
pub const RESUBMIT_WEEKS: &str = "resubmit_weeks";

/// How many weeks ahead a date to resubmit by may be: the [`RESUBMIT_WEEKS`] setting,
/// held to 1–52, or 12 when it is unset or unreadable.
pub async fn resubmit_weeks<C: ConnectionTrait>(conn: &C) -> Result<u32, AppError> {
    Ok(get(conn, RESUBMIT_WEEKS)
        .await?
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map_or(DEFAULT_RESUBMIT_WEEKS, |w| w.clamp(1, MAX_RESUBMIT_WEEKS)))
}
