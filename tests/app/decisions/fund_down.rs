//! Fund down the list: awards proposed in rank order until the money runs out.

use entity::user::Role;
use rocket::http::Status;

use super::fixtures::{award_of, example};
use crate::support::TestApp;

#[rocket::async_test]
async fn fund_down_proposes_in_rank_order_and_stops_where_the_money_runs_out() {
    let app = TestApp::new().await;
    let e = example(&app, "down").await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer
        .get("/officer/rounds/down/moderation/fund-down")
        .await;

    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let body = &page.body;
    let x = body.find("DOWN-X").expect("X is proposed");
    let y = body.find("DOWN-Y").expect("Y is proposed");
    assert!(x < y);
    assert!(body.contains("Award all 2 in full"));
    assert!(body.contains("The money runs out at DOWN-Z"));
    assert!(!body.contains("DOWN-W"), "W is under the threshold");

    let x_id = e.x.id.to_string();
    let y_id = e.y.id.to_string();
    let done = officer
        .post(
            "/officer/rounds/down/moderation/fund-down",
            &[("application", &x_id), ("application", &y_id)],
        )
        .await;

    assert_eq!(done.status, Status::Ok, "{}", done.body);
    assert!(done.body.contains("2 awarded, 0 not awarded"));
    assert_eq!(
        award_of(&app, e.x.id).await.map(|a| a.amount_pence),
        Some(150_000)
    );
    assert_eq!(
        award_of(&app, e.y.id).await.map(|a| a.amount_pence),
        Some(100_000)
    );

    // One more, confirmed on its own, no longer fits: refused and reported.
    let z_id = e.z.id.to_string();
    let refused = officer
        .post(
            "/officer/rounds/down/moderation/fund-down",
            &[("application", &z_id)],
        )
        .await;
    assert!(refused.body.contains("0 awarded, 1 not awarded"));
    assert!(refused.body.contains("The round has £500.00 left to award"));
    assert!(award_of(&app, e.z.id).await.is_none());
    assert_eq!(
        dealfund::services::rounds::committed_in_round(&app.db, e.round.round.id)
            .await
            .unwrap(),
        250_000
    );
    let empty = officer
        .get("/officer/rounds/down/moderation/fund-down")
        .await;
    assert!(empty.body.contains("Nothing to propose"));
}
