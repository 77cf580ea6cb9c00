//! The demo: a fictional borough, Ashworth, with an account for each kind of user.
//! Each area of dealfund adds its part of the demo here.

mod applications;
mod deal;
mod decisions;
mod funds;
mod mail;
mod payments;
mod publications;
mod reports;
mod reviews;

pub use mail::seed_outbox;

use entity::user::Role;
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::settings;
use crate::services::users::{self, NewUser};

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "demo-password";

/// The demo applicant: a member of the demo's community groups.
pub const DEMO_APPLICANT: &str = "applicant@example.org";

/// The demo logins: email, name, role.
pub const DEMO_LOGINS: &[(&str, &str, Role)] = &[
    ("admin@example.org", "Amara Okafor", Role::Admin),
    ("officer@example.org", "Owen Pritchard", Role::Officer),
    ("panel1@example.org", "Priya Nair", Role::Panel),
    ("panel2@example.org", "Declan Byrne", Role::Panel),
    ("panel3@example.org", "Helen Marsh", Role::Panel),
    ("applicant@example.org", "Sam Whitfield", Role::Applicant),
];

/// The council the demo is set in.
pub const DEMO_COUNCIL: &str = "Ashworth Borough Council";

/// Fills a freshly migrated database with the demo.
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    settings::put(db, settings::DEMO_MARKER, "true").await?;
    for (email, name, role) in DEMO_LOGINS {
        create_demo_user(db, clock, email, name, *role).await?;
    }
    deal::seed(db, clock).await?;
    funds::seed(db, clock).await?;
    applications::seed(db, clock).await?;
    reviews::seed(db, clock).await?;
    decisions::seed(db, clock).await?;
    reports::seed(db, clock).await?;
    payments::seed(db, clock).await?;
    // The demo is set in England; its dates read in London time.
    publications::seed(db, clock, chrono_tz::Europe::London).await?;
    Ok(())
}

/// Creates one demo account. The demo password is deliberately on the common list,
/// so demo accounts are made without the strength check that real accounts pass.
async fn create_demo_user(
    db: &DatabaseConnection,
    clock: &Clock,
    email: &str,
    name: &str,
    role: Role,
) -> Result<(), AppError> {
    users::create_unchecked(
        db,
        clock,
        &Actor::system(),
        NewUser {
            name: name.to_owned(),
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            role,
        },
    )
    .await
    .map(|_| ())
}
