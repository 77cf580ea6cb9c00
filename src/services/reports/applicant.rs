//! The applicant's side: the reports an award owes, one report's form, saving it
//! for later and submitting it. Every lookup goes through the membership check, so
//! anyone else's report is simply not found.

use std::collections::HashMap;

use entity::{
    application, application_target, award, indicator, monitoring_report, payment_tranche,
    report_value,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::input::{self, ReportInput, ReportValues};
use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::domain::report::{self, ReportEvent, ReportStatus, ReportStatusRules};
use crate::error::AppError;
use crate::services::applications;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// One indicator the application set a target for, with what the report says.
#[derive(Debug, Clone)]
pub struct IndicatorLine {
    pub indicator_id: i32,
    pub name: String,
    pub unit: String,
    pub target: i64,
    pub achieved: Option<i64>,
}

/// A report with everything its pages show.
#[derive(Debug, Clone)]
pub struct Detail {
    pub application: application::Model,
    pub award: award::Model,
    pub report: monitoring_report::Model,
    pub indicators: Vec<IndicatorLine>,
    /// The sum of the award's paid tranches.
    pub paid_pence: i64,
}

impl Detail {
    /// The indicators as (id, name), for checking the form.
    pub fn indicator_names(&self) -> Vec<(i32, String)> {
        self.indicators
            .iter()
            .map(|i| (i.indicator_id, i.name.clone()))
            .collect()
    }
}

/// The award of the user's application `key` (404 when there is none or it is not theirs).
pub async fn award_for_member<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    key: &str,
) -> Result<(application::Model, award::Model), AppError> {
    let app = applications::for_member(conn, user_id, key).await?;
    let award = award::Entity::find()
        .filter(award::Column::ApplicationId.eq(app.id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((app, award))
}

/// Every report of the user's award on application `key`, in due order.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    key: &str,
) -> Result<(application::Model, Vec<monitoring_report::Model>), AppError> {
    let (app, award) = award_for_member(conn, user_id, key).await?;
    let reports = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award.id))
        .order_by_asc(monitoring_report::Column::Position)
        .all(conn)
        .await?;
    Ok((app, reports))
}

/// Loads the targets, achieved values and money paid that a report's pages show.
pub async fn detail_of<C: ConnectionTrait>(
    conn: &C,
    application: application::Model,
    award: award::Model,
    report: monitoring_report::Model,
) -> Result<Detail, AppError> {
    let targets = application_target::Entity::find()
        .filter(application_target::Column::ApplicationId.eq(application.id))
        .all(conn)
        .await?;
    let indicators: HashMap<i32, indicator::Model> = indicator::Entity::find()
        .filter(indicator::Column::Id.is_in(targets.iter().map(|t| t.indicator_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let achieved: HashMap<i32, Option<i64>> = report_value::Entity::find()
        .filter(report_value::Column::ReportId.eq(report.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.indicator_id, v.achieved))
        .collect();
    let mut lines: Vec<(i32, i32, IndicatorLine)> = targets
        .into_iter()
        .filter_map(|t| {
            let i = indicators.get(&t.indicator_id)?;
            Some((
                i.outcome_id,
                i.position,
                IndicatorLine {
                    indicator_id: i.id,
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    target: t.target,
                    achieved: achieved.get(&i.id).copied().flatten(),
                },
            ))
        })
        .collect();
    lines.sort_by_key(|(outcome, position, line)| (*outcome, *position, line.indicator_id));
    let paid: Option<Option<i64>> = payment_tranche::Entity::find()
        .select_only()
        .column_as(
            crate::services::sum_i64(payment_tranche::Column::AmountPence),
            "paid",
        )
        .filter(payment_tranche::Column::AwardId.eq(award.id))
        .filter(payment_tranche::Column::Status.eq(payment_tranche::Status::Paid))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(Detail {
        application,
        award,
        report,
        indicators: lines.into_iter().map(|(_, _, l)| l).collect(),
        paid_pence: paid.flatten().unwrap_or(0),
    })
}

/// Report `position` of the user's award on application `key`.
pub async fn detail<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    key: &str,
    position: i32,
) -> Result<Detail, AppError> {
    let (app, award) = award_for_member(conn, user_id, key).await?;
    let report = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award.id))
        .filter(monitoring_report::Column::Position.eq(position))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    detail_of(conn, app, award, report).await
}

