//! Invitations to join an organisation: the owner sends and withdraws them from the
//! organisation's page; the invited person follows the emailed link and accepts or
//! declines while signed in with the address invited.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::{Applicant, CurrentUser};
use crate::domain::invitation::Standing;
use crate::error::{AppError, SplitInvalid};
use crate::format;
use crate::routes::context::Ctx;
use crate::routes::form::Form;
use crate::routes::organisations::{SHOW_FIELDS, show_page};
use crate::routes::url_encoded;
use crate::services::audit::Actor;
use crate::services::invitations::{self, Answered, Link, Viewer};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![invite, withdraw, link_page, accept, decline]
}

#[derive(FromForm)]
struct InviteForm {
    email: Option<String>,
}

#[post("/organisations/<id>/invitations", data = "<form>")]
async fn invite(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<InviteForm>,
) -> Result<Reply, AppError> {
    let typed = form.email.clone().unwrap_or_default();
    match invitations::invite(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &Actor::user(&user),
        user.id,
        id,
        &typed,
    )
    .await
    .split_invalid()?
    {
        // The same words whether or not the address has an account.
        Ok(invited) => Ok(Reply::done(
            format!("/organisations/{id}"),
            format!(
                "We have emailed an invitation to {}. They will be shown as a member once they accept it",
                invited.email
            ),
        )),
        Err(errors) => {
            let view = FormView::new(SHOW_FIELDS)
                .with("email", typed)
                .with_errors(&errors);
            Ok(Reply::invalid(
                show_page(ctx, layout, user.id, id, view).await?,
            ))
        }
    }
}

#[post("/organisations/<id>/invitations/<invitation>/withdraw")]
async fn withdraw(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    invitation: i32,
) -> Result<Reply, AppError> {
    match invitations::withdraw(
        ctx.db,
        ctx.clock,
        &Actor::user(&user),
        user.id,
        id,
        invitation,
    )
    .await
    .split_invalid()?
    {
        Ok(email) => Ok(Reply::done(
            format!("/organisations/{id}"),
            format!("The invitation to {email} has been withdrawn: its link no longer works"),
        )),
        Err(errors) => {
            let view = FormView::new(SHOW_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(
                show_page(ctx, layout, user.id, id, view).await?,
            ))
        }
    }
}

#[derive(Serialize)]
struct LinkPage {
    layout: Layout,
    token: String,
    organisation: String,
    inviter: Option<String>,
    expires: String,
    signed_in: bool,
    /// This page's path, encoded for a query, for signing in or registering and
    /// coming back.
    next: String,
}

#[derive(Serialize)]
struct ProblemPage {
    layout: Layout,
    heading: &'static str,
    message: String,
    /// The signed-in account's address, when it is not the one invited.
    account_email: Option<String>,
}

fn problem_page(layout: Layout, link: &Link, account_email: Option<&str>) -> Reply {
    let (status, heading, message) = match link {
        Link::Unknown | Link::Open { .. } => (
            Status::NotFound,
            "This invitation link is not valid",
            "Check that you copied the whole link from the email. If it still does not work, ask the organisation to invite you again".to_owned(),
        ),
        Link::Closed(standing) => (
            Status::Gone,
            match standing {
                Standing::Expired => "This invitation has expired",
                _ => "This invitation cannot be used",
            },
            standing.problem().unwrap_or_default().to_owned(),
        ),
        Link::WrongAccount => (
            Status::Forbidden,
            "This invitation is for a different email address",
            format!(
                "You are signed in as {}, but the invitation was sent to another email address. Sign out, then sign in with the account for the address the invitation was sent to (or create one). Or ask the organisation to invite {} instead",
                account_email.unwrap_or_default(),
                account_email.unwrap_or_default(),
            ),
        ),
    };
    Reply::Invalid((
        status,
        Template::render(
            "invitations/problem",
            ProblemPage {
                layout: layout.titled(heading, None),
                heading,
                message,
                account_email: account_email.map(str::to_owned),
            },
        ),
    ))
}

#[get("/invitations/<token>")]
async fn link_page(
    user: Option<CurrentUser>,
    layout: Layout,
    ctx: Ctx<'_>,
    token: &str,
) -> Result<Reply, AppError> {
    let viewer = user.as_ref().map(|u| Viewer {
        user_id: u.id,
        email: &u.email,
    });
    let link = invitations::check(ctx.db, ctx.clock, token, viewer).await?;
    let Link::Open {
        organisation,
        inviter,
        expires_at,
    } = link
    else {
        return Ok(problem_page(
            layout,
            &link,
            user.as_ref().map(|u| u.email.as_str()),
        ));
    };
    let next = url_encoded(&format!("/invitations/{token}"));
    let title = format!("Join {organisation}");
    Ok(Reply::Page(Template::render(
        "invitations/show",
        LinkPage {
            layout: layout.titled(&title, None),
            token: token.to_owned(),
            organisation,
            inviter,
            expires: format::datetime(expires_at, ctx.tz),
            signed_in: user.is_some(),
            next,
        },
    )))
}

async fn answer(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    token: &str,
    accept: bool,
) -> Result<Reply, AppError> {
    let viewer = Viewer {
        user_id: user.id,
        email: &user.email,
    };
    match invitations::answer(
        ctx.db,
        ctx.clock,
        &Actor::user(&user),
        token,
        viewer,
        accept,
    )
    .await?
    {
        Answered::Done {
            organisation_id,
            name,
        } if accept => Ok(Reply::done(
            format!("/organisations/{organisation_id}"),
            format!("You are now a member of {name}"),
        )),
        Answered::Done { name, .. } => Ok(Reply::done(
            "/organisations",
            format!("You have declined the invitation to join {name}"),
        )),
        Answered::Refused(link) => Ok(problem_page(layout, &link, Some(&user.email))),
    }
}

#[post("/invitations/<token>/accept")]
async fn accept(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    token: &str,
) -> Result<Reply, AppError> {
    answer(user, layout, ctx, token, true).await
}

#[post("/invitations/<token>/decline")]
async fn decline(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    token: &str,
) -> Result<Reply, AppError> {
    answer(user, layout, ctx, token, false).await
}
