use clap::Parser;
use tracing_subscriber::EnvFilter;

#[rocket::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    if let Err(error) = dealfund::cli::run(dealfund::cli::Cli::parse()).await {
        eprintln!("dealfund: {error}");
        std::process::exit(1);
    }
}
