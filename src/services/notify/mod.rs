//! Email notifications through a transactional outbox.
//!
//! Every message is rendered from `templates/email/` and written to the `outbox`
//! table by [`enqueue`], with the transaction of the change that causes it: a
//! rolled-back change leaves no message, and a committed one cannot lose its
//! message. The delivery worker ([`deliver`]) sends queued messages over SMTP
//! later; with no SMTP server configured they stay in the outbox for admins to read.

pub mod deliver;
pub mod events;
pub mod outbox;
pub mod reminders;

use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entity::{organisation_member, outbox as outbox_row, user};
use handlebars::Handlebars;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use serde::Serialize;

use crate::config::AppConfig;
use crate::error::AppError;

/// What a message is about; each has a text and an HTML template of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ApplicationSubmitted,
    ApplicationReturned,
    ApplicationIneligible,
    Decision,
    OfferAccepted,
    PaymentMade,
    ReportDueSoon,
    ReportDueToday,
    ReportOverdue,
    RoundClosing,
    PanelAssigned,
    ReviewReopened,
    PasswordReset,
    /// Finishing a registration: the link that creates the account.
    RegistrationConfirm,
    /// Someone tried to register with an address that already has an account.
    AccountExists,
}

/// Every kind, for checking that each has its templates.
pub const ALL_KINDS: &[Kind] = &[
    Kind::ApplicationSubmitted,
    Kind::ApplicationReturned,
    Kind::ApplicationIneligible,
    Kind::Decision,
    Kind::OfferAccepted,
    Kind::PaymentMade,
    Kind::ReportDueSoon,
    Kind::ReportDueToday,
    Kind::ReportOverdue,
    Kind::RoundClosing,
    Kind::PanelAssigned,
    Kind::ReviewReopened,
    Kind::PasswordReset,
    Kind::RegistrationConfirm,
    Kind::AccountExists,
];

impl Kind {
    /// The stored value, and the templates' name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ApplicationSubmitted => "application_submitted",
            Kind::ApplicationReturned => "application_returned",
            Kind::ApplicationIneligible => "application_ineligible",
            Kind::Decision => "decision",
            Kind::OfferAccepted => "offer_accepted",
            Kind::PaymentMade => "payment_made",
            Kind::ReportDueSoon => "report_due_soon",
            Kind::ReportDueToday => "report_due_today",
            Kind::ReportOverdue => "report_overdue",
            Kind::RoundClosing => "round_closing",
            Kind::PanelAssigned => "panel_assigned",
            Kind::ReviewReopened => "review_reopened",
            Kind::PasswordReset => "password_reset",
            Kind::RegistrationConfirm => "registration_confirm",
            Kind::AccountExists => "account_exists",
        }
    }
}

/// Where a message is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Queued,
    Sending,
    Sent,
    Failed,
}

/// Every state, in the order pages show them.
pub const ALL_STATES: &[State] = &[State::Queued, State::Sending, State::Sent, State::Failed];

impl State {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<Self> {
        ALL_STATES.iter().copied().find(|s| s.as_str() == value)
    }
}

