//! An indicator that applications or reports have used cannot be removed (their targets
//! and achieved values point at it), but it can be retired: hidden from new choices and
//! kept, with its name and unit, on every record that already uses it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Indicator::Table)
                    .add_column(boolean(Indicator::Retired).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Indicator::Table)
                    .drop_column(Indicator::Retired)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Indicator {
    Table,
    Retired,
}
