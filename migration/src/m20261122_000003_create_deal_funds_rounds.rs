use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Wards first: pledges refer to them, and PostgreSQL checks references as tables are made.
        manager
            .create_table(
                Table::create()
                    .table(Ward::Table)
                    .col(pk_auto(Ward::Id))
                    .col(string_uniq(Ward::Name))
                    .col(string_uniq(Ward::Code))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Deal::Table)
                    .col(pk_auto(Deal::Id))
                    .col(string(Deal::Title))
                    .col(text(Deal::Introduction))
                    .col(timestamp_with_time_zone(Deal::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DealTheme::Table)
                    .col(pk_auto(DealTheme::Id))
                    .col(string(DealTheme::Title))
                    .col(text(DealTheme::Description))
                    .col(integer(DealTheme::Position))
                    .col(timestamp_with_time_zone(DealTheme::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Commitment::Table)
                    .col(pk_auto(Commitment::Id))
                    .col(integer(Commitment::ThemeId))
                    .col(string(Commitment::Side))
                    .col(text(Commitment::Body))
                    .col(integer(Commitment::Position))
                    .col(boolean(Commitment::Retired))
                    .col(timestamp_with_time_zone(Commitment::CreatedAt))
                    .col(timestamp_with_time_zone(Commitment::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_commitment_theme_id")
                            .from(Commitment::Table, Commitment::ThemeId)
                            .to(DealTheme::Table, DealTheme::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Pledge::Table)
                    .col(pk_auto(Pledge::Id))
                    .col(integer(Pledge::CommitmentId))
                    .col(string_null(Pledge::FirstName))
                    .col(integer_null(Pledge::WardId))
                    .col(string(Pledge::ClientIp))
                    .col(timestamp_with_time_zone(Pledge::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pledge_commitment_id")
                            .from(Pledge::Table, Pledge::CommitmentId)
                            .to(Commitment::Table, Commitment::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pledge_ward_id")
                            .from(Pledge::Table, Pledge::WardId)
                            .to(Ward::Table, Ward::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outcome::Table)
                    .col(pk_auto(Outcome::Id))
                    .col(string_uniq(Outcome::Code))
                    .col(string(Outcome::Title))
                    .col(text(Outcome::Description))
                    .col(integer(Outcome::Position))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Indicator::Table)
                    .col(pk_auto(Indicator::Id))
                    .col(integer(Indicator::OutcomeId))
                    .col(string(Indicator::Name))
                    .col(string(Indicator::Unit))
                    .col(text(Indicator::Description))
                    .col(integer(Indicator::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_outcome_id")
                            .from(Indicator::Table, Indicator::OutcomeId)
                            .to(Outcome::Table, Outcome::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Fund::Table)
                    .col(pk_auto(Fund::Id))
                    .col(string(Fund::Name))
                    .col(string_uniq(Fund::Slug))
                    .col(text(Fund::Description))
                    .col(timestamp_with_time_zone(Fund::CreatedAt))
                    .col(timestamp_with_time_zone(Fund::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FundContribution::Table)
                    .col(pk_auto(FundContribution::Id))
                    .col(integer(FundContribution::FundId))
                    .col(string(FundContribution::PartnerName))
                    .col(string_null(FundContribution::PartnerOrgId))
                    .col(big_integer(FundContribution::AmountPence))
                    .col(timestamp_with_time_zone(FundContribution::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fund_contribution_fund_id")
                            .from(FundContribution::Table, FundContribution::FundId)
                            .to(Fund::Table, Fund::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FundingRound::Table)
                    .col(pk_auto(FundingRound::Id))
                    .col(integer(FundingRound::FundId))
                    .col(string(FundingRound::Name))
                    .col(string_uniq(FundingRound::Slug))
                    .col(text(FundingRound::Guidance))
                    .col(timestamp_with_time_zone(FundingRound::OpensAt))
                    .col(timestamp_with_time_zone(FundingRound::ClosesAt))
                    .col(big_integer(FundingRound::BudgetPence))
                    .col(big_integer(FundingRound::MinGrantPence))
                    .col(big_integer(FundingRound::MaxGrantPence))
                    .col(integer(FundingRound::MaxDurationMonths))
                    .col(integer(FundingRound::FundableThreshold))
                    .col(integer(FundingRound::DisagreementMargin))
                    .col(string(FundingRound::Status).default("draft"))
                    .col(timestamp_with_time_zone_null(FundingRound::PublishedAt))
                    .col(timestamp_with_time_zone(FundingRound::CreatedAt))
                    .col(timestamp_with_time_zone(FundingRound::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_funding_round_fund_id")
                            .from(FundingRound::Table, FundingRound::FundId)
                            .to(Fund::Table, Fund::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EligibilityQuestion::Table)
                    .col(pk_auto(EligibilityQuestion::Id))
                    .col(integer(EligibilityQuestion::RoundId))
                    .col(text(EligibilityQuestion::Question))
                    .col(boolean(EligibilityQuestion::QualifyingAnswer))
                    .col(text(EligibilityQuestion::FailureMessage))
                    .col(integer(EligibilityQuestion::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_eligibility_question_round_id")
                            .from(EligibilityQuestion::Table, EligibilityQuestion::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoundQuestion::Table)
                    .col(pk_auto(RoundQuestion::Id))
                    .col(integer(RoundQuestion::RoundId))
                    .col(text(RoundQuestion::Prompt))
                    .col(text(RoundQuestion::HelpText))
                    .col(string(RoundQuestion::Kind))
                    .col(integer_null(RoundQuestion::WordLimit))
                    .col(text(RoundQuestion::Choices))
                    .col(boolean(RoundQuestion::Required))
                    .col(integer(RoundQuestion::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_question_round_id")
                            .from(RoundQuestion::Table, RoundQuestion::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Criterion::Table)
                    .col(pk_auto(Criterion::Id))
                    .col(integer(Criterion::RoundId))
                    .col(string(Criterion::Title))
                    .col(text(Criterion::Guidance))
                    .col(integer(Criterion::Weight))
                    .col(integer_null(Criterion::OutcomeId))
                    .col(integer(Criterion::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_criterion_round_id")
                            .from(Criterion::Table, Criterion::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_criterion_outcome_id")
                            .from(Criterion::Table, Criterion::OutcomeId)
                            .to(Outcome::Table, Outcome::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pledge_client_ip_created_at")
                    .table(Pledge::Table)
                    .col(Pledge::ClientIp)
                    .col(Pledge::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pledge_commitment_id")
                    .table(Pledge::Table)
                    .col(Pledge::CommitmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_commitment_theme_id")
                    .table(Commitment::Table)
                    .col(Commitment::ThemeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_indicator_outcome_id")
                    .table(Indicator::Table)
                    .col(Indicator::OutcomeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_fund_contribution_fund_id")
                    .table(FundContribution::Table)
                    .col(FundContribution::FundId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_funding_round_fund_id")
                    .table(FundingRound::Table)
                    .col(FundingRound::FundId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_eligibility_question_round_id")
                    .table(EligibilityQuestion::Table)
                    .col(EligibilityQuestion::RoundId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_round_question_round_id")
                    .table(RoundQuestion::Table)
                    .col(RoundQuestion::RoundId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_criterion_round_id")
                    .table(Criterion::Table)
                    .col(Criterion::RoundId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Criterion::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RoundQuestion::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EligibilityQuestion::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FundingRound::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FundContribution::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Fund::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Ward::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Indicator::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Outcome::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Pledge::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Commitment::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DealTheme::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Deal::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Deal {
    Table,
    Id,
    Title,
    Introduction,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DealTheme {
    Table,
    Id,
    Title,
    Description,
    Position,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Commitment {
    Table,
    Id,
    ThemeId,
    Side,
    Body,
    Position,
    Retired,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Pledge {
    Table,
    Id,
    CommitmentId,
    FirstName,
    WardId,
    ClientIp,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outcome {
    Table,
    Id,
    Code,
    Title,
    Description,
    Position,
}

#[derive(DeriveIden)]
enum Indicator {
    Table,
    Id,
    OutcomeId,
    Name,
    Unit,
    Description,
    Position,
}

#[derive(DeriveIden)]
enum Ward {
    Table,
    Id,
    Name,
    Code,
}

#[derive(DeriveIden)]
enum Fund {
    Table,
    Id,
    Name,
    Slug,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FundContribution {
    Table,
    Id,
    FundId,
    PartnerName,
    PartnerOrgId,
    AmountPence,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FundingRound {
    Table,
    Id,
    FundId,
    Name,
    Slug,
    Guidance,
    OpensAt,
    ClosesAt,
    BudgetPence,
    MinGrantPence,
    MaxGrantPence,
    MaxDurationMonths,
    FundableThreshold,
    DisagreementMargin,
    Status,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EligibilityQuestion {
    Table,
    Id,
    RoundId,
    Question,
    QualifyingAnswer,
    FailureMessage,
    Position,
}

#[derive(DeriveIden)]
enum RoundQuestion {
    Table,
    Id,
    RoundId,
    Prompt,
    HelpText,
    Kind,
    WordLimit,
    Choices,
    Required,
    Position,
}

#[derive(DeriveIden)]
enum Criterion {
    Table,
    Id,
    RoundId,
    Title,
    Guidance,
    Weight,
    OutcomeId,
    Position,
}
