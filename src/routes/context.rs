//! What a handler needs from the app, in one request guard: the database, the
//! clock, the council's time zone, the notifier and the settings.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::config::AppConfig;
use crate::services::notify::Notifier;

/// The app's shared parts, for one request. Take it as a handler argument instead
/// of a list of `&State<…>`.
#[derive(Clone, Copy)]
pub struct Ctx<'r> {
    pub db: &'r DatabaseConnection,
    pub clock: &'r Clock,
    pub config: &'r AppConfig,
    pub notifier: &'r Notifier,
    /// The council's time zone: deadlines are entered and shown in it.
    pub tz: Tz,
}

impl Ctx<'_> {
    /// Now, in UTC.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today's date in the council's time zone.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.tz).date_naive()
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Ctx<'r> {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let rocket = req.rocket();
        match (
            rocket.state::<DatabaseConnection>(),
            rocket.state::<Clock>(),
            rocket.state::<AppConfig>(),
            rocket.state::<Notifier>(),
        ) {
            (Some(db), Some(clock), Some(config), Some(notifier)) => Outcome::Success(Ctx {
                db,
                clock,
                config,
                notifier,
                tz: config.time_zone,
            }),
            // Only a mis-built app lacks these: the server, not the request, is wrong.
            _ => Outcome::Error((Status::InternalServerError, ())),
        }
    }
}
