use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrganisationInvitation::Table)
                    .col(pk_auto(OrganisationInvitation::Id))
                    .col(integer(OrganisationInvitation::OrganisationId))
                    // The address as the owner typed it (trimmed, lower-cased): never an
                    // account's name, so nothing about an account shows before it accepts.
                    .col(string_len(OrganisationInvitation::Email, 254))
                    .col(string_len(OrganisationInvitation::TokenHash, 64).unique_key())
                    .col(integer_null(OrganisationInvitation::InvitedBy))
                    .col(string_len(OrganisationInvitation::Status, 16))
                    .col(timestamp_with_time_zone(OrganisationInvitation::CreatedAt))
                    .col(timestamp_with_time_zone(OrganisationInvitation::ExpiresAt))
                    .col(timestamp_with_time_zone_null(
                        OrganisationInvitation::RespondedAt,
                    ))
                    .col(integer_null(OrganisationInvitation::RespondedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_invitation_organisation")
                            .from(
                                OrganisationInvitation::Table,
                                OrganisationInvitation::OrganisationId,
                            )
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_invitation_invited_by")
                            .from(
                                OrganisationInvitation::Table,
                                OrganisationInvitation::InvitedBy,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_invitation_responded_by")
                            .from(
                                OrganisationInvitation::Table,
                                OrganisationInvitation::RespondedBy,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The organisation's page lists its pending invitations.
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_invitation_organisation")
                    .table(OrganisationInvitation::Table)
                    .col(OrganisationInvitation::OrganisationId)
                    .col(OrganisationInvitation::Status)
                    .to_owned(),
            )
            .await?;
        // The rate limit counts one user's invitations of the last day.
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_invitation_invited_by")
                    .table(OrganisationInvitation::Table)
                    .col(OrganisationInvitation::InvitedBy)
                    .col(OrganisationInvitation::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(OrganisationInvitation::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum OrganisationInvitation {
    Table,
    Id,
    OrganisationId,
    Email,
    TokenHash,
    InvitedBy,
    Status,
    CreatedAt,
    ExpiresAt,
    RespondedAt,
    RespondedBy,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
