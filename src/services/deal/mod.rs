//! The Deal: its title and introduction, its themes, each theme's commitments on
//! both sides, and residents' pledges to "Your part" commitments.

mod commitments;
mod pledges;
mod themes;

use std::collections::HashMap;

use entity::{commitment, deal, deal_theme, pledge};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::clock::Clock;
use crate::db::{LockClass, take_turns};
use crate::domain::deal::{Side, check_text};
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

pub use commitments::{
    add_commitment, commitment, move_commitment, set_retired, update_commitment,
};
pub use pledges::{MAX_PLEDGES_PER_ADDRESS, PledgeInput, PledgeResult, pledge, pledge_window};
pub use themes::{ThemeInput, add_theme, move_theme, theme, update_theme};

/// The Deal's title and introduction, as typed.
#[derive(Debug, Clone)]
pub struct DealText {
    pub title: String,
    pub introduction: String,
}

/// Checks the Deal's title and introduction, returning them trimmed.
pub fn check_deal(input: &DealText) -> Result<DealText, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = check_text(&input.title, "Title", 150, Some("Enter the Deal's title"))
        .unwrap_or_else(|m| {
            errors.add("title", m);
            String::new()
        });
    let introduction = check_text(
        &input.introduction,
        "Introduction",
        5000,
        Some("Enter an introduction to the Deal"),
    )
    .unwrap_or_else(|m| {
        errors.add("introduction", m);
        String::new()
    });
    if errors.is_empty() {
        Ok(DealText {
            title,
            introduction,
        })
    } else {
        Err(errors)
    }
}

/// The installation's Deal, if it has been written yet.
pub async fn current<C: ConnectionTrait>(conn: &C) -> Result<Option<deal::Model>, AppError> {
    // There is one Deal; the oldest row, should a second ever exist, wins everywhere.
    Ok(deal::Entity::find()
        .order_by_asc(deal::Column::Id)
        .one(conn)
        .await?)
}

/// Saves the Deal's title and introduction, creating the Deal on its first save.
pub async fn save(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: DealText,
) -> Result<deal::Model, AppError> {
    let input = check_deal(&input).map_err(AppError::Invalid)?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    // Two first saves at once must not make two Deals.
    take_turns(&txn, LockClass::Deal, "deal").await?;
    let saved = match current(&txn).await? {
        Some(existing) => {
            let detail = format::changes(&[
                ("title", &existing.title, &input.title),
                ("introduction", &existing.introduction, &input.introduction),
            ]);
            let mut change: deal::ActiveModel = existing.into();
            change.title = Set(input.title);
            change.introduction = Set(input.introduction);
            change.updated_at = Set(now);
            let saved = change.update(&txn).await?;
            txn.audit(Action::DealUpdated, saved.id, detail).await?;
            saved
        }
        None => {
            let saved = deal::ActiveModel {
                title: Set(input.title),
                introduction: Set(input.introduction),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let detail = format!("title \"{}\"", saved.title);
            txn.audit(Action::DealCreated, saved.id, detail).await?;
            saved
        }
    };
    txn.commit().await?;
    Ok(saved)
}

/// Who is looking at the Deal: the public never sees retired commitments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Officers,
}

/// A commitment and how many people have pledged to it.
#[derive(Debug, Clone)]
pub struct CommitmentOutline {
    pub commitment: commitment::Model,
    pub pledges: u64,
}

/// A theme with its commitments, each side in order.
#[derive(Debug, Clone)]
pub struct ThemeOutline {
    pub theme: deal_theme::Model,
    pub council: Vec<CommitmentOutline>,
    pub residents: Vec<CommitmentOutline>,
}

/// The whole Deal, as a page shows it.
#[derive(Debug, Clone)]
pub struct Outline {
    pub deal: Option<deal::Model>,
    pub themes: Vec<ThemeOutline>,
}

/// Loads the Deal, its themes, their commitments and pledge counts in four queries,
/// however many themes there are.
pub async fn outline(db: &DatabaseConnection, audience: Audience) -> Result<Outline, AppError> {
    let deal = current(db).await?;
    let themes = deal_theme::Entity::find()
        .order_by_asc(deal_theme::Column::Position)
        .order_by_asc(deal_theme::Column::Id)
        .all(db)
        .await?;
    let mut query = commitment::Entity::find();
    if audience == Audience::Public {
        query = query.filter(commitment::Column::Retired.eq(false));
    }
    let commitments = query
        .order_by_asc(commitment::Column::Position)
        .order_by_asc(commitment::Column::Id)
        .all(db)
        .await?;
    let counts = pledge_counts(db).await?;

    let mut by_theme: HashMap<i32, (Vec<CommitmentOutline>, Vec<CommitmentOutline>)> =
        HashMap::new();
    for commitment in commitments {
        let entry = by_theme.entry(commitment.theme_id).or_default();
        let item = CommitmentOutline {
            pledges: counts.get(&commitment.id).copied().unwrap_or(0),
            commitment,
        };
        match Side::parse(&item.commitment.side) {
            Some(Side::Council) => entry.0.push(item),
            Some(Side::Residents) => entry.1.push(item),
            None => tracing::warn!(id = item.commitment.id, "commitment with an unknown side"),
        }
    }
    let themes = themes
        .into_iter()
        .map(|theme| {
            let (council, residents) = by_theme.remove(&theme.id).unwrap_or_default();
            ThemeOutline {
                theme,
                council,
                residents,
            }
        })
        .collect();
    Ok(Outline { deal, themes })
}

/// Pledges per commitment, counted by the database in one grouped query.
async fn pledge_counts(db: &DatabaseConnection) -> Result<HashMap<i32, u64>, AppError> {
    let rows: Vec<(i32, i64)> = pledge::Entity::find()
        .select_only()
        .column(pledge::Column::CommitmentId)
        .column_as(Expr::col(pledge::Column::Id).count(), "pledges")
        .group_by(pledge::Column::CommitmentId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deal_needs_a_title_and_an_introduction() {
        let errors = check_deal(&DealText {
            title: " ".into(),
            introduction: "x".repeat(5001),
        })
        .unwrap_err();
        assert_eq!(
            errors.0,
            vec![
                ("title".to_owned(), "Enter the Deal's title".to_owned()),
                (
                    "introduction".to_owned(),
                    "Introduction must be 5000 characters or fewer".to_owned()
                ),
            ]
        );
        let ok = check_deal(&DealText {
            title: " The Ashworth Deal ".into(),
            introduction: "Hello".into(),
        })
        .unwrap();
        assert_eq!(ok.title, "The Ashworth Deal");
    }
}
