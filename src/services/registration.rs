//! Registering: the answer never says whether the address already has an account.
//!
//! Every well-formed request gets the same "check your email" page. An address with no
//! account is sent a link that creates the account (so nobody can hold an address they
//! cannot read mail at); an address with an account is sent a note saying so, with
//! links to sign in or reset the password. Requests are limited per email address and
//! per client address, and those over the limit are quietly dropped.

use chrono::{DateTime, Duration, Utc};
use entity::session::Stage;
use entity::{registration, user, user::Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use serde::Serialize;

use crate::auth::password;
use crate::clock::Clock;
use crate::domain::email::Email;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::notify::{self, Kind, Mail, Notifier};
use crate::services::password_reset::{LinkProblem, token_hash};
use crate::services::sessions::{self, Device};
use crate::services::users::{self, NewUser};
use crate::services::write::Write;

/// How long a link to finish registering works.
pub fn link_lifetime() -> Duration {
    Duration::hours(24)
}

/// Requests for one email address in an hour; later ones are quietly ignored.
pub const MAX_PER_EMAIL_PER_HOUR: u64 = 3;
/// Requests from one client address in an hour; later ones are quietly ignored.
pub const MAX_PER_ADDRESS_PER_HOUR: u64 = 10;

fn new_token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[derive(Serialize)]
struct ConfirmMail<'a> {
    name: &'a str,
    link: String,
    hours: i64,
}

#[derive(Serialize)]
struct ExistsMail<'a> {
    name: &'a str,
    sign_in: String,
    forgot: String,
}

