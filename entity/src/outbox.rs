use sea_orm::entity::prelude::*;
use serde::Serialize;

/// What a message is about; each has a text and an HTML template named by its
/// stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[sea_orm(string_value = "application_submitted")]
    ApplicationSubmitted,
    #[sea_orm(string_value = "application_returned")]
    ApplicationReturned,
    #[sea_orm(string_value = "application_ineligible")]
    ApplicationIneligible,
    #[sea_orm(string_value = "decision")]
    Decision,
    #[sea_orm(string_value = "offer_accepted")]
    OfferAccepted,
    #[sea_orm(string_value = "payment_made")]
    PaymentMade,
    #[sea_orm(string_value = "report_due_soon")]
    ReportDueSoon,
    #[sea_orm(string_value = "report_due_today")]
    ReportDueToday,
    #[sea_orm(string_value = "report_overdue")]
    ReportOverdue,
    #[sea_orm(string_value = "round_closing")]
    RoundClosing,
    #[sea_orm(string_value = "panel_assigned")]
    PanelAssigned,
    #[sea_orm(string_value = "review_reopened")]
    ReviewReopened,
    #[sea_orm(string_value = "password_reset")]
    PasswordReset,
    #[sea_orm(string_value = "organisation_invitation")]
    OrganisationInvitation,
    /// Finishing a registration: the link that creates the account.
    #[sea_orm(string_value = "registration_confirm")]
    RegistrationConfirm,
    /// Someone tried to register with an address that already has an account.
    #[sea_orm(string_value = "account_exists")]
    AccountExists,
}

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
            Kind::OrganisationInvitation => "organisation_invitation",
            Kind::RegistrationConfirm => "registration_confirm",
            Kind::AccountExists => "account_exists",
        }
    }
}

/// Where a message is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum State {
    #[sea_orm(string_value = "queued")]
    Queued,
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl State {
    /// The stored value, which the outbox page's filter uses too.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
        }
    }

    /// Reads a state from an address; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        <Self as sea_orm::Iterable>::iter().find(|s| s.as_str() == value)
    }
}

/// An email, rendered when the change that caused it was made and written in the
/// same transaction; the delivery worker sends it later.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// What the message is about, e.g. `application_submitted`.
    pub kind: Kind,
    /// Set for reminders: one message per reminder and recipient, however often the job runs.
    #[sea_orm(unique)]
    pub dedupe_key: Option<String>,
    pub to_address: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub state: State,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// The worker holding the message while it sends it, until `lease_until`.
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
