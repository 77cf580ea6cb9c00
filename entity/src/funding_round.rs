use sea_orm::entity::prelude::*;
use serde::Serialize;

/// What an officer has moved the round to. "Open" is not stored: it follows the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "assessment")]
    Assessment,
    #[sea_orm(string_value = "decided")]
    Decided,
    #[sea_orm(string_value = "closed")]
    Closed,
}

/// A round of a fund: when it is open, its money and how bids are judged.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "funding_round")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fund_id: i32,
    pub name: String,
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub guidance: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub budget_pence: i64,
    pub min_grant_pence: i64,
    pub max_grant_pence: i64,
    pub max_duration_months: i32,
    pub fundable_threshold: i32,
    pub disagreement_margin: i32,
    /// How many reviews each application needs (3 unless an officer says otherwise).
    pub reviews_needed: i32,
    /// Grants up to this amount are paid in one payment (and owe one final report).
    pub single_payment_max_pence: i64,
    /// For larger grants, the share paid up front, in percent.
    pub upfront_percent: i32,
    /// For larger grants, the months between later payments.
    pub tranche_interval_months: i32,
    /// For larger grants, the months between monitoring reports (plus a final one).
    pub report_interval_months: i32,
    pub status: Status,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
