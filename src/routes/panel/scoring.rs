//! The scoring page: the application as submitted, read-only, then the review
//! form (a score and comment per criterion, a recommendation and an overall
//! comment), saved as a draft or submitted. Once submitted it is read-only and
//! shows the other submitted reviews.

use std::collections::HashMap;

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use rocket::form::FromForm;
use rocket::http::Status as HttpStatus;
use rocket::response::Redirect;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::PanelMember;
use crate::domain::deal::paragraphs;
use crate::domain::review::{DESCRIPTORS, Recommendation, descriptor};
use crate::error::AppError;
use crate::routes::context::Ctx;
use crate::routes::officer::applications::page::{ApplicationBody, body};
use crate::services::audit::Actor;
use crate::services::panel::scoring::{
    self, ReviewInput, SaveError, Scoring, comment_field, score_field, version_of,
};
use crate::services::screening::detail;
use crate::views::{FormView, Layout, Reply};

/// This page's routes.
pub fn routes() -> Vec<Route> {
    routes![scoring_page, save]
}

/// The field that carries refusals of the whole review (stale, already submitted).
const REVIEW: &str = "review";

#[derive(Serialize)]
struct OptionView {
    input_id: String,
    value: String,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct CriterionView {
    title: String,
    guidance: Vec<String>,
    weight: i32,
    score_name: String,
    score_id: String,
    comment_name: String,
    comment_id: String,
    options: Vec<OptionView>,
    error: Option<String>,
    comment: String,
    comment_error: Option<String>,
    /// The saved score in words, for the read-only page.
    shown: String,
    shown_comment: Vec<String>,
}

#[derive(Serialize)]
struct OtherScore {
    title: String,
    score: String,
    comment: Vec<String>,
}

#[derive(Serialize)]
struct OtherView {
    reviewer: String,
    recommendation: &'static str,
    overall_comment: Vec<String>,
    submitted_at: Option<DateTime<Utc>>,
    scores: Vec<OtherScore>,
}

#[derive(Serialize)]
struct ScoringPage {
    layout: Layout,
    #[serde(flatten)]
    body: ApplicationBody,
    round_name: String,
    round_slug: String,
    reference: String,
    /// True when the form is shown: a draft of an application still open for review.
    editable: bool,
    submitted: bool,
    submitted_at: Option<DateTime<Utc>>,
    reopened_reason: Option<Vec<String>>,
    version: String,
    criteria: Vec<CriterionView>,
    recommendations: Vec<OptionView>,
    recommendation_shown: &'static str,
    overall_comment: String,
    overall_shown: Vec<String>,
    others: Vec<OtherView>,
    form: FormView,
}

fn score_text(score: Option<i32>) -> String {
    score.map_or_else(
        || "Not scored".to_owned(),
        |s| format!("{s}: {}", descriptor(s)),
    )
}

/// The form as saved, for a page opened afresh.
fn saved_form(s: &Scoring) -> FormView {
    let mut form = FormView::new(&[REVIEW, "recommendation", "overall_comment"]);
    if let Some(r) = &s.mine {
        form = form
            .with(
                "recommendation",
                r.recommendation.clone().unwrap_or_default(),
            )
            .with("overall_comment", r.overall_comment.clone());
    }
    for c in &s.criteria {
        let saved = s.my_scores.get(&c.id);
        form = form
            .with(
                &score_field(c.id),
                saved
                    .and_then(|x| x.score)
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
            )
            .with(
                &comment_field(c.id),
                saved.map(|x| x.comment.clone()).unwrap_or_default(),
            );
    }
    form
}

async fn render(
    db: &DatabaseConnection,
    layout: Layout,
    s: Scoring,
    form: FormView,
    version: String,
) -> Result<Template, AppError> {
    let detail = detail::load(db, s.access.application.id).await?;
    let submitted = s.submitted();
    let editable = s.access.open && !submitted;
    let field = |name: &str| form.fields.get(name).cloned().unwrap_or_default();
    let criteria = s
        .criteria
        .iter()
        .map(|c| {
            let score = field(&score_field(c.id));
            let comment = field(&comment_field(c.id));
            let saved = s.my_scores.get(&c.id);
            CriterionView {
                title: c.title.clone(),
                guidance: paragraphs(&c.guidance),
                weight: c.weight,
                score_name: format!("score[{}]", c.id),
                score_id: score_field(c.id),
                comment_name: format!("comment[{}]", c.id),
                comment_id: comment_field(c.id),
                options: DESCRIPTORS
                    .iter()
                    .map(|(value, label)| OptionView {
                        // The first button carries the field's id, for the error summary's link.
                        input_id: if *value == 0 {
                            score_field(c.id)
                        } else {
                            format!("{}-{value}", score_field(c.id))
                        },
                        value: value.to_string(),
                        label: format!("{value}: {label}"),
                        checked: score.value.trim() == value.to_string(),
                    })
                    .collect(),
                error: score.error,
                comment: comment.value,
                comment_error: comment.error,
                shown: score_text(saved.and_then(|x| x.score)),
                shown_comment: saved.map(|x| paragraphs(&x.comment)).unwrap_or_default(),
            }
        })
        .collect();
    let chosen = field("recommendation").value;
    let recommendations = Recommendation::ALL
        .iter()
        .map(|r| OptionView {
            input_id: if *r == Recommendation::Fund {
                "recommendation".to_owned()
            } else {
                format!("recommendation-{}", r.as_str())
            },
            value: r.as_str().to_owned(),
            label: r.label().to_owned(),
            checked: chosen.trim() == r.as_str(),
        })
        .collect();
    let criteria_titles: HashMap<i32, String> =
        s.criteria.iter().map(|c| (c.id, c.title.clone())).collect();
    let others = s
        .others
        .iter()
        .map(|o| OtherView {
            reviewer: o.reviewer.clone(),
            recommendation: recommendation_label(o.review.recommendation.as_deref()),
            overall_comment: paragraphs(&o.review.overall_comment),
            submitted_at: o.review.submitted_at,
            scores: s
                .criteria
                .iter()
                .map(|c| {
                    let given = o.scores.get(&c.id);
                    OtherScore {
                        title: criteria_titles.get(&c.id).cloned().unwrap_or_default(),
                        score: score_text(given.and_then(|g| g.score)),
                        comment: given.map(|g| paragraphs(&g.comment)).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    let mine = s.mine.as_ref();
    let reference = s.access.application.reference.clone().unwrap_or_default();
    let title = format!("Review {reference}: {}", s.access.application.title);
    Ok(Template::render(
        "panel/scoring",
        ScoringPage {
            layout: layout.titled(&title, Some(&form)),
            body: body(&detail),
            round_name: s.access.round.name.clone(),
            round_slug: s.access.round.slug.clone(),
            reference,
            editable,
            submitted,
            submitted_at: mine.and_then(|r| r.submitted_at),
            reopened_reason: mine
                .filter(|_| !submitted)
                .and_then(|r| r.reopened_reason.as_deref())
                .map(paragraphs),
            version,
            criteria,
            recommendations,
            recommendation_shown: recommendation_label(
                mine.and_then(|r| r.recommendation.as_deref()),
            ),
            overall_comment: field("overall_comment").value,
            overall_shown: mine
                .map(|r| paragraphs(&r.overall_comment))
                .unwrap_or_default(),
            others,
            form,
        },
    ))
}

fn recommendation_label(stored: Option<&str>) -> &'static str {
    stored
        .and_then(Recommendation::parse)
        .map_or("None given", Recommendation::label)
}

#[get("/panel/applications/<id>")]
async fn scoring_page(
    member: PanelMember,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Reply, AppError> {
    let s = scoring::load(ctx.db, member.id, id).await?;
    if s.access.declared.is_none() {
        return Ok(Reply::Redirect(Redirect::to(format!(
            "/panel/applications/{id}/declare"
        ))));
    }
    let form = saved_form(&s);
    let version = version_of(s.mine.as_ref());
    Ok(Reply::Page(render(ctx.db, layout, s, form, version).await?))
}

#[derive(FromForm)]
struct ReviewForm {
    version: Option<String>,
    action: Option<String>,
    recommendation: Option<String>,
    overall_comment: Option<String>,
    score: HashMap<i32, String>,
    comment: HashMap<i32, String>,
}

impl ReviewForm {
    fn input(&self) -> ReviewInput {
        ReviewInput {
            version: self.version.clone().unwrap_or_default(),
            scores: self.score.clone(),
            comments: self.comment.clone(),
            recommendation: self.recommendation.clone().unwrap_or_default(),
            overall_comment: self.overall_comment.clone().unwrap_or_default(),
        }
    }

    /// Everything typed, to show again.
    fn typed(&self) -> FormView {
        let mut form = FormView::new(&[REVIEW])
            .with(
                "recommendation",
                self.recommendation.clone().unwrap_or_default(),
            )
            .with(
                "overall_comment",
                self.overall_comment.clone().unwrap_or_default(),
            );
        for (id, value) in &self.score {
            form = form.with(&score_field(*id), value.clone());
        }
        for (id, value) in &self.comment {
            form = form.with(&comment_field(*id), value.clone());
        }
        form
    }
}

#[post("/panel/applications/<id>", data = "<form>")]
async fn save(
    member: PanelMember,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<ReviewForm>,
) -> Result<Reply, AppError> {
    let submit = form.action.as_deref() == Some("submit");
    let actor = Actor::user(&member);
    let input = form.input();
    match scoring::save(ctx.db, ctx.clock, &actor, member.id, id, &input, submit).await {
        Ok(_) if submit => Ok(Reply::done(
            format!("/panel/applications/{id}"),
            "Your review is submitted. You can now read the other panel members' submitted reviews.",
        )),
        Ok(_) => Ok(Reply::done(
            format!("/panel/applications/{id}"),
            "Your draft is saved",
        )),
        Err(SaveError::Invalid(errors)) => {
            let s = scoring::load(ctx.db, member.id, id).await?;
            // The version read stays, so that a change made meanwhile is still caught.
            let typed = form.typed().with_errors(&errors);
            Ok(Reply::invalid(
                render(ctx.db, layout, s, typed, input.version).await?,
            ))
        }
        Err(SaveError::Stale) => {
            let s = scoring::load(ctx.db, member.id, id).await?;
            let mut typed = form.typed();
            typed.add_error(
                REVIEW,
                "Your review was changed in another tab or window after you opened this page. What you typed is below: check it, then save again to replace the other version.",
            );
            // The page now knows the latest version, so saving again is a choice made knowingly.
            let version = version_of(s.mine.as_ref());
            Ok(Reply::Invalid((
                HttpStatus::Conflict,
                render(ctx.db, layout, s, typed, version).await?,
            )))
        }
        Err(SaveError::Closed(message)) => {
            let s = scoring::load(ctx.db, member.id, id).await?;
            if s.access.declared.is_none() {
                return Ok(Reply::Redirect(Redirect::to(format!(
                    "/panel/applications/{id}/declare"
                ))));
            }
            let mut shown = saved_form(&s);
            shown.add_error(REVIEW, message);
            let version = version_of(s.mine.as_ref());
            Ok(Reply::Invalid((
                HttpStatus::Conflict,
                render(ctx.db, layout, s, shown, version).await?,
            )))
        }
        Err(SaveError::App(error)) => Err(error),
    }
}
