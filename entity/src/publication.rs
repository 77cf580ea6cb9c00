use sea_orm::entity::prelude::*;

/// A report composed by officers for the public, e.g. a fund's annual report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub introduction: String,
    /// The first and last day of the period its figures cover.
    pub period_start: Date,
    pub period_end: Date,
    /// The fund its figures cover; `None` covers every fund.
    pub fund_id: Option<i32>,
    /// `draft` or `published`.
    pub status: String,
    pub version: i32,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
