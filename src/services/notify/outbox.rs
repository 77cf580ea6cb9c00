//! What admins see of the outbox: messages by state, one message with its attempts,
//! and trying a failed message again.

use entity::{outbox, outbox_attempt};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::State;
use crate::clock::Clock;
use crate::domain::pagination::Paging;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// One page of messages, newest first, optionally only those in `state`.
pub async fn list(
    db: &DatabaseConnection,
    state: Option<State>,
    page: Option<u64>,
) -> Result<(Vec<outbox::Model>, Paging), AppError> {
    let mut query = outbox::Entity::find();
    if let Some(state) = state {
        query = query.filter(outbox::Column::State.eq(state.as_str()));
    }
    let total = query.clone().count(db).await?;
    let paging = Paging::new(page, 50, total);
    let rows = query
        .order_by_desc(outbox::Column::CreatedAt)
        .order_by_desc(outbox::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    Ok((rows, paging))
}

/// How many messages are in each state.
pub async fn counts(db: &DatabaseConnection) -> Result<Vec<(State, u64)>, AppError> {
    let rows: Vec<(String, i64)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::State)
        .column_as(Expr::col(outbox::Column::Id).count(), "n")
        .group_by(outbox::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    Ok(super::ALL_STATES
        .iter()
        .map(|state| {
            let n = rows
                .iter()
                .find(|(s, _)| s == state.as_str())
                .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
                .unwrap_or(0);
            (*state, n)
        })
        .collect())
}

/// One message and every attempt to send it, oldest first.
pub async fn get(
    db: &DatabaseConnection,
    id: i32,
) -> Result<(outbox::Model, Vec<outbox_attempt::Model>), AppError> {
    let message = outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let attempts = outbox_attempt::Entity::find()
        .filter(outbox_attempt::Column::OutboxId.eq(id))
        .order_by_asc(outbox_attempt::Column::AttemptedAt)
        .order_by_asc(outbox_attempt::Column::Id)
        .all(db)
        .await?;
    Ok((message, attempts))
}

/// Puts a failed message back in the queue, due now, with a fresh count of tries.
/// Refused (with the reason) unless it failed.
pub async fn retry(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
) -> Result<Result<(), String>, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let message = outbox::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let updated = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(State::Queued.as_str()))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::State.eq(State::Failed.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(Err(format!(
            "Only a failed message can be tried again; this one is {}",
            message.state.as_str()
        )));
    }
    let detail = format!("to {}: {}", message.to_address, message.subject);
    txn.audit(Action::OutboxRetried, id, detail).await?;
    txn.commit().await?;
    Ok(Ok(()))
}
