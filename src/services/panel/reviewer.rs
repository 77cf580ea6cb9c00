//! The panel member's side: their rounds, each round's applications with where
//! they stand on each, and the conflict-of-interest declaration.

use std::collections::HashMap;

use entity::{
    application, conflict_declaration, funding_round, review, review_assignment, round_panel_member,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{access, is_allocated, is_member, visible_values};
use crate::clock::Clock;
use crate::db::is_duplicate;
use crate::domain::fields::FieldErrors;
use crate::domain::pagination::Paging;
use crate::domain::review::{ReviewStatus, Standing};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::rounds;
use crate::services::write::Write;

/// The rounds whose panel the user is on, newest first.
pub async fn my_rounds(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Vec<funding_round::Model>, AppError> {
    Ok(funding_round::Entity::find()
        .filter(
            funding_round::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(round_panel_member::Column::RoundId)
                    .from(round_panel_member::Entity)
                    .and_where(round_panel_member::Column::UserId.eq(user_id))
                    .to_owned(),
            ),
        )
        .order_by_desc(funding_round::Column::ClosesAt)
        .order_by_asc(funding_round::Column::Id)
        .all(db)
        .await?)
}

/// The round by slug when the user is on its panel, or 404.
pub async fn my_round(
    db: &DatabaseConnection,
    user_id: i32,
    slug: &str,
) -> Result<funding_round::Model, AppError> {
    let round = rounds::by_slug(db, slug).await?;
    if is_member(db, round.id, user_id).await? {
        Ok(round)
    } else {
        Err(AppError::NotFound)
    }
}

/// One application in a panel member's list.
#[derive(Debug, Clone)]
pub struct Row {
    pub application: application::Model,
    pub standing: Standing,
}

/// One page of the applications the member may review in the round, by reference,
/// with where they stand on each: three queries, however long the list.
pub async fn applications(
    db: &DatabaseConnection,
    user_id: i32,
    round_id: i32,
    page: Option<u64>,
) -> Result<(Vec<Row>, Paging), AppError> {
    let mut query = application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .filter(application::Column::Status.is_in(visible_values()));
    if is_allocated(db, round_id).await? {
        query = query.filter(
            application::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(review_assignment::Column::ApplicationId)
                    .from(review_assignment::Entity)
                    .and_where(review_assignment::Column::ReviewerId.eq(user_id))
                    .to_owned(),
            ),
        );
    }
    let total = query.clone().count(db).await?;
    let paging = Paging::new(page, 50, total);
    let found = query
        .order_by_asc(application::Column::Reference)
        .order_by_asc(application::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    let ids: Vec<i32> = found.iter().map(|a| a.id).collect();
    let declared: HashMap<i32, bool> = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::ReviewerId.eq(user_id))
        .filter(conflict_declaration::Column::ApplicationId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.application_id, d.has_conflict))
        .collect();
    let reviews: HashMap<i32, ReviewStatus> = review::Entity::find()
        .filter(review::Column::ReviewerId.eq(user_id))
        .filter(review::Column::ApplicationId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.application_id, r.status))
        .collect();
    let rows = found
        .into_iter()
        .map(|a| Row {
            standing: Standing::of(declared.get(&a.id).copied(), reviews.get(&a.id).copied()),
            application: a,
        })
        .collect();
    Ok((rows, paging))
}

/// What the member declares about an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    NoConflict,
    Conflict { nature: String },
}

impl Declaration {
    /// Reads the form: `choice` is `none` or `conflict`; a conflict needs its nature.
    pub fn parse(choice: &str, nature: &str) -> Result<Self, FieldErrors> {
        let nature = nature.trim();
        match choice.trim() {
            "none" => Ok(Declaration::NoConflict),
            "conflict" if nature.is_empty() => Err(FieldErrors::single(
                "nature",
                "Describe the conflict of interest",
            )),
            "conflict" if nature.chars().count() > 2000 => Err(FieldErrors::single(
                "nature",
                "Describe the conflict in 2,000 characters or fewer",
            )),
            "conflict" => Ok(Declaration::Conflict {
                nature: nature.to_owned(),
            }),
            _ => Err(FieldErrors::single(
                "choice",
                "Select whether you have a conflict of interest",
            )),
        }
    }
}

/// Records the member's declaration, once. After a conflict they never see the
/// application again; a second declaration (another tab) is refused.
pub async fn declare(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    application_id: i32,
    declaration: &Declaration,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let found = access(&txn, user_id, application_id).await?;
    if found.declared.is_some() {
        return Err(AppError::Invalid(FieldErrors::single(
            "choice",
            "You have already declared on this application",
        )));
    }
    if !found.open {
        return Err(AppError::Invalid(FieldErrors::single(
            "choice",
            "This application has been decided, so there is nothing left to review",
        )));
    }
    let (has_conflict, nature, action) = match declaration {
        Declaration::NoConflict => (false, String::new(), Action::ReviewNoConflictDeclared),
        Declaration::Conflict { nature } => (true, nature.clone(), Action::ReviewConflictDeclared),
    };
    let now = txn.now;
    let inserted = conflict_declaration::ActiveModel {
        application_id: Set(application_id),
        reviewer_id: Set(user_id),
        has_conflict: Set(has_conflict),
        nature: Set(nature.clone()),
        declared_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        // Two tabs declaring at the same moment on PostgreSQL: the first one stands.
        Err(e) if is_duplicate(&e) => {
            return Err(AppError::Invalid(FieldErrors::single(
                "choice",
                "You have already declared on this application",
            )));
        }
        Err(e) => return Err(e.into()),
    }
    let detail = if has_conflict {
        format!("conflict of interest declared: {nature}")
    } else {
        "no conflict of interest declared".to_owned()
    };
    txn.audit(action, application_id, detail).await?;
    txn.commit().await?;
    Ok(())
}
