//! "Forgot your password?": a single-use link, valid for an hour, sent by email.
//!
//! The answer to a request never says whether the address has an account. Only the
//! SHA-256 of a token is stored, so the database alone cannot be used to reset
//! anyone's password. Using a link sets the new password, ends every session of the
//! account and is audited.

use chrono::{DateTime, Duration, Utc};
use entity::{password_reset, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};
use serde::Serialize;

use crate::auth::password;
use crate::clock::Clock;
use crate::domain::email::Email;
use crate::domain::fields::FieldErrors;
use crate::domain::password_policy;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::link_token;
use crate::services::notify::{self, Kind, Mail, Notifier};
use crate::services::write::Write;

/// How long a link works.
pub fn token_lifetime() -> Duration {
    Duration::hours(1)
}

/// Links sent for one account in an hour; later requests are quietly ignored.
pub const MAX_PER_ACCOUNT_PER_HOUR: u64 = 3;
/// Requests from one address in an hour, whatever the email; later ones are ignored.
pub const MAX_PER_ADDRESS_PER_HOUR: u64 = 10;

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// Not a link we sent (mistyped, cut short or made up).
    Unknown,
    /// Older than an hour.
    Expired,
    /// Already used, or replaced by a password change through another link.
    Used,
}

/// What is stored of a token: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    link_token::hash(token)
}

#[derive(Serialize)]
struct ResetMail<'a> {
    name: &'a str,
    link: String,
    minutes: i64,
}

/// Handles a request for a link. Says nothing of whether `email` has an account:
/// the caller shows the same page whatever happens here.
pub async fn request(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    email: &Email,
    client: &str,
) -> Result<(), AppError> {
    let actor = Actor::anonymous(client);
    let txn = Write::begin(db, clock, &actor).await?;
    let now = txn.now;
    let hour_ago = now - Duration::hours(1);
    // Rows that only counted requests are of no use after a day.
    password_reset::Entity::delete_many()
        .filter(password_reset::Column::UserId.is_null())
        .filter(password_reset::Column::CreatedAt.lt(now - Duration::days(1)))
        .exec(&txn)
        .await?;
    let from_address = password_reset::Entity::find()
        .filter(password_reset::Column::ClientIp.eq(client))
        .filter(password_reset::Column::CreatedAt.gt(hour_ago))
        .count(&txn)
        .await?;
    if from_address >= MAX_PER_ADDRESS_PER_HOUR {
        txn.commit().await?;
        return Ok(());
    }
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .one(&txn)
        .await?;
    let account = match account {
        Some(account) => {
            let recent = password_reset::Entity::find()
                .filter(password_reset::Column::UserId.eq(account.id))
                .filter(password_reset::Column::CreatedAt.gt(hour_ago))
                .count(&txn)
                .await?;
            (recent < MAX_PER_ACCOUNT_PER_HOUR).then_some(account)
        }
        None => None,
    };
    let token = link_token::new();
    password_reset::ActiveModel {
        user_id: Set(account.as_ref().map(|a| a.id)),
        token_hash: Set(account.as_ref().map(|_| token_hash(&token))),
        client_ip: Set(client.to_owned()),
        created_at: Set(now),
        expires_at: Set(account.as_ref().map(|_| now + token_lifetime())),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(account) = account {
        let context = ResetMail {
            name: &account.name,
            link: notifier.link(&format!("/password/reset/{token}")),
            minutes: token_lifetime().num_minutes(),
        };
        let subject = format!("Reset your password for {}", notifier.council_name());
        notify::enqueue(
            &txn,
            notifier,
            now,
            Mail {
                kind: Kind::PasswordReset,
                to: vec![account.email.clone()],
                subject,
                context: &context,
                dedupe: None,
            },
        )
        .await?;
        txn.audit(
            Action::UserPasswordResetRequested,
            account.id,
            "link sent by email",
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

fn problem_of(row: &password_reset::Model, now: DateTime<Utc>) -> Option<LinkProblem> {
    if row.used_at.is_some() {
        Some(LinkProblem::Used)
    } else if row.expires_at.is_none_or(|at| at <= now) {
        Some(LinkProblem::Expired)
    } else {
        None
    }
}

async fn find_link<C: sea_orm::ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<(password_reset::Model, user::Model), LinkProblem>, AppError> {
    if !link_token::well_formed(token) {
        return Ok(Err(LinkProblem::Unknown));
    }
    let Some(row) = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token_hash(token)))
        .one(conn)
        .await?
    else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if let Some(problem) = problem_of(&row, now) {
        return Ok(Err(problem));
    }
    let account = match row.user_id {
        Some(id) => user::Entity::find_by_id(id).one(conn).await?,
        None => None,
    };
    match account {
        Some(account) if !account.disabled => Ok(Ok((row, account))),
        _ => Ok(Err(LinkProblem::Unknown)),
    }
}

/// The account a link would reset, or why it cannot be used.
pub async fn check(
    db: &DatabaseConnection,
    clock: &Clock,
    token: &str,
) -> Result<Result<user::Model, LinkProblem>, AppError> {
    Ok(find_link(db, token, clock.now())
        .await?
        .map(|(_, account)| account))
}

/// Sets a new password through a link: the same rules as registration. Ends every
/// session of the account and makes every other link of it unusable.
pub async fn reset(
    db: &DatabaseConnection,
    clock: &Clock,
    token: &str,
    new_password: &str,
    confirm: &str,
) -> Result<Result<user::Model, LinkProblem>, AppError> {
    let account = match find_link(db, token, clock.now()).await? {
        Ok((_, account)) => account,
        Err(problem) => return Ok(Err(problem)),
    };
    let mut errors = FieldErrors::new();
    if let Err(message) = password_policy::check(new_password, &account.email) {
        errors.add("password", message);
    }
    if new_password != confirm {
        errors.add("confirm_password", "The passwords do not match");
    }
    errors.into_result()?;
    let hash = password::hash(new_password.to_owned()).await?;

    let actor = Actor::known(account.id, &account.email);
    let txn = Write::begin(db, clock, &actor).await?;
    let now = txn.now;
    // Checked again under the write lock: two tabs using one link cannot both succeed.
    let (row, account) = match find_link(&txn, token, now).await? {
        Ok(found) => found,
        Err(problem) => return Ok(Err(problem)),
    };
    let claimed = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::Id.eq(row.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(Err(LinkProblem::Used));
    }
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::UserId.eq(account.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let mut change: user::ActiveModel = account.clone().into();
    change.password_hash = Set(hash);
    change.failed_logins = Set(0);
    change.locked_until = Set(None);
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    crate::services::sessions::end_all_but(&txn, account.id, None).await?;
    // Named from the account as read under the write lock, as it is stored now.
    txn.audit_as(
        &Actor::known(account.id, &account.email),
        Action::UserPasswordReset,
        account.id,
        "new password set through an emailed link; every session ended",
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(updated))
}
