use sea_orm::entity::prelude::*;

/// A partner's contribution to a fund, in pence.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_contribution")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fund_id: i32,
    pub partner_name: String,
    pub partner_org_id: Option<String>,
    pub amount_pence: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
