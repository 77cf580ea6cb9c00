//! Signed-in browsers, kept in the `session` table so that a session can really end:
//! signing out deletes it, as do a new password, an admin, and its limits (12 hours
//! idle, 7 days in all).
//!
//! The browser's cookie (encrypted by Rocket) carries a random 256-bit token; only its
//! SHA-256 is stored. Someone who reads the database (a backup, say) therefore learns
//! no token to present, even if they also hold the cookie key; and the token in the
//! cookie is worthless once its row is gone.

use chrono::{DateTime, Duration, Utc};
use entity::session::{self, Stage};
use entity::user;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::password_reset::token_hash;
use crate::services::write::Write;

/// A session ends after this long without a request.
pub fn idle_limit() -> Duration {
    Duration::hours(12)
}

/// A session ends this long after signing in, however busy.
pub fn absolute_limit() -> Duration {
    Duration::days(7)
}

/// Requests closer together than this do not move "last seen" on, so that reading
/// pages seldom writes.
pub fn touch_interval() -> Duration {
    Duration::minutes(1)
}

/// Where a browser signs in from, as it tells us.
#[derive(Debug, Clone, Default)]
pub struct Device {
    pub ip_address: String,
    pub user_agent: String,
}

impl Device {
    fn fitted(&self) -> (String, String) {
        (
            self.ip_address.chars().take(64).collect(),
            self.user_agent.chars().take(255).collect(),
        )
    }
}

fn new_token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts a session for a user inside a change already under way; returns the token
/// for the cookie. Also clears every session that has run out, so that sessions of
/// people who never come back do not pile up.
pub async fn create<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    stage: Stage,
    device: &Device,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    delete_expired(conn, now).await?;
    let token = new_token();
    let (ip_address, user_agent) = device.fitted();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        stage: Set(stage),
        created_at: Set(now),
        last_seen_at: Set(now),
        ip_address: Set(ip_address),
        user_agent: Set(user_agent),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(token)
}

async fn delete_expired<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<(), AppError> {
    session::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(session::Column::LastSeenAt.lt(now - idle_limit()))
                .add(session::Column::CreatedAt.lt(now - absolute_limit())),
        )
        .exec(conn)
        .await?;
    Ok(())
}

fn expired(row: &session::Model, now: DateTime<Utc>) -> bool {
    now - row.last_seen_at > idle_limit() || now - row.created_at > absolute_limit()
}

/// The session a token belongs to and its user, if it is still good: not run out, the
/// account not disabled. Moves "last seen" on (and the address with it) at most once a
/// minute; a session found run out is deleted.
pub async fn find(
    db: &DatabaseConnection,
    clock: &Clock,
    token: &str,
    device: &Device,
) -> Result<Option<(session::Model, user::Model)>, AppError> {
    let now = clock.now();
    let Some((row, Some(account))) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if expired(&row, now) || account.disabled {
        let actor = Actor::known(account.id, &account.email);
        let txn = Write::begin_at(db, now, &actor).await?;
        session::Entity::delete_by_id(row.id).exec(&txn).await?;
        txn.commit().await?;
        return Ok(None);
    }
    if now - row.last_seen_at >= touch_interval() {
        let (ip_address, _) = device.fitted();
        let actor = Actor::known(account.id, &account.email);
        let txn = Write::begin_at(db, now, &actor).await?;
        // Not audited: it records a visit, not a change anyone made.
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .col_expr(session::Column::IpAddress, Expr::value(ip_address))
            .filter(session::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
    }
    Ok(Some((row, account)))
}

/// Signs a browser out: its session is deleted, so its cookie never works again.
pub async fn end(db: &DatabaseConnection, clock: &Clock, token: &str) -> Result<(), AppError> {
    let Some(row) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let actor = Actor::known(row.user_id, "");
    let actor = match user::Entity::find_by_id(row.user_id).one(db).await? {
        Some(account) => Actor::known(account.id, &account.email),
        None => actor,
    };
    let txn = Write::begin(db, clock, &actor).await?;
    session::Entity::delete_by_id(row.id).exec(&txn).await?;
    txn.audit(
        Action::AuthLogout,
        row.user_id,
        format!("session {}", row.id),
    )
    .await?;
    txn.commit().await
}

/// A user's sessions that are still good, the most recently used first.
pub async fn list_of(
    db: &DatabaseConnection,
    clock: &Clock,
    user_id: i32,
) -> Result<Vec<session::Model>, AppError> {
    let now = clock.now();
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Stage.eq(Stage::Full))
        .order_by_desc(session::Column::LastSeenAt)
        .order_by_desc(session::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|row| !expired(row, now))
        .collect())
}

/// Ends one of the actor's own sessions (from "Your account"). Another user's session,
/// or one already gone, is 404.
pub async fn end_own(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    session_id: i32,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let gone = session::Entity::delete_many()
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    txn.audit(
        Action::UserSessionEnded,
        user_id,
        format!("session {session_id}"),
    )
    .await?;
    txn.commit().await
}

/// Ends every session of a user but `keep` (this browser's); returns how many ended.
pub async fn end_others(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    keep: i32,
) -> Result<u64, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let ended = end_all_but(&txn, user_id, Some(keep)).await?;
    txn.audit(
        Action::UserSessionsEnded,
        user_id,
        format!("{ended} other sessions ended by the user"),
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}

/// Ends every session of a user (an admin's action); returns how many ended.
pub async fn end_all(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
) -> Result<u64, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let ended = end_all_but(&txn, user_id, None).await?;
    txn.audit(
        Action::UserSessionsEnded,
        user_id,
        format!("all {ended} sessions ended by an admin"),
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}

/// Deletes a user's sessions, all or all but one, inside a change under way.
pub async fn end_all_but<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    keep: Option<i32>,
) -> Result<u64, AppError> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(session::Column::Id.ne(keep));
    }
    Ok(query.exec(conn).await?.rows_affected)
}

/// Moves a session to the next stage of signing in, inside a change under way.
pub async fn set_stage<C: ConnectionTrait>(
    conn: &C,
    session_id: i32,
    stage: Stage,
) -> Result<(), AppError> {
    session::Entity::update_many()
        .col_expr(session::Column::Stage, Expr::value(stage))
        .filter(session::Column::Id.eq(session_id))
        .exec(conn)
        .await?;
    Ok(())
}
