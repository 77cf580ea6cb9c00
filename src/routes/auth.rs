//! Signing in (with the second factor when the user has one) and out, and registering.

use crate::routes::form::Form;
use entity::session::Stage;
use entity::user::Role;
use rocket::form::FromForm;
use rocket::http::CookieJar;
use rocket::response::{Flash, Redirect};
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::session::ThisDevice;
use crate::auth::{CurrentUser, SignInStep, csrf, session};
use crate::config::AppConfig;
use crate::domain::fields::FieldErrors;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::routes::{ClientAddr, safe_next, url_encoded};
use crate::services::password_reset::LinkProblem;
use crate::services::registration;
use crate::services::sessions;
use crate::services::two_factor;
use crate::services::users::{self, LoginRefused, NewUser};
use crate::tools::demo::{DEMO_LOGINS, DEMO_PASSWORD};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        login_page,
        login,
        code_page,
        code,
        logout,
        register_page,
        register,
        register_sent,
        confirm_page,
        confirm
    ]
}

#[derive(Serialize)]
struct DemoLogin {
    email: &'static str,
    role: &'static str,
}

#[derive(Serialize)]
struct LoginPage {
    layout: Layout,
    form: FormView,
    next: String,
    /// `next`, encoded for a link's query (to registering), or blank.
    next_encoded: String,
    demo_logins: Vec<DemoLogin>,
    demo_password: &'static str,
}

fn login_page_for(
    layout: Layout,
    config: &AppConfig,
    form: FormView,
    next: Option<String>,
) -> Template {
    let demo_logins = if config.demo {
        DEMO_LOGINS
            .iter()
            .map(|(email, _, role)| DemoLogin {
                email,
                role: crate::format::role_name(*role),
            })
            .collect()
    } else {
        Vec::new()
    };
    Template::render(
        "auth/login",
        LoginPage {
            layout: layout.titled("Sign in", Some(&form)),
            form,
            next_encoded: url_encoded(next.as_deref().unwrap_or_default()),
            next: next.unwrap_or_default(),
            demo_logins,
            demo_password: DEMO_PASSWORD,
        },
    )
}

/// Where a half-done sign-in goes next.
fn next_step(stage: Stage) -> &'static str {
    match stage {
        Stage::Setup => "/account/two-factor",
        _ => "/login/code",
    }
}

#[get("/login?<next>")]
fn login_page(
    layout: Layout,
    ctx: Ctx<'_>,
    user: Option<CurrentUser>,
    step: Option<SignInStep>,
    next: Option<&str>,
) -> Reply {
    if user.is_some() {
        return Reply::Redirect(Redirect::to(safe_next(next).unwrap_or_else(|| "/".into())));
    }
    if let Some(step) = step {
        return Reply::Redirect(Redirect::to(next_step(step.stage)));
    }
    Reply::Page(login_page_for(
        layout,
        ctx.config,
        FormView::new(&["email", "password"]),
        safe_next(next),
    ))
}

#[derive(FromForm)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

#[post("/login", data = "<form>")]
async fn login(
    form: Form<LoginForm>,
    layout: Layout,
    ctx: Ctx<'_>,
    device: ThisDevice,
    cookies: &CookieJar<'_>,
) -> Result<Reply, AppError> {
    let next = safe_next(form.next.as_deref());
    let mut view = FormView::new(&["email", "password"]).with("email", form.email.clone());
    if form.email.trim().is_empty() || form.password.is_empty() {
        if form.email.trim().is_empty() {
            view.add_error("email", "Enter your email address");
        }
        if form.password.is_empty() {
            view.add_error("password", "Enter your password");
        }
        return Ok(Reply::invalid(login_page_for(
            layout, ctx.config, view, next,
        )));
    }
    let tz = ctx.tz;
    let earlier = session::token(cookies);
    match users::authenticate(ctx.db, ctx.clock, &form.email, &form.password, &device.0).await? {
        Ok(signed_in) => {
            // A sign-in replaces whatever session this browser had.
            if let Some(token) = earlier {
                sessions::end(ctx.db, ctx.clock, &token).await?;
            }
            session::set(cookies, signed_in.token, ctx.config.secure_cookies);
            csrf::rotate(cookies);
            if signed_in.stage == Stage::SecondFactor {
                // The page asked for comes after the code, as it would have after the
                // password.
                return Ok(Reply::Redirect(Redirect::to(code_path(next.as_deref()))));
            }
            if signed_in.stage != Stage::Full {
                return Ok(Reply::Redirect(Redirect::to(next_step(signed_in.stage))));
            }
            let to = next.unwrap_or_else(|| "/".into());
            Ok(Reply::Flash(Flash::success(
                Redirect::to(to),
                format!("Signed in as {}", signed_in.account.name),
            )))
        }
        Err(refused) => {
            view.add_error("email", &refusal_message(&refused, tz));
            Ok(Reply::invalid(login_page_for(
                layout, ctx.config, view, next,
            )))
        }
    }
}

