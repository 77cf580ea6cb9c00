//! Organisations and their members. Only members see or change an organisation:
//! every lookup here is by organisation *and* member, so a non-member gets 404.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{organisation, organisation_member, user, ward};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

use crate::clock::Clock;
use crate::domain::fields::FieldErrors;
use crate::domain::organisation::{
    Kind, KindRules, parse_charity_number, parse_company_number, parse_phone, parse_postcode,
    parse_website,
};
use crate::error::AppError;
use crate::services::audit::{Action, Actor};
use crate::services::invitations::{self, PendingInvitation};
use crate::services::write::Write;

/// An organisation's details as typed.
#[derive(Debug, Clone, Default)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: String,
    pub charity_number: String,
    pub company_number: String,
    pub postcode: String,
    /// A ward's id, or blank.
    pub ward_id: String,
    pub website: String,
    pub phone: String,
}

/// Details once checked.
struct Checked {
    name: String,
    kind: Kind,
    charity_number: Option<String>,
    company_number: Option<String>,
    postcode: String,
    ward_id: Option<i32>,
    website: Option<String>,
    phone: Option<String>,
}

fn optional<T>(
    errors: &mut FieldErrors,
    field: &str,
    input: &str,
    required: Option<&str>,
    parse: impl Fn(&str) -> Result<T, &'static str>,
) -> Option<T> {
    if input.trim().is_empty() {
        if let Some(message) = required {
            errors.add(field, message);
        }
        return None;
    }
    parse(input).map_err(|m| errors.add(field, m)).ok()
}

fn check(input: &OrganisationInput) -> Result<Checked, AppError> {
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", "Enter your organisation's name");
    } else if name.chars().count() > 200 {
        errors.add("name", "Name must be 200 characters or fewer");
    }
    let kind = Kind::parse(input.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Choose what kind of organisation it is");
    }
    let charity_number = optional(
        &mut errors,
        "charity_number",
        &input.charity_number,
        kind.is_some_and(Kind::needs_charity_number)
            .then_some("Enter your charity number"),
        parse_charity_number,
    );
    let company_number = optional(
        &mut errors,
        "company_number",
        &input.company_number,
        kind.is_some_and(Kind::needs_company_number)
            .then_some("Enter your company number"),
        parse_company_number,
    );
    let postcode = parse_postcode(&input.postcode)
        .map_err(|m| errors.add("postcode", m))
        .ok();
    let ward_id = optional(&mut errors, "ward_id", &input.ward_id, None, |s| {
        s.trim()
            .parse::<i32>()
            .map_err(|_| "Choose a ward from the list")
    });
    let website = optional(&mut errors, "website", &input.website, None, parse_website);
    let phone = optional(&mut errors, "phone", &input.phone, None, parse_phone);
    errors.into_result()?;
    Ok(Checked {
        name: name.to_owned(),
        // Present: a missing kind is a field error above, as is a missing postcode.
        kind: kind.unwrap_or(Kind::Other),
        charity_number,
        company_number,
        postcode: postcode.unwrap_or_default(),
        ward_id,
        website,
        phone,
    })
}

async fn check_ward<C: ConnectionTrait>(conn: &C, ward_id: Option<i32>) -> Result<(), AppError> {
    if let Some(id) = ward_id
        && ward::Entity::find_by_id(id).one(conn).await?.is_none()
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "ward_id",
            "Choose a ward from the list",
        )));
    }
    Ok(())
}

fn apply(model: &mut organisation::ActiveModel, values: Checked) {
    model.name = Set(values.name);
    model.kind = Set(values.kind);
    model.charity_number = Set(values.charity_number);
    model.company_number = Set(values.company_number);
    model.postcode = Set(values.postcode);
    model.ward_id = Set(values.ward_id);
    model.website = Set(values.website);
    model.phone = Set(values.phone);
}

