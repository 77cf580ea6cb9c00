//! The signed-in user's own account: details, password, signed-in devices and
//! two-factor sign-in.

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use entity::session::Stage;
use rocket::form::FromForm;
use rocket::response::Redirect;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::{CurrentUser, SignInStep};
use crate::error::{AppError, SplitInvalid};
use crate::routes::ClientAddr;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::two_factor::Attempt;
use crate::services::users::PasswordChange;
use crate::services::{sessions, two_factor, users};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        account_page,
        change_password,
        end_session,
        end_other_sessions,
        two_factor_page,
        two_factor_confirm
    ]
}

const PASSWORD_FIELDS: &[&str] = &["current_password", "new_password", "confirm_password"];

#[derive(Serialize)]
struct SessionRow {
    id: i32,
    current: bool,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    ip_address: String,
    user_agent: String,
}

#[derive(Serialize)]
struct AccountPage {
    layout: Layout,
    form: FormView,
    sessions: Vec<SessionRow>,
    others: bool,
    two_factor: bool,
    two_factor_required: bool,
    recovery_codes_left: u64,
}

async fn page(
    layout: Layout,
    ctx: &Ctx<'_>,
    user: &CurrentUser,
    form: FormView,
) -> Result<Template, AppError> {
    let rows = sessions::list_of(ctx.db, ctx.clock, user.id).await?;
    let sessions: Vec<SessionRow> = rows
        .into_iter()
        .map(|row| SessionRow {
            id: row.id,
            current: row.id == user.session_id,
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
            ip_address: row.ip_address,
            user_agent: if row.user_agent.is_empty() {
                "Unknown browser".to_owned()
            } else {
                row.user_agent
            },
        })
        .collect();
    let recovery_codes_left = if user.two_factor {
        two_factor::recovery_codes_left(ctx.db, user.id).await?
    } else {
        0
    };
    Ok(Template::render(
        "account/index",
        AccountPage {
            layout: layout.titled("Your account", Some(&form)),
            form,
            others: sessions.iter().any(|s| !s.current),
            sessions,
            two_factor: user.two_factor,
            two_factor_required: two_factor::required_for(ctx.db, user.role).await?,
            recovery_codes_left,
        },
    ))
}

#[get("/account")]
async fn account_page(
    user: CurrentUser,
    layout: Layout,
    ctx: Ctx<'_>,
) -> Result<Template, AppError> {
    page(layout, &ctx, &user, FormView::new(PASSWORD_FIELDS)).await
}

#[derive(FromForm)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

#[post("/account/password", data = "<form>")]
async fn change_password(
    user: CurrentUser,
    form: Form<PasswordForm>,
    layout: Layout,
    ctx: Ctx<'_>,
    client: ClientAddr,
) -> Result<Reply, AppError> {
    let result = users::change_password(
        ctx.db,
        ctx.clock,
        &user,
        &client.0,
        ctx.tz,
        PasswordChange {
            current: &form.current_password,
            new: &form.new_password,
            confirm: &form.confirm_password,
        },
    )
    .await;
    match result.split_invalid()? {
        // This browser stays signed in; every other session has ended.
        Ok(()) => Ok(Reply::done(
            "/account",
            "Your password has been changed. You have been signed out everywhere else",
        )),
        Err(errors) => {
            // Passwords are never sent back to the browser.
            let form = FormView::new(PASSWORD_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(page(layout, &ctx, &user, form).await?))
        }
    }
}

#[post("/account/sessions/<id>/end")]
async fn end_session(user: CurrentUser, ctx: Ctx<'_>, id: i32) -> Result<Reply, AppError> {
    sessions::end_own(ctx.db, ctx.clock, &Actor::user(&user), user.id, id).await?;
    if id == user.session_id {
        return Ok(Reply::done("/", "You have signed out"));
    }
    Ok(Reply::done(
        "/account#sessions",
        "That device has been signed out",
    ))
}

