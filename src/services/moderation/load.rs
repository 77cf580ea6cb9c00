//! The queries behind moderation: one per table, whatever the number of
//! applications, with the round's applications chosen by subquery so that no
//! list of ids grows with the round.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    application, award, conflict_declaration, criterion, organisation, review, review_score, user,
};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DerivePartialModel, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tokio::try_join;

use super::DECIDABLE;
use crate::domain::scoring::{self, Part, Scored};
use crate::error::AppError;

/// The submitted status of a review.
pub(super) const SUBMITTED: review::Status = review::Status::Submitted;

/// What the board shows of an application (not its answers or declarations).
#[derive(Debug, Clone, DerivePartialModel)]
#[sea_orm(entity = "application::Entity")]
pub struct BoardApplication {
    pub id: i32,
    pub reference: Option<String>,
    pub organisation_id: i32,
    pub status: application::Status,
    pub title: String,
    pub requested_pence: i64,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// What the board counts of a submitted review (not its comments).
#[derive(Debug, Clone, DerivePartialModel)]
#[sea_orm(entity = "review::Entity")]
pub(super) struct BoardReview {
    pub id: i32,
    pub application_id: i32,
    pub reviewer_id: i32,
    pub recommendation: Option<String>,
}

/// What the board shows of an award.
#[derive(Debug, Clone, DerivePartialModel)]
#[sea_orm(entity = "award::Entity")]
pub struct BoardAward {
    pub application_id: i32,
    pub status: award::Status,
    pub amount_pence: i64,
}

/// Everything moderation reads about a round, loaded at once.
pub(super) struct RoundData {
    pub applications: Vec<BoardApplication>,
    organisations: HashMap<i32, String>,
    reviews: Vec<BoardReview>,
    /// Where each application's reviews are in `reviews`, in the order they came.
    reviews_by_application: HashMap<i32, Vec<usize>>,
    /// Each submitted review's weighted score out of 100, by review id.
    pub weighted: HashMap<i32, f64>,
    users: HashMap<i32, String>,
    conflicts: Vec<(i32, i32)>,
    pub awards: HashMap<i32, BoardAward>,
}

impl RoundData {
    pub fn reviews_of(&self, application_id: i32) -> Vec<&BoardReview> {
        self.reviews_by_application
            .get(&application_id)
            .map(|at| at.iter().map(|i| &self.reviews[*i]).collect())
            .unwrap_or_default()
    }

    pub fn name(&self, user_id: i32) -> String {
        self.users
            .get(&user_id)
            .cloned()
            .unwrap_or_else(|| format!("Reviewer {user_id}"))
    }

    pub fn organisation(&self, id: i32) -> String {
        self.organisations.get(&id).cloned().unwrap_or_default()
    }

    pub fn conflicted_names(&self, application_id: i32) -> Vec<String> {
        let mut names: Vec<String> = self
            .conflicts
            .iter()
            .filter(|(a, _)| *a == application_id)
            .map(|(_, r)| self.name(*r))
            .collect();
        names.sort();
        names
    }

