//! Applicants see their own award's payments, and nobody else's.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{member, today, tranches, two_tranches};
use crate::support::TestApp;

#[rocket::async_test]
async fn an_applicant_sees_their_own_schedule_and_not_another_organisations() {
    let app = TestApp::new().await;
    let mine = two_tranches(&app).await;
    let theirs = two_tranches(&app).await;
    let (client, user) = app.login_as(Role::Applicant).await;
    member(&app, &mine.application, user.id).await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let first = tranches(&app, mine.award.id).await[0].id;
    let today = today(&app).to_string();
    officer
        .post(
            &format!("/officer/tranches/{first}/pay"),
            &[("paid_date", &today), ("finance_reference", "FIN-7")],
        )
        .await;

    let key = mine.application.reference.clone().unwrap();
    let page = client.get(&format!("/applications/{key}/payments")).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        page.body.contains("£2,500.00 of £5,000.00"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Next payment"));
    assert!(
        !page.body.contains("FIN-7"),
        "finance references are the council's own"
    );
    let decision = client.get(&format!("/applications/{key}/decision")).await;
    assert!(
        decision
            .body
            .contains(&format!("/applications/{key}/payments"))
    );

    let other = theirs.application.reference.clone().unwrap();
    let page = client.get(&format!("/applications/{other}/payments")).await;
    assert_eq!(page.status, Status::NotFound);
}
