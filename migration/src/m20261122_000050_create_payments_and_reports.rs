use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The round's rules for payment and report schedules; SQLite adds one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .add_column(big_integer(FundingRound::SinglePaymentMaxPence).default(200_000))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .add_column(integer(FundingRound::UpfrontPercent).default(50))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .add_column(integer(FundingRound::TrancheIntervalMonths).default(6))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .add_column(integer(FundingRound::ReportIntervalMonths).default(6))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PaymentTranche::Table)
                    .col(pk_auto(PaymentTranche::Id))
                    .col(integer(PaymentTranche::AwardId))
                    .col(integer(PaymentTranche::Position))
                    .col(date(PaymentTranche::DueDate))
                    .col(big_integer(PaymentTranche::AmountPence))
                    .col(string(PaymentTranche::Status))
                    .col(date_null(PaymentTranche::PaidDate))
                    .col(string_null(PaymentTranche::FinanceReference))
                    .col(text_null(PaymentTranche::WithheldReason))
                    .col(timestamp_with_time_zone(PaymentTranche::CreatedAt))
                    .col(timestamp_with_time_zone(PaymentTranche::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_payment_tranche_award_id")
                            .from(PaymentTranche::Table, PaymentTranche::AwardId)
                            .to(Award::Table, Award::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MonitoringReport::Table)
                    .col(pk_auto(MonitoringReport::Id))
                    .col(integer(MonitoringReport::AwardId))
                    .col(integer(MonitoringReport::Position))
                    .col(boolean(MonitoringReport::IsFinal))
                    .col(date(MonitoringReport::DueDate))
                    .col(string(MonitoringReport::Status))
                    .col(integer(MonitoringReport::Version))
                    .col(big_integer_null(MonitoringReport::Beneficiaries))
                    .col(big_integer_null(MonitoringReport::Volunteers))
                    .col(big_integer_null(MonitoringReport::VolunteerHours))
                    .col(big_integer_null(MonitoringReport::SpendToDatePence))
                    .col(text(MonitoringReport::WentWell))
                    .col(text(MonitoringReport::WasHard))
                    .col(text(MonitoringReport::CaseStudy))
                    .col(boolean(MonitoringReport::CaseStudyConsent))
                    .col(text_null(MonitoringReport::OfficerMessage))
                    .col(timestamp_with_time_zone_null(MonitoringReport::SubmittedAt))
                    .col(timestamp_with_time_zone_null(MonitoringReport::ReviewedAt))
                    .col(integer_null(MonitoringReport::ReviewedBy))
                    .col(timestamp_with_time_zone(MonitoringReport::CreatedAt))
                    .col(timestamp_with_time_zone(MonitoringReport::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_monitoring_report_award_id")
                            .from(MonitoringReport::Table, MonitoringReport::AwardId)
                            .to(Award::Table, Award::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_monitoring_report_reviewed_by")
                            .from(MonitoringReport::Table, MonitoringReport::ReviewedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportValue::Table)
                    .col(pk_auto(ReportValue::Id))
                    .col(integer(ReportValue::ReportId))
                    .col(integer(ReportValue::IndicatorId))
                    .col(big_integer_null(ReportValue::Achieved))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_value_report_id")
                            .from(ReportValue::Table, ReportValue::ReportId)
                            .to(MonitoringReport::Table, MonitoringReport::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_value_indicator_id")
                            .from(ReportValue::Table, ReportValue::IndicatorId)
                            .to(Indicator::Table, Indicator::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payment_tranche_award_id_position")
                    .table(PaymentTranche::Table)
                    .col(PaymentTranche::AwardId)
                    .col(PaymentTranche::Position)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payment_tranche_status_due_date")
                    .table(PaymentTranche::Table)
                    .col(PaymentTranche::Status)
                    .col(PaymentTranche::DueDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_monitoring_report_award_id_position")
                    .table(MonitoringReport::Table)
                    .col(MonitoringReport::AwardId)
                    .col(MonitoringReport::Position)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_monitoring_report_status_due_date")
                    .table(MonitoringReport::Table)
                    .col(MonitoringReport::Status)
                    .col(MonitoringReport::DueDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_value_report_id_indicator_id")
                    .table(ReportValue::Table)
                    .col(ReportValue::ReportId)
                    .col(ReportValue::IndicatorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReportValue::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MonitoringReport::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PaymentTranche::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .drop_column(FundingRound::ReportIntervalMonths)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .drop_column(FundingRound::TrancheIntervalMonths)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .drop_column(FundingRound::UpfrontPercent)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRound::Table)
                    .drop_column(FundingRound::SinglePaymentMaxPence)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PaymentTranche {
    Table,
    Id,
    AwardId,
    Position,
    DueDate,
    AmountPence,
    Status,
    PaidDate,
    FinanceReference,
    WithheldReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MonitoringReport {
    Table,
    Id,
    AwardId,
    Position,
    IsFinal,
    DueDate,
    Status,
    Version,
    Beneficiaries,
    Volunteers,
    VolunteerHours,
    SpendToDatePence,
    WentWell,
    WasHard,
    CaseStudy,
    CaseStudyConsent,
    OfficerMessage,
    SubmittedAt,
    ReviewedAt,
    ReviewedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportValue {
    Table,
    Id,
    ReportId,
    IndicatorId,
    Achieved,
}

#[derive(DeriveIden)]
enum FundingRound {
    Table,
    SinglePaymentMaxPence,
    UpfrontPercent,
    TrancheIntervalMonths,
    ReportIntervalMonths,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Award {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Indicator {
    Table,
    Id,
}
