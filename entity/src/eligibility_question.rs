use sea_orm::entity::prelude::*;

/// A question of a round's "check if you can apply" quiz.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "eligibility_question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    #[sea_orm(column_type = "Text")]
    pub question: String,
    pub qualifying_answer: bool,
    #[sea_orm(column_type = "Text")]
    pub failure_message: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
