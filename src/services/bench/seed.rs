//! `dealfund bench-seed`: fills an empty, migrated database with a scheme at national
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

use crate::error::AppError;
use crate::services::applications::REFERENCE_PREFIX;

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

const WARDS: &[&str] = &[
    "Abbey",
    "Brookside",
    "Castle",
    "Dene",
    "Eastfield",
    "Fairview",
    "Greenhill",
    "Harbour",
    "Ivy Bank",
    "Jubilee",
    "Kingsmead",
    "Lowther",
    "Millbrook",
    "Northgate",
    "Oakwood",
    "Parkside",
    "Queensway",
    "Riverside",
    "St Mary's",
    "Town Centre",
    "Upperthorpe",
    "Valley",
    "Westfield",
    "Yewtree",
];

const OUTCOMES: &[(&str, &str, [&str; 2])] = &[
    (
        "O1",
        "People are less isolated",
        ["People taking part", "Sessions run"],
    ),
    (
        "O2",
        "Children have a better start",
        ["Children reached", "Parents supported"],
    ),
    (
        "O3",
        "Neighbourhoods are greener",
        ["Trees planted", "Volunteer days"],
    ),
    (
        "O4",
        "People are healthier",
        ["People more active", "Health checks"],
    ),
    (
        "O5",
        "Local skills and jobs",
        ["People trained", "People into work"],
    ),
];

const FUNDS: &[(&str, &str)] = &[
    ("Community Deal Fund", "community-deal"),
    ("Neighbourhood Investment Fund", "neighbourhood-investment"),
    ("Green Spaces Fund", "green-spaces"),
    ("Youth Opportunity Fund", "youth-opportunity"),
];

const KINDS: &[&str] = &[
    "constituted_group",
    "registered_charity",
    "cio",
    "company_limited_by_guarantee",
    "cic",
];

const ACTIVITIES: &[&str] = &[
    "Lunch club",
    "Youth football",
    "Community garden",
    "Digital skills café",
    "Food pantry",
    "Walking group",
    "Homework club",
    "Repair café",
    "Men's shed",
    "Parent and toddler group",
    "Allotment project",
    "Choir",
    "Befriending service",
    "Holiday meals",
    "Job club",
];

const PLACES: &[&str] = &[
    "Brookside",
    "Castle Hill",
    "Eastfield",
    "the Harbour",
    "Millbrook",
    "Oakwood estate",
    "Riverside",
    "St Mary's",
    "the Town Centre",
    "Westfield",
];

/// Other statuses an application can be in, and how often (out of 10).
const OTHER_STATUSES: &[&str] = &[
    "draft",
    "submitted",
    "returned",
    "eligible",
    "ineligible",
    "withdrawn",
    "reserve",
    "declined",
    "declined",
    "awarded",
];

/// The years grants were awarded in.
const FIRST_YEAR: i32 = 2019;
const YEARS: i32 = 8;

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
    let hash = crate::auth::password::hash(BENCH_PASSWORD.to_owned()).await?;
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
                "awarded"
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
        session_epoch: 0,
        failed_logins: 0,
        locked_until: None,
        last_login_at: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
}

#[allow(clippy::too_many_arguments)]
fn round_model(
    id: i32,
    fund_id: i32,
    name: String,
    slug: String,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    status: &str,
    now: DateTime<Utc>,
) -> funding_round::ActiveModel {
    funding_round::Model {
        id,
        fund_id,
        name,
        slug,
        guidance: "Bids for community projects in the borough.".into(),
        opens_at: opens,
        closes_at: closes,
        budget_pence: 2_000_000_000,
        min_grant_pence: 50_000,
        max_grant_pence: 5_000_000,
        max_duration_months: 24,
        fundable_threshold: 60,
        disagreement_margin: 25,
        status: status.into(),
        published_at: Some(opens),
        created_at: now,
        updated_at: now,
        reviews_needed: 3,
        single_payment_max_pence: 200_000,
        upfront_percent: 50,
        tranche_interval_months: 6,
        report_interval_months: 6,
    }
    .into_active_model()
}

