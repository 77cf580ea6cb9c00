//! Wards: the areas the council serves, each with a unique name and ONS code.

use entity::ward;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::clock::Clock;
use crate::db::duplicate_detail;
use crate::domain::deal::check_text;
use crate::domain::fields::FieldErrors;
use crate::domain::pagination::Paging;
use crate::domain::text::check_ward_code;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// Wards on one page of the officers' list.
pub const PAGE_SIZE: u64 = 50;

const NAME_TAKEN: &str = "Another ward already has this name";
const CODE_TAKEN: &str = "Another ward already has this ONS code";

/// A ward as typed.
#[derive(Debug, Clone, Default)]
pub struct WardInput {
    pub name: String,
    pub code: String,
}

fn check_ward(input: &WardInput) -> Result<WardInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name =
        check_text(&input.name, "Name", 100, Some("Enter the ward's name")).unwrap_or_else(|m| {
            errors.add("name", m);
            String::new()
        });
    let code = check_ward_code(&input.code).unwrap_or_else(|m| {
        errors.add("code", m);
        String::new()
    });
    if errors.is_empty() {
        Ok(WardInput { name, code })
    } else {
        Err(errors)
    }
}

/// Checks, inside the write transaction, that no other ward has this name
/// (whatever its capitals) or code.
async fn check_unique<C: ConnectionTrait>(
    conn: &C,
    input: &WardInput,
    except: Option<i32>,
) -> Result<(), AppError> {
    let mut others = ward::Entity::find();
    if let Some(id) = except {
        others = others.filter(ward::Column::Id.ne(id));
    }
    let mut errors = FieldErrors::new();
    let same_name = others
        .clone()
        .filter(
            Expr::expr(Func::lower(Expr::col(ward::Column::Name))).eq(input.name.to_lowercase()),
        )
        .one(conn)
        .await?;
    if same_name.is_some() {
        errors.add("name", NAME_TAKEN);
    }
    let same_code = others
        .filter(ward::Column::Code.eq(input.code.as_str()))
        .one(conn)
        .await?;
    if same_code.is_some() {
        errors.add("code", CODE_TAKEN);
    }
    Ok(errors.into_result()?)
}

/// Turns a unique-index refusal (two saves racing) into the message beside its field.
fn duplicate(error: DbErr) -> AppError {
    match duplicate_detail(&error) {
        Some(detail) if detail.contains("ward.code") || detail.contains("ward_code") => {
            AppError::Invalid(FieldErrors::single("code", CODE_TAKEN))
        }
        Some(_) => AppError::Invalid(FieldErrors::single("name", NAME_TAKEN)),
        None => error.into(),
    }
}

/// One page of wards, by name.
pub async fn list(
    db: &DatabaseConnection,
    page: Option<u64>,
) -> Result<(Vec<ward::Model>, Paging), AppError> {
    let total = ward::Entity::find().count(db).await?;
    let paging = Paging::new(page, PAGE_SIZE, total);
    let wards = ward::Entity::find()
        .order_by_asc(ward::Column::Name)
        .order_by_asc(ward::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    Ok((wards, paging))
}

/// Every ward, by name, for a list to choose from.
pub async fn all(db: &DatabaseConnection) -> Result<Vec<ward::Model>, AppError> {
    Ok(ward::Entity::find()
        .order_by_asc(ward::Column::Name)
        .order_by_asc(ward::Column::Id)
        .all(db)
        .await?)
}

/// Loads a ward or answers 404.
pub async fn ward<C: ConnectionTrait>(conn: &C, id: i32) -> Result<ward::Model, AppError> {
    ward::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a ward.
pub async fn add_ward(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: WardInput,
) -> Result<ward::Model, AppError> {
    let input = check_ward(&input).map_err(AppError::Invalid)?;
    let txn = Write::begin(db, clock, actor).await?;
    check_unique(&txn, &input, None).await?;
    let created = ward::ActiveModel {
        name: Set(input.name),
        code: Set(input.code),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate)?;
    let detail = format!("{} \"{}\"", created.code, created.name);
    txn.audit(Action::WardCreated, created.id, detail).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a ward's name and code.
pub async fn update_ward(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    input: WardInput,
) -> Result<ward::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let existing = ward(&txn, id).await?;
    let input = check_ward(&input).map_err(AppError::Invalid)?;
    check_unique(&txn, &input, Some(id)).await?;
    let detail = format::changes(&[
        ("name", &existing.name, &input.name),
        ("code", &existing.code, &input.code),
    ]);
    let mut change: ward::ActiveModel = existing.into();
    change.name = Set(input.name);
    change.code = Set(input.code);
    let updated = change.update(&txn).await.map_err(duplicate)?;
    txn.audit(Action::WardUpdated, id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ward_needs_a_name_and_an_ons_code() {
        let errors = check_ward(&WardInput {
            name: " ".into(),
            code: "E06000001".into(),
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["name", "code"]);
        let ok = check_ward(&WardInput {
            name: " Abbey Fields ".into(),
            code: "e05011201".into(),
        })
        .unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.code.as_str()),
            ("Abbey Fields", "E05011201")
        );
    }
}
