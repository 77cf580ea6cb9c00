//! An offered award on an application with dates and two indicator targets, its
//! group's member signed in, and helpers to accept it and read its reports.

use chrono::NaiveDate;
use dealfund::domain::application::Status as ApplicationStatus;
use entity::{
    application_target, award, indicator, monitoring_report, organisation, organisation_member,
    user::Role,
};
use rocket::http::Status;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::support::builders::ApplicationBuilder;
use crate::support::{TestApp, TestClient, builders};

/// An offered award and who can act on it.
pub struct Offer {
    pub award: award::Model,
    pub key: String,
    pub member: TestClient,
    /// The member's email, to sign in again after moving the clock.
    pub email: String,
    /// The indicators with targets: "Sessions run" (target 40), "People taking part" (120).
    pub sessions: i32,
    pub people: i32,
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// An award of `pence` offered on a project from 1 April 2026 to 31 March 2027.
pub async fn offer(app: &TestApp, slug: &str, pence: i64) -> Offer {
    let now = app.clock.now();
    let fund = builders::fund(app, &format!("{slug}-fund"), 1_000_000).await;
    let round = builders::round(app, &fund, slug, 100_000).await;
    let outcome = builders::outcome(app, &format!("O-{slug}")).await;
    let mut ids = Vec::new();
    for (position, name) in [(1, "Sessions run"), (2, "People taking part")] {
        let saved = indicator::ActiveModel {
            outcome_id: Set(outcome.id),
            name: Set(name.into()),
            unit: Set("count".into()),
            description: Set(String::new()),
            position: Set(position),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an indicator");
        ids.push(saved.id);
    }
    let org = organisation::ActiveModel {
        name: Set(format!("Friends of {slug}")),
        kind: Set(entity::organisation::Kind::ConstitutedGroup),
        postcode: Set("AS1 2AB".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an organisation");
    let (member, user) = app.login_as(Role::Applicant).await;
    organisation_member::ActiveModel {
        organisation_id: Set(org.id),
        user_id: Set(user.id),
        is_owner: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a member");
    let reference = format!("REP-{}", slug.to_uppercase());
    let application = ApplicationBuilder::new(&round)
        .owned_by(&user)
        .organisation(&org)
        .reference(&reference)
        .status(ApplicationStatus::Awarded)
        .title(&format!("Project {slug}"))
        .summary("")
        .dates(date(2026, 4, 1), date(2027, 3, 31))
        .requested(pence)
        .submitted_at(now)
        .create(app)
        .await;
    for (id, target) in [(ids[0], 40), (ids[1], 120)] {
        application_target::ActiveModel {
            application_id: Set(application.id),
            indicator_id: Set(id),
            target: Set(target),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add a target");
    }
    let award = award::ActiveModel {
        application_id: Set(application.id),
        round_id: Set(round.id),
        amount_pence: Set(pence),
        conditions: Set(String::new()),
        status: Set(entity::award::Status::Offered),
        offered_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an award");
    Offer {
        award,
        key: reference,
        member,
        email: user.email.clone(),
        sessions: ids[0],
        people: ids[1],
    }
}

/// Accepts the offer through the applicant's page.
pub async fn accept(offer: &Offer) {
    let page = offer
        .member
        .post(
            &format!("/applications/{}/decision/accept", offer.key),
            &[("agree", "true"), ("name", "Sam Whitfield")],
        )
        .await;
    assert_eq!(page.status, Status::SeeOther, "{}", page.body);
}

/// An accepted award.
pub async fn accepted(app: &TestApp, slug: &str, pence: i64) -> Offer {
    let offer = offer(app, slug, pence).await;
    accept(&offer).await;
    offer
}

/// The award's reports in order.
pub async fn reports(app: &TestApp, award_id: i32) -> Vec<monitoring_report::Model> {
    monitoring_report::Entity::find()
        .filter(monitoring_report::Column::AwardId.eq(award_id))
        .order_by_asc(monitoring_report::Column::Position)
        .all(&app.db)
        .await
        .expect("read reports")
}

/// A complete report form for `offer`, at `version`.
pub fn complete(offer: &Offer, version: i32) -> Vec<(String, String)> {
    vec![
        ("version".into(), version.to_string()),
        (format!("achieved-{}", offer.sessions), "38".into()),
        (format!("achieved-{}", offer.people), "131".into()),
        ("beneficiaries".into(), "131".into()),
        ("volunteers".into(), "9".into()),
        ("volunteer_hours".into(), "420".into()),
        ("spend".into(), "1,450.50".into()),
        ("went_well".into(), "The Tuesday lunches filled up".into()),
        ("was_hard".into(), "Finding drivers in winter".into()),
        ("action".into(), "submit".into()),
    ]
}

/// Borrows owned pairs as the client wants them.
pub fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
