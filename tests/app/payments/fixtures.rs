//! Awards ready for payment, written straight to the tables (the decisions
//! area's pages make them for real), and readers for what the tests check.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Days, NaiveDate};
use dealfund::domain::application::Status;
use dealfund::services::payments;
use entity::decision;
use entity::user::Role;
use entity::{
    application, award, funding_round, organisation, organisation_member, payment_tranche,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::support::builders::ApplicationBuilder;
use crate::support::{TestApp, builders};

static COUNTER: AtomicU32 = AtomicU32::new(1);

/// An award and what it belongs to.
pub struct Awarded {
    pub award: award::Model,
    pub application: application::Model,
    pub round: funding_round::Model,
}

/// Today in the council's zone, as the app sees it.
pub fn today(app: &TestApp) -> NaiveDate {
    app.clock
        .now()
        .with_timezone(&app.config.time_zone)
        .date_naive()
}

/// `n` days from today.
pub fn in_days(app: &TestApp, n: i64) -> NaiveDate {
    let today = today(app);
    if n >= 0 {
        today.checked_add_days(Days::new(n as u64)).unwrap()
    } else {
        today.checked_sub_days(Days::new(n.unsigned_abs())).unwrap()
    }
}

/// An offered award of `pence` for a project running `start` to `end`, in a round
/// of its own with the default rules (one payment up to £2,000; otherwise half up
/// front, then every six months).
pub async fn offered(
    app: &TestApp,
    pence: i64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Awarded {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let slug = format!("pay-{n}");
    let fund = builders::fund(app, &format!("{slug}-fund"), 1_000_000).await;
    let round = builders::round(app, &fund, &slug, 500_000).await;
    let now = app.clock.now();
    let owner = app
        .create_user(
            &format!("owner{n}-{}@example.org", rand::random::<u32>()),
            Role::Applicant,
        )
        .await;
    let organisation = organisation::ActiveModel {
        name: Set(format!("Group {n}")),
        kind: Set(entity::organisation::Kind::ConstitutedGroup),
        postcode: Set("AS1 2AB".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an organisation");
    let application = ApplicationBuilder::new(&round)
        .owned_by(&owner)
        .organisation(&organisation)
        .reference(&format!("PAY-{n}"))
        .status(Status::Awarded)
        .title(&format!("Project {n}"))
        .summary("")
        .requested(pence)
        .maybe_dates(start, end)
        .submitted_at(now)
        .create(app)
        .await;
    let award = award::ActiveModel {
        application_id: Set(application.id),
        round_id: Set(round.id),
        amount_pence: Set(pence),
        conditions: Set("Keep the hall insured".into()),
        status: Set(entity::award::Status::Offered),
        offered_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add an award");
    decision::ActiveModel {
        application_id: Set(application.id),
        round_id: Set(round.id),
        outcome: Set("award".into()),
        amount_pence: Set(pence),
        reason: Set(String::new()),
        conditions: Set("Keep the hall insured".into()),
        feedback: Set(String::new()),
        decided_by: Set(owner.id),
        decided_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a decision");
    Awarded {
        award,
        application,
        round,
    }
}

/// An accepted award with its schedule, made as accepting it would.
pub async fn accepted(
    app: &TestApp,
    pence: i64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Awarded {
    let mut made = offered(app, pence, start, end).await;
    let mut change: award::ActiveModel = made.award.clone().into();
    change.status = Set(entity::award::Status::Accepted);
    change.responded_at = Set(Some(app.clock.now()));
    made.award = change.update(&app.db).await.expect("accept the award");
    payments::write_schedule(&app.db, &made.award, today(app), app.clock.now())
        .await
        .expect("write the schedule");
    made
}

/// A £5,000 accepted award from today for a year: £2,500 now and £2,500 in six months.
pub async fn two_tranches(app: &TestApp) -> Awarded {
    accepted(app, 500_000, Some(today(app)), Some(in_days(app, 364))).await
}

/// Makes `user` a member of the application's organisation.
pub async fn member(app: &TestApp, application: &application::Model, user_id: i32) {
    organisation_member::ActiveModel {
        organisation_id: Set(application.organisation_id),
        user_id: Set(user_id),
        is_owner: Set(true),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("add a member");
}

/// The award's tranches, in order.
pub async fn tranches(app: &TestApp, award_id: i32) -> Vec<payment_tranche::Model> {
    payment_tranche::Entity::find()
        .filter(payment_tranche::Column::AwardId.eq(award_id))
        .order_by_asc(payment_tranche::Column::Position)
        .all(&app.db)
        .await
        .expect("read tranches")
}

/// The award as stored now.
pub async fn award(app: &TestApp, id: i32) -> award::Model {
    award::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("read the award")
        .expect("the award exists")
}

/// The sum of the tranches.
pub fn total(tranches: &[payment_tranche::Model]) -> i64 {
    tranches.iter().map(|t| t.amount_pence).sum()
}

/// How many audit events about the award have this action.
pub async fn events(app: &TestApp, award_id: i32, action: &str) -> usize {
    use entity::audit_event;
    audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("award"))
        .filter(audit_event::Column::EntityId.eq(award_id.to_string()))
        .filter(audit_event::Column::Action.eq(action))
        .all(&app.db)
        .await
        .expect("read events")
        .len()
}
