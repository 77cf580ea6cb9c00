//! The signed-in user's own account: details and changing the password.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::http::CookieJar;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::{CurrentUser, session};
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::users;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![account_page, change_password]
}

const PASSWORD_FIELDS: &[&str] = &["current_password", "new_password", "confirm_password"];

#[derive(Serialize)]
struct AccountPage {
    layout: Layout,
    form: FormView,
}

fn page(layout: Layout, form: FormView) -> Template {
    Template::render(
        "account/index",
        AccountPage {
            layout: layout.titled("Your account", Some(&form)),
            form,
        },
    )
}

#[get("/account")]
fn account_page(_user: CurrentUser, layout: Layout) -> Template {
    page(layout, FormView::new(PASSWORD_FIELDS))
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
    cookies: &CookieJar<'_>,
) -> Result<Reply, AppError> {
    let result = users::change_password(
        ctx.db,
        ctx.clock,
        user.id,
        &form.current_password,
        &form.new_password,
        &form.confirm_password,
    )
    .await;
    match result.split_invalid()? {
        Ok(epoch) => {
            // This browser stays signed in; every other session ends.
            session::start(
                cookies,
                user.id,
                epoch,
                ctx.now(),
                ctx.config.secure_cookies,
            );
            Ok(Reply::done(
                "/account",
                "Your password has been changed. You have been signed out everywhere else",
            ))
        }
        Err(errors) => {
            // Passwords are never sent back to the browser.
            Ok(Reply::invalid(page(
                layout,
                FormView::new(PASSWORD_FIELDS).with_errors(&errors),
            )))
        }
    }
}
