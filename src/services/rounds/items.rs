//! The lists each round holds: its eligibility quiz, its extra questions and its
//! scoring criteria. All three are fixed once the round has a submitted application.

use entity::{criterion, eligibility_question, outcome, round_question};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::db::begin_write;
use crate::domain::ordering::{Direction, move_one};
use crate::domain::text::parse_whole;
use crate::error::{AppError, FieldErrors};
use crate::services::audit::{self, Actor};
use crate::services::editing::write_positions;
use crate::services::rounds::is_locked;

/// Which list of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Quiz,
    Question,
    Criterion,
}

impl ItemKind {
    /// From the path segment: `quiz`, `questions` or `criteria`.
    pub fn from_path(segment: &str) -> Option<Self> {
        Some(match segment {
            "quiz" => Self::Quiz,
            "questions" => Self::Question,
            "criteria" => Self::Criterion,
            _ => return None,
        })
    }

    /// The path segment.
    pub fn path(self) -> &'static str {
        match self {
            Self::Quiz => "quiz",
            Self::Question => "questions",
            Self::Criterion => "criteria",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Self::Quiz => "eligibility_question",
            Self::Question => "round_question",
            Self::Criterion => "criterion",
        }
    }

    /// The name used in the audit log.
    pub fn entity(self) -> &'static str {
        match self {
            Self::Quiz => "eligibility_question",
            Self::Question => "round_question",
            Self::Criterion => "criterion",
        }
    }
}

/// The kinds of extra question, as stored and as shown.
pub const QUESTION_KINDS: &[(&str, &str)] = &[
    ("short_text", "Short text"),
    ("long_text", "Long text, with a word limit"),
    ("yes_no", "Yes or no"),
    ("number", "Number"),
    ("single_choice", "Choose one from a list"),
];

/// The round's quiz, in order.
pub async fn quiz<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<eligibility_question::Model>, AppError> {
    Ok(eligibility_question::Entity::find()
        .filter(eligibility_question::Column::RoundId.eq(round_id))
        .order_by_asc(eligibility_question::Column::Position)
        .order_by_asc(eligibility_question::Column::Id)
        .all(conn)
        .await?)
}

/// The round's extra questions, in order.
pub async fn questions<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<round_question::Model>, AppError> {
    Ok(round_question::Entity::find()
        .filter(round_question::Column::RoundId.eq(round_id))
        .order_by_asc(round_question::Column::Position)
        .order_by_asc(round_question::Column::Id)
        .all(conn)
        .await?)
}

/// The round's scoring criteria, in order.
pub async fn criteria<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<criterion::Model>, AppError> {
    Ok(criterion::Entity::find()
        .filter(criterion::Column::RoundId.eq(round_id))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::Id)
        .all(conn)
        .await?)
}

/// A quiz question as typed.
#[derive(Debug, Clone, Default)]
pub struct QuizInput {
    pub question: String,
    /// `yes` or `no`: the answer that lets someone apply.
    pub qualifying_answer: String,
    pub failure_message: String,
}

/// An extra question as typed.
#[derive(Debug, Clone, Default)]
pub struct QuestionInput {
    pub prompt: String,
    pub help_text: String,
    pub kind: String,
    pub word_limit: String,
    /// One choice per line, for `single_choice`.
    pub choices: String,
    pub required: bool,
}

/// A scoring criterion as typed.
#[derive(Debug, Clone, Default)]
pub struct CriterionInput {
    pub title: String,
    pub guidance: String,
    pub weight: String,
    /// An outcome's id, or blank for none.
    pub outcome_id: String,
}

fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    message: &str,
    max: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, message);
    } else if value.chars().count() > max {
        errors.add(field, format!("This must be {max} characters or fewer"));
    }
    value.to_owned()
}

async fn refuse_if_locked<C: ConnectionTrait>(conn: &C, round_id: i32) -> Result<(), AppError> {
    if is_locked(conn, round_id).await? {
        return Err(AppError::Invalid(FieldErrors::single(
            "locked",
            "This round has submitted applications, so its quiz, questions and criteria can no longer change",
        )));
    }
    Ok(())
}

async fn next_position<C: ConnectionTrait>(
    conn: &C,
    kind: ItemKind,
    round_id: i32,
) -> Result<i32, AppError> {
    let last = positions(conn, kind, round_id)
        .await?
        .into_iter()
        .map(|(_, position)| position)
        .max();
    Ok(last.map_or(1, |m| m + 1))
}

