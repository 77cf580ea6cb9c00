//! One application read in full, as an officer screens it: every answer, the
//! organisation behind it, and its timeline from the audit log. Each part is one
//! query (or two, for the names it refers to), however long the application.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, audit_event, budget_line, eligibility_question, funding_round, indicator,
    match_funding, organisation, outcome, user, ward,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::received_application;
use crate::domain::application::Status;
use crate::domain::round::QuestionKind;
use crate::error::AppError;
use crate::services::rounds::items as round_items;
use crate::services::settings;

/// An outcome the application claims, with its targets.
#[derive(Debug, Clone)]
pub struct ClaimedOutcome {
    pub code: String,
    pub title: String,
    /// How the applicant will measure it, in their words.
    pub measurement: String,
    pub targets: Vec<Target>,
}

/// A target for one indicator.
#[derive(Debug, Clone)]
pub struct Target {
    pub indicator: String,
    /// The unit as stored (`people`, `hours`…).
    pub unit: String,
    pub value: i64,
}

/// One of the round's own questions and the applicant's answer.
#[derive(Debug, Clone)]
pub struct AnsweredQuestion {
    pub prompt: String,
    pub kind: QuestionKind,
    pub answer: Option<String>,
}

/// One question of the round's quiz and what the applicant said.
#[derive(Debug, Clone)]
pub struct QuizAnswer {
    pub question: String,
    pub answer: Option<bool>,
    pub qualifying_answer: bool,
}

/// One event of the application's history.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// The person's name and email when they still have an account; the email recorded otherwise.
    pub who: String,
    pub action: String,
    pub detail: String,
}

/// Everything an officer sees about one application.
#[derive(Debug, Clone)]
pub struct ApplicationDetail {
    pub application: application::Model,
    pub status: Status,
    pub round: funding_round::Model,
    pub organisation: organisation::Model,
    pub organisation_ward: Option<String>,
    /// Ward names, in alphabetical order.
    pub wards: Vec<String>,
    pub budget: Vec<budget_line::Model>,
    pub outcomes: Vec<ClaimedOutcome>,
    pub answers: Vec<AnsweredQuestion>,
    pub partners: Vec<application_partner::Model>,
    pub match_funding: Vec<match_funding::Model>,
    pub quiz: Vec<QuizAnswer>,
    pub timeline: Vec<TimelineEntry>,
    /// How many weeks ahead a date to resubmit by may be (the council's setting).
    pub resubmit_weeks: u32,
}

