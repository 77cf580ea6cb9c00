//! Administration: users and roles, and the audit log.

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
use crate::services::users::{self, parse_role};
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![users_page, user_page, set_role, set_status, audit_page]
}

#[derive(Serialize)]
struct UserRow {
    id: i32,
    name: String,
    email: String,
    role: &'static str,
    disabled: bool,
    last_login_at: Option<DateTime<Utc>>,
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
        }
    }
}

#[derive(Serialize)]
struct UsersPage {
    layout: Layout,
    q: String,
    users: Vec<UserRow>,
    pager: Pager,
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
}

fn user_template(layout: Layout, account: user::Model, form: FormView) -> Template {
    let title = format!("User: {}", account.name);
    let form = form.with("role", role_name(account.role));
    Template::render(
        "admin/user",
        UserPage {
            layout: layout.titled(&title, Some(&form)),
            account: account.into(),
            roles: ROLES,
            form,
        },
    )
}

#[get("/admin/users/<id>")]
async fn user_page(
    _admin: Admin,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let account = users::get(ctx.db, id).await?;
    Ok(user_template(
        layout,
        account,
        FormView::new(&["role", "disabled"]),
    ))
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
        return Ok(Reply::invalid(user_template(layout, account, view)));
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
            Ok(Reply::invalid(user_template(
                layout,
                account,
                FormView::new(&["role", "disabled"]).with_errors(&errors),
            )))
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
            Ok(Reply::invalid(user_template(
                layout,
                account,
                FormView::new(&["role", "disabled"]).with_errors(&errors),
            )))
        }
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
