//! The application builder: an application in any state, with everything that
//! belongs to it, written straight to the database (the applicant's side has its
//! own tests of how applications are made).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use dealfund::domain::application::Status;
use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, budget_line, funding_round, match_funding, organisation,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

pub use super::fixtures::{OrganisationBuilder, open_round, reload, ward};
use super::fixtures::{next_number, owner};
use crate::support::TestApp;

/// An application to a round, submitted unless told otherwise.
pub struct ApplicationBuilder {
    round_id: i32,
    organisation: Option<organisation::Model>,
    organisation_name: Option<String>,
    status: Status,
    reference: Option<String>,
    title: String,
    summary: String,
    requested_pence: i64,
    submitted_at: Option<DateTime<Utc>>,
    dates: Option<(NaiveDate, NaiveDate)>,
    wards: Vec<i32>,
    budget: Vec<(String, String, i64)>,
    outcomes: Vec<(i32, String)>,
    targets: Vec<(i32, i64)>,
    answers: Vec<(i32, String)>,
    partners: Vec<(String, String)>,
    match_funding: Vec<(String, i64, bool)>,
    quiz_answers: String,
    declaration_name: String,
}

impl ApplicationBuilder {
    /// A submitted application to `round`, from a new organisation.
    pub fn new(round: &funding_round::Model) -> Self {
        Self {
            round_id: round.id,
            organisation: None,
            organisation_name: None,
            status: Status::Submitted,
            reference: None,
            title: "Community project".into(),
            summary: "What the project does.".into(),
            requested_pence: 100_000,
            submitted_at: None,
            dates: None,
            wards: Vec::new(),
            budget: Vec::new(),
            outcomes: Vec::new(),
            targets: Vec::new(),
            answers: Vec::new(),
            partners: Vec::new(),
            match_funding: Vec::new(),
            quiz_answers: "{}".into(),
            declaration_name: "A Person".into(),
        }
    }

    /// From this organisation.
    pub fn organisation(mut self, organisation: &organisation::Model) -> Self {
        self.organisation = Some(organisation.clone());
        self
    }

    /// From a new organisation with this name.
    pub fn organisation_named(mut self, name: &str) -> Self {
        self.organisation_name = Some(name.to_owned());
        self
    }

