//! The officers' list of a round's applications, and its CSV download.

use chrono::Duration;
use dealfund::domain::application::Status;
use entity::user::Role;
use rocket::http::Status as Http;

use super::fixtures::{ApplicationBuilder, OrganisationBuilder, open_round, ward};
use crate::support::TestApp;

/// The references in a page's table, in order.
fn references(body: &str) -> Vec<String> {
    body.split("href=\"/officer/applications/")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest[start..].find('<')? + start;
            Some(rest[start..end].to_owned())
        })
        .collect()
}

/// A URL as handlebars writes it into an attribute.
fn escaped(url: &str) -> String {
    url.replace('&', "&amp;").replace('=', "&#x3D;")
}

#[rocket::async_test]
async fn the_list_shows_received_applications_with_counts_by_status_but_never_drafts() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let brookside = ward(&app, "Brookside", "E05011202").await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0001")
        .title("Tuesday lunch club")
        .organisation_named("Friends of Brookside Park")
        .requested(150_000)
        .ward(brookside.id)
        .create(&app)
        .await;
    for (reference, status) in [
        ("DCF-2026-0002", Status::Submitted),
        ("DCF-2026-0003", Status::Eligible),
        ("DCF-2026-0004", Status::Returned),
        ("DCF-2026-0005", Status::Ineligible),
    ] {
        ApplicationBuilder::new(&round)
            .reference(reference)
            .status(status)
            .create(&app)
            .await;
    }
    for _ in 0..2 {
        ApplicationBuilder::new(&round)
            .draft()
            .title("Secret draft")
            .create(&app)
            .await;
    }
    // Withdrawn before it was ever sent: the council never received it.
    ApplicationBuilder::new(&round)
        .draft()
        .title("Never sent")
        .create(&app)
        .await;
    let never_sent = ApplicationBuilder::new(&round)
        .status(Status::Withdrawn)
        .title("Withdrawn unsent")
        .create(&app)
        .await;
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let mut change: entity::application::ActiveModel = never_sent.into();
        change.reference = Set(None);
        change.submitted_at = Set(None);
        change.update(&app.db).await.unwrap();
    }
    let (officer, _) = app.login_as(Role::Officer).await;

    let page = officer.get("/officer/rounds/spring/applications").await;

    assert_eq!(page.status, Http::Ok, "{}", page.body);
    assert_eq!(
        references(&page.body),
        [
            "DCF-2026-0001",
            "DCF-2026-0002",
            "DCF-2026-0003",
            "DCF-2026-0004",
            "DCF-2026-0005"
        ]
    );
    for text in [
        "5 received",
        "2 Submitted",
        "1 Eligible: with the panel",
        "1 Returned for changes",
        "1 Not eligible",
        "3 drafts in progress",
        "Tuesday lunch club",
        "Friends of Brookside Park",
        "£1,500.00",
        "Brookside",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    assert!(!page.body.contains("Secret draft"), "drafts are not listed");
    assert!(!page.body.contains("Withdrawn unsent"));
    assert!(
        !page.body.contains("1 Withdrawn"),
        "an unsent withdrawal is not counted"
    );
}

