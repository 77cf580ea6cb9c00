//! Invitations to join an organisation.
//!
//! The owner types an email address; the answer is the same whether or not anyone has
//! an account with it, and nothing of an account (its name, whether it exists) is
//! shown to the organisation until its holder accepts. The invited person gets a link
//! by email and accepts or declines it while signed in with that address. Links are
//! random, stored only as their SHA-256, single-use, and expire; the owner may
//! withdraw one; each user may send only so many a day.

use chrono::{DateTime, Utc};
use entity::{organisation, organisation_invitation as invitation_row, organisation_member, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::clock::Clock;
use crate::domain::email::Email;
use crate::domain::fields::FieldErrors;
use crate::domain::invitation::{self, Standing, Status};
use crate::error::AppError;
use crate::format;
use crate::services::audit::{Action, Actor};
use crate::services::link_token;
use crate::services::notify::{self, Notifier};
use crate::services::organisations::for_member;
use crate::services::write::Write;

/// Pending invitations an organisation's page lists, at most.
pub const LISTED: u64 = 50;

fn invalid(field: &str, message: impl AsRef<str>) -> AppError {
    AppError::Invalid(FieldErrors::single(field, message.as_ref()))
}

/// The organisation and the user's membership, refusing anyone but its owner: a
/// stranger gets 404, a member who is not the owner 403.
async fn as_owner<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i32,
    user_id: i32,
) -> Result<organisation::Model, AppError> {
    let (organisation, membership) = for_member(conn, organisation_id, user_id).await?;
    if !membership.is_owner {
        return Err(AppError::Forbidden);
    }
    Ok(organisation)
}

/// What the owner is told once an invitation is sent: the address as stored.
pub struct Invited {
    pub email: String,
}

/// The owner invites `typed` to join. Whether the address has an account makes no
/// difference to anything the owner can see: the same rows, message and page.
pub async fn invite(
    db: &DatabaseConnection,
    clock: &Clock,
    notifier: &Notifier,
    actor: &Actor,
    user_id: i32,
    organisation_id: i32,
    typed: &str,
) -> Result<Invited, AppError> {
    // Ownership first: a stranger learns nothing, not even what is wrong with the form.
    as_owner(db, organisation_id, user_id).await?;
    let email = Email::parse(typed).map_err(|message| {
        let message = if typed.trim().is_empty() {
            "Enter the email address of the person to invite"
        } else {
            message
        };
        invalid("email", message)
    })?;

    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    let organisation = as_owner(&txn, organisation_id, user_id).await?;
    // One user's invitations are counted one at a time (PostgreSQL; SQLite's write
    // transactions already are), so two at once cannot both be the twentieth.
    let inviter = user::Entity::find_by_id(user_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let recent = invitation_row::Entity::find()
        .filter(invitation_row::Column::InvitedBy.eq(user_id))
        .filter(invitation_row::Column::CreatedAt.gt(now - invitation::rate_window()))
        .order_by_asc(invitation_row::Column::CreatedAt)
        .limit(invitation::MAX_PER_DAY)
        .all(&txn)
        .await?;
    if recent.len() as u64 >= invitation::MAX_PER_DAY {
        let oldest = recent.first().map_or(now, |r| r.created_at);
        return Err(invalid(
            "email",
            format!(
                "You have sent {} invitations in the last 24 hours, the most allowed. You can send another after {}",
                invitation::MAX_PER_DAY,
                format::datetime(invitation::next_allowed(oldest), notifier.tz)
            ),
        ));
    }
    if is_member_address(&txn, organisation_id, email.as_str()).await? {
        return Err(invalid("email", "That person is already a member"));
    }
    let open = invitation_row::Entity::find()
        .filter(invitation_row::Column::OrganisationId.eq(organisation_id))
        .filter(invitation_row::Column::Email.eq(email.as_str()))
        .filter(invitation_row::Column::Status.eq(Status::Pending))
        .filter(invitation_row::Column::ExpiresAt.gt(now))
        .one(&txn)
        .await?;
    if let Some(open) = open {
        return Err(invalid(
            "email",
            format!(
                "You have already invited {}: the invitation lasts until {}. Withdraw it to send a new one",
                email.as_str(),
                format::datetime(open.expires_at, notifier.tz)
            ),
        ));
    }

    let token = link_token::new();
    let expires_at = now + invitation::lifetime();
    invitation_row::ActiveModel {
        organisation_id: Set(organisation_id),
        email: Set(email.as_str().to_owned()),
        token_hash: Set(link_token::hash(&token)),
        invited_by: Set(Some(user_id)),
        status: Set(Status::Pending),
        created_at: Set(now),
        expires_at: Set(expires_at),
        responded_at: Set(None),
        responded_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    notify::events::organisation_invitation(
        &txn,
        notifier,
        now,
        notify::events::Invitation {
            organisation: &organisation.name,
            inviter: &inviter.name,
            email: email.as_str(),
            token: &token,
            expires_at,
        },
    )
    .await?;
    txn.audit(
        Action::OrganisationInvitationSent,
        organisation_id,
        email.as_str(),
    )
    .await?;
    txn.commit().await?;
    Ok(Invited {
        email: email.as_str().to_owned(),
    })
}

/// True when a member of the organisation has an account with this address. Only
/// members' addresses are looked at, and the members' list already shows them.
async fn is_member_address<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i32,
    email: &str,
) -> Result<bool, AppError> {
    let Some(account) = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(conn)
        .await?
    else {
        return Ok(false);
    };
    Ok(organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation_id))
        .filter(organisation_member::Column::UserId.eq(account.id))
        .count(conn)
        .await?
        > 0)
}

