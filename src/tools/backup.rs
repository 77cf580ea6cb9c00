//! Backups: a consistent copy of a SQLite database taken while the server runs, the
//! `pg_dump` command for PostgreSQL, and a check that a restored copy works.
//!
//! SQLite's copy is made with `VACUUM INTO`. It reads the whole database inside one
//! read transaction, so the copy is the database as it stood at one moment, however
//! many writes the server commits meanwhile (in WAL mode a reader neither blocks nor
//! is blocked by writers), and it writes a compact file with no `-wal` beside it. The
//! online backup API would do the same, but the SQLite driver does not expose it, and
//! reaching it would need `unsafe` code, which the workspace forbids; it also
//! restarts its copy whenever another connection writes, which under a steady stream
//! of writes may never finish.

use std::path::{Path, PathBuf};

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a backup or a check found in a database.
#[derive(Debug, Clone)]
pub struct Report {
    /// SQLite's `PRAGMA integrity_check` answer (`ok`), or none on PostgreSQL.
    pub integrity: Option<String>,
    /// Migrations applied to it.
    pub applied: usize,
    /// Migrations this build knows that it has not had: `dealfund migrate` applies them.
    pub pending: usize,
    /// Rows in the main tables, by table.
    pub counts: Vec<(&'static str, i64)>,
}

impl Report {
    /// Why the database cannot be trusted, if it cannot.
    pub fn problem(&self) -> Option<String> {
        match &self.integrity {
            Some(answer) if answer != "ok" => {
                Some(format!("SQLite's integrity check failed: {answer}"))
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(answer) = &self.integrity {
            writeln!(f, "integrity check: {answer}")?;
        }
        write!(f, "migrations: {} applied", self.applied)?;
        if self.pending > 0 {
            write!(
                f,
                ", {} not yet (the backup is from an older release: `dealfund migrate` applies them)",
                self.pending
            )?;
        }
        writeln!(f)?;
        for (table, count) in &self.counts {
            writeln!(f, "{table}: {count}")?;
        }
        Ok(())
    }
}

/// The tables counted in a report: enough to see that a copy holds the site's data.
const COUNTED: &[&str] = &[
    "users",
    "organisation",
    "application",
    "award",
    "payment_tranche",
    "monitoring_report",
    "audit_event",
];

/// Checks a database: whole (SQLite), migrated by this release or an older one, and
/// what it holds. An error when it is not a dealfund database, or one from a newer
/// release than this one.
pub async fn check(db: &DatabaseConnection) -> Result<Report, BoxError> {
    let backend = db.get_database_backend();
    let integrity = if backend == DbBackend::Sqlite {
        let row = db
            .query_one_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
            .await?
            .ok_or("the integrity check gave no answer")?;
        Some(row.try_get_by_index::<String>(0)?)
    } else {
        None
    };
    let manager = migration::SchemaManager::new(db);
    if !manager.has_table("users").await? {
        return Err("this is not a dealfund database: it has no users table".into());
    }
    let applied = Migrator::get_applied_migrations(db).await?.len();
    let pending = Migrator::get_pending_migrations(db).await?.len();
    let known = Migrator::migrations().len();
    if applied + pending > known {
        return Err(format!(
            "the database has migrations this release does not know ({applied} applied, {known} known): \
             it comes from a newer release"
        )
        .into());
    }
    let mut counts = Vec::new();
    for table in COUNTED {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let row = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await?
            .ok_or("a count gave no answer")?;
        counts.push((*table, row.try_get_by_index::<i64>(0)?));
    }
    Ok(Report {
        integrity,
        applied,
        pending,
        counts,
    })
}

/// `backup.db` → `.backup.db.partial`, in the same directory so the rename is atomic.
fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dealfund-backup.db".to_owned());
    out.with_file_name(format!(".{name}.partial"))
}

/// Copies the SQLite database behind `db` to `out` while others go on writing to it:
/// the copy is made beside `out`, checked, flushed to disk, and only then renamed into
/// place, so a file at `out` is always a whole, checked backup. An existing file at
/// `out` is replaced.
pub async fn sqlite(db: &DatabaseConnection, out: &Path) -> Result<Report, BoxError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err("only a SQLite database is copied this way".into());
    }
    let partial = partial_path(out);
    if partial.exists() {
        std::fs::remove_file(&partial)?;
    }
    let target = partial
        .to_str()
        .ok_or("the backup's path must be valid UTF-8")?
        .replace('\'', "''");
    let made = async {
        db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
            .await?;
        std::fs::File::open(&partial)?.sync_all()?;
        let copy = crate::db::connect(&sqlite_url(&partial, "rw"), 2).await?;
        let report = check(&copy).await;
        copy.close().await?;
        let report = report?;
        if let Some(problem) = report.problem() {
            return Err(problem.into());
        }
        std::fs::rename(&partial, out)?;
        // The copy may have been opened in WAL mode to check it; nothing is left in
        // its log, but leave no stray files beside the backup.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Makes the rename itself durable.
            if let Ok(dir) = std::fs::File::open(dir) {
                let _ = dir.sync_all();
            }
        }
        Ok::<Report, BoxError>(report)
    }
    .await;
    if made.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
    }
    made
}

/// A URL that opens the SQLite file at `path` in `mode` (`rw`, `ro`, `rwc`).
pub fn sqlite_url(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

/// Quotes a word for a POSIX shell, when it needs it.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The `pg_dump` command that backs up the PostgreSQL database at `url` to `out`:
/// a consistent snapshot (one repeatable-read transaction) in pg_dump's custom
/// format, for `pg_restore`. The password, if the URL has one, is left out: pg_dump
/// asks for it, or reads `PGPASSWORD` or `~/.pgpass`.
pub fn pg_dump_command(url: &str, out: &Path) -> Result<(String, bool), BoxError> {
    let mut parsed = url::Url::parse(url)?;
    let had_password = parsed.password().is_some();
    parsed
        .set_password(None)
        .map_err(|()| "the database URL cannot hold a password")?;
    let file = out
        .to_str()
        .ok_or("the backup's path must be valid UTF-8")?;
    let command = format!(
        "pg_dump --format=custom --no-owner --file={} --dbname={}",
        shell_quote(file),
        shell_quote(parsed.as_str())
    );
    Ok((command, had_password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pg_dump_command_leaves_out_the_password_and_quotes_what_needs_it() {
        let (command, had_password) = pg_dump_command(
            "postgres://dealfund:s3cret@db.internal:5433/dealfund?sslmode=require",
            Path::new("/var/backups/deal fund.dump"),
        )
        .unwrap();
        assert!(had_password);
        assert!(!command.contains("s3cret"));
        assert_eq!(
            command,
            "pg_dump --format=custom --no-owner --file='/var/backups/deal fund.dump' \
             --dbname='postgres://dealfund@db.internal:5433/dealfund?sslmode=require'"
        );
        let (plain, had_password) = pg_dump_command(
            "postgres://postgres@127.0.0.1/postgres",
            Path::new("b.dump"),
        )
        .unwrap();
        assert!(!had_password);
        assert!(plain.ends_with("--file=b.dump --dbname=postgres://postgres@127.0.0.1/postgres"));
    }

    #[test]
    fn a_quote_in_a_path_is_kept_safe_from_the_shell() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_copy_is_made_beside_the_backup_under_a_name_of_its_own() {
        assert_eq!(
            partial_path(Path::new("/b/dealfund.db")),
            PathBuf::from("/b/.dealfund.db.partial")
        );
    }
}
