//! The demo's payments.

use entity::{award, funding_round, payment_tranche, user::Role};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;

#[rocket::async_test]
async fn the_demo_schedules_and_pays_the_accepted_small_grants() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    let round = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq("small-grants-2025"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo round");
    let awards = award::Entity::find()
        .filter(award::Column::RoundId.eq(round.id))
        .all(&app.db)
        .await
        .unwrap();
    for status in [
        award::Status::Active,
        award::Status::Completed,
        award::Status::Cancelled,
        award::Status::Accepted,
    ] {
        assert!(awards.iter().any(|a| a.status == status), "{status:?}");
    }
    let tranches = payment_tranche::Entity::find().all(&app.db).await.unwrap();
    for status in [
        payment_tranche::Status::Paid,
        payment_tranche::Status::Withheld,
        payment_tranche::Status::Cancelled,
    ] {
        assert!(tranches.iter().any(|t| t.status == status), "{status:?}");
    }
    for a in awards
        .iter()
        .filter(|a| a.status != award::Status::Offered && a.status != award::Status::Refused)
    {
        let sum: i64 = tranches
            .iter()
            .filter(|t| t.award_id == a.id)
            .map(|t| t.amount_pence)
            .sum();
        assert_eq!(sum, a.amount_pence, "award {}", a.id);
    }
    let figures = dealfund::services::funds::round_figures(&app.db, round.id)
        .await
        .unwrap();
    assert!(figures.disbursed > 0 && figures.disbursed <= figures.committed);

    let (officer, _) = app.login_as(Role::Officer).await;
    let page = officer.get("/officer/payments").await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let completed = awards
        .iter()
        .find(|a| a.status == award::Status::Completed)
        .unwrap();
    let page = officer
        .get(&format!("/officer/awards/{}", completed.id))
        .await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains("FIN-2025-"));
}
