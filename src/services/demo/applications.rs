//! The demo's applications: forty community groups, each run by someone with an
//! account, and sixty applications across three rounds in every state screening
//! knows. Written straight to the tables in one transaction, because they are
//! backdated (submitted months ago, screened since), which the services rightly
//! refuse. Each gets the audit events a real one would have, so its timeline reads true.

mod groups;
mod projects;

use std::collections::{BTreeMap, HashMap};

use base64::Engine;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entity::user::Role;
use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, audit_event, budget_line, funding_round, indicator, match_funding,
    organisation, organisation_member, outcome, reference_sequence, user, ward,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter,
};

use self::groups::{APPLICANT_GROUPS, GROUPS, email_of};
use self::projects::{BIG, HEARD, Project, REASONS, RETURN_MESSAGES, SHAPED, SMALL};
use crate::auth::password;
use crate::clock::Clock;
use crate::db::begin_write;
use crate::domain::application::Status;
use crate::error::AppError;
use crate::services::audit::{self, Actor};
use crate::services::rounds::{self, items as round_items};
use crate::services::screening::decide::audit_detail;

/// What becomes of one demo application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Draft,
    Submitted,
    Returned,
    Eligible,
    Ineligible,
    /// Withdrawn after it was submitted.
    Withdrawn,
    /// Withdrawn while still a draft: the council never saw it.
    WithdrawnDraft,
}

impl Fate {
    fn status(self) -> Status {
        match self {
            Fate::Draft => Status::Draft,
            Fate::Submitted => Status::Submitted,
            Fate::Returned => Status::Returned,
            Fate::Eligible => Status::Eligible,
            Fate::Ineligible => Status::Ineligible,
            Fate::Withdrawn | Fate::WithdrawnDraft => Status::Withdrawn,
        }
    }

    fn was_submitted(self) -> bool {
        !matches!(self, Fate::Draft | Fate::WithdrawnDraft)
    }
}

use Fate::{
    Draft as D, Eligible as E, Ineligible as I, Returned as R, Submitted as S, Withdrawn as W,
    WithdrawnDraft as WD,
};

/// Small grants 2025 (decided): groups 0 to 15.
const SMALL_2025: [Fate; 16] = [E, E, E, I, E, E, E, W, E, E, E, I, E, E, E, E];
/// Big ideas 2026 (in assessment): groups 26 to 39.
const BIG_2026: [Fate; 14] = [E, E, E, I, E, E, W, E, I, E, E, I, E, E];
/// Small grants 2026 (open now): groups 0 to 29.
const SMALL_2026: [Fate; 30] = [
    D, S, S, R, D, R, S, I, D, E, S, D, W, S, R, D, I, S, D, E, S, D, I, D, S, WD, D, S, D, S,
];

/// The rounds the demo applies to, by slug, in the order of the plans.
const ROUNDS: [&str; 3] = ["small-grants-2025", "big-ideas-2026", "small-grants-2026"];

/// One demo application before it is written.
struct Plan {
    round: usize,
    group: usize,
    project: &'static Project,
    fate: Fate,
    title: String,
    pounds: i64,
    submitted_at: Option<DateTime<Utc>>,
    reference: Option<String>,
}

/// A small grant: between £450 and £1,940, varied but fixed so every demo looks the same.
fn small_pounds(group: usize, salt: i64) -> i64 {
    let g = i64::try_from(group).unwrap_or(0);
    let pounds = 450 + (g * 337 + salt * 191) % 1500;
    pounds - pounds % 10
}

/// A big idea: between £6,000 and £47,900.
fn big_pounds(group: usize) -> i64 {
    let g = i64::try_from(group).unwrap_or(0);
    let pounds = 6_000 + (g * 6_133) % 42_000;
    pounds - pounds % 100
}

fn days(n: usize) -> Duration {
    Duration::days(i64::try_from(n).unwrap_or(0))
}

fn hours(n: usize) -> Duration {
    Duration::hours(i64::try_from(n % 8).unwrap_or(0))
}

