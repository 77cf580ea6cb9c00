//! The officer's side of a panel: who is on it, how many reviews each application
//! needs, sharing the applications out, and reopening a submitted review.

use std::collections::{HashMap, HashSet};

use entity::user::Role;
use entity::{
    application, conflict_declaration, funding_round, review, review_assignment,
    round_panel_member, user,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{conflicts_for_round, names_of};
use crate::clock::Clock;
use crate::domain::application::Status;
use crate::domain::fields::FieldErrors;
use crate::domain::review::{self as rules, AllocationInput, ReviewStatus};
use crate::domain::text::parse_whole;
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::notify::{self, Notifier};
use crate::services::rounds;
use crate::services::write::Write;

/// One panel member and how far they have got in the round.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub user: user::Model,
    pub assigned: usize,
    pub declared: usize,
    pub submitted: usize,
}

/// A submitted review an officer may reopen.
#[derive(Debug, Clone)]
pub struct SubmittedRow {
    pub review: review::Model,
    pub reference: String,
    pub title: String,
    pub reviewer: String,
    /// The round's slug, for the way back to its panel page.
    pub round_slug: String,
}

/// Everything the round's panel page shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub members: Vec<MemberRow>,
    /// Panel users not yet on the panel, by name.
    pub candidates: Vec<user::Model>,
    pub eligible: usize,
    /// Eligible applications with fewer reviewers than needed (after conflicts).
    pub short: usize,
    pub submitted: Vec<SubmittedRow>,
    /// `(reference, reviewer, nature)`.
    pub conflicts: Vec<(String, String, String)>,
}

/// The round's panel members, by name, in one query.
pub async fn members<C: sea_orm::ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(
            user::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(round_panel_member::Column::UserId)
                    .from(round_panel_member::Entity)
                    .and_where(round_panel_member::Column::RoundId.eq(round_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?)
}

/// The round's applications a panel may see, by id.
async fn visible_applications<C: sea_orm::ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<application::Model>, AppError> {
    Ok(application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .filter(application::Column::Status.is_in(super::visible_values()))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?)
}

/// The panel page's figures: a fixed number of queries, however big the round.
pub async fn overview(
    db: &DatabaseConnection,
    round: &funding_round::Model,
) -> Result<Overview, AppError> {
    let members = members(db, round.id).await?;
    let applications = visible_applications(db, round.id).await?;
    let ids: Vec<i32> = applications.iter().map(|a| a.id).collect();
    let assignments = review_assignment::Entity::find()
        .filter(review_assignment::Column::ApplicationId.is_in(ids.clone()))
        .all(db)
        .await?;
    let declarations = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::ApplicationId.is_in(ids.clone()))
        .all(db)
        .await?;
    let reviews = review::Entity::find()
        .filter(review::Column::ApplicationId.is_in(ids))
        .order_by_asc(review::Column::ApplicationId)
        .order_by_asc(review::Column::Id)
        .all(db)
        .await?;
    let count = |pairs: &mut dyn Iterator<Item = i32>| {
        let mut out: HashMap<i32, usize> = HashMap::new();
        for reviewer in pairs {
            *out.entry(reviewer).or_default() += 1;
        }
        out
    };
    let assigned = count(&mut assignments.iter().map(|a| a.reviewer_id));
    let declared = count(&mut declarations.iter().map(|d| d.reviewer_id));
    let submitted_reviews: Vec<&review::Model> = reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Submitted)
        .collect();
    let submitted = count(&mut submitted_reviews.iter().map(|r| r.reviewer_id));

    let conflicted: HashSet<(i32, i32)> = declarations
        .iter()
        .filter(|d| d.has_conflict)
        .map(|d| (d.application_id, d.reviewer_id))
        .collect();
    let mut reviewers_of: HashMap<i32, usize> = HashMap::new();
    for a in &assignments {
        if !conflicted.contains(&(a.application_id, a.reviewer_id)) {
            *reviewers_of.entry(a.application_id).or_default() += 1;
        }
    }
    let needed = usize::try_from(round.reviews_needed)
        .unwrap_or(1)
        .min(members.len());
    let eligible: Vec<&application::Model> = applications
        .iter()
        .filter(|a| a.status == Status::Eligible)
        .collect();
    let short = eligible
        .iter()
        .filter(|a| reviewers_of.get(&a.id).copied().unwrap_or(0) < needed.max(1))
        .count();

    let by_id: HashMap<i32, &application::Model> = applications.iter().map(|a| (a.id, a)).collect();
    let reference = |id: i32| {
        by_id
            .get(&id)
            .map(|a| (a.reference.clone().unwrap_or_default(), a.title.clone()))
            .unwrap_or_default()
    };
    let names = names_of(db, submitted_reviews.iter().map(|r| r.reviewer_id)).await?;
    let submitted_rows = submitted_reviews
        .into_iter()
        .map(|r| {
            let (reference, title) = reference(r.application_id);
            SubmittedRow {
                reviewer: names.get(&r.reviewer_id).cloned().unwrap_or_default(),
                review: r.clone(),
                reference,
                title,
                round_slug: round.slug.clone(),
            }
        })
        .collect();
    let conflicts = conflicts_for_round(db, round.id)
        .await?
        .into_iter()
        .map(|(id, who, nature)| (reference(id).0, who, nature))
        .collect();

    let on_panel: HashSet<i32> = members.iter().map(|m| m.id).collect();
    let candidates = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Panel))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|u| !on_panel.contains(&u.id))
        .collect();

    Ok(Overview {
        members: members
            .into_iter()
            .map(|user| MemberRow {
                assigned: assigned.get(&user.id).copied().unwrap_or(0),
                declared: declared.get(&user.id).copied().unwrap_or(0),
                submitted: submitted.get(&user.id).copied().unwrap_or(0),
                user,
            })
            .collect(),
        candidates,
        eligible: eligible.len(),
        short,
        submitted: submitted_rows,
        conflicts,
    })
}

