//! The messages that the flows send, each written in the flow's own transaction.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{application, award, funding_round, organisation, payment_tranche, review, user};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;

use super::{Kind, Mail, Notifier, enqueue, officer_emails, organisation_emails, user_email};
use crate::domain::application::Status;
use crate::domain::award::Outcome;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::format;

/// What every message about an application says about it.
#[derive(Serialize)]
struct AboutApplication {
    reference: String,
    title: String,
    organisation: String,
    round: String,
    link: String,
}

async fn about<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    app: &application::Model,
    path_suffix: &str,
) -> Result<AboutApplication, AppError> {
    let organisation = organisation::Entity::find_by_id(app.organisation_id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let round = funding_round::Entity::find_by_id(app.round_id)
        .one(conn)
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    let key = format::application_key(app);
    Ok(AboutApplication {
        reference: key.clone(),
        title: app.title.clone(),
        organisation,
        round,
        link: notifier.link(&format!("/applications/{key}{path_suffix}")),
    })
}

#[derive(Serialize)]
struct Submitted {
    app: AboutApplication,
    resubmitted: bool,
}

/// To the organisation's members: the application is in, with its reference.
pub async fn application_submitted<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    app: &application::Model,
    resubmitted: bool,
) -> Result<(), AppError> {
    let context = Submitted {
        app: about(conn, notifier, app, "").await?,
        resubmitted,
    };
    let subject = format!(
        "Application {} {}: {}",
        context.app.reference,
        if resubmitted {
            "resubmitted"
        } else {
            "submitted"
        },
        context.app.title
    );
    let to = organisation_emails(conn, app.organisation_id).await?;
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::ApplicationSubmitted,
            to,
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct Screened<'a> {
    app: AboutApplication,
    message: &'a str,
    resubmit_by: Option<String>,
}

/// To the organisation's members: returned for changes (message and date), or
/// not eligible (the reason). Other screening results send nothing.
pub async fn application_screened<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    app: &application::Model,
) -> Result<(), AppError> {
    let kind = match app.status {
        Status::Returned => Kind::ApplicationReturned,
        Status::Ineligible => Kind::ApplicationIneligible,
        _ => return Ok(()),
    };
    let message = app.officer_message.as_deref().unwrap_or_default();
    let context = Screened {
        app: about(conn, notifier, app, "").await?,
        message,
        resubmit_by: app.resubmit_by.map(format::date),
    };
    let subject = match kind {
        Kind::ApplicationReturned => format!(
            "Application {}: changes needed before it can go further",
            context.app.reference
        ),
        _ => format!("Application {}: not eligible", context.app.reference),
    };
    let to = organisation_emails(conn, app.organisation_id).await?;
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind,
            to,
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct Decided<'a> {
    app: AboutApplication,
    award: bool,
    reserve: bool,
    decline: bool,
    amount: String,
    feedback: &'a str,
}

/// To the organisation's members: an award with the link to the offer, the reserve
/// list, or a decline with its feedback.
pub async fn decision<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    app: &application::Model,
    outcome: Outcome,
    amount: i64,
    feedback: &str,
) -> Result<(), AppError> {
    let context = Decided {
        app: about(conn, notifier, app, "/decision").await?,
        award: outcome == Outcome::Award,
        reserve: outcome == Outcome::Reserve,
        decline: outcome == Outcome::Decline,
        amount: Money(amount).to_string(),
        feedback,
    };
    let subject = match outcome {
        Outcome::Award => format!(
            "Application {}: you are offered a grant of {}",
            context.app.reference, context.amount
        ),
        Outcome::Reserve => format!("Application {}: on the reserve list", context.app.reference),
        Outcome::Decline => format!("Application {}: not funded", context.app.reference),
    };
    let to = organisation_emails(conn, app.organisation_id).await?;
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::Decision,
            to,
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct Accepted<'a> {
    reference: String,
    title: &'a str,
    organisation: String,
    amount: String,
    accepted_by: &'a str,
    link: String,
}

