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

use chrono::Duration;
use entity::user::{self, Role};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::clock::Clock;
use crate::config::AppConfig;

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
    pub session_epoch: i32,
}

impl CurrentUser {
    /// True when the user's role is `role` or above.
    pub fn has(&self, role: Role) -> bool {
        rank(self.role) >= rank(role)
    }
}

#[derive(Debug, Clone)]
enum Lookup {
    Found(CurrentUser),
    Anonymous,
    Failed,
}

async fn lookup(req: &Request<'_>) -> Lookup {
    let (Some(db), Some(clock), Some(config)) = (
        req.rocket().state::<DatabaseConnection>(),
        req.rocket().state::<Clock>(),
        req.rocket().state::<AppConfig>(),
    ) else {
        return Lookup::Failed;
    };
    let cookies = req.cookies();
    let now = clock.now();
    let Some(data) = session::read(cookies, now) else {
        return Lookup::Anonymous;
    };
    let found = match user::Entity::find_by_id(data.uid).one(db).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(%error, "loading the signed-in user");
            return Lookup::Failed;
        }
    };
    match found {
        // A disabled account, or a session from before the password changed, ends here.
        Some(u) if !u.disabled && u.session_epoch == data.epoch => {
            if now.timestamp() - data.seen > Duration::minutes(1).num_seconds() {
                session::start(cookies, u.id, u.session_epoch, now, config.secure_cookies);
            }
            Lookup::Found(CurrentUser {
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role,
                session_epoch: u.session_epoch,
            })
        }
        _ => {
            session::end(cookies);
            Lookup::Anonymous
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CurrentUser {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.local_cache_async(lookup(req)).await {
            Lookup::Found(user) => Outcome::Success(user.clone()),
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
