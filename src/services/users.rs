//! Accounts: registration, signing in with lockout, passwords, roles and disabling.

use chrono::{DateTime, Duration, Utc};
use entity::session::Stage;
use entity::{login_failure, user, user::Role};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::auth::password;
use crate::clock::Clock;
use crate::domain::email::Email;
use crate::domain::fields::FieldErrors;
use crate::domain::pagination::Paging;
use crate::domain::{lockout, password_policy};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::password_reset::token_hash;
use crate::services::sessions::{self, Device};
use crate::services::two_factor;
use crate::services::write::Write;

/// Failed sign-ins in a row that lock an account.
pub const MAX_FAILURES_PER_ACCOUNT: i32 = 5;
/// Failed sign-ins from one client address, within the window, that slow it down.
/// Offices share addresses, so this is higher than the per-account limit.
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;

/// How long a lockout, and the window for counting an address's failures, last.
pub fn lockout_period() -> Duration {
    Duration::minutes(15)
}

/// A new account, as typed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub password: String,
    pub role: Role,
}

fn check_name(name: &str, errors: &mut FieldErrors) {
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", "Enter your full name");
    } else if name.chars().count() > 200 {
        errors.add("name", "Name must be 200 characters or fewer");
    }
}

/// Creates an account after checking every field; a taken email joins the field errors.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: NewUser,
) -> Result<user::Model, AppError> {
    create_with(db, clock, actor, input, true).await
}

/// Creates an account without the password strength check: only for the demo,
/// whose shared password is public by design.
pub async fn create_unchecked(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: NewUser,
) -> Result<user::Model, AppError> {
    create_with(db, clock, actor, input, false).await
}

/// Checks a new account's fields without saving anything.
pub fn check_new(name: &str, email: &str, password: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    check_name(name, &mut errors);
    if let Err(message) = Email::parse(email) {
        errors.add("email", message);
    }
    if let Err(message) = password_policy::check(password, email) {
        errors.add("password", message);
    }
    errors
}

