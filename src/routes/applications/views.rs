//! What the applicant's pages show: my applications, the task list, check your answers.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{application, funding_round};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::domain::application::{Status, StatusRules};
use crate::domain::application_budget::category_label;
use crate::error::AppError;
use crate::format;
use crate::services::applications::{self as apps, Progress, Summary, pages};
use crate::services::screening::detail::ClaimedOutcome;
use crate::views::{FormView, Layout};

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%-d %B %Y").to_string())
}

/// What to do next, in words.
fn next_step(
    app: &application::Model,
    round: &funding_round::Model,
    now: DateTime<Utc>,
    tz: Tz,
) -> String {
    match app.status {
        Status::Draft => match apps::submit_window(app, round, now, tz) {
            Ok(()) => format!(
                "Complete every section and submit it by {}",
                format::datetime(round.closes_at, tz)
            ),
            Err(why) => why,
        },
        Status::Submitted => "The council is checking your application".into(),
        Status::Returned => match date_text(app.resubmit_by) {
            Some(date) => {
                format!("Make the changes the council asked for and resubmit it by {date}")
            }
            None => "Make the changes the council asked for and resubmit it".into(),
        },
        Status::Eligible => "The grant panel is assessing your application".into(),
        Status::Ineligible => {
            "The council found that this application cannot be funded by this round".into()
        }
        Status::Withdrawn => "You withdrew this application".into(),
        Status::Awarded => "You have been offered a grant".into(),
        Status::Reserve => {
            "Your application is on the reserve list, in case more money becomes available".into()
        }
        Status::Declined => "This application has not been funded".into(),
    }
}

/// One row of "my applications".
#[derive(Serialize)]
pub struct Row {
    key: String,
    title: String,
    organisation: String,
    round: String,
    status: Status,
    status_label: &'static str,
    next_step: String,
    started: DateTime<Utc>,
    submitted: Option<DateTime<Utc>>,
    can_withdraw: bool,
}

/// "My applications".
#[derive(Serialize)]
pub struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
}

impl ListPage {
    /// Builds the page from the user's applications.
    pub fn new(layout: Layout, summaries: Vec<Summary>, now: DateTime<Utc>, tz: Tz) -> Self {
        let rows = summaries
            .into_iter()
            .map(|s| {
                let status = s.application.status;
                Row {
                    key: crate::format::application_key(&s.application),
                    title: title_or_untitled(&s.application),
                    organisation: s.organisation.name.clone(),
                    round: s.round.name.clone(),
                    status,
                    status_label: status.label(),
                    next_step: next_step(&s.application, &s.round, now, tz),
                    started: s.application.created_at,
                    submitted: s.application.submitted_at,
                    can_withdraw: crate::domain::application::next(
                        status,
                        crate::domain::application::Event::Withdraw,
                    )
                    .is_some(),
                }
            })
            .collect();
        ListPage {
            layout: layout.titled("Your applications", None),
            rows,
        }
    }
}

fn title_or_untitled(app: &application::Model) -> String {
    if app.title.trim().is_empty() {
        "Untitled application".into()
    } else {
        app.title.clone()
    }
}

/// A task-list row.
#[derive(Serialize)]
struct TaskRow {
    path: &'static str,
    title: &'static str,
    progress: Progress,
    progress_label: &'static str,
}

/// The parts every applicant page about one application shares.
#[derive(Serialize)]
pub struct Heading {
    key: String,
    reference: Option<String>,
    title: String,
    organisation: String,
    round: String,
    status: Status,
    status_label: &'static str,
    version: i32,
    editable: bool,
    officer_message: Option<String>,
    resubmit_by: Option<String>,
    /// Why it cannot be submitted now, if it cannot.
    window_message: Option<String>,
}

impl Heading {
    fn new(loaded: pages::Heading, app: &application::Model, now: DateTime<Utc>, tz: Tz) -> Self {
        let pages::Heading {
            round,
            organisation,
        } = loaded;
        let status = app.status;
        Heading {
            key: crate::format::application_key(app),
            reference: app.reference.clone(),
            title: title_or_untitled(app),
            organisation: organisation.name,
            round: round.name.clone(),
            status,
            status_label: status.label(),
            version: app.version,
            editable: status.is_editable(),
            officer_message: app
                .officer_message
                .clone()
                .filter(|_| matches!(status, Status::Returned | Status::Ineligible)),
            resubmit_by: date_text(app.resubmit_by),
            window_message: if status.is_editable() {
                apps::submit_window(app, &round, now, tz).err()
            } else {
                None
            },
        }
    }
}

/// The task list.
#[derive(Serialize)]
pub struct TaskListPage {
    layout: Layout,
    heading: Heading,
    tasks: Vec<TaskRow>,
    completed: usize,
    total: usize,
    all_complete: bool,
    form: FormView,
}

