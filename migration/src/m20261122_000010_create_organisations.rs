use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(pk_auto(Organisation::Id))
                    .col(string(Organisation::Name))
                    .col(string_len(Organisation::Kind, 32))
                    .col(string_len_null(Organisation::CharityNumber, 16))
                    .col(string_len_null(Organisation::CompanyNumber, 8))
                    .col(string_len(Organisation::Postcode, 8))
                    .col(integer_null(Organisation::WardId))
                    .col(string_null(Organisation::Website))
                    .col(string_len_null(Organisation::Phone, 32))
                    .col(timestamp_with_time_zone(Organisation::CreatedAt))
                    .col(timestamp_with_time_zone(Organisation::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_ward")
                            .from(Organisation::Table, Organisation::WardId)
                            .to(Ward::Table, Ward::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationMember::Table)
                    .col(pk_auto(OrganisationMember::Id))
                    .col(integer(OrganisationMember::OrganisationId))
                    .col(integer(OrganisationMember::UserId))
                    .col(boolean(OrganisationMember::IsOwner).default(false))
                    .col(timestamp_with_time_zone(OrganisationMember::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_member_organisation")
                            .from(
                                OrganisationMember::Table,
                                OrganisationMember::OrganisationId,
                            )
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_member_user")
                            .from(OrganisationMember::Table, OrganisationMember::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_member_unique")
                    .table(OrganisationMember::Table)
                    .col(OrganisationMember::OrganisationId)
                    .col(OrganisationMember::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_member_user")
                    .table(OrganisationMember::Table)
                    .col(OrganisationMember::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganisationMember::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Organisation::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Name,
    Kind,
    CharityNumber,
    CompanyNumber,
    Postcode,
    WardId,
    Website,
    Phone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrganisationMember {
    Table,
    Id,
    OrganisationId,
    UserId,
    IsOwner,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Ward {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
