//! The admin's outbox: list by state, read one message, and retry a failed one.

use chrono::Duration;
use dealfund::services::notify::deliver;
use entity::outbox::State;
use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{mailer_with, outbox};
use super::smtp::{SmtpReceiver, closed_port};
use crate::support::TestApp;

#[rocket::async_test]
async fn an_admin_reads_the_outbox_and_retries_a_failed_message() {
    let app = TestApp::new().await;
    let (admin, _) = app.login_as(Role::Admin).await;
    let reviewer = app.create_user("ada@panel.example", Role::Panel).await;
    let fund = crate::support::builders::fund(&app, "outbox-fund", 10_000).await;
    crate::support::builders::round(&app, &fund, "outbox-round", 5_000).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    officer
        .post(
            "/officer/rounds/outbox-round/panel-members",
            &[("user_id", &reviewer.id.to_string())],
        )
        .await;
    let port = closed_port().await;
    let worker = mailer_with(&app, port, "w1", 1);
    deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    let id = outbox(&app).await[0].id;

    let list = admin.get("/admin/outbox").await;
    assert_eq!(list.status, Status::Ok);
    assert!(list.body.contains("ada@panel.example"));
    assert!(
        list.body
            .contains("You are on the panel for Round outbox-round")
    );
    assert!(list.body.contains("No SMTP server is configured"));
    let sent_only = admin.get("/admin/outbox?state=sent").await;
    assert!(sent_only.body.contains("No messages match"));
    let failed = admin.get("/admin/outbox?state=failed").await;
    assert!(failed.body.contains("ada@panel.example"));

    let one = admin.get(&format!("/admin/outbox/{id}")).await;
    assert_eq!(one.status, Status::Ok);
    assert!(one.body.contains("You have been added to the grant panel"));
    assert!(one.body.contains("Try sending it again"));
    assert!(one.body.contains("Failed: "), "the attempt and its error");

    let retried = admin.post(&format!("/admin/outbox/{id}/retry"), &[]).await;
    assert_eq!(retried.status, Status::SeeOther);
    assert_eq!(outbox(&app).await[0].state, State::Queued);
    let again = admin.post(&format!("/admin/outbox/{id}/retry"), &[]).await;
    let page = admin.get(&format!("/admin/outbox/{id}")).await;
    assert_eq!(again.status, Status::SeeOther);
    assert!(
        page.body
            .contains("Only a failed message can be tried again")
    );

    let receiver = SmtpReceiver::start_on(port).await;
    app.clock.advance(Duration::seconds(1));
    deliver::deliver_once(&app.db, &app.clock, &worker)
        .await
        .unwrap();
    assert_eq!(receiver.received().len(), 1);
    assert_eq!(outbox(&app).await[0].state, State::Sent);
    let audit = admin.get("/admin/audit?action=outbox.retried").await;
    assert!(audit.body.contains("ada@panel.example"));
    assert_eq!(
        admin.get("/admin/outbox/99999").await.status,
        Status::NotFound
    );
}

#[rocket::async_test]
async fn the_demo_leaves_its_messages_in_the_outbox_for_admins_to_read() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .unwrap();
    dealfund::tools::demo::seed_outbox(&app.db, &app.clock, &app.notifier())
        .await
        .unwrap();

    let written = outbox(&app).await;
    assert!(
        written
            .iter()
            .any(|m| m.kind == entity::outbox::Kind::ApplicationSubmitted
                && m.to_address == "applicant@example.org")
    );
    assert!(
        written
            .iter()
            .any(|m| m.kind == entity::outbox::Kind::Decision)
    );
    assert!(written.iter().all(|m| m.state == State::Queued));
    let (admin, _) = app.login_as(Role::Admin).await;
    let page = admin.get("/admin/outbox").await;
    assert!(page.body.contains("applicant@example.org"));
}
