//! Two-factor sign-in: setting it up, checking codes at sign-in, recovery codes, the
//! council's rule that officers and admins must use it, and an admin's reset.
//!
//! Wrong codes count towards the same lockout as wrong passwords. A code works once:
//! the step of the last accepted code is kept, and a code of that step or earlier is
//! refused. Recovery codes are stored as argon2 hashes, like passwords, and each works
//! once.

use entity::recovery_code;
use entity::session::Stage;
use entity::user::{self, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

use crate::auth::password;
use crate::auth::totp::{self, SecretBox};
use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::users::{self, LoginRefused};
use crate::services::write::Write;
use crate::services::{sessions, settings};

/// The setting that makes two-factor sign-in required for officers and admins.
pub const REQUIRED_SETTING: &str = "two_factor_required";

/// True when the council requires two-factor sign-in of everyone in this role.
pub async fn required_for<C: ConnectionTrait>(conn: &C, role: Role) -> Result<bool, AppError> {
    Ok(matches!(role, Role::Officer | Role::Admin) && is_required(conn).await?)
}

/// True when the council requires two-factor sign-in of officers and admins.
pub async fn is_required<C: ConnectionTrait>(conn: &C) -> Result<bool, AppError> {
    Ok(settings::get(conn, REQUIRED_SETTING).await?.as_deref() == Some("true"))
}

/// Turns the requirement on or off (an admin's decision, audited).
pub async fn set_required(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    required: bool,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    settings::put(
        &txn,
        REQUIRED_SETTING,
        if required { "true" } else { "false" },
    )
    .await?;
    txn.audit(
        Action::SettingTwoFactorRequired,
        REQUIRED_SETTING,
        if required {
            "required for officers and admins"
        } else {
            "not required"
        },
    )
    .await?;
    txn.commit().await
}

/// Who is proving themselves: the user, the session being signed in, and the client
/// address (failures count against both).
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub user_id: i32,
    pub session_id: i32,
    pub client: &'a str,
}

/// What the set-up page shows: the secret as text and as a QR code.
#[derive(Debug, Clone)]
pub struct SetUp {
    pub secret_text: String,
    pub qr_svg: String,
}

async fn account_in<C: ConnectionTrait>(conn: &C, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The secret being set up for a user: the one already started (so reloading the page
/// shows the same code), or a new one, stored encrypted. `None` once set up.
pub async fn begin_setup(
    db: &DatabaseConnection,
    clock: &Clock,
    key: &[u8; 32],
    issuer: &str,
    user_id: i32,
) -> Result<Option<SetUp>, AppError> {
    let sealed_box = SecretBox::new(key);
    let account = account_in(db, user_id).await?;
    if account.totp_enabled_at.is_some() {
        return Ok(None);
    }
    let started = account
        .totp_secret
        .as_deref()
        .and_then(|sealed| sealed_box.open(user_id, sealed));
    let secret = match started {
        Some(secret) => secret,
        None => {
            let secret = totp::new_secret();
            let sealed = sealed_box
                .seal(user_id, &secret)
                .ok_or_else(|| AppError::Internal("sealing a two-factor secret".into()))?;
            let actor = Actor::known(account.id, &account.email);
            let txn = Write::begin(db, clock, &actor).await?;
            user::Entity::update_many()
                .col_expr(user::Column::TotpSecret, Expr::value(Some(sealed)))
                .filter(user::Column::Id.eq(user_id))
                .filter(user::Column::TotpEnabledAt.is_null())
                .exec(&txn)
                .await?;
            txn.audit(Action::UserTwoFactorSetupStarted, user_id, "")
                .await?;
            txn.commit().await?;
            secret
        }
    };
    let link = totp::otpauth_url(issuer, &account.email, &secret);
    Ok(Some(SetUp {
        secret_text: totp::secret_text(&secret),
        qr_svg: totp::qr_svg(&link)
            .ok_or_else(|| AppError::Internal("drawing the QR code".into()))?,
    }))
}

/// Confirms set-up with a code from the app. Returns the ten recovery codes, to be shown
/// once; a session waiting on set-up becomes a full one. A wrong code is a field error
/// (`code`) and counts towards the lockout.
pub async fn confirm_setup(
    db: &DatabaseConnection,
    clock: &Clock,
    key: &[u8; 32],
    tz: chrono_tz::Tz,
    who: Attempt<'_>,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let Attempt {
        user_id,
        session_id,
        client,
    } = who;
    let account = account_in(db, user_id).await?;
    let now = clock.now();
    if let Some(until) = users::locked(&account, now) {
        return Err(FieldErrors::single("code", users::locked_message(until, tz)).into());
    }
    if code.trim().is_empty() {
        return Err(FieldErrors::single("code", "Enter the 6-digit code from your app").into());
    }
    let secret = account
        .totp_secret
        .as_deref()
        .and_then(|sealed| SecretBox::new(key).open(user_id, sealed))
        .ok_or_else(|| {
            AppError::Invalid(FieldErrors::single(
                "code",
                "Set-up has been started again: scan the new QR code",
            ))
        })?;
    let step = totp::matching_step(&secret, code, now.timestamp());
    let recovery = totp::new_recovery_codes();
    let mut hashes = Vec::with_capacity(recovery.len());
    if step.is_some() {
        for code in &recovery {
            hashes.push(password::hash(code.clone()).await?);
        }
    }
    let actor = Actor::known(account.id, &account.email);
    let txn = Write::begin_at(db, now, &actor).await?;
    let account = account_in(&txn, user_id).await?;
    let Some(step) = step else {
        let refused = users::count_failure(&txn, &account, client, "wrong set-up code").await?;
        txn.commit().await?;
        return Err(FieldErrors::single("code", refusal_message(&refused, tz)).into());
    };
    if account.totp_enabled_at.is_some() {
        return Err(FieldErrors::single("code", "Two-factor sign-in is already on").into());
    }
    let mut change: user::ActiveModel = account.clone().into();
    change.totp_enabled_at = Set(Some(now));
    change.totp_last_step = Set(Some(step));
    change.failed_logins = Set(0);
    change.updated_at = Set(now);
    change.update(&txn).await?;
    replace_recovery_codes(&txn, user_id, hashes).await?;
    finish_sign_in(&txn, user_id, session_id, now).await?;
    txn.audit(Action::UserTwoFactorEnabled, user_id, "").await?;
    txn.commit().await?;
    Ok(recovery)
}

async fn replace_recovery_codes<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    hashes: Vec<String>,
) -> Result<(), AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    for code_hash in hashes {
        recovery_code::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(code_hash),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// A half-done sign-in is done: the session opens the app.
async fn finish_sign_in<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    session_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    sessions::set_stage(conn, session_id, Stage::Full).await?;
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(Some(now)))
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// What the person is told when a code is refused.
pub fn refusal_message(refused: &LoginRefused, tz: chrono_tz::Tz) -> String {
    match refused {
        LoginRefused::Locked(until) => users::locked_message(*until, tz),
        _ => "The code is not right. Enter the code your app shows now, or a recovery code"
            .to_owned(),
    }
}

