//! The officers' side: reports across all awards by state, one report in full, and
//! accepting it or asking for changes (each one transaction with its audit event).

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{application, award, monitoring_report, organisation};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};

use super::STALE_MESSAGE;
use super::applicant::{Detail, detail_of};
use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::domain::pagination::Paging;
use crate::domain::report::{self, ReportEvent, ReportStatus, ReportStatusRules};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// The tabs of the officers' list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Everything, soonest due first.
    #[default]
    All,
    /// Due and not yet late.
    Due,
    /// Due or sent back, and past the due date.
    Overdue,
    Submitted,
    ChangesRequested,
    Accepted,
}

/// Every tab, in the order shown.
pub const TABS: &[Tab] = &[
    Tab::All,
    Tab::Due,
    Tab::Overdue,
    Tab::Submitted,
    Tab::ChangesRequested,
    Tab::Accepted,
];

impl Tab {
    /// The tab's value in the address.
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::All => "",
            Tab::Due => "due",
            Tab::Overdue => "overdue",
            Tab::Submitted => "submitted",
            Tab::ChangesRequested => "changes_requested",
            Tab::Accepted => "accepted",
        }
    }

    /// The tab from the address; unknown values show everything.
    pub fn parse(value: &str) -> Self {
        TABS.iter()
            .copied()
            .find(|t| t.as_str() == value)
            .unwrap_or_default()
    }

    /// The tab in words.
    pub fn label(self) -> &'static str {
        match self {
            Tab::All => "All",
            Tab::Due => "Due",
            Tab::Overdue => "Overdue",
            Tab::Submitted => "Submitted",
            Tab::ChangesRequested => "Changes requested",
            Tab::Accepted => "Accepted",
        }
    }

    fn query(self, today: NaiveDate) -> Select<monitoring_report::Entity> {
        use monitoring_report::Column as C;
        let query = monitoring_report::Entity::find();
        let open = Condition::all()
            .add(C::Status.is_in(report::OPEN.iter().copied()))
            .add(C::DueDate.lt(today));
        match self {
            Tab::All => query,
            Tab::Due => query
                .filter(C::Status.eq(ReportStatus::Due))
                .filter(C::DueDate.gte(today)),
            Tab::Overdue => query.filter(open),
            Tab::Submitted => query.filter(C::Status.eq(ReportStatus::Submitted)),
            Tab::ChangesRequested => query.filter(C::Status.eq(ReportStatus::ChangesRequested)),
            Tab::Accepted => query.filter(C::Status.eq(ReportStatus::Accepted)),
        }
    }
}

/// One line of the officers' list.
#[derive(Debug, Clone)]
pub struct Row {
    pub report: monitoring_report::Model,
    pub reference: String,
    pub title: String,
    pub organisation: String,
    pub award_pence: i64,
}

/// How many reports each tab holds.
pub async fn counts<C: ConnectionTrait>(
    conn: &C,
    today: NaiveDate,
) -> Result<Vec<(Tab, u64)>, AppError> {
    let mut out = Vec::with_capacity(TABS.len());
    for tab in TABS {
        out.push((*tab, tab.query(today).count(conn).await?));
    }
    Ok(out)
}

/// One page of a tab, soonest due first, with each report's application and group:
/// four queries however long the page.
pub async fn page(
    db: &DatabaseConnection,
    tab: Tab,
    today: NaiveDate,
    page: Option<u64>,
) -> Result<(Vec<Row>, Paging), AppError> {
    use monitoring_report::Column as C;
    let total = tab.query(today).count(db).await?;
    let paging = Paging::new(page, 25, total);
    let reports = tab
        .query(today)
        .order_by_asc(C::DueDate)
        .order_by_asc(C::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(db)
        .await?;
    let awards: HashMap<i32, award::Model> = award::Entity::find()
        .filter(award::Column::Id.is_in(reports.iter().map(|r| r.award_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let apps: HashMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(awards.values().map(|a| a.application_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(apps.values().map(|a| a.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let rows = reports
        .into_iter()
        .filter_map(|report| {
            let award = awards.get(&report.award_id)?;
            let app = apps.get(&award.application_id)?;
            Some(Row {
                reference: app.reference.clone().unwrap_or_default(),
                title: app.title.clone(),
                organisation: organisations
                    .get(&app.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                award_pence: award.amount_pence,
                report,
            })
        })
        .collect();
    Ok((rows, paging))
}

/// Report `id` in full, for officers.
pub async fn detail<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Detail, AppError> {
    let report = monitoring_report::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let award = award::Entity::find_by_id(report.award_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let app = application::Entity::find_by_id(award.application_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    detail_of(conn, app, award, report).await
}

/// An officer's verdict on a submitted report.
#[derive(Debug, Clone)]
pub enum Verdict {
    Accept,
    /// Send it back with a message saying what to change.
    RequestChanges(String),
}

/// The longest message an officer may send back.
const MAX_MESSAGE: usize = 5_000;

/// Accepts report `id`, or sends it back, if it is still at `seen_version` and the
/// move is allowed. Refusals are field errors on `review` (or `message`).
pub async fn decide(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    verdict: &Verdict,
) -> Result<ReportStatus, AppError> {
    let now = clock.now();
    let (event, action, message) = match verdict {
        Verdict::Accept => (ReportEvent::Accept, Action::ReportAccepted, None),
        Verdict::RequestChanges(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Err(AppError::Invalid(FieldErrors::single(
                    "message",
                    "Enter what the group needs to change",
                )));
            }
            if text.chars().count() > MAX_MESSAGE {
                return Err(AppError::Invalid(FieldErrors::single(
                    "message",
                    format!("Keep the message to {MAX_MESSAGE} characters or fewer"),
                )));
            }
            (
                ReportEvent::RequestChanges,
                Action::ReportChangesRequested,
                Some(text.to_owned()),
            )
        }
    };
    let txn = Write::begin_at(db, now, actor).await?;
    let found = monitoring_report::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != seen_version {
        return Err(AppError::Invalid(FieldErrors::single(
            "review",
            STALE_MESSAGE,
        )));
    }
    let from = found.status;
    let to = report::next(from, event).ok_or_else(|| {
        let wording = match verdict {
            Verdict::Accept => "accepted",
            Verdict::RequestChanges(_) => "sent back for changes",
        };
        AppError::Invalid(FieldErrors::single(
            "review",
            format!(
                "This report is “{}”, so it cannot be {wording}. Nothing was changed.",
                from.label()
            ),
        ))
    })?;
    use monitoring_report::Column as C;
    let mut update = monitoring_report::Entity::update_many()
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::Status, Expr::value(to.as_str()))
        .col_expr(C::ReviewedAt, Expr::value(Some(now)))
        .col_expr(C::ReviewedBy, Expr::value(actor.id))
        .col_expr(C::UpdatedAt, Expr::value(now));
    if let Some(text) = &message {
        update = update.col_expr(C::OfficerMessage, Expr::value(Some(text.clone())));
    }
    let result = update
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(seen_version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Invalid(FieldErrors::single(
            "review",
            STALE_MESSAGE,
        )));
    }
    let detail = match &message {
        Some(text) => format!("{} → {}: {text}", from.as_str(), to.as_str()),
        None => format!("{} → {}", from.as_str(), to.as_str()),
    };
    txn.audit(action, id, detail).await?;
    txn.commit().await?;
    Ok(to)
}