/// An invitation as the organisation's page lists it: only the address typed.
pub struct PendingInvitation {
    pub id: i32,
    pub email: String,
    pub expires_at: DateTime<Utc>,
    pub expired: bool,
}

/// The organisation's unanswered invitations, newest first (at most [`LISTED`]),
/// expired ones marked as such.
pub async fn pending(
    db: &DatabaseConnection,
    organisation_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<PendingInvitation>, AppError> {
    let rows = invitation_row::Entity::find()
        .filter(invitation_row::Column::OrganisationId.eq(organisation_id))
        .filter(invitation_row::Column::Status.eq(Status::Pending))
        .order_by_desc(invitation_row::Column::CreatedAt)
        .order_by_desc(invitation_row::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PendingInvitation {
            expired: invitation::standing(r.status, r.expires_at, now) == Standing::Expired,
            id: r.id,
            email: r.email,
            expires_at: r.expires_at,
        })
        .collect())
}

/// The owner withdraws an unanswered invitation: its link stops working.
pub async fn withdraw(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    user_id: i32,
    organisation_id: i32,
    invitation_id: i32,
) -> Result<String, AppError> {
    as_owner(db, organisation_id, user_id).await?;
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    as_owner(&txn, organisation_id, user_id).await?;
    let row = invitation_row::Entity::find_by_id(invitation_id)
        .filter(invitation_row::Column::OrganisationId.eq(organisation_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let claimed = invitation_row::Entity::update_many()
        .col_expr(
            invitation_row::Column::Status,
            Expr::value(Status::Withdrawn),
        )
        .col_expr(invitation_row::Column::RespondedAt, Expr::value(Some(now)))
        .col_expr(
            invitation_row::Column::RespondedBy,
            Expr::value(Some(user_id)),
        )
        .filter(invitation_row::Column::Id.eq(row.id))
        .filter(invitation_row::Column::Status.eq(Status::Pending))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid(
            "invitations",
            format!("The invitation to {} has already been answered", row.email),
        ));
    }
    txn.audit(
        Action::OrganisationInvitationWithdrawn,
        organisation_id,
        row.email.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(row.email)
}

/// The signed-in account looking at a link (none when nobody is signed in).
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub user_id: i32,
    pub email: &'a str,
}

