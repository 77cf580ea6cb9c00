//! Small pieces shared by the services that edit the Deal, the outcomes
//! framework and the wards: ordered lists, duplicates, and audit details.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, SqlErr, Statement,
};

use crate::error::AppError;

/// Writes new positions, `(id, position)`, as [`crate::domain::ordering::move_one`] returns them.
pub async fn write_positions<E, C>(
    conn: &C,
    id: E::Column,
    position: E::Column,
    changes: &[(i32, i32)],
) -> Result<(), AppError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    for (row, new) in changes {
        E::update_many()
            .col_expr(position, Expr::value(*new))
            .filter(id.eq(*row))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// True when the database refused a row because a unique column already holds its value.
/// Services check for duplicates first; this catches two people saving the same value
/// at the same moment on PostgreSQL, which the check alone cannot.
pub fn is_duplicate(error: &DbErr) -> bool {
    duplicate_detail(error).is_some()
}

/// The database's own words for a unique-index refusal, which name the index or
/// column (`UNIQUE constraint failed: ward.code`, `... constraint "ward_code_key"`).
pub fn duplicate_detail(error: &DbErr) -> Option<String> {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => Some(message),
        _ => None,
    }
}

/// What a [`take_turns`] lock guards. Each is the first half of a PostgreSQL
/// two-part advisory lock key, spelt in ASCII, so these locks never meet others'.
#[derive(Debug, Clone, Copy)]
#[repr(i32)]
pub enum LockClass {
    /// Creating the one Deal ("DEAL").
    Deal = 0x4445_414C,
    /// One client address's pledges ("PLDG").
    Pledges = 0x504C_4447,
}

/// Makes transactions that name the same `key` take turns until they end, for a
/// check-then-write that no unique index can guard. On SQLite write transactions
/// already run one at a time, so there is nothing to do.
pub async fn take_turns<C: ConnectionTrait>(
    conn: &C,
    class: LockClass,
    key: &str,
) -> Result<(), AppError> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            [(class as i32).into(), key.into()],
        ))
        .await?;
    }
    Ok(())
}

/// One line for the audit log naming what changed: `title "A" → "B"; code X → Y`.
/// Long text is only said to have changed, so the log stays readable.
pub fn describe_changes(fields: &[(&str, &str, &str)]) -> String {
    let changed: Vec<String> = fields
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(name, old, new)| {
            if old.chars().count() > 60 || new.chars().count() > 60 {
                format!("{name} changed")
            } else {
                format!("{name} \"{old}\" → \"{new}\"")
            }
        })
        .collect();
    if changed.is_empty() {
        "no change".to_owned()
    } else {
        changed.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_only_the_fields_that_changed() {
        assert_eq!(
            describe_changes(&[("name", "Abbey", "Abbey Fields"), ("code", "E05", "E05")]),
            "name \"Abbey\" → \"Abbey Fields\""
        );
        assert_eq!(describe_changes(&[("name", "a", "a")]), "no change");
        let long = "x".repeat(61);
        assert_eq!(
            describe_changes(&[("body", "short", &long)]),
            "body changed"
        );
    }
}