async fn seed_scheme<C: ConnectionTrait>(
    conn: &C,
    report: &mut SeedReport,
    now: DateTime<Utc>,
) -> Result<Scheme, AppError> {
    let first_ward = next_id(conn, "ward").await?;
    let wards: Vec<ward::ActiveModel> = WARDS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            ward::Model {
                id: first_ward + i as i32,
                name: format!("{name} (bench)"),
                code: format!("E05{:06}", 900_000 + i),
            }
            .into_active_model()
        })
        .collect();
    let ward_ids = (0..WARDS.len()).map(|i| first_ward + i as i32).collect();
    insert_all(conn, report, "ward", 3, wards).await?;

    let first_outcome = next_id(conn, "outcome").await?;
    let first_indicator = next_id(conn, "indicator").await?;
    let mut outcomes = Vec::new();
    let mut outcome_rows = Vec::new();
    let mut indicator_rows = Vec::new();
    for (i, (code, title, indicators)) in OUTCOMES.iter().enumerate() {
        let id = first_outcome + i as i32;
        outcome_rows.push(
            outcome::Model {
                id,
                code: format!("B{code}"),
                title: (*title).into(),
                description: String::new(),
                position: 100 + i as i32,
            }
            .into_active_model(),
        );
        let pair = [
            first_indicator + 2 * i as i32,
            first_indicator + 2 * i as i32 + 1,
        ];
        for (j, name) in indicators.iter().enumerate() {
            indicator_rows.push(
                indicator::Model {
                    id: pair[j],
                    outcome_id: id,
                    name: (*name).into(),
                    unit: "people".into(),
                    description: String::new(),
                    position: j as i32 + 1,
                }
                .into_active_model(),
            );
        }
        outcomes.push((id, pair));
    }
    insert_all(conn, report, "outcome", 5, outcome_rows).await?;
    insert_all(conn, report, "indicator", 6, indicator_rows).await?;

    let first_fund = next_id(conn, "fund").await?;
    let first_round = next_id(conn, "funding_round").await?;
    let mut fund_rows = Vec::new();
    let mut round_rows = Vec::new();
    let mut rounds = Vec::new();
    for (f, (name, slug)) in FUNDS.iter().enumerate() {
        let fund_id = first_fund + f as i32;
        fund_rows.push(
            fund::Model {
                id: fund_id,
                name: (*name).into(),
                slug: format!("bench-{slug}"),
                description: format!("{name}: grants for community groups."),
                created_at: now,
                updated_at: now,
            }
            .into_active_model(),
        );
        for y in 0..YEARS {
            let year = FIRST_YEAR + y;
            let id = first_round + rounds.len() as i32;
            let opens = noon(NaiveDate::from_ymd_opt(year, 1, 10).unwrap_or_default());
            round_rows.push(round_model(
                id,
                fund_id,
                format!("{name} {year}"),
                format!("bench-{slug}-{year}"),
                opens,
                opens + Duration::days(60),
                "decided",
                now,
            ));
            rounds.push((id, year));
        }
    }
    insert_all(conn, report, "fund", 6, fund_rows).await?;
    insert_all(conn, report, "funding_round", 22, round_rows).await?;
    Ok(Scheme {
        ward_ids,
        outcomes,
        rounds,
    })
}

#[allow(clippy::too_many_arguments)]
async fn seed_organisations(
    db: &DatabaseConnection,
    report: &mut SeedReport,
    ids: &mut Ids,
    count: usize,
    hash: &str,
    now: DateTime<Utc>,
    rng: &mut Rng,
) -> Result<(), AppError> {
    let mut start = 0;
    while start < count {
        let end = (start + BATCH * 3).min(count);
        let txn = db.begin().await?;
        let mut orgs = Vec::new();
        let mut users = Vec::new();
        let mut members = Vec::new();
        for i in start..end {
            let org_id = take(&mut ids.organisation);
            let user_id = take(&mut ids.user);
            orgs.push(organisation_row(org_id, i, now, rng));
            users.push(account(
                user_id,
                &format!("bench-applicant-{i}@example.org"),
                &format!("Applicant {i}"),
                Role::Applicant,
                hash,
                now,
            ));
            members.push(member_row(take(&mut ids.member), org_id, user_id, now));
        }
        insert_all(&txn, report, "organisation", 11, orgs).await?;
        insert_all(&txn, report, "users", 12, users).await?;
        insert_all(&txn, report, "organisation_member", 5, members).await?;
        txn.commit().await?;
        start = end;
    }
    Ok(())
}

