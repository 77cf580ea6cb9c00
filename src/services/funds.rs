//! Funds, their partners' contributions, and the money figures every page shows.

use std::collections::HashMap;

use entity::{award, fund, fund_contribution, funding_round, payment_tranche};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, FromQueryResult, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    RelationDef, Select,
};
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::domain::money::Money;
use crate::domain::text::check_slug;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// A fund's money, in pence. Every page and export takes these from [`figures`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FundFigures {
    /// The sum of the partners' contributions.
    pub budget: i64,
    /// The sum of the fund's round budgets.
    pub allocated: i64,
    /// Awarded: offers made, accepted, active or completed (not refused or cancelled).
    pub committed: i64,
    /// Paid out: the sum of the paid tranches of the fund's awards (withheld and
    /// cancelled tranches are not money that left the council).
    pub disbursed: i64,
    /// Budget not yet committed.
    pub uncommitted: i64,
    /// Budget not yet given to a round.
    pub unallocated: i64,
}

#[derive(Debug, FromQueryResult)]
struct SumRow {
    fund_id: i32,
    total: Option<i64>,
}

async fn sums_by_fund<C: ConnectionTrait>(
    conn: &C,
    contributions: bool,
) -> Result<HashMap<i32, i64>, AppError> {
    let rows = if contributions {
        fund_contribution::Entity::find()
            .select_only()
            .column(fund_contribution::Column::FundId)
            .column_as(
                super::sum_i64(fund_contribution::Column::AmountPence),
                "total",
            )
            .group_by(fund_contribution::Column::FundId)
            .into_model::<SumRow>()
            .all(conn)
            .await?
    } else {
        funding_round::Entity::find()
            .select_only()
            .column(funding_round::Column::FundId)
            .column_as(super::sum_i64(funding_round::Column::BudgetPence), "total")
            .group_by(funding_round::Column::FundId)
            .into_model::<SumRow>()
            .all(conn)
            .await?
    };
    Ok(rows
        .into_iter()
        .map(|r| (r.fund_id, r.total.unwrap_or(0)))
        .collect())
}

/// An award's round, to reach the fund it draws on.
fn round_of_award() -> RelationDef {
    award::Entity::belongs_to(funding_round::Entity)
        .from(award::Column::RoundId)
        .to(funding_round::Column::Id)
        .into()
}

/// Awards whose money is committed (offered, accepted, active or completed), with their round joined.
fn committed_awards() -> Select<award::Entity> {
    award::Entity::find()
        .join(JoinType::InnerJoin, round_of_award())
        .filter(award::Column::Status.is_in(crate::domain::award::COMMITTED.iter().copied()))
}

/// Committed money by fund, in one query.
async fn committed_by_fund<C: ConnectionTrait>(conn: &C) -> Result<HashMap<i32, i64>, AppError> {
    let rows = committed_awards()
        .select_only()
        .column_as(funding_round::Column::FundId, "fund_id")
        .column_as(super::sum_i64(award::Column::AmountPence), "total")
        .group_by(funding_round::Column::FundId)
        .into_model::<SumRow>()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.fund_id, r.total.unwrap_or(0)))
        .collect())
}

/// A tranche's award, to reach its round.
fn award_of_tranche() -> RelationDef {
    payment_tranche::Entity::belongs_to(award::Entity)
        .from(payment_tranche::Column::AwardId)
        .to(award::Column::Id)
        .into()
}

/// Paid tranches, with their award and its round joined.
fn paid_tranches() -> Select<payment_tranche::Entity> {
    payment_tranche::Entity::find()
        .join(JoinType::InnerJoin, award_of_tranche())
        .join(JoinType::InnerJoin, round_of_award())
        .filter(payment_tranche::Column::Status.eq(payment_tranche::Status::Paid))
}

