//! Applications, as their applicants see them: starting one, the task list's
//! sections, submitting by the deadline, withdrawing. Every lookup checks that
//! the user is a member of the applying organisation; anyone else gets 404.

pub mod pages;
pub mod sections;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{application, funding_round, organisation, organisation_member, reference_sequence};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::application::{Event, Status, StatusRules, next};
use crate::domain::fields::FieldErrors;
use crate::domain::round::{Eligibility, Phase, QuizRule, check_eligibility};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::notify::{self, Notifier};
use crate::services::rounds;
use crate::services::rounds::items as round_items;
use crate::services::write::Write;

/// The prefix of every application reference: `DCF-2026-0042`.
pub const REFERENCE_PREFIX: &str = "DCF";

/// A section of the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    About,
    Budget,
    Outcomes,
    Questions,
    Partners,
    Declaration,
}

/// The sections in task-list order.
pub const SECTIONS: &[Section] = &[
    Section::About,
    Section::Budget,
    Section::Outcomes,
    Section::Questions,
    Section::Partners,
    Section::Declaration,
];

impl Section {
    /// From the path segment.
    pub fn from_path(segment: &str) -> Option<Self> {
        SECTIONS.iter().copied().find(|s| s.path() == segment)
    }

    /// The path segment.
    pub fn path(self) -> &'static str {
        match self {
            Section::About => "about",
            Section::Budget => "budget",
            Section::Outcomes => "outcomes",
            Section::Questions => "questions",
            Section::Partners => "partners",
            Section::Declaration => "declaration",
        }
    }

    /// The section's name on the task list.
    pub fn title(self) -> &'static str {
        match self {
            Section::About => "About the project",
            Section::Budget => "Budget",
            Section::Outcomes => "Outcomes",
            Section::Questions => "This round's questions",
            Section::Partners => "Partners and match funding",
            Section::Declaration => "Declaration",
        }
    }
}

/// How far a section has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    NotStarted,
    InProgress,
    Completed,
}

impl Progress {
    /// The words the task list shows.
    pub fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "Not started",
            Progress::InProgress => "In progress",
            Progress::Completed => "Completed",
        }
    }
}

/// The progress of each section, as stored in `section_state`.
pub fn progress(app: &application::Model) -> BTreeMap<Section, Progress> {
    serde_json::from_str(&app.section_state).unwrap_or_default()
}

/// The sections an application has: "this round's questions" only when it has some.
pub async fn sections_of<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
) -> Result<Vec<Section>, AppError> {
    let has_questions = !round_items::questions(conn, app.round_id).await?.is_empty();
    Ok(SECTIONS
        .iter()
        .copied()
        .filter(|s| *s != Section::Questions || has_questions)
        .collect())
}

/// An application by its key, if the user is a member of the applying organisation.
pub async fn for_member<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    key: &str,
) -> Result<application::Model, AppError> {
    let found = match key.strip_prefix("draft-") {
        Some(id) => {
            let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
            application::Entity::find_by_id(id).one(conn).await?
        }
        None => {
            application::Entity::find()
                .filter(application::Column::Reference.eq(key))
                .one(conn)
                .await?
        }
    };
    let app = found.ok_or(AppError::NotFound)?;
    let member = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(app.organisation_id))
        .filter(organisation_member::Column::UserId.eq(user_id))
        .count(conn)
        .await?;
    if member == 0 {
        return Err(AppError::NotFound);
    }
    Ok(app)
}

/// One line of "my applications".
#[derive(Debug, Clone)]
pub struct Summary {
    pub application: application::Model,
    pub organisation: organisation::Model,
    pub round: funding_round::Model,
}

