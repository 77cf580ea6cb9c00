use sea_orm::entity::prelude::*;

/// A request to register. Every request is kept for a day (to limit requests per
/// address and per email); one for an address with no account also has the name, the
/// password's hash and the SHA-256 of the emailed token that finishes it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub email: String,
    pub name: Option<String>,
    pub password_hash: Option<String>,
    #[sea_orm(unique)]
    pub token_hash: Option<String>,
    pub client_ip: String,
    pub created_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
