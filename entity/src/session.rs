use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How far a sign-in has got. Only a `full` session opens the app; the others
/// open only the next step of signing in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Signed in.
    #[sea_orm(string_value = "full")]
    Full,
    /// The password was right; the code from the authenticator app is still to come.
    #[sea_orm(string_value = "second_factor")]
    SecondFactor,
    /// The password was right, and the council requires two-factor sign-in of this
    /// user, who has yet to set it up.
    #[sea_orm(string_value = "setup")]
    Setup,
}

/// A signed-in browser. The cookie carries a random token; only its SHA-256 is kept here.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub user_id: i32,
    pub stage: Stage,
    pub created_at: DateTimeUtc,
    /// Moved on at most once a minute, so reading a page seldom writes.
    pub last_seen_at: DateTimeUtc,
    pub ip_address: String,
    pub user_agent: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