    /// In this state (drafts get no reference and no submission time).
    pub fn status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }

    /// A draft, not yet submitted.
    pub fn draft(self) -> Self {
        self.status(Status::Draft)
    }

    /// With this reference.
    pub fn reference(mut self, reference: &str) -> Self {
        self.reference = Some(reference.to_owned());
        self
    }

    /// With this title.
    pub fn title(mut self, title: &str) -> Self {
        self.title = title.to_owned();
        self
    }

    /// With this summary.
    pub fn summary(mut self, summary: &str) -> Self {
        self.summary = summary.to_owned();
        self
    }

    /// Asking for this many pence.
    pub fn requested(mut self, pence: i64) -> Self {
        self.requested_pence = pence;
        self
    }

    /// Submitted at this time.
    pub fn submitted_at(mut self, at: DateTime<Utc>) -> Self {
        self.submitted_at = Some(at);
        self
    }

    /// Running between these dates.
    pub fn dates(mut self, start: NaiveDate, end: NaiveDate) -> Self {
        self.dates = Some((start, end));
        self
    }

    /// Working in this ward.
    pub fn ward(mut self, ward_id: i32) -> Self {
        self.wards.push(ward_id);
        self
    }

    /// With a budget line (the requested amount stays as set).
    pub fn budget_line(mut self, item: &str, category: &str, pence: i64) -> Self {
        self.budget
            .push((item.to_owned(), category.to_owned(), pence));
        self
    }

    /// Claiming an outcome, measured so.
    pub fn outcome(mut self, outcome_id: i32, measurement: &str) -> Self {
        self.outcomes.push((outcome_id, measurement.to_owned()));
        self
    }

    /// With a target for an indicator.
    pub fn target(mut self, indicator_id: i32, value: i64) -> Self {
        self.targets.push((indicator_id, value));
        self
    }

    /// Answering one of the round's questions.
    pub fn answer(mut self, question_id: i32, answer: &str) -> Self {
        self.answers.push((question_id, answer.to_owned()));
        self
    }

    /// With a partner organisation.
    pub fn partner(mut self, name: &str, role: &str) -> Self {
        self.partners.push((name.to_owned(), role.to_owned()));
        self
    }

    /// With match funding.
    pub fn match_funding(mut self, source: &str, pence: i64, secured: bool) -> Self {
        self.match_funding.push((source.to_owned(), pence, secured));
        self
    }

    /// With these quiz answers, as stored.
    pub fn quiz_answers(mut self, stored: &str) -> Self {
        self.quiz_answers = stored.to_owned();
        self
    }

    /// Signed by this person.
    pub fn declared_by(mut self, name: &str) -> Self {
        self.declaration_name = name.to_owned();
        self
    }

    /// Saves it and everything that belongs to it.
    pub async fn create(self, app: &TestApp) -> application::Model {
        let n = next_number();
        let now = app.clock.now();
        let owner = owner(app).await;
        let organisation = match self.organisation {
            Some(o) => o,
            None => {
                let name = self
                    .organisation_name
                    .unwrap_or_else(|| format!("Group {n}"));
                OrganisationBuilder::new(&name).create(app).await
            }
        };
        let draft = self.status == Status::Draft;
        let reference = if draft {
            None
        } else {
            Some(
                self.reference
                    .unwrap_or_else(|| format!("DCF-2026-{:04}", 5000 + n)),
            )
        };
        let submitted_at = if draft {
            None
        } else {
            Some(
                self.submitted_at
                    .unwrap_or(now - Duration::minutes(i64::from(n))),
            )
        };
        let created = application::ActiveModel {
            reference: Set(reference),
            round_id: Set(self.round_id),
            organisation_id: Set(organisation.id),
            created_by: Set(owner.id),
            status: Set(self.status),
            version: Set(1),
            title: Set(self.title),
            summary: Set(self.summary),
            start_date: Set(self.dates.map(|d| d.0)),
            end_date: Set(self.dates.map(|d| d.1)),
            requested_pence: Set(self.requested_pence),
            section_state: Set("{}".into()),
            quiz_answers: Set(self.quiz_answers),
            declaration_true: Set(!draft),
            declaration_consent: Set(!draft),
            declaration_name: Set(if draft {
                String::new()
            } else {
                self.declaration_name
            }),
            submitted_at: Set(submitted_at),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an application");
        let id = created.id;
        for ward_id in self.wards {
            insert(
                app,
                application_ward::ActiveModel {
                    application_id: Set(id),
                    ward_id: Set(ward_id),
                    ..Default::default()
                },
            )
            .await;
        }
        for (position, (item, category, pence)) in (1..).zip(self.budget) {
            insert(
                app,
                budget_line::ActiveModel {
                    application_id: Set(id),
                    item: Set(item),
                    category: Set(category),
                    amount_pence: Set(pence),
                    position: Set(position),
                    ..Default::default()
                },
            )
            .await;
        }
        for (outcome_id, measurement) in self.outcomes {
            insert(
                app,
                application_outcome::ActiveModel {
                    application_id: Set(id),
                    outcome_id: Set(outcome_id),
                    measurement: Set(measurement),
                    ..Default::default()
                },
            )
            .await;
        }
        for (indicator_id, target) in self.targets {
            insert(
                app,
                application_target::ActiveModel {
                    application_id: Set(id),
                    indicator_id: Set(indicator_id),
                    target: Set(target),
                    ..Default::default()
                },
            )
            .await;
        }
        for (question_id, answer) in self.answers {
            insert(
                app,
                application_answer::ActiveModel {
                    application_id: Set(id),
                    question_id: Set(question_id),
                    answer: Set(answer),
                    ..Default::default()
                },
            )
            .await;
        }
        for (name, role) in self.partners {
            insert(
                app,
                application_partner::ActiveModel {
                    application_id: Set(id),
                    name: Set(name),
                    role: Set(role),
                    ..Default::default()
                },
            )
            .await;
        }
        for (source, pence, secured) in self.match_funding {
            insert(
                app,
                match_funding::ActiveModel {
                    application_id: Set(id),
                    source: Set(source),
                    amount_pence: Set(pence),
                    secured: Set(secured),
                    ..Default::default()
                },
            )
            .await;
        }
        created
    }
}

async fn insert<A>(app: &TestApp, row: A)
where
    A: sea_orm::ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    row.insert(&app.db).await.expect("add a row");
}
