//! The outbox and the delivery worker: written with the transaction, sent over SMTP,
//! retried with backoff, and claimed by one worker at a time.

use chrono::Duration;
use dealfund::services::notify::deliver::{self, Delivered};
use dealfund::services::notify::{self, Kind, Mail};
use entity::outbox::State;
use entity::outbox_attempt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde::Serialize;

use super::fixtures::{mailer, mailer_with, outbox};
use super::smtp::{SmtpReceiver, closed_port};
use crate::support::TestApp;

#[derive(Serialize)]
struct Context {
    name: String,
    round: String,
    link: String,
}

/// Writes `n` "panel assigned" messages in one committed transaction.
async fn enqueue(app: &TestApp, n: usize) {
    let notifier = app.notifier();
    let txn = app.db.begin().await.unwrap();
    for i in 0..n {
        let context = Context {
            name: format!("Reviewer {i}"),
            round: "Small grants 2026".into(),
            link: "http://127.0.0.1:8000/panel".into(),
        };
        notify::enqueue(
            &txn,
            &notifier,
            app.clock.now(),
            Mail {
                kind: Kind::PanelAssigned,
                to: vec![format!("reviewer{i}@example.org")],
                subject: format!("You are on the panel ({i})"),
                context: &context,
                dedupe: None,
            },
        )
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
}

async fn attempts_of(app: &TestApp, id: i32) -> Vec<outbox_attempt::Model> {
    outbox_attempt::Entity::find()
        .filter(outbox_attempt::Column::OutboxId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn a_message_is_in_the_outbox_only_when_its_transaction_commits() {
    let app = TestApp::new().await;
    let notifier = app.notifier();
    let context = Context {
        name: "Ada".into(),
        round: "Small grants".into(),
        link: "http://127.0.0.1:8000/panel".into(),
    };
    let mail = || Mail {
        kind: Kind::PanelAssigned,
        to: vec!["ada@example.org".to_owned()],
        subject: "You are on the panel".to_owned(),
        context: &context,
        dedupe: None,
    };

    let txn = app.db.begin().await.unwrap();
    notify::enqueue(&txn, &notifier, app.clock.now(), mail())
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert!(
        outbox(&app).await.is_empty(),
        "a rolled-back change sends nothing"
    );

    let txn = app.db.begin().await.unwrap();
    notify::enqueue(&txn, &notifier, app.clock.now(), mail())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let written = outbox(&app).await;
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].state, State::Queued);
    assert_eq!(written[0].to_address, "ada@example.org");
    assert!(written[0].body_text.contains("Small grants"));
    assert!(
        written[0]
            .body_html
            .contains("<strong>Small grants</strong>")
    );
    assert!(written[0].body_text.contains("Test Borough Council"));
}

#[rocket::async_test]
async fn the_worker_delivers_over_smtp_and_records_the_message_as_sent() {
    let app = TestApp::new().await;
    let receiver = SmtpReceiver::start().await;
    enqueue(&app, 1).await;

    let done = deliver::deliver_once(&app.db, &app.clock, &mailer(&app, receiver.port, "w1"))
        .await
        .unwrap();

    assert_eq!(
        done,
        Delivered {
            sent: 1,
            ..Default::default()
        }
    );
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, ["reviewer0@example.org"]);
    assert_eq!(received[0].from, "grants@test-borough.example");
    assert_eq!(received[0].subject(), "You are on the panel (0)");
    let body = received[0].decoded();
    assert!(body.contains("Hello Reviewer 0,"), "{body}");
    assert!(body.contains("text/plain") && body.contains("text/html"));
    let row = &outbox(&app).await[0];
    assert_eq!(row.state, State::Sent);
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 1);
    assert_eq!(row.lease_owner, None);
    let tries = attempts_of(&app, row.id).await;
    assert_eq!(tries.len(), 1);
    assert!(tries[0].ok);

    let again = deliver::deliver_once(&app.db, &app.clock, &mailer(&app, receiver.port, "w1"))
        .await
        .unwrap();
    assert_eq!(
        again,
        Delivered::default(),
        "a sent message is not sent again"
    );
    assert_eq!(receiver.received().len(), 1);
}

