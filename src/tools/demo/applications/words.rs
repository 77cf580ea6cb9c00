//! Words the demo reuses: answers to the round's shared questions, and what officers wrote.

/// Answers to "How have the people who will benefit helped shape the project?".
pub(super) const SHAPED: &[&str] = &[
    "We asked our members at the AGM what they wanted most, and this came top of the vote.",
    "Two of our committee members use the service themselves, and we ran a survey of everyone who came last year.",
    "Residents came to three planning evenings and chose the days, the times and the activities.",
    "The young people ran their own consultation with their friends and presented the results to our trustees.",
    "We held a coffee morning to test the idea; the people who came are now our first volunteers.",
    "Our users' panel meets every quarter and helped write this application.",
];

/// Answers to "How did you hear about the fund?" (its choices).
pub(super) const HEARD: &[&str] = &[
    "Council website",
    "Another group",
    "Social media",
    "A council officer",
    "Other",
];

/// Reasons an officer gave for "not eligible".
pub(super) const REASONS: &[&str] = &[
    "The project would mainly benefit people outside Ashworth, and the fund can only pay for work in the borough.",
    "This is building work to the hall. This round does not fund capital works: please apply to the Community spaces round, which opens soon.",
    "Your group is an association of businesses, and the fund supports not-for-profit community groups only.",
    "The costs include paying back money already spent. The fund cannot pay for anything bought before a grant is agreed.",
    "The group does not yet have a bank account in its own name with two unrelated people to sign. The community voluntary service can help you open one.",
];

/// Messages an officer sent with "return for changes".
pub(super) const RETURN_MESSAGES: &[&str] = &[
    "Thank you for your application. Please break the \"other\" costs down into separate lines, and tell us how many sessions the hall hire covers.",
    "Please tell us where the rest of the money for the project will come from, and whether it is secured yet.",
    "Please add the targets you expect for the outcomes you have chosen: at least one number for each outcome.",
];