/// What the sign-in page says when it refuses. A locked account and an address with no
/// account locked the same way read alike.
fn refusal_message(refused: &LoginRefused, tz: chrono_tz::Tz) -> String {
    match refused {
        LoginRefused::Invalid => "Email address or password is not right".to_owned(),
        LoginRefused::Locked(until) => users::locked_message(*until, tz),
        LoginRefused::Throttled(until) => format!(
            "Too many failed sign-ins from your network. Try again after {}",
            crate::format::datetime(*until, tz)
        ),
        LoginRefused::Disabled => {
            "This account has been disabled. Contact the council's grants team".to_owned()
        }
    }
}

/// The code step's address, carrying the page to go to afterwards.
fn code_path(next: Option<&str>) -> String {
    match next {
        Some(next) => format!("/login/code?next={}", url_encoded(next)),
        None => "/login/code".to_owned(),
    }
}

#[derive(Serialize)]
struct CodePage {
    layout: Layout,
    form: FormView,
    /// Where the form posts: the code step, carrying `next`.
    action: String,
}

fn code_template(layout: Layout, form: FormView, next: Option<&str>) -> Template {
    Template::render(
        "auth/code",
        CodePage {
            layout: layout.titled("Enter your security code", Some(&form)),
            form,
            action: code_path(next),
        },
    )
}

#[get("/login/code?<next>")]
fn code_page(
    layout: Layout,
    step: Option<SignInStep>,
    user: Option<CurrentUser>,
    next: Option<&str>,
) -> Reply {
    let next = safe_next(next);
    match (step, user) {
        (_, Some(_)) => Reply::Redirect(Redirect::to(next.unwrap_or_else(|| "/".into()))),
        (Some(step), _) if step.stage == Stage::SecondFactor => Reply::Page(code_template(
            layout,
            FormView::new(&["code"]),
            next.as_deref(),
        )),
        (Some(step), _) => Reply::Redirect(Redirect::to(next_step(step.stage))),
        (None, None) => Reply::Redirect(Redirect::to("/login")),
    }
}

#[derive(FromForm)]
struct CodeForm {
    code: Option<String>,
}

#[post("/login/code?<next>", data = "<form>")]
async fn code(
    layout: Layout,
    ctx: Ctx<'_>,
    step: Option<SignInStep>,
    client: ClientAddr,
    cookies: &CookieJar<'_>,
    form: Form<CodeForm>,
    next: Option<&str>,
) -> Result<Reply, AppError> {
    let next = safe_next(next);
    let Some(step) = step.filter(|s| s.stage == Stage::SecondFactor) else {
        return Ok(Reply::Redirect(Redirect::to("/login")));
    };
    let typed = form.code.clone().unwrap_or_default();
    let mut view = FormView::new(&["code"]).with("code", typed.clone());
    if typed.trim().is_empty() {
        view.add_error(
            "code",
            "Enter the 6-digit code from your app, or a recovery code",
        );
        return Ok(Reply::invalid(code_template(layout, view, next.as_deref())));
    }
    let key = ctx.config.totp_key();
    match two_factor::verify_sign_in(
        ctx.db,
        ctx.clock,
        &key,
        two_factor::Attempt {
            user_id: step.user.id,
            session_id: step.user.session_id,
            client: &client.0,
        },
        &typed,
    )
    .await?
    {
        Ok(()) => {
            csrf::rotate(cookies);
            Ok(Reply::done(
                next.unwrap_or_else(|| "/".into()),
                format!("Signed in as {}", step.user.name),
            ))
        }
        Err(refused) => {
            view.add_error("code", &two_factor::refusal_message(&refused, ctx.tz));
            Ok(Reply::invalid(code_template(layout, view, next.as_deref())))
        }
    }
}

#[post("/logout")]
async fn logout(ctx: Ctx<'_>, cookies: &CookieJar<'_>) -> Result<Flash<Redirect>, AppError> {
    // The session itself ends, so a copy of the cookie is of no use either.
    if let Some(token) = session::token(cookies) {
        sessions::end(ctx.db, ctx.clock, &token).await?;
    }
    session::clear(cookies);
    csrf::rotate(cookies);
    Ok(Flash::success(Redirect::to("/"), "You have signed out"))
}

#[derive(Serialize)]
struct RegisterPage {
    layout: Layout,
    form: FormView,
    /// Where to go once registered (e.g. an invitation's link); blank for the account page.
    next: String,
    /// `next`, encoded for a link's query (to signing in), or blank.
    next_encoded: String,
}

const REGISTER_FIELDS: &[&str] = &["name", "email", "password", "confirm_password"];

#[get("/register?<next>")]
fn register_page(layout: Layout, user: Option<CurrentUser>, next: Option<&str>) -> Reply {
    if user.is_some() {
        return Reply::Redirect(Redirect::to(
            safe_next(next).unwrap_or_else(|| "/account".into()),
        ));
    }
    let form = FormView::new(REGISTER_FIELDS);
    Reply::Page(Template::render(
        "auth/register",
        RegisterPage {
            layout: layout.titled("Create an account", None),
            form,
            next_encoded: url_encoded(&safe_next(next).unwrap_or_default()),
            next: safe_next(next).unwrap_or_default(),
        },
    ))
}

