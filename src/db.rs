//! Connecting to the database and applying migrations.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqlErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::OwnedMutexGuard;

/// Opens a pool. SQLite gets WAL, foreign keys and a busy timeout on every connection.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections.max(2))
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if url.starts_with("sqlite") {
        let in_memory = url.contains("mode=memory") || url.contains(":memory:");
        if in_memory {
            // A shared in-memory database lives only while a connection is open.
            options
                .idle_timeout(None::<Duration>)
                .max_lifetime(None::<Duration>);
        }
        options.map_sqlx_sqlite_opts(move |o| {
            // Lists of ids of every length make statements of every shape: keep few of them
            // prepared per connection, or each connection holds megabytes of them.
            let o = o
                .statement_cache_capacity(16)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .synchronous(SqliteSynchronous::Normal);
            if in_memory {
                o
            } else {
                o.journal_mode(SqliteJournalMode::Wal)
            }
        });
    }
    Database::connect(options).await
}

/// The PostgreSQL advisory lock that servers starting together take turns on.
const MIGRATION_LOCK: i64 = 0x6465_616c_6675_6e64; // "dealfund"

/// Applies every pending migration. On PostgreSQL, servers starting at the same moment take
/// turns: one holds an advisory lock while it migrates, the others wait for it and then
/// find nothing left to do, so migrations run once however many instances start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let failed = |error: sea_orm::sqlx::Error| DbErr::Custom(format!("migration lock: {error}"));
    // The lock belongs to one connection, held aside from the pool the migrations use.
    let mut holder = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(failed)?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *holder)
        .await
        .map_err(failed)?;
    let migrated = Migrator::up(db, None).await;
    let unlocked = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *holder)
        .await
        .map_err(failed);
    migrated.and(unlocked.map(|_| ()))
}

/// A transaction for a check-then-write, from [`begin_write`]. On SQLite it also holds
/// this process's turn to write to the database, until it is committed, rolled back or
/// dropped.
pub struct WriteTransaction {
    // Declared first, so it ends before the turn is given up.
    txn: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

/// Implements SeaORM's `ConnectionTrait` for a type that holds a transaction in
/// `$field`, by handing every call to it: a write can then be passed wherever a
/// connection is wanted.
#[macro_export]
macro_rules! delegate_connection {
    ($type:ty, $field:ident) => {
        #[rocket::async_trait]
        impl sea_orm::ConnectionTrait for $type {
            fn get_database_backend(&self) -> sea_orm::DbBackend {
                sea_orm::ConnectionTrait::get_database_backend(&self.$field)
            }

            async fn execute_raw(
                &self,
                stmt: sea_orm::Statement,
            ) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
                sea_orm::ConnectionTrait::execute_raw(&self.$field, stmt).await
            }

            async fn execute_unprepared(
                &self,
                sql: &str,
            ) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
                sea_orm::ConnectionTrait::execute_unprepared(&self.$field, sql).await
            }

            async fn query_one_raw(
                &self,
                stmt: sea_orm::Statement,
            ) -> Result<Option<sea_orm::QueryResult>, sea_orm::DbErr> {
                sea_orm::ConnectionTrait::query_one_raw(&self.$field, stmt).await
            }

            async fn query_all_raw(
                &self,
                stmt: sea_orm::Statement,
            ) -> Result<Vec<sea_orm::QueryResult>, sea_orm::DbErr> {
                sea_orm::ConnectionTrait::query_all_raw(&self.$field, stmt).await
            }

            fn support_returning(&self) -> bool {
                sea_orm::ConnectionTrait::support_returning(&self.$field)
            }
        }
    };
}

delegate_connection!(WriteTransaction, txn);

/// Each SQLite database's turn to write, by file, for this process.
static WRITE_TURNS: LazyLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(Mutex::default);

/// Begins a transaction for a check-then-write. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`), so it can never fail half-way on lock upgrade.
///
/// SQLite lets one writer in at a time and makes the others poll, sleeping longer the
/// longer they have waited, so under a rush of writes a writer that has waited long can
/// lose to newcomers again and again (waits of seconds). So writers of this process first
/// queue for their turn, first come first served, and only then ask SQLite for the lock.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTransaction, DbErr> {
    let turn = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let file = db
                .get_sqlite_connection_pool()
                .connect_options()
                .get_filename()
                .to_owned();
            let turn = WRITE_TURNS
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(file)
                .or_default()
                .clone();
            Some(turn.lock_owned().await)
        }
        _ => None,
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTransaction { txn, _turn: turn })
}

/// True when the database refused a row because a unique column already holds its value.
/// Services check for duplicates first; this catches two people saving the same value
/// at the same moment on PostgreSQL, which the check alone cannot.
pub fn is_duplicate(error: &DbErr) -> bool {
    duplicate_detail(error).is_some()
}

/// The database's own words for a unique-index refusal, which name the index or
/// column (`UNIQUE constraint failed: ward.code`, `... constraint "ward_code_key"`).
pub fn duplicate_detail(error: &DbErr) -> Option<String> {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => Some(message),
        _ => None,
    }
}

/// True when the database refused a change because another row still points at this
/// one (or at a row that is not there). Services check for references first; this
/// catches a reference added by someone else at the same moment.
pub fn is_foreign_key_refusal(error: &DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(SqlErr::ForeignKeyConstraintViolation(_))
    )
}

/// What a [`take_turns`] lock guards. Each is the first half of a PostgreSQL
/// two-part advisory lock key, spelt in ASCII, so these locks never meet others'.
#[derive(Debug, Clone, Copy)]
#[repr(i32)]
pub enum LockClass {
    /// Creating the one Deal ("DEAL").
    Deal = 0x4445_414C,
    /// One client address's pledges ("PLDG").
    Pledges = 0x504C_4447,
}

/// Makes transactions that name the same `key` take turns until they end, for a
/// check-then-write that no unique index can guard. On SQLite write transactions
/// already run one at a time, so there is nothing to do.
pub async fn take_turns<C: ConnectionTrait>(
    conn: &C,
    class: LockClass,
    key: &str,
) -> Result<(), DbErr> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            [(class as i32).into(), key.into()],
        ))
        .await?;
    }
    Ok(())
}
