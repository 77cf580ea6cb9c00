//! The audit log: every state change writes one event in its own transaction.

use chrono::{DateTime, Utc};
use entity::audit_event;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::auth::CurrentUser;
use crate::domain::award::Outcome;
use crate::domain::pagination::Paging;
use crate::domain::publication::Part;
use crate::domain::round::ItemKind;
use crate::error::AppError;

/// Who did something.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i32>,
    pub label: String,
}

impl Actor {
    /// A signed-in user.
    pub fn user(user: &CurrentUser) -> Self {
        Self {
            id: Some(user.id),
            label: user.email.clone(),
        }
    }

    /// A user known by id and email (e.g. someone signing in).
    pub fn known(id: i32, email: &str) -> Self {
        Self {
            id: Some(id),
            label: email.to_owned(),
        }
    }

    /// Nobody signed in (a visitor, from an address).
    pub fn anonymous(client: &str) -> Self {
        Self {
            id: None,
            label: format!("anonymous ({client})"),
        }
    }

    /// The system itself (the command line, the demo, scheduled work).
    pub fn system() -> Self {
        Self {
            id: None,
            label: "system".to_owned(),
        }
    }
}

/// Everything the audit log records, one variant per stored action code. The codes are
/// the strings stored in `audit_event.action` and must never change; the audit page's
/// filter reads them back from the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `application.started`, against the application.
    ApplicationStarted,
    /// `application.submitted`, against the application.
    ApplicationSubmitted,
    /// `application.resubmitted`, against the application.
    ApplicationResubmitted,
    /// `application.withdrawn`, against the application.
    ApplicationWithdrawn,
    /// `application.section_saved`, against the application.
    ApplicationSectionSaved,
    /// `application.screened_eligible`, against the application.
    ApplicationScreenedEligible,
    /// `application.screened_ineligible`, against the application.
    ApplicationScreenedIneligible,
    /// `application.returned`, against the application.
    ApplicationReturned,
    /// `auth.login`, against the user.
    AuthLogin,
    /// `auth.login_failed`, against the user.
    AuthLoginFailed,
    /// `auth.login_refused`, against the user.
    AuthLoginRefused,
    /// `auth.lockout`, against the user.
    AuthLockout,
    /// `award.accepted`, against the application.
    AwardAccepted,
    /// `award.refused`, against the application.
    AwardRefused,
    /// `award.activated`, against the award.
    AwardActivated,
    /// `award.cancelled`, against the award.
    AwardCancelled,
    /// `award.completed`, against the award.
    AwardCompleted,
    /// `commitment.created`, against the commitment.
    CommitmentCreated,
    /// `commitment.updated`, against the commitment.
    CommitmentUpdated,
    /// `commitment.moved`, against the commitment.
    CommitmentMoved,
    /// `commitment.retired`, against the commitment.
    CommitmentRetired,
    /// `commitment.restored`, against the commitment.
    CommitmentRestored,
    /// `deal.created`, against the deal.
    DealCreated,
    /// `deal.updated`, against the deal.
    DealUpdated,
    /// `decision.awarded`, against the application.
    DecisionAwarded,
    /// `decision.reserved`, against the application.
    DecisionReserved,
    /// `decision.declined`, against the application.
    DecisionDeclined,
    /// `demo.applications_seeded`, against the application.
    DemoApplicationsSeeded,
    /// `demo.decisions_seeded`, against the round.
    DemoDecisionsSeeded,
    /// `demo.funds_seeded`, against the fund.
    DemoFundsSeeded,
    /// `demo.payments_seeded`, against the round.
    DemoPaymentsSeeded,
    /// `demo.reports_seeded`, against the round.
    DemoReportsSeeded,
    /// `demo.reviews_seeded`, against the review.
    DemoReviewsSeeded,
    /// `fund.created`, against the fund.
    FundCreated,
    /// `fund.updated`, against the fund.
    FundUpdated,
    /// `fund.contribution_added`, against the fund.
    FundContributionAdded,
    /// `fund.contribution_changed`, against the fund.
    FundContributionChanged,
    /// `fund.contribution_removed`, against the fund.
    FundContributionRemoved,
    /// `indicator.created`, against the indicator.
    IndicatorCreated,
    /// `indicator.updated`, against the indicator.
    IndicatorUpdated,
    /// `indicator.moved`, against the indicator.
    IndicatorMoved,
    /// `indicator.removed`, against the indicator.
    IndicatorRemoved,
    /// `indicator.retired`, against the indicator.
    IndicatorRetired,
    /// `indicator.restored`, against the indicator.
    IndicatorRestored,
    /// `organisation.created`, against the organisation.
    OrganisationCreated,
    /// `organisation.updated`, against the organisation.
    OrganisationUpdated,
    /// `organisation.member_added`, against the organisation.
    OrganisationMemberAdded,
    /// `organisation.member_removed`, against the organisation.
    OrganisationMemberRemoved,
    /// `organisation.invitation_sent`, against the organisation.
    OrganisationInvitationSent,
    /// `organisation.invitation_accepted`, against the organisation.
    OrganisationInvitationAccepted,
    /// `organisation.invitation_declined`, against the organisation.
    OrganisationInvitationDeclined,
    /// `organisation.invitation_withdrawn`, against the organisation.
    OrganisationInvitationWithdrawn,
    /// `outbox.retried`, against the outbox.
    OutboxRetried,
    /// `outcome.created`, against the outcome.
    OutcomeCreated,
    /// `outcome.updated`, against the outcome.
    OutcomeUpdated,
    /// `outcome.moved`, against the outcome.
    OutcomeMoved,
    /// `panel.member_added`, against the round.
    PanelMemberAdded,
    /// `panel.member_removed`, against the round.
    PanelMemberRemoved,
    /// `panel.reviews_needed`, against the round.
    PanelReviewsNeeded,
    /// `panel.allocated`, against the round.
    PanelAllocated,
    /// `payment.rescheduled`, against the award.
    PaymentRescheduled,
    /// `payment.paid`, against the award.
    PaymentPaid,
    /// `payment.withheld`, against the award.
    PaymentWithheld,
    /// `payment.released`, against the award.
    PaymentReleased,
    /// `pledge.created`, against the pledge.
    PledgeCreated,
    /// `pledge.seeded`, against the pledge.
    PledgeSeeded,
    /// `publication.created`, against the publication.
    PublicationCreated,
    /// `publication.updated`, against the publication.
    PublicationUpdated,
    /// `publication.published`, against the publication.
    PublicationPublished,
    /// `publication.unpublished`, against the publication.
    PublicationUnpublished,
    /// `publication.section_changed`, against the publication.
    PublicationSectionChanged,
    /// `report.submitted`, against the monitoring_report.
    ReportSubmitted,
    /// `report.accepted`, against the monitoring_report.
    ReportAccepted,
    /// `report.changes_requested`, against the monitoring_report.
    ReportChangesRequested,
    /// `report.case_study_published`, against the monitoring_report.
    ReportCaseStudyPublished,
    /// `report.case_study_unpublished`, against the monitoring_report.
    ReportCaseStudyUnpublished,
    /// `review.no_conflict_declared`, against the application.
    ReviewNoConflictDeclared,
    /// `review.conflict_declared`, against the application.
    ReviewConflictDeclared,
    /// `review.submitted`, against the application.
    ReviewSubmitted,
    /// `review.draft_saved`, against the review.
    ReviewDraftSaved,
    /// `review.reopened`, against the application.
    ReviewReopened,
    /// `round.created`, against the round.
    RoundCreated,
    /// `round.updated`, against the round.
    RoundUpdated,
    /// `round.status_changed`, against the round.
    RoundStatusChanged,
    /// `theme.created`, against the deal_theme.
    ThemeCreated,
    /// `theme.updated`, against the deal_theme.
    ThemeUpdated,
    /// `theme.moved`, against the deal_theme.
    ThemeMoved,
    /// `user.created`, against the user.
    UserCreated,
    /// `user.role_changed`, against the user.
    UserRoleChanged,
    /// `user.disabled`, against the user.
    UserDisabled,
    /// `user.enabled`, against the user.
    UserEnabled,
    /// `user.password_changed`, against the user.
    UserPasswordChanged,
    /// `user.password_reset_requested`, against the user.
    UserPasswordResetRequested,
    /// `user.password_reset`, against the user.
    UserPasswordReset,
    /// `auth.logout`, against the user.
    AuthLogout,
    /// `auth.recovery_code_used`, against the user.
    AuthRecoveryCodeUsed,
    /// `user.session_ended`, against the user.
    UserSessionEnded,
    /// `user.sessions_ended`, against the user.
    UserSessionsEnded,
    /// `user.two_factor_setup_started`, against the user.
    UserTwoFactorSetupStarted,
    /// `user.two_factor_enabled`, against the user.
    UserTwoFactorEnabled,
    /// `user.two_factor_reset`, against the user.
    UserTwoFactorReset,
    /// `registration.repeated`, against the user.
    RegistrationRepeated,
    /// `registration.requested`, against the registration.
    RegistrationRequested,
    /// `registration.throttled`, against the registration.
    RegistrationThrottled,
    /// `setting.two_factor_required`, against the setting.
    SettingTwoFactorRequired,
    /// `setting.changed`, against the setting: a council setting's new value.
    SettingChanged,
    /// `ward.created`, against the ward.
    WardCreated,
    /// `ward.updated`, against the ward.
    WardUpdated,
    /// `round.quiz_added`, `round.question_added` or `round.criterion_added`, against the
    /// round.
    RoundItemAdded(ItemKind),
    /// `round.quiz_changed`, `round.question_changed` or `round.criterion_changed`,
    /// against the round.
    RoundItemChanged(ItemKind),
    /// `round.item_moved`, against the item (its kind names the entity).
    RoundItemMoved(ItemKind),
    /// `round.item_removed`, against the item (its kind names the entity).
    RoundItemRemoved(ItemKind),
    /// `publication.section_added`, `…project_added` or `…case_study_added`.
    PublicationItemAdded(Part),
    /// `publication.section_removed`, `…project_removed` or `…case_study_removed`.
    PublicationItemRemoved(Part),
    /// `publication.section_moved`, `…project_moved` or `…case_study_moved`.
    PublicationItemMoved(Part),
}

