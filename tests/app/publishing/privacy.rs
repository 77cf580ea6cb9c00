//! Nothing private is ever published. Distinctive private values are planted beside the
//! demo's own people and texts, then every public page, API answer and export is read
//! for them.

use entity::{
    application, award, decision, monitoring_report, organisation, payment_tranche, review,
    review_score, user,
};
use rocket::http::{Method, Status};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use super::fixtures::{Grant, Report, scheme};
use crate::support::{TestApp, TestClient};

/// Planted private values: none may appear on any public page.
const PLANTED: &[&str] = &[
    "Quentin Zyxwvut",
    "07700 900461",
    "ZX9 9QP",
    "OFFICERNOTE-5531",
    "CONDITION-8812",
    "WENTWELL-2291",
    "WASHARD-2292",
    "UNPUBLISHED-CASE-3301",
    "NOCONSENT-CASE-3302",
    "SUBMITTED-CASE-3303",
    "987654321",
    "FINREF-7781",
    "WITHHELD-7782",
    "DECLINED-TITLE-4401",
    "WITHDRAWN-TITLE-4403",
    "OFFERED-TITLE-4402",
    "REFUSED-TITLE-4404",
];

async fn plant(app: &TestApp) {
    let scheme = scheme(app, "private").await;
    let award = Grant {
        declaration_name: "Quentin Zyxwvut".into(),
        phone: Some("07700 900461".into()),
        postcode: "ZX9 9QP".into(),
        paid: vec![10_000],
        scheduled: vec![10_000],
        reports: vec![
            Report {
                beneficiaries: Some(12),
                case_study: "UNPUBLISHED-CASE-3301".into(),
                consent: true,
                published: false,
                ..Report::default()
            },
            Report {
                beneficiaries: Some(14),
                case_study: "NOCONSENT-CASE-3302".into(),
                consent: false,
                published: true,
                ..Report::default()
            },
            Report {
                status: Some(entity::monitoring_report::Status::Submitted),
                beneficiaries: Some(987_654_321),
                case_study: "SUBMITTED-CASE-3303".into(),
                consent: true,
                published: true,
                ..Report::default()
            },
        ],
        ..Grant::new("PRIV-1")
    }
    .create(app, &scheme)
    .await;
    application::Entity::update_many()
        .col_expr(
            application::Column::OfficerMessage,
            Expr::value("OFFICERNOTE-5531"),
        )
        .filter(application::Column::Id.eq(award.application_id))
        .exec(&app.db)
        .await
        .unwrap();
    award::Entity::update_many()
        .col_expr(award::Column::Conditions, Expr::value("CONDITION-8812"))
        .filter(award::Column::Id.eq(award.id))
        .exec(&app.db)
        .await
        .unwrap();
    monitoring_report::Entity::update_many()
        .col_expr(
            monitoring_report::Column::WentWell,
            Expr::value("WENTWELL-2291"),
        )
        .col_expr(
            monitoring_report::Column::WasHard,
            Expr::value("WASHARD-2292"),
        )
        .filter(monitoring_report::Column::AwardId.eq(award.id))
        .exec(&app.db)
        .await
        .unwrap();
    payment_tranche::Entity::update_many()
        .col_expr(
            payment_tranche::Column::FinanceReference,
            Expr::value("FINREF-7781"),
        )
        .col_expr(
            payment_tranche::Column::WithheldReason,
            Expr::value("WITHHELD-7782"),
        )
        .filter(payment_tranche::Column::AwardId.eq(award.id))
        .exec(&app.db)
        .await
        .unwrap();
    for (reference, title, status, award_status) in [
        (
            "PRIV-2",
            "DECLINED-TITLE-4401",
            entity::application::Status::Declined,
            entity::award::Status::Cancelled,
        ),
        (
            "PRIV-3",
            "OFFERED-TITLE-4402",
            entity::application::Status::Awarded,
            entity::award::Status::Offered,
        ),
        (
            "PRIV-4",
            "WITHDRAWN-TITLE-4403",
            entity::application::Status::Withdrawn,
            entity::award::Status::Refused,
        ),
        (
            "PRIV-5",
            "REFUSED-TITLE-4404",
            entity::application::Status::Awarded,
            entity::award::Status::Refused,
        ),
    ] {
        Grant {
            title: title.into(),
            status,
            award_status,
            ..Grant::new(reference)
        }
        .create(app, &scheme)
        .await;
    }
}