/// Every application of every organisation the user belongs to, newest first.
pub async fn of_user(db: &DatabaseConnection, user_id: i32) -> Result<Vec<Summary>, AppError> {
    let organisation_ids: Vec<i32> = organisation_member::Entity::find()
        .filter(organisation_member::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.organisation_id)
        .collect();
    let apps = application::Entity::find()
        .filter(application::Column::OrganisationId.is_in(organisation_ids.clone()))
        .order_by_desc(application::Column::UpdatedAt)
        .all(db)
        .await?;
    let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let rounds: HashMap<i32, funding_round::Model> = funding_round::Entity::find()
        .filter(funding_round::Column::Id.is_in(apps.iter().map(|a| a.round_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    Ok(apps
        .into_iter()
        .filter_map(|a| {
            let organisation = organisations.get(&a.organisation_id)?.clone();
            let round = rounds.get(&a.round_id)?.clone();
            Some(Summary {
                application: a,
                organisation,
                round,
            })
        })
        .collect())
}

/// The quiz of a round as rules.
pub async fn quiz_rules<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
) -> Result<Vec<QuizRule>, AppError> {
    Ok(round_items::quiz(conn, round_id)
        .await?
        .into_iter()
        .map(|q| QuizRule {
            id: q.id,
            qualifying_answer: q.qualifying_answer,
            failure_message: q.failure_message,
        })
        .collect())
}

/// Why an application could not be started.
#[derive(Debug)]
pub enum StartRefused {
    /// The quiz says the organisation cannot apply: the reasons.
    NotEligible(Vec<String>),
    /// Form errors (no organisation chosen, unanswered questions, already applied).
    Invalid(FieldErrors),
}

/// Starts a draft for one of the user's organisations, after the round's quiz.
pub async fn start(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    round: &funding_round::Model,
    organisation_id: Option<i32>,
    answers: &HashMap<i32, bool>,
) -> Result<Result<application::Model, StartRefused>, AppError> {
    let now = clock.now();
    if rounds::phase(round, now) != Phase::Open {
        let message = "This round is not taking applications now";
        return Ok(Err(StartRefused::Invalid(FieldErrors::single(
            "organisation_id",
            message,
        ))));
    }
    let mut errors = FieldErrors::new();
    if organisation_id.is_none() {
        errors.add(
            "organisation_id",
            "Choose the organisation you are applying for",
        );
    }
    let rules = quiz_rules(db, round.id).await?;
    match check_eligibility(&rules, answers) {
        Eligibility::Unanswered(missing) => {
            for id in missing {
                errors.add(&format!("q{id}"), "Select yes or no");
            }
        }
        Eligibility::NotEligible(reasons) if errors.is_empty() => {
            return Ok(Err(StartRefused::NotEligible(reasons)));
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Ok(Err(StartRefused::Invalid(errors)));
    }
    let Some(organisation_id) = organisation_id else {
        return Ok(Err(StartRefused::Invalid(errors)));
    };
    let txn = Write::begin_at(db, now, actor).await?;
    let member = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation_id))
        .filter(organisation_member::Column::UserId.eq(user_id))
        .count(&txn)
        .await?;
    if member == 0 {
        return Ok(Err(StartRefused::Invalid(FieldErrors::single(
            "organisation_id",
            "Choose one of your organisations",
        ))));
    }
    let live = application::Entity::find()
        .filter(application::Column::RoundId.eq(round.id))
        .filter(application::Column::OrganisationId.eq(organisation_id))
        .filter(application::Column::Status.ne(Status::Withdrawn))
        .one(&txn)
        .await?;
    if let Some(existing) = live {
        let message = format!(
            "This organisation has already applied to this round ({}): carry on with that application, or withdraw it first",
            crate::format::application_key(&existing)
        );
        return Ok(Err(StartRefused::Invalid(FieldErrors::single(
            "organisation_id",
            message,
        ))));
    }
    let quiz: BTreeMap<String, bool> = answers
        .iter()
        .map(|(id, yes)| (id.to_string(), *yes))
        .collect();
    let created = application::ActiveModel {
        reference: Set(None),
        round_id: Set(round.id),
        organisation_id: Set(organisation_id),
        created_by: Set(user_id),
        status: Set(Status::Draft),
        version: Set(1),
        title: Set(String::new()),
        summary: Set(String::new()),
        start_date: Set(None),
        end_date: Set(None),
        requested_pence: Set(0),
        section_state: Set("{}".to_owned()),
        quiz_answers: Set(serde_json::to_string(&quiz).unwrap_or_else(|_| "{}".into())),
        declaration_true: Set(false),
        declaration_consent: Set(false),
        declaration_name: Set(String::new()),
        officer_message: Set(None),
        resubmit_by: Set(None),
        submitted_at: Set(None),
        withdrawn_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.audit(Action::ApplicationStarted, created.id, round.name.clone())
        .await?;
    txn.commit().await?;
    Ok(Ok(created))
}

/// The message shown when a save was based on an older version.
pub const STALE_MESSAGE: &str = "This application was changed somewhere else (another tab, or another member of your \
     organisation) after you opened this page, so your changes were not saved. The page now shows the newer answers";

/// Bumps the version if it is still `seen`, inside `conn`'s transaction. False means
/// someone else saved first: the caller must roll back and show the newer answers.
pub async fn claim_version<C: ConnectionTrait>(
    conn: &C,
    app_id: i32,
    seen: i32,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let result = application::Entity::update_many()
        .col_expr(
            application::Column::Version,
            Expr::col(application::Column::Version).add(1),
        )
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(app_id))
        .filter(application::Column::Version.eq(seen))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records a section's progress.
pub async fn set_progress<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    section: Section,
    state: Progress,
) -> Result<(), AppError> {
    let mut map = progress(app);
    map.insert(section, state);
    let json = serde_json::to_string(&map).map_err(|e| AppError::Internal(e.to_string()))?;
    application::Entity::update_many()
        .col_expr(application::Column::SectionState, Expr::value(json))
        .filter(application::Column::Id.eq(app.id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The last moment a returned application may be resubmitted: the end of its date.
pub fn resubmit_deadline(app: &application::Model, tz: Tz) -> Option<DateTime<Utc>> {
    let date: NaiveDate = app.resubmit_by?;
    crate::domain::local_time::parse_local(&date.format("%Y-%m-%d").to_string(), "23:59", tz).ok()
}

/// Whether the application can be submitted at `now`, and if not, why.
pub fn submit_window(
    app: &application::Model,
    round: &funding_round::Model,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<(), String> {
    match app.status {
        Status::Draft => match rounds::phase(round, now) {
            Phase::Open => Ok(()),
            Phase::Upcoming => Err("The round has not opened yet".into()),
            _ => Err(format!(
                "The round closed on {}, so this draft can no longer be submitted. You can still read it and copy its text",
                crate::format::datetime(round.closes_at, tz)
            )),
        },
        Status::Returned => match resubmit_deadline(app, tz) {
            Some(deadline) if now <= deadline => Ok(()),
            Some(deadline) => Err(format!(
                "The date to send this application back was {}, so it can no longer be resubmitted",
                crate::format::datetime(deadline, tz)
            )),
            None => Ok(()),
        },
        other => Err(format!(
            "This application is {} and cannot be submitted",
            other.label().to_lowercase()
        )),
    }
}

/// Submits (or resubmits) an application. Every section must be complete, and the
/// round open by the server's clock at this moment. A first submission takes the
/// next reference of its year inside the same transaction, so references have no
/// gaps and are never reused, however many people submit at once.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    tz: Tz,
    user_id: i32,
    app_key: &str,
    seen_version: i32,
) -> Result<application::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let app = for_member(&txn, user_id, app_key).await?;
    let round = funding_round::Entity::find_by_id(app.round_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if app.version != seen_version {
        return Err(AppError::Invalid(FieldErrors::single(
            "submit",
            STALE_MESSAGE,
        )));
    }
    submit_window(&app, &round, now, tz)
        .map_err(|m| AppError::Invalid(FieldErrors::single("submit", m)))?;
    let state = progress(&app);
    let incomplete: Vec<&str> = sections_of(&txn, &app)
        .await?
        .into_iter()
        .filter(|s| state.get(s) != Some(&Progress::Completed))
        .map(Section::title)
        .collect();
    if !incomplete.is_empty() {
        let message = format!(
            "Complete every section before you submit. Still to do: {}",
            incomplete.join(", ")
        );
        return Err(AppError::Invalid(FieldErrors::single("submit", message)));
    }
    let from = app.status;
    let to = next(from, Event::Submit).ok_or_else(|| {
        AppError::Invalid(FieldErrors::single(
            "submit",
            "This application cannot be submitted",
        ))
    })?;
    let reference = match &app.reference {
        Some(reference) => reference.clone(),
        None => allocate_reference(&txn, now.with_timezone(&tz).year()).await?,
    };
    let mut change: application::ActiveModel = app.clone().into();
    change.reference = Set(Some(reference.clone()));
    change.status = Set(to);
    change.version = Set(app.version + 1);
    change.submitted_at = Set(Some(now));
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    let action = if from == Status::Returned {
        Action::ApplicationResubmitted
    } else {
        Action::ApplicationSubmitted
    };
    txn.audit(action, updated.id, reference).await?;
    notify::events::application_submitted(&txn, notifier, now, &updated, from == Status::Returned)
        .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Takes the next number of `year`'s sequence. Runs inside the submitting transaction:
/// the row lock (PostgreSQL) or the write lock (SQLite) makes concurrent submits wait.
async fn allocate_reference<C: ConnectionTrait>(conn: &C, year: i32) -> Result<String, AppError> {
    let scope = year.to_string();
    reference_sequence::Entity::insert(reference_sequence::ActiveModel {
        scope: Set(scope.clone()),
        last: Set(0),
    })
    .on_conflict(
        OnConflict::column(reference_sequence::Column::Scope)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    reference_sequence::Entity::update_many()
        .col_expr(
            reference_sequence::Column::Last,
            Expr::col(reference_sequence::Column::Last).add(1),
        )
        .filter(reference_sequence::Column::Scope.eq(&scope))
        .exec(conn)
        .await?;
    let last = reference_sequence::Entity::find_by_id(scope)
        .one(conn)
        .await?
        .map_or(1, |s| s.last);
    Ok(format!("{REFERENCE_PREFIX}-{year}-{last:04}"))
}

/// Withdraws an application (from draft, submitted, returned or eligible).
pub async fn withdraw(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    app_key: &str,
) -> Result<application::Model, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let app = for_member(&txn, user_id, app_key).await?;
    let from = app.status;
    let to = next(from, Event::Withdraw).ok_or_else(|| {
        AppError::Invalid(FieldErrors::single(
            "withdraw",
            format!(
                "An application that is {} cannot be withdrawn",
                from.label().to_lowercase()
            ),
        ))
    })?;
    let mut change: application::ActiveModel = app.clone().into();
    change.status = Set(to);
    change.version = Set(app.version + 1);
    change.withdrawn_at = Set(Some(now));
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    txn.audit(
        Action::ApplicationWithdrawn,
        updated.id,
        format!("from {}", from.as_str()),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
