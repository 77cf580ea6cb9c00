//! A round's applications as officers list them: filtered by status and ward,
//! searched, sorted and paged, with counts by status. Organisations and wards are
//! loaded in one query each and joined here, never one query per row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{application, application_ward, organisation, ward};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, Select,
};

use super::received;
use crate::domain::application::{ALL, Status, StatusRules};
use crate::domain::pagination::Paging;
use crate::domain::pagination::SortDir;
use crate::error::AppError;
use crate::services::like_pattern;

/// Applications on one page of the list.
pub const PAGE_SIZE: u64 = 25;

/// What the list can be sorted by: a whitelist, since it comes from the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Reference,
    Submitted,
    Amount,
    Organisation,
}

impl SortKey {
    /// Every key, in the order the table's columns show them.
    pub const ALL: [SortKey; 4] = [
        SortKey::Reference,
        SortKey::Organisation,
        SortKey::Amount,
        SortKey::Submitted,
    ];

    /// Reads the `sort` parameter.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value.trim())
    }

    /// The `sort` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Reference => "reference",
            SortKey::Submitted => "submitted",
            SortKey::Amount => "amount",
            SortKey::Organisation => "organisation",
        }
    }
}

/// What the list shows; `None` and blank mean everything.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<Status>,
    pub ward_id: Option<i32>,
    /// Part of a reference, title or organisation name, in any case.
    pub q: String,
    pub sort: SortKey,
    pub dir: SortDir,
}

/// One application as the list shows it.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: i32,
    pub reference: String,
    pub organisation: String,
    pub title: String,
    pub requested_pence: i64,
    /// Ward names, in alphabetical order.
    pub wards: Vec<String>,
    pub status: Status,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// How many of the round's applications are in each state.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Statuses with at least one application, in the usual order.
    pub by_status: Vec<(Status, u64)>,
    /// Every application the council has received.
    pub total: u64,
    /// Drafts not yet submitted: counted, never listed.
    pub drafts: u64,
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

fn filtered(round_id: i32, filter: &ListFilter) -> Select<application::Entity> {
    let mut query = received()
        .filter(application::Column::RoundId.eq(round_id))
        .join(JoinType::InnerJoin, organisation_of_application());
    if let Some(status) = filter.status {
        query = query.filter(application::Column::Status.eq(status));
    }
    if let Some(ward_id) = filter.ward_id {
        query = query.filter(
            application::Column::Id.in_subquery(
                Query::select()
                    .column(application_ward::Column::ApplicationId)
                    .from(application_ward::Entity)
                    .and_where(application_ward::Column::WardId.eq(ward_id))
                    .to_owned(),
            ),
        );
    }
    if !filter.q.trim().is_empty() {
        let pattern = like_pattern(&filter.q);
        query = query.filter(
            Condition::any()
                .add(lower_like(
                    Expr::col((application::Entity, application::Column::Reference)),
                    &pattern,
                ))
                .add(lower_like(
                    Expr::col((application::Entity, application::Column::Title)),
                    &pattern,
                ))
                .add(lower_like(
                    Expr::col((organisation::Entity, organisation::Column::Name)),
                    &pattern,
                )),
        );
    }
    let order = Order::from(filter.dir);
    query = match filter.sort {
        SortKey::Reference => query.order_by(application::Column::Reference, order),
        SortKey::Submitted => query.order_by(application::Column::SubmittedAt, order),
        SortKey::Amount => query.order_by(application::Column::RequestedPence, order),
        // Lower-cased, so that both databases put "abbey" next to "Abbey".
        SortKey::Organisation => query.order_by(
            Expr::expr(Func::lower(Expr::col((
                organisation::Entity,
                organisation::Column::Name,
            )))),
            order,
        ),
    };
    // Ties keep a stable order, so that paging never repeats or skips a row.
    query
        .order_by_asc(application::Column::Reference)
        .order_by_asc(application::Column::Id)
}

