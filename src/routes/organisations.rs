//! Applicants' organisations: their details and members. Everything here is for
//! members only; anyone else gets 404, as if the organisation did not exist.

use crate::routes::form::Form;
use rocket::form::FromForm;
use rocket::{Route, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::auth::Applicant;
use crate::domain::organisation::{KINDS, KindRules};
use crate::error::{AppError, SplitInvalid};
use crate::format;
use crate::routes::context::Ctx;
use crate::services::audit::Actor;
use crate::services::organisations::{self, OrganisationInput};
use crate::services::wards;
use crate::views::{FormView, Layout, Reply};

/// This area's routes.
pub fn routes() -> Vec<Route> {
    routes![
        list,
        new_page,
        create,
        show,
        edit_page,
        update,
        remove_member
    ]
}

const FIELDS: &[&str] = &[
    "name",
    "kind",
    "charity_number",
    "company_number",
    "postcode",
    "ward_id",
    "website",
    "phone",
];

#[derive(Serialize)]
struct OrganisationRow {
    id: i32,
    name: String,
    kind: &'static str,
    is_owner: bool,
}

#[derive(Serialize)]
struct ListPage {
    layout: Layout,
    organisations: Vec<OrganisationRow>,
}

#[get("/organisations")]
async fn list(user: Applicant, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    let organisations = organisations::of_user(ctx.db, user.id)
        .await?
        .into_iter()
        .map(|(o, is_owner)| OrganisationRow {
            id: o.id,
            kind: o.kind.label(),
            name: o.name,
            is_owner,
        })
        .collect();
    Ok(Template::render(
        "organisations/list",
        ListPage {
            layout: layout.titled("Your organisations", None),
            organisations,
        },
    ))
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct FormPage {
    layout: Layout,
    form: FormView,
    kinds: Vec<Choice>,
    wards: Vec<Choice>,
    /// The organisation being changed; none when adding one.
    id: Option<i32>,
}

async fn form_page(
    db: &DatabaseConnection,
    layout: Layout,
    form: FormView,
    id: Option<i32>,
) -> Result<Template, AppError> {
    let wards = wards::all(db)
        .await?
        .into_iter()
        .map(|w| Choice {
            value: w.id.to_string(),
            label: w.name,
        })
        .collect();
    let kinds = KINDS
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: k.label().to_owned(),
        })
        .collect();
    let title = if id.is_some() {
        "Change your organisation's details"
    } else {
        "Add your organisation"
    };
    Ok(Template::render(
        "organisations/form",
        FormPage {
            layout: layout.titled(title, Some(&form)),
            form,
            kinds,
            wards,
            id,
        },
    ))
}

#[derive(FromForm)]
struct OrganisationForm {
    name: String,
    kind: Option<String>,
    charity_number: String,
    company_number: String,
    postcode: String,
    ward_id: String,
    website: String,
    phone: String,
}

impl OrganisationForm {
    fn input(&self) -> OrganisationInput {
        OrganisationInput {
            name: self.name.clone(),
            kind: self.kind.clone().unwrap_or_default(),
            charity_number: self.charity_number.clone(),
            company_number: self.company_number.clone(),
            postcode: self.postcode.clone(),
            ward_id: self.ward_id.clone(),
            website: self.website.clone(),
            phone: self.phone.clone(),
        }
    }
}

fn view_of(input: &OrganisationInput) -> FormView {
    FormView::new(FIELDS)
        .with("name", &input.name)
        .with("kind", &input.kind)
        .with("charity_number", &input.charity_number)
        .with("company_number", &input.company_number)
        .with("postcode", &input.postcode)
        .with("ward_id", &input.ward_id)
        .with("website", &input.website)
        .with("phone", &input.phone)
}

#[get("/organisations/new")]
async fn new_page(_user: Applicant, layout: Layout, ctx: Ctx<'_>) -> Result<Template, AppError> {
    form_page(ctx.db, layout, FormView::new(FIELDS), None).await
}

#[post("/organisations", data = "<form>")]
async fn create(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    form: Form<OrganisationForm>,
) -> Result<Reply, AppError> {
    let input = form.input();
    match organisations::create(ctx.db, ctx.clock, &Actor::user(&user), user.id, &input)
        .await
        .split_invalid()?
    {
        Ok(created) => Ok(Reply::done(
            format!("/organisations/{}", created.id),
            format!("{} has been added", created.name),
        )),
        Err(errors) => Ok(Reply::invalid(
            form_page(ctx.db, layout, view_of(&input).with_errors(&errors), None).await?,
        )),
    }
}

