//! The outbox for admins: every email the app has written, its delivery, and
//! trying a failed one again. With no SMTP server configured, this is where
//! messages can be read.

use chrono::{DateTime, Utc};
use entity::{outbox, outbox_attempt};
use rocket::response::{Flash, Redirect};
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Admin;
use crate::error::AppError;
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::notify::{self, Kind, State as MailState, outbox as service};
use crate::views::{Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![list, show, retry]
}

#[derive(Serialize)]
struct StateChoice {
    value: &'static str,
    count: u64,
    selected: bool,
}

#[derive(Serialize)]
struct Row {
    id: i32,
    created_at: DateTime<Utc>,
    kind: notify::Kind,
    to: String,
    subject: String,
    state: notify::State,
    attempts: i32,
    last_error: Option<String>,
}

impl From<outbox::Model> for Row {
    fn from(m: outbox::Model) -> Self {
        Row {
            id: m.id,
            created_at: m.created_at,
            kind: m.kind,
            to: m.to_address,
            subject: m.subject,
            state: m.state,
            attempts: m.attempts,
            last_error: m.last_error,
        }
    }
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    delivers: bool,
    state: String,
    states: Vec<StateChoice>,
    messages: Vec<Row>,
    pager: Pager,
}

#[get("/admin/outbox?<state>&<page>")]
async fn list(
    _admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    state: Option<String>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let chosen = state.as_deref().and_then(MailState::parse);
    let (rows, paging) = service::list(ctx.db, chosen, page).await?;
    let counts = service::counts(ctx.db).await?;
    let state = chosen.map(|s| s.as_str().to_owned()).unwrap_or_default();
    Ok(Template::render(
        "admin/outbox",
        ListPage {
            layout: layout.titled("Outbox", None),
            delivers: ctx.config.delivers_mail(),
            pager: Pager::new("/admin/outbox", &paging, &[("state", state.clone())]),
            states: counts
                .into_iter()
                .map(|(s, count)| StateChoice {
                    value: s.as_str(),
                    count,
                    selected: Some(s) == chosen,
                })
                .collect(),
            state,
            messages: rows.into_iter().map(Row::from).collect(),
        },
    ))
}

#[derive(Serialize)]
struct AttemptRow {
    attempted_at: DateTime<Utc>,
    worker: String,
    ok: bool,
    error: Option<String>,
}

#[derive(Serialize)]
struct MessagePage {
    layout: Layout,
    message: Row,
    next_attempt_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    body_text: String,
    body_html: String,
    failed: bool,
    attempts: Vec<AttemptRow>,
}

/// Hides the token of a password-reset link: it is the recipient's alone.
fn hide_reset_token(body: &str) -> String {
    const MARK: &str = "/password/reset/";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(MARK) {
        let (before, after) = rest.split_at(at + MARK.len());
        out.push_str(before);
        out.push_str("[hidden]");
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[get("/admin/outbox/<id>")]
async fn show(_admin: Admin, layout: Layout, ctx: Ctx<'_>, id: i32) -> Result<Template, AppError> {
    let (message, attempts) = service::get(ctx.db, id).await?;
    let secret = message.kind == Kind::PasswordReset;
    let (body_text, body_html) = if secret {
        (
            hide_reset_token(&message.body_text),
            hide_reset_token(&message.body_html),
        )
    } else {
        (message.body_text.clone(), message.body_html.clone())
    };
    let title = format!("Message {}", message.id);
    Ok(Template::render(
        "admin/outbox_message",
        MessagePage {
            layout: layout.titled(&title, None),
            failed: message.state == notify::State::Failed,
            next_attempt_at: message.next_attempt_at,
            sent_at: message.sent_at,
            body_text,
            body_html,
            message: Row::from(message),
            attempts: attempts
                .into_iter()
                .map(|a: outbox_attempt::Model| AttemptRow {
                    attempted_at: a.attempted_at,
                    worker: a.worker,
                    ok: a.ok,
                    error: a.error,
                })
                .collect(),
        },
    ))
}

#[post("/admin/outbox/<id>/retry")]
async fn retry(admin: Admin, ctx: Ctx<'_>, id: i32) -> Result<Reply, AppError> {
    let to = format!("/admin/outbox/{id}");
    Ok(
        match service::retry(ctx.db, ctx.clock, &Actor::user(&admin), id).await? {
            Ok(()) => Reply::done(to, "The message is queued to be sent again"),
            Err(message) => Reply::Flash(Flash::error(Redirect::to(to), message)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_token_is_hidden_from_the_admin_view() {
        let body = "Open https://x.example/password/reset/AbC-_9xyz within the hour.";
        assert_eq!(
            hide_reset_token(body),
            "Open https://x.example/password/reset/[hidden] within the hour."
        );
        assert_eq!(hide_reset_token("no link"), "no link");
    }
}
