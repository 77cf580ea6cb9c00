use sea_orm::entity::prelude::*;

/// A scoring criterion of a round, scored 0 to 5.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "criterion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub guidance: String,
    pub weight: i32,
    pub outcome_id: Option<i32>,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
