//! Officers change, pay, withhold and release tranches; nobody else can.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{award, events, in_days, total, tranches, two_tranches};
use crate::support::TestApp;

#[rocket::async_test]
async fn only_officers_see_awards_and_record_payments() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let first = tranches(&app, made.award.id).await[0].id;
    let today = in_days(&app, 0).to_string();
    for role in [Role::Applicant, Role::Panel] {
        let (browser, _) = app.login_as(role).await;
        let page = browser
            .post(
                &format!("/officer/tranches/{first}/pay"),
                &[("paid_date", &today), ("finance_reference", "FIN-1")],
            )
            .await;
        assert_eq!(page.status, Status::Forbidden, "{role:?}");
        let page = browser
            .get(&format!("/officer/awards/{}", made.award.id))
            .await;
        assert_eq!(page.status, Status::Forbidden, "{role:?}");
    }
    assert_eq!(
        tranches(&app, made.award.id).await[0].status,
        entity::payment_tranche::Status::Scheduled
    );
}

#[rocket::async_test]
async fn paying_records_the_payment_once_activates_the_award_and_refuses_a_second_time() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let first = tranches(&app, made.award.id).await[0].id;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/tranches/{first}/pay");
    let today = in_days(&app, 0).to_string();
    let tomorrow = in_days(&app, 1).to_string();

    let page = officer.get(&format!("/officer/tranches/{first}")).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let invalid = officer
        .post(
            &path,
            &[("paid_date", &tomorrow), ("finance_reference", "")],
        )
        .await;
    assert_eq!(invalid.status, Status::UnprocessableEntity);
    assert!(invalid.body.contains("Paid date cannot be in the future"));
    assert!(invalid.body.contains("Enter the finance system"));

    let fields = [
        ("paid_date", today.as_str()),
        ("finance_reference", "FIN-2025-00123"),
    ];
    let paid = officer.post(&path, &fields).await;
    assert_eq!(paid.status, Status::SeeOther, "{}", paid.body);
    let stored = &tranches(&app, made.award.id).await[0];
    assert_eq!(stored.status, entity::payment_tranche::Status::Paid);
    assert_eq!(stored.finance_reference.as_deref(), Some("FIN-2025-00123"));
    assert_eq!(
        award(&app, made.award.id).await.status,
        entity::award::Status::Active
    );

    // A second officer with the same form open.
    let again = officer
        .post(
            &path,
            &[
                ("paid_date", &today),
                ("finance_reference", "FIN-2025-00999"),
            ],
        )
        .await;
    assert_eq!(again.status, Status::Conflict);
    assert!(
        again.body.contains("Payment 1 is now “Paid”"),
        "{}",
        again.body
    );
    let stored = &tranches(&app, made.award.id).await[0];
    assert_eq!(stored.finance_reference.as_deref(), Some("FIN-2025-00123"));
    assert_eq!(events(&app, made.award.id, "payment.paid").await, 1);
    assert_eq!(events(&app, made.award.id, "award.activated").await, 1);

    let shown = officer
        .get(&format!("/officer/awards/{}", made.award.id))
        .await;
    assert_eq!(shown.status, Status::Ok, "{}", shown.body);
    assert!(shown.body.contains("FIN-2025-00123"));
    assert!(shown.body.contains("£2,500.00 of £5,000.00"));
}

#[rocket::async_test]
async fn editing_an_amount_moves_the_difference_to_the_chosen_payment() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let before = tranches(&app, made.award.id).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/tranches/{}/edit", before[0].id);
    let due = in_days(&app, 7).to_string();

    let refused = officer
        .post(
            &path,
            &[("due_date", &due), ("amount", "2000"), ("take_from", "")],
        )
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(
        refused
            .body
            .contains("Choose another scheduled payment to take the difference")
    );
    assert_eq!(
        tranches(&app, made.award.id).await,
        before,
        "nothing changed"
    );

    let second = before[1].id.to_string();
    let saved = officer
        .post(
            &path,
            &[
                ("due_date", &due),
                ("amount", "2000"),
                ("take_from", &second),
            ],
        )
        .await;
    assert_eq!(saved.status, Status::SeeOther, "{}", saved.body);
    let after = tranches(&app, made.award.id).await;
    assert_eq!(after[0].amount_pence, 200_000);
    assert_eq!(after[0].due_date, in_days(&app, 7));
    assert_eq!(after[1].amount_pence, 300_000);
    assert_eq!(total(&after), 500_000);
    assert_eq!(events(&app, made.award.id, "payment.rescheduled").await, 1);
}

