use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // How many reviews each application of a round needs.
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .add_column(integer(FundingRound::ReviewsNeeded).default(3))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoundPanelMember::Table)
                    .col(pk_auto(RoundPanelMember::Id))
                    .col(integer(RoundPanelMember::RoundId))
                    .col(integer(RoundPanelMember::UserId))
                    .col(timestamp_with_time_zone(RoundPanelMember::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_panel_member_round_id")
                            .from(RoundPanelMember::Table, RoundPanelMember::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_panel_member_user_id")
                            .from(RoundPanelMember::Table, RoundPanelMember::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReviewAssignment::Table)
                    .col(pk_auto(ReviewAssignment::Id))
                    .col(integer(ReviewAssignment::ApplicationId))
                    .col(integer(ReviewAssignment::ReviewerId))
                    .col(timestamp_with_time_zone(ReviewAssignment::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_assignment_application_id")
                            .from(ReviewAssignment::Table, ReviewAssignment::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_assignment_reviewer_id")
                            .from(ReviewAssignment::Table, ReviewAssignment::ReviewerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConflictDeclaration::Table)
                    .col(pk_auto(ConflictDeclaration::Id))
                    .col(integer(ConflictDeclaration::ApplicationId))
                    .col(integer(ConflictDeclaration::ReviewerId))
                    .col(boolean(ConflictDeclaration::HasConflict))
                    .col(text(ConflictDeclaration::Nature))
                    .col(timestamp_with_time_zone(ConflictDeclaration::DeclaredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conflict_declaration_application_id")
                            .from(
                                ConflictDeclaration::Table,
                                ConflictDeclaration::ApplicationId,
                            )
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conflict_declaration_reviewer_id")
                            .from(ConflictDeclaration::Table, ConflictDeclaration::ReviewerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Review::Table)
                    .col(pk_auto(Review::Id))
                    .col(integer(Review::ApplicationId))
                    .col(integer(Review::ReviewerId))
                    .col(string(Review::Status))
                    .col(string_null(Review::Recommendation))
                    .col(text(Review::OverallComment))
                    .col(timestamp_with_time_zone_null(Review::SubmittedAt))
                    .col(text_null(Review::ReopenedReason))
                    .col(timestamp_with_time_zone(Review::CreatedAt))
                    .col(timestamp_with_time_zone(Review::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_application_id")
                            .from(Review::Table, Review::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_reviewer_id")
                            .from(Review::Table, Review::ReviewerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReviewScore::Table)
                    .col(pk_auto(ReviewScore::Id))
                    .col(integer(ReviewScore::ReviewId))
                    .col(integer(ReviewScore::CriterionId))
                    .col(integer_null(ReviewScore::Score))
                    .col(text(ReviewScore::Comment))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_score_review_id")
                            .from(ReviewScore::Table, ReviewScore::ReviewId)
                            .to(Review::Table, Review::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_score_criterion_id")
                            .from(ReviewScore::Table, ReviewScore::CriterionId)
                            .to(Criterion::Table, Criterion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Decision::Table)
                    .col(pk_auto(Decision::Id))
                    .col(integer(Decision::ApplicationId))
                    .col(integer(Decision::RoundId))
                    .col(string(Decision::Outcome))
                    .col(big_integer(Decision::AmountPence))
                    .col(text(Decision::Reason))
                    .col(text(Decision::Conditions))
                    .col(text(Decision::Feedback))
                    .col(integer(Decision::DecidedBy))
                    .col(timestamp_with_time_zone(Decision::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_decision_application_id")
                            .from(Decision::Table, Decision::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_decision_round_id")
                            .from(Decision::Table, Decision::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_decision_decided_by")
                            .from(Decision::Table, Decision::DecidedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Award::Table)
                    .col(pk_auto(Award::Id))
                    .col(integer(Award::ApplicationId))
                    .col(integer(Award::RoundId))
                    .col(big_integer(Award::AmountPence))
                    .col(text(Award::Conditions))
                    .col(string(Award::Status))
                    .col(timestamp_with_time_zone(Award::OfferedAt))
                    .col(timestamp_with_time_zone_null(Award::RespondedAt))
                    .col(string_null(Award::AcceptedByName))
                    .col(timestamp_with_time_zone(Award::CreatedAt))
                    .col(timestamp_with_time_zone(Award::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_award_application_id")
                            .from(Award::Table, Award::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_award_round_id")
                            .from(Award::Table, Award::RoundId)
                            .to(FundingRound::Table, FundingRound::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_round_panel_member_round_id_user_id")
                    .table(RoundPanelMember::Table)
                    .col(RoundPanelMember::RoundId)
                    .col(RoundPanelMember::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_round_panel_member_user_id")
                    .table(RoundPanelMember::Table)
                    .col(RoundPanelMember::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_assignment_application_id_reviewer_id")
                    .table(ReviewAssignment::Table)
                    .col(ReviewAssignment::ApplicationId)
                    .col(ReviewAssignment::ReviewerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_assignment_reviewer_id")
                    .table(ReviewAssignment::Table)
                    .col(ReviewAssignment::ReviewerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conflict_declaration_application_id_reviewer_id")
                    .table(ConflictDeclaration::Table)
                    .col(ConflictDeclaration::ApplicationId)
                    .col(ConflictDeclaration::ReviewerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_application_id_reviewer_id")
                    .table(Review::Table)
                    .col(Review::ApplicationId)
                    .col(Review::ReviewerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_reviewer_id")
                    .table(Review::Table)
                    .col(Review::ReviewerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_score_review_id_criterion_id")
                    .table(ReviewScore::Table)
                    .col(ReviewScore::ReviewId)
                    .col(ReviewScore::CriterionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_decision_application_id")
                    .table(Decision::Table)
                    .col(Decision::ApplicationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_decision_round_id")
                    .table(Decision::Table)
                    .col(Decision::RoundId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_award_application_id")
                    .table(Award::Table)
                    .col(Award::ApplicationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_award_round_id_status")
                    .table(Award::Table)
                    .col(Award::RoundId)
                    .col(Award::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Award::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Decision::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ReviewScore::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Review::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ConflictDeclaration::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ReviewAssignment::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RoundPanelMember::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .drop_column(FundingRound::ReviewsNeeded)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RoundPanelMember {
    Table,
    Id,
    RoundId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReviewAssignment {
    Table,
    Id,
    ApplicationId,
    ReviewerId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ConflictDeclaration {
    Table,
    Id,
    ApplicationId,
    ReviewerId,
    HasConflict,
    Nature,
    DeclaredAt,
}

#[derive(DeriveIden)]
enum Review {
    Table,
    Id,
    ApplicationId,
    ReviewerId,
    Status,
    Recommendation,
    OverallComment,
    SubmittedAt,
    ReopenedReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReviewScore {
    Table,
    Id,
    ReviewId,
    CriterionId,
    Score,
    Comment,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    ApplicationId,
    RoundId,
    Outcome,
    AmountPence,
    Reason,
    Conditions,
    Feedback,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Award {
    Table,
    Id,
    ApplicationId,
    RoundId,
    AmountPence,
    Conditions,
    Status,
    OfferedAt,
    RespondedAt,
    AcceptedByName,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FundingRound {
    Table,
    Id,
    ReviewsNeeded,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Criterion {
    Table,
    Id,
}
