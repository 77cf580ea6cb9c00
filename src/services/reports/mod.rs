//! Monitoring and impact reports that awards owe: the schedule made on acceptance,
//! the applicant's form and the officers' review. What accepted reports say reaches the
//! public through `services::publishing`.

pub mod applicant;
pub mod case_study;
pub mod input;
pub mod review;

use chrono::{DateTime, Utc};
use entity::{application, award, funding_round, monitoring_report};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::domain::report::{self, ReportStatus, ScheduleRules};
use crate::error::AppError;

/// What an applicant or officer sees when two people change a report at once.
pub const STALE_MESSAGE: &str = "Someone else changed this report while you were working on it. \
     The page now shows their version: check it and make your changes again.";

/// True when the award's final report has been accepted: one of the conditions
/// for completing an award.
pub async fn final_report_accepted<C: ConnectionTrait>(
    conn: &C,
    award_id: i32,
) -> Result<bool, AppError> {
    let accepted = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award_id))
        .filter(monitoring_report::Column::IsFinal.eq(true))
        .filter(monitoring_report::Column::Status.eq(ReportStatus::Accepted))
        .count(conn)
        .await?;
    Ok(accepted > 0)
}

/// Writes the reports a newly accepted award owes, from its round's rules and its
/// project's dates. Does nothing if the award has reports already, so that running it
/// twice cannot double the schedule.
pub async fn schedule<C: ConnectionTrait>(
    conn: &C,
    award: &award::Model,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let existing = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award.id))
        .count(conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let round = funding_round::Entity::find_by_id(award.round_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("award {} has no round", award.id)))?;
    let app = application::Entity::find_by_id(award.application_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("award {} has no application", award.id)))?;
    // The acceptance date in UTC: the hook is not given the council's time zone, and a
    // day's difference at midnight only moves a default start date.
    let (start, end) = report::project_dates(app.start_date, app.end_date, now.date_naive());
    let rules = ScheduleRules {
        single_payment_max_pence: round.single_payment_max_pence,
        interval_months: round.report_interval_months,
    };
    let planned = report::schedule(award.amount_pence, rules, start, end);
    let rows: Vec<monitoring_report::ActiveModel> = planned
        .iter()
        .map(|p| blank(award.id, p.position, p.is_final, p.due_date, now))
        .collect();
    let count = rows.len();
    monitoring_report::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(count)
}

/// A report not yet started.
pub fn blank(
    award_id: i32,
    position: i32,
    is_final: bool,
    due_date: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> monitoring_report::ActiveModel {
    monitoring_report::ActiveModel {
        award_id: Set(award_id),
        position: Set(position),
        is_final: Set(is_final),
        due_date: Set(due_date),
        status: Set(ReportStatus::Due),
        version: Set(1),
        beneficiaries: Set(None),
        volunteers: Set(None),
        volunteer_hours: Set(None),
        spend_to_date_pence: Set(None),
        went_well: Set(String::new()),
        was_hard: Set(String::new()),
        case_study: Set(String::new()),
        case_study_consent: Set(false),
        case_study_published_at: Set(None),
        officer_message: Set(None),
        submitted_at: Set(None),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
