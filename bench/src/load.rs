//! `dealfund-bench bench`: serves the app in this process on a free port and drives it over
//! real HTTP (hyper's client) from many concurrent tasks, one scenario after another,
//! then prints a markdown table of throughput and latency.
//!
//! The client runs in the same process as the server, so the memory figures include it,
//! and both share the machine's cores.

use std::sync::Arc;
use std::time::{Duration, Instant};

use entity::{application, award};
use hyper::body::HttpBody;
use hyper::client::HttpConnector;
use hyper::{Body, Client, Method, Request};
use rocket::figment::Figment;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::seed::{BENCH_OFFICER, BENCH_PASSWORD, MODERATION_ROUND, RUSH_ROUND};
use dealfund::clock::Clock;
use dealfund::config::AppConfig;

type BenchError = Box<dyn std::error::Error + Send + Sync>;

/// How hard to drive each scenario.
#[derive(Debug, Clone)]
pub struct Options {
    /// Concurrent clients per scenario.
    pub clients: usize,
    /// How long each scenario runs for.
    pub duration: Duration,
    /// At most this many requests per client and scenario (the smoke test's few).
    pub max_per_client: Option<usize>,
    /// Concurrent sign-ins in the sign-in flood.
    pub sign_in_clients: usize,
    /// Servers already running, to drive instead of one started in this process (requests
    /// take turns between them). Empty: serve the app in this process.
    pub urls: Vec<String>,
    /// Those servers' process ids, whose memory the table reports (summed). Empty: this
    /// process's own.
    pub server_pids: Vec<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clients: 64,
            duration: Duration::from_secs(5),
            max_per_client: None,
            sign_in_clients: 50,
            urls: Vec::new(),
            server_pids: Vec::new(),
        }
    }
}

/// One scenario's results.
#[derive(Debug, Clone)]
pub struct Row {
    pub scenario: String,
    pub clients: usize,
    pub requests: usize,
    /// Responses that were not what the scenario expects.
    pub failures: usize,
    /// A few of those responses' status codes (0: no response at all).
    pub failed_statuses: Vec<u16>,
    pub rps: f64,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// For a scenario warmed before it is timed: its slowest first request, each address
    /// asked once with nothing cached (what the first visitor after a change waits).
    pub first: Option<Duration>,
    /// The process's peak resident memory during the scenario, in MiB.
    pub peak_rss_mib: f64,
}

/// Every scenario's results and the machine they ran on.
#[derive(Debug, Clone)]
pub struct Table {
    pub rows: Vec<Row>,
    pub cores: usize,
    pub database: &'static str,
    pub published_grants: u64,
    /// Resident memory once the server had started, before any load, in MiB.
    pub idle_rss_mib: f64,
    /// How many servers took the requests.
    pub servers: usize,
    /// Whether the memory figures are the servers' alone (not the client's too).
    pub servers_measured_alone: bool,
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let servers = match self.servers {
            0 | 1 => "1 server in the benchmark's process".to_owned(),
            n => format!("{n} servers"),
        };
        let whose = if self.servers_measured_alone {
            "servers' memory"
        } else {
            "memory of the process (server and client)"
        };
        writeln!(
            f,
            "{} cores, {}, {servers}, {} published grants; {whose}: idle RSS {:.1} MiB\n",
            self.cores, self.database, self.published_grants, self.idle_rss_mib
        )?;
        writeln!(
            f,
            "| scenario | clients | requests | failed | req/s | p50 ms | p95 ms | p99 ms | max ms | first ms | peak RSS MiB |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for r in &self.rows {
            let first = r.first.map_or("-".to_owned(), |d| format!("{:.1}", ms(d)));
            writeln!(
                f,
                "| {} | {} | {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {first} | {:.0} |",
                r.scenario,
                r.clients,
                r.requests,
                r.failures,
                r.rps,
                ms(r.p50),
                ms(r.p95),
                ms(r.p99),
                ms(r.max),
                r.peak_rss_mib
            )?;
        }
        for r in self.rows.iter().filter(|r| r.failures > 0) {
            writeln!(
                f,
                "\n{}: {} unexpected responses, statuses {:?}",
                r.scenario, r.failures, r.failed_statuses
            )?;
        }
        Ok(())
    }
}

