//! The demo's panels and reviews. The three demo panel members sit on "Big ideas
//! 2026" (in assessment), where their reviews are in every state: submitted,
//! draft, reopened, one declared conflict, and one application on which two of
//! them strongly disagree; and on "Small grants 2025" (decided), where every
//! review of its eligible applications is submitted. Written straight to the
//! tables in one transaction, with one summary audit event.

use chrono::{DateTime, Duration, Utc};
use entity::{
    application, conflict_declaration, criterion, funding_round, review, review_assignment,
    review_score, round_panel_member, user,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::db::WriteTransaction;
use crate::db::begin_write;
use crate::domain::application::Status;
use crate::domain::review::{Recommendation, ReviewStatus};
use crate::error::AppError;
use crate::services::audit::{self, Actor};
use crate::services::rounds::items;

/// The demo panel members, in the order the plans below use them.
const PANEL: [&str; 3] = [
    "panel1@example.org",
    "panel2@example.org",
    "panel3@example.org",
];

/// What a reviewer wrote about a criterion, by score: plain words a panel would use.
const REMARKS: [&str; 6] = [
    "Not addressed: the bid does not answer this at all.",
    "Thin: a sentence or two, and nothing to show it is true locally.",
    "Some of the right ideas, but too little detail to be confident it will happen as described.",
    "Covers the basics. It leans on general statements more than on what the group has seen in the area.",
    "Clear and credible, with local evidence; a few gaps the group could tighten up.",
    "Outstanding: specific, local and realistic, and the people it serves helped shape it.",
];

/// One reviewer's part in an application.
#[derive(Clone, Copy)]
enum Part {
    /// Nothing declared yet.
    Nothing,
    /// Declared no conflict, nothing scored.
    Declared,
    Conflict(&'static str),
    /// A draft with scores for the first `n` criteria.
    Draft(usize),
    /// Submitted with every criterion at `score` (give or take one).
    Submitted(i32, Recommendation),
    /// Submitted, then reopened by the officer with this reason.
    Reopened(i32, &'static str),
}

/// Big ideas 2026: per application (in id order), what each panel member did.
fn big_ideas_plan(index: usize) -> [Part; 3] {
    use Part::*;
    use Recommendation::*;
    match index {
        // Two reviewers far apart: about 90 against about 30 out of 100.
        0 => [Submitted(5, Fund), Submitted(2, DoNotFund), Draft(2)],
        1 => [
            Conflict("I am a trustee of the group's partner charity."),
            Submitted(4, Fund),
            Submitted(3, FundInPart),
        ],
        2 => [Draft(1), Declared, Nothing],
        3 => [
            Submitted(3, FundInPart),
            Reopened(
                4,
                "Please look again at the budget: the applicant has clarified the staffing costs.",
            ),
            Declared,
        ],
        _ => [Nothing, Nothing, Nothing],
    }
}

/// Small grants 2025: every review submitted, opinions varying believably.
fn small_grants_plan(index: usize) -> [Part; 3] {
    use Part::*;
    use Recommendation::*;
    let base = [4, 3, 5, 2, 4][index % 5];
    let rec = |s: i32| match s {
        5 | 4 => Fund,
        3 => FundInPart,
        _ => DoNotFund,
    };
    let around = |d: i32| (base + d).clamp(1, 5);
    [
        Submitted(around(0), rec(around(0))),
        Submitted(around(-1), rec(around(-1))),
        Submitted(around(1), rec(around(1))),
    ]
}

fn overall(recommendation: Recommendation) -> &'static str {
    match recommendation {
        Recommendation::Fund => {
            "A strong, well-rooted bid from a group that clearly knows its neighbourhood. I would fund it in full."
        }
        Recommendation::FundInPart => {
            "Worth supporting, but the budget asks for more than the activity needs. I would fund the core sessions and not the equipment."
        }
        Recommendation::DoNotFund => {
            "I could not see enough evidence of need or a realistic plan to deliver. The group should be encouraged to reapply with more detail."
        }
    }
}

struct Seeder<'a> {
    txn: &'a WriteTransaction,
    now: DateTime<Utc>,
    reviews: usize,
}

impl Seeder<'_> {
    async fn write(
        &mut self,
        app: &application::Model,
        reviewer: i32,
        criteria: &[criterion::Model],
        part: Part,
        nth: i64,
    ) -> Result<(), AppError> {
        let at = self.now - Duration::days(20) + Duration::hours(nth * 5 + i64::from(reviewer));
        let (has_conflict, nature) = match part {
            Part::Nothing => return Ok(()),
            Part::Conflict(nature) => (true, nature),
            _ => (false, ""),
        };
        conflict_declaration::ActiveModel {
            application_id: Set(app.id),
            reviewer_id: Set(reviewer),
            has_conflict: Set(has_conflict),
            nature: Set(nature.to_owned()),
            declared_at: Set(at),
            ..Default::default()
        }
        .insert(self.txn)
        .await?;
        let (status, scored, score, recommendation, reopened) = match part {
            Part::Draft(n) => (ReviewStatus::Draft, n, 3, None, None),
            Part::Submitted(s, r) => (ReviewStatus::Submitted, criteria.len(), s, Some(r), None),
            Part::Reopened(s, why) => (
                ReviewStatus::Draft,
                criteria.len(),
                s,
                Some(Recommendation::FundInPart),
                Some(why),
            ),
            Part::Nothing | Part::Declared | Part::Conflict(_) => return Ok(()),
        };
        let saved = review::ActiveModel {
            application_id: Set(app.id),
            reviewer_id: Set(reviewer),
            status: Set(status),
            recommendation: Set(recommendation.map(|r| r.as_str().to_owned())),
            overall_comment: Set(recommendation.map(overall).unwrap_or_default().to_owned()),
            submitted_at: Set((status == ReviewStatus::Submitted).then_some(at)),
            reopened_reason: Set(reopened.map(str::to_owned)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(self.txn)
        .await?;
        let rows: Vec<review_score::ActiveModel> = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // A little variety between criteria, without leaving 1–5.
                let wobble = [0, -1, 0, 1][i % 4];
                let value = (score + wobble).clamp(1, 5);
                let given = i < scored;
                review_score::ActiveModel {
                    review_id: Set(saved.id),
                    criterion_id: Set(c.id),
                    score: Set(given.then_some(value)),
                    comment: Set(if given {
                        REMARKS[usize::try_from(value).unwrap_or(3)].to_owned()
                    } else {
                        String::new()
                    }),
                    ..Default::default()
                }
            })
            .collect();
        if !rows.is_empty() {
            review_score::Entity::insert_many(rows)
                .exec_without_returning(self.txn)
                .await?;
        }
        self.reviews += 1;
        Ok(())
    }

    /// Puts the panel on the round, assigns every eligible application to all three,
    /// and writes each reviewer's part from `plan`.
    async fn round(
        &mut self,
        slug: &str,
        panel: &[i32],
        plan: fn(usize) -> [Part; 3],
    ) -> Result<(), AppError> {
        let Some(round) = funding_round::Entity::find()
            .filter(funding_round::Column::Slug.eq(slug))
            .one(self.txn)
            .await?
        else {
            return Err(AppError::Internal(format!(
                "the demo needs the round {slug}, seeded before reviews"
            )));
        };
        for member in panel {
            round_panel_member::ActiveModel {
                round_id: Set(round.id),
                user_id: Set(*member),
                created_at: Set(self.now - Duration::days(30)),
                ..Default::default()
            }
            .insert(self.txn)
            .await?;
        }
        let criteria = items::criteria(self.txn, round.id).await?;
        let applications = application::Entity::find()
            .filter(application::Column::RoundId.eq(round.id))
            .filter(application::Column::Status.eq(Status::Eligible))
            .order_by_asc(application::Column::Id)
            .all(self.txn)
            .await?;
        for (index, app) in applications.iter().enumerate() {
            let parts = plan(index);
            for (slot, reviewer) in panel.iter().enumerate() {
                review_assignment::ActiveModel {
                    application_id: Set(app.id),
                    reviewer_id: Set(*reviewer),
                    created_at: Set(self.now - Duration::days(25)),
                    ..Default::default()
                }
                .insert(self.txn)
                .await?;
                let nth = i64::try_from(index).unwrap_or(0);
                self.write(app, *reviewer, &criteria, parts[slot], nth)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Adds the demo's panels and reviews.
pub async fn seed(db: &sea_orm::DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    let mut panel = Vec::new();
    for email in PANEL {
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::Internal(format!("the demo needs {email}")))?;
        panel.push(found.id);
    }
    let mut seeder = Seeder {
        txn: &txn,
        now,
        reviews: 0,
    };
    seeder
        .round("big-ideas-2026", &panel, big_ideas_plan)
        .await?;
    seeder
        .round("small-grants-2025", &panel, small_grants_plan)
        .await?;
    let detail = format!(
        "3 panel members on 2 rounds, {} demo reviews",
        seeder.reviews
    );
    audit::record(
        &txn,
        now,
        &Actor::system(),
        "demo.reviews_seeded",
        "review",
        "",
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