/// Adds (no `id`) or changes a quiz question.
pub async fn save_quiz(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    id: Option<i32>,
    input: &QuizInput,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let question = required_text(
        &mut errors,
        "question",
        &input.question,
        "Enter the question",
        1_000,
    );
    let qualifying = match input.qualifying_answer.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add(
                "qualifying_answer",
                "Choose the answer that lets someone apply",
            );
            None
        }
    };
    let failure_message = required_text(
        &mut errors,
        "failure_message",
        &input.failure_message,
        "Enter what to tell someone who cannot apply, and what else they might do",
        2_000,
    );
    errors.into_result()?;
    let now = clock.now();
    let txn = begin_write(db).await?;
    refuse_if_locked(&txn, round_id).await?;
    let mut model = match id {
        Some(id) => find_quiz(&txn, round_id, id).await?.into(),
        None => eligibility_question::ActiveModel {
            round_id: Set(round_id),
            position: Set(next_position(&txn, ItemKind::Quiz, round_id).await?),
            ..Default::default()
        },
    };
    model.question = Set(question.clone());
    model.qualifying_answer = Set(qualifying.unwrap_or(true));
    model.failure_message = Set(failure_message);
    model.save(&txn).await?;
    let action = if id.is_some() {
        "round.quiz_changed"
    } else {
        "round.quiz_added"
    };
    audit::record(&txn, now, actor, action, "round", round_id, question).await?;
    txn.commit().await?;
    Ok(())
}