/// Where a link to finish registering points; `next` (a local path, already checked)
/// rides along so that the new account comes back to it, such as an invitation.
fn confirm_path(token: &str, next: Option<&str>) -> String {
    match next {
        Some(next) => format!(
            "/register/confirm/{token}?next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        ),
        None => format!("/register/confirm/{token}"),
    }
}

/// Handles a registration. Field errors (a missing name, a weak password) come back as
/// `AppError::Invalid`; whatever happens after that, the caller shows the same page.
pub async fn request(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    input: NewUser,
    client: &str,
    next: Option<&str>,
) -> Result<(), AppError> {
    users::check_new(&input.name, &input.email, &input.password).into_result()?;
    let email = Email::parse(&input.email)
        .map_err(|m| AppError::Invalid(crate::domain::fields::FieldErrors::single("email", m)))?;
    // Hashed whether or not it will be kept, so both answers take as long.
    let hash = password::hash(input.password.clone()).await?;

    let actor = Actor::anonymous(client);
    let txn = Write::begin(db, clock, &actor).await?;
    let now = txn.now;
    let hour_ago = now - Duration::hours(1);
    registration::Entity::delete_many()
        .filter(registration::Column::CreatedAt.lt(now - Duration::days(1)))
        .filter(
            sea_orm::Condition::any()
                .add(registration::Column::TokenHash.is_null())
                .add(registration::Column::UsedAt.is_not_null())
                .add(registration::Column::ExpiresAt.lt(now)),
        )
        .exec(&txn)
        .await?;
    let from_address = registration::Entity::find()
        .filter(registration::Column::ClientIp.eq(client))
        .filter(registration::Column::CreatedAt.gt(hour_ago))
        .count(&txn)
        .await?;
    let for_email = registration::Entity::find()
        .filter(registration::Column::Email.eq(email.as_str()))
        .filter(registration::Column::CreatedAt.gt(hour_ago))
        .count(&txn)
        .await?;
    if from_address >= MAX_PER_ADDRESS_PER_HOUR || for_email >= MAX_PER_EMAIL_PER_HOUR {
        txn.audit(
            Action::RegistrationThrottled,
            "",
            "too many registrations; ignored",
        )
        .await?;
        txn.commit().await?;
        return Ok(());
    }
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    let token = new_token();
    let row = registration::ActiveModel {
        email: Set(email.as_str().to_owned()),
        name: Set(existing.is_none().then(|| input.name.trim().to_owned())),
        password_hash: Set(existing.is_none().then_some(hash)),
        token_hash: Set(existing.is_none().then(|| token_hash(&token))),
        client_ip: Set(client.to_owned()),
        created_at: Set(now),
        expires_at: Set(existing.is_none().then(|| now + link_lifetime())),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    match existing {
        Some(account) => {
            let context = ExistsMail {
                name: &account.name,
                sign_in: notifier.link("/login"),
                forgot: notifier.link("/password/forgot"),
            };
            notify::enqueue(
                &txn,
                notifier,
                now,
                Mail {
                    kind: Kind::AccountExists,
                    to: vec![account.email.clone()],
                    subject: format!(
                        "You already have an account with {}",
                        notifier.council_name()
                    ),
                    context: &context,
                    dedupe: None,
                },
            )
            .await?;
            txn.audit(
                Action::RegistrationRepeated,
                account.id,
                "registration for an address with an account; the owner was told",
            )
            .await?;
        }
        None => {
            let context = ConfirmMail {
                name: input.name.trim(),
                link: notifier.link(&confirm_path(&token, next)),
                hours: link_lifetime().num_hours(),
            };
            notify::enqueue(
                &txn,
                notifier,
                now,
                Mail {
                    kind: Kind::RegistrationConfirm,
                    to: vec![email.as_str().to_owned()],
                    subject: format!(
                        "Finish creating your account with {}",
                        notifier.council_name()
                    ),
                    context: &context,
                    dedupe: None,
                },
            )
            .await?;
            txn.audit(Action::RegistrationRequested, row.id, "link sent by email")
                .await?;
        }
    }
    txn.commit().await
}

async fn find_link<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<registration::Model, LinkProblem>, AppError> {
    let well_formed = token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Ok(Err(LinkProblem::Unknown));
    }
    let Some(row) = registration::Entity::find()
        .filter(registration::Column::TokenHash.eq(token_hash(token)))
        .one(conn)
        .await?
    else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if row.used_at.is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if row.expires_at.is_none_or(|at| at <= now) {
        return Ok(Err(LinkProblem::Expired));
    }
    Ok(Ok(row))
}

/// The address a link would create an account for, or why it cannot be used.
pub async fn check(
    db: &DatabaseConnection,
    clock: &Clock,
    token: &str,
) -> Result<Result<String, LinkProblem>, AppError> {
    Ok(find_link(db, token, clock.now())
        .await?
        .map(|row| row.email))
}

/// Creates the account a link was sent for and signs it in; returns the account and the
/// session's token. A link whose address has meanwhile got an account counts as used.
pub async fn confirm(
    db: &DatabaseConnection,
    clock: &Clock,
    token: &str,
    device: &Device,
) -> Result<Result<(user::Model, String), LinkProblem>, AppError> {
    let actor = Actor::anonymous(&device.ip_address);
    let txn = Write::begin(db, clock, &actor).await?;
    let now = txn.now;
    let row = match find_link(&txn, token, now).await? {
        Ok(row) => row,
        Err(problem) => return Ok(Err(problem)),
    };
    // Every link for this address is finished with, whichever is used.
    registration::Entity::update_many()
        .col_expr(registration::Column::UsedAt, Expr::value(Some(now)))
        .filter(registration::Column::Email.eq(&row.email))
        .filter(registration::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(&row.email))
        .count(&txn)
        .await?;
    let (Some(name), Some(hash), 0) = (row.name.clone(), row.password_hash.clone(), taken) else {
        txn.commit().await?;
        return Ok(Err(LinkProblem::Used));
    };
    let created = users::insert(&txn, &row.email, &name, hash, Role::Applicant, now).await?;
    let session_token = sessions::create(&txn, created.id, Stage::Full, device, now).await?;
    txn.audit_as(
        &Actor::known(created.id, &created.email),
        Action::UserCreated,
        created.id,
        "role applicant; registered through an emailed link",
    )
    .await?;
    txn.commit().await?;
    Ok(Ok((created, session_token)))
}
