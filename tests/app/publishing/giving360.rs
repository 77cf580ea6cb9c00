//! Open data in the 360Giving Data Standard: the JSON package validates against the
//! official schema (copied into `tests/fixtures/360giving/`, checked offline), the CSV
//! carries the same values under the standard's column titles, both stream every grant
//! exactly once, the command line writes the same file, and nothing unpublished is in it.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use dealfund::domain::application::Status as ApplicationStatus;
use dealfund::format::spreadsheet::cell;
use dealfund::services::publishing::giving360::export::{self, Export, Format};
use entity::{application, award, organisation};
use rocket::futures::StreamExt;
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use super::fixtures::{self, Grant, Scheme, noon};
use crate::support::builders::ApplicationBuilder;
use crate::support::{TestApp, builders};

const GRANT_SCHEMA_URL: &str = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json";
const PACKAGE_SCHEMA: &str =
    include_str!("../../fixtures/360giving/360-giving-package-schema.json");
const GRANT_SCHEMA: &str = include_str!("../../fixtures/360giving/360-giving-schema.json");

/// Serves the grant schema the package schema refers to from the local copy: no network.
struct LocalSchemas;

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str() == GRANT_SCHEMA_URL {
            Ok(serde_json::from_str(GRANT_SCHEMA)?)
        } else {
            Err(format!("no network in tests: {uri}").into())
        }
    }
}

/// Fails with every schema error in `package`.
fn assert_valid_360giving(package: &Value) {
    let schema: Value = serde_json::from_str(PACKAGE_SCHEMA).expect("the package schema parses");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(LocalSchemas)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the official schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(package)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid 360Giving data:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_check_refuses_what_the_standard_refuses() {
    let good = serde_json::json!({
        "version": "1.4",
        "grants": [{
            "id": "360G-x-1", "title": "T", "description": "D", "currency": "GBP",
            "amountAwarded": 10, "awardDate": "2026-03-01",
            "recipientOrganization": [{"id": "GB-CHC-1", "name": "R"}],
            "fundingOrganization": [{"id": "GB-LAE-X", "name": "F"}],
            "dateModified": "2026-03-01T12:00:00Z"
        }]
    });
    assert_valid_360giving(&good);
    let refused = |change: &dyn Fn(&mut Value)| {
        let mut bad = good.clone();
        change(&mut bad);
        let result = std::panic::catch_unwind(|| assert_valid_360giving(&bad));
        assert!(result.is_err(), "accepted {bad}");
    };
    refused(&|p| p["grants"] = serde_json::json!([]));
    refused(&|p| p["grants"][0]["currency"] = "POUNDS".into());
    refused(&|p| p["grants"][0]["amountAwarded"] = "10".into());
    refused(&|p| p["grants"][0]["dateModified"] = "yesterday".into());
    refused(&|p| p["grants"][0]["fromOpenCall"] = "yes".into());
    refused(&|p| {
        p["grants"][0]
            .as_object_mut()
            .unwrap()
            .remove("recipientOrganization");
    });
}

/// The JSON package, its response checked.
async fn package(app: &TestApp) -> Value {
    let page = app.client().await.get("/data/360giving.json").await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert_eq!(page.header("Content-Type"), Some("application/json"));
    assert_eq!(page.header("Cache-Control"), Some("public, max-age=300"));
    serde_json::from_str(&page.body).expect("the package is JSON")
}

/// The CSV's header and rows, its response checked.
async fn spreadsheet(app: &TestApp) -> (Vec<String>, Vec<Vec<String>>) {
    let page = app.client().await.get("/data/360giving.csv").await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert_eq!(page.header("Content-Type"), Some("text/csv; charset=utf-8"));
    assert!(
        page.header("Content-Disposition").is_some_and(|d| d
            .starts_with("attachment; filename=\"360giving-")
            && d.ends_with(".csv\"")),
        "{:?}",
        page.header("Content-Disposition")
    );
    assert_eq!(page.header("Cache-Control"), Some("public, max-age=300"));
    let body = page
        .body
        .strip_prefix('\u{feff}')
        .expect("the CSV starts with a byte order mark");
    parse_csv(body.as_bytes())
}

fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a well-formed row")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    (header, rows)
}

