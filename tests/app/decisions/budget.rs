//! The budget rule: an award that would take the round's committed total over its
//! budget is refused with nothing changed, even when many are decided at once,
//! on one app or on two app instances sharing the database.

use dealfund::services::audit::Actor;
use dealfund::services::decisions::{self, DecisionError, DecisionInput};
use entity::user::Role;
use rocket::http::Status;
use sea_orm::{DatabaseConnection, TransactionTrait};

use super::fixtures::{at, award_of, decisions_of, eligible, events, reload, round};
use crate::support::TestApp;

#[rocket::async_test]
async fn an_award_over_the_budget_is_refused_beside_the_amount_and_nothing_changes() {
    let app = TestApp::new().await;
    let r = round(&app, "tight", 2_000).await;
    let first = eligible(&app, &r, "TIGHT-1", 150_000, at(9)).await;
    let second = eligible(&app, &r, "TIGHT-2", 100_000, at(10)).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = |id: i32, action: &str| format!("/officer/rounds/tight/moderation/{id}/{action}");
    let ok = officer
        .post(&path(first.id, "award-full"), &[("version", "1")])
        .await;
    assert_eq!(ok.status, Status::SeeOther);

    let refused = officer
        .post(&path(second.id, "award-full"), &[("version", "1")])
        .await;

    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(
        refused.body.contains("The round has £500.00 left to award"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("href=\"#full_amount\""));
    let saved = reload(&app, second.id).await;
    assert_eq!(
        (saved.status, saved.version),
        (entity::application::Status::Eligible, 1)
    );
    assert!(award_of(&app, second.id).await.is_none());
    assert!(decisions_of(&app, second.id).await.is_empty());
    assert!(events(&app, second.id, "decision.awarded").await.is_empty());
    // Part of it still fits.
    let part = officer
        .post(
            &path(second.id, "award-part"),
            &[
                ("version", "1"),
                ("amount", "500"),
                ("reason", "What is left"),
            ],
        )
        .await;
    assert_eq!(part.status, Status::SeeOther, "{}", part.body);
    assert_eq!(
        dealfund::services::rounds::committed_in_round(&app.db, r.round.id)
            .await
            .unwrap(),
        200_000
    );
}

/// Holds four transactions at once, so that the pool opens four connections.
async fn warm(db: &DatabaseConnection) {
    let mut open = Vec::new();
    for _ in 0..4 {
        open.push(db.begin().await.expect("a connection"));
    }
    for txn in open {
        txn.rollback().await.expect("rolled back");
    }
}

/// Ten awards of £1,000 against £5,000, all at once, half through each pool.
async fn race(app: &TestApp, second: &DatabaseConnection) {
    let r = round(app, "race", 5_000).await;
    let officer = app.create_user("racer@example.org", Role::Officer).await;
    let actor = Actor::known(officer.id, &officer.email);
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(
            eligible(app, &r, &format!("RACE-{n}"), 100_000, at(9))
                .await
                .id,
        );
    }
    // Open every pooled connection first: otherwise the first decisions finish while
    // the pools are still connecting, and the race never happens.
    warm(&app.db).await;
    warm(second).await;
    let mut tasks = Vec::new();
    for (n, id) in ids.iter().copied().enumerate() {
        let db = if n % 2 == 0 {
            app.db.clone()
        } else {
            second.clone()
        };
        let (clock, actor, round_id) = (app.clock.clone(), actor.clone(), r.round.id);
        let notifier = app.notifier();
        tasks.push(tokio::spawn(async move {
            decisions::decide(
                &db,
                &clock,
                &notifier,
                &actor,
                round_id,
                id,
                Some(1),
                &DecisionInput::award_in_full(),
            )
            .await
        }));
    }
    let (mut awarded, mut refused) = (0, 0);
    for task in tasks {
        match task.await.expect("the task finishes") {
            Ok(_) => awarded += 1,
            Err(DecisionError::Invalid(errors)) => {
                assert!(errors.0[0].1.contains("left to award"), "{errors:?}");
                refused += 1;
            }
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((awarded, refused), (5, 5));
    let committed = dealfund::services::rounds::committed_in_round(&app.db, r.round.id)
        .await
        .unwrap();
    assert_eq!(committed, 500_000);
    let mut statuses = Vec::new();
    for id in ids {
        statuses.push(reload(app, id).await.status);
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == entity::application::Status::Awarded)
            .count(),
        5
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == entity::application::Status::Eligible)
            .count(),
        5
    );
}

#[rocket::async_test]
async fn many_awards_at_once_never_commit_more_than_the_budget() {
    let app = TestApp::on_disk().await;
    let db = app.db.clone();
    race(&app, &db).await;
}

#[rocket::async_test]
async fn two_app_instances_deciding_at_once_never_commit_more_than_the_budget() {
    // A second pool on the same database stands for a second server.
    let app = TestApp::on_disk().await;
    let second = dealfund::db::connect(&app.database_url, 4)
        .await
        .expect("a second pool");
    race(&app, &second).await;
    second.close().await.ok();
}
