//! The server killed (SIGKILL) in the middle of a deadline rush: the real binary, on a
//! fresh database, driven over HTTP. After a restart, every submission the server
//! acknowledged (a 303 to its confirmation page) is in the database with the
//! reference it was given, and the references run from 1 with no gap and no repeat,
//! also once the rest are submitted after the restart.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use entity::application::{self, Status as AppStatus};
use entity::{organisation_member, reference_sequence, user::Role};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

use crate::support::builders::{self, ApplicationBuilder, OrganisationBuilder};
use crate::support::{PASSWORD, TestApp};

/// Applicants, and the drafts (each in an organisation of its own) each has.
const APPLICANTS: usize = 10;
const DRAFTS_EACH: usize = 4;
/// Submissions sent at once.
const CONCURRENCY: usize = 12;
/// The server is killed once this many submissions have been acknowledged.
const KILL_AFTER: usize = 12;

const EVERY_SECTION: &str = r#"{"about":"completed","budget":"completed","outcomes":"completed","partners":"completed","declaration":"completed"}"#;

/// The server binary, killed when dropped so a failing test leaves nothing running.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(database_url: &str, secret_key: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_dealfund"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("ROCKET_PORT", port.to_string())
            // The same key across the restart, as in production: sessions outlive it.
            .env("ROCKET_SECRET_KEY", secret_key)
            .env("ROCKET_LOG_LEVEL", "off")
            .env("RUST_LOG", "error")
            .env("DEALFUND_BACKGROUND_JOBS", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        Server { child, port }
    }

    async fn wait_until_up(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(reply) = http(self.port, "GET", "/healthz", "", None).await
                && reply.status == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start within 30 seconds");
    }

    /// SIGKILL: no shutdown, no flushing, no finishing of requests in flight.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.1 exchange on its own connection.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `name=value` of each cookie set.
    fn cookies(&self) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .map(str::to_owned)
            .collect()
    }
}

async fn http(
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    body: Option<&str>,
) -> std::io::Result<Reply> {
    let exchange = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
        let body = body.unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
             Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no complete answer")
        })?;
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other("no status line"))?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Ok(Reply {
            status,
            headers,
            body: body.to_owned(),
        })
    };
    tokio::time::timeout(Duration::from_secs(20), exchange)
        .await
        .unwrap_or_else(|_| Err(std::io::Error::other("timed out")))
}

fn merge(cookies: &str, new: Vec<String>) -> String {
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

fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a CSRF token on the page") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Signs in over HTTP: the session cookie, and a CSRF token for its forms.
async fn sign_in(port: u16, email: &str) -> (String, String) {
    let form = http(port, "GET", "/login", "", None).await.unwrap();
    let cookie = merge("", form.cookies());
    let body = format!(
        "_csrf={}&email={}&password={}",
        encode(&csrf_of(&form.body)),
        encode(email),
        encode(PASSWORD)
    );
    let signed_in = http(port, "POST", "/login", &cookie, Some(&body))
        .await
        .unwrap();
    assert_eq!(signed_in.status, 303, "{email} signs in");
    let cookie = merge(&cookie, signed_in.cookies());
    let page = http(port, "GET", "/applications", &cookie, None)
        .await
        .unwrap();
    assert_eq!(page.status, 200);
    (merge(&cookie, page.cookies()), csrf_of(&page.body))
}

/// Submits a draft; the reference it was given when the server acknowledged it.
async fn submit(port: u16, id: i32, session: &(String, String)) -> Option<String> {
    let body = format!("_csrf={}&version=1", encode(&session.1));
    let reply = http(
        port,
        "POST",
        &format!("/applications/draft-{id}/submit"),
        &session.0,
        Some(&body),
    )
    .await
    .ok()?;
    let location = reply.header("location")?;
    let reference = location
        .strip_prefix("/applications/")?
        .strip_suffix("/submitted")?;
    (reply.status == 303).then(|| reference.to_owned())
}

/// The number of a reference like `DCF-2026-0042`.
fn number(reference: &str) -> usize {
    reference
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a numbered reference")
}

async fn submitted(app: &TestApp) -> Vec<application::Model> {
    application::Entity::find()
        .filter(application::Column::Status.eq(AppStatus::Submitted))
        .all(&app.db)
        .await
        .unwrap()
}

/// References given out so far: 1, 2, … n with none missing and none twice, and the
/// sequence's last number is n.
async fn assert_references_have_no_gap_or_repeat(app: &TestApp) -> usize {
    let apps = submitted(app).await;
    let numbers: Vec<usize> = apps
        .iter()
        .map(|a| number(a.reference.as_deref().expect("a submitted reference")))
        .collect();
    let distinct: BTreeSet<usize> = numbers.iter().copied().collect();
    assert_eq!(distinct.len(), numbers.len(), "no reference twice");
    assert_eq!(
        distinct,
        (1..=numbers.len()).collect::<BTreeSet<_>>(),
        "references from 1 with no gap"
    );
    let last = reference_sequence::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|s| s.last as usize)
        .sum::<usize>();
    assert_eq!(
        last,
        numbers.len(),
        "the sequence gave out no number unused"
    );
    numbers.len()
}

