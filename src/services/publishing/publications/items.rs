//! The parts of a published report, each an ordered list: sections of text, chosen funded
//! projects and chosen case studies. Every change checks and bumps the report's version.

use std::future::Future;
use std::marker::PhantomData;

use chrono_tz::Tz;
use entity::{
    application, award, monitoring_report, publication_case_study, publication_project,
    publication_section,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};

use super::{bump, lock_at};
use crate::clock::Clock;
use crate::db::is_duplicate;
use crate::domain::deal::check_text;
use crate::domain::fields::FieldErrors;
use crate::domain::ordering::Direction;
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::ordered::{self, Ordered};
use crate::services::publishing::grants;
use crate::services::publishing::query::{self, GrantFilter};
use crate::services::write::Write;

pub use crate::domain::publication::Part;

/// One change to a report: lock and check, then the caller's writes, then the bump and
/// the audit event, all in one transaction.
async fn record(
    txn: &Write<'_>,
    id: i32,
    seen_version: i32,
    action: Action,
    detail: String,
) -> Result<(), AppError> {
    bump(txn, id, seen_version, txn.now).await?;
    txn.audit(action, id, detail).await
}

/// One list of a report, for the code the three share.
trait PartList: Send + Sync + 'static {
    type Entity: EntityTrait<Model = Self::Model>;
    type Model: FromQueryResult + Send + Sync;
    const PART: Part;
    const PUBLICATION_ID: <Self::Entity as EntityTrait>::Column;
    const ID: <Self::Entity as EntityTrait>::Column;
    const POSITION: <Self::Entity as EntityTrait>::Column;

    /// What item `item_id` is, for the audit log.
    fn describe(
        txn: &Write<'_>,
        item_id: i32,
        found: &Self::Model,
    ) -> impl Future<Output = Result<String, AppError>> + Send;
}

struct SectionList;

impl PartList for SectionList {
    type Entity = publication_section::Entity;
    type Model = publication_section::Model;
    const PART: Part = Part::Sections;
    const PUBLICATION_ID: publication_section::Column = publication_section::Column::PublicationId;
    const ID: publication_section::Column = publication_section::Column::Id;
    const POSITION: publication_section::Column = publication_section::Column::Position;

    async fn describe(
        _: &Write<'_>,
        item_id: i32,
        found: &publication_section::Model,
    ) -> Result<String, AppError> {
        Ok(format!("section {item_id} \"{}\"", found.heading))
    }
}

struct ProjectList;

impl PartList for ProjectList {
    type Entity = publication_project::Entity;
    type Model = publication_project::Model;
    const PART: Part = Part::Projects;
    const PUBLICATION_ID: publication_project::Column = publication_project::Column::PublicationId;
    const ID: publication_project::Column = publication_project::Column::Id;
    const POSITION: publication_project::Column = publication_project::Column::Position;

    async fn describe(
        txn: &Write<'_>,
        _: i32,
        found: &publication_project::Model,
    ) -> Result<String, AppError> {
        let reference = application::Entity::find_by_id(found.application_id)
            .one(txn)
            .await?
            .and_then(|a| a.reference)
            .unwrap_or_default();
        Ok(format!("project {reference}"))
    }
}

struct CaseStudyList;

impl PartList for CaseStudyList {
    type Entity = publication_case_study::Entity;
    type Model = publication_case_study::Model;
    const PART: Part = Part::CaseStudies;
    const PUBLICATION_ID: publication_case_study::Column =
        publication_case_study::Column::PublicationId;
    const ID: publication_case_study::Column = publication_case_study::Column::Id;
    const POSITION: publication_case_study::Column = publication_case_study::Column::Position;

    async fn describe(
        _: &Write<'_>,
        _: i32,
        found: &publication_case_study::Model,
    ) -> Result<String, AppError> {
        Ok(format!("case study of report {}", found.report_id))
    }
}

