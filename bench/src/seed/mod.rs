//! `dealfund-bench bench-seed`: fills an empty, migrated database with a scheme at national
//! scale, fast. Rows are written straight to the tables with multi-row inserts inside
//! large transactions, with their ids chosen here so that related rows can be linked
//! without reading anything back.

use std::collections::BTreeMap;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use entity::user::Role;
use entity::{
    application, application_outcome, application_target, application_ward, award,
    conflict_declaration, criterion, fund, funding_round, indicator, monitoring_report,
    organisation, organisation_member, outcome, payment_tranche, reference_sequence, report_value,
    review, review_assignment, review_score, round_panel_member, user, ward,
};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel,
    PaginatorTrait, Statement, TransactionTrait,
};

use dealfund::error::AppError;
use dealfund::services::applications::REFERENCE_PREFIX;

mod grants;
mod rounds;
mod scheme;
mod words;

use grants::*;
pub use rounds::rush_email;
use rounds::*;
use scheme::*;
use words::*;

/// The password of every account bench-seed makes.
pub const BENCH_PASSWORD: &str = "bench-password-2026";
/// The officer who signs in to moderate.
pub const BENCH_OFFICER: &str = "bench-officer@example.org";
/// The round of 2,000 eligible, reviewed applications.
pub const MODERATION_ROUND: &str = "bench-moderation";
/// The open round the deadline-rush applicants have drafts in.
pub const RUSH_ROUND: &str = "bench-rush";

/// The sections a deadline-rush draft has completed (its round asks no questions of its own).
const RUSH_SECTIONS: &str =
    r#"{"about":"completed","budget":"completed","outcomes":"completed","partners":"completed"}"#;

/// Bound parameters per statement: under SQLite's limit (32,766) with room to spare.
const MAX_PARAMS: usize = 30_000;
/// Grants written per transaction.
const BATCH: usize = 10_000;

/// How much to write.
#[derive(Debug, Clone)]
pub struct SeedSize {
    /// Published grants (awards accepted, active or completed).
    pub grants: usize,
    /// Other applications, in every other status.
    pub applications: usize,
    /// Applications in the moderation round, each with 3 to 5 submitted reviews.
    pub moderation: usize,
    /// Applicants with a draft in an open round, for the deadline rush.
    pub rush: usize,
}

/// What was written, and how long it took.
#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    pub counts: BTreeMap<&'static str, usize>,
    pub elapsed: StdDuration,
}

impl SeedReport {
    fn add(&mut self, table: &'static str, n: usize) {
        *self.counts.entry(table).or_default() += n;
    }

