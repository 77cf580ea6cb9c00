use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a user may do. Everyone who registers is an applicant.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[sea_orm(string_value = "applicant")]
    Applicant,
    #[sea_orm(string_value = "panel")]
    Panel,
    #[sea_orm(string_value = "officer")]
    Officer,
    #[sea_orm(string_value = "admin")]
    Admin,
}

/// A person who signs in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub disabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    /// The TOTP secret, encrypted with the configured two-factor key; set from the
    /// start of set-up.
    #[sea_orm(column_type = "Text", nullable)]
    pub totp_secret: Option<String>,
    /// When two-factor sign-in was confirmed with a code: only then is it asked for.
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last 30-second step whose code was accepted, so a code works only once.
    pub totp_last_step: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
