//! Who is asking: passwords, sessions, CSRF and the role guards.
//!
//! The guards build on one another: [`CurrentUser`] is anyone signed in, and
//! [`Applicant`], [`PanelMember`], [`Officer`] and [`Admin`] admit a user whose
//! role is at least that high. A guard that finds nobody signed in answers 401,
//! which the catcher turns into a trip to the sign-in page and back; a guard that
//! finds the wrong role answers 403.

pub mod csrf;
pub mod password;
pub mod session;
pub mod totp;

use entity::session::Stage;
use entity::user::{self, Role};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::services::sessions;

/// How far up the roles a user stands.
pub fn rank(role: Role) -> u8 {
    match role {
        Role::Applicant => 0,
        Role::Panel => 1,
        Role::Officer => 2,
        Role::Admin => 3,
    }
}

/// The signed-in user, loaded once per request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// This browser's session (its row in the `session` table).
    pub session_id: i32,
    /// True when the user signs in with a second factor.
    pub two_factor: bool,
}

impl CurrentUser {
    /// True when the user's role is `role` or above.
    pub fn has(&self, role: Role) -> bool {
        rank(self.role) >= rank(role)
    }
}

/// A sign-in half done: the password was right, and a second factor is still to come
/// (a code, or setting two-factor sign-in up when the council requires it).
#[derive(Debug, Clone)]
pub struct SignInStep {
    pub user: CurrentUser,
    pub stage: Stage,
}

#[derive(Debug, Clone)]
enum Lookup {
    Found(CurrentUser, Stage),
    Anonymous,
    Failed,
}

fn current(u: user::Model, session_id: i32) -> CurrentUser {
    CurrentUser {
        id: u.id,
        two_factor: u.totp_enabled_at.is_some(),
        email: u.email,
        name: u.name,
        role: u.role,
        session_id,
    }
}

async fn lookup(req: &Request<'_>) -> Lookup {
    let (Some(db), Some(clock)) = (
        req.rocket().state::<DatabaseConnection>(),
        req.rocket().state::<Clock>(),
    ) else {
        return Lookup::Failed;
    };
    let cookies = req.cookies();
    let Some(token) = session::token(cookies) else {
        return Lookup::Anonymous;
    };
    let device = match session::ThisDevice::from_request(req).await {
        Outcome::Success(device) => device.0,
        _ => sessions::Device::default(),
    };
    match sessions::find(db, clock, &token, &device).await {
        Ok(Some((row, account))) => Lookup::Found(current(account, row.id), row.stage),
        Ok(None) => {
            // Ended, run out, or the account disabled: this cookie is of no more use.
            session::clear(cookies);
            Lookup::Anonymous
        }
        Err(error) => {
            tracing::error!(%error, "loading the signed-in user");
            Lookup::Failed
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CurrentUser {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.local_cache_async(lookup(req)).await {
            Lookup::Found(user, Stage::Full) => Outcome::Success(user.clone()),
            // Half signed in opens nothing but the next step of signing in.
            Lookup::Found(..) | Lookup::Anonymous => Outcome::Error((Status::Unauthorized, ())),
            Lookup::Failed => Outcome::Error((Status::InternalServerError, ())),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SignInStep {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.local_cache_async(lookup(req)).await {
            Lookup::Found(_, Stage::Full) => Outcome::Forward(Status::NotFound),
            Lookup::Found(user, stage) => Outcome::Success(SignInStep {
                user: user.clone(),
                stage: *stage,
            }),
            Lookup::Anonymous => Outcome::Error((Status::Unauthorized, ())),
            Lookup::Failed => Outcome::Error((Status::InternalServerError, ())),
        }
    }
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub CurrentUser);

        impl std::ops::Deref for $name {
            type Target = CurrentUser;
            fn deref(&self) -> &CurrentUser {
                &self.0
            }
        }

        #[rocket::async_trait]
        impl<'r> FromRequest<'r> for $name {
            type Error = ();

            async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
                match CurrentUser::from_request(req).await {
                    Outcome::Success(user) if user.has($role) => Outcome::Success($name(user)),
                    Outcome::Success(_) => Outcome::Error((Status::Forbidden, ())),
                    Outcome::Error(e) => Outcome::Error(e),
                    Outcome::Forward(s) => Outcome::Forward(s),
                }
            }
        }
    };
}

role_guard!(
    /// Anyone signed in: every user can act for their community groups.
    Applicant,
    Role::Applicant
);
role_guard!(
    /// A grant panel member (or an officer or admin).
    PanelMember,
    Role::Panel
);
role_guard!(
    /// A council grants officer (or an admin).
    Officer,
    Role::Officer
);
role_guard!(
    /// An administrator.
    Admin,
    Role::Admin
);
