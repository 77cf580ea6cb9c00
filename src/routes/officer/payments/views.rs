//! What the award and tranche pages show.

use entity::payment_tranche;
use serde::Serialize;

use crate::domain::award::{AwardStatus, AwardStatusRules};
use crate::domain::payment_schedule::{TrancheStatus, TrancheStatusRules};
use crate::format;
use crate::services::funds::RoundFigures;
use crate::services::payments::{AwardDetail, paid_total};

/// One tranche as a row.
#[derive(Debug, Clone, Serialize)]
pub struct TrancheView {
    pub id: i32,
    pub position: i32,
    pub due_date: String,
    pub due_input: String,
    pub amount: i64,
    pub status_label: &'static str,
    pub tag: &'static str,
    pub scheduled: bool,
    pub withheld: bool,
    pub manageable: bool,
    pub paid_date: Option<String>,
    pub finance_reference: Option<String>,
    pub withheld_reason: Option<String>,
}

impl TrancheView {
    /// The row of a stored tranche.
    pub fn new(t: &payment_tranche::Model) -> Self {
        let status = t.status;
        TrancheView {
            id: t.id,
            position: t.position,
            due_date: format::date(t.due_date),
            due_input: t.due_date.format("%Y-%m-%d").to_string(),
            amount: t.amount_pence,
            status_label: status.label(),
            tag: status.tag(),
            scheduled: status == TrancheStatus::Scheduled,
            withheld: status == TrancheStatus::Withheld,
            manageable: matches!(status, TrancheStatus::Scheduled | TrancheStatus::Withheld),
            paid_date: t.paid_date.map(format::date),
            finance_reference: t.finance_reference.clone(),
            withheld_reason: t.withheld_reason.clone(),
        }
    }
}

/// The award as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AwardView {
    pub id: i32,
    pub organisation: String,
    pub reference: String,
    pub application_id: i32,
    pub title: String,
    pub round: String,
    pub amount: i64,
    pub conditions: String,
    pub status_label: &'static str,
    /// Payments can be recorded (accepted or active).
    pub live: bool,
    pub cancellable: bool,
    pub completable: bool,
    pub paid: i64,
    pub scheduled_total: i64,
    pub final_report_accepted: bool,
    pub figures: RoundFigures,
    pub tranches: Vec<TrancheView>,
}

impl AwardView {
    /// The view of an award and its schedule.
    pub fn new(d: &AwardDetail) -> Self {
        let status = d.award.status;
        AwardView {
            id: d.award.id,
            organisation: d.organisation.name.clone(),
            reference: d.application.reference.clone().unwrap_or_default(),
            application_id: d.application.id,
            title: d.application.title.clone(),
            round: d.round.name.clone(),
            amount: d.award.amount_pence,
            conditions: d.award.conditions.clone(),
            status_label: status.label(),
            live: matches!(status, AwardStatus::Accepted | AwardStatus::Active),
            cancellable: matches!(
                status,
                AwardStatus::Offered | AwardStatus::Accepted | AwardStatus::Active
            ),
            completable: status == AwardStatus::Active,
            paid: paid_total(&d.tranches),
            scheduled_total: d.tranches.iter().map(|t| t.amount_pence).sum(),
            final_report_accepted: d.final_report_accepted,
            figures: d.figures,
            tranches: d.tranches.iter().map(TrancheView::new).collect(),
        }
    }
}