impl Action {
    /// Every action, for the tests that check the codes.
    pub const ALL: &[Action] = &[
        Action::ApplicationStarted,
        Action::ApplicationSubmitted,
        Action::ApplicationResubmitted,
        Action::ApplicationWithdrawn,
        Action::ApplicationSectionSaved,
        Action::ApplicationScreenedEligible,
        Action::ApplicationScreenedIneligible,
        Action::ApplicationReturned,
        Action::AuthLogin,
        Action::AuthLoginFailed,
        Action::AuthLoginRefused,
        Action::AuthLockout,
        Action::AwardAccepted,
        Action::AwardRefused,
        Action::AwardActivated,
        Action::AwardCancelled,
        Action::AwardCompleted,
        Action::CommitmentCreated,
        Action::CommitmentUpdated,
        Action::CommitmentMoved,
        Action::CommitmentRetired,
        Action::CommitmentRestored,
        Action::DealCreated,
        Action::DealUpdated,
        Action::DecisionAwarded,
        Action::DecisionReserved,
        Action::DecisionDeclined,
        Action::DemoApplicationsSeeded,
        Action::DemoDecisionsSeeded,
        Action::DemoFundsSeeded,
        Action::DemoPaymentsSeeded,
        Action::DemoReportsSeeded,
        Action::DemoReviewsSeeded,
        Action::FundCreated,
        Action::FundUpdated,
        Action::FundContributionAdded,
        Action::FundContributionChanged,
        Action::FundContributionRemoved,
        Action::IndicatorCreated,
        Action::IndicatorUpdated,
        Action::IndicatorMoved,
        Action::IndicatorRemoved,
        Action::IndicatorRetired,
        Action::IndicatorRestored,
        Action::OrganisationCreated,
        Action::OrganisationUpdated,
        Action::OrganisationMemberAdded,
        Action::OrganisationMemberRemoved,
        Action::OrganisationInvitationSent,
        Action::OrganisationInvitationAccepted,
        Action::OrganisationInvitationDeclined,
        Action::OrganisationInvitationWithdrawn,
        Action::OutboxRetried,
        Action::OutcomeCreated,
        Action::OutcomeUpdated,
        Action::OutcomeMoved,
        Action::PanelMemberAdded,
        Action::PanelMemberRemoved,
        Action::PanelReviewsNeeded,
        Action::PanelAllocated,
        Action::PaymentRescheduled,
        Action::PaymentPaid,
        Action::PaymentWithheld,
        Action::PaymentReleased,
        Action::PledgeCreated,
        Action::PledgeSeeded,
        Action::PublicationCreated,
        Action::PublicationUpdated,
        Action::PublicationPublished,
        Action::PublicationUnpublished,
        Action::PublicationSectionChanged,
        Action::ReportSubmitted,
        Action::ReportAccepted,
        Action::ReportChangesRequested,
        Action::ReportCaseStudyPublished,
        Action::ReportCaseStudyUnpublished,
        Action::ReviewNoConflictDeclared,
        Action::ReviewConflictDeclared,
        Action::ReviewSubmitted,
        Action::ReviewDraftSaved,
        Action::ReviewReopened,
        Action::RoundCreated,
        Action::RoundUpdated,
        Action::RoundStatusChanged,
        Action::ThemeCreated,
        Action::ThemeUpdated,
        Action::ThemeMoved,
        Action::UserCreated,
        Action::UserRoleChanged,
        Action::UserDisabled,
        Action::UserEnabled,
        Action::UserPasswordChanged,
        Action::UserPasswordResetRequested,
        Action::UserPasswordReset,
        Action::AuthLogout,
        Action::AuthRecoveryCodeUsed,
        Action::UserSessionEnded,
        Action::UserSessionsEnded,
        Action::UserTwoFactorSetupStarted,
        Action::UserTwoFactorEnabled,
        Action::UserTwoFactorReset,
        Action::RegistrationRepeated,
        Action::RegistrationRequested,
        Action::RegistrationThrottled,
        Action::SettingTwoFactorRequired,
        Action::SettingChanged,
        Action::WardCreated,
        Action::WardUpdated,
        Action::RoundItemAdded(ItemKind::Quiz),
        Action::RoundItemAdded(ItemKind::Question),
        Action::RoundItemAdded(ItemKind::Criterion),
        Action::RoundItemChanged(ItemKind::Quiz),
        Action::RoundItemChanged(ItemKind::Question),
        Action::RoundItemChanged(ItemKind::Criterion),
        Action::RoundItemMoved(ItemKind::Quiz),
        Action::RoundItemMoved(ItemKind::Question),
        Action::RoundItemMoved(ItemKind::Criterion),
        Action::RoundItemRemoved(ItemKind::Quiz),
        Action::RoundItemRemoved(ItemKind::Question),
        Action::RoundItemRemoved(ItemKind::Criterion),
        Action::PublicationItemAdded(Part::Sections),
        Action::PublicationItemAdded(Part::Projects),
        Action::PublicationItemAdded(Part::CaseStudies),
        Action::PublicationItemRemoved(Part::Sections),
        Action::PublicationItemRemoved(Part::Projects),
        Action::PublicationItemRemoved(Part::CaseStudies),
        Action::PublicationItemMoved(Part::Sections),
        Action::PublicationItemMoved(Part::Projects),
        Action::PublicationItemMoved(Part::CaseStudies),
    ];