#[post("/account/sessions/end-others")]
async fn end_other_sessions(user: CurrentUser, ctx: Ctx<'_>) -> Result<Reply, AppError> {
    let ended = sessions::end_others(
        ctx.db,
        ctx.clock,
        &Actor::user(&user),
        user.id,
        user.session_id,
    )
    .await?;
    let message = match ended {
        0 => "You were not signed in anywhere else".to_owned(),
        1 => "1 other device has been signed out".to_owned(),
        n => format!("{n} other devices have been signed out"),
    };
    Ok(Reply::done("/account#sessions", message))
}

/// Who is setting up two-factor sign-in: a signed-in user who chose to, or someone half
/// signed in whom the council requires to.
fn setting_up(user: Option<CurrentUser>, step: Option<SignInStep>) -> Option<(CurrentUser, bool)> {
    match (user, step) {
        (Some(user), _) => Some((user, false)),
        (None, Some(step)) if step.stage == Stage::Setup => Some((step.user, true)),
        _ => None,
    }
}

#[derive(Serialize)]
struct TwoFactorPage {
    layout: Layout,
    form: FormView,
    required: bool,
    secret_text: String,
    qr_svg: String,
}

async fn two_factor_template(
    layout: Layout,
    ctx: &Ctx<'_>,
    user: &CurrentUser,
    required: bool,
    form: FormView,
) -> Result<Option<Template>, AppError> {
    let key = ctx.config.totp_key();
    let Some(setup) =
        two_factor::begin_setup(ctx.db, ctx.clock, &key, &ctx.config.council_name, user.id).await?
    else {
        return Ok(None);
    };
    Ok(Some(Template::render(
        "account/two_factor",
        TwoFactorPage {
            layout: layout.titled("Set up two-factor sign-in", Some(&form)),
            form,
            required,
            secret_text: setup.secret_text,
            qr_svg: setup.qr_svg,
        },
    )))
}

#[get("/account/two-factor")]
async fn two_factor_page(
    layout: Layout,
    ctx: Ctx<'_>,
    user: Option<CurrentUser>,
    step: Option<SignInStep>,
) -> Result<Reply, AppError> {
    let Some((user, required)) = setting_up(user, step) else {
        return Ok(Reply::Redirect(Redirect::to("/login")));
    };
    match two_factor_template(layout, &ctx, &user, required, FormView::new(&["code"])).await? {
        Some(page) => Ok(Reply::Page(page)),
        None => Ok(Reply::done("/account", "Two-factor sign-in is already on")),
    }
}

#[derive(FromForm)]
struct ConfirmForm {
    code: Option<String>,
}

#[derive(Serialize)]
struct RecoveryPage {
    layout: Layout,
    codes: Vec<String>,
}

#[post("/account/two-factor", data = "<form>")]
async fn two_factor_confirm(
    layout: Layout,
    ctx: Ctx<'_>,
    user: Option<CurrentUser>,
    step: Option<SignInStep>,
    client: ClientAddr,
    form: Form<ConfirmForm>,
) -> Result<Reply, AppError> {
    let Some((user, required)) = setting_up(user, step) else {
        return Ok(Reply::Redirect(Redirect::to("/login")));
    };
    let typed = form.code.clone().unwrap_or_default();
    let key = ctx.config.totp_key();
    let result = two_factor::confirm_setup(
        ctx.db,
        ctx.clock,
        &key,
        ctx.tz,
        Attempt {
            user_id: user.id,
            session_id: user.session_id,
            client: &client.0,
        },
        &typed,
    )
    .await;
    match result.split_invalid()? {
        // Shown once, never again: only their hashes are kept.
        Ok(codes) => Ok(Reply::Page(Template::render(
            "account/recovery_codes",
            RecoveryPage {
                layout: layout.titled("Two-factor sign-in is on", None),
                codes,
            },
        ))),
        Err(errors) => {
            let view = FormView::new(&["code"])
                .with("code", typed)
                .with_errors(&errors);
            match two_factor_template(layout, &ctx, &user, required, view).await? {
                Some(page) => Ok(Reply::invalid(page)),
                None => Ok(Reply::done("/account", "Two-factor sign-in is already on")),
            }
        }
    }
}
