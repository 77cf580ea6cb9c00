use sea_orm::entity::prelude::*;

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
    pub status: String,
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