fn grants(package: &Value) -> &Vec<Value> {
    package["grants"].as_array().expect("a list of grants")
}

/// Grants by identifier.
fn by_id(package: &Value) -> HashMap<String, Value> {
    grants(package)
        .iter()
        .map(|g| (g["id"].as_str().unwrap().to_owned(), g.clone()))
        .collect()
}

fn id(app: &TestApp, reference: &str) -> String {
    format!("{}-{reference}", app.config.giving_prefix)
}

/// Every CSV row says what the JSON says about its grant, field by field.
fn assert_csv_matches_json(header: &[String], rows: &[Vec<String>], package: &Value) {
    let grants = by_id(package);
    assert_eq!(rows.len(), grants.len(), "one row per grant");
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => cell(s).into_owned(),
        other => other.to_string(),
    };
    for row in rows {
        assert_eq!(row.len(), header.len());
        let at = |title: &str| {
            let i = header
                .iter()
                .position(|h| h == title)
                .unwrap_or_else(|| panic!("no column {title}"));
            row[i].clone()
        };
        let grant = &grants[&at("Identifier")];
        let expect = |title: &str, value: &Value| assert_eq!(at(title), text(value), "{title}");
        expect("Title", &grant["title"]);
        expect("Description", &grant["description"]);
        expect("Currency", &grant["currency"]);
        expect("Amount Applied For", &grant["amountAppliedFor"]);
        expect("Amount Awarded", &grant["amountAwarded"]);
        expect("Amount Disbursed", &grant["amountDisbursed"]);
        expect("Award Date", &grant["awardDate"]);
        expect(
            "Planned Dates:Start Date",
            &grant["plannedDates"][0]["startDate"],
        );
        expect(
            "Planned Dates:End Date",
            &grant["plannedDates"][0]["endDate"],
        );
        expect(
            "Planned Dates:Duration (months)",
            &grant["plannedDates"][0]["duration"],
        );
        let recipient = &grant["recipientOrganization"][0];
        expect("Recipient Org:Identifier", &recipient["id"]);
        expect("Recipient Org:Name", &recipient["name"]);
        expect("Recipient Org:Charity Number", &recipient["charityNumber"]);
        expect("Recipient Org:Company Number", &recipient["companyNumber"]);
        expect("Recipient Org:Postal Code", &recipient["postalCode"]);
        let funder = &grant["fundingOrganization"][0];
        expect("Funding Org:Identifier", &funder["id"]);
        expect("Funding Org:Name", &funder["name"]);
        expect("Funding Org:Department", &funder["department"]);
        expect("Grant Programme:Code", &grant["grantProgramme"][0]["code"]);
        expect(
            "Grant Programme:Title",
            &grant["grantProgramme"][0]["title"],
        );
        let numbered = |group: &str| header.iter().filter(|h| h.starts_with(group)).count() / 3;
        for i in 0..numbered("Beneficiary Location:") {
            let location = &grant["beneficiaryLocation"][i];
            expect(&format!("Beneficiary Location:{i}:Name"), &location["name"]);
            expect(
                &format!("Beneficiary Location:{i}:Geographic Code"),
                &location["geoCode"],
            );
            expect(
                &format!("Beneficiary Location:{i}:Geographic Code Type"),
                &location["geoCodeType"],
            );
        }
        for i in 0..numbered("Classifications:") {
            let class = &grant["classifications"][i];
            expect(
                &format!("Classifications:{i}:Vocabulary"),
                &class["vocabulary"],
            );
            expect(&format!("Classifications:{i}:Code"), &class["code"]);
            expect(&format!("Classifications:{i}:Title"), &class["title"]);
        }
        expect("From An Open Call?", &grant["fromOpenCall"]);
        expect("Last Modified", &grant["dateModified"]);
    }
}