/// Item `item_id` of one of report `id`'s lists, or 404.
async fn find<P: PartList, C: ConnectionTrait>(
    conn: &C,
    id: i32,
    item_id: i32,
) -> Result<P::Model, AppError> {
    P::Entity::find()
        .filter(P::ID.eq(item_id))
        .filter(P::PUBLICATION_ID.eq(id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The `(id, position)` of a list's items, in order, locked for a reorder.
async fn order_of<P: PartList>(txn: &Write<'_>, id: i32) -> Result<Vec<(i32, i32)>, AppError> {
    Ok(P::Entity::find()
        .select_only()
        .column(P::ID)
        .column(P::POSITION)
        .filter(P::PUBLICATION_ID.eq(id))
        .order_by_asc(P::POSITION)
        .order_by_asc(P::ID)
        .lock_exclusive()
        .into_tuple()
        .all(txn)
        .await?)
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
    find::<SectionList, _>(conn, id, section_id).await
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
    let txn = Write::begin(db, clock, actor).await?;
    lock_at(&txn, id, seen_version).await?;
    let input = check_section(&input)?;
    let order = order_of::<SectionList>(&txn, id).await?;
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
        id,
        seen_version,
        Action::PublicationItemAdded(Part::Sections),
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
    let txn = Write::begin(db, clock, actor).await?;
    lock_at(&txn, id, seen_version).await?;
    let existing = section(&txn, id, section_id).await?;
    let input = check_section(&input)?;
    let detail = format::changes(&[
        ("heading", &existing.heading, &input.heading),
        ("body", &existing.body, &input.body),
    ]);
    let mut change: publication_section::ActiveModel = existing.into();
    change.heading = Set(input.heading);
    change.body = Set(input.body);
    let saved = change.update(&txn).await?;
    record(
        &txn,
        id,
        seen_version,
        Action::PublicationSectionChanged,
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
    let txn = Write::begin(db, clock, actor).await?;
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
    let order = order_of::<ProjectList>(&txn, id).await?;
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
        id,
        seen_version,
        Action::PublicationItemAdded(Part::Projects),
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
    let txn = Write::begin(db, clock, actor).await?;
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
    let order = order_of::<CaseStudyList>(&txn, id).await?;
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
        id,
        seen_version,
        Action::PublicationItemAdded(Part::CaseStudies),
        format!("report {report_id} of {}", grant.reference),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// What an item of a list is, for the audit log: the section's heading, the project's
/// reference, or the case study's report. 404 when it is not in report `id`.
async fn describe_item<P: PartList>(
    txn: &Write<'_>,
    id: i32,
    item_id: i32,
) -> Result<String, AppError> {
    let found = find::<P, _>(txn, id, item_id).await?;
    P::describe(txn, item_id, &found).await
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
    let txn = Write::begin(db, clock, actor).await?;
    lock_at(&txn, id, seen_version).await?;
    match part {
        Part::Sections => remove_from::<SectionList>(&txn, id, item_id, seen_version).await?,
        Part::Projects => remove_from::<ProjectList>(&txn, id, item_id, seen_version).await?,
        Part::CaseStudies => remove_from::<CaseStudyList>(&txn, id, item_id, seen_version).await?,
    }
    txn.commit().await?;
    Ok(())
}

async fn remove_from<P: PartList>(
    txn: &Write<'_>,
    id: i32,
    item_id: i32,
    seen_version: i32,
) -> Result<(), AppError> {
    let detail = describe_item::<P>(txn, id, item_id).await?;
    P::Entity::delete_many()
        .filter(P::ID.eq(item_id))
        .exec(txn)
        .await?;
    let action = Action::PublicationItemRemoved(P::PART);
    record(txn, id, seen_version, action, detail).await
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
    let moved = match part {
        Part::Sections => {
            move_in::<SectionList>(db, clock, actor, id, item_id, seen_version, direction).await?
        }
        Part::Projects => {
            move_in::<ProjectList>(db, clock, actor, id, item_id, seen_version, direction).await?
        }
        Part::CaseStudies => {
            move_in::<CaseStudyList>(db, clock, actor, id, item_id, seen_version, direction).await?
        }
    };
    Ok(moved)
}

async fn move_in<P: PartList>(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    id: i32,
    item_id: i32,
    seen_version: i32,
    direction: Direction,
) -> Result<bool, AppError> {
    let list = InReport::<P> {
        id,
        seen_version,
        list: PhantomData,
    };
    let (_, moved) = ordered::move_item(db, clock, actor, &list, item_id, direction).await?;
    Ok(moved)
}

/// One list of report `id`, as the editor saw it at `seen_version`.
struct InReport<P> {
    id: i32,
    seen_version: i32,
    list: PhantomData<P>,
}

impl<P: PartList> Ordered for InReport<P> {
    type Entity = P::Entity;
    /// What the item is, for the audit log.
    type Item = String;
    const ID: <P::Entity as EntityTrait>::Column = P::ID;
    const POSITION: <P::Entity as EntityTrait>::Column = P::POSITION;

    async fn load(&self, txn: &Write<'_>, item_id: i32) -> Result<String, AppError> {
        lock_at(txn, self.id, self.seen_version).await?;
        describe_item::<P>(txn, self.id, item_id).await
    }

    fn list(&self, _: &String) -> Condition {
        Condition::all().add(P::PUBLICATION_ID.eq(self.id))
    }

    async fn record(
        &self,
        txn: &Write<'_>,
        _: i32,
        detail: &String,
        direction: Direction,
    ) -> Result<(), AppError> {
        let action = Action::PublicationItemMoved(P::PART);
        let detail = format!("{detail} moved {}", direction.as_str());
        record(txn, self.id, self.seen_version, action, detail).await
    }
}
