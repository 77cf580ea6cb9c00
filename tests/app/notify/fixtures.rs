//! Shared setup for the notify tests.

use dealfund::config::SmtpTls;
use dealfund::services::notify::deliver::Mailer;
use entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::TestApp;

/// A worker named `worker` that delivers to the SMTP receiver on `port`.
pub fn mailer(app: &TestApp, port: u16, worker: &str) -> Mailer {
    mailer_with(app, port, worker, 8)
}

/// Like [`mailer`], giving up after `max_attempts` tries.
pub fn mailer_with(app: &TestApp, port: u16, worker: &str, max_attempts: i32) -> Mailer {
    let mut config = app.config.clone();
    config.smtp_host = Some("127.0.0.1".into());
    config.smtp_port = Some(port);
    config.smtp_tls = SmtpTls::None;
    config.mail_from = "Test Borough Council <grants@test-borough.example>".into();
    config.mail_max_attempts = max_attempts;
    Mailer::from_config(&config, worker)
        .expect("the mail settings are valid")
        .expect("SMTP is configured")
}

/// Every message in the outbox, oldest first.
pub async fn outbox(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .expect("read the outbox")
}

/// The messages of one kind, oldest first.
pub async fn outbox_of(app: &TestApp, kind: &str) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(kind))
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .expect("read the outbox")
}