/// Loads an application the council has received, or 404.
pub async fn load<C: ConnectionTrait>(conn: &C, id: i32) -> Result<ApplicationDetail, AppError> {
    let application = received_application(conn, id, false).await?;
    let status = application.status;
    let round = funding_round::Entity::find_by_id(application.round_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("application {id} has no round")))?;
    let organisation = organisation::Entity::find_by_id(application.organisation_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("application {id} has no organisation")))?;

    let application_wards: Vec<i32> = application_ward::Entity::find()
        .filter(application_ward::Column::ApplicationId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|w| w.ward_id)
        .collect();
    // One query names the project's wards and the organisation's own.
    let ward_names: HashMap<i32, String> = ward::Entity::find()
        .filter(
            ward::Column::Id.is_in(
                application_wards
                    .iter()
                    .copied()
                    .chain(organisation.ward_id),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect();
    let organisation_ward = organisation
        .ward_id
        .and_then(|w| ward_names.get(&w).cloned());
    let mut wards: Vec<String> = application_wards
        .iter()
        .filter_map(|w| ward_names.get(w).cloned())
        .collect();
    wards.sort();

    let budget = budget_line::Entity::find()
        .filter(budget_line::Column::ApplicationId.eq(id))
        .order_by_asc(budget_line::Column::Position)
        .order_by_asc(budget_line::Column::Id)
        .all(conn)
        .await?;
    let partners = application_partner::Entity::find()
        .filter(application_partner::Column::ApplicationId.eq(id))
        .order_by_asc(application_partner::Column::Id)
        .all(conn)
        .await?;
    let match_funding = match_funding::Entity::find()
        .filter(match_funding::Column::ApplicationId.eq(id))
        .order_by_asc(match_funding::Column::Id)
        .all(conn)
        .await?;

    Ok(ApplicationDetail {
        outcomes: outcomes(conn, id).await?,
        answers: answers(conn, &application).await?,
        quiz: quiz(conn, &application).await?,
        timeline: timeline(conn, id).await?,
        resubmit_weeks: settings::resubmit_weeks(conn).await?,
        application,
        status,
        round,
        organisation,
        organisation_ward,
        wards,
        budget,
        partners,
        match_funding,
    })
}

/// Claimed outcomes in the framework's order, each with its indicators' targets.
pub async fn outcomes<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Vec<ClaimedOutcome>, AppError> {
    let claimed = application_outcome::Entity::find()
        .filter(application_outcome::Column::ApplicationId.eq(application_id))
        .all(conn)
        .await?;
    let targets = application_target::Entity::find()
        .filter(application_target::Column::ApplicationId.eq(application_id))
        .all(conn)
        .await?;
    let indicators: HashMap<i32, indicator::Model> = indicator::Entity::find()
        .filter(indicator::Column::Id.is_in(targets.iter().map(|t| t.indicator_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut measurements: HashMap<i32, String> = claimed
        .into_iter()
        .map(|c| (c.outcome_id, c.measurement))
        .collect();
    // Targets sit under their indicator's outcome, in the indicator's order.
    let mut targets_of: BTreeMap<i32, Vec<(i32, Target)>> = BTreeMap::new();
    for t in targets {
        if let Some(ind) = indicators.get(&t.indicator_id) {
            targets_of.entry(ind.outcome_id).or_default().push((
                ind.position,
                Target {
                    indicator: ind.name.clone(),
                    unit: ind.unit.clone(),
                    value: t.target,
                },
            ));
        }
    }
    let outcome_ids: Vec<i32> = measurements
        .keys()
        .chain(targets_of.keys())
        .copied()
        .collect();
    let found = outcome::Entity::find()
        .filter(outcome::Column::Id.is_in(outcome_ids))
        .order_by_asc(outcome::Column::Position)
        .order_by_asc(outcome::Column::Id)
        .all(conn)
        .await?;
    Ok(found
        .into_iter()
        .map(|o| {
            let mut targets = targets_of.remove(&o.id).unwrap_or_default();
            targets.sort_by_key(|(position, _)| *position);
            ClaimedOutcome {
                measurement: measurements.remove(&o.id).unwrap_or_default(),
                targets: targets.into_iter().map(|(_, t)| t).collect(),
                code: o.code,
                title: o.title,
            }
        })
        .collect())
}

/// The round's questions in order, each with its answer (or none).
async fn answers<C: ConnectionTrait>(
    conn: &C,
    application: &application::Model,
) -> Result<Vec<AnsweredQuestion>, AppError> {
    let mut given: HashMap<i32, String> = application_answer::Entity::find()
        .filter(application_answer::Column::ApplicationId.eq(application.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.question_id, a.answer))
        .collect();
    Ok(round_items::questions(conn, application.round_id)
        .await?
        .into_iter()
        .map(|q| AnsweredQuestion {
            answer: given.remove(&q.id).filter(|a| !a.trim().is_empty()),
            prompt: q.prompt,
            kind: q.kind,
        })
        .collect())
}

/// The round's quiz with the answers the application recorded.
async fn quiz<C: ConnectionTrait>(
    conn: &C,
    application: &application::Model,
) -> Result<Vec<QuizAnswer>, AppError> {
    let given = parse_quiz_answers(&application.quiz_answers);
    Ok(round_items::quiz(conn, application.round_id)
        .await?
        .into_iter()
        .map(|q: eligibility_question::Model| QuizAnswer {
            answer: given.get(&q.id).copied(),
            question: q.question,
            qualifying_answer: q.qualifying_answer,
        })
        .collect())
}

/// Reads the stored quiz answers: a JSON object from question id (`"12"`, or the
/// quiz form's field name `"q12"`) to yes or no (`true`, or `"yes"`). Anything
/// else is left out, so the page says "not recorded" rather than failing.
pub fn parse_quiz_answers(stored: &str) -> HashMap<i32, bool> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(stored) else {
        return HashMap::new();
    };
    map.into_iter()
        .filter_map(|(key, value)| {
            let id = key.strip_prefix('q').unwrap_or(&key).parse::<i32>().ok()?;
            let answer = match value {
                serde_json::Value::Bool(b) => b,
                serde_json::Value::String(s) => match s.trim().to_lowercase().as_str() {
                    "yes" | "true" => true,
                    "no" | "false" => false,
                    _ => return None,
                },
                _ => return None,
            };
            Some((id, answer))
        })
        .collect()
}

/// The application's events from the audit log, oldest first, with who did each.
async fn timeline<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Vec<TimelineEntry>, AppError> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("application"))
        .filter(audit_event::Column::EntityId.eq(application_id.to_string()))
        .order_by_asc(audit_event::Column::At)
        .order_by_asc(audit_event::Column::Id)
        .all(conn)
        .await?;
    let people: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(events.iter().filter_map(|e| e.actor_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} ({})", u.name, u.email)))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| TimelineEntry {
            who: e
                .actor_id
                .and_then(|id| people.get(&id).cloned())
                .unwrap_or(e.actor_label),
            action: action_label(&e.action),
            at: e.at,
            detail: e.detail,
        })
        .collect())
}

/// An audit action in words; one this page does not know shows as recorded.
pub fn action_label(action: &str) -> String {
    match action {
        "application.created" => "Started",
        "application.submitted" => "Submitted",
        "application.resubmitted" => "Resubmitted",
        "application.withdrawn" => "Withdrawn",
        "application.screened_eligible" => "Marked eligible",
        "application.screened_ineligible" => "Marked not eligible",
        "application.returned" => "Returned for changes",
        other => other,
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiz_answers_are_read_from_either_key_style_and_either_value_style() {
        let read = parse_quiz_answers(r#"{"12": true, "q13": "no", "14": "YES", "x": true}"#);
        assert_eq!(read.get(&12), Some(&true));
        assert_eq!(read.get(&13), Some(&false));
        assert_eq!(read.get(&14), Some(&true));
        assert_eq!(read.len(), 3);
        assert!(parse_quiz_answers("{}").is_empty());
        assert!(parse_quiz_answers("not json").is_empty());
        assert!(parse_quiz_answers("[true]").is_empty());
    }

    #[test]
    fn known_actions_read_as_words() {
        assert_eq!(action_label("application.returned"), "Returned for changes");
        assert_eq!(action_label("application.mystery"), "application.mystery");
    }
}