#[rocket::async_test]
async fn the_demo_publishes_valid_360giving_json_and_the_same_grants_as_csv() {
    let app = TestApp::new().await;
    dealfund::tools::demo::seed(&app.db, &app.clock)
        .await
        .expect("seed the demo");

    let package = package(&app).await;
    assert_valid_360giving(&package);
    assert_eq!(package["version"], "1.4");
    assert_eq!(package["publisher"]["name"], "Test Borough Council");
    assert_eq!(
        package["publisher"]["identifier"],
        app.config.council_org_id.as_str()
    );
    assert_eq!(
        package["license"],
        app.config.open_data_licence_url.as_str()
    );
    let published = award::Entity::find()
        .filter(award::Column::Status.is_in(["accepted", "active", "completed"]))
        .all(&app.db)
        .await
        .unwrap()
        .len();
    assert!(published > 0, "the demo has grants");
    assert_eq!(grants(&package).len(), published);

    let (header, rows) = spreadsheet(&app).await;
    for title in [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Applied For",
        "Amount Awarded",
        "Amount Disbursed",
        "Award Date",
        "Planned Dates:Start Date",
        "Planned Dates:End Date",
        "Planned Dates:Duration (months)",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Recipient Org:Charity Number",
        "Recipient Org:Company Number",
        "Recipient Org:Postal Code",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Funding Org:Department",
        "Beneficiary Location:0:Name",
        "Beneficiary Location:0:Geographic Code",
        "Beneficiary Location:0:Geographic Code Type",
        "Grant Programme:Code",
        "Grant Programme:Title",
        "Classifications:0:Vocabulary",
        "Classifications:0:Code",
        "Classifications:0:Title",
        "From An Open Call?",
        "Last Modified",
    ] {
        assert!(header.iter().any(|h| h == title), "no column {title}");
    }
    assert_csv_matches_json(&header, &rows, &package);
}

#[rocket::async_test]
async fn a_grants_fields_are_the_hand_worked_values_in_pounds() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "small-grants").await;
    let abbey = fixtures::ward(&app, "Abbey", "E05000001").await;
    let brook = fixtures::ward(&app, "Brook", "E05000002").await;
    let (outcome, indicator) =
        fixtures::outcome_with_indicator(&app, "HEALTH", "Healthier lives", "People active").await;
    let mut grant = Grant::new("DCF-2026-0001");
    grant.charity_number = Some("1123456".into());
    grant.company_number = Some("01234567".into());
    grant.kind = entity::organisation::Kind::RegisteredCharity;
    grant.requested_pence = 200_000;
    grant.amount_pence = 150_050;
    grant.paid = vec![50_025, 25_000];
    grant.scheduled = vec![75_025];
    grant.ward_ids = vec![brook.id, abbey.id];
    grant.outcome_ids = vec![outcome.id];
    grant.targets = vec![(indicator.id, 40)];
    grant.create(&app, &scheme).await;

    let package = package(&app).await;
    assert_valid_360giving(&package);
    let g = &by_id(&package)[&id(&app, "DCF-2026-0001")];
    assert_eq!(g["title"], "Project DCF-2026-0001");
    assert_eq!(g["description"], "What DCF-2026-0001 does.");
    assert_eq!(g["currency"], "GBP");
    assert_eq!(g["amountAppliedFor"].to_string(), "2000");
    assert_eq!(g["amountAwarded"].to_string(), "1500.5");
    assert_eq!(
        g["amountDisbursed"].to_string(),
        "750.25",
        "paid tranches only"
    );
    assert_eq!(g["awardDate"], "2026-03-01");
    assert_eq!(
        g["plannedDates"],
        serde_json::json!([{"startDate": "2026-04-01", "endDate": "2027-03-31", "duration": 12}])
    );
    assert_eq!(
        g["recipientOrganization"],
        serde_json::json!([{
            "id": "GB-CHC-1123456",
            "name": "Group DCF-2026-0001",
            "charityNumber": "1123456",
            "companyNumber": "01234567",
            "postalCode": "AS1 2AB"
        }])
    );
    assert_eq!(
        g["fundingOrganization"],
        serde_json::json!([{"id": app.config.council_org_id, "name": "Test Borough Council"}])
    );
    assert_eq!(
        g["beneficiaryLocation"],
        serde_json::json!([
            {"name": "Abbey", "geoCode": "E05000001", "geoCodeType": "WD"},
            {"name": "Brook", "geoCode": "E05000002", "geoCodeType": "WD"}
        ])
    );
    assert_eq!(
        g["grantProgramme"],
        serde_json::json!([{
            "code": "small-grants",
            "title": format!("{}: Round small-grants", scheme.fund.name)
        }])
    );
    assert_eq!(
        g["classifications"],
        serde_json::json!([{
            "vocabulary": "Test Borough Council Deal outcomes",
            "code": "HEALTH",
            "title": "Healthier lives"
        }])
    );
    assert_eq!(g["fromOpenCall"], "Yes");
    assert_eq!(
        g["dateModified"].as_str().unwrap().len(),
        "2026-03-01T12:00:00Z".len()
    );
    assert_eq!(
        package["modified"], g["dateModified"],
        "the only grant is the latest change"
    );
    assert!(
        !package.to_string().contains("Pat Signer"),
        "no person's name is published"
    );
}

