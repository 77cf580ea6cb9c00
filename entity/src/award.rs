use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where an award is. The domain (`domain::award`) holds its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[sea_orm(string_value = "offered")]
    Offered,
    #[sea_orm(string_value = "accepted")]
    Accepted,
    #[sea_orm(string_value = "refused")]
    Refused,
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// A grant offered to an applicant: offered, then accepted or refused, then active, completed or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub round_id: i32,
    pub amount_pence: i64,
    #[sea_orm(column_type = "Text")]
    pub conditions: String,
    pub status: Status,
    pub offered_at: DateTimeUtc,
    pub responded_at: Option<DateTimeUtc>,
    pub accepted_by_name: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