#[rocket::async_test]
async fn a_single_payment_cannot_change_its_amount_because_nothing_can_take_the_difference() {
    let app = TestApp::new().await;
    let made = super::fixtures::accepted(&app, 100_000, None, None).await;
    let only = tranches(&app, made.award.id).await[0].clone();
    let (officer, _) = app.login_as(Role::Officer).await;
    let due = only.due_date.to_string();
    let refused = officer
        .post(
            &format!("/officer/tranches/{}/edit", only.id),
            &[("due_date", &due), ("amount", "900"), ("take_from", "")],
        )
        .await;
    assert_eq!(refused.status, Status::UnprocessableEntity);
    assert!(refused.body.contains("take the difference"));
    // The date alone may still move.
    let later = in_days(&app, 10).to_string();
    let moved = officer
        .post(
            &format!("/officer/tranches/{}/edit", only.id),
            &[("due_date", &later), ("amount", "1000"), ("take_from", "")],
        )
        .await;
    assert_eq!(moved.status, Status::SeeOther, "{}", moved.body);
    let after = tranches(&app, made.award.id).await;
    assert_eq!(
        (after[0].amount_pence, after[0].due_date),
        (100_000, in_days(&app, 10))
    );
}

#[rocket::async_test]
async fn a_withheld_payment_needs_a_reason_cannot_be_paid_and_can_be_released() {
    let app = TestApp::new().await;
    let made = two_tranches(&app).await;
    let second = tranches(&app, made.award.id).await[1].id;
    let (officer, _) = app.login_as(Role::Officer).await;
    let base = format!("/officer/tranches/{second}");

    let invalid = officer
        .post(&format!("{base}/withhold"), &[("reason", " ")])
        .await;
    assert_eq!(invalid.status, Status::UnprocessableEntity);
    assert!(invalid.body.contains("Enter why the payment is withheld"));
    let withheld = officer
        .post(&format!("{base}/withhold"), &[("reason", "Report overdue")])
        .await;
    assert_eq!(withheld.status, Status::SeeOther, "{}", withheld.body);
    let stored = &tranches(&app, made.award.id).await[1];
    assert_eq!(stored.status, entity::payment_tranche::Status::Withheld);
    assert_eq!(stored.withheld_reason.as_deref(), Some("Report overdue"));

    let today = in_days(&app, 0).to_string();
    let pay = officer
        .post(
            &format!("{base}/pay"),
            &[("paid_date", &today), ("finance_reference", "FIN-9")],
        )
        .await;
    assert_eq!(pay.status, Status::Conflict);

    let released = officer.post(&format!("{base}/release"), &[]).await;
    assert_eq!(released.status, Status::SeeOther, "{}", released.body);
    let stored = &tranches(&app, made.award.id).await[1];
    assert_eq!(
        (stored.status, stored.withheld_reason.as_deref()),
        (entity::payment_tranche::Status::Scheduled, None)
    );
    assert_eq!(events(&app, made.award.id, "payment.withheld").await, 1);
    assert_eq!(events(&app, made.award.id, "payment.released").await, 1);
}

#[rocket::async_test]
async fn two_officers_paying_the_same_payment_at_once_pay_it_once() {
    let app = TestApp::on_disk().await;
    let made = two_tranches(&app).await;
    let first = tranches(&app, made.award.id).await[0].id;
    let (one, _) = app.login_as(Role::Officer).await;
    let (two, _) = app.login_as(Role::Officer).await;
    let path = format!("/officer/tranches/{first}/pay");
    let today = in_days(&app, 0).to_string();
    let fields_a = [
        ("paid_date", today.as_str()),
        ("finance_reference", "FIN-A"),
    ];
    let fields_b = [
        ("paid_date", today.as_str()),
        ("finance_reference", "FIN-B"),
    ];
    let (a, b) = tokio::join!(one.post(&path, &fields_a), two.post(&path, &fields_b));
    let mut statuses = [a.status, b.status];
    statuses.sort_by_key(|s| s.code);
    assert_eq!(statuses, [Status::SeeOther, Status::Conflict]);
    assert_eq!(events(&app, made.award.id, "payment.paid").await, 1);
    assert_eq!(events(&app, made.award.id, "award.activated").await, 1);
}

#[rocket::async_test]
async fn an_offered_award_has_no_schedule_yet_and_its_page_says_so() {
    let app = TestApp::new().await;
    let made = super::fixtures::offered(&app, 300_000, None, None).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer
        .get(&format!("/officer/awards/{}", made.award.id))
        .await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains("There is no payment schedule"));
    assert!(page.body.contains("Cancel the award"));
    assert!(!page.body.contains("Complete the award"));
}
