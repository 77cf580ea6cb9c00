//! Moderation: every decidable application of a round with its reviews' weighted
//! scores, their spread, the panel's recommendations and conflicts, ranked, with a
//! running total against the round's budget ([`board`]); and one application's
//! reviews criterion by criterion ([`detail`]).
//!
//! Everything is loaded with a fixed number of queries, whatever the number of
//! applications: the rows are put together in memory.

pub mod detail;
mod load;

use std::collections::HashMap;

use entity::funding_round;

use crate::domain::application::Status;
use crate::domain::award::AwardStatusRules;
use crate::domain::scoring::{self, RankKey, Summary};
use crate::error::AppError;

pub use detail::{ApplicationModeration, CriterionLine, ReviewLine, detail};
pub use load::{BoardApplication, BoardAward};

use crate::services::rounds::committed_in_round;

/// The statuses an application has when it is, or has been, up for decision.
pub const DECIDABLE: &[Status] = &[
    Status::Eligible,
    Status::Reserve,
    Status::Awarded,
    Status::Declined,
];

/// One reviewer's weighted score of an application.
#[derive(Debug, Clone)]
pub struct ReviewerScore {
    pub reviewer_id: i32,
    pub reviewer: String,
    /// Out of 100.
    pub score: f64,
    /// On the panel's common scale (see [`scoring::normalise`]).
    pub normalised: f64,
}

/// How many reviewers recommended what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recommendations {
    pub fund: usize,
    pub fund_in_part: usize,
    pub do_not_fund: usize,
}

impl Recommendations {
    /// Counts one stored recommendation (an unknown value counts as none).
    pub fn add(&mut self, stored: Option<&str>) {
        match stored {
            Some("fund") => self.fund += 1,
            Some("fund_in_part") => self.fund_in_part += 1,
            Some("do_not_fund") => self.do_not_fund += 1,
            _ => {}
        }
    }
}

/// One application on the board.
#[derive(Debug, Clone)]
pub struct Row {
    pub application: BoardApplication,
    pub status: Status,
    pub organisation: String,
    pub scores: Vec<ReviewerScore>,
    /// Over the raw weighted scores.
    pub summary: Option<Summary>,
    /// The mean of the normalised scores.
    pub normalised_mean: Option<f64>,
    pub disagreement: bool,
    pub recommendations: Recommendations,
    /// Names of reviewers who declared a conflict.
    pub conflicted: Vec<String>,
    pub award: Option<BoardAward>,
    /// The mean the board ranks by (raw or normalised).
    pub ranked_mean: Option<f64>,
    /// At or above the round's fundable threshold.
    pub fundable: bool,
    /// What this row costs the budget, in pence: the award for an award that stands,
    /// nothing for a declined application or a refused or cancelled award, and the
    /// amount requested otherwise.
    pub cost: i64,
    /// The running total after this row, in pence.
    pub cumulative: i64,
    /// True when the money runs out just above this row.
    pub money_runs_out_here: bool,
}

impl Row {
    /// True once decided (award, reserve or decline).
    pub fn decided(&self) -> bool {
        self.status != Status::Eligible
    }
}

/// A round's moderation board.
#[derive(Debug, Clone)]
pub struct Board {
    pub round: funding_round::Model,
    pub rows: Vec<Row>,
    pub normalised: bool,
    /// Awards that stand (offered, accepted, active, completed), in pence.
    pub committed: i64,
    /// True when any row has a score.
    pub scored: bool,
}

/// What a row costs the budget: see [`Row::cost`].
fn cost_of(status: Status, app: &BoardApplication, award: Option<&BoardAward>) -> i64 {
    match (status, award) {
        (Status::Declined, _) => 0,
        (Status::Awarded, Some(a)) if a.status.is_committed() => a.amount_pence,
        (Status::Awarded, Some(_)) => 0,
        _ => app.requested_pence,
    }
}

/// The board of a round, ranked by raw means, or by normalised means when asked.
pub async fn board<C: sea_orm::ConnectionTrait>(
    conn: &C,
    round: &funding_round::Model,
    normalised: bool,
) -> Result<Board, AppError> {
    let data = load::round_data(conn, round.id).await?;
    let committed = committed_in_round(conn, round.id).await?;
    let normal = scoring::normalise(&data.scored());
    let mut rows: Vec<Row> = data
        .applications
        .iter()
        .map(|app| {
            let status = app.status;
            let reviews = data.reviews_of(app.id);
            let scores: Vec<ReviewerScore> = reviews
                .iter()
                .filter_map(|r| {
                    let score = data.weighted.get(&r.id).copied()?;
                    Some(ReviewerScore {
                        reviewer_id: r.reviewer_id,
                        reviewer: data.name(r.reviewer_id),
                        score,
                        normalised: normal
                            .get(&(r.reviewer_id, app.id))
                            .copied()
                            .unwrap_or(score),
                    })
                })
                .collect();
            let raw: Vec<f64> = scores.iter().map(|s| s.score).collect();
            let normals: Vec<f64> = scores.iter().map(|s| s.normalised).collect();
            let summary = scoring::summarise(&raw);
            let normalised_mean = scoring::summarise(&normals).map(|s| s.mean);
            let mut recommendations = Recommendations::default();
            for review in &reviews {
                recommendations.add(review.recommendation.as_deref());
            }
            let award = data.awards.get(&app.id).cloned();
            let ranked_mean = if normalised {
                normalised_mean
            } else {
                summary.map(|s| s.mean)
            };
            Row {
                application: app.clone(),
                status,
                organisation: data.organisation(app.organisation_id),
                disagreement: summary
                    .is_some_and(|s| scoring::disagrees(&s, round.disagreement_margin)),
                fundable: ranked_mean
                    .is_some_and(|m| scoring::fundable(m, round.fundable_threshold)),
                cost: cost_of(status, app, award.as_ref()),
                scores,
                summary,
                normalised_mean,
                recommendations,
                conflicted: data.conflicted_names(app.id),
                award,
                ranked_mean,
                cumulative: 0,
                money_runs_out_here: false,
            }
        })
        .collect();
    let keys: HashMap<i32, RankKey> = rows
        .iter()
        .map(|r| {
            (
                r.application.id,
                RankKey {
                    mean: r.ranked_mean,
                    reviews: r.scores.len(),
                    submitted_at: r.application.submitted_at,
                    id: r.application.id,
                },
            )
        })
        .collect();
    rows.sort_by(
        |a, b| match (keys.get(&a.application.id), keys.get(&b.application.id)) {
            (Some(x), Some(y)) => scoring::rank_order(x, y),
            _ => a.application.id.cmp(&b.application.id),
        },
    );
    let costs: Vec<i64> = rows.iter().map(|r| r.cost).collect();
    let total = scoring::running_total(&costs, round.budget_pence);
    for (i, row) in rows.iter_mut().enumerate() {
        row.cumulative = total.cumulative.get(i).copied().unwrap_or(0);
        row.money_runs_out_here = total.runs_out_at == Some(i);
    }
    Ok(Board {
        round: round.clone(),
        scored: rows.iter().any(|r| r.summary.is_some()),
        rows,
        normalised,
        committed,
    })
}
