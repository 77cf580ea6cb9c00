use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_auto(Outbox::Id))
                    .col(string_len(Outbox::Kind, 64))
                    // Reminders carry a key per reminder and recipient: a second insert is a no-op.
                    .col(string_len_null(Outbox::DedupeKey, 200).unique_key())
                    .col(string_len(Outbox::ToAddress, 254))
                    .col(string_len(Outbox::Subject, 300))
                    .col(text(Outbox::BodyText))
                    .col(text(Outbox::BodyHtml))
                    .col(string_len(Outbox::State, 16))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(string_len_null(Outbox::LeaseOwner, 100))
                    .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_state_next_attempt_at")
                    .table(Outbox::Table)
                    .col(Outbox::State)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxAttempt::Table)
                    .col(pk_auto(OutboxAttempt::Id))
                    .col(integer(OutboxAttempt::OutboxId))
                    .col(timestamp_with_time_zone(OutboxAttempt::AttemptedAt))
                    .col(string_len(OutboxAttempt::Worker, 100))
                    .col(boolean(OutboxAttempt::Ok))
                    .col(text_null(OutboxAttempt::Error))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_attempt_outbox_id")
                            .from(OutboxAttempt::Table, OutboxAttempt::OutboxId)
                            .to(Outbox::Table, Outbox::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_attempt_outbox_id")
                    .table(OutboxAttempt::Table)
                    .col(OutboxAttempt::OutboxId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasswordReset::Table)
                    .col(pk_auto(PasswordReset::Id))
                    .col(integer_null(PasswordReset::UserId))
                    // SHA-256 of the token, hex: the token itself is only ever in the email.
                    .col(string_len_null(PasswordReset::TokenHash, 64).unique_key())
                    .col(string_len(PasswordReset::ClientIp, 64))
                    .col(timestamp_with_time_zone(PasswordReset::CreatedAt))
                    .col(timestamp_with_time_zone_null(PasswordReset::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordReset::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_password_reset_user_id")
                            .from(PasswordReset::Table, PasswordReset::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_password_reset_user_id", PasswordReset::UserId),
            ("idx_password_reset_client_ip", PasswordReset::ClientIp),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(PasswordReset::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PasswordReset::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OutboxAttempt::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Kind,
    DedupeKey,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    State,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum OutboxAttempt {
    Table,
    Id,
    OutboxId,
    AttemptedAt,
    Worker,
    Ok,
    Error,
}

#[derive(DeriveIden)]
enum PasswordReset {
    Table,
    Id,
    UserId,
    TokenHash,
    ClientIp,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
