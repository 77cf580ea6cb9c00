//! Grant panels: officers choose a round's panel and share its applications out;
//! panel members declare conflicts of interest, then score and recommend.
//!
//! Who may see what is decided here, by query, never by hiding links: a panel
//! member sees an application only when they are on its round's panel, it is
//! eligible (or decided), it is assigned to them whenever the round has any
//! assignments at all, and they have not declared a conflict on it. Everything
//! else is 404, so that nobody learns what exists.

pub mod officer;
pub mod reviewer;
pub mod scoring;

use std::collections::HashMap;

use entity::{
    application, conflict_declaration, funding_round, review_assignment, round_panel_member, user,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::domain::application::Status;
use crate::domain::round::RoundStatus;
use crate::error::AppError;
use crate::services::rounds;

/// The application statuses a panel ever sees: eligible, and once decided the outcomes.
pub const VISIBLE: [Status; 4] = [
    Status::Eligible,
    Status::Awarded,
    Status::Reserve,
    Status::Declined,
];

fn visible_values() -> impl Iterator<Item = Status> {
    VISIBLE.iter().copied()
}

/// True when the user is on the round's panel.
pub async fn is_member<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    user_id: i32,
) -> Result<bool, AppError> {
    Ok(round_panel_member::Entity::find()
        .filter(round_panel_member::Column::RoundId.eq(round_id))
        .filter(round_panel_member::Column::UserId.eq(user_id))
        .count(conn)
        .await?
        > 0)
}

/// True when an officer has allocated any of the round's applications: the panel
/// then sees only what is assigned to each of them.
pub async fn is_allocated<C: ConnectionTrait>(conn: &C, round_id: i32) -> Result<bool, AppError> {
    Ok(review_assignment::Entity::find()
        .filter(
            review_assignment::Column::ApplicationId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(application::Column::Id)
                    .from(application::Entity)
                    .and_where(application::Column::RoundId.eq(round_id))
                    .to_owned(),
            ),
        )
        .count(conn)
        .await?
        > 0)
}

/// An application a panel member may open, with where they stand on it.
#[derive(Debug, Clone)]
pub struct Access {
    pub application: application::Model,
    pub round: funding_round::Model,
    /// `Some(false)` once they declared no conflict; never `Some(true)` (that is 404).
    pub declared: Option<bool>,
    /// True while reviews may still change: the application is eligible and the
    /// round not yet decided.
    pub open: bool,
}

/// The application if this panel member may open it, or 404 (not on the panel, not
/// assigned, not eligible, a conflict declared, or no such application).
pub async fn access<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    application_id: i32,
) -> Result<Access, AppError> {
    let application = application::Entity::find_by_id(application_id)
        .filter(application::Column::Status.is_in(visible_values()))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_member(conn, application.round_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    if is_allocated(conn, application.round_id).await? {
        let assigned = review_assignment::Entity::find()
            .filter(review_assignment::Column::ApplicationId.eq(application_id))
            .filter(review_assignment::Column::ReviewerId.eq(user_id))
            .count(conn)
            .await?;
        if assigned == 0 {
            return Err(AppError::NotFound);
        }
    }
    let declared = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::ApplicationId.eq(application_id))
        .filter(conflict_declaration::Column::ReviewerId.eq(user_id))
        .one(conn)
        .await?
        .map(|d| d.has_conflict);
    if declared == Some(true) {
        return Err(AppError::NotFound);
    }
    let round = rounds::by_id(conn, application.round_id).await?;
    let open = application.status == Status::Eligible
        && !matches!(round.status, RoundStatus::Decided | RoundStatus::Closed);
    Ok(Access {
        application,
        round,
        declared,
        open,
    })
}

/// Every conflict declared on the round's applications: `(application id, reviewer's
/// name, nature)`, by application then reviewer. Two queries, however many.
pub async fn conflicts_for_round<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<(i32, String, String)>, AppError> {
    let declarations = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::HasConflict.eq(true))
        .filter(
            conflict_declaration::Column::ApplicationId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(application::Column::Id)
                    .from(application::Entity)
                    .and_where(application::Column::RoundId.eq(round_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(conflict_declaration::Column::ApplicationId)
        .order_by_asc(conflict_declaration::Column::ReviewerId)
        .all(conn)
        .await?;
    let names = names_of(conn, declarations.iter().map(|d| d.reviewer_id)).await?;
    Ok(declarations
        .into_iter()
        .map(|d| {
            let name = names.get(&d.reviewer_id).cloned().unwrap_or_default();
            (d.application_id, name, d.nature)
        })
        .collect())
}

/// People's names by id, in one query.
pub(crate) async fn names_of<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// The name of the organisation behind an application.
pub async fn organisation_name<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i32,
) -> Result<String, AppError> {
    Ok(entity::organisation::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}
