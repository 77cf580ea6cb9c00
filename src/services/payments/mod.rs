//! Payments: each accepted award's schedule of tranches, what officers record
//! against it (paid, withheld, released, rescheduled) and the award's own end
//! (completed or cancelled), and what finance and applicants see of it.

pub mod actions;
pub mod due;
pub mod settle;

use chrono::{DateTime, Months, NaiveDate, Utc};
use entity::{application, award, funding_round, organisation, payment_tranche};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use crate::domain::fields::FieldErrors;
use crate::domain::payment_schedule::{self, Planned, Rules, TrancheStatus};
use crate::error::AppError;
use crate::services::applications;
use crate::services::funds::{self, RoundFigures};

/// Why a payment action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// Input that breaks a rule: shown beside its field.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// The action no longer fits what is stored (often another officer got there
    /// first): shown as a message, nothing changed.
    #[error("refused: {0}")]
    Refused(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<DbErr> for PaymentError {
    fn from(error: DbErr) -> Self {
        PaymentError::App(AppError::Db(error))
    }
}

/// A round's rules for payment schedules.
pub fn rules_of(round: &funding_round::Model) -> Rules {
    Rules {
        single_payment_max_pence: round.single_payment_max_pence,
        upfront_percent: round.upfront_percent,
        interval_months: round.tranche_interval_months,
    }
}

/// Where the schedule starts and ends: the project's own dates, but never
/// before the acceptance (nothing can be paid for an offer not yet accepted);
/// a project with no end date runs twelve months.
pub fn project_dates(app: &application::Model, accepted_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = app.start_date.map_or(accepted_on, |d| d.max(accepted_on));
    let end = app
        .end_date
        .or_else(|| start.checked_add_months(Months::new(12)))
        .unwrap_or(start);
    (start, end.max(start))
}

/// Writes the payment schedule of an award accepted on `accepted_on`, unless it
/// has one already. Call it inside the transaction that accepts the award.
pub async fn write_schedule<C: ConnectionTrait>(
    conn: &C,
    award: &award::Model,
    accepted_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Planned>, AppError> {
    let existing = payment_tranche::Entity::find()
        .filter(payment_tranche::Column::AwardId.eq(award.id))
        .count(conn)
        .await?;
    if existing > 0 {
        return Ok(Vec::new());
    }
    let round = funding_round::Entity::find_by_id(award.round_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("award {} has no round", award.id)))?;
    let app = application::Entity::find_by_id(award.application_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("award {} has no application", award.id)))?;
    let (start, end) = project_dates(&app, accepted_on);
    let planned = payment_schedule::plan(award.amount_pence, start, end, &rules_of(&round));
    let rows: Vec<payment_tranche::ActiveModel> = planned
        .iter()
        .enumerate()
        .map(|(i, p)| payment_tranche::ActiveModel {
            award_id: Set(award.id),
            position: Set(i as i32 + 1),
            due_date: Set(p.due_date),
            amount_pence: Set(p.amount_pence),
            status: Set(TrancheStatus::Scheduled),
            paid_date: Set(None),
            finance_reference: Set(None),
            withheld_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    payment_tranche::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(planned)
}

/// An award's tranches, in order.
pub async fn tranches_of<C: ConnectionTrait>(
    conn: &C,
    award_id: i32,
) -> Result<Vec<payment_tranche::Model>, AppError> {
    Ok(payment_tranche::Entity::find()
        .filter(payment_tranche::Column::AwardId.eq(award_id))
        .order_by_asc(payment_tranche::Column::Position)
        .all(conn)
        .await?)
}

/// Everything the officer's award page shows.
#[derive(Debug, Clone)]
pub struct AwardDetail {
    pub award: award::Model,
    pub application: application::Model,
    pub organisation: organisation::Model,
    pub round: funding_round::Model,
    pub tranches: Vec<payment_tranche::Model>,
    pub figures: RoundFigures,
    pub final_report_accepted: bool,
}

/// One award with its schedule, in a fixed number of queries.
pub async fn award_detail<C: ConnectionTrait>(
    conn: &C,
    award_id: i32,
) -> Result<AwardDetail, AppError> {
    let award = award::Entity::find_by_id(award_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let application = application::Entity::find_by_id(award.application_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation = organisation::Entity::find_by_id(application.organisation_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let round = funding_round::Entity::find_by_id(award.round_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let tranches = tranches_of(conn, award.id).await?;
    let figures = funds::round_figures(conn, round.id).await?;
    let final_report_accepted =
        crate::services::reports::final_report_accepted(conn, award.id).await?;
    Ok(AwardDetail {
        award,
        application,
        organisation,
        round,
        tranches,
        figures,
        final_report_accepted,
    })
}

/// A tranche and its award's detail, for the tranche page.
pub async fn tranche_detail<C: ConnectionTrait>(
    conn: &C,
    tranche_id: i32,
) -> Result<(payment_tranche::Model, AwardDetail), AppError> {
    let tranche = payment_tranche::Entity::find_by_id(tranche_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let detail = award_detail(conn, tranche.award_id).await?;
    Ok((tranche, detail))
}

/// The sum of the paid tranches.
pub fn paid_total(tranches: &[payment_tranche::Model]) -> i64 {
    tranches
        .iter()
        .filter(|t| t.status == TrancheStatus::Paid)
        .map(|t| t.amount_pence)
        .sum()
}

/// The next scheduled tranche, by due date.
pub fn next_payment(tranches: &[payment_tranche::Model]) -> Option<&payment_tranche::Model> {
    tranches
        .iter()
        .filter(|t| t.status == TrancheStatus::Scheduled)
        .min_by_key(|t| (t.due_date, t.position))
}

/// What an applicant sees: their application, its award and its schedule.
#[derive(Debug, Clone)]
pub struct ApplicantPayments {
    pub application: application::Model,
    pub award: award::Model,
    pub tranches: Vec<payment_tranche::Model>,
}

/// The schedule of the user's application `key`: 404 unless they are a member of
/// the applying organisation and it has an award.
pub async fn for_applicant<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    key: &str,
) -> Result<ApplicantPayments, AppError> {
    let application = applications::for_member(conn, user_id, key).await?;
    let award = award::Entity::find()
        .filter(award::Column::ApplicationId.eq(application.id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let tranches = tranches_of(conn, award.id).await?;
    Ok(ApplicantPayments {
        application,
        award,
        tranches,
    })
}
