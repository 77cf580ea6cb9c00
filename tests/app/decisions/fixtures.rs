//! A round with two weighted criteria, eligible applications, reviewers and their
//! reviews, written straight to the tables (the panel's own pages write reviews).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use dealfund::domain::application::Status;
use entity::{
    application, audit_event, award, conflict_declaration, criterion, decision, funding_round,
    organisation, organisation_member, review, review_score, user,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::support::builders::ApplicationBuilder;
use crate::support::{TestApp, builders};

static COUNTER: AtomicU32 = AtomicU32::new(1);

fn next() -> u32 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// A round of `pounds`, fundable threshold 60, margin 20, three reviews needed,
/// criteria "Need" (weight 3) and "Plan" (weight 2).
pub struct Round {
    pub round: funding_round::Model,
    pub need: i32,
    pub plan: i32,
}

pub async fn round(app: &TestApp, slug: &str, pounds: i64) -> Round {
    let fund = builders::fund(app, &format!("{slug}-fund"), 1_000_000).await;
    let round = builders::round(app, &fund, slug, pounds).await;
    let mut change: funding_round::ActiveModel = round.into();
    change.fundable_threshold = Set(60);
    change.disagreement_margin = Set(20);
    change.reviews_needed = Set(3);
    change.status = Set(entity::funding_round::Status::Assessment);
    let round = change.update(&app.db).await.expect("set up the round");
    let mut ids = Vec::new();
    for (position, (title, weight)) in [("Need", 3), ("Plan", 2)].into_iter().enumerate() {
        let saved = criterion::ActiveModel {
            round_id: Set(round.id),
            title: Set(title.into()),
            guidance: Set(String::new()),
            weight: Set(weight),
            outcome_id: Set(None),
            position: Set(position as i32 + 1),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add a criterion");
        ids.push(saved.id);
    }
    Round {
        round,
        need: ids[0],
        plan: ids[1],
    }
}

/// A time on a fixed morning, for submission order.
pub fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0)
        .single()
        .expect("a real time")
}