/// What a link leads to, for the person who followed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Not a link we sent (mistyped, cut short or made up).
    Unknown,
    /// Answered, withdrawn or expired: why it cannot be used.
    Closed(Standing),
    /// Open, but the signed-in account's address is not the one invited.
    WrongAccount,
    /// Open, and the viewer may answer it (or sign in to).
    Open {
        organisation: String,
        inviter: Option<String>,
        expires_at: DateTime<Utc>,
    },
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<invitation_row::Model>, AppError> {
    if !link_token::well_formed(token) {
        return Ok(None);
    }
    Ok(invitation_row::Entity::find()
        .filter(invitation_row::Column::TokenHash.eq(link_token::hash(token)))
        .one(conn)
        .await?)
}

async fn link_of<C: ConnectionTrait>(
    conn: &C,
    row: Option<&invitation_row::Model>,
    viewer: Option<Viewer<'_>>,
    now: DateTime<Utc>,
) -> Result<Link, AppError> {
    let Some(row) = row else {
        return Ok(Link::Unknown);
    };
    let standing = invitation::standing(row.status, row.expires_at, now);
    if standing != Standing::Open {
        return Ok(Link::Closed(standing));
    }
    if viewer.is_some_and(|v| !v.email.eq_ignore_ascii_case(&row.email)) {
        return Ok(Link::WrongAccount);
    }
    let organisation = organisation::Entity::find_by_id(row.organisation_id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let inviter = match row.invited_by {
        Some(id) => user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|u| u.name),
        None => None,
    };
    Ok(Link::Open {
        organisation,
        inviter,
        expires_at: row.expires_at,
    })
}

/// What the link with this token leads to for this viewer.
pub async fn check(
    db: &DatabaseConnection,
    clock: &Clock,
    token: &str,
    viewer: Option<Viewer<'_>>,
) -> Result<Link, AppError> {
    let row = find(db, token).await?;
    link_of(db, row.as_ref(), viewer, clock.now()).await
}

/// How an answer went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// Joined (or declined) the organisation with this id and name.
    Done { organisation_id: i32, name: String },
    /// The link could not be used: why.
    Refused(Link),
}

/// The invited person accepts (joins the organisation) or declines.
pub async fn answer(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &Actor,
    token: &str,
    viewer: Viewer<'_>,
    accept: bool,
) -> Result<Answered, AppError> {
    let txn = Write::begin(db, clock, actor).await?;
    let now = txn.now;
    // Read under the writer's turn, and claimed below only while still pending: a
    // link used in two tabs at once works once.
    let row = find(&txn, token).await?;
    let link = link_of(&txn, row.as_ref(), Some(viewer), now).await?;
    let (Some(row), Link::Open { organisation, .. }) = (row, link.clone()) else {
        return Ok(Answered::Refused(link));
    };
    let status = if accept {
        Status::Accepted
    } else {
        Status::Declined
    };
    let claimed = invitation_row::Entity::update_many()
        .col_expr(invitation_row::Column::Status, Expr::value(status))
        .col_expr(invitation_row::Column::RespondedAt, Expr::value(Some(now)))
        .col_expr(
            invitation_row::Column::RespondedBy,
            Expr::value(Some(viewer.user_id)),
        )
        .filter(invitation_row::Column::Id.eq(row.id))
        .filter(invitation_row::Column::Status.eq(Status::Pending))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        // Answered or withdrawn by someone else in the meantime (PostgreSQL): say which.
        let now_stored = find(&txn, token).await?;
        let link = link_of(&txn, now_stored.as_ref(), Some(viewer), now).await?;
        return Ok(Answered::Refused(match link {
            Link::Open { .. } => Link::Closed(Standing::Accepted),
            other => other,
        }));
    }
    if accept {
        let already = organisation_member::Entity::find()
            .filter(organisation_member::Column::OrganisationId.eq(row.organisation_id))
            .filter(organisation_member::Column::UserId.eq(viewer.user_id))
            .count(&txn)
            .await?;
        if already == 0 {
            organisation_member::ActiveModel {
                organisation_id: Set(row.organisation_id),
                user_id: Set(viewer.user_id),
                is_owner: Set(false),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.audit(
        if accept {
            Action::OrganisationInvitationAccepted
        } else {
            Action::OrganisationInvitationDeclined
        },
        row.organisation_id,
        row.email.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(Answered::Done {
        organisation_id: row.organisation_id,
        name: organisation,
    })
}
