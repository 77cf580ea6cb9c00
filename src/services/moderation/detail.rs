//! One application in moderation: each reviewer's scores and comments, criterion
//! by criterion, with the mean per criterion; its decision and award so far; and
//! what the round has left to award. A fixed number of queries.

use chrono::{DateTime, Utc};
use entity::{
    application, award, conflict_declaration, criterion, decision, funding_round, organisation,
    review, review_score,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::load::{SUBMITTED, names, weigh};
use super::{DECIDABLE, Recommendations};
use crate::domain::application::Status;
use crate::domain::scoring::{self, Summary};
use crate::error::AppError;
use crate::services::rounds::committed_in_round;

/// One reviewer's score and comment on one criterion.
#[derive(Debug, Clone)]
pub struct CriterionScore {
    pub reviewer: String,
    pub score: Option<i32>,
    pub comment: String,
}

/// One criterion: its weight, the mean score over the reviews that scored it, and each score.
#[derive(Debug, Clone)]
pub struct CriterionLine {
    pub title: String,
    pub weight: i32,
    /// Out of 5.
    pub mean: Option<f64>,
    pub scores: Vec<CriterionScore>,
}

/// One submitted review as a whole.
#[derive(Debug, Clone)]
pub struct ReviewLine {
    pub reviewer: String,
    /// Weighted, out of 100.
    pub score: Option<f64>,
    pub recommendation: Option<String>,
    pub comment: String,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Everything the moderation page of one application shows.
#[derive(Debug, Clone)]
pub struct ApplicationModeration {
    pub application: application::Model,
    pub status: Status,
    pub organisation: String,
    pub criteria: Vec<CriterionLine>,
    pub reviews: Vec<ReviewLine>,
    pub summary: Option<Summary>,
    pub disagreement: bool,
    pub recommendations: Recommendations,
    pub conflicted: Vec<String>,
    pub decision: Option<decision::Model>,
    pub award: Option<award::Model>,
    /// The round's committed total, in pence.
    pub committed: i64,
}

/// A recommendation as people read it.
pub fn recommendation_label(stored: &str) -> &'static str {
    match stored {
        "fund" => "Fund",
        "fund_in_part" => "Fund in part",
        "do_not_fund" => "Do not fund",
        _ => "None given",
    }
}

/// One application of `round` in moderation, or 404 when it is not up for decision there.
pub async fn detail<C: ConnectionTrait>(
    conn: &C,
    round: &funding_round::Model,
    application_id: i32,
) -> Result<ApplicationModeration, AppError> {
    let app = application::Entity::find_by_id(application_id)
        .filter(application::Column::RoundId.eq(round.id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = app.status;
    if !DECIDABLE.contains(&status) {
        return Err(AppError::NotFound);
    }
    let organisation = organisation::Entity::find_by_id(app.organisation_id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let criteria = criterion::Entity::find()
        .filter(criterion::Column::RoundId.eq(round.id))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::Id)
        .all(conn)
        .await?;
    let reviews = review::Entity::find()
        .filter(review::Column::ApplicationId.eq(app.id))
        .filter(review::Column::Status.eq(SUBMITTED))
        .order_by_asc(review::Column::SubmittedAt)
        .order_by_asc(review::Column::Id)
        .all(conn)
        .await?;
    let scores = review_score::Entity::find()
        .filter(review_score::Column::ReviewId.is_in(reviews.iter().map(|r| r.id)))
        .all(conn)
        .await?;
    let conflicts: Vec<i32> = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::ApplicationId.eq(app.id))
        .filter(conflict_declaration::Column::HasConflict.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| c.reviewer_id)
        .collect();
    let mut people: Vec<i32> = reviews.iter().map(|r| r.reviewer_id).collect();
    people.extend(conflicts.iter().copied());
    people.sort_unstable();
    people.dedup();
    let users = names(conn, people).await?;
    let name = |id: i32| {
        users
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Reviewer {id}"))
    };
    let parts: Vec<_> = scores
        .iter()
        .map(|s| (s.review_id, s.criterion_id, s.score))
        .collect();
    let weighted = weigh(&criteria, &parts);
    let criterion_lines = criteria
        .iter()
        .map(|c| {
            let line: Vec<CriterionScore> = reviews
                .iter()
                .map(|r| {
                    let found = scores
                        .iter()
                        .find(|s| s.review_id == r.id && s.criterion_id == c.id);
                    CriterionScore {
                        reviewer: name(r.reviewer_id),
                        score: found.and_then(|s| s.score),
                        comment: found.map(|s| s.comment.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            let given: Vec<f64> = line.iter().filter_map(|s| s.score.map(f64::from)).collect();
            CriterionLine {
                title: c.title.clone(),
                weight: c.weight,
                mean: scoring::summarise(&given).map(|s| s.mean),
                scores: line,
            }
        })
        .collect();
    let raw: Vec<f64> = reviews
        .iter()
        .filter_map(|r| weighted.get(&r.id).copied())
        .collect();
    let summary = scoring::summarise(&raw);
    let mut recommendations = Recommendations::default();
    for r in &reviews {
        recommendations.add(r.recommendation.as_deref());
    }
    let mut conflicted: Vec<String> = conflicts.into_iter().map(name).collect();
    conflicted.sort();
    let review_lines = reviews
        .iter()
        .map(|r| ReviewLine {
            reviewer: name(r.reviewer_id),
            score: weighted.get(&r.id).copied(),
            recommendation: r
                .recommendation
                .as_deref()
                .map(|s| recommendation_label(s).to_owned()),
            comment: r.overall_comment.clone(),
            submitted_at: r.submitted_at,
        })
        .collect();
    let decision = decision::Entity::find()
        .filter(decision::Column::ApplicationId.eq(app.id))
        .one(conn)
        .await?;
    let award = award::Entity::find()
        .filter(award::Column::ApplicationId.eq(app.id))
        .one(conn)
        .await?;
    let committed = committed_in_round(conn, round.id).await?;
    Ok(ApplicationModeration {
        disagreement: summary.is_some_and(|s| scoring::disagrees(&s, round.disagreement_margin)),
        application: app,
        status,
        organisation,
        criteria: criterion_lines,
        reviews: review_lines,
        summary,
        recommendations,
        conflicted,
        decision,
        award,
        committed,
    })
}