/// One quiz question of a round, or 404.
pub async fn find_quiz<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<eligibility_question::Model, AppError> {
    eligibility_question::Entity::find_by_id(id)
        .filter(eligibility_question::Column::RoundId.eq(round_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds (no `id`) or changes an extra question.
pub async fn save_question(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    id: Option<i32>,
    input: &QuestionInput,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let prompt = required_text(
        &mut errors,
        "prompt",
        &input.prompt,
        "Enter the question",
        1_000,
    );
    if input.help_text.chars().count() > 2_000 {
        errors.add("help_text", "Help text must be 2,000 characters or fewer");
    }
    let kind = input.kind.trim();
    if !QUESTION_KINDS.iter().any(|(k, _)| *k == kind) {
        errors.add("kind", "Choose the kind of answer");
    }
    let word_limit = if kind == "long_text" {
        parse_whole(&input.word_limit, "the word limit", 10, 5_000)
            .map_err(|m| errors.add("word_limit", m))
            .ok()
            .and_then(|n| i32::try_from(n).ok())
    } else {
        None
    };
    let choices: Vec<&str> = input
        .choices
        .lines()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if kind == "single_choice" && choices.len() < 2 {
        errors.add("choices", "Enter at least two choices, one on each line");
    }
    errors.into_result()?;
    let now = clock.now();
    let txn = begin_write(db).await?;
    refuse_if_locked(&txn, round_id).await?;
    let mut model = match id {
        Some(id) => find_question(&txn, round_id, id).await?.into(),
        None => round_question::ActiveModel {
            round_id: Set(round_id),
            position: Set(next_position(&txn, ItemKind::Question, round_id).await?),
            ..Default::default()
        },
    };
    model.prompt = Set(prompt.clone());
    model.help_text = Set(input.help_text.trim().to_owned());
    model.kind = Set(kind.to_owned());
    model.word_limit = Set(word_limit);
    model.choices = Set(if kind == "single_choice" {
        choices.join("\n")
    } else {
        String::new()
    });
    model.required = Set(input.required);
    model.save(&txn).await?;
    let action = if id.is_some() {
        "round.question_changed"
    } else {
        "round.question_added"
    };
    audit::record(&txn, now, actor, action, "round", round_id, prompt).await?;
    txn.commit().await?;
    Ok(())
}

/// One extra question of a round, or 404.
pub async fn find_question<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<round_question::Model, AppError> {
    round_question::Entity::find_by_id(id)
        .filter(round_question::Column::RoundId.eq(round_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds (no `id`) or changes a scoring criterion.
pub async fn save_criterion(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    id: Option<i32>,
    input: &CriterionInput,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let title = required_text(
        &mut errors,
        "title",
        &input.title,
        "Enter the criterion's title",
        200,
    );
    if input.guidance.chars().count() > 5_000 {
        errors.add("guidance", "Guidance must be 5,000 characters or fewer");
    }
    let weight = parse_whole(&input.weight, "the weight", 1, 100)
        .map_err(|m| errors.add("weight", m))
        .ok()
        .and_then(|n| i32::try_from(n).ok());
    let outcome_id = match input.outcome_id.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("outcome_id", "Choose an outcome from the list, or none");
                None
            }
        },
    };
    errors.into_result()?;
    let now = clock.now();
    let txn = begin_write(db).await?;
    if let Some(outcome_id) = outcome_id
        && outcome::Entity::find_by_id(outcome_id)
            .one(&txn)
            .await?
            .is_none()
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "outcome_id",
            "Choose an outcome from the list, or none",
        )));
    }
    refuse_if_locked(&txn, round_id).await?;
    let mut model = match id {
        Some(id) => find_criterion(&txn, round_id, id).await?.into(),
        None => criterion::ActiveModel {
            round_id: Set(round_id),
            position: Set(next_position(&txn, ItemKind::Criterion, round_id).await?),
            ..Default::default()
        },
    };
    model.title = Set(title.clone());
    model.guidance = Set(input.guidance.trim().to_owned());
    model.weight = Set(weight.unwrap_or(1));
    model.outcome_id = Set(outcome_id);
    model.save(&txn).await?;
    let action = if id.is_some() {
        "round.criterion_changed"
    } else {
        "round.criterion_added"
    };
    audit::record(
        &txn,
        now,
        actor,
        action,
        "round",
        round_id,
        format!("{title} (weight {})", weight.unwrap_or(1)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One criterion of a round, or 404.
pub async fn find_criterion<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<criterion::Model, AppError> {
    criterion::Entity::find_by_id(id)
        .filter(criterion::Column::RoundId.eq(round_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Ids and positions of one list of a round, in order.
async fn positions<C: ConnectionTrait>(
    conn: &C,
    kind: ItemKind,
    round_id: i32,
) -> Result<Vec<(i32, i32)>, AppError> {
    Ok(match kind {
        ItemKind::Quiz => quiz(conn, round_id)
            .await?
            .into_iter()
            .map(|m| (m.id, m.position))
            .collect(),
        ItemKind::Question => questions(conn, round_id)
            .await?
            .into_iter()
            .map(|m| (m.id, m.position))
            .collect(),
        ItemKind::Criterion => criteria(conn, round_id)
            .await?
            .into_iter()
            .map(|m| (m.id, m.position))
            .collect(),
    })
}

/// Moves an item one place up or down its list.
pub async fn move_item(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    kind: ItemKind,
    id: i32,
    direction: Direction,
) -> Result<(), AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    refuse_if_locked(&txn, round_id).await?;
    let order = positions(&txn, kind, round_id).await?;
    if !order.iter().any(|(item, _)| *item == id) {
        return Err(AppError::NotFound);
    }
    if let Some(changes) = move_one(&order, id, direction) {
        match kind {
            ItemKind::Quiz => {
                use eligibility_question::{Column, Entity};
                write_positions::<Entity, _>(&txn, Column::Id, Column::Position, &changes).await?
            }
            ItemKind::Question => {
                use round_question::{Column, Entity};
                write_positions::<Entity, _>(&txn, Column::Id, Column::Position, &changes).await?
            }
            ItemKind::Criterion => {
                use criterion::{Column, Entity};
                write_positions::<Entity, _>(&txn, Column::Id, Column::Position, &changes).await?
            }
        }
        audit::record(
            &txn,
            now,
            actor,
            "round.item_moved",
            kind.entity(),
            id,
            direction.as_str(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Removes an item from its list.
pub async fn delete_item(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    kind: ItemKind,
    id: i32,
) -> Result<(), AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    refuse_if_locked(&txn, round_id).await?;
    let found = positions(&txn, kind, round_id)
        .await?
        .iter()
        .any(|(item, _)| *item == id);
    if !found {
        return Err(AppError::NotFound);
    }
    let statement = Query::delete()
        .from_table(Alias::new(kind.table()))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    txn.execute(&statement).await?;
    audit::record(
        &txn,
        now,
        actor,
        "round.item_removed",
        kind.entity(),
        id,
        format!("from round {round_id}"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