/// What saving did.
#[derive(Debug, Clone)]
pub enum Saved {
    /// Kept for later.
    Kept,
    /// Sent to the council.
    Submitted,
    /// Someone saved first: nothing was written; here is their version.
    Stale(Box<Detail>),
}

/// Saves (or with `submit`, submits) report `position` of the user's award on `key`,
/// if it is still at version `seen_version`.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    key: &str,
    position: i32,
    seen_version: i32,
    typed: &ReportInput,
    submit: bool,
) -> Result<Saved, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let found = detail(&txn, user_id, key, position).await?;
    let from = found.report.status;
    if !from.editable() {
        return Err(AppError::Invalid(FieldErrors::single(
            "report",
            format!(
                "This report is “{}”, so it cannot be changed now",
                from.label()
            ),
        )));
    }
    if found.report.version != seen_version {
        drop(txn);
        let current = detail(db, user_id, key, position).await?;
        return Ok(Saved::Stale(Box::new(current)));
    }
    let values =
        input::check(typed, &found.indicator_names(), submit).map_err(AppError::Invalid)?;
    let to = if submit {
        report::next(from, ReportEvent::Submit).ok_or_else(|| {
            AppError::Invalid(FieldErrors::single(
                "report",
                "This report cannot be submitted now",
            ))
        })?
    } else {
        from
    };
    let claimed = write(&txn, &found.report, seen_version, &values, to, now).await?;
    if !claimed {
        drop(txn);
        let current = detail(db, user_id, key, position).await?;
        return Ok(Saved::Stale(Box::new(current)));
    }
    if submit {
        let name = report::name(found.report.position, found.report.is_final);
        let reference = found.application.reference.clone().unwrap_or_default();
        txn.audit(
            Action::ReportSubmitted,
            found.report.id,
            format!(
                "{name} for {reference}: {} → {}",
                from.as_str(),
                to.as_str()
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(if submit {
        Saved::Submitted
    } else {
        Saved::Kept
    })
}

/// Writes the values and status if the version is still `seen`; false when it is not.
async fn write<C: ConnectionTrait>(
    conn: &C,
    report: &monitoring_report::Model,
    seen: i32,
    values: &ReportValues,
    to: ReportStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, AppError> {
    use monitoring_report::Column as C;
    let mut update = monitoring_report::Entity::update_many()
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::Beneficiaries, Expr::value(values.beneficiaries))
        .col_expr(C::Volunteers, Expr::value(values.volunteers))
        .col_expr(C::VolunteerHours, Expr::value(values.volunteer_hours))
        .col_expr(C::SpendToDatePence, Expr::value(values.spend_to_date_pence))
        .col_expr(C::WentWell, Expr::value(values.went_well.clone()))
        .col_expr(C::WasHard, Expr::value(values.was_hard.clone()))
        .col_expr(C::CaseStudy, Expr::value(values.case_study.clone()))
        .col_expr(C::CaseStudyConsent, Expr::value(values.consent))
        .col_expr(C::Status, Expr::value(to.as_str()))
        .col_expr(C::UpdatedAt, Expr::value(now));
    if to == ReportStatus::Submitted {
        update = update.col_expr(C::SubmittedAt, Expr::value(Some(now)));
    }
    let result = update
        .filter(C::Id.eq(report.id))
        .filter(C::Version.eq(seen))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    report_value::Entity::delete_many()
        .filter(report_value::Column::ReportId.eq(report.id))
        .exec(conn)
        .await?;
    let rows: Vec<report_value::ActiveModel> = values
        .achieved
        .iter()
        .map(|(indicator_id, achieved)| report_value::ActiveModel {
            report_id: Set(report.id),
            indicator_id: Set(*indicator_id),
            achieved: Set(*achieved),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        report_value::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(true)
}