/// To every officer: an offer was accepted, so payments and reports are scheduled.
pub async fn offer_accepted<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    app: &application::Model,
    accepted: &award::Model,
) -> Result<(), AppError> {
    let organisation = organisation::Entity::find_by_id(app.organisation_id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let context = Accepted {
        reference: format::application_key(app),
        title: &app.title,
        organisation,
        amount: Money(accepted.amount_pence).to_string(),
        accepted_by: accepted.accepted_by_name.as_deref().unwrap_or_default(),
        link: notifier.link(&format!("/officer/awards/{}", accepted.id)),
    };
    let subject = format!(
        "Offer accepted: {} ({}, {})",
        context.reference, context.organisation, context.amount
    );
    let to = officer_emails(conn).await?;
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::OfferAccepted,
            to,
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct Paid<'a> {
    app: AboutApplication,
    amount: String,
    paid_on: String,
    finance_reference: &'a str,
}

/// To the organisation's members: a payment has been made.
pub async fn payment_made<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    awarded: &award::Model,
    tranche: &payment_tranche::Model,
    paid_on: NaiveDate,
    finance_reference: &str,
) -> Result<(), AppError> {
    let Some(app) = application::Entity::find_by_id(awarded.application_id)
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    let context = Paid {
        app: about(conn, notifier, &app, "/payments").await?,
        amount: Money(tranche.amount_pence).to_string(),
        paid_on: format::date(paid_on),
        finance_reference,
    };
    let subject = format!(
        "Application {}: payment of {} made",
        context.app.reference, context.amount
    );
    let to = organisation_emails(conn, app.organisation_id).await?;
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::PaymentMade,
            to,
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct Assigned<'a> {
    name: &'a str,
    round: &'a str,
    link: String,
}

/// To the panel member: they have joined a round's panel.
pub async fn panel_assigned<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    round: &funding_round::Model,
    person: &user::Model,
) -> Result<(), AppError> {
    let context = Assigned {
        name: &person.name,
        round: &round.name,
        link: notifier.link(&format!("/panel/rounds/{}", round.slug)),
    };
    let subject = format!("You are on the panel for {}", round.name);
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::PanelAssigned,
            to: vec![person.email.clone()],
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct Reopened<'a> {
    reference: String,
    title: &'a str,
    reason: &'a str,
    link: String,
}

/// To the reviewer: their submitted review was reopened, with the reason.
pub async fn review_reopened<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    reopened: &review::Model,
    reason: &str,
) -> Result<(), AppError> {
    let Some(app) = application::Entity::find_by_id(reopened.application_id)
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    let context = Reopened {
        reference: format::application_key(&app),
        title: &app.title,
        reason,
        link: notifier.link(&format!("/panel/applications/{}", app.id)),
    };
    let subject = format!("Your review of {} has been reopened", context.reference);
    let to = user_email(conn, reopened.reviewer_id).await?;
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::ReviewReopened,
            to,
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}

/// What an invitation to join an organisation says.
pub struct Invitation<'a> {
    pub organisation: &'a str,
    pub inviter: &'a str,
    /// The address invited, as typed (trimmed, lower-cased).
    pub email: &'a str,
    /// The token that goes in the link; only its hash is stored.
    pub token: &'a str,
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct Invited<'a> {
    organisation: &'a str,
    inviter: &'a str,
    email: &'a str,
    link: String,
    expires: String,
}

/// To the address invited: a link to accept or decline joining the organisation.
/// The same message whether or not the address has an account.
pub async fn organisation_invitation<C: ConnectionTrait>(
    conn: &C,
    notifier: &Notifier,
    now: DateTime<Utc>,
    invitation: Invitation<'_>,
) -> Result<(), AppError> {
    let context = Invited {
        organisation: invitation.organisation,
        inviter: invitation.inviter,
        email: invitation.email,
        link: notifier.link(&format!("/invitations/{}", invitation.token)),
        expires: format::datetime(invitation.expires_at, notifier.tz),
    };
    let subject = format!(
        "{} has invited you to join {}",
        invitation.inviter, invitation.organisation
    );
    enqueue(
        conn,
        notifier,
        now,
        Mail {
            kind: Kind::OrganisationInvitation,
            to: vec![invitation.email.to_owned()],
            subject,
            context: &context,
            dedupe: None,
        },
    )
    .await?;
    Ok(())
}