#[rocket::async_test]
async fn killing_the_server_mid_rush_loses_no_acknowledged_submission_and_no_reference() {
    let app = TestApp::on_disk().await;
    let fund = builders::fund(&app, "rush-fund", 1_000_000).await;
    let round = builders::published_round(&app, &fund, "deadline", 500_000).await;
    let mut drafts = Vec::new();
    let mut emails = Vec::new();
    for a in 0..APPLICANTS {
        let email = format!("rush{a}@example.org");
        let applicant = app.create_user(&email, Role::Applicant).await;
        for d in 0..DRAFTS_EACH {
            let group = OrganisationBuilder::new(&format!("Group {a}-{d}"))
                .create(&app)
                .await;
            organisation_member::ActiveModel {
                organisation_id: Set(group.id),
                user_id: Set(applicant.id),
                is_owner: Set(true),
                created_at: Set(app.clock.now()),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
            let draft = ApplicationBuilder::new(&round)
                .draft()
                .organisation(&group)
                .owned_by(&applicant)
                .create(&app)
                .await;
            // Every section done: the rush is the last click.
            let mut ready: application::ActiveModel = draft.into();
            ready.section_state = Set(EVERY_SECTION.into());
            let ready = ready.update(&app.db).await.unwrap();
            drafts.push((ready.id, a));
        }
        emails.push(email);
    }
    let secret: [u8; 32] = rand::random();
    let secret_key: String = secret.iter().map(|b| format!("{b:02x}")).collect();

    let server = Server::start(&app.database_url, &secret_key);
    server.wait_until_up().await;
    let port = server.port;
    let mut sessions = Vec::new();
    for email in &emails {
        sessions.push(sign_in(port, email).await);
    }
    let sessions = Arc::new(sessions);

    // The rush: submissions `CONCURRENCY` at a time until the server dies.
    let drafts = Arc::new(drafts);
    let next = Arc::new(AtomicUsize::new(0));
    let acknowledged = Arc::new(Mutex::new(Vec::<(i32, String)>::new()));
    let server = Arc::new(std::sync::Mutex::new(server));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (drafts, next, acknowledged, sessions, server) = (
            drafts.clone(),
            next.clone(),
            acknowledged.clone(),
            sessions.clone(),
            server.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let Some(&(id, owner)) = drafts.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    return;
                };
                let Some(reference) = submit(port, id, &sessions[owner]).await else {
                    // Refused, cut off, or the server is gone: not acknowledged.
                    continue;
                };
                let mut acks = acknowledged.lock().await;
                acks.push((id, reference));
                if acks.len() == KILL_AFTER {
                    // Others are still in flight: the kill lands in the middle of them.
                    server.lock().unwrap().kill();
                }
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    assert!(
        acknowledged.len() >= KILL_AFTER && acknowledged.len() < drafts.len(),
        "the server died mid-rush: {} of {} acknowledged",
        acknowledged.len(),
        drafts.len()
    );

    // Restarted on the same database.
    let restarted = Server::start(&app.database_url, &secret_key);
    restarted.wait_until_up().await;

    for (id, reference) in &acknowledged {
        let stored = application::Entity::find_by_id(*id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, AppStatus::Submitted, "acknowledged {id}");
        assert_eq!(stored.reference.as_deref(), Some(reference.as_str()));
    }
    let before = assert_references_have_no_gap_or_repeat(&app).await;
    assert!(before >= acknowledged.len());
    eprintln!(
        "killed mid-rush: {} of {} acknowledged, {before} in the database (the rest were in flight or not sent)",
        acknowledged.len(),
        drafts.len()
    );

    // The rest are submitted through the restarted server, with the sessions from
    // before the kill, and take the next numbers.
    let still_drafts: BTreeSet<i32> = application::Entity::find()
        .filter(application::Column::Status.eq(AppStatus::Draft))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(before + still_drafts.len(), drafts.len());
    for &(id, owner) in drafts.iter() {
        if still_drafts.contains(&id) {
            let reference = submit(restarted.port, id, &sessions[owner]).await;
            let reference = reference.expect("submitted after the restart");
            assert!(number(&reference) > before, "{reference} after {before}");
        }
    }
    assert_eq!(
        assert_references_have_no_gap_or_repeat(&app).await,
        drafts.len()
    );
}
