//! The test harness: a fresh, migrated database per test (in-memory SQLite, or a
//! database of its own on the PostgreSQL server that `DATABASE_URL` names), the
//! real app on Rocket's local client, sign-in helpers and CSRF handling.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use dealfund::clock::Clock;
use dealfund::config::AppConfig;
use dealfund::services::audit::Actor;
use dealfund::services::users::{self, NewUser};
use entity::user::{self, Role};
use rocket::figment::Figment;
use rocket::figment::providers::Serialized;
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// The password every test account gets.
pub const PASSWORD: &str = "a long test passphrase";

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random: u32 = rand::random();
    format!("dealfund_test_{}_{n}_{random:08x}", std::process::id())
}

/// Where the test's database lives.
enum Store {
    Memory,
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

/// One test's app: its database, clock and configuration.
pub struct TestApp {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub config: AppConfig,
    pub database_url: String,
    figment: Figment,
    store: Store,
}

impl TestApp {
    /// A fresh app on its own empty, migrated database.
    pub async fn new() -> Self {
        Self::create(false).await
    }

    /// Like [`TestApp::new`], but SQLite is a file, so another process can open it.
    pub async fn on_disk() -> Self {
        Self::create(true).await
    }

    async fn create(on_disk: bool) -> Self {
        let (database_url, store) = match std::env::var("DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let name = unique_name();
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(&admin_url).expect("DATABASE_URL parses");
                url.set_path(&format!("/{name}"));
                (url.to_string(), Store::Postgres { admin_url, name })
            }
            _ if on_disk => {
                let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
                (
                    format!("sqlite://{}?mode=rwc", path.display()),
                    Store::File(path),
                )
            }
            _ => ("sqlite::memory:".to_owned(), Store::Memory),
        };
        let db = dealfund::db::connect(&database_url, 4)
            .await
            .expect("connect to the test database");
        dealfund::db::migrate(&db).await.expect("migrations apply");
        let secret: [u8; 32] = rand::random();
        let figment = rocket::Config::figment()
            .merge(Serialized::global("secret_key", secret.to_vec()))
            .merge(Serialized::global("log_level", "off"))
            // As behind a proxy, so that tests can act from different client addresses.
            .merge(Serialized::global("ip_header", "X-Real-IP"))
            .merge(Serialized::global("database_url", &database_url))
            .merge(Serialized::global("council_name", "Test Borough Council"))
            // Tests drive the delivery worker and the reminders job themselves, on the test clock.
            .merge(Serialized::global("background_jobs", false));
        let config = AppConfig::from_figment(&figment).expect("test configuration");
        TestApp {
            db,
            clock: Clock::system(),
            config,
            database_url,
            figment,
            store,
        }
    }

    /// The app's Rocket configuration.
    pub fn figment(&self) -> Figment {
        self.figment.clone()
    }

    /// The app, not yet started.
    pub fn rocket(&self) -> rocket::Rocket<rocket::Build> {
        dealfund::build(
            self.figment.clone(),
            self.config.clone(),
            self.db.clone(),
            self.clock.clone(),
        )
    }

    /// What renders emails, as the app has it.
    pub fn notifier(&self) -> dealfund::services::notify::Notifier {
        dealfund::services::notify::Notifier::load(std::path::Path::new("templates"), &self.config)
            .expect("the email templates load")
    }

    /// A browser: its own cookies, the same app and database.
    pub async fn client(&self) -> TestClient {
        TestClient {
            client: Client::tracked(self.rocket())
                .await
                .expect("the app starts"),
        }
    }

    /// Makes an account directly.
    pub async fn create_user(&self, email: &str, role: Role) -> user::Model {
        users::create(
            &self.db,
            &self.clock,
            &Actor::system(),
            NewUser {
                name: format!("Test {}", role_label(role)),
                email: email.to_owned(),
                password: PASSWORD.to_owned(),
                role,
            },
        )
        .await
        .expect("create a test user")
    }

    /// A browser signed in as a new user with this role.
    pub async fn login_as(&self, role: Role) -> (TestClient, user::Model) {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let account = self
            .create_user(&format!("{}{n}@example.org", role_label(role)), role)
            .await;
        let client = self.client().await;
        let response = client.login(&account.email, PASSWORD).await;
        assert_eq!(
            response.status,
            Status::SeeOther,
            "signing in as {role:?}: {}",
            response.body
        );
        (client, account)
    }
}

