//! Officers' page for a round's panel: its members, the number of reviews each
//! application needs, the allocation, declared conflicts, and reopening a review.

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use entity::funding_round;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Officer;
use crate::domain::deal::paragraphs;
use crate::domain::review::Recommendation;
use crate::error::{AppError, SplitInvalid};
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::panel::officer::{self, Overview, SubmittedRow};
use crate::services::rounds;
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![
        panel_page,
        add_member,
        remove_member,
        reviews_needed,
        allocate,
        reopen_page,
        reopen
    ]
}

/// The page's fields; `remove` and `allocate` hold refusals of those buttons.
const FIELDS: &[&str] = &["user_id", "remove", "reviews_needed", "allocate"];

#[derive(Serialize)]
struct MemberView {
    id: i32,
    name: String,
    email: String,
    assigned: usize,
    declared: usize,
    submitted: usize,
    /// Members with submitted reviews stay: the page says why instead of a button.
    removable: bool,
}

#[derive(Serialize)]
struct CandidateView {
    id: i32,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct SubmittedView {
    id: i32,
    reference: String,
    title: String,
    reviewer: String,
    recommendation: &'static str,
    submitted_at: Option<DateTime<Utc>>,
}

impl From<SubmittedRow> for SubmittedView {
    fn from(row: SubmittedRow) -> Self {
        SubmittedView {
            id: row.review.id,
            recommendation: row
                .review
                .recommendation
                .as_deref()
                .and_then(Recommendation::parse)
                .map_or("None", Recommendation::label),
            submitted_at: row.review.submitted_at,
            reference: row.reference,
            title: row.title,
            reviewer: row.reviewer,
        }
    }
}

#[derive(Serialize)]
struct ConflictView {
    reference: String,
    reviewer: String,
    nature: String,
}

#[derive(Serialize)]
struct PanelPage {
    layout: Layout,
    round_name: String,
    round_slug: String,
    reviews_needed: i32,
    members: Vec<MemberView>,
    candidates: Vec<CandidateView>,
    eligible: usize,
    short: usize,
    submitted: Vec<SubmittedView>,
    conflicts: Vec<ConflictView>,
    form: FormView,
}

fn render(layout: Layout, round: funding_round::Model, o: Overview, form: FormView) -> Template {
    let chosen = form.fields.get("user_id").map(|f| f.value.clone());
    let page = PanelPage {
        layout: layout.titled(&format!("Panel for {}", round.name), Some(&form)),
        members: o
            .members
            .into_iter()
            .map(|m| MemberView {
                id: m.user.id,
                name: m.user.name,
                email: m.user.email,
                assigned: m.assigned,
                declared: m.declared,
                removable: m.submitted == 0,
                submitted: m.submitted,
            })
            .collect(),
        candidates: o
            .candidates
            .into_iter()
            .map(|u| CandidateView {
                selected: chosen.as_deref() == Some(u.id.to_string().as_str()),
                id: u.id,
                label: format!("{} ({})", u.name, u.email),
            })
            .collect(),
        eligible: o.eligible,
        short: o.short,
        submitted: o.submitted.into_iter().map(SubmittedView::from).collect(),
        conflicts: o
            .conflicts
            .into_iter()
            .map(|(reference, reviewer, nature)| ConflictView {
                reference,
                reviewer,
                nature,
            })
            .collect(),
        reviews_needed: round.reviews_needed,
        round_name: round.name,
        round_slug: round.slug,
        form,
    };
    Template::render("officer/panel/show", page)
}

/// The form as the page shows it at first.
fn blank(round: &funding_round::Model) -> FormView {
    FormView::new(FIELDS).with("reviews_needed", round.reviews_needed.to_string())
}

#[get("/officer/rounds/<slug>/panel")]
async fn panel_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Template, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let overview = officer::overview(ctx.db, &round).await?;
    let form = blank(&round);
    Ok(render(layout, round, overview, form))
}

/// Every form on the page: whichever fields it has.
#[derive(FromForm)]
struct PanelForm {
    user_id: Option<String>,
    reviews_needed: Option<String>,
}

/// What the handlers share: after a change, back to the page with a message, or
/// the page again (422) with the refusal beside its field and the values typed.
async fn finish<T>(
    layout: Layout,
    db: &DatabaseConnection,
    round: funding_round::Model,
    outcome: Result<T, AppError>,
    typed: FormView,
    message: impl FnOnce(T) -> String,
) -> Result<Reply, AppError> {
    match outcome.split_invalid()? {
        Ok(done) => Ok(Reply::done(
            format!("/officer/rounds/{}/panel", round.slug),
            message(done),
        )),
        Err(errors) => {
            let round = rounds::by_id(db, round.id).await?;
            let overview = officer::overview(db, &round).await?;
            Ok(Reply::invalid(render(
                layout,
                round,
                overview,
                typed.with_errors(&errors),
            )))
        }
    }
}