/// How much of each response body the client keeps.
const KEEP_BYTES: usize = 1 << 20;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Whose memory is measured: this process, or the servers' processes.
#[derive(Clone)]
struct Memory {
    pids: Vec<u32>,
}

impl Memory {
    fn status_files(&self) -> Vec<String> {
        if self.pids.is_empty() {
            vec!["/proc/self/status".to_owned()]
        } else {
            self.pids
                .iter()
                .map(|p| format!("/proc/{p}/status"))
                .collect()
        }
    }

    /// A value from /proc/…/status summed over the processes, in MiB (0 without /proc).
    fn mib(&self, key: &str) -> f64 {
        self.status_files()
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .filter_map(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
            .sum::<f64>()
            / 1024.0
    }

    /// Starts a fresh peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM).
    fn reset_peak(&self) {
        for status in self.status_files() {
            let _ = std::fs::write(status.replace("/status", "/clear_refs"), "5");
        }
    }
}

/// What one request is: method, path, body, cookies, and what status it must answer.
#[derive(Clone)]
struct Call {
    method: Method,
    path: String,
    body: Option<String>,
    cookie: Option<String>,
    expect: u16,
}

impl Call {
    fn get(path: impl Into<String>) -> Self {
        Call {
            method: Method::GET,
            path: path.into(),
            body: None,
            cookie: None,
            expect: 200,
        }
    }
}

/// A scenario: its name and the calls its clients take turns through.
struct Scenario {
    name: String,
    calls: Vec<Call>,
    clients: usize,
    /// At most this many requests per client; `None`: until the time is up.
    max_per_client: Option<usize>,
    /// Ask each address once before the clock starts, so that the table shows the pages
    /// as most visitors get them (kept), and the first request apart.
    warm: bool,
}

struct Sample {
    latencies: Vec<Duration>,
    failures: Vec<u16>,
}

struct Driver {
    client: Client<HttpConnector>,
    /// The servers, taken in turn.
    bases: Vec<String>,
    turn: std::sync::atomic::AtomicUsize,
    memory: Memory,
}

impl Driver {
    async fn send(&self, call: &Call) -> Result<(u16, hyper::HeaderMap, Vec<u8>), BenchError> {
        let turn = self.turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let base = &self.bases[turn % self.bases.len()];
        let mut request = Request::builder()
            .method(call.method.clone())
            .uri(format!("{base}{}", call.path));
        if let Some(cookie) = &call.cookie {
            request = request.header("cookie", cookie);
        }
        let request = match &call.body {
            Some(body) => request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body.clone()))?,
            None => request.body(Body::empty())?,
        };
        let response = self.client.request(request).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = response.into_body();
        // Every byte is read, but only the start is kept (enough for any form), so that a
        // big download does not count the client's memory against the server's.
        let mut bytes = Vec::new();
        while let Some(chunk) = body.data().await {
            let chunk = chunk?;
            if bytes.len() < KEEP_BYTES {
                bytes.extend_from_slice(&chunk[..chunk.len().min(KEEP_BYTES - bytes.len())]);
            }
        }
        Ok((status, headers, bytes))
    }

    /// Runs one scenario until its time is up (or each client has made its requests).
    async fn run(self: &Arc<Self>, scenario: Scenario, duration: Duration) -> Row {
        self.memory.reset_peak();
        let mut first = None;
        if scenario.warm {
            let mut slowest = Duration::ZERO;
            for call in &scenario.calls {
                let at = Instant::now();
                let _ = self.send(call).await;
                slowest = slowest.max(at.elapsed());
            }
            first = Some(slowest);
        }
        let calls = Arc::new(scenario.calls);
        let started = Instant::now();
        let deadline = started + duration;
        let mut tasks = Vec::new();
        for client in 0..scenario.clients {
            let driver = Arc::clone(self);
            let calls = Arc::clone(&calls);
            let max = scenario.max_per_client;
            tasks.push(tokio::spawn(async move {
                let mut sample = Sample {
                    latencies: Vec::new(),
                    failures: Vec::new(),
                };
                let mut turn = client;
                while Instant::now() < deadline && max.is_none_or(|m| sample.latencies.len() < m) {
                    let call = &calls[turn % calls.len()];
                    turn += scenario.clients;
                    let at = Instant::now();
                    let status = match driver.send(call).await {
                        Ok((status, _, _)) => status,
                        Err(_) => 0,
                    };
                    sample.latencies.push(at.elapsed());
                    if status != call.expect {
                        sample.failures.push(status);
                    }
                }
                sample
            }));
        }
        let mut latencies = Vec::new();
        let mut failures = Vec::new();
        for task in tasks {
            if let Ok(sample) = task.await {
                latencies.extend(sample.latencies);
                failures.extend(sample.failures);
            }
        }
        let elapsed = started.elapsed();
        let mut row = row(
            scenario.name,
            scenario.clients,
            latencies,
            failures.len(),
            elapsed,
        );
        row.peak_rss_mib = self.memory.mib("VmHWM:");
        row.first = first;
        failures.sort_unstable();
        failures.dedup();
        row.failed_statuses = failures;
        row
    }

    /// Signs in and returns the cookies of the session.
    async fn sign_in(&self, email: &str) -> Result<String, BenchError> {
        let (csrf_cookie, token) = self.login_form().await?;
        let call = login_call(&csrf_cookie, &token, email);
        let (status, headers, _) = self.send(&call).await?;
        if status != 303 {
            return Err(format!("signing in as {email} answered {status}").into());
        }
        Ok(merge_cookies(&csrf_cookie, set_cookies(&headers)))
    }

    /// Signs in and reads the CSRF token of a page that carries a form.
    async fn sign_in_for(&self, email: &str, page: &str) -> Result<(String, String), BenchError> {
        let cookie = self.sign_in(email).await?;
        let mut call = Call::get(page);
        call.cookie = Some(cookie.clone());
        let (status, headers, body) = self.send(&call).await?;
        if status != 200 {
            return Err(format!("{page} answered {status}").into());
        }
        let cookie = merge_cookies(&cookie, set_cookies(&headers));
        let token = hidden_value(&String::from_utf8_lossy(&body), "_csrf")
            .ok_or_else(|| format!("no CSRF token on {page}"))?;
        Ok((cookie, token))
    }

    /// The sign-in form's CSRF cookie and token.
    async fn login_form(&self) -> Result<(String, String), BenchError> {
        let (status, headers, body) = self.send(&Call::get("/login")).await?;
        if status != 200 {
            return Err(format!("/login answered {status}").into());
        }
        let cookie = set_cookies(&headers).join("; ");
        let html = String::from_utf8_lossy(&body);
        let token = hidden_value(&html, "_csrf").ok_or("no CSRF token in the sign-in form")?;
        Ok((cookie, token))
    }
}

