use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where a report is. The domain (`domain::report`) holds its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[sea_orm(string_value = "due")]
    Due,
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "accepted")]
    Accepted,
    #[sea_orm(string_value = "changes_requested")]
    ChangesRequested,
}

/// A monitoring or final report an award owes, with what was achieved.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "monitoring_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub award_id: i32,
    pub position: i32,
    pub is_final: bool,
    pub due_date: Date,
    pub status: Status,
    pub version: i32,
    pub beneficiaries: Option<i64>,
    pub volunteers: Option<i64>,
    pub volunteer_hours: Option<i64>,
    pub spend_to_date_pence: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub went_well: String,
    #[sea_orm(column_type = "Text")]
    pub was_hard: String,
    #[sea_orm(column_type = "Text")]
    pub case_study: String,
    pub case_study_consent: bool,
    /// When an officer published the (consented) case study; `None` while it is private.
    pub case_study_published_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub officer_message: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