#[post("/officer/rounds/<slug>/panel-members", data = "<form>")]
async fn add_member(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<PanelForm>,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let typed = form.user_id.clone().unwrap_or_default();
    let actor = Actor::user(&officer);
    let outcome =
        officer::add_member(ctx.db, ctx.clock, ctx.notifier, &actor, round.id, &typed).await;
    let view = blank(&round).with("user_id", typed);
    finish(layout, ctx.db, round, outcome, view, |u| {
        format!("{} is on the panel", u.name)
    })
    .await
}

#[post("/officer/rounds/<slug>/panel-remove", data = "<form>")]
async fn remove_member(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<PanelForm>,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let user_id: i32 = form
        .user_id
        .as_deref()
        .and_then(|id| id.trim().parse().ok())
        .ok_or(AppError::NotFound)?;
    let outcome =
        officer::remove_member(ctx.db, ctx.clock, &Actor::user(&officer), round.id, user_id).await;
    let view = blank(&round);
    finish(layout, ctx.db, round, outcome, view, |u| {
        format!("{} is no longer on the panel", u.name)
    })
    .await
}

#[post("/officer/rounds/<slug>/reviews-needed", data = "<form>")]
async fn reviews_needed(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
    form: Form<PanelForm>,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let typed = form.reviews_needed.clone().unwrap_or_default();
    let outcome =
        officer::set_reviews_needed(ctx.db, ctx.clock, &Actor::user(&officer), round.id, &typed)
            .await;
    let view = FormView::new(FIELDS).with("reviews_needed", typed);
    finish(layout, ctx.db, round, outcome, view, |n| {
        format!("Each application now needs {n} reviews")
    })
    .await
}

#[post("/officer/rounds/<slug>/allocate")]
async fn allocate(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    slug: &str,
) -> Result<Reply, AppError> {
    let round = rounds::by_slug(ctx.db, slug).await?;
    let outcome = officer::allocate(ctx.db, ctx.clock, &Actor::user(&officer), round.id).await;
    let view = blank(&round);
    finish(layout, ctx.db, round, outcome, view, |n| match n {
        0 => "Every application already has its reviewers: nothing to add".to_owned(),
        1 => "1 new assignment made".to_owned(),
        n => format!("{n} new assignments made"),
    })
    .await
}

#[derive(Serialize)]
struct ReopenPage {
    layout: Layout,
    review: SubmittedView,
    round_slug: String,
    overall_comment: Vec<String>,
    form: FormView,
}

fn reopen_render(layout: Layout, row: SubmittedRow, form: FormView) -> Template {
    let overall_comment = paragraphs(&row.review.overall_comment);
    let title = format!("Reopen {}'s review of {}", row.reviewer, row.reference);
    Template::render(
        "officer/panel/reopen",
        ReopenPage {
            layout: layout.titled(&title, Some(&form)),
            round_slug: row.round_slug.clone(),
            review: SubmittedView::from(row),
            overall_comment,
            form,
        },
    )
}

#[get("/officer/reviews/<id>/reopen")]
async fn reopen_page(
    _officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let row = officer::submitted_review(ctx.db, id).await?;
    Ok(reopen_render(layout, row, FormView::new(&["reason"])))
}

#[derive(FromForm)]
struct ReopenForm {
    reason: Option<String>,
}

#[post("/officer/reviews/<id>/reopen", data = "<form>")]
async fn reopen(
    officer: Officer,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ReopenForm>,
) -> Result<Reply, AppError> {
    // 404 for a review that is not submitted, before anything else.
    let row = officer::submitted_review(ctx.db, id).await?;
    let reason = form.reason.clone().unwrap_or_default();
    match officer::reopen(
        ctx.db,
        ctx.clock,
        ctx.notifier,
        &Actor::user(&officer),
        id,
        &reason,
    )
    .await
    .split_invalid()?
    {
        Ok(_) => Ok(Reply::done(
            format!("/officer/rounds/{}/panel", row.round_slug),
            format!(
                "{}'s review of {} is reopened: they can change it and submit it again",
                row.reviewer, row.reference
            ),
        )),
        Err(errors) => {
            let typed = FormView::new(&["reason"])
                .with("reason", reason)
                .with_errors(&errors);
            Ok(Reply::invalid(reopen_render(layout, row, typed)))
        }
    }
}
