//! "Forgot your password?": asking for a link, and choosing a new password with it.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::domain::email::Email;
use crate::error::{AppError, SplitInvalid};
use crate::routes::ClientAddr;
use crate::routes::context::Ctx;
use crate::services::password_reset::{self, LinkProblem};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![forgot_page, forgot, reset_page, reset]
}

#[derive(Serialize)]
struct ForgotPage {
    layout: Layout,
    form: FormView,
    sent: bool,
}

fn forgot_template(layout: Layout, form: FormView, sent: bool) -> Template {
    let title = if sent {
        "Check your email"
    } else {
        "Reset your password"
    };
    Template::render(
        "auth/forgot",
        ForgotPage {
            layout: layout.titled(title, Some(&form)),
            form,
            sent,
        },
    )
}

#[get("/password/forgot")]
fn forgot_page(layout: Layout) -> Template {
    forgot_template(layout, FormView::new(&["email"]), false)
}

#[derive(FromForm)]
struct ForgotForm {
    email: Option<String>,
}

#[post("/password/forgot", data = "<form>")]
async fn forgot(
    layout: Layout,
    ctx: Ctx<'_>,
    client: ClientAddr,
    form: Form<ForgotForm>,
) -> Result<Reply, AppError> {
    let typed = form.email.clone().unwrap_or_default();
    let email = match Email::parse(&typed) {
        Ok(email) => email,
        Err(message) => {
            let mut view = FormView::new(&["email"]).with("email", typed);
            view.add_error("email", message);
            return Ok(Reply::invalid(forgot_template(layout, view, false)));
        }
    };
    password_reset::request(ctx.db, ctx.clock, ctx.notifier, &email, &client.0).await?;
    // The same page whether or not the address has an account.
    let view = FormView::new(&["email"]).with("email", email.as_str());
    Ok(Reply::Page(forgot_template(layout, view, true)))
}

#[derive(Serialize)]
struct ResetPage {
    layout: Layout,
    form: FormView,
    token: String,
    email: String,
}

#[derive(Serialize)]
struct LinkProblemPage {
    layout: Layout,
    expired: bool,
    used: bool,
}

fn problem_page(layout: Layout, problem: LinkProblem) -> Reply {
    let status = match problem {
        LinkProblem::Unknown => Status::NotFound,
        LinkProblem::Expired | LinkProblem::Used => Status::Gone,
    };
    Reply::Invalid((
        status,
        Template::render(
            "auth/reset_link",
            LinkProblemPage {
                layout: layout.titled("This link cannot be used", None),
                expired: problem == LinkProblem::Expired,
                used: problem == LinkProblem::Used,
            },
        ),
    ))
}

const RESET_FIELDS: &[&str] = &["password", "confirm_password"];

fn reset_template(layout: Layout, form: FormView, token: &str, email: String) -> Template {
    Template::render(
        "auth/reset",
        ResetPage {
            layout: layout.titled("Choose a new password", Some(&form)),
            form,
            token: token.to_owned(),
            email,
        },
    )
}

#[get("/password/reset/<token>")]
async fn reset_page(layout: Layout, ctx: Ctx<'_>, token: &str) -> Result<Reply, AppError> {
    Ok(
        match password_reset::check(ctx.db, ctx.clock, token).await? {
            Ok(account) => Reply::Page(reset_template(
                layout,
                FormView::new(RESET_FIELDS),
                token,
                account.email,
            )),
            Err(problem) => problem_page(layout, problem),
        },
    )
}

#[derive(FromForm)]
struct ResetForm {
    password: Option<String>,
    confirm_password: Option<String>,
}

#[post("/password/reset/<token>", data = "<form>")]
async fn reset(
    layout: Layout,
    ctx: Ctx<'_>,
    token: &str,
    form: Form<ResetForm>,
) -> Result<Reply, AppError> {
    let new_password = form.password.clone().unwrap_or_default();
    let confirm = form.confirm_password.clone().unwrap_or_default();
    match password_reset::reset(ctx.db, ctx.clock, token, &new_password, &confirm)
        .await
        .split_invalid()?
    {
        Ok(Ok(_)) => Ok(Reply::done(
            "/login",
            "Your password has been changed and every session signed out. Sign in with your new password",
        )),
        Ok(Err(problem)) => Ok(problem_page(layout, problem)),
        Err(errors) => {
            let email = match password_reset::check(ctx.db, ctx.clock, token).await? {
                Ok(account) => account.email,
                Err(problem) => return Ok(problem_page(layout, problem)),
            };
            let view = FormView::new(RESET_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(reset_template(layout, view, token, email)))
        }
    }
}
