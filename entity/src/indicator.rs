use sea_orm::entity::prelude::*;

/// How an outcome is measured.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub outcome_id: i32,
    pub name: String,
    pub unit: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub position: i32,
    /// Hidden from new choices; kept on the records that already use it.
    pub retired: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
