//! A version number for everything the public may see about funded projects, moved on by
//! the database itself whenever something they are made of changes. The directory and the
//! impact dashboard keep what is costly to work out under the version it was worked out
//! at; since the number moves in the same transaction as the change, and no code path can
//! forget to move it, nothing cached is ever served after a change has committed.
//!
//! Changes that cannot touch published data leave it alone, so that applicants saving
//! drafts, groups registering and reports being filled in do not throw the caches away:
//! an organisation, an application and its wards, outcomes and targets count only once
//! there is an award, a monitoring report and its values only while it is accepted.
//!
//! It also indexes payments and reports by award and status, so that loading a page of
//! grants' paid tranches and accepted reports reads only those grants' rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose every change counts.
const ALWAYS: &[&str] = &[
    "award",
    "fund",
    "funding_round",
    "ward",
    "outcome",
    "indicator",
    "payment_tranche",
];

/// Tables of an application's own answers, by the column naming the application.
const APPLICATION_PARTS: &[&str] = &[
    "application_ward",
    "application_outcome",
    "application_target",
];

const OPS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

/// What a SQLite trigger for `op` on `table` is conditional on, if anything; `None` means
/// no trigger is needed for that operation at all.
fn sqlite_condition(table: &str, op: &str) -> Option<Option<String>> {
    let rows: &[&str] = match op {
        "INSERT" => &["NEW"],
        "DELETE" => &["OLD"],
        _ => &["OLD", "NEW"],
    };
    let any = |f: &dyn Fn(&str) -> String| -> String {
        rows.iter().map(|r| f(r)).collect::<Vec<_>>().join(" OR ")
    };
    if ALWAYS.contains(&table) {
        return Some(None);
    }
    fn awarded(column: &'static str) -> impl Fn(&str) -> String {
        move |row| {
            format!("EXISTS (SELECT 1 FROM award WHERE award.application_id = {row}.{column})")
        }
    }
    match table {
        // A new application or organisation never has an award yet.
        "application" | "organisation" if op == "INSERT" => None,
        "organisation" => Some(Some(any(&|row| {
            format!(
                "EXISTS (SELECT 1 FROM application a JOIN award w ON w.application_id = a.id \
                 WHERE a.organisation_id = {row}.id)"
            )
        }))),
        "application" => Some(Some(any(&awarded("id")))),
        t if APPLICATION_PARTS.contains(&t) => Some(Some(any(&awarded("application_id")))),
        "monitoring_report" => Some(Some(any(&|row| format!("{row}.status = 'accepted'")))),
        "report_value" => Some(Some(any(&|row| {
            format!(
                "EXISTS (SELECT 1 FROM monitoring_report r \
                 WHERE r.id = {row}.report_id AND r.status = 'accepted')"
            )
        }))),
        _ => None,
    }
}

/// Every table with a trigger.
fn tables() -> impl Iterator<Item = &'static str> {
    ALWAYS
        .iter()
        .chain(APPLICATION_PARTS)
        .chain(&[
            "organisation",
            "application",
            "monitoring_report",
            "report_value",
        ])
        .copied()
}

/// PostgreSQL: the version moves at most once per transaction, so that a transaction
/// changing many rows updates the version's row once.
const PG_FUNCTIONS: &str = r#"
CREATE FUNCTION published_version_bump() RETURNS void AS $$
BEGIN
  IF current_setting('dealfund.published_bumped', true) IS DISTINCT FROM txid_current()::text THEN
    UPDATE published_version SET version = version + 1 WHERE id = 1;
    PERFORM set_config('dealfund.published_bumped', txid_current()::text, true);
  END IF;
END; $$ LANGUAGE plpgsql;

CREATE FUNCTION published_changed() RETURNS trigger AS $$
BEGIN
  PERFORM published_version_bump();
  RETURN NULL;
END; $$ LANGUAGE plpgsql;

CREATE FUNCTION published_application_changed() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM award WHERE award.application_id = OLD.id) THEN
    PERFORM published_version_bump();
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;

