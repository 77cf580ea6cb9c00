use sea_orm::entity::prelude::*;

/// A funded project chosen for a published report, in order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication_project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub publication_id: i32,
    pub application_id: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
