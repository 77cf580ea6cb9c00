//! The signed-in user's own account: details and changing the password.

use rocket::form::{Form, FromForm};
use rocket::http::CookieJar;
use rocket::{Route, State, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::{CurrentUser, session};
use crate::clock::Clock;
use crate::config::AppConfig;
use crate::error::AppError;
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
    config: &State<AppConfig>,
    db: &State<DatabaseConnection>,
    clock: &State<Clock>,
    cookies: &CookieJar<'_>,
) -> Result<Reply, AppError> {
    let result = users::change_password(
        db,
        clock,
        user.id,
        &form.current_password,
        &form.new_password,
        &form.confirm_password,
    )
    .await;
    match result {
        Ok(epoch) => {
            // This browser stays signed in; every other session ends.
            session::start(cookies, user.id, epoch, clock.now(), config.secure_cookies);
            Ok(Reply::done(
                "/account",
                "Your password has been changed. You have been signed out everywhere else",
            ))
        }
        Err(AppError::Invalid(errors)) => {
            // Passwords are never sent back to the browser.
            Ok(Reply::invalid(page(
                layout,
                FormView::new(PASSWORD_FIELDS).with_errors(&errors),
            )))
        }
        Err(other) => Err(other),
    }
}