async fn create_with(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: NewUser,
    check_password: bool,
) -> Result<user::Model, AppError> {
    let mut errors = check_new(&input.name, &input.email, &input.password);
    if !check_password {
        errors.0.retain(|(field, _)| field != "password");
    }
    errors.into_result()?;
    let email = Email::parse(&input.email)
        .map_err(|m| AppError::Invalid(FieldErrors::single("email", m)))?;

    let hash = password::hash(input.password).await?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(AppError::Invalid(FieldErrors::single(
            "email",
            "An account with this email address already exists: sign in instead",
        )));
    }
    let created = insert(
        &txn,
        email.as_str(),
        input.name.trim(),
        hash,
        input.role,
        now,
    )
    .await?;
    let actor = if actor.id.is_none() && actor.label.starts_with("anonymous") {
        Actor::known(created.id, &created.email)
    } else {
        actor.clone()
    };
    txn.audit_as(
        &actor,
        Action::UserCreated,
        created.id,
        format!("role {}", crate::format::role_name(input.role)),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Adds an account row inside a change under way (the caller has checked the fields
/// and that the email is free).
pub async fn insert<C: sea_orm::ConnectionTrait>(
    conn: &C,
    email: &str,
    name: &str,
    password_hash: String,
    role: Role,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    Ok(user::ActiveModel {
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash),
        role: Set(role),
        disabled: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Why a sign-in did not succeed; each says what the page tells the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefused {
    /// Wrong email or password (never which of the two).
    Invalid,
    /// Too many failures on this account: locked until then.
    Locked(DateTime<Utc>),
    /// Too many failures from this address: slowed down until then.
    Throttled(DateTime<Utc>),
    /// The account was disabled by an administrator.
    Disabled,
}

/// A sign-in whose password was right: the account, and the new session's token and
/// stage (full, or waiting for the second factor).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: user::Model,
    pub token: String,
    pub stage: Stage,
}

/// The outcome of a sign-in attempt.
pub type LoginResult = Result<SignedIn, LoginRefused>;

/// Checks an email and password, counting failures per account and per address, and
/// starts a session when they are right.
///
/// An address with no account is answered exactly as an account would be: its
/// failures are counted (by the SHA-256 of the address) and, after five, it is
/// "locked" too, so the answer never says whether the account exists.
pub async fn authenticate(
    db: &DatabaseConnection,
    clock: &Clock,
    email: &str,
    password_typed: &str,
    device: &Device,
) -> Result<LoginResult, AppError> {
    let now = clock.now();
    let client = device.ip_address.as_str();
    if let Some(until) = address_throttled(db, client, now).await? {
        return Ok(Err(LoginRefused::Throttled(until)));
    }
    let email = email.trim().to_lowercase();

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let ok = password::verify(
        password_typed.to_owned(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;

    // The visitor is known only once the account is found: entries from then on are
    // by the account.
    let visitor = Actor::anonymous(client);
    let txn = Write::begin_at(db, now, &visitor).await?;
    let Some(account) = found else {
        let refused = count_unknown_failure(&txn, &email, client, now).await?;
        txn.commit().await?;
        return Ok(Err(refused));
    };
    // Re-read inside the write transaction: another attempt may have just counted.
    let Some(account) = user::Entity::find_by_id(account.id).one(&txn).await? else {
        return Ok(Err(LoginRefused::Invalid));
    };
    let actor = Actor::known(account.id, &account.email);

    if let Some(until) = locked(&account, now) {
        txn.commit().await?;
        return Ok(Err(LoginRefused::Locked(until)));
    }
    if !ok {
        let refused = count_failure(&txn, &account, client, "wrong password").await?;
        txn.commit().await?;
        return Ok(Err(refused));
    }
    if account.disabled {
        txn.audit_as(
            &actor,
            Action::AuthLoginRefused,
            account.id,
            "account disabled",
        )
        .await?;
        txn.commit().await?;
        return Ok(Err(LoginRefused::Disabled));
    }
    let stage = if account.totp_enabled_at.is_some() {
        Stage::SecondFactor
    } else if two_factor::required_for(&txn, account.role).await? {
        Stage::Setup
    } else {
        Stage::Full
    };
    let mut change: user::ActiveModel = account.clone().into();
    if stage == Stage::Full {
        change.failed_logins = Set(0);
        change.locked_until = Set(None);
        change.last_login_at = Set(Some(now));
    }
    let account = change.update(&txn).await?;
    let token = sessions::create(&txn, account.id, stage, device, now).await?;
    let detail = match stage {
        Stage::Full => "",
        Stage::SecondFactor => "password accepted; waiting for the second factor",
        Stage::Setup => "password accepted; two-factor set-up required",
    };
    txn.audit_as(&actor, Action::AuthLogin, account.id, detail)
        .await?;
    txn.commit().await?;
    Ok(Ok(SignedIn {
        account,
        token,
        stage,
    }))
}

/// When the account's lockout ends, if it is locked now.
pub fn locked(account: &user::Model, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    account.locked_until.filter(|until| *until > now)
}

/// When an address that has failed too often may try again, if it is slowed down now.
async fn address_throttled(
    db: &DatabaseConnection,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let window_start = now - lockout_period();
    let recent_from_address = login_failure::Entity::find()
        .filter(login_failure::Column::ClientIp.eq(client))
        .filter(login_failure::Column::At.gt(window_start))
        .count(db)
        .await?;
    if recent_from_address < MAX_FAILURES_PER_ADDRESS {
        return Ok(None);
    }
    let oldest: Option<DateTime<Utc>> = login_failure::Entity::find()
        .select_only()
        .column(login_failure::Column::At)
        .filter(login_failure::Column::ClientIp.eq(client))
        .filter(login_failure::Column::At.gt(window_start))
        .order_by_desc(login_failure::Column::At)
        .offset(MAX_FAILURES_PER_ADDRESS - 1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(Some(oldest.unwrap_or(now) + lockout_period()))
}

/// Counts a failed proof of identity (a wrong password, current password or code)
/// against an account and its client address, inside the change under way: the fifth
/// in a row locks the account. Audited; says what to tell the person.
pub async fn count_failure(
    txn: &Write<'_>,
    account: &user::Model,
    client: &str,
    what: &str,
) -> Result<LoginRefused, AppError> {
    let now = txn.now;
    let actor = Actor::known(account.id, &account.email);
    record_address_failure(txn, client, None, now).await?;
    let failures = account.failed_logins + 1;
    let mut change: user::ActiveModel = account.clone().into();
    let refused = if failures >= MAX_FAILURES_PER_ACCOUNT {
        let until = now + lockout_period();
        change.failed_logins = Set(0);
        change.locked_until = Set(Some(until));
        txn.audit_as(
            &actor,
            Action::AuthLockout,
            account.id,
            format!("{failures} failed sign-ins or identity checks in a row"),
        )
        .await?;
        LoginRefused::Locked(until)
    } else {
        change.failed_logins = Set(failures);
        LoginRefused::Invalid
    };
    change.update(txn).await?;
    txn.audit_as(&actor, Action::AuthLoginFailed, account.id, what)
        .await?;
    Ok(refused)
}

/// As [`count_failure`], for an address with no account: its failures are kept by the
/// address's SHA-256 and replayed by the accounts' rule.
async fn count_unknown_failure(
    txn: &Write<'_>,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<LoginRefused, AppError> {
    let hash = token_hash(email);
    let mut earlier: Vec<DateTime<Utc>> = login_failure::Entity::find()
        .select_only()
        .column(login_failure::Column::At)
        .filter(login_failure::Column::EmailHash.eq(&hash))
        .filter(login_failure::Column::At.gt(now - Duration::days(1)))
        .order_by_asc(login_failure::Column::At)
        .into_tuple()
        .all(txn)
        .await?;
    let max = MAX_FAILURES_PER_ACCOUNT as usize;
    if let Some(until) =
        lockout::locked_until(&earlier, max, lockout_period()).filter(|until| *until > now)
    {
        return Ok(LoginRefused::Locked(until));
    }
    record_address_failure(txn, client, Some(hash), now).await?;
    txn.audit(Action::AuthLoginFailed, "", "unknown email")
        .await?;
    earlier.push(now);
    Ok(
        match lockout::locked_until(&earlier, max, lockout_period()) {
            Some(until) if until > now => LoginRefused::Locked(until),
            _ => LoginRefused::Invalid,
        },
    )
}

async fn record_address_failure<C: sea_orm::ConnectionTrait>(
    conn: &C,
    client: &str,
    email_hash: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Old rows are of no further use; clear them as we go so the table stays small.
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(now - Duration::days(1)))
        .exec(conn)
        .await?;
    login_failure::Entity::insert(login_failure::ActiveModel {
        client_ip: Set(client.to_owned()),
        at: Set(now),
        email_hash: Set(email_hash),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A password change as typed.
#[derive(Debug, Clone, Copy)]
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirm: &'a str,
}

/// Changes a password after checking the current one, and ends every other session.
///
/// A wrong current password counts towards the same lockout as a failed sign-in, and
/// while the account is locked no password is checked at all, so this form cannot be
/// used to guess the password of a session left open.
pub async fn change_password(
    db: &DatabaseConnection,
    clock: &Clock,
    user: &crate::auth::CurrentUser,
    client: &str,
    tz: chrono_tz::Tz,
    typed: PasswordChange<'_>,
) -> Result<(), AppError> {
    let PasswordChange {
        current,
        new,
        confirm,
    } = typed;
    let account = get(db, user.id).await?;
    let now = clock.now();
    let mut errors = FieldErrors::new();
    if let Some(until) = locked(&account, now) {
        errors.add("current_password", locked_message(until, tz));
    } else if current.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else if !password::verify(current.to_owned(), Some(account.password_hash.clone())).await {
        let actor = Actor::known(account.id, &account.email);
        let txn = Write::begin_at(db, now, &actor).await?;
        // Re-read under the write lock, so two guesses at once both count.
        let fresh = get_in(&txn, account.id).await?;
        let refused = count_failure(&txn, &fresh, client, "wrong current password").await?;
        txn.commit().await?;
        match refused {
            LoginRefused::Locked(until) => {
                errors.add("current_password", locked_message(until, tz));
            }
            _ => errors.add("current_password", "Your current password is not right"),
        }
    }
    if let Err(message) = password_policy::check(new, &account.email) {
        errors.add("new_password", message);
    } else if new == current {
        errors.add(
            "new_password",
            "Choose a password different from your current one",
        );
    }
    if new != confirm {
        errors.add("confirm_password", "The passwords do not match");
    }
    errors.into_result()?;

    let hash = password::hash(new.to_owned()).await?;
    let actor = Actor::known(account.id, &account.email);
    let txn = Write::begin(db, clock, &actor).await?;
    let now = txn.now;
    let mut change: user::ActiveModel = account.clone().into();
    change.password_hash = Set(hash);
    change.failed_logins = Set(0);
    change.updated_at = Set(now);
    change.update(&txn).await?;
    let ended = sessions::end_all_but(&txn, account.id, Some(user.session_id)).await?;
    txn.audit(
        Action::UserPasswordChanged,
        account.id,
        format!("{ended} other sessions ended"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What a locked account is told, on every form that checks who someone is. The same
/// words whether or not the account exists.
pub fn locked_message(until: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    format!(
        "This account is locked for 15 minutes after 5 failed attempts. Try again after {}",
        crate::format::datetime(until, tz)
    )
}

async fn get_in<C: sea_orm::ConnectionTrait>(conn: &C, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Parses a role's name.
pub fn parse_role(name: &str) -> Option<Role> {
    match name.trim().to_lowercase().as_str() {
        "applicant" => Some(Role::Applicant),
        "panel" => Some(Role::Panel),
        "officer" => Some(Role::Officer),
        "admin" => Some(Role::Admin),
        _ => None,
    }
}

/// One page of users, optionally matching a search over name and email.
pub async fn list(
    db: &DatabaseConnection,
    search: &str,
    page: Option<u64>,
) -> Result<(Vec<user::Model>, Paging), AppError> {
    let mut query = user::Entity::find();
    if !search.trim().is_empty() {
        let pattern = super::like_pattern(search);
        query = query.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col(user::Column::Name)))
                        .like(LikeExpr::new(pattern.clone()).escape('\\')),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col(user::Column::Email)))
                        .like(LikeExpr::new(pattern).escape('\\')),
                ),
        );
    }
    let total = query.clone().count(db).await?;
    let paging = Paging::new(page, 25, total);
    let users = query
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    Ok((users, paging))
}

/// Loads a user or answers 404.
pub async fn get(db: &DatabaseConnection, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn other_active_admins<C: sea_orm::ConnectionTrait>(
    conn: &C,
    except: i32,
) -> Result<u64, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .filter(user::Column::Disabled.eq(false))
        .filter(user::Column::Id.ne(except))
        .count(conn)
        .await?)
}

/// Gives a user another role. The last active admin cannot be demoted.
pub async fn set_role(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    role: Role,
) -> Result<user::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let target = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.role == role {
        return Ok(target);
    }
    if target.role == Role::Admin && other_active_admins(&txn, id).await? == 0 {
        return Err(AppError::Invalid(FieldErrors::single(
            "role",
            "This is the only active admin: make someone else an admin first",
        )));
    }
    let from = target.role;
    let mut change: user::ActiveModel = target.into();
    change.role = Set(role);
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    txn.audit(
        Action::UserRoleChanged,
        id,
        format!(
            "{} → {}",
            crate::format::role_name(from),
            crate::format::role_name(role)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Disables or re-enables an account. Nobody can disable themselves or the last admin.
pub async fn set_disabled(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    disabled: bool,
) -> Result<user::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let target = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.disabled == disabled {
        return Ok(target);
    }
    if disabled && actor.id == Some(id) {
        return Err(AppError::Invalid(FieldErrors::single(
            "disabled",
            "You cannot disable your own account",
        )));
    }
    if disabled && target.role == Role::Admin && other_active_admins(&txn, id).await? == 0 {
        return Err(AppError::Invalid(FieldErrors::single(
            "disabled",
            "You cannot disable the only active admin",
        )));
    }
    let mut change: user::ActiveModel = target.into();
    change.disabled = Set(disabled);
    change.updated_at = Set(now);
    if !disabled {
        change.failed_logins = Set(0);
        change.locked_until = Set(None);
    }
    let updated = change.update(&txn).await?;
    if disabled {
        sessions::end_all_but(&txn, id, None).await?;
    }
    let action = if disabled {
        Action::UserDisabled
    } else {
        Action::UserEnabled
    };
    txn.audit(action, id, "").await?;
    txn.commit().await?;
    Ok(updated)
}

/// True once any account exists (used to tell a fresh installation apart).
pub async fn any_exist(db: &DatabaseConnection) -> Result<bool, AppError> {
    Ok(user::Entity::find().count(db).await? > 0)
}