fn role_label(role: Role) -> &'static str {
    dealfund::format::role_name(role)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.store {
            Store::Memory => {}
            Store::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Store::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop cannot await: drop the database from a thread with its own runtime.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(runtime) = runtime {
                        runtime.block_on(async {
                            if let Ok(admin) = Database::connect(&admin_url).await {
                                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                                let _ = admin.execute_unprepared(&sql).await;
                                let _ = admin.close().await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// What came back: status, body, and where a redirect points.
#[derive(Debug)]
pub struct Page {
    pub status: Status,
    pub body: String,
    pub location: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Page {
    async fn from(response: LocalResponse<'_>) -> Self {
        let status = response.status();
        let location = response.headers().get_one("Location").map(str::to_owned);
        let headers = response
            .headers()
            .iter()
            .map(|h| (h.name().to_string(), h.value().to_string()))
            .collect();
        let body = response.into_string().await.unwrap_or_default();
        Page {
            status,
            body,
            location,
            headers,
        }
    }

    /// A response header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The text of the page's `<title>`.
    pub fn title(&self) -> String {
        let start = self.body.find("<title>").map(|i| i + 7).unwrap_or(0);
        let end = self.body[start..]
            .find("</title>")
            .map(|i| i + start)
            .unwrap_or(start);
        self.body[start..end].to_owned()
    }
}

/// A browser on the app.
pub struct TestClient {
    pub client: Client,
}

impl TestClient {
    /// GETs a page.
    pub async fn get(&self, path: &str) -> Page {
        Page::from(self.client.get(path.to_owned()).dispatch().await).await
    }

    /// The CSRF token of a form on a page, as a browser would send it.
    pub async fn csrf_token(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        // Signed in, every page has the sign-out form; signed out, the sign-in page has a form.
        let mut page = self.get("/accessibility").await;
        if !page.body.contains(marker) {
            page = self.get("/login").await;
        }
        let start = page
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .expect("a CSRF field on the page");
        let end = page.body[start..].find('"').expect("the field ends") + start;
        page.body[start..end].to_owned()
    }

    /// Submits a form as a browser would, token first.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf_token().await;
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Submits exactly these fields, with no token added.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = encode(fields);
        Page::from(
            self.client
                .post(path.to_owned())
                .header(ContentType::Form)
                .body(body)
                .dispatch()
                .await,
        )
        .await
    }

    /// Submits a form from a given client address.
    pub async fn post_from(&self, address: &str, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf_token().await;
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        let request = self
            .client
            .post(path.to_owned())
            .header(ContentType::Form)
            .header(Header::new("X-Real-IP", address.to_owned()))
            .body(encode(&all));
        Page::from(request.dispatch().await).await
    }

    /// Signs in through the sign-in form.
    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }
}

fn encode(fields: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        serializer.append_pair(k, v);
    }
    serializer.finish()
}

/// Builders for funds and rounds, through the same services the pages use.
pub mod builders {
    use chrono::{DateTime, Duration, Utc};
    use dealfund::domain::local_time::{date_input, time_input};
    use dealfund::services::audit::Actor;
    use dealfund::services::funds::{self, ContributionInput, FundInput};
    use dealfund::services::rounds::items::{self, CriterionInput};
    use dealfund::services::rounds::{self, RoundInput};
    use entity::{fund, funding_round};

    use super::TestApp;

    /// A fund with one contribution of `pounds`.
    pub async fn fund(app: &TestApp, slug: &str, pounds: i64) -> fund::Model {
        let input = FundInput {
            name: format!("Fund {slug}"),
            slug: slug.to_owned(),
            description: String::new(),
        };
        let created = funds::create(&app.db, &app.clock, &Actor::system(), input)
            .await
            .expect("create a fund");
        let contribution = ContributionInput {
            partner_name: "Test Borough Council".into(),
            partner_org_id: String::new(),
            amount: pounds.to_string(),
        };
        funds::add_contribution(
            &app.db,
            &app.clock,
            &Actor::system(),
            created.id,
            contribution,
        )
        .await
        .expect("add a contribution");
        created
    }

    /// A round's form input, opening and closing at the given times.
    pub fn round_input(
        app: &TestApp,
        slug: &str,
        opens: DateTime<Utc>,
        closes: DateTime<Utc>,
        budget: i64,
    ) -> RoundInput {
        let tz = app.config.time_zone;
        RoundInput {
            name: format!("Round {slug}"),
            slug: slug.to_owned(),
            guidance: "What this round funds.".into(),
            opens_date: date_input(opens, tz),
            opens_time: time_input(opens, tz),
            closes_date: date_input(closes, tz),
            closes_time: time_input(closes, tz),
            budget: budget.to_string(),
            min_grant: "250".into(),
            max_grant: "2000".into(),
            max_duration_months: "12".into(),
            fundable_threshold: "60".into(),
            disagreement_margin: "20".into(),
            single_payment_max: "2000".into(),
            upfront_percent: "50".into(),
            tranche_interval_months: "6".into(),
            report_interval_months: "6".into(),
        }
    }

    /// A draft round of `budget` pounds, open from yesterday for a fortnight.
    pub async fn round(
        app: &TestApp,
        fund: &fund::Model,
        slug: &str,
        budget: i64,
    ) -> funding_round::Model {
        let now = app.clock.now();
        let input = round_input(
            app,
            slug,
            now - Duration::days(1),
            now + Duration::days(14),
            budget,
        );
        rounds::create(
            &app.db,
            &app.clock,
            &Actor::system(),
            app.config.time_zone,
            fund.id,
            &input,
        )
        .await
        .expect("create a round")
    }

    /// Gives a round one criterion.
    pub async fn criterion(app: &TestApp, round: &funding_round::Model, title: &str, weight: i32) {
        let input = CriterionInput {
            title: title.to_owned(),
            guidance: String::new(),
            weight: weight.to_string(),
            outcome_id: String::new(),
        };
        items::save_criterion(
            &app.db,
            &app.clock,
            &Actor::system(),
            round.id,
            None,
            &input,
        )
        .await
        .expect("add a criterion");
    }

    /// Adds an outcome to the framework (rounds need one before publishing).
    pub async fn outcome(app: &TestApp, code: &str) -> entity::outcome::Model {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        entity::outcome::ActiveModel {
            code: Set(code.to_owned()),
            title: Set(format!("Outcome {code}")),
            description: Set(String::new()),
            position: Set(1),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an outcome")
    }

    /// A round that is published, with a criterion and an outcome in the framework.
    pub async fn published_round(
        app: &TestApp,
        fund: &fund::Model,
        slug: &str,
        budget: i64,
    ) -> funding_round::Model {
        let round = round(app, fund, slug, budget).await;
        criterion(app, &round, "Meets local need", 2).await;
        if <entity::outcome::Entity as sea_orm::EntityTrait>::find()
            .one(&app.db)
            .await
            .ok()
            .flatten()
            .is_none()
        {
            outcome(app, "O1").await;
        }
        rounds::transition(
            &app.db,
            &app.clock,
            &Actor::system(),
            round.id,
            dealfund::domain::round::Transition::Publish,
        )
        .await
        .expect("publish the round")
    }

    /// A submitted application to a round from a new organisation, written directly.
    pub async fn submitted_application(
        app: &TestApp,
        round: &funding_round::Model,
        reference: &str,
    ) {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let now = app.clock.now();
        let owner = app
            .create_user(
                &format!("{}@groups.example", reference.to_lowercase()),
                entity::user::Role::Applicant,
            )
            .await;
        let organisation = entity::organisation::ActiveModel {
            name: Set(format!("Group {reference}")),
            kind: Set("constituted_group".into()),
            postcode: Set("AS1 2AB".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an organisation");
        entity::application::ActiveModel {
            reference: Set(Some(reference.to_owned())),
            round_id: Set(round.id),
            organisation_id: Set(organisation.id),
            created_by: Set(owner.id),
            status: Set(entity::application::Status::Submitted),
            version: Set(1),
            title: Set(format!("Project {reference}")),
            summary: Set(String::new()),
            requested_pence: Set(100_000),
            section_state: Set("{}".into()),
            quiz_answers: Set("{}".into()),
            declaration_true: Set(true),
            declaration_consent: Set(true),
            declaration_name: Set("A Person".into()),
            submitted_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("add an application");
    }
}
