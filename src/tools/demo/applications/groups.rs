//! The demo's community groups, the person who runs each one, and writing both.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::user::Role;
use entity::{organisation, organisation_member, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::lookups::Lookups;
use super::plan::days;
use super::{insert_all, missing};
use crate::domain::organisation::Kind;
use crate::error::AppError;
use crate::services::write::Write;

/// One demo organisation and its contact.
pub(super) struct Group {
    pub name: &'static str,
    pub kind: Kind,
    pub charity_number: Option<&'static str>,
    pub company_number: Option<&'static str>,
    pub postcode: &'static str,
    /// Index into the demo's twelve wards (E05011201 is 0).
    pub ward: usize,
    pub website: Option<&'static str>,
    /// The person who runs it: its owner, or a member where the demo applicant owns it.
    pub person: &'static str,
}

// A table row reads best as one call with every column in order.
#[allow(clippy::too_many_arguments)]
const fn group(
    name: &'static str,
    kind: Kind,
    charity_number: Option<&'static str>,
    company_number: Option<&'static str>,
    postcode: &'static str,
    ward: usize,
    website: Option<&'static str>,
    person: &'static str,
) -> Group {
    Group {
        name,
        kind,
        charity_number,
        company_number,
        postcode,
        ward,
        website,
        person,
    }
}

const CG: Kind = Kind::ConstitutedGroup;
const CHARITY: Kind = Kind::RegisteredCharity;
const CIO: Kind = Kind::Cio;
const CLG: Kind = Kind::CompanyLimitedByGuarantee;
const CIC: Kind = Kind::Cic;

/// The groups, in the order the plans refer to them. Groups 0 to 29 bring small
/// projects; groups 26 to 39 bring "big ideas" too.
#[rustfmt::skip]
pub(super) const GROUPS: &[Group] = &[
    group("Brookside Lunch Club", CG, None, None, "AS2 4JD", 1, None, "Margaret Okoye"),
    group("Castle Hill Juniors FC", CG, None, None, "AS3 1QT", 2, Some("https://castlehilljuniors.example"), "Tom Hargreaves"),
    group("Dunmore Community Food Bank", CHARITY, Some("1156432"), None, "AS4 7LP", 3, Some("https://dunmorefoodbank.example"), "Aisha Rahman"),
    group("Elmbridge Allotment Society", CG, None, None, "AS5 2HN", 4, None, "David Kowalski"),
    group("Fairholme Tech Help CIC", CIC, None, Some("12873456"), "AS6 3RW", 5, Some("https://fairholmetechhelp.example"), "Bev Atherton"),
    group("Greenacre Tenants and Residents Association", CG, None, None, "AS7 5BE", 6, None, "Gary Lomax"),
    group("Harrow Vale Walking Netball", CG, None, None, "AS8 6FD", 7, None, "Priya Shah"),
    group("Ingleby Men's Shed", CIO, Some("1184523"), None, "AS9 1NW", 8, Some("https://inglebyshed.example"), "Colin Birtwistle"),
    group("Kingsmead Parent and Toddler Group", CG, None, None, "AS10 2DX", 9, None, "Hannah Greenwood"),
    group("Lark Rise Community Choir", CG, None, None, "AS11 4GS", 10, None, "Mohammed Iqbal"),
    group("Millbrook Young Carers", CHARITY, Some("1109345"), None, "AS12 8PA", 11, Some("https://millbrookyoungcarers.example"), "Joan Pickering"),
    group("Abbey Fields Bowls Club", CG, None, None, "AS1 5TG", 0, None, "Sean Doyle"),
    group("St Anne's Primary School PTA", Kind::School, None, None, "AS2 9QR", 1, None, "Farah Hussain"),
    group("Castle Hill Mosque Community Kitchen", CHARITY, Some("1172219"), None, "AS3 6HU", 2, None, "Pete Winstanley"),
    group("Dunmore Debt and Benefits Advice", CLG, Some("1141567"), Some("07451236"), "AS4 3ZL", 3, Some("https://dunmoreadvice.example"), "Lucy Chen"),
    group("Elmbridge Repair Café", CG, None, None, "AS5 8NE", 4, None, "Kath Molyneux"),
    group("Friends of Fairholme Park", CG, None, None, "AS6 7JB", 5, None, "Rob Fairclough"),
    group("Greenacre Boxing Club CIC", CIC, None, Some("11564328"), "AS7 2WQ", 6, None, "Zainab Ali"),
    group("Harrow Vale Refugee Welcome", CIO, Some("1190876"), None, "AS8 3LS", 7, Some("https://hvwelcome.example"), "Mick Rigby"),
    group("Ingleby Memory Café", CG, None, None, "AS9 5PY", 8, None, "Ellie Marsden"),
    group("Kingsmead Cycle Club", CG, None, None, "AS10 7EH", 9, None, "Derek Heaton"),
    group("Lark Rise Youth Theatre", CHARITY, Some("1098812"), None, "AS11 1CF", 10, Some("https://larkriseyouththeatre.example"), "Nadia Begum"),
    group("Millbrook Community Garden", CIO, Some("1178890"), None, "AS12 4SJ", 11, None, "Steve Ashurst"),
    group("Abbey Fields Women's Group", CG, None, None, "AS1 9LD", 0, None, "Jenny Pilkington"),
    group("3rd Brookside Scout Group", CHARITY, Some("1125591"), None, "AS2 2TF", 1, None, "Kwame Mensah"),
    group("Castle Hill Carers' Circle", CG, None, None, "AS3 8RB", 2, None, "Sue Gaskell"),
    group("Ashworth Community Transport", CLG, Some("1067342"), Some("03456789"), "AS1 3XP", 0, Some("https://ashworthcommunitytransport.example"), "Ravi Patel"),
    group("Ashworth Youth Partnership", CIO, Some("1183456"), None, "AS7 1LE", 6, Some("https://ashworthyouth.example"), "Lorraine Speakman"),
    group("Ashworth Mind", CHARITY, Some("1045672"), None, "AS5 5DA", 4, Some("https://ashworthmind.example"), "Andy Cunliffe"),
    group("Kingsmead Community Association", CLG, None, Some("05672341"), "AS10 4HT", 9, None, "Fatima Noor"),
    group("Ashworth Food Partnership CIC", CIC, None, Some("13098765"), "AS4 1GF", 3, Some("https://ashworthfood.example"), "Gill Rothwell"),
    group("Millbrook Leisure Trust", CLG, Some("1089234"), Some("04328761"), "AS12 2BW", 11, Some("https://millbrookleisure.example"), "Jamal Haddad"),
    group("Ingleby Heritage Group", CG, None, None, "AS9 8KR", 8, None, "Pauline Leigh"),
    group("Elmbridge Credit Union", Kind::Other, None, None, "AS5 6UP", 4, Some("https://elmbridgecu.example"), "Chris Unsworth"),
    group("Greenacre Church Hall Trust", CHARITY, Some("1034567"), None, "AS7 9NN", 6, None, "Agnieszka Nowak"),
    group("Age Concern Ashworth", CHARITY, Some("1076543"), None, "AS6 1PE", 5, Some("https://ageconcernashworth.example"), "Barry Holcroft"),
    group("Dunmore Green Spaces CIC", CIC, None, Some("12457893"), "AS4 9WD", 3, None, "Chloe Seddon"),
    group("Harrow Vale Business Forum", Kind::Other, None, None, "AS8 1AA", 7, None, "Imran Qureshi"),
    group("Lark Rise Sports Partnership", CIO, Some("1186543"), None, "AS11 7MH", 10, None, "Val Thornley"),
    group("Ashworth Deaf Centre", CHARITY, Some("1102345"), None, "AS2 6JJ", 1, Some("https://ashworthdeafcentre.example"), "Dominic Baxter"),
];

/// The groups the demo applicant owns, so that their login shows applications in
/// several states: a draft and an eligible one, a returned one, and a big idea.
pub(super) const APPLICANT_GROUPS: &[usize] = &[0, 5, 27];

/// An email for a person: `margaret.okoye@groups.example`.
pub(super) fn email_of(person: &str) -> String {
    let local: String = person
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' => Some(c),
            ' ' | '-' => Some('.'),
            _ => None,
        })
        .collect();
    format!("{local}@groups.example")
}

