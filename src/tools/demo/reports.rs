//! The demo's monitoring reports for the accepted awards of "Small grants 2025":
//! one in each state (accepted with figures near the targets, submitted, sent back
//! with a message, overdue, and due), so every page has something to show.
//!
//! Due dates are set relative to the day the demo is seeded rather than the
//! projects' own dates, so that "overdue" and "due" both exist whenever it runs.

use chrono::{Duration, NaiveDate};
use entity::{application, application_target, award, funding_round, report_value, user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::clock::Clock;
use crate::db::begin_write;
use crate::domain::award::AwardStatus;
use crate::domain::report::{self, ReportStatus, ScheduleRules};
use crate::error::AppError;
use crate::services::audit::{self, Actor};
use crate::services::reports::blank;

/// What the demo does with each accepted award's reports, in turn.
#[derive(Debug, Clone, Copy)]
enum Story {
    Accepted,
    Submitted,
    ChangesRequested,
    Overdue,
    Due,
}

const STORIES: &[Story] = &[
    Story::Accepted,
    Story::Submitted,
    Story::ChangesRequested,
    Story::Overdue,
    Story::Due,
];

impl Story {
    /// Days from today to the last report's due date.
    fn due_in_days(self) -> i64 {
        match self {
            Story::Accepted => -40,
            Story::Submitted => -10,
            Story::ChangesRequested => -20,
            Story::Overdue => -18,
            Story::Due => 75,
        }
    }

    fn status(self) -> ReportStatus {
        match self {
            Story::Accepted => ReportStatus::Accepted,
            Story::Submitted => ReportStatus::Submitted,
            Story::ChangesRequested => ReportStatus::ChangesRequested,
            Story::Overdue | Story::Due => ReportStatus::Due,
        }
    }
}

const WENT_WELL: &[&str] = &[
    "Word spread quickly through the school gates and the Tuesday sessions were full by the third week.",
    "Volunteers from the allotment society ran the practical sessions, and several stayed on as regulars.",
    "Partnering with the library gave us a warm, free space and brought in people we would not have reached.",
];

const WAS_HARD: &[&str] = &[
    "Finding drivers for the minibus in winter: we now pay mileage to two volunteers.",
    "The hall's heating failed in January, so we moved two weeks of sessions to the church room.",
    "Recording attendance consistently took time to settle; we now use one sign-in sheet per session.",
];

const CASE_STUDY: &str = "A widower in his seventies came along after his GP suggested it. \
     Six months on he helps set up the room each week and says it is the part of the week he looks forward to most.";

/// A figure near `target`: between 90% and 110%, varying with `seed`.
fn near(target: i64, seed: i64) -> i64 {
    target * (90 + (seed * 7).rem_euclid(21)) / 100
}

/// Writes the reports of the accepted awards of "Small grants 2025".
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let today: NaiveDate = now.date_naive();
    let txn = begin_write(db).await?;
    let Some(round) = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq("small-grants-2025"))
        .one(&txn)
        .await?
    else {
        return Err(AppError::Internal(
            "the demo needs the Small grants 2025 round".into(),
        ));
    };
    let officer = user::Entity::find()
        .filter(user::Column::Email.eq("officer@example.org"))
        .one(&txn)
        .await?
        .map(|u| u.id);
    let awards = award::Entity::find()
        .filter(award::Column::RoundId.eq(round.id))
        .filter(award::Column::Status.eq(AwardStatus::Accepted))
        .order_by_asc(award::Column::Id)
        .all(&txn)
        .await?;
    let apps: Vec<application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(awards.iter().map(|a| a.application_id)))
        .all(&txn)
        .await?;
    let targets = application_target::Entity::find()
        .filter(application_target::Column::ApplicationId.is_in(apps.iter().map(|a| a.id)))
        .all(&txn)
        .await?;
    let rules = ScheduleRules {
        single_payment_max_pence: round.single_payment_max_pence,
        interval_months: round.report_interval_months,
    };
    let mut values = Vec::new();
    let mut written = 0;
    for (n, award) in awards.iter().enumerate() {
        let story = STORIES[n % STORIES.len()];
        let app = apps.iter().find(|a| a.id == award.application_id);
        let accepted_on = award.responded_at.unwrap_or(now).date_naive();
        let (start, end) = report::project_dates(
            app.and_then(|a| a.start_date),
            app.and_then(|a| a.end_date),
            accepted_on,
        );
        let planned = report::schedule(award.amount_pence, rules, start, end);
        let Some(last) = planned.last() else { continue };
        let shift = (today + Duration::days(story.due_in_days())) - last.due_date;
        let count = planned.len();
        for p in &planned {
            let due = p.due_date + shift;
            let is_last = p.position as usize == count;
            // Earlier reports of a longer grant were dealt with long ago.
            let status = if is_last {
                story.status()
            } else {
                ReportStatus::Accepted
            };
            let mut row = blank(award.id, p.position, p.is_final, due, now);
            let filled = status != ReportStatus::Due;
            let seed = i64::from(award.id) + i64::from(p.position);
            let share = if is_last { 100 } else { 50 };
            if filled {
                let people: i64 = targets
                    .iter()
                    .filter(|t| Some(t.application_id) == app.map(|a| a.id))
                    .map(|t| t.target)
                    .max()
                    .unwrap_or(40);
                let volunteers = 4 + seed.rem_euclid(9);
                row.beneficiaries = Set(Some(near(people, seed) * share / 100));
                row.volunteers = Set(Some(volunteers));
                row.volunteer_hours =
                    Set(Some(volunteers * (20 + seed.rem_euclid(25)) * share / 100));
                row.spend_to_date_pence = Set(Some(award.amount_pence * (share - 5).max(0) / 100));
                row.went_well = Set(WENT_WELL[n % WENT_WELL.len()].to_owned());
                row.was_hard = Set(WAS_HARD[n % WAS_HARD.len()].to_owned());
                row.submitted_at = Set(Some(now - Duration::days(-story.due_in_days() + 3)));
                if matches!(story, Story::Accepted) && is_last {
                    row.case_study = Set(CASE_STUDY.to_owned());
                    row.case_study_consent = Set(true);
                    // Most are already on the public pages; the rest wait for an officer.
                    row.case_study_published_at =
                        Set((n % 3 != 0).then(|| now - Duration::days(4)));
                }
            }
            if matches!(
                status,
                ReportStatus::Accepted | ReportStatus::ChangesRequested
            ) {
                row.reviewed_at = Set(Some(now - Duration::days(5)));
                row.reviewed_by = Set(officer);
            }
            if status == ReportStatus::ChangesRequested {
                row.officer_message = Set(Some(
                    "Thank you. Please say how many of the people reached were new to the group this year, \
                     and explain the underspend against the equipment line."
                        .to_owned(),
                ));
            }
            row.status = Set(status);
            let saved = row.insert(&txn).await?;
            written += 1;
            if filled {
                for t in targets
                    .iter()
                    .filter(|t| Some(t.application_id) == app.map(|a| a.id))
                {
                    values.push(report_value::ActiveModel {
                        report_id: Set(saved.id),
                        indicator_id: Set(t.indicator_id),
                        achieved: Set(Some(
                            near(t.target, seed + i64::from(t.indicator_id)) * share / 100,
                        )),
                        ..Default::default()
                    });
                }
            }
        }
    }
    if !values.is_empty() {
        report_value::Entity::insert_many(values)
            .exec_without_returning(&txn)
            .await?;
    }
    audit::record(
        &txn,
        now,
        &Actor::system(),
        "demo.reports_seeded",
        "round",
        round.id,
        format!(
            "{written} demo monitoring reports for {} accepted awards in {}",
            awards.len(),
            round.name
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