fn login_call(cookie: &str, token: &str, email: &str) -> Call {
    Call {
        method: Method::POST,
        path: "/login".into(),
        body: Some(format!(
            "_csrf={}&email={}&password={}",
            encode(token),
            encode(email),
            encode(BENCH_PASSWORD)
        )),
        cookie: Some(cookie.to_owned()),
        expect: 303,
    }
}

/// `name=value` of each Set-Cookie header.
fn set_cookies(headers: &hyper::HeaderMap) -> Vec<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(str::to_owned)
        .collect()
}

/// A Cookie header: `cookies` with `new` ones added or replacing those of the same name.
fn merge_cookies(cookies: &str, new: Vec<String>) -> String {
    let mut all: Vec<String> = cookies
        .split("; ")
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    for cookie in new {
        let name = cookie.split('=').next().unwrap_or_default().to_owned();
        all.retain(|c| c.split('=').next() != Some(name.as_str()));
        all.push(cookie);
    }
    all.join("; ")
}

/// The value of the hidden input named `name`.
fn hidden_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?.split('"').next()?;
    Some(value.replace("&#x3D;", "=").replace("&amp;", "&"))
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn row(
    scenario: String,
    clients: usize,
    mut latencies: Vec<Duration>,
    failures: usize,
    elapsed: Duration,
) -> Row {
    latencies.sort();
    Row {
        scenario,
        clients,
        requests: latencies.len(),
        failures,
        failed_statuses: Vec::new(),
        rps: latencies.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        p50: percentile(&latencies, 50.0),
        p95: percentile(&latencies, 95.0),
        p99: percentile(&latencies, 99.0),
        max: latencies.last().copied().unwrap_or_default(),
        first: None,
        peak_rss_mib: 0.0,
    }
}