#[rocket::async_test]
async fn unusual_grants_validate_and_their_csv_rows_match_the_json() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "edge").await;
    let wards = [
        fixtures::ward(&app, "Abbey", "E05000001").await,
        fixtures::ward(&app, "Brook", "E05000002").await,
        fixtures::ward(&app, "Castle", "E05000003").await,
    ];
    let (health, _) = fixtures::outcome_with_indicator(&app, "H", "Health", "People").await;
    let (green, _) = fixtures::outcome_with_indicator(&app, "G", "Greener", "Trees").await;

    // An unregistered group: no numbers, so our own org-id and no postcode.
    let mut plain = Grant::new("EDGE-1");
    plain.title = "=cmd|' /C calc'!A0 \"Quoted\", <script>alert(1)</script> 🎉".into();
    plain.summary = "Line one,\nline \"two\"\r\n+ three".into();
    plain.organisation = "@Café \"Crème\" & Co".into();
    plain.ward_ids = wards.iter().map(|w| w.id).collect();
    plain.outcome_ids = vec![health.id, green.id];
    plain.start = None;
    plain.end = None;
    let plain_award = plain.create(&app, &scheme).await;
    // A company with no charity number.
    let mut company = Grant::new("EDGE-2");
    company.kind = entity::organisation::Kind::Cic;
    company.company_number = Some("SC123456".into());
    company.amount_pence = 99_999;
    company.create(&app, &scheme).await;
    // A Scottish charity.
    let mut scottish = Grant::new("EDGE-3");
    scottish.kind = entity::organisation::Kind::RegisteredCharity;
    scottish.charity_number = Some("SC012345".into());
    scottish.ward_ids = vec![wards[2].id];
    scottish.create(&app, &scheme).await;
    // A Northern Irish charity, paid in full.
    let mut irish = Grant::new("EDGE-4");
    irish.kind = entity::organisation::Kind::RegisteredCharity;
    irish.charity_number = Some("NIC100002".into());
    irish.paid = vec![150_000];
    irish.start = NaiveDate::from_ymd_opt(2026, 1, 15);
    irish.end = NaiveDate::from_ymd_opt(2026, 3, 16);
    irish.create(&app, &scheme).await;

    let package = package(&app).await;
    assert_valid_360giving(&package);
    let grants = by_id(&package);
    let plain = &grants[&id(&app, "EDGE-1")];
    assert_eq!(
        plain["title"],
        "=cmd|' /C calc'!A0 \"Quoted\", <script>alert(1)</script> 🎉"
    );
    assert_eq!(plain["description"], "Line one,\nline \"two\"\r\n+ three");
    assert_eq!(
        plain["recipientOrganization"],
        serde_json::json!([{
            "id": format!("{}-ORG-{}", app.config.giving_prefix, org_of(&app, &plain_award).await),
            "name": "@Café \"Crème\" & Co"
        }])
    );
    assert_eq!(
        plain["amountDisbursed"].to_string(),
        "0",
        "nothing paid yet"
    );
    assert!(plain.get("plannedDates").is_none());
    assert_eq!(plain["beneficiaryLocation"].as_array().unwrap().len(), 3);
    assert_eq!(plain["classifications"].as_array().unwrap().len(), 2);
    let company = &grants[&id(&app, "EDGE-2")];
    assert_eq!(company["recipientOrganization"][0]["id"], "GB-COH-SC123456");
    assert_eq!(
        company["recipientOrganization"][0]["companyNumber"],
        "SC123456"
    );
    assert_eq!(company["amountAwarded"].to_string(), "999.99");
    assert!(company.get("beneficiaryLocation").is_none(), "borough-wide");
    let scottish = &grants[&id(&app, "EDGE-3")];
    assert_eq!(scottish["recipientOrganization"][0]["id"], "GB-SC-SC012345");
    let irish = &grants[&id(&app, "EDGE-4")];
    assert_eq!(irish["recipientOrganization"][0]["id"], "GB-NIC-100002");
    assert_eq!(irish["amountDisbursed"].to_string(), "1500");
    assert_eq!(irish["plannedDates"][0]["duration"], 3);

    let (header, rows) = spreadsheet(&app).await;
    assert!(header.contains(&"Beneficiary Location:2:Name".to_owned()));
    assert!(!header.contains(&"Beneficiary Location:3:Name".to_owned()));
    assert!(header.contains(&"Classifications:1:Code".to_owned()));
    let outcomes = entity::outcome::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .len();
    assert!(header.contains(&format!("Classifications:{}:Code", outcomes - 1)));
    assert!(!header.contains(&format!("Classifications:{outcomes}:Code")));
    assert_csv_matches_json(&header, &rows, &package);
    let title = header.iter().position(|h| h == "Title").unwrap();
    let row = rows.iter().find(|r| r[0] == id(&app, "EDGE-1")).unwrap();
    assert!(row[title].starts_with("'="), "a formula is made text");
}

