//! Test data builders, shared by every area: funds, rounds, organisations and
//! applications. Funds and rounds go through the same services the pages use;
//! organisations and applications are written straight to the database (the
//! applicant's side has its own tests of how applications are made).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use dealfund::domain::application::Status;
use dealfund::domain::local_time::{date_input, time_input};
use dealfund::services::audit::Actor;
use dealfund::services::funds::{self, ContributionInput, FundInput};
use dealfund::services::rounds::items::{self, CriterionInput};
use dealfund::services::rounds::{self, RoundInput};
use entity::{
    application, application_answer, application_outcome, application_partner, application_target,
    application_ward, budget_line, fund, funding_round, match_funding, organisation, user,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::TestApp;

/// A fund with one contribution of `pounds`.
pub async fn fund(app: &TestApp, slug: &str, pounds: i64) -> fund::Model {
    let input = FundInput {
        name: format!("Fund {slug}"),
        slug: slug.to_owned(),
        description: String::new(),
    };
    let created = funds::create(&app.db, &app.clock, &Actor::system(), input)
        .await
        .expect("create a fund");
    let contribution = ContributionInput {
        partner_name: "Test Borough Council".into(),
        partner_org_id: String::new(),
        amount: pounds.to_string(),
    };
    funds::add_contribution(
        &app.db,
        &app.clock,
        &Actor::system(),
        created.id,
        contribution,
    )
    .await
    .expect("add a contribution");
    created
}

/// A round's form input, opening and closing at the given times.
pub fn round_input(
    app: &TestApp,
    slug: &str,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    budget: i64,
) -> RoundInput {
    let tz = app.config.time_zone;
    RoundInput {
        name: format!("Round {slug}"),
        slug: slug.to_owned(),
        guidance: "What this round funds.".into(),
        opens_date: date_input(opens, tz),
        opens_time: time_input(opens, tz),
        closes_date: date_input(closes, tz),
        closes_time: time_input(closes, tz),
        budget: budget.to_string(),
        min_grant: "250".into(),
        max_grant: "2000".into(),
        max_duration_months: "12".into(),
        fundable_threshold: "60".into(),
        disagreement_margin: "20".into(),
        single_payment_max: "2000".into(),
        upfront_percent: "50".into(),
        tranche_interval_months: "6".into(),
        report_interval_months: "6".into(),
    }
}

/// A draft round of `budget` pounds, open from yesterday for a fortnight.
pub async fn round(
    app: &TestApp,
    fund: &fund::Model,
    slug: &str,
    budget: i64,
) -> funding_round::Model {
    let now = app.clock.now();
    let input = round_input(
        app,
        slug,
        now - Duration::days(1),
        now + Duration::days(14),
        budget,
    );
    rounds::create(
        &app.db,
        &app.clock,
        &Actor::system(),
        app.config.time_zone,
        fund.id,
        &input,
    )
    .await
    .expect("create a round")
}

/// Gives a round one criterion.
pub async fn criterion(app: &TestApp, round: &funding_round::Model, title: &str, weight: i32) {
    let input = CriterionInput {
        title: title.to_owned(),
        guidance: String::new(),
        weight: weight.to_string(),
        outcome_id: String::new(),
    };
    items::save_criterion(
        &app.db,
        &app.clock,
        &Actor::system(),
        round.id,
        None,
        &input,
    )
    .await
    .expect("add a criterion");
}

/// Adds an outcome to the framework (rounds need one before publishing).
pub async fn outcome(app: &TestApp, code: &str) -> entity::outcome::Model {
    entity::outcome::ActiveModel {
        code: Set(code.to_owned()),
        title: Set(format!("Outcome {code}")),
        description: Set(String::new()),
        position: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an outcome")
}

/// A round that is published, with a criterion and an outcome in the framework.
pub async fn published_round(
    app: &TestApp,
    fund: &fund::Model,
    slug: &str,
    budget: i64,
) -> funding_round::Model {
    let round = round(app, fund, slug, budget).await;
    criterion(app, &round, "Meets local need", 2).await;
    if <entity::outcome::Entity as sea_orm::EntityTrait>::find()
        .one(&app.db)
        .await
        .ok()
        .flatten()
        .is_none()
    {
        outcome(app, "O1").await;
    }
    rounds::transition(
        &app.db,
        &app.clock,
        &Actor::system(),
        round.id,
        dealfund::domain::round::Transition::Publish,
    )
    .await
    .expect("publish the round")
}

/// A submitted application to a round from a new organisation, written directly.
pub async fn submitted_application(app: &TestApp, round: &funding_round::Model, reference: &str) {
    let now = app.clock.now();
    let owner = app
        .create_user(
            &format!("{}@groups.example", reference.to_lowercase()),
            user::Role::Applicant,
        )
        .await;
    ApplicationBuilder::new(round)
        .owned_by(&owner)
        .organisation_named(&format!("Group {reference}"))
        .reference(reference)
        .title(&format!("Project {reference}"))
        .summary("")
        .submitted_at(now)
        .create(app)
        .await;
}

static COUNTER: AtomicU32 = AtomicU32::new(1);

/// A number no other test object has, for unique names.
pub fn next_number() -> u32 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// An account that owns test organisations; it is never used to sign in.
pub async fn owner(app: &TestApp) -> user::Model {
    let n = next_number();
    let now = app.clock.now();
    user::ActiveModel {
        email: Set(format!("owner{n}@groups.example")),
        name: Set(format!("Owner {n}")),
        password_hash: Set("not a password hash".into()),
        role: Set(user::Role::Applicant),
        disabled: Set(false),
        failed_logins: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an owner")
}

/// An organisation, a constituted group in `AS1 2AB` unless told otherwise.
pub struct OrganisationBuilder {
    name: String,
    kind: entity::organisation::Kind,
    charity_number: Option<String>,
    ward_id: Option<i32>,
    website: Option<String>,
    phone: Option<String>,
}

impl OrganisationBuilder {
    /// An organisation with this name.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind: entity::organisation::Kind::ConstitutedGroup,
            charity_number: None,
            ward_id: None,
            website: None,
            phone: None,
        }
    }

    /// A registered charity with this number.
    pub fn charity(mut self, number: &str) -> Self {
        self.kind = entity::organisation::Kind::RegisteredCharity;
        self.charity_number = Some(number.to_owned());
        self
    }

    /// Based in this ward.
    pub fn ward(mut self, ward_id: i32) -> Self {
        self.ward_id = Some(ward_id);
        self
    }

    /// With a website and phone number.
    pub fn contact(mut self, website: &str, phone: &str) -> Self {
        self.website = Some(website.to_owned());
        self.phone = Some(phone.to_owned());
        self
    }

    /// Saves it.
    pub async fn create(self, app: &TestApp) -> organisation::Model {
        let now = app.clock.now();
        organisation::ActiveModel {
            name: Set(self.name),
            kind: Set(self.kind),
            charity_number: Set(self.charity_number),
            company_number: Set(None),
            postcode: Set("AS1 2AB".into()),
            ward_id: Set(self.ward_id),
            website: Set(self.website),
            phone: Set(self.phone),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an organisation")
    }
}

/// An application to a round, submitted unless told otherwise.
pub struct ApplicationBuilder {
    round_id: i32,
    organisation_id: Option<i32>,
    owner_id: Option<i32>,
    organisation_name: Option<String>,
    status: Status,
    reference: Option<String>,
    title: String,
    summary: String,
    requested_pence: i64,
    submitted_at: Option<DateTime<Utc>>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
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
            organisation_id: None,
            owner_id: None,
            organisation_name: None,
            status: Status::Submitted,
            reference: None,
            title: "Community project".into(),
            summary: "What the project does.".into(),
            requested_pence: 100_000,
            submitted_at: None,
            start_date: None,
            end_date: None,
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
        self.organisation_id = Some(organisation.id);
        self
    }

    /// From the organisation with this id.
    pub fn organisation_id(mut self, id: i32) -> Self {
        self.organisation_id = Some(id);
        self
    }

    /// Made by this account (otherwise by a new account that never signs in).
    pub fn owned_by(mut self, owner: &user::Model) -> Self {
        self.owner_id = Some(owner.id);
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
        self.start_date = Some(start);
        self.end_date = Some(end);
        self
    }

    /// Starting and ending on these dates, if known.
    pub fn maybe_dates(mut self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Self {
        self.start_date = start;
        self.end_date = end;
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

    /// The application's own row, not saved: for writing many at once. The
    /// organisation and the owner must have been given.
    pub fn active_model(&self, now: DateTime<Utc>) -> application::ActiveModel {
        let organisation_id = self.organisation_id.expect("an organisation was given");
        let owner_id = self.owner_id.expect("an owner was given");
        self.row(next_number(), now, organisation_id, owner_id)
    }

    fn row(
        &self,
        n: u32,
        now: DateTime<Utc>,
        organisation_id: i32,
        owner_id: i32,
    ) -> application::ActiveModel {
        let draft = self.status == Status::Draft;
        let reference = if draft {
            None
        } else {
            Some(
                self.reference
                    .clone()
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
        application::ActiveModel {
            reference: Set(reference),
            round_id: Set(self.round_id),
            organisation_id: Set(organisation_id),
            created_by: Set(owner_id),
            status: Set(self.status),
            version: Set(1),
            title: Set(self.title.clone()),
            summary: Set(self.summary.clone()),
            start_date: Set(self.start_date),
            end_date: Set(self.end_date),
            requested_pence: Set(self.requested_pence),
            section_state: Set("{}".into()),
            quiz_answers: Set(self.quiz_answers.clone()),
            declaration_true: Set(!draft),
            declaration_consent: Set(!draft),
            declaration_name: Set(if draft {
                String::new()
            } else {
                self.declaration_name.clone()
            }),
            submitted_at: Set(submitted_at),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    }

    /// Saves it and everything that belongs to it.
    pub async fn create(self, app: &TestApp) -> application::Model {
        let n = next_number();
        let now = app.clock.now();
        let owner_id = match self.owner_id {
            Some(id) => id,
            None => owner(app).await.id,
        };
        let organisation_id = match self.organisation_id {
            Some(id) => id,
            None => {
                let name = self
                    .organisation_name
                    .clone()
                    .unwrap_or_else(|| format!("Group {n}"));
                OrganisationBuilder::new(&name).create(app).await.id
            }
        };
        let created = self
            .row(n, now, organisation_id, owner_id)
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
