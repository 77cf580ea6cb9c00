//! Several servers on one database: migrations run once however many start together.

use entity::published_version;
use sea_orm::{ConnectionTrait, Database, EntityTrait};

/// Servers starting at the same moment on a new PostgreSQL database take turns on the
/// migration lock: every one of them starts, and the schema is whole. (SQLite is a
/// single server's file, so there is nothing to race there.)
#[rocket::async_test]
async fn servers_starting_together_migrate_a_new_database_once() {
    let admin_url = match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => url,
        _ => {
            eprintln!(
                "skipped servers_starting_together_migrate_a_new_database_once: \
                 needs DATABASE_URL to point at PostgreSQL"
            );
            return;
        }
    };
    let name = format!("dealfund_test_migrate_{:08x}", rand::random::<u32>());
    let admin = Database::connect(&admin_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&format!("/{name}"));

    let mut servers = Vec::new();
    for _ in 0..4 {
        servers.push(dealfund::db::connect(url.as_str(), 2).await.unwrap());
    }
    let started =
        rocket::futures::future::join_all(servers.iter().map(dealfund::db::migrate)).await;

    for result in &started {
        assert!(result.is_ok(), "{result:?}");
    }
    let version = published_version::Entity::find_by_id(1)
        .one(&servers[0])
        .await
        .unwrap();
    assert!(version.is_some(), "the last migration ran, once");
    for server in servers {
        server.close().await.ok();
    }
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
