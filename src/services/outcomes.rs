//! The outcomes framework: outcomes, each measured by indicators in fixed units.

use std::collections::HashMap;

use entity::{application_target, indicator, outcome, report_value};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::db::{is_duplicate, is_foreign_key_refusal};
use crate::domain::deal::{Unit, check_outcome_code, text_field};
use crate::domain::fields::FieldErrors;
use crate::domain::ordering::Direction;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::ordered::{self, Ordered};
use crate::services::write::Write;

/// An outcome as typed.
#[derive(Debug, Clone, Default)]
pub struct OutcomeInput {
    pub code: String,
    pub title: String,
    pub description: String,
}

/// An indicator as typed; `unit` is as the list sent it.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput {
    pub name: String,
    pub unit: String,
    pub description: String,
}

/// An outcome with its indicators, in order.
#[derive(Debug, Clone)]
pub struct OutcomeWithIndicators {
    pub outcome: outcome::Model,
    pub indicators: Vec<indicator::Model>,
}

const CODE_TAKEN: &str = "Another outcome already has this code";

fn take<T: Default>(result: Result<T, String>, field: &str, errors: &mut FieldErrors) -> T {
    result.unwrap_or_else(|m| {
        errors.add(field, m);
        T::default()
    })
}

fn check_outcome(input: &OutcomeInput) -> Result<OutcomeInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = take(
        check_outcome_code(&input.code).map_err(str::to_owned),
        "code",
        &mut errors,
    );
    let title = text_field(
        &mut errors,
        "title",
        &input.title,
        "Title",
        150,
        Some("Enter the outcome's title"),
    );
    let description = text_field(
        &mut errors,
        "description",
        &input.description,
        "Description",
        2000,
        None,
    );
    if errors.is_empty() {
        Ok(OutcomeInput {
            code,
            title,
            description,
        })
    } else {
        Err(errors)
    }
}

fn check_indicator(input: &IndicatorInput) -> Result<(String, Unit, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = text_field(
        &mut errors,
        "name",
        &input.name,
        "Name",
        150,
        Some("Enter the indicator's name"),
    );
    let unit = Unit::parse(&input.unit);
    if unit.is_none() {
        errors.add("unit", "Choose a unit from the list");
    }
    let description = text_field(
        &mut errors,
        "description",
        &input.description,
        "How it is counted",
        1000,
        Some("Say how this indicator is counted"),
    );
    match unit {
        Some(unit) if errors.is_empty() => Ok((name, unit, description)),
        _ => Err(errors),
    }
}

fn duplicate_code(error: DbErr) -> AppError {
    if is_duplicate(&error) {
        AppError::Invalid(FieldErrors::single("code", CODE_TAKEN))
    } else {
        error.into()
    }
}

/// Every outcome with its indicators, in two queries.
pub async fn framework(db: &DatabaseConnection) -> Result<Vec<OutcomeWithIndicators>, AppError> {
    let outcomes = outcome::Entity::find()
        .order_by_asc(outcome::Column::Position)
        .order_by_asc(outcome::Column::Id)
        .all(db)
        .await?;
    let mut by_outcome: HashMap<i32, Vec<indicator::Model>> = HashMap::new();
    for item in indicator::Entity::find()
        .order_by_asc(indicator::Column::Position)
        .order_by_asc(indicator::Column::Id)
        .all(db)
        .await?
    {
        by_outcome.entry(item.outcome_id).or_default().push(item);
    }
    Ok(outcomes
        .into_iter()
        .map(|outcome| OutcomeWithIndicators {
            indicators: by_outcome.remove(&outcome.id).unwrap_or_default(),
            outcome,
        })
        .collect())
}

/// Every outcome, in the framework's order, for a list to choose from.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<outcome::Model>, AppError> {
    Ok(outcome::Entity::find()
        .order_by_asc(outcome::Column::Position)
        .all(conn)
        .await?)
}