/// One page of the round's applications.
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    filter: &ListFilter,
    page: Option<u64>,
) -> Result<(Vec<ListRow>, Paging), AppError> {
    let query = filtered(round_id, filter);
    let total = query.clone().count(conn).await?;
    let paging = Paging::new(page, PAGE_SIZE, total);
    let found = query
        .offset(paging.offset())
        .limit(paging.size)
        .all(conn)
        .await?;
    Ok((rows(conn, found).await?, paging))
}

/// Every application the filter matches, in order: for the download.
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    filter: &ListFilter,
) -> Result<Vec<ListRow>, AppError> {
    let found = filtered(round_id, filter).all(conn).await?;
    rows(conn, found).await
}

/// Joins organisations and wards onto applications: three queries, however many rows.
async fn rows<C: ConnectionTrait>(
    conn: &C,
    found: Vec<application::Model>,
) -> Result<Vec<ListRow>, AppError> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let organisation_ids: Vec<i32> = found.iter().map(|a| a.organisation_id).collect();
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let links = application_ward::Entity::find()
        .filter(application_ward::Column::ApplicationId.is_in(found.iter().map(|a| a.id)))
        .all(conn)
        .await?;
    let ward_names: HashMap<i32, String> = if links.is_empty() {
        HashMap::new()
    } else {
        ward::Entity::find()
            .filter(ward::Column::Id.is_in(links.iter().map(|l| l.ward_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|w| (w.id, w.name))
            .collect()
    };
    let mut wards_of: HashMap<i32, Vec<String>> = HashMap::new();
    for link in links {
        if let Some(name) = ward_names.get(&link.ward_id) {
            wards_of
                .entry(link.application_id)
                .or_default()
                .push(name.clone());
        }
    }
    found
        .into_iter()
        .map(|a| {
            let mut wards = wards_of.remove(&a.id).unwrap_or_default();
            wards.sort();
            Ok(ListRow {
                status: a.status,
                organisation: organisations
                    .get(&a.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                wards,
                id: a.id,
                reference: a.reference.unwrap_or_default(),
                title: a.title,
                requested_pence: a.requested_pence,
                submitted_at: a.submitted_at,
            })
        })
        .collect()
}

/// The round's applications counted by status, and its drafts.
pub async fn counts<C: ConnectionTrait>(conn: &C, round_id: i32) -> Result<Counts, AppError> {
    let grouped: Vec<(String, i64)> = received()
        .filter(application::Column::RoundId.eq(round_id))
        .select_only()
        .column(application::Column::Status)
        .column_as(
            Expr::col((application::Entity, application::Column::Id)).count(),
            "n",
        )
        .group_by(application::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let stored: HashMap<String, u64> = grouped
        .into_iter()
        .map(|(status, n)| (status, u64::try_from(n).unwrap_or(0)))
        .collect();
    let by_status: Vec<(Status, u64)> = ALL
        .iter()
        .filter_map(|s| stored.get(s.as_str()).map(|n| (*s, *n)))
        .collect();
    let drafts = application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .filter(application::Column::Status.eq(Status::Draft))
        .count(conn)
        .await?;
    Ok(Counts {
        total: stored.values().sum(),
        by_status,
        drafts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whitelisted_sorts_and_directions_are_read() {
        assert_eq!(SortKey::parse("amount"), Some(SortKey::Amount));
        assert_eq!(SortKey::parse("organisation"), Some(SortKey::Organisation));
        assert_eq!(SortKey::parse("title; DROP TABLE application"), None);
        assert_eq!(SortDir::parse("desc"), Some(SortDir::Desc));
        assert_eq!(SortDir::parse("DESC"), None);
        assert_eq!(SortDir::Asc.flip(), SortDir::Desc);
        for key in SortKey::ALL {
            assert_eq!(SortKey::parse(key.as_str()), Some(key));
        }
    }
}
