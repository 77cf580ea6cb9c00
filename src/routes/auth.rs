//! Signing in and out, and registering.

use crate::routes::form::Form;
use entity::user::Role;
use rocket::form::FromForm;
use rocket::http::CookieJar;
use rocket::response::{Flash, Redirect};
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::{CurrentUser, csrf, session};
use crate::config::AppConfig;
use crate::domain::fields::FieldErrors;
use crate::error::{AppError, SplitInvalid};
use crate::format;
use crate::routes::context::Ctx;
use crate::routes::{ClientAddr, safe_next, url_encoded};
use crate::services::audit::Actor;
use crate::services::users::{self, LoginRefused, NewUser};
use crate::tools::demo::{DEMO_LOGINS, DEMO_PASSWORD};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![login_page, login, logout, register_page, register]
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

#[get("/login?<next>")]
fn login_page(
    layout: Layout,
    ctx: Ctx<'_>,
    user: Option<CurrentUser>,
    next: Option<&str>,
) -> Reply {
    if user.is_some() {
        return Reply::Redirect(Redirect::to(safe_next(next).unwrap_or_else(|| "/".into())));
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
    client: ClientAddr,
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
    match users::authenticate(ctx.db, ctx.clock, &form.email, &form.password, &client.0).await? {
        Ok(account) => {
            session::start(
                cookies,
                account.id,
                account.session_epoch,
                ctx.now(),
                ctx.config.secure_cookies,
            );
            csrf::rotate(cookies);
            let to = next.unwrap_or_else(|| "/".into());
            Ok(Reply::Flash(Flash::success(
                Redirect::to(to),
                format!("Signed in as {}", account.name),
            )))
        }
        Err(refused) => {
            let message = match refused {
                LoginRefused::Invalid => "Email address or password is not right".to_owned(),
                LoginRefused::Locked(until) => format!(
                    "This account is locked for 15 minutes after 5 failed sign-ins. Try again after {}",
                    format::datetime(until, tz)
                ),
                LoginRefused::Throttled(until) => format!(
                    "Too many failed sign-ins from your network. Try again after {}",
                    format::datetime(until, tz)
                ),
                LoginRefused::Disabled => {
                    "This account has been disabled. Contact the council's grants team".to_owned()
                }
            };
            view.add_error("email", &message);
            Ok(Reply::invalid(login_page_for(
                layout, ctx.config, view, next,
            )))
        }
    }
}

#[post("/logout")]
fn logout(cookies: &CookieJar<'_>) -> Flash<Redirect> {
    session::end(cookies);
    csrf::rotate(cookies);
    Flash::success(Redirect::to("/"), "You have signed out")
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
    cookies: &CookieJar<'_>,
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
        users::create(ctx.db, ctx.clock, &Actor::anonymous(&client.0), input).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result.split_invalid()? {
        Ok(account) => {
            session::start(
                cookies,
                account.id,
                account.session_epoch,
                ctx.now(),
                ctx.config.secure_cookies,
            );
            csrf::rotate(cookies);
            Ok(Reply::done(
                next.unwrap_or_else(|| "/account".into()),
                "Your account has been created and you are signed in",
            ))
        }
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
