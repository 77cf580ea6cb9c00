//! The lists each round holds: its eligibility quiz, its extra questions and its
//! scoring criteria. All three are fixed once the round has a submitted application.

use std::marker::PhantomData;

use entity::{criterion, eligibility_question, outcome, round_question};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition,
    ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::domain::ordering::Direction;
use crate::domain::round::{QuestionKind, QuestionKindRules};
use crate::domain::text::parse_whole;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::ordered::{self, Ordered};
use crate::services::rounds::is_locked;
use crate::services::write::Write;

pub use crate::domain::round::ItemKind;

/// One of a round's lists, for the code the three share.
trait RoundList: Send + Sync + 'static {
    type Entity: EntityTrait<Model = Self::Model, ActiveModel = Self::ActiveModel>;
    type Model: IntoActiveModel<Self::ActiveModel> + FromQueryResult + Send + Sync;
    type ActiveModel: ActiveModelBehavior<Entity = Self::Entity> + Send;
    const KIND: ItemKind;
    const ROUND_ID: <Self::Entity as EntityTrait>::Column;
    const ID: <Self::Entity as EntityTrait>::Column;
    const POSITION: <Self::Entity as EntityTrait>::Column;
}

struct QuizList;

impl RoundList for QuizList {
    type Entity = eligibility_question::Entity;
    type Model = eligibility_question::Model;
    type ActiveModel = eligibility_question::ActiveModel;
    const KIND: ItemKind = ItemKind::Quiz;
    const ROUND_ID: eligibility_question::Column = eligibility_question::Column::RoundId;
    const ID: eligibility_question::Column = eligibility_question::Column::Id;
    const POSITION: eligibility_question::Column = eligibility_question::Column::Position;
}

struct QuestionList;

impl RoundList for QuestionList {
    type Entity = round_question::Entity;
    type Model = round_question::Model;
    type ActiveModel = round_question::ActiveModel;
    const KIND: ItemKind = ItemKind::Question;
    const ROUND_ID: round_question::Column = round_question::Column::RoundId;
    const ID: round_question::Column = round_question::Column::Id;
    const POSITION: round_question::Column = round_question::Column::Position;
}

struct CriterionList;

impl RoundList for CriterionList {
    type Entity = criterion::Entity;
    type Model = criterion::Model;
    type ActiveModel = criterion::ActiveModel;
    const KIND: ItemKind = ItemKind::Criterion;
    const ROUND_ID: criterion::Column = criterion::Column::RoundId;
    const ID: criterion::Column = criterion::Column::Id;
    const POSITION: criterion::Column = criterion::Column::Position;
}

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

async fn next_position<L: RoundList>(txn: &Write<'_>, round_id: i32) -> Result<i32, AppError> {
    let last: Option<i32> = L::Entity::find()
        .select_only()
        .column(L::POSITION)
        .filter(L::ROUND_ID.eq(round_id))
        .order_by_desc(L::POSITION)
        .into_tuple()
        .one(txn)
        .await?;
    Ok(last.map_or(1, |m| m + 1))
}

