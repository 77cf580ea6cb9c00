//! `dealfund-bench`: `bench-seed` fills an empty database with a scheme at scale, and
//! `bench` drives the app over HTTP and prints a markdown table.

use clap::{Parser, Subcommand};
use dealfund::cli::redact;
use dealfund::clock::Clock;
use dealfund::config::{self, AppConfig};
use dealfund_bench::{load, seed};
use tracing_subscriber::EnvFilter;

/// The server's allocator, so that the benchmark measures what production runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// dealfund-bench: measures dealfund at scale.
#[derive(Debug, Parser)]
#[command(name = "dealfund-bench", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
enum Command {
    /// Fill an empty, migrated database with a scheme at scale, for benchmarks.
    BenchSeed {
        /// Published grants (awards accepted, active or completed).
        #[arg(long, default_value_t = 100_000)]
        grants: usize,
        /// Other applications, in every other status.
        #[arg(long, default_value_t = 20_000)]
        applications: usize,
        /// Applications in the moderation round, each with 3 to 5 submitted reviews.
        #[arg(long, default_value_t = 2_000)]
        moderation: usize,
        /// Applicants with a draft in an open round, for the deadline rush.
        #[arg(long, default_value_t = 1_000)]
        rush: usize,
    },
    /// Serve the app in this process and drive it over HTTP: prints a markdown table.
    Bench {
        /// Concurrent clients per scenario.
        #[arg(long, default_value_t = 64)]
        clients: usize,
        /// Seconds each scenario runs for.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Drive servers already running at these addresses (repeatable; requests take
        /// turns) instead of serving the app in this process.
        #[arg(long = "url")]
        urls: Vec<String>,
        /// Those servers' process ids, so the table reports their memory (comma-separated).
        #[arg(long = "server-pid", value_delimiter = ',')]
        server_pids: Vec<u32>,
    },
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

#[rocket::main]
async fn main() {
    // As the server logs, since `bench` serves the app in this process.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,rocket::server=warn")),
        )
        .init();
    let done = match Cli::parse().command {
        Command::BenchSeed {
            grants,
            applications,
            moderation,
            rush,
        } => {
            bench_seed(seed::SeedSize {
                grants,
                applications,
                moderation,
                rush,
            })
            .await
        }
        Command::Bench {
            clients,
            seconds,
            urls,
            server_pids,
        } => {
            bench_command(load::Options {
                clients,
                duration: std::time::Duration::from_secs_f64(seconds),
                urls,
                server_pids,
                ..Default::default()
            })
            .await
        }
    };
    if let Err(error) = done {
        eprintln!("dealfund-bench: {error}");
        std::process::exit(1);
    }
}

async fn bench_seed(size: seed::SeedSize) -> CliResult {
    let config = AppConfig::from_figment(&config::figment())?;
    let db = dealfund::db::connect(&config.database_url, config.database_max_connections).await?;
    dealfund::db::migrate(&db).await?;
    println!("Seeding {} ...", redact(&config.database_url));
    let report = seed::seed(&db, &size, Clock::system().now()).await?;
    println!("{report}");
    Ok(())
}

async fn bench_command(options: load::Options) -> CliResult {
    let figment = config::figment();
    let config = AppConfig::from_figment(&figment)?;
    let db = dealfund::db::connect(&config.database_url, config.database_max_connections).await?;
    dealfund::db::migrate(&db).await?;
    let table = load::run(figment, config, db, options)
        .await
        .map_err(|e| e as Box<dyn std::error::Error>)?;
    println!("{table}");
    Ok(())
}
