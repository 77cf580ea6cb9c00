//! Officers' decisions on applications (award in full or in part, reserve list,
//! decline), "fund down the list", and applicants' answers to their offers.
//!
//! A decision is one transaction: it locks the round's row (PostgreSQL; SQLite's
//! `BEGIN IMMEDIATE` already runs writers one at a time), re-reads the application,
//! checks the move against the status machine and, for an award, that the round's
//! committed total stays within its budget; then it writes the decision, the
//! application's new status, the award and the audit event together. Two officers
//! deciding at once, on one server or several, therefore queue on the round's row,
//! and the second sees the first's award when it adds up what is committed.

pub mod fund_down;
pub mod respond;

use entity::{application, award, decision, funding_round};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QuerySelect,
};

use crate::clock::Clock;
use crate::domain::application::{Status, StatusRules, next};
use crate::domain::award::{AwardStatus, Outcome};
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::notify::{self, Notifier};
use crate::services::rounds::committed_in_round;
use crate::services::write::Write;

/// The longest reason, condition or feedback an officer may write.
const MAX_TEXT_CHARS: usize = 5_000;

/// Which decision the officer made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AwardFull,
    AwardPart,
    Reserve,
    Decline,
}

impl Kind {
    /// The decision's stored outcome.
    pub fn outcome(self) -> Outcome {
        match self {
            Kind::AwardFull | Kind::AwardPart => Outcome::Award,
            Kind::Reserve => Outcome::Reserve,
            Kind::Decline => Outcome::Decline,
        }
    }

    /// Finishes "it cannot be …".
    fn wording(self) -> &'static str {
        match self {
            Kind::AwardFull | Kind::AwardPart => "awarded a grant",
            Kind::Reserve => "put on the reserve list",
            Kind::Decline => "declined",
        }
    }
}

/// A decision as typed. Blank fields are blank strings.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub kind: Kind,
    /// Only for an award in part: the amount in pounds.
    pub amount: String,
    /// Why less than was asked for (required for an award in part).
    pub reason: String,
    pub conditions: String,
    /// For the applicant (required for a decline).
    pub feedback: String,
}

impl DecisionInput {
    /// An award of the full amount, with nothing else said.
    pub fn award_in_full() -> Self {
        Self {
            kind: Kind::AwardFull,
            amount: String::new(),
            reason: String::new(),
            conditions: String::new(),
            feedback: String::new(),
        }
    }
}

/// Why a decision was not made. Nothing has changed in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// A field is missing or wrong, or the award does not fit the budget:
    /// the page shows these beside the fields (`amount`, `reason`, `conditions`, `feedback`).
    #[error("invalid decision: {0:?}")]
    Invalid(FieldErrors),
    /// The application moved on, or the move is not allowed from where it is.
    #[error("decision refused: {0}")]
    Refused(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<DbErr> for DecisionError {
    fn from(error: DbErr) -> Self {
        DecisionError::App(AppError::Db(error))
    }
}

impl DecisionError {
    /// Every message, for reports that have no fields to put them beside.
    pub fn message(&self) -> String {
        match self {
            DecisionError::Invalid(errors) => errors
                .0
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            DecisionError::Refused(message) => message.clone(),
            DecisionError::App(_) => "Something went wrong: nothing was changed.".into(),
        }
    }
}

/// A decision once its fields are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    amount: i64,
    reason: String,
    conditions: String,
    feedback: String,
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, missing: Option<&str>) -> String {
    let value = value.trim();
    match missing {
        Some(message) if value.is_empty() => errors.add(field, message),
        _ if value.chars().count() > MAX_TEXT_CHARS => {
            errors.add(field, "Write 5,000 characters or fewer")
        }
        _ => {}
    }
    value.to_owned()
}

