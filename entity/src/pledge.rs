use sea_orm::entity::prelude::*;

/// A resident's pledge to a "Your part" commitment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pledge")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub commitment_id: i32,
    pub first_name: Option<String>,
    pub ward_id: Option<i32>,
    pub client_ip: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
