//! What the applicant's pages read: one loader per page, returning the rows the page
//! shows, so that the routes only arrange them.

use std::collections::HashMap;

use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, budget_line, funding_round, indicator, match_funding, organisation, outcome,
    round_question, ward,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::sections::{FundingInput, LineInput, PartnerInput, SectionInput};
use super::{Section, sections_of};
use crate::domain::money::Money;
use crate::error::AppError;
use crate::services::rounds;
use crate::services::screening::detail::{self, ClaimedOutcome};

/// The round and organisation every page about one application names.
pub struct Heading {
    pub round: funding_round::Model,
    pub organisation: organisation::Model,
}

/// The round and organisation of `app`, or 404.
pub async fn heading<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
) -> Result<Heading, AppError> {
    let round = rounds::by_id(conn, app.round_id).await?;
    let organisation = organisation::Entity::find_by_id(app.organisation_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Heading {
        round,
        organisation,
    })
}

/// The task list: the heading and the sections this application has.
pub struct TaskList {
    pub heading: Heading,
    pub sections: Vec<Section>,
}

/// The task list of `app`.
pub async fn task_list<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
) -> Result<TaskList, AppError> {
    Ok(TaskList {
        heading: heading(conn, app).await?,
        sections: sections_of(conn, app).await?,
    })
}

/// Everything "check your answers" shows besides the application row itself.
pub struct CheckAnswers {
    pub heading: Heading,
    /// The names of the wards it serves, by name.
    pub wards: Vec<String>,
    /// Budget lines in the applicant's order.
    pub lines: Vec<budget_line::Model>,
    pub outcomes: Vec<ClaimedOutcome>,
    /// The round's own questions, in order.
    pub questions: Vec<round_question::Model>,
    /// The applicant's answers, by question id.
    pub answers: HashMap<i32, String>,
    pub partners: Vec<application_partner::Model>,
    pub funding: Vec<match_funding::Model>,
    /// The sections this application has.
    pub sections: Vec<Section>,
}

/// Every answer of `app`, for "check your answers".
pub async fn check_answers<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
) -> Result<CheckAnswers, AppError> {
    let heading = heading(conn, app).await?;
    let ward_ids: Vec<i32> = application_ward::Entity::find()
        .filter(application_ward::Column::ApplicationId.eq(app.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|w| w.ward_id)
        .collect();
    let wards = ward::Entity::find()
        .filter(ward::Column::Id.is_in(ward_ids))
        .order_by_asc(ward::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|w| w.name)
        .collect();
    let lines = budget_line::Entity::find()
        .filter(budget_line::Column::ApplicationId.eq(app.id))
        .order_by_asc(budget_line::Column::Position)
        .all(conn)
        .await?;
    let outcomes = detail::outcomes(conn, app.id).await?;
    let questions = round_question::Entity::find()
        .filter(round_question::Column::RoundId.eq(app.round_id))
        .order_by_asc(round_question::Column::Position)
        .all(conn)
        .await?;
    let answers = application_answer::Entity::find()
        .filter(application_answer::Column::ApplicationId.eq(app.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.question_id, a.answer))
        .collect();
    let partners = application_partner::Entity::find()
        .filter(application_partner::Column::ApplicationId.eq(app.id))
        .all(conn)
        .await?;
    let funding = match_funding::Entity::find()
        .filter(match_funding::Column::ApplicationId.eq(app.id))
        .all(conn)
        .await?;
    Ok(CheckAnswers {
        heading,
        wards,
        lines,
        outcomes,
        questions,
        answers,
        partners,
        funding,
        sections: sections_of(conn, app).await?,
    })
}

/// What is saved in one section of `app`, as a form would send it.
pub async fn saved_input<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    section: Section,
) -> Result<SectionInput, AppError> {
    let id = app.id;
    Ok(match section {
        Section::About => SectionInput::About {
            title: app.title.clone(),
            summary: app.summary.clone(),
            start_date: app.start_date.map(|d| d.to_string()).unwrap_or_default(),
            end_date: app.end_date.map(|d| d.to_string()).unwrap_or_default(),
            wards: application_ward::Entity::find()
                .filter(application_ward::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|w| w.ward_id.to_string())
                .collect(),
        },
        Section::Budget => SectionInput::Budget {
            lines: budget_line::Entity::find()
                .filter(budget_line::Column::ApplicationId.eq(id))
                .order_by_asc(budget_line::Column::Position)
                .all(conn)
                .await?
                .into_iter()
                .map(|l| LineInput {
                    item: l.item,
                    category: l.category,
                    amount: if l.amount_pence > 0 {
                        Money(l.amount_pence).to_input()
                    } else {
                        String::new()
                    },
                })
                .collect(),
        },
        Section::Outcomes => {
            let claimed = application_outcome::Entity::find()
                .filter(application_outcome::Column::ApplicationId.eq(id))
                .all(conn)
                .await?;
            SectionInput::Outcomes {
                chosen: claimed.iter().map(|c| c.outcome_id.to_string()).collect(),
                measures: claimed
                    .into_iter()
                    .map(|c| (c.outcome_id, c.measurement))
                    .collect(),
                targets: application_target::Entity::find()
                    .filter(application_target::Column::ApplicationId.eq(id))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|t| (t.indicator_id, t.target.to_string()))
                    .collect(),
            }
        }
        Section::Questions => SectionInput::Questions {
            answers: application_answer::Entity::find()
                .filter(application_answer::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|a| (a.question_id, a.answer))
                .collect(),
        },
        Section::Partners => SectionInput::Partners {
            partners: application_partner::Entity::find()
                .filter(application_partner::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|p| PartnerInput {
                    name: p.name,
                    role: p.role,
                })
                .collect(),
            funding: match_funding::Entity::find()
                .filter(match_funding::Column::ApplicationId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .map(|f| FundingInput {
                    source: f.source,
                    amount: Money(f.amount_pence).to_input(),
                    secured: if f.secured { "yes" } else { "no" }.into(),
                })
                .collect(),
        },
        Section::Declaration => SectionInput::Declaration {
            confirm_true: app.declaration_true,
            consent: app.declaration_consent,
            name: app.declaration_name.clone(),
        },
    })
}

/// What a section's form offers to choose from; only the section's own part is filled.
#[derive(Default)]
pub struct SectionChoices {
    /// Every ward, by name (about the project).
    pub wards: Vec<ward::Model>,
    /// Every outcome, in the framework's order (outcomes).
    pub outcomes: Vec<outcome::Model>,
    /// Every indicator, in order (outcomes).
    pub indicators: Vec<indicator::Model>,
    /// The round's own questions, in order (questions).
    pub questions: Vec<round_question::Model>,
}

/// What the form of `section` offers to choose from, for `app`.
pub async fn section_choices<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
    section: Section,
) -> Result<SectionChoices, AppError> {
    let mut choices = SectionChoices::default();
    match section {
        Section::About => {
            choices.wards = ward::Entity::find()
                .order_by_asc(ward::Column::Name)
                .all(conn)
                .await?;
        }
        Section::Outcomes => {
            choices.indicators = super::sections::offered_indicators(conn, app.id).await?;
            choices.outcomes = outcome::Entity::find()
                .order_by_asc(outcome::Column::Position)
                .all(conn)
                .await?;
        }
        Section::Questions => {
            choices.questions = round_question::Entity::find()
                .filter(round_question::Column::RoundId.eq(app.round_id))
                .order_by_asc(round_question::Column::Position)
                .all(conn)
                .await?;
        }
        Section::Budget | Section::Partners | Section::Declaration => {}
    }
    Ok(choices)
}