#[derive(FromForm)]
struct RegisterForm {
    name: String,
    email: String,
    password: String,
    confirm_password: String,
    next: Option<String>,
}

#[post("/register", data = "<form>")]
async fn register(
    form: Form<RegisterForm>,
    layout: Layout,
    ctx: Ctx<'_>,
    client: ClientAddr,
) -> Result<Reply, AppError> {
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref());
    let view = FormView::new(REGISTER_FIELDS)
        .with("name", form.name.clone())
        .with("email", form.email.clone());
    let mut errors = users::check_new(&form.name, &form.email, &form.password);
    if form.password != form.confirm_password {
        errors.add("confirm_password", "The passwords do not match");
    }
    let result = if errors.is_empty() {
        let input = NewUser {
            name: form.name,
            email: form.email,
            password: form.password,
            role: Role::Applicant,
        };
        registration::request(
            ctx.db,
            ctx.clock,
            ctx.notifier,
            input,
            &client.0,
            next.as_deref(),
        )
        .await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result.split_invalid()? {
        // The same answer whether or not the address has an account.
        Ok(()) => Ok(Reply::Redirect(Redirect::to("/register/sent"))),
        Err(errors) => Ok(Reply::invalid(invalid_register(
            layout, view, &errors, next,
        ))),
    }
}

fn invalid_register(
    layout: Layout,
    view: FormView,
    errors: &FieldErrors,
    next: Option<String>,
) -> Template {
    let form = view.with_errors(errors);
    Template::render(
        "auth/register",
        RegisterPage {
            layout: layout.titled("Create an account", Some(&form)),
            form,
            next_encoded: url_encoded(next.as_deref().unwrap_or_default()),
            next: next.unwrap_or_default(),
        },
    )
}

#[derive(Serialize)]
struct SentPage {
    layout: Layout,
    hours: i64,
}

#[get("/register/sent")]
fn register_sent(layout: Layout) -> Template {
    Template::render(
        "auth/register_sent",
        SentPage {
            layout: layout.titled("Check your email", None),
            hours: registration::link_lifetime().num_hours(),
        },
    )
}

#[derive(Serialize)]
struct ConfirmPage {
    layout: Layout,
    token: String,
    email: String,
    problem: Option<&'static str>,
    /// Where the new account goes once made, encoded for the form's address, or blank.
    next_encoded: String,
}

fn problem_text(problem: LinkProblem) -> &'static str {
    match problem {
        LinkProblem::Unknown => {
            "This link is not one we sent, or it was cut short. Copy the whole link from the email."
        }
        LinkProblem::Expired => {
            "This link has expired. Create your account again to get a new one."
        }
        LinkProblem::Used => {
            "This link has already been used. Sign in, or reset your password if you have forgotten it."
        }
    }
}

fn confirm_reply(
    layout: Layout,
    token: &str,
    found: Result<String, LinkProblem>,
    next: Option<String>,
) -> Reply {
    let (status, email, problem) = match found {
        Ok(email) => (None, email, None),
        Err(problem) => (
            Some(match problem {
                LinkProblem::Unknown => rocket::http::Status::NotFound,
                _ => rocket::http::Status::Gone,
            }),
            String::new(),
            Some(problem_text(problem)),
        ),
    };
    let title = if problem.is_some() {
        "This link cannot be used"
    } else {
        "Finish creating your account"
    };
    let page = Template::render(
        "auth/register_confirm",
        ConfirmPage {
            layout: layout.titled(title, None),
            token: token.to_owned(),
            email,
            problem,
            next_encoded: url_encoded(next.as_deref().unwrap_or_default()),
        },
    );
    match status {
        Some(status) => Reply::Invalid((status, page)),
        None => Reply::Page(page),
    }
}

#[get("/register/confirm/<token>?<next>")]
async fn confirm_page(
    layout: Layout,
    ctx: Ctx<'_>,
    token: &str,
    next: Option<&str>,
) -> Result<Reply, AppError> {
    let found = registration::check(ctx.db, ctx.clock, token).await?;
    Ok(confirm_reply(layout, token, found, safe_next(next)))
}

#[post("/register/confirm/<token>?<next>")]
async fn confirm(
    layout: Layout,
    ctx: Ctx<'_>,
    device: ThisDevice,
    cookies: &CookieJar<'_>,
    token: &str,
    next: Option<&str>,
) -> Result<Reply, AppError> {
    let next = safe_next(next);
    match registration::confirm(ctx.db, ctx.clock, token, &device.0).await? {
        Ok((_, session_token)) => {
            if let Some(old) = session::token(cookies) {
                sessions::end(ctx.db, ctx.clock, &old).await?;
            }
            session::set(cookies, session_token, ctx.config.secure_cookies);
            csrf::rotate(cookies);
            Ok(Reply::done(
                next.unwrap_or_else(|| "/account".into()),
                "Your account has been created and you are signed in",
            ))
        }
        Err(problem) => Ok(confirm_reply(layout, token, Err(problem), next)),
    }
}
