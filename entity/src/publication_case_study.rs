use sea_orm::entity::prelude::*;

/// A published case study (from a monitoring report) chosen for a published report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication_case_study")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub publication_id: i32,
    pub report_id: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