/// Disbursed money by fund, in one query.
async fn disbursed_by_fund<C: ConnectionTrait>(conn: &C) -> Result<HashMap<i32, i64>, AppError> {
    let rows = paid_tranches()
        .select_only()
        .column_as(funding_round::Column::FundId, "fund_id")
        .column_as(
            super::sum_i64((
                payment_tranche::Entity,
                payment_tranche::Column::AmountPence,
            )),
            "total",
        )
        .group_by(funding_round::Column::FundId)
        .into_model::<SumRow>()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.fund_id, r.total.unwrap_or(0)))
        .collect())
}

/// The figures of every fund, in four queries whatever the number of funds.
pub async fn all_figures<C: ConnectionTrait>(
    conn: &C,
) -> Result<HashMap<i32, FundFigures>, AppError> {
    let budgets = sums_by_fund(conn, true).await?;
    let allocated = sums_by_fund(conn, false).await?;
    let committed = committed_by_fund(conn).await?;
    let disbursed = disbursed_by_fund(conn).await?;
    let ids: Vec<i32> = budgets.keys().chain(allocated.keys()).copied().collect();
    Ok(ids
        .into_iter()
        .map(|id| {
            let figures = make_figures(
                budgets.get(&id),
                allocated.get(&id),
                committed.get(&id),
                disbursed.get(&id),
            );
            (id, figures)
        })
        .collect())
}

fn make_figures(
    budget: Option<&i64>,
    allocated: Option<&i64>,
    committed: Option<&i64>,
    disbursed: Option<&i64>,
) -> FundFigures {
    let budget = budget.copied().unwrap_or(0);
    let allocated = allocated.copied().unwrap_or(0);
    let committed = committed.copied().unwrap_or(0);
    let disbursed = disbursed.copied().unwrap_or(0);
    FundFigures {
        budget,
        allocated,
        committed,
        disbursed,
        uncommitted: budget - committed,
        unallocated: budget - allocated,
    }
}