#[rocket::async_test]
async fn officers_filter_by_status_and_ward_and_search_references_titles_and_names() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let brookside = ward(&app, "Brookside", "E05011202").await;
    let dunmore = ward(&app, "Dunmore", "E05011204").await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0001")
        .title("Youth football on Saturdays")
        .ward(brookside.id)
        .create(&app)
        .await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0002")
        .title("Allotment open days")
        .organisation_named("Dunmore Allotment Society")
        .status(Status::Eligible)
        .ward(dunmore.id)
        .ward(brookside.id)
        .create(&app)
        .await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0003")
        .title("100% recycled benches")
        .create(&app)
        .await;
    let (officer, _) = app.login_as(Role::Officer).await;
    let list = |query: &str| {
        let officer = &officer;
        let path = format!("/officer/rounds/spring/applications?{query}");
        async move { references(&officer.get(&path).await.body) }
    };

    assert_eq!(list("status=eligible").await, ["DCF-2026-0002"]);
    assert_eq!(
        list("ward=E05011202").await,
        ["DCF-2026-0001", "DCF-2026-0002"]
    );
    assert_eq!(list("ward=E05011204").await, ["DCF-2026-0002"]);
    assert_eq!(
        list("ward=E05011202&status=submitted").await,
        ["DCF-2026-0001"]
    );
    assert_eq!(list("q=FOOTBALL").await, ["DCF-2026-0001"]);
    assert_eq!(list("q=dcf-2026-0003").await, ["DCF-2026-0003"]);
    assert_eq!(list("q=allotment+society").await, ["DCF-2026-0002"]);
    assert_eq!(
        list("q=100%25").await,
        ["DCF-2026-0003"],
        "% matches itself"
    );
    assert!(list("q=_").await.is_empty(), "_ matches itself");
    assert_eq!(
        list("status=draft").await.len(),
        3,
        "drafts cannot be asked for"
    );

    let page = officer
        .get("/officer/rounds/spring/applications?status=eligible&ward=E05011204&q=allot")
        .await;
    assert!(page.body.contains("value=\"allot\""), "the search is kept");
    assert!(page.body.contains("<option value=\"eligible\" selected>"));
    assert!(page.body.contains("<option value=\"E05011204\" selected>"));
    assert!(page.body.contains("Clear filters"));
}

#[rocket::async_test]
async fn the_list_sorts_by_reference_organisation_amount_or_date_either_way() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let now = app.clock.now();
    for (reference, organisation, pence, days_ago) in [
        ("DCF-2026-0001", "Calder Youth Trust", 90_000, 3),
        ("DCF-2026-0002", "abbey Fields Bowls Club", 150_000, 1),
        ("DCF-2026-0003", "Brookside Befrienders", 50_000, 2),
    ] {
        ApplicationBuilder::new(&round)
            .reference(reference)
            .organisation_named(organisation)
            .requested(pence)
            .submitted_at(now - Duration::days(days_ago))
            .create(&app)
            .await;
    }
    let (officer, _) = app.login_as(Role::Officer).await;
    let sorted = |query: &str| {
        let officer = &officer;
        let path = format!("/officer/rounds/spring/applications?{query}");
        async move { references(&officer.get(&path).await.body) }
    };

    assert_eq!(
        sorted("").await,
        ["DCF-2026-0001", "DCF-2026-0002", "DCF-2026-0003"]
    );
    assert_eq!(
        sorted("sort=reference&dir=desc").await,
        ["DCF-2026-0003", "DCF-2026-0002", "DCF-2026-0001"]
    );
    assert_eq!(
        sorted("sort=amount&dir=desc").await,
        ["DCF-2026-0002", "DCF-2026-0001", "DCF-2026-0003"]
    );
    assert_eq!(
        sorted("sort=amount").await,
        ["DCF-2026-0003", "DCF-2026-0001", "DCF-2026-0002"]
    );
    assert_eq!(
        sorted("sort=organisation").await,
        ["DCF-2026-0002", "DCF-2026-0003", "DCF-2026-0001"],
        "names sort without regard to case"
    );
    assert_eq!(
        sorted("sort=submitted&dir=asc").await,
        ["DCF-2026-0001", "DCF-2026-0003", "DCF-2026-0002"]
    );
    assert_eq!(
        sorted("sort=title%3B+drop+table&dir=sideways").await,
        ["DCF-2026-0001", "DCF-2026-0002", "DCF-2026-0003"],
        "anything off the list sorts by reference"
    );

    let page = officer
        .get("/officer/rounds/spring/applications?sort=amount&dir=desc")
        .await;
    assert!(page.body.contains("aria-sort=\"descending\""));
    assert!(
        page.body.contains(&escaped(
            "/officer/rounds/spring/applications?sort=amount&dir=asc\""
        )),
        "the sorted column's link turns the order round"
    );
}

