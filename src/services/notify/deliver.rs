//! The delivery worker: claims due messages with a lease, sends them over SMTP,
//! and records each attempt. Several workers (on one server or many) share the
//! outbox: a message is claimed by one of them at a time, and a claim that a dead
//! worker never finished expires with its lease.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use entity::{outbox, outbox_attempt};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, TransactionTrait,
};

use super::State;
use crate::clock::Clock;
use crate::config::{AppConfig, SmtpTls};
use crate::error::AppError;

/// How long a claimed message is a worker's alone; longer than any SMTP exchange.
pub fn lease_period() -> Duration {
    Duration::minutes(5)
}

/// Messages claimed at a time.
const BATCH: u64 = 20;

/// The wait before the next try after `attempts` failed ones: one minute, doubling,
/// at most six hours.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 20) - 1;
    let seconds = 60_i64.saturating_mul(1_i64 << doublings);
    Duration::seconds(std::cmp::min(seconds, 6 * 3600))
}

/// A worker's connection settings and identity.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    max_attempts: i32,
    /// Names this worker in leases and attempts.
    pub worker: String,
}

impl Mailer {
    /// The mailer the configuration describes, or `None` when mail is not delivered
    /// (no SMTP server, or demo mode).
    pub fn from_config(config: &AppConfig, worker: &str) -> Result<Option<Self>, String> {
        if !config.delivers_mail() {
            return Ok(None);
        }
        let host = config.smtp_host.as_deref().unwrap_or_default().trim();
        let builder = match config.smtp_tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| format!("smtp_host `{host}`: {e}"))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| format!("smtp_host `{host}`: {e}"))?,
        };
        let port = config.smtp_port.unwrap_or(match config.smtp_tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        });
        let mut builder = builder.port(port).timeout(Some(StdDuration::from_secs(30)));
        if let Some(username) = config.smtp_username.as_deref().filter(|u| !u.is_empty()) {
            let password = config
                .smtp_password
                .as_ref()
                .map(|p| p.0.clone())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.to_owned(), password));
        }
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|e| format!("mail_from `{}`: {e}", config.mail_from))?;
        Ok(Some(Self {
            transport: builder.build(),
            from,
            max_attempts: std::cmp::max(config.mail_max_attempts, 1),
            worker: worker.to_owned(),
        }))
    }
}

/// A name for this process's worker: unique enough across servers and restarts.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "dealfund".into());
    let tag: u32 = rand::random();
    format!("{host}-{}-{tag:08x}", std::process::id())
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// Failed this time, to be tried again later.
    pub retrying: usize,
    /// Failed for the last time.
    pub failed: usize,
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(outbox::Column::State.eq(State::Queued.as_str()))
                .add(outbox::Column::NextAttemptAt.lte(now)),
        )
        // A worker died holding these: its lease has run out.
        .add(
            Condition::all()
                .add(outbox::Column::State.eq(State::Sending.as_str()))
                .add(outbox::Column::LeaseUntil.lt(now)),
        )
}

/// Claims up to a batch of due messages for `worker`. One statement: on PostgreSQL
/// the rows another worker is claiming are skipped (`FOR UPDATE SKIP LOCKED`);
/// SQLite runs one writer at a time, so the statement is atomic there by itself.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<Vec<outbox::Model>, AppError> {
    let mut pick = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(due(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH);
    if db.get_database_backend() == DbBackend::Postgres {
        pick = pick.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let mut claimed = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(State::Sending.as_str()))
        .col_expr(outbox::Column::LeaseOwner, Expr::value(worker))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(now + lease_period()),
        )
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.in_subquery(pick.into_query()))
        // Checked again on the row itself, in case it changed after the subquery read it.
        .filter(due(now))
        .exec_with_returning(db)
        .await?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

async fn send(mailer: &Mailer, message: &outbox::Model) -> Result<(), String> {
    let to: Mailbox = message
        .to_address
        .parse()
        .map_err(|e| format!("the address `{}` cannot be used: {e}", message.to_address))?;
    let email = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(message.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            message.body_text.clone(),
            message.body_html.clone(),
        ))
        .map_err(|e| format!("building the message: {e}"))?;
    mailer
        .transport
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| error_chain(&e))
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Records how a try went, if this worker still holds the message.
async fn finish(
    db: &DatabaseConnection,
    mailer: &Mailer,
    message: &outbox::Model,
    result: &Result<(), String>,
    now: DateTime<Utc>,
) -> Result<State, AppError> {
    let (state, next_attempt_at, error) = match result {
        Ok(()) => (State::Sent, message.next_attempt_at, None),
        Err(e) if message.attempts >= mailer.max_attempts => {
            (State::Failed, message.next_attempt_at, Some(e.clone()))
        }
        Err(e) => (
            State::Queued,
            now + backoff(message.attempts),
            Some(e.clone()),
        ),
    };
    let txn = db.begin().await?;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(state.as_str()))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(outbox::Column::LeaseOwner, Expr::value(None::<String>))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(outbox::Column::LastError, Expr::value(error.clone()))
        .col_expr(
            outbox::Column::SentAt,
            Expr::value((state == State::Sent).then_some(now)),
        )
        .filter(outbox::Column::Id.eq(message.id))
        .filter(outbox::Column::LeaseOwner.eq(&mailer.worker))
        .exec(&txn)
        .await?;
    outbox_attempt::Entity::insert(outbox_attempt::ActiveModel {
        outbox_id: Set(message.id),
        attempted_at: Set(now),
        worker: Set(mailer.worker.clone()),
        ok: Set(result.is_ok()),
        error: Set(error),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(state)
}

/// One pass: claims due messages and tries to send each once.
pub async fn deliver_once(
    db: &DatabaseConnection,
    clock: &Clock,
    mailer: &Mailer,
) -> Result<Delivered, AppError> {
    let claimed = claim(db, &mailer.worker, clock.now()).await?;
    let mut report = Delivered::default();
    for message in &claimed {
        let result = send(mailer, message).await;
        if let Err(error) = &result {
            tracing::warn!(id = message.id, attempt = message.attempts, %error, "email not sent");
        }
        match finish(db, mailer, message, &result, clock.now()).await? {
            State::Sent => report.sent += 1,
            State::Failed => report.failed += 1,
            _ => report.retrying += 1,
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_between_tries_doubles_from_a_minute_to_at_most_six_hours() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(12), Duration::hours(6));
        assert_eq!(backoff(1000), Duration::hours(6));
    }
}