/// Adds a user with the panel role to the round's panel. Only panel users can be
/// added: officers moderate the scores, so they stay off the panels they moderate.
pub async fn add_member(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    round_id: i32,
    user_id: &str,
) -> Result<user::Model, AppError> {
    let refuse = |m: &str| AppError::Invalid(FieldErrors::single("user_id", m));
    let id: i32 = user_id
        .trim()
        .parse()
        .map_err(|_| refuse("Choose a panel member to add"))?;
    let txn = Write::begin(db, clock, actor).await?;
    let person = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|u| u.role == Role::Panel && !u.disabled)
        .ok_or_else(|| refuse("Choose someone with the panel member role"))?;
    if super::is_member(&txn, round_id, id).await? {
        return Err(refuse(&format!("{} is already on this panel", person.name)));
    }
    let now = txn.now;
    round_panel_member::ActiveModel {
        round_id: Set(round_id),
        user_id: Set(id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("{} ({}) joined the panel", person.name, person.email);
    txn.audit(Action::PanelMemberAdded, round_id, detail)
        .await?;
    if let Some(round) = funding_round::Entity::find_by_id(round_id)
        .one(&txn)
        .await?
    {
        notify::events::panel_assigned(&txn, notifier, now, &round, &person).await?;
    }
    txn.commit().await?;
    Ok(person)
}

/// Takes someone off the panel with their assignments in the round. Refused once
/// they have submitted a review in it: the moderated scores rest on their reviews.
pub async fn remove_member(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    user_id: i32,
) -> Result<user::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    if !super::is_member(&txn, round_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    let person = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let round_apps = sea_orm::sea_query::Query::select()
        .column(application::Column::Id)
        .from(application::Entity)
        .and_where(application::Column::RoundId.eq(round_id))
        .to_owned();
    let submitted = review::Entity::find()
        .filter(review::Column::ReviewerId.eq(user_id))
        .filter(review::Column::Status.eq(ReviewStatus::Submitted))
        .filter(review::Column::ApplicationId.in_subquery(round_apps.clone()))
        .count(&txn)
        .await?;
    if submitted > 0 {
        return Err(AppError::Invalid(FieldErrors::single(
            "remove",
            format!(
                "{} has submitted reviews in this round, so they stay on the panel: their scores are part of the moderation",
                person.name
            ),
        )));
    }
    review_assignment::Entity::delete_many()
        .filter(review_assignment::Column::ReviewerId.eq(user_id))
        .filter(review_assignment::Column::ApplicationId.in_subquery(round_apps))
        .exec(&txn)
        .await?;
    round_panel_member::Entity::delete_many()
        .filter(round_panel_member::Column::RoundId.eq(round_id))
        .filter(round_panel_member::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    let detail = format!("{} ({}) left the panel", person.name, person.email);
    txn.audit(Action::PanelMemberRemoved, round_id, detail)
        .await?;
    txn.commit().await?;
    Ok(person)
}

/// Sets how many reviews each application of the round needs: 1 to 10.
pub async fn set_reviews_needed(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
    typed: &str,
) -> Result<i32, AppError> {
    let needed = parse_whole(typed, "the number of reviews", 1, 10)
        .map_err(|m| AppError::Invalid(FieldErrors::single("reviews_needed", m)))?;
    let needed = i32::try_from(needed).map_err(|_| AppError::Internal("bounded".into()))?;
    let txn = Write::begin(db, clock, actor).await?;
    let round = rounds::by_id(&txn, round_id).await?;
    let before = round.reviews_needed;
    let now = txn.now;
    let mut change = round.into_active_model();
    change.reviews_needed = Set(needed);
    change.updated_at = Set(now);
    change.update(&txn).await?;
    let detail = format!("reviews needed: {before} → {needed}");
    txn.audit(Action::PanelReviewsNeeded, round_id, detail)
        .await?;
    txn.commit().await?;
    Ok(needed)
}

/// Shares the round's eligible applications out evenly (see [`rules::allocate`]),
/// keeping every existing assignment. Returns how many were added.
pub async fn allocate(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    round_id: i32,
) -> Result<usize, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    // Locking the round makes two officers allocating at once take turns (PostgreSQL).
    let round = funding_round::Entity::find_by_id(round_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let reviewers: Vec<i32> = members(&txn, round_id)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    if reviewers.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            "allocate",
            "Add panel members before allocating applications",
        )));
    }
    let applications: Vec<i32> = application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .filter(application::Column::Status.eq(Status::Eligible))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if applications.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            "allocate",
            "There are no eligible applications to allocate yet",
        )));
    }
    let existing = review_assignment::Entity::find()
        .filter(review_assignment::Column::ApplicationId.is_in(applications.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.application_id, a.reviewer_id))
        .collect();
    let conflicts = conflict_declaration::Entity::find()
        .filter(conflict_declaration::Column::ApplicationId.is_in(applications.clone()))
        .filter(conflict_declaration::Column::HasConflict.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| (d.application_id, d.reviewer_id))
        .collect();
    let added = rules::allocate(&AllocationInput {
        reviewers,
        applications,
        existing,
        conflicts,
        reviews_needed: usize::try_from(round.reviews_needed).unwrap_or(1),
    });
    let now = txn.now;
    if !added.is_empty() {
        review_assignment::Entity::insert_many(added.iter().map(|(application, reviewer)| {
            review_assignment::ActiveModel {
                application_id: Set(*application),
                reviewer_id: Set(*reviewer),
                created_at: Set(now),
                ..Default::default()
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let detail = format!(
        "{} new assignments, {} reviews needed each",
        added.len(),
        round.reviews_needed
    );
    txn.audit(Action::PanelAllocated, round_id, detail).await?;
    txn.commit().await?;
    Ok(added.len())
}

/// A submitted review with its application and reviewer, for the reopen page; 404 otherwise.
pub async fn submitted_review(db: &DatabaseConnection, id: i32) -> Result<SubmittedRow, AppError> {
    let found = review::Entity::find_by_id(id)
        .filter(review::Column::Status.eq(ReviewStatus::Submitted))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let application = application::Entity::find_by_id(found.application_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let reviewer = names_of(db, [found.reviewer_id]).await?;
    let round = rounds::by_id(db, application.round_id).await?;
    Ok(SubmittedRow {
        round_slug: round.slug,
        reviewer: reviewer
            .get(&found.reviewer_id)
            .cloned()
            .unwrap_or_default(),
        reference: application.reference.unwrap_or_default(),
        title: application.title,
        review: found,
    })
}

/// Puts a submitted review back to draft so that its reviewer can change it; the
/// reason is kept and shown to them. Refused once the application is decided.
pub async fn reopen(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    review_id: i32,
    reason: &str,
) -> Result<review::Model, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            "reason",
            "Enter why you are reopening the review: the reviewer will see it",
        )));
    }
    if reason.chars().count() > 2000 {
        return Err(AppError::Invalid(FieldErrors::single(
            "reason",
            "The reason must be 2,000 characters or fewer",
        )));
    }
    let txn = Write::begin(db, clock, actor).await?;
    let found = review::Entity::find_by_id(review_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.status != ReviewStatus::Submitted {
        return Err(AppError::Invalid(FieldErrors::single(
            "reason",
            "This review is not submitted any more, so there is nothing to reopen",
        )));
    }
    let eligible = application::Entity::find_by_id(found.application_id)
        .filter(application::Column::Status.eq(Status::Eligible))
        .count(&txn)
        .await?;
    if eligible == 0 {
        return Err(AppError::Invalid(FieldErrors::single(
            "reason",
            "The application has been decided, so its reviews can no longer change",
        )));
    }
    let now = txn.now;
    let application_id = found.application_id;
    let updated_at = super::scoring::next_stamp(found.updated_at, now);
    let mut change = found.into_active_model();
    change.status = Set(ReviewStatus::Draft);
    change.submitted_at = Set(None);
    change.reopened_reason = Set(Some(reason.to_owned()));
    change.updated_at = Set(updated_at);
    let saved = change.update(&txn).await?;
    let detail = format!("review {review_id} reopened: {reason}");
    txn.audit(Action::ReviewReopened, application_id, detail)
        .await?;
    notify::events::review_reopened(&txn, notifier, now, &saved, reason).await?;
    txn.commit().await?;
    Ok(saved)
}
