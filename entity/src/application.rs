use sea_orm::entity::prelude::*;

/// An application for a grant from a round, by an organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub reference: Option<String>,
    pub round_id: i32,
    pub organisation_id: i32,
    pub created_by: i32,
    pub status: String,
    pub version: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub requested_pence: i64,
    #[sea_orm(column_type = "Text")]
    pub section_state: String,
    #[sea_orm(column_type = "Text")]
    pub quiz_answers: String,
    pub declaration_true: bool,
    pub declaration_consent: bool,
    pub declaration_name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub officer_message: Option<String>,
    pub resubmit_by: Option<Date>,
    pub submitted_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