CREATE FUNCTION published_organisation_changed() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM application a JOIN award w ON w.application_id = a.id
             WHERE a.organisation_id = OLD.id) THEN
    PERFORM published_version_bump();
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;

CREATE FUNCTION published_application_part_changed() RETURNS trigger AS $$
BEGIN
  IF (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM award WHERE award.application_id = NEW.application_id))
     OR (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM award WHERE award.application_id = OLD.application_id)) THEN
    PERFORM published_version_bump();
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;

CREATE FUNCTION published_report_changed() RETURNS trigger AS $$
BEGIN
  IF (TG_OP <> 'DELETE' AND NEW.status = 'accepted') OR (TG_OP <> 'INSERT' AND OLD.status = 'accepted') THEN
    PERFORM published_version_bump();
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;

CREATE FUNCTION published_report_value_changed() RETURNS trigger AS $$
BEGIN
  IF (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM monitoring_report r WHERE r.id = NEW.report_id AND r.status = 'accepted'))
     OR (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM monitoring_report r WHERE r.id = OLD.report_id AND r.status = 'accepted')) THEN
    PERFORM published_version_bump();
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;
"#;

/// PostgreSQL: the function each table's trigger runs, and on which events.
fn pg_trigger(table: &str) -> (&'static str, &'static str) {
    match table {
        "application" => ("published_application_changed", "UPDATE OR DELETE"),
        "organisation" => ("published_organisation_changed", "UPDATE OR DELETE"),
        "monitoring_report" => ("published_report_changed", "INSERT OR UPDATE OR DELETE"),
        "report_value" => (
            "published_report_value_changed",
            "INSERT OR UPDATE OR DELETE",
        ),
        t if APPLICATION_PARTS.contains(&t) => (
            "published_application_part_changed",
            "INSERT OR UPDATE OR DELETE",
        ),
        _ => ("published_changed", "INSERT OR UPDATE OR DELETE"),
    }
}

/// PostgreSQL's trigger functions, dropped in this order.
const PG_FUNCTION_NAMES: &[&str] = &[
    "published_changed",
    "published_application_changed",
    "published_organisation_changed",
    "published_application_part_changed",
    "published_report_changed",
    "published_report_value_changed",
    "published_version_bump",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublishedVersion::Table)
                    .col(
                        ColumnDef::new(PublishedVersion::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(PublishedVersion::Version)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        for table in ["payment_tranche", "monitoring_report"] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{table}_award_id_status"))
                        .table(Alias::new(table))
                        .col(Alias::new("award_id"))
                        .col(Alias::new("status"))
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared("INSERT INTO published_version (id, version) VALUES (1, 1)")
            .await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for table in tables() {
                    for op in OPS {
                        let Some(condition) = sqlite_condition(table, op) else {
                            continue;
                        };
                        let when = condition.map(|c| format!("WHEN {c}")).unwrap_or_default();
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER published_{table}_{lower} AFTER {op} ON {table} \
                             FOR EACH ROW {when} BEGIN \
                             UPDATE published_version SET version = version + 1 WHERE id = 1; END",
                            lower = op.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
            DbBackend::Postgres => {
                db.execute_unprepared(PG_FUNCTIONS).await?;
                for table in tables() {
                    let (function, events) = pg_trigger(table);
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER published_{table} AFTER {events} ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION {function}()"
                    ))
                    .await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for table in tables() {
                    for op in OPS {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS published_{table}_{}",
                            op.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
            DbBackend::Postgres => {
                for table in tables() {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS published_{table} ON {table}"
                    ))
                    .await?;
                }
                for function in PG_FUNCTION_NAMES {
                    db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {function}()"))
                        .await?;
                }
            }
            _ => {}
        }
        for table in ["payment_tranche", "monitoring_report"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!("idx_{table}_award_id_status"))
                        .table(Alias::new(table))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(PublishedVersion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PublishedVersion {
    Table,
    Id,
    Version,
}
