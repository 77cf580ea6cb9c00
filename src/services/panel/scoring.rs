//! One panel member's review of one application: loading it with the round's
//! criteria, saving it as a draft, submitting it, and the other submitted reviews
//! they may read once their own is in.
//!
//! A stale save (the review changed in another tab since the page was read) is
//! caught by the review's `updated_at`, sent back with the form as microseconds:
//! every save moves it on by at least one microsecond, so two saves never share it.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Timelike, Utc};
use entity::{criterion, review, review_score};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

use super::{Access, access, names_of};
use crate::clock::Clock;
use crate::db::is_duplicate;
use crate::domain::fields::FieldErrors;
use crate::domain::review::{Recommendation, ReviewStatus, Score};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::rounds::items;
use crate::services::write::Write;

/// The longest comment on one criterion, in characters.
const CRITERION_COMMENT_MAX: usize = 5000;
/// The longest overall comment, in characters.
const OVERALL_COMMENT_MAX: usize = 10_000;

/// The version a form sends back: the review's `updated_at` in microseconds, or
/// `new` before anything is saved.
pub fn version_of(review: Option<&review::Model>) -> String {
    review.map_or_else(
        || "new".to_owned(),
        |r| r.updated_at.timestamp_micros().to_string(),
    )
}

/// The next `updated_at`: now to the microsecond (what PostgreSQL keeps), and always
/// after the one before, so that the version changes at every save.
pub fn next_stamp(previous: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let now = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    if now > previous {
        now
    } else {
        previous + Duration::microseconds(1)
    }
}

/// Another reviewer's submitted review, as a reviewer who has submitted sees it.
#[derive(Debug, Clone)]
pub struct OtherReview {
    pub reviewer: String,
    pub review: review::Model,
    /// By criterion id.
    pub scores: HashMap<i32, review_score::Model>,
}

/// Everything the scoring page shows.
#[derive(Debug, Clone)]
pub struct Scoring {
    pub access: Access,
    pub criteria: Vec<criterion::Model>,
    pub mine: Option<review::Model>,
    /// The member's own scores by criterion id.
    pub my_scores: HashMap<i32, review_score::Model>,
    /// Others' submitted reviews: empty until the member's own is submitted.
    pub others: Vec<OtherReview>,
}

impl Scoring {
    /// True once the member's own review is submitted: the page is then read-only.
    pub fn submitted(&self) -> bool {
        self.mine
            .as_ref()
            .is_some_and(|r| r.status == ReviewStatus::Submitted)
    }
}

async fn scores_of(
    db: &DatabaseConnection,
    review_ids: Vec<i32>,
) -> Result<Vec<review_score::Model>, AppError> {
    Ok(review_score::Entity::find()
        .filter(review_score::Column::ReviewId.is_in(review_ids))
        .all(db)
        .await?)
}

/// The member's review of an application, or 404 when they may not open it.
pub async fn load(
    db: &DatabaseConnection,
    user_id: i32,
    application_id: i32,
) -> Result<Scoring, AppError> {
    let access = access(db, user_id, application_id).await?;
    let criteria = items::criteria(db, access.round.id).await?;
    let mine = review::Entity::find()
        .filter(review::Column::ApplicationId.eq(application_id))
        .filter(review::Column::ReviewerId.eq(user_id))
        .one(db)
        .await?;
    let my_scores = match &mine {
        Some(r) => scores_of(db, vec![r.id])
            .await?
            .into_iter()
            .map(|s| (s.criterion_id, s))
            .collect(),
        None => HashMap::new(),
    };
    let mut page = Scoring {
        access,
        criteria,
        mine,
        my_scores,
        others: Vec::new(),
    };
    // Reviewers judge on their own first: others' reviews only once theirs is in.
    if page.submitted() {
        let reviews = review::Entity::find()
            .filter(review::Column::ApplicationId.eq(application_id))
            .filter(review::Column::ReviewerId.ne(user_id))
            .filter(review::Column::Status.eq(ReviewStatus::Submitted))
            .order_by_asc(review::Column::SubmittedAt)
            .order_by_asc(review::Column::Id)
            .all(db)
            .await?;
        let mut scores: HashMap<i32, HashMap<i32, review_score::Model>> = HashMap::new();
        for s in scores_of(db, reviews.iter().map(|r| r.id).collect()).await? {
            scores
                .entry(s.review_id)
                .or_default()
                .insert(s.criterion_id, s);
        }
        let names = names_of(db, reviews.iter().map(|r| r.reviewer_id)).await?;
        page.others = reviews
            .into_iter()
            .map(|r| OtherReview {
                reviewer: names.get(&r.reviewer_id).cloned().unwrap_or_default(),
                scores: scores.remove(&r.id).unwrap_or_default(),
                review: r,
            })
            .collect();
    }
    Ok(page)
}

