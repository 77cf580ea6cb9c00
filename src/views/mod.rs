//! What every page needs (the layout context) and the handlebars helpers.

pub mod chart;
pub mod form;
pub mod helpers;
pub mod templates;

use entity::user::Role;
use rocket::http::Status;
use rocket::request::{FlashMessage, FromRequest, Outcome, Request};
use rocket::response::{Flash, Redirect};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::{CurrentUser, csrf};
use crate::config::AppConfig;
use crate::format::role_name;

pub use form::FormView;

/// The signed-in user as pages show them.
#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: &'static str,
}

/// A link in the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// A one-off message carried across a redirect.
#[derive(Debug, Clone, Serialize)]
pub struct FlashView {
    /// `success` or `error`.
    pub kind: String,
    pub message: String,
}

/// The context of the base layout: every page's template receives it as `layout`.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub council_name: String,
    pub demo: bool,
    pub user: Option<UserView>,
    pub nav: Vec<NavLink>,
    pub flash: Option<FlashView>,
    pub csrf: String,
    pub title: String,
}

impl Layout {
    /// Sets the page title, prefixed with "Error: " when the form has errors.
    pub fn titled(mut self, title: &str, form: Option<&FormView>) -> Self {
        let error = form.is_some_and(FormView::has_errors);
        self.title = format!(
            "{}{} - {}",
            if error { "Error: " } else { "" },
            title,
            self.council_name
        );
        self
    }
}

fn nav_for(user: Option<&CurrentUser>, path: &str) -> Vec<NavLink> {
    let mut links: Vec<(&'static str, &'static str)> = vec![
        ("/", "Home"),
        ("/deal", "The Deal"),
        ("/rounds", "Funding rounds"),
    ];
    match user {
        None => {
            links.push(("/login", "Sign in"));
            links.push(("/register", "Create an account"));
        }
        Some(user) => {
            if user.has(Role::Panel) {
                links.push(("/panel", "Your reviews"));
            }
            if user.has(Role::Officer) {
                links.push(("/officer", "Manage"));
            }
            if user.has(Role::Admin) {
                links.push(("/admin/users", "Users"));
                links.push(("/admin/audit", "Audit log"));
                links.push(("/admin/outbox", "Outbox"));
                links.push(("/admin/settings", "Settings"));
            }
            links.push(("/applications", "Your applications"));
            links.push(("/organisations", "Your organisations"));
            links.push(("/account", "Your account"));
        }
    }
    links
        .into_iter()
        .map(|(href, label)| NavLink {
            href,
            label,
            current: if href == "/" {
                path == "/"
            } else {
                path.starts_with(href)
            },
        })
        .collect()
}

/// Whether a layout carries a CSRF token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    Always,
    /// Only for a visitor who is signed in or has a message waiting.
    WhenNeeded,
}

async fn layout(req: &Request<'_>, token: Token) -> Outcome<Layout, ()> {
    let Some(config) = req.rocket().state::<AppConfig>() else {
        return Outcome::Error((Status::InternalServerError, ()));
    };
    let user = req.guard::<CurrentUser>().await.succeeded();
    let flash = req
        .guard::<Option<FlashMessage<'_>>>()
        .await
        .succeeded()
        .flatten();
    let path = req.uri().path().as_str().to_owned();
    let csrf = if token == Token::Always || user.is_some() || flash.is_some() {
        csrf::token(req.cookies())
    } else {
        String::new()
    };
    Outcome::Success(Layout {
        council_name: config.council_name.clone(),
        demo: config.demo,
        nav: nav_for(user.as_ref(), &path),
        user: user.map(|u| UserView {
            id: u.id,
            name: u.name,
            email: u.email,
            role: role_name(u.role),
        }),
        flash: flash.map(|f| FlashView {
            kind: f.kind().to_owned(),
            message: f.message().to_owned(),
        }),
        csrf,
        title: config.council_name.clone(),
    })
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Layout {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        layout(req, Token::Always).await
    }
}

/// The layout of a page made only of published data (see
/// `routes::public::Published`). Such a page has no form for a visitor who is not
/// signed in, so that visitor is given no CSRF token and the page sets no cookie: a
/// shared cache may keep it, and the server does not mint and encrypt a token that is
/// never used. A signed-in user (who has the sign-out form) gets the full layout.
pub struct PublicLayout(pub Layout);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PublicLayout {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        layout(req, Token::WhenNeeded).await.map(PublicLayout)
    }
}

/// What a page handler answers: a page, the same page again with errors, or a redirect.
#[derive(rocket::Responder)]
pub enum Reply {
    Page(Template),
    Invalid((Status, Template)),
    Redirect(Redirect),
    Flash(Flash<Redirect>),
}

impl Reply {
    /// The page again, with status 422, because the form had errors.
    pub fn invalid(template: Template) -> Self {
        Reply::Invalid((Status::UnprocessableEntity, template))
    }

    /// A 303 redirect with a success message.
    pub fn done(to: impl Into<String>, message: impl Into<String>) -> Self {
        Reply::Flash(Flash::success(Redirect::to(to.into()), message.into()))
    }
}
