//! The reminders job: reports due in 14 days, due today and 7 days overdue, and
//! rounds closing in 3 days (to the holders of drafts). Each reminder has a key per
//! reminder and recipient, so however many servers run the job, and however often,
//! each person gets each reminder once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{application, award, funding_round, monitoring_report, outbox};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use serde::Serialize;

use super::{Kind, Mail, Notifier, enqueue, organisation_emails};
use crate::clock::Clock;
use crate::domain::application::Status;
use crate::domain::award::AwardStatus;
use crate::domain::report;
use crate::domain::round::RoundStatus;
use crate::error::AppError;
use crate::format;

/// How long before a report's due date the first reminder goes.
pub const REPORT_NOTICE_DAYS: i64 = 14;
/// How long after a report's due date the overdue reminder goes.
pub const REPORT_OVERDUE_DAYS: i64 = 7;
/// How long before a round closes its drafts' holders are reminded.
pub fn round_closing_notice() -> Duration {
    Duration::days(3)
}

/// Which report reminder, if any, is due on `today` for a report due on `due`.
pub fn report_reminder(due: NaiveDate, today: NaiveDate) -> Option<Kind> {
    let days_left = (due - today).num_days();
    match days_left {
        1..=REPORT_NOTICE_DAYS => Some(Kind::ReportDueSoon),
        0 => Some(Kind::ReportDueToday),
        d if d <= -REPORT_OVERDUE_DAYS => Some(Kind::ReportOverdue),
        _ => None,
    }
}

#[derive(Serialize)]
struct ReportReminder {
    reference: String,
    title: String,
    report: String,
    due: String,
    days_left: i64,
    days_late: i64,
    link: String,
}

#[derive(Serialize)]
struct RoundReminder {
    reference: String,
    title: String,
    round: String,
    closes: String,
    link: String,
}

/// Enqueues every reminder due now that has not been enqueued before. Returns how
/// many messages it wrote.
pub async fn run_reminders(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
) -> Result<u64, AppError> {
    let now = clock.now();
    Ok(report_reminders(db, notifier, now).await? + round_reminders(db, notifier, now).await?)
}

/// Keeps only the recipients who do not yet have the message with this key.
async fn not_yet_sent(
    db: &DatabaseConnection,
    key: &str,
    to: Vec<String>,
) -> Result<Vec<String>, AppError> {
    let keys: Vec<String> = to.iter().map(|t| format!("{key}:{t}")).collect();
    let existing: Vec<Option<String>> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::DedupeKey)
        .filter(outbox::Column::DedupeKey.is_in(keys))
        .into_tuple()
        .all(db)
        .await?;
    Ok(to
        .into_iter()
        .filter(|t| !existing.contains(&Some(format!("{key}:{t}"))))
        .collect())
}

async fn report_reminders(
    db: &DatabaseConnection,
    notifier: &Notifier,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let today = report::today(now, notifier.tz);
    let live = [AwardStatus::Accepted, AwardStatus::Active];
    let live_awards = award::Entity::find()
        .select_only()
        .column(award::Column::Id)
        .filter(award::Column::Status.is_in(live))
        .into_query();
    let rows = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.in_subquery(live_awards))
        .filter(monitoring_report::Column::Status.is_in(report::OPEN.iter().copied()))
        .filter(monitoring_report::Column::DueDate.gte(today - Duration::days(30)))
        .filter(monitoring_report::Column::DueDate.lte(today + Duration::days(REPORT_NOTICE_DAYS)))
        .order_by_asc(monitoring_report::Column::Id)
        .all(db)
        .await?;
    let mut written = 0;
    for due_report in rows {
        let Some(kind) = report_reminder(due_report.due_date, today) else {
            continue;
        };
        let key = format!("{}:{}", kind.as_str(), due_report.id);
        let Some(found_award) = award::Entity::find_by_id(due_report.award_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let Some(app) = application::Entity::find_by_id(found_award.application_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let to = organisation_emails(db, app.organisation_id).await?;
        let to = not_yet_sent(db, &key, to).await?;
        if to.is_empty() {
            continue;
        }
        let reference = format::application_key(&app);
        let days_left = (due_report.due_date - today).num_days();
        let context = ReportReminder {
            link: notifier.link(&format!("/applications/{reference}/reports")),
            reference,
            title: app.title.clone(),
            report: report::name(due_report.position, due_report.is_final),
            due: format::date(due_report.due_date),
            days_left,
            days_late: -days_left,
        };
        let subject = match kind {
            Kind::ReportDueSoon => format!(
                "{} for {} is due on {}",
                context.report, context.reference, context.due
            ),
            Kind::ReportDueToday => {
                format!("{} for {} is due today", context.report, context.reference)
            }
            _ => format!("{} for {} is overdue", context.report, context.reference),
        };
        written += enqueue(
            db,
            notifier,
            now,
            Mail {
                kind,
                to,
                subject,
                context: &context,
                dedupe: Some(key),
            },
        )
        .await?;
    }
    Ok(written)
}

async fn round_reminders(
    db: &DatabaseConnection,
    notifier: &Notifier,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let rounds = funding_round::Entity::find()
        .filter(funding_round::Column::Status.eq(RoundStatus::Published))
        .filter(funding_round::Column::OpensAt.lte(now))
        .filter(funding_round::Column::ClosesAt.gt(now))
        .filter(funding_round::Column::ClosesAt.lte(now + round_closing_notice()))
        .order_by_asc(funding_round::Column::Id)
        .all(db)
        .await?;
    let mut written = 0;
    for round in rounds {
        let drafts = application::Entity::find()
            .filter(application::Column::RoundId.eq(round.id))
            .filter(application::Column::Status.eq(Status::Draft))
            .order_by_asc(application::Column::Id)
            .all(db)
            .await?;
        for draft in drafts {
            let key = format!("{}:{}:{}", Kind::RoundClosing.as_str(), round.id, draft.id);
            let to = organisation_emails(db, draft.organisation_id).await?;
            let to = not_yet_sent(db, &key, to).await?;
            if to.is_empty() {
                continue;
            }
            let reference = format::application_key(&draft);
            let context = RoundReminder {
                link: notifier.link(&format!("/applications/{reference}")),
                reference,
                title: draft.title.clone(),
                round: round.name.clone(),
                closes: format::datetime(round.closes_at, notifier.tz),
            };
            let subject = format!(
                "{} closes on {}: your application is not submitted yet",
                context.round, context.closes
            );
            written += enqueue(
                db,
                notifier,
                now,
                Mail {
                    kind: Kind::RoundClosing,
                    to,
                    subject,
                    context: &context,
                    dedupe: Some(key),
                },
            )
            .await?;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn a_report_is_reminded_in_the_fortnight_before_on_the_day_and_a_week_late() {
        let due = day(20);
        assert_eq!(report_reminder(due, day(5)), None, "15 days ahead");
        assert_eq!(report_reminder(due, day(6)), Some(Kind::ReportDueSoon));
        assert_eq!(report_reminder(due, day(19)), Some(Kind::ReportDueSoon));
        assert_eq!(report_reminder(due, day(20)), Some(Kind::ReportDueToday));
        assert_eq!(report_reminder(due, day(26)), None, "six days late");
        assert_eq!(report_reminder(due, day(27)), Some(Kind::ReportOverdue));
    }
}
