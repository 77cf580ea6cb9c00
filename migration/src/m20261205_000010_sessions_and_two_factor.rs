//! Sign-in that can be ended and proved twice:
//!
//! - `session`: one row per signed-in browser, so signing out (or an admin, or a new
//!   password) really ends a session. It replaces the per-user session epoch.
//! - two-factor sign-in: an encrypted TOTP secret on the user, and its hashed,
//!   one-time recovery codes.
//! - `login_failure.email_hash`: failed sign-ins to addresses with no account are
//!   counted too, so a lockout answers the same whether or not the account exists.
//! - `registration`: a request to register, finished through an emailed link, so the
//!   answer to registering never says whether the address already has an account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(pk_auto(Session::Id))
                    .col(string_len_uniq(Session::TokenHash, 64))
                    .col(integer(Session::UserId))
                    .col(string_len(Session::Stage, 16))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::LastSeenAt))
                    .col(string_len(Session::IpAddress, 64))
                    .col(string_len(Session::UserAgent, 255))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_user_id")
                            .from(Session::Table, Session::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_user_id")
                    .table(Session::Table)
                    .col(Session::UserId)
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::SessionEpoch)
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Users::TotpSecret).text().null().to_owned(),
            ColumnDef::new(Users::TotpEnabledAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Users::TotpLastStep)
                .big_integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCode::Table)
                    .col(pk_auto(RecoveryCode::Id))
                    .col(integer(RecoveryCode::UserId))
                    .col(string_len(RecoveryCode::CodeHash, 200))
                    .col(timestamp_with_time_zone_null(RecoveryCode::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recovery_code_user_id")
                            .from(RecoveryCode::Table, RecoveryCode::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_code_user_id")
                    .table(RecoveryCode::Table)
                    .col(RecoveryCode::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(LoginFailure::Table)
                    .add_column(
                        ColumnDef::new(LoginFailure::EmailHash)
                            .string_len(64)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failure_email_hash_at")
                    .table(LoginFailure::Table)
                    .col(LoginFailure::EmailHash)
                    .col(LoginFailure::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Registration::Table)
                    .col(pk_auto(Registration::Id))
                    .col(string_len(Registration::Email, 254))
                    .col(string_len_null(Registration::Name, 200))
                    .col(string_len_null(Registration::PasswordHash, 200))
                    .col(string_len_null(Registration::TokenHash, 64).unique_key())
                    .col(string_len(Registration::ClientIp, 64))
                    .col(timestamp_with_time_zone(Registration::CreatedAt))
                    .col(timestamp_with_time_zone_null(Registration::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Registration::UsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_registration_email_created")
                    .table(Registration::Table)
                    .col(Registration::Email)
                    .col(Registration::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Registration::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_login_failure_email_hash_at")
                    .table(LoginFailure::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(LoginFailure::Table)
                    .drop_column(LoginFailure::EmailHash)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(RecoveryCode::Table).to_owned())
            .await?;
        for column in [Users::TotpSecret, Users::TotpEnabledAt, Users::TotpLastStep] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::SessionEpoch)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Session::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    TokenHash,
    UserId,
    Stage,
    CreatedAt,
    LastSeenAt,
    IpAddress,
    UserAgent,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SessionEpoch,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
}

#[derive(DeriveIden)]
enum RecoveryCode {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginFailure {
    Table,
    EmailHash,
    At,
}

#[derive(DeriveIden)]
enum Registration {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    TokenHash,
    ClientIp,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