async fn org_of(app: &TestApp, award: &award::Model) -> i32 {
    application::Entity::find_by_id(award.application_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .organisation_id
}

#[rocket::async_test]
async fn offers_refusals_cancellations_and_unfunded_applications_are_not_published() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "mixed").await;
    Grant::new("PUB-1").create(&app, &scheme).await;
    let mut active = Grant::new("PUB-2");
    active.award_status = award::Status::Active;
    active.create(&app, &scheme).await;
    let mut completed = Grant::new("PUB-3");
    completed.award_status = award::Status::Completed;
    completed.create(&app, &scheme).await;
    for (reference, status) in [
        ("NOT-1", award::Status::Offered),
        ("NOT-2", award::Status::Refused),
        ("NOT-3", award::Status::Cancelled),
    ] {
        let mut grant = Grant::new(reference);
        grant.award_status = status;
        grant.create(&app, &scheme).await;
    }
    for (reference, status) in [
        ("NOT-4", application::Status::Declined),
        ("NOT-5", application::Status::Withdrawn),
    ] {
        builders::submitted_application(&app, &scheme.round, reference).await;
        let row = application::Entity::find()
            .filter(application::Column::Reference.eq(reference))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut row: application::ActiveModel = row.into();
        row.status = Set(status);
        row.update(&app.db).await.unwrap();
    }

    let package = package(&app).await;
    assert_valid_360giving(&package);
    let ids: BTreeSet<String> = by_id(&package).into_keys().collect();
    let expected: BTreeSet<String> = ["PUB-1", "PUB-2", "PUB-3"]
        .iter()
        .map(|r| id(&app, r))
        .collect();
    assert_eq!(ids, expected);
    let (_, rows) = spreadsheet(&app).await;
    let csv_ids: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(csv_ids, expected);
}

