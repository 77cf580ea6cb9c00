//! The names and numbers the seeded scheme is made of.

use entity::application;
use entity::organisation::Kind;

pub(super) const WARDS: &[&str] = &[
    "Abbey",
    "Brookside",
    "Castle",
    "Dene",
    "Eastfield",
    "Fairview",
    "Greenhill",
    "Harbour",
    "Ivy Bank",
    "Jubilee",
    "Kingsmead",
    "Lowther",
    "Millbrook",
    "Northgate",
    "Oakwood",
    "Parkside",
    "Queensway",
    "Riverside",
    "St Mary's",
    "Town Centre",
    "Upperthorpe",
    "Valley",
    "Westfield",
    "Yewtree",
];

pub(super) const OUTCOMES: &[(&str, &str, [&str; 2])] = &[
    (
        "O1",
        "People are less isolated",
        ["People taking part", "Sessions run"],
    ),
    (
        "O2",
        "Children have a better start",
        ["Children reached", "Parents supported"],
    ),
    (
        "O3",
        "Neighbourhoods are greener",
        ["Trees planted", "Volunteer days"],
    ),
    (
        "O4",
        "People are healthier",
        ["People more active", "Health checks"],
    ),
    (
        "O5",
        "Local skills and jobs",
        ["People trained", "People into work"],
    ),
];

pub(super) const FUNDS: &[(&str, &str)] = &[
    ("Community Deal Fund", "community-deal"),
    ("Neighbourhood Investment Fund", "neighbourhood-investment"),
    ("Green Spaces Fund", "green-spaces"),
    ("Youth Opportunity Fund", "youth-opportunity"),
];

pub(super) const KINDS: &[Kind] = &[
    Kind::ConstitutedGroup,
    Kind::RegisteredCharity,
    Kind::Cio,
    Kind::CompanyLimitedByGuarantee,
    Kind::Cic,
];

pub(super) const ACTIVITIES: &[&str] = &[
    "Lunch club",
    "Youth football",
    "Community garden",
    "Digital skills café",
    "Food pantry",
    "Walking group",
    "Homework club",
    "Repair café",
    "Men's shed",
    "Parent and toddler group",
    "Allotment project",
    "Choir",
    "Befriending service",
    "Holiday meals",
    "Job club",
];

pub(super) const PLACES: &[&str] = &[
    "Brookside",
    "Castle Hill",
    "Eastfield",
    "the Harbour",
    "Millbrook",
    "Oakwood estate",
    "Riverside",
    "St Mary's",
    "the Town Centre",
    "Westfield",
];

/// Other statuses an application can be in, and how often (out of 10).
pub(super) const OTHER_STATUSES: &[application::Status] = &[
    application::Status::Draft,
    application::Status::Submitted,
    application::Status::Returned,
    application::Status::Eligible,
    application::Status::Ineligible,
    application::Status::Withdrawn,
    application::Status::Reserve,
    application::Status::Declined,
    application::Status::Declined,
    application::Status::Awarded,
];

/// The years grants were awarded in.
pub(super) const FIRST_YEAR: i32 = 2019;
pub(super) const YEARS: i32 = 8;
