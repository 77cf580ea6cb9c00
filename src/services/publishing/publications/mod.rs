//! Published reports that officers compose, e.g. a fund's annual report: details, state,
//! and the optimistic version check every change goes through. The parts (sections,
//! projects, case studies) are in [`items`]; what a reader sees is put together in
//! [`compose`].
//!
//! Every change takes the report's row lock, checks the version the officer's form was
//! drawn from, bumps it, and writes its audit event, all in one transaction: two officers
//! editing the same report never silently overwrite each other.

pub mod compose;
pub mod items;

use entity::{fund, publication};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::clock::Clock;
use crate::db::is_duplicate;
use crate::domain::deal::check_text;
use crate::domain::fields::FieldErrors;
use crate::domain::pagination::Paging;
use crate::domain::publication::{Period, PublicationStatus, PublicationStatusRules};
use crate::domain::text::check_slug;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::write::Write;

/// Reports on one page of the officers' list and the public list.
pub const PAGE_SIZE: u64 = 20;

/// The field a refused change is reported on when the report moved on meanwhile.
pub const STALE_FIELD: &str = "version";

/// What an officer is told when their form was drawn from an older version.
pub const STALE_MESSAGE: &str = "Someone else changed this report while you were working on it. \
     Nothing was saved: check the report as it is now and make your change again.";

const SLUG_TAKEN: &str = "Another published report already uses this web address name";

fn stale() -> AppError {
    AppError::Invalid(FieldErrors::single(STALE_FIELD, STALE_MESSAGE))
}

/// Report `id`, or 404.
pub async fn by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<publication::Model, AppError> {
    publication::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The published report at `slug`; drafts and unknown slugs are 404 alike.
pub async fn published_by_slug<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
) -> Result<publication::Model, AppError> {
    publication::Entity::find()
        .filter(publication::Column::Slug.eq(slug.trim()))
        .filter(publication::Column::Status.eq(PublicationStatus::Published))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// One page of every report, drafts included, most recently changed first.
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    requested: Option<u64>,
) -> Result<(Vec<publication::Model>, Paging), AppError> {
    let total = publication::Entity::find().count(conn).await?;
    let paging = Paging::new(requested, PAGE_SIZE, total);
    let rows = publication::Entity::find()
        .order_by_desc(publication::Column::UpdatedAt)
        .order_by_desc(publication::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(conn)
        .await?;
    Ok((rows, paging))
}

/// One page of the published reports, newest first.
pub async fn published_page<C: ConnectionTrait>(
    conn: &C,
    requested: Option<u64>,
) -> Result<(Vec<publication::Model>, Paging), AppError> {
    let published = || {
        publication::Entity::find()
            .filter(publication::Column::Status.eq(PublicationStatus::Published))
    };
    let total = published().count(conn).await?;
    let paging = Paging::new(requested, PAGE_SIZE, total);
    let rows = published()
        .order_by_desc(publication::Column::PublishedAt)
        .order_by_desc(publication::Column::Id)
        .offset(paging.offset())
        .limit(paging.size)
        .all(conn)
        .await?;
    Ok((rows, paging))
}

/// A report's details as typed.
#[derive(Debug, Clone, Default)]
pub struct DetailsInput {
    pub title: String,
    pub slug: String,
    pub introduction: String,
    pub period_start: String,
    pub period_end: String,
    /// A fund's id, or blank for every fund.
    pub fund: String,
}

/// The details, checked.
struct Details {
    title: String,
    slug: String,
    introduction: String,
    period: Period,
    fund_id: Option<i32>,
}

async fn check_details<C: ConnectionTrait>(
    conn: &C,
    input: &DetailsInput,
) -> Result<Details, AppError> {
    let mut errors = FieldErrors::new();
    let title = check_text(&input.title, "Title", 200, Some("Enter the report's title"))
        .unwrap_or_else(|m| {
            errors.add("title", m);
            String::new()
        });
    let slug = input.slug.trim().to_owned();
    if let Err(message) = check_slug(&slug) {
        errors.add("slug", message);
    }
    let introduction = check_text(&input.introduction, "Introduction", 20_000, None)
        .unwrap_or_else(|m| {
            errors.add("introduction", m);
            String::new()
        });
    let period = Period::parse(&input.period_start, &input.period_end)
        .map_err(|e| {
            for (field, message) in e.0 {
                errors.add(&field, message);
            }
        })
        .ok();
    let fund_id = match input.fund.trim() {
        "" => None,
        text => {
            let id = text.parse::<i32>().ok();
            let known = match id {
                Some(id) => fund::Entity::find_by_id(id).one(conn).await?.is_some(),
                None => false,
            };
            if !known {
                errors.add("fund", "Choose a fund from the list, or every fund");
            }
            id
        }
    };
    errors.into_result()?;
    let Some(period) = period else {
        return Err(AppError::Internal("a period without errors".into()));
    };
    Ok(Details {
        title,
        slug,
        introduction,
        period,
        fund_id,
    })
}

async fn slug_taken<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut query = publication::Entity::find().filter(publication::Column::Slug.eq(slug));
    if let Some(id) = except {
        query = query.filter(publication::Column::Id.ne(id));
    }
    Ok(query.count(conn).await? > 0)
}

