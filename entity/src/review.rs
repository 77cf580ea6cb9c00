use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where a review is: a draft the reviewer can change, or submitted and read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Status {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "submitted")]
    Submitted,
}

/// A reviewer's assessment of one application: draft until submitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub reviewer_id: i32,
    pub status: Status,
    pub recommendation: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub overall_comment: String,
    pub submitted_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reopened_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