impl TaskListPage {
    /// Loads the task list of an application.
    pub async fn load<C: ConnectionTrait>(
        conn: &C,
        layout: Layout,
        app: &application::Model,
        now: DateTime<Utc>,
        tz: Tz,
        form: FormView,
    ) -> Result<Self, AppError> {
        let loaded = pages::task_list(conn, app).await?;
        let heading = Heading::new(loaded.heading, app, now, tz);
        let state = apps::progress(app);
        let tasks: Vec<TaskRow> = loaded
            .sections
            .into_iter()
            .map(|s| {
                let progress = state.get(&s).copied().unwrap_or(Progress::NotStarted);
                TaskRow {
                    path: s.path(),
                    title: s.title(),
                    progress,
                    progress_label: progress.label(),
                }
            })
            .collect();
        let completed = tasks
            .iter()
            .filter(|t| t.progress == Progress::Completed)
            .count();
        Ok(TaskListPage {
            layout: layout.titled(&heading.title, Some(&form)),
            total: tasks.len(),
            all_complete: completed == tasks.len(),
            completed,
            tasks,
            heading,
            form,
        })
    }
}

#[derive(Serialize)]
struct LineView {
    item: String,
    category: String,
    amount: i64,
}

#[derive(Serialize)]
struct TargetView {
    indicator: String,
    unit: String,
    target: i64,
}

#[derive(Serialize)]
struct OutcomeView {
    code: String,
    title: String,
    measurement: String,
    targets: Vec<TargetView>,
}

impl From<ClaimedOutcome> for OutcomeView {
    fn from(o: ClaimedOutcome) -> Self {
        OutcomeView {
            code: o.code,
            title: o.title,
            measurement: o.measurement,
            targets: o
                .targets
                .into_iter()
                .map(|t| TargetView {
                    indicator: t.indicator,
                    unit: t.unit,
                    target: t.value,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct AnswerView {
    prompt: String,
    answer: String,
}

#[derive(Serialize)]
struct PartnerView {
    name: String,
    role: String,
}

#[derive(Serialize)]
struct FundingView {
    source: String,
    amount: i64,
    secured: bool,
}

/// Check your answers: everything in the application.
#[derive(Serialize)]
pub struct CheckPage {
    layout: Layout,
    heading: Heading,
    summary: String,
    start_date: Option<String>,
    end_date: Option<String>,
    wards: Vec<String>,
    lines: Vec<LineView>,
    requested: i64,
    outcomes: Vec<OutcomeView>,
    has_questions: bool,
    answers: Vec<AnswerView>,
    partners: Vec<PartnerView>,
    funding: Vec<FundingView>,
    declaration_name: String,
    declaration_true: bool,
    declaration_consent: bool,
    all_complete: bool,
    incomplete: Vec<&'static str>,
    form: FormView,
}

impl CheckPage {
    /// Loads every answer of an application.
    pub async fn load<C: ConnectionTrait>(
        conn: &C,
        layout: Layout,
        app: &application::Model,
        now: DateTime<Utc>,
        tz: Tz,
        form: FormView,
    ) -> Result<Self, AppError> {
        let loaded = pages::check_answers(conn, app).await?;
        let heading = Heading::new(loaded.heading, app, now, tz);
        let lines = loaded
            .lines
            .into_iter()
            .map(|l| LineView {
                item: l.item,
                category: category_label(&l.category).to_owned(),
                amount: l.amount_pence,
            })
            .collect();
        let outcomes = loaded.outcomes.into_iter().map(OutcomeView::from).collect();
        let answers = loaded.answers;
        let partners = loaded
            .partners
            .into_iter()
            .map(|p| PartnerView {
                name: p.name,
                role: p.role,
            })
            .collect();
        let funding = loaded
            .funding
            .into_iter()
            .map(|f| FundingView {
                source: f.source,
                amount: f.amount_pence,
                secured: f.secured,
            })
            .collect();
        let state = apps::progress(app);
        let incomplete: Vec<&'static str> = loaded
            .sections
            .into_iter()
            .filter(|s| state.get(s) != Some(&Progress::Completed))
            .map(|s| s.title())
            .collect();
        let questions = loaded.questions;
        Ok(CheckPage {
            layout: layout.titled("Check your answers", Some(&form)),
            heading,
            summary: app.summary.clone(),
            start_date: date_text(app.start_date),
            end_date: date_text(app.end_date),
            wards: loaded.wards,
            lines,
            requested: app.requested_pence,
            outcomes,
            has_questions: !questions.is_empty(),
            answers: questions
                .into_iter()
                .map(|q| AnswerView {
                    answer: answers.get(&q.id).cloned().unwrap_or_default(),
                    prompt: q.prompt,
                })
                .collect(),
            partners,
            funding,
            declaration_name: app.declaration_name.clone(),
            declaration_true: app.declaration_true,
            declaration_consent: app.declaration_consent,
            all_complete: incomplete.is_empty(),
            incomplete,
            form,
        })
    }
}
