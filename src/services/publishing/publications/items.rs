//! The parts of a published report, each an ordered list: sections of text, chosen funded
//! projects and chosen case studies. Every change checks and bumps the report's version.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entity::{
    application, award, monitoring_report, publication_case_study, publication_project,
    publication_section,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{bump, lock_at};
use crate::clock::Clock;
use crate::db::WriteTransaction;
use crate::db::begin_write;
use crate::domain::deal::check_text;
use crate::domain::ordering::{Direction, move_one};
use crate::error::{AppError, FieldErrors};
use crate::services::audit::{self, Actor};
use crate::services::editing::{describe_changes, is_duplicate, write_positions};
use crate::services::publishing::grants;
use crate::services::publishing::query::{self, GrantFilter};

/// Which list of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Sections,
    Projects,
    CaseStudies,
}

impl Part {
    /// The path segment of the list's page.
    pub fn path(self) -> &'static str {
        match self {
            Part::Sections => "sections",
            Part::Projects => "projects",
            Part::CaseStudies => "case-studies",
        }
    }

    /// One item, in words.
    pub fn noun(self) -> &'static str {
        match self {
            Part::Sections => "section",
            Part::Projects => "project",
            Part::CaseStudies => "case study",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Part::Sections => "section",
            Part::Projects => "project",
            Part::CaseStudies => "case_study",
        }
    }
}

/// One change to a report: lock and check, then the caller's writes, then the bump and
/// the audit event, all in one transaction.
async fn record(
    txn: &WriteTransaction,
    now: DateTime<Utc>,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    action: String,
    detail: String,
) -> Result<(), AppError> {
    bump(txn, id, seen_version, now).await?;
    audit::record(txn, now, actor, &action, "publication", id, detail).await
}

/// The `(id, position)` of a list's items, in order, locked for a reorder.
async fn order_of(
    txn: &WriteTransaction,
    part: Part,
    id: i32,
) -> Result<Vec<(i32, i32)>, AppError> {
    Ok(match part {
        Part::Sections => {
            use publication_section::Column as C;
            publication_section::Entity::find()
                .select_only()
                .column(C::Id)
                .column(C::Position)
                .filter(C::PublicationId.eq(id))
                .order_by_asc(C::Position)
                .order_by_asc(C::Id)
                .lock_exclusive()
                .into_tuple()
                .all(txn)
                .await?
        }
        Part::Projects => {
            use publication_project::Column as C;
            publication_project::Entity::find()
                .select_only()
                .column(C::Id)
                .column(C::Position)
                .filter(C::PublicationId.eq(id))
                .order_by_asc(C::Position)
                .order_by_asc(C::Id)
                .lock_exclusive()
                .into_tuple()
                .all(txn)
                .await?
        }
        Part::CaseStudies => {
            use publication_case_study::Column as C;
            publication_case_study::Entity::find()
                .select_only()
                .column(C::Id)
                .column(C::Position)
                .filter(C::PublicationId.eq(id))
                .order_by_asc(C::Position)
                .order_by_asc(C::Id)
                .lock_exclusive()
                .into_tuple()
                .all(txn)
                .await?
        }
    })
}

fn next_position(order: &[(i32, i32)]) -> i32 {
    order.iter().map(|(_, p)| *p).max().unwrap_or(0) + 1
}

/// A section as typed.
#[derive(Debug, Clone, Default)]
pub struct SectionInput {
    pub heading: String,
    pub body: String,
}

fn check_section(input: &SectionInput) -> Result<SectionInput, AppError> {
    let mut errors = FieldErrors::new();
    let heading = check_text(
        &input.heading,
        "Heading",
        200,
        Some("Enter the section's heading"),
    )
    .unwrap_or_else(|m| {
        errors.add("heading", m);
        String::new()
    });
    let body = check_text(
        &input.body,
        "Text",
        20_000,
        Some("Enter the section's text"),
    )
    .unwrap_or_else(|m| {
        errors.add("body", m);
        String::new()
    });
    errors.into_result()?;
    Ok(SectionInput { heading, body })
}

