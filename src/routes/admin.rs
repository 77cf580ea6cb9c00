//! Administration: users and roles, the council's settings, and the audit log.

use crate::routes::form::Form;
use chrono::{DateTime, Utc};
use entity::user;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::Admin;
use crate::error::{AppError, SplitInvalid};
use crate::format::role_name;
use crate::routes::Pager;
use crate::routes::context::Ctx;
use crate::services::audit::{self, Actor, AuditFilter};
use crate::services::settings::{self, Change, RESUBMIT_WEEKS};
use crate::services::users::{self, parse_role};
use crate::services::{sessions, two_factor};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        users_page,
        user_page,
        set_role,
        set_status,
        end_sessions,
        reset_two_factor,
        two_factor_requirement,
        settings_page,
        save_settings,
        audit_page
    ]
}

#[derive(Serialize)]
struct UserRow {
    id: i32,
    name: String,
    email: String,
    role: &'static str,
    disabled: bool,
    last_login_at: Option<DateTime<Utc>>,
    two_factor: bool,
}

impl From<user::Model> for UserRow {
    fn from(u: user::Model) -> Self {
        UserRow {
            id: u.id,
            name: u.name,
            email: u.email,
            role: role_name(u.role),
            disabled: u.disabled,
            last_login_at: u.last_login_at,
            two_factor: u.totp_enabled_at.is_some(),
        }
    }
}

#[derive(Serialize)]
struct UsersPage {
    layout: Layout,
    q: String,
    users: Vec<UserRow>,
    pager: Pager,
    two_factor_required: bool,
}

#[get("/admin/users?<q>&<page>")]
async fn users_page(
    _admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    q: Option<String>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let q = q.unwrap_or_default();
    let (found, paging) = users::list(ctx.db, &q, page).await?;
    Ok(Template::render(
        "admin/users",
        UsersPage {
            layout: layout.titled("Users", None),
            pager: Pager::new("/admin/users", &paging, &[("q", q.clone())]),
            q,
            users: found.into_iter().map(UserRow::from).collect(),
            two_factor_required: two_factor::is_required(ctx.db).await?,
        },
    ))
}

#[derive(Serialize)]
struct RoleOption {
    value: &'static str,
    label: &'static str,
}

const ROLES: &[RoleOption] = &[
    RoleOption {
        value: "applicant",
        label: "Applicant",
    },
    RoleOption {
        value: "panel",
        label: "Panel member",
    },
    RoleOption {
        value: "officer",
        label: "Officer",
    },
    RoleOption {
        value: "admin",
        label: "Admin",
    },
];

#[derive(Serialize)]
struct UserPage {
    layout: Layout,
    account: UserRow,
    roles: &'static [RoleOption],
    form: FormView,
    sessions: usize,
}

async fn user_template(
    layout: Layout,
    ctx: &Ctx<'_>,
    account: user::Model,
    form: FormView,
) -> Result<Template, AppError> {
    let title = format!("User: {}", account.name);
    let form = form.with("role", role_name(account.role));
    let sessions = sessions::list_of(ctx.db, ctx.clock, account.id)
        .await?
        .len();
    Ok(Template::render(
        "admin/user",
        UserPage {
            layout: layout.titled(&title, Some(&form)),
            account: account.into(),
            roles: ROLES,
            form,
            sessions,
        },
    ))
}

#[get("/admin/users/<id>")]
async fn user_page(
    _admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let account = users::get(ctx.db, id).await?;
    user_template(layout, &ctx, account, FormView::new(&["role", "disabled"])).await
}

#[derive(FromForm)]
struct RoleForm {
    role: String,
}

#[post("/admin/users/<id>/role", data = "<form>")]
async fn set_role(
    admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<RoleForm>,
) -> Result<Reply, AppError> {
    let Some(role) = parse_role(&form.role) else {
        let account = users::get(ctx.db, id).await?;
        let mut view = FormView::new(&["role", "disabled"]);
        view.add_error("role", "Choose a role from the list");
        return Ok(Reply::invalid(
            user_template(layout, &ctx, account, view).await?,
        ));
    };
    match users::set_role(ctx.db, ctx.clock, &Actor::user(&admin), id, role)
        .await
        .split_invalid()?
    {
        Ok(updated) => Ok(Reply::done(
            format!("/admin/users/{id}"),
            format!("{} is now {}", updated.name, role_name(updated.role)),
        )),
        Err(errors) => {
            let account = users::get(ctx.db, id).await?;
            Ok(Reply::invalid(
                user_template(
                    layout,
                    &ctx,
                    account,
                    FormView::new(&["role", "disabled"]).with_errors(&errors),
                )
                .await?,
            ))
        }
    }
}

#[derive(FromForm)]
struct StatusForm {
    disabled: bool,
}

#[post("/admin/users/<id>/status", data = "<form>")]
async fn set_status(
    admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<StatusForm>,
) -> Result<Reply, AppError> {
    match users::set_disabled(ctx.db, ctx.clock, &Actor::user(&admin), id, form.disabled)
        .await
        .split_invalid()?
    {
        Ok(updated) => {
            let state = if updated.disabled {
                "disabled and signed out"
            } else {
                "enabled"
            };
            Ok(Reply::done(
                format!("/admin/users/{id}"),
                format!("{}'s account is {state}", updated.name),
            ))
        }
        Err(errors) => {
            let account = users::get(ctx.db, id).await?;
            Ok(Reply::invalid(
                user_template(
                    layout,
                    &ctx,
                    account,
                    FormView::new(&["role", "disabled"]).with_errors(&errors),
                )
                .await?,
            ))
        }
    }
}

