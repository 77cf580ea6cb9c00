//! The audit log: every state change writes one event in its own transaction.

use chrono::{DateTime, Utc};
use entity::audit_event;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::auth::CurrentUser;
use crate::domain::pagination::Paging;
use crate::error::AppError;

/// Who did something.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i32>,
    pub label: String,
}

impl Actor {
    /// A signed-in user.
    pub fn user(user: &CurrentUser) -> Self {
        Self {
            id: Some(user.id),
            label: user.email.clone(),
        }
    }

    /// A user known by id and email (e.g. someone signing in).
    pub fn known(id: i32, email: &str) -> Self {
        Self {
            id: Some(id),
            label: email.to_owned(),
        }
    }

    /// Nobody signed in (a visitor, from an address).
    pub fn anonymous(client: &str) -> Self {
        Self {
            id: None,
            label: format!("anonymous ({client})"),
        }
    }

    /// The system itself (the command line, the demo, scheduled work).
    pub fn system() -> Self {
        Self {
            id: None,
            label: "system".to_owned(),
        }
    }
}

/// Writes one event. Call it with the transaction that makes the change.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        at: Set(at),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        action: Set(action.to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id.to_string()),
        detail: Set(detail.into()),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// What the audit page filters by; blank means all.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Part of the actor's email.
    pub actor: String,
    /// An exact action, e.g. `auth.login`.
    pub action: String,
    /// An exact entity, e.g. `user`.
    pub entity: String,
}

/// One page of events, newest first.
pub async fn list(
    db: &DatabaseConnection,
    filter: &AuditFilter,
    page: Option<u64>,
) -> Result<(Vec<audit_event::Model>, Paging), AppError> {
    let mut query = audit_event::Entity::find();
    if !filter.actor.trim().is_empty() {
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(audit_event::Column::ActorLabel)))
                .like(LikeExpr::new(super::like_pattern(&filter.actor)).escape('\\')),
        );
    }
    if !filter.action.trim().is_empty() {
        query = query.filter(audit_event::Column::Action.eq(filter.action.trim()));
    }
    if !filter.entity.trim().is_empty() {
        query = query.filter(audit_event::Column::Entity.eq(filter.entity.trim()));
    }
    let total = query.clone().count(db).await?;
    let paging = Paging::new(page, 50, total);
    let events = query
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    Ok((events, paging))
}

/// The actions and entities seen so far, for the filter's choices.
pub async fn choices(db: &DatabaseConnection) -> Result<(Vec<String>, Vec<String>), AppError> {
    let actions: Vec<String> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Action)
        .distinct()
        .order_by_asc(audit_event::Column::Action)
        .into_tuple()
        .all(db)
        .await?;
    let entities: Vec<String> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Entity)
        .distinct()
        .order_by_asc(audit_event::Column::Entity)
        .into_tuple()
        .all(db)
        .await?;
    Ok((actions, entities))
}
