//! What the demo's applications refer to, looked up once: rounds, wards,
//! outcomes and their indicators, the rounds' questions, and the demo logins.

use std::collections::HashMap;

use entity::{funding_round, indicator, outcome, user, ward};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::missing;
use super::plan::ROUNDS;
use crate::error::AppError;
use crate::services::rounds::{self, items as round_items};
use crate::services::write::Write;

/// What the seed looks up before it writes.
pub(super) struct Lookups {
    pub(super) rounds: [funding_round::Model; 3],
    pub(super) wards: Vec<i32>,
    /// Outcome code → (outcome id, its indicators' ids in order).
    pub(super) outcomes: HashMap<String, (i32, Vec<i32>)>,
    pub(super) questions: [Vec<i32>; 3],
    pub(super) quiz: [Vec<i32>; 3],
    pub(super) applicant: user::Model,
    pub(super) officer: Option<user::Model>,
}

/// Finds what the earlier parts of the demo wrote, or says what is missing.
pub(super) async fn look_up(txn: &Write<'_>) -> Result<Lookups, AppError> {
    let mut found = Vec::new();
    for slug in ROUNDS {
        found.push(
            rounds::by_slug(txn, slug)
                .await
                .map_err(|_| missing(&format!("the round {slug}")))?,
        );
    }
    let rounds: [funding_round::Model; 3] =
        found.try_into().map_err(|_| missing("three rounds"))?;
    let by_code: HashMap<String, i32> = ward::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|w| (w.code, w.id))
        .collect();
    let wards = (1..=12)
        .map(|n| {
            by_code
                .get(&format!("E050112{n:02}"))
                .copied()
                .ok_or_else(|| missing("the twelve demo wards"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut indicators = indicator::Entity::find().all(txn).await?;
    indicators.sort_by_key(|i| (i.outcome_id, i.position, i.id));
    let outcomes = outcome::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|o| {
            let own = indicators
                .iter()
                .filter(|i| i.outcome_id == o.id)
                .map(|i| i.id)
                .collect();
            (o.code, (o.id, own))
        })
        .collect();
    let mut questions: [Vec<i32>; 3] = Default::default();
    let mut quiz: [Vec<i32>; 3] = Default::default();
    for (i, round) in rounds.iter().enumerate() {
        questions[i] = round_items::questions(txn, round.id)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
        quiz[i] = round_items::quiz(txn, round.id)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
    }
    let user_by_email = |email: &'static str| {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(txn)
    };
    let applicant = user_by_email("applicant@example.org")
        .await?
        .ok_or_else(|| missing("the demo applicant"))?;
    let officer = user_by_email("officer@example.org").await?;
    Ok(Lookups {
        rounds,
        wards,
        outcomes,
        questions,
        quiz,
        applicant,
        officer,
    })
}
