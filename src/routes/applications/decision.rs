//! The applicant's decision page: the outcome and feedback, and for an award the
//! offer, to accept (agreeing to the terms) or refuse.

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use rocket::form::FromForm;
use rocket::http::Status as HttpStatus;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Applicant;
use crate::domain::application::StatusRules;
use crate::domain::award::{AwardStatus, AwardStatusRules, Outcome};
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::decisions::DecisionError;
use crate::services::decisions::respond::{self, Answer, Answered, ApplicantView};
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![show, accept, refuse_page, refuse]
}

/// The fields of the accept form; `respond` holds a refusal that belongs to no one field.
const FIELDS: &[&str] = &["respond", "agree", "name"];

#[derive(Serialize)]
struct DecisionView {
    outcome: &'static str,
    is_award: bool,
    is_reserve: bool,
    is_decline: bool,
    reason: String,
    feedback: String,
    conditions: String,
}

#[derive(Serialize)]
struct AwardView {
    amount: i64,
    conditions: String,
    status_label: &'static str,
    offered: bool,
    accepted: bool,
    refused: bool,
    accepted_by_name: Option<String>,
    responded_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct DecisionPage {
    layout: Layout,
    key: String,
    reference: String,
    title: String,
    requested: i64,
    status_label: &'static str,
    decision: Option<DecisionView>,
    award: Option<AwardView>,
    form: FormView,
}

fn page(layout: Layout, found: ApplicantView, form: FormView) -> Template {
    let app = found.application;
    let decision = found.decision.map(|d| {
        let outcome = Outcome::parse(&d.outcome);
        DecisionView {
            outcome: outcome.map_or("Decided", Outcome::label),
            is_award: outcome == Some(Outcome::Award),
            is_reserve: outcome == Some(Outcome::Reserve),
            is_decline: outcome == Some(Outcome::Decline),
            reason: d.reason,
            feedback: d.feedback,
            conditions: d.conditions,
        }
    });
    let award = found.award.map(|a| {
        let status = a.status;
        AwardView {
            amount: a.amount_pence,
            conditions: a.conditions,
            status_label: status.label(),
            offered: status == AwardStatus::Offered,
            accepted: status == AwardStatus::Accepted,
            refused: status == AwardStatus::Refused,
            accepted_by_name: a.accepted_by_name,
            responded_at: a.responded_at,
        }
    });
    Template::render(
        "applications/decision/show",
        DecisionPage {
            layout: layout.titled("Decision on your application", Some(&form)),
            key: crate::format::application_key(&app),
            reference: app.reference.clone().unwrap_or_default(),
            status_label: app.status.label(),
            requested: app.requested_pence,
            title: app.title,
            decision,
            award,
            form,
        },
    )
}

#[get("/applications/<key>/decision")]
async fn show(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let found = respond::for_applicant(ctx.db, user.id, key).await?;
    Ok(page(layout, found, FormView::new(FIELDS)))
}

#[derive(FromForm)]
struct AcceptForm {
    agree: bool,
    name: Option<String>,
}

/// What the accept and refuse handlers do with the service's answer.
async fn reply(
    db: &DatabaseConnection,
    layout: Layout,
    user_id: i32,
    key: &str,
    result: Result<Answered, DecisionError>,
    typed: FormView,
) -> Result<Reply, AppError> {
    let to = format!("/applications/{key}/decision");
    match result {
        Ok(Answered::Accepted) => Ok(Reply::done(
            to,
            "You have accepted the grant. Thank you: the council will be in touch about payment",
        )),
        Ok(Answered::Refused) => Ok(Reply::done(to, "You have refused the grant")),
        Ok(Answered::AlreadyAccepted) => Ok(Reply::done(
            to,
            "You had already accepted this grant: nothing has changed",
        )),
        Ok(Answered::AlreadyRefused) => Ok(Reply::done(
            to,
            "You had already refused this grant: nothing has changed",
        )),
        Err(DecisionError::Invalid(errors)) => {
            let found = respond::for_applicant(db, user_id, key).await?;
            Ok(Reply::invalid(page(
                layout,
                found,
                typed.with_errors(&errors),
            )))
        }
        Err(DecisionError::Refused(message)) => {
            let found = respond::for_applicant(db, user_id, key).await?;
            let mut form = FormView::new(FIELDS);
            form.add_error("respond", &message);
            Ok(Reply::Invalid((
                HttpStatus::Conflict,
                page(layout, found, form),
            )))
        }
        Err(DecisionError::App(error)) => Err(error),
    }
}

#[post("/applications/<key>/decision/accept", data = "<form>")]
async fn accept(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
    form: Form<AcceptForm>,
) -> Result<Reply, AppError> {
    let name = form.name.clone().unwrap_or_default();
    let typed = FormView::new(FIELDS)
        .with("name", &name)
        .with("agree", if form.agree { "yes" } else { "" });
    let answer = Answer::Accept {
        agree: form.agree,
        name,
    };
    let result = respond::respond(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &Actor::user(&user),
        user.id,
        key,
        &answer,
    )
    .await;
    reply(ctx.db, layout, user.id, key, result, typed).await
}

#[derive(Serialize)]
struct RefusePage {
    layout: Layout,
    key: String,
    reference: String,
    amount: i64,
}

#[get("/applications/<key>/decision/refuse")]
async fn refuse_page(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Template, AppError> {
    let found = respond::for_applicant(ctx.db, user.id, key).await?;
    let award = found.award.ok_or(AppError::NotFound)?;
    Ok(Template::render(
        "applications/decision/refuse",
        RefusePage {
            layout: layout.titled("Refuse the grant", None),
            key: crate::format::application_key(&found.application),
            reference: found.application.reference.unwrap_or_default(),
            amount: award.amount_pence,
        },
    ))
}

#[post("/applications/<key>/decision/refuse")]
async fn refuse(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    key: &str,
) -> Result<Reply, AppError> {
    let result = respond::respond(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &Actor::user(&user),
        user.id,
        key,
        &Answer::Refuse,
    )
    .await;
    reply(ctx.db, layout, user.id, key, result, FormView::new(FIELDS)).await
}
