use sea_orm::entity::prelude::*;
use serde::Serialize;

/// What kind of body an organisation is. The domain (`domain::organisation`) holds
/// its words and which registration numbers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[sea_orm(string_value = "registered_charity")]
    RegisteredCharity,
    #[sea_orm(string_value = "cio")]
    Cio,
    #[sea_orm(string_value = "company_limited_by_guarantee")]
    CompanyLimitedByGuarantee,
    #[sea_orm(string_value = "cic")]
    Cic,
    #[sea_orm(string_value = "constituted_group")]
    ConstitutedGroup,
    #[sea_orm(string_value = "school")]
    School,
    #[sea_orm(string_value = "other")]
    Other,
}

/// A community group, charity or other body that applies for grants.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub kind: Kind,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
    pub postcode: String,
    pub ward_id: Option<i32>,
    pub website: Option<String>,
    pub phone: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