/// Every application, with its submission time; [`number`] gives the references.
fn plans(rounds: &[funding_round::Model; 3]) -> Vec<Plan> {
    let mut plans = Vec::new();
    for (n, fate) in SMALL_2025.into_iter().enumerate() {
        plans.push(Plan {
            round: 0,
            group: n,
            project: &SMALL[n],
            fate,
            title: SMALL[n].title.to_owned(),
            pounds: small_pounds(n, 0),
            submitted_at: Some(rounds[0].opens_at + days(2 + 5 * n) + hours(n)),
            reference: None,
        });
    }
    for (n, fate) in BIG_2026.into_iter().enumerate() {
        plans.push(Plan {
            round: 1,
            group: 26 + n,
            project: &BIG[n],
            fate,
            title: BIG[n].title.to_owned(),
            pounds: big_pounds(26 + n),
            submitted_at: Some(rounds[1].opens_at + days(2 + 7 * n) + hours(n)),
            reference: None,
        });
    }
    let mut sent = 0;
    for (g, fate) in SMALL_2026.into_iter().enumerate() {
        let submitted_at = fate.was_submitted().then(|| {
            sent += 1;
            rounds[2].opens_at + days(sent) + hours(g)
        });
        // A group funded last year comes back for a second.
        let title = if SMALL_2025.get(g) == Some(&E) {
            format!("{}: second year", SMALL[g].title)
        } else {
            SMALL[g].title.to_owned()
        };
        plans.push(Plan {
            round: 2,
            group: g,
            project: &SMALL[g],
            fate,
            title,
            pounds: small_pounds(g, 1),
            submitted_at,
            reference: None,
        });
    }
    plans
}

/// References by year of submission, in order of submission, from 1 with no gaps.
/// Returns the last number used in each year.
fn number(plans: &mut [Plan]) -> BTreeMap<i32, i32> {
    let mut order: Vec<(DateTime<Utc>, usize)> = plans
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.submitted_at.map(|at| (at, i)))
        .collect();
    order.sort();
    let mut last: BTreeMap<i32, i32> = BTreeMap::new();
    for (at, i) in order {
        let n = last.entry(at.year()).or_insert(0);
        *n += 1;
        plans[i].reference = Some(format!("DCF-{}-{:04}", at.year(), n));
    }
    last
}

/// Splits `pence` across the lines by their shares, in whole pounds; what is left
/// over goes on the first line, so the lines always add up to the amount asked for.
fn split(pence: i64, lines: &[(&str, &str, i64)]) -> Vec<i64> {
    let shares: i64 = lines.iter().map(|l| l.2).sum::<i64>().max(1);
    let mut amounts: Vec<i64> = lines
        .iter()
        .map(|l| pence * l.2 / shares / 100 * 100)
        .collect();
    let rest = pence - amounts.iter().sum::<i64>();
    if let Some(first) = amounts.first_mut() {
        *first += rest;
    }
    amounts
}

fn missing(what: &str) -> AppError {
    AppError::Internal(format!("the demo needs {what}, seeded before applications"))
}

/// What the seed looks up before it writes.
struct Lookups {
    rounds: [funding_round::Model; 3],
    wards: Vec<i32>,
    /// Outcome code → (outcome id, its indicators' ids in order).
    outcomes: HashMap<String, (i32, Vec<i32>)>,
    questions: [Vec<i32>; 3],
    quiz: [Vec<i32>; 3],
    applicant: user::Model,
    officer: Option<user::Model>,
}

