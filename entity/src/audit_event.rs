use sea_orm::entity::prelude::*;

/// One recorded state change. The table is append-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    /// The user who acted; none for the system or an anonymous visitor.
    pub actor_id: Option<i32>,
    /// The actor's email when the event was written, kept for the record.
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