/// Creates an organisation with `owner` as its owner.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    owner: i32,
    input: &OrganisationInput,
) -> Result<organisation::Model, AppError> {
    let values = check(input)?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    check_ward(&txn, values.ward_id).await?;
    let mut model = organisation::ActiveModel {
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, values);
    let created = model.insert(&txn).await?;
    organisation_member::ActiveModel {
        organisation_id: Set(created.id),
        user_id: Set(owner),
        is_owner: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.audit(
        Action::OrganisationCreated,
        created.id,
        created.name.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an organisation's details (any member may).
pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    organisation_id: i32,
    input: &OrganisationInput,
) -> Result<organisation::Model, AppError> {
    // Membership first: a stranger learns nothing, not even what is wrong with the form.
    for_member(db, organisation_id, user_id).await?;
    let values = check(input)?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let (existing, _) = for_member(&txn, organisation_id, user_id).await?;
    check_ward(&txn, values.ward_id).await?;
    let mut model: organisation::ActiveModel = existing.into();
    apply(&mut model, values);
    model.updated_at = Set(now);
    let updated = model.update(&txn).await?;
    txn.audit(
        Action::OrganisationUpdated,
        updated.id,
        updated.name.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// An organisation and the user's membership of it, or 404 when they are not a member.
pub async fn for_member<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i32,
    user_id: i32,
) -> Result<(organisation::Model, organisation_member::Model), AppError> {
    let membership = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation_id))
        .filter(organisation_member::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation = organisation::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((organisation, membership))
}

/// The organisations a user belongs to, by name, each with whether they own it.
pub async fn of_user(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Vec<(organisation::Model, bool)>, AppError> {
    let memberships: HashMap<i32, bool> = organisation_member::Entity::find()
        .filter(organisation_member::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.organisation_id, m.is_owner))
        .collect();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(memberships.keys().copied()))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    Ok(organisations
        .into_iter()
        .map(|o| (o.clone(), memberships.get(&o.id).copied().unwrap_or(false)))
        .collect())
}

/// An organisation's members, owner first, with their accounts.
pub async fn members(
    db: &DatabaseConnection,
    organisation_id: i32,
) -> Result<Vec<(organisation_member::Model, user::Model)>, AppError> {
    let members = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(organisation_member::Column::IsOwner)
        .order_by_asc(organisation_member::Column::CreatedAt)
        .all(db)
        .await?;
    let users: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(members
        .into_iter()
        .filter_map(|m| users.get(&m.user_id).cloned().map(|u| (m, u)))
        .collect())
}

/// An organisation as one of its members sees it.
pub struct OrganisationPage {
    pub organisation: organisation::Model,
    pub membership: organisation_member::Model,
    /// The name of its ward, when it gave one that still exists.
    pub ward: Option<String>,
    /// Its members, owner first, with their accounts.
    pub members: Vec<(organisation_member::Model, user::Model)>,
    /// Its unanswered invitations, newest first: only the addresses typed.
    pub invitations: Vec<PendingInvitation>,
}

/// The organisation's page for one of its members, or 404 for anyone else.
pub async fn page(
    db: &DatabaseConnection,
    organisation_id: i32,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<OrganisationPage, AppError> {
    let (organisation, membership) = for_member(db, organisation_id, user_id).await?;
    let ward = match organisation.ward_id {
        Some(id) => ward::Entity::find_by_id(id).one(db).await?.map(|w| w.name),
        None => None,
    };
    let members = members(db, organisation.id).await?;
    let invitations = invitations::pending(db, organisation.id, now).await?;
    Ok(OrganisationPage {
        organisation,
        membership,
        ward,
        members,
        invitations,
    })
}

/// The owner removes a member (never the owner).
pub async fn remove_member(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    organisation_id: i32,
    member_user_id: i32,
) -> Result<(), AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let (_, membership) = for_member(&txn, organisation_id, user_id).await?;
    if !membership.is_owner {
        return Err(AppError::Forbidden);
    }
    let (_, target) = for_member(&txn, organisation_id, member_user_id).await?;
    if target.is_owner {
        return Err(AppError::Invalid(FieldErrors::single(
            "members",
            "The owner cannot be removed",
        )));
    }
    organisation_member::Entity::delete_by_id(target.id)
        .exec(&txn)
        .await?;
    txn.audit(
        Action::OrganisationMemberRemoved,
        organisation_id,
        member_user_id.to_string(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