    /// Total rows written.
    pub fn rows(&self) -> usize {
        self.counts.values().sum()
    }
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (table, n) in &self.counts {
            writeln!(f, "  {table:<22} {n:>9}")?;
        }
        write!(
            f,
            "{} rows in {:.1} s",
            self.rows(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// A small deterministic generator, so that every seed of the same size is the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The next free id of a table.
async fn next_id<C: ConnectionTrait>(conn: &C, table: &str) -> Result<i32, AppError> {
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"),
        ))
        .await?;
    let max: i64 = match row {
        Some(row) => row
            .try_get::<i64>("", "m")
            .or_else(|_| row.try_get::<i32>("", "m").map(i64::from))?,
        None => 0,
    };
    Ok(max as i32 + 1)
}

/// Inserts rows in statements of at most [`MAX_PARAMS`] parameters.
async fn insert_all<C, A>(
    conn: &C,
    report: &mut SeedReport,
    table: &'static str,
    columns: usize,
    rows: Vec<A>,
) -> Result<(), AppError>
where
    C: ConnectionTrait,
    A: ActiveModelTrait + Send,
{
    let n = rows.len();
    let per = (MAX_PARAMS / columns.max(1)).max(1);
    let mut rows = rows.into_iter();
    loop {
        let chunk: Vec<A> = rows.by_ref().take(per).collect();
        if chunk.is_empty() {
            break;
        }
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    report.add(table, n);
    Ok(())
}

/// Ids handed out, table by table.
struct Ids {
    organisation: i32,
    user: i32,
    member: i32,
    application: i32,
    app_ward: i32,
    app_outcome: i32,
    target: i32,
    award: i32,
    tranche: i32,
    report: i32,
    value: i32,
}

impl Ids {
    async fn load<C: ConnectionTrait>(conn: &C) -> Result<Self, AppError> {
        Ok(Ids {
            organisation: next_id(conn, "organisation").await?,
            user: next_id(conn, "users").await?,
            member: next_id(conn, "organisation_member").await?,
            application: next_id(conn, "application").await?,
            app_ward: next_id(conn, "application_ward").await?,
            app_outcome: next_id(conn, "application_outcome").await?,
            target: next_id(conn, "application_target").await?,
            award: next_id(conn, "award").await?,
            tranche: next_id(conn, "payment_tranche").await?,
            report: next_id(conn, "monitoring_report").await?,
            value: next_id(conn, "report_value").await?,
        })
    }
}

fn take(counter: &mut i32) -> i32 {
    let id = *counter;
    *counter += 1;
    id
}

fn noon(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap_or_default())
}

/// The scheme's fixed parts: wards, outcomes and indicators, funds and rounds.
struct Scheme {
    ward_ids: Vec<i32>,
    /// (outcome id, its indicator ids)
    outcomes: Vec<(i32, [i32; 2])>,
    /// (round id, year)
    rounds: Vec<(i32, i32)>,
}

/// Fills the database. It must be migrated and hold no applications.
pub async fn seed(
    db: &DatabaseConnection,
    size: &SeedSize,
    now: DateTime<Utc>,
) -> Result<SeedReport, AppError> {
    let started = Instant::now();
    if application::Entity::find().count(db).await? > 0 {
        return Err(AppError::Internal(
            "bench-seed needs a database with no applications: point DATABASE_URL at a new one"
                .into(),
        ));
    }
    let mut report = SeedReport::default();
    let hash = dealfund::auth::password::hash(BENCH_PASSWORD.to_owned()).await?;
    let mut rng = Rng(0x5EED);

    let txn = db.begin().await?;
    let scheme = seed_scheme(&txn, &mut report, now).await?;
    let officer_id = next_id(&txn, "users").await?;
    insert_all(
        &txn,
        &mut report,
        "users",
        12,
        vec![account(
            officer_id,
            BENCH_OFFICER,
            "Bench Officer",
            Role::Officer,
            &hash,
            now,
        )],
    )
    .await?;
    txn.commit().await?;

    // Grants and other applications share organisations: each applies to about three rounds.
    let total = size.grants + size.applications;
    let organisations = total.div_ceil(3).max(1);
    let mut ids = Ids::load(db).await?;
    let first_org = ids.organisation;
    let first_user = ids.user;
    seed_organisations(
        db,
        &mut report,
        &mut ids,
        organisations,
        &hash,
        now,
        &mut rng,
    )
    .await?;

    let mut sequence: BTreeMap<i32, i32> = BTreeMap::new();
    let mut start = 0;
    while start < total {
        let end = (start + BATCH).min(total);
        let txn = db.begin().await?;
        let mut rows = Rows::default();
        for i in start..end {
            let org = i % organisations;
            let round_index = (i / organisations + org) % scheme.rounds.len();
            let (round_id, year) = scheme.rounds[round_index];
            let status = if i < size.grants {
                application::Status::Awarded
            } else {
                OTHER_STATUSES[i % OTHER_STATUSES.len()]
            };
            let grant = i < size.grants;
            let plan = AppPlan {
                round_id,
                year,
                organisation_id: first_org + org as i32,
                user_id: first_user + org as i32,
                status,
                grant,
            };
            rows.application(&mut ids, &scheme, &plan, &mut sequence, &mut rng, now);
        }
        rows.write(&txn, &mut report).await?;
        txn.commit().await?;
        start = end;
    }

    let txn = db.begin().await?;
    let moderation = seed_moderation(
        &txn,
        &mut report,
        &mut ids,
        size.moderation,
        &hash,
        now,
        &mut sequence,
        &mut rng,
    )
    .await?;
    seed_rush(
        &txn,
        &mut report,
        &mut ids,
        size.rush,
        &hash,
        now,
        moderation,
        &mut rng,
    )
    .await?;
    let sequences: Vec<reference_sequence::ActiveModel> = sequence
        .iter()
        .map(|(year, last)| {
            reference_sequence::Model {
                scope: year.to_string(),
                last: *last,
            }
            .into_active_model()
        })
        .collect();
    insert_all(&txn, &mut report, "reference_sequence", 2, sequences).await?;
    txn.commit().await?;

    if db.get_database_backend() == DbBackend::Postgres {
        reset_sequences(db).await?;
        // Without statistics PostgreSQL plans a million-row database as if it were empty
        // (the 360Giving file took 16 s instead of 3.5) until autovacuum gets round to it.
        db.execute_unprepared("ANALYZE").await?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// PostgreSQL's id sequences do not see ids chosen by the client: move them past the seed.
async fn reset_sequences(db: &DatabaseConnection) -> Result<(), AppError> {
    for table in [
        "ward",
        "outcome",
        "indicator",
        "fund",
        "funding_round",
        "criterion",
        "users",
        "organisation",
        "organisation_member",
        "application",
        "application_ward",
        "application_outcome",
        "application_target",
        "award",
        "payment_tranche",
        "monitoring_report",
        "report_value",
        "round_panel_member",
        "review_assignment",
        "conflict_declaration",
        "review",
        "review_score",
    ] {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        ))
        .await?;
    }
    Ok(())
}

fn account(
    id: i32,
    email: &str,
    name: &str,
    role: Role,
    hash: &str,
    now: DateTime<Utc>,
) -> user::ActiveModel {
    user::Model {
        id,
        email: email.to_owned(),
        name: name.to_owned(),
        password_hash: hash.to_owned(),
        role,
        disabled: false,
        failed_logins: 0,
        locked_until: None,
        last_login_at: None,
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
}
