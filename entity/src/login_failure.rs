use sea_orm::entity::prelude::*;

/// A failed sign-in from a client address, kept to slow down guessing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub client_ip: String,
    pub at: DateTimeUtc,
    /// The SHA-256 of an email address with no account, so that failures to it lock
    /// it as an account would be locked (see the sign-in service).
    pub email_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