/// One fund's figures.
pub async fn figures<C: ConnectionTrait>(conn: &C, fund_id: i32) -> Result<FundFigures, AppError> {
    let budget: Option<i64> = fund_contribution::Entity::find()
        .select_only()
        .column_as(
            super::sum_i64(fund_contribution::Column::AmountPence),
            "total",
        )
        .filter(fund_contribution::Column::FundId.eq(fund_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    let allocated: Option<i64> = funding_round::Entity::find()
        .select_only()
        .column_as(super::sum_i64(funding_round::Column::BudgetPence), "total")
        .filter(funding_round::Column::FundId.eq(fund_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    let committed: Option<i64> = committed_awards()
        .select_only()
        .column_as(super::sum_i64(award::Column::AmountPence), "total")
        .filter(funding_round::Column::FundId.eq(fund_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    let disbursed: Option<i64> = paid_tranches()
        .select_only()
        .column_as(
            super::sum_i64((
                payment_tranche::Entity,
                payment_tranche::Column::AmountPence,
            )),
            "total",
        )
        .filter(funding_round::Column::FundId.eq(fund_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    Ok(make_figures(
        budget.as_ref(),
        allocated.as_ref(),
        committed.as_ref(),
        disbursed.as_ref(),
    ))
}

/// A round's money, in pence, from the same queries as [`FundFigures`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoundFigures {
    /// The round's budget.
    pub budget: i64,
    /// Awarded from it: offers made, accepted, active or completed.
    pub committed: i64,
    /// Paid out: the sum of its awards' paid tranches.
    pub disbursed: i64,
    /// Budget not yet committed.
    pub remaining: i64,
}

/// One round's figures: one query per figure.
pub async fn round_figures<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<RoundFigures, AppError> {
    let budget: i64 = funding_round::Entity::find_by_id(round_id)
        .select_only()
        .column(funding_round::Column::BudgetPence)
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let committed: i64 = committed_awards()
        .select_only()
        .column_as(super::sum_i64(award::Column::AmountPence), "total")
        .filter(award::Column::RoundId.eq(round_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten()
        .unwrap_or(0);
    let disbursed: i64 = paid_tranches()
        .select_only()
        .column_as(
            super::sum_i64((
                payment_tranche::Entity,
                payment_tranche::Column::AmountPence,
            )),
            "total",
        )
        .filter(award::Column::RoundId.eq(round_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten()
        .unwrap_or(0);
    Ok(RoundFigures {
        budget,
        committed,
        disbursed,
        remaining: budget - committed,
    })
}

/// A fund's details as typed.
#[derive(Debug, Clone, Default)]
pub struct FundInput {
    pub name: String,
    pub slug: String,
    pub description: String,
}

fn check_fund(input: &FundInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", "Enter the fund's name");
    } else if name.chars().count() > 200 {
        errors.add("name", "Name must be 200 characters or fewer");
    }
    if let Err(message) = check_slug(input.slug.trim()) {
        errors.add("slug", message);
    }
    if input.description.chars().count() > 10_000 {
        errors.add(
            "description",
            "Description must be 10,000 characters or fewer",
        );
    }
    errors
}

async fn slug_taken<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut query = fund::Entity::find().filter(fund::Column::Slug.eq(slug));
    if let Some(id) = except {
        query = query.filter(fund::Column::Id.ne(id));
    }
    Ok(query.count(conn).await? > 0)
}

/// Every fund, by name.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<fund::Model>, AppError> {
    Ok(fund::Entity::find()
        .order_by_asc(fund::Column::Name)
        .all(db)
        .await?)
}

/// A fund by its id, or 404.
pub async fn by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<fund::Model, AppError> {
    fund::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// A fund by its slug, or 404.
pub async fn by_slug<C: ConnectionTrait>(conn: &C, slug: &str) -> Result<fund::Model, AppError> {
    fund::Entity::find()
        .filter(fund::Column::Slug.eq(slug))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates a fund.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: FundInput,
) -> Result<fund::Model, AppError> {
    check_fund(&input).into_result()?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let slug = input.slug.trim().to_owned();
    if slug_taken(&txn, &slug, None).await? {
        return Err(AppError::Invalid(FieldErrors::single(
            "slug",
            "Another fund already uses this web address name",
        )));
    }
    let created = fund::ActiveModel {
        name: Set(input.name.trim().to_owned()),
        slug: Set(slug),
        description: Set(input.description.trim().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.audit(Action::FundCreated, created.id, created.name.clone())
        .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a fund's details.
pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    input: FundInput,
) -> Result<fund::Model, AppError> {
    check_fund(&input).into_result()?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let existing = fund::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let slug = input.slug.trim().to_owned();
    if slug_taken(&txn, &slug, Some(id)).await? {
        return Err(AppError::Invalid(FieldErrors::single(
            "slug",
            "Another fund already uses this web address name",
        )));
    }
    let mut change: fund::ActiveModel = existing.into();
    change.name = Set(input.name.trim().to_owned());
    change.slug = Set(slug);
    change.description = Set(input.description.trim().to_owned());
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    txn.audit(Action::FundUpdated, id, updated.name.clone())
        .await?;
    txn.commit().await?;
    Ok(updated)
}

/// A fund's contributions, largest first.
pub async fn contributions<C: ConnectionTrait>(
    conn: &C,
    fund_id: i32,
) -> Result<Vec<fund_contribution::Model>, AppError> {
    Ok(fund_contribution::Entity::find()
        .filter(fund_contribution::Column::FundId.eq(fund_id))
        .order_by_desc(fund_contribution::Column::AmountPence)
        .order_by_asc(fund_contribution::Column::Id)
        .all(conn)
        .await?)
}

/// A partner's contribution as typed.
#[derive(Debug, Clone, Default)]
pub struct ContributionInput {
    pub partner_name: String,
    pub partner_org_id: String,
    pub amount: String,
}

fn check_contribution(
    input: &ContributionInput,
) -> Result<(String, Option<String>, i64), AppError> {
    let mut errors = FieldErrors::new();
    let name = input.partner_name.trim();
    if name.is_empty() {
        errors.add("partner_name", "Enter the partner's name");
    } else if name.chars().count() > 200 {
        errors.add(
            "partner_name",
            "Partner name must be 200 characters or fewer",
        );
    }
    let org_id = input.partner_org_id.trim();
    let org_ok = org_id.is_empty()
        || (org_id.len() <= 100
            && org_id.contains('-')
            && org_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    if !org_ok {
        errors.add(
            "partner_org_id",
            "Enter an org-id identifier, like GB-CHC-1234567 or GB-COH-01234567, or leave it blank",
        );
    }
    let amount = match Money::parse(&input.amount) {
        Ok(Money(0)) => {
            errors.add("amount", "Amount must be more than £0");
            0
        }
        Ok(Money(pence)) => pence,
        Err(message) => {
            errors.add("amount", message);
            0
        }
    };
    errors.into_result()?;
    Ok((
        name.to_owned(),
        (!org_id.is_empty()).then(|| org_id.to_owned()),
        amount,
    ))
}

/// Refuses a change that would leave the fund's budget below what its rounds already have.
async fn check_budget_covers_rounds<C: ConnectionTrait>(
    conn: &C,
    fund_id: i32,
    field: &str,
) -> Result<(), AppError> {
    let figures = figures(conn, fund_id).await?;
    if figures.budget < figures.allocated {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            format!(
                "The fund's rounds already have {} between them: the fund's budget cannot go below that",
                Money(figures.allocated)
            ),
        )));
    }
    Ok(())
}

/// Locks the fund's row for the rest of the transaction, so that budget checks on it
/// run one at a time (PostgreSQL; SQLite's write transactions already do).
pub async fn lock<C: ConnectionTrait>(conn: &C, fund_id: i32) -> Result<fund::Model, AppError> {
    fund::Entity::find_by_id(fund_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a partner's contribution.
pub async fn add_contribution(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    fund_id: i32,
    input: ContributionInput,
) -> Result<(), AppError> {
    let (name, org_id, amount) = check_contribution(&input)?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    lock(&txn, fund_id).await?;
    fund_contribution::ActiveModel {
        fund_id: Set(fund_id),
        partner_name: Set(name.clone()),
        partner_org_id: Set(org_id),
        amount_pence: Set(amount),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("{name}: {}", Money(amount));
    txn.audit(Action::FundContributionAdded, fund_id, detail)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes a contribution; the budget must still cover the rounds.
pub async fn update_contribution(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    fund_id: i32,
    id: i32,
    input: ContributionInput,
) -> Result<(), AppError> {
    let (name, org_id, amount) = check_contribution(&input)?;
    let txn = Write::begin(db, clock, actor).await?;
    lock(&txn, fund_id).await?;
    let existing = contribution(&txn, fund_id, id).await?;
    let detail = format!(
        "{}: {} → {name}: {}",
        existing.partner_name,
        Money(existing.amount_pence),
        Money(amount)
    );
    let mut change: fund_contribution::ActiveModel = existing.into();
    change.partner_name = Set(name);
    change.partner_org_id = Set(org_id);
    change.amount_pence = Set(amount);
    change.update(&txn).await?;
    check_budget_covers_rounds(&txn, fund_id, "amount").await?;
    txn.audit(Action::FundContributionChanged, fund_id, detail)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a contribution; the budget must still cover the rounds.
pub async fn remove_contribution(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    fund_id: i32,
    id: i32,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    lock(&txn, fund_id).await?;
    let existing = contribution(&txn, fund_id, id).await?;
    let detail = format!(
        "{}: {}",
        existing.partner_name,
        Money(existing.amount_pence)
    );
    fund_contribution::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    check_budget_covers_rounds(&txn, fund_id, "contributions").await?;
    txn.audit(Action::FundContributionRemoved, fund_id, detail)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// One contribution of a fund, or 404.
pub async fn contribution<C: ConnectionTrait>(
    conn: &C,
    fund_id: i32,
    id: i32,
) -> Result<fund_contribution::Model, AppError> {
    fund_contribution::Entity::find_by_id(id)
        .filter(fund_contribution::Column::FundId.eq(fund_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}
