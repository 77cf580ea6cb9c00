//! Writes one demo application and gathers the rows that belong to it, so that
//! they go in with one insert per table.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, audit_event, budget_line, match_funding,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::groups::{GROUPS, email_of};
use super::lookups::Lookups;
use super::plan::{Fate, Plan, days, hours, split};
use super::projects::Project;
use super::words::{HEARD, REASONS, RETURN_MESSAGES, SHAPED};
use super::{insert_all, missing};
use crate::db::WriteTransaction;
use crate::domain::application::Status;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::screening::decide::audit_detail;

/// The rows that belong to the applications, gathered to be written in bulk.
#[derive(Default)]
pub(super) struct Children {
    wards: Vec<application_ward::ActiveModel>,
    budget: Vec<budget_line::ActiveModel>,
    outcomes: Vec<application_outcome::ActiveModel>,
    targets: Vec<application_target::ActiveModel>,
    answers: Vec<application_answer::ActiveModel>,
    partners: Vec<application_partner::ActiveModel>,
    match_funding: Vec<match_funding::ActiveModel>,
    events: Vec<audit_event::ActiveModel>,
}

impl Children {
    fn event(&mut self, at: DateTime<Utc>, actor: &Actor, action: &str, id: i32, detail: String) {
        self.events.push(audit_event::ActiveModel {
            at: Set(at),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            action: Set(action.to_owned()),
            entity: Set("application".to_owned()),
            entity_id: Set(id.to_string()),
            detail: Set(detail),
            ..Default::default()
        });
    }

    /// Writes everything gathered, one insert per table.
    pub(super) async fn write(self, txn: &WriteTransaction) -> Result<(), AppError> {
        insert_all(txn, self.wards).await?;
        insert_all(txn, self.budget).await?;
        insert_all(txn, self.outcomes).await?;
        insert_all(txn, self.targets).await?;
        insert_all(txn, self.answers).await?;
        insert_all(txn, self.partners).await?;
        insert_all(txn, self.match_funding).await?;
        insert_all(txn, self.events).await
    }
}