/// Every private text in the database long enough to be distinctive: people's names and
/// emails, reviews, decisions' private parts, officers' messages and report narratives.
async fn private_texts(app: &TestApp) -> Vec<String> {
    let mut texts: Vec<String> = PLANTED.iter().map(|s| s.to_string()).collect();
    for u in user::Entity::find().all(&app.db).await.unwrap() {
        texts.push(u.email);
        texts.push(u.name);
    }
    for a in application::Entity::find().all(&app.db).await.unwrap() {
        texts.push(a.declaration_name);
        texts.extend(a.officer_message);
    }
    for a in award::Entity::find().all(&app.db).await.unwrap() {
        texts.extend(a.accepted_by_name);
        texts.push(a.conditions);
    }
    for r in review::Entity::find().all(&app.db).await.unwrap() {
        texts.push(r.overall_comment);
        texts.extend(r.reopened_reason);
    }
    for s in review_score::Entity::find().all(&app.db).await.unwrap() {
        texts.push(s.comment);
    }
    for d in decision::Entity::find().all(&app.db).await.unwrap() {
        texts.push(d.reason);
        texts.push(d.feedback);
    }
    for o in organisation::Entity::find().all(&app.db).await.unwrap() {
        texts.extend(o.phone);
    }
    for r in monitoring_report::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
    {
        texts.push(r.went_well);
        texts.push(r.was_hard);
        texts.extend(r.officer_message);
        // A case study is public only when consented, published and in an accepted report.
        if !(r.case_study_consent
            && r.case_study_published_at.is_some()
            && r.status == entity::monitoring_report::Status::Accepted)
        {
            texts.push(r.case_study);
        }
    }
    texts.retain(|t| t.trim().chars().count() >= 8);
    texts.sort();
    texts.dedup();
    texts
}

/// The forms a text takes in HTML and JSON.
fn forms(text: &str) -> Vec<String> {
    let html = text
        .replace('&', "&amp;")
        .replace('\'', "&#x27;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let json = serde_json::to_string(text).unwrap();
    vec![text.to_owned(), html, json.trim_matches('"').to_owned()]
}

/// Every public address: each anonymous GET route without parameters that answers 200,
/// every page of the directory and the API, and each published project and round.
async fn public_addresses(app: &TestApp, visitor: &TestClient) -> Vec<String> {
    let mut addresses: Vec<String> = app
        .rocket()
        .routes()
        .filter(|r| r.method == Method::Get && !r.uri.path().contains('<'))
        .map(|r| r.uri.path().to_string())
        .filter(|p| !p.starts_with("/static"))
        .collect();
    addresses.sort();
    addresses.dedup();
    let list: Value = serde_json::from_str(&visitor.get("/api/v1/projects").await.body).unwrap();
    let pages = list["pages"].as_u64().unwrap();
    for page in 1..=pages {
        addresses.push(format!("/projects?page={page}"));
        let list: Value = serde_json::from_str(
            &visitor
                .get(&format!("/api/v1/projects?page={page}"))
                .await
                .body,
        )
        .unwrap();
        for project in list["projects"].as_array().unwrap() {
            let reference = project["reference"].as_str().unwrap();
            addresses.push(format!("/projects/{reference}"));
            addresses.push(format!("/api/v1/projects/{reference}"));
        }
    }
    let rounds: Value = serde_json::from_str(&visitor.get("/api/v1/rounds").await.body).unwrap();
    for round in rounds["rounds"].as_array().unwrap() {
        let slug = round["slug"].as_str().unwrap();
        addresses.push(format!("/rounds/{slug}"));
        addresses.push(format!("/api/v1/rounds/{slug}"));
    }
    // Published reports, as their list links them.
    let reports = visitor.get("/reports").await.body;
    for piece in reports.split("href=\"/reports/").skip(1) {
        if let Some(slug) = piece.split('"').next() {
            addresses.push(format!("/reports/{slug}"));
        }
    }
    assert!(
        addresses.iter().any(|a| a.starts_with("/reports/")),
        "the demo publishes a report"
    );
    addresses
}

#[rocket::async_test]
async fn no_public_page_api_answer_or_export_shows_anything_private() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");
    plant(&app).await;
    let secrets = private_texts(&app).await;
    assert!(secrets.len() > 50, "the demo has plenty of private text");
    let visitor = app.client().await;

    let mut read = 0;
    for address in public_addresses(&app, &visitor).await {
        let page = visitor.get(&address).await;
        if page.status != Status::Ok {
            continue;
        }
        read += 1;
        for secret in &secrets {
            for form in forms(secret) {
                assert!(
                    !page.body.contains(&form),
                    "{address} shows private text {secret:?}"
                );
            }
        }
    }
    assert!(read >= 20, "read {read} public addresses");
    // The planted grant itself is public, with its public parts.
    let page = visitor.get("/projects/PRIV-1").await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("Group PRIV-1"));
}
