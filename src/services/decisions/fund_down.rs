//! "Fund down the list": awards in full, in rank order, for the undecided eligible
//! applications at or above the fundable threshold, until the money runs out.
//!
//! The rule is to **stop at the first application that does not fit** what is left,
//! rather than skip it and fund smaller ones further down: that is what "where the
//! money runs out" on the board means, and it keeps the rank order honest. Officers
//! can still award below the line one by one.

use entity::funding_round;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{DecisionInput, decide};
use crate::clock::Clock;
use crate::domain::application::Status;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::moderation::{self, Row};
use crate::services::notify::Notifier;

/// The proposed awards and where they stop.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// Awards in full, in rank order.
    pub rows: Vec<Row>,
    /// What the round has left before these awards, in pence.
    pub remaining: i64,
    /// The first fundable application that does not fit, if any.
    pub stopped_at: Option<Row>,
}

/// Proposes awards for a round, ranked by raw mean scores.
pub async fn propose<C: ConnectionTrait>(
    conn: &C,
    round: &funding_round::Model,
) -> Result<Proposal, AppError> {
    let board = moderation::board(conn, round, false).await?;
    let remaining = (round.budget_pence - board.committed).max(0);
    let mut left = remaining;
    let mut rows = Vec::new();
    let mut stopped_at = None;
    for row in board.rows {
        if row.status != Status::Eligible || !row.fundable {
            continue;
        }
        if row.application.requested_pence > left {
            stopped_at = Some(row);
            break;
        }
        left -= row.application.requested_pence;
        rows.push(row);
    }
    Ok(Proposal {
        rows,
        remaining,
        stopped_at,
    })
}

/// What became of one confirmed award.
#[derive(Debug, Clone)]
pub struct Confirmed {
    pub application_id: i32,
    pub reference: String,
    /// The amount awarded in pence, or why it was refused.
    pub result: Result<i64, String>,
}

/// Awards each application in full, in the order given, each in its own
/// transaction under the same budget rule as any decision.
pub async fn confirm(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    round: &funding_round::Model,
    ids: &[i32],
) -> Result<Vec<Confirmed>, AppError> {
    let references: std::collections::HashMap<i32, String> = entity::application::Entity::find()
        .filter(entity::application::Column::RoundId.eq(round.id))
        .filter(entity::application::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.reference.unwrap_or_default()))
        .collect();
    let input = DecisionInput::award_in_full();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(reference) = references.get(id) else {
            continue;
        };
        let result = match decide(db, clock, notifier, actor, round.id, *id, None, &input).await {
            Ok(decided) => Ok(decided.amount),
            Err(super::DecisionError::App(error)) => return Err(error),
            Err(refused) => Err(refused.message()),
        };
        out.push(Confirmed {
            application_id: *id,
            reference: reference.clone(),
            result,
        });
    }
    Ok(out)
}
