use sea_orm::entity::prelude::*;

/// A reviewer's declaration about one application: no conflict, or a conflict and its nature.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conflict_declaration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub reviewer_id: i32,
    pub has_conflict: bool,
    #[sea_orm(column_type = "Text")]
    pub nature: String,
    pub declared_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