    /// Every submitted review's score, for normalisation across the panel.
    pub fn scored(&self) -> Vec<Scored<i32, i32>> {
        self.reviews
            .iter()
            .filter_map(|r| {
                self.weighted.get(&r.id).map(|score| Scored {
                    reviewer: r.reviewer_id,
                    application: r.application_id,
                    score: *score,
                })
            })
            .collect()
    }
}

/// `SELECT id FROM application WHERE round_id = ? AND status IN (decidable)`.
fn decidable_ids(round_id: i32) -> SelectStatement {
    Query::select()
        .column(application::Column::Id)
        .from(application::Entity)
        .and_where(application::Column::RoundId.eq(round_id))
        .and_where(application::Column::Status.is_in(DECIDABLE.iter().copied()))
        .to_owned()
}

/// `SELECT id FROM review WHERE submitted AND application_id IN (decidable)`.
fn submitted_review_ids(round_id: i32) -> SelectStatement {
    Query::select()
        .column(review::Column::Id)
        .from(review::Entity)
        .and_where(review::Column::Status.eq(SUBMITTED))
        .and_where(review::Column::ApplicationId.in_subquery(decidable_ids(round_id)))
        .to_owned()
}

/// What weighing needs of a criterion score: review id, criterion id and the score.
pub(super) type ScorePart = (i32, i32, Option<i32>);

/// Weighted scores of reviews from their criterion scores and the criteria's weights.
pub(super) fn weigh(criteria: &[criterion::Model], scores: &[ScorePart]) -> HashMap<i32, f64> {
    let weights: HashMap<i32, i32> = criteria.iter().map(|c| (c.id, c.weight)).collect();
    let mut parts: HashMap<i32, Vec<Part>> = HashMap::new();
    for &(review_id, criterion_id, score) in scores {
        if let Some(weight) = weights.get(&criterion_id) {
            parts.entry(review_id).or_default().push(Part {
                weight: *weight,
                score,
            });
        }
    }
    parts
        .into_iter()
        .filter_map(|(id, p)| scoring::weighted_score(&p).map(|score| (id, score)))
        .collect()
}

/// Names of users, by id, in one query.
pub(super) async fn names<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Loads a round's moderation data in eight queries, seven of them side by side.
pub(super) async fn round_data<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<RoundData, AppError> {
    // The queries are independent: they run side by side, each on its own connection
    // (one after another inside a transaction).
    let (applications, organisations, criteria, reviews, scores, conflicts, awards) = try_join!(
        application::Entity::find()
            .filter(application::Column::Id.in_subquery(decidable_ids(round_id)))
            .order_by_asc(application::Column::Id)
            .into_partial_model::<BoardApplication>()
            .all(conn),
        organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::Name)
            .filter(
                organisation::Column::Id.in_subquery(
                    Query::select()
                        .column(application::Column::OrganisationId)
                        .from(application::Entity)
                        .and_where(application::Column::Id.in_subquery(decidable_ids(round_id)))
                        .to_owned(),
                ),
            )
            .into_tuple::<(i32, String)>()
            .all(conn),
        criterion::Entity::find()
            .filter(criterion::Column::RoundId.eq(round_id))
            .all(conn),
        review::Entity::find()
            .filter(review::Column::Id.in_subquery(submitted_review_ids(round_id)))
            .order_by_asc(review::Column::SubmittedAt)
            .order_by_asc(review::Column::Id)
            .into_partial_model::<BoardReview>()
            .all(conn),
        review_score::Entity::find()
            .select_only()
            .column(review_score::Column::ReviewId)
            .column(review_score::Column::CriterionId)
            .column(review_score::Column::Score)
            .filter(review_score::Column::ReviewId.in_subquery(submitted_review_ids(round_id)))
            .into_tuple::<ScorePart>()
            .all(conn),
        conflict_declaration::Entity::find()
            .select_only()
            .column(conflict_declaration::Column::ApplicationId)
            .column(conflict_declaration::Column::ReviewerId)
            .filter(conflict_declaration::Column::HasConflict.eq(true))
            .filter(
                conflict_declaration::Column::ApplicationId.in_subquery(decidable_ids(round_id))
            )
            .into_tuple::<(i32, i32)>()
            .all(conn),
        award::Entity::find()
            .filter(award::Column::RoundId.eq(round_id))
            .into_partial_model::<BoardAward>()
            .all(conn),
    )?;
    let organisations = organisations.into_iter().collect();
    let awards = awards.into_iter().map(|a| (a.application_id, a)).collect();
    let mut people: Vec<i32> = reviews
        .iter()
        .map(|r| r.reviewer_id)
        .chain(conflicts.iter().map(|c| c.1))
        .collect();
    people.sort_unstable();
    people.dedup();
    let users = names(conn, people).await?;
    let mut reviews_by_application: HashMap<i32, Vec<usize>> = HashMap::new();
    for (i, review) in reviews.iter().enumerate() {
        reviews_by_application
            .entry(review.application_id)
            .or_default()
            .push(i);
    }
    Ok(RoundData {
        reviews_by_application,
        weighted: weigh(&criteria, &scores),
        applications,
        organisations,
        reviews,
        users,
        conflicts,
        awards,
    })
}
