//! The demo's payments: the accepted awards of "Small grants 2025" get their
//! schedules as if accepted on the day they were, and a spread of what happens
//! next: paid (so active), one paid and completed with its final report
//! accepted, one withheld because a report is overdue, one cancelled.

use chrono::{Days, NaiveDate};
use entity::{award, funding_round, monitoring_report, payment_tranche};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::clock::Clock;
use crate::domain::award::{AwardStatus, AwardStatusRules};
use crate::domain::money::Money;
use crate::domain::payment_schedule::{TrancheStatus, TrancheStatusRules};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::payments;
use crate::services::write::Write;

/// What befalls each accepted award, in order of id; awards beyond the list stay accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Completed,
    Paid,
    Withheld,
    Cancelled,
}

const FATES: &[Fate] = &[
    Fate::Completed,
    Fate::Paid,
    Fate::Withheld,
    Fate::Paid,
    Fate::Cancelled,
];

/// Writes the schedules and what was done with them.
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let today = now.date_naive();
    let system = Actor::system();
    let txn = Write::begin_at(db, now, &system).await?;
    let round = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq("small-grants-2025"))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Internal("the demo needs the Small grants 2025 round".into()))?;
    let accepted = award::Entity::find()
        .filter(award::Column::RoundId.eq(round.id))
        .filter(award::Column::Status.eq(AwardStatus::Accepted))
        .order_by_asc(award::Column::Id)
        .all(&txn)
        .await?;
    let mut paid_total = 0_i64;
    let mut counts = [0_usize; 4];
    for (n, found) in accepted.iter().enumerate() {
        let accepted_at = found.responded_at.unwrap_or(found.offered_at);
        payments::write_schedule(&txn, found, accepted_at.date_naive(), accepted_at).await?;
        let tranches = payments::tranches_of(&txn, found.id).await?;
        let Some(fate) = FATES.get(n).copied() else {
            continue;
        };
        let first = tranches.first();
        match fate {
            Fate::Paid | Fate::Completed => {
                for (i, t) in tranches.iter().filter(|t| t.due_date <= today).enumerate() {
                    let paid_on = t
                        .due_date
                        .checked_add_days(Days::new(7))
                        .unwrap_or(t.due_date)
                        .min(today);
                    let reference = format!("FIN-2025-{:05}", 120 + n * 10 + i);
                    set_tranche(&txn, t, TrancheStatus::Paid, Some((paid_on, reference))).await?;
                    paid_total += t.amount_pence;
                }
                let all_paid = tranches.iter().all(|t| t.due_date <= today);
                if fate == Fate::Completed && all_paid {
                    final_report(&txn, found, today, now).await?;
                    set_award(&txn, found.id, AwardStatus::Completed, now).await?;
                    counts[0] += 1;
                } else {
                    set_award(&txn, found.id, AwardStatus::Active, now).await?;
                    counts[1] += 1;
                }
            }
            Fate::Withheld => {
                if let Some(t) = first {
                    set_tranche(&txn, t, TrancheStatus::Withheld, None).await?;
                    counts[2] += 1;
                }
            }
            Fate::Cancelled => {
                set_award(&txn, found.id, AwardStatus::Cancelled, now).await?;
                payment_tranche::Entity::update_many()
                    .col_expr(
                        payment_tranche::Column::Status,
                        Expr::value(TrancheStatus::Cancelled.as_str()),
                    )
                    .filter(payment_tranche::Column::AwardId.eq(found.id))
                    .filter(payment_tranche::Column::Status.ne(TrancheStatus::Paid))
                    .exec(&txn)
                    .await?;
                counts[3] += 1;
            }
        }
    }
    let summary = format!(
        "Demo payments in {}: {} schedules; {} paid; {} completed, {} active, {} withheld, {} cancelled",
        round.name,
        accepted.len(),
        Money(paid_total),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    txn.audit(Action::DemoPaymentsSeeded, round.id, summary)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_tranche(
    txn: &Write<'_>,
    t: &payment_tranche::Model,
    to: TrancheStatus,
    paid: Option<(NaiveDate, String)>,
) -> Result<(), AppError> {
    let mut change: payment_tranche::ActiveModel = t.clone().into();
    change.status = Set(to);
    if let Some((date, reference)) = paid {
        change.paid_date = Set(Some(date));
        change.finance_reference = Set(Some(reference));
    }
    if to == TrancheStatus::Withheld {
        change.withheld_reason = Set(Some("Report overdue".to_owned()));
    }
    change.update(txn).await?;
    Ok(())
}

async fn set_award(
    txn: &Write<'_>,
    id: i32,
    to: AwardStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    award::Entity::update_many()
        .col_expr(award::Column::Status, Expr::value(to.as_str()))
        .col_expr(award::Column::UpdatedAt, Expr::value(now))
        .filter(award::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The completed award's final report, accepted. The reports area's demo may
/// already have scheduled it: then that row is the one accepted.
async fn final_report(
    txn: &Write<'_>,
    found: &award::Model,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let existing = monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(found.id))
        .order_by_desc(monitoring_report::Column::Position)
        .all(txn)
        .await?;
    let position = existing.first().map_or(1, |r| r.position + 1);
    let mut report = match existing.into_iter().find(|r| r.is_final) {
        Some(row) => row.into(),
        None => monitoring_report::ActiveModel {
            award_id: Set(found.id),
            position: Set(position),
            is_final: Set(true),
            due_date: Set(today.checked_sub_days(Days::new(30)).unwrap_or(today)),
            case_study: Set(String::new()),
            case_study_consent: Set(false),
            officer_message: Set(None),
            reviewed_by: Set(None),
            created_at: Set(now),
            ..Default::default()
        },
    };
    report.status = Set(monitoring_report::Status::Accepted);
    report.version = Set(1);
    report.beneficiaries = Set(Some(140));
    report.volunteers = Set(Some(12));
    report.volunteer_hours = Set(Some(410));
    report.spend_to_date_pence = Set(Some(found.amount_pence));
    report.went_well = Set(
        "Weekly sessions were full from the second month, and eight regulars now help run them."
            .to_owned(),
    );
    report.was_hard = Set("Heating the hall through January cost more than planned.".to_owned());
    report.submitted_at = Set(Some(now));
    report.reviewed_at = Set(Some(now));
    report.updated_at = Set(now);
    report.save(txn).await?;
    Ok(())
}