#[rocket::async_test]
async fn a_refused_connection_is_tried_again_later_and_then_delivered() {
    let app = TestApp::new().await;
    let port = closed_port().await;
    let worker = mailer(&app, port, "w1");
    enqueue(&app, 1).await;

    let first = deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    assert_eq!(first.retrying, 1);
    let row = outbox(&app).await.remove(0);
    assert_eq!(row.state, State::Queued);
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.as_deref().unwrap_or_default().len() > 5);
    let wait = row.next_attempt_at - app.clock.now();
    assert!(
        wait > Duration::seconds(50) && wait <= Duration::seconds(60),
        "{wait}"
    );
    let tries = attempts_of(&app, row.id).await;
    assert_eq!(tries.len(), 1);
    assert!(!tries[0].ok && tries[0].error.is_some());

    let too_soon = deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    assert_eq!(too_soon, Delivered::default(), "not before its backoff");

    let receiver = SmtpReceiver::start_on(port).await;
    app.clock.advance(Duration::seconds(61));
    let second = deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    assert_eq!(second.sent, 1);
    assert_eq!(receiver.received().len(), 1);
    let row = outbox(&app).await.remove(0);
    assert_eq!((row.state, row.attempts), (State::Sent, 2));
    assert_eq!(attempts_of(&app, row.id).await.len(), 2);
}

#[rocket::async_test]
async fn a_message_that_keeps_failing_is_marked_failed_with_its_error() {
    let app = TestApp::new().await;
    let worker = mailer_with(&app, closed_port().await, "w1", 2);
    enqueue(&app, 1).await;

    deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    app.clock.advance(Duration::minutes(2));
    let last = deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();

    assert_eq!(last.failed, 1);
    let row = outbox(&app).await.remove(0);
    assert_eq!((row.state, row.attempts), (State::Failed, 2));
    assert!(row.last_error.is_some());
    app.clock.advance(Duration::hours(7));
    let later = deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    assert_eq!(
        later,
        Delivered::default(),
        "a failed message waits for an admin"
    );
}

#[rocket::async_test]
async fn two_workers_at_once_never_send_the_same_message_twice() {
    let app = TestApp::new().await;
    let receiver = SmtpReceiver::start().await;
    enqueue(&app, 30).await;
    let a = mailer(&app, receiver.port, "worker-a");
    let b = mailer(&app, receiver.port, "worker-b");

    let mut sent = 0;
    for _ in 0..5 {
        let (one, two) = tokio::join!(
            deliver::deliver_once(&app.db, &app.clock, &a),
            deliver::deliver_once(&app.db, &app.clock, &b)
        );
        sent += one.unwrap().sent + two.unwrap().sent;
    }

    assert_eq!(sent, 30);
    let mut to: Vec<String> = receiver.received().into_iter().flat_map(|r| r.to).collect();
    assert_eq!(to.len(), 30, "thirty deliveries");
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 30, "each message once");
    assert!(
        outbox(&app)
            .await
            .iter()
            .all(|m| m.state == State::Sent && m.attempts == 1)
    );
}

#[rocket::async_test]
async fn a_message_held_by_a_worker_that_died_is_sent_once_its_lease_runs_out() {
    let app = TestApp::new().await;
    let receiver = SmtpReceiver::start().await;
    enqueue(&app, 1).await;
    // A worker claims the message, then dies before sending it.
    let claimed = deliver::claim(&app.db, "dead-worker", app.clock.now())
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let alive = mailer(&app, receiver.port, "alive");

    let meanwhile = deliver::deliver_once(&app.db, &app.clock, &alive)
        .await
        .unwrap();
    assert_eq!(meanwhile, Delivered::default(), "the lease is still held");

    app.clock
        .advance(deliver::lease_period() + Duration::seconds(1));
    let after = deliver::deliver_once(&app.db, &app.clock, &alive)
        .await
        .unwrap();
    assert_eq!(after.sent, 1);
    assert_eq!(receiver.received().len(), 1);
    let row = outbox(&app).await.remove(0);
    assert_eq!(row.state, State::Sent);
}