/// The review form as typed.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    /// What [`version_of`] gave when the page was read.
    pub version: String,
    /// Typed scores by criterion id.
    pub scores: HashMap<i32, String>,
    /// Typed comments by criterion id.
    pub comments: HashMap<i32, String>,
    pub recommendation: String,
    pub overall_comment: String,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// Fields to correct, by field name (`score-<criterion id>`, `recommendation`…).
    Invalid(FieldErrors),
    /// The review changed since the page was read (another tab or window).
    Stale,
    /// The review cannot change any more; the message says why.
    Closed(&'static str),
    App(AppError),
}

impl From<AppError> for SaveError {
    fn from(error: AppError) -> Self {
        SaveError::App(error)
    }
}

impl From<sea_orm::DbErr> for SaveError {
    fn from(error: sea_orm::DbErr) -> Self {
        SaveError::App(error.into())
    }
}

/// The score's field name, also the id of its first radio button.
pub fn score_field(criterion_id: i32) -> String {
    format!("score-{criterion_id}")
}

/// The comment's field name and id.
pub fn comment_field(criterion_id: i32) -> String {
    format!("comment-{criterion_id}")
}

/// A checked form: `(criterion id, score, comment)` per criterion, and the recommendation.
type Checked = (Vec<(i32, Option<Score>, String)>, Option<Recommendation>);

/// Checks the form against the round's criteria; with `submit`, every score and
/// the recommendation are required.
fn check(
    criteria: &[criterion::Model],
    input: &ReviewInput,
    submit: bool,
) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut lines = Vec::new();
    for c in criteria {
        let typed = input.scores.get(&c.id).map(String::as_str).unwrap_or("");
        let score = match Score::parse(typed) {
            Ok(None) if submit => {
                errors.add(
                    &score_field(c.id),
                    format!("Choose a score for {}", c.title),
                );
                None
            }
            Ok(score) => score,
            Err(message) => {
                errors.add(&score_field(c.id), format!("{message} for {}", c.title));
                None
            }
        };
        let comment = input.comments.get(&c.id).cloned().unwrap_or_default();
        if comment.chars().count() > CRITERION_COMMENT_MAX {
            errors.add(
                &comment_field(c.id),
                format!(
                    "The comment on {} must be 5,000 characters or fewer",
                    c.title
                ),
            );
        }
        lines.push((c.id, score, comment.trim().to_owned()));
    }
    let recommendation = match input.recommendation.trim() {
        "" if submit => {
            errors.add("recommendation", "Choose a recommendation");
            None
        }
        "" => None,
        typed => match Recommendation::parse(typed) {
            Some(r) => Some(r),
            None => {
                errors.add("recommendation", "Choose one of the recommendations");
                None
            }
        },
    };
    if input.overall_comment.chars().count() > OVERALL_COMMENT_MAX {
        errors.add(
            "overall_comment",
            "The overall comment must be 10,000 characters or fewer",
        );
    }
    if errors.is_empty() {
        Ok((lines, recommendation))
    } else {
        Err(errors)
    }
}

