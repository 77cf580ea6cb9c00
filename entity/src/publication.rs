use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where a published report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Only officers see it.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Anyone sees it at `/reports/<slug>`.
    #[sea_orm(string_value = "published")]
    Published,
}

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
    pub status: Status,
    pub version: i32,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
