//! Commitments: what each side promises under a theme. A commitment is never
//! deleted: retiring it hides it from the public but keeps it, and its pledges,
//! for the record.

use entity::commitment;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::domain::deal::{Side, check_text};
use crate::domain::fields::FieldErrors;
use crate::domain::ordering::Direction;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::deal::theme;
use crate::services::ordered::{self, Ordered};
use crate::services::write::Write;

const BODY_MAX: usize = 500;

fn check_body(body: &str, errors: &mut FieldErrors) -> String {
    check_text(
        body,
        "The promise",
        BODY_MAX,
        Some("Enter what is promised"),
    )
    .unwrap_or_else(|m| {
        errors.add("body", m);
        String::new()
    })
}

/// Loads a commitment or answers 404.
pub async fn commitment<C: ConnectionTrait>(
    conn: &C,
    id: i32,
) -> Result<commitment::Model, AppError> {
    commitment::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a commitment at the end of its theme's side. `side` is as the form sent it.
pub async fn add_commitment(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    theme_id: i32,
    side: &str,
    body: &str,
) -> Result<commitment::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    theme(&txn, theme_id).await?;
    let mut errors = FieldErrors::new();
    let side = Side::parse(side);
    if side.is_none() {
        errors.add("side", "Choose whose part this is: Our part or Your part");
    }
    let body = check_body(body, &mut errors);
    let (Some(side), true) = (side, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let last = commitment::Entity::find()
        .filter(commitment::Column::ThemeId.eq(theme_id))
        .filter(commitment::Column::Side.eq(side.as_str()))
        .order_by_desc(commitment::Column::Position)
        .one(&txn)
        .await?;
    let created = commitment::ActiveModel {
        theme_id: Set(theme_id),
        side: Set(side.as_str().to_owned()),
        body: Set(body),
        position: Set(last.map_or(1, |c| c.position + 1)),
        retired: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("{} in theme {theme_id}", side.label());
    txn.audit(Action::CommitmentCreated, created.id, detail)
        .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes what a commitment promises. Its side never changes: pledges made to a
/// "Your part" commitment must stay with a promise residents can make.
pub async fn update_commitment(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    body: &str,
) -> Result<commitment::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let existing = commitment(&txn, id).await?;
    let mut errors = FieldErrors::new();
    let body = check_body(body, &mut errors);
    errors.into_result()?;
    let detail = format::changes(&[("body", &existing.body, &body)]);
    let mut change: commitment::ActiveModel = existing.into();
    change.body = Set(body);
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    txn.audit(Action::CommitmentUpdated, id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Moves a commitment one place within its theme's side. Returns the commitment,
/// and false when it was already at that end.
pub async fn move_commitment(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    direction: Direction,
) -> Result<(commitment::Model, bool), AppError> {
    ordered::move_item(db, clock, actor, &Commitments, id, direction).await
}

/// Commitments, one list per theme and side.
struct Commitments;

impl Ordered for Commitments {
    type Entity = commitment::Entity;
    type Item = commitment::Model;
    const ID: commitment::Column = commitment::Column::Id;
    const POSITION: commitment::Column = commitment::Column::Position;

    async fn load(&self, txn: &Write<'_>, id: i32) -> Result<commitment::Model, AppError> {
        commitment(txn, id).await
    }

    fn list(&self, moving: &commitment::Model) -> Condition {
        Condition::all()
            .add(commitment::Column::ThemeId.eq(moving.theme_id))
            .add(commitment::Column::Side.eq(moving.side.as_str()))
    }

    async fn record(
        &self,
        txn: &Write<'_>,
        id: i32,
        _: &commitment::Model,
        direction: Direction,
    ) -> Result<(), AppError> {
        ordered::record_moved(txn, Action::CommitmentMoved, id, direction).await
    }
}

/// Retires a commitment (hidden from the public, kept with its pledges) or restores it.
pub async fn set_retired(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    retired: bool,
) -> Result<commitment::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let existing = commitment(&txn, id).await?;
    if existing.retired == retired {
        return Ok(existing);
    }
    let mut change: commitment::ActiveModel = existing.into();
    change.retired = Set(retired);
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    let action = if retired {
        Action::CommitmentRetired
    } else {
        Action::CommitmentRestored
    };
    txn.audit(action, id, "").await?;
    txn.commit().await?;
    Ok(updated)
}