/// Saves the member's review as a draft, or with `submit` submits it, in one
/// transaction with its audit event. Nothing is stored when anything is refused.
pub async fn save(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    application_id: i32,
    input: &ReviewInput,
    submit: bool,
) -> Result<review::Model, SaveError> {
    let txn = Write::begin(db, clock, actor).await?;
    let found = access(&txn, user_id, application_id).await?;
    if found.declared != Some(false) {
        return Err(SaveError::Closed(
            "Declare whether you have a conflict of interest before scoring",
        ));
    }
    if !found.open {
        return Err(SaveError::Closed(
            "The application has been decided, so its reviews can no longer change",
        ));
    }
    // Locked so that a double submit, or two tabs, take turns (PostgreSQL).
    let existing = review::Entity::find()
        .filter(review::Column::ApplicationId.eq(application_id))
        .filter(review::Column::ReviewerId.eq(user_id))
        .lock_exclusive()
        .one(&txn)
        .await?;
    if existing
        .as_ref()
        .is_some_and(|r| r.status == ReviewStatus::Submitted)
    {
        return Err(SaveError::Closed(
            "You have already submitted this review, so it can no longer change",
        ));
    }
    if version_of(existing.as_ref()) != input.version.trim() {
        return Err(SaveError::Stale);
    }
    let criteria = items::criteria(&txn, found.round.id).await?;
    let (lines, recommendation) = check(&criteria, input, submit).map_err(SaveError::Invalid)?;

    let now = txn.now;
    let status = if submit {
        ReviewStatus::Submitted
    } else {
        ReviewStatus::Draft
    };
    let recommendation = recommendation.map(|r| r.as_str().to_owned());
    let overall = input.overall_comment.trim().to_owned();
    let submitted_at = submit.then_some(now);
    let saved = match existing {
        Some(r) => {
            let stamp = next_stamp(r.updated_at, now);
            let mut change = r.into_active_model();
            change.status = Set(status);
            change.recommendation = Set(recommendation);
            change.overall_comment = Set(overall);
            change.submitted_at = Set(submitted_at);
            change.updated_at = Set(stamp);
            change.update(&txn).await?
        }
        None => {
            let stamp = next_stamp(DateTime::<Utc>::MIN_UTC, now);
            let inserted = review::ActiveModel {
                application_id: Set(application_id),
                reviewer_id: Set(user_id),
                status: Set(status),
                recommendation: Set(recommendation),
                overall_comment: Set(overall),
                submitted_at: Set(submitted_at),
                reopened_reason: Set(None),
                created_at: Set(stamp),
                updated_at: Set(stamp),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(r) => r,
                // Another tab saved the first draft at the same moment (PostgreSQL).
                Err(e) if is_duplicate(&e) => return Err(SaveError::Stale),
                Err(e) => return Err(e.into()),
            }
        }
    };
    review_score::Entity::delete_many()
        .filter(review_score::Column::ReviewId.eq(saved.id))
        .exec(&txn)
        .await?;
    if !lines.is_empty() {
        review_score::Entity::insert_many(lines.into_iter().map(
            |(criterion_id, score, comment)| review_score::ActiveModel {
                review_id: Set(saved.id),
                criterion_id: Set(criterion_id),
                score: Set(score.map(Score::value)),
                comment: Set(comment),
                ..Default::default()
            },
        ))
        .exec_without_returning(&txn)
        .await?;
    }
    if submit {
        let detail = format!(
            "review {} submitted: {}",
            saved.id,
            saved.recommendation.as_deref().unwrap_or_default()
        );
        txn.audit(Action::ReviewSubmitted, application_id, detail)
            .await?;
    } else {
        let detail = format!("draft saved for application {application_id}");
        txn.audit(Action::ReviewDraftSaved, saved.id, detail)
            .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_save_moves_the_stamp_on_even_within_one_microsecond() {
        let now = Utc::now();
        let first = next_stamp(DateTime::<Utc>::MIN_UTC, now);
        assert_eq!(first.nanosecond() % 1000, 0, "kept to the microsecond");
        let second = next_stamp(first, first);
        assert!(second > first);
        assert_ne!(
            first.timestamp_micros(),
            second.timestamp_micros(),
            "the version changes"
        );
    }
}