/// An account, written directly (it is never used to sign in).
pub async fn person(app: &TestApp, name: &str) -> user::Model {
    let n = next();
    let now = app.clock.now();
    user::ActiveModel {
        email: Set(format!("person{n}-{}@example.org", rand::random::<u32>())),
        name: Set(name.to_owned()),
        password_hash: Set("not a password hash".into()),
        role: Set(user::Role::Panel),
        disabled: Set(false),
        failed_logins: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a person")
}

/// An eligible application asking for `pence`, submitted at `submitted`.
pub async fn eligible(
    app: &TestApp,
    round: &Round,
    reference: &str,
    pence: i64,
    submitted: DateTime<Utc>,
) -> application::Model {
    let now = app.clock.now();
    let owner = person(app, "Owner").await;
    let organisation = organisation::ActiveModel {
        name: Set(format!("Group {reference}")),
        kind: Set(entity::organisation::Kind::ConstitutedGroup),
        postcode: Set("AS1 2AB".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an organisation");
    ApplicationBuilder::new(&round.round)
        .owned_by(&owner)
        .organisation(&organisation)
        .reference(reference)
        .status(Status::Eligible)
        .title(&format!("Project {reference}"))
        .summary("")
        .requested(pence)
        .submitted_at(submitted)
        .create(app)
        .await
}

/// A submitted review: scores for Need and Plan, and a recommendation.
pub async fn review(
    app: &TestApp,
    round: &Round,
    application: &application::Model,
    reviewer: &user::Model,
    need: i32,
    plan: i32,
    recommendation: &str,
) {
    let now = app.clock.now();
    let saved = review::ActiveModel {
        application_id: Set(application.id),
        reviewer_id: Set(reviewer.id),
        status: Set(entity::review::Status::Submitted),
        recommendation: Set(Some(recommendation.to_owned())),
        overall_comment: Set(format!("Overall, {recommendation}")),
        submitted_at: Set(Some(now - Duration::minutes(i64::from(next())))),
        reopened_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a review");
    for (criterion_id, score) in [(round.need, need), (round.plan, plan)] {
        review_score::ActiveModel {
            review_id: Set(saved.id),
            criterion_id: Set(criterion_id),
            score: Set(Some(score)),
            comment: Set(format!("Scored {score}")),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add a score");
    }
}

/// A declared conflict of interest.
pub async fn conflict(app: &TestApp, application: &application::Model, reviewer: &user::Model) {
    conflict_declaration::ActiveModel {
        application_id: Set(application.id),
        reviewer_id: Set(reviewer.id),
        has_conflict: Set(true),
        nature: Set("My sister runs the group".into()),
        declared_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a conflict");
}

/// Makes `user` a member of the application's organisation.
pub async fn member(app: &TestApp, application: &application::Model, user: &user::Model) {
    organisation_member::ActiveModel {
        organisation_id: Set(application.organisation_id),
        user_id: Set(user.id),
        is_owner: Set(true),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a member");
}

/// The example of the board tests, hand-computed (criteria weigh 3 and 2, so 25 is full marks):
///
/// | app | asks   | reviews (Need, Plan → /100)             | mean | spread | sd   |
/// |-----|--------|-----------------------------------------|------|--------|------|
/// | X   | £1,500 | Ada 5,5 → 100 (fund); Ben 4,3 → 72 (part) | 86 | 28 ⚑   | 14   |
/// | Y   | £1,000 | Ada, Ben, Cy 4,4 → 80 each (fund)       | 80   | 0      | 0    |
/// | Z   | £1,000 | Cy 4,4 → 80 (fund), submitted earliest  | 80   | 0      | 0    |
/// | W   | £500   | Ben 2,3 → 48 (do not fund); Cy conflicted | 48 | 0      | 0    |
///
/// Ranked X, Y (three reviews beat Z's one), Z, W; running totals £1,500, £2,500,
/// £3,500, £4,000, so against £3,000 the money runs out above Z; W is under 60.
pub struct Example {
    pub round: Round,
    pub x: application::Model,
    pub y: application::Model,
    pub z: application::Model,
    pub w: application::Model,
}

pub async fn example(app: &TestApp, slug: &str) -> Example {
    let round = round(app, slug, 3_000).await;
    let ada = person(app, "Ada Reviewer").await;
    let ben = person(app, "Ben Reviewer").await;
    let cy = person(app, "Cy Reviewer").await;
    let p = slug.to_uppercase();
    let x = eligible(app, &round, &format!("{p}-X"), 150_000, at(9)).await;
    let y = eligible(app, &round, &format!("{p}-Y"), 100_000, at(10)).await;
    let z = eligible(app, &round, &format!("{p}-Z"), 100_000, at(8)).await;
    let w = eligible(app, &round, &format!("{p}-W"), 50_000, at(7)).await;
    review(app, &round, &x, &ada, 5, 5, "fund").await;
    review(app, &round, &x, &ben, 4, 3, "fund_in_part").await;
    for reviewer in [&ada, &ben, &cy] {
        review(app, &round, &y, reviewer, 4, 4, "fund").await;
    }
    review(app, &round, &z, &cy, 4, 4, "fund").await;
    review(app, &round, &w, &ben, 2, 3, "do_not_fund").await;
    conflict(app, &w, &cy).await;
    Example { round, x, y, z, w }
}

/// Rows of a table for one application.
pub async fn decisions_of(app: &TestApp, application_id: i32) -> Vec<decision::Model> {
    decision::Entity::find()
        .filter(decision::Column::ApplicationId.eq(application_id))
        .all(&app.db)
        .await
        .expect("read decisions")
}

/// The award of an application, if any.
pub async fn award_of(app: &TestApp, application_id: i32) -> Option<award::Model> {
    award::Entity::find()
        .filter(award::Column::ApplicationId.eq(application_id))
        .one(&app.db)
        .await
        .expect("read the award")
}

/// Audit events about an application with this action.
pub async fn events(app: &TestApp, application_id: i32, action: &str) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("application"))
        .filter(audit_event::Column::EntityId.eq(application_id.to_string()))
        .filter(audit_event::Column::Action.eq(action))
        .all(&app.db)
        .await
        .expect("read events")
}

/// The application as stored now.
pub async fn reload(app: &TestApp, id: i32) -> application::Model {
    application::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("read the application")
        .expect("the application exists")
}