#[derive(Serialize)]
struct OrganisationView {
    id: i32,
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
struct MemberRow {
    user_id: i32,
    name: String,
    email: String,
    is_owner: bool,
}

/// An unanswered invitation: the address typed, never an account's name.
#[derive(Serialize)]
struct InvitationRow {
    id: i32,
    email: String,
    expires: String,
    expired: bool,
}

#[derive(Serialize)]
struct ShowPage {
    layout: Layout,
    organisation: OrganisationView,
    members: Vec<MemberRow>,
    invitations: Vec<InvitationRow>,
    is_owner: bool,
    form: FormView,
}

/// The fields of the organisation page's forms: inviting, and the lists' actions.
pub(crate) const SHOW_FIELDS: &[&str] = &["email", "members", "invitations"];

/// The organisation's page for one of its members, with `form` (values and errors
/// of the invitation form, or of a list's action).
pub(crate) async fn show_page(
    ctx: Ctx<'_>,
    layout: Layout,
    user_id: i32,
    organisation_id: i32,
    form: FormView,
) -> Result<Template, AppError> {
    let organisations::OrganisationPage {
        organisation: o,
        membership,
        ward,
        members,
        invitations,
    } = organisations::page(ctx.db, organisation_id, user_id, ctx.now()).await?;
    let invitations = invitations
        .into_iter()
        .map(|i| InvitationRow {
            id: i.id,
            email: i.email,
            expires: format::date(i.expires_at.with_timezone(&ctx.tz).date_naive()),
            expired: i.expired,
        })
        .collect();
    let members = members
        .into_iter()
        .map(|(m, u)| MemberRow {
            user_id: u.id,
            name: u.name,
            email: u.email,
            is_owner: m.is_owner,
        })
        .collect();
    Ok(Template::render(
        "organisations/show",
        ShowPage {
            layout: layout.titled(&o.name, Some(&form)),
            organisation: OrganisationView {
                id: o.id,
                kind: o.kind.label(),
                name: o.name,
                charity_number: o.charity_number,
                company_number: o.company_number,
                postcode: o.postcode,
                ward,
                website: o.website,
                phone: o.phone,
            },
            members,
            invitations,
            is_owner: membership.is_owner,
            form,
        },
    ))
}

#[get("/organisations/<id>")]
async fn show(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    show_page(ctx, layout, user.id, id, FormView::new(SHOW_FIELDS)).await
}

#[get("/organisations/<id>/edit")]
async fn edit_page(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
) -> Result<Template, AppError> {
    let (o, _) = organisations::for_member(ctx.db, id, user.id).await?;
    let input = OrganisationInput {
        name: o.name,
        kind: o.kind.as_str().to_owned(),
        charity_number: o.charity_number.unwrap_or_default(),
        company_number: o.company_number.unwrap_or_default(),
        postcode: o.postcode,
        ward_id: o.ward_id.map(|w| w.to_string()).unwrap_or_default(),
        website: o.website.unwrap_or_default(),
        phone: o.phone.unwrap_or_default(),
    };
    form_page(ctx.db, layout, view_of(&input), Some(id)).await
}

#[post("/organisations/<id>", data = "<form>")]
async fn update(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    form: Form<OrganisationForm>,
) -> Result<Reply, AppError> {
    let input = form.input();
    match organisations::update(ctx.db, ctx.clock, &Actor::user(&user), user.id, id, &input)
        .await
        .split_invalid()?
    {
        Ok(updated) => Ok(Reply::done(
            format!("/organisations/{id}"),
            format!("{}'s details are saved", updated.name),
        )),
        Err(errors) => Ok(Reply::invalid(
            form_page(
                ctx.db,
                layout,
                view_of(&input).with_errors(&errors),
                Some(id),
            )
            .await?,
        )),
    }
}

#[post("/organisations/<id>/members/<member>/remove")]
async fn remove_member(
    user: Applicant,
    layout: Layout,
    ctx: Ctx<'_>,
    id: i32,
    member: i32,
) -> Result<Reply, AppError> {
    match organisations::remove_member(ctx.db, ctx.clock, &Actor::user(&user), user.id, id, member)
        .await
        .split_invalid()?
    {
        Ok(()) => Ok(Reply::done(
            format!("/organisations/{id}"),
            "Member removed",
        )),
        Err(errors) => {
            let view = FormView::new(SHOW_FIELDS).with_errors(&errors);
            Ok(Reply::invalid(
                show_page(ctx, layout, user.id, id, view).await?,
            ))
        }
    }
}
