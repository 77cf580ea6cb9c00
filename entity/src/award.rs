use sea_orm::entity::prelude::*;

/// A grant offered to an applicant: offered, then accepted or refused, then active, completed or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub round_id: i32,
    pub amount_pence: i64,
    #[sea_orm(column_type = "Text")]
    pub conditions: String,
    pub status: String,
    pub offered_at: DateTimeUtc,
    pub responded_at: Option<DateTimeUtc>,
    pub accepted_by_name: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
