//! Migrations: the only way dealfund's schema is made, in tests too.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_users;
mod m20261122_000002_create_audit_event;
mod m20261122_000003_create_deal_funds_rounds;
mod m20261122_000010_create_organisations;
mod m20261122_000011_create_applications;
mod m20261122_000020_create_reviews_and_awards;
mod m20261122_000050_create_payments_and_reports;
mod m20261122_000060_create_publishing;
mod m20261122_000070_create_outbox;
mod m20261122_000080_publishing_at_scale;
mod m20261205_000010_sessions_and_two_factor;
mod m20261205_000020_create_organisation_invitations;
mod m20261205_000030_retire_indicators;

/// Applies dealfund's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_users::Migration),
            Box::new(m20261122_000002_create_audit_event::Migration),
            Box::new(m20261122_000003_create_deal_funds_rounds::Migration),
            Box::new(m20261122_000010_create_organisations::Migration),
            Box::new(m20261122_000011_create_applications::Migration),
            Box::new(m20261122_000020_create_reviews_and_awards::Migration),
            Box::new(m20261122_000050_create_payments_and_reports::Migration),
            Box::new(m20261122_000060_create_publishing::Migration),
            Box::new(m20261122_000070_create_outbox::Migration),
            Box::new(m20261122_000080_publishing_at_scale::Migration),
            Box::new(m20261205_000010_sessions_and_two_factor::Migration),
            Box::new(m20261205_000020_create_organisation_invitations::Migration),
            Box::new(m20261205_000030_retire_indicators::Migration),
        ]
    }
}