/// `count` accepted grants written straight into the database, a few statements each.
async fn many_grants(app: &TestApp, scheme: &Scheme, count: usize) -> BTreeSet<String> {
    let owner = app
        .create_user("bulk@grants.example", entity::user::Role::Applicant)
        .await;
    let now = app.clock.now();
    let references: Vec<String> = (0..count).map(|i| format!("BULK-{i:05}")).collect();
    for chunk in references.chunks(100) {
        organisation::Entity::insert_many(chunk.iter().map(|r| organisation::ActiveModel {
            name: Set(format!("Group {r}")),
            kind: Set(entity::organisation::Kind::ConstitutedGroup),
            postcode: Set("AS1 2AB".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }))
        .exec(&app.db)
        .await
        .expect("add organisations");
    }
    let orgs: HashMap<String, i32> = organisation::Entity::find()
        .filter(organisation::Column::Name.starts_with("Group BULK-"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.name.trim_start_matches("Group ").to_owned(), o.id))
        .collect();
    for chunk in references.chunks(100) {
        application::Entity::insert_many(chunk.iter().map(|r| {
            ApplicationBuilder::new(&scheme.round)
                .owned_by(&owner)
                .organisation_id(orgs[r])
                .reference(r)
                .status(ApplicationStatus::Awarded)
                .title(&format!("Project {r}"))
                .summary("")
                .submitted_at(now)
                .active_model(now)
        }))
        .exec(&app.db)
        .await
        .expect("add applications");
    }
    let applications: Vec<i32> = application::Entity::find()
        .filter(application::Column::Reference.starts_with("BULK-"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    for chunk in applications.chunks(100) {
        award::Entity::insert_many(chunk.iter().map(|application_id| award::ActiveModel {
            application_id: Set(*application_id),
            round_id: Set(scheme.round.id),
            amount_pence: Set(100_000),
            conditions: Set(String::new()),
            status: Set(entity::award::Status::Accepted),
            offered_at: Set(noon(2026, 3, 1)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }))
        .exec(&app.db)
        .await
        .expect("add awards");
    }
    references.iter().map(|r| id(app, r)).collect()
}

#[rocket::async_test]
async fn more_grants_than_one_batch_are_each_written_exactly_once() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "bulk").await;
    let expected = many_grants(&app, &scheme, 1_203).await;
    assert!(expected.len() as u64 > 2 * export::BATCH_SIZE);

    let package = package(&app).await;
    let ids: Vec<String> = grants(&package)
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), expected.len(), "no grant twice, none left out");
    assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert_valid_360giving(&package);

    let (_, rows) = spreadsheet(&app).await;
    let csv_ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(csv_ids.len(), expected.len());
    assert_eq!(csv_ids.into_iter().collect::<BTreeSet<_>>(), expected);
}

#[rocket::async_test]
async fn small_batches_write_the_same_file_as_one_big_batch() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "batches").await;
    for i in 0..7 {
        Grant::new(&format!("B-{i}")).create(&app, &scheme).await;
    }
    for format in [Format::Json, Format::Csv] {
        let mut files = Vec::new();
        for batch_size in [1, 3, 7, 500] {
            let mut export = Export::new(&app.config, format, app.clock.now());
            export.batch_size = batch_size;
            let prepared = export::prepare(&app.db, export).await.unwrap().unwrap();
            let mut chunks = prepared.chunks(app.db.clone());
            let mut bytes = Vec::new();
            while let Some(chunk) = chunks.next().await {
                bytes.extend(chunk.expect("no error"));
            }
            files.push(bytes);
        }
        assert!(files.windows(2).all(|w| w[0] == w[1]), "{format:?}");
    }
}

#[rocket::async_test]
async fn a_database_failure_part_way_leaves_a_file_that_is_plainly_incomplete() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "fail").await;
    for i in 0..3 {
        Grant::new(&format!("F-{i}")).create(&app, &scheme).await;
    }
    for format in [Format::Json, Format::Csv] {
        let mut export = Export::new(&app.config, format, app.clock.now());
        export.batch_size = 1;
        let prepared = export::prepare(&app.db, export).await.unwrap().unwrap();
        // A connection of its own, closed after the first batch as if the server went away.
        let db = dealfund::db::connect(&app.database_url, 1).await.unwrap();
        let mut chunks = prepared.chunks(db.clone());
        let mut bytes = chunks.next().await.unwrap().expect("the first batch");
        db.close().await.unwrap();
        // The batch after the first may already have been read (reading runs ahead of
        // writing); the one after that cannot be.
        let mut failed = false;
        while let Some(chunk) = chunks.next().await {
            assert!(!failed, "nothing after the error");
            match chunk {
                Ok(more) => bytes.extend(more),
                Err(_) => failed = true,
            }
        }
        assert!(failed, "{format:?}: an error, not the end");
        // What the route then sends.
        bytes.extend(export::failure_marker(format));
        match format {
            Format::Json => {
                assert!(serde_json::from_slice::<Value>(&bytes).is_err());
                assert!(String::from_utf8_lossy(&bytes).contains("incomplete"));
            }
            Format::Csv => {
                let body = &bytes[3..];
                let parsed: Result<Vec<csv::StringRecord>, _> =
                    csv::Reader::from_reader(body).records().collect();
                assert!(
                    parsed.is_err(),
                    "a strict reader refuses the short last row"
                );
                assert!(String::from_utf8_lossy(body).contains("incomplete"));
            }
        }
    }
}

