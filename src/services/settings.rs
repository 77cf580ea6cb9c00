//! Named values kept by the installation.

use entity::setting;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

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
