//! The application page's context: the application and everything it holds,
//! shaped for the template.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::tag_class;
use crate::domain::application::{Status, StatusRules};
use crate::domain::application_budget::category_label;
use crate::domain::deal::paragraphs;
use crate::domain::organisation::KindRules;
use crate::domain::round::QuestionKind;
use crate::services::screening::detail::{ApplicationDetail, ClaimedOutcome, Target};
use crate::views::{FormView, Layout};

/// A date as people write it: `4 January 2027`.
pub(super) fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[derive(Serialize)]
struct ApplicationView {
    id: i32,
    reference: String,
    title: String,
    summary: Vec<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    requested: i64,
    status: &'static str,
    tag_class: &'static str,
    submitted_at: Option<DateTime<Utc>>,
    officer_message: Option<Vec<String>>,
    resubmit_by: Option<String>,
    declaration_name: String,
    declaration_true: bool,
    declaration_consent: bool,
}

#[derive(Serialize)]
struct OrganisationView {
    name: String,
    kind: &'static str,
    charity_number: Option<String>,
    company_number: Option<String>,
    postcode: String,
    ward: Option<String>,
    website: Option<String>,
    phone: Option<String>,
}

#[derive(Serialize)]
struct BudgetRow {
    item: String,
    category: String,
    amount: i64,
}

#[derive(Serialize)]
struct OutcomeView {
    code: String,
    title: String,
    measurement: Vec<String>,
    targets: Vec<TargetView>,
}

#[derive(Serialize)]
struct TargetView {
    indicator: String,
    value: String,
}

/// A target with its unit, as people say it: `40 people`, `25%`, `£500`.
fn target_text(target: &Target) -> String {
    match target.unit.as_str() {
        "percent" => format!("{}%", target.value),
        "pounds" => format!("£{}", target.value),
        unit => format!("{} {unit}", target.value),
    }
}

impl From<ClaimedOutcome> for OutcomeView {
    fn from(o: ClaimedOutcome) -> Self {
        OutcomeView {
            measurement: paragraphs(&o.measurement),
            targets: o
                .targets
                .iter()
                .map(|t| TargetView {
                    indicator: t.indicator.clone(),
                    value: target_text(t),
                })
                .collect(),
            code: o.code,
            title: o.title,
        }
    }
}

#[derive(Serialize)]
struct AnswerView {
    prompt: String,
    answer: Option<Vec<String>>,
}

#[derive(Serialize)]
struct PartnerView {
    name: String,
    role: String,
}

#[derive(Serialize)]
struct MatchView {
    source: String,
    amount: i64,
    secured: bool,
}

#[derive(Serialize)]
struct QuizView {
    question: String,
    answer: Option<&'static str>,
    qualifies: bool,
}

#[derive(Serialize)]
struct TimelineView {
    at: DateTime<Utc>,
    who: String,
    action: String,
    detail: String,
}

/// The application as submitted, shaped for the `officer/applications/answers`
/// partial: the officer's page and the panel's scoring page both show it.
#[derive(Serialize)]
pub(crate) struct ApplicationBody {
    application: ApplicationView,
    organisation: OrganisationView,
    wards: Vec<String>,
    budget: Vec<BudgetRow>,
    budget_total: i64,
    /// True when the lines do not add up to the amount asked for.
    budget_differs: bool,
    outcomes: Vec<OutcomeView>,
    answers: Vec<AnswerView>,
    partners: Vec<PartnerView>,
    match_funding: Vec<MatchView>,
    match_total: i64,
    quiz: Vec<QuizView>,
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    #[serde(flatten)]
    body: ApplicationBody,
    round_name: String,
    round_slug: String,
    timeline: Vec<TimelineView>,
    can_screen: bool,
    /// The version this page was read at; the forms send it back.
    seen_version: i32,
    form: FormView,
    resubmit_hint: String,
}

fn yes_no(answer: &str, kind: QuestionKind) -> String {
    match (kind, answer.trim()) {
        (QuestionKind::YesNo, "yes") => "Yes".to_owned(),
        (QuestionKind::YesNo, "no") => "No".to_owned(),
        (_, other) => other.to_owned(),
    }
}