fn organisation_row(
    id: i32,
    i: usize,
    now: DateTime<Utc>,
    rng: &mut Rng,
) -> organisation::ActiveModel {
    let kind = *rng.pick(KINDS);
    let activity = rng.pick(ACTIVITIES);
    let place = rng.pick(PLACES);
    organisation::Model {
        id,
        name: format!("{place} {activity} {i}"),
        kind: kind.into(),
        charity_number: matches!(kind, "registered_charity" | "cio")
            .then(|| format!("{}", 1_000_000 + i % 999_999)),
        company_number: matches!(kind, "company_limited_by_guarantee" | "cic")
            .then(|| format!("{:08}", 10_000_000 + i % 89_999_999)),
        postcode: format!("AS{} {}AB", 1 + i % 9, i % 10),
        ward_id: None,
        website: (i % 3 == 0).then(|| format!("https://group{i}.example.org")),
        phone: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
}

fn member_row(
    id: i32,
    organisation_id: i32,
    user_id: i32,
    now: DateTime<Utc>,
) -> organisation_member::ActiveModel {
    organisation_member::Model {
        id,
        organisation_id,
        user_id,
        is_owner: true,
        created_at: now,
    }
    .into_active_model()
}

struct AppPlan {
    round_id: i32,
    year: i32,
    organisation_id: i32,
    user_id: i32,
    status: &'static str,
    grant: bool,
}

/// One batch of rows, table by table.
#[derive(Default)]
struct Rows {
    applications: Vec<application::ActiveModel>,
    wards: Vec<application_ward::ActiveModel>,
    outcomes: Vec<application_outcome::ActiveModel>,
    targets: Vec<application_target::ActiveModel>,
    awards: Vec<award::ActiveModel>,
    tranches: Vec<payment_tranche::ActiveModel>,
    reports: Vec<monitoring_report::ActiveModel>,
    values: Vec<report_value::ActiveModel>,
}

#[allow(clippy::too_many_arguments)]
fn application_row(
    id: i32,
    reference: Option<String>,
    round_id: i32,
    organisation_id: i32,
    created_by: i32,
    status: &str,
    submitted_at: Option<DateTime<Utc>>,
    start: NaiveDate,
    requested: i64,
    rng: &mut Rng,
    now: DateTime<Utc>,
) -> application::ActiveModel {
    let activity = rng.pick(ACTIVITIES);
    let place = rng.pick(PLACES);
    application::Model {
        id,
        reference,
        round_id,
        organisation_id,
        created_by,
        status: status.into(),
        version: 1,
        title: format!("{activity} for {place}"),
        summary: format!(
            "A {} in {place}, run by local volunteers, open to everyone and free at the point of use.",
            activity.to_lowercase()
        ),
        start_date: Some(start),
        end_date: Some(start + Duration::days(364)),
        requested_pence: requested,
        section_state: "{}".into(),
        quiz_answers: "{}".into(),
        declaration_true: submitted_at.is_some(),
        declaration_consent: submitted_at.is_some(),
        declaration_name: if submitted_at.is_some() { "Pat Signer".into() } else { String::new() },
        officer_message: None,
        resubmit_by: None,
        submitted_at,
        withdrawn_at: (status == "withdrawn").then_some(now),
        created_at: submitted_at.unwrap_or(now),
        updated_at: submitted_at.unwrap_or(now),
    }
    .into_active_model()
}

impl Rows {
    fn application(
        &mut self,
        ids: &mut Ids,
        scheme: &Scheme,
        plan: &AppPlan,
        sequence: &mut BTreeMap<i32, i32>,
        rng: &mut Rng,
        now: DateTime<Utc>,
    ) {
        let id = take(&mut ids.application);
        let submitted = plan.status != "draft";
        let reference = submitted.then(|| {
            let last = sequence.entry(plan.year).or_insert(0);
            *last += 1;
            format!("{REFERENCE_PREFIX}-{}-{:05}", plan.year, *last)
        });
        let day = NaiveDate::from_ymd_opt(plan.year, 1, 10).unwrap_or_default();
        let submitted_at = submitted.then(|| noon(day + Duration::days(rng.below(50) as i64)));
        let requested = 50_000 + 500 * rng.below(9_000) as i64;
        let start = NaiveDate::from_ymd_opt(plan.year, 4, 1).unwrap_or_default();
        self.applications.push(application_row(
            id,
            reference,
            plan.round_id,
            plan.organisation_id,
            plan.user_id,
            plan.status,
            submitted_at,
            start,
            requested,
            rng,
            now,
        ));
        let ward_count = 1 + rng.below(2);
        let first_ward = rng.below(scheme.ward_ids.len());
        for w in 0..ward_count {
            self.wards.push(
                application_ward::Model {
                    id: take(&mut ids.app_ward),
                    application_id: id,
                    ward_id: scheme.ward_ids[(first_ward + w * 7) % scheme.ward_ids.len()],
                }
                .into_active_model(),
            );
        }
        let first_outcome = rng.below(scheme.outcomes.len());
        let chosen: Vec<(i32, [i32; 2])> = (0..1 + rng.below(2))
            .map(|k| scheme.outcomes[(first_outcome + k * 2) % scheme.outcomes.len()])
            .collect();
        for (outcome_id, indicators) in &chosen {
            self.outcomes.push(
                application_outcome::Model {
                    id: take(&mut ids.app_outcome),
                    application_id: id,
                    outcome_id: *outcome_id,
                    measurement: "Sign-in sheets and a short survey each term.".into(),
                }
                .into_active_model(),
            );
            self.targets.push(
                application_target::Model {
                    id: take(&mut ids.target),
                    application_id: id,
                    indicator_id: indicators[0],
                    target: 20 + rng.below(400) as i64,
                }
                .into_active_model(),
            );
        }

        let award_status = if plan.grant {
            // Older grants are completed; recent ones accepted or under way.
            match (plan.year, rng.below(10)) {
                (y, _) if y <= FIRST_YEAR + 4 => "completed",
                (_, 0..=2) => "accepted",
                (_, 3..=7) => "active",
                _ => "completed",
            }
        } else if plan.status == "awarded" {
            ["offered", "refused", "cancelled"][rng.below(3)]
        } else {
            return;
        };
        let award_id = take(&mut ids.award);
        let amount = requested - 500 * rng.below(20) as i64;
        let offered_at = submitted_at.unwrap_or(now) + Duration::days(40 + rng.below(30) as i64);
        self.awards.push(
            award::Model {
                id: award_id,
                application_id: id,
                round_id: plan.round_id,
                amount_pence: amount,
                conditions: String::new(),
                status: award_status.into(),
                offered_at,
                responded_at: (award_status != "offered").then(|| offered_at + Duration::days(5)),
                accepted_by_name: matches!(award_status, "accepted" | "active" | "completed")
                    .then(|| "Pat Signer".to_owned()),
                created_at: offered_at,
                updated_at: offered_at,
            }
            .into_active_model(),
        );
        let tranches: &[&str] = match award_status {
            "completed" => &["paid", "paid"],
            "active" => &["paid", "scheduled"],
            "accepted" => &["scheduled"],
            _ => &[],
        };
        let count = tranches.len() as i64;
        for (p, status) in tranches.iter().enumerate() {
            let due = offered_at.date_naive() + Duration::days(180 * p as i64);
            self.tranches.push(
                payment_tranche::Model {
                    id: take(&mut ids.tranche),
                    award_id,
                    position: p as i32 + 1,
                    due_date: due,
                    amount_pence: amount / count + if p == 0 { amount % count } else { 0 },
                    status: (*status).into(),
                    paid_date: (*status == "paid").then_some(due),
                    finance_reference: (*status == "paid").then(|| format!("FIN-{award_id}-{p}")),
                    withheld_reason: None,
                    created_at: offered_at,
                    updated_at: offered_at,
                }
                .into_active_model(),
            );
        }
        let reports = match award_status {
            "completed" => 2,
            "active" => 1,
            _ => 0,
        };
        for p in 0..reports {
            let report_id = take(&mut ids.report);
            let published = award_status == "completed" && p == 1 && rng.below(20) == 0;
            let due = offered_at.date_naive() + Duration::days(182 * (p as i64 + 1));
            let at = noon(due);
            self.reports.push(
                monitoring_report::Model {
                    id: report_id,
                    award_id,
                    position: p + 1,
                    is_final: award_status == "completed" && p == 1,
                    due_date: due,
                    status: "accepted".into(),
                    version: 1,
                    beneficiaries: Some(10 + rng.below(300) as i64),
                    volunteers: Some(1 + rng.below(30) as i64),
                    volunteer_hours: Some(10 + rng.below(900) as i64),
                    spend_to_date_pence: Some(amount / 2 * (p as i64 + 1)),
                    went_well: "More people came than we planned for.".into(),
                    was_hard: "Finding a regular venue.".into(),
                    case_study: if published {
                        "One of our regulars had not left the house for months before joining; \
                         now she runs the Tuesday session."
                            .into()
                    } else {
                        String::new()
                    },
                    case_study_consent: published,
                    officer_message: None,
                    submitted_at: Some(at),
                    reviewed_at: Some(at + Duration::days(7)),
                    reviewed_by: None,
                    created_at: at,
                    updated_at: at,
                    case_study_published_at: published.then(|| at + Duration::days(10)),
                }
                .into_active_model(),
            );
            for (_, indicators) in &chosen {
                self.values.push(
                    report_value::Model {
                        id: take(&mut ids.value),
                        report_id,
                        indicator_id: indicators[0],
                        achieved: Some(10 + rng.below(300) as i64),
                    }
                    .into_active_model(),
                );
            }
        }
    }

    async fn write<C: ConnectionTrait>(
        self,
        conn: &C,
        report: &mut SeedReport,
    ) -> Result<(), AppError> {
        insert_all(conn, report, "application", 23, self.applications).await?;
        insert_all(conn, report, "application_ward", 3, self.wards).await?;
        insert_all(conn, report, "application_outcome", 4, self.outcomes).await?;
        insert_all(conn, report, "application_target", 4, self.targets).await?;
        insert_all(conn, report, "award", 11, self.awards).await?;
        insert_all(conn, report, "payment_tranche", 11, self.tranches).await?;
        insert_all(conn, report, "monitoring_report", 22, self.reports).await?;
        insert_all(conn, report, "report_value", 4, self.values).await?;
        Ok(())
    }
}

/// The round in assessment: `count` eligible applications, each with 3 to 5 submitted
/// reviews scored on five criteria by a panel of eight. Returns the fund it is in.
#[allow(clippy::too_many_arguments)]
async fn seed_moderation<C: ConnectionTrait>(
    conn: &C,
    report: &mut SeedReport,
    ids: &mut Ids,
    count: usize,
    hash: &str,
    now: DateTime<Utc>,
    sequence: &mut BTreeMap<i32, i32>,
    rng: &mut Rng,
) -> Result<i32, AppError> {
    use chrono::Datelike;
    let fund_id = next_id(conn, "fund").await?;
    insert_all(
        conn,
        report,
        "fund",
        6,
        vec![
            fund::Model {
                id: fund_id,
                name: "Bench Assessment Fund".into(),
                slug: "bench-assessment".into(),
                description: "The rounds the benchmark moderates and applies to.".into(),
                created_at: now,
                updated_at: now,
            }
            .into_active_model(),
        ],
    )
    .await?;
    let round_id = next_id(conn, "funding_round").await?;
    insert_all(
        conn,
        report,
        "funding_round",
        22,
        vec![round_model(
            round_id,
            fund_id,
            "Bench moderation round".into(),
            MODERATION_ROUND.into(),
            now - Duration::days(90),
            now - Duration::days(30),
            "assessment",
            now,
        )],
    )
    .await?;
    let first_criterion = next_id(conn, "criterion").await?;
    let criteria: Vec<i32> = (0..5).map(|i| first_criterion + i).collect();
    let criterion_rows = criteria
        .iter()
        .enumerate()
        .map(|(i, id)| {
            criterion::Model {
                id: *id,
                round_id,
                title: [
                    "Need",
                    "Reach",
                    "Deliverability",
                    "Value for money",
                    "Legacy",
                ][i]
                    .into(),
                guidance: String::new(),
                weight: [30, 20, 20, 20, 10][i],
                outcome_id: None,
                position: i as i32 + 1,
            }
            .into_active_model()
        })
        .collect();
    insert_all(conn, report, "criterion", 7, criterion_rows).await?;

    let panel: Vec<i32> = (0..8).map(|_| take(&mut ids.user)).collect();
    let panel_users = panel
        .iter()
        .enumerate()
        .map(|(i, id)| {
            account(
                *id,
                &format!("bench-panel-{i}@example.org"),
                &format!("Panel member {i}"),
                Role::Panel,
                hash,
                now,
            )
        })
        .collect();
    insert_all(conn, report, "users", 12, panel_users).await?;
    let first_rpm = next_id(conn, "round_panel_member").await?;
    let rpm = panel
        .iter()
        .enumerate()
        .map(|(i, user_id)| {
            round_panel_member::Model {
                id: first_rpm + i as i32,
                round_id,
                user_id: *user_id,
                created_at: now,
            }
            .into_active_model()
        })
        .collect();
    insert_all(conn, report, "round_panel_member", 4, rpm).await?;

    let mut orgs = Vec::new();
    let mut users = Vec::new();
    let mut members = Vec::new();
    let mut apps = Vec::new();
    let mut assignments = Vec::new();
    let mut declarations = Vec::new();
    let mut reviews = Vec::new();
    let mut scores = Vec::new();
    let mut assignment_id = next_id(conn, "review_assignment").await?;
    let mut declaration_id = next_id(conn, "conflict_declaration").await?;
    let mut review_id = next_id(conn, "review").await?;
    let mut score_id = next_id(conn, "review_score").await?;
    let year = now.year();
    let submitted_at = now - Duration::days(40);
    for i in 0..count {
        let org_id = take(&mut ids.organisation);
        let user_id = take(&mut ids.user);
        orgs.push(organisation_row(org_id, 1_000_000 + i, now, rng));
        users.push(account(
            user_id,
            &format!("bench-assessed-{i}@example.org"),
            &format!("Assessed applicant {i}"),
            Role::Applicant,
            hash,
            now,
        ));
        members.push(member_row(take(&mut ids.member), org_id, user_id, now));
        let app_id = take(&mut ids.application);
        let last = sequence.entry(year).or_insert(0);
        *last += 1;
        let reference = format!("{REFERENCE_PREFIX}-{year}-{:05}", *last);
        let start = (now + Duration::days(60)).date_naive();
        apps.push(application_row(
            app_id,
            Some(reference),
            round_id,
            org_id,
            user_id,
            "eligible",
            Some(submitted_at),
            start,
            50_000 + 500 * rng.below(9_000) as i64,
            rng,
            now,
        ));
        let reviewers = 3 + rng.below(3);
        let first = rng.below(panel.len());
        let base = 1 + rng.below(5) as i32;
        for r in 0..reviewers {
            let reviewer = panel[(first + r) % panel.len()];
            assignments.push(
                review_assignment::Model {
                    id: take(&mut assignment_id),
                    application_id: app_id,
                    reviewer_id: reviewer,
                    created_at: now,
                }
                .into_active_model(),
            );
            declarations.push(
                conflict_declaration::Model {
                    id: take(&mut declaration_id),
                    application_id: app_id,
                    reviewer_id: reviewer,
                    has_conflict: false,
                    nature: String::new(),
                    declared_at: submitted_at,
                }
                .into_active_model(),
            );
            let id = take(&mut review_id);
            let score = (base + rng.below(3) as i32 - 1).clamp(0, 5);
            reviews.push(
                review::Model {
                    id,
                    application_id: app_id,
                    reviewer_id: reviewer,
                    status: "submitted".into(),
                    recommendation: Some(
                        match score {
                            4 | 5 => "fund",
                            3 => "fund_in_part",
                            _ => "do_not_fund",
                        }
                        .into(),
                    ),
                    overall_comment: "Clear and credible, with local evidence.".into(),
                    submitted_at: Some(submitted_at + Duration::days(10)),
                    reopened_reason: None,
                    created_at: submitted_at,
                    updated_at: submitted_at,
                }
                .into_active_model(),
            );
            for c in &criteria {
                scores.push(
                    review_score::Model {
                        id: take(&mut score_id),
                        review_id: id,
                        criterion_id: *c,
                        score: Some((score + rng.below(2) as i32).min(5)),
                        comment: String::new(),
                    }
                    .into_active_model(),
                );
            }
        }
    }
    insert_all(conn, report, "organisation", 11, orgs).await?;
    insert_all(conn, report, "users", 12, users).await?;
    insert_all(conn, report, "organisation_member", 5, members).await?;
    insert_all(conn, report, "application", 23, apps).await?;
    insert_all(conn, report, "review_assignment", 4, assignments).await?;
    insert_all(conn, report, "conflict_declaration", 6, declarations).await?;
    insert_all(conn, report, "review", 10, reviews).await?;
    insert_all(conn, report, "review_score", 5, scores).await?;
    Ok(fund_id)
}

/// An open round closing in two hours, and `count` applicants each with a draft in it.
#[allow(clippy::too_many_arguments)]
async fn seed_rush<C: ConnectionTrait>(
    conn: &C,
    report: &mut SeedReport,
    ids: &mut Ids,
    count: usize,
    hash: &str,
    now: DateTime<Utc>,
    fund_id: i32,
    rng: &mut Rng,
) -> Result<(), AppError> {
    let round_id = next_id(conn, "funding_round").await?;
    insert_all(
        conn,
        report,
        "funding_round",
        22,
        vec![round_model(
            round_id,
            fund_id,
            "Bench deadline round".into(),
            RUSH_ROUND.into(),
            now - Duration::days(30),
            now + Duration::hours(2),
            "published",
            now,
        )],
    )
    .await?;
    let mut orgs = Vec::new();
    let mut users = Vec::new();
    let mut members = Vec::new();
    let mut apps = Vec::new();
    for i in 0..count {
        let org_id = take(&mut ids.organisation);
        let user_id = take(&mut ids.user);
        orgs.push(organisation_row(org_id, 2_000_000 + i, now, rng));
        users.push(account(
            user_id,
            &rush_email(i),
            &format!("Rushed applicant {i}"),
            Role::Applicant,
            hash,
            now,
        ));
        members.push(member_row(take(&mut ids.member), org_id, user_id, now));
        let start = (now + Duration::days(90)).date_naive();
        let mut draft = application_row(
            take(&mut ids.application),
            None,
            round_id,
            org_id,
            user_id,
            "draft",
            None,
            start,
            100_000,
            rng,
            now,
        );
        // Everything done but the declaration: the last section, saved in the rush.
        draft.section_state = sea_orm::ActiveValue::Set(RUSH_SECTIONS.into());
        apps.push(draft);
    }
    insert_all(conn, report, "organisation", 11, orgs).await?;
    insert_all(conn, report, "users", 12, users).await?;
    insert_all(conn, report, "organisation_member", 5, members).await?;
    insert_all(conn, report, "application", 23, apps).await?;
    Ok(())
}

/// The sign-in name of the `i`th deadline-rush applicant.
pub fn rush_email(i: usize) -> String {
    format!("bench-rush-{i}@example.org")
}
