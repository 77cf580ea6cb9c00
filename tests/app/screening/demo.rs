//! The demo's applications: realistic, consistent, and every page shows them.

use std::collections::{BTreeMap, HashMap, HashSet};

use dealfund::domain::application::Status;
use entity::user::Role;
use entity::{
    application, budget_line, funding_round, organisation, organisation_member, reference_sequence,
    user,
};
use rocket::http::Status as Http;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;

#[rocket::async_test]
async fn the_demo_fills_the_rounds_with_consistent_applications_in_every_state() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    let applications = application::Entity::find().all(&app.db).await.unwrap();
    let rounds: HashMap<i32, funding_round::Model> = funding_round::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut lines: HashMap<i32, Vec<budget_line::Model>> = HashMap::new();
    for line in budget_line::Entity::find().all(&app.db).await.unwrap() {
        lines.entry(line.application_id).or_default().push(line);
    }
    let today = app.clock.now().date_naive();

    assert!(
        (55..=65).contains(&applications.len()),
        "{}",
        applications.len()
    );
    assert_eq!(
        organisation::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        40
    );
    for status in [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Eligible,
        Status::Ineligible,
        Status::Withdrawn,
    ] {
        assert!(
            applications.iter().any(|a| a.status == status),
            "{status:?}"
        );
    }
    let mut numbers: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for a in &applications {
        let round = &rounds[&a.round_id];
        let own = &lines[&a.id];
        assert!((2..=5).contains(&own.len()), "{}", a.title);
        assert_eq!(
            own.iter().map(|l| l.amount_pence).sum::<i64>(),
            a.requested_pence,
            "{}",
            a.title
        );
        assert!(
            (round.min_grant_pence..=round.max_grant_pence).contains(&a.requested_pence),
            "{} asks for {} in {}",
            a.title,
            a.requested_pence,
            round.slug
        );
        assert_eq!(
            a.reference.is_some(),
            a.submitted_at.is_some(),
            "{}",
            a.title
        );
        if let (Some(reference), Some(at)) = (&a.reference, a.submitted_at) {
            let (year, number) = reference
                .strip_prefix("DCF-")
                .and_then(|r| r.split_once('-'))
                .expect("DCF-year-number");
            assert_eq!(year, at.format("%Y").to_string(), "{reference}");
            assert_eq!(number.len(), 4, "{reference}");
            numbers
                .entry(year.to_owned())
                .or_default()
                .push(number.parse().unwrap());
            assert!(a.declaration_true && !a.declaration_name.is_empty());
        }
        match a.status {
            Status::Returned => {
                assert!(a.officer_message.is_some());
                assert!(a.resubmit_by.is_some_and(|d| d > today));
            }
            Status::Ineligible => assert!(a.officer_message.is_some()),
            _ => {}
        }
    }
    let sequences: HashMap<String, i32> = reference_sequence::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.scope, s.last))
        .collect();
    assert!(numbers.contains_key("2025") && numbers.contains_key("2026"));
    for (year, mut used) in numbers {
        used.sort();
        let expected: Vec<u32> = (1..=u32::try_from(used.len()).unwrap()).collect();
        assert_eq!(used, expected, "no gaps in {year}");
        assert_eq!(
            sequences.get(&year).copied(),
            Some(used.len() as i32),
            "{year}"
        );
    }

    // The demo applicant belongs to groups with applications in several states.
    let applicant = user::Entity::find()
        .filter(user::Column::Email.eq("applicant@example.org"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let theirs: HashSet<i32> = organisation_member::Entity::find()
        .filter(organisation_member::Column::UserId.eq(applicant.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.organisation_id)
        .collect();
    assert!((2..=3).contains(&theirs.len()));
    let states: HashSet<Status> = applications
        .iter()
        .filter(|a| theirs.contains(&a.organisation_id))
        .map(|a| a.status)
        .collect();
    assert!(states.len() >= 3, "{states:?}");

    // Officers see them: the open round's list, and every application's page.
    let (officer, _) = app.login_as(Role::Officer).await;
    let list = officer
        .get("/officer/rounds/small-grants-2026/applications")
        .await;
    assert_eq!(list.status, Http::Ok);
    assert!(list.body.contains("drafts in progress"));
    assert!(list.body.contains("Returned for changes"));
    assert!(list.body.contains("DCF-2026-"));
    for a in applications.iter().filter(|a| a.submitted_at.is_some()) {
        let page = officer
            .get(&format!("/officer/applications/{}", a.id))
            .await;
        assert_eq!(page.status, Http::Ok, "{}", a.title);
        assert!(
            page.body.contains("<strong>Submitted</strong>"),
            "{}",
            a.title
        );
    }
}
