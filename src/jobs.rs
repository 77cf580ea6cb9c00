//! Work the server does on its own: loading the email templates at start-up, and
//! (when enabled) the delivery worker and the reminders job.

use std::path::PathBuf;
use std::time::Duration;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::figment::value::magic::RelativePathBuf;
use rocket::{Build, Orbit, Rocket};
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::config::AppConfig;
use crate::services::notify::deliver::{self, Mailer};
use crate::services::notify::{Notifier, reminders};

/// Where the templates are: Rocket's `template_dir`, `templates` by default.
pub fn template_dir(figment: &rocket::figment::Figment) -> PathBuf {
    figment
        .extract_inner::<RelativePathBuf>("template_dir")
        .map(|p| p.relative())
        .unwrap_or_else(|_| PathBuf::from("templates"))
}

/// Loads the email templates (refusing to start without them) and, once the server
/// is up, starts the background jobs that the configuration asks for.
pub struct Notifications;

#[rocket::async_trait]
impl Fairing for Notifications {
    fn info(&self) -> Info {
        Info {
            name: "Email notifications",
            kind: Kind::Ignite | Kind::Liftoff,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> rocket::fairing::Result {
        let Some(config) = rocket.state::<AppConfig>() else {
            return Err(rocket);
        };
        if let Err(error) = Mailer::from_config(config, "check") {
            tracing::error!(%error, "email delivery is not configured correctly");
            return Err(rocket);
        }
        match Notifier::load(&template_dir(rocket.figment()), config) {
            Ok(notifier) => Ok(rocket.manage(notifier)),
            Err(error) => {
                tracing::error!(%error, "cannot load the email templates");
                Err(rocket)
            }
        }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let (Some(config), Some(db), Some(clock), Some(notifier)) = (
            rocket.state::<AppConfig>(),
            rocket.state::<DatabaseConnection>(),
            rocket.state::<Clock>(),
            rocket.state::<Notifier>(),
        ) else {
            return;
        };
        if !config.background_jobs {
            return;
        }
        let shutdown = rocket.shutdown();
        if config.reminders_interval_seconds > 0 {
            let (db, clock, notifier) = (db.clone(), clock.clone(), notifier.clone());
            let every = Duration::from_secs(config.reminders_interval_seconds);
            let shutdown = shutdown.clone();
            tokio::spawn(async move {
                let work = async {
                    loop {
                        match reminders::run_reminders(&db, &clock, &notifier).await {
                            Ok(0) => {}
                            Ok(n) => tracing::info!(messages = n, "reminders enqueued"),
                            Err(error) => tracing::error!(%error, "reminders job failed"),
                        }
                        tokio::time::sleep(every).await;
                    }
                };
                tokio::select! {
                    _ = work => {}
                    _ = shutdown => {}
                }
            });
        }
        match Mailer::from_config(config, &deliver::worker_name()) {
            Ok(Some(mailer)) => {
                let (db, clock) = (db.clone(), clock.clone());
                let every = Duration::from_secs(config.mail_interval_seconds.max(1));
                tracing::info!(worker = %mailer.worker, "email delivery worker started");
                tokio::spawn(async move {
                    let work = async {
                        loop {
                            match deliver::deliver_once(&db, &clock, &mailer).await {
                                Ok(done) if done.sent + done.retrying + done.failed > 0 => {
                                    tracing::info!(?done, "email delivery pass")
                                }
                                Ok(_) => {}
                                Err(error) => tracing::error!(%error, "email delivery failed"),
                            }
                            tokio::time::sleep(every).await;
                        }
                    };
                    tokio::select! {
                        _ = work => {}
                        _ = shutdown => {}
                    }
                });
            }
            Ok(None) => {
                tracing::info!(
                    "no SMTP server configured: email stays in the outbox (/admin/outbox)"
                )
            }
            Err(error) => tracing::error!(%error, "email delivery is not configured correctly"),
        }
    }
}
