//! Which funded projects a page, the API, the dashboard or an export asks for: one filter,
//! one query, so that every public number is counted the same way.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use entity::{
    application, application_outcome, application_ward, award, funding_round, organisation,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationDef, Select,
};

use super::grants::{self, PublicGrant};
use crate::domain::award::{AwardStatus, AwardStatusRules};
use crate::domain::pagination::Paging;
use crate::domain::pagination::SortDir;
use crate::domain::project::{PUBLISHED, ProjectStatus};
use crate::error::AppError;
use crate::services::like_pattern;

/// Projects on one page of the directory and the API.
pub const PAGE_SIZE: u64 = 20;

/// Which funded projects; `None` and blank mean all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GrantFilter {
    pub ward_id: Option<i32>,
    pub outcome_id: Option<i32>,
    pub fund_id: Option<i32>,
    pub round_id: Option<i32>,
    /// The calendar year of the award, in the council's time zone.
    pub year: Option<i32>,
    pub status: Option<ProjectStatus>,
    /// Part of the title, summary or organisation name, in any case.
    pub q: String,
    /// Awards made from and to these days (inclusive), in the council's time zone.
    pub awarded_from: Option<NaiveDate>,
    pub awarded_to: Option<NaiveDate>,
}

/// What the directory can be sorted by: a whitelist, since it comes from the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProjectSort {
    #[default]
    Awarded,
    Amount,
    Title,
    Organisation,
}

impl ProjectSort {
    /// Every key, in the order the sort menu lists them.
    pub const ALL: [ProjectSort; 4] = [
        ProjectSort::Awarded,
        ProjectSort::Amount,
        ProjectSort::Title,
        ProjectSort::Organisation,
    ];

    /// Reads the `sort` parameter.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value.trim())
    }

    /// The `sort` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectSort::Awarded => "awarded",
            ProjectSort::Amount => "amount",
            ProjectSort::Title => "title",
            ProjectSort::Organisation => "organisation",
        }
    }

    /// The key in words.
    pub fn label(self) -> &'static str {
        match self {
            ProjectSort::Awarded => "Date awarded",
            ProjectSort::Amount => "Amount",
            ProjectSort::Title => "Project title",
            ProjectSort::Organisation => "Organisation",
        }
    }

    /// The way a reader expects this key sorted when they do not say.
    pub fn natural_dir(self) -> SortDir {
        match self {
            ProjectSort::Awarded | ProjectSort::Amount => SortDir::Desc,
            ProjectSort::Title | ProjectSort::Organisation => SortDir::Asc,
        }
    }
}

/// One page of funded projects.
#[derive(Debug, Clone)]
pub struct ProjectPage {
    pub paging: Paging,
    pub grants: Vec<PublicGrant>,
}

fn application_of_award() -> RelationDef {
    award::Entity::belongs_to(application::Entity)
        .from(award::Column::ApplicationId)
        .to(application::Column::Id)
        .into()
}

fn organisation_of_application() -> RelationDef {
    application::Entity::belongs_to(organisation::Entity)
        .from(application::Column::OrganisationId)
        .to(organisation::Column::Id)
        .into()
}

fn lower_like(column: Expr, pattern: &str) -> Expr {
    Expr::expr(Func::lower(column)).like(LikeExpr::new(pattern).escape('\\'))
}

/// The start of a council day, in UTC.
fn start_of(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        // Midnight never falls in a gap in the UK; elsewhere, an hour's slack is harmless.
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// The published awards `filter` picks, joined to their applications and organisations.
pub fn select(filter: &GrantFilter, tz: Tz) -> Select<award::Entity> {
    select_any_status(filter, tz)
        .filter(award::Column::Status.is_in(statuses(filter).iter().map(|s| s.as_str())))
}

/// How many published awards `filter` picks.
pub async fn count<C: ConnectionTrait>(
    conn: &C,
    filter: &GrantFilter,
    tz: Tz,
) -> Result<u64, AppError> {
    Ok(select(filter, tz).count(conn).await?)
}

/// The award statuses `filter` picks.
fn statuses(filter: &GrantFilter) -> &'static [AwardStatus] {
    match filter.status {
        Some(status) => status.award_statuses(),
        None => PUBLISHED,
    }
}

