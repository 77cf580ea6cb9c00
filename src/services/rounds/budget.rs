//! What a round has committed: the awards that hold part of its budget.

use entity::award;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::award::COMMITTED;
use crate::error::AppError;

/// The round's committed total: awards offered, accepted, active or completed, in pence.
/// One query; call it inside the transaction that holds the round's lock when deciding.
pub async fn committed_in_round<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<i64, AppError> {
    let total: Option<i64> = award::Entity::find()
        .select_only()
        .column_as(
            crate::services::sum_i64(award::Column::AmountPence),
            "total",
        )
        .filter(award::Column::RoundId.eq(round_id))
        .filter(award::Column::Status.is_in(COMMITTED.iter().copied()))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    Ok(total.unwrap_or(0))
}
