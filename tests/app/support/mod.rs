//! The test harness: a fresh, migrated database per test (in-memory SQLite, or a
//! database of its own on the PostgreSQL server that `DATABASE_URL` names), the
//! real app on Rocket's local client, sign-in helpers and CSRF handling.
//!
//! Where test helpers live, one way everywhere:
//! - `support/mod.rs` (here): `TestApp`, browsers, signing in.
//! - `support/builders.rs`: data builders any area may use, such as
//!   `ApplicationBuilder` and `OrganisationBuilder`, and funds and rounds.
//! - `<area>/fixtures.rs`: one area's shared setup; when it has several parts,
//!   `<area>/fixtures/mod.rs` with the parts beside it (`publishing/fixtures/world.rs`).
//!   An area's tests import from `super::fixtures` and `crate::support`; an
//!   area's `mod.rs` only lists its modules.
//! - Test doubles that are not data keep a name for what they are (`notify/smtp.rs`).

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

pub mod builders;

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
            // Half signed in (a second factor to come), the sign-in page sends you on.
            if let Some(next) = page.location.clone() {
                page = self.get(&next).await;
            }
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
