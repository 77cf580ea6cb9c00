//! Rounds of a fund: their details and money, their phase, and what the public sees.

pub mod budget;
pub mod items;

pub use budget::committed_in_round;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{application, criterion, fund, funding_round, outcome};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::domain::application::StatusRules;
use crate::domain::dates;
use crate::domain::fields::FieldErrors;
use crate::domain::local_time::parse_local;
use crate::domain::money::Money;
use crate::domain::round::{Phase, RoundStatus, Transition};
use crate::domain::text::{check_slug, parse_whole};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::funds;
use crate::services::write::Write;

/// A round's details as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct RoundInput {
    pub name: String,
    pub slug: String,
    pub guidance: String,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
    pub budget: String,
    pub min_grant: String,
    pub max_grant: String,
    pub max_duration_months: String,
    pub fundable_threshold: String,
    pub disagreement_margin: String,
    /// Grants up to this amount are paid at once and owe one final report.
    pub single_payment_max: String,
    pub upfront_percent: String,
    pub tranche_interval_months: String,
    pub report_interval_months: String,
}

/// A round's details once every field has been checked.
#[derive(Debug, Clone)]
struct RoundValues {
    name: String,
    slug: String,
    guidance: String,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    budget: i64,
    min_grant: i64,
    max_grant: i64,
    max_duration_months: i32,
    fundable_threshold: i32,
    disagreement_margin: i32,
    rules: ScheduleRules,
}

/// The round's rules for payment and report schedules.
#[derive(Debug, Clone, Copy)]
struct ScheduleRules {
    single_payment_max: i64,
    upfront_percent: i32,
    tranche_interval_months: i32,
    report_interval_months: i32,
}

fn check_rules(errors: &mut FieldErrors, input: &RoundInput) -> Option<ScheduleRules> {
    let single = match Money::parse(&input.single_payment_max) {
        Ok(Money(pence)) => Some(pence),
        Err(message) => {
            errors.add("single_payment_max", message);
            None
        }
    };
    let upfront = whole_field(
        errors,
        "upfront_percent",
        &input.upfront_percent,
        "the up-front share",
        1,
        100,
    );
    let tranches = whole_field(
        errors,
        "tranche_interval_months",
        &input.tranche_interval_months,
        "the months between payments",
        1,
        24,
    );
    let reports = whole_field(
        errors,
        "report_interval_months",
        &input.report_interval_months,
        "the months between reports",
        1,
        24,
    );
    Some(ScheduleRules {
        single_payment_max: single?,
        upfront_percent: upfront?,
        tranche_interval_months: tranches?,
        report_interval_months: reports?,
    })
}

