//! What the moderation pages show, built from the services' rows.

use chrono::{DateTime, Utc};
use entity::{decision, funding_round};
use serde::Serialize;

use crate::domain::application::StatusRules;
use crate::domain::award::{AwardStatus, AwardStatusRules, Outcome};
use crate::domain::scoring::one_decimal;
use crate::services::moderation::{ApplicationModeration, Board, Recommendations, Row};
use crate::views::{FormView, Layout};

/// The round's details every moderation page shows.
#[derive(Serialize)]
pub(super) struct RoundView {
    name: String,
    slug: String,
    budget: i64,
    threshold: i32,
    margin: i32,
    reviews_needed: i32,
}

impl From<&funding_round::Model> for RoundView {
    fn from(r: &funding_round::Model) -> Self {
        RoundView {
            name: r.name.clone(),
            slug: r.slug.clone(),
            budget: r.budget_pence,
            threshold: r.fundable_threshold,
            margin: r.disagreement_margin,
            reviews_needed: r.reviews_needed,
        }
    }
}

#[derive(Serialize)]
struct ScoreView {
    reviewer: String,
    score: String,
}

#[derive(Serialize)]
struct RecommendationsView {
    fund: usize,
    fund_in_part: usize,
    do_not_fund: usize,
}

impl From<Recommendations> for RecommendationsView {
    fn from(r: Recommendations) -> Self {
        RecommendationsView {
            fund: r.fund,
            fund_in_part: r.fund_in_part,
            do_not_fund: r.do_not_fund,
        }
    }
}

/// One row of the board.
#[derive(Serialize)]
pub(super) struct RowView {
    rank: usize,
    id: i32,
    reference: String,
    title: String,
    organisation: String,
    requested: i64,
    status_label: &'static str,
    decided: bool,
    award_label: Option<String>,
    reviews: usize,
    scores: Vec<ScoreView>,
    mean: Option<String>,
    spread: Option<String>,
    sd: Option<String>,
    disagreement: bool,
    recommendations: RecommendationsView,
    conflicted: Option<String>,
    below_threshold: bool,
    unscored: bool,
    cumulative: i64,
    money_runs_out_here: bool,
}

/// "Accepted award: £4,000.00", from an award's stored status and amount.
fn award_label(award: Option<(AwardStatus, i64)>) -> Option<String> {
    award.map(|(status, amount_pence)| {
        format!(
            "{} award: {}",
            status.label(),
            crate::domain::money::Money(amount_pence)
        )
    })
}

impl RowView {
    fn new(rank: usize, row: &Row, normalised: bool) -> Self {
        let app = &row.application;
        RowView {
            rank,
            id: app.id,
            reference: app.reference.clone().unwrap_or_default(),
            title: app.title.clone(),
            organisation: row.organisation.clone(),
            requested: app.requested_pence,
            status_label: row.status.label(),
            decided: row.decided(),
            award_label: award_label(row.award.as_ref().map(|a| (a.status, a.amount_pence))),
            reviews: row.scores.len(),
            scores: row
                .scores
                .iter()
                .map(|s| ScoreView {
                    reviewer: s.reviewer.clone(),
                    score: one_decimal(if normalised { s.normalised } else { s.score }),
                })
                .collect(),
            mean: row.ranked_mean.map(one_decimal),
            spread: row.summary.map(|s| one_decimal(s.spread)),
            sd: row.summary.map(|s| one_decimal(s.sd)),
            disagreement: row.disagreement,
            recommendations: row.recommendations.into(),
            conflicted: (!row.conflicted.is_empty()).then(|| row.conflicted.join(", ")),
            below_threshold: row.ranked_mean.is_some() && !row.fundable,
            unscored: row.ranked_mean.is_none(),
            cumulative: row.cumulative,
            money_runs_out_here: row.money_runs_out_here,
        }
    }
}

/// The board page.
#[derive(Serialize)]
pub(super) struct BoardPage {
    layout: Layout,
    round: RoundView,
    normalised: bool,
    committed: i64,
    remaining: i64,
    rows: Vec<RowView>,
    /// True when the running total never passes the budget.
    all_fit: bool,
}