/// One item of a round's list, or 404.
async fn find<L: RoundList, C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<L::Model, AppError> {
    L::Entity::find()
        .filter(L::ID.eq(id))
        .filter(L::ROUND_ID.eq(round_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds (no `id`) or changes an item of a round's list, its fields set by `fill`, and
/// audits it against the round; then commits.
async fn save<L: RoundList>(
    txn: Write<'_>,
    round_id: i32,
    id: Option<i32>,
    fill: impl FnOnce(&mut L::ActiveModel) + Send,
    detail: String,
) -> Result<(), AppError> {
    refuse_if_locked(&txn, round_id).await?;
    let mut model = match id {
        Some(id) => find::<L, _>(&txn, round_id, id).await?.into_active_model(),
        None => {
            let mut new = L::ActiveModel::default();
            new.set(L::ROUND_ID, round_id.into());
            new.set(
                L::POSITION,
                next_position::<L>(&txn, round_id).await?.into(),
            );
            new
        }
    };
    fill(&mut model);
    model.save(&txn).await?;
    let action = if id.is_some() {
        Action::RoundItemChanged(L::KIND)
    } else {
        Action::RoundItemAdded(L::KIND)
    };
    txn.audit(action, round_id, detail).await?;
    txn.commit().await?;
    Ok(())
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
    let txn = Write::begin(db, clock, actor).await?;
    let detail = question.clone();
    let fill = |model: &mut eligibility_question::ActiveModel| {
        model.question = Set(question);
        model.qualifying_answer = Set(qualifying.unwrap_or(true));
        model.failure_message = Set(failure_message);
    };
    save::<QuizList>(txn, round_id, id, fill, detail).await
}

/// One quiz question of a round, or 404.
pub async fn find_quiz<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<eligibility_question::Model, AppError> {
    find::<QuizList, _>(conn, round_id, id).await
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
    let kind = QuestionKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Choose the kind of answer");
    }
    let word_limit = if kind == Some(QuestionKind::LongText) {
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
    if kind == Some(QuestionKind::SingleChoice) && choices.len() < 2 {
        errors.add("choices", "Enter at least two choices, one on each line");
    }
    errors.into_result()?;
    // Present: a missing kind is a field error above.
    let kind = kind.unwrap_or(QuestionKind::ShortText);
    let txn = Write::begin(db, clock, actor).await?;
    let detail = prompt.clone();
    let fill = |model: &mut round_question::ActiveModel| {
        model.prompt = Set(prompt);
        model.help_text = Set(input.help_text.trim().to_owned());
        model.kind = Set(kind);
        model.word_limit = Set(word_limit);
        model.choices = Set(if kind == QuestionKind::SingleChoice {
            choices.join("\n")
        } else {
            String::new()
        });
        model.required = Set(input.required);
    };
    save::<QuestionList>(txn, round_id, id, fill, detail).await
}

/// One extra question of a round, or 404.
pub async fn find_question<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<round_question::Model, AppError> {
    find::<QuestionList, _>(conn, round_id, id).await
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
    let txn = Write::begin(db, clock, actor).await?;
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
    let detail = format!("{title} (weight {})", weight.unwrap_or(1));
    let fill = |model: &mut criterion::ActiveModel| {
        model.title = Set(title);
        model.guidance = Set(input.guidance.trim().to_owned());
        model.weight = Set(weight.unwrap_or(1));
        model.outcome_id = Set(outcome_id);
    };
    save::<CriterionList>(txn, round_id, id, fill, detail).await
}

/// One criterion of a round, or 404.
pub async fn find_criterion<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    id: i32,
) -> Result<criterion::Model, AppError> {
    find::<CriterionList, _>(conn, round_id, id).await
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
    match kind {
        ItemKind::Quiz => move_in::<QuizList>(db, clock, actor, round_id, id, direction).await,
        ItemKind::Question => {
            move_in::<QuestionList>(db, clock, actor, round_id, id, direction).await
        }
        ItemKind::Criterion => {
            move_in::<CriterionList>(db, clock, actor, round_id, id, direction).await
        }
    }
}

async fn move_in<L: RoundList>(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    id: i32,
    direction: Direction,
) -> Result<(), AppError> {
    let list = InRound::<L> {
        round_id,
        list: PhantomData,
    };
    ordered::move_item(db, clock, actor, &list, id, direction).await?;
    Ok(())
}

/// One list of one round, as an ordered list.
struct InRound<L> {
    round_id: i32,
    list: PhantomData<L>,
}

impl<L: RoundList> Ordered for InRound<L> {
    type Entity = L::Entity;
    type Item = ();
    const ID: <L::Entity as EntityTrait>::Column = L::ID;
    const POSITION: <L::Entity as EntityTrait>::Column = L::POSITION;

    async fn load(&self, txn: &Write<'_>, id: i32) -> Result<(), AppError> {
        refuse_if_locked(txn, self.round_id).await?;
        find::<L, _>(txn, self.round_id, id).await?;
        Ok(())
    }

    fn list(&self, _: &()) -> Condition {
        Condition::all().add(L::ROUND_ID.eq(self.round_id))
    }

    async fn record(
        &self,
        txn: &Write<'_>,
        id: i32,
        _: &(),
        direction: Direction,
    ) -> Result<(), AppError> {
        txn.audit(Action::RoundItemMoved(L::KIND), id, direction.as_str())
            .await
    }
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
    match kind {
        ItemKind::Quiz => delete_in::<QuizList>(db, clock, actor, round_id, id).await,
        ItemKind::Question => delete_in::<QuestionList>(db, clock, actor, round_id, id).await,
        ItemKind::Criterion => delete_in::<CriterionList>(db, clock, actor, round_id, id).await,
    }
}

async fn delete_in<L: RoundList>(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    id: i32,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    refuse_if_locked(&txn, round_id).await?;
    find::<L, _>(&txn, round_id, id).await?;
    L::Entity::delete_many()
        .filter(L::ID.eq(id))
        .exec(&txn)
        .await?;
    txn.audit(
        Action::RoundItemRemoved(L::KIND),
        id,
        format!("from round {round_id}"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
