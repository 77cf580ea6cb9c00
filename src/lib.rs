//! dealfund: a council's community Deal and investment-fund grant manager.
//!
//! [`build`] makes the Rocket instance from a configuration, a database and a
//! clock; the binary and the tests both start the app through it.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod fairings;
pub mod format;
pub mod jobs;
pub mod routes;
pub mod services;
pub mod tools;
pub mod views;

use rocket::figment::Figment;
use rocket::fs::FileServer;
use rocket::{Build, Rocket};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::config::AppConfig;

/// Builds the app. Migrations must already have been applied to `db`.
pub fn build(
    figment: Figment,
    config: AppConfig,
    db: DatabaseConnection,
    clock: Clock,
) -> Rocket<Build> {
    let tz = config.time_zone;
    let static_dir = config.static_dir.clone();
    let template_dir = jobs::template_dir(&figment);
    let compiled = views::templates::Compiled::default();
    let keep = compiled.clone();
    let templates = Template::try_custom(move |engines| {
        engines.handlebars.set_strict_mode(true);
        views::templates::without_indenting(&mut engines.handlebars, &template_dir)?;
        views::helpers::register(&mut engines.handlebars, tz);
        keep.keep(&engines.handlebars);
        Ok(())
    });
    rocket::custom(figment)
        .manage(config)
        .manage(db)
        .manage(clock)
        .manage(services::publishing::cache::PublishedCache::default())
        .manage(compiled)
        .attach(templates)
        .attach(jobs::Notifications)
        .attach(fairings::SecurityHeaders)
        // Before the CSRF check, so an undeclared unsafe method on the API is 405.
        .attach(routes::api::methods::ApiMethods)
        .attach(auth::csrf::CsrfFairing)
        .mount("/", routes::routes())
        .mount("/static", FileServer::from(static_dir))
        .register("/", routes::errors::catchers())
}