/// Loads an outcome or answers 404.
pub async fn outcome<C: ConnectionTrait>(conn: &C, id: i32) -> Result<outcome::Model, AppError> {
    outcome::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// An outcome with its indicators, or 404.
pub async fn outcome_with_indicators(
    db: &DatabaseConnection,
    id: i32,
) -> Result<OutcomeWithIndicators, AppError> {
    let found = outcome(db, id).await?;
    let indicators = indicator::Entity::find()
        .filter(indicator::Column::OutcomeId.eq(id))
        .order_by_asc(indicator::Column::Position)
        .order_by_asc(indicator::Column::Id)
        .all(db)
        .await?;
    Ok(OutcomeWithIndicators {
        outcome: found,
        indicators,
    })
}

async fn code_taken<C: ConnectionTrait>(
    conn: &C,
    code: &str,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut query = outcome::Entity::find().filter(outcome::Column::Code.eq(code));
    if let Some(id) = except {
        query = query.filter(outcome::Column::Id.ne(id));
    }
    Ok(query.one(conn).await?.is_some())
}

/// Adds an outcome at the end of the framework. Its code must be new.
pub async fn add_outcome(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: OutcomeInput,
) -> Result<outcome::Model, AppError> {
    let input = check_outcome(&input).map_err(AppError::Invalid)?;
    let txn = Write::begin(db, clock, actor).await?;
    if code_taken(&txn, &input.code, None).await? {
        return Err(AppError::Invalid(FieldErrors::single("code", CODE_TAKEN)));
    }
    let last = outcome::Entity::find()
        .order_by_desc(outcome::Column::Position)
        .one(&txn)
        .await?;
    let created = outcome::ActiveModel {
        code: Set(input.code),
        title: Set(input.title),
        description: Set(input.description),
        position: Set(last.map_or(1, |o| o.position + 1)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_code)?;
    let detail = format!("{} \"{}\"", created.code, created.title);
    txn.audit(Action::OutcomeCreated, created.id, detail)
        .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an outcome's code, title and description.
pub async fn update_outcome(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    input: OutcomeInput,
) -> Result<outcome::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let existing = outcome(&txn, id).await?;
    let input = check_outcome(&input).map_err(AppError::Invalid)?;
    if code_taken(&txn, &input.code, Some(id)).await? {
        return Err(AppError::Invalid(FieldErrors::single("code", CODE_TAKEN)));
    }
    let detail = format::changes(&[
        ("code", &existing.code, &input.code),
        ("title", &existing.title, &input.title),
        ("description", &existing.description, &input.description),
    ]);
    let mut change: outcome::ActiveModel = existing.into();
    change.code = Set(input.code);
    change.title = Set(input.title);
    change.description = Set(input.description);
    let updated = change.update(&txn).await.map_err(duplicate_code)?;
    txn.audit(Action::OutcomeUpdated, id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Moves an outcome one place. False when it was already at that end.
pub async fn move_outcome(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    direction: Direction,
) -> Result<(outcome::Model, bool), AppError> {
    ordered::move_item(db, clock, actor, &Outcomes, id, direction).await
}

/// The outcomes framework, one list.
struct Outcomes;

impl Ordered for Outcomes {
    type Entity = outcome::Entity;
    type Item = outcome::Model;
    const ID: outcome::Column = outcome::Column::Id;
    const POSITION: outcome::Column = outcome::Column::Position;

    async fn load(&self, txn: &Write<'_>, id: i32) -> Result<outcome::Model, AppError> {
        outcome(txn, id).await
    }

    fn list(&self, _: &outcome::Model) -> Condition {
        Condition::all()
    }

    async fn record(
        &self,
        txn: &Write<'_>,
        id: i32,
        _: &outcome::Model,
        direction: Direction,
    ) -> Result<(), AppError> {
        ordered::record_moved(txn, Action::OutcomeMoved, id, direction).await
    }
}

/// Loads an indicator of this outcome, or answers 404 (also when it belongs to another).
pub async fn indicator<C: ConnectionTrait>(
    conn: &C,
    outcome_id: i32,
    id: i32,
) -> Result<indicator::Model, AppError> {
    indicator::Entity::find_by_id(id)
        .filter(indicator::Column::OutcomeId.eq(outcome_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds an indicator at the end of an outcome's list.
pub async fn add_indicator(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    outcome_id: i32,
    input: IndicatorInput,
) -> Result<indicator::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    outcome(&txn, outcome_id).await?;
    let (name, unit, description) = check_indicator(&input).map_err(AppError::Invalid)?;
    let last = indicator::Entity::find()
        .filter(indicator::Column::OutcomeId.eq(outcome_id))
        .order_by_desc(indicator::Column::Position)
        .one(&txn)
        .await?;
    let created = indicator::ActiveModel {
        outcome_id: Set(outcome_id),
        name: Set(name),
        unit: Set(unit.as_str().to_owned()),
        description: Set(description),
        position: Set(last.map_or(1, |i| i.position + 1)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!(
        "\"{}\" ({}) for outcome {outcome_id}",
        created.name, created.unit
    );
    txn.audit(Action::IndicatorCreated, created.id, detail)
        .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an indicator's name, unit and description.
pub async fn update_indicator(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    outcome_id: i32,
    id: i32,
    input: IndicatorInput,
) -> Result<indicator::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let existing = indicator(&txn, outcome_id, id).await?;
    let (name, unit, description) = check_indicator(&input).map_err(AppError::Invalid)?;
    let detail = format::changes(&[
        ("name", &existing.name, &name),
        ("unit", &existing.unit, unit.as_str()),
        ("description", &existing.description, &description),
    ]);
    let mut change: indicator::ActiveModel = existing.into();
    change.name = Set(name);
    change.unit = Set(unit.as_str().to_owned());
    change.description = Set(description);
    let updated = change.update(&txn).await?;
    txn.audit(Action::IndicatorUpdated, id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Moves an indicator one place within its outcome. False when it was already at that end.
pub async fn move_indicator(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    outcome_id: i32,
    id: i32,
    direction: Direction,
) -> Result<(indicator::Model, bool), AppError> {
    let list = Indicators { outcome_id };
    ordered::move_item(db, clock, actor, &list, id, direction).await
}

/// One outcome's indicators.
struct Indicators {
    outcome_id: i32,
}

impl Ordered for Indicators {
    type Entity = indicator::Entity;
    type Item = indicator::Model;
    const ID: indicator::Column = indicator::Column::Id;
    const POSITION: indicator::Column = indicator::Column::Position;

    async fn load(&self, txn: &Write<'_>, id: i32) -> Result<indicator::Model, AppError> {
        indicator(txn, self.outcome_id, id).await
    }

    fn list(&self, _: &indicator::Model) -> Condition {
        Condition::all().add(indicator::Column::OutcomeId.eq(self.outcome_id))
    }

    async fn record(
        &self,
        txn: &Write<'_>,
        id: i32,
        _: &indicator::Model,
        direction: Direction,
    ) -> Result<(), AppError> {
        ordered::record_moved(txn, Action::IndicatorMoved, id, direction).await
    }
}

/// Why an indicator that records use cannot be removed, and what can be done instead.
pub const INDICATOR_IN_USE: &str = "This indicator cannot be removed because applications or monitoring reports use it: their targets and results would be lost. Retire it instead: it is then hidden from new applications and kept on the records that use it";

/// How many applications' targets and reports' results name an indicator.
pub async fn indicator_uses<C: ConnectionTrait>(conn: &C, id: i32) -> Result<u64, AppError> {
    let targets = application_target::Entity::find()
        .filter(application_target::Column::IndicatorId.eq(id))
        .count(conn)
        .await?;
    let values = report_value::Entity::find()
        .filter(report_value::Column::IndicatorId.eq(id))
        .count(conn)
        .await?;
    Ok(targets + values)
}

/// Removes an indicator from an outcome. One that applications or reports use is refused
/// (checked in the transaction, and again by the database's foreign keys), with
/// [`INDICATOR_IN_USE`] on the `remove` field: it can be retired instead.
pub async fn remove_indicator(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    outcome_id: i32,
    id: i32,
) -> Result<indicator::Model, AppError> {
    let in_use = || AppError::Invalid(FieldErrors::single("remove", INDICATOR_IN_USE));
    let txn = Write::begin(db, clock, actor).await?;
    let existing = indicator(&txn, outcome_id, id).await?;
    if indicator_uses(&txn, id).await? > 0 {
        return Err(in_use());
    }
    indicator::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .map_err(|e| {
            if is_foreign_key_refusal(&e) {
                in_use()
            } else {
                e.into()
            }
        })?;
    let detail = format!(
        "\"{}\" ({}) from outcome {outcome_id}",
        existing.name, existing.unit
    );
    txn.audit(Action::IndicatorRemoved, id, detail).await?;
    txn.commit().await?;
    Ok(existing)
}

/// Retires an indicator (hidden from new choices, kept where used) or restores it.
pub async fn set_indicator_retired(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    outcome_id: i32,
    id: i32,
    retired: bool,
) -> Result<indicator::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let existing = indicator(&txn, outcome_id, id).await?;
    if existing.retired == retired {
        return Ok(existing);
    }
    let detail = format!("\"{}\" ({})", existing.name, existing.unit);
    let mut change: indicator::ActiveModel = existing.into();
    change.retired = Set(retired);
    let updated = change.update(&txn).await?;
    let action = if retired {
        Action::IndicatorRetired
    } else {
        Action::IndicatorRestored
    };
    txn.audit(action, id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_needs_a_valid_code_and_a_title() {
        let errors = check_outcome(&OutcomeInput {
            code: "O 1".into(),
            title: String::new(),
            description: String::new(),
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["code", "title"]);
    }

    #[test]
    fn an_indicator_needs_a_name_a_unit_from_the_list_and_how_it_is_counted() {
        let errors = check_indicator(&IndicatorInput {
            name: String::new(),
            unit: "miles".into(),
            description: " ".into(),
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["name", "unit", "description"]);
        let (_, unit, _) = check_indicator(&IndicatorInput {
            name: "Sessions run".into(),
            unit: "sessions".into(),
            description: "Count each session once".into(),
        })
        .unwrap();
        assert_eq!(unit, Unit::Sessions);
    }
}
