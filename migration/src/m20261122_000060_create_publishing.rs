use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A case study reaches the public only when the group consented and an officer
        // published it; unpublishing clears the time.
        manager
            .alter_table(
                Table::alter()
                    .table(MonitoringReport::Table)
                    .add_column(timestamp_with_time_zone_null(
                        MonitoringReport::CaseStudyPublishedAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Publication::Table)
                    .col(pk_auto(Publication::Id))
                    .col(string_uniq(Publication::Slug))
                    .col(string(Publication::Title))
                    .col(text(Publication::Introduction))
                    .col(date(Publication::PeriodStart))
                    .col(date(Publication::PeriodEnd))
                    .col(integer_null(Publication::FundId))
                    .col(string(Publication::Status))
                    .col(integer(Publication::Version).default(1))
                    .col(timestamp_with_time_zone_null(Publication::PublishedAt))
                    .col(timestamp_with_time_zone(Publication::CreatedAt))
                    .col(timestamp_with_time_zone(Publication::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publication_fund_id")
                            .from(Publication::Table, Publication::FundId)
                            .to(Fund::Table, Fund::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicationSection::Table)
                    .col(pk_auto(PublicationSection::Id))
                    .col(integer(PublicationSection::PublicationId))
                    .col(integer(PublicationSection::Position))
                    .col(string(PublicationSection::Heading))
                    .col(text(PublicationSection::Body))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publication_section_publication_id")
                            .from(PublicationSection::Table, PublicationSection::PublicationId)
                            .to(Publication::Table, Publication::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicationProject::Table)
                    .col(pk_auto(PublicationProject::Id))
                    .col(integer(PublicationProject::PublicationId))
                    .col(integer(PublicationProject::ApplicationId))
                    .col(integer(PublicationProject::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publication_project_publication_id")
                            .from(PublicationProject::Table, PublicationProject::PublicationId)
                            .to(Publication::Table, Publication::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publication_project_application_id")
                            .from(PublicationProject::Table, PublicationProject::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicationCaseStudy::Table)
                    .col(pk_auto(PublicationCaseStudy::Id))
                    .col(integer(PublicationCaseStudy::PublicationId))
                    .col(integer(PublicationCaseStudy::ReportId))
                    .col(integer(PublicationCaseStudy::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publication_case_study_publication_id")
                            .from(
                                PublicationCaseStudy::Table,
                                PublicationCaseStudy::PublicationId,
                            )
                            .to(Publication::Table, Publication::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publication_case_study_report_id")
                            .from(PublicationCaseStudy::Table, PublicationCaseStudy::ReportId)
                            .to(MonitoringReport::Table, MonitoringReport::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_publication_section_publication_id")
                    .table(PublicationSection::Table)
                    .col(PublicationSection::PublicationId)
                    .col(PublicationSection::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_publication_project_publication_id_application_id")
                    .table(PublicationProject::Table)
                    .col(PublicationProject::PublicationId)
                    .col(PublicationProject::ApplicationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_publication_case_study_publication_id_report_id")
                    .table(PublicationCaseStudy::Table)
                    .col(PublicationCaseStudy::PublicationId)
                    .col(PublicationCaseStudy::ReportId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The public directory and the exports walk awards by status.
        manager
            .create_index(
                Index::create()
                    .name("idx_award_status_offered_at")
                    .table(Award::Table)
                    .col(Award::Status)
                    .col(Award::OfferedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_award_status_offered_at")
                    .table(Award::Table)
                    .to_owned(),
            )
            .await?;
        for table in [
            PublicationCaseStudy::Table.into_iden(),
            PublicationProject::Table.into_iden(),
            PublicationSection::Table.into_iden(),
            Publication::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(MonitoringReport::Table)
                    .drop_column(MonitoringReport::CaseStudyPublishedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Publication {
    Table,
    Id,
    Slug,
    Title,
    Introduction,
    PeriodStart,
    PeriodEnd,
    FundId,
    Status,
    Version,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PublicationSection {
    Table,
    Id,
    PublicationId,
    Position,
    Heading,
    Body,
}

#[derive(DeriveIden)]
enum PublicationProject {
    Table,
    Id,
    PublicationId,
    ApplicationId,
    Position,
}

#[derive(DeriveIden)]
enum PublicationCaseStudy {
    Table,
    Id,
    PublicationId,
    ReportId,
    Position,
}

#[derive(DeriveIden)]
enum MonitoringReport {
    Table,
    Id,
    CaseStudyPublishedAt,
}

#[derive(DeriveIden)]
enum Award {
    Table,
    Status,
    OfferedAt,
}

#[derive(DeriveIden)]
enum Fund {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
}