fn money_field(errors: &mut FieldErrors, field: &str, input: &str) -> Option<i64> {
    match Money::parse(input) {
        Ok(Money(0)) => {
            errors.add(field, "Amount must be more than £0");
            None
        }
        Ok(Money(pence)) => Some(pence),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

fn whole_field(
    errors: &mut FieldErrors,
    field: &str,
    input: &str,
    what: &str,
    min: i64,
    max: i64,
) -> Option<i32> {
    match parse_whole(input, what, min, max) {
        Ok(n) => i32::try_from(n).ok(),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// Checks a round's fields; dates must fall in the windows of `domain::dates`, around
/// `today` (in the council's zone).
fn check_round(input: &RoundInput, tz: Tz, today: NaiveDate) -> Result<RoundValues, AppError> {
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", "Enter the round's name");
    } else if name.chars().count() > 200 {
        errors.add("name", "Name must be 200 characters or fewer");
    }
    if let Err(message) = check_slug(input.slug.trim()) {
        errors.add("slug", message);
    }
    if input.guidance.chars().count() > 50_000 {
        errors.add("guidance", "Guidance must be 50,000 characters or fewer");
    }
    let opens_at = parse_local(&input.opens_date, &input.opens_time, tz)
        .map_err(|m| errors.add("opens_date", m))
        .ok();
    let closes_at = parse_local(&input.closes_date, &input.closes_time, tz)
        .map_err(|m| errors.add("closes_date", m))
        .ok();
    let opens_day = opens_at.map(|t| t.with_timezone(&tz).date_naive());
    let closes_day = closes_at.map(|t| t.with_timezone(&tz).date_naive());
    if let Some(day) = opens_day
        && let Err(message) = dates::round_opens(today).check(
            day,
            "The opening date",
            "up to five years ago or three years ahead",
        )
    {
        errors.add("opens_date", message);
    }
    if let (Some(opens), Some(closes)) = (opens_at, closes_at)
        && closes <= opens
    {
        errors.add(
            "closes_date",
            "The closing date must be after the opening date",
        );
    } else if let (Some(opens), Some(closes)) = (opens_day, closes_day)
        && let Err(message) = dates::round_closes(opens).check(
            closes,
            "The closing date",
            "a round can be open for up to two years",
        )
    {
        errors.add("closes_date", message);
    }
    let budget = money_field(&mut errors, "budget", &input.budget);
    let min_grant = money_field(&mut errors, "min_grant", &input.min_grant);
    let max_grant = money_field(&mut errors, "max_grant", &input.max_grant);
    if let (Some(min), Some(max)) = (min_grant, max_grant)
        && min > max
    {
        errors.add(
            "min_grant",
            "The minimum grant must not be more than the maximum grant",
        );
    }
    if let (Some(max), Some(budget)) = (max_grant, budget)
        && max > budget
    {
        errors.add(
            "max_grant",
            "The maximum grant must not be more than the round's budget",
        );
    }
    let months = whole_field(
        &mut errors,
        "max_duration_months",
        &input.max_duration_months,
        "the maximum duration",
        1,
        120,
    );
    let threshold = whole_field(
        &mut errors,
        "fundable_threshold",
        &input.fundable_threshold,
        "the fundable threshold",
        0,
        100,
    );
    let margin = whole_field(
        &mut errors,
        "disagreement_margin",
        &input.disagreement_margin,
        "the disagreement margin",
        1,
        100,
    );
    let rules = check_rules(&mut errors, input);
    errors.into_result()?;
    let Some(rules) = rules else {
        return Err(AppError::Internal(
            "a checked schedule rule was missing".into(),
        ));
    };
    match (
        opens_at, closes_at, budget, min_grant, max_grant, months, threshold, margin,
    ) {
        (
            Some(opens_at),
            Some(closes_at),
            Some(budget),
            Some(min_grant),
            Some(max_grant),
            Some(m),
            Some(t),
            Some(d),
        ) => Ok(RoundValues {
            name: name.to_owned(),
            slug: input.slug.trim().to_owned(),
            guidance: input.guidance.trim().to_owned(),
            opens_at,
            closes_at,
            budget,
            min_grant,
            max_grant,
            max_duration_months: m,
            fundable_threshold: t,
            disagreement_margin: d,
            rules,
        }),
        _ => Err(AppError::Internal(
            "a checked round field was missing".into(),
        )),
    }
}

/// Refuses a round budget that would take the fund's rounds past the fund's budget.
/// Runs inside the saving transaction, with the fund's row locked.
async fn check_fund_budget<C: ConnectionTrait>(
    conn: &C,
    fund_id: i32,
    round_id: Option<i32>,
    budget: i64,
) -> Result<(), AppError> {
    funds::lock(conn, fund_id).await?;
    let figures = funds::figures(conn, fund_id).await?;
    let current = match round_id {
        Some(id) => funding_round::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|r| r.budget_pence)
            .unwrap_or(0),
        None => 0,
    };
    let others = figures.allocated - current;
    if others + budget > figures.budget {
        let available = (figures.budget - others).max(0);
        return Err(AppError::Invalid(FieldErrors::single(
            "budget",
            format!(
                "The fund has {} left to give to rounds (budget {}, other rounds {}): lower this round's budget",
                Money(available),
                Money(figures.budget),
                Money(others)
            ),
        )));
    }
    Ok(())
}

async fn slug_taken<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut query = funding_round::Entity::find().filter(funding_round::Column::Slug.eq(slug));
    if let Some(id) = except {
        query = query.filter(funding_round::Column::Id.ne(id));
    }
    Ok(query.count(conn).await? > 0)
}

fn slug_error() -> AppError {
    AppError::Invalid(FieldErrors::single(
        "slug",
        "Another round already uses this web address name",
    ))
}

/// Creates a draft round in a fund.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    tz: Tz,
    fund_id: i32,
    input: &RoundInput,
) -> Result<funding_round::Model, AppError> {
    let values = check_round(input, tz, clock.now().with_timezone(&tz).date_naive())?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    check_fund_budget(&txn, fund_id, None, values.budget).await?;
    if slug_taken(&txn, &values.slug, None).await? {
        return Err(slug_error());
    }
    let created = funding_round::ActiveModel {
        fund_id: Set(fund_id),
        name: Set(values.name),
        slug: Set(values.slug),
        guidance: Set(values.guidance),
        opens_at: Set(values.opens_at),
        closes_at: Set(values.closes_at),
        budget_pence: Set(values.budget),
        min_grant_pence: Set(values.min_grant),
        max_grant_pence: Set(values.max_grant),
        max_duration_months: Set(values.max_duration_months),
        fundable_threshold: Set(values.fundable_threshold),
        disagreement_margin: Set(values.disagreement_margin),
        single_payment_max_pence: Set(values.rules.single_payment_max),
        upfront_percent: Set(values.rules.upfront_percent),
        tranche_interval_months: Set(values.rules.tranche_interval_months),
        report_interval_months: Set(values.rules.report_interval_months),
        status: Set(RoundStatus::Draft),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("{} ({})", created.name, Money(created.budget_pence));
    txn.audit(Action::RoundCreated, created.id, detail).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a round's details; the fund's budget must still cover every round.
pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    tz: Tz,
    round_id: i32,
    input: &RoundInput,
) -> Result<funding_round::Model, AppError> {
    let values = check_round(input, tz, clock.now().with_timezone(&tz).date_naive())?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let existing = funding_round::Entity::find_by_id(round_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    check_fund_budget(&txn, existing.fund_id, Some(round_id), values.budget).await?;
    if slug_taken(&txn, &values.slug, Some(round_id)).await? {
        return Err(slug_error());
    }
    let mut change: funding_round::ActiveModel = existing.into();
    change.name = Set(values.name);
    change.slug = Set(values.slug);
    change.guidance = Set(values.guidance);
    change.opens_at = Set(values.opens_at);
    change.closes_at = Set(values.closes_at);
    change.budget_pence = Set(values.budget);
    change.min_grant_pence = Set(values.min_grant);
    change.max_grant_pence = Set(values.max_grant);
    change.max_duration_months = Set(values.max_duration_months);
    change.fundable_threshold = Set(values.fundable_threshold);
    change.disagreement_margin = Set(values.disagreement_margin);
    change.single_payment_max_pence = Set(values.rules.single_payment_max);
    change.upfront_percent = Set(values.rules.upfront_percent);
    change.tranche_interval_months = Set(values.rules.tranche_interval_months);
    change.report_interval_months = Set(values.rules.report_interval_months);
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    let detail = format!("{} ({})", updated.name, Money(updated.budget_pence));
    txn.audit(Action::RoundUpdated, round_id, detail).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A round by its slug, or 404.
pub async fn by_slug<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
) -> Result<funding_round::Model, AppError> {
    funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq(slug))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// A round by its id, or 404.
pub async fn by_id<C: ConnectionTrait>(
    conn: &C,
    id: i32,
) -> Result<funding_round::Model, AppError> {
    funding_round::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Where the round is now.
pub fn phase(round: &funding_round::Model, now: DateTime<Utc>) -> Phase {
    Phase::of(round.status, round.opens_at, round.closes_at, now)
}

/// True once the round has a submitted application: its quiz, questions and criteria
/// are then fixed, so that every applicant and reviewer sees the same ones.
pub async fn is_locked<C: ConnectionTrait>(conn: &C, round_id: i32) -> Result<bool, AppError> {
    let submitted = application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .filter(
            application::Column::Status.is_in(
                crate::domain::application::ALL
                    .iter()
                    .filter(|s| s.is_submitted())
                    .copied(),
            ),
        )
        .count(conn)
        .await?;
    Ok(submitted > 0)
}

/// True when applications (in any state) exist: a round then cannot go back to draft.
pub async fn has_applications<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<bool, AppError> {
    Ok(application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .count(conn)
        .await?
        > 0)
}

/// Moves a round on (or back to draft before anyone has applied).
pub async fn transition(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    transition: Transition,
) -> Result<funding_round::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let round = funding_round::Entity::find_by_id(round_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = phase(&round, now);
    let to = transition
        .apply(from)
        .map_err(|m| AppError::Invalid(FieldErrors::single("status", m)))?;
    match transition {
        Transition::Publish => {
            let mut errors = FieldErrors::new();
            let criteria = criterion::Entity::find()
                .filter(criterion::Column::RoundId.eq(round_id))
                .count(&txn)
                .await?;
            if criteria == 0 {
                errors.add(
                    "criteria",
                    "Add at least one scoring criterion before publishing the round",
                );
            }
            if outcome::Entity::find().count(&txn).await? == 0 {
                errors.add(
                    "status",
                    "Add at least one outcome to the outcomes framework before publishing a round",
                );
            }
            errors.into_result()?;
        }
        Transition::Unpublish if has_applications(&txn, round_id).await? => {
            return Err(AppError::Invalid(FieldErrors::single(
                "status",
                "People have started applying to this round, so it cannot go back to draft",
            )));
        }
        _ => {}
    }
    let mut change: funding_round::ActiveModel = round.clone().into();
    change.status = Set(to);
    if transition == Transition::Publish {
        change.published_at = Set(Some(now));
    }
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    let detail = format!("{} → {}", from.label(), phase(&updated, now).label());
    txn.audit(Action::RoundStatusChanged, round_id, detail)
        .await?;
    txn.commit().await?;
    Ok(updated)
}

/// A fund's rounds, newest opening first.
pub async fn of_fund<C: ConnectionTrait>(
    conn: &C,
    fund_id: i32,
) -> Result<Vec<funding_round::Model>, AppError> {
    Ok(funding_round::Entity::find()
        .filter(funding_round::Column::FundId.eq(fund_id))
        .order_by_desc(funding_round::Column::OpensAt)
        .all(conn)
        .await?)
}

/// Every round the public may see (not drafts), with its fund, soonest closing first.
pub async fn public_rounds(
    db: &DatabaseConnection,
) -> Result<Vec<(funding_round::Model, fund::Model)>, AppError> {
    let rounds = funding_round::Entity::find()
        .filter(funding_round::Column::Status.ne(RoundStatus::Draft))
        .order_by_asc(funding_round::Column::ClosesAt)
        .all(db)
        .await?;
    let funds: HashMap<i32, fund::Model> = fund::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    Ok(rounds
        .into_iter()
        .filter_map(|r| funds.get(&r.fund_id).cloned().map(|f| (r, f)))
        .collect())
}
