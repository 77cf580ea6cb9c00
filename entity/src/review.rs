use sea_orm::entity::prelude::*;

/// A reviewer's assessment of one application: draft until submitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub reviewer_id: i32,
    pub status: String,
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
