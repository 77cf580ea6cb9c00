//! Lists kept in order by a `position` column: moving an item one place up or down.
//! Every kind of ordered item moves through [`move_item`], so a fix to how a list is
//! locked or renumbered is made here once.

use std::future::Future;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::clock::Clock;
use crate::domain::ordering::{Direction, move_one};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// A kind of item kept in order within its list: what its rows are, which rows make up
/// one list, what must hold before the list may change, and how a move is recorded.
pub trait Ordered: Sync {
    /// The table the items are rows of.
    type Entity: EntityTrait;
    /// What [`Ordered::load`] finds: the item, or what recording its move needs.
    type Item: Send;
    /// The items' id column.
    const ID: <Self::Entity as EntityTrait>::Column;
    /// The column that keeps them in order.
    const POSITION: <Self::Entity as EntityTrait>::Column;

    /// Refuses when the list may not change now, and finds the item (404 when it is not
    /// in the list).
    fn load(
        &self,
        txn: &Write<'_>,
        id: i32,
    ) -> impl Future<Output = Result<Self::Item, AppError>> + Send;

    /// The rows that make up the item's list.
    fn list(&self, item: &Self::Item) -> Condition;

    /// Writes the audit entry for a move, with anything else a change to the list must
    /// write. Runs only when the item did move.
    fn record(
        &self,
        txn: &Write<'_>,
        id: i32,
        item: &Self::Item,
        direction: Direction,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
}

/// Moves item `id` one place, in one transaction. Returns what [`Ordered::load`] found,
/// and false when the item was already at that end (nothing is written then).
pub async fn move_item<K: Ordered>(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    kind: &K,
    id: i32,
    direction: Direction,
) -> Result<(K::Item, bool), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let item = kind.load(&txn, id).await?;
    // Locked so that two officers reordering one list at once on PostgreSQL take turns.
    let siblings: Vec<(i32, i32)> = K::Entity::find()
        .select_only()
        .column(K::ID)
        .column(K::POSITION)
        .filter(kind.list(&item))
        .order_by_asc(K::POSITION)
        .order_by_asc(K::ID)
        .lock_exclusive()
        .into_tuple()
        .all(&txn)
        .await?;
    let Some(changes) = move_one(&siblings, id, direction) else {
        return Ok((item, false));
    };
    write_positions::<K::Entity, _>(&txn, K::ID, K::POSITION, &changes).await?;
    kind.record(&txn, id, &item, direction).await?;
    txn.commit().await?;
    Ok((item, true))
}

/// The audit entry most kinds write for a move: `moved up` or `moved down`, against
/// the item itself.
pub async fn record_moved(
    txn: &Write<'_>,
    action: Action,
    id: i32,
    direction: Direction,
) -> Result<(), AppError> {
    let detail = format!("moved {}", direction.as_str());
    txn.audit(action, id, detail).await
}

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