/// Section `section_id` of report `id`, or 404.
pub async fn section<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    section_id: i32,
) -> Result<publication_section::Model, AppError> {
    publication_section::Entity::find_by_id(section_id)
        .filter(publication_section::Column::PublicationId.eq(id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Report `id`'s sections, in order.
pub async fn sections<C: ConnectionTrait>(
    conn: &C,
    id: i32,
) -> Result<Vec<publication_section::Model>, AppError> {
    Ok(publication_section::Entity::find()
        .filter(publication_section::Column::PublicationId.eq(id))
        .order_by_asc(publication_section::Column::Position)
        .order_by_asc(publication_section::Column::Id)
        .all(conn)
        .await?)
}

/// Adds a section at the end.
pub async fn add_section(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    input: SectionInput,
) -> Result<publication_section::Model, AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    lock_at(&txn, id, seen_version).await?;
    let input = check_section(&input)?;
    let order = order_of(&txn, Part::Sections, id).await?;
    let added = publication_section::ActiveModel {
        publication_id: Set(id),
        position: Set(next_position(&order)),
        heading: Set(input.heading),
        body: Set(input.body),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("heading \"{}\"", added.heading);
    record(
        &txn,
        now,
        actor,
        id,
        seen_version,
        "publication.section_added".into(),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Changes a section's heading and text.
pub async fn update_section(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    section_id: i32,
    seen_version: i32,
    input: SectionInput,
) -> Result<publication_section::Model, AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    lock_at(&txn, id, seen_version).await?;
    let existing = section(&txn, id, section_id).await?;
    let input = check_section(&input)?;
    let detail = describe_changes(&[
        ("heading", &existing.heading, &input.heading),
        ("body", &existing.body, &input.body),
    ]);
    let mut change: publication_section::ActiveModel = existing.into();
    change.heading = Set(input.heading);
    change.body = Set(input.body);
    let saved = change.update(&txn).await?;
    record(
        &txn,
        now,
        actor,
        id,
        seen_version,
        "publication.section_changed".into(),
        format!("section {section_id}: {detail}"),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Adds the funded project with this reference at the end. Only a project the public can
/// see may be chosen. Refusals are on the field `reference`.
pub async fn add_project(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    reference: &str,
    tz: Tz,
) -> Result<publication_project::Model, AppError> {
    let reference = reference.trim().to_uppercase();
    if reference.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            "reference",
            "Enter the project's grant reference, like DCF-2026-0042",
        )));
    }
    let now = clock.now();
    let txn = begin_write(db).await?;
    lock_at(&txn, id, seen_version).await?;
    let Some(grant) = query::by_reference(&txn, &reference, tz).await? else {
        return Err(AppError::Invalid(FieldErrors::single(
            "reference",
            format!(
                "There is no published project with the reference {reference}: check it on the funded projects pages"
            ),
        )));
    };
    let application_id = award::Entity::find_by_id(grant.award_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?
        .application_id;
    let already_there = || {
        AppError::Invalid(FieldErrors::single(
            "reference",
            format!("{reference} is already in this report"),
        ))
    };
    let chosen = publication_project::Entity::find()
        .filter(publication_project::Column::PublicationId.eq(id))
        .filter(publication_project::Column::ApplicationId.eq(application_id))
        .one(&txn)
        .await?;
    if chosen.is_some() {
        return Err(already_there());
    }
    let order = order_of(&txn, Part::Projects, id).await?;
    let added = match (publication_project::ActiveModel {
        publication_id: Set(id),
        application_id: Set(application_id),
        position: Set(next_position(&order)),
        ..Default::default()
    })
    .insert(&txn)
    .await
    {
        Ok(added) => added,
        Err(e) if is_duplicate(&e) => return Err(already_there()),
        Err(e) => return Err(e.into()),
    };
    record(
        &txn,
        now,
        actor,
        id,
        seen_version,
        "publication.project_added".into(),
        format!("{reference}: {}", grant.title),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Adds the case study of monitoring report `report_id` at the end. Only a case study the
/// public can see (consented, published, on a published project) may be chosen.
/// Refusals are on the field `report`.
pub async fn add_case_study(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    seen_version: i32,
    report_id: i32,
    tz: Tz,
) -> Result<publication_case_study::Model, AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    lock_at(&txn, id, seen_version).await?;
    let refused = || {
        AppError::Invalid(FieldErrors::single(
            "report",
            "That case study is not published, so it cannot go in a published report",
        ))
    };
    let Some(report) = monitoring_report::Entity::find_by_id(report_id)
        .one(&txn)
        .await?
    else {
        return Err(refused());
    };
    let awards = query::select(&GrantFilter::default(), tz)
        .filter(award::Column::Id.eq(report.award_id))
        .all(&txn)
        .await?;
    let public = grants::load(&txn, awards, tz)
        .await?
        .into_iter()
        .find(|g| g.case_studies.iter().any(|c| c.report_id == report_id));
    let Some(grant) = public else {
        return Err(refused());
    };
    let already_there = || {
        AppError::Invalid(FieldErrors::single(
            "report",
            "That case study is already in this report",
        ))
    };
    let chosen = publication_case_study::Entity::find()
        .filter(publication_case_study::Column::PublicationId.eq(id))
        .filter(publication_case_study::Column::ReportId.eq(report_id))
        .one(&txn)
        .await?;
    if chosen.is_some() {
        return Err(already_there());
    }
    let order = order_of(&txn, Part::CaseStudies, id).await?;
    let added = match (publication_case_study::ActiveModel {
        publication_id: Set(id),
        report_id: Set(report_id),
        position: Set(next_position(&order)),
        ..Default::default()
    })
    .insert(&txn)
    .await
    {
        Ok(added) => added,
        Err(e) if is_duplicate(&e) => return Err(already_there()),
        Err(e) => return Err(e.into()),
    };
    record(
        &txn,
        now,
        actor,
        id,
        seen_version,
        "publication.case_study_added".into(),
        format!("report {report_id} of {}", grant.reference),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// What an item of a list is, for the audit log: the section's heading, the project's
/// reference, or the case study's report.
async fn describe_item(
    txn: &WriteTransaction,
    part: Part,
    id: i32,
    item_id: i32,
) -> Result<String, AppError> {
    let not_found = || AppError::NotFound;
    Ok(match part {
        Part::Sections => {
            let found = section(txn, id, item_id).await?;
            format!("section {item_id} \"{}\"", found.heading)
        }
        Part::Projects => {
            let found = publication_project::Entity::find_by_id(item_id)
                .filter(publication_project::Column::PublicationId.eq(id))
                .one(txn)
                .await?
                .ok_or_else(not_found)?;
            let reference = application::Entity::find_by_id(found.application_id)
                .one(txn)
                .await?
                .and_then(|a| a.reference)
                .unwrap_or_default();
            format!("project {reference}")
        }
        Part::CaseStudies => {
            let found = publication_case_study::Entity::find_by_id(item_id)
                .filter(publication_case_study::Column::PublicationId.eq(id))
                .one(txn)
                .await?
                .ok_or_else(not_found)?;
            format!("case study of report {}", found.report_id)
        }
    })
}

/// Takes an item out of a list; 404 when it is not in this report.
pub async fn remove(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    part: Part,
    id: i32,
    item_id: i32,
    seen_version: i32,
) -> Result<(), AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    lock_at(&txn, id, seen_version).await?;
    let detail = describe_item(&txn, part, id, item_id).await?;
    match part {
        Part::Sections => {
            publication_section::Entity::delete_by_id(item_id)
                .exec(&txn)
                .await?;
        }
        Part::Projects => {
            publication_project::Entity::delete_by_id(item_id)
                .exec(&txn)
                .await?;
        }
        Part::CaseStudies => {
            publication_case_study::Entity::delete_by_id(item_id)
                .exec(&txn)
                .await?;
        }
    }
    let action = format!("publication.{}_removed", part.action());
    record(&txn, now, actor, id, seen_version, action, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves an item one place; false when it was already at that end (nothing is written
/// then, and the version stays).
#[allow(clippy::too_many_arguments)]
pub async fn move_item(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    part: Part,
    id: i32,
    item_id: i32,
    seen_version: i32,
    direction: Direction,
) -> Result<bool, AppError> {
    let now = clock.now();
    let txn = begin_write(db).await?;
    lock_at(&txn, id, seen_version).await?;
    let detail = describe_item(&txn, part, id, item_id).await?;
    let order = order_of(&txn, part, id).await?;
    let Some(changes) = move_one(&order, item_id, direction) else {
        return Ok(false);
    };
    match part {
        Part::Sections => {
            write_positions::<publication_section::Entity, _>(
                &txn,
                publication_section::Column::Id,
                publication_section::Column::Position,
                &changes,
            )
            .await?
        }
        Part::Projects => {
            write_positions::<publication_project::Entity, _>(
                &txn,
                publication_project::Column::Id,
                publication_project::Column::Position,
                &changes,
            )
            .await?
        }
        Part::CaseStudies => {
            write_positions::<publication_case_study::Entity, _>(
                &txn,
                publication_case_study::Column::Id,
                publication_case_study::Column::Position,
                &changes,
            )
            .await?
        }
    }
    let action = format!("publication.{}_moved", part.action());
    let detail = format!("{detail} moved {}", direction.as_str());
    record(&txn, now, actor, id, seen_version, action, detail).await?;
    txn.commit().await?;
    Ok(true)
}
