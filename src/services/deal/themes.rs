//! The Deal's themes: adding, editing and putting them in order.

use entity::deal_theme;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryOrder,
};

use crate::clock::Clock;
use crate::domain::deal::check_text;
use crate::domain::fields::FieldErrors;
use crate::domain::ordering::Direction;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::ordered::{self, Ordered};
use crate::services::write::Write;

/// A theme's title and description, as typed.
#[derive(Debug, Clone)]
pub struct ThemeInput {
    pub title: String,
    pub description: String,
}

fn check_theme(input: &ThemeInput) -> Result<ThemeInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = check_text(&input.title, "Title", 120, Some("Enter the theme's title"))
        .unwrap_or_else(|m| {
            errors.add("title", m);
            String::new()
        });
    let description =
        check_text(&input.description, "Description", 2000, None).unwrap_or_else(|m| {
            errors.add("description", m);
            String::new()
        });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ThemeInput { title, description })
}

/// Loads a theme or answers 404.
pub async fn theme<C: ConnectionTrait>(conn: &C, id: i32) -> Result<deal_theme::Model, AppError> {
    deal_theme::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a theme at the end of the list.
pub async fn add_theme(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: ThemeInput,
) -> Result<deal_theme::Model, AppError> {
    let input = check_theme(&input).map_err(AppError::Invalid)?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let last = deal_theme::Entity::find()
        .order_by_desc(deal_theme::Column::Position)
        .one(&txn)
        .await?;
    let created = deal_theme::ActiveModel {
        title: Set(input.title),
        description: Set(input.description),
        position: Set(last.map_or(1, |t| t.position + 1)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("title \"{}\"", created.title);
    txn.audit(Action::ThemeCreated, created.id, detail).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a theme's title and description.
pub async fn update_theme(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    input: ThemeInput,
) -> Result<deal_theme::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let existing = theme(&txn, id).await?;
    let input = check_theme(&input).map_err(AppError::Invalid)?;
    let detail = format::changes(&[
        ("title", &existing.title, &input.title),
        ("description", &existing.description, &input.description),
    ]);
    let mut change: deal_theme::ActiveModel = existing.into();
    change.title = Set(input.title);
    change.description = Set(input.description);
    let updated = change.update(&txn).await?;
    txn.audit(Action::ThemeUpdated, id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Moves a theme one place. Returns the theme, and false when it was already at that end.
pub async fn move_theme(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    direction: Direction,
) -> Result<(deal_theme::Model, bool), AppError> {
    ordered::move_item(db, clock, actor, &Themes, id, direction).await
}

/// The Deal's themes, one list.
struct Themes;

impl Ordered for Themes {
    type Entity = deal_theme::Entity;
    type Item = deal_theme::Model;
    const ID: deal_theme::Column = deal_theme::Column::Id;
    const POSITION: deal_theme::Column = deal_theme::Column::Position;

    async fn load(&self, txn: &Write<'_>, id: i32) -> Result<deal_theme::Model, AppError> {
        theme(txn, id).await
    }

    fn list(&self, _: &deal_theme::Model) -> Condition {
        Condition::all()
    }

    async fn record(
        &self,
        txn: &Write<'_>,
        id: i32,
        _: &deal_theme::Model,
        direction: Direction,
    ) -> Result<(), AppError> {
        ordered::record_moved(txn, Action::ThemeMoved, id, direction).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_needs_a_title_and_a_short_enough_description() {
        let errors = check_theme(&ThemeInput {
            title: "".into(),
            description: "x".repeat(2001),
        })
        .unwrap_err();
        assert_eq!(errors.0.len(), 2);
        assert_eq!(errors.0[0].1, "Enter the theme's title");
        assert!(
            check_theme(&ThemeInput {
                title: "Health".into(),
                description: String::new()
            })
            .is_ok()
        );
    }
}