#[post("/admin/users/<id>/sessions/end")]
async fn end_sessions(admin: Admin, ctx: Ctx<'_>, id: i32) -> Result<Reply, AppError> {
    let ended = sessions::end_all(ctx.db, ctx.clock, &Actor::user(&admin), id).await?;
    let message = match ended {
        1 => "1 session has been ended".to_owned(),
        n => format!("{n} sessions have been ended"),
    };
    Ok(Reply::done(format!("/admin/users/{id}"), message))
}

#[post("/admin/users/<id>/two-factor/reset")]
async fn reset_two_factor(admin: Admin, ctx: Ctx<'_>, id: i32) -> Result<Reply, AppError> {
    let updated = two_factor::reset(ctx.db, ctx.clock, &Actor::user(&admin), id).await?;
    Ok(Reply::done(
        format!("/admin/users/{id}"),
        format!(
            "{}'s two-factor sign-in has been reset: they sign in with their password alone until they set it up again",
            updated.name
        ),
    ))
}

#[derive(FromForm)]
struct RequirementForm {
    required: bool,
}

#[post("/admin/two-factor-requirement", data = "<form>")]
async fn two_factor_requirement(
    admin: Admin,
    ctx: Ctx<'_>,
    form: Form<RequirementForm>,
) -> Result<Reply, AppError> {
    two_factor::set_required(ctx.db, ctx.clock, &Actor::user(&admin), form.required).await?;
    let message = if form.required {
        "Two-factor sign-in is now required for officers and admins: anyone without it sets it up at their next sign-in"
    } else {
        "Two-factor sign-in is no longer required for officers and admins"
    };
    Ok(Reply::done("/admin/users", message))
}

#[derive(Serialize)]
struct SettingsPage {
    layout: Layout,
    form: FormView,
}

fn settings_template(layout: Layout, form: FormView) -> Template {
    Template::render(
        "admin/settings",
        SettingsPage {
            layout: layout.titled("Council settings", Some(&form)),
            form,
        },
    )
}

#[get("/admin/settings")]
async fn settings_page(_admin: Admin, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let current = settings::council(ctx.db).await?;
    let form =
        FormView::new(&[RESUBMIT_WEEKS]).with(RESUBMIT_WEEKS, current.resubmit_weeks.to_string());
    Ok(settings_template(layout, form))
}

#[derive(FromForm)]
struct SettingsForm {
    resubmit_weeks: String,
}

#[post("/admin/settings", data = "<form>")]
async fn save_settings(
    admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<SettingsForm>,
) -> Result<Reply, AppError> {
    match settings::set_resubmit_weeks(
        ctx.db,
        ctx.clock,
        &Actor::user(&admin),
        &form.resubmit_weeks,
    )
    .await
    .split_invalid()?
    {
        Ok(change) => {
            let message = match change {
                Change::Changed { from, to } => format!(
                    "Returned applications may now be given up to {} to resubmit (it was {})",
                    weeks(to),
                    weeks(from)
                ),
                Change::Unchanged(to) => format!(
                    "Nothing changed: returned applications may still be given up to {} to resubmit",
                    weeks(to)
                ),
            };
            Ok(Reply::done("/admin/settings", message))
        }
        Err(errors) => {
            let view = FormView::new(&[RESUBMIT_WEEKS])
                .with(RESUBMIT_WEEKS, form.resubmit_weeks.as_str())
                .with_errors(&errors);
            Ok(Reply::invalid(settings_template(layout, view)))
        }
    }
}

fn weeks(n: u32) -> String {
    if n == 1 {
        "1 week".to_owned()
    } else {
        format!("{n} weeks")
    }
}

#[derive(Serialize)]
struct EventRow {
    at: DateTime<Utc>,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    detail: String,
}

#[derive(Serialize)]
struct AuditPage {
    layout: Layout,
    actor: String,
    action: String,
    entity: String,
    actions: Vec<String>,
    entities: Vec<String>,
    events: Vec<EventRow>,
    pager: Pager,
}

#[get("/admin/audit?<actor>&<action>&<entity>&<page>")]
async fn audit_page(
    _admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    actor: Option<String>,
    action: Option<String>,
    entity: Option<String>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let filter = AuditFilter {
        actor: actor.unwrap_or_default(),
        action: action.unwrap_or_default(),
        entity: entity.unwrap_or_default(),
    };
    let (events, paging) = audit::list(ctx.db, &filter, page).await?;
    let (actions, entities) = audit::choices(ctx.db).await?;
    let filters = [
        ("actor", filter.actor.clone()),
        ("action", filter.action.clone()),
        ("entity", filter.entity.clone()),
    ];
    Ok(Template::render(
        "admin/audit",
        AuditPage {
            layout: layout.titled("Audit log", None),
            pager: Pager::new("/admin/audit", &paging, &filters),
            actor: filter.actor,
            action: filter.action,
            entity: filter.entity,
            actions,
            entities,
            events: events
                .into_iter()
                .map(|e| EventRow {
                    at: e.at,
                    actor: e.actor_label,
                    action: e.action,
                    entity: e.entity,
                    entity_id: e.entity_id,
                    detail: e.detail,
                })
                .collect(),
        },
    ))
}
