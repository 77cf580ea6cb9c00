//! What officers do to a schedule and its award. Each action is one transaction
//! with its audit event, and re-reads the award and tranche inside it: a form
//! that went stale while another officer acted is refused, so a tranche can
//! never be paid twice.

use chrono::{NaiveDate, Utc};
use entity::{application, award, funding_round, payment_tranche};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};

use super::{PaymentError, tranches_of};
use crate::clock::Clock;
use crate::domain::award::{AwardEvent, AwardStatus, AwardStatusRules, next};
use crate::domain::dates;
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::domain::payment_schedule::{
    RebalanceError, Slot, TrancheStatus, TrancheStatusRules, rebalance,
};
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::notify::{self, Notifier};
use crate::services::write::Write;

/// The longest finance reference or reason kept.
const MAX_REFERENCE: usize = 100;
const MAX_REASON: usize = 2_000;

/// Parses a date typed as `YYYY-MM-DD` (what `<input type="date">` sends) or `DD/MM/YYYY`.
pub fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a date");
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| "Enter a real date, like 2026-03-31")
}

/// The award's period, for the window its payments fall in: the project's start and
/// end dates, or (when the application gave none) from the offer for the round's
/// longest project.
async fn award_period(
    txn: &Write<'_>,
    award: &award::Model,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let app = application::Entity::find_by_id(award.application_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let round = funding_round::Entity::find_by_id(award.round_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let start = app.start_date.unwrap_or(award.offered_at.date_naive());
    let months = u32::try_from(round.max_duration_months).unwrap_or(12);
    let end = app.end_date.unwrap_or_else(|| {
        start
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(start)
    });
    Ok((start, end))
}

/// A refusal: the stored state no longer allows the action.
pub(super) fn refused(message: impl Into<String>) -> PaymentError {
    PaymentError::Refused(message.into())
}

/// Locks and reads the award: every action on one award runs one at a time
/// (PostgreSQL row lock; SQLite's write transaction already serialises).
pub(super) async fn lock_award(txn: &Write<'_>, award_id: i32) -> Result<award::Model, AppError> {
    award::Entity::find_by_id(award_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Opens the transaction and reads the tranche and its award afresh; refuses when
/// the award no longer takes payments or the tranche is not in `expected`.
async fn open<'a>(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &'a Actor,
    tranche_id: i32,
    expected: TrancheStatus,
) -> Result<(Write<'a>, payment_tranche::Model, award::Model), PaymentError> {
    let txn = Write::begin(db, clock, actor).await?;
    let award_id = payment_tranche::Entity::find_by_id(tranche_id)
        .select_only()
        .column(payment_tranche::Column::AwardId)
        .into_tuple::<i32>()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let award = lock_award(&txn, award_id).await?;
    let tranche = payment_tranche::Entity::find_by_id(tranche_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = award.status;
    if !matches!(status, AwardStatus::Accepted | AwardStatus::Active) {
        return Err(refused(format!(
            "This award is “{}”, so its payments cannot change. Nothing was changed.",
            status.label()
        )));
    }
    let now = tranche.status;
    if now != expected {
        let detail = match (now, &tranche.paid_date, &tranche.finance_reference) {
            (TrancheStatus::Paid, Some(date), Some(reference)) => format!(
                " (paid on {}, finance reference {reference})",
                format::date(*date)
            ),
            _ => String::new(),
        };
        return Err(refused(format!(
            "Payment {} is now “{}”{detail}, so this cannot be done. Nothing was changed: \
             someone may have acted on it since you opened the page.",
            tranche.position,
            now.label()
        )));
    }
    Ok((txn, tranche, award))
}

/// A change to a scheduled tranche, as typed.
#[derive(Debug, Clone, Default)]
pub struct EditInput {
    pub due_date: String,
    pub amount: String,
    /// The id of the scheduled tranche that takes the difference, when the amount changes.
    pub take_from: String,
}

/// Changes a scheduled tranche's date and amount; a change of amount moves the
/// difference to another scheduled tranche, so the schedule still adds up.
pub async fn edit(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    tranche_id: i32,
    input: &EditInput,
) -> Result<(), PaymentError> {
    let mut errors = FieldErrors::new();
    let due = parse_date(&input.due_date)
        .map_err(|m| errors.add("due_date", m))
        .ok();
    let amount = Money::parse(&input.amount)
        .map_err(|m| errors.add("amount", m))
        .ok();
    let taker = match input.take_from.trim() {
        "" => None,
        id => Some(
            id.parse::<i32>()
                .map_err(|_| AppError::BadRequest("take_from".into()))?,
        ),
    };
    let (Some(due), Some(Money(amount))) = (due, amount) else {
        return Err(PaymentError::Invalid(errors));
    };
    let (txn, tranche, award) =
        open(db, clock, actor, tranche_id, TrancheStatus::Scheduled).await?;
    let now = txn.now;
    if due != tranche.due_date {
        let (start, end) = award_period(&txn, &award).await?;
        dates::tranche_due(start, end)
            .check(
                due,
                "The due date",
                "within three months of the project's start and end",
            )
            .map_err(|m| PaymentError::Invalid(FieldErrors::single("due_date", m)))?;
    }
    let all = tranches_of(&txn, award.id).await?;
    let slots: Vec<Slot> = all
        .iter()
        .map(|t| Slot {
            id: t.id,
            amount_pence: t.amount_pence,
            scheduled: t.status == TrancheStatus::Scheduled,
        })
        .collect();
    let changes = rebalance(&slots, tranche.id, amount, taker).map_err(|e| {
        let field = match e {
            RebalanceError::TooSmall => "amount",
            _ => "take_from",
        };
        PaymentError::Invalid(FieldErrors::single(field, e.message()))
    })?;
    if changes.is_empty() && due == tranche.due_date {
        return Ok(());
    }
    let mut detail = format!("Payment {}", tranche.position);
    if due != tranche.due_date {
        detail.push_str(&format!(
            ": due {} → {}",
            format::date(tranche.due_date),
            format::date(due)
        ));
    }
    for (id, new_amount) in &changes {
        let Some(row) = all.iter().find(|t| t.id == *id) else {
            continue;
        };
        detail.push_str(&format!(
            "; payment {}: {} → {}",
            row.position,
            Money(row.amount_pence),
            Money(*new_amount)
        ));
        payment_tranche::Entity::update_many()
            .col_expr(
                payment_tranche::Column::AmountPence,
                Expr::value(*new_amount),
            )
            .col_expr(payment_tranche::Column::UpdatedAt, Expr::value(now))
            .filter(payment_tranche::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    payment_tranche::Entity::update_many()
        .col_expr(payment_tranche::Column::DueDate, Expr::value(due))
        .col_expr(payment_tranche::Column::UpdatedAt, Expr::value(now))
        .filter(payment_tranche::Column::Id.eq(tranche.id))
        .exec(&txn)
        .await?;
    txn.audit(Action::PaymentRescheduled, award.id, detail)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Records a scheduled tranche as paid; the first payment makes an accepted award active.
#[allow(clippy::too_many_arguments)]
pub async fn pay(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    tranche_id: i32,
    today: NaiveDate,
    paid_date: &str,
    finance_reference: &str,
) -> Result<(), PaymentError> {
    let mut errors = FieldErrors::new();
    let paid_on = match parse_date(paid_date) {
        Ok(date) if date > today => {
            errors.add("paid_date", "Paid date cannot be in the future");
            None
        }
        Ok(date) => Some(date),
        Err(message) => {
            errors.add("paid_date", message);
            None
        }
    };
    let reference = finance_reference.trim();
    if reference.is_empty() {
        errors.add("finance_reference", "Enter the finance system's reference");
    } else if reference.chars().count() > MAX_REFERENCE {
        errors.add(
            "finance_reference",
            "Finance reference must be 100 characters or fewer",
        );
    }
    let Some(paid_on) = paid_on.filter(|_| errors.is_empty()) else {
        return Err(PaymentError::Invalid(errors));
    };
    let (txn, tranche, award) =
        open(db, clock, actor, tranche_id, TrancheStatus::Scheduled).await?;
    let now = txn.now;
    dates::paid_on(award.offered_at.date_naive(), today)
        .check(
            paid_on,
            "The paid date",
            "not in the future, nor long before the award was made",
        )
        .map_err(|m| PaymentError::Invalid(FieldErrors::single("paid_date", m)))?;
    let mut change: payment_tranche::ActiveModel = tranche.clone().into();
    change.status = Set(TrancheStatus::Paid);
    change.paid_date = Set(Some(paid_on));
    change.finance_reference = Set(Some(reference.to_owned()));
    change.updated_at = Set(now);
    change.update(&txn).await?;
    let detail = format!(
        "Payment {}: {} paid on {}, finance reference {reference}",
        tranche.position,
        Money(tranche.amount_pence),
        format::date(paid_on)
    );
    txn.audit(Action::PaymentPaid, award.id, detail).await?;
    notify::events::payment_made(&txn, notifier, now, &award, &tranche, paid_on, reference).await?;
    if let Some(to) = next(award.status, AwardEvent::Start) {
        set_award_status(&txn, &award, to, now).await?;
        let detail = "First payment made: the award is active".to_owned();
        txn.audit(Action::AwardActivated, award.id, detail).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves the award to `to` (the caller has checked the move is allowed).
pub(super) async fn set_award_status(
    txn: &Write<'_>,
    award: &award::Model,
    to: AwardStatus,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    award::Entity::update_many()
        .col_expr(award::Column::Status, Expr::value(to.as_str()))
        .col_expr(award::Column::UpdatedAt, Expr::value(now))
        .filter(award::Column::Id.eq(award.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// A required reason, trimmed and no longer than the limit.
pub(super) fn check_reason(field: &str, reason: &str, ask: &str) -> Result<String, PaymentError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(PaymentError::Invalid(FieldErrors::single(field, ask)));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(PaymentError::Invalid(FieldErrors::single(
            field,
            "Reason must be 2,000 characters or fewer",
        )));
    }
    Ok(reason.to_owned())
}

/// Withholds a scheduled tranche (for example while a report is overdue), or
/// releases a withheld one back to scheduled when `reason` is `None`.
pub async fn withhold_or_release(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    tranche_id: i32,
    reason: Option<&str>,
) -> Result<(), PaymentError> {
    let reason = reason
        .map(|r| check_reason("reason", r, "Enter why the payment is withheld"))
        .transpose()?;
    let (from, to) = if reason.is_some() {
        (TrancheStatus::Scheduled, TrancheStatus::Withheld)
    } else {
        (TrancheStatus::Withheld, TrancheStatus::Scheduled)
    };
    let (txn, tranche, award) = open(db, clock, actor, tranche_id, from).await?;
    let now = txn.now;
    let mut change: payment_tranche::ActiveModel = tranche.clone().into();
    change.status = Set(to);
    change.withheld_reason = Set(reason.clone());
    change.updated_at = Set(now);
    change.update(&txn).await?;
    let (action, detail) = match &reason {
        Some(reason) => (
            Action::PaymentWithheld,
            format!("Payment {} withheld: {reason}", tranche.position),
        ),
        None => (
            Action::PaymentReleased,
            format!("Payment {} released", tranche.position),
        ),
    };
    txn.audit(action, award.id, detail).await?;
    txn.commit().await?;
    Ok(())
}
