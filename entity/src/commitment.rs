use sea_orm::entity::prelude::*;

/// A promise under a theme: the council's ("Our part") or residents' ("Your part").
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "commitment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub theme_id: i32,
    pub side: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub position: i32,
    pub retired: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
