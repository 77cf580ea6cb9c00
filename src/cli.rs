//! The command line: `serve` (the default), `migrate`, `demo`, `reminders`, `send-mail`,
//! `create-user`, `export`, `backup`, `check-backup`. The benchmarks are the `dealfund-bench` binary.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use rocket::figment::providers::Serialized;

use crate::clock::Clock;
use crate::config::{self, AppConfig};
use crate::services::audit::Actor;
use crate::services::notify::deliver::{self, Mailer};
use crate::services::notify::{Notifier, reminders};
use crate::services::publishing::giving360::export::{self, Export, Format};
use crate::services::{settings, users};
use crate::tools::{backup, demo};

/// dealfund: a council's community Deal and investment-fund grant manager.
#[derive(Debug, Parser)]
#[command(name = "dealfund", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Create (or reset) a demo database full of a fictional borough's data, then serve it.
    Demo,
    /// Enqueue the reminders that are due now (reports due or overdue, rounds closing), once each.
    Reminders,
    /// Try once to send every email that is due, over the configured SMTP server.
    SendMail,
    /// Create an account. The password is read from standard input, or asked for.
    CreateUser {
        /// The person's email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// The person's full name.
        #[arg(long)]
        name: String,
        /// applicant, panel, officer or admin.
        #[arg(long, default_value = "applicant")]
        role: String,
    },
    /// Write open data to a file.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Back up the database while the server runs. SQLite: a consistent copy, checked,
    /// written to FILE. PostgreSQL: prints the pg_dump command that makes one, and
    /// exits with status 2, as no backup has been made yet.
    Backup {
        /// The file to write. It appears only once complete and checked; an existing
        /// file is replaced.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check that a database (a restored backup) opens, is whole, is migrated, and
    /// holds data: the database at DATABASE_URL, or the SQLite file given.
    CheckBackup {
        /// A SQLite backup file to check instead of DATABASE_URL.
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

/// What `export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every published grant in the 360Giving Data Standard: the same file as
    /// /data/360giving.json or /data/360giving.csv.
    #[command(name = "360giving")]
    Giving360 {
        /// json or csv.
        #[arg(long, default_value = "json", value_parser = parse_format)]
        format: Format,
        /// The file to write. It appears only once complete; an existing file is replaced.
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_format(value: &str) -> Result<Format, String> {
    Format::parse(value).ok_or_else(|| "the format must be json or csv".to_owned())
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> CliResult {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Migrate => {
            let config = AppConfig::from_figment(&config::figment())?;
            let db =
                crate::db::connect(&config.database_url, config.database_max_connections).await?;
            crate::db::migrate(&db).await?;
            println!("Migrations applied to {}", redact(&config.database_url));
            Ok(())
        }
        Command::Demo => demo_command().await,
        Command::Reminders => reminders_command().await,
        Command::SendMail => send_mail_command().await,
        Command::CreateUser { email, name, role } => create_user(email, name, role).await,
        Command::Export {
            what: ExportCommand::Giving360 { format, out },
        } => export_360giving(format, out).await,
        Command::Backup { out } => backup_command(out).await,
        Command::CheckBackup { file } => check_backup_command(file).await,
    }
}

async fn backup_command(out: PathBuf) -> CliResult {
    let config = AppConfig::from_figment(&config::figment())?;
    if config.database_url.starts_with("postgres") {
        let (command, had_password) =
            backup::pg_dump_command(&config.database_url, &out).map_err(|e| e.to_string())?;
        eprintln!(
            "dealfund: the database is PostgreSQL, which pg_dump backs up consistently while \
             the server runs. No backup has been made: run this command (it is also on \
             standard output):"
        );
        if had_password {
            eprintln!(
                "(The password is left out: pg_dump asks for it, or reads PGPASSWORD or ~/.pgpass.)"
            );
        }
        println!("{command}");
        std::process::exit(2);
    }
    let db = crate::db::connect(&config.database_url, 2).await?;
    let report = backup::sqlite(&db, &out).await.map_err(|e| e.to_string())?;
    println!(
        "Backed up {} to {}",
        redact(&config.database_url),
        out.display()
    );
    print!("{report}");
    Ok(())
}

async fn check_backup_command(file: Option<PathBuf>) -> CliResult {
    let url = match &file {
        Some(path) if path.exists() => backup::sqlite_url(path, "rw"),
        Some(path) => return Err(format!("{} does not exist", path.display()).into()),
        None => AppConfig::from_figment(&config::figment())?.database_url,
    };
    let db = crate::db::connect(&url, 2).await?;
    let report = backup::check(&db).await.map_err(|e| e.to_string())?;
    print!("{report}");
    if let Some(problem) = report.problem() {
        return Err(problem.into());
    }
    println!("The database opens and holds the data above.");
    Ok(())
}

async fn serve() -> CliResult {
    let figment = config::figment();
    let config = AppConfig::from_figment(&figment)?;
    let db = crate::db::connect(&config.database_url, config.database_max_connections).await?;
    crate::db::migrate(&db).await?;
    let _ = crate::build(figment, config, db, Clock::system())
        .launch()
        .await?;
    Ok(())
}

async fn reminders_command() -> CliResult {
    let figment = config::figment();
    let config = AppConfig::from_figment(&figment)?;
    let notifier = Notifier::load(&crate::jobs::template_dir(&figment), &config)?;
    let db = crate::db::connect(&config.database_url, config.database_max_connections).await?;
    crate::db::migrate(&db).await?;
    let written = reminders::run_reminders(&db, &Clock::system(), &notifier).await?;
    println!("{written} reminder(s) enqueued");
    Ok(())
}

async fn send_mail_command() -> CliResult {
    let config = AppConfig::from_figment(&config::figment())?;
    let Some(mailer) = Mailer::from_config(&config, &deliver::worker_name())? else {
        return Err("no SMTP server is configured (smtp_host), or this is the demo".into());
    };
    let db = crate::db::connect(&config.database_url, config.database_max_connections).await?;
    crate::db::migrate(&db).await?;
    let done = deliver::deliver_once(&db, &Clock::system(), &mailer).await?;
    println!(
        "{} sent, {} to try again later, {} failed",
        done.sent, done.retrying, done.failed
    );
    Ok(())
}

/// The database URL without a password, for printing.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

const DEMO_DATABASE_URL: &str = "sqlite://dealfund-demo.db?mode=rwc";

async fn demo_command() -> CliResult {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEMO_DATABASE_URL.to_owned());
    let mut figment = config::figment()
        .merge(Serialized::global("database_url", &url))
        .merge(Serialized::global("demo", true));
    if figment.find_value("council_name").is_err() {
        figment = figment.merge(Serialized::global("council_name", demo::DEMO_COUNCIL));
    }
    if !config::has_secret_key(&figment) {
        let key: [u8; 32] = rand::random();
        figment = figment.merge(Serialized::global("secret_key", key.to_vec()));
    }
    let config = AppConfig::from_figment(&figment)?;

    if let Some(path) = sqlite_file(&url) {
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{path}{suffix}");
            if std::path::Path::new(&file).exists() {
                std::fs::remove_file(&file)?;
            }
        }
    }
    let db = crate::db::connect(&url, config.database_max_connections).await?;
    if sqlite_file(&url).is_none() {
        reset_demo_database(&db).await?;
    }
    crate::db::migrate(&db).await?;
    let clock = Clock::system();
    demo::seed(&db, &clock).await?;
    let notifier = Notifier::load(&crate::jobs::template_dir(&figment), &config)?;
    demo::seed_outbox(&db, &clock, &notifier).await?;

    let rocket = crate::build(figment, config, db, clock).ignite().await?;
    let rc = rocket.config();
    println!("\ndealfund demo: {}", demo::DEMO_COUNCIL);
    println!(
        "Open http://{}:{}/",
        display_host(&rc.address.to_string()),
        rc.port
    );
    println!(
        "Sign in as any of these, with the password `{}`:",
        demo::DEMO_PASSWORD
    );
    for (email, _, role) in demo::DEMO_LOGINS {
        println!("  {email:<24} {}", crate::format::role_name(*role));
    }
    println!();
    let _ = rocket.launch().await?;
    Ok(())
}

fn display_host(address: &str) -> String {
    match address {
        "0.0.0.0" | "::" => "localhost".to_owned(),
        other if other.contains(':') => format!("[{other}]"),
        other => other.to_owned(),
    }
}

/// The file behind a SQLite URL, if it names one.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// Drops everything in a server database, but only one that holds a demo or nothing.
async fn reset_demo_database(db: &sea_orm::DatabaseConnection) -> CliResult {
    use migration::{Migrator, MigratorTrait};
    use sea_orm_migration_support::has_users_table;

    if has_users_table(db).await? {
        let is_demo = settings::get(db, settings::DEMO_MARKER)
            .await
            .ok()
            .flatten()
            .is_some();
        if !is_demo && users::any_exist(db).await? {
            return Err(
                "this database holds accounts and was not made by `dealfund demo`: \
                        refusing to reset it. Point DATABASE_URL at an empty database."
                    .into(),
            );
        }
    }
    Migrator::fresh(db).await?;
    Ok(())
}

mod sea_orm_migration_support {
    use migration::SchemaManager;

    pub async fn has_users_table(db: &sea_orm::DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
        SchemaManager::new(db).has_table("users").await
    }
}

/// Streams the export into a file beside `out`, then renames it into place, so that a
/// failure part-way never leaves a file that looks complete.
async fn export_360giving(format: Format, out: PathBuf) -> CliResult {
    use rocket::futures::StreamExt;
    use tokio::io::AsyncWriteExt;

    let config = AppConfig::from_figment(&config::figment())?;
    let db = crate::db::connect(&config.database_url, config.database_max_connections).await?;
    let export = Export::new(&config, format, Clock::system().now());
    let Some(prepared) = export::prepare(&db, export).await? else {
        return Err(
            "no grants have been published yet, so there is nothing to export \
                    (a 360Giving package needs at least one grant); no file was written"
                .into(),
        );
    };
    let partial = partial_path(&out);
    let written = async {
        let mut file = tokio::io::BufWriter::new(tokio::fs::File::create(&partial).await?);
        let mut chunks = prepared.chunks(db);
        while let Some(chunk) = chunks.next().await {
            file.write_all(&chunk?).await?;
        }
        file.flush().await?;
        file.into_inner().sync_all().await?;
        tokio::fs::rename(&partial, &out).await?;
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    if let Err(error) = written {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(error);
    }
    println!("Wrote {}", out.display());
    Ok(())
}

/// `grants.json` → `.grants.json.partial`, in the same directory so the rename is atomic.
fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "360giving".to_owned());
    out.with_file_name(format!(".{name}.partial"))
}

async fn create_user(email: String, name: String, role: String) -> CliResult {
    let role =
        users::parse_role(&role).ok_or("role must be one of applicant, panel, officer, admin")?;
    let config = AppConfig::from_figment(&config::figment())?;
    let password = read_password()?;
    let db = crate::db::connect(&config.database_url, config.database_max_connections).await?;
    crate::db::migrate(&db).await?;
    let input = users::NewUser {
        name,
        email,
        password,
        role,
    };
    match users::create(&db, &Clock::system(), &Actor::system(), input).await {
        Ok(user) => {
            println!(
                "Created {} ({}) as {}",
                user.name,
                user.email,
                crate::format::role_name(user.role)
            );
            Ok(())
        }
        Err(crate::error::AppError::Invalid(errors)) => {
            let lines: Vec<String> = errors
                .0
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect();
            Err(lines.join("\n").into())
        }
        Err(other) => Err(other.into()),
    }
}

fn read_password() -> Result<String, Box<dyn std::error::Error>> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        if first != second {
            return Err("the passwords do not match".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