impl BoardPage {
    pub(super) fn new(layout: Layout, board: &Board) -> Self {
        let title = format!("Moderation: {}", board.round.name);
        BoardPage {
            layout: layout.titled(&title, None),
            round: RoundView::from(&board.round),
            normalised: board.normalised,
            committed: board.committed,
            remaining: board.round.budget_pence - board.committed,
            all_fit: !board.rows.iter().any(|r| r.money_runs_out_here),
            rows: board
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| RowView::new(i + 1, r, board.normalised))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct CriterionScoreView {
    reviewer: String,
    score: String,
    comment: String,
}

#[derive(Serialize)]
struct CriterionView {
    title: String,
    weight: i32,
    mean: Option<String>,
    scores: Vec<CriterionScoreView>,
}

#[derive(Serialize)]
struct ReviewView {
    reviewer: String,
    score: Option<String>,
    recommendation: Option<String>,
    comment: String,
    submitted_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct DecisionView {
    outcome: &'static str,
    amount: i64,
    is_award: bool,
    reason: String,
    conditions: String,
    feedback: String,
    decided_at: DateTime<Utc>,
}

impl From<&decision::Model> for DecisionView {
    fn from(d: &decision::Model) -> Self {
        let outcome = Outcome::parse(&d.outcome);
        DecisionView {
            outcome: outcome.map_or("Unknown", Outcome::label),
            is_award: outcome == Some(Outcome::Award),
            amount: d.amount_pence,
            reason: d.reason.clone(),
            conditions: d.conditions.clone(),
            feedback: d.feedback.clone(),
            decided_at: d.decided_at,
        }
    }
}

#[derive(Serialize)]
struct ApplicationView {
    id: i32,
    reference: String,
    title: String,
    organisation: String,
    requested: i64,
    status_label: &'static str,
}

/// One application's moderation page, with its decision forms.
#[derive(Serialize)]
pub(super) struct DetailPage {
    layout: Layout,
    round: RoundView,
    application: ApplicationView,
    criteria: Vec<CriterionView>,
    reviews: Vec<ReviewView>,
    review_count: usize,
    mean: Option<String>,
    spread: Option<String>,
    sd: Option<String>,
    disagreement: bool,
    recommendations: RecommendationsView,
    conflicted: Option<String>,
    decision: Option<DecisionView>,
    award: Option<String>,
    committed: i64,
    remaining: i64,
    can_decide: bool,
    can_reserve: bool,
    seen_version: i32,
    form: FormView,
}

impl DetailPage {
    pub(super) fn new(
        layout: Layout,
        round: &funding_round::Model,
        d: ApplicationModeration,
        seen_version: i32,
        form: FormView,
    ) -> Self {
        use crate::domain::application::Status;
        let reference = d.application.reference.clone().unwrap_or_default();
        let title = format!("Moderation: {reference}");
        DetailPage {
            layout: layout.titled(&title, Some(&form)),
            round: RoundView::from(round),
            can_decide: matches!(d.status, Status::Eligible | Status::Reserve),
            can_reserve: d.status == Status::Eligible,
            seen_version,
            form,
            application: ApplicationView {
                id: d.application.id,
                reference,
                title: d.application.title.clone(),
                organisation: d.organisation.clone(),
                requested: d.application.requested_pence,
                status_label: d.status.label(),
            },
            criteria: d
                .criteria
                .iter()
                .map(|c| CriterionView {
                    title: c.title.clone(),
                    weight: c.weight,
                    mean: c.mean.map(|m| format!("{m:.2}")),
                    scores: c
                        .scores
                        .iter()
                        .map(|s| CriterionScoreView {
                            reviewer: s.reviewer.clone(),
                            score: s.score.map_or("Not scored".into(), |v| v.to_string()),
                            comment: s.comment.clone(),
                        })
                        .collect(),
                })
                .collect(),
            reviews: d
                .reviews
                .iter()
                .map(|r| ReviewView {
                    reviewer: r.reviewer.clone(),
                    score: r.score.map(one_decimal),
                    recommendation: r.recommendation.clone(),
                    comment: r.comment.clone(),
                    submitted_at: r.submitted_at,
                })
                .collect(),
            review_count: d.reviews.len(),
            mean: d.summary.map(|s| one_decimal(s.mean)),
            spread: d.summary.map(|s| one_decimal(s.spread)),
            sd: d.summary.map(|s| one_decimal(s.sd)),
            disagreement: d.disagreement,
            recommendations: d.recommendations.into(),
            conflicted: (!d.conflicted.is_empty()).then(|| d.conflicted.join(", ")),
            decision: d.decision.as_ref().map(DecisionView::from),
            award: award_label(d.award.as_ref().map(|a| (a.status, a.amount_pence))),
            committed: d.committed,
            remaining: round.budget_pence - d.committed,
        }
    }
}
