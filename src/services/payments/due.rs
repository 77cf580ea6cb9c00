//! The payments finance should make soon: scheduled tranches due within the next
//! 30 days, and overdue ones, in one query.

use chrono::{Days, NaiveDate};
use entity::{application, award, organisation, payment_tranche};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef,
};

use crate::domain::award::{AwardStatus, AwardStatusRules};
use crate::domain::payment_schedule::TrancheStatus;
use crate::error::AppError;

/// How far ahead the list looks.
pub const WINDOW_DAYS: u64 = 30;

/// One payment to make.
#[derive(Debug, Clone, FromQueryResult)]
pub struct DueRow {
    pub tranche_id: i32,
    pub award_id: i32,
    pub position: i32,
    pub due_date: NaiveDate,
    pub amount_pence: i64,
    pub award_pence: i64,
    pub organisation: String,
    pub reference: Option<String>,
}

impl DueRow {
    /// True when it should have been paid before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.due_date < today
    }
}

fn award_of_tranche() -> RelationDef {
    payment_tranche::Entity::belongs_to(award::Entity)
        .from(payment_tranche::Column::AwardId)
        .to(award::Column::Id)
        .into()
}

fn application_of_award() -> RelationDef {
    award::Entity::belongs_to(application::Entity)
        .from(award::Column::ApplicationId)
        .to(application::Column::Id)
        .into()
}

fn organisation_of_application() -> RelationDef {
    application::Entity::belongs_to(organisation::Entity)
        .from(application::Column::OrganisationId)
        .to(organisation::Column::Id)
        .into()
}

/// Scheduled tranches of live awards due on or before `today` + 30 days, oldest first.
pub async fn due<C: ConnectionTrait>(conn: &C, today: NaiveDate) -> Result<Vec<DueRow>, AppError> {
    let until = today
        .checked_add_days(Days::new(WINDOW_DAYS))
        .unwrap_or(today);
    Ok(payment_tranche::Entity::find()
        .join(JoinType::InnerJoin, award_of_tranche())
        .join(JoinType::InnerJoin, application_of_award())
        .join(JoinType::InnerJoin, organisation_of_application())
        .filter(payment_tranche::Column::Status.eq(TrancheStatus::Scheduled))
        .filter(payment_tranche::Column::DueDate.lte(until))
        .filter(
            award::Column::Status
                .is_in([AwardStatus::Accepted.as_str(), AwardStatus::Active.as_str()]),
        )
        .select_only()
        .column_as(payment_tranche::Column::Id, "tranche_id")
        .column_as(payment_tranche::Column::AwardId, "award_id")
        .column(payment_tranche::Column::Position)
        .column(payment_tranche::Column::DueDate)
        .column(payment_tranche::Column::AmountPence)
        .column_as(award::Column::AmountPence, "award_pence")
        .column_as(organisation::Column::Name, "organisation")
        .column_as(application::Column::Reference, "reference")
        .order_by_asc(payment_tranche::Column::DueDate)
        .order_by_asc(organisation::Column::Name)
        .order_by_asc(payment_tranche::Column::Id)
        .into_model::<DueRow>()
        .all(conn)
        .await?)
}