#[rocket::async_test]
async fn the_command_line_writes_the_same_files_as_the_routes() {
    let app = TestApp::on_disk().await;
    let scheme = fixtures::scheme(&app, "cli").await;
    let ward = fixtures::ward(&app, "Abbey", "E05000001").await;
    let mut grant = Grant::new("CLI-1");
    grant.ward_ids = vec![ward.id];
    grant.create(&app, &scheme).await;
    Grant::new("CLI-2").create(&app, &scheme).await;
    let dir = std::env::temp_dir().join(format!("dealfund-export-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();

    for (format, path) in [
        ("json", "/data/360giving.json"),
        ("csv", "/data/360giving.csv"),
    ] {
        let out = dir.join(format!("grants.{format}"));
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealfund"))
            .args(["export", "360giving", "--format", format, "--out"])
            .arg(&out)
            .env("DATABASE_URL", &app.database_url)
            .env("DEALFUND_COUNCIL_NAME", "Test Borough Council")
            .env("RUST_LOG", "error")
            .output()
            .expect("run dealfund");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let written = std::fs::read(&out).expect("the file is written");
        let served = app
            .client()
            .await
            .client
            .get(path)
            .dispatch()
            .await
            .into_bytes()
            .await
            .unwrap();
        if format == "json" {
            // The day the file was made is the only thing that may differ (around midnight).
            let issued = |bytes: &[u8]| -> Value {
                serde_json::from_slice::<Value>(bytes).unwrap()["issued"].clone()
            };
            let (a, b) = (issued(&written), issued(&served));
            let written = String::from_utf8(written)
                .unwrap()
                .replace(&a.to_string(), &b.to_string());
            assert_eq!(written.as_bytes(), served.as_slice());
            assert_valid_360giving(&serde_json::from_str(&written).unwrap());
        } else {
            assert_eq!(written, served);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[rocket::async_test]
async fn with_nothing_published_the_files_say_so_and_the_command_line_writes_nothing() {
    let app = TestApp::on_disk().await;
    let browser = app.client().await;
    for path in ["/data/360giving.json", "/data/360giving.csv"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, Status::NotFound);
        assert!(page.body.contains("No grants have been published yet"));
    }
    let page = browser.get("/data").await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("No grants have been published yet"));
    assert!(!page.body.contains("href=\"/data/360giving.json\""));

    let out = std::env::temp_dir().join(format!("dealfund-empty-{}.json", rand::random::<u32>()));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealfund"))
        .args(["export", "360giving", "--format", "json", "--out"])
        .arg(&out)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run dealfund");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no grants have been published yet"));
    assert!(!out.exists());
}

#[rocket::async_test]
async fn the_open_data_page_explains_the_files_licence_and_other_ways_in() {
    let app = TestApp::new().await;
    let scheme = fixtures::scheme(&app, "page").await;
    Grant::new("PAGE-1").create(&app, &scheme).await;
    let page = app.client().await.get("/data").await;
    assert_eq!(page.status, Status::Ok);
    assert_eq!(page.title(), "Open data - Test Borough Council");
    for text in [
        "href=\"/data/360giving.json\"",
        "href=\"/data/360giving.csv\"",
        "href=\"/api/v1/openapi.json\"",
        "href=\"/projects\"",
        "href=\"/impact\"",
        "1 grant published",
        "360Giving",
        "Personal data",
        &app.config.open_data_licence_name,
        &format!("href=\"{}\"", app.config.open_data_licence_url),
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    assert_eq!(
        page.header("Cache-Control"),
        Some("no-store"),
        "pages stay uncached"
    );
}