    /// The code stored in the `action` column, e.g. `fund.created`.
    pub fn code(self) -> &'static str {
        match self {
            Action::ApplicationStarted => "application.started",
            Action::ApplicationSubmitted => "application.submitted",
            Action::ApplicationResubmitted => "application.resubmitted",
            Action::ApplicationWithdrawn => "application.withdrawn",
            Action::ApplicationSectionSaved => "application.section_saved",
            Action::ApplicationScreenedEligible => "application.screened_eligible",
            Action::ApplicationScreenedIneligible => "application.screened_ineligible",
            Action::ApplicationReturned => "application.returned",
            Action::AuthLogin => "auth.login",
            Action::AuthLoginFailed => "auth.login_failed",
            Action::AuthLoginRefused => "auth.login_refused",
            Action::AuthLockout => "auth.lockout",
            Action::AwardAccepted => "award.accepted",
            Action::AwardRefused => "award.refused",
            Action::AwardActivated => "award.activated",
            Action::AwardCancelled => "award.cancelled",
            Action::AwardCompleted => "award.completed",
            Action::CommitmentCreated => "commitment.created",
            Action::CommitmentUpdated => "commitment.updated",
            Action::CommitmentMoved => "commitment.moved",
            Action::CommitmentRetired => "commitment.retired",
            Action::CommitmentRestored => "commitment.restored",
            Action::DealCreated => "deal.created",
            Action::DealUpdated => "deal.updated",
            Action::DecisionAwarded => "decision.awarded",
            Action::DecisionReserved => "decision.reserved",
            Action::DecisionDeclined => "decision.declined",
            Action::DemoApplicationsSeeded => "demo.applications_seeded",
            Action::DemoDecisionsSeeded => "demo.decisions_seeded",
            Action::DemoFundsSeeded => "demo.funds_seeded",
            Action::DemoPaymentsSeeded => "demo.payments_seeded",
            Action::DemoReportsSeeded => "demo.reports_seeded",
            Action::DemoReviewsSeeded => "demo.reviews_seeded",
            Action::FundCreated => "fund.created",
            Action::FundUpdated => "fund.updated",
            Action::FundContributionAdded => "fund.contribution_added",
            Action::FundContributionChanged => "fund.contribution_changed",
            Action::FundContributionRemoved => "fund.contribution_removed",
            Action::IndicatorCreated => "indicator.created",
            Action::IndicatorUpdated => "indicator.updated",
            Action::IndicatorMoved => "indicator.moved",
            Action::IndicatorRemoved => "indicator.removed",
            Action::IndicatorRetired => "indicator.retired",
            Action::IndicatorRestored => "indicator.restored",
            Action::OrganisationCreated => "organisation.created",
            Action::OrganisationUpdated => "organisation.updated",
            Action::OrganisationMemberAdded => "organisation.member_added",
            Action::OrganisationMemberRemoved => "organisation.member_removed",
            Action::OrganisationInvitationSent => "organisation.invitation_sent",
            Action::OrganisationInvitationAccepted => "organisation.invitation_accepted",
            Action::OrganisationInvitationDeclined => "organisation.invitation_declined",
            Action::OrganisationInvitationWithdrawn => "organisation.invitation_withdrawn",
            Action::OutboxRetried => "outbox.retried",
            Action::OutcomeCreated => "outcome.created",
            Action::OutcomeUpdated => "outcome.updated",
            Action::OutcomeMoved => "outcome.moved",
            Action::PanelMemberAdded => "panel.member_added",
            Action::PanelMemberRemoved => "panel.member_removed",
            Action::PanelReviewsNeeded => "panel.reviews_needed",
            Action::PanelAllocated => "panel.allocated",
            Action::PaymentRescheduled => "payment.rescheduled",
            Action::PaymentPaid => "payment.paid",
            Action::PaymentWithheld => "payment.withheld",
            Action::PaymentReleased => "payment.released",
            Action::PledgeCreated => "pledge.created",
            Action::PledgeSeeded => "pledge.seeded",
            Action::PublicationCreated => "publication.created",
            Action::PublicationUpdated => "publication.updated",
            Action::PublicationPublished => "publication.published",
            Action::PublicationUnpublished => "publication.unpublished",
            Action::PublicationSectionChanged => "publication.section_changed",
            Action::ReportSubmitted => "report.submitted",
            Action::ReportAccepted => "report.accepted",
            Action::ReportChangesRequested => "report.changes_requested",
            Action::ReportCaseStudyPublished => "report.case_study_published",
            Action::ReportCaseStudyUnpublished => "report.case_study_unpublished",
            Action::ReviewNoConflictDeclared => "review.no_conflict_declared",
            Action::ReviewConflictDeclared => "review.conflict_declared",
            Action::ReviewSubmitted => "review.submitted",
            Action::ReviewDraftSaved => "review.draft_saved",
            Action::ReviewReopened => "review.reopened",
            Action::RoundCreated => "round.created",
            Action::RoundUpdated => "round.updated",
            Action::RoundStatusChanged => "round.status_changed",
            Action::ThemeCreated => "theme.created",
            Action::ThemeUpdated => "theme.updated",
            Action::ThemeMoved => "theme.moved",
            Action::UserCreated => "user.created",
            Action::UserRoleChanged => "user.role_changed",
            Action::UserDisabled => "user.disabled",
            Action::UserEnabled => "user.enabled",
            Action::UserPasswordChanged => "user.password_changed",
            Action::UserPasswordResetRequested => "user.password_reset_requested",
            Action::UserPasswordReset => "user.password_reset",
            Action::AuthLogout => "auth.logout",
            Action::AuthRecoveryCodeUsed => "auth.recovery_code_used",
            Action::UserSessionEnded => "user.session_ended",
            Action::UserSessionsEnded => "user.sessions_ended",
            Action::UserTwoFactorSetupStarted => "user.two_factor_setup_started",
            Action::UserTwoFactorEnabled => "user.two_factor_enabled",
            Action::UserTwoFactorReset => "user.two_factor_reset",
            Action::RegistrationRepeated => "registration.repeated",
            Action::RegistrationRequested => "registration.requested",
            Action::RegistrationThrottled => "registration.throttled",
            Action::SettingTwoFactorRequired => "setting.two_factor_required",
            Action::SettingChanged => "setting.changed",
            Action::WardCreated => "ward.created",
            Action::WardUpdated => "ward.updated",
            Action::RoundItemAdded(ItemKind::Quiz) => "round.quiz_added",
            Action::RoundItemAdded(ItemKind::Question) => "round.question_added",
            Action::RoundItemAdded(ItemKind::Criterion) => "round.criterion_added",
            Action::RoundItemChanged(ItemKind::Quiz) => "round.quiz_changed",
            Action::RoundItemChanged(ItemKind::Question) => "round.question_changed",
            Action::RoundItemChanged(ItemKind::Criterion) => "round.criterion_changed",
            Action::RoundItemMoved(_) => "round.item_moved",
            Action::RoundItemRemoved(_) => "round.item_removed",
            Action::PublicationItemAdded(Part::Sections) => "publication.section_added",
            Action::PublicationItemAdded(Part::Projects) => "publication.project_added",
            Action::PublicationItemAdded(Part::CaseStudies) => "publication.case_study_added",
            Action::PublicationItemRemoved(Part::Sections) => "publication.section_removed",
            Action::PublicationItemRemoved(Part::Projects) => "publication.project_removed",
            Action::PublicationItemRemoved(Part::CaseStudies) => "publication.case_study_removed",
            Action::PublicationItemMoved(Part::Sections) => "publication.section_moved",
            Action::PublicationItemMoved(Part::Projects) => "publication.project_moved",
            Action::PublicationItemMoved(Part::CaseStudies) => "publication.case_study_moved",
        }
    }

    /// The entity the event is recorded against, stored in the `entity` column.
    pub fn entity(self) -> &'static str {
        match self {
            Action::ApplicationStarted
            | Action::ApplicationSubmitted
            | Action::ApplicationResubmitted
            | Action::ApplicationWithdrawn
            | Action::ApplicationSectionSaved
            | Action::ApplicationScreenedEligible
            | Action::ApplicationScreenedIneligible
            | Action::ApplicationReturned
            | Action::AwardAccepted
            | Action::AwardRefused
            | Action::DecisionAwarded
            | Action::DecisionReserved
            | Action::DecisionDeclined
            | Action::DemoApplicationsSeeded
            | Action::ReviewNoConflictDeclared
            | Action::ReviewConflictDeclared
            | Action::ReviewSubmitted
            | Action::ReviewReopened => "application",
            Action::AuthLogin
            | Action::AuthLoginFailed
            | Action::AuthLoginRefused
            | Action::AuthLockout
            | Action::UserCreated
            | Action::UserRoleChanged
            | Action::UserDisabled
            | Action::UserEnabled
            | Action::UserPasswordChanged
            | Action::UserPasswordResetRequested
            | Action::UserPasswordReset
            | Action::AuthLogout
            | Action::AuthRecoveryCodeUsed
            | Action::UserSessionEnded
            | Action::UserSessionsEnded
            | Action::UserTwoFactorSetupStarted
            | Action::UserTwoFactorEnabled
            | Action::UserTwoFactorReset
            | Action::RegistrationRepeated => "user",
            Action::RegistrationRequested | Action::RegistrationThrottled => "registration",
            Action::SettingTwoFactorRequired | Action::SettingChanged => "setting",
            Action::AwardActivated
            | Action::AwardCancelled
            | Action::AwardCompleted
            | Action::PaymentRescheduled
            | Action::PaymentPaid
            | Action::PaymentWithheld
            | Action::PaymentReleased => "award",
            Action::CommitmentCreated
            | Action::CommitmentUpdated
            | Action::CommitmentMoved
            | Action::CommitmentRetired
            | Action::CommitmentRestored => "commitment",
            Action::DealCreated | Action::DealUpdated => "deal",
            Action::DemoDecisionsSeeded
            | Action::DemoPaymentsSeeded
            | Action::DemoReportsSeeded
            | Action::PanelMemberAdded
            | Action::PanelMemberRemoved
            | Action::PanelReviewsNeeded
            | Action::PanelAllocated
            | Action::RoundCreated
            | Action::RoundUpdated
            | Action::RoundStatusChanged
            | Action::RoundItemAdded(_)
            | Action::RoundItemChanged(_) => "round",
            Action::DemoFundsSeeded
            | Action::FundCreated
            | Action::FundUpdated
            | Action::FundContributionAdded
            | Action::FundContributionChanged
            | Action::FundContributionRemoved => "fund",
            Action::DemoReviewsSeeded | Action::ReviewDraftSaved => "review",
            Action::IndicatorCreated
            | Action::IndicatorUpdated
            | Action::IndicatorMoved
            | Action::IndicatorRemoved
            | Action::IndicatorRetired
            | Action::IndicatorRestored => "indicator",
            Action::OrganisationCreated
            | Action::OrganisationUpdated
            | Action::OrganisationMemberAdded
            | Action::OrganisationMemberRemoved
            | Action::OrganisationInvitationSent
            | Action::OrganisationInvitationAccepted
            | Action::OrganisationInvitationDeclined
            | Action::OrganisationInvitationWithdrawn => "organisation",
            Action::OutboxRetried => "outbox",
            Action::OutcomeCreated | Action::OutcomeUpdated | Action::OutcomeMoved => "outcome",
            Action::PledgeCreated | Action::PledgeSeeded => "pledge",
            Action::PublicationCreated
            | Action::PublicationUpdated
            | Action::PublicationPublished
            | Action::PublicationUnpublished
            | Action::PublicationSectionChanged
            | Action::PublicationItemAdded(_)
            | Action::PublicationItemRemoved(_)
            | Action::PublicationItemMoved(_) => "publication",
            Action::ReportSubmitted
            | Action::ReportAccepted
            | Action::ReportChangesRequested
            | Action::ReportCaseStudyPublished
            | Action::ReportCaseStudyUnpublished => "monitoring_report",
            Action::ThemeCreated | Action::ThemeUpdated | Action::ThemeMoved => "deal_theme",
            Action::WardCreated | Action::WardUpdated => "ward",
            Action::RoundItemMoved(kind) | Action::RoundItemRemoved(kind) => kind.entity(),
        }
    }
}