/// Writes one application and gathers what belongs to it.
pub(super) async fn write_application(
    txn: &WriteTransaction,
    look: &Lookups,
    groups: &[(i32, i32)],
    plan: &Plan,
    n: usize,
    today: NaiveDate,
    children: &mut Children,
) -> Result<(), AppError> {
    let round = &look.rounds[plan.round];
    let (organisation_id, owner_id) = *groups
        .get(plan.group)
        .ok_or_else(|| missing("every demo group"))?;
    let owner_email = if owner_id == look.applicant.id {
        look.applicant.email.clone()
    } else {
        email_of(GROUPS[plan.group].person)
    };
    let owner = Actor::known(owner_id, &owner_email);
    let officer = look
        .officer
        .as_ref()
        .map_or_else(Actor::system, |o| Actor::known(o.id, &o.email));
    let fate = plan.fate;
    let project = plan.project;
    let pence = (plan.pounds * 100).clamp(round.min_grant_pence, round.max_grant_pence);
    let submitted = plan.submitted_at;
    let screened_at = submitted.map(|at| at + Duration::days(3));
    let created_at = submitted.unwrap_or(round.opens_at) - Duration::days(6) + hours(n);
    // Drafts in progress are part-done: some have no dates or answers yet.
    let complete = fate.was_submitted() || n % 2 == 0;
    let (start, end) = match plan.round {
        0 => (NaiveDate::from_ymd_opt(2025, 9, 1), 364),
        1 => (NaiveDate::from_ymd_opt(2027, 1, 4), 730),
        _ => (Some(today + days(60 + 7 * (n % 4))), 364),
    };
    let start = start.filter(|_| complete);
    let end = start.map(|s| s + Duration::days(end));
    let (message, resubmit_by) = match fate {
        Fate::Ineligible => {
            let reason = match plan.group {
                34 => REASONS[1],
                37 => REASONS[2],
                g => [REASONS[3], REASONS[4], REASONS[0]][g % 3],
            };
            (Some(reason), None)
        }
        Fate::Returned => (
            Some(RETURN_MESSAGES[plan.group % RETURN_MESSAGES.len()]),
            Some(today + days(10 + plan.group % 5)),
        ),
        _ => (None, None),
    };
    let withdrawn_at = match fate {
        Fate::Withdrawn => submitted.map(|at| at + Duration::days(4)),
        Fate::WithdrawnDraft => Some(created_at + Duration::days(2)),
        _ => None,
    };
    let version = match fate {
        Fate::Draft => 2 + i32::try_from(n % 4).unwrap_or(0),
        Fate::Submitted => 6,
        _ => 7,
    };
    let quiz = &look.quiz[plan.round];
    // Everyone who started an application passed the round's quiz first.
    let quiz_answers = {
        let answers: serde_json::Map<String, serde_json::Value> = quiz
            .iter()
            .map(|id| (id.to_string(), serde_json::Value::Bool(true)))
            .collect();
        serde_json::Value::Object(answers).to_string()
    };
    // A sent application had every section completed; a draft has its project and
    // budget done, which is what the demo writes for it.
    let section_state = if complete {
        r#"{"about":"completed","budget":"completed","outcomes":"completed","questions":"completed","partners":"completed","declaration":"completed"}"#
    } else {
        r#"{"about":"completed","budget":"completed"}"#
    };
    let declared = fate.was_submitted();
    let created = application::ActiveModel {
        reference: Set(plan.reference.clone()),
        round_id: Set(round.id),
        organisation_id: Set(organisation_id),
        created_by: Set(owner_id),
        status: Set(fate.status()),
        version: Set(version),
        title: Set(plan.title.clone()),
        summary: Set(project.summary.to_owned()),
        start_date: Set(start),
        end_date: Set(end),
        requested_pence: Set(pence),
        section_state: Set(section_state.to_owned()),
        quiz_answers: Set(quiz_answers),
        declaration_true: Set(declared),
        declaration_consent: Set(declared),
        declaration_name: Set(if declared {
            GROUPS[plan.group].person.to_owned()
        } else {
            String::new()
        }),
        officer_message: Set(message.map(str::to_owned)),
        resubmit_by: Set(resubmit_by),
        submitted_at: Set(submitted),
        withdrawn_at: Set(withdrawn_at),
        created_at: Set(created_at),
        updated_at: Set(withdrawn_at.or(screened_at).unwrap_or(created_at)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let id = created.id;

    // The group's own ward, and for some a neighbouring one too.
    let home = GROUPS[plan.group].ward;
    let mut wards = vec![home];
    if n % 3 == 0 {
        wards.push((home + 1) % look.wards.len());
    }
    for w in wards {
        if let Some(ward_id) = look.wards.get(w) {
            children.wards.push(application_ward::ActiveModel {
                application_id: Set(id),
                ward_id: Set(*ward_id),
                ..Default::default()
            });
        }
    }
    for ((position, (item, category, _)), amount) in
        (1..).zip(project.lines).zip(split(pence, project.lines))
    {
        children.budget.push(budget_line::ActiveModel {
            application_id: Set(id),
            item: Set((*item).to_owned()),
            category: Set((*category).to_owned()),
            amount_pence: Set(amount),
            position: Set(position),
            ..Default::default()
        });
    }
    if complete {
        write_claims(look, project, id, children);
        write_answers(look, plan, id, children);
    }
    if let Some((name, role)) = project.partner {
        children.partners.push(application_partner::ActiveModel {
            application_id: Set(id),
            name: Set(name.to_owned()),
            role: Set(role.to_owned()),
            ..Default::default()
        });
    }
    if let Some((source, percent, secured)) = project.match_funding {
        children.match_funding.push(match_funding::ActiveModel {
            application_id: Set(id),
            source: Set(source.to_owned()),
            amount_pence: Set(pence * percent / 100 / 100 * 100),
            secured: Set(secured),
            ..Default::default()
        });
    }

    // The history a real application would have.
    if let Some(at) = submitted {
        let detail = audit_detail(Status::Draft, Status::Submitted, None, None);
        children.event(at, &owner, "application.submitted", id, detail);
    }
    if let Some(at) = screened_at {
        let screened = match fate {
            Fate::Eligible => Some(("application.screened_eligible", None)),
            Fate::Ineligible => Some(("application.screened_ineligible", Some("reason"))),
            Fate::Returned => Some(("application.returned", Some("message"))),
            _ => None,
        };
        if let Some((action, label)) = screened {
            let words = label.zip(message);
            let detail = audit_detail(Status::Submitted, fate.status(), resubmit_by, words);
            children.event(at, &officer, action, id, detail);
        }
    }
    if let (Fate::Withdrawn, Some(at)) = (fate, withdrawn_at) {
        let detail = audit_detail(Status::Submitted, Status::Withdrawn, None, None);
        children.event(at, &owner, "application.withdrawn", id, detail);
    }
    Ok(())
}

/// The outcomes a project claims, with targets for the indicators it names.
fn write_claims(look: &Lookups, project: &Project, id: i32, children: &mut Children) {
    for claim in project.outcomes {
        let Some((outcome_id, indicators)) = look.outcomes.get(claim.code) else {
            continue;
        };
        children.outcomes.push(application_outcome::ActiveModel {
            application_id: Set(id),
            outcome_id: Set(*outcome_id),
            measurement: Set(claim.measurement.to_owned()),
            ..Default::default()
        });
        for (position, target) in claim.targets {
            let index = usize::try_from(*position - 1).unwrap_or(usize::MAX);
            if let Some(indicator_id) = indicators.get(index) {
                children.targets.push(application_target::ActiveModel {
                    application_id: Set(id),
                    indicator_id: Set(*indicator_id),
                    target: Set(*target),
                    ..Default::default()
                });
            }
        }
    }
}

/// Answers to the round's questions, in the order the demo round asks them:
/// who takes part, how they shaped it, and how the group heard of the fund.
/// A draft has only the first so far.
fn write_answers(look: &Lookups, plan: &Plan, id: i32, children: &mut Children) {
    let answers = [
        plan.project.who,
        SHAPED[plan.group % SHAPED.len()],
        HEARD[plan.group % HEARD.len()],
    ];
    let answered = if plan.fate.was_submitted() { 3 } else { 1 };
    for (question_id, answer) in look.questions[plan.round]
        .iter()
        .zip(answers)
        .take(answered)
    {
        children.answers.push(application_answer::ActiveModel {
            application_id: Set(id),
            question_id: Set(*question_id),
            answer: Set(answer.to_owned()),
            ..Default::default()
        });
    }
}
