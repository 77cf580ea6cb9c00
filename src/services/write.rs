//! The write context: one change, in one transaction, by one actor at one time, with
//! its audit entries written in the same transaction, so an entry can never outlive a
//! change that rolled back, nor a change be made without its entry.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::db::{WriteTransaction, begin_write};
use crate::error::AppError;
use crate::services::audit::{self, Action, Actor};

/// A change under way: the writer's turn and transaction, who makes it and when.
pub struct Write<'a> {
    txn: WriteTransaction,
    /// The time of the change, read once before the transaction began.
    pub now: DateTime<Utc>,
    /// Who makes the change.
    pub actor: &'a Actor,
}

crate::delegate_connection!(Write<'_>, txn);

impl<'a> Write<'a> {
    /// Reads the time, then takes the writer's turn and begins the transaction
    /// (see [`begin_write`]).
    pub async fn begin(
        db: &DatabaseConnection,
        clock: &Clock,
        actor: &'a Actor,
    ) -> Result<Self, AppError> {
        // The time is read first, as every write did before the context existed, so a
        // change stamped `now` never claims a moment before it waited for its turn.
        Self::begin_at(db, clock.now(), actor).await
    }

    /// As [`Write::begin`], for a change whose time was read earlier, because checks
    /// made before the writer's turn (dates, deadlines) used it.
    pub async fn begin_at(
        db: &DatabaseConnection,
        now: DateTime<Utc>,
        actor: &'a Actor,
    ) -> Result<Self, AppError> {
        let txn = begin_write(db).await?;
        Ok(Self { txn, now, actor })
    }

    /// Records an audit entry for this change, by its actor, at its time.
    pub async fn audit(
        &self,
        action: Action,
        entity_id: impl ToString,
        detail: impl Into<String>,
    ) -> Result<(), AppError> {
        audit::record(&self.txn, self.now, self.actor, action, entity_id, detail).await
    }

    /// Records an audit entry by someone other than the actor the change began with
    /// (signing in: the visitor becomes a known user once the account is found).
    pub async fn audit_as(
        &self,
        actor: &Actor,
        action: Action,
        entity_id: impl ToString,
        detail: impl Into<String>,
    ) -> Result<(), AppError> {
        audit::record(&self.txn, self.now, actor, action, entity_id, detail).await
    }

    /// Commits the change and its audit entries, and gives up the writer's turn.
    pub async fn commit(self) -> Result<(), AppError> {
        self.txn.commit().await?;
        Ok(())
    }
}