impl From<Outcome> for Action {
    /// The audit action that records a decision with this outcome.
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Award => Action::DecisionAwarded,
            Outcome::Reserve => Action::DecisionReserved,
            Outcome::Decline => Action::DecisionDeclined,
        }
    }
}

/// Writes one event. Call it with the transaction that makes the change; changes go
/// through the write context's `audit`, which calls this.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    actor: &Actor,
    action: Action,
    entity_id: impl ToString,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        at: Set(at),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        action: Set(action.code().to_owned()),
        entity: Set(action.entity().to_owned()),
        entity_id: Set(entity_id.to_string()),
        detail: Set(detail.into()),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// What the audit page filters by; blank means all.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Part of the actor's email.
    pub actor: String,
    /// An exact action, e.g. `auth.login`.
    pub action: String,
    /// An exact entity, e.g. `user`.
    pub entity: String,
}

/// One page of events, newest first.
pub async fn list(
    db: &DatabaseConnection,
    filter: &AuditFilter,
    page: Option<u64>,
) -> Result<(Vec<audit_event::Model>, Paging), AppError> {
    let mut query = audit_event::Entity::find();
    if !filter.actor.trim().is_empty() {
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(audit_event::Column::ActorLabel)))
                .like(LikeExpr::new(super::like_pattern(&filter.actor)).escape('\\')),
        );
    }
    if !filter.action.trim().is_empty() {
        query = query.filter(audit_event::Column::Action.eq(filter.action.trim()));
    }
    if !filter.entity.trim().is_empty() {
        query = query.filter(audit_event::Column::Entity.eq(filter.entity.trim()));
    }
    let total = query.clone().count(db).await?;
    let paging = Paging::new(page, 50, total);
    let events = query
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    Ok((events, paging))
}

/// The actions and entities seen so far, for the filter's choices.
pub async fn choices(db: &DatabaseConnection) -> Result<(Vec<String>, Vec<String>), AppError> {
    let actions: Vec<String> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Action)
        .distinct()
        .order_by_asc(audit_event::Column::Action)
        .into_tuple()
        .all(db)
        .await?;
    let entities: Vec<String> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Entity)
        .distinct()
        .order_by_asc(audit_event::Column::Entity)
        .into_tuple()
        .all(db)
        .await?;
    Ok((actions, entities))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_action_has_its_own_code_and_entity_shaped_like_area_dot_verb() {
        let mut seen = HashSet::new();
        for action in Action::ALL {
            let code = action.code();
            // A round item's move or removal shares its code across kinds; the
            // entity tells them apart.
            assert!(
                seen.insert((code, action.entity())),
                "{code} on {} is used by two actions",
                action.entity()
            );
            let (area, verb) = code
                .split_once('.')
                .unwrap_or_else(|| panic!("{code} is not area.verb"));
            let word =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            assert!(word(area) && word(verb), "{code} is not area.verb");
            assert!(!action.entity().is_empty(), "{code} has no entity");
        }
    }
}
