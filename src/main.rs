use clap::Parser;
use tracing_subscriber::EnvFilter;

/// A server answers many small requests at once from several threads, which glibc's
/// allocator serves poorly (it spends its time consolidating free chunks under locks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[rocket::main]
async fn main() {
    // Every request is logged only when RUST_LOG asks (`rocket::server=info`): a reverse
    // proxy keeps the access log, and writing four lines per request costs the server time.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,rocket::server=warn")),
        )
        .init();
    if let Err(error) = dealfund::cli::run(dealfund::cli::Cli::parse()).await {
        eprintln!("dealfund: {error}");
        std::process::exit(1);
    }
}