async fn look_up(txn: &DatabaseTransaction) -> Result<Lookups, AppError> {
    let mut found = Vec::new();
    for slug in ROUNDS {
        found.push(
            rounds::by_slug(txn, slug)
                .await
                .map_err(|_| missing(&format!("the round {slug}")))?,
        );
    }
    let rounds: [funding_round::Model; 3] =
        found.try_into().map_err(|_| missing("three rounds"))?;
    let by_code: HashMap<String, i32> = ward::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|w| (w.code, w.id))
        .collect();
    let wards = (1..=12)
        .map(|n| {
            by_code
                .get(&format!("E050112{n:02}"))
                .copied()
                .ok_or_else(|| missing("the twelve demo wards"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut indicators = indicator::Entity::find().all(txn).await?;
    indicators.sort_by_key(|i| (i.outcome_id, i.position, i.id));
    let outcomes = outcome::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|o| {
            let own = indicators
                .iter()
                .filter(|i| i.outcome_id == o.id)
                .map(|i| i.id)
                .collect();
            (o.code, (o.id, own))
        })
        .collect();
    let mut questions: [Vec<i32>; 3] = Default::default();
    let mut quiz: [Vec<i32>; 3] = Default::default();
    for (i, round) in rounds.iter().enumerate() {
        questions[i] = round_items::questions(txn, round.id)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
        quiz[i] = round_items::quiz(txn, round.id)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
    }
    let user_by_email = |email: &'static str| {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(txn)
    };
    let applicant = user_by_email("applicant@example.org")
        .await?
        .ok_or_else(|| missing("the demo applicant"))?;
    let officer = user_by_email("officer@example.org").await?;
    Ok(Lookups {
        rounds,
        wards,
        outcomes,
        questions,
        quiz,
        applicant,
        officer,
    })
}

/// Inserts rows, if there are any (an empty insert is an error).
async fn insert_all<A, C>(conn: &C, rows: Vec<A>) -> Result<(), AppError>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    if !rows.is_empty() {
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The people who run the groups, with one password hash of a random string:
/// these accounts exist to own things, not to sign in.
async fn seed_people(
    txn: &DatabaseTransaction,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<HashMap<String, i32>, AppError> {
    let emails: Vec<String> = GROUPS.iter().map(|g| email_of(g.person)).collect();
    let rows = GROUPS
        .iter()
        .zip(&emails)
        .map(|(g, email)| user::ActiveModel {
            email: Set(email.clone()),
            name: Set(g.person.to_owned()),
            password_hash: Set(hash.to_owned()),
            role: Set(Role::Applicant),
            disabled: Set(false),
            session_epoch: Set(0),
            failed_logins: Set(0),
            locked_until: Set(None),
            last_login_at: Set(None),
            created_at: Set(now - Duration::days(500)),
            updated_at: Set(now - Duration::days(500)),
            ..Default::default()
        })
        .collect();
    insert_all(txn, rows).await?;
    Ok(user::Entity::find()
        .filter(user::Column::Email.is_in(emails))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.email, u.id))
        .collect())
}

/// The groups and their members. Returns each group's id and its owner's user id.
async fn seed_groups(
    txn: &DatabaseTransaction,
    look: &Lookups,
    people: &HashMap<String, i32>,
    now: DateTime<Utc>,
) -> Result<Vec<(i32, i32)>, AppError> {
    let mut out = Vec::new();
    let mut members = Vec::new();
    for (i, g) in GROUPS.iter().enumerate() {
        let since = now - Duration::days(500) + days(i);
        let created = organisation::ActiveModel {
            name: Set(g.name.to_owned()),
            kind: Set(g.kind.to_owned()),
            charity_number: Set(g.charity_number.map(str::to_owned)),
            company_number: Set(g.company_number.map(str::to_owned)),
            postcode: Set(g.postcode.to_owned()),
            ward_id: Set(look.wards.get(g.ward).copied()),
            website: Set(g.website.map(str::to_owned)),
            phone: Set(Some(format!("01632 960 {:03}", 100 + i))),
            created_at: Set(since),
            updated_at: Set(since),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let person = *people
            .get(&email_of(g.person))
            .ok_or_else(|| missing("the groups' people"))?;
        let applicant_owns = APPLICANT_GROUPS.contains(&i);
        let owner = if applicant_owns {
            look.applicant.id
        } else {
            person
        };
        let member = |user_id, is_owner| organisation_member::ActiveModel {
            organisation_id: Set(created.id),
            user_id: Set(user_id),
            is_owner: Set(is_owner),
            created_at: Set(since),
            ..Default::default()
        };
        members.push(member(owner, true));
        if applicant_owns {
            members.push(member(person, false));
        }
        out.push((created.id, owner));
    }
    insert_all(txn, members).await?;
    Ok(out)
}

/// The rows that belong to the applications, gathered to be written in bulk.
#[derive(Default)]
struct Children {
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

    async fn write(self, txn: &DatabaseTransaction) -> Result<(), AppError> {
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

/// Adds the demo's groups, their people and their applications.
pub async fn seed(db: &DatabaseConnection, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let secret: [u8; 24] = rand::random();
    let hash = password::hash(base64::engine::general_purpose::STANDARD.encode(secret)).await?;
    let txn = begin_write(db).await?;
    let look = look_up(&txn).await?;
    let people = seed_people(&txn, &hash, now).await?;
    let groups = seed_groups(&txn, &look, &people, now).await?;
    let mut plans = plans(&look.rounds);
    let last_numbers = number(&mut plans);
    let mut children = Children::default();
    let today = now.date_naive();
    for (n, plan) in plans.iter().enumerate() {
        write_application(&txn, &look, &groups, plan, n, today, &mut children).await?;
    }
    children.write(&txn).await?;
    for (year, last) in &last_numbers {
        reference_sequence::ActiveModel {
            scope: Set(year.to_string()),
            last: Set(*last),
        }
        .insert(&txn)
        .await?;
    }
    let detail = format!(
        "{} demo applications from {} organisations",
        plans.len(),
        GROUPS.len()
    );
    audit::record(
        &txn,
        now,
        &Actor::system(),
        "demo.applications_seeded",
        "application",
        "",
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Writes one application and gathers what belongs to it.
async fn write_application(
    txn: &DatabaseTransaction,
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
    let quiz_answers = if complete {
        let answers: serde_json::Map<String, serde_json::Value> = quiz
            .iter()
            .map(|id| (id.to_string(), serde_json::Value::Bool(true)))
            .collect();
        serde_json::Value::Object(answers).to_string()
    } else {
        "{}".to_owned()
    };
    let declared = fate.was_submitted();
    let created = application::ActiveModel {
        reference: Set(plan.reference.clone()),
        round_id: Set(round.id),
        organisation_id: Set(organisation_id),
        created_by: Set(owner_id),
        status: Set(fate.status().as_str().to_owned()),
        version: Set(version),
        title: Set(plan.title.clone()),
        summary: Set(project.summary.to_owned()),
        start_date: Set(start),
        end_date: Set(end),
        requested_pence: Set(pence),
        section_state: Set("{}".to_owned()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_lines_add_up_to_the_amount_asked_for_in_whole_pounds_but_one() {
        let lines = [
            ("a", "staff", 55),
            ("b", "venue", 35),
            ("c", "publicity", 10),
        ];
        let amounts = split(123_400, &lines);
        assert_eq!(amounts.iter().sum::<i64>(), 123_400);
        assert!(amounts[1..].iter().all(|a| a % 100 == 0));
        assert_eq!(amounts.len(), 3);
    }

    #[test]
    fn amounts_fall_within_each_rounds_limits() {
        for g in 0..40 {
            for salt in 0..2 {
                assert!((250..=2_000).contains(&small_pounds(g, salt)));
            }
            assert!((2_001..=50_000).contains(&big_pounds(g)));
        }
    }

    #[test]
    fn every_project_has_two_to_five_budget_lines_from_the_fixed_list() {
        use crate::domain::application_budget::is_category;
        assert_eq!(SMALL.len(), 30);
        assert_eq!(BIG.len(), 14);
        for p in SMALL.iter().chain(BIG) {
            assert!((2..=5).contains(&p.lines.len()), "{}", p.title);
            assert!(p.lines.iter().all(|l| is_category(l.1)), "{}", p.title);
        }
    }
}