/// Checks the second factor of a half-done sign-in: a code from the app, or an unused
/// recovery code. On success the session becomes a full one.
pub async fn verify_sign_in(
    db: &DatabaseConnection,
    clock: &Clock,
    key: &[u8; 32],
    who: Attempt<'_>,
    typed: &str,
) -> Result<Result<(), LoginRefused>, AppError> {
    let Attempt {
        user_id,
        session_id,
        client,
    } = who;
    let account = account_in(db, user_id).await?;
    let now = clock.now();
    if let Some(until) = users::locked(&account, now) {
        return Ok(Err(LoginRefused::Locked(until)));
    }
    let secret = account
        .totp_secret
        .as_deref()
        .and_then(|sealed| SecretBox::new(key).open(user_id, sealed));
    let step = secret
        .as_deref()
        .and_then(|secret| totp::matching_step(secret, typed, now.timestamp()))
        .filter(|step| account.totp_last_step.is_none_or(|last| *step > last));
    // A recovery code is checked only when the typed text is not a 6-digit code.
    let mut recovery_used = None;
    if step.is_none() {
        let normalised = totp::normalise_recovery_code(typed);
        if normalised.len() == 11 {
            let unused = recovery_code::Entity::find()
                .filter(recovery_code::Column::UserId.eq(user_id))
                .filter(recovery_code::Column::UsedAt.is_null())
                .all(db)
                .await?;
            for row in unused {
                if password::verify(normalised.clone(), Some(row.code_hash.clone())).await {
                    recovery_used = Some(row.id);
                    break;
                }
            }
        }
    }
    let actor = Actor::known(account.id, &account.email);
    let txn = Write::begin_at(db, now, &actor).await?;
    let account = account_in(&txn, user_id).await?;
    if let Some(step) = step {
        // Claimed under the write lock, so the same code cannot sign in twice at once.
        let claimed = user::Entity::update_many()
            .col_expr(user::Column::TotpLastStep, Expr::value(Some(step)))
            .filter(user::Column::Id.eq(user_id))
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::TotpLastStep.is_null())
                    .add(user::Column::TotpLastStep.lt(step)),
            )
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 1 {
            finish_sign_in(&txn, user_id, session_id, now).await?;
            txn.audit(
                Action::AuthLogin,
                user_id,
                "second factor: code from the app",
            )
            .await?;
            txn.commit().await?;
            return Ok(Ok(()));
        }
    } else if let Some(id) = recovery_used {
        let claimed = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(now)))
            .filter(recovery_code::Column::Id.eq(id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 1 {
            finish_sign_in(&txn, user_id, session_id, now).await?;
            txn.audit(
                Action::AuthRecoveryCodeUsed,
                user_id,
                "second factor: a recovery code",
            )
            .await?;
            txn.commit().await?;
            return Ok(Ok(()));
        }
    }
    let refused = users::count_failure(&txn, &account, client, "wrong second-factor code").await?;
    txn.commit().await?;
    Ok(Err(refused))
}

/// Recovery codes not yet used.
pub async fn recovery_codes_left(db: &DatabaseConnection, user_id: i32) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?)
}

/// Turns a user's second factor off (an admin's action, for someone who has lost their
/// phone and their recovery codes). Audited. If the council requires two-factor
/// sign-in of them, they set it up again at their next sign-in.
pub async fn reset(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
) -> Result<user::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let account = account_in(&txn, user_id).await?;
    let had = account.totp_enabled_at.is_some();
    let mut change: user::ActiveModel = account.into();
    change.totp_secret = Set(None);
    change.totp_enabled_at = Set(None);
    change.totp_last_step = Set(None);
    change.updated_at = Set(txn.now);
    let updated = change.update(&txn).await?;
    replace_recovery_codes(&txn, user_id, Vec::new()).await?;
    txn.audit(
        Action::UserTwoFactorReset,
        user_id,
        if had {
            "second factor removed"
        } else {
            "set-up cleared"
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
