use sea_orm::entity::prelude::*;
use serde::Serialize;

/// The kind of answer an extra question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[sea_orm(string_value = "short_text")]
    ShortText,
    #[sea_orm(string_value = "long_text")]
    LongText,
    #[sea_orm(string_value = "yes_no")]
    YesNo,
    #[sea_orm(string_value = "number")]
    Number,
    #[sea_orm(string_value = "single_choice")]
    SingleChoice,
}

/// An extra question a round asks applicants.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "round_question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    #[sea_orm(column_type = "Text")]
    pub prompt: String,
    #[sea_orm(column_type = "Text")]
    pub help_text: String,
    pub kind: Kind,
    pub word_limit: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub choices: String,
    pub required: bool,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