/// References of published grants, spread through the directory.
async fn references(db: &DatabaseConnection, limit: u64) -> Result<Vec<String>, BenchError> {
    let refs: Vec<Option<String>> = award::Entity::find()
        .join(
            JoinType::InnerJoin,
            award::Entity::belongs_to(application::Entity)
                .from(award::Column::ApplicationId)
                .to(application::Column::Id)
                .into(),
        )
        .filter(award::Column::Status.is_in(["accepted", "active", "completed"]))
        .select_only()
        .column(application::Column::Reference)
        .order_by_desc(award::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(refs.into_iter().flatten().collect())
}

/// A free port on the loopback interface.
fn free_port() -> Result<u16, BenchError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// The server this process started: how to stop it, and its task.
type Served = (
    rocket::Shutdown,
    tokio::task::JoinHandle<Result<rocket::Rocket<rocket::Ignite>, rocket::Error>>,
);

async fn stop(server: Option<Served>) {
    if let Some((shutdown, handle)) = server {
        shutdown.notify();
        let _ = handle.await;
    }
}

/// Serves the app against `db` (or drives the servers `options.urls` names) and runs
/// every scenario.
pub async fn run(
    figment: Figment,
    config: AppConfig,
    db: DatabaseConnection,
    options: Options,
) -> Result<Table, BenchError> {
    let database = if config.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let published_grants = award::Entity::find()
        .filter(award::Column::Status.is_in(["accepted", "active", "completed"]))
        .count(&db)
        .await?;
    let refs = references(&db, 2_000).await?;

    let mut server = None;
    let bases = if options.urls.is_empty() {
        let port = free_port()?;
        let figment = figment
            .merge(("address", "127.0.0.1"))
            .merge(("port", port))
            .merge(("log_level", "off"))
            .merge(("cli_colors", false));
        let rocket = dealfund::build(figment, config, db.clone(), Clock::system())
            .ignite()
            .await?;
        let shutdown = rocket.shutdown();
        server = Some((shutdown, tokio::spawn(rocket.launch())));
        vec![format!("http://127.0.0.1:{port}")]
    } else {
        options
            .urls
            .iter()
            .map(|u| u.trim_end_matches('/').to_owned())
            .collect()
    };
    let servers = bases.len();
    let client = Client::builder()
        .pool_max_idle_per_host(options.clients.max(options.sign_in_clients) * 2)
        .build_http();
    let driver = Arc::new(Driver {
        client,
        bases,
        turn: Default::default(),
        memory: Memory {
            pids: options.server_pids.clone(),
        },
    });
    let mut up = 0;
    for _ in 0..200 {
        for _ in 0..servers {
            if let Ok((200, _, _)) = driver.send(&Call::get("/healthz")).await {
                up += 1;
            }
        }
        if up >= servers {
            break;
        }
        up = 0;
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    if up < servers {
        stop(server).await;
        return Err("the server did not start (or a --url does not answer /healthz)".into());
    }
    let idle_rss_mib = driver.memory.mib("VmRSS:");

    let result = scenarios(&driver, &db, &options, published_grants, &refs).await;
    stop(server).await;
    let rows = result?;
    Ok(Table {
        rows,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        database,
        published_grants,
        idle_rss_mib,
        servers,
        servers_measured_alone: !options.server_pids.is_empty(),
    })
}

async fn scenarios(
    driver: &Arc<Driver>,
    db: &DatabaseConnection,
    options: &Options,
    published_grants: u64,
    refs: &[String],
) -> Result<Vec<Row>, BenchError> {
    let clients = options.clients.max(1);
    let max = options.max_per_client;
    let plain = |name: &str, calls: Vec<Call>| Scenario {
        name: name.to_owned(),
        calls,
        clients,
        max_per_client: max,
        warm: false,
    };
    let warmed = |name: &str, calls: Vec<Call>| Scenario {
        warm: true,
        ..plain(name, calls)
    };
    let last_page = published_grants
        .div_ceil(dealfund::services::publishing::query::PAGE_SIZE)
        .max(1);
    let deep: Vec<Call> = [last_page, last_page * 3 / 4, last_page / 2]
        .iter()
        .map(|p| Call::get(format!("/projects?page={}", (*p).max(1))))
        .collect();
    let filters = [
        "/projects?ward=E05900003",
        "/projects?year=2024&status=active",
        "/projects?fund=bench-green-spaces&sort=amount",
        "/projects?q=garden",
        "/projects?ward=E05900010&year=2022&sort=title",
        "/projects?status=completed&sort=organisation&page=50",
    ];
    let projects: Vec<Call> = if refs.is_empty() {
        vec![Call::get("/projects")]
    } else {
        refs.iter()
            .map(|r| Call::get(format!("/projects/{r}")))
            .collect()
    };

    let mut list = vec![
        plain("trivial route (/healthz)", vec![Call::get("/healthz")]),
        warmed("/projects page 1", vec![Call::get("/projects")]),
        warmed(
            "/projects with filters",
            filters.iter().map(|p| Call::get(*p)).collect(),
        ),
        warmed(&format!("/projects deep pages (to {last_page})"), deep),
        // Each project once, nothing kept yet: what the first visitor to a project waits.
        Scenario {
            max_per_client: Some(projects.len().div_ceil(clients)),
            ..plain(
                &format!(
                    "/projects/<reference>, first visit ({} projects)",
                    projects.len()
                ),
                projects.clone(),
            )
        },
        warmed(
            &format!("/projects/<reference> ({} projects)", projects.len()),
            projects,
        ),
        warmed("/impact", vec![Call::get("/impact")]),
        plain("/api/v1/projects", vec![Call::get("/api/v1/projects")]),
        Scenario {
            name: "/data/360giving.json (whole history)".into(),
            calls: vec![Call::get("/data/360giving.json")],
            clients: 1,
            max_per_client: Some(max.unwrap_or(3).min(3)),
            warm: false,
        },
    ];

    let mut rows = Vec::new();
    for scenario in list.drain(..) {
        rows.push(driver.run(scenario, options.duration).await);
    }

    // The officer's moderation board for the round of reviewed applications.
    let officer = driver.sign_in(BENCH_OFFICER).await?;
    let mut board = Call::get(format!("/officer/rounds/{MODERATION_ROUND}/moderation"));
    board.cookie = Some(officer);
    let row = driver
        .run(
            Scenario {
                name: "moderation board (officer, 2,000 applications)".into(),
                calls: vec![board],
                clients: 1,
                max_per_client: max,
                warm: false,
            },
            options.duration,
        )
        .await;
    rows.push(row);

    rows.push(deadline_rush(driver, db, clients).await?);

    // A flood of sign-ins (Argon2) while the public browse the directory.
    let (cookie, token) = driver.login_form().await?;
    let flood = Scenario {
        name: "sign-in flood (POST /login)".into(),
        calls: vec![login_call(&cookie, &token, BENCH_OFFICER)],
        clients: options.sign_in_clients.max(1),
        max_per_client: max,
        warm: false,
    };
    let browsing = plain(
        "/projects during the sign-in flood",
        vec![
            Call::get("/projects"),
            Call::get("/projects?ward=E05900003"),
        ],
    );
    let (flood_row, browse_row) = tokio::join!(
        driver.run(flood, options.duration),
        driver.run(browsing, options.duration)
    );
    rows.push(flood_row);
    rows.push(browse_row);
    Ok(rows)
}

/// The deadline rush: every applicant with a draft in the open bench round, signed in
/// beforehand, saves the declaration (the last section) and submits, `clients` at once.
/// Afterwards every one of those applications must be submitted in the database.
async fn deadline_rush(
    driver: &Arc<Driver>,
    db: &DatabaseConnection,
    clients: usize,
) -> Result<Row, BenchError> {
    use entity::{funding_round, user};
    use std::sync::atomic::{AtomicUsize, Ordering};

    let Some(round) = funding_round::Entity::find()
        .filter(funding_round::Column::Slug.eq(RUSH_ROUND))
        .one(db)
        .await?
    else {
        return Err("no deadline-rush round: run bench-seed first".into());
    };
    let drafts: Vec<(i32, i32, i32)> = application::Entity::find()
        .filter(application::Column::RoundId.eq(round.id))
        .filter(application::Column::Status.eq("draft"))
        .select_only()
        .column(application::Column::Id)
        .column(application::Column::CreatedBy)
        .column(application::Column::Version)
        .into_tuple()
        .all(db)
        .await?;
    let mut applicants = Vec::new();
    for (id, user_id, version) in &drafts {
        let email = user::Entity::find_by_id(*user_id)
            .one(db)
            .await?
            .map(|u| u.email)
            .ok_or("a draft's applicant is missing")?;
        applicants.push((*id, email, *version));
    }

    // Signing in is Argon2 work: done before the clock starts, `clients` at a time.
    let next = Arc::new(AtomicUsize::new(0));
    let applicants = Arc::new(applicants);
    let mut tasks = Vec::new();
    for _ in 0..clients.min(applicants.len()).max(1) {
        let (driver, next, applicants) = (
            Arc::clone(driver),
            Arc::clone(&next),
            Arc::clone(&applicants),
        );
        tasks.push(tokio::spawn(async move {
            let mut ready = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((id, email, version)) = applicants.get(i) else {
                    break;
                };
                let page = format!("/applications/draft-{id}/declaration");
                let (cookie, token) = driver.sign_in_for(email, &page).await?;
                ready.push((*id, *version, cookie, token));
            }
            Ok::<_, BenchError>(ready)
        }));
    }
    let mut ready = Vec::new();
    for task in tasks {
        ready.extend(task.await??);
    }

    driver.memory.reset_peak();
    let ready = Arc::new(ready);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients.min(ready.len()).max(1) {
        let (driver, next, ready) = (Arc::clone(driver), Arc::clone(&next), Arc::clone(&ready));
        tasks.push(tokio::spawn(async move {
            let mut sample = Sample {
                latencies: Vec::new(),
                failures: Vec::new(),
            };
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((id, version, cookie, token)) = ready.get(i) else {
                    break;
                };
                let save = Call {
                    method: Method::POST,
                    path: format!("/applications/draft-{id}/declaration"),
                    body: Some(format!(
                        "_csrf={}&version={version}&confirm_true=yes&consent=yes&name=Pat+Signer&action=save",
                        encode(token)
                    )),
                    cookie: Some(cookie.clone()),
                    expect: 303,
                };
                let submit = Call {
                    method: Method::POST,
                    path: format!("/applications/draft-{id}/submit"),
                    body: Some(format!("_csrf={}&version={}", encode(token), version + 1)),
                    cookie: Some(cookie.clone()),
                    expect: 303,
                };
                for call in [save, submit] {
                    let at = Instant::now();
                    let status = driver.send(&call).await.map_or(0, |(s, _, _)| s);
                    sample.latencies.push(at.elapsed());
                    if status != call.expect {
                        sample.failures.push(status);
                    }
                }
            }
            sample
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for task in tasks {
        let sample = task.await?;
        latencies.extend(sample.latencies);
        failures.extend(sample.failures);
    }
    let elapsed = started.elapsed();

    // Every submission must have landed.
    let submitted = application::Entity::find()
        .filter(application::Column::RoundId.eq(round.id))
        .filter(application::Column::Status.eq("submitted"))
        .filter(application::Column::Reference.is_not_null())
        .count(db)
        .await?;
    let missing = (ready.len() as u64).saturating_sub(submitted) as usize;
    let name = format!(
        "deadline rush: save + submit ({} applicants, {submitted} submitted in the database)",
        ready.len()
    );
    let mut row = row(name, clients, latencies, failures.len() + missing, elapsed);
    row.peak_rss_mib = driver.memory.mib("VmHWM:");
    failures.sort_unstable();
    failures.dedup();
    row.failed_statuses = failures;
    Ok(row)
}