/// Checks the typed fields against the amount the application asks for.
fn check(input: &DecisionInput, requested: i64) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let amount = match input.kind {
        Kind::AwardFull => requested,
        Kind::AwardPart => match Money::parse(&input.amount) {
            Err("Enter an amount") => {
                errors.add("amount", "Enter the amount to award");
                0
            }
            Err(message) => {
                errors.add("amount", message);
                0
            }
            Ok(Money(0)) => {
                errors.add("amount", "The amount must be more than £0");
                0
            }
            Ok(Money(pence)) if pence >= requested => {
                errors.add(
                    "amount",
                    format!(
                        "An award in part must be less than the {} asked for: to give it all, award in full",
                        Money(requested)
                    ),
                );
                0
            }
            Ok(Money(pence)) => pence,
        },
        Kind::Reserve | Kind::Decline => 0,
    };
    let reason_needed = (input.kind == Kind::AwardPart)
        .then_some("Enter the reason for awarding less than was asked for");
    let feedback_needed = (input.kind == Kind::Decline)
        .then_some("Enter feedback for the applicant: they will read why they were not funded");
    let checked = Checked {
        amount,
        reason: text(&mut errors, "reason", &input.reason, reason_needed),
        conditions: text(&mut errors, "conditions", &input.conditions, None),
        feedback: text(&mut errors, "feedback", &input.feedback, feedback_needed),
    };
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// Locks the round's row for the rest of the transaction, so that budget checks on
/// it run one at a time (PostgreSQL; SQLite's write transactions already do).
pub async fn lock_round<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<funding_round::Model, AppError> {
    funding_round::Entity::find_by_id(round_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The message for an award the budget cannot cover.
fn over_budget(budget: i64, committed: i64, amount: i64) -> FieldErrors {
    FieldErrors::single(
        "amount",
        format!(
            "The round has {} left to award (budget {}, already committed {}), so it cannot offer {}. \
             Nothing was changed: award less, or decide others first.",
            Money(Ord::max(budget - committed, 0)),
            Money(budget),
            Money(committed),
            Money(amount)
        ),
    )
}

fn changed_since(now: Status) -> DecisionError {
    DecisionError::Refused(format!(
        "This application has changed since you opened it: it is now “{}”. Nothing was changed: \
         read it again below before you decide.",
        now.label()
    ))
}

/// What a decision made.
#[derive(Debug, Clone)]
pub struct Decided {
    pub application: application::Model,
    pub outcome: Outcome,
    /// The award's amount in pence (0 for reserve and decline).
    pub amount: i64,
}

/// Decides on an application of a round. `seen_version` is the version the officer
/// read; `None` (fund down the list) relies on the status machine alone.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    round_id: i32,
    application_id: i32,
    seen_version: Option<i32>,
    input: &DecisionInput,
) -> Result<Decided, DecisionError> {
    let decided_by = actor
        .id
        .ok_or_else(|| AppError::Internal("a decision needs a signed-in officer".into()))?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let round = lock_round(&txn, round_id).await?;
    let current = application::Entity::find_by_id(application_id)
        .filter(application::Column::RoundId.eq(round_id))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = current.status;
    if seen_version.is_some_and(|v| v != current.version) {
        return Err(changed_since(from));
    }
    let outcome = input.kind.outcome();
    let to = next(from, outcome.event()).ok_or_else(|| {
        DecisionError::Refused(format!(
            "This application is “{}”, so it cannot be {}. Nothing was changed.",
            from.label(),
            input.kind.wording()
        ))
    })?;
    let checked = check(input, current.requested_pence).map_err(DecisionError::Invalid)?;
    if outcome == Outcome::Award {
        let committed = committed_in_round(&txn, round_id).await?;
        if committed.saturating_add(checked.amount) > round.budget_pence {
            return Err(DecisionError::Invalid(over_budget(
                round.budget_pence,
                committed,
                checked.amount,
            )));
        }
    }
    // The version in the WHERE clause is the guard that holds even if the row lock
    // were ever lost: a concurrent change leaves nothing to update.
    let updated = application::Entity::update_many()
        .col_expr(application::Column::Status, Expr::value(to.as_str()))
        .col_expr(
            application::Column::Version,
            Expr::col(application::Column::Version).add(1),
        )
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(application_id))
        .filter(application::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(changed_since(from));
    }
    write_decision(&txn, &current, outcome, &checked, decided_by, now).await?;
    if outcome == Outcome::Award {
        award::ActiveModel {
            application_id: Set(application_id),
            round_id: Set(round_id),
            amount_pence: Set(checked.amount),
            conditions: Set(checked.conditions.clone()),
            status: Set(AwardStatus::Offered),
            offered_at: Set(now),
            responded_at: Set(None),
            accepted_by_name: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let detail = audit_detail(from, to, &checked, outcome);
    txn.audit(outcome.into(), application_id, detail).await?;
    let saved = application::Entity::find_by_id(application_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    notify::events::decision(
        &txn,
        notifier,
        now,
        &saved,
        outcome,
        checked.amount,
        &checked.feedback,
    )
    .await?;
    txn.commit().await?;
    Ok(Decided {
        application: saved,
        outcome,
        amount: checked.amount,
    })
}

/// Writes the decision; a reserve application decided again replaces its decision
/// (one per application), while the audit log keeps both.
async fn write_decision<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    outcome: Outcome,
    checked: &Checked,
    decided_by: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let existing = decision::Entity::find()
        .filter(decision::Column::ApplicationId.eq(app.id))
        .one(conn)
        .await?;
    let mut row = match existing {
        Some(found) => found.into(),
        None => decision::ActiveModel {
            application_id: Set(app.id),
            round_id: Set(app.round_id),
            ..Default::default()
        },
    };
    row.outcome = Set(outcome.as_str().to_owned());
    row.amount_pence = Set(checked.amount);
    row.reason = Set(checked.reason.clone());
    row.conditions = Set(checked.conditions.clone());
    row.feedback = Set(checked.feedback.clone());
    row.decided_by = Set(decided_by);
    row.decided_at = Set(now);
    row.save(conn).await?;
    Ok(())
}

/// The audit log's line for a decision.
fn audit_detail(from: Status, to: Status, checked: &Checked, outcome: Outcome) -> String {
    let mut detail = format!("{} → {}", from.label(), to.label());
    if outcome == Outcome::Award {
        detail.push_str(&format!("; {}", Money(checked.amount)));
    }
    for (label, value) in [
        ("reason", &checked.reason),
        ("conditions", &checked.conditions),
        ("feedback", &checked.feedback),
    ] {
        if !value.is_empty() {
            detail.push_str(&format!("; {label}: {value}"));
        }
    }
    detail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: Kind, amount: &str, reason: &str, feedback: &str) -> DecisionInput {
        DecisionInput {
            kind,
            amount: amount.into(),
            reason: reason.into(),
            conditions: String::new(),
            feedback: feedback.into(),
        }
    }

    fn fields(errors: FieldErrors) -> Vec<String> {
        errors.0.into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn an_award_in_full_gives_the_amount_asked_for() {
        let checked = check(&DecisionInput::award_in_full(), 150_000).unwrap();
        assert_eq!(checked.amount, 150_000);
    }

    #[test]
    fn an_award_in_part_needs_a_smaller_amount_and_a_reason() {
        let ok = check(
            &input(Kind::AwardPart, "1,000", " Cut room hire ", ""),
            150_000,
        )
        .unwrap();
        assert_eq!((ok.amount, ok.reason.as_str()), (100_000, "Cut room hire"));
        let missing = check(&input(Kind::AwardPart, "", "", ""), 150_000).unwrap_err();
        assert_eq!(fields(missing), ["amount", "reason"]);
        for amount in ["1500", "2000", "0", "lots"] {
            let refused = check(&input(Kind::AwardPart, amount, "why", ""), 150_000).unwrap_err();
            assert_eq!(fields(refused), ["amount"], "{amount}");
        }
    }

    #[test]
    fn a_decline_needs_feedback_and_a_reserve_needs_nothing() {
        let refused = check(&input(Kind::Decline, "", "", "  "), 1).unwrap_err();
        assert_eq!(fields(refused), ["feedback"]);
        assert!(check(&input(Kind::Reserve, "", "", ""), 1).is_ok());
    }
}