/// What the page needs besides the application: the form and the version it was read at.
pub(super) struct PageState {
    pub form: FormView,
    pub seen_version: i32,
    /// Today in the council's zone, for the date example.
    pub today: NaiveDate,
}

/// The application page, with its screening forms in `state`.
pub(super) fn render(layout: Layout, d: ApplicationDetail, state: PageState) -> Template {
    let reference = d.application.reference.clone().unwrap_or_default();
    let title = format!("{reference}: {}", d.application.title);
    // Four weeks ahead, or the last day allowed when the window is shorter.
    let example = state.today + Duration::days(28.min(i64::from(d.resubmit_weeks) * 7));
    let page = ShowPage {
        layout: layout.titled(&title, Some(&state.form)),
        can_screen: d.status == Status::Submitted,
        seen_version: state.seen_version,
        form: state.form,
        resubmit_hint: format!(
            "A date in the future, at most {} weeks from today, as year-month-day, for example {}",
            d.resubmit_weeks,
            example.format("%Y-%m-%d")
        ),
        body: body(&d),
        timeline: d
            .timeline
            .into_iter()
            .map(|t| TimelineView {
                at: t.at,
                who: t.who,
                action: t.action,
                detail: t.detail,
            })
            .collect(),
        round_name: d.round.name,
        round_slug: d.round.slug,
    };
    Template::render("officer/applications/show", page)
}

/// The application as submitted, for the answers partial.
pub(crate) fn body(d: &ApplicationDetail) -> ApplicationBody {
    let a = &d.application;
    let o = &d.organisation;
    let budget_total: i64 = d.budget.iter().map(|b| b.amount_pence).sum();
    ApplicationBody {
        budget_total,
        budget_differs: !d.budget.is_empty() && budget_total != a.requested_pence,
        budget: d
            .budget
            .iter()
            .map(|b| BudgetRow {
                category: category_label(&b.category).to_owned(),
                item: b.item.clone(),
                amount: b.amount_pence,
            })
            .collect(),
        outcomes: d.outcomes.iter().cloned().map(OutcomeView::from).collect(),
        answers: d
            .answers
            .iter()
            .map(|q| AnswerView {
                answer: q
                    .answer
                    .as_deref()
                    .map(|text| paragraphs(&yes_no(text, q.kind))),
                prompt: q.prompt.clone(),
            })
            .collect(),
        partners: d
            .partners
            .iter()
            .map(|p| PartnerView {
                name: p.name.clone(),
                role: p.role.clone(),
            })
            .collect(),
        match_total: d.match_funding.iter().map(|m| m.amount_pence).sum(),
        match_funding: d
            .match_funding
            .iter()
            .map(|m| MatchView {
                source: m.source.clone(),
                amount: m.amount_pence,
                secured: m.secured,
            })
            .collect(),
        quiz: d
            .quiz
            .iter()
            .map(|q| QuizView {
                answer: q.answer.map(|yes| if yes { "Yes" } else { "No" }),
                qualifies: q.answer == Some(q.qualifying_answer),
                question: q.question.clone(),
            })
            .collect(),
        wards: d.wards.clone(),
        organisation: OrganisationView {
            kind: o.kind.label(),
            name: o.name.clone(),
            charity_number: o.charity_number.clone(),
            company_number: o.company_number.clone(),
            postcode: o.postcode.clone(),
            ward: d.organisation_ward.clone(),
            website: o.website.clone(),
            phone: o.phone.clone(),
        },
        application: ApplicationView {
            id: a.id,
            reference: a.reference.clone().unwrap_or_default(),
            summary: paragraphs(&a.summary),
            start_date: a.start_date.map(long_date),
            end_date: a.end_date.map(long_date),
            requested: a.requested_pence,
            status: d.status.label(),
            tag_class: tag_class(d.status),
            submitted_at: a.submitted_at,
            officer_message: a.officer_message.as_deref().map(paragraphs),
            resubmit_by: a.resubmit_by.map(long_date),
            declaration_name: a.declaration_name.clone(),
            declaration_true: a.declaration_true,
            declaration_consent: a.declaration_consent,
            title: a.title.clone(),
        },
    }
}
