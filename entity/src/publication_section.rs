use sea_orm::entity::prelude::*;

/// A section of text in a published report, in order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication_section")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub publication_id: i32,
    pub position: i32,
    pub heading: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
