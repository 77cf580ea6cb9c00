use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Application::Table)
                    .col(pk_auto(Application::Id))
                    .col(string_null(Application::Reference).unique_key())
                    .col(integer(Application::RoundId))
                    .col(integer(Application::OrganisationId))
                    .col(integer(Application::CreatedBy))
                    .col(string(Application::Status))
                    .col(integer(Application::Version))
                    .col(string(Application::Title))
                    .col(text(Application::Summary))
                    .col(date_null(Application::StartDate))
                    .col(date_null(Application::EndDate))
                    .col(big_integer(Application::RequestedPence))
                    .col(text(Application::SectionState))
                    .col(text(Application::QuizAnswers))
                    .col(boolean(Application::DeclarationTrue))
                    .col(boolean(Application::DeclarationConsent))
                    .col(string(Application::DeclarationName))
                    .col(text_null(Application::OfficerMessage))
                    .col(date_null(Application::ResubmitBy))
                    .col(timestamp_with_time_zone_null(Application::SubmittedAt))
                    .col(timestamp_with_time_zone_null(Application::WithdrawnAt))
                    .col(timestamp_with_time_zone(Application::CreatedAt))
                    .col(timestamp_with_time_zone(Application::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_round_id")
                            .from(Application::Table, Application::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_organisation_id")
                            .from(Application::Table, Application::OrganisationId)
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_created_by")
                            .from(Application::Table, Application::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationWard::Table)
                    .col(pk_auto(ApplicationWard::Id))
                    .col(integer(ApplicationWard::ApplicationId))
                    .col(integer(ApplicationWard::WardId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_ward_application_id")
                            .from(ApplicationWard::Table, ApplicationWard::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_ward_ward_id")
                            .from(ApplicationWard::Table, ApplicationWard::WardId)
                            .to(Ward::Table, Ward::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BudgetLine::Table)
                    .col(pk_auto(BudgetLine::Id))
                    .col(integer(BudgetLine::ApplicationId))
                    .col(string(BudgetLine::Item))
                    .col(string(BudgetLine::Category))
                    .col(big_integer(BudgetLine::AmountPence))
                    .col(integer(BudgetLine::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_line_application_id")
                            .from(BudgetLine::Table, BudgetLine::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationOutcome::Table)
                    .col(pk_auto(ApplicationOutcome::Id))
                    .col(integer(ApplicationOutcome::ApplicationId))
                    .col(integer(ApplicationOutcome::OutcomeId))
                    .col(text(ApplicationOutcome::Measurement))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_outcome_application_id")
                            .from(ApplicationOutcome::Table, ApplicationOutcome::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_outcome_outcome_id")
                            .from(ApplicationOutcome::Table, ApplicationOutcome::OutcomeId)
                            .to(Outcome::Table, Outcome::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationTarget::Table)
                    .col(pk_auto(ApplicationTarget::Id))
                    .col(integer(ApplicationTarget::ApplicationId))
                    .col(integer(ApplicationTarget::IndicatorId))
                    .col(big_integer(ApplicationTarget::Target))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_target_application_id")
                            .from(ApplicationTarget::Table, ApplicationTarget::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_target_indicator_id")
                            .from(ApplicationTarget::Table, ApplicationTarget::IndicatorId)
                            .to(Indicator::Table, Indicator::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationAnswer::Table)
                    .col(pk_auto(ApplicationAnswer::Id))
                    .col(integer(ApplicationAnswer::ApplicationId))
                    .col(integer(ApplicationAnswer::QuestionId))
                    .col(text(ApplicationAnswer::Answer))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_answer_application_id")
                            .from(ApplicationAnswer::Table, ApplicationAnswer::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_answer_question_id")
                            .from(ApplicationAnswer::Table, ApplicationAnswer::QuestionId)
                            .to(RoundQuestion::Table, RoundQuestion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationPartner::Table)
                    .col(pk_auto(ApplicationPartner::Id))
                    .col(integer(ApplicationPartner::ApplicationId))
                    .col(string(ApplicationPartner::Name))
                    .col(text(ApplicationPartner::Role))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_partner_application_id")
                            .from(ApplicationPartner::Table, ApplicationPartner::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MatchFunding::Table)
                    .col(pk_auto(MatchFunding::Id))
                    .col(integer(MatchFunding::ApplicationId))
                    .col(string(MatchFunding::Source))
                    .col(big_integer(MatchFunding::AmountPence))
                    .col(boolean(MatchFunding::Secured))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_match_funding_application_id")
                            .from(MatchFunding::Table, MatchFunding::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReferenceSequence::Table)
                    .col(string(ReferenceSequence::Scope).primary_key())
                    .col(integer(ReferenceSequence::Last))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_round_id_status")
                    .table(Application::Table)
                    .col(Application::RoundId)
                    .col(Application::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_organisation_id")
                    .table(Application::Table)
                    .col(Application::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_ward_application_id_ward_id")
                    .table(ApplicationWard::Table)
                    .col(ApplicationWard::ApplicationId)
                    .col(ApplicationWard::WardId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_budget_line_application_id")
                    .table(BudgetLine::Table)
                    .col(BudgetLine::ApplicationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_outcome_application_id_outcome_id")
                    .table(ApplicationOutcome::Table)
                    .col(ApplicationOutcome::ApplicationId)
                    .col(ApplicationOutcome::OutcomeId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_target_application_id_indicator_id")
                    .table(ApplicationTarget::Table)
                    .col(ApplicationTarget::ApplicationId)
                    .col(ApplicationTarget::IndicatorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_answer_application_id_question_id")
                    .table(ApplicationAnswer::Table)
                    .col(ApplicationAnswer::ApplicationId)
                    .col(ApplicationAnswer::QuestionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_application_partner_application_id")
                    .table(ApplicationPartner::Table)
                    .col(ApplicationPartner::ApplicationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_match_funding_application_id")
                    .table(MatchFunding::Table)
                    .col(MatchFunding::ApplicationId)
                    .to_owned(),
            )
            .await?;
        // One organisation, one live application per round: withdrawn ones do not count.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_application_one_per_round ON application (round_id, organisation_id) \
                 WHERE status <> 'withdrawn'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReferenceSequence::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MatchFunding::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApplicationPartner::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApplicationAnswer::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApplicationTarget::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApplicationOutcome::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BudgetLine::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApplicationWard::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Application::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
    Reference,
    RoundId,
    OrganisationId,
    CreatedBy,
    Status,
    Version,
    Title,
    Summary,
    StartDate,
    EndDate,
    RequestedPence,
    SectionState,
    QuizAnswers,
    DeclarationTrue,
    DeclarationConsent,
    DeclarationName,
    OfficerMessage,
    ResubmitBy,
    SubmittedAt,
    WithdrawnAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApplicationWard {
    Table,
    Id,
    ApplicationId,
    WardId,
}

#[derive(DeriveIden)]
enum BudgetLine {
    Table,
    Id,
    ApplicationId,
    Item,
    Category,
    AmountPence,
    Position,
}

#[derive(DeriveIden)]
enum ApplicationOutcome {
    Table,
    Id,
    ApplicationId,
    OutcomeId,
    Measurement,
}

#[derive(DeriveIden)]
enum ApplicationTarget {
    Table,
    Id,
    ApplicationId,
    IndicatorId,
    Target,
}

#[derive(DeriveIden)]
enum ApplicationAnswer {
    Table,
    Id,
    ApplicationId,
    QuestionId,
    Answer,
}

#[derive(DeriveIden)]
enum ApplicationPartner {
    Table,
    Id,
    ApplicationId,
    Name,
    Role,
}

#[derive(DeriveIden)]
enum MatchFunding {
    Table,
    Id,
    ApplicationId,
    Source,
    AmountPence,
    Secured,
}

#[derive(DeriveIden)]
enum ReferenceSequence {
    Table,
    Scope,
    Last,
}

#[derive(DeriveIden)]
enum FundingRound {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Indicator {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Outcome {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RoundQuestion {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Ward {
    Table,
    Id,
}
