//! The public directory of funded projects and each project's page.

use rocket::http::Status;

use super::fixtures::world::world;
use super::fixtures::{Grant, scheme};
use crate::support::TestApp;

/// The order in which these titles appear on the page (missing ones are left out).
fn order<'a>(body: &str, titles: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = titles
        .iter()
        .filter_map(|t| body.find(t).map(|i| (i, *t)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

const ALL: [&str; 6] = [
    "Swimming for all",
    "Bridge cafe training",
    "Men&#x27;s shed tools",
    "Hidden OFFER-1",
    "Hidden NOPE-1",
    "Hidden GONE-1",
];

#[rocket::async_test]
async fn the_directory_lists_accepted_grants_and_never_offers_refusals_or_cancellations() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;

    let page = visitor.get("/projects").await;

    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("3 funded projects"), "{}", page.body);
    // Newest award first by default.
    assert_eq!(
        order(&page.body, &ALL),
        [
            "Men&#x27;s shed tools",
            "Swimming for all",
            "Bridge cafe training"
        ]
    );
    assert!(page.body.contains("£1,500.00"));
    assert!(page.body.contains("Abbey Swimmers"));
    assert!(page.body.contains("Abbey, Bridge"));
    assert!(page.body.contains("Borough-wide"), "a project with no ward");
}

#[rocket::async_test]
async fn each_filter_has_its_own_address_and_narrows_the_list() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    let cases: [(&str, &[&str]); 12] = [
        ("ward=E05000002", &["Bridge cafe training"]),
        (
            "ward=E05000001",
            &["Swimming for all", "Bridge cafe training"],
        ),
        ("outcome=JOBS", &["Bridge cafe training"]),
        ("fund=beta-fund", &["Bridge cafe training"]),
        (
            "round=alpha",
            &["Men&#x27;s shed tools", "Swimming for all"],
        ),
        ("year=2025", &["Bridge cafe training"]),
        ("status=completed", &["Bridge cafe training"]),
        (
            "status=active",
            &["Men&#x27;s shed tools", "Swimming for all"],
        ),
        ("q=SWIM", &["Swimming for all"]),
        ("q=cic", &["Bridge cafe training"]),
        ("q=mill+lane", &["Men&#x27;s shed tools"]),
        (
            "ward=E05000001&outcome=JOBS&year=2025",
            &["Bridge cafe training"],
        ),
    ];
    for (query, expected) in cases {
        let page = visitor.get(&format!("/projects?{query}")).await;
        assert_eq!(page.status, Status::Ok, "{query}");
        assert_eq!(order(&page.body, &ALL), expected, "{query}");
        assert!(page.body.contains("Clear filters"), "{query}");
    }
    // Nothing matches: said plainly, with a way back.
    let none = visitor.get("/projects?q=zzzz").await;
    assert!(none.body.contains("No funded projects match these filters"));
    // Unknown values are ignored rather than refused, so an old link still works.
    let unknown = visitor.get("/projects?ward=NOPE&year=soon&status=x").await;
    assert_eq!(unknown.status, Status::Ok);
    assert_eq!(order(&unknown.body, &ALL).len(), 3);
}

#[rocket::async_test]
async fn the_directory_sorts_by_amount_title_and_organisation_either_way() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    let cases: [(&str, [&str; 3]); 3] = [
        (
            "sort=amount&dir=asc",
            [
                "Men&#x27;s shed tools",
                "Swimming for all",
                "Bridge cafe training",
            ],
        ),
        (
            "sort=title",
            [
                "Bridge cafe training",
                "Men&#x27;s shed tools",
                "Swimming for all",
            ],
        ),
        (
            "sort=organisation&dir=desc",
            [
                "Men&#x27;s shed tools",
                "Bridge cafe training",
                "Swimming for all",
            ],
        ),
    ];
    for (query, expected) in cases {
        let page = visitor.get(&format!("/projects?{query}")).await;
        assert_eq!(order(&page.body, &ALL), expected, "{query}");
    }
}

#[rocket::async_test]
async fn long_lists_are_paged_keeping_the_filters() {
    let app = TestApp::new().await;
    let scheme = scheme(&app, "many").await;
    for n in 0..23 {
        Grant {
            title: format!("Grant number {n:02}"),
            amount_pence: 10_000 + n,
            ..Grant::new(&format!("MANY-{n:02}"))
        }
        .create(&app, &scheme)
        .await;
    }
    let visitor = app.client().await;

    let first = visitor.get("/projects?sort=amount&dir=asc").await;
    assert!(first.body.contains("Page 1 of 2 (23 in all)"));
    assert!(first.body.contains("Grant number 00"));
    assert!(first.body.contains("Grant number 19"));
    assert!(!first.body.contains("Grant number 20"));
    assert!(
        first
            .body
            .contains("href=\"/projects?sort&#x3D;amount&amp;dir&#x3D;asc&amp;page&#x3D;2\""),
        "{}",
        first.body
    );
    let second = visitor.get("/projects?sort=amount&dir=asc&page=2").await;
    assert!(second.body.contains("Grant number 22"));
    assert!(!second.body.contains("Grant number 19"));
    // A page past the end shows the last page.
    let beyond = visitor.get("/projects?sort=amount&dir=asc&page=99").await;
    assert!(beyond.body.contains("Page 2 of 2"));
}

#[rocket::async_test]
async fn a_project_page_shows_what_was_funded_and_what_accepted_reports_say() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;

    let page = visitor.get("/projects/SWIM-1").await;

    assert_eq!(page.status, Status::Ok);
    assert!(page.title().starts_with("Swimming for all"));
    for expected in [
        "Abbey Swimmers",
        "Registered charity",
        "1234567",
        "Lessons for adults who never learned.",
        "£1,500.00",
        "£750.00",
        "1 March 2026",
        "1 April 2026 to 31 March 2027",
        "Abbey",
        "Healthier lives",
        "People more active (people)",
        "Maisie swam her first length at 71.",
        "Fund alpha-fund: Round alpha",
    ] {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    // Target 100, achieved 60 in the only accepted report.
    let row = &page.body[page.body.find("People more active").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(">100<") && row.contains(">60<"), "{row}");

    // The latest accepted report speaks for a project; a submitted one says nothing yet.
    let cafe = visitor.get("/projects/CAFE-1").await;
    assert!(cafe.body.contains("Completed"));
    assert!(cafe.body.contains("01234567"));
    let shed = visitor.get("/projects/SHED-1").await;
    assert!(!shed.body.contains("999"));
    assert!(shed.body.contains("Active"));
    // An unregistered group's postcode is never shown.
    assert!(!shed.body.contains("AS1 2AB"));
}

#[rocket::async_test]
async fn projects_that_are_not_public_do_not_exist() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;
    for reference in ["OFFER-1", "NOPE-1", "GONE-1", "NOSUCH-1"] {
        let page = visitor.get(&format!("/projects/{reference}")).await;
        assert_eq!(page.status, Status::NotFound, "{reference}");
    }
}

/// The page's main content, without the layout around it.
fn main_content(body: &str) -> &str {
    let start = body.find("<main").expect("a main element");
    let end = body.find("</main>").expect("the main element ends") + "</main>".len();
    &body[start..end]
}

#[rocket::async_test]
async fn a_project_page_reads_as_it_did_when_it_was_checked_by_hand() {
    let app = TestApp::new().await;
    world(&app).await;
    let visitor = app.client().await;

    let page = visitor.get("/projects/CAFE-1").await;

    assert_eq!(page.status, Status::Ok);
    insta::assert_snapshot!("project_page_cafe", main_content(&page.body));
}
