use sea_orm::entity::prelude::*;

/// Where a tranche is. The domain (`domain::payment_schedule`) holds its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Status {
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    #[sea_orm(string_value = "paid")]
    Paid,
    #[sea_orm(string_value = "withheld")]
    Withheld,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// One payment of an award: scheduled, then paid, withheld or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_tranche")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub award_id: i32,
    pub position: i32,
    pub due_date: Date,
    pub amount_pence: i64,
    pub status: Status,
    pub paid_date: Option<Date>,
    pub finance_reference: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub withheld_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
