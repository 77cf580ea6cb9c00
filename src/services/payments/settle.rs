//! The end of an award: cancelled (with every unpaid tranche) or completed
//! (once every tranche is settled and the final report accepted). One
//! transaction each, with its audit event, on the award read afresh.

use entity::payment_tranche;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::actions::{check_reason, lock_award, refused, set_award_status};
use super::{PaymentError, tranches_of};
use crate::clock::Clock;
use crate::domain::award::{AwardEvent, AwardStatusRules, next};
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::domain::payment_schedule::{TrancheStatus, TrancheStatusRules};
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// Cancels an award: every tranche not yet paid is cancelled; paid ones stay paid.
pub async fn cancel(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    award_id: i32,
    reason: &str,
) -> Result<(), PaymentError> {
    let reason = check_reason("cancel_reason", reason, "Enter why the award is cancelled")?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let award = lock_award(&txn, award_id).await?;
    let from = award.status;
    let to = next(from, AwardEvent::Cancel).ok_or_else(|| {
        refused(format!(
            "This award is “{}”, so it cannot be cancelled. Nothing was changed.",
            from.label()
        ))
    })?;
    set_award_status(&txn, &award, to, now).await?;
    let cancelled = payment_tranche::Entity::update_many()
        .col_expr(
            payment_tranche::Column::Status,
            Expr::value(TrancheStatus::Cancelled.as_str()),
        )
        .col_expr(payment_tranche::Column::UpdatedAt, Expr::value(now))
        .filter(payment_tranche::Column::AwardId.eq(award.id))
        .filter(
            payment_tranche::Column::Status
                .is_in([TrancheStatus::Scheduled, TrancheStatus::Withheld]),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    let detail = format!("{reason} ({cancelled} unpaid payments cancelled)");
    txn.audit(Action::AwardCancelled, award.id, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Completes an active award: every tranche must be paid or cancelled and the
/// final report accepted; otherwise the refusal says what is missing.
pub async fn complete(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    award_id: i32,
) -> Result<(), PaymentError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let award = lock_award(&txn, award_id).await?;
    let from = award.status;
    let to = next(from, AwardEvent::Complete).ok_or_else(|| {
        refused(format!(
            "This award is “{}”: only an active award (one with a payment made) can be completed. Nothing was changed.",
            from.label()
        ))
    })?;
    let open_tranches = tranches_of(&txn, award.id)
        .await?
        .into_iter()
        .filter(|t| !matches!(t.status, TrancheStatus::Paid | TrancheStatus::Cancelled))
        .count();
    let report = crate::services::reports::final_report_accepted(&txn, award.id).await?;
    let mut missing = Vec::new();
    if open_tranches > 0 {
        missing.push(format!(
            "{open_tranches} payment{} still scheduled or withheld (each must be paid or cancelled)",
            if open_tranches == 1 { " is" } else { "s are" }
        ));
    }
    if !report {
        missing.push("the final report has not been accepted".to_owned());
    }
    if !missing.is_empty() {
        return Err(PaymentError::Invalid(FieldErrors::single(
            "complete",
            format!(
                "This award cannot be completed yet: {}",
                missing.join("; and ")
            ),
        )));
    }
    set_award_status(&txn, &award, to, now).await?;
    let detail = format!("{} award completed", Money(award.amount_pence));
    txn.audit(Action::AwardCompleted, award.id, detail).await?;
    txn.commit().await?;
    Ok(())
}
