use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where an application is. The domain (`domain::application`) holds its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "returned")]
    Returned,
    #[sea_orm(string_value = "eligible")]
    Eligible,
    #[sea_orm(string_value = "ineligible")]
    Ineligible,
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
    #[sea_orm(string_value = "awarded")]
    Awarded,
    #[sea_orm(string_value = "reserve")]
    Reserve,
    #[sea_orm(string_value = "declined")]
    Declined,
}

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
    pub status: Status,
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
