//! A fresh, migrated database per test (in-memory SQLite, or a database of its own on
//! the PostgreSQL server that `DATABASE_URL` names) and the app's configuration, as the
//! app's own test harness makes them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use dealfund::clock::Clock;
use dealfund::config::AppConfig;
use rocket::figment::Figment;
use rocket::figment::providers::Serialized;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random: u32 = rand::random();
    format!(
        "dealfund_bench_test_{}_{n}_{random:08x}",
        std::process::id()
    )
}

/// The repository root: tests run in this crate's directory, but the app serves the
/// root's templates and static files.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One test's app: its database, clock and configuration.
pub struct TestApp {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub config: AppConfig,
    figment: Figment,
    /// The PostgreSQL server and the database made for this test, dropped with it.
    postgres: Option<(String, String)>,
}

impl TestApp {
    /// A fresh app on its own empty, migrated database.
    pub async fn new() -> Self {
        let (database_url, postgres) = match std::env::var("DATABASE_URL") {
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
                (url.to_string(), Some((admin_url, name)))
            }
            _ => ("sqlite::memory:".to_owned(), None),
        };
        let db = dealfund::db::connect(&database_url, 4)
            .await
            .expect("connect to the test database");
        dealfund::db::migrate(&db).await.expect("migrations apply");
        let secret: [u8; 32] = rand::random();
        let figment = rocket::Config::figment()
            .merge(Serialized::global("secret_key", secret.to_vec()))
            .merge(Serialized::global("log_level", "off"))
            .merge(Serialized::global("database_url", &database_url))
            .merge(Serialized::global("council_name", "Test Borough Council"))
            .merge(Serialized::global("background_jobs", false))
            .merge(Serialized::global("template_dir", root().join("templates")))
            .merge(Serialized::global("static_dir", root().join("static")));
        let config = AppConfig::from_figment(&figment).expect("test configuration");
        TestApp {
            db,
            clock: Clock::system(),
            config,
            figment,
            postgres,
        }
    }

    /// The app's Rocket configuration.
    pub fn figment(&self) -> Figment {
        self.figment.clone()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.clone() else {
            return;
        };
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