fn slug_error() -> AppError {
    AppError::Invalid(FieldErrors::single("slug", SLUG_TAKEN))
}

/// Starts a draft report.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    input: DetailsInput,
) -> Result<publication::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let details = check_details(&txn, &input).await?;
    if slug_taken(&txn, &details.slug, None).await? {
        return Err(slug_error());
    }
    let inserted = publication::ActiveModel {
        slug: Set(details.slug),
        title: Set(details.title),
        introduction: Set(details.introduction),
        period_start: Set(details.period.start),
        period_end: Set(details.period.end),
        fund_id: Set(details.fund_id),
        status: Set(PublicationStatus::Draft),
        version: Set(1),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match inserted {
        Ok(created) => created,
        // Two officers taking the same slug at the same moment on PostgreSQL.
        Err(e) if is_duplicate(&e) => return Err(slug_error()),
        Err(e) => return Err(e.into()),
    };
    let detail = format!(
        "title \"{}\"; {} to {}",
        created.title, created.period_start, created.period_end
    );
    txn.audit(Action::PublicationCreated, created.id, detail)
        .await?;
    txn.commit().await?;
    Ok(created)
}

/// Locks report `id` for a change and checks it is still at `seen_version`.
pub(crate) async fn lock_at(
    txn: &Write<'_>,
    id: i32,
    seen_version: i32,
) -> Result<publication::Model, AppError> {
    let found = publication::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != seen_version {
        return Err(stale());
    }
    Ok(found)
}

/// Moves report `id` on from `seen_version` after a change to it or its parts.
pub(crate) async fn bump(
    txn: &Write<'_>,
    id: i32,
    seen_version: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use publication::Column as C;
    let result = publication::Entity::update_many()
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(seen_version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(stale());
    }
    Ok(())
}

/// Changes a report's details, if nobody changed the report since `seen_version`.
pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    input: DetailsInput,
) -> Result<publication::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let existing = lock_at(&txn, id, seen_version).await?;
    let details = check_details(&txn, &input).await?;
    if slug_taken(&txn, &details.slug, Some(id)).await? {
        return Err(slug_error());
    }
    let fund_text = |f: Option<i32>| f.map_or_else(|| "every fund".to_owned(), |f| f.to_string());
    let detail = format::changes(&[
        ("title", &existing.title, &details.title),
        ("slug", &existing.slug, &details.slug),
        (
            "introduction",
            &existing.introduction,
            &details.introduction,
        ),
        (
            "period_start",
            &existing.period_start.to_string(),
            &details.period.start.to_string(),
        ),
        (
            "period_end",
            &existing.period_end.to_string(),
            &details.period.end.to_string(),
        ),
        (
            "fund",
            &fund_text(existing.fund_id),
            &fund_text(details.fund_id),
        ),
    ]);
    let mut change: publication::ActiveModel = existing.into();
    change.title = Set(details.title);
    change.slug = Set(details.slug);
    change.introduction = Set(details.introduction);
    change.period_start = Set(details.period.start);
    change.period_end = Set(details.period.end);
    change.fund_id = Set(details.fund_id);
    match change.update(&txn).await {
        Ok(_) => {}
        Err(e) if is_duplicate(&e) => return Err(slug_error()),
        Err(e) => return Err(e.into()),
    }
    bump(&txn, id, seen_version, now).await?;
    txn.audit(Action::PublicationUpdated, id, detail).await?;
    let saved = by_id(&txn, id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes report `id` (`publish`) or takes it back to draft, if nobody changed it since
/// `seen_version`. Refusals are on [`STALE_FIELD`].
pub async fn set_published(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    publish: bool,
) -> Result<publication::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let existing = lock_at(&txn, id, seen_version).await?;
    let from = existing.status;
    let Some(to) = from.moved(publish) else {
        let message = if publish {
            "This report is already published. Nothing was changed."
        } else {
            "This report is a draft already. Nothing was changed."
        };
        return Err(AppError::Invalid(FieldErrors::single(STALE_FIELD, message)));
    };
    let mut change: publication::ActiveModel = existing.into();
    change.status = Set(to);
    change.published_at = Set(publish.then_some(now));
    change.update(&txn).await?;
    bump(&txn, id, seen_version, now).await?;
    let action = if publish {
        Action::PublicationPublished
    } else {
        Action::PublicationUnpublished
    };
    let detail = format!("{} → {}", from.as_str(), to.as_str());
    txn.audit(action, id, detail).await?;
    let saved = by_id(&txn, id).await?;
    txn.commit().await?;
    Ok(saved)
}