/// Renders messages: the email templates, the council's name and the links' base.
#[derive(Clone)]
pub struct Notifier {
    text: Handlebars<'static>,
    html: Handlebars<'static>,
    council_name: String,
    base_url: String,
    /// The council's time zone, for dates in messages.
    pub tz: Tz,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("council_name", &self.council_name)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

fn load_dir(hbs: &mut Handlebars<'static>, dir: &Path, suffix: &str) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(name) = file.strip_suffix(suffix) {
            hbs.register_template_file(name, &path)
                .map_err(|e| format!("email template {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

impl Notifier {
    /// Loads `email/text/*.txt.hbs` and `email/html/*.html.hbs` under `template_dir`,
    /// refusing to start when a kind of message lacks either template.
    pub fn load(template_dir: &Path, config: &AppConfig) -> Result<Self, String> {
        let mut text = Handlebars::new();
        text.set_strict_mode(true);
        // Plain text is not HTML: nothing to escape.
        text.register_escape_fn(handlebars::no_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        let root = template_dir.join("email");
        load_dir(&mut text, &root.join("text"), ".txt.hbs")?;
        load_dir(&mut html, &root.join("html"), ".html.hbs")?;
        for kind in ALL_KINDS {
            let name = kind.as_str();
            if !text.has_template(name) || !html.has_template(name) {
                return Err(format!(
                    "email templates email/text/{name}.txt.hbs and email/html/{name}.html.hbs are both needed"
                ));
            }
        }
        Ok(Self {
            text,
            html,
            council_name: config.council_name.clone(),
            base_url: config.base_url.trim_end_matches('/').to_owned(),
            tz: config.time_zone,
        })
    }

    /// An absolute link to a path of this installation.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The council's name, as messages sign off.
    pub fn council_name(&self) -> &str {
        &self.council_name
    }

    /// Renders one message's two bodies.
    pub fn render(
        &self,
        kind: Kind,
        subject: &str,
        context: &impl Serialize,
    ) -> Result<(String, String), AppError> {
        let mut data = serde_json::to_value(context)
            .map_err(|e| AppError::Internal(format!("email context: {e}")))?;
        let serde_json::Value::Object(map) = &mut data else {
            return Err(AppError::Internal(
                "an email context must be a struct".into(),
            ));
        };
        map.insert("council".into(), self.council_name.clone().into());
        map.insert("subject".into(), subject.into());
        map.insert("home".into(), self.link("/").into());
        let text = self
            .text
            .render(kind.as_str(), &data)
            .map_err(|e| AppError::Internal(format!("email {}: {e}", kind.as_str())))?;
        let html = self
            .html
            .render(kind.as_str(), &data)
            .map_err(|e| AppError::Internal(format!("email {}: {e}", kind.as_str())))?;
        Ok((text, html))
    }
}

/// One message to write: the same text to each recipient, one row each.
pub struct Mail<'a, C: Serialize> {
    pub kind: Kind,
    pub to: Vec<String>,
    pub subject: String,
    pub context: &'a C,
    /// For reminders: a key that, with the recipient, makes the message happen once.
    pub dedupe: Option<String>,
}

/// Writes a message to the outbox for each recipient, in the caller's transaction.
/// A recipient that already has a message with the same dedupe key gets no other.
/// Returns how many messages were written.
pub async fn enqueue<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    mail: Mail<'_, T>,
) -> Result<u64, AppError> {
    if mail.to.is_empty() {
        return Ok(0);
    }
    let (body_text, body_html) = notifier.render(mail.kind, &mail.subject, mail.context)?;
    let mut written = 0;
    for to in dedup(mail.to) {
        let row = outbox_row::ActiveModel {
            kind: Set(mail.kind.as_str().to_owned()),
            dedupe_key: Set(mail.dedupe.as_ref().map(|k| format!("{k}:{to}"))),
            to_address: Set(to),
            subject: Set(mail.subject.clone()),
            body_text: Set(body_text.clone()),
            body_html: Set(body_html.clone()),
            state: Set(State::Queued.as_str().to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            lease_owner: Set(None),
            lease_until: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        };
        written += outbox_row::Entity::insert(row)
            .on_conflict(
                OnConflict::column(outbox_row::Column::DedupeKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(written)
}

fn dedup(mut addresses: Vec<String>) -> Vec<String> {
    addresses.sort();
    addresses.dedup();
    addresses
}

/// The email addresses of an organisation's members whose accounts are enabled.
pub async fn organisation_emails<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i32,
) -> Result<Vec<String>, AppError> {
    let member_ids = organisation_member::Entity::find()
        .select_only()
        .column(organisation_member::Column::UserId)
        .filter(organisation_member::Column::OrganisationId.eq(organisation_id))
        .into_query();
    let emails: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Id.in_subquery(member_ids))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Email)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(emails)
}

/// The email addresses of every enabled officer and admin.
pub async fn officer_emails<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>, AppError> {
    let emails: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Role.is_in([user::Role::Officer, user::Role::Admin]))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Email)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(emails)
}

/// The email address of one enabled user.
pub async fn user_email<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Vec<String>, AppError> {
    let email: Option<String> = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Disabled.eq(false))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(email.into_iter().collect())
}