/// [`select`] but for the award's status, which the caller checks.
fn select_any_status(filter: &GrantFilter, tz: Tz) -> Select<award::Entity> {
    let mut query = award::Entity::find()
        .join(JoinType::InnerJoin, application_of_award())
        .join(JoinType::InnerJoin, organisation_of_application())
        .filter(application::Column::Reference.is_not_null());
    if let Some(round_id) = filter.round_id {
        query = query.filter(award::Column::RoundId.eq(round_id));
    }
    if let Some(fund_id) = filter.fund_id {
        query = query.filter(
            award::Column::RoundId.in_subquery(
                Query::select()
                    .column(funding_round::Column::Id)
                    .from(funding_round::Entity)
                    .and_where(funding_round::Column::FundId.eq(fund_id))
                    .to_owned(),
            ),
        );
    }
    if let Some(ward_id) = filter.ward_id {
        query = query.filter(
            award::Column::ApplicationId.in_subquery(
                Query::select()
                    .column(application_ward::Column::ApplicationId)
                    .from(application_ward::Entity)
                    .and_where(application_ward::Column::WardId.eq(ward_id))
                    .to_owned(),
            ),
        );
    }
    if let Some(outcome_id) = filter.outcome_id {
        query = query.filter(
            award::Column::ApplicationId.in_subquery(
                Query::select()
                    .column(application_outcome::Column::ApplicationId)
                    .from(application_outcome::Entity)
                    .and_where(application_outcome::Column::OutcomeId.eq(outcome_id))
                    .to_owned(),
            ),
        );
    }
    let mut from = filter.awarded_from;
    let mut to = filter.awarded_to;
    if let Some(year) = filter.year {
        let first = NaiveDate::from_ymd_opt(year, 1, 1);
        let last = NaiveDate::from_ymd_opt(year, 12, 31);
        from = Ord::max(from, first);
        to = match (to, last) {
            (Some(a), Some(b)) => Some(Ord::min(a, b)),
            (a, b) => a.or(b),
        };
    }
    if let Some(from) = from {
        query = query.filter(award::Column::OfferedAt.gte(start_of(from, tz)));
    }
    if let Some(next) = to.and_then(|d| d.succ_opt()) {
        query = query.filter(award::Column::OfferedAt.lt(start_of(next, tz)));
    }
    if !filter.q.trim().is_empty() {
        let pattern = like_pattern(&filter.q);
        query = query.filter(
            Condition::any()
                .add(lower_like(
                    Expr::col((application::Entity, application::Column::Title)),
                    &pattern,
                ))
                .add(lower_like(
                    Expr::col((application::Entity, application::Column::Summary)),
                    &pattern,
                ))
                .add(lower_like(
                    Expr::col((organisation::Entity, organisation::Column::Name)),
                    &pattern,
                )),
        );
    }
    query
}

/// `query` sorted by `sort` and `dir`, ties broken by award id so that paging never
/// repeats or skips a project.
fn sorted(query: Select<award::Entity>, sort: ProjectSort, dir: SortDir) -> Select<award::Entity> {
    let order = sea_orm::Order::from(dir);
    let lower = |column: Expr| Expr::expr(Func::lower(column));
    let query = match sort {
        ProjectSort::Awarded => query.order_by(award::Column::OfferedAt, order),
        ProjectSort::Amount => query.order_by(award::Column::AmountPence, order),
        ProjectSort::Title => query.order_by(
            lower(Expr::col((application::Entity, application::Column::Title))),
            order,
        ),
        ProjectSort::Organisation => query.order_by(
            lower(Expr::col((
                organisation::Entity,
                organisation::Column::Name,
            ))),
            order,
        ),
    };
    query.order_by_asc(award::Column::Id)
}

/// The award ids of every project `filter` picks, in the directory's order.
pub async fn ordered_ids<C: ConnectionTrait>(
    conn: &C,
    filter: &GrantFilter,
    sort: ProjectSort,
    dir: SortDir,
    tz: Tz,
) -> Result<Vec<i32>, AppError> {
    Ok(sorted(select(filter, tz), sort, dir)
        .select_only()
        .column(award::Column::Id)
        .into_tuple()
        .all(conn)
        .await?)
}

/// One page of the directory, given the award ids of the whole list in order (the
/// published cache keeps that order, so a deep page costs no more than the first);
/// the page is clamped into range.
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    order: &[i32],
    requested_page: Option<u64>,
    tz: Tz,
) -> Result<ProjectPage, AppError> {
    let paging = Paging::new(requested_page, PAGE_SIZE, order.len() as u64);
    let start = usize::try_from(paging.offset())
        .unwrap_or(usize::MAX)
        .min(order.len());
    let end = start
        .saturating_add(usize::try_from(paging.size).unwrap_or(usize::MAX))
        .min(order.len());
    let ids = &order[start..end];
    let rank: HashMap<i32, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut awards = award::Entity::find()
        .filter(award::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    awards.sort_by_key(|a| rank.get(&a.id).copied().unwrap_or(usize::MAX));
    Ok(ProjectPage {
        paging,
        grants: grants::load(conn, awards, tz).await?,
    })
}

/// A batch of projects from a walk through award ids.
#[derive(Debug, Clone)]
pub struct Batch {
    pub grants: Vec<PublicGrant>,
    /// Where the next batch starts (after this award id); `None` when the walk is over.
    pub next: Option<i32>,
}

/// The projects `filter` picks among the next `limit` awards after award `after` (by award
/// id), for walking the whole set a batch at a time without holding it in memory. The walk
/// follows the primary key and checks the award's status here, not in SQL: most awards are
/// published, and a database that used the status index would sort every published award
/// for each batch.
pub async fn batch_after<C: ConnectionTrait>(
    conn: &C,
    filter: &GrantFilter,
    after: i32,
    limit: u64,
    tz: Tz,
) -> Result<Batch, AppError> {
    let awards = select_any_status(filter, tz)
        .filter(award::Column::Id.gt(after))
        .order_by_asc(award::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let next = (awards.len() as u64 >= Ord::max(limit, 1))
        .then(|| awards.last().map(|a| a.id))
        .flatten();
    let wanted = statuses(filter);
    let awards = awards
        .into_iter()
        .filter(|a| wanted.contains(&a.status))
        .collect();
    Ok(Batch {
        grants: grants::load(conn, awards, tz).await?,
        next,
    })
}

/// One project by its application reference.
pub async fn by_reference<C: ConnectionTrait>(
    conn: &C,
    reference: &str,
    tz: Tz,
) -> Result<Option<PublicGrant>, AppError> {
    let awards = select(&GrantFilter::default(), tz)
        .filter(application::Column::Reference.eq(reference.trim()))
        .all(conn)
        .await?;
    Ok(grants::load(conn, awards, tz).await?.into_iter().next())
}
