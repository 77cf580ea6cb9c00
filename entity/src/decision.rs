use sea_orm::entity::prelude::*;

/// The officers' decision on an application: award, reserve or decline.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub round_id: i32,
    pub outcome: String,
    pub amount_pence: i64,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    #[sea_orm(column_type = "Text")]
    pub conditions: String,
    #[sea_orm(column_type = "Text")]
    pub feedback: String,
    pub decided_by: i32,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
