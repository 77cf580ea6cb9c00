//! Shared setup for the panel tests.

use entity::user::Role;
use entity::{
    application, audit_event, criterion, funding_round, organisation, round_panel_member, user,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::support::builders::ApplicationBuilder;
use crate::support::{TestApp, TestClient, builders};

static COUNTER: AtomicU32 = AtomicU32::new(1);

/// A round with two criteria (weights 2 and 1), published, ready for eligible applications.
pub async fn scored_round(
    app: &TestApp,
    slug: &str,
) -> (funding_round::Model, Vec<criterion::Model>) {
    let fund = builders::fund(app, &format!("{slug}-fund"), 100_000).await;
    let round = builders::published_round(app, &fund, slug, 50_000).await;
    builders::criterion(app, &round, "Value for money", 1).await;
    let criteria = criterion::Entity::find()
        .filter(criterion::Column::RoundId.eq(round.id))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(criteria.len(), 2);
    (round, criteria)
}

/// An application to the round in this state, from a new organisation, written directly.
pub async fn application_in(
    app: &TestApp,
    round: &funding_round::Model,
    status: application::Status,
) -> application::Model {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = app.clock.now();
    let owner = user::ActiveModel {
        email: Set(format!("panel-owner{n}-{}@groups.example", round.id)),
        name: Set(format!("Owner {n}")),
        password_hash: Set("not a password hash".into()),
        role: Set(Role::Applicant),
        disabled: Set(false),
        failed_logins: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let organisation = organisation::ActiveModel {
        name: Set(format!("Panel test group {n}")),
        kind: Set(entity::organisation::Kind::ConstitutedGroup),
        postcode: Set("AS1 2AB".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    ApplicationBuilder::new(round)
        .owned_by(&owner)
        .organisation(&organisation)
        .reference(&format!("DCF-2026-{:04}", 7000 + n))
        .status(status)
        .title(&format!("Panel project {n}"))
        .summary("What the project does.")
        .submitted_at(now)
        .create(app)
        .await
}

/// An eligible application to the round.
pub async fn eligible(app: &TestApp, round: &funding_round::Model) -> application::Model {
    application_in(app, round, application::Status::Eligible).await
}

/// Puts a user on the round's panel directly.
pub async fn join(app: &TestApp, round: &funding_round::Model, member: &user::Model) {
    round_panel_member::ActiveModel {
        round_id: Set(round.id),
        user_id: Set(member.id),
        created_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// A signed-in panel member on the round's panel.
pub async fn member_of(app: &TestApp, round: &funding_round::Model) -> (TestClient, user::Model) {
    let (browser, account) = app.login_as(Role::Panel).await;
    join(app, round, &account).await;
    (browser, account)
}

/// The review form's version on a scoring page.
pub fn version(body: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let start = body
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a version field");
    let end = body[start..].find('"').expect("the field ends") + start;
    body[start..end].to_owned()
}

/// The fields of a complete review of the round's criteria.
pub fn full_review(criteria: &[criterion::Model], score: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for c in criteria {
        fields.push((format!("score[{}]", c.id), score.to_owned()));
        fields.push((
            format!("comment[{}]", c.id),
            format!("Comment on {}", c.title),
        ));
    }
    fields.push(("recommendation".into(), "fund".into()));
    fields.push(("overall_comment".into(), "A strong local bid.".into()));
    fields
}

/// Posts owned fields.
pub async fn post_owned(
    browser: &TestClient,
    path: &str,
    fields: &[(String, String)],
) -> crate::support::Page {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(path, &borrowed).await
}

/// Declares no conflict, then saves or submits the review through the pages.
pub async fn declare_and_review(
    browser: &TestClient,
    application_id: i32,
    fields: &[(String, String)],
    action: &str,
) -> crate::support::Page {
    let declared = browser
        .post(
            &format!("/panel/applications/{application_id}/declare"),
            &[("choice", "none")],
        )
        .await;
    assert_eq!(
        declared.status,
        rocket::http::Status::SeeOther,
        "{}",
        declared.body
    );
    let page = browser
        .get(&format!("/panel/applications/{application_id}"))
        .await;
    let mut all = fields.to_vec();
    all.push(("version".into(), version(&page.body)));
    all.push(("action".into(), action.into()));
    post_owned(
        browser,
        &format!("/panel/applications/{application_id}"),
        &all,
    )
    .await
}

/// The actions of every audit event so far.
pub async fn audit_actions(app: &TestApp) -> Vec<String> {
    audit_event::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}