/// The people who run the groups, with one password hash of a random string:
/// these accounts exist to own things, not to sign in.
pub(super) async fn seed_people(
    txn: &Write<'_>,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<HashMap<String, i32>, AppError> {
    let emails: Vec<String> = GROUPS.iter().map(|g| email_of(g.person)).collect();
    let rows = GROUPS
        .iter()
        .zip(&emails)
        .map(|(g, email)| user::ActiveModel {
            email: Set(email.clone()),
            name: Set(g.person.to_owned()),
            password_hash: Set(hash.to_owned()),
            role: Set(Role::Applicant),
            disabled: Set(false),
            failed_logins: Set(0),
            locked_until: Set(None),
            last_login_at: Set(None),
            created_at: Set(now - Duration::days(500)),
            updated_at: Set(now - Duration::days(500)),
            ..Default::default()
        })
        .collect();
    insert_all(txn, rows).await?;
    Ok(user::Entity::find()
        .filter(user::Column::Email.is_in(emails))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.email, u.id))
        .collect())
}

/// The groups and their members. Returns each group's id and its owner's user id.
pub(super) async fn seed_groups(
    txn: &Write<'_>,
    look: &Lookups,
    people: &HashMap<String, i32>,
    now: DateTime<Utc>,
) -> Result<Vec<(i32, i32)>, AppError> {
    let mut out = Vec::new();
    let mut members = Vec::new();
    for (i, g) in GROUPS.iter().enumerate() {
        let since = now - Duration::days(500) + days(i);
        let created = organisation::ActiveModel {
            name: Set(g.name.to_owned()),
            kind: Set(g.kind),
            charity_number: Set(g.charity_number.map(str::to_owned)),
            company_number: Set(g.company_number.map(str::to_owned)),
            postcode: Set(g.postcode.to_owned()),
            ward_id: Set(look.wards.get(g.ward).copied()),
            website: Set(g.website.map(str::to_owned)),
            phone: Set(Some(format!("01632 960 {:03}", 100 + i))),
            created_at: Set(since),
            updated_at: Set(since),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let person = *people
            .get(&email_of(g.person))
            .ok_or_else(|| missing("the groups' people"))?;
        let applicant_owns = APPLICANT_GROUPS.contains(&i);
        let owner = if applicant_owns {
            look.applicant.id
        } else {
            person
        };
        let member = |user_id, is_owner| organisation_member::ActiveModel {
            organisation_id: Set(created.id),
            user_id: Set(user_id),
            is_owner: Set(is_owner),
            created_at: Set(since),
            ..Default::default()
        };
        members.push(member(owner, true));
        if applicant_owns {
            members.push(member(person, false));
        }
        out.push((created.id, owner));
    }
    insert_all(txn, members).await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organisation::{
        KindRules, parse_charity_number, parse_company_number, parse_postcode,
    };

    #[test]
    fn every_demo_group_passes_the_rules_real_groups_do() {
        assert_eq!(GROUPS.len(), 40);
        for g in GROUPS {
            assert_eq!(
                parse_postcode(g.postcode),
                Ok(g.postcode.to_owned()),
                "{}",
                g.name
            );
            assert!(g.ward < 12, "{}", g.name);
            assert_eq!(
                g.kind.needs_charity_number(),
                g.kind == CHARITY || g.kind == CIO
            );
            if g.kind.needs_charity_number() {
                assert!(g.charity_number.is_some(), "{}", g.name);
            }
            if g.kind.needs_company_number() {
                assert!(g.company_number.is_some(), "{}", g.name);
            }
            if let Some(n) = g.charity_number {
                assert_eq!(parse_charity_number(n), Ok(n.to_owned()), "{}", g.name);
            }
            if let Some(n) = g.company_number {
                assert_eq!(parse_company_number(n), Ok(n.to_owned()), "{}", g.name);
            }
        }
    }

    #[test]
    fn people_get_plain_addresses_and_no_two_share_one() {
        assert_eq!(email_of("Margaret Okoye"), "margaret.okoye@groups.example");
        let mut emails: Vec<String> = GROUPS.iter().map(|g| email_of(g.person)).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), GROUPS.len());
    }
}