#[rocket::async_test]
async fn the_list_shows_25_a_page_and_its_page_links_keep_the_filters() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    for n in 1..=30 {
        ApplicationBuilder::new(&round)
            .reference(&format!("DCF-2026-{n:04}"))
            .create(&app)
            .await;
    }
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0031")
        .status(Status::Eligible)
        .create(&app)
        .await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let first = officer
        .get("/officer/rounds/spring/applications?status=submitted&sort=reference&dir=desc")
        .await;
    let rows = references(&first.body);
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[0], "DCF-2026-0030");
    assert!(first.body.contains("Page 1 of 2 (30 in all)"));
    let next =
        "/officer/rounds/spring/applications?status=submitted&sort=reference&dir=desc&page=2";
    assert!(first.body.contains(&escaped(next)), "{}", first.body);

    let second = officer
        .get("/officer/rounds/spring/applications?status=submitted&sort=reference&dir=desc&page=2")
        .await;
    assert_eq!(
        references(&second.body),
        [
            "DCF-2026-0005",
            "DCF-2026-0004",
            "DCF-2026-0003",
            "DCF-2026-0002",
            "DCF-2026-0001"
        ]
    );
    assert!(second.body.contains("rel=\"prev\""));
}

#[rocket::async_test]
async fn the_csv_holds_the_filtered_list_with_awkward_text_intact() {
    let app = TestApp::new().await;
    let round = open_round(&app, "spring").await;
    let brookside = ward(&app, "Brookside", "E05011202").await;
    let castle = ward(&app, "Castle Hill", "E05011203").await;
    let organisation = OrganisationBuilder::new("Ward’s Hall, Café & Co")
        .create(&app)
        .await;
    let title = "Café \"Côte\", Ward’s Hall";
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0001")
        .organisation(&organisation)
        .title(title)
        .requested(123_456)
        .ward(castle.id)
        .ward(brookside.id)
        .create(&app)
        .await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0002")
        .title("=HYPERLINK(\"http://evil.example\")")
        .create(&app)
        .await;
    ApplicationBuilder::new(&round)
        .reference("DCF-2026-0003")
        .status(Status::Ineligible)
        .create(&app)
        .await;
    ApplicationBuilder::new(&round).draft().create(&app).await;
    let (officer, _) = app.login_as(Role::Officer).await;

    let list = officer
        .get("/officer/rounds/spring/applications?status=submitted")
        .await;
    assert!(
        list.body.contains(&escaped(
            "/officer/rounds/spring/applications.csv?status=submitted\""
        )),
        "the download link carries the filters"
    );
    let file = officer
        .get("/officer/rounds/spring/applications.csv?status=submitted")
        .await;

    assert_eq!(file.status, Http::Ok);
    assert_eq!(file.header("Content-Type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        file.header("Content-Disposition"),
        Some("attachment; filename=\"spring-applications.csv\"")
    );
    let mut reader = csv::Reader::from_reader(file.body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "Reference",
            "Organisation",
            "Title",
            "Requested (GBP)",
            "Wards",
            "Status",
            "Submitted"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "only the submitted ones");
    assert_eq!(&rows[0][0], "DCF-2026-0001");
    assert_eq!(&rows[0][1], "Ward’s Hall, Café & Co");
    assert_eq!(&rows[0][2], title);
    assert_eq!(&rows[0][3], "1234.56");
    assert_eq!(&rows[0][4], "Brookside; Castle Hill");
    assert_eq!(&rows[0][5], "Submitted");
    assert_eq!(rows[0][6].len(), "2026-11-22 10:00".len());
    assert_eq!(
        &rows[1][2], "'=HYPERLINK(\"http://evil.example\")",
        "a formula is kept as text"
    );

    let all = officer.get("/officer/rounds/spring/applications.csv").await;
    assert_eq!(
        csv::Reader::from_reader(all.body.as_bytes())
            .records()
            .count(),
        3,
        "every received application, no drafts"
    );
}
