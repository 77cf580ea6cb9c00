//! Named values kept by the installation.

use entity::setting;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, QuerySelect};

use crate::clock::Clock;
use crate::domain::dates::{DEFAULT_RESUBMIT_WEEKS, MAX_RESUBMIT_WEEKS};
use crate::domain::fields::FieldErrors;
use crate::domain::text::parse_whole;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

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

/// The council's settings as the settings page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CouncilSettings {
    /// See [`resubmit_weeks`].
    pub resubmit_weeks: u32,
}

/// Loads the settings page's values, as the rules that use them read them.
pub async fn council(db: &DatabaseConnection) -> Result<CouncilSettings, AppError> {
    Ok(CouncilSettings {
        resubmit_weeks: resubmit_weeks(db).await?,
    })
}

/// What a change of a setting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The value was saved; it was `from` before.
    Changed { from: u32, to: u32 },
    /// The value typed was the one in force, so nothing was written.
    Unchanged(u32),
}

/// Checks the weeks typed for the [`RESUBMIT_WEEKS`] setting: a whole number, 1–52.
pub fn parse_resubmit_weeks(typed: &str) -> Result<u32, FieldErrors> {
    parse_whole(
        typed,
        "the number of weeks",
        1,
        i64::from(MAX_RESUBMIT_WEEKS),
    )
    .map(|weeks| u32::try_from(weeks).unwrap_or(DEFAULT_RESUBMIT_WEEKS))
    .map_err(|message| FieldErrors::single(RESUBMIT_WEEKS, message))
}

/// Sets how many weeks ahead a date to resubmit by may be (an admin's decision,
/// audited with the old and new values). A value that is not a whole number from 1
/// to 52 is refused beside the `resubmit_weeks` field.
pub async fn set_resubmit_weeks(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    typed: &str,
) -> Result<Change, AppError> {
    let weeks = parse_resubmit_weeks(typed)?;
    let txn = Write::begin(db, clock, actor).await?;
    // The row is made if it is missing, then locked before it is read, so that two
    // admins saving at once on PostgreSQL each see what the other saved and the audit
    // log's "from" is true (on SQLite the writer's turn already orders them). An
    // unchanged value rolls this back.
    setting::Entity::insert(setting::ActiveModel {
        key: Set(RESUBMIT_WEEKS.to_owned()),
        value: Set(DEFAULT_RESUBMIT_WEEKS.to_string()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    setting::Entity::find_by_id(RESUBMIT_WEEKS.to_owned())
        .lock_exclusive()
        .one(&txn)
        .await?;
    let from = resubmit_weeks(&txn).await?;
    if from == weeks {
        return Ok(Change::Unchanged(weeks));
    }
    put(&txn, RESUBMIT_WEEKS, &weeks.to_string()).await?;
    txn.audit(
        Action::SettingChanged,
        RESUBMIT_WEEKS,
        format!("{RESUBMIT_WEEKS}: {from} → {weeks}"),
    )
    .await?;
    txn.commit().await?;
    Ok(Change::Changed { from, to: weeks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weeks_are_a_whole_number_from_1_to_52() {
        assert_eq!(parse_resubmit_weeks(" 8 "), Ok(8));
        assert_eq!(parse_resubmit_weeks("1"), Ok(1));
        assert_eq!(parse_resubmit_weeks("52"), Ok(52));
        for bad in ["", "abc", "0", "53", "12.5", "-3"] {
            let errors = parse_resubmit_weeks(bad).unwrap_err();
            assert_eq!(errors.0.len(), 1, "{bad}");
            assert_eq!(errors.0[0].0, RESUBMIT_WEEKS, "{bad}");
        }
    }
}
